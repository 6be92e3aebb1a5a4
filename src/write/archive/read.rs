//! read: the packages of an archive folder as they are on disk — their order, each page's
//! versions, a version's bytes, and the check of every checksum (`notis archive …`).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::package::{ChangeLog, Held};
use super::{Fault, Kept, STATE_FILE, State, bag};
use crate::text::dates::{self, Moment};

/// `2025-03-01T12-00-00`, optionally with `-2`, `-3`… after it.
pub fn is_package_name(name: &str) -> bool {
    let b = name.as_bytes();
    let digits = |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
    let shape = b.len() >= 19
        && digits(0..4)
        && digits(5..7)
        && digits(8..10)
        && digits(11..13)
        && digits(14..16)
        && digits(17..19)
        && [(4, b'-'), (7, b'-'), (10, b'T'), (13, b'-'), (16, b'-')]
            .iter()
            .all(|(i, c)| b[*i] == *c);
    shape && (b.len() == 19 || (b[19] == b'-' && b.len() > 20 && digits(20..b.len())))
}

/// One package as its change log describes it.
#[derive(Debug, Clone)]
pub struct Package {
    pub path: PathBuf,
    pub log: ChangeLog,
    pub built: Moment,
}

/// The folders of the archive folder that are packages by name, sorted by name.
pub fn package_folders(folder: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = fs::read_dir(folder)?
        .flatten()
        .filter(|e| is_package_name(&e.file_name().to_string_lossy()) && e.path().is_dir())
        .map(|e| e.path())
        .collect();
    out.sort();
    Ok(out)
}

/// Every package whose change log can be read, in the order they were written; the paths
/// of those whose change log cannot be read come second.
pub fn packages(folder: &Path) -> io::Result<(Vec<Package>, Vec<PathBuf>)> {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for path in package_folders(folder)? {
        let log = fs::read(path.join("data/changes.json"))
            .ok()
            .and_then(|b| serde_json::from_slice::<ChangeLog>(&b).ok());
        match log.and_then(|log| dates::parse_moment(&log.built).map(|built| (log, built))) {
            Some((log, built)) => good.push(Package { path, log, built }),
            None => bad.push(path),
        }
    }
    good.sort_by(|a, b| (a.log.sequence, &a.path).cmp(&(b.log.sequence, &b.path)));
    Ok((good, bad))
}

/// The record of the newest package: the saved one when the folder holds exactly the
/// packages it was saved with, else made again from the packages (`replay`).
pub fn state(folder: &Path) -> State {
    let saved = fs::read(folder.join(STATE_FILE))
        .ok()
        .and_then(|b| serde_json::from_slice::<State>(&b).ok());
    let names = |paths: Vec<PathBuf>| -> Vec<String> {
        paths
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect()
    };
    let on_disk = package_folders(folder).map(names).unwrap_or_default();
    match saved {
        Some(s) if s.packages == on_disk => s,
        _ => packages(folder).map_or_else(|_| State::default(), |(packages, _)| replay(&packages, on_disk)),
    }
}

/// The published site as the packages tell it: each package's files over the ones before,
/// less what it removed.
pub fn replay(packages: &[Package], names: Vec<String>) -> State {
    let mut state = State {
        packages: names,
        ..State::default()
    };
    for p in packages {
        if p.log.full {
            state.files.clear();
        }
        for removed in &p.log.removed {
            state.files.retain(|_, k| k.url != removed.url);
        }
        for held in &p.log.files {
            let len = fs::metadata(p.path.join("data/files").join(&held.file)).map_or(0, |m| m.len());
            state.files.insert(
                held.file.clone(),
                Kept {
                    url: held.url.clone(),
                    source: held.source.clone(),
                    sha256: held.sha256.clone(),
                    len,
                    mtime: 0,
                    ino: 0,
                },
            );
        }
        state.sequence = p.log.sequence;
        state.package = Some(p.log.package.clone());
    }
    state
}

/// One version of a page in the archive.
#[derive(Debug, Clone)]
pub enum Version<'a> {
    /// Published (or changed) by this package, with these bytes in it.
    Held(&'a Package, &'a Held),
    /// Removed by this package.
    Removed(&'a Package),
}

impl Version<'_> {
    pub fn package(&self) -> &Package {
        match self {
            Version::Held(p, _) | Version::Removed(p) => p,
        }
    }
}

/// The versions of the page at `wanted` (an address, or a site path), oldest first. A full
/// package repeats a page that did not change; only new bytes make a version.
pub fn versions<'a>(packages: &'a [Package], wanted: &str) -> Vec<Version<'a>> {
    let mut out: Vec<Version> = Vec::new();
    for p in packages {
        let held = p.log.files.iter().find(|h| same_page(&h.url, wanted, &p.log.site));
        let removed = p.log.removed.iter().any(|c| same_page(&c.url, wanted, &p.log.site));
        let last_sha = match out.last() {
            Some(Version::Held(_, h)) => Some(h.sha256.as_str()),
            _ => None,
        };
        match held {
            Some(h) if last_sha != Some(h.sha256.as_str()) => out.push(Version::Held(p, h)),
            Some(_) => {}
            None if removed => out.push(Version::Removed(p)),
            None if p.log.full && last_sha.is_some() => out.push(Version::Removed(p)),
            None => {}
        }
    }
    out
}

/// The version that was published at `at`: the newest one built at or before it.
pub fn version_at<'a>(versions: &'a [Version<'a>], at: &Moment) -> Option<&'a Version<'a>> {
    versions.iter().rfind(|v| v.package().built <= *at)
}

/// A version's bytes, checked against the checksum the package recorded.
pub fn bytes_of(package: &Package, held: &Held) -> Result<Vec<u8>, Fault> {
    let bytes = fs::read(package.path.join("data/files").join(&held.file))
        .map_err(|_| Fault::Missing(format!("data/files/{}", held.file)))?;
    if bag::sha256_hex(&bytes) != held.sha256 {
        return Err(Fault::Altered(format!("data/files/{}", held.file)));
    }
    Ok(bytes)
}

/// Every package's faults (an empty list for a sound one), in name order.
pub fn verify(folder: &Path) -> io::Result<Vec<(String, Vec<Fault>)>> {
    Ok(package_folders(folder)?
        .iter()
        .map(|p| {
            (
                p.file_name().unwrap_or_default().to_string_lossy().into_owned(),
                bag::verify(p),
            )
        })
        .collect())
}

/// Whether a recorded address and what someone typed name the same page: the same path
/// after the host, with or without the site's own folder (`/nyheter/a/` for
/// `https://www.example.se/nyhetsrum/nyheter/a/`), a missing final `/` or `index.html`.
fn same_page(recorded: &str, wanted: &str, site: &str) -> bool {
    let recorded_path = path_of(recorded);
    let base = path_of(site);
    let base = base.trim_end_matches('/');
    let wanted = path_of(wanted);
    recorded_path == wanted || (!base.is_empty() && recorded_path == format!("{base}{wanted}"))
}

/// `https://x.se/a/index.html` → `/a/`; `/a` → `/a/`; `/feed.xml` stays.
fn path_of(url: &str) -> String {
    let url = url.trim();
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => url,
    };
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let mut path = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    };
    if let Some(stripped) = path.strip_suffix("index.html") {
        path = stripped.to_string();
    }
    let last = path.rsplit('/').next().unwrap_or("");
    if !last.is_empty() && !last.contains('.') {
        path.push('/');
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names() {
        for ok in ["2025-03-01T12-00-00", "2025-03-01T12-00-00-2", "2025-10-26T02-30-00-13"] {
            assert!(is_package_name(ok), "{ok}");
        }
        for bad in [
            "2025-03-01T12-00",
            "2025-03-01 12-00-00",
            "2025-03-01T12-00-00-",
            "x025-03-01T12-00-00",
            ".2025-03-01T12-00-00",
        ] {
            assert!(!is_package_name(bad), "{bad}");
        }
    }

    #[test]
    fn addresses_name_pages_however_they_are_typed() {
        let site = "https://www.example.se/nyhetsrum";
        let url = "https://www.example.se/nyhetsrum/nyheter/a/";
        for typed in [
            url,
            "/nyheter/a/",
            "/nyheter/a",
            "nyheter/a/index.html",
            "/nyhetsrum/nyheter/a/",
        ] {
            assert!(same_page(url, typed, site), "{typed}");
        }
        assert!(!same_page(url, "/nyheter/b/", site));
        assert!(same_page(
            "https://x.se/feed.json",
            "https://x.se/feed.json",
            "https://x.se"
        ));
        assert!(same_page("https://x.se/", "https://x.se", "https://x.se"));
    }
}
