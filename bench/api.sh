#!/usr/bin/env bash
# Measures the API serving one page of 50 incidents with filters, side by side with nginx
# serving a static file of the same bytes, for the target of DESIGN.md §8 (at least half of
# nginx's rate), and prints one Markdown table.
#
#   bench/api.sh [EVENTS] [RUNS] [SECONDS]   defaults: 1000000 events, 5 runs of 10 s each
#
# Makes the data as bench/run.sh does (the UCDP GED sample in ../shared/data/events repeated to
# EVENTS rows with fresh ids, imported with `civharm import --format ucdp-ged`), starts
# `civharm serve` on a free loopback port with its default threads, fetches the page once as the
# administrator and writes its body to a file that nginx (Debian's nginx-light, its default
# worker processes: one per core) serves on another port. wrk (Debian's wrk, one thread, 16
# keep-alive connections) then asks each server for its page for SECONDS seconds, RUNS times,
# taking turns; the table gives the medians of requests per second and of latency percentiles.
# Client and servers share the machine's cores, as they would on a small deployment.
#
# BENCH_DATA=DIR keeps the database (and an API token for it) in DIR and reuses them on the next
# run with the same EVENTS. Keep the machine otherwise idle while it runs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
events="${1:-1000000}"
runs="${2:-5}"
seconds="${3:-10}"
connections=16
page="/api/v1/incidents?country=Syria&date_from=2010-01-01&limit=50"
# shellcheck source=bench/common.sh
. "$root/bench/common.sh"  # sample, civharm, require_sample, fresh_db
require_sample

"$root/scripts/deps"
tools=()
for p in wrk nginx-light curl; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    tools+=("$p")
  fi
done
if ((${#tools[@]} > 0)); then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "bench: installing ${tools[*]}" >&2
  $sudo apt-get update -qq
  # Installed to be run by hand: the package's own service is not started (unless the machine
  # already has a policy of its own, which is left alone).
  policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    policy=/usr/sbin/policy-rc.d
    echo exit 101 | $sudo tee "$policy" >/dev/null
    $sudo chmod +x "$policy"
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${tools[@]}" >/dev/null
  if [ -n "$policy" ]; then $sudo rm -f "$policy"; fi
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/civharm-api.XXXXXX")"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
"$root/scripts/build" civharm make_events >"$work/build.log" 2>&1 || {
  cat "$work/build.log" >&2
  exit 1
}
data="${BENCH_DATA:-$work}"
mkdir -p "$data"

if [ -f "$data/api.db" ] && [ -f "$data/api.token" ] &&
  [ "$(cat "$data/api.events" 2>/dev/null)" = "$events" ]; then
  echo "bench: reusing the database of $events events in $data" >&2
  CIVHARM_TOKEN="$(cat "$data/api.token")"
else
  rm -f "$data/api.events"
  echo "bench: making $events events and importing them" >&2
  "$root/build/bench/make_events" "$sample" "$events" "$work/ged.csv"
  fresh_db "$data/api.db"
  "$civharm" import --format ucdp-ged --db "$data/api.db" "$work/ged.csv" >/dev/null
  rm -f "$work/ged.csv"
  (umask 077 && printf '%s\n' "$CIVHARM_TOKEN" >"$data/api.token")
  echo "$events" >"$data/api.events"
fi

# free_port: a loopback TCP port nothing listens on.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

# wait_for URL: until it answers (at most 30 s).
wait_for() {
  for _ in $(seq 300); do
    if curl -s -o /dev/null "$1"; then return 0; fi
    sleep 0.1
  done
  echo "bench: nothing answers at $1" >&2
  exit 1
}

civharm_port="$(free_port)"
"$civharm" serve --db "$data/api.db" --bind 127.0.0.1 --port "$civharm_port" \
  >"$work/serve.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$civharm_port/healthz"

mkdir -p "$work/www" "$work/nginx"
status="$(curl -s -o "$work/www/page.json" -w '%{http_code}' \
  -H "Authorization: Bearer $CIVHARM_TOKEN" "http://127.0.0.1:$civharm_port$page")"
if [ "$status" != 200 ]; then
  echo "bench: the page answered $status:" >&2
  cat "$work/www/page.json" >&2
  exit 1
fi
items="$(node -p "JSON.parse(require('fs').readFileSync('$work/www/page.json')).items.length")"
bytes="$(stat -c %s "$work/www/page.json")"
echo "bench: the page holds $items incidents, $bytes bytes" >&2

nginx_port="$(free_port)"
user_line=""
if [ "$(id -u)" -eq 0 ]; then user_line="user root;"; fi  # workers read $work, private to us
cat >"$work/nginx.conf" <<CONF
$user_line
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  types { application/json json; }
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
  }
}
CONF
nginx -c "$work/nginx.conf" -p "$work/nginx" -g 'daemon off;' 2>"$work/nginx/stderr" &
pids+=($!)
wait_for "http://127.0.0.1:$nginx_port/page.json"
if ! cmp -s <(curl -s "http://127.0.0.1:$nginx_port/page.json") "$work/www/page.json"; then
  echo "bench: nginx does not serve the page's bytes" >&2
  exit 1
fi

# load NAME URL [HEADER]: one wrk run; appends "rate p50_ms p99_ms" to $work/NAME.runs.
load() {
  local name="$1" url="$2" out
  shift 2
  out="$(wrk -t1 -c"$connections" -d"${seconds}s" --latency "$@" "$url")"
  if grep -q "Non-2xx" <<<"$out"; then
    echo "bench: $name answered errors:" >&2
    echo "$out" >&2
    exit 1
  fi
  # wrk prints latencies as 812.00us, 1.20ms or 1.01s.
  awk '
    function ms(v) {
      if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
      if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
      if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
      return v
    }
    $1 == "Requests/sec:" { rate = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    END { printf "%s %s %s\n", rate, p50, p99 }' <<<"$out" >>"$work/$name.runs"
  echo "bench: $name: $(tail -1 "$work/$name.runs") (requests/s, p50 ms, p99 ms)" >&2
}

# A first short run of each warms caches and connections; it is not counted.
wrk -t1 -c"$connections" -d2s -H "Authorization: Bearer $CIVHARM_TOKEN" \
  "http://127.0.0.1:$civharm_port$page" >/dev/null
wrk -t1 -c"$connections" -d2s "http://127.0.0.1:$nginx_port/page.json" >/dev/null
for ((r = 1; r <= runs; r++)); do
  load nginx "http://127.0.0.1:$nginx_port/page.json"
  load civharm "http://127.0.0.1:$civharm_port$page" -H "Authorization: Bearer $CIVHARM_TOKEN"
done

# median FILE COLUMN
median() {
  awk -v c="$2" '{print $c}' "$1" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
c_rate="$(median "$work/civharm.runs" 1)"
n_rate="$(median "$work/nginx.runs" 1)"
cat <<TABLE
| work ($events events, median of $runs runs of ${seconds} s, $connections connections) | civharm | nginx (static file, same bytes) | civharm / nginx |
|---|---|---|---|
| requests per second: \`GET $page\` ($items incidents, $bytes bytes) | $c_rate | $n_rate | $(awk -v a="$c_rate" -v b="$n_rate" 'BEGIN {printf "%.2f", a / b}') |
| latency, median of the runs' 50th percentiles | $(median "$work/civharm.runs" 2) ms | $(median "$work/nginx.runs" 2) ms | |
| latency, median of the runs' 99th percentiles | $(median "$work/civharm.runs" 3) ms | $(median "$work/nginx.runs" 3) ms | |
TABLE
