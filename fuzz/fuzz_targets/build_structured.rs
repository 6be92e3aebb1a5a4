//! Fuzz target: an article made of front matter and Markdown from `arbitrary`, so the
//! fuzzer spends its time past the YAML parser: nesting, raw HTML, links and addresses,
//! tags, images and facts, through the whole build path with minification.
#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Article {
    title: String,
    date: (u8, u8, u8),
    summary: Option<String>,
    tags: Vec<String>,
    image: Option<(Url, String)>,
    blocks: Vec<Block>,
    facts: Vec<(String, Option<Url>)>,
}

#[derive(Arbitrary, Debug)]
enum Block {
    Paragraph(Vec<Inline>),
    Heading(u8, Vec<Inline>),
    /// Nesting depth and items: lists and quotes are where the stack overflow was.
    List(u8, Vec<Vec<Inline>>),
    Quote(u8, Vec<Inline>),
    Html(u8, Tag, Vec<Inline>),
    Code(String),
    Table(Vec<Vec<String>>),
}

#[derive(Arbitrary, Debug)]
enum Inline {
    Text(String),
    Emphasis(String),
    Strong(String),
    Link(String, Url),
    Image(String, Url),
    RawTag(Tag, String),
}

#[derive(Arbitrary, Debug)]
enum Tag {
    Div,
    Span,
    A(Url),
    Img(Url, Option<String>),
    Video(Url),
    Picture,
    Source(Url),
    Script,
    Details,
    Other(String, Vec<(String, String)>),
}

#[derive(Arbitrary, Debug)]
enum Url {
    Internal(String),
    External(String),
    Javascript(String),
    Data(String),
    Anchor(String),
    Raw(String),
}

impl Url {
    fn text(&self) -> String {
        match self {
            Url::Internal(s) => format!("/nyheter/{s}/"),
            Url::External(s) => format!("https://example.se/{s}"),
            Url::Javascript(s) => format!("JaVa\tscript:{s}"),
            Url::Data(s) => format!("data:{s}"),
            Url::Anchor(s) => format!("#{s}"),
            Url::Raw(s) => s.clone(),
        }
    }
}

fn attr(s: &str) -> String {
    s.replace('"', "&quot;")
}

impl Tag {
    fn open_close(&self) -> (String, String) {
        match self {
            Tag::Div => ("<div class=\"faktaruta\">".into(), "</div>".into()),
            Tag::Span => ("<span>".into(), "</span>".into()),
            Tag::A(u) => (format!("<a href=\"{}\">", attr(&u.text())), "</a>".into()),
            Tag::Img(u, alt) => (
                format!(
                    "<img src=\"{}\"{}>",
                    attr(&u.text()),
                    alt.as_ref()
                        .map(|a| format!(" alt=\"{}\"", attr(a)))
                        .unwrap_or_default()
                ),
                String::new(),
            ),
            Tag::Video(u) => (
                format!("<video src=\"{}\" controls>", attr(&u.text())),
                "</video>".into(),
            ),
            Tag::Picture => ("<picture>".into(), "</picture>".into()),
            Tag::Source(u) => (format!("<source src=\"{}\">", attr(&u.text())), String::new()),
            Tag::Script => ("<script>".into(), "</script>".into()),
            Tag::Details => ("<details><summary>Mer</summary>".into(), "</details>".into()),
            Tag::Other(name, attrs) => {
                let name: String = name.chars().filter(char::is_ascii_alphanumeric).take(12).collect();
                let name = if name.is_empty() { "x".to_string() } else { name };
                let attrs: String = attrs
                    .iter()
                    .map(|(k, v)| {
                        let k: String = k.chars().filter(char::is_ascii_alphanumeric).take(12).collect();
                        format!(" {}=\"{}\"", if k.is_empty() { "data-x".into() } else { k }, attr(v))
                    })
                    .collect();
                (format!("<{name}{attrs}>"), format!("</{name}>"))
            }
        }
    }
}

fn inline(parts: &[Inline]) -> String {
    parts
        .iter()
        .map(|p| match p {
            Inline::Text(s) => s.clone(),
            Inline::Emphasis(s) => format!("*{s}*"),
            Inline::Strong(s) => format!("**{s}**"),
            Inline::Link(t, u) => format!("[{t}]({})", u.text()),
            Inline::Image(t, u) => format!("![{t}]({})", u.text()),
            Inline::RawTag(tag, s) => {
                let (open, close) = tag.open_close();
                format!("{open}{s}{close}")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Paragraph(p) => out.push_str(&inline(p)),
            Block::Heading(level, p) => {
                out.push_str(&"#".repeat(usize::from(level % 7).max(1)));
                out.push(' ');
                out.push_str(&inline(p));
            }
            Block::List(depth, items) => {
                for (i, item) in items.iter().enumerate() {
                    let d = usize::from(*depth) * (i + 1) % 256;
                    out.push_str(&"- ".repeat(d.max(1)));
                    out.push_str(&inline(item));
                    out.push('\n');
                }
            }
            Block::Quote(depth, p) => {
                out.push_str(&"> ".repeat(usize::from(*depth)));
                out.push_str(&inline(p));
            }
            Block::Html(depth, tag, p) => {
                let (open, close) = tag.open_close();
                let n = usize::from(*depth);
                out.push_str(&open.repeat(n.max(1)));
                out.push_str(&inline(p));
                out.push_str(&close.repeat(n.max(1)));
            }
            Block::Code(s) => {
                out.push_str("```\n");
                out.push_str(s);
                out.push_str("\n```");
            }
            Block::Table(rows) => {
                for (i, row) in rows.iter().enumerate() {
                    out.push_str(&format!("| {} |\n", row.join(" | ")));
                    if i == 0 {
                        out.push_str(&format!("|{}|\n", vec![":-:"; row.len().max(1)].join("|")));
                    }
                }
            }
        }
        out.push_str("\n\n");
    }
    out
}

/// JSON strings are YAML double-quoted scalars: the harness needs no YAML writer.
fn q(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

fuzz_target!(|a: Article| {
    let (y, m, d) = a.date;
    let mut text = format!(
        "---\ntitle: {}\ndate: {:04}-{:02}-{:02}\n",
        q(&a.title),
        2000 + u32::from(y % 40),
        1 + m % 12,
        1 + d % 28
    );
    if let Some(s) = &a.summary {
        text.push_str(&format!("summary: {}\n", q(s)));
    }
    let tags: Vec<String> = a.tags.iter().map(|t| q(t)).collect();
    text.push_str(&format!("tags: [{}]\n", tags.join(", ")));
    if let Some((src, alt)) = &a.image {
        text.push_str(&format!("image:\n  src: {}\n  alt: {}\n", q(&src.text()), q(alt)));
    }
    text.push_str("---\n");
    text.push_str(&markdown(&a.blocks));
    let facts: String = a
        .facts
        .iter()
        .map(|(t, link)| {
            let mut f = format!("- text: {}\n", q(t));
            if let Some(l) = link {
                f.push_str(&format!("  link: {}\n", q(&l.text())));
            }
            f
        })
        .collect();
    let facts = (!facts.is_empty()).then_some(facts.as_bytes());
    let _ = notis::build::fuzzing::build_article(text.as_bytes(), facts);
});
