#!/usr/bin/env bash
# make bench: generates 10, 100 and 500 MB corpora from the seeds (deterministic), then times
# Corpus Explorer against ripgrep and SQLite FTS5 and writes docs/performance.md.
# BENCH_SIZES="10 100" to choose sizes; BENCH_SQLITE_MAX_MB (default 100) skips SQLite's
# 3-minute FTS build above that size.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
if ! command -v rg >/dev/null || ! command -v python3 >/dev/null; then
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ripgrep python3 >/dev/null
fi
BIN=${EXPLORER_BIN:-.build/release/explorer}
OUT=bench/out
SIZES=${BENCH_SIZES:-10 100 500}
mkdir -p "$OUT"
for mb in $SIZES; do
  [ -d "$OUT/corpus-${mb}mb" ] || python3 bench/generate.py seeds "$OUT/corpus-${mb}mb" "$mb"
done
python3 bench/bench.py "$BIN" "$OUT" $SIZES
