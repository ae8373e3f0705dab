//! A pact at a URL, optionally behind basic or bearer authentication.

use super::{Auth, Hal, LoadedPact};
use crate::error::SourceError;
use crate::retry::RetryPolicy;

/// Fetches and reads the pact at `url`.
pub(super) async fn load_url(
    client: &reqwest::Client,
    url: &str,
    auth: Option<&Auth>,
    retry: RetryPolicy,
) -> Result<LoadedPact, SourceError> {
    let document = Hal::new(client, auth).with_retry(retry).get(url).await?;
    let mut pact = LoadedPact::from_value(&document, format!("URL {url}"))?;
    if let Some(context) = &mut pact.broker {
        context.auth = auth.cloned();
    }
    Ok(pact)
}
