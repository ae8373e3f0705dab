//! A synthetic data set for benchmarks, written with batched multi-row inserts in one transaction:
//! by default 200 pacticipants (100 consumers, 100 providers), 20,000 versions, 50,000 pact
//! publications over 12,500 distinct contents, 200,000 verification results, main branches, a
//! `prod` tag, a feature tag on every version (`feat-0` … `feat-4`, as CI jobs tag versions with
//! their branch) and a `production` environment to which every version was deployed in turn (one
//! is still deployed per pacticipant).

use sqlx::AnyConnection;

use super::{Backend, Bind, SqlBuilder, Store, StoreResult, now};

/// The shape of the generated data.
#[derive(Debug, Clone, Copy)]
pub struct SeedShape {
    /// Consumers (the same number of providers is made).
    pub consumers: i64,
    /// Versions per pacticipant.
    pub versions_per_pacticipant: i64,
    /// Providers each consumer has pacts with.
    pub providers_per_consumer: i64,
    /// Consecutive consumer versions that share one pact content.
    pub versions_per_content: i64,
    /// Pact contents each provider version verifies per consumer.
    pub verified_contents_per_consumer: i64,
    /// Distinct feature tags; version `k` of each pacticipant gets tag `feat-{k % feature_tags}`
    /// (none when 0).
    pub feature_tags: i64,
}

impl Default for SeedShape {
    fn default() -> Self {
        SeedShape {
            consumers: 100,
            versions_per_pacticipant: 100,
            providers_per_consumer: 5,
            versions_per_content: 4,
            verified_contents_per_consumer: 4,
            feature_tags: 5,
        }
    }
}

/// Row counts written by [`seed`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeedCounts {
    /// Pacticipants.
    pub pacticipants: i64,
    /// Versions.
    pub versions: i64,
    /// Pact publications.
    pub publications: i64,
    /// Distinct pact contents.
    pub pact_versions: i64,
    /// Verification results.
    pub verifications: i64,
}

/// Whether the database already holds pacticipants (seeding needs an empty broker).
pub async fn is_empty(store: &Store) -> StoreResult<bool> {
    let mut conn = store.read().await?;
    Ok(super::pacticipants::count(&mut conn).await? == 0)
}

async fn insert(
    conn: &mut AnyConnection,
    table: &str,
    columns: &[&str],
    rows: &[Vec<Bind>],
) -> StoreResult<()> {
    let per_row = columns.len();
    let chunk = (1_000 / per_row).max(1);
    for part in rows.chunks(chunk) {
        let mut b = SqlBuilder::new(&format!("INSERT INTO {table} ({}) VALUES ", columns.join(", ")));
        for (i, row) in part.iter().enumerate() {
            b.push(if i == 0 { "(" } else { ",(" });
            for (j, value) in row.iter().enumerate() {
                if j > 0 {
                    b.push(",");
                }
                b.bind(value.clone());
            }
            b.push(")");
        }
        let mut q = sqlx::query(&b.sql);
        for value in b_binds(&b) {
            q = match value {
                Bind::Int(i) => q.bind(*i),
                Bind::Text(s) => q.bind(s.as_str()),
            };
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

fn b_binds(b: &SqlBuilder) -> &[Bind] {
    b.binds()
}

fn pact_content(consumer: &str, provider: &str, revision: i64) -> String {
    serde_json::json!({
        "consumer": { "name": consumer },
        "provider": { "name": provider },
        "interactions": [{
            "description": format!("a request for thing {revision}"),
            "providerStates": [{ "name": "things exist" }],
            "request": { "method": "GET", "path": format!("/things/{revision}") },
            "response": { "status": 200, "headers": { "Content-Type": "application/json" }, "body": { "id": revision, "name": "thing" } }
        }],
        "metadata": { "pactSpecification": { "version": "3.0.0" } }
    })
    .to_string()
}

/// Writes the data set in one transaction.
pub async fn seed(store: &Store, shape: SeedShape) -> StoreResult<SeedCounts> {
    let mut tx = store.begin_write().await?;
    let conn = tx.conn();
    let ts = now();
    let n = shape.consumers;
    let vpp = shape.versions_per_pacticipant;
    let t = |s: &str| Bind::Text(s.to_string());
    let name = |id: i64| {
        if id <= n {
            format!("Consumer{id:03}")
        } else {
            format!("Provider{:03}", id - n)
        }
    };
    // Pacticipants 1..=n consumers, n+1..=2n providers; all with main branch "main".
    let rows: Vec<Vec<Bind>> = (1..=2 * n)
        .map(|id| vec![Bind::Int(id), t(&name(id)), t("main"), t(&ts), t(&ts)])
        .collect();
    insert(
        conn,
        "pacticipants",
        &["id", "name", "main_branch", "created_at", "updated_at"],
        &rows,
    )
    .await?;
    // Versions: id = (pacticipant-1)*vpp + k + 1, interleaved creation order is not needed for reads.
    let version_id = |p: i64, k: i64| (p - 1) * vpp + k + 1;
    let mut rows = Vec::new();
    let mut branch_rows = Vec::new();
    for p in 1..=2 * n {
        for k in 0..vpp {
            let id = version_id(p, k);
            rows.push(vec![
                Bind::Int(id),
                Bind::Int(p),
                t(&format!("{}.0.{k}", p)),
                t(&ts),
                t(&ts),
            ]);
            branch_rows.push(vec![Bind::Int(p), Bind::Int(id), Bind::Int(p), t("main"), t(&ts)]);
        }
    }
    insert(
        conn,
        "versions",
        &["id", "pacticipant_id", "number", "created_at", "updated_at"],
        &rows,
    )
    .await?;
    let branches: Vec<Vec<Bind>> = (1..=2 * n)
        .map(|p| vec![Bind::Int(p), Bind::Int(p), t("main"), t(&ts)])
        .collect();
    insert(
        conn,
        "branches",
        &["id", "pacticipant_id", "name", "created_at"],
        &branches,
    )
    .await?;
    insert(
        conn,
        "branch_versions",
        &[
            "branch_id",
            "version_id",
            "pacticipant_id",
            "branch_name",
            "created_at",
        ],
        &branch_rows,
    )
    .await?;
    let mut tags: Vec<Vec<Bind>> = (1..=2 * n)
        .map(|p| vec![Bind::Int(version_id(p, vpp - 2)), t("prod"), Bind::Int(p), t(&ts)])
        .collect();
    if shape.feature_tags > 0 {
        for p in 1..=2 * n {
            for k in 0..vpp {
                let tag = format!("feat-{}", k % shape.feature_tags);
                tags.push(vec![Bind::Int(version_id(p, k)), t(&tag), Bind::Int(p), t(&ts)]);
            }
        }
    }
    insert(
        conn,
        "tags",
        &["version_id", "name", "pacticipant_id", "created_at"],
        &tags,
    )
    .await?;
    // Pact versions and publications.
    let contents_per_integration = (vpp + shape.versions_per_content - 1) / shape.versions_per_content;
    let provider_of = |c: i64, j: i64| n + 1 + ((c - 1 + j * 7) % n);
    let pact_version_id = |c: i64, j: i64, r: i64| {
        ((c - 1) * shape.providers_per_consumer + j) * contents_per_integration + r + 1
    };
    let mut pv_rows = Vec::new();
    let mut pub_rows = Vec::new();
    let mut pub_id = 0;
    for c in 1..=n {
        for j in 0..shape.providers_per_consumer {
            let p = provider_of(c, j);
            for r in 0..contents_per_integration {
                let content = pact_content(&name(c), &name(p), r);
                let sha = crate::domain::content::PactContent::parse(&content)
                    .map(|pc| pc.sha)
                    .unwrap_or_default();
                pv_rows.push(vec![
                    Bind::Int(pact_version_id(c, j, r)),
                    Bind::Int(c),
                    Bind::Int(p),
                    t(&sha),
                    t(&content),
                    t(&ts),
                ]);
            }
            for k in 0..vpp {
                pub_id += 1;
                let r = k / shape.versions_per_content;
                pub_rows.push(vec![
                    Bind::Int(pub_id),
                    Bind::Int(version_id(c, k)),
                    Bind::Int(c),
                    Bind::Int(p),
                    Bind::Int(pact_version_id(c, j, r)),
                    Bind::Int(1),
                    t(&ts),
                ]);
            }
        }
    }
    insert(
        conn,
        "pact_versions",
        &["id", "consumer_id", "provider_id", "sha", "content", "created_at"],
        &pv_rows,
    )
    .await?;
    insert(
        conn,
        "pact_publications",
        &[
            "id",
            "consumer_version_id",
            "consumer_id",
            "provider_id",
            "pact_version_id",
            "revision_number",
            "created_at",
        ],
        &pub_rows,
    )
    .await?;
    // Verifications: provider version k verifies, for each of its consumers, the contents around k.
    let mut ver_rows = Vec::new();
    let mut latest_rows = Vec::new();
    let mut ver_id = 0;
    for c in 1..=n {
        for j in 0..shape.providers_per_consumer {
            let p = provider_of(c, j);
            for k in 0..vpp {
                let pv_version = version_id(p, k);
                let centre = (k / shape.versions_per_content).min(contents_per_integration - 1);
                for d in 0..shape.verified_contents_per_consumer {
                    let r = (centre - d).rem_euclid(contents_per_integration);
                    ver_id += 1;
                    let success = i64::from((ver_id % 17) != 0);
                    ver_rows.push(vec![
                        Bind::Int(ver_id),
                        Bind::Int(pact_version_id(c, j, r)),
                        Bind::Int(c),
                        Bind::Int(p),
                        Bind::Int(pv_version),
                        Bind::Int(success),
                        t(&ts),
                    ]);
                    latest_rows.push(vec![
                        Bind::Int(pact_version_id(c, j, r)),
                        Bind::Int(pv_version),
                        Bind::Int(ver_id),
                        Bind::Int(success),
                    ]);
                }
            }
        }
    }
    insert(
        conn,
        "verifications",
        &[
            "id",
            "pact_version_id",
            "consumer_id",
            "provider_id",
            "provider_version_id",
            "success",
            "created_at",
        ],
        &ver_rows,
    )
    .await?;
    insert(
        conn,
        "latest_verifications",
        &[
            "pact_version_id",
            "provider_version_id",
            "verification_id",
            "success",
        ],
        &latest_rows,
    )
    .await?;
    // One production environment with one deployed version per pacticipant.
    insert(
        conn,
        "environments",
        &[
            "id",
            "uuid",
            "name",
            "display_name",
            "production",
            "created_at",
            "updated_at",
        ],
        &[vec![
            Bind::Int(1),
            t(&uuid::Uuid::new_v4().to_string()),
            t("production"),
            t("Production"),
            Bind::Int(1),
            t(&ts),
            t(&ts),
        ]],
    )
    .await?;
    // Every version of every pacticipant was deployed in turn; version `vpp - 2` still is.
    let mut deployed: Vec<Vec<Bind>> = Vec::new();
    for p in 1..=2 * n {
        for k in 0..vpp - 1 {
            let current = k == vpp - 2;
            deployed.push(vec![
                Bind::Int(deployed.len() as i64 + 1),
                t(&uuid::Uuid::new_v4().to_string()),
                Bind::Int(version_id(p, k)),
                Bind::Int(p),
                Bind::Int(1),
                t(""),
                Bind::Int(i64::from(current)),
                t(&ts),
                t(&ts),
            ]);
        }
    }
    insert(
        conn,
        "deployed_versions",
        &[
            "id",
            "uuid",
            "version_id",
            "pacticipant_id",
            "environment_id",
            "application_instance",
            "currently_deployed",
            "created_at",
            "undeployed_at",
        ],
        &deployed,
    )
    .await?;
    sqlx::query("UPDATE deployed_versions SET undeployed_at = NULL WHERE currently_deployed = 1")
        .execute(&mut *conn)
        .await?;
    if store.backend() == Backend::Postgres {
        for table in [
            "pacticipants",
            "versions",
            "branches",
            "pact_versions",
            "pact_publications",
            "verifications",
            "environments",
            "deployed_versions",
        ] {
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            ))
            .execute(&mut *conn)
            .await?;
        }
        sqlx::query("ANALYZE").execute(&mut *conn).await?;
    }
    tx.commit().await?;
    if store.backend() == Backend::Sqlite {
        sqlx::query("ANALYZE").execute(store.pool()).await?;
    }
    Ok(SeedCounts {
        pacticipants: 2 * n,
        versions: 2 * n * vpp,
        publications: pub_id,
        pact_versions: pv_rows.len() as i64,
        verifications: ver_id,
    })
}
