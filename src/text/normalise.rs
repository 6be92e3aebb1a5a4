//! normalise: text as every stage wants it — no byte-order mark, `\n` line ends, no
//! control characters that have no business in a page, a feed or JSON.

/// Strips a UTF-8 byte-order mark, turns CRLF into LF and drops control characters
/// other than tab and newline (a NUL or ESC has no business in a page, a feed or
/// JSON, and would reach all three); line numbers are unchanged.
pub fn normalise(text: &str) -> std::borrow::Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let stray = |c: char| c.is_control() && c != '\n' && c != '\t' && c != '\r';
    if text.contains('\r') || text.contains(stray) {
        let cleaned = text.replace("\r\n", "\n");
        std::borrow::Cow::Owned(cleaned.chars().filter(|&c| !stray(c) && c != '\r').collect())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// `s` without control characters other than tab and newline, for values that YAML
/// escapes can fill with them.
pub fn strip_controls(s: String) -> String {
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        s.chars()
            .filter(|&c| !c.is_control() || c == '\n' || c == '\t')
            .collect()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_dropped_but_lines_kept() {
        assert_eq!(normalise("\u{feff}a\u{0}b\r\nc\u{1b}[2J\td\u{7f}\n"), "ab\nc[2J\td\n");
        assert!(matches!(normalise("plain\ttext\n"), std::borrow::Cow::Borrowed(_)));
    }
}
