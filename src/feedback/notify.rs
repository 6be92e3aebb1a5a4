//! E-mail notification of new comments (`feedback.notify`), over SMTP with lettre.
//!
//! A thread of its own: the HTTP handler hands it a comment that is already
//! stored, without waiting, and answers the visitor at once, so a slow or broken
//! mail server can neither lose nor delay a stored comment. The SMTP settings come
//! from the environment, never from site.yaml (which is public in the site's repo).

use std::sync::mpsc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Message, SmtpTransport, Transport};

use crate::diag::messages::{self, Lang};

/// How the connection to the mail server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tls {
    /// Plain connection upgraded with STARTTLS (port 587); the default.
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a relay on the same machine (e.g. a local Postfix).
    None,
}

/// The SMTP settings, from `NOTIS_SMTP_*` environment variables.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub user: Option<String>,
    pub password: Option<String>,
    pub tls: Tls,
    pub from: String,
}

impl SmtpSettings {
    /// Reads `NOTIS_SMTP_HOST` (required), `NOTIS_SMTP_PORT`, `NOTIS_SMTP_USER`,
    /// `NOTIS_SMTP_PASSWORD`, `NOTIS_SMTP_TLS` (`starttls`, `tls` or `none`) and
    /// `NOTIS_SMTP_FROM` through `get`; `default_from` when the last is unset.
    pub fn from_env(get: impl Fn(&str) -> Option<String>, default_from: &str) -> Result<SmtpSettings, String> {
        let host = get("NOTIS_SMTP_HOST")
            .filter(|h| !h.trim().is_empty())
            .ok_or("NOTIS_SMTP_HOST is not set")?;
        let tls = match get("NOTIS_SMTP_TLS").as_deref().map(str::trim) {
            None | Some("") | Some("starttls") => Tls::StartTls,
            Some("tls") => Tls::Tls,
            Some("none") => Tls::None,
            Some(other) => return Err(format!("NOTIS_SMTP_TLS is `{other}`; write starttls, tls or none")),
        };
        let port = match get("NOTIS_SMTP_PORT") {
            Some(p) => p
                .trim()
                .parse()
                .map_err(|_| format!("NOTIS_SMTP_PORT `{p}` is not a port number"))?,
            None => match tls {
                Tls::Tls => 465,
                Tls::StartTls => 587,
                Tls::None => 25,
            },
        };
        Ok(SmtpSettings {
            host: host.trim().to_string(),
            port,
            user: get("NOTIS_SMTP_USER").filter(|u| !u.is_empty()),
            password: get("NOTIS_SMTP_PASSWORD"),
            tls,
            from: get("NOTIS_SMTP_FROM").unwrap_or_else(|| default_from.to_string()),
        })
    }
}

/// A stored comment to mail.
#[derive(Debug, Clone)]
pub struct Notice {
    pub id: i64,
    pub received: DateTime<Utc>,
    pub page_url: String,
    pub comment: String,
    pub email: String,
}

/// Comments waiting for the mail server at most; past that they are stored, not mailed.
const QUEUE: usize = 1_000;

/// The handle the HTTP side sends notices through.
pub struct Notifier {
    queue: mpsc::SyncSender<Notice>,
    lang: Lang,
}

impl Notifier {
    /// Starts the mail thread; errors when an address or the server name is unusable.
    pub fn start(settings: &SmtpSettings, to: &str, site_title: &str, lang: Lang) -> Result<Notifier, String> {
        let to: Mailbox = to.parse().map_err(|e| format!("feedback.notify `{to}`: {e}"))?;
        let from: Mailbox = settings
            .from
            .parse()
            .map_err(|e| format!("NOTIS_SMTP_FROM `{}`: {e}", settings.from))?;
        let builder = match settings.tls {
            Tls::StartTls => SmtpTransport::starttls_relay(&settings.host).map_err(|e| e.to_string())?,
            Tls::Tls => SmtpTransport::relay(&settings.host).map_err(|e| e.to_string())?,
            Tls::None => SmtpTransport::builder_dangerous(&settings.host),
        };
        let mut builder = builder.port(settings.port).timeout(Some(Duration::from_secs(20)));
        if let Some(user) = &settings.user {
            builder = builder.credentials(Credentials::new(
                user.clone(),
                settings.password.clone().unwrap_or_default(),
            ));
        }
        let transport = builder.build();
        let (queue, rx) = mpsc::sync_channel(QUEUE);
        let title = site_title.to_string();
        std::thread::Builder::new()
            .name("feedback-mail".into())
            .spawn(move || run(rx, transport, from, to, title, lang))
            .map_err(|e| e.to_string())?;
        Ok(Notifier { queue, lang })
    }

    /// Queues a stored comment for mailing; never waits.
    pub fn notify(&self, notice: Notice) {
        if let Err(mpsc::TrySendError::Full(n)) = self.queue.try_send(notice) {
            eprintln!("{}", messages::feedback_mail_queue_full(n.id).get(self.lang));
        }
    }
}

/// The mail for one comment (pure, for tests).
pub fn message(notice: &Notice, from: &Mailbox, to: &Mailbox, site_title: &str) -> Result<Message, String> {
    let received = super::export::swedish_rfc3339(&notice.received);
    let email = if notice.email.is_empty() {
        "(ingen)"
    } else {
        notice.email.as_str()
    };
    let body = format!(
        "En ny kommentar via \"Kommentera sidan\" på {site_title}.\n\n\
Nummer: {id}\nMottagen: {received}\nSida: {page}\nE-post: {email}\n\n{comment}\n\n\
-- \nMarkera den som hanterad med `notis feedback mark {id} handled`.\n",
        id = notice.id,
        page = notice.page_url,
        comment = notice.comment,
    );
    let mut builder = Message::builder()
        .from(from.clone())
        .to(to.clone())
        .subject(format!("Kommentar #{} på {site_title}", notice.id));
    // Answering the mail answers the visitor, when they left a usable address.
    if let Ok(reply_to) = notice.email.parse::<Mailbox>() {
        builder = builder.reply_to(reply_to);
    }
    builder
        .header(ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(|e| e.to_string())
}

fn run(rx: mpsc::Receiver<Notice>, transport: SmtpTransport, from: Mailbox, to: Mailbox, title: String, lang: Lang) {
    for notice in rx {
        let result = message(&notice, &from, &to, &title).and_then(|m| transport.send(&m).map_err(|e| e.to_string()));
        match result {
            Ok(_) => eprintln!("{}", messages::feedback_mailed(notice.id).get(lang)),
            // The comment is stored; the mail is not retried (list/export show it).
            Err(e) => eprintln!("{}", messages::feedback_mail_failed(notice.id, &e).get(lang)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: std::collections::HashMap<String, String> =
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn settings_from_the_environment() {
        assert!(SmtpSettings::from_env(env(&[]), "a@b.se").is_err());
        let s = SmtpSettings::from_env(env(&[("NOTIS_SMTP_HOST", "smtp.mora.se")]), "a@b.se").unwrap();
        assert_eq!((s.port, s.tls, s.from.as_str()), (587, Tls::StartTls, "a@b.se"));
        let s = SmtpSettings::from_env(
            env(&[
                ("NOTIS_SMTP_HOST", "x"),
                ("NOTIS_SMTP_TLS", "tls"),
                ("NOTIS_SMTP_USER", "u"),
            ]),
            "a@b.se",
        )
        .unwrap();
        assert_eq!((s.port, s.tls, s.user.as_deref()), (465, Tls::Tls, Some("u")));
        assert!(SmtpSettings::from_env(env(&[("NOTIS_SMTP_HOST", "x"), ("NOTIS_SMTP_TLS", "ssl")]), "a").is_err());
        assert!(SmtpSettings::from_env(env(&[("NOTIS_SMTP_HOST", "x"), ("NOTIS_SMTP_PORT", "x")]), "a").is_err());
    }

    #[test]
    fn the_message_carries_the_comment_and_replies_to_the_visitor() {
        let notice = Notice {
            id: 12,
            received: DateTime::parse_from_rfc3339("2026-11-27T10:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
            page_url: "https://www.mora.se/nyheter/x/".into(),
            comment: "Länken är trasig.".into(),
            email: "anna@exempel.se".into(),
        };
        let from: Mailbox = "notis <noreply@mora.se>".parse().unwrap();
        let to: Mailbox = "registrator@mora.se".parse().unwrap();
        let text = String::from_utf8(message(&notice, &from, &to, "Mora kommun").unwrap().formatted()).unwrap();
        assert!(text.contains("Reply-To: anna@exempel.se"), "{text}");
        assert!(text.contains("To: registrator@mora.se"));
        assert!(text.contains("Subject: Kommentar #12"));
    }
}
