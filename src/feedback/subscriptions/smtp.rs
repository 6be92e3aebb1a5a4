//! One SMTP connection kept open for many mails, with a hook between "the server is
//! ready for the message" (354) and the message itself: the sender marks the delivery
//! there, so a process killed before the final dot leaves the server nothing to deliver.
//!
//! lettre's `SmtpConnection` does the protocol, TLS and authentication; lettre's
//! `SmtpTransport` would open a connection per mail (or need its pool) and gives no hook.

use std::time::Duration;

use lettre::Message;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt, Rset};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};

use crate::feedback::notify::{SmtpSettings, Tls};

/// How one mail went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The server took responsibility for it.
    Accepted,
    /// The server refused it for good (5xx): the address does not exist, say.
    Refused(String),
    /// The server answered "not now" (4xx): greylisting, a full mailbox, throttling.
    Deferred(String),
    /// Not sent: the connection, the server (4xx) or the hook failed. Try later.
    Failed(String),
    /// The hook ran and the server's answer to the final dot did not come (the
    /// connection broke): it may or may not have been taken.
    Unknown(String),
}

/// The message as the DATA phase sends it: a `.` at the start of a line doubled
/// (RFC 5321 4.5.2) and the terminating `CRLF . CRLF` added.
fn stuffed(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    if text.starts_with('.') {
        out.push('.');
    }
    out.push_str(&text.replace("\r\n.", "\r\n.."));
    if !out.ends_with("\r\n") {
        out.push_str("\r\n");
    }
    out.push_str(".\r\n");
    out
}

/// A connection opened on first use and again after it broke.
pub struct Connection {
    settings: SmtpSettings,
    hello: ClientId,
    open: Option<SmtpConnection>,
}

const TIMEOUT: Duration = Duration::from_secs(30);

impl Connection {
    pub fn new(settings: SmtpSettings) -> Connection {
        Connection {
            settings,
            hello: ClientId::default(),
            open: None,
        }
    }

    fn connect(&mut self) -> Result<&mut SmtpConnection, String> {
        if self.open.as_ref().is_some_and(|c| !c.has_broken()) {
            return Ok(self.open.as_mut().expect("checked"));
        }
        let s = &self.settings;
        let tls = match s.tls {
            Tls::None => None,
            _ => Some(TlsParameters::new(s.host.clone()).map_err(|e| e.to_string())?),
        };
        let wrapped = if s.tls == Tls::Tls { tls.as_ref() } else { None };
        let mut conn = SmtpConnection::connect((s.host.as_str(), s.port), Some(TIMEOUT), &self.hello, wrapped, None)
            .map_err(|e| e.to_string())?;
        if let (Tls::StartTls, Some(params)) = (s.tls, &tls) {
            conn.starttls(params, &self.hello).map_err(|e| e.to_string())?;
        }
        if let Some(user) = &s.user {
            let credentials = Credentials::new(user.clone(), s.password.clone().unwrap_or_default());
            conn.auth(&[Mechanism::Plain, Mechanism::Login], &credentials)
                .map_err(|e| e.to_string())?;
        }
        Ok(self.open.insert(conn))
    }

    /// Sends `message`; `before_data` runs when the server has said it is ready for the
    /// message, and an error from it abandons the mail (the connection is dropped, so the
    /// server discards the transaction).
    pub fn send(&mut self, message: &Message, before_data: impl FnOnce() -> Result<(), String>) -> Outcome {
        let conn = match self.connect() {
            Ok(c) => c,
            Err(e) => return Outcome::Failed(e),
        };
        let envelope = message.envelope();
        let body = message.formatted();
        let mut options = Vec::new();
        if !body.is_ascii() && conn.server_info().supports_feature(Extension::EightBitMime) {
            options.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        let refused = |e: lettre::transport::smtp::Error| {
            if e.is_permanent() {
                Outcome::Refused(e.to_string())
            } else if e.is_transient() {
                Outcome::Deferred(e.to_string())
            } else {
                Outcome::Failed(e.to_string())
            }
        };
        let prepared = conn
            .command(Mail::new(envelope.from().cloned(), options))
            .and_then(|_| {
                envelope
                    .to()
                    .iter()
                    .try_for_each(|to| conn.command(Rcpt::new(to.clone(), vec![])).map(|_| ()))
            });
        if let Err(e) = prepared {
            // Keep the connection usable for the next mail.
            if conn.command(Rset).is_err() {
                self.close();
            }
            return refused(e);
        }
        if let Err(e) = conn.command(Data) {
            self.close();
            return refused(e);
        }
        if let Err(e) = before_data() {
            self.close();
            return Outcome::Failed(e);
        }
        // The message and its final dot in one write: lettre writes them apart, and the
        // small second write then waits for the server's delayed acknowledgement (Nagle),
        // about 40 ms a mail. `command` writes its text at once and reads the answer.
        let sent = match String::from_utf8(body) {
            Ok(text) if text.is_ascii() => conn.command(stuffed(&text)),
            Ok(text) => conn.message(text.as_bytes()),
            Err(e) => conn.message(e.as_bytes()),
        };
        match sent {
            Ok(_) => Outcome::Accepted,
            Err(e) if e.is_permanent() || e.is_transient() => {
                // An answer, but a no: the server did not take it.
                refused(e)
            }
            Err(e) => {
                self.close();
                Outcome::Unknown(e.to_string())
            }
        }
    }

    /// Says goodbye (or just drops a broken connection).
    pub fn close(&mut self) {
        if let Some(mut conn) = self.open.take() {
            if conn.has_broken() {
                conn.abort();
            } else {
                let _ = conn.quit();
            }
        }
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dots_at_line_starts_are_doubled_and_the_end_is_marked() {
        assert_eq!(stuffed(".a\r\nb\r\n.\r\n..c"), "..a\r\nb\r\n..\r\n...c\r\n.\r\n");
        assert_eq!(stuffed("a\r\n"), "a\r\n.\r\n");
    }
}
