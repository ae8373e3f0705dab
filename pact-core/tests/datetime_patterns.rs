//! Java-style date/time patterns as the `date`, `time` and `timestamp` matchers use them.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use chrono::DateTime;
use pact_core::datetime::{
    DateTimeError, DateTimeKind, DateTimePattern, matches, matches_format, matches_iso_date,
    matches_iso_datetime, matches_iso_time,
};

fn check(cases: &[(&str, &str, bool)]) {
    let mut failures = Vec::new();
    for (pattern, value, expected) in cases {
        if matches_format(pattern, value) != *expected {
            failures.push(format!("{pattern:?} vs {value:?}: expected {expected}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn common_pact_patterns_accept_well_formed_values() {
    check(&[
        ("yyyy-MM-dd", "2023-07-14", true),
        ("HH:mm:ss", "23:59:59", true),
        ("HH:mm", "00:00", true),
        (
            "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
            "2023-07-14T10:15:30.123+02:00",
            true,
        ),
        ("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2023-07-14T10:15:30.123Z", true),
        ("yyyy-MM-dd'T'HH:mm:ssXXX", "2023-07-14T10:15:30-05:30", true),
        ("yyyy-MM-dd'T'HH:mm:ss.SSSZ", "2023-07-14T10:15:30.123+0200", true),
        ("yyyy-MM-dd'T'HH:mm:ss.SSSX", "2023-07-14T10:15:30.123+02", true),
        (
            "EEE, dd MMM yyyy HH:mm:ss z",
            "Fri, 14 Jul 2023 10:15:30 GMT",
            true,
        ),
        (
            "EEE, dd MMM yyyy HH:mm:ss z",
            "Fri, 14 Jul 2023 10:15:30 PST",
            true,
        ),
        ("EEEE, d MMMM yyyy", "Friday, 14 July 2023", true),
        ("dd/MM/yyyy", "01/02/2023", true),
        ("MM/dd/yy", "12/31/99", true),
        ("hh:mm a", "09:05 PM", true),
        ("hh:mm a", "12:00 am", true),
        ("h:mm a", "9:05 AM", true),
        ("yyyy-MM-dd HH:mm:ss.SSSSSS", "2023-07-14 10:15:30.000001", true),
        ("yyyyMMdd", "20230714", true),
        ("yyyyMMddHHmmss", "20230714101530", true),
        ("d.M.yyyy", "4.7.2023", true),
        ("d.M.yyyy", "14.12.2023", true),
        ("yyyy-DDD", "2024-366", true),
        (
            "yyyy-MM-dd'T'HH:mm:ss VV",
            "2023-07-14T10:15:30 Europe/Paris",
            true,
        ),
        ("yyyy-MM-dd zzzz", "2023-07-14 Coordinated Universal Time", true),
        ("yyyy-MM-dd O", "2023-07-14 GMT+2", true),
        ("yyyy-MM-dd['T'HH:mm]", "2023-07-14", true),
        ("yyyy-MM-dd['T'HH:mm]", "2023-07-14T10:15", true),
        ("'Quarter' Q 'of' yyyy", "Quarter 3 of 2023", true),
        ("yyyy-MM-dd G", "2023-07-14 AD", true),
        ("HH 'o''clock'", "10 o'clock", true),
        ("kk:mm", "24:00", true),
        ("KK:mm a", "11:59 PM", true),
    ]);
}

#[test]
fn values_that_are_not_real_dates_or_times_do_not_match() {
    check(&[
        ("yyyy-MM-dd", "2023-02-30", false),
        ("yyyy-MM-dd", "2023-02-29", false),
        ("yyyy-MM-dd", "2024-02-29", true),
        ("yyyy-MM-dd", "1900-02-29", false),
        ("yyyy-MM-dd", "2023-13-01", false),
        ("yyyy-MM-dd", "2023-04-31", false),
        ("yyyy-MM-dd", "2023-00-10", false),
        ("dd/MM", "29/02", true),
        ("HH:mm:ss", "24:00:00", false),
        ("HH:mm:ss", "12:60:00", false),
        ("HH:mm:ss", "12:00:60", false),
        ("hh:mm a", "13:00 PM", false),
        ("hh:mm a", "00:30 AM", false),
        ("yyyy-DDD", "2023-366", false),
        ("EEE, dd MMM yyyy", "Mon, 14 Jul 2023", false),
        ("yyyy-MM-dd'T'HH:mm:ssXXX", "2023-07-14T10:15:30+19:00", false),
        ("yyyy-MM-dd'T'HH:mm:ssXXX", "2023-07-14T10:15:30+02:61", false),
    ]);
}

#[test]
fn values_in_another_shape_do_not_match() {
    check(&[
        ("yyyy-MM-dd", "2023-7-14", false),
        ("yyyy-MM-dd", "23-07-14", false),
        ("yyyy-MM-dd", "2023/07/14", false),
        ("yyyy-MM-dd", "2023-07-14 ", false),
        ("yyyy-MM-dd", " 2023-07-14", false),
        ("yyyy-MM-dd", "", false),
        ("yyyy-MM-dd", "not a date", false),
        ("HH:mm:ss", "10:15", false),
        (
            "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
            "2023-07-14T10:15:30.12+02:00",
            false,
        ),
        (
            "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
            "2023-07-14T10:15:30.123+0200",
            false,
        ),
        ("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2023-07-14 10:15:30.123Z", false),
        ("yyyy-MM-dd'T'HH:mm:ssZ", "2023-07-14T10:15:30Z", false),
        (
            "EEE, dd MMM yyyy HH:mm:ss z",
            "Fri, 14 Jul 2023 10:15:30 XYZ",
            false,
        ),
        ("MMM", "Jux", false),
        ("dd/MM/yyyy", "1/2/2023", false),
    ]);
}

#[test]
fn iso_defaults_apply_when_the_matcher_has_no_format() {
    assert!(matches_iso_date("2023-07-14"));
    assert!(matches_iso_date("2023-07-14+02:00"));
    assert!(!matches_iso_date("2023-07-14T10:00"));
    assert!(!matches_iso_date("2023-02-29"));
    assert!(matches_iso_time("10:15"));
    assert!(matches_iso_time("10:15:30"));
    assert!(matches_iso_time("10:15:30.123456789"));
    assert!(matches_iso_time("10:15:30Z"));
    assert!(!matches_iso_time("10:15:30.1234567890"));
    assert!(!matches_iso_time("25:00"));
    assert!(matches_iso_datetime("2015-06-10T20:41:37"));
    assert!(matches_iso_datetime("2015-06-10T20:41:37.5Z"));
    assert!(matches_iso_datetime("2015-06-10T20:41:37-07:00"));
    assert!(!matches_iso_datetime("2015-06-10T22:98:78"));
    assert!(!matches_iso_datetime("2015-06-10"));
    assert!(matches(DateTimeKind::DateTime, None, "2015-06-10T20:41"));
    assert!(matches(DateTimeKind::DateTime, Some("yyyy"), "2015"));
}

#[test]
fn unreadable_patterns_are_errors_that_say_where() {
    let cases = [
        ("yyyy-MM-ddTHH", 11, "unknown pattern letter 'T'"),
        ("yyyy-MM-dd'T", 11, "unterminated quoted text"),
        ("yyyy[-MM", 5, "'[' without a matching ']'"),
        ("yyyy]", 5, "']' without a matching '['"),
        ("dddd", 1, "'d' cannot be repeated 4 times"),
        ("yyyy#", 5, "'#' is reserved"),
    ];
    for (pattern, position, message) in cases {
        match DateTimePattern::parse(pattern) {
            Err(DateTimeError::InvalidPattern {
                position: p,
                message: m,
                ..
            }) => {
                assert_eq!(p, position, "{pattern}");
                assert!(m.contains(message), "{pattern}: {m}");
            }
            other => panic!("{pattern}: expected an invalid-pattern error, got {other:?}"),
        }
        assert!(!matches_format(pattern, "2023"), "{pattern} matched something");
    }
}

#[test]
fn formatting_writes_what_matching_accepts() {
    let at = DateTime::parse_from_rfc3339("2024-02-29T21:05:09.012345678-03:30").unwrap();
    let cases = [
        ("yyyy-MM-dd", "2024-02-29"),
        ("yy/M/d", "24/2/29"),
        ("EEE, dd MMM yyyy HH:mm:ss Z", "Thu, 29 Feb 2024 21:05:09 -0330"),
        ("EEEE d MMMM", "Thursday 29 February"),
        ("hh:mm a", "09:05 PM"),
        ("h 'o''clock'", "9 o'clock"),
        ("HH:mm:ss.SSS", "21:05:09.012"),
        ("HH:mm:ss.SSSSSS", "21:05:09.012345"),
        ("yyyy-MM-dd'T'HH:mm:ssXXX", "2024-02-29T21:05:09-03:30"),
        ("yyyy-MM-dd'T'HH:mm:ssxx", "2024-02-29T21:05:09-0330"),
        ("D", "60"),
        ("yyyy-MM-dd z", "2024-02-29 GMT-03:30"),
        ("ZZZZ", "GMT-03:30"),
        ("QQQ yyyy", "Q1 2024"),
        ("yyyy-MM-dd['T'HH]", "2024-02-29T21"),
    ];
    for (pattern, expected) in cases {
        let parsed = DateTimePattern::parse(pattern).unwrap();
        let written = parsed.format(&at);
        assert_eq!(written, expected, "{pattern}");
        assert!(
            parsed.matches(&written),
            "{pattern} does not accept its own {written:?}"
        );
    }
    let utc = DateTime::parse_from_rfc3339("2024-01-01T00:00:00Z").unwrap();
    assert_eq!(
        DateTimePattern::parse("XXX z kk").unwrap().format(&utc),
        "Z UTC 24"
    );
}

#[test]
fn a_parsed_pattern_is_reused_across_values() {
    let pattern = DateTimePattern::parse("dd MMM yyyy").unwrap();
    let valid = (1..=28).map(|d| format!("{d:02} Feb 2023"));
    assert!(valid.clone().all(|v| pattern.matches(&v)));
    assert!(!pattern.matches("29 Feb 2023"));
    assert_eq!(pattern.as_str(), "dd MMM yyyy");
}

#[test]
fn any_text_is_answered_without_panicking() {
    let patterns = [
        "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
        "EEE, dd MMM yyyy HH:mm:ss z",
        "yyyy-MM-dd HH:mm:ss VV",
        "d.M.y h:m a O Z x X zzzz",
        "yyyyMMddHHmmssSSS",
        "[yyyy][-MM[-dd]]",
    ];
    let seeds = [
        "2023-07-14T10:15:30.123+02:00",
        "Fri, 14 Jul 2023 10:15:30 Central European Summer Time",
        "2023-07-14 10:15:30 America/Argentina/Buenos_Aires",
        "4.7.2023 9:5 PM GMT+2 +0100 +01 Z Coordinated Universal Time",
    ];
    let replacements = ['é', '€', '9', '+', ':', ' ', '/', 'Z', '\u{1F600}', 'G'];
    for pattern in patterns {
        let parsed = DateTimePattern::parse(pattern).unwrap();
        for seed in seeds {
            let chars: Vec<char> = seed.chars().collect();
            for cut in 0..=chars.len() {
                let truncated: String = chars[..cut].iter().collect();
                let _ = parsed.matches(&truncated);
                for r in replacements {
                    let mut mutated = chars.clone();
                    if cut < mutated.len() {
                        mutated[cut] = r;
                    }
                    let _ = parsed.matches(&mutated.into_iter().collect::<String>());
                }
            }
        }
    }
    // And patterns built from arbitrary text are either read or refused.
    for seed in seeds {
        let _ = DateTimePattern::parse(seed).map(|p| p.matches(seed));
    }
}
