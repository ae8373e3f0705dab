//! # pact-broker-client
//!
//! A HAL client for any Pact Broker (this workspace's, the Ruby Pact Broker, PactFlow), shared by
//! the `pact-broker` CLI and `pact-verifier`.
//!
//! Every conversation starts at the broker's index (`GET /`) and follows relations by name
//! (`pb:publish-contracts`, `pb:provider-pacts-for-verification`, …), expanding templated links
//! such as `/pacticipants/{pacticipant}/versions/{version}` with percent-encoded values (a
//! placeholder left unfilled is an error, never a request). Requests carry
//! `Accept: application/hal+json`, the configured credentials ([`Auth`]) and custom headers.
//! Answers 5xx, 408 and 429 are retried with back-off as the reference clients do
//! ([`RetryPolicy`], 8 retries by default). Broker errors become [`BrokerError`] values that keep
//! the URL and the broker's own words. Replies read into the wire types of `pact-broker-api`
//! with [`HalResource::read`].
//!
//! ```no_run
//! # async fn demo() -> Result<(), pact_broker_client::BrokerError> {
//! use pact_broker_client::{Auth, HalClient};
//!
//! let broker = HalClient::new("http://127.0.0.1:9292")?
//!     .with_auth(Auth::basic("alice", "secret"))
//!     .with_retries(0);
//! let index = broker.index().await?;
//! let version = broker
//!     .follow(&index, "pb:pacticipant-version", &[("pacticipant", "Foo"), ("version", "1.0.0")])
//!     .await?;
//! let version: pact_broker_api::Version = version.read()?;
//! println!("{}", version.number);
//! # Ok(())
//! # }
//! ```

mod auth;
mod client;
mod error;
mod hal;
mod retry;

pub use auth::Auth;
pub use client::HalClient;
pub use error::BrokerError;
pub use hal::{HalResource, Link};
pub use pact_broker_api::Notice;
pub use retry::{DEFAULT_BROKER_RETRIES, RetryPolicy};
