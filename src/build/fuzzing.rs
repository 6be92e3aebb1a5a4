//! fuzzing: the path a real build takes for one content file, in memory, for the fuzz
//! targets and the regression tests.
//!
//! Parse, Markdown, sanitising, model, routes, every check, Tera rendering of every page
//! and minification run as in `notis build`; only the disk, the search index and the
//! clock stay out. Must never panic, hang or overflow the stack, whatever the bytes.

use std::path::PathBuf;

use crate::build::{self, BuildOptions};
use crate::content::{DocumentKind, SiteSource, SourceFile};
use crate::diag::error::Diagnostic;
use crate::model::site::Inclusion;

/// A small site around the fuzzed file: search off, since Pagefind needs the disk.
const SITE_YAML: &str =
    "title: Fuzzkommun\nbase_url: https://fuzz.example.se\norganisation:\n  name: Fuzzkommun\nsearch: false\n";

/// Builds a one-article site from `article` (with `facts` as visste-du-att.yaml, if
/// given) and returns the number of bytes rendered and minified, or the diagnostics.
pub fn build_article(article: &[u8], facts: Option<&[u8]>) -> Result<usize, Vec<Diagnostic>> {
    let config = crate::config::parse(SITE_YAML, None)?;
    let options = BuildOptions {
        root: PathBuf::from("."),
        output: PathBuf::from("public"),
        now: crate::text::dates::parse_moment("2024-04-01 12:00").expect("a valid moment"),
        include: Inclusion::default(),
        base_url: None,
        archive: Default::default(),
    };
    let file = SourceFile {
        path: "content/nyheter/fuzz.md".to_string(),
        bytes: article.to_vec(),
    };
    let parsed = vec![build::parse_file(&file, DocumentKind::Article, config.unsafe_html)];
    let source = SiteSource {
        root: options.root.clone(),
        config: SITE_YAML.to_string(),
        facts: facts.map(|bytes| SourceFile {
            path: crate::content::discover::FACTS_FILE.to_string(),
            bytes: bytes.to_vec(),
        }),
        ..SiteSource::default()
    };
    let analysed = build::assemble(config, source, parsed, &options, false)?;
    let mut bytes = 0;
    for route in analysed.routes.iter() {
        if matches!(route.job, crate::model::routes::Job::Static(_)) {
            continue;
        }
        let file = analysed
            .renderer
            .render_route(&analysed.site, &analysed.routes, route)
            .map_err(|d| vec![d])?;
        bytes += file.bytes.len();
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_an_article_and_refuses_a_deep_one() {
        let ok = build_article(
            b"---\ntitle: A\ndate: 2024-01-01\ntags: [IT]\n---\nText *med* <b>HTML</b>.\n",
            None,
        );
        assert!(ok.as_ref().is_ok_and(|&n| n > 1000), "{ok:?}");
        let deep = format!("---\ntitle: A\ndate: 2024-01-01\n---\n{}x\n", "- ".repeat(700));
        assert!(build_article(deep.as_bytes(), None).is_err());
    }
}
