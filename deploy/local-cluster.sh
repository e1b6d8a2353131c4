#!/bin/sh
# Runs an N-node Heimdall cluster on this machine, on loopback only: N node processes (one JVM each), the mock
# provider, and HAProxy in TCP mode in front, all nodes sharing one database of the local PostgreSQL.
#
#   local-cluster.sh N        start N nodes (default 3); the cluster answers on http://127.0.0.1:8080
#   local-cluster.sh stop     stop everything it started (the database stays)
#   local-cluster.sh status   what runs, and each node's readiness
#
# Ports: HAProxy 8080 (statistics on 8404), node i's gateway 8080+i, its Hazelcast member 5700+i, the mock 9090.
# The nodes' admin token is local-admin-token-0123456789, and the virtual key hk-local-0000000000000000000000001
# calls the gateway: try
#   curl -s localhost:8080/v1/chat/completions -H 'authorization: Bearer hk-local-0000000000000000000000001' \
#     -H 'content-type: application/json' -d '{"model":"smart","messages":[{"role":"user","content":"hi"}]}'
#   curl -s localhost:8081/admin/v1/cluster -H 'authorization: Bearer local-admin-token-0123456789'
#
# Environment (all optional):
#   HEIMDALL_LOCAL_DIR             configurations, logs and pid files (default /tmp/heimdall-local-cluster)
#   HEIMDALL_LOCAL_PORT            HAProxy's port (default 8080); HEIMDALL_LOCAL_STATS_PORT its statistics (8404)
#   HEIMDALL_LOCAL_HTTP_BASE       node i's gateway listens on BASE+i (default 8080)
#   HEIMDALL_LOCAL_HAZELCAST_BASE  node i's member listens on BASE+i (default 5700)
#   HEIMDALL_LOCAL_MOCK_PORT       the mock provider's port (default 9090)
#   HEIMDALL_LOCAL_DB              the database the nodes share, created when missing (default heimdall_local)
#   PGHOST PGPORT PGUSER           where PostgreSQL is (default 127.0.0.1, 5432, postgres; trust authentication)
#   HEIMDALL_LOCAL_JAR_DIR         where heimdall.jar and heimdall-loadtest.jar are (default: the bundle's lib/ or
#                                  the source tree's node/target and loadtest/target)
#   JAVA_HOME                      the Java 17+ runtime (default: java on PATH)
set -eu

DIR=${HEIMDALL_LOCAL_DIR:-/tmp/heimdall-local-cluster}
PORT=${HEIMDALL_LOCAL_PORT:-8080}
STATS_PORT=${HEIMDALL_LOCAL_STATS_PORT:-8404}
HTTP_BASE=${HEIMDALL_LOCAL_HTTP_BASE:-8080}
HAZELCAST_BASE=${HEIMDALL_LOCAL_HAZELCAST_BASE:-5700}
MOCK_PORT=${HEIMDALL_LOCAL_MOCK_PORT:-9090}
DB=${HEIMDALL_LOCAL_DB:-heimdall_local}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
export PGHOST PGPORT PGUSER
ADMIN_TOKEN=local-admin-token-0123456789
CLIENT_KEY=hk-local-0000000000000000000000001
HERE=$(cd "$(dirname "$0")" && pwd -P)

say() { echo "local-cluster: $*"; }
die() { echo "local-cluster: $*" >&2; exit 1; }

java_runtime() {
  if [ -n "${JAVA_HOME:-}" ]; then echo "$JAVA_HOME/bin/java"; else echo java; fi
}

jar_dir() {
  if [ -n "${HEIMDALL_LOCAL_JAR_DIR:-}" ]; then
    echo "$HEIMDALL_LOCAL_JAR_DIR"
  elif [ -f "$HERE/../lib/heimdall.jar" ]; then
    echo "$HERE/../lib"
  else
    echo ""
  fi
}

jar() {
  dir=$(jar_dir)
  if [ -n "$dir" ]; then
    echo "$dir/$1"
  elif [ "$1" = heimdall.jar ]; then
    echo "$HERE/../node/target/heimdall.jar"
  else
    echo "$HERE/../loadtest/target/heimdall-loadtest.jar"
  fi
}

# the HTTP status of a GET, 000 when nothing answers
status_of() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1" || true
}

# waits until $1 answers $2, for at most $3 seconds
await_status() {
  deadline=$(( $(date +%s) + $3 ))
  while [ "$(status_of "$1")" != "$2" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

running() {
  [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

ensure_haproxy() {
  command -v haproxy >/dev/null 2>&1 && return 0
  say "HAProxy is missing: installing it from the OS packages"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null
  fi
  command -v haproxy >/dev/null 2>&1
}

ensure_database() {
  command -v psql >/dev/null 2>&1 || die "needs psql and a PostgreSQL at $PGHOST:$PGPORT (the nodes share its database $DB)"
  psql -d postgres -tAc "SELECT 1" >/dev/null 2>&1 || die "PostgreSQL at $PGHOST:$PGPORT does not answer as $PGUSER"
  if [ "$(psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]; then
    psql -d postgres -qc "CREATE DATABASE \"$DB\"" >/dev/null
    say "created database $DB"
  fi
}

node_config() {
  i=$1
  n=$2
  members=""
  j=1
  while [ "$j" -le "$n" ]; do
    members="$members${members:+, }\"127.0.0.1:$((HAZELCAST_BASE + j))\""
    j=$((j + 1))
  done
  cat <<EOF
# node $i of the local cluster (written by local-cluster.sh)
server: { host: 127.0.0.1, port: $((HTTP_BASE + i)), event-loops: 1, drain-timeout: 30s }
admin:
  tokens: [ { name: local, token: "$ADMIN_TOKEN", role: admin } ]
cluster:
  name: heimdall-local
  host: 127.0.0.1
  port: $((HAZELCAST_BASE + i))
  join: { members: [ $members ] }
storage: { url: "jdbc:postgresql://$PGHOST:$PGPORT/$DB", user: "$PGUSER" }
providers:
  openai:
    type: openai
    base-url: "http://127.0.0.1:$MOCK_PORT/openai"
    keys: [ { name: main, value: sk-local-openai } ]
  anthropic:
    type: anthropic
    base-url: "http://127.0.0.1:$MOCK_PORT/anthropic"
    keys: [ { name: main, value: sk-ant-local } ]
models:
  smart:
    targets: [ { provider: openai, model: gpt-4o, weight: 70 }, { provider: anthropic, model: claude-sonnet-4-5, weight: 30 } ]
    fallbacks: [ { provider: openai, model: gpt-4o-mini } ]
virtual-keys:
  - { name: local, key: "$CLIENT_KEY" }
EOF
}

# deploy/haproxy/haproxy.cfg for loopback: no chroot, user or syslog (it runs as whoever starts it), connections
# within an ordinary user's file limit, and one server line per local node
haproxy_config() {
  n=$1
  awk -v port="$PORT" -v stats="$STATS_PORT" -v n="$n" -v base="$HTTP_BASE" '
    /^[[:space:]]*(chroot|user|group|log)[[:space:]]/ { next }
    /^[[:space:]]*server[[:space:]]+node/ {
      if (!done) { for (i = 1; i <= n; i++) printf "    server node%d 127.0.0.1:%d\n", i, base + i; done = 1 }
      next
    }
    /^[[:space:]]*bind :8080/ { print "    bind 127.0.0.1:" port; next }
    /^[[:space:]]*bind 127.0.0.1:8404/ { print "    bind 127.0.0.1:" stats; next }
    /^[[:space:]]*option tcplog/ { next }
    /^[[:space:]]*maxconn[[:space:]]/ { print "    maxconn 4000"; next }
    { print }
  ' "$HERE/haproxy/haproxy.cfg"
}

start() {
  n=$1
  case $n in ''|*[!0-9]*) die "expected a number of nodes, got $n" ;; esac
  [ "$n" -ge 1 ] || die "expected at least one node"
  mkdir -p "$DIR"
  for pid in "$DIR"/*.pid; do
    [ -f "$pid" ] || continue
    running "$pid" && die "a local cluster runs already ($DIR): local-cluster.sh stop first"
  done
  for j in heimdall.jar heimdall-loadtest.jar; do
    [ -f "$(jar "$j")" ] || die "$(jar "$j") is missing: build it with mvn package (or set HEIMDALL_LOCAL_JAR_DIR)"
  done
  command -v curl >/dev/null 2>&1 || die "needs curl"
  ensure_database
  JAVA=$(java_runtime)

  "$JAVA" -Xmx128m -jar "$(jar heimdall-loadtest.jar)" mock --port "$MOCK_PORT" > "$DIR/mock.log" 2>&1 &
  echo $! > "$DIR/mock.pid"
  await_status "http://127.0.0.1:$MOCK_PORT/_mock/health" 200 30 || die "the mock did not start: see $DIR/mock.log"
  say "mock provider on http://127.0.0.1:$MOCK_PORT"

  i=1
  while [ "$i" -le "$n" ]; do
    node_config "$i" "$n" > "$DIR/node$i.yaml"
    # the JVM options of bin/heimdall: Hazelcast's JDK internals, no phone-home call, its logs through the node's
    # shellcheck disable=SC2086 # JVM options are words by design
    "$JAVA" -XX:+UseParallelGC -Xmx256m -XX:TieredStopAtLevel=1 \
      --add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED \
      --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
      --add-opens java.management/sun.management=ALL-UNNAMED \
      --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED \
      -Dhazelcast.phone.home.enabled=false -Dhazelcast.logging.type=slf4j ${JAVA_OPTS:-} \
      -jar "$(jar heimdall.jar)" --config "$DIR/node$i.yaml" > "$DIR/node$i.log" 2>&1 &
    echo $! > "$DIR/node$i.pid"
    i=$((i + 1))
  done
  i=1
  while [ "$i" -le "$n" ]; do
    await_status "http://127.0.0.1:$((HTTP_BASE + i))/health/ready" 200 120 \
      || die "node $i did not become ready: see $DIR/node$i.log"
    say "node $i on http://127.0.0.1:$((HTTP_BASE + i)), member 127.0.0.1:$((HAZELCAST_BASE + i)), pid $(cat "$DIR/node$i.pid")"
    i=$((i + 1))
  done
  echo "$n" > "$DIR/size"

  if ensure_haproxy; then
    haproxy_config "$n" > "$DIR/haproxy.cfg"
    haproxy -c -q -f "$DIR/haproxy.cfg" || die "HAProxy refuses $DIR/haproxy.cfg"
    haproxy -D -f "$DIR/haproxy.cfg" -p "$DIR/haproxy.pid"
    await_status "http://127.0.0.1:$PORT/health/ready" 200 30 || die "HAProxy does not answer on $PORT"
    say "HAProxy (TCP) on http://127.0.0.1:$PORT, statistics on http://127.0.0.1:$STATS_PORT/"
  else
    say "warning: no HAProxy (install the haproxy package); call the nodes directly"
  fi
  say "$n nodes up; admin token $ADMIN_TOKEN, client key $CLIENT_KEY; logs in $DIR"
}

stop() {
  [ -d "$DIR" ] || { say "nothing runs"; return 0; }
  # HAProxy first, so no new request reaches a stopping node; then the nodes, which drain on SIGTERM
  for name in haproxy $(cd "$DIR" && ls node*.pid 2>/dev/null | sed 's/\.pid$//') mock; do
    pid_file="$DIR/$name.pid"
    if running "$pid_file"; then
      kill "$(cat "$pid_file")"
    fi
  done
  for pid_file in "$DIR"/*.pid; do
    [ -f "$pid_file" ] || continue
    deadline=$(( $(date +%s) + 90 ))
    while running "$pid_file"; do
      if [ "$(date +%s)" -ge "$deadline" ]; then
        say "$(basename "$pid_file" .pid) ignored SIGTERM for 90 s: killing it"
        kill -9 "$(cat "$pid_file")" 2>/dev/null || true
      fi
      sleep 0.2
    done
    rm -f "$pid_file"
  done
  say "stopped (the database $DB stays; logs in $DIR)"
}

show() {
  [ -f "$DIR/size" ] || { say "nothing runs"; return 0; }
  for pid_file in "$DIR"/*.pid; do
    [ -f "$pid_file" ] || continue
    name=$(basename "$pid_file" .pid)
    if running "$pid_file"; then state="pid $(cat "$pid_file")"; else state="not running"; fi
    case $name in
      node*) state="$state, /health/ready $(status_of "http://127.0.0.1:$((HTTP_BASE + ${name#node}))/health/ready")" ;;
    esac
    say "$name: $state"
  done
}

case ${1:-3} in
  stop) stop ;;
  status) show ;;
  -h|--help) sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//' ;;
  *) start "${1:-3}" ;;
esac
