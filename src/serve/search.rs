//! search (preview): the preview's own Pagefind index, brought up to date after each reload.
//!
//! After every published state of the preview, a thread of its own renders the searchable
//! pages (articles and pages) and indexes them into a bundle in the cache folder
//! (`.public.notis-cache/preview/pagefind/`), with its own extraction cache beside it, so
//! only pages whose HTML changed are parsed again. It starts once no save came for a
//! second, so the reloaded page is served before the indexing takes the processors, takes
//! the newest state, and runs at the lowest priority. `/pagefind/…` is answered from that bundle,
//! the same files `notis build` publishes for the same HTML.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use rayon::prelude::*;

use super::{Current, Preview, Snapshot};
use crate::model::routes::Job;

/// How long no new state must come before the indexer starts: the tab's request and the
/// next save of a burst come first (an indexing run competes with them for the processors).
const SETTLE: Duration = Duration::from_millis(1000);

/// The preview's bundle folder for a site root.
pub fn bundle(root: &Path) -> PathBuf {
    crate::write::cache::folder(&root.join("public"))
        .join("preview")
        .join("pagefind")
}

/// Starts the indexer thread; each snapshot sent to it is indexed (the newest, when several
/// wait). `report` prints what went wrong.
pub fn start(
    root: PathBuf,
    report: impl Fn(crate::diag::error::Diagnostic) + Send + 'static,
) -> mpsc::Sender<Arc<Snapshot>> {
    let (sender, receiver) = mpsc::channel::<Arc<Snapshot>>();
    std::thread::spawn(move || {
        let bundle = bundle(&root);
        let pool = background_pool();
        while let Ok(mut snapshot) = receiver.recv() {
            // Until the saves pause: the newest state, once none came for a while.
            while let Ok(newer) = receiver.recv_timeout(SETTLE) {
                snapshot = newer;
            }
            if let Current::Ready(preview) = &snapshot.current
                && preview.site.config.search
            {
                let index =
                    || crate::write::search::index(crate::write::search::Pages::Rendered(pages(preview)), &bundle);
                if let Err(d) = pool.as_ref().map_or_else(index, |pool| pool.install(index)) {
                    report(d);
                }
            }
        }
    });
    sender
}

/// Threads of their own for the indexing, at the lowest priority (nice 19): the next save's
/// update and the tab's requests run on the shared pool and come first.
fn background_pool() -> Option<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("preview-search-{i}"))
        .start_handler(|_| {
            // On Linux the nice value is per thread; `None` names the calling one.
            #[cfg(target_os = "linux")]
            let _ = rustix::process::setpriority_process(None, 19);
        })
        .build()
        .ok()
}

/// The searchable pages as the preview shows them: (path in the site, HTML). A page that
/// cannot be rendered is left out (the preview shows its error when it is opened).
fn pages(preview: &Preview) -> Vec<(String, String)> {
    let routes: Vec<_> = preview
        .routes
        .iter()
        .filter(|r| matches!(r.job, Job::Article(_) | Job::Page(_)) && r.file.ends_with("/index.html"))
        .collect();
    routes
        .par_iter()
        .filter_map(|route| {
            let file = preview
                .renderer
                .render_route(&preview.site, &preview.routes, route)
                .ok()?;
            Some((file.path, String::from_utf8(file.bytes).ok()?))
        })
        .collect()
}

/// A file of the preview's bundle, as a request finds it.
pub enum Bundled {
    File(Vec<u8>),
    /// An indexing is writing the bundle (or none has finished yet): its files may be half
    /// written, so none is served.
    Busy,
    Missing,
}

/// Reads the file of the preview's bundle that `rel` (a path inside `pagefind/`) names.
/// The bundle must be complete before and after the read, so a file Pagefind is writing
/// meanwhile is never served.
pub fn read(root: &Path, rel: &str) -> Bundled {
    let Some(path) = bundle_file(root, rel) else {
        return Bundled::Missing;
    };
    let folder = bundle(root);
    if !crate::write::search::is_complete(&folder) {
        return Bundled::Busy;
    }
    let bytes = std::fs::read(path);
    match (bytes, crate::write::search::is_complete(&folder)) {
        (_, false) => Bundled::Busy,
        (Ok(bytes), true) => Bundled::File(bytes),
        (Err(_), true) => Bundled::Missing,
    }
}

/// The file of the preview's bundle that `rel` (a path inside `pagefind/`) names, if it is
/// a plain path inside the folder.
pub fn bundle_file(root: &Path, rel: &str) -> Option<PathBuf> {
    let plain = !rel.is_empty()
        && rel
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".." && !part.contains('\\'));
    plain.then(|| bundle(root).join(rel))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_inside_the_bundle_are_served() {
        let root = Path::new("/site");
        assert_eq!(
            bundle_file(root, "fragment/sv_1.pf_fragment"),
            Some(bundle(root).join("fragment/sv_1.pf_fragment"))
        );
        for bad in [
            "",
            "../site.yaml",
            "fragment/../../x",
            "/etc/passwd",
            "a//b",
            "a\\..\\b",
            "./x",
        ] {
            assert_eq!(bundle_file(root, bad), None, "{bad}");
        }
    }
}
