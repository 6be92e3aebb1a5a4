//! The receiver's state and its answers' common parts: `Receiver` (built once from the
//! site's config), `Refusal` (why a post was not taken) and the response helpers, below
//! the guards and both HTTP modules (comments and subscriptions), which all take them.

use std::sync::{Arc, Mutex};

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::answer::SiteInfo;
use super::client::{ClientHasher, RateLimiter};
use super::form::{Fields, Problem};
use super::writer::Writer;
use crate::diag::messages::{self, Refused};

/// Everything the endpoint needs; built once from the site's config.
pub struct Receiver {
    pub title: String,
    /// Without a trailing slash.
    pub base_url: String,
    /// The site's path on its host, "" or e.g. `/nyhetsrum` (no trailing slash): the
    /// thank-you page's link back to the commented page needs it.
    pub base_path: String,
    /// The form's `action` as written in site.yaml.
    pub action: String,
    /// The path POSTs arrive on.
    pub action_path: String,
    /// Absolute URL of the thank-you page.
    pub thanks_url: String,
    /// The site's stylesheet and icon, absolute.
    pub css_url: String,
    pub favicon_url: String,
    pub writer: Writer,
    /// Mails each new comment when `feedback.notify` is set.
    pub notifier: Option<super::notify::Notifier>,
    /// The language of the log lines.
    pub lang: messages::Lang,
    pub clients: Mutex<Clients>,
    /// "Prenumerera", when `subscriptions.action` is set: its own paths and tables.
    pub subscriptions: Option<Arc<super::subscriptions::service::Service>>,
    /// How long the site's comments are kept, and which of the database's are its own.
    pub retention: super::retention::Retention,
}

/// The per-client state: today's hashing key and the rate limit.
pub struct Clients {
    pub hasher: ClientHasher,
    pub limiter: RateLimiter,
}

/// What a browser gets with a refusal.
pub enum Page {
    /// A short page with a way back to `back` (the browser still holds the text there).
    Notice { back: String },
    /// The form again, filled in, with the problems above it.
    Form { fields: Fields, problems: Vec<Problem> },
}

/// Why a comment was not taken, and what the browser is shown.
pub struct Refusal {
    pub kind: Refused,
    pub page: Page,
}

impl Refusal {
    pub fn notice(kind: Refused, back: &str) -> Refusal {
        Refusal {
            kind,
            page: Page::Notice { back: back.to_string() },
        }
    }

    pub fn form(kind: Refused, fields: Fields, problems: Vec<Problem>) -> Refusal {
        Refusal {
            kind,
            page: Page::Form { fields, problems },
        }
    }

    pub(super) fn status(&self) -> StatusCode {
        match self.kind {
            Refused::Method => StatusCode::METHOD_NOT_ALLOWED,
            Refused::Foreign => StatusCode::FORBIDDEN,
            Refused::NotAForm => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Refused::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Refused::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Refused::Invalid => StatusCode::BAD_REQUEST,
            Refused::NotStored => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    pub(super) fn problems(&self) -> &[Problem] {
        match &self.page {
            Page::Form { problems, .. } => problems,
            Page::Notice { .. } => &[],
        }
    }
}

impl Receiver {
    pub fn site(&self) -> SiteInfo<'_> {
        SiteInfo {
            title: &self.title,
            base_url: &self.base_url,
            action: &self.action,
            css_url: &self.css_url,
            favicon_url: &self.favicon_url,
        }
    }

    pub(super) fn on_action(&self, path: &str) -> bool {
        path == self.action_path || path.trim_end_matches('/') == self.action_path.trim_end_matches('/')
    }

    /// Whether the comment on `page_url` is this site's (in a database several sites share:
    /// see `SitePages`; a site alone holds every page under its address).
    pub(super) fn holds(&self, page_url: &str) -> bool {
        match &self.retention.within {
            Some(pages) => pages.holds(page_url),
            None => super::form::is_under(page_url, &self.base_url),
        }
    }

    /// Whether a request on `path` is for this site: its form's or its subscriptions' path.
    pub(super) fn takes(&self, path: &str) -> bool {
        self.on_action(path) || self.subscriptions.as_ref().is_some_and(|s| s.owns(path))
    }

    /// The pages may load the site's stylesheet and icon, and nothing else.
    fn csp(&self) -> String {
        let site = crate::text::urls::parts(&self.base_url).map_or("", |p| p.origin);
        format!("default-src 'none'; style-src 'unsafe-inline' {site}; img-src {site}; frame-ancestors 'none'")
    }
}

pub fn with_type(status: StatusCode, content_type: &'static str, body: String) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    response
}

pub fn html(receiver: &Receiver, status: StatusCode, body: String) -> Response {
    let mut response = with_type(status, "text/html; charset=utf-8", body);
    if let Ok(csp) = HeaderValue::from_str(&receiver.csp()) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    response
}
