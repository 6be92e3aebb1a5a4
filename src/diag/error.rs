//! Diagnostics: what went wrong, where (path:line:col), and what to do about it.
//!
//! Every stage reports problems as [`Diagnostic`]s and keeps going where it can,
//! so one build lists every mistake in the site, not just the first.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::diag::messages::{Message, Text};

/// How bad a diagnostic is. Errors fail the build; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in the site's input, located as precisely as we know.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators.
    pub path: String,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// 1-based column (in characters), 0 when unknown.
    pub col: usize,
    /// A stable name of the kind of problem, for machine output (`unknown-key`).
    pub code: String,
    pub message: Text,
    /// What the writer can do about it.
    pub help: Option<Text>,
    /// About content this build does not publish (a draft, an expired article): shown,
    /// marked as such in the message, and not counted by `--deny-warnings`, so a draft
    /// left in the repository cannot block publishing.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unpublished: bool,
}

impl Diagnostic {
    pub fn error(path: impl Into<String>, message: impl Into<Message>) -> Self {
        let message = message.into();
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: 0,
            col: 0,
            code: message.code.to_string(),
            message: message.text,
            help: message.help,
            unpublished: false,
        }
    }

    pub fn warning(path: impl Into<String>, message: impl Into<Message>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    pub fn at(mut self, line: usize, col: usize) -> Self {
        self.line = line;
        self.col = col;
        self
    }

    /// Marks a diagnostic as about content that is not published: `note` ("utkast,
    /// publiceras inte") goes before the message in parentheses.
    pub fn about_unpublished(mut self, note: Message) -> Self {
        self.unpublished = true;
        self.message = Text::new(
            format!("({}) {}", note.text.sv, self.message.sv),
            format!("({}) {}", note.text.en, self.message.en),
        );
        self
    }

    /// Whether `--deny-warnings` turns this into a failure: every warning except those
    /// about content the build does not publish.
    pub fn denied_as_warning(&self) -> bool {
        self.severity == Severity::Warning && !self.unpublished
    }

    /// A hint not yet in the catalogue (the same in both languages).
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        let help = help.into();
        self.help = Some(Text::new(help.clone(), help));
        self
    }

    /// Sort key: by path, then position, so output is stable and scannable.
    pub fn sort_key(&self) -> (&str, usize, usize, Severity) {
        (&self.path, self.line, self.col, self.severity)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}", self.path)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.col > 0 {
                write!(f, ":{}", self.col)?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  hint: {help}")?;
        }
        Ok(())
    }
}

/// Text with control characters written as escapes (`\u{1b}`), so a file name or a
/// writer's text printed to a terminal cannot move the cursor, ring the bell or split a line.
pub fn escape_controls(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The path of `file` relative to the site `root`, with `/` separators, for messages.
pub fn display_path(root: &Path, file: &Path) -> String {
    let rel: PathBuf = file.strip_prefix(root).unwrap_or(file).to_path_buf();
    let shown = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    // The root component is itself a `/`, so joining made `//tmp/www` of `/tmp/www`.
    match shown.strip_prefix("//") {
        Some(rest) => format!("/{rest}"),
        None => shown,
    }
}

/// Maps byte offsets in a text to 1-based line and column (columns count characters).
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset where each line starts.
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// Line and column (both 1-based) of byte `offset` in `text`.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let col = text.get(start..offset).map_or(offset - start, |s| s.chars().count()) + 1;
        (line, col)
    }
}

/// Suggests the candidate closest to `unknown`, if any is close enough to be a likely typo.
pub fn did_you_mean<'a>(unknown: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(unknown, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_the_root_show_one_leading_slash() {
        let root = Path::new("/srv/site");
        assert_eq!(display_path(root, Path::new("/tmp/www")), "/tmp/www");
        assert_eq!(display_path(root, Path::new("/")), "/");
        assert_eq!(display_path(root, Path::new("/srv/site/content/a.md")), "content/a.md");
    }

    #[test]
    fn line_index_first_line_and_later() {
        let text = "---\ntitle: Å\nda: x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), (1, 1));
        assert_eq!(index.position(text, 2), (1, 3));
        let da = text.find("da:").unwrap();
        assert_eq!(index.position(text, da), (3, 1));
        // Columns count characters, not bytes: `x` after a two-byte Å.
        let text2 = "Å x";
        assert_eq!(LineIndex::new(text2).position(text2, 3), (1, 3));
    }

    #[test]
    fn line_index_end_of_text() {
        let text = "a\nb";
        assert_eq!(LineIndex::new(text).position(text, 99), (2, 2));
    }

    #[test]
    fn diagnostic_format_is_compiler_style() {
        let d = Diagnostic::error("content/nyheter/it.md", "unknown key `contcat`")
            .at(4, 7)
            .with_help("did you mean `contacts`?");
        assert_eq!(
            d.to_string(),
            "error: content/nyheter/it.md:4:7: unknown key `contcat`\n  hint: did you mean `contacts`?"
        );
    }

    #[test]
    fn suggests_close_keys_only() {
        let keys = ["title", "contacts", "tags"];
        assert_eq!(did_you_mean("contcat", keys), Some("contacts"));
        assert_eq!(did_you_mean("zzz", keys), None);
    }
}
