//! Issue 8: odd and hostile input gives an error or a page — never a panic, hang or stack overflow.
//! Every file in fuzz/regressions/ (seed cases and anything the fuzzer found) runs here.

use crate::common::*;

#[test]
fn fuzz_regressions_never_panic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut count = 0;
    // Sub-folders hold other targets' inputs (svg/, form/); they run in their own tests.
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_file())
        .collect();
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
            if !entry.path().is_file() {
                continue;
            }
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

/// The files of the fuzz target `target`: its seed corpus and what the fuzzer found
/// (`fuzz/regressions/<target>/`, which may not exist yet).
fn fuzz_inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut inputs = Vec::new();
    for folder in [root.join("corpus").join(target), root.join("regressions").join(target)] {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten().filter(|e| e.path().is_file()) {
            let name = format!("{}/{}", folder.display(), entry.file_name().to_string_lossy());
            inputs.push((name, std::fs::read(entry.path()).unwrap()));
        }
    }
    inputs.sort();
    inputs
}

/// Issue 31: the fuzz target `svg`'s inputs never panic the SVG check.
#[test]
fn svg_fuzz_inputs_never_panic() {
    let inputs = fuzz_inputs("svg");
    assert!(inputs.len() >= 3);
    for (name, bytes) in inputs {
        let result = std::panic::catch_unwind(|| {
            notis::content::svg::check_file("static/x.svg", &bytes);
            notis::content::svg::check(&bytes)
        });
        assert!(result.is_ok(), "{name} panicked");
    }
}

/// Issue 31: the fuzz target `form`'s inputs never panic the receiver's form parser.
#[cfg(feature = "feedback")]
#[test]
fn form_fuzz_inputs_never_panic() {
    use notis::feedback::form::{self, Fields};
    let inputs = fuzz_inputs("form");
    assert!(inputs.len() >= 3);
    let mut valid = 0;
    for (name, bytes) in inputs {
        let result = std::panic::catch_unwind(|| {
            let fields = Fields::parse(&bytes);
            fields.trapped();
            form::validate(&fields, "https://www.example.se")
        });
        assert!(result.is_ok(), "{name} panicked");
        valid += usize::from(result.unwrap().is_ok());
    }
    // A seed is a real submission, so validation's whole way is taken.
    assert!(valid >= 1);
}

/// Issue 31: the fuzz target `front_matter`'s inputs split without a panic.
#[test]
fn front_matter_fuzz_inputs_never_panic() {
    let inputs = fuzz_inputs("front_matter");
    assert!(inputs.len() >= 3);
    for (name, bytes) in inputs {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let result = std::panic::catch_unwind(|| notis::content::front_matter::split(&text).is_ok());
        assert!(result.is_ok(), "{name} panicked");
    }
}

#[test]
fn hostile_files_in_a_real_build() {
    let site = TestSite::fixture("basic");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        if !entry.path().is_file() {
            continue;
        }
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
