//! The HTTP side of the receiver: one POST endpoint on the path of `feedback.action`.
//!
//! A request goes through `guards` (method, Origin/Referer, content type, size, rate
//! limit), then the trap and validation (`form`), then the store; the visitor is answered
//! only after the writer has committed the submission. Every refusal is a `Refusal`,
//! answered in one place with the catalogue's texts, as HTML for browsers and JSON for
//! scripts.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use chrono::Utc;

use super::answer;
use super::form::{self, Fields};
use super::guards;
use super::receiver::{Page, Receiver, Refusal, html, with_type};
use super::store::{NewSubmission, Status};
use crate::diag::messages::{self, Refused};

/// A whole request may take this long, body included (slow senders are cut off).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// The sites one receiver serves (one, or every site of a repository with several).
pub type Sites = Arc<Vec<Arc<Receiver>>>;

pub fn router(sites: Vec<Arc<Receiver>>) -> Router {
    Router::new().fallback(handle).with_state(Arc::new(sites)).layer(
        tower_http::timeout::TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT),
    )
}

/// How the client wants its answer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wants {
    Html,
    Json,
}

fn wants(headers: &HeaderMap) -> Wants {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("");
    if accept.contains("application/json") {
        Wants::Json
    } else {
        Wants::Html
    }
}

/// The one place a refusal is logged and answered.
fn refuse(receiver: &Receiver, wants: Wants, r: Refusal) -> Response {
    let status = r.status();
    let problems = r.problems();
    let codes = if problems.is_empty() {
        r.kind.code().to_string()
    } else {
        problems.iter().map(|p| p.code).collect::<Vec<_>>().join(",")
    };
    eprintln!(
        "{}",
        messages::feedback_refused(status.as_u16(), &codes).get(receiver.lang)
    );
    let mut response = match wants {
        Wants::Json => {
            let (code, message) = match problems.first() {
                Some(first) => (
                    first.code,
                    problems
                        .iter()
                        .map(|p| p.message.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                None => (r.kind.code(), messages::feedback_refusal(r.kind).text.sv),
            };
            with_type(
                status,
                "application/json; charset=utf-8",
                answer::json_error(code, &message, problems),
            )
        }
        Wants::Html => {
            let site = receiver.site();
            let page = match &r.page {
                Page::Notice { back } => answer::refused_notice(&site, r.kind, back),
                Page::Form { fields, problems } => answer::refused_form(&site, r.kind, fields, problems),
            };
            html(receiver, status, page)
        }
    };
    let headers = response.headers_mut();
    match r.kind {
        Refused::Method => {
            headers.insert(header::ALLOW, HeaderValue::from_static("POST"));
        }
        Refused::RateLimited { seconds } => {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        _ => {}
    }
    response
}

/// The site a request is for: the one whose form (or subscriptions) path it arrives on.
/// Where several sites share that path, the one whose pages the Referer is on, else the one
/// the Origin names (`SitePages` decides between a site and one nested in its address);
/// when neither tells (no Referer and an Origin of `null` or none, or sites under one
/// host), the page the form names. A request whose Origin no site has goes to the first,
/// whose guards refuse it.
async fn choose<'a>(
    sites: &'a [Arc<Receiver>],
    parts: &axum::http::request::Parts,
    body: Body,
) -> Result<(&'a Arc<Receiver>, Body), Response> {
    let on_path: Vec<&Arc<Receiver>> = sites.iter().filter(|r| r.takes(parts.uri.path())).collect();
    let Some(first) = on_path.first().copied() else {
        let text = messages::feedback_only_receiver().sv;
        return Err(with_type(StatusCode::NOT_FOUND, "text/plain; charset=utf-8", text));
    };
    if on_path.len() == 1 {
        return Ok((first, body));
    }
    let referer = guards::referer(&parts.headers);
    if let Some(r) = on_path.iter().find(|r| r.holds(&referer)) {
        return Ok((r, body));
    }
    let allowed: Vec<&&Arc<Receiver>> = on_path.iter().filter(|r| !guards::foreign(r, &parts.headers)).collect();
    match allowed.as_slice() {
        [] => return Ok((first, body)),
        [one] => return Ok((one, body)),
        _ => {}
    }
    // Read the form (within the same limit) and go by the page it names.
    let bytes = match guards::body(parts, body, &referer).await {
        Ok(b) => b,
        Err(refusal) => return Err(refuse(first, wants(&parts.headers), refusal)),
    };
    let page = Fields::parse(&bytes).page_url;
    let site = allowed.iter().find(|r| r.holds(&page)).copied().unwrap_or(allowed[0]);
    Ok((site, Body::from(bytes)))
}

async fn handle(State(sites): State<Sites>, ConnectInfo(peer): ConnectInfo<SocketAddr>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let (receiver, body) = match choose(&sites, &parts, Body::new(body)).await {
        Ok(chosen) => chosen,
        Err(answer) => return answer,
    };
    if let Some(service) = &receiver.subscriptions
        && service.owns(parts.uri.path())
    {
        return super::subscriptions::http::handle(receiver, service, peer, parts, body).await;
    }
    let wants = wants(&parts.headers);
    match receive(receiver, peer, &parts, body).await {
        Ok((id, page_path, kind)) => stored(receiver, wants, id, &page_path, kind),
        Err(refusal) => refuse(receiver, wants, refusal),
    }
}

/// Guards, reading, validation and storage; the stored id, the commented page's path and
/// the kind of submission.
async fn receive(
    receiver: &Receiver,
    peer: SocketAddr,
    parts: &axum::http::request::Parts,
    body: Body,
) -> Result<(i64, String, super::kind::Kind), Refusal> {
    let referer = guards::referer(&parts.headers);
    guards::request(receiver, parts, &referer)?;
    let bytes = guards::body(parts, body, &referer).await?;
    let fields = Fields::parse(&bytes);
    let client_hash = guards::rate_limit(receiver, peer, &parts.headers, &fields)?;
    let submission = submission(receiver, &fields, client_hash)?;
    let kind = super::kind::Kind::parse(submission.kind).unwrap_or_default();
    let page_path = submission
        .page_url
        .strip_prefix(&receiver.base_url)
        .filter(|p| p.starts_with('/'))
        .unwrap_or("/")
        .to_string();
    // In a database of several sites the log names the site too.
    let logged = match receiver.retention.within {
        Some(_) => submission.page_url.clone(),
        None => page_path.clone(),
    };
    let id = store(receiver, submission, &logged)
        .await
        .map_err(|()| Refusal::form(Refused::NotStored, fields, Vec::new()))?;
    Ok((id, page_path, kind))
}

/// The submission to store: a trapped one as spam (answered like a success, so the bot
/// learns nothing, and kept for inspection), else a valid one.
fn submission(receiver: &Receiver, fields: &Fields, client_hash: String) -> Result<NewSubmission, Refusal> {
    if fields.trapped() {
        return Ok(NewSubmission {
            received: Utc::now(),
            page_url: fields.page_url.chars().take(form::MAX_PAGE_URL_BYTES).collect(),
            comment: fields.comment.chars().take(form::MAX_COMMENT_CHARS).collect(),
            email: fields.email.chars().take(crate::text::email::MAX_LEN).collect(),
            status: Status::Spam,
            client_hash,
            // The trap says it is spam; what kind it claims to be is kept only if known.
            kind: super::kind::Kind::parse(&fields.kind).unwrap_or_default().as_str(),
            helpful: super::kind::helpful_answer(&fields.helpful).unwrap_or("").to_string(),
        });
    }
    match form::validate(fields, &receiver.base_url) {
        // A page under this site's address that is another site's (nested in it).
        Ok(valid) if !receiver.holds(&valid.page_url) => Err(Refusal::form(
            Refused::Invalid,
            fields.clone(),
            vec![form::foreign_page()],
        )),
        Ok(valid) => Ok(NewSubmission {
            received: Utc::now(),
            page_url: valid.page_url,
            comment: valid.comment,
            email: valid.email,
            status: Status::New,
            client_hash,
            kind: valid.kind.as_str(),
            helpful: valid.helpful.to_string(),
        }),
        Err(problems) => Err(Refusal::form(Refused::Invalid, fields.clone(), problems)),
    }
}

/// Stores the submission and, after the commit and without waiting for the mail server,
/// hands a new comment to the mailer.
async fn store(receiver: &Receiver, submission: NewSubmission, page: &str) -> Result<i64, ()> {
    let spam = submission.status == Status::Spam;
    let counted = !super::kind::Kind::parse(submission.kind).unwrap_or_default().notifies();
    let notice = match (&receiver.notifier, spam || counted) {
        (Some(_), false) => Some(super::notify::Notice {
            id: 0,
            received: submission.received,
            page_url: submission.page_url.clone(),
            comment: submission.comment.clone(),
            email: submission.email.clone(),
        }),
        _ => None,
    };
    match receiver.writer.insert(submission).await {
        Ok(id) => {
            if let (Some(notifier), Some(notice)) = (&receiver.notifier, notice) {
                notifier.notify(super::notify::Notice { id, ..notice });
            }
            eprintln!("{}", messages::feedback_stored(id, spam, page).get(receiver.lang));
            Ok(id)
        }
        Err(e) => {
            eprintln!("{}", messages::feedback_store_failed(&e).get(receiver.lang));
            Err(())
        }
    }
}

/// The thank-you page for a kind of submission: each has its own words.
fn thanks_for(receiver: &Receiver, kind: super::kind::Kind) -> String {
    use crate::model::routes;
    match kind {
        super::kind::Kind::Comment => receiver.thanks_url.clone(),
        super::kind::Kind::Helpful => routes::thanks_for(&receiver.thanks_url, routes::THANKS_ANSWER),
        super::kind::Kind::Accessibility => routes::thanks_for(&receiver.thanks_url, routes::THANKS_REPORT),
    }
}

/// The answer to a stored comment: JSON, or to the thank-you page with the commented
/// page's path on the host (the site's subfolder included) for its link back.
fn stored(receiver: &Receiver, wants: Wants, id: i64, page_path: &str, kind: super::kind::Kind) -> Response {
    match wants {
        Wants::Json => with_type(StatusCode::OK, "application/json; charset=utf-8", answer::json_ok(id)),
        Wants::Html => {
            let on_host = format!("{}{page_path}", receiver.base_path);
            let sida: String = form_urlencoded::byte_serialize(on_host.as_bytes()).collect();
            let location = format!("{}?sida={sida}", thanks_for(receiver, kind));
            let mut response = with_type(StatusCode::SEE_OTHER, "text/plain; charset=utf-8", String::new());
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
    }
}
