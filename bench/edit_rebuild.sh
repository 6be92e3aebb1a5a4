#!/bin/sh
# One-article edit, then `notis build` into the same output: the command farm-bench times
# for "one-article edit, rebuild with search" (bench/README.md).
#   bench/edit_rebuild.sh BIN SITE OUTPUT
# SITE is a corpus from ../shared/bench/gen_corpus.py (it is edited: use a copy).
set -eu
f=$(ls "$2/content/nyheter" | head -1)
echo "Tillägg $(date +%s%N): mötet flyttas till stadshuset." >> "$2/content/nyheter/$f"
exec "$1" build --root "$2" --output "$3" --now 2026-06-01T12:00:00Z >/dev/null 2>&1
