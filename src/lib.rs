//! notis: a static site generator for Swedish municipal news.
//!
//! The folders are the pipeline, from the ground floor up (a room imports only rooms
//! below it; `tools/module_cycles.py` keeps it so):
//!
//! ```text
//! diag     Diagnostic, the message catalogue, the report printer
//! text     dates, URLs, YAML positions, escaping, normalising
//! config   site.yaml → Config        manifest  sites.yaml → Manifest (several sites, one repository)
//! content  discover (the one walker) → front matter → Document → markdown; SVG and HTML scans
//! model    Site, the route table (every output path and its owner), pagination, photo data
//! images   photo variants: plan, decode, orient, strip, resize, encode; EXIF/XMP reading
//! check    links, images, contacts, dates across the site
//! render   Tera pages, feeds, sitemap, JSON-LD → OutputFile
//! write    staging and the atomic swap, the cache, the search index
//! build    the assembly (load → parse → model → routes → check) and `notis build`
//! scaffold `notis new` and `notis init`
//! serve    the live preview          feedback  the receiver of "Kommentera sidan"
//! cli      commands and their options (main.rs only calls it)
//! ```
//!
//! Only `content::discover`/`content::walker`, `images`, `write`, `serve` and `feedback`
//! touch the disk or the network; "now" comes in through `BuildOptions`.

pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod diag;
#[cfg(feature = "feedback")]
pub mod feedback;
pub mod images;
pub mod manifest;
pub mod model;
pub mod render;
pub mod scaffold;
#[cfg(feature = "serve")]
pub mod serve;
pub mod text;
pub mod write;

pub use build::{BuildOptions, BuildReport, build};
pub use diag::error::{Diagnostic, Severity};
