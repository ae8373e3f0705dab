//! Date expressions of the Date/Time/DateTime generators, against a fixed base date-time.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use chrono::{DateTime, FixedOffset};
use pact_core::datetime::{DateExpression, DateTimeError, evaluate_expression, format_at};

fn base() -> DateTime<FixedOffset> {
    // A Saturday.
    DateTime::parse_from_rfc3339("2000-01-01T10:00:00Z").unwrap()
}

fn at(expression: &str) -> String {
    match evaluate_expression(expression, base()) {
        Ok(at) => at.format("%Y-%m-%dT%H:%M:%S%.3f").to_string(),
        Err(err) => panic!("{expression:?}: {err}"),
    }
}

#[test]
fn date_expressions_move_the_base_date() {
    let cases = [
        ("", "2000-01-01T10:00:00.000"),
        ("now", "2000-01-01T10:00:00.000"),
        ("today", "2000-01-01T10:00:00.000"),
        ("yesterday", "1999-12-31T10:00:00.000"),
        ("tomorrow", "2000-01-02T10:00:00.000"),
        ("+ 1 day", "2000-01-02T10:00:00.000"),
        ("+1 day", "2000-01-02T10:00:00.000"),
        ("+ 1 week", "2000-01-08T10:00:00.000"),
        ("- 2 weeks", "1999-12-18T10:00:00.000"),
        ("+ 4 years", "2004-01-01T10:00:00.000"),
        ("tomorrow+ 4 years", "2004-01-02T10:00:00.000"),
        ("next week", "2000-01-08T10:00:00.000"),
        ("last month", "1999-12-01T10:00:00.000"),
        ("+ 3 months", "2000-04-01T10:00:00.000"),
        ("next fortnight", "2000-01-15T10:00:00.000"),
        ("next monday", "2000-01-03T10:00:00.000"),
        ("next saturday", "2000-01-08T10:00:00.000"),
        ("last wednesday", "1999-12-29T10:00:00.000"),
        ("next mon", "2000-01-03T10:00:00.000"),
        ("last december", "1999-12-01T10:00:00.000"),
        ("next jan", "2001-01-01T10:00:00.000"),
        ("next june + 2 weeks", "2000-06-15T10:00:00.000"),
        ("last mon + 2 weeks", "2000-01-10T10:00:00.000"),
        ("+ 1 day - 2 weeks", "1999-12-19T10:00:00.000"),
        ("last december + 2 weeks + 4 days", "1999-12-19T10:00:00.000"),
        ("last year", "1999-01-01T10:00:00.000"),
        ("NEXT Monday", "2000-01-03T10:00:00.000"),
    ];
    for (expression, expected) in cases {
        assert_eq!(at(expression), expected, "{expression:?}");
    }
}

#[test]
fn time_expressions_set_or_move_the_time_of_day() {
    let cases = [
        ("@ now", "2000-01-01T10:00:00.000"),
        ("@ midnight", "2000-01-01T00:00:00.000"),
        ("@ noon", "2000-01-01T12:00:00.000"),
        ("@ 2 o'clock", "2000-01-01T02:00:00.000"),
        ("@ 10 o'clock", "2000-01-01T10:00:00.000"),
        ("@ 12 o'clock am", "2000-01-01T00:00:00.000"),
        ("@ 1 o'clock pm", "2000-01-01T13:00:00.000"),
        ("@ 2 pm", "2000-01-01T14:00:00.000"),
        ("@ 10:30", "2000-01-01T10:30:00.000"),
        ("@ 10:30:15", "2000-01-01T10:30:15.000"),
        ("@ + 1 hour", "2000-01-01T11:00:00.000"),
        ("+1 hour", "2000-01-01T11:00:00.000"),
        ("@ - 2 minutes", "2000-01-01T09:58:00.000"),
        ("@ + 4 seconds", "2000-01-01T10:00:04.000"),
        ("@ + 4 milliseconds", "2000-01-01T10:00:00.004"),
        ("@ midnight+ 4 minutes", "2000-01-01T00:04:00.000"),
        ("@ next hour", "2000-01-01T11:00:00.000"),
        ("@ last minute", "2000-01-01T09:59:00.000"),
        ("@ now + 2 hours - 4 minutes", "2000-01-01T11:56:00.000"),
        ("@  + 2 hours - 4 minutes", "2000-01-01T11:56:00.000"),
        ("midnight", "2000-01-01T00:00:00.000"),
    ];
    for (expression, expected) in cases {
        assert_eq!(at(expression), expected, "{expression:?}");
    }
}

#[test]
fn date_and_time_combine_around_the_at_sign() {
    let cases = [
        ("today @ 1 o'clock pm", "2000-01-01T13:00:00.000"),
        ("yesterday @ midnight", "1999-12-31T00:00:00.000"),
        ("yesterday @ midnight - 1 hour", "1999-12-30T23:00:00.000"),
        ("tomorrow @ now", "2000-01-02T10:00:00.000"),
        ("tomorrow @ 10:00", "2000-01-02T10:00:00.000"),
        ("+ 1 day @ noon", "2000-01-02T12:00:00.000"),
        ("+1 day @ +2 hours", "2000-01-02T12:00:00.000"),
        ("+ 1 week @ +1 hour", "2000-01-08T11:00:00.000"),
        ("+ 4 years @ midnight", "2004-01-01T00:00:00.000"),
        ("- 2 weeks @ now + 1 hour", "1999-12-18T11:00:00.000"),
        ("+1 day @ + 20 hours", "2000-01-03T06:00:00.000"),
    ];
    for (expression, expected) in cases {
        assert_eq!(at(expression), expected, "{expression:?}");
    }
}

#[test]
fn months_clamp_to_their_last_day() {
    let end_of_january = DateTime::parse_from_rfc3339("2001-01-31T08:00:00+01:00").unwrap();
    let moved = evaluate_expression("+1 month", end_of_january).unwrap();
    assert_eq!(moved.to_rfc3339(), "2001-02-28T08:00:00+01:00");
    let leap = DateTime::parse_from_rfc3339("2000-02-29T08:00:00Z").unwrap();
    assert_eq!(
        evaluate_expression("+1 year", leap).unwrap().to_rfc3339(),
        "2001-02-28T08:00:00+00:00"
    );
}

#[test]
fn the_offset_of_the_base_is_kept() {
    let base = DateTime::parse_from_rfc3339("2000-01-01T23:30:00-05:00").unwrap();
    let written = format_at("yyyy-MM-dd'T'HH:mm:ssXXX", base, Some("+ 1 hour")).unwrap();
    assert_eq!(written, "2000-01-02T00:30:00-05:00");
}

#[test]
fn bad_expressions_are_errors_that_say_where_and_what_was_expected() {
    let cases = [
        (
            "+1 dya",
            4,
            "expected a unit (millisecond, second, minute, hour, day, week, fortnight, month, year), found 'dya'",
        ),
        ("+ day", 3, "expected a number"),
        ("+ 1", 4, "expected a unit"),
        (
            "next",
            5,
            "expected a unit, a day of the week or a month after 'next'",
        ),
        ("next blursday", 6, "found 'blursday'"),
        ("someday", 1, "unexpected 'someday'"),
        ("tomorrow @ noon @ 1 pm", 17, "'@' may appear only once"),
        ("@ 13 pm", 3, "with am/pm the hour must be 1 to 12"),
        ("@ 25 o'clock", 3, "the hour must be 0 to 23"),
        ("@ 10", 3, "expected o'clock, am or pm after the hour"),
        ("@ 25:00", 3, "not a valid time of day"),
        ("+1 day; drop", 7, "unexpected ';'"),
    ];
    for (expression, position, message) in cases {
        match DateExpression::parse(expression) {
            Err(DateTimeError::InvalidExpression {
                position: p,
                message: m,
                expression: e,
            }) => {
                assert_eq!(e, expression);
                assert_eq!(p, position, "{expression:?}: {m}");
                assert!(m.contains(message), "{expression:?}: {m}");
            }
            other => panic!("{expression:?}: expected an error, got {other:?}"),
        }
    }
}

#[test]
fn moving_past_the_representable_range_is_an_error_not_a_panic() {
    let err = evaluate_expression("+ 999999999999 years", base()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "date expression '+ 999999999999 years' leads outside the supported range of dates"
    );
    assert!(evaluate_expression("- 99999999999999999999 days", base()).is_err());
}

#[test]
fn a_parsed_expression_applies_to_any_base() {
    let expression = DateExpression::parse("next monday @ 9 am").unwrap();
    let monday = DateTime::parse_from_rfc3339("2024-03-04T15:00:00Z").unwrap();
    assert_eq!(
        expression.apply(monday).unwrap().to_rfc3339(),
        "2024-03-11T09:00:00+00:00"
    );
    assert_eq!(
        expression.apply(base()).unwrap().to_rfc3339(),
        "2000-01-03T09:00:00+00:00"
    );
    assert_eq!(expression.as_str(), "next monday @ 9 am");
}

#[test]
fn any_expression_text_is_answered_without_panicking() {
    let seeds = [
        "last december + 2 weeks @ 12 o'clock pm - 30 minutes",
        "+ 99999999999 ms @ 23:59:59 am",
    ];
    let replacements = ['é', '9', '+', '-', '@', ':', ' ', '\'', '\u{1F600}'];
    for seed in seeds {
        let chars: Vec<char> = seed.chars().collect();
        for i in 0..=chars.len() {
            let _ = evaluate_expression(&chars[..i].iter().collect::<String>(), base());
            for r in replacements {
                let mut mutated = chars.clone();
                if i < mutated.len() {
                    mutated[i] = r;
                }
                let _ = evaluate_expression(&mutated.into_iter().collect::<String>(), base());
            }
        }
    }
}
