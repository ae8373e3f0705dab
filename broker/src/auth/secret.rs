//! Secrets: generating API tokens, hashing them for storage, comparing without timing leaks.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// What every API token starts with, so scanners and people can recognise one.
pub const TOKEN_PREFIX: &str = "pbt_";

/// Random bytes in a token.
const TOKEN_BYTES: usize = 32;

/// A bearer token in clear text: shown once when created, never stored, never logged (its
/// `Debug` is redacted).
///
/// ```
/// use pact_broker::auth::TokenSecret;
///
/// let secret = TokenSecret::generate().unwrap();
/// assert!(secret.expose().starts_with("pbt_"));
/// assert_eq!(format!("{secret:?}"), "TokenSecret(<redacted>)");
/// assert_eq!(secret.sha256_hex().len(), 64);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct TokenSecret(String);

/// The operating system's random source failed.
#[derive(Debug, thiserror::Error)]
#[error("cannot read random bytes for a token: {0}")]
pub struct RandomnessError(String);

impl TokenSecret {
    /// A new token: the prefix and 32 random bytes from the operating system, base64url.
    pub fn generate() -> Result<TokenSecret, RandomnessError> {
        let mut bytes = [0u8; TOKEN_BYTES];
        getrandom::fill(&mut bytes).map_err(|e| RandomnessError(e.to_string()))?;
        Ok(TokenSecret(format!(
            "{TOKEN_PREFIX}{}",
            URL_SAFE_NO_PAD.encode(bytes)
        )))
    }

    /// A token a client presented.
    pub fn presented(token: &str) -> TokenSecret {
        TokenSecret(token.trim().to_string())
    }

    /// The clear text, to show the user once.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether it has the shape of a token this broker issues (cheap check before a lookup).
    pub fn is_well_formed(&self) -> bool {
        self.0
            .strip_prefix(TOKEN_PREFIX)
            .is_some_and(|rest| rest.len() == 43 && rest.bytes().all(is_base64url))
    }

    /// The hex SHA-256 stored in place of the token.
    pub fn sha256_hex(&self) -> String {
        sha256_hex(self.0.as_bytes())
    }
}

impl fmt::Debug for TokenSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenSecret(<redacted>)")
    }
}

fn is_base64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Compares two secrets in time that depends only on their lengths' digests, not on where they
/// differ (both sides are hashed first, so lengths leak nothing either).
///
/// ```
/// use pact_broker::auth::secrets_equal;
///
/// assert!(secrets_equal("s3cret", "s3cret"));
/// assert!(!secrets_equal("s3cret", "s3creT"));
/// ```
pub fn secrets_equal(a: &str, b: &str) -> bool {
    let a = Sha256::digest(a.as_bytes());
    let b = Sha256::digest(b.as_bytes());
    a.ct_eq(&b).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_tokens_are_well_formed_and_distinct() {
        let a = TokenSecret::generate().unwrap();
        let b = TokenSecret::generate().unwrap();
        assert!(a.is_well_formed() && b.is_well_formed());
        assert_ne!(a, b);
        assert_ne!(a.sha256_hex(), b.sha256_hex());
    }

    #[test]
    fn malformed_tokens_are_recognised() {
        assert!(!TokenSecret::presented("pbt_short").is_well_formed());
        assert!(!TokenSecret::presented(&format!("xyz_{}", "a".repeat(43))).is_well_formed());
        assert!(!TokenSecret::presented(&format!("pbt_{}", "!".repeat(43))).is_well_formed());
    }

    #[test]
    fn sha256_matches_a_known_digest() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
