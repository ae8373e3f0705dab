//! Field-level usage and consumer impact: which consumers rely on which field, and which
//! breaking changes break them.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use pact_core::Pact;
use pact_openapi::OpenApi;
use pact_openapi::diff::diff;
use pact_openapi::usage::{ConsumerPact, UsageFilter, UsePart, field_usage, impact};

fn spec(name: &str, side: &str) -> OpenApi {
    let path = format!(
        "{}/tests/fixtures/diff/{name}/{side}.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    OpenApi::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// OrderService reads the user's id and email (regex); it creates users with a name only.
fn order_service() -> Pact {
    Pact::from_json_str(
        r#"{"consumer": {"name": "OrderService"}, "provider": {"name": "UserService"},
        "interactions": [
          {"description": "a request for user 42",
           "request": {"method": "GET", "path": "/users/42"},
           "response": {"status": 200, "headers": {"Content-Type": "application/json"},
             "body": {"id": 42, "email": "alice@example.com", "tags": ["vip"]},
             "matchingRules": {"body": {"$.id": {"matchers": [{"match": "integer"}]},
               "$.email": {"matchers": [{"match": "regex", "regex": "^\\S+@\\S+$"}]},
               "$.tags": {"matchers": [{"match": "type", "min": 1}]}}}}},
          {"description": "a new user",
           "request": {"method": "POST", "path": "/users", "headers": {"Content-Type": "application/json"},
             "body": {"name": "Bob", "role": "guest"}},
           "response": {"status": 201}}],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}}"#,
    )
    .unwrap()
}

/// BillingService reads the name only, and asks for a missing user.
fn billing_service() -> Pact {
    Pact::from_json_str(
        r#"{"consumer": {"name": "BillingService"}, "provider": {"name": "UserService"},
        "interactions": [
          {"description": "a request for user 7",
           "request": {"method": "GET", "path": "/users/7", "query": {"fields": ["name"]}},
           "response": {"status": 200, "body": {"name": "Carol"},
             "matchingRules": {"body": {"$.name": {"matchers": [{"match": "type"}]}}}}},
          {"description": "a request for a missing user",
           "request": {"method": "GET", "path": "/users/999"},
           "response": {"status": 404}}],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}}"#,
    )
    .unwrap()
}

fn report_for(case: &str) -> pact_openapi::usage::ImpactReport {
    let (orders, billing) = (order_service(), billing_service());
    let old = spec(case, "old");
    let usage = field_usage(
        Some(&old),
        &[
            ConsumerPact::new("OrderService", Some("1.0.0"), &orders),
            ConsumerPact::new("BillingService", Some("3.1.0"), &billing),
        ],
    );
    impact(&diff(&old, &spec(case, "new")), &old, &usage)
}

#[test]
fn field_usage_names_operation_field_and_matcher_per_consumer() {
    let (orders, billing) = (order_service(), billing_service());
    let api = spec("no-change", "old");
    let usage = field_usage(
        Some(&api),
        &[
            ConsumerPact::new("OrderService", Some("1.0.0"), &orders),
            ConsumerPact::new("BillingService", None, &billing),
        ],
    );
    let filter = UsageFilter {
        path: Some("/users/{id}".into()),
        field: None,
    };
    let view: Vec<String> = usage
        .by_field(&filter)
        .iter()
        .map(|f| {
            let users: Vec<String> = f.users.iter().map(|u| format!("{} ({})", u.0, u.3)).collect();
            format!(
                "{} {} {} {}: {}",
                f.operation,
                f.status,
                f.part,
                f.path,
                users.join(", ")
            )
        })
        .collect();
    assert_eq!(
        view,
        [
            "GET /users/{id} 200 response body $.email: OrderService (regex '^\\S+@\\S+$')",
            "GET /users/{id} 200 response body $.id: OrderService (integer)",
            "GET /users/{id} 200 response body $.name: BillingService (type)",
            "GET /users/{id} 200 response body $.tags[*]: OrderService (type)",
            "GET /users/{id} 200 query fields: BillingService (exact value \"name\")",
        ]
    );
    let email_only = UsageFilter {
        path: Some("/users/42".into()),
        field: Some("$.email".into()),
    };
    assert_eq!(usage.by_field(&email_only).len(), 1);
    assert_eq!(usage.by_field(&email_only)[0].part, UsePart::ResponseBody);
}

#[test]
fn the_renamed_email_breaks_order_service_only() {
    let report = report_for("response-property-renamed");
    assert!(report.breaks_consumers());
    assert_eq!(report.broken_consumers(), ["OrderService"]);
    let text = report.to_string();
    assert!(
        text.contains(
            "breaking: GET /users/{id} response 200 application/json $.email: property 'email' was removed (property-removed)\n  relied on by OrderService 1.0.0: interaction 'a request for user 42', response body $.email (regex '^\\S+@\\S+$')\n"
        ),
        "{text}"
    );
    // POST /users answers 201 with the User schema, but no consumer reads its body.
    assert!(
        text.contains("breaking: POST /users response 201 application/json $.email: property 'email' was removed (property-removed)\n  safe for today's consumers: no consumer relies on it\n"),
        "{text}"
    );
}

#[test]
fn a_change_to_a_field_nobody_reads_is_safe_for_todays_consumers() {
    let report = report_for("response-format-removed");
    // OrderService reads $.email, whose format was removed.
    assert_eq!(report.broken_consumers(), ["OrderService"]);
    let report = report_for("response-type-changed");
    // $.id changed type: OrderService reads it as an integer.
    assert_eq!(report.broken_consumers(), ["OrderService"]);
    let report = report_for("response-nullable-added");
    // $.name may now be null: BillingService reads it.
    assert_eq!(report.broken_consumers(), ["BillingService"]);
    let report = report_for("response-pattern-removed");
    assert_eq!(report.broken_consumers(), ["BillingService"]);
    let report = report_for("response-enum-widened");
    // Nobody reads $.status.
    assert!(report.is_breaking_change_safe(), "{report}");
}

#[test]
fn a_removed_status_breaks_the_interactions_expecting_it() {
    let report = report_for("response-status-removed");
    assert_eq!(report.broken_consumers(), ["BillingService"]);
    assert_eq!(
        report.changes[0].relied_on_by[0].to_string(),
        "BillingService 3.1.0: interaction 'a request for a missing user' (expects status 404)"
    );
}

#[test]
fn removed_operations_and_paths_break_every_interaction_on_them() {
    assert_eq!(report_for("path-removed").broken_consumers(), ["OrderService"]);
    assert!(report_for("operation-removed").is_breaking_change_safe());
}

#[test]
fn a_new_required_parameter_breaks_the_interactions_not_sending_it() {
    let report = report_for("parameter-newly-required");
    // BillingService sends `fields` for user 7 but not for the missing user; OrderService never does.
    let relied: Vec<String> = report.changes[0]
        .relied_on_by
        .iter()
        .map(|r| r.interaction.clone())
        .collect();
    assert_eq!(relied, ["a request for user 42", "a request for a missing user"]);
}

#[test]
fn request_changes_break_the_consumers_sending_the_value() {
    // OrderService sends role "guest", which is no longer allowed.
    assert_eq!(
        report_for("request-enum-narrowed").broken_consumers(),
        ["OrderService"]
    );
    // Nobody sends `age`.
    assert!(report_for("request-nullable-removed").is_breaking_change_safe());
    // A new required property: OrderService does not send `password`.
    let report = report_for("request-required-property-added");
    assert_eq!(
        report.changes[0].relied_on_by[0].to_string(),
        "OrderService 1.0.0: interaction 'a new user', request body $.password (does not send it)"
    );
}

#[test]
fn the_json_report_marks_safe_changes() {
    let json = report_for("response-property-renamed").to_json();
    assert_eq!(json["breaksConsumers"], true);
    assert_eq!(json["brokenConsumers"], serde_json::json!(["OrderService"]));
    let first = &json["changes"][0];
    assert_eq!(first["rule"], "property-removed");
    assert_eq!(first["safeForTodaysConsumers"], false);
    assert_eq!(first["reliedOnBy"][0]["field"], "response body $.email");
    assert_eq!(first["reliedOnBy"][0]["matcher"], "regex '^\\S+@\\S+$'");
}
