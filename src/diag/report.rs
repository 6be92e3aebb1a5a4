//! Printing diagnostics: compiler-style text with a code frame, or JSON for CI annotations.

use std::collections::BTreeSet;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::diag::error::{Diagnostic, Severity, escape_controls};
use crate::diag::messages::{self, Lang};

/// Human output: `error: path:line:col: message`, the offending line with a caret, the hint.
/// `read` returns a file's text by its site-relative path (the CLI reads it from disk).
pub fn human(diagnostics: &[Diagnostic], read: &dyn Fn(&str) -> Option<String>, color: bool, lang: Lang) -> String {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let mut out = String::new();
    for d in diagnostics {
        let name = messages::severity(d.severity == Severity::Error).get(lang).to_string();
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        }
        .with_name(name);
        let location = match (d.line, d.col) {
            (0, _) => d.path.clone(),
            (l, 0) => format!("{}:{l}", d.path),
            (l, c) => format!("{}:{l}:{c}", d.path),
        };
        // File names and the writer's text may hold control characters; never print them raw.
        let location = escape_controls(&location);
        let title = format!("{location}: {}", escape_controls(d.message.get(lang)));
        let help = d.help.as_ref().map(|h| escape_controls(h.get(lang)));
        let path = escape_controls(&d.path);
        let source_line = (d.line > 0)
            .then(|| read(&d.path))
            .flatten()
            .and_then(|text| text.lines().nth(d.line - 1).map(blank_controls))
            // A line of hostile length (100 000 tags) is not worth printing.
            .filter(|line| line.len() <= MAX_FRAME_LINE);
        let group = level.primary_title(title.as_str());
        let mut report: Vec<Group> = Vec::new();
        if let Some(line) = &source_line {
            let span = token_span(line, d.col);
            report.push(
                group.element(
                    Snippet::source(line.as_str())
                        .line_start(d.line)
                        .path(path.as_str())
                        .annotation(AnnotationKind::Primary.span(span).label(help.as_deref().unwrap_or(""))),
                ),
            );
        } else {
            let mut g = Group::with_title(group);
            if let Some(help) = &help {
                g = g.element(
                    Level::HELP
                        .with_name(messages::help_label().get(lang).to_string())
                        .message(help.as_str()),
                );
            }
            report.push(g);
        }
        out.push_str(&renderer.render(&report));
        out.push_str("\n\n");
    }
    out
}

/// Longer source lines get no code frame, only the message and hint.
const MAX_FRAME_LINE: usize = 2000;

/// A source line for the code frame, each control character (but tab) shown as `�`
/// so the caret's column still matches.
fn blank_controls(line: &str) -> String {
    line.chars()
        .map(|c| if c.is_control() && c != '\t' { '\u{fffd}' } else { c })
        .collect()
}

/// The byte range to underline: a Markdown link or image, an HTML tag, or the rest of the line.
fn token_span(line: &str, col: usize) -> std::ops::Range<usize> {
    let start = line
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let rest = &line[start..];
    let len = match rest.chars().next() {
        Some('[' | '!') => rest.find(')').map(|i| i + 1),
        Some('<') => rest.find('>').map(|i| i + 1),
        _ => None,
    }
    .unwrap_or_else(|| rest.trim_end().len());
    start..(start + len.max(1)).min(line.len().max(start + 1))
}

/// "2 fel, 1 varning i 3 filer".
pub fn summary(diagnostics: &[Diagnostic], lang: Lang) -> String {
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diagnostics.len() - errors;
    let files: BTreeSet<&str> = diagnostics.iter().map(|d| d.path.as_str()).collect();
    messages::summary(errors, warnings, files.len()).get(lang).to_string()
}

/// JSON: one object per diagnostic (severity, code, path, line, col, message, help); the
/// code is stable across languages and versions, the texts are in `lang`.
pub fn json(diagnostics: &[Diagnostic], lang: Lang) -> String {
    let list: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            serde_json::json!({
                "severity": d.severity,
                "code": d.code,
                "path": d.path,
                "line": d.line,
                "col": d.col,
                "message": d.message.get(lang),
                "help": d.help.as_ref().map(|h| h.get(lang)),
            })
        })
        .collect();
    serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".to_string())
}

/// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
pub fn use_color() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// Prints diagnostics in human form to stderr, sorted by file and position, with a summary.
/// `read` gives a site file's text for the code frames (`content::walker::source_reader`).
pub fn print_human(diagnostics: &[Diagnostic], read: &dyn Fn(&str) -> Option<String>, lang: Lang) {
    use std::io::Write;
    if diagnostics.is_empty() {
        return;
    }
    let mut sorted = diagnostics.to_vec();
    sorted.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let text = human(&sorted, read, use_color(), lang);
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "{text}");
    let _ = writeln!(err, "{}", summary(&sorted, lang));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_shows_line_and_caret() {
        let d = Diagnostic::error("content/a.md", "unknown key `contcat`")
            .at(3, 1)
            .with_help("did you mean `contacts`?");
        let text = human(
            &[d],
            &|_| Some("---\ntitle: A\ncontcat: x\n---\n".into()),
            false,
            Lang::En,
        );
        assert!(
            text.starts_with("error: content/a.md:3:1: unknown key `contcat`"),
            "{text}"
        );
        assert!(text.contains("3 | contcat: x"), "{text}");
        assert!(text.contains("^^^^^^^^^^ did you mean `contacts`?"), "{text}");
    }

    #[test]
    fn swedish_summary() {
        let e = Diagnostic::error("a.md", "x");
        let w = Diagnostic::warning("b.md", "y");
        assert_eq!(
            summary(&[e.clone(), e.clone(), w.clone()], Lang::Sv),
            "2 fel, 1 varning i 2 filer"
        );
        assert_eq!(summary(&[w.clone(), w], Lang::Sv), "0 fel, 2 varningar i 1 fil");
    }
}
