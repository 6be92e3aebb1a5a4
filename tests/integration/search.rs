//! Issue 4: the Pagefind search bundle is written with the site and covers articles and pages.

use std::collections::BTreeSet;
use std::io::Read;

use crate::common::*;

/// URLs of all pages in the index, read from Pagefind's (gzipped) fragment files.
fn indexed_urls(site: &TestSite) -> BTreeSet<String> {
    let dir = site.public().join("pagefind/fragment");
    let mut urls = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let mut text = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(entry.path()).unwrap())
            .read_to_string(&mut text)
            .unwrap();
        let json = text.trim_start_matches("pagefind_dcd");
        let fragment: serde_json::Value = serde_json::from_str(json).unwrap();
        urls.insert(fragment["url"].as_str().unwrap().to_string());
    }
    urls
}

#[test]
fn search_bundle_indexes_every_article_and_page_in_swedish() {
    let site = TestSite::sample();
    site.build_ok();
    for file in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-ui.js",
        "pagefind/pagefind-ui.css",
        "pagefind/pagefind-entry.json",
        "pagefind/wasm.sv.pagefind",
        "tema/sok.js",
        "sok/index.html",
    ] {
        assert!(site.exists(file), "{file} missing");
    }
    let entry: serde_json::Value = serde_json::from_str(&site.read("pagefind/pagefind-entry.json")).unwrap();
    assert!(entry["languages"]["sv"].is_object(), "{entry}");

    let urls = indexed_urls(&site);
    let articles: Vec<_> = std::fs::read_dir(site.root().join("content/nyheter"))
        .unwrap()
        .collect();
    assert_eq!(urls.len(), articles.len() + 2, "{urls:?}");
    assert!(urls.contains("/nyheter/storningar-hos-kommunernas-it-system/"));
    assert!(urls.contains("/sidor/tillganglighetsredogorelse/"));
    assert!(
        !urls
            .iter()
            .any(|u| u.starts_with("/amne/") || u == "/nyheter/" || u == "/"),
        "listings are not indexed: {urls:?}"
    );
}

#[test]
fn search_page_works_from_the_header_form_and_says_what_to_do_without_javascript() {
    let site = TestSite::sample();
    site.build_ok();
    let doc = site.html("sok/index.html");
    assert_eq!(texts(&doc, "h1"), ["Sök på webbplatsen"]);
    assert_eq!(
        attrs(&doc, "script[src]", "src"),
        ["/pagefind/pagefind-ui.js", "/tema/sok.js"]
    );
    assert_eq!(attrs(&doc, "form.site-search input[type=search]", "name"), ["q"]);
    let noscript = site.read("sok/index.html");
    assert!(
        noscript.contains("Sökningen behöver JavaScript"),
        "a plain no-JS notice"
    );
    assert!(
        noscript.contains("/nyheter/arkiv/") && noscript.contains("/amne/"),
        "links onward without JS"
    );
}

#[test]
fn article_marks_what_to_index() {
    let site = TestSite::sample();
    site.build_ok();
    let doc = site.html("nyheter/storningar-hos-kommunernas-it-system/index.html");
    assert_eq!(
        attrs(&doc, "article[data-pagefind-body]", "data-pagefind-filter"),
        ["År:2018"]
    );
    assert_eq!(
        attrs(&doc, "a.topic[data-pagefind-filter]", "data-pagefind-filter"),
        ["Ämne:IT", "Ämne:Driftstörning"]
    );
    assert_eq!(attrs(&doc, ".article__footer", "data-pagefind-ignore"), ["all"]);
}

#[test]
fn search_can_be_turned_off() {
    let site = TestSite::fixture("basic");
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{config}search: false\n"));
    site.build_ok();
    assert!(!site.exists("pagefind"));
    assert!(!site.exists("sok/index.html"));
    assert!(texts(&site.html("index.html"), "form.site-search").is_empty());
}

#[test]
fn search_bundle_is_deterministic() {
    let a = TestSite::fixture("basic");
    let b = TestSite::fixture("basic");
    a.build_ok();
    b.build_ok();
    assert!(a.exists("pagefind/pagefind-entry.json"));
    assert_same_tree(&a.public().join("pagefind"), &b.public().join("pagefind"));
}

/// The cache folder's copy of the bundle, kept between builds (issue 18).
fn bundle_cache(site: &TestSite) -> std::path::PathBuf {
    site.root().join(".public.notis-cache/pagefind")
}

fn modified(path: &std::path::Path) -> std::time::SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

/// Issue 18: an edit re-indexes into the kept bundle; only the changed article's fragment
/// is new, the others are the same files, the old fragment is gone, and the result is
/// exactly what a clean build gives.
#[test]
fn an_edit_rebuilds_the_index_into_the_kept_bundle_with_the_clean_builds_result() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let fragments = bundle_cache(&site).join("fragment");
    let before: BTreeSet<String> = std::fs::read_dir(&fragments)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(before.len() >= 3, "{before:?}");
    let times: Vec<_> = before.iter().map(|f| modified(&fragments.join(f))).collect();
    let text = std::fs::read_to_string(site.root().join("content/nyheter/a.md")).unwrap();
    site.write(
        "content/nyheter/a.md",
        &format!("{text}\nEtt nytt stycke om vattenverket.\n"),
    );
    site.build_ok();
    let after: BTreeSet<String> = std::fs::read_dir(&fragments)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(before.difference(&after).count(), 1, "one old fragment pruned");
    assert_eq!(after.difference(&before).count(), 1, "one new fragment");
    for (f, t) in before.iter().zip(&times) {
        if after.contains(f) {
            assert_eq!(modified(&fragments.join(f)), *t, "{f} was written again");
        }
    }
    // Published bundle = kept bundle, and equal to a clean build of the same source.
    let clean = TestSite::fixture("basic");
    clean.write(
        "content/nyheter/a.md",
        &format!("{text}\nEtt nytt stycke om vattenverket.\n"),
    );
    clean.build_ok();
    assert_same_tree(&site.public().join("pagefind"), &clean.public().join("pagefind"));
    assert!(indexed_urls(&site).iter().any(|u| u.contains("/nyheter/")));
}

/// A bundle folder left by a build that stopped while Pagefind wrote is not trusted: a
/// truncated fragment in it would otherwise be skipped (kept) forever.
#[test]
fn a_half_written_bundle_folder_is_rebuilt_from_scratch() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let fragments = bundle_cache(&site).join("fragment");
    let victim = std::fs::read_dir(&fragments).unwrap().next().unwrap().unwrap().path();
    // As if the process died mid-write: the file cut short and the folder not marked complete.
    std::fs::write(&victim, b"\x1f\x8b").unwrap();
    std::fs::remove_file(bundle_cache(&site).join(".notis-complete")).unwrap();
    site.write(
        "content/nyheter/b.md",
        &format!(
            "{}\nMer text.\n",
            std::fs::read_to_string(site.root().join("content/nyheter/b.md")).unwrap()
        ),
    );
    site.build_ok();
    let clean = TestSite::fixture("basic");
    clean.write(
        "content/nyheter/b.md",
        &std::fs::read_to_string(site.root().join("content/nyheter/b.md")).unwrap(),
    );
    clean.build_ok();
    assert_same_tree(&site.public().join("pagefind"), &clean.public().join("pagefind"));
}

/// Every index, filter and fragment file the bundle's metadata names is published: the
/// kept bundle is pruned to what the index uses, never below it (the filters "År" and
/// "Ämne" and the word index are files of their own).
#[test]
fn every_file_the_index_names_is_published() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let bundle = site.public().join("pagefind");
    let entry: serde_json::Value = serde_json::from_str(&site.read("pagefind/pagefind-entry.json")).unwrap();
    let hash = entry["languages"]["sv"]["hash"].as_str().unwrap();
    let mut meta = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(bundle.join(format!("pagefind.{hash}.pf_meta"))).unwrap())
        .read_to_end(&mut meta)
        .unwrap();
    let published: Vec<String> = ["fragment", "index", "filter"]
        .iter()
        .flat_map(|d| std::fs::read_dir(bundle.join(d)).unwrap())
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    // Pagefind's hashes are "sv_" and at least seven hexadecimal digits.
    let mut named = 0;
    for (at, _) in meta.windows(3).enumerate().filter(|(_, w)| w == b"sv_") {
        let digits: String = meta[at + 3..]
            .iter()
            .take(7)
            .take_while(|b| b.is_ascii_hexdigit())
            .map(|&b| b as char)
            .collect();
        if digits.len() == 7 {
            named += 1;
            let prefix = format!("sv_{digits}");
            assert!(
                published.iter().any(|f| f.starts_with(&prefix)),
                "{prefix} is named but not published"
            );
        }
    }
    assert!(named >= published.len(), "{named} names for {} files", published.len());
    for dir in ["index", "filter"] {
        assert!(
            std::fs::read_dir(bundle.join(dir)).unwrap().count() > 0,
            "no {dir} files"
        );
    }
}
