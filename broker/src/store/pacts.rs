//! Pact versions (distinct content, by SHA) and pact publications (consumer version × provider).

use sqlx::AnyConnection;

use super::{SqlBuilder, StoreResult, now};

/// A publication with the names and numbers needed to render it (content fetched separately).
#[derive(Debug, Clone, sqlx::FromRow, PartialEq, Eq)]
pub struct PactRow {
    /// Publication id.
    pub publication_id: i64,
    /// Consumer id.
    pub consumer_id: i64,
    /// Consumer name.
    pub consumer_name: String,
    /// Provider id.
    pub provider_id: i64,
    /// Provider name.
    pub provider_name: String,
    /// Consumer version id.
    pub consumer_version_id: i64,
    /// Consumer version number.
    pub consumer_version_number: String,
    /// Pact version (content) id.
    pub pact_version_id: i64,
    /// SHA of the normalised content.
    pub sha: String,
    /// 1 for the first publication, +1 per overwrite.
    pub revision_number: i64,
    /// When this revision was published.
    pub created_at: String,
}

/// The select list and joins that produce a [`PactRow`]; callers append `WHERE …`.
pub(crate) const PACT_ROW_SELECT: &str = "SELECT pp.id AS publication_id, pp.consumer_id, c.name AS consumer_name, \
     pp.provider_id, p.name AS provider_name, pp.consumer_version_id, v.number AS consumer_version_number, \
     pp.pact_version_id, pv.sha, pp.revision_number, pp.created_at \
     FROM pact_publications pp JOIN pacticipants c ON c.id = pp.consumer_id \
     JOIN pacticipants p ON p.id = pp.provider_id JOIN versions v ON v.id = pp.consumer_version_id \
     JOIN pact_versions pv ON pv.id = pp.pact_version_id ";

/// The columns of a [`PactRow`] (with the aliases `pp`, `c`, `p`, `v`, `pv`).
pub(crate) const PACT_ROW_COLUMNS: &str = "pp.id AS publication_id, pp.consumer_id, c.name AS consumer_name, \
     pp.provider_id, p.name AS provider_name, pp.consumer_version_id, v.number AS consumer_version_number, \
     pp.pact_version_id, pv.sha, pp.revision_number, pp.created_at";

/// Which consumer branches [`push_branch_heads`] looks at.
#[derive(Debug, Clone, Copy)]
pub(crate) enum BranchFilter<'a> {
    /// Branches with this name.
    Named(&'a str),
    /// Each consumer's main branch.
    Main,
    /// Every branch.
    Every,
}

/// Appends `SELECT {extra}{PACT_ROW_COLUMNS}` over the head table `heads` (aliased `h`, with
/// `provider_id` and `version_id` columns) joined to the publication each head points at, then
/// `WHERE 1 = 1`; callers append `AND …` conditions on `h`.
fn push_heads(b: &mut SqlBuilder, extra: &str, heads: &str) {
    b.push(&format!(
        "SELECT {extra}{PACT_ROW_COLUMNS} FROM {heads} h \
         JOIN pact_publications pp ON pp.consumer_version_id = h.version_id AND pp.provider_id = h.provider_id \
         JOIN pacticipants c ON c.id = pp.consumer_id JOIN pacticipants p ON p.id = pp.provider_id \
         JOIN versions v ON v.id = pp.consumer_version_id JOIN pact_versions pv ON pv.id = pp.pact_version_id \
         WHERE 1 = 1"
    ));
}

/// Appends a query for the newest pact for `provider_id` on each matching consumer branch. It reads
/// the `branch_heads` table (migration 0300, kept up to date by triggers on every write that can
/// move a head), so its cost is an index range scan on the provider, whatever the number of
/// versions or of branches without a pact for the provider. `extra` is prepended to the select
/// list (the head is aliased `h`); callers may append `AND …` conditions and an `ORDER BY`.
pub(crate) fn push_branch_heads(
    b: &mut SqlBuilder,
    extra: &str,
    provider_id: i64,
    filter: BranchFilter<'_>,
    consumer_id: Option<i64>,
) {
    push_heads(b, extra, "branch_heads");
    b.push(" AND h.provider_id = ").bind_int(provider_id);
    match filter {
        BranchFilter::Named(name) => {
            b.push(" AND h.branch_name = ").bind_text(name);
        }
        BranchFilter::Main => {
            b.push(" AND h.branch_name = c.main_branch");
        }
        BranchFilter::Every => {}
    }
    if let Some(id) = consumer_id {
        b.push(" AND h.consumer_id = ").bind_int(id);
    }
}

/// Appends a query for the newest pact for `provider_id` from each consumer's versions with tag
/// `tag` (every tag when `None`), reading the `tag_heads` table (migration 0600, kept up to date
/// by triggers): an index range scan on the provider, whatever the history. `extra` is prepended
/// to the select list (the head is aliased `h`, its tag is `h.tag_name`).
pub(crate) fn push_tag_heads(
    b: &mut SqlBuilder,
    extra: &str,
    provider_id: i64,
    tag: Option<&str>,
    consumer_id: Option<i64>,
) {
    push_heads(b, extra, "tag_heads");
    b.push(" AND h.provider_id = ").bind_int(provider_id);
    if let Some(tag) = tag {
        b.push(" AND h.tag_name = ").bind_text(tag);
    }
    if let Some(id) = consumer_id {
        b.push(" AND h.consumer_id = ").bind_int(id);
    }
}

/// Appends a query for the newest pact of each integration (optionally of one provider and/or one
/// consumer), reading the `integration_heads` table (migration 0600, kept up to date by triggers):
/// one row per integration, whatever the number of publications.
pub(crate) fn push_integration_heads(
    b: &mut SqlBuilder,
    extra: &str,
    provider_id: Option<i64>,
    consumer_id: Option<i64>,
) {
    push_heads(b, extra, "integration_heads");
    if let Some(id) = provider_id {
        b.push(" AND h.provider_id = ").bind_int(id);
    }
    if let Some(id) = consumer_id {
        b.push(" AND h.consumer_id = ").bind_int(id);
    }
}

/// What a publish did to the (consumer version, provider) publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublishOutcome {
    /// No pact existed for this consumer version and provider.
    Created,
    /// The same content was published again.
    Unchanged,
    /// Different content replaced the earlier one.
    Replaced,
}

/// Returns the pact version for this content, storing it when new.
pub async fn find_or_create_pact_version(
    conn: &mut AnyConnection,
    consumer_id: i64,
    provider_id: i64,
    sha: &str,
    content: &str,
) -> StoreResult<i64> {
    // New content is the common case (every CI build of a changed consumer), so the insert comes
    // first: one statement then, two for a republication of known content. `DO NOTHING` writes no
    // row version for known content (an upsert's `DO UPDATE` would).
    let inserted: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO pact_versions (consumer_id, provider_id, sha, content, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (consumer_id, provider_id, sha) DO NOTHING RETURNING id",
    )
    .bind(consumer_id)
    .bind(provider_id)
    .bind(sha)
    .bind(content)
    .bind(now())
    .fetch_optional(&mut *conn)
    .await?;
    if let Some((id,)) = inserted {
        return Ok(id);
    }
    let (id,): (i64,) = sqlx::query_as(
        "SELECT id FROM pact_versions WHERE consumer_id = $1 AND provider_id = $2 AND sha = $3",
    )
    .bind(consumer_id)
    .bind(provider_id)
    .bind(sha)
    .fetch_one(conn)
    .await?;
    Ok(id)
}

/// The publication of a (consumer version, provider) as a publish finds it before writing.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CurrentPublication {
    /// Publication id.
    pub publication_id: i64,
    /// The pact version (content) it points at.
    pub pact_version_id: i64,
    /// 1 for the first publication, +1 per overwrite.
    pub revision_number: i64,
    /// When this revision was published.
    pub created_at: String,
    /// SHA of the normalised content.
    pub sha: String,
    /// The stored content.
    pub content: String,
}

/// What [`publish`] wrote: the outcome and the publication's id, revision and time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// Created, replaced or unchanged.
    pub outcome: PublishOutcome,
    /// Publication id.
    pub publication_id: i64,
    /// 1 for the first publication, +1 per overwrite.
    pub revision_number: i64,
    /// When this revision was published.
    pub created_at: String,
}

/// Points the (consumer version, provider) publication at `pact_version_id`, given `current`, what
/// [`current_publication`] found in the same transaction.
///
/// `None` when no publication existed when the caller looked but a concurrent transaction created
/// one before this insert (on PostgreSQL the insert waits for that transaction to commit): nothing
/// was written, and the caller should read the current content and decide again (merge, refuse or
/// replace) rather than fail on the duplicate.
pub async fn publish(
    conn: &mut AnyConnection,
    current: Option<&CurrentPublication>,
    consumer_version_id: i64,
    consumer_id: i64,
    provider_id: i64,
    pact_version_id: i64,
) -> StoreResult<Option<Published>> {
    match current {
        Some(c) if c.pact_version_id == pact_version_id => Ok(Some(Published {
            outcome: PublishOutcome::Unchanged,
            publication_id: c.publication_id,
            revision_number: c.revision_number,
            created_at: c.created_at.clone(),
        })),
        Some(c) => {
            let created_at = now();
            let (revision_number,): (i64,) = sqlx::query_as(
                "UPDATE pact_publications SET pact_version_id = $1, revision_number = revision_number + 1, \
                 created_at = $2 WHERE id = $3 RETURNING revision_number",
            )
            .bind(pact_version_id)
            .bind(&created_at)
            .bind(c.publication_id)
            .fetch_one(conn)
            .await?;
            Ok(Some(Published {
                outcome: PublishOutcome::Replaced,
                publication_id: c.publication_id,
                revision_number,
                created_at,
            }))
        }
        None => {
            let created_at = now();
            let inserted: Option<(i64,)> = sqlx::query_as(
                "INSERT INTO pact_publications (consumer_version_id, consumer_id, provider_id, pact_version_id, \
                 revision_number, created_at) VALUES ($1, $2, $3, $4, 1, $5) \
                 ON CONFLICT (consumer_version_id, provider_id) DO NOTHING RETURNING id",
            )
            .bind(consumer_version_id)
            .bind(consumer_id)
            .bind(provider_id)
            .bind(pact_version_id)
            .bind(&created_at)
            .fetch_optional(conn)
            .await?;
            Ok(inserted.map(|(publication_id,)| Published {
                outcome: PublishOutcome::Created,
                publication_id,
                revision_number: 1,
                created_at,
            }))
        }
    }
}

/// The publication of (consumer version, provider) with its content, if there is one.
pub async fn current_publication(
    conn: &mut AnyConnection,
    consumer_version_id: i64,
    provider_id: i64,
) -> StoreResult<Option<CurrentPublication>> {
    Ok(sqlx::query_as(
        "SELECT pp.id AS publication_id, pp.pact_version_id, pp.revision_number, pp.created_at, pv.sha, pv.content \
         FROM pact_publications pp JOIN pact_versions pv ON pv.id = pp.pact_version_id \
         WHERE pp.consumer_version_id = $1 AND pp.provider_id = $2",
    )
    .bind(consumer_version_id)
    .bind(provider_id)
    .fetch_optional(conn)
    .await?)
}

/// The stored content of a pact version.
pub async fn content(conn: &mut AnyConnection, pact_version_id: i64) -> StoreResult<String> {
    let (content,): (String,) = sqlx::query_as("SELECT content FROM pact_versions WHERE id = $1")
        .bind(pact_version_id)
        .fetch_one(conn)
        .await?;
    Ok(content)
}

/// The pact published by a consumer version for a provider.
pub async fn for_consumer_version(
    conn: &mut AnyConnection,
    provider_id: i64,
    consumer_version_id: i64,
) -> StoreResult<Option<PactRow>> {
    let sql = format!("{PACT_ROW_SELECT} WHERE pp.provider_id = $1 AND pp.consumer_version_id = $2");
    Ok(sqlx::query_as(&sql)
        .bind(provider_id)
        .bind(consumer_version_id)
        .fetch_optional(conn)
        .await?)
}

/// The newest publication of a pact version (by SHA) between two pacticipants.
pub async fn by_sha(
    conn: &mut AnyConnection,
    provider_id: i64,
    consumer_id: i64,
    sha: &str,
) -> StoreResult<Option<PactRow>> {
    let sql = format!(
        "{PACT_ROW_SELECT} WHERE pp.provider_id = $1 AND pp.consumer_id = $2 AND pv.sha = $3 \
         ORDER BY pp.consumer_version_id DESC LIMIT 1"
    );
    Ok(sqlx::query_as(&sql)
        .bind(provider_id)
        .bind(consumer_id)
        .bind(sha)
        .fetch_optional(conn)
        .await?)
}

/// Which consumer versions a "latest" lookup looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LatestScope {
    /// Every version.
    Any,
    /// Versions with this tag.
    Tag(String),
    /// Versions on this branch.
    Branch(String),
    /// Versions on each consumer's own main branch.
    MainBranch,
    /// Versions with no tag at all.
    Untagged,
}

/// The newest pact from each consumer of `provider_id` (or just `consumer_id`) within `scope`,
/// ordered by consumer name.
pub async fn latest_per_consumer(
    conn: &mut AnyConnection,
    provider_id: Option<i64>,
    consumer_id: Option<i64>,
    scope: &LatestScope,
) -> StoreResult<Vec<PactRow>> {
    let mut heads = SqlBuilder::default();
    match (scope, provider_id) {
        (LatestScope::Branch(name), Some(provider_id)) => {
            push_branch_heads(
                &mut heads,
                "",
                provider_id,
                BranchFilter::Named(name),
                consumer_id,
            );
        }
        (LatestScope::MainBranch, Some(provider_id)) => {
            push_branch_heads(&mut heads, "", provider_id, BranchFilter::Main, consumer_id);
        }
        (LatestScope::Tag(tag), Some(provider_id)) => {
            push_tag_heads(&mut heads, "", provider_id, Some(tag), consumer_id);
        }
        (LatestScope::Any, _) => push_integration_heads(&mut heads, "", provider_id, consumer_id),
        _ => {}
    }
    if !heads.sql.is_empty() {
        heads.push(" ORDER BY c.name, p.name LIMIT 10000");
        return Ok(heads.query_as().fetch_all(conn).await?);
    }
    let mut b = SqlBuilder::new(PACT_ROW_SELECT);
    b.push("JOIN (SELECT pp2.consumer_id, pp2.provider_id, MAX(pp2.consumer_version_id) AS cv FROM pact_publications pp2 ");
    match scope {
        LatestScope::Any | LatestScope::Untagged => {}
        LatestScope::Tag(tag) => {
            b.push("JOIN tags t ON t.version_id = pp2.consumer_version_id AND t.name = ")
                .bind_text(tag)
                .push(" ");
        }
        LatestScope::Branch(branch) => {
            b.push(
                "JOIN branch_versions bv ON bv.version_id = pp2.consumer_version_id AND bv.branch_name = ",
            )
            .bind_text(branch)
            .push(" ");
        }
        LatestScope::MainBranch => {
            b.push(
                "JOIN pacticipants c2 ON c2.id = pp2.consumer_id JOIN branch_versions bv \
                 ON bv.version_id = pp2.consumer_version_id AND bv.branch_name = c2.main_branch ",
            );
        }
    }
    b.push("WHERE 1 = 1 ");
    if let Some(provider_id) = provider_id {
        b.push("AND pp2.provider_id = ").bind_int(provider_id).push(" ");
    }
    if let Some(consumer_id) = consumer_id {
        b.push("AND pp2.consumer_id = ").bind_int(consumer_id).push(" ");
    }
    if *scope == LatestScope::Untagged {
        b.push("AND NOT EXISTS (SELECT 1 FROM tags t WHERE t.version_id = pp2.consumer_version_id) ");
    }
    b.push(
        "GROUP BY pp2.consumer_id, pp2.provider_id) h ON h.cv = pp.consumer_version_id AND h.provider_id = pp.provider_id \
         ORDER BY c.name, p.name LIMIT 10000",
    );
    Ok(b.query_as().fetch_all(conn).await?)
}

/// Every pact from consumer versions with a tag (or on a branch) for a provider, newest first.
pub async fn all_in_scope(
    conn: &mut AnyConnection,
    provider_id: i64,
    scope: &LatestScope,
) -> StoreResult<Vec<PactRow>> {
    let mut b = SqlBuilder::new(PACT_ROW_SELECT);
    match scope {
        LatestScope::Tag(tag) => {
            b.push("JOIN tags t ON t.version_id = pp.consumer_version_id AND t.name = ")
                .bind_text(tag)
                .push(" ");
        }
        LatestScope::Branch(branch) => {
            b.push("JOIN branch_versions bv ON bv.version_id = pp.consumer_version_id AND bv.branch_name = ")
                .bind_text(branch)
                .push(" ");
        }
        LatestScope::MainBranch => {
            b.push("JOIN branch_versions bv ON bv.version_id = pp.consumer_version_id AND bv.branch_name = c.main_branch ");
        }
        LatestScope::Any | LatestScope::Untagged => {}
    }
    b.push("WHERE pp.provider_id = ")
        .bind_int(provider_id)
        .push(" ORDER BY pp.consumer_version_id DESC LIMIT 1000");
    Ok(b.query_as().fetch_all(conn).await?)
}

/// Every publication between a consumer and a provider, newest first (bounded).
pub async fn between(
    conn: &mut AnyConnection,
    provider_id: i64,
    consumer_id: i64,
) -> StoreResult<Vec<PactRow>> {
    let sql = format!(
        "{PACT_ROW_SELECT} WHERE pp.provider_id = $1 AND pp.consumer_id = $2 ORDER BY pp.consumer_version_id DESC LIMIT 1000"
    );
    Ok(sqlx::query_as(&sql)
        .bind(provider_id)
        .bind(consumer_id)
        .fetch_all(conn)
        .await?)
}

/// Pacts published by the given consumer versions (any provider).
pub async fn for_consumer_versions(
    conn: &mut AnyConnection,
    version_ids: &[i64],
) -> StoreResult<Vec<PactRow>> {
    let mut b = SqlBuilder::new(PACT_ROW_SELECT);
    b.push("WHERE pp.consumer_version_id IN ")
        .bind_ids(version_ids.iter().copied());
    Ok(b.query_as().fetch_all(conn).await?)
}

/// Deletes one publication (its content stays while other publications use it).
pub async fn delete_publication(conn: &mut AnyConnection, publication_id: i64) -> StoreResult<()> {
    sqlx::query("DELETE FROM pact_publications WHERE id = $1")
        .bind(publication_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The distinct consumers that have published pacts for a provider.
pub async fn consumers_of(conn: &mut AnyConnection, provider_id: i64) -> StoreResult<Vec<i64>> {
    let rows: Vec<(i64,)> =
        sqlx::query_as("SELECT consumer_id FROM integration_heads WHERE provider_id = $1")
            .bind(provider_id)
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// The pacts of `provider_id` published by consumer versions currently deployed or released
/// (bounded), for the checks that look at what runs somewhere.
pub async fn currently_placed(conn: &mut AnyConnection, provider_id: i64) -> StoreResult<Vec<PactRow>> {
    let mut b = SqlBuilder::new(PACT_ROW_SELECT);
    b.push("WHERE pp.provider_id = ").bind_int(provider_id);
    b.push(
        " AND (pp.consumer_version_id IN (SELECT version_id FROM deployed_versions WHERE currently_deployed = 1) \
         OR pp.consumer_version_id IN (SELECT version_id FROM released_versions WHERE currently_supported = 1)) \
         LIMIT 10000",
    );
    Ok(b.query_as().fetch_all(conn).await?)
}

/// One row per distinct pact content (its newest publication), sorted by consumer name and
/// consumer version.
pub fn newest_per_content(mut rows: Vec<PactRow>) -> Vec<PactRow> {
    rows.sort_by_key(|r| (r.pact_version_id, std::cmp::Reverse(r.consumer_version_id)));
    rows.dedup_by_key(|r| r.pact_version_id);
    rows.sort_by(|a, b| {
        (&a.consumer_name, a.consumer_version_id).cmp(&(&b.consumer_name, b.consumer_version_id))
    });
    rows
}
