-- Webhooks and their durable delivery queue (SQLite).
-- A webhook: who it listens to (consumer/provider by name or label, none = every pacticipant),
-- which events, and the request template it sends.
CREATE TABLE webhooks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    description TEXT,
    consumer_id INTEGER REFERENCES pacticipants(id) ON DELETE CASCADE,
    consumer_label TEXT,
    provider_id INTEGER REFERENCES pacticipants(id) ON DELETE CASCADE,
    provider_label TEXT,
    events TEXT NOT NULL,
    method TEXT NOT NULL,
    url TEXT NOT NULL,
    headers TEXT NOT NULL,
    body TEXT,
    username TEXT,
    password TEXT,
    enabled INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX webhooks_provider_consumer ON webhooks (provider_id, consumer_id);

-- One row per (webhook, event occurrence): the queue. `status` is not_run, retrying, success or
-- failure; a worker claims a due row by setting `locked_until`/`locked_by` (its lease), so a row
-- whose worker died becomes due again when the lease runs out. `parameters` holds the
-- ${pactbroker.*} values captured when the event happened.
CREATE TABLE triggered_webhooks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    webhook_id INTEGER REFERENCES webhooks(id) ON DELETE SET NULL,
    webhook_uuid TEXT NOT NULL,
    description TEXT NOT NULL,
    event_name TEXT NOT NULL,
    trigger_type TEXT NOT NULL,
    consumer_id INTEGER,
    provider_id INTEGER,
    consumer_name TEXT NOT NULL,
    provider_name TEXT NOT NULL,
    consumer_version_id INTEGER,
    pact_version_id INTEGER,
    verification_id INTEGER,
    parameters TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts_made INTEGER NOT NULL,
    max_attempts INTEGER NOT NULL,
    next_attempt_at TEXT NOT NULL,
    locked_until TEXT,
    locked_by TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX triggered_webhooks_due ON triggered_webhooks (next_attempt_at) WHERE status IN ('not_run', 'retrying');
CREATE INDEX triggered_webhooks_publication ON triggered_webhooks (provider_id, consumer_id, consumer_version_id);
CREATE INDEX triggered_webhooks_verification ON triggered_webhooks (verification_id);
CREATE INDEX triggered_webhooks_webhook ON triggered_webhooks (webhook_id);

-- One row per delivery attempt: what was sent (secrets redacted), what came back, how long it took.
CREATE TABLE webhook_executions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    triggered_webhook_id INTEGER NOT NULL REFERENCES triggered_webhooks(id) ON DELETE CASCADE,
    attempt INTEGER NOT NULL,
    success INTEGER NOT NULL,
    request_method TEXT NOT NULL,
    request_url TEXT NOT NULL,
    request_headers TEXT NOT NULL,
    request_body TEXT,
    response_status INTEGER,
    response_headers TEXT,
    response_body TEXT,
    error TEXT,
    duration_ms INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX webhook_executions_triggered ON webhook_executions (triggered_webhook_id, id);
