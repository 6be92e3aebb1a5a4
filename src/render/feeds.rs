//! feeds: machine-readable files derived from the site (JSON Feed, sitemap, JSON-LD).
//!
//! Pure functions of `&Site`; the XML ones are rendered through templates.

use serde::Serialize;
use serde_json::json;

use crate::text::dates;

use crate::model::routes::{Job, Routes, absolute_src};
use crate::model::{Article, Site};

/// The absolute address an image is shared by: a local photo's 1200×630 crop, else as written.
fn shared_image(site: &Site, src: &str) -> String {
    match site.photos.get(src) {
        Some(photo) => site.config.absolute(&photo.share.url),
        None => absolute_src(&site.config, src),
    }
}

/// JSON Feed 1.1 of the latest articles.
pub fn json_feed(site: &Site) -> Vec<u8> {
    let c = &site.config;
    let items: Vec<_> = site
        .articles
        .iter()
        .take(c.feed_limit)
        .map(|a| {
            let url = c.absolute(&a.url);
            let mut item = json!({
                "id": url,
                "url": url,
                "title": a.doc.title,
                "content_html": format!(
                    "{}{}",
                    crate::render::crisis::updates_for_feed(site, a),
                    crate::render::body::for_feed(&a.body.html, site)
                ),
                "date_published": dates::rfc3339(&a.date),
                "date_modified": dates::rfc3339(&a.modified),
                "tags": a.topics().iter().map(|(_, n)| n).collect::<Vec<_>>(),
            });
            if let Some(lead) = a.lead() {
                item["summary"] = json!(lead);
            }
            if let Some(img) = &a.doc.image {
                item["image"] = json!(shared_image(site, &img.src));
            }
            item
        })
        .collect();
    let feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": c.title,
        "home_page_url": c.absolute("/"),
        "feed_url": c.absolute(crate::model::routes::JSON_FEED),
        "language": c.language,
        "authors": [{"name": c.organisation.name, "url": c.absolute("/")}],
        "items": items,
    });
    let mut bytes = serde_json::to_vec_pretty(&feed).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// JSON-LD `NewsArticle` for an article page, safe to embed in `<script>`.
pub fn json_ld(site: &Site, a: &Article) -> String {
    let c = &site.config;
    let org = json!({"@type": "GovernmentOrganization", "name": c.organisation.name, "url": c.absolute("/")});
    let mut data = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.doc.title,
        "datePublished": dates::rfc3339(&a.date),
        "dateModified": dates::rfc3339(&a.modified),
        "mainEntityOfPage": c.absolute(&a.url),
        "inLanguage": c.language,
        "author": org,
        "publisher": org,
    });
    if let Some(lead) = a.lead() {
        data["description"] = json!(lead);
    }
    if let Some(img) = &a.doc.image {
        data["image"] = json!(shared_image(site, &img.src));
    }
    // `</script>` or `<!--` inside a string would end or confuse the script element.
    data.to_string().replace('<', "\\u003c")
}

/// One `<url>` in sitemap.xml.
#[derive(Debug, Serialize)]
pub struct SitemapEntry {
    pub loc: String,
    pub lastmod: Option<String>,
}

/// Every public HTML page of the route table with its last modification.
pub fn sitemap_entries(site: &Site, routes: &Routes) -> Vec<SitemapEntry> {
    let c = &site.config;
    let newest = |list: &mut dyn Iterator<Item = usize>| list.map(|i| site.articles[i].modified).max();
    let all = newest(&mut (0..site.articles.len()));
    let years = site.years();
    routes
        .iter()
        .filter(|r| r.job.is_public_page())
        // A copy whose canonical page is another site's is left to that site's sitemap:
        // a sitemap lists the addresses search engines should index.
        .filter(|r| match &r.job {
            Job::Article(i) => !site.canonical_elsewhere.contains_key(&site.articles[*i].doc.path),
            Job::Page(i) => !site.canonical_elsewhere.contains_key(&site.pages[*i].doc.path),
            _ => true,
        })
        .map(|r| {
            let lastmod = match &r.job {
                Job::Index | Job::Topics | Job::Archive => all,
                Job::Listing { page } => site.articles.get((page - 1) * c.per_page).map(|a| a.modified),
                Job::Article(i) => Some(site.articles[*i].modified),
                Job::Page(i) => site.pages[*i].doc.updated.or(site.pages[*i].doc.date),
                Job::Topic { slug, page } => site.topics[slug]
                    .articles
                    .get((page - 1) * c.per_page)
                    .map(|&i| site.articles[i].modified),
                Job::ArchiveYear(y) => newest(&mut years.get(y).into_iter().flatten().copied()),
                _ => None,
            };
            SitemapEntry {
                loc: c.absolute(&r.url),
                lastmod: lastmod.map(|m| dates::rfc3339(&m)),
            }
        })
        .collect()
}
