//! API evolution on the broker's data: field-level usage from the pacts consumers use today, and
//! the consumer impact of a provider's new OpenAPI document (the publish notices).
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
use pact_openapi::OpenApi;
use pact_openapi::diff::diff;
use pact_openapi::usage::{ConsumerPact, FieldUsage, field_usage, impact};

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
    let (Ok(old), Ok(new)) = (OpenApi::parse(old_text), OpenApi::parse(new_text)) else {
        return Vec::new();
    };
    let report = impact(&diff(&old, &new), &old, usage);
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
