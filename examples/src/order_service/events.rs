//! The `order.created` event the order service publishes when an order is placed.
//!
//! `notification-service` consumes it: that is the `NotificationService` → `OrderService`
//! message pact.

use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use super::user_client::User;

/// The event's name, also its `type` field.
pub const ORDER_CREATED: &str = "order.created";

/// The topic the order service publishes its events on.
pub const ORDERS_TOPIC: &str = "orders";

/// One line of an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    /// The product's stock-keeping unit, e.g. `BOOK-1`.
    pub sku: String,
    /// How many, at least 1.
    pub quantity: u32,
}

/// `order.created`: an order was placed by a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderCreated {
    /// Always [`ORDER_CREATED`].
    #[serde(rename = "type")]
    pub kind: String,
    /// The new order's id.
    pub order_id: i64,
    /// Who placed it.
    pub customer: User,
    /// What was ordered.
    pub items: Vec<OrderLine>,
}

impl OrderCreated {
    /// The event for a new order.
    pub fn new(order_id: i64, customer: User, items: Vec<OrderLine>) -> Self {
        Self {
            kind: ORDER_CREATED.to_owned(),
            order_id,
            customer,
            items,
        }
    }

    /// The message's bytes as published (JSON).
    pub fn to_json(&self) -> serde_json::Value {
        // A struct of strings and integers always serialises.
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}

/// Where published events wait to be delivered: an in-memory outbox shared by clones.
#[derive(Debug, Clone, Default)]
pub struct Outbox {
    events: Arc<Mutex<Vec<OrderCreated>>>,
}

impl Outbox {
    /// An empty outbox.
    pub fn new() -> Self {
        Self::default()
    }

    /// Publishes an event.
    pub fn publish(&self, event: OrderCreated) {
        self.lock().push(event);
    }

    /// Every event published so far, oldest first.
    pub fn published(&self) -> Vec<OrderCreated> {
        self.lock().clone()
    }

    /// Takes the events published so far, leaving the outbox empty.
    pub fn drain(&self) -> Vec<OrderCreated> {
        std::mem::take(&mut *self.lock())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<OrderCreated>> {
        // A poisoned lock still holds a valid Vec: keep using it.
        self.events
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
