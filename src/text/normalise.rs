//! normalise: text as every stage wants it — no byte-order mark, `\n` line ends, no
//! control characters that have no business in a page, a feed or JSON; and, in short
//! values from outside (titles, names, a visitor's comment), no bidi controls.

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

/// Bidirectional formatting characters: embeddings and overrides (U+202A–U+202E),
/// isolates (U+2066–U+2069) and the marks U+200E, U+200F and U+061C. In a short value
/// they can make a line read differently from what it holds (`fdp.exe` shown as
/// `exe.pdf`, a comment that reverses the next column), and nothing a writer or visitor
/// means needs them there.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// What `strip_controls` drops: control characters other than tab and newline, and bidi
/// controls.
pub fn is_stray(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

/// `s` without control characters other than tab and newline, for values that YAML
/// escapes (or a visitor) can fill with them, and without bidi controls.
pub fn strip_controls(s: String) -> String {
    if s.chars().any(is_stray) {
        s.chars().filter(|&c| !is_stray(c)).collect()
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

    #[test]
    fn short_values_lose_controls_and_bidi_controls() {
        let s = "a\u{1b}b\tc\nd\u{202e}e\u{202a}f\u{2066}g\u{2069}h\u{200e}i\u{200f}j\u{061c}k\u{7f}";
        assert_eq!(strip_controls(s.into()), "ab\tc\ndefghijk");
        // Letters of right-to-left scripts and the zero-width joiners stay.
        let arabic = "مرحبا\u{200d}שלום";
        assert_eq!(strip_controls(arabic.into()), arabic);
    }
}
