//! `for-verification`: selectors, de-duplication by content, pending and WIP; verification results.
#![allow(clippy::unwrap_used)]

mod server_support;

use serde_json::{Value, json};
use server_support::{Db, TestBroker, path_of};

async fn for_verification(b: &TestBroker, provider: &str, body: Value) -> Vec<Value> {
    let reply = b
        .post(&format!("/pacts/provider/{provider}/for-verification"), body)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body["_embedded"]["pacts"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn names(pacts: &[Value]) -> Vec<String> {
    pacts
        .iter()
        .map(|p| {
            p["_links"]["self"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

async fn main_branch_selector_picks_the_head_of_the_main_branch(db: Db) {
    let b = TestBroker::start(db).await;
    b.publish("Web", "1", "Api", Some("main"), &[], &json!({"v": 1}))
        .await;
    b.publish("Web", "2", "Api", Some("main"), &[], &json!({"v": 2}))
        .await;
    b.publish("Web", "3", "Api", Some("feat-x"), &[], &json!({"v": 3}))
        .await;
    b.publish("Mobile", "9", "Api", Some("main"), &[], &json!({"m": 9}))
        .await;
    let pacts = for_verification(
        &b,
        "Api",
        json!({"consumerVersionSelectors": [{"mainBranch": true}]}),
    )
    .await;
    assert_eq!(
        names(&pacts),
        ["Pact between Mobile (9) and Api", "Pact between Web (2) and Api"]
    );
    let notice = pacts[1]["verificationProperties"]["notices"][0]["text"]
        .as_str()
        .unwrap();
    assert!(
        notice.contains("latest version of Web from the main branch (2)"),
        "{notice}"
    );
    assert!(
        pacts[1]["verificationProperties"].get("pending").is_none(),
        "pending only when asked for"
    );
    // The self link serves the pact and carries the verification link.
    let pact = b.get(&path_of(&pacts[1]["_links"]["self"]["href"])).await;
    assert_eq!(pact.status, 200);
    assert_eq!(pact.body["interactions"][0]["response"]["body"]["v"], 2);
    assert!(
        pact.body["_links"]["pb:publish-verification-results"]["href"]
            .as_str()
            .unwrap()
            .contains("/metadata/")
    );
    // Narrowed to one consumer, and by branch name.
    let only_web = for_verification(
        &b,
        "Api",
        json!({"consumerVersionSelectors": [{"branch": "feat-x", "consumer": "Web"}]}),
    )
    .await;
    assert_eq!(names(&only_web), ["Pact between Web (3) and Api"]);
    // No selectors: each consumer's main branch head.
    let default = for_verification(&b, "Api", json!({})).await;
    assert_eq!(default.len(), 2);
}
on_every_database!(
    main_branch_selector_picks_the_head_of_the_main_branch_on_each_database,
    main_branch_selector_picks_the_head_of_the_main_branch
);

async fn pacts_with_the_same_content_are_listed_once(db: Db) {
    let b = TestBroker::start(db).await;
    let prod = b.create_environment("production", true).await;
    b.publish("Web", "1", "Api", Some("main"), &["prod"], &json!({"same": true}))
        .await;
    b.deploy("Web", "1", &prod).await;
    b.publish("Web", "2", "Api", Some("main"), &[], &json!({"same": true}))
        .await;
    let pacts = for_verification(
        &b,
        "Api",
        json!({"consumerVersionSelectors": [{"mainBranch": true}, {"deployedOrReleased": true}, {"tag": "prod", "latest": true}]}),
    )
    .await;
    assert_eq!(pacts.len(), 1, "{pacts:?}");
    let notice = pacts[0]["verificationProperties"]["notices"][0]["text"]
        .as_str()
        .unwrap();
    assert!(notice.contains("from the main branch (2)"), "{notice}");
    assert!(
        notice.contains("currently deployed or released to any environment (1)"),
        "{notice}"
    );
    assert!(notice.contains("tagged 'prod' (1)"), "{notice}");
    let deployed = for_verification(
        &b,
        "Api",
        json!({"consumerVersionSelectors": [{"deployed": true, "environment": "production"}]}),
    )
    .await;
    assert_eq!(names(&deployed), ["Pact between Web (1) and Api"]);
}
on_every_database!(
    pacts_with_the_same_content_are_listed_once_on_each_database,
    pacts_with_the_same_content_are_listed_once
);

async fn a_pact_stays_pending_until_the_provider_branch_verifies_it(db: Db) {
    let b = TestBroker::start(db).await;
    b.publish("Web", "1", "Api", Some("main"), &[], &json!({"v": 1}))
        .await;
    let request = json!({"consumerVersionSelectors": [{"mainBranch": true}], "providerVersionBranch": "main", "includePendingStatus": true});
    let pacts = for_verification(&b, "Api", request.clone()).await;
    assert_eq!(pacts[0]["verificationProperties"]["pending"], true);
    // A failure keeps it pending.
    assert_eq!(b.verify("Api", "Web", "1", "100", false).await.status, 201);
    b.branch("Api", "100", "main").await;
    assert_eq!(
        for_verification(&b, "Api", request.clone()).await[0]["verificationProperties"]["pending"],
        true
    );
    // A success from a provider version on the branch ends it.
    b.branch("Api", "101", "main").await;
    assert_eq!(b.verify("Api", "Web", "1", "101", true).await.status, 201);
    let after = for_verification(&b, "Api", request.clone()).await;
    assert_eq!(after[0]["verificationProperties"]["pending"], false);
    // A provider branch that already exists and never verified it still sees it pending…
    b.branch("Api", "200", "feat-y").await;
    let other = json!({"consumerVersionSelectors": [{"mainBranch": true}], "providerVersionBranch": "feat-y", "includePendingStatus": true});
    assert_eq!(
        for_verification(&b, "Api", other).await[0]["verificationProperties"]["pending"],
        false,
        "feat-y was created after main verified the pact, so it inherits that result"
    );
    // …while new content is pending again.
    b.publish("Web", "2", "Api", Some("main"), &[], &json!({"v": 2}))
        .await;
    assert_eq!(
        for_verification(&b, "Api", request).await[0]["verificationProperties"]["pending"],
        true
    );
}
on_every_database!(
    a_pact_stays_pending_until_the_provider_branch_verifies_it_on_each_database,
    a_pact_stays_pending_until_the_provider_branch_verifies_it
);

async fn wip_pacts_are_branch_heads_not_selected_and_pending(db: Db) {
    let b = TestBroker::start(db).await;
    b.publish("Web", "1", "Api", Some("main"), &[], &json!({"v": 1}))
        .await;
    b.publish("Web", "2", "Api", Some("feat-x"), &[], &json!({"v": 2}))
        .await;
    let request = json!({
        "consumerVersionSelectors": [{"mainBranch": true}],
        "providerVersionBranch": "main",
        "includePendingStatus": true,
        "includeWipPactsSince": "2000-01-01"
    });
    let pacts = for_verification(&b, "Api", request.clone()).await;
    assert_eq!(
        names(&pacts),
        ["Pact between Web (1) and Api", "Pact between Web (2) and Api"]
    );
    assert_eq!(pacts[1]["verificationProperties"]["wip"], true);
    assert_eq!(pacts[1]["verificationProperties"]["pending"], true);
    assert!(pacts[0]["verificationProperties"].get("wip").is_none());
    // Once verified from the provider branch it is no longer work in progress.
    b.branch("Api", "7", "main").await;
    b.verify("Api", "Web", "2", "7", true).await;
    assert_eq!(for_verification(&b, "Api", request).await.len(), 1);
    // A date in the future excludes everything.
    let future = json!({"consumerVersionSelectors": [{"mainBranch": true}], "providerVersionBranch": "main", "includeWipPactsSince": "2999-01-01"});
    assert_eq!(for_verification(&b, "Api", future).await.len(), 1);
}
on_every_database!(
    wip_pacts_are_branch_heads_not_selected_and_pending_on_each_database,
    wip_pacts_are_branch_heads_not_selected_and_pending
);

async fn tag_selectors_fall_back(db: Db) {
    let b = TestBroker::start(db).await;
    b.publish("Web", "1", "Api", None, &["master"], &json!({"v": 1}))
        .await;
    b.publish("Web", "2", "Api", None, &["dev"], &json!({"v": 2}))
        .await;
    b.publish("Web", "3", "Api", None, &["dev"], &json!({"v": 3}))
        .await;
    let fallback = for_verification(
        &b,
        "Api",
        json!({"consumerVersionSelectors": [{"tag": "feat", "latest": true, "fallbackTag": "master"}]}),
    )
    .await;
    assert_eq!(names(&fallback), ["Pact between Web (1) and Api"]);
    let all_dev = for_verification(&b, "Api", json!({"consumerVersionSelectors": [{"tag": "dev"}]})).await;
    assert_eq!(all_dev.len(), 2);
    let latest = for_verification(&b, "Api", json!({"consumerVersionSelectors": [{"latest": true}]})).await;
    assert_eq!(names(&latest), ["Pact between Web (3) and Api"]);
}
on_every_database!(tag_selectors_fall_back_on_each_database, tag_selectors_fall_back);

async fn invalid_selectors_are_400(db: Db) {
    let b = TestBroker::start(db).await;
    b.publish("Web", "1", "Api", Some("main"), &[], &json!({})).await;
    for body in [
        json!({"consumerVersionSelectors": [{"branch": "x", "tag": "y"}]}),
        json!({"consumerVersionSelectors": [{"matchingBranch": true}]}),
        json!({"consumerVersionSelectors": [{"branch": "x", "latest": false}]}),
        json!({"consumerVersionSelectors": [{}]}),
        json!({"consumerVersionSelectors": [{"mainBranch": true, "deployed": true}]}),
        json!({"consumerVersionSelectors": "nope"}),
        json!({"includeWipPactsSince": "yesterday"}),
    ] {
        let reply = b.post("/pacts/provider/Api/for-verification", body.clone()).await;
        assert_eq!(reply.status, 400, "{body} gave {}", reply.text);
        assert!(reply.body["errors"].is_object(), "{}", reply.text);
    }
    assert_eq!(
        b.post("/pacts/provider/Nobody/for-verification", json!({}))
            .await
            .status,
        404
    );
    let get = b.get("/pacts/provider/Api/for-verification").await;
    assert_eq!(
        get.body["_links"]["self"]["href"],
        "http://broker.test/pacts/provider/Api/for-verification"
    );
}
on_every_database!(
    invalid_selectors_are_400_on_each_database,
    invalid_selectors_are_400
);

async fn verification_results_are_recorded_and_duplicates_collapsed(db: Db) {
    let b = TestBroker::start(db).await;
    b.publish("Web", "1", "Api", Some("main"), &[], &json!({})).await;
    let first = b.verify("Api", "Web", "1", "5.0", true).await;
    assert_eq!(first.status, 201, "{}", first.text);
    assert_eq!(first.body["providerApplicationVersion"], "5.0");
    assert_eq!(first.body["success"], true);
    let location = first.headers["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("http://broker.test")
        .to_string();
    let got = b.get(&location).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.body["providerName"], "Api");
    let again = b.verify("Api", "Web", "1", "5.0", true).await;
    assert_eq!(
        again.body["_links"]["self"]["href"], first.body["_links"]["self"]["href"],
        "same result collapsed"
    );
    let failed = b.verify("Api", "Web", "1", "5.0", false).await;
    assert_ne!(
        failed.body["_links"]["self"]["href"],
        first.body["_links"]["self"]["href"]
    );
    let pact = b.get("/pacts/provider/Api/consumer/Web/version/1").await;
    let latest = b
        .get(&path_of(
            &pact.body["_links"]["pb:latest-verification-results"]["href"],
        ))
        .await;
    assert_eq!(latest.body["success"], false);
    // Bad result bodies are 400, unknown pacts 404.
    let publish = path_of(&pact.body["_links"]["pb:publish-verification-results"]["href"]);
    let bad = b.post(&publish, json!({"success": "maybe"})).await;
    assert_eq!(bad.status, 400);
    assert!(bad.body["errors"]["success"].is_array());
    assert!(bad.body["errors"]["providerApplicationVersion"].is_array());
    let missing = b
        .post(
            "/pacts/provider/Api/consumer/Web/pact-version/0000/verification-results",
            json!({"success": true, "providerApplicationVersion": "1"}),
        )
        .await;
    assert_eq!(missing.status, 404);
    // The provider version exists now.
    assert_eq!(b.get("/pacticipants/Api/versions/5.0").await.status, 200);
}
on_every_database!(
    verification_results_are_recorded_and_duplicates_collapsed_on_each_database,
    verification_results_are_recorded_and_duplicates_collapsed
);
