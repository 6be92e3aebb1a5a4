//! YAML deserialisation with errors turned into located, actionable diagnostics.
//!
//! Used for site.yaml, front matter and visste-du-att.yaml. Positions from the
//! YAML parser are shifted by `line_offset` so they point into the whole file.

use serde::de::DeserializeOwned;
use serde_saphyr::Spanned;

use crate::diag::error::{Diagnostic, did_you_mean};
use crate::diag::messages::{self, Message};

/// Deserialize `yaml`; on failure return diagnostics for `path`, with YAML line 1
/// reported as file line `line_offset + 1`. An unknown key brings every other unknown
/// key at the same level with it, so one run shows them all.
pub fn parse<T: DeserializeOwned>(path: &str, yaml: &str, line_offset: usize) -> Result<T, Diagnostic> {
    parse_all(path, yaml, line_offset).map_err(|mut d| d.remove(0))
}

/// Like `parse`, with every problem that can be found from the one error.
pub fn parse_all<T: DeserializeOwned>(path: &str, yaml: &str, line_offset: usize) -> Result<T, Vec<Diagnostic>> {
    // serde-saphyr's default budget already bounds aliases, events and flow nesting,
    // which keeps hostile input (alias bombs, absurd nesting) from hanging a build.
    serde_saphyr::from_str(yaml).map_err(|err| to_diagnostics(path, yaml, &err, line_offset))
}

fn to_diagnostics(path: &str, yaml: &str, err: &serde_saphyr::Error, line_offset: usize) -> Vec<Diagnostic> {
    let raw = err.without_snippet().to_string();
    // The plain message ends with " at line L, column C"; we print positions ourselves.
    let message = match raw.rfind(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw,
    };
    let (line, col) = err
        .location()
        .map_or((0, 0), |l| (l.line() as usize, l.column() as usize));
    if let Some(d) = duplicate_key(path, yaml, &message, line + line_offset, line_offset) {
        return vec![d.at(line + line_offset, col)];
    }
    let source_line = yaml.lines().nth(line.saturating_sub(1)).unwrap_or("");
    // A list or mapping where another kind was expected is the parent key's value.
    let key = if message.starts_with("expected sequence") || message.starts_with("expected mapping") {
        parent_key(yaml, line).or_else(|| key_of(yaml, line))
    } else {
        key_of(yaml, line)
    };
    let mut out =
        vec![Diagnostic::error(path, explain(&message, source_line, key.as_deref())).at(line + line_offset, col)];
    if let Some(rest) = message.strip_prefix("unknown field") {
        let (first, expected) = split_expected(rest);
        out.extend(other_unknown_keys(path, yaml, line_offset, &first, &expected, line));
    }
    out
}

/// "the key `title` appears twice (lines 2 and 5)", instead of the library's advice
/// to set an option the writer has never heard of.
fn duplicate_key(path: &str, yaml: &str, message: &str, line: usize, line_offset: usize) -> Option<Diagnostic> {
    let rest = message.strip_prefix("duplicate mapping key")?;
    let key = rest
        .strip_prefix(':')
        .and_then(|r| r.split(", set DuplicateKeyPolicy").next())
        .map(|k| k.trim().trim_matches(['"', '\'']))
        .unwrap_or("");
    // The first occurrence: an earlier line holding `key:` at the same indentation.
    let yaml_lines: Vec<&str> = yaml.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let later = line.checked_sub(line_offset + 1).and_then(|i| yaml_lines.get(i));
    let first = later.and_then(|later| {
        let target = indent(later);
        yaml_lines[..line - line_offset - 1].iter().position(|l| {
            indent(l) == target
                && l.trim_start()
                    .trim_start_matches("- ")
                    .strip_prefix(key)
                    .is_some_and(|r| r.trim_start().starts_with(':'))
        })
    });
    let key = (!key.is_empty()).then_some(key);
    let lines = first.map(|i| (i + 1 + line_offset, line));
    Some(Diagnostic::error(
        path,
        crate::diag::messages::duplicate_key(key, lines),
    ))
}

/// The key a YAML line belongs to: its own `key:`, else the nearest line above with less
/// indentation (the parent of a list or mapping).
fn key_of(yaml: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = yaml.lines().collect();
    let here = lines.get(line.checked_sub(1)?)?;
    let indent = |l: &str| l.len() - l.trim_start().len();
    let own = |l: &str| {
        let t = l.trim_start().trim_start_matches("- ");
        let k = t.split(':').next()?.trim();
        (t.contains(':') && !k.is_empty() && k.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.'))
            .then(|| k.to_string())
    };
    if let Some(k) = own(here) {
        return Some(k);
    }
    let mine = indent(here);
    lines[..line - 1]
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty() && indent(l) < mine)
        .and_then(|l| own(l))
}

/// The key of the nearest line above `line` that is indented less (the parent of a block).
fn parent_key(yaml: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = yaml.lines().collect();
    let here = lines.get(line.checked_sub(1)?)?;
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mine = indent(here);
    if mine == 0 {
        return None;
    }
    lines[..line - 1]
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty() && indent(l) < mine)
        .and_then(|l| key_of(l, 1))
}

/// Top-level keys other than `first` that are not in `expected`, each an error at its line.
fn other_unknown_keys(
    path: &str,
    yaml: &str,
    line_offset: usize,
    first: &str,
    expected: &[String],
    first_line: usize,
) -> Vec<Diagnostic> {
    if expected.is_empty() {
        return Vec::new();
    }
    let indent_of_first = yaml
        .lines()
        .nth(first_line.saturating_sub(1))
        .map_or(0, |l| l.len() - l.trim_start().len());
    let mut out = Vec::new();
    for (i, l) in yaml.lines().enumerate() {
        if i + 1 == first_line || l.len() - l.trim_start().len() != indent_of_first || indent_of_first != 0 {
            continue;
        }
        let Some((key, _)) = l.split_once(':') else { continue };
        let key = key.trim();
        if key.is_empty() || key.starts_with('#') || key.starts_with('-') || key == first {
            continue;
        }
        if !expected.iter().any(|e| e == key) {
            let candidates: Vec<&str> = expected.iter().map(String::as_str).collect();
            let suggestion = did_you_mean(key, candidates.iter().copied());
            out.push(
                Diagnostic::error(path, messages::unknown_key(key, suggestion, &candidates)).at(i + 1 + line_offset, 1),
            );
        }
    }
    out
}

/// Rewrites the parser's wording into the writer's terms, with the fix where we can see it.
/// The parser gives only text for these, so the matching lives here, tested against the
/// serde-saphyr version in Cargo.lock.
fn explain(message: &str, line: &str, key: Option<&str>) -> Message {
    if let Some(rest) = message.strip_prefix("unknown field") {
        let (name, expected) = split_expected(rest);
        let candidates: Vec<&str> = expected.iter().map(String::as_str).collect();
        return messages::unknown_key(&name, did_you_mean(&name, candidates.iter().copied()), &candidates);
    }
    if let Some(rest) = message.strip_prefix("unknown variant") {
        let (name, expected) = split_expected(rest);
        let candidates: Vec<&str> = expected.iter().map(String::as_str).collect();
        return messages::unknown_value(&name, did_you_mean(&name, candidates.iter().copied()), &candidates);
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return messages::missing_key(rest.trim_matches('`'));
    }
    if message.starts_with("mapping values are not allowed")
        && let Some((k, value)) = line.split_once(':')
    {
        let value = value.trim().trim_matches(['”', '“', '"', '„']);
        return messages::colon_in_value(
            k.trim(),
            &format!("{}: \"{}\"", k.trim_end(), value.replace('"', "\\\"")),
        );
    }

    if message.starts_with("tabs disallowed") {
        return messages::tab_indent(&line.replace('\t', "  "));
    }
    if message.starts_with("expected mapping start") || message.contains("expected keys") {
        if let Some((k, v)) = line.split_once(':')
            && !v.is_empty()
            && !v.starts_with([' ', '\t'])
        {
            return messages::missing_space_after_colon(&format!("{}: {}", k.trim_end(), v));
        }
        return messages::expected_mapping(key);
    }
    if message.starts_with("expected sequence start") {
        return messages::expected_list(key);
    }
    if message.starts_with("unclosed bracket") || message.contains("flow sequence") {
        return messages::unclosed_bracket();
    }
    if message.contains("unclosed quote") || message.contains("quoted scalar") {
        return messages::unclosed_quote();
    }
    if message.starts_with("invalid u")
        || message.starts_with("invalid i")
        || message.starts_with("invalid f")
        || message.contains("integer")
    {
        return messages::expected_number(key);
    }
    if message.starts_with("expected string") {
        return messages::expected_text(key);
    }
    if message.starts_with("invalid type") || message.starts_with("expected") {
        return messages::wrong_type(key, message);
    }
    messages::yaml_other(message)
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
        assert!(d.message.en.contains("unknown key `contcat`"), "{}", d.message);
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

    #[test]
    fn duplicate_key_names_both_lines_in_plain_words() {
        let d = parse::<Doc>("a.md", "title: x\ncontacts: []\n\ntitle: y\n", 1).unwrap_err();
        assert_eq!(d.message.sv, "nyckeln `title` finns två gånger (rad 2 och 5)");
        assert_eq!(d.line, 5);
        assert!(!format!("{d}").contains("DuplicateKeyPolicy"), "{d}");
    }
}
