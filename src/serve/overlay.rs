//! The error page the preview shows while the site is broken, in Swedish and English, and
//! the small notice of warnings it adds to pages that built.

use std::path::Path;

use crate::error::Diagnostic;
use crate::messages::{self, Lang};
use crate::report;

/// A full HTML page listing every problem: file, line, column, message, hint and code frame.
pub fn render(errors: &[Diagnostic], root: &Path, lang: Lang) -> String {
    let mut items = String::new();
    for d in errors {
        let frame = report::human(std::slice::from_ref(d), &report::reader(root), false, lang);
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
                .map(|h| format!("<p class=\"hint\">Tips: {}</p>", escape(h.get(lang))))
                .unwrap_or_default(),
            escape(frame.trim_end()),
        ));
    }
    format!(
        r#"<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fel i webbplatsen – notis</title>
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
<h1>Webbplatsen har fel <span lang="en">/ The site has errors</span></h1>
<p>Rätta felen nedan och spara filen – förhandsvisningen uppdateras av sig själv. <span lang="en">Fix the problems below and save: the preview updates by itself.</span></p>
<p>{count}</p>
<ol>
{items}</ol>
</main>
</body>
</html>
"#,
        count = escape(&report::summary(errors, lang)),
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

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
