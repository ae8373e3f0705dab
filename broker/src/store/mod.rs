//! Persistence: sqlx queries and transactions over SQLite or PostgreSQL.
//!
//! One code path serves both databases through sqlx's `Any` driver: every query uses `$1`-style
//! placeholders (SQLite accepts them), integers are 64-bit, flags are `0`/`1` integers and
//! timestamps are fixed-width RFC 3339 text, so rows decode the same way on both backends. Each
//! backend has its own embedded migration folder because their DDL differs slightly.
//!
//! Writes go through [`Store::begin_write`]: one transaction per request, admitted by a write gate
//! held for the transaction's lifetime. On SQLite the gate admits one writer, so concurrent
//! publishers queue instead of failing with `SQLITE_BUSY` when a read transaction tries to upgrade
//! to a write; on PostgreSQL it admits [`POSTGRES_WRITE_CONCURRENCY`], so a burst of writers
//! cannot take every connection and the CPU from reads.
//!
//! On PostgreSQL concurrent writers take row locks; [`locks`] sets down the one order in which
//! every write transaction takes them (pacticipant write locks, pacticipant rows by name, the
//! version, its branch and tags, contents, publications and heads, results and webhook rows), so
//! that publications never deadlock. Deadlocks and serialization failures that still occur are
//! recognised by [`StoreError::is_write_conflict`] and the whole write retried by the HTTP layer.

pub mod clean;
pub mod environments;
pub mod field_usage;
pub mod for_verification;
pub mod integrations;
pub mod labels;
pub mod locks;
pub mod matrix;
pub mod pact_history;
pub mod pacticipants;
pub mod pacts;
pub mod provider_contracts;
pub mod seed;
pub mod ui;
pub mod verifications;
pub mod versions;
pub mod webhooks;

use std::str::FromStr;
use std::sync::Arc;

use sqlx::ConnectOptions;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyConnection, AnyPool, Transaction};
use tokio::sync::{Semaphore, SemaphorePermit};

/// Statements slower than this are logged at `warn` ("slow statement"): every read the API issues
/// is meant to stay well under it whatever the history (issue 14; `broker-load` counts them).
pub const SLOW_STATEMENT: std::time::Duration = std::time::Duration::from_millis(100);

/// What can go wrong talking to the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL is neither `sqlite:` nor `postgres:`.
    #[error("unsupported database URL '{0}': use sqlite://PATH or postgres://USER:PASSWORD@HOST/DB")]
    UnsupportedUrl(String),
    /// A query or connection failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// Applying the embedded migrations failed.
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    /// Whether PostgreSQL aborted the transaction because it conflicted with a concurrent one: a
    /// deadlock (`40P01`) or a serialization failure (`40001`). The transaction has been rolled
    /// back and running it again from the start may succeed.
    pub fn is_write_conflict(&self) -> bool {
        match self {
            StoreError::Database(sqlx::Error::Database(e)) => {
                matches!(e.code().as_deref(), Some("40P01" | "40001"))
            }
            _ => false,
        }
    }
}

/// Shorthand for store results.
pub type StoreResult<T> = Result<T, StoreError>;

/// The kind of database behind a [`Store`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite: one file, one writer at a time.
    Sqlite,
    /// PostgreSQL: many writers, several broker instances may share it.
    Postgres,
}

/// A connection pool plus what the broker needs to write safely.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    write_gate: Arc<Semaphore>,
}

/// One write transaction (and, on SQLite, the write lock) for the duration of a request.
#[derive(Debug)]
pub struct WriteTx<'a> {
    tx: Transaction<'static, Any>,
    backend: Backend,
    _permit: SemaphorePermit<'a>,
}

impl WriteTx<'_> {
    /// The connection inside the transaction.
    pub fn conn(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }

    /// Commits every write made through this transaction.
    ///
    /// On PostgreSQL the transaction leaves the write gate before its `COMMIT`: waiting for the
    /// WAL flush takes no CPU, and letting the next writer in meanwhile lets PostgreSQL flush
    /// several commits at once (with one writer per flush, publishing was bound by the disk's
    /// sync rate). Its row locks still hold until the commit ends. On SQLite the single writer
    /// keeps the gate until its commit is done.
    pub async fn commit(self) -> StoreResult<()> {
        let WriteTx {
            tx,
            backend,
            _permit: permit,
        } = self;
        if backend == Backend::Postgres {
            drop(permit);
            tx.commit().await?;
        } else {
            tx.commit().await?;
            drop(permit);
        }
        Ok(())
    }
}

/// Connections each broker process keeps to PostgreSQL at most.
pub const POSTGRES_POOL_SIZE: u32 = 16;

/// Settings of every PostgreSQL session the broker opens.
///
/// `plan_cache_mode = force_generic_plan`: each prepared statement (sqlx prepares every query
/// once per connection) is planned once, not at each of its first five executions. The broker's
/// queries are key lookups joining five or six tables, which PostgreSQL takes 4–8 ms to plan and
/// under 1 ms to run (measured on the `broker-load` database, 50k pacts); with 16 pooled
/// connections, 80 executions of each query paid that planning before PostgreSQL switched to the
/// cached plan on its own, and they made the idle p99 of for-verification. The generic plan is
/// also the plan the query-plan guard (`tests/broker_query_plans.rs`) checks.
pub const POSTGRES_SESSION_SETTINGS: &str = "SET plan_cache_mode = force_generic_plan";

/// Write transactions each broker process runs on PostgreSQL at once; further writers wait for a
/// turn before `BEGIN`, holding no connection and no row lock.
///
/// Measured with `broker-load` (16 writing clients, 2 cores): with every writer in its own
/// transaction, PostgreSQL sessions sat "idle in transaction" waiting for a broker thread while
/// reads queued behind them for a connection and for CPU (for-verification p99 138–182 ms).
/// A handful of concurrent writers already keeps both cores busy; the rest waiting at this gate
/// cost nothing and leave the remaining connections and CPU to reads.
pub const POSTGRES_WRITE_CONCURRENCY: u16 = 4;

impl Store {
    /// Connects to `url` (`sqlite://path` or `postgres://…`), creating the SQLite file when missing,
    /// and applies the embedded migrations. On PostgreSQL the migrator holds an advisory lock, so
    /// several broker instances may start at once against one database.
    pub async fn connect(url: &str) -> StoreResult<Store> {
        sqlx::any::install_default_drivers();
        let backend = backend_of(url)?;
        let url = match backend {
            Backend::Sqlite => sqlite_url(url),
            Backend::Postgres => url.to_string(),
        };
        let options =
            AnyConnectOptions::from_str(&url)?.log_slow_statements(log::LevelFilter::Warn, SLOW_STATEMENT);
        let pool = match backend {
            Backend::Sqlite => {
                // All eight connections are opened at start and kept: opening one reads the
                // schema and the WAL index, which under a heavy write load stalled a request
                // for a third of a second when the pool grew mid-run.
                let pool = AnyPoolOptions::new()
                    .max_connections(8)
                    .min_connections(8)
                    .idle_timeout(None)
                    .max_lifetime(None)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            use sqlx::Executor;
                            // Per-connection settings only, the busy timeout first: a
                            // connection opened while a writer holds the file waits for it
                            // instead of failing. WAL is a property of the file, set once below.
                            conn.execute(
                                "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; \
                                 PRAGMA foreign_keys = ON;",
                            )
                            .await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await?;
                sqlx::query("PRAGMA journal_mode = WAL").execute(&pool).await?;
                pool
            }
            Backend::Postgres => {
                // 32 was measured worse than 16 under the 16-writer load on 2 cores (more
                // concurrent transactions, no more CPU): reads queue in the pool instead.
                AnyPoolOptions::new()
                    .max_connections(POSTGRES_POOL_SIZE)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            use sqlx::Executor;
                            conn.execute(POSTGRES_SESSION_SETTINGS).await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await?
            }
        };
        match backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite").run(&pool).await?,
            Backend::Postgres => sqlx::migrate!("./migrations/postgres").run(&pool).await?,
        }
        let write_gate = Arc::new(Semaphore::new(match backend {
            Backend::Sqlite => 1,
            Backend::Postgres => usize::from(POSTGRES_WRITE_CONCURRENCY),
        }));
        Ok(Store {
            pool,
            backend,
            write_gate,
        })
    }

    /// The store with at most `writers` write transactions at once on PostgreSQL (at least one);
    /// SQLite keeps its single writer. The default is [`POSTGRES_WRITE_CONCURRENCY`].
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), pact_broker::store::StoreError> {
    /// use pact_broker::store::Store;
    ///
    /// let store = Store::connect("postgres://broker:secret@127.0.0.1/broker").await?.with_write_concurrency(8);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn with_write_concurrency(self, writers: usize) -> Store {
        if self.backend == Backend::Sqlite {
            return self;
        }
        Store {
            write_gate: Arc::new(Semaphore::new(writers.max(1))),
            ..self
        }
    }

    /// How many more write transactions could start now without waiting at the gate.
    pub fn free_write_slots(&self) -> usize {
        self.write_gate.available_permits()
    }

    /// The database kind.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The underlying pool, for reads.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// A pooled connection for a sequence of reads.
    pub async fn read(&self) -> StoreResult<sqlx::pool::PoolConnection<Any>> {
        Ok(self.pool.acquire().await?)
    }

    /// Starts the one write transaction of a request.
    pub async fn begin_write(&self) -> StoreResult<WriteTx<'_>> {
        let permit = self
            .write_gate
            .acquire()
            .await
            .map_err(|_| StoreError::Database(sqlx::Error::PoolClosed))?;
        // On SQLite the write lock is taken up front (`BEGIN IMMEDIATE`, waiting up to the busy
        // timeout): a deferred transaction that reads and then writes fails at once with
        // SQLITE_BUSY_SNAPSHOT when another process (`pact-broker clean`, `token`) committed in
        // between, and the in-process lock above cannot see other processes.
        let tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        Ok(WriteTx {
            tx,
            backend: self.backend,
            _permit: permit,
        })
    }

    /// Checks the database answers (for `/diagnostic/status/dependencies`).
    pub async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}

fn backend_of(url: &str) -> StoreResult<Backend> {
    if url.starts_with("sqlite:") {
        Ok(Backend::Sqlite)
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Ok(Backend::Postgres)
    } else {
        Err(StoreError::UnsupportedUrl(url.to_string()))
    }
}

/// Adds `mode=rwc` so a missing SQLite file is created.
fn sqlite_url(url: &str) -> String {
    if url.contains("mode=") || url.contains(":memory:") {
        url.to_string()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// The current time as fixed-width RFC 3339 UTC text (text order is time order).
pub fn now() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.6f+00:00")
        .to_string()
}

/// A value bound to a dynamically built query.
#[derive(Debug, Clone)]
pub(crate) enum Bind {
    Int(i64),
    Text(String),
}

/// Builds SQL with numbered placeholders and their values side by side.
#[derive(Debug, Default)]
pub(crate) struct SqlBuilder {
    pub(crate) sql: String,
    binds: Vec<Bind>,
}

impl SqlBuilder {
    pub(crate) fn new(sql: &str) -> SqlBuilder {
        SqlBuilder {
            sql: sql.to_string(),
            binds: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, sql: &str) -> &mut Self {
        self.sql.push_str(sql);
        self
    }

    /// Appends a placeholder for `value`.
    pub(crate) fn bind(&mut self, value: Bind) -> &mut Self {
        self.binds.push(value);
        let n = self.binds.len();
        self.sql.push_str(&format!("${n}"));
        self
    }

    pub(crate) fn bind_int(&mut self, value: i64) -> &mut Self {
        self.bind(Bind::Int(value))
    }

    pub(crate) fn bind_text(&mut self, value: &str) -> &mut Self {
        self.bind(Bind::Text(value.to_string()))
    }

    /// Appends `(…)` with one placeholder per id; `(NULL)` when empty so the SQL stays valid.
    pub(crate) fn bind_ids(&mut self, ids: impl IntoIterator<Item = i64>) -> &mut Self {
        self.bind_list(ids.into_iter().map(Bind::Int))
    }

    /// Appends `(…)` with one placeholder per text; `(NULL)` when empty so the SQL stays valid.
    pub(crate) fn bind_texts<'t>(&mut self, texts: impl IntoIterator<Item = &'t str>) -> &mut Self {
        self.bind_list(texts.into_iter().map(|t| Bind::Text(t.to_string())))
    }

    fn bind_list(&mut self, values: impl IntoIterator<Item = Bind>) -> &mut Self {
        self.sql.push('(');
        let mut first = true;
        for value in values {
            if !first {
                self.sql.push(',');
            }
            first = false;
            self.bind(value);
        }
        if first {
            self.sql.push_str("NULL");
        }
        self.sql.push(')');
        self
    }

    pub(crate) fn binds(&self) -> &[Bind] {
        &self.binds
    }

    pub(crate) fn query_as<'q, T>(&'q self) -> sqlx::query::QueryAs<'q, Any, T, sqlx::any::AnyArguments<'q>>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        let mut q = sqlx::query_as::<Any, T>(&self.sql);
        for b in &self.binds {
            q = match b {
                Bind::Int(i) => q.bind(*i),
                Bind::Text(s) => q.bind(s.as_str()),
            };
        }
        q
    }
}
