//! The `notis` command: parse arguments, run, print diagnostics, set the exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = notis::cli::Cli::parse();
    ExitCode::from(notis::cli::run(cli))
}
