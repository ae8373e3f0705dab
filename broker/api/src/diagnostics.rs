//! Diagnostics: `GET /diagnostic/status/heartbeat` (no database) and
//! `GET /diagnostic/status/dependencies` (the database).

use serde::{Deserialize, Serialize};

use crate::hal::Links;

/// The heartbeat: `{"ok": true, "_links"}` whenever the broker answers at all.
///
/// ```
/// use pact_broker_api::{Heartbeat, Link, Links};
/// let beat = Heartbeat { ok: true, links: Links::new().with("self", Link::new("http://b/h")) };
/// assert_eq!(
///     serde_json::to_string(&beat).unwrap(),
///     r#"{"ok":true,"_links":{"self":{"href":"http://b/h"}}}"#
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heartbeat {
    /// Always `true` from a broker that answers.
    #[serde(default)]
    pub ok: bool,
    /// `self`.
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// The dependency check: whether the broker reaches its database (served with 200 when it does,
/// 500 when it does not).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DependencyStatus {
    /// Whether every dependency is healthy.
    #[serde(default)]
    pub ok: bool,
    /// The database's health.
    #[serde(default)]
    pub database: HealthCheck,
    /// `self`.
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// The health of one dependency of a [`DependencyStatus`]: `{"ok": …}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthCheck {
    /// Whether it answered.
    #[serde(default)]
    pub ok: bool,
}
