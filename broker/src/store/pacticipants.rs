//! Pacticipants: the applications that take part in pacts.

use sqlx::AnyConnection;

use super::{StoreResult, now};

/// A stored pacticipant.
#[derive(Debug, Clone, sqlx::FromRow, PartialEq, Eq)]
pub struct Pacticipant {
    /// Row id.
    pub id: i64,
    /// Unique name.
    pub name: String,
    /// Human-friendly name.
    pub display_name: Option<String>,
    /// The branch that `{mainBranch: true}` selects.
    pub main_branch: Option<String>,
    /// Source repository URL.
    pub repository_url: Option<String>,
    /// Source repository name.
    pub repository_name: Option<String>,
    /// Source repository namespace (organisation).
    pub repository_namespace: Option<String>,
    /// Creation time.
    pub created_at: String,
    /// Last update time.
    pub updated_at: String,
}

/// Editable pacticipant fields; `None` leaves a field as it is (or unset on creation).
#[derive(Debug, Clone, Default)]
pub struct PacticipantFields {
    /// Display name.
    pub display_name: Option<String>,
    /// Main branch.
    pub main_branch: Option<String>,
    /// Repository URL.
    pub repository_url: Option<String>,
    /// Repository name.
    pub repository_name: Option<String>,
    /// Repository namespace.
    pub repository_namespace: Option<String>,
}

const COLUMNS: &str = "id, name, display_name, main_branch, repository_url, repository_name, \
                       repository_namespace, created_at, updated_at";

/// Finds a pacticipant by exact name.
pub async fn find(conn: &mut AnyConnection, name: &str) -> StoreResult<Option<Pacticipant>> {
    let sql = format!("SELECT {COLUMNS} FROM pacticipants WHERE name = $1");
    Ok(sqlx::query_as(&sql).bind(name).fetch_optional(conn).await?)
}

/// Finds pacticipants by id.
pub async fn find_by_ids(conn: &mut AnyConnection, ids: &[i64]) -> StoreResult<Vec<Pacticipant>> {
    let mut b = super::SqlBuilder::new(&format!("SELECT {COLUMNS} FROM pacticipants WHERE id IN "));
    b.bind_ids(ids.iter().copied());
    Ok(b.query_as().fetch_all(conn).await?)
}

/// The pacticipants called any of `names` (those that exist), in one query.
pub async fn find_by_names(conn: &mut AnyConnection, names: &[&str]) -> StoreResult<Vec<Pacticipant>> {
    let mut b = super::SqlBuilder::new(&format!("SELECT {COLUMNS} FROM pacticipants WHERE name IN "));
    b.bind_texts(names.iter().copied());
    Ok(b.query_as().fetch_all(conn).await?)
}

/// Lists pacticipants by name, one page at a time (`limit` rows after `offset`).
pub async fn list(conn: &mut AnyConnection, limit: i64, offset: i64) -> StoreResult<Vec<Pacticipant>> {
    let sql = format!("SELECT {COLUMNS} FROM pacticipants ORDER BY name LIMIT $1 OFFSET $2");
    Ok(sqlx::query_as(&sql)
        .bind(limit)
        .bind(offset)
        .fetch_all(conn)
        .await?)
}

/// Every pacticipant name (for the potential-duplicate name check), bounded.
pub async fn names(conn: &mut AnyConnection) -> StoreResult<Vec<String>> {
    Ok(
        sqlx::query_scalar("SELECT name FROM pacticipants ORDER BY name LIMIT 100000")
            .fetch_all(conn)
            .await?,
    )
}

/// Counts pacticipants.
pub async fn count(conn: &mut AnyConnection) -> StoreResult<i64> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM pacticipants")
        .fetch_one(conn)
        .await?;
    Ok(n)
}

/// Returns the pacticipant called `name`, creating it when missing; the flag says whether it was created.
///
/// Safe when several transactions create the same new pacticipant at once: the insert skips a
/// name another transaction has just stored (on PostgreSQL it waits for that transaction to
/// finish) and the pacticipant is then read back, instead of failing on the unique name.
pub async fn find_or_create(conn: &mut AnyConnection, name: &str) -> StoreResult<(Pacticipant, bool)> {
    if let Some(found) = find(conn, name).await? {
        return Ok((found, false));
    }
    if let Some(created) = create_if_absent(conn, name, &PacticipantFields::default()).await? {
        return Ok((created, true));
    }
    let found = find(conn, name).await?.ok_or(sqlx::Error::RowNotFound)?;
    Ok((found, false))
}

/// [`find_or_create`] for several pacticipants at once, in name order (step 2 of the lock order
/// in [`super::locks`]: two transactions that both create new pacticipants create them in the
/// same order, so neither waits for a name the other will only insert later). Returns them in
/// name order, each with whether it was created.
pub async fn find_or_create_in_name_order(
    conn: &mut AnyConnection,
    names: &[&str],
) -> StoreResult<Vec<(Pacticipant, bool)>> {
    let mut sorted: Vec<&str> = names.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    // Usually all exist: one query finds them; only the missing ones go through the insert.
    let existing = find_by_names(conn, &sorted).await?;
    let mut found = Vec::with_capacity(sorted.len());
    for name in sorted {
        match existing.iter().find(|p| p.name == name) {
            Some(p) => found.push((p.clone(), false)),
            None => found.push(find_or_create(conn, name).await?),
        }
    }
    Ok(found)
}

/// The insert of a new pacticipant (name, then the fields as [`bind_fields`] binds them, the
/// time serving as both creation and update time); `on_conflict` is empty or an `ON CONFLICT …`
/// clause.
fn insert_sql(on_conflict: &str) -> String {
    format!(
        "INSERT INTO pacticipants (name, display_name, main_branch, repository_url, repository_name, \
         repository_namespace, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
         {on_conflict} RETURNING {COLUMNS}"
    )
}

/// Binds a pacticipant's fields in column order, `display_name` through `repository_namespace`,
/// then the current time, as both the insert and the update write them.
fn bind_fields<'q>(
    query: sqlx::query::QueryAs<'q, sqlx::Any, Pacticipant, sqlx::any::AnyArguments<'q>>,
    fields: &PacticipantFields,
) -> sqlx::query::QueryAs<'q, sqlx::Any, Pacticipant, sqlx::any::AnyArguments<'q>> {
    query
        .bind(fields.display_name.clone())
        .bind(fields.main_branch.clone())
        .bind(fields.repository_url.clone())
        .bind(fields.repository_name.clone())
        .bind(fields.repository_namespace.clone())
        .bind(now())
}

/// Creates a pacticipant unless one with this name exists (or is being created by a concurrent
/// transaction); `None` when it already existed.
pub async fn create_if_absent(
    conn: &mut AnyConnection,
    name: &str,
    fields: &PacticipantFields,
) -> StoreResult<Option<Pacticipant>> {
    let sql = insert_sql("ON CONFLICT (name) DO NOTHING");
    Ok(bind_fields(sqlx::query_as(&sql).bind(name), fields)
        .fetch_optional(conn)
        .await?)
}

/// Creates a pacticipant.
pub async fn create(
    conn: &mut AnyConnection,
    name: &str,
    fields: &PacticipantFields,
) -> StoreResult<Pacticipant> {
    let sql = insert_sql("");
    Ok(bind_fields(sqlx::query_as(&sql).bind(name), fields)
        .fetch_one(conn)
        .await?)
}

/// Writes every field of `fields` (a `PUT`: unset fields become empty).
pub async fn replace(
    conn: &mut AnyConnection,
    id: i64,
    fields: &PacticipantFields,
) -> StoreResult<Pacticipant> {
    let sql = format!(
        "UPDATE pacticipants SET display_name = $1, main_branch = $2, repository_url = $3, repository_name = $4, \
         repository_namespace = $5, updated_at = $6 WHERE id = $7 RETURNING {COLUMNS}"
    );
    Ok(bind_fields(sqlx::query_as(&sql), fields)
        .bind(id)
        .fetch_one(conn)
        .await?)
}

/// Sets the main branch when none is set yet (auto-detection from `develop`/`main`/`master`).
pub async fn set_main_branch_if_unset(conn: &mut AnyConnection, id: i64, branch: &str) -> StoreResult<()> {
    sqlx::query("UPDATE pacticipants SET main_branch = $1 WHERE id = $2 AND main_branch IS NULL")
        .bind(branch)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The names of the pacticipants `id` has pacts with (as consumer or provider).
pub async fn partners_of(conn: &mut AnyConnection, id: i64) -> StoreResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT name FROM pacticipants WHERE id IN (SELECT consumer_id FROM pact_publications WHERE provider_id = $1 \
         UNION SELECT provider_id FROM pact_publications WHERE consumer_id = $1)",
    )
    .bind(id)
    .fetch_all(conn)
    .await?)
}

/// Deletes a pacticipant and everything that hangs off it.
pub async fn delete(conn: &mut AnyConnection, id: i64) -> StoreResult<()> {
    for sql in [
        "DELETE FROM latest_verifications WHERE verification_id IN \
         (SELECT id FROM verifications WHERE provider_id = $1 OR consumer_id = $1)",
        "DELETE FROM verifications WHERE provider_id = $1 OR consumer_id = $1",
        "DELETE FROM pact_publications WHERE provider_id = $1 OR consumer_id = $1",
        "DELETE FROM pact_versions WHERE provider_id = $1 OR consumer_id = $1",
        "DELETE FROM deployed_versions WHERE pacticipant_id = $1",
        "DELETE FROM released_versions WHERE pacticipant_id = $1",
        "DELETE FROM tags WHERE pacticipant_id = $1",
        "DELETE FROM branch_versions WHERE pacticipant_id = $1",
        "DELETE FROM branches WHERE pacticipant_id = $1",
        "DELETE FROM versions WHERE pacticipant_id = $1",
        "DELETE FROM pacticipants WHERE id = $1",
    ] {
        sqlx::query(sql).bind(id).execute(&mut *conn).await?;
    }
    Ok(())
}
