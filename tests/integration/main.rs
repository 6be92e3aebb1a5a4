//! Integration tests: the real `notis` binary over fixture sites in tests/fixtures/.

mod archive;
mod cache_property;
mod checks;
mod common;
mod crisis;
mod docs;
mod errors;
#[cfg(feature = "feedback")]
mod feedback;
mod foundation;
mod hostile;
mod images;
mod messages;
mod multisite;
#[cfg(feature = "feedback")]
mod page_feedback;
mod pixels;
mod robustness;
mod route_table;
mod search;
mod serve;
mod site_features;
mod subfolder;
#[cfg(feature = "feedback")]
mod subscriptions;
