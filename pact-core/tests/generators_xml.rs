//! Generators inside XML bodies: date, regex and random-string generators on `['#text']` and
//! `['@attribute']` paths, with namespaced elements and empty examples as pact-php V4 writes them.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use pact_core::generators::{generate_request, generate_response};
use pact_core::matching::{match_request, match_response};
use pact_core::{GeneratorContext, GeneratorMode, Pact};
use regex::Regex;
use serde_json::json;

/// One interaction whose request and response bodies are namespaced XML with empty examples
/// under generators and rules at prefixed paths.
fn countries_pact() -> Pact {
    let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<aka:countries xmlns:aka=\"http://example.com/aka\">\
               <aka:argentina aka:code=\"\" founded=\"\"></aka:argentina><aka:chile/></aka:countries>";
    let rules = json!({
        "$['aka:countries']['aka:argentina']['#text']": {"combine": "AND", "matchers": [{"match": "regex", "regex": "^[A-Z][a-z]{4} [A-Z]{2}$"}]},
        "$['aka:countries']['aka:argentina']['@aka:code']": {"combine": "AND", "matchers": [{"match": "regex", "regex": "^[A-Za-z0-9]{3}$"}]},
        "$['aka:countries']['aka:argentina']['@founded']": {"combine": "AND", "matchers": [{"match": "date", "format": "yyyy-MM-dd"}]},
        "$['aka:countries']['aka:chile']['#text']": {"combine": "AND", "matchers": [{"match": "type"}]}
    });
    let generators = json!({
        "$['aka:countries']['aka:argentina']['#text']": {"type": "Regex", "regex": "[A-Z][a-z]{4} [A-Z]{2}"},
        "$['aka:countries']['aka:argentina']['@aka:code']": {"type": "RandomString", "size": 3},
        "$['aka:countries']['aka:argentina']['@founded']": {"type": "Date", "format": "yyyy-MM-dd"},
        "$['aka:countries']['aka:chile']['#text']": {"type": "RandomString", "size": 8}
    });
    let body = json!({"contentType": "application/xml", "encoded": false, "content": xml});
    Pact::from_json_str(
        &json!({
            "consumer": {"name": "XmlWeb"}, "provider": {"name": "XmlService"},
            "interactions": [{
                "type": "Synchronous/HTTP", "description": "countries as XML",
                "request": {"method": "POST", "path": "/countries", "headers": {"Content-Type": ["application/xml"]},
                    "body": body, "matchingRules": {"body": rules}, "generators": {"body": generators}},
                "response": {"status": 200, "headers": {"Content-Type": ["application/xml"]},
                    "body": body, "matchingRules": {"body": rules}, "generators": {"body": generators}}
            }],
            "metadata": {"pactSpecification": {"version": "4.0"}}
        })
        .to_string(),
    )
    .unwrap()
}

/// The generated values: argentina's text, its two attributes, chile's text.
fn generated_values(xml: &str) -> (String, String, String, String) {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
    let argentina = doc
        .descendants()
        .find(|n| n.tag_name().name() == "argentina")
        .unwrap();
    let chile = doc
        .descendants()
        .find(|n| n.tag_name().name() == "chile")
        .unwrap();
    let code = argentina
        .attributes()
        .find(|a| a.name() == "code")
        .unwrap()
        .value()
        .to_string();
    (
        argentina.text().unwrap_or("").to_string(),
        code,
        argentina.attribute("founded").unwrap().to_string(),
        chile.text().unwrap_or("").to_string(),
    )
}

fn assert_generated(xml: &str) {
    let (text, code, founded, chile) = generated_values(xml);
    assert!(
        Regex::new("^[A-Z][a-z]{4} [A-Z]{2}$").unwrap().is_match(&text),
        "{text:?} in {xml}"
    );
    assert_eq!(code.chars().count(), 3, "{xml}");
    assert!(
        Regex::new(r"^\d{4}-\d{2}-\d{2}$").unwrap().is_match(&founded),
        "{founded:?} in {xml}"
    );
    assert_eq!(chile.chars().count(), 8, "{xml}");
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<aka:countries"),
        "{xml}"
    );
}

#[test]
fn the_mock_server_response_gets_values_in_element_text_and_attributes() {
    let pact = countries_pact();
    let http = pact.interactions[0].as_http().unwrap();
    let generated = generate_response(
        &http.response,
        GeneratorMode::Consumer,
        &GeneratorContext::default(),
    );
    assert_generated(&generated.body.as_text());
    assert_eq!(match_response(&http.response, &generated), vec![]);
}

#[test]
fn the_verifier_request_gets_values_in_element_text_and_attributes() {
    let pact = countries_pact();
    let http = pact.interactions[0].as_http().unwrap();
    let generated = generate_request(
        &http.request,
        GeneratorMode::Provider,
        &GeneratorContext::default(),
    );
    assert_generated(&generated.body.as_text());
    assert_eq!(match_request(&http.request, &generated), vec![]);
}

#[test]
fn rules_at_prefixed_paths_apply_so_the_empty_examples_fail_them() {
    let pact = countries_pact();
    let http = pact.interactions[0].as_http().unwrap();
    let mismatches = match_response(&http.response, &http.response.clone());
    let paths: Vec<String> = mismatches.iter().map(|m| m.location()).collect();
    assert_eq!(mismatches.len(), 3, "{paths:?}");
    assert!(paths.iter().any(|p| p.contains("['@code']")), "{paths:?}");
}
