//! markdown: a document body → `Rendered` HTML, with its lead, links and headings.
//!
//! Link and heading positions are file lines (the body's offset is added) so
//! later checks can point at them.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::error::LineIndex;

/// A link or image destination in the body and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub dest: String,
    pub is_image: bool,
    pub line: usize,
    pub col: usize,
}

/// A heading in the body, with the id it can be linked to by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub id: String,
    pub line: usize,
}

/// An image in the body with its alternative text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    pub src: String,
    pub alt: String,
    /// Marked `"dekorativ"` in its title: carries no information, so empty alt is right.
    pub decorative: bool,
    pub line: usize,
    pub col: usize,
}

/// Something in the body that was changed for safety, located in file lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    pub what: String,
    pub line: usize,
    pub col: usize,
}

/// The body as HTML plus what the rest of the pipeline needs from it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// The first paragraph as plain text, when it was taken out of the body to serve as the lead.
    pub lead: Option<String>,
    pub links: Vec<Link>,
    pub headings: Vec<Heading>,
    pub images: Vec<ImageRef>,
    /// Unsafe HTML or URLs that were removed.
    pub removed: Vec<Removal>,
}

/// The title that marks an image as decorative: `![](/bilder/linje.png "dekorativ")`.
pub const DECORATIVE: &str = "dekorativ";

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `body`; `line_offset` is the number of file lines before it.
/// With `take_lead`, a first paragraph becomes the lead and leaves the body.
/// With `sanitise`, raw HTML is cleaned with ammonia and dangerous URLs dropped.
pub fn render(body: &str, line_offset: usize, take_lead: bool, sanitise: bool) -> Rendered {
    let index = LineIndex::new(body);
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut links = Vec::new();
    let mut headings = Vec::new();
    let mut images: Vec<ImageRef> = Vec::new();
    let mut removed = Vec::new();
    let mut has_raw_html = false;
    let mut used_ids = HashSet::new();
    // (index in `events` of the heading start, level, text so far, line)
    let mut open_heading: Option<(usize, u8, String, usize)> = None;
    let mut open_image = false;

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let mut event = swedish_quotes(event);
        let at = || {
            let (line, col) = index.position(body, range.start);
            (line + line_offset, col)
        };
        if sanitise
            && let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &mut event
            && is_dangerous_url(dest_url)
        {
            let (line, col) = at();
            removed.push(Removal {
                what: format!("the link address `{}`", truncate(dest_url, 40)),
                line,
                col,
            });
            *dest_url = CowStr::from("#");
        }
        // A decorative image's marker is an instruction, not a tooltip.
        let mut decorative = false;
        if let Event::Start(Tag::Image { title, .. }) = &mut event
            && title.trim().eq_ignore_ascii_case(DECORATIVE)
        {
            *title = CowStr::from("");
            decorative = true;
        }
        match &event {
            Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => {
                let (line, col) = at();
                let is_image = matches!(event, Event::Start(Tag::Image { .. }));
                links.push(Link {
                    dest: dest_url.to_string(),
                    is_image,
                    line,
                    col,
                });
                if is_image {
                    images.push(ImageRef {
                        src: dest_url.to_string(),
                        alt: String::new(),
                        decorative,
                        line,
                        col,
                    });
                    open_image = true;
                }
            }
            Event::End(TagEnd::Image) => open_image = false,
            Event::Html(html) | Event::InlineHtml(html) => {
                has_raw_html = true;
                if sanitise {
                    let (line, col) = at();
                    removed.extend(unsafe_parts(html).into_iter().map(|what| Removal { what, line, col }));
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let (line, _) = index.position(body, range.start);
                open_heading = Some((events.len(), level_number(*level), String::new(), line + line_offset));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text, _)) = open_heading.as_mut() {
                    text.push_str(t);
                }
                if open_image && let Some(img) = images.last_mut() {
                    img.alt.push_str(t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((at, level, text, line)) = open_heading.take() {
                    let id = match &events[at] {
                        Event::Start(Tag::Heading { id: Some(id), .. }) => id.to_string(),
                        _ => unique_id(&text, &mut used_ids),
                    };
                    if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[at] {
                        *slot = Some(CowStr::from(id.clone()));
                    }
                    used_ids.insert(id.clone());
                    headings.push(Heading { level, text, id, line });
                }
            }
            _ => {}
        }
        events.push(event);
    }

    let lead = if take_lead {
        take_first_paragraph(&mut events)
    } else {
        None
    };
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if sanitise && has_raw_html {
        html = sanitiser().clean(&html).to_string();
    }
    Rendered {
        html,
        lead,
        links,
        headings,
        images,
        removed,
    }
}

/// URL schemes that run code or smuggle documents; everything else is left alone.
fn is_dangerous_url(url: &str) -> bool {
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:text/html", "data:application"]
        .iter()
        .any(|s| squeezed.starts_with(s))
}

fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// Names what ammonia will remove from a raw HTML fragment, for the writer's warning.
fn unsafe_parts(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    for tag in [
        "script", "iframe", "style", "form", "input", "button", "object", "embed", "textarea", "select", "frame",
        "link", "meta", "base", "svg", "math",
    ] {
        let open = format!("<{tag}");
        if lower.match_indices(&open).any(|(i, _)| {
            lower[i + open.len()..].starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
        }) {
            found.push(format!("`<{tag}>`"));
        }
    }
    let mut rest = lower.as_str();
    while let Some(i) = rest.find(" on") {
        let name: String = rest[i + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if name.len() > 2 && rest[i + 1 + name.len()..].trim_start().starts_with('=') {
            found.push(format!("the event handler `{name}`"));
        }
        rest = &rest[i + 3..];
    }
    if lower.contains("style=") {
        found.push("a `style` attribute".to_string());
    }
    if is_dangerous_url_in(&lower) {
        found.push("a `javascript:` address".to_string());
    }
    found
}

fn is_dangerous_url_in(lower: &str) -> bool {
    lower.contains("javascript:") || lower.contains("vbscript:")
}

/// Ammonia configured for news articles: structure, tables, figures, details, ids and classes;
/// no scripts, event handlers, styles, forms or frames. Built once per process.
fn sanitiser() -> &'static ammonia::Builder<'static> {
    static SANITISER: std::sync::OnceLock<ammonia::Builder<'static>> = std::sync::OnceLock::new();
    SANITISER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_tags([
            "figure",
            "figcaption",
            "details",
            "summary",
            "abbr",
            "caption",
            "section",
            "aside",
            "mark",
            "time",
        ])
        .add_generic_attributes(["id", "class", "title", "lang"])
        .add_tag_attributes("th", ["style", "scope", "colspan", "rowspan"])
        .add_tag_attributes("td", ["style", "colspan", "rowspan"])
        .add_tag_attributes("time", ["datetime"])
        .add_tag_attributes("img", ["width", "height", "loading"])
        .link_rel(None)
        // pulldown-cmark writes table alignment as a style; keep exactly that, nothing else.
        .attribute_filter(|_, attr, value| {
            if attr == "style" {
                let ok = ["text-align: left", "text-align: center", "text-align: right"].contains(&value);
                ok.then(|| value.into())
            } else {
                Some(value.into())
            }
        });
        b
    })
}

/// Smart punctuation gives English “…”; Swedish typography uses ”…” and ’…’.
fn swedish_quotes(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Text(t) if t.contains(['“', '‘']) => {
            Event::Text(CowStr::from(t.replace('“', "”").replace('‘', "’")))
        }
        other => other,
    }
}

/// Removes a leading paragraph from `events` and returns its plain text.
fn take_first_paragraph(events: &mut Vec<Event<'_>>) -> Option<String> {
    if !matches!(events.first(), Some(Event::Start(Tag::Paragraph))) {
        return None;
    }
    let end = events.iter().position(|e| matches!(e, Event::End(TagEnd::Paragraph)))?;
    let text: String = events[1..end]
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            Event::SoftBreak | Event::HardBreak => Some(" "),
            _ => None,
        })
        .collect();
    events.drain(..=end);
    Some(text.trim().to_string()).filter(|t| !t.is_empty())
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn unique_id(text: &str, used: &mut HashSet<String>) -> String {
    let base = match slug::slugify(text) {
        s if s.is_empty() => "rubrik".to_string(),
        s => s,
    };
    let mut id = base.clone();
    let mut n = 2;
    while used.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_with_swedish_quotes_and_heading_ids() {
        let r = render(
            "Han sa \"hej\" och 'då'.\n\n## Vad händer just nu?\n\n## Vad händer just nu?\n",
            0,
            false,
            true,
        );
        assert!(r.html.contains("”hej”"), "{}", r.html);
        assert!(r.html.contains("’då’"), "{}", r.html);
        assert!(r.html.contains(r#"<h2 id="vad-hander-just-nu">"#), "{}", r.html);
        assert!(r.html.contains(r#"<h2 id="vad-hander-just-nu-2">"#), "{}", r.html);
        assert_eq!(r.headings[0].line, 3);
    }

    #[test]
    fn links_are_located_in_file_lines() {
        let r = render("Text\n\nSe [mer](/nyheter/x/) och ![bild](/a.jpg).\n", 5, false, true);
        assert_eq!(r.links.len(), 2);
        assert_eq!(
            (r.links[0].dest.as_str(), r.links[0].line, r.links[0].col),
            ("/nyheter/x/", 8, 4)
        );
        assert!(r.links[1].is_image);
    }

    #[test]
    fn first_paragraph_becomes_the_lead() {
        let r = render("Första *stycket*\nfortsätter.\n\nAndra.\n", 0, true, true);
        assert_eq!(r.lead.as_deref(), Some("Första stycket fortsätter."));
        assert_eq!(r.html.trim(), "<p>Andra.</p>");
        let r = render("## Rubrik\n\nText\n", 0, true, true);
        assert_eq!(r.lead, None);
    }

    #[test]
    fn raw_html_is_sanitised_and_reported() {
        let r = render(
            "Text\n\n<div class=\"faktaruta\" onclick=\"x()\">Fakta<script>alert(1)</script></div>\n\n[klick](javascript:alert(1)) <img src=x onerror=alert(1)>\n",
            2,
            false,
            true,
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("onclick") && !r.html.contains("onerror"), "{}", r.html);
        assert!(!r.html.contains("javascript:"), "{}", r.html);
        assert!(r.html.contains(r#"<div class="faktaruta">"#), "{}", r.html);
        let what: Vec<&str> = r.removed.iter().map(|x| x.what.as_str()).collect();
        assert!(what.contains(&"`<script>`"), "{what:?}");
        assert!(what.contains(&"the event handler `onclick`"), "{what:?}");
        assert!(what.contains(&"the event handler `onerror`"), "{what:?}");
        assert!(what.iter().any(|w| w.contains("javascript:alert")), "{what:?}");
        assert_eq!(r.removed[0].line, 5);
    }

    #[test]
    fn table_alignment_survives_sanitising() {
        let r = render(
            "| a |\n|:-:|\n| b |\n\n<abbr title=\"Kommunfullmäktige\">KF</abbr>\n",
            0,
            false,
            true,
        );
        assert!(r.html.contains(r#"style="text-align: center""#), "{}", r.html);
        assert!(r.html.contains("<abbr"), "{}", r.html);
    }

    #[test]
    fn unsafe_html_option_keeps_raw_html() {
        let r = render("<iframe src=\"/karta.html\"></iframe>\n", 0, false, false);
        assert!(r.html.contains("<iframe"));
        assert!(r.removed.is_empty());
    }

    #[test]
    fn images_with_alt_and_decorative_marker() {
        let r = render(
            "![Karta över *Mora*](/bilder/karta.png)\n\n![](/bilder/linje.png \"dekorativ\")\n",
            0,
            false,
            true,
        );
        assert_eq!(r.images[0].alt, "Karta över Mora");
        assert!(!r.images[0].decorative);
        assert!(r.images[1].decorative && r.images[1].alt.is_empty());
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let deep = "> ".repeat(20_000) + "x\n";
        let r = render(&deep, 0, false, true);
        assert!(r.html.contains('x'));
        // 10 000 nested lists on one line (indented lines would be quadratic in size).
        let list = "- ".repeat(10_000) + "a\n";
        let _ = render(&list, 0, false, true);
    }
}
