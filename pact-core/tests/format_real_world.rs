//! Pacts as other Pact implementations write them: other regex dialects, one bad part failing only
//! its interaction, quoted path expressions, generated statuses, pact-ruby's serialised matchers
//! and rules of unknown kind. Each fragment is written here in the shape seen in real files.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use pact_core::format::{read_pact_value, write_pact};
use pact_core::generators::generate_response;
use pact_core::matching::{match_request, match_response};
use pact_core::rules::{DocPath, PathToken, Pattern};
use pact_core::{
    Body, Category, GeneratorContext, GeneratorMode, Interaction, MatchingRule, Pact, Request, Response,
    SpecVersion,
};
use serde_json::{Value, json};

fn read(version: &str, interactions: Value, extra_metadata: Value) -> Pact {
    let mut metadata = json!({"pactSpecification": {"version": version}});
    if let (Value::Object(m), Value::Object(extra)) = (&mut metadata, extra_metadata) {
        m.extend(extra);
    }
    read_pact_value(&json!({
        "consumer": {"name": "c"}, "provider": {"name": "p"},
        "interactions": interactions, "metadata": metadata
    }))
    .unwrap()
}

fn http(interaction: &Interaction) -> &pact_core::HttpInteraction {
    interaction.as_http().unwrap()
}

fn json_response(status: u16, body: Value) -> Response {
    let mut response = Response::new(status);
    response.body = Body::json(body);
    response
}

const ISO_DATE: &str = r"^([\+-]?\d{4}(?!\d{2}\b))((-?)((0[1-9]|1[0-2])(\3([12]\d|0[1-9]|3[01]))?|W([0-4]\d|5[0-2])(-?[1-7])?|(00[1-9]|0[1-9]\d|[12]\d{2}|3([0-5]\d|6[1-6])))?)$";

#[test]
fn look_arounds_and_back_references_load_and_match() {
    let pact = read(
        "3.0.0",
        json!([{"description": "a dated thing", "request": {"path": "/"},
            "response": {"status": 200, "body": {"date": "2024-05-17"},
                "matchingRules": {"body": {"$.date": {"matchers": [{"match": "regex", "regex": ISO_DATE}]}}}}}]),
        json!({}),
    );
    let interaction = http(&pact.interactions[0]);
    assert!(
        pact.interactions[0].is_usable(),
        "{:?}",
        pact.interactions[0].problems()
    );
    let expected = &interaction.response;
    assert!(match_response(expected, &json_response(200, json!({"date": "1999-12-31"}))).is_empty());
    // The back-reference `\3` ties the separators: "2024-0517" mixes them.
    let mixed = match_response(expected, &json_response(200, json!({"date": "2024-0517"})));
    assert_eq!(mixed.len(), 1, "{mixed:?}");
    assert!(
        mixed[0].message().contains("regular expression"),
        "{}",
        mixed[0].message()
    );
    let pattern = Pattern::new(ISO_DATE).unwrap();
    assert!(pattern.needs_backtracking());
    assert!(!Pattern::new(r"^\d+$").unwrap().needs_backtracking());
}

#[test]
fn braces_that_are_not_a_repetition_are_literal_text() {
    let pattern = Pattern::new(r"http:\/\/.*{pacticipant}.*{branch}").unwrap();
    assert!(pattern.is_full_match("http://broker/pacts/{pacticipant}/branches/{branch}"));
    assert!(!pattern.is_full_match("http://broker/pacts/Foo/branches/main"));
    // Real repetitions stay repetitions, in and out of classes and escapes.
    let counted = Pattern::new(r"^[{}]\d{2,3}\p{Lu}{1}$").unwrap();
    assert!(counted.is_full_match("{12A"));
    assert!(!counted.is_full_match("{1A"));
}

#[test]
fn a_regex_no_engine_reads_fails_only_its_interaction() {
    let pact = read(
        "3.0.0",
        json!([
            {"description": "a good one", "request": {"path": "/good"}, "response": {"status": 200}},
            {"description": "a bad one", "request": {"path": "/bad"},
             "response": {"status": 200, "body": {"id": "x"},
                "matchingRules": {"body": {"$.id": {"matchers": [{"match": "regex", "regex": "(unclosed"}]}}}}}
        ]),
        json!({}),
    );
    assert!(pact.interactions[0].is_usable());
    let problems = pact.interactions[1].problems();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].interaction, "a bad one");
    assert_eq!(
        problems[0].path,
        "$.interactions[1].response.matchingRules.body['$.id'].matchers[0].regex"
    );
    assert!(
        problems[0]
            .reason
            .starts_with("invalid regular expression \"(unclosed\"")
    );
    // The unreadable matcher is written back as it was, and never passes.
    let written = write_pact(&pact, SpecVersion::V3).unwrap();
    assert_eq!(
        written["interactions"][1]["response"]["matchingRules"]["body"]["$.id"]["matchers"][0],
        json!({"match": "regex", "regex": "(unclosed"})
    );
    let mismatches = match_response(
        &http(&pact.interactions[1]).response,
        &json_response(200, json!({"id": "x"})),
    );
    assert!(
        mismatches[0].message().contains("is not supported"),
        "{mismatches:?}"
    );
}

#[test]
fn an_interaction_that_cannot_be_read_at_all_keeps_its_description_and_request() {
    let pact = read(
        "3.0.0",
        json!([
            {"description": "teapot", "request": {"method": "POST", "path": "/tea"}, "response": {"status": "abc"}},
            {"request": {"path": "/"}, "response": {"status": 200}}
        ]),
        json!({}),
    );
    let teapot = &pact.interactions[0];
    assert_eq!(teapot.description(), "teapot");
    assert_eq!(http(teapot).request.path, "/tea");
    assert_eq!(
        teapot.problems()[0].to_string(),
        "interaction 'teapot': $.interactions[0].response.status: expected a number between 100 and 599, got \"abc\""
    );
    assert_eq!(
        pact.interactions[1].description(),
        "the interaction at $.interactions[1]"
    );
    assert_eq!(
        pact.interactions[1].problems()[0].path,
        "$.interactions[1].description"
    );
}

#[test]
fn quoted_path_expressions_hold_brackets_dots_and_quotes() {
    for (text, name, written) in [
        ("$['orders[]']", "orders[]", "$['orders[]']"),
        ("$['a.b']", "a.b", "$['a.b']"),
        ("$[\"name\"]", "name", "$.name"),
        ("$['it''s']", "it's", "$['it''s']"),
        ("$['it\\'s']", "it's", "$['it''s']"),
        ("$[ 'x y' ][*]", "x y", "$['x y'][*]"),
    ] {
        let path = DocPath::parse(text).unwrap();
        assert_eq!(path.tokens()[1], PathToken::Field(name.into()), "{text}");
        assert_eq!(path.to_string(), written, "{text}");
        assert_eq!(DocPath::parse(written).unwrap(), path, "{written} round-trips");
    }
    assert!(DocPath::parse("$['unclosed]").is_err());
    assert!(DocPath::parse("$['a'x]").is_err());
}

#[test]
fn rules_at_quoted_paths_match_and_round_trip() {
    let pact = read(
        "3.0.0",
        json!([{"description": "a form", "request": {"method": "POST", "path": "/orders",
                "query": {"orders[]": ["1"]},
                "matchingRules": {"query": {"orders[]": {"matchers": [{"match": "integer"}]}}}},
            "response": {"status": 200, "body": {"a.b": 1, "it's": "x"},
                "matchingRules": {"body": {
                    "$['a.b']": {"matchers": [{"match": "integer"}]},
                    "$['it''s']": {"matchers": [{"match": "type"}]}}}}}]),
        json!({}),
    );
    let interaction = http(&pact.interactions[0]);
    assert!(
        pact.interactions[0].is_usable(),
        "{:?}",
        pact.interactions[0].problems()
    );
    let response = &interaction.response;
    assert!(match_response(response, &json_response(200, json!({"a.b": 7, "it's": "y"}))).is_empty());
    assert_eq!(
        match_response(response, &json_response(200, json!({"a.b": "7", "it's": "y"}))).len(),
        1
    );
    let mut actual = Request::new("POST", "/orders");
    actual
        .query
        .insert("orders[]".to_string(), vec!["42".to_string()]);
    assert!(match_request(&interaction.request, &actual).is_empty());
    actual.query.insert("orders[]".to_string(), vec!["x".to_string()]);
    assert_eq!(match_request(&interaction.request, &actual).len(), 1);
    let written = write_pact(&pact, SpecVersion::V3).unwrap();
    let body_rules = &written["interactions"][0]["response"]["matchingRules"]["body"];
    assert!(body_rules.get("$['a.b']").is_some(), "{body_rules}");
    assert!(body_rules.get("$['it''s']").is_some(), "{body_rules}");
}

#[test]
fn a_generated_status_may_be_written_as_zero() {
    let pact = read(
        "4.0",
        json!([{"type": "Synchronous/HTTP", "description": "a random status", "request": {"path": "/"},
            "response": {"status": 0,
                "matchingRules": {"status": {"matchers": [{"match": "statusCode", "status": "clientError"}]}},
                "generators": {"status": {"type": "RandomInt", "min": 400, "max": 499}}}},
            {"type": "Synchronous/HTTP", "description": "no status", "request": {"path": "/n"},
            "response": {"generators": {"status": {"type": "RandomInt", "min": 200, "max": 204}}}},
            {"type": "Synchronous/HTTP", "description": "zero without generator", "request": {"path": "/z"},
            "response": {"status": 0}}]),
        json!({}),
    );
    let response = &http(&pact.interactions[0]).response;
    assert!(pact.interactions[0].is_usable());
    assert_eq!(response.status, 0);
    for _ in 0..20 {
        let generated = generate_response(response, GeneratorMode::Consumer, &GeneratorContext::default());
        assert!((400..=499).contains(&generated.status), "{}", generated.status);
        assert!(match_response(response, &Response::new(generated.status)).is_empty());
    }
    let missing = &http(&pact.interactions[1]).response;
    let generated = generate_response(missing, GeneratorMode::Consumer, &GeneratorContext::default());
    assert!((200..=204).contains(&generated.status));
    assert_eq!(
        pact.interactions[2].problems()[0].path,
        "$.interactions[2].response.status"
    );
    let written = write_pact(&pact, SpecVersion::V4).unwrap();
    assert_eq!(written["interactions"][0]["response"]["status"], 0);
}

fn ruby_term(generate: &str, regex: &str) -> Value {
    json!({"json_class": "Pact::Term", "data": {"generate": generate,
        "matcher": {"json_class": "Regexp", "o": 0, "s": regex}}})
}

#[test]
fn pact_ruby_serialised_matchers_become_rules_with_their_examples() {
    let pact = read(
        "1.0.0",
        json!([{"description": "ruby", "request": {"method": "post",
                "path": ruby_term("/orders/1", r"^/orders/\d+$"),
                "query": {"page": [ruby_term("2", r"^\d+$")]},
                "headers": {"Content-Type": ruby_term("application/json", "json")},
                "body": {"name": {"json_class": "Pact::SomethingLike", "contents": "Mary"}}},
            "response": {"status": 200,
                "headers": {"Content-Type": ruby_term("application/json; charset=utf-8", r"application\/json")},
                "body": {"orders": {"json_class": "Pact::ArrayLike", "min": 2,
                    "contents": {"id": {"json_class": "Pact::SomethingLike", "contents": 1},
                                 "state": ruby_term("open", "^(open|closed)$")}}}}}]),
        json!({}),
    );
    assert!(
        pact.interactions[0].is_usable(),
        "{:?}",
        pact.interactions[0].problems()
    );
    let interaction = http(&pact.interactions[0]);
    let request = &interaction.request;
    assert_eq!(request.path, "/orders/1");
    assert_eq!(request.query.get("page"), Some(&["2".to_string()][..]));
    assert_eq!(request.body.as_json(), Some(json!({"name": "Mary"})));
    let response = &interaction.response;
    assert_eq!(
        response.body.as_json(),
        Some(json!({"orders": [{"id": 1, "state": "open"}, {"id": 1, "state": "open"}]}))
    );
    let rules = response.matching_rules.category(Category::Body).unwrap();
    assert!(
        rules
            .iter()
            .any(|(p, l)| p.as_str() == "$.orders" && l.rules == [MatchingRule::MinType(2)])
    );

    let mut actual = Request::new("POST", "/orders/77");
    actual.query.insert("page".to_string(), vec!["9".to_string()]);
    actual.headers.insert(
        "Content-Type".to_string(),
        vec!["application/json; charset=utf-8".to_string()],
    );
    actual.body = Body::json(json!({"name": "Bob"}));
    assert!(
        match_request(request, &actual).is_empty(),
        "{:?}",
        match_request(request, &actual)
    );
    actual.body = Body::json(json!({"name": 7}));
    assert_eq!(match_request(request, &actual).len(), 1);

    let mut good = json_response(
        200,
        json!({"orders": [{"id": 5, "state": "closed"}, {"id": 6, "state": "open"}]}),
    );
    good.headers
        .insert("Content-Type".to_string(), vec!["application/json".to_string()]);
    assert!(
        match_response(response, &good).is_empty(),
        "{:?}",
        match_response(response, &good)
    );
    let mut too_few = json_response(200, json!({"orders": [{"id": 5, "state": "open"}]}));
    too_few.headers = good.headers.clone();
    assert_eq!(match_response(response, &too_few).len(), 1);
    let mut bad_state = json_response(
        200,
        json!({"orders": [{"id": 5, "state": "lost"}, {"id": 6, "state": "open"}]}),
    );
    bad_state.headers = good.headers.clone();
    assert_eq!(match_response(response, &bad_state).len(), 1);
}

#[test]
fn unknown_matchers_fail_their_interaction_naming_rule_path_and_interaction() {
    let interactions = json!([{"description": "a payment", "request": {"path": "/"},
        "response": {"status": 200, "body": {"transaction_id": "abc"},
            "matchingRules": {"body": {"$.transaction_id": {"matchers": [{"match": "value"}]}}}}}]);
    let pact = read("3.0.0", interactions.clone(), json!({}));
    let problem = &pact.interactions[0].problems()[0];
    assert_eq!(
        problem.to_string(),
        "interaction 'a payment': $.interactions[0].response.matchingRules.body['$.transaction_id'].matchers[0].match: the matcher \"value\" is not supported"
    );

    // pact-jvm reads a matcher it does not know as equality: its pacts mean that.
    let jvm = read("3.0.0", interactions, json!({"pact-jvm": {"version": "4.6.5"}}));
    assert!(jvm.interactions[0].is_usable());
    let expected = &http(&jvm.interactions[0]).response;
    assert!(match_response(expected, &json_response(200, json!({"transaction_id": "abc"}))).is_empty());
    assert_eq!(
        match_response(expected, &json_response(200, json!({"transaction_id": "other"}))).len(),
        1
    );
    assert_eq!(
        match_response(expected, &json_response(200, json!({"transaction_id": 1}))).len(),
        1
    );
}

#[test]
fn unknown_generators_and_categories_are_never_dropped_silently() {
    let interactions = json!([{"description": "new things", "request": {"path": "/",
            "matchingRules": {"cookies": {"session": {"matchers": [{"match": "type"}]}}}},
        "response": {"status": 200, "body": {"id": 1},
            "generators": {"body": {"$.id": {"type": "Snowflake"}}}}}]);
    let pact = read("3.0.0", interactions.clone(), json!({}));
    let paths: Vec<&str> = pact.interactions[0]
        .problems()
        .iter()
        .map(|p| p.path.as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "$.interactions[0].request.matchingRules.cookies",
            "$.interactions[0].response.generators.body['$.id']"
        ]
    );
    // pact-jvm ignores both; for its pacts the example stands.
    let jvm = read("3.0.0", interactions, json!({"pactJvm": {"version": "4.1.0"}}));
    assert!(jvm.interactions[0].is_usable());
}

#[test]
fn old_pact_jvm_rule_keys_are_read_not_dropped() {
    let pact = read(
        "2.0.0",
        json!([{"description": "old format", "request": {"method": "GET", "path": "/", "body": {"test": true},
                "requestMatchingRules": {"$.body.test": {"match": "type"}}},
            "response": {"status": 200, "body": {"responsetest": true},
                "responseMatchingRules": {"$.body.responsetest": {"match": "type"}}}}]),
        json!({"pact-jvm": {"version": ""}}),
    );
    let interaction = http(&pact.interactions[0]);
    let rules = |rules: &pact_core::MatchingRules| rules.category(Category::Body).map(|c| c[0].0.to_string());
    assert_eq!(
        rules(&interaction.request.matching_rules).as_deref(),
        Some("$.test")
    );
    assert_eq!(
        rules(&interaction.response.matching_rules).as_deref(),
        Some("$.responsetest")
    );
    assert!(
        match_response(
            &interaction.response,
            &json_response(200, json!({"responsetest": false}))
        )
        .is_empty()
    );
}
