//! `notis update FILE "text"`: appends a timestamped update to an article's `updates:`,
//! leaving every other line of the file as the writer wrote it (comments included).
//!
//! `add_update` is pure; `write_update` reads the file, checks that the result still
//! parses with one more update, and replaces the file atomically (a temporary file
//! beside it, then a rename), so a failed update leaves the file untouched.

use std::path::Path;

use crate::content::{DocumentKind, SourceFile, parse_document};
use crate::diag::messages::{self, Text};
use crate::text::dates::Moment;

/// Why the text could not be added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpdateError {
    EmptyText,
    NoFrontMatter,
}

/// `at` as written in front matter: `2018-04-24 14:05` (Swedish time).
pub fn at_text(at: &Moment) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}

/// The `text:` line(s) of an entry: a YAML serialiser, never hand escaping, since a text
/// may hold `: `, `#`, quotes or several lines.
fn text_lines(text: &str) -> Vec<String> {
    let yaml = serde_saphyr::to_string(&std::collections::BTreeMap::from([("text", text)]))
        .unwrap_or_else(|_| format!("text: {}\n", serde_json::Value::from(text)));
    yaml.trim_end().lines().map(str::to_string).collect()
}

/// The file's text with one more entry under `updates:` (created before the closing `---`
/// when the file has none). `file` may have a byte-order mark and CRLF line ends; they are
/// kept.
pub fn add_update(file: &str, at: &Moment, text: &str) -> Result<String, UpdateError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(UpdateError::EmptyText);
    }
    let (bom, rest) = match file.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", file),
    };
    let crlf = rest.contains("\r\n");
    let normal = rest.replace("\r\n", "\n");
    let mut lines: Vec<String> = normal.split('\n').map(str::to_string).collect();
    if lines.first().map(|l| l.trim_end()) != Some("---") {
        return Err(UpdateError::NoFrontMatter);
    }
    let close = (1..lines.len())
        .find(|&i| lines[i].trim_end() == "---")
        .ok_or(UpdateError::NoFrontMatter)?;
    let key = (1..close).find(|&i| is_updates_key(&lines[i]));
    let (insert_at, indent) = match key {
        Some(k) if lines[k].trim_end().ends_with("[]") => {
            lines[k] = "updates:".to_string();
            (k + 1, "  ".to_string())
        }
        Some(k) => {
            let end = block_end(&lines, k, close);
            // The entries' own indentation, so the new one lines up with them.
            let indent = (k + 1..end)
                .find_map(|i| lines[i].trim_start().starts_with("- ").then(|| leading(&lines[i])))
                .unwrap_or_else(|| "  ".to_string());
            (end, indent)
        }
        None => {
            lines.insert(close, "updates:".to_string());
            (close + 1, "  ".to_string())
        }
    };
    let mut entry = vec![format!("{indent}- at: {}", at_text(at))];
    entry.extend(text_lines(text).into_iter().map(|l| format!("{indent}  {l}")));
    lines.splice(insert_at..insert_at, entry);
    let joined = lines.join("\n");
    let joined = if crlf { joined.replace('\n', "\r\n") } else { joined };
    Ok(format!("{bom}{joined}"))
}

/// A top-level `updates:` key.
fn is_updates_key(line: &str) -> bool {
    line.strip_prefix("updates")
        .is_some_and(|rest| rest.trim_start().starts_with(':'))
}

/// The line after the last one of the block that starts at `key`: its indented lines,
/// with blank and comment lines inside it.
fn block_end(lines: &[String], key: usize, close: usize) -> usize {
    let mut end = key + 1;
    for (i, line) in lines.iter().enumerate().take(close).skip(key + 1) {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if line.starts_with([' ', '\t']) || line.starts_with("- ") {
            end = i + 1;
        } else {
            break;
        }
    }
    end
}

fn leading(line: &str) -> String {
    line.chars().take_while(|c| *c == ' ').collect()
}

/// Whether `path` is a Markdown file inside `root`'s content/ folder: `notis update` edits
/// the site's articles and pages, never a file elsewhere that a mistyped path names.
fn in_content(root: &Path, path: &Path) -> bool {
    let content = root.join("content").canonicalize();
    let file = path.canonicalize();
    matches!((content, file), (Ok(c), Ok(f)) if f.starts_with(&c) && f.extension().is_some_and(|e| e == "md"))
}

/// Adds the update to the article or page at `path` (`shown` as the writer named it), a
/// file of the site at `root`, and writes it back; the text to print.
pub fn write_update(root: &Path, path: &Path, shown: &Path, at: &Moment, text: &str) -> Result<Text, Text> {
    let shown = shown.display().to_string();
    if path.exists() && !in_content(root, path) {
        return Err(messages::update_outside_content(&shown));
    }
    let bytes = std::fs::read(path).map_err(|e| messages::update_cannot_read(&shown, &e.to_string()))?;
    let original = String::from_utf8(bytes).map_err(|_| messages::update_breaks_file(&shown))?;
    let updated = add_update(&original, at, text).map_err(|e| match e {
        UpdateError::EmptyText => messages::update_text_empty(),
        UpdateError::NoFrontMatter => messages::update_no_front_matter(&shown),
    })?;
    // The result must parse as the original does (an article, or a page, which needs no
    // date), with exactly one update more.
    let kind = if shown.replace('\\', "/").contains("content/sidor/") {
        DocumentKind::Page
    } else {
        DocumentKind::Article
    };
    let count = |t: &str| {
        let file = SourceFile {
            path: shown.clone(),
            bytes: t.as_bytes().to_vec(),
        };
        parse_document(&file, kind).map(|d| d.updates.len())
    };
    match (count(&original), count(&updated)) {
        (Ok(before), Ok(after)) if after == before + 1 => {}
        _ => return Err(messages::update_breaks_file(&shown)),
    }
    replace(path, updated.as_bytes()).map_err(|e| messages::update_cannot_write(&shown, &e.to_string()))?;
    Ok(messages::update_added(&shown, &at_text(at)))
}

/// Writes `bytes` to a temporary file beside `path` and renames it over `path`.
fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.notis-update-{}", std::process::id()));
    let written = std::fs::write(&temp, bytes)
        .and_then(|()| {
            if let Ok(meta) = std::fs::metadata(path) {
                std::fs::set_permissions(&temp, meta.permissions())?;
            }
            std::fs::File::open(&temp)?.sync_all()
        })
        .and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::dates::parse_moment;

    fn at() -> Moment {
        parse_moment("2018-04-24 14:05").unwrap()
    }

    #[test]
    fn creates_the_list_before_the_closing_line() {
        let out = add_update(
            "---\ntitle: X\ndate: 2018-04-24\n---\nText\n",
            &at(),
            "Telefonin fungerar igen.",
        )
        .unwrap();
        assert_eq!(
            out,
            "---\ntitle: X\ndate: 2018-04-24\nupdates:\n  - at: 2018-04-24 14:05\n    text: Telefonin fungerar igen.\n---\nText\n"
        );
    }

    #[test]
    fn appends_to_an_existing_list_keeping_comments_and_what_follows() {
        let file = "---\ntitle: X\nupdates:\n- at: 2018-04-24 09:00\n  text: |\n    Rad ett\n    Rad två\n# kommentar\ntags: [IT]\n---\n";
        let out = add_update(file, &at(), "Klart: **nu**").unwrap();
        assert_eq!(
            out,
            "---\ntitle: X\nupdates:\n- at: 2018-04-24 09:00\n  text: |\n    Rad ett\n    Rad två\n- at: 2018-04-24 14:05\n  text: \"Klart: **nu**\"\n# kommentar\ntags: [IT]\n---\n"
        );
    }

    #[test]
    fn an_empty_flow_list_becomes_a_block_and_crlf_and_bom_stay() {
        let out = add_update("\u{feff}---\r\ntitle: X\r\nupdates: []\r\n---\r\n", &at(), "A").unwrap();
        assert_eq!(
            out,
            "\u{feff}---\r\ntitle: X\r\nupdates:\r\n  - at: 2018-04-24 14:05\r\n    text: A\r\n---\r\n"
        );
    }

    #[test]
    fn refuses_empty_text_and_files_without_front_matter() {
        assert_eq!(add_update("---\n---\n", &at(), "  "), Err(UpdateError::EmptyText));
        assert_eq!(add_update("Bara text\n", &at(), "A"), Err(UpdateError::NoFrontMatter));
    }
}
