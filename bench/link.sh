#!/usr/bin/env bash
# Measures record linkage (civharm link) on synthetic lists of people made in the manner of
# Febrl dataset 4 (bench/make_people.cpp): linking two lists of N people, each person once in
# each list with slips of the pen, and deduplicating one list holding both (2N rows). Reports
# time, peak memory, candidate pairs, and precision, recall and F1 against the known truth, as a
# Markdown table of medians.
#
#   bench/link.sh [SIZES] [RUNS]     defaults: "5000 50000" people, 3 runs each
#   bench/link.sh 500000 3           a million rows deduplicated (DESIGN.md §8: under 60 s)
#
# Environment:
#   CIVHARM_BUILD_DIR   build here instead of ./build (scripts/build), e.g. a second checkout's
#                       own build directory
#   LINK_BLOCK          the blocking rules, space-separated, each COLUMN[+COLUMN…]; default
#                       "given_name+state surname+state date_of_birth postcode+state"
#   LINK_MODES          "link dedupe" (default), or either alone
#
# The reference of DESIGN.md §8 is fastLink (R), which links Febrl 4a × 4b (5,000 × 5,000) in
# about 29 s on a 2-core machine (published figure); it is not packaged for Debian, so it cannot
# run here side by side, and the comparison is with that figure.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
sizes="${1:-5000 50000}"
runs="${2:-3}"
block_rules="${LINK_BLOCK:-given_name+state surname+state date_of_birth postcode+state}"
modes="${LINK_MODES:-link dedupe}"

"$root/scripts/deps"
if [ -n "${CIVHARM_BUILD_DIR:-}" ]; then
  build="$CIVHARM_BUILD_DIR"
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" --target civharm make_people >/dev/null
else
  build="$root/build"
  "$root/scripts/build" civharm make_people >/dev/null
fi
civharm="$build/src/main/civharm"
work="$(mktemp -d "${TMPDIR:-/tmp}/civharm-link-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

compare=(--compare given_name:jw:0.88,0.94:tf --compare surname:jw:0.88,0.94:tf
  --compare street_number:exact --compare postcode:lev:1 --compare state:exact
  --compare date_of_birth:lev:2,1)
for rule in $block_rules; do compare+=(--block "$rule"); done

# score PAIRS_CSV PEOPLE OFFSET: precision recall f1 of the linked pairs; the truth pairs row i
# with row i + OFFSET (OFFSET 0: the same row number in the other file).
score() {
  python3 - "$1" "$2" "$3" <<'PY'
import csv, sys
path, people, offset = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
tp = fp = 0
for r in csv.DictReader(open(path)):
    if r["linked"] != "yes":
        continue
    a, b = int(r["row"]), int(r["other_row"])
    if abs(b - a) == offset:
        tp += 1
    else:
        fp += 1
p = tp / (tp + fp) if tp + fp else 1.0
rc = tp / people
f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
print(f"{p:.4f} {rc:.4f} {f1:.4f}")
PY
}

echo "| work | median | peak memory | candidate pairs | precision | recall | F1 |"
echo "|---|---|---|---|---|---|---|"
for n in $sizes; do
  "$build/bench/make_people" "$n" "$work/a.csv" "$work/b.csv"
  { cat "$work/a.csv"; tail -n +2 "$work/b.csv"; } >"$work/both.csv"
  for mode in $modes; do
    times=()
    mems=()
    for ((r = 1; r <= runs; r++)); do
      if [ "$mode" = link ]; then
        files=("$work/a.csv" "$work/b.csv")
        offset=0
      else
        files=("$work/both.csv")
        offset="$n"
      fi
      /usr/bin/time -f "%e %M" -o "$work/time" "$civharm" link "${files[@]}" "${compare[@]}" \
        --pairs "$work/pairs.csv" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
      read -r t m <"$work/time"
      times+=("$t")
      mems+=("$m")
    done
    median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    peak=$(printf '%s\n' "${mems[@]}" | sort -g | tail -1 | awk '{printf "%.0f", $1/1024}')
    candidates=$(sed -n 's/.*; \([0-9]*\) candidate pairs.*/\1/p' "$work/out")
    read -r p rc f1 < <(score "$work/pairs.csv" "$n" "$offset")
    if [ "$mode" = link ]; then
      what="link $n × $n"
    else
      what="deduplicate $((2 * n)) rows"
    fi
    echo "| $what | $median s | $peak MB | $candidates | $p | $rc | $f1 |"
  done
done
echo
echo "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) · median of $runs runs · blocking on $block_rules · bench/link.sh \"$sizes\" $runs"
