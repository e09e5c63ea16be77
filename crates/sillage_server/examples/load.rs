//! Open-loop HTTP load generator for `sillage serve`, on loopback.
//!
//! What is measured: the latency of each request **from the instant it was scheduled** (requests
//! are scheduled at a constant rate whatever the server does, so a slow answer delays nothing and
//! a queue shows up as latency: no coordinated omission), per endpoint: p50, p90, p99 and max,
//! the rate achieved, and the errors (transport errors and non-2xx answers). Optionally, events are
//! pushed at a constant rate at the same time (`POST /v1/events`, new events between existing
//! accounts), their acknowledgement latency reported the same way.
//!
//! How to run (release build, server already serving a scored store):
//!
//! ```sh
//! cargo build --release -p sillage -p sillage_server --bins --examples
//! SILLAGE_TOKEN=0123456789abcdef target/release/sillage --db /tmp/h.db serve --bind 127.0.0.1:8080 &
//! # 2,000 random accounts drawn from the leaderboard's pages, 1,000 requests/s for 30 s
//! target/release/examples/load --url http://127.0.0.1:8080 --rate 1000 --seconds 30 --paths accounts:2000
//! # the leaderboard, with 2,000 events/s pushed in batches of 250 at the same time
//! target/release/examples/load --url http://127.0.0.1:8080 --rate 1000 --seconds 30 \
//!     --paths '/v1/leaderboard?limit=50' --push-rate 2000 --push-batch 250 --token 0123456789abcdef
//! ```
//!
//! `--paths` is a file (one path per line) or a comma-separated list of paths; an item
//! `accounts:N` stands for `GET /v1/accounts/{a}` for N distinct accounts drawn at random from the
//! leaderboard. Each request picks one of the paths uniformly at random. Other options:
//! `--connections C` (default 16; requests beyond C in flight wait for a connection, and that wait
//! counts), `--push-connections` (default 2), `--drain S` (seconds to wait for late answers after
//! the last request is scheduled, default 10), `--seed`, `--save-paths FILE` (write the paths,
//! accounts drawn included, to FILE, one a line, so that later runs can use the same ones without
//! drawing them again; with `--seconds 0` nothing else is done), `--latency-log FILE` (every
//! answer as a line `endpoint, scheduled instant (Unix ms), latency (ms), status`, tab-separated,
//! to line slow answers up with the server's log).
//!
//! The generator shares the machine with the server: on a small machine its own CPU use is part
//! of what is measured.

#[path = "common/mod.rs"]
mod common;

use common::{Rng, Sender, connect, encode_segment};
use std::collections::BTreeMap;
use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{Method, Request};
use tokio::sync::{Mutex, mpsc};

#[derive(Debug, Clone)]
struct Args {
    url: String,
    rate: f64,
    seconds: f64,
    paths: String,
    connections: usize,
    push_rate: f64,
    push_batch: usize,
    push_connections: usize,
    token: Option<String>,
    drain: f64,
    seed: u64,
    save_paths: Option<String>,
    latency_log: Option<String>,
}

fn usage(problem: &str) -> ! {
    eprintln!("load: {problem}");
    eprintln!(
        "usage: load --url http://127.0.0.1:8080 --rate R --seconds S --paths FILE|LIST [--connections C] \
         [--push-rate EVENTS/S --push-batch N --token T [--push-connections C]] [--drain S] [--seed N] [--save-paths FILE] [--latency-log FILE]"
    );
    std::process::exit(2)
}

fn parse_args() -> Args {
    let mut a = Args {
        url: "http://127.0.0.1:8080".to_owned(),
        rate: 1000.0,
        seconds: 30.0,
        paths: String::new(),
        connections: 16,
        push_rate: 0.0,
        push_batch: 250,
        push_connections: 2,
        token: std::env::var("SILLAGE_TOKEN").ok(),
        drain: 10.0,
        save_paths: None,
        latency_log: None,
        seed: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| usage(&format!("{flag} needs a value")));
        let num = |v: String| -> f64 {
            v.parse()
                .unwrap_or_else(|_| usage(&format!("{flag}: not a number: {v}")))
        };
        match flag.as_str() {
            "--url" => a.url = value(),
            "--rate" => a.rate = num(value()),
            "--seconds" => a.seconds = num(value()),
            "--paths" => a.paths = value(),
            "--connections" => a.connections = num(value()) as usize,
            "--push-rate" => a.push_rate = num(value()),
            "--push-batch" => a.push_batch = num(value()) as usize,
            "--push-connections" => a.push_connections = num(value()) as usize,
            "--token" => a.token = Some(value()),
            "--drain" => a.drain = num(value()),
            "--seed" => a.seed = num(value()) as u64,
            "--save-paths" => a.save_paths = Some(value()),
            "--latency-log" => a.latency_log = Some(value()),
            "-h" | "--help" => usage("help"),
            other => usage(&format!("unknown argument {other}")),
        }
    }
    if a.paths.is_empty() && a.push_rate <= 0.0 {
        usage("give --paths, --push-rate or both");
    }
    if a.connections == 0 || a.push_connections == 0 || a.push_batch == 0 {
        usage("--connections, --push-connections and --push-batch must be positive");
    }
    if a.push_rate > 0.0 && a.token.is_none() {
        usage("pushing needs --token (or SILLAGE_TOKEN)");
    }
    a
}

/// The server's address and `Host` header from `http://host:port`.
fn target(url: &str) -> (SocketAddr, String) {
    let rest = url
        .strip_prefix("http://")
        .unwrap_or_else(|| usage("--url must start with http:// (no TLS)"));
    let host = rest.trim_end_matches('/').to_owned();
    if host.contains('/') {
        usage("--url is the server's base, without a path");
    }
    let with_port = if host.contains(':') {
        host.clone()
    } else {
        format!("{host}:80")
    };
    let addr = with_port
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .unwrap_or_else(|| usage(&format!("cannot resolve {host}")));
    (addr, host)
}

fn decode_segment(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// One request on an open connection; the answer's status and whole body.
async fn send(
    sender: &mut Sender,
    host: &str,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Bytes>,
) -> Result<(u16, Bytes), String> {
    sender.ready().await.map_err(|e| e.to_string())?;
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header(hyper::header::HOST, host);
    if let Some(t) = token {
        req = req.header(hyper::header::AUTHORIZATION, format!("Bearer {t}"));
    }
    if body.is_some() {
        req = req.header(hyper::header::CONTENT_TYPE, "application/x-ndjson");
    }
    let req = req
        .body(Full::new(body.unwrap_or_default()))
        .map_err(|e| e.to_string())?;
    let resp = sender.send_request(req).await.map_err(|e| e.to_string())?;
    let status = resp.status().as_u16();
    let bytes = resp.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes();
    Ok((status, bytes))
}

/// A one-off GET used while preparing (not measured).
async fn get_json(addr: SocketAddr, host: &str, path: &str) -> serde_json::Value {
    let mut s = connect(addr)
        .await
        .unwrap_or_else(|e| usage(&format!("cannot reach the server: {e}")));
    let (status, body) = send(&mut s, host, Method::GET, path, None, None)
        .await
        .unwrap_or_else(|e| usage(&format!("GET {path}: {e}")));
    if status != 200 {
        usage(&format!(
            "GET {path}: status {status}: {}",
            String::from_utf8_lossy(&body)
        ));
    }
    serde_json::from_slice(&body).unwrap_or_else(|e| usage(&format!("GET {path}: not JSON: {e}")))
}

/// `n` distinct accounts drawn at random from the whole leaderboard (one `limit=1` page each).
async fn sample_accounts(addr: SocketAddr, host: &str, n: usize, rng: &mut Rng) -> Vec<String> {
    let status = get_json(addr, host, "/v1/status").await;
    let shown = status["snapshot_accounts"].as_u64().unwrap_or(0) as usize;
    if shown == 0 {
        usage("the server shows no account yet");
    }
    let n = n.min(shown);
    let mut offsets = std::collections::BTreeSet::new();
    while offsets.len() < n {
        offsets.insert(rng.below(shown));
    }
    let mut conn = connect(addr).await.unwrap_or_else(|e| usage(&e));
    let mut out = Vec::with_capacity(n);
    for o in offsets {
        let path = format!("/v1/leaderboard?limit=1&cursor={o}");
        let (code, body) = send(&mut conn, host, Method::GET, &path, None, None)
            .await
            .unwrap_or_else(|e| usage(&format!("GET {path}: {e}")));
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        match v["items"][0]["account"].as_str() {
            Some(a) if code == 200 => out.push(a.to_owned()),
            _ => usage(&format!(
                "GET {path}: status {code}: {}",
                String::from_utf8_lossy(&body)
            )),
        }
    }
    out
}

/// The endpoint a path is reported under.
fn label(method: &Method, path: &str) -> String {
    let p = path.split('?').next().unwrap_or(path);
    let route = if let Some(rest) = p.strip_prefix("/v1/accounts/") {
        match rest.split_once('/') {
            Some((_, tail)) => format!("/v1/accounts/{{account}}/{tail}"),
            None => "/v1/accounts/{account}".to_owned(),
        }
    } else {
        p.to_owned()
    };
    format!("{method} {route}")
}

struct Job {
    scheduled: Instant,
    endpoint: usize,
    method: Method,
    path: Arc<str>,
    body: Option<Bytes>,
}

#[derive(Debug, Default)]
struct Endpoint {
    name: String,
    scheduled: u64,
    /// Latency of each answered request (2xx or not), microseconds from its scheduled instant.
    latencies: Vec<u64>,
    ok: u64,
    /// Status → count, for non-2xx answers.
    statuses: BTreeMap<u16, u64>,
    transport_errors: u64,
    first_transport_error: Option<String>,
    /// Events acknowledged as stored (pushes).
    events_stored: u64,
    /// When the last answer came.
    last_answer: Option<Instant>,
    /// Every answer (scheduled instant, latency in µs, status) with `--latency-log`.
    log: Vec<(Instant, u64, u16)>,
}

/// Whether every answer is kept for `--latency-log`.
static KEEP_LOG: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

type Stats = Arc<std::sync::Mutex<Vec<Endpoint>>>;

/// Takes scheduled jobs in turn over its own connection, reconnecting after a transport error.
async fn worker(
    addr: SocketAddr,
    host: Arc<str>,
    token: Option<Arc<str>>,
    jobs: Arc<Mutex<mpsc::UnboundedReceiver<Job>>>,
    stats: Stats,
    last_answer: Arc<std::sync::Mutex<Instant>>,
) {
    let mut conn: Option<Sender> = None;
    loop {
        let job = { jobs.lock().await.recv().await };
        let Some(job) = job else { break };
        if conn.is_none() {
            match connect(addr).await {
                Ok(c) => conn = Some(c),
                Err(e) => {
                    record_error(&stats, job.endpoint, e);
                    continue;
                }
            }
        }
        let sender = conn.as_mut().expect("connected above");
        let result = send(sender, &host, job.method, &job.path, token.as_deref(), job.body).await;
        let done = Instant::now();
        *last_answer.lock().expect("not poisoned") = done;
        match result {
            Ok((status, body)) => {
                let mut s = stats.lock().expect("not poisoned");
                let e = &mut s[job.endpoint];
                let latency = done.duration_since(job.scheduled).as_micros() as u64;
                e.latencies.push(latency);
                e.last_answer = Some(done);
                if KEEP_LOG.load(std::sync::atomic::Ordering::Relaxed) {
                    e.log.push((job.scheduled, latency, status));
                }
                if (200..300).contains(&status) {
                    e.ok += 1;
                    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&body)
                        && let Some(n) = v.get("stored").and_then(serde_json::Value::as_u64)
                    {
                        e.events_stored += n;
                    }
                } else {
                    *e.statuses.entry(status).or_default() += 1;
                }
            }
            Err(e) => {
                conn = None;
                record_error(&stats, job.endpoint, e);
            }
        }
    }
}

fn record_error(stats: &Stats, endpoint: usize, e: String) {
    let mut s = stats.lock().expect("not poisoned");
    let ep = &mut s[endpoint];
    ep.transport_errors += 1;
    ep.first_transport_error.get_or_insert(e);
}

/// Schedules `make(i)` at `start + i / rate` for `seconds`, whatever happens to earlier jobs.
async fn schedule(
    start: Instant,
    rate: f64,
    seconds: f64,
    tx: mpsc::UnboundedSender<Job>,
    stats: Stats,
    mut make: impl FnMut(u64, Instant) -> Job,
) {
    let total = (rate * seconds).round() as u64;
    let mut i = 0;
    while i < total {
        let at = start + Duration::from_secs_f64(i as f64 / rate);
        let now = Instant::now();
        if at > now {
            tokio::time::sleep_until(at.into()).await;
        }
        // Everything due by now goes out, so a late wake-up does not lower the rate.
        let now = Instant::now();
        while i < total {
            let at = start + Duration::from_secs_f64(i as f64 / rate);
            if at > now {
                break;
            }
            let job = make(i, at);
            stats.lock().expect("not poisoned")[job.endpoint].scheduled += 1;
            if tx.send(job).is_err() {
                return;
            }
            i += 1;
        }
    }
}

fn ms(us: u64) -> String {
    format!("{:.2}", us as f64 / 1000.0)
}

fn percentile(sorted: &[u64], q: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn main() {
    let args = parse_args();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(run(args));
}

async fn run(args: Args) {
    let (addr, host) = target(&args.url);
    let host: Arc<str> = host.into();
    let mut rng = Rng(args.seed);

    // The paths.
    let mut paths: Vec<String> = Vec::new();
    let mut accounts: Vec<String> = Vec::new();
    if !args.paths.is_empty() {
        let items: Vec<String> = match std::fs::read_to_string(&args.paths) {
            Ok(text) => text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_owned)
                .collect(),
            Err(_) => args.paths.split(',').map(|s| s.trim().to_owned()).collect(),
        };
        for item in items {
            if let Some(n) = item.strip_prefix("accounts:") {
                let n: usize = n.parse().unwrap_or_else(|_| usage(&format!("{item}: accounts:N")));
                let clock = Instant::now();
                let drawn = sample_accounts(addr, &host, n, &mut rng).await;
                eprintln!(
                    "load: drew {} accounts from the leaderboard in {:.1} s",
                    drawn.len(),
                    clock.elapsed().as_secs_f64()
                );
                paths.extend(drawn.iter().map(|a| format!("/v1/accounts/{}", encode_segment(a))));
                accounts.extend(drawn);
            } else if item.starts_with('/') {
                // An account's path also gives an account to push events between.
                if let Some(a) = item.strip_prefix("/v1/accounts/")
                    && !a.contains(['/', '?'])
                {
                    accounts.push(decode_segment(a));
                }
                paths.push(item);
            } else {
                usage(&format!("{item}: a path starts with /"));
            }
        }
    }
    if let Some(file) = &args.save_paths {
        let mut text = paths.join("\n");
        text.push('\n');
        std::fs::write(file, text).unwrap_or_else(|e| usage(&format!("{file}: {e}")));
        eprintln!("load: {} paths written to {file}", paths.len());
        if args.seconds <= 0.0 {
            return;
        }
    }
    // Pushed events go between accounts of one network, drawn from the leaderboard too.
    let push_net_accounts: Vec<String> = if args.push_rate > 0.0 {
        if accounts.len() < 100 {
            accounts.extend(sample_accounts(addr, &host, 2000, &mut rng).await);
        }
        let mut by_net: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for a in &accounts {
            if let Some((net, handle)) = a.split_once(':') {
                by_net.entry(net).or_default().push(handle);
            }
        }
        let (net, handles) = by_net
            .into_iter()
            .max_by_key(|(_, h)| h.len())
            .unwrap_or_else(|| usage("no account to push events between"));
        handles.iter().map(|h| format!("{net}:{h}")).collect()
    } else {
        Vec::new()
    };
    // Pushed events are dated from the served snapshot's newest instant on, one second per second.
    let as_of = {
        let s = get_json(addr, &host, "/v1/status").await;
        s["as_of"]
            .as_i64()
            .or_else(|| s["as_of"].as_str().and_then(|t| sillage_model::parse_instant(t).ok()))
            .unwrap_or(0)
    };

    // Endpoints: one per distinct label, the push endpoint last.
    let mut names: Vec<String> = Vec::new();
    let path_endpoint: Vec<usize> = paths
        .iter()
        .map(|p| {
            let l = label(&Method::GET, p);
            names.iter().position(|n| *n == l).unwrap_or_else(|| {
                names.push(l);
                names.len() - 1
            })
        })
        .collect();
    let push_endpoint = names.len();
    names.push("POST /v1/events".to_owned());
    let stats: Stats = Arc::new(std::sync::Mutex::new(
        names
            .iter()
            .map(|n| Endpoint {
                name: n.clone(),
                ..Endpoint::default()
            })
            .collect(),
    ));

    let distinct = paths.iter().collect::<std::collections::BTreeSet<_>>().len();
    println!(
        "load: {} — {}{}",
        args.url,
        if paths.is_empty() || args.rate <= 0.0 {
            format!("no reads, {} s", args.seconds)
        } else {
            format!(
                "{} requests/s for {} s over {} connections, {} paths ({} distinct)",
                args.rate,
                args.seconds,
                args.connections,
                paths.len(),
                distinct
            )
        },
        if args.push_rate > 0.0 {
            format!(
                "; pushing {} events/s in batches of {} over {} connections, between {} accounts",
                args.push_rate,
                args.push_batch,
                args.push_connections,
                push_net_accounts.len()
            )
        } else {
            String::new()
        }
    );

    KEEP_LOG.store(args.latency_log.is_some(), std::sync::atomic::Ordering::Relaxed);
    let start = Instant::now() + Duration::from_millis(50);
    // The same instant on the wall clock, to line the latency log up with the server's.
    let start_unix_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1e3)
        + 50.0;
    let last_answer = Arc::new(std::sync::Mutex::new(start));
    let mut tasks = Vec::new();
    let mut workers = Vec::new();

    if !paths.is_empty() && args.rate > 0.0 {
        let (tx, rx) = mpsc::unbounded_channel();
        let rx = Arc::new(Mutex::new(rx));
        for _ in 0..args.connections {
            workers.push(tokio::spawn(worker(
                addr,
                host.clone(),
                None,
                rx.clone(),
                stats.clone(),
                last_answer.clone(),
            )));
        }
        let paths: Vec<Arc<str>> = paths.iter().map(|p| Arc::from(p.as_str())).collect();
        let mut r = Rng(rng.next());
        tasks.push(tokio::spawn(schedule(
            start,
            args.rate,
            args.seconds,
            tx,
            stats.clone(),
            move |_, at| {
                let k = r.below(paths.len());
                Job {
                    scheduled: at,
                    endpoint: path_endpoint[k],
                    method: Method::GET,
                    path: paths[k].clone(),
                    body: None,
                }
            },
        )));
    }

    if args.push_rate > 0.0 {
        let (tx, rx) = mpsc::unbounded_channel();
        let rx = Arc::new(Mutex::new(rx));
        let token: Option<Arc<str>> = args.token.as_deref().map(Arc::from);
        for _ in 0..args.push_connections {
            workers.push(tokio::spawn(worker(
                addr,
                host.clone(),
                token.clone(),
                rx.clone(),
                stats.clone(),
                last_answer.clone(),
            )));
        }
        let batches_per_second = args.push_rate / args.push_batch as f64;
        let batch = args.push_batch;
        let run_id = format!("{:x}", rng.next() & 0xffff_ffff);
        let mut r = Rng(rng.next());
        let pool = push_net_accounts;
        let path: Arc<str> = Arc::from("/v1/events");
        tasks.push(tokio::spawn(schedule(
            start,
            batches_per_second,
            args.seconds,
            tx,
            stats.clone(),
            move |i, at| {
                let mut body = String::with_capacity(batch * 140);
                let when = as_of + at.duration_since(start).as_secs() as i64;
                for j in 0..batch {
                    body.push_str(&event_line(&mut r, &pool, &format!("load-{run_id}-{i}-{j}"), when));
                    body.push('\n');
                }
                Job {
                    scheduled: at,
                    endpoint: push_endpoint,
                    method: Method::POST,
                    path: path.clone(),
                    body: Some(Bytes::from(body)),
                }
            },
        )));
    }

    for t in tasks {
        let _ = t.await;
    }
    // The rates are counted over the scheduling window at least.
    let scheduled_end = Instant::now().max(start + Duration::from_secs_f64(args.seconds));
    // The workers end when their queue is empty; answers later than the drain are not waited for.
    let drained = tokio::time::timeout(Duration::from_secs_f64(args.drain), async {
        for w in workers {
            let _ = w.await;
        }
    })
    .await
    .is_ok();
    let end = *last_answer.lock().expect("not poisoned");
    let elapsed = end.max(scheduled_end).duration_since(start).as_secs_f64();

    let mut s = std::mem::take(&mut *stats.lock().expect("not poisoned"));
    if let Some(file) = &args.latency_log {
        let mut text = String::new();
        for e in &s {
            for (at, latency, status) in &e.log {
                let at_ms = start_unix_ms + at.duration_since(start).as_secs_f64() * 1e3;
                text.push_str(&format!(
                    "{}\t{at_ms:.1}\t{:.3}\t{status}\n",
                    e.name,
                    *latency as f64 / 1e3
                ));
            }
        }
        std::fs::write(file, text).unwrap_or_else(|e| usage(&format!("{file}: {e}")));
        eprintln!("load: every answer written to {file}");
    }
    println!(
        "{:<34} {:>8} {:>8} {:>7} {:>9} {:>8} {:>8} {:>8} {:>9}",
        "endpoint", "sent", "ok", "errors", "answers/s", "p50 ms", "p90 ms", "p99 ms", "max ms"
    );
    let mut total_answers = 0;
    let mut total_errors = 0;
    let mut unanswered = 0;
    for e in &mut s {
        if e.scheduled == 0 {
            continue;
        }
        e.latencies.sort_unstable();
        let answered = e.latencies.len() as u64;
        let non2xx: u64 = e.statuses.values().sum();
        let errors = non2xx + e.transport_errors;
        let lost = e.scheduled.saturating_sub(answered + e.transport_errors);
        total_answers += answered;
        total_errors += errors;
        unanswered += lost;
        // Answers per second from the start to this endpoint's last answer (at least the
        // scheduling period).
        let span = e
            .last_answer
            .map_or(elapsed, |l| l.max(scheduled_end).duration_since(start).as_secs_f64());
        println!(
            "{:<34} {:>8} {:>8} {:>7} {:>9.1} {:>8} {:>8} {:>8} {:>9}",
            e.name,
            e.scheduled,
            e.ok,
            errors,
            answered as f64 / span,
            ms(percentile(&e.latencies, 0.50)),
            ms(percentile(&e.latencies, 0.90)),
            ms(percentile(&e.latencies, 0.99)),
            ms(e.latencies.last().copied().unwrap_or(0)),
        );
        if !e.statuses.is_empty() {
            println!("    non-2xx answers by status: {:?}", e.statuses);
        }
        if let Some(err) = &e.first_transport_error {
            println!("    transport errors {}, the first: {err}", e.transport_errors);
        }
        if e.events_stored > 0 {
            println!(
                "    events stored {} ({:.0} events/s)",
                e.events_stored,
                e.events_stored as f64 / span
            );
        }
    }
    println!(
        "total: {} answers in {:.2} s ({:.1} answers/s), errors {}, unanswered {}{}",
        total_answers,
        elapsed,
        total_answers as f64 / elapsed,
        total_errors,
        unanswered,
        if drained {
            String::new()
        } else {
            format!(" (still waiting {} s after the last request was scheduled)", args.drain)
        }
    );
    if !drained {
        std::process::exit(1);
    }
}

/// One canonical event between two distinct accounts of the pool (`net:handle`), at `when`.
fn event_line(r: &mut Rng, pool: &[String], id: &str, when: i64) -> String {
    let a = &pool[r.below(pool.len())];
    let mut b = &pool[r.below(pool.len())];
    if b == a {
        b = &pool[(pool.iter().position(|x| x == a).unwrap_or(0) + 1) % pool.len()];
    }
    let (net, actor) = a.split_once(':').unwrap_or(("generic", a));
    let target = b.split_once(':').map_or(b.as_str(), |(_, h)| h);
    let kind = match r.below(100) {
        0..40 => "repost",
        40..70 => "like",
        70..82 => "reply",
        82..95 => "mention",
        _ => "follow",
    };
    let mut v = serde_json::json!({
        "net": net, "id": id, "kind": kind, "actor": actor, "target": target, "at": when,
    });
    if matches!(kind, "repost" | "reply") {
        v["post"] = serde_json::Value::from(id);
    }
    v.to_string()
}
