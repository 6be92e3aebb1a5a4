//! Template contexts: the documented data each template receives.
//!
//! Everything a template shows is prepared here as plain strings (dates in
//! Swedish, absolute URLs, encoded share links) so templates stay simple and
//! overridable, and so the same data feeds HTML, feeds and JSON-LD.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use crate::config::Organisation;
use crate::model::paginate::Pager;
use crate::model::routes;
use crate::model::site::{Alert, Article, Status};
use crate::model::{Contact, Fact, ShareTarget, Site};
pub use crate::render::picture::{COLUMN_SIZES, PictureView, THUMBNAIL_SIZES};
use crate::text::dates::{self, Moment};
use crate::text::escape::escape_html;

/// `site` in every template: the configuration and site-wide data. Every address here is
/// an `href` (with the base path of a site in a subfolder), ready to put in a link.
#[derive(Debug, Serialize)]
pub struct SiteContext<'a> {
    pub title: &'a str,
    pub base_url: &'a str,
    /// The path of a site in a subfolder (`/nyhetsrum`), else empty.
    pub base_path: &'a str,
    pub language: &'a str,
    pub organisation: &'a Organisation,
    pub home_url: String,
    pub news_url: String,
    pub archive_url: String,
    pub topics_url: String,
    pub search_url: String,
    pub search: bool,
    /// Pagefind's bundle folder, its UI script and style, and notis's search script.
    pub search_bundle_url: String,
    pub search_ui_js_url: String,
    pub search_ui_css_url: String,
    pub search_js_url: String,
    /// The thank-you page's script.
    pub thanks_js_url: String,
    pub atom_url: String,
    pub rss_url: String,
    pub json_feed_url: String,
    pub css_url: String,
    pub favicon_url: String,
    /// The municipality's logo (`organisation.logo`) as an `href`, shown instead of the icon.
    pub logo_url: Option<String>,
    /// The municipality's main site (`organisation.website`) and its link text, "Till mora.se".
    pub website_url: Option<&'a str>,
    pub website_label: Option<String>,
    /// Disruption banners, newest first.
    pub alerts: Vec<Alert>,
    /// Crises going on now (the crisis banner on every page, the start page's block),
    /// the most recently updated first.
    pub crises: Vec<crate::render::crisis::CrisisSummary>,
    /// The crisis page (`crisis.path`).
    pub crisis_url: String,
    /// "Rapportera brist i tillgängligheten" (a form when the site has a receiver).
    pub accessibility_report_url: String,
    /// The script of "Var sidan till hjälp?" and the report form.
    pub answer_js_url: String,
    /// The pages under content/sidor/, linked from the footer.
    pub pages: Vec<LinkView>,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    /// The "Prenumerera" form, when `subscriptions.action` is set.
    pub subscribe: Option<SubscribeView<'a>>,
}

/// The "Prenumerera" form. Field names are a stable contract with the receiver.
#[derive(Debug, Serialize)]
pub struct SubscribeView<'a> {
    pub action: &'a str,
    /// The topics to choose from: those site.yaml names that the site has, else all.
    pub topics: Vec<&'a str>,
    pub confirm_hours: u32,
}

impl<'a> SubscribeView<'a> {
    pub fn new(site: &'a Site) -> Option<Self> {
        let s = &site.config.subscriptions;
        let action = s.action.as_deref()?;
        let named: Vec<String> = s.topics.iter().map(slug::slugify).collect();
        let topics = site
            .topics
            .values()
            .filter(|t| {
                named.is_empty()
                    || named
                        .iter()
                        .any(|n| crate::content::document::shorten_slug(n) == t.slug)
            })
            .map(|t| t.name.as_str())
            .collect();
        Some(SubscribeView {
            action,
            topics,
            confirm_hours: s.confirm_hours,
        })
    }
}

impl<'a> SiteContext<'a> {
    pub fn new(site: &'a Site) -> Self {
        let c = &site.config;
        let bundle = c.href(routes::SEARCH_BUNDLE);
        SiteContext {
            title: &c.title,
            base_url: &c.base_url,
            base_path: &c.base_path,
            language: &c.language,
            organisation: &c.organisation,
            home_url: c.href("/"),
            news_url: c.href(&site.news_url()),
            archive_url: c.href(&routes::archive(&c.news_path)),
            topics_url: c.href(routes::TOPICS),
            search_url: c.href(routes::SEARCH),
            search: c.search,
            search_ui_js_url: format!("{bundle}pagefind-ui.js"),
            search_ui_css_url: format!("{bundle}pagefind-ui.css"),
            search_bundle_url: bundle,
            search_js_url: c.href(&routes::asset("sok.js")),
            thanks_js_url: c.href(&routes::asset("tack.js")),
            atom_url: c.href(routes::ATOM),
            rss_url: c.href(routes::RSS),
            json_feed_url: c.href(routes::JSON_FEED),
            css_url: c.href(&routes::asset("notis.css")),
            favicon_url: c.href(&routes::asset("favicon.svg")),
            logo_url: c.organisation.logo.as_deref().map(|l| c.href(l)),
            website_url: c.organisation.website.as_deref(),
            website_label: c.organisation.website.as_deref().map(website_label),
            alerts: site
                .alerts
                .iter()
                .map(|a| Alert {
                    url: c.href(&a.url),
                    ..a.clone()
                })
                .collect(),
            crises: crate::render::crisis::current(site),
            crisis_url: crate::render::crisis::page_url(site),
            accessibility_report_url: c.href(routes::ACCESSIBILITY_REPORT),
            answer_js_url: c.href(&routes::asset("svar.js")),
            pages: site
                .pages
                .iter()
                .map(|p| LinkView {
                    title: p.doc.title.clone(),
                    url: c.href(&p.url),
                })
                .collect(),
            extra: &c.extra,
            subscribe: SubscribeView::new(site),
        }
    }
}

/// "Till mora.se" for `https://www.mora.se/`: the host without `www.`.
pub fn website_label(url: &str) -> String {
    let host = url.split_once("://").map_or(url, |(_, r)| r);
    let host = host.split(['/', '?', '#']).next().unwrap_or(host);
    format!("Till {}", host.strip_prefix("www.").unwrap_or(host))
}

/// A titled link.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub title: String,
    pub url: String,
}

/// `meta` in every HTML template: what the page's head and frame need.
#[derive(Debug, Serialize)]
pub struct Meta {
    /// The page's own title (the h1); `<title>` adds the site name.
    pub title: String,
    pub description: Option<String>,
    /// Site path, e.g. `/nyheter/`.
    pub url: String,
    pub canonical: String,
    /// Navigation section for `aria-current`: start, news, topics, archive, page, search.
    pub section: &'static str,
    pub og_type: &'static str,
    /// The share picture (absolute), its size when known, and its alternative text.
    pub og_image: Option<String>,
    pub og_image_width: Option<u32>,
    pub og_image_height: Option<u32>,
    pub og_image_alt: Option<String>,
    /// The fact of "Visste du att…", its link an `href`.
    pub fact: Option<Fact>,
    /// An extra Atom feed to advertise (a topic's).
    pub topic_feed: Option<LinkView>,
    /// On a topic page: its name, chosen beforehand in the "Prenumerera" form.
    pub topic_name: Option<String>,
    pub json_ld: Option<String>,
}

impl Meta {
    /// Shares the image at `src`: a local photo by its 1200×630 crop, anything else as it is.
    pub fn share_image(&mut self, site: &Site, src: &str, alt: &str) {
        match site.photos.get(src) {
            Some(photo) => {
                self.og_image = Some(site.config.absolute(&photo.share.url));
                self.og_image_width = Some(photo.share.width);
                self.og_image_height = Some(photo.share.height);
            }
            None => self.og_image = Some(routes::absolute_src(&site.config, src)),
        }
        self.og_image_alt = Some(alt.to_string());
    }

    pub fn new(site: &Site, title: impl Into<String>, url: impl Into<String>, section: &'static str) -> Self {
        let url = url.into();
        let mut meta = Meta {
            title: title.into(),
            description: None,
            canonical: site.config.absolute(&url),
            fact: site.fact_for(&url).map(|f| Fact {
                link: f.link.as_deref().map(|l| site.config.href(l)),
                ..f.clone()
            }),
            url,
            section,
            og_type: "website",
            og_image: None,
            og_image_width: None,
            og_image_height: None,
            og_image_alt: None,
            topic_feed: None,
            topic_name: None,
            json_ld: None,
        };
        if let Some(src) = &site.config.share_image {
            meta.share_image(site, src, &site.config.organisation.name);
        }
        meta
    }
}

/// An article in a list: listings, topics, archive, start page.
#[derive(Debug, Serialize)]
pub struct ArticleSummary<'a> {
    pub title: &'a str,
    pub url: String,
    pub date_iso: String,
    pub date_text: String,
    pub lead: Option<&'a str>,
    pub topics: Vec<TopicView>,
    pub status: Option<&'static str>,
    /// A small picture of the article's lead image, if it has one.
    pub thumbnail: Option<PictureView>,
}

impl<'a> ArticleSummary<'a> {
    pub fn new(site: &Site, a: &'a Article) -> Self {
        ArticleSummary {
            title: &a.doc.title,
            url: site.config.href(&a.url),
            date_iso: dates::rfc3339(&a.date),
            date_text: dates::swedish_date(&a.date),
            lead: a.lead(),
            topics: topic_links(site, a),
            status: status_label(a.status),
            thumbnail: a.doc.image.as_ref().and_then(|i| {
                let photo = site.photos.get(&i.src)?;
                let mut p = PictureView::new(&site.config, photo, "", THUMBNAIL_SIZES, true);
                // The smallest variant: a thumbnail is never more than a few hundred pixels.
                let first = photo.fallback().next()?;
                (p.src, p.width, p.height) = (site.config.href(&first.url), first.width, first.height);
                Some(p)
            }),
        }
    }
}

pub fn topic_links(site: &Site, a: &Article) -> Vec<TopicView> {
    a.topics()
        .iter()
        .map(|(slug, name)| TopicView {
            title: name.clone(),
            url: site.config.href(&routes::topic(slug)),
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
    /// "24 april 2018 kl. 14.05": the same moment with its time, for "Senast uppdaterad".
    pub updated_time_text: String,
    /// Timestamped updates, newest first.
    pub updates: Vec<crate::render::crisis::UpdateView>,
    /// Whether the article is a crisis, and whether it is over.
    pub crisis: Option<crate::render::crisis::CrisisView>,
    /// "Var sidan till hjälp?", when the site asks it.
    pub helpful: Option<FeedbackView<'a>>,
    pub lead: Option<&'a str>,
    /// Rendered Markdown (trusted: produced by notis from the body), ready for this page.
    pub body: String,
    pub topics: Vec<TopicView>,
    pub contacts: Vec<ContactView<'a>>,
    pub share: Vec<ShareLink>,
    pub feedback: Option<FeedbackView<'a>>,
    /// The lead image: a `<picture>` when it is a local photo, else as written.
    pub image: Option<&'a crate::content::document::Image>,
    pub picture: Option<PictureView>,
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
    /// The body with absolute addresses, so links work in a feed reader.
    pub content: String,
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
            summary: a.lead(),
            content: format!(
                "{}{}",
                super::crisis::updates_for_feed(site, a),
                super::body::for_feed(&a.body.html, site)
            ),
            topics: a.topics().iter().map(|(_, n)| n.as_str()).collect(),
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
    fn website_link_text_is_the_host() {
        assert_eq!(website_label("https://www.mora.se/"), "Till mora.se");
        assert_eq!(website_label("https://orsa.se/start"), "Till orsa.se");
    }

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
