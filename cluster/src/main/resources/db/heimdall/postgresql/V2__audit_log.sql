-- The audit log of issue #7: one row per request the gateway answered or per change made through the admin API.
-- Keep in step with sqlite/V2__audit_log.sql.
-- The record itself is the JSON document the admin API exports (TEXT: it comes back exactly as written); the columns
-- beside it are the fields the log is filtered on. Times are epoch milliseconds.
CREATE TABLE audit_records (
    id         TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    kind       TEXT COLLATE "C" NOT NULL,
    time_ms    BIGINT           NOT NULL,
    request_id TEXT COLLATE "C",
    key_id     TEXT COLLATE "C",
    team_id    TEXT COLLATE "C",
    model      TEXT COLLATE "C",
    provider   TEXT COLLATE "C",
    status     INTEGER,
    rule       TEXT COLLATE "C",
    record     TEXT             NOT NULL
);

-- Pages are read newest first and continue after (time_ms, id): each filter has an index that ends in those two
-- columns, so a filtered page is one ordered index range, however many records match. Columns that admin records
-- (or unauthenticated, unrouted requests) leave empty are indexed only where set.
CREATE INDEX audit_by_time     ON audit_records (time_ms, id);
CREATE INDEX audit_admin       ON audit_records (time_ms, id) WHERE kind = 'admin';
CREATE INDEX audit_by_key      ON audit_records (key_id, time_ms, id) WHERE key_id IS NOT NULL;
CREATE INDEX audit_by_team     ON audit_records (team_id, time_ms, id) WHERE team_id IS NOT NULL;
CREATE INDEX audit_by_model    ON audit_records (model, time_ms, id) WHERE model IS NOT NULL;
CREATE INDEX audit_by_provider ON audit_records (provider, time_ms, id) WHERE provider IS NOT NULL;
CREATE INDEX audit_by_status   ON audit_records (status, time_ms, id) WHERE status IS NOT NULL;
CREATE INDEX audit_by_rule     ON audit_records (rule, time_ms, id) WHERE rule IS NOT NULL;
CREATE INDEX audit_by_request  ON audit_records (request_id) WHERE request_id IS NOT NULL;
