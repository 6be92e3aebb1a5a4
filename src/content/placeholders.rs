//! placeholders: the example texts that `notis new` and `notis init` write, and finding the
//! ones still left in a site, so that nothing made up gets published.

use crate::diag::error::Diagnostic;
use crate::diag::messages;

/// Texts that only the scaffolds write, each with what it stands for.
pub const PLACEHOLDERS: &[&str] = &[
    "Skriv nyheten här",
    "Skriv vad som har hänt, vad det betyder",
    "Förnamn Efternamn",
    "fornamn.efternamn@example.se",
    "kommun@example.se",
    "www.example.se",
    "212000-0000",
    "Exempel kommun",
    "Exempelstad",
    "[FYLL I",
];

/// A warning at every line of `text` (the file at `path`) that still holds an example text.
pub fn find(path: &str, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        // Comments in site.yaml and the article skeleton explain and may show examples.
        if line.trim_start().starts_with('#') {
            continue;
        }
        if let Some(p) = PLACEHOLDERS.iter().find(|p| line.contains(**p)) {
            let col = line[..line.find(p).unwrap_or(0)].chars().count() + 1;
            out.push(Diagnostic::warning(path, messages::placeholder(p)).at(i + 1, col));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_example_texts_but_not_comments() {
        let text = "---\ntitle: X\n# name: Förnamn Efternamn\n---\nSkriv nyheten här. En tom rad.\n";
        let found = find("a.md", text);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].line, found[0].col), (5, 1));
    }
}
