//! Counters and histograms, written in the Prometheus text exposition format (version 0.0.4).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Latency buckets, seconds.
const LATENCY: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];
/// Recompute and freshness buckets, seconds.
const SLOW: [f64; 12] = [0.05, 0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 30.0, 60.0];

/// A histogram with fixed buckets.
#[derive(Debug, Clone)]
pub struct Histogram {
    bounds: &'static [f64],
    counts: Vec<u64>,
    sum: f64,
    count: u64,
}

impl Histogram {
    fn new(bounds: &'static [f64]) -> Histogram {
        Histogram {
            bounds,
            counts: vec![0; bounds.len()],
            sum: 0.0,
            count: 0,
        }
    }

    fn observe(&mut self, value: f64) {
        if let Some(i) = self.bounds.iter().position(|&b| value <= b) {
            self.counts[i] += 1;
        }
        self.sum += value;
        self.count += 1;
    }

    fn write(&self, out: &mut String, name: &str, labels: &str) {
        let mut cumulative = 0;
        let sep = if labels.is_empty() { "" } else { "," };
        for (b, c) in self.bounds.iter().zip(&self.counts) {
            cumulative += c;
            let _ = writeln!(out, "{name}_bucket{{{labels}{sep}le=\"{b}\"}} {cumulative}");
        }
        let _ = writeln!(out, "{name}_bucket{{{labels}{sep}le=\"+Inf\"}} {}", self.count);
        let braces = if labels.is_empty() {
            String::new()
        } else {
            format!("{{{labels}}}")
        };
        let _ = writeln!(out, "{name}_sum{braces} {}", self.sum);
        let _ = writeln!(out, "{name}_count{braces} {}", self.count);
    }
}

/// Everything the server counts.
#[derive(Debug)]
pub struct Metrics {
    /// (route, method, status) → requests.
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    /// route → latency.
    latency: Mutex<BTreeMap<String, Histogram>>,
    pub pushes: AtomicU64,
    pub events_stored: AtomicU64,
    pub events_duplicate: AtomicU64,
    pub lines_rejected: AtomicU64,
    recompute: Mutex<Histogram>,
    freshness: Mutex<Histogram>,
}

impl Default for Metrics {
    fn default() -> Metrics {
        Metrics {
            requests: Mutex::default(),
            latency: Mutex::default(),
            pushes: AtomicU64::new(0),
            events_stored: AtomicU64::new(0),
            events_duplicate: AtomicU64::new(0),
            lines_rejected: AtomicU64::new(0),
            recompute: Mutex::new(Histogram::new(&SLOW)),
            freshness: Mutex::new(Histogram::new(&SLOW)),
        }
    }
}

/// Gauges read at scrape time.
#[derive(Debug, Clone, Copy, Default)]
pub struct Gauges {
    pub snapshot_age_seconds: f64,
    pub snapshot_events: u64,
    pub snapshot_accounts: u64,
    pub events_held: u64,
    pub stale: bool,
    pub uptime_seconds: f64,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Metrics {
    pub fn request(&self, route: &str, method: &str, status: u16, seconds: f64) {
        *lock(&self.requests)
            .entry((route.to_owned(), method.to_owned(), status))
            .or_default() += 1;
        lock(&self.latency)
            .entry(route.to_owned())
            .or_insert_with(|| Histogram::new(&LATENCY))
            .observe(seconds);
    }

    pub fn recompute(&self, seconds: f64) {
        lock(&self.recompute).observe(seconds);
    }

    /// Seconds from a push's acknowledgement to the swap of the first snapshot that includes it.
    pub fn freshness(&self, seconds: f64) {
        lock(&self.freshness).observe(seconds);
    }

    pub fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }

    /// The exposition text.
    pub fn render(&self, g: Gauges) -> String {
        let mut out = String::new();
        let head = |out: &mut String, name: &str, kind: &str, help: &str| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
        };
        head(
            &mut out,
            "sillage_http_requests_total",
            "counter",
            "HTTP requests answered, by route, method and status.",
        );
        for ((route, method, status), n) in lock(&self.requests).iter() {
            let _ = writeln!(
                out,
                "sillage_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {n}",
                escape(route)
            );
        }
        head(
            &mut out,
            "sillage_http_request_duration_seconds",
            "histogram",
            "Time to answer a request, by route.",
        );
        for (route, h) in lock(&self.latency).iter() {
            h.write(
                &mut out,
                "sillage_http_request_duration_seconds",
                &format!("route=\"{}\"", escape(route)),
            );
        }
        let counters = [
            (
                "sillage_pushes_total",
                "Accepted POST /v1/events requests.",
                &self.pushes,
            ),
            (
                "sillage_events_ingested_total",
                "New events stored by pushes.",
                &self.events_stored,
            ),
            (
                "sillage_events_duplicate_total",
                "Pushed events the store already had.",
                &self.events_duplicate,
            ),
            (
                "sillage_lines_rejected_total",
                "Pushed lines rejected (each with its reason).",
                &self.lines_rejected,
            ),
        ];
        for (name, help, c) in counters {
            head(&mut out, name, "counter", help);
            let _ = writeln!(out, "{name} {}", c.load(Ordering::Relaxed));
        }
        head(
            &mut out,
            "sillage_recompute_duration_seconds",
            "histogram",
            "Time to compute a scores snapshot.",
        );
        lock(&self.recompute).write(&mut out, "sillage_recompute_duration_seconds", "");
        head(
            &mut out,
            "sillage_score_freshness_seconds",
            "histogram",
            "Time from a push's acknowledgement to the served scores reflecting it.",
        );
        lock(&self.freshness).write(&mut out, "sillage_score_freshness_seconds", "");
        let gauges = [
            (
                "sillage_snapshot_age_seconds",
                "Seconds since the served snapshot was swapped in.",
                g.snapshot_age_seconds,
            ),
            (
                "sillage_snapshot_events",
                "Events the served snapshot was computed from.",
                g.snapshot_events as f64,
            ),
            (
                "sillage_snapshot_accounts",
                "Shown, scored accounts in the served snapshot.",
                g.snapshot_accounts as f64,
            ),
            (
                "sillage_events_held",
                "Events held in memory (served or about to be).",
                g.events_held as f64,
            ),
            (
                "sillage_snapshot_stale",
                "1 while events arrived that the served snapshot lacks.",
                f64::from(u8::from(g.stale)),
            ),
            (
                "sillage_uptime_seconds",
                "Seconds since the server started.",
                g.uptime_seconds,
            ),
        ];
        for (name, help, v) in gauges {
            head(&mut out, name, "gauge", help);
            let _ = writeln!(out, "{name} {v}");
        }
        out
    }
}

fn escape(label: &str) -> String {
    label.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}
