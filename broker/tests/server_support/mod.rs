//! Shared helpers for the broker server tests: a broker on a fresh SQLite file (and, when
//! `DATABASE_URL` names a PostgreSQL server, on a fresh PostgreSQL database), driven in-process.
#![allow(dead_code, unreachable_pub)]

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request};
use base64::Engine;
use http_body_util::BodyExt;
use pact_broker::config::BrokerConfig;
use pact_broker::store::Store;
use serde_json::{Value, json};
use tower::ServiceExt;

/// A broker under test.
pub struct TestBroker {
    pub app: Router,
    pub store: Store,
    pub database: String,
    _dir: Option<tempfile::TempDir>,
}

/// A reply: status, headers and the body as JSON (Null when not JSON) and text.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: axum::http::HeaderMap,
    pub body: Value,
    pub text: String,
}

/// Which database a scenario runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server URL from `DATABASE_URL`, if any.
pub fn postgres_url() -> Option<String> {
    std::env::var("DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"))
}

/// Creates a fresh PostgreSQL database on the server in `DATABASE_URL` and returns its URL.
///
/// The first call in a test process drops the databases earlier test processes left behind
/// (their names carry the process id), so runs on one server do not pile up databases.
async fn fresh_postgres(server: &str) -> String {
    use sqlx::Connection;
    static SWEPT: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    let name = format!("pact_broker_test_{}", uuid_like());
    let mut conn = sqlx::PgConnection::connect(server)
        .await
        .expect("connect to DATABASE_URL");
    SWEPT.get_or_init(|| drop_stale_databases(server)).await;
    sqlx::Executor::execute(&mut conn, format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("create test database");
    let (prefix, _) = server.rsplit_once('/').expect("DATABASE_URL has a database name");
    format!("{prefix}/{name}")
}

/// Drops `pact_broker_test_<pid>_…` databases whose process no longer runs.
async fn drop_stale_databases(server: &str) {
    use sqlx::Connection;
    let Ok(mut conn) = sqlx::PgConnection::connect(server).await else {
        return;
    };
    let names: Vec<String> =
        sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname LIKE 'pact_broker_test_%'")
            .fetch_all(&mut conn)
            .await
            .unwrap_or_default();
    for name in names {
        let pid = name
            .trim_start_matches("pact_broker_test_")
            .split('_')
            .next()
            .unwrap_or("");
        let alive = pid
            .parse::<u32>()
            .is_ok_and(|pid| std::path::Path::new(&format!("/proc/{pid}")).exists());
        if !alive {
            let _ =
                sqlx::Executor::execute(&mut conn, format!("DROP DATABASE IF EXISTS {name}").as_str()).await;
        }
    }
}

fn uuid_like() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{}_{}", std::process::id(), nanos)
}

impl TestBroker {
    pub async fn start(db: Db) -> TestBroker {
        TestBroker::with_config(db, BrokerConfig::default()).await
    }

    pub async fn with_config(db: Db, config: BrokerConfig) -> TestBroker {
        let (database, dir) = match db {
            Db::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let path = dir.path().join("broker.sqlite");
                (format!("sqlite://{}", path.display()), Some(dir))
            }
            Db::Postgres => (fresh_postgres(&postgres_url().expect("DATABASE_URL")).await, None),
        };
        let store = Store::connect(&database).await.expect("connect and migrate");
        let app = pact_broker::http::app(store.clone(), config);
        TestBroker {
            app,
            store,
            database,
            _dir: dir,
        }
    }

    /// A second broker instance (its own pool and router) on the database of `other`, as two
    /// broker processes behind a load balancer share one PostgreSQL.
    pub async fn sharing_database(other: &TestBroker) -> TestBroker {
        let store = Store::connect(&other.database)
            .await
            .expect("connect and migrate");
        let app = pact_broker::http::app(store.clone(), BrokerConfig::default());
        TestBroker {
            app,
            store,
            database: other.database.clone(),
            _dir: None,
        }
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        auth: Option<(&str, &str)>,
    ) -> Reply {
        let mut builder = Request::builder()
            .method(method)
            .uri(path)
            .header("Host", "broker.test")
            .header("Accept", "application/hal+json");
        if let Some((user, password)) = auth {
            let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
            builder = builder.header("Authorization", format!("Basic {token}"));
        }
        let request = match body {
            Some(json) => builder
                .header("Content-Type", "application/json")
                .body(Body::from(json.to_string())),
            None => builder.body(Body::empty()),
        }
        .expect("request");
        let response = self.app.clone().oneshot(request).await.expect("response");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        let text = String::from_utf8_lossy(&bytes).to_string();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            body,
            text,
        }
    }

    pub async fn raw(&self, method: Method, path: &str, body: &str) -> Reply {
        let request = Request::builder()
            .method(method)
            .uri(path)
            .header("Host", "broker.test")
            .header("Content-Type", "application/json")
            .body(Body::from(body.to_string()))
            .expect("request");
        let response = self.app.clone().oneshot(request).await.expect("response");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        let text = String::from_utf8_lossy(&bytes).to_string();
        Reply {
            status,
            headers,
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
            text,
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.request(Method::GET, path, None, None).await
    }

    pub async fn put(&self, path: &str, body: Value) -> Reply {
        self.request(Method::PUT, path, Some(body), None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.request(Method::POST, path, Some(body), None).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Reply {
        self.request(Method::PATCH, path, Some(body), None).await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.request(Method::DELETE, path, None, None).await
    }

    /// Publishes a pact through `/contracts/publish`.
    pub async fn publish(
        &self,
        consumer: &str,
        version: &str,
        provider: &str,
        branch: Option<&str>,
        tags: &[&str],
        content: &Value,
    ) -> Reply {
        let pact = pact_json(consumer, provider, content);
        let body = json!({
            "pacticipantName": consumer,
            "pacticipantVersionNumber": version,
            "branch": branch,
            "tags": tags,
            "buildUrl": "http://ci.test/build/1",
            "contracts": [{
                "consumerName": consumer, "providerName": provider, "specification": "pact",
                "contentType": "application/json",
                "content": base64::engine::general_purpose::STANDARD.encode(pact.to_string()),
            }]
        });
        self.post("/contracts/publish", body).await
    }

    /// Records a verification result for the pact published by `consumer` `version`.
    pub async fn verify(
        &self,
        provider: &str,
        consumer: &str,
        version: &str,
        provider_version: &str,
        success: bool,
    ) -> Reply {
        let pact = self
            .get(&format!(
                "/pacts/provider/{provider}/consumer/{consumer}/version/{version}"
            ))
            .await;
        assert_eq!(pact.status, 200, "pact to verify exists: {}", pact.text);
        let href = pact.body["_links"]["pb:publish-verification-results"]["href"]
            .as_str()
            .expect("publish link")
            .to_string();
        let path = href.trim_start_matches("http://broker.test").to_string();
        self.post(
            &path,
            json!({ "success": success, "providerApplicationVersion": provider_version }),
        )
        .await
    }

    pub async fn create_environment(&self, name: &str, production: bool) -> String {
        let reply = self
            .post(
                "/environments",
                json!({ "name": name, "displayName": name, "production": production }),
            )
            .await;
        assert_eq!(reply.status, 201, "{}", reply.text);
        reply.body["uuid"].as_str().expect("uuid").to_string()
    }

    pub async fn deploy(&self, pacticipant: &str, version: &str, env_uuid: &str) -> Reply {
        self.post(
            &format!(
                "/pacticipants/{pacticipant}/versions/{version}/deployed-versions/environment/{env_uuid}"
            ),
            json!({}),
        )
        .await
    }

    pub async fn branch(&self, pacticipant: &str, version: &str, branch: &str) -> Reply {
        self.put(
            &format!("/pacticipants/{pacticipant}/branches/{branch}/versions/{version}"),
            json!({}),
        )
        .await
    }
}

/// A small pact document whose interactions come from `content` (so tests control the SHA).
/// A pact in which `consumer` reads the user's id (integer) and email (regex) from `provider`
/// (`GET /users/42`): the fixture of the API-evolution tests.
pub fn email_reader(consumer: &str, provider: &str, description: &str) -> Value {
    serde_json::json!({
        "consumer": {"name": consumer}, "provider": {"name": provider},
        "interactions": [{"description": description,
            "request": {"method": "GET", "path": "/users/42"},
            "response": {"status": 200, "headers": {"Content-Type": "application/json"},
                "body": {"id": 42, "email": "alice@example.com"},
                "matchingRules": {"body": {"$.id": {"matchers": [{"match": "integer"}]},
                    "$.email": {"matchers": [{"match": "regex", "regex": "^\\S+@\\S+$"}]}}}}}],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    })
}

/// A pact in which BillingService reads the user's name (type) from UserService (`GET /users/7`).
pub fn name_reader() -> Value {
    serde_json::json!({
        "consumer": {"name": "BillingService"}, "provider": {"name": "UserService"},
        "interactions": [{"description": "a request for user 7",
            "request": {"method": "GET", "path": "/users/7"},
            "response": {"status": 200, "body": {"name": "Carol"},
                "matchingRules": {"body": {"$.name": {"matchers": [{"match": "type"}]}}}}}],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    })
}

pub fn pact_json(consumer: &str, provider: &str, content: &Value) -> Value {
    json!({
        "consumer": { "name": consumer },
        "provider": { "name": provider },
        "interactions": [{
            "description": "a request for data",
            "request": { "method": "GET", "path": "/data" },
            "response": { "status": 200, "body": content }
        }],
        "metadata": { "pactSpecification": { "version": "3.0.0" } }
    })
}

/// Strips the test host from a link.
pub fn path_of(href: &Value) -> String {
    href.as_str()
        .unwrap_or_default()
        .trim_start_matches("http://broker.test")
        .to_string()
}

/// Runs an async scenario on SQLite, and again on PostgreSQL when `DATABASE_URL` is set.
#[macro_export]
macro_rules! on_every_database {
    ($name:ident, $scenario:ident) => {
        #[tokio::test]
        async fn $name() {
            $scenario($crate::server_support::Db::Sqlite).await;
            if $crate::server_support::postgres_url().is_some() {
                $scenario($crate::server_support::Db::Postgres).await;
            } else {
                eprintln!(
                    "DATABASE_URL not set to PostgreSQL: {} ran on SQLite only",
                    stringify!($name)
                );
            }
        }
    };
}
