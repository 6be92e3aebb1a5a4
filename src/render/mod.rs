//! render: `Site` → output files, one job at a time so pages can stream to disk.
//!
//! Pure: no disk, no clock. "Now" is `Site::now`.

pub mod context;
pub mod templates;

use std::collections::BTreeMap;

use serde::Serialize;
use tera::{Context, Tera};

use crate::content::SourceFile;
use crate::dates;
use crate::error::Diagnostic;
use crate::model::paginate::{page_count, page_url, pager};
use crate::model::{Article, Site};
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

/// One unit of output; jobs are independent so they render in parallel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    Index,
    Listing { page: usize },
    Article(usize),
    Page(usize),
    Topics,
    Topic { slug: String, page: usize },
    TopicFeed { slug: String },
    Archive,
    ArchiveYear(i32),
    Redirect { from: String, to: String },
    NotFound,
    Search,
    Atom,
    Rss,
    JsonFeed,
    Sitemap,
    Robots,
    Asset(String),
}

/// Lists every output of the site, in a fixed order.
pub fn jobs(site: &Site, theme: &BTreeMap<String, Vec<u8>>) -> Vec<Job> {
    let mut jobs = vec![Job::Index];
    let per = site.config.per_page;
    jobs.extend((1..=page_count(site.articles.len(), per)).map(|page| Job::Listing { page }));
    jobs.extend((0..site.articles.len()).map(Job::Article));
    jobs.extend((0..site.pages.len()).map(Job::Page));
    jobs.push(Job::Topics);
    for topic in site.topics.values() {
        for page in 1..=page_count(topic.articles.len(), per) {
            jobs.push(Job::Topic {
                slug: topic.slug.clone(),
                page,
            });
        }
        jobs.push(Job::TopicFeed {
            slug: topic.slug.clone(),
        });
    }
    jobs.push(Job::Archive);
    jobs.extend(years(site).into_keys().map(Job::ArchiveYear));
    for article in &site.articles {
        for (from, _) in &article.doc.aliases {
            jobs.push(Job::Redirect {
                from: from.clone(),
                to: article.url.clone(),
            });
        }
    }
    if site.config.search {
        jobs.push(Job::Search);
    }
    jobs.extend([
        Job::NotFound,
        Job::Atom,
        Job::Rss,
        Job::JsonFeed,
        Job::Sitemap,
        Job::Robots,
    ]);
    jobs.extend(theme.keys().map(|k| Job::Asset(k.clone())));
    jobs
}

/// Articles per year, newest year first in iteration via `rev()`.
fn years(site: &Site) -> BTreeMap<i32, Vec<usize>> {
    let mut years: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    for (i, a) in site.articles.iter().enumerate() {
        years.entry(chrono::Datelike::year(&a.date)).or_default().push(i);
    }
    years
}

/// Where a job's file goes in the output, without rendering it (the preview server
/// maps request paths to jobs with this).
pub fn job_path(site: &Site, job: &Job) -> String {
    let news = site.news_url();
    match job {
        Job::Index => "index.html".into(),
        Job::Listing { page } => output_path(&page_url(&news, *page)),
        Job::Article(i) => output_path(&site.articles[*i].url),
        Job::Page(i) => output_path(&site.pages[*i].url),
        Job::Topics => "amne/index.html".into(),
        Job::Topic { slug, page } => output_path(&page_url(&format!("/amne/{slug}/"), *page)),
        Job::TopicFeed { slug } => format!("amne/{slug}/atom.xml"),
        Job::Archive => output_path(&format!("{news}arkiv/")),
        Job::ArchiveYear(y) => output_path(&format!("{news}arkiv/{y}/")),
        Job::Redirect { from, .. } => output_path(from),
        Job::NotFound => "404.html".into(),
        Job::Search => "sok/index.html".into(),
        Job::Atom => "atom.xml".into(),
        Job::Rss => "rss.xml".into(),
        Job::JsonFeed => "feed.json".into(),
        Job::Sitemap => "sitemap.xml".into(),
        Job::Robots => "robots.txt".into(),
        Job::Asset(path) => format!("tema/{path}"),
    }
}

/// The output path of a site URL path: `/a/b/` → `a/b/index.html`, `/a.html` → `a.html`.
pub fn output_path(url: &str) -> String {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else if trimmed.rsplit('/').next().is_some_and(|last| last.contains('.')) {
        trimmed.to_string()
    } else {
        format!("{trimmed}/index.html")
    }
}

/// Templates compiled once per build, with their origins for error messages.
pub struct Renderer {
    tera: Tera,
    origins: BTreeMap<String, Origin>,
    theme: BTreeMap<String, Vec<u8>>,
}

impl Renderer {
    /// Compiles the built-in templates merged with the site's overrides.
    pub fn new(
        site: &Site,
        template_overrides: &[SourceFile],
        theme_overrides: &[SourceFile],
    ) -> Result<Self, Vec<Diagnostic>> {
        let merged = templates::merge_templates(template_overrides)?;
        let origins: BTreeMap<String, Origin> = merged.iter().map(|(n, (_, o))| (n.clone(), o.clone())).collect();
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.add_raw_templates(merged.iter().map(|(n, (src, _))| (n.as_str(), src.as_str())))
            .map_err(|e| vec![template_error(&e, &origins)])?;
        let global = Context::from_serialize(&SiteWrapper {
            site: SiteContext::new(site),
        })
        .map_err(|e| {
            vec![Diagnostic::error(
                "site.yaml",
                format!("cannot prepare site data for templates: {e}"),
            )]
        })?;
        tera.global_context().extend(global);
        Ok(Renderer {
            tera,
            origins,
            theme: templates::merge_theme(theme_overrides),
        })
    }

    pub fn theme(&self) -> &BTreeMap<String, Vec<u8>> {
        &self.theme
    }

    fn render<T: Serialize>(&self, template: &str, data: &T, out_path: String) -> Result<OutputFile, Diagnostic> {
        let ctx = Context::from_serialize(data).map_err(|e| Diagnostic::error(out_path.clone(), e.to_string()))?;
        let mut bytes = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(template, &ctx, &mut bytes)
            .map_err(|e| template_error(&e, &self.origins))?;
        Ok(OutputFile { path: out_path, bytes })
    }

    /// Renders one job.
    pub fn render_job(&self, site: &Site, job: &Job) -> Result<OutputFile, Diagnostic> {
        match job {
            Job::Index => {
                let items: Vec<_> = site.articles.iter().take(5).map(ArticleSummary::new).collect();
                let mut meta = Meta::new(site, site.config.title.clone(), "/", "start");
                meta.description = Some(format!("Nyheter från {}", site.config.organisation.name));
                self.render("index.html", &IndexData { meta, items }, "index.html".into())
            }
            Job::Listing { page } => {
                let base = site.news_url();
                let url = page_url(&base, *page);
                let per = site.config.per_page;
                let items = site
                    .articles
                    .iter()
                    .skip((page - 1) * per)
                    .take(per)
                    .map(ArticleSummary::new)
                    .collect();
                let total = page_count(site.articles.len(), per);
                let heading = if *page == 1 {
                    "Nyheter".to_string()
                } else {
                    format!("Nyheter – sida {page} av {total}")
                };
                let meta = Meta::new(site, heading.clone(), url.clone(), "news");
                let listing = ListingView {
                    heading,
                    items,
                    pager: pager(&base, *page, total),
                };
                self.render("listing.html", &ListingData { meta, listing }, output_path(&url))
            }
            Job::Article(i) => {
                let a = &site.articles[*i];
                self.render("article.html", &article_data(site, a), output_path(&a.url))
            }
            Job::Page(i) => {
                let p = &site.pages[*i];
                let mut meta = Meta::new(site, p.doc.title.clone(), p.url.clone(), "page");
                meta.description = p.lead.clone();
                let updated = p.doc.updated.or(p.doc.date);
                let data = PageData {
                    meta,
                    page: PageView {
                        title: &p.doc.title,
                        lead: p.lead.as_deref(),
                        body: &p.body.html,
                        updated_iso: updated.map(|d| dates::rfc3339(&d)),
                        updated_text: updated.map(|d| dates::swedish_date(&d)),
                        contacts: contact_views(&p.doc.contacts),
                        extra: &p.doc.extra,
                    },
                };
                self.render("page.html", &data, output_path(&p.url))
            }
            Job::Topics => {
                let topics = site
                    .topics
                    .values()
                    .map(|t| CountView {
                        title: t.name.clone(),
                        url: format!("/amne/{}/", t.slug),
                        count: t.articles.len(),
                    })
                    .collect();
                let meta = Meta::new(site, "Ämnen", "/amne/", "topics");
                self.render("topics.html", &TopicsData { meta, topics }, "amne/index.html".into())
            }
            Job::Topic { slug, page } => {
                let topic = &site.topics[slug];
                let base = format!("/amne/{slug}/");
                let url = page_url(&base, *page);
                let per = site.config.per_page;
                let total = page_count(topic.articles.len(), per);
                let items = topic
                    .articles
                    .iter()
                    .skip((page - 1) * per)
                    .take(per)
                    .map(|&i| ArticleSummary::new(&site.articles[i]))
                    .collect();
                let heading = if *page == 1 {
                    topic.name.clone()
                } else {
                    format!("{} – sida {page} av {total}", topic.name)
                };
                let mut meta = Meta::new(site, heading.clone(), url.clone(), "topics");
                meta.description = Some(format!(
                    "Nyheter om {} från {}",
                    topic.name, site.config.organisation.name
                ));
                meta.topic_feed = Some(LinkView {
                    title: format!("{} – {}", site.config.title, topic.name),
                    url: format!("{base}atom.xml"),
                });
                let listing = ListingView {
                    heading,
                    items,
                    pager: pager(&base, *page, total),
                };
                self.render("topic.html", &ListingData { meta, listing }, output_path(&url))
            }
            Job::TopicFeed { slug } => {
                let topic = &site.topics[slug];
                let articles = topic.articles.iter().map(|&i| &site.articles[i]);
                let feed = feed_view(
                    site,
                    format!("{} – {}", site.config.title, topic.name),
                    &format!("/amne/{slug}/atom.xml"),
                    &format!("/amne/{slug}/"),
                    articles,
                );
                self.render("atom.xml", &FeedData { feed }, format!("amne/{slug}/atom.xml"))
            }
            Job::Archive => {
                let base = format!("{}arkiv/", site.news_url());
                let years = years(site)
                    .into_iter()
                    .rev()
                    .map(|(y, list)| CountView {
                        title: y.to_string(),
                        url: format!("{base}{y}/"),
                        count: list.len(),
                    })
                    .collect();
                let meta = Meta::new(site, "Nyhetsarkiv", base.clone(), "archive");
                self.render("archive.html", &ArchiveData { meta, years }, output_path(&base))
            }
            Job::ArchiveYear(year) => {
                let url = format!("{}arkiv/{year}/", site.news_url());
                let list = years(site).remove(year).unwrap_or_default();
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
                        last.items.push(ArticleSummary::new(a));
                    }
                }
                let meta = Meta::new(site, format!("Nyheter {year}"), url.clone(), "archive");
                self.render(
                    "archive_year.html",
                    &ArchiveYearData {
                        meta,
                        year: *year,
                        months,
                    },
                    output_path(&url),
                )
            }
            Job::Redirect { from, to } => {
                let data = RedirectData {
                    to: to.clone(),
                    canonical: site.config.absolute(to),
                };
                self.render("redirect.html", &data, output_path(from))
            }
            Job::NotFound => {
                let mut meta = Meta::new(site, "Sidan hittades inte", "/404.html", "none");
                meta.canonical = String::new();
                self.render("404.html", &MetaOnly { meta }, "404.html".into())
            }
            Job::Search => {
                let meta = Meta::new(site, "Sök på webbplatsen", "/sok/", "search");
                self.render("search.html", &MetaOnly { meta }, "sok/index.html".into())
            }
            Job::Atom => {
                let feed = feed_view(
                    site,
                    site.config.title.clone(),
                    "/atom.xml",
                    &site.news_url(),
                    site.articles.iter(),
                );
                self.render("atom.xml", &FeedData { feed }, "atom.xml".into())
            }
            Job::Rss => {
                let feed = feed_view(
                    site,
                    site.config.title.clone(),
                    "/rss.xml",
                    &site.news_url(),
                    site.articles.iter(),
                );
                self.render("rss.xml", &FeedData { feed }, "rss.xml".into())
            }
            Job::JsonFeed => Ok(OutputFile {
                path: "feed.json".into(),
                bytes: crate::outputs::json_feed(site),
            }),
            Job::Sitemap => {
                let urls = crate::outputs::sitemap_entries(site);
                self.render("sitemap.xml", &SitemapData { urls }, "sitemap.xml".into())
            }
            Job::Robots => Ok(OutputFile {
                path: "robots.txt".into(),
                bytes: format!(
                    "User-agent: *\nAllow: /\n\nSitemap: {}\n",
                    site.config.absolute("/sitemap.xml")
                )
                .into_bytes(),
            }),
            Job::Asset(path) => Ok(OutputFile {
                path: format!("tema/{path}"),
                bytes: self.theme.get(path).cloned().unwrap_or_default(),
            }),
        }
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
    meta.description = a.lead.clone();
    meta.og_type = "article";
    meta.og_image = a.doc.image.as_ref().map(|i| absolute_src(site, &i.src));
    meta.json_ld = Some(crate::outputs::json_ld(site, a));
    let feedback = match (&site.config.feedback_action, a.doc.feedback) {
        (Some(action), true) => Some(FeedbackView {
            action,
            page_url: meta.canonical.clone(),
        }),
        _ => None,
    };
    let article = ArticleView {
        title: &a.doc.title,
        year: chrono::Datelike::year(&a.date),
        date_iso: dates::rfc3339(&a.date),
        date_text: dates::swedish_date(&a.date),
        updated_iso: dates::rfc3339(&a.modified),
        updated_text: dates::swedish_date(&a.modified),
        lead: a.lead.as_deref(),
        body: &a.body.html,
        topics: topic_links(a),
        contacts: contact_views(&a.doc.contacts),
        share: share_links(site.share_targets(&a.doc), &a.doc.title, &meta.canonical),
        feedback,
        image: a.doc.image.as_ref(),
        status: status_label(a.status),
        old_notice: old_notice(&a.date, &site.now, site.config.old_after_days),
        extra: &a.doc.extra,
    };
    ArticleData { meta, article }
}

/// An image URL made absolute for Open Graph.
pub fn absolute_src(site: &Site, src: &str) -> String {
    if src.starts_with("http://") || src.starts_with("https://") {
        src.to_string()
    } else {
        site.config.absolute(&format!("/{}", src.trim_start_matches('/')))
    }
}

/// Turns a Tera error into a diagnostic naming the template file, line and column.
fn template_error(e: &tera::Error, origins: &BTreeMap<String, Origin>) -> Diagnostic {
    let mut chain = Vec::new();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        chain.push(s.to_string());
        source = s.source();
    }
    let (path, line, col, message) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let origin = origins.get(r.filename()).cloned().unwrap_or(Origin::BuiltIn);
            (
                origin.display(r.filename()),
                r.span().start_line,
                r.span().start_col + 1,
                r.message().to_string(),
            )
        }
        tera::ErrorKind::MissingParent { current, parent } => {
            let origin = origins.get(current).cloned().unwrap_or(Origin::BuiltIn);
            (
                origin.display(current),
                1,
                1,
                format!("extends `{parent}`, which does not exist"),
            )
        }
        tera::ErrorKind::TemplateNotFound(name) => {
            ("templates".to_string(), 0, 0, format!("template `{name}` not found"))
        }
        _ => ("templates".to_string(), 0, 0, e.to_string()),
    };
    let mut message = message;
    for c in chain {
        message.push_str(": ");
        message.push_str(&c);
    }
    Diagnostic::error(path, message)
        .at(line, col)
        .with_help("fix the template, or delete your override in templates/ to use the built-in one")
}

#[derive(Serialize)]
struct SiteWrapper<'a> {
    site: SiteContext<'a>,
}

#[derive(Serialize)]
struct IndexData<'a> {
    meta: Meta<'a>,
    items: Vec<ArticleSummary<'a>>,
}

#[derive(Serialize)]
struct ListingData<'a> {
    meta: Meta<'a>,
    listing: ListingView<'a>,
}

#[derive(Serialize)]
struct ArticleData<'a> {
    meta: Meta<'a>,
    article: ArticleView<'a>,
}

#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    lead: Option<&'a str>,
    body: &'a str,
    updated_iso: Option<String>,
    updated_text: Option<String>,
    contacts: Vec<ContactView<'a>>,
    extra: &'a serde_json::Map<String, serde_json::Value>,
}

#[derive(Serialize)]
struct PageData<'a> {
    meta: Meta<'a>,
    page: PageView<'a>,
}

#[derive(Serialize)]
struct TopicsData<'a> {
    meta: Meta<'a>,
    topics: Vec<CountView>,
}

#[derive(Serialize)]
struct ArchiveData<'a> {
    meta: Meta<'a>,
    years: Vec<CountView>,
}

#[derive(Serialize)]
struct ArchiveYearData<'a> {
    meta: Meta<'a>,
    year: i32,
    months: Vec<MonthView<'a>>,
}

#[derive(Serialize)]
struct RedirectData {
    to: String,
    canonical: String,
}

#[derive(Serialize)]
struct MetaOnly<'a> {
    meta: Meta<'a>,
}

#[derive(Serialize)]
struct FeedData<'a> {
    feed: FeedView<'a>,
}

#[derive(Serialize)]
struct SitemapData {
    urls: Vec<SitemapEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths() {
        assert_eq!(output_path("/amne/it/sida/2/"), "amne/it/sida/2/index.html");
        assert_eq!(output_path("/"), "index.html");
        assert_eq!(output_path("/nyheter/x/"), "nyheter/x/index.html");
        assert_eq!(output_path("/gammal/adress.html"), "gammal/adress.html");
        assert_eq!(output_path("/gammal"), "gammal/index.html");
    }
}
