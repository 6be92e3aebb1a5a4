//! Export of stored submissions: CSV for Swedish Excel, JSON for everything else,
//! and the terminal table of `notis feedback list`. Pure: submissions in, text out.

use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Europe::Stockholm;

use super::store::Submission;
use crate::text::normalise::strip_controls;

/// A moment as RFC 3339 in Swedish time, e.g. `2026-11-27T19:02:03+01:00`.
pub fn swedish_rfc3339(t: &DateTime<Utc>) -> String {
    t.with_timezone(&Stockholm).to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// A cell that a spreadsheet would read as a formula gets a leading `'`, which
/// Excel and LibreOffice show as text (OWASP's advice against CSV injection).
fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

fn quote(cell: &str) -> String {
    format!("\"{}\"", cell.replace('"', "\"\""))
}

/// CSV as Swedish Excel opens it: UTF-8 with a byte-order mark, `;` between cells,
/// CRLF between rows, every text cell quoted and neutralised.
/// `kind` and `helpful` (issue 27) come last, so that sheets made for the first six
/// columns keep working.
pub fn csv(submissions: &[Submission]) -> String {
    let mut out = String::from("\u{feff}id;received;status;page_url;email;comment;kind;helpful\r\n");
    for s in submissions {
        out.push_str(&format!(
            "{};{};{};{};{};{};{};{}\r\n",
            s.id,
            swedish_rfc3339(&s.received),
            s.status.as_str(),
            csv_cell(&s.page_url),
            csv_cell(&s.email),
            csv_cell(&s.comment),
            csv_cell(&s.kind),
            csv_cell(&s.helpful),
        ));
    }
    out
}

/// A text cell, quoted and neutralised.
pub fn csv_cell(text: &str) -> String {
    quote(&neutralise(text))
}

/// `s` on one line, without control characters, cut to `max` characters: what a
/// visitor sent must not reach the terminal raw.
pub fn one_line(s: &str, max: usize) -> String {
    let joined: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    shorten(&strip_controls(joined), max)
}

/// A JSON array of objects with `id`, `received`, `status`, `page_url`, `email`, `comment`,
/// `kind` and `helpful`.
pub fn json(submissions: &[Submission]) -> String {
    let rows: Vec<serde_json::Value> = submissions
        .iter()
        .map(|s| {
            serde_json::json!({
                "id": s.id,
                "received": swedish_rfc3339(&s.received),
                "status": s.status,
                "page_url": s.page_url,
                "email": s.email,
                "comment": s.comment,
                "kind": s.kind,
                "helpful": s.helpful,
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into());
    text.push('\n');
    text
}

/// The longest page address shown in `list`, in characters; longer ones are shortened.
const PAGE_COLUMN_MAX: usize = 60;
/// The longest comment shown in `list`, in characters.
const COMMENT_COLUMN_MAX: usize = 60;

/// `s` cut to `max` characters, ending in `…` when cut.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() > max {
        s.chars().take(max - 1).chain(['…']).collect()
    } else {
        s.to_string()
    }
}

/// `s` padded with spaces to `width` characters (`format!`'s width counts characters
/// too; this spells it out where the width is computed).
fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    format!("{s}{}", " ".repeat(width.saturating_sub(n)))
}

/// The comment cell of `list`: a comment as it is; the other kinds say what they are
/// first ("till hjälp? nej: …", "tillgänglighet: …").
fn with_kind(s: &Submission, comment: String, lang: crate::diag::messages::Lang) -> String {
    use crate::diag::messages;
    match s.kind.as_str() {
        "comment" | "" => comment,
        kind => {
            let name = messages::feedback_kind_name(kind).get(lang).to_string();
            let answer = if s.helpful.is_empty() {
                String::new()
            } else {
                format!(" {}", s.helpful)
            };
            let sep = if comment.is_empty() { "" } else { ": " };
            format!("{name}{answer}{sep}{comment}")
        }
    }
}

/// A table for the terminal, one line per submission (the comment shortened), with the
/// statuses in `lang` and each column as wide as its widest cell.
pub fn table(submissions: &[Submission], base_url: &str, lang: crate::diag::messages::Lang) -> String {
    use crate::diag::messages;
    let rows: Vec<[String; 5]> = submissions
        .iter()
        .map(|s| {
            let page = s
                .page_url
                .strip_prefix(base_url)
                .filter(|p| !p.is_empty())
                .unwrap_or(&s.page_url);
            let one_line: String = s.comment.split_whitespace().collect::<Vec<_>>().join(" ");
            let one_line = with_kind(s, one_line, lang);
            // Control and bidi characters from a visitor must not reach the terminal.
            [
                s.id.to_string(),
                s.received
                    .with_timezone(&Stockholm)
                    .format("%Y-%m-%d %H:%M")
                    .to_string(),
                messages::feedback_status(s.status.as_str()).get(lang).to_string(),
                shorten(&strip_controls(page.replace(['\n', '\t'], " ")), PAGE_COLUMN_MAX),
                shorten(&strip_controls(one_line), COMMENT_COLUMN_MAX),
            ]
        })
        .collect();
    let width = |i: usize, least: usize| rows.iter().map(|r| r[i].chars().count()).fold(least, usize::max);
    let (status_width, page_width) = (width(2, 6), width(3, 4));
    let mut out = format!(
        "{}\n",
        messages::feedback_table_header(status_width, page_width).get(lang)
    );
    for [id, received, status, page, comment] in &rows {
        out.push_str(&format!(
            "{id:>6}  {received:<16}  {}  {}  {comment}\n",
            pad(status, status_width),
            pad(page, page_width)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feedback::store::Status;

    fn sub(comment: &str) -> Submission {
        Submission {
            id: 7,
            received: DateTime::parse_from_rfc3339("2026-07-01T10:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
            page_url: "https://www.mora.se/nyheter/x/".into(),
            comment: comment.into(),
            email: "@evil".into(),
            status: Status::New,
            kind: "comment".into(),
            helpful: String::new(),
        }
    }

    #[test]
    fn csv_for_excel() {
        let text = csv(&[sub("=HYPERLINK(\"http://x\")"), sub("Hej; \"du\"\nrad 2"), sub("-1+1")]);
        assert!(text.starts_with("\u{feff}id;received;status;page_url;email;comment;kind;helpful\r\n"));
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(
            lines[1],
            "7;2026-07-01T12:00:00+02:00;new;\"https://www.mora.se/nyheter/x/\";\"'@evil\";\"'=HYPERLINK(\"\"http://x\"\")\";\"comment\";\"\""
        );
        assert!(lines[2].ends_with(";\"Hej; \"\"du\"\"\nrad 2\";\"comment\";\"\""));
        assert!(lines[3].ends_with(";\"'-1+1\";\"comment\";\"\""));
    }

    #[test]
    fn json_has_the_contract_fields() {
        let v: serde_json::Value = serde_json::from_str(&json(&[sub("x")])).unwrap();
        let row = &v[0];
        for key in [
            "id", "received", "page_url", "comment", "email", "status", "kind", "helpful",
        ] {
            assert!(row.get(key).is_some(), "{key}");
        }
        assert_eq!(row["status"], "new");
        assert_eq!(row["received"], "2026-07-01T12:00:00+02:00");
    }

    #[test]
    fn table_is_one_line_each_without_controls() {
        let text = table(
            &[sub("rad 1\nrad 2 \u{1b}[31m")],
            "https://www.mora.se",
            crate::diag::messages::Lang::Sv,
        );
        assert_eq!(text.lines().count(), 2);
        assert!(text.contains("/nyheter/x/"));
        assert!(!text.contains('\u{1b}'));
    }

    #[test]
    fn table_columns_are_as_wide_as_their_widest_cell_in_characters() {
        let mut long = sub("x");
        long.page_url = format!("https://www.mora.se/nyheter/{}/", "å".repeat(80));
        long.status = Status::Spam;
        let text = table(
            &[sub("y"), long],
            "https://www.mora.se",
            crate::diag::messages::Lang::Sv,
        );
        let starts: Vec<usize> = text
            .lines()
            .map(|l| l.chars().count() - l.rsplit("  ").next().unwrap().chars().count())
            .collect();
        assert!(starts.windows(2).all(|w| w[0] == w[1]), "{text}");
        assert!(text.contains("skräppost") && text.contains(" ny "), "{text}");
        assert!(text.contains('…'), "the long address is shortened: {text}");
        let english = table(&[sub("y")], "https://www.mora.se", crate::diag::messages::Lang::En);
        assert!(english.contains(" new "), "{english}");
    }
}
