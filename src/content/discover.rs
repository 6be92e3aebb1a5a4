//! discover: read the site folder into memory (`SiteSource`), sorted by path.
//!
//! This and `write` are the only stages that touch the disk during a build.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::CONFIG_FILE;
use crate::content::DocumentKind;
use crate::content::svg;
use crate::content::walker::Walker;
use crate::diag::error::{Diagnostic, display_path};
use crate::diag::messages;

/// One input file: its path relative to the site root and its raw bytes.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Everything a build reads, gathered before any parsing.
#[derive(Debug, Default)]
pub struct SiteSource {
    pub root: PathBuf,
    pub config: String,
    pub articles: Vec<SourceFile>,
    pub pages: Vec<SourceFile>,
    pub facts: Option<SourceFile>,
    /// templates/ overrides, by name relative to templates/.
    pub templates: Vec<SourceFile>,
    /// theme/ overrides, by path relative to theme/.
    pub theme: Vec<SourceFile>,
    /// static/ files: path relative to static/ and absolute path (copied, not read).
    pub statics: Vec<(String, PathBuf)>,
    /// Warnings about files under content/ that notis does not use.
    pub unused: Vec<Diagnostic>,
    /// Errors about files in static/ or theme/ that must not be published as they are: an
    /// SVG that could run script or fetch from another site.
    pub refused: Vec<Diagnostic>,
}

impl SiteSource {
    /// The articles, then the pages, each with the kind it is parsed as.
    pub fn documents(&self) -> impl Iterator<Item = (&SourceFile, DocumentKind)> {
        let articles = self.articles.iter().map(|f| (f, DocumentKind::Article));
        articles.chain(self.pages.iter().map(|f| (f, DocumentKind::Page)))
    }
}

pub const FACTS_FILE: &str = "content/visste-du-att.yaml";
pub const PAGES_DIR: &str = "content/sidor";

/// Reads site.yaml, content/, templates/, theme/ and lists static/, all through the
/// [`Walker`], so nothing outside the site root is read.
/// `news_dir` is the folder of articles under content/ (the news path).
pub fn discover(root: &Path, config_text: String, news_dir: &str) -> Result<SiteSource, Vec<Diagnostic>> {
    let mut reader = TreeReader {
        root,
        walker: Walker::new(root),
        errors: Vec::new(),
    };
    let news_prefix = format!("content/{news_dir}");
    let articles = reader.read_prefixed(&news_prefix);
    let pages = reader.read_prefixed(PAGES_DIR);
    let templates = reader.read("templates", &|p: &Path| {
        p.extension().is_some_and(|e| e == "html" || e == "xml" || e == "txt")
    });
    let theme = reader.read("theme", &|p: &Path| p.file_name().is_none_or(|n| n != "README.md"));
    let facts = match reader.walker.read(FACTS_FILE) {
        Ok(bytes) => bytes.map(|bytes| SourceFile {
            path: FACTS_FILE.to_string(),
            bytes,
        }),
        Err(d) => {
            reader.errors.push(d);
            None
        }
    };
    let static_dir = root.join("static");
    let statics: Vec<(String, PathBuf)> = reader
        .walker
        .files("static", &mut reader.errors)
        .into_iter()
        .map(|p| (display_path(&static_dir, &p), p))
        .collect();
    let mut refused = unsafe_svgs(root, &statics);
    refused.extend(
        theme
            .iter()
            .filter(|f| svg::is_svg(&f.path))
            .flat_map(|f| svg_diagnostics(&format!("theme/{}", f.path), svg::check_file(&f.path, &f.bytes))),
    );
    if !reader.errors.is_empty() {
        return Err(reader.errors);
    }
    let unused = unused_content(&reader.walker, root, news_dir, &articles, &pages);
    Ok(SiteSource {
        root: root.to_path_buf(),
        config: config_text,
        articles,
        pages,
        facts,
        templates,
        theme,
        statics,
        unused,
        refused,
    })
}

/// Reads folders of the site through one walker, gathering every error.
struct TreeReader<'a> {
    root: &'a Path,
    walker: Walker,
    errors: Vec<Diagnostic>,
}

impl TreeReader<'_> {
    /// The files under `dir` that `keep` accepts, with paths relative to `dir`.
    fn read(&mut self, dir: &str, keep: &(dyn Fn(&Path) -> bool + Sync)) -> Vec<SourceFile> {
        let base = self.root.join(dir);
        let paths: Vec<PathBuf> = self
            .walker
            .files(dir, &mut self.errors)
            .into_iter()
            .filter(|p| keep(p))
            .collect();
        // In parallel: a no-change rebuild is mostly this read (10 000 articles: half its time).
        let read: Vec<_> = paths
            .par_iter()
            .map(|path| {
                fs::read(path)
                    .map(|bytes| SourceFile {
                        path: display_path(&base, path),
                        bytes,
                    })
                    .map_err(|e| io_error(self.root, path, &e))
            })
            .collect();
        let mut files = Vec::with_capacity(read.len());
        for r in read {
            match r {
                Ok(f) => files.push(f),
                Err(d) => self.errors.push(d),
            }
        }
        files
    }

    /// The Markdown files under `dir`, with paths relative to the site root.
    fn read_prefixed(&mut self, dir: &str) -> Vec<SourceFile> {
        self.read(dir, &|p: &Path| is_markdown(p))
            .into_iter()
            .map(|f| SourceFile {
                path: format!("{dir}/{}", f.path),
                bytes: f.bytes,
            })
            .collect()
    }
}

/// An error for each thing in an SVG under static/ that could run script or fetch from
/// another site. Other static files are copied without being read; SVGs are read here.
fn unsafe_svgs(root: &Path, statics: &[(String, PathBuf)]) -> Vec<Diagnostic> {
    statics
        .par_iter()
        .filter(|(rel, _)| svg::is_svg(rel))
        .flat_map_iter(|(rel, path)| {
            let shown = format!("static/{rel}");
            // A huge file is refused by its size, before it is read.
            let too_large = fs::metadata(path).ok().and_then(|m| svg::size_finding(m.len()));
            match too_large.map_or_else(|| fs::read(path).map(|b| svg::check_file(rel, &b)), |f| Ok(vec![f])) {
                Ok(findings) => svg_diagnostics(&shown, findings),
                Err(e) => vec![io_error(root, path, &e)],
            }
        })
        .collect()
}

fn svg_diagnostics(shown: &str, findings: Vec<svg::Finding>) -> Vec<Diagnostic> {
    findings
        .into_iter()
        .map(|f| Diagnostic::error(shown, messages::svg_refused(&f.risk)).at(f.line, f.col))
        .collect()
}

/// A warning for every file under content/ that is neither an article, a page nor the facts
/// file: a writer who saved `x.md.txt`, `x.MD` or an article in `content/Nyheter/` would
/// otherwise see it silently missing.
fn unused_content(
    walker: &Walker,
    root: &Path,
    news_dir: &str,
    articles: &[SourceFile],
    pages: &[SourceFile],
) -> Vec<Diagnostic> {
    let used: std::collections::HashSet<&str> = articles
        .iter()
        .chain(pages)
        .map(|f| f.path.as_str())
        .chain([FACTS_FILE])
        .collect();
    let mut ignored_errors = Vec::new();
    let content = root.join("content");
    walker
        .files("content", &mut ignored_errors)
        .iter()
        .map(|p| format!("content/{}", display_path(&content, p)))
        .filter(|rel| !used.contains(rel.as_str()))
        .map(|rel| {
            let lower = rel.to_lowercase();
            let kind = if lower.ends_with(".md") && !rel.ends_with(".md") {
                messages::UnusedFile::ExtensionCase
            } else if lower.ends_with(".md.txt") || lower.ends_with(".markdown") || lower.ends_with(".txt") {
                messages::UnusedFile::Extension
            } else if rel.ends_with(".md") {
                messages::UnusedFile::Folder
            } else {
                messages::UnusedFile::NotContent
            };
            Diagnostic::warning(&rel, messages::unused_file(kind, &rel, news_dir))
        })
        .collect()
}

/// The Markdown files of the news folder and of content/sidor/, with their kind, without
/// reading them. The preview lists these after every change and reads only the files that
/// are new or were named by the change; the rules (Markdown only, hidden files skipped)
/// are the ones `discover` reads by, so the preview and the build see the same files.
pub fn content_files(root: &Path, news_dir: &str) -> Result<Vec<(String, DocumentKind)>, Vec<Diagnostic>> {
    let walker = Walker::new(root);
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for (prefix, kind) in [
        (format!("content/{news_dir}"), DocumentKind::Article),
        (PAGES_DIR.to_string(), DocumentKind::Page),
    ] {
        let dir = root.join(&prefix);
        for path in walker.files(&prefix, &mut errors) {
            if is_markdown(&path) {
                out.push((format!("{prefix}/{}", relative_to(&dir, &path)), kind));
            }
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// `path` below `dir` as a `/`-separated string; the walker's paths are clean, so on Unix
/// this is the bytes as they are (the preview lists every content file on each change).
fn relative_to(dir: &Path, path: &Path) -> String {
    match path.strip_prefix(dir) {
        Ok(rel) if std::path::MAIN_SEPARATOR == '/' => rel.to_string_lossy().into_owned(),
        _ => display_path(dir, path),
    }
}

fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "md")
}

/// Reads site.yaml, with an error a newcomer can act on when it is missing.
pub fn read_config(root: &Path) -> Result<String, Diagnostic> {
    let walker = Walker::new(root);
    let shown = root.display().to_string();
    walker
        .read(CONFIG_FILE)?
        .ok_or_else(|| match walker.exists(crate::manifest::MANIFEST_FILE) {
            true => Diagnostic::error(crate::manifest::MANIFEST_FILE, messages::multi_site_unsupported(&shown)),
            false => Diagnostic::error(CONFIG_FILE, messages::no_site_yaml(&shown)),
        })
        .and_then(|bytes| {
            String::from_utf8(bytes).map_err(|e| {
                let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let text = String::from_utf8_lossy(valid);
                let line = text.matches('\n').count() + 1;
                let col = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                Diagnostic::error(CONFIG_FILE, messages::not_utf8()).at(line, col)
            })
        })
}

fn io_error(root: &Path, path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(display_path(root, path), messages::cannot_read(e, false))
}
