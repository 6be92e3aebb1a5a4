//! walker: the one way the site's files are found and read, by build, cache and preview alike,
//! and the one way the folders notis writes (output, staging, caches) are listed.
//!
//! Invariant: nothing outside the site root is read. A CI builds whatever a
//! contributor pushes, so a symlink such as `static/env.txt -> /proc/self/environ`
//! must be refused, not published. Symlinks that stay inside the root work;
//! loops are reported. Hidden files and editor temporaries are skipped quietly.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diag::error::{Diagnostic, display_path};
use crate::diag::messages;

/// The site root, resolved once, that every read is checked against.
#[derive(Debug, Clone)]
pub struct Walker {
    /// The root as the user gave it (paths in messages are relative to it).
    root: PathBuf,
    /// The root with every symlink resolved, for the containment check.
    real_root: PathBuf,
}

impl Walker {
    /// A walker for the site at `root`; a root that cannot be resolved is used as given.
    pub fn new(root: &Path) -> Walker {
        Walker {
            root: root.to_path_buf(),
            real_root: fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
        }
    }

    /// Every file under `dir` (relative to the root), sorted, as absolute paths through the root.
    /// A missing folder is empty: every folder but content/ is optional.
    /// Refused symlinks, loops and unreadable folders become errors in `errors`.
    pub fn files(&self, dir: &str, errors: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
        let start = self.root.join(dir);
        match fs::symlink_metadata(&start) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Vec::new(),
            Err(e) => {
                errors.push(self.io_error(&start, &e));
                return Vec::new();
            }
            Ok(_) => {}
        }
        // The folder itself (or a folder above it) may be a symlink.
        if let Err(d) = self.inside(&start) {
            errors.push(d);
            return Vec::new();
        }
        let mut out = Vec::new();
        let first_error = errors.len();
        // Sorted once at the end, by bytes, rather than per folder by walkdir, which parses
        // the last component of both paths on every comparison (so does `Path`'s own order):
        // that was a tenth of a preview update at 10 000 articles. Same order as walkdir's.
        let mut walk = walkdir::WalkDir::new(&start).follow_links(true).into_iter();
        while let Some(entry) = walk.next() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    errors.push(self.walk_error(&e));
                    continue;
                }
            };
            if entry.depth() > 0 && is_skipped(&entry.file_name().to_string_lossy()) {
                if entry.file_type().is_dir() {
                    walk.skip_current_dir();
                }
                continue;
            }
            // Only a symlink can lead out: a plain entry lies in a folder already checked.
            if entry.path_is_symlink()
                && let Err(d) = self.inside(entry.path())
            {
                errors.push(d);
                if entry.file_type().is_dir() {
                    walk.skip_current_dir();
                }
                continue;
            }
            if entry.file_type().is_file() {
                out.push(entry.into_path());
            }
        }
        out.sort_unstable_by(|a, b| path_order(a, b));
        errors[first_error..].sort_by(|a, b| a.path.cmp(&b.path));
        out
    }

    /// Reads the file at `rel` (relative to the root): `Ok(None)` when it does not exist,
    /// an error when it cannot be read or resolves outside the site.
    pub fn read(&self, rel: &str) -> Result<Option<Vec<u8>>, Diagnostic> {
        let path = self.root.join(rel);
        match fs::symlink_metadata(&path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(self.io_error(&path, &e)),
            Ok(_) => {}
        }
        self.inside(&path)?;
        fs::read(&path).map(Some).map_err(|e| self.io_error(&path, &e))
    }

    /// Whether something is at `rel` (relative to the root), without reading it.
    pub fn exists(&self, rel: &str) -> bool {
        fs::symlink_metadata(self.root.join(rel)).is_ok()
    }

    /// Whether `rel` (relative to the root) is a folder.
    pub fn is_folder(&self, rel: &str) -> bool {
        fs::metadata(self.root.join(rel)).is_ok_and(|m| m.is_dir())
    }

    /// Checks that `path`, with every symlink followed, lies inside the site root.
    pub fn inside(&self, path: &Path) -> Result<(), Diagnostic> {
        let shown = display_path(&self.root, path);
        match fs::canonicalize(path) {
            Ok(real) if real.starts_with(&self.real_root) => Ok(()),
            Ok(real) => Err(Diagnostic::error(
                shown,
                messages::outside_site(&clean_text(&real.display().to_string())),
            )),
            Err(e) if e.raw_os_error() == Some(40) => Err(self.loop_error(path)),
            Err(e) => Err(self.io_error(path, &e)),
        }
    }

    fn walk_error(&self, e: &walkdir::Error) -> Diagnostic {
        let path = e.path().unwrap_or(&self.root);
        if e.loop_ancestor().is_some() {
            return self.loop_error(path);
        }
        match e.io_error() {
            Some(io) if io.raw_os_error() == Some(40) => self.loop_error(path),
            Some(io) => self.io_error(path, io),
            None => self.io_error(path, &io::Error::other(e.to_string())),
        }
    }

    fn loop_error(&self, path: &Path) -> Diagnostic {
        Diagnostic::error(display_path(&self.root, path), messages::symlink_loop())
    }

    fn io_error(&self, path: &Path, e: &io::Error) -> Diagnostic {
        let broken_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        Diagnostic::error(display_path(&self.root, path), messages::cannot_read(e, broken_link))
    }
}

/// Visits every entry under `dir`, a folder notis wrote (an output, a staging folder, a
/// cache): its path relative to `dir` and whether it is a folder, a folder after what it
/// holds (so it can be removed once emptied). Nothing is skipped, no symlink is followed
/// (notis writes none), and the first error ends the walk: a listing with a hole would
/// make a cache record or a clean-up that lies.
pub fn each_written(dir: &Path, mut visit: impl FnMut(&Path, bool)) -> io::Result<()> {
    each_entry(dir, |rel, kind| visit(rel, kind.is_dir()))
}

/// `each_written` with each entry's own type (a symbolic link is not followed: it is a link).
pub fn each_entry(dir: &Path, mut visit: impl FnMut(&Path, std::fs::FileType)) -> io::Result<()> {
    for entry in walkdir::WalkDir::new(dir).min_depth(1).contents_first(true) {
        let entry = entry?;
        let rel = entry.path().strip_prefix(dir).map_err(io::Error::other)?;
        visit(rel, entry.file_type());
    }
    Ok(())
}

/// What `entries_on_all_cores` finds: (path, is a folder) for files and folders, and the
/// paths of anything else.
pub type Entries = (Vec<(String, bool)>, Vec<String>);

/// Every entry under `dir`, a folder notis wrote, listed on every core: `/`-separated
/// relative paths, each with whether it is a folder, folders after what they hold (the
/// order of a folder's entries is the system's). Anything that is neither a file nor a
/// folder (a link) is listed in the second list instead. A folder of an output holds one
/// folder per article, so a walk on one thread spends most of its time waiting for the
/// next folder to be read.
pub fn entries_on_all_cores(dir: &Path) -> io::Result<Entries> {
    use rayon::prelude::*;
    let mut found = Vec::new();
    let mut strange = Vec::new();
    let mut folders = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let rel = entry.file_name().to_string_lossy().into_owned();
        if kind.is_dir() {
            folders.push(rel);
        } else if kind.is_file() {
            found.push((rel, false));
        } else {
            strange.push(rel);
        }
    }
    let below: Vec<io::Result<Entries>> = folders
        .par_iter()
        .map(|name| {
            let (inner, odd) = entries_on_all_cores(&dir.join(name))?;
            let prefix = |rel: String| format!("{name}/{rel}");
            let mut inner: Vec<(String, bool)> = inner.into_iter().map(|(rel, d)| (prefix(rel), d)).collect();
            inner.push((name.clone(), true));
            Ok((inner, odd.into_iter().map(prefix).collect()))
        })
        .collect();
    for result in below {
        let (inner, odd) = result?;
        found.extend(inner);
        strange.extend(odd);
    }
    Ok((found, strange))
}

/// Every file (anything not a folder) under `dir`, a folder notis wrote, as `/`-separated
/// relative paths in the order of a walk by name.
pub fn written_files(dir: &Path) -> io::Result<Vec<String>> {
    let mut files = Vec::new();
    each_written(dir, |rel, is_dir| {
        if !is_dir {
            files.push(display_path(Path::new(""), rel));
        }
    })?;
    files.sort_unstable_by(|a, b| path_order(Path::new(a), Path::new(b)));
    Ok(files)
}

/// The order of a depth-first walk with each folder's entries sorted by name, for clean
/// paths: bytes, except that a separator sorts before everything (`a/b` before `a-b`).
pub fn path_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let (a, b) = (a.as_os_str().as_encoded_bytes(), b.as_os_str().as_encoded_bytes());
    let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let rank = |byte: Option<&u8>| {
        byte.map(|&c| {
            if std::path::is_separator(c as char) {
                0
            } else {
                u16::from(c) + 1
            }
        })
    };
    rank(a.get(same)).cmp(&rank(b.get(same)))
}

/// Hidden files and the temporaries editors leave beside a file being edited
/// (`a.md~`, `.a.md.swp`, `.#a.md`, `#a.md#`).
pub fn is_skipped(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || (name.starts_with('#') && name.ends_with('#'))
}

/// Text with control characters shown as escapes, safe to print to a terminal.
pub fn clean_text(s: &str) -> String {
    crate::diag::error::escape_controls(s)
}

/// Reads a site file for a code frame; `None` when it cannot be read.
pub fn source_reader(root: &Path) -> impl Fn(&str) -> Option<String> + use<> {
    // Through the walker: a symlink out of the site must not have its first line shown.
    let walker = Walker::new(root);
    move |rel: &str| {
        walker
            .read(rel)
            .ok()
            .flatten()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_sort_as_a_walk_by_name_would() {
        let mut paths: Vec<PathBuf> = ["a-b/c", "a/b", "a", "b", "a/b/c", "a.md", "ä", "A"]
            .iter()
            .map(PathBuf::from)
            .collect();
        paths.sort_by(|a, b| path_order(a, b));
        let mut by_components = paths.clone();
        by_components.sort();
        assert_eq!(paths, by_components);
    }

    #[test]
    fn editor_temporaries_are_skipped() {
        for name in ["a.md~", ".a.md.swp", "a.md.swp", ".#a.md", "#a.md#", ".git"] {
            assert!(is_skipped(name), "{name}");
        }
        for name in ["a.md", "bild.jpg", "#hashtag.md"] {
            assert!(!is_skipped(name), "{name}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_root_are_refused_and_inside_ones_work() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("hemlig.txt"), "TOKEN").unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("static/sub")).unwrap();
        fs::write(root.join("static/a.txt"), "a").unwrap();
        std::os::unix::fs::symlink(outside.path().join("hemlig.txt"), root.join("static/env.txt")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("static/ut")).unwrap();
        std::os::unix::fs::symlink(root.join("static/a.txt"), root.join("static/sub/b.txt")).unwrap();
        std::os::unix::fs::symlink(root.join("static"), root.join("static/sub/slinga")).unwrap();
        let w = Walker::new(root);
        let mut errors = Vec::new();
        let files: Vec<String> = w
            .files("static", &mut errors)
            .iter()
            .map(|p| display_path(root, p))
            .collect();
        assert_eq!(files, ["static/a.txt", "static/sub/b.txt"]);
        let mut named: Vec<&str> = errors.iter().map(|d| d.path.as_str()).collect();
        named.sort();
        assert_eq!(
            named,
            ["static/env.txt", "static/sub/slinga", "static/ut"],
            "{errors:?}"
        );
        assert!(w.read("static/env.txt").is_err());
        assert_eq!(w.read("static/sub/b.txt").unwrap().unwrap(), b"a");
        assert_eq!(w.read("static/saknas.txt").unwrap(), None);
    }
}
