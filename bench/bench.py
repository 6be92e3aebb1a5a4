#!/usr/bin/env python3
"""notis vs Hugo on the same synthetic Swedish news corpus.

    python3 bench/bench.py                    # 1 000 and 10 000 articles, 5 runs each
    python3 bench/bench.py --sizes 1000 10000 50000 --runs 3
    python3 bench/bench.py --smoke            # 50 articles, 1 run: checks the script works

For each size it generates the corpus with ../shared/bench/gen_corpus.py (notis and
Hugo formats, same articles), then for each tool does one warm-up build and N
measured full builds into an empty output folder, alternating the tools so both
see the same machine conditions. It reports the median wall time, CPU time
(user + system) and peak memory (max RSS), and the notis/Hugo ratio. For notis it
also measures a no-change rebuild (output and cache already there) and a build
with the Pagefind search index on (Hugo's site has no search, so the comparison
runs notis with `search: false`).

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


def corpus(work, n, fmt):
    out = work / f"{fmt}-{n}"
    if not (out / ("site.yaml" if fmt == "notis" else "config.toml")).exists():
        fresh(out)
        subprocess.run([sys.executable, str(GEN), "--n", str(n), "--out", str(out), "--format", fmt],
                       check=True, stdout=subprocess.DEVNULL)
    return out


def with_search(site, on):
    cfg = site / "site.yaml"
    lines = [l for l in cfg.read_text().splitlines() if not l.startswith("search:")]
    lines.append(f"search: {'true' if on else 'false'}")
    cfg.write_text("\n".join(lines) + "\n")


def median(samples):
    return tuple(statistics.median(s[i] for s in samples) for i in range(3))


def measure(n, runs, work, notis, hugo, search_max):
    site = corpus(work, n, "notis")
    hugo_site = corpus(work, n, "hugo") if hugo else None
    out = work / f"out-{n}"

    def notis_build(search, clean=True):
        with_search(site, search)
        if clean:
            fresh(out)
            fresh(out.parent / f".{out.name}.notis-cache")
        return run([notis, "build", "--root", site, "--output", out, "--now", NOW])

    def hugo_build():
        fresh(hugo_site / "public")
        fresh(hugo_site / "resources")
        return run([hugo, "--quiet", "-s", hugo_site])

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
    s_samples = [notis_build(True) for _ in range(max(1, runs // 2))] if n <= search_max else None
    return {
        "n": n, "files": files,
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
    print(f"# notis vs Hugo, median of {args.runs} run(s) after a warm-up, {os.cpu_count()} cores")
    print()
    print("| articles | files | notis wall | notis CPU | notis peak | Hugo wall | Hugo CPU | Hugo peak | wall ratio | no-change rebuild | rebuild speed-up | notis + search wall | search peak |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for n in args.sizes:
        r = measure(n, args.runs, work, notis, hugo, args.search_max)
        nw, nc, nm = r["notis"]
        rw = r["rebuild"][0]
        search_cols = f"{r['search'][0]:.2f} s | {r['search'][2]:.0f} MiB" if r["search"] else "– | –"
        if r["hugo"]:
            hw, hc, hm = r["hugo"]
            hugo_cols = f"{hw:.2f} s | {hc:.2f} s | {hm:.0f} MiB | **{hw / nw:.1f}×**"
        else:
            hugo_cols = "– | – | – | –"
        print(f"| {n:,} | {r['files']:,} | {nw:.2f} s | {nc:.2f} s | {nm:.0f} MiB | {hugo_cols} | {rw:.3f} s | {nw / rw:.0f}× | {search_cols} |", flush=True)


if __name__ == "__main__":
    main()
