//! Telling a slow client from a slow handler: a request body that records whether the handler is
//! waiting for the client's next bytes, so a request timeout that fires then is the client's
//! (408), not the broker's (503).

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use http_body::{Frame, SizeHint};

/// Whether the handler is waiting on the client (shared with the wrapped body).
#[derive(Debug, Clone, Default)]
pub(super) struct ClientWait(Arc<AtomicBool>);

impl ClientWait {
    /// `body`, wrapped so this tells whether reading it is waiting for the client.
    pub(super) fn watch(&self, body: Body) -> Body {
        Body::new(WatchedBody {
            inner: body,
            waiting: Arc::clone(&self.0),
        })
    }

    /// Whether the last read of the body is still waiting for the client's bytes.
    pub(super) fn is_waiting(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

struct WatchedBody {
    inner: Body,
    waiting: Arc<AtomicBool>,
}

impl http_body::Body for WatchedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        self.waiting.store(polled.is_pending(), Ordering::Relaxed);
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
