//! `GET /`: every `pb:` relation a client starts from.

use axum::Router;
use axum::response::Response;
use axum::routing::get;
use pact_broker_api::{Index, Links};

use super::AppState;
use super::hal::{Base, ok_typed, templated_link, titled_link};

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/", get(index))
}

async fn index(base: Base) -> Response {
    let b = &base.0;
    let rels: [(&str, &str, &str); 41] = [
        (
            "pb:publish-pact",
            "/pacts/provider/{provider}/consumer/{consumer}/version/{consumerApplicationVersion}",
            "Publish a pact",
        ),
        ("pb:publish-contracts", "/contracts/publish", "Publish contracts"),
        ("pb:latest-pact-versions", "/pacts/latest", "Latest pact versions"),
        (
            "pb:tagged-pact-versions",
            "/pacts/provider/{provider}/consumer/{consumer}/tag/{tag}",
            "All versions of a pact for a given consumer, provider and consumer version tag",
        ),
        (
            "pb:branch-pact-versions",
            "/pacts/provider/{provider}/consumer/{consumer}/branch/{branch}",
            "All versions of a pact for a given consumer, provider and consumer version branch",
        ),
        (
            "pb:latest-branch-pact-versions",
            "/pacts/provider/{provider}/consumer/{consumer}/branch/{branch}/latest",
            "Latest version of a pact for a given consumer, provider and consumer version branch",
        ),
        (
            "pb:main-branch-pact-versions",
            "/pacts/provider/{provider}/consumer/{consumer}/branch",
            "All versions of a pact for a given consumer, provider and consumer main branch",
        ),
        (
            "pb:latest-main-branch-pact-versions",
            "/pacts/provider/{provider}/consumer/{consumer}/branch/latest",
            "Latest version of a pact for a given consumer, provider and consumer main branch",
        ),
        (
            "pb:provider-pacts-with-main-branch",
            "/pacts/provider/{provider}/branch",
            "All pacts for the main branches of the consumers of a provider",
        ),
        (
            "pb:provider-pacts-with-branch",
            "/pacts/provider/{provider}/branch/{branch}",
            "All pacts for a provider with a given consumer branch",
        ),
        (
            "pb:latest-provider-pacts-with-main-branch",
            "/pacts/provider/{provider}/branch/latest",
            "Latest pacts for the main branches of the consumers of a provider",
        ),
        (
            "pb:latest-provider-pacts-with-branch",
            "/pacts/provider/{provider}/branch/{branch}/latest",
            "Latest pacts for a provider with a given consumer branch",
        ),
        ("pb:pacticipants", "/pacticipants", "Pacticipants"),
        (
            "pb:pacticipant",
            "/pacticipants/{pacticipant}",
            "Fetch pacticipant by name",
        ),
        (
            "pb:latest-provider-pacts",
            "/pacts/provider/{provider}/latest",
            "Latest pacts by provider",
        ),
        (
            "pb:latest-provider-pacts-with-tag",
            "/pacts/provider/{provider}/latest/{tag}",
            "Latest pacts for provider with the specified tag",
        ),
        (
            "pb:provider-pacts-with-tag",
            "/pacts/provider/{provider}/tag/{tag}",
            "All pact versions for the provider with the specified consumer version tag",
        ),
        (
            "pb:provider-pacts",
            "/pacts/provider/{provider}",
            "All pact versions for the specified provider",
        ),
        (
            "pb:latest-version",
            "/pacticipants/{pacticipant}/latest-version",
            "Latest pacticipant version",
        ),
        (
            "pb:latest-tagged-version",
            "/pacticipants/{pacticipant}/latest-version/{tag}",
            "Latest pacticipant version with the specified tag",
        ),
        ("pb:webhooks", "/webhooks", "Webhooks"),
        ("pb:webhook", "/webhooks/{uuid}", "Webhook"),
        ("pb:integrations", "/integrations", "Integrations"),
        (
            "pb:pacticipant-version-tag",
            "/pacticipants/{pacticipant}/versions/{version}/tags/{tag}",
            "Get, create or delete a tag for a pacticipant version",
        ),
        (
            "pb:pacticipant-branch",
            "/pacticipants/{pacticipant}/branches/{branch}",
            "Get or delete a pacticipant branch",
        ),
        (
            "pb:pacticipant-branch-version",
            "/pacticipants/{pacticipant}/branches/{branch}/versions/{version}",
            "Get or add/create a pacticipant version for a branch",
        ),
        (
            "pb:pacticipant-version",
            "/pacticipants/{pacticipant}/versions/{version}",
            "Get, create or delete a pacticipant version",
        ),
        ("pb:metrics", "/metrics", "Get Pact Broker metrics"),
        (
            "pb:can-i-deploy-pacticipant-version-to-tag",
            "/can-i-deploy?pacticipant={pacticipant}&version={version}&to={tag}",
            "Determine if an application version can be safely deployed to an environment identified by the given tag",
        ),
        (
            "pb:can-i-deploy-pacticipant-version-to-environment",
            "/can-i-deploy?pacticipant={pacticipant}&version={version}&environment={environment}",
            "Determine if an application version can be safely deployed to an environment",
        ),
        (
            "pb:provider-pacts-for-verification",
            "/pacts/provider/{provider}/for-verification",
            "Pact versions to be verified for the specified provider",
        ),
        (
            "beta:provider-pacts-for-verification",
            "/pacts/provider/{provider}/for-verification",
            "DEPRECATED - please use pb:provider-pacts-for-verification",
        ),
        ("pb:environments", "/environments", "Environments"),
        ("pb:environment", "/environments/{uuid}", "Environment"),
        (
            "pb:pacticipant-versions",
            "/pacticipants/{pacticipant}/versions",
            "Versions of a pacticipant",
        ),
        (
            "pb:pacticipant-branches",
            "/pacticipants/{pacticipant}/branches",
            "Branches of a pacticipant",
        ),
        (
            "pb:matrix",
            "/matrix",
            "The matrix of pacts and verification results",
        ),
        (
            "pb:latest-pact",
            "/pacts/provider/{provider}/consumer/{consumer}/latest",
            "Latest pact between a consumer and a provider",
        ),
        (
            "pb:latest-tagged-pact",
            "/pacts/provider/{provider}/consumer/{consumer}/latest/{tag}",
            "Latest pact between a consumer and a provider for a consumer version tag",
        ),
        (
            "pb:pact-versions",
            "/pacts/provider/{provider}/consumer/{consumer}/versions",
            "All versions of a pact between a consumer and a provider",
        ),
        ("pb:heartbeat", "/diagnostic/status/heartbeat", "Heartbeat"),
    ];
    let mut links = Links::new().with("self", titled_link(b.clone(), "Index"));
    for (rel, path, title) in rels {
        let href = format!("{b}{path}");
        let link = if path.contains('{') {
            templated_link(href, title)
        } else {
            titled_link(href, title)
        };
        links.set(rel, link);
    }
    links.set(
        "pf:publish-provider-contract",
        templated_link(
            format!("{b}/provider-contracts/provider/{{provider}}/publish"),
            "Publish a provider contract (OpenAPI)",
        ),
    );
    ok_typed(&Index {
        links: links.with_curies(base.curie_list()),
    })
}
