#!/usr/bin/env bash
# Runs PocketBase ($1) with a fresh data folder ($2) on $3, with a
# "reports" collection anyone may create records in (the peer of an
# anonymous submission), until killed.
set -euo pipefail
pb=$1 dir=$2 addr=$3
rm -rf "$dir"; mkdir -p "$dir"
"$pb" superuser upsert bench@example.org bench-password-123 --dir "$dir" >/dev/null
"$pb" serve --http "$addr" --dir "$dir" >"$dir/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT TERM INT
for _ in $(seq 100); do curl -fs "http://$addr/api/health" >/dev/null 2>&1 && break; sleep 0.1; done
tok=$(curl -fs -X POST "http://$addr/api/collections/_superusers/auth-with-password" -H 'Content-Type: application/json' \
  -d '{"identity":"bench@example.org","password":"bench-password-123"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
curl -fs -X POST "http://$addr/api/collections" -H "Authorization: $tok" -H 'Content-Type: application/json' -d '{
  "name":"reports","type":"base","createRule":"","listRule":"",
  "fields":[{"name":"location","type":"text"},{"name":"lat","type":"number"},{"name":"lng","type":"number"},
    {"name":"surface","type":"text"},{"name":"dangerous","type":"text"},
    {"name":"full_name","type":"text"},{"name":"email","type":"email"}]}' >/dev/null
wait $pid
