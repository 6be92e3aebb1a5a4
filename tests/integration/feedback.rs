//! Issue 15: `notis feedback serve` over real HTTP, and the commands that handle its comments.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::*;

const BASE: &str = "https://www.mora.se";
const PAGE: &str = "https://www.mora.se/nyheter/storningar-hos-kommunernas-it-system/";

/// The sample site with its `feedback:` block replaced by `feedback` (YAML lines, indented).
fn site_with(feedback: &str) -> TestSite {
    let site = TestSite::sample();
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    let yaml = yaml.replace(
        "feedback:\n  action: https://www.mora.se/feedback\n",
        &format!("feedback:\n{feedback}"),
    );
    assert!(yaml.contains(feedback));
    site.write("site.yaml", &yaml);
    site
}

fn default_site() -> TestSite {
    site_with("  action: https://www.mora.se/feedback\n  rate_limit_per_minute: 0\n")
}

/// A running `notis feedback serve`, killed when dropped.
struct Receiver {
    child: Child,
    port: u16,
    db: PathBuf,
    root: PathBuf,
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The form body for these fields, URL-encoded as a browser does.
fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            let v: String = v
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => (b as char).to_string(),
                    b' ' => "+".into(),
                    b'\n' => "%0D%0A".into(),
                    _ => format!("%{b:02X}"),
                })
                .collect();
            format!("{k}={v}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

impl Receiver {
    fn start(site: &TestSite, db: PathBuf) -> Receiver {
        Receiver::start_with_env(site, db, &[])
    }

    fn start_with_env(site: &TestSite, db: PathBuf, env: &[(&str, &str)]) -> Receiver {
        Receiver::start_with(site, db, env, &[], None)
    }

    /// `extra` are more arguments of `notis feedback serve`; `shell` runs it through
    /// `sh -c` after that shell command (e.g. `ulimit -n 1024`).
    fn start_with(site: &TestSite, db: PathBuf, env: &[(&str, &str)], extra: &[&str], shell: Option<&str>) -> Receiver {
        let port = free_port();
        let mut command = match shell {
            Some(first) => {
                let mut c = Command::new("sh");
                c.arg("-c")
                    .arg(format!("{first} && exec \"$0\" \"$@\""))
                    .arg(env!("CARGO_BIN_EXE_notis"));
                c
            }
            None => Command::new(env!("CARGO_BIN_EXE_notis")),
        };
        let child = command
            .args(["feedback", "serve", "--port", &port.to_string(), "--db"])
            .arg(&db)
            .arg("--root")
            .arg(site.root())
            .args(extra)
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "receiver did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        Receiver {
            child,
            port,
            db,
            root: site.root().to_path_buf(),
        }
    }

    fn new_db(site: &TestSite) -> Receiver {
        Receiver::start(site, site.root().join("feedback.db"))
    }

    /// Sends a raw request; `headers` are extra header lines.
    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        let chunked = headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("transfer-encoding"));
        if !chunked {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        for (n, v) in headers {
            head.push_str(&format!("{n}: {v}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        if chunked {
            for chunk in body.chunks(4096) {
                let _ = write!(stream, "{:x}\r\n", chunk.len());
                let _ = stream.write_all(chunk);
                let _ = stream.write_all(b"\r\n");
            }
            let _ = stream.write_all(b"0\r\n\r\n");
        } else {
            // The server may answer (413) before reading it all.
            let _ = stream.write_all(body);
        }
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text
            .split_once("\r\n\r\n")
            .unwrap_or_else(|| panic!("no answer: {text:?}"));
        let mut lines = head.lines();
        let status = lines
            .next()
            .unwrap()
            .split_whitespace()
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
            .collect();
        Answer {
            status,
            headers,
            body: body.to_string(),
        }
    }

    /// A browser's form post from the article page.
    fn post_form(&self, fields: &[(&str, &str)], extra: &[(&str, &str)]) -> Answer {
        let mut headers = vec![
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
            ("Origin", BASE),
        ];
        headers.extend_from_slice(extra);
        self.request("POST", "/feedback", &headers, form(fields).as_bytes())
    }

    /// The same post by a script that wants JSON.
    fn post_json(&self, fields: &[(&str, &str)], extra: &[(&str, &str)]) -> Answer {
        let mut headers = vec![
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Accept", "application/json"),
            ("Origin", BASE),
        ];
        headers.extend_from_slice(extra);
        self.request("POST", "/feedback", &headers, form(fields).as_bytes())
    }

    fn cli(&self, args: &[&str]) -> (i32, String, String) {
        Receiver::cli_on(&self.db, &self.root, args)
    }

    /// `notis feedback ARGS --db DB --root ROOT`.
    fn cli_on(db: &std::path::Path, root: &std::path::Path, args: &[&str]) -> (i32, String, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_notis"))
            .arg("feedback")
            .args(args)
            .arg("--db")
            .arg(db)
            .arg("--root")
            .arg(root)
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// `notis feedback export --format json` (plus `extra`), parsed.
    fn export(&self, extra: &[&str]) -> Vec<serde_json::Value> {
        let mut args = vec!["export", "--format", "json"];
        args.extend_from_slice(extra);
        let (code, out, err) = self.cli(&args);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str::<Vec<serde_json::Value>>(&out).unwrap()
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn ok_fields(comment: &str) -> Vec<(&'static str, String)> {
    vec![
        ("page_url", PAGE.to_string()),
        ("comment", comment.to_string()),
        ("email", String::new()),
        ("website", String::new()),
    ]
}

fn refs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[test]
fn a_browser_post_is_stored_and_sent_to_the_thank_you_page() {
    let site = default_site();
    let r = Receiver::new_db(&site);
    let fields = ok_fields("Länken till   felanmälan\nfungerar inte.");
    let answer = r.post_form(&refs(&fields), &[]);
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert_eq!(
        answer.header("location"),
        Some("https://www.mora.se/tack/?sida=%2Fnyheter%2Fstorningar-hos-kommunernas-it-system%2F")
    );
    let rows = r.export(&[]);
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(
        row["comment"], "Länken till   felanmälan\nfungerar inte.",
        "CRLF stored as LF"
    );
    assert_eq!(row["page_url"], PAGE);
    assert_eq!(row["status"], "new");
    assert_eq!(row["email"], "");
    assert!(
        chrono::DateTime::parse_from_rfc3339(row["received"].as_str().unwrap()).is_ok(),
        "{row}"
    );
}

#[test]
fn json_clients_get_json_answers() {
    let site = default_site();
    let r = Receiver::new_db(&site);
    let mut fields = ok_fields("Bra sida");
    fields[2].1 = "anna@exempel.se".into();
    let answer = r.post_json(&refs(&fields), &[]);
    assert_eq!(answer.status, 200);
    assert!(answer.header("content-type").unwrap().starts_with("application/json"));
    let v = answer.json();
    assert_eq!(v["ok"], true);
    let id = v["id"].as_i64().unwrap();
    assert_eq!(r.export(&[])[0]["id"].as_i64(), Some(id));
    assert_eq!(r.export(&[])[0]["email"], "anna@exempel.se");

    let cases: [(&str, String, &str); 5] = [
        ("comment", String::new(), "comment_missing"),
        ("comment", "  \n ".into(), "comment_missing"),
        ("comment", "a".repeat(5_001), "comment_too_long"),
        ("email", "anna@".into(), "email_invalid"),
        (
            "page_url",
            "https://www.mora.se.example.com/x/".into(),
            "page_url_foreign",
        ),
    ];
    for (field, value, code) in cases {
        let mut fields = ok_fields("Bra sida");
        fields.iter_mut().find(|(k, _)| *k == field).unwrap().1 = value;
        let answer = r.post_json(&refs(&fields), &[]);
        assert_eq!(answer.status, 400, "{code}: {}", answer.body);
        let v = answer.json();
        assert_eq!(v["ok"], false);
        assert_eq!(v["code"], code);
        assert!(!v["error"].as_str().unwrap().is_empty());
    }
    // Exactly 5 000 characters of Swedish text is allowed (about 7 KB encoded); extra fields are ignored.
    let text: String = "Hej på dig. ".chars().cycle().take(4_999).chain(['x']).collect();
    let mut fields = ok_fields(&text);
    fields.push(("namn", "Anna".into()));
    assert_eq!(r.post_json(&refs(&fields), &[]).status, 200);
    assert_eq!(r.export(&[]).len(), 2, "refused posts are not stored");
}

#[test]
fn a_refused_browser_post_gets_a_swedish_page_with_the_text_kept() {
    let site = default_site();
    let r = Receiver::new_db(&site);
    let mut fields = ok_fields("Jag <b>undrar</b> & \"frågar\"");
    fields[2].1 = "inte-en-adress".into();
    let answer = r.post_form(&refs(&fields), &[]);
    assert_eq!(answer.status, 400);
    assert!(answer.header("content-type").unwrap().starts_with("text/html"));
    let doc = scraper::Html::parse_document(&answer.body);
    assert_eq!(attrs(&doc, "html", "lang"), ["sv"]);
    assert_eq!(texts(&doc, "h1"), ["Kommentaren skickades inte"]);
    assert_eq!(
        texts(&doc, "textarea[name=comment]"),
        ["Jag <b>undrar</b> & \"frågar\""]
    );
    assert_eq!(attrs(&doc, "input[name=email]", "value"), ["inte-en-adress"]);
    assert_eq!(attrs(&doc, "input[name=email]", "aria-invalid"), ["true"]);
    assert_eq!(attrs(&doc, "input[name=page_url]", "value"), [PAGE]);
    assert_eq!(attrs(&doc, "form", "action"), ["https://www.mora.se/feedback"]);
    assert!(texts(&doc, ".errors li").iter().any(|t| t.contains("E-postadressen")));
    assert_eq!(attrs(&doc, "#tillbaka", "href"), [PAGE]);
    // Every field has a label.
    for id in attrs(&doc, "textarea, input:not([type=hidden])", "id") {
        assert_eq!(attrs(&doc, &format!("label[for={id}]"), "for").len(), 1, "{id}");
    }
}

#[test]
fn too_large_and_not_a_form_are_refused() {
    let site = default_site();
    let r = Receiver::new_db(&site);
    // Larger than any comment of 5 000 characters can be, however it is written.
    let big = form(&[("page_url", PAGE), ("comment", &"a".repeat(80_000))]);
    for chunked in [false, true] {
        let mut headers = vec![("Content-Type", "application/x-www-form-urlencoded"), ("Origin", BASE)];
        if chunked {
            headers.push(("Transfer-Encoding", "chunked"));
        }
        let answer = r.request("POST", "/feedback", &headers, big.as_bytes());
        assert_eq!(answer.status, 413, "chunked: {chunked}");
        let doc = scraper::Html::parse_document(&answer.body);
        assert_eq!(texts(&doc, "h1"), ["Kommentaren är för lång"]);
        let json = r.request(
            "POST",
            "/feedback",
            &[
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Accept", "application/json"),
            ],
            big.as_bytes(),
        );
        assert_eq!((json.status, json.json()["code"].clone()), (413, "too_large".into()));
    }
    for content_type in ["application/json", "text/plain", "multipart/form-data; boundary=x"] {
        let answer = r.request(
            "POST",
            "/feedback",
            &[("Content-Type", content_type), ("Referer", PAGE)],
            b"{\"comment\": \"x\"}",
        );
        assert_eq!(answer.status, 415, "{content_type}");
        let doc = scraper::Html::parse_document(&answer.body);
        assert_eq!(texts(&doc, "h1"), ["Kommentaren kunde inte läsas"]);
        assert_eq!(attrs(&doc, "main a", "href"), [PAGE], "a way back to the page");
    }
    // A form with a charset parameter is still a form.
    let fields = ok_fields("Hej");
    let answer = r.request(
        "POST",
        "/feedback",
        &[("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")],
        form(&refs(&fields)).as_bytes(),
    );
    assert_eq!(answer.status, 303);
    assert_eq!(r.export(&[]).len(), 1);
}

#[test]
fn other_sites_and_other_methods_are_refused() {
    let site = default_site();
    let r = Receiver::new_db(&site);
    let fields = ok_fields("Hej");
    for header in [
        ("Origin", "https://evil.example"),
        ("Origin", "https://www.mora.se.evil.example"),
        ("Referer", "https://evil.example/mora.se/"),
    ] {
        let mut headers = vec![("Content-Type", "application/x-www-form-urlencoded"), header];
        headers.push(("Accept", "application/json"));
        let answer = r.request("POST", "/feedback", &headers, form(&refs(&fields)).as_bytes());
        assert_eq!(answer.status, 403, "{header:?}");
        assert_eq!(answer.json()["code"], "foreign_origin");
    }
    // Our own pages, a hidden origin ("null") and none at all are accepted.
    for header in [("Referer", PAGE), ("Origin", "null"), ("X-Nothing", "")] {
        let headers = [("Content-Type", "application/x-www-form-urlencoded"), header];
        let answer = r.request("POST", "/feedback", &headers, form(&refs(&fields)).as_bytes());
        assert_eq!(answer.status, 303, "{header:?}");
    }
    assert_eq!(r.export(&[]).len(), 3);
    let get = r.request("GET", "/feedback", &[], b"");
    assert_eq!(get.status, 405);
    assert_eq!(get.header("allow"), Some("POST"));
    assert_eq!(r.request("POST", "/annat", &[], b"").status, 404);
}

#[test]
fn the_trap_is_answered_like_a_success_and_stored_as_spam() {
    let site = default_site();
    let r = Receiver::new_db(&site);
    let mut fields = ok_fields("Köp billiga klockor");
    fields[3].1 = "http://spam.example".into();
    let answer = r.post_form(&refs(&fields), &[]);
    assert_eq!(answer.status, 303);
    assert!(
        answer
            .header("location")
            .unwrap()
            .starts_with("https://www.mora.se/tack/")
    );
    assert_eq!(r.post_json(&refs(&fields), &[]).json()["ok"], true);
    assert!(r.export(&[]).is_empty(), "spam is not exported by default");
    let all = r.export(&["--all"]);
    assert_eq!(all.len(), 2);
    assert!(all.iter().all(|row| row["status"] == "spam"));
    let (code, out, _) = r.cli(&["list"]);
    assert_eq!(code, 0);
    assert!(!out.contains("klockor"));
    let (_, out, _) = r.cli(&["list", "--all"]);
    assert!(out.contains("skräppost") && out.contains("klockor"), "{out}");
}

#[test]
fn the_rate_limit_answers_429_per_client() {
    let site = site_with("  action: https://www.mora.se/feedback\n  rate_limit_per_minute: 2\n");
    let r = Receiver::new_db(&site);
    let fields = ok_fields("Tre på raken");
    // Through a proxy on this machine: each client is the address the proxy appended.
    let one = [("X-Forwarded-For", "203.0.113.7")];
    assert_eq!(r.post_form(&refs(&fields), &one).status, 303);
    assert_eq!(r.post_form(&refs(&fields), &one).status, 303);
    let limited = r.post_form(&refs(&fields), &one);
    assert_eq!(limited.status, 429);
    let wait: u64 = limited.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    let doc = scraper::Html::parse_document(&limited.body);
    assert_eq!(texts(&doc, "h1"), ["Vänta en stund"]);
    assert_eq!(
        texts(&doc, "textarea[name=comment]"),
        ["Tre på raken"],
        "the text is kept"
    );
    let json = r.post_json(&refs(&fields), &one);
    assert_eq!((json.status, json.json()["code"].clone()), (429, "rate_limited".into()));
    let other = [("X-Forwarded-For", "198.51.100.1, 203.0.113.8")];
    assert_eq!(r.post_form(&refs(&fields), &other).status, 303, "another client");
    assert_eq!(r.export(&[]).len(), 3);
    // Only a keyed hash of the address is kept: neither address is in the database file.
    let bytes = std::fs::read(&r.db).unwrap();
    let wal = std::fs::read(r.db.with_extension("db-wal")).unwrap_or_default();
    for needle in ["203.0.113.7", "203.0.113.8", "127.0.0.1"] {
        let found = |b: &[u8]| b.windows(needle.len()).any(|w| w == needle.as_bytes());
        assert!(!found(&bytes) && !found(&wal), "{needle} stored");
    }
}

/// A new comment on `page` received `days` before `now`, as the store takes it.
fn stored_before(
    now: chrono::DateTime<chrono::Utc>,
    days: i64,
    page: &str,
    comment: &str,
) -> notis::feedback::store::NewSubmission {
    notis::feedback::store::NewSubmission {
        received: now - chrono::Duration::days(days),
        page_url: page.into(),
        comment: comment.into(),
        email: String::new(),
        status: notis::feedback::store::Status::New,
        client_hash: "x".into(),
        kind: "comment",
        helpful: String::new(),
    }
}

#[test]
fn old_submissions_are_deleted_at_start() {
    use notis::feedback::store::{SqliteStore, Store};
    let site = site_with("  action: https://www.mora.se/feedback\n  retention_days: 30\n");
    let db = site.root().join("feedback.db");
    let now = chrono::Utc::now();
    let old = |days: i64, comment: &str| stored_before(now, days, PAGE, comment);
    SqliteStore::open(&db)
        .unwrap()
        .insert(&[
            old(400, "ett år gammal"),
            old(31, "en månad gammal"),
            old(29, "nästan en månad"),
        ])
        .unwrap();
    let r = Receiver::start(&site, db);
    // The start-up purge runs before the receiver listens.
    let comments: Vec<String> = r
        .export(&["--all"])
        .iter()
        .map(|row| row["comment"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(comments, ["nästan en månad"]);
}

#[test]
fn csv_export_opens_in_swedish_excel_without_running_formulas() {
    let site = default_site();
    let r = Receiver::new_db(&site);
    for comment in [
        "=HYPERLINK(\"http://evil.example\";\"klicka\")",
        "+46 250 260 00",
        "-bra",
        "@SUM(A1)",
        "Semikolon; och \"citat\"\nny rad",
    ] {
        assert_eq!(r.post_json(&refs(&ok_fields(comment)), &[]).status, 200, "{comment}");
    }
    let path = site.root().join("export.csv");
    let (code, _, err) = r.cli(&["export", "--format", "csv", "--output", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&path).unwrap();
    // Issue 27 added `kind` and `helpful` at the end.
    assert!(text.starts_with("\u{feff}id;received;status;page_url;email;comment;kind;helpful\r\n"));
    for cell in [
        "\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"klicka\"\")\"",
        "\"'+46 250 260 00\"",
        "\"'-bra\"",
        "\"'@SUM(A1)\"",
        "\"Semikolon; och \"\"citat\"\"\nny rad\"",
    ] {
        assert!(text.contains(cell), "{cell} not in\n{text}");
    }
    // --since filters by day.
    let (_, out, _) = r.cli(&["export", "--format", "csv", "--since", "2999-01-01"]);
    assert_eq!(out.lines().count(), 1, "only the header");
}

#[test]
fn mark_and_backup() {
    let site = default_site();
    let r = Receiver::new_db(&site);
    let id = r.post_json(&refs(&ok_fields("Hantera mig")), &[]).json()["id"]
        .as_i64()
        .unwrap();
    let (code, _, _) = r.cli(&["mark", &id.to_string(), "handled"]);
    assert_eq!(code, 0);
    assert_eq!(r.export(&[])[0]["status"], "handled");
    let (code, _, err) = r.cli(&["mark", "999", "spam"]);
    assert_eq!(code, 1);
    assert!(err.contains("999"), "{err}");
    let (code, _, _) = r.cli(&["mark", &id.to_string(), "spam"]);
    assert_eq!(code, 0);
    assert!(r.export(&[]).is_empty());
    // An online backup while the receiver runs is a complete database.
    let copy = site.root().join("kopia.db");
    let (code, _, err) = r.cli(&["backup", copy.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let from_copy = Command::new(env!("CARGO_BIN_EXE_notis"))
        .args(["feedback", "export", "--format", "json", "--all", "--db"])
        .arg(&copy)
        .arg("--root")
        .arg(site.root())
        .output()
        .unwrap();
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&from_copy.stdout).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["comment"], "Hantera mig");
    let (code, _, _) = r.cli(&["backup", copy.to_str().unwrap()]);
    assert_eq!(code, 1, "never overwrites a file");
}

#[test]
fn without_an_action_there_is_nothing_to_serve() {
    let site = TestSite::sample();
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &yaml
            .replace("feedback:\n  action: https://www.mora.se/feedback\n", "")
            .replace("subscriptions:\n  action: https://www.mora.se/prenumerera/\n", ""),
    );
    let db = site.root().join("x.db");
    let run = site.notis(&["feedback", "serve", "--port", "0", "--db", db.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("feedback.action"), "{}", run.stderr);
    assert!(!db.exists(), "a receiver that does not start leaves no database behind");
}

/// Every acknowledged submission survives SIGKILL of the receiver, under concurrent load.
#[test]
fn nothing_acknowledged_is_lost_when_the_receiver_is_killed() {
    let site = default_site();
    let db = site.root().join("feedback.db");
    let mut r = Receiver::start(&site, db.clone());
    let acked: Arc<Mutex<Vec<(i64, String)>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let port = r.port;
    let clients: Vec<_> = (0..8)
        .map(|c| {
            let (acked, stop) = (acked.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::SeqCst) {
                    n += 1;
                    let comment = format!("klient {c} nummer {n}");
                    let body = form(&[("page_url", PAGE), ("comment", &comment)]);
                    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
                        break;
                    };
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                    let request = format!(
                        "POST /feedback HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAccept: application/json\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    if stream.write_all(request.as_bytes()).is_err() {
                        break;
                    }
                    let mut raw = String::new();
                    if stream.read_to_string(&mut raw).is_err() {
                        break;
                    }
                    // Counted as acknowledged only when the whole answer arrived.
                    let Some((_, body)) = raw.split_once("\r\n\r\n") else { break };
                    let Ok(v) = serde_json::from_str::<serde_json::Value>(body) else { break };
                    if let Some(id) = v["id"].as_i64() {
                        acked.lock().unwrap().push((id, comment));
                    }
                }
            })
        })
        .collect();
    let started = Instant::now();
    while acked.lock().unwrap().len() < 300 {
        assert!(started.elapsed() < Duration::from_secs(60), "too slow");
        std::thread::sleep(Duration::from_millis(5));
    }
    r.child.kill().unwrap(); // SIGKILL, in the middle of the load
    r.child.wait().unwrap();
    let killed_at = acked.lock().unwrap().len();
    stop.store(true, Ordering::SeqCst);
    for c in clients {
        c.join().unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() >= killed_at);

    // Restart on the same database: everything acknowledged is there, and it still works.
    let r2 = Receiver::start(&site, db);
    let stored: std::collections::HashMap<i64, String> = r2
        .export(&[])
        .iter()
        .map(|row| {
            (
                row["id"].as_i64().unwrap(),
                row["comment"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let missing: Vec<_> = acked.iter().filter(|(id, c)| stored.get(id) != Some(c)).collect();
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged missing: {missing:?}",
        missing.len(),
        acked.len()
    );
    assert_eq!(r2.post_json(&refs(&ok_fields("efter omstart")), &[]).status, 200);
}

#[test]
fn the_build_makes_the_thank_you_page_and_puts_the_form_on_pages() {
    let site = TestSite::sample();
    site.build_ok();
    let doc = site.html("tack/index.html");
    assert_eq!(texts(&doc, "h1"), ["Tack för din kommentar!"]);
    assert_eq!(attrs(&doc, "meta[name=robots]", "content"), ["noindex"]);
    assert!(
        attrs(&doc, "#tack-tillbaka[hidden] a", "href").len() == 1,
        "hidden until ?sida= is read"
    );
    assert!(
        attrs(&doc, "main a", "href").contains(&"/".to_string()),
        "works without JavaScript"
    );
    assert!(!site.read("sitemap.xml").contains("/tack/"), "not in the sitemap");
    // Pages carry the form too (the accessibility statement promises it on every page).
    let page = site.html("sidor/tillganglighetsredogorelse/index.html");
    assert_eq!(
        attrs(&page, "form.feedback__form", "action"),
        ["https://www.mora.se/feedback"]
    );
    assert_eq!(
        attrs(&page, "form.feedback__form input[name=page_url]", "value"),
        ["https://www.mora.se/sidor/tillganglighetsredogorelse/"]
    );
    let article = site.html("nyheter/storningar-hos-kommunernas-it-system/index.html");
    let names = attrs(&article, "form.feedback__form [name]", "name");
    assert_eq!(
        names,
        ["page_url", "comment", "email", "website"],
        "the contract's field names"
    );
    assert_eq!(
        attrs(&article, "form.feedback__form input[name=page_url]", "value"),
        [PAGE]
    );
}

#[test]
fn a_custom_thank_you_path_is_built_and_used_and_clashes_are_named() {
    let site = site_with("  action: https://www.mora.se/feedback\n  thanks: /tack-for-kommentaren/\n");
    site.build_ok();
    assert!(site.exists("tack-for-kommentaren/index.html"));
    assert!(!site.exists("tack/index.html"));
    let r = Receiver::new_db(&site);
    let answer = r.post_form(&refs(&ok_fields("Hej")), &[]);
    assert!(
        answer
            .header("location")
            .unwrap()
            .starts_with("https://www.mora.se/tack-for-kommentaren/?sida="),
        "{:?}",
        answer.header("location")
    );
    let clash = site_with("  action: https://www.mora.se/feedback\n  thanks: /nyheter/\n");
    let run = clash.build(&[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("tacksidan för ”Kommentera sidan”"),
        "{}",
        run.stderr
    );
    // Without an action: no form and no thank-you page.
    let none = TestSite::sample();
    let yaml = std::fs::read_to_string(none.root().join("site.yaml")).unwrap();
    none.write(
        "site.yaml",
        &yaml.replace("feedback:\n  action: https://www.mora.se/feedback\n", ""),
    );
    none.build_ok();
    assert!(!none.exists("tack/index.html"));
    assert!(
        !none
            .read("sidor/tillganglighetsredogorelse/index.html")
            .contains("feedback__form")
    );
}

/// A minimal SMTP server on 127.0.0.1 that accepts every mail and keeps its text.
fn fake_smtp() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mails: Arc<Mutex<Vec<String>>> = Arc::default();
    let kept = mails.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let kept = kept.clone();
            std::thread::spawn(move || {
                use std::io::BufRead;
                let mut out = stream.try_clone().unwrap();
                let mut lines = std::io::BufReader::new(stream);
                let _ = out.write_all(b"220 fake ESMTP\r\n");
                let mut line = String::new();
                while lines.read_line(&mut line).unwrap_or(0) > 0 {
                    let command = line.trim_end().to_ascii_uppercase();
                    line.clear();
                    let reply: &[u8] = if command.starts_with("EHLO") {
                        b"250-fake\r\n250 8BITMIME\r\n"
                    } else if command == "DATA" {
                        let _ = out.write_all(b"354 go ahead\r\n");
                        let mut mail = String::new();
                        while lines.read_line(&mut line).unwrap_or(0) > 0 && line != ".\r\n" {
                            mail.push_str(&line);
                            line.clear();
                        }
                        line.clear();
                        kept.lock().unwrap().push(mail);
                        b"250 queued\r\n"
                    } else if command == "QUIT" {
                        let _ = out.write_all(b"221 bye\r\n");
                        break;
                    } else {
                        b"250 ok\r\n"
                    };
                    let _ = out.write_all(reply);
                }
            });
        }
    });
    (port, mails)
}

#[test]
fn notify_mails_each_new_comment_and_a_dead_mail_server_delays_nothing() {
    let site = site_with(
        "  action: https://www.mora.se/feedback\n  rate_limit_per_minute: 0\n  notify: registrator@mora.se\n",
    );
    let (smtp_port, mails) = fake_smtp();
    let port = smtp_port.to_string();
    let env = [
        ("NOTIS_SMTP_HOST", "127.0.0.1"),
        ("NOTIS_SMTP_PORT", port.as_str()),
        ("NOTIS_SMTP_TLS", "none"),
    ];
    let r = Receiver::start_with_env(&site, site.root().join("a.db"), &env);
    let mut fields = ok_fields("Skicka mig som e-post");
    fields[2].1 = "anna@exempel.se".into();
    let id = r.post_json(&refs(&fields), &[]).json()["id"].as_i64().unwrap();
    let mut trapped = ok_fields("bot");
    trapped[3].1 = "x".into();
    assert_eq!(r.post_form(&refs(&trapped), &[]).status, 303);
    let started = Instant::now();
    while mails.lock().unwrap().is_empty() {
        assert!(started.elapsed() < Duration::from_secs(20), "no mail arrived");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    let mails = mails.lock().unwrap().clone();
    assert_eq!(mails.len(), 1, "spam is not mailed: {mails:?}");
    assert!(mails[0].contains("To: registrator@mora.se"), "{}", mails[0]);
    assert!(mails[0].contains("Reply-To: anna@exempel.se"), "{}", mails[0]);
    assert!(mails[0].contains(&format!("Subject: Kommentar #{id}")), "{}", mails[0]);
    assert!(mails[0].contains("Skicka mig som e-post"), "{}", mails[0]);

    // Nothing listens on this port: the comment is stored and answered all the same, at once.
    let dead = free_port().to_string();
    let env = [
        ("NOTIS_SMTP_HOST", "127.0.0.1"),
        ("NOTIS_SMTP_PORT", dead.as_str()),
        ("NOTIS_SMTP_TLS", "none"),
    ];
    let r = Receiver::start_with_env(&site, site.root().join("b.db"), &env);
    let started = Instant::now();
    assert_eq!(r.post_form(&refs(&ok_fields("Ingen e-postserver")), &[]).status, 303);
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    assert_eq!(r.export(&[]).len(), 1);
    // Without any SMTP settings the receiver warns and still receives.
    let r = Receiver::new_db(&site);
    assert_eq!(r.post_form(&refs(&ok_fields("Inga inställningar")), &[]).status, 303);
}

/// Issue 24: the limit counts characters, as the form promises. A Cyrillic or Arabic
/// letter is 6 bytes form-encoded, an emoji 12, so 5 000 of them are 30–60 KB; the old
/// 16 KiB body limit refused such a comment at ~2 700 characters with "at most 5 000".
#[test]
fn a_comment_of_5000_characters_in_any_script_is_accepted_and_5001_refused() {
    let site = default_site();
    let r = Receiver::new_db(&site);
    for (script, letter) in [("kyrilliska", 'ж'), ("arabiska", 'ش'), ("emoji", '🙂')] {
        let comment: String = std::iter::repeat_n(letter, 5_000).collect();
        let answer = r.post_json(&refs(&ok_fields(&comment)), &[]);
        assert_eq!(answer.status, 200, "{script}: {}", answer.body);
        let answer = r.post_form(&refs(&ok_fields(&comment)), &[]);
        assert_eq!(answer.status, 303, "{script} from a browser");

        let longer: String = std::iter::repeat_n(letter, 5_001).collect();
        let answer = r.post_json(&refs(&ok_fields(&longer)), &[]);
        assert_eq!(answer.status, 400, "{script}: {}", answer.body);
        let v = answer.json();
        assert_eq!(v["code"], "comment_too_long", "{script}");
        let message = v["error"].as_str().unwrap();
        assert!(
            message.contains("5\u{a0}001 tecken") && message.contains("högst 5\u{a0}000 tecken"),
            "{message}"
        );
        let page = r.post_form(&refs(&ok_fields(&longer)), &[]);
        assert_eq!(page.status, 400);
        let doc = scraper::Html::parse_document(&page.body);
        assert_eq!(
            texts(&doc, "textarea[name=comment]"),
            [longer.as_str()],
            "the text is kept"
        );
    }
    let rows = r.export(&[]);
    assert_eq!(rows.len(), 6);
    for row in rows {
        assert_eq!(row["comment"].as_str().unwrap().chars().count(), 5_000);
    }
}

/// Issue 31, item 9: under systemd's default file limit (1 024), connections that send
/// nothing used to take every descriptor (axum::serve has no timer), so a real comment
/// waited in the kernel's queue until it timed out. Now the receiver keeps its
/// connections below the limit and closes the oldest silent one to make room.
#[test]
fn idle_connections_beyond_the_file_limit_do_not_keep_a_comment_out() {
    #[cfg(target_os = "linux")]
    {
        // The test itself needs room for 1 100 sockets.
        use rustix::process::{Resource, getrlimit, setrlimit};
        let limit = getrlimit(Resource::Nofile);
        if limit.current.is_some_and(|c| c < 4_096) {
            let want = limit.maximum.map_or(4_096, |m| m.min(4_096));
            let _ = setrlimit(
                Resource::Nofile,
                rustix::process::Rlimit {
                    current: Some(want),
                    maximum: limit.maximum,
                },
            );
        }
        if getrlimit(Resource::Nofile).current.is_some_and(|c| c < 1_200) {
            eprintln!("this process may not open 1 100 sockets; skipped");
            return;
        }
    }
    let site = default_site();
    let r = Receiver::start_with(
        &site,
        site.root().join("feedback.db"),
        &[],
        &[],
        Some("ulimit -n 1024 || ulimit -n"),
    );
    let mut idle = Vec::new();
    for _ in 0..1_100 {
        match TcpStream::connect_timeout(
            &std::net::SocketAddr::from(([127, 0, 0, 1], r.port)),
            Duration::from_secs(10),
        ) {
            Ok(s) => idle.push(s),
            Err(e) => panic!("connection {} refused: {e}", idle.len()),
        }
    }
    let started = Instant::now();
    let answer = r.post_json(&refs(&ok_fields("Kommer jag fram?")), &[]);
    assert_eq!(answer.status, 200, "{}", answer.body);
    eprintln!("a comment behind 1 100 idle connections: {:?}", started.elapsed());
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}: waited for a timeout instead of making room",
        started.elapsed()
    );
    assert_eq!(r.export(&[]).len(), 1);
    drop(idle);
}

/// Issue 31, item 9: SIGTERM ends the receiver within seconds although a client holds a
/// half-sent request head and another a half-sent body.
#[test]
fn sigterm_ends_the_receiver_with_half_sent_requests_open() {
    let site = default_site();
    let mut r = Receiver::new_db(&site);
    let mut head = TcpStream::connect(("127.0.0.1", r.port)).unwrap();
    head.write_all(b"POST /feedback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty")
        .unwrap();
    let mut body = TcpStream::connect(("127.0.0.1", r.port)).unwrap();
    body.write_all(
        b"POST /feedback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\ncomment=hal",
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    let killed = Command::new("kill")
        .args(["-TERM", &r.child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    loop {
        if let Some(status) = r.child.try_wait().unwrap() {
            assert!(status.success(), "{status:?}");
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(6),
            "still running {:?} after SIGTERM",
            started.elapsed()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    drop((head, body));
}

/// Issue 31, item 11: with `--bind ::`, a proxy on this machine is `::ffff:127.0.0.1`;
/// it is a local proxy, so each visitor is the address it appended, not one shared
/// bucket for the whole site.
#[test]
fn a_local_proxy_seen_through_an_ipv6_socket_is_still_trusted() {
    if std::net::TcpListener::bind("[::]:0").is_err() {
        eprintln!("no IPv6 on this machine; skipped");
        return;
    }
    let site = site_with("  action: https://www.mora.se/feedback\n  rate_limit_per_minute: 2\n");
    let r = Receiver::start_with(&site, site.root().join("feedback.db"), &[], &["--bind", "::"], None);
    let fields = ok_fields("Via proxyn");
    let one = [("X-Forwarded-For", "203.0.113.7")];
    assert_eq!(r.post_form(&refs(&fields), &one).status, 303);
    assert_eq!(r.post_form(&refs(&fields), &one).status, 303);
    assert_eq!(r.post_form(&refs(&fields), &one).status, 429);
    let other = [("X-Forwarded-For", "203.0.113.8")];
    assert_eq!(
        r.post_form(&refs(&fields), &other).status,
        303,
        "another visitor has a bucket of its own"
    );
}

/// Issue 31, item 11: with several X-Forwarded-For lines the one the proxy appended (the
/// last) decides; a client cannot dodge the limit by writing a new first line each time.
#[test]
fn the_rate_limit_takes_the_address_the_proxy_appended() {
    let site = site_with("  action: https://www.mora.se/feedback\n  rate_limit_per_minute: 2\n");
    let r = Receiver::new_db(&site);
    let fields = ok_fields("Jag byter adress");
    for (i, expected) in [303, 303, 429, 429].into_iter().enumerate() {
        let written = format!("198.51.100.{i}");
        let headers = [
            ("X-Forwarded-For", written.as_str()),
            ("X-Forwarded-For", "203.0.113.20"),
        ];
        assert_eq!(r.post_form(&refs(&fields), &headers).status, expected, "post {i}");
    }
}

/// Issue 31, item 12: a right-to-left override in a comment would reverse the rest of
/// the line in `notis feedback list` (and in a spreadsheet); bidi controls are dropped as
/// control characters are, and an address holding one is not an address.
#[test]
fn bidi_controls_do_not_reach_the_list() {
    let site = default_site();
    let r = Receiver::new_db(&site);
    let comment = "Faktura \u{202e}fdp.exe\u{202c} och \u{2066}isolerad\u{2069}\u{200f}\u{061c}";
    assert_eq!(r.post_json(&refs(&ok_fields(comment)), &[]).status, 200);
    let (code, out, err) = r.cli(&["list"]);
    assert_eq!(code, 0, "{err}");
    for c in ['\u{202e}', '\u{202c}', '\u{2066}', '\u{2069}', '\u{200f}', '\u{061c}'] {
        assert!(!out.contains(c), "U+{:04X} in {out:?}", c as u32);
    }
    assert!(out.contains("Faktura fdp.exe och isolerad"), "{out}");
    let stored = &r.export(&[])[0]["comment"];
    assert_eq!(stored, "Faktura fdp.exe och isolerad", "not stored either");
    let mut fields = ok_fields("Hej");
    fields[2].1 = "anna\u{202e}@exempel.se".into();
    assert_eq!(r.post_json(&refs(&fields), &[]).json()["code"], "email_invalid");
}

/// A database of about `mb` megabytes of comments, written directly.
fn big_database(db: &std::path::Path, mb: usize) {
    use notis::feedback::store::{NewSubmission, SqliteStore, Status, Store};
    let mut store = SqliteStore::open(db).unwrap();
    let comment = "Lång kommentar om vägarbetet. ".repeat(64);
    let now = chrono::Utc::now();
    let batch: Vec<NewSubmission> = (0..500)
        .map(|i| NewSubmission {
            received: now - chrono::Duration::seconds(i),
            page_url: PAGE.into(),
            comment: comment.clone(),
            email: String::new(),
            status: Status::New,
            client_hash: "x".into(),
            kind: "comment",
            helpful: String::new(),
        })
        .collect();
    for _ in 0..mb {
        store.insert(&batch).unwrap();
    }
}

/// Issue 31, item 10: a backup finishes while comments keep arriving (the step-wise
/// online backup restarted at every write and never did).
#[test]
fn backup_finishes_while_comments_arrive() {
    let site = default_site();
    let db = site.root().join("feedback.db");
    big_database(&db, 20);
    let r = Receiver::start(&site, db);
    let stop = Arc::new(AtomicBool::new(false));
    let poster = {
        let stop = stop.clone();
        let port = r.port;
        std::thread::spawn(move || {
            let body = form(&[("page_url", PAGE), ("comment", "under säkerhetskopian")]);
            while !stop.load(Ordering::SeqCst) {
                if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) {
                    let _ = write!(
                        s,
                        "POST /feedback HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAccept: application/json\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = s.read_to_end(&mut Vec::new());
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    std::thread::sleep(Duration::from_millis(200));
    let copy = site.root().join("kopia.db");
    let mut backup = Command::new(env!("CARGO_BIN_EXE_notis"))
        .args(["feedback", "backup"])
        .arg(&copy)
        .arg("--db")
        .arg(&r.db)
        .arg("--root")
        .arg(&r.root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = backup.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(30) {
            let _ = backup.kill();
            let _ = backup.wait();
            stop.store(true, Ordering::SeqCst);
            panic!("the backup did not finish in 30 s while comments arrived");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let took = started.elapsed();
    stop.store(true, Ordering::SeqCst);
    poster.join().unwrap();
    assert!(status.success());
    let size = std::fs::metadata(&copy).unwrap().len() / 1_000_000;
    eprintln!("backup of a {size} MB database while comments arrive: {took:?}");
    let conn = comments_in(&copy, &r.root);
    assert!(conn >= 10_000, "{conn} rows in the copy");
    // Nothing but the copy is left beside it.
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("kopia") && n != "kopia.db")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// How many comments `notis feedback export --all` finds in `db`.
fn comments_in(db: &std::path::Path, root: &std::path::Path) -> usize {
    let out = Command::new(env!("CARGO_BIN_EXE_notis"))
        .args(["feedback", "export", "--format", "json", "--all", "--db"])
        .arg(db)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout)
        .unwrap()
        .len()
}

/// Issue 31, item 10, and issue 25, item 8: a backup that is killed or fails leaves no
/// half-written file under the name asked for, so the same command can simply be run
/// again; and what goes wrong is said in Swedish with what to do.
#[test]
fn a_killed_or_failed_backup_leaves_nothing_in_the_way() {
    let site = default_site();
    let db = site.root().join("feedback.db");
    big_database(&db, 40);
    let r = Receiver::start(&site, db);
    let copy = site.root().join("kopia.db");
    for delay in [5, 20, 60] {
        let mut backup = Command::new(env!("CARGO_BIN_EXE_notis"))
            .args(["feedback", "backup"])
            .arg(&copy)
            .arg("--db")
            .arg(&r.db)
            .arg("--root")
            .arg(&r.root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = backup.kill(); // SIGKILL
        let _ = backup.wait();
        if copy.exists() {
            // It finished before the kill: then it is whole.
            assert!(comments_in(&copy, &r.root) > 0);
            std::fs::remove_file(&copy).unwrap();
        }
    }
    let (code, out, err) = r.cli(&["backup", copy.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("kopia.db"), "{out}");
    assert_eq!(comments_in(&copy, &r.root), 20_000);

    let (code, _, err) = r.cli(&["backup", copy.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("finns redan") && err.contains("nytt filnamn"), "{err}");
    assert!(!err.contains("exists"), "{err}");
    let nowhere = site.root().join("finns-inte").join("kopia.db");
    let (code, _, err) = r.cli(&["backup", nowhere.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("mappen") && err.contains("finns inte"), "{err}");
    assert!(!err.contains("unable to open"), "{err}");
    let (code, _, err) = Receiver::cli_on(&site.root().join("saknas.db"), &r.root, &["backup", "x.db"]);
    assert_eq!(code, 1);
    assert!(err.contains("saknas.db") && err.contains("finns inte"), "{err}");
    assert!(
        !site.root().join("saknas.db").exists(),
        "a mistyped --db is not created"
    );
}

/// Issue 25, item 8: `notis feedback list` in Swedish shows Swedish statuses under its
/// Swedish headers, and its columns line up however long the addresses are.
#[test]
fn the_list_is_swedish_and_its_columns_line_up() {
    let site = default_site();
    let r = Receiver::new_db(&site);
    let long = "https://www.mora.se/nyheter/ovanligt-lang-adress-om-vagarbetet-pa-asgatan-och-strandgatan/";
    let mut fields = ok_fields("Lång adress");
    fields[0].1 = long.into();
    let first = r.post_json(&refs(&fields), &[]).json()["id"].as_i64().unwrap();
    let mut fields = ok_fields("Kort adress");
    fields[0].1 = "https://www.mora.se/".into();
    r.post_json(&refs(&fields), &[]);
    r.post_json(&refs(&ok_fields("Åäö i sidan")), &[]);
    let (code, _, _) = r.cli(&["mark", &first.to_string(), "handled"]);
    assert_eq!(code, 0);
    let (code, out, err) = r.cli(&["list"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(lines[0].contains("kommentar") && lines[0].contains("sida"), "{out}");
    assert!(out.contains("hanterad") && out.contains(" ny "), "{out}");
    for english in ["new", "handled"] {
        assert!(!out.contains(english), "{english} in\n{out}");
    }
    // The comment column starts at the same character in every line.
    let column = |line: &str, needle: &str| line.find(needle).map(|i| line[..i].chars().count());
    let start = column(lines[0], "kommentar").unwrap();
    for (line, comment) in lines[1..].iter().zip(["Åäö i sidan", "Kort adress", "Lång adress"]) {
        assert_eq!(column(line, comment), Some(start), "{out}");
    }
    // `mark` takes the words the list shows, too.
    let (code, _, err) = r.cli(&["mark", &first.to_string(), "skräppost"]);
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = r.cli(&["list", "--all"]);
    assert!(out.contains("skräppost"), "{out}");
}

/// Runs the built `tema/tack.js` in node with a stand-in for the thank-you page whose
/// start-page link is `home`, at the address `?search`; the "back" link's href, or None
/// while it stays hidden. None also when node is not installed (then nothing is checked).
fn tack_js(site: &TestSite, home: &str, search: &str) -> Option<Option<String>> {
    let script = site.public().join("tema/tack.js");
    let harness = r#"
        const [file, search, home] = process.argv.slice(1);
        const a = { href: home, getAttribute() { return this.href; }, setAttribute(_, v) { this.href = v; } };
        const p = { hidden: true, querySelector() { return a; } };
        globalThis.window = { location: { search } };
        globalThis.document = { getElementById(id) { return id === "tack-tillbaka" ? p : null; } };
        eval(require("fs").readFileSync(file, "utf8"));
        console.log(p.hidden ? "" : a.href);
    "#;
    let out = Command::new("node")
        .args(["-e", harness])
        .arg(&script)
        .arg(search)
        .arg(home)
        .output()
        .ok()?;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let href = String::from_utf8_lossy(&out.stdout).trim().to_string();
    Some((!href.is_empty()).then_some(href))
}

/// Issue 25, item 12: in a subfolder the thank-you page's "Tillbaka till sidan du
/// kommenterade" led to a 404 (`?sida=/nyheter/x/` without the subfolder), and with a
/// subfolder unlike the news path, off the site. The receiver now sends the page's path
/// on the host, and the page links only to paths under the site's own.
#[test]
fn the_way_back_from_the_thank_you_page_stays_in_the_subfolder() {
    let site = site_with("  action: /synpunkter/\n  rate_limit_per_minute: 0\n");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    let yaml = yaml.replacen(
        "base_url: https://www.mora.se",
        "base_url: https://www.example.se/nyhetsrum/",
        1,
    );
    site.write("site.yaml", &yaml);
    site.build_ok();
    let doc = site.html("tack/index.html");
    assert_eq!(attrs(&doc, "#tack-tillbaka a", "href"), ["/nyhetsrum/"]);

    let r = Receiver::new_db(&site);
    let page = "https://www.example.se/nyhetsrum/nyheter/storningar-hos-kommunernas-it-system/";
    let mut fields = ok_fields("Hej från undermappen");
    fields[0].1 = page.into();
    let answer = r.request(
        "POST",
        "/synpunkter/",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Origin", "https://www.example.se"),
        ],
        form(&refs(&fields)).as_bytes(),
    );
    assert_eq!(answer.status, 303, "{}", answer.body);
    let location = answer.header("location").unwrap();
    assert_eq!(
        location,
        "https://www.example.se/nyhetsrum/tack/?sida=%2Fnyhetsrum%2Fnyheter%2Fstorningar-hos-kommunernas-it-system%2F"
    );
    let search = &location[location.find('?').unwrap()..];
    let Some(href) = tack_js(&site, "/nyhetsrum/", search) else {
        eprintln!("node is not installed; tack.js not run");
        return;
    };
    assert_eq!(
        href.as_deref(),
        Some("/nyhetsrum/nyheter/storningar-hos-kommunernas-it-system/")
    );
    // Paths outside the site's folder (what the receiver used to send), other hosts and
    // tricks stay hidden; the start-page link is there without them.
    for outside in [
        "?sida=%2Fnyheter%2Fx%2F",
        "?sida=%2F%2Fevil.example%2F",
        "?sida=%2Fnyhetsrum%5C..%2F",
        "?sida=https%3A%2F%2Fevil.example%2F",
        "?sida=%2Fnyhetsrummet%2F",
    ] {
        assert_eq!(tack_js(&site, "/nyhetsrum/", outside), Some(None), "{outside}");
    }
    // A site at the root of its host takes any path on it.
    assert_eq!(
        tack_js(&site, "/", "?sida=%2Fnyheter%2Fx%2F"),
        Some(Some("/nyheter/x/".into()))
    );
}

/// Issue 25, item 8: the receiver's refusal pages look like the site: its stylesheet,
/// its header, the text in the page's main column.
#[test]
fn refusal_pages_are_styled_like_the_site() {
    let site = default_site();
    let r = Receiver::new_db(&site);
    let mut fields = ok_fields("");
    fields[2].1 = "inte-en-adress".into();
    let bad = r.post_form(&refs(&fields), &[]);
    let big = form(&[("page_url", PAGE), ("comment", &"a".repeat(80_000))]);
    let large = r.request(
        "POST",
        "/feedback",
        &[("Content-Type", "application/x-www-form-urlencoded"), ("Referer", PAGE)],
        big.as_bytes(),
    );
    for (answer, status) in [(&bad, 400), (&large, 413)] {
        assert_eq!(answer.status, status);
        let doc = scraper::Html::parse_document(&answer.body);
        assert_eq!(
            attrs(&doc, "link[rel=stylesheet]", "href"),
            ["https://www.mora.se/tema/notis.css"],
            "{status}"
        );
        assert_eq!(
            texts(&doc, "header.site-header .site-header__name span"),
            ["Mora kommun"]
        );
        assert_eq!(attrs(&doc, "main#innehall", "id").len(), 1, "{status}");
        assert_eq!(attrs(&doc, "a.skip-link", "href"), ["#innehall"]);
        let csp = answer.header("content-security-policy").unwrap();
        assert!(csp.contains("style-src 'unsafe-inline' https://www.mora.se"), "{csp}");
        assert!(csp.contains("default-src 'none'"), "{csp}");
    }
    let doc = scraper::Html::parse_document(&bad.body);
    assert_eq!(attrs(&doc, "main form.feedback__form", "method"), ["post"]);
}

/// Issue 30: in a repository of several sites, a receiver per site (`--site`) may share
/// one database, and `feedback export --site NAME` writes only the comments on that
/// site's pages, told apart by the page's address.
#[test]
fn issue_30_receivers_of_several_sites_share_a_database_and_export_per_site() {
    let site = TestSite::example("flera-kommuner");
    let db = site.root().join("synpunkter.db");
    let mut receivers = Vec::new();
    for (name, base) in [("mora", "https://www.mora.se"), ("orsa", "https://www.orsa.se")] {
        let receiver = Receiver::start_with(&site, db.clone(), &[], &["--site", name], None);
        let page = format!("{base}/nyheter/storningar-hos-kommunernas-it-system/");
        let comment = format!("Synpunkt till {name}");
        let fields = [("page_url", page.as_str()), ("comment", comment.as_str())];
        let headers = [
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Accept", "application/json"),
            ("Origin", base),
        ];
        let answer = receiver.request("POST", "/synpunkter/", &headers, form(&fields).as_bytes());
        assert_eq!(answer.json()["ok"], true, "{name}: {}", answer.json());
        receivers.push(receiver);
    }
    for (name, other) in [("mora", "orsa"), ("orsa", "mora")] {
        let rows = receivers[0].export(&["--site", name]);
        let comments: Vec<&str> = rows.iter().map(|r| r["comment"].as_str().unwrap()).collect();
        assert_eq!(
            comments,
            [format!("Synpunkt till {name}")],
            "{other}'s comment in {name}'s export"
        );
    }
    assert_eq!(receivers[0].export(&["--site", "alvdalen"]).len(), 0);
}

/// Issue 30: receivers of several sites share one database, and each site keeps comments
/// as long as its own `feedback.retention_days` says — Mora's 30 days must not delete
/// Orsa's comments, which Orsa keeps a year.
#[test]
fn a_sites_retention_deletes_only_its_own_comments_in_a_shared_database() {
    use notis::feedback::store::{SqliteStore, Store};
    let site = TestSite::example("flera-kommuner");
    let yaml = site.root().join("sites/mora/site.yaml");
    let mora = std::fs::read_to_string(&yaml).unwrap();
    let action = "  action: https://www.mora.se/synpunkter/\n";
    assert!(mora.contains(action));
    std::fs::write(&yaml, mora.replace(action, &format!("{action}  retention_days: 30\n"))).unwrap();
    let db = site.root().join("synpunkter.db");
    let now = chrono::Utc::now();
    let old = |base: &str, days: i64| {
        let page = format!("{base}/nyheter/storningar-hos-kommunernas-it-system/");
        stored_before(now, days, &page, &format!("{base} för {days} dagar sedan"))
    };
    SqliteStore::open(&db)
        .unwrap()
        .insert(&[
            old("https://www.mora.se", 40),
            old("https://www.mora.se", 20),
            old("https://www.orsa.se", 40),
        ])
        .unwrap();
    let mora = Receiver::start_with(&site, db.clone(), &[], &["--site", "mora"], None);
    let left = |name: &str| -> Vec<String> {
        mora.export(&["--all", "--site", name])
            .iter()
            .map(|row| row["comment"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(left("mora"), ["https://www.mora.se för 20 dagar sedan"]);
    assert_eq!(left("orsa"), ["https://www.orsa.se för 40 dagar sedan"]);
}

/// Issue 30: one receiver serves every site of the repository (no `--site`): a post goes
/// to the site whose address the page has, is answered with that site's thank-you page,
/// and lands in that site's export; a post naming another site's page is refused.
#[test]
fn one_receiver_serves_every_site_and_the_address_decides_whose_comment_it_is() {
    let site = TestSite::example("flera-kommuner");
    let r = Receiver::start_with(&site, site.root().join("synpunkter.db"), &[], &[], None);
    let post = |base: &str, page_base: &str, comment: &str, accept: &str| {
        let page = format!("{page_base}/nyheter/storningar-hos-kommunernas-it-system/");
        let fields = [("page_url", page.as_str()), ("comment", comment)];
        let headers = [
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Accept", accept),
            ("Origin", base),
        ];
        r.request("POST", "/synpunkter/", &headers, form(&fields).as_bytes())
    };
    for (name, base) in [
        ("mora", "https://www.mora.se"),
        ("orsa", "https://www.orsa.se"),
        ("alvdalen", "https://www.alvdalen.se"),
    ] {
        let answer = post(base, base, &format!("Synpunkt till {name}"), "text/html");
        assert_eq!(answer.status, 303, "{name}: {}", answer.body);
        let to = answer.header("location").unwrap_or_default();
        assert!(to.starts_with(&format!("{base}/tack/")), "{name}: {to}");
    }
    // Mora's page posted as Orsa's: Orsa's receiver does not take Mora's address.
    let answer = post(
        "https://www.orsa.se",
        "https://www.mora.se",
        "Fel sida",
        "application/json",
    );
    assert_eq!(answer.status, 400, "{}", answer.body);
    // A page of no site of the repository.
    let answer = post(
        "https://www.example.com",
        "https://www.example.com",
        "Främling",
        "application/json",
    );
    assert_eq!(answer.status, 403, "{}", answer.body);
    for name in ["mora", "orsa", "alvdalen"] {
        let comments: Vec<String> = r
            .export(&["--site", name])
            .iter()
            .map(|row| row["comment"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(comments, [format!("Synpunkt till {name}")], "{name}");
        let (code, out, err) = r.cli(&["list", "--site", name]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(out.matches("Synpunkt till").count(), 1, "{name}: {out}");
        assert!(out.contains(&format!("Synpunkt till {name}")), "{name}: {out}");
    }
    // At the root without --site: every site's comments.
    assert_eq!(r.export(&[]).len(), 3);
}

/// Serving every site at once, subscriptions (whose tables hold one site's subscribers)
/// are refused with the command that runs them; and a database that holds one site's
/// subscribers is not given another's.
#[test]
fn subscriptions_have_one_receiver_and_one_database_per_site() {
    let site = TestSite::example("flera-kommuner");
    for name in ["mora", "orsa"] {
        let yaml = site.root().join(format!("sites/{name}/site.yaml"));
        let text = std::fs::read_to_string(&yaml).unwrap();
        std::fs::write(
            &yaml,
            format!("{text}subscriptions:\n  action: https://www.{name}.se/prenumerera/\n"),
        )
        .unwrap();
    }
    let db = site.root().join("synpunkter.db");
    let (code, _, err) = Receiver::cli_on(&db, site.root(), &["serve", "--port", "1"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("notis feedback serve --site mora --db mora.db"), "{err}");
    let mora = Receiver::start_with(&site, db.clone(), &[], &["--site", "mora"], None);
    drop(mora);
    let (code, _, err) = Receiver::cli_on(&db, site.root(), &["serve", "--site", "orsa", "--port", "1"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("mora") && err.contains("--db orsa.db"), "{err}");
    let orsa = Receiver::start_with(&site, site.root().join("orsa.db"), &[], &["--site", "orsa"], None);
    drop(orsa);
}

/// Issue 30, found by trying it: sites under one host (Älvdalen at the host's root, Mora in
/// its subfolder) share a receiver. Each comment is the site's whose pages hold it — the
/// most specific address — for the answer, for `--site` lists and for retention; and when
/// the headers tell nothing (`Origin: null`, no Referer), the page the form names decides.
#[test]
fn sites_nested_under_one_host_keep_their_own_comments() {
    use notis::feedback::store::{SqliteStore, Store};
    let site = TestSite::example("flera-kommuner");
    for (name, base, days) in [
        ("alvdalen", "https://www.dalarna.se", 30),
        ("mora", "https://www.dalarna.se/mora", 365),
    ] {
        let yaml = site.root().join(format!("sites/{name}/site.yaml"));
        let text = std::fs::read_to_string(&yaml).unwrap();
        let old_base = format!("https://www.{name}.se");
        let text = text
            .replace(&format!("base_url: {old_base}\n"), &format!("base_url: {base}\n"))
            .replace(
                &format!("  action: {old_base}/synpunkter/\n"),
                &format!("  action: https://www.dalarna.se/synpunkter/\n  retention_days: {days}\n"),
            );
        assert!(text.contains(&format!("retention_days: {days}")), "{text}");
        std::fs::write(&yaml, text).unwrap();
    }
    let db = site.root().join("synpunkter.db");
    let now = chrono::Utc::now();
    let old = |page: &str| stored_before(now, 40, page, &format!("gammal på {page}"));
    SqliteStore::open(&db)
        .unwrap()
        .insert(&[
            old("https://www.dalarna.se/mora/nyheter/a/"),
            old("https://www.dalarna.se/nyheter/b/"),
            old("https://www.dalarna.se?fran=start"),
        ])
        .unwrap();
    let r = Receiver::start_with(&site, db, &[], &[], None);
    let post = |page: &str, headers: &[(&str, &str)]| {
        let fields = [("page_url", page), ("comment", "Ny synpunkt")];
        let mut all = vec![
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Accept", "text/html"),
        ];
        all.extend_from_slice(headers);
        r.request("POST", "/synpunkter/", &all, form(&fields).as_bytes())
    };
    let mora_page = "https://www.dalarna.se/mora/nyheter/storningar-hos-kommunernas-it-system/";
    for headers in [
        vec![("Origin", "https://www.dalarna.se"), ("Referer", mora_page)],
        vec![("Origin", "https://www.dalarna.se")],
        vec![("Origin", "null")],
        vec![],
    ] {
        let answer = post(mora_page, &headers);
        assert_eq!(answer.status, 303, "{headers:?}: {}", answer.body);
        let to = answer.header("location").unwrap_or_default();
        assert!(to.starts_with("https://www.dalarna.se/mora/tack/"), "{headers:?}: {to}");
    }
    // Orsa's page with nothing in the headers to tell: Orsa's, not the first site's.
    let orsa_page = "https://www.orsa.se/nyheter/storningar-hos-kommunernas-it-system/";
    let answer = post(orsa_page, &[("Origin", "null")]);
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert!(
        answer
            .header("location")
            .unwrap_or_default()
            .starts_with("https://www.orsa.se/tack/")
    );
    let comments = |name: &str| -> Vec<String> {
        r.export(&["--all", "--site", name])
            .iter()
            .map(|row| row["page_url"].as_str().unwrap().to_string())
            .collect()
    };
    // Älvdalen's 30 days took its own old comments, the one on its address itself too, and
    // none of Mora's, which Mora keeps a year.
    assert!(comments("alvdalen").is_empty(), "{:?}", comments("alvdalen"));
    let mora = comments("mora");
    assert_eq!(mora.len(), 5, "{mora:?}");
    assert!(
        mora.contains(&"https://www.dalarna.se/mora/nyheter/a/".to_string()),
        "{mora:?}"
    );
    assert_eq!(comments("orsa"), [orsa_page]);
}

/// A site of the repository without a form any more still has its old comments deleted by
/// the receiver of every site, after its own `retention_days`.
#[test]
fn a_site_without_a_form_still_has_its_old_comments_deleted() {
    use notis::feedback::store::{SqliteStore, Store};
    let site = TestSite::example("flera-kommuner");
    let yaml = site.root().join("sites/orsa/site.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    let action = "feedback:\n  action: https://www.orsa.se/synpunkter/\n";
    assert!(text.contains(action));
    std::fs::write(&yaml, text.replace(action, "")).unwrap();
    let db = site.root().join("synpunkter.db");
    let old = |page: &str, days: i64| stored_before(chrono::Utc::now(), days, page, "gammal");
    SqliteStore::open(&db)
        .unwrap()
        .insert(&[
            old("https://www.orsa.se/nyheter/a/", 400),
            old("https://www.orsa.se/nyheter/b/", 10),
        ])
        .unwrap();
    let r = Receiver::start_with(&site, db, &[], &[], None);
    let left: Vec<String> = r
        .export(&["--all", "--site", "orsa"])
        .iter()
        .map(|row| row["page_url"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(left, ["https://www.orsa.se/nyheter/b/"]);
}

/// One site's receiver (`--site mora`) starts though Orsa's site.yaml is broken; the
/// receiver of every site says where Orsa's mistake is instead of starting.
#[test]
fn a_broken_site_yaml_of_another_site_does_not_stop_one_sites_receiver() {
    let site = TestSite::example("flera-kommuner");
    let yaml = site.root().join("sites/orsa/site.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, format!("{text}base_url: [oj\n")).unwrap();
    let db = site.root().join("synpunkter.db");
    let (code, _, err) = Receiver::cli_on(&db, site.root(), &["serve", "--port", "1"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("sites/orsa/site.yaml:"), "{err}");
    let mora = Receiver::start_with(&site, db, &[], &["--site", "mora"], None);
    let page = "https://www.mora.se/nyheter/storningar-hos-kommunernas-it-system/";
    let fields = [("page_url", page), ("comment", "Hej")];
    let headers = [
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Accept", "application/json"),
        ("Origin", "https://www.mora.se"),
    ];
    let answer = mora.request("POST", "/synpunkter/", &headers, form(&fields).as_bytes());
    assert_eq!(answer.json()["ok"], true, "{}", answer.json());
}
