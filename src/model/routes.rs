//! routes: the one owner of every output path of a site and of who claims it.
//!
//! The URL scheme (`/nyheter/{slug}/`, `/amne/{slug}/sida/2/`, `/tema/…`) is written
//! out here and nowhere else. `Routes::of` registers every output of a modelled site
//! once, with its owner (a source file and position, or the generated page it is);
//! rendering, the sitemap, the link checker, the search index, the cache and the
//! preview all read the table. A path claimed twice is an error naming both owners,
//! so no page can silently replace another.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::config::Config;
use crate::diag::error::Diagnostic;
use crate::diag::messages::{self, AliasProblem, ClashFix, Text};
use crate::model::Site;
use crate::model::paginate::page_count;

/// The longest path segment an alias may have, in bytes (file systems allow 255).
const MAX_SEGMENT_BYTES: usize = 200;

pub const TOPICS: &str = "/amne/";
pub const SEARCH: &str = "/sok/";
/// The folder Pagefind's bundle is written to.
pub const SEARCH_BUNDLE: &str = "/pagefind/";
pub const PAGES: &str = "/sidor/";
pub const THEME: &str = "/tema/";
pub const NOT_FOUND: &str = "/404.html";
pub const ATOM: &str = "/atom.xml";
pub const RSS: &str = "/rss.xml";
pub const JSON_FEED: &str = "/feed.json";
pub const SITEMAP: &str = "/sitemap.xml";
pub const ROBOTS: &str = "/robots.txt";
/// Written into every output folder notis makes, so it knows the folder is its own.
pub const OUTPUT_MARKER: &str = ".notis-output";

/// The news listing, e.g. `/nyheter/`.
pub fn news(news_path: &str) -> String {
    format!("/{news_path}/")
}

pub fn article(news_path: &str, slug: &str) -> String {
    format!("/{news_path}/{slug}/")
}

pub fn page(slug: &str) -> String {
    format!("{PAGES}{slug}/")
}

pub fn topic(slug: &str) -> String {
    format!("{TOPICS}{slug}/")
}

pub fn topic_feed(slug: &str) -> String {
    format!("{TOPICS}{slug}/atom.xml")
}

pub fn archive(news_path: &str) -> String {
    format!("/{news_path}/arkiv/")
}

pub fn archive_year(news_path: &str, year: i32) -> String {
    format!("/{news_path}/arkiv/{year}/")
}

pub fn asset(name: &str) -> String {
    format!("{THEME}{name}")
}

/// Page `number` of a listing at `base` (`/nyheter/` → `/nyheter/sida/2/`).
pub fn listing_page(base: &str, number: usize) -> String {
    if number <= 1 {
        base.to_string()
    } else {
        format!("{base}sida/{number}/")
    }
}

/// The file of a site path: `/a/b/` → `a/b/index.html`, `/a.html` → `a.html`.
pub fn file_of(url: &str) -> String {
    let trimmed = url.trim_start_matches('/');
    let folder = |slash: &str| {
        // Not format!: this runs for every route on every save in the preview.
        let mut file = String::with_capacity(trimmed.len() + 11);
        file.push_str(trimmed);
        file.push_str(slash);
        file.push_str("index.html");
        file
    };
    if trimmed.is_empty() || trimmed.ends_with('/') {
        folder("")
    } else if trimmed.rsplit('/').next().is_some_and(|last| last.contains('.')) {
        trimmed.to_string()
    } else {
        folder("/")
    }
}

/// A variant of the photo at `source` (under static/), beside it and named by its content
/// hash, so a changed photo gets new addresses and caches never serve a stale one:
/// `bilder/hall.jpg` → `/bilder/hall-1a2b3c4d5e6f7a8b-800x600.webp`.
pub fn image_variant(source: &str, hash: &str, width: u32, height: u32, crop: bool, ext: &str) -> String {
    let stem = source.rsplit_once('.').map_or(source, |(s, _)| s);
    let kind = if crop { "-delning" } else { "" };
    format!("/{stem}-{hash}{kind}-{width}x{height}.{ext}")
}

/// The pages Pagefind indexes, as a glob relative to the output folder.
pub fn search_glob(news_path: &str) -> String {
    format!(
        "{{{news_path}/*/index.html,{}*/index.html}}",
        PAGES.trim_start_matches('/')
    )
}

/// An image address made absolute (Open Graph, feeds, JSON-LD).
pub fn absolute_src(config: &Config, src: &str) -> String {
    if src.starts_with("http://") || src.starts_with("https://") {
        src.to_string()
    } else {
        config.absolute(&format!("/{}", src.trim_start_matches('/')))
    }
}

/// Why an alias cannot be a route, if it cannot: it must be a plain site path whose
/// segments can be folder and file names on any host.
pub fn alias_problem(alias: &str) -> Option<AliasProblem> {
    if !alias.starts_with('/') {
        return Some(AliasProblem::NoSlash);
    }
    if alias.chars().any(|c| c.is_control()) {
        return Some(AliasProblem::Control);
    }
    if alias
        .chars()
        .any(|c| c.is_whitespace() || matches!(c, '\\' | '?' | '#' | '*' | '<' | '>' | '|' | '"'))
    {
        return Some(AliasProblem::Forbidden);
    }
    // `/` itself is a plain path: the route table then says the start page has it.
    let inner = alias.trim_start_matches('/');
    let inner = inner.strip_suffix('/').unwrap_or(inner);
    for seg in inner.split('/').filter(|_| !inner.is_empty()) {
        if seg.is_empty() {
            return Some(AliasProblem::EmptyPart);
        }
        if seg == "." || seg == ".." {
            return Some(AliasProblem::DotPart);
        }
        if seg.len() > MAX_SEGMENT_BYTES {
            return Some(AliasProblem::TooLong);
        }
    }
    None
}

/// What is rendered at a route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    Index,
    Listing {
        page: usize,
    },
    Article(usize),
    Page(usize),
    Topics,
    Topic {
        slug: String,
        page: usize,
    },
    TopicFeed {
        slug: String,
    },
    Archive,
    ArchiveYear(i32),
    /// An old address of an article, sending readers on.
    Redirect {
        to: String,
    },
    NotFound,
    Search,
    /// Where the feedback receiver sends a visitor after a comment (`feedback.thanks`).
    Thanks,
    Atom,
    Rss,
    JsonFeed,
    Sitemap,
    Robots,
    /// A theme file, by its name under theme/.
    Asset(String),
    /// A file copied from static/, by its path under static/.
    Static(String),
    /// A processed variant of the photo at this site path (the route's address says which).
    ImageVariant {
        photo: String,
    },
    /// The address of a draft, scheduled or expired article: not written now, but kept
    /// free so that it does not collide with another page the day it is published.
    Reserved,
}

impl Job {
    /// Whether the route is an HTML page a reader would land on (for the sitemap).
    pub fn is_public_page(&self) -> bool {
        matches!(
            self,
            Job::Index
                | Job::Listing { .. }
                | Job::Article(_)
                | Job::Page(_)
                | Job::Topics
                | Job::Topic { .. }
                | Job::Archive
                | Job::ArchiveYear(_)
                | Job::Search
        )
    }
}

/// Who claims a path: a source file at a position, or a page notis generates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    Source { path: String, line: usize, col: usize },
    Generated(Text),
}

impl Owner {
    fn source(path: &str, (line, col): (usize, usize)) -> Owner {
        Owner::Source {
            path: path.to_string(),
            line,
            col,
        }
    }

    fn generated(what: Text) -> Owner {
        Owner::Generated(what)
    }

    /// How an error names this owner.
    pub fn describe(&self) -> Text {
        match self {
            Owner::Source { path, line, col } if *line > 0 => messages::owner_file(&format!("{path}:{line}:{col}")),
            Owner::Source { path, .. } => messages::owner_file(path),
            Owner::Generated(what) => what.clone(),
        }
    }
}

/// One output: its site path, its file under the output folder, what goes there and who asked.
#[derive(Debug, Clone)]
pub struct Route {
    pub url: String,
    pub file: String,
    pub job: Job,
    pub owner: Owner,
}

/// Every output path of a site, each claimed once.
#[derive(Debug, Default)]
pub struct Routes {
    routes: Vec<Route>,
    by_file: HashMap<String, usize, foldhash::fast::RandomState>,
    /// Folders written by something other than a route (Pagefind's bundle), with their owner.
    folders: BTreeMap<String, Owner>,
}

impl Routes {
    /// Registers every output of `site`; clashes and unusable paths come back as errors
    /// at the source of the later claim. Generated pages are registered first, so a
    /// content file that takes `/nyheter/arkiv/` is told the archive owns it.
    pub fn of(site: &Site, theme: &[String], statics: &[String]) -> (Routes, Vec<Diagnostic>) {
        let mut r = Routes::default();
        let mut errors = Vec::new();
        let news_path = &site.config.news_path;
        let per = site.config.per_page;
        let add = |r: &mut Routes, url: String, job: Job, owner: Owner, errors: &mut Vec<Diagnostic>| {
            if let Err(d) = r.claim(url, job, owner) {
                errors.push(d);
            }
        };

        add(
            &mut r,
            "/".into(),
            Job::Index,
            Owner::generated(messages::owner_start_page()),
            &mut errors,
        );
        let news = news(news_path);
        for page in 1..=page_count(site.articles.len(), per) {
            let what = messages::owner_listing(page);
            add(
                &mut r,
                listing_page(&news, page),
                Job::Listing { page },
                Owner::generated(what),
                &mut errors,
            );
        }
        add(
            &mut r,
            archive(news_path),
            Job::Archive,
            Owner::generated(messages::owner_archive()),
            &mut errors,
        );
        for year in site.years().into_keys() {
            let owner = Owner::generated(messages::owner_archive_year(year));
            add(
                &mut r,
                archive_year(news_path, year),
                Job::ArchiveYear(year),
                owner,
                &mut errors,
            );
        }
        add(
            &mut r,
            TOPICS.into(),
            Job::Topics,
            Owner::generated(messages::owner_topics()),
            &mut errors,
        );
        for t in site.topics.values() {
            for page in 1..=page_count(t.articles.len(), per) {
                let job = Job::Topic {
                    slug: t.slug.clone(),
                    page,
                };
                let owner = Owner::generated(messages::owner_topic(&t.name));
                add(&mut r, listing_page(&topic(&t.slug), page), job, owner, &mut errors);
            }
            let job = Job::TopicFeed { slug: t.slug.clone() };
            let owner = Owner::generated(messages::owner_topic_feed(&t.name));
            add(&mut r, topic_feed(&t.slug), job, owner, &mut errors);
        }
        for (url, job, what) in [
            (NOT_FOUND, Job::NotFound, messages::owner_not_found()),
            (ATOM, Job::Atom, messages::owner_feed("Atom")),
            (RSS, Job::Rss, messages::owner_feed("RSS")),
            (JSON_FEED, Job::JsonFeed, messages::owner_feed("JSON")),
            (SITEMAP, Job::Sitemap, messages::owner_sitemap()),
            (ROBOTS, Job::Robots, messages::owner_robots()),
        ] {
            add(&mut r, url.into(), job, Owner::generated(what), &mut errors);
        }
        if site.config.feedback.action.is_some() {
            add(
                &mut r,
                site.config.feedback.thanks.clone(),
                Job::Thanks,
                Owner::generated(messages::owner_thanks()),
                &mut errors,
            );
        }
        if site.config.search {
            add(
                &mut r,
                SEARCH.into(),
                Job::Search,
                Owner::generated(messages::owner_search()),
                &mut errors,
            );
            r.folders.insert(
                file_folder(SEARCH_BUNDLE),
                Owner::generated(messages::owner_search_index()),
            );
        }
        for name in theme {
            add(
                &mut r,
                asset(name),
                Job::Asset(name.clone()),
                Owner::generated(messages::owner_theme_file(name)),
                &mut errors,
            );
        }

        // Of two files wanting one address, the one whose path sorts first keeps it. The
        // sort keys sit side by side and the claims are made ready in parallel: the preview
        // routes the whole site on every save.
        let mut by_path: Vec<(&str, usize)> = (site.articles.iter().enumerate())
            .map(|(i, a)| (a.doc.path.as_str(), i))
            .collect();
        by_path.par_sort_unstable();
        let claims: Vec<Route> = by_path
            .par_iter()
            .map(|&(path, i)| {
                let a = &site.articles[i];
                Route {
                    file: file_of(&a.url),
                    url: a.url.clone(),
                    job: Job::Article(i),
                    owner: Owner::source(path, a.doc.slug_position),
                }
            })
            .collect();
        r.reserve(claims.len());
        for route in claims {
            if let Err(d) = r.claim_route(route) {
                errors.push(d);
            }
        }
        for (i, p) in site.pages.iter().enumerate() {
            add(
                &mut r,
                p.url.clone(),
                Job::Page(i),
                Owner::source(&p.doc.path, p.doc.slug_position),
                &mut errors,
            );
        }
        for (doc, url, _) in &site.unpublished {
            add(
                &mut r,
                url.clone(),
                Job::Reserved,
                Owner::source(&doc.path, doc.slug_position),
                &mut errors,
            );
        }
        // Aliases of unpublished articles are checked and kept free too.
        let with_aliases = site
            .articles
            .iter()
            .map(|a| (&a.doc, Job::Redirect { to: a.url.clone() }))
            .chain(site.unpublished.iter().map(|(d, _, _)| (d, Job::Reserved)));
        for (doc, job) in with_aliases {
            for (alias, pos) in &doc.aliases {
                match alias_problem(alias) {
                    Some(problem) => errors.push(
                        Diagnostic::error(
                            &doc.path,
                            messages::bad_alias(&alias.escape_debug().to_string(), problem),
                        )
                        .at(pos.0, pos.1),
                    ),
                    None => add(
                        &mut r,
                        alias.clone(),
                        job.clone(),
                        Owner::source(&doc.path, *pos),
                        &mut errors,
                    ),
                }
            }
        }
        // A photo that articles or pages show is published as its variants, its original
        // only when asked for (`original: true`).
        for (url, photo) in &site.photos.by_url {
            for v in photo.all() {
                let owner = Owner::generated(messages::owner_photo_variant(&photo.source));
                let job = Job::ImageVariant { photo: url.clone() };
                add(&mut r, v.url.clone(), job, owner, &mut errors);
            }
        }
        for rel in statics.iter().filter(|rel| !site.photos.replaces(rel)) {
            let owner = Owner::source(&format!("static/{rel}"), (0, 0));
            add(&mut r, format!("/{rel}"), Job::Static(rel.clone()), owner, &mut errors);
        }
        errors.extend(r.folder_clashes());
        (r, errors)
    }

    /// Claims `url` for `job`, or says who has it already.
    fn claim(&mut self, url: String, job: Job, owner: Owner) -> Result<(), Diagnostic> {
        let file = file_of(&url);
        self.claim_route(Route { url, file, job, owner })
    }

    /// Claims a route whose file is worked out already.
    fn claim_route(&mut self, route: Route) -> Result<(), Diagnostic> {
        let taken = self
            .by_file
            .get(&route.file)
            .map(|&i| &self.routes[i].owner)
            .or_else(|| {
                self.folders
                    .iter()
                    .find(|(f, _)| route.file.starts_with(f.as_str()))
                    .map(|(_, o)| o)
            });
        if let Some(first) = taken {
            return Err(clash(&route.url, first, &route.owner, &route.job));
        }
        self.by_file.insert(route.file.clone(), self.routes.len());
        self.routes.push(route);
        Ok(())
    }

    /// Room for `more` routes, so the table is not rehashed as it grows.
    fn reserve(&mut self, more: usize) {
        self.routes.reserve(more);
        self.by_file.reserve(more);
    }

    /// A file cannot also be a folder: `static/nyheter` and `/nyheter/x/` cannot both exist.
    fn folder_clashes(&self) -> Vec<Diagnostic> {
        // Route by route in parallel, in registration order.
        self.routes
            .par_iter()
            .flat_map_iter(|route| {
                let folders = route.file.match_indices('/').map(|(i, _)| &route.file[..i]);
                folders.filter_map(|folder| {
                    let other = &self.routes[*self.by_file.get(folder)?];
                    Some(clash(&format!("/{folder}/"), &route.owner, &other.owner, &other.job))
                })
            })
            .collect()
    }

    /// How many routes there are, reserved addresses included.
    pub fn len(&self) -> usize {
        self.routes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
    }

    /// Every route that is written, in registration order (generated pages, content,
    /// aliases, static files).
    pub fn iter(&self) -> impl Iterator<Item = &Route> {
        self.routes.iter().filter(|r| r.job != Job::Reserved)
    }

    /// The route serving a request or link path: `/a/`, `/a`, `/a/index.html` all find `a/index.html`.
    pub fn resolve(&self, path: &str) -> Option<&Route> {
        let path = path.split(['?', '#']).next().unwrap_or(path);
        let direct = file_of(path);
        let candidates = [direct, format!("{}/index.html", path.trim_matches('/'))];
        candidates
            .iter()
            .find_map(|f| self.by_file.get(f.trim_start_matches('/')))
            .map(|&i| &self.routes[i])
            .filter(|r| r.job != Job::Reserved)
    }

    /// Whether `file` (relative to the output folder) is written by the search indexer.
    pub fn in_generated_folder(&self, file: &str) -> bool {
        self.folders.keys().any(|f| file.starts_with(f.as_str()))
    }
}

/// The search bundle's folder in the output: `pagefind/`.
pub fn search_bundle_folder() -> String {
    file_folder(SEARCH_BUNDLE)
}

/// `/pagefind/` → `pagefind/`.
fn file_folder(url: &str) -> String {
    url.trim_start_matches('/').to_string()
}

fn clash(url: &str, first: &Owner, second: &Owner, job: &Job) -> Diagnostic {
    let fix = match (second, job) {
        (_, Job::Static(_)) => ClashFix::RenameStatic,
        (Owner::Source { path, .. }, _) if path.starts_with("static/") => ClashFix::RenameStatic,
        (Owner::Source { .. }, Job::Redirect { .. }) => ClashFix::ChangeAlias,
        (Owner::Source { .. }, _) if matches!(first, Owner::Source { .. }) => ClashFix::SlugEither,
        (Owner::Source { .. }, _) => ClashFix::SlugOwn,
        (Owner::Generated(_), _) => ClashFix::RenameFile,
    };
    let message = messages::address_taken(url, &first.describe(), fix);
    match second {
        Owner::Source { path, line, col } => Diagnostic::error(path, message).at(*line, *col),
        Owner::Generated(what) => {
            Diagnostic::error(crate::config::CONFIG_FILE, messages::generated_clash(what, message))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_of_urls() {
        assert_eq!(file_of("/amne/it/sida/2/"), "amne/it/sida/2/index.html");
        assert_eq!(file_of("/"), "index.html");
        assert_eq!(file_of("/gammal/adress.html"), "gammal/adress.html");
        assert_eq!(file_of("/gammal"), "gammal/index.html");
    }

    #[test]
    fn aliases_must_be_plain_paths() {
        assert_eq!(alias_problem("/gammal/adress.html"), None);
        assert_eq!(alias_problem("/nyheter/2018/it/"), None);
        assert_eq!(
            alias_problem("/"),
            None,
            "a plain path: the route table reports the clash"
        );
        for bad in ["/.", "/nyheter/.", "/a/../b", "/a//b", "a/b", "/a\0b", "/a b", "/a?b=1"] {
            assert!(alias_problem(bad).is_some(), "{bad:?}");
        }
        assert!(alias_problem(&format!("/{}", "x".repeat(300))).is_some());
    }
}
