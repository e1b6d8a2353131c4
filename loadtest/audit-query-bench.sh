#!/usr/bin/env bash
# Audit log query benchmark: fills the audit table of a PostgreSQL schema with N synthetic records (INSERT ... SELECT
# generate_series, in chunks, indexes built afterwards as a bulk load does), then times the admin API's filtered
# queries (GET /admin/v1/audit, the first page of 100 and a page deep in the log) through a real node, and shows the
# plan and execution time PostgreSQL reports for the same SQL the node runs.
#
# Prerequisite: mvn -DskipTests package (builds node/target/heimdall.jar); psql, curl and jq on the PATH.
# Usage: loadtest/audit-query-bench.sh [--records 10000000] [--schema heimdall_audit_bench] [--keep]
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGDATABASE (test), PGUSER (postgres), GATEWAY_PORT (18080),
#              JAVA_OPTS. The schema is dropped at the end unless --keep; with --keep a second run reuses it.
set -euo pipefail
cd "$(dirname "$0")/.."

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGDATABASE=${PGDATABASE:-test} PGUSER=${PGUSER:-postgres}
GATEWAY_PORT=${GATEWAY_PORT:-18080}
NODE_JAR=node/target/heimdall.jar
RECORDS=10000000 SCHEMA=heimdall_audit_bench KEEP=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --records) RECORDS=$2; shift 2 ;;
    --schema) SCHEMA=$2; shift 2 ;;
    --keep) KEEP=true; shift ;;
    *) echo "unexpected argument: $1" >&2; exit 2 ;;
  esac
done
[[ -f $NODE_JAR ]] || { echo "missing $NODE_JAR (run: mvn -DskipTests package)" >&2; exit 1; }
for tool in psql curl jq java; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done

TOKEN=audit-bench-admin-token-0000
WORK=$(mktemp -d -t heimdall-audit-bench.XXXXXX)
NODE_PID=""
cleanup() {
  [[ -n $NODE_PID ]] && kill "$NODE_PID" 2>/dev/null && wait "$NODE_PID" 2>/dev/null || true
  if [[ $KEEP == false ]]; then
    psql -q -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
sql() { psql -X -q -v ON_ERROR_STOP=1 -At -c "SET search_path TO $SCHEMA" -c "$1"; }
log() { echo "$(date +%H:%M:%S) $*" >&2; }

cat >"$WORK/heimdall.yaml" <<EOF
server: { host: 127.0.0.1, port: $GATEWAY_PORT }
storage: { url: "jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE?currentSchema=$SCHEMA", user: $PGUSER }
audit: { spill-directory: "$WORK/spill", retention-days: 0 }
admin: { tokens: [ { name: bench, token: $TOKEN, role: viewer } ] }
EOF

start_node() {
  java ${JAVA_OPTS:-} -jar "$NODE_JAR" --config "$WORK/heimdall.yaml" >"$WORK/node.log" 2>&1 &
  NODE_PID=$!
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$GATEWAY_PORT/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$NODE_PID" 2>/dev/null || { cat "$WORK/node.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "the node did not become ready" >&2; exit 1
}
stop_node() {
  kill "$NODE_PID"; wait "$NODE_PID" 2>/dev/null || true; NODE_PID=""
}

psql -q -c "CREATE SCHEMA IF NOT EXISTS $SCHEMA" >/dev/null
# the node creates the schema with its own migrations, so the table is exactly the one it queries
start_node
stop_node

EXISTING=$(sql "SELECT count(*) FROM audit_records")
if [[ $EXISTING -ne $RECORDS ]]; then
  log "filling $SCHEMA.audit_records with $RECORDS records (was $EXISTING)"
  sql "TRUNCATE audit_records"
  # a bulk load: the secondary indexes are dropped, the rows written, the indexes built again
  INDEXES=$(sql "SELECT indexdef || ';' FROM pg_indexes WHERE schemaname = '$SCHEMA' AND tablename = 'audit_records'
                 AND indexname <> 'audit_records_pkey'")
  sql "SELECT 'DROP INDEX ' || indexname FROM pg_indexes WHERE schemaname = '$SCHEMA' AND tablename = 'audit_records'
       AND indexname <> 'audit_records_pkey'" | while read -r drop; do sql "$drop"; done
  NOW_MS=$(( $(date +%s) * 1000 ))
  SPAN_MS=$(( 30 * 24 * 3600 * 1000 ))
  CHUNK=1000000
  for (( from = 1; from <= RECORDS; from += CHUNK )); do
    to=$(( from + CHUNK - 1 < RECORDS ? from + CHUNK - 1 : RECORDS ))
    # one record per i, in time order over the last 30 days: 1,000 keys in 50 teams, 10 models of 7 providers,
    # 93% answered, 3% 429, 2% 500, 1% 401 (no key, no provider), 1% 400; 10% routed by one of 5 rules; 0.1% admin
    # changes (no request fields)
    sql "SET synchronous_commit TO off;
    INSERT INTO audit_records (id, kind, time_ms, request_id, key_id, team_id, model, provider, status, rule, record)
    SELECT id, kind, time_ms, request_id, key_id, team_id, model, provider, status, rule,
           json_build_object('id', id, 'kind', kind, 'time', to_char(to_timestamp(time_ms / 1000.0) AT TIME ZONE 'UTC',
                   'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), 'node', 'node-' || (i % 3), 'request-id', request_id,
                   'ingress', 'openai', 'key-id', key_id, 'key-name', key_id, 'team', team_id, 'customer', customer,
                   'requested-model', model, 'rule', rule,
                   'attempts', CASE WHEN provider IS NULL THEN json_build_array() ELSE json_build_array(json_build_object(
                           'provider', provider, 'key', 'main', 'model', model, 'status', status, 'latency-ms', latency,
                           'error', CASE WHEN status = 200 THEN NULL ELSE 'ServerError' END)) END,
                   'provider', provider, 'model', model, 'status', status, 'input-tokens', 800 + i % 900,
                   'output-tokens', 120 + i % 300, 'cached-tokens', 0, 'cost-usd', round((i % 5000) / 1e6, 6),
                   'latency-ms', latency, 'first-token-ms', NULL, 'guardrail-findings', json_build_array(),
                   'request-body', NULL, 'response-body', NULL, 'bodies-truncated', false)::text
    FROM (
      SELECT i, id, kind, time_ms, latency, CASE WHEN request THEN request_id END AS request_id,
             CASE WHEN keyed THEN key_id END AS key_id, CASE WHEN keyed THEN team_id END AS team_id,
             CASE WHEN keyed THEN customer END AS customer, CASE WHEN keyed THEN model END AS model,
             CASE WHEN keyed THEN provider END AS provider, CASE WHEN request THEN status END AS status,
             CASE WHEN request THEN rule END AS rule
      FROM (
        SELECT i, lpad(to_hex(t), 12, '0') || lpad(to_hex(i), 16, '0') AS id,
               CASE WHEN i % 1000 = 0 THEN 'admin' ELSE 'request' END AS kind, t AS time_ms, i % 1000 <> 0 AS request,
               i % 1000 <> 0 AND s BETWEEN 980 AND 989 IS NOT TRUE AS keyed,
               'req_' || lpad(to_hex(hashint8extended(i, 5) & 9223372036854775807), 16, '0') AS request_id,
               'vk-' || k AS key_id, 'team-' || (k % 50) AS team_id, 'customer-' || (k % 10) AS customer,
               (ARRAY['gpt-4o','gpt-4o-mini','claude-sonnet-4-5','claude-haiku-4-5','gemini-2.5-pro','gemini-2.5-flash',
                      'llama-3.1-8b-instant','mistral-large','command-r','amazon.nova-pro'])[m + 1] AS model,
               (ARRAY['openai','openai','anthropic','anthropic','gemini','gemini','groq','mistral','cohere','bedrock'])[m + 1]
                   AS provider,
               CASE WHEN s < 930 THEN 200 WHEN s < 960 THEN 429 WHEN s < 980 THEN 500 WHEN s < 990 THEN 401 ELSE 400 END
                   AS status,
               CASE WHEN r < 10 THEN (ARRAY['cheap','residency','long-context','summaries','eu'])[r % 5 + 1] END AS rule,
               40 + s % 900 AS latency
        FROM (SELECT i, $NOW_MS - $SPAN_MS + i * $SPAN_MS / $RECORDS AS t,
                     (hashint8extended(i, 1) & 9223372036854775807) % 1000 AS k,
                     (hashint8extended(i, 2) & 9223372036854775807) % 10 AS m,
                     (hashint8extended(i, 3) & 9223372036854775807) % 1000 AS s,
                     (hashint8extended(i, 4) & 9223372036854775807) % 100 AS r
              FROM generate_series($from::bigint, $to::bigint) i) g
      ) drawn
    ) rows"
    log "  $to records"
  done
  log "building the indexes"
  while read -r create; do sql "$create"; done <<<"$INDEXES"
  log "vacuum analyze"
  sql "VACUUM ANALYZE audit_records"
fi
SIZE=$(sql "SELECT pg_size_pretty(pg_table_size('audit_records')) || ' table, '
            || pg_size_pretty(pg_indexes_size('audit_records')) || ' indexes'")
log "$RECORDS records: $SIZE"

# a key, a request id and the time of the record in the middle of the log, for filters and the deep page
MID=$(sql "SELECT time_ms || ' ' || id || ' ' || request_id FROM audit_records WHERE kind = 'request'
           AND time_ms >= (SELECT (min(time_ms) + max(time_ms)) / 2 FROM audit_records) ORDER BY time_ms, id LIMIT 1")
read -r MID_TIME MID_ID MID_REQUEST <<<"$MID"
CURSOR=$(printf '%s:%s' "$MID_TIME" "$MID_ID" | base64 -w0 | tr '+/' '-_' | tr -d '=')
DAY_FROM=$(date -u -d "@$(( MID_TIME / 1000 - 43200 ))" +%Y-%m-%dT%H:%M:%SZ)
DAY_TO=$(date -u -d "@$(( MID_TIME / 1000 + 43200 ))" +%Y-%m-%dT%H:%M:%SZ)
HOUR_FROM=$(date -u -d "@$(( MID_TIME / 1000 - 3600 ))" +%Y-%m-%dT%H:%M:%SZ)
LAST_HOUR=$(date -u -d "@$(( $(date +%s) - 3600 ))" +%Y-%m-%dT%H:%M:%SZ)

start_node
BASE="http://127.0.0.1:$GATEWAY_PORT/admin/v1/audit?limit=100"
# the filter as the admin API takes it | the WHERE clause the node's AuditTable builds for it
QUERIES=(
  "|"
  "key=vk-17|AND key_id = 'vk-17'"
  "team=team-3|AND team_id = 'team-3'"
  "model=gpt-4o|AND model = 'gpt-4o'"
  "provider=anthropic|AND provider = 'anthropic'"
  "status=429|AND status = 429"
  "status=401|AND status = 401"
  "status=5xx|AND status BETWEEN 500 AND 599"
  "rule=summaries|AND rule = 'summaries'"
  "request_id=$MID_REQUEST|AND request_id = '$MID_REQUEST'"
  "kind=admin|AND kind = 'admin'"
  "from=$LAST_HOUR|AND time_ms >= $(( ($(date +%s) - 3600) * 1000 ))"
  "key=vk-17&from=$DAY_FROM&to=$DAY_TO|AND key_id = 'vk-17' AND time_ms >= $(( MID_TIME - 43200000 )) AND time_ms < $(( MID_TIME + 43200000 ))"
  "key=vk-17&status=429|AND key_id = 'vk-17' AND status = 429"
  "team=team-3&model=claude-haiku-4-5&status=500|AND team_id = 'team-3' AND model = 'claude-haiku-4-5' AND status = 500"
  "provider=openai&from=$HOUR_FROM&to=$DAY_TO|AND provider = 'openai' AND time_ms >= $(( MID_TIME - 3600000 )) AND time_ms < $(( MID_TIME + 43200000 ))"
  "cursor=$CURSOR|AND (time_ms, id) < ($MID_TIME, '$MID_ID')"
  "model=gpt-4o&cursor=$CURSOR|AND model = 'gpt-4o' AND (time_ms, id) < ($MID_TIME, '$MID_ID')"
)
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# the node's JIT and PostgreSQL's cache warm up on three passes over every query before anything is timed
for _ in 1 2 3; do
  for entry in "${QUERIES[@]}"; do
    filter=${entry%%|*}
    curl -fs -o /dev/null -H "Authorization: Bearer $TOKEN" "$BASE${filter:+&$filter}"
  done
done

echo
echo "| filter (GET /admin/v1/audit?limit=100&...) | records | HTTP median ms | HTTP max ms | SQL ms | index |"
echo "|---|---:|---:|---:|---:|---|"
for entry in "${QUERIES[@]}"; do
  filter=${entry%%|*} where=${entry#*|}
  url="$BASE${filter:+&$filter}"
  curl -fs -H "Authorization: Bearer $TOKEN" "$url" -o "$WORK/page.json"
  count=$(jq '.data | length' "$WORK/page.json")
  times=()
  for _ in 1 2 3 4 5; do
    times+=("$(curl -fs -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $TOKEN" "$url")")
  done
  http_median=$(printf '%s\n' "${times[@]}" | median | awk '{ printf "%.1f", $1 * 1000 }')
  http_max=$(printf '%s\n' "${times[@]}" | sort -n | tail -1 | awk '{ printf "%.1f", $1 * 1000 }')
  plan=$(sql "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT record FROM audit_records
              WHERE time_ms >= 0 AND time_ms < 9223372036854775807 $where ORDER BY time_ms DESC, id DESC LIMIT 101")
  sql_ms=$(jq '.[0]["Execution Time"] + .[0]["Planning Time"] | . * 10 | round / 10' <<<"$plan")
  index=$(jq -r '[.. | objects | select(has("Index Name")) | .["Index Name"]] | unique | join(", ")' <<<"$plan")
  printf '| %s | %s | %s | %s | %s | %s |\n' "${filter:-(none)}" "$count" "$http_median" "$http_max" "$sql_ms" \
    "${index:-(sequential scan)}"
done
stop_node
echo
echo "$RECORDS records, $SIZE; PostgreSQL $(sql 'SHOW server_version'), shared_buffers $(sql 'SHOW shared_buffers')"
