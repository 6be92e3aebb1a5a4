//! The pipeline end to end: load → parse → markdown → model → render → write.

mod archive;
pub mod fuzzing;
pub mod sites;

pub use archive::Archiving;

use std::collections::HashMap;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::check;
use crate::config::{self, Config};
use crate::content::discover::{self, SiteSource};
use crate::content::{DocumentKind, SourceFile};
use crate::diag::error::{Diagnostic, Severity};
use crate::diag::messages::{self, IoStep};
use crate::images;
use crate::model::routes::{self, Job, Route, Routes};
use crate::model::site::Inclusion;
use crate::model::{Fact, Site, build_site};
use crate::render::{self, Renderer};
use crate::text::dates::Moment;
use crate::text::yaml;
use crate::write::cache;
use crate::write::search;
use crate::write::{OutputFolder, Refusal, Replaced, Staging};

/// What a build reads and where it writes; "now" is always given, never read from a clock here.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub now: Moment,
    pub include: Inclusion,
    pub base_url: Option<String>,
    /// `--archive`, `--archive-full`; without them, site.yaml's `archive:` decides.
    pub archive: Archiving,
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
    /// When each scheduled article will appear, earliest first.
    pub scheduled: Vec<Moment>,
    /// Photos decoded to make variants missing from the image cache (0 when none changed).
    pub images_decoded: usize,
    /// The output is a mount point and was replaced file by file, not swapped in one step.
    pub file_by_file: bool,
    /// For a site in a subfolder, the sitemap's address: crawlers read only the host's own
    /// /robots.txt, so that file needs a `Sitemap:` line naming it.
    pub sitemap_for_root_robots: Option<String>,
    /// The archive folder, what was recorded there and in how many milliseconds, when the
    /// site keeps an archive.
    pub archived: Option<(PathBuf, crate::write::archive::Recorded, u128)>,
}

/// The sitemap's address when the site lives in a subfolder of its host.
fn sitemap_for_root_robots(config: &Config) -> Option<String> {
    (!config.base_path.is_empty()).then(|| config.absolute(routes::SITEMAP))
}

/// Reads the site from disk.
pub fn load(options: &BuildOptions) -> Result<(Config, SiteSource), Vec<Diagnostic>> {
    let text = discover::read_config(&options.root).map_err(|d| vec![d])?;
    let config = config::parse(&text, options.base_url.as_deref())?;
    let source = discover::discover(&options.root, text, &config.news_path)?;
    Ok((config, source))
}

/// Parses every content file of a loaded site (in parallel), keeping each file's result.
pub fn parse_sources(source: &SiteSource, unsafe_html: bool) -> Vec<Result<Parsed, Vec<Diagnostic>>> {
    let files: Vec<(&SourceFile, DocumentKind)> = source.documents().collect();
    files
        .par_iter()
        .map(|(file, kind)| parse_file(file, *kind, unsafe_html))
        .collect()
}

pub use crate::check::{Parsed, parse_file};

/// The "Visste du att…" facts of a site, none when the file is absent; every mistake in
/// the file at once.
pub fn parse_facts_of(source: &SiteSource) -> Result<Vec<Fact>, Vec<Diagnostic>> {
    match &source.facts {
        Some(file) => parse_facts(file),
        None => Ok(Vec::new()),
    }
}

fn parse_facts(file: &SourceFile) -> Result<Vec<Fact>, Vec<Diagnostic>> {
    let text =
        std::str::from_utf8(&file.bytes).map_err(|_| vec![Diagnostic::error(&file.path, messages::not_utf8())])?;
    let text = crate::text::normalise::normalise(text);
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let read = yaml::parse_lenient::<Vec<Fact>>(&file.path, &text, 0);
    let facts = match read.value {
        Some(facts) if read.errors.is_empty() => facts,
        _ => return Err(read.errors),
    };
    // YAML escapes can still make control characters; a fact is on every page.
    let strip = crate::text::normalise::strip_controls;
    Ok(facts
        .into_iter()
        .map(|f| Fact {
            text: strip(f.text),
            link: f.link.map(strip),
        })
        .collect())
}

/// A site read, parsed, modelled, routed and checked, ready to render.
pub struct Analysed {
    pub site: Site,
    pub source: SiteSource,
    pub renderer: Renderer,
    pub routes: Routes,
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
    let parsed = parse_sources(&source, config.unsafe_html);
    // The Markdown sources are parsed and rendered now; don't carry them through the build.
    source.articles = Vec::new();
    source.pages = Vec::new();
    assemble(config, source, parsed, options, deny_warnings)
}

/// The assembly that `notis build`, `notis check` and `notis serve` share: model the parsed
/// documents, give every output its route, compile the templates and run every check. All
/// problems of all stages come back together, so one run reports every mistake.
pub fn assemble(
    config: Config,
    source: SiteSource,
    parsed: impl IntoIterator<Item = Result<Parsed, Vec<Diagnostic>>>,
    options: &BuildOptions,
    deny_warnings: bool,
) -> Result<Analysed, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let mut documents = Vec::new();
    for result in parsed {
        match result {
            Ok(pair) => documents.push(pair),
            Err(mut e) => diagnostics.append(&mut e),
        }
    }
    diagnostics.extend(documents.iter().flat_map(|(doc, _)| multi_site_keys(doc)));
    let facts = parse_facts_of(&source).unwrap_or_else(|mut e| {
        diagnostics.append(&mut e);
        Vec::new()
    });
    diagnostics.extend(source.unused.iter().cloned());
    diagnostics.extend(source.refused.iter().cloned());
    diagnostics.extend(crate::content::placeholders::find(
        crate::config::CONFIG_FILE,
        &source.config,
    ));
    if let Some(facts) = &source.facts {
        diagnostics.extend(crate::content::placeholders::find(
            &facts.path,
            &String::from_utf8_lossy(&facts.bytes),
        ));
    }
    let mut site = build_site(config, options.now, documents, facts, options.include);
    let statics_by_rel: std::collections::BTreeMap<String, PathBuf> = source.statics.iter().cloned().collect();
    let (photos, mut image_errors) = images::plan(&wanted_photos(&site), &statics_by_rel);
    diagnostics.append(&mut image_errors);
    site.photos = photos;
    diagnostics.extend(config_image_errors(&site, &statics_by_rel));
    let theme: Vec<String> = render::templates::merge_theme(&source.theme).into_keys().collect();
    let statics: Vec<String> = source.statics.iter().map(|(rel, _)| rel.clone()).collect();
    let (routes, mut clashes) = Routes::of(&site, &theme, &statics);
    diagnostics.append(&mut clashes);
    let renderer = Renderer::new(&site, &source.templates, &source.theme);
    let urls = check::UrlMap::new(&site, &routes);
    diagnostics.append(&mut check::check_site(&site, &urls));
    diagnostics.extend(static_image_findings(
        &site,
        &source,
        &check::misdirected_photos(&site, &urls),
    ));
    diagnostics.extend(check::check_facts(&site, &urls, source.facts.as_ref()));
    let renderer = match renderer {
        Ok(r) => Some(r),
        Err(mut e) => {
            diagnostics.append(&mut e);
            None
        }
    };
    let failed =
        error_count(&diagnostics) > 0 || (deny_warnings && diagnostics.iter().any(Diagnostic::denied_as_warning));
    match renderer {
        Some(renderer) if !failed => Ok(Analysed {
            site,
            source,
            renderer,
            routes,
            warnings: diagnostics,
        }),
        _ => Err(diagnostics),
    }
}

/// `sites:` and `canonical:` in a repository of one site: the multi-site build takes them
/// out of the documents it hands on, so any left here were written for no site list.
fn multi_site_keys(doc: &crate::content::Document) -> Vec<Diagnostic> {
    let sites = doc
        .sites
        .as_ref()
        .map(|l| ("sites", l.first().map_or((2, 1), |(_, at)| *at)));
    let canonical = doc.canonical.as_ref().map(|(_, at)| ("canonical", *at));
    sites
        .into_iter()
        .chain(canonical)
        .map(|(key, (line, col))| Diagnostic::error(&doc.path, messages::sites_key_without_manifest(key)).at(line, col))
        .collect()
}

/// The local photos that articles and pages show: lead images and images in the body.
/// Those of drafts and scheduled articles too: their originals must not go out as they are
/// (with the phone's GPS position) before the article does; they get variants like any other.
fn wanted_photos(site: &Site) -> Vec<images::Wanted> {
    let mut wanted = Vec::new();
    if let Some(src) = &site.config.share_image
        && src.starts_with('/')
    {
        wanted.push(images::Wanted {
            url: src.clone(),
            keep_original: false,
            by: crate::config::CONFIG_FILE.to_string(),
        });
    }
    let docs = site
        .articles
        .iter()
        .map(|a| (&a.doc, &a.body))
        .chain(site.pages.iter().map(|p| (&p.doc, &p.body)))
        .chain(site.unpublished.iter().map(|(doc, _, body)| (doc, body)));
    for (doc, body) in docs {
        let lead = doc.image.iter().map(|i| (i.src.as_str(), i.original));
        let inline = body.images.iter().map(|i| (i.src.as_str(), false));
        for (src, keep_original) in lead.chain(inline) {
            if src.starts_with('/') && !src.starts_with("//") {
                wanted.push(images::Wanted {
                    url: crate::model::photos::site_path(src),
                    keep_original,
                    by: doc.path.clone(),
                });
            }
        }
    }
    wanted
}

/// `organisation.logo` and `share_image` must name a file in static/ by its site path.
fn config_image_errors(site: &Site, statics: &std::collections::BTreeMap<String, PathBuf>) -> Vec<Diagnostic> {
    let c = &site.config;
    let mut out = Vec::new();
    for (key, value) in [
        ("organisation.logo", &c.organisation.logo),
        ("share_image", &c.share_image),
    ] {
        let Some(v) = value.as_deref() else { continue };
        let exists = |path: &str| statics.contains_key(path.trim_start_matches('/'));
        let message = match crate::model::photos::meant_path(v) {
            Some(meant) if exists(&meant) => messages::image_wrong_path(v, &meant),
            Some(_) => messages::config_image_missing(key, v),
            None if v.starts_with('/') && !exists(v) => messages::config_image_missing(key, v),
            None => continue,
        };
        out.push(Diagnostic::error(crate::config::CONFIG_FILE, message));
    }
    out
}

/// For each image in static/ that would be published as it is: an error if it is in a
/// format notis cannot strip (HEIC, TIFF…) or a GIF that tells where or by whom it was
/// taken, and a warning if it is a JPEG, PNG or WebP that does (a phone's photo carries its
/// GPS position) and no article shows it — unless one tries to through an address of the
/// wrong form (`misdirected`), whose error already says what to write.
fn static_image_findings(
    site: &Site,
    source: &SiteSource,
    misdirected: &std::collections::HashSet<String>,
) -> Vec<Diagnostic> {
    source
        .statics
        .par_iter()
        .filter(|(rel, _)| !site.photos.replaces(rel))
        .filter_map(|(rel, abs)| {
            let shown = format!("static/{rel}");
            match images::inspect_static(rel, abs) {
                images::Published::Clean => None,
                images::Published::Unstrippable(format) => {
                    Some(Diagnostic::error(shown, messages::image_unstrippable(format)))
                }
                images::Published::GifReveals(found) if found == [images::xmp::COMMENT] => {
                    Some(Diagnostic::warning(shown, messages::gif_metadata(&found)))
                }
                images::Published::GifReveals(found) => Some(Diagnostic::error(shown, messages::gif_metadata(&found))),
                images::Published::Reveals(_) if misdirected.contains(rel) => None,
                images::Published::Reveals(found) => {
                    Some(Diagnostic::warning(shown, messages::image_personal_metadata(&found)))
                }
            }
        })
        .collect()
}

/// Builds the site into `options.output`; on any error the old output is left untouched.
/// Only one build of an output runs at a time; a second one waits for the first.
/// `waiting` is called once if another build holds the output and this one waits.
pub fn build(options: &BuildOptions, deny_warnings: bool, waiting: &dyn Fn()) -> Result<BuildReport, Vec<Diagnostic>> {
    let (config, source) = load(options)?;
    let output = OutputFolder::claim(&options.root, &options.output, waiting).map_err(|r| vec![refusal(options, r)])?;
    let archive_folder = archive::folder(options, &config, output.path()).map_err(|d| vec![d])?;
    let fingerprint = cache::fingerprint(&options.output, options.base_url.as_deref(), options.include, &source);
    if let Some(state) = cache::load(output.path())
        && cache::is_fresh(&state, &fingerprint, &options.now, output.path())
        && archive::allows_shortcut(&state, archive_folder.as_deref(), options.archive.full)
    {
        if deny_warnings && state.warnings.iter().any(Diagnostic::denied_as_warning) {
            return Err(state.warnings);
        }
        return Ok(up_to_date_report(state, &config));
    }
    let analysed = analyse_loaded(config, source, options, deny_warnings)?;
    finish(options, output, archive_folder, fingerprint, analysed, &[])
}

/// Writes an analysed site into its claimed output: photo variants, every page into a
/// staging folder, the archive package, then the swap and the cache record. `peers` are
/// the cache folders of the sites of the same repository built before it in this run.
fn finish(
    options: &BuildOptions,
    output: OutputFolder,
    archive_folder: Option<PathBuf>,
    fingerprint: String,
    analysed: Analysed,
    peers: &[PathBuf],
) -> Result<BuildReport, Vec<Diagnostic>> {
    let io_error = |step: IoStep, what: &str, e: std::io::Error| {
        let output = crate::diag::error::display_path(&options.root, &options.output);
        Diagnostic::error(output, messages::output_io(step, what, &e))
    };
    // Photo variants are made (or found) in the cache before any page is written.
    let cache_folder = cache::folder(output.path());
    let peer_images: Vec<PathBuf> = peers.iter().map(|peer| peer.join("images")).collect();
    let images_decoded = images::ensure(&analysed.site.photos, &cache_folder.join("images"), &peer_images)?;
    let staging = output.stage().map_err(|r| vec![refusal(options, r)])?;
    let written = write_site(&analysed, &staging, &cache_folder, peers, &io_error).and_then(|counts| {
        // Recorded before the new site takes the old one's place: nothing goes out unrecorded.
        let recorded = archive_folder.as_ref().map(|folder| {
            let started = std::time::Instant::now();
            archive::record(&analysed, staging.path(), folder, options)
                .map(|r| (folder.clone(), r, started.elapsed().as_millis()))
        });
        Ok((counts, recorded.transpose().map_err(|d| vec![d])?))
    });
    let ((files, changed), archived) = match written {
        Ok(done) => done,
        Err(errors) => {
            staging.abort();
            return Err(errors);
        }
    };
    // The old record describes the old output: gone before the swap, so a crash in between
    // can never make the new output look like the old one.
    cache::forget(output.path());
    let replaced = staging.commit().map_err(|e| {
        vec![io_error(
            IoStep::Replace,
            &crate::diag::error::display_path(&options.root, &options.output),
            e,
        )]
    })?;
    let site = &analysed.site;
    // Only now: a failed build must not lose copies that the old output still shows.
    images::prune(&site.photos, &cache_folder.join("images"));
    let state = cache::CacheState {
        fingerprint,
        valid_from: crate::text::dates::rfc3339(&options.now),
        valid_until: next_change(site).map(|m| crate::text::dates::rfc3339(&m)),
        articles: site.articles.len(),
        warnings: analysed.warnings.clone(),
        scheduled: scheduled_moments(site)
            .iter()
            .map(crate::text::dates::rfc3339)
            .collect(),
        outputs: Vec::new(),
        archived: archived.as_ref().map(|(folder, r, _)| archive::newest(folder, r)),
    };
    cache::save(output.path(), state);
    Ok(BuildReport {
        files,
        changed,
        articles: site.articles.len(),
        warnings: analysed.warnings,
        up_to_date: false,
        scheduled: scheduled_moments(site),
        images_decoded,
        sitemap_for_root_robots: sitemap_for_root_robots(&site.config),
        file_by_file: replaced == Replaced::FileByFile,
        archived,
    })
}

/// The report of a build that found its output up to date and reused it as it is.
fn up_to_date_report(state: cache::CacheState, config: &Config) -> BuildReport {
    BuildReport {
        // The record lists the marker too, which a writing build does not count.
        files: state
            .outputs
            .iter()
            .filter(|(p, ..)| p != routes::OUTPUT_MARKER)
            .count(),
        changed: 0,
        articles: state.articles,
        warnings: state.warnings,
        up_to_date: true,
        scheduled: state
            .scheduled
            .iter()
            .filter_map(|m| chrono::DateTime::parse_from_rfc3339(m).ok())
            .map(|m| m.with_timezone(&chrono_tz::Europe::Stockholm))
            .collect(),
        images_decoded: 0,
        sitemap_for_root_robots: sitemap_for_root_robots(config),
        file_by_file: false,
        archived: None,
    }
}

fn scheduled_moments(site: &Site) -> Vec<Moment> {
    let mut list: Vec<Moment> = site.scheduled.iter().map(|(_, m)| *m).collect();
    list.sort();
    list
}

fn refusal(options: &BuildOptions, r: Refusal) -> Diagnostic {
    let shown = |p: &std::path::Path| match crate::diag::error::display_path(&options.root, p) {
        s if s.is_empty() => ".".to_string(),
        s => s,
    };
    match r {
        Refusal::SourceFolder(p) => Diagnostic::error(shown(&p), messages::output_is_source()),
        Refusal::Foreign { folder, example } => Diagnostic::error(shown(&folder), messages::output_foreign(&example)),
        Refusal::NotAFolder(p) => Diagnostic::error(shown(&p), messages::output_not_folder()),
        Refusal::ForeignLeftover(p) => Diagnostic::error(shown(&p), messages::work_folder_foreign()),
        Refusal::Io(step, p, e) => Diagnostic::error(shown(&options.output), messages::output_io(step, &shown(&p), &e)),
    }
}

/// Renders every route into staging (static files copied), then the search index.
/// Returns (files written, files changed), or every error.
fn write_site(
    analysed: &Analysed,
    staging: &Staging,
    cache_folder: &std::path::Path,
    peers: &[PathBuf],
    io_error: &(dyn Fn(IoStep, &str, std::io::Error) -> Diagnostic + Sync),
) -> Result<(usize, usize), Vec<Diagnostic>> {
    let Analysed {
        site,
        source,
        renderer,
        routes,
        ..
    } = analysed;
    let statics: HashMap<&str, &PathBuf> = source.statics.iter().map(|(rel, abs)| (rel.as_str(), abs)).collect();
    let all: Vec<&Route> = routes.iter().collect();
    let mut results: Vec<Written> = all
        .par_iter()
        .map(|route| match &route.job {
            Job::Static(rel) => {
                let abs = statics.get(rel.as_str()).copied().cloned().unwrap_or_default();
                staging
                    .copy(&route.file, &abs)
                    .map_err(|e| io_error(IoStep::Copy, &format!("static/{rel}"), e))
            }
            Job::ImageVariant { photo } => {
                let photo = &site.photos.by_url[photo];
                let variant = photo
                    .all()
                    .find(|v| v.url == route.url)
                    .expect("routes come from the photos");
                staging
                    .copy(
                        &route.file,
                        &cache_folder.join("images").join(images::cache_name(photo, variant)),
                    )
                    .map_err(|e| io_error(IoStep::Copy, &route.file, e))
            }
            _ => {
                let file = renderer.render_route(site, routes, route)?;
                staging.write(&file).map_err(|e| io_error(IoStep::Write, &file.path, e))
            }
        })
        .collect();
    if site.config.search && results.iter().all(Result::is_ok) {
        results.extend(write_search(site, routes, staging, cache_folder, peers, io_error));
    }
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
    if errors.is_empty() {
        Ok((results.len(), changed))
    } else {
        Err(errors)
    }
}

/// Indexes the pages written into staging for search and links the bundle in; each
/// bundle file's outcome (or the error that stopped the indexing).
fn write_search(
    site: &Site,
    routes: &Routes,
    staging: &Staging,
    cache_folder: &std::path::Path,
    peers: &[PathBuf],
    io_error: &(dyn Fn(IoStep, &str, std::io::Error) -> Diagnostic + Sync),
) -> Vec<Written> {
    let bundle = cache_folder.join("pagefind");
    let peers: Vec<PathBuf> = peers.iter().map(|peer| peer.join("pagefind")).collect();
    // Pages of the output before last that this build did not write must not be
    // indexed; the bundle's own folder stays until the bundle has gone in.
    let bundle_folder = routes::search_bundle_folder();
    let outside_bundle = |rel: &str| !rel.starts_with(&bundle_folder) && !bundle_folder.starts_with(&format!("{rel}/"));
    let glob = routes::search_glob(&site.config.news_path);
    let cleared = staging
        .clear_stale(outside_bundle)
        .map_err(|e| io_error(IoStep::Remove, &glob, e));
    match cleared.and_then(|()| search::index_directory(staging.path(), &glob, &bundle, &peers)) {
        Ok(files) => files
            .iter()
            .map(|rel| {
                let path = format!("{}{rel}", routes::search_bundle_folder());
                if !routes.in_generated_folder(&path) {
                    return Err(Diagnostic::error(
                        config::CONFIG_FILE,
                        messages::search_wrote_outside(&path),
                    ));
                }
                staging
                    .link(&path, &bundle.join(rel))
                    .map_err(|e| io_error(IoStep::Write, &path, e))
            })
            .collect(),
        Err(d) => vec![Err(d)],
    }
}

/// Whether a file was written anew (true) or left as it was (false), or why it failed.
type Written = Result<bool, Diagnostic>;

/// What will change on the site without an edit, earliest first, as a build at "now" would
/// see it (`notis next`). Every mistake that stops a document from being read comes back:
/// a site that cannot be read has no schedule to trust.
pub fn schedule(options: &BuildOptions) -> Result<(Config, Vec<crate::model::schedule::Upcoming>), Vec<Diagnostic>> {
    let (config, source) = load(options)?;
    let mut documents = Vec::new();
    let mut errors = Vec::new();
    for result in parse_sources(&source, config.unsafe_html) {
        match result {
            Ok(pair) => documents.push(pair),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if error_count(&errors) > 0 {
        return Err(errors);
    }
    let site = build_site(config, options.now, documents, Vec::new(), options.include);
    let coming = crate::model::schedule::upcoming(&site);
    Ok((site.config, coming))
}

/// The first moment after "now" at which the output would change with no edit (the
/// schedule's next moment), for the build cache.
fn next_change(site: &Site) -> Option<crate::text::dates::Moment> {
    // With no articles the feeds carry "now" as their date: valid for this exact moment only.
    if site.articles.is_empty() {
        return Some(site.now + chrono::Duration::nanoseconds(1));
    }
    crate::model::schedule::next(site).map(|(at, _)| at)
}

/// Sorts diagnostics by file and position, errors first within a spot.
pub fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// Counts errors in a list of diagnostics.
pub fn error_count(diagnostics: &[Diagnostic]) -> usize {
    diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
}
