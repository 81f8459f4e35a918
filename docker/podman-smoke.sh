#!/usr/bin/env bash
# Runs docker/compose.yml for real on a machine without Docker: Podman's Docker-compatible API
# (podman system service) driven by docker-compose, with locally built stand-ins for the base
# images because no image registry is reachable. Then checks each app node (/health, the chat
# page, one WebSocket chat, the compose health check command, the restart policy), Redis (append
# only, on its volume), PostgreSQL (healthy, its data on its named volume, kept when its container
# is replaced; the README's pg_dump backup and restore), and the two nodes as one chat through
# the load balancer: clients on both nodes, every message to every client once, then one node
# killed and the chat going on through the balancer on the other (docker/ClusterSmoke.java), and
# every message of that chat archived to PostgreSQL once. Tears everything down at the end. Every
# step is bounded in time; the whole run fails after SMOKE_TIMEOUT seconds.
#
#   bash docker/podman-smoke.sh            # as root, Debian 12; see README "Docker"
#
# Needs (Debian packages): podman runc docker-compose debootstrap, and a JDK 17 (java) for the
# client. The stand-ins (built here, never pushed):
#   - the base: a Debian 12 root from debootstrap with openjdk-17-jdk-headless, curl, unzip,
#     trusting the host's extra CAs from /usr/local/share/ca-certificates (TLS proxies);
#   - eclipse-temurin:17-jdk-noble      <- that base with JAVA_HOME=/opt/java/openjdk;
#   - tomcat:<version>-jdk17-temurin-noble <- the Tomcat zip from Maven Central, official layout;
#   - payara/micro:<version>-jdk17      <- the Payara Micro jar from Maven Central, official layout;
#   - redis:<version>                   <- that base with Debian's redis-server, official layout;
#   - postgres:<version>                <- that base with Debian's postgresql-<version>, official
#                                          layout and first-start set-up (POSTGRES_USER/PASSWORD/DB);
#   - haproxy:<version>                 <- that base with Debian's haproxy, official layout.
# The image names and versions are read from the FROM lines of docker/*/Dockerfile and the
# image: lines of docker/compose.yml (the Debian package must have the tag's version), so the
# compose file and the Dockerfiles run exactly as written; only the bases differ from Docker Hub's.
#
# Environment: SMOKE_WORK (cache and state, default /var/tmp/hubchat-podman-smoke),
# SMOKE_TIMEOUT (default 1200 s), HUBCHAT_PORT / HUBCHAT_TOMCAT_PORT / HUBCHAT_PAYARA_PORT /
# HUBCHAT_STATS_PORT (default 18480 / 18481 / 18482 / 18484, on 127.0.0.1), SMOKE_KILL (the node
# killed at the end, default payara), SMOKE_KEEP_IMAGES=0 to delete the built images at the end.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${SMOKE_WORK:-/var/tmp/hubchat-podman-smoke}"
SMOKE_TIMEOUT="${SMOKE_TIMEOUT:-1200}"
export HUBCHAT_BIND=127.0.0.1
export HUBCHAT_PORT="${HUBCHAT_PORT:-18480}"
export HUBCHAT_TOMCAT_PORT="${HUBCHAT_TOMCAT_PORT:-18481}"
export HUBCHAT_PAYARA_PORT="${HUBCHAT_PAYARA_PORT:-18482}"
export HUBCHAT_STATS_PORT="${HUBCHAT_STATS_PORT:-18484}"
SMOKE_KILL="${SMOKE_KILL:-payara}"
PROJECT=hubchat-smoke
COMPOSE_FILE="$ROOT/docker/compose.yml"
START=$(date +%s)
SERVICE_PID=""
HEALTH_PID=""

PASSED=0
pass() { PASSED=$((PASSED + 1)); log "ok: $*"; }
log() { printf '[smoke %4ss] %s\n' "$(( $(date +%s) - START ))" "$*"; }
die() { log "FAILED: $*"; exit 1; }
left() { echo $(( SMOKE_TIMEOUT - ($(date +%s) - START) )); }
# bounded SECONDS CMD...: runs CMD for at most SECONDS (and never past the overall deadline).
bounded() {
    local limit=$1; shift
    local rest; rest=$(left)
    (( rest > 0 )) || die "out of time (SMOKE_TIMEOUT=${SMOKE_TIMEOUT}s)"
    (( limit < rest )) || limit=$rest
    timeout --kill-after=10 "$limit" "$@"
}

for tool in podman runc docker-compose debootstrap java timeout; do
    command -v "$tool" >/dev/null || die "$tool is missing (apt-get install podman runc docker-compose debootstrap)"
done
[ "$(id -u)" = 0 ] || die "run as root (rootful podman)"
mkdir -p "$WORK"

# Podman as the Docker engine. default_ulimits = [] because this sandbox refuses the default
# nofile ulimit; runc because crun 1.8 refuses the hybrid cgroup v1/v2 layout found here.
cat > "$WORK/containers.conf" <<'EOF'
[containers]
default_ulimits = []

[engine]
runtime = "runc"
EOF
export CONTAINERS_CONF="$WORK/containers.conf"
SOCK="$WORK/podman.sock"
export DOCKER_HOST="unix://$SOCK"
compose() { docker-compose --ansi never -p "$PROJECT" -f "$COMPOSE_FILE" "$@"; }

# Podman runs health checks from systemd timers, which this machine lacks, so a service that
# others wait for (depends_on ... condition: service_healthy: the nodes wait for Redis and
# PostgreSQL) would never turn healthy. While compose starts the services, this runs their
# health checks every 2 s, as the engine would.
start_health_checks() {
    ( while :; do
        for svc in redis postgres; do
            for ctr in $(podman ps -q --filter "label=com.docker.compose.project=$PROJECT" \
                    --filter "label=com.docker.compose.service=$svc"); do
                podman healthcheck run "$ctr" >/dev/null 2>&1 || true
            done
        done
        sleep 2
    done ) &
    HEALTH_PID=$!
}
stop_health_checks() {
    if [ -n "$HEALTH_PID" ]; then
        kill "$HEALTH_PID" 2>/dev/null || true
        wait "$HEALTH_PID" 2>/dev/null || true
        HEALTH_PID=""
    fi
}

cleanup() {
    local rc=$?
    set +e
    stop_health_checks
    if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then
        if (( rc != 0 )); then
            for ctr in $(podman ps -a --filter "label=com.docker.compose.project=$PROJECT" --format '{{.Names}}'); do
                log "last lines of $ctr:"
                timeout 30 podman logs --tail 30 "$ctr" 2>&1 | cut -c1-300
            done
        fi
        log "tearing down"
        timeout 120 docker-compose --ansi never -p "$PROJECT" -f "$COMPOSE_FILE" down --volumes --remove-orphans -t 20 >/dev/null 2>&1
        kill "$SERVICE_PID" 2>/dev/null
        wait "$SERVICE_PID" 2>/dev/null
    fi
    # Whatever compose could not remove (e.g. the service died): by label, this project only.
    podman ps -aq --filter "label=com.docker.compose.project=$PROJECT" | xargs -r podman rm -f -t 5 >/dev/null 2>&1
    podman volume ls -q --filter "label=com.docker.compose.project=$PROJECT" | xargs -r podman volume rm -f >/dev/null 2>&1
    if [ "${SMOKE_KEEP_IMAGES:-1}" = 0 ]; then
        podman rmi -f hubchat-tomcat hubchat-payara >/dev/null 2>&1
    fi
    rm -f "$SOCK"
    log "$( ((rc == 0)) && echo "PASSED" || echo "FAILED (exit $rc)" ) in $(( $(date +%s) - START ))s"
    echo "podman smoke: $PASSED passed, $(( rc == 0 ? 0 : 1 )) failed"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the image names the Dockerfiles use ------------------------------------------------------
from_of() { awk 'toupper($1) == "FROM" { print $2 }' "$1"; }
TEMURIN_IMAGE=$(from_of "$ROOT/docker/tomcat/Dockerfile" | sed -n 1p)
TOMCAT_IMAGE=$(from_of "$ROOT/docker/tomcat/Dockerfile" | sed -n 2p)
PAYARA_IMAGE=$(from_of "$ROOT/docker/payara-micro/Dockerfile" | sed -n 2p)
[ "$(from_of "$ROOT/docker/payara-micro/Dockerfile" | sed -n 1p)" = "$TEMURIN_IMAGE" ] \
    || die "the two Dockerfiles build on different JDK images"
TOMCAT_VERSION=$(sed -E 's/^tomcat:([0-9.]+)-.*/\1/' <<<"$TOMCAT_IMAGE")
PAYARA_VERSION=$(sed -E 's/^payara\/micro:([0-9.]+)-.*/\1/' <<<"$PAYARA_IMAGE")
[[ "$TOMCAT_VERSION" =~ ^[0-9.]+$ && "$PAYARA_VERSION" =~ ^[0-9.]+$ ]] \
    || die "cannot read the versions from $TOMCAT_IMAGE and $PAYARA_IMAGE"
image_of() { # image_of SERVICE: the image: line of a service in the compose file
    awk -v svc="  $1:" '$0 == svc { in_svc = 1; next } in_svc && /^  [^ ]/ { exit }
        in_svc && $1 == "image:" { print $2; exit }' "$COMPOSE_FILE"
}
REDIS_IMAGE=$(image_of redis)
POSTGRES_IMAGE=$(image_of postgres)
BALANCER_IMAGE=$(image_of balancer)
REDIS_VERSION=${REDIS_IMAGE#redis:}
POSTGRES_VERSION=${POSTGRES_IMAGE#postgres:}
HAPROXY_VERSION=${BALANCER_IMAGE#haproxy:}
[[ "$REDIS_VERSION" =~ ^[0-9.]+$ && "$HAPROXY_VERSION" =~ ^[0-9.]+$ ]] \
    || die "cannot read redis:VERSION and haproxy:VERSION from the compose file ('$REDIS_IMAGE', '$BALANCER_IMAGE')"
# A major version alone (postgres:15): Debian's package is postgresql-15.
[[ "$POSTGRES_VERSION" =~ ^[0-9]+$ ]] || die "cannot read postgres:MAJOR from the compose file ('$POSTGRES_IMAGE')"
qualified() { case "$1" in */*) echo "docker.io/$1" ;; *) echo "docker.io/library/$1" ;; esac; }
log "stand-ins for $TEMURIN_IMAGE, $TOMCAT_IMAGE, $PAYARA_IMAGE, $REDIS_IMAGE, $POSTGRES_IMAGE, $BALANCER_IMAGE"

# ---- stand-in base images (cached in podman's store and in $WORK) ----------------------------
CTX="$WORK/context"
rm -rf "$CTX"; mkdir -p "$CTX/certs"
cp "$ROOT"/docker/podman/*.Containerfile "$ROOT"/docker/podman/*-entrypoint.sh "$CTX/"
cp "$CTX/payara-entrypoint.sh" "$CTX/entrypoint.sh"
cp /usr/local/share/ca-certificates/*.crt "$CTX/certs/" 2>/dev/null || true

if ! podman image exists localhost/hubchat-standin-rootfs:bookworm; then
    if [ ! -s "$WORK/rootfs.tar" ]; then
        log "debootstrap: Debian 12 minbase + openjdk-17-jdk-headless (a few minutes, once)"
        rm -rf "$WORK/rootfs"
        bounded 900 debootstrap --variant=minbase --include=ca-certificates,curl,unzip,openjdk-17-jdk-headless \
            bookworm "$WORK/rootfs" http://deb.debian.org/debian >"$WORK/debootstrap.log" 2>&1 \
            || die "debootstrap failed, see $WORK/debootstrap.log"
        rm -rf "$WORK/rootfs/var/cache/apt/archives/"*.deb "$WORK/rootfs/var/lib/apt/lists/"*
        tar -C "$WORK/rootfs" -cf "$WORK/rootfs.tar" .
        rm -rf "$WORK/rootfs"
    fi
    log "importing the root file system"
    bounded 300 podman import -q "$WORK/rootfs.tar" localhost/hubchat-standin-rootfs:bookworm >/dev/null
fi

fetch() { # fetch GROUP:ARTIFACT:VERSION[:TYPE] FILE: one artifact from Maven Central, via the wrapper
    (cd "$ROOT" && bounded 300 ./mvnw -B -q dependency:copy -Dartifact="$1" \
        -DoutputDirectory="$CTX/dl" -Dmdep.stripVersion=true) || die "could not fetch $1"
    mv "$CTX/dl/$(ls "$CTX/dl" | head -1)" "$CTX/$2"; rm -rf "$CTX/dl"
}
log "Tomcat $TOMCAT_VERSION zip and Payara Micro $PAYARA_VERSION jar from Maven Central"
fetch "org.apache.tomcat:tomcat:$TOMCAT_VERSION:zip" tomcat.zip
fetch "fish.payara.extras:payara-micro:$PAYARA_VERSION" payara-micro.jar

build() { # build NAME CONTAINERFILE [--build-arg ...]
    local name=$1 file=$2; shift 2
    bounded 600 podman build -q --layers -f "$CTX/$file" -t "$name" "$@" "$CTX" >>"$WORK/standins.log" 2>&1 \
        || { tail -20 "$WORK/standins.log"; die "building the stand-in $name failed"; }
}
log "building the stand-in images"
: >"$WORK/standins.log"
build localhost/hubchat-standin-base:bookworm base.Containerfile
build "$(qualified "$TEMURIN_IMAGE")" eclipse-temurin.Containerfile
build "$(qualified "$TOMCAT_IMAGE")" tomcat.Containerfile --build-arg TEMURIN="$(qualified "$TEMURIN_IMAGE")"
build "$(qualified "$PAYARA_IMAGE")" payara-micro.Containerfile
build "$(qualified "$REDIS_IMAGE")" redis.Containerfile --build-arg VERSION="$REDIS_VERSION"
build "$(qualified "$POSTGRES_IMAGE")" postgres.Containerfile --build-arg VERSION="$POSTGRES_VERSION"
build "$(qualified "$BALANCER_IMAGE")" haproxy.Containerfile --build-arg VERSION="$HAPROXY_VERSION"

# ---- the Docker-compatible API -----------------------------------------------------------------
rm -f "$SOCK"
podman system service --time=0 "unix://$SOCK" >"$WORK/podman-service.log" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 1 50); do [ -S "$SOCK" ] && break; sleep 0.2; done
[ -S "$SOCK" ] || die "podman system service did not start (see $WORK/podman-service.log)"

# ---- the real compose file ----------------------------------------------------------------------
log "docker-compose config"
compose config -q || die "docker-compose config"
pass "docker-compose config"
log "docker-compose build (the WARs are built inside the images with ./mvnw)"
bounded 900 docker-compose --ansi never -p "$PROJECT" -f "$COMPOSE_FILE" build >"$WORK/build.log" 2>&1 \
    || { tail -40 "$WORK/build.log"; die "docker-compose build (log: $WORK/build.log)"; }
pass "docker-compose build: both images, WARs built inside with ./mvnw"
log "docker-compose up -d (redis and postgres, then, once they are healthy, the nodes, then the balancer)"
start_health_checks
bounded 300 docker-compose --ansi never -p "$PROJECT" -f "$COMPOSE_FILE" up -d --no-build 2>&1 | sed 's/^/  /'
[ "${PIPESTATUS[0]}" = 0 ] || die "docker-compose up"
stop_health_checks
pass "docker-compose up -d"

wait_health() { # wait_health NAME PORT SECONDS
    local deadline=$(( $(date +%s) + $3 ))
    until curl -fsS --max-time 5 "http://127.0.0.1:$2/health" >/dev/null 2>&1; do
        (( $(date +%s) < deadline )) || die "$1: no healthy /health on 127.0.0.1:$2 within $3 s"
        sleep 2
    done
    pass "$1 up on 127.0.0.1:$2 after $(( $(date +%s) - up_at ))s: $(curl -fsS --max-time 5 "http://127.0.0.1:$2/health")"
}
# A node's state as the balancer sees it (its stats page, as CSV: proxy, server, ..., 18th: status).
lb_status() {
    curl -fsS --max-time 5 "http://127.0.0.1:$HUBCHAT_STATS_PORT/;csv" 2>/dev/null \
        | awk -F, -v node="$1" '$1 == "nodes" && $2 == node { print $18 }'
}
wait_lb_status() { # wait_lb_status NODE STATUS SECONDS
    local deadline=$(( $(date +%s) + $3 )) status
    until status=$(lb_status "$1"); [ "$status" = "$2" ]; do
        (( $(date +%s) < deadline )) || die "the balancer has $1 '$status', not $2, after $3 s"
        sleep 1
    done
}
up_at=$(date +%s)
wait_health tomcat "$HUBCHAT_TOMCAT_PORT" 180
wait_health payara "$HUBCHAT_PAYARA_PORT" 240
wait_health "the balancer" "$HUBCHAT_PORT" 60

log "chat smoke test on both (GET /, /health, a WebSocket chat between two clients, one with the node's published origin; a DNS-rebinding handshake refused)"
bounded 60 java "$ROOT/docker/ChatSmoke.java" "http://127.0.0.1:$HUBCHAT_TOMCAT_PORT" || die "chat on Tomcat"
pass "Tomcat: chat page, /health, a WebSocket chat (its published origin allowed) and a rebinding handshake refused (403)"
bounded 60 java "$ROOT/docker/ChatSmoke.java" "http://127.0.0.1:$HUBCHAT_PAYARA_PORT" || die "chat on Payara Micro"
pass "Payara Micro: chat page, /health, a WebSocket chat (its published origin allowed) and a rebinding handshake refused (403)"
curl -fsS "http://127.0.0.1:$HUBCHAT_TOMCAT_PORT/health" | grep -q '"executor":"own"' \
    || die "Tomcat should run the hub on its own executor"
curl -fsS "http://127.0.0.1:$HUBCHAT_PAYARA_PORT/health" | grep -q '"executor":"managed"' \
    || die "Payara should run the hub on managed threads"
pass "executors: own on Tomcat, managed on Payara"

# Podman runs health checks only on request here (see start_health_checks): run the compose
# file's health check command by hand, inside each container, and read the restart policy.
for svc in redis postgres tomcat payara balancer; do
    ctr=$(compose ps -q "$svc")
    [ -n "$ctr" ] || die "no container for $svc"
    checked=""
    if [ "$svc" != balancer ]; then # HAProxy's image has no client to probe it with; it checks the nodes
        bounded 60 podman healthcheck run "$ctr" >/dev/null || die "$svc: the compose health check command fails"
        checked="the compose health check command passes in the container; "
    fi
    policy=$(podman inspect --format '{{.HostConfig.RestartPolicy.Name}}' "$ctr")
    [ "$policy" = unless-stopped ] || die "$svc: restart policy is '$policy'"
    pass "$svc: ${checked}restart policy $policy"
done

redis_ctr=$(compose ps -q redis)
[ "$(podman exec "$redis_ctr" redis-cli config get appendonly | tail -1)" = yes ] \
    || die "redis: append-only persistence is off"
podman inspect --format '{{range .Mounts}}{{.Type}}:{{.Destination}} {{end}}' "$redis_ctr" | grep -qw 'volume:/data' \
    || die "redis: /data is not on a volume"
pass "redis: appendonly yes, its data (/data) on a volume"

# PostgreSQL: the first start made the user and database of the compose file (the nodes log in
# as that user with that password), and its data folder is the named volume postgres-data.
postgres_ctr=$(compose ps -q postgres)
# As the nodes log in: to the container's address on the compose network (not its loopback,
# which the official image trusts), with the password. The password goes in the environment of
# psql alone, never on a command line or in this log.
psql_as() { # psql_as PASSWORD SQL
    local ip
    ip=$(podman inspect --format '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' "$postgres_ctr" | awk '{print $1}')
    podman exec -e PGPASSWORD="$1" "$postgres_ctr" psql -h "$ip" -U hubchat -d hubchat -v ON_ERROR_STOP=1 -qtAc "$2"
}
psql_as_hubchat() { psql_as "${HUBCHAT_DB_PASSWORD:-hubchat-local-only}" "$1"; }
[ "$(psql_as_hubchat 'SELECT current_user')" = hubchat ] || die "postgres: user hubchat cannot log in with its password"
psql_as wrong-password 'SELECT 1' >/dev/null 2>&1 && die "postgres: a wrong password is accepted"
pass "postgres: user hubchat logs in to database hubchat over the network with the compose file's password, not with another"
postgres_volume="${PROJECT}_postgres-data"
podman inspect --format '{{range .Mounts}}{{.Type}}:{{.Name}}:{{.Destination}} {{end}}' "$postgres_ctr" \
    | grep -qw "volume:$postgres_volume:/var/lib/postgresql/data" \
    || die "postgres: /var/lib/postgresql/data is not on the volume $postgres_volume"
[ "$(podman exec "$postgres_ctr" cat /var/lib/postgresql/data/PG_VERSION)" = "$POSTGRES_VERSION" ] \
    || die "postgres: no PostgreSQL $POSTGRES_VERSION cluster in /var/lib/postgresql/data"
pass "postgres: its cluster (PG_VERSION $POSTGRES_VERSION) in /var/lib/postgresql/data on the named volume $postgres_volume"
# The nodes got the database from the compose file, and no log shows its password.
for svc in tomcat payara; do
    settings=$(podman logs "$(compose ps -q "$svc")" 2>&1 | grep -m1 'settings: ' || true)
    for expected in "CHAT_DB_URL=jdbc:postgresql://postgres:5432/hubchat" "CHAT_DB_USER=hubchat" "CHAT_DB_PASSWORD=****"; do
        grep -qF "$expected" <<<"$settings" || die "$svc: its settings line lacks $expected: $settings"
    done
done
for svc in postgres tomcat payara; do
    podman logs "$(compose ps -q "$svc")" 2>&1 | grep -qF "${HUBCHAT_DB_PASSWORD:-hubchat-local-only}" \
        && die "$svc: its log shows PostgreSQL's password"
done
pass "both nodes given PostgreSQL by the compose file (their settings line: CHAT_DB_PASSWORD=****); no log shows the password"

# The restart policy at work: stop each server's JVM from inside (SIGTERM to PID 1, as when it
# dies), then the engine must start the container again and /health must come back.
for svc in tomcat payara; do
    # The exec session may end with the container (non-zero status): the restart count tells.
    podman exec "$(compose ps -q "$svc")" sh -c 'kill -TERM 1' >/dev/null 2>&1 || true
done
up_at=$(date +%s)
for svc in tomcat payara; do
    ctr=$(compose ps -q "$svc")
    deadline=$(( $(date +%s) + 60 ))
    until [ "$(podman inspect --format '{{.RestartCount}}' "$ctr")" -ge 1 ]; do
        (( $(date +%s) < deadline )) || die "$svc: not restarted after its JVM exited"
        sleep 1
    done
done
wait_health "tomcat (restarted)" "$HUBCHAT_TOMCAT_PORT" 180
wait_health "payara (restarted)" "$HUBCHAT_PAYARA_PORT" 240

# ---- two nodes, one chat, through the balancer; then one node killed ------------------------
wait_lb_status tomcat UP 60
wait_lb_status payara UP 60
pass "the balancer has both nodes UP (its health checks pass)"
case "$SMOKE_KILL" in tomcat) survivor=payara ;; payara) survivor=tomcat ;; *) die "SMOKE_KILL is tomcat or payara" ;; esac
log "two nodes, one chat, through the balancer; then podman kill $SMOKE_KILL"
bounded 240 java "$ROOT/docker/ClusterSmoke.java" "http://127.0.0.1:$HUBCHAT_PORT" \
    "tomcat=http://127.0.0.1:$HUBCHAT_TOMCAT_PORT" "payara=http://127.0.0.1:$HUBCHAT_PAYARA_PORT" \
    --kill "$SMOKE_KILL" podman kill "$(compose ps -q "$SMOKE_KILL")" || die "two nodes as one chat"
pass "clients through the balancer on both nodes, each message to each client once and in one order;
      $SMOKE_KILL killed: its clients back through the balancer on $survivor with since, nothing missed or repeated;
      a message re-sent with its cid to $survivor stored once"
wait_lb_status "$SMOKE_KILL" DOWN 30
# The clients above resumed through the balancer with their secret in the query: its log shows
# their requests, never a query.
lb_log=$(podman logs "$(compose ps -q balancer)" 2>&1)
grep -q '"GET /ws/' <<<"$lb_log" || die "the balancer's log shows no WebSocket request"
grep -q 'resume=' <<<"$lb_log" && die "the balancer's log shows a resume secret"
pass "the balancer logs each WebSocket request by its path, no query (no resume secret)"
if [ "$survivor" = tomcat ]; then
    access_log=$(podman exec "$(compose ps -q tomcat)" sh -c 'cat logs/localhost_access_log.*.txt' 2>&1)
    grep -q '"GET /' <<<"$access_log" || die "Tomcat's access log shows no request: $(head -3 <<<"$access_log")"
    grep -q 'resume=' <<<"$access_log" && die "Tomcat's access log shows a resume secret"
    pass "Tomcat's access log shows requests by their path, no query (no resume secret)"
fi
[ "$(lb_status "$survivor")" = UP ] || die "the balancer has $survivor '$(lb_status "$survivor")'"
pass "the balancer's health checks have $SMOKE_KILL DOWN, $survivor UP"
keys=$(podman exec "$redis_ctr" redis-cli dbsize)
(( keys > 0 )) || die "redis holds no keys after the chat"
pass "redis holds the chat ($keys keys)"
# Every message of that chat archived to PostgreSQL, once: as many rows for its room as Redis'
# log of the room has entries (it holds them all, fewer than the history size), and nothing left
# waiting in the room's archive stream (the killed node's batch is taken over after 30 s).
chat_log=$(podman exec "$redis_ctr" redis-cli --scan --pattern '{room:cluster-*}:log' | head -1)
[ -n "$chat_log" ] || die "redis has no log of the two-node chat's room"
chat_room=${chat_log#'{room:'}
chat_room=${chat_room%'}:log'}
logged=$(podman exec "$redis_ctr" redis-cli xlen "$chat_log")
(( logged > 0 )) || die "redis: the log of $chat_room is empty"
deadline=$(( $(date +%s) + 90 ))
until [ "$(psql_as_hubchat "SELECT count(*) FROM hubchat_archive WHERE room = '$chat_room'")" = "$logged" ] \
        && [ "$(podman exec "$redis_ctr" redis-cli xlen "{room:$chat_room}:archive")" = 0 ]; do
    (( $(date +%s) < deadline )) || die "archive: $(psql_as_hubchat "SELECT count(*) FROM hubchat_archive WHERE room = '$chat_room'") of the $logged messages of $chat_room in PostgreSQL after 90 s"
    sleep 1
done
pass "archive: the $logged messages of the two-node chat in PostgreSQL's hubchat_archive, once each; none left waiting in Redis"

# PostgreSQL's data outlives its container: a row written, the container removed and made
# again by compose, the row still there. Then README's backup and restore, as written there.
psql_as_hubchat 'CREATE TABLE smoke_marker (said text); INSERT INTO smoke_marker VALUES ($$kept$$)'
compose rm -sf postgres >/dev/null 2>&1 || die "compose rm -sf postgres"
[ -z "$(compose ps -q postgres)" ] || die "postgres: its container is still there"
start_health_checks
bounded 120 docker-compose --ansi never -p "$PROJECT" -f "$COMPOSE_FILE" up -d --no-deps postgres >/dev/null 2>&1 \
    || die "compose up -d postgres"
postgres_ctr=$(compose ps -q postgres)
deadline=$(( $(date +%s) + 90 ))
until podman healthcheck run "$postgres_ctr" >/dev/null 2>&1; do
    (( $(date +%s) < deadline )) || die "postgres: not healthy again within 90 s"
    sleep 2
done
stop_health_checks
[ "$(psql_as_hubchat 'SELECT said FROM smoke_marker')" = kept ] || die "postgres: the row is gone with its container"
pass "postgres: a new container on the volume has the data of the old one"
backup="$WORK/hubchat.dump"
compose exec -T postgres pg_dump -U hubchat -Fc hubchat >"$backup" || die "pg_dump (README's backup)"
psql_as_hubchat 'DROP TABLE smoke_marker'
compose exec -T postgres pg_restore -U hubchat -d hubchat --clean --if-exists <"$backup" || die "pg_restore (README's restore)"
[ "$(psql_as_hubchat 'SELECT said FROM smoke_marker')" = kept ] || die "postgres: the restore did not bring the table back"
rm -f "$backup"
pass "postgres: README's pg_dump backup and pg_restore restore bring a dropped table back"
log "all checks passed"
