//! model: documents and their rendered bodies → `Site`, sorted and cross-linked.
//!
//! Articles are ordered newest first (date, then title, then path) so every
//! listing, feed and topic is deterministic.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::content::markdown::Rendered;
use crate::content::{Document, DocumentKind};
use crate::model::routes;
use crate::model::{Fact, ShareTarget};
use crate::text::dates::Moment;

/// Where an article stands at "now".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Published,
    Draft,
    /// `publish` is after now.
    Scheduled,
    /// `expires` is before now.
    Expired,
}

impl Status {
    pub fn of(doc: &Document, now: &Moment) -> Status {
        if doc.draft {
            Status::Draft
        } else if doc.publishes_at().is_some_and(|p| p > *now) {
            Status::Scheduled
        } else if doc.expires.is_some_and(|e| e <= *now) {
            Status::Expired
        } else {
            Status::Published
        }
    }
}

/// Which articles a build includes besides the published ones.
#[derive(Debug, Clone, Copy, Default)]
pub struct Inclusion {
    pub drafts: bool,
    /// Scheduled and expired too (the preview server shows them, labelled).
    pub unpublished: bool,
}

/// A news article ready to render. The parsed document and body are shared (`Arc`) so the
/// preview server can remodel the site after an edit without copying every article.
#[derive(Debug, Clone)]
pub struct Article {
    pub doc: Arc<Document>,
    pub url: String,
    pub body: Arc<Rendered>,
    pub status: Status,
    pub date: Moment,
    /// The latest of `updated`, `date` and the newest update's `at`: an update moves the
    /// article's "updated" (page, feeds, sitemap) without the writer touching `updated:`.
    pub modified: Moment,
}

impl Article {
    /// The ingress: front matter `summary`, else the first paragraph.
    pub fn lead(&self) -> Option<&str> {
        lead_of(&self.doc, &self.body)
    }

    /// (slug, name) of each topic.
    pub fn topics(&self) -> &[(String, String)] {
        &self.doc.topics
    }
}

/// A page under content/sidor/ (accessibility statement, cookies…).
#[derive(Debug, Clone)]
pub struct Page {
    pub doc: Arc<Document>,
    pub url: String,
    pub body: Arc<Rendered>,
}

impl Page {
    pub fn lead(&self) -> Option<&str> {
        lead_of(&self.doc, &self.body)
    }
}

/// Read from the document when asked, not copied into the model: the preview re-models
/// the whole site on every save.
fn lead_of<'a>(doc: &'a Document, body: &'a Rendered) -> Option<&'a str> {
    doc.summary.as_deref().or(body.lead.as_deref())
}

/// A tag and the articles carrying it (indices into `Site::articles`, newest first).
#[derive(Debug, Clone, Serialize)]
pub struct Topic {
    pub slug: String,
    pub name: String,
    pub articles: Vec<usize>,
}

/// A site-wide banner from an article with `alert:`.
#[derive(Debug, Clone, Serialize)]
pub struct Alert {
    pub title: String,
    pub text: Option<String>,
    pub url: String,
}

/// A crisis going on at "now": an article with `crisis:`, published, not yet ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Crisis {
    /// Index into `Site::articles`.
    pub article: usize,
}

/// The whole site as data.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub now: Moment,
    pub articles: Vec<Article>,
    pub pages: Vec<Page>,
    pub facts: Vec<Fact>,
    /// By slug.
    pub topics: BTreeMap<String, Topic>,
    /// Newest first.
    pub alerts: Vec<Alert>,
    /// Crises going on now, the most recently updated first.
    pub crises: Vec<Crisis>,
    /// Articles waiting for their `publish` moment: (path, publish), by path.
    pub scheduled: Vec<(String, Moment)>,
    /// Documents left out of this build (drafts, scheduled, expired), kept for checking.
    pub unpublished: Vec<(Arc<Document>, String, Arc<Rendered>)>,
    /// The photos articles and pages show, with their variants (filled in by the assembly,
    /// which reads their headers; empty until then).
    pub photos: crate::model::photos::Photos,
    /// In a multi-site repository: for each shared document whose canonical copy is another
    /// site's, that copy's absolute address (`<link rel="canonical">`), by document path.
    /// Filled in by the multi-site build; empty otherwise.
    pub canonical_elsewhere: HashMap<String, String>,
}

impl Site {
    /// The share targets of a document: its own list, else the site default.
    pub fn share_targets<'a>(&'a self, doc: &'a Document) -> &'a [ShareTarget] {
        doc.share.as_deref().unwrap_or(&self.config.share)
    }

    /// The fact shown on the page at `url`: stable from build to build, varying by page.
    pub fn fact_for(&self, url: &str) -> Option<&Fact> {
        if self.facts.is_empty() {
            return None;
        }
        Some(&self.facts[(fnv1a(url.as_bytes()) % self.facts.len() as u64) as usize])
    }

    pub fn news_url(&self) -> String {
        routes::news(&self.config.news_path)
    }

    /// Indices of the articles of each year (newest first within a year).
    pub fn years(&self) -> BTreeMap<i32, Vec<usize>> {
        let mut years: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
        for (i, a) in self.articles.iter().enumerate() {
            years.entry(chrono::Datelike::year(&a.date)).or_default().push(i);
        }
        years
    }
}

/// FNV-1a: a tiny hash whose value is fixed forever (std's hasher may change between releases).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Where one document goes in the site.
enum Placed {
    Article(Article),
    Page(Page),
    /// Not in this build (draft, scheduled, expired): kept with its address for checking.
    Left(Arc<Document>, String, Arc<Rendered>),
}

/// Places one document, and says when it publishes if it is scheduled.
fn place(
    config: &Config,
    now: Moment,
    include: Inclusion,
    doc: Arc<Document>,
    body: Arc<Rendered>,
) -> (Placed, Option<(String, Moment)>) {
    let url = match doc.kind {
        DocumentKind::Article => routes::article(&config.news_path, &doc.slug),
        DocumentKind::Page => routes::page(&doc.slug),
    };
    let status = Status::of(&doc, &now);
    let included = match status {
        Status::Published => true,
        Status::Draft => include.drafts,
        Status::Scheduled | Status::Expired => include.unpublished,
    };
    let publishes = doc
        .publishes_at()
        .filter(|_| status == Status::Scheduled)
        .map(|p| (doc.path.clone(), p));
    if !included {
        return (Placed::Left(doc, url, body), publishes);
    }
    let placed = match doc.kind {
        DocumentKind::Article => {
            let date = doc.date.unwrap_or(now);
            Placed::Article(Article {
                modified: doc
                    .updated
                    .unwrap_or(date)
                    .max(date)
                    .max(doc.last_update_by(&now).unwrap_or(date)),
                date,
                doc,
                url,
                body,
                status,
            })
        }
        DocumentKind::Page => Placed::Page(Page { doc, url, body }),
    };
    (placed, publishes)
}

/// The topics of the articles, each with its articles in the articles' order and the name
/// the first of them gives it. Gathered in parallel (the preview re-models on every save):
/// each half of the articles is gathered on its own and the halves are joined in order.
fn topics_of(articles: &[Article]) -> BTreeMap<String, Topic> {
    type Gathered<'a> = HashMap<&'a str, (&'a str, Vec<usize>), foldhash::fast::RandomState>;
    let gathered: Gathered = articles
        .par_iter()
        .enumerate()
        .fold(Gathered::default, |mut acc, (i, article)| {
            for (slug, name) in article.topics() {
                let (_, list) = acc.entry(slug.as_str()).or_insert((name.as_str(), Vec::new()));
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
            acc
        })
        .reduce(Gathered::default, |mut left, right| {
            for (slug, (name, mut list)) in right {
                let (_, into) = left.entry(slug).or_insert((name, Vec::new()));
                into.append(&mut list);
            }
            left
        });
    gathered
        .into_iter()
        .map(|(slug, (name, articles))| {
            let topic = Topic {
                slug: slug.to_string(),
                name: name.to_string(),
                articles,
            };
            (topic.slug.clone(), topic)
        })
        .collect()
}

/// The crises going on at `now`: published articles with `crisis:` whose `until` is
/// later, the most recently updated first (then the articles' own order).
fn crises_of(articles: &[Article], now: &Moment) -> Vec<Crisis> {
    let mut crises: Vec<Crisis> = articles
        .iter()
        .enumerate()
        .filter(|(_, a)| a.status == Status::Published && a.doc.crisis.is_some() && !a.doc.crisis_ended(now))
        .map(|(article, _)| Crisis { article })
        .collect();
    crises.sort_by(|a, b| articles[b.article].modified.cmp(&articles[a.article].modified));
    crises
}

/// Assembles the site. Address clashes are found later, by the route table.
pub fn build_site(
    config: Config,
    now: Moment,
    documents: Vec<(Arc<Document>, Arc<Rendered>)>,
    facts: Vec<Fact>,
    include: Inclusion,
) -> Site {
    // Each document is placed on its own (in parallel: the preview re-models the whole
    // site on every save); the lists are then filled in document order.
    let placed: Vec<(Placed, Option<(String, Moment)>)> = documents
        .into_par_iter()
        .map(|(doc, body)| place(&config, now, include, doc, body))
        .collect();
    let mut articles = Vec::new();
    let mut pages = Vec::new();
    let mut scheduled = Vec::new();
    let mut unpublished = Vec::new();
    for (placed, publishes) in placed {
        scheduled.extend(publishes);
        match placed {
            Placed::Article(a) => articles.push(a),
            Placed::Page(p) => pages.push(p),
            Placed::Left(doc, url, body) => unpublished.push((doc, url, body)),
        }
    }
    articles.par_sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.doc.title.cmp(&b.doc.title))
            .then_with(|| a.doc.path.cmp(&b.doc.path))
    });
    pages.sort_by(|a, b| a.url.cmp(&b.url));

    let topics = topics_of(&articles);

    let alerts = articles
        .iter()
        .filter(|a| a.status == Status::Published)
        .filter_map(|a| {
            let spec = a.doc.alert.as_ref()?;
            if spec.until.is_some_and(|u| u <= now) {
                return None;
            }
            Some(Alert {
                title: a.doc.title.clone(),
                text: spec.text.clone(),
                url: a.url.clone(),
            })
        })
        .collect();

    let crises = crises_of(&articles, &now);

    Site {
        config,
        now,
        articles,
        pages,
        facts,
        topics,
        alerts,
        crises,
        scheduled,
        unpublished,
        photos: Default::default(),
        canonical_elsewhere: HashMap::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_is_stable() {
        assert_eq!(fnv1a(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a(b"a"), 0xaf63dc4c8601ec8c);
    }
}
