//! What each generator kind produces.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use chrono::{DateTime, Duration, FixedOffset, Local};
use pact_core::datetime::matches_format;
use pact_core::generators::{GeneratorError, UuidFormat, random_string_matching};
use pact_core::{Generator, GeneratorContext, GeneratorMode};
use regex::Regex;
use serde_json::{Value, json};

const DRAWS: usize = 500;

fn consumer(generator: &Generator, current: Value) -> Value {
    generator
        .generate(&current, GeneratorMode::Consumer, &GeneratorContext::default())
        .unwrap()
        .unwrap()
}

fn text(generator: &Generator) -> String {
    consumer(generator, json!("example"))
        .as_str()
        .unwrap()
        .to_string()
}

fn fixed_now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2000-01-31T10:00:00+01:00").unwrap()
}

#[test]
fn random_int_stays_within_its_bounds_and_reaches_both() {
    let generator = Generator::RandomInt { min: -3, max: 3 };
    let draws: Vec<i64> = (0..DRAWS)
        .map(|_| consumer(&generator, json!(0)).as_i64().unwrap())
        .collect();
    assert!(draws.iter().all(|n| (-3..=3).contains(n)), "{draws:?}");
    assert!(
        draws.contains(&-3) && draws.contains(&3),
        "bounds never drawn in {DRAWS} draws"
    );
    let single = Generator::RandomInt { min: 7, max: 7 };
    assert_eq!(consumer(&single, json!(0)), json!(7));
    let inverted = Generator::RandomInt { min: 5, max: 1 };
    let err = inverted.generate(&json!(0), GeneratorMode::Consumer, &GeneratorContext::default());
    assert_eq!(err, Err(GeneratorError::InvalidRange { min: 5, max: 1 }));
}

#[test]
fn random_decimal_has_the_requested_digits_and_a_decimal_point() {
    for digits in [2, 5, 10] {
        let generator = Generator::RandomDecimal { digits };
        for _ in 0..50 {
            let value = consumer(&generator, json!(1.5));
            assert!(value.is_number(), "{value}");
            let written = value.to_string();
            let digit_count = written.chars().filter(char::is_ascii_digit).count();
            assert_eq!(digit_count, digits, "{written}");
            assert!(written.contains('.'), "{written}");
        }
    }
    let as_text = consumer(&Generator::RandomDecimal { digits: 6 }, json!("1.5"));
    assert!(
        Regex::new(r"^[1-9]\d*\.\d+$")
            .unwrap()
            .is_match(as_text.as_str().unwrap()),
        "{as_text}"
    );
    let one = consumer(&Generator::RandomDecimal { digits: 1 }, json!(1));
    let one = one.as_f64().unwrap();
    assert!((0.0..=9.0).contains(&one) && one.fract() == 0.0, "{one}");
}

#[test]
fn random_hexadecimal_string_and_boolean_have_their_shapes() {
    let hex = Regex::new("^[0-9a-f]{12}$").unwrap();
    let alnum = Regex::new("^[A-Za-z0-9]{20}$").unwrap();
    for _ in 0..50 {
        assert!(hex.is_match(&text(&Generator::RandomHexadecimal { digits: 12 })));
        assert!(alnum.is_match(&text(&Generator::RandomString { size: 20 })));
    }
    let booleans: Vec<bool> = (0..200)
        .map(|_| {
            consumer(&Generator::RandomBoolean, json!(true))
                .as_bool()
                .unwrap()
        })
        .collect();
    assert!(booleans.contains(&true) && booleans.contains(&false));
}

#[test]
fn uuids_come_in_four_formats() {
    let cases = [
        (UuidFormat::Simple, "^[0-9a-f]{32}$"),
        (
            UuidFormat::LowerCaseHyphenated,
            "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
        ),
        (
            UuidFormat::UpperCaseHyphenated,
            "^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$",
        ),
        (
            UuidFormat::Urn,
            "^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
        ),
    ];
    for (format, shape) in cases {
        let shape = Regex::new(shape).unwrap();
        let first = text(&Generator::Uuid { format });
        let second = text(&Generator::Uuid { format });
        assert!(shape.is_match(&first), "{format:?}: {first}");
        assert_ne!(first, second);
    }
}

#[test]
fn regex_generator_output_matches_its_regex() {
    let regexes = [
        r"^\d{3}-\d{4}$",
        r"[A-Z]{2}\d{2}[A-Z0-9]{4}",
        r"^(red|green|blue)$",
        r"\w+@\w+\.com",
        r"^[a-f0-9]{8}(-[a-f0-9]{4}){3}-[a-f0-9]{12}$",
        r"^\S+ \S+$",
        r"^.{5}$",
    ];
    for source in regexes {
        let regex = Regex::new(&format!("^(?:{source})$")).unwrap();
        for _ in 0..50 {
            let value = text(&Generator::Regex { regex: source.into() });
            assert!(regex.is_match(&value), "{source} produced {value:?}");
        }
    }
    let digits = random_string_matching(r"\d{6}").unwrap();
    assert!(digits.bytes().all(|b| b.is_ascii_digit()), "{digits}");
    let err = random_string_matching("(").unwrap_err();
    assert!(
        err.to_string().starts_with("cannot generate from the regex '('"),
        "{err}"
    );
}

#[test]
fn dates_follow_their_format_and_expression() {
    let context = GeneratorContext::default();
    let at = |generator: Generator| {
        generator
            .generate_at(&json!(""), GeneratorMode::Consumer, &context, fixed_now())
            .unwrap()
            .unwrap()
    };
    let date = Generator::Date {
        format: None,
        expression: Some("+1 day".into()),
    };
    assert_eq!(at(date), json!("2000-02-01"));
    let time = Generator::Time {
        format: Some("hh:mm a".into()),
        expression: Some("@ + 4 hours".into()),
    };
    assert_eq!(at(time), json!("02:00 PM"));
    let datetime = Generator::DateTime {
        format: None,
        expression: Some("+1 month @ midnight".into()),
    };
    assert_eq!(at(datetime), json!("2000-02-29T00:00:00.000+01:00"));
    let plain = Generator::DateTime {
        format: Some("EEE, dd MMM yyyy HH:mm:ss Z".into()),
        expression: None,
    };
    assert_eq!(at(plain), json!("Mon, 31 Jan 2000 10:00:00 +0100"));
    let default_time = Generator::Time {
        format: None,
        expression: None,
    };
    assert_eq!(at(default_time), json!("10:00:00"));
}

#[test]
fn a_date_one_day_ahead_is_tomorrow_by_the_local_clock() {
    let generator = Generator::Date {
        format: Some("yyyy-MM-dd".into()),
        expression: Some("+1 day".into()),
    };
    let before = (Local::now() + Duration::days(1)).format("%Y-%m-%d").to_string();
    let generated = text(&generator);
    let after = (Local::now() + Duration::days(1)).format("%Y-%m-%d").to_string();
    // `before` and `after` differ only when the test runs across midnight.
    assert!(
        generated == before || generated == after,
        "{generated} is neither {before} nor {after}"
    );
}

#[test]
fn generated_dates_satisfy_the_matching_format() {
    let formats = [
        "yyyy-MM-dd",
        "dd/MM/yyyy",
        "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
        "EEE, dd MMM yyyy HH:mm:ss z",
        "hh:mm a",
        "yyyy-MM-dd HH:mm:ss.SSSSSS",
    ];
    for format in formats {
        let generator = Generator::DateTime {
            format: Some(format.into()),
            expression: Some("next year".into()),
        };
        let value = text(&generator);
        assert!(matches_format(format, &value), "{format}: {value}");
    }
}

#[test]
fn bad_formats_and_expressions_are_reported() {
    let context = GeneratorContext::default();
    let bad_expression = Generator::Date {
        format: None,
        expression: Some("+1 dya".into()),
    };
    let err = bad_expression
        .generate(&json!(""), GeneratorMode::Consumer, &context)
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("invalid date expression '+1 dya' at position 4: expected a unit"),
        "{err}"
    );
    let bad_format = Generator::Date {
        format: Some("yyyy-MM-ddTHH".into()),
        expression: None,
    };
    let err = bad_format
        .generate(&json!(""), GeneratorMode::Consumer, &context)
        .unwrap_err();
    assert!(err.to_string().contains("unknown pattern letter 'T'"), "{err}");
    let unknown = Generator::Unknown(json!({"type": "Plugin", "x": 1}));
    let err = unknown
        .generate(&json!(""), GeneratorMode::Consumer, &context)
        .unwrap_err();
    assert_eq!(err, GeneratorError::Unknown("Plugin".into()));
}
