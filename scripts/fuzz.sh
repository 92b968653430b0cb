#!/usr/bin/env bash
# Runs the libFuzzer target for one reader for a given time, seeded from the corpus.
#   scripts/fuzz.sh text|json|xml|xlsx|html|docx|pdf SECONDS [libFuzzer flags…, e.g. -detect_leaks=0]
# Crashes land in Fuzz/artifacts/FORMAT/; replay one with
#   swift run gdconv-fuzz FORMAT Fuzz/artifacts/FORMAT/crash-…
# and add it under Tests/GDConvTests/Regressions/ with a test named after what it guards.
set -euo pipefail
cd "$(dirname "$0")/.."
fmt=${1:?format}; secs=${2:-600}; shift 2 || true
scratch=.build-fuzz
swift build --product gdconv-fuzz --scratch-path "$scratch" -c debug \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING >/dev/null
bin="$scratch/debug/gdconv-fuzz"
seeds="$scratch/seeds/$fmt"; mkdir -p "$seeds" "Fuzz/artifacts/$fmt"
if [ -z "$(ls -A "$seeds")" ] && [ "$fmt" = html ]; then
  cp Tests/GDConvTests/HTMLPages/*.html "$seeds/"
elif [ -z "$(ls -A "$seeds")" ] && [ "$fmt" = docx ]; then
  cp Tests/GDConvTests/WordDocs/*.docx "$seeds/"
elif [ -z "$(ls -A "$seeds")" ] && [ "$fmt" = pdf ]; then
  cp Tests/GDConvTests/PDFDocs/*.pdf "$seeds/"
elif [ -z "$(ls -A "$seeds")" ]; then
  swift build --product gdconv >/dev/null
  for f in ../shared/corpus/*.txt samples/*.txt; do
    b=$(basename "$f" .txt)
    case $fmt in
      text) cp "$f" "$seeds/$b.txt" ;;
      *) .build/debug/gdconv "$f" -t "$fmt" -o "$seeds/$b.$fmt" -q || true ;;
    esac
  done
fi
# The hostile inputs of issue 12 seed the search too.
if [ "$fmt" = xlsx ]; then cp Tests/GDConvTests/Hostile/*.xlsx "$seeds/" 2>/dev/null || true; fi
# The resource check: an input that makes gdconv hold more than 400 MB, or ask for more than
# 256 MB at once, is a finding (the budget keeps a real report far below; see README, "Limits
# and guarantees"), as is one that takes longer than 10 s.
# ASan's quarantine (256 MB by default) would count against the limit: keep it small.
ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=16:malloc_context_size=5} \
GDCONV_FUZZ_FORMAT=$fmt "$bin" "$seeds" -max_total_time="$secs" -timeout=10 -rss_limit_mb=400 -malloc_limit_mb=256 \
  -artifact_prefix="Fuzz/artifacts/$fmt/" -print_final_stats=1 "$@" > "Fuzz/artifacts/$fmt.log" 2>&1 || true
grep -E "ERROR|SUMMARY|Done|stat::" "Fuzz/artifacts/$fmt.log" | head -20
