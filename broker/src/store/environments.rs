//! Environments and the versions deployed or released to them.

use sqlx::AnyConnection;

use super::{SqlBuilder, StoreResult, now};

/// A stored environment.
#[derive(Debug, Clone, sqlx::FromRow, PartialEq, Eq)]
pub struct Environment {
    /// Row id.
    pub id: i64,
    /// Public identifier used in URLs.
    pub uuid: String,
    /// Unique name without spaces.
    pub name: String,
    /// Human-friendly name.
    pub display_name: Option<String>,
    /// 1 for production environments.
    pub production: i64,
    /// Contacts as JSON text.
    pub contacts: Option<String>,
    /// Creation time.
    pub created_at: String,
    /// Last update time.
    pub updated_at: String,
}

/// Fields of an environment to create or replace.
#[derive(Debug, Clone)]
pub struct EnvironmentFields {
    /// Unique name.
    pub name: String,
    /// Display name.
    pub display_name: Option<String>,
    /// Production flag.
    pub production: bool,
    /// Contacts JSON text.
    pub contacts: Option<String>,
}

/// A deployment or release of a version to an environment.
#[derive(Debug, Clone, sqlx::FromRow, PartialEq, Eq)]
pub struct Placement {
    /// Row id.
    pub id: i64,
    /// Public identifier.
    pub uuid: String,
    /// The version.
    pub version_id: i64,
    /// Its pacticipant.
    pub pacticipant_id: i64,
    /// The environment.
    pub environment_id: i64,
    /// Application instance (deployments only; empty when none).
    pub application_instance: String,
    /// 1 while currently deployed / supported.
    pub current: i64,
    /// When it was recorded.
    pub created_at: String,
    /// When it was undeployed / support ended.
    pub ended_at: Option<String>,
}

/// Deployments (one current per pacticipant, environment and instance) or releases (many).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlacementKind {
    /// `deployed_versions`.
    Deployment,
    /// `released_versions`.
    Release,
}

impl PlacementKind {
    fn select(self) -> &'static str {
        match self {
            PlacementKind::Deployment => {
                "SELECT id, uuid, version_id, pacticipant_id, environment_id, application_instance, \
                 currently_deployed AS current, created_at, undeployed_at AS ended_at FROM deployed_versions "
            }
            PlacementKind::Release => {
                "SELECT id, uuid, version_id, pacticipant_id, environment_id, '' AS application_instance, \
                 currently_supported AS current, created_at, support_ended_at AS ended_at FROM released_versions "
            }
        }
    }

    fn current_column(self) -> &'static str {
        match self {
            PlacementKind::Deployment => "currently_deployed",
            PlacementKind::Release => "currently_supported",
        }
    }
}

const COLUMNS: &str = "id, uuid, name, display_name, production, contacts, created_at, updated_at";

/// Finds an environment by UUID.
pub async fn find_by_uuid(conn: &mut AnyConnection, uuid: &str) -> StoreResult<Option<Environment>> {
    let sql = format!("SELECT {COLUMNS} FROM environments WHERE uuid = $1");
    Ok(sqlx::query_as(&sql).bind(uuid).fetch_optional(conn).await?)
}

/// Finds an environment by name.
pub async fn find_by_name(conn: &mut AnyConnection, name: &str) -> StoreResult<Option<Environment>> {
    let sql = format!("SELECT {COLUMNS} FROM environments WHERE name = $1");
    Ok(sqlx::query_as(&sql).bind(name).fetch_optional(conn).await?)
}

/// Every environment, by name.
pub async fn list(conn: &mut AnyConnection) -> StoreResult<Vec<Environment>> {
    let sql = format!("SELECT {COLUMNS} FROM environments ORDER BY name LIMIT 1000");
    Ok(sqlx::query_as(&sql).fetch_all(conn).await?)
}

/// Environments by id.
pub async fn find_by_ids(conn: &mut AnyConnection, ids: &[i64]) -> StoreResult<Vec<Environment>> {
    let mut b = SqlBuilder::new(&format!("SELECT {COLUMNS} FROM environments WHERE id IN "));
    b.bind_ids(ids.iter().copied());
    Ok(b.query_as().fetch_all(conn).await?)
}

/// The insert of a new environment (uuid, then the fields as [`bind_fields`] binds them, the
/// time serving as both creation and update time); `on_conflict` is empty or an `ON CONFLICT …`
/// clause.
fn insert_sql(on_conflict: &str) -> String {
    format!(
        "INSERT INTO environments (uuid, name, display_name, production, contacts, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) {on_conflict} RETURNING {COLUMNS}"
    )
}

/// Binds an environment's fields in column order, `name` through `contacts`, then the current
/// time, as both the insert and the update write them.
fn bind_fields<'q>(
    query: sqlx::query::QueryAs<'q, sqlx::Any, Environment, sqlx::any::AnyArguments<'q>>,
    fields: &EnvironmentFields,
) -> sqlx::query::QueryAs<'q, sqlx::Any, Environment, sqlx::any::AnyArguments<'q>> {
    query
        .bind(fields.name.clone())
        .bind(fields.display_name.clone())
        .bind(i64::from(fields.production))
        .bind(fields.contacts.clone())
        .bind(now())
}

/// Creates an environment with the given UUID.
pub async fn create(
    conn: &mut AnyConnection,
    uuid: &str,
    fields: &EnvironmentFields,
) -> StoreResult<Environment> {
    let sql = insert_sql("");
    Ok(bind_fields(sqlx::query_as(&sql).bind(uuid), fields)
        .fetch_one(conn)
        .await?)
}

/// Creates an environment unless its UUID or name is taken (also by a concurrent transaction);
/// `None` when it was.
pub async fn create_if_absent(
    conn: &mut AnyConnection,
    uuid: &str,
    fields: &EnvironmentFields,
) -> StoreResult<Option<Environment>> {
    let sql = insert_sql("ON CONFLICT DO NOTHING");
    Ok(bind_fields(sqlx::query_as(&sql).bind(uuid), fields)
        .fetch_optional(conn)
        .await?)
}

/// Replaces an environment's fields.
pub async fn update(
    conn: &mut AnyConnection,
    id: i64,
    fields: &EnvironmentFields,
) -> StoreResult<Environment> {
    let sql = format!(
        "UPDATE environments SET name = $1, display_name = $2, production = $3, contacts = $4, updated_at = $5 \
         WHERE id = $6 RETURNING {COLUMNS}"
    );
    Ok(bind_fields(sqlx::query_as(&sql), fields)
        .bind(id)
        .fetch_one(conn)
        .await?)
}

/// Deletes an environment and its deployment records.
pub async fn delete(conn: &mut AnyConnection, id: i64) -> StoreResult<()> {
    for sql in [
        "DELETE FROM deployed_versions WHERE environment_id = $1",
        "DELETE FROM released_versions WHERE environment_id = $1",
        "DELETE FROM environments WHERE id = $1",
    ] {
        sqlx::query(sql).bind(id).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Records a deployment: idempotent per (version, environment, instance); the previous current
/// deployment of the pacticipant's instance in that environment is marked undeployed.
pub async fn record_deployment(
    conn: &mut AnyConnection,
    version_id: i64,
    pacticipant_id: i64,
    environment_id: i64,
    instance: &str,
) -> StoreResult<(Placement, bool)> {
    let kind = PlacementKind::Deployment;
    // Concurrent deployments of the pacticipant queue here (a row lock on PostgreSQL; SQLite
    // already has one writer), so the check below sees any deployment they have just recorded
    // and an instance never ends up with two current deployments.
    sqlx::query("UPDATE pacticipants SET updated_at = updated_at WHERE id = $1")
        .bind(pacticipant_id)
        .execute(&mut *conn)
        .await?;
    let existing_sql = format!(
        "{} WHERE version_id = $1 AND environment_id = $2 AND application_instance = $3 AND currently_deployed = 1",
        kind.select()
    );
    let existing: Option<Placement> = sqlx::query_as(&existing_sql)
        .bind(version_id)
        .bind(environment_id)
        .bind(instance)
        .fetch_optional(&mut *conn)
        .await?;
    if let Some(found) = existing {
        return Ok((found, false));
    }
    let ts = now();
    sqlx::query(
        "UPDATE deployed_versions SET currently_deployed = 0, undeployed_at = $1 WHERE pacticipant_id = $2 \
         AND environment_id = $3 AND application_instance = $4 AND currently_deployed = 1",
    )
    .bind(&ts)
    .bind(pacticipant_id)
    .bind(environment_id)
    .bind(instance)
    .execute(&mut *conn)
    .await?;
    let sql = "INSERT INTO deployed_versions (uuid, version_id, pacticipant_id, environment_id, application_instance, \
               currently_deployed, created_at) VALUES ($1, $2, $3, $4, $5, 1, $6) RETURNING id, uuid, version_id, \
               pacticipant_id, environment_id, application_instance, currently_deployed AS current, created_at, \
               undeployed_at AS ended_at";
    let created = sqlx::query_as(sql)
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(version_id)
        .bind(pacticipant_id)
        .bind(environment_id)
        .bind(instance)
        .bind(ts)
        .fetch_one(conn)
        .await?;
    Ok((created, true))
}

/// Records a release (many versions may be supported at once); idempotent per (version, environment),
/// also when several requests record the same new release at once.
pub async fn record_release(
    conn: &mut AnyConnection,
    version_id: i64,
    pacticipant_id: i64,
    environment_id: i64,
) -> StoreResult<(Placement, bool)> {
    let mut existing = release_of(conn, version_id, environment_id).await?;
    if existing.is_none() {
        let sql = "INSERT INTO released_versions (uuid, version_id, pacticipant_id, environment_id, currently_supported, \
                   created_at) VALUES ($1, $2, $3, $4, 1, $5) ON CONFLICT (version_id, environment_id) DO NOTHING \
                   RETURNING id, uuid, version_id, pacticipant_id, environment_id, '' AS application_instance, \
                   currently_supported AS current, created_at, support_ended_at AS ended_at";
        let created: Option<Placement> = sqlx::query_as(sql)
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(version_id)
            .bind(pacticipant_id)
            .bind(environment_id)
            .bind(now())
            .fetch_optional(&mut *conn)
            .await?;
        if let Some(created) = created {
            return Ok((created, true));
        }
        existing = release_of(conn, version_id, environment_id).await?;
    }
    let found = existing.ok_or(sqlx::Error::RowNotFound)?;
    if found.current == 0 {
        sqlx::query(
            "UPDATE released_versions SET currently_supported = 1, support_ended_at = NULL WHERE id = $1",
        )
        .bind(found.id)
        .execute(&mut *conn)
        .await?;
        return Ok((
            Placement {
                current: 1,
                ended_at: None,
                ..found
            },
            false,
        ));
    }
    Ok((found, false))
}

/// The release of a version in an environment, current or not.
async fn release_of(
    conn: &mut AnyConnection,
    version_id: i64,
    environment_id: i64,
) -> StoreResult<Option<Placement>> {
    let sql = format!(
        "{} WHERE version_id = $1 AND environment_id = $2",
        PlacementKind::Release.select()
    );
    Ok(sqlx::query_as(&sql)
        .bind(version_id)
        .bind(environment_id)
        .fetch_optional(conn)
        .await?)
}

/// Finds a deployment or release by UUID.
pub async fn find_placement(
    conn: &mut AnyConnection,
    kind: PlacementKind,
    uuid: &str,
) -> StoreResult<Option<Placement>> {
    let sql = format!("{} WHERE uuid = $1", kind.select());
    Ok(sqlx::query_as(&sql).bind(uuid).fetch_optional(conn).await?)
}

/// Marks a deployment undeployed or a release unsupported.
pub async fn end_placement(conn: &mut AnyConnection, kind: PlacementKind, id: i64) -> StoreResult<()> {
    let sql = match kind {
        PlacementKind::Deployment => {
            "UPDATE deployed_versions SET currently_deployed = 0, undeployed_at = $1 WHERE id = $2 AND currently_deployed = 1"
        }
        PlacementKind::Release => {
            "UPDATE released_versions SET currently_supported = 0, support_ended_at = $1 WHERE id = $2 \
             AND currently_supported = 1"
        }
    };
    sqlx::query(sql).bind(now()).bind(id).execute(conn).await?;
    Ok(())
}

/// Current deployments or releases in an environment, optionally for one pacticipant / instance.
pub async fn current_in(
    conn: &mut AnyConnection,
    kind: PlacementKind,
    environment_id: i64,
    pacticipant_id: Option<i64>,
    instance: Option<&str>,
) -> StoreResult<Vec<Placement>> {
    let mut b = SqlBuilder::new(kind.select());
    b.push(&format!(
        "WHERE {} = 1 AND environment_id = ",
        kind.current_column()
    ))
    .bind_int(environment_id);
    if let Some(id) = pacticipant_id {
        b.push(" AND pacticipant_id = ").bind_int(id);
    }
    if let (Some(instance), PlacementKind::Deployment) = (instance, kind) {
        b.push(" AND application_instance = ").bind_text(instance);
    }
    b.push(" ORDER BY id LIMIT 10000");
    Ok(b.query_as().fetch_all(conn).await?)
}

/// Current deployments or releases of many versions at once (any environment).
pub async fn current_for_versions(
    conn: &mut AnyConnection,
    kind: PlacementKind,
    version_ids: &[i64],
) -> StoreResult<Vec<Placement>> {
    let mut b = SqlBuilder::new(kind.select());
    b.push(&format!("WHERE {} = 1 AND version_id IN ", kind.current_column()))
        .bind_ids(version_ids.iter().copied());
    Ok(b.query_as().fetch_all(conn).await?)
}
