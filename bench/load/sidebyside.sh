#!/usr/bin/env bash
# Durable submissions side by side in one run: guildhall serve on SQLite
# (synchronous=FULL) with and without an Idempotency-Key, PocketBase record
# creates of the same answers, and guildhall on PostgreSQL (fsync on); then
# every acknowledged case is counted in the database and the outbox is
# watched draining into a local Notify (bench/notifysink).
#
#   PB=/path/to/pocketbase DUR=10s CONC=64 bench/load/sidebyside.sh
#
# PocketBase v0.36.8 is built from its Go module (see docs/performance.md);
# without PB the peer's row is left out.
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${OUT:-/tmp/guildhall-sbs}" dur="${DUR:-10s}" conc="${CONC:-64}"
mkdir -p "$out"
go build -o "$out/guildhall" ./cmd/guildhall
go build -o "$out/load" ./bench/load
go build -o "$out/notifysink" ./bench/notifysink
gh="$out/guildhall"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
wait_up() { for _ in $(seq 300); do curl -fs "$1" >/dev/null 2>&1 && return; sleep 0.1; done; echo "no server at $1" >&2; exit 1; }
uptime

"$out/notifysink" -addr 127.0.0.1:18390 > "$out/notify.log" 2>&1 & pids+=($!)
wait_up http://127.0.0.1:18390/healthz
notify=(--notify-api-key "sink-00000000-0000-0000-0000-000000000000-00000000-0000-0000-0000-000000000000"
  --notify-base-url http://127.0.0.1:18390 --notify-email-template 11111111-1111-1111-1111-111111111111
  --notify-sms-template 22222222-2222-2222-2222-222222222222)

serve() { # label, store flags…
  local label=$1; shift
  local tok
  tok=$("$gh" token issue "$@" --name load --write --grants officer@highways | grep -o 'gh_[A-Za-z0-9_-]*' | head -1)
  "$gh" serve "$@" "${notify[@]}" --addr 127.0.0.1:18200 --api-rate 1000000 --max-in-flight 0 --log-level error & local p=$!
  pids+=($p)
  wait_up http://127.0.0.1:18200/healthz
  "$out/load" -url http://127.0.0.1:18200 -token "$tok" -s "${SCEN:-submit,submit-nokey}" -c "$conc" -d "$dur" -label "$label"
  grep -E '^(VmHWM|VmRSS)' /proc/$p/status | tr '\n' ' '; echo "(serve, after load)"
  curl -fs http://127.0.0.1:18390/count; echo " notifications delivered at end of load"
  sleep 20
  curl -fs http://127.0.0.1:18390/count; echo " notifications delivered 20 s later"
  grep -E '^(VmRSS)' /proc/$p/status | tr '\n' ' '; echo "(serve, 20 s after load)"
  kill "$p"; wait "$p" 2>/dev/null || true
}

echo "## guildhall, SQLite synchronous=FULL"
rm -rf "$out/sqlite"
serve sqlite --data "$out/sqlite"
echo "acknowledged cases in the database: $(sqlite3 "$out/sqlite/guildhall.db" 'SELECT count(*) FROM cases' 2>/dev/null || echo '(sqlite3 not installed)')"

if [ -n "${PB:-}" ]; then
  echo "## PocketBase $("$PB" --version 2>/dev/null | tail -1)"
  bench/load/pocketbase.sh "$PB" "$out/pb" 127.0.0.1:18300 & pids+=($!)
  wait_up http://127.0.0.1:18300/api/collections/reports/records
  "$out/load" -url http://127.0.0.1:18300 -s pocketbase-create -c "$conc" -d "$dur" -label pocketbase
fi

if [ -z "${NOPG:-}" ]; then
  echo "## guildhall, PostgreSQL 15 (fsync on)"
  pg="$out/pg"; rm -rf "$pg"; mkdir -p "$pg"
  as=(); [ "$(id -u)" = 0 ] && { chown postgres "$pg"; as=(runuser -u postgres --); }
  "${as[@]}" initdb -D "$pg/data" -U postgres -A trust -E UTF8 --locale=C >/dev/null
  "${as[@]}" pg_ctl start -w -D "$pg/data" -l "$pg/log" -o "-c listen_addresses='' -k $pg -p 55439 -c max_connections=300" >/dev/null
  trap 'cleanup; "${as[@]}" pg_ctl stop -m immediate -D "$pg/data" >/dev/null 2>&1 || true' EXIT
  url="postgres://postgres@/postgres?host=$pg&port=55439&sslmode=disable"
  rm -rf "$out/pgdata"; mkdir -p "$out/pgdata"
  serve postgres --data "$out/pgdata" --database "$url"
fi
