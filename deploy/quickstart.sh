#!/usr/bin/env bash
# Builds Heimdall, starts the bundled mock provider on :9090 and a node on :8080 with deploy/examples/local.yaml,
# and prints a request to try. Works offline: every provider is the mock. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -ntp -DskipTests package

mkdir -p run
java -jar loadtest/target/heimdall-loadtest.jar mock --port 9090 > run/mock.log 2>&1 &
MOCK_PID=$!
trap 'kill $MOCK_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  curl -fs http://127.0.0.1:9090/_mock/health >/dev/null 2>&1 && break
  sleep 0.2
done

cat <<'TRY'

Heimdall is starting on http://127.0.0.1:8080 (mock provider on :9090). Try, in another terminal:

  curl -s http://127.0.0.1:8080/v1/chat/completions -H 'content-type: application/json' \
    -H 'authorization: Bearer hk-local-dev-0000000000000000000001' \
    -d '{"model":"smart","messages":[{"role":"user","content":"Hello, Heimdall"}]}'

  curl -sN http://127.0.0.1:8080/v1/chat/completions -H 'content-type: application/json' \
    -H 'authorization: Bearer hk-local-dev-0000000000000000000001' \
    -d '{"model":"anthropic/claude-sonnet-4-5","stream":true,"messages":[{"role":"user","content":"Stream to me"}]}'

  curl -s http://127.0.0.1:8080/v1/key/info -H 'authorization: Bearer hk-local-dev-0000000000000000000001'

  curl -s http://127.0.0.1:8080/admin/v1/usage -H 'authorization: Bearer local-admin-token-change-me'

TRY
java -jar node/target/heimdall.jar --config deploy/examples/local.yaml &
NODE_PID=$!
trap 'kill $NODE_PID $MOCK_PID 2>/dev/null || true' EXIT INT TERM
wait $NODE_PID
