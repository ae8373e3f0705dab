//! The `/matrix` and `/can-i-deploy` query grammar.
//!
//! `q[][pacticipant]=Foo&q[][version]=1&q[][pacticipant]=Bar&q[][latest]=true&q[][tag]=prod`
//! is an array of selectors in Rails style: a new selector starts whenever a key repeats.

/// One selector (`q[]`) or ignore selector (`ignore[]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MatrixSelector {
    /// Pacticipant name.
    pub pacticipant: String,
    /// Version number.
    pub version: Option<String>,
    /// Branch (with `latest`: its head; without: every version on it).
    pub branch: Option<String>,
    /// Tag (with `latest`: newest tagged; without: every tagged version).
    pub tag: Option<String>,
    /// Only the newest matching version.
    pub latest: bool,
    /// Versions currently deployed/released in this environment.
    pub environment: Option<String>,
    /// The head of the pacticipant's main branch.
    pub main_branch: bool,
}

impl MatrixSelector {
    /// Whether the selector names a version by number (rather than tag, branch or latest).
    pub fn has_version_number(&self) -> bool {
        self.version.is_some()
    }

    /// "version 1 of Foo", "the latest version of Foo with tag prod", ….
    pub fn describe(&self) -> String {
        let p = &self.pacticipant;
        if let Some(v) = &self.version {
            return format!("version {v} of {p}");
        }
        match (&self.branch, &self.tag, &self.environment) {
            (Some(b), _, _) if self.latest => format!("the latest version of {p} from branch {b}"),
            (Some(b), _, _) => format!("the versions of {p} from branch {b}"),
            (_, Some(t), _) if self.latest => format!("the latest version of {p} with tag {t}"),
            (_, Some(t), _) => format!("the versions of {p} with tag {t}"),
            (_, _, Some(e)) => format!("the version of {p} currently in {e}"),
            _ if self.main_branch => format!("the latest version of {p} from the main branch"),
            _ if self.latest => format!("the latest version of {p}"),
            _ => format!("any version of {p}"),
        }
    }
}

/// How rows are collapsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LatestBy {
    /// Latest per consumer version and provider: only the newest provider version.
    Cvp,
    /// Latest per consumer version and provider version.
    Cvpv,
}

/// Where the specified versions are going: what the other pacticipants' versions are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// No target: every version of the other pacticipants.
    Everything,
    /// Versions currently deployed or released in this environment.
    Environment(String),
    /// The newest version with this tag.
    Tag(String),
    /// The head of each main branch (can-i-merge).
    MainBranch,
    /// The newest version of each.
    Latest,
}

/// A parsed matrix query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixQuery {
    /// The versions asked about.
    pub selectors: Vec<MatrixSelector>,
    /// Pacticipants (and versions) whose results do not count.
    pub ignore: Vec<MatrixSelector>,
    /// Row collapsing.
    pub latest_by: Option<LatestBy>,
    /// The target scope for the other pacticipants.
    pub target: Target,
    /// At most this many rows in the reply.
    pub limit: usize,
}

/// The default and maximum row limit.
pub const DEFAULT_LIMIT: usize = 1000;

/// Parses `/matrix` query pairs. Errors are `(field, message)`.
///
/// ```
/// use pact_broker::domain::matrix_query::{parse_matrix, Target};
///
/// let pairs = [("q[][pacticipant]", "Foo"), ("q[][version]", "1"), ("latestby", "cvpv"), ("environment", "production")];
/// let q = parse_matrix(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string()))).unwrap();
/// assert_eq!(q.selectors[0].pacticipant, "Foo");
/// assert_eq!(q.target, Target::Environment("production".into()));
/// ```
pub fn parse_matrix(
    pairs: impl IntoIterator<Item = (String, String)>,
) -> Result<MatrixQuery, Vec<(String, String)>> {
    let mut selectors: Vec<MatrixSelector> = Vec::new();
    let mut ignore: Vec<MatrixSelector> = Vec::new();
    let mut seen_q: Vec<String> = Vec::new();
    let mut seen_ignore: Vec<String> = Vec::new();
    let mut latest_by = None;
    let mut latest = false;
    let mut tag = None;
    let mut environment = None;
    let mut main_branch = false;
    let mut limit = DEFAULT_LIMIT;
    let mut errors = Vec::new();
    for (key, value) in pairs {
        if let Some(field) = array_field(&key, "q") {
            set_field(&mut selectors, &mut seen_q, field, value, &mut errors);
        } else if let Some(field) = array_field(&key, "ignore") {
            set_field(&mut ignore, &mut seen_ignore, field, value, &mut errors);
        } else if key == "ignore[]" {
            ignore.push(MatrixSelector {
                pacticipant: value,
                ..MatrixSelector::default()
            });
        } else {
            match key.as_str() {
                "latestby" => {
                    latest_by = match value.as_str() {
                        "cvp" => Some(LatestBy::Cvp),
                        "cvpv" => Some(LatestBy::Cvpv),
                        "" => None,
                        other => {
                            errors.push(("latestby".into(), format!("must be cvp or cvpv, not '{other}'")));
                            None
                        }
                    }
                }
                "latest" => latest = value == "true",
                "tag" | "to" => tag = Some(value).filter(|v| !v.is_empty()),
                "environment" => environment = Some(value).filter(|v| !v.is_empty()),
                "mainBranch" => main_branch = value == "true",
                "limit" => match value.parse::<usize>() {
                    Ok(n) if n > 0 => limit = n.min(DEFAULT_LIMIT * 10),
                    _ => errors.push((
                        "limit".into(),
                        format!("must be a positive number, not '{value}'"),
                    )),
                },
                _ => {}
            }
        }
    }
    if selectors.is_empty() {
        errors.push(("q".into(), "Please provide 1 or more version selectors.".into()));
    }
    for (i, s) in selectors.iter().enumerate() {
        if s.pacticipant.trim().is_empty() {
            errors.push((
                "q".into(),
                format!("Please specify the pacticipant name for selector {}", i + 1),
            ));
        }
        if s.version.is_some() && (s.tag.is_some() || s.branch.is_some()) {
            errors.push((
                "q".into(),
                format!(
                    "A version number and a tag/branch cannot both be given for {}",
                    s.pacticipant
                ),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let target = match (environment, tag, main_branch, latest) {
        (Some(env), _, _, _) => Target::Environment(env),
        (None, Some(tag), _, _) => Target::Tag(tag),
        (None, None, true, _) => Target::MainBranch,
        (None, None, false, true) => Target::Latest,
        _ => Target::Everything,
    };
    Ok(MatrixQuery {
        selectors,
        ignore,
        latest_by,
        target,
        limit,
    })
}

/// Parses `/can-i-deploy?pacticipant=&version=&environment=|to=&ignore[]=` pairs.
pub fn parse_can_i_deploy(
    pairs: impl IntoIterator<Item = (String, String)>,
) -> Result<MatrixQuery, Vec<(String, String)>> {
    let mut translated = Vec::new();
    let mut has_target = false;
    for (key, value) in pairs {
        match key.as_str() {
            "pacticipant" => translated.push(("q[][pacticipant]".to_string(), value)),
            "version" => translated.push(("q[][version]".to_string(), value)),
            "branch" => translated.push(("q[][branch]".to_string(), value)),
            "tag" => translated.push(("q[][tag]".to_string(), value)),
            "latest" => translated.push(("q[][latest]".to_string(), value)),
            "environment" | "to" => {
                has_target = true;
                translated.push((key, value));
            }
            _ => translated.push((key, value)),
        }
    }
    let mut query = parse_matrix(translated)?;
    if !has_target {
        return Err(vec![(
            "environment".into(),
            "Please specify an environment (or a tag with 'to')".into(),
        )]);
    }
    if query.latest_by.is_none() {
        query.latest_by = Some(LatestBy::Cvpv);
    }
    Ok(query)
}

fn array_field<'k>(key: &'k str, name: &str) -> Option<&'k str> {
    let rest = key.strip_prefix(name)?;
    let rest = rest.strip_prefix("[]").or_else(|| {
        // q[0][pacticipant] style
        let close = rest.find(']')?;
        rest.starts_with('[').then(|| &rest[close + 1..])
    })?;
    rest.strip_prefix('[')?.strip_suffix(']')
}

fn set_field(
    list: &mut Vec<MatrixSelector>,
    seen: &mut Vec<String>,
    field: &str,
    value: String,
    errors: &mut Vec<(String, String)>,
) {
    if list.is_empty() || seen.iter().any(|f| f == field) {
        list.push(MatrixSelector::default());
        seen.clear();
    }
    seen.push(field.to_string());
    let Some(current) = list.last_mut() else { return };
    match field {
        "pacticipant" => current.pacticipant = value,
        "version" => current.version = Some(value).filter(|v| !v.is_empty()),
        "branch" => current.branch = Some(value).filter(|v| !v.is_empty()),
        "tag" => current.tag = Some(value).filter(|v| !v.is_empty()),
        "latest" => current.latest = value == "true",
        "environment" => current.environment = Some(value).filter(|v| !v.is_empty()),
        "mainBranch" => current.main_branch = value == "true",
        other => errors.push(("q".into(), format!("unknown selector field '{other}'"))),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_repeated_key_starts_a_new_selector() {
        let q = parse_matrix(pairs(&[
            ("q[][pacticipant]", "Foo"),
            ("q[][version]", "1"),
            ("q[][pacticipant]", "Bar"),
            ("q[][latest]", "true"),
            ("q[][tag]", "prod"),
            ("latestby", "cvp"),
        ]))
        .unwrap();
        assert_eq!(q.selectors.len(), 2);
        assert_eq!(q.selectors[1].tag.as_deref(), Some("prod"));
        assert!(q.selectors[1].latest);
        assert_eq!(q.latest_by, Some(LatestBy::Cvp));
        assert_eq!(q.target, Target::Everything);
    }

    #[test]
    fn ignore_selectors_and_plain_ignore_are_both_read() {
        let q = parse_matrix(pairs(&[
            ("q[][pacticipant]", "Foo"),
            ("q[][version]", "1"),
            ("ignore[][pacticipant]", "Baz"),
            ("ignore[]", "Qux"),
            ("tag", "prod"),
        ]))
        .unwrap();
        assert_eq!(q.ignore.len(), 2);
        assert_eq!(q.target, Target::Tag("prod".into()));
    }

    #[test]
    fn no_selector_is_a_validation_error() {
        let errors = parse_matrix(pairs(&[("latestby", "cvpv")])).unwrap_err();
        assert_eq!(errors[0].0, "q");
    }

    #[test]
    fn can_i_deploy_needs_a_target() {
        assert!(parse_can_i_deploy(pairs(&[("pacticipant", "Foo"), ("version", "1")])).is_err());
        let q = parse_can_i_deploy(pairs(&[
            ("pacticipant", "Foo"),
            ("version", "1"),
            ("environment", "prod"),
        ]))
        .unwrap();
        assert_eq!(q.latest_by, Some(LatestBy::Cvpv));
    }
}
