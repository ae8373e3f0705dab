//! Webhook settings: the `serve` flags (named as the Pact Broker names them), the retry policy and
//! the doorbell that wakes this process's worker when an event is queued.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use super::allow_list::AllowList;

/// Flags of `pact-broker serve` about webhooks.
#[derive(Debug, Clone, clap::Args)]
pub struct WebhookArgs {
    /// Hosts webhooks may call, space-separated: hostnames, `*.domain`, IP addresses or CIDR
    /// networks. Empty: any public host. Loopback and private addresses are refused unless listed.
    #[arg(long, env = "PACT_BROKER_WEBHOOK_HOST_WHITELIST", default_value = "")]
    pub webhook_host_whitelist: String,
    /// URL schemes webhooks may use, space-separated.
    #[arg(long, env = "PACT_BROKER_WEBHOOK_SCHEME_WHITELIST", default_value = "https")]
    pub webhook_scheme_whitelist: String,
    /// HTTP methods webhooks may use, space-separated.
    #[arg(
        long,
        env = "PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST",
        default_value = "POST"
    )]
    pub webhook_http_method_whitelist: String,
    /// Attempts per triggered webhook before it is marked failed.
    #[arg(long, env = "PACT_BROKER_WEBHOOK_RETRY_MAX_ATTEMPTS", default_value_t = 7)]
    pub webhook_retry_max_attempts: u32,
    /// Delay before the first retry, in milliseconds; each further retry waits twice as long.
    #[arg(
        long,
        env = "PACT_BROKER_WEBHOOK_RETRY_BASE_DELAY_MS",
        default_value_t = 10_000
    )]
    pub webhook_retry_base_delay_ms: u64,
    /// Longest delay between two attempts, in milliseconds.
    #[arg(
        long,
        env = "PACT_BROKER_WEBHOOK_RETRY_MAX_DELAY_MS",
        default_value_t = 1_200_000
    )]
    pub webhook_retry_max_delay_ms: u64,
    /// Time limit of one webhook request, in milliseconds.
    #[arg(
        long,
        env = "PACT_BROKER_WEBHOOK_REQUEST_TIMEOUT_MS",
        default_value_t = 10_000
    )]
    pub webhook_request_timeout_ms: u64,
    /// How often the worker looks for due deliveries queued by other broker instances, in
    /// milliseconds (this instance's own events wake it at once).
    #[arg(long, env = "PACT_BROKER_WEBHOOK_POLL_INTERVAL_MS", default_value_t = 1_000)]
    pub webhook_poll_interval_ms: u64,
}

impl WebhookArgs {
    /// The settings these flags describe.
    pub fn config(&self) -> WebhookConfig {
        WebhookConfig {
            allow_list: AllowList::new(
                &self.webhook_scheme_whitelist,
                &self.webhook_host_whitelist,
                &self.webhook_http_method_whitelist,
            ),
            retry: RetryPolicy {
                max_attempts: self.webhook_retry_max_attempts.max(1),
                base_delay: Duration::from_millis(self.webhook_retry_base_delay_ms),
                max_delay: Duration::from_millis(self.webhook_retry_max_delay_ms),
            },
            request_timeout: Duration::from_millis(self.webhook_request_timeout_ms.max(1)),
            poll_interval: Duration::from_millis(self.webhook_poll_interval_ms.max(10)),
            doorbell: Doorbell::default(),
        }
    }
}

/// How often and how patiently a failed delivery is retried: exponential backoff, capped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all (the first one included).
    pub max_attempts: u32,
    /// Wait after the first failure.
    pub base_delay: Duration,
    /// Longest wait.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 7,
            base_delay: Duration::from_secs(10),
            max_delay: Duration::from_secs(1200),
        }
    }
}

impl RetryPolicy {
    /// The wait after failed attempt number `attempt` (1 for the first attempt).
    ///
    /// ```
    /// use std::time::Duration;
    /// use pact_broker::webhooks::RetryPolicy;
    ///
    /// let policy = RetryPolicy { max_attempts: 5, base_delay: Duration::from_secs(1), max_delay: Duration::from_secs(3) };
    /// assert_eq!(policy.delay_after(1), Duration::from_secs(1));
    /// assert_eq!(policy.delay_after(2), Duration::from_secs(2));
    /// assert_eq!(policy.delay_after(3), Duration::from_secs(3)); // capped
    /// ```
    pub fn delay_after(&self, attempt: u32) -> Duration {
        let factor = 1u32.checked_shl(attempt.saturating_sub(1)).unwrap_or(u32::MAX);
        self.base_delay
            .checked_mul(factor)
            .unwrap_or(self.max_delay)
            .min(self.max_delay)
    }
}

/// Wakes this process's webhook worker when a delivery is queued (other instances poll).
#[derive(Debug, Clone, Default)]
pub struct Doorbell(Arc<Notify>);

impl Doorbell {
    /// Wakes the worker (or lets its next wait return at once).
    pub fn ring(&self) {
        self.0.notify_one();
    }

    /// Waits for the next ring.
    pub async fn wait(&self) {
        self.0.notified().await;
    }
}

/// Everything the broker needs to know about webhooks.
#[derive(Debug, Clone)]
pub struct WebhookConfig {
    /// Which schemes, hosts and methods may be called.
    pub allow_list: AllowList,
    /// Retries.
    pub retry: RetryPolicy,
    /// Time limit of one request.
    pub request_timeout: Duration,
    /// How often to look for due deliveries when not woken.
    pub poll_interval: Duration,
    /// Wakes the worker of this process.
    pub doorbell: Doorbell,
}

impl Default for WebhookConfig {
    fn default() -> WebhookConfig {
        WebhookConfig {
            allow_list: AllowList::new("https", "", "POST"),
            retry: RetryPolicy::default(),
            request_timeout: Duration::from_secs(10),
            poll_interval: Duration::from_secs(1),
            doorbell: Doorbell::default(),
        }
    }
}

impl WebhookConfig {
    /// How long a worker holds a claimed delivery before another worker may take it over: long
    /// enough for one request to finish.
    pub fn lease(&self) -> Duration {
        self.request_timeout * 2 + Duration::from_secs(5)
    }
}
