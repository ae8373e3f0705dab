//! Data retention: deletes pacticipant versions that no keep selector selects, with their pacts,
//! verification results, tags, branch memberships and deployments (by cascade), then pact contents
//! no publication uses any more, then duplicate verification results.
//!
//! Safe to run while brokers serve the same database: the keep set is computed once, and every
//! batch is deleted in its own short transaction that re-checks, inside the transaction, that its
//! versions are still neither currently deployed/released (when a selector keeps those) nor newer
//! than the clean's start. On PostgreSQL the run holds `pg_try_advisory_lock`, so a second clean
//! started at the same time (another instance's cron) stops at once instead of competing.

use std::collections::{BTreeMap, BTreeSet};

use sqlx::AnyConnection;

use super::{Backend, SqlBuilder, Store, StoreResult};
use crate::ops::keep::KeepSelector;

/// The advisory lock key held by a running clean on PostgreSQL (`pact_broker:clean`).
pub const CLEAN_LOCK_KEY: i64 = 0x7061_6374_636c_6e01;

/// How to clean.
#[derive(Debug, Clone)]
pub struct CleanOptions {
    /// What to keep (a version selected by any selector is kept).
    pub keep: Vec<KeepSelector>,
    /// Versions deleted per transaction.
    pub batch_size: usize,
    /// Report what would be removed without removing anything.
    pub dry_run: bool,
}

/// One version removed (or, in a dry run, that would be).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemovedVersion {
    /// Pacticipant name.
    pub pacticipant: String,
    /// Version number.
    pub number: String,
    /// Pacts it had published.
    pub pacts: i64,
    /// Verification results it had published (as a provider).
    pub verifications: i64,
}

/// What a clean did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CleanReport {
    /// Versions kept by the selectors.
    pub kept_versions: usize,
    /// Versions removed, oldest first.
    pub removed: Vec<RemovedVersion>,
    /// Pact contents removed because no publication used them any more.
    pub removed_pact_contents: i64,
    /// Verification results removed because a newer identical one (same pact content, provider
    /// version and outcome) exists.
    pub removed_duplicate_verifications: i64,
    /// Transactions used.
    pub batches: usize,
}

/// Why a clean did not run.
#[derive(Debug, thiserror::Error)]
pub enum CleanError {
    /// Another clean holds the advisory lock.
    #[error("another clean is running against this database (advisory lock {CLEAN_LOCK_KEY} is held)")]
    AlreadyRunning,
    /// The database failed.
    #[error(transparent)]
    Store(#[from] super::StoreError),
}

impl From<sqlx::Error> for CleanError {
    fn from(e: sqlx::Error) -> CleanError {
        CleanError::Store(super::StoreError::Database(e))
    }
}

/// Runs a clean; `progress` is called with each batch of removed versions as it is committed.
pub async fn clean(
    store: &Store,
    options: &CleanOptions,
    mut progress: impl FnMut(&[RemovedVersion]),
) -> Result<CleanReport, CleanError> {
    // The lock lives on one connection for the whole run.
    let mut lock_conn = store.read().await?;
    if store.backend() == Backend::Postgres {
        let (got,): (bool,) = sqlx::query_as("SELECT pg_try_advisory_lock($1)")
            .bind(CLEAN_LOCK_KEY)
            .fetch_one(&mut *lock_conn)
            .await?;
        if !got {
            return Err(CleanError::AlreadyRunning);
        }
    }
    let result = run(store, options, &mut progress).await;
    if store.backend() == Backend::Postgres {
        let _: Result<(bool,), _> = sqlx::query_as("SELECT pg_advisory_unlock($1)")
            .bind(CLEAN_LOCK_KEY)
            .fetch_one(&mut *lock_conn)
            .await;
    }
    result
}

async fn run(
    store: &Store,
    options: &CleanOptions,
    progress: &mut impl FnMut(&[RemovedVersion]),
) -> Result<CleanReport, CleanError> {
    let mut report = CleanReport::default();
    let mut conn = store.read().await?;
    let (max_id,): (Option<i64>,) = sqlx::query_as("SELECT MAX(id) FROM versions")
        .fetch_one(&mut *conn)
        .await?;
    let Some(max_id) = max_id else {
        return Ok(report);
    };
    let mut keep: BTreeSet<i64> = BTreeSet::new();
    for selector in &options.keep {
        keep.extend(kept_by(&mut conn, selector).await?);
    }
    report.kept_versions = keep.len();
    let all: Vec<(i64,)> = sqlx::query_as("SELECT id FROM versions WHERE id <= $1 ORDER BY id")
        .bind(max_id)
        .fetch_all(&mut *conn)
        .await?;
    let doomed: Vec<i64> = all
        .into_iter()
        .map(|(id,)| id)
        .filter(|id| !keep.contains(id))
        .collect();
    drop(conn);
    let keeps_placed = options.keep.iter().any(KeepSelector::keeps_deployed_or_released);
    let batch_size = options.batch_size.max(1);
    for batch in doomed.chunks(batch_size) {
        let removed = if options.dry_run {
            let mut conn = store.read().await?;
            describe(&mut conn, batch).await?
        } else {
            let mut tx = store.begin_write().await?;
            // The lock order of `super::locks`: the owners' write locks before any row lock.
            let mut owners = SqlBuilder::new(
                "SELECT DISTINCT p.name FROM pacticipants p JOIN versions v ON v.pacticipant_id = p.id WHERE v.id IN ",
            );
            owners.bind_ids(batch.iter().copied());
            let names: Vec<(String,)> = owners.query_as().fetch_all(tx.conn()).await?;
            let names: Vec<String> = names.into_iter().map(|(n,)| n).collect();
            tx.lock_pacticipants(&names).await?;
            let mut ids: Vec<i64> = batch.to_vec();
            if keeps_placed {
                let placed = currently_placed(tx.conn(), &ids).await?;
                ids.retain(|id| !placed.contains(id));
            }
            let removed = describe(tx.conn(), &ids).await?;
            let mut b = SqlBuilder::new("DELETE FROM versions WHERE id IN ");
            b.bind_ids(ids.iter().copied());
            run_builder(tx.conn(), &b).await?;
            tx.commit().await?;
            removed
        };
        report.batches += 1;
        progress(&removed);
        report.removed.extend(removed);
    }
    // Contents no publication uses any more (their verification results go with them).
    report.removed_pact_contents =
        orphan_contents(store, batch_size, options.dry_run, &mut report.batches).await?;
    report.removed_duplicate_verifications =
        duplicate_verifications(store, batch_size, options.dry_run, &mut report.batches).await?;
    Ok(report)
}

/// Deletes pact contents that no publication uses, in batches; a dry run counts those that are
/// orphaned already (contents the version removal would orphan are only known after it).
async fn orphan_contents(
    store: &Store,
    batch_size: usize,
    dry_run: bool,
    batches: &mut usize,
) -> StoreResult<i64> {
    const ORPHAN: &str = "NOT EXISTS (SELECT 1 FROM pact_publications pp WHERE pp.pact_version_id = pv.id)";
    if dry_run {
        let mut conn = store.read().await?;
        let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM pact_versions pv WHERE {ORPHAN}"))
            .fetch_one(&mut *conn)
            .await?;
        return Ok(n);
    }
    let mut total = 0;
    loop {
        let mut tx = store.begin_write().await?;
        let mut b = SqlBuilder::new(&format!(
            "SELECT pv.id FROM pact_versions pv WHERE {ORPHAN} ORDER BY pv.id LIMIT "
        ));
        b.bind_int(batch_size as i64);
        let rows: Vec<(i64,)> = b.query_as().fetch_all(tx.conn()).await?;
        if rows.is_empty() {
            tx.commit().await?;
            return Ok(total);
        }
        // Re-checked in the delete itself: a publish may have reused the content meanwhile.
        let mut d = SqlBuilder::new("DELETE FROM pact_versions WHERE id IN ");
        d.bind_ids(rows.iter().map(|(id,)| *id));
        d.push(" AND NOT EXISTS (SELECT 1 FROM pact_publications pp WHERE pp.pact_version_id = pact_versions.id)");
        total += run_builder(tx.conn(), &d).await? as i64;
        tx.commit().await?;
        *batches += 1;
        if rows.len() < batch_size {
            return Ok(total);
        }
    }
}

async fn run_builder(conn: &mut AnyConnection, b: &SqlBuilder) -> StoreResult<u64> {
    let mut q = sqlx::query(&b.sql);
    for bind in b.binds() {
        q = match bind {
            super::Bind::Int(i) => q.bind(*i),
            super::Bind::Text(s) => q.bind(s.as_str()),
        };
    }
    Ok(q.execute(conn).await?.rows_affected())
}

/// Older results with the same pact content, provider version and outcome as a newer one.
async fn duplicate_verifications(
    store: &Store,
    batch_size: usize,
    dry_run: bool,
    batches: &mut usize,
) -> StoreResult<i64> {
    let select = "SELECT v.id FROM verifications v WHERE EXISTS (SELECT 1 FROM verifications n \
                  WHERE n.pact_version_id = v.pact_version_id AND n.provider_version_id = v.provider_version_id \
                  AND n.success = v.success AND n.id > v.id) ORDER BY v.id LIMIT ";
    let mut total = 0;
    loop {
        let mut b = SqlBuilder::new(select);
        b.bind_int(batch_size as i64);
        if dry_run {
            let mut conn = store.read().await?;
            let (n,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM verifications v WHERE EXISTS (SELECT 1 FROM verifications n \
                 WHERE n.pact_version_id = v.pact_version_id AND n.provider_version_id = v.provider_version_id \
                 AND n.success = v.success AND n.id > v.id)",
            )
            .fetch_one(&mut *conn)
            .await?;
            return Ok(n);
        }
        let mut tx = store.begin_write().await?;
        let rows: Vec<(i64,)> = b.query_as().fetch_all(tx.conn()).await?;
        if rows.is_empty() {
            tx.commit().await?;
            return Ok(total);
        }
        let mut d = SqlBuilder::new("DELETE FROM verifications WHERE id IN ");
        d.bind_ids(rows.iter().map(|(id,)| *id));
        total += run_builder(tx.conn(), &d).await? as i64;
        tx.commit().await?;
        *batches += 1;
        if rows.len() < batch_size {
            return Ok(total);
        }
    }
}

/// Names, numbers and counts of the given versions (oldest first).
async fn describe(conn: &mut AnyConnection, ids: &[i64]) -> StoreResult<Vec<RemovedVersion>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut b = SqlBuilder::new(
        "SELECT v.id, p.name, v.number, \
         (SELECT COUNT(*) FROM pact_publications pp WHERE pp.consumer_version_id = v.id), \
         (SELECT COUNT(*) FROM verifications x WHERE x.provider_version_id = v.id) \
         FROM versions v JOIN pacticipants p ON p.id = v.pacticipant_id WHERE v.id IN ",
    );
    b.bind_ids(ids.iter().copied()).push(" ORDER BY v.id");
    let rows: Vec<(i64, String, String, i64, i64)> = b.query_as().fetch_all(conn).await?;
    Ok(rows
        .into_iter()
        .map(|(_, pacticipant, number, pacts, verifications)| RemovedVersion {
            pacticipant,
            number,
            pacts,
            verifications,
        })
        .collect())
}

/// Versions among `ids` currently deployed or released anywhere.
async fn currently_placed(conn: &mut AnyConnection, ids: &[i64]) -> StoreResult<BTreeSet<i64>> {
    let mut b = SqlBuilder::new(
        "SELECT version_id FROM deployed_versions WHERE currently_deployed = 1 AND version_id IN ",
    );
    b.bind_ids(ids.iter().copied());
    b.push(
        " UNION SELECT version_id FROM released_versions WHERE currently_supported = 1 AND version_id IN ",
    );
    b.bind_ids(ids.iter().copied());
    let rows: Vec<(i64,)> = b.query_as().fetch_all(conn).await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// The version ids one keep selector selects.
pub async fn kept_by(conn: &mut AnyConnection, s: &KeepSelector) -> StoreResult<BTreeSet<i64>> {
    // Candidate versions with the columns the grouping needs: (id, pacticipant id, group key).
    let mut b = SqlBuilder::new("SELECT v.id, v.pacticipant_id, ");
    let group = if s.branch.is_some() || s.main_branch {
        "bv.branch_name"
    } else if s.tag.is_some() {
        "t.name"
    } else {
        "''"
    };
    b.push(group)
        .push(" AS grp FROM versions v JOIN pacticipants p ON p.id = v.pacticipant_id ");
    if s.branch.is_some() || s.main_branch {
        b.push("JOIN branch_versions bv ON bv.version_id = v.id ");
        if let Some(Some(name)) = &s.branch {
            b.push("AND bv.branch_name = ").bind_text(name).push(" ");
        }
        if s.main_branch {
            b.push("AND bv.branch_name = p.main_branch ");
        }
    }
    if let Some(tag) = &s.tag {
        b.push("JOIN tags t ON t.version_id = v.id ");
        if let Some(name) = tag {
            b.push("AND t.name = ").bind_text(name).push(" ");
        }
    }
    b.push("WHERE 1 = 1 ");
    if let Some(name) = &s.pacticipant {
        b.push("AND p.name = ").bind_text(name).push(" ");
    }
    if let Some(days) = s.max_age_days {
        // Checked: a selector built in code may carry any age; one beyond the range of dates
        // keeps versions of every age (the earliest text timestamp sorts before all others).
        let cutoff = chrono::Duration::try_days(days)
            .and_then(|age| chrono::Utc::now().checked_sub_signed(age))
            .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.6f+00:00").to_string())
            .unwrap_or_else(|| "0000-01-01T00:00:00.000000+00:00".to_string());
        b.push("AND v.created_at >= ").bind_text(&cutoff).push(" ");
    }
    let (deployed, released) = s.placements();
    if deployed || released {
        b.push("AND v.id IN (");
        let mut first = true;
        for (wanted, table, flag) in [
            (deployed, "deployed_versions", "currently_deployed"),
            (released, "released_versions", "currently_supported"),
        ] {
            if !wanted {
                continue;
            }
            if !first {
                b.push(" UNION ");
            }
            first = false;
            b.push(&format!("SELECT x.version_id FROM {table} x "));
            if let Some(env) = &s.environment {
                b.push("JOIN environments e ON e.id = x.environment_id AND e.name = ")
                    .bind_text(env)
                    .push(" ");
            }
            b.push(&format!("WHERE x.{flag} = 1"));
        }
        b.push(") ");
    }
    let rows: Vec<(i64, i64, String)> = b.query_as().fetch_all(conn).await?;
    let Some(limit) = s.newest_per_group() else {
        return Ok(rows.into_iter().map(|(id, _, _)| id).collect());
    };
    // The newest `limit` versions per pacticipant (and per branch or tag name when given).
    let mut groups: BTreeMap<(i64, String), Vec<i64>> = BTreeMap::new();
    for (id, pacticipant, grp) in rows {
        groups.entry((pacticipant, grp)).or_default().push(id);
    }
    let mut out = BTreeSet::new();
    for (_, mut ids) in groups {
        ids.sort_unstable_by(|a, b| b.cmp(a));
        out.extend(ids.into_iter().take(limit));
    }
    Ok(out)
}
