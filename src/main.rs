//! The `notis` command: parse arguments, run, print diagnostics, set the exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = notis::cli::Cli::parse();
    ExitCode::from(notis::cli::run(cli))
}

// Rendering allocates many short-lived strings on every core; mimalloc handles that
// far better than glibc's malloc (about a fifth of a build's time went to malloc/free).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
