//! search_view: the part of a page that Pagefind's extraction depends on, to key its cache by.
//!
//! Two sites' copies of one shared article differ in what the site adds around it: its
//! name, addresses, share links, form actions, contact defaults. Pagefind indexes none of
//! that text when it sits in an element Pagefind leaves out — `head`, `style`, `script`,
//! `noscript`, `label`, `form`, `svg`, `footer`, `nav`, `iframe`, `template` (its
//! `REMOVE_SELECTORS`) or an element with `data-pagefind-ignore` — but it still reads some
//! things there (vendor/pagefind/src/fossick/parser.rs): filters, meta and sort keys, the
//! first `h1` as the title, the `title` element when there is no `h1`, the first image
//! after the title, anchors (`id`) and the attributes `data-pagefind-index-attrs` names.
//!
//! The view is the page as lol_html (the parser Pagefind uses, not strict) reads it, with
//! only this taken out of such elements: text, unless it is inside an `h1`, a `title`, an
//! element with an `id` or an element whose filter, meta or sort takes its text; and attributes
//! other than `id`, `src`, `alt`, `lang` and `data-pagefind-*`, unless the element has a
//! `data-pagefind-*` attribute that can name others. A `title` left out this way counts
//! only when the page has no `h1` with text. Everything else stays, so pages with equal
//! views give equal extractions, and one site's extraction serves the others.
//!
//! The whole page is its own view (`None`) when Pagefind may read it in ways this does not
//! follow: a reference to Pagefind's own scripts or styles, a `data-pagefind-body` inside a
//! left-out element, an element whose end lol_html never reported, gzip, or a page lol_html
//! cannot parse.

use std::cell::RefCell;
use std::rc::Rc;

use lol_html::html_content::{Element, EndTag, TextChunk};
use lol_html::{HtmlRewriter, Settings, doc_text, element};
use sha2::{Digest, Sha256};

/// The elements Pagefind leaves out of every page (its `REMOVE_SELECTORS`).
const LEFT_OUT: [&str; 11] = [
    "head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav", "iframe", "template",
];

/// Attributes Pagefind reads from any element (`img` for the image, `html` for the language).
const READ_ATTRIBUTES: [&str; 4] = ["id", "src", "alt", "lang"];

/// Attributes whose values may name other attributes or take the element's text.
const NAMING: [&str; 6] = [
    "data-pagefind-filter",
    "data-pagefind-meta",
    "data-pagefind-sort",
    "data-pagefind-default-meta",
    "data-pagefind-index-attrs",
    "data-pagefind-title",
];

/// Attributes whose entries without a value take the element's text as the value.
const TEXT_VALUED: [&str; 4] = [
    "data-pagefind-filter",
    "data-pagefind-meta",
    "data-pagefind-sort",
    "data-pagefind-default-meta",
];

/// Whether Pagefind takes the element's text for an entry of `value` (its
/// `parse_attr_string`): every entry but one with a literal (`key:value`, given to the last
/// entry before the first colon) or an attribute (`key[attr]`) does.
fn takes_text(value: &str) -> bool {
    let (entries, literal) = match value.split_once(':') {
        Some((entries, _)) => (entries, true),
        None => (value, false),
    };
    let entries: Vec<&str> = entries.split(',').map(str::trim).collect();
    let last = entries.len() - 1;
    entries
        .iter()
        .enumerate()
        .any(|(i, entry)| !(names_attribute(entry) || (literal && i == last)))
}

/// Pagefind's `^\s*(?P<name>[^:\[\]]+)\[(?P<attribute>.+)\]\s*$` on a trimmed entry.
fn names_attribute(entry: &str) -> bool {
    let Some((name, rest)) = entry.split_once('[') else {
        return false;
    };
    let attribute = rest.strip_suffix(']').unwrap_or("");
    !name.is_empty() && !name.contains([':', ']']) && !attribute.is_empty() && !attribute.contains(['\n', '\r'])
}

/// Where the reading is: open elements by what they mean for the view.
#[derive(Default)]
struct Reading {
    /// Open `html` elements: Pagefind reads only inside one.
    html: usize,
    /// Open left-out elements.
    left_out: usize,
    /// Open elements whose text Pagefind reads even when left out.
    text_read: usize,
    /// Open `h1` and `title` elements outside left-out ones.
    h1: usize,
    title: usize,
    h1_has_text: bool,
    /// The text of left-out `title` elements, kept for the end.
    titles: String,
    /// Elements opened and not yet closed; and whether the page defeats the view.
    open: usize,
    defeated: bool,
}

/// A hash of the part of the page Pagefind reads, or `None` when the whole page counts.
pub fn view(html: &[u8]) -> Option<[u8; 32]> {
    if html.starts_with(&[0x1f, 0x8b]) || names_pagefind_assets(html) {
        return None;
    }
    let reading = Rc::new(RefCell::new(Reading::default()));
    let mut hash = Sha256::new();
    let (on_element, on_text) = (Rc::clone(&reading), Rc::clone(&reading));
    let settings = Settings::new()
        .with_strict(false)
        .append_element_content_handler(element!("*", move |el| {
            open(el, &on_element);
            Ok(())
        }))
        .append_document_content_handler(doc_text!(move |text| {
            read_text(text, &mut on_text.borrow_mut());
            Ok(())
        }));
    let mut rewriter = HtmlRewriter::new(settings, |chunk: &[u8]| hash.update(chunk));
    rewriter.write(html).ok()?;
    rewriter.end().ok()?;
    let reading = reading.borrow();
    if reading.defeated || reading.open > 0 {
        return None;
    }
    // Pagefind's last fallback for the title: only without an h1 to take it from.
    if !reading.h1_has_text {
        hash.update(b"\0title\0");
        hash.update(reading.titles.as_bytes());
    }
    Some(hash.finalize().into())
}

/// An element starts: count what it opens, and take out of it what Pagefind does not read.
fn open(el: &mut Element<'_, '_>, reading: &Rc<RefCell<Reading>>) {
    let tag = el.tag_name();
    let mut r = reading.borrow_mut();
    let inside = r.html > 0;
    let is_html = tag == "html";
    let left_out = (inside || is_html)
        && (el.has_attribute("data-pagefind-ignore") || (inside && LEFT_OUT.contains(&tag.as_str())));
    let within = r.left_out > 0 || left_out;
    if el.has_attribute("data-pagefind-body") && within {
        r.defeated = true;
    }
    let names = NAMING.iter().any(|a| el.has_attribute(a));
    let text_read = tag == "h1"
        || tag == "title"
        || el.has_attribute("id")
        || TEXT_VALUED
            .iter()
            .any(|a| el.get_attribute(a).is_some_and(|v| takes_text(&v)));
    if within && !names {
        let drop: Vec<String> = el
            .attributes()
            .iter()
            .map(|a| a.name())
            .filter(|n| !READ_ATTRIBUTES.contains(&n.as_str()) && !n.starts_with("data-pagefind-"))
            .collect();
        for name in drop {
            el.remove_attribute(&name);
        }
    }
    if !el.can_have_content() {
        return;
    }
    let counts = [
        is_html,
        left_out,
        text_read,
        tag == "h1" && !within,
        tag == "title" && within,
    ];
    for (open, counter) in counts.iter().zip(counters(&mut r)) {
        *counter += usize::from(*open);
    }
    r.open += 1;
    drop(r);
    let reading = Rc::clone(reading);
    let close: lol_html::EndTagHandler<'static> = Box::new(move |_: &mut EndTag<'_>| {
        let mut r = reading.borrow_mut();
        for (open, counter) in counts.iter().zip(counters(&mut r)) {
            *counter -= usize::from(*open);
        }
        r.open -= 1;
        Ok(())
    });
    // An element lol_html cannot close for us leaves `open` above 0: the page counts whole.
    let _ = el.on_end_tag(close);
}

/// The counters `open` keeps, in the order of its `counts`.
fn counters(r: &mut Reading) -> [&mut usize; 5] {
    [&mut r.html, &mut r.left_out, &mut r.text_read, &mut r.h1, &mut r.title]
}

/// Text: kept unless it lies in a left-out element where Pagefind does not read it.
fn read_text(text: &mut TextChunk<'_>, r: &mut Reading) {
    let s = text.as_str();
    if r.h1 > 0 && r.left_out == 0 && s.chars().any(|c| !c.is_whitespace()) {
        r.h1_has_text = true;
    }
    if r.title > 0 {
        r.titles.push_str(s);
        text.remove();
    } else if r.left_out > 0 && r.text_read == 0 {
        text.remove();
    }
}

/// Whether the page refers to Pagefind's own scripts or styles (`_pagefind`,
/// `pagefind-ui.js`, `pagefind-modular-ui.css`, …), which Pagefind notes wherever they are.
fn names_pagefind_assets(html: &[u8]) -> bool {
    memchr::memmem::find_iter(html, b"pagefind").any(|at| {
        let after = &html[at + b"pagefind".len()..];
        (at > 0 && html[at - 1] == b'_') || after.starts_with(b"-ui.") || after.starts_with(b"-modular-ui.")
    })
}

#[cfg(test)]
mod tests {
    use super::view;

    fn page(header: &str, body: &str, footer: &str) -> Vec<u8> {
        format!(
            "<!doctype html><html lang=\"sv\"><head><title>{header}</title></head><body>\
             <header data-pagefind-ignore=\"all\">{header}</header><main><article data-pagefind-body>{body}\
             <footer>{footer}</footer></article></main><footer>{footer}</footer></body></html>"
        )
        .into_bytes()
    }

    #[test]
    fn pages_that_differ_only_where_pagefind_does_not_look_have_one_view() {
        let mora = page(
            "Mora kommun",
            "<h1>Snöröjning</h1><p>Vi plogar.</p>",
            "https://www.mora.se",
        );
        let orsa = page(
            "Orsa kommun",
            "<h1>Snöröjning</h1><p>Vi plogar.</p>",
            "https://www.orsa.se",
        );
        assert_eq!(view(&mora), view(&orsa));
        assert!(view(&mora).is_some());
    }

    #[test]
    fn a_difference_pagefind_reads_gives_another_view() {
        let base = page("Mora", "<h1>Snöröjning</h1><p>Vi plogar.</p>", "x");
        for other in [
            page("Mora", "<h1>Snöröjning</h1><p>Vi sandar.</p>", "x"),
            page("Mora", "<h1 id=\"a\">Snöröjning</h1><p>Vi plogar.</p>", "x"),
            page("Mora", "<h1>Snöröjning</h1><p data-pagefind-ignore>Vi plogar.</p>", "x"),
            page("Mora", "<h1>Snöröjning</h1><p>Vi plogar.<svg/></p>", "x"),
            String::from_utf8(base.clone())
                .unwrap()
                .replace("lang=\"sv\"", "lang=\"en\"")
                .into_bytes(),
        ] {
            assert_ne!(view(&base), view(&other), "{}", String::from_utf8_lossy(&other));
        }
        // Text Pagefind does not index, whatever the ignore value, is not part of the view.
        for value in ["", "all", "x"] {
            let one = |text: &str| {
                page(
                    "Mora",
                    &format!("<h1>Snöröjning</h1><p data-pagefind-ignore=\"{value}\">{text}</p>"),
                    "x",
                )
            };
            assert_eq!(view(&one("Vi plogar.")), view(&one("Vi sandar.")), "{value}");
        }
    }

    #[test]
    fn an_entry_takes_the_elements_text_unless_it_has_a_value_or_names_an_attribute() {
        use super::takes_text;
        for v in ["Kommun", "a, b:x", "typ[data-x], Ämne", "k[]", "[x]", "k[a\nb]"] {
            assert!(takes_text(v), "{v}");
        }
        for v in ["År:2026", "image[src]", "a[x], b:y", " k[src] ", "k:[x]y", "a:b:c, d"] {
            assert!(!takes_text(v), "{v}");
        }
    }

    #[test]
    fn a_page_naming_pagefinds_own_ui_counts_whole() {
        let plain = String::from_utf8(page("Mora", "<p>a</p>", "x")).unwrap();
        for asset in [
            "<script src=\"/pagefind/pagefind-ui.js\"></script>",
            "<link rel=\"stylesheet\" href=\"/pagefind/pagefind-modular-ui.css\">",
            "<script src=\"/_pagefind/pagefind.js\"></script>",
        ] {
            let with_ui = plain.replace("</head>", &format!("{asset}</head>"));
            assert_eq!(view(with_ui.as_bytes()), None, "{asset}");
        }
        // Pagefind's attributes and the bundle's own script are not its UI.
        let with_script = plain.replace("</head>", "<script src=\"/pagefind/pagefind.js\"></script></head>");
        assert!(view(with_script.as_bytes()).is_some());
        assert!(view(&[0x1f, 0x8b, 8, 0]).is_none(), "gzip");
    }
}
