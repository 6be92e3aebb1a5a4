//! The build cache (part of the write stage): skip a build whose inputs have not changed.
//!
//! Kept in a folder beside the output (`.public.notis-cache/` for `public/`); safe to
//! delete at any time. It records a fingerprint of every input (site.yaml, content,
//! templates, theme, static files, options, notis version), the window of "now" in
//! which the output stays the same (until the next publish, expiry, alert end or age
//! notice), and the size and modification time of every output file. A build with the
//! same fingerprint inside that window, whose output is still exactly as written,
//! has nothing to do: the output is byte-identical to what a clean build would give.

use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::content::SiteSource;
use crate::content::walker::{each_written, written_files};
use crate::diag::error::Diagnostic;
use crate::model::site::Inclusion;
use crate::text::dates::Moment;

/// What the last successful build left behind.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CacheState {
    pub fingerprint: String,
    /// The output is valid for "now" in `[valid_from, valid_until)` (RFC 3339).
    pub valid_from: String,
    pub valid_until: Option<String>,
    pub articles: usize,
    pub warnings: Vec<Diagnostic>,
    /// When each scheduled article appears (RFC 3339), for the build's summary line.
    #[serde(default)]
    pub scheduled: Vec<String>,
    /// (path, length, mtime in nanoseconds) of every output file.
    pub outputs: Vec<(String, u64, u128)>,
    /// The archive package that records this output (its path), when the build kept one.
    #[serde(default)]
    pub archived: Option<String>,
}

/// The cache folder for an output folder.
pub fn folder(output: &Path) -> PathBuf {
    crate::write::sibling(output, "cache")
}

/// A fingerprint of everything a build reads, except "now": the notis binary, the options,
/// site.yaml, every content, template and theme file, and every static file's bytes
/// (not its size and time, which a copy can keep while the content changes).
pub fn fingerprint(output: &Path, base_url: Option<&str>, include: Inclusion, source: &SiteSource) -> String {
    let mut h = DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    // The binary itself: a rebuilt notis (new templates, fixes) must not reuse old output.
    if let Ok(exe) = std::env::current_exe()
        && let Ok(meta) = fs::metadata(exe)
    {
        meta.len().hash(&mut h);
        mtime(&meta).hash(&mut h);
    }
    output.hash(&mut h);
    base_url.hash(&mut h);
    include.drafts.hash(&mut h);
    include.unpublished.hash(&mut h);
    source.config.hash(&mut h);
    for list in [&source.articles, &source.pages, &source.templates, &source.theme] {
        list.len().hash(&mut h);
        for f in list.iter() {
            f.path.hash(&mut h);
            f.bytes.hash(&mut h);
        }
    }
    if let Some(f) = &source.facts {
        f.bytes.hash(&mut h);
    }
    let statics: Vec<u64> = source
        .statics
        .par_iter()
        .map(|(rel, abs)| {
            let mut h = DefaultHasher::new();
            rel.hash(&mut h);
            fs::read(abs).ok().hash(&mut h);
            h.finish()
        })
        .collect();
    statics.hash(&mut h);
    format!("{:016x}", h.finish())
}

fn mtime(meta: &fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// The previous build's state, if there is one that can be read.
pub fn load(output: &Path) -> Option<CacheState> {
    let text = fs::read(folder(output).join("state.json")).ok()?;
    serde_json::from_slice(&text).ok()
}

/// Whether `state` describes this build exactly: same inputs, "now" inside the window,
/// and every output file as it was written (nothing added, removed or edited).
pub fn is_fresh(state: &CacheState, fingerprint: &str, now: &Moment, output: &Path) -> bool {
    let moment = |s: &str| chrono::DateTime::parse_from_rfc3339(s).ok();
    let in_window = moment(&state.valid_from).is_some_and(|from| *now >= from)
        && state
            .valid_until
            .as_deref()
            .is_none_or(|u| moment(u).is_some_and(|until| *now < until));
    if state.fingerprint != fingerprint || !in_window {
        return false;
    }
    let intact = state
        .outputs
        .par_iter()
        .all(|(path, len, time)| fs::metadata(output.join(path)).is_ok_and(|m| m.len() == *len && mtime(&m) == *time));
    // Only then walk the folder for files added since: no second pass over a changed output.
    let mut count = 0;
    intact && each_written(output, |_, is_dir| count += usize::from(!is_dir)).is_ok() && count == state.outputs.len()
}

/// Drops the record, before the output it describes is replaced.
pub fn forget(output: &Path) {
    let _ = fs::remove_file(folder(output).join("state.json"));
}

/// Records the output just written. Failure to save (or to list the output) only costs the
/// next build its shortcut.
pub fn save(output: &Path, mut state: CacheState) {
    let outputs = written_files(output).and_then(|written| {
        written
            .into_iter()
            .map(|p| fs::metadata(output.join(&p)).map(|m| (p, m.len(), mtime(&m))))
            .collect()
    });
    // A record with a file missing would never match again: better none.
    let Ok(outputs) = outputs else { return };
    state.outputs = outputs;
    let dir = folder(output);
    if fs::create_dir_all(&dir).is_ok()
        && let Ok(json) = serde_json::to_vec(&state)
    {
        let tmp = dir.join("state.json.tmp");
        if fs::write(&tmp, json).is_ok() {
            let _ = fs::rename(tmp, dir.join("state.json"));
        }
    }
}
