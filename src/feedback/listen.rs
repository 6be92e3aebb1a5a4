//! The receiver's accept loop: hyper directly (as the preview does), because
//! `axum::serve` sets no timer — a client that opens a connection and sends nothing
//! would hold it, and its file descriptor, for ever.
//!
//! Manners: the request head must arrive within `HEADER_TIMEOUT`, which also closes a
//! kept-alive connection idle that long; a whole request has `http::REQUEST_TIMEOUT`;
//! a request head may hold `MAX_BUF` bytes of memory. At most `cap` connections are
//! open at once, below the process's file limit: at the cap, the oldest connection that
//! has not sent a byte yet is closed to make room, so connections that send nothing
//! cannot keep a real comment out. On SIGTERM or Ctrl-C the listener closes at once and
//! open connections get `GRACE` to finish; a half-sent request does not hold the
//! process longer.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::Notify;

/// How long a client may take to send a request's head; also how long an idle
/// kept-alive connection is kept.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long open connections may take to finish after SIGTERM.
pub const GRACE: Duration = Duration::from_secs(2);
/// The read buffer of a connection, and so the largest request head (hyper's default is
/// ~400 KB, which 300 half-sent heads turned into 194 MB).
const MAX_BUF: usize = 64 * 1024;
/// Connections at most, whatever the file limit allows.
const MAX_CONNECTIONS: usize = 512;
/// File descriptors kept free of connections: the database, its WAL, the listener,
/// mail, the runtime.
const RESERVED_FDS: u64 = 64;

/// How many connections may be open at once: `MAX_CONNECTIONS`, or fewer when the file
/// limit (`ulimit -n`, 1 024 under systemd by default) would not leave room for them.
pub fn connection_cap() -> usize {
    let limit = open_file_limit().unwrap_or(1_024);
    let room = usize::try_from(limit.saturating_sub(RESERVED_FDS)).unwrap_or(usize::MAX);
    room.clamp(8, MAX_CONNECTIONS)
}

#[cfg(target_os = "linux")]
fn open_file_limit() -> Option<u64> {
    rustix::process::getrlimit(rustix::process::Resource::Nofile).current
}

#[cfg(not(target_os = "linux"))]
fn open_file_limit() -> Option<u64> {
    None
}

/// One open connection, as the accept loop sees it.
struct Conn {
    id: u64,
    /// Set when the client has sent its first byte.
    spoke: Arc<AtomicBool>,
    /// Closes the connection at once.
    close: Arc<Notify>,
}

/// The open connections, oldest first.
#[derive(Default)]
struct Registry {
    open: Mutex<VecDeque<Conn>>,
    /// Told whenever a connection ends.
    freed: Notify,
    next: AtomicU64,
}

impl Registry {
    fn len(&self) -> usize {
        self.open.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    fn add(&self) -> (u64, Arc<AtomicBool>, Arc<Notify>) {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let (spoke, close) = (Arc::new(AtomicBool::new(false)), Arc::new(Notify::new()));
        let conn = Conn {
            id,
            spoke: Arc::clone(&spoke),
            close: Arc::clone(&close),
        };
        self.open.lock().unwrap_or_else(|e| e.into_inner()).push_back(conn);
        (id, spoke, close)
    }

    fn remove(&self, id: u64) {
        self.open
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|c| c.id != id);
        self.freed.notify_one();
    }

    /// Closes the oldest connection that has sent nothing; false when every one has.
    fn evict_silent(&self) -> bool {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let Some(i) = open.iter().position(|c| !c.spoke.load(Ordering::Relaxed)) else {
            return false;
        };
        if let Some(conn) = open.remove(i) {
            // notify_one keeps the wake-up if the task is not waiting yet.
            conn.close.notify_one();
        }
        true
    }

    fn close_all(&self) {
        for conn in self.open.lock().unwrap_or_else(|e| e.into_inner()).iter() {
            conn.close.notify_one();
        }
    }
}

/// A TCP stream that notes when the client first sends something.
struct Watched {
    stream: TcpStream,
    spoke: Arc<AtomicBool>,
}

impl AsyncRead for Watched {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.stream).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.spoke.store(true, Ordering::Relaxed);
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// Serves `app` on `listener` with at most `cap` connections until `stop` resolves,
/// then lets open connections finish for at most `GRACE`.
pub async fn serve(listener: tokio::net::TcpListener, app: axum::Router, cap: usize, stop: impl Future<Output = ()>) {
    tokio::pin!(stop);
    let registry = Arc::new(Registry::default());
    loop {
        if registry.len() >= cap && !registry.evict_silent() {
            // Every connection is busy with a request: wait for one to end.
            tokio::select! {
                () = registry.freed.notified() => continue,
                () = &mut stop => break,
            }
        }
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                // E.g. too many open files: wait a little instead of spinning.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let service = TowerToHyperService::new(app.clone().layer(axum::Extension(axum::extract::ConnectInfo(peer))));
        let (id, spoke, close) = registry.add();
        let registry = Arc::clone(&registry);
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .max_buf_size(MAX_BUF);
            let conn = builder.serve_connection(TokioIo::new(Watched { stream, spoke }), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                // Evicted or stopping: let a request being answered finish, drop the rest.
                () = close.notified() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(GRACE, conn).await;
                }
            }
            registry.remove(id);
        });
    }
    drop(listener);
    registry.close_all();
    let deadline = tokio::time::Instant::now() + GRACE;
    while registry.len() > 0 && tokio::time::Instant::now() < deadline {
        let _ = tokio::time::timeout_at(deadline, registry.freed.notified()).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oldest_silent_connection_makes_room() {
        let registry = Registry::default();
        let (_, spoke_a, close_a) = registry.add();
        let (_, _spoke_b, close_b) = registry.add();
        let (_, _spoke_c, _close_c) = registry.add();
        spoke_a.store(true, Ordering::Relaxed);
        assert!(registry.evict_silent());
        assert_eq!(registry.len(), 2);
        // b (the oldest that has sent nothing) was told to close, not a (which spoke).
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        rt.block_on(async {
            let told = |n: Arc<Notify>| async move {
                tokio::time::timeout(Duration::from_millis(20), n.notified())
                    .await
                    .is_ok()
            };
            assert!(told(close_b).await);
            assert!(!told(close_a).await);
        });
    }

    #[test]
    fn when_every_connection_has_spoken_none_is_closed() {
        let registry = Registry::default();
        let (id, spoke, _close) = registry.add();
        spoke.store(true, Ordering::Relaxed);
        assert!(!registry.evict_silent());
        registry.remove(id);
        assert_eq!(registry.len(), 0);
    }

    #[test]
    fn the_cap_stays_below_the_file_limit() {
        let cap = connection_cap();
        assert!((8..=MAX_CONNECTIONS).contains(&cap), "{cap}");
        if let Some(limit) = open_file_limit() {
            assert!(
                cap as u64 + RESERVED_FDS <= limit.max(8 + RESERVED_FDS),
                "{cap} of {limit}"
            );
        }
    }
}
