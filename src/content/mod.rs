//! Content stages: discover files on disk, split and parse them into documents.

pub mod discover;
pub mod document;
pub mod front_matter;
pub mod html_scan;
pub mod layers;
pub mod markdown;
pub mod placeholders;
pub mod svg;
pub mod walker;

pub use discover::{SiteSource, SourceFile, discover};
pub use document::{Document, DocumentKind, parse_document};
