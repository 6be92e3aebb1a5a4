//! serve: the live preview — watch the site, rebuild in memory, serve on loopback, reload tabs.
//!
//! The server owns its state (no globals): the current `Preview` (a modelled site and its
//! templates, or the errors that stopped it) behind a lock that is swapped whole after each
//! rebuild, so a request never sees a half-built site. Pages are rendered when asked for,
//! so an edit costs re-parsing the changed file and re-modelling the site; nothing else is
//! rendered until a browser asks. The reload script is injected here, into HTML responses
//! only; `notis build` output never contains it.

mod overlay;
mod workspace;

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::broadcast;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::Diagnostic;
use crate::model::Site;
use crate::model::routes::{Job, Route, Routes};
use crate::render::Renderer;
pub use workspace::Workspace;

/// Options of `notis serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub open: bool,
    /// Include drafts (on by default in the preview).
    pub drafts: bool,
}

/// A built preview: the site, its templates, and the route table that maps paths to pages.
pub struct Preview {
    pub site: Site,
    pub renderer: Renderer,
    pub routes: Routes,
    pub statics: HashMap<String, PathBuf>,
}

impl Preview {
    pub fn new(site: Site, renderer: Renderer, routes: Routes, statics: &[(String, PathBuf)]) -> Preview {
        Preview {
            site,
            renderer,
            routes,
            statics: statics.iter().cloned().collect(),
        }
    }
}

/// What the server shows: the last build, or why it failed.
pub enum Current {
    Ready(Box<Preview>),
    Broken(Vec<Diagnostic>),
}

/// Shared between the watcher and the request handlers.
pub struct ServerState {
    pub current: RwLock<Arc<Current>>,
    pub reload: broadcast::Sender<u64>,
    pub root: PathBuf,
}

/// The script injected into every HTML response: reload when the server says so.
pub const RELOAD_SCRIPT: &str = "<script>(function(){var s=new EventSource('/__notis/reload');s.addEventListener('reload',function(){location.reload()});})();</script>";

/// Runs the preview server until Ctrl-C. Returns the exit code.
pub fn serve(options: ServeOptions) -> u8 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the server: {e}");
            return 1;
        }
    };
    runtime.block_on(run(options))
}

async fn run(options: ServeOptions) -> u8 {
    let addr: SocketAddr = match format!("{}:{}", options.bind, options.port).parse() {
        Ok(a) => a,
        Err(_) => {
            eprintln!(
                "error: `{}` is not an IP address to listen on\n  hint: use --bind 127.0.0.1",
                options.bind
            );
            return 2;
        }
    };
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            eprintln!(
                "error: port {} is already in use (is another `notis serve` running?)\n  hint: choose another port, e.g. `notis serve --port {}`",
                options.port,
                options.port.wrapping_add(1)
            );
            return 1;
        }
        Err(e) => {
            eprintln!("error: cannot listen on {addr}: {e}");
            return 1;
        }
    };
    let local = listener.local_addr().unwrap_or(addr);

    let mut workspace = Workspace::new(options.root.clone(), options.drafts, format!("http://{local}"));
    let watch = workspace::begin_watch(&options.root);
    let started = Instant::now();
    let first = workspace.rebuild_checked();
    report(&first, started.elapsed(), &options.root);
    let (reload, _) = broadcast::channel(16);
    let state = Arc::new(ServerState {
        current: RwLock::new(Arc::new(first)),
        reload,
        root: options.root.clone(),
    });

    let watch_state = Arc::clone(&state);
    let watcher = watch.map(|w| std::thread::spawn(move || workspace::watch(w, workspace, watch_state)));

    let app = Router::new()
        .route("/__notis/reload", get(reload_events))
        .fallback(get(page))
        .with_state(Arc::clone(&state))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    println!("notis serve: http://{local}/ (Ctrl-C stops)");
    if options.open {
        open_browser(&format!("http://{local}/"));
    }
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await;
    drop(watcher); // the watcher thread ends with the process
    match served {
        Ok(()) => {
            println!("notis serve: stopped");
            0
        }
        Err(e) => {
            eprintln!("error: the server stopped: {e}");
            1
        }
    }
}

/// Prints the outcome of a rebuild on the terminal.
pub fn report(current: &Current, took: Duration, root: &std::path::Path) {
    match current {
        Current::Ready(p) => println!(
            "rebuilt: {} articles, {} pages in {} ms",
            p.site.articles.len(),
            p.site.pages.len(),
            took.as_millis()
        ),
        Current::Broken(errors) => {
            crate::report::print_human(errors, root, crate::messages::Lang::from_env(None));
            eprintln!("the preview shows these errors until the next good save");
        }
    }
}

/// Server-sent events: one `reload` event after every rebuild.
async fn reload_events(State(state): State<Arc<ServerState>>) -> impl IntoResponse {
    let rx = state.reload.subscribe();
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        match rx.recv().await {
            Ok(n) => Some((
                Ok::<Event, Infallible>(Event::default().event("reload").data(n.to_string())),
                rx,
            )),
            Err(broadcast::error::RecvError::Lagged(_)) => {
                Some((Ok(Event::default().event("reload").data("lagged")), rx))
            }
            Err(broadcast::error::RecvError::Closed) => None,
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Any other path: a page rendered on demand, a theme asset, a static file, the error overlay, or 404.
async fn page(State(state): State<Arc<ServerState>>, uri: Uri) -> Response {
    let current = state.current.read().map(|c| Arc::clone(&c)).ok();
    let Some(current) = current else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "server state unavailable").into_response();
    };
    let path = percent_encoding::percent_decode_str(uri.path())
        .decode_utf8_lossy()
        .into_owned();
    let rel = path.trim_start_matches('/');
    let wants_page = !rel.rsplit('/').next().is_some_and(|last| last.contains('.')) || rel.ends_with(".html");
    match &*current {
        Current::Broken(errors) if wants_page => {
            html_response(StatusCode::OK, overlay::render(errors, &state.root).into_bytes())
        }
        Current::Broken(_) => (StatusCode::SERVICE_UNAVAILABLE, "the site has errors").into_response(),
        Current::Ready(preview) => answer(preview, rel),
    }
}

fn answer(preview: &Preview, rel: &str) -> Response {
    let path = format!("/{rel}");
    if let Some(route) = preview.routes.resolve(&path) {
        // `/nyheter/x` answers with a redirect to `/nyheter/x/`, as a static host would.
        if route.file.ends_with("/index.html") && !rel.is_empty() && !rel.ends_with('/') && !rel.ends_with(".html") {
            let location = format!("/{rel}/");
            return (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, location)]).into_response();
        }
        // The preview keeps no image cache: a variant is made when the browser asks for it.
        if let Job::ImageVariant { photo } = &route.job
            && let Some(photo) = preview.site.photos.get(photo)
            && let Some(variant) = photo.all().find(|v| v.url == route.url)
        {
            return match crate::images::make(photo, variant) {
                Ok(bytes) => file_response(StatusCode::OK, &route.file, bytes),
                Err(_) => not_found(preview),
            };
        }
        if let Job::Static(r) = &route.job {
            return match preview.statics.get(r).map(std::fs::read) {
                Some(Ok(bytes)) => file_response(StatusCode::OK, &route.file, bytes),
                _ => not_found(preview),
            };
        }
        return match preview.renderer.render_route(&preview.site, &preview.routes, route) {
            Ok(file) => file_response(StatusCode::OK, &file.path, file.bytes),
            Err(d) => html_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                overlay::render(&[d], std::path::Path::new(".")).into_bytes(),
            ),
        };
    }
    not_found(preview)
}

fn not_found(preview: &Preview) -> Response {
    let page = preview.routes.iter().find(|r| r.job == Job::NotFound);
    match page.map(|r: &Route| preview.renderer.render_route(&preview.site, &preview.routes, r)) {
        Some(Ok(file)) => file_response(StatusCode::NOT_FOUND, "404.html", file.bytes),
        _ => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

fn file_response(status: StatusCode, path: &str, bytes: Vec<u8>) -> Response {
    if path.ends_with(".html") {
        return html_response(status, bytes);
    }
    (status, [(header::CONTENT_TYPE, content_type(path))], bytes).into_response()
}

/// HTML with the reload script added before `</body>`.
fn html_response(status: StatusCode, bytes: Vec<u8>) -> Response {
    let mut html = String::from_utf8_lossy(&bytes).into_owned();
    match html.rfind("</body>") {
        Some(i) => html.insert_str(i, RELOAD_SCRIPT),
        None => html.push_str(RELOAD_SCRIPT),
    }
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    if std::process::Command::new(program).arg(url).spawn().is_err() {
        eprintln!("could not open a browser; open {url} yourself");
    }
}
