//! Issue 29: "Prenumerera" against a real SMTP server (aiosmtpd, started here), with the
//! mails read by Python's `email` package (tests/mail/). Skipped with a reason when
//! python3 or aiosmtpd is missing; `.ci/run` installs it and requires it.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

const TITLE: &str = "Mora kommun – nyheter från Våmhus och Östnor";

fn skip(reason: &str) -> bool {
    if std::env::var_os("NOTIS_REQUIRE_BROWSER").is_some() {
        panic!("required tool missing: {reason}");
    }
    eprintln!("SKIPPED: {reason}");
    true
}

/// Whether aiosmtpd can run here; prints why not.
fn no_smtp() -> bool {
    match Command::new("python3").args(["-c", "import aiosmtpd"]).output() {
        Ok(o) if o.status.success() => false,
        Ok(_) => skip("aiosmtpd is not installed (pip install aiosmtpd)"),
        Err(e) => skip(&format!("python3 not runnable: {e}")),
    }
}

fn mail_script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mail").join(name)
}

/// A running SMTP sink, stopped when dropped.
struct Smtp {
    child: Child,
    port: u16,
    out: PathBuf,
}

impl Smtp {
    fn start(out: PathBuf, extra: &[&str]) -> Smtp {
        let mut child = Command::new("python3")
            .arg(mail_script("smtp_sink.py"))
            .arg(&out)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .strip_prefix("PORT ")
            .unwrap_or_else(|| panic!("{line:?}"))
            .parse()
            .unwrap();
        Smtp { child, port, out }
    }

    fn env(&self) -> Vec<(String, String)> {
        vec![
            ("NOTIS_SMTP_HOST".into(), "127.0.0.1".into()),
            ("NOTIS_SMTP_PORT".into(), self.port.to_string()),
            ("NOTIS_SMTP_TLS".into(), "none".into()),
        ]
    }

    /// Every mail that arrived, as Python's `email` package reads it.
    fn mails(&self) -> Vec<serde_json::Value> {
        let out = Command::new("python3")
            .arg(mail_script("read_mail.py"))
            .arg(&self.out)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    }

    /// Waits until `n` mails have arrived.
    fn wait_for(&self, n: usize) -> Vec<serde_json::Value> {
        let started = Instant::now();
        loop {
            let count = std::fs::read_dir(&self.out)
                .map(|d| {
                    d.flatten()
                        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                        .count()
                })
                .unwrap_or(0);
            if count >= n {
                return self.mails();
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "{count} of {n} mails arrived"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The sample site with a subscription form and no limit on form posts.
fn site() -> TestSite {
    let site = TestSite::sample();
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    let yaml = yaml
        .replace("title: Mora kommun\n", &format!("title: {TITLE}\n"))
        .replace(
            "feedback:\n  action: https://www.mora.se/feedback\nsubscriptions:\n  action: https://www.mora.se/prenumerera/\n",
            "feedback:\n  action: https://www.mora.se/feedback\n  rate_limit_per_minute: 0\n\
subscriptions:\n  action: https://www.mora.se/prenumerera/\n  rate_per_minute: 0\n",
        );
    assert!(yaml.contains("rate_per_minute: 0"));
    site.write("site.yaml", &yaml);
    site
}

fn article(site: &TestSite, slug: &str, front: &str) {
    site.write(
        &format!("content/nyheter/{slug}.md"),
        &format!("---\n{front}\n---\n\nBrödtext om {slug}.\n"),
    );
}

/// A running receiver, killed when dropped.
struct Receiver {
    child: Child,
    port: u16,
}

impl Receiver {
    fn start(site: &TestSite, db: &Path, smtp: &Smtp) -> Receiver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(env!("CARGO_BIN_EXE_notis"))
            .args(["feedback", "serve", "--port", &port.to_string(), "--db"])
            .arg(db)
            .arg("--root")
            .arg(site.root())
            .envs(smtp.env())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "receiver did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        Receiver { child, port }
    }

    /// A request; the status and the body.
    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n",
            body.len()
        );
        for (n, v) in headers {
            head.push_str(&format!("{n}: {v}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(body.as_bytes()).unwrap();
        let mut raw = String::new();
        let _ = stream.read_to_string(&mut raw);
        let status = raw.split_whitespace().nth(1).unwrap_or("0").parse().unwrap();
        (
            status,
            raw.split_once("\r\n\r\n")
                .map(|(_, b)| b.to_string())
                .unwrap_or_default(),
        )
    }

    /// The form's POST as a browser on the site sends it.
    fn subscribe(&self, fields: &[(&str, &str)]) -> (u16, String) {
        let body: String = form_urlencoded_pairs(fields);
        self.request(
            "POST",
            "/prenumerera/",
            &[
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Origin", "https://www.mora.se"),
            ],
            &body,
        )
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn form_urlencoded_pairs(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            let v: String = v
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
                    b' ' => "+".into(),
                    _ => format!("%{b:02X}"),
                })
                .collect();
            format!("{k}={v}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The path and query of a link to the site's host (the receiver stands in for it).
fn local(link: &str) -> String {
    link.strip_prefix("https://www.mora.se")
        .unwrap_or_else(|| panic!("{link}"))
        .to_string()
}

/// `notis subscriptions ARGS --db DB --root ROOT` with the SMTP settings; code, stdout, stderr.
fn subscriptions(site: &TestSite, db: &Path, smtp: Option<&Smtp>, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_notis"))
        .arg("subscriptions")
        .args(args)
        .arg("--db")
        .arg(db)
        .arg("--root")
        .arg(site.root())
        .envs(smtp.map(Smtp::env).unwrap_or_default())
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn send(site: &TestSite, db: &Path, smtp: &Smtp) -> String {
    let (code, out, err) = subscriptions(site, db, Some(smtp), &["send"]);
    assert_eq!(code, 0, "{out}{err}");
    format!("{out}{err}")
}

/// Subscribes each (address, topics) and follows the link of its confirmation mail.
fn subscribe_all(receiver: &Receiver, smtp: &Smtp, who: &[(&str, &[&str])]) {
    let before = smtp.mails().len();
    for (email, topics) in who {
        let mut fields = vec![("email", *email), ("website", "")];
        fields.extend(topics.iter().map(|t| ("topics", *t)));
        let (status, body) = receiver.subscribe(&fields);
        assert_eq!(status, 200, "{body}");
        assert!(body.contains("Bekräfta i mejlet"), "{body}");
    }
    let mails = smtp.wait_for(before + who.len());
    for m in &mails[before..] {
        assert!(
            m["subject"].as_str().unwrap().starts_with("Bekräfta din prenumeration"),
            "{m}"
        );
        let links = m["links"].as_array().unwrap();
        assert_eq!(links.len(), 1, "the confirmation mail holds one link: {m}");
        let (status, body) = receiver.request("GET", &local(links[0].as_str().unwrap()), &[], "");
        assert_eq!(status, 200, "{body}");
        assert!(body.contains("du prenumererar nu"), "{body}");
    }
}

/// How many mails each (recipient, subject) got.
fn tally(mails: &[serde_json::Value]) -> BTreeMap<(String, String), usize> {
    let mut t = BTreeMap::new();
    for m in mails
        .iter()
        .filter(|m| !m["subject"].as_str().unwrap().starts_with("Bekräfta"))
    {
        *t.entry((
            m["to"].as_str().unwrap().to_string(),
            m["subject"].as_str().unwrap().to_string(),
        ))
        .or_insert(0) += 1;
    }
    t
}

#[test]
fn each_subscriber_gets_each_article_in_their_topics_once_and_can_leave_in_one_click() {
    if no_smtp() {
        return;
    }
    let site = site();
    let db = site.root().join("feedback.db");
    let smtp = Smtp::start(site.root().join("mail"), &[]);
    let receiver = Receiver::start(&site, &db, &smtp);
    subscribe_all(
        &receiver,
        &smtp,
        &[
            ("anna@exempel.se", &[]),
            ("bo@exempel.se", &["Vatten och avlopp"]),
            ("cecilia@exempel.se", &["Skola", "Vatten och avlopp"]),
        ],
    );
    // A bot that fills in the trap is answered as a person, and nothing is stored or sent.
    let (status, _) = receiver.subscribe(&[("email", "bot@exempel.se"), ("website", "http://spam")]);
    assert_eq!(status, 200);
    // An address that is no address gets the form again.
    let (status, body) = receiver.subscribe(&[("email", "anna@"), ("website", "")]);
    assert_eq!(status, 400);
    assert!(body.contains("namn@exempel.se"), "{body}");

    let first = send(&site, &db, &smtp);
    assert!(first.contains("första utskicket"), "{first}");
    assert_eq!(smtp.mails().len(), 3, "the articles already on the site are not mailed");

    article(
        &site,
        "vattenlacka",
        "title: Vattenläcka på Åsvägen i Östnor\ndate: 2026-12-01 08:00\nsummary: Vattnet är avstängt på Åsvägen. Koka dricksvattnet tills vidare.\ntags: [Vatten och avlopp]",
    );
    article(
        &site,
        "skolan",
        "title: Ändrade öppettider på Östnors skola\ndate: 2026-12-01 09:00\ntags: [Skola]",
    );
    article(
        &site,
        "utkast",
        "title: Ett utkast om vatten\ndate: 2026-12-01 09:00\ndraft: true\ntags: [Vatten och avlopp]",
    );
    article(
        &site,
        "senare",
        "title: En nyhet för nästa år\ndate: 2026-12-01 09:00\npublish: 2099-01-01 08:00\ntags: [Vatten och avlopp]",
    );
    article(
        &site,
        "gammal",
        "title: En nyhet som har gått ut\ndate: 2026-11-30 09:00\nexpires: 2026-12-01 09:00\ntags: [Vatten och avlopp]",
    );
    let out = send(&site, &db, &smtp);
    assert!(out.contains("skickade 5 mejl"), "{out}");
    let mails = smtp.mails();
    let t = tally(&mails);
    let water = "Vattenläcka på Åsvägen i Östnor";
    let school = "Ändrade öppettider på Östnors skola";
    let expected: BTreeMap<(String, String), usize> = [
        ("anna@exempel.se", water),
        ("anna@exempel.se", school),
        ("bo@exempel.se", water),
        ("cecilia@exempel.se", water),
        ("cecilia@exempel.se", school),
    ]
    .iter()
    .map(|(a, s)| ((a.to_string(), s.to_string()), 1))
    .collect();
    assert_eq!(
        t, expected,
        "each article in each subscriber's topics exactly once; no draft, scheduled or expired one"
    );
    let leak = mails
        .iter()
        .find(|m| m["subject"] == water && m["to"] == "bo@exempel.se")
        .unwrap();
    assert_eq!(leak["from_name"], TITLE, "the sender's name with å, ä, ö intact");
    let text = leak["text"].as_str().unwrap();
    assert!(text.contains("Koka dricksvattnet tills vidare."), "the lead: {text}");
    assert!(
        text.contains("https://www.mora.se/nyheter/vattenlacka-pa-asvagen-i-ostnor/"),
        "{text}"
    );
    assert!(text.contains("792 80 Mora"), "the municipality's address: {text}");
    assert!(
        leak["html"]
            .as_str()
            .unwrap()
            .contains("Vattenläcka på Åsvägen i Östnor")
    );
    assert_eq!(leak["list_unsubscribe_post"], "List-Unsubscribe=One-Click");
    assert!(!leak["message_id"].as_str().unwrap().is_empty());

    // Nothing new: nothing sent.
    let out = send(&site, &db, &smtp);
    assert!(out.contains("skickade 0 mejl"), "{out}");
    assert_eq!(smtp.mails().len(), mails.len());

    // Anna changes from all news to Skola through the link in her mail.
    let annas = mails
        .iter()
        .find(|m| m["to"] == "anna@exempel.se" && m["subject"] == school)
        .unwrap();
    let manage = annas["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .find(|l| l.contains("/prenumerera/andra?t="))
        .unwrap_or_else(|| panic!("no link to change topics: {annas}"));
    let (status, body) = receiver.request("GET", &local(manage), &[], "");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Ändra din prenumeration"), "{body}");
    let token = manage.split("t=").nth(1).unwrap();
    let (status, body) = receiver.request(
        "POST",
        "/prenumerera/andra",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Origin", "https://www.mora.se"),
        ],
        &form_urlencoded_pairs(&[("t", token), ("topics", "Skola")]),
    );
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("nyheter om Skola"), "{body}");

    // The one-click POST of RFC 8058, as a mail program sends it: no Origin, no page.
    let leave = leak["list_unsubscribe"]
        .as_str()
        .unwrap()
        .trim_matches(['<', '>'])
        .to_string();
    let (status, body) = receiver.request(
        "POST",
        &local(&leave),
        &[("Content-Type", "application/x-www-form-urlencoded")],
        "List-Unsubscribe=One-Click",
    );
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Prenumerationen är avslutad"), "{body}");
    let (code, list, _) = subscriptions(&site, &db, None, &["list"]);
    assert_eq!(code, 0);
    assert!(!list.contains("bo@exempel.se"), "{list}");
    assert!(list.contains("2 prenumeranter"), "{list}");

    article(
        &site,
        "vatten-igen",
        "title: Vattnet är tillbaka på Åsvägen\ndate: 2026-12-02 08:00\ntags: [Vatten och avlopp]",
    );
    send(&site, &db, &smtp);
    let t = tally(&smtp.mails());
    let back = "Vattnet är tillbaka på Åsvägen".to_string();
    assert_eq!(
        t.get(&("anna@exempel.se".into(), back.clone())),
        None,
        "anna now has Skola only"
    );
    assert_eq!(t.get(&("cecilia@exempel.se".into(), back.clone())), Some(&1));
    assert_eq!(t.get(&("bo@exempel.se".into(), back)), None, "bo has left");

    // The right to erasure, and the receiver's backup covering subscriptions.
    let copy = site.root().join("kopia.db");
    let out = Command::new(env!("CARGO_BIN_EXE_notis"))
        .args(["feedback", "backup", "--db"])
        .arg(&db)
        .arg("--root")
        .arg(site.root())
        .arg(&copy)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (code, out, err) = subscriptions(&site, &db, None, &["delete", "anna@exempel.se"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("raderade allt om anna@exempel.se"), "{out}");
    let (_, export, _) = subscriptions(&site, &db, None, &["export", "anna@exempel.se"]);
    assert_eq!(export.trim(), "[]", "nothing left about the address");
    let (_, export, _) = subscriptions(&site, &copy, None, &["export"]);
    assert!(
        export.contains("anna@exempel.se") && export.contains("cecilia@exempel.se"),
        "{export}"
    );
}

/// Many subscribers of all news, confirmed, and the baseline sent.
fn crowd(n: usize) -> (TestSite, PathBuf, Vec<String>) {
    let site = site();
    let db = site.root().join("feedback.db");
    let smtp = Smtp::start(site.root().join("bekraftelser"), &[]);
    let receiver = Receiver::start(&site, &db, &smtp);
    let who: Vec<String> = (0..n).map(|i| format!("person{i}@exempel.se")).collect();
    let list: Vec<(&str, &[&str])> = who.iter().map(|w| (w.as_str(), &[][..])).collect();
    subscribe_all(&receiver, &smtp, &list);
    send(&site, &db, &smtp);
    (site, db, who)
}

fn assert_exactly_once(mails: &[serde_json::Value], who: &[String], subjects: &[&str]) {
    let t = tally(mails);
    let mut wrong = Vec::new();
    for w in who {
        for s in subjects {
            let n = t.get(&(w.clone(), s.to_string())).copied().unwrap_or(0);
            if n != 1 {
                wrong.push(format!("{w} got “{s}” {n} times"));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:?}");
    assert_eq!(t.len(), who.len() * subjects.len());
}

#[test]
fn a_send_killed_mid_run_and_run_again_sends_each_mail_once() {
    if no_smtp() {
        return;
    }
    let (site, db, who) = crowd(30);
    article(&site, "a", "title: Första nyheten\ndate: 2026-12-01 08:00");
    article(&site, "b", "title: Andra nyheten\ndate: 2026-12-01 09:00");
    let pid_file = site.root().join("send.pid");
    let pid = pid_file.to_str().unwrap();
    // The server has the 20th mail in full and has not answered when the sender dies:
    // the worst moment. A real server delivers such a mail.
    let smtp = Smtp::start(site.root().join("ut"), &["--kill-pid-file", pid, "--kill-after", "20"]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_notis"))
        .args(["subscriptions", "send", "--db"])
        .arg(&db)
        .arg("--root")
        .arg(site.root())
        .envs(smtp.env())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::fs::write(&pid_file, child.id().to_string()).unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success(), "the sender was killed");
    let before = smtp.mails().len();
    assert!((20..60).contains(&before), "killed mid-run: {before} of 60 sent");

    // A second kill at an arbitrary moment, while pacing at 20 mails a second.
    let mut child = Command::new(env!("CARGO_BIN_EXE_notis"))
        .args(["subscriptions", "send", "--rate", "1200", "--db"])
        .arg(&db)
        .arg("--root")
        .arg(site.root())
        .envs(smtp.env())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    smtp.wait_for(before + 5);
    child.kill().unwrap();
    child.wait().unwrap();

    let out = send(&site, &db, &smtp);
    assert!(
        out.contains("avbrutet utskick"),
        "the claims of the killed runs are released: {out}"
    );
    assert_exactly_once(&smtp.mails(), &who, &["Första nyheten", "Andra nyheten"]);
}

#[test]
fn two_sends_at_once_send_each_mail_once() {
    if no_smtp() {
        return;
    }
    let (site, db, who) = crowd(40);
    article(&site, "a", "title: En nyhet för alla\ndate: 2026-12-01 08:00");
    let smtp = Smtp::start(site.root().join("ut"), &[]);
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_notis"))
            .args(["subscriptions", "send", "--db"])
            .arg(&db)
            .arg("--root")
            .arg(site.root())
            .envs(smtp.env())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let (mut a, mut b) = (spawn(), spawn());
    assert!(a.wait().unwrap().success());
    assert!(b.wait().unwrap().success());
    assert_exactly_once(&smtp.mails(), &who, &["En nyhet för alla"]);
}

#[test]
fn a_refused_address_is_not_tried_again_and_a_deferred_one_is() {
    if no_smtp() {
        return;
    }
    let site = site();
    let db = site.root().join("feedback.db");
    let smtp = Smtp::start(site.root().join("mail"), &[]);
    let receiver = Receiver::start(&site, &db, &smtp);
    subscribe_all(
        &receiver,
        &smtp,
        &[
            ("anna@exempel.se", &[]),
            ("finns.inte@exempel.se", &[]),
            ("gra@exempel.se", &[]),
        ],
    );
    send(&site, &db, &smtp);
    article(&site, "a", "title: En nyhet\ndate: 2026-12-01 08:00");
    let strict = Smtp::start(
        site.root().join("ut"),
        &["--refuse", "finns.inte@exempel.se", "--defer", "gra@exempel.se"],
    );
    let out = send(&site, &db, &strict);
    assert!(out.contains("skickade 1 mejl, 1 adress avvisades"), "{out}");
    assert!(out.contains("1 mejl fick vänta"), "{out}");
    let open = Smtp::start(site.root().join("ut2"), &[]);
    let out = send(&site, &db, &open);
    assert!(out.contains("skickade 1 mejl"), "{out}");
    let to: Vec<String> = open
        .mails()
        .iter()
        .map(|m| m["to"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        to,
        ["gra@exempel.se"],
        "the deferred address, not the refused one, not anna again"
    );
}

#[test]
fn a_receiver_of_subscriptions_alone_takes_requests() {
    if no_smtp() {
        return;
    }
    let site = site();
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    let yaml = yaml.replace(
        "feedback:\n  action: https://www.mora.se/feedback\n  rate_limit_per_minute: 0\n",
        "",
    );
    assert!(!yaml.contains("feedback:"));
    site.write("site.yaml", &yaml);
    let db = site.root().join("feedback.db");
    let smtp = Smtp::start(site.root().join("mail"), &[]);
    let receiver = Receiver::start(&site, &db, &smtp);
    subscribe_all(&receiver, &smtp, &[("erik@exempel.se", &["Skola"])]);
    let (status, _) = receiver.request("POST", "/feedback", &[], "");
    assert_eq!(status, 404, "no comment path");
}

#[test]
fn a_wrong_or_used_link_is_refused() {
    if no_smtp() {
        return;
    }
    let site = site();
    let db = site.root().join("feedback.db");
    let smtp = Smtp::start(site.root().join("mail"), &[]);
    let receiver = Receiver::start(&site, &db, &smtp);
    receiver.subscribe(&[("email", "dora@exempel.se"), ("website", "")]);
    let mail = &smtp.wait_for(1)[0];
    let link = local(mail["links"][0].as_str().unwrap());
    // The last character changed (to another one: a link that already ends in 0 stays itself).
    let last = if link.ends_with('0') { '1' } else { '0' };
    let forged = format!("{}{last}", &link[..link.len() - 1]);
    let (status, body) = receiver.request("GET", &forged, &[], "");
    assert_eq!(status, 404, "{body}");
    assert!(body.contains("Länken gäller inte"), "{body}");
    let leave = link.replace("bekrafta", "avsluta");
    let (status, _) = receiver.request("POST", &leave, &[], "List-Unsubscribe=One-Click");
    assert_eq!(status, 404, "a confirmation link does not unsubscribe");
    let (code, list, _) = subscriptions(&site, &db, None, &["list"]);
    assert_eq!(code, 0);
    assert!(list.contains("obekräftad"), "{list}");
}

#[test]
fn a_crisis_update_goes_out_as_a_new_message_once() {
    if no_smtp() {
        return;
    }
    let site = site();
    let db = site.root().join("feedback.db");
    let smtp = Smtp::start(site.root().join("mail"), &[]);
    let receiver = Receiver::start(&site, &db, &smtp);
    subscribe_all(
        &receiver,
        &smtp,
        &[("anna@exempel.se", &[]), ("bo@exempel.se", &["Skola"])],
    );
    send(&site, &db, &smtp);
    let before = smtp.mails().len();
    let title = "Vattenläcka på Åsvägen i Östnor";
    article(
        &site,
        "kris",
        &format!("title: {title}\ndate: 2026-12-01 08:00\ncrisis: true\ntags: [Vatten och avlopp]"),
    );
    send(&site, &db, &smtp);
    let mails = smtp.wait_for(before + 1);
    assert_eq!(mails.len(), before + 1, "only anna subscribes to this topic");
    assert_eq!(mails[before]["subject"], title);

    let update = site.notis(&[
        "update",
        "content/nyheter/kris.md",
        "Vattnet är tillbaka på Åsvägen. Spola kranen en stund innan du dricker.",
        "--now",
        "2026-12-01 10:00",
    ]);
    assert_eq!(update.code, 0, "{}", update.stderr);
    let out = send(&site, &db, &smtp);
    assert!(out.contains("skickade 1 mejl"), "{out}");
    let mails = smtp.wait_for(before + 2);
    let mail = &mails[before + 1];
    assert_eq!(mail["to"], "anna@exempel.se");
    assert_eq!(
        mail["subject"],
        format!("Uppdatering 1 december 2026 kl. 10.00: {title}")
    );
    let text = mail["text"].as_str().unwrap();
    assert!(text.contains("Vattnet är tillbaka på Åsvägen."), "{text}");
    assert!(
        mail["links"].as_array().unwrap().iter().any(|l| l
            .as_str()
            .unwrap()
            .ends_with("/nyheter/vattenlacka-pa-asvagen-i-ostnor/#uppdatering-2026-12-01-1000")),
        "{mail}"
    );
    // Sent once: the next send has nothing new.
    send(&site, &db, &smtp);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(smtp.mails().len(), before + 2);
}

/// Issue 30: in a repository of several sites, `notis subscriptions send --site orsa`
/// mails Orsa's subscribers Orsa's news only — an article shared with every site, not one
/// that `sites:` keeps to Mora — and a database that is Orsa's is refused to Mora.
#[test]
fn a_site_of_several_sends_its_own_news_to_its_own_subscribers() {
    use notis::feedback::subscriptions::store::{Requested, SubscriptionStore};
    if no_smtp() {
        return;
    }
    let site = TestSite::example("flera-kommuner");
    for name in ["mora", "orsa"] {
        let yaml = site.root().join(format!("sites/{name}/site.yaml"));
        let text = std::fs::read_to_string(&yaml).unwrap();
        std::fs::write(
            &yaml,
            format!("{text}subscriptions:\n  action: https://www.{name}.se/prenumerera/\n  rate_per_minute: 0\n"),
        )
        .unwrap();
    }
    let db = site.root().join("orsa.db");
    {
        let mut store = SubscriptionStore::open(&db, true).unwrap();
        let now = chrono::Utc::now();
        let Requested::Unconfirmed(s) = store.request("orsabo@exempel.se", &[], now, "x").unwrap() else {
            panic!("a new address is unconfirmed");
        };
        store.confirm(s.id, now).unwrap();
    }
    let smtp = Smtp::start(site.root().join("mail"), &[]);
    let run = |name: &str| subscriptions(&site, &db, Some(&smtp), &["send", "--site", name]);
    // The first send takes what is published as the baseline and mails none of it.
    let (code, out, err) = run("orsa");
    assert_eq!(code, 0, "{out}{err}");
    let article = |slug: &str, title: &str, sites: &str| {
        site.write(
            &format!("content/nyheter/2026-12-01-{slug}.md"),
            &format!("---\ntitle: {title}\ndate: 2026-12-01\nsummary: Om {title}.\n{sites}---\n\nText om {title}.\n"),
        );
    };
    article("for-alla", "Nytt för alla kommuner", "");
    article("bara-mora", "Nytt bara för Mora", "sites: [mora]\n");
    let (code, out, err) = run("orsa");
    assert_eq!(code, 0, "{out}{err}");
    let subjects: Vec<String> = smtp
        .mails()
        .iter()
        .map(|m| m["subject"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(subjects.len(), 1, "{subjects:?}");
    assert!(subjects[0].contains("Nytt för alla kommuner"), "{subjects:?}");
    let (code, _, err) = run("mora");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("orsa") && err.contains("--db mora.db"), "{err}");
}
