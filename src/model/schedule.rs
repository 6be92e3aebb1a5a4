//! schedule: the moments at which the built site changes without anyone editing it.
//!
//! A scheduled article appears, an article or page expires, an alert's banner ends, an
//! article gets the notice that it may be out of date. Each is a fact of the modelled site
//! and "now"; `notis next` prints the earliest, and the build cache keeps its output valid
//! until then. Pure: no clock, no disk.

use serde::Serialize;

use crate::model::Site;
use crate::model::site::Status;
use crate::text::dates::{self, Moment};

/// What happens to a page at a scheduled moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Happening {
    /// A scheduled article or page appears (`date:` or `publish:` in the future).
    Publish,
    /// An article or page is taken down (`expires:`).
    Expire,
    /// An article's alert banner is no longer shown on every page (`alert: until:`).
    AlertEnds,
    /// An article gets the notice that it may be out of date (`news.old_after_days`).
    AgeNotice,
    /// A crisis ends (`crisis: {until}`): its banner and start-page block go.
    CrisisEnds,
    /// An update stamped later than "now" (`updates: - at:`) is shown.
    Update,
}

/// One coming change: when, to which page (a site path), and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upcoming {
    pub at: Moment,
    pub url: String,
    pub what: Happening,
}

/// Every change after `site.now` that a build at its moment would show, earliest first
/// (then by address). Drafts never appear by themselves and expired articles never come
/// back, so neither has a moment here; what follows a scheduled article's publication
/// (its expiry, its age notice) is listed too, for the record.
pub fn upcoming(site: &Site) -> Vec<Upcoming> {
    let now = site.now;
    let old_after = site.config.old_after_days;
    let mut out = Vec::new();
    let mut push = |at: Option<Moment>, url: &str, what: Happening| {
        if let Some(at) = at.filter(|at| *at > now) {
            out.push(Upcoming {
                at,
                url: url.to_string(),
                what,
            });
        }
    };
    for a in &site.articles {
        if a.status == Status::Scheduled {
            push(a.doc.publishes_at(), &a.url, Happening::Publish);
        }
        push(a.doc.expires, &a.url, Happening::Expire);
        push(a.doc.alert.as_ref().and_then(|s| s.until), &a.url, Happening::AlertEnds);
        push(Some(dates::old_from(&a.date, old_after)), &a.url, Happening::AgeNotice);
        push(
            a.doc.crisis.as_ref().and_then(|c| c.until),
            &a.url,
            Happening::CrisisEnds,
        );
        for u in &a.doc.updates {
            push(Some(u.at), &a.url, Happening::Update);
        }
    }
    for p in &site.pages {
        push(p.doc.expires, &p.url, Happening::Expire);
        for u in &p.doc.updates {
            push(Some(u.at), &p.url, Happening::Update);
        }
    }
    for (doc, url, _) in &site.unpublished {
        if Status::of(doc, &now) != Status::Scheduled {
            continue;
        }
        push(doc.publishes_at(), url, Happening::Publish);
        push(doc.expires, url, Happening::Expire);
        if doc.kind == crate::content::DocumentKind::Article {
            let ends = doc.alert.as_ref().and_then(|s| s.until);
            push(ends, url, Happening::AlertEnds);
            push(
                doc.date.map(|d| dates::old_from(&d, old_after)),
                url,
                Happening::AgeNotice,
            );
            push(doc.crisis.as_ref().and_then(|c| c.until), url, Happening::CrisisEnds);
        }
        for u in &doc.updates {
            push(Some(u.at), url, Happening::Update);
        }
    }
    out.sort_by(|a, b| (a.at, &a.url, a.what).cmp(&(b.at, &b.url, b.what)));
    out
}

/// The earliest coming moment and everything that changes then.
pub fn next(site: &Site) -> Option<(Moment, Vec<Upcoming>)> {
    let all = upcoming(site);
    let first = all.first()?.at;
    Some((first, all.into_iter().take_while(|u| u.at == first).collect()))
}
