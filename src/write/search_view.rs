//! search_view: the part of a page that Pagefind's extraction depends on, to key its cache by.
//!
//! Pagefind leaves out, with everything inside them, the elements `head`, `style`,
//! `script`, `noscript`, `label`, `form`, `svg`, `footer`, `nav`, `iframe` and `template`,
//! and every element marked `data-pagefind-ignore="all"` (or with a value it does not
//! know) that is not a `data-pagefind-body` itself (vendor/pagefind/src/fossick/parser.rs:
//! `REMOVE_SELECTORS` and its root handler). That is where a site's own text sits on an
//! article it shares with other sites — its name, address, share links, form actions,
//! contact defaults — so two sites' copies of one article usually differ only there.
//!
//! The view is the page with those elements cut out by the parser Pagefind uses (lol_html,
//! not strict), each replaced by a marker naming its tag, so pages with equal views give
//! equal extractions, and one site's extraction serves the others. A reference to
//! Pagefind's own scripts or styles, which it notes even inside a left-out element, makes
//! the whole page its own view (`None`), as does a gzipped page or one that lol_html
//! cannot parse.

use lol_html::html_content::{ContentType, Element};
use lol_html::{HtmlRewriter, Settings, element};
use sha2::{Digest, Sha256};

/// The elements Pagefind leaves out of every page (its `REMOVE_SELECTORS`).
const LEFT_OUT: [&str; 11] = [
    "head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav", "iframe", "template",
];

/// A hash of the page without the parts Pagefind leaves out, or `None` when the whole
/// page counts. The view streams into the hash: it is made for every page of every build.
pub fn view(html: &[u8]) -> Option<[u8; 32]> {
    if html.starts_with(&[0x1f, 0x8b]) || names_pagefind_assets(html) {
        return None;
    }
    let left_out = LEFT_OUT.map(|tag| format!("html {tag}")).join(", ");
    let mut hash = Sha256::new();
    let settings = Settings::new()
        .with_strict(false)
        .append_element_content_handler(element!(
            "html[data-pagefind-ignore], html [data-pagefind-ignore]",
            |el| {
                if ignored_entirely(el) {
                    cut(el);
                }
                Ok(())
            }
        ))
        .append_element_content_handler(element!(left_out, |el| {
            cut(el);
            Ok(())
        }));
    let mut rewriter = HtmlRewriter::new(settings, |chunk: &[u8]| hash.update(chunk));
    rewriter.write(html).ok()?;
    rewriter.end().ok()?;
    Some(hash.finalize().into())
}

/// Whether the page refers to Pagefind's own scripts or styles (`_pagefind`,
/// `pagefind-ui.js`, `pagefind-modular-ui.css`, …), which Pagefind notes wherever they are.
fn names_pagefind_assets(html: &[u8]) -> bool {
    memchr::memmem::find_iter(html, b"pagefind").any(|at| {
        let after = &html[at + b"pagefind".len()..];
        (at > 0 && html[at - 1] == b'_') || after.starts_with(b"-ui.") || after.starts_with(b"-modular-ui.")
    })
}

/// Pagefind's rule: `data-pagefind-ignore` of "all" or an unknown value leaves the element
/// out with its content ("", "index" and "true" keep its filters and meta), unless the
/// element is a `data-pagefind-body`.
fn ignored_entirely<H: lol_html::HandlerTypes>(el: &Element<'_, '_, H>) -> bool {
    !el.has_attribute("data-pagefind-body")
        && el
            .get_attribute("data-pagefind-ignore")
            .is_some_and(|v| !matches!(v.to_ascii_lowercase().as_str(), "" | "index" | "true"))
}

/// Replaces the element and its content with a marker of its tag. The marker keeps apart
/// pages that differ in where something was left out, and an element without content
/// (`<svg/>`) from one with: Pagefind treats those differently.
fn cut<H: lol_html::HandlerTypes>(el: &mut Element<'_, '_, H>) {
    let closed = if el.can_have_content() { "" } else { "/" };
    el.replace(&format!("\u{0}{}{closed}\u{0}", el.tag_name()), ContentType::Html);
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
        // An ignore value Pagefind does not know leaves the element out, like "all".
        let unknown = page(
            "Mora",
            "<h1>Snöröjning</h1><p data-pagefind-ignore=\"x\">Vi plogar.</p>",
            "x",
        );
        let all = page(
            "Mora",
            "<h1>Snöröjning</h1><p data-pagefind-ignore=\"ALL\">Vi sandar.</p>",
            "x",
        );
        assert_eq!(view(&unknown), view(&all));
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
