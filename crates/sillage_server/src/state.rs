//! What the handlers share: the store's connections, the live world, the served snapshot and
//! the thread that recomputes it.
//!
//! Readers never wait for a computation: they clone the `Arc` of the served snapshot under a
//! read lock held for a pointer copy. Pushes commit to the store and wake the recompute thread,
//! which reads what was stored since its last look, computes a new snapshot outside every lock
//! and swaps it in.

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError, RwLock, Weak};
use std::time::{Duration, Instant};

use sillage_pipeline::{LiveSettings, LiveWorld, PipelineError, ScoreOptions, Served};
use sillage_store::Store;

use crate::metrics::{Gauges, Metrics};

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    pub db: PathBuf,
    /// The bearer token write endpoints require; `None` disables them.
    pub token: Option<String>,
    /// Require the token on read endpoints too.
    pub protect_reads: bool,
    /// Largest request body (bytes).
    pub max_body_bytes: usize,
    /// Largest line of a pushed body (bytes).
    pub max_line_bytes: usize,
    /// Time a request may take before it is answered with `timeout`.
    pub request_timeout: Duration,
    /// Requests handled at once; more wait.
    pub max_concurrency: usize,
    /// Score configuration when the store has no score run to take it from.
    pub fallback: ScoreOptions,
    /// The recompute thread also looks for events stored by others (CLI ingests) this often.
    pub poll: Duration,
    /// Record the served snapshot as a score run this often when it changed (histories grow);
    /// `None`: never.
    pub record_every: Option<Duration>,
    /// Threads the score computations may use. Fewer than the cores leaves the others to
    /// answer requests while a snapshot is computed.
    pub compute_threads: usize,
}

impl ServerOptions {
    pub fn new(db: PathBuf) -> ServerOptions {
        ServerOptions {
            db,
            token: None,
            protect_reads: false,
            max_body_bytes: 32 * 1024 * 1024,
            max_line_bytes: 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            max_concurrency: 256,
            fallback: ScoreOptions::default(),
            poll: Duration::from_secs(2),
            record_every: Some(Duration::from_secs(3600)),
            compute_threads: std::thread::available_parallelism().map_or(1, |n| n.get().saturating_sub(1).max(1)),
        }
    }
}

/// Work the recompute thread has been told about.
#[derive(Debug, Default)]
struct Pending {
    /// Acknowledgement instants of pushes not yet reflected by a swap.
    acked: Vec<Instant>,
    /// A push carried account records: reread every account.
    accounts_changed: bool,
    /// Something to look at (a push, or a caller asking for a refresh).
    wake: bool,
}

pub(crate) struct Shared {
    pub options: ServerOptions,
    pub writer: Mutex<Store>,
    readers: Mutex<Vec<Store>>,
    live: Mutex<LiveWorld>,
    served: RwLock<Option<Arc<Served>>>,
    swapped_at: Mutex<Instant>,
    pending: Mutex<Pending>,
    signal: Condvar,
    refreshing: Mutex<()>,
    /// The threads score computations run on.
    pool: rayon::ThreadPool,
    /// The live world's event count and version after its last catch-up, for gauges that must
    /// not wait for the world's lock (held while a computation is prepared).
    held: std::sync::atomic::AtomicU64,
    live_version: std::sync::atomic::AtomicU64,
    origin: String,
    /// When the served snapshot was last recorded as a score run, and its version.
    recorded: Mutex<(Instant, Option<u64>)>,
    pub metrics: Metrics,
    pub started: Instant,
}

/// The server's state; cheap to clone.
#[derive(Clone)]
pub struct AppState(pub(crate) Arc<Shared>);

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
    #[error(transparent)]
    Store(#[from] sillage_store::StoreError),
    #[error("cannot start a server thread: {0}")]
    Thread(String),
    #[error("cannot serve on {0}: {1}")]
    Bind(std::net::SocketAddr, std::io::Error),
}

impl AppState {
    /// Opens the store, loads every event and computes the first snapshot. With `background`,
    /// a thread keeps the snapshot fresh; without, [`AppState::refresh`] does it on request
    /// (tests).
    pub fn open(options: ServerOptions, background: bool) -> Result<AppState, StartError> {
        let writer = Store::open(&options.db)?;
        let settings = LiveSettings::of_store(&writer, &options.fallback)?;
        let clock = Instant::now();
        let live = LiveWorld::load(&writer, settings)?;
        tracing::info!(
            events = live.event_count(),
            settings = %live.settings().origin,
            elapsed_ms = clock.elapsed().as_millis() as u64,
            "events loaded"
        );
        let origin = live.settings().origin.clone();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(options.compute_threads.max(1))
            .thread_name(|i| format!("sillage-compute-{i}"))
            .build()
            .map_err(|e| StartError::Thread(e.to_string()))?;
        let shared = Arc::new(Shared {
            options,
            writer: Mutex::new(writer),
            readers: Mutex::new(Vec::new()),
            live: Mutex::new(live),
            served: RwLock::new(None),
            swapped_at: Mutex::new(Instant::now()),
            pending: Mutex::new(Pending::default()),
            signal: Condvar::new(),
            refreshing: Mutex::new(()),
            pool,
            held: std::sync::atomic::AtomicU64::new(0),
            live_version: std::sync::atomic::AtomicU64::new(0),
            origin,
            recorded: Mutex::new((Instant::now(), None)),
            metrics: Metrics::default(),
            started: Instant::now(),
        });
        let state = AppState(shared);
        let store = state.reader()?;
        state.refresh_with(&store)?;
        state.give_back(store);
        if background {
            spawn_recompute(Arc::downgrade(&state.0))?;
        }
        Ok(state)
    }

    /// The served snapshot, `None` while the store holds no event.
    pub fn served(&self) -> Option<Arc<Served>> {
        self.0.served.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// A read connection from the pool (opened on demand).
    pub(crate) fn reader(&self) -> Result<Store, sillage_store::StoreError> {
        if let Some(s) = lock(&self.0.readers).pop() {
            return Ok(s);
        }
        Store::open(&self.0.options.db)
    }

    pub(crate) fn give_back(&self, store: Store) {
        let mut pool = lock(&self.0.readers);
        if pool.len() < 16 {
            pool.push(store);
        }
    }

    /// Tells the recompute thread that a push was acknowledged.
    pub(crate) fn pushed(&self, accounts_changed: bool) {
        let mut p = lock(&self.0.pending);
        p.acked.push(Instant::now());
        p.accounts_changed |= accounts_changed;
        p.wake = true;
        self.0.signal.notify_all();
    }

    /// Brings the served snapshot up to date with the store now (what the background thread does
    /// after each push). Returns whether a new snapshot was swapped in.
    pub fn refresh(&self) -> Result<bool, StartError> {
        let store = self.reader()?;
        let swapped = self.refresh_with(&store);
        self.give_back(store);
        swapped
    }

    fn refresh_with(&self, store: &Store) -> Result<bool, StartError> {
        let _one_at_a_time = lock(&self.0.refreshing);
        let (acked, accounts_changed) = {
            let mut p = lock(&self.0.pending);
            p.wake = false;
            (std::mem::take(&mut p.acked), std::mem::take(&mut p.accounts_changed))
        };
        let served_version = self.served().map(|s| s.version);
        let prepared = {
            let mut live = lock(&self.0.live);
            if accounts_changed {
                live.reload_accounts(store)?;
            }
            live.catch_up(store)?;
            self.0.held.store(live.event_count(), Ordering::Relaxed);
            self.0.live_version.store(live.version(), Ordering::Relaxed);
            if served_version == Some(live.version()) {
                return Ok(false);
            }
            live.prepare()
        };
        let Some(prepared) = prepared else {
            return Ok(false);
        };
        let served = Arc::new(self.0.pool.install(|| prepared.compute()));
        self.0.metrics.recompute(served.compute_seconds);
        tracing::info!(
            version = served.version,
            events = served.events,
            shown = served.shown(),
            compute_ms = (served.compute_seconds * 1000.0) as u64,
            "snapshot swapped in"
        );
        // The previous snapshot is freed here, after the lock is released and once the requests
        // still reading it are done: freeing a large one takes tens of milliseconds, which
        // readers waiting for the lock (or a request dropping the last reference) would pay.
        let previous = {
            let mut slot = self.0.served.write().unwrap_or_else(PoisonError::into_inner);
            slot.replace(served)
        };
        if let Some(previous) = previous {
            let deadline = Instant::now() + Duration::from_secs(2);
            while Arc::strong_count(&previous) > 1 && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(1));
            }
            drop(previous);
        }
        *lock(&self.0.swapped_at) = Instant::now();
        for at in acked {
            self.0.metrics.freshness(at.elapsed().as_secs_f64());
        }
        Ok(true)
    }

    /// Records the served snapshot as a score run if `record_every` has passed since the last
    /// record and it changed since. Returns the run recorded.
    pub fn record_if_due(&self) -> Result<Option<i64>, StartError> {
        let Some(every) = self.0.options.record_every else {
            return Ok(None);
        };
        let Some(served) = self.served() else {
            return Ok(None);
        };
        {
            let recorded = lock(&self.0.recorded);
            if recorded.0.elapsed() < every || recorded.1 == Some(served.version) {
                return Ok(None);
            }
        }
        self.record(&served).map(Some)
    }

    /// Records the served snapshot as a score run now.
    pub fn record_now(&self) -> Result<Option<i64>, StartError> {
        match self.served() {
            Some(served) => self.record(&served).map(Some),
            None => Ok(None),
        }
    }

    fn record(&self, served: &Served) -> Result<i64, StartError> {
        let summary = {
            let mut store = lock(&self.0.writer);
            served.record(&mut store)?
        };
        *lock(&self.0.recorded) = (Instant::now(), Some(served.version));
        tracing::info!(
            run = summary.run,
            shown = summary.shown,
            "served snapshot recorded as a score run"
        );
        Ok(summary.run)
    }

    /// Gauges for `/metrics` and `/v1/status`.
    pub(crate) fn gauges(&self) -> Gauges {
        let served = self.served();
        let pushed = {
            let p = lock(&self.0.pending);
            !p.acked.is_empty() || p.accounts_changed
        };
        let held = self.0.held.load(Ordering::Relaxed);
        let version = self.0.live_version.load(Ordering::Relaxed);
        Gauges {
            snapshot_age_seconds: lock(&self.0.swapped_at).elapsed().as_secs_f64(),
            snapshot_events: served.as_ref().map_or(0, |s| s.events),
            snapshot_accounts: served.as_ref().map_or(0, |s| s.shown()),
            events_held: held,
            stale: pushed || (served.as_ref().map(|s| s.version) != Some(version) && held > 0),
            uptime_seconds: self.0.started.elapsed().as_secs_f64(),
        }
    }

    /// Where the score configuration came from.
    pub(crate) fn settings_origin(&self) -> String {
        self.0.origin.clone()
    }

    pub(crate) fn metrics(&self) -> &Metrics {
        &self.0.metrics
    }

    pub(crate) fn options(&self) -> &ServerOptions {
        &self.0.options
    }
}

/// The recompute thread: waits for a push (or the poll interval), then refreshes. It holds only a
/// weak reference between rounds and ends when the server's state is dropped.
fn spawn_recompute(weak: Weak<Shared>) -> Result<(), StartError> {
    let db = weak.upgrade().map(|s| s.options.db.clone()).unwrap_or_default();
    let store = Store::open(&db)?;
    std::thread::Builder::new()
        .name("sillage-recompute".to_owned())
        .spawn(move || {
            loop {
                let Some(shared) = weak.upgrade() else { break };
                let poll = shared.options.poll;
                {
                    let p = lock(&shared.pending);
                    let _ = shared
                        .signal
                        .wait_timeout_while(p, poll, |p| !p.wake)
                        .unwrap_or_else(PoisonError::into_inner);
                }
                let state = AppState(shared);
                if let Err(e) = state.refresh_with(&store) {
                    tracing::error!(error = %e, "recompute failed; the previous snapshot stays served");
                }
                if let Err(e) = state.record_if_due() {
                    tracing::error!(error = %e, "recording the served snapshot failed");
                }
            }
        })
        .map_err(|e| StartError::Thread(e.to_string()))?;
    Ok(())
}
