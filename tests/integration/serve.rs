//! Issue 5: `notis serve` (live preview), `notis new` and `notis init`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

/// A running `notis serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(site: &TestSite) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(env!("CARGO_BIN_EXE_notis"))
            .args(["serve", "--port", &port.to_string(), "--root"])
            .arg(site.root())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let server = Server { child, port };
        let started = Instant::now();
        while server.try_get("/").is_none() {
            assert!(started.elapsed() < Duration::from_secs(20), "server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    fn try_get(&self, path: &str) -> Option<(u16, String)> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .ok()?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).ok()?;
        let text = String::from_utf8_lossy(&raw).into_owned();
        let status = text.split_whitespace().nth(1)?.parse().ok()?;
        let body = text
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        Some((status, body))
    }

    fn get(&self, path: &str) -> (u16, String) {
        self.try_get(path).unwrap_or_else(|| panic!("GET {path} failed"))
    }

    /// Subscribes to the reload events; returns a reader positioned after the headers.
    fn events(&self) -> BufReader<TcpStream> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(stream, "GET /__notis/reload HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap() > 0 && line != "\r\n" {
            line.clear();
        }
        reader
    }

    /// Polls `path` until `pred` holds for its response.
    fn wait_for(&self, path: &str, what: &str, pred: impl Fn(u16, &str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let (status, body) = self.get(path);
            if pred(status, &body) {
                return body;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "{path}: never {what}; last {status}:\n{body}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits for the next `event: reload` on the stream.
fn next_reload(events: &mut BufReader<TcpStream>) {
    let mut line = String::new();
    loop {
        line.clear();
        let n = events.read_line(&mut line).expect("no reload event within 10 s");
        assert!(n > 0, "event stream closed");
        if line.trim() == "event: reload" {
            return;
        }
    }
}

#[test]
fn saving_an_article_updates_the_page_and_sends_a_reload() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site);
    let (status, page) = server.get("/nyheter/forsta-nyheten/");
    assert_eq!(status, 200);
    assert!(
        page.contains("/__notis/reload"),
        "the reload script is injected into HTML"
    );
    let (_, css) = server.get("/tema/notis.css");
    assert!(!css.contains("__notis"), "and only into HTML");

    let mut events = server.events();
    let path = site.root().join("content/nyheter/a.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("Mer text.", "Helt ny text.")).unwrap();
    next_reload(&mut events);
    let (_, page) = server.get("/nyheter/forsta-nyheten/");
    assert!(page.contains("Helt ny text."), "{page}");

    // `notis build` output never contains the reload script.
    site.build_ok();
    assert!(!site.read("nyheter/forsta-nyheten/index.html").contains("__notis"));
}

#[test]
fn a_broken_save_shows_the_error_overlay_and_the_next_good_save_recovers() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site);
    let path = site.root().join("content/nyheter/b.md");
    let good = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, good.replace("tags: [IT]", "tagz: [IT]")).unwrap();
    let overlay = server.wait_for("/nyheter/", "shows the overlay", |_, b| {
        b.contains("Webbplatsen har fel")
    });
    assert!(overlay.contains("The site has errors"));
    assert!(overlay.contains("content/nyheter/b.md:5:1"), "{overlay}");
    assert!(overlay.contains("menade du `tags`?"), "{overlay}");
    assert!(overlay.contains("/__notis/reload"), "the overlay reloads itself too");

    std::fs::write(&path, &good).unwrap();
    server.wait_for("/nyheter/", "recovers", |s, b| s == 200 && b.contains("Andra nyheten"));

    // The checks of `notis build` apply too: a broken link shows the overlay.
    std::fs::write(&path, format!("{good}\nSe [denna](/nyheter/finns-inte/).\n")).unwrap();
    let overlay = server.wait_for("/nyheter/", "shows the link error", |_, b| {
        b.contains("Webbplatsen har fel")
    });
    assert!(overlay.contains("/nyheter/finns-inte/"), "{overlay}");
    std::fs::write(&path, &good).unwrap();
    server.wait_for("/nyheter/", "recovers again", |s, b| {
        s == 200 && b.contains("Andra nyheten")
    });
}

#[test]
fn deleted_renamed_and_new_articles_follow_the_files() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site);
    std::fs::remove_file(site.root().join("content/nyheter/a.md")).unwrap();
    server.wait_for("/nyheter/forsta-nyheten/", "404s after delete", |s, _| s == 404);

    let b = site.root().join("content/nyheter/b.md");
    let text = std::fs::read_to_string(&b).unwrap();
    std::fs::remove_file(&b).unwrap();
    site.write(
        "content/nyheter/b2.md",
        &text.replace("title: Andra nyheten", "title: Omdöpt nyhet"),
    );
    server.wait_for("/nyheter/omdopt-nyhet/", "appears after rename", |s, _| s == 200);
    server.wait_for("/nyheter/andra-nyheten/", "404s after rename", |s, _| s == 404);

    site.write(
        "content/nyheter/ny.md",
        "---\ntitle: Alldeles ny\ndate: 2024-03-20\n---\nText.\n",
    );
    server.wait_for("/nyheter/", "lists the new article", |_, b| b.contains("Alldeles ny"));
}

#[test]
fn preview_shows_drafts_and_scheduled_articles_labelled() {
    let site = TestSite::fixture("scheduling");
    site.write(
        "content/nyheter/framtid.md",
        "---\ntitle: Framtida\ndate: 2099-01-01\npublish: 2099-01-01 08:00\n---\n",
    );
    let server = Server::start(&site);
    let (status, draft) = server.get("/nyheter/utkast/");
    assert_eq!(status, 200);
    assert!(draft.contains("Utkast"));
    let (status, scheduled) = server.get("/nyheter/framtida/");
    assert_eq!(status, 200);
    assert!(scheduled.contains("Schemalagd"));
}

#[test]
fn port_in_use_says_to_pick_another() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let site = TestSite::fixture("basic");
    let run = site.notis(&["serve", "--port", &port]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("already in use") && run.stderr.contains("--port"),
        "{}",
        run.stderr
    );
}

#[test]
fn new_writes_a_commented_skeleton_and_never_overwrites() {
    let site = TestSite::fixture("basic");
    let run = site.notis(&["new", "Nya öppettider i biblioteket", "--date", "2026-11-26"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(
        site.root()
            .join("content/nyheter/2026-11-26-nya-oppettider-i-biblioteket.md"),
    )
    .unwrap();
    insta::assert_snapshot!(text);
    let again = site.notis(&["new", "Nya öppettider i biblioteket", "--date", "2026-11-26"]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("finns redan"), "{}", again.stderr);
    // Dated after the fixture's "now": scheduled until that day comes.
    assert_eq!(site.build(&[]).code, 0);
    assert!(!site.exists("nyheter/nya-oppettider-i-biblioteket/index.html"));
    assert_eq!(site.build(&["--now", "2026-11-26 12:00"]).code, 0);
    assert!(site.exists("nyheter/nya-oppettider-i-biblioteket/index.html"));
}

#[test]
fn init_creates_a_site_that_builds_and_refuses_a_non_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("orsa");
    let notis = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_notis")).args(args).output().unwrap();
    let out = notis(&["init", target.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut files: Vec<String> = Vec::new();
    fn walk(base: &std::path::Path, dir: &std::path::Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                walk(base, &e.path(), out);
            } else {
                out.push(e.path().strip_prefix(base).unwrap().display().to_string());
            }
        }
    }
    walk(&target, &target, &mut files);
    files.sort();
    let files: Vec<String> = files
        .into_iter()
        .map(|f| f.replace(|c: char| c.is_ascii_digit(), "9"))
        .collect();
    insta::assert_snapshot!(files.join("\n"));
    let site_yaml = std::fs::read_to_string(target.join("site.yaml")).unwrap();
    insta::assert_snapshot!(site_yaml);

    let build = notis(&["build", "--root", target.to_str().unwrap()]);
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    let check = notis(&["check", "--root", target.to_str().unwrap()]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));

    let again = notis(&["init", target.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    let forced = notis(&["init", "--force", target.to_str().unwrap()]);
    assert!(forced.status.success());
}
