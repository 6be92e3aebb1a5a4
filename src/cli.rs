//! Command line: clap definitions and the small glue that runs each subcommand.

mod archive;
mod sites;

use std::path::PathBuf;
use std::time::Instant;

use chrono::Utc;
use chrono_tz::Europe::Stockholm;
use clap::{Args, Parser, Subcommand};

use crate::build::{self, BuildOptions, sort_diagnostics};
use crate::content::{DocumentKind, parse_document};
use crate::content::{discover, walker};
use crate::diag::error::Diagnostic;
use crate::diag::messages::{self, Lang};
use crate::diag::report;
use crate::model::Status;
use crate::model::site::Inclusion;
use crate::text::dates::{self, Moment};
use crate::{config, scaffold};

#[derive(Debug, Parser)]
#[command(name = "notis", version, about = "Static site generator for Swedish municipal news")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Language of messages: sv (default) or en; without it, English when LC_ALL,
    /// LC_MESSAGES or LANG starts with `en`.
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
}

/// `--lang`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    Sv,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Sv => Lang::Sv,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into public/ (or --output).
    Build(BuildArgs),
    /// Check the whole site for mistakes without writing anything.
    Check(CheckArgs),
    /// List articles with their status: published, scheduled, expired or draft.
    List(SiteArgs),
    /// Preview the site: serve it on this computer and reload the browser on every save.
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
    /// The receiver of "Kommentera sidan" and the handling of its comments.
    #[cfg(feature = "feedback")]
    #[command(subcommand)]
    Feedback(crate::feedback::FeedbackCommand),
    /// Earlier versions of pages from the archive packages, and their check.
    #[command(subcommand)]
    Archive(archive::ArchiveCommand),
    /// The next moment the built site changes without an edit, and what changes then.
    Next(archive::NextArgs),
    /// "Prenumerera": mail new articles to subscribers, list, export and erase them.
    #[cfg(feature = "feedback")]
    #[command(subcommand)]
    Subscriptions(crate::feedback::subscriptions::SubscriptionsCommand),
    /// Write a new article with a commented front matter skeleton.
    New(NewArgs),
    /// Add a timestamped update to an article (e.g. during a crisis).
    Update(UpdateArgs),
    /// Create a new site in DIR that builds as it is.
    Init(InitArgs),
    /// In a repository of several sites: which file each site uses for PATH, and why.
    Which(WhichArgs),
}

#[derive(Debug, Args)]
pub struct WhichArgs {
    /// A file's path, e.g. content/nyheter/a.md (a site's own path, sites/orsa/content/nyheter/a.md, means the same).
    pub path: String,
    /// The repository's folder (the one with sites.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Only this site.
    #[arg(long)]
    pub site: Option<String>,
}

#[cfg(feature = "serve")]
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site folder (the one with site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on; the default serves only this computer.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Open the preview in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Include drafts (`draft: true`); scheduled and expired articles are always shown, labelled.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub drafts: bool,
    /// In a repository of several sites (sites.yaml): the site to preview first (default: the
    /// first listed); the switcher on every page of the preview changes it.
    #[arg(long = "site", value_name = "NAME")]
    pub site: Option<String>,
    /// Seconds a browser may take to send a request; idle connections close after as long.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    pub header_timeout: u64,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The headline, e.g. "Nya öppettider i biblioteket".
    pub title: String,
    /// The article's date, YYYY-MM-DD (default: today).
    #[arg(long)]
    pub date: Option<chrono::NaiveDate>,
    /// The site folder (the one with site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Start a crisis article: `crisis: true`, dated to the minute, with `updates:`.
    #[arg(long)]
    pub crisis: bool,
    /// Treat this moment as now for `--crisis`, "YYYY-MM-DD HH:MM" in Swedish time.
    #[arg(long, value_parser = parse_now)]
    pub now: Option<Moment>,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The article's file, e.g. content/nyheter/2018-04-24-it-storningar.md (relative to --root).
    pub file: PathBuf,
    /// The site folder (the one with site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// What has happened, in Markdown, e.g. "Telefonin fungerar igen."
    pub text: String,
    /// Stamp the update with this moment instead of the current time, "YYYY-MM-DD HH:MM".
    #[arg(long, value_parser = parse_now)]
    pub now: Option<Moment>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the site in.
    pub dir: PathBuf,
    /// Write into a folder that is not empty (files with the same names are replaced).
    #[arg(long)]
    pub force: bool,
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Compiler-style text with code frames.
    Human,
    /// A JSON array, for CI annotations.
    Json,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Fail when there are warnings, too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Output format of problems.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    #[command(flatten)]
    pub report: ReportArgs,
    /// Check drafts too.
    #[arg(long)]
    pub drafts: bool,
    /// In a repository of several sites (sites.yaml): check only this site.
    #[arg(long = "site", value_name = "NAME")]
    pub site_name: Option<String>,
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site folder (the one with site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Treat this moment as now, "YYYY-MM-DD HH:MM" in Swedish time (default: the current time).
    #[arg(long, value_parser = parse_now)]
    pub now: Option<Moment>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site (default: public/ in the site folder).
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Include articles marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Use this base URL instead of site.yaml's (e.g. for a test server).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Write archive packages into DIR (instead of site.yaml's `archive:`); outside the output.
    #[arg(long, value_name = "DIR")]
    pub archive: Option<PathBuf>,
    /// Put the whole site into this build's archive package, not only what changed.
    #[arg(long)]
    pub archive_full: bool,
    /// In a repository of several sites (sites.yaml): build only this site.
    #[arg(long = "site", value_name = "NAME")]
    pub site_name: Option<String>,
    #[command(flatten)]
    pub report: ReportArgs,
}

/// clap parses values before `--lang` is known, so the message follows the locale.
fn parse_now(s: &str) -> Result<Moment, String> {
    dates::parse_moment(s).ok_or_else(|| messages::not_a_date(s).get(Lang::from_env(None)).to_string())
}

fn current_time() -> Moment {
    Utc::now().with_timezone(&Stockholm)
}

/// Runs a command; returns the process exit code (0 ok, 1 site errors).
pub fn run(cli: Cli) -> u8 {
    let lang = Lang::from_env(cli.lang.map(Lang::from));
    match cli.command {
        Command::Build(args) => run_build(args, lang),
        Command::Check(args) => run_check(args, lang),
        Command::List(args) => run_list(args, lang),
        #[cfg(feature = "serve")]
        Command::Serve(args) => {
            // A misspelt --site stops here rather than serving an error page.
            if let Some(Err(d)) = args.site.as_deref().map(|n| build::sites::check_choice(&args.root, n)) {
                print_diagnostics(d, &args.root, lang);
                return 1;
            }
            run_serve(args, lang)
        }
        #[cfg(feature = "feedback")]
        Command::Feedback(command) => crate::feedback::run(command, lang),
        Command::Archive(command) => archive::run(command, lang),
        Command::Next(args) => archive::run_next(args, lang),
        #[cfg(feature = "feedback")]
        Command::Subscriptions(command) => crate::feedback::subscriptions::run(command, lang),
        Command::New(args) => run_new(args, lang),
        Command::Update(args) => run_update(args, lang),
        Command::Init(args) => run_init(args, lang),
        Command::Which(args) => sites::run_which(args, lang),
    }
}

#[cfg(feature = "serve")]
fn run_serve(args: ServeArgs, lang: Lang) -> u8 {
    crate::serve::serve(crate::serve::ServeOptions {
        root: args.root,
        bind: args.bind,
        port: args.port,
        open: args.open,
        drafts: args.drafts,
        header_timeout: std::time::Duration::from_secs(args.header_timeout),
        lang,
        site: args.site,
    })
}

pub(crate) fn site_options(site: &SiteArgs, drafts: bool) -> BuildOptions {
    BuildOptions {
        root: site.root.clone(),
        output: site.root.join("public"),
        now: site.now.unwrap_or_else(current_time),
        include: Inclusion {
            drafts,
            unpublished: false,
        },
        base_url: None,
        archive: Default::default(),
    }
}

fn run_build(args: BuildArgs, lang: Lang) -> u8 {
    let mut options = site_options(&args.site, args.drafts);
    if let Some(out) = &args.output {
        options.output = out.clone();
    }
    options.base_url = args.base_url.clone();
    options.archive = build::Archiving {
        folder: args.archive.clone(),
        full: args.archive_full,
    };
    let started = Instant::now();
    let output = options.output.display().to_string();
    let waiting = || eprintln!("{}", messages::waiting_for_build(&output).get(lang));
    match build::sites::load(&options.root, args.site_name.as_deref(), options.base_url.as_deref()) {
        Ok(Some(repo)) => return sites::run_build(repo, &options, &args.report, started, lang),
        Ok(None) => {}
        Err(diagnostics) => {
            report_problems(&diagnostics, &options.root, args.report.format, lang);
            eprintln!("{}", messages::build_failed(&output).get(lang));
            return 1;
        }
    }
    match build::build(&options, args.report.deny_warnings, &waiting) {
        Ok(report) => {
            report_problems(&report.warnings, &options.root, args.report.format, lang);
            let ms = started.elapsed().as_millis();
            let line = if report.up_to_date {
                messages::up_to_date(&output, report.files, report.articles, ms)
            } else {
                messages::built(report.files, report.articles, &output, ms, report.changed)
            };
            println!("{}", line.get(lang));
            if let Some(first) = report.scheduled.first() {
                let en = first.format("%-d %B %Y").to_string();
                let summary = messages::scheduled_summary(report.scheduled.len(), &dates::swedish_date(first), &en);
                println!("{}", summary.get(lang));
            }
            if report.images_decoded > 0 {
                println!("{}", messages::photos_resized(report.images_decoded).get(lang));
            }
            if let Some(sitemap) = &report.sitemap_for_root_robots {
                println!("{}", messages::root_robots_line(sitemap).get(lang));
            }
            if report.file_by_file {
                println!("{}", messages::output_replaced_file_by_file(&output).get(lang));
            }
            if let Some((folder, recorded, ms)) = &report.archived {
                println!(
                    "{}",
                    archive::recorded_line(&options.root, folder, recorded, *ms).get(lang)
                );
            }
            0
        }
        Err(diagnostics) => {
            report_problems(&diagnostics, &options.root, args.report.format, lang);
            eprintln!("{}", messages::build_failed(&output).get(lang));
            1
        }
    }
}

fn run_check(args: CheckArgs, lang: Lang) -> u8 {
    let options = site_options(&args.site, args.drafts);
    let repository = build::sites::load(&options.root, args.site_name.as_deref(), None);
    let checked = match repository {
        Ok(Some(repo)) => {
            Some(build::sites::assemble_all(repo, &options, args.report.deny_warnings).map(|a| a.warnings))
        }
        Ok(None) => None,
        Err(diagnostics) => Some(Err(diagnostics)),
    };
    let checked = checked
        .unwrap_or_else(|| build::analyse(&options, args.report.deny_warnings).map(|analysed| analysed.warnings));
    let (diagnostics, ok) = match checked {
        Ok(warnings) => (warnings, true),
        Err(diagnostics) => (diagnostics, false),
    };
    report_problems(&diagnostics, &options.root, args.report.format, lang);
    if args.report.format == Format::Human && diagnostics.is_empty() {
        eprintln!("{}", messages::no_problems().get(lang));
    }
    if ok { 0 } else { 1 }
}

/// Prints diagnostics sorted by file and position: human text to stderr, or JSON to stdout.
pub fn report_problems(diagnostics: &[Diagnostic], root: &std::path::Path, format: Format, lang: Lang) {
    let mut sorted = diagnostics.to_vec();
    sort_diagnostics(&mut sorted);
    match format {
        Format::Json => println!("{}", report::json(&sorted, lang)),
        Format::Human => report::print_human(&sorted, &walker::source_reader(root), lang),
    }
}

/// Prints diagnostics in human form (for commands without a --format option).
pub fn print_diagnostics(diagnostics: Vec<Diagnostic>, root: &std::path::Path, lang: Lang) {
    report::print_human(&diagnostics, &walker::source_reader(root), lang);
}

fn today() -> chrono::NaiveDate {
    current_time().date_naive()
}

fn run_new(args: NewArgs, lang: Lang) -> u8 {
    let news_path = match discover::read_config(&args.root)
        .map_err(|d| vec![d])
        .and_then(|t| config::parse(&t, None))
    {
        Ok(c) => c.news_path,
        Err(d) => {
            print_diagnostics(d, &args.root, lang);
            return 1;
        }
    };
    let now = args.now.unwrap_or_else(current_time);
    let crisis = args.crisis.then_some(&now);
    let date = args.date.unwrap_or_else(|| now.date_naive());
    match scaffold::write_new(&args.root, &news_path, &args.title, date, crisis) {
        Ok(path) => {
            println!("{}", messages::new_wrote(&path.display().to_string()).get(lang));
            if slug::slugify(&args.title).chars().count() > crate::content::document::MAX_SLUG_CHARS {
                println!(
                    "{}",
                    messages::new_address_shortened(crate::content::document::MAX_SLUG_CHARS).get(lang)
                );
            }
            0
        }
        Err(e) => {
            eprintln!("{}: {}", messages::severity(true).get(lang), e.get(lang));
            1
        }
    }
}

fn run_update(args: UpdateArgs, lang: Lang) -> u8 {
    // To the minute: the update shows as "kl. 14.05" and is written `2018-04-24 14:05`.
    let now = args.now.unwrap_or_else(current_time);
    match scaffold::update::write_update(&args.root, &args.root.join(&args.file), &args.file, &now, &args.text) {
        Ok(done) => {
            println!("{}", done.get(lang));
            0
        }
        Err(e) => {
            eprintln!("{}: {}", messages::severity(true).get(lang), e.get(lang));
            1
        }
    }
}

fn run_init(args: InitArgs, lang: Lang) -> u8 {
    let dir = args.dir.display().to_string();
    match scaffold::write_init(&args.dir, today(), args.force) {
        Ok(files) => {
            println!("{}", messages::init_created(&dir, files.len()).get(lang));
            println!("{}", messages::init_next(&dir).get(lang));
            0
        }
        Err(e) => {
            eprintln!("{}: {}", messages::severity(true).get(lang), e.get(lang));
            1
        }
    }
}

fn run_list(args: SiteArgs, lang: Lang) -> u8 {
    let options = site_options(&args, false);
    let (_, source) = match build::load(&options) {
        Ok(x) => x,
        Err(d) => {
            print_diagnostics(d, &options.root, lang);
            return 1;
        }
    };
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for file in &source.articles {
        match parse_document(file, DocumentKind::Article) {
            Ok(doc) => rows.push(doc),
            Err(mut e) => errors.append(&mut e),
        }
    }
    rows.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.path.cmp(&b.path)));
    let fmt = |m: &Option<Moment>| m.map_or("–".to_string(), |m| m.format("%Y-%m-%d %H:%M").to_string());
    println!("{}", messages::list_header().get(lang));
    for doc in &rows {
        let status = match Status::of(doc, &options.now) {
            Status::Published => "published",
            Status::Draft => "draft",
            Status::Scheduled => "scheduled",
            Status::Expired => "expired",
        };
        println!(
            "{:<11} {:<16} {:<16} {:<16} {}",
            messages::status_name(status).get(lang),
            fmt(&doc.date),
            fmt(&doc
                .publishes_at()
                .filter(|_| doc.publish.is_some() || status == "scheduled")),
            fmt(&doc.expires),
            // A file name may hold a newline or ESC; one row per article, nothing raw.
            crate::diag::error::escape_controls(&doc.path)
        );
    }
    if errors.is_empty() {
        0
    } else {
        print_diagnostics(errors, &options.root, lang);
        1
    }
}
