//! Process metrics of one broker instance: requests by route, latency histograms, publications,
//! verifications. Kept in an explicit [`prometheus_client`] registry owned by the router (no global
//! recorder), so several brokers in one process (tests, the embedded demo) never mix their counts.
//!
//! Database-wide figures (row counts, webhook queue depth) are not kept here: they are read from the
//! database at scrape time (see [`super::counts`]), so every instance behind a load balancer reports
//! the same totals.

use std::sync::Arc;
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// Labels of a served request.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    /// The route pattern (`/pacts/provider/{provider}/for-verification`), never the raw path, so
    /// pacticipant names do not explode the label space.
    route: String,
    method: String,
    status: u16,
}

/// Labels of a latency histogram.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
    method: String,
}

/// What a successful request did, recognised from its route pattern and method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// Contracts were published (`POST /contracts/publish` or `PUT …/version/{v}`).
    Publication,
    /// A verification result was published.
    Verification,
}

impl Event {
    /// The event a successful `method` on `route` stands for, if any.
    ///
    /// ```
    /// use pact_broker::ops::metrics::Event;
    ///
    /// assert_eq!(Event::of("POST", "/contracts/publish"), Some(Event::Publication));
    /// assert_eq!(Event::of("GET", "/contracts/publish"), None);
    /// ```
    pub fn of(method: &str, route: &str) -> Option<Event> {
        match method {
            "POST" if route == "/contracts/publish" => Some(Event::Publication),
            "PUT" if route.starts_with("/pacts/provider/") && route.contains("/version") => {
                Some(Event::Publication)
            }
            "POST" if route.ends_with("/verification-results") => Some(Event::Verification),
            _ => None,
        }
    }
}

#[derive(Debug)]
struct Inner {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    publications: Counter,
    verifications: Counter,
}

/// The metrics of one running broker; cheap to clone (one shared registry).
///
/// ```
/// use std::time::Duration;
/// use pact_broker::ops::metrics::Metrics;
///
/// let metrics = Metrics::default();
/// metrics.record_request("/contracts/publish", "POST", 200, Duration::from_millis(3));
/// let text = metrics.encode();
/// assert!(text.contains("pact_broker_publications_total 1"));
/// ```
#[derive(Debug, Clone)]
pub struct Metrics {
    inner: Arc<Inner>,
}

fn latency_histogram() -> Histogram {
    // 0.5 ms … ~8 s.
    Histogram::new(exponential_buckets(0.0005, 2.0, 15))
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("pact_broker");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency =
            Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(latency_histogram);
        let publications = Counter::default();
        let verifications = Counter::default();
        registry.register(
            "http_requests",
            "HTTP requests served by this instance, by route pattern, method and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request on this instance, by route pattern and method",
            latency.clone(),
        );
        registry.register(
            "publications",
            "Successful contract publish requests served by this instance",
            publications.clone(),
        );
        registry.register(
            "verifications",
            "Successful verification result publications served by this instance",
            verifications.clone(),
        );
        Metrics {
            inner: Arc::new(Inner {
                registry,
                requests,
                latency,
                publications,
                verifications,
            }),
        }
    }
}

impl Metrics {
    /// Counts one answered request. `route` is the matched route pattern (or `unmatched`).
    pub fn record_request(&self, route: &str, method: &str, status: u16, elapsed: Duration) {
        let inner = &self.inner;
        inner
            .requests
            .get_or_create(&RequestLabels {
                route: route.to_string(),
                method: method.to_string(),
                status,
            })
            .inc();
        inner
            .latency
            .get_or_create(&RouteLabels {
                route: route.to_string(),
                method: method.to_string(),
            })
            .observe(elapsed.as_secs_f64());
        if (200..300).contains(&status) {
            match Event::of(method, route) {
                Some(Event::Publication) => {
                    inner.publications.inc();
                }
                Some(Event::Verification) => {
                    inner.verifications.inc();
                }
                None => {}
            }
        }
    }

    /// The process metrics in OpenMetrics text, ending with `# EOF`.
    pub fn encode(&self) -> String {
        self.encode_with(None)
    }

    /// The process metrics followed by `extra` (e.g. database gauges), ending with `# EOF`.
    pub fn encode_with(&self, extra: Option<&Registry>) -> String {
        use prometheus_client::encoding::text::{encode_eof, encode_registry};
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = encode_registry(&mut out, &self.inner.registry);
        if let Some(extra) = extra {
            let _ = encode_registry(&mut out, extra);
        }
        let _ = encode_eof(&mut out);
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_counted_by_route_pattern_method_and_status() {
        let metrics = Metrics::default();
        for _ in 0..2 {
            metrics.record_request(
                "/pacticipants/{pacticipant}",
                "GET",
                404,
                Duration::from_millis(1),
            );
        }
        let text = metrics.encode();
        assert!(
            text.contains(
                r#"pact_broker_http_requests_total{route="/pacticipants/{pacticipant}",method="GET",status="404"} 2"#
            ),
            "{text}"
        );
        assert!(text.contains("pact_broker_http_request_duration_seconds_bucket"));
        assert!(text.ends_with("# EOF\n"));
    }

    #[test]
    fn failed_publications_are_not_counted_as_publications() {
        let metrics = Metrics::default();
        metrics.record_request("/contracts/publish", "POST", 400, Duration::ZERO);
        metrics.record_request(
            "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/verification-results",
            "POST",
            201,
            Duration::ZERO,
        );
        let text = metrics.encode();
        assert!(text.contains("pact_broker_publications_total 0"), "{text}");
        assert!(text.contains("pact_broker_verifications_total 1"), "{text}");
    }
}
