//! The preview's HTTP layer: who may ask (Host check, no request bodies), the reload
//! stream, and pages rendered on request with the reload script and the warnings notice
//! added. Nothing here is in `notis build` output.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::broadcast;
use tower_http::set_header::SetResponseHeaderLayer;

use super::{Current, Preview, ServerState, Snapshot, overlay};
use crate::diag::error::Diagnostic;
use crate::diag::messages::{self, Lang};
use crate::model::routes::{Job, Route};

/// The preview's routes: the reload stream and every other path, behind the guard.
pub fn router(state: Arc<ServerState>) -> Router {
    Router::new()
        .route("/__notis/reload", get(reload_events))
        .route("/__notis/webbplats/{name}", get(switch_site))
        .fallback(get(page))
        .layer(middleware::from_fn_with_state(Arc::clone(&state), guard))
        .with_state(state)
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

/// Refuses requests for another host name (a page elsewhere that rebinds its name to
/// 127.0.0.1 could otherwise read the preview) and requests that carry a body (nothing
/// here takes one; not reading it keeps a client from holding the server up).
async fn guard(State(state): State<Arc<ServerState>>, request: Request, next: Next) -> Response {
    let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok());
    if !host.is_some_and(|h| host_allowed(h, state.local)) {
        let message = messages::preview_wrong_host(&state.local.to_string(), state.local.port());
        return close(StatusCode::MISDIRECTED_REQUEST, message.get(state.lang).to_string());
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut response = close(
            StatusCode::METHOD_NOT_ALLOWED,
            messages::preview_only_get().get(state.lang).to_string(),
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    if has_body(request.headers()) {
        return close(
            StatusCode::PAYLOAD_TOO_LARGE,
            messages::preview_no_body().get(state.lang).to_string(),
        );
    }
    next.run(request).await
}

/// A plain-text refusal that also closes the connection (any body sent is not read).
fn close(status: StatusCode, message: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CONNECTION, "close"),
        ],
        message,
    )
        .into_response()
}

fn has_body(headers: &HeaderMap) -> bool {
    headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .is_some_and(|v| v.to_str().map(|s| s.trim() != "0").unwrap_or(true))
}

/// Whether `host` (a Host header) names this server: `localhost`, `127.0.0.1`, `[::1]` or
/// the bound address, with the port. Bound to every address (0.0.0.0 or ::), any IP
/// address is accepted, as other computers reach it by one; a name never is, except
/// localhost, because a name is what a rebinding attack controls.
pub fn host_allowed(host: &str, local: SocketAddr) -> bool {
    let host = host.trim().to_ascii_lowercase();
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port)) if !port.contains(']') => (name.to_string(), port.parse::<u16>().ok()),
        _ => (host.clone(), None),
    };
    let port_ok = match port {
        Some(p) => p == local.port(),
        None => local.port() == 80,
    };
    if !port_ok {
        return false;
    }
    let ip: Option<IpAddr> = name.trim_start_matches('[').trim_end_matches(']').parse().ok();
    match ip {
        None => name == "localhost",
        Some(ip) if local.ip().is_unspecified() => ip.is_ipv4() == local.is_ipv4() || ip.is_loopback(),
        Some(ip) => ip.is_loopback() || ip == local.ip(),
    }
}

/// Server-sent events: a `reload` event for every new state of the site. A tab says which
/// state it shows (`?since=N`); if the site has moved on since (it changed while the page
/// loaded), the stream tells it to reload at once, so no change is ever missed.
async fn reload_events(State(state): State<Arc<ServerState>>, uri: Uri) -> impl IntoResponse {
    let rx = state.reload.subscribe(); // before reading the generation, so none is lost
    let since = uri
        .query()
        .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("since=")))
        .and_then(|n| n.parse::<u64>().ok());
    let now = state.snapshot().generation;
    let first = since.filter(|&n| n != now).map(|_| now);
    let closing = state.closing.subscribe();
    let stream = futures_util::stream::unfold((rx, closing, first), |(mut rx, mut closing, first)| async move {
        let reload = |data: String| Ok::<Event, Infallible>(Event::default().event("reload").data(data));
        if let Some(n) = first {
            return Some((reload(n.to_string()), (rx, closing, None)));
        }
        let received = tokio::select! {
            // The server is stopping: end the stream, so the connection can close.
            () = closed(&mut closing) => None,
            received = rx.recv() => Some(received),
        };
        match received? {
            Ok(n) => Some((reload(n.to_string()), (rx, closing, None))),
            Err(broadcast::error::RecvError::Lagged(_)) => Some((reload("lagged".to_string()), (rx, closing, None))),
            Err(broadcast::error::RecvError::Closed) => None,
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Resolves when the server starts stopping.
pub async fn closed(closing: &mut tokio::sync::watch::Receiver<bool>) {
    let _ = closing.wait_for(|c| *c).await;
}

/// `/__notis/webbplats/NAME` (the switcher's links): previews that site of the repository
/// from now on, then shows its front page; every open tab reloads into it.
async fn switch_site(State(state): State<Arc<ServerState>>, Path(name): Path<String>) -> Response {
    let switching = Arc::clone(&state);
    let switched = tokio::task::spawn_blocking(move || switching.switch_to(&name))
        .await
        .unwrap_or(false);
    if !switched {
        return (StatusCode::NOT_FOUND, "hittades inte").into_response();
    }
    (StatusCode::SEE_OTHER, [(header::LOCATION, "/")]).into_response()
}

/// Any other path: a page rendered on demand, a theme asset, a static file, the error page, or 404.
async fn page(State(state): State<Arc<ServerState>>, uri: Uri) -> Response {
    let snapshot = state.snapshot();
    let path = percent_encoding::percent_decode_str(uri.path())
        .decode_utf8_lossy()
        .into_owned();
    let rel = path.trim_start_matches('/');
    let wants_page = !rel.rsplit('/').next().is_some_and(|last| last.contains('.')) || rel.ends_with(".html");
    let out = Out {
        snapshot: &snapshot,
        root: &state.root,
        lang: state.lang,
        sites: &state.sites,
        showing: state.showing(),
    };
    match &snapshot.current {
        Current::Broken(errors) if wants_page => out.html(
            StatusCode::OK,
            overlay::render(errors, &state.root, state.lang).into_bytes(),
        ),
        Current::Broken(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            messages::preview_site_broken().get(state.lang).to_string(),
        )
            .into_response(),
        Current::Ready(preview) => out.answer(preview, rel),
    }
}

/// Responses for one request, from one snapshot.
struct Out<'a> {
    snapshot: &'a Snapshot,
    root: &'a std::path::Path,
    lang: Lang,
    /// The repository's sites and the one previewed, for the switcher.
    sites: &'a [String],
    showing: Option<String>,
}

impl Out<'_> {
    fn answer(&self, preview: &Preview, rel: &str) -> Response {
        #[cfg(feature = "search")]
        if let Some(inside) = rel.strip_prefix(&crate::model::routes::search_bundle_folder()) {
            return match super::search::read(self.root, inside) {
                super::search::Bundled::File(bytes) => self.file(StatusCode::OK, rel, bytes, &preview.warnings),
                super::search::Bundled::Busy => (
                    StatusCode::SERVICE_UNAVAILABLE,
                    [(header::RETRY_AFTER, "1")],
                    messages::preview_search_busy().get(self.lang).to_string(),
                )
                    .into_response(),
                super::search::Bundled::Missing => self.not_found(preview),
            };
        }
        let path = format!("/{rel}");
        if let Some(route) = preview.routes.resolve(&path) {
            // `/nyheter/x` answers with a redirect to `/nyheter/x/`, as a static host would.
            if route.file.ends_with("/index.html") && !rel.is_empty() && !rel.ends_with('/') && !rel.ends_with(".html")
            {
                let location = format!("/{rel}/");
                return (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, location)]).into_response();
            }
            // A variant comes from the build's image cache (`notis build` made it, or an
            // earlier request did), else it is made when the browser first asks for it.
            if let Job::ImageVariant { photo } = &route.job
                && let Some(photo) = preview.site.photos.get(photo)
                && let Some(variant) = photo.all().find(|v| v.url == route.url)
            {
                let cache = crate::write::cache::folder(&self.root.join("public")).join("images");
                return match crate::images::cached(photo, variant, &cache) {
                    Ok(bytes) => self.file(StatusCode::OK, &route.file, bytes, &preview.warnings),
                    Err(_) => self.not_found(preview),
                };
            }
            if let Job::Static(r) = &route.job {
                return match preview.statics.get(r).map(std::fs::read) {
                    Some(Ok(bytes)) => self.file(StatusCode::OK, &route.file, bytes, &preview.warnings),
                    _ => self.not_found(preview),
                };
            }
            return match preview.renderer.render_route(&preview.site, &preview.routes, route) {
                Ok(file) => self.file(StatusCode::OK, &file.path, file.bytes, &preview.warnings),
                Err(d) => self.html(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    overlay::render(&[d], self.root, self.lang).into_bytes(),
                ),
            };
        }
        self.not_found(preview)
    }

    fn not_found(&self, preview: &Preview) -> Response {
        let page = preview.routes.iter().find(|r| r.job == Job::NotFound);
        match page.map(|r: &Route| preview.renderer.render_route(&preview.site, &preview.routes, r)) {
            Some(Ok(file)) => self.file(StatusCode::NOT_FOUND, "404.html", file.bytes, &preview.warnings),
            _ => (StatusCode::NOT_FOUND, "hittades inte").into_response(),
        }
    }

    fn file(&self, status: StatusCode, path: &str, bytes: Vec<u8>, warnings: &[Diagnostic]) -> Response {
        if path.ends_with(".html") {
            let mut html = String::from_utf8_lossy(&bytes).into_owned();
            let notice = overlay::warnings_notice(warnings, self.lang);
            match html.rfind("</body>") {
                Some(i) => html.insert_str(i, &notice),
                None => html.push_str(&notice),
            }
            return self.html(status, html.into_bytes());
        }
        (
            status,
            [(header::CONTENT_TYPE, crate::text::urls::media_type(path))],
            bytes,
        )
            .into_response()
    }

    /// HTML with the reload script (and, in a repository of several sites, the site
    /// switcher) added before `</body>`; the script names the state of the site the page
    /// was made from.
    fn html(&self, status: StatusCode, bytes: Vec<u8>) -> Response {
        let mut html = String::from_utf8_lossy(&bytes).into_owned();
        let switcher = overlay::site_switcher(self.sites, self.showing.as_deref(), self.lang);
        let script = format!("{switcher}{}", reload_script(self.snapshot.generation));
        match html.rfind("</body>") {
            Some(i) => html.insert_str(i, &script),
            None => html.push_str(&script),
        }
        (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
    }
}

/// The script injected into every HTML response: reload when the server says so.
pub fn reload_script(generation: u64) -> String {
    format!(
        "<script>(function(){{var s=new EventSource('/__notis/reload?since={generation}');\
         s.addEventListener('reload',function(){{s.close();location.reload()}});}})();</script>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_allowed_only_for_this_computer_with_the_port() {
        let local: SocketAddr = "127.0.0.1:1111".parse().unwrap();
        for ok in ["127.0.0.1:1111", "localhost:1111", "LOCALHOST:1111", "[::1]:1111"] {
            assert!(host_allowed(ok, local), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "evil.example",
            "127.0.0.1",
            "127.0.0.1:80",
            "localhost.evil.example:1111",
            "192.168.1.5:1111",
            "",
        ] {
            assert!(!host_allowed(bad, local), "{bad}");
        }
        let any: SocketAddr = "0.0.0.0:1111".parse().unwrap();
        assert!(host_allowed("192.168.1.5:1111", any));
        assert!(!host_allowed("evil.example:1111", any));
        let web: SocketAddr = "127.0.0.1:80".parse().unwrap();
        assert!(host_allowed("localhost", web));
    }
}
