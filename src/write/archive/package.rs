//! package: one archive package, a BagIt bag named by the build time.
//!
//! ```text
//! 2025-03-01T12-00-00/
//!   bagit.txt  bag-info.txt  manifest-sha256.txt  tagmanifest-sha256.txt
//!   data/changes.json                  what was published, changed, removed (machine-readable)
//!   data/andringar.txt                 the same for people, in Swedish
//!   data/2025-03-01T12-00-00.warc.gz   each file as an HTTP response at its address
//!   data/files/nyheter/a/index.html    each file exactly as published
//! ```

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{Failure, Kept, Request, State, Written, bag, fail, warc};
use crate::diag::messages::{self, IoStep};
use crate::text::dates::{self, Moment};

/// Who publishes the site, for `bag-info.txt` and the WARC's header.
#[derive(Debug, Clone)]
pub struct Publisher {
    pub name: String,
    pub org_number: Option<String>,
    pub postal_address: Option<String>,
    pub email: Option<String>,
    /// The site's address (`base_url`).
    pub site: String,
}

/// `data/changes.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChangeLog {
    pub package: String,
    /// The build time (RFC 3339, Swedish time): from this moment the site was as recorded.
    pub built: String,
    pub site: String,
    pub commit: Option<String>,
    /// The package before this one, none for the first.
    pub previous: Option<String>,
    /// 1 for the first package, one more for each after it: the order of the packages.
    pub sequence: u64,
    /// The package holds the whole site, not only what changed.
    pub full: bool,
    pub published: Vec<Change>,
    pub changed: Vec<Change>,
    pub removed: Vec<Change>,
    /// The files in this package: where each was published, and its checksum.
    pub files: Vec<Held>,
}

/// One address in the change log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub url: String,
    pub source: Option<String>,
}

/// One file in a package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Held {
    pub url: String,
    /// Under `data/files/`.
    pub file: String,
    pub source: Option<String>,
    pub sha256: String,
}

/// What differs between the recorded site and the new one, by output file.
pub struct Changes {
    pub published: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
}

impl Changes {
    pub fn between(old: &BTreeMap<String, Kept>, new: &BTreeMap<String, Kept>) -> Changes {
        let mut c = Changes {
            published: Vec::new(),
            changed: Vec::new(),
            removed: Vec::new(),
        };
        for (file, kept) in new {
            match old.get(file) {
                None => c.published.push(file.clone()),
                Some(o) if o.sha256 != kept.sha256 => c.changed.push(file.clone()),
                Some(_) => {}
            }
        }
        c.removed = old.keys().filter(|f| !new.contains_key(*f)).cloned().collect();
        c
    }

    pub fn is_empty(&self) -> bool {
        self.published.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

/// Writes the package under a temporary name and renames it when whole.
pub fn write(
    req: &Request,
    state: &State,
    now: &BTreeMap<String, Kept>,
    changes: &Changes,
) -> Result<Written, Failure> {
    let name = free_name(req.folder, &req.now);
    let tmp = req.folder.join(format!(".{name}{}", super::TEMP_SUFFIX));
    let _ = fs::remove_dir_all(&tmp);
    let files_dir = tmp.join("data/files");
    fs::create_dir_all(&files_dir).map_err(fail(IoStep::Create, &files_dir))?;
    let full = req.full || state.package.is_none();
    let payload: Vec<&String> = if full {
        now.keys().collect()
    } else {
        changes.published.iter().chain(&changes.changed).collect()
    };
    let built_utc = req
        .now
        .with_timezone(&chrono::Utc)
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let info = warc::Info {
        package: &name,
        date: &built_utc,
        organisation: &req.publisher.name,
        site: &req.publisher.site,
    };
    let done = copy_payload(req, &tmp, &payload, now, &info)?;
    let mut manifest: BTreeMap<String, String> = done
        .iter()
        .map(|(file, sha, _)| (format!("data/files/{file}"), sha.clone()))
        .collect();
    let warc_name = format!("data/{name}.warc.gz");
    let warc_path = tmp.join(&warc_name);
    let mut warc_bytes = warc::info_record(&info).map_err(fail(IoStep::Write, &warc_path))?;
    for (_, _, record) in &done {
        warc_bytes.extend_from_slice(record);
    }
    put(&warc_path, &warc_bytes, &mut manifest, &warc_name)?;
    let log = change_log(req, state, now, changes, &name, full, &done);
    let json = serde_json::to_vec_pretty(&log).expect("a change log is plain data");
    put(
        &tmp.join("data/changes.json"),
        &json,
        &mut manifest,
        "data/changes.json",
    )?;
    let summary = summary(&log, &req.publisher);
    put(
        &tmp.join("data/andringar.txt"),
        summary.as_bytes(),
        &mut manifest,
        "data/andringar.txt",
    )?;
    let oxum = oxum(&tmp, &manifest)?;
    frame(req, &tmp, &name, &log, &manifest, oxum)?;
    let path = req.folder.join(&name);
    fs::rename(&tmp, &path).map_err(fail(IoStep::Replace, &path))?;
    Ok(Written {
        name,
        path,
        published: changes.published.len(),
        changed: changes.changed.len(),
        removed: changes.removed.len(),
        files: done.len(),
    })
}

/// Copies each payload file into `data/files/` and makes its WARC record, in parallel.
/// Returns (file, sha256, gzipped WARC record) in file order.
fn copy_payload(
    req: &Request,
    tmp: &Path,
    payload: &[&String],
    now: &BTreeMap<String, Kept>,
    info: &warc::Info,
) -> Result<Vec<(String, String, Vec<u8>)>, Failure> {
    payload
        .par_iter()
        .map(|file| {
            let from = req.built.join(file);
            let bytes = fs::read(&from).map_err(fail(IoStep::Read, &from))?;
            let to = tmp.join("data/files").join(file);
            if let Some(dir) = to.parent() {
                fs::create_dir_all(dir).map_err(fail(IoStep::Create, dir))?;
            }
            fs::write(&to, &bytes).map_err(fail(IoStep::Write, &to))?;
            let media = crate::text::urls::media_type(file);
            let record =
                warc::response_record(info, &now[*file].url, media, &bytes).map_err(fail(IoStep::Write, &to))?;
            Ok(((*file).clone(), bag::sha256_hex(&bytes), record))
        })
        .collect()
}

/// Writes a data file and lists it in the manifest.
fn put(path: &Path, bytes: &[u8], manifest: &mut BTreeMap<String, String>, name: &str) -> Result<(), Failure> {
    let mut f = fs::File::create_new(path).map_err(fail(IoStep::Write, path))?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(fail(IoStep::Write, path))?;
    manifest.insert(name.to_string(), bag::sha256_hex(bytes));
    Ok(())
}

fn change_log(
    req: &Request,
    state: &State,
    now: &BTreeMap<String, Kept>,
    changes: &Changes,
    name: &str,
    full: bool,
    done: &[(String, String, Vec<u8>)],
) -> ChangeLog {
    let entry = |files: &BTreeMap<String, Kept>, file: &String| Change {
        url: files[file].url.clone(),
        source: files[file].source.clone(),
    };
    let by_url = |mut list: Vec<Change>| {
        list.sort_by(|a, b| a.url.cmp(&b.url));
        list
    };
    ChangeLog {
        package: name.to_string(),
        built: dates::rfc3339(&req.now),
        site: req.publisher.site.clone(),
        commit: (req.commit)(),
        previous: state.package.clone(),
        sequence: state.sequence + 1,
        full,
        published: by_url(changes.published.iter().map(|f| entry(now, f)).collect()),
        changed: by_url(changes.changed.iter().map(|f| entry(now, f)).collect()),
        removed: by_url(changes.removed.iter().map(|f| entry(&state.files, f)).collect()),
        files: done
            .iter()
            .map(|(file, sha, _)| Held {
                url: now[file].url.clone(),
                file: file.clone(),
                source: now[file].source.clone(),
                sha256: sha.clone(),
            })
            .collect(),
    }
}

/// `data/andringar.txt`: the change log for people, in Swedish (archives keep Swedish).
fn summary(log: &ChangeLog, publisher: &Publisher) -> String {
    let built = dates::parse_moment(&log.built).map_or_else(|| log.built.clone(), |m| dates::swedish_date_time(&m));
    let head = messages::archive_summary_head(
        &log.package,
        &publisher.name,
        &log.site,
        &built,
        log.commit.as_deref(),
        log.previous.as_deref(),
        log.full,
    );
    let mut out = format!("{}\n", head.sv);
    for (kind, list) in [
        (messages::ChangeKind::Published, &log.published),
        (messages::ChangeKind::Changed, &log.changed),
        (messages::ChangeKind::Removed, &log.removed),
    ] {
        out.push_str(&format!(
            "\n{}\n",
            messages::archive_summary_section(kind, list.len()).sv
        ));
        for c in list {
            match &c.source {
                Some(s) => out.push_str(&format!("  {}  ({s})\n", c.url)),
                None => out.push_str(&format!("  {}\n", c.url)),
            }
        }
    }
    out
}

/// `Payload-Oxum`: the payload's bytes and file count (RFC 8493 §2.2.2).
fn oxum(tmp: &Path, manifest: &BTreeMap<String, String>) -> Result<(u64, usize), Failure> {
    let mut bytes = 0;
    for file in manifest.keys() {
        let path = tmp.join(file);
        bytes += fs::metadata(&path).map_err(fail(IoStep::Read, &path))?.len();
    }
    Ok((bytes, manifest.len()))
}

/// `bagit.txt`, `bag-info.txt` and both manifests.
fn frame(
    req: &Request,
    tmp: &Path,
    name: &str,
    log: &ChangeLog,
    manifest: &BTreeMap<String, String>,
    (bytes, count): (u64, usize),
) -> Result<(), Failure> {
    let p = &req.publisher;
    let mut labels = vec![("Source-Organization", p.name.clone())];
    labels.extend(p.postal_address.clone().map(|a| ("Organization-Address", a)));
    labels.extend(p.email.clone().map(|e| ("Contact-Email", e)));
    labels.extend(p.org_number.clone().map(|n| ("Organization-Number", n)));
    labels.extend([
        ("External-Identifier", format!("{}#{name}", p.site)),
        ("External-Description", messages::archive_bag_description(&p.site).sv),
        ("Bagging-Date", req.now.format("%Y-%m-%d").to_string()),
        ("Bag-Size", bag::human_size(bytes)),
        ("Payload-Oxum", format!("{bytes}.{count}")),
        ("Site-Address", p.site.clone()),
        ("Build-Time", log.built.clone()),
        ("Package-Kind", if log.full { "full" } else { "changes" }.to_string()),
        ("Bag-Software-Agent", format!("notis {}", env!("CARGO_PKG_VERSION"))),
    ]);
    labels.extend(log.commit.clone().map(|c| ("Git-Commit", c)));
    labels.extend(log.previous.clone().map(|c| ("Previous-Package", c)));
    let mut tags = BTreeMap::new();
    put(
        &tmp.join("bagit.txt"),
        bag::BAGIT_TXT.as_bytes(),
        &mut tags,
        "bagit.txt",
    )?;
    put(
        &tmp.join("bag-info.txt"),
        bag::info(&labels).as_bytes(),
        &mut tags,
        "bag-info.txt",
    )?;
    put(
        &tmp.join(bag::MANIFEST),
        bag::manifest(manifest).as_bytes(),
        &mut tags,
        bag::MANIFEST,
    )?;
    let mut unused = BTreeMap::new();
    put(
        &tmp.join(bag::TAG_MANIFEST),
        bag::manifest(&tags).as_bytes(),
        &mut unused,
        bag::TAG_MANIFEST,
    )
}

/// The build time as a package name, `2025-03-01T12-00-00` in Swedish time; `-2`, `-3`… after
/// it when a package of that second exists (two builds in one second, or the hour that
/// repeats when summer time ends).
fn free_name(folder: &Path, now: &Moment) -> String {
    let base = now.format("%Y-%m-%dT%H-%M-%S").to_string();
    let taken = |n: &str| folder.join(n).exists();
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|i| format!("{base}-{i}"))
        .find(|n| !taken(n))
        .expect("some number is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(sha: &str) -> Kept {
        Kept {
            url: "u".into(),
            source: None,
            sha256: sha.into(),
            len: 1,
            mtime: 1,
            ino: 1,
        }
    }

    #[test]
    fn changes_by_file_and_checksum() {
        let old: BTreeMap<_, _> = [("a", "1"), ("b", "2"), ("c", "3")]
            .into_iter()
            .map(|(f, s)| (f.to_string(), kept(s)))
            .collect();
        let new: BTreeMap<_, _> = [("a", "1"), ("b", "9"), ("d", "4")]
            .into_iter()
            .map(|(f, s)| (f.to_string(), kept(s)))
            .collect();
        let c = Changes::between(&old, &new);
        assert_eq!(
            (c.published, c.changed, c.removed),
            (vec!["d".to_string()], vec!["b".to_string()], vec!["c".to_string()])
        );
        assert!(Changes::between(&new, &new).is_empty());
    }
}
