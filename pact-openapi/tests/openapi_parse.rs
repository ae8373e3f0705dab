//! Reading OpenAPI documents: JSON and YAML, the versions understood, and errors that say where
//! the problem is (a line and column, or a JSON pointer into the document).

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use pact_openapi::{OpenApi, OpenApiError, OpenApiVersion, Syntax};

#[test]
fn json_and_yaml_documents_are_read_alike() {
    let yaml = OpenApi::parse("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a: {get: {responses: {200: {description: ok}}}}\n").unwrap();
    let json = OpenApi::parse(
        r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
        "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}}}"#,
    )
    .unwrap();
    assert_eq!(
        yaml.document(),
        json.document(),
        "an unquoted YAML status key reads as the string \"200\""
    );
    assert_eq!(yaml.version(), OpenApiVersion::V3_0);
    assert_eq!(yaml.title(), Some("T"));
}

#[test]
fn a_yaml_syntax_error_names_its_line() {
    let error = OpenApi::parse("openapi: 3.1.0\npaths:\n  /a: [\n    b: c\n").unwrap_err();
    match &error {
        OpenApiError::Syntax { syntax, line, .. } => {
            assert_eq!(*syntax, Syntax::Yaml);
            assert!(*line >= 3, "{error}");
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
    assert!(error.to_string().starts_with("invalid YAML at line "), "{error}");
}

#[test]
fn a_json_syntax_error_names_its_line_and_column() {
    let error = OpenApi::parse("{\"openapi\": \"3.0.3\",\n  \"paths\": {,}}").unwrap_err();
    assert!(
        matches!(
            error,
            OpenApiError::Syntax {
                syntax: Syntax::Json,
                line: 2,
                column: 13,
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn swagger_2_and_other_versions_are_refused() {
    let error = OpenApi::parse("swagger: '2.0'\npaths: {}\n").unwrap_err();
    assert_eq!(
        error.to_string(),
        "#/openapi: OpenAPI version 2.0 is not supported (3.0.x and 3.1.x are)"
    );
    let error = OpenApi::parse("openapi: 4.0.0\n").unwrap_err();
    assert_eq!(
        error,
        OpenApiError::UnsupportedVersion {
            version: "4.0.0".into()
        }
    );
    let error = OpenApi::parse("title: not an API\n").unwrap_err();
    assert_eq!(
        error.to_string(),
        "#: not an OpenAPI 3 document: it has no 'openapi' field"
    );
    let error = OpenApi::parse("- a\n- b\n").unwrap_err();
    assert!(matches!(error, OpenApiError::NotOpenApi { .. }));
}

#[test]
fn paths_must_be_an_object() {
    let error = OpenApi::parse("openapi: 3.0.3\npaths: [a, b]\n").unwrap_err();
    assert_eq!(error.to_string(), "#/paths: 'paths' is not an object");
}

#[test]
fn a_dangling_reference_is_refused_with_its_place() {
    let text = "openapi: 3.0.3\npaths:\n  /users:\n    get:\n      responses:\n        '200':\n          $ref: '#/components/responses/Users'\n";
    let error = OpenApi::parse(text).unwrap_err();
    assert_eq!(
        error,
        OpenApiError::UnresolvedRef {
            location: "#/paths/~1users/get/responses/200".into(),
            reference: "#/components/responses/Users".into()
        }
    );
}

#[test]
fn a_reference_into_another_file_is_refused() {
    let text = "openapi: 3.1.0\ncomponents:\n  schemas:\n    User: {$ref: 'schemas.yaml#/User'}\n";
    let error = OpenApi::parse(text).unwrap_err();
    assert_eq!(
        error.to_string(),
        "#/components/schemas/User: the reference 'schemas.yaml#/User' points outside the document; bundle the \
         document into one file first"
    );
}

#[test]
fn references_that_loop_without_describing_a_value_are_refused() {
    let text = r##"
openapi: 3.0.3
paths: {}
components:
  schemas:
    Animal: {$ref: '#/components/schemas/Pet'}
    Pet:
      oneOf:
        - {$ref: '#/components/schemas/Dog'}
    Dog:
      allOf:
        - {$ref: '#/components/schemas/Animal'}
"##;
    let error = OpenApi::parse(text).unwrap_err();
    let OpenApiError::RefCycle { chain, .. } = &error else {
        panic!("expected a cycle, got {error:?}");
    };
    assert!(
        chain.contains(&"#/components/schemas/Dog/allOf/0".to_string()),
        "{error}"
    );
    assert_eq!(chain.first(), chain.last(), "{error}");
}

#[test]
fn recursive_data_structures_are_read_and_checked_to_any_depth() {
    let text = r##"
openapi: 3.0.3
paths: {}
components:
  schemas:
    Comment:
      type: object
      properties:
        text: {type: string}
        replies: {type: array, items: {$ref: '#/components/schemas/Comment'}}
"##;
    let api = OpenApi::parse(text).unwrap();
    let doc = serde_json::json!({"openapi": "3.0.3", "paths": {"/comments/{id}": {"get": {"responses": {"200": {
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Comment"}}}}}}}},
        "components": api.document()["components"].clone()});
    let api = OpenApi::from_value(doc).unwrap();
    let pact = pact_core::Pact::from_json_str(&serde_json::json!({
        "consumer": {"name": "c"}, "provider": {"name": "p"},
        "interactions": [{"description": "a thread", "request": {"method": "GET", "path": "/comments/1"},
            "response": {"status": 200, "body": {"text": "a", "replies": [{"text": "b", "replies": [{"text": 3}]}]}}}],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    }).to_string())
    .unwrap();
    let report = pact_openapi::check_pact(&api, &pact);
    let paths: Vec<&str> = report.failures().map(|f| f.json_path.as_str()).collect();
    assert_eq!(paths, ["$.replies[0].replies[0].text"]);
}

#[test]
fn the_fixture_documents_are_read() {
    for (text, version) in [
        (
            include_str!("fixtures/openapi/user-service.yaml"),
            OpenApiVersion::V3_0,
        ),
        (
            include_str!("fixtures/openapi/petstore-3.0.json"),
            OpenApiVersion::V3_0,
        ),
        (
            include_str!("fixtures/openapi/library-3.1.yaml"),
            OpenApiVersion::V3_1,
        ),
    ] {
        assert_eq!(OpenApi::parse(text).unwrap().version(), version);
    }
}
