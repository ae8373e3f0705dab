//! API tokens: named bearer tokens with a role, stored as SHA-256 digests (table `api_tokens`).
//!
//! The clear-text token exists only in the reply to its creation; afterwards the broker can tell
//! a presented token's role but can never show the token again. Revoking deletes the row, so the
//! token is refused at once by every broker instance sharing the database.

use crate::store::{Store, StoreError, now};

use super::Role;
use super::secret::{RandomnessError, TokenSecret, secrets_equal};

/// A stored token, without its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    /// Unique name (`ci-publisher`).
    pub name: String,
    /// What it may do.
    pub role: Role,
    /// When it was created (RFC 3339).
    pub created_at: String,
}

/// A token just created: the only time its secret is known.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    /// The stored token.
    pub token: ApiToken,
    /// The bearer token to hand to the client.
    pub secret: TokenSecret,
}

/// What can go wrong managing tokens.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// The name is empty, too long or has characters outside `A-Z a-z 0-9 . _ -`.
    #[error("invalid token name '{name}': {reason}")]
    InvalidName {
        /// The name given.
        name: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// Another token already has this name.
    #[error("a token named '{0}' already exists")]
    NameTaken(String),
    /// No token has this name.
    #[error("no token named '{0}'")]
    NotFound(String),
    /// No random bytes.
    #[error(transparent)]
    Randomness(#[from] RandomnessError),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for TokenError {
    fn from(e: sqlx::Error) -> TokenError {
        TokenError::Store(StoreError::Database(e))
    }
}

/// Longest token name.
pub const MAX_NAME_LEN: usize = 64;

/// Checks a token name: 1–64 characters of `A-Z a-z 0-9 . _ -`, starting with a letter or digit.
pub fn validate_name(name: &str) -> Result<(), TokenError> {
    let invalid = |reason| {
        Err(TokenError::InvalidName {
            name: name.to_string(),
            reason,
        })
    };
    if name.is_empty() {
        return invalid("a name is required");
    }
    if name.len() > MAX_NAME_LEN {
        return invalid("use at most 64 characters");
    }
    if !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return invalid("start with a letter or digit");
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    {
        return invalid("use only letters, digits, '.', '_' and '-'");
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Row {
    name: String,
    role: String,
    created_at: String,
}

impl Row {
    /// Rows with a role this broker does not know are skipped (never granted anything).
    fn into_token(self) -> Option<ApiToken> {
        Some(ApiToken {
            role: self.role.parse().ok()?,
            name: self.name,
            created_at: self.created_at,
        })
    }
}

/// Creates a token called `name` with `role`; the reply holds the only copy of its secret.
pub async fn issue(store: &Store, name: &str, role: Role) -> Result<IssuedToken, TokenError> {
    validate_name(name)?;
    let secret = TokenSecret::generate()?;
    let created_at = now();
    let mut tx = store.begin_write().await?;
    let existing: Option<(String,)> = sqlx::query_as("SELECT name FROM api_tokens WHERE name = $1")
        .bind(name)
        .fetch_optional(tx.conn())
        .await?;
    if existing.is_some() {
        return Err(TokenError::NameTaken(name.to_string()));
    }
    let inserted =
        sqlx::query("INSERT INTO api_tokens (name, role, token_sha256, created_at) VALUES ($1, $2, $3, $4)")
            .bind(name)
            .bind(role.as_str())
            .bind(secret.sha256_hex())
            .bind(&created_at)
            .execute(tx.conn())
            .await;
    match inserted {
        Ok(_) => {}
        // Another instance created the same name between the check and the insert.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            return Err(TokenError::NameTaken(name.to_string()));
        }
        Err(e) => return Err(e.into()),
    }
    tx.commit().await?;
    Ok(IssuedToken {
        token: ApiToken {
            name: name.to_string(),
            role,
            created_at,
        },
        secret,
    })
}

/// Every token, by name.
pub async fn list(store: &Store) -> Result<Vec<ApiToken>, TokenError> {
    let rows: Vec<Row> = sqlx::query_as("SELECT name, role, created_at FROM api_tokens ORDER BY name")
        .fetch_all(store.pool())
        .await?;
    Ok(rows.into_iter().filter_map(Row::into_token).collect())
}

/// The token called `name`.
pub async fn find(store: &Store, name: &str) -> Result<Option<ApiToken>, TokenError> {
    let row: Option<Row> = sqlx::query_as("SELECT name, role, created_at FROM api_tokens WHERE name = $1")
        .bind(name)
        .fetch_optional(store.pool())
        .await?;
    Ok(row.and_then(Row::into_token))
}

/// Revokes (deletes) the token called `name`; it is refused from then on.
pub async fn revoke(store: &Store, name: &str) -> Result<(), TokenError> {
    let mut tx = store.begin_write().await?;
    let deleted = sqlx::query("DELETE FROM api_tokens WHERE name = $1")
        .bind(name)
        .execute(tx.conn())
        .await?;
    if deleted.rows_affected() == 0 {
        return Err(TokenError::NotFound(name.to_string()));
    }
    tx.commit().await?;
    Ok(())
}

/// Whether any token exists (a broker with tokens requires credentials).
pub async fn any_exist(store: &Store) -> Result<bool, TokenError> {
    let found: Option<(String,)> = sqlx::query_as("SELECT name FROM api_tokens LIMIT 1")
        .fetch_optional(store.pool())
        .await?;
    Ok(found.is_some())
}

/// The stored token a client's bearer token belongs to, if any.
///
/// The lookup is by SHA-256 digest (a client cannot choose digests, so the index lookup leaks
/// nothing about stored tokens) and the digest is then compared again in constant time.
pub async fn authenticate(store: &Store, presented: &TokenSecret) -> Result<Option<ApiToken>, TokenError> {
    if !presented.is_well_formed() {
        return Ok(None);
    }
    let digest = presented.sha256_hex();
    let row: Option<(String, String, String, String)> =
        sqlx::query_as("SELECT name, role, created_at, token_sha256 FROM api_tokens WHERE token_sha256 = $1")
            .bind(&digest)
            .fetch_optional(store.pool())
            .await?;
    Ok(row
        .filter(|(_, _, _, stored)| secrets_equal(stored, &digest))
        .and_then(|(name, role, created_at, _)| {
            Row {
                name,
                role,
                created_at,
            }
            .into_token()
        }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        assert!(validate_name("ci-publisher.v2_x").is_ok());
        for bad in ["", "-x", "has space", "slash/y", &"n".repeat(65)] {
            assert!(
                matches!(validate_name(bad), Err(TokenError::InvalidName { .. })),
                "{bad}"
            );
        }
    }
}
