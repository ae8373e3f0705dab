//! Every matcher on JSON bodies, with a passing and a failing case each, plus how rules combine,
//! cascade, reset and weigh. Failing cases assert the words of the sentence a user reads.

use pact_core::matching::{match_request, match_response};
use pact_core::rules::{ArrayVariant, Pattern, StatusCodeClass};
use pact_core::{Body, Category, Combine, DocPath, MatchingRule, MatchingRules, Request, Response, RuleList};
use serde_json::{Value, json};

fn rule_at(path: &str, rule: MatchingRule) -> (String, RuleList) {
    (path.to_string(), RuleList::single(rule))
}

fn expected(body: Value, rules: Vec<(String, RuleList)>) -> Response {
    let mut response = Response::new(200);
    response.body = Body::json(body);
    for (path, list) in rules {
        response
            .matching_rules
            .set(Category::Body, DocPath::parse(&path).expect("rule path"), list);
    }
    response
}

fn actual(body: Value) -> Response {
    let mut response = Response::new(200);
    response.body = Body::json(body);
    response
}

/// The mismatch sentences for `actual` against `expected`.
fn sentences(expected: &Response, body: Value) -> Vec<String> {
    match_response(expected, &actual(body))
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn regex(source: &str) -> MatchingRule {
    MatchingRule::Regex(Pattern::new(source).expect("regex"))
}

#[test]
fn type_matcher_accepts_same_type_and_names_both_types_when_not() {
    let e = expected(
        json!({"name": "Alice"}),
        vec![rule_at("$.name", MatchingRule::Type)],
    );
    assert!(sentences(&e, json!({"name": "Bob"})).is_empty());
    assert_eq!(
        sentences(&e, json!({"name": 12345})),
        vec![r#"$.name: expected a String like "Alice", got 12345 (Integer)"#]
    );
}

#[test]
fn equality_without_rules_reports_both_values() {
    let e = expected(json!({"id": 1}), vec![]);
    assert_eq!(sentences(&e, json!({"id": 2})), vec!["$.id: expected 1, got 2"]);
    assert_eq!(
        sentences(&e, json!({"id": "1"})),
        vec![r#"$.id: expected 1 (Integer), got "1" (String)"#]
    );
}

#[test]
fn regex_must_match_the_whole_value() {
    let e = expected(
        json!({"code": "AB12"}),
        vec![rule_at("$.code", regex(r"[A-Z]{2}\d{2}"))],
    );
    assert!(sentences(&e, json!({"code": "ZZ99"})).is_empty());
    let failed = sentences(&e, json!({"code": "ZZ999"}));
    assert_eq!(
        failed,
        vec![r#"$.code: expected a value matching the regular expression /[A-Z]{2}\d{2}/, got "ZZ999""#]
    );
    let alternation = expected(json!({"a": "ab"}), vec![rule_at("$.a", regex("a|ab"))]);
    assert!(
        sentences(&alternation, json!({"a": "ab"})).is_empty(),
        "a full match exists"
    );
}

#[test]
fn regex_applies_to_numbers_as_text() {
    let e = expected(json!({"feet": 4}), vec![rule_at("$.feet", regex("[0-9]"))]);
    assert!(sentences(&e, json!({"feet": 5})).is_empty());
    assert!(!sentences(&e, json!({"feet": 55})).is_empty());
}

#[test]
fn min_and_max_type_count_array_items() {
    let e = expected(
        json!({"items": [1]}),
        vec![rule_at("$.items", MatchingRule::MinMaxType(2, 3))],
    );
    assert!(sentences(&e, json!({"items": [4, 5, 6]})).is_empty());
    let too_few = sentences(&e, json!({"items": [4]}));
    assert_eq!(too_few, vec!["$.items: expected at least 2 items, got 1: [4]"]);
    let too_many = sentences(&e, json!({"items": [1, 2, 3, 4]}));
    assert!(
        too_many[0].contains("expected at most 3 items, got 4"),
        "{too_many:?}"
    );
    let wrong_item = sentences(&e, json!({"items": [1, "two"]}));
    assert!(
        wrong_item[0].starts_with("$.items[1]: expected an Integer like 1"),
        "{wrong_item:?}"
    );
}

#[test]
fn include_integer_decimal_number_boolean_null() {
    let cases: Vec<(MatchingRule, Value, Value, Value, &str)> = vec![
        (
            MatchingRule::Include("ice".into()),
            json!("Alice"),
            json!("Bernice"),
            json!("Bob"),
            "including \"ice\"",
        ),
        (
            MatchingRule::Integer,
            json!(1),
            json!(-7),
            json!(1.5),
            "expected an integer, got 1.5",
        ),
        (
            MatchingRule::Decimal,
            json!(1.5),
            json!(0.25),
            json!(2),
            "expected a decimal number, got 2",
        ),
        (
            MatchingRule::Number,
            json!(1),
            json!(2.5),
            json!("3"),
            "expected a number, got \"3\"",
        ),
        (
            MatchingRule::Boolean,
            json!(true),
            json!(false),
            json!("true"),
            "expected a boolean",
        ),
        (
            MatchingRule::Null,
            json!(null),
            json!(null),
            json!(0),
            "expected null, got 0",
        ),
    ];
    for (rule, example, good, bad, words) in cases {
        let name = rule.name();
        let e = expected(json!({ "v": example }), vec![rule_at("$.v", rule)]);
        assert!(
            sentences(&e, json!({ "v": good })).is_empty(),
            "{name} should accept {good}"
        );
        let failed = sentences(&e, json!({ "v": bad }));
        assert_eq!(failed.len(), 1, "{name} should reject {bad}");
        assert!(failed[0].contains(words), "{name}: {failed:?}");
    }
}

#[test]
fn dates_times_and_timestamps_default_to_iso_8601() {
    let cases = [
        (
            MatchingRule::Date(None),
            "2024-02-29",
            "29/02/2024",
            "an ISO 8601 date",
        ),
        (
            MatchingRule::Time(None),
            "13:45:00",
            "1:45 PM",
            "an ISO 8601 time",
        ),
        (
            MatchingRule::Timestamp(None),
            "2024-02-29T13:45:00Z",
            "yesterday",
            "an ISO 8601 timestamp",
        ),
    ];
    for (rule, good, bad, words) in cases {
        let e = expected(json!({ "at": good }), vec![rule_at("$.at", rule)]);
        assert!(sentences(&e, json!({ "at": good })).is_empty());
        let failed = sentences(&e, json!({ "at": bad }));
        assert!(failed[0].contains(words), "{failed:?}");
    }
}

#[test]
fn a_date_is_checked_against_the_calendar_with_or_without_a_format() {
    for format in [None, Some("yyyy-MM-dd".parse().expect("a date-time pattern"))] {
        let e = expected(
            json!({"at": "2024-01-31"}),
            vec![rule_at("$.at", MatchingRule::Date(format.clone()))],
        );
        assert!(
            sentences(&e, json!({"at": "2024-02-29"})).is_empty(),
            "{format:?}"
        );
        for impossible in ["2023-02-31", "2023-02-29", "2023-04-31", "2023-13-01"] {
            assert!(
                !sentences(&e, json!({"at": impossible})).is_empty(),
                "{format:?} {impossible}"
            );
        }
    }
}

#[test]
fn date_with_a_format_uses_the_pattern() {
    let e = expected(
        json!({"at": "2024-01-31"}),
        vec![rule_at(
            "$.at",
            MatchingRule::Date(Some("yyyy-MM-dd".parse().expect("a date-time pattern"))),
        )],
    );
    assert!(sentences(&e, json!({"at": "2023-12-01"})).is_empty());
    let failed = sentences(&e, json!({"at": 12}));
    assert!(
        failed[0].contains("a date in the format yyyy-MM-dd"),
        "{failed:?}"
    );
}

#[test]
fn semver_and_not_empty() {
    let e = expected(json!({"v": "1.0.0"}), vec![rule_at("$.v", MatchingRule::Semver)]);
    assert!(sentences(&e, json!({"v": "2.10.3-rc.1"})).is_empty());
    assert!(sentences(&e, json!({"v": "2.10"}))[0].contains("expected a semantic version"));
    let e = expected(
        json!({"tags": ["a"]}),
        vec![rule_at("$.tags", MatchingRule::NotEmpty)],
    );
    assert!(sentences(&e, json!({"tags": ["a"]})).is_empty());
    assert_eq!(
        sentences(&e, json!({"tags": []})),
        vec!["$.tags: expected a non-empty value, got []"]
    );
}

#[test]
fn values_matcher_ignores_keys() {
    let e = expected(
        json!({"scores": {"alice": 1}}),
        vec![rule_at("$.scores", MatchingRule::Values)],
    );
    assert!(sentences(&e, json!({"scores": {"bob": 1, "carol": 1}})).is_empty());
    assert!(
        !sentences(&e, json!({"scores": {"bob": 2}})).is_empty(),
        "values compare by equality below"
    );
}

#[test]
fn each_key_and_each_value_constrain_maps() {
    let keys = RuleList::single(regex("[a-z]+"));
    let values = RuleList::single(MatchingRule::Integer);
    let e = expected(
        json!({"counts": {"apples": 1}}),
        vec![(
            "$.counts".into(),
            RuleList::new(
                vec![MatchingRule::EachKey(keys), MatchingRule::EachValue(values)],
                Combine::And,
            ),
        )],
    );
    assert!(sentences(&e, json!({"counts": {"pears": 3, "plums": 4}})).is_empty());
    let failed = sentences(&e, json!({"counts": {"Pears": 3, "plums": "four"}}));
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert!(
        failed[0].starts_with("$.counts.Pears: expected a value matching the regular expression /[a-z]+/")
    );
    assert!(
        failed[1].starts_with("$.counts.plums: expected an integer, got \"four\""),
        "{failed:?}"
    );
}

#[test]
fn array_contains_needs_each_variant_matched_by_some_element() {
    let mut variant_rules = MatchingRules::default();
    variant_rules.add(
        Category::Body,
        DocPath::parse("$.id").expect("path"),
        MatchingRule::Integer,
    );
    let variants = vec![
        ArrayVariant {
            index: 0,
            rules: variant_rules,
            generators: Default::default(),
        },
        ArrayVariant {
            index: 1,
            rules: MatchingRules::default(),
            generators: Default::default(),
        },
    ];
    let e = expected(
        json!({"events": [{"id": 1, "kind": "created"}, {"kind": "shipped"}]}),
        vec![rule_at("$.events", MatchingRule::ArrayContains(variants))],
    );
    let ok = json!({"events": [{"kind": "noise"}, {"kind": "shipped"}, {"id": 99, "kind": "created"}]});
    assert!(sentences(&e, ok).is_empty());
    let failed = sentences(&e, json!({"events": [{"id": 99, "kind": "created"}]}));
    assert_eq!(failed.len(), 1);
    assert!(
        failed[0]
            .contains("expected the array to contain an element like {\"kind\":\"shipped\"} (variant 1)"),
        "{failed:?}"
    );
}

#[test]
fn content_type_rule_sniffs_a_json_string_value() {
    let e = expected(
        json!({"doc": "{}"}),
        vec![rule_at(
            "$.doc",
            MatchingRule::ContentType("application/json".into()),
        )],
    );
    assert!(sentences(&e, json!({"doc": "{\"a\": 1}"})).is_empty());
    let failed = sentences(&e, json!({"doc": "just words"}));
    assert!(
        failed[0]
            .contains("expected content of type application/json, got content that looks like text/plain")
    );
}

#[test]
fn status_code_rule_accepts_a_class() {
    let mut e = Response::new(200);
    e.matching_rules.add(
        Category::Status,
        DocPath::root(),
        MatchingRule::StatusCode(StatusCodeClass::Success),
    );
    assert!(match_response(&e, &Response::new(204)).is_empty());
    let failed = match_response(&e, &Response::new(404));
    assert_eq!(
        failed[0].to_string(),
        "status: expected a success (2xx) status, got 404"
    );
}

#[test]
fn and_needs_every_rule_or_needs_one() {
    let and = RuleList::new(vec![MatchingRule::Type, regex(r"\d+")], Combine::And);
    let e = expected(json!({"v": "1"}), vec![("$.v".into(), and)]);
    assert!(sentences(&e, json!({"v": "42"})).is_empty());
    assert!(!sentences(&e, json!({"v": "x"})).is_empty());
    let or = RuleList::new(vec![MatchingRule::Integer, MatchingRule::Null], Combine::Or);
    let e = expected(json!({"v": 1}), vec![("$.v".into(), or)]);
    assert!(sentences(&e, json!({"v": null})).is_empty());
    assert!(sentences(&e, json!({"v": 5})).is_empty());
    let failed = sentences(&e, json!({"v": "five"}));
    assert!(
        failed[0].contains("none of the alternatives matched: expected an integer"),
        "{failed:?}"
    );
    assert!(failed[0].contains("; or expected null"), "{failed:?}");
}

#[test]
fn rules_cascade_to_children() {
    let e = expected(
        json!({"user": {"name": "Alice", "age": 30}}),
        vec![rule_at("$", MatchingRule::Type)],
    );
    assert!(sentences(&e, json!({"user": {"name": "Bob", "age": 41}})).is_empty());
    let failed = sentences(&e, json!({"user": {"name": "Bob", "age": "41"}}));
    assert_eq!(
        failed,
        vec![r#"$.user.age: expected an Integer like 30, got "41" (String)"#]
    );
}

#[test]
fn equality_resets_the_cascade() {
    let e = expected(
        json!({"user": {"name": "Alice", "role": {"id": "admin"}}}),
        vec![
            rule_at("$", MatchingRule::Type),
            rule_at("$.user.role", MatchingRule::Equality),
        ],
    );
    assert!(sentences(&e, json!({"user": {"name": "Bob", "role": {"id": "admin"}}})).is_empty());
    let failed = sentences(&e, json!({"user": {"name": "Bob", "role": {"id": "guest"}}}));
    assert_eq!(failed, vec![r#"$.user.role.id: expected "admin", got "guest""#]);
}

#[test]
fn the_most_specific_path_wins() {
    let e = expected(
        json!({"items": [{"id": 1, "sku": "A-1"}]}),
        vec![
            rule_at("$.items", MatchingRule::MinType(1)),
            rule_at("$.items[*].*", MatchingRule::Type),
            rule_at("$.items[*].sku", regex(r"[A-Z]-\d")),
        ],
    );
    assert!(
        sentences(
            &e,
            json!({"items": [{"id": 7, "sku": "B-2"}, {"id": 8, "sku": "C-3"}]})
        )
        .is_empty()
    );
    let failed = sentences(
        &e,
        json!({"items": [{"id": 7, "sku": "B-2"}, {"id": 8, "sku": "nope"}]}),
    );
    assert_eq!(failed.len(), 1);
    assert!(
        failed[0].starts_with("$.items[1].sku: expected a value matching"),
        "{failed:?}"
    );
}

#[test]
fn requests_reject_unexpected_keys_but_responses_tolerate_them() {
    let mut request = Request::new("POST", "/users");
    request.body = Body::json(json!({"name": "Alice"}));
    let mut seen = request.clone();
    seen.body = Body::json(json!({"name": "Alice", "admin": true}));
    let failed: Vec<String> = match_request(&request, &seen)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        failed,
        vec!["$.admin: unexpected key 'admin' with value true, which the pact does not expect"]
    );
    let e = expected(json!({"name": "Alice"}), vec![]);
    assert!(sentences(&e, json!({"name": "Alice", "admin": true})).is_empty());
}

#[test]
fn missing_keys_and_array_items_are_reported_where_they_are() {
    let e = expected(json!({"a": {"b": [1, 2]}}), vec![]);
    assert_eq!(
        sentences(&e, json!({"a": {"b": [1]}})),
        vec!["$.a.b[1]: expected 2 but it was missing"]
    );
    assert_eq!(
        sentences(&e, json!({"a": {}})),
        vec!["$.a.b: expected [1,2] but it was missing"]
    );
}

#[test]
fn each_key_alone_frees_the_values_of_keys_the_example_lacks() {
    let keys = RuleList::single(regex("[a-z]+"));
    let e = expected(
        json!({"one": "a", "two": "b"}),
        vec![("$".into(), RuleList::single(MatchingRule::EachKey(keys)))],
    );
    assert!(sentences(&e, json!({"one": "a", "two": "b", "three": "c", "four": "d"})).is_empty());
    let failed = sentences(&e, json!({"one": "a", "two": "b", "100": "d"}));
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert!(failed[0].contains("regular expression /[a-z]+/"), "{failed:?}");
    let changed = sentences(&e, json!({"one": "x", "two": "b"}));
    assert_eq!(
        changed.len(),
        1,
        "the example's own keys still compare: {changed:?}"
    );
}

#[test]
fn not_empty_cascades_to_items() {
    let e = expected(
        json!({"one": "", "two": ["b"]}),
        vec![
            rule_at("$.one", MatchingRule::NotEmpty),
            rule_at("$.two", MatchingRule::NotEmpty),
        ],
    );
    assert!(sentences(&e, json!({"one": "cat", "two": ["rat", "bat"]})).is_empty());
    let empty_item = sentences(&e, json!({"one": "cat", "two": [""]}));
    assert_eq!(
        empty_item,
        vec![r#"$.two[0]: expected a non-empty value, got """#]
    );
}

#[test]
fn a_container_example_is_never_matched_by_another_kind_of_value() {
    let e = expected(
        json!({"two": ["b"]}),
        vec![rule_at("$.two", MatchingRule::NotEmpty)],
    );
    let not_an_array = sentences(&e, json!({"two": "b"}));
    assert_eq!(not_an_array.len(), 1, "{not_an_array:?}");
    assert!(
        not_an_array[0].starts_with("$.two: expected an Array like"),
        "{not_an_array:?}"
    );
}
