//! Integration tests: the real `notis` binary over fixture sites in tests/fixtures/.

mod checks;
mod common;
mod errors;
mod foundation;
mod robustness;
mod search;
mod serve;
mod site_features;
