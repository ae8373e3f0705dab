//! Bodies other than plain JSON: XML, text, form, multipart, binary; missing, empty and null bodies.

mod common;

use common::said;
use pact_core::matching::match_request;
use pact_core::rules::Pattern;
use pact_core::{Body, Category, DocPath, MatchingRule, Request, Response};

fn response(body: Body) -> Response {
    let mut r = Response::new(200);
    r.body = body;
    r
}

fn with_rule(mut r: Response, path: &str, rule: MatchingRule) -> Response {
    r.matching_rules
        .add(Category::Body, DocPath::parse(path).expect("path"), rule);
    r
}

fn xml(text: &str) -> Body {
    Body::text(text, "application/xml")
}

#[test]
fn xml_attributes_text_and_namespaces() {
    let e = response(xml(
        r#"<a:alligator xmlns:a="urn:alligators" name="Mary"><colour>red</colour></a:alligator>"#,
    ));
    let same = response(xml(
        r#"<x:alligator xmlns:x="urn:alligators" name="Mary"><colour>red</colour></x:alligator>"#,
    ));
    assert!(said(&e, &same).is_empty(), "prefixes do not matter");
    let other_ns = response(xml(
        r#"<a:alligator xmlns:a="urn:crocodiles" name="Mary"><colour>red</colour></a:alligator>"#,
    ));
    assert!(said(&e, &other_ns)[0].contains("(namespace urn:alligators)"));
    let renamed = response(xml(
        r#"<a:alligator xmlns:a="urn:alligators" name="Fred"><colour>blue</colour></a:alligator>"#,
    ));
    assert_eq!(
        said(&e, &renamed),
        vec![
            r#"$.alligator['@name']: expected "Mary", got "Fred""#,
            r#"$.alligator.colour['#text']: expected "red", got "blue""#,
        ]
    );
}

#[test]
fn xml_rules_use_at_and_hash_text_paths() {
    let e = response(xml(
        r#"<animals><alligator phone="0415"/><note>hi</note></animals>"#,
    ));
    let e = with_rule(
        e,
        "$.animals.alligator['@phone']",
        MatchingRule::Regex(Pattern::new(r"\d+").expect("re")),
    );
    let e = with_rule(e, "$.animals.note['#text']", MatchingRule::Type);
    let ok = response(xml(
        r#"<animals><alligator phone="333"/><note>anything</note></animals>"#,
    ));
    assert!(said(&e, &ok).is_empty());
    let bad = response(xml(
        r#"<animals><alligator phone="abc"/><note>x</note></animals>"#,
    ));
    assert_eq!(said(&e, &bad).len(), 1);
    assert!(said(&e, &bad)[0].starts_with("$.animals.alligator['@phone']: expected a value matching"));
}

#[test]
fn xml_min_type_counts_child_elements_and_requests_reject_extras() {
    let e = response(xml(r#"<animals><alligator name="Fred"/></animals>"#));
    let e = with_rule(e, "$.animals", MatchingRule::MinType(2));
    let two = response(xml(
        r#"<animals><alligator name="A"/><alligator name="B"/></animals>"#,
    ));
    assert!(said(&e, &two).is_empty());
    let one = response(xml(r#"<animals><alligator name="A"/></animals>"#));
    assert!(said(&e, &one)[0].contains("expected at least 2 items, got 1"));

    let mut request = Request::new("POST", "/");
    request.body = xml(r#"<alligator name="Mary"/>"#);
    let mut seen = request.clone();
    seen.body = xml(r#"<alligator name="Mary" phone="1"/>"#);
    let failed = match_request(&request, &seen);
    assert_eq!(
        failed[0].to_string(),
        r#"$.alligator['@phone']: unexpected attribute phone="1", which the pact does not expect"#
    );
}

#[test]
fn text_bodies_compare_equal_or_by_rule_at_root() {
    let e = response(Body::text("alligator named mary", "text/plain"));
    assert!(said(&e, &response(Body::text("alligator named mary", "text/plain"))).is_empty());
    assert_eq!(
        said(&e, &response(Body::text("alligator named fred", "text/plain"))),
        vec![r#"$: expected "alligator named mary", got "alligator named fred""#]
    );
    let e = with_rule(
        e,
        "$",
        MatchingRule::Regex(Pattern::new("alligator named .{4}").expect("re")),
    );
    assert!(said(&e, &response(Body::text("alligator named fred", "text/plain"))).is_empty());
    assert!(!said(&e, &response(Body::text("alligator named brent", "text/plain"))).is_empty());
}

#[test]
fn form_bodies_compare_fields_with_rules_per_field() {
    let form = |t: &str| Body::text(t, "application/x-www-form-urlencoded");
    let e = with_rule(
        response(form("name=Alice&age=30")),
        "$.age",
        MatchingRule::Integer,
    );
    assert!(said(&e, &response(form("age=41&name=Alice"))).is_empty());
    let failed = said(&e, &response(form("name=Bob&age=old")));
    assert_eq!(
        failed,
        vec![
            r#"$.name: expected "Alice", got "Bob""#,
            r#"$.age: expected an integer, got "old""#
        ]
    );
    assert_eq!(
        said(&e, &response(form("age=1"))),
        vec![r#"$.name: expected "Alice" but it was missing"#]
    );
}

fn multipart(parts: &[(&str, &str, &[u8])]) -> Body {
    let mut bytes = Vec::new();
    for (name, content_type, body) in parts {
        bytes.extend_from_slice(
            format!("--B0UND\r\nContent-Disposition: form-data; name=\"{name}\"\r\nContent-Type: {content_type}\r\n\r\n")
                .as_bytes(),
        );
        bytes.extend_from_slice(body);
        bytes.extend_from_slice(b"\r\n");
    }
    bytes.extend_from_slice(b"--B0UND--\r\n");
    Body::bytes(bytes, Some("multipart/form-data; boundary=B0UND".into()))
}

#[test]
fn multipart_parts_match_by_name_with_their_own_content_types() {
    let png: &[u8] = b"\x89PNG\r\n\x1a\n0000";
    let e = response(multipart(&[
        ("meta", "application/json", br#"{"id": 1}"#),
        ("photo", "image/png", png),
    ]));
    let e = with_rule(e, "$.photo", MatchingRule::ContentType("image/png".into()));
    let e = with_rule(e, "$.meta.id", MatchingRule::Integer);
    let other_png: &[u8] = b"\x89PNG\r\n\x1a\n9999";
    let ok = response(multipart(&[
        ("photo", "image/png", other_png),
        ("meta", "application/json", br#"{"id": 2}"#),
    ]));
    assert!(said(&e, &ok).is_empty(), "{:?}", said(&e, &ok));
    let bad = response(multipart(&[
        ("photo", "image/png", b"%PDF-1.4"),
        ("meta", "application/json", br#"{"id": "x"}"#),
    ]));
    let failed = said(&e, &bad);
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert!(
        failed[0].starts_with("$.meta.id: expected an integer"),
        "{failed:?}"
    );
    assert!(
        failed[1].contains("expected content of type image/png, got content that looks like application/pdf")
    );
    let missing = response(multipart(&[("meta", "application/json", br#"{"id": 2}"#)]));
    assert_eq!(
        said(&e, &missing),
        vec!["$.photo: expected a part named 'photo' but it was missing"]
    );
}

#[test]
fn binary_bodies_compare_bytes_or_a_content_type_rule() {
    let e = response(Body::bytes(vec![0xff, 0xd8, 0xff, 1], Some("image/jpeg".into())));
    assert!(
        said(
            &e,
            &response(Body::bytes(vec![0xff, 0xd8, 0xff, 1], Some("image/jpeg".into())))
        )
        .is_empty()
    );
    let differing = said(
        &e,
        &response(Body::bytes(vec![0xff, 0xd8, 0xff, 2], Some("image/jpeg".into()))),
    );
    assert_eq!(differing, vec!["$: expected <4 bytes>, got <4 bytes>"]);
    let e = with_rule(e, "$", MatchingRule::ContentType("image/jpeg".into()));
    assert!(
        said(
            &e,
            &response(Body::bytes(
                vec![0xff, 0xd8, 0xff, 9, 9],
                Some("image/jpeg".into())
            ))
        )
        .is_empty()
    );
    let gif = said(
        &e,
        &response(Body::bytes(b"GIF89a....".to_vec(), Some("image/jpeg".into()))),
    );
    assert!(gif[0].contains("got content that looks like image/gif"));
}

#[test]
fn missing_empty_and_null_bodies() {
    let any = response(Body::Missing);
    assert!(
        said(&any, &response(Body::json(serde_json::json!({"a": 1})))).is_empty(),
        "missing matches anything"
    );
    let null = response(Body::Null);
    assert!(said(&null, &response(Body::Missing)).is_empty());
    assert!(said(&null, &response(Body::Null)).is_empty());
    assert_eq!(
        said(&null, &response(Body::json(serde_json::json!({"a": 1})))),
        vec![r#"$: expected null, got "{\"a\":1}""#]
    );
    let something = response(Body::json(serde_json::json!({"a": 1})));
    assert_eq!(
        said(&something, &response(Body::Missing)),
        vec![r#"$: expected "{\"a\":1}" but it was missing"#]
    );
}

#[test]
fn an_empty_body_is_judged_by_the_rules_written_for_the_whole_body() {
    let image = |bytes: &[u8]| Body::bytes(bytes.to_vec(), Some("image/jpeg".into()));
    let e = with_rule(response(image(b"\xff\xd8\xff\xe0")), "$", MatchingRule::NotEmpty);
    assert!(said(&e, &response(image(b"\xff\xd8\xff\xe1"))).is_empty());
    let empty = said(&e, &response(Body::Empty));
    assert_eq!(empty.len(), 1, "{empty:?}");
    assert!(empty[0].contains("non-empty"), "{empty:?}");
    let plain = response(image(b"\xff\xd8"));
    assert!(
        said(&plain, &response(Body::Empty))[0].contains("missing"),
        "without rules it is missing"
    );
}

#[test]
fn a_json_body_that_is_not_json_is_a_body_type_mismatch() {
    let e = response(Body::json(serde_json::json!({"a": 1})));
    let failed = said(&e, &response(Body::text("<a/>", "application/xml")));
    assert_eq!(
        failed,
        vec!["body type: expected a body of type application/json, got application/xml"]
    );
    let failed = said(&e, &response(Body::bytes(b"oops".to_vec(), None)));
    assert!(
        failed[0].starts_with("body type: expected a JSON body, got one that is not JSON (text/plain)"),
        "{failed:?}"
    );
}

#[test]
fn a_wildcard_body_content_type_defers_to_the_content_type_header() {
    // The reference mock server writes V4 bodies it cannot classify as `"contentType": "*/*"`.
    let mut expected = response(Body::bytes(br#"{"id":1}"#.to_vec(), Some("*/*".into())));
    expected.headers.append("Content-Type", "application/json");
    let mut same = response(Body::bytes(br#"{"id": 1}"#.to_vec(), None));
    same.headers.append("Content-Type", "application/json");
    assert!(said(&expected, &same).is_empty(), "{:?}", said(&expected, &same));

    let mut different = response(Body::bytes(br#"{"id": 2}"#.to_vec(), None));
    different.headers.append("Content-Type", "application/json");
    assert_eq!(
        said(&expected, &different),
        vec!["$.id: expected 1, got 2".to_string()]
    );
}
