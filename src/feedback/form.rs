//! The form's fields (the contract shared with the templates) and their validation.
//!
//! Pure: bytes in, a valid submission or the problems out, with Swedish messages from
//! the catalogue (the receiver's pages are Swedish, like the site).

use super::kind::{self, Kind};
use crate::diag::messages;

/// Field names of "Kommentera sidan"; new fields may be added, these never renamed.
pub const PAGE_URL: &str = "page_url";
pub const COMMENT: &str = "comment";
pub const EMAIL: &str = "email";
/// The trap: hidden from people and screen readers; bots fill it in.
pub const TRAP: &str = "website";

/// Longest comment, in characters (a newline counts as one, as in the browser). Every
/// text that names the limit is made from this constant.
pub const MAX_COMMENT_CHARS: usize = 5_000;
/// Longest `page_url`, in bytes.
pub const MAX_PAGE_URL_BYTES: usize = 2_000;
/// The most bytes one character can take in a form body: four bytes of UTF-8, each
/// percent-encoded as `%XX` (a Cyrillic or Arabic letter takes 6, an emoji 12).
const MAX_ENCODED_CHAR_BYTES: usize = 4 * 3;
/// Field names, `=` and `&`, the trap field and a field or two added later.
const OTHER_FIELDS_BYTES: usize = 4 * 1024;
/// Largest request body accepted: what a comment of `MAX_COMMENT_CHARS` characters in any
/// script, fully percent-encoded, needs with the other fields (about 69 KiB). The
/// character limit itself is checked on the decoded comment.
pub const MAX_BODY_BYTES: usize = MAX_COMMENT_CHARS * MAX_ENCODED_CHAR_BYTES
    + MAX_PAGE_URL_BYTES * 3
    + crate::text::email::MAX_LEN * 3
    + OTHER_FIELDS_BYTES;

/// The fields as sent (the first of each name; other fields are ignored).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    pub page_url: String,
    pub comment: String,
    pub email: String,
    pub trap: String,
    /// `kind` (see `kind`): empty for a comment.
    pub kind: String,
    /// `helpful`: `ja` or `nej` with `kind=helpful`.
    pub helpful: String,
}

impl Fields {
    /// Parses an `application/x-www-form-urlencoded` body. Invalid UTF-8 becomes U+FFFD.
    pub fn parse(body: &[u8]) -> Fields {
        let mut fields = Fields::default();
        let mut seen = [false; 6];
        for (name, value) in form_urlencoded::parse(body) {
            let slot = match name.as_ref() {
                PAGE_URL => 0,
                COMMENT => 1,
                EMAIL => 2,
                TRAP => 3,
                super::kind::KIND => 4,
                super::kind::HELPFUL => 5,
                _ => continue,
            };
            if std::mem::replace(&mut seen[slot], true) {
                continue;
            }
            let target = match slot {
                0 => &mut fields.page_url,
                1 => &mut fields.comment,
                2 => &mut fields.email,
                3 => &mut fields.trap,
                4 => &mut fields.kind,
                _ => &mut fields.helpful,
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
    /// `kind`: not one the receiver knows.
    Kind,
    /// `helpful`: neither `ja` nor `nej`.
    Helpful,
}

/// One thing wrong with a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: Field,
    /// A stable code for JSON clients.
    pub code: &'static str,
    /// What to do, in Swedish (the catalogue's `sv`).
    pub message: String,
}

/// A submission that passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Valid {
    pub page_url: String,
    pub comment: String,
    pub email: String,
    pub kind: Kind,
    /// `ja` or `nej` for `Kind::Helpful`, else empty.
    pub helpful: &'static str,
}

/// Checks the fields against the contract; `base_url` has no trailing slash.
/// The problem of a `page_url` that is not a page of the site.
pub fn foreign_page() -> Problem {
    Problem {
        field: Field::PageUrl,
        code: "page_url_foreign",
        message: messages::feedback_page_url_foreign().sv,
    }
}

pub fn validate(fields: &Fields, base_url: &str) -> Result<Valid, Vec<Problem>> {
    let mut problems = Vec::new();
    let (kind, helpful) = kind_of(fields, &mut problems);
    // Controls and bidi controls are dropped, as from every short value from outside.
    let comment = crate::text::normalise::strip_controls(fields.comment.clone());
    let comment = comment.trim();
    let chars = comment.chars().count();
    if chars == 0 && kind.needs_comment() {
        let message = match kind {
            Kind::Accessibility => messages::feedback_report_missing().sv,
            _ => messages::feedback_comment_missing().sv,
        };
        problems.push(Problem {
            field: Field::Comment,
            code: "comment_missing",
            message,
        });
    } else if chars > MAX_COMMENT_CHARS {
        problems.push(Problem {
            field: Field::Comment,
            code: "comment_too_long",
            message: messages::feedback_comment_too_long(chars, MAX_COMMENT_CHARS).sv,
        });
    }
    let email = fields.email.trim();
    if !email.is_empty() && !crate::text::email::is_email(email) {
        problems.push(Problem {
            field: Field::Email,
            code: "email_invalid",
            message: messages::feedback_email_invalid().sv,
        });
    }
    let page_url = fields.page_url.trim();
    if !is_under(page_url, base_url) {
        problems.push(foreign_page());
    }
    if problems.is_empty() {
        Ok(Valid {
            page_url: page_url.to_string(),
            comment: comment.to_string(),
            email: email.to_string(),
            kind,
            helpful,
        })
    } else {
        Err(problems)
    }
}

/// The kind of submission and, for "Var sidan till hjälp?", its answer; a problem for an
/// unknown kind or a missing answer.
fn kind_of(fields: &Fields, problems: &mut Vec<Problem>) -> (Kind, &'static str) {
    let Some(kind) = Kind::parse(&fields.kind) else {
        let shown: String = fields.kind.chars().take(40).collect();
        problems.push(Problem {
            field: Field::Kind,
            code: "kind_unknown",
            message: messages::feedback_kind_unknown(&crate::text::normalise::strip_controls(shown)).sv,
        });
        return (Kind::Comment, "");
    };
    if kind != Kind::Helpful {
        return (kind, "");
    }
    match kind::helpful_answer(&fields.helpful) {
        Some(answer) => (kind, answer),
        None => {
            problems.push(Problem {
                field: Field::Helpful,
                code: "helpful_missing",
                message: messages::feedback_helpful_missing().sv,
            });
            (kind, "")
        }
    }
}

/// The pages of one site in a database several sites share: those under its address and not
/// under the address of another site nested in it (`https://www.dalarna.se/mora` is under
/// `https://www.dalarna.se` by address, but its comments are Mora's). The one rule by which
/// the receiver picks a site, retention deletes and `--site` lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitePages {
    pub base_url: String,
    /// The other sites' addresses that lie under this one's.
    pub nested: Vec<String>,
}

impl SitePages {
    /// The pages of the site at `base_url`, among the sites at `all` (its own included).
    pub fn of(base_url: &str, all: &[&str]) -> SitePages {
        SitePages {
            base_url: base_url.to_string(),
            nested: all
                .iter()
                .filter(|other| **other != base_url && is_under(other, base_url))
                .map(|other| other.to_string())
                .collect(),
        }
    }

    /// Whether the comment on `page_url` is this site's.
    pub fn holds(&self, page_url: &str) -> bool {
        is_under(page_url, &self.base_url) && !self.nested.iter().any(|n| is_under(page_url, n))
    }
}

/// `url` is the site's address or a page under it (not e.g. `https://www.mora.se.evil.example/`).
pub fn is_under(url: &str, base_url: &str) -> bool {
    url.len() <= MAX_PAGE_URL_BYTES
        && !url
            .chars()
            .any(|c| c.is_whitespace() || crate::text::normalise::is_stray(c))
        && url
            .strip_prefix(base_url)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']))
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
            ..Fields::default()
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
    fn kinds_of_submission() {
        let base = Fields {
            page_url: "https://www.mora.se/nyheter/x/".into(),
            ..Fields::default()
        };
        let yes = Fields {
            kind: "helpful".into(),
            helpful: "ja".into(),
            ..base.clone()
        };
        let v = validate(&yes, BASE).unwrap();
        assert_eq!((v.kind, v.helpful, v.comment.as_str()), (Kind::Helpful, "ja", ""));
        let no_answer = Fields {
            helpful: "kanske".into(),
            ..yes.clone()
        };
        let codes: Vec<_> = validate(&no_answer, BASE).unwrap_err().iter().map(|p| p.code).collect();
        assert_eq!(codes, ["helpful_missing"]);
        let report = Fields {
            kind: "accessibility".into(),
            ..base.clone()
        };
        let problems = validate(&report, BASE).unwrap_err();
        assert_eq!(problems[0].code, "comment_missing");
        assert!(problems[0].message.contains("tillgängligt"), "{}", problems[0].message);
        let odd = Fields {
            kind: "order".into(),
            comment: "x".into(),
            ..base.clone()
        };
        assert_eq!(validate(&odd, BASE).unwrap_err()[0].code, "kind_unknown");
        let parsed = Fields::parse(b"kind=helpful&helpful=nej&comment=Saknar+tider");
        assert_eq!((parsed.kind.as_str(), parsed.helpful.as_str()), ("helpful", "nej"));
    }

    #[test]
    fn under_base_url() {
        assert!(is_under("https://www.mora.se", BASE));
        let all = [
            "https://www.dalarna.se",
            "https://www.dalarna.se/mora",
            "https://www.dalarna.se/orsa",
        ];
        let county = SitePages::of(all[0], &all);
        let mora = SitePages::of(all[1], &all);
        for page in [
            "https://www.dalarna.se/",
            "https://www.dalarna.se?x",
            "https://www.dalarna.se/moraberg/",
        ] {
            assert!(county.holds(page) && !mora.holds(page), "{page}");
        }
        for page in [
            "https://www.dalarna.se/mora",
            "https://www.dalarna.se/mora#x",
            "https://www.dalarna.se/mora/a/",
        ] {
            assert!(mora.holds(page) && !county.holds(page), "{page}");
        }
        assert!(is_under("https://www.mora.se/", BASE));
        assert!(!is_under("https://www.mora.sex/", BASE));
        assert!(!is_under("http://www.mora.se/", BASE));
        assert!(!is_under("https://www.mora.se/a b", BASE));
    }
}
