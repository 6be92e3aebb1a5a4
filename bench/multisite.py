#!/usr/bin/env python3
"""Three sites sharing one corpus (sites.yaml) against one site alone (issue 30).

    python3 bench/multisite.py                 # 1 000 shared articles, 3 runs
    python3 bench/multisite.py --n 10000 --runs 1
    python3 bench/multisite.py --smoke --bin target/debug/notis   # 50 articles, 1 run

The corpus comes from ../shared/bench/gen_corpus.py. "one site" is that corpus as it is;
"three sites" is the same content/ shared at the root of a repository whose sites.yaml
names mora, orsa and alvdalen, each with its own site.yaml (its own title, address and
footer) and no own articles, so each site publishes every article. Both are built with
search off and with search on, clean (into a folder that has never existed), alternating
the two so both see the same machine conditions; the table shows median wall time, user
and system CPU time and peak memory, and the ratios three/one (goals: wall at most 2×
with search off, 2.5× with search on). User time is where reading, parsing and
rendering show; system time is mostly the kernel creating each site's files.

Needs a release build of notis (cargo build --release) and python3.
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
GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"
NOW = "2026-11-26 12:00"
SITES = [
    ("mora", "Mora kommun", "https://www.mora.se"),
    ("orsa", "Orsa kommun", "https://www.orsa.se"),
    ("alvdalen", "Älvdalens kommun", "https://www.alvdalen.se"),
]


def run(cmd):
    """Runs cmd; returns (wall seconds, user cpu seconds, system cpu seconds, peak MiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{err}")
    return wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss / 1024


def single_site(work, n):
    site = work / f"one-{n}"
    if not (site / "site.yaml").exists():
        shutil.rmtree(site, ignore_errors=True)
        subprocess.run([sys.executable, str(GEN), "--n", str(n), "--out", str(site), "--format", "notis"],
                       check=True, stdout=subprocess.DEVNULL)
    return site


def three_sites(work, single, n):
    """The single site's content/ shared by three sites, each with its own site.yaml."""
    repo = work / f"three-{n}"
    shutil.rmtree(repo, ignore_errors=True)
    shutil.copytree(single / "content", repo / "content")
    base = [l for l in (single / "site.yaml").read_text().splitlines()
            if not l.startswith(("title:", "base_url:"))]
    names = []
    for name, title, url in SITES:
        folder = repo / "sites" / name
        folder.mkdir(parents=True)
        lines = [f"title: {title}", f"base_url: {url}"] + base
        lines = [f"  name: {title}" if l.startswith("  name:") else l for l in lines]
        (folder / "site.yaml").write_text("\n".join(lines) + "\n")
        names.append(f"  {name}: {{}}")
    (repo / "sites.yaml").write_text("sites:\n" + "\n".join(names) + "\n")
    return repo


def set_search(configs, search):
    for cfg in configs:
        lines = [l for l in cfg.read_text().splitlines() if not l.startswith("search:")]
        lines.append(f"search: {'true' if search else 'false'}")
        cfg.write_text("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", default="/tmp/notis-bench-multisite")
    ap.add_argument("--smoke", action="store_true", help="50 articles, 1 run")
    ap.add_argument("--bin", default=str(REPO / "target" / "release" / "notis"))
    args = ap.parse_args()
    if args.smoke:
        args.n, args.runs = 50, 1
    notis = pathlib.Path(args.bin).resolve()
    if not notis.exists():
        sys.exit(f"no notis binary at {notis}: cargo build --release")
    work = pathlib.Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    one = single_site(work, args.n)
    three = three_sites(work, one, args.n)
    configs = {"one": [one / "site.yaml"], "three": [three / "sites" / s / "site.yaml" for s, _, _ in SITES]}
    roots = {"one": one, "three": three}
    outputs = work / "out"
    shutil.rmtree(outputs, ignore_errors=True)
    counter = 0
    print(f"{args.n} shared articles, {args.runs} run(s), median of each; {notis}")
    print(f"{'search':<7} {'build':<12} {'wall s':>8} {'user s':>8} {'sys s':>8} {'peak MiB':>9}")
    for search in (False, True):
        for cfgs in configs.values():
            set_search(cfgs, search)
        samples = {"one": [], "three": []}
        for r in range(args.runs + (0 if args.smoke else 1)):
            order = ["one", "three"] if r % 2 == 0 else ["three", "one"]
            for kind in order:
                counter += 1
                out = outputs / f"{kind}-{counter}"
                result = run([str(notis), "build", "--root", str(roots[kind]), "--output", str(out), "--now", NOW])
                if args.smoke or r > 0:  # the first round warms the caches and is not counted
                    samples[kind].append(result)
                if kind == "three":
                    for name, _, _ in SITES:
                        if not (out / name / "index.html").exists():
                            sys.exit(f"{out / name} was not built")
        med = {k: [statistics.median(x[i] for x in v) for i in range(4)] for k, v in samples.items()}
        label = "on" if search else "off"
        for kind, name in (("one", "one site"), ("three", "three sites")):
            wall, user, system, peak = med[kind]
            print(f"{label:<7} {name:<12} {wall:>8.2f} {user:>8.2f} {system:>8.2f} {peak:>9.0f}")
        ratios = [med["three"][i] / med["one"][i] for i in range(3)]
        goal = 2.5 if search else 2.0
        missed = " — missed" if ratios[0] > goal else ""
        print(f"{label:<7} {'ratio':<12} {ratios[0]:>8.2f} {ratios[1]:>8.2f} {ratios[2]:>8.2f}   (goal: wall ≤ {goal}×{missed})")
    shutil.rmtree(outputs, ignore_errors=True)


if __name__ == "__main__":
    main()
