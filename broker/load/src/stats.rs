//! Latency samples and the figures printed from them.

use std::collections::BTreeMap;
use std::time::Duration;

/// Latencies and failures of one kind of request.
#[derive(Debug, Clone, Default)]
pub(crate) struct Samples {
    /// One entry per request.
    pub(crate) times: Vec<Duration>,
    /// Requests that failed at the transport level or answered a non-2xx status.
    pub(crate) errors: usize,
    /// Requests that answered 5xx.
    pub(crate) server_errors: usize,
}

impl Samples {
    /// Records one request.
    pub(crate) fn record(&mut self, elapsed: Duration, status: Option<u16>) {
        self.times.push(elapsed);
        match status {
            Some(s) if (200..300).contains(&s) => {}
            Some(s) if s >= 500 => {
                self.errors += 1;
                self.server_errors += 1;
            }
            _ => self.errors += 1,
        }
    }

    /// Adds another set of samples.
    pub(crate) fn merge(&mut self, other: Samples) {
        self.times.extend(other.times);
        self.errors += other.errors;
        self.server_errors += other.server_errors;
    }

    /// The `p` quantile (0.0–1.0) in milliseconds; 0 when empty.
    pub(crate) fn percentile_ms(&self, p: f64) -> f64 {
        let mut sorted = self.times.clone();
        sorted.sort();
        if sorted.is_empty() {
            return 0.0;
        }
        let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
        sorted[index.min(sorted.len() - 1)].as_secs_f64() * 1000.0
    }
}

/// Samples per request kind, in a stable order.
pub(crate) type ByKind = BTreeMap<&'static str, Samples>;

/// Merges per-kind samples.
pub(crate) fn merge_all(into: &mut ByKind, from: ByKind) {
    for (kind, samples) in from {
        into.entry(kind).or_default().merge(samples);
    }
}

/// Prints one line per kind: p50, p99, max, count and errors.
pub(crate) fn print_table(title: &str, by_kind: &ByKind) {
    println!("\n{title}");
    println!(
        "  {:<28} {:>6} {:>9} {:>9} {:>9} {:>7} {:>5}",
        "request", "n", "p50 ms", "p99 ms", "max ms", "errors", "5xx"
    );
    for (kind, s) in by_kind {
        println!(
            "  {:<28} {:>6} {:>9.2} {:>9.2} {:>9.2} {:>7} {:>5}",
            kind,
            s.times.len(),
            s.percentile_ms(0.50),
            s.percentile_ms(0.99),
            s.percentile_ms(1.0),
            s.errors,
            s.server_errors
        );
    }
}
