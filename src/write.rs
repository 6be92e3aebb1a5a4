//! write: minify and put files on disk atomically.
//!
//! The new site is written into a staging folder beside the output. Files whose
//! bytes did not change are hard-linked from the old output (same inode, same
//! mtime, so rsync moves only what changed). Only when every file is written is
//! the staging folder swapped in; a failed build leaves the old output untouched.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::render::OutputFile;

/// A build's output folder being prepared.
pub struct Staging {
    output: PathBuf,
    staging: PathBuf,
}

impl Staging {
    /// Creates an empty staging folder next to `output` (removing a stale one).
    pub fn begin(output: &Path) -> io::Result<Staging> {
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent)?;
        let name = output
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let staging = parent.join(format!(".{name}.notis-staging"));
        if staging.exists() {
            fs::remove_dir_all(&staging)?;
        }
        fs::create_dir_all(&staging)?;
        Ok(Staging {
            output: output.to_path_buf(),
            staging,
        })
    }

    /// The staging folder, for steps that read the site back (the search indexer).
    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// Writes one file into staging, reusing the old output's file if identical.
    /// Returns true when the bytes differ from the old output.
    pub fn write(&self, file: &OutputFile) -> io::Result<bool> {
        let target = self.staging.join(&file.path);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir)?;
        }
        let old = self.output.join(&file.path);
        if let Ok(meta) = fs::metadata(&old)
            && meta.is_file()
            && meta.len() == file.bytes.len() as u64
            && fs::read(&old).is_ok_and(|b| b == file.bytes)
            && fs::hard_link(&old, &target).is_ok()
        {
            return Ok(false);
        }
        let mut f = io::BufWriter::new(fs::File::create(&target)?);
        f.write_all(&file.bytes)?;
        f.flush()?;
        Ok(true)
    }

    /// Copies a static file into staging (hard link when unchanged, like `write`).
    pub fn copy(&self, rel: &str, source: &Path) -> io::Result<bool> {
        let bytes = fs::read(source)?;
        self.write(&OutputFile {
            path: rel.to_string(),
            bytes,
        })
    }

    /// Swaps the staging folder in place of the output.
    pub fn commit(self) -> io::Result<()> {
        let backup = self.staging.with_extension("old");
        if backup.exists() {
            fs::remove_dir_all(&backup)?;
        }
        let had_output = self.output.exists();
        if had_output {
            fs::rename(&self.output, &backup)?;
        }
        if let Err(e) = fs::rename(&self.staging, &self.output) {
            if had_output {
                let _ = fs::rename(&backup, &self.output);
            }
            return Err(e);
        }
        if had_output {
            fs::remove_dir_all(&backup)?;
        }
        Ok(())
    }

    /// Throws the staging folder away; the old output stays as it was.
    pub fn abort(self) {
        let _ = fs::remove_dir_all(&self.staging);
    }
}

/// Minifies HTML; other files pass through. JavaScript is left alone.
#[cfg(feature = "minify")]
pub fn minify(file: OutputFile) -> OutputFile {
    if !file.is_html() {
        return file;
    }
    let cfg = minify_html::Cfg {
        minify_css: true,
        minify_js: false,
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        allow_noncompliant_unquoted_attribute_values: false,
        allow_removing_spaces_between_attributes: false,
        allow_optimal_entities: false,
        minify_doctype: false,
        ..minify_html::Cfg::default()
    };
    OutputFile {
        bytes: minify_html::minify(&file.bytes, &cfg),
        path: file.path,
    }
}

/// Without the `minify` feature, files pass through unchanged.
#[cfg(not(feature = "minify"))]
pub fn minify(file: OutputFile) -> OutputFile {
    file
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

    #[test]
    fn unchanged_files_keep_their_inode_and_aborted_builds_change_nothing() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let s = Staging::begin(&out).unwrap();
        assert!(s.write(&file("a/index.html", "A")).unwrap());
        assert!(s.write(&file("b.txt", "B")).unwrap());
        s.commit().unwrap();
        let inode = fs::metadata(out.join("a/index.html")).unwrap().ino();

        let s = Staging::begin(&out).unwrap();
        assert!(!s.write(&file("a/index.html", "A")).unwrap());
        assert!(s.write(&file("b.txt", "B2")).unwrap());
        s.commit().unwrap();
        assert_eq!(fs::metadata(out.join("a/index.html")).unwrap().ino(), inode);
        assert_eq!(fs::read_to_string(out.join("b.txt")).unwrap(), "B2");

        let s = Staging::begin(&out).unwrap();
        s.write(&file("b.txt", "broken")).unwrap();
        s.abort();
        assert_eq!(fs::read_to_string(out.join("b.txt")).unwrap(), "B2");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no staging folder left behind"
        );
    }
}
