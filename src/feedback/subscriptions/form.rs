//! The "Prenumerera" form's fields (the contract shared with the templates) and their
//! validation. Pure: bytes in, an address and topics or the problems out.

use crate::diag::messages;

/// Field names; new fields may be added, these never renamed.
pub const EMAIL: &str = "email";
/// Repeated, one per chosen topic (its name); none means all news.
pub const TOPICS: &str = "topics";
/// The trap, as in "Kommentera sidan".
pub const TRAP: &str = "website";
/// The signed link's token, on the forms behind a link (leave, change topics).
pub const TOKEN: &str = "t";

/// Topics one subscriber may choose at most, and the longest topic name.
const MAX_TOPICS: usize = 50;
const MAX_TOPIC_CHARS: usize = 100;

/// The fields as sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    pub email: String,
    pub topics: Vec<String>,
    pub trap: String,
    pub token: String,
}

impl Fields {
    pub fn parse(body: &[u8]) -> Fields {
        let mut f = Fields::default();
        for (name, value) in form_urlencoded::parse(body) {
            match name.as_ref() {
                EMAIL if f.email.is_empty() => f.email = value.into_owned(),
                TRAP if f.trap.is_empty() => f.trap = value.into_owned(),
                TOKEN if f.token.is_empty() => f.token = value.into_owned(),
                TOPICS if f.topics.len() <= MAX_TOPICS => f.topics.push(value.into_owned()),
                _ => {}
            }
        }
        f
    }

    pub fn trapped(&self) -> bool {
        !self.trap.trim().is_empty()
    }
}

/// A topic: its slug (what articles are matched on) and its name (what people read).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Topic {
    pub slug: String,
    pub name: String,
}

impl Topic {
    /// The topic of a tag, with the slug its topic page has.
    pub fn of(name: &str) -> Option<Topic> {
        let name = crate::text::normalise::strip_controls(name.trim().to_string());
        let slug = crate::content::document::shorten_slug(&slug::slugify(&name));
        (!slug.is_empty() && name.chars().count() <= MAX_TOPIC_CHARS).then_some(Topic { slug, name })
    }
}

/// Checks the chosen topics: each must be offered (when the site names its topics) or at
/// least be a possible tag. Duplicates go; the order is the slugs'.
pub fn topics(chosen: &[String], offered: &[Topic]) -> Result<Vec<Topic>, Vec<String>> {
    let mut ok = Vec::new();
    let mut problems = Vec::new();
    for name in chosen.iter().filter(|n| !n.trim().is_empty()) {
        match Topic::of(name) {
            Some(t) if offered.is_empty() || offered.iter().any(|o| o.slug == t.slug) => {
                let named = offered.iter().find(|o| o.slug == t.slug).cloned().unwrap_or(t);
                ok.push(named);
            }
            _ => problems.push(messages::subscription_topic_unknown(name.trim()).sv),
        }
    }
    if chosen.len() > MAX_TOPICS {
        problems.push(messages::subscription_topic_unknown(&chosen[MAX_TOPICS]).sv);
    }
    ok.sort();
    ok.dedup_by(|a, b| a.slug == b.slug);
    if problems.is_empty() { Ok(ok) } else { Err(problems) }
}

/// The address, trimmed, or the problem with it.
pub fn email(fields: &Fields) -> Result<String, String> {
    let email = fields.email.trim();
    if crate::text::email::is_email(email) {
        Ok(email.to_string())
    } else {
        Err(messages::subscription_email_invalid().sv)
    }
}

/// The topics' names, as shown.
pub fn names(topics: &[Topic]) -> Vec<String> {
    topics.iter().map(|t| t.name.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_topics() {
        let f = Fields::parse(b"email=anna%40exempel.se&topics=Vatten+och+avlopp&topics=Skola&website=&topics=Skola");
        assert_eq!(f.email, "anna@exempel.se");
        assert_eq!(f.topics, ["Vatten och avlopp", "Skola", "Skola"]);
        assert!(!f.trapped());
        let chosen = topics(&f.topics, &[]).unwrap();
        assert_eq!(
            chosen.iter().map(|t| t.slug.as_str()).collect::<Vec<_>>(),
            ["skola", "vatten-och-avlopp"]
        );
        let offered = [Topic::of("Driftstörning").unwrap()];
        assert_eq!(
            topics(&["driftstörning".into()], &offered).unwrap()[0].name,
            "Driftstörning"
        );
        assert!(topics(&["Skola".into()], &offered).is_err());
        assert!(topics(&["!!!".into()], &[]).is_err());
        assert!(
            email(&Fields {
                email: "anna@".into(),
                ..Fields::default()
            })
            .is_err()
        );
    }
}
