#!/usr/bin/env python3
"""Fails when the crate's top-level modules import each other in a circle.

A room is a top-level module of `src/` (a folder or a loose file); an edge A -> B is any
`crate::B` path written in A's files (use lines, grouped `use crate::{…}` and inline paths).
Comments and string literals are ignored. Prints every circle with the files that tie it.
Usage: python3 tools/module_cycles.py [--edges] [SRC]
"""
import re
import sys
from pathlib import Path


def strip_comments_and_strings(text):
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif c == "r" and re.match(r'r#*"', text[i:i + 10]) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'r(#*)"', text[i:])
            end = '"' + m.group(1)
            j = text.find(end, i + len(m.group(0)))
            i = n if j < 0 else j + len(end)
            out.append('""')
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            out.append('""')
        elif c == "'" and re.match(r"'(\\.|[^\\'])'", text[i:i + 4]) or (c == "'" and re.match(r"'\\u\{[0-9a-fA-F]+\}'", text[i:i + 12])):
            m = re.match(r"'(\\u\{[0-9a-fA-F]+\}|\\.|[^\\'])'", text[i:])
            i += len(m.group(0))
            out.append("' '")
        else:
            out.append(c)
            i += 1
    return "".join(out)


def top_segments_of_group(body):
    """The first path segment of each item in a `{a::b, c, d::{e, f}}` group."""
    items, depth, cur = [], 0, ""
    for ch in body:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == "," and depth == 0:
            items.append(cur)
            cur = ""
        else:
            cur += ch
    items.append(cur)
    segs = []
    for item in items:
        m = re.match(r"\s*(\w+)", item)
        if m and m.group(1) != "self":
            segs.append(m.group(1))
    return segs


def room_of(path, src):
    rel = path.relative_to(src)
    return rel.parts[0][:-3] if len(rel.parts) == 1 else rel.parts[0]


def edges(src):
    found = {}
    for path in sorted(src.rglob("*.rs")):
        room = room_of(path, src)
        if room in ("main", "lib"):
            continue
        code = strip_comments_and_strings(path.read_text(encoding="utf-8"))
        targets = set()
        i = 0
        for m in re.finditer(r"\bcrate::", code):
            rest = code[m.end():]
            if rest.startswith("{"):
                depth, j = 0, 0
                for j, ch in enumerate(rest):
                    depth += ch == "{"
                    depth -= ch == "}"
                    if depth == 0:
                        break
                targets.update(top_segments_of_group(rest[1:j]))
            else:
                seg = re.match(r"\w+", rest)
                if seg:
                    targets.add(seg.group(0))
        for t in targets:
            if t != room:
                found.setdefault((room, t), set()).add(str(path))
    return found


def circles(graph):
    """Strongly connected components with more than one room (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    src = Path(args[0] if args else Path(__file__).resolve().parent.parent / "src")
    found = edges(src)
    graph = {}
    for (a, b) in found:
        graph.setdefault(a, set()).add(b)
    if "--edges" in sys.argv:
        for (a, b), files in sorted(found.items()):
            print(f"{a} -> {b}   ({', '.join(sorted(files))})")
    bad = circles(graph)
    for comp in bad:
        print("module circle: " + " ↔ ".join(comp))
        for (a, b), files in sorted(found.items()):
            if a in comp and b in comp:
                print(f"  {a} -> {b}: {', '.join(sorted(files))}")
    if bad:
        print(f"{len(bad)} module circle(s): a lower room must not import a higher one (docs/development.md).")
        return 1
    print(f"no module circles among {len(set(r for e in found for r in e))} rooms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
