//! Guard against queries whose cost grows with history (issue 14): seeds a modest history
//! (5,000 pacts, 20,000 verification results, 2,000 tags) with the bulk seeder, drives every HAL
//! and UI route the way clients do (reads, publishing, tagging, deploying, verifying), records
//! each SQL statement the broker issued from sqlx's statement log, and fails when the query plan
//! of any of them reads one of the history tables in full: `SCAN <table>` under
//! `EXPLAIN QUERY PLAN` on SQLite; on PostgreSQL (when `DATABASE_URL` names a server) a
//! `Seq Scan` or an index scan without an index condition in the generic plan, with sequential
//! scans, hash and merge joins discouraged, so that one remains only where no index serves.
//! Plan shape only: speed figures live in `broker-load`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod server_support;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, OnceLock};

use pact_broker::config::BrokerConfig;
use pact_broker::store::seed::{SeedShape, seed};
use pact_broker::webhooks::{AllowList, WebhookConfig};
use serde_json::{Value, json};
use server_support::{Db, TestBroker, postgres_url};
use sqlx::{Connection, Row};
use tracing::field::{Field, Visit};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

/// A history table with fewer rows than this in the seeded history is not checked: planners
/// rightly read a near-empty table in full, and that says nothing about its plans at scale.
const CHECKED_ROWS: i64 = 1_000;

/// Tables that grow with history: a plan must never read one of them in full.
const HISTORY_TABLES: &[&str] = &[
    "versions",
    "pact_publications",
    "pact_versions",
    "verifications",
    "latest_verifications",
    "tags",
    "branch_versions",
    "deployed_versions",
    "released_versions",
    "triggered_webhooks",
    "webhook_executions",
    "provider_contracts",
];

/// The SQL text of every statement sqlx logged (target `sqlx::query`), deduplicated.
#[derive(Clone, Default)]
struct StatementLog(Arc<Mutex<BTreeSet<String>>>);

impl StatementLog {
    fn take(&self) -> BTreeSet<String> {
        std::mem::take(&mut *self.0.lock().expect("statement log"))
    }
}

#[derive(Default)]
struct StatementFields {
    summary: String,
    statement: String,
}

impl Visit for StatementFields {
    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "summary" => self.summary = value.to_string(),
            "db.statement" => self.statement = value.to_string(),
            _ => {}
        }
    }

    fn record_debug(&mut self, _field: &Field, _value: &dyn std::fmt::Debug) {}
}

impl<S: tracing::Subscriber> Layer<S> for StatementLog {
    fn on_event(&self, event: &tracing::Event<'_>, _ctx: Context<'_, S>) {
        if event.metadata().target() != "sqlx::query" {
            return;
        }
        let mut fields = StatementFields::default();
        event.record(&mut fields);
        // sqlx logs a one-line summary and, when the summary shortened it, the full text.
        let sql = if fields.statement.trim().is_empty() {
            fields.summary
        } else {
            fields.statement
        };
        let sql = sql.split_whitespace().collect::<Vec<_>>().join(" ");
        if !sql.is_empty() {
            self.0.lock().expect("statement log").insert(sql);
        }
    }
}

/// The process-wide statement log (sqlx's SQLite driver runs statements on its own worker
/// threads, so a thread-local subscriber would miss them).
fn statement_log() -> StatementLog {
    static LOG: OnceLock<StatementLog> = OnceLock::new();
    LOG.get_or_init(|| {
        let log = StatementLog::default();
        tracing::subscriber::set_global_default(tracing_subscriber::registry().with(log.clone()))
            .expect("install the statement log");
        log
    })
    .clone()
}

/// 10 consumers × 5 providers × 100 versions = 5,000 pacts.
fn modest_history() -> SeedShape {
    SeedShape {
        consumers: 10,
        ..SeedShape::default()
    }
}

/// A value the test needs (a UUID, a SHA). The marker comment keeps this test's own lookups out
/// of the checked statements.
async fn one_text(broker: &TestBroker, sql: &str) -> String {
    sqlx::query_scalar(&format!("/* test lookup */ {sql}"))
        .fetch_one(broker.store.pool())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn pact_body(consumer: &str, provider: &str, n: i64) -> String {
    use base64::Engine;
    let pact = json!({
        "consumer": {"name": consumer}, "provider": {"name": provider},
        "interactions": [{"description": format!("guard {n}"), "request": {"method": "GET", "path": format!("/guard/{n}")},
                          "response": {"status": 200}}],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    });
    base64::engine::general_purpose::STANDARD.encode(pact.to_string())
}

/// Drives every route family: the same reads and writes CI jobs, the CLI and the UI make.
/// Returns the routes that answered 5xx (none expected).
async fn exercise(broker: &TestBroker) -> Vec<String> {
    let mut failures = Vec::new();
    let mut check = |what: &str, status: u16| {
        if status >= 500 {
            failures.push(format!("{what} answered {status}"));
        }
    };
    let env_uuid = one_text(broker, "SELECT uuid FROM environments WHERE name = 'production'").await;
    let deployed_uuid = one_text(broker, "SELECT uuid FROM deployed_versions ORDER BY id LIMIT 1").await;
    // Writes first: a publication with branch and tags, tagging, branch versions, a deployment,
    // a release, verification results and a webhook, so that their statements are checked too.
    let r = broker
        .post(
            "/contracts/publish",
            json!({
                "pacticipantName": "Consumer001", "pacticipantVersionNumber": "1.1.0", "branch": "feat-guard",
                "tags": ["feat-guard", "dev"], "buildUrl": "http://127.0.0.1/ci/1",
                "contracts": [{"consumerName": "Consumer001", "providerName": "Provider001", "specification": "pact",
                               "contentType": "application/json", "content": pact_body("Consumer001", "Provider001", 1)}]
            }),
        )
        .await;
    check("POST /contracts/publish", r.status);
    // Two OpenAPI documents of the provider, so the impact page compares them.
    use base64::Engine;
    for (version, field) in [("11.0.98", "id"), ("11.0.99", "userId")] {
        let document = json!({"openapi": "3.0.3", "paths": {"/things/{id}": {"get": {"responses": {"200": {
            "description": "a thing", "content": {"application/json": {"schema": {
                "type": "object", "properties": {field: {"type": "integer"}}}}}}}}}}});
        let r = broker
            .put(
                &format!("/contracts/provider/Provider001/version/{version}"),
                json!({"content": base64::engine::general_purpose::STANDARD.encode(document.to_string()),
                       "contractType": "oas", "contentType": "application/json",
                       "verificationResults": {"success": true}}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    let sha = one_text(
        broker,
        "SELECT pv.sha FROM pact_publications pp JOIN pact_versions pv ON pv.id = pp.pact_version_id \
         JOIN versions v ON v.id = pp.consumer_version_id WHERE v.number = '1.1.0'",
    )
    .await;
    let old_sha = one_text(
        broker,
        "SELECT pv.sha FROM pact_publications pp JOIN pact_versions pv ON pv.id = pp.pact_version_id \
         JOIN versions v ON v.id = pp.consumer_version_id WHERE v.number = '1.0.5' AND pp.provider_id = 11",
    )
    .await;
    let pact = "/pacts/provider/Provider001/consumer/Consumer001";
    let writes: Vec<(&str, String, Option<Value>)> = vec![
        (
            "PUT",
            "/pacticipants/Consumer001/versions/1.1.0/tags/qa".into(),
            Some(json!({})),
        ),
        (
            "PUT",
            "/pacticipants/Consumer001/branches/feat-guard/versions/1.0.7".into(),
            Some(json!({})),
        ),
        (
            "PUT",
            "/pacticipants/Provider001/versions/11.1.0".into(),
            Some(json!({"buildUrl": "http://127.0.0.1/b"})),
        ),
        (
            "POST",
            format!("{pact}/pact-version/{sha}/verification-results"),
            Some(
                json!({"success": true, "providerApplicationVersion": "11.1.0", "providerVersionBranch": "main",
                        "buildUrl": "http://127.0.0.1/v"}),
            ),
        ),
        (
            "POST",
            format!("{pact}/pact-version/{old_sha}/verification-results"),
            Some(json!({"success": false, "providerApplicationVersion": "11.1.0"})),
        ),
        (
            "POST",
            format!("/pacticipants/Consumer001/versions/1.1.0/deployed-versions/environment/{env_uuid}"),
            Some(json!({"applicationInstance": "blue"})),
        ),
        (
            "POST",
            format!("/pacticipants/Consumer001/versions/1.0.9/released-versions/environment/{env_uuid}"),
            Some(json!({})),
        ),
        (
            "PATCH",
            format!("/deployed-versions/{deployed_uuid}"),
            Some(json!({"currentlyDeployed": false})),
        ),
        (
            "POST",
            "/webhooks".into(),
            Some(
                json!({"description": "guard", "provider": {"name": "Provider001"},
                        "events": [{"name": "contract_content_changed"}],
                        "request": {"method": "POST", "url": "http://127.0.0.1:9/hook"}}),
            ),
        ),
        (
            "PUT",
            "/pacticipants/Consumer002".into(),
            Some(json!({"mainBranch": "main", "displayName": "C2"})),
        ),
        (
            "DELETE",
            "/pacticipants/Consumer001/versions/1.0.3/tags/feat-3".into(),
            None,
        ),
        (
            "DELETE",
            "/integrations/provider/Provider050/consumer/Consumer050".into(),
            None,
        ),
    ];
    for (method, path, body) in writes {
        let method = axum::http::Method::from_bytes(method.as_bytes()).expect("method");
        let r = broker.request(method.clone(), &path, body, None).await;
        if r.status >= 300 {
            eprintln!("{method} {path} answered {}: {}", r.status, r.text);
        }
        check(&format!("{method} {path}"), r.status);
    }
    let webhook_uuid = one_text(broker, "SELECT uuid FROM webhooks LIMIT 1").await;
    let released_uuid = one_text(broker, "SELECT uuid FROM released_versions LIMIT 1").await;
    for body in [
        json!({"consumerVersionSelectors": [{"mainBranch": true}, {"deployedOrReleased": true}],
               "providerVersionBranch": "main", "includePendingStatus": true, "includeWipPactsSince": "2020-01-01"}),
        json!({"consumerVersionSelectors": [{"tag": "prod", "latest": true}, {"tag": "feat-1", "latest": true, "fallbackTag": "prod"},
                                            {"branch": "feat-guard", "fallbackBranch": "main"}, {"matchingBranch": true},
                                            {"deployed": true, "environment": "production"}, {"released": true},
                                            {"latest": true}, {"tag": "prod"}, {"consumer": "Consumer001", "latest": true}],
               "providerVersionBranch": "main", "providerVersionTags": ["main"], "includePendingStatus": true,
               "includeWipPactsSince": "2020-01-01"}),
    ] {
        for provider in ["Provider001", "Provider005"] {
            let r = broker
                .post(
                    &format!("/pacts/provider/{provider}/for-verification"),
                    body.clone(),
                )
                .await;
            check("POST for-verification", r.status);
        }
    }
    let reads = [
        "/".to_string(),
        "/pacticipants".into(),
        "/pacticipants/Consumer001".into(),
        "/pacticipants/Consumer001/versions".into(),
        "/pacticipants/Consumer001/versions/1.0.5".into(),
        "/pacticipants/Consumer001/latest-version".into(),
        "/pacticipants/Consumer001/latest-version/prod".into(),
        "/pacticipants/Consumer001/branches".into(),
        "/pacticipants/Consumer001/branches/main".into(),
        "/pacticipants/Consumer001/branches/main/versions/1.0.5".into(),
        "/pacticipants/Consumer001/branches/main/latest-version".into(),
        "/pacticipants/Consumer001/versions/1.0.5/tags/feat-0".into(),
        "/pacticipants/Consumer001/branches/main/latest-version/can-i-deploy/to-environment/production/badge".into(),
        "/pacticipants/Consumer001/latest-version/prod/can-i-deploy/to/prod/badge".into(),
        "/environments".into(),
        format!("/environments/{env_uuid}"),
        format!("/environments/{env_uuid}/deployed-versions/currently-deployed"),
        format!("/environments/{env_uuid}/released-versions/currently-supported"),
        format!("/deployed-versions/{deployed_uuid}"),
        format!("/released-versions/{released_uuid}"),
        "/pacts/latest".into(),
        "/pacts/provider/Provider001".into(),
        "/pacts/provider/Provider001/latest".into(),
        "/pacts/provider/Provider001/latest/prod".into(),
        "/pacts/provider/Provider001/tag/prod".into(),
        "/pacts/provider/Provider001/branch".into(),
        "/pacts/provider/Provider001/branch/latest".into(),
        "/pacts/provider/Provider001/branch/main".into(),
        "/pacts/provider/Provider001/branch/main/latest".into(),
        "/integrations".into(),
        "/pacts/provider/Provider001/provider-states".into(),
        format!("/pacts/provider/Provider001/provider-states/environment/{env_uuid}"),
        "/matrix/provider/Provider001/latest/prod/consumer/Consumer001/latest/prod/badge".into(),
        format!("{pact}/versions"),
        format!("{pact}/tag/prod"),
        format!("{pact}/branch"),
        format!("{pact}/branch/main"),
        format!("{pact}/latest"),
        format!("{pact}/latest-untagged"),
        format!("{pact}/latest/prod"),
        format!("{pact}/branch/latest"),
        format!("{pact}/branch/main/latest"),
        format!("{pact}/version/1.0.5"),
        format!("{pact}/versions/1.0.5"),
        format!("{pact}/version/1.1.0/diff/previous-distinct"),
        format!("{pact}/version/1.1.0/diff/version/1.0.5"),
        format!("{pact}/pact-version/{sha}"),
        format!("{pact}/pact-version/{sha}/verification-results/latest"),
        format!("{pact}/latest/badge"),
        format!("{pact}/latest/prod/badge"),
        format!("{pact}/latest-untagged/badge"),
        format!("{pact}/webhooks"),
        format!("{pact}/webhooks/status"),
        format!("{pact}/version/1.1.0/triggered-webhooks"),
        "/webhooks".into(),
        format!("/webhooks/{webhook_uuid}"),
        format!("/webhooks/{webhook_uuid}/triggered-webhooks"),
        "/webhooks/provider/Provider001".into(),
        "/webhooks/consumer/Consumer001".into(),
        "/webhooks/provider/Provider001/consumer/Consumer001".into(),
        "/matrix?q[][pacticipant]=Consumer001&q[][version]=1.0.5&q[][pacticipant]=Provider001&q[][version]=11.0.5&latestby=cvpv".into(),
        "/matrix?q[][pacticipant]=Consumer001&q[][pacticipant]=Provider001".into(),
        "/matrix?q[][pacticipant]=Consumer001&q[][latest]=true&q[][tag]=prod&latestby=cvp&latest=true&tag=prod".into(),
        "/matrix?q[][pacticipant]=Provider001&q[][branch]=main&latestby=cvp&mainBranch=true".into(),
        "/can-i-deploy?pacticipant=Consumer001&version=1.0.98&environment=production".into(),
        "/can-i-deploy?pacticipant=Provider001&version=11.0.98&environment=production".into(),
        "/can-i-deploy?pacticipant=Consumer001&version=1.1.0&to=prod".into(),
        "/can-i-deploy?pacticipant=Consumer001&latest=true&tag=feat-1&to=prod".into(),
        "/ui".into(),
        "/ui?search=Consumer00".into(),
        "/ui/network".into(),
        "/ui/environments".into(),
        "/ui/pacticipants/Consumer001".into(),
        "/ui/pacticipants/Provider001".into(),
        "/ui/pacticipants/Provider001/field-usage".into(),
        "/ui/pacticipants/Provider001/api-impact".into(),
        "/ui/matrix/provider/Provider001/consumer/Consumer001".into(),
        "/ui/pacts/provider/Provider001/consumer/Consumer001/latest".into(),
        "/ui/pacts/provider/Provider001/consumer/Consumer001/latest/prod".into(),
        "/ui/pacts/provider/Provider001/consumer/Consumer001/version/1.0.5".into(),
        "/ui/pacts/provider/Provider001/consumer/Consumer001/version/1.1.0/diff/previous-distinct".into(),
        format!("/ui/pacts/provider/Provider001/consumer/Consumer001/pact-version/{sha}"),
        format!("/ui/pacts/provider/Provider001/consumer/Consumer001/pact-version/{sha}/diff/pact-version/{old_sha}"),
    ];
    for path in reads {
        let r = broker.get(&path).await;
        if r.status >= 300 {
            eprintln!("GET {path} answered {}", r.status);
        }
        check(&format!("GET {path}"), r.status);
    }
    failures
}

/// `FROM`/`JOIN` aliases of the statement's tables: alias (or bare name) → table.
fn aliases(sql: &str) -> BTreeMap<String, String> {
    const KEYWORDS: &[&str] = &[
        "on", "where", "join", "left", "inner", "cross", "group", "order", "limit", "union", "using", "set",
        "natural", "outer", "as",
    ];
    let words: Vec<String> = sql
        .replace(['(', ')', ','], " ")
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    let mut out = BTreeMap::new();
    for (i, w) in words.iter().enumerate() {
        if !(w == "from" || w == "join" || w == "into" || w == "update") {
            continue;
        }
        let Some(table) = words.get(i + 1) else { continue };
        out.insert(table.clone(), table.clone());
        let mut next = words.get(i + 2);
        if next.map(String::as_str) == Some("as") {
            next = words.get(i + 3);
        }
        if let Some(alias) = next.filter(|a| !KEYWORDS.contains(&a.as_str())) {
            out.insert(alias.clone(), table.clone());
        }
    }
    out
}

fn is_checked(sql: &str) -> bool {
    let first = sql.split_whitespace().next().unwrap_or("").to_uppercase();
    matches!(first.as_str(), "SELECT" | "WITH" | "UPDATE" | "DELETE" | "INSERT")
        && !sql.contains("_sqlx_migrations")
        && !sql.starts_with("EXPLAIN")
}

fn placeholders(sql: &str) -> usize {
    let bytes = sql.as_bytes();
    let mut max = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'$' {
            let digits: String = sql[i + 1..].chars().take_while(char::is_ascii_digit).collect();
            if let Ok(n) = digits.parse::<usize>() {
                max = max.max(n);
            }
            i += digits.len();
        }
        i += 1;
    }
    max
}

/// Statements whose SQLite plan scans a history table in full, with the offending plan lines.
async fn sqlite_full_scans(
    database: &str,
    statements: &BTreeSet<String>,
    big: &BTreeSet<String>,
) -> Vec<String> {
    let mut conn = sqlx::SqliteConnection::connect(database)
        .await
        .expect("open SQLite");
    let mut found = Vec::new();
    for sql in statements.iter().filter(|s| is_checked(s)) {
        let explain = format!("EXPLAIN QUERY PLAN {sql}");
        let mut q = sqlx::query(&explain);
        for _ in 0..placeholders(sql) {
            q = q.bind(None::<i64>);
        }
        let rows = match q.fetch_all(&mut conn).await {
            Ok(rows) => rows,
            Err(e) => {
                found.push(format!("{sql}\n    cannot explain: {e}"));
                continue;
            }
        };
        let names = aliases(sql);
        let bad: Vec<String> = rows
            .iter()
            .filter_map(|r| r.try_get::<String, _>("detail").ok())
            .filter(|detail| {
                let mut words = detail.split_whitespace();
                words.next() == Some("SCAN")
                    && words
                        .next()
                        .and_then(|name| names.get(&name.to_lowercase()))
                        .is_some_and(|table| big.contains(table))
            })
            .collect();
        if !bad.is_empty() {
            found.push(format!("{sql}\n    {}", bad.join("\n    ")));
        }
    }
    found
}

/// Statements whose PostgreSQL generic plan still reads a history table in full when sequential
/// scans, hash and merge joins are discouraged (that is: no index serves the statement).
async fn postgres_full_scans(
    database: &str,
    statements: &BTreeSet<String>,
    big: &BTreeSet<String>,
) -> Vec<String> {
    use sqlx::Executor;
    let mut conn = sqlx::PgConnection::connect(database)
        .await
        .expect("open PostgreSQL");
    // Generic plans (no parameter values), and only index-driven access paths unless none
    // exists: nested loops whose inner side must look rows up by an index condition.
    conn.execute(
        "SET plan_cache_mode = force_generic_plan; SET enable_seqscan = off; \
         SET enable_hashjoin = off; SET enable_mergejoin = off",
    )
    .await
    .expect("planner settings");
    let mut found = Vec::new();
    for (i, sql) in statements.iter().filter(|s| is_checked(s)).enumerate() {
        let name = format!("guard_{i}");
        if let Err(e) = conn.execute(format!("PREPARE {name} AS {sql}").as_str()).await {
            found.push(format!("{sql}\n    cannot prepare: {e}"));
            continue;
        }
        let n = placeholders(sql);
        let args = if n == 0 {
            String::new()
        } else {
            format!("({})", vec!["NULL"; n].join(", "))
        };
        let plan: Vec<String> = match sqlx::query_scalar(&format!("EXPLAIN EXECUTE {name}{args}"))
            .fetch_all(&mut conn)
            .await
        {
            Ok(plan) => plan,
            Err(e) => {
                found.push(format!("{sql}\n    cannot explain: {e}"));
                continue;
            }
        };
        let bad = postgres_full_reads(&plan, big);
        if !bad.is_empty() {
            found.push(format!("{sql}\n    {}", bad.join("\n    ")));
        }
        let _ = conn.execute(format!("DEALLOCATE {name}").as_str()).await;
    }
    found
}

/// The scan nodes of a PostgreSQL text plan that read a history table in full: a `Seq Scan`, or
/// an index scan without an `Index Cond` (a walk over the whole index).
fn postgres_full_reads(plan: &[String], big: &BTreeSet<String>) -> Vec<String> {
    let mut bad = Vec::new();
    for (i, line) in plan.iter().enumerate() {
        let node = line.trim().trim_start_matches("->").trim();
        let seq = node.starts_with("Seq Scan on ");
        let index = node.starts_with("Index Scan") || node.starts_with("Index Only Scan");
        if !(seq || index) {
            continue;
        }
        let table = node
            .split(" on ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or("");
        if !big.contains(table) {
            continue;
        }
        let details = plan[i + 1..].iter().take_while(|l| !l.contains("->"));
        let has_condition = details.map(|l| l.trim()).any(|l| l.starts_with("Index Cond:"));
        if seq || !has_condition {
            bad.push(node.to_string());
        }
    }
    bad
}

/// The history tables holding at least [`CHECKED_ROWS`] rows.
async fn big_history_tables(broker: &TestBroker) -> BTreeSet<String> {
    let mut big = BTreeSet::new();
    for table in HISTORY_TABLES {
        let rows: i64 = sqlx::query_scalar(&format!("/* test lookup */ SELECT COUNT(*) FROM {table}"))
            .fetch_one(broker.store.pool())
            .await
            .expect("count rows");
        if rows >= CHECKED_ROWS {
            big.insert(table.to_string());
        }
    }
    big
}

async fn guard(db: Db) {
    let log = statement_log();
    // Webhooks to loopback are allowed (one is created, so that publishing triggers it and its
    // queue's statements are checked too; no worker delivers it).
    let config = BrokerConfig {
        webhooks: WebhookConfig {
            allow_list: AllowList::new("http", "127.0.0.1", "POST"),
            ..WebhookConfig::default()
        },
        ..BrokerConfig::default()
    };
    let broker = TestBroker::with_config(db, config).await;
    seed(&broker.store, modest_history())
        .await
        .expect("seed the history");
    if db == Db::Postgres {
        // Statistics of the triggers' head tables, too (seed analyzes before committing).
        sqlx::query("ANALYZE")
            .execute(broker.store.pool())
            .await
            .expect("analyze");
    }
    log.take();
    let failures = exercise(&broker).await;
    assert!(failures.is_empty(), "server errors:\n{}", failures.join("\n"));
    let statements = log.take();
    assert!(
        statements.len() > 100,
        "the statement log caught only {} statements: is sqlx's `sqlx::query` log still emitted?",
        statements.len()
    );
    let big = big_history_tables(&broker).await;
    assert!(
        [
            "versions",
            "pact_publications",
            "verifications",
            "tags",
            "deployed_versions"
        ]
        .iter()
        .all(|t| big.contains(*t)),
        "the seeded history is smaller than expected: {big:?}"
    );
    let scans = match db {
        Db::Sqlite => sqlite_full_scans(&broker.database, &statements, &big).await,
        Db::Postgres => postgres_full_scans(&broker.database, &statements, &big).await,
    };
    assert!(
        scans.is_empty(),
        "{} of {} statements read a history table in full ({db:?}):\n\n{}",
        scans.len(),
        statements.len(),
        scans.join("\n\n")
    );
}

#[tokio::test]
async fn no_api_statement_scans_a_history_table_in_full() {
    guard(Db::Sqlite).await;
    if postgres_url().is_some() {
        guard(Db::Postgres).await;
    }
}

#[test]
fn postgres_plans_with_full_reads_are_recognised() {
    let plan = |lines: &[&str]| lines.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    let good = plan(&[
        "Nested Loop  (cost=0.57..16.61 rows=1 width=8)",
        "  ->  Index Scan using tag_heads_pkey on tag_heads h  (cost=0.28..8.30 rows=1 width=8)",
        "        Index Cond: (provider_id = $1)",
        "  ->  Index Scan using pact_publications_pkey on pact_publications pp  (cost=0.29..8.30 rows=1 width=8)",
        "        Index Cond: (id = h.version_id)",
    ]);
    let big: BTreeSet<String> = HISTORY_TABLES.iter().map(|t| t.to_string()).collect();
    assert!(postgres_full_reads(&good, &big).is_empty());
    let bad = plan(&[
        "Limit  (cost=0.29..1.50 rows=1 width=8)",
        "  ->  Index Scan Backward using versions_pkey on versions v  (cost=0.29..600.29 rows=50 width=8)",
        "        Filter: (number = $1)",
        "  ->  Seq Scan on verifications vr  (cost=10000000000.00..10000000410.00 rows=20000 width=8)",
    ]);
    assert_eq!(postgres_full_reads(&bad, &big).len(), 2);
}

#[test]
fn aliases_resolve_to_tables() {
    let names = aliases("SELECT x FROM pact_publications pp JOIN versions AS v ON v.id = pp.x WHERE 1 = 1");
    assert_eq!(names.get("pp").map(String::as_str), Some("pact_publications"));
    assert_eq!(names.get("v").map(String::as_str), Some("versions"));
    assert_eq!(names.get("versions").map(String::as_str), Some("versions"));
    assert_eq!(placeholders("a = $1 AND b IN ($2,$12) OR c = $3"), 12);
}
