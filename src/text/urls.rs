//! urls: which addresses a content file may hold, one rule for every place a URL is written
//! (facts, front matter, Markdown, raw HTML).
//!
//! `javascript:` and `vbscript:` run code when clicked; `data:` can carry a whole
//! document with scripts, so only `data:image/…` is accepted. Browsers ignore
//! whitespace and control characters inside a scheme and compare it without case,
//! so both are squeezed out before comparing.

/// The forbidden scheme `url` starts with, if any (`"javascript:"`, `"vbscript:"`, `"data:"`).
pub fn forbidden_scheme(url: &str) -> Option<&'static str> {
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    if squeezed.starts_with("javascript:") {
        Some("javascript:")
    } else if squeezed.starts_with("vbscript:") {
        Some("vbscript:")
    } else if squeezed.starts_with("data:") && !squeezed.starts_with("data:image/") {
        Some("data:")
    } else {
        None
    }
}

/// The error for a forbidden address, with the address shortened and made printable.
pub fn forbidden(url: &str, scheme: &str) -> crate::diag::messages::Message {
    crate::diag::messages::forbidden_address(&crate::diag::error::escape_controls(&truncate(url, 60)), scheme)
}

fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_script_schemes_however_written() {
        for url in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:x",
            "java\u{0}script:x",
            "vbscript:msgbox",
        ] {
            assert!(forbidden_scheme(url).is_some(), "{url:?}");
        }
        assert_eq!(forbidden_scheme("data:text/html,<script>"), Some("data:"));
        for url in [
            "https://www.mora.se/",
            "/nyheter/a/",
            "mailto:a@b.se",
            "data:image/png;base64,AAAA",
            "#rubrik",
            "javascript-guide.html",
        ] {
            assert_eq!(forbidden_scheme(url), None, "{url:?}");
        }
    }
}
