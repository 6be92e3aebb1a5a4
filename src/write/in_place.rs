//! in_place: the new site put into an output folder that cannot be swapped — a mount point
//! (a Docker volume, a CI cache), which no rename can move — file by file.
//!
//! Each file is replaced whole: written beside its place in the output, then renamed over
//! it, so a reader never sees half a file; but while the files go in, old and new pages are
//! both there. The marker goes in first, so a build killed halfway leaves a folder that is
//! still notis's and the next build finishes the job; a file whose bytes did not change is
//! left as it is (same inode and time, as with the swap). Files the new site no longer has
//! are removed last, so no link points nowhere while the new pages arrive.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::Path;

use crate::content::walker::{each_written, written_files};
use crate::diag::error::display_path;
use crate::model::routes::OUTPUT_MARKER;

/// Whether the system refused to rename the output because it is a mount point (busy) or
/// on another file system than its staging folder (across devices).
pub fn is_mount_point(e: &io::Error) -> bool {
    matches!(e.kind(), io::ErrorKind::ResourceBusy | io::ErrorKind::CrossesDevices)
}

/// Makes `output` hold exactly the files of `staging`, one file at a time.
pub fn replace(staging: &Path, output: &Path) -> io::Result<()> {
    let mut files = written_files(staging)?;
    // Stable: `false` (the marker) sorts first, the rest keep the walk's order.
    files.sort_by_key(|rel| rel != OUTPUT_MARKER);
    let mut folders = HashSet::new();
    for rel in &files {
        let path = Path::new(rel);
        folders.extend(
            path.ancestors()
                .skip(1)
                .filter(|a| !a.as_os_str().is_empty())
                .map(|a| display_path(Path::new(""), a)),
        );
        put(&staging.join(rel), output, path)?;
    }
    let wanted: HashSet<&str> = files.iter().map(String::as_str).collect();
    let mut stale = Vec::new();
    // A folder comes after what it holds, so it is empty by the time it is removed.
    each_written(output, |rel, is_dir| {
        let shown = display_path(Path::new(""), rel);
        let keep = if is_dir {
            folders.contains(&shown)
        } else {
            wanted.contains(shown.as_str())
        };
        if !keep {
            stale.push((rel.to_path_buf(), is_dir));
        }
    })?;
    for (rel, is_dir) in stale {
        if is_dir {
            fs::remove_dir(output.join(rel))?;
        } else {
            fs::remove_file(output.join(rel))?;
        }
    }
    Ok(())
}

/// Puts the staged file `new` at `rel` in the output, unless the output already holds it.
fn put(new: &Path, output: &Path, rel: &Path) -> io::Result<()> {
    let target = output.join(rel);
    if super::holds_file(&target, new) {
        return Ok(());
    }
    if let Some(parent) = rel.parent() {
        make_folders(output, parent)?;
    }
    // A folder where the new site has a file: the old site's, gone now.
    if fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
        fs::remove_dir_all(&target)?;
    }
    let name = rel.file_name().unwrap_or_default().to_string_lossy();
    let temp = target.with_file_name(format!(".{name}.notis-new"));
    fs::copy(new, &temp)?;
    fs::rename(&temp, &target)
}

/// Makes each folder of `rel` under `output`, replacing a file of the old site that stands
/// where the new one has a folder.
fn make_folders(output: &Path, rel: &Path) -> io::Result<()> {
    let mut path = output.to_path_buf();
    for part in rel.components() {
        path.push(part);
        match fs::symlink_metadata(&path) {
            Ok(m) if m.is_dir() => continue,
            Ok(_) => fs::remove_file(&path)?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        fs::create_dir(&path)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(dir: &Path) -> Vec<(String, String)> {
        written_files(dir)
            .unwrap()
            .into_iter()
            .map(|rel| {
                let text = fs::read_to_string(dir.join(&rel)).unwrap();
                (rel, text)
            })
            .collect()
    }

    #[test]
    fn the_output_ends_as_the_staging_folder_and_unchanged_files_stay() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let (staging, output) = (dir.path().join("staging"), dir.path().join("output"));
        for (rel, text) in [
            (OUTPUT_MARKER, "m"),
            ("index.html", "ny"),
            ("kvar.txt", "samma"),
            ("a/index.html", "a"),
            ("fil-blir-mapp/index.html", "mapp"),
            ("mapp-blir-fil", "fil"),
        ] {
            let path = staging.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        for (rel, text) in [
            (OUTPUT_MARKER, "m"),
            ("index.html", "gammal"),
            ("kvar.txt", "samma"),
            ("bort/djup/index.html", "bort"),
            ("fil-blir-mapp", "fil"),
            ("mapp-blir-fil/index.html", "mapp"),
            (".index.html.notis-new", "från ett avbrutet bygge"),
        ] {
            let path = output.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        let inode = fs::metadata(output.join("kvar.txt")).unwrap().ino();
        replace(&staging, &output).unwrap();
        assert_eq!(tree(&output), tree(&staging));
        assert_eq!(fs::metadata(output.join("kvar.txt")).unwrap().ino(), inode);
        assert!(!output.join("bort").exists());
    }

    #[test]
    fn a_busy_or_foreign_device_is_a_mount_point() {
        assert!(is_mount_point(&io::Error::from_raw_os_error(16)));
        assert!(is_mount_point(&io::Error::from_raw_os_error(18)));
        assert!(!is_mount_point(&io::Error::from_raw_os_error(13)));
    }
}
