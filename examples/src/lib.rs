//! # examples: three small services that use pact-rs end to end
//!
//! - [`user_service`]: users in SQLite behind `GET /users/{id}` and `POST /users` (a provider);
//! - [`order_service`]: takes orders, calls `user-service` through its typed
//!   [`UserClient`](order_service::UserClient) (a consumer), publishes `order.created`;
//! - [`notification_service`]: turns `order.created` into emails (a message consumer);
//! - [`contracts`]: the consumer scenarios that write the pacts and the provider-state hooks
//!   that verify them, shared by the tests and the demo.
//!
//! The tests in `examples/tests/` are the contract tests a team would write; the `demo` binary
//! runs the whole loop (consumer tests → broker → provider verification → can-i-deploy).

pub mod contracts;
pub mod notification_service;
pub mod order_service;
pub mod user_service;
