//! Issue 27: crisis mode (banner on every page, the start page, the crisis page, the end
//! of a crisis), timestamped updates (page, feeds, `notis update`, `notis new --crisis`),
//! "Var sidan till hjälp?" and the report form on the built pages, and the weight of a
//! crisis article.

use std::io::Write;
use std::path::Path;

use crate::common::*;

const IT: &str = "/nyheter/storningar-hos-kommunernas-it-system/";
const WATER: &str = "/nyheter/kokningsrekommendation-i-vamhus/";
/// While both crises of the fixture go on.
const DURING: &str = "2018-04-24 15:00";
/// After the water crisis's `until` (2018-04-25 12:00).
const AFTER_WATER: &str = "2018-04-26 10:00";

fn crisis_site(now: &str) -> TestSite {
    let site = TestSite::fixture("crisis");
    let run = site.build(&["--now", now]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site
}

/// Every HTML file of the output, relative to it.
fn html_files(dir: &Path) -> Vec<String> {
    snapshot_tree(dir)
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| p.ends_with(".html"))
        .collect()
}

#[test]
fn every_page_carries_the_crisis_banner_linking_to_each_crisis() {
    let site = crisis_site(DURING);
    let pages = html_files(&site.public());
    for must in [
        "404.html",
        "sok/index.html",
        "tack/index.html",
        "kris/index.html",
        "rapportera-brist/index.html",
    ] {
        assert!(pages.iter().any(|p| p == must), "{must} missing from {pages:?}");
    }
    for page in &pages {
        let doc = site.html(page);
        assert_eq!(texts(&doc, ".crisis-banner h2"), ["Pågående kriser"], "{page}");
        // The most recently updated crisis first.
        assert_eq!(attrs(&doc, ".crisis-banner li a", "href"), [IT, WATER], "{page}");
        let banner = texts(&doc, ".crisis-banner").join(" ");
        assert!(
            banner.contains("Uppdaterad 24 april 2018 kl. 14.05"),
            "{page}: {banner}"
        );
        // Before the header, right after the skip link: the first thing read.
        let body = site.read(page);
        let banner_at = body.find("class=\"crisis-banner\"").unwrap();
        assert!(banner_at < body.find("class=\"site-header\"").unwrap(), "{page}");
    }
}

#[test]
fn the_start_page_leads_with_the_crisis_title_lead_and_latest_update() {
    let site = crisis_site(DURING);
    let doc = site.html("index.html");
    // The ordinary news published after the crisis comes after it.
    let links = attrs(&doc, "main a", "href");
    assert_eq!(links.first().map(String::as_str), Some(IT), "{links:?}");
    let first = texts(&doc, "main .crisis-lead__item").remove(0);
    assert!(first.starts_with("Störningar hos kommunernas IT-system"), "{first}");
    assert!(
        first.contains("Telefoner och e-post fungerar inte."),
        "the lead: {first}"
    );
    assert!(
        first.contains(
            "Senaste uppdateringen, 24 april 2018 kl. 14.05 Telefonin fungerar igen. E-posten är fortfarande nere."
        ),
        "{first}"
    );
    let news = texts(&doc, "main .article-list a, main ul a");
    assert!(
        news.iter().any(|t| t.contains("Biblioteket får nya öppettider")),
        "{news:?}"
    );
}

#[test]
fn a_crisis_ends_at_its_until_and_the_article_says_so() {
    let site = crisis_site(AFTER_WATER);
    for page in ["index.html", "404.html", "nyheter/index.html"] {
        assert_eq!(attrs(&site.html(page), ".crisis-banner li a", "href"), [IT], "{page}");
    }
    let water = site.html("nyheter/kokningsrekommendation-i-vamhus/index.html");
    assert_eq!(
        texts(&water, ".crisis-over"),
        ["Krisen är över. Den avslutades 25 april 2018 kl. 12.00. Informationen nedan gällde under krisen."]
    );
    assert!(texts(&water, ".crisis-notice").is_empty());
    let index = site.html("index.html");
    assert_eq!(attrs(&index, ".crisis-lead__title a", "href"), [IT]);
    let crisis_page = site.html("kris/index.html");
    assert_eq!(attrs(&crisis_page, ".crisis-lead__title a", "href"), [IT]);
    assert_eq!(attrs(&crisis_page, ".crisis-ended a", "href"), [WATER]);

    // With every crisis over, nothing of it is left on the pages.
    site.write(
        "content/nyheter/it.md",
        &std::fs::read_to_string(site.root().join("content/nyheter/it.md"))
            .unwrap()
            .replace("crisis: true", "crisis: {until: 2018-04-25 18:30}"),
    );
    assert_eq!(site.build(&["--now", AFTER_WATER]).code, 0);
    let pages = html_files(&site.public());
    for page in &pages {
        assert!(!site.read(page).contains("crisis-banner"), "{page}");
    }
    assert!(texts(&site.html("index.html"), ".crisis-lead").is_empty());
    assert_eq!(
        texts(&site.html("kris/index.html"), "main .lead"),
        ["Just nu pågår ingen kris eller allvarlig störning."]
    );
    assert_eq!(
        texts(
            &site.html("nyheter/storningar-hos-kommunernas-it-system/index.html"),
            ".crisis-over"
        ),
        ["Krisen är över. Den avslutades 25 april 2018 kl. 18.30. Informationen nedan gällde under krisen."]
    );
}

#[test]
fn a_crisis_on_the_sample_site_reaches_every_html_page() {
    let site = TestSite::sample();
    let file = "content/nyheter/2018-04-24-storningar-hos-kommunernas-it-system.md";
    let text = std::fs::read_to_string(site.root().join(file)).unwrap();
    site.write(file, &text.replacen("\n---\n", "\ncrisis: true\n---\n", 1));
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pages = html_files(&site.public());
    assert!(pages.len() > 40, "{}", pages.len());
    for page in &pages {
        let doc = site.html(page);
        // Redirect pages of old addresses send the reader on at once; they have no frame.
        if !attrs(&doc, "meta[http-equiv=refresh]", "content").is_empty() {
            continue;
        }
        assert_eq!(attrs(&doc, ".crisis-banner a", "href"), [IT], "{page}");
    }
    let index = site.html("index.html");
    assert_eq!(attrs(&index, "main a", "href").first().map(String::as_str), Some(IT));
}

#[test]
fn updates_show_newest_first_with_swedish_time_and_an_anchor() {
    let site = crisis_site(DURING);
    let doc = site.html("nyheter/storningar-hos-kommunernas-it-system/index.html");
    assert_eq!(
        texts(&doc, ".update__time"),
        ["24 april 2018 kl. 14.05", "24 april 2018 kl. 10.30"]
    );
    assert_eq!(
        attrs(&doc, ".update", "id"),
        ["uppdatering-2018-04-24-1405", "uppdatering-2018-04-24-1030"]
    );
    assert_eq!(
        attrs(&doc, ".update__time a", "href"),
        ["#uppdatering-2018-04-24-1405", "#uppdatering-2018-04-24-1030"]
    );
    assert_eq!(
        attrs(&doc, ".update__time time", "datetime")[0],
        "2018-04-24T14:05:00+02:00"
    );
    assert_eq!(texts(&doc, ".update strong"), ["fortfarande"], "Markdown is rendered");
    assert_eq!(
        attrs(&doc, ".update a[href^='/sidor']", "href"),
        ["/sidor/tillganglighetsredogorelse/"]
    );
    // "Senast uppdaterad" leads the article, right under the title, and follows the
    // latest update though `updated:` is not set.
    let body = site.read("nyheter/storningar-hos-kommunernas-it-system/index.html");
    let h1 = body.find("<h1>").unwrap();
    let last = body.find("class=\"last-updated\"").unwrap();
    assert!(h1 < last && last < body.find("class=\"article__body\"").unwrap());
    assert_eq!(
        texts(&doc, ".last-updated"),
        ["Senast uppdaterad 24 april 2018 kl. 14.05"]
    );
    assert_eq!(
        texts(&doc, ".crisis-notice"),
        ["Pågående kris. Sidan uppdateras när vi vet mer."]
    );
    assert_eq!(
        attrs(&doc, "time[datetime]", "datetime")[0],
        "2018-04-24T14:05:00+02:00"
    );
}

#[test]
fn each_update_reaches_the_feeds_and_the_sitemap() {
    let site = crisis_site(DURING);
    let atom = site.read("atom.xml");
    let entry = atom
        .split("<entry>")
        .find(|e| e.contains("storningar-hos-kommunernas-it-system"))
        .unwrap();
    assert!(
        entry.contains("<updated>2018-04-24T14:05:00+02:00</updated>"),
        "{entry}"
    );
    assert!(
        entry.contains("<published>2018-04-24T08:00:00+02:00</published>"),
        "{entry}"
    );
    assert!(entry.contains("Telefonin fungerar igen."), "{entry}");
    assert!(entry.contains("24 april 2018 kl. 14.05"), "{entry}");
    let feed: serde_json::Value = serde_json::from_str(&site.read("feed.json")).unwrap();
    let item = feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["url"].as_str().unwrap().ends_with(IT))
        .unwrap();
    assert_eq!(item["date_modified"], "2018-04-24T14:05:00+02:00");
    let html = item["content_html"].as_str().unwrap();
    let (newest, older) = (html.find("Telefonin").unwrap(), html.find("växel").unwrap());
    assert!(newest < older, "newest first: {html}");
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains(&format!(
            "<loc>https://www.mora.se{IT}</loc><lastmod>2018-04-24T14:05:00+02:00</lastmod>"
        )) || sitemap.contains(&format!(
            "<loc>https://www.mora.se{IT}</loc>\n<lastmod>2018-04-24T14:05:00+02:00</lastmod>"
        )),
        "{sitemap}"
    );
}

#[test]
fn notis_update_stamps_the_time_and_the_next_build_shows_it_first() {
    let site = TestSite::fixture("crisis");
    let before = std::fs::read_to_string(site.root().join("content/nyheter/it.md")).unwrap();
    let run = site.notis(&[
        "update",
        "content/nyheter/it.md",
        "E-posten fungerar igen: **allt** är som vanligt.",
        "--now",
        "2018-04-24 16:40",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("2018-04-24 16:40"), "{}", run.stdout);
    let after = std::fs::read_to_string(site.root().join("content/nyheter/it.md")).unwrap();
    // Only lines were added; everything the writer wrote is still there.
    for line in before.lines() {
        assert!(after.contains(line), "{line} lost");
    }
    assert!(after.contains("  - at: 2018-04-24 16:40\n"), "{after}");
    assert_eq!(site.build(&["--now", "2018-04-24 17:00"]).code, 0);
    let doc = site.html("nyheter/storningar-hos-kommunernas-it-system/index.html");
    assert_eq!(texts(&doc, ".update__time")[0], "24 april 2018 kl. 16.40");
    assert_eq!(texts(&doc, ".update strong")[0], "allt");
    assert_eq!(
        texts(&doc, ".last-updated"),
        ["Senast uppdaterad 24 april 2018 kl. 16.40"]
    );
    assert!(
        site.read("atom.xml")
            .contains("<updated>2018-04-24T16:40:00+02:00</updated>")
    );

    // An empty text and a missing file are refused, and leave files as they were.
    let run = site.notis(&["update", "content/nyheter/it.md", "  "]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("uppdateringen är tom"), "{}", run.stderr);
    // Only files of the site's content/ folder are edited.
    site.write("anteckningar.md", "---\ntitle: X\ndate: 2018-04-24\n---\n");
    let run = site.notis(&["update", "anteckningar.md", "Text"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("ingen nyhet eller sida i webbplatsens mapp content/"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(site.root().join("anteckningar.md")).unwrap(),
        "---\ntitle: X\ndate: 2018-04-24\n---\n"
    );
    // A page (no date) takes updates too.
    let run = site.notis(&[
        "update",
        "content/sidor/tillganglighetsredogorelse.md",
        "Ny kontaktväg.",
        "--now",
        "2018-04-24 16:00",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = site.notis(&["update", "content/nyheter/saknas.md", "Text"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("content/nyheter/saknas.md"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(site.root().join("content/nyheter/it.md")).unwrap(),
        after
    );
}

#[test]
fn notis_update_refuses_to_break_a_file() {
    let site = TestSite::fixture("crisis");
    // A file whose YAML is already broken gets no update written into it.
    let broken = "---\ntitle: Trasig\ndate: 2018-04-24\nupdates: inte en lista\n---\nText\n";
    site.write("content/nyheter/trasig.md", broken);
    let run = site.notis(&[
        "update",
        "content/nyheter/trasig.md",
        "Ny text",
        "--now",
        "2018-04-24 12:00",
    ]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("notis check"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(site.root().join("content/nyheter/trasig.md")).unwrap(),
        broken
    );
}

#[test]
fn notis_new_crisis_starts_a_crisis_article_that_builds() {
    let site = TestSite::fixture("crisis");
    let run = site.notis(&["new", "--crisis", "Strömavbrott i Noret", "--now", "2018-04-24 14:20"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = site.root().join("content/nyheter/2018-04-24-stromavbrott-i-noret.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("\ncrisis: true\n") && text.contains("\nupdates: []\n"),
        "{text}"
    );
    assert!(text.contains("\ndate: 2018-04-24 14:20\n"), "{text}");
    let run = site.notis(&[
        "update",
        "content/nyheter/2018-04-24-stromavbrott-i-noret.md",
        "Strömmen är tillbaka i hela Noret.",
        "--now",
        "2018-04-24 14:50",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = site.build(&["--now", "2018-04-24 15:00"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = site.html("index.html");
    assert_eq!(
        attrs(&doc, ".crisis-banner li a", "href")[0],
        "/nyheter/stromavbrott-i-noret/"
    );
    assert!(
        texts(&doc, ".crisis-lead__update")
            .join(" ")
            .contains("Strömmen är tillbaka")
    );
}

#[test]
fn mistakes_in_crisis_and_updates_name_file_line_and_column() {
    let site = TestSite::fixture("crisis");
    site.write(
        "content/nyheter/fel.md",
        "---\ntitle: Fel\ndate: 2018-04-24\ncrisis: {until: imorgon}\nupdates:\n  - at: igår kl 3\n    text: Något\n  - at: 2018-04-24 10:00\n---\nText\n",
    );
    site.write(
        "content/sidor/kris.md",
        "---\ntitle: Kris på en sida\ncrisis: true\n---\nText\n",
    );
    let run = site.build(&["--now", DURING]);
    assert_eq!(run.code, 1);
    let e = &run.stderr;
    assert!(e.contains("content/nyheter/fel.md:4:17"), "{e}");
    assert!(e.contains("`crisis.until` `imorgon` är inget giltigt datum"), "{e}");
    assert!(
        e.contains("content/nyheter/fel.md:6:9: `at` `igår kl 3` är inget giltigt datum"),
        "{e}"
    );
    assert!(
        e.contains("content/nyheter/fel.md:8:9: uppdatering 2 under `updates:` saknar `text`"),
        "{e}"
    );
    assert!(e.contains("content/sidor/kris.md"), "{e}");
    assert!(e.contains("`crisis` fungerar bara i nyheter"), "{e}");
    let en = site.notis(&["build", "--now", DURING, "--lang", "en"]);
    assert!(
        en.stderr.contains("update 2 under `updates:` has no `text`"),
        "{}",
        en.stderr
    );
}

#[test]
fn the_crisis_page_has_its_own_address_when_configured() {
    let site = TestSite::fixture("crisis");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{yaml}crisis:\n  path: kriser/aktuellt\n"));
    assert_eq!(site.build(&["--now", DURING]).code, 0);
    assert!(!site.exists("kris/index.html"));
    let doc = site.html("kriser/aktuellt/index.html");
    assert_eq!(texts(&doc, "h1"), ["Kris och störningar"]);
    assert_eq!(attrs(&doc, ".crisis-lead__title a", "href"), [IT, WATER]);
    assert_eq!(
        attrs(&site.html("index.html"), ".crisis-banner__all a", "href"),
        ["/kriser/aktuellt/"]
    );
    site.write("site.yaml", &format!("{yaml}crisis:\n  path: Kris!\n"));
    let run = site.build(&["--now", DURING]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("`crisis.path` `Kris!`"), "{}", run.stderr);
}

#[test]
fn helpful_question_and_report_form_are_plain_forms_to_the_receiver() {
    let site = crisis_site(DURING);
    for page in [
        "nyheter/storningar-hos-kommunernas-it-system/index.html",
        "sidor/tillganglighetsredogorelse/index.html",
    ] {
        let doc = site.html(page);
        assert_eq!(texts(&doc, ".helpful h2"), ["Var sidan till hjälp?"], "{page}");
        assert_eq!(
            attrs(&doc, ".helpful form", "action"),
            ["https://www.mora.se/synpunkter/"]
        );
        assert_eq!(attrs(&doc, ".helpful form", "method"), ["post"]);
        assert_eq!(attrs(&doc, ".helpful input[name=kind]", "value"), ["helpful"]);
        assert_eq!(attrs(&doc, ".helpful input[name=helpful]", "value"), ["ja", "nej"]);
        assert_eq!(
            attrs(&doc, ".helpful input[name=page_url]", "value"),
            [format!("https://www.mora.se/{}", page.trim_end_matches("index.html"))]
        );
        assert_eq!(attrs(&doc, ".helpful textarea", "name"), ["comment"]);
        assert_eq!(
            texts(&doc, ".helpful label[for=helpful-comment]"),
            ["Om du svarar nej: vad saknades? (frivilligt)"]
        );
    }
    // The report form: linked from every page's footer and from the statement.
    for page in html_files(&site.public()) {
        let doc = site.html(&page);
        assert!(
            attrs(&doc, ".site-footer a", "href").contains(&"/rapportera-brist/".to_string()),
            "{page}"
        );
    }
    let statement = site.html("sidor/tillganglighetsredogorelse/index.html");
    assert_eq!(attrs(&statement, ".article__body a", "href"), ["/rapportera-brist/"]);
    let report = site.html("rapportera-brist/index.html");
    assert_eq!(texts(&report, "h1"), ["Rapportera brist i tillgängligheten"]);
    assert_eq!(attrs(&report, "main form input[name=kind]", "value"), ["accessibility"]);
    assert_eq!(
        attrs(&report, "main form textarea[name=comment][required]", "id"),
        ["report-comment"]
    );
    assert_eq!(
        attrs(&report, "main form input[name=page_url]", "value"),
        ["https://www.mora.se/"]
    );
    assert_eq!(
        attrs(&report, "main a[href='/sidor/tillganglighetsredogorelse/']", "href").len(),
        1
    );
    assert_eq!(texts(&site.html("tack/svar/index.html"), "h1"), ["Tack för ditt svar!"]);
    assert_eq!(
        texts(&site.html("tack/rapport/index.html"), "h1"),
        ["Tack för din rapport!"]
    );

    // `page_feedback: false` turns the question off, and leaves "Kommentera sidan".
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{yaml}page_feedback: false\n"));
    assert_eq!(site.build(&["--now", DURING]).code, 0);
    let doc = site.html("nyheter/storningar-hos-kommunernas-it-system/index.html");
    assert!(texts(&doc, ".helpful").is_empty());
    assert_eq!(texts(&doc, ".feedback h2"), ["Kommentera sidan"]);
}

#[test]
fn notis_init_statement_links_to_the_report_form_and_builds() {
    let dir = crate::common::scratch();
    let root = dir.path().join("ny");
    let out = std::process::Command::new(notis_binary())
        .args(["init"])
        .arg(&root)
        .output()
        .unwrap();
    assert!(out.status.success());
    let statement = std::fs::read_to_string(root.join("content/sidor/tillganglighetsredogorelse.md")).unwrap();
    assert!(statement.contains("(/rapportera-brist/)"), "{statement}");
    let out = std::process::Command::new(notis_binary())
        .args(["build", "--root"])
        .arg(&root)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(root.join("public/rapportera-brist/index.html").exists());
}

/// Issue 27 item 3: the crisis article page, HTML and stylesheet, at most 30 KB gzipped.
#[test]
fn the_crisis_article_page_weighs_at_most_30_kb_gzipped() {
    let site = crisis_site(DURING);
    let html = std::fs::read(
        site.public()
            .join("nyheter/storningar-hos-kommunernas-it-system/index.html"),
    )
    .unwrap();
    let doc = scraper::Html::parse_document(&String::from_utf8_lossy(&html));
    let sheets = attrs(&doc, "link[rel=stylesheet]", "href");
    assert_eq!(sheets, ["/tema/notis.css"], "one stylesheet");
    assert!(
        attrs(&doc, "main img", "src").is_empty(),
        "no image unless the writer adds one"
    );
    let css = std::fs::read(site.public().join("tema/notis.css")).unwrap();
    let gz = |bytes: &[u8]| {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(bytes).unwrap();
        e.finish().unwrap().len()
    };
    let total = gz(&html) + gz(&css);
    eprintln!(
        "crisis article: HTML {} + CSS {} = {total} bytes gzipped",
        gz(&html),
        gz(&css)
    );
    assert!(total <= 30 * 1024, "{total} bytes gzipped");
}

#[test]
fn an_update_stamped_later_waits_for_its_time() {
    let site = crisis_site("2018-04-24 12:00");
    let doc = site.html("nyheter/storningar-hos-kommunernas-it-system/index.html");
    assert_eq!(texts(&doc, ".update__time"), ["24 april 2018 kl. 10.30"]);
    assert_eq!(
        texts(&doc, ".last-updated"),
        ["Senast uppdaterad 24 april 2018 kl. 10.30"]
    );
    assert!(!site.read("atom.xml").contains("Telefonin fungerar igen"));
    assert_eq!(site.build(&["--now", "2018-04-24 14:05"]).code, 0);
    let doc = site.html("nyheter/storningar-hos-kommunernas-it-system/index.html");
    assert_eq!(texts(&doc, ".update__time")[0], "24 april 2018 kl. 14.05");
}

#[test]
fn without_a_receiver_the_report_page_tells_how_to_report_and_nothing_else_changes() {
    let site = TestSite::fixture("crisis");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &yaml.replace("feedback:\n  action: https://www.mora.se/synpunkter/\n", ""),
    );
    assert_eq!(site.build(&["--now", DURING]).code, 0);
    let report = site.html("rapportera-brist/index.html");
    assert!(attrs(&report, "main form", "action").is_empty());
    assert_eq!(
        attrs(&report, "main a[href^='mailto:']", "href"),
        ["mailto:kommun@mora.se"]
    );
    assert!(texts(&report, "main").join(" ").contains("ring 0250-260 00"));
    let article = site.html("nyheter/storningar-hos-kommunernas-it-system/index.html");
    assert!(texts(&article, ".helpful").is_empty());
    assert!(!site.exists("tack/svar/index.html"));
}

#[test]
fn a_page_shows_its_updates_and_its_updated_date_follows_them() {
    let site = TestSite::fixture("crisis");
    site.write(
        "content/sidor/vattenlaget.md",
        "---\ntitle: Vattenläget\ndate: 2018-04-20\nupdates:\n  - at: 2018-04-24 11:15\n    text: Nivåerna är normala.\n---\nHär står hur det står till med vattnet.\n",
    );
    assert_eq!(site.build(&["--now", DURING]).code, 0);
    let doc = site.html("sidor/vattenlaget/index.html");
    assert_eq!(texts(&doc, ".update__time"), ["24 april 2018 kl. 11.15"]);
    assert_eq!(texts(&doc, ".update__text"), ["Nivåerna är normala."]);
    assert_eq!(texts(&doc, ".updated"), ["Sidan uppdaterad den 24 april 2018."]);
}

#[test]
fn notis_next_names_a_scheduled_update_and_the_end_of_a_crisis() {
    // it.md has an update stamped 14:05 that waits for its time; vatten.md's crisis ends
    // 2018-04-25 12:00. CI recipes build on `notis next`, so both must be moments there.
    let site = TestSite::fixture("crisis");
    let next = site.notis(&["next", "--json", "--now", "2018-04-24 12:00"]);
    assert_eq!(next.code, 0, "{}", next.stderr);
    let json: serde_json::Value = serde_json::from_str(&next.stdout).unwrap();
    assert_eq!(json["next"], "2018-04-24T14:05:00+02:00");
    assert_eq!(json["changes"][0]["what"], "update");
    assert_eq!(json["changes"][0]["url"], format!("https://www.mora.se{IT}"));
    let next = site.notis(&["next", "--json", "--now", "2018-04-24 15:00"]);
    let json: serde_json::Value = serde_json::from_str(&next.stdout).unwrap();
    assert_eq!(json["next"], "2018-04-25T12:00:00+02:00");
    assert_eq!(json["changes"][0]["what"], "crisis-ends");
    assert_eq!(json["changes"][0]["url"], format!("https://www.mora.se{WATER}"));
    let text = site.notis(&["next", "--now", "2018-04-24 15:00"]);
    assert!(text.stdout.contains("krisen slutar"), "{}", text.stdout);
}
