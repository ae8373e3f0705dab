//! Small value formats the matchers recognise without a regular expression: ISO 8601 dates and
//! times (the defaults of the `date`/`time`/`timestamp` matchers), semantic versions, and content
//! types sniffed from the first bytes of a body.

/// Whether `text` is an ISO 8601 calendar date, `yyyy-MM-dd`.
pub(crate) fn is_iso_date(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(month), Some(day)) = (number(&b[5..7]), number(&b[8..10])) else {
        return false;
    };
    number(&b[0..4]).is_some() && (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// Whether `text` is an ISO 8601 time: `HH:mm`, `HH:mm:ss`, optional fraction and zone.
pub(crate) fn is_iso_time(text: &str) -> bool {
    let (clock, zone) = split_zone(text);
    if !zone.is_empty() && !is_zone(zone) {
        return false;
    }
    let (clock, fraction) = match clock.split_once(['.', ',']) {
        Some((c, f)) => (c, Some(f)),
        None => (clock, None),
    };
    if fraction.is_some_and(|f| f.is_empty() || !f.bytes().all(|c| c.is_ascii_digit())) {
        return false;
    }
    let parts: Vec<&str> = clock.split(':').collect();
    let limits = [23, 59, 60];
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .zip(limits)
            .all(|(p, max)| p.len() == 2 && number(p.as_bytes()).is_some_and(|n| n <= max))
}

/// Whether `text` is an ISO 8601 date-time: a date, `T` (or a space), a time.
pub(crate) fn is_iso_timestamp(text: &str) -> bool {
    match text.split_once(['T', 't', ' ']) {
        Some((date, time)) => is_iso_date(date) && is_iso_time(time),
        None => false,
    }
}

fn split_zone(text: &str) -> (&str, &str) {
    if let Some(clock) = text.strip_suffix(['Z', 'z']) {
        return (clock, "Z");
    }
    match text.rfind(['+', '-']) {
        Some(i) => (&text[..i], &text[i..]),
        None => (text, ""),
    }
}

fn is_zone(zone: &str) -> bool {
    if zone == "Z" {
        return true;
    }
    let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
    (digits.len() == 2 || digits.len() == 4) && digits.bytes().all(|c| c.is_ascii_digit())
}

fn number(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok()
}

/// Whether `text` is a semantic version (`1.2.3`, `1.2.3-rc.1+build.5`).
pub(crate) fn is_semver(text: &str) -> bool {
    let (core, build) = match text.split_once('+') {
        Some((c, b)) => (c, Some(b)),
        None => (text, None),
    };
    let (core, pre) = match core.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (core, None),
    };
    let numeric =
        |p: &str| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()) && (p == "0" || !p.starts_with('0'));
    let ident = |p: &str| !p.is_empty() && p.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-');
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| numeric(p))
        && pre.is_none_or(|p| p.split('.').all(ident))
        && build.is_none_or(|b| b.split('.').all(ident))
}

/// The content type of `bytes`, guessed from magic numbers and shape: `image/png`, `image/jpeg`,
/// `image/gif`, `application/pdf`, `application/zip`, `application/gzip`, `application/json`,
/// `application/xml`, `text/plain` or `application/octet-stream`.
pub(crate) fn sniff_content_type(bytes: &[u8]) -> &'static str {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"\xff\xd8\xff", "image/jpeg"),
        (b"GIF87a", "image/gif"),
        (b"GIF89a", "image/gif"),
        (b"%PDF-", "application/pdf"),
        (b"PK\x03\x04", "application/zip"),
        (b"\x1f\x8b", "application/gzip"),
    ];
    if let Some((_, kind)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return kind;
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return "application/octet-stream";
    };
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if (trimmed.starts_with('{') || trimmed.starts_with('['))
        && serde_json::from_str::<serde::de::IgnoredAny>(trimmed).is_ok()
    {
        return "application/json";
    }
    if trimmed.starts_with("<?xml")
        || (trimmed.starts_with('<') && roxmltree::Document::parse(trimmed).is_ok())
    {
        return "application/xml";
    }
    if text.chars().all(|c| !c.is_control() || c.is_whitespace()) {
        return "text/plain";
    }
    "application/octet-stream"
}

/// Whether a sniffed type satisfies the type a rule or pact asks for (`text/xml` and
/// `application/xml` are one; JSON and XML are also `text/plain`; `+json`/`+xml` suffixes count).
pub(crate) fn content_type_satisfies(wanted: &str, detected: &str) -> bool {
    let wanted = crate::model::media_type::essence(wanted);
    let family = |t: &str| -> String {
        if t == "text/xml" || t.ends_with("+xml") {
            "application/xml".into()
        } else if t.ends_with("+json") {
            "application/json".into()
        } else {
            t.to_string()
        }
    };
    let wanted = family(&wanted);
    wanted == detected
        || (wanted == "text/plain" && matches!(detected, "application/json" | "application/xml"))
        || wanted == "application/octet-stream"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_and_times() {
        assert!(is_iso_date("2024-02-29"));
        assert!(!is_iso_date("2024-13-01"));
        assert!(is_iso_time("13:45:01.123+02:00"));
        assert!(!is_iso_time("25:00"));
        assert!(is_iso_timestamp("2015-06-10T20:41:37Z"));
        assert!(!is_iso_timestamp("2015-06-10"));
    }

    #[test]
    fn semantic_versions() {
        assert!(is_semver("1.2.3-rc.1+build.5"));
        assert!(!is_semver("1.2"));
        assert!(!is_semver("01.2.3"));
    }

    #[test]
    fn sniffs_common_types() {
        assert_eq!(sniff_content_type(b"\x89PNG\r\n\x1a\n...."), "image/png");
        assert_eq!(sniff_content_type(b"%PDF-1.7"), "application/pdf");
        assert_eq!(sniff_content_type(br#"{"a": 1}"#), "application/json");
        assert_eq!(sniff_content_type(b"<a><b/></a>"), "application/xml");
        assert_eq!(sniff_content_type(b"hello"), "text/plain");
        assert_eq!(
            sniff_content_type(&[0, 159, 146, 150]),
            "application/octet-stream"
        );
        assert!(content_type_satisfies("text/xml", "application/xml"));
    }
}
