//! messages::hostile: hostile content: paths out of the site, loops, oversized files, forbidden addresses.

use super::*;

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
