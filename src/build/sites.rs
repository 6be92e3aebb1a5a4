//! sites: several sites from one repository (sites.yaml). Each site is the shared files
//! with its own on top (`content::layers`), assembled by the same `assemble` as a single
//! site and written to `<output>/<name>/`; a shared file is read once and parsed (front
//! matter and Markdown) once, however many sites publish it.
//!
//! Messages: a problem in a shared file that is not about one site (its YAML, its
//! Markdown, an unknown name in `sites:`) is reported once; a problem that arises in one
//! site's assembly names the site ("i webbplatsen orsa: …"), unless every site built has
//! the very same problem, which is then reported once.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::{Analysed, BuildOptions, BuildReport, Parsed, archive, assemble, error_count, finish, parse_file, refusal};
use crate::config::{self, CONFIG_FILE, Config};
use crate::content::layers::{self, Layered};
use crate::content::{Document, DocumentKind, SiteSource, SourceFile};
use crate::diag::error::Diagnostic;
use crate::diag::messages;
use crate::manifest::{self, MANIFEST_FILE, Manifest, SiteEntry};
use crate::model::routes;
use crate::write::OutputFolder;
use crate::write::cache;

/// A multi-site repository as read from disk, ready to assemble.
pub struct Repository {
    pub root: PathBuf,
    pub manifest: Manifest,
    /// Every site's configuration, in the manifest's order: a copy's canonical address is
    /// another site's, so all are read even when one site is built.
    pub configs: Vec<Config>,
    /// The sites this run builds (all, or the one of `--site`): index into the manifest,
    /// and its files over the shared ones.
    pub chosen: Vec<(usize, Layered)>,
    /// Problems with the shared files as files (unused, refused): reported once.
    pub shared_findings: Vec<Diagnostic>,
    /// sites.yaml and every site.yaml, which a site's canonical links depend on beyond its
    /// own files: part of its build cache's fingerprint.
    salt: u64,
}

/// One site assembled, with what the summary says about it.
pub struct SiteAssembly {
    pub name: String,
    pub analysed: Analysed,
    /// (the site's own file, the shared file it replaces), both from the repository root.
    pub overrides: Vec<(String, String)>,
    fingerprint: String,
}

/// Every site of a run assembled, and the problems worth reporting (warnings only when it
/// succeeds), each once.
pub struct Assembled {
    pub sites: Vec<SiteAssembly>,
    pub warnings: Vec<Diagnostic>,
}

/// What a multi-site build did, per site in the manifest's order.
pub struct RepositoryReport {
    pub sites: Vec<SiteReport>,
    pub warnings: Vec<Diagnostic>,
}

pub struct SiteReport {
    pub name: String,
    pub output: PathBuf,
    pub report: BuildReport,
    pub overrides: Vec<(String, String)>,
}

/// Reads a multi-site repository: `None` when `root` has no sites.yaml (a single site;
/// then `--site` is an error). `site` chooses one site to build, else all are.
pub fn load(root: &Path, site: Option<&str>, base_url: Option<&str>) -> Result<Option<Repository>, Vec<Diagnostic>> {
    let Some(text) = layers::read_manifest(root).map_err(|d| vec![d])? else {
        return match site {
            Some(_) => Err(vec![Diagnostic::error(
                "--site",
                messages::site_option_without_manifest(),
            )]),
            None => Ok(None),
        };
    };
    if layers::has_root_config(root) {
        return Err(vec![Diagnostic::error(
            CONFIG_FILE,
            messages::both_site_and_sites_yaml(),
        )]);
    }
    let manifest = manifest::parse(&text)?;
    let chosen: Vec<usize> = match site {
        Some(name) => {
            let found = manifest
                .find(name, "--site")
                .map_err(|m| vec![Diagnostic::error("--site", m)])?;
            vec![manifest.sites.iter().position(|s| s == found).unwrap_or_default()]
        }
        None => (0..manifest.sites.len()).collect(),
    };
    let (texts, configs) = read_configs(root, &manifest, base_url)?;
    let mut salt = DefaultHasher::new();
    text.hash(&mut salt);
    texts.hash(&mut salt);
    let (chosen, shared_findings) = read_sources(root, &manifest, &configs, &texts, &chosen)?;
    Ok(Some(Repository {
        root: root.to_path_buf(),
        manifest,
        configs,
        chosen,
        shared_findings,
        salt: salt.finish(),
    }))
}

/// Every site's site.yaml, read and checked; every mistake of every file at once.
fn read_configs(
    root: &Path,
    manifest: &Manifest,
    base_url: Option<&str>,
) -> Result<(Vec<String>, Vec<Config>), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut texts = Vec::new();
    let mut configs = Vec::new();
    for site in &manifest.sites {
        let text = match layers::read_site_config(root, site) {
            Ok(t) => t,
            Err(d) => {
                errors.push(d);
                continue;
            }
        };
        match config::parse(&text, base_url) {
            Ok(c) => configs.push(c),
            Err(e) => errors.extend(e.into_iter().map(|mut d| {
                if d.path == CONFIG_FILE {
                    d.path = format!("{}/{CONFIG_FILE}", site.folder);
                }
                d
            })),
        }
        texts.push(text);
    }
    if errors.is_empty() {
        Ok((texts, configs))
    } else {
        Err(errors)
    }
}

type Sources = (Vec<(usize, Layered)>, Vec<Diagnostic>);

/// The chosen sites' files over the shared ones; the shared files are read once per news
/// folder (once, unless the sites name their news folders differently).
fn read_sources(
    root: &Path,
    manifest: &Manifest,
    configs: &[Config],
    texts: &[String],
    chosen: &[usize],
) -> Result<Sources, Vec<Diagnostic>> {
    let mut shared: HashMap<&str, SiteSource> = HashMap::new();
    let mut errors = Vec::new();
    let mut findings = Vec::new();
    let mut out = Vec::new();
    for &i in chosen {
        let news_dir = configs[i].news_path.as_str();
        if !shared.contains_key(news_dir) {
            match layers::discover_shared(root, news_dir) {
                Ok(mut s) => {
                    findings.append(&mut s.unused);
                    findings.append(&mut s.refused);
                    shared.insert(news_dir, s);
                }
                Err(mut e) => {
                    errors.append(&mut e);
                    continue;
                }
            }
        }
        match layers::discover_own(root, &manifest.sites[i], texts[i].clone(), news_dir) {
            Ok(own) => out.push((i, layers::layer(&shared[news_dir], own))),
            Err(mut e) => errors.append(&mut e),
        }
    }
    dedup(&mut errors);
    dedup(&mut findings);
    if errors.is_empty() {
        Ok((out, findings))
    } else {
        Err(errors)
    }
}

/// Drops repeats, keeping the first of each.
fn dedup(list: &mut Vec<Diagnostic>) {
    let mut seen = Vec::with_capacity(list.len());
    list.retain(|d| {
        if seen.contains(d) {
            false
        } else {
            seen.push(d.clone());
            true
        }
    });
}

/// A content file to parse: a shared one (`owner: None`) is parsed once for every site
/// that reads it the same way (same kind, same `unsafe_html`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct ParseKey {
    owner: Option<usize>,
    path: String,
    article: bool,
    unsafe_html: bool,
}

type ParseResults = HashMap<ParseKey, Result<Parsed, Vec<Diagnostic>>>;

/// Parses every content file of the chosen sites, each shared file once, in parallel.
fn parse_all(repo: &Repository) -> ParseResults {
    let mut jobs: HashMap<ParseKey, (&SourceFile, DocumentKind)> = HashMap::new();
    for (i, layered) in &repo.chosen {
        let unsafe_html = repo.configs[*i].unsafe_html;
        for (file, kind) in layered.source.documents() {
            let key = parse_key(layered, *i, &file.path, kind, unsafe_html);
            jobs.entry(key).or_insert((file, kind));
        }
    }
    jobs.into_par_iter()
        .map(|(key, (file, kind))| {
            let parsed = parse_file(file, kind, key.unsafe_html);
            (key, parsed)
        })
        .collect()
}

fn parse_key(layered: &Layered, site: usize, path: &str, kind: DocumentKind, unsafe_html: bool) -> ParseKey {
    ParseKey {
        owner: layered.own.contains(path).then_some(site),
        path: path.to_string(),
        article: kind == DocumentKind::Article,
        unsafe_html,
    }
}

/// Whether a shared document goes to `site`: every site, unless `sites:` narrows it.
fn publishes(doc: &Document, site: &str) -> bool {
    doc.sites
        .as_ref()
        .is_none_or(|list| list.iter().any(|(n, _)| n == site))
}

/// The mistakes of a shared document's `sites:` and `canonical:`: unknown names (with a
/// suggestion) and a canonical site that does not publish it.
fn check_targeting(doc: &Document, manifest: &Manifest) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = |d: Diagnostic, (line, col): (usize, usize)| d.at(line, col);
    for (name, pos) in doc.sites.iter().flatten() {
        if let Err(m) = manifest.find(name, "sites:") {
            out.push(at(Diagnostic::error(&doc.path, m), *pos));
        }
    }
    if let Some((name, pos)) = &doc.canonical {
        match manifest.find(name, "canonical:") {
            Err(m) => out.push(at(Diagnostic::error(&doc.path, m), *pos)),
            Ok(_) if !publishes(doc, name) => out.push(at(
                Diagnostic::error(&doc.path, messages::canonical_not_publishing(name)),
                *pos,
            )),
            Ok(_) => {}
        }
    }
    out
}

/// The `sites:`/`canonical:` lines of a site's own file, which only shared files may have.
fn own_targeting(doc: &Document, site: &str) -> Vec<Diagnostic> {
    let sites = doc
        .sites
        .as_ref()
        .and_then(|l| l.first())
        .map(|(_, pos)| ("sites", *pos));
    let canonical = doc.canonical.as_ref().map(|(_, pos)| ("canonical", *pos));
    sites
        .into_iter()
        .chain(canonical)
        .map(|(key, (line, col))| {
            Diagnostic::error(&doc.path, messages::sites_key_in_own_file(key, site)).at(line, col)
        })
        .collect()
}

/// Assembles every chosen site. Fails with every problem of every site when any has an
/// error (or, with `deny_warnings`, a warning): then nothing is written.
pub fn assemble_all(
    repo: Repository,
    options: &BuildOptions,
    deny_warnings: bool,
) -> Result<Assembled, Vec<Diagnostic>> {
    let results = parse_all(&repo);
    let mut shared = repo.shared_findings.clone();
    for (key, result) in &results {
        match result {
            Err(e) if key.owner.is_none() => shared.extend(e.iter().cloned()),
            Ok((doc, _)) if key.owner.is_none() => shared.extend(check_targeting(doc, &repo.manifest)),
            _ => {}
        }
    }
    dedup(&mut shared);
    let Repository {
        root,
        manifest,
        configs,
        chosen,
        salt,
        ..
    } = repo;
    let mut per_site: Vec<(String, Vec<Diagnostic>)> = Vec::new();
    let mut sites = Vec::new();
    for (i, layered) in chosen {
        let entry = &manifest.sites[i];
        let site_options = BuildOptions {
            output: options.output.join(&entry.name),
            ..options.clone()
        };
        let fingerprint = salted(
            cache::fingerprint(
                &site_options.output,
                site_options.base_url.as_deref(),
                site_options.include,
                &layered.source,
            ),
            salt,
        );
        let (result, mut diagnostics) =
            assemble_one(&layered, i, entry, &configs[i], &results, &site_options, deny_warnings);
        for d in &mut diagnostics {
            d.path = layered.real_path(&entry.folder, &d.path);
        }
        per_site.push((entry.name.clone(), diagnostics));
        if let Some(mut analysed) = result {
            analysed.warnings = Vec::new();
            analysed.site.canonical_elsewhere = canonical_elsewhere(&layered, &results, &root, &manifest, &configs, i);
            let overrides = layered
                .overrides
                .iter()
                .map(|p| (format!("{}/{p}", entry.folder), p.clone()))
                .collect();
            sites.push(SiteAssembly {
                name: entry.name.clone(),
                analysed,
                overrides,
                fingerprint,
            });
        }
    }
    let mut all = shared;
    all.extend(named_by_site(per_site));
    if error_count(&all) > 0 || (deny_warnings && all.iter().any(Diagnostic::denied_as_warning)) {
        return Err(all);
    }
    Ok(Assembled { sites, warnings: all })
}

/// One site: its documents (shared ones it publishes, from the parse once done), assembled.
/// Returns the analysed site when it has no error, and every problem found.
fn assemble_one(
    layered: &Layered,
    index: usize,
    entry: &SiteEntry,
    config: &Config,
    results: &ParseResults,
    options: &BuildOptions,
    deny_warnings: bool,
) -> (Option<Analysed>, Vec<Diagnostic>) {
    let mut own_errors = Vec::new();
    let mut parsed = Vec::new();
    for (file, kind) in layered.source.documents() {
        let key = parse_key(layered, index, &file.path, kind, config.unsafe_html);
        match (&results[&key], key.owner) {
            (Ok(p), None) if publishes(&p.0, &entry.name) => parsed.push(Ok(without_targeting(p))),
            (Ok(_) | Err(_), None) => {}
            (Ok(p), Some(_)) => {
                own_errors.extend(own_targeting(&p.0, &entry.name));
                parsed.push(Ok(without_targeting(p)));
            }
            (Err(e), Some(_)) => parsed.push(Err(e.clone())),
        }
    }
    let source = SiteSource {
        root: layered.source.root.clone(),
        config: layered.source.config.clone(),
        articles: Vec::new(),
        pages: Vec::new(),
        facts: layered.source.facts.clone(),
        templates: layered.source.templates.clone(),
        theme: layered.source.theme.clone(),
        statics: layered.source.statics.clone(),
        unused: layered.source.unused.clone(),
        refused: layered.source.refused.clone(),
    };
    match assemble(config.clone(), source, parsed, options, deny_warnings) {
        Ok(analysed) => {
            let mut all = own_errors;
            all.extend(analysed.warnings.iter().cloned());
            let ok = error_count(&all) == 0;
            (ok.then_some(analysed), all)
        }
        Err(mut diagnostics) => {
            own_errors.append(&mut diagnostics);
            (None, own_errors)
        }
    }
}

/// The document without `sites:` and `canonical:`, read here already: the assembly refuses
/// them, as a single site must.
fn without_targeting(parsed: &Parsed) -> Parsed {
    let (doc, body) = parsed;
    if doc.sites.is_none() && doc.canonical.is_none() {
        return parsed.clone();
    }
    let doc = Document {
        sites: None,
        canonical: None,
        ..(**doc).clone()
    };
    (Arc::new(doc), body.clone())
}

/// One site of a multi-site repository as the preview reads it: its configuration and
/// its files over the shared ones (`notis serve --site NAME`).
pub fn load_site(root: &Path, name: &str, base_url: Option<&str>) -> Result<(Config, SiteSource), Vec<Diagnostic>> {
    let repo = load(root, Some(name), base_url)?
        .ok_or_else(|| vec![Diagnostic::error("--site", messages::site_option_without_manifest())])?;
    let Repository {
        mut configs,
        mut chosen,
        ..
    } = repo;
    let (index, layered) = chosen.remove(0);
    Ok((configs.swap_remove(index), layered.source))
}

/// The site `name` of the repository at `options.root` analysed as a build of it would
/// (for commands that read one site's articles, such as `notis subscriptions send --site`).
pub fn analyse_one(options: &BuildOptions, name: &str) -> Result<Analysed, Vec<Diagnostic>> {
    let (config, mut source) = load_site(&options.root, name, options.base_url.as_deref())?;
    let parsed: Vec<_> = super::parse_sources(&source, config.unsafe_html)
        .into_iter()
        .filter_map(|p| for_site(p, name))
        .collect();
    source.articles = Vec::new();
    source.pages = Vec::new();
    assemble(config, source, parsed, options, false)
}

/// The configuration of the site `name` of the repository at `root`, read without its
/// content (for the receiver: `notis feedback … --site NAME`).
pub fn site_config(root: &Path, name: &str, base_url: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
    let text = layers::read_manifest(root)
        .map_err(|d| vec![d])?
        .ok_or_else(|| vec![Diagnostic::error("--site", messages::site_option_without_manifest())])?;
    let manifest = manifest::parse(&text)?;
    let entry = manifest
        .find(name, "--site")
        .map_err(|m| vec![Diagnostic::error("--site", m)])?;
    let text = layers::read_site_config(root, entry).map_err(|d| vec![d])?;
    config::parse(&text, base_url).map_err(|errors| {
        errors
            .into_iter()
            .map(|mut d| {
                if d.path == CONFIG_FILE {
                    d.path = format!("{}/{CONFIG_FILE}", entry.folder);
                }
                d
            })
            .collect()
    })
}

/// Every site's name and configuration, in sites.yaml's order, read without content (for
/// one receiver serving every site); `None` where `root` has no sites.yaml.
pub fn all_site_configs(root: &Path) -> Result<Option<Vec<(String, Config)>>, Vec<Diagnostic>> {
    let Some(text) = layers::read_manifest(root).map_err(|d| vec![d])? else {
        return Ok(None);
    };
    let manifest = manifest::parse(&text)?;
    let (_, configs) = read_configs(root, &manifest, None)?;
    Ok(Some(
        manifest.sites.iter().map(|s| s.name.clone()).zip(configs).collect(),
    ))
}

/// The names of the sites in sites.yaml, in its order; `None` where `root` has none (for
/// the preview, which switches between them).
pub fn site_names(root: &Path) -> Result<Option<Vec<String>>, Vec<Diagnostic>> {
    let Some(text) = layers::read_manifest(root).map_err(|d| vec![d])? else {
        return Ok(None);
    };
    let manifest = manifest::parse(&text)?;
    Ok(Some(manifest.sites.iter().map(|s| s.name.clone()).collect()))
}

/// Whether `name` is a site of the repository at `root` (for `notis serve --site`, which
/// should stop at once rather than serve an error page for a misspelt name).
pub fn check_choice(root: &Path, name: &str) -> Result<(), Vec<Diagnostic>> {
    let text = layers::read_manifest(root)
        .map_err(|d| vec![d])?
        .ok_or_else(|| vec![Diagnostic::error("--site", messages::site_option_without_manifest())])?;
    let manifest = manifest::parse(&text)?;
    manifest
        .find(name, "--site")
        .map(|_| ())
        .map_err(|m| vec![Diagnostic::error("--site", m)])
}

/// A parsed document as the site `name` takes it: none when `sites:` leaves the site
/// out, else without its targeting keys (the preview's share of `assemble_one`).
pub fn for_site(parsed: Result<Parsed, Vec<Diagnostic>>, name: &str) -> Option<Result<Parsed, Vec<Diagnostic>>> {
    match parsed {
        Ok(p) if !publishes(&p.0, name) => None,
        Ok(p) => Some(Ok(without_targeting(&p))),
        Err(e) => Some(Err(e)),
    }
}

/// The cache fingerprint of a site with what its canonical links depend on mixed in.
fn salted(fingerprint: String, salt: u64) -> String {
    format!("{fingerprint}-{salt:016x}")
}

/// Each site's problems, named by the site; a problem every site built has alike is
/// reported once, unnamed (it is about shared files, not about one site).
fn named_by_site(per_site: Vec<(String, Vec<Diagnostic>)>) -> Vec<Diagnostic> {
    let everywhere: Vec<Diagnostic> = match per_site.split_first() {
        Some((first, rest)) if !rest.is_empty() => first
            .1
            .iter()
            .filter(|d| rest.iter().all(|(_, list)| list.contains(d)))
            .cloned()
            .collect(),
        _ => Vec::new(),
    };
    let mut out = everywhere.clone();
    for (name, list) in per_site {
        for mut d in list {
            if everywhere.contains(&d) {
                continue;
            }
            d.message = messages::in_site(&name, &d.message);
            if !out.contains(&d) {
                out.push(d);
            }
        }
    }
    out
}

/// For each shared article of the site whose canonical copy is another site's, that
/// copy's address: `canonical:`, else the first site (of `sites:`, else of sites.yaml)
/// that publishes the shared file rather than an own version of it. Shared pages only
/// with `canonical:`.
fn canonical_elsewhere(
    layered: &Layered,
    results: &ParseResults,
    root: &Path,
    manifest: &Manifest,
    configs: &[Config],
    this: usize,
) -> HashMap<String, String> {
    let name = &manifest.sites[this].name;
    let mut out = HashMap::new();
    let shared = results
        .iter()
        .filter(|(key, _)| key.owner.is_none() && key.unsafe_html == configs[this].unsafe_html)
        .filter(|(key, _)| !layered.own.contains(&key.path));
    for (_, result) in shared {
        let Ok((doc, _)) = result else { continue };
        // A shared page (cookies, the like) is each site's own furniture: canonical only when asked.
        if !publishes(doc, name) || (doc.kind == DocumentKind::Page && doc.canonical.is_none()) {
            continue;
        }
        let Some(c) = canonical_site(doc, root, manifest) else {
            continue;
        };
        if c == this {
            continue;
        }
        let config = &configs[c];
        let path = match doc.kind {
            DocumentKind::Article => routes::article(&config.news_path, &doc.slug),
            DocumentKind::Page => routes::page(&doc.slug),
        };
        out.insert(doc.path.clone(), config.absolute(&path));
    }
    out
}

/// The index of the site whose copy of a shared document is canonical, if any site
/// publishes the shared file.
fn canonical_site(doc: &Document, root: &Path, manifest: &Manifest) -> Option<usize> {
    let index = |name: &str| manifest.sites.iter().position(|s| s.name == name);
    if let Some((name, _)) = &doc.canonical {
        return index(name);
    }
    let candidates: Vec<usize> = match &doc.sites {
        Some(list) => list.iter().filter_map(|(n, _)| index(n)).collect(),
        None => (0..manifest.sites.len()).collect(),
    };
    candidates
        .into_iter()
        .find(|&c| !layers::site_has(root, &manifest.sites[c], &doc.path))
}

/// Writes each assembled site into `<output>/<name>/`, every output claimed first. A site
/// is replaced as a whole, as a single site is; sites written before a failure stay new.
pub fn write_all(
    assembled: Assembled,
    options: &BuildOptions,
    waiting: &dyn Fn(),
) -> Result<RepositoryReport, Vec<Diagnostic>> {
    let mut claimed = Vec::new();
    for site in assembled.sites {
        let site_options = BuildOptions {
            output: options.output.join(&site.name),
            ..options.clone()
        };
        let output = OutputFolder::claim(&options.root, &site_options.output, waiting)
            .map_err(|r| vec![refusal(&site_options, r)])?;
        let archive_folder =
            archive::folder(&site_options, &site.analysed.site.config, output.path()).map_err(|d| vec![d])?;
        claimed.push((site, site_options, output, archive_folder));
    }
    let mut reports = Vec::new();
    // A page one site shares with a site built before it is extracted for search only once.
    let mut peers = Vec::new();
    for (site, site_options, output, archive_folder) in claimed {
        let cache_folder = cache::folder(output.path());
        let report = finish(
            &site_options,
            output,
            archive_folder,
            site.fingerprint,
            site.analysed,
            &peers,
        )?;
        peers.push(cache_folder);
        reports.push(SiteReport {
            name: site.name,
            output: site_options.output,
            report,
            overrides: site.overrides,
        });
    }
    Ok(RepositoryReport {
        sites: reports,
        warnings: assembled.warnings,
    })
}

/// The names of the files `notis which` was asked about, as a single-site repository
/// would write them: `sites/orsa/content/a.md` and `content/a.md` both mean `content/a.md`.
pub fn logical_path(manifest: &Manifest, path: &str) -> String {
    let path = path.trim_start_matches("./");
    for site in &manifest.sites {
        if let Some(rest) = path.strip_prefix(&format!("{}/", site.folder)) {
            return rest.to_string();
        }
    }
    path.to_string()
}

/// What each site (or the one named) uses for `path`, and why, for `notis which`.
pub fn which(root: &Path, path: &str, site: Option<&str>) -> Result<Vec<messages::Text>, Vec<Diagnostic>> {
    let text = layers::read_manifest(root)
        .map_err(|d| vec![d])?
        .ok_or_else(|| vec![Diagnostic::error(MANIFEST_FILE, messages::which_needs_manifest())])?;
    let manifest = manifest::parse(&text)?;
    let sites: Vec<&SiteEntry> = match site {
        Some(name) => vec![
            manifest
                .find(name, "--site")
                .map_err(|m| vec![Diagnostic::error("--site", m)])?,
        ],
        None => manifest.sites.iter().collect(),
    };
    let logical = logical_path(&manifest, path);
    let walker = crate::content::walker::Walker::new(root);
    let folder = |f: &str| walker.is_folder(f);
    if folder(&logical)
        || manifest
            .sites
            .iter()
            .any(|s| folder(&format!("{}/{logical}", s.folder)))
    {
        return Err(vec![Diagnostic::error(path, messages::which_needs_a_file())]);
    }
    let shared_doc = shared_targeting(&walker, &logical);
    let shared_exists = walker.exists(&logical);
    let mut lines = Vec::new();
    for entry in sites {
        let own = format!("{}/{logical}", entry.folder);
        let choice = if layers::site_has(root, entry, &logical) {
            messages::Choice::Own {
                file: &own,
                shared: shared_exists,
            }
        } else if !shared_exists {
            messages::Choice::Neither
        } else if shared_doc.as_ref().is_some_and(|d| !publishes(d, &entry.name)) {
            messages::Choice::Excluded { file: &logical }
        } else {
            messages::Choice::Shared { file: &logical }
        };
        lines.push(messages::which_line(&entry.name, choice));
    }
    Ok(lines)
}

/// The shared Markdown file at `path` read for its `sites:`, when it is one that parses.
fn shared_targeting(walker: &crate::content::walker::Walker, path: &str) -> Option<Document> {
    if !path.starts_with("content/") || !path.ends_with(".md") {
        return None;
    }
    let bytes = walker.read(path).ok()??;
    let file = SourceFile {
        path: path.to_string(),
        bytes,
    };
    crate::content::parse_document(&file, DocumentKind::Article).ok()
}
