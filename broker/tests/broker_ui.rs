//! The web UI: every page fetched over the in-process router from a seeded broker, asserting the
//! data a person would read (names, versions, statuses, interactions), that browsers get HTML on
//! the API's own paths while API clients keep JSON, that user content is escaped, and that the
//! read-only role sees every page. Runs on SQLite, and on PostgreSQL when `DATABASE_URL` is set.
#![allow(clippy::unwrap_used)]

mod server_support;

use axum::body::Body;
use axum::http::Request;
use base64::Engine;
use http_body_util::BodyExt;
use pact_broker::config::{AuthConfig, BrokerConfig};
use serde_json::{Value, json};
use server_support::{Db, TestBroker};
use tower::ServiceExt;

const BROWSER: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

struct Page {
    status: u16,
    content_type: String,
    html: String,
}

async fn fetch(b: &TestBroker, path: &str, accept: &str, auth: Option<(&str, &str)>) -> Page {
    let mut request = Request::get(path)
        .header("Host", "broker.test")
        .header("Accept", accept);
    if let Some((user, password)) = auth {
        let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        request = request.header("Authorization", format!("Basic {token}"));
    }
    let response = b
        .app
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Page {
        status,
        content_type,
        html: String::from_utf8_lossy(&bytes).to_string(),
    }
}

async fn page(b: &TestBroker, path: &str) -> Page {
    let page = fetch(b, path, BROWSER, None).await;
    assert_eq!(page.status, 200, "{path}: {}", page.html);
    assert!(
        page.content_type.starts_with("text/html"),
        "{path}: {}",
        page.content_type
    );
    page
}

/// The `<tr>` rows of a page that mention `needle`.
fn rows_with<'a>(html: &'a str, needle: &str) -> Vec<&'a str> {
    html.split("<tr")
        .skip(1)
        .filter(|row| row.contains(needle))
        .collect()
}

fn user_pact(consumer: &str, provider: &str, name_example: &str) -> Value {
    json!({
        "consumer": { "name": consumer },
        "provider": { "name": provider },
        "interactions": [{
            "description": "a request for user 42",
            "providerStates": [{ "name": "user 42 exists", "params": { "id": 42 } }],
            "request": { "method": "GET", "path": "/users/42", "headers": { "Accept": "application/json" } },
            "response": {
                "status": 200,
                "headers": { "Content-Type": "application/json" },
                "body": { "id": 42, "name": name_example, "email": "alice@example.com" },
                "matchingRules": { "body": {
                    "$.id": { "matchers": [{ "match": "integer" }] },
                    "$.email": { "matchers": [{ "match": "regex", "regex": "^\\S+@\\S+$" }] }
                } }
            }
        }],
        "metadata": { "pactSpecification": { "version": "3.0.0" } }
    })
}

/// Web and Mobile consume Users; Web consumes Orders. Web→Users verified, Mobile→Users failed,
/// Web→Orders never verified. Users 1.0.0 is deployed to production.
async fn seeded(db: Db) -> TestBroker {
    let b = TestBroker::start(db).await;
    for (c, p, v, name) in [
        ("Web", "Users", "1.0.0", "Alice"),
        ("Web", "Users", "2.0.0", "Bob"),
        ("Mobile", "Users", "7.1", "Alice"),
        ("Web", "Orders", "2.0.0", "Alice"),
    ] {
        let path = format!("/pacts/provider/{p}/consumer/{c}/version/{v}");
        let reply = b.put(&path, user_pact(c, p, name)).await;
        assert_eq!(reply.status, 201, "{path}: {}", reply.text);
    }
    assert_eq!(b.branch("Web", "2.0.0", "main").await.status, 201);
    assert_eq!(b.verify("Users", "Web", "2.0.0", "1.0.0", true).await.status, 201);
    assert_eq!(
        b.verify("Users", "Mobile", "7.1", "1.0.1", false).await.status,
        201
    );
    let production = b.create_environment("production", true).await;
    b.create_environment("staging", false).await;
    assert_eq!(b.deploy("Users", "1.0.0", &production).await.status, 201);
    b
}

async fn scenario_index_shows_each_integration_with_its_status(db: Db) {
    let b = seeded(db).await;
    let index = page(&b, "/").await;
    assert!(index.html.contains("<h1>Integrations</h1>"));
    let web_users = rows_with(&index.html, "/ui/pacts/provider/Users/consumer/Web/version/2.0.0");
    assert_eq!(web_users.len(), 1, "{}", index.html);
    assert!(web_users[0].contains("chip ok") && web_users[0].contains("verified"));
    assert!(
        web_users[0].contains("main"),
        "the consumer version's branch: {}",
        web_users[0]
    );
    assert!(
        web_users[0].contains("production"),
        "the provider version's environment: {}",
        web_users[0]
    );
    let mobile = rows_with(
        &index.html,
        "/ui/pacts/provider/Users/consumer/Mobile/version/7.1",
    );
    assert!(mobile[0].contains("chip bad") && mobile[0].contains("failed"));
    let orders = rows_with(
        &index.html,
        "/ui/pacts/provider/Orders/consumer/Web/version/2.0.0",
    );
    assert!(orders[0].contains("chip unknown") && orders[0].contains("not verified"));
    assert!(index.html.contains("3 integrations"));
    // A page past the last one still counts every integration (the count is its own query).
    let beyond = page(&b, "/ui?page=2").await;
    assert!(beyond.html.contains("3 integrations"), "{}", beyond.html);
    assert!(rows_with(&beyond.html, "status-").is_empty());

    let filtered = page(&b, "/ui?q=mob").await;
    assert_eq!(rows_with(&filtered.html, "status-").len(), 1);
    assert!(filtered.html.contains("Mobile") && !filtered.html.contains("consumer/Web/version"));

    let api = fetch(&b, "/", "application/hal+json", None).await;
    assert!(api.content_type.starts_with("application/hal+json"));
    assert!(
        serde_json::from_str::<Value>(&api.html).unwrap()["_links"]["pb:latest-pact-versions"].is_object()
    );
    let curl = fetch(&b, "/", "*/*", None).await;
    assert!(curl.content_type.starts_with("application/hal+json"));
}
on_every_database!(
    index_shows_each_integration_with_its_status,
    scenario_index_shows_each_integration_with_its_status
);

async fn scenario_pact_page_shows_interactions_with_matchers_beside_fields(db: Db) {
    let b = seeded(db).await;
    let pact = page(&b, "/pacts/provider/Users/consumer/Web/latest").await;
    let html = &pact.html;
    assert!(html.contains("a request for user 42"));
    assert!(html.contains("user 42 exists") && html.contains("{&quot;id&quot;:42}"));
    assert!(html.contains("GET /users/42"));
    assert!(html.contains("2.0.0"), "latest is the newest consumer version");
    let id_line = rows_with(html, "&quot;id&quot;: 42").concat();
    assert!(id_line.contains("class=\"note\">integer<"), "{id_line}");
    let email_line = rows_with(html, "&quot;email&quot;").concat();
    assert!(email_line.contains("regex ^\\S+@\\S+$"), "{email_line}");
    assert!(html.contains("chip ok"), "verified by Users 1.0.0");
    assert!(html.contains("Versions of this pact"));

    let by_version = page(&b, "/pacts/provider/Users/consumer/Web/version/1.0.0").await;
    assert!(by_version.html.contains("&quot;Alice&quot;"));
    assert!(
        by_version.html.contains("chip unknown"),
        "1.0.0's content was never verified"
    );

    let json = fetch(
        &b,
        "/pacts/provider/Users/consumer/Web/latest",
        "application/hal+json",
        None,
    )
    .await;
    let body: Value = serde_json::from_str(&json.html).unwrap();
    assert_eq!(body["interactions"][0]["description"], "a request for user 42");

    let missing = fetch(&b, "/pacts/provider/Users/consumer/Nobody/latest", BROWSER, None).await;
    assert_eq!(missing.status, 404);
    assert!(
        missing
            .html
            .contains("There is no consumer named &#39;Nobody&#39;")
            || missing.html.contains("Nobody")
    );
    assert!(missing.content_type.starts_with("text/html"));
}
on_every_database!(
    pact_page_shows_interactions_with_matchers_beside_fields,
    scenario_pact_page_shows_interactions_with_matchers_beside_fields
);

async fn scenario_diffs_compare_interactions(db: Db) {
    let b = seeded(db).await;
    let diff = page(
        &b,
        "/pacts/provider/Users/consumer/Web/version/2.0.0/diff/previous-distinct",
    )
    .await;
    assert!(diff.html.contains("a request for user 42 (given user 42 exists)"));
    assert!(
        diff.html
            .contains("class=\"del\">-       &quot;name&quot;: &quot;Alice&quot;"),
        "{}",
        diff.html
    );
    assert!(
        diff.html
            .contains("class=\"add\">+       &quot;name&quot;: &quot;Bob&quot;")
    );
    let between = page(
        &b,
        "/ui/pacts/provider/Users/consumer/Web/version/2.0.0/diff/version/1.0.0",
    )
    .await;
    assert!(between.html.contains("1 change(s)"));

    let text = fetch(
        &b,
        "/ui/pacts/provider/Users/consumer/Web/version/2.0.0/diff/previous-distinct",
        "text/plain",
        None,
    )
    .await;
    assert!(text.content_type.starts_with("text/plain"));
    assert!(
        text.html
            .contains("## changed interaction: a request for user 42")
    );
    assert!(text.html.contains("+      \"name\": \"Bob\""), "{}", text.html);

    let api = fetch(
        &b,
        "/pacts/provider/Users/consumer/Web/version/2.0.0/diff/previous-distinct",
        "application/hal+json",
        None,
    )
    .await;
    assert!(
        !api.content_type.starts_with("text/html"),
        "API clients keep the API's diff"
    );

    let first = page(
        &b,
        "/pacts/provider/Users/consumer/Web/version/1.0.0/diff/previous-distinct",
    )
    .await;
    assert!(first.html.contains("There is no earlier version"));
}
on_every_database!(diffs_compare_interactions, scenario_diffs_compare_interactions);

async fn scenario_matrix_page_lists_versions_and_results(db: Db) {
    let b = seeded(db).await;
    let matrix = page(&b, "/matrix/provider/Users/consumer/Web").await;
    let newest = rows_with(
        &matrix.html,
        "/ui/pacts/provider/Users/consumer/Web/version/2.0.0",
    );
    assert!(
        newest[0].contains("1.0.0") && newest[0].contains("chip ok"),
        "{}",
        newest[0]
    );
    let oldest = rows_with(
        &matrix.html,
        "/ui/pacts/provider/Users/consumer/Web/version/1.0.0",
    );
    assert!(oldest[0].contains("chip unknown"));
    let failed = page(&b, "/ui/matrix/provider/Users/consumer/Mobile").await;
    assert!(rows_with(&failed.html, "1.0.1")[0].contains("chip bad"));
}
on_every_database!(
    matrix_page_lists_versions_and_results,
    scenario_matrix_page_lists_versions_and_results
);

async fn scenario_environments_page_shows_what_is_deployed_where(db: Db) {
    let b = seeded(db).await;
    let envs = page(&b, "/ui/environments").await;
    let production = envs
        .html
        .split("<section")
        .find(|s| s.contains("id=\"env-production\""))
        .unwrap();
    assert!(production.contains("Users") && production.contains("1.0.0") && production.contains("deployed"));
    let staging = envs
        .html
        .split("<section")
        .find(|s| s.contains("id=\"env-staging\""))
        .unwrap();
    assert!(staging.contains("Nothing is deployed or released here."));
}
on_every_database!(
    environments_page_shows_what_is_deployed_where,
    scenario_environments_page_shows_what_is_deployed_where
);

async fn scenario_network_page_draws_and_filters_the_graph(db: Db) {
    let b = seeded(db).await;
    let network = page(&b, "/ui/network").await;
    assert!(network.html.contains("<svg"));
    for name in ["Web", "Mobile", "Users", "Orders"] {
        assert!(network.html.contains(&format!(">{name}</text>")), "{name} drawn");
    }
    assert!(network.html.contains("Mobile → Users: failed"));
    assert!(network.html.contains("Web → Users: verified"));
    assert!(network.html.contains("Web → Orders: not verified"));
    assert!(network.html.contains("4 services, 3 integrations"));

    let found = page(&b, "/ui/network?q=mobile").await;
    assert!(found.html.contains(">Mobile</text>") && found.html.contains(">Users</text>"));
    assert!(
        !found.html.contains(">Orders</text>"),
        "not a neighbour of Mobile"
    );
    assert!(
        found.html.contains("node consumer hit"),
        "the match is highlighted"
    );

    let grid = page(&b, "/ui/network?view=matrix").await;
    assert_eq!(grid.html.matches("class=\"cell ").count(), 3);

    let focus = page(&b, "/groups/Users").await;
    assert!(focus.html.contains("2 consumer(s), 0 provider(s)"));
    assert!(focus.html.contains("production"), "Users 1.0.0 is deployed");
    let mobile_row = rows_with(&focus.html, "/ui/pacticipants/Mobile");
    assert!(mobile_row[0].contains("chip bad"));
    let nobody = fetch(&b, "/ui/pacticipants/Nobody", BROWSER, None).await;
    assert_eq!(nobody.status, 404);
}
on_every_database!(
    network_page_draws_and_filters_the_graph,
    scenario_network_page_draws_and_filters_the_graph
);

async fn scenario_user_content_is_escaped(db: Db) {
    let b = TestBroker::start(db).await;
    let evil = "<script>alert(1)</script>";
    let provider = "Quote\"Amp&";
    let mut pact = user_pact(evil, provider, "</td><img src=x onerror=alert(2)>");
    pact["interactions"][0]["description"] = json!("<b>bold</b> description");
    let path = format!(
        "/pacts/provider/{}/consumer/{}/version/1",
        pact_broker::http::hal::enc(provider),
        pact_broker::http::hal::enc(evil)
    );
    assert_eq!(b.put(&path, pact).await.status, 201);
    let repo = b
        .request(
            axum::http::Method::PATCH,
            &format!("/pacticipants/{}", pact_broker::http::hal::enc(evil)),
            Some(json!({ "repositoryUrl": "javascript:alert(3)" })),
            None,
        )
        .await;
    assert!(repo.status < 300, "{}", repo.text);
    let pages = [
        "/ui".to_string(),
        format!("/ui{}", path),
        "/ui/network".to_string(),
        format!("/ui/pacticipants/{}", pact_broker::http::hal::enc(evil)),
        format!(
            "/ui/matrix/provider/{}/consumer/{}",
            pact_broker::http::hal::enc(provider),
            pact_broker::http::hal::enc(evil)
        ),
    ];
    for p in &pages {
        let html = page(&b, p).await.html;
        assert!(!html.contains("<script>alert"), "{p} leaks a script tag");
        assert!(!html.contains("<img src=x"), "{p} leaks an img tag");
        assert!(!html.contains("<b>bold"), "{p} leaks markup");
        assert!(
            !html.contains("href=\"javascript:"),
            "{p} links a javascript: URL"
        );
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{p} shows the name escaped"
        );
    }
    let pact_page = page(&b, &format!("/ui{path}")).await.html;
    assert!(pact_page.contains("&lt;b&gt;bold&lt;/b&gt; description"));
    assert!(pact_page.contains("&lt;/td&gt;&lt;img src=x onerror=alert(2)&gt;"));
    assert!(pact_page.contains("Quote&quot;Amp&amp;"));
}
on_every_database!(user_content_is_escaped, scenario_user_content_is_escaped);

async fn scenario_pages_are_reads_for_the_read_only_role(db: Db) {
    let config = BrokerConfig {
        auth: AuthConfig {
            read_write: Some(("admin".into(), "pw".into())),
            read_only: Some(("reader".into(), "ro".into())),
            allow_public_read: false,
            public_badges: false,
        },
        ..Default::default()
    };
    let b = TestBroker::with_config(db, config).await;
    for path in [
        "/",
        "/ui",
        "/ui/network",
        "/ui/environments",
        "/ui/assets/style.css",
    ] {
        let anonymous = fetch(&b, path, BROWSER, None).await;
        assert_eq!(anonymous.status, 401, "{path} needs credentials");
        let reader = fetch(&b, path, BROWSER, Some(("reader", "ro"))).await;
        assert_eq!(
            reader.status, 200,
            "{path} for the read-only user: {}",
            reader.html
        );
    }
    let css = fetch(&b, "/ui/assets/style.css", "text/css", Some(("reader", "ro"))).await;
    assert!(css.content_type.starts_with("text/css") && css.html.contains(".chip.ok"));
}
on_every_database!(
    pages_are_reads_for_the_read_only_role,
    scenario_pages_are_reads_for_the_read_only_role
);

#[tokio::test]
async fn pages_forbid_external_assets_and_inline_scripts() {
    let b = TestBroker::start(Db::Sqlite).await;
    let request = Request::get("/ui")
        .header("Host", "broker.test")
        .body(Body::empty())
        .unwrap();
    let response = b.app.clone().oneshot(request).await.unwrap();
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"));
    let html = String::from_utf8(response.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    assert!(html.contains("No pacts have been published yet."));
    assert!(
        !html.contains("http://cdn") && !html.contains("https://"),
        "no external assets: {html}"
    );
    assert!(!html.contains("<script>"), "no inline script");
}
