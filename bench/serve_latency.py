#!/usr/bin/env python3
"""Time from a change on disk to the preview showing it, with `notis serve`.

    python3 bench/serve_latency.py                 # 10 000 articles, 20 of each change
    python3 bench/serve_latency.py --n 1000 --edits 20

Generates the corpus with ../shared/bench/gen_corpus.py, starts
target/release/notis serve on a free port, subscribes to /__notis/reload, then
measures three kinds of change, each --edits times on different articles:

  edit    an article saved with a new sentence: time from the write to the
          reload message (the page is rendered when the tab asks for it);
  delete  an article removed: time from the removal until the page answers 404
          after a reload message;
  rename  an article's file renamed (the URL stays): time from the rename until
          a reload message after which the page answers 200 with no error page
          (a rename seen half-way shows two files claiming one URL).

Each change is undone afterwards (and waited for) so the runs are independent.
Prints the median and worst time of each.
"""
import argparse
import http.client
import pathlib
import re
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


class Preview:
    def __init__(self, port):
        self.port = port
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/__notis/reload")
        self.events = conn.getresponse()

    def next_reload(self):
        """The number of the site state the next reload message announces."""
        while True:
            line = self.events.fp.readline().decode()
            if not line:
                sys.exit("the reload stream closed")
            if line.startswith("data:"):
                data = line[5:].strip()
                return int(data) if data.isdigit() else sys.maxsize

    def generation(self):
        """The state of the site the preview shows now (named in every page's reload script)."""
        _, body = self.get("/")
        return int(re.search(r"since=(\d+)", body).group(1))

    def get(self, path):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request("GET", path)
        res = conn.getresponse()
        body = res.read().decode("utf-8", "replace")
        conn.close()
        return res.status, body

    def until(self, t0, after, path, ok):
        """Milliseconds from t0 until a reload message for a state newer than `after`
        after which `ok(status, body)` holds (older messages still queued are skipped)."""
        while True:
            if self.next_reload() <= after:
                continue
            status, body = self.get(path)
            if ok(status, body):
                return (time.perf_counter() - t0) * 1000


def slug_of(text):
    m = re.search(r'^slug:\s*"?([^"\n]+)"?\s*$', text, re.M)
    return m.group(1)


def shorten_slugs(site):
    """The generator writes slugs longer than the 80 characters notis allows; shorten them,
    keeping their number so they stay unique (idempotent)."""
    for path in (site / "content" / "nyheter").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        slug = slug_of(text)
        if len(slug) > 80:
            head, _, number = slug.rpartition("-")
            short = head[: 79 - len(number)].rstrip("-") + "-" + number
            path.write_text(text.replace(f'slug: "{slug}"', f'slug: "{short}"', 1), encoding="utf-8")


def report(name, times):
    return f"{name} median {statistics.median(times):.1f} ms, worst {max(times):.1f} ms"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--edits", type=int, default=20, help="changes of each kind")
    ap.add_argument("--work", default="/tmp/notis-bench")
    args = ap.parse_args()
    site = pathlib.Path(args.work) / f"notis-{args.n}"
    if not (site / "site.yaml").exists():
        subprocess.run([sys.executable, str(GEN), "--n", str(args.n), "--out", str(site), "--format", "notis"],
                       check=True, stdout=subprocess.DEVNULL)
    shorten_slugs(site)
    notis = REPO / "target" / "release" / "notis"
    port = free_port()
    server = subprocess.Popen([notis, "serve", "--root", site, "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    news = site / "content" / "nyheter"
    articles = sorted(news.glob("*.md"))
    try:
        started = time.perf_counter()
        while True:
            line = server.stdout.readline()
            if not line:
                sys.exit("notis serve exited")
            if "notis serve:" in line:
                break
        startup = time.perf_counter() - started
        preview = Preview(port)
        pick = [articles[(len(articles) // (args.edits + 1)) * (i + 1)] for i in range(args.edits)]
        edits, deletes, renames = [], [], []
        for i, article in enumerate(pick):
            original = article.read_text(encoding="utf-8")
            page = f"/nyheter/{slug_of(original)}/"
            served = lambda s, b: s == 200 and "Webbplatsen har fel" not in b and f"nummer {i} " not in b
            # edit
            g = preview.generation()
            t0 = time.perf_counter()
            article.write_text(original + f"\nRedigering nummer {i} av texten.\n", encoding="utf-8")
            while preview.next_reload() <= g:
                pass
            edits.append((time.perf_counter() - t0) * 1000)
            article.write_text(original, encoding="utf-8")
            preview.until(time.perf_counter(), g, page, served)
            # delete
            g = preview.generation()
            t0 = time.perf_counter()
            article.unlink()
            deletes.append(preview.until(t0, g, page, lambda s, b: s == 404))
            article.write_text(original, encoding="utf-8")
            preview.until(time.perf_counter(), g, page, served)
            # rename
            g = preview.generation()
            moved = article.with_name(article.stem + "-omdopt.md")
            t0 = time.perf_counter()
            article.rename(moved)
            renames.append(preview.until(t0, g, page, served))
            g = preview.generation()
            moved.rename(article)
            preview.until(time.perf_counter(), g, page, served)
            time.sleep(0.1)
        print(f"{args.n} articles: first build and start {startup:.1f} s; over {args.edits} changes of each kind: "
              f"{report('edit → reload message', edits)}; {report('delete → 404', deletes)}; "
              f"{report('rename → page served', renames)}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
