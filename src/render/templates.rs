//! Templates and theme assets: embedded defaults merged with the site's overrides.
//!
//! A file in the site's templates/ or theme/ replaces the built-in one of the
//! same name; each name keeps its origin so errors point at the right file.

use std::collections::BTreeMap;

use crate::content::SourceFile;
use crate::error::Diagnostic;

/// Built-in templates, sorted by name.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("404.html", include_str!("../../templates/404.html")),
    ("archive.html", include_str!("../../templates/archive.html")),
    ("archive_year.html", include_str!("../../templates/archive_year.html")),
    ("article.html", include_str!("../../templates/article.html")),
    ("atom.xml", include_str!("../../templates/atom.xml")),
    ("base.html", include_str!("../../templates/base.html")),
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
        "partials/feedback.html",
        include_str!("../../templates/partials/feedback.html"),
    ),
    (
        "partials/footer.html",
        include_str!("../../templates/partials/footer.html"),
    ),
    (
        "partials/pagination.html",
        include_str!("../../templates/partials/pagination.html"),
    ),
    (
        "partials/share.html",
        include_str!("../../templates/partials/share.html"),
    ),
    ("redirect.html", include_str!("../../templates/redirect.html")),
    ("rss.xml", include_str!("../../templates/rss.xml")),
    ("search.html", include_str!("../../templates/search.html")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
    ("thanks.html", include_str!("../../templates/thanks.html")),
    ("topic.html", include_str!("../../templates/topic.html")),
    ("topics.html", include_str!("../../templates/topics.html")),
];

/// Built-in theme assets, sorted by path; written under /tema/.
pub const THEME: &[(&str, &[u8])] = &[
    ("favicon.svg", include_bytes!("../../theme/favicon.svg")),
    ("notis.css", include_bytes!("../../theme/notis.css")),
    ("sok.js", include_bytes!("../../theme/sok.js")),
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
            Err(_) => errors.push(Diagnostic::error(path, crate::messages::not_utf8())),
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

#[cfg(test)]
mod tests {
    use super::*;
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
}
