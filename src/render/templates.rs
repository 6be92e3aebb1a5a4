//! Templates and theme assets: embedded defaults merged with the site's overrides.
//!
//! A file in the site's templates/ or theme/ replaces the built-in one of the
//! same name; each name keeps its origin so errors point at the right file.

use std::collections::BTreeMap;

use crate::content::SourceFile;
use crate::diag::error::Diagnostic;

/// Built-in templates, sorted by name.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("404.html", include_str!("../../templates/404.html")),
    ("archive.html", include_str!("../../templates/archive.html")),
    ("archive_year.html", include_str!("../../templates/archive_year.html")),
    ("article.html", include_str!("../../templates/article.html")),
    ("atom.xml", include_str!("../../templates/atom.xml")),
    ("base.html", include_str!("../../templates/base.html")),
    ("crisis.html", include_str!("../../templates/crisis.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("listing.html", include_str!("../../templates/listing.html")),
    ("page.html", include_str!("../../templates/page.html")),
    (
        "partials/article_list.html",
        include_str!("../../templates/partials/article_list.html"),
    ),
    (
        "partials/contacts.html",
        include_str!("../../templates/partials/contacts.html"),
    ),
    (
        "partials/crisis_summary.html",
        include_str!("../../templates/partials/crisis_summary.html"),
    ),
    (
        "partials/feedback.html",
        include_str!("../../templates/partials/feedback.html"),
    ),
    (
        "partials/footer.html",
        include_str!("../../templates/partials/footer.html"),
    ),
    (
        "partials/helpful.html",
        include_str!("../../templates/partials/helpful.html"),
    ),
    (
        "partials/pagination.html",
        include_str!("../../templates/partials/pagination.html"),
    ),
    (
        "partials/share.html",
        include_str!("../../templates/partials/share.html"),
    ),
    (
        "partials/subscribe.html",
        include_str!("../../templates/partials/subscribe.html"),
    ),
    (
        "partials/updates.html",
        include_str!("../../templates/partials/updates.html"),
    ),
    ("redirect.html", include_str!("../../templates/redirect.html")),
    ("report.html", include_str!("../../templates/report.html")),
    ("rss.xml", include_str!("../../templates/rss.xml")),
    ("search.html", include_str!("../../templates/search.html")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
    ("thanks.html", include_str!("../../templates/thanks.html")),
    ("thanks_answer.html", include_str!("../../templates/thanks_answer.html")),
    ("thanks_report.html", include_str!("../../templates/thanks_report.html")),
    ("topic.html", include_str!("../../templates/topic.html")),
    ("topics.html", include_str!("../../templates/topics.html")),
];

/// Built-in theme assets, sorted by path; written under /tema/.
pub const THEME: &[(&str, &[u8])] = &[
    ("favicon.svg", include_bytes!("../../theme/favicon.svg")),
    ("notis.css", include_bytes!("../../theme/notis.css")),
    ("sok.js", include_bytes!("../../theme/sok.js")),
    ("svar.js", include_bytes!("../../theme/svar.js")),
    ("tack.js", include_bytes!("../../theme/tack.js")),
];

/// Where a template came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    /// Path relative to the site root, e.g. `templates/article.html`.
    Site(String),
}

impl Origin {
    pub fn display(&self, name: &str) -> String {
        match self {
            Origin::BuiltIn => format!("<built-in>/templates/{name}"),
            Origin::Site(path) => path.clone(),
        }
    }
}

/// Name → (source, origin), site overrides winning.
pub fn merge_templates(overrides: &[SourceFile]) -> Result<BTreeMap<String, (String, Origin)>, Vec<Diagnostic>> {
    let mut map: BTreeMap<String, (String, Origin)> = TEMPLATES
        .iter()
        .map(|(name, src)| (name.to_string(), (src.to_string(), Origin::BuiltIn)))
        .collect();
    let mut errors = Vec::new();
    for file in overrides {
        let path = format!("templates/{}", file.path);
        match String::from_utf8(file.bytes.clone()) {
            Ok(text) => {
                map.insert(file.path.clone(), (text, Origin::Site(path)));
            }
            Err(_) => errors.push(Diagnostic::error(path, crate::diag::messages::not_utf8())),
        }
    }
    if errors.is_empty() { Ok(map) } else { Err(errors) }
}

/// Path → bytes of theme assets, site overrides winning.
pub fn merge_theme(overrides: &[SourceFile]) -> BTreeMap<String, Vec<u8>> {
    let mut map: BTreeMap<String, Vec<u8>> = THEME.iter().map(|(p, b)| (p.to_string(), b.to_vec())).collect();
    for file in overrides {
        map.insert(file.path.clone(), file.bytes.clone());
    }
    map
}

/// Elements whose boundaries make a browser drop the whitespace next to them (the
/// default display is block or not rendered), so a line break beside them is unseen.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "blockquote",
    "body",
    "br",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "legend",
    "li",
    "link",
    "main",
    "meta",
    "nav",
    "noscript",
    "ol",
    "p",
    "pre",
    "script",
    "section",
    "style",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
];

/// The theme as published: site overrides as written, and with `minify` the built-in
/// stylesheets without comments and needless whitespace (once per build, not per page). A
/// site's own CSS is not touched: notis cannot know what every hand-written file relies on.
pub fn prepare_theme(overrides: &[SourceFile], minify: bool) -> BTreeMap<String, Vec<u8>> {
    let mut theme = merge_theme(overrides);
    if minify {
        let built_in = |name: &str| !overrides.iter().any(|f| f.path == name);
        for (_, bytes) in theme
            .iter_mut()
            .filter(|(name, _)| name.ends_with(".css") && built_in(name))
        {
            if let Some(small) = minify_css(bytes) {
                *bytes = small;
            }
        }
    }
    theme
}

/// `css` without comments and needless whitespace, or `None` when it is not UTF-8 or
/// nothing was saved. Conservative on purpose: whitespace is only dropped next to `{ } ; ,`
/// and after `:`, never around `+ -` (which math functions need) or before `:` (a
/// descendant `a :hover` differs from `a:hover`); strings and `url()` stay as written.
fn minify_css(css: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(css).ok()?;
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                pending_space = true;
            }
            c if c.is_whitespace() => pending_space = true,
            '"' | '\'' => {
                flush_space(&mut out, &mut pending_space, c);
                out.push(c);
                while let Some(s) = chars.next() {
                    out.push(s);
                    if s == '\\' {
                        out.extend(chars.next());
                    } else if s == c {
                        break;
                    }
                }
            }
            _ => {
                flush_space(&mut out, &mut pending_space, c);
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
            }
        }
    }
    (out.len() < text.len()).then(|| out.into_bytes())
}

/// Writes a pending space before `next` unless one of the two makes it needless.
fn flush_space(out: &mut String, pending: &mut bool, next: char) {
    let needless = |c: char| matches!(c, '{' | '}' | ';' | ',');
    if std::mem::take(pending)
        && !out.is_empty()
        && !needless(next)
        && !out.ends_with(|c: char| needless(c) || c == ':')
    {
        out.push(' ');
    }
}

/// Elements whose text is taken as written; line breaks inside them stay.
const RAW_TAGS: &[&str] = &["pre", "script", "style", "textarea"];

/// A template with the line breaks between tags taken out of its output, for `minify: true`.
///
/// This is the minification: it runs once per template at load instead of once per page
/// (a per-page HTML minifier cost more than the rest of a build). A line break goes when
/// the line before ends a tag (or a Tera tag) and the next begins one, and at least one
/// of the two HTML tags beside it is a block element — the same rule an HTML minifier
/// uses, so text and inline elements keep their spaces. Content put in by `{{ … }}` is
/// untouched, and so is everything inside `pre`, `script`, `style` and `textarea`.
///
/// The break is not deleted but wrapped in a Tera comment (`{#` at the end of its line,
/// `#}` at the start of the next), so every line keeps its number for error messages.
/// Returns the compacted source and the lines (1-based) that now start with `#}`, whose
/// columns are two further right than in the file.
pub fn compact(src: &str) -> (String, Vec<usize>) {
    let lines: Vec<&str> = src.split('\n').collect();
    let mut out = String::with_capacity(src.len() + 64);
    let mut shifted = Vec::new();
    let mut raw: Option<&str> = None;
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            let (before, after) = (lines[i - 1].trim_end(), line.trim_start());
            if raw.is_none() && joins(before, after) {
                out.push_str("{#\n#}");
                shifted.push(i + 1);
            } else {
                out.push('\n');
            }
        }
        out.push_str(line);
        raw = raw_state(line, raw);
    }
    (out, shifted)
}

/// Whether the break between a line ending in `before` and one starting with `after` is unseen.
fn joins(before: &str, after: &str) -> bool {
    let ends_tag = before.ends_with('>') && !before.ends_with("->");
    let ends_tera = before.ends_with("%}");
    let starts_tag = after.starts_with('<') && !after.starts_with("<!--");
    let starts_tera = after.starts_with("{%");
    if !(ends_tag || ends_tera) || !(starts_tag || starts_tera) {
        return false;
    }
    let block = |name: Option<&str>| name.is_some_and(|n| BLOCK_TAGS.contains(&n));
    (ends_tag && block(last_tag(before))) || (starts_tag && block(first_tag(after)))
}

/// The name of the tag that ends `line` (`</a>` → `a`, `<meta …>` → `meta`).
fn last_tag(line: &str) -> Option<&str> {
    let open = line.rfind('<')?;
    tag_name(&line[open + 1..])
}

/// The name of the tag that starts `line`.
fn first_tag(line: &str) -> Option<&str> {
    tag_name(line.strip_prefix('<')?)
}

fn tag_name(after_bracket: &str) -> Option<&str> {
    let name = after_bracket.trim_start_matches('/');
    let end = name.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(name.len());
    (end > 0).then(|| &name[..end])
}

/// After `line`, whether the template is inside a raw-text element (and which).
fn raw_state<'a>(line: &str, mut raw: Option<&'a str>) -> Option<&'a str> {
    let lower = line.to_ascii_lowercase();
    let mut at = 0;
    while at < lower.len() {
        match raw {
            Some(tag) => match lower[at..].find(&format!("</{tag}")) {
                Some(i) => {
                    at += i + 2 + tag.len();
                    raw = None;
                }
                None => break,
            },
            None => {
                let next = RAW_TAGS
                    .iter()
                    .filter_map(|t| {
                        let i = lower[at..].find(&format!("<{t}"))?;
                        let after = lower[at + i + 1 + t.len()..].chars().next();
                        matches!(after, None | Some(' ' | '>' | '\t')).then_some((i, *t))
                    })
                    .min();
                match next {
                    Some((i, tag)) => {
                        at += i + 1 + tag.len();
                        raw = Some(tag);
                    }
                    None => break,
                }
            }
        }
    }
    raw
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_theme_css_is_minified_without_changing_what_it_says() {
        let theme = prepare_theme(&[], true);
        let css = String::from_utf8(theme["notis.css"].clone()).unwrap();
        let original = std::str::from_utf8(THEME.iter().find(|(n, _)| *n == "notis.css").unwrap().1).unwrap();
        assert!(
            css.len() < original.len() * 9 / 10,
            "{} of {}",
            css.len(),
            original.len()
        );
        assert!(!css.contains("/*"), "comments are gone");
        // A sum inside clamp() needs its spaces; custom properties and queries stay.
        assert!(css.contains("1.4rem + 1.6vw"), "{css}");
        assert!(css.contains("@media (min-width:60rem){"), "{css}");
        assert!(css.contains("--brand"), "{css}");
        assert!(css.contains("@media"), "{css}");
        let rules = |s: &str| s.matches('{').count();
        assert_eq!(rules(&css), rules(original));
        // Without `minify: true` the file goes out as written.
        assert_eq!(prepare_theme(&[], false)["notis.css"], original.as_bytes());
        // A site's own stylesheet goes out as written.
        let own = SourceFile {
            path: "notis.css".into(),
            bytes: b"body {  color: black; }\n".to_vec(),
        };
        assert_eq!(prepare_theme(std::slice::from_ref(&own), true)["notis.css"], own.bytes);
    }

    #[test]
    fn css_minifying_keeps_strings_selectors_and_math() {
        let css = "/* a */ a :hover , b > c {\n  content: \"a  /* b */  ;\" ;\n  width: calc(1px + 2%) ;\n}\n";
        let small = String::from_utf8(minify_css(css.as_bytes()).unwrap()).unwrap();
        assert_eq!(small, "a :hover,b > c{content:\"a  /* b */  ;\";width:calc(1px + 2%)}");
    }
    use std::path::Path;

    fn files_under(dir: &Path, prefix: &str, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type().unwrap().is_dir() {
                files_under(&entry.path(), &format!("{name}/"), out);
            } else if name != "README.md" {
                out.push(name);
            }
        }
    }

    #[test]
    fn every_file_in_templates_and_theme_is_embedded_and_tables_are_sorted() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut templates = Vec::new();
        files_under(&root.join("templates"), "", &mut templates);
        templates.sort();
        let embedded: Vec<String> = TEMPLATES.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(templates, embedded);
        let mut theme = Vec::new();
        files_under(&root.join("theme"), "", &mut theme);
        theme.sort();
        let embedded: Vec<String> = THEME.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(theme, embedded);
    }
    #[test]
    fn line_breaks_beside_block_tags_leave_the_output_and_lines_keep_their_numbers() {
        let src = "<ul>\n<li><a href=\"/\">Start</a></li>\n{% if x %}<li>X</li>\n{% endif %}</ul>\n<p>Text\nmore</p>";
        let (out, shifted) = compact(src);
        assert_eq!(out.lines().count(), src.lines().count());
        assert_eq!(shifted, vec![2, 3, 4, 5]);
        let rendered = tera_render(&out, true);
        assert_eq!(
            rendered,
            "<ul><li><a href=\"/\">Start</a></li><li>X</li></ul><p>Text\nmore</p>"
        );
    }

    #[test]
    fn spaces_between_inline_elements_and_inside_pre_and_script_stay() {
        let src = "<a href=\"/a\">A</a>\n<a href=\"/b\">B</a>\n<pre>\n<b>x</b>\n</pre>\n<script>\nlet a = 1\n</script>\n<div>\n</div>";
        let (out, _) = compact(src);
        let rendered = tera_render(&out, false);
        assert_eq!(
            rendered,
            "<a href=\"/a\">A</a>\n<a href=\"/b\">B</a><pre>\n<b>x</b>\n</pre><script>\nlet a = 1\n</script><div></div>"
        );
    }

    fn tera_render(src: &str, x: bool) -> String {
        let mut tera = tera::Tera::new();
        tera.add_raw_template("t.html", src).unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("x", &x);
        tera.render("t.html", &ctx).unwrap()
    }
}
