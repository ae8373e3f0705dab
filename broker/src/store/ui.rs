//! Read-only queries behind the web UI pages.
//!
//! Each page section is one bounded query (a `LIMIT` on every statement) that uses the indexes of
//! the initial schema plus those of migration `0400_ui_indexes`; decorations (branches, tags,
//! environments) are fetched for all the versions on a page at once, never per row.

use sqlx::AnyConnection;

use super::{SqlBuilder, StoreResult};

/// The most integrations one page of the index shows.
pub const INTEGRATIONS_PAGE_SIZE: i64 = 100;

/// The most integrations the network graph draws.
pub const GRAPH_EDGE_LIMIT: i64 = 5000;

/// One consumer → provider integration with its latest pact and that pact's latest verification.
#[derive(Debug, Clone, sqlx::FromRow, PartialEq, Eq)]
pub struct IntegrationRow {
    /// Consumer id.
    pub consumer_id: i64,
    /// Consumer name.
    pub consumer_name: String,
    /// Provider id.
    pub provider_id: i64,
    /// Provider name.
    pub provider_name: String,
    /// The consumer version of the latest pact.
    pub consumer_version_id: i64,
    /// Its number.
    pub consumer_version_number: String,
    /// SHA of the latest pact's content.
    pub sha: String,
    /// When the latest pact was published.
    pub published_at: String,
    /// 1 success, 0 failure, `None` when the latest pact has no verification yet.
    pub verification_success: Option<i64>,
    /// When it was verified.
    pub verified_at: Option<String>,
    /// The provider version that verified it.
    pub provider_version_id: Option<i64>,
    /// Its number.
    pub provider_version_number: Option<String>,
}

/// Which integrations a listing holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IntegrationFilter {
    /// Consumer or provider name contains this text (case-insensitive).
    pub name_contains: Option<String>,
    /// The pacticipant is the consumer or the provider.
    pub pacticipant_id: Option<i64>,
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern and wraps it in `%…%`.
fn like_pattern(text: &str) -> String {
    let mut out = String::from("%");
    for ch in text.to_lowercase().chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('%');
    out
}

/// Integrations by consumer then provider name, with the latest pact (highest consumer version)
/// and its newest verification, `limit` rows from `offset`.
///
/// The page is chosen first, from the integration heads and the two names alone; only its rows
/// are then joined with their pact and verification. (Deciding the page over the fully joined
/// rows, with a window count, made PostgreSQL join every integration's newest verification on
/// every index view: the slowest statement of the `broker-load` run.) [`integration_count`]
/// counts the same rows for paging.
pub async fn integrations(
    conn: &mut AnyConnection,
    filter: &IntegrationFilter,
    limit: i64,
    offset: i64,
) -> StoreResult<Vec<IntegrationRow>> {
    let mut b = SqlBuilder::new(
        "SELECT h.consumer_id, h.consumer_name, h.provider_id, h.provider_name, \
         v.id AS consumer_version_id, v.number AS consumer_version_number, pv.sha, pp.created_at AS published_at, \
         vr.success AS verification_success, vr.created_at AS verified_at, \
         pvv.id AS provider_version_id, pvv.number AS provider_version_number \
         FROM (SELECT h.consumer_id, c.name AS consumer_name, h.provider_id, p.name AS provider_name, h.version_id ",
    );
    push_integration_heads(&mut b, filter);
    b.push(" ORDER BY c.name, p.name LIMIT ")
        .bind_int(limit.clamp(1, GRAPH_EDGE_LIMIT))
        .push(" OFFSET ")
        .bind_int(offset.max(0));
    b.push(
        ") h \
         JOIN pact_publications pp ON pp.consumer_version_id = h.version_id AND pp.provider_id = h.provider_id \
         JOIN versions v ON v.id = pp.consumer_version_id JOIN pact_versions pv ON pv.id = pp.pact_version_id \
         LEFT JOIN verifications vr ON vr.id = \
           (SELECT MAX(v2.id) FROM verifications v2 WHERE v2.pact_version_id = pp.pact_version_id) \
         LEFT JOIN versions pvv ON pvv.id = vr.provider_version_id \
         ORDER BY h.consumer_name, h.provider_name",
    );
    Ok(b.query_as().fetch_all(conn).await?)
}

/// How many integrations [`integrations`] pages through with `filter`.
pub async fn integration_count(conn: &mut AnyConnection, filter: &IntegrationFilter) -> StoreResult<i64> {
    let mut b = SqlBuilder::new("SELECT COUNT(*) ");
    push_integration_heads(&mut b, filter);
    let (count,): (i64,) = b.query_as().fetch_one(conn).await?;
    Ok(count)
}

/// `FROM integration_heads h` with both pacticipants (`c`, `p`) and the filter's conditions.
fn push_integration_heads(b: &mut SqlBuilder, filter: &IntegrationFilter) {
    b.push(
        "FROM integration_heads h \
         JOIN pacticipants c ON c.id = h.consumer_id JOIN pacticipants p ON p.id = h.provider_id WHERE 1 = 1",
    );
    if let Some(id) = filter.pacticipant_id {
        b.push(" AND (h.consumer_id = ")
            .bind_int(id)
            .push(" OR h.provider_id = ")
            .bind_int(id)
            .push(")");
    }
    if let Some(text) = filter.name_contains.as_deref().filter(|t| !t.is_empty()) {
        let pattern = like_pattern(text);
        b.push(" AND (LOWER(c.name) LIKE ")
            .bind_text(&pattern)
            .push(" ESCAPE '\\' OR LOWER(p.name) LIKE ")
            .bind_text(&pattern)
            .push(" ESCAPE '\\')");
    }
}

/// A branch or tag of a version.
#[derive(Debug, Clone, sqlx::FromRow, PartialEq, Eq)]
pub struct VersionLabel {
    /// The version.
    pub version_id: i64,
    /// `branch` or `tag`.
    pub kind: String,
    /// The branch or tag name.
    pub name: String,
}

/// Branches and tags of many versions in one query.
pub async fn labels_of(conn: &mut AnyConnection, version_ids: &[i64]) -> StoreResult<Vec<VersionLabel>> {
    let mut b = SqlBuilder::new(
        "SELECT version_id, kind, name FROM (SELECT version_id, 'branch' AS kind, branch_name AS name, created_at \
         FROM branch_versions WHERE version_id IN ",
    );
    b.bind_ids(version_ids.iter().copied());
    b.push(" UNION ALL SELECT version_id, 'tag' AS kind, name, created_at FROM tags WHERE version_id IN ");
    b.bind_ids(version_ids.iter().copied());
    b.push(") l ORDER BY version_id, kind, created_at LIMIT 10000");
    Ok(b.query_as().fetch_all(conn).await?)
}

/// A version currently deployed to, or supported in, an environment.
#[derive(Debug, Clone, sqlx::FromRow, PartialEq, Eq)]
pub struct PlacementRow {
    /// `deployed` or `released`.
    pub kind: String,
    /// The environment's name.
    pub environment_name: String,
    /// The environment's UUID.
    pub environment_uuid: String,
    /// 1 for production environments.
    pub production: i64,
    /// The pacticipant.
    pub pacticipant_name: String,
    /// The version.
    pub version_id: i64,
    /// Its number.
    pub version_number: String,
    /// Application instance (empty when none or for releases).
    pub application_instance: String,
    /// When it was deployed or released.
    pub placed_at: String,
}

/// Which placements a listing holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlacementFilter<'a> {
    /// Every current placement (the environments page).
    All,
    /// Current placements of these versions.
    Versions(&'a [i64]),
    /// Current placements of one pacticipant.
    Pacticipant(i64),
}

/// Current deployments and releases, by environment then pacticipant name, in one query.
pub async fn placements(
    conn: &mut AnyConnection,
    filter: PlacementFilter<'_>,
) -> StoreResult<Vec<PlacementRow>> {
    let mut b = SqlBuilder::default();
    for (kind, table, current, instance) in [
        (
            "deployed",
            "deployed_versions",
            "currently_deployed",
            "x.application_instance",
        ),
        ("released", "released_versions", "currently_supported", "''"),
    ] {
        if kind == "released" {
            b.push(" UNION ALL ");
        }
        b.push(&format!(
            "SELECT '{kind}' AS kind, e.name AS environment_name, e.uuid AS environment_uuid, e.production, \
             p.name AS pacticipant_name, v.id AS version_id, v.number AS version_number, \
             {instance} AS application_instance, x.created_at AS placed_at FROM {table} x \
             JOIN environments e ON e.id = x.environment_id JOIN versions v ON v.id = x.version_id \
             JOIN pacticipants p ON p.id = x.pacticipant_id WHERE x.{current} = 1"
        ));
        match filter {
            PlacementFilter::All => {}
            PlacementFilter::Versions(ids) => {
                b.push(" AND x.version_id IN ").bind_ids(ids.iter().copied());
            }
            PlacementFilter::Pacticipant(id) => {
                b.push(" AND x.pacticipant_id = ").bind_int(id);
            }
        }
    }
    b.push(" ORDER BY 2, 5, 9 DESC LIMIT 5000");
    Ok(b.query_as().fetch_all(conn).await?)
}

/// A pacticipant as the graph and the focus page need it.
#[derive(Debug, Clone, sqlx::FromRow, PartialEq, Eq)]
pub struct PacticipantSummary {
    /// Row id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Display name.
    pub display_name: Option<String>,
    /// Main branch.
    pub main_branch: Option<String>,
    /// Repository URL.
    pub repository_url: Option<String>,
}

/// Pacticipants by name, at most `limit`.
pub async fn pacticipants(conn: &mut AnyConnection, limit: i64) -> StoreResult<Vec<PacticipantSummary>> {
    Ok(sqlx::query_as(
        "SELECT id, name, display_name, main_branch, repository_url FROM pacticipants ORDER BY name LIMIT $1",
    )
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// One pacticipant by name.
pub async fn pacticipant(conn: &mut AnyConnection, name: &str) -> StoreResult<Option<PacticipantSummary>> {
    Ok(sqlx::query_as(
        "SELECT id, name, display_name, main_branch, repository_url FROM pacticipants WHERE name = $1",
    )
    .bind(name)
    .fetch_optional(conn)
    .await?)
}

/// A version of a pacticipant.
#[derive(Debug, Clone, sqlx::FromRow, PartialEq, Eq)]
pub struct VersionSummary {
    /// Row id.
    pub id: i64,
    /// Version number.
    pub number: String,
    /// When it was created.
    pub created_at: String,
}

/// The newest versions of a pacticipant.
pub async fn latest_versions(
    conn: &mut AnyConnection,
    pacticipant_id: i64,
    limit: i64,
) -> StoreResult<Vec<VersionSummary>> {
    Ok(sqlx::query_as(
        "SELECT id, number, created_at FROM versions WHERE pacticipant_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(pacticipant_id)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// A pact publication between one consumer and one provider.
#[derive(Debug, Clone, sqlx::FromRow, PartialEq, Eq)]
pub struct PublicationRow {
    /// Consumer version id.
    pub consumer_version_id: i64,
    /// Its number.
    pub consumer_version_number: String,
    /// The content's id.
    pub pact_version_id: i64,
    /// The content's SHA.
    pub sha: String,
    /// 1 for the first publication, +1 per overwrite.
    pub revision_number: i64,
    /// When published.
    pub published_at: String,
}

/// The newest publications between a consumer and a provider.
pub async fn publications(
    conn: &mut AnyConnection,
    provider_id: i64,
    consumer_id: i64,
    limit: i64,
) -> StoreResult<Vec<PublicationRow>> {
    Ok(sqlx::query_as(
        "SELECT pp.consumer_version_id, v.number AS consumer_version_number, pp.pact_version_id, pv.sha, \
         pp.revision_number, pp.created_at AS published_at FROM pact_publications pp \
         JOIN versions v ON v.id = pp.consumer_version_id JOIN pact_versions pv ON pv.id = pp.pact_version_id \
         WHERE pp.provider_id = $1 AND pp.consumer_id = $2 ORDER BY pp.consumer_version_id DESC LIMIT $3",
    )
    .bind(provider_id)
    .bind(consumer_id)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// The newest publication before `consumer_version_id` whose content differs from `pact_version_id`.
pub async fn previous_distinct(
    conn: &mut AnyConnection,
    provider_id: i64,
    consumer_id: i64,
    consumer_version_id: i64,
    pact_version_id: i64,
) -> StoreResult<Option<PublicationRow>> {
    Ok(sqlx::query_as(
        "SELECT pp.consumer_version_id, v.number AS consumer_version_number, pp.pact_version_id, pv.sha, \
         pp.revision_number, pp.created_at AS published_at FROM pact_publications pp \
         JOIN versions v ON v.id = pp.consumer_version_id JOIN pact_versions pv ON pv.id = pp.pact_version_id \
         WHERE pp.provider_id = $1 AND pp.consumer_id = $2 AND pp.consumer_version_id < $3 \
         AND pp.pact_version_id <> $4 ORDER BY pp.consumer_version_id DESC LIMIT 1",
    )
    .bind(provider_id)
    .bind(consumer_id)
    .bind(consumer_version_id)
    .bind(pact_version_id)
    .fetch_optional(conn)
    .await?)
}

/// One row of the matrix between a consumer and a provider: a publication and one of the
/// provider versions that verified its content (none when unverified).
#[derive(Debug, Clone, sqlx::FromRow, PartialEq, Eq)]
pub struct MatrixRow {
    /// Consumer version id.
    pub consumer_version_id: i64,
    /// Its number.
    pub consumer_version_number: String,
    /// The content's SHA.
    pub sha: String,
    /// When published.
    pub published_at: String,
    /// The provider version, when verified.
    pub provider_version_id: Option<i64>,
    /// Its number.
    pub provider_version_number: Option<String>,
    /// 1 success, 0 failure.
    pub success: Option<i64>,
    /// When verified.
    pub verified_at: Option<String>,
}

/// The matrix rows of the newest `publications` publications between a consumer and a provider,
/// newest first, at most `limit` rows.
pub async fn matrix(
    conn: &mut AnyConnection,
    provider_id: i64,
    consumer_id: i64,
    publications: i64,
    limit: i64,
) -> StoreResult<Vec<MatrixRow>> {
    Ok(sqlx::query_as(
        "SELECT pp.consumer_version_id, v.number AS consumer_version_number, pv.sha, pp.created_at AS published_at, \
         lv.provider_version_id, pvv.number AS provider_version_number, vr.success, vr.created_at AS verified_at \
         FROM (SELECT consumer_version_id, pact_version_id, created_at FROM pact_publications \
               WHERE provider_id = $1 AND consumer_id = $2 ORDER BY consumer_version_id DESC LIMIT $3) pp \
         JOIN versions v ON v.id = pp.consumer_version_id JOIN pact_versions pv ON pv.id = pp.pact_version_id \
         LEFT JOIN latest_verifications lv ON lv.pact_version_id = pp.pact_version_id \
         LEFT JOIN verifications vr ON vr.id = lv.verification_id \
         LEFT JOIN versions pvv ON pvv.id = lv.provider_version_id \
         ORDER BY pp.consumer_version_id DESC, lv.provider_version_id DESC LIMIT $4",
    )
    .bind(provider_id)
    .bind(consumer_id)
    .bind(publications)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// An environment for the environments page.
#[derive(Debug, Clone, sqlx::FromRow, PartialEq, Eq)]
pub struct EnvironmentRow {
    /// Public identifier.
    pub uuid: String,
    /// Name.
    pub name: String,
    /// Display name.
    pub display_name: Option<String>,
    /// 1 for production.
    pub production: i64,
}

/// Every environment, production ones first.
pub async fn environments(conn: &mut AnyConnection) -> StoreResult<Vec<EnvironmentRow>> {
    Ok(sqlx::query_as(
        "SELECT uuid, name, display_name, production FROM environments ORDER BY production DESC, name LIMIT 1000",
    )
    .fetch_all(conn)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::like_pattern;

    #[test]
    fn like_patterns_escape_wildcards_and_ignore_case() {
        assert_eq!(like_pattern("Order_Svc%"), "%order\\_svc\\%%");
        assert_eq!(like_pattern("a\\b"), "%a\\\\b%");
    }
}
