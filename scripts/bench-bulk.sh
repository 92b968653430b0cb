#!/usr/bin/env bash
# Bulk benchmark: N generated reports, text → JSON and text → XLSX, with -j 1 and -j all cores.
# Prints reports/s, MB/s, the speed-up and peak memory (max RSS). Figures only, no test.
# Usage: scripts/bench-bulk.sh [N_JSON] [N_XLSX]
set -euo pipefail
cd "$(dirname "$0")/.."
n_json=${1:-10000}; n_xlsx=${2:-2000}
swift build -c release >/dev/null
bin=.build/release/gdconv
cores=$(nproc)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
$bin generate --seed 1 --count "$n_json" -d "$work/in"
mb=$(du -sm "$work/in" | cut -f1)
echo "$n_json generated reports, ${mb} MB; $cores cores"
run() { # format count jobs
  local fmt=$1 n=$2 j=$3 out="$work/out-$1-$3"
  local list="$work/list-$n"
  [ -f "$list" ] || (cd "$work/in" && ls | sed -n "1,${n}p" | sed "s|^|$work/in/|") > "$list"
  /usr/bin/time -f "%e %M" -o "$work/time" $bin --files-from "$list" -t "$fmt" -d "$out" -j "$j" -q || true
  read secs kb < "$work/time"
  local size; size=$(xargs -a "$list" cat | wc -c)
  printf "text→%-4s -j %d: %6d reports in %7.2f s: %7.1f reports/s, %5.2f MB/s, peak memory %d MB\n" \
    "$fmt" "$j" "$n" "$secs" "$(echo "$n / $secs" | bc -l)" "$(echo "$size / 1000000 / $secs" | bc -l)" $((kb / 1024))
  echo "$secs" > "$work/secs-$fmt-$j"
}
for fmt in json xlsx; do
  n=$n_json; [ "$fmt" = xlsx ] && n=$n_xlsx
  run "$fmt" "$n" 1
  run "$fmt" "$n" "$cores"
  printf "  speed-up with %d workers: %.2fx\n" "$cores" "$(echo "$(cat "$work/secs-$fmt-1") / $(cat "$work/secs-$fmt-$cores")" | bc -l)"
done
