//! render: `Site` → output files, one job at a time so pages can stream to disk.
//!
//! Pure: no disk, no clock. "Now" is `Site::now`.

pub mod body;
pub mod context;
pub mod crisis;
pub mod feeds;
pub mod picture;
pub mod templates;

use std::collections::BTreeMap;

use serde::Serialize;
use tera::{Context, Tera};

use crate::content::SourceFile;
use crate::diag::error::Diagnostic;
use crate::model::paginate::{page_count, pager};
use crate::model::routes::{self, Job, Route, Routes};
use crate::model::site::{Page, Topic};
use crate::model::{Article, Site};
use crate::text::dates;
use context::*;
use templates::Origin;

/// A file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to the output folder, `/`-separated, e.g. `nyheter/x/index.html`.
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn is_html(&self) -> bool {
        self.path.ends_with(".html")
    }
}

/// Templates compiled once per build, with their origins for error messages.
pub struct Renderer {
    tera: Tera,
    origins: BTreeMap<String, Origin>,
    /// Per template, the lines whose columns `templates::compact` moved two to the right.
    shifted: BTreeMap<String, Vec<usize>>,
    theme: BTreeMap<String, Vec<u8>>,
}

impl Renderer {
    /// Compiles the built-in templates merged with the site's overrides.
    pub fn new(
        site: &Site,
        template_overrides: &[SourceFile],
        theme_overrides: &[SourceFile],
    ) -> Result<Self, Vec<Diagnostic>> {
        let mut merged = templates::merge_templates(template_overrides)?;
        let origins: BTreeMap<String, Origin> = merged.iter().map(|(n, (_, o))| (n.clone(), o.clone())).collect();
        let mut shifted = BTreeMap::new();
        if site.config.minify {
            for (name, (src, _)) in merged.iter_mut().filter(|(n, _)| n.ends_with(".html")) {
                let (compacted, lines) = templates::compact(src);
                *src = compacted;
                shifted.insert(name.clone(), lines);
            }
        }
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.add_raw_templates(merged.iter().map(|(n, (src, _))| (n.as_str(), src.as_str())))
            .map_err(|e| vec![template_error(&e, &origins, &shifted)])?;
        let global = Context::from_serialize(&SiteWrapper {
            site: SiteContext::new(site),
        })
        .map_err(|e| {
            vec![Diagnostic::error(
                crate::config::CONFIG_FILE,
                crate::diag::messages::template_data_failed(&e.to_string()),
            )]
        })?;
        tera.global_context().extend(global);
        Ok(Renderer {
            tera,
            origins,
            shifted,
            theme: templates::prepare_theme(theme_overrides, site.config.minify),
        })
    }

    pub fn theme(&self) -> &BTreeMap<String, Vec<u8>> {
        &self.theme
    }

    fn render<T: Serialize>(&self, template: &str, data: &T, out_path: String) -> Result<OutputFile, Diagnostic> {
        let ctx = Context::from_serialize(data).map_err(|e| {
            Diagnostic::error(
                out_path.clone(),
                crate::diag::messages::template_data_failed(&e.to_string()),
            )
        })?;
        let mut bytes = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(template, &ctx, &mut bytes)
            .map_err(|e| template_error(&e, &self.origins, &self.shifted))?;
        Ok(OutputFile { path: out_path, bytes })
    }

    /// Renders the file of one route. Static files and reserved addresses have nothing
    /// to render (the writer copies static files itself).
    pub fn render_route(&self, site: &Site, routes: &Routes, route: &Route) -> Result<OutputFile, Diagnostic> {
        let (url, file) = (route.url.as_str(), route.file.clone());
        match &route.job {
            Job::Index => self.index(site, file),
            Job::Listing { page } => self.listing(site, url, *page, file),
            Job::Article(i) => self.render("article.html", &article_data(site, &site.articles[*i]), file),
            Job::Page(i) => self.page(site, &site.pages[*i], file),
            Job::Topics => self.topics(site, file),
            Job::Topic { slug, page } => self.topic(site, &site.topics[slug], url, *page, file),
            Job::TopicFeed { slug } => self.topic_feed(site, &site.topics[slug], url, file),
            Job::Archive => self.archive(site, url, file),
            Job::ArchiveYear(year) => self.archive_year(site, url, *year, file),
            Job::Redirect { to } => {
                let data = RedirectData {
                    to: site.config.href(to),
                    canonical: site.config.absolute(to),
                };
                self.render("redirect.html", &data, file)
            }
            Job::NotFound | Job::Search | Job::Thanks | Job::ThanksAnswer | Job::ThanksReport => {
                self.fixed_page(site, &route.job, url, file)
            }
            Job::Crisis => self.crisis_page(site, url, file),
            Job::AccessibilityReport => self.accessibility_report(site, url, file),
            Job::Atom | Job::Rss => {
                let feed = feed_view(
                    site,
                    site.config.title.clone(),
                    url,
                    &site.news_url(),
                    site.articles.iter(),
                );
                let template = if route.job == Job::Atom { "atom.xml" } else { "rss.xml" };
                self.render(template, &FeedData { feed }, file)
            }
            Job::JsonFeed => Ok(OutputFile {
                path: file,
                bytes: crate::render::feeds::json_feed(site),
            }),
            Job::Sitemap => {
                let urls = crate::render::feeds::sitemap_entries(site, routes);
                self.render("sitemap.xml", &SitemapData { urls }, file)
            }
            Job::Robots => Ok(OutputFile {
                path: file,
                bytes: format!(
                    "User-agent: *\nAllow: /\n\nSitemap: {}\n",
                    site.config.absolute(routes::SITEMAP)
                )
                .into_bytes(),
            }),
            Job::Asset(name) => Ok(OutputFile {
                path: file,
                bytes: self.theme.get(name).cloned().unwrap_or_default(),
            }),
            // The writer copies static files and photo variants itself; reserved addresses are not written.
            Job::Static(_) | Job::ImageVariant { .. } | Job::Reserved => Err(Diagnostic::error(
                route.file.clone(),
                crate::diag::messages::nothing_to_render(&route.url),
            )),
        }
    }

    fn index(&self, site: &Site, file: String) -> Result<OutputFile, Diagnostic> {
        let items: Vec<_> = site
            .articles
            .iter()
            .take(5)
            .map(|a| ArticleSummary::new(site, a))
            .collect();
        let mut meta = Meta::new(site, site.config.title.clone(), "/", "start");
        meta.description = Some(format!("Nyheter från {}", site.config.organisation.name));
        self.render("index.html", &IndexData { meta, items }, file)
    }

    /// The pages that show only fixed text: 404, search, and the thank-you pages.
    fn fixed_page(&self, site: &Site, job: &Job, url: &str, file: String) -> Result<OutputFile, Diagnostic> {
        let org = &site.config.organisation.name;
        let (title, template, section, description) = match job {
            Job::Search => (
                "Sök på webbplatsen",
                "search.html",
                "search",
                Some(format!("Sök bland nyheter och sidor från {org}.")),
            ),
            Job::Thanks => (
                "Tack för din kommentar!",
                "thanks.html",
                "none",
                Some(format!("Din kommentar har kommit fram till {org}.")),
            ),
            Job::ThanksAnswer => ("Tack för ditt svar!", "thanks_answer.html", "none", None),
            Job::ThanksReport => ("Tack för din rapport!", "thanks_report.html", "none", None),
            _ => ("Sidan hittades inte", "404.html", "none", None),
        };
        let mut meta = Meta::new(site, title, url, section);
        // Only the search page is a page of its own to index.
        if *job != Job::Search {
            meta.canonical = String::new();
        }
        meta.description = description;
        self.render(template, &MetaOnly { meta }, file)
    }

    fn crisis_page(&self, site: &Site, url: &str, file: String) -> Result<OutputFile, Diagnostic> {
        let mut meta = Meta::new(site, "Kris och störningar", url, "crisis");
        let org = &site.config.organisation.name;
        meta.description = Some(format!("Pågående kriser och allvarliga störningar hos {org}."));
        let ended = crisis::ended(site);
        self.render("crisis.html", &CrisisPageData { meta, ended }, file)
    }

    fn accessibility_report(&self, site: &Site, url: &str, file: String) -> Result<OutputFile, Diagnostic> {
        let mut meta = Meta::new(site, "Rapportera brist i tillgängligheten", url, "none");
        let org = &site.config.organisation.name;
        meta.description = Some(format!(
            "Berätta för {org} om innehåll på webbplatsen som inte är tillgängligt för dig."
        ));
        let statement = site
            .pages
            .iter()
            .find(|p| p.doc.slug.starts_with("tillganglighet"))
            .map(|p| LinkView {
                title: p.doc.title.clone(),
                url: site.config.href(&p.url),
            });
        let data = ReportData {
            form: site.config.feedback.action.as_deref().map(|action| FeedbackView {
                action,
                page_url: site.config.absolute("/"),
            }),
            meta,
            statement,
        };
        self.render("report.html", &data, file)
    }

    fn listing(&self, site: &Site, url: &str, page: usize, file: String) -> Result<OutputFile, Diagnostic> {
        let base = site.news_url();
        let per = site.config.per_page;
        let items = site
            .articles
            .iter()
            .skip((page - 1) * per)
            .take(per)
            .map(|a| ArticleSummary::new(site, a))
            .collect();
        let total = page_count(site.articles.len(), per);
        let heading = if page == 1 {
            "Nyheter".to_string()
        } else {
            format!("Nyheter – sida {page} av {total}")
        };
        let meta = Meta::new(site, heading.clone(), url, "news");
        let listing = ListingView {
            heading,
            items,
            pager: pager(&site.config.href(&base), page, total),
        };
        self.render("listing.html", &ListingData { meta, listing }, file)
    }

    fn page(&self, site: &Site, p: &Page, file: String) -> Result<OutputFile, Diagnostic> {
        let mut meta = Meta::new(site, p.doc.title.clone(), p.url.clone(), "page");
        meta.description = p.lead().map(str::to_string);
        let meta_canonical = meta.canonical.clone();
        if let Some(url) = site.canonical_elsewhere.get(&p.doc.path) {
            meta.canonical = url.clone();
        }
        let updated = [p.doc.updated.or(p.doc.date), p.doc.last_update_by(&site.now)]
            .into_iter()
            .flatten()
            .max();
        let data = PageData {
            meta,
            page: PageView {
                title: &p.doc.title,
                lead: p.lead(),
                body: body::for_page(&p.body.html, site),
                updated_iso: updated.map(|d| dates::rfc3339(&d)),
                updated_text: updated.map(|d| dates::swedish_date(&d)),
                updates: crisis::updates(site, &p.doc, &p.url),
                contacts: contact_views(&p.doc.contacts),
                feedback: feedback_view(site, p.doc.feedback, &meta_canonical),
                helpful: helpful_view(site, p.doc.feedback, &meta_canonical),
                extra: &p.doc.extra,
            },
        };
        self.render("page.html", &data, file)
    }

    fn topics(&self, site: &Site, file: String) -> Result<OutputFile, Diagnostic> {
        let topics = site
            .topics
            .values()
            .map(|t| CountView {
                title: t.name.clone(),
                url: site.config.href(&routes::topic(&t.slug)),
                count: t.articles.len(),
            })
            .collect();
        let meta = Meta::new(site, "Ämnen", routes::TOPICS, "topics");
        self.render("topics.html", &TopicsData { meta, topics }, file)
    }

    fn topic(
        &self,
        site: &Site,
        topic: &Topic,
        url: &str,
        page: usize,
        file: String,
    ) -> Result<OutputFile, Diagnostic> {
        let base = routes::topic(&topic.slug);
        let per = site.config.per_page;
        let total = page_count(topic.articles.len(), per);
        let items = topic
            .articles
            .iter()
            .skip((page - 1) * per)
            .take(per)
            .map(|&i| ArticleSummary::new(site, &site.articles[i]))
            .collect();
        let heading = if page == 1 {
            topic.name.clone()
        } else {
            format!("{} – sida {page} av {total}", topic.name)
        };
        let mut meta = Meta::new(site, heading.clone(), url, "topics");
        meta.description = Some(format!(
            "Nyheter om {} från {}",
            topic.name, site.config.organisation.name
        ));
        meta.topic_name = Some(topic.name.clone());
        meta.topic_feed = Some(LinkView {
            title: format!("{} – {}", site.config.title, topic.name),
            url: site.config.href(&routes::topic_feed(&topic.slug)),
        });
        let listing = ListingView {
            heading,
            items,
            pager: pager(&site.config.href(&base), page, total),
        };
        self.render("topic.html", &ListingData { meta, listing }, file)
    }

    fn topic_feed(&self, site: &Site, topic: &Topic, url: &str, file: String) -> Result<OutputFile, Diagnostic> {
        let articles = topic.articles.iter().map(|&i| &site.articles[i]);
        let title = format!("{} – {}", site.config.title, topic.name);
        let feed = feed_view(site, title, url, &routes::topic(&topic.slug), articles);
        self.render("atom.xml", &FeedData { feed }, file)
    }

    fn archive(&self, site: &Site, url: &str, file: String) -> Result<OutputFile, Diagnostic> {
        let years = site
            .years()
            .into_iter()
            .rev()
            .map(|(y, list)| CountView {
                title: y.to_string(),
                url: site.config.href(&routes::archive_year(&site.config.news_path, y)),
                count: list.len(),
            })
            .collect();
        let meta = Meta::new(site, "Nyhetsarkiv", url, "archive");
        self.render("archive.html", &ArchiveData { meta, years }, file)
    }

    fn archive_year(&self, site: &Site, url: &str, year: i32, file: String) -> Result<OutputFile, Diagnostic> {
        let list = site.years().remove(&year).unwrap_or_default();
        let mut months: Vec<MonthView> = Vec::new();
        let mut current = 0;
        for i in list {
            let a = &site.articles[i];
            let m = chrono::Datelike::month(&a.date);
            if m != current {
                current = m;
                months.push(MonthView {
                    name: dates::swedish_month(m),
                    items: Vec::new(),
                });
            }
            if let Some(last) = months.last_mut() {
                last.items.push(ArticleSummary::new(site, a));
            }
        }
        let meta = Meta::new(site, format!("Nyheter {year}"), url, "archive");
        let data = ArchiveYearData { meta, year, months };
        self.render("archive_year.html", &data, file)
    }
}

fn feed_view<'a>(
    site: &Site,
    title: String,
    self_path: &str,
    page_path: &str,
    articles: impl Iterator<Item = &'a Article>,
) -> FeedView<'a> {
    let entries: Vec<FeedEntry> = articles
        .take(site.config.feed_limit)
        .map(|a| FeedEntry::new(site, a))
        .collect();
    // The feed changes when its newest entry does; not at build time, so output stays reproducible.
    let newest = site
        .articles
        .iter()
        .filter(|a| entries.iter().any(|e| e.url.ends_with(&a.url)))
        .map(|a| a.modified)
        .max()
        .unwrap_or(site.now);
    FeedView {
        title,
        self_url: site.config.absolute(self_path),
        page_url: site.config.absolute(page_path),
        updated: dates::rfc3339(&newest),
        updated_rfc822: dates::rfc822(&newest),
        entries,
    }
}

fn article_data<'a>(site: &'a Site, a: &'a Article) -> ArticleData<'a> {
    let mut meta = Meta::new(site, a.doc.title.clone(), a.url.clone(), "news");
    meta.description = a.lead().map(str::to_string);
    meta.og_type = "article";
    if let Some(i) = &a.doc.image {
        meta.share_image(site, &i.src, &i.alt);
    }
    meta.json_ld = Some(crate::render::feeds::json_ld(site, a));
    let feedback = feedback_view(site, a.doc.feedback, &meta.canonical);
    let article = ArticleView {
        title: &a.doc.title,
        year: chrono::Datelike::year(&a.date),
        date_iso: dates::rfc3339(&a.date),
        date_text: dates::swedish_date(&a.date),
        updated_iso: dates::rfc3339(&a.modified),
        updated_text: dates::swedish_date(&a.modified),
        updated_time_text: crisis::swedish_time(&a.modified),
        updates: crisis::updates(site, &a.doc, &a.url),
        crisis: crisis::crisis_view(site, a),
        helpful: helpful_view(site, a.doc.feedback, &meta.canonical),
        lead: a.lead(),
        body: body::for_page(&a.body.html, site),
        topics: topic_links(site, a),
        contacts: contact_views(&a.doc.contacts),
        share: share_links(site.share_targets(&a.doc), &a.doc.title, &meta.canonical),
        feedback,
        image: a.doc.image.as_ref(),
        picture: a.doc.image.as_ref().and_then(|i| {
            let photo = site.photos.get(&i.src)?;
            let mut p = PictureView::new(&site.config, photo, &i.alt, COLUMN_SIZES, false);
            p.credit = i.credit.clone();
            Some(p)
        }),
        status: status_label(a.status),
        old_notice: old_notice(&a.date, &site.now, site.config.old_after_days),
        extra: &a.doc.extra,
    };
    // The copy's own address stays in its share links and forms above; search engines are
    // pointed to the canonical site's copy.
    if let Some(url) = site.canonical_elsewhere.get(&a.doc.path) {
        meta.canonical = url.clone();
    }
    ArticleData { meta, article }
}

/// "Kommentera sidan" for a page at `canonical`, when the site has a receiver and the page allows it.
fn feedback_view<'a>(site: &'a Site, allowed: bool, canonical: &str) -> Option<FeedbackView<'a>> {
    match &site.config.feedback.action {
        Some(action) if allowed => Some(FeedbackView {
            action,
            page_url: canonical.to_string(),
        }),
        _ => None,
    }
}

/// "Var sidan till hjälp?" for a page at `canonical`: as "Kommentera sidan", unless the
/// site turned the question off (`page_feedback: false`).
fn helpful_view<'a>(site: &'a Site, allowed: bool, canonical: &str) -> Option<FeedbackView<'a>> {
    feedback_view(site, allowed && site.config.page_feedback, canonical)
}

/// Turns a Tera error into a diagnostic naming the template file, line and column.
fn template_error(
    e: &tera::Error,
    origins: &BTreeMap<String, Origin>,
    shifted: &BTreeMap<String, Vec<usize>>,
) -> Diagnostic {
    let mut chain = Vec::new();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        chain.push(s.to_string());
        source = s.source();
    }
    let (path, line, col, message) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let origin = origins.get(r.filename()).cloned().unwrap_or(Origin::BuiltIn);
            let (line, col) = (r.span().start_line, r.span().start_col);
            let moved = shifted.get(r.filename()).is_some_and(|l| l.contains(&line)) && col >= 2;
            let col = if moved { col - 2 } else { col };
            // Tera's own words: English only.
            let message = crate::diag::messages::Text::new(r.message(), r.message());
            (origin.display(r.filename()), line, col + 1, message)
        }
        tera::ErrorKind::MissingParent { current, parent } => {
            let origin = origins.get(current).cloned().unwrap_or(Origin::BuiltIn);
            (
                origin.display(current),
                1,
                1,
                crate::diag::messages::template_missing_parent(parent),
            )
        }
        tera::ErrorKind::TemplateNotFound(name) => (
            "templates".to_string(),
            0,
            0,
            crate::diag::messages::template_not_found(name),
        ),
        _ => {
            let text = e.to_string();
            (
                "templates".to_string(),
                0,
                0,
                crate::diag::messages::Text::new(text.clone(), text),
            )
        }
    };
    let mut message = message;
    for c in chain {
        for text in [&mut message.sv, &mut message.en] {
            text.push_str(": ");
            text.push_str(&c);
        }
    }
    Diagnostic::error(path, crate::diag::messages::template_error(&message)).at(line, col)
}

#[derive(Serialize)]
struct SiteWrapper<'a> {
    site: SiteContext<'a>,
}

#[derive(Serialize)]
struct IndexData<'a> {
    meta: Meta,
    items: Vec<ArticleSummary<'a>>,
}

#[derive(Serialize)]
struct ListingData<'a> {
    meta: Meta,
    listing: ListingView<'a>,
}

#[derive(Serialize)]
struct ArticleData<'a> {
    meta: Meta,
    article: ArticleView<'a>,
}

#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    lead: Option<&'a str>,
    body: String,
    updated_iso: Option<String>,
    updated_text: Option<String>,
    /// Timestamped updates, newest first.
    updates: Vec<crisis::UpdateView>,
    contacts: Vec<ContactView<'a>>,
    feedback: Option<FeedbackView<'a>>,
    helpful: Option<FeedbackView<'a>>,
    extra: &'a serde_json::Map<String, serde_json::Value>,
}

#[derive(Serialize)]
struct PageData<'a> {
    meta: Meta,
    page: PageView<'a>,
}

#[derive(Serialize)]
struct TopicsData {
    meta: Meta,
    topics: Vec<CountView>,
}

#[derive(Serialize)]
struct ArchiveData {
    meta: Meta,
    years: Vec<CountView>,
}

#[derive(Serialize)]
struct ArchiveYearData<'a> {
    meta: Meta,
    year: i32,
    months: Vec<MonthView<'a>>,
}

#[derive(Serialize)]
struct RedirectData {
    to: String,
    canonical: String,
}

#[derive(Serialize)]
struct CrisisPageData {
    meta: Meta,
    /// Crises that are over (the current ones are `site.crises`).
    ended: Vec<crisis::CrisisSummary>,
}

#[derive(Serialize)]
struct ReportData<'a> {
    meta: Meta,
    /// The form, posting to the receiver; `page_url` is the start page until the visitor
    /// (or the script, from `?sida=`) gives the page with the problem.
    form: Option<FeedbackView<'a>>,
    /// The accessibility statement, when the site has one (a page whose address starts
    /// with `tillganglighet`).
    statement: Option<LinkView>,
}

#[derive(Serialize)]
struct MetaOnly {
    meta: Meta,
}

#[derive(Serialize)]
struct FeedData<'a> {
    feed: FeedView<'a>,
}

#[derive(Serialize)]
struct SitemapData {
    urls: Vec<crate::render::feeds::SitemapEntry>,
}
