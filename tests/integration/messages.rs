//! Issue #16: messages in Swedish by default and English on request, stable codes in JSON,
//! and a future date meaning "scheduled".

use crate::common::{NOW, TestSite};

fn with_clash(site: &TestSite) {
    site.write(
        "content/nyheter/arkiv.md",
        "---\ntitle: Arkiv\ndate: 2024-03-01\n---\nText.\n",
    );
}

#[test]
fn messages_are_swedish_by_default_and_english_on_request() {
    let site = TestSite::fixture("basic");
    with_clash(&site);
    let sv = site.notis(&["check", "--now", NOW]);
    assert!(
        sv.stderr
            .contains("fel: content/nyheter/arkiv.md:2:8: adressen /nyheter/arkiv/ tillhör arkivet"),
        "{}",
        sv.stderr
    );
    assert!(sv.stderr.contains("1 fel, 0 varningar i 1 fil"), "{}", sv.stderr);

    let en = site.notis(&["check", "--now", NOW, "--lang", "en"]);
    assert!(
        en.stderr
            .contains("error: content/nyheter/arkiv.md:2:8: the address /nyheter/arkiv/ belongs to the archive"),
        "{}",
        en.stderr
    );
    assert!(en.stderr.contains("1 error, 0 warnings in 1 file"), "{}", en.stderr);
}

#[test]
fn an_english_locale_gives_english_messages() {
    let site = TestSite::fixture("basic");
    with_clash(&site);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_notis"))
        .args(["check", "--now", NOW, "--root"])
        .arg(site.root())
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "en_GB.UTF-8")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("belongs to the archive"), "{stderr}");
}

#[test]
fn json_output_carries_a_stable_code() {
    let site = TestSite::fixture("basic");
    with_clash(&site);
    for lang in ["sv", "en"] {
        let run = site.notis(&["check", "--now", NOW, "--format", "json", "--lang", lang]);
        let list: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let first = &list[0];
        assert_eq!(first["code"], "address-taken", "{}", run.stdout);
        assert_eq!(first["path"], "content/nyheter/arkiv.md");
        assert_eq!((first["line"].as_u64(), first["col"].as_u64()), (Some(2), Some(8)));
    }
}

#[test]
fn summary_lines_use_singular_and_plural() {
    let site = TestSite::fixture("basic");
    let run = site.build(&[]);
    assert!(run.stdout.contains("(3 nyheter)"), "{}", run.stdout);
    site.write(
        "content/nyheter/b.md",
        "---\ntitle: Andra nyheten\ndate: 2024-02-10\ndraft: true\n---\nText.\n",
    );
    site.write(
        "content/nyheter/sub/c.md",
        "---\ntitle: Tredje\ndate: 2024-02-11\ndraft: true\n---\nText.\n",
    );
    let run = site.build(&[]);
    assert!(run.stdout.contains("(1 nyhet)"), "{}", run.stdout);
    let run = site.build(&["--lang", "en"]);
    assert!(
        run.stdout.contains("(1 article;") || run.stdout.contains("1 article"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_future_date_without_publish_means_scheduled() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/nyheter/framtid.md",
        "---\ntitle: Nytt år\ndate: 2027-01-01\n---\nGott nytt år.\n",
    );
    let run = site.build(&["--now", "2026-11-27 12:00"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !site.exists("nyheter/nytt-ar/index.html"),
        "a future date was published at once"
    );
    assert!(!site.read("index.html").contains("Nytt år"));
    assert!(
        run.stdout.contains("1 schemalagd nyhet (publiceras 1 januari 2027)"),
        "{}",
        run.stdout
    );
    // A future date alone may be a mistyped year: a warning says how to confirm it.
    assert!(run.stderr.contains("skriv också `publish:`"), "{}", run.stderr);
    let list = site.notis(&["list", "--now", "2026-11-27 12:00"]);
    let row = list.stdout.lines().find(|l| l.contains("framtid.md")).unwrap();
    assert!(row.starts_with("schemalagd"), "{row}");

    // The scheduled build's cache ends when the date comes.
    let run = site.build(&["--now", "2027-01-01 00:10"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.exists("nyheter/nytt-ar/index.html"), "{}", run.stdout);
}

#[test]
fn example_texts_from_init_and_new_are_warned_about_until_replaced() {
    let dir = crate::common::scratch();
    let target = dir.path().join("orsa");
    let notis = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_notis"))
            .args(args)
            .env("NO_COLOR", "1")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .output()
            .unwrap()
    };
    let root = target.to_str().unwrap();
    assert!(notis(&["init", root]).status.success());
    assert!(notis(&["new", "Nya öppettider", "--root", root]).status.success());
    let check = notis(&["check", "--root", root]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "warnings only: {stderr}");
    for (file, text) in [
        ("site.yaml:", "www.example.se"),
        ("content/sidor/tillganglighetsredogorelse.md:", "[FYLL I"),
        ("-nya-oppettider.md:", "Skriv nyheten här"),
    ] {
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with("varning: ") && l.contains(file) && l.contains(text)),
            "no warning for {text} in {file}:\n{stderr}"
        );
    }
    let strict = notis(&["check", "--root", root, "--deny-warnings"]);
    assert!(!strict.status.success(), "--deny-warnings lets example texts through");
}

/// The common front matter mistakes, explained in the writer's terms with the fix.
fn yaml_mistakes() -> TestSite {
    let site = TestSite::fixture("basic");
    for (name, text) in [
        (
            "kolon",
            "---\ntitle: Viktigt: vattnet stängs av\ndate: 2024-03-01\n---\nText\n",
        ),
        ("word", "---\ntitle: ”Viktigt: vattnet”\ndate: 2024-03-01\n---\nText\n"),
        (
            "tabb",
            "---\ntitle: A\ndate: 2024-03-01\ncontacts:\n\t- name: X\n---\nText\n",
        ),
        ("hart-mellanslag", "---\ntitle:\u{a0}Hej\ndate: 2024-03-01\n---\nText\n"),
        ("taggar", "---\ntitle: B\ndate: 2024-03-01\ntags:\n  a: b\n---\nText\n"),
        ("mellanslag", "---\ntitle:Hej\ndate: 2024-03-01\n---\nText\n"),
        (
            "hakparentes",
            "---\ntitle: D\ndate: 2024-03-01\ntags: [A, B\n---\nText\n",
        ),
        ("citat", "---\ntitle: \"E\ndate: 2024-03-01\n---\nText\n"),
        ("nycklar", "---\ntitle: F\nDate: 2024-03-01\nTags: [A]\n---\nText\n"),
    ] {
        site.write(&format!("content/nyheter/{name}.md"), text);
    }
    site
}

#[test]
fn front_matter_mistakes_are_explained_with_the_fix_in_swedish() {
    let site = yaml_mistakes();
    let run = site.notis(&["check", "--now", NOW]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn front_matter_mistakes_are_explained_with_the_fix_in_english() {
    let site = yaml_mistakes();
    let run = site.notis(&["check", "--now", NOW, "--lang", "en"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn a_word_in_a_number_setting_names_the_key() {
    let site = TestSite::fixture("basic");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", &yaml.replace("per_page: 2", "per_page: tio"));
    let run = site.notis(&["check", "--now", NOW]);
    assert!(run.stderr.contains("`per_page` ska vara ett heltal"), "{}", run.stderr);
}

#[test]
fn a_very_long_title_gets_a_short_file_name_and_says_so() {
    let site = TestSite::fixture("basic");
    let title = "Kommunfullmäktige har beslutat om en ny översiktsplan för hela kommunen med särskilt fokus på landsbygdens utveckling";
    let run = site.notis(&["new", title, "--date", "2024-03-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("adressen och filnamnet kortades"), "{}", run.stdout);
    let name = std::fs::read_dir(site.root().join("content/nyheter"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().into_string().unwrap())
        .find(|n| n.starts_with("2024-03-01-kommunfullmaktige"))
        .unwrap();
    let slug = name.trim_start_matches("2024-03-01-").trim_end_matches(".md");
    assert!(slug.chars().count() <= 80 && !slug.ends_with('-'), "{slug}");
}

#[test]
fn files_under_content_that_notis_does_not_use_are_named() {
    let site = TestSite::fixture("basic");
    let article = "---\ntitle: Y\ndate: 2024-01-01\n---\nText.\n";
    site.write("content/nyheter/anteckning.md.txt", article);
    site.write("content/nyheter/versaler.MD", article);
    site.write("content/Nyheter/fel-mapp.md", article);
    site.write("content/direkt.md", article);
    site.write("content/nyheter/rapport.docx", "PK");
    let run = site.notis(&["check", "--now", NOW]);
    assert_eq!(run.code, 0, "warnings, not errors: {}", run.stderr);
    for (file, hint) in [
        ("content/nyheter/anteckning.md.txt", "döp om filen till anteckning.md"),
        ("content/nyheter/versaler.MD", "döp om filen till versaler.md"),
        ("content/Nyheter/fel-mapp.md", "flytta filen till content/nyheter/"),
        ("content/direkt.md", "flytta filen till content/nyheter/"),
        ("content/nyheter/rapport.docx", "static/dokument/rapport.docx"),
    ] {
        let warned = run
            .stderr
            .contains(&format!("varning: {file}: notis använder inte den här filen"));
        assert!(warned && run.stderr.contains(hint), "{file}: {}", run.stderr);
    }
}

/// An article planned ahead with `publish:` is no mistake: CI running with
/// `--deny-warnings` builds (without it) until the moment comes.
#[test]
fn an_explicit_publish_moment_is_not_a_warning_so_deny_warnings_builds() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/nyheter/planerad.md",
        "---\ntitle: Planerad\ndate: 2027-01-01\npublish: 2027-01-01 08:00\n---\nText.\n",
    );
    let run = site.build(&["--now", "2026-11-27 12:00", "--deny-warnings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("schemalagd"), "{}", run.stderr);
    assert!(run.stdout.contains("1 schemalagd nyhet"), "{}", run.stdout);
    assert!(!site.exists("nyheter/planerad/index.html"));
}
