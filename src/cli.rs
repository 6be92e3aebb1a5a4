//! Command line: clap definitions and the small glue that runs each subcommand.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use chrono::Utc;
use chrono_tz::Europe::Stockholm;
use clap::{Args, Parser, Subcommand};

use crate::build::{self, BuildOptions, sort_diagnostics};
use crate::content::{DocumentKind, parse_document};
use crate::dates::{self, Moment};
use crate::error::Diagnostic;
use crate::model::Status;
use crate::model::site::Inclusion;

#[derive(Debug, Parser)]
#[command(
    name = "notis",
    version,
    about = "Static site generator for Swedish municipal news"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into public/ (or --output).
    Build(BuildArgs),
    /// List articles with their status: published, scheduled, expired or draft.
    List(SiteArgs),
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
}

fn parse_now(s: &str) -> Result<Moment, String> {
    dates::parse_moment(s).ok_or_else(|| format!("`{s}` is not a date; write {}", dates::ACCEPTED))
}

fn current_time() -> Moment {
    Utc::now().with_timezone(&Stockholm)
}

/// Runs a command; returns the process exit code (0 ok, 1 site errors).
pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Build(args) => run_build(args),
        Command::List(args) => run_list(args),
    }
}

fn build_options(args: &BuildArgs) -> BuildOptions {
    BuildOptions {
        root: args.site.root.clone(),
        output: args
            .output
            .clone()
            .unwrap_or_else(|| args.site.root.join("public")),
        now: args.site.now.unwrap_or_else(current_time),
        include: Inclusion {
            drafts: args.drafts,
            unpublished: false,
        },
        base_url: args.base_url.clone(),
    }
}

fn run_build(args: BuildArgs) -> u8 {
    let options = build_options(&args);
    let started = Instant::now();
    match build::build(&options) {
        Ok(report) => {
            print_diagnostics(report.warnings.clone());
            println!(
                "built {} files ({} articles) into {} in {} ms; {} changed",
                report.files,
                report.articles,
                options.output.display(),
                started.elapsed().as_millis(),
                report.changed,
            );
            0
        }
        Err(diagnostics) => {
            let count = build::error_count(&diagnostics);
            print_diagnostics(diagnostics);
            eprintln!(
                "build failed: {count} error(s); {} was not changed",
                options.output.display()
            );
            1
        }
    }
}

/// Prints diagnostics to stderr, sorted by file and position.
pub fn print_diagnostics(mut diagnostics: Vec<Diagnostic>) {
    sort_diagnostics(&mut diagnostics);
    let stderr = std::io::stderr();
    let mut out = stderr.lock();
    for d in diagnostics {
        let _ = writeln!(out, "{d}");
    }
}

fn run_list(args: SiteArgs) -> u8 {
    let options = BuildOptions {
        root: args.root.clone(),
        output: args.root.join("public"),
        now: args.now.unwrap_or_else(current_time),
        include: Inclusion::default(),
        base_url: None,
    };
    let (_, source) = match build::load(&options) {
        Ok(x) => x,
        Err(d) => {
            print_diagnostics(d);
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
    let fmt = |m: &Option<Moment>| {
        m.map_or("–".to_string(), |m| {
            m.format("%Y-%m-%d %H:%M").to_string()
        })
    };
    println!(
        "{:<11} {:<16} {:<16} {:<16} file",
        "status", "date", "publish", "expires"
    );
    for doc in &rows {
        let status = match Status::of(doc, &options.now) {
            Status::Published => "published",
            Status::Draft => "draft",
            Status::Scheduled => "scheduled",
            Status::Expired => "expired",
        };
        println!(
            "{:<11} {:<16} {:<16} {:<16} {}",
            status,
            fmt(&doc.date),
            fmt(&doc.publish),
            fmt(&doc.expires),
            doc.path
        );
    }
    if errors.is_empty() {
        0
    } else {
        print_diagnostics(errors);
        1
    }
}
