//! Issue #12, item 4: whatever a build skips, its output is byte-identical to a clean build
//! with the same `--now` and flags. Random sequences of edits, deletions, static-file swaps,
//! theme overrides, draft toggles and clock moves; after each step the cached build is
//! compared with a build into a folder that has never been used.

use std::path::Path;

use chrono::TimeZone;
use chrono_tz::Europe::Stockholm;
use notis::BuildOptions;
use notis::model::site::Inclusion;
use proptest::prelude::*;

use crate::common::assert_same_tree;

#[derive(Debug, Clone)]
enum Step {
    /// Writes article `n` (creating or replacing it).
    Write {
        n: u8,
        article: Article,
    },
    Delete {
        n: u8,
    },
    /// Replaces the static file with other bytes of the same length and the same mtime.
    SwapStatic {
        fill: u8,
    },
    /// Adds or removes a theme override of notis.css.
    Theme {
        on: bool,
    },
    Drafts {
        on: bool,
    },
    /// Moves "now" by this many hours (either way).
    Clock {
        hours: i64,
    },
}

#[derive(Debug, Clone)]
struct Article {
    title: u8,
    day: u32,
    publish_in: Option<u32>,
    expires_in: Option<u32>,
    alert_days: Option<u32>,
    draft: bool,
    tag: Option<u8>,
}

fn article() -> impl Strategy<Value = Article> {
    (
        0u8..6,
        0u32..400,
        proptest::option::of(0u32..60),
        proptest::option::of(0u32..60),
        proptest::option::of(0u32..30),
        proptest::bool::weighted(0.2),
        proptest::option::of(0u8..3),
    )
        .prop_map(|(title, day, publish_in, expires_in, alert_days, draft, tag)| Article {
            title,
            day,
            publish_in,
            expires_in,
            alert_days,
            draft,
            tag,
        })
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0u8..5, article()).prop_map(|(n, article)| Step::Write { n, article }),
        1 => (0u8..5).prop_map(|n| Step::Delete { n }),
        1 => (b'a'..=b'z').prop_map(|fill| Step::SwapStatic { fill }),
        1 => any::<bool>().prop_map(|on| Step::Theme { on }),
        1 => any::<bool>().prop_map(|on| Step::Drafts { on }),
        3 => (-2000i64..6000).prop_map(|hours| Step::Clock { hours }),
    ]
}

fn date(day: u32) -> String {
    (chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Duration::days(i64::from(day)))
        .format("%Y-%m-%d")
        .to_string()
}

fn render(a: &Article) -> String {
    let mut fm = format!("title: Nyhet nummer {}\ndate: {}\n", a.title, date(a.day));
    if let Some(p) = a.publish_in {
        fm.push_str(&format!("publish: {}\n", date(a.day + p)));
    }
    if let Some(e) = a.expires_in {
        fm.push_str(&format!("expires: {}\n", date(a.day + e + 1)));
    }
    if let Some(u) = a.alert_days {
        fm.push_str(&format!("alert: {{text: Störning, until: {}}}\n", date(a.day + u)));
    }
    if a.draft {
        fm.push_str("draft: true\n");
    }
    if let Some(t) = a.tag {
        fm.push_str(&format!("tags: [Ämne {t}]\n"));
    }
    format!("---\n{fm}slug: nyhet-{}\n---\nText om nyhet {}.\n", a.title, a.title)
}

fn write(root: &Path, rel: &str, text: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn new_site(root: &Path) {
    write(
        root,
        "site.yaml",
        b"title: Testkommun\nbase_url: https://test.example.se\norganisation:\n  name: Testkommun\nsearch: false\nnews:\n  per_page: 2\n  old_after_days: 30\n",
    );
    write(root, "static/taxa.txt", b"aaaa");
}

fn apply(root: &Path, step: &Step, options: &mut BuildOptions) {
    match step {
        Step::Write { n, article } => {
            write(root, &format!("content/nyheter/n{n}.md"), render(article).as_bytes());
        }
        Step::Delete { n } => {
            let _ = std::fs::remove_file(root.join(format!("content/nyheter/n{n}.md")));
        }
        Step::SwapStatic { fill } => {
            let path = root.join("static/taxa.txt");
            let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
            std::fs::write(&path, [*fill; 4]).unwrap();
            let f = std::fs::File::options().write(true).open(&path).unwrap();
            f.set_modified(mtime).unwrap();
        }
        Step::Theme { on: true } => write(root, "theme/notis.css", b"body { color: #111; }\n"),
        Step::Theme { on: false } => {
            let _ = std::fs::remove_file(root.join("theme/notis.css"));
        }
        Step::Drafts { on } => options.include.drafts = *on,
        Step::Clock { hours } => options.now += chrono::Duration::hours(*hours),
    }
}

/// Builds must agree on success too: a site that fails to build fails both ways.
fn compare(options: &BuildOptions) -> Result<(), TestCaseError> {
    let cached = notis::build(options, false, &|| {});
    let fresh = crate::common::scratch();
    let clean_options = BuildOptions {
        output: fresh.path().join("public"),
        ..options.clone()
    };
    let clean = notis::build(&clean_options, false, &|| {});
    prop_assert_eq!(
        cached.is_ok(),
        clean.is_ok(),
        "cached {:?} / clean {:?}",
        cached.err(),
        clean.err()
    );
    if clean.is_ok() {
        assert_same_tree(&options.output, &clean_options.output);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn a_cached_build_equals_a_clean_build(steps in proptest::collection::vec(step(), 1..10)) {
        let dir = crate::common::scratch();
        let root = dir.path().join("site");
        new_site(&root);
        let mut options = BuildOptions {
            output: root.join("public"),
            root: root.clone(),
            now: Stockholm.with_ymd_and_hms(2024, 6, 1, 12, 0, 0).unwrap(),
            include: Inclusion::default(),
            base_url: None,
            archive: Default::default(),
        };
        compare(&options)?;
        for step in &steps {
            apply(&root, step, &mut options);
            compare(&options)?;
        }
    }
}
