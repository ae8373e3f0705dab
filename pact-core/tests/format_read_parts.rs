//! Reading the parts of a pact (requests, responses, messages, matching rules, generators) in
//! the shapes of every specification version.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use std::path::PathBuf;

use pact_core::format::{read_message, read_request, read_response};
use pact_core::generators::UuidFormat;
use pact_core::model::ContentTypeHint;
use pact_core::rules::{Combine, StatusCodeClass};
use pact_core::{Body, Category, DocPath, Generator, MatchingRule, PactError, SpecVersion};
use serde_json::{Value, json};

fn path(p: &str) -> DocPath {
    DocPath::parse(p).expect("valid path")
}

fn rules_at(rules: &pact_core::MatchingRules, category: Category, at: &str) -> Vec<MatchingRule> {
    rules
        .category(category)
        .and_then(|entries| entries.iter().find(|(p, _)| *p == path(at)))
        .map(|(_, list)| list.rules.clone())
        .unwrap_or_default()
}

/// The vendored spec cases; a missing folder fails the test.
fn spec_cases_dir() -> PathBuf {
    let dir = common::spec_cases_dir();
    assert!(dir.is_dir(), "spec cases not found at {}", dir.display());
    dir
}

#[test]
fn every_spec_case_reads_in_its_own_version() {
    let root = spec_cases_dir();
    let mut count = 0;
    for (folder, version) in [
        ("v1", SpecVersion::V1),
        ("v1_1", SpecVersion::V1_1),
        ("v2", SpecVersion::V2),
        ("v3", SpecVersion::V3),
        ("v4", SpecVersion::V4),
    ] {
        for file in common::json_files(&root.join(folder)) {
            let text = std::fs::read_to_string(&file).expect("readable case");
            let case: Value =
                serde_json::from_str(text.trim_start_matches('\u{feff}')).expect("case is JSON");
            let kind = file.parent().and_then(|p| p.parent()).and_then(|p| p.file_name());
            let kind = kind.and_then(|k| k.to_str()).unwrap_or_default().to_string();
            for side in ["expected", "actual"] {
                let value = &case[side];
                let result = match kind.as_str() {
                    "request" => read_request(value, version, "$").map(|_| ()),
                    "response" => read_response(value, version, "$").map(|_| ()),
                    _ => read_message(value, version, "$").map(|_| ()),
                };
                if let Err(err) = result {
                    panic!("{} ({side}): {err}", file.display());
                }
                count += 1;
            }
        }
    }
    assert_eq!(count, 803 * 2);
}

#[test]
fn v1_query_string_and_comma_separated_headers_are_split() {
    let request = read_request(
        &json!({"method": "post", "path": "/", "query": "options=delete.topic.enable=true&broker=1&a=x%20y",
                "headers": {"Accept": "alligators,hippos", "Date": "Mon, 01 Jan 2024 10:00:00 GMT"}}),
        SpecVersion::V1,
        "$",
    )
    .unwrap();
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.query.get("options"),
        Some(&["delete.topic.enable=true".to_string()][..])
    );
    assert_eq!(request.query.get("a"), Some(&["x y".to_string()][..]));
    assert_eq!(
        request.headers.get("accept"),
        Some(&["alligators".to_string(), "hippos".to_string()][..])
    );
    assert_eq!(request.headers.get("date").map(<[String]>::len), Some(1));
}

#[test]
fn v3_query_accepts_arrays_single_strings_and_raw_strings() {
    let map = read_request(
        &json!({"query": {"a": ["1", "2"], "b": "3"}}),
        SpecVersion::V3,
        "$",
    )
    .unwrap();
    assert_eq!(map.query.get("a").map(<[String]>::len), Some(2));
    assert_eq!(map.query.get("b"), Some(&["3".to_string()][..]));
    let raw = read_request(&json!({"query": "a=1&a=2"}), SpecVersion::V3, "$").unwrap();
    assert_eq!(raw.query.get("a"), map.query.get("a"));
}

#[test]
fn v2_flat_rules_are_sorted_into_categories() {
    let request = read_request(
        &json!({"path": "/animals/1", "query": "q=x", "headers": {"Accept": "a"}, "body": {"animals": []},
        "matchingRules": {
          "$.body.animals": {"min": 2},
          "$.body.animals[*].name": {"match": "type"},
          "$.body['two']['@str']": {"regex": "\\w+"},
          "$.headers.Accept": {"match": "regex", "regex": "\\w+"},
          "$.header['Content-Type']": {"match": "regex", "regex": "json"},
          "$.query.q": {"match": "regex", "regex": "x+"},
          "$.path": {"match": "regex", "regex": "/animals/\\d+"}
        }}),
        SpecVersion::V2,
        "$",
    )
    .unwrap();
    let rules = &request.matching_rules;
    assert_eq!(
        rules_at(rules, Category::Body, "$.animals"),
        vec![MatchingRule::MinType(2)]
    );
    assert_eq!(
        rules_at(rules, Category::Body, "$.animals[*].name"),
        vec![MatchingRule::Type]
    );
    assert_eq!(
        rules_at(rules, Category::Body, "$.two['@str']")[0].name(),
        "regex"
    );
    assert_eq!(rules_at(rules, Category::Header, "$.Accept")[0].name(), "regex");
    assert_eq!(rules.category(Category::Header).map(<[_]>::len), Some(2));
    assert_eq!(rules_at(rules, Category::Query, "$.q")[0].name(), "regex");
    assert_eq!(rules_at(rules, Category::Path, "$")[0].name(), "regex");
}

#[test]
fn v3_categorised_rules_keep_combine_and_accept_bare_matchers() {
    let response = read_response(
        &json!({"status": 200, "matchingRules": {
            "body": {"$.id": {"matchers": [{"match": "integer"}, {"match": "null"}], "combine": "OR"},
                     "$.name": {"match": "type"},
                     "$.animals[*].children": {"matchers": [{"min": 1}]}},
            "header": {"X-Id": {"matchers": [{"match": "regex", "regex": "\\d+"}]}},
            "status": {"matchers": [{"match": "statusCode", "status": [200, 201]}]}
        }}),
        SpecVersion::V3,
        "$",
    )
    .unwrap();
    let body = response.matching_rules.category(Category::Body).unwrap();
    assert_eq!(body[0].0, path("$.id"));
    assert_eq!(body[0].1.combine, Combine::Or);
    assert_eq!(body[0].1.rules, vec![MatchingRule::Integer, MatchingRule::Null]);
    assert_eq!(body[1].1.rules, vec![MatchingRule::Type]);
    assert_eq!(body[2].1.rules, vec![MatchingRule::MinType(1)]);
    assert_eq!(
        rules_at(&response.matching_rules, Category::Header, "$['X-Id']")[0].name(),
        "regex"
    );
    assert_eq!(
        rules_at(&response.matching_rules, Category::Status, "$"),
        vec![MatchingRule::StatusCode(StatusCodeClass::Codes(vec![200, 201]))]
    );
}

fn one_matcher(matcher: Value) -> Result<MatchingRule, PactError> {
    let request = read_request(
        &json!({"matchingRules": {"body": {"$.x": {"matchers": [matcher]}}}}),
        SpecVersion::V4,
        "$.request",
    )?;
    Ok(rules_at(&request.matching_rules, Category::Body, "$.x").remove(0))
}

#[test]
fn every_matcher_of_the_specification_is_read() {
    let cases = [
        (json!({"match": "equality"}), "equality"),
        (json!({"match": "regex", "regex": "^a+$"}), "regex"),
        (json!({"match": "type"}), "type"),
        (json!({"match": "include", "value": "ab"}), "include"),
        (json!({"match": "integer"}), "integer"),
        (json!({"match": "decimal"}), "decimal"),
        (json!({"match": "number"}), "number"),
        (json!({"match": "boolean"}), "boolean"),
        (json!({"match": "null"}), "null"),
        (json!({"match": "values"}), "values"),
        (json!({"match": "semver"}), "semver"),
        (json!({"match": "notEmpty"}), "notEmpty"),
        (
            json!({"match": "contentType", "value": "image/jpeg"}),
            "contentType",
        ),
    ];
    for (json, name) in cases {
        assert_eq!(one_matcher(json.clone()).unwrap().name(), name, "{json}");
    }
    assert_eq!(
        one_matcher(json!({"match": "type", "min": 1, "max": 3})).unwrap(),
        MatchingRule::MinMaxType(1, 3)
    );
    assert_eq!(
        one_matcher(json!({"match": "type", "max": 3})).unwrap(),
        MatchingRule::MaxType(3)
    );
    assert_eq!(
        one_matcher(json!({"match": "include", "value": "ab"})).unwrap(),
        MatchingRule::Include("ab".into())
    );
    assert_eq!(
        one_matcher(json!({"match": "date", "format": "yyyy-MM-dd"})).unwrap(),
        MatchingRule::Date(Some("yyyy-MM-dd".parse().expect("a date-time pattern")))
    );
    assert_eq!(
        one_matcher(json!({"match": "date", "date": "dd/MM"})).unwrap(),
        MatchingRule::Date(Some("dd/MM".parse().expect("a date-time pattern")))
    );
    assert_eq!(
        one_matcher(json!({"match": "time"})).unwrap(),
        MatchingRule::Time(None)
    );
    assert_eq!(
        one_matcher(json!({"match": "timestamp", "timestamp": "yyyy"})).unwrap(),
        MatchingRule::Timestamp(Some("yyyy".parse().expect("a date-time pattern")))
    );
    assert_eq!(
        one_matcher(json!({"match": "statusCode", "status": "clientError"})).unwrap(),
        MatchingRule::StatusCode(StatusCodeClass::ClientError)
    );
    match one_matcher(
        json!({"match": "eachKey", "rules": [{"match": "regex", "regex": "[a-z]+"}], "value": "one"}),
    )
    .unwrap()
    {
        MatchingRule::EachKey(list) => assert_eq!(list.rules[0].name(), "regex"),
        other => panic!("expected eachKey, got {other:?}"),
    }
    match one_matcher(json!({"match": "eachValue", "rules": [{"match": "type"}]})).unwrap() {
        MatchingRule::EachValue(list) => assert_eq!(list.rules, vec![MatchingRule::Type]),
        other => panic!("expected eachValue, got {other:?}"),
    }
}

#[test]
fn array_contains_variants_carry_their_own_rules_and_generators() {
    let rule = one_matcher(json!({"match": "arrayContains", "variants": [
        {"index": 0, "rules": {"$.name": {"matchers": [{"match": "type"}], "combine": "AND"}},
         "generators": {"$.id": {"type": "RandomInt", "min": 1, "max": 5}}},
        {"index": 1, "rules": {"$.id": {"match": "integer"}}}
    ]}))
    .unwrap();
    let MatchingRule::ArrayContains(variants) = rule else {
        panic!("expected arrayContains")
    };
    assert_eq!(variants.len(), 2);
    assert_eq!(variants[1].index, 1);
    assert_eq!(
        rules_at(&variants[0].rules, Category::Body, "$.name"),
        vec![MatchingRule::Type]
    );
    assert_eq!(
        variants[0].generators.category(Category::Body).unwrap()[0].1,
        Generator::RandomInt { min: 1, max: 5 }
    );
}

#[test]
fn unknown_matchers_and_invalid_regexes_name_their_path() {
    let err = one_matcher(json!({"match": "plugin-thing", "config": 1})).unwrap_err();
    assert_eq!(
        err.to_string(),
        "$.request.matchingRules.body['$.x'].matchers[0].match: the matcher \"plugin-thing\" is not supported"
    );
    let err = one_matcher(json!({"match": "regex", "regex": "(unclosed"})).unwrap_err();
    let PactError::Invalid { path, message } = err else {
        panic!("expected Invalid")
    };
    assert_eq!(path, "$.request.matchingRules.body['$.x'].matchers[0].regex");
    assert!(
        message.starts_with("invalid regular expression \"(unclosed\""),
        "{message}"
    );
    let err = one_matcher(json!({"match": "type", "min": -1})).unwrap_err();
    assert_eq!(
        err.to_string(),
        "$.request.matchingRules.body['$.x'].matchers[0].min: expected a non-negative integer, got -1"
    );
    let err = one_matcher(json!({"match": "statusCode", "status": "teapot"})).unwrap_err();
    assert!(
        err.to_string().contains("unknown status class \"teapot\""),
        "{err}"
    );
}

#[test]
fn every_generator_kind_is_read_by_category() {
    let request = read_request(
        &json!({"generators": {
            "body": {
                "$.a": {"type": "RandomInt", "min": 0, "max": 10},
                "$.b": {"type": "RandomDecimal", "digits": 4},
                "$.c": {"type": "RandomHexadecimal", "digits": 8},
                "$.d": {"type": "RandomString", "size": 20},
                "$.e": {"type": "Regex", "regex": "\\d+"},
                "$.f": {"type": "Uuid", "format": "URN"},
                "$.g": {"type": "Date", "format": "yyyy-MM-dd", "expression": "+1 day"},
                "$.h": {"type": "Time"},
                "$.i": {"type": "DateTime", "format": "yyyy-MM-dd'T'HH:mm"},
                "$.j": {"type": "RandomBoolean"},
                "$.k": {"type": "MockServerURL", "example": "http://localhost:1234/a", "regex": ".*(/a)$"}
            },
            "path": {"type": "ProviderState", "expression": "/u/${id}", "dataType": "STRING"},
            "header": {"X-Id": {"type": "Uuid"}}
        }}),
        SpecVersion::V3,
        "$",
    )
    .unwrap();
    let body: Vec<Generator> = request
        .generators
        .category(Category::Body)
        .unwrap()
        .iter()
        .map(|(_, g)| g.clone())
        .collect();
    assert_eq!(body[0], Generator::RandomInt { min: 0, max: 10 });
    assert_eq!(body[1], Generator::RandomDecimal { digits: 4 });
    assert_eq!(body[2], Generator::RandomHexadecimal { digits: 8 });
    assert_eq!(body[3], Generator::RandomString { size: 20 });
    assert_eq!(body[4], Generator::Regex { regex: "\\d+".into() });
    assert_eq!(
        body[5],
        Generator::Uuid {
            format: UuidFormat::Urn
        }
    );
    assert_eq!(
        body[6],
        Generator::Date {
            format: Some("yyyy-MM-dd".into()),
            expression: Some("+1 day".into())
        }
    );
    assert_eq!(
        body[7],
        Generator::Time {
            format: None,
            expression: None
        }
    );
    assert_eq!(
        body[8],
        Generator::DateTime {
            format: Some("yyyy-MM-dd'T'HH:mm".into()),
            expression: None
        }
    );
    assert_eq!(body[9], Generator::RandomBoolean);
    assert_eq!(
        body[10],
        Generator::MockServerUrl {
            example: "http://localhost:1234/a".into(),
            regex: ".*(/a)$".into()
        }
    );
    assert_eq!(body.len(), 11);
    let unknown = read_request(
        &json!({"generators": {"body": {"$.l": {"type": "SomethingNew", "x": 1}}}}),
        SpecVersion::V3,
        "$",
    )
    .unwrap_err();
    assert_eq!(
        unknown.to_string(),
        "$.generators.body['$.l']: the generator \"SomethingNew\" is not supported"
    );
    assert_eq!(
        request.generators.category(Category::Path).unwrap()[0],
        (
            DocPath::root(),
            Generator::ProviderState {
                expression: "/u/${id}".into(),
                data_type: Some("STRING".into())
            }
        )
    );
    assert_eq!(
        request.generators.category(Category::Header).unwrap()[0].0,
        DocPath::field("X-Id")
    );
}

#[test]
fn legacy_bodies_keep_missing_empty_null_json_and_text_apart() {
    let read = |v: Value| read_response(&v, SpecVersion::V3, "$").unwrap().body;
    assert_eq!(read(json!({})), Body::Missing);
    assert_eq!(read(json!({"body": null})), Body::Null);
    assert_eq!(read(json!({"body": ""})), Body::Empty);
    let json_body = read(json!({"body": {"b": 1, "a": [true, 1.5]}}));
    assert_eq!(json_body.as_bytes(), br#"{"b":1,"a":[true,1.5]}"#);
    assert_eq!(json_body.content_type(), Some("application/json"));
    let xml =
        read(json!({"headers": {"Content-Type": "application/xml"}, "body": "<?xml version=\"1.0\"?><a/>"}));
    assert_eq!(xml.as_text(), "<?xml version=\"1.0\"?><a/>");
    assert_eq!(xml.content_type(), Some("application/xml"));
    let text = read(json!({"body": "alligator named mary"}));
    assert_eq!(text.as_text(), "alligator named mary");
    assert_eq!(text.content_type(), None);
    let json_string = read(json!({"headers": {"Content-Type": "application/json"}, "body": "hello"}));
    assert_eq!(json_string.as_text(), "\"hello\"");
    let hal = read(json!({"headers": {"Content-Type": "application/hal+json"}, "body": {"a": 1}}));
    assert_eq!(hal.content_type(), Some("application/hal+json"));
    let binary = read(json!({"headers": {"Content-Type": "application/octet-stream"}, "body": "AAEC"}));
    assert_eq!(binary.as_bytes(), &[0, 1, 2]);
}

#[test]
fn v4_bodies_decode_every_encoding() {
    let read =
        |body: Value| read_request(&json!({"body": body}), SpecVersion::V4, "$.request").map(|r| r.body);
    let json_body =
        read(json!({"contentType": "application/json", "encoded": false, "content": {"a": 1}})).unwrap();
    assert_eq!(json_body.as_json(), Some(json!({"a": 1})));
    let base64 = read(json!({"contentType": "image/png", "encoded": "base64", "content": "AAEC", "contentTypeHint": "BINARY"})).unwrap();
    assert_eq!(
        base64,
        Body::Present {
            bytes: vec![0, 1, 2],
            content_type: Some("image/png".into()),
            hint: Some(ContentTypeHint::Binary),
            legacy_encoding: None,
        }
    );
    let encoded_json =
        read(json!({"contentType": "application/json", "encoded": "JSON", "content": "{ \"a\": 1 }"}))
            .unwrap();
    assert_eq!(encoded_json.as_text(), "{ \"a\": 1 }");
    assert_eq!(read(json!({"content": ""})).unwrap(), Body::Empty);
    assert_eq!(read(json!({"content": null})).unwrap(), Body::Null);
    let text = read(json!({"contentType": "text/plain", "encoded": false, "content": "mary"})).unwrap();
    assert_eq!(text.as_text(), "mary");
    let plain = read(json!({"content": "x", "author": "y"})).unwrap();
    assert_eq!(plain.as_json(), Some(json!({"content": "x", "author": "y"})));
    let legacy = read(json!({"id": 1})).unwrap();
    assert_eq!(legacy.as_json(), Some(json!({"id": 1})));
    let err = read(json!({"contentType": "image/png", "encoded": "base64", "content": "@@@"})).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("$.request.body.content: content is not valid base64"),
        "{err}"
    );
    let err = read(json!({"content": "x", "encoded": "rot13"})).unwrap_err();
    assert_eq!(
        err.to_string(),
        "$.request.body.encoded: expected false, \"base64\" or \"JSON\", got \"rot13\""
    );
}

#[test]
fn messages_read_contents_metadata_and_rules_in_every_spelling() {
    let v3 = read_message(
        &json!({"contents": {"id": 1}, "metaData": {"contentType": "application/json", "topic": "t"},
                "matchingRules": {"body": {"$.id": {"matchers": [{"match": "integer"}]}}},
                "generators": {"body": {"$.id": {"type": "RandomInt", "min": 1, "max": 2}}}}),
        SpecVersion::V3,
        "$.messages[0]",
    )
    .unwrap();
    assert_eq!(v3.contents.as_json(), Some(json!({"id": 1})));
    assert_eq!(v3.metadata["topic"], "t");
    assert_eq!(
        rules_at(&v3.matching_rules, Category::Body, "$.id"),
        vec![MatchingRule::Integer]
    );
    assert!(v3.generators.category(Category::Body).is_some());

    let v4 = read_message(
        &json!({"contents": {"contentType": "text/plain", "encoded": false, "content": "hi"},
                "metadata": {"destination": "a/b"},
                "matchingRules": {"content": {"$": {"matchers": [{"match": "regex", "regex": "h.*"}]}},
                                  "metadata": {"destination": {"matchers": [{"match": "regex", "regex": "a/.*"}]}}}}),
        SpecVersion::V4,
        "$",
    )
    .unwrap();
    assert_eq!(v4.contents.as_text(), "hi");
    assert_eq!(v4.content_type().as_deref(), Some("text/plain"));
    assert_eq!(
        rules_at(&v4.matching_rules, Category::Body, "$")[0].name(),
        "regex"
    );
    assert_eq!(
        rules_at(&v4.matching_rules, Category::Metadata, "$.destination")[0].name(),
        "regex"
    );
    let contents_category = read_message(
        &json!({"contents": "x", "matchingRules": {"contents": {"$": {"matchers": [{"match": "type"}]}}}}),
        SpecVersion::V4,
        "$",
    )
    .unwrap();
    assert_eq!(
        rules_at(&contents_category.matching_rules, Category::Body, "$"),
        vec![MatchingRule::Type]
    );
}

#[test]
fn bad_status_is_an_error_naming_the_path() {
    let err = read_response(
        &json!({"status": "abc"}),
        SpecVersion::V3,
        "$.interactions[2].response",
    )
    .unwrap_err();
    assert_eq!(
        err,
        PactError::invalid(
            "$.interactions[2].response.status",
            "expected a number between 100 and 599, got \"abc\""
        )
    );
    let err = read_response(&json!({"status": 700}), SpecVersion::V3, "$.r").unwrap_err();
    assert_eq!(
        err.to_string(),
        "$.r.status: expected a number between 100 and 599, got 700"
    );
    let err = read_request(&json!({"headers": {"A": {"x": 1}}}), SpecVersion::V3, "$.r").unwrap_err();
    assert_eq!(
        err.to_string(),
        "$.r.headers.A: expected a string or an array of strings, got an object"
    );
}
