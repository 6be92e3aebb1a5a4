//! The photo as `<picture>`: one view used by the templates and by bodies, below both.

use serde::Serialize;

use crate::model::photos::Photo;

/// How wide a photo is shown: the text column (`--measure`) on wide screens, else the screen.
pub const COLUMN_SIZES: &str = "(min-width: 48rem) 42rem, 100vw";
/// A thumbnail in a listing.
pub const THUMBNAIL_SIZES: &str = "8rem";

/// A photo as `<picture>`: WebP and fallback srcsets, the fallback `src` and its size (so
/// the browser reserves the space before it loads), and whether it is the page's lead image
/// (loaded at once) or not (`loading="lazy"`). Every address is an `href`.
#[derive(Debug, Clone, Serialize)]
pub struct PictureView {
    pub webp_srcset: String,
    pub srcset: String,
    pub src: String,
    pub fallback_type: &'static str,
    pub width: u32,
    pub height: u32,
    pub sizes: &'static str,
    pub alt: String,
    pub lazy: bool,
    /// "Foto: …" under the lead image.
    pub credit: Option<String>,
    /// A link to the original file, when it is published (`original: true`).
    pub original_url: Option<String>,
}

impl PictureView {
    pub fn new(config: &crate::config::Config, photo: &Photo, alt: &str, sizes: &'static str, lazy: bool) -> Self {
        let srcset = |vs: &mut dyn Iterator<Item = &crate::model::photos::Variant>| {
            vs.map(|v| format!("{} {}w", config.href(&v.url), v.width))
                .collect::<Vec<_>>()
                .join(", ")
        };
        // The fallback `src` is the variant nearest 800 wide: enough for the column.
        let fallback: Vec<&crate::model::photos::Variant> = photo.fallback().collect();
        let main = fallback
            .iter()
            .find(|v| v.width >= 800)
            .or(fallback.last())
            .expect("a photo has at least one variant");
        PictureView {
            webp_srcset: srcset(&mut photo.webp()),
            srcset: srcset(&mut photo.fallback()),
            src: config.href(&main.url),
            fallback_type: main.format.mime(),
            width: main.width,
            height: main.height,
            sizes,
            alt: alt.to_string(),
            lazy,
            credit: None,
            original_url: photo.keep_original.then(|| config.href(&format!("/{}", photo.source))),
        }
    }

    /// The markup, for images inside a rendered body (templates build theirs from the fields).
    pub fn to_html(&self) -> String {
        let e = |s: &str| s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
        let lazy = if self.lazy {
            r#" loading="lazy" decoding="async""#
        } else {
            ""
        };
        format!(
            r#"<picture><source type="image/webp" srcset="{}" sizes="{}"><img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{lazy}></picture>"#,
            e(&self.webp_srcset),
            self.sizes,
            e(&self.src),
            e(&self.srcset),
            self.sizes,
            self.width,
            self.height,
            e(&self.alt),
        )
    }
}
