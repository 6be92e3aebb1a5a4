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

/// The columns of `notis feedback list`, padded to the widths (in characters) of its
/// status and page columns. The statuses are shown in the language of the list;
/// `notis feedback mark` takes the English words and the Swedish ones.
pub fn feedback_table_header(status_width: usize, page_width: usize) -> Text {
    let line = |id: &str, received: &str, status: &str, page: &str, comment: &str| {
        let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.chars().count())));
        format!(
            "{id:>6}  {received:<16}  {}  {}  {comment}",
            pad(status, status_width),
            pad(page, page_width)
        )
    };
    Text::new(
        line("nr", "mottagen", "status", "sida", "kommentar"),
        line("id", "received", "status", "page", "comment"),
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
        format!(
            "säkerhetskopieringen misslyckades, och ingen kopia skrevs ({error}); se att det finns plats på disken och försök igen"
        ),
        format!(
            "the backup failed and no copy was written ({error}); check that there is room on the disk and try again"
        ),
    )
}

/// The backup's file name is taken; backups never overwrite.
pub fn feedback_backup_exists(to: &str) -> Text {
    Text::new(
        format!(
            "{to} finns redan, och en säkerhetskopia skriver aldrig över en fil; ge ett nytt filnamn, gärna med dagens datum"
        ),
        format!(
            "{to} exists already, and a backup never overwrites a file; give a new file name, with today's date for example"
        ),
    )
}

pub fn feedback_backup_no_folder(folder: &str) -> Text {
    Text::new(
        format!("mappen {folder} finns inte; skapa den först (mkdir -p {folder}) eller ge en fil i en mapp som finns"),
        format!(
            "the folder {folder} does not exist; create it first (mkdir -p {folder}) or give a file in a folder that exists"
        ),
    )
}

/// `--db` names no file; only `notis feedback serve` creates the database.
pub fn feedback_db_missing(db: &str) -> Text {
    Text::new(
        format!("databasen {db} finns inte; ge samma --db som `notis feedback serve` använder"),
        format!("the database {db} does not exist; give the same --db that `notis feedback serve` uses"),
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

// ---- What a visitor reads: the receiver's answers to the form ---------------------------------
// The receiver's pages are Swedish (`<html lang="sv">`, like the site); the English is for
// JSON clients and translators reading the catalogue.

/// A count as each language writes it: 5000 → "5 000" (no-break space) and "5,000".
fn number(n: usize) -> (String, String) {
    let digits = n.to_string();
    let mut sv = String::new();
    let mut en = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            sv.push('\u{a0}');
            en.push(',');
        }
        sv.push(c);
        en.push(c);
    }
    (sv, en)
}

/// Why the receiver did not take a comment; each has a stable code for JSON clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Not a POST.
    Method,
    /// Origin or Referer of another site.
    Foreign,
    /// Not `application/x-www-form-urlencoded`.
    NotAForm,
    /// The body is larger than a comment of `max_chars` characters can be.
    TooLarge { max_chars: usize },
    /// Over the rate limit; may send again in `seconds`.
    RateLimited { seconds: u64 },
    /// A field is wrong; the problems are listed with the form.
    Invalid,
    /// The store failed.
    NotStored,
}

impl Refused {
    pub fn code(self) -> &'static str {
        match self {
            Refused::Method => "method_not_allowed",
            Refused::Foreign => "foreign_origin",
            Refused::NotAForm => "not_a_form",
            Refused::TooLarge { .. } => "too_large",
            Refused::RateLimited { .. } => "rate_limited",
            Refused::Invalid => "invalid",
            Refused::NotStored => "not_stored",
        }
    }
}

/// The one-line reason a JSON client gets (`error`), with the refusal's code.
pub fn feedback_refusal(kind: Refused) -> Message {
    let (sv, en) = match kind {
        Refused::Method => (
            "Hit skickar formuläret \"Kommentera sidan\" sina kommentarer.".to_string(),
            "The form \"Kommentera sidan\" sends its comments here.".to_string(),
        ),
        Refused::Foreign => (
            "Kommentaren kom från en annan webbplats och togs inte emot.".to_string(),
            "The comment came from another site and was not accepted.".to_string(),
        ),
        Refused::NotAForm => (
            "Skicka kommentaren som ett formulär (application/x-www-form-urlencoded).".to_string(),
            "Send the comment as a form (application/x-www-form-urlencoded).".to_string(),
        ),
        Refused::TooLarge { max_chars } => {
            let (sv, en) = number(max_chars);
            (
                format!("Kommentaren är för lång. Den får vara högst {sv} tecken."),
                format!("The comment is too long. It may have at most {en} characters."),
            )
        }
        Refused::RateLimited { seconds } => (
            format!("Du har skickat många kommentarer på kort tid. Vänta {seconds} sekunder och skicka igen."),
            format!("You have sent many comments in a short time. Wait {seconds} seconds and send again."),
        ),
        Refused::Invalid => (
            "Något behöver rättas innan vi kan ta emot kommentaren.".to_string(),
            "Something needs correcting before the comment can be accepted.".to_string(),
        ),
        Refused::NotStored => (
            "Kommentaren kunde inte sparas just nu. Försök igen om en stund.".to_string(),
            "The comment could not be stored just now. Try again in a while.".to_string(),
        ),
    };
    Message::new(kind.code(), sv, en)
}

/// The heading of the page a browser gets.
pub fn feedback_answer_heading(kind: Refused) -> Text {
    match kind {
        Refused::Method => Text::new("Här tas kommentarer emot", "Comments are received here"),
        Refused::Foreign => Text::new("Kommentaren togs inte emot", "The comment was not accepted"),
        Refused::NotAForm => Text::new("Kommentaren kunde inte läsas", "The comment could not be read"),
        Refused::TooLarge { .. } => Text::new("Kommentaren är för lång", "The comment is too long"),
        Refused::RateLimited { .. } => Text::new("Vänta en stund", "Wait a moment"),
        Refused::Invalid => Text::new("Kommentaren skickades inte", "The comment was not sent"),
        Refused::NotStored => Text::new("Kommentaren kunde inte sparas", "The comment could not be stored"),
    }
}

/// What the page says under the heading, one paragraph a line: what happened and what
/// to do, and that the text is kept.
pub fn feedback_answer_body(kind: Refused) -> Text {
    const BACK_SV: &str = "Gå tillbaka med webbläsarens bakåtknapp: din text finns oftast kvar i rutan.";
    const BACK_EN: &str = "Go back with the browser's back button: your text is usually still in the box.";
    match kind {
        Refused::Method => Text::new(
            "Hit skickar formuläret \"Kommentera sidan\" sina kommentarer. Skriv din kommentar längst ned på sidan du vill kommentera.",
            "The form \"Kommentera sidan\" sends its comments here. Write your comment at the bottom of the page you want to comment on.",
        ),
        Refused::Foreign => Text::new(
            "Formuläret skickades från en annan webbplats än vår. Vi tar bara emot kommentarer som skrivs på våra egna sidor.\nGå till sidan du vill kommentera och skriv din kommentar i formuläret längst ned.",
            "The form was sent from another site than ours. We only accept comments written on our own pages.\nGo to the page you want to comment on and write your comment in the form at the bottom.",
        ),
        Refused::NotAForm => Text::new(
            format!(
                "Kommentaren kom inte fram som ett vanligt formulär, så vi kunde inte läsa den.\n{BACK_SV} Försök sedan igen."
            ),
            format!(
                "The comment did not arrive as an ordinary form, so we could not read it.\n{BACK_EN} Then try again."
            ),
        ),
        Refused::TooLarge { max_chars } => {
            let (sv, en) = number(max_chars);
            Text::new(
                format!(
                    "Det du skickade var för stort för att tas emot. En kommentar får vara högst {sv} tecken.\n{BACK_SV} Korta den och skicka igen, eller dela upp den i flera kommentarer."
                ),
                format!(
                    "What you sent was too large to accept. A comment may have at most {en} characters.\n{BACK_EN} Shorten it and send again, or split it into several comments."
                ),
            )
        }
        Refused::RateLimited { seconds } => Text::new(
            format!(
                "Du har skickat många kommentarer på kort tid. Vänta {seconds} sekunder och skicka sedan igen: din text finns kvar här nedan."
            ),
            format!(
                "You have sent many comments in a short time. Wait {seconds} seconds and then send again: your text is kept below."
            ),
        ),
        Refused::Invalid => Text::new(
            "Något behöver rättas innan vi kan ta emot kommentaren. Din text finns kvar här nedan.",
            "Something needs correcting before we can accept the comment. Your text is kept below.",
        ),
        Refused::NotStored => Text::new(
            "Något gick fel hos oss, så kommentaren sparades inte. Din text finns kvar här nedan: försök igen om en stund.",
            "Something went wrong on our side, so the comment was not stored. Your text is kept below: try again in a while.",
        ),
    }
}

/// The answer to any path other than the form's.
pub fn feedback_only_receiver() -> Text {
    Text::new(
        "Här finns bara mottagaren för \"Kommentera sidan\".\n",
        "Only the receiver of \"Kommentera sidan\" is here.\n",
    )
}

pub fn feedback_comment_missing() -> Text {
    Text::new("Skriv din kommentar i rutan.", "Write your comment in the box.")
}

/// `chars` is the comment's length, `max` the limit (`MAX_COMMENT_CHARS`).
pub fn feedback_comment_too_long(chars: usize, max: usize) -> Text {
    let (len_sv, len_en) = number(chars);
    let (max_sv, max_en) = number(max);
    let (over_sv, over_en) = number(chars.saturating_sub(max));
    Text::new(
        format!(
            "Kommentaren är {len_sv} tecken lång. Den får vara högst {max_sv} tecken; korta den med {over_sv} tecken."
        ),
        format!("The comment is {len_en} characters long. It may have at most {max_en}; shorten it by {over_en}."),
    )
}

pub fn feedback_email_invalid() -> Text {
    Text::new(
        "E-postadressen ser inte ut att stämma. Skriv den som namn@exempel.se, eller lämna rutan tom.",
        "The e-mail address does not look right. Write it as name@example.se, or leave the box empty.",
    )
}

pub fn feedback_page_url_foreign() -> Text {
    Text::new(
        "Formuläret skickades inte från en sida på den här webbplatsen. Gå till sidan du vill kommentera och skriv din kommentar där.",
        "The form was not sent from a page on this site. Go to the page you want to comment on and write your comment there.",
    )
}

/// The fixed words of the receiver's pages; the form's match the site's own form
/// (templates/partials/feedback.html).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageText {
    SkipToContent,
    ProblemsHeading,
    CommentLabel,
    EmailLabel,
    TrapLabel,
    Send,
    BackWithoutSending,
    Back,
}

pub fn feedback_page_text(which: PageText) -> Text {
    match which {
        PageText::SkipToContent => Text::new("Hoppa till innehållet", "Skip to the content"),
        PageText::ProblemsHeading => Text::new("Det här behöver rättas", "This needs correcting"),
        PageText::CommentLabel => Text::new("Din kommentar", "Your comment"),
        PageText::EmailLabel => Text::new("Din e-postadress (frivilligt)", "Your e-mail address (optional)"),
        PageText::TrapLabel => Text::new("Lämna detta fält tomt", "Leave this field empty"),
        PageText::Send => Text::new("Skicka kommentar", "Send comment"),
        PageText::BackWithoutSending => Text::new(
            "Tillbaka till sidan utan att skicka",
            "Back to the page without sending",
        ),
        PageText::Back => Text::new("Tillbaka till sidan", "Back to the page"),
    }
}
