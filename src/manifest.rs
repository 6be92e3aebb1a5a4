//! manifest: sites.yaml → `Manifest`, the sites of a multi-site repository in the order
//! written (the order decides the default canonical site and the order of the summary).
//!
//! The file is the one explicit list of sites: a folder under sites/ that it does not name
//! is not built, and a name written anywhere else (`sites:`, `canonical:`, `--site`) must be
//! one of its names or it is an error with a suggestion.

use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;

use crate::diag::error::{Diagnostic, did_you_mean};
use crate::diag::messages;
use crate::text::yaml;

pub const MANIFEST_FILE: &str = "sites.yaml";

/// One site of the repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteEntry {
    /// Lower-case letters, digits and hyphens: a folder name in the output and in messages.
    pub name: String,
    /// Its folder relative to the root, `/`-separated, without `..`: `sites/<name>` by default.
    pub folder: String,
    /// Where the name is written in sites.yaml.
    pub at: (usize, usize),
}

/// The sites of a repository, in the order of sites.yaml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub sites: Vec<SiteEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    sites: Option<OrderedSites>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSite {
    path: Option<Spanned<String>>,
}

/// The `sites:` mapping with its order kept (a map type would sort it).
#[derive(Debug)]
struct OrderedSites(Vec<(Spanned<String>, Option<RawSite>)>);

impl<'de> Deserialize<'de> for OrderedSites {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OrderedSites;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping from site names to their settings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OrderedSites, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    out.push(entry);
                }
                Ok(OrderedSites(out))
            }
        }
        d.deserialize_map(V)
    }
}

impl Manifest {
    pub fn names(&self) -> Vec<&str> {
        self.sites.iter().map(|s| s.name.as_str()).collect()
    }

    pub fn get(&self, name: &str) -> Option<&SiteEntry> {
        self.sites.iter().find(|s| s.name == name)
    }

    /// The site called `name`, or the message for a name that is none of them (`what` is
    /// where it was written), with the closest name as a suggestion.
    pub fn find(&self, name: &str, what: &str) -> Result<&SiteEntry, messages::Message> {
        self.get(name).ok_or_else(|| {
            let names = self.names();
            let suggestion = did_you_mean(name, names.iter().copied());
            messages::unknown_site(name, what, suggestion, &names)
        })
    }
}

/// Whether `name` can name a site: it becomes a folder of the output and part of messages.
pub fn is_site_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A folder below the root, written with `/`: no `..`, `.`, empty part or absolute path.
fn is_inner_folder(folder: &str) -> bool {
    !folder.is_empty()
        && !folder.starts_with('/')
        && !folder.contains('\\')
        && folder
            .trim_end_matches('/')
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".." && !part.chars().any(char::is_control))
}

/// Parses sites.yaml, reporting every mistake at once.
pub fn parse(text: &str) -> Result<Manifest, Vec<Diagnostic>> {
    let text = crate::text::normalise::normalise(text);
    let read = yaml::parse_lenient::<RawManifest>(MANIFEST_FILE, &text, 0);
    let Some(raw) = read.value else {
        return Err(read.errors);
    };
    let mut errors = read.errors;
    let entries = raw.sites.map(|s| s.0).unwrap_or_default();
    if entries.is_empty() && errors.is_empty() {
        errors.push(Diagnostic::error(MANIFEST_FILE, messages::no_sites_listed()).at(1, 1));
    }
    let mut sites: Vec<SiteEntry> = Vec::new();
    for (name, settings) in entries {
        let at = yaml::position(&name, 0);
        let name = name.value.trim().to_string();
        if !is_site_name(&name) {
            errors.push(Diagnostic::error(MANIFEST_FILE, messages::bad_site_name(&name)).at(at.0, at.1));
            continue;
        }
        let folder = match settings.and_then(|s| s.path) {
            Some(path) => {
                let value = path.value.trim().trim_end_matches('/').to_string();
                if !is_inner_folder(&value) {
                    let (line, col) = yaml::position(&path, 0);
                    errors.push(Diagnostic::error(MANIFEST_FILE, messages::bad_site_folder(&value)).at(line, col));
                    continue;
                }
                value
            }
            None => format!("sites/{name}"),
        };
        sites.push(SiteEntry { name, folder, at });
    }
    if errors.is_empty() {
        Ok(Manifest { sites })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_keep_their_order_and_default_folders() {
        let m = parse("sites:\n  orsa: {}\n  mora:\n  alvdalen: {path: kommuner/alvdalen/}\n").unwrap();
        assert_eq!(m.names(), ["orsa", "mora", "alvdalen"]);
        assert_eq!(m.sites[0].folder, "sites/orsa");
        assert_eq!(m.sites[1].folder, "sites/mora");
        assert_eq!(m.sites[2].folder, "kommuner/alvdalen");
        assert_eq!(m.sites[1].at, (3, 3));
    }

    #[test]
    fn mistakes_are_located_and_explained() {
        let errors = parse("sites:\n  Orsa kommun: {}\n  mora: {path: ../mora}\n").unwrap_err();
        let found: Vec<(usize, &str)> = errors.iter().map(|d| (d.line, d.code.as_str())).collect();
        assert_eq!(found, [(2, "bad-site-name"), (3, "bad-site-folder")], "{errors:?}");
        let misspelt = parse("sites:\n  orsa: {pth: x}\n").unwrap_err();
        assert_eq!((misspelt[0].line, misspelt[0].col), (2, 10));
        assert_eq!(misspelt[0].help.as_ref().unwrap().sv, "menade du `path`?");
        assert_eq!(parse("sites: {}\n").unwrap_err()[0].code, "no-sites");
    }

    #[test]
    fn a_misspelt_name_gets_a_suggestion() {
        let m = parse("sites:\n  mora: {}\n  orsa: {}\n").unwrap();
        let message = m.find("ora", "--site").unwrap_err();
        assert_eq!(message.help.unwrap().sv, "menade du `orsa`?");
        assert!(m.find("orsa", "--site").is_ok());
    }
}
