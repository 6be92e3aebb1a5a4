//! The preview's working copy of the site: parsed documents kept between edits, so a
//! saved article costs one parse and a re-model, and the watch loop that drives it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use chrono::Utc;
use chrono_tz::Europe::Stockholm;
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache};
use rayon::prelude::*;

use super::{Current, Preview, ServerState};
use crate::build::{self, BuildOptions, Parsed};
use crate::config::Config;
use crate::content::discover::{FACTS_FILE, PAGES_DIR};
use crate::content::walker::{self, Walker};
use crate::content::{DocumentKind, SiteSource, SourceFile};
use crate::error::{Diagnostic, Severity};
use crate::model::site::Inclusion;

/// The site as last read from disk, plus every content file's parse result.
pub struct Workspace {
    options: BuildOptions,
    config: Option<Config>,
    source: SiteSource,
    docs: BTreeMap<String, (DocumentKind, Result<Parsed, Vec<Diagnostic>>)>,
}

impl Workspace {
    pub fn new(root: PathBuf, drafts: bool, base_url: String) -> Workspace {
        Workspace {
            options: BuildOptions {
                output: root.join("public"),
                root,
                now: Utc::now().with_timezone(&Stockholm),
                // The preview shows scheduled and expired articles too, labelled.
                include: Inclusion {
                    drafts,
                    unpublished: true,
                },
                base_url: Some(base_url),
            },
            config: None,
            source: SiteSource::default(),
            docs: BTreeMap::new(),
        }
    }

    /// Reads and parses everything again (site.yaml, templates, theme or static changed).
    pub fn rebuild_all(&mut self) -> Current {
        self.docs.clear();
        self.config = None;
        let (config, mut source) = match build::load(&self.options) {
            Ok(x) => x,
            Err(errors) => return Current::Broken(errors),
        };
        let unsafe_html = config.unsafe_html;
        let files: Vec<(SourceFile, DocumentKind)> = std::mem::take(&mut source.articles)
            .into_iter()
            .map(|f| (f, DocumentKind::Article))
            .chain(
                std::mem::take(&mut source.pages)
                    .into_iter()
                    .map(|f| (f, DocumentKind::Page)),
            )
            .collect();
        let parsed: Vec<_> = files
            .par_iter()
            .map(|(f, kind)| (f.path.clone(), *kind, build::parse_file(f, *kind, unsafe_html)))
            .collect();
        self.docs = parsed.into_iter().map(|(p, k, r)| (p, (k, r))).collect();
        self.config = Some(config);
        self.source = source;
        self.assemble()
    }

    /// Applies saved, created or deleted files; returns the new state of the preview.
    pub fn apply(&mut self, changed: &[PathBuf]) -> Current {
        let root = self.options.root.clone();
        let (Some(config), rels) = (&self.config, relative(&root, changed)) else {
            return self.rebuild_all();
        };
        let news = format!("content/{}/", config.news_path);
        let unsafe_html = config.unsafe_html;
        for rel in &rels {
            let kind = if rel.starts_with(&news) {
                DocumentKind::Article
            } else if rel.starts_with(&format!("{PAGES_DIR}/")) {
                DocumentKind::Page
            } else if rel.starts_with("content/") && rel != FACTS_FILE {
                continue;
            } else {
                return self.rebuild_all();
            };
            // The same files a build reads: no editor temporaries, nothing hidden.
            if !rel.ends_with(".md") || rel.split('/').any(walker::is_skipped) {
                continue;
            }
            match Walker::new(&root).read(rel) {
                Ok(Some(bytes)) => {
                    let file = SourceFile {
                        path: rel.clone(),
                        bytes,
                    };
                    self.docs
                        .insert(rel.clone(), (kind, build::parse_file(&file, kind, unsafe_html)));
                }
                Ok(None) => {
                    self.docs.remove(rel);
                }
                // Outside the site or unreadable: shown like any other error in the file.
                Err(d) => {
                    self.docs.insert(rel.clone(), (kind, Err(vec![d])));
                }
            }
        }
        self.assemble()
    }

    /// Models, routes and checks the site from the parsed documents through the same
    /// assembly as `notis build`.
    fn assemble(&mut self) -> Current {
        let Some(config) = &self.config else {
            return Current::Broken(vec![Diagnostic::error("site.yaml", "the site could not be read")]);
        };
        self.options.now = Utc::now().with_timezone(&Stockholm);
        let parsed = self.docs.values().map(|(_, result)| match result {
            Ok((doc, body)) => Ok((Arc::clone(doc), Arc::clone(body))),
            Err(e) => Err(e.clone()),
        });
        let source = SiteSource {
            root: self.source.root.clone(),
            config: self.source.config.clone(),
            articles: Vec::new(),
            pages: Vec::new(),
            facts: self.source.facts.clone(),
            templates: self.source.templates.clone(),
            theme: self.source.theme.clone(),
            statics: self.source.statics.clone(),
        };
        match build::assemble(config.clone(), source, parsed, &self.options, false) {
            Ok(a) => Current::Ready(Box::new(Preview::new(a.site, a.renderer, a.routes, &a.source.statics))),
            Err(diagnostics) => {
                let errors: Vec<Diagnostic> = diagnostics
                    .into_iter()
                    .filter(|d| d.severity == Severity::Error)
                    .collect();
                Current::Broken(errors)
            }
        }
    }

    /// A full rebuild (the server's first build).
    pub fn rebuild_checked(&mut self) -> Current {
        self.rebuild_all()
    }
}

/// Site-relative `/`-separated paths of changed files, skipping the output and hidden files.
fn relative(root: &Path, changed: &[PathBuf]) -> Vec<String> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut out: Vec<String> = changed
        .iter()
        .filter_map(|p| {
            let p = p.canonicalize().unwrap_or_else(|_| p.clone());
            let rel = p.strip_prefix(&root).ok()?;
            let rel = crate::error::display_path(Path::new(""), rel);
            let hidden = rel.split('/').any(|seg| seg.starts_with('.') || seg.ends_with('~'));
            (!hidden && !rel.starts_with("public/") && rel != "public").then_some(rel)
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Makes `current` what the server shows and tells the open tabs to reload.
fn publish(state: &ServerState, current: Arc<Current>, generation: &mut u64) {
    if let Ok(mut slot) = state.current.write() {
        *slot = current;
    }
    *generation += 1;
    let _ = state.reload.send(*generation);
}

/// The file watcher. It is set up before the first build, so that no save is missed
/// between starting the server and the first reload.
pub struct Watch {
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
}

/// Starts watching content/, templates/, theme/, static/ and site.yaml; None (after a
/// warning) when the system cannot watch files.
pub fn begin_watch(root: &Path) -> Option<Watch> {
    let (tx, events) = std::sync::mpsc::channel();
    // A short debounce: editors save in bursts, but the reload must feel immediate.
    let mut debouncer = match notify_debouncer_full::new_debouncer(Duration::from_millis(10), None, tx) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("warning: cannot watch the site for changes ({e}); reload by hand after `notis build`");
            return None;
        }
    };
    for dir in ["content", "templates", "theme", "static"] {
        let path = root.join(dir);
        if path.is_dir() {
            let _ = debouncer.watch(&path, RecursiveMode::Recursive);
        }
    }
    let _ = debouncer.watch(root, RecursiveMode::NonRecursive);
    Some(Watch {
        _debouncer: debouncer,
        events,
    })
}

/// Watches the site's folders and rebuilds on every save, until the process ends.
pub fn watch(watch: Watch, mut workspace: Workspace, state: Arc<ServerState>) {
    let root = workspace.options.root.clone();
    let mut generation = 0u64;
    for result in &watch.events {
        let Ok(events) = result else { continue };
        // Only writes, creations, renames and removals: our own reads of a file raise
        // access events, which would otherwise start a rebuild loop.
        let changed: Vec<PathBuf> = events
            .iter()
            .filter(|e| !matches!(e.kind, EventKind::Access(_) | EventKind::Other))
            .flat_map(|e| e.paths.iter().cloned())
            .collect();
        let rels = relative(&root, &changed);
        let relevant: Vec<PathBuf> = rels
            .iter()
            .filter(|r| {
                r.as_str() == "site.yaml"
                    || ["content/", "templates/", "theme/", "static/"]
                        .iter()
                        .any(|d| r.starts_with(d))
            })
            .map(|r| root.join(r))
            .collect();
        if relevant.is_empty() {
            continue;
        }
        let started = Instant::now();
        let current = Arc::new(workspace.apply(&relevant));
        publish(&state, Arc::clone(&current), &mut generation);
        super::report(&current, started.elapsed(), &root);
    }
}
