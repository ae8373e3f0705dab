//! A realistic OpenAPI 3.0 document in JSON (a pet store: nested objects, arrays, `$ref`s to
//! schemas, parameters and responses, enums, formats, nullable and optional fields, `allOf`,
//! `oneOf` with a discriminator, a server base path, `4XX` and `default` responses) and pacts
//! that fit it or break it one rule at a time.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use pact_core::Pact;
use pact_openapi::{
    FailureReason, OpenApi, OpenApiFailure, OpenApiVersion, ParameterLocation, Part, check_pact,
};
use serde_json::{Value, json};

fn petstore() -> OpenApi {
    OpenApi::parse(include_str!("fixtures/openapi/petstore-3.0.json")).unwrap()
}

/// The interactions of the pact that fits, by description, as JSON to change one thing at a time.
fn fitting_interaction(description: &str) -> Value {
    common::interaction_in(include_str!("fixtures/openapi/petstore-pact.json"), description)
}

fn failures(interaction: Value) -> Vec<OpenApiFailure> {
    let pact = common::pact_of_one("PetShopWeb", "PetStore", "3.0.0", interaction);
    common::openapi_failures(&petstore(), &pact)
}

fn the_failure(interaction: Value) -> OpenApiFailure {
    common::the_only(failures(interaction))
}

#[test]
fn the_pet_shop_pact_fits_the_pet_store() {
    let api = petstore();
    assert_eq!(api.version(), OpenApiVersion::V3_0);
    let pact = Pact::from_json_str(include_str!("fixtures/openapi/petstore-pact.json")).unwrap();
    let report = check_pact(&api, &pact);
    assert!(report.is_compatible(), "{report}");
    let operations: Vec<&str> = report
        .interactions
        .iter()
        .filter_map(|i| i.operation.as_deref())
        .collect();
    assert_eq!(
        operations,
        [
            "GET /pets",
            "GET /pets/{petId}",
            "GET /pets/{petId}",
            "POST /pets",
            "POST /pets",
            "POST /orders",
            "GET /orders",
            "GET /pets/mine",
            "DELETE /pets/{petId}",
        ]
    );
}

#[test]
fn a_missing_required_query_parameter_fails() {
    let mut interaction = fitting_interaction("a request for a customer's orders");
    interaction["request"]["query"] = json!({"page": ["2"]});
    let failure = the_failure(interaction);
    assert_eq!(failure.part, Part::Query);
    assert_eq!(failure.json_path, "$.customerId");
    assert_eq!(failure.schema_location, "#/paths/~1orders/get/parameters/0");
    assert_eq!(
        failure.reason.to_string(),
        "the request lacks the required query parameter 'customerId'"
    );
}

#[test]
fn a_query_parameter_out_of_its_schema_fails() {
    let mut interaction = fitting_interaction("a request for available pets");
    interaction["request"]["query"] = json!({"limit": ["500"], "status": ["available,lost"]});
    let all = failures(interaction);
    let reasons: Vec<String> = all
        .iter()
        .map(|f| format!("{} {}: {}", f.part, f.json_path, f.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            "query $.limit: the query parameter 'limit' is '500', which does not fit its schema: the consumer's \
             value breaks the OpenAPI schema's maximum of 100 (it has 500)",
            "query $.status: the query parameter 'status' is 'available,lost', which does not fit its schema: \
             the consumer's value \"lost\" is not one of the values the OpenAPI schema allows (\"available\", \
             \"pending\", \"sold\")",
        ]
    );
    assert_eq!(all[1].schema_location, "#/components/schemas/PetStatus");
}

#[test]
fn a_missing_required_header_fails() {
    let mut interaction = fitting_interaction("a request to place an order");
    interaction["request"]["headers"] = json!({"Content-Type": "application/json"});
    let failure = the_failure(interaction);
    assert_eq!(failure.part, Part::RequestHeader);
    assert_eq!(failure.json_path, "$['X-Request-Id']");
    assert_eq!(
        failure.schema_location,
        "#/components/parameters/RequestIdRequired"
    );
    assert_eq!(
        failure.reason,
        FailureReason::MissingParameter {
            location: ParameterLocation::Header,
            name: "X-Request-Id".into()
        }
    );
    assert_eq!(
        failure.reason.to_string(),
        "the request lacks the required header parameter 'X-Request-Id'"
    );
}

#[test]
fn a_header_of_the_wrong_format_fails() {
    let mut interaction = fitting_interaction("a request to place an order");
    interaction["request"]["headers"]["X-Request-Id"] = json!("request-1");
    let failure = the_failure(interaction);
    assert_eq!(
        failure.reason.to_string(),
        "the header parameter 'X-Request-Id' is 'request-1', which does not fit its schema: the consumer's value \
         \"request-1\" does not have the format 'uuid' the OpenAPI schema declares"
    );
}

#[test]
fn a_path_parameter_of_the_wrong_format_fails() {
    let mut interaction = fitting_interaction("a request for one pet");
    interaction["request"]["path"] = json!("/pets/42");
    let failure = the_failure(interaction);
    assert_eq!(failure.part, Part::PathParameter);
    assert_eq!(
        failure.schema_location,
        "#/paths/~1pets~1{petId}/parameters/0/schema"
    );
    assert!(
        failure
            .reason
            .to_string()
            .contains("does not have the format 'uuid'"),
        "{failure}"
    );
}

#[test]
fn an_invalid_request_body_fails_deep_inside() {
    let mut interaction = fitting_interaction("a request to place an order");
    interaction["request"]["body"]["lines"][0]["quantity"] = json!(0);
    interaction["request"]["body"]["payment"] = json!({"method": "card", "last4": "42"});
    let all = failures(interaction);
    let reasons: Vec<String> = all
        .iter()
        .map(|f| format!("{}: {}", f.json_path, f.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            "$.lines[0].quantity: the consumer's value breaks the OpenAPI schema's minimum of 1 (it has 0)",
            "$.payment.last4: the consumer's value \"42\" does not match the pattern /^[0-9]{4}$/ the OpenAPI \
             schema declares",
        ]
    );
    assert_eq!(
        all[1].schema_location,
        "#/components/schemas/Card/properties/last4"
    );
}

#[test]
fn an_enum_violation_in_a_response_fails() {
    let mut interaction = fitting_interaction("a request to place an order");
    interaction["response"]["body"]["status"] = json!("lost");
    let failure = the_failure(interaction);
    assert_eq!(failure.json_path, "$.status");
    assert_eq!(
        failure.schema_location,
        "#/components/schemas/Order/properties/status"
    );
    assert_eq!(
        failure.reason.to_string(),
        "the consumer's value \"lost\" is not one of the values the OpenAPI schema allows (\"placed\", \
         \"approved\", \"delivered\")"
    );
}

#[test]
fn a_type_matcher_frees_its_example_from_the_enum() {
    let mut interaction = fitting_interaction("a request to place an order");
    interaction["response"]["body"]["status"] = json!("lost");
    interaction["response"]["matchingRules"]["body"]["$.status"] = json!({"matchers": [{"match": "type"}]});
    assert_eq!(failures(interaction), []);
}

#[test]
fn a_format_violation_in_a_response_fails() {
    let mut interaction = fitting_interaction("a request for one pet");
    interaction["response"]["body"]["createdAt"] = json!("yesterday");
    let failure = the_failure(interaction);
    assert_eq!(failure.json_path, "$.createdAt");
    assert_eq!(
        failure.schema_location,
        "#/components/schemas/Pet/allOf/1/properties/createdAt"
    );
    assert_eq!(
        failure.reason.to_string(),
        "the consumer's value \"yesterday\" does not have the format 'date-time' the OpenAPI schema declares"
    );
}

#[test]
fn a_null_for_a_field_that_is_not_nullable_fails_and_for_a_nullable_one_passes() {
    let mut interaction = fitting_interaction("a request to place an order");
    interaction["response"]["body"]["shipDate"] = json!(null); // nullable: true
    interaction["response"]["body"]["placedAt"] = json!(null); // not nullable
    interaction["response"]["matchingRules"]["body"]
        .as_object_mut()
        .unwrap()
        .remove("$.placedAt");
    let failure = the_failure(interaction);
    assert_eq!(failure.json_path, "$.placedAt");
    assert_eq!(
        failure.schema_location,
        "#/components/schemas/Order/properties/placedAt"
    );
    assert_eq!(failure.reason, FailureReason::NullNotAllowed);
}

#[test]
fn a_wrong_array_item_fails_at_its_index() {
    let mut interaction = fitting_interaction("a request to add a pet");
    interaction["request"]["body"]["photoUrls"] = json!(["https://img.example.com/tom.png", 5]);
    let failure = the_failure(interaction);
    assert_eq!(failure.part, Part::RequestBody);
    assert_eq!(failure.json_path, "$.photoUrls[1]");
    assert_eq!(
        failure.schema_location,
        "#/components/schemas/NewPet/properties/photoUrls/items"
    );
    assert_eq!(
        failure.reason.to_string(),
        "the OpenAPI schema declares type string but the consumer's value 5 is an integer"
    );
}

#[test]
fn each_like_elements_stand_for_the_item_schema() {
    let mut interaction = fitting_interaction("a request for available pets");
    interaction["response"]["body"][0]["category"]["id"] = json!("one");
    interaction["response"]["matchingRules"]["body"]
        .as_object_mut()
        .unwrap()
        .remove("$[*].category.id");
    let failure = the_failure(interaction);
    assert_eq!(failure.json_path, "$[0].category.id");
    assert_eq!(
        failure.schema_location,
        "#/components/schemas/Category/properties/id"
    );
    assert_eq!(
        failure.reason.to_string(),
        "the OpenAPI schema declares type integer but the consumer's value \"one\" is a string"
    );
}

#[test]
fn fields_of_every_all_of_branch_are_declared_and_others_are_not() {
    let mut interaction = fitting_interaction("a request for one pet");
    interaction["response"]["body"]["owner"] = json!("Alice");
    let failure = the_failure(interaction);
    assert_eq!(failure.json_path, "$.owner");
    assert_eq!(failure.schema_location, "#/components/schemas/Pet");
    assert_eq!(
        failure.reason,
        FailureReason::UndeclaredField {
            field: "owner".into(),
            direction: pact_openapi::Direction::Response
        }
    );
}

#[test]
fn the_discriminator_picks_the_one_of_branch_that_judges() {
    let mut interaction = fitting_interaction("a request to place an order");
    interaction["response"]["body"]["payment"] = json!({"method": "bank_transfer", "iban": "DE89"});
    let failure = the_failure(interaction);
    assert_eq!(failure.json_path, "$.payment.iban");
    assert_eq!(
        failure.schema_location,
        "#/components/schemas/BankTransfer/properties/iban"
    );
    assert_eq!(
        failure.reason.to_string(),
        "the consumer's value breaks the OpenAPI schema's minLength of 15 (it has 4)"
    );
}

#[test]
fn a_value_no_one_of_branch_accepts_fails() {
    let mut interaction = fitting_interaction("a request for a customer's orders");
    interaction["response"]["body"]["items"][0]["payment"] = json!({"method": "cash", "amount": 10});
    let failure = the_failure(interaction);
    assert_eq!(failure.json_path, "$.items[0].payment");
    assert_eq!(failure.schema_location, "#/components/schemas/Payment/oneOf");
    assert!(
        failure.reason.to_string().starts_with(
            "the consumer's value fits none of the 2 alternatives of 'oneOf'; the closest one fails because"
        ),
        "{failure}"
    );
}

#[test]
fn a_status_covered_by_a_range_or_default_is_documented() {
    let mut interaction = fitting_interaction("a request for available pets");
    interaction["response"] = json!({"status": 503, "headers": {"Content-Type": "application/problem+json"},
        "body": {"title": "Unavailable", "status": 503}});
    assert_eq!(failures(interaction), []);
    let mut interaction = fitting_interaction("a request to place an order");
    interaction["response"] = json!({"status": 409});
    let failure = the_failure(interaction);
    assert_eq!(
        failure.reason.to_string(),
        "the consumer expects status 409 but the operation only documents 201, 400"
    );
}

#[test]
fn a_server_base_path_may_lead_the_request_path() {
    let mut interaction = fitting_interaction("a request for one pet");
    interaction["request"]["path"] = json!("/v1/pets/6f1c2a9e-3b7d-4c55-9a0e-2f4b8d7c1e90");
    assert_eq!(failures(interaction), []);
    let mut interaction = fitting_interaction("a request for one pet");
    interaction["request"]["path"] = json!("/v2/pets/6f1c2a9e-3b7d-4c55-9a0e-2f4b8d7c1e90");
    assert_eq!(the_failure(interaction).part, Part::Path);
}

#[test]
fn additional_properties_schemas_judge_free_keys() {
    let mut interaction = fitting_interaction("a request for my pets by name");
    interaction["response"]["body"]["Tom"] = json!({"name": "Tom"});
    interaction["response"]["body"]["Rex"]["status"] = json!("asleep");
    let all = failures(interaction);
    let reasons: Vec<&str> = all.iter().map(|f| f.json_path.as_str()).collect();
    assert_eq!(reasons, ["$.Rex.status"], "{all:#?}");
}
