//! serve: the live preview — watch the site, re-assemble it in memory, serve on loopback, reload tabs.
//!
//! The server owns its state (no globals): the current `Preview` (a modelled site and its
//! templates, or the errors that stopped it) behind a lock that is swapped whole after each
//! update, with a generation number, so a request never sees a half-built site and a tab
//! can tell whether it shows the latest one. Pages are rendered when asked for, so an edit
//! costs re-parsing the changed file and re-modelling the site; nothing else is rendered
//! until a browser asks. The reload script is injected in the HTTP layer (http.rs), into
//! HTML responses only; `notis build` output never contains it.
//!
//! Manners: requests are served only for this computer's names (DNS rebinding), slow and
//! idle connections are closed, and Ctrl-C or SIGTERM ends the process within a second,
//! closing the reload streams rather than waiting for the tabs to go away.

mod http;
mod overlay;
#[cfg(feature = "search")]
mod search;
mod watch;
mod workspace;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use chrono::Utc;
use chrono_tz::Europe::Stockholm;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::sync::{broadcast, watch as signal};

use crate::build::BuildOptions;
use crate::content::walker::source_reader;
use crate::diag::error::Diagnostic;
use crate::diag::messages::{self, Lang};
use crate::model::Site;
use crate::model::routes::Routes;
use crate::model::site::Inclusion;
use crate::render::Renderer;
pub use workspace::{Change, Workspace};

/// Options of `notis serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub open: bool,
    /// Include drafts (on by default in the preview).
    pub drafts: bool,
    /// How long a client may take to send a request's headers; also how long an idle
    /// connection is kept.
    pub header_timeout: Duration,
    /// The language of the terminal lines, the error page and the notices.
    pub lang: Lang,
    /// In a multi-site repository (sites.yaml): the site to preview.
    pub site: Option<String>,
}

/// A built preview: the site, its templates, the route table that maps paths to pages, and
/// the warnings of its assembly.
pub struct Preview {
    pub site: Site,
    pub renderer: Renderer,
    pub routes: Routes,
    pub statics: HashMap<String, PathBuf>,
    pub warnings: Vec<Diagnostic>,
}

impl Preview {
    pub fn new(
        site: Site,
        renderer: Renderer,
        routes: Routes,
        statics: &[(String, PathBuf)],
        warnings: Vec<Diagnostic>,
    ) -> Preview {
        Preview {
            site,
            renderer,
            routes,
            statics: statics.iter().cloned().collect(),
            warnings,
        }
    }
}

/// What the server shows: the last build, or why it failed.
pub enum Current {
    Ready(Box<Preview>),
    Broken(Vec<Diagnostic>),
}

/// One state of the preview and its number; the number only grows.
pub struct Snapshot {
    pub generation: u64,
    pub current: Current,
}

/// Shared between the watcher and the request handlers.
pub struct ServerState {
    current: RwLock<Arc<Snapshot>>,
    /// The generation of every new snapshot, for the reload streams.
    reload: broadcast::Sender<u64>,
    /// Set to true when the server stops: ends the reload streams.
    closing: signal::Sender<bool>,
    /// The site root (canonical): code frames are read from here.
    pub root: PathBuf,
    /// The address the server listens on, for the Host check.
    pub local: SocketAddr,
    pub lang: Lang,
    /// The warnings last printed, so an unchanged set is not printed after every save.
    printed: Mutex<Vec<String>>,
    /// The preview's search indexer, told of every new state after the tabs are.
    indexer: Option<std::sync::mpsc::Sender<Arc<Snapshot>>>,
    /// The sites of a repository of several (sites.yaml), in its order; empty for one site.
    pub sites: Vec<String>,
    /// The site of `sites` previewed now.
    showing: RwLock<Option<String>>,
    /// What the preview is made from; the watcher and a switch of site take turns with it.
    workspace: Arc<Mutex<Workspace>>,
}

impl ServerState {
    /// The site previewed now, in a repository of several.
    pub fn showing(&self) -> Option<String> {
        self.showing
            .read()
            .map_or_else(|e| e.into_inner().clone(), |s| s.clone())
    }

    /// Previews the site `name` from now on (after the watcher's update under way, if any)
    /// and reloads the tabs. False when the repository has no such site.
    pub fn switch_to(&self, name: &str) -> bool {
        if !self.sites.iter().any(|s| s == name) {
            return false;
        }
        let mut workspace = self.workspace.lock().unwrap_or_else(|e| e.into_inner());
        let started = Instant::now();
        let current = workspace.switch_to(name);
        *self.showing.write().unwrap_or_else(|e| e.into_inner()) = Some(name.to_string());
        println!("{}", messages::preview_switched(name).get(self.lang));
        self.publish(current, started.elapsed());
        true
    }

    /// The snapshot requests are answered from now.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        match self.current.read() {
            Ok(s) => Arc::clone(&s),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Makes `current` what the server shows, reports it on the terminal and tells the
    /// open tabs to reload.
    pub fn publish(&self, current: Current, took: Duration) {
        self.report(&current, took);
        let (generation, old) = {
            let mut slot = match self.current.write() {
                Ok(s) => s,
                Err(poisoned) => poisoned.into_inner(),
            };
            let generation = slot.generation + 1;
            let old = std::mem::replace(&mut *slot, Arc::new(Snapshot { generation, current }));
            (generation, old)
        };
        let _ = self.reload.send(generation);
        if let Some(indexer) = &self.indexer {
            let _ = indexer.send(self.snapshot());
        }
        // The old site is freed only after the tabs are told (at 10 000 articles that takes
        // a few milliseconds).
        drop(old);
    }

    /// Prints the outcome of an update: a line when it worked, its warnings when they
    /// changed, every error when it did not.
    fn report(&self, current: &Current, took: Duration) {
        match current {
            Current::Ready(p) => {
                let line = messages::preview_updated(p.site.articles.len(), p.site.pages.len(), took.as_millis());
                println!("{}", line.get(self.lang));
                let now: Vec<String> = p.warnings.iter().map(|d| format!("{d:?}")).collect();
                let mut printed = self.printed.lock().unwrap_or_else(|e| e.into_inner());
                if *printed != now {
                    crate::diag::report::print_human(&p.warnings, &source_reader(&self.root), self.lang);
                    *printed = now;
                }
            }
            Current::Broken(errors) => {
                crate::diag::report::print_human(errors, &source_reader(&self.root), self.lang);
                eprintln!("{}", messages::preview_shows_errors().get(self.lang));
                self.printed.lock().unwrap_or_else(|e| e.into_inner()).clear();
            }
        }
    }
}

/// Runs the preview server until Ctrl-C or SIGTERM. Returns the exit code.
pub fn serve(options: ServeOptions) -> u8 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            let text = messages::server_cannot_start(&e.to_string());
            eprintln!(
                "{}: {}",
                messages::severity(true).get(options.lang),
                text.get(options.lang)
            );
            return 1;
        }
    };
    let code = runtime.block_on(run(options));
    // Connections still open after the grace period are dropped with the runtime, not
    // waited for.
    runtime.shutdown_timeout(Duration::from_millis(100));
    code
}

async fn run(options: ServeOptions) -> u8 {
    let (listener, addr) = match listen(&options).await {
        Ok(bound) => bound,
        Err(code) => return code,
    };
    let local = listener.local_addr().unwrap_or(addr);

    // The canonical root: the watcher reports real paths, so a --root given through a
    // symlink must be resolved for the two to agree.
    let root = options.root.canonicalize().unwrap_or_else(|_| options.root.clone());
    // In a repository of several sites the first is previewed unless --site names one; a
    // broken sites.yaml is shown on the error page by the first update.
    let sites = crate::build::sites::site_names(&root)
        .ok()
        .flatten()
        .unwrap_or_default();
    let showing = options.site.clone().or_else(|| sites.first().cloned());
    let mut workspace = Workspace::new(BuildOptions {
        output: root.join("public"),
        root: root.clone(),
        now: Utc::now().with_timezone(&Stockholm),
        // The preview shows scheduled and expired articles too, labelled.
        include: Inclusion {
            drafts: options.drafts,
            unpublished: true,
        },
        base_url: Some(format!("http://{local}")),
        archive: Default::default(),
    })
    .for_site(showing.clone());
    let watch = watch::begin(&root, options.lang);
    let started = Instant::now();
    let first = workspace.reload_everything();
    let (reload, _) = broadcast::channel(16);
    let (closing, _) = signal::channel(false);
    let indexer = indexer(&root, options.lang);
    let state = Arc::new(ServerState {
        current: RwLock::new(Arc::new(Snapshot {
            generation: 0,
            current: Current::Broken(Vec::new()),
        })),
        reload,
        closing,
        root,
        local,
        lang: options.lang,
        printed: Mutex::new(Vec::new()),
        indexer,
        sites,
        showing: RwLock::new(showing),
        workspace: Arc::new(Mutex::new(workspace)),
    });
    state.publish(first, started.elapsed());

    if let Some(w) = watch {
        let watch_state = Arc::clone(&state);
        // The watcher thread ends with the process.
        std::thread::spawn(move || watch::run(w, watch_state));
    }

    let app = http::router(Arc::clone(&state));
    println!(
        "{}",
        messages::preview_listening(&format!("http://{local}/")).get(options.lang)
    );
    if options.open {
        open_browser(&format!("http://{local}/"), options.lang);
    }
    accept(listener, app, &state, options.header_timeout).await;
    println!("{}", messages::preview_stopped().get(options.lang));
    0
}

/// The preview's listening socket at `--bind`:`--port`, or the exit code after saying why not.
async fn listen(options: &ServeOptions) -> Result<(tokio::net::TcpListener, SocketAddr), u8> {
    let addr: SocketAddr = match format!("{}:{}", options.bind, options.port).parse() {
        Ok(a) => a,
        Err(_) => {
            print_error(&messages::bad_bind_address(&options.bind), options.lang);
            return Err(2);
        }
    };
    match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => Ok((l, addr)),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            print_error(&messages::port_in_use(options.port), options.lang);
            Err(1)
        }
        Err(e) => {
            let text = messages::cannot_listen(&addr.to_string(), &e.to_string());
            eprintln!(
                "{}: {}",
                messages::severity(true).get(options.lang),
                text.get(options.lang)
            );
            Err(1)
        }
    }
}

/// The preview's search indexer (none without the `search` feature); its errors go to the terminal.
fn indexer(root: &std::path::Path, lang: Lang) -> Option<std::sync::mpsc::Sender<Arc<Snapshot>>> {
    #[cfg(feature = "search")]
    {
        let reader_root = root.to_path_buf();
        let report = move |d: Diagnostic| crate::diag::report::print_human(&[d], &source_reader(&reader_root), lang);
        Some(search::start(root.to_path_buf(), report))
    }
    #[cfg(not(feature = "search"))]
    {
        let _ = (root, lang);
        None
    }
}

/// Serves connections until Ctrl-C or SIGTERM, then closes the reload streams and gives the
/// open connections a moment to finish.
async fn accept(listener: tokio::net::TcpListener, app: axum::Router, state: &ServerState, header_timeout: Duration) {
    let stop = stop_signal();
    tokio::pin!(stop);
    // Each connection holds a receiver; when all are dropped, every connection has ended.
    let (alive, mut all_done) = tokio::sync::mpsc::channel::<()>(1);
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                // E.g. too many open files: wait a little instead of spinning.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let service = TowerToHyperService::new(app.clone());
        let mut closing = state.closing.subscribe();
        let alive = alive.clone();
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            // The header timeout also runs while a kept-alive connection waits for its next
            // request, so it closes idle connections too.
            builder.timer(TokioTimer::new()).header_read_timeout(header_timeout);
            let conn = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                () = http::closed(&mut closing) => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
            drop(alive);
        });
    }
    drop(listener);
    let _ = state.closing.send(true);
    drop(alive);
    // A response in flight may finish; nothing is waited for longer than this.
    let _ = tokio::time::timeout(Duration::from_millis(500), all_done.recv()).await;
}

/// Resolves at the first Ctrl-C or SIGTERM; a second one ends the process at once.
async fn stop_signal() {
    first_signal().await;
    tokio::spawn(async {
        first_signal().await;
        std::process::exit(130);
    });
}

async fn first_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = match signal(SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn open_browser(url: &str, lang: Lang) {
    let program = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    if std::process::Command::new(program).arg(url).spawn().is_err() {
        eprintln!("{}", messages::cannot_open_browser(url).get(lang));
    }
}

/// `fel: …` and its `tips: …` line, for errors before the preview has a page to show them on.
fn print_error(m: &messages::Message, lang: Lang) {
    eprintln!("{}: {}", messages::severity(true).get(lang), m.text.get(lang));
    if let Some(help) = &m.help {
        eprintln!("  {}: {}", messages::help_label().get(lang), help.get(lang));
    }
}
