//! The receiver's mail thread for confirmations: the HTTP side hands it a built mail
//! without waiting, so a slow mail server never delays an answer.

use std::sync::mpsc;

use lettre::Message;

use super::smtp::{Connection, Outcome};
use crate::diag::messages::{self, Lang};
use crate::feedback::notify::SmtpSettings;

/// Mails waiting at most; past that a request is answered "cannot mail now".
const QUEUE: usize = 1_000;

pub struct Postman {
    queue: mpsc::SyncSender<(i64, Message)>,
}

impl Postman {
    pub fn start(settings: SmtpSettings, lang: Lang) -> Result<Postman, String> {
        let (queue, rx) = mpsc::sync_channel::<(i64, Message)>(QUEUE);
        std::thread::Builder::new()
            .name("subscriptions-mail".into())
            .spawn(move || {
                let mut conn = Connection::new(settings);
                while let Ok(first) = rx.recv() {
                    send(&mut conn, first, lang);
                    while let Ok(next) = rx.try_recv() {
                        send(&mut conn, next, lang);
                    }
                    // No connection is held open while nothing waits.
                    conn.close();
                }
            })
            .map_err(|e| e.to_string())?;
        Ok(Postman { queue })
    }

    /// Queues a mail; false when the queue is full.
    pub fn post(&self, id: i64, message: Message) -> bool {
        self.queue.try_send((id, message)).is_ok()
    }
}

fn send(conn: &mut Connection, (id, message): (i64, Message), lang: Lang) {
    let mut outcome = conn.send(&message, || Ok(()));
    if matches!(outcome, Outcome::Failed(_)) {
        // Not sent (a connection the server had closed, say): once more, afresh.
        conn.close();
        outcome = conn.send(&message, || Ok(()));
    }
    match outcome {
        Outcome::Accepted => {}
        Outcome::Refused(e) | Outcome::Deferred(e) | Outcome::Failed(e) | Outcome::Unknown(e) => {
            eprintln!("{}", messages::subscriptions_mail_failed(id, &e).get(lang));
        }
    }
}
