//! messages::feedback: the feedback receiver and `notis feedback …`.

use super::*;

// ---- The feedback receiver and `notis feedback …` -------------------------------------------
// Log lines start with `feedback:` in both languages, so the journal can be searched for them.

pub fn feedback_db_open(error: &str) -> Text {
    Text::new(
        format!("kan inte öppna databasen med synpunkter: {error}"),
        format!("cannot open the feedback database: {error}"),
    )
}

pub fn feedback_db_read(error: &str) -> Text {
    Text::new(
        format!("kan inte läsa databasen med synpunkter: {error}"),
        format!("cannot read the feedback database: {error}"),
    )
}

pub fn feedback_no_action(base_url: &str) -> Message {
    Message::new(
        "feedback-no-action",
        "site.yaml har ingen `feedback.action`, så det finns inget att ta emot",
        "site.yaml has no `feedback.action`, so there is nothing to receive",
    )
    .help(
        format!("lägg till `feedback:` med `action: {base_url}/synpunkter/`"),
        format!("add `feedback:` with `action: {base_url}/synpunkter/`"),
    )
}

pub fn feedback_mailing_to(to: &str, host: &str, port: u16) -> Text {
    Text::new(
        format!("feedback: skickar varje ny synpunkt till {to} via {host}:{port}"),
        format!("feedback: mailing each new comment to {to} via {host}:{port}"),
    )
}

pub fn feedback_no_mail(error: &str) -> Text {
    Text::new(
        format!("`feedback.notify` är satt, men ingen e-post kan skickas ({error}); synpunkterna sparas bara"),
        format!("`feedback.notify` is set, but no mail can be sent ({error}); comments are stored only"),
    )
}

/// The receiver is up; scripts find the address after the first words.
pub fn feedback_receiving(url: &str, db: &str) -> Text {
    Text::new(
        format!("feedback: tar emot på {url}, sparar i {db}"),
        format!("feedback: receiving on {url}, storing in {db}"),
    )
}

pub fn server_stopped_with(error: &str) -> Text {
    Text::new(
        format!("servern stannade: {error}"),
        format!("the server stopped: {error}"),
    )
}

pub fn feedback_stopped() -> Text {
    Text::new("feedback: avslutad", "feedback: stopped")
}

pub fn feedback_exported(n: usize) -> Text {
    Text::new(
        format!("exporterade {}", count(n, "synpunkt", "synpunkter")),
        format!("exported {}", count(n, "comment", "comments")),
    )
}

/// `target` is the file, or None for standard output.
pub fn feedback_cannot_write(target: Option<&str>, error: &str) -> Text {
    match target {
        Some(t) => Text::new(
            format!("kan inte skriva {t}: {error}"),
            format!("cannot write {t}: {error}"),
        ),
        None => Text::new(
            format!("kan inte skriva till standardutdata: {error}"),
            format!("cannot write to standard output: {error}"),
        ),
    }
}

/// A comment's status (`new`, `handled`, `spam`) in words.
pub fn feedback_status(status: &str) -> Text {
    match status {
        "new" => Text::new("ny", "new"),
        "handled" => Text::new("hanterad", "handled"),
        _ => Text::new("skräppost", "spam"),
    }
}

pub fn feedback_marked(id: i64, status: &str) -> Text {
    let name = feedback_status(status);
    Text::new(
        format!("#{id} är nu markerad som {}", name.sv),
        format!("#{id} is now {}", name.en),
    )
}

/// The columns of `notis feedback list`, padded to the widths of its rows. The status
/// column keeps the words `notis feedback mark` takes (new, handled, spam).
pub fn feedback_table_header() -> Text {
    Text::new(
        format!(
            "{:>6}  {:<16}  {:<7}  {:<32}  kommentar",
            "nr", "mottagen", "status", "sida"
        ),
        format!(
            "{:>6}  {:<16}  {:<7}  {:<32}  comment",
            "id", "received", "status", "page"
        ),
    )
}

pub fn feedback_no_such_comment(id: i64) -> Text {
    Text::new(
        format!("det finns ingen synpunkt #{id} (se `notis feedback list --all`)"),
        format!("there is no comment #{id} (see `notis feedback list --all`)"),
    )
}

pub fn feedback_mark_failed(error: &str) -> Text {
    Text::new(
        format!("kan inte markera synpunkten: {error}"),
        format!("cannot mark the comment: {error}"),
    )
}

pub fn feedback_backup_done(from: &str, to: &str) -> Text {
    Text::new(format!("kopierade {from} till {to}"), format!("copied {from} to {to}"))
}

pub fn feedback_backup_failed(error: &str) -> Text {
    Text::new(
        format!("säkerhetskopieringen misslyckades: {error}"),
        format!("backup failed: {error}"),
    )
}

/// A refused submission; `code` is the stable reason code of the JSON answer.
pub fn feedback_refused(status: u16, code: &str) -> Text {
    Text::new(
        format!("feedback: avvisade {status} {code}"),
        format!("feedback: refused {status} {code}"),
    )
}

/// A stored submission: its id, status and the commented page (`-` for spam).
pub fn feedback_stored(id: i64, spam: bool, page: &str) -> Text {
    let page = if spam { "-" } else { page };
    Text::new(
        format!(
            "feedback: sparade #{id} ({}) för {page}",
            if spam { "skräppost" } else { "ny" }
        ),
        format!(
            "feedback: stored #{id} ({}) for {page}",
            if spam { "spam" } else { "new" }
        ),
    )
}

pub fn feedback_store_failed(error: &str) -> Text {
    Text::new(
        format!("feedback: kunde inte spara en synpunkt: {error}"),
        format!("feedback: could not store a submission: {error}"),
    )
}

pub fn feedback_batch_failed(n: usize, error: &str) -> Text {
    Text::new(
        format!(
            "feedback: att spara {} misslyckades: {error}",
            count(n, "synpunkt", "synpunkter")
        ),
        format!(
            "feedback: storing {} failed: {error}",
            count(n, "submission", "submissions")
        ),
    )
}

pub fn feedback_mail_queue_full(id: i64) -> Text {
    Text::new(
        format!("feedback: e-postkön är full; #{id} är sparad men skickas inte"),
        format!("feedback: e-mail queue full; #{id} is stored but not mailed"),
    )
}

pub fn feedback_mailed(id: i64) -> Text {
    Text::new(format!("feedback: skickade #{id}"), format!("feedback: mailed #{id}"))
}

pub fn feedback_mail_failed(id: i64, error: &str) -> Text {
    Text::new(
        format!("feedback: att skicka #{id} misslyckades: {error}"),
        format!("feedback: mailing #{id} failed: {error}"),
    )
}

pub fn feedback_purged(n: usize, days: u32) -> Text {
    Text::new(
        format!(
            "feedback: tog bort {} äldre än {days} dagar",
            count(n, "synpunkt", "synpunkter")
        ),
        format!(
            "feedback: deleted {} older than {days} days",
            count(n, "submission", "submissions")
        ),
    )
}

pub fn feedback_purge_failed(error: &str) -> Text {
    Text::new(
        format!("feedback: att ta bort gamla synpunkter misslyckades: {error}"),
        format!("feedback: deleting old submissions failed: {error}"),
    )
}

/// A date on the command line (`--now`, `--since`) that is not one.
pub fn not_a_date(value: &str) -> Text {
    let accepted = accepted_dates();
    Text::new(
        format!("`{value}` är inget datum; skriv {}", accepted.sv),
        format!("`{value}` is not a date; write {}", accepted.en),
    )
}
