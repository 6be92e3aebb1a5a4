#!/usr/bin/env python3
"""notis vs Hugo on the same synthetic Swedish news corpus.

    python3 bench/bench.py                    # 1 000 and 10 000 articles, 5 runs each
    python3 bench/bench.py --sizes 1000 10000 50000 --runs 3
    python3 bench/bench.py --smoke            # 50 articles, 1 run: checks the script works

For each size it generates the corpus with ../shared/bench/gen_corpus.py (notis and
Hugo formats, same articles), then for each tool does one warm-up build and N
measured full builds into an empty output folder, alternating the tools so both
see the same machine conditions. It reports the median wall time, CPU time
(user + system) and peak memory (max RSS), and the notis/Hugo ratio, twice per
size so each row compares the same work: with HTML minification (notis's
default against `hugo --minify`) and without (`minify: false` against Hugo's
default). For notis it also measures a no-change rebuild (output and cache
already there) and, in the minified row, a build with the Pagefind search index
on (Hugo's site has no search, so the comparison runs notis with `search: false`).

Every build writes to a folder that has never existed, and the outputs are
deleted only when the script ends: on ext4 without a journal (as on this
machine) creating files within minutes of deleting tens of thousands makes the
kernel step over every recently freed inode, which added seconds of system time
to whichever tool built next. If the last run's outputs were deleted less than
five minutes ago the script waits before measuring.

Needs: a release build of notis (cargo build --release), python3, hugo (Debian's
package) for the comparison; without hugo only notis is measured.
"""
import argparse
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import time

REPO = pathlib.Path(__file__).resolve().parent.parent
GEN = (REPO.parent / "shared" / "bench" / "gen_corpus.py")
NOW = "2026-11-26 12:00"


def run(cmd, cwd=None):
    """Runs cmd; returns (wall seconds, cpu seconds, peak MiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def fresh(path):
    shutil.rmtree(path, ignore_errors=True)


class Outputs:
    """Hands out output folders that have never existed; deletes them all at the end."""

    def __init__(self, work):
        self.root = work / "outputs"
        self.stamp = work / ".outputs-deleted-at"
        self.count = 0

    def new(self, name):
        self.count += 1
        return self.root / f"{name}-{self.count}"

    def settle(self, wait):
        """Waits until files deleted by an earlier run are no longer "recently freed"."""
        if self.root.exists():
            self.delete()
        if not wait or not self.stamp.exists():
            return
        left = 300 - (time.time() - self.stamp.stat().st_mtime)
        if left > 0:
            print(f"waiting {left:.0f} s: the last run's outputs were deleted recently "
                  "(ext4 is slow to create files right after mass deletion; --no-wait skips this)",
                  file=sys.stderr, flush=True)
            time.sleep(left)

    def delete(self):
        fresh(self.root)
        self.stamp.parent.mkdir(parents=True, exist_ok=True)
        self.stamp.touch()


def corpus(work, n, fmt):
    out = work / f"{fmt}-{n}"
    if not (out / ("site.yaml" if fmt == "notis" else "config.toml")).exists():
        fresh(out)
        subprocess.run([sys.executable, str(GEN), "--n", str(n), "--out", str(out), "--format", fmt],
                       check=True, stdout=subprocess.DEVNULL)
    return out


def configure(site, search, minify):
    """Sets `search:` and `minify:` in the corpus's site.yaml."""
    cfg = site / "site.yaml"
    lines = [l for l in cfg.read_text().splitlines() if not l.startswith(("search:", "minify:"))]
    lines.append(f"search: {'true' if search else 'false'}")
    lines.append(f"minify: {'true' if minify else 'false'}")
    cfg.write_text("\n".join(lines) + "\n")


def median(samples):
    return tuple(statistics.median(s[i] for s in samples) for i in range(3))


def measure(n, minify, runs, work, outputs, notis, hugo, search_max):
    """One row: notis and Hugo with HTML minification on (notis's default; Hugo's --minify) or off."""
    site = corpus(work, n, "notis")
    hugo_site = corpus(work, n, "hugo") if hugo else None
    out = None

    def notis_build(search, clean=True):
        nonlocal out
        configure(site, search, minify)
        if clean:
            out = outputs.new(f"notis-{n}")
        return run([notis, "build", "--root", site, "--output", out, "--now", NOW])

    def hugo_build():
        flags = ["--minify"] if minify else []
        return run([hugo, "--quiet", *flags, "-s", hugo_site, "-d", outputs.new(f"hugo-{n}")])

    notis_build(False)
    if hugo:
        hugo_build()
    n_samples, h_samples, r_samples = [], [], []
    for _ in range(runs):
        n_samples.append(notis_build(False))
        r_samples.append(notis_build(False, clean=False))
        if hugo:
            h_samples.append(hugo_build())
    files = sum(len(f) for _, _, f in os.walk(out))
    with_search = minify and n <= search_max
    s_samples = [notis_build(True) for _ in range(max(1, runs // 2))] if with_search else None
    configure(site, False, True)
    return {
        "n": n, "minify": minify, "files": files,
        "notis": median(n_samples), "rebuild": median(r_samples),
        "search": median(s_samples) if s_samples else None, "hugo": median(h_samples) if hugo else None,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", default="/tmp/notis-bench")
    ap.add_argument("--smoke", action="store_true", help="50 articles, 1 run")
    ap.add_argument("--search-max", type=int, default=10000, help="measure search only up to this many articles")
    ap.add_argument("--no-wait", action="store_true", help="don't wait for recently deleted outputs to settle")
    args = ap.parse_args()
    if args.smoke:
        args.sizes, args.runs, args.work = [50], 1, "/tmp/notis-bench-smoke"
    notis = REPO / "target" / "release" / "notis"
    if not notis.exists():
        sys.exit("no target/release/notis: run `cargo build --release` first")
    if not GEN.exists():
        sys.exit(f"corpus generator not found at {GEN}")
    hugo = shutil.which("hugo")
    if not hugo:
        print("hugo not found (apt-get install hugo): measuring notis only", file=sys.stderr)
    work = pathlib.Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    outputs = Outputs(work)
    for n in args.sizes:  # generate first: the corpora are reused by later runs
        corpus(work, n, "notis")
        if hugo:
            corpus(work, n, "hugo")
    outputs.settle(wait=not (args.smoke or args.no_wait))
    print(f"# notis vs Hugo, median of {args.runs} run(s) after a warm-up, {os.cpu_count()} cores")
    print()
    print("| articles | HTML minified | files | notis wall | notis CPU | notis peak | Hugo wall | Hugo CPU | Hugo peak | wall ratio | no-change rebuild | rebuild speed-up | notis + search wall | search peak |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    try:
        for n in args.sizes:
            for minify in (True, False):
                report(measure(n, minify, args.runs, work, outputs, notis, hugo, args.search_max))
    finally:
        outputs.delete()


def report(r):
    """Prints one row of the table."""
    n = r["n"]
    nw, nc, nm = r["notis"]
    rw = r["rebuild"][0]
    search_cols = f"{r['search'][0]:.2f} s | {r['search'][2]:.0f} MiB" if r["search"] else "– | –"
    if r["hugo"]:
        hw, hc, hm = r["hugo"]
        hugo_cols = f"{hw:.2f} s | {hc:.2f} s | {hm:.0f} MiB | **{hw / nw:.1f}×**"
    else:
        hugo_cols = "– | – | – | –"
    minified = "yes (notis default; Hugo --minify)" if r["minify"] else "no (Hugo default)"
    print(f"| {n:,} | {minified} | {r['files']:,} | {nw:.2f} s | {nc:.2f} s | {nm:.0f} MiB | {hugo_cols} | {rw:.3f} s | {nw / rw:.0f}× | {search_cols} |", flush=True)


if __name__ == "__main__":
    main()
