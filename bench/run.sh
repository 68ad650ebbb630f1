#!/usr/bin/env bash
# Measures import and export at scale, side by side with the reference of DESIGN.md §8:
# `sqlite3 .import` of the same CSV file into a bare table. Prints a Markdown table of medians.
#
#   bench/run.sh [EVENTS] [RUNS]        defaults: 1000000 events, 3 runs each
#
# Needs the UCDP GED sample in ../shared/data/events (its rows are repeated with fresh ids).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
events="${1:-1000000}"
runs="${2:-3}"
# shellcheck source=bench/common.sh
. "$root/bench/common.sh"  # sample, civharm, require_sample, fresh_db
require_sample

"$root/scripts/deps"
"$root/scripts/build" civharm make_events >/dev/null
work="$(mktemp -d "${TMPDIR:-/tmp}/civharm-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# measure NAME COMMAND…: runs the command $runs times on fresh state (prepare_NAME, if defined,
# runs before each), records elapsed seconds and peak memory.
declare -A median_s peak_mb
measure() {
  local name="$1"
  shift
  local times=() mems=()
  for ((r = 1; r <= runs; r++)); do
    if declare -F "prepare_$name" >/dev/null; then "prepare_$name"; fi
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || {
      cat "$work/stderr" >&2
      exit 1
    }
    read -r t m <"$work/time"
    times+=("$t")
    mems+=("$m")
  done
  median_s[$name]=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  peak_mb[$name]=$(printf '%s\n' "${mems[@]}" | sort -g | tail -1 | awk '{printf "%.0f", $1/1024}')
  echo "bench: $name: ${times[*]} s" >&2
}

"$root/build/bench/make_events" "$sample" "$events" "$work/ged.csv"

prepare_import_ged() { fresh_db "$work/ged.db"; }
measure import_ged "$civharm" import --format ucdp-ged --db "$work/ged.db" "$work/ged.csv"

measure export_csv "$civharm" export --format csv --db "$work/ged.db" --out "$work/incidents.csv"

prepare_import_incidents() { fresh_db "$work/incidents.db"; }
measure import_incidents "$civharm" import --format csv --entity incident --db "$work/incidents.db" "$work/incidents.csv"

prepare_sqlite_import() { rm -f "$work/bare.db"*; }
measure sqlite_import sqlite3 "$work/bare.db" ".import --csv $work/incidents.csv incidents"

ratio=$(awk -v a="${median_s[import_incidents]}" -v b="${median_s[sqlite_import]}" 'BEGIN {printf "%.1f", a / b}')
cat <<TABLE

$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sqlite3 --version | cut -d' ' -f1) · ${events} events · median of ${runs} runs

| work | median | peak memory |
|---|---|---|
| \`sqlite3 .import\` of the incident CSV into a bare table (reference) | ${median_s[sqlite_import]} s | ${peak_mb[sqlite_import]} MB |
| \`civharm import --format csv --entity incident\`, same file | ${median_s[import_incidents]} s (${ratio}× the reference) | ${peak_mb[import_incidents]} MB |
| \`civharm import --format ucdp-ged\` (a report and an incident per row) | ${median_s[import_ged]} s | ${peak_mb[import_ged]} MB |
| \`civharm export --format csv\` of every incident | ${median_s[export_csv]} s | ${peak_mb[export_csv]} MB |
TABLE
