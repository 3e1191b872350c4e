#!/usr/bin/env bash
# make fuzz: builds the libFuzzer harnesses (address sanitizer on) for the query language, the
# regex automaton (against ICU), the corpus pipeline and the index-cache reader, and runs each for FUZZ_SECONDS (default 60),
# starting from real inputs: the README's queries, the seeds, a real cache of the seeds.
# Crashes and hangs are written to .build-fuzz/artifacts/; each one found becomes a test.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${FUZZ_SECONDS:-60}
OUT=.build-fuzz
mkdir -p "$OUT/artifacts" "$OUT/corpus-query" "$OUT/corpus-regex" "$OUT/corpus-loader" "$OUT/corpus-cache"
SOURCES=$(find Sources/Query -name '*.swift' | sort)
TARGETS=${FUZZ_TARGETS:-query regex loader cache}
# Query's C dependencies: the CStringSearch target's files (glibc's memmem, a prefetch hint),
# compiled once and linked into each harness, and the toolchain's ICU (regular expressions),
# linked as the package links it.
C_OBJECTS=()
for c in Sources/CStringSearch/*.c; do
  o="$OUT/$(basename "$c" .c).o"
  clang -O2 -fsanitize=fuzzer-no-link,address -I Sources/CStringSearch/include -c "$c" -o "$o"
  C_OBJECTS+=("$o")
done
for target in $TARGETS; do
  case $target in query) harness=Fuzz/FuzzQuery.swift ;; regex) harness=Fuzz/FuzzRegex.swift ;; loader) harness=Fuzz/FuzzLoader.swift ;; cache) harness=Fuzz/FuzzCache.swift ;; esac
  echo "building fuzz-$target"
  swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name Query -I Sources/CStringSearch/include $SOURCES "$harness" "${C_OBJECTS[@]}" -l_FoundationICU -o "$OUT/fuzz-$target" 2>&1 \
    | { grep -v "Cannot export local symbol" || true; }
done
# Seed inputs: every query the README shows, and the seed documents.
grep -oE "explorer -c '[^']+'" README.md | sed -E "s/explorer -c '(.*)'/\1/" | nl -nln | while read -r n q; do
  printf '%s' "$q" > "$OUT/corpus-query/readme-$n"
done
cp Fuzz/seeds-query/* "$OUT/corpus-query/" 2>/dev/null || true
# The regex harness starts from the patterns the tests compare with Foundation.
grep -oE '"[^"]*"' Tests/QueryTests/RegexMatchingTests.swift | sed -E 's/^"(.*)"$/\1/; s/\\\\/\\/g' | nl -nln | while read -r n p; do
  printf '%s' "$p" > "$OUT/corpus-regex/test-$n"
done
cp seeds/*.txt "$OUT/corpus-loader/"
# A real cache of the seeds starts the cache fuzzer (written by a release build of explorer).
[ -x .build/release/explorer ] || swift build -c release >/dev/null
EXPLORER_CACHE_DIR="$OUT/cache-seed" .build/release/explorer --corpus seeds -c '量子计算机' >/dev/null
# Inputs kept from an earlier run of another cache format stop at the version check: dropped.
find "$OUT/corpus-cache" -type f | while read -r f; do
  cmp -s -n 12 "$f" "$(ls "$OUT"/cache-seed/*.cache | head -1)" || rm -f "$f"
done
cp "$OUT"/cache-seed/*.cache "$OUT/corpus-cache/" 2>/dev/null || true
for target in $TARGETS; do
  echo "fuzzing $target for ${SECONDS_EACH}s"
  # No leak detection (ASAN_OPTIONS and -detect_leaks): Foundation's NSRegularExpression leaks its UTF-16 copy of every pattern
  # longer than ≈ 250 characters (CompiledRegexes bounds it to once per pattern); the leak is
  # the toolchain's, and `make sanitize` turns leak detection off for the same reason.
  ASAN_OPTIONS=detect_leaks=0 FUZZ_SEEDS=seeds "$OUT/fuzz-$target" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=4096 -detect_leaks=0 \
    -max_len=$([ $target = cache ] && echo 1000000 || echo 100000) \
    -artifact_prefix="$OUT/artifacts/$target-" -print_final_stats=1 "$OUT/corpus-$target" 2>&1 \
    | grep -E "^(#[0-9]+.*(DONE|INITED)|stat::number_of_executed_units|stat::peak_rss|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)" || true
done
if ls "$OUT/artifacts/"* >/dev/null 2>&1; then echo "crashes or hangs found:"; ls "$OUT/artifacts/"; exit 1; fi
echo "no crashes"
