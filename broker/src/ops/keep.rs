//! Keep selectors of `pact-broker clean`: which pacticipant versions (and so which pacts and
//! verification results) survive a clean.
//!
//! The keys are the Pact Broker's (`pacticipant`, `branch`, `mainBranch`, `tag`, `latest`,
//! `deployed`, `released`, `environment`, `maxAge` in days), in camelCase or snake_case, plus two
//! of ours: `deployedOrReleased` and `max` (the newest N versions). Within one selector the keys
//! narrow each other (AND); a version selected by any selector is kept (OR). `latest`/`max` count
//! per pacticipant, and per branch or tag name when the selector has `branch`, `mainBranch` or `tag`.
//! `branch: true` / `tag: true` mean "any branch" / "any tag".

use serde_json::{Map, Value};

/// The largest `maxAge` a selector accepts, in days (about 2,700 years: every version is younger,
/// and `now - maxAge` stays far inside the range of dates).
pub const MAX_AGE_DAYS: i64 = 1_000_000;

/// One keep selector.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeepSelector {
    /// Only this pacticipant's versions.
    pub pacticipant: Option<String>,
    /// Versions on a branch: `Some(Some(name))` that branch, `Some(None)` any branch.
    pub branch: Option<Option<String>>,
    /// Versions on the pacticipant's main branch.
    pub main_branch: bool,
    /// Versions with a tag: `Some(Some(name))` that tag, `Some(None)` any tag.
    pub tag: Option<Option<String>>,
    /// Only the newest matching version (per group).
    pub latest: bool,
    /// Only the newest N matching versions (per group).
    pub max: Option<usize>,
    /// Only versions created within this many days.
    pub max_age_days: Option<i64>,
    /// Versions currently deployed.
    pub deployed: bool,
    /// Versions currently released (supported).
    pub released: bool,
    /// Versions currently deployed or released.
    pub deployed_or_released: bool,
    /// Narrows deployed/released to one environment (alone: deployed or released there).
    pub environment: Option<String>,
}

/// Why a keep selector is not understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeepSelectorError {
    /// Not JSON, or not an object.
    #[error("keep selector {input} is not a JSON object: {reason}")]
    NotAnObject {
        /// The text given.
        input: String,
        /// What is wrong.
        reason: String,
    },
    /// A key with a value of the wrong type.
    #[error("keep selector {input}: '{key}' must be {expected}")]
    BadValue {
        /// The text given.
        input: String,
        /// The key.
        key: String,
        /// What it must be.
        expected: &'static str,
    },
    /// A key this broker does not know.
    #[error(
        "keep selector {input}: unknown key '{key}' (known: pacticipant, branch, mainBranch, tag, latest, max, maxAge, deployed, released, deployedOrReleased, environment)"
    )]
    UnknownKey {
        /// The text given.
        input: String,
        /// The key.
        key: String,
    },
    /// `{}` would keep everything, which is never what a clean is for.
    #[error(
        "keep selector {input} selects nothing in particular (it would keep every version); give at least one key"
    )]
    Empty {
        /// The text given.
        input: String,
    },
    /// Keys that contradict each other.
    #[error("keep selector {input}: {reason}")]
    Conflict {
        /// The text given.
        input: String,
        /// Which keys.
        reason: &'static str,
    },
}

impl KeepSelector {
    /// Parses one selector from JSON text.
    ///
    /// ```
    /// use pact_broker::ops::keep::KeepSelector;
    ///
    /// let s = KeepSelector::parse(r#"{"branch":"main","max":5}"#).unwrap();
    /// assert_eq!(s.branch, Some(Some("main".to_string())));
    /// assert_eq!(s.newest_per_group(), Some(5));
    /// assert!(KeepSelector::parse(r#"{"colour":"red"}"#).is_err());
    /// ```
    pub fn parse(input: &str) -> Result<KeepSelector, KeepSelectorError> {
        let value: Value = serde_json::from_str(input).map_err(|e| KeepSelectorError::NotAnObject {
            input: input.to_string(),
            reason: e.to_string(),
        })?;
        let Value::Object(map) = value else {
            return Err(KeepSelectorError::NotAnObject {
                input: input.to_string(),
                reason: "expected {…}".to_string(),
            });
        };
        KeepSelector::from_map(input, &map)
    }

    fn from_map(input: &str, map: &Map<String, Value>) -> Result<KeepSelector, KeepSelectorError> {
        let bad = |key: &str, expected: &'static str| KeepSelectorError::BadValue {
            input: input.to_string(),
            key: key.to_string(),
            expected,
        };
        let flag = |key: &str, v: &Value| v.as_bool().ok_or_else(|| bad(key, "true or false"));
        let name_or_any = |key: &str, v: &Value| -> Result<Option<Option<String>>, KeepSelectorError> {
            match v {
                Value::Bool(true) => Ok(Some(None)),
                Value::Bool(false) | Value::Null => Ok(None),
                Value::String(s) if !s.trim().is_empty() => Ok(Some(Some(s.clone()))),
                _ => Err(bad(key, "a name or true")),
            }
        };
        let text = |key: &str, v: &Value| match v {
            Value::String(s) if !s.trim().is_empty() => Ok(s.clone()),
            _ => Err(bad(key, "a non-empty string")),
        };
        let mut s = KeepSelector::default();
        for (key, v) in map {
            match key.as_str() {
                "pacticipant" | "pacticipantName" | "pacticipant_name" => s.pacticipant = Some(text(key, v)?),
                "branch" => s.branch = name_or_any(key, v)?,
                "mainBranch" | "main_branch" => s.main_branch = flag(key, v)?,
                "tag" => s.tag = name_or_any(key, v)?,
                "latest" => s.latest = flag(key, v)?,
                "max" => {
                    s.max = Some(
                        v.as_u64()
                            .filter(|n| *n > 0)
                            .and_then(|n| usize::try_from(n).ok())
                            .ok_or_else(|| bad(key, "a positive whole number"))?,
                    )
                }
                "maxAge" | "max_age" | "maxAgeDays" | "max_age_days" => {
                    s.max_age_days = Some(
                        v.as_i64()
                            .filter(|n| (0..=MAX_AGE_DAYS).contains(n))
                            .ok_or_else(|| bad(key, "a whole number of days from 0 to 1000000"))?,
                    )
                }
                "deployed" => s.deployed = flag(key, v)?,
                "released" => s.released = flag(key, v)?,
                "deployedOrReleased" | "deployed_or_released" => s.deployed_or_released = flag(key, v)?,
                "environment" | "environmentName" | "environment_name" => s.environment = Some(text(key, v)?),
                other => {
                    return Err(KeepSelectorError::UnknownKey {
                        input: input.to_string(),
                        key: other.to_string(),
                    });
                }
            }
        }
        if s == KeepSelector::default() {
            return Err(KeepSelectorError::Empty {
                input: input.to_string(),
            });
        }
        if s.main_branch && s.branch.is_some() {
            return Err(KeepSelectorError::Conflict {
                input: input.to_string(),
                reason: "'mainBranch' and 'branch' cannot both be given",
            });
        }
        if (s.branch.is_some() || s.main_branch) && s.tag.is_some() {
            return Err(KeepSelectorError::Conflict {
                input: input.to_string(),
                reason: "a branch and a tag cannot both be given",
            });
        }
        Ok(s)
    }

    /// The Pact Broker's default keep list: the head of every branch, the newest version per tag,
    /// the newest version of every pacticipant, everything deployed or released, and anything
    /// younger than 90 days.
    pub fn defaults() -> Vec<KeepSelector> {
        vec![
            KeepSelector {
                branch: Some(None),
                latest: true,
                ..KeepSelector::default()
            },
            KeepSelector {
                tag: Some(None),
                latest: true,
                ..KeepSelector::default()
            },
            KeepSelector {
                latest: true,
                ..KeepSelector::default()
            },
            KeepSelector {
                deployed_or_released: true,
                ..KeepSelector::default()
            },
            KeepSelector {
                max_age_days: Some(90),
                ..KeepSelector::default()
            },
        ]
    }

    /// (deployed, released): which current placements the selector asks for.
    pub fn placements(&self) -> (bool, bool) {
        let either =
            self.deployed_or_released || (self.environment.is_some() && !self.deployed && !self.released);
        (self.deployed || either, self.released || either)
    }

    /// Whether the selector keeps deployed or released versions (a clean then re-checks them in
    /// each batch, in case one was deployed while it ran).
    pub fn keeps_deployed_or_released(&self) -> bool {
        self.placements() != (false, false)
    }

    /// How many of the newest versions per group are kept (`None`: every matching version).
    pub fn newest_per_group(&self) -> Option<usize> {
        match (self.max, self.latest) {
            (Some(n), _) => Some(n),
            (None, true) => Some(1),
            (None, false) => None,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_pact_broker_keys_and_ours_are_read() {
        let s = KeepSelector::parse(r#"{"mainBranch":true,"latest":true}"#).unwrap();
        assert!(s.main_branch && s.latest);
        let s = KeepSelector::parse(r#"{"deployedOrReleased":true}"#).unwrap();
        assert_eq!(s.placements(), (true, true));
        let s = KeepSelector::parse(r#"{"deployed":true,"environment":"prod"}"#).unwrap();
        assert_eq!(s.placements(), (true, false));
        let s = KeepSelector::parse(r#"{"max_age":90,"pacticipant":"Foo"}"#).unwrap();
        assert_eq!(s.max_age_days, Some(90));
        let s = KeepSelector::parse(r#"{"tag":true,"latest":true}"#).unwrap();
        assert_eq!(s.tag, Some(None));
    }

    #[test]
    fn mistakes_say_which_key_is_wrong() {
        let e = KeepSelector::parse(r#"{"max":0}"#).unwrap_err().to_string();
        assert!(e.contains("'max' must be a positive whole number"), "{e}");
        let e = KeepSelector::parse(r#"{}"#).unwrap_err().to_string();
        assert!(e.contains("would keep every version"), "{e}");
        let e = KeepSelector::parse(r#"{"branch":"x","tag":"y"}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("cannot both"), "{e}");
        let e = KeepSelector::parse("[1]").unwrap_err().to_string();
        assert!(e.contains("not a JSON object"), "{e}");
    }
}
