//! The subscriptions' tables in the receiver's SQLite database, and every query on them.
//!
//! Additive to the comments' schema: the tables have their own version (in
//! `subscription_meta`, not `PRAGMA user_version`), so comments and subscriptions can
//! grow their schemas independently. The same file means `notis feedback backup`
//! copies subscriptions too.
//!
//! Delivery protocol (see `send`): a pair (subscriber, article) is *claimed* by one run
//! in an IMMEDIATE transaction (the primary key makes two runs' claims disjoint), marked
//! *sent* just before the mail's final dot goes to the server, and released again when
//! the server refuses it or the run dies before the mark.

use std::path::Path;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::form::Topic;
use crate::feedback::store::{StoreError, open_wal};

/// The schema, one migration per entry; `subscription_meta.schema` records how many ran.
/// Append only.
const MIGRATIONS: &[&str] = &["CREATE TABLE subscriber (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        all_topics INTEGER NOT NULL,     -- 1: all news; else the rows of subscriber_topic
        nonce TEXT NOT NULL,             -- random, part of every signed link of this row
        requested TEXT NOT NULL,         -- RFC 3339 UTC
        confirmed TEXT,                  -- NULL until the confirmation link is followed
        client_hash TEXT NOT NULL        -- keyed, daily-rotating hash of the client address
    );
    CREATE TABLE subscriber_topic (
        subscriber_id INTEGER NOT NULL,
        topic TEXT NOT NULL,             -- the topic's slug (articles are matched on it)
        name TEXT NOT NULL,              -- as the subscriber chose it
        PRIMARY KEY (subscriber_id, topic)
    ) WITHOUT ROWID;
    CREATE TABLE subscription_article (
        url TEXT PRIMARY KEY,            -- site path, e.g. /nyheter/vattenlackan/
        title TEXT NOT NULL,
        first_seen TEXT NOT NULL,        -- when a send first saw it published
        baseline INTEGER NOT NULL,       -- 1: on the site before the first send; never mailed
        live INTEGER NOT NULL            -- published at the latest send
    );
    CREATE TABLE subscription_article_topic (
        url TEXT NOT NULL,
        topic TEXT NOT NULL,
        PRIMARY KEY (url, topic)
    ) WITHOUT ROWID;
    CREATE TABLE delivery (
        subscriber_id INTEGER NOT NULL,
        url TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('claimed', 'sent', 'refused')),
        run TEXT NOT NULL,               -- the send run that claimed it
        at TEXT NOT NULL,
        PRIMARY KEY (subscriber_id, url)
    ) WITHOUT ROWID;
    CREATE INDEX delivery_claimed ON delivery (run) WHERE state = 'claimed';"];

/// A subscriber as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscriber {
    pub id: i64,
    pub email: String,
    /// Every news article, or only those with one of `topics`.
    pub all_topics: bool,
    pub topics: Vec<Topic>,
    pub nonce: String,
    pub requested: DateTime<Utc>,
    pub confirmed: Option<DateTime<Utc>>,
}

/// What a subscription request found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requested {
    /// A new or still unconfirmed request: it needs the confirmation mail.
    Unconfirmed(Subscriber),
    /// The address is subscribed already; nothing changed (the mail offers the link to
    /// change topics instead, so nobody can change another person's topics).
    Confirmed(Subscriber),
}

/// An article as a send sees it in the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenArticle {
    pub url: String,
    pub title: String,
    pub topics: Vec<String>,
}

/// One claimed delivery: whom to send which article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub subscriber_id: i64,
    pub email: String,
    pub nonce: String,
    pub url: String,
    /// The names of the subscriber's topics, `, `-separated; empty: all news.
    pub topics: String,
}

/// What the erasure of an address removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Erased {
    pub deliveries: usize,
}

/// The subscription tables, on their own connection to the receiver's database.
pub struct SubscriptionStore {
    conn: Connection,
}

pub fn timestamp(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn parse_time(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

fn random_hex(bytes: usize) -> Result<String, StoreError> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(|e| StoreError(format!("no random numbers: {e}")))?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

impl SubscriptionStore {
    /// Opens the database (which must have been created by the receiver or is created
    /// here) and brings the subscription tables up to date. `durable`: fsync at every
    /// commit (the receiver); without it (the sender) a commit survives the process being
    /// killed but not a power cut, and costs microseconds instead of an fsync.
    pub fn open(path: &Path, durable: bool) -> Result<SubscriptionStore, StoreError> {
        let mut conn = open_wal(path)?;
        conn.pragma_update(None, "synchronous", if durable { "FULL" } else { "NORMAL" })?;
        migrate(&mut conn)?;
        Ok(SubscriptionStore { conn })
    }

    /// Claims the subscription tables for the site `name` of a repository of several (they
    /// hold one site's subscribers and articles); the name of the site that holds them
    /// already, when it is another.
    pub fn claim_for(&self, name: &str) -> Result<Option<String>, StoreError> {
        let holder: Option<String> = self
            .conn
            .query_row("SELECT value FROM subscription_meta WHERE key = 'site'", [], |r| {
                r.get(0)
            })
            .optional()?;
        match holder {
            Some(h) if h != name => Ok(Some(h)),
            Some(_) => Ok(None),
            None => {
                self.conn
                    .execute("INSERT INTO subscription_meta (key, value) VALUES ('site', ?1)", [name])?;
                Ok(None)
            }
        }
    }

    /// The key of every signed link and Message-ID (made once, kept in the database so a
    /// restored backup keeps old links working).
    pub fn secret(&self) -> Result<Vec<u8>, StoreError> {
        let hex: String = self
            .conn
            .query_row("SELECT value FROM subscription_meta WHERE key = 'secret'", [], |r| {
                r.get(0)
            })?;
        Ok((0..hex.len() / 2)
            .filter_map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok())
            .collect())
    }

    /// Stores a request (or renews an unconfirmed one with new topics and a new link).
    pub fn request(
        &mut self,
        email: &str,
        topics: &[Topic],
        now: DateTime<Utc>,
        client_hash: &str,
    ) -> Result<Requested, StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let existing: Option<(i64, Option<String>)> = tx
            .query_row("SELECT id, confirmed FROM subscriber WHERE email = ?1", [email], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let id = match existing {
            Some((id, Some(_))) => {
                drop(tx);
                let s = self.subscriber(id)?.ok_or_else(|| StoreError("vanished".into()))?;
                return Ok(Requested::Confirmed(s));
            }
            Some((id, None)) => {
                tx.execute(
                    "UPDATE subscriber SET all_topics = ?2, nonce = ?3, requested = ?4, client_hash = ?5 WHERE id = ?1",
                    params![id, topics.is_empty(), random_hex(16)?, timestamp(&now), client_hash],
                )?;
                tx.execute("DELETE FROM subscriber_topic WHERE subscriber_id = ?1", [id])?;
                id
            }
            None => {
                tx.execute(
                    "INSERT INTO subscriber (email, all_topics, nonce, requested, client_hash) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![email, topics.is_empty(), random_hex(16)?, timestamp(&now), client_hash],
                )?;
                tx.last_insert_rowid()
            }
        };
        insert_topics(&tx, id, topics)?;
        tx.commit()?;
        let s = self.subscriber(id)?.ok_or_else(|| StoreError("vanished".into()))?;
        Ok(Requested::Unconfirmed(s))
    }

    pub fn subscriber(&self, id: i64) -> Result<Option<Subscriber>, StoreError> {
        Ok(self.read_subscribers("WHERE id = ?1", params![id])?.into_iter().next())
    }

    pub fn by_email(&self, email: &str) -> Result<Option<Subscriber>, StoreError> {
        Ok(self
            .read_subscribers("WHERE email = ?1", params![email])?
            .into_iter()
            .next())
    }

    /// Every subscriber, confirmed first, then by address.
    pub fn list(&self) -> Result<Vec<Subscriber>, StoreError> {
        self.read_subscribers("ORDER BY confirmed IS NULL, email", [])
    }

    fn read_subscribers(&self, clause: &str, args: impl rusqlite::Params) -> Result<Vec<Subscriber>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT id, email, all_topics, nonce, requested, confirmed FROM subscriber {clause}"
        ))?;
        let rows = stmt.query_map(args, |r| {
            let requested: String = r.get(4)?;
            let confirmed: Option<String> = r.get(5)?;
            Ok(Subscriber {
                id: r.get(0)?,
                email: r.get(1)?,
                all_topics: r.get(2)?,
                nonce: r.get(3)?,
                requested: parse_time(&requested),
                confirmed: confirmed.as_deref().map(parse_time),
                topics: Vec::new(),
            })
        })?;
        let mut subscribers: Vec<Subscriber> = rows.collect::<Result<_, _>>()?;
        let mut topics = self
            .conn
            .prepare("SELECT topic, name FROM subscriber_topic WHERE subscriber_id = ?1 ORDER BY topic")?;
        for s in &mut subscribers {
            let rows = topics.query_map([s.id], |r| {
                Ok(Topic {
                    slug: r.get(0)?,
                    name: r.get(1)?,
                })
            })?;
            s.topics = rows.collect::<Result<_, _>>()?;
        }
        Ok(subscribers)
    }

    /// Starts the subscription (once; following the link again changes nothing).
    pub fn confirm(&mut self, id: i64, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE subscriber SET confirmed = ?2 WHERE id = ?1 AND confirmed IS NULL",
            params![id, timestamp(&now)],
        )?;
        Ok(())
    }

    /// Replaces the topics of a subscriber (empty: all news).
    pub fn set_topics(&mut self, id: i64, topics: &[Topic]) -> Result<(), StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE subscriber SET all_topics = ?2 WHERE id = ?1",
            params![id, topics.is_empty()],
        )?;
        tx.execute("DELETE FROM subscriber_topic WHERE subscriber_id = ?1", [id])?;
        insert_topics(&tx, id, topics)?;
        tx.commit()?;
        Ok(())
    }

    /// Erases everything about one subscriber: the row, its topics and its deliveries.
    pub fn erase(&mut self, id: i64) -> Result<Erased, StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let deliveries = tx.execute("DELETE FROM delivery WHERE subscriber_id = ?1", [id])?;
        tx.execute("DELETE FROM subscriber_topic WHERE subscriber_id = ?1", [id])?;
        tx.execute("DELETE FROM subscriber WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(Erased { deliveries })
    }

    /// Deletes requests not confirmed since before `cutoff`; returns how many.
    pub fn expire(&mut self, cutoff: DateTime<Utc>) -> Result<usize, StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let old = "SELECT id FROM subscriber WHERE confirmed IS NULL AND requested < ?1";
        tx.execute(
            &format!("DELETE FROM subscriber_topic WHERE subscriber_id IN ({old})"),
            [timestamp(&cutoff)],
        )?;
        let n = tx.execute(
            "DELETE FROM subscriber WHERE confirmed IS NULL AND requested < ?1",
            [timestamp(&cutoff)],
        )?;
        tx.commit()?;
        Ok(n)
    }

    /// Confirmed subscribers per topic slug ("" = all news).
    pub fn counts(&self) -> Result<Vec<(String, usize)>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT '', count(*) FROM subscriber WHERE confirmed IS NOT NULL AND all_topics
             UNION ALL
             SELECT t.topic, count(*) FROM subscriber_topic t JOIN subscriber s ON s.id = t.subscriber_id
             WHERE s.confirmed IS NOT NULL AND NOT s.all_topics GROUP BY t.topic ORDER BY 1",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)))?;
        let counts: Vec<(String, usize)> = rows.collect::<Result<_, _>>()?;
        Ok(counts.into_iter().filter(|(_, n)| *n > 0).collect())
    }

    /// Records the articles published now; returns how many are new, and whether this was
    /// the first send ever: then they are the baseline (on the site before any send),
    /// never mailed, and the count is of them.
    pub fn record_articles(
        &mut self,
        articles: &[SeenArticle],
        now: DateTime<Utc>,
    ) -> Result<(usize, bool), StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let first: bool = tx.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM subscription_meta WHERE key = 'articles_seen')",
            [],
            |r| r.get(0),
        )?;
        tx.execute("UPDATE subscription_article SET live = 0", [])?;
        let mut new = 0;
        {
            let mut insert = tx.prepare(
                "INSERT INTO subscription_article (url, title, first_seen, baseline, live) VALUES (?1, ?2, ?3, ?4, 1)
                 ON CONFLICT (url) DO UPDATE SET live = 1, title = excluded.title",
            )?;
            let mut topic =
                tx.prepare("INSERT OR IGNORE INTO subscription_article_topic (url, topic) VALUES (?1, ?2)")?;
            let mut clear = tx.prepare("DELETE FROM subscription_article_topic WHERE url = ?1")?;
            for a in articles {
                let existed: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM subscription_article WHERE url = ?1)",
                    [&a.url],
                    |r| r.get(0),
                )?;
                insert.execute(params![a.url, a.title, timestamp(&now), first])?;
                new += usize::from(!existed);
                clear.execute([&a.url])?;
                for t in &a.topics {
                    topic.execute(params![a.url, t])?;
                }
            }
        }
        tx.execute(
            "INSERT OR IGNORE INTO subscription_meta (key, value) VALUES ('articles_seen', '1')",
            [],
        )?;
        tx.commit()?;
        Ok((new, first))
    }

    /// The runs that hold claims.
    pub fn claiming_runs(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT run FROM delivery WHERE state = 'claimed'")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Releases every claim of a run that died: those deliveries are due again.
    pub fn release_run(&mut self, run: &str) -> Result<usize, StoreError> {
        Ok(self
            .conn
            .execute("DELETE FROM delivery WHERE run = ?1 AND state = 'claimed'", [run])?)
    }

    /// Claims up to `limit` due deliveries for `run`: confirmed subscribers and live
    /// articles first seen after they confirmed, in their topics, not delivered or claimed.
    pub fn claim(&mut self, run: &str, limit: usize, now: DateTime<Utc>) -> Result<Vec<Claim>, StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let claims: Vec<Claim> = {
            let mut stmt = tx.prepare(
                "SELECT s.id, s.email, s.nonce, a.url,
                        CASE WHEN s.all_topics THEN '' ELSE (SELECT group_concat(name, ', ') FROM
                        (SELECT name FROM subscriber_topic WHERE subscriber_id = s.id ORDER BY topic)) END
                 FROM subscription_article a
                 JOIN subscriber s ON s.confirmed IS NOT NULL AND a.first_seen >= s.confirmed
                 WHERE a.live AND NOT a.baseline
                   AND (s.all_topics OR EXISTS (SELECT 1 FROM subscriber_topic st
                        JOIN subscription_article_topic at ON at.topic = st.topic
                        WHERE st.subscriber_id = s.id AND at.url = a.url))
                   AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.subscriber_id = s.id AND d.url = a.url)
                 ORDER BY a.first_seen, a.url, s.id LIMIT ?1",
            )?;
            let rows = stmt.query_map([limit as i64], |r| {
                Ok(Claim {
                    subscriber_id: r.get(0)?,
                    email: r.get(1)?,
                    nonce: r.get(2)?,
                    url: r.get(3)?,
                    topics: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                })
            })?;
            rows.collect::<Result<_, _>>()?
        };
        {
            let mut insert = tx.prepare(
                "INSERT INTO delivery (subscriber_id, url, state, run, at) VALUES (?1, ?2, 'claimed', ?3, ?4)",
            )?;
            for c in &claims {
                insert.execute(params![c.subscriber_id, c.url, run, timestamp(&now)])?;
            }
        }
        tx.commit()?;
        Ok(claims)
    }

    /// Marks a claimed delivery as sent (or refused for good by the server).
    pub fn mark(&mut self, claim: &Claim, run: &str, state: Delivered, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE delivery SET state = ?4, at = ?5 WHERE subscriber_id = ?1 AND url = ?2 AND run = ?3",
            params![claim.subscriber_id, claim.url, run, state.as_str(), timestamp(&now)],
        )?;
        Ok(())
    }

    /// Gives a delivery back: a later run sends it.
    pub fn release(&mut self, claim: &Claim, run: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "DELETE FROM delivery WHERE subscriber_id = ?1 AND url = ?2 AND run = ?3",
            params![claim.subscriber_id, claim.url, run],
        )?;
        Ok(())
    }

    /// The articles delivered to a subscriber (`sent`), for the export of one address.
    pub fn deliveries(&self, id: i64) -> Result<Vec<(String, String, DateTime<Utc>)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT url, state, at FROM delivery WHERE subscriber_id = ?1 ORDER BY at, url")?;
        let rows = stmt.query_map([id], |r| {
            let at: String = r.get(2)?;
            Ok((r.get(0)?, r.get(1)?, parse_time(&at)))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// The final states of a delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivered {
    Sent,
    /// The server refused the address for good (5xx): not tried again.
    Refused,
}

impl Delivered {
    fn as_str(self) -> &'static str {
        match self {
            Delivered::Sent => "sent",
            Delivered::Refused => "refused",
        }
    }
}

fn insert_topics(tx: &rusqlite::Transaction<'_>, id: i64, topics: &[Topic]) -> Result<(), StoreError> {
    let mut stmt =
        tx.prepare("INSERT OR IGNORE INTO subscriber_topic (subscriber_id, topic, name) VALUES (?1, ?2, ?3)")?;
    for t in topics {
        stmt.execute(params![id, t.slug, t.name])?;
    }
    Ok(())
}

fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    // IMMEDIATE: two processes opening a new database at once migrate one after the other.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch("CREATE TABLE IF NOT EXISTS subscription_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")?;
    let version: usize = tx
        .query_row("SELECT value FROM subscription_meta WHERE key = 'schema'", [], |r| {
            r.get::<_, String>(0)
        })
        .optional()?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if version > MIGRATIONS.len() {
        return Err(StoreError(format!(
            "the subscription tables have schema version {version}, newer than this notis knows ({}); use a newer notis",
            MIGRATIONS.len()
        )));
    }
    for sql in &MIGRATIONS[version..] {
        tx.execute_batch(sql)?;
    }
    tx.execute(
        "INSERT INTO subscription_meta (key, value) VALUES ('schema', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [MIGRATIONS.len().to_string()],
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO subscription_meta (key, value) VALUES ('secret', ?1)",
        [random_hex(32)?],
    )?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        parse_time(s)
    }

    fn article(url: &str, topics: &[&str]) -> SeenArticle {
        SeenArticle {
            url: url.into(),
            title: "Rubrik".into(),
            topics: topics.iter().map(|t| t.to_string()).collect(),
        }
    }

    #[test]
    fn due_deliveries_follow_topics_confirmation_and_the_baseline() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SubscriptionStore::open(&dir.path().join("f.db"), false).unwrap();
        let all = match store
            .request("alla@exempel.se", &[], at("2026-01-01T10:00:00Z"), "h")
            .unwrap()
        {
            Requested::Unconfirmed(s) => s,
            other => panic!("{other:?}"),
        };
        let water = match store
            .request(
                "vatten@exempel.se",
                &[Topic::of("Vatten").unwrap()],
                at("2026-01-01T10:00:00Z"),
                "h",
            )
            .unwrap()
        {
            Requested::Unconfirmed(s) => s,
            other => panic!("{other:?}"),
        };
        store
            .request("obekraftad@exempel.se", &[], at("2026-01-01T10:00:00Z"), "h")
            .unwrap();
        store.confirm(all.id, at("2026-01-01T11:00:00Z")).unwrap();
        store.confirm(water.id, at("2026-01-01T11:00:00Z")).unwrap();
        assert!(matches!(
            store
                .request(
                    "ALLA@exempel.se",
                    &[Topic::of("x").unwrap()],
                    at("2026-01-02T10:00:00Z"),
                    "h"
                )
                .unwrap(),
            Requested::Confirmed(_)
        ));
        // The first send: the old article is the baseline.
        store
            .record_articles(&[article("/gammal/", &["vatten"])], at("2026-01-01T12:00:00Z"))
            .unwrap();
        assert!(store.claim("r1", 100, at("2026-01-01T12:00:00Z")).unwrap().is_empty());
        let new = [
            article("/gammal/", &["vatten"]),
            article("/ny/", &["vatten"]),
            article("/skola/", &["skola"]),
        ];
        assert_eq!(
            store.record_articles(&new, at("2026-01-02T12:00:00Z")).unwrap(),
            (2, false)
        );
        let claims = store.claim("r1", 100, at("2026-01-02T12:00:00Z")).unwrap();
        let pairs: Vec<(&str, &str)> = claims.iter().map(|c| (c.email.as_str(), c.url.as_str())).collect();
        assert_eq!(
            pairs,
            [
                ("alla@exempel.se", "/ny/"),
                ("vatten@exempel.se", "/ny/"),
                ("alla@exempel.se", "/skola/")
            ]
        );
        assert!(
            store.claim("r2", 100, at("2026-01-02T12:00:00Z")).unwrap().is_empty(),
            "claimed once"
        );
        store
            .mark(&claims[0], "r1", Delivered::Sent, at("2026-01-02T12:00:01Z"))
            .unwrap();
        assert_eq!(store.release_run("r1").unwrap(), 2);
        assert_eq!(
            store.claim("r2", 100, at("2026-01-02T12:00:02Z")).unwrap().len(),
            2,
            "released, not sent"
        );
        let erased = store.erase(all.id).unwrap();
        assert_eq!(erased.deliveries, 2);
        assert!(store.by_email("alla@exempel.se").unwrap().is_none());
        assert_eq!(store.expire(at("2026-01-05T00:00:00Z")).unwrap(), 1);
        assert_eq!(store.counts().unwrap(), [("vatten".to_string(), 1)]);
    }
}
