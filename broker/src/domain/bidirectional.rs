//! Bi-directional contracts: a provider publishes its own contract (an OpenAPI document) with the
//! result of its own test of it, and the broker checks each consumer pact against that document
//! (`pact-core`'s static check) instead of the provider replaying the pact.
//!
//! The outcome of one check becomes a verification result like any other, so the matrix and
//! can-i-deploy treat it as one. Two rules keep it honest:
//! - a contract whose self-test failed never verifies anything: every check against it fails,
//!   saying so;
//! - only HTTP interactions are described by OpenAPI: a pact of messages only is not applicable
//!   (no result is recorded), and a pact that mixes both is judged on its HTTP interactions, its
//!   messages listed as not checked.
//!
//! ```
//! use pact_broker::domain::bidirectional::{CrossCheck, ProviderContract, SelfVerification};
//!
//! let contract = ProviderContract::parse(
//!     r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
//!        "paths": {"/users/{id}": {"get": {
//!          "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
//!          "responses": {"200": {"description": "a user", "content": {"application/json": {"schema": {
//!            "type": "object", "properties": {"id": {"type": "integer"}}}}}}}}}}}"#,
//!     SelfVerification::passed("schemathesis"),
//! )
//! .unwrap();
//! let pact = r#"{"consumer": {"name": "Web"}, "provider": {"name": "Users"},
//!   "interactions": [{"description": "a request for user 42",
//!     "request": {"method": "GET", "path": "/users/42"},
//!     "response": {"status": 200, "headers": {"Content-Type": "application/json"},
//!       "body": {"id": 42, "nickname": "Al"}}}],
//!   "metadata": {"pactSpecification": {"version": "3.0.0"}}}"#;
//!
//! let CrossCheck::Checked(outcome) = contract.check(pact) else { panic!("HTTP pact") };
//! assert!(!outcome.success);
//! assert!(outcome.reasons[0].contains("field 'nickname'"), "{:?}", outcome.reasons);
//! ```

use pact_core::format::read_pact;
use pact_openapi::{OpenApi, OpenApiError, OpenApiFailure, check_pact};
use serde_json::{Value, json};

/// Which tool verified the broker's checks, for `verifiedBy`.
pub const VERIFIER_NAME: &str = "pact-broker bi-directional check (pact-core OpenAPI)";

/// The provider's own test of its contract, as it reported it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SelfVerification {
    /// Whether the provider's test passed.
    pub success: bool,
    /// The test's output (decoded text), if sent.
    pub content: Option<String>,
    /// Its media type.
    pub content_type: Option<String>,
    /// The tool that ran it.
    pub verifier: Option<String>,
    /// That tool's version.
    pub verifier_version: Option<String>,
}

impl SelfVerification {
    /// A passed self-test by `verifier`.
    pub fn passed(verifier: impl Into<String>) -> SelfVerification {
        SelfVerification {
            success: true,
            verifier: Some(verifier.into()),
            ..SelfVerification::default()
        }
    }

    /// A failed self-test by `verifier`.
    pub fn failed(verifier: impl Into<String>) -> SelfVerification {
        SelfVerification {
            success: false,
            verifier: Some(verifier.into()),
            ..SelfVerification::default()
        }
    }

    fn to_json(&self) -> Value {
        json!({
            "success": self.success,
            "verifier": self.verifier,
            "verifierVersion": self.verifier_version,
            "contentType": self.content_type,
        })
    }
}

/// A provider's contract, read and ready to check pacts against.
#[derive(Debug, Clone)]
pub struct ProviderContract {
    api: OpenApi,
    self_verification: SelfVerification,
}

/// The result of checking one pact against a provider contract.
#[derive(Debug, Clone, PartialEq)]
pub enum CrossCheck {
    /// The pact has no HTTP interaction: OpenAPI says nothing about it, so nothing is recorded.
    NotApplicable,
    /// The pact was checked.
    Checked(CheckOutcome),
}

/// What a check found.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckOutcome {
    /// Whether the pact fits the contract and the contract's self-test passed.
    pub success: bool,
    /// Why it failed, one sentence each (empty on success).
    pub reasons: Vec<String>,
    /// The failures of the static check, as data.
    pub failures: Vec<OpenApiFailure>,
    /// The verification's test results (stored with the result and shown by the broker).
    pub test_results: Value,
}

impl ProviderContract {
    /// Reads an OpenAPI document (JSON or YAML).
    pub fn parse(text: &str, self_verification: SelfVerification) -> Result<ProviderContract, OpenApiError> {
        Ok(ProviderContract {
            api: OpenApi::parse(text)?,
            self_verification,
        })
    }

    /// The provider's self-test.
    pub fn self_verification(&self) -> &SelfVerification {
        &self.self_verification
    }

    /// Checks one pact (its JSON text) against the contract.
    pub fn check(&self, pact_text: &str) -> CrossCheck {
        let pact = match read_pact(pact_text) {
            Ok(pact) => pact,
            Err(e) => {
                let reason = format!("the pact could not be read: {e}");
                return CrossCheck::Checked(self.outcome(vec![reason], Vec::new(), Vec::new(), 0));
            }
        };
        let report = check_pact(&self.api, &pact);
        let applicable: Vec<_> = report.interactions.iter().filter(|i| i.is_applicable()).collect();
        if applicable.is_empty() {
            return CrossCheck::NotApplicable;
        }
        let not_checked = report.interactions.len() - applicable.len();
        let failures: Vec<OpenApiFailure> = report.failures().cloned().collect();
        let mut reasons = Vec::new();
        if !self.self_verification.success {
            reasons.push(self_test_failed(&self.self_verification));
        }
        reasons.extend(failures.iter().map(ToString::to_string));
        let interactions = applicable
            .iter()
            .map(|i| {
                json!({
                    "interactionDescription": i.description,
                    "operation": i.operation,
                    "success": i.passed(),
                    "mismatches": i.failures.iter().map(failure_json).collect::<Vec<_>>(),
                })
            })
            .collect();
        CrossCheck::Checked(self.outcome(reasons, failures, interactions, not_checked))
    }

    fn outcome(
        &self,
        reasons: Vec<String>,
        failures: Vec<OpenApiFailure>,
        interactions: Vec<Value>,
        not_checked: usize,
    ) -> CheckOutcome {
        let success = reasons.is_empty();
        let summary = if success {
            "the pact is compatible with the provider's OpenAPI document".to_string()
        } else {
            format!(
                "the pact is not compatible with the provider's OpenAPI document: {}",
                reasons.join("; ")
            )
        };
        let test_results = json!({
            "verificationType": "bidirectional",
            "success": success,
            "summary": summary,
            "reasons": reasons,
            "selfVerification": self.self_verification.to_json(),
            "interactions": interactions,
            "messagesNotChecked": not_checked,
        });
        CheckOutcome {
            success,
            reasons,
            failures,
            test_results,
        }
    }
}

fn self_test_failed(self_verification: &SelfVerification) -> String {
    let by = self_verification
        .verifier
        .as_deref()
        .map(|v| format!(" ({v})"))
        .unwrap_or_default();
    format!(
        "the provider's own test of its OpenAPI document{by} failed, so the document cannot vouch for any pact"
    )
}

/// One failure as stored in test results: interaction, part, JSON path, schema location, reason.
pub fn failure_json(failure: &OpenApiFailure) -> Value {
    json!({
        "interaction": failure.interaction,
        "part": failure.part.to_string(),
        "path": failure.json_path,
        "schemaLocation": failure.schema_location,
        "reason": failure.reason.to_string(),
        "mismatch": failure.to_string(),
    })
}

/// The sentences stored in a bi-directional result's test results (`reasons`), for explaining a
/// failed result (e.g. in can-i-deploy); empty when the JSON is not such a result.
pub fn reasons_of(test_results: &str) -> Vec<String> {
    let Ok(value) = serde_json::from_str::<Value>(test_results) else {
        return Vec::new();
    };
    if value["verificationType"] != "bidirectional" {
        return Vec::new();
    }
    value["reasons"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"
openapi: 3.0.3
info: {title: Users, version: "1"}
paths:
  /users/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        "200":
          description: a user
          content:
            application/json:
              schema: {type: object, properties: {id: {type: integer}, name: {type: string}}}
"#;

    fn pact(body: Value) -> String {
        json!({"consumer": {"name": "Web"}, "provider": {"name": "Users"},
            "interactions": [{"description": "a request for user 42",
              "request": {"method": "GET", "path": "/users/42"},
              "response": {"status": 200, "headers": {"Content-Type": "application/json"}, "body": body}}],
            "metadata": {"pactSpecification": {"version": "3.0.0"}}})
        .to_string()
    }

    fn checked(check: CrossCheck) -> CheckOutcome {
        match check {
            CrossCheck::Checked(outcome) => outcome,
            CrossCheck::NotApplicable => panic!("not applicable"),
        }
    }

    #[test]
    fn a_compatible_pact_passes_with_test_results() {
        let contract = ProviderContract::parse(DOC, SelfVerification::passed("dredd")).unwrap();
        let outcome = checked(contract.check(&pact(json!({"id": 42, "name": "A"}))));
        assert!(outcome.success, "{:?}", outcome.reasons);
        assert_eq!(outcome.test_results["verificationType"], "bidirectional");
        assert_eq!(outcome.test_results["interactions"][0]["success"], true);
        assert_eq!(outcome.test_results["selfVerification"]["verifier"], "dredd");
    }

    #[test]
    fn an_undeclared_field_fails_naming_path_schema_and_reason() {
        let contract = ProviderContract::parse(DOC, SelfVerification::passed("dredd")).unwrap();
        let outcome = checked(contract.check(&pact(json!({"id": 42, "nickname": "Al"}))));
        assert!(!outcome.success);
        let mismatch = &outcome.test_results["interactions"][0]["mismatches"][0];
        assert_eq!(mismatch["path"], "$.nickname");
        assert_eq!(mismatch["part"], "response body");
        assert!(
            mismatch["schemaLocation"]
                .as_str()
                .unwrap()
                .starts_with("#/paths/")
        );
        assert_eq!(
            mismatch["reason"],
            "the consumer expects field 'nickname' but the OpenAPI schema does not declare it"
        );
        assert_eq!(reasons_of(&outcome.test_results.to_string()), outcome.reasons);
    }

    #[test]
    fn a_failed_self_test_never_counts_as_success() {
        let contract = ProviderContract::parse(DOC, SelfVerification::failed("dredd")).unwrap();
        let outcome = checked(contract.check(&pact(json!({"id": 42}))));
        assert!(!outcome.success);
        assert_eq!(
            outcome.reasons,
            vec![
                "the provider's own test of its OpenAPI document (dredd) failed, so the document cannot vouch for any pact"
            ]
        );
    }

    #[test]
    fn message_pacts_are_not_applicable_and_unreadable_pacts_fail() {
        let contract = ProviderContract::parse(DOC, SelfVerification::passed("dredd")).unwrap();
        let messages = json!({"consumer": {"name": "Web"}, "provider": {"name": "Users"},
            "messages": [{"description": "an event", "contents": {"id": 1}}],
            "metadata": {"pactSpecification": {"version": "3.0.0"}}})
        .to_string();
        assert_eq!(contract.check(&messages), CrossCheck::NotApplicable);
        let outcome = checked(contract.check("{not json"));
        assert!(!outcome.success);
        assert!(
            outcome.reasons[0].starts_with("the pact could not be read"),
            "{:?}",
            outcome.reasons
        );
    }
}
