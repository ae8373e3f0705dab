//! Verification results: per pact version and provider version, duplicates collapsed.

use sqlx::AnyConnection;

use super::{SqlBuilder, StoreResult, now};

/// A stored verification result.
#[derive(Debug, Clone, sqlx::FromRow, PartialEq, Eq)]
pub struct Verification {
    /// Row id; also the result's number in its URL.
    pub id: i64,
    /// The verified content.
    pub pact_version_id: i64,
    /// Consumer id.
    pub consumer_id: i64,
    /// Provider id.
    pub provider_id: i64,
    /// Provider version that ran the verification.
    pub provider_version_id: i64,
    /// Provider version number.
    pub provider_version_number: String,
    /// 1 when it passed, 0 when it failed.
    pub success: i64,
    /// CI build.
    pub build_url: Option<String>,
    /// Test results as JSON text.
    pub test_results: Option<String>,
    /// Verifier description as JSON text.
    pub verified_by: Option<String>,
    /// When it was published.
    pub created_at: String,
    /// How it came about: `pact` (the provider replayed the pact) or `bidirectional` (the broker
    /// checked the pact against the provider's contract).
    pub verification_type: String,
}

/// A new result to record.
#[derive(Debug, Clone)]
pub struct NewVerification<'a> {
    /// The verified content.
    pub pact_version_id: i64,
    /// Consumer id.
    pub consumer_id: i64,
    /// Provider id.
    pub provider_id: i64,
    /// Provider version id.
    pub provider_version_id: i64,
    /// Whether it passed.
    pub success: bool,
    /// CI build.
    pub build_url: Option<&'a str>,
    /// Test results JSON text.
    pub test_results: Option<String>,
    /// Verifier description JSON text.
    pub verified_by: Option<String>,
}

const SELECT: &str = "SELECT vr.id, vr.pact_version_id, vr.consumer_id, vr.provider_id, vr.provider_version_id, \
     v.number AS provider_version_number, vr.success, vr.build_url, vr.test_results, vr.verified_by, vr.created_at, \
     vr.verification_type FROM verifications vr JOIN versions v ON v.id = vr.provider_version_id ";

/// Records a result. A repeat of the newest result for the same pact version and provider version
/// with the same outcome is collapsed into it (its details are refreshed); the flag says whether a
/// new row was made.
pub async fn record(
    conn: &mut AnyConnection,
    new: &NewVerification<'_>,
) -> StoreResult<(Verification, bool)> {
    let success = i64::from(new.success);
    let latest: Option<(i64, i64)> = sqlx::query_as(
        "SELECT verification_id, success FROM latest_verifications WHERE pact_version_id = $1 AND provider_version_id = $2",
    )
    .bind(new.pact_version_id)
    .bind(new.provider_version_id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some((id, _)) = latest.filter(|(_, previous)| *previous == success) {
        sqlx::query(
            "UPDATE verifications SET build_url = $1, test_results = $2, verified_by = $3 WHERE id = $4",
        )
        .bind(new.build_url)
        .bind(new.test_results.clone())
        .bind(new.verified_by.clone())
        .bind(id)
        .execute(&mut *conn)
        .await?;
        let found = find(conn, id).await?.ok_or(sqlx::Error::RowNotFound)?;
        return Ok((found, false));
    }
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO verifications (pact_version_id, consumer_id, provider_id, provider_version_id, success, build_url, \
         test_results, verified_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(new.pact_version_id)
    .bind(new.consumer_id)
    .bind(new.provider_id)
    .bind(new.provider_version_id)
    .bind(success)
    .bind(new.build_url)
    .bind(new.test_results.clone())
    .bind(new.verified_by.clone())
    .bind(now())
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO latest_verifications (pact_version_id, provider_version_id, verification_id, success) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (pact_version_id, provider_version_id) \
         DO UPDATE SET verification_id = EXCLUDED.verification_id, success = EXCLUDED.success",
    )
    .bind(new.pact_version_id)
    .bind(new.provider_version_id)
    .bind(id)
    .bind(success)
    .execute(&mut *conn)
    .await?;
    let found = find(conn, id).await?.ok_or(sqlx::Error::RowNotFound)?;
    Ok((found, true))
}

/// Finds a result by id.
pub async fn find(conn: &mut AnyConnection, id: i64) -> StoreResult<Option<Verification>> {
    let sql = format!("{SELECT} WHERE vr.id = $1");
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(conn).await?)
}

/// The newest result for a pact version (any provider version).
pub async fn latest_for_pact_version(
    conn: &mut AnyConnection,
    pact_version_id: i64,
) -> StoreResult<Option<Verification>> {
    let sql = format!("{SELECT} WHERE vr.pact_version_id = $1 ORDER BY vr.id DESC LIMIT 1");
    Ok(sqlx::query_as(&sql)
        .bind(pact_version_id)
        .fetch_optional(conn)
        .await?)
}

/// The newest results per (pact version, provider version) for the given pact versions, optionally
/// restricted to some provider versions (`None` = every provider version). Bounded by `limit`.
pub async fn latest_for(
    conn: &mut AnyConnection,
    pact_version_ids: &[i64],
    provider_version_ids: Option<&[i64]>,
    limit: i64,
) -> StoreResult<Vec<Verification>> {
    let mut b = SqlBuilder::new(
        "SELECT vr.id, vr.pact_version_id, vr.consumer_id, vr.provider_id, vr.provider_version_id, \
         v.number AS provider_version_number, vr.success, vr.build_url, vr.test_results, vr.verified_by, vr.created_at, \
         vr.verification_type FROM latest_verifications lv JOIN verifications vr ON vr.id = lv.verification_id \
         JOIN versions v ON v.id = vr.provider_version_id WHERE lv.pact_version_id IN ",
    );
    b.bind_ids(pact_version_ids.iter().copied());
    if let Some(ids) = provider_version_ids {
        b.push(" AND lv.provider_version_id IN ")
            .bind_ids(ids.iter().copied());
    }
    // The limit is written into the SQL: as a parameter, PostgreSQL's generic plan (which does
    // not know it is far above the row count) walks the whole provider-version index backwards
    // to satisfy ORDER BY … LIMIT instead of looking the pact versions up.
    b.push(&format!(
        " ORDER BY lv.provider_version_id DESC LIMIT {}",
        limit.max(0)
    ));
    Ok(b.query_as().fetch_all(conn).await?)
}

/// The type (`pact` or `bidirectional`) of each of `ids`, by id.
pub async fn types_of(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> StoreResult<std::collections::HashMap<i64, String>> {
    let mut b = SqlBuilder::new("SELECT id, verification_type FROM verifications WHERE id IN ");
    b.bind_ids(ids.iter().copied());
    let rows: Vec<(i64, String)> = b.query_as().fetch_all(conn).await?;
    Ok(rows.into_iter().collect())
}

/// Which pact versions among `pact_version_ids` have a successful result from a provider version
/// that matches `filter`.
pub async fn successfully_verified(
    conn: &mut AnyConnection,
    provider_id: i64,
    pact_version_ids: &[i64],
    filter: &SuccessFilter,
) -> StoreResult<Vec<i64>> {
    let mut b = SqlBuilder::new("SELECT DISTINCT vr.pact_version_id FROM verifications vr ");
    match filter {
        SuccessFilter::BranchOrBefore { branch, .. } => {
            b.push("LEFT JOIN branch_versions bv ON bv.version_id = vr.provider_version_id AND bv.branch_name = ")
                .bind_text(branch)
                .push(" ");
        }
        SuccessFilter::Tags(tags) => {
            b.push("JOIN tags t ON t.version_id = vr.provider_version_id AND t.name IN ")
                .bind_texts(tags.iter().map(String::as_str))
                .push(" ");
        }
        SuccessFilter::Any => {}
    }
    b.push("WHERE vr.success = 1 AND vr.provider_id = ")
        .bind_int(provider_id);
    if let SuccessFilter::BranchOrBefore { before, .. } = filter {
        b.push(" AND (bv.version_id IS NOT NULL OR vr.created_at < ")
            .bind_text(before)
            .push(")");
    }
    b.push(" AND vr.pact_version_id IN ")
        .bind_ids(pact_version_ids.iter().copied());
    let rows: Vec<(i64,)> = b.query_as().fetch_all(conn).await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Which provider versions count when deciding whether a pact was verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SuccessFilter {
    /// Any provider version.
    Any,
    /// Provider versions with any of these tags.
    Tags(Vec<String>),
    /// Provider versions on `branch`, or any provider version whose result was published before
    /// `before` (the branch's creation: what the branch inherited), in one query.
    BranchOrBefore {
        /// The provider branch.
        branch: String,
        /// The branch's creation time.
        before: String,
    },
}
