//! Earlier publications of a pact between one consumer and one provider, for diffs.

use sqlx::AnyConnection;

use super::StoreResult;
use super::pacts::{PACT_ROW_SELECT, PactRow};

/// The publication from the consumer version just before `row`'s (by creation order).
pub async fn previous(conn: &mut AnyConnection, row: &PactRow) -> StoreResult<Option<PactRow>> {
    let sql = format!(
        "{PACT_ROW_SELECT} WHERE pp.provider_id = $1 AND pp.consumer_id = $2 AND pp.consumer_version_id < $3 \
         ORDER BY pp.consumer_version_id DESC LIMIT 1"
    );
    Ok(sqlx::query_as(&sql)
        .bind(row.provider_id)
        .bind(row.consumer_id)
        .bind(row.consumer_version_id)
        .fetch_optional(conn)
        .await?)
}

/// The newest publication from an earlier consumer version whose content differs from `row`'s.
pub async fn previous_distinct(conn: &mut AnyConnection, row: &PactRow) -> StoreResult<Option<PactRow>> {
    let sql = format!(
        "{PACT_ROW_SELECT} WHERE pp.provider_id = $1 AND pp.consumer_id = $2 AND pp.consumer_version_id < $3 \
         AND pp.pact_version_id <> $4 ORDER BY pp.consumer_version_id DESC LIMIT 1"
    );
    Ok(sqlx::query_as(&sql)
        .bind(row.provider_id)
        .bind(row.consumer_id)
        .bind(row.consumer_version_id)
        .bind(row.pact_version_id)
        .fetch_optional(conn)
        .await?)
}
