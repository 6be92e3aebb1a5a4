//! Issue 28: an archive package per build that changes the published site, earlier versions
//! on request, and `notis next`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::common::*;

const SITE: &str = "https://test.example.se";

/// The published files a package should record: everything but the search bundle (derived
/// from the pages, named by hash) and notis's marker.
fn published_tree(site: &TestSite) -> BTreeMap<String, Vec<u8>> {
    snapshot_tree(&site.public())
        .into_iter()
        .filter(|(p, _)| !p.starts_with("pagefind/") && p != ".notis-output")
        .collect()
}

/// `nyheter/a/index.html` → `https://test.example.se/nyheter/a/`.
fn url_of(file: &str) -> String {
    let path = if file == "index.html" {
        String::new()
    } else if let Some(folder) = file.strip_suffix("/index.html") {
        format!("{folder}/")
    } else {
        file.to_string()
    };
    format!("{SITE}/{path}")
}

/// What a change log must say, from two published trees: (published, changed, removed).
fn expected(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) -> [BTreeSet<String>; 3] {
    let published = after
        .keys()
        .filter(|f| !before.contains_key(*f))
        .map(|f| url_of(f))
        .collect();
    let changed = after
        .iter()
        .filter(|(f, b)| before.get(*f).is_some_and(|old| old != *b))
        .map(|(f, _)| url_of(f))
        .collect();
    let removed = before
        .keys()
        .filter(|f| !after.contains_key(*f))
        .map(|f| url_of(f))
        .collect();
    [published, changed, removed]
}

fn packages(folder: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|d| d.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

fn change_log(package: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(package.join("data/changes.json")).unwrap()).unwrap()
}

/// The URLs of one list of a change log, and (url → source) for all of them.
fn listed(log: &serde_json::Value, key: &str) -> BTreeSet<String> {
    log[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is not a list: {log}"))
        .iter()
        .map(|c| {
            let keys: BTreeSet<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(keys, BTreeSet::from(["url", "source"]), "{c}");
            c["url"].as_str().unwrap().to_string()
        })
        .collect()
}

fn source_of(log: &serde_json::Value, key: &str, url: &str) -> Option<String> {
    log[key]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["url"] == url)
        .and_then(|c| c["source"].as_str().map(str::to_string))
}

/// Validates a package with bagit and reads its WARC with warcio (tests/check_archive.py).
fn check_with_archive_tools(package: &Path, public: &Path) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/check_archive.py");
    let out = match std::process::Command::new("python3")
        .arg(&script)
        .arg(package)
        .arg(public)
        .output()
    {
        Ok(out) => out,
        Err(e) => return skip(&format!("python3 not runnable: {e}")),
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    if out.status.code() == Some(77) {
        return skip(&format!("{} (python3 -m pip install bagit warcio)", stdout.trim()));
    }
    assert!(
        out.status.success(),
        "{}: {stdout}{}",
        package.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn skip(reason: &str) {
    if std::env::var_os("NOTIS_REQUIRE_BROWSER").is_some() {
        panic!("required tool missing: {reason}");
    }
    eprintln!("SKIPPED: {reason}");
}

/// One build of the sequence: what it published and the package it should have written.
struct Step {
    now: &'static str,
    tree: BTreeMap<String, Vec<u8>>,
}

/// Builds at `now` and checks the package it wrote (or that it wrote none): the change log
/// lists exactly the addresses whose published bytes changed, and bagit and warcio accept it.
fn build_and_check(site: &TestSite, now: &'static str, steps: &mut Vec<Step>) -> Option<serde_json::Value> {
    let archive = site.root().join("arkiv");
    let before = packages(&archive);
    let run = site.build(&["--now", now]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let tree = published_tree(site);
    let after = packages(&archive);
    let previous = steps.last().map(|s| s.tree.clone()).unwrap_or_default();
    let [published, changed, removed] = expected(&previous, &tree);
    steps.push(Step { now, tree });
    if published.is_empty() && changed.is_empty() && removed.is_empty() {
        assert_eq!(before, after, "no change, no package (at {now}): {}", run.stdout);
        assert!(
            run.stdout.contains("inget nytt arkivpaket") || run.stdout.contains("är aktuell"),
            "{}",
            run.stdout
        );
        return None;
    }
    assert_eq!(
        after.len(),
        before.len() + 1,
        "one new package at {now}: {}",
        run.stdout
    );
    let package = after.iter().find(|p| !before.contains(p)).unwrap();
    let log = change_log(package);
    assert_eq!(listed(&log, "published"), published, "published at {now}");
    assert_eq!(listed(&log, "changed"), changed, "changed at {now}");
    assert_eq!(listed(&log, "removed"), removed, "removed at {now}");
    assert!(run.stdout.contains("arkivpaket"), "{}", run.stdout);
    check_with_archive_tools(package, &site.public());
    Some(log)
}

#[test]
fn issue_28_packages_record_every_change_and_show_returns_each_version() {
    let site = TestSite::fixture("scheduling");
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{config}archive: arkiv\n"));
    let archive = site.root().join("arkiv");
    let mut steps = Vec::new();

    // The first package holds the whole site; the expiring article is still up.
    let log = build_and_check(&site, "2024-02-01 12:00", &mut steps).expect("a first package");
    let temporary = format!("{SITE}/nyheter/tillfallig/");
    assert!(listed(&log, "published").contains(&temporary));
    assert_eq!(
        source_of(&log, "published", &temporary).as_deref(),
        Some("content/nyheter/expiring.md")
    );
    assert_eq!(log["previous"], serde_json::Value::Null);
    let name = packages(&archive)[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert_eq!(name, "2024-02-01T12-00-00", "named by the build time");
    let info = std::fs::read_to_string(archive.join(&name).join("bag-info.txt")).unwrap();
    for line in [
        "Source-Organization: Testkommun",
        "Organization-Number: 212000-1234",
        "Bagging-Date: 2024-02-01",
    ] {
        assert!(info.contains(line), "{line} in {info}");
    }
    assert!(info.contains(&format!("Site-Address: {SITE}")), "{info}");
    let summary = std::fs::read_to_string(archive.join(&name).join("data/andringar.txt")).unwrap();
    assert!(
        summary.contains("Publicerade (") && summary.contains(&temporary),
        "{summary}"
    );

    // The same input writes no package: up to date, later inside the window, and after
    // the build cache is gone (a full build, byte for byte the same site).
    assert!(build_and_check(&site, "2024-02-01 12:00", &mut steps).is_none());
    assert!(build_and_check(&site, "2024-02-02 12:00", &mut steps).is_none());
    std::fs::remove_dir_all(site.root().join(".public.notis-cache")).unwrap();
    assert!(build_and_check(&site, "2024-02-03 12:00", &mut steps).is_none());

    // An edit.
    let published = site.root().join("content/nyheter/published.md");
    let text = std::fs::read_to_string(&published).unwrap();
    site.write("content/nyheter/published.md", &format!("{text}\nEn rättelse.\n"));
    let log = build_and_check(&site, "2024-02-10 09:30", &mut steps).unwrap();
    let article = format!("{SITE}/nyheter/publicerad/");
    assert!(listed(&log, "changed").contains(&article), "{log}");
    assert_eq!(
        source_of(&log, "changed", &article).as_deref(),
        Some("content/nyheter/published.md")
    );

    // An expiry: the moment comes, nothing was edited.
    let log = build_and_check(&site, "2024-03-01 00:00", &mut steps).unwrap();
    assert!(listed(&log, "removed").contains(&temporary), "{log}");
    assert_eq!(
        source_of(&log, "removed", &temporary).as_deref(),
        Some("content/nyheter/expiring.md")
    );

    // A new article, then `notis next` names the scheduled one.
    site.write(
        "content/nyheter/ny.md",
        "---\ntitle: Nytt bibliotek\ndate: 2024-03-05\n---\nText.\n",
    );
    let log = build_and_check(&site, "2024-03-05 10:00", &mut steps).unwrap();
    assert!(listed(&log, "published").contains(&format!("{SITE}/nyheter/nytt-bibliotek/")));
    let next = site.notis(&["next", "--json", "--now", "2024-03-05 10:00"]);
    assert_eq!(next.code, 0, "{}", next.stderr);
    let next: serde_json::Value = serde_json::from_str(&next.stdout).unwrap();
    assert_eq!(next["next"], "2024-06-01T08:00:00+02:00");
    assert_eq!(
        next["changes"],
        serde_json::json!([{"url": format!("{SITE}/nyheter/schemalagd/"), "what": "publish"}])
    );

    // The scheduled article appears at its moment.
    let log = build_and_check(&site, "2024-06-01 08:00", &mut steps).unwrap();
    assert!(listed(&log, "published").contains(&format!("{SITE}/nyheter/schemalagd/")));

    // A rename: the old address goes, the new one comes.
    site.write(
        "content/nyheter/ny.md",
        "---\ntitle: Nya biblioteket\ndate: 2024-03-05\n---\nText.\n",
    );
    let log = build_and_check(&site, "2024-06-02 13:15", &mut steps).unwrap();
    assert!(listed(&log, "removed").contains(&format!("{SITE}/nyheter/nytt-bibliotek/")));
    assert!(listed(&log, "published").contains(&format!("{SITE}/nyheter/nya-biblioteket/")));

    // A deletion.
    std::fs::remove_file(&published).unwrap();
    let log = build_and_check(&site, "2024-06-03 07:00", &mut steps).unwrap();
    assert!(listed(&log, "removed").contains(&article));

    // Every version of every published file, byte for byte, at each build's moment.
    for step in &steps {
        for (file, bytes) in &step.tree {
            let url = url_of(file);
            let shown = site.notis_bytes(&["archive", "show", &url, "--at", step.now]);
            assert_eq!(shown.0, 0, "show {url} --at {}: {}", step.now, shown.2);
            assert!(
                shown.1 == *bytes,
                "show {url} --at {} differs from what was published",
                step.now
            );
        }
    }
    // A site path works as well as the address; before and after a page's life, a clear no.
    let shown = site.notis_bytes(&["archive", "show", "/nyheter/tillfallig/", "--at", "2024-02-20 12:00"]);
    assert_eq!(shown.1, steps[0].tree["nyheter/tillfallig/index.html"]);
    let gone = site.notis(&["archive", "show", &temporary, "--at", "2024-03-02 12:00"]);
    assert_eq!(gone.code, 1);
    assert!(gone.stderr.contains("var borttagen då"), "{}", gone.stderr);
    let early = site.notis(&["archive", "show", "/nyheter/schemalagd/", "--at", "2024-05-01 12:00"]);
    assert_eq!(early.code, 1);
    assert!(early.stderr.contains("var inte publicerad då"), "{}", early.stderr);

    // The versions of the edited, then deleted article.
    let list = site.notis(&["archive", "list", &article]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    assert_eq!(list.stdout.lines().count(), 3, "{}", list.stdout);
    assert!(
        list.stdout.lines().next().unwrap().contains("publicerad"),
        "{}",
        list.stdout
    );
    assert!(
        list.stdout.lines().nth(1).unwrap().contains("ändrad"),
        "{}",
        list.stdout
    );
    assert!(
        list.stdout.lines().nth(2).unwrap().contains("borttagen"),
        "{}",
        list.stdout
    );

    // Every package checks out; a changed byte is found and named.
    let verify = site.notis(&["archive", "verify"]);
    assert_eq!(verify.code, 0, "{}{}", verify.stdout, verify.stderr);
    let first = packages(&archive)[0].clone();
    let page = first.join("data/files/nyheter/publicerad/index.html");
    let mut bytes = std::fs::read(&page).unwrap();
    bytes[10] ^= 1;
    std::fs::write(&page, bytes).unwrap();
    let verify = site.notis(&["archive", "verify"]);
    assert_eq!(verify.code, 1);
    assert!(
        verify.stdout.contains("data/files/nyheter/publicerad/index.html"),
        "{}",
        verify.stdout
    );
    let damaged = site.notis(&["archive", "show", &article, "--at", "2024-02-05 12:00"]);
    assert_eq!(damaged.code, 1);
    assert!(damaged.stderr.contains("skadat"), "{}", damaged.stderr);
}

#[test]
fn issue_28_the_record_is_made_again_from_the_packages_and_full_packages_on_request() {
    let site = TestSite::fixture("basic");
    let holder = crate::common::scratch();
    let archive = holder.path().join("arkiv");
    let flag = archive.display().to_string();
    let run = site.build(&["--archive", &flag]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(packages(&archive).len(), 1);
    // Without notis's record, the packages tell what was published: still no new package.
    std::fs::remove_file(archive.join(".notis-state.json")).unwrap();
    std::fs::remove_dir_all(site.root().join(".public.notis-cache")).unwrap();
    let run = site.build(&["--archive", &flag]);
    assert!(run.stdout.contains("inget nytt arkivpaket"), "{}", run.stdout);
    assert_eq!(packages(&archive).len(), 1);
    // A full package on request, even with nothing changed; same second: a `-2` name.
    let run = site.build(&["--archive", &flag, "--archive-full"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let all = packages(&archive);
    assert_eq!(all.len(), 2, "{}", run.stdout);
    assert!(all[1].to_string_lossy().ends_with("T12-00-00-2"), "{all:?}");
    let log = change_log(&all[1]);
    assert_eq!(log["full"], true);
    assert!(listed(&log, "changed").is_empty() && listed(&log, "published").is_empty());
    assert_eq!(log["files"].as_array().unwrap().len(), published_tree(&site).len());
    check_with_archive_tools(&all[1], &site.public());
}

#[test]
fn issue_28_an_archive_inside_the_output_is_refused_and_nothing_changes() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let before = snapshot_tree(&site.public());
    let inside = site.public().join("arkiv").display().to_string();
    let run = site.build(&["--archive", &inside, "--now", "2024-04-02 12:00"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("arkivmappen ligger i utdatamappen"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot_tree(&site.public()), before);
    let content = site.root().join("content/arkiv").display().to_string();
    let run = site.build(&["--archive", &content]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("källfiler"), "{}", run.stderr);
    let run = site.build(&["--archive-full"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("ingen arkivmapp"), "{}", run.stderr);
    // A package that cannot be written fails the build, and the old site stays published.
    site.write(
        "content/nyheter/ny.md",
        "---\ntitle: Ny\ndate: 2024-03-30\n---\nText.\n",
    );
    let holder = crate::common::scratch();
    let not_a_folder = holder.path().join("arkiv");
    std::fs::write(&not_a_folder, "en fil").unwrap();
    let run = site.build(&["--archive", &not_a_folder.display().to_string()]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stderr.contains("webbplatsen publicerades inte"), "{}", run.stderr);
    assert_eq!(snapshot_tree(&site.public()), before);
}

#[test]
fn issue_28_a_killed_package_is_cleared_and_nothing_else_is_touched() {
    let site = TestSite::fixture("basic");
    let holder = crate::common::scratch();
    let archive = holder.path().join("arkiv");
    // What a build killed while writing leaves, beside a registrar's own file.
    let leftover = archive.join(".2024-04-01T11-00-00.notis-tmp");
    std::fs::create_dir_all(leftover.join("data/files")).unwrap();
    std::fs::write(leftover.join("data/files/index.html"), "halv").unwrap();
    std::fs::write(archive.join("leveranslista.txt"), "lämnat 2024").unwrap();
    let run = site.build(&["--archive", &archive.display().to_string()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!leftover.exists());
    assert_eq!(
        std::fs::read_to_string(archive.join("leveranslista.txt")).unwrap(),
        "lämnat 2024"
    );
    assert_eq!(packages(&archive).len(), 1);
}

#[test]
fn issue_28_next_names_expiry_alert_end_and_age_notice() {
    let site = TestSite::fixture("alert");
    // it.md's alert ends 2018-05-01; both articles get the age notice after 183 days.
    let next = site.notis(&["next", "--json", "--now", "2018-04-26 12:00"]);
    assert_eq!(next.code, 0, "{}", next.stderr);
    let json: serde_json::Value = serde_json::from_str(&next.stdout).unwrap();
    assert_eq!(json["next"], "2018-05-01T00:00:00+02:00");
    assert_eq!(json["changes"][0]["what"], "alert-ends");
    let next = site.notis(&["next", "--json", "--now", "2018-05-02 12:00"]);
    let json: serde_json::Value = serde_json::from_str(&next.stdout).unwrap();
    assert_eq!(json["next"], "2018-10-25T00:00:00+02:00");
    assert_eq!(json["changes"][0]["what"], "age-notice");
    let text = site.notis(&["next", "--now", "2018-05-02 12:00"]);
    assert!(
        text.stdout.contains("nästa ändring: 25 oktober 2018"),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("inaktuell"), "{}", text.stdout);
    let none = site.notis(&["next", "--json", "--now", "2030-01-01 12:00"]);
    assert_eq!(none.stdout.trim(), r#"{"changes":[],"next":null}"#);
    let scheduled = TestSite::fixture("scheduling");
    let json: serde_json::Value =
        serde_json::from_str(&scheduled.notis(&["next", "--json", "--now", "2024-02-01 12:00"]).stdout).unwrap();
    assert_eq!(json["next"], "2024-03-01T00:00:00+01:00");
    assert_eq!(json["changes"][0]["what"], "expire");
}
