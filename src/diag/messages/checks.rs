//! messages::checks: the site's checks: links, images, dates, contacts, headings, tags.

use super::*;

// ---- The site's checks ------------------------------------------------------------------------

/// `what` names the element or attribute in each language.
pub fn removed_for_safety(what: &Text) -> Message {
    Message::new(
        "removed-for-safety",
        format!("{} togs bort ur HTML-koden av säkerhetsskäl", what.sv),
        format!("{} was removed from the HTML for safety", what.en),
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
