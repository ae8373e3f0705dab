//! The user: what the service stores and how it shows it.

use serde::{Deserialize, Serialize};

/// A stored user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// The user's id, chosen by the database.
    pub id: i64,
    /// The user's display name.
    pub name: String,
    /// The user's email address.
    pub email: String,
}

/// What a client sends to create a user (`POST /users`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUser {
    /// The user's display name: not blank, at most 100 characters.
    pub name: String,
    /// The user's email address: `local@domain`, no spaces.
    pub email: String,
}

/// Why a [`NewUser`] was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("field `{field}` is invalid: {reason}")]
pub struct InvalidUser {
    /// The JSON field at fault.
    pub field: &'static str,
    /// What is wrong with it, in plain words.
    pub reason: &'static str,
}

impl NewUser {
    /// A new user with this name and email.
    ///
    /// ```
    /// use examples::user_service::NewUser;
    /// let alice = NewUser::new("Alice", "alice@example.com");
    /// assert!(alice.validate().is_ok());
    /// ```
    pub fn new(name: impl Into<String>, email: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            email: email.into(),
        }
    }

    /// Checks the fields; the first problem found is returned.
    ///
    /// ```
    /// use examples::user_service::NewUser;
    /// let err = NewUser::new("Bob", "not-an-email").validate().unwrap_err();
    /// assert_eq!(err.field, "email");
    /// ```
    pub fn validate(&self) -> Result<(), InvalidUser> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(InvalidUser {
                field: "name",
                reason: "must not be blank",
            });
        }
        if name.chars().count() > 100 {
            return Err(InvalidUser {
                field: "name",
                reason: "must be at most 100 characters",
            });
        }
        if !looks_like_email(&self.email) {
            return Err(InvalidUser {
                field: "email",
                reason: "must look like local@domain",
            });
        }
        Ok(())
    }
}

fn looks_like_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !email.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_name_is_refused() {
        let err = NewUser::new("  ", "a@b.c").validate().unwrap_err();
        assert_eq!(err.to_string(), "field `name` is invalid: must not be blank");
    }

    #[test]
    fn emails_need_one_at_sign_and_no_spaces() {
        for bad in ["", "@b", "a@", "a@b@c", "a b@c"] {
            assert!(NewUser::new("A", bad).validate().is_err(), "{bad:?} accepted");
        }
        assert!(NewUser::new("A", "a@b").validate().is_ok());
    }
}
