//! API evolution on the broker's data: field-level usage from the pacts consumers use today, and
//! the consumer impact of a provider's new OpenAPI document. [`contract_impact`] is the one
//! report behind the publish notices ([`contract_notices`]), the UI's impact page and
//! `pact-broker openapi-diff --provider` ([`impact_between`]).
//!
//! ```
//! use pact_broker::domain::api_evolution::{PactInUse, contract_notices, usage_of};
//!
//! let pact = r#"{"consumer": {"name": "OrderService"}, "provider": {"name": "UserService"},
//!   "interactions": [{"description": "a request for user 42",
//!     "request": {"method": "GET", "path": "/users/42"},
//!     "response": {"status": 200, "body": {"email": "a@b.c"}}}],
//!   "metadata": {"pactSpecification": {"version": "3.0.0"}}}"#;
//! let old = r#"{"openapi": "3.0.3", "paths": {"/users/{id}": {"get": {"responses": {"200": {"content":
//!   {"application/json": {"schema": {"type": "object", "properties": {"email": {"type": "string"}}}}}}}}}}}"#;
//! let new = old.replace("email", "emailAddress");
//!
//! let usage = usage_of(None, &[PactInUse { consumer: "OrderService".into(), version: "1.0.0".into(), content: pact.into() }]);
//! let notices = contract_notices(Some((old, "1")), &new, &usage);
//! assert!(notices.iter().any(|(kind, text)| kind == "warning" && text.contains("breaks OrderService 1.0.0")));
//! ```

use pact_core::Pact;
use pact_openapi::diff::diff;
use pact_openapi::usage::{ConsumerPact, FieldUsage, ImpactReport, field_usage, impact};
use pact_openapi::{OpenApi, OpenApiError};

/// A pact a consumer uses today, as stored.
#[derive(Debug, Clone)]
pub struct PactInUse {
    /// The consumer's name.
    pub consumer: String,
    /// The consumer version.
    pub version: String,
    /// The pact document.
    pub content: String,
}

/// What the HTTP interactions of `pacts` rely on, operations named after `api`'s templates when
/// given. Pacts that cannot be read are left out (the publish notices already named them).
pub fn usage_of(api: Option<&OpenApi>, pacts: &[PactInUse]) -> FieldUsage {
    let read: Vec<(&PactInUse, Pact)> = pacts
        .iter()
        .filter_map(|p| Pact::from_json_str(&p.content).ok().map(|pact| (p, pact)))
        .collect();
    let labelled: Vec<ConsumerPact<'_>> = read
        .iter()
        .map(|(p, pact)| ConsumerPact::new(&p.consumer, Some(&p.version), pact))
        .collect();
    field_usage(api, &labelled)
}

/// A stored OpenAPI document that cannot be read, so two documents cannot be compared.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the OpenAPI document of provider version {version} cannot be read: {source}")]
pub struct UnreadableContract {
    /// The provider version the document was published for.
    pub version: String,
    /// Why it cannot be read.
    #[source]
    pub source: OpenApiError,
}

/// Every change from `old` to `new`, classified, each with the interactions of `usage` (placed on
/// `old`'s operations) that rely on it.
pub fn impact_between(old: &OpenApi, new: &OpenApi, usage: &FieldUsage) -> ImpactReport {
    impact(&diff(old, new), old, usage)
}

/// The consumer impact of a provider going from one OpenAPI document to another, each given as
/// `(text, provider version)`: see [`impact_between`].
///
/// ```
/// use pact_broker::domain::api_evolution::contract_impact;
/// use pact_openapi::usage::FieldUsage;
///
/// let old = r#"{"openapi": "3.0.3", "paths": {"/users": {"get": {"responses": {}}}}}"#;
/// let new = r#"{"openapi": "3.0.3", "paths": {}}"#;
/// let report = contract_impact((old, "1"), (new, "2"), &FieldUsage::default()).unwrap();
/// assert!(report.changes[0].change.breaking);
/// assert!(report.is_breaking_change_safe(), "no consumer uses /users");
///
/// let error = contract_impact(("not: [openapi", "1"), (new, "2"), &FieldUsage::default()).unwrap_err();
/// assert_eq!(error.version, "1");
/// ```
pub fn contract_impact(
    old: (&str, &str),
    new: (&str, &str),
    usage: &FieldUsage,
) -> Result<ImpactReport, UnreadableContract> {
    let read = |(text, version): (&str, &str)| {
        OpenApi::parse(text).map_err(|source| UnreadableContract {
            version: version.to_string(),
            source,
        })
    };
    let (old, new) = (read(old)?, read(new)?);
    Ok(impact_between(&old, &new, usage))
}

/// The notices of a provider publishing `new_text`: its changes since `previous` (the text and
/// provider version of its previous OpenAPI document), each breaking change with the consumers
/// it breaks or marked safe for today's consumers. `(kind, text)` pairs; nothing without a
/// previous document or when either does not parse (the contract check reports that).
pub fn contract_notices(
    previous: Option<(&str, &str)>,
    new_text: &str,
    usage: &FieldUsage,
) -> Vec<(String, String)> {
    let Some((old_text, old_version)) = previous else {
        return Vec::new();
    };
    let Ok(report) = contract_impact((old_text, old_version), (new_text, "being published"), usage) else {
        return Vec::new();
    };
    let breaking: Vec<_> = report.changes.iter().filter(|c| c.change.breaking).collect();
    let mut notices = vec![(
        if report.breaks_consumers() {
            "warning"
        } else {
            "info"
        }
        .to_string(),
        format!(
            "Changes since the OpenAPI document of version {old_version}: {} breaking, {} non-breaking",
            breaking.len(),
            report.changes.len() - breaking.len()
        ),
    )];
    for change in breaking {
        if change.relied_on_by.is_empty() {
            notices.push((
                "info".to_string(),
                format!("  {}: safe for today's consumers", change.change),
            ));
        } else {
            let who: Vec<String> = change.relied_on_by.iter().map(ToString::to_string).collect();
            notices.push((
                "warning".to_string(),
                format!("  {}: breaks {}", change.change, who.join("; ")),
            ));
        }
    }
    notices
}
