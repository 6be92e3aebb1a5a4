//! search: the Pagefind index for "Sök på webbplatsen".
//!
//! Pagefind reads the finished article and page HTML from the staging folder and
//! indexes it in parallel (its per-file API is serial and quadratic in the number
//! of pages, so it is not used). The bundle — index, fragments, the Swedish
//! stemmer's wasm and the UI — comes back as ordinary output files under
//! `pagefind/`, written with the rest of the site before it is swapped in.

#[cfg(feature = "search")]
use pagefind::api::PagefindIndex;
#[cfg(feature = "search")]
use pagefind::options::PagefindServiceConfig;

use crate::error::Diagnostic;
use crate::outputs::OutputFile;

/// Without the `search` feature there is no index; say so instead of building a dead search page.
#[cfg(not(feature = "search"))]
pub fn index_directory(_dir: &std::path::Path, _glob: &str) -> Result<Vec<OutputFile>, Diagnostic> {
    Err(Diagnostic::error("site.yaml", crate::messages::search_unavailable()))
}

/// Indexes the searchable pages already written under `dir` (Pagefind fossicks them in
/// parallel) and returns the bundle. `glob` selects the pages, relative to `dir`.
#[cfg(feature = "search")]
pub fn index_directory(dir: &std::path::Path, glob: &str) -> Result<Vec<OutputFile>, Diagnostic> {
    let run = || -> Result<Vec<OutputFile>, String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(|e| format!("cannot start the indexer: {e}"))?;
        let config = PagefindServiceConfig::builder()
            .force_language("sv".to_string())
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        runtime
            .block_on(index.add_directory(dir.to_string_lossy().into_owned(), Some(glob.to_string())))
            .map_err(|e| e.to_string())?;
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
    };
    run().map_err(|e| Diagnostic::error("site.yaml", crate::messages::search_failed(&e)))
}
