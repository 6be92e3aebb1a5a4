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

/// The body as HTML plus what the rest of the pipeline needs from it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// The first paragraph as plain text, when it was taken out of the body to serve as the lead.
    pub lead: Option<String>,
    pub links: Vec<Link>,
    pub headings: Vec<Heading>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `body`; `line_offset` is the number of file lines before it.
/// With `take_lead`, a first paragraph becomes the lead and leaves the body.
pub fn render(body: &str, line_offset: usize, take_lead: bool) -> Rendered {
    let index = LineIndex::new(body);
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut links = Vec::new();
    let mut headings = Vec::new();
    let mut used_ids = HashSet::new();
    // (index in `events` of the heading start, level, text so far, line)
    let mut open_heading: Option<(usize, u8, String, usize)> = None;

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let event = swedish_quotes(event);
        match &event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                let (line, col) = index.position(body, range.start);
                links.push(Link {
                    dest: dest_url.to_string(),
                    is_image: matches!(event, Event::Start(Tag::Image { .. })),
                    line: line + line_offset,
                    col,
                });
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let (line, _) = index.position(body, range.start);
                open_heading = Some((
                    events.len(),
                    level_number(*level),
                    String::new(),
                    line + line_offset,
                ));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text, _)) = open_heading.as_mut() {
                    text.push_str(t);
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
                    headings.push(Heading {
                        level,
                        text,
                        id,
                        line,
                    });
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
    Rendered {
        html,
        lead,
        links,
        headings,
    }
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
    let end = events
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Paragraph)))?;
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
        );
        assert!(r.html.contains("”hej”"), "{}", r.html);
        assert!(r.html.contains("’då’"), "{}", r.html);
        assert!(
            r.html.contains(r#"<h2 id="vad-hander-just-nu">"#),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(r#"<h2 id="vad-hander-just-nu-2">"#),
            "{}",
            r.html
        );
        assert_eq!(r.headings[0].line, 3);
    }

    #[test]
    fn links_are_located_in_file_lines() {
        let r = render(
            "Text\n\nSe [mer](/nyheter/x/) och ![bild](/a.jpg).\n",
            5,
            false,
        );
        assert_eq!(r.links.len(), 2);
        assert_eq!(
            (r.links[0].dest.as_str(), r.links[0].line, r.links[0].col),
            ("/nyheter/x/", 8, 4)
        );
        assert!(r.links[1].is_image);
    }

    #[test]
    fn first_paragraph_becomes_the_lead() {
        let r = render("Första *stycket*\nfortsätter.\n\nAndra.\n", 0, true);
        assert_eq!(r.lead.as_deref(), Some("Första stycket fortsätter."));
        assert_eq!(r.html.trim(), "<p>Andra.</p>");
        let r = render("## Rubrik\n\nText\n", 0, true);
        assert_eq!(r.lead, None);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let deep = "> ".repeat(20_000) + "x\n";
        let r = render(&deep, 0, false);
        assert!(r.html.contains('x'));
        let list: String = (0..10_000)
            .map(|i| format!("{}- a\n", "  ".repeat(i)))
            .collect();
        let _ = render(&list, 0, false);
    }
}
