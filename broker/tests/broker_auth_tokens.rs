//! API tokens through the admin API and as bearer credentials, roles doing real work, secrets
//! never echoed, and the request limits (413 for large bodies, 503 for requests that take too long).
#![allow(clippy::unwrap_used)]

mod server_support;

use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request};
use base64::Engine;
use http_body_util::BodyExt;
use pact_broker::auth::{Role, tokens};
use pact_broker::config::{AuthConfig, BrokerConfig};
use serde_json::{Value, json};
use server_support::{Db, Reply, TestBroker, pact_json};
use tower::ServiceExt;

const ADMIN: (&str, &str) = ("admin", "rw-pass");

fn secured() -> BrokerConfig {
    BrokerConfig {
        auth: AuthConfig {
            read_write: Some(("admin".into(), "rw-pass".into())),
            read_only: Some(("reader".into(), "ro-pass".into())),
            ..AuthConfig::default()
        },
        ..BrokerConfig::default()
    }
}

fn tokens_only() -> BrokerConfig {
    let mut config = BrokerConfig::default();
    config.access.require_credentials = true;
    config
}

/// Sends a request with a bearer token (or any Authorization value).
async fn send(
    b: &TestBroker,
    method: Method,
    path: &str,
    authorization: Option<&str>,
    body: Option<Value>,
) -> Reply {
    let mut builder = Request::builder()
        .method(method)
        .uri(path)
        .header("Host", "broker.test")
        .header("Accept", "application/hal+json");
    if let Some(value) = authorization {
        builder = builder.header("Authorization", value);
    }
    let request = match body {
        Some(json) => builder
            .header("Content-Type", "application/json")
            .body(Body::from(json.to_string())),
        None => builder.body(Body::empty()),
    }
    .unwrap();
    into_reply(b.app.clone().oneshot(request).await.unwrap()).await
}

async fn into_reply(response: axum::response::Response) -> Reply {
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

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

fn publish_body(consumer: &str, version: &str, provider: &str) -> Value {
    let pact = pact_json(consumer, provider, &json!({"id": 1}));
    json!({
        "pacticipantName": consumer,
        "pacticipantVersionNumber": version,
        "branch": "main",
        "contracts": [{
            "consumerName": consumer, "providerName": provider, "specification": "pact",
            "contentType": "application/json",
            "content": base64::engine::general_purpose::STANDARD.encode(pact.to_string()),
        }]
    })
}

async fn the_admin_api_creates_lists_shows_and_revokes_tokens(db: Db) {
    let b = TestBroker::with_config(db, secured()).await;
    let created = b
        .request(
            Method::POST,
            "/admin/tokens",
            Some(json!({"name": "ci", "role": "write"})),
            Some(ADMIN),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let token = created.body["token"].as_str().unwrap().to_string();
    assert!(token.starts_with("pbt_") && token.len() == 47, "{token}");
    assert_eq!(created.body["role"], "write");
    assert_eq!(created.headers["location"], "http://broker.test/admin/tokens/ci");
    assert_eq!(created.headers["cache-control"], "no-store");

    let list = b.request(Method::GET, "/admin/tokens", None, Some(ADMIN)).await;
    assert_eq!(list.status, 200);
    assert_eq!(list.body["_embedded"]["tokens"][0]["name"], "ci");
    assert_eq!(list.body["_embedded"]["tokens"][0]["role"], "write");
    assert!(!list.text.contains(&token), "a listing never shows a token");
    let one = b
        .request(Method::GET, "/admin/tokens/ci", None, Some(ADMIN))
        .await;
    assert_eq!((one.status, one.body["name"].clone()), (200, json!("ci")));
    assert!(!one.text.contains(&token));

    // The token works as a bearer token…
    assert_eq!(
        send(&b, Method::GET, "/", Some(&bearer(&token)), None)
            .await
            .status,
        200
    );
    // …its name is unique…
    let again = b
        .request(
            Method::POST,
            "/admin/tokens",
            Some(json!({"name": "ci", "role": "read"})),
            Some(ADMIN),
        )
        .await;
    assert_eq!(again.status, 409);
    assert_eq!(again.body["error"], "A token named 'ci' already exists");
    // …and once revoked it is refused.
    assert_eq!(
        b.request(Method::DELETE, "/admin/tokens/ci", None, Some(ADMIN))
            .await
            .status,
        204
    );
    let refused = send(&b, Method::GET, "/", Some(&bearer(&token)), None).await;
    assert_eq!(refused.status, 401);
    assert_eq!(refused.body["error"], "Invalid credentials");
    assert_eq!(
        b.request(Method::DELETE, "/admin/tokens/ci", None, Some(ADMIN))
            .await
            .status,
        404
    );
    assert_eq!(
        b.request(Method::GET, "/admin/tokens/ci", None, Some(ADMIN))
            .await
            .status,
        404
    );
}
on_every_database!(
    the_admin_api_creates_lists_shows_and_revokes_tokens_on_each_database,
    the_admin_api_creates_lists_shows_and_revokes_tokens
);

async fn bad_token_requests_are_400s(db: Db) {
    let b = TestBroker::with_config(db, secured()).await;
    for (body, field) in [
        (json!({"name": "ci", "role": "owner"}), "role"),
        (json!({"name": "ci"}), "role"),
        (json!({"role": "read"}), "name"),
        (json!({"name": "has space", "role": "read"}), "name"),
    ] {
        let reply = b
            .request(Method::POST, "/admin/tokens", Some(body.clone()), Some(ADMIN))
            .await;
        assert_eq!(reply.status, 400, "{body}: {}", reply.text);
        assert!(reply.body["errors"][field].is_array(), "{body}: {}", reply.text);
    }
    let not_json = b.raw(Method::POST, "/admin/tokens", "{").await;
    assert_eq!(
        not_json.status, 401,
        "credentials are checked before the body is read"
    );
}
on_every_database!(
    bad_token_requests_are_400s_on_each_database,
    bad_token_requests_are_400s
);

/// Each role does its real work and is stopped at the next role's.
async fn roles_do_real_work_and_no_more(db: Db) {
    let b = TestBroker::with_config(db, tokens_only()).await;
    let read = tokens::issue(&b.store, "reader", Role::Read).await.unwrap();
    let write = tokens::issue(&b.store, "publisher", Role::Write).await.unwrap();
    let admin = tokens::issue(&b.store, "operator", Role::Admin).await.unwrap();
    let (read, write, admin) = (
        bearer(read.secret.expose()),
        bearer(write.secret.expose()),
        bearer(admin.secret.expose()),
    );

    // Nobody gets in anonymously on a broker with tokens.
    assert_eq!(send(&b, Method::GET, "/", None, None).await.status, 401);

    // Read may not publish; write may.
    let body = publish_body("Web", "1.0.0", "Api");
    assert_eq!(
        send(
            &b,
            Method::POST,
            "/contracts/publish",
            Some(&read),
            Some(body.clone())
        )
        .await
        .status,
        403
    );
    let published = send(&b, Method::POST, "/contracts/publish", Some(&write), Some(body)).await;
    assert_eq!(published.status, 200, "{}", published.text);

    // Read may read and ask what to verify.
    let pact = send(
        &b,
        Method::GET,
        "/pacts/provider/Api/consumer/Web/version/1.0.0",
        Some(&read),
        None,
    )
    .await;
    assert_eq!(pact.status, 200);
    let wanted = send(
        &b,
        Method::POST,
        "/pacts/provider/Api/for-verification",
        Some(&read),
        Some(json!({"consumerVersionSelectors": [{"mainBranch": true}]})),
    )
    .await;
    assert_eq!(wanted.status, 200, "{}", wanted.text);
    assert_eq!(wanted.body["_embedded"]["pacts"].as_array().unwrap().len(), 1);

    // Write may publish verification results and record deployments, not create environments.
    let results = server_support::path_of(&pact.body["_links"]["pb:publish-verification-results"]["href"]);
    let verdict = json!({"success": true, "providerApplicationVersion": "2.0.0"});
    assert_eq!(
        send(&b, Method::POST, &results, Some(&read), Some(verdict.clone()))
            .await
            .status,
        403
    );
    assert_eq!(
        send(&b, Method::POST, &results, Some(&write), Some(verdict))
            .await
            .status,
        201
    );
    let environment = json!({"name": "production", "production": true});
    assert_eq!(
        send(
            &b,
            Method::POST,
            "/environments",
            Some(&write),
            Some(environment.clone())
        )
        .await
        .status,
        403
    );
    let created = send(&b, Method::POST, "/environments", Some(&admin), Some(environment)).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let uuid = created.body["uuid"].as_str().unwrap();
    let deploy = format!("/pacticipants/Web/versions/1.0.0/deployed-versions/environment/{uuid}");
    assert_eq!(
        send(&b, Method::POST, &deploy, Some(&write), Some(json!({})))
            .await
            .status,
        201
    );

    // Deleting needs admin.
    assert_eq!(
        send(&b, Method::DELETE, "/pacticipants/Web", Some(&write), None)
            .await
            .status,
        403
    );
    assert_eq!(
        send(&b, Method::DELETE, "/pacticipants/Web", Some(&admin), None)
            .await
            .status,
        204
    );

    // Managing tokens needs admin.
    let new = json!({"name": "sneaky", "role": "admin"});
    assert_eq!(
        send(&b, Method::POST, "/admin/tokens", Some(&write), Some(new.clone()))
            .await
            .status,
        403
    );
    assert_eq!(
        send(&b, Method::GET, "/admin/tokens", Some(&read), None)
            .await
            .status,
        403
    );
    assert_eq!(
        send(&b, Method::POST, "/admin/tokens", Some(&admin), Some(new))
            .await
            .status,
        201
    );
}
on_every_database!(
    roles_do_real_work_and_no_more_on_each_database,
    roles_do_real_work_and_no_more
);

/// 401s carry both challenges and an `{"error"}` body, 403s name the roles, and neither repeats
/// the secret that was sent.
async fn refusals_explain_without_echoing_secrets(db: Db) {
    let b = TestBroker::with_config(db, secured()).await;
    let reader = tokens::issue(&b.store, "reader", Role::Read).await.unwrap();
    let wrong_password = "Tr0ub4dor&3-wrong";
    let reply = b
        .request(Method::GET, "/", None, Some(("admin", wrong_password)))
        .await;
    assert_eq!(reply.status, 401);
    let challenges: Vec<_> = reply
        .headers
        .get_all("www-authenticate")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    assert_eq!(
        challenges,
        ["Basic realm=\"Pact Broker\"", "Bearer realm=\"Pact Broker\""]
    );
    assert_eq!(reply.body, json!({"error": "Invalid credentials"}));
    assert!(!reply.text.contains(wrong_password));

    let unknown = format!("pbt_{}", "Z".repeat(43));
    let reply = send(&b, Method::GET, "/", Some(&bearer(&unknown)), None).await;
    assert_eq!(
        (reply.status, reply.body.clone()),
        (401, json!({"error": "Invalid credentials"}))
    );
    assert!(!reply.text.contains(&unknown));
    assert!(!format!("{:?}", reply.headers).contains(&unknown));

    let anonymous = b.get("/").await;
    assert_eq!(
        (anonymous.status, anonymous.body.clone()),
        (401, json!({"error": "Authentication required"}))
    );

    let reply = send(
        &b,
        Method::DELETE,
        "/pacticipants/Web",
        Some(&bearer(reader.secret.expose())),
        None,
    )
    .await;
    assert_eq!(reply.status, 403);
    assert_eq!(
        reply.body["error"],
        "You are not permitted to perform this action: it needs the admin role and these credentials have the read role"
    );
    assert!(!reply.text.contains(reader.secret.expose()));
}
on_every_database!(
    refusals_explain_without_echoing_secrets_on_each_database,
    refusals_explain_without_echoing_secrets
);

async fn public_read_opens_reads_only(db: Db) {
    let mut config = secured();
    config.auth.allow_public_read = true;
    let b = TestBroker::with_config(db, config).await;
    assert_eq!(b.get("/").await.status, 200);
    assert_eq!(b.get("/pacticipants").await.status, 200);
    let for_verification = b.post("/pacts/provider/Api/for-verification", json!({})).await;
    assert_ne!(for_verification.status, 401);
    assert_eq!(
        b.post("/contracts/publish", publish_body("Web", "1", "Api"))
            .await
            .status,
        401
    );
    assert_eq!(b.delete("/pacticipants/Web").await.status, 401);
    assert_eq!(b.get("/admin/tokens").await.status, 401);
}
on_every_database!(
    public_read_opens_reads_only_on_each_database,
    public_read_opens_reads_only
);

fn limited(max_body_bytes: usize, timeout: Duration) -> BrokerConfig {
    let mut config = BrokerConfig::default();
    config.access.max_body_bytes = Some(max_body_bytes);
    config.access.request_timeout = Some(timeout);
    config
}

async fn bodies_over_the_limit_get_413(db: Db) {
    let b = TestBroker::with_config(db, limited(4096, Duration::from_secs(30))).await;
    let big = publish_body("Web", &"9".repeat(5000), "Api");
    let reply = b.post("/contracts/publish", big.clone()).await;
    assert_eq!(reply.status, 413);
    assert!(
        reply.body["error"].as_str().unwrap().contains("4096 bytes"),
        "{}",
        reply.text
    );

    // Without a Content-Length (chunked over a real socket) the body is cut off at the limit,
    // still with a JSON 413.
    let url = serve_on_loopback(&b).await;
    let text = big.to_string();
    let mut request = format!(
        "POST /contracts/publish HTTP/1.1\r\nHost: {url}\r\nContent-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    for chunk in text.as_bytes().chunks(1000) {
        request.push_str(&format!(
            "{:x}\r\n{}\r\n",
            chunk.len(),
            String::from_utf8_lossy(chunk)
        ));
    }
    request.push_str("0\r\n\r\n");
    let answer = raw_exchange(&url, request.as_bytes(), false).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("{\"error\":"), "{answer}");

    // A body under the limit goes through.
    assert_eq!(
        b.post("/contracts/publish", publish_body("Web", "1.0.0", "Api"))
            .await
            .status,
        200
    );
}
on_every_database!(
    bodies_over_the_limit_get_413_on_each_database,
    bodies_over_the_limit_get_413
);

/// Serves the broker's app on 127.0.0.1 (a free port) for the rest of the test; returns `host:port`.
async fn serve_on_loopback(b: &TestBroker) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = b.app.clone();
    tokio::spawn(async move { axum::serve(listener, app).await });
    address.to_string()
}

/// Writes `request` and reads the whole answer (the server closes the connection); with `hold`
/// the writing side stays open, as a client that never finishes its body.
async fn raw_exchange(address: &str, request: &[u8], hold: bool) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream.write_all(request).await.unwrap();
    if !hold {
        stream.flush().await.unwrap();
    }
    let mut answer = Vec::new();
    let mut buffer = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let read = tokio::time::timeout_at(deadline, stream.read(&mut buffer)).await;
        match read {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => {
                answer.extend_from_slice(&buffer[..n]);
                if complete(&answer) {
                    break;
                }
            }
            Err(_) => panic!(
                "no complete answer within 20 s: {}",
                String::from_utf8_lossy(&answer)
            ),
        }
    }
    String::from_utf8_lossy(&answer).to_string()
}

/// Whether a buffered HTTP/1.1 answer with a Content-Length is complete.
fn complete(answer: &[u8]) -> bool {
    let text = String::from_utf8_lossy(answer);
    let Some((head, body)) = text.split_once("\r\n\r\n") else {
        return false;
    };
    head.lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().parse::<usize>().unwrap_or(0))
        })
        .is_some_and(|len| body.len() >= len)
}

async fn a_body_that_arrives_too_slowly_gets_408(db: Db) {
    let b = TestBroker::with_config(db, limited(1 << 20, Duration::from_millis(300))).await;
    // The client declares a body, sends half of it and then nothing: the handler waits for the
    // rest until the timeout answers for it, with 408 (the client's fault, not the broker's 503).
    let url = serve_on_loopback(&b).await;
    let request = format!(
        "POST /contracts/publish HTTP/1.1\r\nHost: {url}\r\nContent-Type: application/json\r\n\
         Content-Length: 100\r\n\r\n{{\"pacticipantName\":"
    );
    let answer = raw_exchange(&url, request.as_bytes(), true).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("did not arrive within 0.3 s"), "{answer}");
    // The broker keeps serving.
    assert_eq!(b.get("/diagnostic/status/heartbeat").await.status, 200);
}
on_every_database!(
    a_body_that_arrives_too_slowly_gets_408_on_each_database,
    a_body_that_arrives_too_slowly_gets_408
);
