//! The kinds of submission the receiver takes on one path (field `kind`): a comment
//! ("Kommentera sidan", the default), an answer to "Var sidan till hjälp?" (`helpful`,
//! with `helpful=ja|nej` and an optional comment), and a report of content that is not
//! accessible (`accessibility`, comment required). Pure.

/// Field names beside those of "Kommentera sidan".
pub const KIND: &str = "kind";
pub const HELPFUL: &str = "helpful";

/// What a submission is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    #[default]
    Comment,
    Helpful,
    Accessibility,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Comment => "comment",
            Kind::Helpful => "helpful",
            Kind::Accessibility => "accessibility",
        }
    }

    /// The value of the `kind` field; empty is a comment, as before the field existed.
    pub fn parse(s: &str) -> Option<Kind> {
        match s.trim() {
            "" | "comment" => Some(Kind::Comment),
            "helpful" => Some(Kind::Helpful),
            "accessibility" => Some(Kind::Accessibility),
            _ => None,
        }
    }

    /// Whether the comment must be given.
    pub fn needs_comment(self) -> bool {
        self != Kind::Helpful
    }

    /// Whether the person handling submissions is e-mailed about it: an answer to
    /// "Var sidan till hjälp?" is counted, not read one by one.
    pub fn notifies(self) -> bool {
        self != Kind::Helpful
    }
}

/// The answer to "Var sidan till hjälp?": `ja` or `nej` (as stored and exported).
pub fn helpful_answer(s: &str) -> Option<&'static str> {
    match s.trim().to_lowercase().as_str() {
        "ja" => Some("ja"),
        "nej" => Some("nej"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_answers() {
        assert_eq!(Kind::parse(""), Some(Kind::Comment));
        assert_eq!(Kind::parse("helpful"), Some(Kind::Helpful));
        assert_eq!(Kind::parse("accessibility"), Some(Kind::Accessibility));
        assert_eq!(Kind::parse("spam"), None);
        assert_eq!(helpful_answer("Ja"), Some("ja"));
        assert_eq!(helpful_answer("nej"), Some("nej"));
        assert_eq!(helpful_answer("kanske"), None);
        assert!(!Kind::Helpful.needs_comment() && Kind::Accessibility.needs_comment());
    }
}
