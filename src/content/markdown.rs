//! markdown: a document body → `Rendered` HTML, with its lead, links and headings.
//!
//! Link and heading positions are file lines (the body's offset is added) so
//! later checks can point at them.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::content::html_scan;
use crate::diag::error::{Diagnostic, LineIndex};
use crate::diag::messages::{Message, Text};
use crate::text::urls;

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
    /// What was taken away, in both languages (`attributet `onerror` i `<img>``).
    pub what: Text,
    pub line: usize,
    pub col: usize,
}

/// A problem in the body that fails the file: a forbidden address, or nesting too deep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyError {
    pub message: Message,
    pub line: usize,
    pub col: usize,
}

/// How many elements may sit inside each other (lists, quotes, raw HTML, emphasis…).
/// Real articles stay below 15; the HTML minifier and browsers recurse on nesting, and
/// a thousand levels abort the build with a stack overflow, so deeper input is refused.
pub const MAX_DEPTH: usize = 50;

/// The body as HTML plus what the rest of the pipeline needs from it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// The first paragraph as plain text, when it was taken out of the body to serve as the lead.
    pub lead: Option<String>,
    pub links: Vec<Link>,
    pub headings: Vec<Heading>,
    pub images: Vec<ImageRef>,
    /// Unsafe HTML that the sanitiser removed.
    pub removed: Vec<Removal>,
    /// Problems that fail the file; when nesting is too deep, `html` is empty.
    pub errors: Vec<BodyError>,
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
    let mut pass = Pass::new(body, line_offset, sanitise);
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if !pass.step(swedish_quotes(event), range.start) {
            break;
        }
    }
    pass.finish(take_lead)
}

/// A heading being read: its start event's index, level, text so far and file line.
struct OpenHeading {
    at: usize,
    level: u8,
    text: String,
    line: usize,
}

/// One pass over a body's events: what is collected on the way, and what is open.
struct Pass<'a> {
    body: &'a str,
    index: LineIndex,
    line_offset: usize,
    sanitise: bool,
    events: Vec<Event<'a>>,
    /// Links, headings, images, removals and errors as they are found (no HTML yet).
    found: Rendered,
    has_raw_html: bool,
    used_ids: HashSet<String>,
    open_heading: Option<OpenHeading>,
    open_image: bool,
    /// Nesting: Markdown elements open now, plus raw HTML elements open now.
    md_depth: usize,
    html_depth: html_scan::Depth,
    /// An HTML block arrives line by line; it is compared with its sanitised self whole.
    html_block: Option<(String, usize)>,
}

impl<'a> Pass<'a> {
    fn new(body: &'a str, line_offset: usize, sanitise: bool) -> Self {
        Pass {
            body,
            index: LineIndex::new(body),
            line_offset,
            sanitise,
            events: Vec::new(),
            found: Rendered::default(),
            has_raw_html: false,
            used_ids: HashSet::new(),
            open_heading: None,
            open_image: false,
            md_depth: 0,
            html_depth: html_scan::Depth::default(),
            html_block: None,
        }
    }

    /// The file line and column of a byte offset in the body.
    fn at(&self, offset: usize) -> (usize, usize) {
        let (line, col) = self.index.position(self.body, offset);
        (line + self.line_offset, col)
    }

    fn error(&mut self, message: Message, (line, col): (usize, usize)) {
        self.found.errors.push(BodyError { message, line, col });
    }

    /// Takes one event; `false` when the body is refused and the pass must stop.
    fn step(&mut self, mut event: Event<'a>, start: usize) -> bool {
        match &event {
            Event::Start(_) => self.md_depth += 1,
            Event::End(_) => self.md_depth = self.md_depth.saturating_sub(1),
            _ => {}
        }
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &mut event
            && let Some(scheme) = urls::forbidden_scheme(dest_url)
        {
            let message = urls::forbidden(dest_url, scheme);
            *dest_url = CowStr::from("#");
            self.error(message, self.at(start));
        }
        if self.md_depth > MAX_DEPTH {
            self.found.errors.push(too_deep(self.at(start)));
            return false;
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
            Event::Start(Tag::Link { dest_url, .. }) => self.link(dest_url, false, false, start),
            Event::Start(Tag::Image { dest_url, .. }) => self.link(dest_url, true, decorative, start),
            Event::End(TagEnd::Image) => self.open_image = false,
            Event::Html(html) | Event::InlineHtml(html) => {
                let in_block = matches!(event, Event::Html(_));
                if !self.raw_html(html, in_block, start) {
                    return false;
                }
            }
            Event::Start(Tag::HtmlBlock) => self.html_block = Some((String::new(), start)),
            Event::End(TagEnd::HtmlBlock) => self.html_block_end(),
            Event::Start(Tag::Heading { level, .. }) => {
                let line = self.at(start).0;
                let (at, level) = (self.events.len(), level_number(*level));
                self.open_heading = Some(OpenHeading {
                    at,
                    level,
                    text: String::new(),
                    line,
                });
            }
            Event::Text(t) | Event::Code(t) => self.text(t),
            Event::End(TagEnd::Heading(_)) => self.heading_end(),
            _ => {}
        }
        self.events.push(event);
        true
    }

    fn link(&mut self, dest: &str, is_image: bool, decorative: bool, start: usize) {
        let (line, col) = self.at(start);
        let dest = dest.to_string();
        if is_image {
            let src = dest.clone();
            let alt = String::new();
            self.found.images.push(ImageRef {
                src,
                alt,
                decorative,
                line,
                col,
            });
            self.open_image = true;
        }
        self.found.links.push(Link {
            dest,
            is_image,
            line,
            col,
        });
    }

    /// Raw HTML: its tags' links and depth, and what the sanitiser would take away.
    fn raw_html(&mut self, html: &str, in_block: bool, start: usize) -> bool {
        self.has_raw_html = true;
        for tag in html_scan::tags(html) {
            let at = self.at((start + tag.offset).min(self.body.len()));
            if self.md_depth + self.html_depth.apply(&tag) > MAX_DEPTH {
                self.found.errors.push(too_deep(at));
                return false;
            }
            let found = &mut self.found;
            raw_tag_refs(
                &tag,
                self.sanitise,
                at,
                &mut found.links,
                &mut found.images,
                &mut found.errors,
            );
        }
        if self.sanitise {
            match (&mut self.html_block, in_block) {
                (Some((text, _)), true) => text.push_str(html),
                _ => {
                    let (line, col) = self.at(start);
                    let removals = sanitised_away(html).into_iter().map(|what| Removal { what, line, col });
                    self.found.removed.extend(removals);
                }
            }
        }
        true
    }

    fn html_block_end(&mut self) {
        if let Some((text, start)) = self.html_block.take()
            && self.sanitise
        {
            let (line, col) = self.at(start);
            let removals = sanitised_away(&text)
                .into_iter()
                .map(|what| Removal { what, line, col });
            self.found.removed.extend(removals);
        }
    }

    fn text(&mut self, t: &str) {
        if let Some(open) = self.open_heading.as_mut() {
            open.text.push_str(t);
        }
        if self.open_image
            && let Some(img) = self.found.images.last_mut()
        {
            img.alt.push_str(t);
        }
    }

    /// Gives the heading its id (its own `{#id}`, else one made from its text) and keeps it.
    fn heading_end(&mut self) {
        if let Some(OpenHeading { at, level, text, line }) = self.open_heading.take() {
            let id = match &self.events[at] {
                Event::Start(Tag::Heading { id: Some(id), .. }) => id.to_string(),
                _ => unique_id(&text, &mut self.used_ids),
            };
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut self.events[at] {
                *slot = Some(CowStr::from(id.clone()));
            }
            self.used_ids.insert(id.clone());
            self.found.headings.push(Heading { level, text, id, line });
        }
    }

    fn finish(mut self, take_lead: bool) -> Rendered {
        if self.found.errors.iter().any(|e| e.message.code == TOO_DEEP) {
            // Refused before anything recursive (sanitiser, minifier) sees it.
            return self.found;
        }
        self.found.lead = if take_lead {
            take_first_paragraph(&mut self.events)
        } else {
            None
        };
        let mut html = String::with_capacity(self.body.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, self.events.into_iter());
        if self.sanitise && self.has_raw_html {
            html = sanitiser().clean(&html).to_string();
        }
        self.found.html = html;
        self.found
    }
}

impl BodyError {
    pub fn to_diagnostic(&self, path: &str) -> Diagnostic {
        Diagnostic::error(path, self.message.clone()).at(self.line, self.col)
    }
}

/// The code of the nesting error, which also means "no HTML was made".
const TOO_DEEP: &str = "too-deep";

fn too_deep((line, col): (usize, usize)) -> BodyError {
    BodyError {
        message: crate::diag::messages::too_deep(MAX_DEPTH),
        line,
        col,
    }
}

/// Links, images and forbidden addresses in one raw HTML tag, for the same checks as
/// Markdown's. Media (`<video>`, `<audio>`, `<source>`) only count when the HTML is kept
/// as written: with sanitising on they are removed, and named in a warning.
fn raw_tag_refs(
    tag: &html_scan::RawTag,
    sanitise: bool,
    (line, col): (usize, usize),
    links: &mut Vec<Link>,
    images: &mut Vec<ImageRef>,
    errors: &mut Vec<BodyError>,
) {
    if tag.closing {
        return;
    }
    for (name, value) in &tag.attrs {
        let is_url = matches!(
            name.as_str(),
            "href"
                | "src"
                | "srcset"
                | "action"
                | "formaction"
                | "poster"
                | "cite"
                | "data"
                | "background"
                | "xlink:href"
        );
        if is_url && let Some(scheme) = urls::forbidden_scheme(value) {
            errors.push(BodyError {
                message: urls::forbidden(value, scheme),
                line,
                col,
            });
        }
    }
    let media = matches!(tag.name.as_str(), "video" | "audio" | "source" | "track") && !sanitise;
    let src = match tag.name.as_str() {
        "a" => tag.attr("href").map(|h| (h, false)),
        "img" => tag.attr("src").map(|s| (s, true)),
        _ if media => tag.attr("src").map(|s| (s, true)),
        _ => None,
    };
    let Some((dest, is_image)) = src else { return };
    if urls::forbidden_scheme(dest).is_some() {
        return;
    }
    links.push(Link {
        dest: dest.to_string(),
        is_image,
        line,
        col,
    });
    if tag.name == "img" {
        let alt = tag.attr("alt").unwrap_or("");
        let decorative = tag.attr("alt").is_some()
            && (tag.attr("role") == Some("presentation")
                || tag
                    .attr("title")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case(DECORATIVE)));
        images.push(ImageRef {
            src: dest.to_string(),
            alt: alt.to_string(),
            decorative,
            line,
            col,
        });
    }
}

/// What the sanitiser removes from a raw HTML fragment, found by cleaning it and comparing
/// elements and attributes before and after, so the warning names exactly what ammonia did.
fn sanitised_away(html: &str) -> Vec<Text> {
    let before: Vec<html_scan::RawTag> = html_scan::tags(html).collect();
    if before.iter().all(|t| t.closing) {
        return Vec::new();
    }
    let cleaned = sanitiser().clean(html).to_string();
    let after: Vec<html_scan::RawTag> = html_scan::tags(&cleaned).collect();
    let mut kept: HashMap<&str, usize> = HashMap::new();
    let mut kept_attrs: HashSet<(&str, &str)> = HashSet::new();
    for t in after.iter().filter(|t| !t.closing) {
        *kept.entry(t.name.as_str()).or_default() += 1;
        for (n, _) in &t.attrs {
            kept_attrs.insert((t.name.as_str(), n.as_str()));
        }
    }
    let mut found: Vec<Text> = Vec::new();
    let mut push = |what: Text| {
        if !found.contains(&what) {
            found.push(what);
        }
    };
    for t in before.iter().filter(|t| !t.closing) {
        match kept.get_mut(t.name.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                // Values may be re-encoded on the way out; a kept name is a kept attribute.
                for (attr, _) in &t.attrs {
                    if !kept_attrs.contains(&(t.name.as_str(), attr.as_str())) {
                        let (sv, en) = (
                            format!("attributet `{attr}` i `<{}>`", t.name),
                            format!("the attribute `{attr}` of `<{}>`", t.name),
                        );
                        push(Text::new(sv, en));
                    }
                }
            }
            _ => push(Text::new(format!("`<{}>`", t.name), format!("`<{}>`", t.name))),
        }
    }
    found
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
            "Text\n\n<div class=\"faktaruta\" onclick=\"x()\">Fakta<script>alert(1)</script></div>\n\n[klick](javascript:alert(1)) <img src=x onerror=alert(1) alt=\"\">\n",
            2,
            false,
            true,
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("onclick") && !r.html.contains("onerror"), "{}", r.html);
        assert!(!r.html.contains("javascript:"), "{}", r.html);
        assert!(r.html.contains(r#"<div class="faktaruta">"#), "{}", r.html);
        let what: Vec<&str> = r.removed.iter().map(|x| x.what.en.as_str()).collect();
        assert_eq!(
            what,
            [
                "the attribute `onclick` of `<div>`",
                "`<script>`",
                "the attribute `onerror` of `<img>`"
            ]
        );
        assert_eq!(r.removed[0].line, 5);
        // A script address is an error, not a silent repair.
        assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
        assert!(r.errors[0].message.text.contains("javascript:"), "{:?}", r.errors);
        assert_eq!((r.errors[0].line, r.errors[0].col), (7, 1));
    }

    #[test]
    fn removal_warnings_come_from_the_sanitiser_itself() {
        // Issue 13: <video>, <picture> and <source> used to vanish without a word.
        let r = render(
            "<video src=\"/film.mp4\" controls><source src=\"/film.webm\"></video>\n\n<picture><img src=\"/a.jpg\" alt=\"A\"></picture>\n",
            0,
            false,
            true,
        );
        let what: Vec<&str> = r.removed.iter().map(|x| x.what.en.as_str()).collect();
        assert_eq!(what, ["`<video>`", "`<source>`", "`<picture>`"]);
        // Allowed markup is not reported.
        let r = render(
            "<details><summary>Mer</summary>Text <abbr title=\"x\">x</abbr></details>\n",
            0,
            false,
            true,
        );
        assert!(r.removed.is_empty(), "{:?}", r.removed);
    }

    #[test]
    fn raw_links_and_images_are_checked_like_markdown_ones() {
        let r = render(
            "Se <a href=\"/nyheter/x/\">x</a>.\n\n<img src=\"/bilder/a.jpg\">\n\n<img src=\"/b.jpg\" alt=\"\" role=\"presentation\">\n\n<a href=\"jav&#x61;script:x\">y</a>\n",
            0,
            false,
            true,
        );
        let dests: Vec<(&str, bool, usize, usize)> = r
            .links
            .iter()
            .map(|l| (l.dest.as_str(), l.is_image, l.line, l.col))
            .collect();
        assert_eq!(
            dests,
            [
                ("/nyheter/x/", false, 1, 4),
                ("/bilder/a.jpg", true, 3, 1),
                ("/b.jpg", true, 5, 1)
            ]
        );
        assert_eq!(r.images.len(), 2);
        assert!(r.images[0].alt.is_empty() && !r.images[0].decorative);
        assert!(r.images[1].decorative);
        assert_eq!(r.errors.len(), 1);
        assert_eq!(r.errors[0].line, 7);
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
    fn deep_nesting_is_refused_before_anything_recursive() {
        for deep in [
            "> ".repeat(20_000) + "x\n",
            "- ".repeat(10_000) + "a\n",
            "<div>".repeat(100_000),
            "Text ".to_string() + &"<span>".repeat(100),
        ] {
            let start = std::time::Instant::now();
            let r = render(&deep, 3, false, true);
            assert!(r.html.is_empty(), "{}", &r.html[..100.min(r.html.len())]);
            assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
            assert!(r.errors[0].line >= 4, "{:?}", r.errors);
            assert!(start.elapsed().as_millis() < 1000, "{:?}", start.elapsed());
        }
        // Real nesting is far below the limit.
        let ok = "> - a\n>   - b\n>     - *c* <span><b>d</b></span>\n";
        assert!(render(ok, 0, false, true).errors.is_empty());
    }
}
