//! messages::sites: several sites from one repository: sites.yaml, `sites:`/`canonical:`,
//! `--site`, `notis which` and the build summary of each site.

use super::*;

pub fn both_site_and_sites_yaml() -> Message {
    Message::new(
        "both-site-and-sites-yaml",
        "förrådet har både site.yaml och sites.yaml i roten",
        "the repository has both site.yaml and sites.yaml at its root",
    )
    .help(
        "en webbplats: ta bort sites.yaml; flera: flytta site.yaml till sites/NAMN/site.yaml",
        "one site: delete sites.yaml; several: move site.yaml to sites/NAME/site.yaml",
    )
}

pub fn no_sites_listed() -> Message {
    Message::new(
        "no-sites",
        "sites.yaml listar ingen webbplats",
        "sites.yaml lists no site",
    )
    .help(
        "skriv `sites:` och under den en rad per webbplats, t.ex. `  mora: {}`",
        "write `sites:` and under it one line per site, like `  mora: {}`",
    )
}

pub fn bad_site_name(name: &str) -> Message {
    Message::new(
        "bad-site-name",
        format!("`{name}` kan inte vara namnet på en webbplats"),
        format!("`{name}` cannot be the name of a site"),
    )
    .help(
        "använd gemena bokstäver a–z, siffror och bindestreck, t.ex. `alvdalen`",
        "use lower-case letters a–z, digits and hyphens, like `alvdalen`",
    )
}

pub fn bad_site_folder(folder: &str) -> Message {
    Message::new(
        "bad-site-folder",
        format!("`{folder}` är ingen mapp i förrådet"),
        format!("`{folder}` is not a folder in the repository"),
    )
    .help(
        "ange en mapp relativt förrådets rot, utan `..`, t.ex. `path: sites/alvdalen`",
        "give a folder relative to the repository's root, without `..`, like `path: sites/alvdalen`",
    )
}

pub fn site_without_config(name: &str, file: &str) -> Message {
    Message::new(
        "site-without-config",
        format!("webbplatsen {name} har ingen {file}"),
        format!("the site {name} has no {file}"),
    )
    .help(
        "varje webbplats behöver en egen site.yaml med titel, adress och organisation",
        "every site needs its own site.yaml with title, address and organisation",
    )
}

/// `what` is where the name was written: `sites:`, `canonical:`, `--site`.
pub fn unknown_site(name: &str, what: &str, suggestion: Option<&str>, known: &[&str]) -> Message {
    let m = Message::new(
        "unknown-site",
        format!("{what} nämner webbplatsen `{name}`, som inte finns i sites.yaml"),
        format!("{what} names the site `{name}`, which is not in sites.yaml"),
    );
    match suggestion {
        Some(s) => m.help(format!("menade du `{s}`?"), format!("did you mean `{s}`?")),
        None => m.help(
            format!("webbplatserna heter: {}", known.join(", ")),
            format!("the sites are: {}", known.join(", ")),
        ),
    }
}

pub fn sites_key_without_manifest(key: &str) -> Message {
    Message::new(
        "sites-key-single-site",
        format!("`{key}:` gäller bara i ett förråd med flera webbplatser (sites.yaml)"),
        format!("`{key}:` applies only in a repository with several sites (sites.yaml)"),
    )
    .help(format!("ta bort raden `{key}:`"), format!("remove the line `{key}:`"))
}

pub fn sites_key_in_own_file(key: &str, site: &str) -> Message {
    Message::new(
        "sites-key-own-file",
        format!("`{key}:` gäller bara delade filer; den här filen hör redan till webbplatsen {site}"),
        format!("`{key}:` applies only to shared files; this file already belongs to the site {site}"),
    )
    .help(
        format!("ta bort raden `{key}:`, eller flytta filen till den delade mappen content/"),
        format!("remove the line `{key}:`, or move the file to the shared folder content/"),
    )
}

pub fn canonical_not_publishing(name: &str) -> Message {
    Message::new(
        "canonical-not-publishing",
        format!("`canonical: {name}` nämner en webbplats som inte publicerar artikeln"),
        format!("`canonical: {name}` names a site that does not publish the article"),
    )
    .help(
        format!("lägg till {name} i `sites:`, eller välj en av webbplatserna där"),
        format!("add {name} to `sites:`, or choose one of the sites listed there"),
    )
}

pub fn site_option_without_manifest() -> Message {
    Message::new(
        "site-without-manifest",
        "--site gäller bara i ett förråd med flera webbplatser (sites.yaml)",
        "--site applies only in a repository with several sites (sites.yaml)",
    )
    .help(
        "ta bort --site, eller kör notis i förrådets rot (där sites.yaml finns)",
        "drop --site, or run notis at the repository's root (where sites.yaml is)",
    )
}

/// The prefix of a diagnostic that concerns one site only.
pub fn in_site(name: &str, text: &Text) -> Text {
    Text::new(
        format!("i webbplatsen {name}: {}", text.sv),
        format!("in the site {name}: {}", text.en),
    )
}

/// A line of the build summary: a site's own file replaces a shared one.
pub fn override_used(site: &str, own: &str, shared: &str) -> Text {
    Text::new(
        format!("{site}: {own} ersätter den delade {shared}"),
        format!("{site}: {own} replaces the shared {shared}"),
    )
}

/// What `notis which` found for one site.
#[derive(Debug, Clone, Copy)]
pub enum Choice<'a> {
    /// The site's own file replaces the shared one (`shared` says whether there is one).
    Own {
        file: &'a str,
        shared: bool,
    },
    Shared {
        file: &'a str,
    },
    /// The shared file's `sites:` leaves this site out.
    Excluded {
        file: &'a str,
    },
    Neither,
}

pub fn which_line(site: &str, choice: Choice) -> Text {
    match choice {
        Choice::Own { file, shared: true } => Text::new(
            format!("{site}: {file} (egen version, ersätter den delade)"),
            format!("{site}: {file} (own version, replaces the shared one)"),
        ),
        Choice::Own { file, shared: false } => Text::new(
            format!("{site}: {file} (egen fil, bara den här webbplatsen)"),
            format!("{site}: {file} (own file, this site only)"),
        ),
        Choice::Shared { file } => Text::new(format!("{site}: {file} (delad)"), format!("{site}: {file} (shared)")),
        Choice::Excluded { file } => Text::new(
            format!("{site}: publiceras inte – `sites:` i {file} utesluter webbplatsen"),
            format!("{site}: not published – `sites:` in {file} leaves this site out"),
        ),
        Choice::Neither => Text::new(
            format!("{site}: ingen fil (varken delad eller egen)"),
            format!("{site}: no file (neither shared nor own)"),
        ),
    }
}

pub fn which_needs_manifest() -> Message {
    Message::new(
        "which-single-site",
        "notis which gäller ett förråd med flera webbplatser, och här finns ingen sites.yaml",
        "notis which is for a repository with several sites, and there is no sites.yaml here",
    )
    .help(
        "kör kommandot i förrådets rot, eller ange --root MAPP",
        "run the command at the repository's root, or pass --root DIR",
    )
}

pub fn which_needs_a_file() -> Message {
    Message::new(
        "which-folder",
        "notis which svarar för en fil, och det här är en mapp",
        "notis which answers for one file, and this is a folder",
    )
    .help(
        "ange en fil i mappen, till exempel content/nyheter/min-nyhet.md",
        "name a file in the folder, for example content/nyheter/min-nyhet.md",
    )
}

/// One site's line in the summary of a multi-site build.
pub fn site_built(site: &str, files: usize, articles: usize, output: &str, changed: usize) -> Text {
    Text::new(
        format!(
            "{site}: byggde {} ({}) i {output}; {changed} ändrade",
            count(files, "fil", "filer"),
            count(articles, "nyhet", "nyheter")
        ),
        format!(
            "{site}: built {} ({}) into {output}; {changed} changed",
            count(files, "file", "files"),
            count(articles, "article", "articles")
        ),
    )
}

/// The last line of a multi-site build.
pub fn sites_built(sites: usize, ms: u128) -> Text {
    Text::new(
        format!("{} byggda på {ms} ms", count(sites, "webbplats", "webbplatser")),
        format!("{} built in {ms} ms", count(sites, "site", "sites")),
    )
}

pub fn multi_site_unsupported(root: &str) -> Message {
    Message::new(
        "multi-site-unsupported",
        format!("{root} är ett förråd med flera webbplatser (sites.yaml), och det här kommandot arbetar med en webbplats i taget"),
        format!("{root} is a repository with several sites (sites.yaml), and this command works on one site at a time"),
    )
    .help(
        "bygg med `notis build` (alla) eller `notis build --site NAMN`; se README, \"Flera kommuner i ett förråd\"",
        "build with `notis build` (all) or `notis build --site NAME`; see the README, \"Flera kommuner i ett förråd\"",
    )
}

pub fn feedback_sites_without_action() -> Message {
    Message::new(
        "feedback-sites-no-action",
        "ingen av webbplatserna i sites.yaml har `feedback.action`, så det finns inget att ta emot",
        "none of the sites in sites.yaml has `feedback.action`, so there is nothing to receive",
    )
    .help(
        "lägg till `feedback:` med `action:` i site.yaml för de webbplatser som har formuläret",
        "add `feedback:` with `action:` to the site.yaml of each site that has the form",
    )
}

pub fn feedback_base_url_needs_site() -> Message {
    Message::new(
        "feedback-base-url-needs-site",
        "--base-url gäller en webbplats, men mottagaren tar emot för alla i sites.yaml",
        "--base-url is one site's address, but the receiver serves every site in sites.yaml",
    )
    .help(
        "ange också --site NAMN, eller ta bort --base-url",
        "give --site NAME as well, or drop --base-url",
    )
}

pub fn subscriptions_need_own_receiver(name: &str) -> Message {
    Message::new(
        "subscriptions-need-own-receiver",
        format!("webbplatsen {name} tar emot prenumerationer, och de har en mottagare och en databas per webbplats"),
        format!("the site {name} takes subscriptions, which have one receiver and one database per site"),
    )
    .help(
        format!("kör `notis feedback serve --site {name} --db {name}.db` för {name}, och de andra webbplatserna med --site var för sig"),
        format!("run `notis feedback serve --site {name} --db {name}.db` for {name}, and the other sites with --site each"),
    )
}

pub fn subscriptions_db_of_other_site(holder: &str, name: &str) -> Message {
    Message::new(
        "subscriptions-db-of-other-site",
        format!(
            "databasen har redan prenumeranterna för webbplatsen {holder}, så webbplatsen {name} kan inte använda den"
        ),
        format!("the database already holds the subscribers of the site {holder}, so the site {name} cannot use it"),
    )
    .help(
        format!("ge {name} en egen databas: `--db {name}.db`"),
        format!("give {name} a database of its own: `--db {name}.db`"),
    )
}
