//! An OpenAPI 3.1 document in YAML (a library's lending API) and a V4 pact: JSON Schema 2020-12
//! type arrays with "null", `const`, enums holding `null`, `$ref` with sibling keywords,
//! `anyOf`, `prefixItems`, numeric `exclusiveMinimum`, `additionalProperties` schemas, `2XX`.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use pact_core::Pact;
use pact_openapi::{FailureReason, OpenApi, OpenApiFailure, OpenApiVersion, Part, check_pact};
use serde_json::{Value, json};

fn library() -> OpenApi {
    OpenApi::parse(include_str!("fixtures/openapi/library-3.1.yaml")).unwrap()
}

fn fitting_interaction(description: &str) -> Value {
    common::interaction_in(include_str!("fixtures/openapi/library-pact.json"), description)
}

fn failures(interaction: Value) -> Vec<OpenApiFailure> {
    let pact = common::pact_of_one("LibraryApp", "Library", "4.0", interaction);
    common::openapi_failures(&library(), &pact)
}

fn the_failure(interaction: Value) -> OpenApiFailure {
    common::the_only(failures(interaction))
}

#[test]
fn the_library_app_pact_fits_the_library() {
    let api = library();
    assert_eq!(api.version(), OpenApiVersion::V3_1);
    let pact = Pact::from_json_str(include_str!("fixtures/openapi/library-pact.json")).unwrap();
    let report = check_pact(&api, &pact);
    assert!(report.is_compatible(), "{report}");
    let lines: Vec<String> = report.interactions.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "a search for books (GET /books): OK",
            "a request to add a book (POST /books): OK",
            "a request for a loan (GET /books/{isbn}/loans/{loanId}): OK",
            "a request for a loan that does not exist (GET /books/{isbn}/loans/{loanId}): OK",
            "a book was returned: not applicable (messages are not described by OpenAPI)",
        ]
    );
}

#[test]
fn null_fits_only_a_type_array_that_names_null() {
    let mut interaction = fitting_interaction("a request to add a book");
    interaction["request"]["body"]["content"]["subtitle"] = json!(null);
    interaction["request"]["body"]["content"]["authors"][0]["name"] = json!(null);
    let failure = the_failure(interaction);
    assert_eq!(failure.part, Part::RequestBody);
    assert_eq!(failure.json_path, "$.authors[0].name");
    assert_eq!(
        failure.schema_location,
        "#/components/schemas/Author/properties/name"
    );
    assert_eq!(failure.reason, FailureReason::NullNotAllowed);
}

#[test]
fn a_value_of_neither_type_of_a_type_array_fails() {
    let mut interaction = fitting_interaction("a request to add a book");
    interaction["request"]["body"]["content"]["authors"][0]["born"] = json!("1920");
    let failure = the_failure(interaction);
    assert_eq!(
        failure.reason.to_string(),
        r#"the OpenAPI schema declares type integer or null but the consumer's value "1920" is a string"#
    );
}

#[test]
fn an_enum_may_hold_null_and_nothing_else_it_does_not_list() {
    let mut interaction = fitting_interaction("a request to add a book");
    interaction["request"]["body"]["content"]["format"] = json!("audiobook");
    let failure = the_failure(interaction);
    assert_eq!(failure.json_path, "$.format");
    assert_eq!(
        failure.reason.to_string(),
        r#"the consumer's value "audiobook" is not one of the values the OpenAPI schema allows ("hardback", "paperback", "ebook", null)"#
    );
}

#[test]
fn a_const_violation_fails() {
    let mut interaction = fitting_interaction("a request for a loan that does not exist");
    interaction["response"]["body"]["content"]["kind"] = json!("failure");
    let failure = the_failure(interaction);
    assert_eq!(failure.json_path, "$.kind");
    assert_eq!(
        failure.schema_location,
        "#/components/responses/Error/content/application~1json/schema/properties/kind"
    );
    assert_eq!(
        failure.reason,
        FailureReason::NotInEnum {
            value: r#""failure""#.into(),
            allowed: vec![r#""error""#.into()]
        }
    );
}

#[test]
fn keywords_beside_a_ref_apply_in_3_1() {
    let mut interaction = fitting_interaction("a request to add a book");
    interaction["request"]["body"]["content"]["title"] = json!("D".repeat(201));
    let failure = the_failure(interaction);
    assert_eq!(failure.json_path, "$.title");
    assert_eq!(
        failure.schema_location,
        "#/components/schemas/NewBook/properties/title"
    );
    assert_eq!(
        failure.reason.to_string(),
        "the consumer's value breaks the OpenAPI schema's maxLength of 200 (it has 201)"
    );
    let mut interaction = fitting_interaction("a request to add a book");
    interaction["request"]["body"]["content"]["title"] = json!("");
    assert_eq!(
        the_failure(interaction).schema_location,
        "#/components/schemas/Text"
    );
}

#[test]
fn additional_properties_schemas_check_undeclared_fields() {
    let mut interaction = fitting_interaction("a request to add a book");
    interaction["request"]["body"]["content"]["metadata"] = json!({"edition": 2});
    let failure = the_failure(interaction);
    assert_eq!(failure.json_path, "$.metadata.edition");
    assert_eq!(
        failure.schema_location,
        "#/components/schemas/NewBook/properties/metadata/additionalProperties"
    );
}

#[test]
fn numeric_exclusive_bounds_apply_to_parameters_and_bodies() {
    let mut interaction = fitting_interaction("a request for a loan");
    interaction["request"]["path"] = json!("/books/9780441013593/loans/0");
    let failure = the_failure(interaction);
    assert_eq!(failure.part, Part::PathParameter);
    assert_eq!(failure.json_path, "$.loanId");
    assert_eq!(
        failure.reason.to_string(),
        "the path parameter 'loanId' is '0', which does not fit its schema: the consumer's value breaks the \
         OpenAPI schema's exclusiveMinimum of 0 (it has 0)"
    );
    let mut interaction = fitting_interaction("a request to add a book");
    interaction["request"]["body"]["content"]["rating"] = json!(0);
    assert_eq!(the_failure(interaction).json_path, "$.rating");
}

#[test]
fn a_path_parameter_must_match_its_pattern() {
    let mut interaction = fitting_interaction("a request for a loan");
    interaction["request"]["path"] = json!("/books/12345/loans/7");
    let failure = the_failure(interaction);
    assert_eq!(failure.schema_location, "#/components/schemas/Isbn");
    assert_eq!(
        failure.reason.to_string(),
        "the path parameter 'isbn' is '12345', which does not fit its schema: the consumer's value \"12345\" does \
         not match the pattern /^97[89][0-9]{10}$/ the OpenAPI schema declares"
    );
}

#[test]
fn a_value_no_any_of_branch_accepts_fails() {
    let mut interaction = fitting_interaction("a request for a loan");
    interaction["response"]["body"]["content"]["borrower"] = json!("ada at example");
    let failure = the_failure(interaction);
    assert_eq!(failure.json_path, "$.borrower");
    assert_eq!(
        failure.schema_location,
        "#/components/schemas/Loan/properties/borrower/anyOf"
    );
    assert_eq!(
        failure.reason.to_string(),
        "the consumer's value fits none of the 2 alternatives of 'anyOf'; the closest one fails because the \
         consumer's value \"ada at example\" does not have the format 'email' the OpenAPI schema declares"
    );
}

#[test]
fn prefix_items_judge_tuple_positions() {
    let mut interaction = fitting_interaction("a request for a loan");
    interaction["response"]["body"]["content"]["coordinates"] = json!([52.52, 200.0]);
    let failure = the_failure(interaction);
    assert_eq!(failure.json_path, "$.coordinates[1]");
    assert_eq!(
        failure.schema_location,
        "#/components/schemas/Loan/properties/coordinates/prefixItems/1"
    );
}

#[test]
fn a_missing_required_query_parameter_fails() {
    let mut interaction = fitting_interaction("a search for books");
    interaction["request"]["query"] = json!({"tags": ["sf"]});
    let failure = the_failure(interaction);
    assert_eq!(
        failure.reason.to_string(),
        "the request lacks the required query parameter 'q'"
    );
}

#[test]
fn a_status_in_a_documented_range_fits_and_one_outside_fails() {
    let mut interaction = fitting_interaction("a search for books");
    interaction["response"]["status"] = json!(206);
    assert_eq!(failures(interaction), []);
    let mut interaction = fitting_interaction("a search for books");
    interaction["response"]["status"] = json!(304);
    interaction["response"].as_object_mut().unwrap().remove("body");
    let failure = the_failure(interaction);
    assert_eq!(
        failure.reason.to_string(),
        "the consumer expects status 304 but the operation only documents 2XX"
    );
}

#[test]
fn a_type_matcher_on_an_object_makes_every_field_stand_for_its_type() {
    let mut interaction = fitting_interaction("a request for a loan");
    // `$.book` has a type matcher: its example isbn is not held to the pattern, but its fields
    // must still be declared and of the declared types.
    interaction["response"]["body"]["content"]["book"]["isbn"] = json!("not an isbn");
    assert_eq!(failures(interaction.clone()), []);
    interaction["response"]["body"]["content"]["book"]["pages"] = json!(412);
    let failure = the_failure(interaction);
    assert_eq!(failure.json_path, "$.book.pages");
    assert_eq!(failure.schema_location, "#/components/schemas/Book");
}
