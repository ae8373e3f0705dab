//! The matrix (pacts joined with their verification results) and the can-i-deploy decision.
//!
//! Rows are built from pact publications of the selected consumer versions, each joined with the
//! newest result from each selected provider version. A consumer's providers are *required*: if no
//! selected provider version verified the pact, the row has no result and the answer is unknown.
//! A provider's consumers only count when the target selects some of their versions (a consumer
//! deployed to the environment needs its provider to have verified its pact).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::matrix_query::{LatestBy, MatrixSelector};

/// The versions of one pacticipant that a query considers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionSet {
    /// Every version (no target).
    All,
    /// Exactly these version ids (possibly none, e.g. nothing deployed).
    Only(BTreeSet<i64>),
}

/// A pact publication on the pact side of the matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PactSide {
    /// Publication id.
    pub publication_id: i64,
    /// Consumer id and name.
    pub consumer: (i64, String),
    /// Consumer version id and number.
    pub consumer_version: (i64, String),
    /// Provider id and name.
    pub provider: (i64, String),
    /// Content id.
    pub pact_version_id: i64,
    /// Content SHA.
    pub sha: String,
    /// Publication time.
    pub created_at: String,
}

/// A verification result on the verification side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerificationSide {
    /// Result id (its number).
    pub id: i64,
    /// Verified content.
    pub pact_version_id: i64,
    /// Provider version id and number.
    pub provider_version: (i64, String),
    /// Outcome.
    pub success: bool,
    /// When it was published.
    pub verified_at: String,
}

/// One matrix row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixRow {
    /// The pact.
    pub pact: PactSide,
    /// The provider version considered, if any.
    pub provider_version: Option<(i64, String)>,
    /// Its newest result for this pact, if any.
    pub verification: Option<VerificationSide>,
    /// Whether an ignore selector matched.
    pub ignored: bool,
}

/// Everything the row builder needs, fetched by the store.
#[derive(Debug, Clone, Default)]
pub struct MatrixData {
    /// Pacts of the selected consumer versions.
    pub pacts: Vec<PactSide>,
    /// Newest results per (pact version, provider version) for those pacts.
    pub verifications: Vec<VerificationSide>,
    /// The considered versions per pacticipant id.
    pub selected: HashMap<i64, VersionSet>,
    /// Pacticipants named by the query's selectors.
    pub specified: BTreeSet<i64>,
    /// Numbers of the selected versions, by id.
    pub version_numbers: HashMap<i64, String>,
}

/// Builds the rows: each pact × each selected provider version (or every verifying provider version).
pub fn build_rows(
    data: &MatrixData,
    latest_by: Option<LatestBy>,
    ignore: &[MatrixSelector],
) -> Vec<MatrixRow> {
    let mut by_pact_version: HashMap<i64, Vec<&VerificationSide>> = HashMap::new();
    for v in &data.verifications {
        by_pact_version.entry(v.pact_version_id).or_default().push(v);
    }
    let mut rows = Vec::new();
    for pact in &data.pacts {
        let consumer_specified = data.specified.contains(&pact.consumer.0);
        let provider_specified = data.specified.contains(&pact.provider.0);
        if !consumer_specified && !provider_specified {
            continue;
        }
        let consumer_in_scope = match data.selected.get(&pact.consumer.0) {
            Some(VersionSet::Only(ids)) => ids.contains(&pact.consumer_version.0),
            Some(VersionSet::All) => true,
            None => false,
        };
        if !consumer_in_scope {
            continue;
        }
        // With every consumer version in scope and only the provider specified, a pact only
        // appears when the provider actually verified it.
        let only_verified =
            !consumer_specified && matches!(data.selected.get(&pact.consumer.0), Some(VersionSet::All));
        let results = by_pact_version
            .get(&pact.pact_version_id)
            .cloned()
            .unwrap_or_default();
        let mut made = Vec::new();
        match data.selected.get(&pact.provider.0) {
            Some(VersionSet::Only(ids)) if !ids.is_empty() => {
                for id in ids.iter().rev() {
                    let result = results
                        .iter()
                        .find(|v| v.provider_version.0 == *id)
                        .map(|v| (*v).clone());
                    if result.is_none() && only_verified {
                        continue;
                    }
                    let number = data.version_numbers.get(id).cloned().unwrap_or_default();
                    let version = Some(
                        result
                            .as_ref()
                            .map_or((*id, number), |v| v.provider_version.clone()),
                    );
                    made.push(MatrixRow {
                        pact: pact.clone(),
                        provider_version: version,
                        verification: result,
                        ignored: false,
                    });
                }
            }
            Some(VersionSet::Only(_)) | None => {
                if !only_verified {
                    made.push(MatrixRow {
                        pact: pact.clone(),
                        provider_version: None,
                        verification: None,
                        ignored: false,
                    });
                }
            }
            Some(VersionSet::All) => {
                let mut sorted = results.clone();
                sorted.sort_by_key(|v| std::cmp::Reverse(v.provider_version.0));
                for v in sorted {
                    made.push(MatrixRow {
                        pact: pact.clone(),
                        provider_version: Some(v.provider_version.clone()),
                        verification: Some(v.clone()),
                        ignored: false,
                    });
                }
                if made.is_empty() && !only_verified {
                    made.push(MatrixRow {
                        pact: pact.clone(),
                        provider_version: None,
                        verification: None,
                        ignored: false,
                    });
                }
                if latest_by == Some(LatestBy::Cvp) {
                    made.truncate(1);
                }
            }
        }
        rows.extend(made);
    }
    for row in &mut rows {
        row.ignored = ignore
            .iter()
            .any(|i| matches_ignore(i, &row.pact.consumer.1, Some(&row.pact.consumer_version.1)))
            || ignore.iter().any(|i| {
                matches_ignore(
                    i,
                    &row.pact.provider.1,
                    row.provider_version.as_ref().map(|v| v.1.as_str()),
                )
            });
    }
    rows.sort_by(|a, b| {
        (
            b.pact.consumer_version.0,
            &a.pact.provider.1,
            b.provider_version.as_ref().map(|v| v.0),
        )
            .cmp(&(
                a.pact.consumer_version.0,
                &b.pact.provider.1,
                a.provider_version.as_ref().map(|v| v.0),
            ))
    });
    rows
}

fn matches_ignore(selector: &MatrixSelector, name: &str, version: Option<&str>) -> bool {
    selector.pacticipant == name && selector.version.as_deref().is_none_or(|v| Some(v) == version)
}

/// The can-i-deploy answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// `Some(true)` deployable, `Some(false)` not, `None` unknown.
    pub deployable: Option<bool>,
    /// Reasons, most important first.
    pub reasons: Vec<Reason>,
    /// Rows with a successful result.
    pub success: usize,
    /// Rows with a failed result.
    pub failed: usize,
    /// Rows with no result.
    pub unknown: usize,
    /// Rows left out by ignore selectors (reported only when there are ignore selectors).
    pub ignored: Option<usize>,
}

/// One reason, with the notice type it is shown as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    /// `success`, `error`, `warning` or `info`.
    pub kind: &'static str,
    /// The sentence.
    pub text: String,
}

fn reason(kind: &'static str, text: String) -> Reason {
    Reason { kind, text }
}

/// What the decision needs besides the rows.
#[derive(Debug, Clone, Default)]
pub struct DecisionContext {
    /// Specified selectors that matched no version (with their description).
    pub missing_versions: Vec<String>,
    /// Warnings to add (recommendations, unknown ignore names).
    pub warnings: Vec<String>,
    /// How to describe the target ("currently in production").
    pub target_phrase: Option<String>,
    /// Pacticipant names with an empty selection in the target (e.g. nothing deployed).
    pub absent_in_target: BTreeSet<String>,
    /// Whether the query had ignore selectors (then `ignored` is reported).
    pub has_ignores: bool,
    /// Sentences about specified versions that published no pact although their pacticipant has
    /// providers: the answer is then unknown rather than "no missing dependencies".
    pub versions_without_pacts: Vec<String>,
}

/// Decides deployability from the rows.
pub fn decide(rows: &[MatrixRow], ctx: &DecisionContext) -> Summary {
    let considered: Vec<&MatrixRow> = rows.iter().filter(|r| !r.ignored).collect();
    let success = considered
        .iter()
        .filter(|r| r.verification.as_ref().is_some_and(|v| v.success))
        .count();
    let failed = considered
        .iter()
        .filter(|r| r.verification.as_ref().is_some_and(|v| !v.success))
        .count();
    let unknown = considered.iter().filter(|r| r.verification.is_none()).count();
    let mut reasons = Vec::new();
    for missing in &ctx.missing_versions {
        reasons.push(reason(
            "error",
            format!("There is no record of {missing} in the Pact Broker"),
        ));
    }
    let mut seen = BTreeMap::new();
    for row in &considered {
        let c = format!(
            "version {} of {}",
            row.pact.consumer_version.1, row.pact.consumer.1
        );
        let text = match (&row.verification, &row.provider_version) {
            (Some(v), _) if !v.success => Some((
                "error",
                format!(
                    "The verification for the pact between {c} and version {} of {} failed",
                    v.provider_version.1, row.pact.provider.1
                ),
            )),
            (Some(_), _) => None,
            (None, Some((_, number))) if !number.is_empty() => Some((
                "warning",
                format!(
                    "There is no verified pact between {c} and version {number} of {}",
                    row.pact.provider.1
                ),
            )),
            (None, _) => {
                let provider = &row.pact.provider.1;
                let target = match (&ctx.target_phrase, ctx.absent_in_target.contains(provider)) {
                    (Some(phrase), true) => format!(
                        "a version of {provider} {phrase} (no version is currently recorded as deployed/released in this environment)"
                    ),
                    (Some(phrase), false) => format!("a version of {provider} {phrase}"),
                    (None, _) => format!("a version of {provider}"),
                };
                Some((
                    "warning",
                    format!("There is no verified pact between {c} and {target}"),
                ))
            }
        };
        if let Some((kind, text)) = text {
            seen.entry(text.clone())
                .or_insert_with(|| reasons.push(reason(kind, text)));
        }
    }
    for silent in &ctx.versions_without_pacts {
        reasons.push(reason("warning", silent.clone()));
    }
    let deployable = if !ctx.missing_versions.is_empty() || failed > 0 {
        Some(false)
    } else if unknown > 0 || !ctx.versions_without_pacts.is_empty() {
        None
    } else {
        Some(true)
    };
    if deployable == Some(true) {
        let text = if considered.is_empty() {
            "There are no missing dependencies".to_string()
        } else {
            "All required verification results are published and successful".to_string()
        };
        reasons.insert(0, reason("success", text));
    }
    for warning in &ctx.warnings {
        reasons.push(reason("warning", warning.clone()));
    }
    let ignored = rows.iter().filter(|r| r.ignored).count();
    Summary {
        deployable,
        reasons,
        success,
        failed,
        unknown,
        ignored: ctx.has_ignores.then_some(ignored),
    }
}
