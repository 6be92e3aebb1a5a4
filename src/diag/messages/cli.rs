//! messages::cli: the command line's own lines: `notis new`, `notis init`, a build's summary and `notis list`.

use super::*;

// ---- notis new ------------------------------------------------------------------------------

pub fn new_title_without_letters() -> Text {
    Text::new(
        "rubriken har inga bokstäver eller siffror att göra en adress av",
        "the title has no letters or digits to make an address from",
    )
}

pub fn new_file_exists(rel: &str) -> Text {
    Text::new(
        format!("{rel} finns redan; välj en annan rubrik eller ett annat datum, eller redigera den filen"),
        format!("{rel} already exists; choose another title or date, or edit that file"),
    )
}

pub fn new_cannot_write(what: &str, error: &std::io::Error) -> Text {
    Text::new(
        format!("kan inte skriva {what}: {error}"),
        format!("cannot write {what}: {error}"),
    )
}

pub fn new_wrote(path: &str) -> Text {
    Text::new(format!("skrev {path}"), format!("wrote {path}"))
}

pub fn new_address_shortened(max: usize) -> Text {
    Text::new(
        format!(
            "rubriken är lång, så adressen och filnamnet kortades till högst {max} tecken vid ett ordslut; ange `slug:` för en egen kortare adress"
        ),
        format!(
            "the title is long, so the address and file name were cut to at most {max} characters at a word; set `slug:` for an address of your own"
        ),
    )
}

// ---- The build's own terminal lines -------------------------------------------------------

pub fn built(files: usize, articles: usize, output: &str, ms: u128, changed: usize) -> Text {
    Text::new(
        format!(
            "byggde {} ({}) i {output} på {ms} ms; {changed} ändrade",
            count(files, "fil", "filer"),
            count(articles, "nyhet", "nyheter")
        ),
        format!(
            "built {} ({}) into {output} in {ms} ms; {changed} changed",
            count(files, "file", "files"),
            count(articles, "article", "articles")
        ),
    )
}

pub fn up_to_date(output: &str, files: usize, articles: usize, ms: u128) -> Text {
    Text::new(
        format!(
            "{output} är aktuell ({}, {}; inget har ändrats sedan förra bygget) på {ms} ms",
            count(files, "fil", "filer"),
            count(articles, "nyhet", "nyheter")
        ),
        format!(
            "{output} is up to date ({}, {}; nothing changed since the last build) in {ms} ms",
            count(files, "file", "files"),
            count(articles, "article", "articles")
        ),
    )
}

pub fn build_failed(output: &str) -> Text {
    Text::new(
        format!("bygget misslyckades; {output} är oförändrad"),
        format!("build failed; {output} was not changed"),
    )
}

/// "1 schemalagd nyhet (publiceras 1 januari 2027)"; `first` is the earliest, in each language.
pub fn scheduled_summary(n: usize, first_sv: &str, first_en: &str) -> Text {
    let (sv_next, en_next) = if n == 1 {
        ("publiceras", "appears")
    } else {
        ("den första publiceras", "the first appears")
    };
    Text::new(
        format!(
            "{} ({sv_next} {first_sv})",
            count(n, "schemalagd nyhet", "schemalagda nyheter")
        ),
        format!(
            "{} ({en_next} on {first_en})",
            count(n, "scheduled article", "scheduled articles")
        ),
    )
}

pub fn scheduled_warning(at_sv: &str, at_en: &str) -> Message {
    Message::new(
        "scheduled",
        format!("schemalagd: publiceras inte förrän {at_sv}"),
        format!("scheduled: not published until {at_en}"),
    )
    .help(
        "datumet ligger i framtiden; är det meningen, skriv också `publish:` med samma tid, så försvinner varningen (ett schemalagt CI-bygge publicerar nyheten när tiden har kommit); annars rätta datumet",
        "the date is in the future; if that is intended, add `publish:` with the same moment and the warning goes (a scheduled CI build publishes the article when the time comes); otherwise correct the date",
    )
}

/// The columns of `notis list`.
pub fn list_header() -> Text {
    Text::new(
        "status      datum            publiceras       upphör           fil",
        "status      date             publish          expires          file",
    )
}

/// An article's status in `notis list`.
pub fn status_name(status: &str) -> Text {
    match status {
        "published" => Text::new("publicerad", "published"),
        "draft" => Text::new("utkast", "draft"),
        "scheduled" => Text::new("schemalagd", "scheduled"),
        _ => Text::new("utgången", "expired"),
    }
}

pub fn no_problems() -> Text {
    Text::new("inga problem hittades", "no problems found")
}

pub fn waiting_for_build(output: &str) -> Text {
    Text::new(
        format!("ett annat bygge av {output} pågår; väntar tills det är klart …"),
        format!("another build of {output} is running; waiting for it to finish…"),
    )
}

/// "2 fel, 1 varning i 3 filer".
pub fn summary(errors: usize, warnings: usize, files: usize) -> Text {
    Text::new(
        format!(
            "{errors} fel, {} i {}",
            count(warnings, "varning", "varningar"),
            count(files, "fil", "filer")
        ),
        format!(
            "{}, {} in {}",
            count(errors, "error", "errors"),
            count(warnings, "warning", "warnings"),
            count(files, "file", "files")
        ),
    )
}

pub fn severity(error: bool) -> Text {
    if error {
        Text::new("fel", "error")
    } else {
        Text::new("varning", "warning")
    }
}

pub fn help_label() -> Text {
    Text::new("tips", "help")
}

// ---- notis init ------------------------------------------------------------------------------

pub fn init_not_empty(dir: &str) -> Text {
    Text::new(
        format!(
            "{dir} är inte tom; välj en ny mapp, eller lägg till --force för att skriva i den (befintliga filer med samma namn ersätts)"
        ),
        format!(
            "{dir} is not empty; choose a new folder, or add --force to write into it (existing files with the same names are replaced)"
        ),
    )
}

pub fn init_cannot_create(dir: &str, error: &std::io::Error) -> Text {
    Text::new(
        format!("kan inte skapa mappen {dir}: {error}"),
        format!("cannot create {dir}: {error}"),
    )
}

pub fn init_created(dir: &str, files: usize) -> Text {
    Text::new(
        format!("skapade en ny webbplats i {dir} ({})", count(files, "fil", "filer")),
        format!("created a new site in {dir} ({})", count(files, "file", "files")),
    )
}

pub fn init_next(dir: &str) -> Text {
    Text::new(
        format!("nästa steg: fyll i site.yaml, sedan `notis serve --root {dir}`"),
        format!("next: edit site.yaml, then `notis serve --root {dir}`"),
    )
}

/// A site in a subfolder: its robots.txt is not where crawlers look.
pub fn root_robots_line(sitemap: &str) -> Text {
    Text::new(
        format!(
            "webbplatsen ligger i en undermapp, så sökmotorer läser inte dess robots.txt; lägg till raden\n  Sitemap: {sitemap}\ni robots.txt i webbserverns rot"
        ),
        format!(
            "the site is in a subfolder, so search engines do not read its robots.txt; add the line\n  Sitemap: {sitemap}\nto robots.txt at the root of the web server"
        ),
    )
}
