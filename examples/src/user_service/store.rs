//! Where users live: one SQLite table, reached through sqlx.

use std::path::Path;

use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};

use super::model::{NewUser, User};

/// A failure of the user store, with the operation that failed.
#[derive(Debug, thiserror::Error)]
#[error("user store could not {operation}: {source}")]
pub struct StoreError {
    /// What the store was doing, in plain words.
    pub operation: &'static str,
    /// The database error.
    #[source]
    pub source: sqlx::Error,
}

fn failed(operation: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError {
    move |source| StoreError { operation, source }
}

/// The users table. Cheap to clone: clones share one connection pool.
#[derive(Debug, Clone)]
pub struct UserStore {
    pool: SqlitePool,
}

impl UserStore {
    /// Opens (creating if missing) the SQLite file at `path` and makes sure the table exists.
    pub async fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::new()
            .filename(path.as_ref())
            .create_if_missing(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(failed("open the database file"))?;
        let store = Self { pool };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS users (
                id    INTEGER PRIMARY KEY AUTOINCREMENT,
                name  TEXT NOT NULL,
                email TEXT NOT NULL
            )",
        )
        .execute(&self.pool)
        .await
        .map_err(failed("create the users table"))?;
        Ok(())
    }

    /// Stores a new user and returns it with the id the database chose.
    pub async fn create(&self, user: &NewUser) -> Result<User, StoreError> {
        let result = sqlx::query("INSERT INTO users (name, email) VALUES (?, ?)")
            .bind(user.name.trim())
            .bind(&user.email)
            .execute(&self.pool)
            .await
            .map_err(failed("insert a user"))?;
        Ok(User {
            id: result.last_insert_rowid(),
            name: user.name.trim().to_owned(),
            email: user.email.clone(),
        })
    }

    /// Stores (or replaces) the user with exactly this id: what provider-state hooks use.
    pub async fn put(&self, user: &User) -> Result<(), StoreError> {
        sqlx::query("INSERT OR REPLACE INTO users (id, name, email) VALUES (?, ?, ?)")
            .bind(user.id)
            .bind(&user.name)
            .bind(&user.email)
            .execute(&self.pool)
            .await
            .map_err(failed("put a user"))?;
        Ok(())
    }

    /// The user with this id, if any.
    pub async fn find(&self, id: i64) -> Result<Option<User>, StoreError> {
        let row: Option<(i64, String, String)> =
            sqlx::query_as("SELECT id, name, email FROM users WHERE id = ?")
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err(failed("read a user"))?;
        Ok(row.map(|(id, name, email)| User { id, name, email }))
    }

    /// Deletes the user with this id; true when there was one.
    pub async fn delete(&self, id: i64) -> Result<bool, StoreError> {
        let result = sqlx::query("DELETE FROM users WHERE id = ?")
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(failed("delete a user"))?;
        Ok(result.rows_affected() > 0)
    }

    /// Deletes every user.
    pub async fn clear(&self) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM users")
            .execute(&self.pool)
            .await
            .map_err(failed("delete all users"))?;
        Ok(())
    }

    /// How many users are stored.
    pub async fn count(&self) -> Result<i64, StoreError> {
        let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users")
            .fetch_one(&self.pool)
            .await
            .map_err(failed("count users"))?;
        Ok(count)
    }
}
