//! The web UI's API-evolution pages of a provider: field usage (per operation and field, who
//! relies on it and through which matcher) and the impact of its API changes (each change between
//! two OpenAPI documents, breaking or not by its rule, with the consumers a breaking one breaks or
//! "safe for today's consumers"), reached from the provider's page. Fetched over the in-process
//! router from a broker seeded through the API; on SQLite, and on PostgreSQL when `DATABASE_URL`
//! is set.
#![allow(clippy::unwrap_used)]

mod server_support;

use axum::body::Body;
use axum::http::Request;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use http_body_util::BodyExt;
use pact_broker::http::hal::enc;
use serde_json::{Value, json};
use server_support::{Db, TestBroker, email_reader, name_reader};
use tower::ServiceExt;

const BROWSER: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/// Status and body of a page fetched as a browser would.
async fn fetch(b: &TestBroker, path: &str) -> (u16, String) {
    let request = Request::get(path)
        .header("Host", "broker.test")
        .header("Accept", BROWSER)
        .body(Body::empty())
        .unwrap();
    let response = b.app.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).to_string())
}

async fn page(b: &TestBroker, path: &str) -> String {
    let (status, html) = fetch(b, path).await;
    assert_eq!(status, 200, "{path}: {html}");
    html
}

/// The `<tr>` rows of a table body that mention every needle.
fn rows_with<'a>(html: &'a str, needles: &[&str]) -> Vec<&'a str> {
    html.split("<tr")
        .skip(1)
        .filter(|row| needles.iter().all(|n| row.contains(n)))
        .collect()
}

fn spec(case: &str, side: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../pact-openapi/tests/fixtures/diff")
        .join(case)
        .join(format!("{side}.yaml"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

async fn publish_pact(b: &TestBroker, version: &str, branch: &str, pact: &Value) {
    let reply = b
        .post(
            "/contracts/publish",
            json!({
                "pacticipantName": pact["consumer"]["name"], "pacticipantVersionNumber": version,
                "branch": branch,
                "contracts": [{"consumerName": pact["consumer"]["name"],
                    "providerName": pact["provider"]["name"],
                    "specification": "pact", "contentType": "application/json",
                    "content": STANDARD.encode(pact.to_string())}]
            }),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
}

async fn publish_oas(b: &TestBroker, provider: &str, version: &str, document: &str) -> Value {
    let reply = b
        .put(
            &format!("/contracts/provider/{}/version/{version}", enc(provider)),
            json!({
                "content": STANDARD.encode(document), "contractType": "oas",
                "contentType": "application/yaml",
                "verificationResults": {"success": true, "content": STANDARD.encode("ok"),
                    "contentType": "text/plain", "verifier": "schemathesis"},
                "branch": "main",
            }),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body
}

async fn scenario_field_usage_page_names_each_consumer_and_matcher(db: Db) {
    let b = TestBroker::start(db).await;
    publish_oas(&b, "UserService", "1.0.0", &spec("no-change", "old")).await;
    publish_pact(
        &b,
        "1",
        "main",
        &email_reader("OrderService", "UserService", "a request for user 42"),
    )
    .await;
    publish_pact(&b, "3", "main", &name_reader()).await;

    let provider = page(&b, "/ui/pacticipants/UserService").await;
    assert!(provider.contains("<h2>API evolution</h2>"), "{provider}");
    assert!(provider.contains("href=\"http://broker.test/ui/pacticipants/UserService/field-usage\""));
    assert!(provider.contains("href=\"http://broker.test/ui/pacticipants/UserService/api-impact\""));

    let usage = page(&b, "/ui/pacticipants/UserService/field-usage").await;
    assert!(usage.contains("<h1>Field usage of UserService</h1>"), "{usage}");
    assert!(usage.contains("named after the OpenAPI document of version <code>1.0.0</code>"));
    assert!(usage.contains("3 field(s), 3 use(s)"), "{usage}");
    let email = rows_with(&usage, &["<code>$.email</code>"]);
    assert_eq!(email.len(), 1, "{usage}");
    for needle in [
        "<code>GET /users/{id}</code>",
        "<td>200</td>",
        "<td>response body</td>",
        "href=\"http://broker.test/ui/pacticipants/OrderService\"",
        "<span class=\"version\">1</span>",
        "“a request for user 42”",
        "<code class=\"matcher\">regex '^\\S+@\\S+$'</code>",
    ] {
        assert!(email[0].contains(needle), "{needle} in {}", email[0]);
    }
    let name = rows_with(&usage, &["<code>$.name</code>"]);
    assert!(name[0].contains("BillingService") && name[0].contains("<code class=\"matcher\">type</code>"));
    let id = rows_with(&usage, &["<code>$.id</code>"]);
    assert!(id[0].contains("<code class=\"matcher\">integer</code>") && !id[0].contains("BillingService"));

    // The filters narrow the view as the API's `?path=&field=` do; a blank field is no filter.
    let email_only = page(
        &b,
        "/ui/pacticipants/UserService/field-usage?path=%2Fusers%2F%7Bid%7D&field=%24.email",
    )
    .await;
    assert_eq!(
        rows_with(&email_only, &["<code class=\"matcher\">"]).len(),
        1,
        "{email_only}"
    );
    assert!(email_only.contains("value=\"$.email\"") && email_only.contains("value=\"/users/{id}\""));
    let blank = page(&b, "/ui/pacticipants/UserService/field-usage?path=&field=").await;
    assert!(blank.contains("3 field(s), 3 use(s)"), "{blank}");
    let none = page(&b, "/ui/pacticipants/UserService/field-usage?field=%24.nothing").await;
    assert!(none.contains("No field relied on matches this filter."), "{none}");

    // A pacticipant no consumer depends on says so instead of linking.
    let consumer = page(&b, "/ui/pacticipants/OrderService").await;
    assert!(
        consumer.contains("No consumer has a pact with OrderService"),
        "{consumer}"
    );
    assert!(!consumer.contains("/ui/pacticipants/OrderService/field-usage"));
    let not_a_provider = page(&b, "/ui/pacticipants/OrderService/field-usage").await;
    assert!(
        not_a_provider.contains("No consumer has published a pact with OrderService"),
        "{not_a_provider}"
    );

    // A browser on the API's own path gets the page (with the query); API clients keep HAL.
    let on_api_path = page(&b, "/pacticipants/UserService/field-usage?field=%24.name").await;
    assert!(
        on_api_path.contains("<h1>Field usage of UserService</h1>"),
        "{on_api_path}"
    );
    assert_eq!(rows_with(&on_api_path, &["<code class=\"matcher\">"]).len(), 1);
    let hal = b.get("/pacticipants/UserService/field-usage").await;
    assert_eq!(hal.body["provider"], "UserService", "{}", hal.text);

    let (status, html) = fetch(&b, "/ui/pacticipants/Nobody/field-usage").await;
    assert_eq!(status, 404);
    assert!(html.contains("There is no pacticipant named"), "{html}");
}
on_every_database!(
    field_usage_page_names_each_consumer_and_matcher,
    scenario_field_usage_page_names_each_consumer_and_matcher
);

async fn scenario_field_usage_page_counts_main_branch_and_deployed_pacts_only(db: Db) {
    let b = TestBroker::start(db).await;
    publish_pact(&b, "5", "feature-x", &name_reader()).await;
    let before = page(&b, "/ui/pacticipants/UserService/field-usage").await;
    assert!(
        before.contains("None of the pacts with UserService is in use today"),
        "{before}"
    );
    assert!(
        before.contains("Operations are the requests' literal paths"),
        "{before}"
    );

    let prod = b.create_environment("production", true).await;
    assert_eq!(b.deploy("BillingService", "5", &prod).await.status, 201);
    let after = page(&b, "/ui/pacticipants/UserService/field-usage").await;
    let name = rows_with(&after, &["<code>$.name</code>"]);
    assert_eq!(name.len(), 1, "{after}");
    assert!(
        name[0].contains("<code>GET /users/7</code>") && name[0].contains("<span class=\"version\">5</span>")
    );
}
on_every_database!(
    field_usage_page_counts_main_branch_and_deployed_pacts_only,
    scenario_field_usage_page_counts_main_branch_and_deployed_pacts_only
);

async fn scenario_impact_page_names_the_consumers_a_breaking_change_breaks(db: Db) {
    let b = TestBroker::start(db).await;
    let impact = "/ui/pacticipants/UserService/api-impact";
    publish_pact(
        &b,
        "1",
        "main",
        &email_reader("OrderService", "UserService", "a request for user 42"),
    )
    .await;
    publish_pact(&b, "3", "main", &name_reader()).await;
    let nothing = page(&b, impact).await;
    assert!(
        nothing.contains("UserService has not published an OpenAPI document"),
        "{nothing}"
    );

    publish_oas(
        &b,
        "UserService",
        "1.0.0",
        &spec("response-property-renamed", "old"),
    )
    .await;
    let one = page(&b, impact).await;
    assert!(
        one.contains("UserService has published one OpenAPI document (version 1.0.0)"),
        "{one}"
    );

    let notices = publish_oas(
        &b,
        "UserService",
        "2.0.0",
        &spec("response-property-renamed", "new"),
    )
    .await;
    let provider = page(&b, "/ui/pacticipants/UserService").await;
    assert!(provider.contains("what changed between its OpenAPI documents, and whom it breaks"));

    let html = page(&b, impact).await;
    assert!(html.contains("Version 2.0.0"), "{html}");
    assert!(html.contains(" against version 1.0.0"), "{html}");
    // The same counts as the publish notices: one report behind both.
    assert!(
        notices.to_string().contains("2 breaking, 2 non-breaking"),
        "{notices}"
    );
    assert!(html.contains("2 breaking, 2 non-breaking change(s)"), "{html}");
    assert!(html.contains("breaks OrderService</span>"), "{html}");

    let broken = rows_with(
        &html,
        &["<code>GET /users/{id} response 200 application/json $.email</code>"],
    );
    assert_eq!(broken.len(), 1, "{html}");
    for needle in [
        "class=\"status-bad\"",
        "<span class=\"severity breaking\">breaking</span>",
        "<code>property-removed</code>",
        "property 'email' was removed",
        "breaks 1 interaction(s)",
        "href=\"http://broker.test/ui/pacticipants/OrderService\"",
        "“a request for user 42”",
        "<code>response body $.email</code>",
        "<code class=\"matcher\">regex '^\\S+@\\S+$'</code>",
    ] {
        assert!(broken[0].contains(needle), "{needle} in {}", broken[0]);
    }
    let safe = rows_with(
        &html,
        &["<code>POST /users response 201 application/json $.email</code>"],
    );
    assert_eq!(safe.len(), 1, "{html}");
    assert!(
        safe[0].contains("<span class=\"chip ok\">safe for today's consumers</span>"),
        "{}",
        safe[0]
    );
    assert!(!safe[0].contains("OrderService"));
    let added = rows_with(&html, &["<code>property-added</code>"]);
    assert_eq!(added.len(), 2, "{html}");
    assert!(
        added
            .iter()
            .all(|r| r.contains("non-breaking") && !r.contains("safe for today"))
    );
    assert!(
        !html.contains("BillingService"),
        "nobody relies on a change to $.name"
    );

    // A chosen pair: going back from 2.0.0 to 1.0.0 removes `emailAddress`, which nobody reads.
    let back = page(&b, &format!("{impact}?version=1.0.0&against=2.0.0")).await;
    assert!(
        back.contains("Version 1.0.0") && back.contains(" against version 2.0.0"),
        "{back}"
    );
    assert!(back.contains("$.emailAddress") && back.contains("no consumer relies on a breaking change"));
    assert!(back.contains("<option value=\"1.0.0\" selected>"), "{back}");
    let oldest = page(&b, &format!("{impact}?version=1.0.0")).await;
    assert!(
        oldest.contains("No OpenAPI document of UserService was published before version 1.0.0"),
        "{oldest}"
    );
    let (status, missing) = fetch(&b, &format!("{impact}?version=9.9.9")).await;
    assert_eq!(status, 404);
    assert!(
        missing.contains("UserService has published no OpenAPI document for version"),
        "{missing}"
    );
    assert_eq!(fetch(&b, "/ui/pacticipants/Nobody/api-impact").await.0, 404);
}
on_every_database!(
    impact_page_names_the_consumers_a_breaking_change_breaks,
    scenario_impact_page_names_the_consumers_a_breaking_change_breaks
);

async fn scenario_user_content_is_escaped_on_the_evolution_pages(db: Db) {
    let b = TestBroker::start(db).await;
    let provider = "Quote\"Amp&<i>";
    let consumer = "<script>alert(1)</script>";
    let old = spec("response-property-renamed", "old");
    publish_oas(&b, provider, "1.0.0", &old).await;
    publish_pact(
        &b,
        "<b>1</b>",
        "main",
        &email_reader(consumer, provider, "<img src=x onerror=alert(2)>"),
    )
    .await;
    publish_oas(&b, provider, "2.0.0", &spec("response-property-renamed", "new")).await;

    let base = format!("/ui/pacticipants/{}", enc(provider));
    for path in [
        format!("{base}/field-usage?path=%3Cscript%3Ex&field=%22%3E%3Cb%3E"),
        format!("{base}/api-impact"),
        base.clone(),
    ] {
        let html = page(&b, &path).await;
        assert!(!html.contains("<script>alert"), "{path} leaks a script tag");
        assert!(!html.contains("<img src=x"), "{path} leaks an img tag");
        assert!(
            !html.contains("<b>1") && !html.contains("\"><b>"),
            "{path} leaks markup"
        );
        assert!(!html.contains("<i>"), "{path} leaks the provider's markup");
        assert!(
            html.contains("Quote&quot;Amp&amp;&lt;i&gt;"),
            "{path} shows the name escaped"
        );
    }
    let usage = page(&b, &format!("{base}/field-usage")).await;
    assert!(usage.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{usage}");
    assert!(usage.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(usage.contains("&lt;b&gt;1&lt;/b&gt;"));
    let impact = page(&b, &format!("{base}/api-impact")).await;
    assert!(
        impact.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{impact}"
    );
    assert!(impact.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(
        impact.contains(&format!(
            "href=\"http://broker.test/ui/pacticipants/{}\"",
            enc(consumer)
        )),
        "the consumer's link is percent-encoded"
    );
}
on_every_database!(
    user_content_is_escaped_on_the_evolution_pages,
    scenario_user_content_is_escaped_on_the_evolution_pages
);
