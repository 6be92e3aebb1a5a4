//! Retention: submissions older than `feedback.retention_days` are deleted when the
//! receiver starts and once a day after that, through the one writer.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::writer::Writer;
use crate::diag::messages::{self, Lang};

/// Submissions received before this moment are due for deletion.
pub fn cutoff(now: DateTime<Utc>, retention_days: u32) -> DateTime<Utc> {
    now - chrono::Duration::days(i64::from(retention_days))
}

/// How long one site keeps its comments, and which of the database's comments are its.
#[derive(Debug, Clone)]
pub struct Retention {
    pub days: u32,
    /// The site's pages, when the database may hold other sites' comments too (a
    /// repository of several sites); `None`: every comment is the site's.
    pub within: Option<super::form::SitePages>,
}

/// Deletes what is older than the retention period; logs how many.
pub async fn purge(writer: &Writer, retention: &Retention, lang: Lang) -> Result<usize, String> {
    let retention_days = retention.days;
    let deleted = writer
        .purge_before(cutoff(Utc::now(), retention_days), retention.within.clone())
        .await?;
    if deleted > 0 {
        eprintln!("{}", messages::feedback_purged(deleted, retention_days).get(lang));
    }
    Ok(deleted)
}

/// Runs `purge` for each site every day until the process ends.
pub async fn daily(writer: Writer, sites: Vec<Retention>, lang: Lang) {
    let mut every_day = tokio::time::interval(Duration::from_secs(24 * 60 * 60));
    every_day.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    every_day.tick().await; // the first tick is immediate; the start-up purge has run
    loop {
        every_day.tick().await;
        for retention in &sites {
            if let Err(e) = purge(&writer, retention, lang).await {
                eprintln!("{}", messages::feedback_purge_failed(&e).get(lang));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cutoff_is_days_back() {
        let now = DateTime::parse_from_rfc3339("2026-11-27T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(cutoff(now, 365).to_rfc3339(), "2025-11-27T12:00:00+00:00");
    }
}
