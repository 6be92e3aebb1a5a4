//! outputs: machine-readable files derived from the site (JSON Feed, sitemap, JSON-LD).
//!
//! Pure functions of `&Site`; the XML ones are rendered through templates.

pub mod search;

use serde_json::json;

use crate::dates;
use crate::model::paginate::{page_count, page_url};
use crate::model::{Article, Site};
use crate::render::absolute_src;
use crate::render::context::SitemapEntry;

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
                "content_html": a.body.html,
                "date_published": dates::rfc3339(&a.date),
                "date_modified": dates::rfc3339(&a.modified),
                "tags": a.topics.iter().map(|(_, n)| n).collect::<Vec<_>>(),
            });
            if let Some(lead) = &a.lead {
                item["summary"] = json!(lead);
            }
            if let Some(img) = &a.doc.image {
                item["image"] = json!(absolute_src(site, &img.src));
            }
            item
        })
        .collect();
    let feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": c.title,
        "home_page_url": c.absolute("/"),
        "feed_url": c.absolute("/feed.json"),
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
    if let Some(lead) = &a.lead {
        data["description"] = json!(lead);
    }
    if let Some(img) = &a.doc.image {
        data["image"] = json!(absolute_src(site, &img.src));
    }
    // `</script>` or `<!--` inside a string would end or confuse the script element.
    data.to_string().replace('<', "\\u003c")
}

/// Every public HTML page with its last modification.
pub fn sitemap_entries(site: &Site) -> Vec<SitemapEntry> {
    let c = &site.config;
    let lastmod_all = site.articles.iter().map(|a| a.modified).max();
    let entry = |path: &str, lastmod: Option<dates::Moment>| SitemapEntry {
        loc: c.absolute(path),
        lastmod: lastmod.map(|m| dates::rfc3339(&m)),
    };
    let mut urls = vec![entry("/", lastmod_all)];
    let news = site.news_url();
    for page in 1..=page_count(site.articles.len(), c.per_page) {
        let first = site.articles.get((page - 1) * c.per_page).map(|a| a.modified);
        urls.push(entry(&page_url(&news, page), first));
    }
    urls.extend(site.articles.iter().map(|a| entry(&a.url, Some(a.modified))));
    urls.extend(site.pages.iter().map(|p| entry(&p.url, p.doc.updated.or(p.doc.date))));
    urls.push(entry("/amne/", lastmod_all));
    for t in site.topics.values() {
        let base = format!("/amne/{}/", t.slug);
        for page in 1..=page_count(t.articles.len(), c.per_page) {
            let newest = t
                .articles
                .get((page - 1) * c.per_page)
                .map(|&i| site.articles[i].modified);
            urls.push(entry(&page_url(&base, page), newest));
        }
    }
    urls.push(entry(&format!("{news}arkiv/"), lastmod_all));
    let mut years: Vec<i32> = site.articles.iter().map(|a| chrono::Datelike::year(&a.date)).collect();
    years.dedup();
    for y in years {
        let newest = site
            .articles
            .iter()
            .filter(|a| chrono::Datelike::year(&a.date) == y)
            .map(|a| a.modified)
            .max();
        urls.push(entry(&format!("{news}arkiv/{y}/"), newest));
    }
    if c.search {
        urls.push(entry("/sok/", None));
    }
    urls
}
