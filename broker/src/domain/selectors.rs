//! Consumer version selectors: which consumer versions' pacts a provider should verify.

use serde::Deserialize;

/// One consumer version selector as sent to `for-verification`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsumerVersionSelector {
    /// The head of each consumer's main branch.
    pub main_branch: Option<bool>,
    /// The head of this consumer branch.
    pub branch: Option<String>,
    /// The head of the consumer branch named like the provider's branch.
    pub matching_branch: Option<bool>,
    /// Used when `branch`/`matchingBranch` finds nothing.
    pub fallback_branch: Option<String>,
    /// Versions with this tag (legacy).
    pub tag: Option<String>,
    /// Used when `tag` with `latest` finds nothing.
    pub fallback_tag: Option<String>,
    /// Only the newest matching version.
    pub latest: Option<bool>,
    /// Versions currently deployed.
    pub deployed: Option<bool>,
    /// Versions currently released and supported.
    pub released: Option<bool>,
    /// Versions currently deployed or supported.
    pub deployed_or_released: Option<bool>,
    /// Narrows deployed/released to one environment (alone it means deployed or released there).
    pub environment: Option<String>,
    /// Only this consumer.
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
    /// Validates the selector, returning what it selects or the reasons it is invalid.
    ///
    /// ```
    /// use pact_broker::domain::selectors::{ConsumerVersionSelector, Selection};
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

/// The body of a `for-verification` request.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PactsForVerificationRequest {
    /// The selectors; empty means each consumer's main branch head (else its latest).
    #[serde(default)]
    pub consumer_version_selectors: Vec<ConsumerVersionSelector>,
    /// The provider branch being verified (for pending, WIP and matchingBranch).
    pub provider_version_branch: Option<String>,
    /// Provider tags (legacy pending calculation).
    #[serde(default)]
    pub provider_version_tags: Vec<String>,
    /// Whether to report `pending`.
    #[serde(default)]
    pub include_pending_status: bool,
    /// Include WIP pacts published since this date (`YYYY-MM-DD` or a timestamp).
    pub include_wip_pacts_since: Option<String>,
}

impl PactsForVerificationRequest {
    /// Validates the whole request, returning `{field: [messages]}`-style errors.
    pub fn validate(&self) -> Result<Vec<Selection>, Vec<(String, String)>> {
        let mut errors = Vec::new();
        let mut selections = Vec::new();
        for (i, selector) in self.consumer_version_selectors.iter().enumerate() {
            match selector.selection() {
                Ok(Selection::MatchingBranch { .. }) if self.provider_version_branch.is_none() => errors
                    .push((
                        "consumerVersionSelectors".to_string(),
                        format!("matchingBranch at index {i} requires providerVersionBranch to be set"),
                    )),
                Ok(selection) => selections.push(selection),
                Err(messages) => errors.extend(messages.into_iter().map(|m| {
                    (
                        "consumerVersionSelectors".to_string(),
                        format!("{m} (at index {i})"),
                    )
                })),
            }
        }
        if let Some(since) = self
            .include_wip_pacts_since
            .as_ref()
            .filter(|s| wip_since_timestamp(s).is_none())
        {
            errors.push((
                "includeWipPactsSince".to_string(),
                format!("'{since}' is not a date (YYYY-MM-DD)"),
            ));
        }
        if errors.is_empty() {
            Ok(selections)
        } else {
            Err(errors)
        }
    }
}

/// Turns `includeWipPactsSince` (`YYYY-MM-DD` or RFC 3339) into the broker's timestamp text.
pub fn wip_since_timestamp(since: &str) -> Option<String> {
    if let Ok(date) = chrono::NaiveDate::parse_from_str(since.trim(), "%Y-%m-%d") {
        return Some(format!("{}T00:00:00.000000+00:00", date.format("%Y-%m-%d")));
    }
    chrono::DateTime::parse_from_rfc3339(since.trim()).ok().map(|t| {
        t.with_timezone(&chrono::Utc)
            .format("%Y-%m-%dT%H:%M:%S%.6f+00:00")
            .to_string()
    })
}
