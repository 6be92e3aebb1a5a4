#!/usr/bin/env python3
"""Time from saving an article to the preview's reload message, with `notis serve`.

    python3 bench/serve_latency.py                 # 10 000 articles, 20 edits
    python3 bench/serve_latency.py --n 1000 --edits 20

Generates the corpus with ../shared/bench/gen_corpus.py, starts
target/release/notis serve on a free port, subscribes to /__notis/reload, then
edits one article 20 times (a different sentence each time, waiting for each
reload) and prints the median and worst time from the write to the reload event.
"""
import argparse
import http.client
import pathlib
import socket
import statistics
import subprocess
import sys
import time

REPO = pathlib.Path(__file__).resolve().parent.parent
GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--work", default="/tmp/notis-bench")
    args = ap.parse_args()
    site = pathlib.Path(args.work) / f"notis-{args.n}"
    if not (site / "site.yaml").exists():
        subprocess.run([sys.executable, str(GEN), "--n", str(args.n), "--out", str(site), "--format", "notis"],
                       check=True, stdout=subprocess.DEVNULL)
    notis = REPO / "target" / "release" / "notis"
    port = free_port()
    server = subprocess.Popen([notis, "serve", "--root", site, "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        started = time.perf_counter()
        while True:
            line = server.stdout.readline()
            if not line:
                sys.exit("notis serve exited")
            if "notis serve:" in line:
                break
        startup = time.perf_counter() - started
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/__notis/reload")
        events = conn.getresponse()
        article = sorted((site / "content" / "nyheter").glob("*.md"))[len(list((site / "content" / "nyheter").glob("*.md"))) // 2]
        original = article.read_text(encoding="utf-8")
        times = []
        try:
            for i in range(args.edits):
                text = original + f"\nRedigering nummer {i} av texten.\n"
                t0 = time.perf_counter()
                article.write_text(text, encoding="utf-8")
                while True:
                    line = events.fp.readline().decode()
                    if line.strip() == "event: reload":
                        break
                times.append((time.perf_counter() - t0) * 1000)
                time.sleep(0.2)
        finally:
            article.write_text(original, encoding="utf-8")
        print(f"{args.n} articles: first build and start {startup:.1f} s; save → reload message over {args.edits} edits: "
              f"median {statistics.median(times):.1f} ms, worst {max(times):.1f} ms")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
