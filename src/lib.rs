//! notis: a static site generator for Swedish municipal news.
//!
//! The pipeline (see `build`): site.yaml → `Config`; `discover` content;
//! `parse` front matter; `markdown`; `model` the `Site`; `render` with Tera;
//! `write` atomically. Only `content::discover` and `write` touch the disk.

pub mod build;
pub mod cache;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod dates;
pub mod error;
#[cfg(feature = "feedback")]
pub mod feedback;
pub mod fuzzing;
pub mod html_scan;
pub mod images;
pub mod markdown;
pub mod messages;
pub mod model;
pub mod outputs;
pub mod placeholders;
pub mod render;
pub mod report;
pub mod scaffold;
#[cfg(feature = "serve")]
pub mod serve;
pub mod urls;
pub mod write;
pub mod yaml;

pub use build::{BuildOptions, BuildReport, build};
pub use error::{Diagnostic, Severity};
