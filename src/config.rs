//! site.yaml: `RawConfig` exactly as written, validated into `Config`.
//!
//! The config is a value passed down the pipeline, never a global, so one
//! process can build several municipalities' sites.

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::diag::error::Diagnostic;
use crate::diag::messages::{self, UrlProblem};
use crate::text::yaml;

pub const CONFIG_FILE: &str = "site.yaml";

/// What a key left out of site.yaml means: every default in one place.
mod defaults {
    use super::ShareTarget;

    pub const LANGUAGE: &str = "sv";
    pub const NEWS_PATH: &str = "nyheter";
    pub const PER_PAGE: usize = 10;
    /// About six months: older articles get the notice that they may be out of date.
    pub const OLD_AFTER_DAYS: u32 = 183;
    pub const FEED_LIMIT: usize = 20;
    /// Copying the link is offered by the page itself; these are the "Dela med andra" links.
    pub const SHARE: [ShareTarget; 4] = [
        ShareTarget::Facebook,
        ShareTarget::Linkedin,
        ShareTarget::X,
        ShareTarget::Email,
    ];
    pub const THANKS: &str = "/tack/";
    pub const RATE_LIMIT_PER_MINUTE: u32 = 5;
    pub const RETENTION_DAYS: u32 = 365;
    pub const MINIFY: bool = true;
    pub const SEARCH: bool = true;
    pub const CONFIRM_HOURS: u32 = 48;
    /// Mail servers throttle; a municipal relay takes this comfortably (10 000 in under 17 minutes).
    pub const SEND_RATE_PER_MINUTE: u32 = 600;
    pub const UNSAFE_HTML: bool = false;
    pub const CRISIS_PATH: &str = "kris";
    pub const PAGE_FEEDBACK: bool = true;
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: Spanned<String>,
    language: Option<String>,
    organisation: Organisation,
    news: Option<RawNews>,
    share: Option<Vec<ShareTarget>>,
    feedback: Option<RawFeedback>,
    page_feedback: Option<bool>,
    crisis: Option<RawCrisis>,
    subscriptions: Option<RawSubscriptions>,
    minify: Option<bool>,
    search: Option<bool>,
    unsafe_html: Option<bool>,
    share_image: Option<String>,
    archive: Option<Spanned<String>>,
    extra: Option<serde_json::Map<String, serde_json::Value>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNews {
    path: Option<Spanned<String>>,
    per_page: Option<Spanned<usize>>,
    old_after_days: Option<u32>,
    feed_limit: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeedback {
    action: Option<Spanned<String>>,
    thanks: Option<Spanned<String>>,
    rate_limit_per_minute: Option<u32>,
    retention_days: Option<Spanned<u32>>,
    notify: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCrisis {
    path: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSubscriptions {
    action: Option<Spanned<String>>,
    topics: Option<Vec<String>>,
    confirm_hours: Option<Spanned<u32>>,
    rate_per_minute: Option<u32>,
}

/// Where a "Dela med andra" link sends the reader. No target loads anything until clicked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ShareTarget {
    Facebook,
    Linkedin,
    X,
    Email,
    Copy,
}

/// The organisation behind the site, shown in every page's footer.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub name: String,
    pub postal_address: Option<String>,
    pub visiting_address: Option<String>,
    pub phone: Option<String>,
    pub phone_hours: Option<String>,
    pub fax: Option<String>,
    pub email: Option<String>,
    pub org_number: Option<String>,
    /// The municipality's logo (SVG or PNG under static/, a site path), shown in the header.
    pub logo: Option<String>,
    /// The municipality's main site, linked as "Till mora.se" in the header and footer.
    pub website: Option<String>,
}

/// Validated site configuration with defaults filled in.
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    pub title: String,
    /// Absolute, without a trailing slash.
    pub base_url: String,
    /// The path part of `base_url` when the site lives in a subfolder (`/nyhetsrum`), else
    /// empty; without a trailing slash. `href` puts it before every internal address.
    pub base_path: String,
    pub language: String,
    pub organisation: Organisation,
    /// URL prefix of articles and the listing, without slashes.
    pub news_path: String,
    pub per_page: usize,
    pub old_after_days: u32,
    pub feed_limit: usize,
    pub share: Vec<ShareTarget>,
    /// "Kommentera sidan": where the form posts and how the receiver behaves.
    pub feedback: Feedback,
    /// "Var sidan till hjälp?" under articles and pages (only with `feedback.action`).
    pub page_feedback: bool,
    /// The crisis page's path, without slashes (`kris`: `/kris/`).
    pub crisis_path: String,
    /// "Prenumerera": news by e-mail through the same receiver.
    pub subscriptions: Subscriptions,
    pub minify: bool,
    pub search: bool,
    /// Raw HTML in Markdown passes through unsanitised (for sites that know what they do).
    pub unsafe_html: bool,
    /// The share picture of pages without an image of their own (a site path or a URL).
    pub share_image: Option<String>,
    /// `archive:`: the folder for archive packages, as written (relative to the site folder);
    /// it must lie outside the output.
    pub archive: Option<String>,
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// `feedback:` in site.yaml, with defaults filled in.
#[derive(Debug, Clone, Serialize)]
pub struct Feedback {
    /// Where the form posts (absolute URL or site path); `None`: no form is shown.
    pub action: Option<String>,
    /// The site path of the thank-you page, like `/tack/`.
    pub thanks: String,
    /// Submissions per client address and minute the receiver accepts; 0 = no limit.
    pub rate_limit_per_minute: u32,
    /// The receiver deletes submissions older than this many days.
    pub retention_days: u32,
    /// An address the receiver e-mails each new submission to.
    pub notify: Option<String>,
}

/// `subscriptions:` in site.yaml, with defaults filled in.
#[derive(Debug, Clone, Serialize)]
pub struct Subscriptions {
    /// Where the "Prenumerera" form posts (absolute URL or site path); `None`: no form.
    pub action: Option<String>,
    /// The topics offered, by name as written; empty: every topic of the site.
    pub topics: Vec<String>,
    /// Unconfirmed requests are deleted after this many hours.
    pub confirm_hours: u32,
    /// Mails `notis subscriptions send` sends per minute at most; 0 = no limit.
    pub rate_per_minute: u32,
}

impl Subscriptions {
    /// The URL path the receiver takes subscriptions on (the path part of `action`, with a
    /// trailing slash, since the confirmation and leaving pages live under it).
    pub fn action_path(&self) -> Option<String> {
        let action = self.action.as_deref()?;
        let path = match crate::text::urls::parts(action) {
            Some(parts) => parts.path,
            None => action.split(['?', '#']).next().unwrap_or("/"),
        };
        let path = path.trim_end_matches('/');
        Some(format!("{path}/"))
    }
}

impl Feedback {
    /// The URL path the receiver listens on: the path part of `action`.
    pub fn action_path(&self) -> Option<String> {
        let action = self.action.as_deref()?;
        // Query and fragment are not part of what the receiver routes on.
        let path = match crate::text::urls::parts(action) {
            Some(parts) => parts.path,
            None => action.split(['?', '#']).next().unwrap_or("/"),
        };
        Some(if path.is_empty() { "/".into() } else { path.to_string() })
    }
}

impl Config {
    /// The absolute URL of a site path like `/nyheter/x/`.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// The address a page links to for a site path: the one place where the base path of a
    /// site hosted in a subfolder is added, so `/nyheter/x/` becomes `/nyhetsrum/nyheter/x/`.
    /// Site paths (what the route table, the link checker and writers use) never carry it.
    /// Anything that is not a site path (`https://…`, `mailto:`, `#id`, `//host/…`, a
    /// relative link) is returned as it is.
    pub fn href(&self, path: &str) -> String {
        if self.base_path.is_empty() || !path.starts_with('/') || path.starts_with("//") {
            path.to_string()
        } else {
            format!("{}{path}", self.base_path)
        }
    }
}

/// Parses and validates site.yaml. `base_url_override` comes from `--base-url`.
/// Every mistake comes back at once, also after a YAML syntax error (`yaml::parse_lenient`).
pub fn parse(text: &str, base_url_override: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
    // The site's name and address reach every page and feed: no control characters.
    let text = crate::text::normalise::normalise(text);
    let read = yaml::parse_lenient::<RawConfig>(CONFIG_FILE, &text, 0);
    let Some(raw) = read.value else {
        return Err(read.errors);
    };
    let mut errors = read.errors;
    // Destructured exhaustively so a new key cannot be forgotten here.
    let RawConfig {
        title,
        base_url,
        language,
        organisation,
        news,
        share,
        feedback,
        page_feedback,
        crisis,
        subscriptions,
        minify,
        search,
        unsafe_html,
        share_image,
        archive,
        extra,
    } = raw;
    let base_url = checked_base_url(&base_url, base_url_override, &mut errors);
    if organisation.name.trim().is_empty() {
        errors.push(Diagnostic::error(CONFIG_FILE, messages::organisation_name_empty()));
    }
    let news = news_settings(news.unwrap_or_default(), &mut errors);
    let feedback = feedback_settings(feedback.unwrap_or_default(), &mut errors);
    let crisis_path = crisis_path(crisis.unwrap_or_default(), &mut errors);
    let archive = archive.and_then(|a| {
        let folder = a.value.trim();
        if folder.is_empty() {
            errors.push(error_at(&a, messages::archive_folder_empty()));
            return None;
        }
        Some(folder.to_string())
    });
    let subscriptions = subscription_settings(subscriptions.unwrap_or_default(), &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Config {
        title,
        base_path: base_path_of(&base_url),
        base_url,
        language: language.unwrap_or_else(|| defaults::LANGUAGE.to_string()),
        organisation,
        news_path: news.path,
        per_page: news.per_page,
        old_after_days: news.old_after_days,
        feed_limit: news.feed_limit,
        share: share.unwrap_or_else(|| defaults::SHARE.to_vec()),
        feedback,
        page_feedback: page_feedback.unwrap_or(defaults::PAGE_FEEDBACK),
        crisis_path,
        subscriptions,
        minify: minify.unwrap_or(defaults::MINIFY),
        search: search.unwrap_or(defaults::SEARCH),
        unsafe_html: unsafe_html.unwrap_or(defaults::UNSAFE_HTML),
        share_image: share_image.filter(|s| !s.trim().is_empty()),
        archive,
        extra: extra.unwrap_or_default(),
    })
}

/// An error in site.yaml at a value's position.
fn error_at<T>(value: &Spanned<T>, message: messages::Message) -> Diagnostic {
    let (line, col) = yaml::position(value, 0);
    Diagnostic::error(CONFIG_FILE, message).at(line, col)
}

/// `base_url`, or `--base-url` when given, without a trailing slash (empty after an error).
fn checked_base_url(base_url: &Spanned<String>, over: Option<&str>, errors: &mut Vec<Diagnostic>) -> String {
    let checked = match over {
        Some(url) => {
            check_base_url(url).map_err(|p| Diagnostic::error("--base-url", messages::bad_base_url(url, p, true)))
        }
        None => check_base_url(&base_url.value)
            .map_err(|p| error_at(base_url, messages::bad_base_url(&base_url.value, p, false))),
    };
    checked.unwrap_or_else(|d| {
        errors.push(d);
        String::new()
    })
}

/// `news:` with defaults filled in.
struct News {
    path: String,
    per_page: usize,
    old_after_days: u32,
    feed_limit: usize,
}

/// Whether `path` can be a folder of the site: lower-case a–z, digits and `-`, in
/// segments separated by `/`.
fn is_site_folder(path: &str) -> bool {
    !path.is_empty()
        && path.split('/').all(|seg| {
            !seg.is_empty()
                && seg
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
}

/// `crisis.path` without slashes, or the default.
fn crisis_path(crisis: RawCrisis, errors: &mut Vec<Diagnostic>) -> String {
    let RawCrisis { path } = crisis;
    match path {
        Some(p) => {
            let cleaned = p.value.trim().trim_matches('/').to_string();
            if !is_site_folder(&cleaned) {
                errors.push(error_at(&p, messages::bad_crisis_path(&p.value)));
            }
            cleaned
        }
        None => defaults::CRISIS_PATH.to_string(),
    }
}

fn news_settings(news: RawNews, errors: &mut Vec<Diagnostic>) -> News {
    let RawNews {
        path,
        per_page,
        old_after_days,
        feed_limit,
    } = news;
    let path = match path {
        Some(p) => {
            let cleaned = p.value.trim_matches('/').to_string();
            let valid = !cleaned.is_empty()
                && cleaned.split('/').all(|seg| {
                    !seg.is_empty()
                        && seg
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                });
            if !valid {
                errors.push(error_at(&p, messages::bad_news_path(&p.value)));
            }
            cleaned
        }
        None => defaults::NEWS_PATH.to_string(),
    };
    let per_page = match per_page {
        Some(n) if n.value == 0 => {
            errors.push(error_at(&n, messages::per_page_zero()));
            defaults::PER_PAGE
        }
        Some(n) => n.value,
        None => defaults::PER_PAGE,
    };
    News {
        path,
        per_page,
        old_after_days: old_after_days.unwrap_or(defaults::OLD_AFTER_DAYS),
        feed_limit: feed_limit.unwrap_or(defaults::FEED_LIMIT),
    }
}

fn feedback_settings(feedback: RawFeedback, errors: &mut Vec<Diagnostic>) -> Feedback {
    let RawFeedback {
        action,
        thanks,
        rate_limit_per_minute,
        retention_days,
        notify,
    } = feedback;
    let action = action.and_then(|a| {
        let url = a.value.trim();
        if url.starts_with('/') || check_base_url(url).is_ok() {
            Some(url.to_string())
        } else {
            errors.push(error_at(&a, messages::bad_feedback_action(url)));
            None
        }
    });
    let thanks = match thanks {
        Some(t) => {
            let path = t.value.trim();
            let valid = path.starts_with('/')
                && !path.starts_with("//")
                && path.ends_with('/')
                && path.chars().all(|c| c.is_ascii_alphanumeric() || "/-_".contains(c));
            if !valid {
                errors.push(error_at(&t, messages::bad_feedback_thanks(path)));
            }
            path.to_string()
        }
        None => defaults::THANKS.to_string(),
    };
    let retention_days = match retention_days {
        Some(d) if d.value == 0 => {
            errors.push(error_at(&d, messages::retention_days_zero()));
            defaults::RETENTION_DAYS
        }
        Some(d) => d.value,
        None => defaults::RETENTION_DAYS,
    };
    let notify = notify.and_then(|n| {
        let address = n.value.trim();
        if crate::text::email::is_email(address) {
            Some(address.to_string())
        } else {
            errors.push(error_at(&n, messages::bad_feedback_notify(address)));
            None
        }
    });
    Feedback {
        action,
        thanks,
        rate_limit_per_minute: rate_limit_per_minute.unwrap_or(defaults::RATE_LIMIT_PER_MINUTE),
        retention_days,
        notify,
    }
}

fn subscription_settings(raw: RawSubscriptions, errors: &mut Vec<Diagnostic>) -> Subscriptions {
    let RawSubscriptions {
        action,
        topics,
        confirm_hours,
        rate_per_minute,
    } = raw;
    let action = action.and_then(|a| {
        let url = a.value.trim();
        if url.starts_with('/') || check_base_url(url).is_ok() {
            Some(url.to_string())
        } else {
            errors.push(error_at(&a, messages::bad_subscriptions_action(url)));
            None
        }
    });
    let confirm_hours = match confirm_hours {
        Some(h) if h.value == 0 => {
            errors.push(error_at(&h, messages::confirm_hours_zero()));
            defaults::CONFIRM_HOURS
        }
        Some(h) => h.value,
        None => defaults::CONFIRM_HOURS,
    };
    Subscriptions {
        action,
        topics: topics
            .unwrap_or_default()
            .into_iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect(),
        confirm_hours,
        rate_per_minute: rate_per_minute.unwrap_or(defaults::SEND_RATE_PER_MINUTE),
    }
}

/// `https://www.example.se/nyhetsrum` → `/nyhetsrum`; `https://www.mora.se` → ``.
fn base_path_of(base_url: &str) -> String {
    crate::text::urls::parts(base_url).map_or(String::new(), |p| p.path.trim_end_matches('/').to_string())
}

/// An absolute http(s) URL with a host; returned without a trailing slash.
fn check_base_url(url: &str) -> Result<String, UrlProblem> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or(UrlProblem::NotAbsolute)?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(UrlProblem::NoHost);
    }
    Ok(url.trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "title: T\nbase_url: https://www.mora.se/\norganisation:\n  name: Mora kommun\n";

    #[test]
    fn defaults_are_filled_in() {
        let c = parse(MINIMAL, None).unwrap();
        assert_eq!(c.base_url, "https://www.mora.se");
        assert_eq!(c.news_path, "nyheter");
        assert_eq!(c.per_page, 10);
        assert!(c.search && c.minify);
        assert_eq!(c.absolute("/nyheter/"), "https://www.mora.se/nyheter/");
    }

    #[test]
    fn base_path_of_a_subfolder_site() {
        let c = parse(
            &MINIMAL.replace("https://www.mora.se/", "https://www.example.se/nyhetsrum/"),
            None,
        )
        .unwrap();
        assert_eq!(c.base_path, "/nyhetsrum");
        assert_eq!(c.href("/nyheter/x/"), "/nyhetsrum/nyheter/x/");
        assert_eq!(c.href("/"), "/nyhetsrum/");
        assert_eq!(c.absolute("/nyheter/"), "https://www.example.se/nyhetsrum/nyheter/");
        for other in ["https://x.se/", "mailto:a@b.se", "#id", "//cdn/x", "bild.jpg"] {
            assert_eq!(c.href(other), other);
        }
        let c = parse(MINIMAL, None).unwrap();
        assert_eq!((c.base_path.as_str(), c.href("/nyheter/").as_str()), ("", "/nyheter/"));
    }

    #[test]
    fn relative_base_url_is_located() {
        let errors = parse(&MINIMAL.replace("https://www.mora.se/", "www.mora.se"), None).unwrap_err();
        assert_eq!((errors[0].line, errors[0].col), (2, 11));
        assert!(errors[0].message.contains("not an absolute"));
    }

    #[test]
    fn feedback_defaults_and_action_path() {
        let c = parse(MINIMAL, None).unwrap();
        assert_eq!(c.feedback.action_path(), None);
        assert_eq!(c.feedback.thanks, "/tack/");
        assert_eq!((c.feedback.rate_limit_per_minute, c.feedback.retention_days), (5, 365));
        let text = format!(
            "{MINIMAL}feedback:\n  action: https://www.mora.se/synpunkter/?x=1\n  thanks: /tack-sa-mycket/\n  rate_limit_per_minute: 0\n"
        );
        let c = parse(&text, None).unwrap();
        assert_eq!(c.feedback.action_path().as_deref(), Some("/synpunkter/"));
        assert_eq!(c.feedback.thanks, "/tack-sa-mycket/");
        assert_eq!(c.feedback.rate_limit_per_minute, 0);
        let c = parse(&format!("{MINIMAL}feedback:\n  action: /feedback\n"), None).unwrap();
        assert_eq!(c.feedback.action_path().as_deref(), Some("/feedback"));
        let c = parse(&format!("{MINIMAL}feedback:\n  action: https://www.mora.se\n"), None).unwrap();
        assert_eq!(c.feedback.action_path().as_deref(), Some("/"));
    }

    #[test]
    fn bad_feedback_keys_are_located() {
        let text = format!("{MINIMAL}feedback:\n  thanks: tack\n  retention_days: 0\n  notify: nobody\n");
        let errors = parse(&text, None).unwrap_err();
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![6, 7, 8], "{errors:?}");
    }

    #[test]
    fn subscriptions_defaults_and_errors() {
        let c = parse(MINIMAL, None).unwrap();
        assert_eq!(c.subscriptions.action_path(), None);
        assert_eq!(
            (c.subscriptions.confirm_hours, c.subscriptions.rate_per_minute),
            (48, 600)
        );
        let text = format!(
            "{MINIMAL}subscriptions:\n  action: https://www.mora.se/prenumerera\n  topics: [Driftstörning, Skola]\n  confirm_hours: 24\n"
        );
        let c = parse(&text, None).unwrap();
        assert_eq!(c.subscriptions.action_path().as_deref(), Some("/prenumerera/"));
        assert_eq!(c.subscriptions.topics, ["Driftstörning", "Skola"]);
        assert_eq!(c.subscriptions.confirm_hours, 24);
        let text = format!("{MINIMAL}subscriptions:\n  action: ftp://x\n  confirm_hours: 0\n");
        let errors = parse(&text, None).unwrap_err();
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![6, 7], "{errors:?}");
    }

    #[test]
    fn override_replaces_base_url() {
        let c = parse(MINIMAL, Some("http://127.0.0.1:8080")).unwrap();
        assert_eq!(c.base_url, "http://127.0.0.1:8080");
    }
}
