//! Issue 8: `notis check`, safe HTML and robustness against odd input.

use crate::common::*;

/// `notis check` output for a fixture, with a fixed "now".
fn check(fixture: &str) -> Run {
    let site = TestSite::fixture(fixture);
    let run = site.notis(&["check", "--now", NOW]);
    assert!(!site.public().exists(), "check must not write output");
    run
}

#[test]
fn broken_internal_links_and_anchors() {
    let run = check("check_links");
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn images_missing_files_and_alt_text() {
    let run = check("check_images");
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn date_order_and_scheduled_articles() {
    let run = check("check_dates");
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn contact_email_and_phone_shapes() {
    let run = check("check_contacts");
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn tags_spelled_two_ways_warn_but_pass() {
    let run = check("check_tags");
    assert_eq!(run.code, 0, "warnings do not fail");
    insta::assert_snapshot!(run.stderr);
    let site = TestSite::fixture("check_tags");
    assert_eq!(site.notis(&["check", "--now", NOW, "--deny-warnings"]).code, 1);
    let build = site.build(&["--deny-warnings"]);
    assert_eq!(build.code, 1);
    assert!(!site.public().exists());
}

#[test]
fn heading_levels() {
    let run = check("check_headings");
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn site_yaml_values_are_checked() {
    let site = TestSite::fixture("basic");
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &config
            .replace("https://test.example.se\n", "test.example.se\n")
            .replace("action: https://test.example.se/feedback", "action: inte en adress"),
    );
    let run = site.notis(&["check"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn json_format_for_ci() {
    let site = TestSite::fixture("check_links");
    let run = site.notis(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let diagnostics: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let first = &diagnostics[0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["path"], "content/nyheter/links.md");
    assert_eq!(first["line"], 7);
    assert!(first["col"].as_u64().unwrap() > 0);
    assert!(first["message"].as_str().unwrap().contains("/nyheter/finns-inte/"));
}

#[test]
fn clean_site_checks_clean() {
    let site = TestSite::sample();
    let run = site.notis(&["check", "--now", "2026-11-26 12:00"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("inga problem hittades"), "{}", run.stderr);
}

#[test]
fn no_color_unless_terminal() {
    let run = check("check_dates");
    assert!(!run.stderr.contains('\u{1b}'), "escape codes in piped output");
}

#[test]
fn fifty_broken_files_are_all_reported_sorted() {
    let site = TestSite::fixture("basic");
    for i in 0..50 {
        site.write(
            &format!("content/nyheter/trasig-{i:02}.md"),
            &format!("---\ntitle: T{i}\ndate: 2024-01-{:02}x\n---\n", i % 28 + 1),
        );
    }
    let started = std::time::Instant::now();
    let run = site.notis(&["check", "--format", "json"]);
    let elapsed = started.elapsed();
    assert_eq!(run.code, 1);
    let diagnostics: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    let paths: Vec<&str> = diagnostics.iter().map(|d| d["path"].as_str().unwrap()).collect();
    assert_eq!(paths.len(), 50);
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    // Not a benchmark: a generous bound that only catches pathological slowness.
    assert!(elapsed.as_secs() < 5, "{elapsed:?}");
}

#[test]
fn xss_in_content_never_reaches_the_page_as_script() {
    let site = TestSite::fixture("xss");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`<script>` togs bort ur HTML-koden av säkerhetsskäl"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/nyheter/xss.md:10:6"), "{}", run.stderr);
    // Issue 25, item 8: the attribute's warning is Swedish all through (it was "the attribute
    // `onerror` of `<img>` togs bort …").
    assert!(
        run.stderr
            .contains("attributet `onerror` i `<img>` togs bort ur HTML-koden av säkerhetsskäl"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("the attribute"), "{}", run.stderr);
    let mut pages = 0;
    for (path, bytes) in snapshot_tree(&site.public()) {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8(bytes).unwrap();
        let doc = scraper::Html::parse_document(&html);
        let all = scraper::Selector::parse("*").unwrap();
        for el in doc.select(&all) {
            let name = el.value().name();
            // Issue 27: pages with "Var sidan till hjälp?" or the report form load the
            // theme's answer script, which they work without.
            let own = el.value().attr("src") == Some("/tema/svar.js");
            if name == "script"
                && (path == "sok/index.html" || path.starts_with("tack/") || own)
                && el.value().attr("src").is_some()
            {
                // The search page's, the thank-you pages' and the answer forms' own same-origin scripts.
                assert!(el.value().attr("src").unwrap().starts_with('/'));
            } else if name == "script" {
                assert_eq!(
                    el.value().attr("type"),
                    Some("application/ld+json"),
                    "{path}: executable script"
                );
                assert!(!el.inner_html().contains('<'), "{path}: markup inside JSON-LD");
            }
            assert!(
                !["iframe", "svg", "object", "embed"].contains(&name),
                "{path}: <{name}>"
            );
            if name == "form" {
                let action = el.value().attr("action").unwrap_or("");
                assert!(
                    ["https://test.example.se/feedback", "/sok/"].contains(&action),
                    "{path}: form to {action}"
                );
            }
            for (attr, value) in el.value().attrs() {
                assert!(!attr.starts_with("on"), "{path}: <{name} {attr}>");
                assert!(
                    !value.trim().to_ascii_lowercase().starts_with("javascript:"),
                    "{path}: {attr}={value}"
                );
                if attr == "style" {
                    panic!("{path}: style attribute on <{name}>");
                }
            }
        }
    }
    assert!(pages > 5);
    let article = site.html("nyheter/script-alert-titel-script/index.html");
    assert_eq!(
        texts(&article, "h1"),
        [r#"<script>alert("titel")</script>"#],
        "the title is shown as text"
    );
    assert_eq!(
        texts(&article, ".contact__name"),
        [r#"<script>alert("kontakt")</script>"#]
    );
}

#[test]
fn unsafe_html_option_turns_sanitising_off() {
    let site = TestSite::fixture("basic");
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{config}unsafe_html: true\n"));
    site.write(
        "content/nyheter/karta.md",
        "---\ntitle: Karta\ndate: 2024-01-01\n---\n<iframe src=\"/karta.html\" title=\"Karta\"></iframe>\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.read("nyheter/karta/index.html").contains("<iframe"));
}

/// Issue 25 item 6: a warning about a value points at that value's own line, not at the
/// first place where the same text occurs in the front matter.
#[test]
fn contact_and_tag_warnings_point_at_their_own_value() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/nyheter/telefon.md",
        "---\ntitle: Telefon 12\ndate: 2024-03-12\nsummary: Ring 0250 om du undrar.\ncontacts:\n  - name: Anna\n    phone: 0250\n  - name: Bo\n    phone: 12\n    email: Bo\n---\nText\n",
    );
    let run = site.notis(&["check", "--now", NOW]);
    for expected in [
        "varning: content/nyheter/telefon.md:7:12: ",
        "varning: content/nyheter/telefon.md:9:12: ",
        "fel: content/nyheter/telefon.md:10:12: ",
    ] {
        assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
    }
}

/// Issue 25 item 7: a draft left in the repository with its example text does not block
/// publishing with `--deny-warnings`; the warning is still shown, marked as a draft's.
/// The same text in a published article still fails.
#[test]
fn a_drafts_warnings_do_not_fail_deny_warnings() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/nyheter/utkast.md",
        "---\ntitle: Utkast\ndate: 2024-03-01\ndraft: true\n---\nSkriv nyheten här.\n",
    );
    for _ in 0..2 {
        // The second build finds the first one's record fresh: the same answer.
        let run = site.build(&["--deny-warnings"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stderr
                .contains("varning: content/nyheter/utkast.md:6:1: (utkast, publiceras inte) exempeltexten"),
            "{}",
            run.stderr
        );
    }
    let run = site.notis(&["check", "--now", NOW, "--deny-warnings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    site.write(
        "content/nyheter/utkast.md",
        "---\ntitle: Utkast\ndate: 2024-03-01\n---\nSkriv nyheten här.\n",
    );
    let run = site.build(&["--deny-warnings"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("(utkast"), "{}", run.stderr);
}
