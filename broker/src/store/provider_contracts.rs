//! Provider contracts (a provider version's OpenAPI document and its self-test), the pacts and
//! contracts a bi-directional check looks at, and the verification results it records.

use sqlx::AnyConnection;

use super::pacts::{self, BranchFilter, PactRow, latest_per_consumer, push_branch_heads};
use super::verifications::{self, NewVerification, Verification};
use super::{SqlBuilder, StoreResult, now};
use crate::store::pacts::LatestScope;

/// A stored provider contract with its provider version's number.
#[derive(Debug, Clone, sqlx::FromRow, PartialEq, Eq)]
pub struct ProviderContractRow {
    /// Row id.
    pub id: i64,
    /// The provider.
    pub provider_id: i64,
    /// The provider version it belongs to.
    pub provider_version_id: i64,
    /// That version's number.
    pub provider_version_number: String,
    /// `oas`.
    pub specification: String,
    /// `application/yaml` or `application/json`.
    pub content_type: String,
    /// The document's text.
    pub content: String,
    /// SHA-1 of the text.
    pub sha: String,
    /// 1 when the provider's own test of the document passed.
    pub self_verified: i64,
    /// The self-test's output.
    pub self_verification_content: Option<String>,
    /// Its media type.
    pub self_verification_content_type: Option<String>,
    /// The tool that ran the self-test.
    pub self_verifier: Option<String>,
    /// That tool's version.
    pub self_verifier_version: Option<String>,
    /// CI build.
    pub build_url: Option<String>,
    /// First publication.
    pub created_at: String,
    /// Last publication.
    pub updated_at: String,
}

/// A contract to store for a provider version.
#[derive(Debug, Clone)]
pub struct NewProviderContract<'a> {
    /// The provider.
    pub provider_id: i64,
    /// The provider version.
    pub provider_version_id: i64,
    /// `oas`.
    pub specification: &'a str,
    /// Media type of the document.
    pub content_type: &'a str,
    /// The document.
    pub content: &'a str,
    /// Whether the provider's own test passed.
    pub self_verified: bool,
    /// Its output.
    pub self_verification_content: Option<&'a str>,
    /// Its media type.
    pub self_verification_content_type: Option<&'a str>,
    /// The tool.
    pub self_verifier: Option<&'a str>,
    /// The tool's version.
    pub self_verifier_version: Option<&'a str>,
    /// CI build.
    pub build_url: Option<&'a str>,
}

const SELECT: &str = "SELECT pc.id, pc.provider_id, pc.provider_version_id, v.number AS provider_version_number, \
     pc.specification, pc.content_type, pc.content, pc.sha, pc.self_verified, pc.self_verification_content, \
     pc.self_verification_content_type, pc.self_verifier, pc.self_verifier_version, pc.build_url, pc.created_at, \
     pc.updated_at FROM provider_contracts pc JOIN versions v ON v.id = pc.provider_version_id ";

fn sha1_hex(text: &str) -> String {
    use sha1::{Digest, Sha1};
    Sha1::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Binds a contract's content and self-verification, `specification` through `build_url` (with
/// its `sha`), in the column order both the insert and the update of [`upsert`] use.
fn bind_contract<'q>(
    query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    new: &NewProviderContract<'q>,
    sha: &'q str,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    query
        .bind(new.specification)
        .bind(new.content_type)
        .bind(new.content)
        .bind(sha)
        .bind(i64::from(new.self_verified))
        .bind(new.self_verification_content)
        .bind(new.self_verification_content_type)
        .bind(new.self_verifier)
        .bind(new.self_verifier_version)
        .bind(new.build_url)
}

/// Stores the contract of a provider version, replacing an earlier one; the flag says whether a
/// new row was made. Inserts first and updates when the version already has a contract, so
/// concurrent first publications of one provider version never fail on its unique key.
pub async fn upsert(
    conn: &mut AnyConnection,
    new: &NewProviderContract<'_>,
) -> StoreResult<(ProviderContractRow, bool)> {
    let ts = now();
    let sha = sha1_hex(new.content);
    let insert = sqlx::query(
        "INSERT INTO provider_contracts (provider_id, provider_version_id, specification, content_type, content, \
         sha, self_verified, self_verification_content, self_verification_content_type, self_verifier, \
         self_verifier_version, build_url, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) \
         ON CONFLICT (provider_version_id) DO NOTHING",
    )
    .bind(new.provider_id)
    .bind(new.provider_version_id);
    let inserted = bind_contract(insert, new, &sha)
        .bind(&ts)
        .execute(&mut *conn)
        .await?
        .rows_affected()
        > 0;
    if !inserted {
        let update = sqlx::query(
            "UPDATE provider_contracts SET specification = $1, content_type = $2, content = $3, sha = $4, \
             self_verified = $5, self_verification_content = $6, self_verification_content_type = $7, \
             self_verifier = $8, self_verifier_version = $9, build_url = $10, updated_at = $11 \
             WHERE provider_version_id = $12",
        );
        bind_contract(update, new, &sha)
            .bind(&ts)
            .bind(new.provider_version_id)
            .execute(&mut *conn)
            .await?;
    }
    let row = find(conn, new.provider_version_id)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;
    Ok((row, inserted))
}

/// The contract of a provider version.
pub async fn find(
    conn: &mut AnyConnection,
    provider_version_id: i64,
) -> StoreResult<Option<ProviderContractRow>> {
    let sql = format!("{SELECT} WHERE pc.provider_version_id = $1");
    Ok(sqlx::query_as(&sql)
        .bind(provider_version_id)
        .fetch_optional(conn)
        .await?)
}

/// The contracts a newly published pact is checked against: those of the provider versions
/// currently deployed or released, the newest on the provider's main branch, and the newest of
/// all; oldest first.
pub async fn relevant_for_new_pact(
    conn: &mut AnyConnection,
    provider_id: i64,
) -> StoreResult<Vec<ProviderContractRow>> {
    let mut b = SqlBuilder::new(SELECT);
    b.push("WHERE pc.provider_id = ").bind_int(provider_id);
    b.push(" AND (pc.provider_version_id IN (SELECT version_id FROM deployed_versions WHERE currently_deployed = 1 AND pacticipant_id = ")
        .bind_int(provider_id);
    b.push(") OR pc.provider_version_id IN (SELECT version_id FROM released_versions WHERE currently_supported = 1 AND pacticipant_id = ")
        .bind_int(provider_id);
    b.push(
        ") OR pc.provider_version_id = (SELECT MAX(pc2.provider_version_id) FROM provider_contracts pc2 \
         JOIN branch_versions bv ON bv.version_id = pc2.provider_version_id \
         JOIN pacticipants p2 ON p2.id = pc2.provider_id AND bv.branch_name = p2.main_branch WHERE pc2.provider_id = ",
    )
    .bind_int(provider_id);
    b.push(") OR pc.provider_version_id = (SELECT MAX(pc3.provider_version_id) FROM provider_contracts pc3 WHERE pc3.provider_id = ")
        .bind_int(provider_id);
    b.push(")) ORDER BY pc.provider_version_id LIMIT 100");
    Ok(b.query_as().fetch_all(conn).await?)
}

/// The pacts a newly published provider contract is checked against: the newest pact on each
/// consumer branch, the newest from each consumer, and those of consumer versions currently
/// deployed or released. One row per distinct pact content (the newest publication of it).
pub async fn pacts_to_check(conn: &mut AnyConnection, provider_id: i64) -> StoreResult<Vec<PactRow>> {
    let mut b = SqlBuilder::default();
    push_branch_heads(&mut b, "", provider_id, BranchFilter::Every, None);
    b.push(" LIMIT 10000");
    let mut rows: Vec<PactRow> = b.query_as().fetch_all(&mut *conn).await?;
    rows.extend(latest_per_consumer(conn, Some(provider_id), None, &LatestScope::Any).await?);
    rows.extend(pacts::currently_placed(conn, provider_id).await?);
    Ok(pacts::newest_per_content(rows))
}

/// Records the result of a bi-directional check as a verification result marked
/// `bidirectional`.
pub async fn record_result(conn: &mut AnyConnection, new: &NewVerification<'_>) -> StoreResult<Verification> {
    let (verification, _) = verifications::record(conn, new).await?;
    sqlx::query("UPDATE verifications SET verification_type = 'bidirectional' WHERE id = $1")
        .bind(verification.id)
        .execute(conn)
        .await?;
    Ok(Verification {
        verification_type: "bidirectional".to_string(),
        ..verification
    })
}

/// The test results of those of `verification_ids` that are failed bi-directional checks.
pub async fn failed_checks(
    conn: &mut AnyConnection,
    verification_ids: &[i64],
) -> StoreResult<Vec<(i64, String)>> {
    if verification_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut b = SqlBuilder::new(
        "SELECT id, test_results FROM verifications WHERE verification_type = 'bidirectional' AND success = 0 \
         AND test_results IS NOT NULL AND id IN ",
    );
    b.bind_ids(verification_ids.iter().copied());
    Ok(b.query_as().fetch_all(conn).await?)
}

/// How a verification result came about: `pact` or `bidirectional`.
pub async fn verification_type(
    conn: &mut AnyConnection,
    verification_id: i64,
) -> StoreResult<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT verification_type FROM verifications WHERE id = $1")
        .bind(verification_id)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|(t,)| t))
}
