//! The parts of HTTP requests and responses around the body, and message metadata.

mod common;

use common::{said, said_request};
use pact_core::matching::match_message;
use pact_core::rules::Pattern;
use pact_core::{Body, Category, DocPath, MatchingRule, Message, Query, Request, Response};
use serde_json::json;

fn with_header(mut r: Response, name: &str, value: &str) -> Response {
    r.headers.append(name, value);
    r
}

#[test]
fn method_ignores_case_and_path_is_exact() {
    let e = Request::new("GET", "/users/");
    assert!(
        said_request(
            &e,
            &Request {
                method: "get".into(),
                ..Request::new("GET", "/users/")
            }
        )
        .is_empty()
    );
    assert_eq!(
        said_request(&e, &Request::new("POST", "/users")),
        vec![
            r#"method: expected "GET", got "POST""#,
            r#"path: expected "/users/", got "/users""#,
        ]
    );
}

#[test]
fn path_rule_replaces_equality() {
    let mut e = Request::new("GET", "/users/42");
    e.matching_rules.add(
        Category::Path,
        DocPath::root(),
        MatchingRule::Regex(Pattern::new(r"/users/\d+").expect("re")),
    );
    assert!(said_request(&e, &Request::new("GET", "/users/7")).is_empty());
    assert!(
        said_request(&e, &Request::new("GET", "/users/seven"))[0]
            .starts_with("path: expected a value matching")
    );
}

#[test]
fn query_values_keep_order_and_unexpected_or_missing_params_fail() {
    let mut e = Request::new("GET", "/");
    e.query = Query::parse("animal=alligator&animal=hippo&name=Mary");
    let mut a = e.clone();
    a.query = Query::parse("name=Mary&animal=alligator&animal=hippo");
    assert!(said_request(&e, &a).is_empty());
    a.query = Query::parse("animal=hippo&animal=alligator&extra=1");
    assert_eq!(
        said_request(&e, &a),
        vec![
            r#"query 'animal': expected ["alligator", "hippo"], got ["hippo", "alligator"]"#,
            r#"query 'name': expected "Mary" but it was missing"#,
            r#"query 'extra': unexpected extra="1", which the pact does not expect"#,
        ]
    );
}

#[test]
fn query_rules_apply_per_value() {
    let mut e = Request::new("GET", "/");
    e.query = Query::parse("id=1");
    e.matching_rules
        .add(Category::Query, DocPath::field("id"), MatchingRule::Integer);
    let mut a = e.clone();
    a.query = Query::parse("id=2&id=3");
    assert!(said_request(&e, &a).is_empty());
    a.query = Query::parse("id=x");
    assert_eq!(
        said_request(&e, &a),
        vec![r#"query 'id': expected an integer, got "x""#]
    );
}

#[test]
fn header_names_ignore_case_values_do_not() {
    let e = with_header(Response::new(200), "Accept", "alligators");
    assert!(said(&e, &with_header(Response::new(200), "ACCEPT", "alligators")).is_empty());
    assert_eq!(
        said(&e, &with_header(Response::new(200), "Accept", "Alligators")),
        vec![r#"header 'Accept': expected "alligators", got "Alligators""#]
    );
    assert_eq!(
        said(&e, &Response::new(200)),
        vec![r#"header 'Accept': expected "alligators" but it was missing"#]
    );
}

#[test]
fn comma_separated_values_compare_item_by_item_except_dates() {
    let e = with_header(Response::new(200), "Accept", "alligators,hippos");
    assert!(
        said(
            &e,
            &with_header(Response::new(200), "Accept", "alligators, hippos")
        )
        .is_empty()
    );
    assert!(
        !said(
            &e,
            &with_header(Response::new(200), "Accept", "hippos, alligators")
        )
        .is_empty()
    );
    let date = "Wed, 21 Oct 2015 07:28:00 GMT";
    let e = with_header(Response::new(200), "Date", date);
    assert!(said(&e, &with_header(Response::new(200), "Date", date)).is_empty());
    assert!(
        !said(
            &e,
            &with_header(Response::new(200), "Date", "Wed,21 Oct 2015 07:28:00 GMT")
        )
        .is_empty()
    );
}

#[test]
fn content_type_parameters_must_be_present_and_equal() {
    let e = with_header(
        Response::new(200),
        "Content-Type",
        "application/json; charset=utf-8",
    );
    let a = |v: &str| with_header(Response::new(200), "content-type", v);
    assert!(said(&e, &a("Application/JSON;charset=UTF-8")).is_empty());
    assert!(said(&e, &a("application/json; version=2; charset=UTF-8")).is_empty());
    assert!(!said(&e, &a("application/json")).is_empty());
    assert!(!said(&e, &a("application/json; charset=UTF-16")).is_empty());
}

#[test]
fn a_header_rule_applies_to_the_whole_value() {
    let mut e = with_header(Response::new(200), "X-Request-Id", "abc-123");
    e.matching_rules.add(
        Category::Header,
        DocPath::field("x-request-id"),
        MatchingRule::Regex(Pattern::new("[a-z]+-\\d+").expect("re")),
    );
    assert!(said(&e, &with_header(Response::new(200), "x-request-id", "xyz-9")).is_empty());
    assert!(
        said(&e, &with_header(Response::new(200), "X-Request-Id", "9-xyz"))[0].contains("regular expression")
    );
}

#[test]
fn a_header_rule_applies_to_each_line_of_a_repeated_header() {
    let mut e = with_header(Response::new(200), "X-Test", "1000");
    e.matching_rules.add(
        Category::Header,
        DocPath::field("x-test"),
        MatchingRule::Regex(Pattern::new("\\d{1,4}").expect("re")),
    );
    let lines = |values: &[&str]| {
        let mut r = Response::new(200);
        for v in values {
            r.headers.append("X-Test", *v);
        }
        r
    };
    assert!(said(&e, &lines(&["1000", "1234", "9999"])).is_empty());
    let failed = said(&e, &lines(&["1000", "1234", "9999ABC"]));
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert!(failed[0].contains("\"9999ABC\""), "{failed:?}");
}

#[test]
fn message_metadata_keys_must_match_extra_keys_are_fine() {
    let mut e = Message::new(Body::json(json!({"orderId": 1})));
    e.metadata.insert("topic".into(), json!("orders"));
    e.metadata.insert("contentType".into(), json!("application/json"));
    let mut a = e.clone();
    a.metadata
        .insert("contentType".into(), json!("application/json; charset=utf-8"));
    a.metadata.insert("partition".into(), json!(3));
    assert!(match_message(&e, &a).is_empty());
    a.metadata.insert("topic".into(), json!("payments"));
    let failed: Vec<String> = match_message(&e, &a).iter().map(ToString::to_string).collect();
    assert_eq!(
        failed,
        vec![r#"metadata 'topic': expected "orders", got "payments""#]
    );
    e.matching_rules
        .add(Category::Metadata, DocPath::field("topic"), MatchingRule::Type);
    assert!(match_message(&e, &a).is_empty());
}
