//! The receiver's subscription paths, all under `subscriptions.action`:
//!
//! - `POST /prenumerera/` — the form: stores the request, mails the confirmation link;
//! - `GET /prenumerera/bekrafta?t=…` — the link in that mail: starts the subscription;
//! - `GET|POST /prenumerera/avsluta?t=…` — leaving: a page with one button, and the
//!   one-click POST of RFC 8058 that mail programs send; erases the address;
//! - `GET|POST /prenumerera/andra?t=…` — changing topics.
//!
//! The same guards as the comment form (origin, form type, size, the per-client rate
//! limit, the trap) apply to the form's POST; the links carry their own proof (`token`).

use std::net::SocketAddr;
use std::time::Instant;

use axum::body::Body;
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use chrono::Utc;

use super::form::names;
use super::form::{self, Fields};
use super::mail::{self, CONFIRM, LEAVE, MANAGE};
use super::pages;
use super::service::Service;
use super::store::Requested;
use super::token::{self, Purpose};
use crate::diag::messages::{self, SubscriptionEvent, SubscriptionPage as P};
use crate::feedback::guards;
use crate::feedback::receiver::{Receiver, html, with_type};

/// The token of a link: `t` in the query.
fn query_token(parts: &Parts) -> String {
    parts
        .uri
        .query()
        .and_then(|q| {
            form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == form::TOKEN)
                .map(|(_, v)| v.into_owned())
        })
        .unwrap_or_default()
}

pub async fn handle(receiver: &Receiver, service: &Service, peer: SocketAddr, parts: Parts, body: Body) -> Response {
    let rest = parts
        .uri
        .path()
        .strip_prefix(service.path.as_str())
        .unwrap_or("")
        .trim_end_matches('/')
        .to_string();
    let json = parts
        .headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/json"));
    match (rest.as_str(), &parts.method) {
        ("", &Method::POST) => subscribe(receiver, service, peer, &parts, body, json).await,
        (CONFIRM, &Method::GET) => confirm(receiver, service, &query_token(&parts)).await,
        (LEAVE, &Method::GET) => leave_question(receiver, service, &query_token(&parts)).await,
        (LEAVE, &Method::POST) => leave(receiver, service, &parts, body).await,
        (MANAGE, &Method::GET) => manage(receiver, service, &query_token(&parts)).await,
        (MANAGE, &Method::POST) => save(receiver, service, &parts, body).await,
        ("" | CONFIRM | LEAVE | MANAGE, _) => {
            let mut r = with_type(
                StatusCode::METHOD_NOT_ALLOWED,
                "text/plain; charset=utf-8",
                String::new(),
            );
            let allow = if rest.is_empty() { "POST" } else { "GET, POST" };
            r.headers_mut().insert(header::ALLOW, HeaderValue::from_static(allow));
            r
        }
        _ => with_type(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            messages::feedback_only_receiver().sv,
        ),
    }
}

fn page(receiver: &Receiver, service: &Service, status: StatusCode, which: P, extra: &str) -> Response {
    html(receiver, status, pages::notice(&receiver.site(), service, which, extra))
}

fn log(receiver: &Receiver, id: i64, what: SubscriptionEvent) {
    eprintln!("{}", messages::subscriptions_logged(id, what).get(receiver.lang));
}

fn failed(receiver: &Receiver, service: &Service, error: &str) -> Response {
    eprintln!("{}", messages::subscriptions_failed(error).get(receiver.lang));
    page(receiver, service, StatusCode::SERVICE_UNAVAILABLE, P::CannotMail, "")
}

fn json_answer(status: StatusCode, code: &str) -> Response {
    let body = if status.is_success() {
        serde_json::json!({"ok": true}).to_string()
    } else {
        serde_json::json!({"ok": false, "code": code}).to_string()
    };
    with_type(status, "application/json; charset=utf-8", body)
}

/// The form's POST: guards, trap, validation, the request stored, the mail queued.
async fn subscribe(
    receiver: &Receiver,
    service: &Service,
    peer: SocketAddr,
    parts: &Parts,
    body: Body,
    json: bool,
) -> Response {
    if guards::foreign(receiver, &parts.headers) || !guards::is_form(&parts.headers) {
        return page(receiver, service, StatusCode::FORBIDDEN, P::Refused, "");
    }
    let Ok(bytes) = guards::body(parts, body, "").await else {
        return page(receiver, service, StatusCode::PAYLOAD_TOO_LARGE, P::Refused, "");
    };
    let fields = Fields::parse(&bytes);
    let client_hash = match rate_limit(receiver, service, peer, parts) {
        Ok(h) => h,
        Err(refused) => return refused,
    };
    let checked = form::email(&fields)
        .map_err(|e| vec![e])
        .and_then(|email| form::topics(&fields.topics, &service.offered).map(|topics| (email, topics)));
    let (email, topics) = match checked {
        // A filled-in trap is answered like a success, and nothing is stored or sent.
        _ if fields.trapped() => return check_mail(receiver, service, json),
        Ok(ok) => ok,
        Err(problems) if json => {
            let _ = problems;
            return json_answer(StatusCode::BAD_REQUEST, "invalid");
        }
        Err(problems) => {
            let body = pages::subscribe_form(&receiver.site(), service, &fields, &problems);
            return html(receiver, StatusCode::BAD_REQUEST, body);
        }
    };
    let Some(postman) = &service.postman else {
        return page(receiver, service, StatusCode::SERVICE_UNAVAILABLE, P::CannotMail, "");
    };
    let stored = {
        let (email, topics) = (email.clone(), topics.clone());
        service
            .db(move |s| s.request(&email, &topics, Utc::now(), &client_hash))
            .await
    };
    let mail = match stored {
        Ok(Requested::Unconfirmed(s)) => {
            log(receiver, s.id, SubscriptionEvent::Requested);
            let link = service.head.links(&service.secret, s.id, &s.nonce).confirm;
            let what = messages::subscription_what(&names(&s.topics)).sv;
            (
                s.id,
                mail::confirmation(&service.head, &s.email, &link, &what, service.confirm_hours),
            )
        }
        Ok(Requested::Confirmed(s)) => {
            log(receiver, s.id, SubscriptionEvent::Again);
            let links = service.head.links(&service.secret, s.id, &s.nonce);
            (s.id, mail::already(&service.head, &s.email, &links))
        }
        Err(e) => return failed(receiver, service, &e),
    };
    match mail {
        (id, Ok(message)) => {
            if postman.post(id, message) {
                check_mail(receiver, service, json)
            } else {
                page(receiver, service, StatusCode::SERVICE_UNAVAILABLE, P::CannotMail, "")
            }
        }
        (_, Err(e)) => failed(receiver, service, &e),
    }
}

/// Counts the request against its client's limit (shared with the comment form); the
/// client's hash of the day, or the answer that it must wait.
fn rate_limit(receiver: &Receiver, service: &Service, peer: SocketAddr, parts: &Parts) -> Result<String, Response> {
    let mut clients = receiver.clients.lock().unwrap_or_else(|e| e.into_inner());
    let hash = clients
        .hasher
        .hash(guards::client_addr(peer, &parts.headers), Utc::now().date_naive());
    match clients.limiter.check(&hash, Instant::now()) {
        Ok(()) => Ok(hash),
        Err(wait) => {
            drop(clients);
            let seconds = wait.as_secs().max(1);
            let mut r = page(
                receiver,
                service,
                StatusCode::TOO_MANY_REQUESTS,
                P::RateLimited { seconds },
                "",
            );
            r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            Err(r)
        }
    }
}

fn check_mail(receiver: &Receiver, service: &Service, json: bool) -> Response {
    if json {
        return json_answer(StatusCode::OK, "");
    }
    let hours = service.confirm_hours;
    page(receiver, service, StatusCode::OK, P::CheckMail { hours }, "")
}

/// The subscriber a link names, when the token is theirs and for this purpose.
async fn verified(
    service: &Service,
    purpose: Purpose,
    token: &str,
) -> Result<Option<super::store::Subscriber>, String> {
    let Some(id) = token::id_of(token) else {
        return Ok(None);
    };
    let found = service.db(move |s| s.subscriber(id)).await?;
    Ok(found.filter(|s| token::verify(&service.secret, purpose, token, &s.nonce) && !service.expired(s)))
}

fn invalid_link(receiver: &Receiver, service: &Service) -> Response {
    let hours = service.confirm_hours;
    page(receiver, service, StatusCode::NOT_FOUND, P::LinkInvalid { hours }, "")
}

async fn confirm(receiver: &Receiver, service: &Service, token: &str) -> Response {
    let s = match verified(service, Purpose::Confirm, token).await {
        Ok(Some(s)) => s,
        Ok(None) => return invalid_link(receiver, service),
        Err(e) => return failed(receiver, service, &e),
    };
    let id = s.id;
    if let Err(e) = service.db(move |store| store.confirm(id, Utc::now())).await {
        return failed(receiver, service, &e);
    }
    if s.confirmed.is_none() {
        log(receiver, id, SubscriptionEvent::Confirmed);
    }
    let links = service.head.links(&service.secret, s.id, &s.nonce);
    let extra = pages::subscribed_to(&s, &links);
    page(receiver, service, StatusCode::OK, P::Confirmed, &extra)
}

async fn leave_question(receiver: &Receiver, service: &Service, token: &str) -> Response {
    match verified(service, Purpose::Leave, token).await {
        Ok(Some(s)) => {
            let extra = pages::leave_form(service, &s.email, token);
            page(receiver, service, StatusCode::OK, P::LeaveQuestion, &extra)
        }
        Ok(None) => invalid_link(receiver, service),
        Err(e) => failed(receiver, service, &e),
    }
}

/// The token of a POST behind a link: in the query (RFC 8058's one click) or the form.
async fn posted_token(parts: &Parts, body: Body) -> Option<(String, Fields)> {
    let bytes = guards::body(parts, body, "").await.ok()?;
    let fields = Fields::parse(&bytes);
    let token = Some(query_token(parts))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| fields.token.clone());
    Some((token, fields))
}

/// Leaving: from the page's button, or the one-click POST a mail program sends (which
/// comes from no page of the site, so no origin check; the token is the proof).
async fn leave(receiver: &Receiver, service: &Service, parts: &Parts, body: Body) -> Response {
    let Some((token, _)) = posted_token(parts, body).await else {
        return page(receiver, service, StatusCode::PAYLOAD_TOO_LARGE, P::Refused, "");
    };
    match verified(service, Purpose::Leave, &token).await {
        Ok(Some(s)) => {
            let id = s.id;
            match service.db(move |store| store.erase(id)).await {
                Ok(_) => {
                    log(receiver, id, SubscriptionEvent::Left);
                    page(receiver, service, StatusCode::OK, P::Left, "")
                }
                Err(e) => failed(receiver, service, &e),
            }
        }
        Ok(None) => invalid_link(receiver, service),
        Err(e) => failed(receiver, service, &e),
    }
}

async fn manage(receiver: &Receiver, service: &Service, token: &str) -> Response {
    match verified(service, Purpose::Manage, token).await {
        Ok(Some(s)) if s.confirmed.is_some() => {
            let extra = pages::manage_form(service, &s, token);
            page(receiver, service, StatusCode::OK, P::Manage, &extra)
        }
        Ok(_) => invalid_link(receiver, service),
        Err(e) => failed(receiver, service, &e),
    }
}

async fn save(receiver: &Receiver, service: &Service, parts: &Parts, body: Body) -> Response {
    if guards::foreign(receiver, &parts.headers) || !guards::is_form(&parts.headers) {
        return page(receiver, service, StatusCode::FORBIDDEN, P::Refused, "");
    }
    let Some((token, fields)) = posted_token(parts, body).await else {
        return page(receiver, service, StatusCode::PAYLOAD_TOO_LARGE, P::Refused, "");
    };
    let s = match verified(service, Purpose::Manage, &token).await {
        Ok(Some(s)) if s.confirmed.is_some() => s,
        Ok(_) => return invalid_link(receiver, service),
        Err(e) => return failed(receiver, service, &e),
    };
    // The topics a subscriber has stay choosable even when the site stops offering them.
    let mut offered = service.offered.clone();
    if !offered.is_empty() {
        offered.extend(s.topics.iter().cloned());
    }
    let topics = match form::topics(&fields.topics, &offered) {
        Ok(t) => t,
        Err(_) => return invalid_link(receiver, service),
    };
    let id = s.id;
    let chosen = topics.clone();
    if let Err(e) = service.db(move |store| store.set_topics(id, &chosen)).await {
        return failed(receiver, service, &e);
    }
    log(receiver, id, SubscriptionEvent::Changed);
    let s = super::store::Subscriber { topics, ..s };
    let links = service.head.links(&service.secret, s.id, &s.nonce);
    page(
        receiver,
        service,
        StatusCode::OK,
        P::Saved,
        &pages::subscribed_to(&s, &links),
    )
}
