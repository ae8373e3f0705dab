//! Unit tests of the parent module.

use super::*;

const V3: &str = r#"{"consumer": {"name": "Web"}, "provider": {"name": "Orders"},
  "interactions": [{"description": "list orders", "providerStates": [{"name": "orders exist", "params": {"n": 2}}],
    "request": {"method": "GET", "path": "/orders", "query": {"page": ["1"]},
      "headers": {"Accept": "application/json"},
      "matchingRules": {"query": {"page": {"matchers": [{"match": "integer"}]}},
                        "path": {"matchers": [{"match": "regex", "regex": "^/orders$"}]}}},
    "response": {"status": 200, "headers": {"Content-Type": "application/json"},
      "body": {"orders": [{"id": 1, "total": 9.5}], "next": null},
      "matchingRules": {"body": {"$.orders": {"matchers": [{"match": "type", "min": 1}]},
                                 "$.orders[*].id": {"matchers": [{"match": "integer"}]},
                                 "$.missing": {"matchers": [{"match": "type"}]}},
                        "header": {"Content-Type": {"matchers": [{"match": "regex", "regex": "json"}]}}},
      "generators": {"body": {"$.orders[*].id": {"type": "RandomInt", "min": 1, "max": 9}}}}}],
  "metadata": {"pactSpecification": {"version": "3.0.0"}}}"#;

#[test]
fn rules_and_generators_sit_next_to_their_fields() {
    let view = PactView::read(V3).expect("reads");
    let i = &view.interactions[0];
    assert_eq!(
        i.provider_states,
        [("orders exist".to_string(), r#"{"n":2}"#.to_string())]
    );
    let request = &i.parts[0];
    assert_eq!(request.summary, "GET /orders?page=1");
    assert_eq!(request.summary_notes, ["path: regex ^/orders$"]);
    let page = request.fields.iter().find(|f| f.name == "page").expect("query");
    assert_eq!(page.notes, ["integer"]);
    let response = &i.parts[1];
    assert_eq!(response.fields[0].notes, ["regex json"]);
    let body = response.body.as_ref().expect("body");
    let note_of = |needle: &str| {
        body.lines
            .iter()
            .find(|l| l.text.contains(needle))
            .map(|l| l.notes.clone())
            .expect("line")
    };
    assert_eq!(note_of("\"orders\""), ["type, at least 1"]);
    assert_eq!(note_of("\"id\""), ["integer", "generated: random integer 1–9"]);
    assert!(note_of("\"next\"").is_empty());
    assert_eq!(body.other_notes, [("$.missing".to_string(), "type".to_string())]);
}

#[test]
fn pretty_printing_keeps_json_shape() {
    let view = PactView::read(V3).expect("reads");
    let body = view.interactions[0].parts[1].body.as_ref().expect("body");
    let text: Vec<String> = body
        .lines
        .iter()
        .map(|l| format!("{}{}", "  ".repeat(l.depth), l.text))
        .collect();
    let reparsed: Value = serde_json::from_str(&text.join("\n")).expect("valid JSON");
    assert_eq!(reparsed["orders"][0]["total"], 9.5);
}

#[test]
fn messages_show_contents_and_metadata() {
    let view = PactView::read(
        r#"{"consumer": {"name": "C"}, "provider": {"name": "P"},
          "messages": [{"description": "an order event", "contents": {"id": 1},
            "metaData": {"topic": "orders"}}],
          "metadata": {"pactSpecification": {"version": "3.0.0"}}}"#,
    )
    .expect("reads");
    let m = &view.interactions[0];
    assert_eq!(m.kind, "Message");
    assert_eq!(m.parts[0].fields[0].value, "orders");
    assert!(m.parts[0].body.as_ref().expect("contents").lines.len() >= 3);
}
