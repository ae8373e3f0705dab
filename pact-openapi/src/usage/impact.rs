//! Consumer impact: each change of a [diff](crate::diff) next to the consumers relying on it.

use std::fmt;

use serde_json::{Value, json};

use super::{FieldUsage, InteractionUse, UsePart, is_at_or_under, operation_of};
use crate::OpenApi;
use crate::diff::{ApiChange, ApiDiff, ChangePart, Rule};

/// A consumer interaction that relies on a change's place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reliance {
    /// The consumer.
    pub consumer: String,
    /// Its version, when known.
    pub consumer_version: Option<String>,
    /// The interaction's description.
    pub interaction: String,
    /// The field relied on (`response body $.email`), or `None` when the whole operation is.
    pub field: Option<String>,
    /// How (`regex '^\S+@\S+$'`), or what the interaction lacks (`does not send it`).
    pub matcher: Option<String>,
}

impl fmt::Display for Reliance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.consumer)?;
        if let Some(version) = &self.consumer_version {
            write!(f, " {version}")?;
        }
        write!(f, ": interaction '{}'", self.interaction)?;
        if let Some(field) = &self.field {
            write!(f, ", {field}")?;
        }
        if let Some(matcher) = &self.matcher {
            write!(f, " ({matcher})")?;
        }
        Ok(())
    }
}

/// A change and who relies on it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeImpact {
    /// The change.
    pub change: ApiChange,
    /// The consumer interactions relying on it; empty when it is safe for today's consumers.
    pub relied_on_by: Vec<Reliance>,
}

/// Every change of a diff with its consumer impact.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImpactReport {
    /// The changes, in diff order.
    pub changes: Vec<ChangeImpact>,
}

impl ImpactReport {
    /// Whether some breaking change is relied on by a consumer.
    pub fn breaks_consumers(&self) -> bool {
        self.changes
            .iter()
            .any(|c| c.change.breaking && !c.relied_on_by.is_empty())
    }

    /// Whether every breaking change is safe for today's consumers (none relies on it).
    pub fn is_breaking_change_safe(&self) -> bool {
        !self.breaks_consumers()
    }

    /// The names of the consumers some breaking change breaks, sorted, once each.
    pub fn broken_consumers(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .changes
            .iter()
            .filter(|c| c.change.breaking)
            .flat_map(|c| c.relied_on_by.iter().map(|r| r.consumer.clone()))
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// The report as JSON: each change's JSON with `reliedOnBy` and `safeForTodaysConsumers`.
    pub fn to_json(&self) -> Value {
        let changes: Vec<Value> = self
            .changes
            .iter()
            .map(|c| {
                let mut out = c.change.to_json();
                out["reliedOnBy"] = c
                    .relied_on_by
                    .iter()
                    .map(|r| {
                        json!({"consumer": r.consumer, "consumerVersion": r.consumer_version,
                               "interaction": r.interaction, "field": r.field, "matcher": r.matcher})
                    })
                    .collect();
                out["safeForTodaysConsumers"] = json!(c.relied_on_by.is_empty());
                out
            })
            .collect();
        json!({
            "breaking": self.changes.iter().any(|c| c.change.breaking),
            "breaksConsumers": self.breaks_consumers(),
            "brokenConsumers": self.broken_consumers(),
            "changes": changes,
        })
    }
}

impl fmt::Display for ImpactReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.changes.is_empty() {
            return writeln!(f, "no changes");
        }
        for impact in &self.changes {
            writeln!(f, "{}", impact.change)?;
            if !impact.change.breaking {
                continue;
            }
            if impact.relied_on_by.is_empty() {
                writeln!(f, "  safe for today's consumers: no consumer relies on it")?;
            }
            for reliance in &impact.relied_on_by {
                writeln!(f, "  relied on by {reliance}")?;
            }
        }
        let broken = self.broken_consumers();
        if broken.is_empty() {
            writeln!(f, "no consumer relies on a breaking change")
        } else {
            writeln!(f, "breaks {}", broken.join(", "))
        }
    }
}

/// Annotates every change of `diff` (from `old`) with the interactions of `usage` that rely on
/// it. Interactions are placed on `old`'s operations by their method and request path.
///
/// A response change is relied on by the interactions expecting that status that read the
/// changed field or one beneath it; a removed path, operation, status or media type by every
/// interaction using it; a new required parameter, property or body by the interactions that do
/// not send it; any other request change by the interactions that send the changed value.
pub fn impact(diff: &ApiDiff, old: &OpenApi, usage: &FieldUsage) -> ImpactReport {
    let placed: Vec<(Option<String>, &InteractionUse)> = usage
        .interactions
        .iter()
        .map(|u| (operation_of(old, &u.method, &u.request_path), u))
        .collect();
    let changes = diff
        .changes
        .iter()
        .map(|change| {
            let relied_on_by = placed
                .iter()
                .filter_map(|(operation, usage)| relies(change, operation.as_deref()?, usage))
                .collect();
            ChangeImpact {
                change: change.clone(),
                relied_on_by,
            }
        })
        .collect();
    ImpactReport { changes }
}

fn status_matches(key: &str, status: u16) -> bool {
    let text = status.to_string();
    key == text
        || key == "default"
        || (key.len() == 3 && key.to_ascii_uppercase().ends_with("XX") && text.starts_with(&key[..1]))
}

fn reliance(usage: &InteractionUse, field: Option<String>, matcher: Option<String>) -> Reliance {
    Reliance {
        consumer: usage.consumer.clone(),
        consumer_version: usage.consumer_version.clone(),
        interaction: usage.interaction.clone(),
        field,
        matcher,
    }
}

/// Whether (and how) `usage`, placed on `operation`, relies on `change`.
fn relies(change: &ApiChange, operation: &str, usage: &InteractionUse) -> Option<Reliance> {
    let (method, template) = operation.split_once(' ')?;
    if template != change.path || change.method.as_deref().is_some_and(|m| m != method) {
        return None;
    }
    let changed = change.json_path.as_deref().unwrap_or("$");
    let field_in = |part: UsePart| {
        usage
            .fields
            .iter()
            .find(|f| f.part == part && is_at_or_under(&f.path, changed))
            .map(|f| {
                reliance(
                    usage,
                    Some(format!("{} {}", f.part, f.path)),
                    Some(f.matcher.clone()),
                )
            })
    };
    let lacks = |part: UsePart, path: &str| {
        let sends = usage
            .fields
            .iter()
            .any(|f| f.part == part && (f.path.eq_ignore_ascii_case(path) || is_at_or_under(&f.path, path)));
        (!sends).then(|| {
            reliance(
                usage,
                Some(format!("{part} {path}")),
                Some("does not send it".into()),
            )
        })
    };
    match &change.part {
        ChangePart::Path | ChangePart::Operation => Some(reliance(usage, None, None)),
        ChangePart::Response { status } => {
            if !status_matches(status, usage.status) {
                return None;
            }
            match change.rule {
                Rule::ResponseStatusRemoved | Rule::MediaTypeRemoved => Some(reliance(
                    usage,
                    None,
                    Some(format!("expects status {}", usage.status)),
                )),
                _ => field_in(UsePart::ResponseBody),
            }
        }
        ChangePart::RequestBody => match change.rule {
            Rule::RequestBodyNewlyRequired => lacks(UsePart::RequestBody, "$"),
            Rule::RequiredPropertyAdded | Rule::PropertyNewlyRequired => lacks(UsePart::RequestBody, changed),
            Rule::MediaTypeRemoved | Rule::AdditionalPropertiesClosed => {
                let sends = usage.fields.iter().any(|f| f.part == UsePart::RequestBody);
                sends.then(|| reliance(usage, Some("request body".into()), None))
            }
            _ => field_in(UsePart::RequestBody),
        },
        ChangePart::Parameter { location, name } => {
            let part = match location.as_str() {
                "query" => UsePart::Query,
                "header" => UsePart::Header,
                _ => return None,
            };
            let key = if part == UsePart::Header {
                name.to_ascii_lowercase()
            } else {
                name.clone()
            };
            match change.rule {
                Rule::RequiredParameterAdded | Rule::ParameterNewlyRequired => lacks(part, &key),
                _ => usage
                    .fields
                    .iter()
                    .find(|f| f.part == part && f.path == key)
                    .map(|f| reliance(usage, Some(format!("{part} {}", f.path)), Some(f.matcher.clone()))),
            }
        }
    }
}
