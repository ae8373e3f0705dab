//! Consumer version selectors: which consumer versions' pacts a provider should verify.

use serde::{Deserialize, Serialize};

/// One consumer version selector as sent to `for-verification`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsumerVersionSelector {
    /// The head of each consumer's main branch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_branch: Option<bool>,
    /// The head of this consumer branch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    /// The head of the consumer branch named like the provider's branch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matching_branch: Option<bool>,
    /// Used when `branch`/`matchingBranch` finds nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback_branch: Option<String>,
    /// Versions with this tag (legacy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Used when `tag` with `latest` finds nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback_tag: Option<String>,
    /// Only the newest matching version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest: Option<bool>,
    /// Versions currently deployed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployed: Option<bool>,
    /// Versions currently released and supported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub released: Option<bool>,
    /// Versions currently deployed or supported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployed_or_released: Option<bool>,
    /// Narrows deployed/released to one environment (alone it means deployed or released there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    /// Only this consumer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumer: Option<String>,
}

/// What a selector asks for, once validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Head of each consumer's main branch.
    MainBranch,
    /// Head of a named branch, with a fallback branch.
    Branch {
        /// Branch name.
        name: String,
        /// Fallback when the branch has no pact.
        fallback: Option<String>,
    },
    /// Head of the consumer branch matching the provider branch.
    MatchingBranch {
        /// Fallback when there is no such branch.
        fallback: Option<String>,
    },
    /// Versions with a tag.
    Tag {
        /// Tag name.
        name: String,
        /// Only the newest.
        latest: bool,
        /// Fallback tag (with latest).
        fallback: Option<String>,
    },
    /// Newest version of each consumer.
    Latest,
    /// Currently deployed and/or released versions.
    Environment {
        /// Include current deployments.
        deployed: bool,
        /// Include supported releases.
        released: bool,
        /// One environment (name), or all.
        environment: Option<String>,
    },
}

impl ConsumerVersionSelector {
    /// `{"mainBranch": true}`: the latest pact from each consumer's main branch.
    ///
    /// ```
    /// use pact_broker_api::ConsumerVersionSelector as Selector;
    /// let selector = Selector::main_branch().consumer("OrderService");
    /// assert_eq!(
    ///     selector.to_json(),
    ///     serde_json::json!({"mainBranch": true, "consumer": "OrderService"})
    /// );
    /// ```
    pub fn main_branch() -> Self {
        ConsumerVersionSelector {
            main_branch: Some(true),
            ..Self::default()
        }
    }

    /// `{"branch": name}`: the latest pact from the consumers' branch `name`.
    pub fn branch(name: impl Into<String>) -> Self {
        ConsumerVersionSelector {
            branch: Some(name.into()),
            ..Self::default()
        }
    }

    /// `{"matchingBranch": true}`: pacts from the consumer branch named like the provider branch.
    pub fn matching_branch() -> Self {
        ConsumerVersionSelector {
            matching_branch: Some(true),
            ..Self::default()
        }
    }

    /// `{"deployedOrReleased": true}`: pacts of every deployed or released consumer version.
    pub fn deployed_or_released() -> Self {
        ConsumerVersionSelector {
            deployed_or_released: Some(true),
            ..Self::default()
        }
    }

    /// `{"deployed": true}`: pacts of every currently deployed consumer version.
    pub fn deployed() -> Self {
        ConsumerVersionSelector {
            deployed: Some(true),
            ..Self::default()
        }
    }

    /// `{"released": true}`: pacts of every released, still supported consumer version.
    pub fn released() -> Self {
        ConsumerVersionSelector {
            released: Some(true),
            ..Self::default()
        }
    }

    /// `{"environment": name}`: consumer versions deployed or released to `name`.
    pub fn environment(name: impl Into<String>) -> Self {
        ConsumerVersionSelector {
            environment: Some(name.into()),
            ..Self::default()
        }
    }

    /// `{"tag": name, "latest": true}`: the latest pact with tag `name` (legacy tags).
    pub fn latest_tag(name: impl Into<String>) -> Self {
        ConsumerVersionSelector {
            tag: Some(name.into()),
            latest: Some(true),
            ..Self::default()
        }
    }

    /// `{"tag": name}`: every pact with tag `name` (legacy tags).
    pub fn tag(name: impl Into<String>) -> Self {
        ConsumerVersionSelector {
            tag: Some(name.into()),
            ..Self::default()
        }
    }

    /// `{"latest": true}`: the newest pact of each consumer.
    pub fn latest_of_each() -> Self {
        ConsumerVersionSelector {
            latest: Some(true),
            ..Self::default()
        }
    }

    /// Narrows the selector to one consumer.
    #[must_use]
    pub fn consumer(mut self, name: impl Into<String>) -> Self {
        self.consumer = Some(name.into());
        self
    }

    /// Sets `latest`.
    #[must_use]
    pub fn latest(mut self, latest: bool) -> Self {
        self.latest = Some(latest);
        self
    }

    /// Sets `fallbackTag`: the tag to use when no pact has the selected tag.
    #[must_use]
    pub fn fallback_tag(mut self, tag: impl Into<String>) -> Self {
        self.fallback_tag = Some(tag.into());
        self
    }

    /// Sets `fallbackBranch`: the branch to use when no pact is on the selected branch.
    #[must_use]
    pub fn fallback_branch(mut self, branch: impl Into<String>) -> Self {
        self.fallback_branch = Some(branch.into());
        self
    }

    /// Narrows a deployed/released selector to an environment.
    #[must_use]
    pub fn in_environment(mut self, name: impl Into<String>) -> Self {
        self.environment = Some(name.into());
        self
    }

    /// A selector from its JSON text (as the verifier's `--consumer-version-selectors` takes it).
    /// A key the Pact Broker does not know is an error naming it, rather than silently dropped.
    ///
    /// ```
    /// use pact_broker_api::ConsumerVersionSelector as Selector;
    /// let s = Selector::from_json(r#"{"branch": "feat-x", "consumer": "Web"}"#).unwrap();
    /// assert_eq!(s.to_json()["branch"], "feat-x");
    /// assert!(Selector::from_json("[1]").is_err());
    /// assert!(Selector::from_json(r#"{"brnch": "x"}"#).unwrap_err().contains("brnch"));
    /// ```
    pub fn from_json(text: &str) -> Result<Self, String> {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| format!("invalid consumer version selector JSON {text}: {e}"))?;
        let Some(map) = value.as_object() else {
            return Err(format!(
                "a consumer version selector must be a JSON object, got {text}"
            ));
        };
        if let Some(unknown) = map.keys().find(|key| !KNOWN_KEYS.contains(&key.as_str())) {
            return Err(format!(
                "unknown key '{unknown}' in consumer version selector {text} (known: {})",
                KNOWN_KEYS.join(", ")
            ));
        }
        serde_json::from_value(value).map_err(|e| format!("invalid consumer version selector {text}: {e}"))
    }

    /// The selector as the broker receives it.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

/// The keys of a consumer version selector.
const KNOWN_KEYS: [&str; 12] = [
    "mainBranch",
    "branch",
    "matchingBranch",
    "fallbackBranch",
    "tag",
    "fallbackTag",
    "latest",
    "deployed",
    "released",
    "deployedOrReleased",
    "environment",
    "consumer",
];

impl ConsumerVersionSelector {
    /// Validates the selector, returning what it selects or the reasons it is invalid.
    ///
    /// ```
    /// use pact_broker_api::{ConsumerVersionSelector, Selection};
    ///
    /// let s: ConsumerVersionSelector = serde_json::from_str(r#"{"mainBranch": true}"#).unwrap();
    /// assert_eq!(s.selection(), Ok(Selection::MainBranch));
    /// let bad: ConsumerVersionSelector = serde_json::from_str(r#"{"branch": "x", "tag": "y"}"#).unwrap();
    /// assert!(bad.selection().is_err());
    /// ```
    pub fn selection(&self) -> Result<Selection, Vec<String>> {
        let mut errors = Vec::new();
        let truthy = |f: Option<bool>| f == Some(true);
        let branchy = truthy(self.main_branch) || self.branch.is_some() || truthy(self.matching_branch);
        let envy = truthy(self.deployed)
            || truthy(self.released)
            || truthy(self.deployed_or_released)
            || self.environment.is_some();
        if branchy && envy {
            errors.push(
                "cannot specify a branch selector together with deployed, released or environment".into(),
            );
        }
        if branchy && (self.tag.is_some() || self.fallback_tag.is_some()) {
            errors.push("cannot specify both a branch and a tag".into());
        }
        if envy && self.tag.is_some() {
            errors.push("cannot specify a tag together with deployed, released or environment".into());
        }
        if truthy(self.main_branch)
            && (self.branch.is_some() || truthy(self.matching_branch) || self.fallback_branch.is_some())
        {
            errors.push("mainBranch can only be combined with consumer and latest".into());
        }
        if truthy(self.matching_branch) && self.branch.is_some() {
            errors.push("matchingBranch can only be combined with consumer and fallbackBranch".into());
        }
        if self.branch.is_some() && self.latest == Some(false) {
            errors.push("branch cannot be combined with latest: false".into());
        }
        if self.fallback_tag.is_some() && (self.tag.is_none() || !truthy(self.latest)) {
            errors.push("fallbackTag can only be set with tag and latest: true".into());
        }
        if self.fallback_branch.is_some() && self.branch.is_none() && !truthy(self.matching_branch) {
            errors.push("fallbackBranch can only be set with branch or matchingBranch".into());
        }
        if envy && self.latest.is_some() {
            errors.push("latest cannot be combined with deployed, released or environment".into());
        }
        if !branchy && !envy && self.tag.is_none() && !truthy(self.latest) {
            errors.push(
                "must specify a value for environment or tag or branch, or specify mainBranch=true, matchingBranch=true, \
                 latest=true, deployed=true, released=true or deployedOrReleased=true"
                    .into(),
            );
        }
        for (name, value) in [
            ("branch", &self.branch),
            ("tag", &self.tag),
            ("environment", &self.environment),
            ("consumer", &self.consumer),
        ] {
            if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
                errors.push(format!("{name} cannot be blank"));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(if truthy(self.main_branch) {
            Selection::MainBranch
        } else if let Some(name) = &self.branch {
            Selection::Branch {
                name: name.clone(),
                fallback: self.fallback_branch.clone(),
            }
        } else if truthy(self.matching_branch) {
            Selection::MatchingBranch {
                fallback: self.fallback_branch.clone(),
            }
        } else if let Some(name) = &self.tag {
            Selection::Tag {
                name: name.clone(),
                latest: truthy(self.latest),
                fallback: self.fallback_tag.clone(),
            }
        } else if envy {
            let either =
                truthy(self.deployed_or_released) || (!truthy(self.deployed) && !truthy(self.released));
            Selection::Environment {
                deployed: either || truthy(self.deployed),
                released: either || truthy(self.released),
                environment: self.environment.clone(),
            }
        } else {
            Selection::Latest
        })
    }

    /// A phrase describing what was selected, for notices: "latest version of Foo from branch 'main' (1.0.0)".
    pub fn describe(&self, consumer: &str, version: &str, used_fallback: Option<&str>) -> String {
        let mut text = match self.selection() {
            Ok(Selection::MainBranch) => format!("latest version of {consumer} from the main branch"),
            Ok(Selection::Branch { name, .. }) => {
                format!(
                    "latest version of {consumer} from branch '{}'",
                    used_fallback.unwrap_or(&name)
                )
            }
            Ok(Selection::MatchingBranch { .. }) => {
                format!(
                    "latest version of {consumer} from a branch matching the provider branch{}",
                    fallback_note(used_fallback)
                )
            }
            Ok(Selection::Tag {
                name, latest: true, ..
            }) => {
                format!(
                    "latest version of {consumer} tagged '{}'",
                    used_fallback.unwrap_or(&name)
                )
            }
            Ok(Selection::Tag {
                name, latest: false, ..
            }) => format!("one of the versions of {consumer} tagged '{name}'"),
            Ok(Selection::Latest) => format!("latest version of {consumer}"),
            Ok(Selection::Environment {
                deployed,
                released,
                environment,
            }) => {
                let what = match (deployed, released) {
                    (true, true) => "deployed or released",
                    (true, false) => "deployed",
                    _ => "released",
                };
                match environment {
                    Some(env) => format!("a version of {consumer} currently {what} to {env}"),
                    None => format!("a version of {consumer} currently {what} to any environment"),
                }
            }
            Err(_) => format!("a version of {consumer}"),
        };
        text.push_str(&format!(" ({version})"));
        text
    }
}

fn fallback_note(fallback: Option<&str>) -> String {
    fallback
        .map(|f| format!(" (fell back to branch '{f}')"))
        .unwrap_or_default()
}
