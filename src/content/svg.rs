//! svg: an SVG is published as it is, so one that could run script or fetch from another
//! site is refused, naming the line and column of each thing that could.
//!
//! Refused rather than sanitised. A sanitiser has to know every way that SVG, and the HTML
//! and CSS it can carry, runs code or loads something, and it silently publishes a file
//! other than the one the author saved and looked at; a miss means script on the
//! municipality's own domain. A refusal has a short list to get right (anything it does not
//! understand stays refused), names the spot so the author can delete it in an editor, and
//! what is published is then byte for byte what they checked. Logos and icons from a
//! drawing program need neither script nor outside addresses, so honest files pass.
//!
//! Parsed as XML (roxmltree: namespace aware, positions for every node and attribute, no
//! DTD unless asked), never searched as text. A DOCTYPE is refused outright: its ENTITY
//! declarations are how "billion laughs" makes an XML reader expand gigabytes, and browsers
//! never fetch the DTD it names, so deleting it changes nothing in how the image looks.
//!
//! Pure: bytes in, findings out; the loading stage reads the files and reports.

use roxmltree::{Document, Node, NodeType, ParsingOptions};

use crate::diag::error::LineIndex;
use crate::diag::messages::SvgRisk;

const XLINK: &str = "http://www.w3.org/1999/xlink";
const XML: &str = "http://www.w3.org/XML/1998/namespace";
const XHTML: &str = "http://www.w3.org/1999/xhtml";
/// A hostile file could otherwise make one run print thousands of lines.
const MAX_FINDINGS: usize = 20;
/// Bounds the memory a huge generated file can take while parsed.
const MAX_NODES: u32 = 2_000_000;
/// The largest SVG published. A logo, an icon or a map is well under 1 MB; a file of
/// several MB is a drawing program's mistake (embedded photos, millions of points) that
/// would slow every page showing it, and the bound keeps the check's time and memory small.
pub const MAX_BYTES: u64 = 5 * 1024 * 1024;

/// One thing in an SVG file that makes it unsafe to publish, with its 1-based position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub line: usize,
    pub col: usize,
    pub risk: SvgRisk,
}

/// Whether a path under static/ or theme/ is an SVG that must pass [`check_file`].
pub fn is_svg(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".svg") || lower.ends_with(".svgz")
}

/// [`check`] for the file at `path`. A gzipped SVG (`.svgz`) is refused unread: checking it
/// would mean unpacking untrusted data of any size, and the plain file is just as usable.
pub fn check_file(path: &str, bytes: &[u8]) -> Vec<Finding> {
    if path.to_ascii_lowercase().ends_with(".svgz") {
        return vec![Finding {
            line: 0,
            col: 0,
            risk: SvgRisk::Compressed,
        }];
    }
    if let Some(too_large) = size_finding(bytes.len() as u64) {
        return vec![too_large];
    }
    check(bytes)
}

/// The refusal of a file of `len` bytes over [`MAX_BYTES`], if it is; the loading stage
/// asks this before reading a file from static/, so a huge one is never read.
pub fn size_finding(len: u64) -> Option<Finding> {
    (len > MAX_BYTES).then_some(Finding {
        line: 0,
        col: 0,
        risk: SvgRisk::TooLarge(len),
    })
}

/// Everything in `bytes` (an SVG file) that could run script or fetch from another site;
/// empty when it is safe to publish as it is.
pub fn check(bytes: &[u8]) -> Vec<Finding> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return vec![Finding {
            line: 1,
            col: 1,
            risk: SvgRisk::NotUtf8,
        }];
    };
    // Editors on Windows save a byte order mark; the XML reader wants the text after it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    let doc = match Document::parse_with_options(text, options) {
        Ok(doc) => doc,
        Err(roxmltree::Error::DtdDetected) => {
            // The reader stops at the DOCTYPE without saying where; it can only follow the
            // XML declaration, comments and processing instructions, so this is the first.
            let at = text.find("<!DOCTYPE").unwrap_or(0);
            let (line, col) = LineIndex::new(text).position(text, at);
            return vec![Finding {
                line,
                col,
                risk: SvgRisk::Doctype,
            }];
        }
        Err(e) => {
            let pos = e.pos();
            return vec![Finding {
                line: pos.row as usize,
                col: pos.col as usize,
                risk: SvgRisk::Unparsable(e.to_string()),
            }];
        }
    };
    let mut found = Vec::new();
    for node in doc.descendants() {
        match node.node_type() {
            NodeType::PI if node.pi().is_some_and(|pi| pi.target == "xml-stylesheet") => {
                found.push((node.range().start, SvgRisk::Stylesheet));
            }
            NodeType::Element => found.extend(element_risks(node)),
            _ => {}
        }
        if found.len() >= MAX_FINDINGS {
            break;
        }
    }
    found.truncate(MAX_FINDINGS);
    found
        .into_iter()
        .map(|(offset, risk)| {
            let pos = doc.text_pos_at(offset);
            Finding {
                line: pos.row as usize,
                col: pos.col as usize,
                risk,
            }
        })
        .collect()
}

/// The risks of one element: itself, its attributes and, for `<style>`, its CSS; each at
/// its byte offset in the file.
fn element_risks(node: Node) -> Vec<(usize, SvgRisk)> {
    let mut found = Vec::new();
    let input = node.document().input_text();
    let written = |range: std::ops::Range<usize>| input.get(range).unwrap_or_default().to_string();
    let name = node.tag_name();
    let local = name.name().to_ascii_lowercase();
    let tag = written(node.range().start + 1..node.range().start + 1 + qname_len(input, node.range().start + 1));
    if matches!(local.as_str(), "script" | "handler" | "listener") {
        found.push((node.range().start, SvgRisk::Script(tag)));
    } else if name.namespace() == Some(XHTML)
        || matches!(
            local.as_str(),
            "foreignobject" | "iframe" | "embed" | "object" | "frame"
        )
    {
        found.push((node.range().start, SvgRisk::Embedded(tag)));
    }
    // `<set attributeName="href" to="…">` gives an element a new address while it shows.
    let animates_href = node
        .attributes()
        .any(|a| a.name() == "attributeName" && a.value().rsplit(':').next() == Some("href"));
    for attr in node.attributes() {
        let at = attr.range().start;
        let local = attr.name().to_ascii_lowercase();
        let value = attr.value();
        if local.starts_with("on") {
            found.push((at, SvgRisk::Event(written(attr.range_qname()))));
            continue;
        }
        if is_script_url(value) {
            found.push((at, SvgRisk::ScriptUrl(written(attr.range_qname()))));
            continue;
        }
        let is_address = match attr.namespace() {
            None => matches!(local.as_str(), "href" | "src"),
            Some(XLINK) => local == "href",
            Some(XML) => local == "base",
            Some(_) => false,
        };
        if is_address {
            found.extend(url_risk(value).map(|r| (at, r)));
        } else if animates_href && matches!(local.as_str(), "to" | "from" | "by" | "values") {
            found.extend(value.split(';').filter_map(url_risk).map(|r| (at, r)));
        } else if attr.namespace().is_none() && !is_plain_text(&local) {
            // `style` and the presentation attributes (fill, filter, mask, cursor, marker-*…)
            // are read by the browser's CSS parser, escapes included: `fill="u\72l(…)"` is
            // `url(…)`. So every attribute without a namespace is read as CSS, except the
            // few that are never CSS.
            found.extend(css_risks(value).into_iter().map(|(_, r)| (at, r)));
        } else {
            // Attributes of other namespaces (an editor's own, e.g. `inkscape:label`) are
            // not CSS to a browser; url(…) in them is still checked.
            found.extend(
                css_urls(value)
                    .into_iter()
                    .filter_map(|(_, _, u)| url_risk(u))
                    .map(|r| (at, r)),
            );
        }
    }
    if local == "style" {
        for text in node.children().filter(|c| c.is_text()) {
            let css = text.text().unwrap_or_default();
            let start = text.range().start;
            // Offsets within the CSS map to the file only when the text is there as it is
            // (no entities or CDATA markers in between); otherwise the text's start is named.
            let exact = input.get(text.range()) == Some(css);
            found.extend(
                css_risks(css)
                    .into_iter()
                    .map(|(i, r)| (if exact { start + i } else { start }, r)),
            );
        }
    }
    found
}

/// Attributes without a namespace that no browser reads as CSS: names and free text, where
/// a backslash (a Windows path in a description) is honest.
fn is_plain_text(local: &str) -> bool {
    matches!(local, "id" | "class" | "lang" | "title") || local.starts_with("aria-") || local.starts_with("data-")
}

/// The length of the qualified name that starts at `from` in `input`.
fn qname_len(input: &str, from: usize) -> usize {
    input
        .get(from..)
        .unwrap_or_default()
        .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .unwrap_or(0)
}

/// An address as a browser reads it: tabs and newlines anywhere and spaces and control
/// characters at either end do not count.
fn normalise_url(url: &str) -> String {
    url.chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .trim_matches(|c: char| c <= ' ')
        .to_ascii_lowercase()
}

fn is_script_url(value: &str) -> bool {
    let url = normalise_url(value);
    // Anywhere, not only at the start: `values="#a;javascript:…"` and CSS both nest addresses.
    url.contains("javascript:") || url.contains("vbscript:")
}

/// Why an address must not be in a published SVG, or None for one on this site (relative,
/// root-relative or a fragment) or an embedded raster image.
fn url_risk(value: &str) -> Option<SvgRisk> {
    if is_script_url(value) {
        return Some(SvgRisk::ScriptUrl("url".to_string()));
    }
    address_risk(value)
}

/// [`url_risk`] without the search for a script address anywhere in `value`: reads only as
/// far as its start decides (the first two characters, the scheme, a `data:` address's
/// type), so a CSS text of many overlapping `url(url(url(…` is judged in linear time.
fn address_risk(value: &str) -> Option<SvgRisk> {
    // The address as a browser reads it: spaces and control characters at the start and
    // tabs and newlines anywhere do not count.
    let mut chars = value
        .chars()
        .skip_while(|&c| c <= ' ')
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| c.to_ascii_lowercase())
        .peekable();
    let external = || Some(SvgRisk::External(shorten(value.trim_start()).trim_end().to_string()));
    let first = *chars.peek()?;
    let mut scheme = String::new();
    while let Some(&c) = chars.peek() {
        if !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) {
            break;
        }
        scheme.push(c);
        chars.next();
    }
    let next = chars.next();
    if scheme.is_empty() {
        // `//host/x` and `\\host\x` (browsers read backslashes as slashes) name another host.
        let second = next.and_then(|_| chars.next());
        return match (first, second) {
            ('/' | '\\', Some('/' | '\\')) => external(),
            _ => None,
        };
    }
    if next != Some(':') || !first.is_ascii_alphabetic() {
        return None;
    }
    match scheme.as_str() {
        "javascript" | "vbscript" => Some(SvgRisk::ScriptUrl("url".to_string())),
        "data" => {
            // The type is at most a few characters; reading no further keeps this bounded.
            let kind: String = chars.take_while(|&c| c != ';' && c != ',').take(16).collect();
            let raster = ["image/png", "image/jpeg", "image/gif", "image/webp"];
            if raster.contains(&kind.as_str()) {
                None
            } else {
                external()
            }
        }
        _ => external(),
    }
}

fn shorten(url: &str) -> String {
    const MAX: usize = 80;
    match url.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &url[..i]),
        None => url.to_string(),
    }
}

/// The risks in a piece of CSS (a `style` attribute or element, a presentation attribute),
/// at byte offsets in it: every `url(…)` and quoted string (`@import "…"`, `image-set("…")`)
/// is an address to check, and a backslash escape is refused because it could spell `url`
/// unseen. Linear in the length of `css`: the strings and the `url(…)`s are both in order,
/// so whether a string lies inside a `url(…)` is found by walking the two lists together.
fn css_risks(css: &str) -> Vec<(usize, SvgRisk)> {
    let mut found = Vec::new();
    if let Some(i) = css.find('\\') {
        found.push((i, SvgRisk::CssEscape));
    }
    let urls = css_urls(css);
    // A quoted address inside url(…) is checked once, as the url.
    let mut strings = Vec::new();
    let (mut next_url, mut covered_to) = (0, 0);
    for (i, text) in css_strings(css) {
        while let Some(&(_, end, _)) = urls.get(next_url).filter(|u| u.0 <= i) {
            covered_to = covered_to.max(end);
            next_url += 1;
        }
        if covered_to <= i {
            strings.push((i, text));
        }
    }
    for (i, url) in urls.iter().map(|&(i, _, u)| (i, u)).chain(strings) {
        if let Some(r) = address_risk(url) {
            found.push((i, r));
        }
    }
    // One search of the whole text instead of one per (possibly overlapping) address.
    if !found.iter().any(|(_, r)| matches!(r, SvgRisk::ScriptUrl(_))) && is_script_url(css) {
        let lower = css.to_ascii_lowercase();
        // Where it is written plainly; split by tabs or newlines, at the start of the CSS.
        let at = lower
            .find("javascript:")
            .or_else(|| lower.find("vbscript:"))
            .unwrap_or(0);
        found.push((at, SvgRisk::ScriptUrl("url".to_string())));
    }
    found.sort_by_key(|(i, _)| *i);
    found
}

/// The arguments of every `url(…)` in `css` (leading spaces and quotes removed; the end
/// trimmed only when short, so that overlapping arguments of an unclosed `url(url(…` are
/// never walked again), with where each starts and where its `)` is.
fn css_urls(css: &str) -> Vec<(usize, usize, &str)> {
    const TRIMMED: usize = 4096;
    let lower = css.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut from = 0;
    // The first `)` at or after `from`; it only moves forward, so finding them all is linear.
    let mut close = 0;
    while let Some(i) = lower[from..].find("url(").map(|i| i + from) {
        let open = i + 4;
        if close < open {
            close = css[open..].find(')').map_or(css.len(), |c| open + c);
        }
        let arg = css[open..close].trim_start().trim_start_matches(['"', '\'']);
        let arg = if arg.len() <= TRIMMED {
            arg.trim_end().trim_end_matches(['"', '\''])
        } else {
            arg
        };
        found.push((i, close, arg));
        from = open;
    }
    found
}

/// The contents of every quoted string in `css`, at their offsets (comments skipped).
fn css_strings(css: &str) -> Vec<(usize, &str)> {
    let bytes = css.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    // Byte steps are safe: the characters looked for are ASCII, which never occurs inside
    // a multi-byte UTF-8 character.
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = css[i + 2..].find("*/").map_or(css.len(), |e| i + 2 + e + 2);
            }
            quote @ (b'"' | b'\'') => {
                let body = &css[i + 1..];
                let end = body.find(char::from(quote)).unwrap_or(body.len());
                found.push((i, &body[..end]));
                i += 1 + end + 1;
            }
            _ => i += 1,
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn risks(svg: &str) -> Vec<(usize, usize, SvgRisk)> {
        check(svg.as_bytes())
            .into_iter()
            .map(|f| (f.line, f.col, f.risk))
            .collect()
    }

    const OPEN: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">"#;

    #[test]
    fn the_themes_favicon_and_a_drawing_programs_logo_pass() {
        assert_eq!(risks(include_str!("../../theme/favicon.svg")), []);
        let logo = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- Generator: Inkscape -->\n{OPEN}\n\
             <defs><linearGradient id=\"g\"><stop offset=\"0\"/></linearGradient>\
             <style>.a{{fill:url(#g);font-family:\"Open Sans\"}}</style></defs>\
             <a href=\"/nyheter/\"><rect class=\"a\" fill=\"url('#g')\" width=\"10\" height=\"10\"/></a>\
             <use xlink:href=\"#g\"/><image href=\"data:image/png;base64,iVBORw0KGgo=\" width=\"1\" height=\"1\"/>\
             <image href=\"bild.png\"/></svg>"
        );
        assert_eq!(risks(&logo), []);
    }

    #[test]
    fn script_elements_and_event_attributes_are_found_where_they_are() {
        let svg = format!("{OPEN}\n  <script>alert(1)</script>\n<rect ONLOAD=\"x()\"/></svg>");
        assert_eq!(
            risks(&svg),
            [
                (2, 3, SvgRisk::Script("script".into())),
                (3, 7, SvgRisk::Event("ONLOAD".into())),
            ]
        );
        // A prefix does not hide it.
        let prefixed = r#"<s:svg xmlns:s="http://www.w3.org/2000/svg"><s:script/></s:svg>"#;
        assert_eq!(risks(prefixed), [(1, 45, SvgRisk::Script("s:script".into()))]);
    }

    #[test]
    fn javascript_addresses_are_found_however_they_are_written() {
        for href in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "java&#x09;script:alert(1)",
            "&#106;avascript:x",
        ] {
            let svg = format!("{OPEN}<a xlink:href=\"{href}\"/></svg>");
            assert!(
                matches!(risks(&svg)[..], [(_, _, SvgRisk::ScriptUrl(_))]),
                "{href}: {:?}",
                risks(&svg)
            );
        }
        let animated = format!("{OPEN}<a><set attributeName=\"href\" to=\"javascript:x\"/></a></svg>");
        assert!(matches!(risks(&animated)[..], [(_, _, SvgRisk::ScriptUrl(_))]));
    }

    #[test]
    fn embedded_html_is_refused() {
        let svg =
            format!("{OPEN}<foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></foreignObject></svg>");
        let found = risks(&svg);
        assert_eq!(found[0].2, SvgRisk::Embedded("foreignObject".into()));
        assert_eq!(found[1].2, SvgRisk::Embedded("div".into()));
    }

    #[test]
    fn addresses_on_other_sites_are_refused_wherever_they_are() {
        let cases = [
            "<image href=\"https://example.com/a.png\"/>",
            "<image xlink:href=\"//example.com/a.png\"/>",
            "<use href=\"\\\\example.com\\a.svg#x\"/>",
            "<rect fill=\"url(https://example.com/p.svg#p)\"/>",
            "<rect style=\"fill: url( 'http://example.com/p.svg#p' )\"/>",
            "<style>@import \"https://example.com/a.css\";</style>",
            "<style>@import url(//example.com/a.css);</style>",
            "<g xml:base=\"https://example.com/\"/>",
            "<image href=\"data:image/svg+xml;base64,PHN2Zy8+\"/>",
            "<a><set attributeName=\"xlink:href\" to=\"https://example.com/\"/></a>",
        ];
        for case in cases {
            let svg = format!("{OPEN}{case}</svg>");
            let found = risks(&svg);
            assert!(matches!(found[..], [(_, _, SvgRisk::External(_))]), "{case}: {found:?}");
        }
    }

    #[test]
    fn a_css_escape_is_refused_at_its_place() {
        let svg = format!("{OPEN}<style>\n.a {{ fill: u\\72 l(x) }}</style></svg>");
        assert_eq!(risks(&svg), [(2, 13, SvgRisk::CssEscape)]);
    }

    /// Issue 31, item 2: a presentation attribute is CSS to the browser, escapes and all.
    #[test]
    fn a_css_escape_or_outside_address_in_a_presentation_attribute_is_refused() {
        for attr in [
            "fill",
            "stroke",
            "mask",
            "filter",
            "clip-path",
            "marker-start",
            "marker-mid",
            "marker-end",
            "cursor",
        ] {
            let svg = format!("{OPEN}\n<rect {attr}=\"u\\72l(http://other.example/x.svg#x)\"/></svg>");
            assert_eq!(risks(&svg), [(2, 7, SvgRisk::CssEscape)], "{attr}");
            let plain = format!("{OPEN}<rect {attr}=\"url('//other.example/x.svg#x')\"/></svg>");
            assert!(
                matches!(risks(&plain)[..], [(_, _, SvgRisk::External(_))]),
                "{attr}: {:?}",
                risks(&plain)
            );
            // A quoted address without url(…), as image-set() takes it.
            let quoted = format!("{OPEN}<rect {attr}=\"image-set('https://other.example/x.png' 1x)\"/></svg>");
            assert!(matches!(risks(&quoted)[..], [(_, _, SvgRisk::External(_))]), "{attr}");
        }
        // In an animation of a presentation attribute too.
        let animated = format!("{OPEN}<rect><animate attributeName=\"fill\" to=\"u\\rl(//e.se/x#a)\"/></rect></svg>");
        assert!(matches!(risks(&animated)[..], [(_, _, SvgRisk::CssEscape)]));
        // A backslash in a name, a description or an editor's own attribute is no CSS.
        let honest = format!(
            "{OPEN}<g xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\" \
             inkscape:export-filename=\"C:\\Users\\anna\\karta.png\" id=\"a\\b\" aria-label=\"a\\b\">\
             <rect fill=\"url(#g)\" stroke=\"#000\" font-family=\"'Open Sans'\"/></g></svg>"
        );
        assert_eq!(risks(&honest), []);
    }

    /// Issue 31, item 3: the check is linear. 200 000 `url("#a")` (3.4 MB) pass, and so do
    /// 400 000 unclosed `url(` whose arguments all run to the end of the text: with a scan
    /// per address, either would take minutes.
    #[test]
    fn many_addresses_in_css_are_checked_in_one_pass() {
        let rule = "a{fill:url(\"#a\")}";
        let css = rule.repeat(3_400_000 / rule.len());
        assert!(css.len() > 3_300_000);
        assert_eq!(css_risks(&css), []);
        let urls = css_urls(&css);
        assert_eq!(urls.len(), 3_400_000 / rule.len());
        assert_eq!(urls[1], (rule.len() + 7, rule.len() + 15, "#a"));

        let unclosed = format!("url(https://e.se/{}", "url(".repeat(400_000));
        let found = css_risks(&unclosed);
        assert_eq!(found.len(), 1, "the outside address, once");
        assert!(matches!(found[0], (0, SvgRisk::External(_))));
        let nested_data = "url(data:image/png;".to_string() + &"url(data:".repeat(300_000);
        assert_eq!(
            css_risks(&nested_data).len(),
            300_000,
            "each `data:` without a type is refused"
        );
        assert_eq!(address_risk(&" ".repeat(10)), None);
    }

    /// Issue 31, item 3: a file over the limit is refused by its size alone.
    #[test]
    fn a_file_over_five_megabytes_is_refused_unread() {
        let big = format!("{OPEN}{}</svg>", "<g/>".repeat(1_400_000));
        assert!(big.len() as u64 > MAX_BYTES);
        assert_eq!(
            check_file("karta.svg", big.as_bytes())[0].risk,
            SvgRisk::TooLarge(big.len() as u64)
        );
        assert_eq!(size_finding(MAX_BYTES), None);
    }

    #[test]
    fn a_doctype_is_refused_before_any_entity_is_expanded() {
        let laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n <!ENTITY a \"ha\">\n <!ENTITY b \"&a;&a;&a;&a;\">\n]>\n<svg>&b;</svg>";
        assert_eq!(risks(laughs), [(2, 1, SvgRisk::Doctype)]);
    }

    #[test]
    fn unparsable_or_not_utf8_is_refused_with_a_position() {
        let found = risks(&format!("{OPEN}\n<g></svg>"));
        assert!(matches!(found[..], [(2, _, SvgRisk::Unparsable(_))]), "{found:?}");
        assert_eq!(check(b"<svg>\xff</svg>")[0].risk, SvgRisk::NotUtf8);
        assert_eq!(check_file("karta.SVGZ", b"")[0].risk, SvgRisk::Compressed);
        assert_eq!(
            risks("<?xml-stylesheet href=\"a.css\"?><svg/>"),
            [(1, 1, SvgRisk::Stylesheet)]
        );
    }

    #[test]
    fn every_cut_of_a_hostile_file_is_refused_or_passes_without_a_panic() {
        let svg = format!(
            "<?xml version=\"1.0\"?>\n{OPEN}<style>/* x */ .a{{fill:url( \"http://e.se/ä\" )}} '</style>\
             <a xlink:href=\"jav&#x61;script:x\"><set attributeName=\"href\" values=\"#a;//e.se\"/></a>\
             <rect style=\"fill:url(\" onclick=\"x\"/></svg>"
        );
        for cut in (0..=svg.len()).filter(|&i| svg.is_char_boundary(i)) {
            let found = check(&svg.as_bytes()[..cut]);
            assert!(!found.is_empty(), "a cut at {cut} passed");
            assert!(found.iter().all(|f| f.line >= 1 && f.col >= 1), "{found:?}");
        }
    }
}
