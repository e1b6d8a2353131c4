#!/usr/bin/env bash
# Gateway overhead benchmark: mock provider direct vs. through a Heimdall node, open loop, A B A B.
#
# Prerequisite: mvn -DskipTests package (builds loadtest/target/heimdall-loadtest.jar and node/target/heimdall.jar).
# Usage: loadtest/overhead.sh [--rate 1000] [--duration 30] [--warmup 15] [--rounds 2]
#                             [--markdown docs/benchmarks-overhead-latest.md] [any other `overhead` option]
# Environment: HEIMDALL_CONFIG (default deploy/examples/local.yaml), MOCK_PORT (9090), GATEWAY_PORT (8080),
#              JAVA_OPTS (extra JVM options for both processes).
set -euo pipefail
cd "$(dirname "$0")/.."

LOADTEST_JAR=loadtest/target/heimdall-loadtest.jar
NODE_JAR=node/target/heimdall.jar
CONFIG=${HEIMDALL_CONFIG:-deploy/examples/local.yaml}
MOCK_PORT=${MOCK_PORT:-9090}
GATEWAY_PORT=${GATEWAY_PORT:-8080}
RATE=1000 DURATION=30 WARMUP=15 ROUNDS=2 MARKDOWN=docs/benchmarks-overhead-latest.md
PASS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rate) RATE=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --markdown) MARKDOWN=$2; shift 2 ;;
    --*) [[ $# -ge 2 ]] || { echo "missing value for $1" >&2; exit 2; }; PASS+=("$1" "$2"); shift 2 ;;
    *) echo "unexpected argument: $1" >&2; exit 2 ;;
  esac
done
for f in "$LOADTEST_JAR" "$NODE_JAR" "$CONFIG"; do
  [[ -f $f ]] || { echo "missing $f (run: mvn -DskipTests package)" >&2; exit 1; }
done

LOGS=$(mktemp -d -t heimdall-overhead.XXXXXX)
MOCK_PID="" NODE_PID=""
cleanup() {
  for pid in $NODE_PID $MOCK_PID; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $NODE_PID $MOCK_PID; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT INT TERM

wait_for() { # url seconds name
  local deadline=$((SECONDS + $2))
  until curl -sf -o /dev/null "$1"; do
    if ((SECONDS >= deadline)); then
      echo "$3 not ready at $1 after $2 s; logs in $LOGS" >&2
      exit 1
    fi
    sleep 0.2
  done
}

# shellcheck disable=SC2086
java ${JAVA_OPTS:-} -jar "$LOADTEST_JAR" mock --port "$MOCK_PORT" --latency-ms 0 --no-record >"$LOGS/mock.log" 2>&1 &
MOCK_PID=$!
wait_for "http://127.0.0.1:$MOCK_PORT/_mock/health" 30 "mock provider"
echo "mock provider ready (pid $MOCK_PID)"

# shellcheck disable=SC2086
java ${JAVA_OPTS:-} -jar "$NODE_JAR" --config "$CONFIG" >"$LOGS/node.log" 2>&1 &
NODE_PID=$!
wait_for "http://127.0.0.1:$GATEWAY_PORT/health/ready" 60 "heimdall node"
echo "heimdall node ready (pid $NODE_PID); logs in $LOGS"

BOUND=$(( (ROUNDS + 1) * 2 * (DURATION + WARMUP + 20) + 60 ))
STATUS=0
timeout "$BOUND" java ${JAVA_OPTS:-} -jar "$LOADTEST_JAR" overhead \
  --direct-url "http://127.0.0.1:$MOCK_PORT/openai/v1/chat/completions" \
  --gateway-url "http://127.0.0.1:$GATEWAY_PORT/v1/chat/completions" \
  --rate "$RATE" --duration "$DURATION" --warmup "$WARMUP" --rounds "$ROUNDS" --markdown "$MARKDOWN" \
  --api-key "${HEIMDALL_DEV_KEY:-hk-local-dev-0000000000000000000001}" \
  ${PASS[@]+"${PASS[@]}"} || STATUS=$?

# The gateway's own view: its in-process overhead histogram (time in Heimdall excluding the upstream wait), over every
# request it served in this run, warm-up included. Quantiles are bucket upper bounds, so they round up.
if METRICS=$(curl -fs "http://127.0.0.1:$GATEWAY_PORT/metrics"); then
  SUMMARY=$(printf '%s\n' "$METRICS" | awk '
    /^heimdall_overhead_seconds_bucket/ {
      match($0, /le="[^"]+"/); le = substr($0, RSTART + 4, RLENGTH - 5)
      n++; bound[n] = le; count[n] = $NF
    }
    /^heimdall_overhead_seconds_count/ { total = $NF }
    /^heimdall_overhead_seconds_sum/ { sum = $NF }
    function q(p,   i) { for (i = 1; i <= n; i++) if (count[i] >= p * total) return bound[i] == "+Inf" ? "inf" : sprintf("%.1f", bound[i] * 1e6); return "inf" }
    END {
      if (total == 0) exit 1
      printf "| requests | %d |\n| mean | %.1f µs |\n| p50 | <= %s µs |\n| p90 | <= %s µs |\n| p99 | <= %s µs |\n| p99.9 | <= %s µs |\n", total, sum / total * 1e6, q(0.5), q(0.9), q(0.99), q(0.999)
    }') || SUMMARY=""
  if [[ -n "$SUMMARY" ]]; then
    printf '\nIn-process overhead (heimdall_overhead_seconds, all requests incl. warm-up):\n%s\n' "$SUMMARY"
    if [[ -n "$MARKDOWN" && -f "$MARKDOWN" ]]; then
      printf '\nThe node'"'"'s own measurement, `heimdall_overhead_seconds` (time in the gateway excluding the upstream wait), over every request it served in the run, warm-up included; quantiles are histogram bucket bounds:\n\n| | |\n|---|---:|\n%s\n' "$SUMMARY" >> "$MARKDOWN"
    fi
  fi
fi
exit $STATUS
