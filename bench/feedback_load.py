#!/usr/bin/env python3
"""Load benchmark of the feedback receiver (`notis feedback serve`).

    cargo build --release
    python3 bench/feedback_load.py                  # 32 clients for 20 s
    python3 bench/feedback_load.py --clients 32 --seconds 20
    python3 bench/feedback_load.py --smoke          # 4 clients, 2 s: checks the script works

Starts the receiver on a free port on 127.0.0.1 with a fresh SQLite database in a
temporary folder (WAL, synchronous=FULL, as in production; the rate limit is off
so one machine can be 32 clients), then N client threads each post comments as a
browser's fetch would (form body, Accept: application/json) over a kept-alive
connection, one after the other, for the given time. Every answer must be 200
with an id. It reports submissions per second (acknowledged, i.e. committed),
latency percentiles (p50, p99, max), and then stops the receiver and checks with
`notis feedback export` that every acknowledged submission is stored.

The clients run in this Python process on the same 2-core machine as the
receiver, so the figures are a lower bound of what the receiver does alone.
Only 127.0.0.1 is ever contacted; the run is bounded by --seconds.
"""
import argparse
import http.client
import json
import os
import pathlib
import shutil
import socket
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


def site_yaml():
    text = (REPO / "site.yaml").read_text(encoding="utf-8")
    return text.replace(
        "feedback:\n",
        "feedback:\n  rate_limit_per_minute: 0\n",
        1,
    )


def client(port, deadline, number, latencies, acked, errors):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    n = 0
    while time.monotonic() < deadline:
        n += 1
        comment = f"Klient {number}, kommentar {n}: länken till felanmälan fungerar inte på sidan."
        body = urllib.parse.urlencode({"page_url": PAGE, "comment": comment, "email": "", "website": ""})
        started = time.perf_counter()
        try:
            conn.request(
                "POST",
                "/feedback",
                body=body,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": "application/json",
                    "Origin": "https://www.mora.se",
                },
            )
            response = conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as e:
            errors.append(f"client {number}: {e}")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        elapsed = time.perf_counter() - started
        if response.status != 200:
            errors.append(f"client {number}: status {response.status}: {data[:200]!r}")
            continue
        latencies.append(elapsed)
        acked.append((json.loads(data)["id"], comment))
    conn.close()


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, round(p / 100 * len(sorted_values)) - 1))
    return sorted_values[k]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--bin", default=str(REPO / "target" / "release" / "notis"))
    parser.add_argument("--smoke", action="store_true", help="4 clients for 2 s (what CI runs)")
    args = parser.parse_args()
    if args.smoke:
        args.clients, args.seconds = 4, 2.0
        if not os.path.exists(args.bin):
            args.bin = str(REPO / "target" / "debug" / "notis")
    if not os.path.exists(args.bin):
        sys.exit(f"{args.bin} not found: run `cargo build --release` first")

    work = pathlib.Path(tempfile.mkdtemp(prefix="notis-feedback-bench-"))
    try:
        (work / "site.yaml").write_text(site_yaml(), encoding="utf-8")
        db = work / "synpunkter.db"
        port = free_port()
        receiver = subprocess.Popen(
            [args.bin, "feedback", "serve", "--root", str(work), "--db", str(db), "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started = time.monotonic()
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() - started > 20 or receiver.poll() is not None:
                    receiver.kill()
                    sys.exit("the receiver did not start")
                time.sleep(0.05)

        latencies, acked, errors = [], [], []
        deadline = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=client, args=(port, deadline, i, latencies, acked, errors))
            for i in range(args.clients)
        ]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        receiver.terminate()
        receiver.wait(timeout=30)

        export = subprocess.run(
            [args.bin, "feedback", "export", "--root", str(work), "--db", str(db), "--format", "json"],
            capture_output=True,
            check=True,
        )
        stored = {row["id"]: row["comment"] for row in json.loads(export.stdout)}
        missing = [a for a in acked if stored.get(a[0]) != a[1]]

        lat = sorted(latencies)
        print(f"# notis feedback serve: {args.clients} parallel clients for {args.seconds:g} s, synchronous=FULL")
        print()
        print("| clients | acknowledged | errors | submissions/s | p50 | p99 | max | stored after stop |")
        print("|---|---|---|---|---|---|---|---|")
        print(
            f"| {args.clients} | {len(acked)} | {len(errors)} | {len(acked) / wall:.0f} | "
            f"{percentile(lat, 50) * 1000:.1f} ms | {percentile(lat, 99) * 1000:.1f} ms | "
            f"{(lat[-1] if lat else float('nan')) * 1000:.1f} ms | {len(stored)} |"
        )
        for e in errors[:5]:
            print(f"error: {e}", file=sys.stderr)
        if missing:
            print(f"error: {len(missing)} acknowledged submissions are not stored", file=sys.stderr)
        if errors or missing or not acked:
            sys.exit(1)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
