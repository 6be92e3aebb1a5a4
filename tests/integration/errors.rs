//! Error reporting: every problem, located as path:line:col, with nothing written.

use crate::common::*;

#[test]
fn broken_site_reports_every_error_with_positions() {
    let site = TestSite::fixture("broken");
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(!site.public().exists(), "a failed build must not write output");
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let before = snapshot_tree(&site.public());
    site.write("content/nyheter/trasig.md", "---\ntitle: [\n---\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("fel: content/nyheter/trasig.md:2:"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot_tree(&site.public()), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn bad_site_yaml_is_located() {
    let site = TestSite::fixture("bad_config");
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn missing_site_yaml_says_what_to_do() {
    let dir = crate::common::scratch();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_notis"))
        .args(["build", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("fel: site.yaml: det finns ingen site.yaml i"),
        "{stderr}"
    );
    assert!(stderr.contains("notis init"), "{stderr}");
}

#[test]
fn template_error_names_the_override_file_and_line() {
    let site = TestSite::fixture("template_error");
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("fel: templates/article.html:"), "{}", run.stderr);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn error_on_first_front_matter_line_and_deeper() {
    let site = TestSite::fixture("basic");
    site.write("content/nyheter/x.md", "---\ntitel: X\ndate: 2024-01-01\n---\n");
    site.write(
        "content/nyheter/y.md",
        "---\ntitle: Y\nsummary: S\ntags: [a]\ndate: 2024-13-01\n---\n",
    );
    let run = site.build(&[]);
    assert!(
        run.stderr
            .contains("fel: content/nyheter/x.md:2:1: okänd nyckel `titel`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("fel: content/nyheter/y.md:5:7: `date` `2024-13-01` är inget giltigt datum"),
        "{}",
        run.stderr
    );
}

#[test]
fn crlf_and_bom_files_build() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/nyheter/win.md",
        "\u{feff}---\r\ntitle: Windows\r\ndate: 2024-03-01\r\n---\r\nText från Windows.\r\n",
    );
    site.build_ok();
    assert!(site.read("nyheter/windows/index.html").contains("Text från Windows."));
}

#[test]
fn odd_files_give_errors_not_panics() {
    let site = TestSite::fixture("basic");
    site.write("content/nyheter/empty.md", "");
    site.write("content/nyheter/dashes.md", "---");
    std::fs::write(
        site.root().join("content/nyheter/binary.md"),
        b"---\ntitle: \xff\xfe\n---\n",
    )
    .unwrap();
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("content/nyheter/empty.md:1:1"), "{}", run.stderr);
    assert!(run.stderr.contains("content/nyheter/dashes.md:1:1"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/nyheter/binary.md:2:8: filen är inte giltig UTF-8"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"));
}

/// Issue 25: a colon in the title, a tab, an unknown key and a bad date took four rounds
/// of `notis check`; all four come out in one, each on its own line.
#[test]
fn every_front_matter_mistake_of_a_file_in_one_check() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/nyheter/fyra.md",
        "---\ntitle: Viktigt: vattnet stängs av\ndate: 2026-13-01\nsummary: Vattnet stängs.\n\ttags: [Vatten]\nforfattare: Anna\n---\nText.\n",
    );
    let run = site.notis(&["check", "--now", NOW]);
    assert_eq!(run.code, 1);
    for expected in [
        "fel: content/nyheter/fyra.md:2:15: värdet för `title` innehåller ett kolon",
        "fel: content/nyheter/fyra.md:3:7: `date` `2026-13-01` är inget giltigt datum",
        "fel: content/nyheter/fyra.md:5:1: raden är indragen med tabb",
        "fel: content/nyheter/fyra.md:6:1: okänd nyckel `forfattare`",
    ] {
        assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
    }
    assert_eq!(
        run.stderr.matches("fel: content/nyheter/fyra.md").count(),
        4,
        "{}",
        run.stderr
    );
}

/// The same for "Visste du att…": every item with a mistake, not only the first.
#[test]
fn every_mistake_in_the_facts_file_in_one_check() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/visste-du-att.yaml",
        "- text: Biblioteket: öppet\n- text: Simhallen\n  lnk: /nyheter/\n- text: Bra\n- text: 'Ett citat\n",
    );
    let run = site.notis(&["check", "--now", NOW]);
    assert_eq!(run.code, 1);
    for expected in [
        "fel: content/visste-du-att.yaml:1:20: värdet för `text` innehåller ett kolon",
        "fel: content/visste-du-att.yaml:3:3: okänd nyckel `lnk`",
        "fel: content/visste-du-att.yaml:5:9: citattecknet avslutas aldrig",
    ] {
        assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
    }
}

/// site.yaml too: a syntax mistake does not hide the mistakes after it.
#[test]
fn every_site_yaml_mistake_in_one_check() {
    let site = TestSite::fixture("basic");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    let yaml = yaml.replace("  per_page: 2", "  per_page: 0");
    site.write("site.yaml", &format!("{yaml}search: ja: nej\nminfy: true\n"));
    let run = site.notis(&["check", "--now", NOW]);
    assert_eq!(run.code, 1);
    let lines = yaml.lines().count();
    for expected in [
        "fel: site.yaml:9:13: `news.per_page` måste vara minst 1".to_string(),
        format!(
            "fel: site.yaml:{}:11: värdet för `search` innehåller ett kolon",
            lines + 1
        ),
        format!("fel: site.yaml:{}:1: okänd nyckel `minfy`", lines + 2),
    ] {
        assert!(run.stderr.contains(&expected), "{expected}\n{}", run.stderr);
    }
}

/// Issue 25 item 5: a tab inside `contacts:` is explained in Swedish at the tab's line,
/// not in the parser's English at the `- name:` line above it.
#[test]
fn a_tab_inside_contacts_is_explained_at_its_line() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/nyheter/tabb.md",
        "---\ntitle: Tabb\ndate: 2024-03-01\ncontacts:\n  - name: Anna\n\t  phone: 0250-260 00\n---\nText\n",
    );
    let run = site.notis(&["check", "--now", NOW]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("fel: content/nyheter/tabb.md:6:1: raden är indragen med tabb"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("`    phone: 0250-260 00`"), "{}", run.stderr);
    assert!(!run.stderr.contains("while scanning"), "{}", run.stderr);
}
