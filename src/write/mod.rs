//! write: put the built site on disk without ever losing a page or someone's folder.
//!
//! `OutputFolder::claim` decides whether notis may replace the output folder at all: only
//! one that is absent, empty, or carries notis's marker file, and never the site itself
//! or one of its source folders. It takes an exclusive lock so that two builds of one
//! output run one after the other. The new site is written into a staging folder beside
//! the output; files whose bytes did not change are hard-linked from the old output (same
//! inode and mtime, so rsync moves only what changed) and are never opened for writing.
//! Only when every file is written is the staging folder exchanged with the output in one
//! step (`renameat2(RENAME_EXCHANGE)` on Linux), so the output is never missing; a failed
//! build leaves the old output untouched.
//!
//! The old output is not deleted after the exchange: it is kept beside the output as the
//! spare (`.public.notis-spare`), and the next build stages into it. Its folders are
//! there already and most of its files are the live output's files (hard links), so a
//! one-article edit makes no folders and removes none, where a staging folder made anew
//! makes one folder per article and deleting the old output removes as many — most of an
//! edit's time on ext4. Every file of the spare is either the very file the live output
//! holds with the new bytes, or replaced whole by a new file renamed over it; nothing is
//! written into a file of the spare, since it may be a link to a live one.

pub mod archive;
pub mod cache;
#[cfg(feature = "search")]
mod extracts;
mod in_place;
pub mod search;
#[cfg(feature = "search")]
mod search_view;

use std::borrow::Cow;
use std::collections::HashSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::diag::messages::IoStep;
use crate::model::routes::OUTPUT_MARKER;
use crate::render::OutputFile;

const MARKER_TEXT: &str = "This folder is written by `notis build`, which replaces it whole on every build.\n\
     Do not keep other files here: put them in the site's static/ folder.\n";

/// Why notis will not write to an output folder.
#[derive(Debug)]
pub enum Refusal {
    /// The folder is the site, contains it, or is one of its source folders.
    SourceFolder(PathBuf),
    /// The folder holds files notis did not write.
    Foreign {
        folder: PathBuf,
        example: String,
    },
    /// Not a folder at all.
    NotAFolder(PathBuf),
    /// A staging folder or backup beside the output is not notis's.
    ForeignLeftover(PathBuf),
    Io(IoStep, PathBuf, io::Error),
}

/// An output folder this build may replace, locked for the build's whole length.
#[derive(Debug)]
pub struct OutputFolder {
    /// The real folder (a symlinked `public` resolves to its target, so the link keeps working).
    path: PathBuf,
    _lock: fs::File,
}

impl OutputFolder {
    /// Checks that `output` may be replaced and locks it; waits (calling `waiting` once) while
    /// another build of the same output runs.
    pub fn claim(root: &Path, output: &Path, waiting: impl FnOnce()) -> Result<OutputFolder, Refusal> {
        let path = resolve(output).map_err(|e| Refusal::Io(IoStep::Find, output.to_path_buf(), e))?;
        refuse_source_folder(root, &path)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Refusal::Io(IoStep::Create, parent.to_path_buf(), e))?;
        }
        let lock_path = sibling(&path, "lock");
        let lock = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| Refusal::Io(IoStep::Create, lock_path.to_path_buf(), e))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                waiting();
                lock.lock()
                    .map_err(|e| Refusal::Io(IoStep::Lock, lock_path.to_path_buf(), e))?;
            }
            Err(fs::TryLockError::Error(e)) => return Err(Refusal::Io(IoStep::Lock, lock_path.to_path_buf(), e)),
        }
        // Checked under the lock: another build may have just made it.
        check_is_ours(&path)?;
        Ok(OutputFolder { path, _lock: lock })
    }

    /// The real output folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Starts a staging folder beside the output: the spare (the output before last) when
    /// there is one, else a new folder.
    pub fn stage(&self) -> Result<Staging<'_>, Refusal> {
        let staging = sibling(&self.path, "staging");
        clear_leftover(&staging)?;
        clear_leftover(&sibling(&self.path, "old"))?;
        let shown = staging.clone();
        let io = |e| Refusal::Io(IoStep::Create, shown.clone(), e);
        let found = if take_spare(&sibling(&self.path, SPARE), &staging, &self.path)? {
            survey(&staging).map_err(io)?
        } else {
            fs::create_dir_all(&staging).map_err(io)?;
            Vec::new()
        };
        let staging = Staging {
            output: self,
            staging,
            found,
            written: Mutex::new(HashSet::new()),
            next_tmp: AtomicUsize::new(0),
        };
        // First, so a build killed from here on leaves a folder that is notis's.
        staging
            .write(&OutputFile {
                path: OUTPUT_MARKER.to_string(),
                bytes: MARKER_TEXT.as_bytes().to_vec(),
            })
            .map_err(io)?;
        Ok(staging)
    }
}

/// `public` → `.public.notis-{what}` in the same parent folder (same file system, so renames work).
pub fn sibling(output: &Path, what: &str) -> PathBuf {
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = output
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    parent.join(format!(".{name}.notis-{what}"))
}

/// The absolute, real path of the output: a symlink is followed to its target; a folder that
/// does not exist yet is placed under its nearest existing ancestor's real path. Nothing is
/// made here: `a/../www` with no `a` must not leave an `a` behind.
pub(crate) fn resolve(output: &Path) -> io::Result<PathBuf> {
    resolve_link(&std::path::absolute(output)?, 0)
}

fn resolve_link(absolute: &Path, depth: usize) -> io::Result<PathBuf> {
    if let Ok(real) = fs::canonicalize(absolute) {
        return Ok(real);
    }
    if let (Some(parent), Ok(target)) = (absolute.parent(), fs::read_link(absolute)) {
        // A dangling symlink: build where it points (a loop of them is the system's error).
        if depth > 40 {
            return Err(io::Error::from_raw_os_error(40));
        }
        return resolve_link(&parent.join(target), depth + 1);
    }
    let parts: Vec<_> = absolute.components().collect();
    for existing in (1..parts.len()).rev() {
        let Ok(mut real) = fs::canonicalize(parts[..existing].iter().collect::<PathBuf>()) else {
            continue;
        };
        // What follows does not exist, so it holds no symlink: `..` may be taken by name.
        for part in &parts[existing..] {
            match part {
                std::path::Component::ParentDir => {
                    real.pop();
                }
                std::path::Component::Normal(name) => real.push(name),
                _ => {}
            }
        }
        return Ok(real);
    }
    Ok(absolute.to_path_buf())
}

/// The site root, a folder containing it, and the folders notis reads are never an output.
fn refuse_source_folder(root: &Path, output: &Path) -> Result<(), Refusal> {
    let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let sources = ["content", "static", "templates", "theme"].map(|d| root.join(d));
    if root.starts_with(output) || sources.iter().any(|s| output.starts_with(s)) {
        return Err(Refusal::SourceFolder(output.to_path_buf()));
    }
    Ok(())
}

/// An existing output must be empty or carry notis's marker. Only the marker inside the
/// folder counts: a build record beside it says only that notis once wrote a folder there.
fn check_is_ours(path: &Path) -> Result<(), Refusal> {
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Refusal::Io(IoStep::Read, path.to_path_buf(), e)),
    };
    if !meta.is_dir() {
        return Err(Refusal::NotAFolder(path.to_path_buf()));
    }
    if path.join(OUTPUT_MARKER).is_file() {
        return Ok(());
    }
    let mut entries = fs::read_dir(path).map_err(|e| Refusal::Io(IoStep::Read, path.to_path_buf(), e))?;
    match entries.next() {
        None => Ok(()),
        Some(entry) => Err(Refusal::Foreign {
            folder: path.to_path_buf(),
            example: entry.map_or_else(|_| "?".into(), |e| e.file_name().to_string_lossy().into_owned()),
        }),
    }
}

/// The name of the previous output kept beside the output for the next build to stage into.
const SPARE: &str = "spare";

/// A staging folder or backup left by a build that was killed is removed — if it is notis's.
fn clear_leftover(path: &Path) -> Result<(), Refusal> {
    if is_ours(path)? {
        remove_work_folder(path).map_err(|e| Refusal::Io(IoStep::Remove, path.to_path_buf(), e))?;
    }
    Ok(())
}

/// Whether a work folder is there and notis's (it carries the marker, or is empty); an
/// error when something else has its name.
fn is_ours(path: &Path) -> Result<bool, Refusal> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Refusal::Io(IoStep::Read, path.to_path_buf(), e)),
        Ok(meta) if meta.is_dir() && (path.join(OUTPUT_MARKER).is_file() || is_empty_dir(path)) => Ok(true),
        Ok(_) => Err(Refusal::ForeignLeftover(path.to_path_buf())),
    }
}

/// Moves the spare (when there is one and it is notis's) to the staging name; false when
/// there is none, and the staging folder starts empty.
/// It opens to others as the output does, since after the swap it is the output.
fn take_spare(spare: &Path, staging: &Path, output: &Path) -> Result<bool, Refusal> {
    if !is_ours(spare)? {
        return Ok(false);
    }
    if fs::rename(spare, staging).is_ok() {
        let mode = fs::metadata(output).map(|m| m.permissions());
        if let Ok(mode) = mode
            && fs::set_permissions(staging, mode).is_ok()
        {
            return Ok(true);
        }
        clear_leftover(staging)?;
        return Ok(false);
    }
    clear_leftover(spare)?;
    Ok(false)
}

/// Makes `spare` the spare: a folder only its owner may enter. It holds the output before
/// last, pages since removed or corrected among them, so a web server whose root holds the
/// output's folder must not serve it. Removed where it cannot be kept so.
fn make_spare(old: &Path, spare: &Path) -> io::Result<()> {
    #[cfg(unix)]
    let private = {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(old, fs::Permissions::from_mode(0o700))
    };
    #[cfg(not(unix))]
    let private: io::Result<()> = Ok(());
    match private.and_then(|()| fs::rename(old, spare)) {
        Ok(()) => Ok(()),
        Err(_) => remove_work_folder(old),
    }
}

/// What a recycled staging folder holds, folders after their contents; anything that is
/// neither a file nor a folder (notis writes no links) is removed first, so no write can
/// go through it.
fn survey(staging: &Path) -> io::Result<Vec<(String, bool)>> {
    let (found, strange) = crate::content::walker::entries_on_all_cores(staging)?;
    for rel in strange {
        fs::remove_file(staging.join(rel))?;
    }
    // A new file's name (`tmp`) must be free: one left there is nobody's.
    let (taken, found): (Vec<_>, Vec<_>) = found
        .into_iter()
        .partition(|(rel, _)| rel.starts_with(TMP_PREFIX) && !rel.contains('/'));
    for (rel, is_dir) in taken {
        match is_dir {
            true => fs::remove_dir_all(staging.join(rel))?,
            false => fs::remove_file(staging.join(rel))?,
        }
    }
    Ok(found)
}

/// How the names of new files on their way in begin.
const TMP_PREFIX: &str = ".notis-new-";

fn is_empty_dir(path: &Path) -> bool {
    fs::read_dir(path).is_ok_and(|mut d| d.next().is_none())
}

/// Removes a work folder (or an old output) of notis's so that a build killed at any moment
/// of it leaves a folder the next build still knows as notis's: the marker goes last, and
/// after it only an empty folder is left. (Removing it whole, in the order the folder lists
/// its entries, could take the marker first and leave someone's-looking files behind.)
fn remove_work_folder(path: &Path) -> io::Result<()> {
    for entry in fs::read_dir(path)? {
        let entry = entry?;
        if entry.file_name() == OUTPUT_MARKER {
            continue;
        }
        if entry.file_type()?.is_dir() {
            fs::remove_dir_all(entry.path())?;
        } else {
            fs::remove_file(entry.path())?;
        }
    }
    match fs::remove_file(path.join(OUTPUT_MARKER)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    fs::remove_dir(path)
}

/// How the new site took the old one's place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replaced {
    /// Swapped in whole, in one step (or put where there was none).
    Whole,
    /// The output is a mount point, which cannot be renamed: replaced file by file.
    FileByFile,
}

/// A build's output folder being prepared.
pub struct Staging<'a> {
    output: &'a OutputFolder,
    staging: PathBuf,
    /// What the folder held when this build took it (the spare: the output before last),
    /// folders after their contents; what this build does not write goes before the swap.
    found: Vec<(String, bool)>,
    /// Every file this build put in, relative to the folder.
    written: Mutex<HashSet<String>>,
    /// Numbers the new files, each written under a name of its own and renamed into place.
    next_tmp: AtomicUsize,
}

impl Staging<'_> {
    /// The staging folder, for steps that read the site back (the search indexer).
    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// Writes one file into staging, reusing the old output's file if identical.
    /// Returns true when the bytes differ from the old output. A file is never written
    /// twice: the second attempt fails instead of writing through a hard link.
    pub fn write(&self, file: &OutputFile) -> io::Result<bool> {
        self.claim(&file.path)?;
        let old = self.output.path.join(&file.path);
        let unchanged = holds(&old, file.bytes.len() as u64, || Some(Cow::Borrowed(&file.bytes)));
        if unchanged && self.link_in(&file.path, &old)? {
            return Ok(false);
        }
        // No link across file systems (an output that is a mount point): a copy, still unchanged.
        self.write_in(&file.path, &file.bytes)?;
        Ok(!unchanged)
    }

    /// Copies a static file into staging (hard link when unchanged, like `write`).
    pub fn copy(&self, rel: &str, source: &Path) -> io::Result<bool> {
        let bytes = fs::read(source)?;
        self.write(&OutputFile {
            path: rel.to_string(),
            bytes,
        })
    }

    /// Hard-links a file that is never rewritten in place (the search bundle in the cache)
    /// into staging, copying where links cannot be made. An identical file in the old
    /// output is linked instead, so a rebuilt cache does not count as a changed site.
    /// True when the old output did not already hold these bytes.
    pub fn link(&self, rel: &str, source: &Path) -> io::Result<bool> {
        self.claim(rel)?;
        let old = self.output.path.join(rel);
        let unchanged = same_file(&old, source) || holds_file(&old, source);
        if unchanged && self.link_in(rel, &old)? {
            return Ok(false);
        }
        if !self.link_in(rel, source)? {
            self.write_in(rel, &fs::read(source)?)?;
        }
        Ok(!unchanged)
    }

    /// Records that this build puts `rel` in; an error the second time.
    fn claim(&self, rel: &str) -> io::Result<()> {
        let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        if written.insert(rel.to_string()) {
            Ok(())
        } else {
            Err(io::Error::new(io::ErrorKind::AlreadyExists, rel.to_string()))
        }
    }

    /// Makes `rel` a link to `source`, the live output's file or the cache's (nothing to
    /// do when the spare's file already is one); false when no link can be made there.
    fn link_in(&self, rel: &str, source: &Path) -> io::Result<bool> {
        let target = self.staging.join(rel);
        // Straight in where nothing is in the way (a new staging folder, a new page).
        match self.first_try(rel, || fs::hard_link(source, &target)) {
            Ok(true) => return Ok(true),
            Ok(false) if same_file(source, &target) => return Ok(true),
            Ok(false) => {}
            Err(_) => return Ok(false),
        }
        let tmp = self.tmp();
        if fs::hard_link(source, &tmp).is_err() {
            return Ok(false);
        }
        self.put(&tmp, rel).map(|()| true)
    }

    /// Writes `bytes` as `rel`: straight into a new file where there is none, else into a
    /// new file renamed over the one there (which may be a link to a live file).
    fn write_in(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let target = self.staging.join(rel);
        if self.first_try(rel, || write_new(&target, bytes))? {
            return Ok(());
        }
        let tmp = self.tmp();
        if let Err(e) = write_new(&tmp, bytes) {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
        self.put(&tmp, rel)
    }

    /// Runs `make`, which creates `rel` and fails when something is there; when a folder
    /// above it is missing (or is a file), clears the way and runs it again. False when
    /// something is at `rel` already.
    fn first_try(&self, rel: &str, make: impl Fn() -> io::Result<()>) -> io::Result<bool> {
        let missing = |e: &io::Error| matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory);
        let made = match make() {
            Err(e) if missing(&e) => clear_way(&self.staging, rel).and_then(|()| make()),
            done => done,
        };
        match made {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// A new name for a file on its way in, at the top of the staging folder.
    fn tmp(&self) -> PathBuf {
        let n = self.next_tmp.fetch_add(1, Ordering::Relaxed);
        self.staging.join(format!("{TMP_PREFIX}{n}"))
    }

    /// Renames `tmp` to `rel`, first making its folders and clearing what is in the way: the
    /// spare may have a folder where this build puts a file, or a file where it needs a folder.
    fn put(&self, tmp: &Path, rel: &str) -> io::Result<()> {
        let target = self.staging.join(rel);
        if fs::rename(tmp, &target).is_ok() {
            return Ok(());
        }
        let moved = clear_way(&self.staging, rel).and_then(|()| fs::rename(tmp, &target));
        if moved.is_err() {
            let _ = fs::remove_file(tmp);
        }
        moved
    }

    /// Removes the files and folders the spare held that this build has not put in, among
    /// those `select` names (relative paths): before the search indexer reads the pages,
    /// everything but the search bundle, which comes after it; the rest before the swap.
    pub fn clear_stale(&self, select: impl Fn(&str) -> bool) -> io::Result<()> {
        let written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        let mut needed: HashSet<&str> = HashSet::new();
        for rel in written.iter() {
            let mut at = rel.as_str();
            while let Some((parent, _)) = at.rsplit_once('/') {
                if !needed.insert(parent) {
                    break;
                }
                at = parent;
            }
        }
        for (rel, is_dir) in self.found.iter().filter(|(rel, _)| select(rel)) {
            let path = self.staging.join(rel);
            if written.contains(rel) || needed.contains(rel.as_str()) {
                continue;
            }
            let gone = match is_dir {
                true => fs::remove_dir(&path),
                false => fs::remove_file(&path),
            };
            match gone {
                // Already replaced by this build (a folder that became a file, or the reverse).
                Err(e) if matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => {}
                done => done?,
            }
        }
        Ok(())
    }

    /// Puts the staging folder in place of the output: in one step where the OS can, file
    /// by file where the output is a mount point. On failure the staging folder is removed.
    pub fn commit(self) -> io::Result<Replaced> {
        let done = self.clear_stale(|_| true).and_then(|()| self.swap());
        if done.is_err() {
            let _ = remove_work_folder(&self.staging);
        }
        done
    }

    fn swap(&self) -> io::Result<Replaced> {
        let output = &self.output.path;
        if fs::symlink_metadata(output).is_err() {
            fs::rename(&self.staging, output)?;
            return Ok(Replaced::Whole);
        }
        match exchange(&self.staging, output) {
            Ok(()) => {
                // The staging name now holds the old output: the next build's spare.
                self.keep_spare(&self.staging)?;
                return Ok(Replaced::Whole);
            }
            Err(e) if in_place::is_mount_point(&e) => return self.replace_in_place(),
            Err(_) => {}
        }
        // No atomic exchange here (not Linux, or a file system without it): two renames,
        // with a short moment in which the output is missing.
        let backup = sibling(output, "old");
        match fs::rename(output, &backup) {
            Err(e) if in_place::is_mount_point(&e) => return self.replace_in_place(),
            done => done?,
        }
        if let Err(e) = fs::rename(&self.staging, output) {
            let _ = fs::rename(&backup, output);
            return Err(e);
        }
        self.keep_spare(&backup)?;
        Ok(Replaced::Whole)
    }

    /// Keeps the old output, now at `old`, as the spare; removes it where it cannot be kept.
    fn keep_spare(&self, old: &Path) -> io::Result<()> {
        make_spare(old, &sibling(&self.output.path, SPARE))
    }

    /// The output cannot be renamed (a mount point): its contents are replaced instead.
    fn replace_in_place(&self) -> io::Result<Replaced> {
        in_place::replace(&self.staging, &self.output.path)?;
        remove_work_folder(&self.staging)?;
        Ok(Replaced::FileByFile)
    }

    /// Throws the staging folder away; the old output stays as it was. The folder is kept
    /// as the spare (whatever it holds, the next build puts each file right); what cannot
    /// be kept or removed now is removed by the next build.
    pub fn abort(self) {
        let _ = make_spare(&self.staging, &sibling(&self.output.path, SPARE));
    }
}

/// Creates `path` (never opening a file that is there) and writes `bytes` into it.
fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    fs::File::create_new(path)?.write_all(bytes)
}

/// Makes the folders above `rel` in `staging`, replacing a file where a folder goes, and
/// removes a folder where `rel` itself goes. Several threads may clear one path at once.
fn clear_way(staging: &Path, rel: &str) -> io::Result<()> {
    let mut at = staging.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    for part in &parts[..parts.len() - 1] {
        at.push(part);
        match fs::symlink_metadata(&at) {
            Ok(m) if m.is_dir() => continue,
            Ok(_) => match fs::remove_file(&at) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                _ => {}
            },
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        match fs::create_dir(&at) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && at.is_dir() => {}
            done => done?,
        }
    }
    let target = staging.join(rel);
    if fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
        fs::remove_dir_all(&target)?;
    }
    Ok(())
}

/// Whether `old` is a plain file holding exactly the bytes `new` gives. The sizes are
/// compared first, and `new` is asked for only when they agree, so most changed files are
/// never read. The one comparison of old and new: writing, linking and the file-by-file
/// replacement all ask it.
fn holds<'a>(old: &Path, len: u64, new: impl FnOnce() -> Option<Cow<'a, [u8]>>) -> bool {
    fs::symlink_metadata(old).is_ok_and(|m| m.is_file() && m.len() == len)
        && new().zip(fs::read(old).ok()).is_some_and(|(new, old)| *new == *old)
}

/// `holds` for new bytes that are in a file.
fn holds_file(old: &Path, new: &Path) -> bool {
    fs::metadata(new).is_ok_and(|m| holds(old, m.len(), || fs::read(new).ok().map(Cow::Owned)))
}

/// Whether two paths are links to one file (same device and inode), so nothing need be read.
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (fs::metadata(a), fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    fn claim(out: &Path) -> OutputFolder {
        let root = out.parent().unwrap().join("site");
        fs::create_dir_all(&root).unwrap();
        OutputFolder::claim(&root, out, || {}).unwrap()
    }

    #[test]
    fn unchanged_files_keep_their_inode_and_aborted_builds_change_nothing() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let folder = claim(&out);
        let s = folder.stage().unwrap();
        assert!(s.write(&file("a/index.html", "A")).unwrap());
        assert!(s.write(&file("b.txt", "B")).unwrap());
        s.commit().unwrap();
        let inode = fs::metadata(out.join("a/index.html")).unwrap().ino();

        let s = folder.stage().unwrap();
        assert!(!s.write(&file("a/index.html", "A")).unwrap());
        assert!(
            s.write(&file("a/index.html", "other").clone()).is_err(),
            "a second write must fail"
        );
        assert_eq!(
            fs::read_to_string(out.join("a/index.html")).unwrap(),
            "A",
            "live file not truncated"
        );
        assert!(s.write(&file("b.txt", "B2")).unwrap());
        s.commit().unwrap();
        assert_eq!(fs::metadata(out.join("a/index.html")).unwrap().ino(), inode);
        assert_eq!(fs::read_to_string(out.join("b.txt")).unwrap(), "B2");

        let s = folder.stage().unwrap();
        s.write(&file("b.txt", "broken")).unwrap();
        s.abort();
        assert_eq!(fs::read_to_string(out.join("b.txt")).unwrap(), "B2");
        let mut names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [".public.notis-lock", ".public.notis-spare", "public", "site"],
            "no staging folder left behind; the spare is kept for the next build"
        );
    }

    /// The next build stages into the spare (the output before last), whatever it holds: the
    /// output is each build's files exactly, a file unchanged since the last build keeps its
    /// inode, a live file is never written through, and a link planted in the spare is
    /// removed, not followed.
    #[test]
    fn builds_staged_into_the_spare_write_exactly_their_files() {
        use std::collections::BTreeMap;
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let outside = dir.path().join("utanför");
        fs::create_dir_all(&outside).unwrap();
        let folder = claim(&out);
        // Each build's files; paths turn from file to folder and back, contents come and go.
        let builds: Vec<Vec<(&str, &str)>> = vec![
            vec![("a/index.html", "A"), ("b", "B"), ("c/d/e.txt", "E"), ("f.txt", "F")],
            vec![("a/index.html", "A"), ("b/index.html", "B2"), ("f.txt", "F2")],
            vec![
                ("a/index.html", "A3"),
                ("b", "B3"),
                ("c/d/e.txt", "E"),
                ("g/h.txt", "H"),
            ],
            vec![("a/index.html", "A3"), ("b", "B3"), ("c", "C"), ("g/h.txt", "H")],
            vec![("a/index.html", "A3"), ("c/d/e.txt", "E5"), ("g/h.txt", "H")],
            vec![("a/index.html", "A3"), ("c/d/e.txt", "E5"), ("g/h.txt", "H")],
        ];
        let mut last: BTreeMap<String, (String, u64)> = BTreeMap::new();
        let mut output_mode = None;
        for (round, files) in builds.iter().enumerate() {
            if round == 3 {
                // Someone plants a link in the spare: it must not be written through.
                let spare = sibling(&out, SPARE);
                fs::create_dir_all(spare.join("g")).unwrap();
                let _ = fs::remove_file(spare.join("g/h.txt"));
                std::os::unix::fs::symlink(outside.join("h.txt"), spare.join("g/h.txt")).unwrap();
                let _ = fs::remove_dir_all(spare.join("a"));
                std::os::unix::fs::symlink(&outside, spare.join("a")).unwrap();
            }
            if round == 4 {
                // What a killed build could leave: files by the names new files take.
                for n in 0..3 {
                    fs::write(sibling(&out, SPARE).join(format!("{TMP_PREFIX}{n}")), "x").unwrap();
                }
            }
            let s = folder.stage().unwrap();
            for (path, text) in files {
                let changed = s.write(&file(path, text)).unwrap();
                assert_eq!(
                    changed,
                    last.get(*path).is_none_or(|(t, _)| t != text),
                    "round {round}: {path}"
                );
            }
            s.commit().unwrap();
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
                let first = *output_mode.get_or_insert(mode(&out));
                assert_eq!(mode(&out), first, "round {round}: the output opens to others as before");
                if round > 0 {
                    assert_eq!(
                        mode(&sibling(&out, SPARE)),
                        0o700,
                        "round {round}: the spare is its owner's"
                    );
                }
            }
            let mut now = BTreeMap::new();
            crate::content::walker::each_entry(&out, |rel, kind| {
                assert!(kind.is_dir() || kind.is_file(), "round {round}: {rel:?} is a link");
                if kind.is_file() {
                    let path = out.join(rel);
                    let text = fs::read_to_string(&path).unwrap();
                    now.insert(
                        rel.to_string_lossy().into_owned(),
                        (text, fs::metadata(&path).unwrap().ino()),
                    );
                }
            })
            .unwrap();
            assert_eq!(now.remove(OUTPUT_MARKER).map(|(t, _)| t).as_deref(), Some(MARKER_TEXT));
            let want: BTreeMap<String, String> = files.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
            let got: BTreeMap<String, String> = now.iter().map(|(p, (t, _))| (p.clone(), t.clone())).collect();
            assert_eq!(got, want, "round {round}");
            for (path, (text, inode)) in &now {
                if let Some((old_text, old_inode)) = last.get(path) {
                    assert_eq!(text == old_text, inode == old_inode, "round {round}: {path}'s inode");
                }
            }
            // No folder is left that holds nothing.
            crate::content::walker::each_written(&out, |rel, is_dir| {
                if is_dir {
                    assert!(
                        fs::read_dir(out.join(rel)).unwrap().next().is_some(),
                        "round {round}: empty {rel:?}"
                    );
                }
            })
            .unwrap();
            last = now;
        }
        assert_eq!(
            fs::read_dir(&outside).unwrap().count(),
            0,
            "written through a planted link"
        );
    }

    #[test]
    fn a_work_folder_loses_its_marker_last() {
        let dir = tempfile::tempdir().unwrap();
        let work = dir.path().join(".public.notis-staging");
        fs::create_dir_all(work.join("a/b")).unwrap();
        fs::write(work.join("a/b/index.html"), "x").unwrap();
        fs::write(work.join(OUTPUT_MARKER), MARKER_TEXT).unwrap();
        // What a kill can leave mid-way: some files gone, the marker still there.
        fs::remove_dir_all(work.join("a/b")).unwrap();
        clear_leftover(&work).unwrap();
        assert!(!work.exists());
        // ... or the marker gone with the last file: an empty folder, still notis's to remove.
        fs::create_dir_all(&work).unwrap();
        clear_leftover(&work).unwrap();
        assert!(!work.exists());
    }

    #[test]
    fn a_folder_with_other_files_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("rapporter");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("rapport.docx"), "viktigt").unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(&root).unwrap();
        assert!(matches!(
            OutputFolder::claim(&root, &out, || {}),
            Err(Refusal::Foreign { .. })
        ));
        assert!(matches!(
            OutputFolder::claim(&root, &root, || {}),
            Err(Refusal::SourceFolder(_))
        ));
        assert!(matches!(
            OutputFolder::claim(&root, dir.path(), || {}),
            Err(Refusal::SourceFolder(_))
        ));
        assert_eq!(fs::read_to_string(out.join("rapport.docx")).unwrap(), "viktigt");
    }
}
