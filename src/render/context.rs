//! Template contexts: the documented data each template receives.
//!
//! Everything a template shows is prepared here as plain strings (dates in
//! Swedish, absolute URLs, encoded share links) so templates stay simple and
//! overridable, and so the same data feeds HTML, feeds and JSON-LD.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use crate::config::Organisation;
use crate::dates::{self, Moment};
use crate::model::paginate::Pager;
use crate::model::routes;
use crate::model::site::{Alert, Article, Status};
use crate::model::{Contact, Fact, ShareTarget, Site};

/// `site` in every template: the configuration and site-wide data.
#[derive(Debug, Serialize)]
pub struct SiteContext<'a> {
    pub title: &'a str,
    pub base_url: &'a str,
    pub language: &'a str,
    pub organisation: &'a Organisation,
    pub news_url: String,
    pub archive_url: String,
    pub topics_url: &'static str,
    pub search_url: &'static str,
    pub search: bool,
    pub css_url: String,
    pub favicon_url: String,
    /// Disruption banners, newest first.
    pub alerts: &'a [Alert],
    /// The pages under content/sidor/, linked from the footer.
    pub pages: Vec<LinkView>,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
}

impl<'a> SiteContext<'a> {
    pub fn new(site: &'a Site) -> Self {
        let c = &site.config;
        SiteContext {
            title: &c.title,
            base_url: &c.base_url,
            language: &c.language,
            organisation: &c.organisation,
            news_url: site.news_url(),
            archive_url: routes::archive(&c.news_path),
            topics_url: routes::TOPICS,
            search_url: routes::SEARCH,
            search: c.search,
            css_url: routes::asset("notis.css"),
            favicon_url: routes::asset("favicon.svg"),
            alerts: &site.alerts,
            pages: site
                .pages
                .iter()
                .map(|p| LinkView {
                    title: p.doc.title.clone(),
                    url: p.url.clone(),
                })
                .collect(),
            extra: &c.extra,
        }
    }
}

/// A titled link.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub title: String,
    pub url: String,
}

/// `meta` in every HTML template: what the page's head and frame need.
#[derive(Debug, Serialize)]
pub struct Meta<'a> {
    /// The page's own title (the h1); `<title>` adds the site name.
    pub title: String,
    pub description: Option<String>,
    /// Site path, e.g. `/nyheter/`.
    pub url: String,
    pub canonical: String,
    /// Navigation section for `aria-current`: start, news, topics, archive, page, search.
    pub section: &'static str,
    pub og_type: &'static str,
    pub og_image: Option<String>,
    pub fact: Option<&'a Fact>,
    /// An extra Atom feed to advertise (a topic's).
    pub topic_feed: Option<LinkView>,
    pub json_ld: Option<String>,
}

impl<'a> Meta<'a> {
    pub fn new(site: &'a Site, title: impl Into<String>, url: impl Into<String>, section: &'static str) -> Self {
        let url = url.into();
        Meta {
            title: title.into(),
            description: None,
            canonical: site.config.absolute(&url),
            fact: site.fact_for(&url),
            url,
            section,
            og_type: "website",
            og_image: None,
            topic_feed: None,
            json_ld: None,
        }
    }
}

/// An article in a list: listings, topics, archive, start page.
#[derive(Debug, Serialize)]
pub struct ArticleSummary<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub date_iso: String,
    pub date_text: String,
    pub lead: Option<&'a str>,
    pub topics: Vec<TopicView>,
    pub status: Option<&'static str>,
}

impl<'a> ArticleSummary<'a> {
    pub fn new(a: &'a Article) -> Self {
        ArticleSummary {
            title: &a.doc.title,
            url: &a.url,
            date_iso: dates::rfc3339(&a.date),
            date_text: dates::swedish_date(&a.date),
            lead: a.lead.as_deref(),
            topics: topic_links(a),
            status: status_label(a.status),
        }
    }
}

pub fn topic_links(a: &Article) -> Vec<TopicView> {
    a.topics
        .iter()
        .map(|(slug, name)| TopicView {
            title: name.clone(),
            url: routes::topic(slug),
            search_filter: escape_html(name),
        })
        .collect()
}

/// A topic of an article: its link, and its name as handed to Pagefind's filter.
#[derive(Debug, Clone, Serialize)]
pub struct TopicView {
    pub title: String,
    pub url: String,
    /// The name escaped once before the template escapes it again: Pagefind's UI puts
    /// filter values into the page as HTML (issue 13), so the value must survive one
    /// more decoding and still be text.
    pub search_filter: String,
}

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The visible label of an unpublished article in the preview.
pub fn status_label(status: Status) -> Option<&'static str> {
    match status {
        Status::Published => None,
        Status::Draft => Some("Utkast"),
        Status::Scheduled => Some("Schemalagd"),
        Status::Expired => Some("Utgången"),
    }
}

/// A "Dela med andra" link.
#[derive(Debug, Serialize)]
pub struct ShareLink {
    pub target: ShareTarget,
    pub label: &'static str,
    pub href: String,
}

/// Characters left alone in query values (RFC 3986 unreserved).
const QUERY: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

fn enc(s: &str) -> String {
    utf8_percent_encode(s, QUERY).to_string()
}

/// Plain share URLs: nothing is loaded from the services until the reader clicks.
pub fn share_links(targets: &[ShareTarget], title: &str, absolute_url: &str) -> Vec<ShareLink> {
    let (u, t) = (enc(absolute_url), enc(title));
    targets
        .iter()
        .map(|&target| {
            let (label, href) = match target {
                ShareTarget::Facebook => (
                    "Dela på Facebook",
                    format!("https://www.facebook.com/sharer/sharer.php?u={u}"),
                ),
                ShareTarget::Linkedin => (
                    "Dela på LinkedIn",
                    format!("https://www.linkedin.com/sharing/share-offsite/?url={u}"),
                ),
                ShareTarget::X => ("Dela på X", format!("https://x.com/intent/post?url={u}&text={t}")),
                ShareTarget::Email => ("Dela via e-post", format!("mailto:?subject={t}&body={u}")),
                ShareTarget::Copy => ("Länk till sidan", absolute_url.to_string()),
            };
            ShareLink { target, label, href }
        })
        .collect()
}

/// A contact person with ready-made links.
#[derive(Debug, Serialize)]
pub struct ContactView<'a> {
    pub name: &'a str,
    pub role: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub phone_href: Option<String>,
    pub email: Option<&'a str>,
}

pub fn contact_views(contacts: &[Contact]) -> Vec<ContactView<'_>> {
    contacts
        .iter()
        .map(|c| ContactView {
            name: &c.name,
            role: c.role.as_deref(),
            phone: c.phone.as_deref(),
            phone_href: c.phone.as_deref().map(tel_href),
            email: c.email.as_deref(),
        })
        .collect()
}

/// `0250-260 02` → `tel:+4625026002`: Swedish numbers in international form.
pub fn tel_href(phone: &str) -> String {
    let digits: String = phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    match digits.strip_prefix('0') {
        Some(rest) if !digits.starts_with("00") => format!("tel:+46{rest}"),
        _ => format!("tel:{digits}"),
    }
}

/// The "Kommentera sidan" form. Field names are a stable contract with receivers.
#[derive(Debug, Serialize)]
pub struct FeedbackView<'a> {
    pub action: &'a str,
    pub page_url: String,
}

/// `article` in article.html.
#[derive(Debug, Serialize)]
pub struct ArticleView<'a> {
    pub title: &'a str,
    /// The publication year (a search filter).
    pub year: i32,
    pub date_iso: String,
    pub date_text: String,
    pub updated_iso: String,
    /// "24 april 2018": `updated`, else `date`.
    pub updated_text: String,
    pub lead: Option<&'a str>,
    /// Rendered Markdown (trusted: produced by notis from the body).
    pub body: &'a str,
    pub topics: Vec<TopicView>,
    pub contacts: Vec<ContactView<'a>>,
    pub share: Vec<ShareLink>,
    pub feedback: Option<FeedbackView<'a>>,
    pub image: Option<&'a crate::content::document::Image>,
    pub status: Option<&'static str>,
    /// The age notice, when the article is older than `news.old_after_days`.
    pub old_notice: Option<String>,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
}

/// The age notice text; "sex månader" for the default age.
pub fn old_notice(date: &Moment, now: &Moment, old_after_days: u32) -> Option<String> {
    if *now < dates::old_from(date, old_after_days) {
        return None;
    }
    let span = if (180..=186).contains(&old_after_days) {
        "sex månader".to_string()
    } else {
        format!("{old_after_days} dagar")
    };
    Some(format!(
        "Den här nyheten är äldre än {span} och kan innehålla information som inte längre är aktuell."
    ))
}

/// `listing` in listing.html and topic.html.
#[derive(Debug, Serialize)]
pub struct ListingView<'a> {
    pub heading: String,
    pub items: Vec<ArticleSummary<'a>>,
    pub pager: Pager,
}

/// One month of the archive.
#[derive(Debug, Serialize)]
pub struct MonthView<'a> {
    pub name: String,
    pub items: Vec<ArticleSummary<'a>>,
}

/// A year, topic or similar with a count.
#[derive(Debug, Serialize)]
pub struct CountView {
    pub title: String,
    pub url: String,
    pub count: usize,
}

/// One entry in the Atom and RSS feeds.
#[derive(Debug, Serialize)]
pub struct FeedEntry<'a> {
    pub title: &'a str,
    pub url: String,
    pub published: String,
    pub updated: String,
    pub published_rfc822: String,
    pub summary: Option<&'a str>,
    pub content: &'a str,
    pub topics: Vec<&'a str>,
}

impl<'a> FeedEntry<'a> {
    pub fn new(site: &Site, a: &'a Article) -> Self {
        FeedEntry {
            title: &a.doc.title,
            url: site.config.absolute(&a.url),
            published: dates::rfc3339(&a.date),
            updated: dates::rfc3339(&a.modified),
            published_rfc822: dates::rfc822(&a.date),
            summary: a.lead.as_deref(),
            content: &a.body.html,
            topics: a.topics.iter().map(|(_, n)| n.as_str()).collect(),
        }
    }
}

/// `feed` in atom.xml and rss.xml.
#[derive(Debug, Serialize)]
pub struct FeedView<'a> {
    pub title: String,
    /// Absolute URL of the feed itself.
    pub self_url: String,
    /// Absolute URL of the HTML page the feed mirrors.
    pub page_url: String,
    pub updated: String,
    pub updated_rfc822: String,
    pub entries: Vec<FeedEntry<'a>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_become_international_tel_links() {
        assert_eq!(tel_href("0250-26002"), "tel:+4625026002");
        assert_eq!(tel_href("0250-260 00"), "tel:+4625026000");
        assert_eq!(tel_href("+46 250 260 00"), "tel:+4625026000");
    }

    #[test]
    fn share_links_encode_the_page_url() {
        let links = share_links(
            &[ShareTarget::Linkedin, ShareTarget::Email],
            "Å & ö",
            "https://www.mora.se/nyheter/a/",
        );
        assert_eq!(
            links[0].href,
            "https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fwww.mora.se%2Fnyheter%2Fa%2F"
        );
        assert_eq!(
            links[1].href,
            "mailto:?subject=%C3%85%20%26%20%C3%B6&body=https%3A%2F%2Fwww.mora.se%2Fnyheter%2Fa%2F"
        );
    }

    #[test]
    fn age_notice_after_six_months() {
        let d = dates::parse_moment("2018-04-24").unwrap();
        let soon = dates::parse_moment("2018-06-01").unwrap();
        let later = dates::parse_moment("2019-01-01").unwrap();
        assert_eq!(old_notice(&d, &soon, 183), None);
        assert!(old_notice(&d, &later, 183).unwrap().contains("äldre än sex månader"));
    }
}
