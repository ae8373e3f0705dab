//! Database-wide figures for `/metrics`: row counts in the Pact Broker's JSON shape, and the same
//! figures as Prometheus gauges. They are read at scrape time, so every instance sharing one
//! database reports the same numbers.
//!
//! Webhook tables belong to the webhook queue; they are counted when they exist and left out
//! otherwise, so the metrics work on a database that predates them.

use std::collections::BTreeMap;

use pact_broker_api::Metrics;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;
use sqlx::AnyConnection;

use crate::store::StoreResult;

/// Row counts of one broker database.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BrokerCounts {
    /// Pacticipants.
    pub pacticipants: i64,
    /// Pacticipants with a main branch set.
    pub pacticipants_with_main_branch: i64,
    /// Distinct (consumer, provider) pairs with a pact.
    pub integrations: i64,
    /// Pact publications.
    pub pact_publications: i64,
    /// First and last publication times.
    pub publications_first_last: (Option<String>, Option<String>),
    /// Distinct pact contents.
    pub pact_versions: i64,
    /// Revision number → number of (consumer version, provider) publications with it.
    pub revisions: BTreeMap<i64, i64>,
    /// Verification results.
    pub verifications: i64,
    /// Successful verification results.
    pub verifications_success: i64,
    /// Distinct (provider version, pact version, success) results.
    pub verifications_distinct: i64,
    /// First and last verification times.
    pub verifications_first_last: (Option<String>, Option<String>),
    /// Results per pact version → pact versions with that many results.
    pub verifications_per_pact_version: BTreeMap<i64, i64>,
    /// Pacticipant versions.
    pub versions: i64,
    /// Tags, distinct tag names.
    pub tags: (i64, i64),
    /// Environments.
    pub environments: i64,
    /// Deployed versions (all, currently deployed).
    pub deployed_versions: (i64, i64),
    /// Released versions (all, currently supported).
    pub released_versions: (i64, i64),
    /// Webhooks, when the webhook tables exist.
    pub webhooks: Option<i64>,
    /// Webhook deliveries by status (`not_run`, `retrying`, `success`, `failure`), when the
    /// webhook queue exists.
    pub webhook_queue: Option<BTreeMap<String, i64>>,
    /// Webhook delivery attempts (all, failed), when they are recorded.
    pub webhook_attempts: Option<(i64, i64)>,
}

async fn one(conn: &mut AnyConnection, sql: &str) -> StoreResult<i64> {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&mut *conn).await?;
    Ok(n)
}

async fn first_last(conn: &mut AnyConnection, table: &str) -> StoreResult<(Option<String>, Option<String>)> {
    Ok(
        sqlx::query_as(&format!("SELECT MIN(created_at), MAX(created_at) FROM {table}"))
            .fetch_one(&mut *conn)
            .await?,
    )
}

async fn distribution(conn: &mut AnyConnection, sql: &str) -> StoreResult<BTreeMap<i64, i64>> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(sql).fetch_all(&mut *conn).await?;
    Ok(rows.into_iter().collect())
}

/// Whether `table` exists (SQLite or PostgreSQL).
pub async fn table_exists(conn: &mut AnyConnection, table: &str) -> StoreResult<bool> {
    // Both databases answer the ANSI information schema… except SQLite, which has sqlite_master.
    let sqlite: Result<(i64,), sqlx::Error> =
        sqlx::query_as("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $1")
            .bind(table)
            .fetch_one(&mut *conn)
            .await;
    if let Ok((n,)) = sqlite {
        return Ok(n > 0);
    }
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1",
    )
    .bind(table)
    .fetch_one(&mut *conn)
    .await?;
    Ok(n > 0)
}

/// Reads every count (a few dozen small aggregate queries).
pub async fn read(conn: &mut AnyConnection) -> StoreResult<BrokerCounts> {
    let mut c = BrokerCounts {
        pacticipants: one(conn, "SELECT COUNT(*) FROM pacticipants").await?,
        pacticipants_with_main_branch: one(
            conn,
            "SELECT COUNT(*) FROM pacticipants WHERE main_branch IS NOT NULL",
        )
        .await?,
        integrations: one(
            conn,
            "SELECT COUNT(*) FROM (SELECT DISTINCT consumer_id, provider_id FROM pact_publications) i",
        )
        .await?,
        pact_publications: one(conn, "SELECT COUNT(*) FROM pact_publications").await?,
        publications_first_last: first_last(conn, "pact_publications").await?,
        pact_versions: one(conn, "SELECT COUNT(*) FROM pact_versions").await?,
        revisions: distribution(
            conn,
            "SELECT revision_number, COUNT(*) FROM pact_publications GROUP BY revision_number ORDER BY 1",
        )
        .await?,
        verifications: one(conn, "SELECT COUNT(*) FROM verifications").await?,
        verifications_success: one(conn, "SELECT COUNT(*) FROM verifications WHERE success = 1").await?,
        verifications_distinct: one(
            conn,
            "SELECT COUNT(*) FROM (SELECT DISTINCT provider_version_id, pact_version_id, success FROM verifications) d",
        )
        .await?,
        verifications_first_last: first_last(conn, "verifications").await?,
        verifications_per_pact_version: distribution(
            conn,
            "SELECT n, COUNT(*) FROM (SELECT pact_version_id, COUNT(*) AS n FROM verifications \
             GROUP BY pact_version_id) d GROUP BY n ORDER BY 1",
        )
        .await?,
        versions: one(conn, "SELECT COUNT(*) FROM versions").await?,
        tags: (
            one(conn, "SELECT COUNT(*) FROM tags").await?,
            one(conn, "SELECT COUNT(DISTINCT name) FROM tags").await?,
        ),
        environments: one(conn, "SELECT COUNT(*) FROM environments").await?,
        deployed_versions: (
            one(conn, "SELECT COUNT(*) FROM deployed_versions").await?,
            one(
                conn,
                "SELECT COUNT(*) FROM deployed_versions WHERE currently_deployed = 1",
            )
            .await?,
        ),
        released_versions: (
            one(conn, "SELECT COUNT(*) FROM released_versions").await?,
            one(
                conn,
                "SELECT COUNT(*) FROM released_versions WHERE currently_supported = 1",
            )
            .await?,
        ),
        webhooks: None,
        webhook_queue: None,
        webhook_attempts: None,
    };
    if table_exists(conn, "webhooks").await? {
        c.webhooks = one(conn, "SELECT COUNT(*) FROM webhooks").await.ok();
    }
    c.webhook_queue = super::webhook_queue::depth_by_status(conn).await?;
    c.webhook_attempts = super::webhook_queue::attempts(conn).await?;
    Ok(c)
}

impl BrokerCounts {
    /// The Pact Broker's `/metrics` JSON (`application/json` / `application/hal+json`).
    pub fn to_wire(&self) -> Metrics {
        use pact_broker_api::{
            Count, DeployedCount, DistinctCount, Distribution, PacticipantCounts, ReleasedCount, TimedCount,
            VerificationCounts,
        };
        let count = |count: i64| Count { count };
        let distribution = |m: &BTreeMap<i64, i64>| Distribution {
            distribution: m.clone(),
        };
        Metrics {
            pacticipants: PacticipantCounts {
                count: self.pacticipants,
                with_main_branch_set_count: self.pacticipants_with_main_branch,
            },
            integrations: count(self.integrations),
            pact_publications: TimedCount {
                count: self.pact_publications,
                first: self.publications_first_last.0.clone(),
                last: self.publications_first_last.1.clone(),
            },
            pact_versions: count(self.pact_versions),
            pact_revisions_per_consumer_version: distribution(&self.revisions),
            verification_results: VerificationCounts {
                count: self.verifications,
                success_count: self.verifications_success,
                failure_count: self.verifications.saturating_sub(self.verifications_success),
                distinct_count: self.verifications_distinct,
                first: self.verifications_first_last.0.clone(),
                last: self.verifications_first_last.1.clone(),
            },
            verification_results_per_pact_version: distribution(&self.verifications_per_pact_version),
            pacticipant_versions: count(self.versions),
            webhooks: count(self.webhooks.unwrap_or(0)),
            tags: DistinctCount {
                count: self.tags.0,
                distinct_count: self.tags.1,
            },
            triggered_webhooks: count(self.webhook_queue.as_ref().map_or(0, |q| q.values().sum())),
            webhook_executions: count(self.webhook_attempts.map_or(0, |a| a.0)),
            matrix: count(self.pact_publications),
            environments: count(self.environments),
            deployed_versions: DeployedCount {
                count: self.deployed_versions.0,
                currently_deployed_count: self.deployed_versions.1,
            },
            released_versions: ReleasedCount {
                count: self.released_versions.0,
                currently_supported_count: self.released_versions.1,
            },
        }
    }

    /// The same figures as Prometheus gauges (`pact_broker_db_*`).
    pub fn to_registry(&self) -> Registry {
        #[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
        struct ResultLabel {
            result: String,
        }
        #[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
        struct StatusLabel {
            status: String,
        }
        let mut registry = Registry::with_prefix("pact_broker_db");
        let gauge = |registry: &mut Registry, name: &str, help: &str, value: i64| {
            let g: Gauge = Gauge::default();
            g.set(value);
            registry.register(name, help, g);
        };
        gauge(&mut registry, "up", "1 when the database answered this scrape", 1);
        gauge(&mut registry, "pacticipants", "Pacticipants", self.pacticipants);
        gauge(
            &mut registry,
            "integrations",
            "Consumer/provider pairs with a pact",
            self.integrations,
        );
        gauge(
            &mut registry,
            "pact_publications",
            "Pact publications",
            self.pact_publications,
        );
        gauge(
            &mut registry,
            "pact_versions",
            "Distinct pact contents",
            self.pact_versions,
        );
        gauge(
            &mut registry,
            "pacticipant_versions",
            "Pacticipant versions",
            self.versions,
        );
        gauge(&mut registry, "environments", "Environments", self.environments);
        gauge(
            &mut registry,
            "deployed_versions_current",
            "Versions currently deployed",
            self.deployed_versions.1,
        );
        gauge(
            &mut registry,
            "released_versions_current",
            "Versions currently supported",
            self.released_versions.1,
        );
        let results = Family::<ResultLabel, Gauge>::default();
        results
            .get_or_create(&ResultLabel {
                result: "success".into(),
            })
            .set(self.verifications_success);
        results
            .get_or_create(&ResultLabel {
                result: "failure".into(),
            })
            .set(self.verifications.saturating_sub(self.verifications_success));
        registry.register("verification_results", "Verification results by outcome", results);
        if let Some(webhooks) = self.webhooks {
            gauge(&mut registry, "webhooks", "Configured webhooks", webhooks);
        }
        if let Some(queue) = &self.webhook_queue {
            let depth = Family::<StatusLabel, Gauge>::default();
            for (status, n) in queue {
                depth
                    .get_or_create(&StatusLabel {
                        status: status.clone(),
                    })
                    .set(*n);
            }
            registry.register(
                "webhook_deliveries",
                "Webhook deliveries in the durable queue by status (pending and retrying are the queue depth)",
                depth,
            );
            let pending: i64 = queue
                .iter()
                .filter(|(s, _)| super::webhook_queue::is_waiting(s))
                .map(|(_, n)| n)
                .sum();
            gauge(
                &mut registry,
                "webhook_queue_depth",
                "Webhook deliveries waiting to be sent (pending or retrying)",
                pending,
            );
            let failed: i64 = queue
                .iter()
                .filter(|(s, _)| super::webhook_queue::is_failed(s))
                .map(|(_, n)| n)
                .sum();
            gauge(
                &mut registry,
                "webhook_failures",
                "Webhook deliveries that failed for good",
                failed,
            );
        }
        if let Some((all, failed)) = self.webhook_attempts {
            gauge(
                &mut registry,
                "webhook_attempts",
                "Webhook delivery attempts recorded",
                all,
            );
            gauge(
                &mut registry,
                "webhook_failed_attempts",
                "Webhook delivery attempts that failed (non-2xx or no answer)",
                failed,
            );
        }
        registry
    }
}

/// A registry that only says the database did not answer.
pub fn database_down() -> Registry {
    let mut registry = Registry::with_prefix("pact_broker_db");
    let g: Gauge = Gauge::default();
    registry.register("up", "1 when the database answered this scrape", g);
    registry
}
