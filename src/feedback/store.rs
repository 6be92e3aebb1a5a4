//! Storage of submissions behind a small trait, with SQLite as the one implementation.
//!
//! Invariant: `insert` returns only after the rows are durably on disk (WAL with
//! `synchronous=FULL` fsyncs the log at every commit), so an acknowledgement sent
//! after it survives SIGKILL and power loss. A shared database for several receivers
//! (PostgreSQL) would be a second implementation of `Store`.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::form::SitePages;

/// What a submission is in the handling workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Received, not yet handled.
    New,
    /// Someone has dealt with it.
    Handled,
    /// The trap field was filled in, or someone marked it as spam.
    Spam,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Handled => "handled",
            Status::Spam => "spam",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        match s {
            "new" => Some(Status::New),
            "handled" => Some(Status::Handled),
            "spam" => Some(Status::Spam),
            _ => None,
        }
    }
}

/// A validated submission on its way into the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSubmission {
    pub received: DateTime<Utc>,
    pub page_url: String,
    pub comment: String,
    pub email: String,
    pub status: Status,
    /// The client address as a keyed hash that changes daily (see `client`).
    pub client_hash: String,
    /// `comment`, `helpful` or `accessibility` (`kind::Kind::as_str`).
    pub kind: &'static str,
    /// `ja` or `nej` for `helpful`, else empty.
    pub helpful: String,
}

/// A stored submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    pub id: i64,
    pub received: DateTime<Utc>,
    pub page_url: String,
    pub comment: String,
    pub email: String,
    pub status: Status,
    /// `comment`, `helpful` or `accessibility`; rows from before the field are comments.
    pub kind: String,
    /// `ja` or `nej` for `helpful`, else empty.
    pub helpful: String,
}

/// Which submissions to read.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// Only those received at or after this moment.
    pub since: Option<DateTime<Utc>>,
    /// Include those with status `spam`.
    pub include_spam: bool,
}

#[derive(Debug)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

/// Why a backup was not written; nothing is left under the new name in any case.
#[derive(Debug)]
pub enum BackupError {
    /// The file exists already (it is never overwritten).
    Exists,
    /// The folder to write into does not exist.
    NoFolder,
    /// Anything else: SQLite's or the system's words.
    Failed(String),
}

impl From<rusqlite::Error> for BackupError {
    fn from(e: rusqlite::Error) -> Self {
        BackupError::Failed(e.to_string())
    }
}

impl From<std::io::Error> for BackupError {
    fn from(e: std::io::Error) -> Self {
        BackupError::Failed(e.to_string())
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError(e.to_string())
    }
}

/// Where submissions live. One writer uses `insert`, `purge_before` and `mark`;
/// readers (export, list) may run beside it in other processes.
pub trait Store: Send {
    /// Stores all of `batch` in one transaction and returns their ids in order;
    /// returns only once they are durable.
    fn insert(&mut self, batch: &[NewSubmission]) -> Result<Vec<i64>, StoreError>;
    /// Submissions matching `query`, newest first.
    fn read(&self, query: &Query) -> Result<Vec<Submission>, StoreError>;
    /// Sets the status of one submission; false when there is no such id.
    fn mark(&mut self, id: i64, status: Status) -> Result<bool, StoreError>;
    /// Deletes submissions received before `cutoff` — only those on one site's pages
    /// (`within`, in a database several sites share) when given; returns how many.
    fn purge_before(&mut self, cutoff: DateTime<Utc>, within: Option<&SitePages>) -> Result<usize, StoreError>;
    /// Writes a consistent copy of the whole store to `to`, while it stays in use; `to`
    /// appears only when the copy is complete, and is never overwritten.
    fn backup(&self, to: &Path) -> Result<(), BackupError>;
}

/// The schema, one migration per entry; `PRAGMA user_version` records how many ran.
/// Append only: never edit a migration that has shipped.
const MIGRATIONS: &[&str] = &[
    "CREATE TABLE submission (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        received TEXT NOT NULL,          -- RFC 3339 in UTC, e.g. 2026-11-27T18:02:03.123Z (sorts as text)
        page_url TEXT NOT NULL,
        comment TEXT NOT NULL,
        email TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL CHECK (status IN ('new', 'handled', 'spam')),
        client_hash TEXT NOT NULL        -- keyed, daily-rotating hash of the client address
    );
    CREATE INDEX submission_received ON submission (received);",
    // Issue 27: "Var sidan till hjälp?" and reports of inaccessibility beside comments.
    "ALTER TABLE submission ADD COLUMN kind TEXT NOT NULL DEFAULT 'comment'
        CHECK (kind IN ('comment', 'helpful', 'accessibility'));
    ALTER TABLE submission ADD COLUMN helpful TEXT NOT NULL DEFAULT ''
        CHECK (helpful IN ('', 'ja', 'nej'));",
];

/// SQLite in WAL mode with `synchronous=FULL`.
pub struct SqliteStore {
    conn: Connection,
}

fn timestamp(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl SqliteStore {
    /// Opens (or creates) the database and brings its schema up to date.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let mut conn = open_wal(path)?;
        // FULL: the WAL is fsynced at every commit, so a committed row survives power loss.
        conn.pragma_update(None, "synchronous", "FULL")?;
        migrate(&mut conn)?;
        Ok(SqliteStore { conn })
    }
}

/// A connection to the database at `path` in WAL mode, which the receiver, the export and
/// the sender share; another process (export, mark, backup) may hold the lock for a moment.
pub fn open_wal(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open(path).map_err(|e| StoreError(format!("{}: {e}", path.display())))?;
    conn.busy_timeout(Duration::from_secs(10))?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError(format!(
            "{}: SQLite refused WAL mode (got {mode}); put the database on a local file system",
            path.display()
        )));
    }
    Ok(conn)
}

fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let version: usize = conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as usize;
    if version > MIGRATIONS.len() {
        return Err(StoreError(format!(
            "the database has schema version {version}, newer than this notis knows ({}); use a newer notis",
            MIGRATIONS.len()
        )));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
        // IMMEDIATE: two processes opening a new database at once migrate one after the other.
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now as usize > i {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

fn row_to_submission(row: &rusqlite::Row<'_>) -> rusqlite::Result<Submission> {
    let received: String = row.get(1)?;
    let status: String = row.get(5)?;
    Ok(Submission {
        id: row.get(0)?,
        received: DateTime::parse_from_rfc3339(&received)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default(),
        page_url: row.get(2)?,
        comment: row.get(3)?,
        email: row.get(4)?,
        status: Status::parse(&status).unwrap_or(Status::New),
        kind: row.get(6)?,
        helpful: row.get(7)?,
    })
}

impl Store for SqliteStore {
    fn insert(&mut self, batch: &[NewSubmission]) -> Result<Vec<i64>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut ids = Vec::with_capacity(batch.len());
        {
            let mut stmt = tx.prepare(
                "INSERT INTO submission (received, page_url, comment, email, status, client_hash, kind, helpful)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for s in batch {
                stmt.execute(params![
                    timestamp(&s.received),
                    s.page_url,
                    s.comment,
                    s.email,
                    s.status.as_str(),
                    s.client_hash,
                    s.kind,
                    s.helpful
                ])?;
                ids.push(tx.last_insert_rowid());
            }
        }
        tx.commit()?;
        Ok(ids)
    }

    fn read(&self, query: &Query) -> Result<Vec<Submission>, StoreError> {
        let since = query.since.as_ref().map(timestamp).unwrap_or_default();
        let mut stmt = self.conn.prepare(
            "SELECT id, received, page_url, comment, email, status, kind, helpful FROM submission
             WHERE received >= ?1 AND (?2 OR status != 'spam')
             ORDER BY received DESC, id DESC",
        )?;
        let rows = stmt.query_map(params![since, query.include_spam], row_to_submission)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn mark(&mut self, id: i64, status: Status) -> Result<bool, StoreError> {
        let changed = self.conn.execute(
            "UPDATE submission SET status = ?1 WHERE id = ?2",
            params![status.as_str(), id],
        )?;
        Ok(changed == 1)
    }

    fn purge_before(&mut self, cutoff: DateTime<Utc>, within: Option<&SitePages>) -> Result<usize, StoreError> {
        let Some(pages) = within else {
            return Ok(self.conn.execute(
                "DELETE FROM submission WHERE received < ?1",
                params![timestamp(&cutoff)],
            )?);
        };
        // Whose comment a row is, is the rule of `SitePages`, applied here row by row.
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let due: Vec<i64> = {
            let mut old = tx.prepare("SELECT id, page_url FROM submission WHERE received < ?1")?;
            let rows = old.query_map(params![timestamp(&cutoff)], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })?;
            let mut due = Vec::new();
            for row in rows {
                let (id, page) = row?;
                if pages.holds(&page) {
                    due.push(id);
                }
            }
            due
        };
        for id in &due {
            tx.execute("DELETE FROM submission WHERE id = ?1", [id])?;
        }
        tx.commit()?;
        Ok(due.len())
    }

    fn backup(&self, to: &Path) -> Result<(), BackupError> {
        let folder = match to.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if !folder.is_dir() {
            return Err(BackupError::NoFolder);
        }
        if to.exists() {
            return Err(BackupError::Exists);
        }
        // A temporary name in the same folder, so the last step is a link on one disk.
        let name = to
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let prefix = format!(".{name}.notis-backup-");
        remove_stale_partials(folder, &prefix);
        let partial = folder.join(format!("{prefix}{}", std::process::id()));
        let written = vacuum_into(&self.conn, &partial).and_then(|()| publish(&partial, to));
        // On success the partial name is only a second link to the copy; on failure it is
        // the half-written file. Either way it goes, with any journal SQLite left.
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let mut p = partial.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
        written
    }
}

/// Removes what killed backups to the same name left (`.NAME.notis-backup-PID…` of a
/// process that is gone). Only where /proc tells which processes run.
fn remove_stale_partials(folder: &Path, prefix: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(prefix) else {
            continue;
        };
        let pid: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if !pid.is_empty() && !Path::new("/proc").join(&pid).exists() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// `VACUUM INTO`: one read transaction on the source, so it completes however many
/// comments arrive meanwhile (the step-wise online backup started over at every write
/// and, under steady comments, never finished). The copy is made a plain single-file
/// database and flushed to disk.
fn vacuum_into(conn: &Connection, partial: &Path) -> Result<(), BackupError> {
    let path = partial
        .to_str()
        .ok_or_else(|| BackupError::Failed(format!("{}: not UTF-8", partial.display())))?;
    conn.execute("VACUUM INTO ?1", [path])?;
    {
        let copy = Connection::open(partial)?;
        let _: Option<String> = copy
            .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
            .optional()?;
    }
    std::fs::File::open(partial)?.sync_all()?;
    Ok(())
}

/// Gives the finished copy its name without ever replacing a file: a hard link fails
/// when the name is taken (also when another backup took it a moment ago). Where the
/// file system has no hard links, a rename after the check above.
fn publish(partial: &Path, to: &Path) -> Result<(), BackupError> {
    match std::fs::hard_link(partial, to) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(BackupError::Exists),
        Err(_) if !to.exists() => Ok(std::fs::rename(partial, to)?),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(received: &str, status: Status) -> NewSubmission {
        NewSubmission {
            received: DateTime::parse_from_rfc3339(received).unwrap().with_timezone(&Utc),
            page_url: "https://www.mora.se/nyheter/x/".into(),
            comment: "Bra sida".into(),
            email: String::new(),
            status,
            client_hash: "00".into(),
            kind: "comment",
            helpful: String::new(),
        }
    }

    #[test]
    fn insert_read_mark_purge_backup() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(&dir.path().join("f.db")).unwrap();
        let ids = store
            .insert(&[
                sub("2026-01-01T10:00:00Z", Status::New),
                sub("2026-02-01T10:00:00Z", Status::Spam),
                sub("2026-03-01T10:00:00Z", Status::New),
            ])
            .unwrap();
        assert_eq!(ids, vec![1, 2, 3]);
        let all = store.read(&Query::default()).unwrap();
        assert_eq!(
            all.iter().map(|s| s.id).collect::<Vec<_>>(),
            vec![3, 1],
            "newest first, no spam"
        );
        let with_spam = store
            .read(&Query {
                since: None,
                include_spam: true,
            })
            .unwrap();
        assert_eq!(with_spam.len(), 3);
        assert!(store.mark(1, Status::Handled).unwrap());
        assert!(!store.mark(99, Status::Handled).unwrap());
        let since = DateTime::parse_from_rfc3339("2026-01-15T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let orsa = SitePages::of("https://www.orsa.se", &["https://www.orsa.se"]);
        let mora = SitePages::of("https://www.mora.se", &["https://www.mora.se"]);
        assert_eq!(store.purge_before(since, Some(&orsa)).unwrap(), 0);
        assert_eq!(store.purge_before(since, Some(&mora)).unwrap(), 1);
        let copy = dir.path().join("copy.db");
        store.backup(&copy).unwrap();
        assert!(
            matches!(store.backup(&copy), Err(BackupError::Exists)),
            "never overwrites"
        );
        assert!(matches!(
            store.backup(&dir.path().join("saknas").join("copy.db")),
            Err(BackupError::NoFolder)
        ));
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("copy"))
            .collect();
        assert_eq!(names, ["copy.db"], "no partial file or journal left");
        let copied = SqliteStore::open(&copy)
            .unwrap()
            .read(&Query {
                since: None,
                include_spam: true,
            })
            .unwrap();
        assert_eq!(copied.iter().map(|s| s.id).collect::<Vec<_>>(), vec![3, 2]);
    }

    /// Issue 27: a database from before `kind` keeps its comments, which read as comments.
    #[test]
    fn an_older_database_is_upgraded_and_its_rows_are_comments() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.db");
        {
            let mut conn = Connection::open(&path).unwrap();
            let tx = conn.transaction().unwrap();
            tx.execute_batch(MIGRATIONS[0]).unwrap();
            tx.execute(
                "INSERT INTO submission (received, page_url, comment, email, status, client_hash)
                 VALUES ('2026-01-01T10:00:00.000Z', 'https://www.mora.se/', 'Gammal', '', 'new', '00')",
                [],
            )
            .unwrap();
            tx.pragma_update(None, "user_version", 1).unwrap();
            tx.commit().unwrap();
        }
        let mut store = SqliteStore::open(&path).unwrap();
        let mut answer = sub("2026-02-01T10:00:00Z", Status::New);
        answer.kind = "helpful";
        answer.helpful = "nej".into();
        store.insert(&[answer]).unwrap();
        let rows = store.read(&Query::default()).unwrap();
        let kinds: Vec<(&str, &str, &str)> = rows
            .iter()
            .map(|r| (r.comment.as_str(), r.kind.as_str(), r.helpful.as_str()))
            .collect();
        assert_eq!(kinds, [("Bra sida", "helpful", "nej"), ("Gammal", "comment", "")]);
    }

    #[test]
    fn reopening_keeps_the_schema_and_refuses_a_newer_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.db");
        SqliteStore::open(&path).unwrap();
        SqliteStore::open(&path).unwrap();
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        let err = SqliteStore::open(&path).err().unwrap();
        assert!(err.0.contains("newer"), "{err}");
    }
}
