//! The subscription pages of the receiver: small Swedish HTML pages in the site's
//! look (`answer::document`), with forms that work without JavaScript. Pure.

use super::form::{self, Fields, Topic};
use super::mail::Links;
use super::mail::{LEAVE, MANAGE};
use super::service::Service;
use super::store::Subscriber;
use crate::diag::messages::{self, SubscriptionPage, SubscriptionWord as W};
use crate::feedback::answer::{SiteInfo, document, escape};

fn word(w: W) -> String {
    escape(&messages::subscription_word(w).sv)
}

/// A heading, its paragraph, `extra` (already HTML) and a link to the news.
pub fn notice(site: &SiteInfo, service: &Service, which: SubscriptionPage, extra: &str) -> String {
    let heading = messages::subscription_page_heading(which).sv;
    let body = format!(
        "<h1>{}</h1>\n<p>{}</p>\n{extra}<p><a href=\"{}\">{}</a></p>\n",
        escape(&heading),
        escape(&messages::subscription_page_body(which).sv),
        escape(&service.news_url),
        word(W::ToNews),
    );
    document(site, &heading, &body)
}

/// Checkboxes for `topics`, those in `checked` ticked.
fn topic_boxes(topics: &[Topic], checked: &[String]) -> String {
    let mut out = format!(
        "<fieldset class=\"subscribe__topics\">\n<legend>{}</legend>\n",
        word(W::TopicsLegend)
    );
    for (i, t) in topics.iter().enumerate() {
        let on = if checked.iter().any(|c| Topic::of(c).is_some_and(|c| c.slug == t.slug)) {
            " checked"
        } else {
            ""
        };
        out.push_str(&format!(
            "<div class=\"check\"><input type=\"checkbox\" id=\"amne-{i}\" name=\"{}\" value=\"{name}\"{on}>\
<label for=\"amne-{i}\">{name}</label></div>\n",
            form::TOPICS,
            name = escape(&t.name),
        ));
    }
    out.push_str("</fieldset>\n");
    out
}

/// The form again, filled in, with what is wrong above it.
pub fn subscribe_form(site: &SiteInfo, service: &Service, fields: &Fields, problems: &[String]) -> String {
    let heading = messages::subscription_page_heading(SubscriptionPage::Invalid).sv;
    let mut body = format!(
        "<h1>{}</h1>\n<p>{}</p>\n<div class=\"errors\" role=\"alert\">\n<ul>\n",
        escape(&heading),
        escape(&messages::subscription_page_body(SubscriptionPage::Invalid).sv)
    );
    for p in problems {
        body.push_str(&format!("<li><a href=\"#prenumerera-epost\">{}</a></li>\n", escape(p)));
    }
    body.push_str("</ul>\n</div>\n");
    let mut topics = service.offered.clone();
    if topics.is_empty() {
        topics = fields.topics.iter().filter_map(|t| Topic::of(t)).collect();
        topics.sort();
        topics.dedup_by(|a, b| a.slug == b.slug);
    }
    body.push_str(&format!(
        "<form class=\"subscribe__form\" method=\"post\" action=\"{action}\">\n<div class=\"field\">\n\
<label for=\"prenumerera-epost\">{label}</label>\n\
<input id=\"prenumerera-epost\" type=\"email\" name=\"{email_name}\" autocomplete=\"email\" required value=\"{email}\">\n</div>\n\
{boxes}<div class=\"hp\" aria-hidden=\"true\"><label for=\"prenumerera-webbplats\">{trap}</label>\
<input id=\"prenumerera-webbplats\" type=\"text\" name=\"{trap_name}\" tabindex=\"-1\" autocomplete=\"off\"></div>\n\
<button type=\"submit\">{send}</button>\n</form>\n<p><a href=\"{news}\">{back}</a></p>\n",
        action = escape(&service.action),
        label = word(W::EmailLabel),
        email_name = form::EMAIL,
        email = escape(fields.email.trim()),
        boxes = if topics.is_empty() { String::new() } else { topic_boxes(&topics, &fields.topics) },
        trap = escape(&messages::feedback_page_text(messages::PageText::TrapLabel).sv),
        trap_name = form::TRAP,
        send = word(W::Subscribe),
        news = escape(&service.news_url),
        back = word(W::ToNews),
    ));
    document(site, &heading, &body)
}

/// What a subscriber gets, and the links to change it.
pub fn subscribed_to(s: &Subscriber, links: &Links) -> String {
    let what = messages::subscription_what(&super::form::names(&s.topics)).sv;
    format!(
        "<p><strong>{}</strong>: {}</p>\n<p><a href=\"{}\">{}</a></p>\n",
        escape(&s.email),
        escape(&what),
        escape(&links.manage),
        escape(&messages::subscription_manage_label().sv),
    )
}

/// The one button that ends a subscription.
pub fn leave_form(service: &Service, email: &str, token: &str) -> String {
    format!(
        "<p><strong>{}</strong></p>\n<form method=\"post\" action=\"{}{LEAVE}\">\n\
<input type=\"hidden\" name=\"{}\" value=\"{}\">\n<button type=\"submit\">{}</button>\n</form>\n",
        escape(email),
        escape(&service.path_url()),
        form::TOKEN,
        escape(token),
        word(W::Leave),
    )
}

/// The topics form of a confirmed subscriber.
pub fn manage_form(service: &Service, s: &Subscriber, token: &str) -> String {
    let mut topics = service.offered.clone();
    topics.extend(s.topics.iter().cloned());
    topics.sort();
    topics.dedup_by(|a, b| a.slug == b.slug);
    let checked: Vec<String> = s.topics.iter().map(|t| t.name.clone()).collect();
    format!(
        "<p><strong>{}</strong></p>\n<form method=\"post\" action=\"{}{MANAGE}\">\n\
<input type=\"hidden\" name=\"{}\" value=\"{}\">\n{}<button type=\"submit\">{}</button>\n</form>\n",
        escape(&s.email),
        escape(&service.path_url()),
        form::TOKEN,
        escape(token),
        topic_boxes(&topics, &checked),
        word(W::Save),
    )
}
