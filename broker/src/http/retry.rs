//! Retries a write request whose database transaction PostgreSQL aborted as a deadlock victim
//! (`40P01`) or a serialization failure (`40001`).
//!
//! This is a safety net, not the cure: write transactions take their locks in one order (see
//! `store::locks`), so deadlocks should not happen. Each handler runs its writes in one
//! transaction, which the database rolled back, so running the handler again from the start with
//! the same request is safe. The handler marks such a response with [`WriteConflict`] (see
//! `ApiError`'s response); this layer buffers the body of non-GET requests (within the body limit,
//! as the handlers' `Bytes` extractor would) so it can replay it, and tries again after a short,
//! jittered back-off, at most [`ATTEMPTS`] times in all.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Request};
use axum::http::Method;
use axum::response::{IntoResponse, Response};
use tower::{Layer, Service, ServiceExt};

/// How many times a write request runs at most.
pub(super) const ATTEMPTS: u32 = 5;

/// The back-off before the first retry; it doubles with each further one.
const FIRST_BACKOFF: Duration = Duration::from_millis(20);

/// Marks a response produced because the database aborted the transaction as a conflict with a
/// concurrent one; [`RetryWriteConflicts`] runs such a request again.
#[derive(Debug, Clone, Copy)]
pub(super) struct WriteConflict;

/// The layer of [`RetryWriteConflicts`].
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct RetryWriteConflictsLayer;

impl<S> Layer<S> for RetryWriteConflictsLayer {
    type Service = RetryWriteConflicts<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RetryWriteConflicts { inner }
    }
}

/// Runs a write request again when its response is marked [`WriteConflict`].
#[derive(Debug, Clone)]
pub(super) struct RetryWriteConflicts<S> {
    inner: S,
}

impl<S> Service<Request> for RetryWriteConflicts<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        // The ready service answers this request; a clone serves the retries.
        let ready = self.inner.clone();
        let inner = std::mem::replace(&mut self.inner, ready);
        if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
            return Box::pin(inner.oneshot(request));
        }
        Box::pin(retry(inner, request))
    }
}

async fn retry<S>(inner: S, request: Request) -> Result<Response, Infallible>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    let (parts, body) = request.into_parts();
    // The `Bytes` extractor honours `DefaultBodyLimit` (413) exactly as the handler would.
    let body = match Bytes::from_request(Request::from_parts(parts.clone(), body), &()).await {
        Ok(bytes) => bytes,
        Err(rejection) => return Ok(rejection.into_response()),
    };
    let mut backoff = FIRST_BACKOFF;
    let mut attempt = 1;
    loop {
        let request = Request::from_parts(parts.clone(), Body::from(body.clone()));
        let response = inner.clone().oneshot(request).await?;
        if response.extensions().get::<WriteConflict>().is_none() || attempt >= ATTEMPTS {
            if attempt > 1 {
                tracing::info!(method = %parts.method, path = %parts.uri.path(), attempt, status = response.status().as_u16(),
                    "write request finished after retrying a database conflict");
            }
            return Ok(response);
        }
        tracing::warn!(method = %parts.method, path = %parts.uri.path(), attempt,
            "database aborted the write as a conflict with a concurrent one; retrying");
        tokio::time::sleep(jittered(backoff)).await;
        backoff = backoff.saturating_mul(2);
        attempt = attempt.saturating_add(1);
    }
}

/// `base` plus up to the same again at random, so that retried writers do not meet again in step.
fn jittered(base: Duration) -> Duration {
    let fraction = getrandom::u32().unwrap_or(0);
    base.saturating_add(base.mul_f64(f64::from(fraction) / f64::from(u32::MAX)))
}
