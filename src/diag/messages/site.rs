//! messages::site: reading the site: site.yaml, templates, search.

use super::*;

// ---- Reading the site -----------------------------------------------------------------------

pub fn no_site_yaml(root: &str) -> Message {
    Message::new(
        "no-site-yaml",
        format!("det finns ingen site.yaml i {root}"),
        format!("no site.yaml in {root}"),
    )
    .help(
        "kör notis i webbplatsens mapp, ange --root MAPP, eller skapa en webbplats med `notis init MAPP`",
        "run notis in the site's folder, pass --root DIR, or create a site with `notis init DIR`",
    )
}

/// `detail` is Tera's own text (English) or one of the `template_*` details below.
pub fn template_error(detail: &Text) -> Message {
    Message::new(
        "template",
        format!("fel i mallen: {}", detail.sv),
        format!("template error: {}", detail.en),
    )
    .help(
        "rätta mallen, eller ta bort din egen version i templates/ för att använda den inbyggda",
        "fix the template, or delete your override in templates/ to use the built-in one",
    )
}

/// Why a `base_url` is not usable.
#[derive(Debug, Clone, Copy)]
pub enum UrlProblem {
    NotAbsolute,
    NoHost,
}

pub fn bad_base_url(url: &str, problem: UrlProblem, from_option: bool) -> Message {
    let (sv, en) = match problem {
        UrlProblem::NotAbsolute => (
            format!("`{url}` är ingen fullständig http(s)-adress"),
            format!("`{url}` is not an absolute http(s) URL"),
        ),
        UrlProblem::NoHost => (format!("`{url}` saknar värdnamn"), format!("`{url}` has no host name")),
    };
    let m = Message::new("bad-base-url", sv, en);
    if from_option {
        m.help(
            "ange en fullständig adress, t.ex. https://www.mora.se",
            "give an absolute URL like https://www.mora.se",
        )
    } else {
        m.help(
            "skriv webbplatsens adress, t.ex. `base_url: https://www.mora.se`",
            "write the site's address, like `base_url: https://www.mora.se`",
        )
    }
}

pub fn organisation_name_empty() -> Message {
    Message::new(
        "organisation-name-empty",
        "`organisation.name` är tom",
        "`organisation.name` is empty",
    )
    .help(
        "skriv organisationens namn, t.ex. `name: Mora kommun`",
        "write the organisation's name, like `name: Mora kommun`",
    )
}

pub fn bad_news_path(value: &str) -> Message {
    Message::new(
        "bad-news-path",
        format!("`news.path` `{value}` går inte att använda i en adress"),
        format!("`news.path` `{value}` is not a usable URL path"),
    )
    .help(
        "använd små bokstäver a–z, siffror och -, t.ex. `path: nyheter`",
        "use lowercase letters a–z, digits and -, like `path: nyheter`",
    )
}

pub fn per_page_zero() -> Message {
    Message::new(
        "per-page-zero",
        "`news.per_page` måste vara minst 1",
        "`news.per_page` must be at least 1",
    )
    .help("10 är ett bra antal", "10 is a good number")
}

pub fn bad_feedback_action(url: &str) -> Message {
    Message::new(
        "bad-feedback-action",
        format!("`feedback.action` `{url}` är ingen adress"),
        format!("`feedback.action` `{url}` is not a URL"),
    )
    .help(
        "ange adressen som tar emot formuläret, t.ex. /synpunkter eller https://www.mora.se/synpunkter",
        "give the address that receives the form, like /synpunkter or https://www.mora.se/synpunkter",
    )
}

pub fn bad_subscriptions_action(url: &str) -> Message {
    Message::new(
        "bad-subscriptions-action",
        format!("`subscriptions.action` `{url}` är ingen adress"),
        format!("`subscriptions.action` `{url}` is not a URL"),
    )
    .help(
        "ange adressen som tar emot prenumerationerna, t.ex. /prenumerera/ eller https://www.mora.se/prenumerera/",
        "give the address that receives subscriptions, like /prenumerera/ or https://www.mora.se/prenumerera/",
    )
}

pub fn confirm_hours_zero() -> Message {
    Message::new(
        "confirm-hours-zero",
        "`subscriptions.confirm_hours` måste vara minst 1",
        "`subscriptions.confirm_hours` must be at least 1",
    )
    .help(
        "48 ger den som anmält sig två dygn att bekräfta",
        "48 gives a new subscriber two days to confirm",
    )
}

pub fn search_unavailable() -> Message {
    Message::new(
        "search-unavailable",
        "den här versionen av notis är byggd utan sökfunktionen (`search`)",
        "this notis was compiled without the `search` feature",
    )
    .help(
        "sätt `search: false` i site.yaml, eller bygg notis med dess standardfunktioner",
        "set `search: false` in site.yaml, or build notis with its default features",
    )
}

pub fn search_failed(detail: &str) -> Message {
    Message::new(
        "search-index",
        format!("sökindexet kunde inte byggas: {detail}"),
        format!("search index: {detail}"),
    )
    .help(
        "sätt `search: false` i site.yaml för att bygga utan sök, och rapportera felet",
        "set `search: false` in site.yaml to build without search, and report this",
    )
}

// ---- site.yaml: feedback ----------------------------------------------------------------------

pub fn bad_feedback_thanks(path: &str) -> Message {
    Message::new(
        "bad-feedback-thanks",
        format!("`feedback.thanks` `{path}` är inte en mappsökväg på webbplatsen"),
        format!("`feedback.thanks` `{path}` is not a folder path on the site"),
    )
    .help(
        "skriv en sökväg som `/tack/` (börjar och slutar med /; bokstäver a–z, siffror, - och _)",
        "write a path like `/tack/` (starting and ending with /; letters, digits, - and _)",
    )
}

pub fn retention_days_zero() -> Message {
    Message::new(
        "retention-zero",
        "`feedback.retention_days` måste vara minst 1",
        "`feedback.retention_days` must be at least 1",
    )
    .help("365 sparar synpunkterna i ett år", "365 keeps a year of comments")
}

pub fn bad_feedback_notify(address: &str) -> Message {
    Message::new(
        "bad-feedback-notify",
        format!("`feedback.notify` `{address}` är inte en e-postadress"),
        format!("`feedback.notify` `{address}` is not an e-mail address"),
    )
    .help(
        "skriv adressen som ska få varje synpunkt, t.ex. `notify: registrator@mora.se`",
        "write the address that gets each comment, like `notify: registrator@mora.se`",
    )
}

pub fn template_data_failed(error: &str) -> Message {
    Message::new(
        "template",
        format!("kan inte förbereda webbplatsens uppgifter för mallarna: {error}"),
        format!("cannot prepare site data for templates: {error}"),
    )
}

/// A detail for `template_error`.
pub fn template_missing_parent(parent: &str) -> Text {
    Text::new(
        format!("bygger på (extends) `{parent}`, som inte finns"),
        format!("extends `{parent}`, which does not exist"),
    )
}

/// A detail for `template_error`.
pub fn template_not_found(name: &str) -> Text {
    Text::new(
        format!("mallen `{name}` finns inte"),
        format!("template `{name}` not found"),
    )
}

/// Pagefind named a file outside its own folder: a bug in notis or Pagefind, not the site.
pub fn search_wrote_outside(path: &str) -> Message {
    Message::new(
        "search-failed",
        format!("sökindexet skrev {path} utanför sin mapp, så bygget stoppades"),
        format!("the search index wrote {path} outside its folder, so the build stopped"),
    )
    .help(
        "det är ett fel i notis, inte i webbplatsen: rapportera det, och bygg med `search: false` i site.yaml under tiden",
        "this is a bug in notis, not in the site: report it, and build with `search: false` in site.yaml meanwhile",
    )
}
