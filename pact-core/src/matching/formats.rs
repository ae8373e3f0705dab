//! Small value formats the matchers recognise without a regular expression: semantic versions
//! and content types sniffed from the first bytes of a body. (ISO 8601 dates and times, the
//! defaults of the `date`/`time`/`timestamp` matchers, are [`crate::datetime::matches_iso`].)

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
