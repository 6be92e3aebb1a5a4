//! `notis archive list|show|verify` and `notis next`: the glue between the command line, the
//! archive's packages (write::archive::read) and the schedule (model::schedule).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::{SiteArgs, parse_now, print_diagnostics, site_options};
use crate::build;
use crate::diag::error::{Diagnostic, display_path};
use crate::diag::messages::{self, ChangeKind, Coming, FaultKind, Lang, Text};
use crate::model::schedule::Happening;
use crate::text::dates::{self, Moment};
use crate::write::archive::{Fault, Recorded, read};

#[derive(Debug, Subcommand)]
pub enum ArchiveCommand {
    /// List the versions of a page with the times they were published.
    List(ListArgs),
    /// Write a page as it was published at a moment (to standard output).
    Show(ShowArgs),
    /// Check every package's checksums; exits with 1 if any package fails.
    Verify(FolderArgs),
}

#[derive(Debug, Args)]
pub struct FolderArgs {
    /// The site folder (the one with site.yaml), whose `archive:` names the folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The archive folder, instead of site.yaml's `archive:`.
    #[arg(long, value_name = "DIR")]
    pub archive: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// The page's address, e.g. https://www.mora.se/nyheter/a/ or /nyheter/a/.
    pub url: String,
    #[command(flatten)]
    pub folder: FolderArgs,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The page's address, e.g. https://www.mora.se/nyheter/a/ or /nyheter/a/.
    pub url: String,
    /// The moment, "YYYY-MM-DD HH:MM" in Swedish time.
    #[arg(long, value_parser = parse_now)]
    pub at: Moment,
    #[command(flatten)]
    pub folder: FolderArgs,
}

#[derive(Debug, Args)]
pub struct NextArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Print `{"next": …, "changes": [{"url", "what"}]}` instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(command: ArchiveCommand, lang: Lang) -> u8 {
    match command {
        ArchiveCommand::List(args) => run_list(args, lang),
        ArchiveCommand::Show(args) => run_show(args, lang),
        ArchiveCommand::Verify(args) => run_verify(args, lang),
    }
}

/// The build's line on what it recorded.
pub fn recorded_line(root: &Path, folder: &Path, recorded: &Recorded, ms: u128) -> Text {
    let shown = display_path(root, folder);
    match recorded {
        Recorded::Unchanged(_) => messages::archive_unchanged(&shown),
        Recorded::Package(w) => {
            messages::archive_written(&w.name, &shown, [w.published, w.changed, w.removed, w.files], ms)
        }
    }
}

/// An error of these commands, which concern an address or the archive rather than a
/// line of a file: `fel: …` and its help, like `notis new`'s.
fn fail(message: messages::Message, lang: Lang) -> u8 {
    eprintln!("{}: {}", messages::severity(true).get(lang), message.text.get(lang));
    if let Some(help) = &message.help {
        eprintln!("  {}: {}", messages::help_label().get(lang), help.get(lang));
    }
    1
}

/// The archive folder: `--archive`, else site.yaml's `archive:` (relative to the site).
fn folder_of(args: &FolderArgs) -> Result<PathBuf, Diagnostic> {
    if let Some(folder) = &args.archive {
        return Ok(folder.clone());
    }
    let config = crate::content::discover::read_config(&args.root)
        .map_err(|d| vec![d])
        .and_then(|text| crate::config::parse(&text, None));
    match config {
        Ok(c) => c
            .archive
            .map(|a| args.root.join(a))
            .ok_or_else(|| Diagnostic::error(crate::config::CONFIG_FILE, messages::archive_no_folder())),
        Err(mut d) => Err(d.remove(0)),
    }
}

/// The packages of the folder, with a warning for each that cannot be read.
fn packages_of(args: &FolderArgs, lang: Lang) -> Result<Vec<read::Package>, u8> {
    let fail = |d: Diagnostic| {
        print_diagnostics(vec![d], &args.root, lang);
        1
    };
    let folder = folder_of(args).map_err(fail)?;
    let (good, bad) = read::packages(&folder).map_err(|e| {
        fail(Diagnostic::error(
            display_path(&args.root, &folder),
            messages::archive_cannot_read(&e),
        ))
    })?;
    let warnings: Vec<Diagnostic> = bad
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy().into_owned();
            Diagnostic::warning(display_path(&args.root, p), messages::archive_unreadable_log(&name))
        })
        .collect();
    if !warnings.is_empty() {
        print_diagnostics(warnings, &args.root, lang);
    }
    Ok(good)
}

fn when(package: &read::Package) -> String {
    dates::swedish_date_time(&package.built)
}

fn run_list(args: ListArgs, lang: Lang) -> u8 {
    let packages = match packages_of(&args.folder, lang) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let versions = read::versions(&packages, &args.url);
    if versions.is_empty() {
        return fail(messages::archive_no_versions(&args.url), lang);
    }
    let mut seen = false;
    for v in &versions {
        let kind = match v {
            read::Version::Removed(_) => ChangeKind::Removed,
            read::Version::Held(..) if !seen => ChangeKind::Published,
            read::Version::Held(..) => ChangeKind::Changed,
        };
        seen = !matches!(v, read::Version::Removed(_));
        let p = v.package();
        println!(
            "{}",
            messages::archive_version_line(&when(p), kind, &p.log.package).get(lang)
        );
    }
    0
}

fn run_show(args: ShowArgs, lang: Lang) -> u8 {
    let packages = match packages_of(&args.folder, lang) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let versions = read::versions(&packages, &args.url);
    let Some(first) = versions.first() else {
        return fail(messages::archive_no_versions(&args.url), lang);
    };
    match read::version_at(&versions, &args.at) {
        None => fail(messages::archive_not_yet(&args.url, &when(first.package())), lang),
        Some(read::Version::Removed(p)) => fail(messages::archive_removed_then(&args.url, &when(p)), lang),
        Some(read::Version::Held(p, held)) => match read::bytes_of(p, held) {
            Ok(bytes) => {
                let mut out = std::io::stdout().lock();
                if out.write_all(&bytes).and_then(|()| out.flush()).is_err() {
                    return 1;
                }
                0
            }
            Err(Fault::Missing(f) | Fault::Altered(f) | Fault::Unlisted(f) | Fault::Frame(f)) => {
                fail(messages::archive_damaged(&p.log.package, &f), lang)
            }
        },
    }
}

fn run_verify(args: FolderArgs, lang: Lang) -> u8 {
    let fail = |d: Diagnostic| {
        print_diagnostics(vec![d], &args.root, lang);
        1
    };
    let folder = match folder_of(&args) {
        Ok(f) => f,
        Err(d) => return fail(d),
    };
    let results = match read::verify(&folder) {
        Ok(r) => r,
        Err(e) => {
            return fail(Diagnostic::error(
                display_path(&args.root, &folder),
                messages::archive_cannot_read(&e),
            ));
        }
    };
    let mut failed = 0;
    for (name, faults) in &results {
        println!("{}", messages::archive_verified(name, faults.is_empty()).get(lang));
        failed += usize::from(!faults.is_empty());
        for fault in faults {
            let (kind, file) = match fault {
                Fault::Missing(f) => (FaultKind::Missing, f),
                Fault::Altered(f) => (FaultKind::Altered, f),
                Fault::Unlisted(f) => (FaultKind::Unlisted, f),
                Fault::Frame(f) => (FaultKind::Frame, f),
            };
            println!("{}", messages::archive_fault(kind, file).get(lang));
        }
    }
    println!("{}", messages::archive_verify_summary(results.len(), failed).get(lang));
    u8::from(failed > 0)
}

pub fn run_next(args: NextArgs, lang: Lang) -> u8 {
    let options = site_options(&args.site, false);
    let (config, coming) = match build::schedule(&options) {
        Ok(found) => found,
        Err(d) => {
            print_diagnostics(d, &options.root, lang);
            return 1;
        }
    };
    let next = coming.first().map(|u| u.at);
    let now_due: Vec<_> = coming.iter().filter(|u| Some(u.at) == next).collect();
    if args.json {
        let changes: Vec<serde_json::Value> = now_due
            .iter()
            .map(|u| serde_json::json!({"url": config.absolute(&u.url), "what": u.what}))
            .collect();
        let json = serde_json::json!({"next": next.as_ref().map(dates::rfc3339), "changes": changes});
        println!("{json}");
        return 0;
    }
    match next {
        None => println!("{}", messages::next_none().get(lang)),
        Some(at) => {
            let en = at.format("%-d %B %Y at %H:%M").to_string();
            println!(
                "{}",
                messages::next_at(&dates::swedish_date_time(&at), &en, &dates::rfc3339(&at)).get(lang)
            );
            for u in now_due {
                println!(
                    "{}",
                    messages::next_happening(&config.absolute(&u.url), coming_of(u.what)).get(lang)
                );
            }
        }
    }
    0
}

fn coming_of(what: Happening) -> Coming {
    match what {
        Happening::Publish => Coming::Publish,
        Happening::Expire => Coming::Expire,
        Happening::AlertEnds => Coming::AlertEnds,
        Happening::AgeNotice => Coming::AgeNotice,
        Happening::CrisisEnds => Coming::CrisisEnds,
        Happening::Update => Coming::Update,
    }
}
