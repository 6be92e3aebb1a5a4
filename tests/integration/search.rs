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

/// The extraction cache (issue 26): one entry per indexed page, named by a hash of its HTML.
fn extraction_entries(site: &TestSite) -> std::collections::BTreeMap<String, std::time::SystemTime> {
    let folder = site.root().join(".public.notis-cache/pagefind-pages");
    std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), modified(&e.path())))
        .collect()
}

/// Writes the same content into a site: the final state of the sequence below.
fn edited_news(site: &TestSite, a: &str) {
    site.write(
        "content/nyheter/a.md",
        &format!("{a}\nEtt nytt stycke om snöröjning på Storgatan.\n"),
    );
    site.write(
        "content/nyheter/d.md",
        "---\ntitle: Fjärde nyheten om vattenläckan\ndate: 2024-03-05\ntags: [IT]\n---\nVattnet är avstängt på Ågatan.\n",
    );
}

/// Issue 26: edits, a new article, a rename and a deletion, each built into the kept
/// bundle and extraction cache, give byte for byte the bundle of a clean build of the
/// same content; an edit extracts only the edited page again (the other pages' entries
/// keep their time) and entries of pages that are gone are removed.
#[test]
fn the_bundle_after_edits_new_articles_renames_and_deletions_is_the_clean_builds() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let first = extraction_entries(&site);
    // One entry per page the search glob selects (the indexed ones and the news archive).
    assert_eq!(first.len(), indexed_urls(&site).len() + 1, "{first:?}");
    let a = std::fs::read_to_string(site.root().join("content/nyheter/a.md")).unwrap();
    site.write(
        "content/nyheter/a.md",
        &format!("{a}\nEtt nytt stycke om snöröjning på Storgatan.\n"),
    );
    site.build_ok();
    let edited = extraction_entries(&site);
    assert_eq!(edited.len(), first.len(), "the edited page's old entry is removed");
    let kept: Vec<_> = edited.iter().filter(|(k, t)| first.get(*k) == Some(t)).collect();
    assert_eq!(kept.len(), first.len() - 1, "only the edited page is extracted again");
    edited_news(&site, &a);
    site.build_ok();
    // A rename (file and title: a new address) and a deletion.
    let b = std::fs::read_to_string(site.root().join("content/nyheter/b.md")).unwrap();
    std::fs::remove_file(site.root().join("content/nyheter/b.md")).unwrap();
    site.write(
        "content/nyheter/e.md",
        &b.replace("Andra nyheten", "Andra nyheten, flyttad"),
    );
    std::fs::remove_file(site.root().join("content/nyheter/sub/c.md")).unwrap();
    site.build_ok();
    assert!(indexed_urls(&site).iter().any(|u| u.contains("flyttad")));
    assert_eq!(
        extraction_entries(&site).len(),
        indexed_urls(&site).len() + 1,
        "entries of gone pages removed"
    );

    let clean = TestSite::fixture("basic");
    edited_news(&clean, &a);
    std::fs::remove_file(clean.root().join("content/nyheter/b.md")).unwrap();
    clean.write(
        "content/nyheter/e.md",
        &b.replace("Andra nyheten", "Andra nyheten, flyttad"),
    );
    std::fs::remove_file(clean.root().join("content/nyheter/sub/c.md")).unwrap();
    clean.build_ok();
    assert_same_tree(&site.public().join("pagefind"), &clean.public().join("pagefind"));
}

/// Issue 26: after a one-sentence edit of one article of forty, at most 10 files of the
/// published bundle are new or rewritten; every other file keeps its inode and time (a
/// deploy by rsync or to object storage moves only those).
#[test]
fn a_one_sentence_edit_rewrites_at_most_ten_bundle_files() {
    use std::os::unix::fs::MetadataExt;
    let site = TestSite::fixture("basic");
    let words = [
        "snöröjning",
        "vattenläcka",
        "bygglov",
        "förskola",
        "återvinning",
        "busstrafik",
        "äldreboende",
    ];
    for i in 0..40 {
        let text: Vec<String> = (0..60)
            .map(|j| format!("{}{}", words[(i + j) % words.len()], (i * 7 + j) % 13))
            .collect();
        site.write(
            &format!("content/nyheter/n{i:02}.md"),
            &format!(
                "---\ntitle: Nyhet nummer {i}\ndate: 2024-02-{:02}\ntags: [IT]\n---\n{}.\n",
                i % 28 + 1,
                text.join(" ")
            ),
        );
    }
    site.build_ok();
    let bundle = site.public().join("pagefind");
    let stamp = |rel: &String| {
        let m = std::fs::metadata(bundle.join(rel)).unwrap();
        (m.ino(), m.mtime(), m.mtime_nsec())
    };
    let files = |dir: &std::path::Path| -> Vec<String> {
        let mut out = Vec::new();
        for e in walk(dir) {
            out.push(e.strip_prefix(dir).unwrap().to_string_lossy().into_owned());
        }
        out
    };
    let before: std::collections::BTreeMap<String, _> =
        files(&bundle).into_iter().map(|f| (f.clone(), stamp(&f))).collect();
    assert!(before.len() > 40, "{} files", before.len());
    let path = site.root().join("content/nyheter/n17.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\nMötet flyttas till stadshuset.\n")).unwrap();
    site.build_ok();
    let after = files(&bundle);
    let rewritten: Vec<&String> = after.iter().filter(|f| before.get(*f) != Some(&stamp(f))).collect();
    assert!(!rewritten.is_empty());
    assert!(rewritten.len() <= 10, "{} rewritten: {rewritten:?}", rewritten.len());
}

/// Every file under `dir`, recursively.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.file_type().unwrap().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}
