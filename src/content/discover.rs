//! discover: read the site folder into memory (`SiteSource`), sorted by path.
//!
//! This and `write` are the only stages that touch the disk during a build.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::CONFIG_FILE;
use crate::content::DocumentKind;
use crate::error::{Diagnostic, display_path};

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
}

pub const FACTS_FILE: &str = "content/visste-du-att.yaml";
pub const PAGES_DIR: &str = "content/sidor";

/// Reads site.yaml, content/, templates/, theme/ and lists static/.
/// `news_dir` is the folder of articles under content/ (the news path).
pub fn discover(root: &Path, config_text: String, news_dir: &str) -> Result<SiteSource, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut read_tree = |dir: &Path, keep: &(dyn Fn(&Path) -> bool + Sync)| -> Vec<SourceFile> {
        let paths: Vec<PathBuf> = walk(dir, &mut errors, root).into_iter().filter(|p| keep(p)).collect();
        // In parallel: a no-change rebuild is mostly this read (10 000 articles: half its time).
        let read: Vec<_> = paths
            .par_iter()
            .map(|path| {
                fs::read(path)
                    .map(|bytes| SourceFile {
                        path: display_path(dir, path),
                        bytes,
                    })
                    .map_err(|e| io_error(root, path, &e))
            })
            .collect();
        let mut files = Vec::with_capacity(read.len());
        for r in read {
            match r {
                Ok(f) => files.push(f),
                Err(d) => errors.push(d),
            }
        }
        files
    };
    let is_md = |p: &Path| is_markdown(p);

    let prefixed = |files: Vec<SourceFile>, prefix: &str| -> Vec<SourceFile> {
        files
            .into_iter()
            .map(|f| SourceFile {
                path: format!("{prefix}/{}", f.path),
                bytes: f.bytes,
            })
            .collect()
    };
    let news_prefix = format!("content/{news_dir}");
    let articles = prefixed(read_tree(&root.join(&news_prefix), &is_md), &news_prefix);
    let pages = prefixed(read_tree(&root.join(PAGES_DIR), &is_md), PAGES_DIR);
    let templates = read_tree(&root.join("templates"), &|p: &Path| {
        !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'))
            && p.extension().is_some_and(|e| e == "html" || e == "xml" || e == "txt")
    });
    let theme = read_tree(&root.join("theme"), &|p: &Path| {
        !p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.') || n == "README.md")
    });
    let facts_path = root.join(FACTS_FILE);
    let facts = match fs::read(&facts_path) {
        Ok(bytes) => Some(SourceFile {
            path: FACTS_FILE.to_string(),
            bytes,
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => {
            errors.push(io_error(root, &facts_path, &e));
            None
        }
    };
    let static_dir = root.join("static");
    let statics = walk(&static_dir, &mut errors, root)
        .into_iter()
        .map(|p| (display_path(&static_dir, &p), p))
        .collect();

    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(SiteSource {
        root: root.to_path_buf(),
        config: config_text,
        articles,
        pages,
        facts,
        templates,
        theme,
        statics,
    })
}

/// The Markdown files of the news folder and of content/sidor/, with their kind, without
/// reading them. The preview lists these after every change and reads only the files that
/// are new or were named by the change; the rules (Markdown only, hidden files skipped)
/// are the ones `discover` reads by, so the preview and the build see the same files.
pub fn content_files(root: &Path, news_dir: &str) -> Result<Vec<(String, DocumentKind)>, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for (prefix, kind) in [
        (format!("content/{news_dir}"), DocumentKind::Article),
        (PAGES_DIR.to_string(), DocumentKind::Page),
    ] {
        let dir = root.join(&prefix);
        for path in walk(&dir, &mut errors, root) {
            if is_markdown(&path) {
                out.push((format!("{prefix}/{}", display_path(&dir, &path)), kind));
            }
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "md")
}

/// Reads site.yaml, with an error a newcomer can act on when it is missing.
pub fn read_config(root: &Path) -> Result<String, Diagnostic> {
    let path = root.join(CONFIG_FILE);
    fs::read(&path)
        .map_err(|e| {
            if e.kind() == io::ErrorKind::NotFound {
                Diagnostic::error(CONFIG_FILE, format!("no {CONFIG_FILE} in {}", root.display())).with_help(
                    "run notis in the site's folder, pass --root DIR, or create a site with `notis init DIR`",
                )
            } else {
                io_error(root, &path, &e)
            }
        })
        .and_then(|bytes| {
            String::from_utf8(bytes).map_err(|e| {
                Diagnostic::error(CONFIG_FILE, "file is not valid UTF-8").with_help(format!(
                    "save the file as UTF-8 (first bad byte at offset {})",
                    e.utf8_error().valid_up_to()
                ))
            })
        })
}

/// All files under `dir` (recursively), sorted; hidden files and folders skipped.
/// A missing folder is simply empty: every folder but content/ is optional.
fn walk(dir: &Path, errors: &mut Vec<Diagnostic>, root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = match fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => {
                errors.push(io_error(root, &d, &e));
                continue;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            match entry.file_type() {
                Ok(t) if t.is_dir() => stack.push(path),
                Ok(_) => out.push(path),
                Err(e) => errors.push(io_error(root, &path, &e)),
            }
        }
    }
    out.sort();
    out
}

fn io_error(root: &Path, path: &Path, e: &io::Error) -> Diagnostic {
    Diagnostic::error(display_path(root, path), format!("cannot read: {e}"))
        .with_help("check that the file exists and that you may read it")
}
