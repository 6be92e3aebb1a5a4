//! body: an article's or page's rendered HTML made ready for one output.
//!
//! Markdown is rendered once, with site paths as the author wrote them (`/sidor/x/`), which
//! is what the link checker and the route table speak. Here, per output, those paths become
//! what a reader's browser needs: prefixed with the base path of a site hosted in a subfolder
//! on pages, absolute in feeds. The HTML comes from pulldown-cmark or ammonia, so attributes
//! are always double-quoted and text never holds a raw `="`.

use crate::model::Site;
use crate::render::picture::{COLUMN_SIZES, PictureView};

/// The body of a page: local photos become `<picture>`s of their variants (lazy-loaded), and
/// site paths get the base path.
pub fn for_page(html: &str, site: &Site) -> String {
    rewrite(html, &site.config.base_path, &|src, alt| {
        let photo = site.photos.get(src)?;
        Some(PictureView::new(&site.config, photo, alt, COLUMN_SIZES, true).to_html())
    })
}

/// The body in a feed: absolute addresses, and a plain `<img>` of a photo's 800-wide JPEG
/// (feed readers do not all know `<picture>`).
pub fn for_feed(html: &str, site: &Site) -> String {
    rewrite(html, &site.config.base_url, &|src, alt| {
        let photo = site.photos.get(src)?;
        let p = PictureView::new(&site.config, photo, alt, COLUMN_SIZES, false);
        let e = |s: &str| s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
        Some(format!(
            r#"<img src="{}{}" width="{}" height="{}" alt="{}">"#,
            site.config.base_url.trim_end_matches(&site.config.base_path),
            e(&p.src),
            p.width,
            p.height,
            e(alt)
        ))
    })
}

/// Replaces each `<img>` whose `src` `picture` knows (called with the src and the alt text,
/// both unescaped) and prefixes the site paths of everything else.
fn rewrite(html: &str, prefix: &str, picture: &dyn Fn(&str, &str) -> Option<String>) -> String {
    let mut out = String::with_capacity(html.len() + 1024);
    let mut rest = html;
    while let Some(start) = rest.find("<img ") {
        let Some(len) = rest[start..].find('>') else { break };
        let tag = &rest[start..=start + len];
        out.push_str(&prefix_site_paths(&rest[..start], prefix));
        let replaced = attr(tag, "src").and_then(|src| picture(&src, &attr(tag, "alt").unwrap_or_default()));
        match replaced {
            Some(markup) => out.push_str(&markup),
            None => out.push_str(&prefix_site_paths(tag, prefix)),
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(&prefix_site_paths(rest, prefix));
    out
}

/// The unescaped value of a double-quoted attribute of one tag.
fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let from = tag.find(&key)? + key.len();
    let value = &tag[from..from + tag[from..].find('"')?];
    Some(
        value
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&#39;", "'")
            .replace("&amp;", "&"),
    )
}

/// Puts `prefix` before every `href` and `src` that is a site path (`/…` but not `//…`).
/// With an empty prefix the HTML is returned as it is.
pub fn prefix_site_paths(html: &str, prefix: &str) -> String {
    if prefix.is_empty() || !html.contains("=\"/") {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(i) = rest.find("=\"/") {
        let (before, after) = rest.split_at(i + 2);
        out.push_str(before);
        let name = &before[..before.len() - 2];
        let is_url_attr = name.ends_with(" href") || name.ends_with(" src");
        if is_url_attr && !after.starts_with("//") {
            out.push_str(prefix);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_get_the_prefix_and_nothing_else_does() {
        let html = r##"<p><a href="/sidor/x/">x</a> <a href="https://a.se/">a</a> <a href="//cdn/x">c</a> <img src="/bilder/a.jpg" alt="a"> <a href="#id">i</a> <a title="/t" href="rel/">r</a> <code>href=&quot;/x&quot;</code></p>"##;
        let out = prefix_site_paths(html, "/nyhetsrum");
        assert_eq!(
            out,
            r##"<p><a href="/nyhetsrum/sidor/x/">x</a> <a href="https://a.se/">a</a> <a href="//cdn/x">c</a> <img src="/nyhetsrum/bilder/a.jpg" alt="a"> <a href="#id">i</a> <a title="/t" href="rel/">r</a> <code>href=&quot;/x&quot;</code></p>"##
        );
        assert_eq!(prefix_site_paths(html, ""), html);
    }

    #[test]
    fn known_images_are_replaced_and_the_rest_prefixed() {
        let html = r#"<p><img src="/bilder/a.jpg" alt="Ett &amp; två" /> <img src="/bilder/b.gif" alt="b"> <a href="/x/">x</a></p>"#;
        let out = rewrite(html, "/p", &|src, alt| {
            (src == "/bilder/a.jpg").then(|| format!("[{alt}]"))
        });
        assert_eq!(
            out,
            r#"<p>[Ett & två] <img src="/p/bilder/b.gif" alt="b"> <a href="/p/x/">x</a></p>"#
        );
    }
}
