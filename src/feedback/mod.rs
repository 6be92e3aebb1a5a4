//! The receiver of "Kommentera sidan" and the commands around it (`notis feedback …`).
//!
//! It shares only site.yaml and the form's field names with the site builder:
//! `listen` accepts connections, `guards` and `http` answer the form's POSTs, `writer` serialises every write to the `store`
//! (SQLite), `retention` deletes old submissions, `export` writes them out for the
//! people who handle them. Nothing here is global: each command gets its values.

pub mod answer;
pub mod client;
pub mod export;
pub mod form;
pub mod guards;
pub mod http;
pub mod kind;
pub mod listen;
pub mod notify;
pub mod receiver;
pub mod retention;
pub mod store;
pub mod subscriptions;
pub mod tally;
pub mod writer;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use clap::{Args, Subcommand, ValueEnum};

use crate::config::{self, Config};
use crate::content::discover;
use crate::diag::messages::{self, Lang, Text};
use store::{BackupError, Query, SqliteStore, Status, Store};

#[derive(Debug, Subcommand)]
pub enum FeedbackCommand {
    /// Receive the form's comments over HTTP and store them (run it behind the web server).
    Serve(ServeArgs),
    /// Write the stored comments as CSV (for Excel) or JSON.
    Export(ExportArgs),
    /// Show the stored comments in the terminal, newest first.
    List(ListArgs),
    /// Mark a comment as handled or spam (or new again).
    Mark(MarkArgs),
    /// Copy the database to a new file while the receiver keeps running (never overwrites).
    Backup(BackupArgs),
}

#[derive(Debug, Args)]
pub struct DbArgs {
    /// The site folder (the one with site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The receiver's SQLite database (created when missing).
    #[arg(long)]
    pub db: PathBuf,
    /// In a repository of several sites (sites.yaml): the site whose site.yaml to use;
    /// `feedback export` then writes only the comments on that site's pages.
    #[arg(long = "site", value_name = "NAME")]
    pub site: Option<String>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The address to listen on; keep the default and let the web server pass requests on.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    #[arg(long, default_value_t = 8090)]
    pub port: u16,
    /// Use this base URL instead of site.yaml's (as `notis build --base-url`, e.g. for a test server).
    #[arg(long)]
    pub base_url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// UTF-8 with BOM, `;`-separated: opens as it should in Swedish Excel.
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Only comments received on or after this day (YYYY-MM-DD, Swedish time) or moment.
    #[arg(long, value_parser = parse_since)]
    pub since: Option<chrono::DateTime<chrono::Utc>>,
    /// Include comments stored as spam.
    #[arg(long)]
    pub all: bool,
    /// Write to this file instead of standard output.
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Write the answers to "Var sidan till hjälp?" counted per page instead of the rows.
    #[arg(long)]
    pub counts: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Only comments received on or after this day (YYYY-MM-DD, Swedish time) or moment.
    #[arg(long, value_parser = parse_since)]
    pub since: Option<chrono::DateTime<chrono::Utc>>,
    /// Include comments stored as spam.
    #[arg(long)]
    pub all: bool,
}

/// The words `notis feedback mark` takes: English, and the Swedish ones `list` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MarkStatus {
    #[value(alias = "ny")]
    New,
    #[value(alias = "hanterad")]
    Handled,
    #[value(alias = "skräppost", alias = "skrappost")]
    Spam,
}

#[derive(Debug, Args)]
pub struct MarkArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The comment's id (first column of `notis feedback list`).
    pub id: i64,
    #[arg(value_enum)]
    pub status: MarkStatus,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The new file to write the copy to (never overwritten).
    pub path: PathBuf,
}

fn parse_since(s: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    crate::text::dates::parse_moment(s)
        .map(|m| m.with_timezone(&chrono::Utc))
        // clap parses values before `--lang` is known, so the message follows the locale.
        .ok_or_else(|| messages::not_a_date(s).get(Lang::from_env(None)).to_string())
}

/// Runs a `notis feedback` command; returns the exit code. Everything it prints, the
/// receiver's log lines included, is in `lang`.
pub fn run(command: FeedbackCommand, lang: Lang) -> u8 {
    match command {
        FeedbackCommand::Serve(args) => serve(args, lang),
        FeedbackCommand::Export(args) => run_export(args, lang),
        FeedbackCommand::List(args) => run_list(args, lang),
        FeedbackCommand::Mark(args) => run_mark(args, lang),
        FeedbackCommand::Backup(args) => run_backup(args, lang),
    }
}

/// Prints `fel: …` (`error: …`) and returns the exit code 1.
fn fail(lang: Lang, text: &Text) -> u8 {
    eprintln!("{}: {}", messages::severity(true).get(lang), text.get(lang));
    1
}

fn load_config(db: &DbArgs, base_url: Option<&str>, lang: Lang) -> Result<Config, u8> {
    let root = db.root.as_path();
    let loaded = match &db.site {
        Some(name) => crate::build::sites::site_config(root, name, base_url),
        None => discover::read_config(root)
            .map_err(|d| vec![d])
            .and_then(|t| config::parse(&t, base_url)),
    };
    loaded.map_err(|d| {
        crate::diag::report::print_human(&d, &crate::content::walker::source_reader(root), lang);
        1
    })
}

/// The database of `--db`; only the receiver creates it, so a mistyped path in the other
/// commands is an error rather than a new, empty database.
fn open_store(db: &Path, create: bool, lang: Lang) -> Result<SqliteStore, u8> {
    if !create && !db.is_file() {
        return Err(fail(lang, &messages::feedback_db_missing(&db.display().to_string())));
    }
    SqliteStore::open(db).map_err(|e| fail(lang, &messages::feedback_db_open(&e.to_string())))
}

fn serve(args: ServeArgs, lang: Lang) -> u8 {
    let (sites, all) = match served_sites(&args, lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    // Every site's retention runs, a site without a form too: its old comments still go.
    let retentions: Vec<retention::Retention> = sites.iter().map(|s| s.retention.clone()).collect();
    // Planned before the database is opened: a receiver that will not start creates none.
    let plans = match plan(sites, &args.db.db, all, lang) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let store = match open_store(&args.db.db, true, lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let (writer, writer_thread) = writer::Writer::start(Box::new(store), lang);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => return fail(lang, &messages::server_cannot_start(&e.to_string())),
    };
    let receivers = plans.into_iter().map(|p| receiver(p, writer.clone(), lang)).collect();
    let code = runtime.block_on(listen(&args, receivers, retentions, writer, lang));
    // Connections still open after the grace period are dropped with the runtime, not
    // waited for; then every handle to the writer is gone and it finishes what it has.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    let _ = writer_thread.join();
    eprintln!("{}", messages::feedback_stopped().get(lang));
    code
}

/// A site the receiver serves: its name in a repository of several, its configuration, and
/// which of the database's comments are its own.
struct Served {
    name: Option<String>,
    config: Config,
    retention: retention::Retention,
}

/// The sites to serve, and whether they are every site of a repository (sites.yaml without
/// `--site`): then one receiver serves them all, each site's comments told apart by address.
fn served_sites(args: &ServeArgs, lang: Lang) -> Result<(Vec<Served>, bool), u8> {
    let root = args.db.root.as_path();
    let served = |name: Option<String>, config: Config, within: Option<form::SitePages>| Served {
        name,
        retention: retention::Retention {
            days: config.feedback.retention_days,
            within,
        },
        config,
    };
    let all = match crate::build::sites::all_site_configs(root) {
        Ok(all) => all,
        // One site's receiver (`--site`) starts though another site's site.yaml is broken;
        // its own is read below, and what it cannot read is said there.
        Err(_) if args.db.site.is_some() => None,
        Err(d) => {
            crate::diag::report::print_human(&d, &crate::content::walker::source_reader(root), lang);
            return Err(1);
        }
    };
    let addresses: Vec<String> = all.iter().flatten().map(|(_, c)| c.base_url.clone()).collect();
    let pages =
        |base_url: &str| form::SitePages::of(base_url, &addresses.iter().map(String::as_str).collect::<Vec<_>>());
    match (all, args.db.site.is_some()) {
        (Some(_), false) if args.base_url.is_some() => {
            return Err(fail_with(lang, &messages::feedback_base_url_needs_site()));
        }
        (Some(sites), false) => {
            let every = sites
                .into_iter()
                .map(|(n, c)| {
                    let within = pages(&c.base_url);
                    served(Some(n), c, Some(within))
                })
                .collect();
            return Ok((every, true));
        }
        _ => {}
    }
    let config = load_config(&args.db, args.base_url.as_deref(), lang)?;
    // A site of several (`--site`) may share its database with the others.
    let within = args.db.site.as_ref().map(|_| pages(&config.base_url));
    Ok((vec![served(args.db.site.clone(), config, within)], false))
}

/// What one site's receiver is made of, settled before anything starts.
struct Plan {
    site: Served,
    action: String,
    action_path: String,
    subscriptions: Option<Arc<subscriptions::service::Service>>,
}

/// Each site's form path and subscription service. Serving every site, a site without a
/// form is left out (none at all is an error), and subscriptions — whose tables are one
/// site's — are refused with the way to run them.
fn plan(sites: Vec<Served>, db: &Path, all: bool, lang: Lang) -> Result<Vec<Plan>, u8> {
    let mut plans = Vec::new();
    for site in sites {
        let name = site.name.clone().unwrap_or_default();
        let subscriptions = match (&site.config.subscriptions.action, all) {
            (None, _) => None,
            (Some(_), true) => return Err(fail_with(lang, &messages::subscriptions_need_own_receiver(&name))),
            (Some(_), false) => {
                if let Some(holder) = site.name.as_deref().and_then(|n| subscriptions_holder(db, n)) {
                    return Err(fail_with(
                        lang,
                        &messages::subscriptions_db_of_other_site(&holder, &name),
                    ));
                }
                match subscriptions::service(&site.config, db, lang) {
                    Ok(s) => s,
                    Err(e) => return Err(fail(lang, &messages::subscriptions_failed(&e))),
                }
            }
        };
        let (action, action_path) = if all {
            match (site.config.feedback.action.clone(), site.config.feedback.action_path()) {
                (Some(action), Some(path)) => (action, path),
                _ => continue,
            }
        } else {
            action_of(&site.config, subscriptions.is_none(), lang).ok_or(1u8)?
        };
        plans.push(Plan {
            site,
            action,
            action_path,
            subscriptions,
        });
    }
    if plans.is_empty() {
        return Err(fail_with(lang, &messages::feedback_sites_without_action()));
    }
    Ok(plans)
}

/// The site whose subscribers the database holds, when it is another than `name` (a
/// database's subscription tables are one site's); claims the database for `name` when
/// no site has yet.
fn subscriptions_holder(db: &Path, name: &str) -> Option<String> {
    let store = subscriptions::store::SubscriptionStore::open(db, true).ok()?;
    store.claim_for(name).ok().flatten()
}

/// Prints a message with its help as an error and returns the exit code 1.
pub(crate) fn fail_with(lang: Lang, m: &messages::Message) -> u8 {
    eprintln!("{}: {}", messages::severity(true).get(lang), m.text.get(lang));
    if let Some(help) = &m.help {
        eprintln!("  {}: {}", messages::help_label().get(lang), help.get(lang));
    }
    1
}

/// The comment path of a receiver of subscriptions alone: no request path has a NUL.
const NO_PATH: &str = "\0";

/// The form's `action` and the path it posts to, or the error (printed) that there is none
/// when it is `needed` (a receiver of subscriptions alone gets a path no request has).
fn action_of(config: &Config, needed: bool, lang: Lang) -> Option<(String, String)> {
    if let (Some(action), Some(path)) = (config.feedback.action.clone(), config.feedback.action_path()) {
        return Some((action, path));
    }
    if !needed {
        return Some((String::new(), NO_PATH.into()));
    }
    fail_with(lang, &messages::feedback_no_action(&config.base_url));
    None
}

/// The mailer of `feedback.notify`, when it is set and can start; storing comments
/// matters more than mailing them, so a mailer that cannot start is a warning.
fn notifier(config: &Config, lang: Lang) -> Option<notify::Notifier> {
    let to = config.feedback.notify.as_deref()?;
    let host = crate::text::urls::parts(&config.base_url).map_or("localhost", |p| p.host);
    let default_from = format!(
        "{} <noreply@{}>",
        config.title.replace(['<', '>', '"'], ""),
        host.trim_start_matches("www.")
    );
    let started = notify::SmtpSettings::from_env(|k| std::env::var(k).ok(), &default_from)
        .and_then(|settings| notify::Notifier::start(&settings, to, &config.title, lang).map(|n| (n, settings)));
    match started {
        Ok((notifier, settings)) => {
            eprintln!(
                "{}",
                messages::feedback_mailing_to(to, &settings.host, settings.port).get(lang)
            );
            Some(notifier)
        }
        Err(e) => {
            eprintln!(
                "{}: {}",
                messages::severity(false).get(lang),
                messages::feedback_no_mail(&e).get(lang)
            );
            None
        }
    }
}

fn receiver(plan: Plan, writer: writer::Writer, lang: Lang) -> Arc<receiver::Receiver> {
    use crate::model::routes;
    let config = &plan.site.config;
    Arc::new(receiver::Receiver {
        title: config.title.clone(),
        base_url: config.base_url.clone(),
        base_path: config.base_path.clone(),
        action: plan.action,
        action_path: plan.action_path,
        thanks_url: config.absolute(&config.feedback.thanks),
        css_url: config.absolute(&routes::asset("notis.css")),
        favicon_url: config.absolute(&routes::asset("favicon.svg")),
        writer,
        notifier: notifier(config, lang),
        lang,
        clients: Mutex::new(receiver::Clients {
            hasher: client::ClientHasher::new(chrono::Utc::now().date_naive()),
            limiter: client::RateLimiter::new(config.feedback.rate_limit_per_minute),
        }),
        subscriptions: plan.subscriptions,
        retention: plan.site.retention,
    })
}

/// Purges old comments, listens, and serves until SIGTERM or Ctrl-C; the exit code.
async fn listen(
    args: &ServeArgs,
    receivers: Vec<Arc<receiver::Receiver>>,
    retentions: Vec<retention::Retention>,
    writer: writer::Writer,
    lang: Lang,
) -> u8 {
    for retention in &retentions {
        if let Err(e) = retention::purge(&writer, retention, lang).await {
            return fail(lang, &messages::feedback_purge_failed(&e));
        }
    }
    let listener = match tokio::net::TcpListener::bind((args.bind.as_str(), args.port)).await {
        Ok(l) => l,
        Err(e) => {
            let addr = format!("{}:{}", args.bind, args.port);
            return fail(lang, &messages::cannot_listen(&addr, &e.to_string()));
        }
    };
    let daily = tokio::spawn(retention::daily(writer, retentions, lang));
    let local = listener.local_addr().map(|a| a.to_string()).unwrap_or_default();
    let several = receivers.len() > 1;
    let mut hourly = Vec::new();
    for receiver in &receivers {
        // Serving several sites, each line names whose form it is.
        let whose = if several {
            format!(" ({})", receiver.base_url)
        } else {
            String::new()
        };
        if let Some(s) = receiver.subscriptions.clone() {
            let url = format!("http://{local}{}{whose}", s.path);
            eprintln!("{}", messages::subscriptions_receiving(&url).get(lang));
            hourly.push(tokio::spawn(subscriptions::hourly(s, lang)));
        }
        if receiver.action_path != NO_PATH {
            let url = format!("http://{local}{}{whose}", receiver.action_path);
            eprintln!(
                "{}",
                messages::feedback_receiving(&url, &args.db.db.display().to_string()).get(lang)
            );
        }
    }
    listen::serve(listener, http::router(receivers), listen::connection_cap(), shutdown()).await;
    daily.abort();
    for h in hourly {
        h.abort();
    }
    0
}

/// Resolves at the first SIGTERM or Ctrl-C.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// Whose comments a reading command shows: one site's (`--site`, or the site at the root),
/// or, at the root of a repository of several sites without `--site`, every site's.
struct Reading {
    /// The site's address, by which pages are shown shorter ("" for every site's).
    base_url: String,
    /// `--site`'s pages: only the comments on them.
    within: Option<form::SitePages>,
}

impl Reading {
    fn of(db: &DbArgs, lang: Lang) -> Result<Reading, u8> {
        let all = crate::build::sites::all_site_configs(&db.root).ok().flatten();
        if db.site.is_none() && all.is_some() {
            return Ok(Reading {
                base_url: String::new(),
                within: None,
            });
        }
        let config = load_config(db, None, lang)?;
        let addresses: Vec<&str> = all.iter().flatten().map(|(_, c)| c.base_url.as_str()).collect();
        Ok(Reading {
            within: db
                .site
                .as_ref()
                .map(|_| form::SitePages::of(&config.base_url, &addresses)),
            base_url: config.base_url,
        })
    }

    /// Keeps the rows on this reading's pages: a page's address says whose comment it is.
    fn keep(&self, rows: &mut Vec<store::Submission>) {
        if let Some(pages) = &self.within {
            rows.retain(|s| pages.holds(&s.page_url));
        }
    }
}

fn run_export(args: ExportArgs, lang: Lang) -> u8 {
    let reading = match Reading::of(&args.db, lang) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let store = match open_store(&args.db.db, false, lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut rows = match store.read(&Query {
        since: args.since,
        include_spam: args.all,
    }) {
        Ok(rows) => rows,
        Err(e) => return fail(lang, &messages::feedback_db_read(&e.to_string())),
    };
    reading.keep(&mut rows);
    let text = match (args.format, args.counts) {
        (ExportFormat::Csv, false) => export::csv(&rows),
        (ExportFormat::Json, false) => export::json(&rows),
        (ExportFormat::Csv, true) => tally::csv(&tally::count(&rows)),
        (ExportFormat::Json, true) => tally::json(&tally::count(&rows)),
    };
    let written = write_export(args.output.as_deref(), &text);
    match written {
        Ok(()) => {
            eprintln!("{}", messages::feedback_exported(rows.len()).get(lang));
            0
        }
        Err(e) => fail(lang, &e),
    }
}

fn run_list(args: ListArgs, lang: Lang) -> u8 {
    let reading = match Reading::of(&args.db, lang) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let store = match open_store(&args.db.db, false, lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    match store.read(&Query {
        since: args.since,
        include_spam: args.all,
    }) {
        Ok(mut rows) => {
            reading.keep(&mut rows);
            print!("{}", export::table(&rows, &reading.base_url, lang));
            print!("{}", tally::table(&tally::count(&rows), &reading.base_url, lang));
            0
        }
        Err(e) => fail(lang, &messages::feedback_db_read(&e.to_string())),
    }
}

fn run_mark(args: MarkArgs, lang: Lang) -> u8 {
    let mut store = match open_store(&args.db.db, false, lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let status = match args.status {
        MarkStatus::New => Status::New,
        MarkStatus::Handled => Status::Handled,
        MarkStatus::Spam => Status::Spam,
    };
    match store.mark(args.id, status) {
        Ok(true) => {
            println!("{}", messages::feedback_marked(args.id, status.as_str()).get(lang));
            0
        }
        Ok(false) => fail(lang, &messages::feedback_no_such_comment(args.id)),
        Err(e) => fail(lang, &messages::feedback_mark_failed(&e.to_string())),
    }
}

fn run_backup(args: BackupArgs, lang: Lang) -> u8 {
    let store = match open_store(&args.db.db, false, lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    match store.backup(&args.path) {
        Ok(()) => {
            let (from, to) = (args.db.db.display().to_string(), args.path.display().to_string());
            println!("{}", messages::feedback_backup_done(&from, &to).get(lang));
            0
        }
        Err(BackupError::Exists) => fail(
            lang,
            &messages::feedback_backup_exists(&args.path.display().to_string()),
        ),
        Err(BackupError::NoFolder) => {
            let folder = args.path.parent().map(|p| p.display().to_string()).unwrap_or_default();
            fail(lang, &messages::feedback_backup_no_folder(&folder))
        }
        Err(BackupError::Failed(e)) => fail(lang, &messages::feedback_backup_failed(&e)),
    }
}

/// An export's text to `--output`, or to standard output: the one place both exports
/// (comments and subscriptions) write.
pub(crate) fn write_export(output: Option<&std::path::Path>, text: &str) -> Result<(), messages::Text> {
    match output {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| messages::feedback_cannot_write(Some(&path.display().to_string()), &e.to_string())),
        None => {
            use std::io::Write;
            std::io::stdout()
                .lock()
                .write_all(text.as_bytes())
                .map_err(|e| messages::feedback_cannot_write(None, &e.to_string()))
        }
    }
}
