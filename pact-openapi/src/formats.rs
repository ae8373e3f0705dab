//! The `format`s of OpenAPI and JSON Schema that the check knows. Unknown formats (and
//! `password`, `binary`) accept anything, as JSON Schema asks.

use base64::Engine as _;
use pact_core::datetime::{DateTimeKind, IsoOffset, matches_iso};
use serde_json::Value;

/// Whether `value` has `format`; formats that do not apply to this kind of value accept it.
pub(crate) fn satisfies(format: &str, value: &Value) -> bool {
    match value {
        Value::String(text) => string_has_format(format, text),
        Value::Number(number) => match format {
            "int32" => integral(number).is_some_and(|n| i32::try_from(n).is_ok()),
            "int64" => integral(number).is_some_and(|n| i64::try_from(n).is_ok()),
            _ => true,
        },
        _ => true,
    }
}

/// The value of an integral number (`3` or `3.0`), if it is one.
pub(crate) fn integral(number: &serde_json::Number) -> Option<i128> {
    if let Some(n) = number.as_i64() {
        return Some(i128::from(n));
    }
    if let Some(n) = number.as_u64() {
        return Some(i128::from(n));
    }
    let f = number.as_f64()?;
    (f.fract() == 0.0 && f.abs() < 1e38).then_some(f as i128)
}

fn string_has_format(format: &str, text: &str) -> bool {
    match format {
        // One ISO 8601 validator for the whole workspace (pact-core's, calendar-correct).
        "date" => matches_iso(DateTimeKind::Date, IsoOffset::Forbidden, text),
        "date-time" => matches_iso(DateTimeKind::DateTime, IsoOffset::Required, text),
        "time" => matches_iso(DateTimeKind::Time, IsoOffset::Optional, text),
        "uuid" => text.len() == 36 && uuid::Uuid::try_parse(text).is_ok(),
        "email" | "idn-email" => is_email(text),
        "ipv4" => text.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv6" => text.parse::<std::net::Ipv6Addr>().is_ok(),
        "hostname" | "idn-hostname" => is_hostname(text),
        "uri" | "iri" | "url" => is_uri(text),
        "uri-reference" | "iri-reference" => !text.chars().any(char::is_whitespace),
        "byte" => base64::engine::general_purpose::STANDARD.decode(text).is_ok(),
        _ => true,
    }
}

fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !local.contains('@')
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
        && is_hostname(domain)
}

fn is_hostname(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 253
        && text.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

fn is_uri(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !text.chars().any(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok(format: &str, value: Value) -> bool {
        satisfies(format, &value)
    }

    #[test]
    fn string_formats() {
        assert!(ok("date", json!("2024-02-29")));
        assert!(!ok("date", json!("2023-02-29")));
        assert!(!ok("date", json!("29/02/2024")));
        assert!(ok("date-time", json!("2015-06-10T20:41:37Z")));
        assert!(ok("date-time", json!("2015-06-10T20:41:37.123+02:00")));
        assert!(!ok("date-time", json!("2015-06-10")));
        assert!(ok("time", json!("20:41:37Z")));
        assert!(!ok("time", json!("25:41:37")));
        assert!(ok("uuid", json!("3fa85f64-5717-4562-b3fc-2c963f66afa6")));
        assert!(!ok("uuid", json!("3fa85f6457174562b3fc2c963f66afa6")));
        assert!(ok("email", json!("alice@example.com")));
        assert!(!ok("email", json!("alice.example.com")));
        assert!(!ok("email", json!("alice smith@example.com")));
        assert!(ok("ipv4", json!("127.0.0.1")));
        assert!(!ok("ipv4", json!("::1")));
        assert!(ok("ipv6", json!("::1")));
        assert!(ok("uri", json!("https://example.com/a?b")));
        assert!(!ok("uri", json!("/relative")));
        assert!(ok("byte", json!("aGVsbG8=")));
        assert!(!ok("byte", json!("not base64!")));
        assert!(ok("some-custom-format", json!("anything")));
    }

    #[test]
    fn number_formats() {
        assert!(ok("int32", json!(2147483647)));
        assert!(!ok("int32", json!(2147483648_i64)));
        assert!(ok("int64", json!(9007199254740993_i64)));
        assert!(!ok("int64", json!(18446744073709551615_u64)));
        assert!(ok("double", json!(1.5)));
    }
}
