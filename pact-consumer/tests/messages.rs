//! Message pacts: the consumer's handler receives the built messages and the pact records them.
#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected errors

mod common;

use common::{pact_dir, pact_path, read_pact_json};
use pact_consumer::prelude::*;
use serde_json::Value;

#[derive(Debug, PartialEq)]
struct OrderCreated {
    order_id: i64,
    topic: String,
}

/// The consumer's real handler: parses the event and its metadata.
fn handle_order_created(
    contents: &Value,
    metadata: &serde_json::Map<String, Value>,
) -> Result<OrderCreated, String> {
    let order_id = contents["orderId"].as_i64().ok_or("orderId is missing")?;
    let topic = metadata
        .get("topic")
        .and_then(Value::as_str)
        .ok_or("topic is missing")?;
    Ok(OrderCreated {
        order_id,
        topic: topic.to_string(),
    })
}

#[test]
fn an_async_message_is_handed_to_the_handler_and_written_to_the_pact() {
    let dir = pact_dir();
    let mut handled = Vec::new();
    let path = PactBuilder::new("Shipping", "Orders")
        .output_dir(dir.path())
        .message_interaction("an order.created event", |m| {
            m.given("an order exists")
                .json_body(pact_json!({ "orderId": integer(7), "items": each_like(pact_json!({ "sku": like("A1") })) }))
                .metadata("topic", "orders")
        })
        .verify_messages(|message| {
            let contents = message.json().map_err(|e| e.to_string())?;
            handled.push(handle_order_created(&contents, &message.metadata)?);
            Ok::<(), String>(())
        })
        .unwrap();

    assert_eq!(
        handled,
        [OrderCreated {
            order_id: 7,
            topic: "orders".into()
        }]
    );
    assert_eq!(path, pact_path(dir.path(), "Shipping", "Orders"));
    let pact = read_pact_json(dir.path(), "Shipping", "Orders");
    let message = &pact["interactions"][0];
    assert_eq!(message["type"], "Asynchronous/Messages");
    assert_eq!(message["description"], "an order.created event");
    assert_eq!(message["providerStates"][0]["name"], "an order exists");
    assert_eq!(message["metadata"]["topic"], "orders");
    assert_eq!(message["contents"]["content"]["orderId"], 7);
    let rules = &message["matchingRules"]["content"];
    assert_eq!(rules["$.orderId"]["matchers"][0]["match"], "integer");
    assert_eq!(rules["$.items"]["matchers"][0]["min"], 1);
    assert_eq!(rules["$.items[*].sku"]["matchers"][0]["match"], "type");
}

#[test]
fn a_handler_that_rejects_a_message_fails_and_writes_nothing() {
    let dir = pact_dir();
    let err = PactBuilder::new("Shipping", "Orders")
        .output_dir(dir.path())
        .message_interaction("an order.created event without an id", |m| {
            m.json_body(pact_json!({ "note": "no id" }))
                .metadata("topic", "orders")
        })
        .verify_messages(|message| {
            handle_order_created(&message.json().unwrap_or_default(), &message.metadata).map(drop)
        })
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the handler failed on the message 'an order.created event without an id': orderId is missing"
    );
    assert!(!pact_path(dir.path(), "Shipping", "Orders").exists());
}

#[test]
fn a_v3_message_pact_is_written_with_a_messages_array() {
    let dir = pact_dir();
    let builder = PactBuilder::new("ShippingV3", "Orders")
        .specification(SpecVersion::V3)
        .output_dir(dir.path())
        .message_interaction("an order.cancelled event", |m| {
            m.json_body(pact_json!({ "orderId": integer(9) }))
                .metadata("topic", "orders")
        });
    let messages: Vec<_> = builder.messages().collect();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].content_type.as_deref(), Some("application/json"));
    builder.write_pact().unwrap();
    let pact = read_pact_json(dir.path(), "ShippingV3", "Orders");
    assert_eq!(pact["metadata"]["pactSpecification"]["version"], "3.0.0");
    assert_eq!(pact["messages"][0]["description"], "an order.cancelled event");
    assert_eq!(pact["messages"][0]["contents"]["orderId"], 9);
    assert_eq!(pact["messages"][0]["metaData"]["topic"], "orders");
}

#[test]
fn a_synchronous_message_exchange_is_recorded_as_v4() {
    let dir = pact_dir();
    let builder = PactBuilder::new("Pricing", "Quotes")
        .output_dir(dir.path())
        .synchronous_message_interaction("a price quote", |m| {
            m.given("sku A1 is on sale")
                .request(|r| {
                    r.json_body(pact_json!({ "sku": like("A1") }))
                        .metadata("replyTo", "quotes")
                })
                .response(|r| r.json_body(pact_json!({ "price": decimal(9.5) })))
        });
    let exchange = builder.synchronous_messages().next().unwrap();
    assert_eq!(exchange.request.json().unwrap()["sku"], "A1");
    assert_eq!(exchange.request.metadata["replyTo"], "quotes");
    assert_eq!(exchange.responses[0].json().unwrap()["price"], 9.5);
    builder.write_pact().unwrap();

    let pact = read_pact_json(dir.path(), "Pricing", "Quotes");
    let interaction = &pact["interactions"][0];
    assert_eq!(interaction["type"], "Synchronous/Messages");
    assert_eq!(interaction["request"]["contents"]["content"]["sku"], "A1");
    assert_eq!(interaction["response"][0]["contents"]["content"]["price"], 9.5);
    assert_eq!(
        interaction["response"][0]["matchingRules"]["content"]["$.price"]["matchers"][0]["match"],
        "decimal"
    );
}

#[tokio::test]
async fn http_and_message_interactions_share_one_v4_pact() {
    let dir = pact_dir();
    let mock = PactBuilder::new("Mixed", "Orders")
        .specification(SpecVersion::V3)
        .output_dir(dir.path())
        .interaction("get order 1", |i| {
            i.request(|r| r.get("/orders/1")).response(|r| r.ok())
        })
        .message_interaction("an order.created event", |m| {
            m.json_body(pact_json!({ "orderId": 1 }))
        })
        .start_mock_server()
        .await;
    assert_eq!(reqwest::get(mock.path("/orders/1")).await.unwrap().status(), 200);
    mock.finish().unwrap();
    let pact = read_pact_json(dir.path(), "Mixed", "Orders");
    assert_eq!(pact["metadata"]["pactSpecification"]["version"], "4.0");
    let kinds: Vec<_> = pact["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["type"].clone())
        .collect();
    assert_eq!(kinds, ["Synchronous/HTTP", "Asynchronous/Messages"]);
}
