//! Pacticipant labels: free-text tags on a pacticipant (not on a version), used to find
//! pacticipants (`/pacticipants/label/{label}`) and to scope webhooks (`{"label": "team-a"}`).

use sqlx::AnyConnection;

use super::pacticipants::Pacticipant;
use super::{SqlBuilder, StoreResult, now};

/// A label on a pacticipant.
#[derive(Debug, Clone, sqlx::FromRow, PartialEq, Eq)]
pub struct Label {
    /// The labelled pacticipant.
    pub pacticipant_id: i64,
    /// The label.
    pub name: String,
    /// Creation time.
    pub created_at: String,
    /// Last update time.
    pub updated_at: String,
}

const COLUMNS: &str = "pacticipant_id, name, created_at, updated_at";

/// The label `name` on a pacticipant, if it has it.
pub async fn find(conn: &mut AnyConnection, pacticipant_id: i64, name: &str) -> StoreResult<Option<Label>> {
    let sql = format!("SELECT {COLUMNS} FROM pacticipant_labels WHERE pacticipant_id = $1 AND name = $2");
    Ok(sqlx::query_as(&sql)
        .bind(pacticipant_id)
        .bind(name)
        .fetch_optional(conn)
        .await?)
}

/// Adds a label unless the pacticipant has it; the flag says whether it was added (a concurrent
/// request adding the same label counts as "already there").
pub async fn add(conn: &mut AnyConnection, pacticipant_id: i64, name: &str) -> StoreResult<(Label, bool)> {
    let at = now();
    let sql = format!(
        "INSERT INTO pacticipant_labels ({COLUMNS}) VALUES ($1, $2, $3, $3) \
         ON CONFLICT (pacticipant_id, name) DO NOTHING RETURNING {COLUMNS}"
    );
    let inserted: Option<Label> = sqlx::query_as(&sql)
        .bind(pacticipant_id)
        .bind(name)
        .bind(at)
        .fetch_optional(&mut *conn)
        .await?;
    match inserted {
        Some(label) => Ok((label, true)),
        None => Ok((
            find(conn, pacticipant_id, name)
                .await?
                .ok_or(sqlx::Error::RowNotFound)?,
            false,
        )),
    }
}

/// Removes a label; whether it was there.
pub async fn remove(conn: &mut AnyConnection, pacticipant_id: i64, name: &str) -> StoreResult<bool> {
    let done = sqlx::query("DELETE FROM pacticipant_labels WHERE pacticipant_id = $1 AND name = $2")
        .bind(pacticipant_id)
        .bind(name)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// The labels of these pacticipants, by pacticipant then name.
pub async fn of_pacticipants(conn: &mut AnyConnection, ids: &[i64]) -> StoreResult<Vec<Label>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut b = SqlBuilder::new(&format!(
        "SELECT {COLUMNS} FROM pacticipant_labels WHERE pacticipant_id IN "
    ));
    b.bind_ids(ids.iter().copied());
    b.push(" ORDER BY pacticipant_id, name");
    Ok(b.query_as().fetch_all(conn).await?)
}

/// The pacticipants carrying a label, by name (bounded like the pacticipant list).
pub async fn pacticipants_with(conn: &mut AnyConnection, name: &str) -> StoreResult<Vec<Pacticipant>> {
    let sql = "SELECT p.id, p.name, p.display_name, p.main_branch, p.repository_url, p.repository_name, \
               p.repository_namespace, p.created_at, p.updated_at FROM pacticipants p \
               JOIN pacticipant_labels l ON l.pacticipant_id = p.id WHERE l.name = $1 ORDER BY p.name LIMIT 10000";
    Ok(sqlx::query_as(sql).bind(name).fetch_all(conn).await?)
}

/// Every label in use, once each, by name (bounded).
pub async fn distinct_names(conn: &mut AnyConnection) -> StoreResult<Vec<String>> {
    Ok(
        sqlx::query_scalar("SELECT DISTINCT name FROM pacticipant_labels ORDER BY name LIMIT 10000")
            .fetch_all(conn)
            .await?,
    )
}
