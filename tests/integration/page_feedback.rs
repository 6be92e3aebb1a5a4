//! Issue 27: "Var sidan till hjälp?" and reports of inaccessibility through the real
//! receiver: stored with their kind, answered, exported and counted.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

const BASE: &str = "https://www.mora.se";
const PAGE: &str = "https://www.mora.se/nyheter/storningar-hos-kommunernas-it-system/";

struct Receiver {
    child: Child,
    port: u16,
    site: TestSite,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(extra_yaml: &str) -> Receiver {
    let site = TestSite::fixture("crisis");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{yaml}{extra_yaml}"));
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(notis_binary())
        .args(["feedback", "serve", "--port", &port.to_string(), "--db"])
        .arg(site.root().join("f.db"))
        .arg("--root")
        .arg(site.root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < Duration::from_secs(20), "receiver did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    Receiver { child, port, site }
}

impl Receiver {
    /// Posts the form fields; the status, the Location header and the body.
    fn post(&self, fields: &[(&str, &str)], accept: &str) -> (u16, String, String) {
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        write!(
            stream,
            "POST /synpunkter/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nOrigin: {BASE}\r\nAccept: {accept}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut raw = String::new();
        let _ = stream.read_to_string(&mut raw);
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        let location = head
            .lines()
            .find_map(|l| l.strip_prefix("location: ").or_else(|| l.strip_prefix("Location: ")))
            .unwrap_or("")
            .to_string();
        (status, location, body.to_string())
    }

    fn cli(&self, args: &[&str]) -> String {
        let out = Command::new(notis_binary())
            .arg("feedback")
            .args(args)
            .arg("--db")
            .arg(self.site.root().join("f.db"))
            .arg("--root")
            .arg(self.site.root())
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

const HTML: &str = "text/html,*/*;q=0.8";

#[test]
fn helpful_answers_and_reports_are_stored_with_their_kind_and_exported() {
    let r = start("");
    let (status, location, _) = r.post(
        &[
            ("kind", "helpful"),
            ("page_url", PAGE),
            ("helpful", "ja"),
            ("comment", ""),
            ("website", ""),
        ],
        HTML,
    );
    assert_eq!(status, 303);
    assert_eq!(
        location,
        "https://www.mora.se/tack/svar/?sida=%2Fnyheter%2Fstorningar-hos-kommunernas-it-system%2F"
    );
    let (status, _, body) = r.post(
        &[
            ("kind", "helpful"),
            ("page_url", PAGE),
            ("helpful", "nej"),
            ("comment", "När fungerar e-posten?"),
        ],
        "application/json",
    );
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"ok\":true"), "{body}");
    let (status, location, _) = r.post(
        &[
            ("kind", "accessibility"),
            ("page_url", "https://www.mora.se/nyheter/"),
            ("comment", "Filmen saknar textning."),
            ("email", "anna@exempel.se"),
        ],
        HTML,
    );
    assert_eq!(status, 303);
    assert!(
        location.starts_with("https://www.mora.se/tack/rapport/?sida="),
        "{location}"
    );
    let (status, _, _) = r.post(&[("page_url", PAGE), ("comment", "En vanlig kommentar")], HTML);
    assert_eq!(status, 303);

    let rows: Vec<serde_json::Value> = serde_json::from_str(&r.cli(&["export", "--format", "json"])).unwrap();
    let kinds: Vec<(String, String, String)> = rows
        .iter()
        .rev()
        .map(|r| {
            (
                r["kind"].as_str().unwrap().to_string(),
                r["helpful"].as_str().unwrap().to_string(),
                r["comment"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("helpful", "ja", ""),
        ("helpful", "nej", "När fungerar e-posten?"),
        ("accessibility", "", "Filmen saknar textning."),
        ("comment", "", "En vanlig kommentar"),
    ];
    assert_eq!(
        kinds,
        expected.map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    );
    let csv = r.cli(&["export", "--format", "csv"]);
    assert!(
        csv.starts_with("\u{feff}id;received;status;page_url;email;comment;kind;helpful\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains(";\"Filmen saknar textning.\";\"accessibility\";\"\"\r\n"),
        "{csv}"
    );
    assert!(csv.contains(";\"helpful\";\"nej\"\r\n"), "{csv}");

    let counts = r.cli(&["export", "--format", "csv", "--counts"]);
    assert_eq!(
        counts,
        format!("\u{feff}page_url;ja;nej;missing\r\n\"{PAGE}\";1;1;\"När fungerar e-posten?\"\r\n")
    );
    let list = r.cli(&["list"]);
    assert!(list.contains("till hjälp? nej: När fungerar e-posten?"), "{list}");
    assert!(list.contains("tillgänglighet: Filmen saknar textning."), "{list}");
    assert!(list.contains("Var sidan till hjälp? (ja / nej per sida)"), "{list}");
    assert!(
        list.contains("    1 ja      1 nej  /nyheter/storningar-hos-kommunernas-it-system/"),
        "{list}"
    );
}

#[test]
fn a_report_needs_its_text_and_an_answer_needs_ja_or_nej() {
    let r = start("");
    let (status, _, body) = r.post(&[("kind", "accessibility"), ("page_url", PAGE), ("comment", " ")], HTML);
    assert_eq!(status, 400);
    assert!(body.contains("Beskriv vad som inte är tillgängligt"), "{body}");
    assert!(body.contains("<h1>Rapporten skickades inte</h1>"), "{body}");
    assert!(
        body.contains("name=\"kind\" value=\"accessibility\""),
        "the kind is kept: {body}"
    );
    let (status, _, body) = r.post(
        &[("kind", "helpful"), ("page_url", PAGE), ("helpful", "kanske")],
        "application/json",
    );
    assert_eq!(status, 400);
    assert!(body.contains("helpful_missing"), "{body}");
    let (status, _, body) = r.post(&[("kind", "helpful"), ("page_url", PAGE)], HTML);
    assert_eq!(status, 400);
    assert!(
        body.contains("type=\"radio\" name=\"helpful\" value=\"ja\""),
        "the question again: {body}"
    );
    let (status, _, body) = r.post(
        &[("kind", "bestallning"), ("page_url", PAGE), ("comment", "x")],
        "application/json",
    );
    assert_eq!(status, 400);
    assert!(body.contains("kind_unknown"), "{body}");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&r.cli(&["export", "--format", "json", "--all"])).unwrap();
    assert!(rows.is_empty(), "{rows:?}");
    // The trap catches a bot's answer too: stored as spam, answered like a success.
    let (status, _, _) = r.post(
        &[
            ("kind", "helpful"),
            ("page_url", PAGE),
            ("helpful", "ja"),
            ("website", "http://spam"),
        ],
        HTML,
    );
    assert_eq!(status, 303);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&r.cli(&["export", "--format", "json"])).unwrap();
    assert!(rows.is_empty());
    let rows: Vec<serde_json::Value> = serde_json::from_str(&r.cli(&["export", "--format", "json", "--all"])).unwrap();
    assert_eq!(rows[0]["status"], "spam");
    assert_eq!(rows[0]["kind"], "helpful");
}

#[test]
fn answers_count_against_the_rate_limit_like_comments() {
    let r = start("");
    // The fixture keeps the default limit: 5 per minute and client.
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(
            r.post(&[("kind", "helpful"), ("page_url", PAGE), ("helpful", "ja")], HTML)
                .0,
        );
    }
    assert_eq!(statuses, [303, 303, 303, 303, 303, 429]);
}
