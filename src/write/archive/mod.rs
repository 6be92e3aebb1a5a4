//! archive: what was published, when — a BagIt package per build that changed the site.
//!
//! `record` runs in the write stage, after every file of the new site is in staging and
//! before it takes the old site's place, so no site goes out unrecorded (a failed package
//! fails the build and leaves the old site as it was). It compares the new site with
//! notis's record of the last package (`.notis-state.json` in the archive folder: every
//! published file's address, source, size and SHA-256) and, when anything was published,
//! changed or removed, writes one package (see `package`). A file is read and hashed only
//! when its size, modification time or inode differ from the record: unchanged files are
//! hard links to the old output's, so a one-article edit hashes a handful of files.
//!
//! The record is a cache of the packages: when it is missing, unreadable, or names another
//! package than the newest on disk, it is made again from the packages' own change logs
//! and manifests (`read::replay`). Packages are never changed or deleted once written; a
//! package is written under a temporary name in the archive folder and renamed when whole.

mod bag;
mod package;
pub mod read;
mod warc;

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::diag::messages::IoStep;
use crate::text::dates::Moment;

pub use bag::Fault;
pub use package::Publisher;

/// notis's record of the newest package, in the archive folder (not part of any package).
pub const STATE_FILE: &str = ".notis-state.json";
const LOCK_FILE: &str = ".notis-lock";
/// Work folders of packages being written: `.2025-03-01T12-00-00.notis-tmp`.
const TEMP_SUFFIX: &str = ".notis-tmp";

/// One file of the new site.
#[derive(Debug, Clone)]
pub struct Published {
    /// Its path in the output folder (`nyheter/a/index.html`).
    pub file: String,
    /// Its public address (`https://www.mora.se/nyheter/a/`).
    pub url: String,
    /// The file it is made from (`content/nyheter/a.md`), none for a generated page.
    pub source: Option<String>,
}

/// What to record.
pub struct Request<'a> {
    pub folder: &'a Path,
    /// Where the new site's files are (the staging folder).
    pub built: &'a Path,
    pub files: Vec<Published>,
    pub now: Moment,
    /// Write the whole site into the package, changed or not (`--archive-full`).
    pub full: bool,
    pub publisher: Publisher,
    /// Asked only when a package is written: the site's git commit, if it is a checkout.
    pub commit: &'a (dyn Fn() -> Option<String> + Sync),
}

/// What `record` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// The published site is as the newest package (named) left it: no package.
    Unchanged(String),
    Package(Written),
}

/// A package just written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub name: String,
    pub path: PathBuf,
    pub published: usize,
    pub changed: usize,
    pub removed: usize,
    /// Files in the package (all of the site's for a full package).
    pub files: usize,
}

/// Why recording failed: what notis was doing, to which path, and what the system said.
#[derive(Debug)]
pub struct Failure {
    pub step: IoStep,
    pub path: PathBuf,
    pub error: io::Error,
}

fn fail(step: IoStep, path: &Path) -> impl FnOnce(io::Error) -> Failure + '_ {
    move |error| Failure {
        step,
        path: path.to_path_buf(),
        error,
    }
}

/// The record of the newest package: every file it left published.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct State {
    pub sequence: u64,
    pub package: Option<String>,
    /// The names of every package in the folder when the record was saved: the record is
    /// trusted only while the folder holds exactly these (one directory listing, however
    /// many packages there are).
    #[serde(default)]
    pub packages: Vec<String>,
    pub files: BTreeMap<String, Kept>,
}

/// One published file as recorded, with what identifies it on disk without reading it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kept {
    pub url: String,
    pub source: Option<String>,
    pub sha256: String,
    pub len: u64,
    /// Modification time (ns) and inode when last hashed; 0 when made from the packages.
    pub mtime: u128,
    pub ino: u64,
}

/// Records the new site: writes a package if it differs from the newest one (or for
/// `full`), and brings the record up to date.
pub fn record(req: &Request) -> Result<Recorded, Failure> {
    fs::create_dir_all(req.folder).map_err(fail(IoStep::Create, req.folder))?;
    let lock_path = req.folder.join(LOCK_FILE);
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(fail(IoStep::Create, &lock_path))?;
    lock.lock().map_err(fail(IoStep::Lock, &lock_path))?;
    clear_leftovers(req.folder);
    let state = read::state(req.folder);
    let now = observe(req, &state)?;
    let changes = package::Changes::between(&state.files, &now);
    if let Some(newest) = state.package.clone().filter(|_| changes.is_empty() && !req.full) {
        if now != state.files {
            save_state(req.folder, &State { files: now, ..state })?;
        }
        return Ok(Recorded::Unchanged(newest));
    }
    let written = package::write(req, &state, &now, &changes)?;
    let mut packages = state.packages.clone();
    packages.push(written.name.clone());
    packages.sort();
    save_state(
        req.folder,
        &State {
            sequence: state.sequence + 1,
            package: Some(written.name.clone()),
            packages,
            files: now,
        },
    )?;
    Ok(Recorded::Package(written))
}

/// Every file of the new site with its hash: taken from the record when the file on disk
/// is the one recorded (same size, time and inode), else read and hashed.
fn observe(req: &Request, state: &State) -> Result<BTreeMap<String, Kept>, Failure> {
    req.files
        .par_iter()
        .map(|p| {
            let path = req.built.join(&p.file);
            let meta = fs::metadata(&path).map_err(fail(IoStep::Read, &path))?;
            let (len, mtime, ino) = (meta.len(), mtime(&meta), inode(&meta));
            let sha256 = match state.files.get(&p.file) {
                Some(k) if k.mtime != 0 && (k.len, k.mtime, k.ino) == (len, mtime, ino) => k.sha256.clone(),
                _ => bag::sha256_hex(&fs::read(&path).map_err(fail(IoStep::Read, &path))?),
            };
            let kept = Kept {
                url: p.url.clone(),
                source: p.source.clone(),
                sha256,
                len,
                mtime,
                ino,
            };
            Ok((p.file.clone(), kept))
        })
        .collect()
}

fn mtime(meta: &fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

fn inode(meta: &fs::Metadata) -> u64 {
    #[cfg(unix)]
    {
        std::os::unix::fs::MetadataExt::ino(meta)
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        0
    }
}

fn save_state(folder: &Path, state: &State) -> Result<(), Failure> {
    let path = folder.join(STATE_FILE);
    let tmp = folder.join(format!("{STATE_FILE}.tmp"));
    let json = serde_json::to_vec(state).map_err(|e| fail(IoStep::Write, &path)(io::Error::other(e)))?;
    fs::write(&tmp, json).map_err(fail(IoStep::Write, &tmp))?;
    fs::rename(&tmp, &path).map_err(fail(IoStep::Write, &path))
}

/// Work folders of packages a killed build left: notis's by their name, never a package.
fn clear_leftovers(folder: &Path) {
    let Ok(entries) = fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.')
            && name.ends_with(TEMP_SUFFIX)
            && read::is_package_name(&name[1..name.len() - TEMP_SUFFIX.len()])
        {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Why an archive folder cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Misplaced {
    /// Inside the output (it would be published, and replaced by the next build), or the output is inside it.
    Output,
    /// The site itself, a folder containing it, or one of its source folders.
    Source,
}

/// The real path of an archive folder, if it may hold packages: apart from the output
/// (`output` is the output's real path) and from the site's sources.
pub fn place(folder: &Path, root: &Path, output: &Path) -> Result<PathBuf, (Misplaced, PathBuf)> {
    let real = crate::write::resolve(folder).unwrap_or_else(|_| folder.to_path_buf());
    if real.starts_with(output) || output.starts_with(&real) {
        return Err((Misplaced::Output, real));
    }
    let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let sources = ["content", "static", "templates", "theme"].map(|d| root.join(d));
    if root.starts_with(&real) || sources.iter().any(|s| real.starts_with(s)) {
        return Err((Misplaced::Source, real));
    }
    Ok(real)
}
