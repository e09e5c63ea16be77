//! Freshness benchmark of `sillage serve`: with events pushed at a sustained rate into a large
//! store, how long after a push is acknowledged does its effect show in `GET /v1/accounts/...`?
//!
//! What it does:
//! 1. builds a demo store (`--accounts`, default 100,000; `--events`, default 1,500,000) with
//!    `sillage_pipeline::run_demo`, or reuses the one at `--db` if it exists;
//! 2. starts the release `sillage` binary as a child process (`sillage --db DB serve`, token in
//!    `SILLAGE_TOKEN`, its log in `DB.serve.log`) and waits for `/healthz`;
//! 3. pushes `--rate` events/s (default 5,000) for `--seconds` (default 60) in batches of
//!    `--batch` (default 250, i.e. one batch every 50 ms), open loop: new events between the
//!    store's existing accounts (every account of the leaderboard), dated from the served
//!    snapshot's newest instant on;
//! 4. every `--probe-ms` (default 500) pushes a probe, a repost by a brand-new account
//!    `NET:probe-RUN-N` of an existing account (NET is the store's network: an event's actor and
//!    target share one network), then asks `GET /v1/accounts/NET:probe-RUN-N` until it answers
//!    200: the time from the push's acknowledgement to that answer is the probe's freshness.
//!
//! When to ask (`--poll-mode`):
//! - `swap` (default): `/v1/status` is polled every `--poll-ms` (default 25); each time a new
//!   snapshot has been swapped in (its event count changed, or its age went down), every waiting
//!   probe asks for its account once; each also asks every `--fallback-ms` (default 1000) in case
//!   a swap went unseen. An account can only appear with a swap, so this measures the same
//!   instant (to within `--poll-ms` and one request) without flooding the server with lookups of
//!   accounts it does not know yet.
//! - `direct`: each waiting probe asks for its account every `--poll-ms`. With a probe every
//!   500 ms and freshness of a few seconds, that is a few hundred lookups of unknown accounts a
//!   second, whose CPU the recompute then lacks (how much depends on the cost of a 404).
//!
//! Every run adds its pushed events (300,000 by default) to the store: to compare runs, start
//! each from a copy of the same store.
//!
//! It prints the probes' freshness (median, p90, p99, max), the push rate achieved and the
//! acknowledgement latency, the recompute durations (each snapshot seen in `/v1/status`, and the
//! `/metrics` histograms), and the server's peak resident memory (VmHWM of the child, Linux).
//!
//! ```sh
//! cargo build --release -p sillage -p sillage_server --bins --examples
//! target/release/examples/freshness --db /var/tmp/fresh-100k.db
//! ```
//!
//! Other options: `--bin PATH` (the `sillage` binary; default: `../sillage` next to this example),
//! `--bind ADDR` (default 127.0.0.1:18080), `--probe-net NET`, `--keep-serving` (leave the server
//! running; its pid is printed), `--seed N`.

#[path = "common/mod.rs"]
mod common;

use common::{Rng, Sender, connect, encode_segment};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{Method, Request};
use tokio::sync::mpsc;

const TOKEN: &str = "freshness-bench-token-0123456789";

#[derive(Debug, Clone)]
struct Args {
    db: PathBuf,
    accounts: usize,
    events: usize,
    bin: PathBuf,
    bind: SocketAddr,
    rate: f64,
    batch: usize,
    seconds: f64,
    probe_ms: u64,
    poll_ms: u64,
    probe_net: Option<String>,
    /// Ask for probe accounts after each swap (`true`) or every `poll_ms` (`false`).
    swap_mode: bool,
    fallback_ms: u64,
    keep_serving: bool,
    seed: u64,
}

/// The server's pid once started, so that an early exit stops it too.
static SERVER_PID: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

fn usage(problem: &str) -> ! {
    eprintln!("freshness: {problem}");
    let pid = SERVER_PID.load(std::sync::atomic::Ordering::Relaxed);
    if pid != 0 {
        let _ = Command::new("kill").arg("-TERM").arg(pid.to_string()).status();
    }
    eprintln!(
        "usage: freshness [--db PATH] [--accounts N] [--events N] [--bin SILLAGE] [--bind ADDR] [--rate EVENTS/S] \
         [--batch N] [--seconds S] [--probe-ms MS] [--poll-ms MS] [--poll-mode swap|direct] [--fallback-ms MS] [--probe-net NET] [--keep-serving] [--seed N]"
    );
    std::process::exit(2)
}

fn parse_args() -> Args {
    let exe = std::env::current_exe().unwrap_or_default();
    let default_bin = exe
        .parent()
        .and_then(|examples| examples.parent())
        .map(|release| release.join("sillage"))
        .unwrap_or_else(|| PathBuf::from("sillage"));
    let mut a = Args {
        db: PathBuf::from("/var/tmp/sillage-freshness-100k.db"),
        accounts: 100_000,
        events: 1_500_000,
        bin: default_bin,
        bind: "127.0.0.1:18080".parse().expect("an address"),
        rate: 5000.0,
        batch: 250,
        seconds: 60.0,
        probe_ms: 500,
        poll_ms: 25,
        probe_net: None,
        swap_mode: true,
        fallback_ms: 1000,
        keep_serving: false,
        seed: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--keep-serving" {
            a.keep_serving = true;
            continue;
        }
        let value = it.next().unwrap_or_else(|| usage(&format!("{flag} needs a value")));
        let num = |v: &str| -> f64 {
            v.parse()
                .unwrap_or_else(|_| usage(&format!("{flag}: not a number: {v}")))
        };
        match flag.as_str() {
            "--db" => a.db = PathBuf::from(value),
            "--accounts" => a.accounts = num(&value) as usize,
            "--events" => a.events = num(&value) as usize,
            "--bin" => a.bin = PathBuf::from(value),
            "--bind" => a.bind = value.parse().unwrap_or_else(|_| usage("--bind: not an address")),
            "--rate" => a.rate = num(&value),
            "--batch" => a.batch = (num(&value) as usize).max(1),
            "--seconds" => a.seconds = num(&value),
            "--probe-ms" => a.probe_ms = (num(&value) as u64).max(1),
            "--poll-ms" => a.poll_ms = (num(&value) as u64).max(1),
            "--probe-net" => a.probe_net = Some(value),
            "--poll-mode" => {
                a.swap_mode = match value.as_str() {
                    "swap" => true,
                    "direct" => false,
                    _ => usage("--poll-mode is swap or direct"),
                }
            }
            "--fallback-ms" => a.fallback_ms = (num(&value) as u64).max(1),
            "--seed" => a.seed = num(&value) as u64,
            other => usage(&format!("unknown argument {other}")),
        }
    }
    a
}

/// A client that reconnects after a transport error.
struct Client {
    addr: SocketAddr,
    host: String,
    conn: Option<Sender>,
}

impl Client {
    fn new(addr: SocketAddr) -> Client {
        Client {
            addr,
            host: addr.to_string(),
            conn: None,
        }
    }

    async fn send(&mut self, method: Method, path: &str, body: Option<Bytes>) -> Result<(u16, Bytes), String> {
        if self.conn.is_none() {
            self.conn = Some(connect(self.addr).await?);
        }
        let sender = self.conn.as_mut().expect("connected above");
        let result = async {
            sender.ready().await.map_err(|e| e.to_string())?;
            let mut req = Request::builder()
                .method(method)
                .uri(path)
                .header(hyper::header::HOST, &self.host);
            if body.is_some() {
                req = req
                    .header(hyper::header::AUTHORIZATION, format!("Bearer {TOKEN}"))
                    .header(hyper::header::CONTENT_TYPE, "application/x-ndjson");
            }
            let req = req
                .body(Full::new(body.unwrap_or_default()))
                .map_err(|e| e.to_string())?;
            let resp = sender.send_request(req).await.map_err(|e| e.to_string())?;
            let status = resp.status().as_u16();
            let bytes = resp.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes();
            Ok((status, bytes))
        }
        .await;
        if result.is_err() {
            self.conn = None;
        }
        result
    }

    async fn json(&mut self, path: &str) -> Result<serde_json::Value, String> {
        let (status, body) = self.send(Method::GET, path, None).await?;
        if status != 200 {
            return Err(format!(
                "GET {path}: status {status}: {}",
                String::from_utf8_lossy(&body)
            ));
        }
        serde_json::from_slice(&body).map_err(|e| format!("GET {path}: {e}"))
    }
}

fn proc_status_kib(pid: u32, field: &str) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = text.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// `p50 / p90 / p99 / max` of seconds, in milliseconds.
fn summary_ms(mut v: Vec<f64>) -> String {
    v.sort_by(f64::total_cmp);
    format!(
        "median {:.0} ms, p90 {:.0} ms, p99 {:.0} ms, max {:.0} ms (n = {})",
        percentile(&v, 0.5) * 1e3,
        percentile(&v, 0.9) * 1e3,
        percentile(&v, 0.99) * 1e3,
        v.last().copied().unwrap_or(f64::NAN) * 1e3,
        v.len()
    )
}

/// Kills the server when the benchmark ends, whatever way it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        // SIGTERM first (graceful shutdown), then SIGKILL.
        let _ = Command::new("kill").arg("-TERM").arg(self.0.id().to_string()).status();
        for _ in 0..50 {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() {
    let args = parse_args();

    // 1. The store.
    if args.db.exists() {
        println!("store: reusing {}", args.db.display());
    } else {
        let config = sillage_demo::DemoConfig {
            accounts: args.accounts,
            events: args.events,
            ..Default::default()
        };
        println!(
            "store: generating {} accounts and {} events into {} ...",
            args.accounts,
            args.events,
            args.db.display()
        );
        let clock = Instant::now();
        let report = sillage_pipeline::run_demo(&args.db, &config, 5, sillage_pipeline::Progress::new(false))
            .unwrap_or_else(|e| usage(&format!("cannot build the store: {e}")));
        println!(
            "store: {} accounts, {} events: generate {:.1} s, store {:.1} s, score {:.1} s, total {:.1} s",
            report.accounts,
            report.events,
            report.generate_seconds,
            report.ingest_seconds,
            report.score_seconds,
            clock.elapsed().as_secs_f64()
        );
    }
    if !args.bin.exists() {
        usage(&format!(
            "no sillage binary at {} (build it, or pass --bin)",
            args.bin.display()
        ));
    }

    // 2. The server.
    let log_path = PathBuf::from(format!("{}.serve.log", args.db.display()));
    let log = std::fs::File::create(&log_path).unwrap_or_else(|e| usage(&format!("{}: {e}", log_path.display())));
    let clock = Instant::now();
    let child = Command::new(&args.bin)
        .arg("--db")
        .arg(&args.db)
        .arg("serve")
        .arg("--bind")
        .arg(args.bind.to_string())
        .env("SILLAGE_TOKEN", TOKEN)
        .env("SILLAGE_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| usage(&format!("cannot start {}: {e}", args.bin.display())));
    let pid = child.id();
    SERVER_PID.store(pid, std::sync::atomic::Ordering::Relaxed);
    let server = Server(child);
    println!("server: {} (pid {pid}), log {}", args.bin.display(), log_path.display());

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(run(args.clone(), pid, clock));
    if args.keep_serving {
        println!("server: left running, pid {pid}");
        std::mem::forget(server);
    }
}

#[derive(Debug, Default)]
struct Pushes {
    batches_ok: u64,
    events_stored: u64,
    errors: u64,
    first_error: Option<String>,
    /// Seconds from the scheduled instant to the acknowledgement.
    ack: Vec<f64>,
}

#[derive(Debug, Default)]
struct Probes {
    sent: u64,
    /// Seconds from acknowledgement to the first 200 of `GET /v1/accounts/...`.
    ack_to_visible: Vec<f64>,
    /// Seconds from sending the push to the first 200.
    send_to_visible: Vec<f64>,
    /// Seconds the push itself took.
    ack: Vec<f64>,
    polls: u64,
    poll_latency: Vec<f64>,
    not_visible: u64,
    errors: u64,
    first_error: Option<String>,
}

async fn run(args: Args, pid: u32, started: Instant) {
    let addr = args.bind;
    let mut client = Client::new(addr);
    let ready_deadline = Instant::now() + Duration::from_secs(900);
    loop {
        if let Ok((200, _)) = client.send(Method::GET, "/healthz", None).await {
            break;
        }
        if Instant::now() > ready_deadline || proc_status_kib(pid, "VmRSS").is_none() {
            usage("the server did not start (see its log)");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let status = client.json("/v1/status").await.unwrap_or_else(|e| usage(&e));
    println!(
        "server: ready in {:.1} s (loads {} events, first snapshot of {} accounts computed in {:.2} s); RSS {} MiB",
        started.elapsed().as_secs_f64(),
        status["events_held"],
        status["snapshot_accounts"],
        status["last_compute_seconds"].as_f64().unwrap_or(f64::NAN),
        proc_status_kib(pid, "VmRSS").unwrap_or(0) / 1024
    );
    let as_of = status["as_of"]
        .as_i64()
        .or_else(|| {
            status["as_of"]
                .as_str()
                .and_then(|t| sillage_model::parse_instant(t).ok())
        })
        .unwrap_or(0);

    // Every shown account, from the leaderboard's pages.
    let clock = Instant::now();
    let mut pool: Vec<String> = Vec::new();
    let mut cursor = Some("0".to_owned());
    while let Some(c) = cursor {
        let page = client
            .json(&format!("/v1/leaderboard?limit=1000&cursor={c}"))
            .await
            .unwrap_or_else(|e| usage(&e));
        for item in page["items"].as_array().into_iter().flatten() {
            if let Some(a) = item["account"].as_str() {
                pool.push(a.to_owned());
            }
        }
        cursor = page["next_cursor"].as_str().map(str::to_owned);
    }
    // Pushed events stay within the biggest network.
    let net = {
        let mut counts = std::collections::BTreeMap::<&str, usize>::new();
        for a in &pool {
            *counts
                .entry(a.split_once(':').map_or("generic", |(n, _)| n))
                .or_default() += 1;
        }
        counts
            .into_iter()
            .max_by_key(|(_, c)| *c)
            .map(|(n, _)| n.to_owned())
            .unwrap_or_else(|| usage("the leaderboard is empty"))
    };
    let handles: Arc<Vec<String>> = Arc::new(
        pool.iter()
            .filter_map(|a| a.split_once(':').filter(|(n, _)| *n == net).map(|(_, h)| h.to_owned()))
            .collect(),
    );
    println!(
        "accounts: {} read from the leaderboard in {:.1} s; events pushed between the {} of network {net:?}",
        pool.len(),
        clock.elapsed().as_secs_f64(),
        handles.len()
    );
    let probe_net = args.probe_net.clone().unwrap_or_else(|| net.clone());
    let mut rng = Rng(args.seed);
    let run_id = format!("{:08x}", rng.next() & 0xffff_ffff);

    let start = Instant::now() + Duration::from_millis(100);
    let end = start + Duration::from_secs_f64(args.seconds);
    let pushes = Arc::new(Mutex::new(Pushes::default()));
    let probes = Arc::new(Mutex::new(Probes::default()));
    let snapshots = Arc::new(Mutex::new(Vec::<(f64, u64, f64)>::new()));
    let rss_peak_seen = Arc::new(Mutex::new(0u64));
    let stop_sampling = Arc::new(std::sync::atomic::AtomicBool::new(false));

    // Status sampler: every snapshot swapped in during the run, with its compute time; in swap
    // mode it also tells the waiting probes.
    let (swapped_tx, swapped_rx) = tokio::sync::watch::channel(0u64);
    let sampler = {
        let snapshots = snapshots.clone();
        let rss = rss_peak_seen.clone();
        let stop = stop_sampling.clone();
        let every = Duration::from_millis(if args.swap_mode { args.poll_ms } else { 100 });
        tokio::spawn(async move {
            let mut c = Client::new(addr);
            let mut last: Option<(u64, f64)> = None;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let asked = Instant::now();
                if let Ok(s) = c.json("/v1/status").await {
                    let events = s["snapshot_events"].as_u64().unwrap_or(0);
                    let age = s["snapshot_age_seconds"].as_f64().unwrap_or(0.0);
                    // A new event count is a new snapshot. The age going down alone may be the
                    // same swap seen twice (the server reads the snapshot and its swap instant
                    // apart), so it only wakes the probes.
                    if let Some((e, a)) = last
                        && (e != events || age < a)
                    {
                        swapped_tx.send_modify(|n| *n += 1);
                    }
                    if last.is_some_and(|(e, _)| e != events) {
                        snapshots.lock().expect("not poisoned").push((
                            start.elapsed().as_secs_f64(),
                            events,
                            s["last_compute_seconds"].as_f64().unwrap_or(f64::NAN),
                        ));
                    }
                    last = Some((events, age));
                }
                if let Some(r) = proc_status_kib(pid, "VmRSS") {
                    let mut m = rss.lock().expect("not poisoned");
                    *m = (*m).max(r);
                }
                tokio::time::sleep_until((asked + every).into()).await;
            }
        })
    };

    // 3. The sustained push load: one batch every batch/rate seconds, open loop.
    let (tx, rx) = mpsc::unbounded_channel::<(Instant, Bytes)>();
    let rx = Arc::new(tokio::sync::Mutex::new(rx));
    let mut push_workers = Vec::new();
    for _ in 0..4 {
        let rx = rx.clone();
        let pushes = pushes.clone();
        push_workers.push(tokio::spawn(async move {
            let mut c = Client::new(addr);
            loop {
                let job = { rx.lock().await.recv().await };
                let Some((at, body)) = job else { break };
                let r = c.send(Method::POST, "/v1/events", Some(body)).await;
                let done = at.elapsed().as_secs_f64();
                let mut p = pushes.lock().expect("not poisoned");
                match r {
                    Ok((200, body)) => {
                        p.batches_ok += 1;
                        p.ack.push(done);
                        let v: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
                        p.events_stored += v["stored"].as_u64().unwrap_or(0);
                    }
                    Ok((status, body)) => {
                        p.errors += 1;
                        p.first_error
                            .get_or_insert_with(|| format!("status {status}: {}", String::from_utf8_lossy(&body)));
                    }
                    Err(e) => {
                        p.errors += 1;
                        p.first_error.get_or_insert(e);
                    }
                }
            }
        }));
    }
    let scheduler = {
        let handles = handles.clone();
        let net = net.clone();
        let run_id = run_id.clone();
        let mut r = Rng(rng.next());
        let (rate, batch) = (args.rate, args.batch);
        tokio::spawn(async move {
            let interval = batch as f64 / rate;
            let total = (args.seconds / interval).round() as u64;
            for i in 0..total {
                let at = start + Duration::from_secs_f64(i as f64 * interval);
                tokio::time::sleep_until(at.into()).await;
                let when = as_of + at.duration_since(start).as_secs() as i64;
                let mut body = String::with_capacity(batch * 140);
                for j in 0..batch {
                    let a = &handles[r.below(handles.len())];
                    let b = &handles[r.below(handles.len())];
                    let kind = match r.below(100) {
                        0..40 => "repost",
                        40..70 => "like",
                        70..82 => "reply",
                        82..95 => "mention",
                        _ => "follow",
                    };
                    let id = format!("fresh-{run_id}-{i}-{j}");
                    let mut v = serde_json::json!({
                        "net": net, "id": id, "kind": kind, "actor": a, "target": b, "at": when,
                    });
                    if matches!(kind, "repost" | "reply") {
                        v["post"] = serde_json::Value::from(id);
                    }
                    body.push_str(&v.to_string());
                    body.push('\n');
                }
                if tx.send((at, Bytes::from(body))).is_err() {
                    break;
                }
            }
        })
    };

    // 4. Probes.
    let mut probe_tasks = Vec::new();
    let mut n = 0u64;
    loop {
        let at = start + Duration::from_millis(n * args.probe_ms);
        if at >= end {
            break;
        }
        tokio::time::sleep_until(at.into()).await;
        let handle = format!("probe-{run_id}-{n}");
        let target = if probe_net == net {
            handles[rng.below(handles.len())].clone()
        } else {
            "probe-anchor".to_owned()
        };
        let body = serde_json::json!({
            "net": probe_net, "id": handle, "kind": "repost", "actor": handle, "target": target,
            "post": handle, "at": as_of + at.duration_since(start).as_secs() as i64,
        })
        .to_string()
            + "\n";
        let path = format!("/v1/accounts/{}", encode_segment(&format!("{probe_net}:{handle}")));
        let probes = probes.clone();
        let poll = Duration::from_millis(args.poll_ms);
        let fallback = Duration::from_millis(args.fallback_ms);
        let swap_mode = args.swap_mode;
        let mut swapped = swapped_rx.clone();
        probe_tasks.push(tokio::spawn(async move {
            let mut c = Client::new(addr);
            let sent = Instant::now();
            probes.lock().expect("not poisoned").sent += 1;
            let fail = |e: String| {
                let mut p = probes.lock().expect("not poisoned");
                p.errors += 1;
                p.first_error.get_or_insert(e);
            };
            match c.send(Method::POST, "/v1/events", Some(Bytes::from(body))).await {
                Ok((200, _)) => {}
                Ok((s, b)) => return fail(format!("probe push: status {s}: {}", String::from_utf8_lossy(&b))),
                Err(e) => return fail(format!("probe push: {e}")),
            }
            let acked = Instant::now();
            probes
                .lock()
                .expect("not poisoned")
                .ack
                .push(acked.duration_since(sent).as_secs_f64());
            let deadline = acked + Duration::from_secs(120);
            let mut polls = 0;
            let mut poll_latency = Vec::new();
            loop {
                let asked = Instant::now();
                swapped.borrow_and_update();
                let r = c.send(Method::GET, &path, None).await;
                polls += 1;
                poll_latency.push(asked.elapsed().as_secs_f64());
                match r {
                    Ok((200, _)) => {
                        let now = Instant::now();
                        let mut p = probes.lock().expect("not poisoned");
                        p.ack_to_visible.push(now.duration_since(acked).as_secs_f64());
                        p.send_to_visible.push(now.duration_since(sent).as_secs_f64());
                        p.polls += polls;
                        p.poll_latency.extend(poll_latency);
                        return;
                    }
                    Ok((404, _)) => {}
                    Ok((s, b)) => return fail(format!("probe poll: status {s}: {}", String::from_utf8_lossy(&b))),
                    Err(e) => return fail(format!("probe poll: {e}")),
                }
                if Instant::now() > deadline {
                    let mut p = probes.lock().expect("not poisoned");
                    p.not_visible += 1;
                    p.polls += polls;
                    p.poll_latency.extend(poll_latency);
                    return;
                }
                if swap_mode {
                    tokio::select! {
                        _ = swapped.changed() => {}
                        () = tokio::time::sleep_until((asked + fallback).into()) => {}
                    }
                } else {
                    tokio::time::sleep_until((asked + poll).into()).await;
                }
            }
        }));
        n += 1;
    }
    let _ = scheduler.await;
    for w in push_workers {
        let _ = w.await;
    }
    let push_elapsed = start.elapsed().as_secs_f64();
    let probes_pending_since = Instant::now();
    for t in probe_tasks {
        let _ = t.await;
    }
    let probes_waited = probes_pending_since.elapsed().as_secs_f64();
    stop_sampling.store(true, std::sync::atomic::Ordering::Relaxed);
    let _ = sampler.await;

    // Results.
    let p = std::mem::take(&mut *pushes.lock().expect("not poisoned"));
    let q = std::mem::take(&mut *probes.lock().expect("not poisoned"));
    println!();
    println!(
        "push load: target {} events/s for {} s in batches of {} (one every {:.0} ms)",
        args.rate,
        args.seconds,
        args.batch,
        args.batch as f64 / args.rate * 1e3
    );
    println!(
        "  achieved: {} batches acknowledged, {} events stored in {:.1} s = {:.0} events/s; errors {}{}",
        p.batches_ok,
        p.events_stored,
        push_elapsed,
        p.events_stored as f64 / push_elapsed,
        p.errors,
        p.first_error.map(|e| format!(" (first: {e})")).unwrap_or_default()
    );
    println!(
        "  batch acknowledgement, from its scheduled instant: {}",
        summary_ms(p.ack)
    );
    println!(
        "probes: {} sent (one every {} ms; {}), {} visible, {} not visible within 120 s, {} errors{}",
        q.sent,
        args.probe_ms,
        if args.swap_mode {
            format!(
                "asked after each swap seen in /v1/status polled every {} ms, and every {} ms",
                args.poll_ms, args.fallback_ms
            )
        } else {
            format!("asked every {} ms", args.poll_ms)
        },
        q.ack_to_visible.len(),
        q.not_visible,
        q.errors,
        q.first_error.map(|e| format!(" (first: {e})")).unwrap_or_default()
    );
    let met = {
        let mut v = q.ack_to_visible.clone();
        v.sort_by(f64::total_cmp);
        !v.is_empty() && q.not_visible == 0 && q.errors == 0 && percentile(&v, 0.99) <= 5.0
    };
    println!("  acknowledged → visible: {}", summary_ms(q.ack_to_visible));
    println!("  sent → visible:         {}", summary_ms(q.send_to_visible));
    println!("  probe push acknowledgement: {}", summary_ms(q.ack));
    println!(
        "  account polls: {} ({:.1} per probe), answer time {}",
        q.polls,
        q.polls as f64 / q.sent.max(1) as f64,
        summary_ms(q.poll_latency)
    );
    println!("  (waited {probes_waited:.1} s after the push load for the last probes)");

    let snaps = snapshots.lock().expect("not poisoned").clone();
    let computes: Vec<f64> = snaps.iter().map(|s| s.2).filter(|c| c.is_finite()).collect();
    println!(
        "recompute: {} snapshots swapped in during the run (seen in /v1/status); compute time: {}",
        snaps.len(),
        summary_ms(computes)
    );
    if let Some(last) = snaps.last() {
        println!("  last snapshot: {} events", last.1);
    }
    let mut c = Client::new(addr);
    if let Ok((200, body)) = c.send(Method::GET, "/metrics", None).await {
        let text = String::from_utf8_lossy(&body);
        for name in ["sillage_recompute_duration_seconds", "sillage_score_freshness_seconds"] {
            let get = |suffix: &str| {
                text.lines()
                    .find(|l| l.starts_with(&format!("{name}_{suffix} ")))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|v| v.parse::<f64>().ok())
            };
            if let (Some(sum), Some(count)) = (get("sum"), get("count")) {
                let buckets: Vec<String> = text
                    .lines()
                    .filter(|l| l.starts_with(&format!("{name}_bucket")))
                    .filter_map(|l| {
                        let le = l.split("le=\"").nth(1)?.split('"').next()?;
                        let v = l.split_whitespace().nth(1)?;
                        Some(format!("≤{le}:{v}"))
                    })
                    .collect();
                println!(
                    "  /metrics {name}: count {count}, mean {:.2} s; cumulative buckets {}",
                    sum / count.max(1.0),
                    buckets.join(" ")
                );
            }
        }
    }
    let hwm = proc_status_kib(pid, "VmHWM").unwrap_or(0);
    println!(
        "server memory: peak resident (VmHWM) {} MiB; highest VmRSS sampled during the run {} MiB",
        hwm / 1024,
        *rss_peak_seen.lock().expect("not poisoned") / 1024
    );
    println!(
        "target (new event visible within 5 s at p99): {}",
        if met { "met" } else { "NOT met" }
    );
}
