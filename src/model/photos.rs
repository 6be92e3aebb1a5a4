//! photos: the photos a site shows and the variants planned for each, as data — what
//! rendering, the route table and the cache read. `images` plans and makes them.

use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Webp,
    Jpeg,
    Png,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Webp => "webp",
            Format::Jpeg => "jpg",
            Format::Png => "png",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Webp => "image/webp",
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
        }
    }
}

/// One file made from a photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub format: Format,
    /// Cut to the share size's aspect ratio rather than scaled whole.
    pub crop: bool,
    /// Its site path, e.g. `/bilder/serverhall-1a2b3c4d5e6f-800.webp`.
    pub url: String,
}

/// A photo that articles or pages show, with its planned variants.
#[derive(Debug, Clone)]
pub struct Photo {
    /// Its path under static/, e.g. `bilder/serverhall.jpg`.
    pub source: String,
    pub path: PathBuf,
    /// The first 16 hex digits of the SHA-256 of its bytes.
    pub hash: String,
    /// Upright size (after the EXIF orientation).
    pub width: u32,
    pub height: u32,
    /// Scaled variants, narrowest first, each in WebP and the fallback format.
    pub variants: Vec<Variant>,
    pub share: Variant,
    /// The original is also published (`original: true`).
    pub keep_original: bool,
}

impl Photo {
    /// The fallback variants (JPEG or PNG), narrowest first.
    pub fn fallback(&self) -> impl Iterator<Item = &Variant> {
        self.variants.iter().filter(|v| v.format != Format::Webp)
    }

    pub fn webp(&self) -> impl Iterator<Item = &Variant> {
        self.variants.iter().filter(|v| v.format == Format::Webp)
    }

    /// Every file to make.
    pub fn all(&self) -> impl Iterator<Item = &Variant> {
        self.variants.iter().chain(std::iter::once(&self.share))
    }
}

/// Every processed photo, by site path (`/bilder/serverhall.jpg`).
#[derive(Debug, Clone, Default)]
pub struct Photos {
    pub by_url: BTreeMap<String, Photo>,
}

impl Photos {
    /// The photo at an address as written in content (`/bilder/min%20bild.jpg?x`).
    pub fn get(&self, src: &str) -> Option<&Photo> {
        self.by_url.get(&site_path(src))
    }

    /// Whether the static file `rel` is published only as its variants.
    pub fn replaces(&self, rel: &str) -> bool {
        self.by_url.get(&format!("/{rel}")).is_some_and(|p| !p.keep_original)
    }
}

/// The site path a writer most likely meant by an image address written in a form that
/// does not name it: `bilder/x.jpg`, `./bilder/x.jpg`, `../bilder/x.jpg`, `static/bilder/x.jpg`
/// and `/static/bilder/x.jpg` all mean `/bilder/x.jpg` (a file in static/ is published at
/// the site's root). None for a site path (`/bilder/x.jpg`), an outside address, a
/// fragment or nothing at all.
pub fn meant_path(src: &str) -> Option<String> {
    let src = src.trim();
    let first_segment = src.split(['/', '?', '#']).next().unwrap_or_default();
    if src.starts_with("//") || src.starts_with('#') || first_segment.contains(':') {
        return None;
    }
    let path = site_path(src);
    let rest = match path.strip_prefix('/') {
        Some(rooted) => rooted.strip_prefix("static/")?,
        None => {
            let mut rest = path.as_str();
            while let Some(r) = rest.strip_prefix("./").or_else(|| rest.strip_prefix("../")) {
                rest = r;
            }
            rest.strip_prefix("static/").unwrap_or(rest)
        }
    };
    (!rest.is_empty()).then(|| format!("/{rest}"))
}

/// The site path an image address names: without query or fragment, percent-decoded.
pub fn site_path(src: &str) -> String {
    let path = src.split(['?', '#']).next().unwrap_or(src);
    percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_meant_path_of_an_address_written_without_the_leading_slash() {
        for written in [
            "bilder/IMG_4711.JPG",
            "./bilder/IMG_4711.JPG",
            "../../bilder/IMG_4711.JPG",
            "static/bilder/IMG_4711.JPG",
            "/static/bilder/IMG_4711.JPG",
            " bilder/IMG_4711.JPG?v=2",
        ] {
            assert_eq!(
                meant_path(written).as_deref(),
                Some("/bilder/IMG_4711.JPG"),
                "{written}"
            );
        }
        assert_eq!(meant_path("min%20bild.jpg").as_deref(), Some("/min bild.jpg"));
        for right_or_outside in [
            "/bilder/IMG_4711.JPG",
            "https://example.se/a.jpg",
            "//cdn.example/a.jpg",
            "data:image/png;base64,AA",
            "#a",
            "",
            "./",
        ] {
            assert_eq!(meant_path(right_or_outside), None, "{right_or_outside}");
        }
    }
}
