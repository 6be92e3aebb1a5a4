//! The form's fields (the contract shared with the templates) and their validation.
//!
//! Pure: bytes in, a valid submission or the problems out, with Swedish messages.

/// Field names of "Kommentera sidan"; new fields may be added, these never renamed.
pub const PAGE_URL: &str = "page_url";
pub const COMMENT: &str = "comment";
pub const EMAIL: &str = "email";
/// The trap: hidden from people and screen readers; bots fill it in.
pub const TRAP: &str = "website";

/// Longest comment, in characters (a newline counts as one, as in the browser).
pub const MAX_COMMENT_CHARS: usize = 5_000;
/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// The fields as sent (the first of each name; other fields are ignored).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    pub page_url: String,
    pub comment: String,
    pub email: String,
    pub trap: String,
}

impl Fields {
    /// Parses an `application/x-www-form-urlencoded` body. Invalid UTF-8 becomes U+FFFD.
    pub fn parse(body: &[u8]) -> Fields {
        let mut fields = Fields::default();
        let mut seen = [false; 4];
        for (name, value) in form_urlencoded::parse(body) {
            let slot = match name.as_ref() {
                PAGE_URL => 0,
                COMMENT => 1,
                EMAIL => 2,
                TRAP => 3,
                _ => continue,
            };
            if std::mem::replace(&mut seen[slot], true) {
                continue;
            }
            let target = match slot {
                0 => &mut fields.page_url,
                1 => &mut fields.comment,
                2 => &mut fields.email,
                _ => &mut fields.trap,
            };
            *target = value.into_owned();
        }
        // Browsers send a textarea's line breaks as CRLF; store and count them as one.
        fields.comment = fields.comment.replace("\r\n", "\n");
        fields
    }

    pub fn trapped(&self) -> bool {
        !self.trap.trim().is_empty()
    }
}

/// Which field a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    PageUrl,
    Comment,
    Email,
}

/// One thing wrong with a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: Field,
    /// A stable code for JSON clients.
    pub code: &'static str,
    /// What to do, in Swedish.
    pub message: String,
}

/// A submission that passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Valid {
    pub page_url: String,
    pub comment: String,
    pub email: String,
}

/// Checks the fields against the contract; `base_url` has no trailing slash.
pub fn validate(fields: &Fields, base_url: &str) -> Result<Valid, Vec<Problem>> {
    let mut problems = Vec::new();
    let comment = fields.comment.trim();
    let chars = comment.chars().count();
    if chars == 0 {
        problems.push(Problem {
            field: Field::Comment,
            code: "comment_missing",
            message: "Skriv din kommentar i rutan.".into(),
        });
    } else if chars > MAX_COMMENT_CHARS {
        problems.push(Problem {
            field: Field::Comment,
            code: "comment_too_long",
            message: format!(
                "Kommentaren är {} tecken lång. Den får vara högst 5 000 tecken; korta den med {} tecken.",
                thousands(chars),
                thousands(chars - MAX_COMMENT_CHARS)
            ),
        });
    }
    let email = fields.email.trim();
    if !email.is_empty() && !is_email(email) {
        problems.push(Problem {
            field: Field::Email,
            code: "email_invalid",
            message: "E-postadressen ser inte ut att stämma. Skriv den som namn@exempel.se, eller lämna rutan tom."
                .into(),
        });
    }
    let page_url = fields.page_url.trim();
    if !is_under(page_url, base_url) {
        problems.push(Problem {
            field: Field::PageUrl,
            code: "page_url_foreign",
            message: "Formuläret skickades inte från en sida på den här webbplatsen. Gå till sidan du vill kommentera och skriv din kommentar där."
                .into(),
        });
    }
    if problems.is_empty() {
        Ok(Valid {
            page_url: page_url.to_string(),
            comment: comment.to_string(),
            email: email.to_string(),
        })
    } else {
        Err(problems)
    }
}

/// `url` is the site's address or a page under it (not e.g. `https://www.mora.se.evil.example/`).
pub fn is_under(url: &str, base_url: &str) -> bool {
    url.len() <= 2_000
        && !url.chars().any(|c| c.is_control() || c.is_whitespace())
        && url
            .strip_prefix(base_url)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']))
}

/// A plausible address: one `@`, a local part, a domain with a dot, no spaces or controls.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    s.len() <= 254
        && !local.is_empty()
        && local.len() <= 64
        && !local.contains('@')
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>()[]\\,;:\"".contains(c))
        && domain.contains('.')
        && domain
            .split('.')
            .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'))
        && domain.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.')
}

/// 5000 → "5 000", as Swedish writes numbers.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://www.mora.se";

    #[test]
    fn parses_the_first_of_each_field_and_ignores_others() {
        let f = Fields::parse(
            b"page_url=https%3A%2F%2Fwww.mora.se%2Fnyheter%2Fx%2F&comment=Hej+p%C3%A5+er%0D%0Arad+2&email=&website=&comment=second&extra=1",
        );
        assert_eq!(f.page_url, "https://www.mora.se/nyheter/x/");
        assert_eq!(f.comment, "Hej på er\nrad 2");
        assert!(!f.trapped());
        assert!(Fields::parse(b"website=http%3A%2F%2Fspam").trapped());
        assert_eq!(Fields::parse(b"comment=%FF").comment, "\u{fffd}");
    }

    #[test]
    fn validation() {
        let ok = Fields {
            page_url: "https://www.mora.se/nyheter/x/".into(),
            comment: "  Bra!  ".into(),
            email: "anna@exempel.se".into(),
            trap: String::new(),
        };
        assert_eq!(validate(&ok, BASE).unwrap().comment, "Bra!");
        let codes = |f: &Fields| {
            validate(f, BASE)
                .unwrap_err()
                .iter()
                .map(|p| p.code)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            codes(&Fields {
                comment: " \n ".into(),
                ..ok.clone()
            }),
            ["comment_missing"]
        );
        assert_eq!(
            codes(&Fields {
                comment: "å".repeat(5_001),
                ..ok.clone()
            }),
            ["comment_too_long"]
        );
        assert!(
            validate(
                &Fields {
                    comment: "å".repeat(5_000),
                    ..ok.clone()
                },
                BASE
            )
            .is_ok()
        );
        assert_eq!(
            codes(&Fields {
                email: "anna@".into(),
                ..ok.clone()
            }),
            ["email_invalid"]
        );
        assert_eq!(
            codes(&Fields {
                page_url: "https://www.mora.se.evil.example/".into(),
                ..ok.clone()
            }),
            ["page_url_foreign"]
        );
        assert_eq!(codes(&Fields::default()), ["comment_missing", "page_url_foreign"]);
        let long = validate(
            &Fields {
                comment: "a".repeat(5_012),
                ..ok.clone()
            },
            BASE,
        )
        .unwrap_err();
        assert!(long[0].message.contains("5\u{a0}012 tecken"), "{}", long[0].message);
    }

    #[test]
    fn email_shapes() {
        for good in ["a@b.se", "anna.andersson+x@mora.se", "åsa@exempel.se"] {
            assert!(is_email(good), "{good}");
        }
        for bad in [
            "a", "a@b", "@b.se", "a b@c.se", "a@b..se", "a@-b.se", "a@b.se>", "a@@b.se",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn under_base_url() {
        assert!(is_under("https://www.mora.se", BASE));
        assert!(is_under("https://www.mora.se/", BASE));
        assert!(!is_under("https://www.mora.sex/", BASE));
        assert!(!is_under("http://www.mora.se/", BASE));
        assert!(!is_under("https://www.mora.se/a b", BASE));
    }
}
