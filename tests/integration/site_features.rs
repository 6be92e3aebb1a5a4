//! Issue 3: topics, archive, feeds, sitemap, redirects, sharing metadata,
//! scheduling, alerts, the age notice and the legal pages.

use crate::common::*;

#[test]
fn topics_index_and_topic_pages() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let index = site.html("amne/index.html");
    assert_eq!(
        texts(&index, ".count-list li"),
        ["Bygga och bo (1 nyhet)", "IT (2 nyheter)"]
    );
    let it = site.html("amne/it/index.html");
    assert_eq!(texts(&it, "h1"), ["IT"]);
    assert_eq!(
        texts(&it, ".article-list__title a"),
        ["Andra nyheten", "Första nyheten"]
    );
    let article = site.html("nyheter/forsta-nyheten/index.html");
    assert_eq!(attrs(&article, "a.topic", "href"), ["/amne/bygga-och-bo/", "/amne/it/"]);
    assert!(site.exists("amne/it/atom.xml"));
}

#[test]
fn topic_pages_paginate() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/nyheter/d.md",
        "---\ntitle: Fjärde\ndate: 2024-03-10\ntags: [IT]\n---\n",
    );
    site.build_ok();
    assert!(site.exists("amne/it/sida/2/index.html"));
    let p2 = site.html("amne/it/sida/2/index.html");
    assert_eq!(texts(&p2, ".article-list__title a"), ["Första nyheten"]);
}

#[test]
fn archive_lists_years_and_months_in_swedish() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let archive = site.html("nyheter/arkiv/index.html");
    assert_eq!(
        texts(&archive, ".count-list li"),
        ["2024 (2 nyheter)", "2023 (1 nyhet)"]
    );
    let y2024 = site.html("nyheter/arkiv/2024/index.html");
    assert_eq!(texts(&y2024, "h2.month__name"), ["Februari", "Januari"]);
}

#[test]
fn feeds_have_absolute_urls_and_zoned_dates() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let atom = site.read("atom.xml");
    assert!(
        atom.contains(
            "<link rel=\"alternate\" type=\"text/html\" href=\"https://test.example.se/nyheter/andra-nyheten/\"/>"
        ),
        "{atom}"
    );
    assert!(atom.contains("<published>2024-02-10T09:30:00+01:00</published>"));
    assert!(
        atom.contains("<updated>2024-03-01T00:00:00+01:00</updated>"),
        "updated is used"
    );
    let rss = site.read("rss.xml");
    assert!(
        rss.contains("<pubDate>Sat, 10 Feb 2024 09:30:00 +0100</pubDate>"),
        "{rss}"
    );
    let json: serde_json::Value = serde_json::from_str(&site.read("feed.json")).unwrap();
    assert_eq!(
        json["items"][0]["url"],
        "https://test.example.se/nyheter/andra-nyheten/"
    );
    // Autodiscovery and a visible subscribe link on every page.
    let doc = site.html("nyheter/index.html");
    assert_eq!(
        attrs(&doc, "link[rel=alternate]", "href"),
        ["/atom.xml", "/rss.xml", "/feed.json"]
    );
    assert!(texts(&doc, "a").iter().any(|t| t == "Prenumerera (RSS)"));
}

#[test]
fn feed_length_is_configurable() {
    let site = TestSite::fixture("basic");
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &config.replace("per_page: 2", "per_page: 2\n  feed_limit: 1"),
    );
    site.build_ok();
    assert_eq!(site.read("atom.xml").matches("<entry>").count(), 1);
}

/// Runs tests/check_feeds.py: feedparser over every feed, lxml + the sitemaps.org XSD over sitemap.xml.
#[test]
fn feeds_parse_in_feedparser_and_sitemap_validates_against_xsd() {
    let site = TestSite::sample();
    site.build_ok();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/check_feeds.py");
    let out = match std::process::Command::new("python3")
        .arg(&script)
        .arg(site.public())
        .output()
    {
        Ok(out) => out,
        Err(e) => return skip(&format!("python3 not runnable: {e}")),
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    if out.status.code() == Some(77) {
        return skip(&format!("{} (pip install feedparser lxml)", stdout.trim()));
    }
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("atom.xml: atom10"), "{stdout}");
    assert!(stdout.contains("rss.xml: rss20"), "{stdout}");
    assert!(stdout.contains("sitemap.xml: valid"), "{stdout}");
}

fn skip(reason: &str) {
    if std::env::var_os("NOTIS_REQUIRE_BROWSER").is_some() {
        panic!("required tool missing: {reason}");
    }
    eprintln!("SKIPPED: {reason}");
}

#[test]
fn sitemap_robots_and_404() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let sitemap = site.read("sitemap.xml");
    for url in [
        "https://test.example.se/",
        "https://test.example.se/nyheter/julnyhet/",
        "https://test.example.se/sidor/kakor/",
        "https://test.example.se/amne/it/",
        "https://test.example.se/nyheter/arkiv/2023/",
    ] {
        assert!(sitemap.contains(&format!("<loc>{url}</loc>")), "{url} missing");
    }
    assert!(sitemap.contains("<lastmod>2024-03-01T00:00:00+01:00</lastmod>"));
    assert!(!sitemap.contains("gammal/jul.html"), "redirects are not pages");
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://test.example.se/sitemap.xml")
    );
    let not_found = site.html("404.html");
    assert_eq!(texts(&not_found, "h1"), ["Sidan hittades inte"]);
    assert!(attrs(&not_found, "main a", "href").contains(&"/".to_string()));
}

#[test]
fn aliases_become_redirect_pages() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let doc = site.html("gammal/jul.html");
    assert_eq!(
        attrs(&doc, "meta[http-equiv=refresh]", "content"),
        ["0; url=/nyheter/julnyhet/"]
    );
    assert_eq!(
        attrs(&doc, "link[rel=canonical]", "href"),
        ["https://test.example.se/nyheter/julnyhet/"]
    );
    assert!(attrs(&doc, "script", "src").is_empty());
}

#[test]
fn article_has_canonical_open_graph_and_json_ld() {
    let site = TestSite::fixture("alert");
    site.build(&["--now", "2018-04-26 10:00"]);
    let doc = site.html("nyheter/storningar-hos-kommunernas-it-system/index.html");
    let canonical = "https://test.example.se/nyheter/storningar-hos-kommunernas-it-system/";
    assert_eq!(attrs(&doc, "link[rel=canonical]", "href"), [canonical]);
    assert_eq!(attrs(&doc, "meta[property='og:url']", "content"), [canonical]);
    assert_eq!(attrs(&doc, "meta[property='og:type']", "content"), ["article"]);
    assert_eq!(attrs(&doc, "meta[property='og:locale']", "content"), ["sv_SE"]);
    // Issue 17: the share picture is the photo's crop to 1200×630 (never upscaled, so this
    // 16×16 photo gives 16×8), named by its content hash.
    let og = attrs(&doc, "meta[property='og:image']", "content");
    assert!(
        og[0].starts_with("https://test.example.se/bilder/serverhall-") && og[0].ends_with("-delning-16x8.jpg"),
        "{og:?}"
    );
    assert_eq!(attrs(&doc, "meta[name=description]", "content"), ["Text."]);
    let sel = scraper::Selector::parse("script[type='application/ld+json']").unwrap();
    let ld: serde_json::Value = serde_json::from_str(&doc.select(&sel).next().unwrap().inner_html()).unwrap();
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["headline"], "Störningar hos kommunernas IT-system");
    assert_eq!(ld["datePublished"], "2018-04-24T00:00:00+02:00");
    assert_eq!(ld["publisher"]["name"], "Testkommun");
    assert_eq!(
        attrs(&doc, ".article__image img", "alt"),
        ["Serverhall med blinkande lampor"]
    );
}

#[test]
fn scheduled_drafts_and_expired_follow_now() {
    let site = TestSite::fixture("scheduling");
    site.build(&["--now", "2024-02-01 12:00"]);
    let listed = |site: &TestSite| texts(&site.html("nyheter/index.html"), ".article-list__title a");
    assert_eq!(listed(&site), ["Publicerad", "Tillfällig"]);
    assert!(!site.exists("nyheter/schemalagd/index.html"));
    assert!(!site.exists("nyheter/utkast/index.html"));

    site.build(&["--now", "2024-06-01 08:00"]);
    assert_eq!(
        listed(&site),
        ["Schemalagd", "Publicerad"],
        "scheduled appears at its time, expired is gone"
    );
    assert!(!site.exists("nyheter/tillfallig/index.html"));

    site.build(&["--now", "2024-06-01 08:00", "--drafts"]);
    assert!(site.exists("nyheter/utkast/index.html"));
}

#[test]
fn list_shows_status_and_dates() {
    let site = TestSite::fixture("scheduling");
    let run = site.notis(&["list", "--now", "2024-02-01 12:00"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn alert_banner_on_every_page_newest_first_until_it_ends() {
    let site = TestSite::fixture("alert");
    site.build(&["--now", "2018-04-26 10:00"]);
    for page in ["index.html", "nyheter/index.html", "amne/index.html", "404.html"] {
        let doc = site.html(page);
        assert_eq!(texts(&doc, "section.alerts h2"), ["Viktig information"], "{page}");
        assert_eq!(attrs(&doc, "section.alerts", "aria-labelledby"), ["driftinfo-rubrik"]);
        assert_eq!(
            attrs(&doc, ".alerts a", "href"),
            [
                "/nyheter/kokningsrekommendation-i-vamhus/",
                "/nyheter/storningar-hos-kommunernas-it-system/"
            ],
            "{page}"
        );
    }
    assert!(
        texts(&site.html("index.html"), ".alerts")
            .join(" ")
            .contains("Våra e-tjänster fungerar inte just nu.")
    );

    site.build(&["--now", "2018-05-02 10:00"]);
    let doc = site.html("index.html");
    assert_eq!(
        attrs(&doc, ".alerts a", "href"),
        ["/nyheter/kokningsrekommendation-i-vamhus/"],
        "until has passed"
    );
}

#[test]
fn old_articles_carry_the_age_notice() {
    let site = TestSite::fixture("basic");
    site.build(&["--now", "2024-04-01 12:00"]);
    assert!(texts(&site.html("nyheter/forsta-nyheten/index.html"), ".notice").is_empty());
    site.build(&["--now", "2024-09-01 12:00"]);
    assert_eq!(
        texts(&site.html("nyheter/forsta-nyheten/index.html"), ".notice"),
        ["Den här nyheten är äldre än sex månader och kan innehålla information som inte längre är aktuell."]
    );
}

#[test]
fn legal_pages_are_rendered_and_linked_from_every_footer() {
    let site = TestSite::sample();
    site.build_ok();
    let statement = site.html("sidor/tillganglighetsredogorelse/index.html");
    assert_eq!(texts(&statement, "h1"), ["Tillgänglighetsredogörelse"]);
    let body = texts(&statement, "main").join(" ");
    for needle in [
        "Mora kommun",
        "förenlig",
        "Kända brister",
        "https://www.digg.se/tdosanmalan",
    ] {
        assert!(
            body.contains(needle) || attrs(&statement, "main a", "href").iter().any(|h| h == needle),
            "{needle}"
        );
    }
    let cookies = site.html("sidor/kakor/index.html");
    assert!(texts(&cookies, "main").join(" ").contains("kakor"));
    for page in [
        "index.html",
        "nyheter/storningar-hos-kommunernas-it-system/index.html",
        "404.html",
    ] {
        let links = attrs(&site.html(page), "footer a", "href");
        assert!(
            links.contains(&"/sidor/tillganglighetsredogorelse/".to_string()),
            "{page}"
        );
        assert!(links.contains(&"/sidor/kakor/".to_string()), "{page}");
    }
}

/// Issue 25, item 16: the thank-you page and the search page describe themselves to search
/// engines and link previews, as the other pages do.
#[test]
fn issue_25_the_thank_you_and_search_pages_have_a_meta_description() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    for page in ["tack/index.html", "sok/index.html"] {
        let html = site.html(page);
        let selector = scraper::Selector::parse(r#"meta[name="description"]"#).unwrap();
        let content = html
            .select(&selector)
            .next()
            .and_then(|m| m.value().attr("content"))
            .unwrap_or_else(|| panic!("{page} has no meta description"));
        assert!(content.contains("Testkommun"), "{page}: {content}");
    }
}
