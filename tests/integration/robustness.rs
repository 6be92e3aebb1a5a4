//! Issue 8: odd and hostile input gives an error or a page — never a panic, hang or stack overflow.
//! Every file in fuzz/regressions/ (seed cases and anything the fuzzer found) runs here.

use crate::common::*;

#[test]
fn fuzz_regressions_never_panic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut count = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let bytes = std::fs::read(entry.path()).unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let result = std::panic::catch_unwind(|| notis::check::check_file(&bytes));
        assert!(result.is_ok(), "{name} panicked");
        count += 1;
    }
    assert!(count >= 10);
}

/// Issue 13: the fuzz target never reached the minifier. Every regression also goes the
/// whole way a build goes, rendering and minification included.
#[test]
fn fuzz_regressions_go_through_the_whole_build_path() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut built = 0;
    for folder in ["regressions", "corpus/parse"] {
        for entry in std::fs::read_dir(root.join(folder)).unwrap().flatten() {
            let bytes = std::fs::read(entry.path()).unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            let result = std::panic::catch_unwind(|| notis::build::fuzzing::build_article(&bytes, None));
            assert!(result.is_ok(), "{name} panicked");
            built += usize::from(result.unwrap().is_ok());
        }
    }
    // The seed corpus is real articles: most of them build, so the path is really taken.
    assert!(built >= 10, "only {built} files built");
}

#[test]
fn hostile_files_in_a_real_build() {
    let site = TestSite::fixture("basic");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        std::fs::copy(
            entry.path(),
            site.root().join("content/nyheter").join(entry.file_name()),
        )
        .unwrap();
    }
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "some of them are errors");
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/nyheter/only-dashes.md:1:1"),
        "{}",
        run.stderr
    );
}

#[test]
fn ten_megabyte_article_builds() {
    let site = TestSite::fixture("basic");
    let paragraph = "Kommunen informerar om snöröjning, vatten och avlopp och om bygglov i Mora. ".repeat(20) + "\n\n";
    let body = paragraph.repeat(10 * 1024 * 1024 / paragraph.len() + 1);
    site.write(
        "content/nyheter/stor.md",
        &format!("---\ntitle: Stor\ndate: 2024-01-01\n---\n{body}"),
    );
    site.build_ok();
    assert!(
        std::fs::metadata(site.public().join("nyheter/stor/index.html"))
            .unwrap()
            .len()
            > 10_000_000
    );
}
