//! Bi-directional contracts on the broker: a provider publishes its OpenAPI document with its own
//! test result, consumers publish pacts, the broker checks each pact against the document and
//! records the outcome as a verification result, and can-i-deploy answers from it, in either
//! order. Also the pact diffs in publish notices and at `…/diff/previous-distinct`.
#![allow(clippy::unwrap_used)]

mod server_support;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use server_support::{Db, TestBroker, path_of};

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../pact-openapi/tests/fixtures/openapi")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The examples' user-service pact (compatible with the document).
fn compatible_pact() -> Value {
    serde_json::from_str(&fixture("user-service-pact.json")).unwrap()
}

/// The same pact, but relying on a field the document does not declare.
fn pact_relying_on_nickname() -> Value {
    let mut pact = compatible_pact();
    pact["interactions"][0]["response"]["body"]["nickname"] = json!("Al");
    pact
}

async fn publish_pact(b: &TestBroker, version: &str, branch: Option<&str>, pact: &Value) -> Value {
    let reply = b
        .post(
            "/contracts/publish",
            json!({
                "pacticipantName": "OrderService",
                "pacticipantVersionNumber": version,
                "branch": branch,
                "contracts": [{
                    "consumerName": "OrderService", "providerName": "UserService",
                    "specification": "pact", "contentType": "application/json",
                    "content": STANDARD.encode(pact.to_string()),
                }]
            }),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body
}

fn oas_put_body(self_test_success: bool) -> Value {
    json!({
        "content": STANDARD.encode(fixture("user-service.yaml")),
        "contractType": "oas",
        "contentType": "application/yaml",
        "verificationResults": {
            "success": self_test_success,
            "content": STANDARD.encode("42 tests, 0 failures"),
            "contentType": "text/plain",
            "verifier": "schemathesis",
        },
        "branch": "main",
        "buildUrl": "http://ci.test/provider/1",
    })
}

async fn publish_oas(b: &TestBroker, version: &str, self_test_success: bool) -> Value {
    let reply = b
        .put(
            &format!("/contracts/provider/UserService/version/{version}"),
            oas_put_body(self_test_success),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body
}

fn notice_texts(body: &Value) -> Vec<String> {
    body["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap().to_string())
        .collect()
}

fn has_notice(body: &Value, words: &str) -> bool {
    notice_texts(body).iter().any(|t| t.contains(words))
}

async fn can_i_deploy(b: &TestBroker, version: &str) -> Value {
    let reply = b
        .get(&format!(
            "/can-i-deploy?pacticipant=OrderService&version={version}&environment=production"
        ))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body
}

async fn provider_first_then_compatible_then_breaking_pact(db: Db) {
    let b = TestBroker::start(db).await;
    let prod = b.create_environment("production", true).await;
    let reply = publish_oas(&b, "1.0.0", true).await;
    assert!(
        has_notice(
            &reply,
            "Successfully published provider contract for UserService version 1.0.0"
        ),
        "{reply}"
    );
    assert!(
        has_notice(&reply, "Checked 0 consumer pact(s) against this OpenAPI document"),
        "{reply}"
    );
    assert_eq!(reply["_embedded"]["version"]["number"], "1.0.0");
    assert_eq!(b.deploy("UserService", "1.0.0", &prod).await.status, 201);

    // A compatible pact is checked on publication and can be deployed.
    let reply = publish_pact(&b, "1", Some("main"), &compatible_pact()).await;
    assert!(
        has_notice(
            &reply,
            "The pact is compatible with the OpenAPI document of UserService version 1.0.0"
        ),
        "{reply}"
    );
    let body = can_i_deploy(&b, "1").await;
    assert_eq!(body["summary"]["deployable"], true, "{body}");
    let result_link = path_of(&body["matrix"][0]["verificationResult"]["_links"]["self"]["href"]);
    let result = b.get(&result_link).await;
    assert_eq!(result.status, 200, "{}", result.text);
    assert_eq!(result.body["success"], true);
    assert_eq!(result.body["testResults"]["verificationType"], "bidirectional");
    assert_eq!(
        result.body["testResults"]["selfVerification"]["verifier"],
        "schemathesis"
    );

    // A pact relying on an undeclared field is recorded as failed, and the reason names it.
    let reply = publish_pact(&b, "2", Some("main"), &pact_relying_on_nickname()).await;
    assert!(
        has_notice(
            &reply,
            "The pact is not compatible with the OpenAPI document of UserService version 1.0.0"
        ),
        "{reply}"
    );
    assert!(
        has_notice(
            &reply,
            "Changes to the pact with UserService since version 1 of OrderService:"
        ),
        "{reply}"
    );
    assert!(
        has_notice(
            &reply,
            "- interaction 'a request for user 42' changed: response.body $.nickname added"
        ),
        "{reply}"
    );
    let body = can_i_deploy(&b, "2").await;
    assert_eq!(body["summary"]["deployable"], false, "{body}");
    let reason = body["summary"]["reason"].as_str().unwrap();
    assert!(
        reason.contains(
            "The bi-directional check of the pact between version 2 of OrderService and the OpenAPI document of \
             version 1.0.0 of UserService failed"
        ),
        "{reason}"
    );
    assert!(
        reason.contains("response body $.nickname: the consumer expects field 'nickname' but the OpenAPI schema does not declare it"),
        "{reason}"
    );
    let result_link = path_of(&body["matrix"][0]["verificationResult"]["_links"]["self"]["href"]);
    let result = b.get(&result_link).await;
    let mismatch = &result.body["testResults"]["interactions"][0]["mismatches"][0];
    assert_eq!(mismatch["interaction"], "a request for user 42");
    assert_eq!(mismatch["path"], "$.nickname");
    assert_eq!(mismatch["schemaLocation"], "#/components/schemas/User");
    // The older, compatible version is still deployable.
    assert_eq!(can_i_deploy(&b, "1").await["summary"]["deployable"], true);
}
on_every_database!(
    provider_first_then_compatible_then_breaking_pact_on_each_database,
    provider_first_then_compatible_then_breaking_pact
);

async fn pacts_first_then_the_provider_publishes_its_document(db: Db) {
    let b = TestBroker::start(db).await;
    let prod = b.create_environment("production", true).await;
    publish_pact(&b, "1", Some("main"), &compatible_pact()).await;
    publish_pact(&b, "2", Some("feature-nickname"), &pact_relying_on_nickname()).await;

    // PactFlow's newer publication endpoint, found from the index.
    let index = b.get("/").await;
    let href = index.body["_links"]["pf:publish-provider-contract"]["href"]
        .as_str()
        .unwrap()
        .replace("{provider}", "UserService");
    let reply = b
        .post(
            &path_of(&json!(href)),
            json!({
                "pacticipantVersionNumber": "1.0.0",
                "branch": "main",
                "tags": ["prod"],
                "buildUrl": "http://ci.test/provider/1",
                "contract": {
                    "content": STANDARD.encode(fixture("user-service.yaml")),
                    "contentType": "application/yaml",
                    "specification": "oas",
                    "selfVerificationResults": {
                        "success": true, "content": STANDARD.encode("ok"), "contentType": "text/plain",
                        "format": "text", "verifier": "schemathesis", "verifierVersion": "3.0"
                    }
                }
            }),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let body = reply.body;
    assert!(
        has_notice(&body, "Compatible with the pact of OrderService version 1"),
        "{body}"
    );
    assert!(
        has_notice(
            &body,
            "This OpenAPI document would break the pact of OrderService version 2: a request for user 42: \
             response body $.nickname: the consumer expects field 'nickname' but the OpenAPI schema does not declare it"
        ),
        "{body}"
    );
    assert!(
        has_notice(
            &body,
            "Checked 2 consumer pact(s) against this OpenAPI document: 1 compatible, 1 not"
        ),
        "{body}"
    );
    assert_eq!(body["_links"]["pb:pacticipant-version-tags"][0]["name"], "prod");
    assert_eq!(body["_links"]["pb:branch-version"]["name"], "main");

    b.deploy("UserService", "1.0.0", &prod).await;
    assert_eq!(can_i_deploy(&b, "1").await["summary"]["deployable"], true);
    let body = can_i_deploy(&b, "2").await;
    assert_eq!(body["summary"]["deployable"], false, "{body}");
    assert!(
        body["summary"]["reason"].as_str().unwrap().contains("'nickname'"),
        "{body}"
    );

    // The stored document can be read back.
    let stored = b.get("/contracts/provider/UserService/version/1.0.0").await;
    assert_eq!(stored.status, 200, "{}", stored.text);
    assert_eq!(stored.body["specification"], "oas");
    assert_eq!(stored.body["selfVerificationResults"]["success"], true);
    assert!(
        stored.body["content"]
            .as_str()
            .unwrap()
            .contains("openapi: 3.0.3")
    );
}
on_every_database!(
    pacts_first_then_the_provider_publishes_its_document_on_each_database,
    pacts_first_then_the_provider_publishes_its_document
);

async fn a_failed_self_test_never_counts_as_success(db: Db) {
    let b = TestBroker::start(db).await;
    let prod = b.create_environment("production", true).await;
    let reply = publish_oas(&b, "1.0.0", false).await;
    assert!(
        has_notice(&reply, "The provider's own test of this OpenAPI document failed"),
        "{reply}"
    );
    b.deploy("UserService", "1.0.0", &prod).await;
    let reply = publish_pact(&b, "1", Some("main"), &compatible_pact()).await;
    assert!(
        has_notice(
            &reply,
            "The pact is not compatible with the OpenAPI document of UserService version 1.0.0"
        ),
        "{reply}"
    );
    let body = can_i_deploy(&b, "1").await;
    assert_eq!(body["summary"]["deployable"], false, "{body}");
    assert!(
        body["summary"]["reason"]
            .as_str()
            .unwrap()
            .contains("the provider's own test of its OpenAPI document (schemathesis) failed"),
        "{body}"
    );

    // A document published without any self-test result does not vouch for pacts either.
    let mut no_results = oas_put_body(true);
    no_results.as_object_mut().unwrap().remove("verificationResults");
    let reply = b
        .put("/contracts/provider/UserService/version/1.0.1", no_results)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert!(
        has_notice(
            &reply.body,
            "The provider's own test of this OpenAPI document was not published"
        ),
        "{}",
        reply.body
    );
    assert!(!has_notice(&reply.body, "1 compatible"), "{}", reply.body);

    // A fixed provider version that passed its self-test verifies the same pact.
    let reply = publish_oas(&b, "1.0.2", true).await;
    assert!(
        has_notice(&reply, "Compatible with the pact of OrderService version 1"),
        "{reply}"
    );
    b.deploy("UserService", "1.0.2", &prod).await;
    assert_eq!(can_i_deploy(&b, "1").await["summary"]["deployable"], true);
}
on_every_database!(
    a_failed_self_test_never_counts_as_success_on_each_database,
    a_failed_self_test_never_counts_as_success
);

async fn pacts_published_with_put_are_checked_too(db: Db) {
    let b = TestBroker::start(db).await;
    publish_oas(&b, "1.0.0", true).await;
    let reply = b
        .put(
            "/pacts/provider/UserService/consumer/OrderService/version/3",
            pact_relying_on_nickname(),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let matrix = b
        .get("/matrix?q[][pacticipant]=OrderService&q[][version]=3&q[][pacticipant]=UserService&q[][version]=1.0.0")
        .await;
    assert_eq!(matrix.status, 200, "{}", matrix.text);
    assert_eq!(
        matrix.body["matrix"][0]["verificationResult"]["success"], false,
        "{}",
        matrix.text
    );
}
on_every_database!(
    pacts_published_with_put_are_checked_too_on_each_database,
    pacts_published_with_put_are_checked_too
);

async fn unusable_documents_are_refused_with_reasons(db: Db) {
    let b = TestBroker::start(db).await;
    let mut bad = oas_put_body(true);
    bad["content"] = json!(STANDARD.encode("openapi: 3.0.3\npaths: [\n"));
    let reply = b.put("/contracts/provider/UserService/version/1", bad).await;
    assert_eq!(reply.status, 400, "{}", reply.text);
    assert!(
        reply.body["errors"]["content"][0]
            .as_str()
            .unwrap()
            .starts_with("is not a usable OpenAPI document"),
        "{}",
        reply.text
    );
    let mut not_base64 = oas_put_body(true);
    not_base64["content"] = json!("%%%");
    not_base64["contractType"] = json!("graphql");
    let reply = b
        .put("/contracts/provider/UserService/version/1", not_base64)
        .await;
    assert_eq!(reply.status, 400, "{}", reply.text);
    assert_eq!(
        reply.body["errors"]["content"][0],
        "is not valid base64 of UTF-8 text"
    );
    assert_eq!(
        reply.body["errors"]["contractType"][0],
        "must be 'oas' (an OpenAPI document)"
    );
    let missing = b.get("/contracts/provider/UserService/version/1").await;
    assert_eq!(missing.status, 404, "{}", missing.text);
}
on_every_database!(
    unusable_documents_are_refused_with_reasons_on_each_database,
    unusable_documents_are_refused_with_reasons
);

async fn previous_distinct_diff_in_json_and_text(db: Db) {
    let b = TestBroker::start(db).await;
    publish_pact(&b, "1", None, &compatible_pact()).await;
    let reply = publish_pact(&b, "2", None, &compatible_pact()).await;
    assert!(
        has_notice(
            &reply,
            "The pact with UserService is unchanged since version 1 of OrderService."
        ),
        "{reply}"
    );
    let mut changed = compatible_pact();
    changed["interactions"][0]["response"]["status"] = json!(201);
    changed["interactions"][0]["response"]["body"]
        .as_object_mut()
        .unwrap()
        .remove("email");
    changed["interactions"][0]["response"]["matchingRules"]["body"]["$.id"] =
        json!({"matchers": [{"match": "type"}], "combine": "AND"});
    changed["interactions"][0]["response"]["matchingRules"]["body"]
        .as_object_mut()
        .unwrap()
        .remove("$.email");
    changed["interactions"].as_array_mut().unwrap().remove(1);
    let reply = publish_pact(&b, "3", None, &changed).await;
    let texts = notice_texts(&reply);
    let expected = "    - interaction 'a request for user 42' changed: response.status 200 → 201; \
                    response.body $.email removed; response.body matcher at $.id: integer → type; \
                    response.body matcher at $.email removed (regex ^\\S+@\\S+$)";
    assert!(texts.iter().any(|t| t == expected), "{texts:#?}");
    assert!(
        texts
            .iter()
            .any(|t| t == "    - interaction 'a request for a user that does not exist' removed"),
        "{texts:#?}"
    );

    // Version 3 against the previous distinct content (version 2, same as 1).
    let path = "/pacts/provider/UserService/consumer/OrderService/version/3/diff/previous-distinct";
    let json_reply = b.get(path).await;
    assert_eq!(json_reply.status, 200, "{}", json_reply.text);
    assert_eq!(json_reply.body["comparedToVersion"], "2");
    assert_eq!(
        json_reply.body["changes"]["removed"],
        json!(["a request for a user that does not exist"])
    );
    let text = b.request_with_accept(path, "text/plain").await;
    assert!(
        text.starts_with(
            "Changes to the pact between OrderService and UserService from version 2 to version 3:\n"
        ),
        "{text}"
    );
    assert!(text.contains("response.status 200 → 201"), "{text}");

    // Against a named version, and nothing earlier for the first one.
    let against = b
        .get("/pacts/provider/UserService/consumer/OrderService/version/3/diff/version/1")
        .await;
    assert_eq!(against.body["comparedToVersion"], "1");
    let first = b
        .get("/pacts/provider/UserService/consumer/OrderService/version/1/diff/previous-distinct")
        .await;
    assert_eq!(first.status, 200);
    assert_eq!(first.body["comparedToVersion"], Value::Null);
    let unknown = b
        .get("/pacts/provider/UserService/consumer/OrderService/version/9/diff/previous-distinct")
        .await;
    assert_eq!(unknown.status, 404);
}
on_every_database!(
    previous_distinct_diff_in_json_and_text_on_each_database,
    previous_distinct_diff_in_json_and_text
);

trait AcceptText {
    async fn request_with_accept(&self, path: &str, accept: &str) -> String;
}

impl AcceptText for TestBroker {
    async fn request_with_accept(&self, path: &str, accept: &str) -> String {
        use axum::body::Body;
        use axum::http::Request;
        use http_body_util::BodyExt;
        use tower::ServiceExt;
        let request = Request::builder()
            .uri(path)
            .header("Host", "broker.test")
            .header("Accept", accept)
            .body(Body::empty())
            .unwrap();
        let response = self.app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), 200);
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}
