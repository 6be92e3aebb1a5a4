#!/usr/bin/env python3
"""Benchmark of `notis subscriptions send` (issue 29): 10 000 confirmed subscribers
and one new article, delivered to a local SMTP server, while the receiver keeps
answering form posts.

    cargo build --release
    python3 bench/subscriptions.py                  # 10 000 subscribers
    python3 bench/subscriptions.py --subscribers 10000 --bin target/release/notis
    python3 bench/subscriptions.py --smoke          # 200 subscribers: checks the script works

A copy of the sample site with `subscriptions.rate_per_minute: 0` in a temporary
folder; an SMTP server (tests/mail/smtp_sink.py, aiosmtpd, which writes every
message to a file) and `notis feedback serve` on free ports of 127.0.0.1. The
subscribers are written straight into the receiver's database (confirmed, all
news; the form and its confirmation are what the tests cover), a first `send`
records the sample articles as the baseline, one new article is added, and the
timed `send` mails it to everyone. Meanwhile one client posts a comment to the
receiver every 50 ms and records each answer's time. The figures: the send's
wall time and mails a second, mails that arrived (must be all, each once), and
the form posts during the send (count, failures, p50/p99/max latency).

Everything runs on one machine (the SMTP server in Python, too), so the figures
are a lower bound. Only 127.0.0.1 is contacted.
"""
import argparse
import http.client
import os
import pathlib
import secrets
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

REPO = pathlib.Path(__file__).resolve().parent.parent
PAGE = "https://www.mora.se/nyheter/storningar-hos-kommunernas-it-system/"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(root):
    shutil.copytree(REPO / "content", root / "content")
    yaml = (REPO / "site.yaml").read_text(encoding="utf-8")
    yaml = yaml.replace("feedback:\n", "feedback:\n  rate_limit_per_minute: 0\n", 1)
    yaml = yaml.replace("subscriptions:\n", "subscriptions:\n  rate_per_minute: 0\n", 1)
    assert "rate_per_minute: 0" in yaml, "site.yaml has no subscriptions: block"
    (root / "site.yaml").write_text(yaml, encoding="utf-8")


def wait_port(port, what):
    started = time.monotonic()
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() - started > 30:
                sys.exit(f"{what} did not start")
            time.sleep(0.05)


def add_subscribers(db, n):
    """Confirmed subscribers of all news, written as the receiver stores them."""
    con = sqlite3.connect(db, timeout=30)
    now = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(time.time() - 3600))
    with con:
        con.executemany(
            "INSERT INTO subscriber (email, all_topics, nonce, requested, confirmed, client_hash)"
            " VALUES (?, 1, ?, ?, ?, '')",
            ((f"prenumerant{i}@exempel.se", secrets.token_hex(16), now, now) for i in range(n)),
        )
    con.close()


def poster(port, stop, latencies, failures):
    body = urllib.parse.urlencode(
        {"page_url": PAGE, "comment": "Bra information, tack!", "email": "", "website": ""}
    )
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/json",
        "Origin": "https://www.mora.se",
    }
    while not stop.is_set():
        started = time.monotonic()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("POST", "/feedback", body, headers)
            answer = conn.getresponse()
            answer.read()
            conn.close()
            if answer.status != 200:
                failures.append(answer.status)
        except OSError as e:
            failures.append(str(e))
        latencies.append(time.monotonic() - started)
        stop.wait(0.05)


def send(binary, root, db, env):
    started = time.monotonic()
    run = subprocess.run(
        [binary, "subscriptions", "send", "--root", root, "--db", db],
        env=env, capture_output=True, text=True,
    )
    elapsed = time.monotonic() - started
    if run.returncode != 0:
        sys.exit(f"notis subscriptions send failed:\n{run.stdout}{run.stderr}")
    return elapsed, (run.stdout + run.stderr).strip()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--subscribers", type=int, default=10_000)
    p.add_argument("--bin", default=str(REPO / "target" / "release" / "notis"))
    p.add_argument("--smoke", action="store_true")
    a = p.parse_args()
    n = 200 if a.smoke else a.subscribers
    binary = os.path.abspath(a.bin)
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="notis-subs-bench-"))
    children = []
    try:
        root = tmp / "site"
        root.mkdir()
        prepare(root)
        db = str(tmp / "synpunkter.db")
        mail = tmp / "mail"
        smtp = subprocess.Popen(
            [sys.executable, str(REPO / "tests" / "mail" / "smtp_sink.py"), str(mail)],
            stdout=subprocess.PIPE, text=True,
        )
        children.append(smtp)
        line = smtp.stdout.readline()
        if not line.startswith("PORT "):
            sys.exit("the SMTP server did not start (pip install aiosmtpd)")
        env = dict(os.environ, NOTIS_SMTP_HOST="127.0.0.1", NOTIS_SMTP_PORT=line.split()[1], NOTIS_SMTP_TLS="none")
        port = free_port()
        receiver = subprocess.Popen(
            [binary, "feedback", "serve", "--root", str(root), "--db", db, "--port", str(port)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        children.append(receiver)
        wait_port(port, "the receiver")
        add_subscribers(db, n)
        send(binary, str(root), db, env)  # the baseline: the sample articles are not mailed
        (root / "content" / "nyheter" / "2026-12-01-vattenlacka-pa-asvagen.md").write_text(
            "---\ntitle: Vattenläcka på Åsvägen\ndate: 2026-12-01 08:00\n"
            "summary: Vattnet är avstängt på Åsvägen i Östnor. Koka dricksvattnet tills vidare.\n"
            "tags: [Vatten och avlopp]\n---\n\nVi arbetar med att laga läckan.\n",
            encoding="utf-8",
        )
        stop, latencies, failures = threading.Event(), [], []
        load = threading.Thread(target=poster, args=(port, stop, latencies, failures))
        load.start()
        elapsed, log = send(binary, str(root), db, env)
        stop.set()
        load.join()
        deadline = time.monotonic() + 30
        while len(list(mail.glob("*.eml"))) < n and time.monotonic() < deadline:
            time.sleep(0.1)
        files = list(mail.glob("*.eml"))
        recipients = set()
        for f in files:
            with open(f, "rb") as fh:
                for raw in fh:
                    if raw.lower().startswith(b"to: "):
                        recipients.add(raw[4:].strip())
                        break
        lat = sorted(latencies)
        print(f"subscribers: {n}, one new article")
        print(f"send: {elapsed:.1f} s wall, {n / elapsed:.0f} mails/s ({log.splitlines()[-1]})")
        print(f"arrived: {len(files)} mails to {len(recipients)} different addresses")
        if lat:
            print(
                f"form posts during the send: {len(lat)}, failures {len(failures)}, "
                f"p50 {statistics.median(lat) * 1000:.0f} ms, "
                f"p99 {lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000:.0f} ms, max {lat[-1] * 1000:.0f} ms"
            )
        ok = len(files) == n and len(recipients) == n and not failures
        if not a.smoke and elapsed > 60:
            print("slower than the goal of 60 s")
            ok = False
        return 0 if ok else 1
    finally:
        for c in children:
            c.terminate()
            c.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
