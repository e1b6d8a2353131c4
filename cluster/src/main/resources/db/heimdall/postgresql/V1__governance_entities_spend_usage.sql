-- Governance state of issue #6. Times are epoch milliseconds; money is micro-USD.
-- Keep in step with sqlite/V1__governance_entities_spend_usage.sql.
-- Names and ids collate "C" (byte order), so lists and usage groups sort as they do on SQLite and in Java,
-- whatever the database's locale.

-- Entities as versioned JSON documents. TEXT, not jsonb: the document comes back exactly as written.
CREATE TABLE entities (
    kind       TEXT COLLATE "C" NOT NULL,
    id         TEXT COLLATE "C" NOT NULL,
    json       TEXT             NOT NULL,
    version    BIGINT           NOT NULL,
    updated_at BIGINT           NOT NULL,
    origin     TEXT             NOT NULL,
    PRIMARY KEY (kind, id)
);

-- Settled spend per ledger line, written as absolute values.
CREATE TABLE budget_spend (
    owner        TEXT COLLATE "C" NOT NULL,
    budget       TEXT COLLATE "C" NOT NULL,
    period_start BIGINT           NOT NULL,
    spent_micros BIGINT           NOT NULL,
    PRIMARY KEY (owner, budget, period_start)
);

CREATE INDEX budget_spend_by_period ON budget_spend (period_start);

-- Usage per hour, key, provider and model; team and customer are the key's when it was used.
CREATE TABLE usage_hourly (
    hour_start    BIGINT           NOT NULL,
    key_id        TEXT COLLATE "C" NOT NULL,
    provider      TEXT COLLATE "C" NOT NULL,
    model         TEXT COLLATE "C" NOT NULL,
    team_id       TEXT COLLATE "C",
    customer_id   TEXT COLLATE "C",
    requests      BIGINT           NOT NULL,
    input_tokens  BIGINT           NOT NULL,
    output_tokens BIGINT           NOT NULL,
    cached_tokens BIGINT           NOT NULL,
    cost_micros   BIGINT           NOT NULL,
    PRIMARY KEY (hour_start, key_id, provider, model)
);

CREATE INDEX usage_hourly_by_key      ON usage_hourly (key_id, hour_start);
CREATE INDEX usage_hourly_by_team     ON usage_hourly (team_id, hour_start);
CREATE INDEX usage_hourly_by_customer ON usage_hourly (customer_id, hour_start);
