//! The dashboard and the API explorer in a real headless Chromium, against a real server on a
//! small generated store: every page loads with no console error, no uncaught exception and no
//! failed request; the score-history chart and the neighbourhood graph really draw; search →
//! account → a contributor's events works; nothing overflows a laptop or a phone screen.
//! Screenshots of every page, at both sizes, go to `target/tmp/screenshots/`.
//!
//! Chromium comes from `$CHROME`, else `/usr/bin/chromium`; without one the test says it is
//! skipped and passes.

mod common;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Emulation, Log, Network, Page};
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(20);

fn chrome() -> Option<PathBuf> {
    let path = std::env::var_os("CHROME").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    path.exists().then_some(path)
}

/// Serves the app on an ephemeral port from a background thread; answers its base URL.
fn serve(db: &Path) -> String {
    let state = common::state(db);
    let (tx, rx) = std::sync::mpsc::channel::<SocketAddr>();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("tokio runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
            tx.send(listener.local_addr().expect("address")).expect("send address");
            axum::serve(listener, sillage_server::app(state)).await.expect("serve");
        });
    });
    let addr = rx.recv_timeout(WAIT).expect("the server starts");
    format!("http://{addr}")
}

/// What went wrong in the page, as reported by the DevTools protocol.
#[derive(Clone, Default)]
struct Problems(Arc<Mutex<Vec<String>>>);

impl Problems {
    fn push(&self, p: String) {
        self.0.lock().unwrap().push(p);
    }

    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }

    fn watch(&self, tab: &Tab) {
        tab.enable_runtime().expect("Runtime.enable");
        tab.enable_log().expect("Log.enable");
        tab.call_method(Network::Enable {
            max_total_buffer_size: None,
            max_resource_buffer_size: None,
            max_post_data_size: None,
            report_direct_socket_traffic: None,
            enable_durable_messages: None,
        })
        .expect("Network.enable");
        let me = self.clone();
        tab.add_event_listener(Arc::new(move |event: &Event| match event {
            Event::RuntimeExceptionThrown(e) => {
                let d = &e.params.exception_details;
                let what = d
                    .exception
                    .as_ref()
                    .and_then(|x| x.description.clone())
                    .unwrap_or_default();
                me.push(format!(
                    "uncaught exception: {} {what} ({:?}:{})",
                    d.text, d.url, d.line_number
                ));
            }
            Event::RuntimeConsoleAPICalled(e) => {
                use headless_chrome::protocol::cdp::Runtime::ConsoleAPICalledEventTypeOption as T;
                if matches!(e.params.Type, T::Error | T::Warning | T::Assert) {
                    let args: Vec<String> = e
                        .params
                        .args
                        .iter()
                        .map(|a| {
                            a.value
                                .as_ref()
                                .map(ToString::to_string)
                                .or_else(|| a.description.clone())
                                .unwrap_or_default()
                        })
                        .collect();
                    me.push(format!("console {:?}: {}", e.params.Type, args.join(" ")));
                }
            }
            Event::LogEntryAdded(e) if matches!(e.params.entry.level, Log::LogEntryLevel::Error) => {
                let entry = &e.params.entry;
                me.push(format!(
                    "console error ({:?}): {} {:?}",
                    entry.source, entry.text, entry.url
                ));
            }
            // A request that a page navigation cancelled (a poll in flight) is not a failure.
            Event::NetworkLoadingFailed(e) if e.params.canceled != Some(true) => {
                me.push(format!("request failed: {} ({:?})", e.params.error_text, e.params.Type));
            }
            Event::NetworkResponseReceived(e) if e.params.response.status >= 400 => {
                let r = &e.params.response;
                me.push(format!("HTTP {} for {}", r.status, r.url));
            }
            _ => {}
        }))
        .expect("listener");
    }
}

struct Session<'a> {
    tab: &'a Tab,
    base: String,
    problems: Problems,
    shots: PathBuf,
    size: &'static str,
}

impl Session<'_> {
    fn eval(&self, expression: &str) -> Value {
        let wrapped = format!("(async () => JSON.stringify(await (async () => {{ {expression} }})()))()");
        let r = self
            .tab
            .evaluate(&wrapped, true)
            .unwrap_or_else(|e| panic!("evaluate {expression}: {e}"));
        match r.value {
            Some(Value::String(s)) => serde_json::from_str(&s).unwrap_or(Value::Null),
            _ => Value::Null,
        }
    }

    /// Waits until the JavaScript `condition` holds (polled), or fails with `what`.
    fn wait_until(&self, what: &str, condition: &str) {
        let started = Instant::now();
        let expression = format!("return Boolean({condition});");
        loop {
            if self.eval(&expression) == Value::Bool(true) {
                return;
            }
            if started.elapsed() > WAIT {
                self.screenshot(&format!("failed-{}", what.replace(' ', "-")));
                panic!(
                    "timed out waiting for {what} ({condition}); problems: {:?}; page errors: {}",
                    self.problems.take(),
                    self.eval("return window.__sillageErrors || []")
                );
            }
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    fn count(&self, selector: &str) -> u64 {
        let sel = serde_json::to_string(selector).unwrap();
        self.eval(&format!("return document.querySelectorAll({sel}).length"))
            .as_u64()
            .unwrap()
    }

    fn api(&self, path: &str) -> Value {
        let p = serde_json::to_string(path).unwrap();
        self.eval(&format!("const r = await fetch({p}); return await r.json();"))
    }

    fn go(&self, path: &str) {
        self.tab.navigate_to(&format!("{}{path}", self.base)).expect("navigate");
        self.tab.wait_until_navigated().expect("navigated");
    }

    fn hash(&self, hash: &str) {
        let h = serde_json::to_string(hash).unwrap();
        self.eval(&format!("location.hash = {h}; return true"));
    }

    fn click(&self, selector: &str) {
        self.tab
            .wait_for_element_with_custom_timeout(selector, WAIT)
            .unwrap_or_else(|e| panic!("{selector}: {e}"))
            .click()
            .unwrap_or_else(|e| panic!("click {selector}: {e}"));
    }

    /// No console error, exception or failed request so far, nothing in window.__sillageErrors,
    /// and nothing wider than the screen.
    fn assert_clean(&self, page: &str) {
        let spinners = self.count(".loading");
        assert_eq!(spinners, 0, "{page} ({}): something is still loading", self.size);
        let errors = self.eval("return window.__sillageErrors || []");
        assert_eq!(
            errors,
            serde_json::json!([]),
            "{page} ({}): JavaScript errors",
            self.size
        );
        let problems = self.problems.take();
        assert!(problems.is_empty(), "{page} ({}): {problems:#?}", self.size);
        // No "undefined", "null", "NaN" or "[object …]" leaking into the text (JSON answers and the
        // OpenAPI document's own text aside).
        let leaks = self.eval(
            "const body = document.body.cloneNode(true); body.querySelectorAll('.json, .doc-text, script').forEach(e => e.remove()); \
             const text = body.textContent + ' ' + [...document.querySelectorAll('[placeholder], [title], [aria-label]')] \
               .map(e => (e.getAttribute('placeholder') || '') + ' ' + (e.getAttribute('title') || '') + ' ' + (e.getAttribute('aria-label') || '')).join(' '); \
             return text.match(/\\b(undefined|null|NaN)\\b|\\[object /g) || []",
        );
        assert_eq!(
            leaks,
            serde_json::json!([]),
            "{page} ({}): leaked values in the text",
            self.size
        );
        let cramped = self.eval(
            "return [...document.querySelectorAll('.table-wrap')].filter(w => w.scrollWidth > w.clientWidth + 1) \
               .map(w => w.querySelector('table').className)",
        );
        assert_eq!(
            cramped,
            serde_json::json!([]),
            "{page} ({}): tables wider than their box",
            self.size
        );
        let overflow = self.eval(
            "return [document.documentElement.scrollWidth, window.innerWidth, \
             [...document.querySelectorAll('body *')].filter(e => { const r = e.getBoundingClientRect(); \
               return r.width > 0 && r.right > window.innerWidth + 1 && !e.closest('.table-wrap, .json, .suggestions, .topic-chips'); }) \
               .slice(0, 5).map(e => e.tagName + '.' + e.className)]",
        );
        let width = overflow[0].as_f64().unwrap();
        let inner = overflow[1].as_f64().unwrap();
        assert!(
            width <= inner + 1.0 && overflow[2].as_array().unwrap().is_empty(),
            "{page} ({}): the page is wider than the screen ({width} > {inner}): {}",
            self.size,
            overflow[2]
        );
    }

    fn viewport(&mut self, size: &'static str) {
        let (width, height, mobile, scale) = match size {
            "phone" => (390, 844, true, 2.0),
            _ => (1366, 800, false, 1.0),
        };
        self.tab
            .call_method(Emulation::SetDeviceMetricsOverride {
                width,
                height,
                device_scale_factor: scale,
                mobile,
                scale: None,
                screen_width: None,
                screen_height: None,
                position_x: None,
                position_y: None,
                dont_set_visible_size: None,
                screen_orientation: None,
                viewport: None,
                display_feature: None,
                device_posture: None,
            })
            .expect("viewport");
        self.size = size;
    }

    fn color_scheme(&self, scheme: &str) {
        self.tab
            .call_method(Emulation::SetEmulatedMedia {
                media: None,
                features: Some(vec![Emulation::MediaFeature {
                    name: "prefers-color-scheme".to_owned(),
                    value: scheme.to_owned(),
                }]),
            })
            .expect("colour scheme");
    }

    /// A full-page PNG in the screenshots folder.
    fn screenshot(&self, name: &str) {
        self.eval("window.scrollTo(0, 0); return true");
        let size = self.eval("return [document.documentElement.scrollWidth, document.documentElement.scrollHeight]");
        let width = size[0].as_f64().unwrap_or(1366.0);
        let height = size[1].as_f64().unwrap_or(800.0).min(8000.0);
        let png = self
            .tab
            .call_method(Page::CaptureScreenshot {
                format: Some(Page::CaptureScreenshotFormatOption::Png),
                quality: None,
                clip: Some(Page::Viewport {
                    x: 0.0,
                    y: 0.0,
                    width,
                    height,
                    scale: 1.0,
                }),
                from_surface: Some(true),
                capture_beyond_viewport: Some(true),
                optimize_for_speed: None,
            })
            .expect("screenshot")
            .data;
        let bytes = base64_decode(&png);
        std::fs::write(self.shots.join(format!("{name}-{}.png", self.size)), bytes).expect("write screenshot");
    }
}

/// Standard base64 (the screenshot's encoding), without a dependency for it.
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let digits: Vec<u8> = text
        .bytes()
        .filter(|&c| c != b'=' && !c.is_ascii_whitespace())
        .map(value)
        .collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &d)| n | (u32::from(d) << (18 - 6 * i)));
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

/// 30000 → "30,000", as an English page shows it.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[test]
fn dashboard_and_explorer_in_a_headless_browser() {
    let Some(chrome) = chrome() else {
        println!("browser test skipped: no Chromium at $CHROME or /usr/bin/chromium");
        return;
    };
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path());
    let base = serve(&db);
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    for old in std::fs::read_dir(&shots).unwrap().flatten() {
        if old.file_name().to_string_lossy().starts_with("failed-") {
            std::fs::remove_file(old.path()).unwrap();
        }
    }

    let profile = tempfile::tempdir().unwrap();
    let args: Vec<&std::ffi::OsStr> = [
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--lang=en-US",
        "--hide-scrollbars",
    ]
    .iter()
    .map(std::ffi::OsStr::new)
    .collect();
    let browser = Browser::new(LaunchOptions {
        path: Some(chrome),
        headless: true,
        sandbox: false,
        enable_gpu: false,
        user_data_dir: Some(profile.path().to_path_buf()),
        window_size: Some((1366, 800)),
        idle_browser_timeout: Duration::from_secs(120),
        args,
        ..Default::default()
    })
    .expect("launch Chromium");
    let tab = browser.new_tab().expect("tab");
    tab.set_default_timeout(WAIT);
    let problems = Problems::default();
    problems.watch(&tab);
    let mut s = Session {
        tab: &tab,
        base,
        problems,
        shots: shots.clone(),
        size: "laptop",
    };
    s.viewport("laptop");

    // ---- leaderboard ---------------------------------------------------------------------------
    s.go("/");
    s.wait_until(
        "the leaderboard",
        "document.querySelectorAll('table.ranking tbody tr').length === 50",
    );
    s.wait_until(
        "the topic list",
        "document.querySelectorAll('.topic-chips .chip').length > 0",
    );
    s.wait_until(
        "the topic filter",
        "document.querySelectorAll('#filter-topic option').length > 1",
    );
    s.wait_until(
        "the freshness indicator",
        "document.getElementById('freshness').dataset.state === 'ok'",
    );
    let first = s.api("/v1/leaderboard?limit=1");
    let top = first["items"][0]["account"].as_str().unwrap().to_owned();
    assert_eq!(
        s.eval("return document.querySelector('table.ranking tbody tr').dataset.account"),
        Value::String(top.clone())
    );
    let percent_right = s.eval("return getComputedStyle(document.querySelector('table.ranking td.col-pct')).textAlign");
    assert_eq!(percent_right, "right", "numbers are right-aligned");
    s.assert_clean("leaderboard");
    s.screenshot("leaderboard");
    // Paging by cursor, then a topic filter.
    s.click("button[data-next]");
    s.wait_until(
        "page 2",
        "document.querySelector('table.ranking tbody td.col-pos')?.textContent === '51'",
    );
    let topic = s.eval(
        "const sel = document.getElementById('filter-topic'); sel.value = sel.options[1].value; \
         sel.dispatchEvent(new Event('change')); return sel.value",
    );
    let topic = topic.as_str().unwrap().to_owned();
    s.wait_until(
        "the topic leaderboard",
        "document.querySelectorAll('table.ranking tbody td.col-topic').length > 0",
    );
    assert!(
        s.eval("return location.hash")
            .as_str()
            .unwrap()
            .contains(&format!("topic={topic}"))
    );
    s.assert_clean("leaderboard by topic");

    // ---- search → account → a contributor's events ---------------------------------------------
    let handle = top.split(':').next_back().unwrap();
    let prefix: String = handle.chars().take(5).collect();
    s.click("#search");
    tab.type_str(&prefix).expect("type");
    let option = format!("#search-list [role=option][data-account=\"{top}\"]");
    s.wait_until("a search suggestion", &format!("document.querySelector('{option}')"));
    s.screenshot("search");
    s.click(&option);
    s.wait_until("the account page", "document.querySelector('.page-account .hero h1')");
    assert_eq!(
        s.eval("return decodeURIComponent(location.hash)"),
        Value::String(format!("#/account/{top}"))
    );
    s.wait_until(
        "the history chart",
        "document.querySelector('#history-chart svg .point')",
    );
    s.wait_until(
        "the neighbourhood graph",
        "document.querySelector('#graph svg circle.node')",
    );
    s.wait_until("the contributors", "document.querySelector('#contributors .contrib')");

    let key = top.replace(':', "%3A");
    let history = s.api(&format!("/v1/accounts/{key}/history"));
    let runs = history["points"].as_array().unwrap().len() as u64;
    assert!(runs >= 2, "the fixture records two score runs");
    assert_eq!(
        s.count("#history-chart circle.dot-run"),
        runs,
        "one dot per recorded run"
    );
    assert_eq!(s.count("#history-chart circle.dot-live"), 1, "the live point");
    assert!(s.count("#history-chart path.series-line") == 1);
    let drawn = s.count("#history-chart svg path, #history-chart svg line, #history-chart svg circle");
    assert!(
        drawn >= 12,
        "the history chart draws axes, grid, line and points ({drawn})"
    );
    let line = s.eval("return document.querySelector('#history-chart path.series-line').getTotalLength()");
    assert!(line.as_f64().unwrap() > 10.0, "the history line has a length");

    let graph = s.api(&format!("/v1/accounts/{key}/graph?limit=15"));
    let nodes = graph["nodes"].as_array().unwrap().len() as u64;
    let edges = graph["edges"].as_array().unwrap().len() as u64;
    assert!(nodes >= 5, "the top account has a neighbourhood");
    assert_eq!(s.count("#graph svg circle.node"), nodes, "one circle per node");
    assert_eq!(s.count("#graph svg path.edge"), edges, "one path per edge");
    let spread = s.eval(
        "const r = [...document.querySelectorAll('#graph circle.node')].map(c => c.getBoundingClientRect()); \
         const xs = r.map(b => b.x), ys = r.map(b => b.y); \
         return [Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys), \
                 new Set(r.map(b => Math.round(b.x) + ',' + Math.round(b.y))).size]",
    );
    assert!(
        spread[0].as_f64().unwrap() > 200.0 && spread[1].as_f64().unwrap() > 100.0,
        "laid out: {spread}"
    );
    assert_eq!(spread[2].as_u64().unwrap(), nodes, "no two nodes at the same place");

    // Hover: the history point and a graph node show their tooltips.
    tab.wait_for_element("#history-chart .point-live")
        .unwrap()
        .move_mouse_over()
        .unwrap();
    s.wait_until(
        "the history tooltip",
        "!document.querySelector('#history-chart .tooltip').hidden",
    );
    tab.wait_for_element("#graph .node-g.role-center circle")
        .unwrap()
        .move_mouse_over()
        .unwrap();
    s.wait_until("the graph tooltip", "!document.querySelector('#graph .tooltip').hidden");

    // A contributor opens to its events; more contributors load by cursor.
    s.click("#contributors .contrib-toggle");
    s.wait_until(
        "a contributor's events",
        "document.querySelectorAll('#contrib-1-events:not([hidden]) .events-table tbody tr').length > 0",
    );
    let explain = s.api(&format!("/v1/accounts/{key}/explain?limit=10&events=5"));
    let first_events = explain["authority"]["contributors"][0]["events"]
        .as_array()
        .unwrap()
        .len() as u64;
    assert_eq!(s.count("#contrib-1-events .events-table tbody tr"), first_events);
    if explain["next_cursor"].is_string() {
        s.click("#contrib-more");
        s.wait_until(
            "more contributors",
            "document.querySelectorAll('#contributors .contrib').length > 10",
        );
    }
    s.assert_clean("account");
    s.screenshot("account");
    // The same page in the dark colour scheme (the CSS follows the system's).
    s.color_scheme("dark");
    s.wait_until("dark colours", "matchMedia('(prefers-color-scheme: dark)').matches");
    s.screenshot("account-dark");
    s.color_scheme("light");

    // A graph node opens its account.
    let other = s.eval("return document.querySelector('#graph .node-g:not(.role-center)').dataset.account");
    let other = other.as_str().unwrap().to_owned();
    s.click(&format!("#graph .node-g[data-account=\"{other}\"] circle"));
    s.wait_until(
        "the clicked node's page",
        &format!("decodeURIComponent(location.hash) === '#/account/{other}' && document.querySelector('.page-account .hero h1')"),
    );
    s.wait_until("its graph", "document.querySelector('#graph svg circle.node')");
    s.assert_clean("account from the graph");

    // ---- topic page, from a topic of the account ------------------------------------------------
    s.hash(&format!("#/account/{top}"));
    s.wait_until("the account's topics", "document.querySelector('#account-topics a')");
    s.click("#account-topics a");
    s.wait_until(
        "the topic page",
        "location.hash.startsWith('#/topic/') && document.querySelector('.stats-row')",
    );
    s.wait_until(
        "the topic leaderboard",
        "document.querySelectorAll('table.ranking tbody td.col-topic').length > 0",
    );
    s.assert_clean("topic");
    s.screenshot("topic");

    // ---- an API error is explained, politely ---------------------------------------------------
    s.hash("#/account/nobody:nowhere");
    s.wait_until(
        "the error notice",
        "document.querySelector('#view .notice-error')?.textContent.includes('unknown_account')",
    );
    let text = s.eval("return document.querySelector('#view .notice-error').textContent");
    assert!(
        text.as_str().unwrap().contains("nobody:nowhere"),
        "the server's message is shown: {text}"
    );
    // The 404 itself is the only problem: the browser logs it, nothing else went wrong.
    let problems = s.problems.take();
    assert!(
        !problems.is_empty() && problems.iter().all(|p| p.contains("404")),
        "{problems:#?}"
    );
    s.assert_clean("error");
    s.screenshot("error");

    // ---- status: polled every 2 s ---------------------------------------------------------------
    s.hash("#/status");
    s.wait_until(
        "the status page",
        "document.querySelectorAll('#status-body .stat').length >= 12",
    );
    let events_held = s.api("/v1/status")["events_held"].as_u64().unwrap();
    let text = s.eval("return document.getElementById('status-body').textContent");
    assert!(
        text.as_str().unwrap().contains(&grouped(events_held)),
        "the status shows the events held: {text}"
    );
    let stamp = s.eval("return document.querySelector('.live-note').textContent");
    s.wait_until(
        "a second status poll",
        &format!("document.querySelector('.live-note').textContent !== {stamp}"),
    );
    s.assert_clean("status");
    s.screenshot("status");

    // ---- the API explorer ---------------------------------------------------------------------
    s.go("/api");
    let operations = s.eval(
        "const d = await (await fetch('/openapi.json')).json(); \
         return Object.values(d.paths).reduce((n, p) => n + Object.keys(p).filter(k => ['get','post','put','patch','delete'].includes(k)).length, 0)",
    );
    s.wait_until(
        "the operations",
        &format!("document.querySelectorAll('.op').length === {operations}"),
    );
    // Operations start folded; the side list opens one.
    assert_eq!(s.count(".op-body:not([hidden])"), 0);
    s.click(".ops-nav a[href=\"#get-v1-accounts-account\"]");
    s.wait_until(
        "an open operation",
        "!document.getElementById('get-v1-accounts-account--body-panel').hidden",
    );
    s.click("#get-v1-accounts-account--path-account");
    tab.type_str(&top).unwrap();
    s.click("[data-op=\"get /v1/accounts/{account}\"] button.send");
    s.wait_until(
        "the explorer's answer",
        "document.querySelector('[data-op=\"get /v1/accounts/{account}\"] .status-code')?.textContent === '200'",
    );
    let shown = s.eval("return document.querySelector('[data-op=\"get /v1/accounts/{account}\"] .json').textContent");
    assert!(
        shown.as_str().unwrap().contains(&format!("\"{top}\"")),
        "the answer is shown"
    );
    s.assert_clean("api explorer");
    s.screenshot("api");

    // ---- in French, on a phone ------------------------------------------------------------------
    s.go("/");
    s.wait_until(
        "the leaderboard",
        "document.querySelectorAll('table.ranking tbody tr').length === 50",
    );
    s.click("[data-lang=fr]");
    s.wait_until("French", "document.documentElement.lang === 'fr' && document.querySelector('[data-nav=leaderboard]').textContent === 'Classement'");
    assert_eq!(
        s.eval("return localStorage.getItem('sillage.lang')"),
        "fr",
        "the choice is kept"
    );
    s.wait_until(
        "the leaderboard in French",
        "document.querySelectorAll('table.ranking tbody tr').length === 50",
    );
    s.assert_clean("leaderboard in French");
    s.screenshot("leaderboard-fr");

    s.viewport("phone");
    let pages = [
        (
            "account",
            format!("#/account/{top}"),
            "document.querySelector('#history-chart svg .point') && document.querySelector('#graph svg circle.node') \
             && document.querySelector('#contributors .contrib')",
        ),
        (
            "topic",
            format!("#/topic/{topic}"),
            "document.querySelectorAll('table.ranking tbody td.col-topic').length > 0",
        ),
        (
            "status",
            "#/status".to_owned(),
            "document.querySelectorAll('#status-body .stat').length >= 12",
        ),
        (
            "leaderboard",
            "#/".to_owned(),
            "document.querySelectorAll('table.ranking tbody tr').length === 50 && document.querySelector('.topic-chips .chip')",
        ),
    ];
    // Routes change in the page (a hash change re-renders it at the phone's size).
    for (name, hash, ready) in pages {
        s.hash(&hash);
        s.wait_until(name, ready);
        if name == "account" {
            s.click("#contributors .contrib-toggle");
            s.wait_until(
                "events on a phone",
                "document.querySelector('#contrib-1-events:not([hidden]) .events-table tbody tr')",
            );
        }
        s.assert_clean(name);
        s.screenshot(name);
    }
    s.go("/api");
    s.wait_until(
        "the operations",
        &format!("document.querySelectorAll('.op').length === {operations}"),
    );
    s.click(".ops-nav a[href=\"#get-v1-leaderboard\"]");
    s.click("#get-v1-leaderboard--query-limit");
    tab.type_str("3").unwrap();
    s.click("[data-op=\"get /v1/leaderboard\"] button.send");
    s.wait_until(
        "the explorer's answer on a phone",
        "document.querySelector('[data-op=\"get /v1/leaderboard\"] .status-code')?.textContent === '200'",
    );
    s.assert_clean("api explorer");
    s.screenshot("api");

    println!(
        "browser test passed in {:.1} s; screenshots in {}",
        started.elapsed().as_secs_f64(),
        shots.display()
    );
}
