-- Governance state of issue #6. Times are epoch milliseconds; money is micro-USD.
-- Keep in step with postgresql/V1__governance_entities_spend_usage.sql.

-- Entities as versioned JSON documents (a rowid table: documents can be large).
CREATE TABLE entities (
    kind       TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    json       TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    origin     TEXT    NOT NULL,
    PRIMARY KEY (kind, id)
);

-- Settled spend per ledger line, written as absolute values.
CREATE TABLE budget_spend (
    owner        TEXT    NOT NULL,
    budget       TEXT    NOT NULL,
    period_start INTEGER NOT NULL,
    spent_micros INTEGER NOT NULL,
    PRIMARY KEY (owner, budget, period_start)
) WITHOUT ROWID;

CREATE INDEX budget_spend_by_period ON budget_spend (period_start);

-- Usage per hour, key, provider and model; team and customer are the key's when it was used.
CREATE TABLE usage_hourly (
    hour_start    INTEGER NOT NULL,
    key_id        TEXT    NOT NULL,
    provider      TEXT    NOT NULL,
    model         TEXT    NOT NULL,
    team_id       TEXT,
    customer_id   TEXT,
    requests      INTEGER NOT NULL,
    input_tokens  INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    cached_tokens INTEGER NOT NULL,
    cost_micros   INTEGER NOT NULL,
    PRIMARY KEY (hour_start, key_id, provider, model)
) WITHOUT ROWID;

CREATE INDEX usage_hourly_by_key      ON usage_hourly (key_id, hour_start);
CREATE INDEX usage_hourly_by_team     ON usage_hourly (team_id, hour_start);
CREATE INDEX usage_hourly_by_customer ON usage_hourly (customer_id, hour_start);
