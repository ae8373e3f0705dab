//! Roles: what a set of credentials may do. Each role includes the ones before it.

use std::fmt;
use std::str::FromStr;

/// What credentials may do, from least to most; a stronger role can do everything a weaker one can.
///
/// ```
/// use pact_broker::auth::Role;
///
/// let role: Role = "write".parse().unwrap();
/// assert!(role.allows(Role::Read));
/// assert!(!role.allows(Role::Admin));
/// assert_eq!(role.to_string(), "write");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Read everything (GET/HEAD) and ask which pacts to verify (`POST …/for-verification`).
    Read,
    /// Also publish pacts and verification results, tag, branch, record deployments and releases,
    /// create and update pacticipants and versions.
    Write,
    /// Also delete anything, manage environments, webhooks and API tokens.
    Admin,
}

impl Role {
    /// Every role, weakest first.
    pub const ALL: [Role; 3] = [Role::Read, Role::Write, Role::Admin];

    /// Whether this role may do what `required` may.
    pub fn allows(self, required: Role) -> bool {
        self >= required
    }

    /// The role's name as written in the API and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Read => "read",
            Role::Write => "write",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role name that is not `read`, `write` or `admin`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role '{0}': use read, write or admin")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Role, UnknownRole> {
        match s.trim().to_ascii_lowercase().as_str() {
            "read" | "read-only" | "readonly" => Ok(Role::Read),
            "write" | "read-write" | "readwrite" => Ok(Role::Write),
            "admin" => Ok(Role::Admin),
            _ => Err(UnknownRole(s.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_includes_the_weaker_ones() {
        assert!(Role::Admin.allows(Role::Write) && Role::Admin.allows(Role::Read));
        assert!(Role::Write.allows(Role::Read) && !Role::Write.allows(Role::Admin));
        assert!(!Role::Read.allows(Role::Write));
    }

    #[test]
    fn names_round_trip_and_unknown_names_are_errors() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert_eq!(
            "owner".parse::<Role>().unwrap_err().to_string(),
            "unknown role 'owner': use read, write or admin"
        );
    }
}
