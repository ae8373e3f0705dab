//! The `MockServerURL` generator: the example URL of the pact with its base replaced by the
//! running mock server's, so links in mock responses point back at the mock server.

use crate::rules::Pattern;

use super::GeneratorError;

/// `base` followed by the part of `example` captured by the first group of `regex`.
///
/// ```
/// use pact_core::generators::mock_server_url;
/// let url = mock_server_url(
///     "http://localhost:8080/orders/1234",
///     r".*(/orders/\d+)$",
///     "http://127.0.0.1:40123/",
/// );
/// assert_eq!(url.unwrap(), "http://127.0.0.1:40123/orders/1234");
/// assert!(mock_server_url("http://x/orders", r".*(/users/\d+)$", "http://127.0.0.1:1").is_err());
/// ```
pub fn mock_server_url(example: &str, regex: &str, base: &str) -> Result<String, GeneratorError> {
    let compiled = Pattern::new(regex).map_err(|err| GeneratorError::InvalidRegex {
        regex: regex.to_string(),
        message: err.to_string(),
    })?;
    let kept = compiled
        .first_group(example)
        .ok_or_else(|| GeneratorError::ExampleNotMatched {
            example: example.to_string(),
            regex: regex.to_string(),
        })?;
    let base = if kept.starts_with('/') {
        base.trim_end_matches('/')
    } else {
        base
    };
    Ok(format!("{base}{kept}"))
}
