# Shared by the benchmark scripts (bench/run.sh, bench/analytics.sh). Source it after setting
# $root to the repository's top folder.

# The UCDP GED sample whose rows make_events repeats, and the civharm that scripts/build makes.
sample="$root/../shared/data/events/ucdp_ged231_sample1000.csv"
civharm="$root/build/src/main/civharm"

# require_sample: stops (exit 2) when the sample is missing.
require_sample() {
  if [ ! -f "$sample" ]; then
    echo "bench: the reference sample $sample is missing" >&2
    exit 2
  fi
}

# fresh_db PATH: an empty database with its administrator signed in (CIVHARM_TOKEN), outside
# the timed command.
fresh_db() {
  rm -f "$1"* "${1%.db}.keyring"
  local password
  password="$("$civharm" user init --db "$1" 2>/dev/null | sed -n 's/^password: //p')"
  CIVHARM_TOKEN="$(printf '%s\n' "$password" |
    "$civharm" token create --db "$1" --user admin --password-stdin 2>/dev/null)"
  export CIVHARM_TOKEN
}
