//! The answers to "Var sidan till hjälp?" counted per page, for `notis feedback list`
//! and `notis feedback export --counts`. Pure: submissions in, counts and text out.

use std::collections::BTreeMap;

use super::export::{csv_cell, one_line};
use super::kind::Kind;
use super::store::Submission;
use crate::diag::messages::{self, Lang};

/// The answers about one page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PageCount {
    pub page_url: String,
    /// "Ja" answers.
    pub yes: usize,
    /// "Nej" answers.
    pub no: usize,
    /// What the "Nej" answers said was missing (those that said something), newest first.
    pub missing: Vec<String>,
}

/// Counts per page, the pages with most "Nej" first (then most answers, then by address).
pub fn count(submissions: &[Submission]) -> Vec<PageCount> {
    let mut pages: BTreeMap<&str, PageCount> = BTreeMap::new();
    for s in submissions.iter().filter(|s| s.kind == Kind::Helpful.as_str()) {
        let page = pages.entry(s.page_url.as_str()).or_insert_with(|| PageCount {
            page_url: s.page_url.clone(),
            yes: 0,
            no: 0,
            missing: Vec::new(),
        });
        match s.helpful.as_str() {
            "ja" => page.yes += 1,
            "nej" => page.no += 1,
            _ => {}
        }
        if !s.comment.trim().is_empty() {
            page.missing.push(s.comment.clone());
        }
    }
    let mut counts: Vec<PageCount> = pages.into_values().collect();
    counts.sort_by(|a, b| {
        b.no.cmp(&a.no)
            .then_with(|| (b.yes + b.no).cmp(&(a.yes + a.no)))
            .then_with(|| a.page_url.cmp(&b.page_url))
    });
    counts
}

/// CSV of the counts, as `export::csv` writes for Excel: `page_url;ja;nej;missing`, the
/// comments of one page joined by ` | `.
pub fn csv(counts: &[PageCount]) -> String {
    let mut out = String::from("\u{feff}page_url;ja;nej;missing\r\n");
    for c in counts {
        out.push_str(&format!(
            "{};{};{};{}\r\n",
            csv_cell(&c.page_url),
            c.yes,
            c.no,
            csv_cell(&c.missing.join(" | "))
        ));
    }
    out
}

/// JSON of the counts: an array of `{page_url, yes, no, missing}`.
pub fn json(counts: &[PageCount]) -> String {
    let mut text = serde_json::to_string_pretty(counts).unwrap_or_else(|_| "[]".into());
    text.push('\n');
    text
}

/// The counts for the terminal, after `list`'s table; empty when nobody answered.
pub fn table(counts: &[PageCount], base_url: &str, lang: Lang) -> String {
    if counts.is_empty() {
        return String::new();
    }
    let mut out = format!("\n{}\n", messages::feedback_helpful_heading().get(lang));
    for c in counts {
        let page = c
            .page_url
            .strip_prefix(base_url)
            .filter(|p| !p.is_empty())
            .unwrap_or(&c.page_url);
        let page = one_line(page, 60);
        out.push_str(&format!(
            "{}\n",
            messages::feedback_helpful_counts(c.yes, c.no, &page).get(lang)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feedback::store::Status;
    use chrono::{DateTime, Utc};

    fn answer(page: &str, helpful: &str, comment: &str) -> Submission {
        Submission {
            id: 1,
            received: DateTime::parse_from_rfc3339("2026-07-01T10:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
            page_url: format!("https://www.mora.se{page}"),
            comment: comment.into(),
            email: String::new(),
            status: Status::New,
            kind: "helpful".into(),
            helpful: helpful.into(),
        }
    }

    #[test]
    fn counts_per_page_with_the_most_no_first() {
        let mut comment = answer("/a/", "", "En vanlig kommentar");
        comment.kind = "comment".into();
        let counts = count(&[
            answer("/a/", "ja", ""),
            answer("/b/", "nej", "Tider saknas"),
            answer("/a/", "ja", ""),
            answer("/b/", "ja", ""),
            comment,
        ]);
        assert_eq!(
            counts
                .iter()
                .map(|c| (c.page_url.as_str(), c.yes, c.no))
                .collect::<Vec<_>>(),
            [("https://www.mora.se/b/", 1, 1), ("https://www.mora.se/a/", 2, 0)]
        );
        assert_eq!(counts[0].missing, ["Tider saknas"]);
        let text = csv(&counts);
        assert!(
            text.contains("\"https://www.mora.se/b/\";1;1;\"Tider saknas\"\r\n"),
            "{text}"
        );
        let shown = table(&counts, "https://www.mora.se", Lang::Sv);
        assert!(shown.contains("    2 ja      0 nej  /a/"), "{shown}");
    }
}
