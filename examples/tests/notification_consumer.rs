//! Consumer test of notification-service: its real handler fed the messages of its pact with
//! order-service.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

use examples::contracts::consumer::{self, order_created};
use examples::contracts::{NOTIFICATION_SERVICE, ORDER_SERVICE};
use examples::notification_service::NotificationService;
use examples::order_service::ORDER_CREATED_DESCRIPTION;
use pact_consumer::prelude::*;
use serde_json::Value;

#[test]
fn notification_service_emails_the_customer_of_a_new_order() {
    let dir = tempfile::tempdir().unwrap();
    let service = NotificationService::new();

    let path = PactBuilder::new(NOTIFICATION_SERVICE, ORDER_SERVICE)
        .output_dir(dir.path())
        .message_interaction(ORDER_CREATED_DESCRIPTION, order_created)
        .verify_messages(|message| service.handle_order_created(&message.contents).map(|_| ()))
        .unwrap();

    let sent = service.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].to, "alice@example.com");
    assert_eq!(sent[0].subject, "Your order 1 is confirmed");
    assert_eq!(sent[0].body, "Hello Alice, we received your order of 2 items.");
    assert!(path.ends_with("NotificationService-OrderService.json"));
}

#[test]
fn the_message_pact_records_the_event_with_its_matchers_metadata_and_state() {
    let dir = tempfile::tempdir().unwrap();

    let path = consumer::write_notification_service_pact(dir.path()).unwrap();

    let pact: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let message = &pact["interactions"][0];
    assert_eq!(message["type"], "Asynchronous/Messages");
    assert_eq!(message["description"], ORDER_CREATED_DESCRIPTION);
    assert_eq!(message["providerStates"][0]["name"], "an order was placed");
    assert_eq!(message["providerStates"][0]["params"]["order_id"], 1);
    assert_eq!(message["metadata"]["topic"], "orders");
    let rules = &message["matchingRules"]["content"]; // V4 messages name the category `content`
    assert_eq!(rules["$.items"]["matchers"][0]["match"], "type");
    assert_eq!(rules["$.items"]["matchers"][0]["min"], 1);
    assert_eq!(rules["$.items[*].quantity"]["matchers"][0]["match"], "integer");
}

#[test]
fn a_handler_that_rejects_the_message_writes_no_pact() {
    let dir = tempfile::tempdir().unwrap();

    let err = consumer::notification_service_pact(dir.path())
        .verify_messages(|_message| Err("cannot read it"))
        .unwrap_err();

    assert_eq!(
        err.to_string(),
        "the handler failed on the message 'an order.created event': cannot read it"
    );
    assert!(!dir.path().join("NotificationService-OrderService.json").exists());
}
