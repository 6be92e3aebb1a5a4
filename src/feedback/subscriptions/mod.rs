//! "Prenumerera": news by e-mail per topic, through the receiver of "Kommentera sidan".
//!
//! `form` and `http` take requests and their confirmations (`token` signs the links,
//! `pages` answers), `store` keeps subscribers and deliveries in the receiver's
//! database, `mail` builds the mails, `smtp` and `postman` send them, `send` is the run
//! that mails new articles. `notis subscriptions send|list|export|delete` are here.

pub mod form;
pub mod http;
pub mod mail;
pub mod pages;
pub mod postman;
pub mod send;
pub mod service;
pub mod smtp;
pub mod store;
pub mod token;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use clap::{Args, Subcommand};

use super::{DbArgs, ExportFormat, fail, fail_with, load_config};
use crate::config::Config;
use crate::diag::messages::{self, Lang};
use crate::feedback::notify::SmtpSettings;
use form::Topic;
use store::SubscriptionStore;

#[derive(Debug, Subcommand)]
pub enum SubscriptionsCommand {
    /// Mail each confirmed subscriber each newly published article in their topics (run it after a publish).
    Send(SendArgs),
    /// Show the subscribers and how many there are per topic.
    List(ListArgs),
    /// Write the subscribers (or one address: everything stored about it) as CSV or JSON.
    Export(ExportArgs),
    /// Erase everything about an address (the right to erasure).
    Delete(DeleteArgs),
}

#[derive(Debug, Args)]
pub struct SendArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Mails per minute at most (overrides `subscriptions.rate_per_minute`; 0: no limit).
    #[arg(long)]
    pub rate: Option<u32>,
    /// SMTP connections used at once (ask the mail server's keeper how many it takes).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub connections: u16,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub db: DbArgs,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[arg(long, value_enum, default_value = "json")]
    pub format: ExportFormat,
    /// Only this address, with the articles sent to it (a request for one's own data).
    pub address: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(long)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The e-mail address to erase.
    pub address: String,
}

/// Runs a `notis subscriptions` command; returns the exit code.
pub fn run(command: SubscriptionsCommand, lang: Lang) -> u8 {
    match command {
        SubscriptionsCommand::Send(args) => run_send(args, lang),
        SubscriptionsCommand::List(args) => run_list(args, lang),
        SubscriptionsCommand::Export(args) => run_export(args, lang),
        SubscriptionsCommand::Delete(args) => run_delete(args, lang),
    }
}

/// Opens an existing database (only the receiver creates it).
fn open(db: &DbArgs, durable: bool, lang: Lang) -> Result<SubscriptionStore, u8> {
    if !db.db.is_file() {
        return Err(fail(lang, &messages::feedback_db_missing(&db.db.display().to_string())));
    }
    SubscriptionStore::open(&db.db, durable).map_err(|e| fail(lang, &messages::feedback_db_open(&e.to_string())))
}

/// The sender's name and address: `NOTIS_SMTP_FROM`, else the site's name at `noreply@` its host.
pub fn default_from(config: &Config) -> String {
    let host = crate::text::urls::parts(&config.base_url).map_or("localhost", |p| p.host);
    format!(
        "{} <noreply@{}>",
        config.title.replace(['<', '>', '"'], ""),
        host.trim_start_matches("www.")
    )
}

/// Who the mails are from and where their links lead; `None` without `subscriptions.action`.
pub fn letterhead(config: &Config, from: &str) -> Result<Option<Letterhead>, String> {
    let (Some(action), Some(path)) = (&config.subscriptions.action, config.subscriptions.action_path()) else {
        return Ok(None);
    };
    let parts = crate::text::urls::parts(&config.base_url);
    let origin = match crate::text::urls::parts(action) {
        Some(p) => p.origin.to_string(),
        None => parts.as_ref().map_or(String::new(), |p| p.origin.to_string()),
    };
    let host = parts
        .map_or("localhost", |p| p.host)
        .trim_start_matches("www.")
        .to_string();
    let o = &config.organisation;
    Ok(Some(Letterhead {
        site_title: config.title.clone(),
        organisation: o.name.clone(),
        address: o.postal_address.clone().or_else(|| o.visiting_address.clone()),
        from: from.parse().map_err(|e| format!("NOTIS_SMTP_FROM `{from}`: {e}"))?,
        links: format!("{origin}{path}"),
        host,
    }))
}

pub use mail::Letterhead;

/// The topics site.yaml offers.
pub fn offered(config: &Config) -> Vec<Topic> {
    let mut topics: Vec<Topic> = config
        .subscriptions
        .topics
        .iter()
        .filter_map(|t| Topic::of(t))
        .collect();
    topics.sort();
    topics.dedup_by(|a, b| a.slug == b.slug);
    topics
}

/// The receiver's subscription service, when `subscriptions.action` is set. Without
/// SMTP settings it still runs (links keep working) but turns new requests away.
pub fn service(config: &Config, db: &std::path::Path, lang: Lang) -> Result<Option<Arc<service::Service>>, String> {
    let settings = SmtpSettings::from_env(|k| std::env::var(k).ok(), &default_from(config));
    let from = settings
        .as_ref()
        .map_or_else(|_| default_from(config), |s| s.from.clone());
    let Some(head) = letterhead(config, &from)? else {
        return Ok(None);
    };
    let store = SubscriptionStore::open(db, true).map_err(|e| e.to_string())?;
    let secret = store.secret().map_err(|e| e.to_string())?;
    let postman = match settings {
        Ok(s) => Some(postman::Postman::start(s, lang)?),
        Err(e) => {
            eprintln!(
                "{}: {}",
                messages::severity(false).get(lang),
                messages::subscriptions_no_mail(&e).get(lang)
            );
            None
        }
    };
    Ok(Some(Arc::new(service::Service {
        path: config.subscriptions.action_path().unwrap_or_default(),
        action: config.subscriptions.action.clone().unwrap_or_default(),
        store: Arc::new(Mutex::new(store)),
        secret,
        head,
        offered: offered(config),
        confirm_hours: config.subscriptions.confirm_hours,
        postman,
        news_url: config.absolute(&format!("/{}/", config.news_path)),
    })))
}

/// Deletes requests older than `confirm_hours` that were never confirmed.
pub fn expire(store: &mut SubscriptionStore, hours: u32, lang: Lang) -> Result<usize, String> {
    let cutoff = chrono::Utc::now() - chrono::Duration::hours(i64::from(hours));
    let n = store.expire(cutoff).map_err(|e| e.to_string())?;
    if n > 0 {
        eprintln!("{}", messages::subscriptions_expired(n, hours).get(lang));
    }
    Ok(n)
}

/// Runs `expire` every hour until the process ends (in the receiver).
pub async fn hourly(service: Arc<service::Service>, lang: Lang) {
    let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(60 * 60));
    every_hour.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every_hour.tick().await;
        let (store, hours) = (Arc::clone(&service.store), service.confirm_hours);
        let done = tokio::task::spawn_blocking(move || {
            let mut store = store.lock().unwrap_or_else(|e| e.into_inner());
            expire(&mut store, hours, lang)
        })
        .await;
        if let Ok(Err(e)) = done {
            eprintln!("{}", messages::subscriptions_failed(&e).get(lang));
        }
    }
}

fn run_send(args: SendArgs, lang: Lang) -> u8 {
    let config = match load_config(&args.db, None, lang) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let settings = match SmtpSettings::from_env(|k| std::env::var(k).ok(), &default_from(&config)) {
        Ok(s) => s,
        Err(e) => return fail_with(lang, &messages::subscriptions_smtp_missing(&e)),
    };
    let head = match letterhead(&config, &settings.from) {
        Ok(Some(h)) => h,
        Ok(None) => return fail_with(lang, &messages::subscriptions_no_action(&config.base_url)),
        Err(e) => return fail_with(lang, &messages::subscriptions_smtp_missing(&e)),
    };
    let now = chrono::Utc::now().with_timezone(&chrono_tz::Europe::Stockholm);
    let send::Published { seen, news } = match send::published(&args.db.root, args.db.site.as_deref(), now) {
        Ok(p) => p,
        Err(diagnostics) => {
            let read = crate::content::walker::source_reader(&args.db.root);
            crate::diag::report::print_human(&diagnostics, &read, lang);
            return 1;
        }
    };
    let mut store = match open(&args.db, false, lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    // One site's subscribers get only that site's news.
    if let Some(name) = args.db.site.as_deref()
        && let Ok(Some(holder)) = store.claim_for(name)
    {
        return fail_with(lang, &messages::subscriptions_db_of_other_site(&holder, name));
    }
    let prepared = expire(&mut store, config.subscriptions.confirm_hours, lang)
        .and_then(|_| store.secret().map_err(|e| e.to_string()));
    let secret = match prepared {
        Ok(s) => s,
        Err(e) => return fail(lang, &messages::feedback_db_read(&e)),
    };
    let lock = match send::RunLock::acquire(&args.db.db) {
        Ok(l) => l,
        Err(e) => return fail(lang, &messages::feedback_db_open(&e)),
    };
    match store.record_articles(&seen, chrono::Utc::now()) {
        Ok((n, true)) => eprintln!("{}", messages::subscriptions_first_send(n).get(lang)),
        Ok((new, false)) => eprintln!("{}", messages::subscriptions_new_articles(new).get(lang)),
        Err(e) => return fail(lang, &messages::feedback_db_read(&e.to_string())),
    }
    let sender = send::Sender {
        head: &head,
        secret: &secret,
        news: &news,
        rate_per_minute: args.rate.unwrap_or(config.subscriptions.rate_per_minute),
        connections: usize::from(args.connections),
        lang,
    };
    match sender.run(&mut store, &lock, &args.db.db, settings) {
        Ok(done) => {
            println!("{}", messages::subscriptions_sent(done.sent, done.refused).get(lang));
            if done.deferred > 0 {
                println!("{}", messages::subscriptions_deferred_total(done.deferred).get(lang));
            }
            0
        }
        Err((done, e)) => fail_with(lang, &messages::subscriptions_send_stopped(done.sent, &e)),
    }
}

fn run_list(args: ListArgs, lang: Lang) -> u8 {
    let config = match load_config(&args.db, None, lang) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let mut store = match open(&args.db, false, lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let listed = expire(&mut store, config.subscriptions.confirm_hours, lang)
        .and_then(|_| store.list().map_err(|e| e.to_string()))
        .and_then(|list| store.counts().map(|c| (list, c)).map_err(|e| e.to_string()));
    let (list, counts) = match listed {
        Ok(l) => l,
        Err(e) => return fail(lang, &messages::feedback_db_read(&e)),
    };
    print!("{}", table(&list, &counts, lang));
    0
}

/// The list for the terminal: totals, counts per topic, one line per subscriber.
fn table(list: &[store::Subscriber], counts: &[(String, usize)], lang: Lang) -> String {
    let confirmed = list.iter().filter(|s| s.confirmed.is_some()).count();
    let mut out = format!(
        "{}\n",
        messages::subscriptions_totals(confirmed, list.len() - confirmed).get(lang)
    );
    let names: std::collections::HashMap<&str, &str> = list
        .iter()
        .flat_map(|s| s.topics.iter().map(|t| (t.slug.as_str(), t.name.as_str())))
        .collect();
    for (slug, n) in counts {
        let name = if slug.is_empty() {
            messages::subscription_word(messages::SubscriptionWord::AllNews)
                .get(lang)
                .to_string()
        } else {
            names.get(slug.as_str()).copied().unwrap_or(slug).to_string()
        };
        out.push_str(&format!("  {name}: {n}\n"));
    }
    out.push_str(&format!("\n{}\n", messages::subscriptions_table_header().get(lang)));
    for s in list {
        let topics = if s.all_topics {
            messages::subscription_word(messages::SubscriptionWord::AllNews)
                .get(lang)
                .to_string()
        } else {
            form::names(&s.topics).join(", ")
        };
        let since = super::export::swedish_rfc3339(&s.confirmed.unwrap_or(s.requested));
        out.push_str(&format!(
            "{}  {}  {}  {}  {}\n",
            s.id,
            s.email,
            messages::subscriptions_status(s.confirmed.is_some()).get(lang),
            topics,
            since
        ));
    }
    out
}

fn run_export(args: ExportArgs, lang: Lang) -> u8 {
    if let Err(code) = load_config(&args.db, None, lang) {
        return code;
    }
    let store = match open(&args.db, false, lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let read = match &args.address {
        Some(a) => store.by_email(a.trim()).map(|s| s.into_iter().collect::<Vec<_>>()),
        None => store.list(),
    };
    let subscribers = match read {
        Ok(s) => s,
        Err(e) => return fail(lang, &messages::feedback_db_read(&e.to_string())),
    };
    let text = match args.format {
        ExportFormat::Json => {
            let mut rows = Vec::new();
            for s in &subscribers {
                let mut value = json_of(s);
                if args.address.is_some() {
                    let sent = store.deliveries(s.id).unwrap_or_default();
                    value["deliveries"] = sent
                        .iter()
                        .map(|(url, state, at)| {
                            serde_json::json!({"url": url, "state": state, "at": super::export::swedish_rfc3339(at)})
                        })
                        .collect();
                }
                rows.push(value);
            }
            let mut t = serde_json::to_string_pretty(&rows).unwrap_or_default();
            t.push('\n');
            t
        }
        ExportFormat::Csv => csv(&subscribers),
    };
    let written = super::write_export(args.output.as_deref(), &text);
    match written {
        Ok(()) => {
            eprintln!("{}", messages::subscriptions_exported(subscribers.len()).get(lang));
            0
        }
        Err(e) => fail(lang, &e),
    }
}

/// One subscriber as exported: everything stored but the link key's nonce.
fn json_of(s: &store::Subscriber) -> serde_json::Value {
    serde_json::json!({
        "id": s.id,
        "email": s.email,
        "all_topics": s.all_topics,
        "topics": form::names(&s.topics),
        "requested": super::export::swedish_rfc3339(&s.requested),
        "confirmed": s.confirmed.map(|c| super::export::swedish_rfc3339(&c)),
    })
}

/// UTF-8 with BOM, `;`-separated, like the comments' export.
fn csv(subscribers: &[store::Subscriber]) -> String {
    let field = |s: &str| {
        // A leading = + - @ would be a formula in Excel.
        let s = if s.starts_with(['=', '+', '-', '@']) {
            format!("'{s}")
        } else {
            s.to_string()
        };
        format!("\"{}\"", s.replace('"', "\"\""))
    };
    let mut out = String::from("\u{feff}id;email;topics;requested;confirmed\r\n");
    for s in subscribers {
        let topics = form::names(&s.topics).join(", ");
        out.push_str(&format!(
            "{};{};{};{};{}\r\n",
            s.id,
            field(&s.email),
            field(&topics),
            super::export::swedish_rfc3339(&s.requested),
            s.confirmed
                .map(|c| super::export::swedish_rfc3339(&c))
                .unwrap_or_default()
        ));
    }
    out
}

fn run_delete(args: DeleteArgs, lang: Lang) -> u8 {
    let mut store = match open(&args.db, false, lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let address = args.address.trim();
    let erased = store
        .by_email(address)
        .and_then(|found| found.map(|s| store.erase(s.id)).transpose());
    match erased {
        Ok(Some(e)) => {
            println!("{}", messages::subscriptions_erased(address, e.deliveries).get(lang));
            0
        }
        Ok(None) => {
            println!("{}", messages::subscriptions_not_found(address).get(lang));
            0
        }
        Err(e) => fail(lang, &messages::feedback_db_read(&e.to_string())),
    }
}
