#!/usr/bin/env bash
# The measurements in docs/performance.md, on loopback:
#   1. bench/hello (plain net/http) as the ceiling;
#   2. guildhall serve on SQLite (synchronous=FULL) and on PostgreSQL (fsync on):
#      front-door page views, durable API submissions, queue (API case list) and
#      search, at concurrency 16 and 64;
#   3. with SCALE=1: queue and search latency on 10k, 100k and 1M seeded cases (SQLite).
#
#   bench/load/run.sh            # DUR=10s per cell by default
#   SCALE=1 bench/load/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${OUT:-/tmp/guildhall-load}" dur="${DUR:-10s}" conc="${CONC:-16,64}"
mkdir -p "$out"
go build -o "$out/guildhall" ./cmd/guildhall
go build -o "$out/load" ./bench/load
go build -o "$out/hello" ./bench/hello
gh="$out/guildhall"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
wait_up() { for _ in $(seq 300); do curl -fs "$1/healthz" >/dev/null 2>&1 && return; sleep 0.1; done; echo "no server at $1" >&2; exit 1; }
uptime

echo "## ceiling: net/http hello"
"$out/hello" -addr 127.0.0.1:18099 & pids+=($!)
sleep 0.5
"$out/load" -url http://127.0.0.1:18099 -s hello -c "$conc" -d "$dur" -label net/http

serve() { # label, store flags…
  local label=$1; shift
  local tok
  tok=$("$gh" token issue "$@" --name load --write --grants officer@highways | grep -o 'gh_[A-Za-z0-9_-]*' | head -1)
  "$gh" serve "$@" --addr 127.0.0.1:18200 --api-rate 1000000 --log-level error & local p=$!
  pids+=($p)
  wait_up http://127.0.0.1:18200
  "$out/load" -url http://127.0.0.1:18200 -token "$tok" -s "${SCEN:-frontdoor,submit,queue,search}" -c "${CONC:-$conc}" -d "$dur" -label "$label"
  kill "$p"; wait "$p" 2>/dev/null || true
}

echo "## SQLite"
rm -rf "$out/sqlite"
serve sqlite --data "$out/sqlite"

echo "## PostgreSQL (throwaway cluster, fsync on)"
pg="$out/pg"; rm -rf "$pg"; mkdir -p "$pg"
as=(); [ "$(id -u)" = 0 ] && { chown postgres "$pg"; as=(runuser -u postgres --); }
"${as[@]}" initdb -D "$pg/data" -U postgres -A trust -E UTF8 --locale=C >/dev/null
"${as[@]}" pg_ctl start -w -D "$pg/data" -l "$pg/log" -o "-c listen_addresses='' -k $pg -p 55439 -c max_connections=300" >/dev/null
trap 'cleanup; "${as[@]}" pg_ctl stop -m immediate -D "$pg/data" >/dev/null 2>&1 || true' EXIT
url="postgres://postgres@/postgres?host=$pg&port=55439&sslmode=disable"
mkdir -p "$out/pgdata"
serve postgres --data "$out/pgdata" --database "$url"

if [ "${SCALE:-}" = 1 ]; then
  for n in 10000 100000 1000000; do
    d="$out/seed-$n"
    [ -f "$d/guildhall.db" ] || "$out/load" -seed "$n" -data "$d"
    CONC="${CONC_SCALE:-1,16}" SCEN=queue,search,search-common,search-rare serve "sqlite-$n" --data "$d"
  done
fi
