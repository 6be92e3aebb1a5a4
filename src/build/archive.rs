//! The build's part in the archive (issue 28): which folder, whether the build cache may
//! skip the build, and what the new site hands the write stage's `archive::record`.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diag::error::{Diagnostic, display_path};
use crate::diag::messages;
use crate::model::routes::Owner;
use crate::write::archive::{self, Misplaced, Publisher, Recorded, Request};
use crate::write::cache::CacheState;

use super::{Analysed, BuildOptions};

/// `--archive DIR` and `--archive-full`.
#[derive(Debug, Clone, Default)]
pub struct Archiving {
    /// The archive folder instead of site.yaml's `archive:`.
    pub folder: Option<PathBuf>,
    /// Put the whole site in this build's package.
    pub full: bool,
}

/// The archive folder of this build (its real path), none when the site keeps no archive.
/// `output` is the output's real path, which the archive must stay out of.
pub fn folder(options: &BuildOptions, config: &Config, output: &Path) -> Result<Option<PathBuf>, Diagnostic> {
    let wanted = options
        .archive
        .folder
        .clone()
        .or_else(|| config.archive.as_ref().map(|a| options.root.join(a)));
    let Some(wanted) = wanted else {
        if options.archive.full {
            return Err(Diagnostic::error(
                "--archive-full",
                messages::archive_full_without_folder(),
            ));
        }
        return Ok(None);
    };
    archive::place(&wanted, &options.root, output)
        .map(Some)
        .map_err(|(why, real)| {
            let shown = display_path(&options.root, &real);
            match why {
                Misplaced::Output => Diagnostic::error(shown, messages::archive_in_output()),
                Misplaced::Source => Diagnostic::error(shown, messages::archive_in_sources()),
            }
        })
}

/// Whether an up-to-date output may be reused as it is: only when its build was recorded
/// in this archive folder and that package is still there (a new or emptied archive gets
/// its first package), and no full package is asked for.
pub fn allows_shortcut(state: &CacheState, folder: Option<&Path>, full: bool) -> bool {
    let Some(folder) = folder else { return true };
    !full
        && state
            .archived
            .as_deref()
            .is_some_and(|p| Path::new(p).parent() == Some(folder) && Path::new(p).is_dir())
}

/// The newest package's path after recording, for the cache.
pub fn newest(folder: &Path, recorded: &Recorded) -> String {
    let name = match recorded {
        Recorded::Unchanged(name) => name,
        Recorded::Package(w) => &w.name,
    };
    folder.join(name).display().to_string()
}

/// Records the site in `built` (the staging folder) in the archive folder.
pub fn record(
    analysed: &Analysed,
    built: &Path,
    folder: &Path,
    options: &BuildOptions,
) -> Result<Recorded, Diagnostic> {
    let config = &analysed.site.config;
    let files = analysed
        .routes
        .iter()
        .map(|r| archive::Published {
            file: r.file.clone(),
            url: config.absolute(&r.url),
            source: match &r.owner {
                Owner::Source { path, .. } => Some(path.clone()),
                Owner::Generated(_) => None,
            },
        })
        .collect();
    let o = &config.organisation;
    let request = Request {
        folder,
        built,
        files,
        now: options.now,
        full: options.archive.full,
        publisher: Publisher {
            name: o.name.clone(),
            org_number: o.org_number.clone(),
            postal_address: o.postal_address.clone(),
            email: o.email.clone(),
            site: config.base_url.clone(),
        },
        commit: &|| git_commit(&options.root),
    };
    archive::record(&request).map_err(|f| {
        let shown = display_path(&options.root, &f.path);
        Diagnostic::error(
            display_path(&options.root, folder),
            messages::archive_io(f.step, &shown, &f.error),
        )
    })
}

/// The commit checked out where the site is, when it is in a git repository and git is there.
fn git_commit(root: &Path) -> Option<String> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--verify", "--quiet", "HEAD"])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let commit = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && commit.len() >= 40 && commit.chars().all(|c| c.is_ascii_hexdigit())).then_some(commit)
}
