//! Issue 15, point 2: numbers from outside the broker (paging, ages) are checked. Out of range is a
//! 400 naming the field (or a clear CLI error), never a panic or a wrapped value.
#![allow(clippy::unwrap_used)]

mod server_support;

use assert_cmd::Command;
use pact_broker::ops::keep::KeepSelector;
use pact_broker::store::clean::{CleanOptions, clean};
use serde_json::json;
use server_support::{Db, TestBroker};

/// `(pageNumber - 1) * pageSize` past `i64::MAX` used to panic in debug builds and wrap to a
/// negative OFFSET in release builds.
#[tokio::test]
async fn a_page_beyond_the_largest_offset_is_a_400_naming_page_number() {
    let b = TestBroker::start(Db::Sqlite).await;
    b.publish("Web", "1", "Api", None, &[], &json!({})).await;
    for path in [
        "/pacticipants?pageNumber=9223372036854775807&pageSize=2",
        "/pacticipants/Web/versions?pageNumber=9223372036854775807&pageSize=2",
        "/pacticipants?pageNumber=4611686018427387905&pageSize=1000",
    ] {
        let reply = b.get(path).await;
        assert_eq!(reply.status, 400, "{path}: {}", reply.text);
        let message = reply.body["errors"]["pageNumber"][0].as_str().unwrap_or_default();
        assert!(message.contains("too large"), "{path}: {}", reply.text);
    }
    let beyond_i64 = b
        .get("/pacticipants?pageNumber=99999999999999999999&pageSize=2")
        .await;
    assert_eq!(beyond_i64.status, 400, "{}", beyond_i64.text);
    assert!(
        beyond_i64.body["errors"]["pageNumber"].is_array(),
        "{}",
        beyond_i64.text
    );
    // The broker still serves the first page.
    let first = b.get("/pacticipants?pageNumber=1&pageSize=2").await;
    assert_eq!(first.status, 200, "{}", first.text);
}

/// The last page whose offset fits is an empty page with a `previous` link, not a wrapped one.
#[tokio::test]
async fn the_largest_page_that_fits_is_empty() {
    let b = TestBroker::start(Db::Sqlite).await;
    b.publish("Web", "1", "Api", None, &[], &json!({})).await;
    let reply = b
        .get("/pacticipants?pageNumber=9223372036854775807&pageSize=1")
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body["page"]["number"], i64::MAX, "{}", reply.text);
    assert!(
        reply.body["_embedded"]["pacticipants"]
            .as_array()
            .is_none_or(Vec::is_empty),
        "{}",
        reply.text
    );
    let previous = reply.body["_links"]["previous"]["href"]
        .as_str()
        .unwrap_or_default();
    assert!(
        previous.contains("pageNumber=9223372036854775806"),
        "{}",
        reply.text
    );
}

/// `--keep '{"maxAge":N}'` with N beyond the range of dates used to panic subtracting
/// `chrono::Duration::days(N)` from now; it is now refused naming the key.
#[test]
fn clean_refuses_a_max_age_beyond_the_range_of_dates() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("broker.sqlite").display());
    for age in ["9223372036854775807", "106751991167300", "1000001"] {
        Command::cargo_bin("pact-broker")
            .unwrap()
            .args([
                "clean",
                "--database-url",
                &url,
                "--keep",
                &format!(r#"{{"maxAge":{age}}}"#),
            ])
            .assert()
            .code(1)
            .stderr(predicates::str::contains(
                "'maxAge' must be a whole number of days from 0 to 1000000",
            ));
    }
    let e = KeepSelector::parse(r#"{"max_age":-1}"#).unwrap_err().to_string();
    assert!(e.contains("'max_age' must be a whole number of days"), "{e}");
    assert!(KeepSelector::parse(r#"{"maxAge":1000000}"#).is_ok());
}

/// A selector built in code (not parsed) with an age beyond the range of dates keeps versions of
/// every age instead of panicking.
#[tokio::test]
async fn clean_with_an_unparsed_huge_age_keeps_every_version() {
    let b = TestBroker::start(Db::Sqlite).await;
    b.publish("Web", "1", "Api", None, &[], &json!({})).await;
    let report = clean(
        &b.store,
        &CleanOptions {
            keep: vec![KeepSelector {
                max_age_days: Some(i64::MAX),
                ..KeepSelector::default()
            }],
            batch_size: 10,
            dry_run: false,
        },
        |_| {},
    )
    .await
    .unwrap();
    assert!(report.removed.is_empty(), "{report:?}");
    assert_eq!(b.get("/pacticipants/Web/versions/1").await.status, 200);
}
