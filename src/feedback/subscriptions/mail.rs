//! The mails of "Prenumerera", built but not sent (pure, for tests): the confirmation
//! with its one link, the note to an address that is subscribed already, and the news
//! itself, in plain text and HTML, with the headers for leaving in one click (RFC 8058).

use lettre::Message;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};

use super::token::{self, Purpose};

/// The last part of the confirmation, leaving and topics paths.
pub const CONFIRM: &str = "bekrafta";
pub const LEAVE: &str = "avsluta";
pub const MANAGE: &str = "andra";
use crate::diag::messages;
use crate::text::escape::escape_html;

/// Who sends, and the addresses every mail's links start from.
#[derive(Debug, Clone)]
pub struct Letterhead {
    pub site_title: String,
    pub organisation: String,
    /// The organisation's postal (else visiting) address, for the foot of every news mail.
    pub address: Option<String>,
    pub from: Mailbox,
    /// The receiver's subscription address, absolute, with a trailing slash.
    pub links: String,
    /// The host named in Message-IDs.
    pub host: String,
}

/// The links of one subscriber.
pub struct Links {
    pub confirm: String,
    pub leave: String,
    pub manage: String,
}

impl Letterhead {
    pub fn links(&self, secret: &[u8], id: i64, nonce: &str) -> Links {
        let link = |what: &str, purpose| format!("{}{what}?t={}", self.links, token::sign(secret, purpose, id, nonce));
        Links {
            confirm: link(CONFIRM, Purpose::Confirm),
            leave: link(LEAVE, Purpose::Leave),
            manage: link(MANAGE, Purpose::Manage),
        }
    }
}

/// One news article as mailed.
#[derive(Debug, Clone)]
pub struct News {
    pub url: String,
    pub title: String,
    pub lead: Option<String>,
    /// Topic names, for the line that says why the reader gets it.
    pub topics: Vec<String>,
}

fn mailbox(address: &str) -> Result<Mailbox, String> {
    address.parse().map_err(|e| format!("`{address}`: {e}"))
}

fn base(head: &Letterhead, to: &str, subject: String) -> Result<lettre::message::MessageBuilder, String> {
    Ok(Message::builder()
        .from(head.from.clone())
        .to(mailbox(to)?)
        .subject(subject))
}

/// The confirmation mail: one link, which starts the subscription when followed.
pub fn confirmation(head: &Letterhead, to: &str, link: &str, what: &str, hours: u32) -> Result<Message, String> {
    let body = messages::subscription_confirm_mail(&head.site_title, to, what, link, hours).sv;
    base(head, to, messages::subscription_confirm_subject(&head.site_title).sv)?
        .header(ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(|e| e.to_string())
}

/// To an address that is subscribed already: how to change topics or leave.
pub fn already(head: &Letterhead, to: &str, links: &Links) -> Result<Message, String> {
    let body = messages::subscription_already_mail(&head.site_title, &links.manage, &links.leave).sv;
    base(head, to, messages::subscription_already_subject(&head.site_title).sv)?
        .header(ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(|e| e.to_string())
}

fn raw_header(message: &mut Message, name: &'static str, value: String) {
    message
        .headers_mut()
        .insert_raw(HeaderValue::new(HeaderName::new_from_ascii_str(name), value));
}

/// One article to one subscriber. `why` names what they subscribe to.
pub fn news(
    head: &Letterhead,
    to: &str,
    news: &News,
    links: &Links,
    why: &str,
    message_id: String,
) -> Result<Message, String> {
    let foot = messages::subscription_news_foot(&head.site_title, why).sv;
    let read = messages::subscription_read_more().sv;
    let (manage_label, leave_label) = (
        messages::subscription_manage_label().sv,
        messages::subscription_leave_label().sv,
    );
    let lead = news.lead.as_deref().unwrap_or("");
    let address = head.address.as_deref().unwrap_or("");
    let text = format!(
        "{title}\n\n{lead}\n\n{read}: {url}\n\n-- \n{org}\n{address}\n\n{foot}\n{manage_label}: {manage}\n{leave_label}: {leave}\n",
        title = news.title,
        url = news.url,
        org = head.organisation,
        manage = links.manage,
        leave = links.leave,
    );
    let e = escape_html;
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head><meta charset=\"utf-8\"><title>{title}</title></head>\n<body>\n\
<h1><a href=\"{url}\">{title}</a></h1>\n<p>{lead}</p>\n<p><a href=\"{url}\">{read}</a></p>\n<hr>\n\
<p>{org}<br>{address}</p>\n<p>{foot}</p>\n<p><a href=\"{manage}\">{manage_label}</a> · <a href=\"{leave}\">{leave_label}</a></p>\n</body>\n</html>\n",
        title = e(&news.title),
        url = e(&news.url),
        lead = e(lead),
        read = e(&read),
        org = e(&head.organisation),
        address = e(address),
        foot = e(&foot),
        manage = e(&links.manage),
        leave = e(&links.leave),
        manage_label = e(&manage_label),
        leave_label = e(&leave_label),
    );
    let mut message = base(head, to, news.title.clone())?
        .message_id(Some(message_id))
        .multipart(MultiPart::alternative_plain_html(text, html))
        .map_err(|e| e.to_string())?;
    raw_header(&mut message, "List-Unsubscribe", format!("<{}>", links.leave));
    raw_header(
        &mut message,
        "List-Unsubscribe-Post",
        "List-Unsubscribe=One-Click".into(),
    );
    raw_header(
        &mut message,
        "List-Id",
        format!(
            "{} <nyheter.{}>",
            head.site_title.replace(['<', '>', '"'], ""),
            head.host
        ),
    );
    Ok(message)
}

/// The Message-ID of (subscriber, article).
pub fn message_id(head: &Letterhead, secret: &[u8], subscriber_id: i64, url: &str) -> String {
    token::message_id(secret, subscriber_id, url, &head.host)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head() -> Letterhead {
        Letterhead {
            site_title: "Mora kommun – nyheter från Våmhus och Östnor".into(),
            organisation: "Älvdalens kommun".into(),
            address: Some("Box 1, 796 22 Älvdalen".into()),
            from: "Mora kommun – nyheter från Våmhus och Östnor <noreply@alvdalen.se>"
                .parse()
                .unwrap(),
            links: "https://www.alvdalen.se/prenumerera/".into(),
            host: "alvdalen.se".into(),
        }
    }

    #[test]
    fn the_news_mail_has_both_parts_and_one_click_leaving() {
        let h = head();
        let links = h.links(b"k", 3, "n");
        let n = News {
            url: "https://www.alvdalen.se/nyheter/vattenlacka-pa-asvagen/".into(),
            title: "Vattenläcka på Åsvägen – kokA vattnet".into(),
            lead: Some("Drick inte <vattnet> osv.".into()),
            topics: vec!["Vatten och avlopp".into()],
        };
        let m = news(
            &h,
            "anna@exempel.se",
            &n,
            &links,
            "Vatten och avlopp",
            "<x@alvdalen.se>".into(),
        )
        .unwrap();
        let text = String::from_utf8(m.formatted()).unwrap();
        assert!(
            text.contains("List-Unsubscribe: <https://www.alvdalen.se/prenumerera/avsluta?t=3-"),
            "{text}"
        );
        assert!(text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
        assert!(text.contains("Message-ID: <x@alvdalen.se>"));
        assert!(text.contains("multipart/alternative"));
        assert!(text.contains("text/html"));
        assert!(text.contains("&lt;vattnet&gt;"), "escaped in the HTML part");
    }
}
