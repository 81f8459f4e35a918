#!/usr/bin/env bash
# bench/run.sh: the load scenarios of docs/performance.md, each N times, with ChatLoad (src/bench/java) and,
# when it is present, the reference tool wsload; then a table of medians [min - max].
#
#   bench/run.sh --url ws://127.0.0.1:8080/ws/bench [--server-pid PID] [--runs 3]
#                [--scenarios "fanout latency cpu saturation idle"] [--tools "chatload wsload"]
#                [--wsload PATH] [--rates 25,50,100,150,200] [--out DIR]
#                [--java-opts "-Xmx2g -XX:+UseParallelGC"] [--fresh-cmd CMD]
#
# --server-pid defaults to the process listening on the URL's port (ss -ltnp), so the server's
# RSS and CPU are reported. --fresh-cmd (e.g. a script restarting the server) runs before every
# idle run, so that RSS per connection is measured on a fresh JVM each time; the PID is then
# looked up again. Loopback targets only; every run is bounded (tool watchdogs + timeout(1)).
# Results: one JSON report per tool, scenario and run in --out (default target/bench/results-TIME),
# the table in OUT/table.txt. wsload is looked for at --wsload, $WSLOAD or on the PATH.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
URL=""
PID=""
RUNS=3
SCENARIOS="fanout latency cpu saturation idle"
TOOLS="chatload wsload"
WSLOAD=${WSLOAD:-$(command -v wsload || true)}
RATES=""
OUT=""
JAVA_OPTS="-Xmx2g -XX:+UseParallelGC"
FRESH_CMD=""

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --url) URL=$2; shift 2 ;;
    --server-pid) PID=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --scenarios) SCENARIOS=$2; shift 2 ;;
    --tools) TOOLS=$2; shift 2 ;;
    --wsload) WSLOAD=$2; shift 2 ;;
    --rates) RATES=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --java-opts) JAVA_OPTS=$2; shift 2 ;;
    --fresh-cmd) FRESH_CMD=$2; shift 2 ;;
    -h|--help) usage 0 ;;
    ws://*|wss://*) URL=$1; shift ;;
    *) echo "run.sh: unknown argument $1" >&2; usage 2 ;;
  esac
done
[ -n "$URL" ] || { echo "run.sh: --url is required" >&2; usage 2; }

PORT=$(printf '%s\n' "$URL" | sed -E 's#^wss?://(\[[^]]*\]|[^:/]*)(:([0-9]+))?.*#\3#')
[ -n "$PORT" ] || PORT=80
OUT=${OUT:-$ROOT/target/bench/results-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
CLASSES=$ROOT/target/bench/classes

log() { printf '[run.sh %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# -- server PID: given, or whoever listens on the port
find_pid() {
  command -v ss >/dev/null 2>&1 || return 0
  ss -Hltnp "sport = :$PORT" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2
}
AUTO_PID=0
if [ -z "$PID" ]; then
  PID=$(find_pid || true)
  AUTO_PID=1
  if [ -n "$PID" ]; then log "server PID $PID (listening on port $PORT)"; else log "no server PID found: no server RSS/CPU figures"; fi
fi

# -- file descriptors: 10,000 connections need more than 10,000
want=$((10000 + 1024))
cur=$(ulimit -n)
if [ "$cur" != unlimited ] && [ "$cur" -lt "$want" ]; then
  hard=$(ulimit -Hn)
  if [ "$hard" = unlimited ] || [ "$hard" -ge 65536 ]; then ulimit -n 65536; else ulimit -n "$hard"; fi
  log "ulimit -n raised from $cur to $(ulimit -n)"
fi
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$want" ]; then
  log "warning: ulimit -n is $(ulimit -n); the idle scenario (10,000 connections) will hit it"
fi

# -- compile ChatLoad once: src/bench/java, on the JDK and jackson-core (the jar the pom names,
# which Maven resolves; MAVEN_ARGS=-o for an offline Maven)
mkdir -p "$CLASSES"
log "compiling ChatLoad"
"$ROOT/mvnw" -q -f "$ROOT/pom.xml" dependency:build-classpath -DincludeArtifactIds=jackson-core \
  -Dmdep.outputFile="$CLASSES.classpath" >&2
CP="$CLASSES:$(cat "$CLASSES.classpath")"
find "$ROOT/src/bench/java" -name '*.java' -print0 | xargs -0 javac --release 17 -cp "$CP" -d "$CLASSES"
CHATLOAD=(java $JAVA_OPTS -cp "$CP" hubchat.bench.ChatLoad)

case " $TOOLS " in
  *" wsload "*)
    if [ ! -x "$WSLOAD" ]; then
      log "wsload not found${WSLOAD:+ at $WSLOAD} (set WSLOAD or --wsload; see docs/performance.md): ChatLoad only"
      TOOLS=chatload
    fi ;;
esac

SEND='{"type":"message","text":"%s"}'
FAN=(-clients 1000 -senders 10 -size 100 -send "$SEND")
ws_args() { # scenario -> wsload flags (the same presets as ChatLoad's --scenario)
  case "$1" in
    fanout) echo "-rate 0 -window 2 -warmup 2s -duration 5s -drain 3s" ;;
    latency) echo "-rate 20 -warmup 3s -duration 10s -drain 3s" ;;
    cpu) echo "-rate 20 -warmup 3s -duration 20s -drain 3s" ;;
  esac
}
sat_rates() {
  if [ -n "$RATES" ]; then echo "$RATES" | tr ',' ' '; return; fi
  echo 25 50; r=100; while [ $r -le 2000 ]; do echo $r; r=$((r + 50)); done
}

pid_args() { [ -n "$PID" ] && echo "$1 $PID" || true; }

fresh() { # returns 1 if, after FRESH_CMD, nothing listens on the port
  [ -n "$FRESH_CMD" ] || return 0
  log "fresh server: $FRESH_CMD"
  sh -c "$FRESH_CMD" >&2 || log "  fresh command exited with $?"
  local i=0 p=""
  while [ -z "$p" ] && [ $i -lt 120 ]; do p=$(find_pid || true); [ -n "$p" ] || sleep 1; i=$((i + 1)); done
  [ "$AUTO_PID" = 1 ] && PID=$p
  if [ -z "$p" ]; then log "  nothing listens on port $PORT after the fresh command: skipping this run"; return 1; fi
  log "  server PID now $p"
}

run_one() { # tool scenario run
  local tool=$1 scen=$2 run=$3 base="$OUT/$1-$2-$3"
  local load; load=$(cut -d' ' -f1-3 /proc/loadavg)
  if [ "$scen" = idle ]; then fresh || return 0; fi
  if [ "$tool" = chatload ]; then
    log "chatload $scen run $run (load $load)"
    local extra=()
    [ "$scen" = saturation ] && [ -n "$RATES" ] && extra=(--rates "$RATES")
    timeout 1800 "${CHATLOAD[@]}" --url "$URL" --scenario "$scen" $(pid_args --server-pid) --json "${extra[@]}" \
      >"$base.json" 2>"$base.log" || log "  chatload exited with $? (see $base.log)"
  elif [ "$scen" = saturation ]; then
    for r in $(sat_rates); do
      log "wsload saturation run $run, rate $r (load $(cut -d' ' -f1-3 /proc/loadavg))"
      local f="$base-r$r.json"
      timeout 300 "$WSLOAD" -url "$URL" "${FAN[@]}" -rate "$r" -warmup 2s -duration 5s -drain 3s \
        $(pid_args -server-pid) -json >"$f" 2>"$base-r$r.log" || log "  wsload exited with $?"
      if ! java -cp "$CP" hubchat.bench.ChatLoad --check-step "$f" 2>/dev/null; then break; fi
    done
  else
    log "wsload $scen run $run (load $load)"
    if [ "$scen" = idle ]; then
      timeout 600 "$WSLOAD" -url "$URL" -clients 10000 -idle -duration 10s $(pid_args -server-pid) -json \
        >"$base.json" 2>"$base.log" || log "  wsload exited with $?"
    else
      # shellcheck disable=SC2046
      timeout 600 "$WSLOAD" -url "$URL" "${FAN[@]}" $(ws_args "$scen") $(pid_args -server-pid) -json \
        >"$base.json" 2>"$base.log" || log "  wsload exited with $?"
    fi
  fi
}

log "url $URL, $RUNS run(s) of: $SCENARIOS; tools: $TOOLS; results in $OUT"
for scen in $SCENARIOS; do
  for run in $(seq 1 "$RUNS"); do
    # alternate which tool goes first, so that drift on a shared machine hits both alike
    order=$TOOLS
    if [ $((run % 2)) -eq 0 ]; then order=$(echo "$TOOLS" | awk '{for (i = NF; i > 0; i--) printf "%s ", $i}'); fi
    for tool in $order; do run_one "$tool" "$scen" "$run"; done
  done
done

{
  echo "hubchat load: $URL, $RUNS run(s) per scenario, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load now $(cut -d' ' -f1-3 /proc/loadavg)"
  java -cp "$CP" hubchat.bench.ChatLoad --table "$OUT"
} | tee "$OUT/table.txt"
