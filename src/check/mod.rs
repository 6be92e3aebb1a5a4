//! check: validations beyond parsing — links, images, dates, contacts, tags, headings.
//!
//! Pure: works on the modelled `Site` plus the list of static and theme files.
//! `notis check` and `notis build` run the same checks.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use foldhash::fast::RandomState;
use rayon::prelude::*;

use crate::content::markdown::{Heading, Rendered};
use crate::content::{Document, DocumentKind, SourceFile};
use crate::diag::error::Diagnostic;
use crate::diag::messages;
use crate::model::Routes;
use crate::model::Site;

/// Every URL path the built site will answer, plus the headings of each page for
/// `#anchors`. Borrowed from the site and its routes: the preview builds it on every save.
pub struct UrlMap<'a> {
    paths: HashSet<&'a str, RandomState>,
    headings: HashMap<&'a str, &'a [Heading], RandomState>,
}

impl<'a> UrlMap<'a> {
    /// Every address of the route table, and the heading ids of every article and page.
    pub fn new(site: &'a Site, routes: &'a Routes) -> UrlMap<'a> {
        // A photo is published as its variants, and links to it are rewritten to them: its
        // own address counts as existing.
        let mut paths =
            HashSet::with_capacity_and_hasher(routes.len() + site.photos.by_url.len(), RandomState::default());
        paths.extend(routes.iter().map(|r| r.url.as_str()));
        paths.extend(site.photos.by_url.keys().map(String::as_str));
        let mut headings =
            HashMap::with_capacity_and_hasher(site.articles.len() + site.pages.len(), RandomState::default());
        headings.extend(
            site.articles
                .iter()
                .map(|a| (a.url.as_str(), a.body.headings.as_slice())),
        );
        headings.extend(site.pages.iter().map(|p| (p.url.as_str(), p.body.headings.as_slice())));
        UrlMap { paths, headings }
    }

    fn exists(&self, path: &str) -> bool {
        let path = path.strip_suffix("index.html").unwrap_or(path);
        self.paths.contains(path) || (!path.ends_with('/') && self.paths.contains(format!("{path}/").as_str()))
    }
}

/// Runs every check over the site; returns errors and warnings.
pub fn check_site(site: &Site, urls: &UrlMap) -> Vec<Diagnostic> {
    // Unpublished articles are checked too: they will be published one day.
    let docs: Vec<(&Document, &String, &Rendered)> = site
        .articles
        .iter()
        .map(|a| (&*a.doc, &a.url, &*a.body))
        .chain(site.pages.iter().map(|p| (&*p.doc, &p.url, &*p.body)))
        .chain(site.unpublished.iter().map(|(d, u, b)| (&**d, u, &**b)))
        .collect();
    // Each document on its own, in parallel (the preview checks the whole site on every
    // save); the results keep the documents' order.
    let mut out: Vec<Diagnostic> = docs
        .par_iter()
        .flat_map_iter(|&(doc, url, body)| check_document(doc, url, body, urls))
        .collect();
    mark_unpublished(site, &mut out);
    check_tag_spellings(site, &mut out);
    // An explicit `publish:` is a decision; a future `date:` alone may be a mistyped year,
    // so only that is a warning (and `--deny-warnings` in CI does not fail on every
    // article planned ahead on purpose).
    let by_date_alone: std::collections::HashSet<&str> = site
        .unpublished
        .iter()
        .filter(|(d, _, _)| d.publish.is_none())
        .map(|(d, _, _)| d.path.as_str())
        .collect();
    for (path, publish) in site
        .scheduled
        .iter()
        .filter(|(p, _)| by_date_alone.contains(p.as_str()))
    {
        out.push(Diagnostic::warning(
            path,
            crate::diag::messages::scheduled_warning(
                &crate::text::dates::swedish_date_time(publish),
                &publish.format("%Y-%m-%d %H:%M").to_string(),
            ),
        ));
    }
    out
}

/// Warnings about drafts and expired articles that this build leaves out are marked as
/// such: a draft's example text must not fail a `--deny-warnings` build. Scheduled
/// articles are not marked: a later build publishes them without anyone looking again.
/// Errors stay errors: the document is meant to be published one day.
fn mark_unpublished(site: &Site, out: &mut [Diagnostic]) {
    let left_out: HashMap<&str, bool, RandomState> = site
        .unpublished
        .iter()
        .filter_map(|(d, _, _)| match crate::model::site::Status::of(d, &site.now) {
            crate::model::site::Status::Draft => Some((d.path.as_str(), true)),
            crate::model::site::Status::Expired => Some((d.path.as_str(), false)),
            _ => None,
        })
        .collect();
    if left_out.is_empty() {
        return;
    }
    for d in out
        .iter_mut()
        .filter(|d| d.severity == crate::diag::error::Severity::Warning)
    {
        if let Some(&draft) = left_out.get(d.path.as_str()) {
            *d = d.clone().about_unpublished(messages::unpublished_note(draft));
        }
    }
}

/// The checks of one article or page: what was found in it when it was parsed, and its
/// links and lead image against the rest of the site.
fn check_document(doc: &Document, url: &str, body: &Rendered, urls: &UrlMap) -> Vec<Diagnostic> {
    let mut out = doc.findings.clone();
    check_links(doc, url, body, urls, &mut out);
    check_lead_image(doc, urls, &mut out);
    out
}

/// The checks that need nothing but the document itself: alt texts, dates, contacts,
/// heading levels and HTML removed for safety. Run once, when the document is parsed.
pub fn own_findings(doc: &Document, body: &Rendered) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_alt_texts(doc, body, &mut out);
    check_dates(doc, &mut out);
    check_contacts(doc, &mut out);
    check_headings(doc, body, &mut out);
    for r in &body.removed {
        out.push(Diagnostic::warning(&doc.path, messages::removed_for_safety(&r.what)).at(r.line, r.col));
    }
    out
}

/// "Visste du att…" links: shown on every page, so a script address there reaches every
/// reader, and a broken one is broken everywhere. Same rules as links in articles.
/// `file` is the facts file as read, to point at the line of each link.
pub fn check_facts(site: &Site, urls: &UrlMap, file: Option<&crate::content::SourceFile>) -> Vec<Diagnostic> {
    let Some(file) = file else { return Vec::new() };
    let text = String::from_utf8_lossy(&file.bytes);
    let index = crate::diag::error::LineIndex::new(&text);
    let mut searched_from = 0;
    let mut out = Vec::new();
    for link in site.facts.iter().filter_map(|f| f.link.as_deref()) {
        // Facts are in file order: look for each link after the previous one.
        let at = text[searched_from..]
            .find(link)
            .map(|i| searched_from + i)
            .or_else(|| text.find(link));
        let (line, col) = at.map_or((0, 0), |at| index.position(&text, at));
        if let Some(at) = at {
            searched_from = at + link.len();
        }
        if let Some(scheme) = crate::text::urls::forbidden_scheme(link) {
            out.push(Diagnostic::error(&file.path, crate::text::urls::forbidden(link, scheme)).at(line, col));
            continue;
        }
        if let Some((path, _)) = resolve("/", link.trim())
            && !urls.exists(&path)
        {
            out.push(Diagnostic::error(&file.path, crate::diag::messages::broken_fact_link(link.trim())).at(line, col));
        }
    }
    out
}

/// A parsed document and its rendered body, shared so the preview can keep them between edits.
pub type Parsed = (Arc<Document>, Arc<Rendered>);

/// The parse path of one content file, the one `notis build`, `notis check`, the preview
/// and the fuzz target share: the document, its Markdown rendered (sanitised unless the
/// site sets `unsafe_html`), and what is wrong with it on its own.
pub fn parse_file(file: &SourceFile, kind: DocumentKind, unsafe_html: bool) -> Result<Parsed, Vec<Diagnostic>> {
    let mut doc = crate::content::parse_document(file, kind)?;
    let mut body =
        crate::content::markdown::render(&doc.body, doc.body_line_offset, doc.summary.is_none(), !unsafe_html);
    render_updates(&mut doc, &mut body, unsafe_html);
    if !body.errors.is_empty() {
        return Err(body.errors.iter().map(|e| e.to_diagnostic(&file.path)).collect());
    }
    doc.body = String::new(); // rendered now; don't carry the Markdown further
    let mut own = own_findings(&doc, &body);
    doc.findings.append(&mut own);
    Ok((Arc::new(doc), Arc::new(body)))
}

/// Renders the Markdown of each update the way the body is rendered; its links, images
/// and problems join the body's, so the checks see them at the update's lines.
fn render_updates(doc: &mut Document, body: &mut Rendered, unsafe_html: bool) {
    for update in &mut doc.updates {
        let r = crate::content::markdown::render(&update.text, update.line_offset, false, !unsafe_html);
        update.html = r.html;
        body.links.extend(r.links);
        body.images.extend(r.images);
        body.removed.extend(r.removed);
        body.errors.extend(r.errors);
    }
}

/// The whole parse path for one file, on arbitrary bytes: `parse_file` as a site with the
/// default settings runs it, and the per-document checks (links resolved against the
/// document itself). Used by the fuzz target; must never panic or hang.
pub fn check_file(bytes: &[u8]) -> Vec<Diagnostic> {
    let file = SourceFile {
        path: "content/nyheter/fuzz.md".to_string(),
        bytes: bytes.to_vec(),
    };
    let (doc, body) = match parse_file(&file, DocumentKind::Article, false) {
        Ok(parsed) => parsed,
        Err(errors) => return errors,
    };
    let url = crate::model::routes::article("nyheter", &doc.slug);
    let urls = UrlMap {
        paths: HashSet::from_iter([url.as_str(), "/"]),
        headings: HashMap::from_iter([(url.as_str(), body.headings.as_slice())]),
    };
    check_document(&doc, &url, &body, &urls)
}

/// Resolves a link against the page's URL: `None` for external links.
fn resolve(page_url: &str, dest: &str) -> Option<(String, Option<String>)> {
    let (rest, fragment) = match dest.split_once('#') {
        Some((r, f)) => (r, Some(f.to_string())),
        None => (dest, None),
    };
    let rest = rest.split('?').next().unwrap_or("");
    if rest.starts_with("//") || rest.split('/').next().is_some_and(|first| first.contains(':')) {
        return None;
    }
    if rest.is_empty() {
        return Some((page_url.to_string(), fragment));
    }
    let joined = if rest.starts_with('/') {
        rest.to_string()
    } else {
        format!("{}{rest}", &page_url[..=page_url.rfind('/').unwrap_or(0)])
    };
    let decoded = percent_encoding::percent_decode_str(&joined)
        .decode_utf8_lossy()
        .into_owned();
    let mut parts: Vec<&str> = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut path = format!("/{}", parts.join("/"));
    if (decoded.ends_with('/') || decoded.ends_with("/.") || decoded.ends_with("/..")) && path != "/" {
        path.push('/');
    }
    Some((path, fragment))
}

fn check_links(doc: &Document, url: &str, body: &Rendered, urls: &UrlMap, out: &mut Vec<Diagnostic>) {
    for link in &body.links {
        if link.dest == "#" || link.dest.is_empty() {
            continue;
        }
        let Some((path, fragment)) = resolve(url, &link.dest) else {
            continue;
        };
        if !urls.exists(&path) {
            let message = match misdirected(&link.dest, Some(url), urls).filter(|_| link.is_image) {
                Some(meant) => messages::image_wrong_path(&link.dest, &meant),
                None => messages::broken_link(&link.dest, link.is_image),
            };
            out.push(Diagnostic::error(&doc.path, message).at(link.line, link.col));
            continue;
        }
        if let Some(frag) = fragment.filter(|f| !f.is_empty()) {
            let key = if path.ends_with('/') {
                path.clone()
            } else {
                format!("{path}/")
            };
            if let Some(headings) = urls.headings.get(key.as_str())
                && !headings.iter().any(|h| h.id == frag)
            {
                let mut known: Vec<&str> = headings.iter().map(|h| h.id.as_str()).collect();
                known.sort();
                known.dedup();
                let suggestion = crate::diag::error::did_you_mean(&frag, known.iter().copied());
                let message = messages::broken_anchor(&link.dest, &frag, suggestion, &known);
                out.push(Diagnostic::error(&doc.path, message).at(link.line, link.col));
            }
        }
    }
}

fn check_alt_texts(doc: &Document, body: &Rendered, out: &mut Vec<Diagnostic>) {
    for img in &body.images {
        if !img.decorative && img.alt.trim().is_empty() {
            out.push(Diagnostic::error(&doc.path, messages::image_without_alt_text(&img.src)).at(img.line, img.col));
        }
    }
}

/// A lead image must be a site path (`/bilder/x.jpg`): the page's `<img>`, its share
/// preview and its resized copies all need it, and `bilder/x.jpg` would be looked for under
/// the article's own address while the original, position and all, was published as it is.
fn check_lead_image(doc: &Document, urls: &UrlMap, out: &mut Vec<Diagnostic>) {
    let Some(image) = &doc.image else { return };
    let (line, col) = doc.position("image");
    if let Some(meant) = misdirected(&image.src, None, urls) {
        out.push(Diagnostic::error(&doc.path, messages::image_wrong_path(&image.src, &meant)).at(line, col));
    } else if let Some((path, _)) = resolve("/", &image.src)
        && !urls.exists(&path)
    {
        out.push(Diagnostic::error(&doc.path, messages::lead_image_missing(&image.src)).at(line, col));
    }
}

/// The site path that an image address on the page at `page` (None for a lead image, which
/// is always a site path) was meant to name, when it is wrong only in its form — no `/` at
/// the start, or `static/` in it — and that path exists.
fn misdirected(src: &str, page: Option<&str>, urls: &UrlMap) -> Option<String> {
    let meant = crate::model::photos::meant_path(src)?;
    if let Some(page) = page
        && resolve(page, src).is_some_and(|(path, _)| urls.exists(&path))
    {
        return None;
    }
    urls.exists(&meant).then_some(meant)
}

/// The files under static/ (as `bilder/x.jpg`) that an article or page shows through an
/// address of the wrong form: the error about the address says what to write, and a
/// warning that the file is shown nowhere would only mislead.
pub fn misdirected_photos(site: &Site, urls: &UrlMap) -> HashSet<String> {
    let docs = site
        .articles
        .iter()
        .map(|a| (&*a.doc, &a.url, &*a.body))
        .chain(site.pages.iter().map(|p| (&*p.doc, &p.url, &*p.body)))
        .chain(site.unpublished.iter().map(|(d, u, b)| (&**d, u, &**b)));
    let mut found = HashSet::new();
    for (doc, url, body) in docs {
        let lead = doc.image.iter().map(|i| (i.src.as_str(), None));
        let shown = body
            .links
            .iter()
            .filter(|l| l.is_image)
            .map(|l| (l.dest.as_str(), Some(url.as_str())));
        for (src, page) in lead.chain(shown) {
            if let Some(meant) = misdirected(src, page, urls) {
                found.insert(meant.trim_start_matches('/').to_string());
            }
        }
    }
    found
}

fn check_dates(doc: &Document, out: &mut Vec<Diagnostic>) {
    if let (Some(date), Some(updated)) = (doc.date, doc.updated)
        && updated < date
    {
        let (line, col) = doc.position("updated");
        out.push(Diagnostic::error(&doc.path, messages::updated_before_date()).at(line, col));
    }
    if let (Some(publish), Some(expires)) = (doc.publish, doc.expires)
        && expires <= publish
    {
        let (line, col) = doc.position("expires");
        out.push(Diagnostic::error(&doc.path, messages::expires_before_publish()).at(line, col));
    }
}

fn check_contacts(doc: &Document, out: &mut Vec<Diagnostic>) {
    for (i, c) in doc.contacts.iter().enumerate() {
        if let Some(email) = &c.email
            && !crate::text::email::is_email(email)
        {
            let (line, col) = doc.position(&format!("contacts.{i}.email"));
            out.push(Diagnostic::error(&doc.path, messages::bad_email(email)).at(line, col));
        }
        if let Some(phone) = &c.phone {
            let digits = phone.chars().filter(char::is_ascii_digit).count();
            let ok = digits >= 5 && phone.chars().all(|ch| ch.is_ascii_digit() || " -+()".contains(ch));
            if !ok {
                let (line, col) = doc.position(&format!("contacts.{i}.phone"));
                out.push(Diagnostic::warning(&doc.path, messages::bad_phone(phone)).at(line, col));
            }
        }
    }
}

fn check_headings(doc: &Document, body: &Rendered, out: &mut Vec<Diagnostic>) {
    let mut previous = 1;
    for h in &body.headings {
        if h.level == 1 {
            out.push(Diagnostic::warning(&doc.path, messages::heading_level_one(&h.text)).at(h.line, 1));
        } else if h.level > previous + 1 {
            out.push(Diagnostic::warning(&doc.path, messages::heading_skips(&h.text, previous, h.level)).at(h.line, 1));
        }
        previous = h.level.max(1);
    }
}

/// "Bygglov" and "bygglov" (or "Miljö" and "Miljo") become one topic; say so.
fn check_tag_spellings(site: &Site, out: &mut Vec<Diagnostic>) {
    // Topic by topic, in parallel (the preview checks the whole site on every save).
    let found: Vec<Vec<Diagnostic>> = site
        .topics
        .par_iter()
        .map(|(_, topic)| spelling_warnings(site, topic))
        .collect();
    out.extend(found.into_iter().flatten());
}

/// The tag spelling warnings of one topic.
fn spelling_warnings(site: &Site, topic: &crate::model::site::Topic) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut variants: BTreeMap<&str, Vec<&Document>> = BTreeMap::new();
    for &i in &topic.articles {
        let a = &site.articles[i];
        for (_, name) in a.topics().iter().filter(|(slug, _)| *slug == topic.slug) {
            variants.entry(name).or_default().push(&a.doc);
        }
    }
    {
        if variants.len() < 2 {
            return out;
        }
        // The most used spelling wins; the others are flagged where they occur.
        // Ties go to the spelling with å/ä/ö, then to the capitalised one.
        let (main, _) = variants
            .iter()
            .max_by_key(|(name, docs)| {
                let swedish = name.chars().filter(|c| !c.is_ascii()).count();
                let capital = name.chars().next().is_some_and(char::is_uppercase);
                (docs.len(), swedish, capital, std::cmp::Reverse(**name))
            })
            .unwrap();
        for (name, docs) in &variants {
            if name == main {
                continue;
            }
            for doc in docs {
                let i = doc.tags.iter().position(|t| t == name).unwrap_or(0);
                let (line, col) = doc.position(&format!("tags.{i}"));
                out.push(Diagnostic::warning(&doc.path, messages::tag_spelled_two_ways(name, main)).at(line, col));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_absolute_and_fragment_links() {
        let page = "/nyheter/a/";
        assert_eq!(resolve(page, "/nyheter/b/"), Some(("/nyheter/b/".into(), None)));
        assert_eq!(resolve(page, "../b/"), Some(("/nyheter/b/".into(), None)));
        assert_eq!(
            resolve(page, "#rubrik"),
            Some(("/nyheter/a/".into(), Some("rubrik".into())))
        );
        assert_eq!(
            resolve(page, "/amne/it/#x"),
            Some(("/amne/it/".into(), Some("x".into())))
        );
        assert_eq!(
            resolve(page, "/dokument/plan%20A.pdf"),
            Some(("/dokument/plan A.pdf".into(), None))
        );
        assert_eq!(resolve(page, "https://www.mora.se/"), None);
        assert_eq!(resolve(page, "mailto:a@b.se"), None);
        assert_eq!(resolve(page, "//cdn.example/x.js"), None);
    }
}
