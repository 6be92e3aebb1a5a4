//! messages::archive: archive packages (`archive:`, `notis archive …`) and `notis next`.

use super::*;

// ---- The archive folder ----------------------------------------------------------------------

pub fn archive_folder_empty() -> Message {
    Message::new("archive-folder-empty", "`archive:` är tom", "`archive:` is empty").help(
        "skriv mappen för arkivpaketen, utanför utdatamappen, t.ex. `archive: ../arkiv`, eller ta bort raden",
        "name the folder for the archive packages, outside the output, like `archive: ../arkiv`, or remove the line",
    )
}

pub fn archive_in_output() -> Message {
    Message::new(
        "archive-in-output",
        "arkivmappen ligger i utdatamappen (eller utdatamappen i den): paketen skulle publiceras och ersättas vid nästa bygge",
        "the archive folder is inside the output (or the output inside it): the packages would be published and replaced by the next build",
    )
    .help(
        "lägg arkivet bredvid webbplatsen, t.ex. `archive: ../arkiv` i site.yaml eller `--archive ../arkiv`",
        "put the archive beside the site, like `archive: ../arkiv` in site.yaml or `--archive ../arkiv`",
    )
}

pub fn archive_in_sources() -> Message {
    Message::new(
        "archive-in-sources",
        "arkivmappen är webbplatsens mapp, innehåller den eller ligger bland dess källfiler (content/, static/, templates/, theme/)",
        "the archive folder is the site's folder, contains it, or lies among its sources (content/, static/, templates/, theme/)",
    )
    .help(
        "lägg arkivet i en egen mapp, t.ex. `archive: ../arkiv`",
        "put the archive in a folder of its own, like `archive: ../arkiv`",
    )
}

pub fn archive_io(step: IoStep, what: &str, error: &std::io::Error) -> Message {
    let inner = output_io(step, what, error);
    Message::new("archive-io", inner.text.sv, inner.text.en).help(
        "kontrollera att arkivmappen går att skriva till och att disken inte är full; webbplatsen publicerades inte",
        "check that the archive folder is writable and the disk is not full; the site was not published",
    )
}

pub fn archive_full_without_folder() -> Message {
    Message::new(
        "archive-full-without-folder",
        "`--archive-full` men ingen arkivmapp",
        "`--archive-full` but no archive folder",
    )
    .help(
        "ange mappen med `--archive MAPP` eller `archive:` i site.yaml",
        "name the folder with `--archive DIR` or `archive:` in site.yaml",
    )
}

pub fn archive_no_folder() -> Message {
    Message::new(
        "archive-no-folder",
        "webbplatsen har ingen arkivmapp",
        "the site has no archive folder",
    )
    .help(
        "ange den med `--archive MAPP` eller `archive: ../arkiv` i site.yaml",
        "name it with `--archive DIR` or `archive: ../arkiv` in site.yaml",
    )
}

pub fn archive_cannot_read(error: &std::io::Error) -> Message {
    Message::new(
        "archive-cannot-read",
        format!("kan inte läsa arkivmappen: {error}"),
        format!("cannot read the archive folder: {error}"),
    )
    .help(
        "kontrollera sökvägen och att mappen går att läsa",
        "check the path and that the folder can be read",
    )
}

// ---- What a build recorded -------------------------------------------------------------------

pub fn archive_written(name: &str, folder: &str, counts: [usize; 4], ms: u128) -> Text {
    let [published, changed, removed, files] = counts;
    Text::new(
        format!(
            "arkivpaket {name} i {folder} – publicerade: {published}, ändrade: {changed}, borttagna: {removed} ({}) på {ms} ms",
            count(files, "fil", "filer")
        ),
        format!(
            "archive package {name} in {folder} – published: {published}, changed: {changed}, removed: {removed} ({}) in {ms} ms",
            count(files, "file", "files")
        ),
    )
}

pub fn archive_unchanged(folder: &str) -> Text {
    Text::new(
        format!("inget nytt arkivpaket i {folder}: den publicerade webbplatsen är densamma som i det senaste"),
        format!("no new archive package in {folder}: the published site is the same as in the newest one"),
    )
}

/// A package's kind of change, for its summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Published,
    Changed,
    Removed,
}

/// The head of a package's `andringar.txt`.
pub fn archive_summary_head(
    package: &str,
    organisation: &str,
    site: &str,
    built: &str,
    commit: Option<&str>,
    previous: Option<&str>,
    full: bool,
) -> Text {
    let commit_sv = commit.map_or(String::new(), |c| format!("\nGit-commit: {c}"));
    let (prev_sv, prev_en) = match previous {
        Some(p) => (format!("Föregående paket: {p}"), format!("Previous package: {p}")),
        None => ("Det första paketet.".to_string(), "The first package.".to_string()),
    };
    let (kind_sv, kind_en) = if full {
        ("Paketet rymmer hela webbplatsen.", "The package holds the whole site.")
    } else {
        (
            "Paketet rymmer det som publicerades eller ändrades.",
            "The package holds what was published or changed.",
        )
    };
    Text::new(
        format!(
            "Arkivpaket {package}\n{organisation}, {site}\nByggt {built}{commit_sv}\n{prev_sv} {kind_sv}\n\
             Från byggtiden visade webbplatsen sidorna i paketet; det som inte står här var som i föregående paket."
        ),
        format!(
            "Archive package {package}\n{organisation}, {site}\nBuilt {built}{commit_sv}\n{prev_en} {kind_en}\n\
             From the build time the site showed the pages in the package; what is not listed here was as in the previous package."
        ),
    )
}

pub fn archive_summary_section(kind: ChangeKind, n: usize) -> Text {
    let (sv, en) = match kind {
        ChangeKind::Published => ("Publicerade", "Published"),
        ChangeKind::Changed => ("Ändrade", "Changed"),
        ChangeKind::Removed => ("Borttagna", "Removed"),
    };
    Text::new(format!("{sv} ({n}):"), format!("{en} ({n}):"))
}

pub fn archive_bag_description(site: &str) -> Text {
    Text::new(
        format!("Det som publicerades på {site}, skrivet av notis när webbplatsen byggdes"),
        format!("What was published on {site}, written by notis when the site was built"),
    )
}

// ---- notis archive list / show / verify ------------------------------------------------------

pub fn archive_no_versions(url: &str) -> Message {
    Message::new(
        "archive-no-versions",
        format!("{url} finns inte i något arkivpaket"),
        format!("{url} is in no archive package"),
    )
    .help(
        "skriv adressen som den visas i webbläsaren, t.ex. `/nyheter/nya-oppettider/`; `notis archive verify` visar paketen",
        "write the address as the browser shows it, like `/nyheter/nya-oppettider/`; `notis archive verify` lists the packages",
    )
}

pub fn archive_version_line(when: &str, change: ChangeKind, package: &str) -> Text {
    let (sv, en) = match change {
        ChangeKind::Published => ("publicerad", "published"),
        ChangeKind::Changed => ("ändrad", "changed"),
        ChangeKind::Removed => ("borttagen", "removed"),
    };
    Text::new(
        format!("{when}  {sv:<10}  {package}"),
        format!("{when}  {en:<10}  {package}"),
    )
}

pub fn archive_not_yet(url: &str, first: &str) -> Message {
    Message::new(
        "archive-not-yet",
        format!("{url} var inte publicerad då; första versionen är från {first}"),
        format!("{url} was not published then; its first version is from {first}"),
    )
    .help(
        "`notis archive list` visar alla versioner med tider",
        "`notis archive list` shows every version with its time",
    )
}

pub fn archive_removed_then(url: &str, removed: &str) -> Message {
    Message::new(
        "archive-removed-then",
        format!("{url} var borttagen då (sedan {removed})"),
        format!("{url} was removed then (since {removed})"),
    )
    .help(
        "`notis archive list` visar alla versioner med tider",
        "`notis archive list` shows every version with its time",
    )
}

pub fn archive_damaged(package: &str, file: &str) -> Message {
    Message::new(
        "archive-damaged",
        format!("arkivpaketet {package} är skadat: {file} saknas eller har ändrats"),
        format!("the archive package {package} is damaged: {file} is missing or was changed"),
    )
    .help(
        "hämta paketet från en säkerhetskopia; `notis archive verify` kontrollerar alla paket",
        "restore the package from a backup; `notis archive verify` checks every package",
    )
}

pub fn archive_unreadable_log(package: &str) -> Message {
    Message::new(
        "archive-unreadable-log",
        format!("arkivpaketet {package} saknar en läsbar data/changes.json och hoppas över"),
        format!("the archive package {package} has no readable data/changes.json and is skipped"),
    )
    .help(
        "kör `notis archive verify`; hämta paketet från en säkerhetskopia om det är skadat",
        "run `notis archive verify`; restore the package from a backup if it is damaged",
    )
}

pub fn archive_verified(package: &str, ok: bool) -> Text {
    if ok {
        Text::new(
            format!("{package}: alla kontrollsummor stämmer"),
            format!("{package}: every checksum matches"),
        )
    } else {
        Text::new(format!("{package}: FEL"), format!("{package}: FAILED"))
    }
}

/// What is wrong with a file of a package.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    Missing,
    Altered,
    Unlisted,
    Frame,
}

pub fn archive_fault(kind: FaultKind, file: &str) -> Text {
    match kind {
        FaultKind::Missing => Text::new(format!("  saknas: {file}"), format!("  missing: {file}")),
        FaultKind::Altered => Text::new(
            format!("  stämmer inte med kontrollsumman: {file}"),
            format!("  does not match its checksum: {file}"),
        ),
        FaultKind::Unlisted => Text::new(
            format!("  finns inte i manifestet (tillagd efteråt): {file}"),
            format!("  not in the manifest (added afterwards): {file}"),
        ),
        FaultKind::Frame => Text::new(
            format!("  saknas eller går inte att läsa: {file}"),
            format!("  missing or unreadable: {file}"),
        ),
    }
}

pub fn archive_verify_summary(packages: usize, failed: usize) -> Text {
    Text::new(
        format!(
            "{packages} arkivpaket {}, {failed} med fel",
            if packages == 1 { "kontrollerat" } else { "kontrollerade" }
        ),
        format!(
            "{} checked, {failed} failed",
            count(packages, "archive package", "archive packages")
        ),
    )
}

// ---- notis next ------------------------------------------------------------------------------

pub fn next_none() -> Text {
    Text::new(
        "ingen ändring väntar: webbplatsen blir som den är tills någon redigerar den",
        "no change is due: the site stays as it is until someone edits it",
    )
}

pub fn next_at(sv_when: &str, en_when: &str, rfc3339: &str) -> Text {
    Text::new(
        format!("nästa ändring: {sv_when} ({rfc3339})"),
        format!("next change: {en_when} ({rfc3339})"),
    )
}

/// What happens to a page at a scheduled moment (the schedule's `Happening`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coming {
    Publish,
    Expire,
    AlertEnds,
    AgeNotice,
    CrisisEnds,
    Update,
}

pub fn next_happening(url: &str, what: Coming) -> Text {
    let (sv, en) = match what {
        Coming::Publish => ("publiceras", "is published"),
        Coming::Expire => ("tas bort (expires)", "is taken down (expires)"),
        Coming::AlertEnds => ("varningen slutar visas", "its alert banner ends"),
        Coming::AgeNotice => (
            "får notisen att den kan vara inaktuell",
            "gets the notice that it may be out of date",
        ),
        Coming::CrisisEnds => (
            "krisen slutar (krisbannern tas bort)",
            "its crisis ends (the crisis banner goes)",
        ),
        Coming::Update => ("visar en schemalagd uppdatering", "shows a scheduled update"),
    };
    Text::new(format!("  {url} {sv}"), format!("  {url} {en}"))
}
