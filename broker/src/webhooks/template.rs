//! `${pactbroker.*}` template parameters and their substitution into a webhook's URL, headers and
//! body.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The names every event supplies (values may be empty).
pub const PARAMETER_NAMES: [&str; 19] = [
    "pactUrl",
    "verificationResultUrl",
    "consumerName",
    "providerName",
    "consumerVersionNumber",
    "providerVersionNumber",
    "consumerVersionBranch",
    "providerVersionBranch",
    "consumerVersionTags",
    "providerVersionTags",
    "consumerLabels",
    "providerLabels",
    "githubVerificationStatus",
    "bitbucketVerificationStatus",
    "gitlabVerificationStatus",
    "buildUrl",
    "eventName",
    "currentlyDeployedProviderVersionNumber",
    "providerVersionDescriptions",
];

/// How a value is escaped where it is inserted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escape {
    /// As is (headers, plain-text bodies).
    None,
    /// Percent-encoded (URLs).
    Url,
    /// Escaped for the inside of a JSON string (JSON bodies).
    Json,
}

/// The values of `${pactbroker.NAME}` for one event, captured when the event happened.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateParameters(BTreeMap<String, String>);

impl TemplateParameters {
    /// Every known parameter, empty.
    pub fn empty() -> TemplateParameters {
        TemplateParameters(
            PARAMETER_NAMES
                .iter()
                .map(|n| ((*n).to_string(), String::new()))
                .collect(),
        )
    }

    /// Sets one parameter (`name` without the `pactbroker.` prefix).
    pub fn set(&mut self, name: &str, value: impl Into<String>) -> &mut Self {
        self.0.insert(name.to_string(), value.into());
        self
    }

    /// One parameter's value.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// Replaces each `${pactbroker.NAME}` whose NAME is known; unknown ones stay as written.
    ///
    /// ```
    /// use pact_broker::webhooks::template::{Escape, TemplateParameters};
    ///
    /// let mut params = TemplateParameters::empty();
    /// params.set("consumerName", "Order Service");
    /// assert_eq!(
    ///     params.render("https://ci/build?who=${pactbroker.consumerName}&x=${pactbroker.nope}", Escape::Url),
    ///     "https://ci/build?who=Order%20Service&x=${pactbroker.nope}"
    /// );
    /// ```
    pub fn render(&self, template: &str, escape: Escape) -> String {
        const OPEN: &str = "${pactbroker.";
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(start) = rest.find(OPEN) {
            out.push_str(&rest[..start]);
            let after = &rest[start + OPEN.len()..];
            match after.find('}') {
                Some(end) => {
                    let name = &after[..end];
                    match self.0.get(name) {
                        Some(value) => out.push_str(&escaped(value, escape)),
                        None => out.push_str(&rest[start..start + OPEN.len() + end + 1]),
                    }
                    rest = &after[end + 1..];
                }
                None => {
                    out.push_str(&rest[start..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }
}

fn escaped(value: &str, escape: Escape) -> String {
    match escape {
        Escape::None => value.to_string(),
        Escape::Url => pact_core::model::percent::encode(value),
        Escape::Json => {
            let quoted = serde_json::Value::String(value.to_string()).to_string();
            quoted[1..quoted.len() - 1].to_string()
        }
    }
}

/// The GitHub commit status for a verification outcome (`pending` when not verified yet).
pub fn github_status(success: Option<bool>) -> &'static str {
    match success {
        Some(true) => "success",
        Some(false) => "failure",
        None => "pending",
    }
}

/// The Bitbucket build status for a verification outcome.
pub fn bitbucket_status(success: Option<bool>) -> &'static str {
    match success {
        Some(true) => "SUCCESSFUL",
        Some(false) => "FAILED",
        None => "INPROGRESS",
    }
}

/// The GitLab commit status for a verification outcome.
pub fn gitlab_status(success: Option<bool>) -> &'static str {
    match success {
        Some(true) => "success",
        Some(false) => "failed",
        None => "pending",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_values_are_escaped_inside_strings() {
        let mut p = TemplateParameters::empty();
        p.set("consumerName", "a \"quoted\" name");
        let body = p.render(r#"{"who":"${pactbroker.consumerName}"}"#, Escape::Json);
        let parsed: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(parsed["who"], "a \"quoted\" name");
    }

    #[test]
    fn an_unclosed_placeholder_is_left_alone() {
        let p = TemplateParameters::empty();
        assert_eq!(
            p.render("x ${pactbroker.pactUrl", Escape::None),
            "x ${pactbroker.pactUrl"
        );
        assert_eq!(p.render("${pactbroker.pactUrl}!", Escape::None), "!");
    }
}
