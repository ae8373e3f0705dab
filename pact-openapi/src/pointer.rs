//! JSON pointers into the OpenAPI document (`#/paths/~1users~1{id}/get`), the way failures name
//! the schema location.

use pact_core::model::percent;

/// Escapes one reference token of a JSON pointer (`~` → `~0`, `/` → `~1`).
pub(crate) fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Undoes [`escape`] and the percent-encoding a URI fragment may carry (`%7B` → `{`).
pub(crate) fn unescape(token: &str) -> String {
    percent::decode(token).replace("~1", "/").replace("~0", "~")
}

/// `location` with one token appended.
pub(crate) fn join(location: &str, token: &str) -> String {
    format!("{location}/{}", escape(token))
}

/// The reference tokens of a local reference (`#/components/schemas/User`), or `None` when the
/// reference does not point into this document.
pub(crate) fn local_tokens(reference: &str) -> Option<Vec<String>> {
    let fragment = reference.strip_prefix('#')?;
    if fragment.is_empty() {
        return Some(Vec::new());
    }
    let rest = fragment.strip_prefix('/')?;
    Some(rest.split('/').map(unescape).collect())
}

/// The canonical form of a local reference: `#` followed by escaped tokens.
pub(crate) fn canonical(tokens: &[String]) -> String {
    let mut out = String::from("#");
    for token in tokens {
        out.push('/');
        out.push_str(&escape(token));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_reads_back_tokens() {
        assert_eq!(join("#/paths", "/users/{id}"), "#/paths/~1users~1{id}");
        assert_eq!(
            local_tokens("#/components/schemas/a~1b%7Bc%7D"),
            Some(vec!["components".into(), "schemas".into(), "a/b{c}".into()])
        );
        assert_eq!(local_tokens("other.yaml#/X"), None);
        assert_eq!(canonical(&["paths".into(), "/x".into()]), "#/paths/~1x");
        assert_eq!(unescape("a%20b%2"), "a b%2");
    }
}
