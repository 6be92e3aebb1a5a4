//! The preview's working copy of the site: parsed documents kept between edits, so a saved
//! article costs one read, one parse and a re-model through `build::assemble`.
//!
//! Invariant: after every `update` the held documents are exactly the Markdown files on disk
//! (as `discover` would find them), whatever the events said. Events only say *that* and
//! roughly *where* something changed: a change under content/ re-lists the content folders
//! and diffs the listing against what is held (so folder moves, renames, a create and delete
//! in one burst and an editor's save-through-rename all end in the state on disk); any
//! other change re-reads the whole site and re-parses only the files whose bytes differ.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use chrono::Utc;
use chrono_tz::Europe::Stockholm;
use rayon::prelude::*;

use super::{Current, Preview};
use crate::build::{self, BuildOptions, Parsed};
use crate::config::Config;
use crate::content::discover::{self, FACTS_FILE};
use crate::content::walker::Walker;
use crate::content::{DocumentKind, SiteSource, SourceFile};
use crate::diag::error::{Diagnostic, Severity, display_path};

/// What a batch of file events asks the workspace to look at again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Only paths under content/ (site-relative): re-list content, read what is new or named.
    Content(Vec<String>),
    /// Only writes into files under content/ (a save in place): read those again. Anything
    /// unexpected (a file not held, or gone) is handled as `Content`. Listing 10 000
    /// articles costs more than the rest of an update, and a write cannot add or remove one.
    Written(Vec<String>),
    /// site.yaml, templates, theme, static files, the root itself, or events that could not
    /// be placed: read everything again.
    Everything,
}

/// One content file as last read: its kind, a hash of its bytes and its parse result.
struct Held {
    kind: DocumentKind,
    hash: u64,
    /// `unsafe_html` of the config it was parsed under (it changes what the Markdown renders).
    unsafe_html: bool,
    parsed: Result<Parsed, Vec<Diagnostic>>,
}

/// The site as last read from disk, plus every content file's parse result.
pub struct Workspace {
    options: BuildOptions,
    /// The parsed site.yaml and everything else read with it (templates, theme, statics,
    /// facts); None while site.yaml or a folder cannot be read.
    loaded: Option<(Config, SiteSource)>,
    docs: BTreeMap<String, Held>,
    /// In a multi-site repository, the site previewed (`notis serve --site`): its files over
    /// the shared ones, read again whole on every change.
    site: Option<String>,
}

impl Workspace {
    /// `root` should be canonical, so that watched paths and the site's paths agree.
    pub fn new(options: BuildOptions) -> Workspace {
        Workspace {
            options,
            loaded: None,
            docs: BTreeMap::new(),
            site: None,
        }
    }

    /// Previews the site `name` of a multi-site repository.
    pub fn for_site(mut self, name: Option<String>) -> Workspace {
        self.site = name;
        self
    }

    /// Previews another site of the repository from now on: everything is read again
    /// (the sites may parse the same file differently, e.g. one allows raw HTML).
    pub fn switch_to(&mut self, name: &str) -> Current {
        self.site = Some(name.to_string());
        self.loaded = None;
        self.docs.clear();
        self.reload_everything()
    }

    pub fn root(&self) -> &std::path::Path {
        &self.options.root
    }

    /// Brings the workspace up to date with the disk. None when nothing that the site is
    /// made of changed (e.g. an editor's swap file), so no tab is reloaded for it.
    pub fn update(&mut self, change: &Change) -> Option<Current> {
        if self.site.is_some() {
            // Own and shared files both make the site: no partial reload for it yet.
            return Some(self.reload_everything());
        }
        match change {
            Change::Everything => Some(self.reload_everything()),
            Change::Content(dirty) => self.reload_content(dirty),
            Change::Written(files) => self.reload_written(files),
        }
    }

    /// Reads the written files again, when each is a content file held now and still there;
    /// otherwise lists content like any other change.
    fn reload_written(&mut self, files: &[String]) -> Option<Current> {
        let Some((config, _)) = &self.loaded else {
            return Some(self.reload_everything());
        };
        let unsafe_html = config.unsafe_html;
        let walker = Walker::new(&self.options.root);
        let mut read = Vec::new();
        for path in files {
            let Some(held) = self.docs.get(path) else {
                return self.reload_content(files);
            };
            match walker.read(path) {
                Ok(Some(bytes)) => read.push((path.clone(), held.kind, Ok(bytes))),
                Ok(None) => return self.reload_content(files),
                Err(d) => read.push((path.clone(), held.kind, Err(d))),
            }
        }
        self.merge(read, unsafe_html).then(|| self.assemble())
    }

    /// Reads the whole site again, re-parsing only the files whose bytes changed.
    pub fn reload_everything(&mut self) -> Current {
        let loaded = match &self.site {
            Some(name) => build::sites::load_site(&self.options.root, name, self.options.base_url.as_deref()),
            None => build::load(&self.options),
        };
        let (config, mut source) = match loaded {
            Ok(x) => x,
            Err(errors) => {
                self.loaded = None;
                return Current::Broken(errors);
            }
        };
        let files: Vec<Read> = std::mem::take(&mut source.articles)
            .into_iter()
            .map(|f| (f.path, DocumentKind::Article, Ok(f.bytes)))
            .chain(
                std::mem::take(&mut source.pages)
                    .into_iter()
                    .map(|f| (f.path, DocumentKind::Page, Ok(f.bytes))),
            )
            .collect();
        let present: BTreeSet<&str> = files.iter().map(|(path, _, _)| path.as_str()).collect();
        self.docs.retain(|path, _| present.contains(path.as_str()));
        self.merge(files, config.unsafe_html);
        self.loaded = Some((config, source));
        self.assemble()
    }

    /// Re-lists the content folders, drops what is gone and reads what is new or was named
    /// by the events (a named folder stands for every file under it).
    fn reload_content(&mut self, dirty: &[String]) -> Option<Current> {
        let Some((config, _)) = &self.loaded else {
            return Some(self.reload_everything());
        };
        let unsafe_html = config.unsafe_html;
        let root = self.options.root.clone();
        let listed = match discover::content_files(&root, &config.news_path) {
            Ok(listed) => listed,
            Err(_) => return Some(self.reload_everything()),
        };
        let present: BTreeSet<&str> = listed.iter().map(|(p, _)| p.as_str()).collect();
        let before = self.docs.len();
        self.docs.retain(|path, _| present.contains(path.as_str()));
        let mut changed = self.docs.len() != before;
        let named = |path: &str| {
            dirty
                .iter()
                .any(|d| d == path || path.strip_prefix(d.as_str()).is_some_and(|rest| rest.starts_with('/')))
        };
        let to_read: Vec<&(String, DocumentKind)> = listed
            .iter()
            .filter(|(path, kind)| self.docs.get(path).is_none_or(|held| held.kind != *kind) || named(path))
            .collect();
        let walker = Walker::new(&root);
        let read: Vec<Read> = to_read
            .par_iter()
            // Through the walker, like a build: nothing outside the site is read.
            .filter_map(|(path, kind)| match walker.read(path) {
                Ok(Some(bytes)) => Some((path.clone(), *kind, Ok(bytes))),
                // Gone again since the listing: the event of its removal lists it once more.
                Ok(None) => None,
                Err(d) => Some((path.clone(), *kind, Err(d))),
            })
            .collect();
        let gone: Vec<String> = to_read
            .iter()
            .filter(|(path, _)| !read.iter().any(|(p, _, _)| p == path))
            .map(|(path, _)| path.clone())
            .collect();
        for path in gone {
            changed |= self.docs.remove(&path).is_some();
        }
        changed |= self.merge(read, unsafe_html);
        changed |= self.reload_facts(&root);
        changed.then(|| self.assemble())
    }

    /// Reads the facts file again; true when its bytes (or its presence) changed.
    fn reload_facts(&mut self, root: &std::path::Path) -> bool {
        let Some((_, source)) = &mut self.loaded else {
            return false;
        };
        // Through the walker: a facts file that is a link out of the site is not read.
        let facts = Walker::new(root)
            .read(FACTS_FILE)
            .ok()
            .flatten()
            .map(|bytes| SourceFile {
                path: FACTS_FILE.to_string(),
                bytes,
            });
        let same = match (&facts, &source.facts) {
            (Some(a), Some(b)) => a.bytes == b.bytes,
            (None, None) => true,
            _ => false,
        };
        source.facts = facts;
        !same
    }

    /// Parses (in parallel) the files whose bytes, kind or parse options differ from what is
    /// held; true when any did.
    fn merge(&mut self, files: Vec<Read>, unsafe_html: bool) -> bool {
        let fresh: Vec<(String, Held)> = files
            .into_par_iter()
            .filter_map(|(path, kind, bytes)| {
                let hash = match &bytes {
                    Ok(bytes) => hash_of(bytes),
                    Err(d) => hash_of(d.message.sv.as_bytes()),
                };
                let same = self
                    .docs
                    .get(&path)
                    .is_some_and(|h| h.hash == hash && h.kind == kind && h.unsafe_html == unsafe_html);
                if same {
                    return None;
                }
                let parsed = match bytes {
                    Ok(bytes) => build::parse_file(
                        &SourceFile {
                            path: path.clone(),
                            bytes,
                        },
                        kind,
                        unsafe_html,
                    ),
                    Err(d) => Err(vec![d]),
                };
                let held = Held {
                    kind,
                    hash,
                    unsafe_html,
                    parsed,
                };
                Some((path, held))
            })
            .collect();
        let changed = !fresh.is_empty();
        self.docs.extend(fresh);
        changed
    }

    /// Models, routes and checks the site from the held documents through the same
    /// assembly as `notis build`.
    fn assemble(&mut self) -> Current {
        let Some((config, source)) = &self.loaded else {
            return Current::Broken(vec![Diagnostic::error(
                crate::config::CONFIG_FILE,
                crate::diag::messages::preview_site_not_loaded(),
            )]);
        };
        self.options.now = Utc::now().with_timezone(&Stockholm);
        let site = self.site.as_deref();
        let parsed = self
            .docs
            .values()
            .map(|held| match &held.parsed {
                Ok((doc, body)) => Ok((Arc::clone(doc), Arc::clone(body))),
                Err(e) => Err(e.clone()),
            })
            .filter_map(|parsed| match site {
                Some(name) => build::sites::for_site(parsed, name),
                None => Some(parsed),
            });
        let source = SiteSource {
            root: source.root.clone(),
            config: source.config.clone(),
            articles: Vec::new(),
            pages: Vec::new(),
            facts: source.facts.clone(),
            templates: source.templates.clone(),
            theme: source.theme.clone(),
            statics: source.statics.clone(),
            unused: source.unused.clone(),
            refused: source.refused.clone(),
        };
        match build::assemble(config.clone(), source, parsed, &self.options, false) {
            Ok(a) => Current::Ready(Box::new(Preview::new(
                a.site,
                a.renderer,
                a.routes,
                &a.source.statics,
                a.warnings,
            ))),
            Err(diagnostics) => Current::Broken(
                diagnostics
                    .into_iter()
                    .filter(|d| d.severity == Severity::Error)
                    .collect(),
            ),
        }
    }
}

/// A content file as read: its site-relative path, kind, and bytes or why it was unreadable.
type Read = (String, DocumentKind, Result<Vec<u8>, Diagnostic>);

fn hash_of(bytes: &[u8]) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// The site-relative `/`-separated path of a watched path; None outside the root.
pub fn relative(root: &std::path::Path, path: &std::path::Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    Some(display_path(std::path::Path::new(""), rel))
}

/// What a batch of changed paths means for the site: None when nothing the site is made
/// of was touched (the output folder, hidden files at the root, other root files).
/// `only_writes`: every event of the batch wrote into an existing file (nothing was
/// created, removed or renamed).
pub fn classify(root: &std::path::Path, paths: &[std::path::PathBuf], only_writes: bool) -> Option<Change> {
    let mut dirty = Vec::new();
    for path in paths {
        let Some(rel) = relative(root, path) else {
            // Not under the root as we know it: cannot be placed, so read everything.
            return Some(Change::Everything);
        };
        let first = rel.split('/').next().unwrap_or("");
        match first {
            "" => return Some(Change::Everything),
            crate::config::CONFIG_FILE | "templates" | "theme" | "static" => return Some(Change::Everything),
            // A multi-site repository: the list of sites and each site's own files.
            crate::manifest::MANIFEST_FILE | "sites" => return Some(Change::Everything),
            "content" => dirty.push(rel),
            _ => {}
        }
    }
    if dirty.is_empty() {
        return None;
    }
    dirty.sort();
    dirty.dedup();
    if only_writes {
        Some(Change::Written(dirty))
    } else {
        Some(Change::Content(dirty))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }

    fn titles(current: Option<Current>) -> Vec<String> {
        match current {
            Some(Current::Ready(p)) => p.site.articles.iter().map(|a| a.doc.title.clone()).collect(),
            Some(Current::Broken(errors)) => panic!("{errors:?}"),
            None => panic!("no update"),
        }
    }

    #[test]
    fn a_written_file_is_read_again_and_one_gone_meanwhile_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic"),
            dir.path(),
        );
        let root = std::fs::canonicalize(dir.path()).unwrap();
        let mut ws = Workspace::new(BuildOptions {
            root: root.clone(),
            output: root.join("public"),
            now: Utc::now().with_timezone(&Stockholm),
            include: Default::default(),
            base_url: None,
            archive: Default::default(),
        });
        let Current::Ready(first) = ws.reload_everything() else {
            panic!("the fixture builds")
        };
        let before = first.site.articles.len();
        let a = root.join("content/nyheter/a.md");
        let text = std::fs::read_to_string(&a).unwrap();
        let retitled = text.replacen("title: ", "title: Skrivet på plats – ", 1);
        std::fs::write(&a, &retitled).unwrap();
        let written = Change::Written(vec!["content/nyheter/a.md".to_string()]);
        let after = titles(ws.update(&written));
        assert_eq!(after.len(), before);
        assert!(after.iter().any(|t| t.starts_with("Skrivet på plats")), "{after:?}");
        // The same bytes again: nothing changed, no reload.
        assert!(ws.update(&written).is_none());
        // A "write" event for a file that is gone by the time it is read (its removal's
        // event comes later): the content folders are listed, the article leaves.
        std::fs::remove_file(&a).unwrap();
        assert_eq!(titles(ws.update(&written)).len(), before - 1);
        // A file the workspace does not hold (its creation was missed): listed, and read.
        std::fs::write(root.join("content/nyheter/c.md"), &retitled).unwrap();
        let missed = Change::Written(vec!["content/nyheter/c.md".to_string()]);
        assert_eq!(titles(ws.update(&missed)).len(), before);
    }

    #[test]
    fn classify_places_each_kind_of_path() {
        let root = Path::new("/site");
        let c = |paths: &[&str]| classify(root, &paths.iter().map(PathBuf::from).collect::<Vec<_>>(), false);
        assert_eq!(c(&["/site/public/index.html", "/site/README.md", "/site/.git/x"]), None);
        assert_eq!(
            c(&[
                "/site/content/nyheter/a.md",
                "/site/content/nyheter/mapp",
                "/site/content/nyheter/a.md"
            ]),
            Some(Change::Content(vec![
                "content/nyheter/a.md".to_string(),
                "content/nyheter/mapp".to_string()
            ]))
        );
        assert_eq!(c(&["/site/content/a.md", "/site/templates"]), Some(Change::Everything));
        assert_eq!(c(&["/site/site.yaml"]), Some(Change::Everything));
        assert_eq!(c(&["/site"]), Some(Change::Everything));
        assert_eq!(c(&["/elsewhere/a.md"]), Some(Change::Everything));
        let written = |paths: &[&str]| classify(root, &paths.iter().map(PathBuf::from).collect::<Vec<_>>(), true);
        assert_eq!(
            written(&["/site/content/nyheter/a.md"]),
            Some(Change::Written(vec!["content/nyheter/a.md".to_string()]))
        );
        assert_eq!(written(&["/site/templates/artikel.html"]), Some(Change::Everything));
    }
}
