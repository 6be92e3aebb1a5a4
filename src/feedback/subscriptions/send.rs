//! `notis subscriptions send`: each confirmed subscriber gets each newly published
//! article in their topics, once.
//!
//! Which articles: the site is read and checked as `notis build` would at this moment,
//! so drafts, articles scheduled for later and expired ones are never sent. Every
//! article published now is recorded with the time a send first saw it; a subscriber
//! gets those first seen after they confirmed. At the very first send the articles
//! already on the site are the baseline and are not mailed.
//!
//! Exactly once, as far as SMTP allows (docs/feedback.md has the reasoning):
//! 1. a batch of due pairs (subscriber, article) is *claimed* in one IMMEDIATE
//!    transaction; the primary key keeps two concurrent sends' claims apart;
//! 2. per mail: MAIL FROM, RCPT TO, DATA; when the server says "354 go ahead", the pair
//!    is marked *sent* (committed), then the message and its final dot are written;
//! 3. a refusal releases the pair (a permanent one marks it `refused`).
//!
//! A run holds an exclusive lock on a file of its own while it runs; claims of a run
//! whose lock is free (killed) are released by the next run. A kill before the mark
//! leaves the server an unfinished message, which it discards: sent again later. A kill
//! after it leaves a marked pair: not sent again. The window in which that loses a mail
//! is the two writes of the message after the mark. The sender's commits are not
//! fsynced (they survive a killed process, not a power cut): after a power cut the last
//! marks may be gone and those mails are sent again, with the same Message-ID.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::Utc;

use super::mail::{self, Letterhead, News};
use super::smtp::{Connection, Outcome};
use super::store::{Claim, Delivered, SeenArticle, SubscriptionStore};
use crate::build::{BuildOptions, analyse};
use crate::diag::messages::{self, Lang};
use crate::feedback::notify::SmtpSettings;
use crate::model::Status;
use crate::model::site::Inclusion;
use crate::text::dates::Moment;

/// Pairs claimed at a time.
const BATCH: usize = 200;

/// The articles published at a moment: as the store records them, and as mailed (by site path).
pub struct Published {
    pub seen: Vec<SeenArticle>,
    pub news: HashMap<String, News>,
}

/// The articles published at `now` (of the site `site` in a repository of several); the
/// site's errors when it does not build.
pub fn published(
    root: &Path,
    site: Option<&str>,
    now: Moment,
) -> Result<Published, Vec<crate::diag::error::Diagnostic>> {
    let options = BuildOptions {
        root: root.to_path_buf(),
        output: root.join("public"),
        now,
        include: Inclusion::default(),
        base_url: None,
        archive: Default::default(),
    };
    let analysed = match site {
        Some(name) => crate::build::sites::analyse_one(&options, name)?,
        None => analyse(&options, false)?,
    };
    let site = &analysed.site;
    let mut seen = Vec::new();
    let mut news = HashMap::new();
    for a in site.articles.iter().filter(|a| a.status == Status::Published) {
        seen.push(SeenArticle {
            url: a.url.clone(),
            title: a.doc.title.clone(),
            topics: a.topics().iter().map(|(slug, _)| slug.clone()).collect(),
        });
        news.insert(
            a.url.clone(),
            News {
                url: site.config.absolute(&a.url),
                title: a.doc.title.clone(),
                lead: a.lead().map(str::to_string),
                topics: a.topics().iter().map(|(_, name)| name.clone()).collect(),
            },
        );
        if a.doc.crisis.is_some() {
            crisis_updates(site, a, &mut seen, &mut news);
        }
    }
    Ok(Published { seen, news })
}

/// Each update of a crisis article shown at the site's moment, as an item of its own (keyed
/// by the article's path and the update's anchor): in a crisis, an update is news to those
/// who subscribe, and goes out as a new message once, like an article.
fn crisis_updates(
    site: &crate::model::Site,
    a: &crate::model::Article,
    seen: &mut Vec<SeenArticle>,
    news: &mut HashMap<String, News>,
) {
    let shown: Vec<&crate::content::document::Update> = a.doc.updates_by(&site.now).collect();
    let ids = crate::render::crisis::anchors(&shown.iter().map(|u| u.at).collect::<Vec<_>>());
    for (u, id) in shown.into_iter().zip(ids) {
        let key = format!("{}#{id}", a.url);
        let when = crate::render::crisis::swedish_time(&u.at);
        let title = messages::subscription_update_title(&a.doc.title, &when).sv;
        seen.push(SeenArticle {
            url: key.clone(),
            title: title.clone(),
            topics: a.topics().iter().map(|(slug, _)| slug.clone()).collect(),
        });
        news.insert(
            key,
            News {
                url: format!("{}#{id}", site.config.absolute(&a.url)),
                title,
                lead: Some(u.text.trim().to_string()),
                topics: a.topics().iter().map(|(_, name)| name.clone()).collect(),
            },
        );
    }
}

/// This run's lock: a file of its own, locked while the process lives.
pub struct RunLock {
    pub run: String,
    path: PathBuf,
    _file: File,
}

fn runs_folder(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".sending");
    PathBuf::from(name)
}

impl RunLock {
    pub fn acquire(db: &Path) -> Result<RunLock, String> {
        let folder = runs_folder(db);
        std::fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        let mut id = [0u8; 8];
        getrandom::fill(&mut id).map_err(|e| e.to_string())?;
        let run: String = id.iter().map(|b| format!("{b:02x}")).collect();
        let path = folder.join(format!("{run}.lock"));
        let file = File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        file.lock().map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(RunLock { run, path, _file: file })
    }

    /// Whether the run that wrote `run`'s claims has ended (its lock is free or gone).
    pub fn ended(db: &Path, run: &str) -> bool {
        if run.is_empty() || !run.chars().all(|c| c.is_ascii_hexdigit()) {
            return true;
        }
        let path = runs_folder(db).join(format!("{run}.lock"));
        match File::open(&path) {
            Err(_) => true,
            Ok(f) => {
                let free = f.try_lock().is_ok();
                if free {
                    let _ = std::fs::remove_file(&path);
                }
                free
            }
        }
    }
}

impl Drop for RunLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// What a send did.
#[derive(Debug, Default, Clone, Copy)]
pub struct Sent {
    pub sent: usize,
    pub refused: usize,
    /// Answered "not now" by the server: released at the end of the run, for the next.
    pub deferred: usize,
}

/// Everything a send needs besides the store.
pub struct Sender<'a> {
    pub head: &'a Letterhead,
    pub secret: &'a [u8],
    pub news: &'a HashMap<String, News>,
    /// Mails per minute at most; 0: as fast as the server takes them.
    pub rate_per_minute: u32,
    /// SMTP connections used at once.
    pub connections: usize,
    pub lang: Lang,
}

impl Sender<'_> {
    /// Releases the claims of ended runs, then sends until nothing is due; on a
    /// connection or server failure, stops with what was sent so far.
    pub fn run(
        &self,
        store: &mut SubscriptionStore,
        lock: &RunLock,
        db: &Path,
        settings: SmtpSettings,
    ) -> Result<Sent, (Sent, String)> {
        let mut done = Sent::default();
        let mut released = 0;
        for run in store.claiming_runs().map_err(|e| (done, e.to_string()))? {
            if run != lock.run && RunLock::ended(db, &run) {
                released += store.release_run(&run).map_err(|e| (done, e.to_string()))?;
            }
        }
        if released > 0 {
            eprintln!("{}", messages::subscriptions_released(released).get(self.lang));
        }
        let pace = (self.rate_per_minute > 0).then(|| Duration::from_secs(60) / self.rate_per_minute);
        let next = Mutex::new(Instant::now());
        let workers = self.connections.max(1);
        let results: Vec<Result<Sent, (Sent, String)>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    let (settings, next) = (settings.clone(), &next);
                    scope.spawn(move || self.work(db, lock, settings, pace, next))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err((Sent::default(), "a sending thread stopped".into())))
                })
                .collect()
        });
        let mut error = None;
        for r in results {
            let (sent, e) = match r {
                Ok(sent) => (sent, None),
                Err((sent, e)) => (sent, Some(e)),
            };
            done.sent += sent.sent;
            done.refused += sent.refused;
            done.deferred += sent.deferred;
            error = error.or(e);
        }
        match error {
            None => Ok(done),
            Some(e) => Err((done, e)),
        }
    }

    /// One connection's share: claims batches and sends them until nothing is due. Each
    /// has its own SMTP connection (a mail takes a few round trips, and the server's
    /// delayed acknowledgements make one connection slow) and its own database connection.
    fn work(
        &self,
        db: &Path,
        lock: &RunLock,
        settings: SmtpSettings,
        pace: Option<Duration>,
        next: &Mutex<Instant>,
    ) -> Result<Sent, (Sent, String)> {
        let mut done = Sent::default();
        let mut store = SubscriptionStore::open(db, false).map_err(|e| (done, e.to_string()))?;
        let mut conn = Connection::new(settings);
        // Deferred pairs stay claimed by this run until it ends, so it does not take them again.
        let mut deferred = Vec::new();
        let result = loop {
            let claims = match store.claim(&lock.run, BATCH, Utc::now()) {
                Ok(c) if c.is_empty() => break Ok(()),
                Ok(c) => c,
                Err(e) => break Err(e.to_string()),
            };
            let mut failed = None;
            for (i, claim) in claims.iter().enumerate() {
                if let Some(pace) = pace {
                    let slot = {
                        let mut next = next.lock().unwrap_or_else(|e| e.into_inner());
                        let slot = Instant::now().max(*next);
                        *next = slot + pace;
                        slot
                    };
                    std::thread::sleep(slot.saturating_duration_since(Instant::now()));
                }
                if let Err(e) = self.deliver(&mut store, &mut conn, lock, claim, &mut done, &mut deferred) {
                    failed = Some((i, e));
                    break;
                }
            }
            if let Some((i, e)) = failed {
                // Give back what this run claimed and has not sent: the next run sends it.
                deferred.extend(claims[i..].iter().cloned());
                break Err(e);
            }
        };
        for claim in &deferred {
            let _ = store.release(claim, &lock.run);
        }
        conn.close();
        result.map(|()| done).map_err(|e| (done, e))
    }

    fn deliver(
        &self,
        store: &mut SubscriptionStore,
        conn: &mut Connection,
        lock: &RunLock,
        claim: &Claim,
        done: &mut Sent,
        deferred: &mut Vec<Claim>,
    ) -> Result<(), String> {
        let Some(news) = self.news.get(&claim.url) else {
            // Live for a send that saw a newer site: given back when this run ends.
            deferred.push(claim.clone());
            return Ok(());
        };
        let links = self.head.links(self.secret, claim.subscriber_id, &claim.nonce);
        let topics: Vec<String> = Some(claim.topics.clone())
            .filter(|t| !t.is_empty())
            .into_iter()
            .collect();
        let why = messages::subscription_what(&topics).sv;
        let id = mail::message_id(self.head, self.secret, claim.subscriber_id, &claim.url);
        let message = match mail::news(self.head, &claim.email, news, &links, &why, id) {
            Ok(m) => m,
            Err(e) => {
                // An address that cannot be written into a mail: refused, not retried.
                eprintln!(
                    "{}",
                    messages::subscriptions_refused_address(claim.subscriber_id, &e).get(self.lang)
                );
                done.refused += 1;
                return store
                    .mark(claim, &lock.run, Delivered::Refused, Utc::now())
                    .map_err(|e| e.to_string());
            }
        };
        let outcome = conn.send(&message, || {
            store
                .mark(claim, &lock.run, Delivered::Sent, Utc::now())
                .map_err(|e| e.to_string())
        });
        match outcome {
            Outcome::Accepted => {
                done.sent += 1;
                Ok(())
            }
            Outcome::Refused(e) => {
                eprintln!(
                    "{}",
                    messages::subscriptions_refused_address(claim.subscriber_id, &e).get(self.lang)
                );
                done.refused += 1;
                store
                    .mark(claim, &lock.run, Delivered::Refused, Utc::now())
                    .map_err(|e| e.to_string())
            }
            Outcome::Deferred(e) => {
                eprintln!(
                    "{}",
                    messages::subscriptions_deferred(claim.subscriber_id, &e).get(self.lang)
                );
                done.deferred += 1;
                deferred.push(claim.clone());
                Ok(())
            }
            Outcome::Failed(e) | Outcome::Unknown(e) => {
                let _ = store.release(claim, &lock.run);
                Err(e)
            }
        }
    }
}
