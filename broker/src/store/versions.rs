//! Pacticipant versions, their branches and their tags.

use sqlx::AnyConnection;

use super::{SqlBuilder, StoreResult, now};

/// A stored pacticipant version. Versions are ordered by creation (their id).
#[derive(Debug, Clone, sqlx::FromRow, PartialEq, Eq)]
pub struct Version {
    /// Row id (also the creation order).
    pub id: i64,
    /// Owning pacticipant.
    pub pacticipant_id: i64,
    /// Version number, e.g. a git SHA.
    pub number: String,
    /// CI build that made it.
    pub build_url: Option<String>,
    /// Creation time.
    pub created_at: String,
}

/// A branch of a pacticipant.
#[derive(Debug, Clone, sqlx::FromRow, PartialEq, Eq)]
pub struct Branch {
    /// Row id.
    pub id: i64,
    /// Owning pacticipant.
    pub pacticipant_id: i64,
    /// Branch name.
    pub name: String,
    /// Creation time.
    pub created_at: String,
}

/// A (version, label) pair: a branch or a tag attached to a version.
#[derive(Debug, Clone, sqlx::FromRow, PartialEq, Eq)]
pub struct VersionLabel {
    /// The version.
    pub version_id: i64,
    /// Branch or tag name.
    pub name: String,
    /// When it was attached.
    pub created_at: String,
}

const COLUMNS: &str = "id, pacticipant_id, number, build_url, created_at";

/// [`COLUMNS`] of the versions table under the alias `v`, for queries that join it.
const V_COLUMNS: &str = "v.id, v.pacticipant_id, v.number, v.build_url, v.created_at";

/// Finds a version by number.
pub async fn find(
    conn: &mut AnyConnection,
    pacticipant_id: i64,
    number: &str,
) -> StoreResult<Option<Version>> {
    let sql = format!("SELECT {COLUMNS} FROM versions WHERE pacticipant_id = $1 AND number = $2");
    Ok(sqlx::query_as(&sql)
        .bind(pacticipant_id)
        .bind(number)
        .fetch_optional(conn)
        .await?)
}

/// Finds versions by id.
pub async fn find_by_ids(conn: &mut AnyConnection, ids: &[i64]) -> StoreResult<Vec<Version>> {
    let mut b = SqlBuilder::new(&format!("SELECT {COLUMNS} FROM versions WHERE id IN "));
    b.bind_ids(ids.iter().copied());
    Ok(b.query_as().fetch_all(conn).await?)
}

/// The newest version of a pacticipant, optionally only those carrying `tag`.
pub async fn latest(
    conn: &mut AnyConnection,
    pacticipant_id: i64,
    tag: Option<&str>,
) -> StoreResult<Option<Version>> {
    match tag {
        None => {
            let sql =
                format!("SELECT {COLUMNS} FROM versions WHERE pacticipant_id = $1 ORDER BY id DESC LIMIT 1");
            Ok(sqlx::query_as(&sql)
                .bind(pacticipant_id)
                .fetch_optional(conn)
                .await?)
        }
        Some(tag) => Ok(with_tag(conn, pacticipant_id, tag, 1).await?.into_iter().next()),
    }
}

/// The newest version on a branch.
pub async fn latest_on_branch(
    conn: &mut AnyConnection,
    pacticipant_id: i64,
    branch: &str,
) -> StoreResult<Option<Version>> {
    Ok(on_branch(conn, pacticipant_id, branch, 1)
        .await?
        .into_iter()
        .next())
}

/// Every version on a branch (newest first), at most `limit`.
pub async fn on_branch(
    conn: &mut AnyConnection,
    pacticipant_id: i64,
    branch: &str,
    limit: i64,
) -> StoreResult<Vec<Version>> {
    let sql = format!(
        "SELECT {V_COLUMNS} FROM versions v JOIN branch_versions bv ON bv.version_id = v.id \
         WHERE bv.pacticipant_id = $1 AND bv.branch_name = $2 ORDER BY v.id DESC LIMIT $3"
    );
    Ok(sqlx::query_as(&sql)
        .bind(pacticipant_id)
        .bind(branch)
        .bind(limit)
        .fetch_all(conn)
        .await?)
}

/// Every version with a tag (newest first), at most `limit`.
pub async fn with_tag(
    conn: &mut AnyConnection,
    pacticipant_id: i64,
    tag: &str,
    limit: i64,
) -> StoreResult<Vec<Version>> {
    let sql = format!(
        "SELECT {V_COLUMNS} FROM versions v JOIN tags t ON t.version_id = v.id \
         WHERE t.pacticipant_id = $1 AND t.name = $2 ORDER BY v.id DESC LIMIT $3"
    );
    Ok(sqlx::query_as(&sql)
        .bind(pacticipant_id)
        .bind(tag)
        .bind(limit)
        .fetch_all(conn)
        .await?)
}

/// A page of a pacticipant's versions, newest first.
pub async fn list(
    conn: &mut AnyConnection,
    pacticipant_id: i64,
    limit: i64,
    offset: i64,
) -> StoreResult<Vec<Version>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM versions WHERE pacticipant_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3"
    );
    Ok(sqlx::query_as(&sql)
        .bind(pacticipant_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(conn)
        .await?)
}

/// Counts a pacticipant's versions.
pub async fn count(conn: &mut AnyConnection, pacticipant_id: i64) -> StoreResult<i64> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM versions WHERE pacticipant_id = $1")
        .bind(pacticipant_id)
        .fetch_one(conn)
        .await?;
    Ok(n)
}

/// Returns the version, creating it when missing; a new build URL replaces the old one. The flag
/// says whether it was created. Safe when concurrent transactions create the same new version:
/// the insert skips a number another transaction has just stored and the version is read back.
pub async fn find_or_create(
    conn: &mut AnyConnection,
    pacticipant_id: i64,
    number: &str,
    build_url: Option<&str>,
) -> StoreResult<(Version, bool)> {
    let found = match find(conn, pacticipant_id, number).await? {
        Some(found) => found,
        None => {
            let sql = format!(
                "INSERT INTO versions (pacticipant_id, number, build_url, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $4) ON CONFLICT (pacticipant_id, number) DO NOTHING RETURNING {COLUMNS}"
            );
            let created: Option<Version> = sqlx::query_as(&sql)
                .bind(pacticipant_id)
                .bind(number)
                .bind(build_url)
                .bind(now())
                .fetch_optional(&mut *conn)
                .await?;
            if let Some(created) = created {
                return Ok((created, true));
            }
            find(conn, pacticipant_id, number)
                .await?
                .ok_or(sqlx::Error::RowNotFound)?
        }
    };
    if build_url.is_some() && build_url != found.build_url.as_deref() {
        sqlx::query("UPDATE versions SET build_url = $1, updated_at = $2 WHERE id = $3")
            .bind(build_url)
            .bind(now())
            .bind(found.id)
            .execute(conn)
            .await?;
        return Ok((
            Version {
                build_url: build_url.map(str::to_string),
                ..found
            },
            false,
        ));
    }
    Ok((found, false))
}

/// Deletes a version and what hangs off it (its pacts, results, tags, branch links, deployments).
pub async fn delete(conn: &mut AnyConnection, id: i64) -> StoreResult<()> {
    for sql in [
        "DELETE FROM latest_verifications WHERE provider_version_id = $1",
        "DELETE FROM verifications WHERE provider_version_id = $1",
        "DELETE FROM pact_publications WHERE consumer_version_id = $1",
        "DELETE FROM deployed_versions WHERE version_id = $1",
        "DELETE FROM released_versions WHERE version_id = $1",
        "DELETE FROM tags WHERE version_id = $1",
        "DELETE FROM branch_versions WHERE version_id = $1",
        "DELETE FROM versions WHERE id = $1",
    ] {
        sqlx::query(sql).bind(id).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Finds a branch by name.
pub async fn find_branch(
    conn: &mut AnyConnection,
    pacticipant_id: i64,
    name: &str,
) -> StoreResult<Option<Branch>> {
    Ok(sqlx::query_as(
        "SELECT id, pacticipant_id, name, created_at FROM branches WHERE pacticipant_id = $1 AND name = $2",
    )
    .bind(pacticipant_id)
    .bind(name)
    .fetch_optional(conn)
    .await?)
}

/// A pacticipant's branches, newest first.
pub async fn list_branches(conn: &mut AnyConnection, pacticipant_id: i64) -> StoreResult<Vec<Branch>> {
    Ok(sqlx::query_as(
        "SELECT id, pacticipant_id, name, created_at FROM branches WHERE pacticipant_id = $1 ORDER BY id DESC LIMIT 1000",
    )
    .bind(pacticipant_id)
    .fetch_all(conn)
    .await?)
}

/// Puts a version on a branch (creating the branch); returns the association when it is new.
pub async fn add_to_branch(
    conn: &mut AnyConnection,
    version: &Version,
    branch: &str,
) -> StoreResult<Option<VersionLabel>> {
    let ts = now();
    sqlx::query(
        "INSERT INTO branches (pacticipant_id, name, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (pacticipant_id, name) DO NOTHING",
    )
    .bind(version.pacticipant_id)
    .bind(branch)
    .bind(&ts)
    .execute(&mut *conn)
    .await?;
    let result = sqlx::query(
        "INSERT INTO branch_versions (branch_id, version_id, pacticipant_id, branch_name, created_at) \
         SELECT id, $1, $2, $3, $4 FROM branches WHERE pacticipant_id = $2 AND name = $3 \
         ON CONFLICT (branch_id, version_id) DO NOTHING",
    )
    .bind(version.id)
    .bind(version.pacticipant_id)
    .bind(branch)
    .bind(&ts)
    .execute(conn)
    .await?;
    Ok((result.rows_affected() > 0).then(|| VersionLabel {
        version_id: version.id,
        name: branch.to_string(),
        created_at: ts,
    }))
}

/// Deletes a branch (its versions stay).
pub async fn delete_branch(conn: &mut AnyConnection, branch_id: i64) -> StoreResult<()> {
    sqlx::query("DELETE FROM branch_versions WHERE branch_id = $1")
        .bind(branch_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM branches WHERE id = $1")
        .bind(branch_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Removes one version from a branch; returns whether it was there.
pub async fn remove_from_branch(
    conn: &mut AnyConnection,
    branch_id: i64,
    version_id: i64,
) -> StoreResult<bool> {
    let r = sqlx::query("DELETE FROM branch_versions WHERE branch_id = $1 AND version_id = $2")
        .bind(branch_id)
        .bind(version_id)
        .execute(conn)
        .await?;
    Ok(r.rows_affected() > 0)
}

/// Tags a version; returns the tag when it is new.
pub async fn add_tag(
    conn: &mut AnyConnection,
    version: &Version,
    tag: &str,
) -> StoreResult<Option<VersionLabel>> {
    let ts = now();
    let r = sqlx::query(
        "INSERT INTO tags (version_id, name, pacticipant_id, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (version_id, name) DO NOTHING",
    )
    .bind(version.id)
    .bind(tag)
    .bind(version.pacticipant_id)
    .bind(&ts)
    .execute(conn)
    .await?;
    Ok((r.rows_affected() > 0).then(|| VersionLabel {
        version_id: version.id,
        name: tag.to_string(),
        created_at: ts,
    }))
}

/// Removes a tag; returns whether it existed.
pub async fn delete_tag(conn: &mut AnyConnection, version_id: i64, tag: &str) -> StoreResult<bool> {
    let r = sqlx::query("DELETE FROM tags WHERE version_id = $1 AND name = $2")
        .bind(version_id)
        .bind(tag)
        .execute(conn)
        .await?;
    Ok(r.rows_affected() > 0)
}

/// Finds one tag of a version.
pub async fn find_tag(
    conn: &mut AnyConnection,
    version_id: i64,
    tag: &str,
) -> StoreResult<Option<VersionLabel>> {
    Ok(
        sqlx::query_as("SELECT version_id, name, created_at FROM tags WHERE version_id = $1 AND name = $2")
            .bind(version_id)
            .bind(tag)
            .fetch_optional(conn)
            .await?,
    )
}

/// The tags of many versions at once (oldest first).
pub async fn tags_of(conn: &mut AnyConnection, version_ids: &[i64]) -> StoreResult<Vec<VersionLabel>> {
    let mut b = SqlBuilder::new("SELECT version_id, name, created_at FROM tags WHERE version_id IN ");
    b.bind_ids(version_ids.iter().copied())
        .push(" ORDER BY created_at, name");
    Ok(b.query_as().fetch_all(conn).await?)
}

/// The branches of many versions at once (oldest association first).
pub async fn branches_of(conn: &mut AnyConnection, version_ids: &[i64]) -> StoreResult<Vec<VersionLabel>> {
    let mut b = SqlBuilder::new(
        "SELECT version_id, branch_name AS name, created_at FROM branch_versions WHERE version_id IN ",
    );
    b.bind_ids(version_ids.iter().copied())
        .push(" ORDER BY created_at, branch_name");
    Ok(b.query_as().fetch_all(conn).await?)
}

/// The newest version of each of these pacticipants (those with at least one version).
pub async fn latest_of_pacticipants(
    conn: &mut AnyConnection,
    pacticipant_ids: &[i64],
) -> StoreResult<Vec<Version>> {
    if pacticipant_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut b = SqlBuilder::new(&format!(
        "SELECT {COLUMNS} FROM versions WHERE id IN (SELECT MAX(id) FROM versions WHERE pacticipant_id IN "
    ));
    b.bind_ids(pacticipant_ids.iter().copied());
    b.push(" GROUP BY pacticipant_id)");
    Ok(b.query_as().fetch_all(conn).await?)
}
