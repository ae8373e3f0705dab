//! Queries behind field-level usage and consumer impact: the pacts a provider's consumers use
//! today, and the provider's OpenAPI documents.

use sqlx::AnyConnection;

use super::pacts::{self, LatestScope, PactRow, latest_per_consumer};
use super::{SqlBuilder, StoreResult};

/// The pacts with `provider_id` that consumers rely on today: the newest pact on each consumer's
/// main branch and those of consumer versions currently deployed or released. One row per
/// distinct pact content (the newest publication of it), sorted by consumer and version.
pub async fn pacts_in_use(conn: &mut AnyConnection, provider_id: i64) -> StoreResult<Vec<PactRow>> {
    let mut rows = latest_per_consumer(conn, Some(provider_id), None, &LatestScope::MainBranch).await?;
    rows.extend(pacts::currently_placed(conn, provider_id).await?);
    Ok(pacts::newest_per_content(rows))
}

/// The provider's newest OpenAPI document published for a version older than
/// `before_version_id` (any version when `None`): its content and provider version number.
pub async fn latest_contract(
    conn: &mut AnyConnection,
    provider_id: i64,
    before_version_id: Option<i64>,
) -> StoreResult<Option<(String, String)>> {
    let mut b = SqlBuilder::new(
        "SELECT pc.content, v.number FROM provider_contracts pc JOIN versions v ON v.id = pc.provider_version_id \
         WHERE pc.provider_id = ",
    );
    b.bind_int(provider_id);
    if let Some(before) = before_version_id {
        b.push(" AND pc.provider_version_id < ").bind_int(before);
    }
    b.push(" ORDER BY pc.provider_version_id DESC LIMIT 1");
    Ok(b.query_as().fetch_optional(conn).await?)
}

/// One of a provider's published OpenAPI documents, without its text.
#[derive(Debug, Clone, sqlx::FromRow, PartialEq, Eq)]
pub struct ContractVersion {
    /// The provider version the document was published for.
    pub provider_version_id: i64,
    /// That version's number.
    pub number: String,
    /// When the document was first published.
    pub created_at: String,
}

/// The provider's OpenAPI documents, newest first (in the order [`latest_contract`] takes them),
/// at most `limit`.
pub async fn contract_versions(
    conn: &mut AnyConnection,
    provider_id: i64,
    limit: i64,
) -> StoreResult<Vec<ContractVersion>> {
    let mut b = SqlBuilder::new(
        "SELECT pc.provider_version_id, v.number, pc.created_at FROM provider_contracts pc \
         JOIN versions v ON v.id = pc.provider_version_id WHERE pc.provider_id = ",
    );
    b.bind_int(provider_id);
    b.push(" ORDER BY pc.provider_version_id DESC LIMIT ")
        .bind_int(limit);
    Ok(b.query_as().fetch_all(conn).await?)
}
