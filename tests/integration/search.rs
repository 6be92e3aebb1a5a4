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
