//! The file watcher: turns batches of file events into workspace updates and publishes
//! each new state of the preview.
//!
//! The root is watched on its own (not recursively) and each of content/, templates/,
//! theme/ and static/ recursively, including folders that appear or are replaced while the
//! preview runs: an override folder created after the start is followed like any other.
//! Events are only hints; the workspace re-reads what they point at (see workspace.rs).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::event::{AccessKind, AccessMode, ModifyKind};
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache};

use super::ServerState;
use super::workspace::{Change, classify};
use crate::diag::messages::{self, Lang};

/// The folders of a site that are watched recursively.
const WATCHED: [&str; 5] = ["content", "templates", "theme", "static", "sites"];

/// The file watcher. It is set up before the first build, so that no save is missed
/// between starting the server and the first reload.
pub struct Watch {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
    root: PathBuf,
    /// The folders of WATCHED that have a watch now.
    watching: BTreeSet<&'static str>,
    lang: Lang,
}

/// Starts watching the site (see the module comment); None (after a warning) when the
/// system cannot watch files.
pub fn begin(root: &Path, lang: Lang) -> Option<Watch> {
    let (tx, events) = std::sync::mpsc::channel();
    // A short debounce: editors save in bursts, but the reload must feel immediate. Bursts
    // split over two batches are harmless: each batch is diffed against the disk.
    let mut debouncer = match notify_debouncer_full::new_debouncer(Duration::from_millis(10), None, tx) {
        Ok(d) => d,
        Err(e) => {
            let message = messages::preview_cannot_watch(&root.display().to_string(), &e.to_string());
            eprintln!("{}", message.get(lang));
            return None;
        }
    };
    if let Err(e) = debouncer.watch(root, RecursiveMode::NonRecursive) {
        let message = messages::preview_cannot_watch(&root.display().to_string(), &e.to_string());
        eprintln!("{}", message.get(lang));
    }
    let mut watch = Watch {
        debouncer,
        events,
        root: root.to_path_buf(),
        watching: BTreeSet::new(),
        lang,
    };
    watch.refresh(&[]);
    Some(watch)
}

impl Watch {
    /// Watches each site folder that exists and is not yet watched, again each one that the
    /// events name itself (it was replaced: its old watch is gone), and forgets those gone.
    fn refresh(&mut self, named: &[PathBuf]) {
        for dir in WATCHED {
            let path = self.root.join(dir);
            let exists = path.is_dir();
            let replaced = named.iter().any(|p| p == &path);
            if self.watching.contains(dir) && (!exists || replaced) {
                let _ = self.debouncer.unwatch(&path);
                self.watching.remove(dir);
            }
            if exists && !self.watching.contains(dir) {
                match self.debouncer.watch(&path, RecursiveMode::Recursive) {
                    Ok(()) => {
                        self.watching.insert(dir);
                    }
                    Err(e) => {
                        let message = messages::preview_cannot_watch(&path.display().to_string(), &e.to_string());
                        eprintln!("{}", message.get(self.lang));
                    }
                }
            }
        }
    }
}

/// Whether an event only wrote into a file that was there: it cannot add, remove or move
/// one. Anything vaguer (`Modify(Any)`, a rename, a create) is not.
fn is_write(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Metadata(_))
            | EventKind::Access(AccessKind::Close(AccessMode::Write))
    )
}

/// Watches the site and updates the preview on every change, until the process ends.
pub fn run(mut watch: Watch, state: Arc<ServerState>) {
    let root = watch.root.clone();
    while let Ok(result) = watch.events.recv() {
        // Everything that arrived meanwhile is one batch: one update, one reload.
        let mut batches = vec![result];
        batches.extend(watch.events.try_iter());
        let mut paths = Vec::new();
        let mut rescan = false;
        let mut only_writes = true;
        for batch in batches {
            let Ok(events) = batch else {
                rescan = true; // the watcher lost track: read everything
                continue;
            };
            for e in &events {
                rescan |= e.need_rescan();
                // Our own reads raise access events; counting them would loop. A closed
                // write is the end of a save and counts.
                let counts = match e.kind {
                    EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
                    EventKind::Access(_) | EventKind::Other => false,
                    _ => true,
                };
                if counts {
                    only_writes &= is_write(&e.kind);
                    paths.extend(e.paths.iter().cloned());
                }
            }
        }
        watch.refresh(&paths);
        let change = if rescan {
            Some(Change::Everything)
        } else {
            classify(&root, &paths, only_writes)
        };
        let Some(change) = change else { continue };
        let started = Instant::now();
        // Held while publishing, so a switch of site cannot slip in between.
        let mut workspace = state.workspace.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(current) = workspace.update(&change) {
            state.publish(current, started.elapsed());
        }
    }
}
