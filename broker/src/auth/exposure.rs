//! Secure by default: a broker without credentials serves only on loopback, unless told
//! `--no-auth`. Decided before the listener is bound.

use std::net::IpAddr;

use crate::config::{BrokerConfig, ServeArgs};
use crate::store::Store;

/// How a broker is exposed, once it is allowed to start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exposure {
    /// Credentials are required (Basic users or API tokens).
    Secured,
    /// No credentials exist; listening on loopback only, so only this machine can reach it.
    OpenOnLoopback,
    /// Access control turned off on purpose with `--no-auth`.
    OpenByChoice,
}

/// Why the broker refuses to start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExposureError {
    /// Asked to listen beyond loopback with no credentials at all.
    #[error(
        "refusing to listen on {host} without credentials: anyone who can reach it could publish, \
         change and delete contracts. Set PACT_BROKER_BASIC_AUTH_USERNAME and \
         PACT_BROKER_BASIC_AUTH_PASSWORD (and optionally PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME/_PASSWORD), \
         or create an API token with `pact-broker token create --name NAME --role admin`, \
         or pass --no-auth (PACT_BROKER_NO_AUTH=true) if something else guards this broker"
    )]
    NoCredentials {
        /// The address asked for.
        host: String,
    },
    /// `--no-auth` together with Basic users: one of them is a mistake.
    #[error(
        "--no-auth (PACT_BROKER_NO_AUTH) conflicts with the configured Basic auth users; \
         remove one of them"
    )]
    NoAuthWithUsers,
}

/// Decides whether and how the broker may start.
///
/// ```
/// use pact_broker::auth::{Exposure, ExposureError, decide_exposure};
///
/// assert_eq!(decide_exposure("127.0.0.1", true, false, false, false), Ok(Exposure::OpenOnLoopback));
/// assert_eq!(decide_exposure("0.0.0.0", false, true, false, false), Ok(Exposure::Secured));
/// assert!(matches!(
///     decide_exposure("0.0.0.0", false, false, false, false),
///     Err(ExposureError::NoCredentials { .. })
/// ));
/// assert_eq!(decide_exposure("0.0.0.0", false, false, false, true), Ok(Exposure::OpenByChoice));
/// ```
pub fn decide_exposure(
    host: &str,
    loopback: bool,
    basic_users: bool,
    tokens_exist: bool,
    no_auth: bool,
) -> Result<Exposure, ExposureError> {
    match (basic_users, tokens_exist, no_auth) {
        (true, _, true) => Err(ExposureError::NoAuthWithUsers),
        (_, _, true) => Ok(Exposure::OpenByChoice),
        (true, _, _) | (_, true, _) => Ok(Exposure::Secured),
        _ if loopback => Ok(Exposure::OpenOnLoopback),
        _ => Err(ExposureError::NoCredentials {
            host: host.to_string(),
        }),
    }
}

/// Whether `host` (an address or a name) reaches only this machine. Names other than
/// `localhost` are resolved; one non-loopback address makes the whole name non-loopback.
pub async fn is_loopback_host(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return ip.is_loopback();
    }
    if bare.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match tokio::net::lookup_host((bare, 0)).await {
        Ok(addresses) => {
            let addresses: Vec<_> = addresses.collect();
            !addresses.is_empty() && addresses.iter().all(|a| a.ip().is_loopback())
        }
        Err(_) => false,
    }
}

/// The broker settings for `pact-broker serve`, after the secure-by-default check: refuses a
/// non-loopback address without credentials, warns loudly when running open.
pub async fn secured_config(args: &ServeArgs, store: &Store) -> Result<BrokerConfig, String> {
    let mut config = args.broker_config();
    let tokens_exist = super::tokens::any_exist(store).await.map_err(|e| e.to_string())?;
    let loopback = is_loopback_host(&args.host).await;
    let exposure = decide_exposure(
        &args.host,
        loopback,
        config.auth.enabled(),
        tokens_exist,
        args.no_auth,
    )
    .map_err(|e| e.to_string())?;
    match exposure {
        Exposure::Secured => {
            config.access.require_credentials = true;
            tracing::info!(
                basic_users = config.auth.enabled(),
                api_tokens = tokens_exist,
                public_read = config.auth.allow_public_read,
                "credentials required"
            );
        }
        Exposure::OpenOnLoopback => {
            config.access.require_credentials_once_tokens_exist = true;
            let warning = format!(
                "WARNING: no credentials are configured, so every request is allowed (read, publish, \
                 delete). Listening on loopback ({}) only. Set PACT_BROKER_BASIC_AUTH_USERNAME/_PASSWORD \
                 or create a token with `pact-broker token create` to require credentials (from that moment on).",
                args.host
            );
            warn_loudly(&warning);
        }
        Exposure::OpenByChoice => {
            let warning = format!(
                "WARNING: --no-auth: access control is off; every client that can reach {} may \
                 publish, change and delete contracts{}.",
                args.host,
                if tokens_exist {
                    " (the API tokens in the database are not checked)"
                } else {
                    ""
                }
            );
            warn_loudly(&warning);
        }
    }
    Ok(config)
}

/// Logs a warning, or prints it when the log level hides warnings: it must always be seen.
fn warn_loudly(warning: &str) {
    if tracing::enabled!(tracing::Level::WARN) {
        tracing::warn!("{warning}");
    } else {
        eprintln!("{warning}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_auth_with_users_is_a_conflict() {
        assert_eq!(
            decide_exposure("127.0.0.1", true, true, false, true),
            Err(ExposureError::NoAuthWithUsers)
        );
    }

    #[test]
    fn the_refusal_names_the_address_and_every_way_out() {
        let message = decide_exposure("::", false, false, false, false)
            .unwrap_err()
            .to_string();
        for words in [
            "::",
            "PACT_BROKER_BASIC_AUTH_USERNAME",
            "token create",
            "--no-auth",
        ] {
            assert!(message.contains(words), "{message}");
        }
    }

    #[tokio::test]
    async fn loopback_addresses_and_names_are_recognised() {
        for host in ["127.0.0.1", "::1", "[::1]", "localhost", "127.1.2.3"] {
            assert!(is_loopback_host(host).await, "{host}");
        }
        for host in ["0.0.0.0", "::", "192.0.2.1"] {
            assert!(!is_loopback_host(host).await, "{host}");
        }
    }
}
