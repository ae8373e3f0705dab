//! The delivery worker: a tokio task that claims due deliveries from the database queue, sends
//! them, logs each attempt and schedules retries with exponential backoff. It wakes when this
//! process queues a delivery (the doorbell), when the next retry falls due, and every poll
//! interval (for deliveries queued by other broker instances).

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::Value;
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};

use super::delivery::{AttemptReport, PreparedRequest, send};
use super::events::StoredWebhook;
use super::settings::WebhookConfig;
use super::template::TemplateParameters;
use crate::store::webhooks::{self as rows, AttemptOutcome, ExecutionRow, TriggeredRow};
use crate::store::{Store, StoreResult};

/// Deliveries one worker runs at once.
const CONCURRENCY: usize = 8;

/// A running worker; [`WebhookWorker::stop`] ends it.
#[derive(Debug)]
pub struct WebhookWorker {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
    grace: Duration,
}

/// A timestamp in the store's text format.
fn timestamp(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6f+00:00").to_string()
}

fn after(delay: Duration) -> String {
    let delay = chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::MAX);
    timestamp(
        Utc::now()
            .checked_add_signed(delay)
            .unwrap_or(DateTime::<Utc>::MAX_UTC),
    )
}

impl WebhookWorker {
    /// Starts a worker on the current tokio runtime.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// use pact_broker::store::Store;
    /// use pact_broker::webhooks::{WebhookConfig, WebhookWorker};
    ///
    /// let store = Store::connect("sqlite://broker.sqlite").await?;
    /// let worker = WebhookWorker::start(store, WebhookConfig::default());
    /// // … serve requests …
    /// worker.stop().await;
    /// # Ok(()) }
    /// ```
    pub fn start(store: Store, config: WebhookConfig) -> WebhookWorker {
        let (stop, stopped) = watch::channel(false);
        let grace = config.request_timeout + Duration::from_secs(1);
        let id = format!("worker-{}", uuid::Uuid::new_v4());
        let task = tokio::spawn(run(store, config, id, stopped));
        WebhookWorker { stop, task, grace }
    }

    /// Stops claiming deliveries and waits for those in flight (at most one request timeout);
    /// anything unfinished is retried by the next worker once its lease runs out.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let mut task = self.task;
        if tokio::time::timeout(self.grace, &mut task).await.is_err() {
            task.abort();
        }
    }
}

async fn run(store: Store, config: WebhookConfig, worker: String, mut stopped: watch::Receiver<bool>) {
    tracing::info!(%worker, "webhook worker started");
    let mut in_flight: JoinSet<()> = JoinSet::new();
    loop {
        if *stopped.borrow() {
            break;
        }
        let free = CONCURRENCY.saturating_sub(in_flight.len());
        let mut claimed = 0;
        if free > 0 {
            let now = timestamp(Utc::now());
            match rows::claim(&store, &worker, &now, &after(config.lease()), free as i64).await {
                Ok(jobs) => {
                    claimed = jobs.len();
                    for job in jobs {
                        let (store, config, worker) = (store.clone(), config.clone(), worker.clone());
                        in_flight.spawn(async move {
                            if let Err(e) = attempt(&store, &config, &job, &worker).await {
                                tracing::warn!(error = %e, delivery = %job.uuid, "could not record a webhook attempt");
                            }
                        });
                    }
                }
                Err(e) => tracing::warn!(error = %e, "could not claim webhook deliveries"),
            }
        }
        if claimed > 0 && claimed == free {
            continue;
        }
        let wait = next_wait(&store, &config).await;
        tokio::select! {
            () = config.doorbell.wait() => {}
            () = tokio::time::sleep(wait) => {}
            Some(_) = in_flight.join_next(), if !in_flight.is_empty() => {}
            _ = stopped.changed() => {}
        }
    }
    while in_flight.join_next().await.is_some() {}
    tracing::info!(%worker, "webhook worker stopped");
}

/// How long to sleep: until the next delivery falls due, at most one poll interval.
async fn next_wait(store: &Store, config: &WebhookConfig) -> Duration {
    let due = rows::next_due(store)
        .await
        .ok()
        .flatten()
        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok());
    match due {
        Some(due) => (due.with_timezone(&Utc) - Utc::now())
            .to_std()
            .unwrap_or(Duration::ZERO)
            .clamp(Duration::from_millis(5), config.poll_interval),
        None => config.poll_interval,
    }
}

fn refused(job: &TriggeredRow, why: &str) -> AttemptReport {
    AttemptReport {
        success: false,
        permanent: true,
        method: String::new(),
        url: String::new(),
        headers: serde_json::Map::new(),
        body: None,
        status: None,
        response_headers: None,
        response_body: None,
        error: Some(format!("{why} (delivery {})", job.uuid)),
        duration: Duration::ZERO,
    }
}

/// Runs one attempt of a delivery `worker` holds, logs it and moves the delivery on (success,
/// retry later, or failure once the attempts are used up or the request was refused).
pub async fn attempt(
    store: &Store,
    config: &WebhookConfig,
    job: &TriggeredRow,
    worker: &str,
) -> StoreResult<AttemptReport> {
    let webhook = match job.webhook_id {
        Some(id) => {
            let mut conn = store.read().await?;
            rows::find_by_id(&mut conn, id).await?
        }
        None => None,
    };
    let report = match webhook {
        Some(row) => {
            let webhook = StoredWebhook::from_row(row);
            let params: TemplateParameters =
                serde_json::from_str(&job.parameters).unwrap_or_else(|_| TemplateParameters::empty());
            let request = PreparedRequest::new(&webhook.request, &params);
            send(&request, &config.allow_list, config.request_timeout).await
        }
        None => refused(job, "The webhook was deleted before it could run"),
    };
    let attempts_made = job.attempts_made + 1;
    let outcome = if report.success {
        AttemptOutcome {
            status: "success".to_string(),
            attempts_made,
            next_attempt_at: job.next_attempt_at.clone(),
        }
    } else if report.permanent || attempts_made >= job.max_attempts {
        AttemptOutcome {
            status: "failure".to_string(),
            attempts_made,
            next_attempt_at: job.next_attempt_at.clone(),
        }
    } else {
        let attempt_number = u32::try_from(attempts_made).unwrap_or(u32::MAX);
        AttemptOutcome {
            status: "retrying".to_string(),
            attempts_made,
            next_attempt_at: after(config.retry.delay_after(attempt_number)),
        }
    };
    let execution = ExecutionRow {
        id: 0,
        triggered_webhook_id: job.id,
        attempt: attempts_made,
        success: i64::from(report.success),
        request_method: report.method.clone(),
        request_url: report.url.clone(),
        request_headers: Value::Object(report.headers.clone()).to_string(),
        request_body: report.body.clone(),
        response_status: report.status.map(i64::from),
        response_headers: report
            .response_headers
            .clone()
            .map(|h| Value::Object(h).to_string()),
        response_body: report.response_body.clone(),
        error: report.error.clone(),
        duration_ms: i64::try_from(report.duration.as_millis()).unwrap_or(i64::MAX),
        created_at: String::new(),
    };
    let mut tx = store.begin_write().await?;
    let held = rows::finish(tx.conn(), job.id, worker, &outcome).await?;
    rows::record_execution(tx.conn(), &execution).await?;
    tx.commit().await?;
    if !held {
        tracing::warn!(delivery = %job.uuid, "webhook lease expired before the attempt finished; another worker may repeat it");
    }
    tracing::info!(
        delivery = %job.uuid, webhook = %job.webhook_uuid, event = %job.event_name, attempt = attempts_made,
        status = ?report.status, success = report.success, next = %outcome.status, "webhook attempt"
    );
    Ok(report)
}

/// When a lease taken now would run out.
pub(crate) fn lease_deadline(config: &WebhookConfig) -> String {
    after(config.lease())
}
