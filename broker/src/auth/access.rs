//! The access table: which role each (method, route) needs. The one source of truth for
//! authorisation; the middleware in `http::auth` and the route-by-route test both read it.
//!
//! **Adding a route?** Add one [`rule`] per method to [`ROUTE_RULES`], with the route pattern
//! written exactly as in `Router::route` (`/webhooks/{uuid}`). A route served without a rule is
//! treated as needing `read` for GET/HEAD and `admin` for anything else, and the test
//! `broker_auth_routes` fails until the rule is added.

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::http::Method;

use super::Role;

/// An HTTP method as the table names it; HEAD is checked as GET.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verb {
    /// GET (and HEAD).
    Get,
    /// POST.
    Post,
    /// PUT.
    Put,
    /// PATCH.
    Patch,
    /// DELETE.
    Delete,
}

impl Verb {
    /// Every verb the table knows.
    pub const ALL: [Verb; 5] = [Verb::Get, Verb::Post, Verb::Put, Verb::Patch, Verb::Delete];

    /// The verb a request method is checked as (HEAD as GET); `None` for OPTIONS, TRACE, ….
    pub fn of(method: &Method) -> Option<Verb> {
        match *method {
            Method::GET | Method::HEAD => Some(Verb::Get),
            Method::POST => Some(Verb::Post),
            Method::PUT => Some(Verb::Put),
            Method::PATCH => Some(Verb::Patch),
            Method::DELETE => Some(Verb::Delete),
            _ => None,
        }
    }

    /// The HTTP method.
    pub fn method(self) -> Method {
        match self {
            Verb::Get => Method::GET,
            Verb::Post => Method::POST,
            Verb::Put => Method::PUT,
            Verb::Patch => Method::PATCH,
            Verb::Delete => Method::DELETE,
        }
    }
}

/// What a request must present to be let through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, credentials or not (the heartbeat, for load balancers).
    Public,
    /// Anyone when public badge access is enabled, else the read role (status badges).
    Badge,
    /// Credentials carrying at least this role (reads also pass with public read enabled).
    Role(Role),
}

impl Access {
    /// The role needed when the route is not open to everyone.
    pub fn role(self) -> Role {
        match self {
            Access::Public | Access::Badge => Role::Read,
            Access::Role(role) => role,
        }
    }
}

/// One line of the table: `verb` on `pattern` needs `access`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteRule {
    /// The method.
    pub verb: Verb,
    /// The route pattern exactly as the router registers it (`/pacticipants/{pacticipant}`).
    pub pattern: &'static str,
    /// What the request needs.
    pub access: Access,
}

/// A table line.
pub const fn rule(verb: Verb, pattern: &'static str, access: Access) -> RouteRule {
    RouteRule {
        verb,
        pattern,
        access,
    }
}

const GET: Verb = Verb::Get;
const POST: Verb = Verb::Post;
const PUT: Verb = Verb::Put;
const PATCH: Verb = Verb::Patch;
const DELETE: Verb = Verb::Delete;
const PUBLIC: Access = Access::Public;
const BADGE: Access = Access::Badge;
const READ: Access = Access::Role(Role::Read);
const WRITE: Access = Access::Role(Role::Write);
const ADMIN: Access = Access::Role(Role::Admin);

/// Every route the broker serves, with the access each method needs.
///
/// Reads need `read`; publishing, tagging, branching, recording deployments and releases,
/// publishing verification results and editing pacticipants and versions need `write`; deleting
/// anything, managing environments, webhooks and tokens need `admin`.
#[rustfmt::skip]
pub static ROUTE_RULES: &[RouteRule] = &[
    // Index and diagnostics.
    rule(GET, "/", READ),
    rule(GET, "/diagnostic/status/heartbeat", PUBLIC),
    rule(GET, "/diagnostic/status/dependencies", READ),
    // Publishing.
    rule(POST, "/contracts/publish", WRITE),
    // Bi-directional contracts: a provider's OpenAPI document and pact diffs.
    rule(GET, "/contracts/provider/{provider}/version/{version}", READ),
    rule(PUT, "/contracts/provider/{provider}/version/{version}", WRITE),
    rule(POST, "/provider-contracts/provider/{provider}/publish", WRITE),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/version/{version}/diff/previous-distinct", READ),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/version/{version}/diff/version/{other}", READ),
    // Pacts of one consumer and provider.
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/version/{version}", READ),
    rule(PUT, "/pacts/provider/{provider}/consumer/{consumer}/version/{version}", WRITE),
    rule(PATCH, "/pacts/provider/{provider}/consumer/{consumer}/version/{version}", WRITE),
    rule(DELETE, "/pacts/provider/{provider}/consumer/{consumer}/version/{version}", ADMIN),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/versions/{version}", READ),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/latest", READ),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/latest-untagged", READ),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/latest/{tag}", READ),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/branch/latest", READ),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/branch/{branch}/latest", READ),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}", READ),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/metadata/{metadata}", READ),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/versions", READ),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/tag/{tag}", READ),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/branch", READ),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/branch/{branch}", READ),
    // Pact lists.
    rule(GET, "/pacts/latest", READ),
    rule(GET, "/pacts/provider/{provider}", READ),
    rule(GET, "/pacts/provider/{provider}/latest", READ),
    rule(GET, "/pacts/provider/{provider}/latest/{tag}", READ),
    rule(GET, "/pacts/provider/{provider}/tag/{tag}", READ),
    rule(GET, "/pacts/provider/{provider}/branch", READ),
    rule(GET, "/pacts/provider/{provider}/branch/latest", READ),
    rule(GET, "/pacts/provider/{provider}/branch/{branch}", READ),
    rule(GET, "/pacts/provider/{provider}/branch/{branch}/latest", READ),
    // Pacts for verification: asking is a read, whatever the method.
    rule(GET, "/pacts/provider/{provider}/for-verification", READ),
    rule(POST, "/pacts/provider/{provider}/for-verification", READ),
    // Verification results.
    rule(POST, "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/verification-results", WRITE),
    rule(POST, "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/metadata/{metadata}/verification-results", WRITE),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/verification-results/latest", READ),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/verification-results/{id}", READ),
    // Pacticipants.
    rule(GET, "/pacticipants", READ),
    rule(POST, "/pacticipants", WRITE),
    rule(GET, "/pacticipants/{pacticipant}", READ),
    rule(PUT, "/pacticipants/{pacticipant}", WRITE),
    rule(PATCH, "/pacticipants/{pacticipant}", WRITE),
    rule(DELETE, "/pacticipants/{pacticipant}", ADMIN),
    rule(GET, "/pacticipants/{pacticipant}/field-usage", READ),
    // Versions.
    rule(GET, "/pacticipants/{pacticipant}/versions", READ),
    rule(GET, "/pacticipants/{pacticipant}/versions/{version}", READ),
    rule(PUT, "/pacticipants/{pacticipant}/versions/{version}", WRITE),
    rule(PATCH, "/pacticipants/{pacticipant}/versions/{version}", WRITE),
    rule(DELETE, "/pacticipants/{pacticipant}/versions/{version}", ADMIN),
    rule(GET, "/pacticipants/{pacticipant}/latest-version", READ),
    rule(GET, "/pacticipants/{pacticipant}/latest-version/{tag}", READ),
    rule(GET, "/pacticipants/{pacticipant}/branches/{branch}/latest-version", READ),
    // Tags.
    rule(GET, "/pacticipants/{pacticipant}/versions/{version}/tags/{tag}", READ),
    rule(PUT, "/pacticipants/{pacticipant}/versions/{version}/tags/{tag}", WRITE),
    rule(DELETE, "/pacticipants/{pacticipant}/versions/{version}/tags/{tag}", ADMIN),
    // Branches.
    rule(GET, "/pacticipants/{pacticipant}/branches", READ),
    rule(GET, "/pacticipants/{pacticipant}/branches/{branch}", READ),
    rule(DELETE, "/pacticipants/{pacticipant}/branches/{branch}", ADMIN),
    rule(GET, "/pacticipants/{pacticipant}/branches/{branch}/versions/{version}", READ),
    rule(PUT, "/pacticipants/{pacticipant}/branches/{branch}/versions/{version}", WRITE),
    rule(DELETE, "/pacticipants/{pacticipant}/branches/{branch}/versions/{version}", ADMIN),
    // Environments: shared by every team, so changing them is administration.
    rule(GET, "/environments", READ),
    rule(POST, "/environments", ADMIN),
    rule(GET, "/environments/{uuid}", READ),
    rule(PUT, "/environments/{uuid}", ADMIN),
    rule(DELETE, "/environments/{uuid}", ADMIN),
    rule(GET, "/environments/{uuid}/deployed-versions/currently-deployed", READ),
    rule(GET, "/environments/{uuid}/released-versions/currently-supported", READ),
    // Deployments and releases.
    rule(POST, "/pacticipants/{pacticipant}/versions/{version}/deployed-versions/environment/{uuid}", WRITE),
    rule(POST, "/pacticipants/{pacticipant}/versions/{version}/released-versions/environment/{uuid}", WRITE),
    rule(GET, "/deployed-versions/{uuid}", READ),
    rule(PATCH, "/deployed-versions/{uuid}", WRITE),
    rule(GET, "/released-versions/{uuid}", READ),
    rule(PATCH, "/released-versions/{uuid}", WRITE),
    // Matrix and can-i-deploy.
    rule(GET, "/matrix", READ),
    rule(GET, "/can-i-deploy", READ),
    // Badges.
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/latest/badge", BADGE),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/latest/badge.svg", BADGE),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/latest-untagged/badge", BADGE),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/latest-untagged/badge.svg", BADGE),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/latest/{tag}/badge", BADGE),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/latest/{tag}/badge.svg", BADGE),
    rule(GET, "/pacticipants/{pacticipant}/branches/{branch}/latest-version/can-i-deploy/to-environment/{environment}/badge", BADGE),
    rule(GET, "/pacticipants/{pacticipant}/branches/{branch}/latest-version/can-i-deploy/to-environment/{environment}/badge.svg", BADGE),
    rule(GET, "/pacticipants/{pacticipant}/latest-version/{tag}/can-i-deploy/to/{to}/badge", BADGE),
    rule(GET, "/pacticipants/{pacticipant}/latest-version/{tag}/can-i-deploy/to/{to}/badge.svg", BADGE),
    rule(GET, "/matrix/provider/{provider}/latest/{provider_tag}/consumer/{consumer}/latest/{tag}/badge", BADGE),
    rule(GET, "/matrix/provider/{provider}/latest/{provider_tag}/consumer/{consumer}/latest/{tag}/badge.svg", BADGE),
    // Webhooks (reading needs read; creating, changing, deleting and executing them is administration).
    rule(GET, "/webhooks", READ),
    rule(POST, "/webhooks", ADMIN),
    rule(GET, "/webhooks/{uuid}", READ),
    rule(PUT, "/webhooks/{uuid}", ADMIN),
    rule(DELETE, "/webhooks/{uuid}", ADMIN),
    rule(POST, "/webhooks/{uuid}/execute", ADMIN),
    rule(POST, "/webhooks/execute", ADMIN),
    rule(GET, "/webhooks/{uuid}/triggered-webhooks", READ),
    rule(GET, "/webhooks/provider/{provider}", READ),
    rule(POST, "/webhooks/provider/{provider}", ADMIN),
    rule(GET, "/webhooks/provider/{provider}/consumer/{consumer}", READ),
    rule(POST, "/webhooks/provider/{provider}/consumer/{consumer}", ADMIN),
    rule(GET, "/webhooks/consumer/{consumer}", READ),
    rule(POST, "/webhooks/consumer/{consumer}", ADMIN),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/webhooks", READ),
    rule(POST, "/pacts/provider/{provider}/consumer/{consumer}/webhooks", ADMIN),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/webhooks/status", READ),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/version/{version}/triggered-webhooks", READ),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/verification-results/{id}/triggered-webhooks", READ),
    rule(GET, "/triggered-webhooks/{uuid}/logs", READ),
    // Operations.
    rule(GET, "/metrics", READ),
    // Web UI: pages are reads.
    rule(GET, "/ui", READ),
    rule(GET, "/ui/", READ),
    rule(GET, "/ui/assets/app.js", READ),
    rule(GET, "/ui/assets/style.css", READ),
    rule(GET, "/ui/environments", READ),
    rule(GET, "/ui/matrix/provider/{provider}/consumer/{consumer}", READ),
    rule(GET, "/ui/network", READ),
    rule(GET, "/ui/pacticipants/{name}", READ),
    rule(GET, "/ui/pacticipants/{name}/api-impact", READ),
    rule(GET, "/ui/pacticipants/{name}/field-usage", READ),
    rule(GET, "/ui/pacts/provider/{provider}/consumer/{consumer}/latest", READ),
    rule(GET, "/ui/pacts/provider/{provider}/consumer/{consumer}/latest/{tag}", READ),
    rule(GET, "/ui/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}", READ),
    rule(GET, "/ui/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/diff/pact-version/{other}", READ),
    rule(GET, "/ui/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/metadata/{metadata}", READ),
    rule(GET, "/ui/pacts/provider/{provider}/consumer/{consumer}/version/{version}", READ),
    rule(GET, "/ui/pacts/provider/{provider}/consumer/{consumer}/version/{version}/diff/previous-distinct", READ),
    rule(GET, "/ui/pacts/provider/{provider}/consumer/{consumer}/version/{version}/diff/version/{other}", READ),
    rule(GET, "/ui/pacts/provider/{provider}/consumer/{consumer}/versions/{version}", READ),
    // The Pact Broker's alternative paths and resources added for drop-in compatibility.
    rule(GET, "/pact/provider/{provider}/consumer/{consumer}/version/{version}", READ),
    rule(PUT, "/pact/provider/{provider}/consumer/{consumer}/version/{version}", WRITE),
    rule(PATCH, "/pact/provider/{provider}/consumer/{consumer}/version/{version}", WRITE),
    rule(DELETE, "/pact/provider/{provider}/consumer/{consumer}/version/{version}", ADMIN),
    rule(GET, "/pact/provider/{provider}/consumer/{consumer}/latest", READ),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/version/{version}/previous-distinct", READ),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/diff/pact-version/{other}", READ),
    rule(GET, "/pacts/provider/{provider}/provider-states", READ),
    rule(GET, "/pacts/provider/{provider}/provider-states/branch/{branch}", READ),
    rule(GET, "/pacts/provider/{provider}/provider-states/environment/{environment}", READ),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/metadata/{metadata}/verification-results/{id}", READ),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/version/{version}/verification-results/latest", READ),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/latest/verification-results/latest", READ),
    rule(GET, "/pacts/provider/{provider}/consumer/{consumer}/latest/{tag}/verification-results/latest", READ),
    rule(GET, "/verification-results/consumer/{consumer}/version/{version}/latest", READ),
    rule(GET, "/pacticipants/label/{label}", READ),
    rule(GET, "/pacticipants/{pacticipant}/labels/{label}", READ),
    rule(PUT, "/pacticipants/{pacticipant}/labels/{label}", WRITE),
    rule(DELETE, "/pacticipants/{pacticipant}/labels/{label}", ADMIN),
    rule(GET, "/labels", READ),
    rule(GET, "/integrations", READ),
    // Deletes a whole integration's data, as deleting a pacticipant does: admins only.
    rule(DELETE, "/integrations/provider/{provider}/consumer/{consumer}", ADMIN),
    rule(GET, "/pacticipants/{pacticipant}/tags/{tag}/versions", READ),
    rule(GET, "/pacticipants/{pacticipant}/branches/{branch}/versions", READ),
    rule(GET, "/matrix/provider/{provider}/consumer/{consumer}", READ),
    rule(GET, "/pacticipants/{pacticipant}/branches/{branch}/latest-version/can-i-deploy/to-environment/{environment}", READ),
    rule(GET, "/pacticipants/{pacticipant}/latest-version/{tag}/can-i-deploy/to/{to}", READ),
    rule(GET, "/pacticipants/{pacticipant}/main-branch/can-i-merge/badge", BADGE),
    // API tokens.
    rule(GET, "/admin/tokens", ADMIN),
    rule(POST, "/admin/tokens", ADMIN),
    rule(GET, "/admin/tokens/{name}", ADMIN),
    rule(DELETE, "/admin/tokens/{name}", ADMIN),
];

static TABLE: LazyLock<HashMap<(Verb, &'static str), Access>> = LazyLock::new(|| {
    ROUTE_RULES
        .iter()
        .map(|r| ((r.verb, r.pattern), r.access))
        .collect()
});

/// The rule for `verb` on `pattern`, if the table has one.
pub fn rule_for(verb: Verb, pattern: &str) -> Option<Access> {
    TABLE.get(&(verb, pattern)).copied()
}

/// What a request needs: the table's rule for its method and matched route pattern; without a
/// rule, `read` for GET/HEAD (and OPTIONS) and `admin` for anything else.
///
/// ```
/// use axum::http::Method;
/// use pact_broker::auth::{Access, Role, required_access};
///
/// assert_eq!(required_access(&Method::POST, Some("/contracts/publish")), Access::Role(Role::Write));
/// assert_eq!(required_access(&Method::HEAD, Some("/pacticipants")), Access::Role(Role::Read));
/// assert_eq!(required_access(&Method::DELETE, Some("/no/such/route")), Access::Role(Role::Admin));
/// ```
pub fn required_access(method: &Method, pattern: Option<&str>) -> Access {
    let verb = Verb::of(method);
    if let (Some(verb), Some(pattern)) = (verb, pattern)
        && let Some(access) = rule_for(verb, pattern)
    {
        return access;
    }
    match verb {
        Some(Verb::Get) => READ,
        None if *method == Method::OPTIONS => READ,
        _ => ADMIN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_unique_and_patterns_look_like_routes() {
        let mut seen = std::collections::HashSet::new();
        for r in ROUTE_RULES {
            assert!(seen.insert((r.verb, r.pattern)), "duplicate rule {r:?}");
            assert!(r.pattern.starts_with('/'), "{r:?}");
        }
    }

    #[test]
    fn unknown_routes_need_read_for_reads_and_admin_for_the_rest() {
        assert_eq!(required_access(&Method::GET, None), READ);
        assert_eq!(required_access(&Method::OPTIONS, None), READ);
        assert_eq!(required_access(&Method::POST, None), ADMIN);
        assert_eq!(required_access(&Method::TRACE, Some("/")), ADMIN);
    }

    #[test]
    fn for_verification_is_a_read_even_when_posted() {
        let pattern = "/pacts/provider/{provider}/for-verification";
        assert_eq!(required_access(&Method::POST, Some(pattern)), READ);
    }
}
