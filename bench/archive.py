#!/usr/bin/env python3
"""What the archive (issue 28) costs a build: the no-change build with and without an
archive folder, and the package of a one-article edit.

    python3 bench/archive.py                  # 10 000 articles, 5 runs
    python3 bench/archive.py --n 1000 --runs 9
    python3 bench/archive.py --smoke          # 50 articles, 1 run: checks the script works

One generated site (../shared/bench/gen_corpus.py, the default build: minified, with
search) is built into two outputs, one without and one with `--archive`. Then:

  no-change   the up-to-date build of each output, alternately (A B A B …); with
              `farm-bench` installed, farm-bench runs the pair (`--vs`) and prints its own
              paired ratio. Goal: the archive's no-change build at most 5 % slower.
  edit        one article's text changed, then each output rebuilt (without the archive,
              then with it); the package's own time is the one notis prints
              ("arkivpaket … på N ms"), the wall times show the whole builds. Goal: the
              package of a one-article edit at 10 000 articles in at most 1 s.

Medians are reported; the machine is shared, so compare only rows from one run.
"""
import argparse
import pathlib
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time

REPO = pathlib.Path(__file__).resolve().parent.parent
GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"
NOW = "2026-11-26 12:00"


def run(cmd):
    """Runs cmd; returns (wall seconds, stdout)."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{proc.stdout}{proc.stderr}")
    return wall, proc.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", default="/tmp/notis-bench-archive")
    ap.add_argument("--smoke", action="store_true", help="50 articles, 1 run")
    ap.add_argument("--bin", default=str(REPO / "target" / "release" / "notis"))
    args = ap.parse_args()
    if args.smoke:
        args.n, args.runs, args.work = 50, 1, "/tmp/notis-bench-archive-smoke"
    notis = pathlib.Path(args.bin).resolve()
    if not notis.exists():
        sys.exit(f"no {notis}: run `cargo build --release` first")
    if not GEN.exists():
        sys.exit(f"corpus generator not found at {GEN}")
    work = pathlib.Path(args.work)
    site = work / f"site-{args.n}"
    if not (site / "site.yaml").exists():
        shutil.rmtree(site, ignore_errors=True)
        subprocess.run([sys.executable, str(GEN), "--n", str(args.n), "--out", str(site), "--format", "notis"],
                       check=True, stdout=subprocess.DEVNULL)
    plain, archived, folder = work / "out-plain", work / "out-archive", work / "arkiv"
    for path in (plain, archived, folder):
        shutil.rmtree(path, ignore_errors=True)
    base = [str(notis), "build", "--root", str(site), "--now", NOW]
    plain_cmd = base + ["--output", str(plain)]
    archive_cmd = base + ["--output", str(archived), "--archive", str(folder)]

    articles = sorted((site / "content" / "nyheter").glob("*.md"))
    originals = {}
    try:
        run(plain_cmd)
        first, out = run(archive_cmd)
        print(f"# archive packages, {args.n:,} articles, median of {args.runs} run(s); shared, busy machine")
        print()
        print(f"first build with the archive (whole site in the package): {first:.2f} s")
        print(f"  {out.strip().splitlines()[-1]}")
        no_change(plain_cmd, archive_cmd, args.runs, use_farm=not args.smoke)
        edits(plain_cmd, archive_cmd, articles, originals, args.runs, folder)
    finally:
        for path, text in originals.items():
            path.write_text(text)


def no_change(plain_cmd, archive_cmd, runs, use_farm):
    farm = shutil.which("farm-bench") if use_farm else None
    print()
    if farm:
        print("no-change build, `farm-bench` A = with the archive, B = without (paired A/B ratio):")
        print("```")
        subprocess.run([farm, "-n", str(max(runs, 5) * 2), "--vs", shlex.join(map(str, plain_cmd)), "--",
                        *map(str, archive_cmd)], check=True)
        print("```")
        return
    a, b = [], []
    for _ in range(max(runs, 5) * 2):
        b.append(run(plain_cmd)[0])
        a.append(run(archive_cmd)[0])
    ma, mb = statistics.median(a), statistics.median(b)
    print(f"no-change build: without the archive {mb * 1000:.1f} ms, with it {ma * 1000:.1f} ms "
          f"(**{(ma / mb - 1) * 100:+.1f} %**; goal ≤ +5 %)")


def edits(plain_cmd, archive_cmd, articles, originals, runs, folder):
    package_ms, wall_plain, wall_archive, sizes = [], [], [], []
    for i in range(runs):
        path = articles[(i * 7) % len(articles)]
        originals.setdefault(path, path.read_text())
        path.write_text(path.read_text() + f"\nTillägg {i}: mötet flyttas till stadshuset.\n")
        wall_plain.append(run(plain_cmd)[0])
        wall, out = run(archive_cmd)
        wall_archive.append(wall)
        found = re.search(r"arkivpaket (\S+) .*\((\d+) fil(?:er)?\) på (\d+) ms", out)
        if not found:
            sys.exit(f"no package line in:\n{out}")
        package_ms.append(int(found.group(3)))
        package = folder / found.group(1)
        sizes.append((int(found.group(2)), sum(f.stat().st_size for f in package.rglob("*") if f.is_file())))
    files, size = sizes[len(sizes) // 2]
    print()
    print(f"one-article edit: the package took **{statistics.median(package_ms)} ms** (goal ≤ 1000 ms; "
          f"runs: {', '.join(map(str, package_ms))}), {files} files, {size / 1e6:.1f} MB")
    print(f"  whole rebuild with search: without the archive {statistics.median(wall_plain):.2f} s, "
          f"with it {statistics.median(wall_archive):.2f} s")


if __name__ == "__main__":
    main()
