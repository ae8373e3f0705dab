//! Route coverage against the Pact Broker's route table (issue 13 point 8).
//!
//! `docs/pact_broker_routes.txt` is the Pact Broker's route list (its `lib/pact_broker/api.rb`);
//! `docs/routes.md` says, for each route, whether this broker serves it, deliberately refuses it
//! (with the reason) or is missing it. This test asks our router, route by route, whether a
//! request on that path reaches a resource (a resource's own 404 or 405 counts: only the
//! router's fallback means "no such route") and fails when the table and the router disagree,
//! so a route that disappears, or one added without updating the table, fails CI.

mod server_support;

use axum::body::Body;
use axum::http::{Method, Request};
use pact_broker::http::NoRoute;
use serde_json::json;
use server_support::{Db, TestBroker};
use tower::ServiceExt;

const ROUTE_LIST: &str = include_str!("../docs/pact_broker_routes.txt");
const ROUTE_TABLE: &str = include_str!("../docs/routes.md");

/// The Pact Broker's routes: (resource name, path with `:params`).
fn pact_broker_routes() -> Vec<(String, String)> {
    ROUTE_LIST
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (name, path) = l.split_once(' ').expect("'<resource> <path>' line");
            (name.to_string(), path.trim().to_string())
        })
        .collect()
}

/// A row of `docs/routes.md`: path, status (`served`, `refused` or `missing`) and notes.
#[derive(Debug, Clone)]
struct TableRow {
    path: String,
    status: String,
    notes: String,
}

fn table_rows() -> Vec<TableRow> {
    ROUTE_TABLE
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            assert!(cells.len() >= 4, "a table row has 4 cells: {l}");
            TableRow {
                path: cells[0].trim_matches('`').to_string(),
                status: cells[2].to_string(),
                notes: cells[3].to_string(),
            }
        })
        .collect()
}

/// A concrete path for a route: each `:param` becomes a plausible value.
fn sample_path(path: &str) -> String {
    path.split('/')
        .map(|segment| match segment.strip_prefix(':') {
            None => segment.to_string(),
            Some(param) => match param {
                "provider_name" => "Bar".into(),
                "consumer_name" | "pacticipant_name" => "Foo".into(),
                "consumer_version_number" | "pacticipant_version_number" | "version_number" => "1".into(),
                "comparison_consumer_version" => "2".into(),
                "pact_version_sha" | "comparison_pact_version_sha" => "0123abcd".into(),
                "verification_number" => "1".into(),
                "metadata" => "e30".into(),
                "branch_name" => "main".into(),
                "environment_name" => "production".into(),
                "environment_uuid" | "uuid" | "trigger_uuid" => "00000000-0000-0000-0000-000000000000".into(),
                "label_name" => "team-a".into(),
                _ => "prod".into(),
            },
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether a `GET` on the path reaches a resource rather than the router's fallback.
async fn routed(broker: &TestBroker, path: &str) -> bool {
    let request = Request::builder()
        .method(Method::GET)
        .uri(if path.is_empty() { "/" } else { path })
        .header("Host", "broker.test")
        .header("Accept", "application/hal+json")
        .body(Body::empty())
        .expect("request");
    let response = broker.app.clone().oneshot(request).await.expect("response");
    response.extensions().get::<NoRoute>().is_none()
}

async fn route_table_matches_the_router(db: Db) {
    let broker = TestBroker::start(db).await;
    // Some data so that resources answer for the sample names (not needed for routing, but it
    // keeps a resource's own 404 from hiding a handler error).
    let reply = broker
        .publish("Foo", "1", "Bar", Some("main"), &["prod"], &json!({ "v": 1 }))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);

    let table = table_rows();
    let mut problems = Vec::new();
    let mut generated = String::new();
    for (resource, path) in pact_broker_routes() {
        let served = routed(&broker, &sample_path(&path)).await;
        let row = table.iter().find(|r| r.path == path);
        let (status, notes) = match row {
            Some(r) => (r.status.clone(), r.notes.clone()),
            None => {
                problems.push(format!("{path}: not in docs/routes.md"));
                (
                    if served { "served" } else { "missing" }.to_string(),
                    String::new(),
                )
            }
        };
        match (status.as_str(), served) {
            ("served", false) => {
                problems.push(format!("{path}: the table says served, but no route matches it"))
            }
            ("refused" | "missing", true) => problems.push(format!(
                "{path}: the table says {status}, but the router serves it"
            )),
            ("refused", false) if notes.is_empty() => {
                problems.push(format!("{path}: refused without a reason"))
            }
            ("served" | "refused" | "missing", _) => {}
            (other, _) => problems.push(format!("{path}: unknown status '{other}'")),
        }
        let now = match (status.as_str(), served) {
            (_, true) => "served",
            ("refused", false) => "refused",
            _ => "missing",
        };
        generated.push_str(&format!("| `{path}` | {resource} | {now} | {notes} |\n"));
    }
    for row in &table {
        if !pact_broker_routes().iter().any(|(_, p)| *p == row.path) {
            problems.push(format!(
                "{}: in docs/routes.md but not in the Pact Broker's route list",
                row.path
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "docs/routes.md and the router disagree:\n{}\n\nThe table as the router sees it:\n{generated}",
        problems.join("\n")
    );
}
on_every_database!(
    route_table_matches_the_router_on_every_database,
    route_table_matches_the_router
);

/// `.json` and `.svg` suffixes reach the same resources, with the matching media type.
async fn suffixed_paths_reach_the_resources(db: Db) {
    let broker = TestBroker::start(db).await;
    let reply = broker
        .publish("Foo", "1", "Bar", Some("main"), &[], &json!({ "v": 1 }))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);

    let plain = broker.get("/pacticipants/Foo").await;
    let suffixed = broker.get("/pacticipants/Foo.json").await;
    assert_eq!(suffixed.status, 200, "{}", suffixed.text);
    assert_eq!(suffixed.body["name"], plain.body["name"]);
    assert_eq!(suffixed.body["_links"]["self"], plain.body["_links"]["self"]);

    let pact = broker.get("/pacts/provider/Bar/consumer/Foo/latest.json").await;
    assert_eq!(pact.status, 200, "{}", pact.text);
    assert_eq!(pact.body["consumer"]["name"], "Foo");

    let badge = broker
        .get("/pacts/provider/Bar/consumer/Foo/latest/badge.svg")
        .await;
    assert_eq!(badge.status, 200, "{}", badge.text);
    assert!(badge.text.contains("<svg"), "{}", badge.text);
    let content_type = badge.headers["content-type"].to_str().unwrap_or_default();
    assert!(content_type.starts_with("image/svg+xml"), "{content_type}");

    // A version number with dots is not a suffix.
    let version = broker.get("/pacticipants/Foo/versions/1").await;
    assert_eq!(version.status, 200, "{}", version.text);
    let missing = broker.get("/pacticipants/Foo/versions/1.2.3").await;
    assert_eq!(missing.status, 404, "{}", missing.text);
    assert!(missing.text.contains("1.2.3"), "{}", missing.text);
}
on_every_database!(
    suffixed_paths_reach_the_resources_on_every_database,
    suffixed_paths_reach_the_resources
);

/// The deprecated singular `/pact/…` paths and the alternative verification-result paths.
async fn alternative_routes_answer_like_the_main_ones(db: Db) {
    let broker = TestBroker::start(db).await;
    let reply = broker
        .publish("Foo", "1", "Bar", None, &["prod"], &json!({ "v": 1 }))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let verified = broker.verify("Bar", "Foo", "1", "9", true).await;
    assert_eq!(verified.status, 201, "{}", verified.text);

    let main = broker.get("/pacts/provider/Bar/consumer/Foo/version/1").await;
    let singular = broker.get("/pact/provider/Bar/consumer/Foo/version/1").await;
    assert_eq!(singular.status, 200, "{}", singular.text);
    assert_eq!(singular.body["interactions"], main.body["interactions"]);
    let singular_latest = broker.get("/pact/provider/Bar/consumer/Foo/latest").await;
    assert_eq!(singular_latest.status, 200, "{}", singular_latest.text);

    for path in [
        "/pacts/provider/Bar/consumer/Foo/version/1/verification-results/latest",
        "/pacts/provider/Bar/consumer/Foo/latest/verification-results/latest",
        "/pacts/provider/Bar/consumer/Foo/latest/prod/verification-results/latest",
    ] {
        let result = broker.get(path).await;
        assert_eq!(result.status, 200, "{path}: {}", result.text);
        assert_eq!(result.body["success"], true, "{path}");
        assert_eq!(result.body["providerApplicationVersion"], "9", "{path}");
    }
    let untagged = broker
        .get("/pacts/provider/Bar/consumer/Foo/latest/dev/verification-results/latest")
        .await;
    assert_eq!(untagged.status, 404, "{}", untagged.text);

    let integrations = broker.get("/integrations").await;
    assert_eq!(integrations.status, 200, "{}", integrations.text);
    let mut listed = integrations.body["_embedded"]["integrations"].clone();
    let published = listed[0]
        .as_object_mut()
        .and_then(|i| i.remove("latestPactOrVerificationPublishedAt"));
    assert!(published.is_some_and(|d| d.is_string()), "{}", integrations.text);
    assert_eq!(
        listed,
        json!([{
            "consumer": { "name": "Foo" }, "provider": { "name": "Bar" },
            "verificationStatus": "success",
            "_links": {
                "pb:delete_integration": { "href": "http://broker.test/integrations/provider/Bar/consumer/Foo",
                               "title": "Delete the integration between Foo and Bar" },
                "pb:matrix": { "href": "http://broker.test/matrix/provider/Bar/consumer/Foo",
                               "title": "Matrix of pacts/verification results for Foo and Bar" },
                "pb:group": { "href": "http://broker.test/groups/Foo" },
            }
        }])
    );

    let matrix = broker.get("/matrix/provider/Bar/consumer/Foo").await;
    assert_eq!(matrix.status, 200, "{}", matrix.text);
    assert_eq!(matrix.body["matrix"][0]["provider"]["version"]["number"], "9");
}
on_every_database!(
    alternative_routes_answer_like_the_main_ones_on_every_database,
    alternative_routes_answer_like_the_main_ones
);
