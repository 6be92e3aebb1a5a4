#!/usr/bin/env python3
"""notis against Hugo (+ Pagefind) on the same synthetic Swedish news corpus.

    python3 bench/bench.py                    # 1 000 and 10 000 articles, 3 runs each
    python3 bench/bench.py --sizes 1000 10000 50000 --runs 3
    python3 bench/bench.py --smoke            # 50 articles, 1 run: checks the script works

For each size it generates the corpus with ../shared/bench/gen_corpus.py (notis and
Hugo formats, same articles), does one warm-up of every build, then N measured runs,
alternating the tools (and rotating the order of the rows from run to run) so all see
the same machine conditions, and reports medians of
wall time, CPU time (user + system) and peak memory (max RSS). Four rows per size:

  default    notis's default build (minified, with search) against what a user would
             run for a searchable Hugo site: `hugo --minify`, then Pagefind's own CLI
             (npm pagefind@1.6.0, installed by this script) with --force-language sv.
             Time and CPU are the two steps' sums, the peak the larger of the two.
  no search  `search: false` (minified) against `hugo --minify`.
  plain      `search: false, minify: false` against Hugo's default, which shows what
             minification costs notis (goal: the minified build at most 1.3× this).
  edit       one article's text changed, then a rebuild with search into the existing
             output (goal: at most 2 s at 10 000 articles); also the no-change rebuild.
             Measured after all clean builds of that size (see below).

Every clean build writes to a folder that has never existed, and outputs are deleted
only when the script ends: on ext4 without a journal (as on this machine) creating
files within minutes of deleting tens of thousands makes the kernel step over every
recently freed inode, which added seconds of system time to whichever tool built next.
If the last run's outputs were deleted less than five minutes ago the script waits.

Needs: a release build of notis (cargo build --release), python3, and for the
comparison hugo (Debian's package) and npm (for Pagefind's CLI); without them only
notis is measured.
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
PAGEFIND = "pagefind@1.6.0"


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
        return self.root / f"{name}-{self.count}" / "public"

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


def pagefind_cli(work):
    """Pagefind's CLI from npm, installed into the work folder once; None without npm."""
    binary = work / "npm" / "node_modules" / ".bin" / "pagefind"
    if binary.exists():
        return binary
    npm = shutil.which("npm")
    if not npm:
        return None
    subprocess.run([npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(work / "npm"), PAGEFIND],
                   check=True, stdout=subprocess.DEVNULL)
    return binary if binary.exists() else None


def median(samples):
    return tuple(statistics.median(s[i] for s in samples) for i in range(3)) if samples else None


def chained(*results):
    """Two steps run one after the other: times add up, the peak is the larger."""
    return sum(r[0] for r in results), sum(r[1] for r in results), max(r[2] for r in results)


def edit_article(site, round_):
    """Changes one article's body text (a different sentence each round)."""
    path = sorted((site / "content" / "nyheter").glob("*.md"))[len(round_) % 7]
    text = path.read_text()
    path.write_text(text + f"\nTillägg {len(round_)}: mötet flyttas till stadshuset.\n")
    round_.append(path)


def measure(n, runs, work, outputs, notis, hugo, pagefind):
    site = corpus(work, n, "notis")
    hugo_site = corpus(work, n, "hugo") if hugo else None
    original = {p: p.read_text() for p in (site / "content" / "nyheter").glob("*.md")}

    def notis_build(search, minify, out=None):
        configure(site, search, minify)
        out = out or outputs.new(f"notis-{n}")
        return out, run([notis, "build", "--root", site, "--output", out, "--now", NOW])

    def hugo_build(minify, index=False):
        out = outputs.new(f"hugo-{n}")
        built = run([hugo, "--quiet", *(["--minify"] if minify else []), "-s", hugo_site, "-d", out])
        if not index:
            return built
        return chained(built, run([pagefind, "--site", out, "--force-language", "sv", "--silent"]))

    rows = {"default": ([], []), "no search": ([], []), "plain": ([], [])}
    rebuilds, edits, files = [], [], 0
    compare = hugo is not None

    configs = [("default", True, True), ("no search", False, True), ("plain", False, False)]

    def one_round(record, turn=0):
        nonlocal files
        # Each round starts with a different row, so no row always follows the same build
        # (a build right after one that created tens of thousands of files pays for it).
        for name, search, minify in configs[turn % 3:] + configs[:turn % 3]:
            out, built = notis_build(search, minify)
            if record:
                rows[name][0].append(built)
            if compare and (pagefind or name != "default"):
                theirs = hugo_build(minify, index=name == "default")
                if record:
                    rows[name][1].append(theirs)
            if name == "default":
                files = sum(len(f) for _, _, f in os.walk(out))

    def rebuild_round(out):
        # Last, after every clean build: a rebuild replaces (deletes) the old output, and
        # files deleted minutes ago make the next build's file creation slower on ext4.
        rebuilds.append(notis_build(True, True, out)[1])
        edit_article(site, edited)
        edits.append(notis_build(True, True, out)[1])

    edited = []
    try:
        one_round(record=False)  # warm-up
        for turn in range(runs):
            one_round(record=True, turn=turn)
        out = notis_build(True, True)[0]
        for _ in range(runs):
            rebuild_round(out)
    finally:
        for path, text in original.items():
            path.write_text(text)
        configure(site, True, True)
    return {
        "n": n, "files": files,
        "rows": {k: (median(a), median(b)) for k, (a, b) in rows.items()},
        "rebuild": median(rebuilds), "edit": median(edits),
    }


def report(r):
    """Prints the rows of one size."""
    n = r["n"]
    theirs_name = {"default": "`hugo --minify` + Pagefind CLI", "no search": "`hugo --minify`", "plain": "`hugo`"}
    notis_name = {"default": "default (minified + search)", "no search": "`search: false`", "plain": "`search: false, minify: false`"}
    for key in ("default", "no search", "plain"):
        ours, theirs = r["rows"][key]
        if theirs:
            cols = f"{theirs[0]:.2f} s | {theirs[1]:.2f} s | {theirs[2]:.0f} MiB | **{theirs[0] / ours[0]:.1f}×**"
        else:
            cols = "– | – | – | –"
        print(f"| {n:,} | {notis_name[key]} | {ours[0]:.2f} s | {ours[1]:.2f} s | {ours[2]:.0f} MiB "
              f"| {theirs_name[key]} | {cols} |", flush=True)
    minified, plain = r["rows"]["no search"][0][0], r["rows"]["plain"][0][0]
    print(f"| {n:,} | one-article edit, rebuild with search | {r['edit'][0]:.2f} s | {r['edit'][1]:.2f} s "
          f"| {r['edit'][2]:.0f} MiB | no-change rebuild: {r['rebuild'][0]:.3f} s | – | – | – "
          f"| minified / plain: {minified / plain:.2f}× |", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", default="/tmp/notis-bench")
    ap.add_argument("--smoke", action="store_true", help="50 articles, 1 run")
    ap.add_argument("--no-wait", action="store_true", help="don't wait for recently deleted outputs to settle")
    ap.add_argument("--bin", default=str(REPO / "target" / "release" / "notis"),
                    help="the notis binary (CI's smoke run uses the debug build it already has)")
    args = ap.parse_args()
    if args.smoke:
        args.sizes, args.runs, args.work = [50], 1, "/tmp/notis-bench-smoke"
    notis = pathlib.Path(args.bin)
    if not notis.exists():
        sys.exit(f"no {notis}: run `cargo build --release` first")
    if not GEN.exists():
        sys.exit(f"corpus generator not found at {GEN}")
    hugo = shutil.which("hugo")
    work = pathlib.Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    pagefind = pagefind_cli(work) if hugo else None
    if not hugo:
        print("hugo not found (apt-get install hugo): measuring notis only", file=sys.stderr)
    elif not pagefind:
        print("npm not found: the default row has no Hugo + Pagefind comparison", file=sys.stderr)
    outputs = Outputs(work)
    for n in args.sizes:  # generate first: the corpora are reused by later runs
        corpus(work, n, "notis")
        if hugo:
            corpus(work, n, "hugo")
    outputs.settle(wait=not (args.smoke or args.no_wait))
    print(f"# notis against Hugo (+ Pagefind {PAGEFIND.split('@')[1]}), median of {args.runs} run(s) "
          f"after a warm-up, {os.cpu_count()} cores")
    print()
    print("| articles | notis build | wall | CPU | peak | against | wall | CPU | peak | notis faster |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    try:
        for n in args.sizes:
            report(measure(n, args.runs, work, outputs, notis, hugo, pagefind))
    finally:
        outputs.delete()


if __name__ == "__main__":
    main()
