//! The one writer: a thread that owns the store and serialises every write.
//!
//! HTTP handlers send a submission with a reply channel and answer the visitor only
//! when the reply comes, i.e. after the commit. Submissions that arrive while a
//! commit is running are gathered into the next transaction, so under load one
//! fsync acknowledges many of them; nothing is acknowledged before its commit.

use chrono::{DateTime, Utc};
use tokio::sync::{mpsc, oneshot};

use super::form::SitePages;
use super::store::{NewSubmission, Store, StoreError};
use crate::diag::messages::{self, Lang};

/// How many waiting submissions one transaction takes at most.
const MAX_BATCH: usize = 256;

enum Job {
    Insert(NewSubmission, oneshot::Sender<Result<i64, String>>),
    Purge(DateTime<Utc>, Option<SitePages>, oneshot::Sender<Result<usize, String>>),
}

/// A handle to the writer; cheap to clone.
#[derive(Clone)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the writer thread. It ends when every handle is dropped, after the
    /// jobs already sent are done.
    pub fn start(store: Box<dyn Store>, lang: Lang) -> (Writer, std::thread::JoinHandle<()>) {
        let (tx, rx) = mpsc::channel(4 * MAX_BATCH);
        let handle = std::thread::Builder::new()
            .name("feedback-writer".into())
            .spawn(move || run(store, rx, lang))
            .expect("cannot start the writer thread");
        (Writer { jobs: tx }, handle)
    }

    /// Stores one submission; returns its id once it is durable.
    pub async fn insert(&self, submission: NewSubmission) -> Result<i64, String> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job::Insert(submission, reply))
            .await
            .map_err(|_| "the writer has stopped".to_string())?;
        answer.await.map_err(|_| "the writer has stopped".to_string())?
    }

    /// Deletes submissions received before `cutoff` (on one site's pages, when given).
    pub async fn purge_before(&self, cutoff: DateTime<Utc>, within: Option<SitePages>) -> Result<usize, String> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job::Purge(cutoff, within, reply))
            .await
            .map_err(|_| "the writer has stopped".to_string())?;
        answer.await.map_err(|_| "the writer has stopped".to_string())?
    }
}

fn run(mut store: Box<dyn Store>, mut rx: mpsc::Receiver<Job>, lang: Lang) {
    let mut batch: Vec<NewSubmission> = Vec::new();
    let mut replies: Vec<oneshot::Sender<Result<i64, String>>> = Vec::new();
    while let Some(first) = rx.blocking_recv() {
        let mut next = Some(first);
        while let Some(job) = next.take() {
            match job {
                Job::Insert(s, reply) => {
                    batch.push(s);
                    replies.push(reply);
                }
                Job::Purge(cutoff, within, reply) => {
                    // Commit what came before, so the order of writes is kept.
                    flush(store.as_mut(), &mut batch, &mut replies, lang);
                    let _ = reply.send(store.purge_before(cutoff, within.as_ref()).map_err(|e| e.to_string()));
                }
            }
            if batch.len() < MAX_BATCH {
                next = rx.try_recv().ok();
            }
        }
        flush(store.as_mut(), &mut batch, &mut replies, lang);
    }
}

fn flush(
    store: &mut dyn Store,
    batch: &mut Vec<NewSubmission>,
    replies: &mut Vec<oneshot::Sender<Result<i64, String>>>,
    lang: Lang,
) {
    if batch.is_empty() {
        return;
    }
    let result: Result<Vec<i64>, StoreError> = store.insert(batch);
    match result {
        Ok(ids) => {
            for (reply, id) in replies.drain(..).zip(ids) {
                let _ = reply.send(Ok(id));
            }
        }
        Err(e) => {
            eprintln!(
                "{}",
                messages::feedback_batch_failed(batch.len(), &e.to_string()).get(lang)
            );
            for reply in replies.drain(..) {
                let _ = reply.send(Err(e.to_string()));
            }
        }
    }
    batch.clear();
}
