//! YAML deserialisation with errors turned into located, actionable diagnostics.
//!
//! Used for site.yaml, front matter and visste-du-att.yaml. Positions from the
//! YAML parser are shifted by `line_offset` so they point into the whole file.

use serde::de::DeserializeOwned;
use serde_saphyr::Spanned;

use crate::diag::error::{Diagnostic, did_you_mean};
use crate::diag::messages::{self, Message};

/// What could be read from YAML that holds mistakes: the value made from the lines that are
/// right, every error found, and the top-level keys whose lines were set aside.
#[derive(Debug)]
pub struct Lenient<T> {
    /// `None` when even the lines without mistakes do not make a value (a required key
    /// was set aside, or the mistakes are not where they can be cut out).
    pub value: Option<T>,
    pub errors: Vec<Diagnostic>,
    /// Keys (of a mapping) set aside: their value is unknown, so "missing" must not be said of them.
    pub dropped: Vec<String>,
}

/// The most times `parse_lenient` reads a text again after setting entries aside.
const MAX_ROUNDS: usize = 50;

/// Reads `yaml` like `serde_saphyr::from_str`, but does not stop at the first mistake. After a failure,
/// each top-level entry (a `key:` line at the margin with the indented lines under it, or a
/// `- ` item of a top-level list) is first read on its own, so every syntax mistake is
/// found and located in its own entry; the entries that read are then deserialised
/// together, and each entry an error points into is set aside and the rest read again, so
/// an unknown key does not hide a bad value further down. Nothing is guessed: a value
/// comes only from lines that are right as they are.
pub fn parse_lenient<T: DeserializeOwned>(path: &str, yaml: &str, line_offset: usize) -> Lenient<T> {
    if let Ok(value) = serde_saphyr::from_str::<T>(yaml) {
        return Lenient {
            value: Some(value),
            errors: Vec::new(),
            dropped: Vec::new(),
        };
    }
    let lines: Vec<&str> = yaml.lines().collect();
    let entries = top_level_entries(&lines);
    let mut dropped = vec![false; entries.len()];
    let mut errors = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let found = syntax_errors(path, &lines[entry.clone()], line_offset + entry.start, 0, NESTED_LEVELS);
        if !found.is_empty() {
            errors.extend(found);
            dropped[i] = true;
        }
    }
    // Each round sets aside at least one more entry, so this ends; the bound keeps a
    // hostile file (thousands of repeated keys, each its own round over the whole text)
    // from taking minutes, while a writer's handful of mistakes all come out.
    for _ in 0..=entries.len().min(MAX_ROUNDS) {
        let text = without(&lines, &entries, &dropped);
        let err = match serde_saphyr::from_str::<T>(&text) {
            Ok(value) => return lenient_result(Some(value), errors, &lines, &entries, &dropped),
            Err(e) => e,
        };
        let dropped_keys = dropped_keys(&lines, &entries, &dropped);
        if missing_field(&err).is_some_and(|k| dropped_keys.contains(&k)) {
            break; // a consequence of an entry already reported
        }
        let found = to_diagnostics(path, &text, &err, line_offset);
        let entry_of = |d: &Diagnostic| {
            let line = d.line.checked_sub(line_offset + 1)?;
            entries.iter().position(|e| e.contains(&line)).filter(|&i| !dropped[i])
        };
        let newly: Vec<usize> = found.iter().filter_map(entry_of).collect();
        // An error outside the entries still read, after some were set aside (the end of
        // a text left empty), comes from the cut, not from the writer.
        if newly.is_empty() && dropped.contains(&true) {
            break;
        }
        errors.extend(found);
        if newly.is_empty() {
            break;
        }
        for i in newly {
            dropped[i] = true;
        }
    }
    lenient_result(None, errors, &lines, &entries, &dropped)
}

/// How many levels below the top `syntax_errors` looks for one mistake per entry: a list
/// under a key, and the keys of each item.
const NESTED_LEVELS: usize = 2;

/// The syntax mistakes of one entry (`lines`, the first at file line `offset + 1`, its
/// lines under it indented by at least `indent`). When the entry does not read, the
/// entries under it are read one by one, so a mistake in one contact does not hide one
/// in the next; the entry's own error stands where none of them shows it.
fn syntax_errors(path: &str, lines: &[&str], offset: usize, indent: usize, levels: usize) -> Vec<Diagnostic> {
    // Read as they stand, indented: YAML takes an indented block as a document, and the
    // columns and the lines shown in the fixes stay the file's.
    let text = lines.join("\n") + "\n";
    let Err(e) = serde_saphyr::from_str::<serde::de::IgnoredAny>(&text) else {
        return Vec::new();
    };
    let first = to_diagnostics(path, &text, &e, offset);
    if levels == 0 || lines.len() < 2 {
        return first;
    }
    // The entries under the first line start where a line is indented as the first one below it.
    let below = &lines[1..];
    let Some(child) = below
        .iter()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .filter(|&c| c > indent)
    else {
        return first;
    };
    let starts: Vec<usize> = (0..below.len())
        .filter(|&i| {
            let l = below[i];
            l.len() - l.trim_start_matches(' ').len() == child
                && !l.trim().is_empty()
                && !l.trim_start().starts_with('#')
        })
        .collect();
    let mut nested = Vec::new();
    let mut covered = Vec::new();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(below.len());
        let found = syntax_errors(path, &below[start..end], offset + 1 + start, child, levels - 1);
        if !found.is_empty() {
            covered.push(offset + 2 + start..offset + 2 + end);
            nested.extend(found);
        }
    }
    if nested.is_empty() {
        return first;
    }
    let shown_below = |d: &Diagnostic| covered.iter().any(|r| r.contains(&d.line));
    first.into_iter().filter(|d| !shown_below(d)).chain(nested).collect()
}

fn lenient_result<T>(
    value: Option<T>,
    mut errors: Vec<Diagnostic>,
    lines: &[&str],
    entries: &[std::ops::Range<usize>],
    dropped: &[bool],
) -> Lenient<T> {
    let mut seen = std::collections::HashSet::new();
    errors.retain(|d| seen.insert((d.line, d.col, d.code.clone(), d.message.en.clone())));
    Lenient {
        value,
        errors,
        dropped: dropped_keys(lines, entries, dropped),
    }
}

/// The top-level entries of a YAML text as ranges of 0-based line numbers: each starts at a
/// line that begins at the margin (not a comment) and runs to the next such line.
fn top_level_entries(lines: &[&str]) -> Vec<std::ops::Range<usize>> {
    let starts: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.chars().next().is_some_and(|c| !c.is_whitespace() && c != '#'))
        .map(|(i, _)| i)
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(n, &start)| start..starts.get(n + 1).copied().unwrap_or(lines.len()))
        .collect()
}

/// The text with the set-aside entries' lines left empty, so every other line keeps its number.
fn without(lines: &[&str], entries: &[std::ops::Range<usize>], dropped: &[bool]) -> String {
    let mut out: Vec<&str> = lines.to_vec();
    for (entry, _) in entries.iter().zip(dropped).filter(|(_, d)| **d) {
        for line in &mut out[entry.clone()] {
            *line = "";
        }
    }
    out.join("\n") + "\n"
}

fn dropped_keys(lines: &[&str], entries: &[std::ops::Range<usize>], dropped: &[bool]) -> Vec<String> {
    entries
        .iter()
        .zip(dropped)
        .filter(|(_, d)| **d)
        .filter_map(|(e, _)| lines[e.start].split_once(':').map(|(k, _)| k.trim().to_string()))
        .collect()
}

/// The key of a "missing field" error.
fn missing_field(err: &serde_saphyr::Error) -> Option<String> {
    let raw = err.without_snippet().to_string();
    let rest = raw.strip_prefix("missing field ")?;
    Some(rest.split('`').nth(1).unwrap_or(rest).to_string())
}

fn to_diagnostics(path: &str, yaml: &str, err: &serde_saphyr::Error, line_offset: usize) -> Vec<Diagnostic> {
    let raw = err.without_snippet().to_string();
    // The plain message ends with " at line L, column C"; we print positions ourselves.
    let message = match raw.rfind(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw,
    };
    let (mut line, mut col) = err
        .location()
        .map_or((0, 0), |l| (l.line() as usize, l.column() as usize));
    // The scanner notices a tab at the end of the line before it (inside a list, say):
    // point at the tab itself.
    if message.contains("found a tab") || message.starts_with("tabs disallowed") {
        (line, col) = tab_at_or_after(yaml, line).unwrap_or((line, col));
    }
    if let Some(d) = duplicate_key(path, yaml, &message, line + line_offset, line_offset) {
        return vec![d.at(line + line_offset, col)];
    }
    // A list or mapping where another kind was expected is the parent key's value.
    let key = if message.starts_with("expected sequence") || message.starts_with("expected mapping") {
        parent_key(yaml, line).or_else(|| key_of(yaml, line))
    } else {
        key_of(yaml, line)
    };
    let mut out =
        vec![Diagnostic::error(path, explain(&message, yaml, line, col, key.as_deref())).at(line + line_offset, col)];
    if let Some(rest) = message.strip_prefix("unknown field") {
        let (first, expected) = split_expected(rest);
        out.extend(other_unknown_keys(path, yaml, line_offset, &first, &expected, line));
    }
    out
}

/// The 1-based (line, col) of the first tab in a line's indentation at or after `line`,
/// else of the first tab at all.
fn tab_at_or_after(yaml: &str, line: usize) -> Option<(usize, usize)> {
    let lines = || yaml.lines().enumerate().skip(line.saturating_sub(1));
    let leading = |l: &str| l.len() - l.trim_start().len();
    lines()
        .find_map(|(i, l)| l[..leading(l)].find('\t').map(|c| (i, c)))
        .or_else(|| lines().find_map(|(i, l)| l.find('\t').map(|c| (i, l[..c].chars().count()))))
        .map(|(i, c)| (i + 1, c + 1))
}

/// Line `line_no` (1-based) indented with spaces as the line before it suggests: two more
/// than a key that opens a block or a list item, else as much as that line.
fn without_tab(yaml: &str, line_no: usize) -> String {
    let lines: Vec<&str> = yaml.lines().collect();
    let Some(here) = line_no.checked_sub(1).and_then(|i| lines.get(i)) else {
        return String::new();
    };
    let indent = |l: &str| l.len() - l.trim_start().len();
    let above = lines[..line_no - 1]
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    let spaces = match above {
        Some(l) if l.trim_end().ends_with(':') || l.trim_start().starts_with("- ") => indent(l) + 2,
        Some(l) => indent(l),
        None => 0,
    };
    format!("{}{}", " ".repeat(spaces), here.trim_start().replace('\t', " "))
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
/// serde-saphyr version in Cargo.lock. The error is at 1-based `line_no` and `col` of `yaml`.
fn explain(message: &str, yaml: &str, line_no: usize, col: usize, key: Option<&str>) -> Message {
    if let Some(m) = explain_keys(message) {
        return m;
    }
    let line = yaml.lines().nth(line_no.saturating_sub(1)).unwrap_or("");
    if message.starts_with("tabs disallowed") || message.contains("found a tab") {
        return messages::tab_indent(&without_tab(yaml, line_no));
    }
    if let Some(m) = explain_syntax(message, line, col) {
        return m;
    }
    if message.starts_with("expected mapping start") || message.contains("expected keys") {
        if let Some((k, v)) = line.split_once(':')
            && !v.is_empty()
            && !v.starts_with([' ', '\t'])
        {
            return messages::missing_space_after_colon(&format!("{}: {}", k.trim(), v));
        }
        return messages::expected_mapping(key);
    }
    if message.starts_with("expected sequence start") {
        return messages::expected_list(key);
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

/// Unknown and missing keys and values.
fn explain_keys(message: &str) -> Option<Message> {
    if let Some(rest) = message.strip_prefix("unknown field") {
        let (name, expected) = split_expected(rest);
        let candidates: Vec<&str> = expected.iter().map(String::as_str).collect();
        return Some(messages::unknown_key(
            &name,
            did_you_mean(&name, candidates.iter().copied()),
            &candidates,
        ));
    }
    if let Some(rest) = message.strip_prefix("unknown variant") {
        let (name, expected) = split_expected(rest);
        let candidates: Vec<&str> = expected.iter().map(String::as_str).collect();
        return Some(messages::unknown_value(
            &name,
            did_you_mean(&name, candidates.iter().copied()),
            &candidates,
        ));
    }
    let rest = message.strip_prefix("missing field ")?;
    Some(messages::missing_key(rest.trim_matches('`')))
}

/// The mistakes of writing: tabs, colons, quotes, brackets, indentation.
fn explain_syntax(message: &str, line: &str, col: usize) -> Option<Message> {
    if message.starts_with("invalid trailing content after") {
        // `title: "Nytt" bibliotek`: the quotes end before the value does.
        let (k, value) = line.split_once(':')?;
        let k = k.trim().trim_start_matches("- ").trim();
        return Some(messages::text_after_quote(&format!(
            "{k}: '{}'",
            value.trim().replace('\'', "''")
        )));
    }
    if message.starts_with("simple key expected ':'") {
        return Some(messages::missing_colon(line.trim()));
    }
    if message.starts_with("mapping values are not allowed") {
        let (k, value) = line.split_once(':')?;
        // The parser stops at the second colon of `title: Viktigt: vattnet`; at the first
        // one when the line is indented under a key that already has a value.
        if col <= k.chars().count() + 1 {
            return Some(messages::bad_indent(false));
        }
        let k = k.trim().trim_start_matches("- ").trim();
        let value = value.trim().trim_matches(['”', '“', '"', '„']);
        return Some(messages::colon_in_value(
            k,
            &format!("{k}: \"{}\"", value.replace('"', "\\\"")),
        ));
    }
    if message.contains("did not find expected '-' indicator") || message.contains("did not find expected key") {
        return Some(messages::bad_indent(line.trim_start().starts_with('-')));
    }
    if message.starts_with("unclosed bracket") || message.contains("flow sequence") || message.contains("flow mapping")
    {
        let open = if message.contains('{') || message.contains("flow mapping") {
            '{'
        } else {
            '['
        };
        return Some(messages::unclosed_bracket(open));
    }
    if message.contains("unclosed quote") || message.contains("quoted scalar") {
        return Some(messages::unclosed_quote());
    }
    None
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

    /// The first error, as tests of a single mistake want it.
    fn parse<T: DeserializeOwned>(path: &str, yaml: &str, line_offset: usize) -> Result<T, Diagnostic> {
        let mut read = parse_lenient(path, yaml, line_offset);
        match read.value {
            Some(v) if read.errors.is_empty() => Ok(v),
            _ => Err(read.errors.remove(0)),
        }
    }

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

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Person {
        name: String,
        role: Option<String>,
        phone: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Front {
        title: Option<String>,
        date: Option<String>,
        summary: Option<String>,
        tags: Option<Vec<String>>,
        contacts: Option<Vec<Person>>,
        image: Option<std::collections::BTreeMap<String, String>>,
    }

    /// (file line, col, code, Swedish help) of each error of `yaml` read as front matter
    /// that starts on file line 2.
    fn errors(yaml: &str) -> Vec<(usize, usize, String, String)> {
        parse_lenient::<Front>("a.md", yaml, 1)
            .errors
            .into_iter()
            .map(|d| (d.line, d.col, d.code, d.help.map(|h| h.sv).unwrap_or_default()))
            .collect()
    }

    fn one(yaml: &str) -> (usize, usize, String, String) {
        let mut e = errors(yaml);
        assert_eq!(e.len(), 1, "{e:?}");
        e.remove(0)
    }

    #[test]
    fn every_mistake_of_a_file_comes_out_at_once() {
        let read = parse_lenient::<Front>(
            "a.md",
            "title: Viktigt: vattnet stängs av\ndate: 2026-13-01\nsummary: Vattnet.\n\ttags: [Vatten]\nforfattare: Anna\nfotograf: Bo\n",
            1,
        );
        let found: Vec<(usize, &str)> = read.errors.iter().map(|d| (d.line, d.code.as_str())).collect();
        assert_eq!(
            found,
            vec![
                (2, "colon-in-value"),
                (5, "tab-indent"),
                (6, "unknown-key"),
                (7, "unknown-key")
            ]
        );
        // The lines that are right still make a value, for the checks of their values.
        assert_eq!(read.value.unwrap().date.as_deref(), Some("2026-13-01"));
        assert_eq!(read.dropped, vec!["title", "summary", "forfattare", "fotograf"]);
    }

    #[test]
    fn a_required_key_set_aside_is_not_also_missing() {
        let read = parse_lenient::<Doc>("a.md", "title: a: b\n", 0);
        assert_eq!(read.errors.len(), 1, "{:?}", read.errors);
        assert!(read.value.is_none());
    }

    #[test]
    fn a_tab_inside_a_list_is_explained_on_its_own_line() {
        let (line, col, code, help) = one("title: a\ncontacts:\n  - name: A\n\t  phone: 1\n");
        assert_eq!((line, col, code.as_str()), (5, 1, "tab-indent"));
        assert_eq!(help, "byt tabben mot mellanslag: `    phone: 1`");
        let (line, col, _, help) = one("title: a\ncontacts:\n  - name: A\n    \trole: x\n");
        assert_eq!((line, col), (5, 5));
        assert_eq!(help, "byt tabben mot mellanslag: `    role: x`");
        let (line, _, _, help) = one("title: a\ncontacts:\n\t- name: A\n");
        assert_eq!((line, help.as_str()), (4, "byt tabben mot mellanslag: `  - name: A`"));
        let (line, _, _, help) = one("title: a\n\ttags: [x]\n");
        assert_eq!((line, help.as_str()), (3, "byt tabben mot mellanslag: `tags: [x]`"));
    }

    #[test]
    fn unclosed_quotes_and_brackets_point_where_they_open() {
        for yaml in ["title: \"abc\ndate: 2020-01-01\n", "title: 'abc\ndate: x\n"] {
            let (line, col, code, _) = one(yaml);
            assert_eq!((line, col, code.as_str()), (2, 8, "unclosed-quote"), "{yaml}");
        }
        let (line, col, code, help) = one("title: abc\ntags: [a, b\ndate: 2020-01-01\n");
        assert_eq!((line, col, code.as_str()), (3, 7, "unclosed-bracket"));
        assert!(help.contains("]"), "{help}");
        let (line, col, _, help) = one("title: a\nimage: {src: x, alt: y\ndate: x\n");
        assert_eq!((line, col), (3, 8));
        assert!(help.contains("}"), "{help}");
    }

    #[test]
    fn a_colon_in_a_nested_value_names_its_key() {
        let (line, col, code, help) = one("title: a\ncontacts:\n  - name: A\n    role: Chef: IT\n");
        assert_eq!((line, col, code.as_str()), (5, 15, "colon-in-value"));
        assert_eq!(help, "sätt raka citattecken runt det: role: \"Chef: IT\"");
    }

    #[test]
    fn wrong_indentation_is_named_as_such() {
        for (yaml, line) in [
            ("title: a\ncontacts:\n  - name: A\n   role: Chef\n", 5),
            ("title: a\n  date: x\n", 3),
            ("title: a\ncontacts:\n  - name: A\n  name: B\n", 5),
        ] {
            let (l, _, code, _) = one(yaml);
            assert_eq!((l, code.as_str()), (line, "bad-indent"), "{yaml}");
        }
        let (l, _, code, help) = one("title: a\ncontacts:\n  - name: A\n- name: B\n");
        assert_eq!((l, code.as_str()), (5, "bad-indent"));
        assert!(help.contains("`- `"), "{help}");
    }

    #[test]
    fn thousands_of_repeated_keys_end_quickly() {
        let yaml = "title: a\n".repeat(5_000);
        let start = std::time::Instant::now();
        let read = parse_lenient::<Front>("a.md", &yaml, 1);
        assert!(!read.errors.is_empty());
        assert!(
            start.elapsed() < std::time::Duration::from_secs(5),
            "{:?}",
            start.elapsed()
        );
    }

    #[test]
    fn text_after_a_quote_and_a_line_without_colon() {
        let (line, _, code, help) = one("title: \"Nytt\" bibliotek\n");
        assert_eq!((line, code.as_str()), (2, "text-after-quote"));
        assert_eq!(
            help,
            "sätt enkla citattecken runt hela värdet: title: '\"Nytt\" bibliotek'"
        );
        let (line, _, code, _) = one("title: a\nsummary\n");
        assert_eq!((line, code.as_str()), (3, "missing-colon"));
    }

    #[test]
    fn a_mistake_in_each_contact_comes_out() {
        let e = errors(
            "title: a\ncontacts:\n  - name: A\n\t  phone: 1\n  - name: B\n    role: Chef: IT\n  - name: C\n   email: x@y.se\ndate: x\nfoo: 1\n",
        );
        let found: Vec<(usize, &str)> = e.iter().map(|(l, _, c, _)| (*l, c.as_str())).collect();
        assert_eq!(
            found,
            vec![
                (5, "tab-indent"),
                (7, "colon-in-value"),
                (9, "bad-indent"),
                (11, "unknown-key")
            ]
        );
    }

    #[test]
    fn a_duplicate_key_and_the_rest() {
        let e = errors("title: a\ndate: x\ntitle: b\nfoo: 1\n");
        let found: Vec<(usize, &str)> = e.iter().map(|(l, _, c, _)| (*l, c.as_str())).collect();
        assert_eq!(found, vec![(4, "duplicate-key"), (5, "unknown-key")]);
    }
}
