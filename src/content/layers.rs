//! layers: one site of a multi-site repository read as a `SiteSource`: the shared files at
//! the root (content/, static/, templates/, theme/, content/visste-du-att.yaml), each
//! replaced by the site's own file at the same path under its folder (`sites/<name>/`).
//!
//! One precedence, per file: the site's own file wins over the shared one; nothing else
//! merges. Paths in the layered source are the paths a single-site repository would have
//! (`content/nyheter/a.md`), so the rest of the pipeline cannot tell the difference and
//! a site's output is the one the same files would give alone; `own` says which of them
//! come from the site's folder, so messages can name the real file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::config::CONFIG_FILE;
use crate::content::discover::{self, FACTS_FILE, SiteSource, SourceFile};
use crate::content::walker::{Walker, path_order};
use crate::diag::error::Diagnostic;
use crate::diag::messages;
use crate::manifest::{MANIFEST_FILE, SiteEntry};

/// One site's files with the shared ones beneath.
#[derive(Debug)]
pub struct Layered {
    pub source: SiteSource,
    /// Paths (as in a single-site repository: `content/nyheter/a.md`, `templates/base.html`,
    /// `static/bild.jpg`, `theme/notis.css`, `site.yaml`) taken from the site's own folder.
    pub own: BTreeSet<String>,
    /// The own paths that replace a shared file, sorted.
    pub overrides: Vec<String>,
}

impl Layered {
    /// The real path (relative to the repository root) of a path of the layered source.
    pub fn real_path(&self, folder: &str, path: &str) -> String {
        if self.own.contains(path) {
            format!("{folder}/{path}")
        } else {
            path.to_string()
        }
    }
}

/// sites.yaml's text, `None` when the repository has none (a single site).
pub fn read_manifest(root: &Path) -> Result<Option<String>, Diagnostic> {
    let bytes = Walker::new(root).read(MANIFEST_FILE)?;
    bytes
        .map(|b| String::from_utf8(b).map_err(|_| Diagnostic::error(MANIFEST_FILE, messages::not_utf8())))
        .transpose()
}

/// Whether the repository root has a site.yaml of its own.
pub fn has_root_config(root: &Path) -> bool {
    Walker::new(root).exists(CONFIG_FILE)
}

/// The site.yaml of a site's folder, which must lie inside the repository.
pub fn read_site_config(root: &Path, site: &SiteEntry) -> Result<String, Diagnostic> {
    let walker = Walker::new(root);
    let file = format!("{}/{CONFIG_FILE}", site.folder);
    let missing =
        || Diagnostic::error(MANIFEST_FILE, messages::site_without_config(&site.name, &file)).at(site.at.0, site.at.1);
    if !walker.exists(&site.folder) {
        return Err(missing());
    }
    walker.inside(&root.join(&site.folder))?;
    let text = walker.read(&file)?.ok_or_else(missing)?;
    String::from_utf8(text).map_err(|_| Diagnostic::error(&file, messages::not_utf8()))
}

/// Whether the site's folder has its own file at `path` (a path as in a single-site
/// repository); nothing is read.
pub fn site_has(root: &Path, site: &SiteEntry, path: &str) -> bool {
    Walker::new(root).exists(&format!("{}/{path}", site.folder))
}

/// The shared files at the root, read once for every site with this news folder.
pub fn discover_shared(root: &Path, news_dir: &str) -> Result<SiteSource, Vec<Diagnostic>> {
    discover::discover(root, String::new(), news_dir)
}

/// The site's own files, read through a walker of the site's folder (nothing outside it is
/// read); messages name them from the repository root.
pub fn discover_own(
    root: &Path,
    site: &SiteEntry,
    config_text: String,
    news_dir: &str,
) -> Result<SiteSource, Vec<Diagnostic>> {
    let prefix = |mut d: Diagnostic| {
        d.path = format!("{}/{}", site.folder, d.path);
        d
    };
    let mut own = discover::discover(&root.join(&site.folder), config_text, news_dir)
        .map_err(|errors| errors.into_iter().map(prefix).collect::<Vec<_>>())?;
    own.unused = own.unused.into_iter().map(prefix).collect();
    own.refused = own.refused.into_iter().map(prefix).collect();
    Ok(own)
}

/// The site's files over the shared ones. Findings about the shared files (unused files,
/// refused SVGs) are left out: they are reported once for the repository, not per site.
pub fn layer(shared: &SiteSource, own: SiteSource) -> Layered {
    let mut own_paths = BTreeSet::new();
    let mut overrides = Vec::new();
    let mut note = |path: String, replaces: bool| {
        if replaces {
            overrides.push(path.clone());
        }
        own_paths.insert(path);
    };
    let mut merge_files = |prefix: &str, shared: &[SourceFile], own: Vec<SourceFile>| {
        let mut by_path: BTreeMap<String, SourceFile> = shared.iter().map(|f| (f.path.clone(), f.clone())).collect();
        for file in own {
            let shown = format!("{prefix}{}", file.path);
            note(shown, by_path.contains_key(&file.path));
            by_path.insert(file.path.clone(), file);
        }
        let mut files: Vec<SourceFile> = by_path.into_values().collect();
        files.sort_by(|a, b| path_order(Path::new(&a.path), Path::new(&b.path)));
        files
    };
    let articles = merge_files("", &shared.articles, own.articles);
    let pages = merge_files("", &shared.pages, own.pages);
    let templates = merge_files("templates/", &shared.templates, own.templates);
    let theme = merge_files("theme/", &shared.theme, own.theme);
    let mut statics: BTreeMap<String, PathBuf> = shared.statics.iter().cloned().collect();
    for (rel, abs) in own.statics {
        note(format!("static/{rel}"), statics.contains_key(&rel));
        statics.insert(rel, abs);
    }
    let mut statics: Vec<(String, PathBuf)> = statics.into_iter().collect();
    statics.sort_by(|a, b| path_order(Path::new(&a.0), Path::new(&b.0)));
    let facts = match own.facts {
        Some(f) => {
            note(FACTS_FILE.to_string(), shared.facts.is_some());
            Some(f)
        }
        None => shared.facts.clone(),
    };
    note(CONFIG_FILE.to_string(), false);
    overrides.sort();
    Layered {
        source: SiteSource {
            root: own.root,
            config: own.config,
            articles,
            pages,
            facts,
            templates,
            theme,
            statics,
            unused: own.unused,
            refused: own.refused,
        },
        own: own_paths,
        overrides,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> SourceFile {
        SourceFile {
            path: path.to_string(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn a_sites_own_file_replaces_the_shared_one_at_the_same_path() {
        let shared = SiteSource {
            articles: vec![
                file("content/nyheter/a.md", "delad"),
                file("content/nyheter/b.md", "delad"),
            ],
            templates: vec![file("base.html", "delad")],
            statics: vec![("bild.jpg".into(), PathBuf::from("/r/static/bild.jpg"))],
            ..Default::default()
        };
        let own = SiteSource {
            articles: vec![
                file("content/nyheter/b.md", "egen"),
                file("content/nyheter/c.md", "egen"),
            ],
            statics: vec![("bild.jpg".into(), PathBuf::from("/r/sites/orsa/static/bild.jpg"))],
            ..Default::default()
        };
        let layered = layer(&shared, own);
        let texts: Vec<(&str, &[u8])> = layered
            .source
            .articles
            .iter()
            .map(|f| (f.path.as_str(), f.bytes.as_slice()))
            .collect();
        assert_eq!(
            texts,
            [
                ("content/nyheter/a.md", &b"delad"[..]),
                ("content/nyheter/b.md", b"egen"),
                ("content/nyheter/c.md", b"egen")
            ]
        );
        assert_eq!(layered.overrides, ["content/nyheter/b.md", "static/bild.jpg"]);
        assert_eq!(layered.source.templates[0].bytes, b"delad");
        assert_eq!(
            layered.source.statics[0].1,
            PathBuf::from("/r/sites/orsa/static/bild.jpg")
        );
        assert_eq!(
            layered.real_path("sites/orsa", "content/nyheter/c.md"),
            "sites/orsa/content/nyheter/c.md"
        );
        assert_eq!(
            layered.real_path("sites/orsa", "content/nyheter/a.md"),
            "content/nyheter/a.md"
        );
        assert_eq!(layered.real_path("sites/orsa", "site.yaml"), "sites/orsa/site.yaml");
    }
}
