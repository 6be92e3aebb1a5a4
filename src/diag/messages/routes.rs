//! messages::routes: the route table: who owns an address, clashes, aliases and slugs.

use super::*;

// ---- The route table --------------------------------------------------------------------------

/// Who owns an address, for clash messages.
pub fn owner_start_page() -> Text {
    Text::new("startsidan", "the start page")
}
pub fn owner_listing(page: usize) -> Text {
    if page == 1 {
        Text::new("nyhetslistan", "the news listing")
    } else {
        Text::new(
            format!("sida {page} av nyhetslistan"),
            format!("page {page} of the news listing"),
        )
    }
}
pub fn owner_archive() -> Text {
    Text::new("arkivet", "the archive")
}
pub fn owner_archive_year(year: i32) -> Text {
    Text::new(format!("arkivet för {year}"), format!("the archive of {year}"))
}
pub fn owner_topics() -> Text {
    Text::new("ämneslistan", "the list of topics")
}
pub fn owner_topic(name: &str) -> Text {
    Text::new(format!("ämnet ”{name}”"), format!("the topic “{name}”"))
}
pub fn owner_topic_feed(name: &str) -> Text {
    Text::new(
        format!("flödet för ämnet ”{name}”"),
        format!("the feed of the topic “{name}”"),
    )
}
pub fn owner_not_found() -> Text {
    Text::new("sidan ”Sidan hittades inte”", "the “page not found” page")
}
pub fn owner_feed(kind: &str) -> Text {
    Text::new(format!("{kind}-flödet"), format!("the {kind} feed"))
}
pub fn owner_sitemap() -> Text {
    Text::new("webbplatskartan (sitemap.xml)", "the sitemap")
}
pub fn owner_robots() -> Text {
    Text::new("robots.txt", "robots.txt")
}
pub fn owner_search() -> Text {
    Text::new("söksidan", "the search page")
}
pub fn owner_thanks() -> Text {
    Text::new(
        "tacksidan för ”Kommentera sidan” (`feedback.thanks`)",
        "the thank-you page of “Kommentera sidan” (`feedback.thanks`)",
    )
}
pub fn owner_search_index() -> Text {
    Text::new("sökindexet", "the search index")
}
pub fn owner_theme_file(name: &str) -> Text {
    Text::new(format!("temafilen {name}"), format!("the theme file {name}"))
}
pub fn owner_file(path: &str) -> Text {
    Text::new(path, path)
}

/// What a clash tells the writer to do.
#[derive(Debug, Clone, Copy)]
pub enum ClashFix {
    RenameStatic,
    ChangeAlias,
    SlugEither,
    SlugOwn,
    RenameFile,
}

pub fn address_taken(url: &str, first: &Text, fix: ClashFix) -> Message {
    let m = Message::new(
        "address-taken",
        format!("adressen {url} tillhör {}", first.sv),
        format!("the address {url} belongs to {}", first.en),
    );
    match fix {
        ClashFix::RenameStatic => m.help(
            "byt namn på filen i static/ eller flytta den",
            "rename or move the file in static/",
        ),
        ClashFix::ChangeAlias => m.help("ta bort aliaset eller ändra det", "remove this alias or change it"),
        ClashFix::SlugEither => m.help(
            "ge en av de två filerna en annan `slug:`",
            "give one of the two files another `slug:`",
        ),
        ClashFix::SlugOwn => m.help(
            "ge filen en `slug:` så att den får en egen adress",
            "give the file a `slug:` so that it gets an address of its own",
        ),
        ClashFix::RenameFile => m.help(
            "byt namn på filen eller mappen som tar adressen",
            "rename the file or folder that takes this address",
        ),
    }
}

/// Prefixes a clash reported against a generated page with what that page is.
pub fn generated_clash(what: &Text, message: Message) -> Message {
    Message {
        text: Text::new(
            format!("{}: {}", what.sv, message.text.sv),
            format!("{}: {}", what.en, message.text.en),
        ),
        ..message
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AliasProblem {
    NoSlash,
    Control,
    Forbidden,
    EmptyPart,
    DotPart,
    TooLong,
}

pub fn bad_alias(alias: &str, problem: AliasProblem) -> Message {
    let (sv, en) = match problem {
        AliasProblem::NoSlash => ("börjar inte med `/`", "does not start with `/`"),
        AliasProblem::Control => ("innehåller ett styrtecken", "contains a control character"),
        AliasProblem::Forbidden => (
            "innehåller mellanslag eller något av \\ ? # * < > | \"",
            "contains a space or one of \\ ? # * < > | \"",
        ),
        AliasProblem::EmptyPart => ("har en tom del (`//`)", "has an empty part (`//`)"),
        AliasProblem::DotPart => ("har en del som är `.` eller `..`", "has a `.` or `..` part"),
        AliasProblem::TooLong => (
            "har en del som är för lång för ett filnamn",
            "has a part too long for a file name",
        ),
    };
    Message::new(
        "bad-alias",
        format!("aliaset `{alias}` {sv}"),
        format!("the alias `{alias}` {en}"),
    )
    .help(
        "skriv den gamla adressen från webbplatsens rot, t.ex. `/gammal/adress.html`",
        "write the old address from the site's root, like `/gammal/adress.html`",
    )
}

pub fn slug_too_long(chars: usize, max: usize) -> Message {
    Message::new(
        "slug-too-long",
        format!("`slug` är {chars} tecken lång; en adress får vara högst {max}"),
        format!("`slug` is {chars} characters long; an address may have at most {max}"),
    )
    .help(
        "korta den till några ord, t.ex. `it-storningar`",
        "shorten it to a few words, like `it-storningar`",
    )
}

pub fn tag_without_letters(tag: &str) -> Message {
    Message::new(
        "tag-without-letters",
        format!("taggen `{tag}` har inga bokstäver eller siffror"),
        format!("the tag `{tag}` has no letters or digits"),
    )
    .help(
        "en tagg är ett eller två ord, t.ex. `IT` eller `Skola`; ämnessidan behöver bokstäver eller siffror till sin adress",
        "a tag is a word or two, like `IT` or `Skola`; its topic page needs letters or digits for its address",
    )
}
