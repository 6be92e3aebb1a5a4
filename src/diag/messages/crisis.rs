//! messages::crisis: crisis mode, timestamped updates (`notis update`), the crisis page,
//! and the kinds of page feedback ("Var sidan till hjälp?", reports of inaccessibility).

use super::*;

// ---- Front matter ----------------------------------------------------------------------------

/// An entry of `updates:` without its `at` or `text` (`n` counts from 1).
pub fn update_without(n: usize, key: &str) -> Message {
    Message::new(
        "update-incomplete",
        format!("uppdatering {n} under `updates:` saknar `{key}`"),
        format!("update {n} under `updates:` has no `{key}`"),
    )
    .help(
        "varje uppdatering behöver `at:` (t.ex. 2018-04-24 14:05) och `text:`; `notis update FIL \"text\"` skriver en åt dig",
        "each update needs `at:` (e.g. 2018-04-24 14:05) and `text:`; `notis update FILE \"text\"` writes one for you",
    )
}

/// A page (under content/sidor/) marked as a crisis: only news articles can be.
pub fn crisis_on_page() -> Message {
    Message::new(
        "crisis-on-page",
        "`crisis` fungerar bara i nyheter, inte i sidor under content/sidor/",
        "`crisis` works only in news articles, not in pages under content/sidor/",
    )
    .help(
        "skriv krisinformationen som en nyhet (notis new --crisis \"Rubrik\")",
        "write the crisis information as a news article (notis new --crisis \"Title\")",
    )
}

// ---- The route table ---------------------------------------------------------------------------

pub fn owner_crisis_page() -> Text {
    Text::new("krissidan (`crisis.path`)", "the crisis page (`crisis.path`)")
}

pub fn owner_accessibility_report() -> Text {
    Text::new(
        "formuläret ”Rapportera brist i tillgängligheten”",
        "the form “Rapportera brist i tillgängligheten” (report inaccessible content)",
    )
}

// ---- site.yaml ---------------------------------------------------------------------------------

pub fn bad_crisis_path(value: &str) -> Message {
    Message::new(
        "bad-crisis-path",
        format!("`crisis.path` `{value}` går inte att använda som adress"),
        format!("`crisis.path` `{value}` cannot be used as an address"),
    )
    .help(
        "använd små bokstäver a–z, siffror och bindestreck, t.ex. `kris`",
        "use lower-case letters a–z, digits and hyphens, e.g. `kris`",
    )
}

// ---- notis update ------------------------------------------------------------------------------

pub fn update_added(path: &str, when: &str) -> Text {
    Text::new(
        format!("lade till en uppdatering {when} i {path}; bygg webbplatsen för att publicera den"),
        format!("added an update at {when} to {path}; build the site to publish it"),
    )
}

pub fn update_outside_content(path: &str) -> Text {
    Text::new(
        format!(
            "{path} är ingen nyhet eller sida i webbplatsens mapp content/; ange filen under content/ (kör kommandot i webbplatsens mapp eller med --root)"
        ),
        format!(
            "{path} is not an article or page in the site's content/ folder; name the file under content/ (run the command in the site's folder or with --root)"
        ),
    )
}

pub fn update_text_empty() -> Text {
    Text::new(
        "uppdateringen är tom; skriv texten inom citattecken: notis update FIL \"Telefonin fungerar igen.\"",
        "the update is empty; write the text in quotes: notis update FILE \"Phones work again.\"",
    )
}

pub fn update_cannot_read(path: &str, error: &str) -> Text {
    Text::new(
        format!("kan inte läsa {path}: {error}; kontrollera sökvägen till nyheten"),
        format!("cannot read {path}: {error}; check the path to the article"),
    )
}

pub fn update_no_front_matter(path: &str) -> Text {
    Text::new(
        format!("{path} börjar inte med en rad `---` följd av inställningar och en rad `---`; är det en nyhet?"),
        format!("{path} does not start with a line `---`, settings and a line `---`; is it an article?"),
    )
}

pub fn update_cannot_write(path: &str, error: &str) -> Text {
    Text::new(
        format!("kan inte skriva {path}: {error}; filen är orörd"),
        format!("cannot write {path}: {error}; the file is unchanged"),
    )
}

pub fn update_breaks_file(path: &str) -> Text {
    Text::new(
        format!("{path} har fel som måste rättas först (kör notis check); uppdateringen skrevs inte"),
        format!("{path} has mistakes to fix first (run notis check); the update was not written"),
    )
}

// ---- The receiver: kinds of feedback -----------------------------------------------------------

pub fn feedback_kind_unknown(kind: &str) -> Text {
    Text::new(
        format!("Okänd typ av synpunkt ”{kind}”. Skicka formuläret från webbplatsen igen."),
        format!("Unknown kind of feedback “{kind}”. Send the form from the site again."),
    )
}

pub fn feedback_helpful_missing() -> Text {
    Text::new(
        "Svara ”Ja” eller ”Nej” på frågan om sidan var till hjälp.",
        "Answer “Ja” (yes) or “Nej” (no) to whether the page was helpful.",
    )
}

pub fn feedback_report_missing() -> Text {
    Text::new(
        "Beskriv vad som inte är tillgängligt, och var på sidan det finns.",
        "Describe what is not accessible, and where on the page it is.",
    )
}

/// The heading of the receiver's page when an answer or a report was refused.
pub fn feedback_kind_not_sent(kind: &str) -> Text {
    match kind {
        "helpful" => Text::new("Svaret skickades inte", "The answer was not sent"),
        _ => Text::new("Rapporten skickades inte", "The report was not sent"),
    }
}

/// The kind of a submission as `list` shows it.
pub fn feedback_kind_name(kind: &str) -> Text {
    match kind {
        "helpful" => Text::new("till hjälp?", "helpful?"),
        "accessibility" => Text::new("tillgänglighet", "accessibility"),
        _ => Text::new("kommentar", "comment"),
    }
}

/// The heading of the per-page counts of "Var sidan till hjälp?" in `list`.
pub fn feedback_helpful_heading() -> Text {
    Text::new(
        "Var sidan till hjälp? (ja / nej per sida)",
        "Was the page helpful? (yes / no per page)",
    )
}

pub fn feedback_helpful_counts(yes: usize, no: usize, page: &str) -> Text {
    Text::new(
        format!("{yes:>5} ja  {no:>5} nej  {page}"),
        format!("{yes:>5} yes {no:>5} no   {page}"),
    )
}

/// The question, on the receiver's page that shows the form again.
pub fn feedback_helpful_question() -> Text {
    Text::new("Var sidan till hjälp?", "Was the page helpful?")
}
