#!/usr/bin/env python3
"""Fails when a function outside tests is longer than 80 lines (signature to closing brace).

Reads rustfmt-formatted code: a function ends at the first `}` line with the indentation
of its `fn` line. Test modules (`#[cfg(test)] mod …`) and tests/ are not counted.
Usage: python3 tools/function_length.py [--max N] [--list N] [SRC]
"""
import re
import sys
from pathlib import Path

FN = re.compile(r"^(\s*)(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?(extern\s+\"[^\"]*\"\s+)?fn\s+(\w+)")


def functions(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    skip_until = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if skip_until is not None:
            if line == skip_until:
                skip_until = None
            i += 1
            continue
        if line.strip() == "#[cfg(test)]" and i + 1 < len(lines) and re.match(r"\s*(pub\s+)?mod\s+\w+\s*\{", lines[i + 1]):
            indent = re.match(r"\s*", lines[i + 1]).group(0)
            skip_until = indent + "}"
            i += 2
            continue
        m = FN.match(line)
        if m and not line.rstrip().endswith(";"):
            indent = m.group(1)
            end = i
            while end < len(lines) and not (lines[end].startswith(indent + "}") and not lines[end].startswith(indent + "} else")):
                if end > i and lines[end] == indent + "}":
                    break
                if end == i and line.rstrip().endswith("}"):
                    break
                end += 1
            yield m.group(8), i + 1, end - i + 1
        i += 1


def main():
    args = sys.argv[1:]
    limit, show = 80, None
    if "--max" in args:
        limit = int(args[args.index("--max") + 1])
        del args[args.index("--max"):args.index("--max") + 2]
    if "--list" in args:
        show = int(args[args.index("--list") + 1])
        del args[args.index("--list"):args.index("--list") + 2]
    src = Path(args[0] if args else Path(__file__).resolve().parent.parent / "src")
    found = []
    for path in sorted(src.rglob("*.rs")):
        for name, line, length in functions(path):
            found.append((length, f"{path.relative_to(src.parent)}:{line}", name))
    found.sort(reverse=True)
    if show is not None:
        for length, where, name in found[:show]:
            print(f"{length:5} {where} {name}")
        return 0
    long = [f for f in found if f[0] > limit]
    for length, where, name in long:
        print(f"{where}: `{name}` has {length} lines; split it (at most {limit} outside tests).")
    if long:
        return 1
    print(f"no function over {limit} lines among {len(found)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
