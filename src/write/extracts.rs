//! extracts: what Pagefind extracted from each searchable page, kept in the cache folder.
//!
//! Pagefind's extraction of a page (its words with positions and weights, the fragment,
//! filters, meta, anchors, language) depends only on the page's address and HTML and on
//! Pagefind's version and options. Each one is kept under a hash of those, one file per
//! page, so a build parses (lol_html, word splitting, stemming) only the pages whose HTML
//! changed and feeds the rest back in bulk. Entries no page used in the last indexing
//! are removed; an entry that cannot be read or decoded costs only a re-extraction.
//!
//! The sites of one repository built together share their entries: a page none of a
//! site's own entries names is looked up in the folders of the sites built before it
//! (the peers), and an entry found there is linked into the site's own folder.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

/// The extraction cache's folder beside the bundle folder (both in the build cache).
pub fn folder(bundle: &Path) -> PathBuf {
    bundle.with_file_name("pagefind-pages")
}

/// The name of a page's entry: a hash of what Pagefind's extraction depends on.
pub fn key(version: &str, options: &str, rel: &str, html: &[u8]) -> String {
    let mut h = Sha256::new();
    for part in [version.as_bytes(), options.as_bytes(), rel.as_bytes(), html] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part);
    }
    h.finalize()[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// One searchable page: its file (or its path in the site, when it is in memory), its
/// entry's name and, when kept, the entry; the HTML of a page in memory with no entry.
pub struct Page {
    pub file: PathBuf,
    pub key: String,
    pub kept: Option<Vec<u8>>,
    pub html: Option<String>,
    /// The peer's entry that `kept` was read from, to link into the site's own folder.
    pub peer: Option<PathBuf>,
}

/// A page's entry: the site's own, else the first peer's that has it (and where).
fn find(folder: &Path, peers: &[PathBuf], key: &str) -> (Option<Vec<u8>>, Option<PathBuf>) {
    if let Ok(bytes) = fs::read(folder.join(key)) {
        return (Some(bytes), None);
    }
    for peer in peers {
        let entry = peer.join(key);
        if let Ok(bytes) = fs::read(&entry) {
            return (Some(bytes), Some(entry));
        }
    }
    (None, None)
}

/// Looks up every page (absolute paths under `dir`) in the cache `folder`, then in the
/// `peers`' folders, in parallel. `key_of` names a page's entry from its path relative to
/// `dir` and its HTML. The HTML is dropped as soon as it is hashed.
pub fn look_up(
    dir: &Path,
    files: Vec<PathBuf>,
    folder: &Path,
    peers: &[PathBuf],
    key_of: &(dyn Fn(&str, &[u8]) -> String + Sync),
) -> std::io::Result<Vec<Page>> {
    files
        .into_par_iter()
        .map(|file| {
            let rel = file.strip_prefix(dir).unwrap_or(&file).to_string_lossy().into_owned();
            let key = key_of(&rel, &fs::read(&file)?);
            let (kept, peer) = find(folder, peers, &key);
            Ok(Page {
                file,
                key,
                kept,
                html: None,
                peer,
            })
        })
        .collect()
}

/// `look_up` for pages rendered in memory: (path relative to the site, HTML).
pub fn look_up_rendered(
    pages: Vec<(String, String)>,
    folder: &Path,
    key_of: &(dyn Fn(&str, &[u8]) -> String + Sync),
) -> Vec<Page> {
    pages
        .into_par_iter()
        .map(|(rel, html)| {
            let key = key_of(&rel, html.as_bytes());
            let kept = fs::read(folder.join(&key)).ok();
            let html = kept.is_none().then_some(html);
            Page {
                file: PathBuf::from(rel),
                key,
                kept,
                html,
                peer: None,
            }
        })
        .collect()
}

/// What an extraction is given: a page's file (or path in the site) and HTML in memory.
pub type Missing = Vec<(PathBuf, Option<String>)>;

/// Fills in the pages that had no entry with `extract` (given their files, in order) and
/// keeps what it gave. Returns every page's entry, in the order of `pages`.
pub fn complete(
    mut pages: Vec<Page>,
    folder: &Path,
    extract: impl FnOnce(Missing) -> Vec<Result<Vec<u8>, String>>,
) -> Result<Vec<Vec<u8>>, String> {
    let missing: Missing = pages
        .iter_mut()
        .filter(|p| p.kept.is_none())
        .map(|p| (p.file.clone(), p.html.take()))
        .collect();
    fs::create_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    let mut fresh = extract(missing).into_iter();
    let mut entries = Vec::with_capacity(pages.len());
    let mut new = Vec::new();
    let mut linked = Vec::new();
    for page in pages {
        match page.kept {
            Some(bytes) => {
                if let Some(peer) = page.peer {
                    linked.push((entries.len(), page.key, peer));
                }
                entries.push(bytes);
            }
            None => {
                let bytes = fresh
                    .next()
                    .ok_or("the indexer skipped a page")?
                    .map_err(|e| format!("{}: {e}", page.file.display()))?;
                new.push((entries.len(), page.key));
                entries.push(bytes);
            }
        }
    }
    // Failing to keep an entry only costs the next build its extraction again. Written
    // beside and renamed over: the name may be a link to another site's entry.
    let keep = |at: usize, key: &str| {
        let tmp = folder.join(format!("{key}.new"));
        if fs::write(&tmp, &entries[at])
            .and_then(|()| fs::rename(&tmp, folder.join(key)))
            .is_err()
        {
            let _ = fs::remove_file(&tmp);
        }
    };
    new.par_iter().for_each(|(at, key)| keep(*at, key));
    // A link costs no inode and no data; entries never change in place, so sharing is safe.
    linked.par_iter().for_each(|(at, key, peer)| {
        if fs::hard_link(peer, folder.join(key)).is_err() {
            keep(*at, key);
        }
    });
    Ok(entries)
}

/// Removes every entry of `folder` that none of `keys` names.
pub fn prune(folder: &Path, keys: &HashSet<String>) {
    let Ok(list) = fs::read_dir(folder) else { return };
    for entry in list.flatten() {
        if !keys.contains(entry.file_name().to_string_lossy().as_ref()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_changes_with_every_part_and_not_with_how_the_parts_are_cut() {
        let k = key("pf-1", "sv", "nyheter/a/index.html", b"<html>");
        assert_eq!(k, key("pf-1", "sv", "nyheter/a/index.html", b"<html>"));
        assert_eq!(k.len(), 32);
        assert_ne!(k, key("pf-2", "sv", "nyheter/a/index.html", b"<html>"));
        assert_ne!(k, key("pf-1", "en", "nyheter/a/index.html", b"<html>"));
        assert_ne!(k, key("pf-1", "sv", "nyheter/b/index.html", b"<html>"));
        assert_ne!(k, key("pf-1", "sv", "nyheter/a/index.html", b"<html> "));
        assert_ne!(key("a", "bc", "", b""), key("ab", "c", "", b""));
    }

    #[test]
    fn only_missing_pages_are_extracted_and_kept_and_unused_entries_go() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("pages");
        fs::create_dir_all(&folder).unwrap();
        fs::write(folder.join("k1"), b"kept").unwrap();
        fs::write(folder.join("old"), b"stale").unwrap();
        let page = |file: &str, key: &str, kept: Option<&[u8]>| Page {
            file: PathBuf::from(file),
            key: key.into(),
            kept: kept.map(<[u8]>::to_vec),
            html: None,
            peer: None,
        };
        let pages = vec![page("a", "k1", Some(b"kept")), page("b", "k2", None)];
        let entries = complete(pages, &folder, |missing| {
            assert_eq!(missing, [(PathBuf::from("b"), None)]);
            vec![Ok(b"new".to_vec())]
        })
        .unwrap();
        assert_eq!(entries, [b"kept".to_vec(), b"new".to_vec()]);
        assert_eq!(fs::read(folder.join("k2")).unwrap(), b"new");
        prune(&folder, &["k1".to_string(), "k2".to_string()].into());
        assert!(!folder.join("old").exists());
        assert!(folder.join("k1").exists());
    }

    #[test]
    fn an_entry_a_peer_made_is_used_and_linked_in_not_extracted_again() {
        let dir = tempfile::tempdir().unwrap();
        let (own, peer) = (dir.path().join("orsa"), dir.path().join("mora"));
        fs::create_dir_all(&own).unwrap();
        fs::create_dir_all(&peer).unwrap();
        fs::write(peer.join("k1"), b"from mora").unwrap();
        fs::write(dir.path().join("a.html"), b"<p>a</p>").unwrap();
        fs::write(dir.path().join("b.html"), b"<p>b</p>").unwrap();
        let files = vec![dir.path().join("a.html"), dir.path().join("b.html")];
        let key_of = |rel: &str, _: &[u8]| if rel == "a.html" { "k1".into() } else { "k2".into() };
        let pages = look_up(dir.path(), files, &own, std::slice::from_ref(&peer), &key_of).unwrap();
        assert_eq!(pages[0].peer.as_deref(), Some(peer.join("k1").as_path()));
        assert!(pages[1].kept.is_none());
        let entries = complete(pages, &own, |missing| {
            assert_eq!(missing.len(), 1, "only the page no site had is extracted");
            vec![Ok(b"new".to_vec())]
        })
        .unwrap();
        assert_eq!(entries, [b"from mora".to_vec(), b"new".to_vec()]);
        assert_eq!(fs::read(own.join("k1")).unwrap(), b"from mora");
        assert!(!peer.join("k2").exists(), "a peer's folder is only read");
    }
}
