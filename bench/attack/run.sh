#!/usr/bin/env bash
# Attack a local `guildhall serve` with real tools from Debian:
#   sqlmap  (Debian package "sqlmap")  against the front door's forms and search,
#           and every JSON API parameter (with a token)
#   wapiti  (Debian package "wapiti")  crawling and attacking the whole site
# It installs nothing: `apt-get install sqlmap wapiti` first. (nikto is not
# packaged for this Debian release, so it is not run.)
#
#   bench/attack/run.sh [OUT_DIR]      # reports in OUT_DIR (default /tmp/guildhall-attack)
#
# Findings and what was done about them: docs/security.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-/tmp/guildhall-attack}"
rm -rf "$out" && mkdir -p "$out"
for tool in sqlmap wapiti; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed: apt-get install sqlmap wapiti" >&2; exit 2; }
done
go build -o "$out/guildhall" ./cmd/guildhall
data="$out/data" addr="127.0.0.1:${ATTACK_PORT:-18321}" gh="http://127.0.0.1:${ATTACK_PORT:-18321}"
token=$("$out/guildhall" token issue --data "$data" --name attack --write --grants officer@highways | grep -o 'gh_[A-Za-z0-9_-]*' | head -1)
# A generous API rate so the tools measure the code, not the rate limiter.
"$out/guildhall" serve --data "$data" --addr "$addr" --api-rate 100000 --log-level warn >"$out/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs "$gh/healthz" >/dev/null && break; sleep 0.1; done

body='{"service_id":"report-a-pothole","answers":{"location":{"location":{"description":"Outside 12 Station Road"}},"surface":{"text":"road"},"dangerous":{"text":"no"},"full_name":{"text":"Jane Doe"},"email":{"text":"jane@example.org"}}}'
ref=$(curl -fs -X POST "$gh/api/v1/cases" -H "Authorization: Bearer $token" -H "Content-Type: application/json" -d "$body" | sed -E 's/.*"reference":"([^"]+)".*/\1/')
echo "case $ref; tools: $(sqlmap --version 2>/dev/null | head -1), wapiti $(dpkg-query -W -f='${Version}' wapiti)"

sq() { sqlmap --batch --disable-coloring --level "${SQLMAP_LEVEL:-2}" --risk 1 --output-dir "$out/sqlmap" "$@" 2>&1 | tee -a "$out/sqlmap.log" | grep -E "injectable|might be|all tested parameters|WARNING|CRITICAL" || true; }
echo "== sqlmap: front door search and track forms"
sq -u "$gh/search?q=pothole" --threads 4
sq -u "$gh/track" --forms --csrf-token=csrf_token
echo "== sqlmap: API list/search parameters"
sq -u "$gh/api/v1/cases?q=road&service=report-a-pothole&state=received&team=highways&sort=due&limit=5&open=true" -H "Authorization: Bearer $token" --threads 4
echo "== sqlmap: API case reference in the path"
sq -u "$gh/api/v1/cases/${ref}*/events" -H "Authorization: Bearer $token"
echo "== sqlmap: API JSON submission body"
sq -u "$gh/api/v1/cases" --data "$body" -H "Authorization: Bearer $token" -H "Content-Type: application/json"
echo "== sqlmap: API transition body"
sq -u "$gh/api/v1/cases/$ref/transitions" --data '{"transition":"send_for_inspection","version":1}' -H "Authorization: Bearer $token" -H "Content-Type: application/json"

echo "== wapiti: whole site"
wapiti -u "$gh/" --scope folder --flush-session --max-scan-time "${WAPITI_TIME:-300}" \
  -f txt -o "$out/wapiti.txt" >"$out/wapiti.log" 2>&1 || true
sed -n '/Summary of vulnerabilities/,/^\*\*\*\*\*/p' "$out/wapiti.txt" 2>/dev/null || tail -40 "$out/wapiti.log"
grep -c ' 500 ' "$out/serve.log" >/dev/null 2>&1 || true
echo "server log lines at warn or above: $(wc -l <"$out/serve.log") (in $out/serve.log)"
