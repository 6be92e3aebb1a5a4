//! urls: which addresses a content file may hold, one rule for every place a URL is written
//! (facts, front matter, Markdown, raw HTML); and the one place an absolute URL is taken
//! apart into its origin and path.
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

/// An absolute URL taken apart: `https://www.mora.se:8443/nyheter/x/?a#b` has the origin
/// `https://www.mora.se:8443`, the host `www.mora.se` and the path `/nyheter/x/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts<'a> {
    /// Scheme and authority, as written: `https://www.mora.se:8443`.
    pub origin: &'a str,
    /// The host without user, port or brackets' content check: `www.mora.se`.
    pub host: &'a str,
    /// From the first `/` after the authority up to `?` or `#`; empty when there is none.
    pub path: &'a str,
}

/// `url` split into origin, host and path, or None when it is not `scheme://authority…`.
pub fn parts(url: &str) -> Option<Parts<'_>> {
    let scheme_end = url.find("://")?;
    let scheme = &url[..scheme_end];
    if scheme.is_empty() || !scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) {
        return None;
    }
    let after = scheme_end + 3;
    let authority_len = url[after..].find(['/', '?', '#']).unwrap_or(url.len() - after);
    let origin = &url[..after + authority_len];
    let authority = &url[after..after + authority_len];
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host_port.starts_with('[') {
        host_port.find(']').map_or(host_port, |i| &host_port[..=i])
    } else {
        host_port.split(':').next().unwrap_or(host_port)
    };
    let rest = &url[after + authority_len..];
    let path = if rest.starts_with('/') {
        rest.split(['?', '#']).next().unwrap_or("")
    } else {
        ""
    };
    Some(Parts { origin, host, path })
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

/// The media type a file is served with, by its extension: the preview sends it and the
/// archive's WARC records it.
pub fn media_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
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

    #[test]
    fn takes_urls_apart() {
        let p = parts("https://www.example.se/nyhetsrum/nyheter/x/?a=1#b").unwrap();
        assert_eq!(p.origin, "https://www.example.se");
        assert_eq!(p.host, "www.example.se");
        assert_eq!(p.path, "/nyhetsrum/nyheter/x/");
        let p = parts("http://user@127.0.0.1:8090").unwrap();
        assert_eq!(
            (p.origin, p.host, p.path),
            ("http://user@127.0.0.1:8090", "127.0.0.1", "")
        );
        let p = parts("http://[::1]:8090/feedback").unwrap();
        assert_eq!((p.host, p.path), ("[::1]", "/feedback"));
        assert_eq!(parts("https://www.mora.se?x").unwrap().path, "");
        for not_absolute in ["/synpunkter/", "www.mora.se", "://x", "mailto:a@b.se", "ht tp://x/"] {
            assert_eq!(parts(not_absolute), None, "{not_absolute}");
        }
    }
}
