//! search: the Pagefind index for "Sök på webbplatsen", built beside the renderers.
//!
//! Rendered article and page HTML is sent over a bounded channel to one indexing
//! thread (Pagefind's API is async and indexes one file at a time), so indexing
//! overlaps rendering and pages are never all held in memory. The bundle —
//! index, fragments, the Swedish stemmer's wasm and the UI — is returned as
//! ordinary output files under `pagefind/`.

use std::sync::mpsc::{SyncSender, sync_channel};
use std::thread::JoinHandle;

#[cfg(feature = "search")]
use pagefind::api::PagefindIndex;
#[cfg(feature = "search")]
use pagefind::options::PagefindServiceConfig;

use crate::error::Diagnostic;
use crate::render::OutputFile;

/// A page to index: its site URL and final HTML.
type Page = (String, Vec<u8>);

/// The indexing thread and the channel that feeds it.
pub struct SearchIndexer {
    sender: SyncSender<Page>,
    thread: JoinHandle<Result<Vec<OutputFile>, String>>,
}

impl SearchIndexer {
    #[cfg(feature = "search")]
    pub fn start() -> SearchIndexer {
        let (sender, receiver) = sync_channel::<Page>(256);
        let thread = std::thread::spawn(move || -> Result<Vec<OutputFile>, String> {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .build()
                .map_err(|e| format!("cannot start the indexer: {e}"))?;
            let config = PagefindServiceConfig::builder()
                .force_language("sv".to_string())
                .build();
            let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
            // Keep draining after an error so senders never block; report the first.
            let mut first_error = None;
            for (url, html) in receiver {
                let html = String::from_utf8_lossy(&html).into_owned();
                if let Err(e) = runtime.block_on(index.add_html_file(None, Some(url.clone()), html))
                    && first_error.is_none()
                {
                    first_error = Some(format!("cannot index {url}: {e}"));
                }
            }
            if let Some(e) = first_error {
                return Err(e);
            }
            let files = runtime.block_on(index.get_files()).map_err(|e| e.to_string())?;
            let mut out: Vec<OutputFile> = files
                .into_iter()
                .map(|f| OutputFile {
                    path: format!("pagefind/{}", f.filename.to_string_lossy().replace('\\', "/")),
                    bytes: f.contents,
                })
                .collect();
            out.sort_by(|a, b| a.path.cmp(&b.path));
            Ok(out)
        });
        SearchIndexer { sender, thread }
    }

    /// Without the `search` feature there is no index; `finish` says so.
    #[cfg(not(feature = "search"))]
    pub fn start() -> SearchIndexer {
        let (sender, receiver) = sync_channel::<Page>(1);
        let thread = std::thread::spawn(move || {
            for _ in receiver {}
            Err("this notis was compiled without the `search` feature".to_string())
        });
        SearchIndexer { sender, thread }
    }

    /// Queues a page; blocks briefly when the indexer is behind.
    pub fn add(&self, url: &str, html: &[u8]) {
        // A send only fails when the indexer has stopped; `finish` reports why.
        let _ = self.sender.send((url.to_string(), html.to_vec()));
    }

    /// Waits for the index and returns the bundle's files.
    pub fn finish(self) -> Result<Vec<OutputFile>, Diagnostic> {
        drop(self.sender);
        let result = self
            .thread
            .join()
            .map_err(|_| "the search indexer stopped unexpectedly".to_string())
            .and_then(|r| r);
        result.map_err(|e| {
            Diagnostic::error("site.yaml", format!("search index: {e}"))
                .with_help("set `search: false` in site.yaml to build without search, and report this")
        })
    }
}
