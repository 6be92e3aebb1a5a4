//! search: the Pagefind index for "Sök på webbplatsen", kept between builds.
//!
//! Pagefind reads the finished article and page HTML from the staging folder and
//! indexes it in parallel (its per-file API is serial and quadratic in the number
//! of pages, so it is not used). The bundle — index, fragments, the Swedish
//! stemmer's wasm and the UI — is written into a bundle folder in the cache that
//! outlives the build: its fragment, index and filter files are named by a hash of
//! their content, and Pagefind skips (does not compress again) a hashed file that is
//! already there, so a one-article edit compresses only the files that changed. The
//! build then links the bundle into staging and drops files no index names any more.
//!
//! The folder is trusted only when the last indexing finished: a marker is removed
//! before Pagefind writes and put back after, so a build killed halfway leaves a
//! folder the next build starts afresh instead of one with a half-written file that
//! would be skipped forever.

// Without the `search` feature only the refusal below is compiled in use.
#![cfg_attr(not(feature = "search"), allow(dead_code, unused_imports))]

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

#[cfg(feature = "search")]
use pagefind::api::PagefindIndex;
#[cfg(feature = "search")]
use pagefind::options::PagefindServiceConfig;

use crate::diag::error::Diagnostic;
#[cfg(feature = "search")]
use crate::write::extracts;

/// Present in the bundle folder only while it holds a complete, consistent bundle.
const COMPLETE: &str = ".notis-complete";

/// The folders of Pagefind's content-hashed (immutable) files.
const HASHED_FOLDERS: [&str; 3] = ["fragment", "index", "filter"];

/// Without the `search` feature there is no index; say so instead of building a dead search page.
#[cfg(not(feature = "search"))]
pub fn index_directory(
    _dir: &Path,
    _glob: &str,
    _bundle: &Path,
    _peers: &[PathBuf],
) -> Result<Vec<String>, Diagnostic> {
    Err(Diagnostic::error(
        crate::config::CONFIG_FILE,
        crate::diag::messages::search_unavailable(),
    ))
}

/// The language every page is indexed in (notis's sites are Swedish).
const LANGUAGE: &str = "sv";

/// Where the pages to index are.
pub enum Pages<'a> {
    /// Written under a folder (the staging folder); the glob, relative to it, selects them.
    /// `peers` are the bundle folders of the sites built before this one in the same run,
    /// whose extractions serve pages this site shares with them.
    Written {
        dir: &'a Path,
        glob: &'a str,
        peers: &'a [PathBuf],
    },
    /// Rendered in memory (the preview): (path relative to the site, HTML).
    Rendered(Vec<(String, String)>),
}

/// Indexes the searchable pages already written under `dir` into the bundle folder
/// `bundle`, and returns the bundle's files, relative to it. `glob` selects the pages,
/// relative to `dir`.
#[cfg(feature = "search")]
pub fn index_directory(dir: &Path, glob: &str, bundle: &Path, peers: &[PathBuf]) -> Result<Vec<String>, Diagnostic> {
    index(Pages::Written { dir, glob, peers }, bundle)
}

/// Indexes `pages` into the bundle folder `bundle` and returns the bundle's files, relative
/// to it. Pages whose HTML is unchanged since an earlier indexing come from the extraction
/// cache beside the bundle (`extracts`); Pagefind parses only the others, in parallel.
#[cfg(feature = "search")]
pub fn index(pages: Pages, bundle: &Path) -> Result<Vec<String>, Diagnostic> {
    let run = || -> Result<Vec<String>, String> {
        open_bundle(bundle).map_err(|e| format!("{}: {e}", bundle.display()))?;
        // Pagefind's file writing is async; its compression runs on the blocking pool.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .max_blocking_threads(rayon::current_num_threads().max(1))
            .build()
            .map_err(|e| format!("cannot start the indexer: {e}"))?;
        // search_view.rs mirrors what Pagefind leaves out with these options: a root selector
        // or exclude selectors set here must be mirrored there, or copies that differ in
        // what Pagefind reads could share an extraction.
        let config = PagefindServiceConfig::builder()
            .force_language(LANGUAGE.to_string())
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        add_pages(&mut index, pages, &extracts::folder(bundle))?;
        pagefind::api::take_failed_writes();
        runtime
            .block_on(index.write_files(Some(bundle.to_string_lossy().into_owned())))
            .map_err(|e| e.to_string())?;
        drop(index);
        // The folder stays unmarked, so the next build starts it afresh.
        if let Some(failed) = pagefind::api::take_failed_writes().first() {
            return Err(failed.clone());
        }
        close_bundle(bundle).map_err(|e| format!("{}: {e}", bundle.display()))
    };
    run().map_err(|e| Diagnostic::error(crate::config::CONFIG_FILE, crate::diag::messages::search_failed(&e)))
}

/// Adds the pages to the index in path order (so the index is the same whatever the cache
/// held), each from its kept extraction or freshly extracted. An unreadable cache is
/// emptied and every page extracted again.
#[cfg(feature = "search")]
fn add_pages(index: &mut PagefindIndex, pages: Pages, folder: &Path) -> Result<(), String> {
    // Again without the peers: one of their entries may be what could not be read.
    let (dir, again) = match &pages {
        Pages::Written { dir, glob, .. } => (Some(*dir), Some(Pages::Written { dir, glob, peers: &[] })),
        Pages::Rendered(_) => (None, None),
    };
    let found = look_up(pages, folder)?;
    let keys: HashSet<String> = found.iter().map(|p| p.key.clone()).collect();
    let reused = found.iter().any(|p| p.kept.is_some());
    let entries = extracts::complete(found, folder, |missing| extract(index, dir, missing))?;
    if let Err(e) = index.add_extracted(entries) {
        let _ = fs::remove_dir_all(folder);
        // Pages in memory are gone by now: the preview indexes again after the next save.
        let Some(again) = again.filter(|_| reused) else {
            return Err(e.to_string());
        };
        let entries = extracts::complete(look_up(again, folder)?, folder, |missing| extract(index, dir, missing))?;
        index.add_extracted(entries).map_err(|e| e.to_string())?;
    }
    extracts::prune(folder, &keys);
    Ok(())
}

/// Every page with its entry's name and its kept entry, in path order.
#[cfg(feature = "search")]
fn look_up(pages: Pages, folder: &Path) -> Result<Vec<extracts::Page>, String> {
    match pages {
        Pages::Written { dir, glob, peers } => {
            let mut files = pagefind::api::glob_files(dir, glob).map_err(|e| e.to_string())?;
            files.sort();
            let peers: Vec<PathBuf> = peers.iter().map(|p| extracts::folder(p)).collect();
            extracts::look_up(dir, files, folder, &peers, &key_of).map_err(|e| e.to_string())
        }
        Pages::Rendered(mut list) => {
            list.sort();
            Ok(extracts::look_up_rendered(list, folder, &key_of))
        }
    }
}

/// The name of a page's entry: a hash of the part of the page Pagefind reads (the whole
/// page when that cannot be told), its path, Pagefind's version and the options.
#[cfg(feature = "search")]
fn key_of(rel: &str, html: &[u8]) -> String {
    let version = pagefind::api::EXTRACT_VERSION;
    match crate::write::search_view::view(html) {
        Some(view) => extracts::key(version, &format!("{LANGUAGE} view"), rel, &view),
        None => extracts::key(version, LANGUAGE, rel, html),
    }
}

/// Pagefind's extraction of pages without an entry: from their files under `dir`, or from
/// the HTML in memory.
#[cfg(feature = "search")]
fn extract(index: &PagefindIndex, dir: Option<&Path>, missing: extracts::Missing) -> Vec<Result<Vec<u8>, String>> {
    let done = match dir {
        Some(dir) => index.extract_files(dir.to_path_buf(), missing.into_iter().map(|(file, _)| file).collect()),
        None => index.extract_html(
            missing
                .into_iter()
                .map(|(path, html)| (path, html.unwrap_or_default()))
                .collect(),
        ),
    };
    done.into_iter().map(|r| r.map_err(|e| e.to_string())).collect()
}

/// Whether the bundle folder holds a complete bundle now (no indexing is writing into it).
pub fn is_complete(bundle: &Path) -> bool {
    bundle.join(COMPLETE).is_file()
}

/// Readies the bundle folder for Pagefind: a folder without the marker (none yet, or a
/// build stopped halfway) is emptied; otherwise the hashed files stay and the others —
/// the entry file, scripts and wasm, which Pagefind rewrites in place — are unlinked
/// first, since the live output holds hard links to them that must not change.
fn open_bundle(bundle: &Path) -> io::Result<()> {
    if fs::remove_file(bundle.join(COMPLETE)).is_err() {
        match fs::remove_dir_all(bundle) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    fs::create_dir_all(bundle)?;
    for entry in fs::read_dir(bundle)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type()?.is_dir() {
            if !HASHED_FOLDERS.contains(&name.as_str()) {
                fs::remove_dir_all(entry.path())?;
            }
        } else if !name.ends_with(".pf_meta") {
            fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// Drops every hashed file the new index does not name, marks the folder complete and
/// lists what is left (relative paths, sorted).
#[cfg(feature = "search")]
fn close_bundle(bundle: &Path) -> io::Result<Vec<String>> {
    let entry = fs::read(bundle.join("pagefind-entry.json"))?;
    let metas = meta_files(&entry)?;
    let mut named = HashSet::new();
    for meta in &metas {
        named.extend(words(&gunzip(&fs::read(bundle.join(meta))?)?));
    }
    let mut files = Vec::new();
    for rel in crate::content::walker::written_files(bundle)? {
        if keeps(&rel, &metas, &named) {
            files.push(rel);
        } else {
            fs::remove_file(bundle.join(&rel))?;
        }
    }
    fs::write(bundle.join(COMPLETE), b"")?;
    Ok(files)
}

/// The metadata files the entry file points to: `pagefind.{hash}.pf_meta`, one per language.
fn meta_files(entry: &[u8]) -> io::Result<BTreeSet<String>> {
    let value: serde_json::Value = serde_json::from_slice(entry).map_err(io::Error::other)?;
    let languages = value
        .get("languages")
        .and_then(|l| l.as_object())
        .ok_or_else(|| io::Error::other("pagefind-entry.json has no languages"))?;
    Ok(languages
        .values()
        .filter_map(|l| l.get("hash")?.as_str())
        .map(|hash| format!("pagefind.{hash}.pf_meta"))
        .collect())
}

/// Whether a bundle file belongs to the current index: a hashed file must be named in
/// one of the (decompressed) metadata files, a metadata file by the entry file; the
/// rest (entry, scripts, wasm) were just written.
fn keeps(rel: &str, metas: &BTreeSet<String>, named: &HashSet<String>) -> bool {
    if let Some((folder, name)) = rel.split_once('/')
        && HASHED_FOLDERS.contains(&folder)
    {
        return named.contains(name.split('.').next().unwrap_or(name));
    }
    if rel.ends_with(".pf_meta") {
        return metas.contains(rel);
    }
    rel != COMPLETE
}

/// Every text string in a metadata file (after Pagefind's `pagefind_dcd` signature, it is
/// CBOR): among them, every hash it names. CBOR puts each item's header right before it,
/// so one pass over the headers, skipping the bytes of strings, visits every item.
fn words(meta: &[u8]) -> Vec<String> {
    let bytes = meta.strip_prefix(b"pagefind_dcd").unwrap_or(meta);
    let mut texts = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let (major, info) = (bytes[i] >> 5, bytes[i] & 0x1f);
        i += 1;
        let size = match info {
            0..=23 | 31 => 0,
            24 => 1,
            25 => 2,
            26 => 4,
            27 => 8,
            _ => break,
        };
        let Some(arg) = bytes.get(i..i + size) else { break };
        let arg = if info < 24 {
            info as usize
        } else {
            arg.iter()
                .fold(0usize, |n, b| n.saturating_mul(256).saturating_add(*b as usize))
        };
        i += size;
        // Byte and text strings carry `arg` bytes; an indefinite one (31) is made of chunks.
        if matches!(major, 2 | 3) && info != 31 {
            let Some(payload) = bytes.get(i..i.saturating_add(arg)) else {
                break;
            };
            if major == 3 {
                texts.push(String::from_utf8_lossy(payload).into_owned());
            }
            i += arg;
        }
    }
    texts
}

#[cfg(feature = "search")]
fn gunzip(bytes: &[u8]) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The view's promise, checked against Pagefind itself: pages whose differences lie only
    /// where the view cuts give one view and one extraction, so sharing an entry is safe.
    #[cfg(feature = "search")]
    #[test]
    fn pages_with_one_view_give_pagefind_one_extraction() {
        let page = |site: &str, header: &str| {
            format!(
                "<!doctype html><html lang=\"sv\"><head><title>Snö – {site}</title>\
                 <link rel=\"canonical\" href=\"https://www.{site}.se/a/\"><script>var s='{site}';</script></head>\
                 <body><header {header}><a href=\"https://www.{site}.se/\"><img src=\"/logo.svg\" alt=\"\"><span>{site} kommun</span></a></header>\
                 <nav><a href=\"/{site}\">{site}</a></nav><main><article data-pagefind-body data-pagefind-filter=\"År:2026\">\
                 <h1 id=\"rubrik\">Snöröjning</h1><p>Vi <a href=\"/plogar/\">plogar</a> vägarna.<svg><text>{site}</text></svg></p>\
                 <form action=\"https://www.{site}.se/synpunkter\"><label>Kommentar {site}</label></form>\
                 <footer data-pagefind-ignore=\"all\"><h2 id=\"dela\">Dela</h2><a href=\"https://x.com/?u={site}\">X</a></footer>\
                 </article></main><aside data-pagefind-ignore=\"all\"><h2 id=\"mer\">Mer</h2><p>{site}</p></aside>\
                 <footer><h2>{site} kommun</h2></footer></body></html>"
            )
        };
        let index = PagefindIndex::new(Some(
            PagefindServiceConfig::builder()
                .force_language(LANGUAGE.to_string())
                .build(),
        ))
        .unwrap();
        let path = || PathBuf::from("nyheter/snorojning/index.html");
        for header in ["data-pagefind-ignore=\"all\"", "data-pagefind-ignore=\"ALL\""] {
            let (mora, orsa) = (page("mora", header), page("orsa", header));
            assert_ne!(mora, orsa);
            assert_eq!(key_of("a", mora.as_bytes()), key_of("a", orsa.as_bytes()));
            let made = index.extract_html(vec![(path(), mora), (path(), orsa)]);
            let [mora, orsa] = [&made[0], &made[1]].map(|r| r.as_ref().unwrap());
            assert_eq!(mora, orsa, "Pagefind extracts the same from both");
        }
        // Without the header left out, its text changes nothing Pagefind keeps, but the view
        // keeps it, so the pages are extracted apiece.
        let (mora, orsa) = (page("mora", ""), page("orsa", ""));
        assert_ne!(key_of("a", mora.as_bytes()), key_of("a", orsa.as_bytes()));
    }

    /// What Pagefind reads inside elements it leaves out (found by trying to break the view):
    /// pages that differ only there are extracted differently, so their keys must differ.
    #[cfg(feature = "search")]
    #[test]
    fn what_pagefind_reads_inside_left_out_elements_keeps_pages_apart() {
        let doc = |head: &str, body: &str| {
            format!("<!doctype html><html lang=\"sv\"><head>{head}</head><body>{body}</body></html>")
        };
        let pairs: Vec<(String, String)> = [
            (
                "<footer></footer>",
                "<footer><div data-pagefind-body>Mora</div></footer>",
            ),
            (
                "<footer><div data-pagefind-body>Mora</div></footer>",
                "<footer><div data-pagefind-body>Orsa</div></footer>",
            ),
            (
                "<h1>Snö</h1><footer><img src=\"/mora.png\" alt=\"Mora\"></footer>",
                "<h1>Snö</h1><footer><img src=\"/orsa.png\" alt=\"Orsa\"></footer>",
            ),
            (
                "<nav><h1>Mora</h1></nav><h1>Snö</h1>",
                "<nav><h1>Orsa</h1></nav><h1>Snö</h1>",
            ),
            (
                "<p>Snö</p><nav id=\"mora\"><a>Mora</a></nav>",
                "<p>Snö</p><nav id=\"mora\"><a>Orsa</a></nav>",
            ),
            (
                "<p>Snö</p><footer data-pagefind-index-attrs=\"title\" title=\"Mora\"></footer>",
                "<p>Snö</p><footer data-pagefind-index-attrs=\"title\" title=\"Orsa\"></footer>",
            ),
            (
                "<p>Snö</p><footer data-pagefind-filter=\"Kommun\">Mora</footer>",
                "<p>Snö</p><footer data-pagefind-filter=\"Kommun\">Orsa</footer>",
            ),
            (
                "<p>Snö</p><div data-pagefind-ignore=\"all\" data-pagefind-filter=\"K:Mora\"><svg/></div>",
                "<p>Snö</p><div data-pagefind-ignore=\"all\" data-pagefind-filter=\"K:Orsa\"><svg/></div>",
            ),
            (
                "<h1>Snö</h1><div data-pagefind-ignore=\"all\"><nav><img src=\"/mora.png\"></nav></div>",
                "<h1>Snö</h1><div data-pagefind-ignore=\"all\"><nav><img src=\"/orsa.png\"></nav></div>",
            ),
            ("<p>a\u{0}nav\u{0}b</p>", "<p>a<nav>x</nav>b</p>"),
        ]
        .iter()
        .map(|(a, b)| (doc("", a), doc("", b)))
        .chain([
            (
                doc("<title>Snö – Mora</title>", "<p>x</p>"),
                doc("<title>Snö – Orsa</title>", "<p>x</p>"),
            ),
            (
                doc(
                    "<meta data-pagefind-filter=\"Kommun[content]\" content=\"Mora\">",
                    "<p>x</p>",
                ),
                doc(
                    "<meta data-pagefind-filter=\"Kommun[content]\" content=\"Orsa\">",
                    "<p>x</p>",
                ),
            ),
        ])
        .collect();
        let index = PagefindIndex::new(Some(
            PagefindServiceConfig::builder()
                .force_language(LANGUAGE.to_string())
                .build(),
        ))
        .unwrap();
        let mut apart = 0;
        for (a, b) in pairs {
            let path = || PathBuf::from("nyheter/a/index.html");
            let made = index.extract_html(vec![(path(), a.clone()), (path(), b.clone())]);
            let [one, two] = [&made[0], &made[1]].map(|r| r.as_ref().unwrap());
            if one != two {
                apart += 1;
                assert_ne!(key_of("a", a.as_bytes()), key_of("a", b.as_bytes()), "{a}\n{b}");
            }
        }
        assert!(apart >= 10, "the pairs show what Pagefind reads: {apart}");
    }

    #[test]
    fn only_files_the_index_names_are_kept() {
        let metas: BTreeSet<String> = ["pagefind.sv_123.pf_meta".to_string()].into();
        // As Pagefind writes it: an index chunk "00"–"wwwmoras" named sv_ccc3, glued together.
        let named: HashSet<String> =
            words(b"pagefind_dcd\x92\x83\x67sv_aaa1\x19\x01\x18\x83\x6200\x68wwwmoras\x67sv_ccc3\x65\xc3\x84mne")
                .into_iter()
                .collect();
        assert!(!named.contains("sv_aaa"));
        assert!(named.contains("Ämne"));
        assert!(keeps("fragment/sv_aaa1.pf_fragment", &metas, &named));
        assert!(!keeps("fragment/sv_bbb2.pf_fragment", &metas, &named));
        assert!(keeps("index/sv_ccc3.pf_index", &metas, &named));
        assert!(keeps("pagefind.sv_123.pf_meta", &metas, &named));
        assert!(!keeps("pagefind.sv_old.pf_meta", &metas, &named));
        assert!(keeps("pagefind-ui.js", &metas, &named));
        assert!(!keeps(COMPLETE, &metas, &named));
    }

    #[test]
    fn the_entry_file_names_one_metadata_file_per_language() {
        let entry = br#"{"version":"1.6.0","languages":{"sv":{"hash":"sv_5f3a","wasm":"sv","page_count":3}}}"#;
        let metas = meta_files(entry).unwrap();
        assert_eq!(metas.into_iter().collect::<Vec<_>>(), vec!["pagefind.sv_5f3a.pf_meta"]);
    }

    #[test]
    fn a_folder_left_by_a_stopped_build_is_started_afresh() {
        let dir = tempfile::tempdir().unwrap();
        let bundle = dir.path().join("pagefind");
        fs::create_dir_all(bundle.join("fragment")).unwrap();
        fs::write(bundle.join("fragment/sv_half.pf_fragment"), b"trunc").unwrap();
        open_bundle(&bundle).unwrap();
        assert!(!bundle.join("fragment/sv_half.pf_fragment").exists());
        // A complete folder keeps its hashed files and loses the rewritten ones.
        fs::create_dir_all(bundle.join("fragment")).unwrap();
        fs::write(bundle.join("fragment/sv_kept.pf_fragment"), b"x").unwrap();
        fs::write(bundle.join("pagefind-entry.json"), b"{}").unwrap();
        fs::write(bundle.join(COMPLETE), b"").unwrap();
        open_bundle(&bundle).unwrap();
        assert!(bundle.join("fragment/sv_kept.pf_fragment").exists());
        assert!(!bundle.join("pagefind-entry.json").exists());
        assert!(!bundle.join(COMPLETE).exists());
    }
}
