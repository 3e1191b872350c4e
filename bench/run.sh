#!/usr/bin/env bash
# Load benchmark: read + decode + normalise + segment + extract, on corpora made by copying the seeds.
# (The full benchmark against ripgrep and SQLite FTS5 is the performance issue's work.)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${EXPLORER_BIN:-.build/release/explorer}
OUT=bench/out
mkdir -p "$OUT"
for mb in 10 100; do
  dir="$OUT/copies-${mb}mb"
  if [ ! -d "$dir" ]; then
    mkdir -p "$dir"
    seedbytes=$(cat seeds/*.txt | wc -c)
    n=$(( mb * 1048576 / seedbytes + 1 ))
    for i in $(seq 1 "$n"); do
      for f in seeds/*.txt; do cp "$f" "$dir/$(basename "$f" .txt)_$i.txt"; done
    done
  fi
  best=""
  for run in 1 2 3; do
    start=$(date +%s.%N)
    summary=$(echo .stats | "$BIN" --corpus "$dir")
    end=$(date +%s.%N)
    t=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
    if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then best=$t; fi
  done
  bytes=$(du -sb "$dir" | cut -f1)
  printf '%4s MB corpus: %s\n  best of 3: %.2f s, %.1f MB/s (load, decode, normalise, segment, extract; 2 cores)\n' \
    "$mb" "$summary" "$best" "$(awk -v b="$bytes" -v t="$best" 'BEGIN { print b / 1048576 / t }')"
done
