//! The verifier never passes what it did not check (issue 20): each interaction of the spec's
//! response and message cases and of our test and example pacts is verified against a real
//! provider over loopback that answers once honestly (must pass) and once per mutant the pact
//! forbids (must fail with a mismatch). See `mutation/mod.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

mod mutation;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use mutation::Tally;
use mutation::cases::{
    HttpCase, MessageCase, pact_cases, pact_message_cases, spec_cases, spec_message_cases,
};
use mutation::parts::{
    Mutant, WireResponse, message_mutants, response_mutants, sendable, wire_message, wire_response,
};
use pact_core::ProviderState;
use pact_verifier::{
    BoxFuture, InteractionError, InteractionOutcome, StateChangeHandler, StateError, Verifier,
};
use serde_json::{Map, Value};
use tokio::sync::Semaphore;

/// The responses the provider gives, by the `X-Mutant-Id` the verifier's request filter adds.
type Script = Arc<Mutex<HashMap<String, WireResponse>>>;

/// Answers the response scripted under the request's `X-Mutant-Id` header or, for a message, under
/// the description the verifier posts.
async fn answer(script: Script, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    let id = match headers.get("x-mutant-id").and_then(|v| v.to_str().ok()) {
        Some(id) => id.to_string(),
        None => serde_json::from_slice::<Value>(&body)
            .ok()
            .and_then(|v| v["description"].as_str().map(str::to_string))
            .unwrap_or_default(),
    };
    let wire = script.lock().unwrap().get(&id).cloned();
    let Some(wire) = wire else {
        return Response::builder()
            .status(599)
            .body(Body::from("unknown mutant id"))
            .unwrap();
    };
    let mut response = Response::new(Body::from(wire.body));
    *response.status_mut() = StatusCode::from_u16(wire.status).unwrap_or(StatusCode::IM_A_TEAPOT);
    for (name, value) in wire.headers {
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            response.headers_mut().append(name, value);
        }
    }
    response
}

/// Every provider state is accepted; its parameters are the values for provider-state generators.
#[derive(Debug)]
struct AnyState;

impl StateChangeHandler for AnyState {
    fn setup<'a>(
        &'a self,
        state: &'a ProviderState,
    ) -> BoxFuture<'a, Result<Map<String, Value>, StateError>> {
        Box::pin(async move { Ok(state.params.clone()) })
    }
    fn teardown<'a>(&'a self, _state: &'a ProviderState) -> BoxFuture<'a, Result<(), StateError>> {
        Box::pin(async move { Ok(()) })
    }
}

/// What a verification run checks: an HTTP case against the response scripted under an id, or a
/// message case whose description is the id.
#[derive(Debug, Clone)]
enum Subject {
    Http(Arc<HttpCase>),
    Message(Arc<MessageCase>),
}

/// Verifies the subject against the scripted answer `id`; the outcome of its one interaction.
async fn verify(subject: &Subject, url: &str, id: String) -> InteractionOutcome {
    let verifier = match subject {
        Subject::Http(case) => Verifier::new("MutationProvider")
            .pact(case.pact())
            .request_filter(move |request| request.headers.insert("X-Mutant-Id", vec![id.clone()])),
        Subject::Message(case) => Verifier::new("MutationProvider").pact(case.pact(&id)),
    };
    let report = verifier.provider_url(url).state_handler(AnyState).verify().await;
    match report.pacts.first().and_then(|p| p.interactions.first()) {
        Some(result) => result.outcome.clone(),
        None => InteractionOutcome::Error(InteractionError::Provider {
            message: format!("no interaction verified: {:?}", report.errors),
        }),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_forbidden_response_or_message_fails_verification() {
    let pact_dir = tempfile::tempdir().unwrap();
    let example_pacts = examples::contracts::write_all_pacts(pact_dir.path())
        .await
        .expect("example pacts");
    let mut cases = spec_cases("response");
    cases.extend(pact_cases(std::slice::from_ref(&example_pacts.order_service)));
    let mut message_cases = spec_message_cases();
    message_cases.extend(pact_message_cases(&[example_pacts.notification_service]));

    let script: Script = Arc::default();
    let app = Router::new().fallback({
        let script = Arc::clone(&script);
        move |headers: HeaderMap, body: axum::body::Bytes| answer(Arc::clone(&script), headers, body)
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });

    let limit = Arc::new(Semaphore::new(8));
    let mut runs = tokio::task::JoinSet::new();
    let mut tally = Tally::default();
    let mut subjects: Vec<(Subject, WireResponse, Vec<Mutant<WireResponse>>)> = Vec::new();
    for case in cases {
        let honest = wire_response(&case.response);
        let mutants = response_mutants(&case.interaction.response, &case.response);
        subjects.push((Subject::Http(Arc::new(case)), honest, mutants));
    }
    for case in message_cases {
        let honest = wire_message(&case.message);
        let mutants = message_mutants(&case.interaction.message, &case.message);
        subjects.push((Subject::Message(Arc::new(case)), honest, mutants));
    }
    for (n, (subject, honest, mutants)) in subjects.into_iter().enumerate() {
        tally.interactions += 1;
        let name = match &subject {
            Subject::Http(case) => case.name.clone(),
            Subject::Message(case) => case.name.clone(),
        };
        if !sendable(&honest.headers) {
            tally.unsendable.push(name);
            continue;
        }
        let honest_id = format!("{n}-honest");
        script.lock().unwrap().insert(honest_id.clone(), honest);
        let mut jobs = vec![(honest_id, None)];
        for (m, mutant) in mutants.into_iter().enumerate() {
            let id = format!("{n}-{m}");
            script.lock().unwrap().insert(id.clone(), mutant.wire);
            jobs.push((id, Some(mutant.what)));
        }
        for (id, what) in jobs {
            let (subject, name, url, limit) =
                (subject.clone(), name.clone(), url.clone(), Arc::clone(&limit));
            runs.spawn(async move {
                let _permit = limit.acquire_owned().await.unwrap();
                (name, what, verify(&subject, &url, id).await)
            });
        }
    }
    while let Some(run) = runs.join_next().await {
        let (name, what, outcome) = run.unwrap();
        match (what, outcome) {
            (None, InteractionOutcome::Passed) => {}
            (None, other) => tally.honest_failures.push(format!("{name}: {other:?}")),
            (Some(_), InteractionOutcome::Failed { .. }) => {
                tally.mutants += 1;
                tally.killed += 1;
            }
            (Some(what), InteractionOutcome::Passed) => {
                tally.mutants += 1;
                tally.survivors.push(format!("{name}: {what}"));
            }
            (Some(what), InteractionOutcome::Error(message)) => {
                tally.mutants += 1;
                tally.errors.push(format!("{name}: {what}: {message}"));
            }
            (_, other) => panic!("{name}: an outcome this test does not know: {other:?}"),
        }
    }
    tally.assert_all_killed("verifier");
}
