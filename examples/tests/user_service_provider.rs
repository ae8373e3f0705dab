//! Provider verification of user-service: the real service (a temp SQLite file, 127.0.0.1:0)
//! replayed against the pact that order-service's consumer scenarios write, with state hooks
//! that insert and delete rows. The pact is generated here first, so this test depends on no
//! other test binary.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod common;

use std::path::PathBuf;

use examples::contracts::consumer::{self, write_order_service_pact};
use examples::contracts::{ORDER_SERVICE, USER_SERVICE, with_user_service_states};
use examples::order_service::MessageProducer;
use examples::user_service::{RunningUserService, UserServiceConfig};
use pact_verifier::{VerificationReport, Verifier};

struct Provider {
    service: RunningUserService,
    pact: PathBuf,
    _dir: tempfile::TempDir,
}

async fn provider(config: UserServiceConfig) -> Provider {
    let dir = tempfile::tempdir().unwrap();
    let pact = write_order_service_pact(&dir.path().join("pacts")).await.unwrap();
    let service = common::start_user_service(dir.path(), config).await;
    Provider {
        service,
        pact,
        _dir: dir,
    }
}

async fn verify(provider: &Provider) -> VerificationReport {
    let verifier = Verifier::new(USER_SERVICE)
        .pact_file(&provider.pact)
        .provider_url(provider.service.url());
    with_user_service_states(verifier, provider.service.store().clone())
        .verify()
        .await
}

#[tokio::test]
async fn user_service_honours_the_order_service_pact() {
    let provider = provider(UserServiceConfig::default()).await;

    let report = verify(&provider).await;

    report.assert_passed();
    let summary = report.summary();
    assert_eq!((summary.pacts, summary.interactions, summary.passed), (1, 4, 4));
    assert_eq!(report.pacts[0].consumer, ORDER_SERVICE);
}

#[tokio::test]
async fn state_teardown_removes_the_rows_the_states_inserted() {
    let provider = provider(UserServiceConfig::default()).await;

    verify(&provider).await.assert_passed();

    let store = provider.service.store();
    assert!(
        store.find(42).await.unwrap().is_none(),
        "user 42 should be deleted by the teardown"
    );
    // The registration interaction really created Bob (no state cleans it up): one row left.
    assert_eq!(store.count().await.unwrap(), 1);
}

#[tokio::test]
async fn renaming_email_breaks_the_pact_with_a_report_that_names_the_field() {
    let provider = provider(UserServiceConfig::default().with_breaking_change()).await;

    let report = verify(&provider).await;

    assert!(!report.passed());
    let summary = report.summary();
    assert_eq!(
        summary.failed, 2,
        "GET user 42 and POST /users both lose `email`:\n{report}"
    );
    let text = report.to_string();
    assert!(text.contains(consumer::GET_USER), "{text}");
    assert!(
        text.contains("$.email: expected \"alice@example.com\" but it was missing"),
        "{text}"
    );
    assert!(text.contains("email_address"), "{text}");
}

#[tokio::test]
async fn order_service_honours_the_notification_service_message_pact() {
    let dir = tempfile::tempdir().unwrap();
    let pact = consumer::write_notification_service_pact(dir.path()).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move { axum::serve(listener, MessageProducer::new().router()).await });

    let report = Verifier::new(ORDER_SERVICE)
        .pact_file(&pact)
        .provider_url(url)
        .verify()
        .await;

    server.abort();
    report.assert_passed();
    assert_eq!(report.summary().passed, 1);
}
