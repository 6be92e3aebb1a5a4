//! model: the site as data — articles, pages, topics — with a total order everywhere.

pub mod paginate;
pub mod site;

pub use site::{Article, Page, Site, Status, build_site};

use serde::{Deserialize, Serialize};

/// Where a "Dela med andra" link sends the reader. No target loads anything until clicked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ShareTarget {
    Facebook,
    Linkedin,
    X,
    Email,
    Copy,
}

/// A person in the "Kontaktinformation" box.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    pub role: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// A "Visste du att…" fact.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub text: String,
    pub link: Option<String>,
}
