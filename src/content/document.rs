//! parse: a source file → `Document` (validated front matter + Markdown body).
//!
//! Positions in errors are file positions: YAML lines are shifted past the
//! opening `---`, and the body keeps its starting line for Markdown.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::config::ShareTarget;
use crate::content::SourceFile;
use crate::content::front_matter::{self, SplitError};
use crate::diag::error::{Diagnostic, LineIndex};
use crate::diag::messages::{self, Message};
use crate::text::dates::{self, Moment};
use crate::text::yaml;

/// A person in the "Kontaktinformation" box.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    pub role: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// A contact as written, with where its phone number and address are for the checks.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContact {
    name: String,
    role: Option<String>,
    phone: Option<Spanned<String>>,
    email: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrontMatter {
    /// Optional here so that the other keys are still checked when the title's line has a
    /// mistake; its absence is reported by `parse_document`.
    title: Option<Spanned<String>>,
    date: Option<Spanned<String>>,
    updated: Option<Spanned<String>>,
    summary: Option<String>,
    tags: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    contacts: Vec<RawContact>,
    share: Option<ShareSetting>,
    feedback: Option<bool>,
    image: Option<RawImage>,
    slug: Option<Spanned<String>>,
    #[serde(default)]
    draft: bool,
    publish: Option<Spanned<String>>,
    expires: Option<Spanned<String>>,
    alert: Option<RawAlert>,
    crisis: Option<RawCrisis>,
    #[serde(default)]
    updates: Vec<RawUpdate>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    extra: serde_json::Map<String, serde_json::Value>,
    /// Multi-site repositories only: the sites that publish a shared file.
    sites: Option<Spanned<Vec<Spanned<String>>>>,
    /// Multi-site repositories only: the site whose copy search engines should index.
    canonical: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCrisisSpec {
    until: Option<Spanned<String>>,
}

/// One entry of `updates:` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUpdate {
    at: Option<Spanned<String>>,
    text: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImage {
    src: Spanned<String>,
    alt: Option<String>,
    credit: Option<String>,
    original: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAlertSpec {
    text: Option<String>,
    until: Option<Spanned<String>>,
}

/// `share:` is `true`, `false` or a list of targets.
#[derive(Debug)]
enum ShareSetting {
    Default(bool),
    Targets(Vec<ShareTarget>),
}

/// `alert:` is `true`/`false` or `{text, until}`.
#[derive(Debug)]
enum RawAlert {
    Flag(bool),
    Spec(RawAlertSpec),
}

/// `crisis:` is `true`/`false` or `{until}`.
#[derive(Debug)]
enum RawCrisis {
    Flag(bool),
    Spec(RawCrisisSpec),
}

impl<'de> Deserialize<'de> for ShareSetting {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ShareSetting;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("true, false or a list of share targets")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<ShareSetting, E> {
                Ok(ShareSetting::Default(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<ShareSetting, A::Error> {
                Vec::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(ShareSetting::Targets)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for RawAlert {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawAlert;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("true, false or {text: …, until: …}")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawAlert, E> {
                Ok(RawAlert::Flag(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawAlert, A::Error> {
                RawAlertSpec::deserialize(de::value::MapAccessDeserializer::new(map)).map(RawAlert::Spec)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for RawCrisis {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawCrisis;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("true, false or {until: …}")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawCrisis, E> {
                Ok(RawCrisis::Flag(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawCrisis, A::Error> {
                RawCrisisSpec::deserialize(de::value::MapAccessDeserializer::new(map)).map(RawCrisis::Spec)
            }
        }
        d.deserialize_any(V)
    }
}

/// What kind of content a document is; decides its URL and template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Article,
    Page,
}

/// A lead image with its required alternative text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Image {
    pub src: String,
    pub alt: String,
    /// The photographer, shown as "Foto: …".
    pub credit: Option<String>,
    /// Also publish the original file (a download link); by default only resized copies are.
    pub original: bool,
}

/// A site-wide disruption banner requested by an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertSpec {
    pub text: Option<String>,
    pub until: Option<Moment>,
}

/// An article marked as a crisis: a banner on every page, the start page leads with it,
/// and the crisis page lists it, while it is published and until `until`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrisisSpec {
    pub until: Option<Moment>,
}

/// A timestamped update of an article (`updates:`), as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    pub at: Moment,
    /// Markdown.
    pub text: String,
    /// The text rendered (filled in with the body, by `check::parse_file`).
    pub html: String,
    /// File line of the text's first line, minus one (Markdown positions are added to it).
    pub line_offset: usize,
}

/// A parsed, validated content file.
#[derive(Debug, Clone)]
pub struct Document {
    pub kind: DocumentKind,
    pub path: String,
    pub title: String,
    pub date: Option<Moment>,
    pub updated: Option<Moment>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    /// (slug, name) of each tag, slugged once here rather than on every re-model.
    pub topics: Vec<(String, String)>,
    pub contacts: Vec<Contact>,
    /// `None`: the site's default targets.
    pub share: Option<Vec<ShareTarget>>,
    pub feedback: bool,
    pub image: Option<Image>,
    pub slug: String,
    /// File position of the slug's source (the `slug:` or `title:` value).
    pub slug_position: (usize, usize),
    pub draft: bool,
    pub publish: Option<Moment>,
    pub expires: Option<Moment>,
    pub alert: Option<AlertSpec>,
    pub crisis: Option<CrisisSpec>,
    /// Oldest first, as sorted here; shown newest first.
    pub updates: Vec<Update>,
    pub aliases: Vec<(String, (usize, usize))>,
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// `sites:` (each name with its file position): the sites of a multi-site repository
    /// that publish this shared file; `None` means every site. Checked against sites.yaml
    /// by the multi-site build (`build::sites`), which alone knows the names.
    pub sites: Option<Vec<(String, (usize, usize))>>,
    /// `canonical:` and its file position: the site whose copy search engines should index.
    pub canonical: Option<(String, (usize, usize))>,
    pub body: String,
    pub body_line_offset: usize,
    /// File positions of values, from their own spans: `date`, `updated`, `publish`,
    /// `expires`, `image`, `alert.until`, `contacts.N.phone`, `contacts.N.email`, `tags.N`
    /// (N counts from 0; tags after empty ones are left out).
    pub positions: BTreeMap<String, (usize, usize)>,
    /// What is wrong with the document on its own, found once when it is parsed (example
    /// texts left in, then `check::own_findings`), reported with the site's checks: the
    /// preview re-checks only the links of 10 000 unchanged articles on a save.
    pub findings: Vec<Diagnostic>,
}

/// The longest slug notis makes: well under any file system's limit for a name.
pub const MAX_SLUG_CHARS: usize = 80;
/// The longest slug a writer may give with `slug:`: it must still be a file name on any
/// host (255 bytes), and existing addresses often carry numbers at the end that cutting
/// would lose, so it is not shortened, only refused beyond this.
pub const MAX_EXPLICIT_SLUG_CHARS: usize = 200;

/// Cuts a slug made from a title or file name to at most `MAX_SLUG_CHARS`, at a word.
pub fn shorten_slug(slug: &str) -> String {
    if slug.chars().count() <= MAX_SLUG_CHARS {
        return slug.to_string();
    }
    let cut: String = slug.chars().take(MAX_SLUG_CHARS + 1).collect();
    let at = cut.rfind('-').filter(|&i| i > 0).unwrap_or(MAX_SLUG_CHARS);
    cut[..at].trim_end_matches('-').to_string()
}

impl Document {
    /// When an article appears: `publish:`, else its `date:` — a date in the future means
    /// scheduled, as in Hugo and the CMSs writers come from.
    pub fn publishes_at(&self) -> Option<Moment> {
        match self.kind {
            DocumentKind::Article => self.publish.or(self.date),
            DocumentKind::Page => self.publish,
        }
    }

    /// The updates shown at `now`: one stamped later waits for its moment, as a
    /// scheduled article does.
    pub fn updates_by<'a>(&'a self, now: &'a Moment) -> impl DoubleEndedIterator<Item = &'a Update> + 'a {
        self.updates.iter().filter(move |u| u.at <= *now)
    }

    /// The moment of the latest update shown at `now`, if any.
    pub fn last_update_by(&self, now: &Moment) -> Option<Moment> {
        self.updates_by(now).map(|u| u.at).max()
    }

    /// Whether the crisis of this document has ended at `now` (false when it is none).
    pub fn crisis_ended(&self, now: &Moment) -> bool {
        self.crisis.as_ref().and_then(|c| c.until).is_some_and(|u| u <= *now)
    }

    /// File position of a value, e.g. `position("updated")` or `position("contacts.0.phone")`;
    /// the front matter's first line when it is not known.
    pub fn position(&self, key: &str) -> (usize, usize) {
        self.positions.get(key).copied().unwrap_or((2, 1))
    }
}

/// The largest content file notis reads. Far above any article (a long one is 50 KB);
/// a bound so that one file cannot make the build take minutes. Issue 8 promised that
/// a 10 MB article builds, so the bound sits above that.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

/// Tags per article: each becomes a topic page and a feed, so thousands of tags would
/// make thousands of pages from one small file.
pub const MAX_TAGS: usize = 20;

/// Punctuation a tag may hold besides letters, digits and spaces.
/// Not `,` or `:`: Pagefind reads `Ämne:a, b` in a filter attribute as two filters.
const TAG_PUNCTUATION: &str = "-–&.'’/()+";

/// The first character of `tag` outside the allowed set, if any.
fn bad_tag_char(tag: &str) -> Option<char> {
    tag.chars()
        .find(|c| !(c.is_alphanumeric() || *c == ' ' || TAG_PUNCTUATION.contains(*c)))
}

/// Parses one content file, returning every problem found in it: all the mistakes of the
/// front matter at once, also when its YAML has a syntax error (`yaml::parse_lenient`).
pub fn parse_document(file: &SourceFile, kind: DocumentKind) -> Result<Document, Vec<Diagnostic>> {
    let path = file.path.as_str();
    let text = read_text(file)?;
    let split = split_front_matter(path, &text)?;
    let off = split.yaml_line_offset;
    let (yaml_text, nbsp_warnings) = ordinary_spaces(path, split.yaml, off);
    let read = yaml::parse_lenient::<RawFrontMatter>(path, &yaml_text, off);
    let Some(raw) = read.value else {
        return Err(read.errors);
    };
    let mut p = Parse {
        path,
        off,
        errors: read.errors,
        dropped: read.dropped,
        positions: BTreeMap::new(),
    };
    let fields = p.fields(raw.without_controls(), kind);
    if !p.errors.is_empty() {
        return Err(p.errors);
    }
    Ok(Document {
        kind,
        path: path.to_string(),
        body: split.body.to_string(),
        body_line_offset: split.body_line_offset,
        positions: p.positions,
        findings: nbsp_warnings
            .into_iter()
            .chain(crate::content::placeholders::find(path, &text))
            .collect(),
        ..fields
    })
}

/// The file's text, normalised, or why it cannot be read as text.
fn read_text(file: &SourceFile) -> Result<std::borrow::Cow<'_, str>, Vec<Diagnostic>> {
    if file.bytes.len() > MAX_FILE_BYTES {
        let mib = |n: usize| n / (1024 * 1024);
        return Err(vec![
            Diagnostic::error(
                &file.path,
                messages::file_too_large(mib(file.bytes.len()), mib(MAX_FILE_BYTES)),
            )
            .at(1, 1),
        ]);
    }
    Ok(crate::text::normalise::normalise(decode(file)?))
}

impl RawFrontMatter {
    /// The texts without control characters: YAML escapes ("\0", "\e") make characters the
    /// file itself need not hold.
    fn without_controls(self) -> RawFrontMatter {
        use crate::text::normalise::strip_controls;
        let strip_spanned = |s: Spanned<String>| Spanned {
            value: strip_controls(s.value),
            ..s
        };
        RawFrontMatter {
            title: self.title.map(strip_spanned),
            summary: self.summary.map(strip_controls),
            tags: self.tags.map(|t| Spanned {
                value: t.value.into_iter().map(strip_spanned).collect(),
                ..t
            }),
            contacts: self
                .contacts
                .into_iter()
                .map(|c| RawContact {
                    name: strip_controls(c.name),
                    role: c.role.map(strip_controls),
                    phone: c.phone.map(strip_spanned),
                    email: c.email.map(strip_spanned),
                })
                .collect(),
            image: self.image.map(|i| RawImage {
                alt: i.alt.map(strip_controls),
                ..i
            }),
            alert: self.alert.map(|a| match a {
                RawAlert::Spec(spec) => RawAlert::Spec(RawAlertSpec {
                    text: spec.text.map(strip_controls),
                    ..spec
                }),
                flag => flag,
            }),
            ..self
        }
    }
}

/// Front matter with a non-breaking space after a key's colon (pasted from Word) read as an
/// ordinary space, and a warning for each: YAML would otherwise not see a key there.
fn ordinary_spaces(path: &str, yaml: &str, off: usize) -> (String, Vec<Diagnostic>) {
    if !yaml.contains('\u{a0}') {
        return (yaml.to_string(), Vec::new());
    }
    let mut warnings = Vec::new();
    let lines: Vec<String> = yaml
        .lines()
        .enumerate()
        .map(|(i, line)| match line.split_once(":\u{a0}") {
            Some((key, rest)) if !key.trim().is_empty() && !key.contains(' ') => {
                let col = key.chars().count() + 2;
                warnings.push(Diagnostic::warning(path, messages::invisible_space(key.trim())).at(i + 1 + off, col));
                format!("{key}: {rest}")
            }
            _ => line.to_string(),
        })
        .collect();
    (lines.join("\n") + "\n", warnings)
}

/// The file's text, or where its first byte that is not UTF-8 is.
fn decode(file: &SourceFile) -> Result<&str, Vec<Diagnostic>> {
    std::str::from_utf8(&file.bytes).map_err(|e| {
        let valid = &file.bytes[..e.valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        let (line, col) = LineIndex::new(valid).position(valid, valid.len());
        vec![Diagnostic::error(&file.path, messages::not_utf8()).at(line, col)]
    })
}

fn split_front_matter<'t>(path: &str, text: &'t str) -> Result<front_matter::Split<'t>, Vec<Diagnostic>> {
    front_matter::split(text).map_err(|e| {
        vec![match e {
            SplitError::NoOpening => Diagnostic::error(path, messages::no_front_matter()).at(1, 1),
            SplitError::NotClosed { .. } => Diagnostic::error(path, messages::front_matter_not_closed()).at(1, 1),
        }]
    })
}

/// The validation of one file's front matter: collects every problem and where values are.
struct Parse<'a> {
    path: &'a str,
    /// File line of the front matter's first line, minus one.
    off: usize,
    errors: Vec<Diagnostic>,
    /// Top-level keys whose lines had a mistake already reported: their value is unknown.
    dropped: Vec<String>,
    positions: BTreeMap<String, (usize, usize)>,
}

impl Parse<'_> {
    /// The document's fields from the front matter, with every problem in `self.errors`.
    /// The body and what is found in it are the caller's.
    fn fields(&mut self, raw: RawFrontMatter, kind: DocumentKind) -> Document {
        // Destructured exhaustively so a new key cannot be forgotten here.
        let RawFrontMatter {
            title,
            date,
            updated,
            summary,
            tags,
            contacts,
            share,
            feedback,
            image,
            slug,
            draft,
            publish,
            expires,
            alert,
            crisis,
            updates,
            aliases,
            extra,
            sites,
            canonical,
        } = raw;
        let title = self.title(title);
        if kind == DocumentKind::Article && date.is_none() && !self.was_dropped("date") {
            self.error((self.off + 1, 1), messages::missing_date());
        }
        let (slug, slug_position) = self.slug(slug, kind, &title);
        let (tags, topics) = self.topics(tags);
        if kind == DocumentKind::Page && matches!(crisis, Some(RawCrisis::Flag(true) | RawCrisis::Spec(_))) {
            self.error((self.off + 1, 1), messages::crisis_on_page());
        }
        Document {
            kind,
            path: String::new(),
            title: title.0.trim().to_string(),
            date: self.moment(date, "date"),
            updated: self.moment(updated, "updated"),
            summary: summary.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
            topics,
            tags,
            contacts: self.contacts(contacts),
            share: share.and_then(|s| match s {
                ShareSetting::Default(true) => None,
                ShareSetting::Default(false) => Some(Vec::new()),
                ShareSetting::Targets(t) => Some(t),
            }),
            feedback: feedback.unwrap_or(true),
            image: self.image(image),
            slug,
            slug_position,
            draft,
            publish: self.moment(publish, "publish"),
            expires: self.moment(expires, "expires"),
            alert: self.alert(alert),
            crisis: self.crisis(crisis),
            updates: self.updates(updates),
            // Whether an alias is a usable address is the route table's to say.
            aliases: aliases
                .into_iter()
                .map(|a| (a.value.clone(), yaml::position(&a, self.off)))
                .collect(),
            extra,
            sites: sites.map(|list| {
                list.value
                    .into_iter()
                    .map(|n| (n.value.trim().to_string(), yaml::position(&n, self.off)))
                    .collect()
            }),
            canonical: canonical.map(|c| (c.value.trim().to_string(), yaml::position(&c, self.off))),
            body: String::new(),
            body_line_offset: 0,
            positions: BTreeMap::new(),
            findings: Vec::new(),
        }
    }

    /// Whether `key` was on a line already reported, itself or misspelt (`Date:` for
    /// `date:`): then saying it is missing would only repeat that error.
    fn was_dropped(&self, key: &str) -> bool {
        crate::diag::error::did_you_mean(key, self.dropped.iter().map(String::as_str)).is_some()
    }

    /// The title, or an empty one with an error when it is missing or blank (none when its
    /// line had a mistake, which is reported already).
    fn title(&mut self, title: Option<Spanned<String>>) -> (String, (usize, usize)) {
        let Some(title) = title else {
            if !self.was_dropped("title") {
                self.error((self.off + 1, 1), messages::missing_key("title"));
            }
            return (String::new(), (self.off + 1, 1));
        };
        let at = yaml::position(&title, self.off);
        if title.value.trim().is_empty() {
            self.error(at, messages::title_empty());
        }
        (title.value, at)
    }

    fn contacts(&mut self, contacts: Vec<RawContact>) -> Vec<Contact> {
        let mut at = |key: String, value: Option<Spanned<String>>| {
            value.map(|v| {
                self.positions.insert(key, yaml::position(&v, self.off));
                v.value
            })
        };
        contacts
            .into_iter()
            .enumerate()
            .map(|(i, c)| Contact {
                name: c.name,
                role: c.role,
                phone: at(format!("contacts.{i}.phone"), c.phone),
                email: at(format!("contacts.{i}.email"), c.email),
            })
            .collect()
    }

    fn error(&mut self, (line, col): (usize, usize), message: Message) {
        self.errors.push(Diagnostic::error(self.path, message).at(line, col));
    }

    fn moment(&mut self, value: Option<Spanned<String>>, key: &'static str) -> Option<Moment> {
        let value = value?;
        let at = yaml::position(&value, self.off);
        self.positions.insert(key.to_string(), at);
        let parsed = dates::parse_moment(&value.value);
        if parsed.is_none() {
            self.error(at, messages::bad_date(key, &value.value));
        }
        parsed
    }

    fn alert(&mut self, alert: Option<RawAlert>) -> Option<AlertSpec> {
        match alert? {
            RawAlert::Flag(false) => None,
            RawAlert::Flag(true) => Some(AlertSpec {
                text: None,
                until: None,
            }),
            RawAlert::Spec(spec) => Some(AlertSpec {
                text: spec.text.filter(|t| !t.trim().is_empty()),
                until: self.moment(spec.until, "alert.until"),
            }),
        }
    }

    fn crisis(&mut self, crisis: Option<RawCrisis>) -> Option<CrisisSpec> {
        match crisis? {
            RawCrisis::Flag(false) => None,
            RawCrisis::Flag(true) => Some(CrisisSpec { until: None }),
            RawCrisis::Spec(spec) => Some(CrisisSpec {
                until: self.moment(spec.until, "crisis.until"),
            }),
        }
    }

    /// The updates, oldest first; each needs a valid `at` and a text.
    fn updates(&mut self, updates: Vec<RawUpdate>) -> Vec<Update> {
        let mut out = Vec::with_capacity(updates.len());
        for (i, u) in updates.into_iter().enumerate() {
            let key = format!("updates.{i}.at");
            // A missing `text` is shown at the entry's `at`, the line the writer looks at.
            let entry_at =
                u.at.as_ref()
                    .map_or((self.off + 1, 1), |at| yaml::position(at, self.off));
            let at = match u.at {
                Some(at) => {
                    let pos = yaml::position(&at, self.off);
                    self.positions.insert(key, pos);
                    let parsed = dates::parse_moment(&at.value);
                    if parsed.is_none() {
                        self.error(pos, messages::bad_date("at", &at.value));
                    }
                    parsed
                }
                None => {
                    self.error((self.off + 1, 1), messages::update_without(i + 1, "at"));
                    None
                }
            };
            let text = match u.text {
                Some(t) if !t.value.trim().is_empty() => Some((
                    crate::text::normalise::strip_controls(t.value.clone()),
                    yaml::position(&t, self.off).0,
                )),
                Some(t) => {
                    self.error(yaml::position(&t, self.off), messages::update_without(i + 1, "text"));
                    None
                }
                None => {
                    self.error(entry_at, messages::update_without(i + 1, "text"));
                    None
                }
            };
            if let (Some(at), Some((text, line))) = (at, text) {
                out.push(Update {
                    at,
                    text,
                    html: String::new(),
                    line_offset: line.saturating_sub(1),
                });
            }
        }
        out.sort_by_key(|u| u.at);
        out
    }

    fn image(&mut self, image: Option<RawImage>) -> Option<Image> {
        let img = image?;
        let at = yaml::position(&img.src, self.off);
        self.positions.insert("image".to_string(), at);
        if let Some(scheme) = crate::text::urls::forbidden_scheme(&img.src.value) {
            self.error(at, crate::text::urls::forbidden(&img.src.value, scheme));
        }
        match img.alt {
            Some(alt) if !alt.trim().is_empty() => Some(Image {
                src: img.src.value,
                alt,
                credit: img.credit.filter(|c| !c.trim().is_empty()),
                original: img.original.unwrap_or(false),
            }),
            _ => {
                self.error((self.off + 1, 1), messages::image_without_alt());
                None
            }
        }
    }

    /// The slug and where it comes from: `slug:`, else the file name (pages) or title (articles).
    fn slug(
        &mut self,
        slug: Option<Spanned<String>>,
        kind: DocumentKind,
        (title, title_at): &(String, (usize, usize)),
    ) -> (String, (usize, usize)) {
        let (slug, at) = match slug {
            Some(s) => {
                let cleaned = slug::slugify(&s.value);
                let at = yaml::position(&s, self.off);
                if cleaned.is_empty() {
                    self.error(at, messages::slug_without_letters(&s.value));
                } else if cleaned.len() > MAX_EXPLICIT_SLUG_CHARS {
                    self.error(
                        at,
                        messages::slug_too_long(cleaned.chars().count(), MAX_EXPLICIT_SLUG_CHARS),
                    );
                }
                return (cleaned, at);
            }
            // Pages live at their file's name (sidor/kakor.md → /sidor/kakor/); articles at their title's.
            None if kind == DocumentKind::Page => {
                let stem = std::path::Path::new(self.path)
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                (shorten_slug(&slug::slugify(stem)), (1, 1))
            }
            None => (shorten_slug(&slug::slugify(title)), *title_at),
        };
        if slug.is_empty() && self.errors.is_empty() {
            self.error(at, messages::title_gives_empty_address());
        }
        (slug, at)
    }

    /// Trimmed tags and their topics (slug, name); a tag that gives no address is an error.
    fn topics(&mut self, tags: Option<Spanned<Vec<Spanned<String>>>>) -> (Vec<String>, Vec<(String, String)>) {
        let Some(tags) = tags else {
            return (Vec::new(), Vec::new());
        };
        let list_at = yaml::position(&tags, self.off);
        let tags: Vec<(String, (usize, usize))> = tags
            .value
            .into_iter()
            .map(|t| (t.value.trim().to_string(), yaml::position(&t, self.off)))
            .filter(|(t, _)| !t.is_empty())
            .collect();
        if tags.len() > MAX_TAGS {
            self.error(list_at, messages::too_many_tags(tags.len(), MAX_TAGS));
            return (Vec::new(), Vec::new());
        }
        let mut topics = Vec::with_capacity(tags.len());
        for (i, (tag, at)) in tags.iter().enumerate() {
            self.positions.insert(format!("tags.{i}"), *at);
            let slug = shorten_slug(&slug::slugify(tag));
            if slug.is_empty() {
                self.error(*at, messages::tag_without_letters(tag));
            } else if let Some(c) = bad_tag_char(tag) {
                // Tags reach Pagefind's filter labels, which it sets as HTML (issue 13).
                let allowed = TAG_PUNCTUATION.chars().map(String::from).collect::<Vec<_>>().join(" ");
                self.error(
                    *at,
                    messages::tag_character(&crate::diag::error::escape_controls(tag), c, &allowed),
                );
            } else {
                topics.push((slug, tag.clone()));
            }
        }
        (tags.into_iter().map(|(t, _)| t).collect(), topics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Document, Vec<Diagnostic>> {
        let file = SourceFile {
            path: "content/nyheter/a.md".into(),
            bytes: text.as_bytes().to_vec(),
        };
        parse_document(&file, DocumentKind::Article)
    }

    #[test]
    fn parses_a_full_article() {
        let d = parse("---\ntitle: Störningar hos IT\ndate: 2018-04-24\ntags: [IT]\nshare: [email]\nalert: {text: Läs mer, until: 2018-05-01}\n---\nText\n").unwrap();
        assert_eq!(d.slug, "storningar-hos-it");
        assert_eq!(d.share, Some(vec![ShareTarget::Email]));
        assert_eq!(d.alert.unwrap().text.as_deref(), Some("Läs mer"));
        assert_eq!(d.body, "Text\n");
        assert_eq!(d.body_line_offset, 7);
    }

    #[test]
    fn error_on_line_one_of_yaml_is_file_line_two() {
        let e = parse("---\ntitel: X\ndate: 2018-04-24\n---\n").unwrap_err();
        assert_eq!((e[0].line, e[0].col), (2, 1));
        assert_eq!(e[0].help.as_ref().map(|h| h.en.as_str()), Some("did you mean `title`?"));
    }

    #[test]
    fn bad_date_deeper_in_the_file_is_located() {
        let e = parse("---\ntitle: X\nsummary: Y\ndate: 24 april 2018\n---\n").unwrap_err();
        assert_eq!((e[0].line, e[0].col), (4, 7));
        assert!(e[0].message.contains("not a valid date"));
    }

    #[test]
    fn several_problems_in_one_file_are_all_reported() {
        let e = parse("---\ntitle: X\ndate: nej\nupdated: inte heller\nimage: {src: /a.jpg}\n---\n").unwrap_err();
        assert_eq!(e.len(), 3, "{e:?}");
    }

    #[test]
    fn share_false_means_no_targets() {
        let d = parse("---\ntitle: X\ndate: 2018-04-24\nshare: false\n---\n").unwrap();
        assert_eq!(d.share, Some(vec![]));
    }

    #[test]
    fn unknown_share_target_suggests() {
        let e = parse("---\ntitle: X\ndate: 2018-04-24\nshare: [facebok]\n---\n").unwrap_err();
        assert_eq!(e[0].line, 4);
        assert_eq!(
            e[0].help.as_ref().map(|h| h.en.as_str()),
            Some("did you mean `facebook`?")
        );
    }

    #[test]
    fn invalid_utf8_is_located() {
        let file = SourceFile {
            path: "a.md".into(),
            bytes: b"---\ntitle: \xff\n".to_vec(),
        };
        let e = parse_document(&file, DocumentKind::Article).unwrap_err();
        assert_eq!((e[0].line, e[0].col), (2, 8));
    }

    #[test]
    fn values_are_located_by_their_own_span() {
        let d = parse(
            "---\ntitle: IT 12\ndate: 2024-03-12\nsummary: Ring 0250.\ntags: [IT, Trafik]\ncontacts:\n  - name: A\n    phone: 0250\n    email: 12@x.se\n---\n",
        )
        .unwrap();
        assert_eq!(d.position("contacts.0.phone"), (8, 12));
        assert_eq!(d.position("contacts.0.email"), (9, 12));
        assert_eq!(d.position("tags.0"), (5, 8));
        assert_eq!(d.position("tags.1"), (5, 12));
    }

    #[test]
    fn a_misspelt_date_key_is_not_also_missing() {
        let e = parse("---\ntitle: X\nDate: 2024-01-01\n---\n").unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].code, "unknown-key");
    }

    #[test]
    fn the_checks_of_values_run_after_a_syntax_error() {
        let mut e = parse("---\ntitle: Viktigt: x\ndate: 2024-13-01\nslug: '---'\n---\n").unwrap_err();
        e.sort_by_key(|d| d.line);
        let found: Vec<(usize, &str)> = e.iter().map(|d| (d.line, d.code.as_str())).collect();
        assert_eq!(
            found,
            [(2, "colon-in-value"), (3, "bad-date"), (4, "slug-without-letters")]
        );
    }
}
