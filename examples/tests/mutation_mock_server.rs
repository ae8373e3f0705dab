//! The mock server never answers a request its pact forbids (issue 20): each interaction of the
//! spec's request cases and of our test and example pacts is served by a real mock server, sent
//! once as it is (the recorded response must come back) and once per mutant the pact forbids (a
//! 500 mismatch report must come back). See `mutation/mod.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

mod mutation;

use mutation::Tally;
use mutation::cases::{HttpCase, pact_cases, spec_cases};
use mutation::parts::{WireRequest, request_mutants, sendable, wire_request};
use pact_consumer::{MockServer, MockServerConfig};
use pact_core::Category;

/// What the mock server answered: status, and whether it reported a mismatch.
#[derive(Debug)]
enum Answer {
    Recorded(u16),
    Mismatch,
    Other(String),
}

async fn send(client: &reqwest::Client, base: &str, wire: &WireRequest) -> Answer {
    let Ok(mut url) = reqwest::Url::parse(&format!("{base}{}", wire.path)) else {
        return Answer::Other(format!("bad path {:?}", wire.path));
    };
    if !wire.query.is_empty() {
        let mut pairs = url.query_pairs_mut();
        for (name, value) in &wire.query {
            pairs.append_pair(name, value);
        }
    }
    let Ok(method) = reqwest::Method::from_bytes(wire.method.as_bytes()) else {
        return Answer::Other(format!("bad method {:?}", wire.method));
    };
    let mut request = client.request(method, url).body(wire.body.clone());
    for (name, value) in &wire.headers {
        request = request.header(name.as_str(), value.as_str());
    }
    match request.send().await {
        Ok(response) if response.headers().contains_key("x-pact-mismatch") => {
            if response.status().as_u16() == 500 {
                Answer::Mismatch
            } else {
                Answer::Other(format!("a mismatch answered {}", response.status()))
            }
        }
        Ok(response) => Answer::Recorded(response.status().as_u16()),
        Err(error) => Answer::Other(format!("request failed: {error}")),
    }
}

/// Serves `case` and sends the honest request and every mutant; tallies what came back.
fn run_case(runtime: &tokio::runtime::Runtime, client: &reqwest::Client, case: &HttpCase, tally: &mut Tally) {
    tally.interactions += 1;
    let honest = wire_request(&case.request);
    if !sendable(&honest.headers) || !honest.path.starts_with('/') {
        tally.unsendable.push(case.name.clone());
        return;
    }
    let config = MockServerConfig::default()
        .with_check_on_drop(false)
        .with_worker_threads(1);
    let mock = MockServer::start(case.pact(), config).expect("mock server starts");
    let mutants = request_mutants(&case.interaction.request, &case.request);
    let response = &case.interaction.response;
    let generated_status = response.generators.category(Category::Status).is_some();
    runtime.block_on(async {
        match send(client, mock.url(), &honest).await {
            Answer::Recorded(status) if status == response.status || generated_status => {}
            other => tally.honest_failures.push(format!("{}: {other:?}", case.name)),
        }
        for mutant in &mutants {
            tally.mutants += 1;
            match send(client, mock.url(), &mutant.wire).await {
                Answer::Mismatch => tally.killed += 1,
                Answer::Recorded(_) => tally.survivors.push(format!("{}: {}", case.name, mutant.what)),
                Answer::Other(why) => tally
                    .errors
                    .push(format!("{}: {}: {why}", case.name, mutant.what)),
            }
        }
    });
}

#[test]
fn every_forbidden_request_gets_a_mismatch() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let pact_dir = tempfile::tempdir().unwrap();
    let example_pacts = runtime
        .block_on(examples::contracts::write_all_pacts(pact_dir.path()))
        .expect("example pacts");
    let mut cases = spec_cases("request");
    cases.extend(pact_cases(&[example_pacts.order_service]));
    let client = reqwest::Client::new();
    let mut tally = Tally::default();
    for case in &cases {
        run_case(&runtime, &client, case, &mut tally);
    }
    tally.assert_all_killed("mock server");
}
