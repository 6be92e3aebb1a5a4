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
    /// Everything it printed (stdout and stderr), for tests of the terminal output.
    output: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Server {
    fn start(site: &TestSite) -> Server {
        Server::start_at(site.root(), &[])
    }

    /// Starts `notis serve --root ROOT` with extra arguments, and waits until it answers.
    fn start_at(root: &std::path::Path, extra: &[&str]) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new(notis_binary())
            .args(["serve", "--port", &port.to_string()])
            .args(extra)
            .arg("--root")
            .arg(root)
            .env("NO_COLOR", "1")
            // Messages in the default language, whatever the machine's locale.
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let output = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let pipes: [Box<dyn Read + Send>; 2] = [
            Box::new(child.stdout.take().unwrap()),
            Box::new(child.stderr.take().unwrap()),
        ];
        for pipe in pipes {
            let output = std::sync::Arc::clone(&output);
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines() {
                    let Ok(line) = line else { break };
                    let mut out = output.lock().unwrap();
                    out.push_str(&line);
                    out.push('\n');
                }
            });
        }
        let server = Server { child, port, output };
        let started = Instant::now();
        while server.try_get("/").is_none() {
            assert!(started.elapsed() < Duration::from_secs(20), "server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    fn printed(&self) -> String {
        self.output.lock().unwrap().clone()
    }

    /// Sends a raw request and returns the status and the whole response.
    fn raw(&self, request: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        let text = String::from_utf8_lossy(&raw).into_owned();
        let status = text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        (status, text)
    }

    fn try_get(&self, path: &str) -> Option<(u16, String)> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port
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
        write!(
            stream,
            "GET /__notis/reload HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
            self.port
        )
        .unwrap();
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
    assert!(overlay.contains("<html lang=\"sv\">"), "{overlay}");
    assert!(
        !overlay.contains("The site has errors"),
        "Swedish only unless asked for English"
    );
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
        run.stderr.contains("används redan") && run.stderr.contains("--port"),
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
    let dir = crate::common::scratch();
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

// ---------------------------------------------------------------- issue 14

/// Waits until `notis serve` has read the whole site and settled (its first build printed).
fn settled(server: &Server) {
    let started = Instant::now();
    while !server.printed().contains("uppdaterad:") {
        assert!(started.elapsed() < Duration::from_secs(10), "{}", server.printed());
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn issue_14_a_folder_moved_into_the_news_is_served_and_one_moved_out_is_not() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/inkorg/mapp/flyttad.md",
        "---\ntitle: Flyttad nyhet\ndate: 2024-03-05\n---\nText.\n",
    );
    let server = Server::start(&site);
    assert_eq!(server.get("/nyheter/flyttad-nyhet/").0, 404);
    std::fs::rename(
        site.root().join("content/inkorg/mapp"),
        site.root().join("content/nyheter/mapp"),
    )
    .unwrap();
    server.wait_for("/nyheter/flyttad-nyhet/", "is served after the move in", |s, _| {
        s == 200
    });

    // The fixture's sub/ folder (Tredje nyheten, slug julnyhet) moved out of the news.
    std::fs::rename(
        site.root().join("content/nyheter/sub"),
        site.root().join("content/inkorg/sub"),
    )
    .unwrap();
    server.wait_for("/nyheter/julnyhet/", "404s after the move out", |s, _| s == 404);
    server.wait_for("/nyheter/", "stops listing it", |_, b| !b.contains("Tredje nyheten"));
    // And a folder moved back in is served again, with a file edited while it was out.
    site.write(
        "content/inkorg/sub/c.md",
        "---\ntitle: Tredje nyheten igen\ndate: 2023-12-24\nslug: julnyhet\n---\nText.\n",
    );
    std::fs::rename(
        site.root().join("content/inkorg/sub"),
        site.root().join("content/nyheter/sub"),
    )
    .unwrap();
    server.wait_for("/nyheter/julnyhet/", "is back", |s, b| {
        s == 200 && b.contains("Tredje nyheten igen")
    });
}

#[test]
fn issue_14_a_symlinked_root_follows_deletes() {
    let site = TestSite::fixture("basic");
    let links = crate::common::scratch();
    let link = links.path().join("webbplats");
    std::os::unix::fs::symlink(site.root(), &link).unwrap();
    let server = Server::start_at(&link, &[]);
    settled(&server);
    assert_eq!(server.get("/nyheter/forsta-nyheten/").0, 200);
    std::fs::remove_file(site.root().join("content/nyheter/a.md")).unwrap();
    server.wait_for("/nyheter/forsta-nyheten/", "404s after delete", |s, _| s == 404);
}

#[test]
fn issue_14_the_error_page_shows_code_frames_with_root_and_for_render_errors() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site);
    settled(&server);
    let path = site.root().join("content/nyheter/b.md");
    let good = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, good.replace("tags: [IT]", "tagz: [IT]")).unwrap();
    let overlay = server.wait_for("/nyheter/", "shows the overlay", |_, b| {
        b.contains("Webbplatsen har fel")
    });
    assert!(
        overlay.contains("tagz: [IT]"),
        "the code frame quotes the line:\n{overlay}"
    );
    std::fs::write(&path, &good).unwrap();
    server.wait_for("/nyheter/", "recovers", |s, _| s == 200);

    // An override that fails only when a page is rendered: its frame is shown too.
    site.write(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block content %}\n<p>{{ finns_inte.alls }}</p>\n{% endblock content %}\n",
    );
    let page = server.wait_for("/nyheter/andra-nyheten/", "fails to render", |s, _| s == 500);
    assert!(page.contains("templates/article.html"), "{page}");
    assert!(
        page.contains("&lt;p&gt;{{ finns_inte.alls }}&lt;/p&gt;"),
        "the code frame quotes the line:\n{page}"
    );
}

#[test]
fn issue_14_the_error_page_leaves_when_a_new_override_is_deleted_or_site_yaml_is_fixed() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site);
    settled(&server);
    // templates/ did not exist when the preview started.
    site.write("templates/article.html", "{% block main %}\n{{ oj \n");
    server.wait_for("/nyheter/", "shows the overlay", |_, b| {
        b.contains("Webbplatsen har fel")
    });
    std::fs::remove_file(site.root().join("templates/article.html")).unwrap();
    server.wait_for("/nyheter/", "recovers after the delete", |s, b| {
        s == 200 && b.contains("Andra nyheten")
    });
    // Again, with the whole folder removed.
    site.write("templates/article.html", "{% block main %}\n{{ oj \n");
    server.wait_for("/nyheter/", "shows the overlay again", |_, b| {
        b.contains("Webbplatsen har fel")
    });
    std::fs::remove_dir_all(site.root().join("templates")).unwrap();
    server.wait_for("/nyheter/", "recovers after the folder is gone", |s, _| s == 200);

    let yaml = site.root().join("site.yaml");
    let good = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, good.replace("title:", "titel:")).unwrap();
    server.wait_for("/nyheter/", "shows the site.yaml error", |_, b| {
        b.contains("Webbplatsen har fel")
    });
    // Saved through a temporary file and a rename, as many editors do.
    std::fs::write(site.root().join(".site.yaml.tmp"), &good).unwrap();
    std::fs::rename(site.root().join(".site.yaml.tmp"), &yaml).unwrap();
    server.wait_for("/nyheter/", "recovers after the fix", |s, _| s == 200);
}

#[test]
fn issue_14_quick_sequences_of_changes_end_in_the_state_on_disk() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site);
    settled(&server);
    let news = site.root().join("content/nyheter");
    // Created and deleted at once, twice; and an article created then renamed at once.
    for _ in 0..2 {
        std::fs::write(news.join("kort.md"), "---\ntitle: Kortlivad\ndate: 2024-03-06\n---\n").unwrap();
        std::fs::remove_file(news.join("kort.md")).unwrap();
    }
    std::fs::write(news.join("ny.md"), "---\ntitle: Ny nyhet\ndate: 2024-03-07\n---\n").unwrap();
    std::fs::rename(news.join("ny.md"), news.join("ny2.md")).unwrap();
    // An editor's save through a temporary file renamed over the article (vim: backup first).
    let a = news.join("a.md");
    let text = std::fs::read_to_string(&a).unwrap();
    std::fs::rename(&a, news.join("a.md~")).unwrap();
    std::fs::write(news.join(".a.md.swp"), "x").unwrap();
    std::fs::write(news.join("4913"), "").unwrap();
    std::fs::remove_file(news.join("4913")).unwrap();
    std::fs::write(&a, text.replace("Mer text.", "Sparad via omdöpning.")).unwrap();
    std::fs::remove_file(news.join("a.md~")).unwrap();
    std::fs::remove_file(news.join(".a.md.swp")).unwrap();
    // Rename b.md while it is being written (the write lands after the rename).
    let b = news.join("b.md");
    let b_text = std::fs::read_to_string(&b).unwrap();
    std::fs::write(news.join(".b.md.tmp"), b_text.replace("Andra nyheten", "Omdöpt andra")).unwrap();
    std::fs::rename(news.join(".b.md.tmp"), news.join("b-ny.md")).unwrap();
    std::fs::remove_file(&b).unwrap();

    server.wait_for("/nyheter/forsta-nyheten/", "shows the edit", |s, b| {
        s == 200 && b.contains("Sparad via omdöpning.")
    });
    server.wait_for("/nyheter/omdopt-andra/", "serves the renamed article", |s, _| s == 200);
    server.wait_for(
        "/nyheter/ny-nyhet/",
        "serves the created-and-renamed article",
        |s, _| s == 200,
    );
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(server.get("/nyheter/kortlivad/").0, 404);
    assert_eq!(server.get("/nyheter/andra-nyheten/").0, 404);
    let (status, listing) = server.get("/nyheter/");
    assert_eq!(status, 200, "{listing}");
    assert!(!listing.contains("Webbplatsen har fel"), "{listing}");
}

#[test]
fn issue_14_a_page_from_an_older_build_is_told_to_reload_as_soon_as_it_listens() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site);
    settled(&server);
    let (_, page) = server.get("/nyheter/forsta-nyheten/");
    // The tab was served, then the site changed before its reload stream connected.
    site.write(
        "content/nyheter/ny.md",
        "---\ntitle: Alldeles ny\ndate: 2024-03-20\n---\n",
    );
    server.wait_for("/nyheter/", "lists the new article", |_, b| b.contains("Alldeles ny"));
    let generation = page
        .split("__notis/reload?since=")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .unwrap_or_else(|| panic!("the page names the build it shows:\n{page}"))
        .to_string();
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        stream,
        "GET /__notis/reload?since={generation} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
        server.port
    )
    .unwrap();
    let mut events = BufReader::new(stream);
    next_reload(&mut events);
}

#[test]
fn issue_14_sigint_and_sigterm_end_the_server_within_two_seconds_with_open_streams() {
    for signal in ["-INT", "-TERM"] {
        let site = TestSite::fixture("basic");
        let mut server = Server::start(&site);
        let _streams: Vec<_> = (0..3).map(|_| server.events()).collect();
        // An idle keep-alive connection too.
        let mut idle = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        write!(idle, "GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n", server.port).unwrap();
        std::thread::sleep(Duration::from_millis(200));
        let started = Instant::now();
        let killed = Command::new("kill")
            .args([signal, &server.child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        loop {
            if let Some(status) = server.child.try_wait().unwrap() {
                assert_eq!(status.code(), Some(0), "{signal}: {status:?}");
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(2),
                "{signal}: still running after 2 s:\n{}",
                server.printed()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[test]
fn issue_14_other_hosts_bodies_and_slow_clients_are_refused() {
    let site = TestSite::fixture("basic");
    let server = Server::start_at(site.root(), &["--header-timeout", "1"]);
    let port = server.port;
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, _) = server.raw(&format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"));
        assert_eq!(status, 200, "{host}");
    }
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("localhost.evil.example:{port}"),
        "127.0.0.1:1".to_string(),
    ] {
        let (status, text) = server.raw(&format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"));
        assert!(status == 421 || status == 403, "{host}: {text}");
        assert!(!text.contains("Testkommun"), "{host}: {text}");
    }
    let (status, _) = server.raw(&format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"
    ));
    assert!(status == 405 || status == 413, "POST: {status}");
    let (status, _) = server.raw(&format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"
    ));
    assert_eq!(status, 413, "a GET with a body");

    // A client that never finishes its headers, and one that idles after a request.
    let started = Instant::now();
    let mut slow = TcpStream::connect(("127.0.0.1", port)).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(slow, "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n").unwrap();
    let mut rest = Vec::new();
    let _ = slow.read_to_end(&mut rest);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the slow client was not cut off"
    );
    let started = Instant::now();
    let mut idle = TcpStream::connect(("127.0.0.1", port)).unwrap();
    idle.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(idle, "GET /tema/notis.css HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").unwrap();
    let mut rest = Vec::new();
    let _ = idle.read_to_end(&mut rest);
    assert!(String::from_utf8_lossy(&rest).starts_with("HTTP/1.1 200"));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the idle connection was not closed"
    );
}

#[test]
fn issue_14_warnings_reach_the_terminal_and_the_page() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site);
    settled(&server);
    let a = site.root().join("content/nyheter/a.md");
    let text = std::fs::read_to_string(&a).unwrap();
    std::fs::write(&a, text.replace("## En rubrik", "# En rubrik")).unwrap();
    let page = server.wait_for("/nyheter/", "shows the warning", |_, b| b.contains("notis-varningar"));
    assert!(page.contains("content/nyheter/a.md"), "{page}");
    assert!(page.contains("En rubrik"), "{page}");
    let started = Instant::now();
    while !server.printed().contains("content/nyheter/a.md") {
        assert!(started.elapsed() < Duration::from_secs(5), "{}", server.printed());
        std::thread::sleep(Duration::from_millis(50));
    }
    std::fs::write(&a, &text).unwrap();
    server.wait_for("/nyheter/", "drops the notice", |_, b| !b.contains("notis-varningar"));
}

/// Issue 31, item 4: the preview decoded a photo on every request for one of its sizes
/// (six at once: 1 GB). It now answers from the build's image cache, and a size it has to
/// make is left there for the next request and the next build.
#[test]
fn issue_31_the_preview_serves_photo_variants_from_the_image_cache() {
    let site = TestSite::fixture("photos");
    std::fs::create_dir_all(site.root().join("static/bilder")).unwrap();
    std::fs::write(
        site.root().join("static/bilder/telefon.jpg"),
        crate::images::small_jpeg(900, 600),
    )
    .unwrap();
    site.build_ok();
    let cache = site.root().join(".public.notis-cache/images");
    let made: Vec<_> = std::fs::read_dir(&cache).unwrap().flatten().map(|e| e.path()).collect();
    assert!(made.len() >= 3, "{made:?}");
    for file in &made {
        std::fs::write(file, "FRÅN CACHEN").unwrap();
    }
    let server = Server::start(&site);
    let (status, page) = server.get("/nyheter/isbanan-ar-spolad/");
    assert_eq!(status, 200);
    let srcset = page.split("srcset=\"").nth(1).expect("a srcset");
    let url = srcset.split([' ', ',']).next().unwrap().to_string();
    assert!(url.starts_with("/bilder/telefon-") && url.ends_with(".webp"), "{url}");
    assert_eq!(server.get(&url), (200, "FRÅN CACHEN".to_string()), "not decoded again");

    // Without the cache: made once, on request, and kept.
    std::fs::remove_dir_all(&cache).unwrap();
    let (status, body) = server.get(&url);
    assert_eq!(status, 200);
    assert!(body.starts_with("RIFF"), "a WebP image");
    let kept: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(kept[0].to_string_lossy().ends_with(".webp"));
}

/// Issue 30: `notis serve --site NAME` previews one site of a multi-site repository: its own
/// files over the shared ones, nothing of the other sites, and an edit of its own file
/// reloads.
#[test]
fn issue_30_serve_site_previews_one_site_of_a_repository() {
    let site = TestSite::example("flera-kommuner");
    let server = Server::start_at(site.root(), &["--site", "orsa"]);
    let (status, listing) = server.get("/nyheter/");
    assert_eq!(status, 200);
    assert!(listing.contains("Orsa kommun"), "{listing}");
    assert!(listing.contains("/nyheter/gemensam-bygglovsenhet-i-mora-och-orsa/"));
    assert!(
        !listing.contains("vasaloppsveckan"),
        "a Mora-only article in Orsa's preview"
    );
    assert_eq!(server.get("/nyheter/vasaloppsveckan-paverkar-trafiken-i-mora/").0, 404);
    let own = "sites/orsa/content/nyheter/2021-07-08-eldningsforbud-i-hela-dalarnas-lan.md";
    let text = std::fs::read_to_string(site.root().join(own)).unwrap();
    site.write(own, &format!("{text}\nNytt från Orsa i förhandsvisningen.\n"));
    server.wait_for(
        "/nyheter/eldningsforbud-i-hela-dalarnas-lan/",
        "shows the edit",
        |s, body| s == 200 && body.contains("Nytt från Orsa i förhandsvisningen."),
    );
    drop(server);
    // A misspelt site stops at once, with a suggestion.
    let run = site.notis(&["serve", "--site", "osra", "--port", "0"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("menade du `orsa`?"), "{}", run.stderr);
}

/// Issue 30: without `--site` the preview shows the first site of sites.yaml, and every
/// page carries a switcher whose links preview another site; the open tabs reload into it.
#[test]
fn issue_30_the_preview_switches_between_the_sites() {
    let site = TestSite::example("flera-kommuner");
    let server = Server::start_at(site.root(), &[]);
    let (status, front) = server.get("/");
    assert_eq!(status, 200);
    assert!(front.contains("Mora kommun"), "{front}");
    assert!(front.contains("aria-label=\"Förhandsvisa webbplats\""), "{front}");
    assert!(front.contains("<strong aria-current=\"true\">mora</strong>"), "{front}");
    assert!(front.contains("href=\"/__notis/webbplats/orsa\""), "{front}");
    let mut events = server.events();
    let (status, _) = server.get("/__notis/webbplats/orsa");
    // The switch answers with a redirect to the front page once Orsa is ready.
    assert_eq!(status, 303);
    let mut line = String::new();
    while !line.starts_with("data:") {
        line.clear();
        events.read_line(&mut line).unwrap();
    }
    let (_, front) = server.get("/");
    assert!(
        front.contains("Orsa kommun") && !front.contains("Mora kommun"),
        "{front}"
    );
    assert!(front.contains("<strong aria-current=\"true\">orsa</strong>"), "{front}");
    let (_, listing) = server.get("/nyheter/");
    assert!(
        !listing.contains("vasaloppsveckan"),
        "a Mora-only article in Orsa's preview"
    );
    assert_eq!(server.get("/__notis/webbplats/stockholm").0, 404);
    // A single site has no switcher.
    let single = TestSite::fixture("basic");
    let server = Server::start_at(single.root(), &[]);
    assert!(!server.get("/").1.contains("notis-webbplatser"));
}

/// The texts of the preview's search fragments (Pagefind's gzipped JSON), read from its bundle.
#[cfg(all(feature = "serve", feature = "search"))]
fn preview_fragments(site: &TestSite) -> Vec<String> {
    let dir = site.root().join(".public.notis-cache/preview/pagefind/fragment");
    let Ok(list) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    list.flatten()
        .filter_map(|e| {
            let mut text = String::new();
            flate2::read::GzDecoder::new(std::fs::File::open(e.path()).ok()?)
                .read_to_string(&mut text)
                .ok()?;
            Some(text)
        })
        .collect()
}

/// Issue 26: the preview keeps a search index. It serves Pagefind's bundle under
/// /pagefind/ (and nothing outside it), and a few seconds after a save (after the
/// reload) the index holds the word just written.
#[test]
#[cfg(all(feature = "serve", feature = "search"))]
fn the_preview_search_finds_a_word_just_saved() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site);
    let entry = server.wait_for("/pagefind/pagefind-entry.json", "indexed", |s, _| s == 200);
    let entry: serde_json::Value = serde_json::from_str(&entry).unwrap();
    assert!(entry["languages"]["sv"].is_object(), "{entry}");
    assert_eq!(server.get("/pagefind/pagefind-ui.js").0, 200);
    assert_eq!(server.get("/pagefind/../site.yaml").0, 404);
    assert_eq!(server.get("/pagefind/%2e%2e/site.yaml").0, 404);
    assert!(!preview_fragments(&site).iter().any(|f| f.contains("Vattenmätarbytet")));

    let mut events = server.events();
    let path = site.root().join("content/nyheter/a.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\nVattenmätarbytet börjar på måndag.\n")).unwrap();
    next_reload(&mut events);
    let reloaded = Instant::now();
    while !preview_fragments(&site).iter().any(|f| f.contains("Vattenmätarbytet")) {
        assert!(
            reloaded.elapsed() < Duration::from_secs(10),
            "the preview's index never got the new word"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let fragment = std::fs::read_dir(site.root().join(".public.notis-cache/preview/pagefind/fragment"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .file_name();
    let served = format!("/pagefind/fragment/{}", fragment.to_string_lossy());
    // Served once the indexing that wrote it has finished (503 while it writes).
    server.wait_for(&served, "the new fragment served", |s, _| s == 200);
    let (status, entry) = server.get("/pagefind/pagefind-entry.json");
    assert_eq!(status, 200);
    assert!(serde_json::from_str::<serde_json::Value>(&entry).is_ok(), "{entry}");
}
