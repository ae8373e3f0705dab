//! Operations: metrics, structured logs and the request layer, database-wide counts, and data
//! retention (`pact-broker clean` and its keep selectors).
//!
//! Numbers here come from outside (requests, command lines, configuration): arithmetic on them
//! is checked or saturating and casts never wrap, so out-of-range input is an error naming the
//! field, never a panic or a wrapped value; these lints keep it so.
#![deny(clippy::arithmetic_side_effects, clippy::cast_possible_wrap)]

pub mod clean_cli;
pub mod counts;
pub mod keep;
pub mod logging;
pub mod metrics;
pub mod request_log;
pub mod webhook_queue;
