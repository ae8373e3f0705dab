//! Reads the depth of the durable webhook queue (owned by the webhook module) for `/metrics`.
//!
//! The queue is `triggered_webhooks` (migration 0200): one row per (webhook, event occurrence) with
//! a text `status` (`not_run`, `retrying`, `success`, `failure`); each attempt is a row of
//! `webhook_executions`. This module only reads them, and does nothing when they do not exist.

use std::collections::BTreeMap;

use sqlx::AnyConnection;

use super::counts::table_exists;
use crate::store::StoreResult;

/// The queue table.
const QUEUE_TABLE: &str = "triggered_webhooks";

/// Deliveries per status, or `None` when there is no queue table.
pub async fn depth_by_status(conn: &mut AnyConnection) -> StoreResult<Option<BTreeMap<String, i64>>> {
    if !table_exists(conn, QUEUE_TABLE).await? {
        return Ok(None);
    }
    let rows: Vec<(String, i64)> = sqlx::query_as(&format!(
        "SELECT status, COUNT(*) FROM {QUEUE_TABLE} GROUP BY status"
    ))
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some(rows.into_iter().collect()))
}

/// (attempts, failed attempts) recorded in `webhook_executions`, or `None` when it does not exist.
pub async fn attempts(conn: &mut AnyConnection) -> StoreResult<Option<(i64, i64)>> {
    if !table_exists(conn, "webhook_executions").await? {
        return Ok(None);
    }
    let (all, failed): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), SUM(CASE WHEN success = 0 THEN 1 ELSE 0 END) FROM webhook_executions",
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(Some((all, failed.unwrap_or(0))))
}

/// Whether deliveries in `status` are still waiting to be sent.
///
/// ```
/// use pact_broker::ops::webhook_queue::is_waiting;
///
/// assert!(is_waiting("retrying"));
/// assert!(!is_waiting("succeeded"));
/// ```
pub fn is_waiting(status: &str) -> bool {
    matches!(
        status.to_ascii_lowercase().as_str(),
        "pending" | "queued" | "retrying" | "not_run" | "in_progress" | "running" | "due"
    )
}

/// Whether deliveries in `status` failed for good.
pub fn is_failed(status: &str) -> bool {
    matches!(
        status.to_ascii_lowercase().as_str(),
        "failed" | "failure" | "dead" | "gave_up" | "exhausted"
    )
}
