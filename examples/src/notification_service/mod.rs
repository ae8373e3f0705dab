//! `notification-service`: turns `order.created` events into confirmation emails.
//!
//! It reads only what it needs from the event (a tolerant reader): the order id, the customer's
//! name and email, and the quantities. That is what its message pact with `OrderService` records.

use std::sync::{Arc, Mutex};

use serde::Deserialize;

/// The part of `order.created` this service relies on.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct OrderCreatedView {
    /// The order's id.
    pub order_id: i64,
    /// Who to write to.
    pub customer: Recipient,
    /// What was ordered.
    pub items: Vec<ItemView>,
}

/// The customer, as far as an email needs.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Recipient {
    /// The name to greet.
    pub name: String,
    /// Where to send the email.
    pub email: String,
}

/// One ordered item, as far as an email needs.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ItemView {
    /// The product's SKU.
    pub sku: String,
    /// How many.
    pub quantity: u32,
}

/// An email to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    /// The recipient's address.
    pub to: String,
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub body: String,
}

/// Why a message could not be handled.
#[derive(Debug, thiserror::Error)]
pub enum NotificationError {
    /// The message is not an `order.created` event this service understands.
    #[error("the message is not an order.created event: {0}")]
    NotAnOrderCreatedEvent(#[source] serde_json::Error),
    /// The event has a customer email that cannot be written to.
    #[error("order {order_id} has no usable customer email ({email:?})")]
    NoUsableEmail {
        /// The order concerned.
        order_id: i64,
        /// The email received.
        email: String,
    },
}

/// The notification service: handles events, keeps the emails it "sent".
#[derive(Debug, Clone, Default)]
pub struct NotificationService {
    sent: Arc<Mutex<Vec<Email>>>,
}

impl NotificationService {
    /// A service that has sent nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Handles one `order.created` message (its JSON bytes): sends the confirmation email.
    ///
    /// ```
    /// use examples::notification_service::NotificationService;
    /// let service = NotificationService::new();
    /// let email = service
    ///     .handle_order_created(br#"{"order_id": 7, "customer": {"name": "Alice", "email": "alice@example.com"},
    ///                              "items": [{"sku": "BOOK-1", "quantity": 2}]}"#)
    ///     .unwrap();
    /// assert_eq!(email.to, "alice@example.com");
    /// assert_eq!(email.subject, "Your order 7 is confirmed");
    /// ```
    pub fn handle_order_created(&self, message: &[u8]) -> Result<Email, NotificationError> {
        let event: OrderCreatedView =
            serde_json::from_slice(message).map_err(NotificationError::NotAnOrderCreatedEvent)?;
        let email = confirmation_email(&event)?;
        self.lock().push(email.clone());
        Ok(email)
    }

    /// The emails sent so far, oldest first.
    pub fn sent(&self) -> Vec<Email> {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Email>> {
        self.sent.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The email confirming an order.
pub fn confirmation_email(event: &OrderCreatedView) -> Result<Email, NotificationError> {
    let to = event.customer.email.trim();
    if !to.contains('@') {
        return Err(NotificationError::NoUsableEmail {
            order_id: event.order_id,
            email: event.customer.email.clone(),
        });
    }
    let count: u64 = event.items.iter().map(|item| u64::from(item.quantity)).sum();
    let noun = if count == 1 { "item" } else { "items" };
    Ok(Email {
        to: to.to_owned(),
        subject: format!("Your order {} is confirmed", event.order_id),
        body: format!(
            "Hello {}, we received your order of {count} {noun}.",
            event.customer.name
        ),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_message_that_is_not_an_event_is_refused_with_the_reason() {
        let err = NotificationService::new()
            .handle_order_created(b"{\"order\": 1}")
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("the message is not an order.created event: missing field")
        );
    }

    #[test]
    fn the_body_counts_every_item() {
        let event = OrderCreatedView {
            order_id: 3,
            customer: Recipient {
                name: "Bo".into(),
                email: "bo@example.com".into(),
            },
            items: vec![
                ItemView {
                    sku: "A".into(),
                    quantity: 2,
                },
                ItemView {
                    sku: "B".into(),
                    quantity: 1,
                },
            ],
        };
        let email = confirmation_email(&event).unwrap();
        assert_eq!(email.body, "Hello Bo, we received your order of 3 items.");
    }
}
