//! Issue 2 (the foundation): article pages, listings, templates, atomic output.

use crate::common::*;

#[test]
fn seed_article_page_has_everything_the_seed_page_has() {
    let site = TestSite::sample();
    site.build_ok();
    let doc = site.html("nyheter/storningar-hos-kommunernas-it-system/index.html");

    assert_eq!(attrs(&doc, "html", "lang"), ["sv"]);
    assert_eq!(
        texts(&doc, "h1"),
        ["Störningar hos kommunernas IT-system"],
        "one h1, the title"
    );
    assert_eq!(texts(&doc, "article header time"), ["24 april 2018"]);
    assert_eq!(
        attrs(&doc, "article header time", "datetime"),
        ["2018-04-24T00:00:00+02:00"]
    );
    let lead = texts(&doc, "main .lead");
    assert!(
        lead[0].starts_with("Under den senaste veckan har Mora, Orsa och Älvdalens kommuner"),
        "{lead:?}"
    );
    assert!(texts(&doc, ".article__body").join(" ").contains("Vad händer just nu?"));

    // Dela med andra: plain links with the encoded absolute URL, no Google.
    assert_eq!(texts(&doc, ".share h2"), ["Dela med andra"]);
    let hrefs = attrs(&doc, ".share a", "href");
    let encoded = "https%3A%2F%2Fwww.mora.se%2Fnyheter%2Fstorningar-hos-kommunernas-it-system%2F";
    assert!(
        hrefs
            .iter()
            .any(|h| h.starts_with("https://www.linkedin.com/") && h.contains(encoded)),
        "{hrefs:?}"
    );
    assert!(
        hrefs.iter().any(|h| h.starts_with("mailto:") && h.contains(encoded)),
        "{hrefs:?}"
    );
    assert!(!hrefs.iter().any(|h| h.contains("google")));

    // Kommentera sidan: a real form with labelled fields, hidden page URL and a honeypot.
    assert_eq!(texts(&doc, ".feedback h2"), ["Kommentera sidan"]);
    assert_eq!(
        attrs(&doc, "form.feedback__form", "action"),
        ["https://www.mora.se/feedback"]
    );
    assert_eq!(attrs(&doc, "form.feedback__form", "method"), ["post"]);
    for id in ["feedback-comment", "feedback-email"] {
        assert_eq!(
            attrs(&doc, &format!("label[for={id}]"), "for").len(),
            1,
            "label for {id}"
        );
    }
    // Scoped to the form: "Var sidan till hjälp?" (issue 27) is a form with the same fields.
    assert_eq!(
        attrs(&doc, ".feedback__form textarea[name=comment]", "id"),
        ["feedback-comment"]
    );
    assert_eq!(
        attrs(&doc, ".feedback__form input[type=email][name=email]", "id"),
        ["feedback-email"]
    );
    assert_eq!(
        attrs(&doc, ".feedback__form input[type=hidden][name=page_url]", "value"),
        ["https://www.mora.se/nyheter/storningar-hos-kommunernas-it-system/"]
    );
    assert_eq!(
        attrs(
            &doc,
            ".feedback__form [aria-hidden=true] input[name=website]",
            "tabindex"
        ),
        ["-1"],
        "honeypot hidden from people and screen readers"
    );
    assert!(texts(&doc, ".feedback").join(" ").contains("allmän handling"));
    assert!(
        texts(&doc, ".feedback")
            .join(" ")
            .contains("Om du vill ha återkoppling")
    );

    assert_eq!(texts(&doc, ".updated"), ["Sidan uppdaterad den 24 april 2018."]);

    // Kontaktinformation in the sidebar.
    assert_eq!(texts(&doc, "aside .box--contacts h2"), ["Kontaktinformation"]);
    assert_eq!(texts(&doc, ".contact__name"), ["Matthias Grahn"]);
    assert_eq!(
        texts(&doc, ".contact__role"),
        ["IT-chef för Mora, Orsa och Älvdalens kommuner"]
    );
    assert_eq!(attrs(&doc, ".contact a[href^='tel:']", "href"), ["tel:+4625026002"]);

    // Visste du att… with one of the site's facts.
    assert_eq!(texts(&doc, "aside .box--fact h2"), ["Visste du att…"]);
    let facts = std::fs::read_to_string(site.root().join("content/visste-du-att.yaml")).unwrap();
    let fact = texts(&doc, "aside .box--fact p")[0]
        .trim_start_matches("… ")
        .to_string();
    assert!(facts.contains(&fact), "{fact}");

    // Footer with every organisation field.
    let footer = texts(&doc, "footer.site-footer").join(" ");
    for field in [
        "Mora kommun",
        "792 80 Mora",
        "Fredsgatan 16",
        "0250-260 00",
        "kl 07.45–16.30",
        "0250-186 42",
        "kommun@mora.se",
        "Org. nr",
        "212000-2213",
    ] {
        assert!(footer.contains(field), "footer lacks {field}: {footer}");
    }

    // Landmarks and skip link.
    for landmark in ["header", "nav", "main", "aside", "footer"] {
        assert!(!texts(&doc, landmark).is_empty(), "no <{landmark}>");
    }
    assert_eq!(attrs(&doc, "body > a.skip-link", "href"), ["#innehall"]);
    assert_eq!(attrs(&doc, "main", "id"), ["innehall"]);
    // The header search is a real GET form with a labelled input.
    assert_eq!(attrs(&doc, "form.site-search", "action"), ["/sok/"]);
    assert_eq!(attrs(&doc, "label[for=sok-fraga]", "for").len(), 1);
}

#[test]
fn no_scripts_and_nothing_from_other_origins() {
    let site = TestSite::sample();
    site.build_ok();
    for (path, bytes) in snapshot_tree(&site.public()) {
        if !path.ends_with(".html") {
            continue;
        }
        let doc = scraper::Html::parse_document(&String::from_utf8(bytes).unwrap());
        let srcs: Vec<String> = ["script[src]", "link[rel=stylesheet]", "img", "iframe"]
            .iter()
            .flat_map(|s| attrs(&doc, s, "src").into_iter().chain(attrs(&doc, s, "href")))
            .collect();
        for src in srcs {
            assert!(src.starts_with('/') && !src.starts_with("//"), "{path} loads {src}");
        }
        // Only the search page, the thank-you pages and the pages with "Var sidan till
        // hjälp?" or the report form (issue 27) run JavaScript (their own files), and all
        // work without; every other page has none.
        let sel = scraper::Selector::parse("script").unwrap();
        for script in doc.select(&sel) {
            match script.value().attr("src") {
                Some(src) => assert!(
                    path == "sok/index.html"
                        || (path.starts_with("tack/") && src == "/tema/tack.js")
                        || (src == "/tema/svar.js"
                            && doc
                                .select(&scraper::Selector::parse(".helpful__form, .report__form").unwrap())
                                .next()
                                .is_some()),
                    "{path} loads the script {src}"
                ),
                None => assert_eq!(
                    script.value().attr("type"),
                    Some("application/ld+json"),
                    "{path}: inline script"
                ),
            }
        }
    }
}

#[test]
fn smart_punctuation_gives_swedish_quotes() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let doc = site.html("nyheter/forsta-nyheten/index.html");
    assert!(texts(&doc, ".article__body p")[0].contains("”citat”"));
}

#[test]
fn listing_paginates_with_accessible_nav() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let first = site.html("nyheter/index.html");
    // Newest first, two per page.
    assert_eq!(
        texts(&first, ".article-list__title a"),
        ["Andra nyheten", "Första nyheten"]
    );
    assert_eq!(attrs(&first, "nav.pagination", "aria-label"), ["Sidnumrering"]);
    assert_eq!(attrs(&first, ".pagination a[aria-current=page]", "href"), ["/nyheter/"]);
    assert_eq!(attrs(&first, ".pagination a[rel=next]", "href"), ["/nyheter/sida/2/"]);
    let second = site.html("nyheter/sida/2/index.html");
    assert_eq!(texts(&second, ".article-list__title a"), ["Tredje nyheten"]);
    assert_eq!(
        attrs(&second, ".pagination a[aria-current=page]", "href"),
        ["/nyheter/sida/2/"]
    );
    assert!(!site.exists("nyheter/sida/3/index.html"));
}

#[test]
fn start_page_lists_latest_with_date_and_lead() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let doc = site.html("index.html");
    assert_eq!(texts(&doc, ".article-list__title a")[0], "Andra nyheten");
    assert_eq!(texts(&doc, ".article-list time")[0], "10 februari 2024");
    assert_eq!(texts(&doc, ".article-list__lead")[0], "Första stycket blir ingress.");
}

#[test]
fn summary_defaults_to_first_paragraph_which_leaves_the_body() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let doc = site.html("nyheter/andra-nyheten/index.html");
    assert_eq!(texts(&doc, ".lead"), ["Första stycket blir ingress."]);
    assert_eq!(texts(&doc, ".article__body p"), ["Andra stycket."]);
    assert_eq!(texts(&doc, ".updated"), ["Sidan uppdaterad den 1 mars 2024."]);
    // feedback: false and share: [email]
    assert!(texts(&doc, ".feedback").is_empty());
    assert_eq!(texts(&doc, ".share a"), ["Dela via e-post"]);
}

#[test]
fn facts_are_stable_and_vary_between_pages() {
    let site = TestSite::sample();
    site.build_ok();
    let fact = |p: &str| texts(&site.html(p), "aside .box--fact p")[0].clone();
    let pages = [
        "index.html",
        "nyheter/index.html",
        "nyheter/storningar-hos-kommunernas-it-system/index.html",
        "nyheter/badvattenprover/index.html",
        "amne/index.html",
        "nyheter/arkiv/index.html",
    ];
    let first: Vec<String> = pages.iter().map(|p| fact(p)).collect();
    let distinct: std::collections::BTreeSet<_> = first.iter().collect();
    assert!(distinct.len() > 1, "every page shows the same fact");
    site.build_ok();
    let second: Vec<String> = pages.iter().map(|p| fact(p)).collect();
    assert_eq!(first, second);
}

#[test]
fn two_builds_are_byte_identical_and_unchanged_files_are_not_rewritten() {
    let a = TestSite::sample();
    let b = TestSite::sample();
    a.build_ok();
    b.build_ok();
    assert_same_tree(&a.public(), &b.public());

    // Without the cache, a rebuild still rewrites nothing.
    std::fs::remove_dir_all(a.root().join(".public.notis-cache")).unwrap();
    let run = a.build(&[]);
    assert!(run.stdout.contains("; 0 ändrade"), "{}", run.stdout);
    assert_same_tree(&a.public(), &b.public());
}

#[test]
fn no_change_rebuild_reuses_the_output_and_stays_identical_to_a_clean_build() {
    let site = TestSite::sample();
    site.build_ok();
    let run = site.build(&[]);
    assert!(run.stdout.contains("är aktuell"), "{}", run.stdout);
    let clean = TestSite::sample();
    clean.build_ok();
    assert_same_tree(&site.public(), &clean.public());

    // An output file edited by hand is noticed and rewritten.
    std::fs::write(site.public().join("index.html"), "trasig").unwrap();
    let run = site.build(&[]);
    assert!(run.stdout.contains("; 1 ändrade"), "{}", run.stdout);
    assert_same_tree(&site.public(), &clean.public());

    // An edited article is a real rebuild.
    let path = site
        .root()
        .join("content/nyheter/2018-04-24-storningar-hos-kommunernas-it-system.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("Just nu söker", "Just nu letar")).unwrap();
    let run = site.build(&[]);
    assert!(run.stdout.starts_with("byggde "), "{}", run.stdout);
    assert!(
        site.read("nyheter/storningar-hos-kommunernas-it-system/index.html")
            .contains("Just nu letar")
    );
}

#[test]
fn time_passing_a_publish_moment_rebuilds() {
    let site = TestSite::fixture("scheduling");
    site.build(&["--now", "2024-05-31 12:00"]);
    let run = site.build(&["--now", "2024-05-31 13:00"]);
    assert!(run.stdout.contains("är aktuell"), "{}", run.stdout);
    let run = site.build(&["--now", "2024-06-01 08:00"]);
    assert!(
        run.stdout.starts_with("byggde "),
        "the scheduled article is due: {}",
        run.stdout
    );
    assert!(site.exists("nyheter/schemalagd/index.html"));
}

#[test]
fn user_templates_and_theme_override_built_ins() {
    let site = TestSite::fixture("basic");
    site.write(
        "templates/partials/footer.html",
        "<footer class=\"site-footer\"><p>Egen sidfot för {{ site.organisation.name }}</p></footer>\n",
    );
    site.write("theme/notis.css", "body { color: black; }\n");
    site.write("static/dokument/plan.pdf", "PDF");
    site.build_ok();
    let doc = site.html("index.html");
    assert_eq!(texts(&doc, "footer.site-footer"), ["Egen sidfot för Testkommun"]);
    assert_eq!(site.read("tema/notis.css"), "body { color: black; }\n");
    assert_eq!(site.read("dokument/plan.pdf"), "PDF");
}

#[test]
fn output_option_and_summary_line() {
    let site = TestSite::fixture("basic");
    let out = site.root().join("ut");
    let run = site.build(&["--output", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(out.join("index.html").exists());
    assert!(run.stdout.starts_with("byggde "), "{}", run.stdout);
    assert!(run.stdout.contains("(3 nyheter)"), "{}", run.stdout);
}

#[test]
fn bad_usage_exits_2() {
    let site = TestSite::fixture("basic");
    assert_eq!(site.notis(&["build", "--now", "igår"]).code, 2);
    assert_eq!(site.notis(&["bygg"]).code, 2);
}
