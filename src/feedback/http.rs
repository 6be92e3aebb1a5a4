//! The HTTP side of the receiver: one POST endpoint on the path of `feedback.action`.
//!
//! Order of checks: method and path, Origin/Referer, content type, size, rate
//! limit, trap, validation, store. The visitor is answered only after the writer
//! has committed the submission.

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;

use super::answer::{self, SiteInfo};
use super::client::{ClientHasher, RateLimiter};
use super::form::{self, Fields, MAX_BODY_BYTES};
use super::store::{NewSubmission, Status};
use super::writer::Writer;

/// Everything the endpoint needs; built once from the site's config.
pub struct Receiver {
    pub title: String,
    /// Without a trailing slash.
    pub base_url: String,
    /// The form's `action` as written in site.yaml.
    pub action: String,
    /// The path POSTs arrive on.
    pub action_path: String,
    /// Absolute URL of the thank-you page.
    pub thanks_url: String,
    pub writer: Writer,
    /// Mails each new comment when `feedback.notify` is set.
    pub notifier: Option<super::notify::Notifier>,
    /// The language of the log lines.
    pub lang: crate::diag::messages::Lang,
    pub clients: Mutex<Clients>,
}

/// The per-client state: today's hashing key and the rate limit.
pub struct Clients {
    pub hasher: ClientHasher,
    pub limiter: RateLimiter,
}

/// A whole request may take this long, body included (slow senders are cut off).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

pub fn router(receiver: Arc<Receiver>) -> Router {
    Router::new()
        .fallback(handle)
        .with_state(receiver)
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
}

/// How the client wants its answer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wants {
    Html,
    Json,
}

struct Refusal {
    status: StatusCode,
    code: &'static str,
    message: String,
    html: String,
}

impl Receiver {
    fn site(&self) -> SiteInfo<'_> {
        SiteInfo {
            title: &self.title,
            base_url: &self.base_url,
            action: &self.action,
        }
    }

    fn origin_of(url: &str) -> &str {
        match url.find("://") {
            Some(i) => url[i + 3..].find('/').map_or(url, |j| &url[..i + 3 + j]),
            None => "",
        }
    }

    /// A request that says it comes from another site (CSRF, or a form copied elsewhere).
    fn foreign(&self, headers: &HeaderMap) -> bool {
        let allowed = |origin: &str| {
            origin.eq_ignore_ascii_case(Self::origin_of(&self.base_url))
                || (self.action.contains("://") && origin.eq_ignore_ascii_case(Self::origin_of(&self.action)))
        };
        // "null" is what browsers send when the page's referrer policy hides its origin.
        if let Some(origin) = headers.get(header::ORIGIN)
            && origin != "null"
        {
            return !origin.to_str().is_ok_and(allowed);
        }
        match headers.get(header::REFERER) {
            Some(referer) => !referer.to_str().is_ok_and(|r| allowed(Self::origin_of(r))),
            None => false,
        }
    }
}

fn wants(headers: &HeaderMap) -> Wants {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("");
    if accept.contains("application/json") {
        Wants::Json
    } else {
        Wants::Html
    }
}

/// The client's address: the TCP peer, or, when that is a proxy on this machine,
/// the last address the proxy appended to X-Forwarded-For.
fn client_addr(peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
    if peer.ip().is_loopback()
        && let Some(forwarded) = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok())
        && let Some(last) = forwarded.rsplit(',').next()
        && let Ok(ip) = last.trim().parse::<IpAddr>()
    {
        return ip;
    }
    peer.ip()
}

fn with_type(status: StatusCode, content_type: &'static str, body: String) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    if content_type.starts_with("text/html") {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"),
        );
    }
    response
}

fn refuse(lang: crate::diag::messages::Lang, wants: Wants, r: Refusal) -> Response {
    eprintln!(
        "{}",
        crate::diag::messages::feedback_refused(r.status.as_u16(), r.code).get(lang)
    );
    match wants {
        Wants::Json => with_type(
            r.status,
            "application/json; charset=utf-8",
            answer::json_error(r.code, &r.message, &[]),
        ),
        Wants::Html => with_type(r.status, "text/html; charset=utf-8", r.html),
    }
}

async fn handle(
    State(receiver): State<Arc<Receiver>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path();
    let on_action =
        path == receiver.action_path || path.trim_end_matches('/') == receiver.action_path.trim_end_matches('/');
    if !on_action {
        return with_type(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            "Här finns bara mottagaren för \"Kommentera sidan\".\n".into(),
        );
    }
    let wants = wants(&parts.headers);
    let site = receiver.site();
    if parts.method != Method::POST {
        let mut response = refuse(
            receiver.lang,
            wants,
            Refusal {
                status: StatusCode::METHOD_NOT_ALLOWED,
                code: "method_not_allowed",
                message: "Hit skickar formuläret \"Kommentera sidan\" sina kommentarer.".into(),
                html: answer::notice(
                    &site,
                    "Här tas kommentarer emot",
                    &[
                        "Hit skickar formuläret \"Kommentera sidan\" sina kommentarer. Skriv din kommentar längst ned på sidan du vill kommentera.",
                    ],
                    "",
                ),
            },
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return response;
    }
    let referer = parts
        .headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    if receiver.foreign(&parts.headers) {
        return refuse(
            receiver.lang,
            wants,
            Refusal {
                status: StatusCode::FORBIDDEN,
                code: "foreign_origin",
                message: "Kommentaren kom från en annan webbplats och togs inte emot.".into(),
                html: answer::notice(
                    &site,
                    "Kommentaren togs inte emot",
                    &[
                        "Formuläret skickades från en annan webbplats än vår. Vi tar bara emot kommentarer som skrivs på våra egna sidor.",
                        "Gå till sidan du vill kommentera och skriv din kommentar i formuläret längst ned.",
                    ],
                    "",
                ),
            },
        );
    }
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let is_form = content_type
        .split(';')
        .next()
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded"));
    if !is_form {
        return refuse(
            receiver.lang,
            wants,
            Refusal {
                status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                code: "not_a_form",
                message: "Skicka kommentaren som ett formulär (application/x-www-form-urlencoded).".into(),
                html: answer::notice(
                    &site,
                    "Kommentaren kunde inte läsas",
                    &[
                        "Kommentaren kom inte fram som ett vanligt formulär, så vi kunde inte läsa den.",
                        "Gå tillbaka med webbläsarens bakåtknapp: din text finns oftast kvar i rutan. Försök sedan igen.",
                    ],
                    &referer,
                ),
            },
        );
    }
    let too_large = || Refusal {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        code: "too_large",
        message: "Kommentaren är för lång. Den får vara högst 5 000 tecken.".into(),
        html: answer::notice(
            &site,
            "Kommentaren är för lång",
            &[
                "Det du skickade var för stort för att tas emot. En kommentar får vara högst 5 000 tecken.",
                "Gå tillbaka med webbläsarens bakåtknapp: din text finns oftast kvar i rutan. Korta den och skicka igen, eller dela upp den i flera kommentarer.",
            ],
            &referer,
        ),
    };
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return refuse(receiver.lang, wants, too_large());
    }
    let bytes = match axum::body::to_bytes(Body::new(body), MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(_) => return refuse(receiver.lang, wants, too_large()),
    };
    let fields = Fields::parse(&bytes);

    let client_hash = {
        let mut clients = receiver.clients.lock().unwrap_or_else(|e| e.into_inner());
        let today = Utc::now().date_naive();
        let hash = clients.hasher.hash(client_addr(peer, &parts.headers), today);
        if let Err(wait) = clients.limiter.check(&hash, Instant::now()) {
            drop(clients);
            let seconds = wait.as_secs().max(1);
            let mut response = refuse(
                receiver.lang,
                wants,
                Refusal {
                    status: StatusCode::TOO_MANY_REQUESTS,
                    code: "rate_limited",
                    message: format!(
                        "Du har skickat många kommentarer på kort tid. Vänta {seconds} sekunder och skicka igen."
                    ),
                    html: answer::form_again(
                        &site,
                        "Vänta en stund",
                        &format!(
                            "Du har skickat många kommentarer på kort tid. Vänta {seconds} sekunder och skicka sedan igen: din text finns kvar här nedan."
                        ),
                        &fields,
                        &[],
                    ),
                },
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            return response;
        }
        hash
    };

    let (submission, trapped) = if fields.trapped() {
        // Answered like a success so the bot learns nothing; kept for inspection.
        let comment: String = fields.comment.chars().take(form::MAX_COMMENT_CHARS).collect();
        (
            NewSubmission {
                received: Utc::now(),
                page_url: fields.page_url.chars().take(2_000).collect(),
                comment,
                email: fields.email.chars().take(254).collect(),
                status: Status::Spam,
                client_hash,
            },
            true,
        )
    } else {
        match form::validate(&fields, &receiver.base_url) {
            Ok(valid) => (
                NewSubmission {
                    received: Utc::now(),
                    page_url: valid.page_url,
                    comment: valid.comment,
                    email: valid.email,
                    status: Status::New,
                    client_hash,
                },
                false,
            ),
            Err(problems) => {
                let codes: Vec<&str> = problems.iter().map(|p| p.code).collect();
                eprintln!(
                    "{}",
                    crate::diag::messages::feedback_refused(400, &codes.join(",")).get(receiver.lang)
                );
                let message = problems
                    .iter()
                    .map(|p| p.message.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                return match wants {
                    Wants::Json => with_type(
                        StatusCode::BAD_REQUEST,
                        "application/json; charset=utf-8",
                        answer::json_error(problems[0].code, &message, &problems),
                    ),
                    Wants::Html => with_type(
                        StatusCode::BAD_REQUEST,
                        "text/html; charset=utf-8",
                        answer::form_again(
                            &site,
                            "Kommentaren skickades inte",
                            "Något behöver rättas innan vi kan ta emot kommentaren. Din text finns kvar här nedan.",
                            &fields,
                            &problems,
                        ),
                    ),
                };
            }
        }
    };
    let notice = match (&receiver.notifier, trapped) {
        (Some(_), false) => Some(super::notify::Notice {
            id: 0,
            received: submission.received,
            page_url: submission.page_url.clone(),
            comment: submission.comment.clone(),
            email: submission.email.clone(),
        }),
        _ => None,
    };
    let page_path = submission
        .page_url
        .strip_prefix(&receiver.base_url)
        .filter(|p| p.starts_with('/'))
        .unwrap_or("/")
        .to_string();
    match receiver.writer.insert(submission).await {
        Ok(id) => {
            // Only after the commit, and without waiting for the mail server.
            if let (Some(notifier), Some(notice)) = (&receiver.notifier, notice) {
                notifier.notify(super::notify::Notice { id, ..notice });
            }
            eprintln!(
                "{}",
                crate::diag::messages::feedback_stored(id, trapped, &page_path).get(receiver.lang)
            );
            match wants {
                Wants::Json => with_type(StatusCode::OK, "application/json; charset=utf-8", answer::json_ok(id)),
                Wants::Html => {
                    let sida: String = form_urlencoded::byte_serialize(page_path.as_bytes()).collect();
                    let location = format!("{}?sida={sida}", receiver.thanks_url);
                    let mut response = with_type(StatusCode::SEE_OTHER, "text/plain; charset=utf-8", String::new());
                    if let Ok(value) = HeaderValue::from_str(&location) {
                        response.headers_mut().insert(header::LOCATION, value);
                    }
                    response
                }
            }
        }
        Err(e) => {
            eprintln!(
                "{}",
                crate::diag::messages::feedback_store_failed(&e).get(receiver.lang)
            );
            match wants {
                Wants::Json => with_type(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "application/json; charset=utf-8",
                    answer::json_error(
                        "not_stored",
                        "Kommentaren kunde inte sparas just nu. Försök igen om en stund.",
                        &[],
                    ),
                ),
                Wants::Html => with_type(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "text/html; charset=utf-8",
                    answer::form_again(
                        &site,
                        "Kommentaren kunde inte sparas",
                        "Något gick fel hos oss, så kommentaren sparades inte. Din text finns kvar här nedan: försök igen om en stund.",
                        &fields,
                        &[],
                    ),
                ),
            }
        }
    }
}
