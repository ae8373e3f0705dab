//! `order-service`: takes orders, asks `user-service` who the customer is, announces
//! `order.created`.
//!
//! | route | answer |
//! |---|---|
//! | `POST /orders` with `{"user_id": 42, "items": [{"sku", "quantity"}]}` | `201` with the order |
//! | `POST /orders` with `{"customer": {"name", "email"}, "items": …}` | registers the customer first |
//! | `GET /orders/{id}` | the order, or `404` |
//! | `GET /events` | the `order.created` events published so far |
//!
//! It is the *consumer* in the `OrderService` → `UserService` pact (through [`UserClient`]) and
//! the *provider* of the `order.created` message that `notification-service` consumes.

mod events;
mod http;
mod message_producer;
mod user_client;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use events::{ORDER_CREATED, ORDERS_TOPIC, OrderCreated, OrderLine, Outbox};
pub use message_producer::{MessageProducer, ORDER_CREATED_DESCRIPTION};
pub use user_client::{NewUser, User, UserClient, UserClientError};

/// A placed order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    /// The order's id.
    pub id: i64,
    /// The customer's user id.
    pub user_id: i64,
    /// What was ordered.
    pub items: Vec<OrderLine>,
    /// Always `created` in this small example.
    pub status: String,
}

/// The orders taken so far, in memory, shared by clones.
#[derive(Debug, Clone, Default)]
pub struct Orders {
    inner: Arc<Mutex<Vec<Order>>>,
}

impl Orders {
    /// No orders yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a new order and returns it with its id.
    pub fn place(&self, user_id: i64, items: Vec<OrderLine>) -> Order {
        let mut orders = self.lock();
        let id = i64::try_from(orders.len()).unwrap_or(i64::MAX - 1) + 1;
        let order = Order {
            id,
            user_id,
            items,
            status: "created".to_owned(),
        };
        orders.push(order.clone());
        order
    }

    /// The order with this id, if any.
    pub fn find(&self, id: i64) -> Option<Order> {
        self.lock().iter().find(|order| order.id == id).cloned()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Order>> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// What every handler shares.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The client for `user-service`.
    pub users: UserClient,
    /// The orders taken.
    pub orders: Orders,
    /// Where `order.created` events go.
    pub outbox: Outbox,
}

impl AppState {
    /// Fresh state calling `user-service` at `user_service_url`.
    pub fn new(user_service_url: impl Into<String>) -> Self {
        Self {
            users: UserClient::new(user_service_url),
            orders: Orders::new(),
            outbox: Outbox::new(),
        }
    }
}

/// The service's routes, ready to serve.
pub fn app(state: AppState) -> Router {
    http::routes(state)
}

/// An order service running on a loopback port, stopped when dropped.
#[derive(Debug)]
pub struct RunningOrderService {
    addr: SocketAddr,
    state: AppState,
    server: JoinHandle<()>,
}

impl RunningOrderService {
    /// Serves on `127.0.0.1` on a free port, calling `user-service` at `user_service_url`.
    pub async fn start(user_service_url: impl Into<String>) -> std::io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        Self::serve(listener, AppState::new(user_service_url))
    }

    /// Serves on an already bound listener.
    pub fn serve(listener: TcpListener, state: AppState) -> std::io::Result<Self> {
        let addr = listener.local_addr()?;
        let router = app(state.clone());
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        Ok(Self { addr, state, server })
    }

    /// The base URL, e.g. `http://127.0.0.1:40124`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The events published so far.
    pub fn outbox(&self) -> &Outbox {
        &self.state.outbox
    }
}

impl Drop for RunningOrderService {
    fn drop(&mut self) {
        self.server.abort();
    }
}
