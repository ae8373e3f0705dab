//! Every route, every method, every role: the access table (`pact_broker::auth::ROUTE_RULES`) is
//! complete and exact, and the middleware enforces it (401 without or with bad credentials, 403 for
//! a role too weak, neither for a role strong enough).
#![allow(clippy::unwrap_used)]

mod server_support;

use std::collections::{BTreeMap, BTreeSet};

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request};
use base64::Engine;
use http_body_util::BodyExt;
use pact_broker::auth::{Access, ROUTE_RULES, Role, Verb, tokens};
use pact_broker::config::{AuthConfig, BrokerConfig};
use server_support::{Db, TestBroker};
use tower::ServiceExt;

/// The route patterns the router serves, read from its `Debug` output (axum has no route
/// listing); internal fallback routes are left out.
fn served_patterns(app: &Router) -> BTreeSet<String> {
    let text = format!("{app:?}");
    let mut patterns = BTreeSet::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("): \"") {
        rest = &rest[at + 4..];
        let end = rest.find('"').unwrap();
        let pattern = &rest[..end];
        if pattern.starts_with('/') && !pattern.contains("__private__axum_fallback") {
            patterns.insert(pattern.to_string());
        }
        rest = &rest[end..];
    }
    assert!(
        patterns.contains("/pacticipants/{pacticipant}") && patterns.len() > 50,
        "could not read the route list from the router's Debug output (axum changed it?): {patterns:?}"
    );
    patterns
}

/// A concrete path for a pattern: each `{param}` becomes a plausible value.
fn concrete(pattern: &str) -> String {
    pattern
        .split('/')
        .map(
            |segment| match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(param) => match param.trim_start_matches('*') {
                    "provider" => "Bar",
                    "consumer" | "pacticipant" => "Foo",
                    "version" => "1.0.0",
                    "tag" | "to" => "prod",
                    "branch" => "main",
                    "sha" => "0123456789abcdef",
                    "metadata" => "e30",
                    "id" => "1",
                    "uuid" => "00000000-0000-0000-0000-000000000000",
                    "environment" => "production",
                    "name" => "nobody",
                    _ => "x",
                }
                .to_string(),
                None => segment.to_string(),
            },
        )
        .collect::<Vec<_>>()
        .join("/")
}

/// Credentials a probe presents.
#[derive(Debug, Clone)]
struct Principal {
    label: &'static str,
    authorization: Option<String>,
    /// The role it carries; `None` for anonymous or bad credentials.
    role: Option<Role>,
    /// Sends credentials that do not check out.
    bad: bool,
}

fn basic(user: &str, password: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
    )
}

async fn status_of(
    app: &Router,
    method: Method,
    path: &str,
    authorization: Option<&str>,
) -> (u16, String, bool) {
    let mut builder = Request::builder()
        .method(method.clone())
        .uri(path)
        .header("Host", "broker.test");
    if let Some(value) = authorization {
        builder = builder.header("Authorization", value);
    }
    let body = if matches!(method, Method::POST | Method::PUT | Method::PATCH) {
        builder = builder.header("Content-Type", "application/json");
        Body::from("{}")
    } else {
        Body::empty()
    };
    let response = app.clone().oneshot(builder.body(body).unwrap()).await.unwrap();
    let status = response.status().as_u16();
    let challenged = response.headers().get_all("www-authenticate").iter().count() == 2;
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).to_string(), challenged)
}

/// What `principal` should get for `access` under `auth`: `Some(status)` for 401/403, `None` for through.
fn expected(access: Access, principal: &Principal, auth: &AuthConfig) -> Option<u16> {
    if access == Access::Public || (access == Access::Badge && auth.public_badges) {
        return None;
    }
    let needed = access.role();
    if principal.bad {
        return Some(401);
    }
    match principal.role {
        None if needed == Role::Read && auth.allow_public_read => None,
        None => Some(401),
        Some(role) if role.allows(needed) => None,
        Some(_) => Some(403),
    }
}

async fn principals(b: &TestBroker, with_basic: bool) -> Vec<Principal> {
    let mut list = vec![
        Principal {
            label: "anonymous",
            authorization: None,
            role: None,
            bad: false,
        },
        Principal {
            label: "unknown token",
            authorization: Some(format!("Bearer pbt_{}", "A".repeat(43))),
            role: None,
            bad: true,
        },
        Principal {
            label: "garbage scheme",
            authorization: Some("Digest abc".into()),
            role: None,
            bad: true,
        },
    ];
    for role in Role::ALL {
        let name = format!("probe-{role}");
        let issued = tokens::issue(&b.store, &name, role).await.unwrap();
        list.push(Principal {
            label: role.as_str(),
            authorization: Some(format!("Bearer {}", issued.secret.expose())),
            role: Some(role),
            bad: false,
        });
    }
    if with_basic {
        list.extend([
            Principal {
                label: "basic read-only",
                authorization: Some(basic("reader", "ro-pass")),
                role: Some(Role::Read),
                bad: false,
            },
            Principal {
                label: "basic read-write",
                authorization: Some(basic("admin", "rw-pass")),
                role: Some(Role::Admin),
                bad: false,
            },
            Principal {
                label: "basic wrong password",
                authorization: Some(basic("admin", "nope")),
                role: None,
                bad: true,
            },
        ]);
    }
    list
}

fn config(with_basic: bool, public: bool) -> BrokerConfig {
    let mut config = BrokerConfig {
        auth: AuthConfig {
            read_write: with_basic.then(|| ("admin".to_string(), "rw-pass".to_string())),
            read_only: with_basic.then(|| ("reader".to_string(), "ro-pass".to_string())),
            allow_public_read: public,
            public_badges: public,
        },
        ..BrokerConfig::default()
    };
    config.access.require_credentials = true;
    config
}

/// Probes every rule of the table with every principal and checks each gets what it should.
async fn every_role_gets_exactly_what_the_table_says(db: Db) {
    for (with_basic, public) in [(true, false), (true, true), (false, false)] {
        let config = config(with_basic, public);
        let auth = config.auth.clone();
        let b = TestBroker::with_config(db, config).await;
        let principals = principals(&b, with_basic).await;
        let mut failures = Vec::new();
        let mut probes = 0;
        for rule in ROUTE_RULES {
            let path = concrete(rule.pattern);
            let mut methods = vec![rule.verb.method()];
            if rule.verb == Verb::Get {
                methods.push(Method::HEAD);
            }
            for method in methods {
                for principal in &principals {
                    probes += 1;
                    let (status, body, challenged) =
                        status_of(&b.app, method.clone(), &path, principal.authorization.as_deref()).await;
                    let want = expected(rule.access, principal, &auth);
                    let ok = match want {
                        Some(401) => {
                            status == 401
                                && challenged
                                && (method == Method::HEAD || body.contains("\"error\""))
                        }
                        Some(code) => {
                            status == code && (method == Method::HEAD || body.contains("\"error\""))
                        }
                        None => status != 401 && status != 403,
                    };
                    if !ok {
                        failures.push(format!(
                            "{method} {path} ({:?}) as {}: got {status}, want {} [basic={with_basic}, public={public}]",
                            rule.access,
                            principal.label,
                            want.map_or("neither 401 nor 403".to_string(), |c| c.to_string())
                        ));
                    }
                }
            }
        }
        assert!(
            failures.is_empty(),
            "{} of {probes} probes failed:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}
on_every_database!(
    every_role_gets_exactly_what_the_table_says_on_each_database,
    every_role_gets_exactly_what_the_table_says
);

/// The table and the router agree: every served route has a rule for exactly the methods it
/// serves, and every rule names a served route and method.
async fn the_table_covers_exactly_the_routes_the_router_serves(db: Db) {
    let b = TestBroker::with_config(db, config(true, false)).await;
    let admin = basic("admin", "rw-pass");
    let served = served_patterns(&b.app);
    let mut table: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for rule in ROUTE_RULES {
        table
            .entry(rule.pattern)
            .or_default()
            .insert(rule.verb.method().to_string());
    }
    let mut problems = Vec::new();
    for pattern in &served {
        if !table.contains_key(pattern.as_str()) {
            problems.push(format!(
                "route {pattern} is served but has no rule in pact_broker::auth::ROUTE_RULES"
            ));
        }
    }
    for pattern in table.keys() {
        if !served.contains(*pattern) {
            problems.push(format!(
                "ROUTE_RULES names {pattern}, which the router does not serve"
            ));
        }
    }
    for pattern in &served {
        let path = concrete(pattern);
        for verb in Verb::ALL {
            let method = verb.method();
            let (status, _, _) = status_of(&b.app, method.clone(), &path, Some(&admin)).await;
            let is_served = status != 405;
            let has_rule = table
                .get(pattern.as_str())
                .is_some_and(|m| m.contains(method.as_str()));
            if is_served && !has_rule {
                problems.push(format!(
                    "{method} {pattern} is served (status {status}) but has no rule"
                ));
            }
            if !is_served && has_rule {
                problems.push(format!("ROUTE_RULES has {method} {pattern}, which answers 405"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
on_every_database!(
    the_table_covers_exactly_the_routes_the_router_serves_on_each_database,
    the_table_covers_exactly_the_routes_the_router_serves
);

/// Routes nobody registered: reads need `read`, anything else `admin`.
async fn unknown_routes_need_read_to_get_and_admin_for_anything_else(db: Db) {
    let b = TestBroker::with_config(db, config(true, false)).await;
    let read = basic("reader", "ro-pass");
    let admin = basic("admin", "rw-pass");
    assert_eq!(
        status_of(&b.app, Method::GET, "/no/such/route", None).await.0,
        401
    );
    assert_eq!(
        status_of(&b.app, Method::GET, "/no/such/route", Some(&read))
            .await
            .0,
        404
    );
    assert_eq!(
        status_of(&b.app, Method::POST, "/no/such/route", Some(&read))
            .await
            .0,
        403
    );
    assert_eq!(
        status_of(&b.app, Method::POST, "/no/such/route", Some(&admin))
            .await
            .0,
        404
    );
}
on_every_database!(
    unknown_routes_need_read_to_get_and_admin_for_anything_else_on_each_database,
    unknown_routes_need_read_to_get_and_admin_for_anything_else
);

/// Without any credentials configured (the loopback default), nothing is refused.
async fn without_credentials_everything_is_open(db: Db) {
    let b = TestBroker::start(db).await;
    for rule in ROUTE_RULES {
        let (status, _, _) = status_of(&b.app, rule.verb.method(), &concrete(rule.pattern), None).await;
        assert!(
            status != 401 && status != 403,
            "{:?} {} -> {status}",
            rule.verb,
            rule.pattern
        );
    }
}
on_every_database!(
    without_credentials_everything_is_open_on_each_database,
    without_credentials_everything_is_open
);

/// The table follows the documented policy, checked independently of the table's own words:
/// deletes and administration need admin, other changes write, reads read (for-verification
/// included), and only the heartbeat and badges may be public.
#[test]
fn the_table_follows_the_role_policy() {
    let administration = ["/admin/", "/environments", "/webhooks"];
    for rule in ROUTE_RULES {
        let pattern = rule.pattern;
        let admin_area =
            administration.iter().any(|p| pattern.starts_with(p)) || pattern.ends_with("/webhooks");
        let want = match rule.verb {
            _ if pattern == "/diagnostic/status/heartbeat" => Access::Public,
            Verb::Get if pattern.ends_with("/badge") || pattern.ends_with("/badge.svg") => Access::Badge,
            Verb::Get if pattern.starts_with("/admin/") => Access::Role(Role::Admin),
            Verb::Get => Access::Role(Role::Read),
            Verb::Post if pattern.ends_with("/for-verification") => Access::Role(Role::Read),
            Verb::Delete => Access::Role(Role::Admin),
            _ if admin_area => Access::Role(Role::Admin),
            _ => Access::Role(Role::Write),
        };
        assert_eq!(rule.access, want, "{:?} {pattern}", rule.verb);
    }
}
