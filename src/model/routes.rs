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
/// "Rapportera brist i tillgängligheten": the form when the site has a receiver.
pub const ACCESSIBILITY_REPORT: &str = "/rapportera-brist/";
/// Written into every output folder notis makes, so it knows the folder is its own.
pub const OUTPUT_MARKER: &str = ".notis-output";

/// The news listing, e.g. `/nyheter/`.
pub fn news(news_path: &str) -> String {
    format!("/{news_path}/")
}

pub fn article(news_path: &str, slug: &str) -> String {
    format!("/{news_path}/{slug}/")
}

/// The sub-folder of the thank-you page after "Var sidan till hjälp?".
pub const THANKS_ANSWER: &str = "svar";
/// The sub-folder of the thank-you page after a report of inaccessibility.
pub const THANKS_REPORT: &str = "rapport";

/// A thank-you page under `feedback.thanks` (`/tack/` → `/tack/svar/`).
pub fn thanks_for(thanks: &str, sub: &str) -> String {
    format!("{}/{sub}/", thanks.trim_end_matches('/'))
}

/// The crisis page, e.g. `/kris/`.
pub fn crisis(crisis_path: &str) -> String {
    format!("/{crisis_path}/")
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
    /// The crisis page: the crises going on now (`crisis.path`).
    Crisis,
    /// The form for reporting content that is not accessible.
    AccessibilityReport,
    /// The thank-you page after "Var sidan till hjälp?" (`feedback.thanks` + `svar/`).
    ThanksAnswer,
    /// The thank-you page after a report of inaccessibility (`feedback.thanks` + `rapport/`).
    ThanksReport,
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
                | Job::Crisis
                | Job::AccessibilityReport
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
        let mut c = Claims::default();
        c.listings(site);
        c.fixed_pages(site, theme);
        c.articles(site);
        c.pages_and_aliases(site);
        c.files(site, statics);
        let mut errors = c.errors;
        errors.extend(c.routes.folder_clashes());
        (c.routes, errors)
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

/// The route table as it is filled in, with the errors of the claims so far.
#[derive(Default)]
struct Claims {
    routes: Routes,
    errors: Vec<Diagnostic>,
}

impl Claims {
    fn add(&mut self, url: String, job: Job, owner: Owner) {
        if let Err(d) = self.routes.claim(url, job, owner) {
            self.errors.push(d);
        }
    }

    fn generated(&mut self, url: impl Into<String>, job: Job, what: Text) {
        self.add(url.into(), job, Owner::generated(what));
    }

    /// The start page, the news listing's pages, the archive and the topics with their feeds.
    fn listings(&mut self, site: &Site) {
        let news_path = &site.config.news_path;
        let per = site.config.per_page;
        self.generated("/", Job::Index, messages::owner_start_page());
        let news = news(news_path);
        for page in 1..=page_count(site.articles.len(), per) {
            self.generated(
                listing_page(&news, page),
                Job::Listing { page },
                messages::owner_listing(page),
            );
        }
        self.generated(archive(news_path), Job::Archive, messages::owner_archive());
        for year in site.years().into_keys() {
            let what = messages::owner_archive_year(year);
            self.generated(archive_year(news_path, year), Job::ArchiveYear(year), what);
        }
        self.generated(TOPICS, Job::Topics, messages::owner_topics());
        for t in site.topics.values() {
            for page in 1..=page_count(t.articles.len(), per) {
                let job = Job::Topic {
                    slug: t.slug.clone(),
                    page,
                };
                self.generated(listing_page(&topic(&t.slug), page), job, messages::owner_topic(&t.name));
            }
            let job = Job::TopicFeed { slug: t.slug.clone() };
            self.generated(topic_feed(&t.slug), job, messages::owner_topic_feed(&t.name));
        }
    }

    /// The 404 page, feeds, sitemap, robots.txt, the thank-you and search pages, theme files.
    fn fixed_pages(&mut self, site: &Site, theme: &[String]) {
        for (url, job, what) in [
            (NOT_FOUND, Job::NotFound, messages::owner_not_found()),
            (ATOM, Job::Atom, messages::owner_feed("Atom")),
            (RSS, Job::Rss, messages::owner_feed("RSS")),
            (JSON_FEED, Job::JsonFeed, messages::owner_feed("JSON")),
            (SITEMAP, Job::Sitemap, messages::owner_sitemap()),
            (ROBOTS, Job::Robots, messages::owner_robots()),
        ] {
            self.generated(url, job, what);
        }
        self.generated(
            crisis(&site.config.crisis_path),
            Job::Crisis,
            messages::owner_crisis_page(),
        );
        // Always there, so that accessibility statements can link to it: without a
        // receiver it tells how to report by e-mail or phone instead of showing the form.
        self.generated(
            ACCESSIBILITY_REPORT,
            Job::AccessibilityReport,
            messages::owner_accessibility_report(),
        );
        if site.config.feedback.action.is_some() {
            let thanks = &site.config.feedback.thanks;
            self.generated(thanks.clone(), Job::Thanks, messages::owner_thanks());
            self.generated(
                thanks_for(thanks, THANKS_ANSWER),
                Job::ThanksAnswer,
                messages::owner_thanks(),
            );
            self.generated(
                thanks_for(thanks, THANKS_REPORT),
                Job::ThanksReport,
                messages::owner_thanks(),
            );
        }
        if site.config.search {
            self.generated(SEARCH, Job::Search, messages::owner_search());
            let folder = file_folder(SEARCH_BUNDLE);
            self.routes
                .folders
                .insert(folder, Owner::generated(messages::owner_search_index()));
        }
        for name in theme {
            self.generated(asset(name), Job::Asset(name.clone()), messages::owner_theme_file(name));
        }
    }

    /// Of two files wanting one address, the one whose path sorts first keeps it. The sort
    /// keys sit side by side and the claims are made ready in parallel: the preview routes
    /// the whole site on every save.
    fn articles(&mut self, site: &Site) {
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
        self.routes.reserve(claims.len());
        for route in claims {
            if let Err(d) = self.routes.claim_route(route) {
                self.errors.push(d);
            }
        }
    }

    /// Pages, the addresses unpublished articles will take, and every alias; aliases of
    /// unpublished articles are checked and kept free too.
    fn pages_and_aliases(&mut self, site: &Site) {
        for (i, p) in site.pages.iter().enumerate() {
            self.add(
                p.url.clone(),
                Job::Page(i),
                Owner::source(&p.doc.path, p.doc.slug_position),
            );
        }
        for (doc, url, _) in &site.unpublished {
            self.add(url.clone(), Job::Reserved, Owner::source(&doc.path, doc.slug_position));
        }
        let with_aliases = site
            .articles
            .iter()
            .map(|a| (&a.doc, Job::Redirect { to: a.url.clone() }))
            .chain(site.unpublished.iter().map(|(d, _, _)| (d, Job::Reserved)));
        for (doc, job) in with_aliases {
            for (alias, pos) in &doc.aliases {
                match alias_problem(alias) {
                    Some(problem) => {
                        let message = messages::bad_alias(&alias.escape_debug().to_string(), problem);
                        self.errors.push(Diagnostic::error(&doc.path, message).at(pos.0, pos.1));
                    }
                    None => self.add(alias.clone(), job.clone(), Owner::source(&doc.path, *pos)),
                }
            }
        }
    }

    /// A photo that articles or pages show is published as its variants, its original only
    /// when asked for (`original: true`); every other static file as it is.
    fn files(&mut self, site: &Site, statics: &[String]) {
        for (url, photo) in &site.photos.by_url {
            for v in photo.all() {
                let owner = Owner::generated(messages::owner_photo_variant(&photo.source));
                let job = Job::ImageVariant { photo: url.clone() };
                self.add(v.url.clone(), job, owner);
            }
        }
        for rel in statics.iter().filter(|rel| !site.photos.replaces(rel)) {
            let owner = Owner::source(&format!("static/{rel}"), (0, 0));
            self.add(format!("/{rel}"), Job::Static(rel.clone()), owner);
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
