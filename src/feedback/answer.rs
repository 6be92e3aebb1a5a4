//! What the receiver answers: small, accessible Swedish HTML pages for browsers
//! and JSON for scripts. Pure: builds strings, never touches the network.
//!
//! A page that refuses a comment always keeps what the visitor wrote: either the
//! form again, filled in, or (when the text could not be read) a way back to the
//! page, where the browser still holds it.

use super::form::{Field, Fields, MAX_COMMENT_CHARS, Problem};
use crate::diag::messages::{self, PageText, Refused};

/// A fixed word of the pages, in Swedish (the pages are `lang="sv"`, like the site).
fn word(which: PageText) -> String {
    escape(&messages::feedback_page_text(which).sv)
}

/// What every page needs to know about the site.
pub struct SiteInfo<'a> {
    pub title: &'a str,
    /// Without a trailing slash.
    pub base_url: &'a str,
    /// Where the form posts (as in site.yaml).
    pub action: &'a str,
    /// The site's own stylesheet and icon, absolute, so the receiver's pages look like the
    /// site's (`base_url` + `/tema/notis.css`).
    pub css_url: &'a str,
    pub favicon_url: &'a str,
}

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    crate::text::escape::escape_html(s)
}

/// Only what the site's stylesheet has no rule for (the list of problems), and the trap
/// hidden even when the stylesheet does not load.
pub const STYLE: &str = ".errors{border:3px solid #a4000f;padding:.5rem 1rem;margin:1rem 0}\
.errors a,.error{color:#a4000f;font-weight:600}\
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}\
@media (prefers-color-scheme:dark){.errors a,.error{color:#ff9b9b}.errors{border-color:#ff9b9b}}";

/// A page built like the site's thank-you page: the site's stylesheet, its header with
/// the name linking to the start page, and the text in `main` as an article.
pub fn document(site: &SiteInfo, title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"robots\" content=\"noindex\">\n<title>{title} – {site_title}</title>\n\
<link rel=\"stylesheet\" href=\"{css}\">\n<link rel=\"icon\" href=\"{icon}\" type=\"image/svg+xml\">\n\
<style>{STYLE}</style>\n</head>\n<body>\n\
<a class=\"skip-link\" href=\"#innehall\">{skip}</a>\n\
<header class=\"site-header\">\n<div class=\"wrap site-header__inner\">\n\
<a class=\"site-header__name\" href=\"{home}/\"><img src=\"{icon}\" alt=\"\" width=\"36\" height=\"36\"><span>{site_title}</span></a>\n\
</div>\n</header>\n<div class=\"wrap layout\">\n<main id=\"innehall\" tabindex=\"-1\">\n\
<article class=\"article thanks\">\n{body}</article>\n</main>\n</div>\n</body>\n</html>\n",
        title = escape(title),
        site_title = escape(site.title),
        css = escape(site.css_url),
        icon = escape(site.favicon_url),
        home = escape(site.base_url),
        skip = word(PageText::SkipToContent),
    )
}

/// The page the visitor came from, if it is on the site; else the start page.
pub fn back_url(site: &SiteInfo, candidate: &str) -> String {
    if super::form::is_under(candidate, site.base_url) {
        candidate.to_string()
    } else {
        format!("{}/", site.base_url)
    }
}

/// The form again, filled in with what was sent, with the problems listed above it.
pub fn form_again(site: &SiteInfo, heading: &str, intro: &str, fields: &Fields, problems: &[Problem]) -> String {
    let back = back_url(site, fields.page_url.trim());
    let mut body = format!("<h1>{}</h1>\n<p>{}</p>\n", escape(heading), escape(intro));
    if !problems.is_empty() {
        body.push_str(&format!(
            "<div class=\"errors\">\n<h2>{}</h2>\n<ul>\n",
            word(PageText::ProblemsHeading)
        ));
        for p in problems {
            let target = match p.field {
                Field::Comment => "#kommentar",
                Field::Email => "#epost",
                Field::Helpful => "#hjalp-ja",
                Field::PageUrl | Field::Kind => "#tillbaka",
            };
            body.push_str(&format!("<li><a href=\"{target}\">{}</a></li>\n", escape(&p.message)));
        }
        body.push_str("</ul>\n</div>\n");
    }
    let problem = |f: Field| problems.iter().find(|p| p.field == f);
    let field_attrs = |f: Field, id: &str| match problem(f) {
        Some(_) => format!(" aria-invalid=\"true\" aria-describedby=\"{id}-fel\""),
        None => String::new(),
    };
    let field_error = |f: Field, id: &str| match problem(f) {
        Some(p) => format!("<p class=\"error\" id=\"{id}-fel\">{}</p>\n", escape(&p.message)),
        None => String::new(),
    };
    // The same structure and classes as the form on the site's pages (partials/feedback.html).
    body.push_str(&format!(
        "<section class=\"feedback\">\n<form class=\"feedback__form\" method=\"post\" action=\"{action}\">\n\
<input type=\"hidden\" name=\"page_url\" value=\"{page_url}\">\n{kind}\
<div class=\"field\">\n<label for=\"kommentar\">{comment_label}</label>\n{comment_error}\
<textarea id=\"kommentar\" name=\"comment\" rows=\"8\" maxlength=\"{max}\" required{comment_attrs}>{comment}</textarea>\n</div>\n\
<div class=\"field\">\n<label for=\"epost\">{email_label}</label>\n{email_error}\
<input id=\"epost\" type=\"email\" name=\"email\" autocomplete=\"email\" value=\"{email}\"{email_attrs}>\n</div>\n\
<div class=\"hp\" aria-hidden=\"true\"><label for=\"webbplats\">{trap_label}</label>\
<input id=\"webbplats\" type=\"text\" name=\"website\" tabindex=\"-1\" autocomplete=\"off\"></div>\n\
<button type=\"submit\">{send}</button>\n</form>\n</section>\n\
<p><a id=\"tillbaka\" href=\"{back}\">{back_label}</a></p>\n",
        action = escape(site.action),
        page_url = escape(&back),
        kind = kind_fields(fields),
        comment = escape(&fields.comment),
        comment_attrs = field_attrs(Field::Comment, "kommentar"),
        comment_error = field_error(Field::Comment, "kommentar"),
        email = escape(fields.email.trim()),
        email_attrs = field_attrs(Field::Email, "epost"),
        email_error = field_error(Field::Email, "epost"),
        max = MAX_COMMENT_CHARS,
        back = escape(&back),
        comment_label = word(PageText::CommentLabel),
        email_label = word(PageText::EmailLabel),
        trap_label = word(PageText::TrapLabel),
        send = word(PageText::Send),
        back_label = word(PageText::BackWithoutSending),
    ));
    document(site, heading, &body)
}

/// The kind of submission kept as it was sent (when it is one the receiver knows), and
/// for "Var sidan till hjälp?" the question again, answered as it was.
fn kind_fields(fields: &Fields) -> String {
    use super::kind::{Kind, helpful_answer};
    let kind = Kind::parse(&fields.kind).unwrap_or_default();
    if kind == Kind::Comment {
        return String::new();
    }
    let mut out = format!("<input type=\"hidden\" name=\"kind\" value=\"{}\">\n", kind.as_str());
    if kind == Kind::Helpful {
        let answer = helpful_answer(&fields.helpful);
        let checked = |a: &str| if answer == Some(a) { " checked" } else { "" };
        out.push_str(&format!(
            "<fieldset class=\"helpful__choices\">\n<legend>{}</legend>\n\
<label><input id=\"hjalp-ja\" type=\"radio\" name=\"helpful\" value=\"ja\" required{}> Ja</label>\n\
<label><input type=\"radio\" name=\"helpful\" value=\"nej\"{}> Nej</label>\n</fieldset>\n",
            escape(&messages::feedback_helpful_question().sv),
            checked("ja"),
            checked("nej"),
        ));
    }
    out
}

/// A short page with no form: a heading, paragraphs and a link back.
pub fn notice(site: &SiteInfo, heading: &str, paragraphs: &[&str], back: &str) -> String {
    let mut body = format!("<h1>{}</h1>\n", escape(heading));
    for p in paragraphs {
        body.push_str(&format!("<p>{}</p>\n", escape(p)));
    }
    body.push_str(&format!(
        "<p><a href=\"{}\">{}</a></p>\n",
        escape(&back_url(site, back)),
        word(PageText::Back)
    ));
    document(site, heading, &body)
}

/// The page for a refusal that keeps no form: the catalogue's heading and paragraphs.
pub fn refused_notice(site: &SiteInfo, kind: Refused, back: &str) -> String {
    let body = messages::feedback_answer_body(kind).sv;
    let paragraphs: Vec<&str> = body.lines().collect();
    notice(site, &messages::feedback_answer_heading(kind).sv, &paragraphs, back)
}

/// The form again, with the catalogue's heading and text for `kind`.
pub fn refused_form(site: &SiteInfo, kind: Refused, fields: &Fields, problems: &[Problem]) -> String {
    // An answer or a report that was not sent says so in its own words.
    let heading = match super::kind::Kind::parse(&fields.kind) {
        Some(k @ (super::kind::Kind::Helpful | super::kind::Kind::Accessibility)) if kind == Refused::Invalid => {
            messages::feedback_kind_not_sent(k.as_str()).sv
        }
        _ => messages::feedback_answer_heading(kind).sv,
    };
    form_again(
        site,
        &heading,
        &messages::feedback_answer_body(kind).sv,
        fields,
        problems,
    )
}

/// `{"ok": true, "id": …}`
pub fn json_ok(id: i64) -> String {
    serde_json::json!({ "ok": true, "id": id }).to_string()
}

/// `{"ok": false, "error": "…", "code": "…"}`, with each problem when there are several.
pub fn json_error(code: &str, message: &str, problems: &[Problem]) -> String {
    let mut value = serde_json::json!({ "ok": false, "error": message, "code": code });
    if !problems.is_empty() {
        value["problems"] = problems
            .iter()
            .map(|p| serde_json::json!({ "field": field_name(p.field), "code": p.code, "error": p.message }))
            .collect();
    }
    value.to_string()
}

fn field_name(f: Field) -> &'static str {
    match f {
        Field::PageUrl => super::form::PAGE_URL,
        Field::Comment => super::form::COMMENT,
        Field::Email => super::form::EMAIL,
        Field::Kind => super::kind::KIND,
        Field::Helpful => super::kind::HELPFUL,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: SiteInfo = SiteInfo {
        title: "Mora kommun",
        base_url: "https://www.mora.se",
        action: "/feedback",
        css_url: "https://www.mora.se/tema/notis.css",
        favicon_url: "https://www.mora.se/tema/favicon.svg",
    };

    #[test]
    fn the_form_again_keeps_the_text_escaped() {
        let fields = Fields {
            page_url: "https://www.mora.se/nyheter/x/".into(),
            comment: "Hej <script>alert(1)</script> & \"du\"".into(),
            email: "fel@".into(),
            ..Fields::default()
        };
        let problems = super::super::form::validate(&fields, SITE.base_url).unwrap_err();
        let html = form_again(
            &SITE,
            "Kommentaren skickades inte",
            "Rätta och skicka igen.",
            &fields,
            &problems,
        );
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;du&quot;</textarea>"));
        assert!(!html.contains("<script>"));
        assert!(html.contains("value=\"fel@\" aria-invalid=\"true\" aria-describedby=\"epost-fel\""));
        assert!(html.contains("<html lang=\"sv\">"));
        assert!(html.contains("href=\"https://www.mora.se/nyheter/x/\""));
    }

    #[test]
    fn a_foreign_page_url_is_never_linked() {
        let html = notice(&SITE, "Fel", &["x"], "https://evil.example/");
        assert!(html.contains("href=\"https://www.mora.se/\""));
        assert!(!html.contains("evil"));
    }
}
