//! email: the one rule for what counts as an e-mail address — a contact's `email:`, the
//! receiver's `feedback.notify` and the address a visitor leaves in "Kommentera sidan".
//!
//! Plausible rather than RFC 5322: one `@`, a local part of at most 64 bytes, a domain
//! with a dot and no empty or hyphen-edged labels, no spaces, controls (bidi controls included) or the characters
//! that would break a mail header or a `mailto:` link. Quoted local parts and IP-literal
//! domains are refused: no municipality hands those out, and every one of them is a typo.

/// Longest address (RFC 5321's limit on a path, less the angle brackets).
pub const MAX_LEN: usize = 254;

/// Whether `s` looks like an address someone could write to (no trimming is done).
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    s.len() <= MAX_LEN
        && !local.is_empty()
        && local.len() <= 64
        && !domain.contains('@')
        && !s
            .chars()
            .any(|c| c.is_whitespace() || super::normalise::is_stray(c) || "<>()[]\\,;:\"".contains(c))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && domain.contains('.')
        && domain
            .split('.')
            .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'))
        && domain.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_addresses() {
        for good in [
            "a@b.se",
            "anna.andersson+x@mora.se",
            "åsa@exempel.se",
            "registrator@kommun.åre.se",
            "x-y_z@sub-domain.example.com",
        ] {
            assert!(is_email(good), "{good}");
        }
    }

    #[test]
    fn refuses_what_is_not_one() {
        for bad in [
            "",
            "a",
            "a@b",
            "@b.se",
            "a@",
            "a b@c.se",
            "a@b..se",
            "a@.b.se",
            "a@b.se.",
            "a@-b.se",
            "a@b-.se",
            "a@b.se>",
            "a@@b.se",
            "a@b@c.se",
            "<a@b.se>",
            "Anna <a@b.se>",
            "a,b@c.se",
            "a;b@c.se",
            "\"a\"@b.se",
            "a@[192.0.2.1]",
            ".a@b.se",
            "a.@b.se",
            "a..b@c.se",
            "a@b.se\nBcc: x@y.se",
            "a\u{0}@b.se",
            "anna\u{202e}@exempel.se",
            "a@b_c.se",
        ] {
            assert!(!is_email(bad), "{bad:?}");
        }
        assert!(!is_email(&format!("{}@b.se", "a".repeat(65))), "local part too long");
        assert!(is_email(&format!("{}@b.se", "a".repeat(64))));
        assert!(!is_email(&format!("a@{}.se", "b".repeat(MAX_LEN))), "too long");
    }
}
