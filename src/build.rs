//! The pipeline end to end: load → parse → markdown → model → render → write.

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::cache;
use crate::check;
use crate::config::{self, Config};
use crate::content::discover::{self, SiteSource};
use crate::content::{Document, DocumentKind, SourceFile, parse_document};
use crate::dates::Moment;
use crate::error::{Diagnostic, Severity};
use crate::markdown;
use crate::markdown::Rendered;
use crate::model::site::Inclusion;
use crate::model::{Fact, Site, build_site};
use crate::outputs::search;
use crate::render::{self, Renderer};
use crate::write::{self, Staging};
use crate::yaml;

/// What a build reads and where it writes; "now" is always given, never read from a clock here.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub now: Moment,
    pub include: Inclusion,
    pub base_url: Option<String>,
}

/// What a successful build did.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    pub files: usize,
    /// Files whose bytes changed (the rest were left as they were).
    pub changed: usize,
    pub articles: usize,
    pub warnings: Vec<Diagnostic>,
    /// Nothing had changed since the last build, which was reused as it is.
    pub up_to_date: bool,
}

/// Reads the site from disk.
pub fn load(options: &BuildOptions) -> Result<(Config, SiteSource), Vec<Diagnostic>> {
    let text = discover::read_config(&options.root).map_err(|d| vec![d])?;
    let config = config::parse(&text, options.base_url.as_deref())?;
    let source = discover::discover(&options.root, text, &config.news_path)?;
    Ok((config, source))
}

/// Parses and models a loaded site, collecting every problem in every file.
pub fn prepare(config: Config, source: &SiteSource, options: &BuildOptions) -> Result<Site, Vec<Diagnostic>> {
    let files: Vec<(&SourceFile, DocumentKind)> = source
        .articles
        .iter()
        .map(|f| (f, DocumentKind::Article))
        .chain(source.pages.iter().map(|f| (f, DocumentKind::Page)))
        .collect();
    let parsed: Vec<_> = files
        .par_iter()
        .map(|(file, kind)| parse_file(file, *kind, config.unsafe_html))
        .collect();
    let mut errors = Vec::new();
    let mut documents = Vec::new();
    for result in parsed {
        match result {
            Ok(pair) => documents.push(pair),
            Err(mut e) => errors.append(&mut e),
        }
    }
    let facts = parse_facts_of(source).unwrap_or_else(|d| {
        errors.push(d);
        Vec::new()
    });
    // Model even when some files failed, so URL clashes are reported in the same run.
    match build_site(config, options.now, documents, facts, options.include) {
        Ok(site) if errors.is_empty() => Ok(site),
        Ok(_) => Err(errors),
        Err(mut more) => {
            errors.append(&mut more);
            Err(errors)
        }
    }
}

/// A parsed document and its rendered body, shared so the preview can keep them between edits.
pub type Parsed = (Arc<Document>, Arc<Rendered>);

/// Parses one content file and renders its Markdown.
pub fn parse_file(file: &SourceFile, kind: DocumentKind, unsafe_html: bool) -> Result<Parsed, Vec<Diagnostic>> {
    let mut doc = parse_document(file, kind)?;
    let body = markdown::render(&doc.body, doc.body_line_offset, doc.summary.is_none(), !unsafe_html);
    doc.body = String::new(); // rendered now; don't carry the Markdown further
    Ok((Arc::new(doc), Arc::new(body)))
}

/// The "Visste du att…" facts of a site, none when the file is absent.
pub fn parse_facts_of(source: &SiteSource) -> Result<Vec<Fact>, Diagnostic> {
    match &source.facts {
        Some(file) => parse_facts(file),
        None => Ok(Vec::new()),
    }
}

fn parse_facts(file: &SourceFile) -> Result<Vec<Fact>, Diagnostic> {
    let text = std::str::from_utf8(&file.bytes)
        .map_err(|_| Diagnostic::error(&file.path, "file is not valid UTF-8").with_help("save the file as UTF-8"))?;
    let text = crate::content::front_matter::normalise(text);
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    yaml::parse(&file.path, &text, 0)
}

/// A site read, parsed, modelled and checked, ready to render.
pub struct Analysed {
    pub site: Site,
    pub source: SiteSource,
    pub renderer: Renderer,
    /// Warnings only (errors make `analyse` fail).
    pub warnings: Vec<Diagnostic>,
}

/// Everything short of writing: what `notis check` runs and `notis build` starts with.
/// On failure, returns every error and warning found.
pub fn analyse(options: &BuildOptions, deny_warnings: bool) -> Result<Analysed, Vec<Diagnostic>> {
    let (config, source) = load(options)?;
    analyse_loaded(config, source, options, deny_warnings)
}

fn analyse_loaded(
    config: Config,
    mut source: SiteSource,
    options: &BuildOptions,
    deny_warnings: bool,
) -> Result<Analysed, Vec<Diagnostic>> {
    let site = prepare(config, &source, options)?;
    // The Markdown sources are parsed and rendered now; don't carry them through the build.
    source.articles = Vec::new();
    source.pages = Vec::new();
    let renderer = Renderer::new(&site, &source.templates, &source.theme);
    let statics: Vec<String> = source.statics.iter().map(|(rel, _)| rel.clone()).collect();
    let theme: Vec<String> = match &renderer {
        Ok(r) => r.theme().keys().cloned().collect(),
        Err(_) => Vec::new(),
    };
    let mut diagnostics = check::check_site(&site, &check::UrlMap::new(&site, &statics, &theme));
    let renderer = match renderer {
        Ok(r) => Some(r),
        Err(mut e) => {
            diagnostics.append(&mut e);
            None
        }
    };
    let failed = error_count(&diagnostics) > 0 || (deny_warnings && !diagnostics.is_empty());
    match renderer {
        Some(renderer) if !failed => Ok(Analysed {
            site,
            source,
            renderer,
            warnings: diagnostics,
        }),
        _ => Err(diagnostics),
    }
}

/// Builds the site into `options.output`; on any error the old output is left untouched.
pub fn build(options: &BuildOptions, deny_warnings: bool) -> Result<BuildReport, Vec<Diagnostic>> {
    let (config, source) = load(options)?;
    let fingerprint = cache::fingerprint(options, &source);
    if let Some(state) = cache::load(&options.output)
        && cache::is_fresh(&state, &fingerprint, &options.now, &options.output)
    {
        if deny_warnings && !state.warnings.is_empty() {
            return Err(state.warnings);
        }
        return Ok(BuildReport {
            files: state.outputs.len(),
            changed: 0,
            articles: state.articles,
            warnings: state.warnings,
            up_to_date: true,
        });
    }
    let Analysed {
        site,
        source,
        renderer,
        warnings,
    } = analyse_loaded(config, source, options, deny_warnings)?;
    let jobs = render::jobs(&site, renderer.theme());
    let minify = site.config.minify;

    let io_error = |what: &str, e: std::io::Error| {
        Diagnostic::error(
            crate::error::display_path(&options.root, &options.output),
            format!("cannot {what}: {e}"),
        )
        .with_help("check that the output folder is writable")
    };
    let staging = Staging::begin(&options.output).map_err(|e| vec![io_error("prepare the output folder", e)])?;
    let results: Vec<Written> = jobs
        .par_iter()
        .map(|job| {
            let file = renderer.render_job(&site, job)?;
            let file = if minify { write::minify(file) } else { file };
            staging
                .write(&file)
                .map_err(|e| io_error(&format!("write {}", file.path), e))
        })
        .collect();
    let mut results = results;
    if site.config.search && results.iter().all(Result::is_ok) {
        let glob = format!("{{{}/*/index.html,sidor/*/index.html}}", site.config.news_path);
        match search::index_directory(staging.path(), &glob) {
            Ok(files) => results.extend(
                files
                    .iter()
                    .map(|f| staging.write(f).map_err(|e| io_error(&format!("write {}", f.path), e))),
            ),
            Err(d) => results.push(Err(d)),
        }
    }
    let mut statics: Vec<Written> = source
        .statics
        .par_iter()
        .map(|(rel, abs)| {
            staging
                .copy(rel, abs)
                .map_err(|e| io_error(&format!("copy static/{rel}"), e))
        })
        .collect();
    results.append(&mut statics);

    let mut errors: Vec<Diagnostic> = Vec::new();
    let mut changed = 0;
    for r in &results {
        match r {
            Ok(true) => changed += 1,
            Ok(false) => {}
            Err(d) => {
                if !errors.contains(d) {
                    errors.push(d.clone());
                }
            }
        }
    }
    if !errors.is_empty() {
        staging.abort();
        return Err(errors);
    }
    staging
        .commit()
        .map_err(|e| vec![io_error("replace the output folder", e)])?;
    let state = cache::CacheState {
        fingerprint,
        valid_from: crate::dates::rfc3339(&options.now),
        valid_until: next_change(&site).map(|m| crate::dates::rfc3339(&m)),
        articles: site.articles.len(),
        warnings: warnings.clone(),
        outputs: Vec::new(),
    };
    cache::save(&options.output, state, &cache::list_files(&options.output));
    Ok(BuildReport {
        files: results.len(),
        changed,
        articles: site.articles.len(),
        warnings,
        up_to_date: false,
    })
}

/// Whether a file was written anew (true) or left as it was (false), or why it failed.
type Written = Result<bool, Diagnostic>;

/// The first moment after "now" at which the output would change with no edit:
/// an article is published, expires, its alert ends, or it gets the age notice.
fn next_change(site: &Site) -> Option<crate::dates::Moment> {
    let old = chrono::Duration::days(i64::from(site.config.old_after_days));
    let docs = site
        .articles
        .iter()
        .map(|a| &a.doc)
        .chain(site.unpublished.iter().map(|(d, _, _)| d));
    docs.flat_map(|d| {
        [
            d.publish,
            d.expires,
            d.alert.as_ref().and_then(|a| a.until),
            d.date.map(|date| date + old),
        ]
    })
    .flatten()
    .filter(|m| *m > site.now)
    .min()
}

/// Sorts diagnostics by file and position, errors first within a spot.
pub fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// Counts errors in a list of diagnostics.
pub fn error_count(diagnostics: &[Diagnostic]) -> usize {
    diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
}
