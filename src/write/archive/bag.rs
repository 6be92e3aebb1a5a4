//! bag: the BagIt 1.0 frame of a package (RFC 8493) — `bagit.txt`, `bag-info.txt`, the
//! SHA-256 manifests — and its verification. Written by hand: a handful of text lines.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

pub const BAGIT_TXT: &str = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
pub const MANIFEST: &str = "manifest-sha256.txt";
pub const TAG_MANIFEST: &str = "tagmanifest-sha256.txt";

/// The lowercase hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// A path in a manifest line: `%`, CR and LF percent-encoded (RFC 8493 §2.1.3).
fn encode(path: &str) -> String {
    path.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn decode(path: &str) -> String {
    path.replace("%0A", "\n")
        .replace("%0a", "\n")
        .replace("%0D", "\r")
        .replace("%0d", "\r")
        .replace("%25", "%")
}

/// The manifest text for `(path in the bag, sha256)` pairs, sorted by path.
pub fn manifest(entries: &BTreeMap<String, String>) -> String {
    entries
        .iter()
        .map(|(path, sum)| format!("{sum}  {}\n", encode(path)))
        .collect()
}

/// `bag-info.txt`: label, value lines in the given order; a value never breaks a line.
pub fn info(labels: &[(&str, String)]) -> String {
    labels
        .iter()
        .map(|(label, value)| {
            let value: String = value.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
            format!("{label}: {}\n", value.trim())
        })
        .collect()
}

/// `Bag-Size` as people read it: `1,2 MB` would be locale-bound, so `1.2 MB` (the RFC's example).
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    let mut size = bytes as f64;
    if size < 1000.0 {
        return format!("{bytes} bytes");
    }
    let mut unit = "";
    for u in UNITS {
        size /= 1000.0;
        unit = u;
        if size < 1000.0 {
            break;
        }
    }
    format!("{size:.1} {unit}")
}

/// What is wrong with one package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// A file the manifest names is missing.
    Missing(String),
    /// A file's bytes do not match its checksum.
    Altered(String),
    /// A payload file that no manifest names (added after the package was written).
    Unlisted(String),
    /// `bagit.txt` or a manifest is missing or unreadable.
    Frame(String),
}

/// Checks a bag: the tag manifest, then every payload file against the manifest, and that
/// the payload holds nothing more. Every fault is returned, sorted.
pub fn verify(bag: &Path) -> Vec<Fault> {
    let mut faults = Vec::new();
    match fs::read_to_string(bag.join("bagit.txt")) {
        Ok(text) if text.starts_with("BagIt-Version: ") => {}
        _ => faults.push(Fault::Frame("bagit.txt".into())),
    }
    for name in [TAG_MANIFEST, MANIFEST] {
        match read_manifest(&bag.join(name)) {
            Ok(listed) => {
                faults.extend(check_listed(bag, &listed));
                if name == MANIFEST {
                    faults.extend(unlisted(bag, &listed));
                }
            }
            Err(_) => faults.push(Fault::Frame(name.into())),
        }
    }
    faults.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    faults
}

/// `path → sha256` of a manifest file.
pub fn read_manifest(path: &Path) -> io::Result<BTreeMap<String, String>> {
    let text = fs::read_to_string(path)?;
    let mut out = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (sum, file) = line
            .split_once(char::is_whitespace)
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "manifest line without a path"))?;
        out.insert(decode(file.trim_start()), sum.to_ascii_lowercase());
    }
    Ok(out)
}

fn check_listed(bag: &Path, listed: &BTreeMap<String, String>) -> Vec<Fault> {
    listed
        .par_iter()
        .filter_map(|(file, sum)| {
            let path = inside(bag, file)?;
            match fs::read(&path) {
                Ok(bytes) if sha256_hex(&bytes) == *sum => None,
                Ok(_) => Some(Fault::Altered(file.clone())),
                Err(_) => Some(Fault::Missing(file.clone())),
            }
        })
        .collect()
}

/// A manifest's path inside the bag, or none for one that would reach out of it.
fn inside(bag: &Path, file: &str) -> Option<PathBuf> {
    let ok = !file.starts_with('/') && file.split('/').all(|part| !part.is_empty() && part != "..");
    ok.then(|| bag.join(file))
}

fn unlisted(bag: &Path, listed: &BTreeMap<String, String>) -> Vec<Fault> {
    let mut found = Vec::new();
    let _ = walk(&bag.join("data"), "data", &mut found);
    found
        .into_iter()
        .filter(|f| !listed.contains_key(f))
        .map(Fault::Unlisted)
        .collect()
}

/// Every file under `dir`, as `prefix/…` paths (symlinks are not followed: a bag holds files).
pub fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = format!("{prefix}/{}", entry.file_name().to_string_lossy());
        if entry.file_type()?.is_dir() {
            walk(&entry.path(), &name, out)?;
        } else {
            out.push(name);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_paths_are_encoded_and_read_back() {
        let mut m = BTreeMap::new();
        m.insert("data/files/100%\nx.txt".to_string(), "ab".repeat(32));
        let text = manifest(&m);
        assert_eq!(text.lines().count(), 1);
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("m.txt"), text).unwrap();
        assert_eq!(read_manifest(&dir.path().join("m.txt")).unwrap(), m);
    }

    #[test]
    fn sizes_for_people() {
        assert_eq!(human_size(999), "999 bytes");
        assert_eq!(human_size(1_234_567), "1.2 MB");
    }
}
