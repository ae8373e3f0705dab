//! Percent-encoding of URL paths, path segments and query components: the one place the
//! workspace turns `%20` into a space and back (the mock server, the verifier, the OpenAPI
//! check and [`Query`](crate::Query) all call it).
//!
//! Built on the `percent-encoding` crate; what is decided here is which characters stay as
//! they are when encoding and how bad input is read when decoding: an invalid escape (`%zz`,
//! a lone `%` at the end) is kept as written, and bytes that are not UTF-8 once decoded become
//! `U+FFFD`, so decoding never fails.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// Everything but the RFC 3986 unreserved characters (`A–Z a–z 0–9 - _ . ~`) is escaped.
const RESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-decodes a URL path or path segment; `+` stays a plus and invalid escapes are kept
/// as written.
///
/// ```
/// use pact_core::model::percent::decode;
///
/// assert_eq!(decode("/users/a%20b"), "/users/a b");
/// assert_eq!(decode("/a+b%zz%2"), "/a+b%zz%2");
/// ```
pub fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// Percent-decodes a query-string name or value, reading `+` as a space (the
/// `application/x-www-form-urlencoded` rule); invalid escapes are kept as written.
///
/// ```
/// use pact_core::model::percent::decode_query_component;
///
/// assert_eq!(decode_query_component("x+y%2Bz"), "x y+z");
/// ```
pub fn decode_query_component(text: &str) -> String {
    if text.contains('+') {
        decode(&text.replace('+', " "))
    } else {
        decode(text)
    }
}

/// Percent-encodes a path segment or a query component: every byte outside the RFC 3986
/// unreserved characters (`A–Z a–z 0–9 - _ . ~`) becomes `%XX` with upper-case hex digits.
///
/// ```
/// use pact_core::model::percent::encode;
///
/// assert_eq!(encode("1.0 beta/2~x"), "1.0%20beta%2F2~x");
/// assert_eq!(encode("é"), "%C3%A9");
/// ```
pub fn encode(text: &str) -> String {
    utf8_percent_encode(text, RESERVED).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_keeps_invalid_escapes_as_written() {
        assert_eq!(decode("/a%20b"), "/a b");
        assert_eq!(decode("/a%2"), "/a%2");
        assert_eq!(decode("/a%zz"), "/a%zz");
        assert_eq!(decode("/%41%4a%4A"), "/AJJ");
        assert_eq!(decode("%"), "%");
        assert_eq!(decode("%+1"), "%+1");
        assert_eq!(decode("%ff"), "\u{fffd}");
    }

    #[test]
    fn query_components_read_plus_as_space_but_escaped_plus_as_plus() {
        assert_eq!(decode_query_component("a+b"), "a b");
        assert_eq!(decode_query_component("a%2Bb"), "a+b");
        assert_eq!(decode_query_component("%zz+"), "%zz ");
    }

    #[test]
    fn encoding_keeps_only_unreserved_characters() {
        assert_eq!(encode("AZaz09-_.~"), "AZaz09-_.~");
        assert_eq!(
            encode(" !*'();:@&=+$,/?#[]%"),
            "%20%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%2F%3F%23%5B%5D%25"
        );
        assert_eq!(decode(&encode("a b/ü%")), "a b/ü%");
    }
}
