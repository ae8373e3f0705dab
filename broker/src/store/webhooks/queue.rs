//! The durable delivery queue (triggered webhooks) and the log of each attempt.
//!
//! A due delivery is claimed by one worker at a time: the claim sets a lease (`locked_until`,
//! `locked_by`) in one statement that, on PostgreSQL, skips rows other instances are claiming
//! (`FOR UPDATE SKIP LOCKED`); on SQLite writers are serialised anyway. A worker that dies leaves
//! its lease to run out, and the delivery becomes due again.

use sqlx::AnyConnection;

use crate::store::{Backend, Store, StoreResult, now};

/// A delivery waiting in (or done with) the queue.
#[derive(Debug, Clone, sqlx::FromRow, PartialEq, Eq)]
pub struct TriggeredRow {
    /// Row id.
    pub id: i64,
    /// Public id.
    pub uuid: String,
    /// The webhook (gone when it was deleted).
    pub webhook_id: Option<i64>,
    /// The webhook's uuid when triggered.
    pub webhook_uuid: String,
    /// What the delivery is, in words.
    pub description: String,
    /// The event name.
    pub event_name: String,
    /// `resource_creation` (an event) or `user` (an explicit execution).
    pub trigger_type: String,
    /// Consumer name.
    pub consumer_name: String,
    /// Provider name.
    pub provider_name: String,
    /// The publication's consumer version.
    pub consumer_version_id: Option<i64>,
    /// The pact content.
    pub pact_version_id: Option<i64>,
    /// The verification that triggered it.
    pub verification_id: Option<i64>,
    /// `${pactbroker.*}` values as a JSON object.
    pub parameters: String,
    /// not_run, retrying, success or failure.
    pub status: String,
    /// Attempts so far.
    pub attempts_made: i64,
    /// Attempts allowed.
    pub max_attempts: i64,
    /// When the next attempt is due.
    pub next_attempt_at: String,
    /// When it was triggered.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
}

const TRIGGERED_COLUMNS: &str = "id, uuid, webhook_id, webhook_uuid, description, event_name, trigger_type, \
     consumer_name, provider_name, consumer_version_id, pact_version_id, verification_id, parameters, status, \
     attempts_made, max_attempts, next_attempt_at, created_at, updated_at";

/// A delivery to queue.
#[derive(Debug, Clone)]
pub struct NewTriggered {
    /// Public id.
    pub uuid: String,
    /// The webhook.
    pub webhook_id: i64,
    /// Its uuid.
    pub webhook_uuid: String,
    /// What the delivery is, in words.
    pub description: String,
    /// The event name.
    pub event_name: String,
    /// `resource_creation` or `user`.
    pub trigger_type: String,
    /// Consumer id.
    pub consumer_id: Option<i64>,
    /// Provider id.
    pub provider_id: Option<i64>,
    /// Consumer name.
    pub consumer_name: String,
    /// Provider name.
    pub provider_name: String,
    /// The publication's consumer version.
    pub consumer_version_id: Option<i64>,
    /// The pact content.
    pub pact_version_id: Option<i64>,
    /// The verification that triggered it.
    pub verification_id: Option<i64>,
    /// `${pactbroker.*}` values as a JSON object.
    pub parameters: String,
    /// Attempts allowed.
    pub max_attempts: i64,
}

/// Queues a delivery, due now; returns its row id.
pub async fn enqueue(conn: &mut AnyConnection, t: &NewTriggered) -> StoreResult<i64> {
    let ts = now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO triggered_webhooks (uuid, webhook_id, webhook_uuid, description, event_name, trigger_type, \
         consumer_id, provider_id, consumer_name, provider_name, consumer_version_id, pact_version_id, verification_id, \
         parameters, status, attempts_made, max_attempts, next_attempt_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'not_run', 0, $15, $16, $17, $18) \
         RETURNING id",
    )
    .bind(t.uuid.clone())
    .bind(t.webhook_id)
    .bind(t.webhook_uuid.clone())
    .bind(t.description.clone())
    .bind(t.event_name.clone())
    .bind(t.trigger_type.clone())
    .bind(t.consumer_id)
    .bind(t.provider_id)
    .bind(t.consumer_name.clone())
    .bind(t.provider_name.clone())
    .bind(t.consumer_version_id)
    .bind(t.pact_version_id)
    .bind(t.verification_id)
    .bind(t.parameters.clone())
    .bind(t.max_attempts)
    .bind(ts.clone())
    .bind(ts.clone())
    .bind(ts)
    .fetch_one(conn)
    .await?;
    Ok(id)
}

/// Claims up to `limit` due deliveries for `worker` until `lease_until`.
pub async fn claim(
    store: &Store,
    worker: &str,
    at: &str,
    lease_until: &str,
    limit: i64,
) -> StoreResult<Vec<TriggeredRow>> {
    let skip_locked = match store.backend() {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let sql = format!(
        "UPDATE triggered_webhooks SET locked_until = $1, locked_by = $2 WHERE id IN (SELECT id FROM triggered_webhooks \
         WHERE status IN ('not_run', 'retrying') AND next_attempt_at <= $3 AND (locked_until IS NULL OR locked_until < $3) \
         ORDER BY next_attempt_at, id LIMIT $4{skip_locked}) RETURNING {TRIGGERED_COLUMNS}"
    );
    let mut tx = store.begin_write().await?;
    let rows: Vec<TriggeredRow> = sqlx::query_as(&sql)
        .bind(lease_until)
        .bind(worker)
        .bind(at)
        .bind(limit)
        .fetch_all(tx.conn())
        .await?;
    tx.commit().await?;
    Ok(rows)
}

/// When the next queued delivery (or expiring lease) is due, if any.
pub async fn next_due(store: &Store) -> StoreResult<Option<String>> {
    let (due,): (Option<String>,) = sqlx::query_as(
        "SELECT MIN(CASE WHEN locked_until IS NOT NULL AND locked_until > next_attempt_at THEN locked_until \
         ELSE next_attempt_at END) FROM triggered_webhooks WHERE status IN ('not_run', 'retrying')",
    )
    .fetch_one(store.pool())
    .await?;
    Ok(due)
}

/// The state a delivery moves to after an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptOutcome {
    /// retrying, success or failure.
    pub status: String,
    /// Attempts made, this one included.
    pub attempts_made: i64,
    /// When the next attempt is due (for `retrying`).
    pub next_attempt_at: String,
}

/// Records an attempt's outcome and releases the lease, if `worker` still holds it; returns
/// whether it did.
pub async fn finish(
    conn: &mut AnyConnection,
    id: i64,
    worker: &str,
    outcome: &AttemptOutcome,
) -> StoreResult<bool> {
    let r = sqlx::query(
        "UPDATE triggered_webhooks SET status = $1, attempts_made = $2, next_attempt_at = $3, locked_until = NULL, \
         locked_by = NULL, updated_at = $4 WHERE id = $5 AND locked_by = $6",
    )
    .bind(outcome.status.clone())
    .bind(outcome.attempts_made)
    .bind(outcome.next_attempt_at.clone())
    .bind(now())
    .bind(id)
    .bind(worker)
    .execute(conn)
    .await?;
    Ok(r.rows_affected() > 0)
}

/// Sets a delivery's state directly (for executions run in the request).
pub async fn set_status(conn: &mut AnyConnection, id: i64, outcome: &AttemptOutcome) -> StoreResult<()> {
    sqlx::query(
        "UPDATE triggered_webhooks SET status = $1, attempts_made = $2, next_attempt_at = $3, updated_at = $4 WHERE id = $5",
    )
    .bind(outcome.status.clone())
    .bind(outcome.attempts_made)
    .bind(outcome.next_attempt_at.clone())
    .bind(now())
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Finds a delivery by uuid.
pub async fn find_triggered(conn: &mut AnyConnection, uuid: &str) -> StoreResult<Option<TriggeredRow>> {
    let sql = format!("SELECT {TRIGGERED_COLUMNS} FROM triggered_webhooks WHERE uuid = $1");
    Ok(sqlx::query_as(&sql).bind(uuid).fetch_optional(conn).await?)
}

/// Deliveries triggered by publishing a consumer version's pact for a provider.
pub async fn triggered_by_publication(
    conn: &mut AnyConnection,
    provider_id: i64,
    consumer_version_id: i64,
) -> StoreResult<Vec<TriggeredRow>> {
    let sql = format!(
        "SELECT {TRIGGERED_COLUMNS} FROM triggered_webhooks WHERE provider_id = $1 AND consumer_version_id = $2 \
         AND verification_id IS NULL ORDER BY id LIMIT 1000"
    );
    Ok(sqlx::query_as(&sql)
        .bind(provider_id)
        .bind(consumer_version_id)
        .fetch_all(conn)
        .await?)
}

/// Deliveries triggered by a verification result.
pub async fn triggered_by_verification(
    conn: &mut AnyConnection,
    verification_id: i64,
) -> StoreResult<Vec<TriggeredRow>> {
    let sql = format!(
        "SELECT {TRIGGERED_COLUMNS} FROM triggered_webhooks WHERE verification_id = $1 ORDER BY id LIMIT 1000"
    );
    Ok(sqlx::query_as(&sql).bind(verification_id).fetch_all(conn).await?)
}

/// The newest delivery of each webhook for an integration.
pub async fn latest_per_webhook(
    conn: &mut AnyConnection,
    provider_id: i64,
    consumer_id: i64,
) -> StoreResult<Vec<TriggeredRow>> {
    let sql = format!(
        "SELECT {TRIGGERED_COLUMNS} FROM triggered_webhooks WHERE id IN (SELECT MAX(id) FROM triggered_webhooks \
         WHERE provider_id = $1 AND consumer_id = $2 GROUP BY webhook_uuid) ORDER BY id"
    );
    Ok(sqlx::query_as(&sql)
        .bind(provider_id)
        .bind(consumer_id)
        .fetch_all(conn)
        .await?)
}

/// The newest deliveries of one webhook.
pub async fn triggered_of_webhook(
    conn: &mut AnyConnection,
    webhook_uuid: &str,
    limit: i64,
) -> StoreResult<Vec<TriggeredRow>> {
    let sql = format!(
        "SELECT {TRIGGERED_COLUMNS} FROM triggered_webhooks WHERE webhook_uuid = $1 ORDER BY id DESC LIMIT $2"
    );
    Ok(sqlx::query_as(&sql)
        .bind(webhook_uuid)
        .bind(limit)
        .fetch_all(conn)
        .await?)
}

/// One logged attempt.
#[derive(Debug, Clone, sqlx::FromRow, PartialEq, Eq)]
pub struct ExecutionRow {
    /// Row id.
    pub id: i64,
    /// The delivery.
    pub triggered_webhook_id: i64,
    /// 1 for the first attempt.
    pub attempt: i64,
    /// 1 when it succeeded.
    pub success: i64,
    /// Method sent.
    pub request_method: String,
    /// URL sent (credentials redacted).
    pub request_url: String,
    /// Headers sent as a JSON object (secrets redacted).
    pub request_headers: String,
    /// Body sent.
    pub request_body: Option<String>,
    /// Response status, when one came.
    pub response_status: Option<i64>,
    /// Response headers as a JSON object.
    pub response_headers: Option<String>,
    /// The start of the response body.
    pub response_body: Option<String>,
    /// Why it failed, when it did without a response (or was refused).
    pub error: Option<String>,
    /// How long it took.
    pub duration_ms: i64,
    /// When it ran.
    pub created_at: String,
}

/// An attempt to log (the id and time are filled in).
pub type NewExecution = ExecutionRow;

/// Logs an attempt.
pub async fn record_execution(conn: &mut AnyConnection, e: &NewExecution) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO webhook_executions (triggered_webhook_id, attempt, success, request_method, request_url, \
         request_headers, request_body, response_status, response_headers, response_body, error, duration_ms, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(e.triggered_webhook_id)
    .bind(e.attempt)
    .bind(e.success)
    .bind(e.request_method.clone())
    .bind(e.request_url.clone())
    .bind(e.request_headers.clone())
    .bind(e.request_body.clone())
    .bind(e.response_status)
    .bind(e.response_headers.clone())
    .bind(e.response_body.clone())
    .bind(e.error.clone())
    .bind(e.duration_ms)
    .bind(now())
    .execute(conn)
    .await?;
    Ok(())
}

/// The attempts of a delivery, oldest first.
pub async fn executions_of(
    conn: &mut AnyConnection,
    triggered_webhook_id: i64,
) -> StoreResult<Vec<ExecutionRow>> {
    Ok(sqlx::query_as(
        "SELECT id, triggered_webhook_id, attempt, success, request_method, request_url, request_headers, request_body, \
         response_status, response_headers, response_body, error, duration_ms, created_at FROM webhook_executions \
         WHERE triggered_webhook_id = $1 ORDER BY id LIMIT 1000",
    )
    .bind(triggered_webhook_id)
    .fetch_all(conn)
    .await?)
}

/// Provider versions whose verification of a pact version matters and is missing: the head of
/// the provider's main branch and every currently deployed or released version, minus those that
/// already have a result for this content. Returns `(version id, number)`.
pub async fn versions_requiring_verification(
    conn: &mut AnyConnection,
    provider_id: i64,
    pact_version_id: i64,
) -> StoreResult<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT v.id, v.number FROM versions v WHERE v.id IN ( \
           SELECT MAX(bv.version_id) FROM branch_versions bv JOIN pacticipants p ON p.id = bv.pacticipant_id \
             WHERE bv.pacticipant_id = $1 AND bv.branch_name = p.main_branch \
           UNION SELECT d.version_id FROM deployed_versions d WHERE d.pacticipant_id = $1 AND d.currently_deployed = 1 \
           UNION SELECT r.version_id FROM released_versions r WHERE r.pacticipant_id = $1 AND r.currently_supported = 1) \
         AND NOT EXISTS (SELECT 1 FROM latest_verifications lv WHERE lv.pact_version_id = $2 AND lv.provider_version_id = v.id) \
         ORDER BY v.id",
    )
    .bind(provider_id)
    .bind(pact_version_id)
    .fetch_all(conn)
    .await?)
}

/// The SHA of the newest pact between the pair published by a consumer version older than
/// `consumer_version_id`.
pub async fn previous_sha(
    conn: &mut AnyConnection,
    provider_id: i64,
    consumer_id: i64,
    consumer_version_id: i64,
) -> StoreResult<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT pv.sha FROM pact_publications pp JOIN pact_versions pv ON pv.id = pp.pact_version_id \
         WHERE pp.provider_id = $1 AND pp.consumer_id = $2 AND pp.consumer_version_id < $3 \
         ORDER BY pp.consumer_version_id DESC LIMIT 1",
    )
    .bind(provider_id)
    .bind(consumer_id)
    .bind(consumer_version_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(sha,)| sha))
}

/// Leases a delivery to `worker` (used inside the transaction that queued it, so no other worker
/// can claim it first).
pub async fn lease(conn: &mut AnyConnection, id: i64, worker: &str, until: &str) -> StoreResult<()> {
    sqlx::query("UPDATE triggered_webhooks SET locked_until = $1, locked_by = $2 WHERE id = $3")
        .bind(until)
        .bind(worker)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Finds a delivery by row id.
pub async fn find_triggered_by_id(conn: &mut AnyConnection, id: i64) -> StoreResult<Option<TriggeredRow>> {
    let sql = format!("SELECT {TRIGGERED_COLUMNS} FROM triggered_webhooks WHERE id = $1");
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(conn).await?)
}
