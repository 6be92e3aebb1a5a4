//! model: the site as data — articles, pages, topics — with a total order everywhere.

pub mod paginate;
pub mod photos;
pub mod routes;
pub mod schedule;
pub mod site;

pub use crate::config::ShareTarget;
pub use crate::content::document::Contact;
pub use routes::{Job, Route, Routes};
pub use site::{Article, Page, Site, Status, build_site};

use serde::{Deserialize, Serialize};

/// A "Visste du att…" fact.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub text: String,
    pub link: Option<String>,
}
