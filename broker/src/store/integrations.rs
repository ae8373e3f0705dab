//! Deleting a whole integration (a consumer–provider pair), as the Pact Broker's
//! `DELETE /integrations/provider/{p}/consumer/{c}` does.

use sqlx::AnyConnection;

use super::{StoreResult, pacticipants, versions};

/// What deleting an integration removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Deleted {
    /// Versions of the two pacticipants that nothing referred to afterwards.
    pub orphan_versions: u64,
    /// Whether the consumer itself went (no versions and no other integration left).
    pub consumer: bool,
    /// Whether the provider itself went.
    pub provider: bool,
}

/// Deletes every pact, verification result, webhook and triggered webhook between
/// `consumer_id` and `provider_id`; then the versions of either pacticipant that no pact,
/// verification, deployment or release refers to any more; then either pacticipant when it has
/// no versions and no integration left. Deployed and released versions stay: they record what
/// runs where, which other integrations' can-i-deploy answers depend on.
pub async fn delete(conn: &mut AnyConnection, consumer_id: i64, provider_id: i64) -> StoreResult<Deleted> {
    // Every statement reaches its rows through an index on the pair (checked by
    // tests/broker_query_plans.rs): results and their heads by the pair's pact contents.
    for sql in [
        "DELETE FROM webhook_executions WHERE triggered_webhook_id IN \
         (SELECT id FROM triggered_webhooks WHERE provider_id = $2 AND consumer_id = $1)",
        "DELETE FROM triggered_webhooks WHERE provider_id = $2 AND consumer_id = $1",
        "DELETE FROM webhooks WHERE provider_id = $2 AND consumer_id = $1",
        "DELETE FROM latest_verifications WHERE pact_version_id IN \
         (SELECT id FROM pact_versions WHERE consumer_id = $1 AND provider_id = $2)",
        "DELETE FROM verifications WHERE pact_version_id IN \
         (SELECT id FROM pact_versions WHERE consumer_id = $1 AND provider_id = $2)",
        "DELETE FROM pact_publications WHERE provider_id = $2 AND consumer_id = $1",
        "DELETE FROM pact_versions WHERE consumer_id = $1 AND provider_id = $2",
    ] {
        sqlx::query(sql)
            .bind(consumer_id)
            .bind(provider_id)
            .execute(&mut *conn)
            .await?;
    }
    let orphans: Vec<(i64,)> = sqlx::query_as(
        "SELECT v.id FROM versions v WHERE v.pacticipant_id IN ($1, $2) \
         AND NOT EXISTS (SELECT 1 FROM pact_publications pp WHERE pp.consumer_version_id = v.id) \
         AND NOT EXISTS (SELECT 1 FROM verifications vr WHERE vr.provider_version_id = v.id) \
         AND NOT EXISTS (SELECT 1 FROM deployed_versions d WHERE d.version_id = v.id) \
         AND NOT EXISTS (SELECT 1 FROM released_versions r WHERE r.version_id = v.id)",
    )
    .bind(consumer_id)
    .bind(provider_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut deleted = Deleted::default();
    for (id,) in orphans {
        versions::delete(conn, id).await?;
        deleted.orphan_versions = deleted.orphan_versions.saturating_add(1);
    }
    deleted.consumer = delete_if_orphan(conn, consumer_id).await?;
    deleted.provider = consumer_id != provider_id && delete_if_orphan(conn, provider_id).await?;
    Ok(deleted)
}

/// Deletes a pacticipant with no versions left and no pacts from other consumers (without
/// versions it can have published no pact and verified none).
async fn delete_if_orphan(conn: &mut AnyConnection, id: i64) -> StoreResult<bool> {
    let (in_use,): (i64,) = sqlx::query_as(
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM versions WHERE pacticipant_id = $1) \
         OR EXISTS (SELECT 1 FROM pact_publications WHERE provider_id = $1) \
         THEN 1 ELSE 0 END",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    if in_use == 1 {
        return Ok(false);
    }
    pacticipants::delete(conn, id).await?;
    Ok(true)
}
