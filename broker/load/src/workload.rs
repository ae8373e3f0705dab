//! The requests of the benchmark: what CI jobs read (pacts for verification with pending and WIP
//! pacts, can-i-deploy, the latest pact, the UI) and what they write (publishing with branches
//! and tags, tagging, recording deployments, publishing verification results).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};

use crate::stats::{ByKind, Samples};

/// The seeded shape the requests refer to: `ConsumerNNN` / `ProviderNNN`, 1-based.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shape {
    /// Consumers (as many providers).
    pub(crate) consumers: usize,
    /// Versions per pacticipant (the version `versions - 2` is deployed to production).
    pub(crate) versions: usize,
}

impl Shape {
    fn consumer(&self, i: usize) -> String {
        format!("Consumer{:03}", 1 + i % self.consumers)
    }

    /// The `j`th provider (0..5) of consumer `c` (0-based), as the seed pairs them.
    fn provider_of(&self, c: usize, j: usize) -> String {
        format!("Provider{:03}", 1 + (c % self.consumers + j * 7) % self.consumers)
    }
}

/// Sends one request; returns the status (None on a transport error) and the JSON body.
async fn send(request: reqwest::RequestBuilder) -> (Option<u16>, Value) {
    match request.send().await {
        Ok(response) => {
            let status = response.status().as_u16();
            let body = response.json::<Value>().await.unwrap_or(Value::Null);
            (Some(status), body)
        }
        Err(_) => (None, Value::Null),
    }
}

/// Read kinds measured by [`read_once`], in rotation.
pub(crate) const READ_KINDS: &[&str] = &[
    "for-verification (pending+WIP)",
    "can-i-deploy (environment)",
    "latest pact",
    "index (/ui integrations)",
    "UI pacticipant + matrix",
];

/// Performs read number `i` (its kind is `READ_KINDS[i % len]`) against `url`.
pub(crate) async fn read_once(
    client: &reqwest::Client,
    url: &str,
    shape: Shape,
    i: usize,
) -> (&'static str, Duration, Option<u16>) {
    let kind = READ_KINDS[i % READ_KINDS.len()];
    let round = i / READ_KINDS.len();
    let c = round * 13 % shape.consumers;
    let consumer = shape.consumer(c);
    let provider = shape.provider_of(c, round % 5);
    let request = match kind {
        "for-verification (pending+WIP)" => client
            .post(format!("{url}/pacts/provider/{provider}/for-verification"))
            .json(&json!({
                "consumerVersionSelectors": [{"mainBranch": true}, {"deployedOrReleased": true}],
                "providerVersionBranch": "main", "includePendingStatus": true, "includeWipPactsSince": "2020-01-01"
            })),
        "can-i-deploy (environment)" => {
            let (name, number) = if round.is_multiple_of(2) {
                (consumer.clone(), format!("{}.0.{}", 1 + c, shape.versions - 2))
            } else {
                let p = 1 + (c % shape.consumers + (round % 5) * 7) % shape.consumers;
                (provider.clone(), format!("{}.0.{}", shape.consumers + p, shape.versions - 2))
            };
            client.get(format!(
                "{url}/can-i-deploy?pacticipant={name}&version={number}&environment=production"
            ))
        }
        "latest pact" => client.get(format!("{url}/pacts/provider/{provider}/consumer/{consumer}/latest")),
        "index (/ui integrations)" => client.get(format!("{url}/ui")),
        _ if round.is_multiple_of(2) => client.get(format!("{url}/ui/pacticipants/{consumer}")),
        _ => client.get(format!("{url}/ui/matrix/provider/{provider}/consumer/{consumer}")),
    };
    let started = Instant::now();
    let (status, _) = send(request).await;
    (kind, started.elapsed(), status)
}

/// Runs `readers` concurrent readers until each read kind has `per_kind` samples or `limit` passed.
pub(crate) async fn read_phase(
    client: &reqwest::Client,
    urls: &[String],
    shape: Shape,
    readers: usize,
    per_kind: usize,
    limit: Duration,
) -> ByKind {
    let total = per_kind * READ_KINDS.len();
    let next = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + limit;
    let mut tasks = Vec::new();
    for r in 0..readers.max(1) {
        let client = client.clone();
        let url = urls[r % urls.len()].clone();
        let next = Arc::clone(&next);
        tasks.push(tokio::spawn(async move {
            let mut by_kind = ByKind::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total || Instant::now() > deadline {
                    break;
                }
                let (kind, elapsed, status) = read_once(&client, &url, shape, i).await;
                by_kind.entry(kind).or_default().record(elapsed, status);
            }
            by_kind
        }));
    }
    let mut all = ByKind::new();
    for task in tasks {
        if let Ok(by_kind) = task.await {
            crate::stats::merge_all(&mut all, by_kind);
        }
    }
    all
}

/// The base64 content of a small pact.
fn pact_content(consumer: &str, provider: &str, tag: &str) -> String {
    let pact = json!({
        "consumer": {"name": consumer}, "provider": {"name": provider},
        "interactions": [{"description": format!("load {tag}"), "request": {"method": "GET", "path": format!("/load/{tag}")},
                          "response": {"status": 200, "body": {"tag": tag}}}],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    });
    base64::engine::general_purpose::STANDARD.encode(pact.to_string())
}

/// What the writers did.
#[derive(Debug, Default)]
pub(crate) struct WriteFigures {
    /// Per write kind.
    pub(crate) by_kind: ByKind,
    /// Wall time of the writing.
    pub(crate) elapsed: Duration,
}

/// One CI job of writer `w`, iteration `i`: publish a pact (branch + tag), tag the version,
/// fetch the pact as the provider's verifier does and publish a result, and every fourth job
/// record a deployment of the version to production.
#[allow(clippy::too_many_arguments)] // one CI job's shape, names and counters, all needed
async fn write_job(
    client: &reqwest::Client,
    url: &str,
    shape: Shape,
    prefix: &str,
    environment: &str,
    w: usize,
    i: usize,
    by_kind: &mut ByKind,
) {
    let c = (w * 7 + i) % shape.consumers;
    let consumer = shape.consumer(c);
    let provider = shape.provider_of(c, i % 5);
    let version = format!("{prefix}-{w}-{i}");
    let branch = format!("feat-{}", (w + i) % 5);
    let content = pact_content(&consumer, &provider, &format!("{w}-{}", i % 3));
    let body = json!({
        "pacticipantName": consumer, "pacticipantVersionNumber": version, "branch": branch, "tags": [branch],
        "buildUrl": "http://127.0.0.1/ci",
        "contracts": [{"consumerName": consumer, "providerName": provider, "specification": "pact",
                       "contentType": "application/json", "content": content}]
    });
    let mut timed = async |kind: &'static str, request: reqwest::RequestBuilder| {
        let started = Instant::now();
        let (status, body) = send(request).await;
        by_kind.entry(kind).or_default().record(started.elapsed(), status);
        body
    };
    timed(
        "publish",
        client.post(format!("{url}/contracts/publish")).json(&body),
    )
    .await;
    timed(
        "tag version",
        client
            .put(format!(
                "{url}/pacticipants/{consumer}/versions/{version}/tags/qa"
            ))
            .json(&json!({})),
    )
    .await;
    let pact = timed(
        "fetch pact (verifier)",
        client.get(format!(
            "{url}/pacts/provider/{provider}/consumer/{consumer}/version/{version}"
        )),
    )
    .await;
    if let Some(href) = pact
        .pointer("/_links/pb:publish-verification-results/href")
        .and_then(Value::as_str)
    {
        timed(
            "publish verification",
            client.post(href).json(&json!({
                "success": !i.is_multiple_of(11), "providerApplicationVersion": format!("{prefix}-p{w}-{i}"),
                "buildUrl": "http://127.0.0.1/verify"
            })),
        )
        .await;
    }
    if i.is_multiple_of(4) && !environment.is_empty() {
        timed(
            "record deployment",
            client
                .post(format!(
                    "{url}/pacticipants/{consumer}/versions/{version}/deployed-versions/environment/{environment}"
                ))
                .json(&json!({"applicationInstance": format!("i{}", w % 3)})),
        )
        .await;
    }
}

/// The production environment's UUID (empty when none).
pub(crate) async fn production_uuid(client: &reqwest::Client, url: &str) -> String {
    let (_, body) = send(client.get(format!("{url}/environments?name=production"))).await;
    body.pointer("/_embedded/environments")
        .and_then(Value::as_array)
        .and_then(|list| {
            list.iter()
                .find(|e| e.get("name").and_then(Value::as_str) == Some("production"))
        })
        .and_then(|e| e.get("uuid"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// Runs `writers` concurrent CI jobs in a loop until `stop` is set.
pub(crate) async fn write_until(
    client: &reqwest::Client,
    urls: &[String],
    shape: Shape,
    writers: usize,
    prefix: &str,
    stop: Arc<AtomicBool>,
) -> WriteFigures {
    let environment = production_uuid(client, &urls[0]).await;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..writers {
        let client = client.clone();
        let url = urls[w % urls.len()].clone();
        let prefix = prefix.to_string();
        let environment = environment.clone();
        let stop = Arc::clone(&stop);
        tasks.push(tokio::spawn(async move {
            let mut by_kind = ByKind::new();
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                write_job(&client, &url, shape, &prefix, &environment, w, i, &mut by_kind).await;
                i += 1;
            }
            by_kind
        }));
    }
    let mut figures = WriteFigures::default();
    for task in tasks {
        if let Ok(by_kind) = task.await {
            crate::stats::merge_all(&mut figures.by_kind, by_kind);
        }
    }
    figures.elapsed = started.elapsed();
    figures
}

/// Publishes `pacts` pacts from `publishers` concurrent clients as fast as they go; returns the
/// samples and the wall time.
pub(crate) async fn publish_burst(
    client: &reqwest::Client,
    urls: &[String],
    shape: Shape,
    publishers: usize,
    pacts: usize,
    prefix: &str,
) -> (Samples, Duration) {
    let per_client = pacts.div_ceil(publishers.max(1));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for p in 0..publishers {
        let client = client.clone();
        let url = urls[p % urls.len()].clone();
        let prefix = prefix.to_string();
        tasks.push(tokio::spawn(async move {
            let mut samples = Samples::default();
            for i in 0..per_client {
                // At each step the clients publish for different consumers (as the CI jobs of
                // different services do), so they do not queue on one consumer's write lock.
                let c = (p + i * publishers) % shape.consumers;
                let consumer = shape.consumer(c);
                let provider = shape.provider_of(c, (p + i) % 5);
                let body = json!({
                    "pacticipantName": consumer, "pacticipantVersionNumber": format!("{prefix}-b{p}-{i}"),
                    "branch": "load", "tags": ["load"],
                    "contracts": [{"consumerName": consumer, "providerName": provider, "specification": "pact",
                                   "contentType": "application/json",
                                   "content": pact_content(&consumer, &provider, &format!("b{p}-{i}"))}]
                });
                let t = Instant::now();
                let (status, _) = send(client.post(format!("{url}/contracts/publish")).json(&body)).await;
                samples.record(t.elapsed(), status);
            }
            samples
        }));
    }
    let mut all = Samples::default();
    for task in tasks {
        if let Ok(samples) = task.await {
            all.merge(samples);
        }
    }
    (all, started.elapsed())
}
