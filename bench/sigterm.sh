#!/usr/bin/env bash
# bench/sigterm.sh: SIGTERM to process exit with many clients connected, on a real Tomcat and a
# real Payara Micro (the built WARs, as `./mvnw verify` leaves them), RUNS times each; prints each
# run's line and the median. Uses hubchat.bench.SigtermToExit (src/test/java) on the test classpath.
#
#   bench/sigterm.sh [--clients 1000] [--runs 3] [--containers "tomcat payara"]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CLIENTS=1000
RUNS=3
CONTAINERS="tomcat payara"
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) CLIENTS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --containers) CONTAINERS=$2; shift 2 ;;
    *) sed -n '2,6p' "$0"; exit 2 ;;
  esac
done
cd "$ROOT"
CP_FILE=target/bench/test-classpath.txt
mkdir -p target/bench
[ -s "$CP_FILE" ] || ./mvnw -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE"
CP="target/test-classes:target/classes:$(cat "$CP_FILE")"
for c in $CONTAINERS; do
  results=()
  for run in $(seq 1 "$RUNS"); do
    line=$(timeout 600 java -cp "$CP" hubchat.bench.SigtermToExit "$c" "$CLIENTS" "target/bench/sigterm-$c-$run" | grep '^RESULT')
    echo "$line"
    results+=("$(sed -E 's/.*sigterm_to_exit_ms=([0-9]+).*/\1/' <<<"$line")")
  done
  median=$(printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
  echo "MEDIAN container=$c clients=$CLIENTS sigterm_to_exit_ms=$median (runs: ${results[*]})"
done
