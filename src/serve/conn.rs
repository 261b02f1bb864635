//! The preview's connections: each served by hyper's HTTP/1 with a time limit on reading a
//! request head, at most [`Limits::max_connections`] at once, and a graceful stop.
//!
//! The head-read limit covers a new connection that sends nothing or half a request, and
//! an idle keep-alive connection waiting for its next request: hyper starts the same
//! timer whenever it waits for a request head. A response being written (a reload stream
//! above all) is never timed, so open tabs keep their streams.
//!
//! Past the cap, the oldest connection with no response in progress (a stalled or idle
//! one) is dropped to make room; browsers open a fresh connection when a kept-alive one
//! is gone. When every connection is busy answering, the new one is closed at once.

use axum::body::{Body, Bytes, HttpBody};
use axum::http::{Request, Response};
use axum::Router;
use hyper::body::{Frame, Incoming, SizeHint};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify};

/// How long a request head may take, and how many connections may be open.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Time to send a whole request head, and to start the next one on a kept-alive
    /// connection.
    pub header_timeout: Duration,
    /// Connections open at once.
    pub max_connections: usize,
}

/// A request head from a browser on this machine or the local network takes milliseconds;
/// ten seconds leaves room for a busy machine.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// A browser opens about six connections a site; this leaves room for many tabs.
const MAX_CONNECTIONS: usize = 256;
/// Overrides [`HEADER_TIMEOUT`], in milliseconds, so tests need not wait ten seconds.
const HEADER_TIMEOUT_VAR: &str = "WAYMARK_SERVE_HEADER_TIMEOUT_MS";
/// After Ctrl+C, how long requests in flight get to finish.
const STOP_GRACE: Duration = Duration::from_millis(500);

impl Limits {
    /// The defaults, with the head-read time taken from `WAYMARK_SERVE_HEADER_TIMEOUT_MS`
    /// when it is set; a value that is no number is handed to `warn` and ignored.
    pub(crate) fn from_env(warn: impl FnOnce(String)) -> Limits {
        let mut limits = Limits {
            header_timeout: HEADER_TIMEOUT,
            max_connections: MAX_CONNECTIONS,
        };
        if let Ok(raw) = std::env::var(HEADER_TIMEOUT_VAR) {
            match raw.trim().parse::<u64>() {
                Ok(ms @ 1..=3_600_000) => limits.header_timeout = Duration::from_millis(ms),
                _ => warn(format!(
                    "warning: {HEADER_TIMEOUT_VAR}={raw:?} is not a number of milliseconds \
                     from 1 to 3600000; using {} ms",
                    HEADER_TIMEOUT.as_millis()
                )),
            }
        }
        limits
    }
}

/// One open connection, as the accept loop sees it.
struct Entry {
    /// Responses started and not yet fully written.
    busy: Arc<AtomicUsize>,
    /// Tells the connection's task to drop it.
    evict: Arc<Notify>,
}

/// The open connections, oldest first (ids only grow).
#[derive(Default)]
struct Tracker {
    open: Mutex<BTreeMap<u64, Entry>>,
    next_id: AtomicU64,
    /// Signalled whenever a connection closes.
    closed: Notify,
}

impl Tracker {
    fn lock(&self) -> MutexGuard<'_, BTreeMap<u64, Entry>> {
        // The map stays consistent even if a holder panicked: every change is one call.
        self.open.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Makes room for a new connection and registers it, or `None` when every open
    /// connection is busy answering.
    fn admit(&self, max: usize) -> Option<(u64, Arc<AtomicUsize>, Arc<Notify>)> {
        let mut open = self.lock();
        while open.len() >= max {
            let idle = open
                .iter()
                .find(|(_, e)| e.busy.load(Ordering::Acquire) == 0)
                .map(|(id, _)| *id)?;
            if let Some(entry) = open.remove(&idle) {
                // Stored as a permit if the task is not waiting yet: no wake-up is lost.
                entry.evict.notify_one();
            }
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let entry = Entry {
            busy: Arc::new(AtomicUsize::new(0)),
            evict: Arc::new(Notify::new()),
        };
        let handles = (id, entry.busy.clone(), entry.evict.clone());
        open.insert(id, entry);
        Some(handles)
    }

    fn leave(&self, id: u64) {
        self.lock().remove(&id);
        self.closed.notify_waiters();
    }

    async fn all_closed(&self) {
        loop {
            let closed = self.closed.notified();
            if self.lock().is_empty() {
                return;
            }
            closed.await;
        }
    }
}

/// Removes a connection from the tracker however its task ends.
struct Leave(Arc<Tracker>, u64);

impl Drop for Leave {
    fn drop(&mut self) {
        self.0.leave(self.1);
    }
}

/// Counts one response as in progress until its body is dropped (written or abandoned).
struct Working(Arc<AtomicUsize>);

impl Working {
    fn start(busy: &Arc<AtomicUsize>) -> Working {
        busy.fetch_add(1, Ordering::AcqRel);
        Working(busy.clone())
    }
}

impl Drop for Working {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A response body that keeps its connection marked busy while it is being written.
struct Tracked {
    inner: Body,
    _working: Working,
}

impl HttpBody for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Accepts connections and serves `app` on them until `stop` turns true, then gives
/// requests in flight [`STOP_GRACE`] to finish.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    mut stop: watch::Receiver<bool>,
) {
    let tracker = Arc::new(Tracker::default());
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop.changed() => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            // Out of file descriptors and the like: wait for some to close.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        // No room: the stream is dropped, which closes it.
        let Some((id, busy, evict)) = tracker.admit(limits.max_connections) else {
            continue;
        };
        let leave = Leave(tracker.clone(), id);
        tokio::spawn(connection(
            stream,
            app.clone(),
            limits,
            busy,
            evict,
            stop.clone(),
            leave,
        ));
    }
    drop(listener);
    let _ = tokio::time::timeout(STOP_GRACE, tracker.all_closed()).await;
}

async fn connection(
    stream: TcpStream,
    app: Router,
    limits: Limits,
    busy: Arc<AtomicUsize>,
    evict: Arc<Notify>,
    mut stop: watch::Receiver<bool>,
    _leave: Leave,
) {
    let router = TowerToHyperService::new(app);
    let service = hyper::service::service_fn(move |req: Request<Incoming>| {
        let working = Working::start(&busy);
        let answer = hyper::service::Service::call(&router, req);
        async move {
            let res: Response<Body> = answer.await?;
            Ok::<_, Infallible>(res.map(|inner| Tracked {
                inner,
                _working: working,
            }))
        }
    });
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let conn = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    let mut stopping = false;
    loop {
        tokio::select! {
            // Finished, failed or timed out: the stream is closed either way.
            _ = conn.as_mut() => break,
            // Dropping the connection closes its socket.
            _ = evict.notified() => break,
            _ = stop.changed(), if !stopping => {
                stopping = true;
                conn.as_mut().graceful_shutdown();
            }
        }
    }
}
