#!/usr/bin/env bash
# Measures fusion's deduplication of reports (bench/fuse_reports.cpp): N synthetic reports of
# events from the demonstration generator, linked into events. Reports the median time of RUNS
# runs, peak memory, candidate pairs, and pair precision, recall and F1 against the events the
# reports came from, as a Markdown table. DESIGN.md §8's target: 1,000,000 reports in under 60 s.
#
#   bench/fuse.sh [SIZES] [RUNS]     defaults: "10000 100000 1000000" reports, 3 runs each
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
sizes="${1:-10000 100000 1000000}"
runs="${2:-3}"

"$root/scripts/deps"
"$root/scripts/build" fuse_reports >/dev/null
tool="$root/build/bench/fuse_reports"

echo "| reports | events | median | peak memory | candidate pairs | precision | recall | F1 |"
echo "|---|---|---|---|---|---|---|---|"
for n in $sizes; do
  times=()
  peak=0
  line=""
  for ((r = 1; r <= runs; r++)); do
    line="$("$tool" "$n")"
    # reports N events E candidate_pairs C seconds S peak_mb M precision P recall R f1 F
    read -r _ reports _ events _ pairs _ seconds _ mb _ p _ rc _ f1 <<<"$line"
    times+=("$seconds")
    peak=$(awk -v a="$peak" -v b="$mb" 'BEGIN { print (b > a ? b : a) }')
  done
  median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '| %s | %s | %s s | %s MB | %s | %s | %s | %s |\n' \
    "$reports" "$events" "$median" "$peak" "$pairs" "$p" "$rc" "$f1"
done
