#!/usr/bin/env bash
# The whole test suite: unit, API, SignalR and real-browser tests. Ends with one line:
#   tests: N passed, M failed, K skipped
set -uo pipefail
cd "$(dirname "$0")"

# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian's chromium for the browser tests..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
  else
    echo "chromium is missing: run 'sudo apt-get install chromium' (the browser tests need it)." >&2
  fi
fi

log=$(mktemp)
dotnet build Lab.sln -nologo -v:q 2>&1 | tail -n 20
build=${PIPESTATUS[0]}
if [ "$build" -ne 0 ]; then
  echo "tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi
# One test assembly at a time: they all train on the same two cores.
dotnet test Lab.sln --no-build -nologo -m:1 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Sum the per-assembly lines: "Passed!  - Failed: 0, Passed: 10, Skipped: 0, Total: 10, ..."
summary=$(grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\1 \2 \3/' |
  awk '{f+=$1; p+=$2; s+=$3} END {printf "tests: %d passed, %d failed, %d skipped", p, f, s}')
rm -f "$log"
if [ "$status" -ne 0 ] && [[ "$summary" == *" 0 failed"* ]]; then
  summary=$(echo "$summary" | sed -E 's/ 0 failed/ 1 failed/')
fi
echo "$summary"
exit "$status"
