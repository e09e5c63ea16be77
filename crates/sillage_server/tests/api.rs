//! Every endpoint through `app().oneshot(...)`: answers on a small generated store (insta
//! snapshots, floats rounded), error cases with their codes, pushes, opt-outs and the OpenAPI
//! document against the router.

mod common;

use std::sync::OnceLock;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use sillage_server::{AppState, Code, app};
use tower::ServiceExt;

/// One demo store shared by the read-only tests (it is never written to).
fn shared() -> &'static (tempfile::TempDir, AppState) {
    static SHARED: OnceLock<(tempfile::TempDir, AppState)> = OnceLock::new();
    SHARED.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let db = common::demo_store(dir.path());
        let state = common::state(&db);
        (dir, state)
    })
}

fn read_app() -> Router {
    app(shared().1.clone())
}

struct Answer {
    status: StatusCode,
    content_type: String,
    text: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    /// The error code of an error answer, checking the shape and the status.
    fn code(&self) -> String {
        let v = self.json();
        let code = v["code"].as_str().expect("code").to_owned();
        assert!(v["type"].is_string() && v["message"].is_string(), "{v}");
        let known = Code::ALL
            .iter()
            .find(|c| c.as_str() == code)
            .expect("a documented code");
        assert_eq!(known.status(), self.status, "{code} answered with {}", self.status);
        code
    }
}

async fn call(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        content_type,
        text: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

async fn get(app: &Router, uri: &str) -> Answer {
    call(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn push(app: &Router, token: Option<&str>, body: &str) -> Answer {
    let mut r = Request::post("/v1/events").header(header::CONTENT_TYPE, "application/x-ndjson");
    if let Some(t) = token {
        r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    call(app, r.body(Body::from(body.to_owned())).unwrap()).await
}

/// Floats rounded to 4 decimals (snapshots must not hinge on the last bits), volatile fields
/// blanked.
fn stable(mut v: Value) -> Value {
    fn walk(v: &mut Value) {
        match v {
            Value::Number(n) if n.is_f64() => {
                let x = n.as_f64().unwrap();
                *v = serde_json::json!((x * 1e4).round() / 1e4);
            }
            Value::Array(a) => a.iter_mut().for_each(walk),
            Value::Object(o) => {
                for (k, x) in o.iter_mut() {
                    if matches!(
                        k.as_str(),
                        "uptime_seconds" | "snapshot_age_seconds" | "last_compute_seconds" | "run"
                    ) {
                        *x = Value::String("[volatile]".into());
                    } else {
                        walk(x);
                    }
                }
            }
            _ => {}
        }
    }
    walk(&mut v);
    v
}

#[tokio::test]
async fn account_answers_with_score_components_and_topics() {
    let app = read_app();
    let a = get(&app, "/v1/accounts/demo:claire_voyage").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert!(a.content_type.starts_with("application/json"));
    let v = a.json();
    assert_eq!(v["account"], "demo:claire_voyage");
    let points: f64 = v["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["points"].as_f64().unwrap())
        .sum();
    // The score is 1 + the components' points (SCORING.md).
    assert!((1.0 + points - v["score"].as_f64().unwrap()).abs() < 1e-6);
    insta::assert_json_snapshot!("account", stable(v));
    // A bare handle and the username-free spelling find the same account.
    let bare = get(&app, "/v1/accounts/claire_voyage").await;
    assert_eq!(bare.json()["account"], "demo:claire_voyage");
}

#[tokio::test]
async fn leaderboard_pages_filters_and_topics() {
    let app = read_app();
    let first = get(&app, "/v1/leaderboard?limit=5").await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    let v = first.json();
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 5);
    let scores: Vec<f64> = items.iter().map(|i| i["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    insta::assert_json_snapshot!("leaderboard", stable(v.clone()));
    // The cursor continues where the page ended, without overlap.
    let cursor = v["next_cursor"].as_str().unwrap();
    let second = get(&app, &format!("/v1/leaderboard?limit=5&cursor={cursor}"))
        .await
        .json();
    assert_eq!(second["items"][0]["position"], 6);
    assert!(second["items"][0]["score"].as_f64().unwrap() <= scores[4]);
    // A topic's list is ranked by the topic score.
    let topic = get(&app, "/v1/leaderboard?topic=tourisme&limit=3").await.json();
    assert_eq!(topic["topic"], "tourisme");
    assert_eq!(topic["items"][0]["account"], "demo:claire_voyage");
    assert!(topic["items"][0]["topic_score"].is_number());
    // Language filter: only accounts whose main language is English.
    let en = get(&app, "/v1/leaderboard?lang=en&limit=20").await.json();
    assert!(en["items"].as_array().unwrap().iter().all(|i| i["lang"] == "en"));
    assert!(en["total"].as_u64().unwrap() < v["total"].as_u64().unwrap());
    // The last page has no cursor.
    let total = v["total"].as_u64().unwrap();
    let last = get(&app, &format!("/v1/leaderboard?limit=10&cursor={}", total - 3))
        .await
        .json();
    assert_eq!(last["items"].as_array().unwrap().len(), 3);
    assert!(last["next_cursor"].is_null());
}

#[tokio::test]
async fn explain_pages_contributors_and_lists_their_events() {
    let app = read_app();
    let a = get(&app, "/v1/accounts/demo:hugo_tactique/explain?limit=3&events=2").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    let v = a.json();
    let auth = &v["authority"];
    let listed = auth["contributors"].as_array().unwrap();
    assert_eq!(listed.len(), 3);
    assert!(listed.iter().all(|c| c["events"].as_array().unwrap().len() <= 2));
    // standing + Σ listed + others = rank.
    let sum = auth["standing"].as_f64().unwrap()
        + listed.iter().map(|c| c["contribution"].as_f64().unwrap()).sum::<f64>()
        + auth["others"].as_f64().unwrap();
    assert!((sum - auth["rank"].as_f64().unwrap()).abs() < 1e-9);
    insta::assert_json_snapshot!("explain", stable(v.clone()));
    // The next page starts after the third contributor.
    let next = get(
        &app,
        &format!(
            "/v1/accounts/demo:hugo_tactique/explain?limit=3&events=2&cursor={}",
            v["next_cursor"].as_str().unwrap()
        ),
    )
    .await
    .json();
    let second = next["authority"]["contributors"].as_array().unwrap();
    assert!(!second.is_empty());
    assert!(
        second
            .iter()
            .all(|c| !listed.iter().any(|l| l["account"] == c["account"]))
    );
    assert!(second[0]["contribution"].as_f64().unwrap() <= listed[2]["contribution"].as_f64().unwrap());
    // With the ledger, the points add up to the score.
    let ledger = get(
        &app,
        "/v1/accounts/demo:hugo_tactique/explain?limit=1&ledger=true&ledger_lines=0",
    )
    .await
    .json();
    let l = &ledger["ledger"];
    assert!((l["sum"].as_f64().unwrap() - ledger["score"].as_f64().unwrap()).abs() < 1e-6);
}

#[tokio::test]
async fn explain_since_a_recorded_run() {
    let app = read_app();
    let a = get(&app, "/v1/accounts/demo:hugo_tactique/explain?since=2").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert!(a.json().is_object());
    let missing = get(&app, "/v1/accounts/demo:hugo_tactique/explain?since=999").await;
    assert_eq!(missing.code(), "unknown_run");
    let bad = get(&app, "/v1/accounts/demo:hugo_tactique/explain?since=yesterday").await;
    assert_eq!(bad.code(), "invalid_parameter");
}

#[tokio::test]
async fn history_graph_topics_search_status() {
    let app = read_app();
    let h = get(&app, "/v1/accounts/demo:claire_voyage/history").await.json();
    // demo_store records the demo's run, then one 30 days earlier and the latest again.
    assert_eq!(h["points"].as_array().unwrap().len(), 3);
    assert!(h["live"]["score"].is_number());
    insta::assert_json_snapshot!("history", stable(h));

    let g = get(&app, "/v1/accounts/demo:hugo_tactique/graph?limit=4").await.json();
    let nodes = g["nodes"].as_array().unwrap();
    assert_eq!(nodes[0]["role"], "center");
    assert!(nodes.len() > 1 && nodes.len() <= 9);
    for e in g["edges"].as_array().unwrap() {
        assert!(e["source"].as_u64().unwrap() < nodes.len() as u64);
        assert!(e["target"].as_u64().unwrap() < nodes.len() as u64);
        assert!(e["weight"].as_f64().unwrap() > 0.0);
    }
    insta::assert_json_snapshot!("graph", stable(g));

    let t = get(&app, "/v1/topics").await.json();
    let topics = t["topics"].as_array().unwrap();
    assert!(topics.len() >= 30);
    assert!(
        topics
            .iter()
            .any(|x| x["topic"] == "tourisme" && x["best"] == "demo:claire_voyage")
    );
    insta::assert_json_snapshot!("topics", stable(t));

    let s = get(&app, "/v1/search?q=CLAIRE").await.json();
    let hits = s["items"].as_array().unwrap();
    assert!(!hits.is_empty());
    // By name, without case; best ranked first.
    assert_eq!(hits[0]["account"], "demo:claire_voyage");
    let positions: Vec<u64> = hits.iter().map(|h| h["position"].as_u64().unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] <= w[1]));
    insta::assert_json_snapshot!("search", stable(s));
    assert!(
        get(&app, "/v1/search?q=zzzzzz").await.json()["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    let st = get(&app, "/v1/status").await.json();
    assert_eq!(st["stale"], false);
    assert_eq!(st["writes_enabled"], true);
    insta::assert_json_snapshot!("status", stable(st));
}

#[tokio::test]
async fn health_metrics_openapi_and_pages() {
    let app = read_app();
    let h = get(&app, "/healthz").await;
    assert_eq!(h.status, StatusCode::OK);
    assert_eq!(h.json()["status"], "ok");
    // One request first so that a route shows in the metrics.
    get(&app, "/v1/leaderboard?limit=1").await;
    let m = get(&app, "/metrics").await;
    assert!(m.content_type.starts_with("text/plain; version=0.0.4"));
    for name in [
        "sillage_http_requests_total{route=\"/v1/leaderboard\",method=\"GET\",status=\"200\"}",
        "sillage_http_request_duration_seconds_bucket{route=\"/v1/leaderboard\",le=\"+Inf\"}",
        "sillage_events_ingested_total",
        "sillage_recompute_duration_seconds_count 1",
        "sillage_score_freshness_seconds_count",
        "sillage_snapshot_age_seconds",
    ] {
        assert!(m.text.contains(name), "missing {name} in\n{}", m.text);
    }
    let dashboard = get(&app, "/").await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert!(dashboard.content_type.starts_with("text/html"));
    let explorer = get(&app, "/api").await;
    assert_eq!(explorer.status, StatusCode::OK);
    assert!(explorer.content_type.starts_with("text/html"));
    assert_eq!(get(&app, "/assets/no-such-file.js").await.code(), "not_found");
}

/// Every documented path answers (not 404/405 for a known account), every route is documented,
/// and the documented properties of the main bodies are present in real answers.
#[tokio::test]
async fn openapi_document_matches_the_router() {
    let app = read_app();
    let doc = get(&app, "/openapi.json").await.json();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    for route in [
        "/v1/accounts/{account}",
        "/v1/accounts/{account}/explain",
        "/v1/accounts/{account}/history",
        "/v1/accounts/{account}/graph",
        "/v1/leaderboard",
        "/v1/topics",
        "/v1/search",
        "/v1/status",
        "/v1/events",
        "/healthz",
        "/metrics",
        "/openapi.json",
    ] {
        assert!(paths.contains_key(route), "{route} is not documented");
    }
    let schemas = &doc["components"]["schemas"];
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            let uri = path.replace("{account}", "demo:hugo_tactique");
            let uri = if path == "/v1/search" {
                format!("{uri}?q=h")
            } else {
                uri
            };
            let answer = match method.as_str() {
                "get" => get(&app, &uri).await,
                "post" => push(&app, None, "").await,
                m => panic!("undocumented method {m}"),
            };
            assert!(
                ![StatusCode::NOT_FOUND, StatusCode::METHOD_NOT_ALLOWED].contains(&answer.status),
                "{method} {path}: {}",
                answer.status
            );
            // The 200 schema's required properties are in the real answer.
            if method == "get"
                && let Some(r) = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].as_str()
            {
                let name = r.rsplit('/').next().unwrap();
                let body = answer.json();
                for p in schemas[name]["required"].as_array().unwrap() {
                    assert!(
                        body.get(p.as_str().unwrap()).is_some(),
                        "{path}: {name}.{p} missing in {body}"
                    );
                }
            }
        }
    }
    // Every error code is in the Error schema.
    let codes = schemas["Error"]["properties"]["code"]["enum"].as_array().unwrap();
    assert_eq!(codes.len(), Code::ALL.len());
}

#[tokio::test]
async fn bad_requests_are_400_with_a_reason() {
    let app = read_app();
    for (uri, code) in [
        ("/v1/leaderboard?limit=abc", "invalid_parameter"),
        ("/v1/leaderboard?limit=100000", "invalid_parameter"),
        ("/v1/leaderboard?cursor=xyz", "invalid_parameter"),
        ("/v1/leaderboard?colour=blue", "invalid_parameter"),
        ("/v1/leaderboard?limit=1&limit=2", "invalid_parameter"),
        ("/v1/leaderboard?topic=knitting", "unknown_topic"),
        ("/v1/search", "invalid_parameter"),
        (
            "/v1/accounts/demo:claire_voyage/explain?ledger=maybe",
            "invalid_parameter",
        ),
        ("/v1/accounts/demo:claire_voyage/graph?limit=-1", "invalid_parameter"),
        ("/v1/accounts/demo:nobody_at_all", "unknown_account"),
        ("/v1/accounts/demo:nobody_at_all/explain", "unknown_account"),
        ("/v1/accounts/demo:nobody_at_all/history", "unknown_account"),
        ("/v1/accounts/demo:nobody_at_all/graph", "unknown_account"),
        ("/v1/accounts/%FF%FE", "invalid_parameter"),
        ("/v1/nothing-here", "not_found"),
    ] {
        let a = get(&app, uri).await;
        assert_eq!(a.code(), code, "{uri}: {}", a.text);
        assert!(!a.json()["message"].as_str().unwrap().is_empty());
    }
    let a = get(&app, "/v1/leaderboard?colour=blue").await;
    insta::assert_json_snapshot!("error_unknown_parameter", a.json());
    let delete = call(&app, Request::delete("/v1/leaderboard").body(Body::empty()).unwrap()).await;
    assert_eq!(delete.code(), "method_not_allowed");
}

#[tokio::test]
async fn writes_need_the_token() {
    let app = read_app();
    let line = r#"{"net":"demo","id":"t-1","kind":"follow","actor":"x","target":"y","at":1}"#;
    assert_eq!(push(&app, None, line).await.code(), "unauthorized");
    assert_eq!(
        push(&app, Some("wrong-token-0123456789"), line).await.code(),
        "unauthorized"
    );
    let wrong_type = call(
        &app,
        Request::post("/v1/events")
            .header(header::AUTHORIZATION, format!("Bearer {}", common::TOKEN))
            .header(header::CONTENT_TYPE, "application/xml")
            .body(Body::from(line))
            .unwrap(),
    )
    .await;
    assert_eq!(wrong_type.code(), "unsupported_media_type");
}

#[tokio::test]
async fn a_server_without_a_token_accepts_no_writes_and_can_protect_reads() {
    let (_, state) = shared();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.db");
    let mut options = common::options(&db);
    options.token = None;
    let app = app(AppState::open(options, false).unwrap());
    let line = r#"{"net":"demo","id":"t-1","kind":"follow","actor":"x","target":"y","at":1}"#;
    assert_eq!(push(&app, Some(common::TOKEN), line).await.code(), "writes_disabled");
    // An empty store: reads say there are no scores yet.
    assert_eq!(get(&app, "/v1/leaderboard").await.code(), "not_ready");
    let _ = state;

    let db = dir.path().join("protected.db");
    let mut options = common::options(&db);
    options.protect_reads = true;
    let app = sillage_server::app(AppState::open(options, false).unwrap());
    assert_eq!(get(&app, "/v1/topics").await.code(), "unauthorized");
    let with_token = call(
        &app,
        Request::get("/v1/status")
            .header(header::AUTHORIZATION, format!("Bearer {}", common::TOKEN))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(with_token.status, StatusCode::OK);
}

#[tokio::test]
async fn pushed_events_are_stored_once_and_show_after_a_refresh() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path());
    let state = common::state(&db);
    let app = app(state.clone());
    let before = get(&app, "/v1/accounts/demo:claire_voyage").await.json();
    assert_eq!(
        get(&app, "/v1/accounts/demo:newcomer_1").await.code(),
        "unknown_account"
    );
    let as_of = before["as_of"].as_i64().unwrap();
    let mut body = String::new();
    for i in 0..40 {
        body.push_str(&format!(
            "{{\"net\":\"demo\",\"id\":\"push-{i}\",\"kind\":\"repost\",\"actor\":\"newcomer_{i}\",\"target\":\"claire_voyage\",\"parent\":\"cv-1\",\"at\":{}}}\n",
            as_of + 60
        ));
    }
    body.push_str("this is not JSON\n");
    body.push_str(r#"{"net":"demo","id":"push-x","kind":"teleport","actor":"a","target":"b","at":1}"#);
    body.push('\n');
    body.push_str(&format!(
        "{{\"net\":\"demo\",\"id\":\"push-long\",\"kind\":\"post\",\"actor\":\"a\",\"at\":1,\"text\":\"{}\"}}\n",
        "x".repeat(2 * 1024 * 1024)
    ));
    let a = push(&app, Some(common::TOKEN), &body).await;
    assert_eq!(a.status, StatusCode::OK, "{}", &a.text[..a.text.len().min(500)]);
    let r = a.json();
    assert_eq!(r["stored"], 40);
    let rejected = r["rejected"].as_array().unwrap();
    let lines: Vec<u64> = rejected.iter().map(|x| x["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [41, 42, 43], "{rejected:?}");
    assert!(rejected[1]["reason"].as_str().unwrap().contains("kind"));
    assert!(rejected[2]["reason"].as_str().unwrap().contains("limit"));
    // The same events again: duplicates, nothing new.
    let again = push(&app, Some(common::TOKEN), &body).await.json();
    assert_eq!(again["stored"], 0);
    assert_eq!(again["duplicates"], 40);
    // The served snapshot does not change until a refresh (the background thread's job).
    assert_eq!(get(&app, "/v1/status").await.json()["stale"], true);
    assert!(state.refresh().unwrap());
    let after = get(&app, "/v1/accounts/demo:claire_voyage").await.json();
    assert_eq!(after["as_of"].as_i64().unwrap(), as_of + 60);
    let newcomer = get(&app, "/v1/accounts/demo:newcomer_1").await;
    assert_eq!(newcomer.status, StatusCode::OK);
    assert_eq!(get(&app, "/v1/status").await.json()["stale"], false);
    let m = get(&app, "/metrics").await.text;
    assert!(m.contains("sillage_events_ingested_total 40"), "{m}");
    assert!(m.contains("sillage_lines_rejected_total 6"), "{m}");
    // Nothing new: no recomputation.
    assert!(!state.refresh().unwrap());
    // Recording the served snapshot adds a point to histories, at the pushed instant.
    let before = get(&app, "/v1/accounts/demo:claire_voyage/history").await.json();
    let run = state.record_now().unwrap().expect("a run");
    let h = get(&app, "/v1/accounts/demo:claire_voyage/history").await.json();
    let points = h["points"].as_array().unwrap();
    assert_eq!(points.len(), before["points"].as_array().unwrap().len() + 1);
    let last = points.last().unwrap();
    assert_eq!(last["run"], run);
    assert_eq!(last["as_of"].as_i64().unwrap(), as_of + 60);
    assert!((last["score"].as_f64().unwrap() - after["score"].as_f64().unwrap()).abs() < 1e-9);
}

#[tokio::test]
async fn an_opted_out_account_is_404_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path());
    let state = common::state(&db);
    let app = app(state.clone());
    let key = "demo:claire_voyage";
    assert_eq!(get(&app, &format!("/v1/accounts/{key}")).await.status, StatusCode::OK);
    let r = push(
        &app,
        Some(common::TOKEN),
        r#"{"net":"demo","handle":"claire_voyage","opt_out":true}"#,
    )
    .await;
    assert_eq!(r.json()["accounts"], 1, "{}", r.text);
    state.refresh().unwrap();
    for suffix in ["", "/explain", "/history", "/graph"] {
        assert_eq!(
            get(&app, &format!("/v1/accounts/{key}{suffix}")).await.code(),
            "unknown_account",
            "{suffix}"
        );
    }
    let board = get(&app, "/v1/leaderboard?limit=1000").await.text;
    assert!(!board.contains("claire_voyage"));
    assert!(
        !get(&app, "/v1/leaderboard?topic=tourisme")
            .await
            .text
            .contains("claire_voyage")
    );
    assert!(!get(&app, "/v1/search?q=claire").await.text.contains("claire_voyage"));
    assert!(!get(&app, "/v1/topics").await.text.contains("claire_voyage"));
    // Nor in anyone's explanation or neighbourhood.
    for other in ["demo:hugo_tactique", "demo:tom_community"] {
        assert!(
            !get(&app, &format!("/v1/accounts/{other}/explain?limit=0&events=0"))
                .await
                .text
                .contains("claire_voyage")
        );
        assert!(
            !get(&app, &format!("/v1/accounts/{other}/graph?limit=200"))
                .await
                .text
                .contains("claire_voyage")
        );
    }
}

#[tokio::test]
async fn an_ambiguous_handle_names_its_candidates() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path());
    let state = common::state(&db);
    let app = app(state.clone());
    let r = push(
        &app,
        Some(common::TOKEN),
        r#"{"net":"mastodon","id":"m-1","kind":"follow","actor":"someone","target":"claire_voyage","at":1788000000}"#,
    )
    .await;
    assert_eq!(r.json()["stored"], 1);
    state.refresh().unwrap();
    let a = get(&app, "/v1/accounts/claire_voyage").await;
    assert_eq!(a.code(), "ambiguous_account");
    assert!(a.json()["message"].as_str().unwrap().contains("mastodon:claire_voyage"));
}

#[tokio::test]
async fn an_oversized_body_is_413() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("small.db");
    let mut options = common::options(&db);
    options.max_body_bytes = 1024;
    let app = app(AppState::open(options, false).unwrap());
    let a = push(&app, Some(common::TOKEN), &"x".repeat(4096)).await;
    assert_eq!(a.code(), "payload_too_large", "{}", a.text);
}

#[test]
fn the_error_table_in_the_docs_is_the_code_table() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/API.md")).unwrap();
    let rows: Vec<(String, u16)> = doc
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let code = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            Some((code.to_owned(), cells.get(2)?.parse().ok()?))
        })
        .collect();
    let codes: Vec<(String, u16)> = Code::ALL
        .iter()
        .map(|c| (c.as_str().to_owned(), c.status().as_u16()))
        .collect();
    assert_eq!(rows, codes);
}

/// Malformed input of any shape is answered with 200 (lines rejected one by one) or a 4xx with
/// a reason, never a 5xx, and the server keeps answering.
#[test]
fn arbitrary_input_is_never_a_server_error() {
    use proptest::prelude::*;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fuzz.db");
    let state = AppState::open(common::options(&db), false).unwrap();
    let app = app(state.clone());
    let config = ProptestConfig {
        cases: 200,
        ..ProptestConfig::default()
    };
    let lines = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..300),
        "[ -~]{0,120}".prop_map(String::into_bytes),
        Just(br#"{"net":"f","id":"1","kind":"like","actor":"a","target":"b","at":1}"#.to_vec()),
        Just(br#"{"net":"f","handle":"a","opt_out":"yes"}"#.to_vec()),
    ];
    proptest!(config, |(body in proptest::collection::vec(lines, 0..8), query in "[ -~]{0,40}", path in "[ -~]{0,30}")| {
        let body: Vec<u8> = body.join(&b'\n');
        runtime.block_on(async {
            let a = call(&app, Request::post("/v1/events")
                .header(header::AUTHORIZATION, format!("Bearer {}", common::TOKEN))
                .body(Body::from(body)).unwrap()).await;
            assert!(a.status == StatusCode::OK || a.status.is_client_error(), "{}: {}", a.status, a.text);
            state.refresh().unwrap();
            let encoded: String = query.bytes().map(|b| if b.is_ascii_alphanumeric() || b"=&_".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect();
            let p: String = path.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect();
            for uri in [format!("/v1/leaderboard?{encoded}"), format!("/v1/accounts/{p}?{encoded}"), format!("/v1/search?q={p}&{encoded}"), format!("/v1/accounts/{p}/explain?{encoded}")] {
                let a = get(&app, &uri).await;
                assert!(a.status.is_success() || a.status.is_client_error() || a.code() == "not_ready", "{uri}: {} {}", a.status, a.text);
                if !a.status.is_success() {
                    a.code();
                }
            }
        });
    });
    // The valid lines were stored and served.
    runtime.block_on(async {
        let board = get(&app, "/v1/leaderboard").await.json();
        assert!(board["total"].as_u64().unwrap() >= 2, "{board}");
    });
}
