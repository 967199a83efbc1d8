#!/usr/bin/env bash
# Start-up from outside the process: exec of `guildhall serve` to the first
# /readyz 200 (curl polling every 5 ms), and the CPU the process had used by
# then (user + system, from /proc/PID/stat), which a loaded machine moves far
# less than the wall time. SQLite, the bundled services, an existing data
# folder (the first start, which creates it, is not counted).
#
#   N=5 bench/load/startup.sh [path/to/guildhall]
set -euo pipefail
gh=${1:-}
if [ -z "$gh" ]; then
  cd "$(dirname "$0")/../.."
  gh=/tmp/guildhall-startup; go build -o "$gh" ./cmd/guildhall
fi
d=${DATA:-/tmp/guildhall-startup-data} port=${PORT:-18250} tick=$(getconf CLK_TCK)
up() { until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; do sleep 0.005; done; }
if [ ! -d "$d" ]; then "$gh" serve --data "$d" --addr "127.0.0.1:$port" >/dev/null 2>&1 & p=$!; up; kill $p; wait $p 2>/dev/null || true; fi
uptime
for _ in $(seq "${N:-5}"); do
  s=$(date +%s%N); "$gh" serve --data "$d" --addr "127.0.0.1:$port" >/dev/null 2>"$d.log" & p=$!
  up; e=$(date +%s%N); cpu=$(awk '{print $14+$15}' "/proc/$p/stat")
  echo "$(( (e-s)/1000000 )) ms to /readyz, $(( cpu*1000/tick )) ms CPU, in-process $(grep -o '"startup":[0-9]*' "$d.log" | cut -d: -f2 | awk '{printf "%d ms", $1/1e6}')"
  kill $p; wait $p 2>/dev/null || true
done
