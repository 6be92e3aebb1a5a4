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
    let dir = tempfile::tempdir().unwrap();
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
