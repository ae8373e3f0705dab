//! A pact at a URL, optionally behind basic or bearer authentication.

use pact_broker_client::{HalClient, RetryPolicy};

use super::{Auth, LoadedPact};
use crate::error::SourceError;

/// Fetches and reads the pact at `url`.
pub(super) async fn load_url(
    client: &reqwest::Client,
    url: &str,
    auth: Option<&Auth>,
    retry: RetryPolicy,
) -> Result<LoadedPact, SourceError> {
    let target = reqwest::Url::parse(url).map_err(|e| SourceError::InvalidUrl {
        url: url.to_string(),
        message: e.to_string(),
    })?;
    let hal = HalClient::new(url)?
        .with_http_client(client.clone())
        .with_optional_auth(auth.cloned())
        .with_retry_policy(retry);
    let document = hal.get(&target).await?.into_body();
    let mut pact = LoadedPact::from_value(&document, format!("URL {url}"))?;
    if let Some(context) = &mut pact.broker {
        context.auth = auth.cloned();
    }
    Ok(pact)
}
