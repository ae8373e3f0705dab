//! The wire types read the broker's snapshot replies (`broker/tests/snapshots/`) and write them
//! back byte for byte: the server that serialises these types and the clients that deserialise
//! them provably agree on every field.
#![allow(clippy::unwrap_used)]

mod common;

use pact_broker_api::{Index, Matrix, PactsForVerification};

const SUITE: &str = "broker_snapshots";

fn snapshot(name: &str) -> String {
    common::snapshot(SUITE, name)
}

#[test]
fn pacts_for_verification_round_trip_byte_for_byte() {
    common::assert_round_trip::<PactsForVerification>(SUITE, "for_verification");
}

#[test]
fn the_can_i_deploy_matrix_round_trips_byte_for_byte() {
    common::assert_round_trip::<Matrix>(SUITE, "can_i_deploy");
}

#[test]
fn the_index_round_trips_byte_for_byte() {
    // `curies` keep the server's name-first order through `Curie`.
    let index: Index = common::assert_round_trip(SUITE, "index");
    assert!(
        index
            .links
            .first("pb:provider-pacts-for-verification")
            .is_some_and(|l| l.is_templated())
    );
}

#[test]
fn pacts_for_verification_read_the_notices_and_pending_state() {
    let reply: PactsForVerification = serde_json::from_str(&snapshot("for_verification")).unwrap();
    let first = &reply.embedded.pacts[0];
    assert_eq!(first.short_description, "latest from main branch");
    assert_eq!(first.verification_properties.pending, Some(true));
    assert_eq!(
        first.verification_properties.notices[0].when_to_show(),
        "before_verification"
    );
    assert_eq!(
        first.links.first("self").and_then(|l| l.name.as_deref()),
        Some("Pact between Web (1) and Api")
    );
}

#[test]
fn the_matrix_reads_the_verdict_and_rows() {
    let reply: Matrix = serde_json::from_str(&snapshot("can_i_deploy")).unwrap();
    assert_eq!(reply.summary.deployable, Some(true));
    assert_eq!(reply.notices[0].kind(), "success");
    let row = &reply.matrix[0];
    assert_eq!(
        row.provider.version.as_ref().map(|v| v.number.as_str()),
        Some("10")
    );
    assert_eq!(
        row.verification_result.as_ref().and_then(|v| v.success),
        Some(true)
    );
}
