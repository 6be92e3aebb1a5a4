//! html_scan: a small, linear tokenizer for the raw HTML writers put in Markdown.
//!
//! Not a parser and never the safety net (ammonia is): it only finds the tags and
//! attributes a writer typed, so notis can check their addresses and alt texts,
//! bound their nesting before anything recursive sees them, and name what the
//! sanitiser removed. One pass over the input, no backtracking.

/// One start or end tag as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTag {
    /// Lowercased element name.
    pub name: String,
    /// (lowercased name, value with the common entities decoded) in source order.
    pub attrs: Vec<(String, String)>,
    pub closing: bool,
    /// `<br/>`-style or a void element: opens nothing.
    pub empty: bool,
    /// Byte offset of the `<` in the scanned text.
    pub offset: usize,
}

impl RawTag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
];

/// Elements whose end tag may be left out; they close themselves, so they do not deepen.
const SELF_CLOSING: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "rt", "rp",
];

/// Every tag in `html`, in order, read lazily (a caller that stops early pays only for
/// what it read). Comments, doctypes and text are skipped.
pub fn tags(html: &str) -> Tags<'_> {
    Tags { html, i: 0 }
}

/// The iterator behind [`tags`].
pub struct Tags<'a> {
    html: &'a str,
    i: usize,
}

impl Iterator for Tags<'_> {
    type Item = RawTag;

    fn next(&mut self) -> Option<RawTag> {
        let html = self.html;
        let bytes = html.as_bytes();
        while let Some(rel) = html[self.i..].find('<') {
            let start = self.i + rel;
            self.i = start + 1;
            if html[self.i..].starts_with("!--") {
                self.i = html[self.i..].find("-->").map_or(html.len(), |e| self.i + e + 3);
                continue;
            }
            let closing = bytes.get(self.i) == Some(&b'/');
            let name_start = if closing { self.i + 1 } else { self.i };
            if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
                continue;
            }
            let name_end = html[name_start..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .map_or(html.len(), |e| name_start + e);
            let name = html[name_start..name_end].to_ascii_lowercase();
            let (attrs, end, slash) = attributes(html, name_end);
            self.i = end;
            let empty = !closing && (slash || VOID.contains(&name.as_str()));
            return Some(RawTag {
                name,
                attrs,
                closing,
                empty,
                offset: start,
            });
        }
        self.i = html.len();
        None
    }
}

/// Reads attributes from `at` to the tag's `>`; returns them, the offset after `>`, and
/// whether the tag ended in `/>`.
fn attributes(html: &str, mut at: usize) -> (Vec<(String, String)>, usize, bool) {
    let bytes = html.as_bytes();
    let mut attrs = Vec::new();
    let mut slash = false;
    loop {
        while bytes.get(at).is_some_and(|b| b.is_ascii_whitespace()) {
            at += 1;
        }
        match bytes.get(at) {
            None => return (attrs, at, slash),
            Some(b'>') => return (attrs, at + 1, slash),
            Some(b'/') => {
                slash = true;
                at += 1;
                continue;
            }
            _ => {}
        }
        slash = false;
        let name_end = html[at..]
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>' || c == '/')
            .map_or(html.len(), |e| at + e)
            .max(at + 1)
            .min(html.len());
        let name = html[at..name_end].to_ascii_lowercase();
        at = name_end;
        let mut probe = at;
        while bytes.get(probe).is_some_and(|b| b.is_ascii_whitespace()) {
            probe += 1;
        }
        let mut value = String::new();
        if bytes.get(probe) == Some(&b'=') {
            at = probe + 1;
            while bytes.get(at).is_some_and(|b| b.is_ascii_whitespace()) {
                at += 1;
            }
            let (raw, next) = match bytes.get(at) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = html[at + 1..].find(q as char).map_or(html.len(), |e| at + 1 + e);
                    (&html[(at + 1).min(end)..end], (end + 1).min(html.len()))
                }
                _ => {
                    let end = html[at..]
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .map_or(html.len(), |e| at + e);
                    (&html[at..end], end)
                }
            };
            value = decode_entities(raw);
            at = next;
        }
        attrs.push((name, value));
    }
}

/// Decodes numeric character references and the few named ones that hide a scheme.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|e| e + 1);
        let (entity, after) = match end {
            Some(e) => (&rest[1..e], if rest[e..].starts_with(';') { e + 1 } else { e }),
            None => (&rest[1..], rest.len()),
        };
        let decoded = match entity.to_ascii_lowercase().as_str() {
            "colon" => Some(':'),
            "tab" => Some('\t'),
            "newline" => Some('\n'),
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16).ok().and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[after..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// How deeply raw HTML elements are nested, followed across fragments.
#[derive(Debug, Default, Clone, Copy)]
pub struct Depth {
    pub current: usize,
}

impl Depth {
    /// Applies one tag; returns the depth after it.
    pub fn apply(&mut self, tag: &RawTag) -> usize {
        if tag.empty || SELF_CLOSING.contains(&tag.name.as_str()) {
        } else if tag.closing {
            self.current = self.current.saturating_sub(1);
        } else {
            self.current += 1;
        }
        self.current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_tags_attributes_and_entities() {
        let t: Vec<RawTag> = tags(
            "Text <!-- <a href=x> --><A HREF='jav&#x61;script&colon;x()' title=\"a > b\">l</a><img src=/b.jpg alt=Karta /><br>",
        )
        .collect();
        let names: Vec<(&str, bool)> = t.iter().map(|t| (t.name.as_str(), t.closing)).collect();
        assert_eq!(names, [("a", false), ("a", true), ("img", false), ("br", false)]);
        assert_eq!(t[0].attr("href"), Some("javascript:x()"));
        assert_eq!(t[0].attr("title"), Some("a > b"));
        assert_eq!(t[2].attr("src"), Some("/b.jpg"));
        assert_eq!(t[2].attr("alt"), Some("Karta"));
        assert!(t[2].empty && t[3].empty && !t[0].empty);
    }

    #[test]
    fn depth_counts_nesting_but_not_void_or_self_closing_elements() {
        let mut d = Depth::default();
        let max = tags("<div><section><p>a<p>b<br><img src=x><div></div></section></div>")
            .map(|t| d.apply(&t))
            .max();
        assert_eq!(max, Some(3));
        assert_eq!(d.current, 0);
    }

    #[test]
    fn is_linear_on_hostile_input() {
        let deep = "<div a=\"".repeat(50_000) + &"<".repeat(50_000);
        let start = std::time::Instant::now();
        let _ = tags(&deep).count();
        assert!(start.elapsed().as_secs() < 2);
    }
}
