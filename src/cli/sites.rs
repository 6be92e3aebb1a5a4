//! The commands of a repository of several sites: `notis build` (all sites or `--site`)
//! and `notis which`.

use std::time::Instant;

use super::{Format, ReportArgs, WhichArgs, print_diagnostics, report_problems};
use crate::build::BuildOptions;
use crate::build::sites::{self, Repository};
use crate::diag::error::display_path;
use crate::diag::messages::{self, Lang};

/// Builds every chosen site of the repository; nothing is written when any site has an error.
pub fn run_build(repo: Repository, options: &BuildOptions, report: &ReportArgs, started: Instant, lang: Lang) -> u8 {
    let output = options.output.display().to_string();
    let waiting = || eprintln!("{}", messages::waiting_for_build(&output).get(lang));
    let built = sites::assemble_all(repo, options, report.deny_warnings)
        .and_then(|assembled| sites::write_all(assembled, options, &waiting));
    match built {
        Ok(done) => {
            report_problems(&done.warnings, &options.root, report.format, lang);
            for site in &done.sites {
                let shown = display_path(&options.root, &site.output);
                let r = &site.report;
                let line = messages::site_built(&site.name, r.files, r.articles, &shown, r.changed);
                println!("{}", line.get(lang));
                for (own, shared) in &site.overrides {
                    println!("  {}", messages::override_used(&site.name, own, shared).get(lang));
                }
            }
            let ms = started.elapsed().as_millis();
            println!("{}", messages::sites_built(done.sites.len(), ms).get(lang));
            0
        }
        Err(diagnostics) => {
            report_problems(&diagnostics, &options.root, report.format, lang);
            if report.format == Format::Human {
                eprintln!("{}", messages::build_failed(&output).get(lang));
            }
            1
        }
    }
}

/// `notis which PATH [--site NAME]`: one line per site.
pub fn run_which(args: WhichArgs, lang: Lang) -> u8 {
    match sites::which(&args.root, &args.path, args.site.as_deref()) {
        Ok(lines) => {
            for line in lines {
                println!("{}", line.get(lang));
            }
            0
        }
        Err(diagnostics) => {
            print_diagnostics(diagnostics, &args.root, lang);
            1
        }
    }
}
