//! Hostile pacts: real pacts with random parts replaced by what an attacker (or a broken writer)
//! would put there, huge generator sizes, digit counts and `min`s, regexes that blow up, deep
//! bodies, wrong types. Each is read, and what is read is generated, matched against itself and
//! written in every version: never a panic, and nothing generated beyond the limits. Random path
//! expressions and regexes go through their parsers and the regex generator the same way.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use pact_core::format::{read_pact_value, write_pact};
use pact_core::generators::{
    generate_message, generate_request_at, generate_response_at, random_string_matching_within,
};
use pact_core::limits::Limits;
use pact_core::matching::{match_message, match_request, match_response};
use pact_core::rules::Pattern;
use pact_core::{DocPath, Generator, GeneratorContext, GeneratorMode, Interaction, Pact, SpecVersion};
use proptest::prelude::*;
use serde_json::{Value, json};

/// Cases per property (kept small enough that the whole suite stays well under 60 s in debug).
const CASES: u32 = 256;

const SEEDS: [&str; 3] = [
    include_str!("fixtures/v2-http.json"),
    include_str!("fixtures/v3-http-and-messages.json"),
    include_str!("fixtures/v4-all-kinds.json"),
];

/// Limits for generation in these tests: small, so a case stays fast, and checked exactly.
fn test_limits() -> Limits {
    Limits::default()
        .with_max_generated_length(16 * 1024)
        .with_max_generated_total(64 * 1024)
}

fn nested(depth: usize) -> Value {
    (0..depth).fold(json!(1), |inner, _| json!([inner]))
}

/// What a hostile pact puts in place of a value.
fn hostile_value() -> impl Strategy<Value = Value> {
    let huge = prop_oneof![
        Just(json!(10_000_000_000u64)),
        Just(json!(u64::MAX)),
        Just(json!(i64::MIN)),
        Just(json!(-1)),
        Just(json!(1.0e300)),
        Just(json!(1_048_576)),
        Just(json!(1_048_577)),
        (0u64..5000).prop_map(|n| json!(n)),
    ];
    let regex = prop::sample::select(
        &[
            "a{100000}{100000}",
            "[a-z]{1000}{1000}{1000}",
            "(((a*)*)*)*",
            "(){4294967295}",
            "\\w{5000}",
            "\\d{1000000000}",
            "(?:x{1,65535}){1,65535}",
            "[",
            "(?<name>a)\\k<name>",
            "^\\d+$",
        ][..],
    )
    .prop_map(|r| json!(r));
    let generator = (
        prop::sample::select(
            &[
                "RandomString",
                "RandomHexadecimal",
                "RandomDecimal",
                "RandomInt",
                "Regex",
                "Date",
                "MockServerURL",
                "ProviderState",
            ][..],
        ),
        huge.clone(),
        regex.clone(),
    )
        .prop_map(|(kind, number, regex)| {
            json!({"type": kind, "size": number, "digits": number, "min": number, "max": number,
                   "regex": regex, "format": "yyyy", "expression": "${id}", "example": "http://x/a"})
        });
    let matcher = (
        prop::sample::select(&["type", "regex", "eachKey", "eachValue", "arrayContains", "min"][..]),
        huge.clone(),
        regex.clone(),
    )
        .prop_map(|(kind, number, regex)| {
            json!({"match": kind, "min": number, "regex": regex,
                   "rules": [{"match": "regex", "regex": regex}],
                   "variants": [{"index": 0, "rules": {"$": {"matchers": [{"match": "type", "min": number}]}}}]})
        });
    prop_oneof![
        huge,
        regex,
        generator,
        matcher,
        (90usize..140).prop_map(nested),
        Just(json!("[[[[[[[[[[")),
        Just(json!("\u{0}\u{feff}")),
        Just(Value::Null),
        Just(json!({})),
        Just(json!([])),
    ]
}

/// Where a mutation lands: every JSON pointer of the document.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                pointers(child, format!("{at}/{escaped}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// Keys a mutation may add to an object, so generators and rules appear where they are read.
const KEYS: &[&str] = &[
    "generators",
    "matchingRules",
    "body",
    "$.name",
    "$.items[*].id",
    "size",
    "min",
    "regex",
    "contents",
];

/// A seed pact with up to six mutations: a value replaced, or a key added to an object.
fn hostile_pact() -> impl Strategy<Value = Value> {
    let mutation = (
        any::<prop::sample::Index>(),
        prop::option::of(prop::sample::select(KEYS)),
        hostile_value(),
    );
    (
        prop::sample::select(&SEEDS[..]),
        prop::collection::vec(mutation, 1..6),
    )
        .prop_map(|(seed, mutations)| {
            let mut doc: Value = serde_json::from_str(seed).unwrap();
            for (index, key, value) in mutations {
                let mut all = Vec::new();
                pointers(&doc, String::new(), &mut all);
                let at = &all[index.index(all.len())];
                let Some(target) = doc.pointer_mut(at) else {
                    continue;
                };
                match (key, target) {
                    (Some(key), Value::Object(map)) => {
                        map.insert(key.to_string(), value);
                    }
                    (_, target) => *target = value,
                }
            }
            doc
        })
}

fn body_len(body: &pact_core::Body) -> usize {
    body.as_bytes().len()
}

/// Generates, matches and writes everything `pact` holds, checking the generated sizes.
fn exercise(pact: &Pact) -> Result<(), TestCaseError> {
    let limits = test_limits();
    let context = GeneratorContext::for_mock_server("http://127.0.0.1:1").with_limits(limits);
    // What generation may add to a body: the total, one generator's overshoot, JSON escaping.
    let bound = |original: usize| original + 6 * (limits.max_generated_total + limits.max_generated_length);
    let now = pact_core::datetime::now();
    for interaction in &pact.interactions {
        match interaction {
            Interaction::Http(http) => {
                let response =
                    generate_response_at(&http.response, GeneratorMode::Consumer, &context, now).value;
                prop_assert!(body_len(&response.body) <= bound(body_len(&http.response.body)));
                let request =
                    generate_request_at(&http.request, GeneratorMode::Provider, &context, now).value;
                prop_assert!(body_len(&request.body) <= bound(body_len(&http.request.body)));
                let _ = match_request(&http.request, &request);
                let _ = match_response(&http.response, &response);
            }
            Interaction::AsyncMessage(message) => {
                let generated = generate_message(&message.message, GeneratorMode::Consumer, &context);
                prop_assert!(body_len(&generated.contents) <= bound(body_len(&message.message.contents)));
                let _ = match_message(&message.message, &generated);
            }
            Interaction::SyncMessage(sync) => {
                let generated = generate_message(&sync.request, GeneratorMode::Provider, &context);
                let _ = match_message(&sync.request, &generated);
            }
            _ => {}
        }
    }
    for version in [SpecVersion::V2, SpecVersion::V3, SpecVersion::V4] {
        let _ = write_pact(pact, version);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn hostile_pacts_are_read_or_refused_and_what_is_read_is_safe_to_use(doc in hostile_pact()) {
        if let Ok(pact) = read_pact_value(&doc) {
            exercise(&pact)?;
        }
    }

    #[test]
    fn generators_built_by_code_never_go_beyond_the_limits(
        kind in 0u8..4,
        size in prop_oneof![0usize..40_000, Just(usize::MAX), Just(10_000_000_000usize)],
        repeat in 0u32..100_000,
    ) {
        let limits = test_limits();
        let generator = match kind {
            0 => Generator::RandomString { size },
            1 => Generator::RandomHexadecimal { digits: size },
            2 => Generator::RandomDecimal { digits: size },
            _ => Generator::Regex { regex: format!("[a-z]{{{repeat}}}") },
        };
        let context = GeneratorContext::default().with_limits(limits);
        if let Ok(Some(value)) = generator.generate(&json!("x"), GeneratorMode::Consumer, &context) {
            let text = match value { Value::String(text) => text, other => other.to_string() };
            prop_assert!(text.len() <= limits.max_generated_length, "{} characters", text.len());
        }
    }

    #[test]
    fn random_path_expressions_are_parsed_or_refused(text in "[$.\\[\\]*'\"\\\\a-c0-9_ -]{0,24}") {
        // Never a panic. (Whether what is read is written back readably is the business of the
        // path-expression work: `_]` is read today and written as `$['_]']`, which is not.)
        if let Ok(path) = DocPath::parse(&text) {
            let _ = DocPath::parse(&path.to_string());
        }
    }

    #[test]
    fn random_regexes_are_parsed_matched_and_generated_within_bounds(
        source in "[a-c.*+?|()\\[\\]{}^$0-9,\\\\dws-]{0,24}",
        text in "[a-c0-9 ]{0,16}",
    ) {
        if let Ok(pattern) = Pattern::new(&source) {
            let _ = pattern.is_match(&text);
            let _ = pattern.is_full_match(&text);
        }
        if let Ok(generated) = random_string_matching_within(&source, 4096) {
            prop_assert!(generated.len() <= 4096, "{source:?} generated {} bytes", generated.len());
        }
    }
}

#[test]
fn an_interaction_nested_beyond_the_limit_is_unusable_naming_the_body() {
    let mut doc: Value = serde_json::from_str(SEEDS[2]).unwrap();
    let interaction = doc["interactions"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|i| i["type"] == "Synchronous/HTTP")
        .unwrap();
    interaction["response"]["body"] = json!({"contentType": "application/json", "content": nested(101)});
    // The pact loads; that interaction alone is unusable, naming the body and the limit.
    let pact = read_pact_value(&doc).unwrap();
    let unusable: Vec<_> = pact.interactions.iter().filter(|i| !i.is_usable()).collect();
    assert_eq!(unusable.len(), 1);
    let problem = &unusable[0].problems()[0];
    assert!(problem.path.ends_with(".response.body"), "{problem:?}");
    assert!(
        problem
            .reason
            .contains("nesting depth 101 is above the limit of 100 (max_body_depth)"),
        "{problem:?}"
    );
}

/// A regex that several interactions repeat is checked against the size limit once per pact, but a
/// regex over the limit makes every interaction using it unusable, not only the first.
#[test]
fn a_repeated_regex_over_the_size_limit_makes_each_interaction_using_it_unusable() {
    use pact_core::format::{ReadOptions, read_pact_value_with};

    let interaction = |n: usize, regex: &str| {
        json!({
            "description": format!("interaction {n}"),
            "request": {"method": "GET", "path": format!("/{n}")},
            "response": {"status": 200, "body": {"code": "abc"},
                         "matchingRules": {"body": {"$.code": {"matchers": [{"match": "regex", "regex": regex}]}}}}
        })
    };
    let big = "[a-z]{1,2000}";
    let small = "^[a-z]+$";
    let doc = json!({
        "consumer": {"name": "c"}, "provider": {"name": "p"},
        "interactions": [interaction(0, big), interaction(1, small), interaction(2, big), interaction(3, small)],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    });
    let options = ReadOptions::default().with_limits(Limits::default().with_max_regex_size(50_000));
    let pact = read_pact_value_with(&doc, &options).unwrap();
    let usable: Vec<bool> = pact.interactions.iter().map(Interaction::is_usable).collect();
    assert_eq!(usable, vec![false, true, false, true]);
    assert!(
        pact.interactions[2].problems()[0]
            .path
            .ends_with("['$.code'].matchers[0].regex"),
        "{:?}",
        pact.interactions[2].problems()
    );
}
