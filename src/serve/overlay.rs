//! The error page the preview shows while the site is broken, and the small notice of
//! warnings it adds to pages that built; every text on them is in the chosen language.

use std::path::Path;

use crate::diag::error::Diagnostic;
use crate::diag::messages::{self, Lang};
use crate::diag::report;

/// A full HTML page listing every problem: file, line, column, message, hint and code frame.
pub fn render(errors: &[Diagnostic], root: &Path, lang: Lang) -> String {
    let mut items = String::new();
    for d in errors {
        let frame = report::human(
            std::slice::from_ref(d),
            &crate::content::walker::source_reader(root),
            false,
            lang,
        );
        let location = match (d.line, d.col) {
            (0, _) => d.path.clone(),
            (l, 0) => format!("{}:{l}", d.path),
            (l, c) => format!("{}:{l}:{c}", d.path),
        };
        items.push_str(&format!(
            "<li><p class=\"where\">{}</p><p class=\"what\">{}</p>{}<pre>{}</pre></li>\n",
            escape(&location),
            escape(d.message.get(lang)),
            d.help
                .as_ref()
                .map(|h| {
                    format!(
                        "<p class=\"hint\">{}: {}</p>",
                        escape(&capitalised(messages::help_label().get(lang))),
                        escape(h.get(lang))
                    )
                })
                .unwrap_or_default(),
            escape(frame.trim_end()),
        ));
    }
    format!(
        r#"<!DOCTYPE html>
<html lang="{html_lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 0; background: #fdf1f0; color: #1c2329; }}
main {{ max-width: 60rem; margin: 0 auto; padding: 2rem 1rem; }}
h1 {{ color: #8a1c1c; margin-top: 0; }}
ol {{ padding-left: 1.2rem; }}
li {{ background: #fff; border-left: 4px solid #8a1c1c; padding: 0.75rem 1rem; margin: 1rem 0; }}
.where {{ font-family: ui-monospace, monospace; font-weight: 700; margin: 0; }}
.what {{ font-size: 1.1rem; margin: 0.3rem 0; }}
.hint {{ margin: 0.3rem 0; }}
pre {{ background: #1c2329; color: #fff; padding: 0.75rem; overflow-x: auto; border-radius: 4px; }}
</style>
</head>
<body>
<main>
<h1>{heading}</h1>
<p>{intro}</p>
<p>{count}</p>
<ol>
{items}</ol>
</main>
</body>
</html>
"#,
        count = escape(&report::summary(errors, lang)),
        html_lang = match lang {
            Lang::Sv => "sv",
            Lang::En => "en",
        },
        title = escape(messages::preview_error_title().get(lang)),
        heading = escape(messages::preview_error_heading().get(lang)),
        intro = escape(messages::preview_error_intro().get(lang)),
    )
}

/// A small notice, fixed in a corner of the page, listing the site's warnings; the close
/// button removes it until the next reload. Empty when there are none.
pub fn warnings_notice(warnings: &[Diagnostic], lang: Lang) -> String {
    if warnings.is_empty() {
        return String::new();
    }
    let mut items = String::new();
    for d in warnings {
        let location = match (d.line, d.col) {
            (0, _) => d.path.clone(),
            (l, 0) => format!("{}:{l}", d.path),
            (l, c) => format!("{}:{l}:{c}", d.path),
        };
        let hint = d
            .help
            .as_ref()
            .map(|h| {
                format!(
                    " <em>{}: {}</em>",
                    escape(messages::help_label().get(lang)),
                    escape(h.get(lang))
                )
            })
            .unwrap_or_default();
        items.push_str(&format!(
            "<li><code>{}</code> {}{hint}</li>",
            escape(&location),
            escape(d.message.get(lang))
        ));
    }
    let count = escape(messages::preview_warnings(warnings.len()).get(lang));
    let close = escape(messages::preview_close().get(lang));
    format!(
        "<aside id=\"notis-varningar\" role=\"status\" style=\"position:fixed;right:1rem;bottom:1rem;z-index:2147483647;\
max-width:min(32rem,calc(100% - 2rem));max-height:40vh;overflow:auto;background:#fff8e1;color:#1c2329;\
border-left:4px solid #8a5a00;box-shadow:0 2px 8px rgba(0,0,0,.3);padding:.5rem .75rem;font:14px/1.4 system-ui,sans-serif\">\
<button type=\"button\" onclick=\"this.parentNode.remove()\" style=\"float:right;font:inherit\" \
aria-label=\"{close}: {count}\">{close}</button><details><summary>{count}</summary>\
<ul style=\"padding-left:1.2rem;margin:.5rem 0 0\">{items}</ul></details></aside>"
    )
}

/// The preview's site switcher, fixed in the bottom left corner: the repository's sites,
/// each a link that previews it, the one shown marked. Empty for a single site.
pub fn site_switcher(sites: &[String], showing: Option<&str>, lang: Lang) -> String {
    if sites.len() < 2 {
        return String::new();
    }
    let label = escape(messages::preview_sites_label().get(lang));
    let links: Vec<String> = sites
        .iter()
        .map(|name| {
            let name = escape(name);
            if showing == Some(name.as_str()) {
                format!("<strong aria-current=\"true\">{name}</strong>")
            } else {
                format!("<a href=\"/__notis/webbplats/{name}\" style=\"color:#fff\">{name}</a>")
            }
        })
        .collect();
    format!(
        "<nav id=\"notis-webbplatser\" aria-label=\"{label}\" style=\"position:fixed;left:1rem;bottom:1rem;\
z-index:2147483647;background:#1c2329;color:#fff;padding:.4rem .75rem;border-radius:4px;\
box-shadow:0 2px 8px rgba(0,0,0,.3);font:14px/1.4 system-ui,sans-serif\">{label}: {}</nav>",
        links.join(" · ")
    )
}

/// "tips" → "Tips", for the label at the start of a paragraph.
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem() -> Diagnostic {
        Diagnostic::error("content/nyheter/a.md", messages::missing_date()).at(2, 1)
    }

    #[test]
    fn the_switcher_links_every_other_site_and_marks_the_one_shown() {
        let sites = ["mora".to_string(), "orsa".to_string(), "alvdalen".to_string()];
        let html = site_switcher(&sites, Some("orsa"), Lang::Sv);
        assert!(html.contains("aria-label=\"Förhandsvisa webbplats\""), "{html}");
        assert!(html.contains("href=\"/__notis/webbplats/mora\""), "{html}");
        assert!(html.contains("href=\"/__notis/webbplats/alvdalen\""), "{html}");
        assert!(html.contains("<strong aria-current=\"true\">orsa</strong>"), "{html}");
        assert!(!html.contains("webbplats/orsa"), "{html}");
        assert_eq!(site_switcher(&sites[..1], Some("mora"), Lang::Sv), "");
    }

    #[test]
    fn the_error_page_is_in_one_language() {
        let root = Path::new("/finns-inte");
        let sv = render(&[problem()], root, Lang::Sv);
        assert!(sv.contains("<html lang=\"sv\">"), "{sv}");
        assert!(sv.contains("<h1>Webbplatsen har fel</h1>"), "{sv}");
        assert!(sv.contains("Tips: lägg till"), "{sv}");
        assert!(!sv.contains("The site has errors"), "{sv}");
        let en = render(&[problem()], root, Lang::En);
        assert!(en.contains("<html lang=\"en\">"), "{en}");
        assert!(en.contains("<h1>The site has errors</h1>"), "{en}");
        assert!(en.contains("Help: add a line"), "{en}");
        assert!(!en.contains("Webbplatsen har fel"), "{en}");
    }
}
