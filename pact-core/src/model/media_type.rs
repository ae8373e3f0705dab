//! Media types as content types name them.

/// The media type of a content type: `type/subtype` without parameters, trimmed and
/// lower-cased (`Application/JSON; charset=utf-8` → `application/json`; empty for an empty
/// content type).
pub fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::essence;

    #[test]
    fn parameters_and_case_are_dropped() {
        assert_eq!(essence("Application/JSON; charset=utf-8"), "application/json");
        assert_eq!(essence(" text/plain "), "text/plain");
        assert_eq!(essence("; charset=utf-8"), "");
    }
}
