//! crisis: what the templates show of crises and timestamped updates — the banner on
//! every page, the start page's crisis block, the crisis page, an article's updates and
//! the notice that a crisis is over — and the updates as they reach the feeds.
//!
//! Pure: the site at its "now" in, plain strings out (dates in Swedish, every address an
//! `href`).

use serde::Serialize;

use crate::model::routes;
use crate::model::{Article, Site};
use crate::text::dates::{self, Moment};
use crate::text::escape::escape_html;

/// "24 april 2018 kl. 14.05", always with the time: an update's time of day matters
/// even at midnight.
pub fn swedish_time(moment: &Moment) -> String {
    format!("{} kl. {}", dates::swedish_date(moment), moment.format("%H.%M"))
}

/// The anchor of an update, from its time (`uppdatering-2018-04-24-1405`); a second
/// update in the same minute gets `-2`, and so on. Public for the subscriptions' mails,
/// which link to an update by it.
pub fn anchors(at: &[Moment]) -> Vec<String> {
    let mut seen: Vec<String> = Vec::with_capacity(at.len());
    at.iter()
        .map(|m| {
            let base = format!("uppdatering-{}", m.format("%Y-%m-%d-%H%M"));
            let same = seen
                .iter()
                .filter(|s| s.starts_with(&base) && (s.len() == base.len() || s[base.len()..].starts_with('-')))
                .count();
            let id = if same == 0 {
                base
            } else {
                format!("{base}-{}", same + 1)
            };
            seen.push(id.clone());
            id
        })
        .collect()
}

/// One update as shown: its anchor, time and rendered text.
#[derive(Debug, Clone, Serialize)]
pub struct UpdateView {
    /// The element id, for links to this update.
    pub id: String,
    /// The link to this update on the article's page.
    pub url: String,
    pub at_iso: String,
    /// "24 april 2018 kl. 14.05".
    pub at_text: String,
    /// The text's Markdown rendered (trusted: produced by notis).
    pub html: String,
}

/// The updates of an article or page (`doc` at the site path `url`), newest first.
pub fn updates(site: &Site, doc: &crate::content::Document, url: &str) -> Vec<UpdateView> {
    let shown: Vec<&crate::content::document::Update> = doc.updates_by(&site.now).collect();
    let times: Vec<Moment> = shown.iter().map(|u| u.at).collect();
    let ids = anchors(&times);
    let mut views: Vec<UpdateView> = shown
        .into_iter()
        .zip(ids)
        .map(|(u, id)| UpdateView {
            url: format!("{}#{id}", site.config.href(url)),
            id,
            at_iso: dates::rfc3339(&u.at),
            at_text: swedish_time(&u.at),
            html: crate::render::body::for_page(&u.html, site),
        })
        .collect();
    views.reverse();
    views
}

/// The updates for a feed entry, newest first, before the body: so that a feed reader
/// shows what changed.
pub fn updates_for_feed(site: &Site, a: &Article) -> String {
    if a.doc.last_update_by(&site.now).is_none() {
        return String::new();
    }
    let mut out = String::from("<h2>Uppdateringar</h2>\n");
    for u in a.doc.updates_by(&site.now).rev() {
        out.push_str(&format!(
            "<h3><time datetime=\"{}\">{}</time></h3>\n{}\n",
            dates::rfc3339(&u.at),
            escape_html(&swedish_time(&u.at)),
            crate::render::body::for_feed(&u.html, site)
        ));
    }
    out
}

/// The crisis state of an article's page.
#[derive(Debug, Clone, Serialize)]
pub struct CrisisView {
    /// The crisis is going on.
    pub ongoing: bool,
    /// When it ended ("30 april 2018 kl. 16.00"), once it has.
    pub ended_text: Option<String>,
    pub ended_iso: Option<String>,
}

pub fn crisis_view(site: &Site, a: &Article) -> Option<CrisisView> {
    let spec = a.doc.crisis.as_ref()?;
    let ended = spec.until.filter(|u| *u <= site.now);
    Some(CrisisView {
        ongoing: ended.is_none(),
        ended_text: ended.map(|u| swedish_time(&u)),
        ended_iso: ended.map(|u| dates::rfc3339(&u)),
    })
}

/// A crisis on the banner, the start page and the crisis page.
#[derive(Debug, Clone, Serialize)]
pub struct CrisisSummary {
    pub title: String,
    pub url: String,
    pub lead: Option<String>,
    /// "24 april 2018 kl. 14.05": the latest update, else the article's modification.
    pub updated_text: String,
    pub updated_iso: String,
    /// The newest update, when there is one.
    pub latest: Option<UpdateView>,
}

pub fn summary(site: &Site, a: &Article) -> CrisisSummary {
    CrisisSummary {
        title: a.doc.title.clone(),
        url: site.config.href(&a.url),
        lead: a.lead().map(str::to_string),
        updated_text: swedish_time(&a.modified),
        updated_iso: dates::rfc3339(&a.modified),
        latest: updates(site, &a.doc, &a.url).into_iter().next(),
    }
}

/// The crises going on now, the most recently updated first.
pub fn current(site: &Site) -> Vec<CrisisSummary> {
    site.crises
        .iter()
        .map(|c| summary(site, &site.articles[c.article]))
        .collect()
}

/// Crises that have ended (published articles whose `until` has passed), newest first.
pub fn ended(site: &Site) -> Vec<CrisisSummary> {
    site.articles
        .iter()
        .filter(|a| a.doc.crisis_ended(&site.now))
        .map(|a| summary(site, a))
        .collect()
}

/// The crisis page's address, as an `href`.
pub fn page_url(site: &Site) -> String {
    site.config.href(&routes::crisis(&site.config.crisis_path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_swedish_with_the_time_of_day() {
        let m = dates::parse_moment("2018-04-24 14:05").unwrap();
        assert_eq!(swedish_time(&m), "24 april 2018 kl. 14.05");
        let midnight = dates::parse_moment("2018-04-24").unwrap();
        assert_eq!(swedish_time(&midnight), "24 april 2018 kl. 00.00");
    }

    #[test]
    fn anchors_are_unique_within_a_minute() {
        let a = dates::parse_moment("2018-04-24 14:05").unwrap();
        let b = dates::parse_moment("2018-04-24 15:30").unwrap();
        assert_eq!(
            anchors(&[a, a, b, a]),
            [
                "uppdatering-2018-04-24-1405",
                "uppdatering-2018-04-24-1405-2",
                "uppdatering-2018-04-24-1530",
                "uppdatering-2018-04-24-1405-3"
            ]
        );
    }
}
