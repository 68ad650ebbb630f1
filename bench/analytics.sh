#!/usr/bin/env bash
# Measures civharm's analysis of EVENTS incidents side by side with DuckDB, for the targets of
# DESIGN.md §8 (map under 50 ms a request, trend faster than DuckDB, memory under 1.5 GB), and
# prints one Markdown table.
#
#   bench/analytics.sh [EVENTS] [RUNS]        defaults: 1000000 events, 20 runs of each request
#
# Makes the data as bench/run.sh does — the UCDP GED sample in ../shared/data/events repeated to
# EVENTS rows with fresh ids, imported with `civharm import --format ucdp-ged` (a report and an
# incident per row) and the incidents exported with `civharm export --format csv` — then runs
# bench/analytics_bench on the database and bench/duckdb_trend.mjs (DuckDB in memory, through
# npm's @duckdb/node-api, pinned in bench/package.json) on the exported CSV, one after the
# other, and checks that both trends give the same groups and sums.
#
# BENCH_DATA=DIR keeps the database, the CSV and both programs' JSON in DIR, and reuses the
# database and CSV on the next run with the same EVENTS (making them takes about 6 minutes at
# 1,000,000 events). Keep the machine otherwise idle while it runs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
events="${1:-1000000}"
runs="${2:-20}"
# shellcheck source=bench/common.sh
. "$root/bench/common.sh"  # sample, civharm, require_sample, fresh_db
require_sample

"$root/scripts/deps"
# Node.js's own packages may bundle npm (then Debian's npm conflicts with them): install it only
# when there is no npm at all.
if ! command -v npm >/dev/null; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "bench: installing Debian's npm" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends npm
fi
pinned="$(node -p "require('$root/bench/package.json').dependencies['@duckdb/node-api']")"
installed="$(node -p "try { require('$root/bench/node_modules/@duckdb/node-api/package.json').version } catch { '' }")"
if [ "$installed" != "$pinned" ]; then
  echo "bench: installing @duckdb/node-api $pinned into bench/node_modules" >&2
  # npm 11 refuses `npm ci` for a lock file that lists DuckDB's bindings for other platforms only
  # as optional dependencies; `npm install` then installs the same locked versions.
  (cd "$root/bench" && { npm ci --no-audit --no-fund --loglevel=silent >&2 ||
    npm install --no-audit --no-fund --loglevel=error >&2; })
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/civharm-analytics.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# The build's progress is kept out of the way, its errors are shown.
"$root/scripts/build" civharm make_events analytics_bench >"$work/build.log" 2>&1 || {
  cat "$work/build.log" >&2
  exit 1
}
data="${BENCH_DATA:-$work}"
mkdir -p "$data"

if [ -f "$data/ged.db" ] && [ -f "$data/incidents.csv" ] && [ "$(cat "$data/events" 2>/dev/null)" = "$events" ]; then
  echo "bench: reusing the database and CSV of $events events in $data" >&2
else
  rm -f "$data/events"
  echo "bench: making $events events, importing them and exporting the incidents" >&2
  "$root/build/bench/make_events" "$sample" "$events" "$work/ged.csv"
  fresh_db "$data/ged.db"
  "$civharm" import --format ucdp-ged --db "$data/ged.db" "$work/ged.csv" >/dev/null
  "$civharm" export --format csv --entity incident --db "$data/ged.db" --out "$data/incidents.csv" >/dev/null
  rm -f "$work/ged.csv"
  echo "$events" >"$data/events"
fi

echo "bench: civharm (analytics_bench, $runs runs of each request)" >&2
"$root/build/bench/analytics_bench" "$data/ged.db" --runs "$runs" --dump "$work" >"$data/civharm.json"
echo "bench: DuckDB (duckdb_trend.mjs, $runs runs of each request)" >&2
node "$root/bench/duckdb_trend.mjs" "$data/incidents.csv" --runs "$runs" --compare "$work" >"$data/duckdb.json"

node "$root/bench/analytics_table.mjs" "$data/civharm.json" "$data/duckdb.json"
