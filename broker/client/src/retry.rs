//! Retrying HTTP calls that failed for a reason that may pass: one policy for broker calls (the
//! `pact-broker` CLI's and the verifier's) and the verifier's state-change calls.
//!
//! Answers 5xx, 408 and 429 are retried with an exponential back-off (or what a 429's
//! `Retry-After` asks for), up to a number of retries. A total time bound keeps a broker that
//! keeps failing from holding a CI job for longer than intended.

use std::time::{Duration, Instant};

use reqwest::StatusCode;

/// When and how long to wait before trying an HTTP call again.
///
/// ```
/// use std::time::Duration;
/// use pact_broker_client::RetryPolicy;
/// let policy = RetryPolicy::broker(3);
/// assert_eq!(policy.retries(), 3);
/// assert_eq!(policy.delay_before(1), Duration::from_millis(500));
/// assert_eq!(policy.delay_before(3), Duration::from_secs(2));
/// assert_eq!(RetryPolicy::none().retries(), 0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    retries: u32,
    first_delay: Duration,
    total_limit: Duration,
}

/// The reference clients' default number of retries of broker calls (`--retries`).
pub const DEFAULT_BROKER_RETRIES: u32 = 8;

/// The longest a 429's `Retry-After` is honoured for.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy {
            retries: 0,
            first_delay: Duration::ZERO,
            total_limit: Duration::ZERO,
        }
    }

    /// Broker calls, as the reference verifier's `--retries N`: waits 0.5 s, 1 s, 2 s, … and
    /// stops retrying once 5 minutes have passed.
    pub fn broker(retries: u32) -> Self {
        RetryPolicy {
            retries,
            first_delay: Duration::from_millis(500),
            total_limit: Duration::from_secs(300),
        }
    }

    /// State-change calls, as the reference verifier makes them: 8 retries after 1 s, 2 s, 4 s, …,
    /// and no retry once 2 minutes have passed.
    pub fn state_change() -> Self {
        RetryPolicy {
            retries: 8,
            first_delay: Duration::from_secs(1),
            total_limit: Duration::from_secs(120),
        }
    }

    /// The same policy with another number of retries.
    #[must_use]
    pub fn with_retries(mut self, retries: u32) -> Self {
        self.retries = retries;
        self
    }

    /// The same policy with another first delay (the delays double from it).
    #[must_use]
    pub fn with_first_delay(mut self, delay: Duration) -> Self {
        self.first_delay = delay;
        self
    }

    /// The same policy with another total time bound: no retry starts after it.
    #[must_use]
    pub fn with_total_limit(mut self, limit: Duration) -> Self {
        self.total_limit = limit;
        self
    }

    /// How many retries at most.
    pub fn retries(&self) -> u32 {
        self.retries
    }

    /// The back-off before retry number `retry` (1 for the first retry).
    pub fn delay_before(&self, retry: u32) -> Duration {
        let doublings = retry.saturating_sub(1).min(16);
        self.first_delay.saturating_mul(1 << doublings)
    }

    /// Whether an answer with `status` is worth trying again.
    pub fn is_retryable(status: StatusCode) -> bool {
        status.is_server_error()
            || status == StatusCode::REQUEST_TIMEOUT
            || status == StatusCode::TOO_MANY_REQUESTS
    }

    /// Sends the request `build` makes, again while the answer is retryable and the policy
    /// allows; the last answer (or transport error) is returned. `build` is called once per
    /// attempt; `what` names the call in the log.
    pub async fn send(
        &self,
        what: &str,
        build: impl Fn() -> reqwest::RequestBuilder,
    ) -> reqwest::Result<reqwest::Response> {
        let started = Instant::now();
        let mut retry = 0;
        loop {
            let response = build().send().await?;
            let status = response.status();
            if retry >= self.retries || !Self::is_retryable(status) {
                return Ok(response);
            }
            retry += 1;
            let delay = retry_after(&response).unwrap_or_else(|| self.delay_before(retry));
            if started.elapsed().saturating_add(delay) > self.total_limit {
                tracing::warn!(
                    what,
                    status = status.as_u16(),
                    "giving up retrying: the total time bound of {:?} would be exceeded",
                    self.total_limit
                );
                return Ok(response);
            }
            tracing::warn!(
                what,
                status = status.as_u16(),
                retry,
                of = self.retries,
                ?delay,
                "retrying"
            );
            tokio::time::sleep(delay).await;
        }
    }
}

impl Default for RetryPolicy {
    /// [`RetryPolicy::broker`] with the reference's 8 retries.
    fn default() -> Self {
        RetryPolicy::broker(DEFAULT_BROKER_RETRIES)
    }
}

/// What a 429's `Retry-After: <seconds>` asks for (at most a minute).
fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    if response.status() != StatusCode::TOO_MANY_REQUESTS {
        return None;
    }
    let seconds: u64 = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(seconds).min(MAX_RETRY_AFTER))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_from_the_first_and_saturate() {
        let policy = RetryPolicy::state_change();
        let delays: Vec<u64> = (1..=4).map(|n| policy.delay_before(n).as_secs()).collect();
        assert_eq!(delays, [1, 2, 4, 8]);
        assert!(policy.delay_before(u32::MAX) >= Duration::from_secs(1 << 16));
    }

    #[test]
    fn only_server_errors_timeouts_and_throttling_are_retried() {
        for code in [500, 502, 503, 408, 429] {
            assert!(
                RetryPolicy::is_retryable(StatusCode::from_u16(code).unwrap_or_default()),
                "{code}"
            );
        }
        for code in [200, 400, 401, 404, 422] {
            assert!(
                !RetryPolicy::is_retryable(StatusCode::from_u16(code).unwrap_or_default()),
                "{code}"
            );
        }
    }
}
