//! YAML deserialisation with errors turned into located, actionable diagnostics.
//!
//! Used for site.yaml, front matter and visste-du-att.yaml. Positions from the
//! YAML parser are shifted by `line_offset` so they point into the whole file.

use serde::de::DeserializeOwned;
use serde_saphyr::Spanned;

use crate::error::{Diagnostic, did_you_mean};

/// Deserialize `yaml`; on failure return a diagnostic for `path`, with YAML line 1
/// reported as file line `line_offset + 1`.
pub fn parse<T: DeserializeOwned>(path: &str, yaml: &str, line_offset: usize) -> Result<T, Diagnostic> {
    // serde-saphyr's default budget already bounds aliases, events and flow nesting,
    // which keeps hostile input (alias bombs, absurd nesting) from hanging a build.
    serde_saphyr::from_str(yaml).map_err(|err| to_diagnostic(path, &err, line_offset))
}

fn to_diagnostic(path: &str, err: &serde_saphyr::Error, line_offset: usize) -> Diagnostic {
    let raw = err.without_snippet().to_string();
    // The plain message ends with " at line L, column C"; we print positions ourselves.
    let message = match raw.rfind(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw,
    };
    let (line, col) = err
        .location()
        .map_or((0, 0), |l| (l.line() as usize + line_offset, l.column() as usize));
    let (message, help) = explain(&message);
    let mut d = Diagnostic::error(path, message).at(line, col);
    if let Some(help) = help {
        d = d.with_help(help);
    }
    d
}

/// Rewrites serde's wording into the writer's terms and adds a hint.
fn explain(message: &str) -> (String, Option<String>) {
    for (kind, noun) in [("unknown field", "key"), ("unknown variant", "value")] {
        if let Some(rest) = message.strip_prefix(kind) {
            let (name, expected) = split_expected(rest);
            let candidates: Vec<&str> = expected.iter().map(String::as_str).collect();
            let help = match did_you_mean(&name, candidates.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None if candidates.is_empty() => format!("remove `{name}`"),
                None => format!("allowed: {}", candidates.join(", ")),
            };
            let where_ = if noun == "key" {
                " (free-form values go under `extra:`)"
            } else {
                ""
            };
            return (format!("unknown {noun} `{name}`{where_}"), Some(help));
        }
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        let name = rest.trim_matches('`');
        return (
            format!("missing required key `{name}`"),
            Some(format!("add a line `{name}: …`")),
        );
    }
    let expected = [
        ("expected sequence start", "expected a list here, like `[IT, Trafik]`"),
        ("expected string scalar", "expected text here"),
        (
            "expected mapping start",
            "expected keys with values here (`key: value` lines)",
        ),
    ];
    if let Some((_, plain)) = expected.iter().find(|(m, _)| message.starts_with(m)) {
        return (
            plain.to_string(),
            Some("check the value's type: text, a list `[a, b]`, true/false, or a number".into()),
        );
    }
    if message.contains("unclosed quote") || message.contains("quoted scalar") {
        return (
            message.to_string(),
            Some("close the quotation mark on the same value, or remove it".into()),
        );
    }
    if message.starts_with("invalid type") || message.starts_with("expected") {
        return (
            message.to_string(),
            Some("check the value's type: text, a list `[a, b]`, true/false, or a number".into()),
        );
    }
    (message.to_string(), None)
}

/// From " `contcat`, expected one of title, date" → ("contcat", ["title", "date"]).
fn split_expected(rest: &str) -> (String, Vec<String>) {
    let rest = rest.trim();
    let (name_part, expected_part) = match rest.find(", expected") {
        Some(i) => (&rest[..i], &rest[i + ", expected".len()..]),
        None => (rest, ""),
    };
    let name = name_part.trim().trim_matches('`').to_string();
    let list = expected_part
        .trim()
        .trim_start_matches("one of")
        .trim()
        .trim_start_matches("nothing");
    let expected = list
        .split(',')
        .map(|s| s.trim().trim_matches('`').to_string())
        .filter(|s| !s.is_empty())
        .collect();
    (name, expected)
}

/// 1-based (line, col) in the file of a spanned YAML value.
pub fn position<T>(value: &Spanned<T>, line_offset: usize) -> (usize, usize) {
    let loc = value.referenced;
    if loc.line() == 0 {
        (0, 0)
    } else {
        (loc.line() as usize + line_offset, loc.column() as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        contacts: Option<Vec<String>>,
    }

    #[test]
    fn unknown_key_gets_suggestion_and_offset_position() {
        let d = parse::<Doc>("a.md", "title: x\ncontcat: y\n", 1).unwrap_err();
        assert_eq!((d.line, d.col), (3, 1));
        assert!(d.message.contains("unknown key `contcat`"), "{}", d.message);
        assert_eq!(d.help.as_ref().map(|h| h.en.as_str()), Some("did you mean `contacts`?"));
    }

    #[test]
    fn missing_key_is_named() {
        let d = parse::<Doc>("a.md", "contacts: []\n", 0).unwrap_err();
        assert_eq!(d.message.en, "missing required key `title`");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let yaml = format!("title: {}x{}\n", "[".repeat(5000), "]".repeat(5000));
        assert!(parse::<Doc>("a.md", &yaml, 0).is_err());
    }
}
