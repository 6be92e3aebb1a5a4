//! Issue 13: hostile content cannot hurt. A CI builds whatever a contributor pushes;
//! each test here is one attack from the issue, tried on the real binary.

use crate::common::*;

#[cfg(unix)]
fn symlink(target: &std::path::Path, link: &std::path::Path) {
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// A file outside the site holding a secret, like the CI's environment.
fn secret() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = crate::common::scratch();
    let path = dir.path().join("environ");
    std::fs::write(&path, "HEMLIG_TOKEN=abc123\n---\ntitle: x\n").unwrap();
    (dir, path)
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_site_are_refused_and_never_published() {
    let site = TestSite::fixture("basic");
    let (_dir, secret) = secret();
    symlink(&secret, &site.root().join("static/env.txt"));
    symlink(&secret, &site.root().join("theme/passwd.css"));
    symlink(&secret, &site.root().join("content/nyheter/hemlig.md"));
    symlink(secret.parent().unwrap(), &site.root().join("static/utanfor"));
    for run in [site.build(&[]), site.notis(&["check", "--now", NOW])] {
        assert_eq!(run.code, 1, "{}", run.stderr);
        for name in [
            "static/env.txt",
            "theme/passwd.css",
            "content/nyheter/hemlig.md",
            "static/utanfor",
        ] {
            assert!(
                run.stderr.contains(&format!("{name}: länken pekar utanför")),
                "{name} not named:\n{}",
                run.stderr
            );
        }
        assert!(!run.stderr.contains("HEMLIG"), "the secret was shown:\n{}", run.stderr);
    }
    assert!(!site.public().join("env.txt").exists());
}

#[cfg(unix)]
#[test]
fn symlinks_inside_the_site_work_and_loops_are_reported() {
    let site = TestSite::fixture("basic");
    site.write("delat/logga.txt", "logga");
    symlink(
        &site.root().join("delat/logga.txt"),
        &site.root().join("static/logga.txt"),
    );
    symlink(&site.root().join("delat"), &site.root().join("static/delat"));
    site.build_ok();
    assert_eq!(site.read("logga.txt"), "logga");
    assert_eq!(site.read("delat/logga.txt"), "logga");

    symlink(&site.root().join("static"), &site.root().join("static/delat2/slinga"));
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("static/delat2/slinga"), "{}", run.stderr);
    assert!(run.stderr.contains("slinga"), "{}", run.stderr);
}

#[test]
fn editor_temporary_files_are_skipped_quietly() {
    let site = TestSite::fixture("basic");
    site.write("static/bild.txt", "ok");
    site.write("static/bild.txt~", "backup");
    site.write("static/.bild.txt.swp", "swap");
    site.write("static/#bild.txt#", "emacs");
    site.write("content/nyheter/.#a.md", "not front matter");
    site.write("content/nyheter/a.md.swp", "not front matter");
    site.build_ok();
    assert!(site.exists("bild.txt"));
    for name in ["bild.txt~", ".bild.txt.swp", "#bild.txt#"] {
        assert!(!site.exists(name), "{name} was published");
    }
}

#[cfg(unix)]
#[test]
fn control_characters_in_file_names_are_escaped_in_the_terminal() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/nyheter/ond\u{1b}[2J\u{7}.md",
        "---\ntitle: X\ndate: inte ett datum\n---\nText\n",
    );
    site.write(
        "content/nyheter/rad\nbrytning.md",
        "---\ntitle: Y\ndate: 2024-01-01\n---\nText\n",
    );
    let run = site.notis(&["check", "--now", NOW]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        !run.stderr.contains('\u{1b}') && !run.stderr.contains('\u{7}'),
        "{:?}",
        run.stderr
    );
    assert!(run.stderr.contains(r"ond\u{1b}[2J\u{7}.md"), "{}", run.stderr);
    let list = site.notis(&["list", "--now", NOW]);
    assert!(list.stdout.contains(r"rad\nbrytning.md"), "{}", list.stdout);
    assert!(
        list.stdout.lines().all(|l| !l.starts_with("brytning")),
        "a row was split:\n{}",
        list.stdout
    );
}

#[test]
fn new_writes_any_title_so_that_it_parses() {
    let site = TestSite::fixture("basic");
    for (title, date) in [("Sökväg C:\\", "2024-02-01"), ("Sökväg C:\\temp", "2024-02-02")] {
        let run = site.notis(&["new", title, "--date", date]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    site.build_ok();
    let titles = texts(&site.html("nyheter/sokvag-c/index.html"), "h1");
    assert_eq!(titles, ["Sökväg C:\\"]);
    let page = site.read("nyheter/sokvag-c-temp/index.html");
    assert!(page.contains("Sökväg C:\\temp"), "{page}");
    assert!(!page.contains('\t'), "a tab in the title");
}

#[test]
fn duplicate_key_is_explained_in_plain_words() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/nyheter/dubbel.md",
        "---\ntitle: A\ndate: 2024-01-01\nsummary: B\ntitle: C\n---\nText\n",
    );
    let run = site.notis(&["check", "--now", NOW]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("content/nyheter/dubbel.md:5:1: nyckeln `title` finns två gånger (rad 2 och 5)"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("DuplicateKeyPolicy"), "{}", run.stderr);
}

#[test]
fn script_links_and_broken_links_in_facts_are_errors() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/visste-du-att.yaml",
        "- text: Testby grundades 1642.\n  link: \"javascript:alert(document.cookie)\"\n- text: Sjön är djup.\n  link: /nyheter/finns-inte/\n- text: Rätt länk.\n  link: /nyheter/forsta-nyheten/\n",
    );
    for run in [site.build(&[]), site.notis(&["check", "--now", NOW])] {
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stderr.contains(
                "content/visste-du-att.yaml:2:10: adressen `javascript:alert(document.cookie)` börjar med `javascript:`"
            ),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains("content/visste-du-att.yaml:4:9: länken `/nyheter/finns-inte/` leder inte till"),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains("forsta-nyheten"), "{}", run.stderr);
    }
}

#[test]
fn script_addresses_are_errors_wherever_they_are_written() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/nyheter/ond.md",
        "---\ntitle: Ond\ndate: 2024-01-01\nimage:\n  src: \"javascript:alert(1)\"\n  alt: Bild\n---\nText\n",
    );
    site.write(
        "content/nyheter/ond2.md",
        "---\ntitle: Ond 2\ndate: 2024-01-01\nimage:\n  src: \"data:image/png;base64,AAAA\"\n  alt: Bild\n---\nText [klick](JaVaScRiPt:alert(2)) och ![bild](data:text/html,<script>x</script>).\n\n<a href=\"vbscript:msgbox(3)\">a</a> <img src=\"data:image/png;base64,AAAA\" alt=\"ok\">\n",
    );
    for run in [site.build(&[]), site.notis(&["check", "--now", NOW])] {
        assert_eq!(run.code, 1, "{}", run.stderr);
        for at in [
            "content/nyheter/ond.md:5:8: adressen `javascript:alert(1)`",
            "content/nyheter/ond2.md:8:6: adressen `JaVaScRiPt:alert(2)`",
            "content/nyheter/ond2.md:8:39: adressen `data:text/html,<script>x</script>` börjar med `data:`",
            "content/nyheter/ond2.md:10:1: adressen `vbscript:msgbox(3)`",
        ] {
            assert!(run.stderr.contains(at), "{at}\n{}", run.stderr);
        }
        assert!(!run.stderr.contains("adressen `data:image"), "{}", run.stderr);
    }
}

#[test]
fn tag_with_markup_is_an_error_with_a_hint() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/nyheter/tagg.md",
        "---\ntitle: Tagg\ndate: 2024-01-01\ntags: [\"Bygga & bo\", \"<img src=x onerror=alert(document.domain)>\"]\n---\nText\n",
    );
    let run = site.notis(&["check", "--now", NOW]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/nyheter/tagg.md:4:22: taggen `<img src=x onerror=alert(document.domain)>` innehåller tecknet `<`"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("en tagg får bara innehålla bokstäver, siffror"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("Bygga & bo`"), "{}", run.stderr);
}

#[test]
fn thousands_of_tags_are_refused_quickly() {
    let site = TestSite::fixture("basic");
    let tags: Vec<String> = (0..4000).map(|i| format!("Ämne {i}")).collect();
    site.write(
        "content/nyheter/taggar.md",
        &format!(
            "---\ntitle: Taggar\ndate: 2024-01-01\ntags: [{}]\n---\nText\n",
            tags.join(", ")
        ),
    );
    let start = std::time::Instant::now();
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/nyheter/taggar.md:4:7: nyheten har 4000 taggar; högst 20"),
        "{}",
        run.stderr
    );
    assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    assert!(!site.public().exists());
}

#[test]
fn deep_nesting_is_an_error_at_its_line_not_a_crash() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    site.write(
        "content/nyheter/lista.md",
        &format!(
            "---\ntitle: Lista\ndate: 2024-01-01\n---\nText\n\n{}x\n",
            "- ".repeat(700)
        ),
    );
    site.write(
        "content/nyheter/citat.md",
        &format!("---\ntitle: Citat\ndate: 2024-01-01\n---\n{}x\n", "> ".repeat(1500)),
    );
    for run in [site.build(&[]), site.notis(&["check", "--now", NOW])] {
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(!run.stderr.contains("overflow"), "{}", run.stderr);
        for at in ["content/nyheter/lista.md:7:", "content/nyheter/citat.md:5:"] {
            assert!(
                run.stderr.contains(at) && run.stderr.contains("för många element i varandra"),
                "{at}\n{}",
                run.stderr
            );
        }
    }
    // The failed build left the old output and no staging folder behind.
    assert!(site.exists("index.html"));
    assert!(!site.root().join(".public.notis-staging").exists());
}

#[test]
fn hundred_thousand_nested_elements_are_refused_within_a_second() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/nyheter/divar.md",
        &format!(
            "---\ntitle: Divar\ndate: 2024-01-01\n---\nText\n\n{}\n",
            "<div>".repeat(100_000)
        ),
    );
    let start = std::time::Instant::now();
    let run = site.notis(&["check", "--now", NOW]);
    let elapsed = start.elapsed();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("content/nyheter/divar.md:7:"), "{}", run.stderr);
    assert!(elapsed.as_millis() < 1000, "{elapsed:?}");
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("overflow"), "{}", run.stderr);
}

#[test]
fn raw_html_gets_link_and_alt_checks_and_removals_are_named() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/nyheter/ra.md",
        "---\ntitle: Rå\ndate: 2024-01-01\n---\nText\n\n<a href=\"/nyheter/finns-inte/\">länk</a>\n\n<img src=\"/bilder/saknas.jpg\">\n\n<video src=\"/film.mp4\" controls></video>\n",
    );
    let run = site.notis(&["check", "--now", NOW]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for at in [
        "content/nyheter/ra.md:7:1: länken till `/nyheter/finns-inte/` leder till en sida eller fil som inte finns",
        "content/nyheter/ra.md:9:1: bilden `/bilder/saknas.jpg` finns inte",
        "content/nyheter/ra.md:9:1: bilden saknar alternativtext",
        "content/nyheter/ra.md:11:1: `<video>` togs bort ur HTML-koden av säkerhetsskäl",
    ] {
        assert!(run.stderr.contains(at), "{at}\n{}", run.stderr);
    }
}

#[test]
fn control_characters_never_reach_pages_feeds_or_json() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/nyheter/nul.md",
        "---\ntitle: \"Noll\\0tecken \\e[31m\"\ndate: 2024-03-01\n---\nFörsta\u{0} stycket\u{1b}[2J med\u{7} tecken.\n\nMer text.\n",
    );
    site.build_ok();
    let mut checked = 0;
    for (path, bytes) in snapshot_tree(&site.public()) {
        let text = String::from_utf8_lossy(&bytes);
        if !(path.ends_with(".html") || path.ends_with(".xml") || path.ends_with(".json")) {
            continue;
        }
        checked += 1;
        let bad = text
            .chars()
            .find(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'));
        assert_eq!(bad, None, "{path} holds a control character");
        // Escaped forms count too: JSON's \u0000 and XML's &#0;.
        assert!(
            !text.contains("\\u0000") && !text.contains("\\u001b") && !text.contains("&#0;"),
            "{path}"
        );
    }
    assert!(checked > 10);
    let description = attrs(
        &site.html("nyheter/nolltecken-31m/index.html"),
        "meta[name=description]",
        "content",
    );
    assert_eq!(description, ["Första stycket[2J med tecken."]);
}

#[test]
fn topic_filters_reach_pagefind_escaped_for_its_html_labels() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/nyheter/amp.md",
        "---\ntitle: Amp\ndate: 2024-03-01\ntags: [\"R&D's (test)\"]\n---\nText\n",
    );
    site.build_ok();
    // Pagefind reads the attribute (decoding it once) and its UI sets the value as HTML
    // (decoding it again): what is shown must be the tag's text.
    let filters = attrs(&site.html("nyheter/amp/index.html"), "a.topic", "data-pagefind-filter");
    assert_eq!(filters, ["Ämne:R&amp;D&#39;s (test)"]);
}
