//! The contracts between the example services, as code both sides share.
//!
//! - [`consumer`]: the consumer scenarios (`OrderService` → `UserService` over HTTP,
//!   `NotificationService` ← `OrderService` as a message). Each runs the consumer's real code
//!   against pact-consumer's mock and writes the pact file. The consumer tests call them, and so
//!   do the provider test and the demo, so nothing depends on test binaries running in order.
//! - `provider`: `user-service`'s provider-state hooks for the verifier.

pub mod consumer;
mod provider;

pub use consumer::{ConsumerPacts, ScenarioError, write_all_pacts};
pub use provider::with_user_service_states;

/// The order service's name in pacts and in the broker.
pub const ORDER_SERVICE: &str = "OrderService";
/// The user service's name in pacts and in the broker.
pub const USER_SERVICE: &str = "UserService";
/// The notification service's name in pacts and in the broker.
pub const NOTIFICATION_SERVICE: &str = "NotificationService";

/// Provider state: a user exists (param `id`).
pub const USER_EXISTS: &str = "user 42 exists";
/// Provider state: a user does not exist (param `id`).
pub const USER_MISSING: &str = "user 7 does not exist";
/// Provider state of the message pact: an order was placed (param `order_id`).
pub const ORDER_PLACED: &str = "an order was placed";

/// The id the missing-user scenario asks for.
pub const MISSING_USER_ID: i64 = 7;
/// The name of the user that [`USER_EXISTS`] stores.
pub const ALICE_NAME: &str = "Alice";
/// The email of the user that [`USER_EXISTS`] stores.
pub const ALICE_EMAIL: &str = "alice@example.com";
/// The pattern an email must match in the pacts.
pub const EMAIL_PATTERN: &str = r"^[^\s@]+@[^\s@]+$";
