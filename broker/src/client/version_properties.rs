//! `--auto-detect-version-properties`: the version number, branch and build URL of the
//! current build, read from well-known CI environment variables, falling back to `git`.

use std::process::Command;

/// What a CI build knows about the version it builds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VersionProperties {
    /// The commit SHA (used as the version number).
    pub commit: Option<String>,
    /// The branch name.
    pub branch: Option<String>,
    /// The URL of the CI build.
    pub build_url: Option<String>,
}

/// Commit variables, in the order the Pact Broker client checks its CI providers.
const COMMIT_VARIABLES: &[&str] = &[
    "GITHUB_SHA",
    "CI_COMMIT_SHA",
    "BUILDKITE_COMMIT",
    "CIRCLE_SHA1",
    "TRAVIS_COMMIT",
    "GIT_COMMIT",
    "BITBUCKET_COMMIT",
    "BUILD_SOURCEVERSION",
    "APPVEYOR_REPO_COMMIT",
    "CI_COMMIT_ID",
];

const BRANCH_VARIABLES: &[&str] = &[
    "GITHUB_HEAD_REF",
    "GITHUB_REF_NAME",
    "CI_COMMIT_REF_NAME",
    "BUILDKITE_BRANCH",
    "CIRCLE_BRANCH",
    "TRAVIS_BRANCH",
    "GIT_BRANCH",
    "BITBUCKET_BRANCH",
    "BUILD_SOURCEBRANCHNAME",
    "APPVEYOR_REPO_BRANCH",
    "CI_BRANCH",
];

const BUILD_URL_VARIABLES: &[&str] = &[
    "CI_JOB_URL",
    "BUILDKITE_BUILD_URL",
    "CIRCLE_BUILD_URL",
    "TRAVIS_BUILD_WEB_URL",
    "BUILD_URL",
];

impl VersionProperties {
    /// Reads the properties from `env` (a lookup such as `|name| std::env::var(name).ok()`),
    /// without asking git.
    ///
    /// ```
    /// use pact_broker::client::version_properties::VersionProperties;
    ///
    /// let env = |name: &str| match name {
    ///     "GITHUB_SHA" => Some("abc123".to_string()),
    ///     "GITHUB_REF_NAME" => Some("main".to_string()),
    ///     "GITHUB_SERVER_URL" => Some("https://github.com".to_string()),
    ///     "GITHUB_REPOSITORY" => Some("acme/orders".to_string()),
    ///     "GITHUB_RUN_ID" => Some("42".to_string()),
    ///     _ => None,
    /// };
    /// let found = VersionProperties::from_ci_env(env);
    /// assert_eq!(found.commit.as_deref(), Some("abc123"));
    /// assert_eq!(found.branch.as_deref(), Some("main"));
    /// assert_eq!(found.build_url.as_deref(), Some("https://github.com/acme/orders/actions/runs/42"));
    /// ```
    pub fn from_ci_env(env: impl Fn(&str) -> Option<String>) -> Self {
        let first = |names: &[&str]| {
            names
                .iter()
                .filter_map(|name| env(name))
                .find(|value| !value.trim().is_empty())
        };
        let github_run = match (
            env("GITHUB_SERVER_URL"),
            env("GITHUB_REPOSITORY"),
            env("GITHUB_RUN_ID"),
        ) {
            (Some(server), Some(repository), Some(run)) => {
                Some(format!("{server}/{repository}/actions/runs/{run}"))
            }
            _ => None,
        };
        Self {
            commit: first(COMMIT_VARIABLES),
            branch: first(BRANCH_VARIABLES).map(|branch| {
                branch
                    .trim_start_matches("refs/heads/")
                    .trim_start_matches("origin/")
                    .to_string()
            }),
            build_url: github_run.or_else(|| first(BUILD_URL_VARIABLES)),
        }
    }

    /// Reads the process environment, then asks `git` for whatever CI did not say.
    pub fn detect() -> Self {
        let mut found = Self::from_ci_env(|name| std::env::var(name).ok());
        if found.commit.is_none() {
            found.commit = git(&["rev-parse", "HEAD"]);
        }
        if found.branch.is_none() {
            found.branch = git(&["rev-parse", "--abbrev-ref", "HEAD"]).filter(|b| b != "HEAD");
        }
        found
    }
}

fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gitlab_variables_are_recognised_and_branch_refs_are_shortened() {
        let env = |name: &str| match name {
            "CI_COMMIT_SHA" => Some("f00".to_string()),
            "CI_COMMIT_REF_NAME" => Some("refs/heads/feature/x".to_string()),
            "CI_JOB_URL" => Some("https://gitlab/job/1".to_string()),
            _ => None,
        };
        assert_eq!(
            VersionProperties::from_ci_env(env),
            VersionProperties {
                commit: Some("f00".into()),
                branch: Some("feature/x".into()),
                build_url: Some("https://gitlab/job/1".into()),
            }
        );
    }

    #[test]
    fn nothing_is_invented_outside_ci() {
        assert_eq!(
            VersionProperties::from_ci_env(|_| None),
            VersionProperties::default()
        );
    }
}
