//! Issue 17, item 5: a site hosted in a subfolder (`base_url: https://www.example.se/nyhetsrum/`)
//! carries the path in every internal address, and every such address is a file of the output.

use std::path::Path;

use crate::common::*;

const PREFIX: &str = "/nyhetsrum/";

/// Every `.html` file under `dir`, relative to it.
fn html_files(dir: &Path) -> Vec<String> {
    snapshot_tree(dir)
        .into_iter()
        .map(|(rel, _)| rel)
        .filter(|rel| rel.ends_with(".html") && !rel.starts_with("pagefind/"))
        .collect()
}

/// The output file a root-relative address of the subfolder site is served from.
fn served_file(site: &TestSite, url: &str) -> std::path::PathBuf {
    let path = url.split(['#', '?']).next().unwrap();
    let rel = path
        .strip_prefix(PREFIX)
        .unwrap_or_else(|| panic!("{url} lacks {PREFIX}"));
    let file = site.public().join(rel);
    if rel.is_empty() || rel.ends_with('/') {
        file.join("index.html")
    } else {
        file
    }
}

#[test]
fn issue_17_every_internal_address_of_a_subfolder_site_carries_its_path_and_exists() {
    let site = TestSite::fixture("subfolder");
    site.build_ok();
    let pages = html_files(&site.public());
    assert!(pages.len() > 10, "{pages:?}");
    let mut checked = 0;
    for page in &pages {
        let doc = site.html(page);
        let mut urls = Vec::new();
        for (selector, attr) in [
            ("a", "href"),
            ("link", "href"),
            ("img", "src"),
            ("script", "src"),
            ("source", "srcset"),
            ("img", "srcset"),
            ("form", "action"),
        ] {
            for value in attrs(&doc, selector, attr) {
                // A srcset lists "url width" pairs.
                urls.extend(
                    value
                        .split(',')
                        .filter_map(|c| c.split_whitespace().next().map(str::to_string)),
                );
            }
        }
        for refresh in attrs(&doc, "meta[http-equiv=refresh]", "content") {
            urls.push(refresh.split_once("url=").unwrap().1.to_string());
        }
        for url in urls {
            if !url.starts_with('/') {
                continue; // external, mailto:, #anchor or relative
            }
            assert!(url.starts_with(PREFIX), "{page}: `{url}` does not start with {PREFIX}");
            assert!(
                served_file(&site, &url).is_file(),
                "{page}: `{url}` is not a file of the output"
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} addresses checked");

    let article = site.html("nyheter/vattnet-ar-tillbaka/index.html");
    let links = attrs(&article, "a", "href");
    for expected in [
        "/nyhetsrum/sidor/kakor/",
        "/nyhetsrum/nyheter/den-andra-nyheten/#rubrik",
        "/nyhetsrum/dokument/protokoll.txt",
        "https://www.skatteverket.se/",
    ] {
        assert!(links.iter().any(|l| l == expected), "missing {expected} in {links:?}");
    }
    let own = "https://www.example.se/nyhetsrum/nyheter/vattnet-ar-tillbaka/";
    assert_eq!(attrs(&article, "link[rel=canonical]", "href"), [own]);
    assert_eq!(attrs(&article, ".feedback__form input[name=page_url]", "value"), [own]);
    assert_eq!(attrs(&article, ".helpful__form input[name=page_url]", "value"), [own]);
    // The search page tells Pagefind's UI where the pages and the bundle are.
    let search = site.html("sok/index.html");
    assert_eq!(attrs(&search, "#sok", "data-base-url"), ["/nyhetsrum/"]);
    assert_eq!(attrs(&search, "#sok", "data-bundle-path"), ["/nyhetsrum/pagefind/"]);
    assert!(site.exists("pagefind/pagefind-ui.js"));
}

#[test]
fn issue_17_feeds_sitemap_and_robots_of_a_subfolder_site_are_absolute_under_its_path() {
    let site = TestSite::fixture("subfolder");
    site.build_ok();
    let base = "https://www.example.se/nyhetsrum/";
    let atom = site.read("atom.xml");
    for href in atom.split("href=\"").skip(1).map(|s| s.split('"').next().unwrap()) {
        assert!(href.starts_with(base), "atom.xml: {href}");
    }
    // The article's own links, inside the entry's content, are absolute too.
    assert!(atom.contains("https://www.example.se/nyhetsrum/sidor/kakor/"), "{atom}");
    assert!(!atom.contains("href=&quot;/sidor"), "{atom}");
    let sitemap = site.read("sitemap.xml");
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split('<').next().unwrap())
        .collect();
    assert!(locs.len() > 5);
    assert!(locs.iter().all(|l| l.starts_with(base)), "{locs:?}");
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://www.example.se/nyhetsrum/sitemap.xml")
    );
    let json = site.read("feed.json");
    assert!(
        json.contains(r#""home_page_url": "https://www.example.se/nyhetsrum/""#)
            || json.contains(r#""home_page_url":"https://www.example.se/nyhetsrum/""#),
        "{json}"
    );
}

/// Issue 25, item 13: crawlers read only the host's own /robots.txt, so the build of a
/// subfolder site says which line that file needs (and a root site is not told anything).
#[test]
fn issue_25_a_subfolder_build_prints_the_sitemap_line_for_the_hosts_robots_txt() {
    let site = TestSite::fixture("subfolder");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("Sitemap: https://www.example.se/nyhetsrum/sitemap.xml"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("robots.txt i webbserverns rot"), "{}", run.stdout);
    let root = TestSite::fixture("basic");
    let run = root.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("Sitemap:"), "{}", run.stdout);
}
