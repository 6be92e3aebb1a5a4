//! messages: every text a person reads in a terminal or on the preview's error page, in
//! Swedish (the default) and English, each with a stable code for `--format json`.
//!
//! A catalogue of typed functions rather than Fluent files: the arguments of every message
//! are checked by the compiler, both languages sit side by side so neither can be
//! forgotten, and it costs no dependency. Plurals are the two forms Swedish and English need.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The language of messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Sv,
    En,
}

impl Lang {
    /// `--lang` if given, else English when `LC_ALL`, `LC_MESSAGES` or `LANG` (the first
    /// one set) asks for it, else Swedish.
    pub fn choose(arg: Option<Lang>, env: impl Fn(&str) -> Option<String>) -> Lang {
        if let Some(lang) = arg {
            return lang;
        }
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| env(k))
            .find(|v| !v.is_empty());
        match locale {
            Some(l) if l.starts_with("en") => Lang::En,
            _ => Lang::Sv,
        }
    }

    /// From the process environment.
    pub fn from_env(arg: Option<Lang>) -> Lang {
        Lang::choose(arg, |k| std::env::var(k).ok())
    }
}

/// One text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub sv: String,
    pub en: String,
}

impl Text {
    pub fn new(sv: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            sv: sv.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Sv => &self.sv,
            Lang::En => &self.en,
        }
    }

    /// Whether either language contains `needle` (for tests and filters).
    pub fn contains(&self, needle: &str) -> bool {
        self.sv.contains(needle) || self.en.contains(needle)
    }
}

impl fmt::Display for Text {
    /// Swedish, the default; printing code picks the language with `get`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.sv)
    }
}

/// A diagnostic's text: what is wrong and, when we know it, what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub code: &'static str,
    pub text: Text,
    pub help: Option<Text>,
}

/// Text not yet in the catalogue (the same in both languages); the catalogue functions
/// are the rule.
impl From<String> for Message {
    fn from(text: String) -> Message {
        Message {
            code: "other",
            text: Text::new(text.clone(), text),
            help: None,
        }
    }
}

impl From<&str> for Message {
    fn from(text: &str) -> Message {
        Message::from(text.to_string())
    }
}

impl Message {
    fn new(code: &'static str, sv: impl Into<String>, en: impl Into<String>) -> Message {
        Message {
            code,
            text: Text::new(sv, en),
            help: None,
        }
    }

    fn help(mut self, sv: impl Into<String>, en: impl Into<String>) -> Message {
        self.help = Some(Text::new(sv, en));
        self
    }
}

/// "1 nyhet" / "16 nyheter".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

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

// ---- Parsing a content file -------------------------------------------------------------------

pub fn not_utf8() -> Message {
    Message::new(
        "not-utf8",
        "filen är inte giltig UTF-8-text",
        "the file is not valid UTF-8 text",
    )
    .help(
        "spara filen med teckenkodningen UTF-8 (i Anteckningar: Spara som → Kodning: UTF-8)",
        "save the file with the encoding UTF-8",
    )
}

pub fn no_front_matter() -> Message {
    Message::new(
        "no-front-matter",
        "filen börjar inte med ett huvud (front matter)",
        "the file does not start with front matter",
    )
    .help(
        "börja filen med en rad `---`, sedan `title:` och `date:`, sedan en rad `---` och därefter texten",
        "begin the file with a line `---`, then `title:` and `date:`, then a line `---`, then the text",
    )
}

pub fn front_matter_not_closed() -> Message {
    Message::new(
        "front-matter-not-closed",
        "huvudet som börjar här avslutas aldrig",
        "the front matter opened here is never closed",
    )
    .help(
        "avsluta huvudet med en rad som bara innehåller `---`",
        "end the front matter with a line containing only `---`",
    )
}

pub fn missing_date() -> Message {
    Message::new("missing-key", "nyckeln `date` saknas", "missing required key `date`").help(
        "lägg till en rad som `date: 2018-04-24`",
        "add a line like `date: 2018-04-24`",
    )
}

/// The date forms notis accepts (`dates::parse_moment`), in each language.
fn accepted_dates() -> Text {
    Text::new(
        "YYYY-MM-DD, YYYY-MM-DD HH:MM (svensk tid) eller RFC 3339 som 2018-04-24T08:00:00+02:00",
        "YYYY-MM-DD, YYYY-MM-DD HH:MM (Swedish time) or RFC 3339 like 2018-04-24T08:00:00+02:00",
    )
}

pub fn bad_date(key: &str, value: &str) -> Message {
    let accepted = accepted_dates();
    Message::new(
        "bad-date",
        format!("`{key}` `{value}` är inget giltigt datum"),
        format!("`{key}` `{value}` is not a valid date"),
    )
    .help(
        format!("skriv datumet som {}", accepted.sv),
        format!("write the date as {}", accepted.en),
    )
}

pub fn title_empty() -> Message {
    Message::new("title-empty", "`title` är tom", "`title` is empty")
        .help("skriv rubriken efter `title:`", "write the headline after `title:`")
}

pub fn image_without_alt() -> Message {
    Message::new(
        "image-without-alt",
        "huvudbilden saknar alternativtext",
        "the lead image has no alternative text",
    )
    .help(
        "lägg till `alt:` under `image:` med en beskrivning av vad bilden visar, för den som inte kan se den",
        "add `alt:` under `image:` describing what the picture shows, for readers who cannot see it",
    )
}

pub fn slug_without_letters(value: &str) -> Message {
    Message::new(
        "slug-without-letters",
        format!("`slug` `{value}` har inga bokstäver eller siffror"),
        format!("`slug` `{value}` has no letters or digits"),
    )
    .help(
        "använd ord som `it-storningar`, eller ta bort `slug:` så tas adressen från rubriken",
        "use words like `it-storningar`, or remove `slug:` to take it from the title",
    )
}

pub fn title_gives_empty_address() -> Message {
    Message::new(
        "empty-address",
        "rubriken ger en tom adress",
        "the title gives an empty URL",
    )
    .help(
        "lägg till `slug:` med några ord i a–z för adressen",
        "add `slug:` with a few words in a–z for the address",
    )
}

pub fn placeholder(text: &str) -> Message {
    Message::new(
        "placeholder",
        format!("exempeltexten ”{text}” finns kvar"),
        format!("the example text “{text}” is still here"),
    )
    .help(
        "byt ut den mot riktiga uppgifter innan webbplatsen publiceras (`--deny-warnings` gör detta till ett fel i CI)",
        "replace it with real information before the site is published (`--deny-warnings` makes this an error in CI)",
    )
}

// ---- YAML: front matter, site.yaml, facts ----------------------------------------------------

pub fn unknown_key(key: &str, suggestion: Option<&str>, allowed: &[&str]) -> Message {
    let m = Message::new(
        "unknown-key",
        format!("okänd nyckel `{key}` (egna värden läggs under `extra:`)"),
        format!("unknown key `{key}` (free-form values go under `extra:`)"),
    );
    match suggestion {
        Some(s) => m.help(format!("menade du `{s}`?"), format!("did you mean `{s}`?")),
        None if allowed.is_empty() => m.help(format!("ta bort `{key}`"), format!("remove `{key}`")),
        None => m.help(
            format!("tillåtna nycklar: {}", allowed.join(", ")),
            format!("allowed: {}", allowed.join(", ")),
        ),
    }
}

pub fn unknown_value(value: &str, suggestion: Option<&str>, allowed: &[&str]) -> Message {
    let m = Message::new(
        "unknown-value",
        format!("okänt värde `{value}`"),
        format!("unknown value `{value}`"),
    );
    match suggestion {
        Some(s) => m.help(format!("menade du `{s}`?"), format!("did you mean `{s}`?")),
        None => m.help(
            format!("tillåtna värden: {}", allowed.join(", ")),
            format!("allowed: {}", allowed.join(", ")),
        ),
    }
}

pub fn missing_key(key: &str) -> Message {
    Message::new(
        "missing-key",
        format!("nyckeln `{key}` saknas"),
        format!("missing required key `{key}`"),
    )
    .help(format!("lägg till en rad `{key}: …`"), format!("add a line `{key}: …`"))
}

/// `title: Viktigt: vattnet stängs av`; `fixed` is the line with quotes.
pub fn colon_in_value(key: &str, fixed: &str) -> Message {
    Message::new(
        "colon-in-value",
        format!("värdet för `{key}` innehåller ett kolon"),
        format!("the value of `{key}` contains a colon"),
    )
    .help(
        format!("sätt raka citattecken runt det: {fixed}"),
        format!("put straight quotes around it: {fixed}"),
    )
}

pub fn tab_indent(fixed: &str) -> Message {
    Message::new(
        "tab-indent",
        "raden är indragen med tabb, men huvudet måste dras in med mellanslag",
        "the line is indented with a tab, but front matter must be indented with spaces",
    )
    .help(
        format!("byt tabben mot två mellanslag: {}", fixed.trim_end()),
        format!("replace the tab with two spaces: {}", fixed.trim_end()),
    )
}

pub fn missing_space_after_colon(fixed: &str) -> Message {
    Message::new(
        "missing-space",
        "det saknas ett mellanslag efter kolonet",
        "a space is missing after the colon",
    )
    .help(format!("skriv: {fixed}"), format!("write: {fixed}"))
}

fn key_or_value(key: Option<&str>) -> (String, String) {
    match key {
        Some(k) => (format!("`{k}`"), format!("`{k}`")),
        None => ("värdet".into(), "the value".into()),
    }
}

pub fn expected_mapping(key: Option<&str>) -> Message {
    let (sv, en) = key_or_value(key);
    Message::new(
        "expected-mapping",
        format!("{sv} ska bestå av rader med nyckel och värde (`nyckel: värde`)"),
        format!("{en} should be lines of keys with values (`key: value`)"),
    )
    .help(
        "kontrollera att varje rad har formen `nyckel: värde` med ett mellanslag efter kolonet",
        "check that each line reads `key: value`, with a space after the colon",
    )
}

pub fn expected_list(key: Option<&str>) -> Message {
    let (sv, en) = key_or_value(key);
    Message::new(
        "expected-list",
        format!("{sv} ska vara en lista, t.ex. [IT, Trafik]"),
        format!("{en} should be a list, like [IT, Trafik]"),
    )
    .help(
        "skriv listan inom hakparenteser på samma rad, eller en rad per punkt som börjar med `- `",
        "write the list in brackets on one line, or one line per item starting with `- `",
    )
}

pub fn expected_number(key: Option<&str>) -> Message {
    let (sv, en) = key_or_value(key);
    Message::new(
        "expected-number",
        format!("{sv} ska vara ett heltal"),
        format!("{en} should be a whole number"),
    )
    .help("skriv siffror, t.ex. 10", "write digits, like 10")
}

pub fn expected_text(key: Option<&str>) -> Message {
    let (sv, en) = key_or_value(key);
    Message::new(
        "expected-text",
        format!("{sv} ska vara en text"),
        format!("{en} should be text"),
    )
    .help(
        "skriv texten efter kolonet; sätt raka citattecken runt den om den innehåller : eller #",
        "write the text after the colon; put straight quotes around it if it contains : or #",
    )
}

pub fn wrong_type(key: Option<&str>, detail: &str) -> Message {
    let (sv, en) = key_or_value(key);
    Message::new(
        "wrong-type",
        format!("{sv} har fel sorts värde ({detail})"),
        format!("{en} has the wrong kind of value ({detail})"),
    )
    .help(
        "kontrollera värdet: en text, en lista [a, b], true/false eller ett tal",
        "check the value's type: text, a list `[a, b]`, true/false, or a number",
    )
}

pub fn unclosed_bracket() -> Message {
    Message::new(
        "unclosed-bracket",
        "listan som börjar med [ avslutas aldrig",
        "the list opened with [ is never closed",
    )
    .help(
        "avsluta listan med ] på samma rad, t.ex. tags: [IT, Trafik]",
        "close the list with ] on the same line, like tags: [IT, Trafik]",
    )
}

pub fn unclosed_quote() -> Message {
    Message::new(
        "unclosed-quote",
        "citattecknet avslutas aldrig",
        "the quotation mark is never closed",
    )
    .help(
        "avsluta med samma sorts citattecken på samma rad, eller ta bort det",
        "close the quotation mark on the same value, or remove it",
    )
}

pub fn yaml_other(detail: &str) -> Message {
    Message::new(
        "yaml",
        format!("huvudet går inte att läsa: {detail}"),
        format!("the front matter cannot be read: {detail}"),
    )
}

pub fn invisible_space(key: &str) -> Message {
    Message::new(
        "non-breaking-space",
        format!(
            "ett osynligt hårt mellanslag (från Word) står efter `{key}:`; notis läser det som ett vanligt mellanslag"
        ),
        format!("an invisible non-breaking space (from Word) follows `{key}:`; notis reads it as an ordinary space"),
    )
    .help(
        "skriv om mellanslaget efter kolonet för hand så försvinner varningen",
        "retype the space after the colon to silence this warning",
    )
}

/// Why a file under content/ is not used.
#[derive(Debug, Clone, Copy)]
pub enum UnusedFile {
    /// `x.MD`
    ExtensionCase,
    /// `x.md.txt`, `x.markdown`
    Extension,
    /// A Markdown file outside the articles' and pages' folders.
    Folder,
    /// A document or picture.
    NotContent,
}

pub fn unused_file(kind: UnusedFile, rel: &str, news_dir: &str) -> Message {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = name.split('.').next().unwrap_or(name);
    let m = Message::new(
        "unused-file",
        "notis använder inte den här filen, så den kommer inte med på webbplatsen",
        "notis does not use this file, so it is not part of the site",
    );
    match kind {
        UnusedFile::ExtensionCase | UnusedFile::Extension => m.help(
            format!("nyheter och sidor ska sluta på .md med små bokstäver: döp om filen till {stem}.md"),
            format!("articles and pages must end in .md, in lower case: rename the file {stem}.md"),
        ),
        UnusedFile::Folder => m.help(
            format!("flytta filen till content/{news_dir}/ (en nyhet) eller content/sidor/ (en sida); mappnamnen skrivs med små bokstäver"),
            format!("move the file to content/{news_dir}/ (an article) or content/sidor/ (a page); folder names are in lower case"),
        ),
        UnusedFile::NotContent => m.help(
            format!("filer som ska publiceras som de är läggs i static/, t.ex. static/dokument/{name}"),
            format!("files to publish as they are go in static/, like static/dokument/{name}"),
        ),
    }
}

// ---- The site's checks ------------------------------------------------------------------------

pub fn removed_for_safety(what: &str) -> Message {
    Message::new(
        "removed-for-safety",
        format!("{what} togs bort ur HTML-koden av säkerhetsskäl"),
        format!("{what} was removed from the HTML for safety"),
    )
    .help(
        "skriv texten i Markdown; rå HTML får inte köra skript, ha egna stilar, formulär eller ramar (`unsafe_html: true` i site.yaml stänger av detta)",
        "write the text in Markdown; raw HTML may not run scripts, use styles, forms or frames (site.yaml `unsafe_html: true` turns this off)",
    )
}

pub fn broken_link(dest: &str, is_image: bool) -> Message {
    let m = if is_image {
        Message::new(
            "broken-link",
            format!("bilden `{dest}` finns inte på webbplatsen"),
            format!("image to `{dest}`: no such page or file in the site"),
        )
    } else {
        Message::new(
            "broken-link",
            format!("länken till `{dest}` leder till en sida eller fil som inte finns"),
            format!("link to `{dest}`: no such page or file in the site"),
        )
    };
    if is_image {
        m.help(
            "lägg bilden i static/ (static/bilder/x.jpg blir /bilder/x.jpg) eller rätta adressen",
            "put the image in static/ (static/bilder/x.jpg is /bilder/x.jpg) or correct the address",
        )
    } else {
        m.help(
            "rätta adressen; en nyhets adress är /nyheter/{slug}/ (se `notis list`)",
            "correct the address; an article's address is /nyheter/{slug}/ (see `notis list`)",
        )
    }
}

pub fn broken_anchor(dest: &str, frag: &str, suggestion: Option<&str>, known: &[&str]) -> Message {
    let m = Message::new(
        "broken-anchor",
        format!("länken till `{dest}`: där finns ingen rubrik `#{frag}`"),
        format!("link to `{dest}`: no heading `#{frag}` there"),
    );
    let list = known.iter().map(|s| format!("#{s}")).collect::<Vec<_>>().join(", ");
    match suggestion {
        Some(s) => m.help(format!("menade du `#{s}`?"), format!("did you mean `#{s}`?")),
        None if known.is_empty() => m.help(
            "den sidan har inga rubriker att länka till",
            "that page has no headings to link to",
        ),
        None => m.help(format!("rubriker där: {list}"), format!("headings there: {list}")),
    }
}

pub fn image_without_alt_text(src: &str) -> Message {
    Message::new(
        "image-without-alt",
        "bilden saknar alternativtext",
        "image without alternative text",
    )
    .help(
        format!("beskriv bilden inom hakparenteserna: ![Vad bilden visar]({src}); en bild som bara är dekoration skriver du ![]({src} \"dekorativ\")"),
        format!("describe the picture inside the brackets: ![Vad bilden visar]({src}); for a purely decorative image write ![]({src} \"dekorativ\")"),
    )
}

pub fn lead_image_missing(src: &str) -> Message {
    Message::new(
        "lead-image-missing",
        format!("huvudbilden `{src}` finns inte"),
        format!("lead image `{src}` not found"),
    )
    .help(
        "lägg bilden i static/ (static/bilder/x.jpg blir /bilder/x.jpg) eller rätta `src:`",
        "put the image in static/ (static/bilder/x.jpg is /bilder/x.jpg) or correct `src:`",
    )
}

pub fn updated_before_date() -> Message {
    Message::new(
        "updated-before-date",
        "`updated` är tidigare än `date`",
        "`updated` is earlier than `date`",
    )
    .help(
        "`updated` är när nyheten senast ändrades; det kan inte vara innan den skrevs",
        "`updated` is when the article was last changed; it cannot be before it was written",
    )
}

pub fn expires_before_publish() -> Message {
    Message::new(
        "expires-before-publish",
        "`expires` är inte efter `publish`: nyheten skulle aldrig visas",
        "`expires` is not after `publish`: the article would never be shown",
    )
    .help("kontrollera båda datumen", "check both dates")
}

pub fn bad_email(email: &str) -> Message {
    Message::new(
        "bad-email",
        format!("`{email}` är ingen e-postadress"),
        format!("`{email}` is not an e-mail address"),
    )
    .help(
        "skriv den som fornamn.efternamn@mora.se",
        "write it like fornamn.efternamn@mora.se",
    )
}

pub fn bad_phone(phone: &str) -> Message {
    Message::new(
        "bad-phone",
        format!("`{phone}` ser inte ut som ett telefonnummer"),
        format!("`{phone}` does not look like a phone number"),
    )
    .help(
        "skriv det som 0250-260 00; bara siffror, mellanslag, - och + används i länken",
        "write it like 0250-260 00; only digits, spaces, - and + are used in the link",
    )
}

pub fn heading_level_one(text: &str) -> Message {
    Message::new(
        "heading-level-1",
        format!("rubriken `{text}` är en nivå 1-rubrik"),
        format!("heading `{text}` is a level 1 heading"),
    )
    .help(
        "rubriken (title) är sidans enda nivå 1-rubrik; använd ## för rubriker i texten",
        "the title is the page's only level 1 heading; use ## for headings in the text",
    )
}

pub fn heading_skips(text: &str, from: u8, to: u8) -> Message {
    let hashes = "#".repeat(usize::from(from) + 1);
    Message::new(
        "heading-skips-level",
        format!("rubriken `{text}` hoppar från nivå {from} till {to}"),
        format!("heading `{text}` skips from level {from} to {to}"),
    )
    .help(
        format!("använd {hashes} här; den som använder skärmläsare navigerar efter rubriknivåer (WCAG 1.3.1)"),
        format!("use {hashes} here; screen reader users navigate by heading levels (WCAG 1.3.1)"),
    )
}

pub fn tag_spelled_two_ways(name: &str, main: &str) -> Message {
    Message::new(
        "tag-spelling",
        format!("taggen `{name}` skrivs på andra ställen `{main}`; de är samma ämne"),
        format!("tag `{name}` is elsewhere written `{main}`; they are one topic"),
    )
    .help(
        format!("skriv `{main}` så att ämnet heter likadant överallt"),
        format!("write `{main}` so the topic's name is the same everywhere"),
    )
}

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

// ---- The output folder -----------------------------------------------------------------------

pub fn output_is_source() -> Message {
    Message::new(
        "output-is-source",
        "mappen är själva webbplatsen, innehåller den eller rymmer dess källfiler; notis ersätter den inte",
        "this folder is the site itself, contains it, or holds its sources; notis will not replace it",
    )
    .help(
        "bygg till en egen mapp, t.ex. `--output public`",
        "build into a folder of its own, like `--output public`",
    )
}

pub fn output_foreign(example: &str) -> Message {
    Message::new(
        "output-foreign",
        format!("utdatamappen innehåller filer som notis inte har skrivit (t.ex. `{example}`); inget har ändrats"),
        format!("the output folder holds files notis did not write (such as `{example}`); nothing was changed"),
    )
    .help(
        "välj en tom eller ny mapp för --output, eller flytta först bort filerna",
        "choose an empty or new folder for --output, or move those files away first",
    )
}

pub fn output_not_folder() -> Message {
    Message::new(
        "output-not-folder",
        "utdata är en fil, inte en mapp",
        "the output is a file, not a folder",
    )
    .help("välj en mapp för --output", "choose a folder for --output")
}

pub fn work_folder_foreign() -> Message {
    Message::new(
        "work-folder-foreign",
        "notis behöver det här namnet för sin arbetsmapp, men här finns något som notis inte har gjort",
        "notis needs this name for its work folder, but it holds something notis did not make",
    )
    .help(
        "flytta det eller byt namn på det och bygg sedan igen",
        "move or rename it, then build again",
    )
}

/// What notis was doing to a file or folder when the system said no.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IoStep {
    Find,
    Create,
    Lock,
    Read,
    Remove,
    Write,
    Copy,
    Replace,
}

pub fn output_io(step: IoStep, what: &str, error: &std::io::Error) -> Message {
    let (sv, en) = match step {
        IoStep::Find => ("hitta", "find"),
        IoStep::Create => ("skapa", "create"),
        IoStep::Lock => ("låsa", "lock"),
        IoStep::Read => ("läsa", "read"),
        IoStep::Remove => ("ta bort", "remove"),
        IoStep::Write => ("skriva", "write"),
        IoStep::Copy => ("kopiera", "copy"),
        IoStep::Replace => ("ersätta", "replace"),
    };
    Message::new(
        "output-io",
        format!("kan inte {sv} {what}: {error}"),
        format!("cannot {en} {what}: {error}"),
    )
    .help(
        "kontrollera att utdatamappen går att skriva till och att disken inte är full",
        "check that the output folder is writable and the disk is not full",
    )
}

// ---- Hostile content (issue 13) ---------------------------------------------------------------

pub fn outside_site(target: &str) -> Message {
    Message::new(
        "outside-site",
        format!("länken pekar utanför webbplatsens mapp (till {target}) och läses inte"),
        format!("the link leads outside the site's folder (to {target}) and is not read"),
    )
    .help(
        "notis läser bara filer i webbplatsens mapp; kopiera in filen i stället för att länka till den",
        "notis reads only files inside the site's folder; copy the file in instead of linking to it",
    )
}

pub fn symlink_loop() -> Message {
    Message::new(
        "symlink-loop",
        "länken pekar på en mapp ovanför sig själv (en slinga) och följs inte",
        "the link leads to a folder above itself (a loop) and is not followed",
    )
    .help(
        "ta bort länken eller låt den peka på en fil eller mapp som inte innehåller länken",
        "remove the link, or point it at a file or folder that does not contain it",
    )
}

pub fn cannot_read(error: &std::io::Error, broken_link: bool) -> Message {
    let m = Message::new(
        "cannot-read",
        format!("kan inte läsas: {error}"),
        format!("cannot read: {error}"),
    );
    if broken_link {
        m.help(
            "länken pekar på något som inte finns; rätta eller ta bort länken",
            "the link leads to something that does not exist; correct or remove it",
        )
    } else {
        m.help(
            "kontrollera att filen finns och att du får läsa den",
            "check that the file exists and that you may read it",
        )
    }
}

pub fn forbidden_address(url: &str, scheme: &str) -> Message {
    Message::new(
        "forbidden-address",
        format!("adressen `{url}` börjar med `{scheme}`, som kan köra kod hos läsaren"),
        format!("the address `{url}` starts with `{scheme}`, which can run code in the reader's browser"),
    )
    .help(
        "länka till en sida (https://… eller /sökväg/); `javascript:`, `vbscript:` och `data:` (utom bilder) är inte tillåtna",
        "link to a page (https://… or /path/); `javascript:`, `vbscript:` and `data:` (except images) are not allowed",
    )
}

pub fn broken_fact_link(link: &str) -> Message {
    Message::new(
        "broken-fact-link",
        format!("länken `{link}` leder inte till någon sida eller fil på webbplatsen"),
        format!("the link `{link}` leads to no page or file in the site"),
    )
    .help(
        "rätta adressen; en nyhets adress är /nyheter/{slug}/ (se `notis list`)",
        "correct the address; an article's address is /nyheter/{slug}/ (see `notis list`)",
    )
}

pub fn too_deep(max: usize) -> Message {
    Message::new(
        "too-deep",
        format!("för många element i varandra (mer än {max} nivåer)"),
        format!("too many elements inside each other (more than {max} levels)"),
    )
    .help(
        "dela upp listan, citatet eller HTML-koden; så djup nästling kan ingen läsa, och den kan krascha program som visar sidan",
        "split the list, quote or HTML up; nobody can read nesting this deep, and it can crash programs that show the page",
    )
}

pub fn file_too_large(mb: usize, max_mb: usize) -> Message {
    Message::new(
        "file-too-large",
        format!("filen är för stor ({mb} MB; högst {max_mb} MB)"),
        format!("the file is too large ({mb} MB; at most {max_mb} MB)"),
    )
    .help(
        "dela upp texten i flera nyheter, eller lägg stora dokument som filer i static/ och länka till dem",
        "split the text into several articles, or put large documents in static/ and link to them",
    )
}

pub fn too_many_tags(n: usize, max: usize) -> Message {
    Message::new(
        "too-many-tags",
        format!("nyheten har {n} taggar; högst {max} är tillåtna"),
        format!("the article has {n} tags; at most {max} are allowed"),
    )
    .help(
        "välj de taggar som bäst beskriver nyheten; varje tagg blir en egen ämnessida och ett eget flöde",
        "choose the tags that describe the article best; each tag becomes a topic page and a feed",
    )
}

pub fn tag_character(tag: &str, c: char, allowed: &str) -> Message {
    let c = c.escape_default();
    Message::new(
        "tag-character",
        format!("taggen `{tag}` innehåller tecknet `{c}`"),
        format!("the tag `{tag}` contains the character `{c}`"),
    )
    .help(
        format!("en tagg får bara innehålla bokstäver, siffror, mellanslag och {allowed}"),
        format!("a tag may hold only letters, digits, spaces and {allowed}"),
    )
}

pub fn duplicate_key(key: Option<&str>, lines: Option<(usize, usize)>) -> Message {
    let (sv, en) = match (key, lines) {
        (Some(k), Some((a, b))) => (
            format!("nyckeln `{k}` finns två gånger (rad {a} och {b})"),
            format!("the key `{k}` appears twice (lines {a} and {b})"),
        ),
        (Some(k), None) => (
            format!("nyckeln `{k}` finns två gånger"),
            format!("the key `{k}` appears twice"),
        ),
        (None, _) => (
            "samma nyckel finns två gånger".to_string(),
            "the same key appears twice".to_string(),
        ),
    };
    Message::new("duplicate-key", sv, en).help(
        "ta bort eller slå ihop den ena raden; varje nyckel får bara stå en gång",
        "remove or merge one of the lines; each key may appear only once",
    )
}

// ---- The live preview (`notis serve`) --------------------------------------------------------

/// After every update of the preview.
pub fn preview_updated(articles: usize, pages: usize, ms: u128) -> Text {
    Text::new(
        format!(
            "uppdaterad: {}, {} på {ms} ms",
            count(articles, "nyhet", "nyheter"),
            count(pages, "sida", "sidor")
        ),
        format!(
            "rebuilt: {}, {} in {ms} ms",
            count(articles, "article", "articles"),
            count(pages, "page", "pages")
        ),
    )
}

// Photos (issue 17).

pub fn owner_photo_variant(source: &str) -> Text {
    Text::new(
        format!("en förminskad kopia av static/{source}"),
        format!("a resized copy of static/{source}"),
    )
}

pub fn photos_resized(count: usize) -> Text {
    Text::new(
        format!(
            "{count} {} till bildcachen",
            if count == 1 {
                "bild förminskad"
            } else {
                "bilder förminskade"
            }
        ),
        format!(
            "{count} {} resized into the image cache",
            if count == 1 { "photo" } else { "photos" }
        ),
    )
}

pub fn preview_shows_errors() -> Text {
    Text::new(
        "förhandsvisningen visar felen tills orsaken är borta",
        "the preview shows these errors until their cause is gone",
    )
}

pub fn preview_listening(url: &str) -> Text {
    // The first words are the same in both languages: scripts look for them.
    Text::new(
        format!("notis serve: {url} (Ctrl-C avslutar)"),
        format!("notis serve: {url} (Ctrl-C stops)"),
    )
}

pub fn preview_stopped() -> Text {
    Text::new("notis serve: avslutad", "notis serve: stopped")
}

pub fn preview_cannot_watch(path: &str, error: &str) -> Text {
    Text::new(
        format!("varning: kan inte bevaka {path} ({error})\n  tips: ladda om sidan för hand efter varje ändring"),
        format!("warning: cannot watch {path} ({error})\n  hint: reload the page by hand after every change"),
    )
}

pub fn preview_unreadable(error: &str) -> Message {
    Message::new(
        "unreadable",
        format!("kan inte läsas: {error}"),
        format!("cannot read: {error}"),
    )
    .help(
        "kontrollera att filen finns och att du får läsa den",
        "check that the file exists and that you may read it",
    )
}

/// A request for another host name (421).
pub fn preview_wrong_host(addr: &str, port: u16) -> Text {
    Text::new(
        format!(
            "421 Fel värdnamn: förhandsvisningen svarar bara på den här datorns adresser.\n\
             Tips: öppna http://{addr}/ eller http://localhost:{port}/ i webbläsaren.\n"
        ),
        format!(
            "421 Wrong host name: the preview answers only to this computer's addresses.\n\
             Hint: open http://{addr}/ or http://localhost:{port}/ in the browser.\n"
        ),
    )
}

pub fn preview_only_get() -> Text {
    Text::new(
        "405 Förhandsvisningen tar bara emot GET och HEAD.\nTips: öppna adressen i en webbläsare.\n",
        "405 The preview takes GET and HEAD only.\nHint: open the address in a browser.\n",
    )
}

pub fn preview_no_body() -> Text {
    Text::new(
        "413 Förhandsvisningen tar inte emot innehåll i förfrågningar.\nTips: skicka förfrågan utan innehåll.\n",
        "413 The preview takes no request bodies.\nHint: send the request without a body.\n",
    )
}

/// The summary of the notice of warnings on a preview page.
pub fn preview_warnings(n: usize) -> Text {
    Text::new(
        format!("notis: {} i webbplatsen", count(n, "varning", "varningar")),
        format!("notis: {} in the site", count(n, "warning", "warnings")),
    )
}

pub fn preview_close() -> Text {
    Text::new("Stäng", "Close")
}

pub fn image_cannot_read(e: &std::io::Error) -> Message {
    Message::new(
        "image-read",
        format!("kan inte läsa bilden: {e}"),
        format!("cannot read the image: {e}"),
    )
    .help(
        "kontrollera att filen finns och går att läsa",
        "check that the file exists and can be read",
    )
}

pub fn image_unreadable(e: &str) -> Message {
    Message::new(
        "image-format",
        format!("bilden går inte att avkoda: {e}"),
        format!("the image cannot be decoded: {e}"),
    )
    .help(
        "spara den på nytt som JPEG, PNG eller WebP",
        "save it again as JPEG, PNG or WebP",
    )
}

pub fn image_too_large(megabytes: f64) -> Message {
    Message::new(
        "image-too-large",
        // Swedish writes a decimal comma.
        format!(
            "bilden är {} MB, mer än gränsen 20 MB",
            format!("{megabytes:.1}").replace('.', ",")
        ),
        format!("the image is {megabytes:.1} MB, more than the limit of 20 MB"),
    )
    .help(
        "spara bilden i mindre storlek, till exempel 3000 bildpunkter bred, och bygg igen",
        "save the image smaller, for example 3000 pixels wide, and build again",
    )
}

pub fn image_too_many_pixels(width: u32, height: u32) -> Message {
    let mp = (u64::from(width) * u64::from(height)) as f64 / 1e6;
    Message::new(
        "image-too-large",
        format!("bilden är {width}×{height} bildpunkter ({mp:.0} megapixel), mer än gränsen 40 megapixel"),
        format!("the image is {width}×{height} pixels ({mp:.0} megapixels), more than the limit of 40 megapixels"),
    )
    .help(
        "förminska bilden, till exempel till 4000 bildpunkter på längden, och bygg igen",
        "make the image smaller, for example 4000 pixels on its long side, and build again",
    )
}

pub fn image_cache_write(e: &std::io::Error) -> Message {
    Message::new(
        "image-cache",
        format!("kan inte skriva bildcachen: {e}"),
        format!("cannot write the image cache: {e}"),
    )
    .help(
        "kontrollera att mappen bredvid utdatamappen går att skriva i; bildcachen får tas bort",
        "check that the folder beside the output folder is writable; the image cache may be deleted",
    )
}

/// `found` names what the metadata gives away, in Swedish and English.
pub fn image_personal_metadata(found: &[(&str, &str)]) -> Message {
    let sv: Vec<&str> = found.iter().map(|p| p.0).collect();
    let en: Vec<&str> = found.iter().map(|p| p.1).collect();
    Message::new(
        "image-metadata",
        format!("bilden publiceras som den är och avslöjar {}", sv.join(", ")),
        format!("the image is published as it is and gives away {}", en.join(", ")),
    )
    .help(
        "visa bilden i en nyhet eller på en sida (då tas uppgifterna bort), eller spara den utan metadata",
        "show the image in an article or page (which removes them), or save it without metadata",
    )
}

/// `organisation.logo` or `share_image` names a file that is not in static/.
pub fn config_image_missing(key: &str, value: &str) -> Message {
    Message::new(
        "config-image-missing",
        format!("`{key}` `{value}` finns inte i static/"),
        format!("`{key}` `{value}` is not in static/"),
    )
    .help(
        "lägg bilden i static/ (static/bilder/logo.svg är /bilder/logo.svg) eller rätta sökvägen",
        "put the image in static/ (static/bilder/logo.svg is /bilder/logo.svg) or correct the path",
    )
}

// ---- Servers starting and stopping (`notis serve`, `notis feedback serve`) -----------------

pub fn server_cannot_start(error: &str) -> Text {
    Text::new(
        format!("kan inte starta servern: {error}"),
        format!("cannot start the server: {error}"),
    )
}

pub fn cannot_listen(addr: &str, error: &str) -> Text {
    Text::new(
        format!("kan inte lyssna på {addr}: {error}"),
        format!("cannot listen on {addr}: {error}"),
    )
}

pub fn bad_bind_address(bind: &str) -> Message {
    Message::new(
        "bad-bind",
        format!("`{bind}` är inte en IP-adress att lyssna på"),
        format!("`{bind}` is not an IP address to listen on"),
    )
    .help("använd --bind 127.0.0.1", "use --bind 127.0.0.1")
}

pub fn port_in_use(port: u16) -> Message {
    let next = port.wrapping_add(1);
    Message::new(
        "port-in-use",
        format!("port {port} används redan (kanske av en annan `notis serve`?)"),
        format!("port {port} is already in use (is another `notis serve` running?)"),
    )
    .help(
        format!("välj en annan port, t.ex. `notis serve --port {next}`"),
        format!("choose another port, e.g. `notis serve --port {next}`"),
    )
}

pub fn cannot_open_browser(url: &str) -> Text {
    Text::new(
        format!("kunde inte öppna en webbläsare; öppna {url} själv"),
        format!("could not open a browser; open {url} yourself"),
    )
}

/// The preview's answer while the site cannot be shown at all.
pub fn preview_site_broken() -> Text {
    Text::new("webbplatsen har fel", "the site has errors")
}

/// The preview holds no readable site.yaml yet (its own error is shown beside this).
pub fn preview_site_not_loaded() -> Message {
    Message::new(
        "site-not-loaded",
        "webbplatsen kunde inte läsas",
        "the site could not be read",
    )
}

/// The `<title>` of the preview's error page.
pub fn preview_error_title() -> Text {
    Text::new("Fel i webbplatsen – notis", "Errors in the site – notis")
}

/// The heading of the preview's error page.
pub fn preview_error_heading() -> Text {
    Text::new("Webbplatsen har fel", "The site has errors")
}

/// The line under the heading of the preview's error page.
pub fn preview_error_intro() -> Text {
    Text::new(
        "Rätta felen nedan och spara filen – förhandsvisningen uppdateras av sig själv.",
        "Fix the problems below and save the file: the preview updates by itself.",
    )
}

/// A route whose job is not rendering reached the renderer: a bug in notis, not the site.
pub fn nothing_to_render(url: &str) -> Message {
    Message::new(
        "internal",
        format!("{url} har inget att rendera (ett fel i notis)"),
        format!("{url} has nothing to render (a bug in notis)"),
    )
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

/// What makes an SVG unsafe to publish as it is (issue 17); each has its own code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SvgRisk {
    /// Not well-formed XML; the parser's own words (in English) and where.
    Unparsable(String),
    NotUtf8,
    /// A DOCTYPE, whose entity declarations can make a parser expand gigabytes.
    Doctype,
    /// `<script>` (or SVG Tiny's `<handler>`/`<listener>`), by name as written.
    Script(String),
    /// `<foreignObject>` or HTML inside the SVG, by name as written.
    Embedded(String),
    /// An event attribute such as `onload`, by name as written.
    Event(String),
    /// A `javascript:` (or `vbscript:`) address in the attribute named.
    ScriptUrl(String),
    /// An address on another site (or one that is not an image `data:` address).
    External(String),
    /// An `<?xml-stylesheet?>` instruction.
    Stylesheet,
    /// A backslash escape in CSS, which could spell `url(` so that no check sees it.
    CssEscape,
    /// A gzipped SVG (`.svgz`), which notis does not unpack to check.
    Compressed,
}

/// An SVG in static/ or theme/ that could run script or fetch from another site is refused.
pub fn svg_refused(risk: &SvgRisk) -> Message {
    let remove_sv = "ta bort det ur filen i en textredigerare, eller exportera bilden på nytt utan skript och länkar";
    let remove_en = "remove it from the file in a text editor, or export the image again without script and links";
    match risk {
        SvgRisk::Unparsable(e) => Message::new(
            "svg-unparsable",
            format!("SVG-filen går inte att tolka som XML: {e}"),
            format!("the SVG file cannot be parsed as XML: {e}"),
        )
        .help(
            "rätta filen där felet är, eller exportera bilden på nytt från ritprogrammet",
            "correct the file where the error is, or export the image again from the drawing program",
        ),
        SvgRisk::NotUtf8 => Message::new(
            "svg-unparsable",
            "SVG-filen är inte sparad som UTF-8",
            "the SVG file is not saved as UTF-8",
        )
        .help("spara filen på nytt som UTF-8", "save the file again as UTF-8"),
        SvgRisk::Doctype => Message::new(
            "svg-doctype",
            "SVG-filen har en DOCTYPE; notis publicerar inte SVG med DOCTYPE eftersom dess ENTITY-deklarationer kan få en läsare att växa till gigabyte (\"billion laughs\")",
            "the SVG file has a DOCTYPE; notis does not publish SVG with a DOCTYPE because its ENTITY declarations can make a reader grow to gigabytes (\"billion laughs\")",
        )
        .help(
            "ta bort raden <!DOCTYPE …> (med allt mellan [ och ] om det finns); webbläsare använder den inte, så bilden ser likadan ut",
            "remove the <!DOCTYPE …> line (with everything between [ and ] if there is any); browsers do not use it, so the image looks the same",
        ),
        SvgRisk::Script(name) => Message::new(
            "svg-script",
            format!("SVG-filen innehåller skript (<{name}>), som körs när någon öppnar bilden"),
            format!("the SVG file contains script (<{name}>), which runs when someone opens the image"),
        )
        .help(remove_sv, remove_en),
        SvgRisk::Embedded(name) => Message::new(
            "svg-embedded",
            format!("SVG-filen bäddar in HTML (<{name}>), som kan köra skript och hämta från andra webbplatser"),
            format!("the SVG file embeds HTML (<{name}>), which can run script and fetch from other sites"),
        )
        .help(remove_sv, remove_en),
        SvgRisk::Event(name) => Message::new(
            "svg-script",
            format!("SVG-filen innehåller skript i attributet `{name}`, som körs när någon öppnar bilden"),
            format!("the SVG file contains script in the attribute `{name}`, which runs when someone opens the image"),
        )
        .help(remove_sv, remove_en),
        SvgRisk::ScriptUrl(name) => Message::new(
            "svg-script",
            format!("SVG-filen innehåller en javascript:-adress i attributet `{name}`"),
            format!("the SVG file contains a javascript: address in the attribute `{name}`"),
        )
        .help(remove_sv, remove_en),
        SvgRisk::External(url) => Message::new(
            "svg-external",
            format!("SVG-filen hämtar `{url}` från en annan webbplats; notis-sidor gör inga anrop till andra webbplatser"),
            format!("the SVG file fetches `{url}` from another site; notis pages make no requests to other sites"),
        )
        .help(
            "lägg det som hämtas i static/ och hänvisa till det med en relativ adress, eller ta bort hänvisningen",
            "put what is fetched in static/ and refer to it with a relative address, or remove the reference",
        ),
        SvgRisk::Stylesheet => Message::new(
            "svg-external",
            "SVG-filen hämtar en stilmall (<?xml-stylesheet?>)",
            "the SVG file fetches a style sheet (<?xml-stylesheet?>)",
        )
        .help(
            "ta bort raden och lägg stilarna i ett <style>-element i filen",
            "remove the line and put the styles in a <style> element in the file",
        ),
        SvgRisk::CssEscape => Message::new(
            "svg-css-escape",
            "SVG-filens CSS innehåller ett \\-tecken, som kan dölja en adress till en annan webbplats",
            "the SVG file's CSS contains a \\ character, which can hide an address on another site",
        )
        .help(
            "skriv tecknet utan \\-kod, eller ta bort stilen",
            "write the character without a \\ escape, or remove the style",
        ),
        SvgRisk::Compressed => Message::new(
            "svg-compressed",
            "SVG-filen är packad (.svgz); notis kontrollerar bara opackade SVG-filer",
            "the SVG file is compressed (.svgz); notis checks only uncompressed SVG files",
        )
        .help(
            "packa upp den (gunzip) och spara den som .svg; webbservern packar den när den skickas",
            "unpack it (gunzip) and save it as .svg; the web server compresses it when it sends it",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_follows_the_flag_then_the_locale() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
        };
        assert_eq!(Lang::choose(None, env(&[])), Lang::Sv);
        assert_eq!(Lang::choose(None, env(&[("LANG", "en_GB.UTF-8")])), Lang::En);
        assert_eq!(Lang::choose(None, env(&[("LANG", "C.UTF-8")])), Lang::Sv);
        assert_eq!(
            Lang::choose(None, env(&[("LC_ALL", "sv_SE.UTF-8"), ("LANG", "en_US.UTF-8")])),
            Lang::Sv
        );
        assert_eq!(Lang::choose(Some(Lang::En), env(&[("LANG", "sv_SE.UTF-8")])), Lang::En);
    }

    #[test]
    fn plurals() {
        assert_eq!(
            built(1, 1, "public", 3, 0).sv,
            "byggde 1 fil (1 nyhet) i public på 3 ms; 0 ändrade"
        );
        assert_eq!(
            built(16, 2, "public", 3, 1).en,
            "built 16 files (2 articles) into public in 3 ms; 1 changed"
        );
        assert_eq!(summary(2, 1, 3).sv, "2 fel, 1 varning i 3 filer");
        assert_eq!(summary(1, 0, 1).en, "1 error, 0 warnings in 1 file");
    }

    /// A catalogue entry as shown in the snapshots.
    enum Shown {
        Text(Text),
        Message(Message),
    }

    impl From<Text> for Shown {
        fn from(t: Text) -> Shown {
            Shown::Text(t)
        }
    }

    impl From<Message> for Shown {
        fn from(m: Message) -> Shown {
            Shown::Message(m)
        }
    }

    /// `(function name, its result)` for each call; a function may be called several times
    /// (plurals, variants).
    macro_rules! calls {
        ($($f:ident($($arg:expr),* $(,)?);)*) => {
            vec![$((stringify!($f), Shown::from($f($($arg),*)))),*]
        };
    }

    /// Every function of the catalogue with sample arguments.
    fn catalogue() -> Vec<(&'static str, Shown)> {
        let io = || std::io::Error::other("disken är full / disk full");
        let owner = owner_topic("Trafik");
        calls! {
            new_title_without_letters();
            new_file_exists("content/nyheter/2026-12-01-nya-oppettider.md");
            new_cannot_write("content/nyheter/a.md", &io());
            new_wrote("content/nyheter/2026-12-01-nya-oppettider.md");
            new_address_shortened(80);
            built(1, 1, "public", 3, 0);
            built(16, 2, "public", 120, 5);
            up_to_date("public", 1, 1, 4);
            up_to_date("public", 1422, 1000, 37);
            build_failed("public");
            scheduled_summary(1, "1 januari 2027", "1 January 2027");
            scheduled_summary(3, "1 januari 2027", "1 January 2027");
            scheduled_warning("1 januari 2027 kl. 08.00", "1 January 2027 at 08:00");
            list_header();
            status_name("published");
            status_name("draft");
            status_name("scheduled");
            status_name("expired");
            no_problems();
            waiting_for_build("public");
            summary(1, 0, 1);
            summary(2, 1, 3);
            severity(true);
            severity(false);
            help_label();
            owner_start_page();
            owner_listing(1);
            owner_listing(2);
            owner_archive();
            owner_archive_year(2026);
            owner_topics();
            owner_topic("Trafik");
            owner_topic_feed("Trafik");
            owner_not_found();
            owner_feed("Atom");
            owner_sitemap();
            owner_robots();
            owner_search();
            owner_thanks();
            owner_search_index();
            owner_theme_file("notis.css");
            owner_file("content/nyheter/arkiv.md");
            address_taken("/amne/trafik/", &owner, ClashFix::RenameStatic);
            address_taken("/amne/trafik/", &owner, ClashFix::ChangeAlias);
            address_taken("/amne/trafik/", &owner, ClashFix::SlugEither);
            address_taken("/amne/trafik/", &owner, ClashFix::SlugOwn);
            address_taken("/amne/trafik/", &owner, ClashFix::RenameFile);
            generated_clash(&owner_archive(), address_taken("/nyheter/arkiv/", &owner_archive(), ClashFix::SlugOwn));
            bad_alias("gammal-adress", AliasProblem::NoSlash);
            bad_alias("/a\u{7}b/", AliasProblem::Control);
            bad_alias("/a?b/", AliasProblem::Forbidden);
            bad_alias("/a//b/", AliasProblem::EmptyPart);
            bad_alias("/a/../b/", AliasProblem::DotPart);
            bad_alias("/aaaa/", AliasProblem::TooLong);
            slug_too_long(120, 80);
            tag_without_letters("!!");
            not_utf8();
            no_front_matter();
            front_matter_not_closed();
            missing_date();
            bad_date("date", "1/12 2026");
            title_empty();
            image_without_alt();
            slug_without_letters("---");
            title_gives_empty_address();
            placeholder("Skriv nyheten här.");
            unknown_key("sumary", Some("summary"), &["title", "summary"]);
            unknown_key("foo", None, &["title", "summary"]);
            unknown_value("fejsbok", Some("facebook"), &["facebook", "linkedin"]);
            unknown_value("myspace", None, &["facebook", "linkedin"]);
            missing_key("title");
            colon_in_value("title", "title: \"Viktigt: vattnet stängs av\"");
            tab_indent("  - name: Anna Andersson");
            missing_space_after_colon("title: Nya öppettider");
            expected_mapping(Some("image"));
            expected_mapping(None);
            expected_list(Some("tags"));
            expected_list(None);
            expected_number(Some("per_page"));
            expected_number(None);
            expected_text(Some("title"));
            expected_text(None);
            wrong_type(Some("draft"), "invalid type");
            wrong_type(None, "invalid type");
            unclosed_bracket();
            unclosed_quote();
            yaml_other("did not find expected key");
            invisible_space("title");
            unused_file(UnusedFile::ExtensionCase, "content/nyheter/x.MD", "nyheter");
            unused_file(UnusedFile::Extension, "content/nyheter/x.md.txt", "nyheter");
            unused_file(UnusedFile::Folder, "content/Nyheter/x.md", "nyheter");
            unused_file(UnusedFile::NotContent, "content/nyheter/x.docx", "nyheter");
            removed_for_safety("`<script>`");
            broken_link("/nyheter/finns-inte/", false);
            broken_link("/bilder/saknas.jpg", true);
            broken_anchor("/nyheter/a/", "kontakt", Some("kontakta-oss"), &["kontakta-oss", "bakgrund"]);
            broken_anchor("/nyheter/a/", "x", None, &[]);
            image_without_alt_text("/bilder/a.jpg");
            lead_image_missing("/bilder/a.jpg");
            updated_before_date();
            expires_before_publish();
            bad_email("anna.andersson@");
            bad_phone("ring mig");
            heading_level_one("Rubrik");
            heading_skips("Detaljer", 2, 4);
            tag_spelled_two_ways("trafik", "Trafik");
            no_site_yaml(".");
            template_error(&template_missing_parent("bas.html"));
            template_error(&template_not_found("sidfot.html"));
            bad_base_url("www.mora.se", UrlProblem::NotAbsolute, false);
            bad_base_url("https://", UrlProblem::NoHost, true);
            organisation_name_empty();
            bad_news_path("ny heter");
            per_page_zero();
            bad_feedback_action("ftp://mora.se/");
            search_unavailable();
            search_failed("index");
            output_is_source();
            output_foreign("rapport.docx");
            output_not_folder();
            work_folder_foreign();
            output_io(IoStep::Find, "public", &io());
            output_io(IoStep::Create, "public", &io());
            output_io(IoStep::Lock, "public", &io());
            output_io(IoStep::Read, "public", &io());
            output_io(IoStep::Remove, "public", &io());
            output_io(IoStep::Write, "public", &io());
            output_io(IoStep::Copy, "public", &io());
            output_io(IoStep::Replace, "public", &io());
            outside_site("/etc/passwd");
            symlink_loop();
            cannot_read(&io(), false);
            cannot_read(&io(), true);
            forbidden_address("javascript:alert(1)", "javascript:");
            broken_fact_link("/nyheter/finns-inte/");
            too_deep(50);
            file_too_large(17, 16);
            too_many_tags(21, 20);
            tag_character("IT<3", '<', "- – & . ' ’ / ( ) +");
            duplicate_key(Some("title"), Some((2, 5)));
            duplicate_key(Some("title"), None);
            duplicate_key(None, None);
            preview_updated(1, 1, 12);
            preview_updated(16, 3, 40);
            owner_photo_variant("bilder/a.jpg");
            photos_resized(1);
            photos_resized(8);
            preview_shows_errors();
            preview_listening("http://127.0.0.1:1111/");
            preview_stopped();
            preview_cannot_watch("content", "too many open files");
            preview_unreadable("permission denied");
            preview_wrong_host("127.0.0.1:1111", 1111);
            preview_only_get();
            preview_no_body();
            preview_warnings(1);
            preview_warnings(2);
            preview_close();
            image_cannot_read(&io());
            image_unreadable("unexpected end of file");
            image_too_large(25.3);
            image_too_many_pixels(9000, 6000);
            image_cache_write(&io());
            image_personal_metadata(&[("GPS-position", "GPS position"), ("kamera", "camera")]);
            config_image_missing("organisation.logo", "/bilder/logo.svg");
            server_cannot_start("no threads");
            cannot_listen("127.0.0.1:8090", "address in use");
            bad_bind_address("localhost:80");
            port_in_use(1111);
            cannot_open_browser("http://127.0.0.1:1111/");
            preview_site_broken();
            preview_site_not_loaded();
            preview_error_title();
            preview_error_heading();
            preview_error_intro();
            nothing_to_render("/bilder/a.jpg");
            init_not_empty("nyheter");
            init_cannot_create("nyheter/content", &io());
            init_created("nyheter", 1);
            init_created("nyheter", 9);
            init_next("nyheter");
            bad_feedback_thanks("tack");
            retention_days_zero();
            bad_feedback_notify("registrator");
            template_data_failed("recursion limit");
            template_missing_parent("bas.html");
            template_not_found("sidfot.html");
            feedback_db_open("unable to open database file");
            feedback_db_read("database is locked");
            feedback_no_action("https://www.mora.se");
            feedback_mailing_to("registrator@mora.se", "smtp.mora.se", 587);
            feedback_no_mail("NOTIS_SMTP_HOST is not set");
            feedback_receiving("http://127.0.0.1:8090/synpunkter/", "synpunkter.db");
            server_stopped_with("connection reset");
            feedback_stopped();
            feedback_exported(1);
            feedback_exported(12);
            feedback_cannot_write(Some("synpunkter.csv"), "permission denied");
            feedback_cannot_write(None, "broken pipe");
            feedback_status("new");
            feedback_status("handled");
            feedback_status("spam");
            feedback_marked(12, "handled");
            feedback_table_header();
            feedback_no_such_comment(99);
            feedback_mark_failed("database is locked");
            feedback_backup_done("synpunkter.db", "/backup/synpunkter-2026-11-27.db");
            feedback_backup_failed("the file exists");
            feedback_refused(429, "rate_limited");
            feedback_stored(12, false, "/nyheter/it-storningar/");
            feedback_stored(13, true, "/nyheter/it-storningar/");
            feedback_store_failed("disk I/O error");
            feedback_batch_failed(1, "disk I/O error");
            feedback_batch_failed(3, "disk I/O error");
            feedback_mail_queue_full(12);
            feedback_mailed(12);
            feedback_mail_failed(12, "connection refused");
            feedback_purged(1, 365);
            feedback_purged(40, 365);
            feedback_purge_failed("database is locked");
            not_a_date("igår");
            svg_refused(&SvgRisk::Unparsable("unexpected end of stream at 3:1".into()));
            svg_refused(&SvgRisk::NotUtf8);
            svg_refused(&SvgRisk::Doctype);
            svg_refused(&SvgRisk::Script("script".into()));
            svg_refused(&SvgRisk::Embedded("foreignObject".into()));
            svg_refused(&SvgRisk::Event("onload".into()));
            svg_refused(&SvgRisk::ScriptUrl("href".into()));
            svg_refused(&SvgRisk::External("xlink:href".into()));
            svg_refused(&SvgRisk::Stylesheet);
            svg_refused(&SvgRisk::CssEscape);
            svg_refused(&SvgRisk::Compressed);
        }
    }

    /// All entries in one language, one block each, as a person would read them.
    fn shown(lang: Lang) -> String {
        let mut out = String::new();
        for (name, entry) in catalogue() {
            match entry {
                // Some texts end in a newline (HTTP bodies); the snapshot needs no trailing spaces.
                Shown::Text(t) => out.push_str(&format!(
                    "{name}\n  {}\n\n",
                    t.get(lang).trim_end().replace('\n', "\n  ")
                )),
                Shown::Message(m) => {
                    out.push_str(&format!("{name} [{}]\n  {}\n", m.code, m.text.get(lang)));
                    if let Some(help) = &m.help {
                        out.push_str(&format!("  {}: {}\n", help_label().get(lang), help.get(lang)));
                    }
                    out.push('\n');
                }
            }
        }
        out
    }

    /// Issue 16: every message in both languages, so a changed text shows up in review.
    #[test]
    fn every_message_in_swedish() {
        insta::assert_snapshot!("sv", shown(Lang::Sv));
    }

    #[test]
    fn every_message_in_english() {
        insta::assert_snapshot!("en", shown(Lang::En));
    }

    /// The snapshots cover the catalogue only if `catalogue()` calls every function of it:
    /// a new function that is not listed there fails here.
    #[test]
    fn the_snapshots_call_every_catalogue_function() {
        let defined: std::collections::BTreeSet<&str> = include_str!("messages.rs")
            .lines()
            .filter_map(|l| l.strip_prefix("pub fn "))
            .filter_map(|l| l.split('(').next())
            .collect();
        let called: std::collections::BTreeSet<&str> = catalogue().into_iter().map(|(name, _)| name).collect();
        assert!(
            defined.len() > 100,
            "the catalogue's functions were not found: {defined:?}"
        );
        let missing: Vec<_> = defined.difference(&called).collect();
        assert!(
            missing.is_empty(),
            "add these to `catalogue()` in the tests: {missing:?}"
        );
        assert_eq!(called.difference(&defined).count(), 0);
    }

    /// A text that is the same in both languages was probably never translated; only a
    /// file name or path may be.
    #[test]
    fn swedish_and_english_differ() {
        // "robots.txt" and a source file's path.
        let same_in_both = ["owner_robots", "owner_file"];
        let mut same = Vec::new();
        for (name, entry) in catalogue() {
            let (sv, en) = match &entry {
                Shown::Text(t) => (t.sv.clone(), t.en.clone()),
                Shown::Message(m) => (m.text.sv.clone(), m.text.en.clone()),
            };
            if sv == en && !same_in_both.contains(&name) {
                same.push(name);
            }
        }
        assert!(same.is_empty(), "the same in Swedish and English: {same:?}");
    }
}
