//! Operations: metrics, structured logs and the request layer, database-wide counts, and data
//! retention (`pact-broker clean` and its keep selectors).

pub mod clean_cli;
pub mod counts;
pub mod keep;
pub mod logging;
pub mod metrics;
pub mod request_log;
pub mod webhook_queue;
