//! Issue 13 points 1–6: the response shapes existing Pact Broker clients read, compared with the
//! Pact Broker's decorators and resources (`DeprecatedPacticipantsDecorator`,
//! `PacticipantDecorator`, `MatrixDecorator`, `Matrix#malformed_request?`, `LatestPact`,
//! `ValidationErrorsProblemJSONDecorator` / `CustomErrorProblemJSONDecorator`), on SQLite and
//! (with `DATABASE_URL`) PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod server_support;

use axum::body::Body;
use axum::http::{Method, Request};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use server_support::{Db, Reply, TestBroker};
use tower::ServiceExt;

/// A request with a chosen `Accept` header.
async fn with_accept(b: &TestBroker, method: Method, path: &str, accept: &str, body: Option<&str>) -> Reply {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header("Host", "broker.test")
        .header("Accept", accept)
        .header("Content-Type", "application/json")
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
        .unwrap();
    let response = b.app.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes).to_string();
    Reply {
        status,
        headers,
        body: serde_json::from_str(&text).unwrap_or(Value::Null),
        text,
    }
}

fn content_type(reply: &Reply) -> String {
    reply.headers["content-type"].to_str().unwrap().to_string()
}

/// Point 1: `GET /pacticipants` as `DeprecatedPacticipantsDecorator` renders it.
async fn pacticipant_list_has_the_deprecated_shapes(db: Db) {
    let b = TestBroker::start(db).await;
    let reply = b.publish("Foo", "1", "Bar", None, &[], &json!({ "v": 1 })).await;
    assert_eq!(reply.status, 200, "{}", reply.text);

    let list = b.get("/pacticipants").await;
    assert_eq!(list.status, 200, "{}", list.text);
    assert_eq!(
        list.body["_links"]["self"],
        json!({ "href": "http://broker.test/pacticipants" })
    );
    assert_eq!(
        list.body["_links"]["pacticipants"],
        json!([
            { "href": "http://broker.test/pacticipants/Bar", "title": "Bar", "name": "DEPRECATED - please use pb:pacticipants" },
            { "href": "http://broker.test/pacticipants/Foo", "title": "Foo", "name": "DEPRECATED - please use pb:pacticipants" },
        ])
    );
    assert_eq!(
        list.body["_links"]["pb:pacticipants"][1],
        json!({ "href": "http://broker.test/pacticipants/Foo", "title": "Pacticipant", "name": "Foo" })
    );
    assert_eq!(
        list.body["_links"]["pb:pacticipants-with-label"]["templated"],
        true
    );

    let deprecated = list.body["pacticipants"]
        .as_array()
        .expect("top-level pacticipants array");
    assert_eq!(deprecated.len(), 2);
    let first = &deprecated[1];
    assert_eq!(first["name"], "Foo");
    assert_eq!(
        first["title"],
        "DEPRECATED - Please use the embedded pacticipants collection"
    );
    assert_eq!(first["_embedded"]["latest-version"]["number"], "1");
    assert_eq!(first["_embedded"]["latestVersion"]["number"], "1");
    assert_eq!(
        first["_embedded"]["latest-version"]["_links"]["self"]["href"],
        "http://broker.test/pacticipants/Foo/versions/1"
    );
    // Bar has no version: no latest version embedded.
    assert_eq!(deprecated[0]["name"], "Bar");
    assert!(
        deprecated[0]["_embedded"].get("latest-version").is_none(),
        "{}",
        deprecated[0]
    );
    // The embedded collection carries the same pacticipants, without the deprecation title.
    let embedded = &list.body["_embedded"]["pacticipants"];
    assert_eq!(embedded[1]["_embedded"]["latestVersion"]["number"], "1");
    assert!(embedded[1].get("title").is_none());

    // Paging asked for: self names the page.
    let paged = b.get("/pacticipants?pageSize=1&pageNumber=2").await;
    assert_eq!(paged.status, 200, "{}", paged.text);
    assert_eq!(
        paged.body["_links"]["self"]["href"],
        "http://broker.test/pacticipants?pageNumber=2&pageSize=1"
    );
    assert_eq!(paged.body["pacticipants"][0]["name"], "Foo");
}
on_every_database!(
    pacticipant_list_has_the_deprecated_shapes_on_every_database,
    pacticipant_list_has_the_deprecated_shapes
);

/// Point 2: `GET /pacticipants/{name}` also has `_embedded["latest-version"]` and `_links.versions`.
async fn pacticipant_has_the_old_relation_names(db: Db) {
    let b = TestBroker::start(db).await;
    b.publish("Foo", "1", "Bar", None, &[], &json!({ "v": 1 })).await;
    b.publish("Foo", "2", "Bar", None, &[], &json!({ "v": 2 })).await;

    let pacticipant = b.get("/pacticipants/Foo").await;
    assert_eq!(pacticipant.status, 200, "{}", pacticipant.text);
    assert_eq!(
        pacticipant.body["_embedded"]["latest-version"],
        json!({
            "number": "2",
            "createdAt": pacticipant.body["_embedded"]["latestVersion"]["createdAt"],
            "title": "DEPRECATED - please use latestVersion",
            "name": "DEPRECATED - please use latestVersion",
            "_links": { "self": { "href": "http://broker.test/pacticipants/Foo/versions/2", "title": "Version", "name": "2" } },
        })
    );
    assert_eq!(pacticipant.body["_embedded"]["latestVersion"]["number"], "2");
    assert_eq!(
        pacticipant.body["_links"]["versions"],
        json!({ "href": "http://broker.test/pacticipants/Foo/versions", "title": "Deprecated - use pb:versions" })
    );
    assert_eq!(
        pacticipant.body["_links"]["pb:versions"]["href"],
        "http://broker.test/pacticipants/Foo/versions"
    );
    assert_eq!(pacticipant.body["_embedded"]["labels"], json!([]));
}
on_every_database!(
    pacticipant_has_the_old_relation_names_on_every_database,
    pacticipant_has_the_old_relation_names
);

/// Point 3: with `ignore[]`, counted rows first, then the ignored ones flagged `ignored: true`.
async fn matrix_puts_ignored_rows_last(db: Db) {
    let b = TestBroker::start(db).await;
    // Foo v1 has pacts with "Accounts" (unverified, to be ignored) and "Billing" (verified).
    b.publish("Foo", "1", "Accounts", None, &[], &json!({ "a": 1 }))
        .await;
    b.publish("Foo", "1", "Billing", None, &[], &json!({ "b": 1 }))
        .await;
    assert_eq!(b.verify("Billing", "Foo", "1", "7", true).await.status, 201);

    let plain = b
        .get("/matrix?q[][pacticipant]=Foo&q[][version]=1&latestby=cvp&latest=true")
        .await;
    assert_eq!(plain.status, 200, "{}", plain.text);
    let first: Vec<&str> = plain.body["matrix"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["provider"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        first[0], "Accounts",
        "without ignores Accounts sorts first: {first:?}"
    );
    assert!(plain.body["matrix"][0].get("ignored").is_none());
    assert_eq!(plain.body["summary"]["deployable"], Value::Null);

    let ignoring = b
        .get("/matrix?q[][pacticipant]=Foo&q[][version]=1&latestby=cvp&latest=true&ignore[][pacticipant]=Accounts")
        .await;
    assert_eq!(ignoring.status, 200, "{}", ignoring.text);
    let rows = ignoring.body["matrix"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{}", ignoring.text);
    assert_eq!(rows[0]["provider"]["name"], "Billing");
    assert!(
        rows[0].get("ignored").is_none(),
        "a counted row has no ignored key: {}",
        rows[0]
    );
    assert_eq!(rows[1]["provider"]["name"], "Accounts");
    assert_eq!(rows[1]["ignored"], true);
    assert_eq!(ignoring.body["summary"]["deployable"], true);
    assert_eq!(ignoring.body["summary"]["ignored"], 1);
    assert_eq!(ignoring.body["summary"]["success"], 1);
    // The limit applies after the ordering: one row is the counted one, not the ignored one.
    let limited = b
        .get("/matrix?q[][pacticipant]=Foo&q[][version]=1&latestby=cvp&latest=true&ignore[][pacticipant]=Accounts&limit=1")
        .await;
    assert_eq!(limited.status, 200, "{}", limited.text);
    let rows = limited.body["matrix"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{}", limited.text);
    assert_eq!(rows[0]["provider"]["name"], "Billing", "{}", limited.text);

    // can-i-deploy answers the same way.
    let cid = b
        .get("/can-i-deploy?pacticipant=Foo&version=1&to=prod&ignore[]=Accounts")
        .await;
    assert_eq!(cid.status, 200, "{}", cid.text);
    assert_eq!(
        cid.body["matrix"].as_array().unwrap().last().unwrap()["ignored"],
        true
    );
}
on_every_database!(
    matrix_puts_ignored_rows_last_on_every_database,
    matrix_puts_ignored_rows_last
);

/// Point 4: each endpoint's 400 body in the Pact Broker's shape.
async fn validation_errors_have_each_endpoints_shape(db: Db) {
    let b = TestBroker::start(db).await;
    b.publish("Foo", "1", "Bar", None, &[], &json!({ "v": 1 })).await;

    // The matrix resources: `{"errors": [messages]}`.
    let unknown = b
        .get("/matrix?q[][pacticipant]=Nope&q[][version]=1&latestby=cvp")
        .await;
    assert_eq!(unknown.status, 400, "{}", unknown.text);
    assert_eq!(unknown.body, json!({ "errors": ["Pacticipant Nope not found"] }));
    let none = b.get("/matrix").await;
    assert_eq!(none.status, 400);
    assert_eq!(
        none.body,
        json!({ "errors": ["Please provide 1 or more version selectors."] })
    );
    let cid = b.get("/can-i-deploy?pacticipant=Nope&version=1&to=prod").await;
    assert_eq!(cid.status, 400, "{}", cid.text);
    assert_eq!(cid.body, json!({ "errors": ["Pacticipant Nope not found"] }));
    let env = b
        .get("/can-i-deploy?pacticipant=Foo&version=1&environment=nowhere")
        .await;
    assert_eq!(env.status, 400, "{}", env.text);
    assert_eq!(
        env.body,
        json!({ "errors": ["Environment with name 'nowhere' does not exist"] })
    );

    // A body that is not JSON: `{"error": "Error parsing JSON - …"}`.
    let garbled = b.raw(Method::POST, "/pacticipants", "{not json").await;
    assert_eq!(garbled.status, 400, "{}", garbled.text);
    let message = garbled.body["error"].as_str().expect("error string");
    assert!(message.starts_with("Error parsing JSON - "), "{message}");

    // Body validation (contracts): `{"errors": {"field": [messages]}}`.
    let nameless = b.post("/pacticipants", json!({})).await;
    assert_eq!(nameless.status, 400, "{}", nameless.text);
    assert!(nameless.body["errors"]["name"].is_array(), "{}", nameless.text);
    let publish = b
        .post("/contracts/publish", json!({ "pacticipantVersionNumber": "1" }))
        .await;
    assert_eq!(publish.status, 400, "{}", publish.text);
    assert!(
        publish.body["errors"]["pacticipantName"].is_array(),
        "{}",
        publish.text
    );
    let webhook = b
        .post(
            "/webhooks",
            json!({ "events": [{ "name": "contract_published" }] }),
        )
        .await;
    assert_eq!(webhook.status, 400, "{}", webhook.text);
    assert!(webhook.body["errors"].is_object(), "{}", webhook.text);
}
on_every_database!(
    validation_errors_have_each_endpoints_shape_on_every_database,
    validation_errors_have_each_endpoints_shape
);

/// Point 5: the latest-pact resources name the consumer version they picked.
async fn latest_pacts_send_the_consumer_version(db: Db) {
    let b = TestBroker::start(db).await;
    b.publish("Foo", "1", "Bar", Some("main"), &["prod"], &json!({ "v": 1 }))
        .await;
    b.publish("Foo", "2", "Bar", Some("feat"), &[], &json!({ "v": 2 }))
        .await;
    for (path, expected) in [
        ("/pacts/provider/Bar/consumer/Foo/latest", "2"),
        ("/pacts/provider/Bar/consumer/Foo/latest/prod", "1"),
        ("/pacts/provider/Bar/consumer/Foo/branch/main/latest", "1"),
        ("/pacts/provider/Bar/consumer/Foo/branch/feat/latest", "2"),
        ("/pact/provider/Bar/consumer/Foo/latest", "2"),
    ] {
        let reply = b.get(path).await;
        assert_eq!(reply.status, 200, "{path}: {}", reply.text);
        assert_eq!(reply.headers["x-pact-consumer-version"], expected, "{path}");
    }
    let missing = b.get("/pacts/provider/Bar/consumer/Foo/latest/nope").await;
    assert_eq!(missing.status, 404);
    assert!(missing.headers.get("x-pact-consumer-version").is_none());
}
on_every_database!(
    latest_pacts_send_the_consumer_version_on_every_database,
    latest_pacts_send_the_consumer_version
);

/// Point 6: `application/problem+json` when asked for, plain JSON otherwise.
async fn problem_json_when_asked_for(db: Db) {
    let b = TestBroker::start(db).await;
    let problem = "application/problem+json, application/hal+json";

    let missing = with_accept(&b, Method::GET, "/pacticipants/Nope", problem, None).await;
    assert_eq!(missing.status, 404);
    assert_eq!(content_type(&missing), "application/problem+json;charset=utf-8");
    assert_eq!(
        missing.body,
        json!({
            "title": "Not found",
            "type": "http://broker.test/problem/not-found",
            "detail": "No pacticipant with name 'Nope' found",
            "status": 404,
        })
    );

    let invalid = with_accept(&b, Method::POST, "/pacticipants", problem, Some("{}")).await;
    assert_eq!(invalid.status, 400, "{}", invalid.text);
    assert_eq!(content_type(&invalid), "application/problem+json;charset=utf-8");
    assert_eq!(invalid.body["title"], "Validation errors");
    assert_eq!(
        invalid.body["type"],
        "http://broker.test/problems/validation-error"
    );
    assert_eq!(invalid.body["status"], 400);
    assert_eq!(invalid.body["instance"], "/");
    let error = &invalid.body["errors"][0];
    assert_eq!(
        error["type"],
        "http://broker.test/problems/invalid-body-property-value"
    );
    assert_eq!(error["title"], "Validation error");
    assert_eq!(error["pointer"], "/name");
    assert_eq!(error["status"], 400);
    assert!(error["detail"].is_string());

    let matrix = with_accept(&b, Method::GET, "/matrix?q[][pacticipant]=Nope", problem, None).await;
    assert_eq!(matrix.status, 400);
    assert_eq!(matrix.body["errors"][0]["detail"], "Pacticipant Nope not found");
    assert!(
        matrix.body["errors"][0].get("pointer").is_none(),
        "{}",
        matrix.text
    );

    // Without asking: the plain shapes, HAL media type.
    let plain = with_accept(
        &b,
        Method::GET,
        "/pacticipants/Nope",
        "application/hal+json",
        None,
    )
    .await;
    assert_eq!(plain.status, 404);
    assert!(
        content_type(&plain).starts_with("application/hal+json"),
        "{}",
        content_type(&plain)
    );
    assert_eq!(
        plain.body,
        json!({ "error": "No pacticipant with name 'Nope' found" })
    );
    // Successes are untouched by the Accept header.
    let index = with_accept(&b, Method::GET, "/", problem, None).await;
    assert_eq!(index.status, 200);
    assert!(index.body["_links"]["pb:pacticipants"].is_object());
}
on_every_database!(
    problem_json_when_asked_for_on_every_database,
    problem_json_when_asked_for
);
