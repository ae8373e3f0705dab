//! Webhooks: their definitions here, the durable delivery queue and the attempt log in its private `queue` module.

mod queue;

pub use queue::*;

use sqlx::AnyConnection;

use super::{StoreResult, now};

/// A stored webhook with the names of its consumer and provider.
#[derive(Debug, Clone, sqlx::FromRow, PartialEq, Eq)]
pub struct WebhookRow {
    /// Row id.
    pub id: i64,
    /// Public id.
    pub uuid: String,
    /// Free text.
    pub description: Option<String>,
    /// Consumer scope by id.
    pub consumer_id: Option<i64>,
    /// That consumer's name.
    pub consumer_name: Option<String>,
    /// Consumer scope by label.
    pub consumer_label: Option<String>,
    /// Provider scope by id.
    pub provider_id: Option<i64>,
    /// That provider's name.
    pub provider_name: Option<String>,
    /// Provider scope by label.
    pub provider_label: Option<String>,
    /// Event names, space-separated.
    pub events: String,
    /// HTTP method.
    pub method: String,
    /// URL template.
    pub url: String,
    /// Header templates as a JSON object.
    pub headers: String,
    /// Body as JSON text.
    pub body: Option<String>,
    /// Basic auth user.
    pub username: Option<String>,
    /// Basic auth password.
    pub password: Option<String>,
    /// 1 when enabled.
    pub enabled: i64,
    /// Creation time.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
}

/// The fields written when a webhook is created or replaced.
#[derive(Debug, Clone)]
pub struct WebhookFields {
    /// Free text.
    pub description: Option<String>,
    /// Consumer scope by id.
    pub consumer_id: Option<i64>,
    /// Consumer scope by label.
    pub consumer_label: Option<String>,
    /// Provider scope by id.
    pub provider_id: Option<i64>,
    /// Provider scope by label.
    pub provider_label: Option<String>,
    /// Event names, space-separated.
    pub events: String,
    /// HTTP method.
    pub method: String,
    /// URL template.
    pub url: String,
    /// Header templates as a JSON object.
    pub headers: String,
    /// Body as JSON text.
    pub body: Option<String>,
    /// Basic auth user.
    pub username: Option<String>,
    /// Basic auth password.
    pub password: Option<String>,
    /// Whether it fires.
    pub enabled: bool,
}

const WEBHOOK_SELECT: &str = "SELECT w.id, w.uuid, w.description, w.consumer_id, c.name AS consumer_name, \
     w.consumer_label, w.provider_id, p.name AS provider_name, w.provider_label, w.events, w.method, w.url, \
     w.headers, w.body, w.username, w.password, w.enabled, w.created_at, w.updated_at FROM webhooks w \
     LEFT JOIN pacticipants c ON c.id = w.consumer_id LEFT JOIN pacticipants p ON p.id = w.provider_id ";

/// Binds the thirteen [`WebhookFields`] in column order, `description` through `enabled`, as
/// both `create` and `replace` write them.
fn bind_fields<'q>(
    query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    f: &WebhookFields,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    query
        .bind(f.description.clone())
        .bind(f.consumer_id)
        .bind(f.consumer_label.clone())
        .bind(f.provider_id)
        .bind(f.provider_label.clone())
        .bind(f.events.clone())
        .bind(f.method.clone())
        .bind(f.url.clone())
        .bind(f.headers.clone())
        .bind(f.body.clone())
        .bind(f.username.clone())
        .bind(f.password.clone())
        .bind(i64::from(f.enabled))
}

/// Creates a webhook with this uuid.
pub async fn create(conn: &mut AnyConnection, uuid: &str, f: &WebhookFields) -> StoreResult<()> {
    let ts = now();
    let query = sqlx::query(
        "INSERT INTO webhooks (uuid, description, consumer_id, consumer_label, provider_id, provider_label, events, \
         method, url, headers, body, username, password, enabled, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
    )
    .bind(uuid);
    bind_fields(query, f)
        .bind(ts.clone())
        .bind(ts)
        .execute(conn)
        .await?;
    Ok(())
}

/// Replaces every field of an existing webhook.
pub async fn replace(conn: &mut AnyConnection, id: i64, f: &WebhookFields) -> StoreResult<()> {
    let query = sqlx::query(
        "UPDATE webhooks SET description = $1, consumer_id = $2, consumer_label = $3, provider_id = $4, \
         provider_label = $5, events = $6, method = $7, url = $8, headers = $9, body = $10, username = $11, \
         password = $12, enabled = $13, updated_at = $14 WHERE id = $15",
    );
    bind_fields(query, f).bind(now()).bind(id).execute(conn).await?;
    Ok(())
}

/// Finds a webhook by uuid.
pub async fn find(conn: &mut AnyConnection, uuid: &str) -> StoreResult<Option<WebhookRow>> {
    let sql = format!("{WEBHOOK_SELECT} WHERE w.uuid = $1");
    Ok(sqlx::query_as(&sql).bind(uuid).fetch_optional(conn).await?)
}

/// Finds a webhook by row id.
pub async fn find_by_id(conn: &mut AnyConnection, id: i64) -> StoreResult<Option<WebhookRow>> {
    let sql = format!("{WEBHOOK_SELECT} WHERE w.id = $1");
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(conn).await?)
}

/// Deletes a webhook (its past deliveries stay, detached); returns whether it existed.
pub async fn delete(conn: &mut AnyConnection, uuid: &str) -> StoreResult<bool> {
    let r = sqlx::query("DELETE FROM webhooks WHERE uuid = $1")
        .bind(uuid)
        .execute(conn)
        .await?;
    Ok(r.rows_affected() > 0)
}

/// Which webhooks a list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// Only webhooks scoped to this consumer.
    pub consumer_id: Option<i64>,
    /// Only webhooks scoped to this provider.
    pub provider_id: Option<i64>,
}

/// Webhooks in creation order (bounded).
pub async fn list(conn: &mut AnyConnection, filter: ListFilter) -> StoreResult<Vec<WebhookRow>> {
    let mut b = super::SqlBuilder::new(WEBHOOK_SELECT);
    b.push("WHERE 1 = 1");
    if let Some(id) = filter.consumer_id {
        b.push(" AND w.consumer_id = ").bind_int(id);
    }
    if let Some(id) = filter.provider_id {
        b.push(" AND w.provider_id = ").bind_int(id);
    }
    b.push(" ORDER BY w.id LIMIT 10000");
    Ok(b.query_as().fetch_all(conn).await?)
}

/// Enabled webhooks that may apply to a pact between these pacticipants (global ones included;
/// label scopes are left for the caller to judge).
pub async fn candidates(
    conn: &mut AnyConnection,
    consumer_id: i64,
    provider_id: i64,
) -> StoreResult<Vec<WebhookRow>> {
    let sql = format!(
        "{WEBHOOK_SELECT} WHERE w.enabled = 1 AND (w.consumer_id IS NULL OR w.consumer_id = $1) \
         AND (w.provider_id IS NULL OR w.provider_id = $2) ORDER BY w.id"
    );
    Ok(sqlx::query_as(&sql)
        .bind(consumer_id)
        .bind(provider_id)
        .fetch_all(conn)
        .await?)
}
