#!/usr/bin/env bash
# bench/vs-go.sh: hubchat side by side with the Go chat (gorilla/websocket examples/chat, built by
# you outside this repository), the wsload commands of docs/performance.md, runs interleaved
# (Go, hubchat, Go, hubchat, ...); prints figure | Go chat | hubchat | hubchat / Go, medians (min–max).
#
#   bench/vs-go.sh --go-chat PATH [--runs 3] [--wsload PATH] [--out DIR]
#                  [--tomcat-home DIR | --payara [JAR]] [--scenarios "fanout latency idle"]
#                  [--go-port 18090] [--port 18091] [--java-opts "..."]
#   bench/vs-go.sh --table OUT      (the table again, from the reports in OUT)
#
# hubchat runs, by default, on the run command's Tomcat (./mvnw -o -DskipTests package cargo:run,
# on the pom's run port, 8080; --port is for the others); --tomcat-home starts a stock Tomcat 11
# from that CATALINA_HOME in a fresh CATALINA_BASE with hubchat-tomcat.war as ROOT (its server.xml
# as shipped but for the port and maxConnections="20000", default JVM flags); --payara runs
# hubchat.war on Payara Micro (JAR, default the pom's version in the local Maven repository) with
# docker/payara-micro/pre-boot-commands.txt. Every server is a fresh process for fanout+latency and
# another for idle (RSS per connection). hubchat runs the memory engine with every limit per
# client off (CHAT_* below). The WARs must be built (./mvnw -DskipTests package); --java-opts adds
# options to hubchat's JVM (e.g. JFR's). Loopback only; every run is bounded (wsload's watchdog
# and timeout(1)). wsload is looked for at --wsload, $WSLOAD or on the PATH. Results: one wsload
# JSON per server, scenario and run in OUT (default target/bench/vs-go-TIME), the table in
# OUT/table.md.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
GO_CHAT=""
RUNS=3
WSLOAD=${WSLOAD:-$(command -v wsload || true)}
OUT=""
TOMCAT_HOME=""
PAYARA=""
SCENARIOS="fanout latency idle"
GO_PORT=18090
PORT=""
JAVA_OPTS_OVERRIDE=""
TABLE_ONLY=""
PAYARA_VERSION=$(sed -n 's#.*<payara-micro.version>\(.*\)</payara-micro.version>.*#\1#p' "$ROOT/pom.xml")

usage() { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --go-chat) GO_CHAT=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --wsload) WSLOAD=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --tomcat-home) TOMCAT_HOME=$2; shift 2 ;;
    --payara)
      if [ $# -gt 1 ] && [ "${2#--}" = "$2" ]; then PAYARA=$2; shift 2; else
        PAYARA=$HOME/.m2/repository/fish/payara/extras/payara-micro/$PAYARA_VERSION/payara-micro-$PAYARA_VERSION.jar; shift; fi ;;
    --scenarios) SCENARIOS=$2; shift 2 ;;
    --go-port) GO_PORT=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --java-opts) JAVA_OPTS_OVERRIDE=$2; shift 2 ;;
    --table) TABLE_ONLY=1; OUT=$2; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "vs-go.sh: unknown argument $1" >&2; usage 2 ;;
  esac
done
[ -n "$TABLE_ONLY" ] || [ -x "$GO_CHAT" ] || { echo "vs-go.sh: --go-chat PATH (the built Go chat) is required" >&2; usage 2; }
[ -n "$TABLE_ONLY" ] || [ -x "$WSLOAD" ] || { echo "vs-go.sh: wsload not found (--wsload PATH, WSLOAD, or on the PATH)" >&2; exit 2; }
[ -n "$PAYARA" ] && [ ! -f "$PAYARA" ] && { echo "vs-go.sh: no Payara Micro jar at $PAYARA" >&2; exit 2; }
[ -n "$TABLE_ONLY" ] || GO_CHAT=$(cd "$(dirname "$GO_CHAT")" && pwd)/$(basename "$GO_CHAT")
HUB_KIND=cargo
[ -n "$TOMCAT_HOME" ] && HUB_KIND=tomcat
[ -n "$PAYARA" ] && HUB_KIND=payara
if [ "$HUB_KIND" = cargo ]; then PORT=8080; else PORT=${PORT:-18091}; fi
OUT=${OUT:-$ROOT/target/bench/vs-go-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"

log() { printf '[vs-go.sh %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# -- file descriptors: 10,000 connections on each side, in this shell and the servers it starts
cur=$(ulimit -n)
if [ "$cur" != unlimited ] && [ "$cur" -lt 12000 ]; then
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  log "ulimit -n raised from $cur to $(ulimit -n)"
fi

# -- hubchat for a benchmark: the memory engine, every per-client and rate limit off (as
# docs/performance.md "Method"); the Go chat has none of them
export CHAT_STORE=memory CHAT_MAX_CONNECTIONS_PER_ADDRESS=0 CHAT_MAX_CONNECTIONS=0 \
  CHAT_NEW_ROOMS_PER_MINUTE=0 CHAT_MESSAGE_RATE=0 CHAT_HISTORY_RATE=0 \
  CHAT_NICK_CHANGES_PER_MINUTE=0 CHAT_TYPING_RATE=0

listener_pid() { # the PID listening on port $1, or nothing
  ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2
}
wait_listen() { # port seconds -> prints the listener's PID, or fails
  local i=0 p=""
  while [ $i -lt "$2" ]; do
    p=$(listener_pid "$1" || true)
    if [ -n "$p" ]; then echo "$p"; return 0; fi
    sleep 1; i=$((i + 1))
  done
  return 1
}
wait_ready() { # url seconds: fails early if the server's process group is gone
  local i=0
  while [ $i -lt "$2" ]; do
    curl -fs -o /dev/null --max-time 2 "$1" && return 0
    kill -0 -- "-$GROUP" 2>/dev/null || return 1
    sleep 1; i=$((i + 1))
  done
  return 1
}

GROUP=""        # process group of the server this script started
SERVER_PID=""   # the process that listens (for wsload's -server-pid)
stop_server() {
  [ -n "$GROUP" ] || return 0
  kill -TERM -- "-$GROUP" 2>/dev/null || true
  local i=0
  while kill -0 -- "-$GROUP" 2>/dev/null && [ $i -lt 30 ]; do sleep 1; i=$((i + 1)); done
  kill -KILL -- "-$GROUP" 2>/dev/null || true
  GROUP=""; SERVER_PID=""
}
# setsid in a script's background job makes that job's PID its own process group: stopping the
# group stops the server and whatever it forked (cargo's Tomcat), nothing else
trap stop_server EXIT
trap 'stop_server; exit 130' INT TERM

start_go() { # name
  if [ -n "$(listener_pid "$GO_PORT" || true)" ]; then log "port $GO_PORT is taken: not starting the Go chat"; return 1; fi
  log "start Go chat on :$GO_PORT"
  (cd "$(dirname "$GO_CHAT")" && exec setsid "$GO_CHAT" -addr "127.0.0.1:$GO_PORT" >"$OUT/$1.server.log" 2>&1) &
  GROUP=$!
  SERVER_PID=$(wait_listen "$GO_PORT" 20) || { log "Go chat did not listen"; return 1; }
}

start_hub() { # name
  local base="$OUT/$1"
  if [ -n "$(listener_pid "$PORT" || true)" ]; then log "port $PORT is taken: not starting hubchat"; return 1; fi
  case "$HUB_KIND" in
    cargo)
      log "start hubchat (run command, cargo:run) on :$PORT"
      setsid "$ROOT/mvnw" -o -q -f "$ROOT/pom.xml" -DskipTests -Djazzer.skip package cargo:run \
        "-Drun.jvmargs.extra=$JAVA_OPTS_OVERRIDE" >"$base.server.log" 2>&1 &
      GROUP=$! ;;
    tomcat)
      log "start stock Tomcat ($TOMCAT_HOME) on :$PORT"
      local cb="$base.catalina-base"
      rm -rf "$cb"; mkdir -p "$cb"/{logs,temp,webapps,work}
      cp -r "$TOMCAT_HOME/conf" "$cb/conf"
      sed -i -e "s/port=\"8080\"/port=\"$PORT\" maxConnections=\"20000\"/" -e 's/port="8005"/port="-1"/' "$cb/conf/server.xml"
      cp "$ROOT/target/hubchat-tomcat.war" "$cb/webapps/ROOT.war"
      CATALINA_BASE=$cb CATALINA_OPTS="$JAVA_OPTS_OVERRIDE" setsid bash "$TOMCAT_HOME/bin/catalina.sh" run \
        >"$base.server.log" 2>&1 &
      GROUP=$! ;;
    payara)
      log "start Payara Micro ($PAYARA) on :$PORT"
      local rd="$base.payara-root"
      rm -rf "$rd"
      # shellcheck disable=SC2086
      setsid java $JAVA_OPTS_OVERRIDE -jar "$PAYARA" --deploy "$ROOT/target/hubchat.war" --contextroot / \
        --port "$PORT" --nocluster --disablephonehome --rootdir "$rd" \
        --prebootcommandfile "$ROOT/docker/payara-micro/pre-boot-commands.txt" >"$base.server.log" 2>&1 &
      GROUP=$! ;;
  esac
  wait_ready "http://127.0.0.1:$PORT/health/ready" 240 || { log "hubchat not ready (see $base.server.log)"; return 1; }
  SERVER_PID=$(listener_pid "$PORT")
}

load() { # server scenario run url send
  local f="$OUT/$1-$2-$3" url=$4 send=$5
  local fan=(-url "$url" -clients 1000 -senders 10 -size 100 -send "$send" -server-pid "$SERVER_PID" -json)
  log "$1 $2 run $3 (server PID $SERVER_PID, load $(cut -d' ' -f1-3 /proc/loadavg))"
  case "$2" in
    fanout) timeout 300 "$WSLOAD" "${fan[@]}" -rate 0 -window 2 -warmup 2s -duration 5s -drain 3s >"$f.json" 2>"$f.log" ;;
    latency) timeout 300 "$WSLOAD" "${fan[@]}" -rate 20 -warmup 3s -duration 10s -drain 3s >"$f.json" 2>"$f.log" ;;
    idle) timeout 600 "$WSLOAD" -url "$url" -clients 10000 -idle -duration 10s -server-pid "$SERVER_PID" -json >"$f.json" 2>"$f.log" ;;
  esac || log "  wsload exited with $? (see $f.log)"
}

one_server() { # go|hub run
  local name=$1 run=$2 url send starter
  if [ "$name" = go ]; then
    url="ws://127.0.0.1:$GO_PORT/ws"; send='%s'; starter=start_go
  else
    url="ws://127.0.0.1:$PORT/ws/bench"; send='{"type":"message","text":"%s"}'; starter=start_hub
  fi
  local busy="" s
  for s in $SCENARIOS; do [ "$s" != idle ] && busy="$busy $s"; done
  if [ -n "$busy" ]; then
    if $starter "$name-busy-$run"; then
      for s in $busy; do load "$name" "$s" "$run" "$url" "$send"; done
    fi
    stop_server
  fi
  case " $SCENARIOS " in *" idle "*)
    if $starter "$name-idle-$run"; then load "$name" idle "$run" "$url" "$send"; fi
    stop_server ;;
  esac
}

table() { # the table of the wsload reports in $OUT
  python3 - "$OUT" <<'PY'
import glob, json, os, statistics, sys
out = sys.argv[1]
def runs(server, scen):
    rs = []
    for f in sorted(glob.glob(os.path.join(out, f"{server}-{scen}-*.json"))):
        try:
            with open(f) as fh: r = json.load(fh)
        except (OSError, ValueError):
            continue
        try:
            r["cpu_ms_per_conn"] = 1000 * r["server"]["cpu_s_total_run"] / r["connected"]
        except (KeyError, TypeError, ZeroDivisionError):
            pass
        rs.append(r)
    return rs
def pick(r, path):
    for k in path.split("."):
        r = r.get(k) if isinstance(r, dict) else None
    return r
FIGURES = [  # label, scenario, field, format, scale
    ("fan-out deliveries/s (`-rate 0 -window 2`)", "fanout", "deliveries_per_s", "{:,.0f}", 1),
    ("fan-out delivered %", "fanout", "delivery_ratio", "{:.2f}", 100),
    ("fan-out p50 / p99 ms", "fanout", "latency_ms.p50|latency_ms.p99", "{:.1f}", 1),
    ("fan-out server CPU-s per million deliveries", "fanout", "server.cpu_s_per_million_deliveries", "{:.2f}", 1),
    ("20 msg/s delivered %", "latency", "delivery_ratio", "{:.2f}", 100),
    ("20 msg/s p50 ms", "latency", "latency_ms.p50", "{:.1f}", 1),
    ("20 msg/s p99 ms", "latency", "latency_ms.p99", "{:.1f}", 1),
    ("20 msg/s server CPU-s per million deliveries", "latency", "server.cpu_s_per_million_deliveries", "{:.2f}", 1),
    ("10,000 idle connections: connected", "idle", "connected", "{:,.0f}", 1),
    ("10,000 idle connections: connect time s", "idle", "connect_time_s", "{:.1f}", 1),
    ("RSS per idle connection KB", "idle", "server.rss_kb_per_conn", "{:.1f}", 1),
    ("idle: server CPU ms per connection (connect, join, 10 s held, close)", "idle", "cpu_ms_per_conn", "{:.2f}", 1),
]
def cell(vals, fmt):
    if not vals: return "—", None
    m = statistics.median(vals)
    s = fmt.format(m)
    if len(vals) > 1: s += " (" + fmt.format(min(vals)) + "–" + fmt.format(max(vals)) + ")"
    return s, m
print("| figure | Go chat | hubchat | hubchat / Go |")
print("|---|---|---|---|")
for label, scen, fields, fmt, scale in FIGURES:
    cells, meds = [], []
    for server in ("go", "hub"):
        parts, ms = [], []
        for field in fields.split("|"):
            vals = [v * scale for v in (pick(r, field) for r in runs(server, scen)) if isinstance(v, (int, float))]
            c, m = cell(vals, fmt)
            parts.append(c); ms.append(m)
        cells.append(" / ".join(parts)); meds.append(ms)
    ratios = []
    for g, h in zip(meds[0], meds[1]):
        ratios.append("{:.2f}".format(h / g) if g and h is not None else "—")
    print(f"| {label} | {cells[0]} | {cells[1]} | {' / '.join(ratios)} |")
counts = {s: len(runs(s, "fanout")) + len(runs(s, "latency")) + len(runs(s, "idle")) for s in ("go", "hub")}
print(f"\nwsload reports read: Go chat {counts['go']}, hubchat {counts['hub']}; medians (min–max).")
PY
}

if [ -n "$TABLE_ONLY" ]; then table; exit 0; fi

log "Go chat $GO_CHAT vs hubchat on $HUB_KIND, $RUNS run(s) of: $SCENARIOS; results in $OUT"
for run in $(seq 1 "$RUNS"); do
  one_server go "$run"
  one_server hub "$run"
done

{
  echo "hubchat ($HUB_KIND) vs the Go chat, $RUNS interleaved run(s), $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load now $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  table
} | tee "$OUT/table.md"
