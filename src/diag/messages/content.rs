//! messages::content: reading a content file: front matter, YAML mistakes, unused files.

use super::*;

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
pub(super) fn accepted_dates() -> Text {
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

/// The note before a warning about a document this build leaves out: a draft (`draft:
/// true`) or an article whose `expires:` has passed.
pub fn unpublished_note(draft: bool) -> Message {
    if draft {
        Message::new("unpublished", "utkast, publiceras inte", "draft, not published")
    } else {
        Message::new("unpublished", "har slutat visas", "expired, no longer shown")
    }
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
        format!("byt tabben mot mellanslag: `{}`", fixed.trim_end()),
        format!("replace the tab with spaces: `{}`", fixed.trim_end()),
    )
}

/// `title: "Nytt" bibliotek`; `fixed` is the line with the whole value in single quotes.
pub fn text_after_quote(fixed: &str) -> Message {
    Message::new(
        "text-after-quote",
        "det står text efter det avslutande citattecknet",
        "there is text after the closing quotation mark",
    )
    .help(
        format!("sätt enkla citattecken runt hela värdet: {fixed}"),
        format!("put single quotes around the whole value: {fixed}"),
    )
}

/// A line with a word but no `:` (`summary` alone).
pub fn missing_colon(line: &str) -> Message {
    Message::new(
        "missing-colon",
        format!("raden `{line}` saknar kolon"),
        format!("the line `{line}` has no colon"),
    )
    .help(
        "skriv raden som `nyckel: värde`, med ett kolon och ett mellanslag efter nyckeln",
        "write the line as `key: value`, with a colon and a space after the key",
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

/// `open` is the bracket that is never closed: `[` (a list) or `{` (keys and values).
pub fn unclosed_bracket(open: char) -> Message {
    if open == '{' {
        return Message::new(
            "unclosed-bracket",
            "klammern { avslutas aldrig",
            "the brace { is never closed",
        )
        .help(
            "avsluta med } på samma rad, t.ex. image: {src: /bilder/a.jpg, alt: En bild}",
            "close it with } on the same line, like image: {src: /bilder/a.jpg, alt: A picture}",
        );
    }
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

/// A line indented more or less than the lines it belongs with; `list_item` when it is a
/// `- ` item of a list.
pub fn bad_indent(list_item: bool) -> Message {
    if list_item {
        return Message::new(
            "bad-indent",
            "punkten i listan är indragen olika mycket mot punkterna ovan",
            "the list item is indented differently from the items above",
        )
        .help(
            "börja raden med lika många mellanslag före `- ` som de andra punkterna i samma lista",
            "start the line with as many spaces before `- ` as the other items of the same list",
        );
    }
    Message::new(
        "bad-indent",
        "raden är indragen olika mycket mot raderna den hör ihop med",
        "the line is indented differently from the lines it belongs with",
    )
    .help(
        "rader på samma nivå börjar med lika många mellanslag; rader under en nyckel dras in två mellanslag mer än nyckeln",
        "lines at the same level start with as many spaces; lines under a key are indented two spaces more than the key",
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
