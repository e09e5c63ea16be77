//! The `/v1` handlers. Each reads the served snapshot (never waiting for a computation), or the
//! store through a pooled connection on a blocking thread.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use sillage_model::Instant;
use sillage_pipeline::{
    AccountExplanation, AccountView, ExplainOptions, ExplanationChange, HistoryPoint, Neighbourhood, PushReport,
    RankedAccount, SearchHit, Served, TopOptions, TopicLine,
};

use crate::auth::{Access, authorize};
use crate::error::{ApiError, Code};
use crate::params::Params;
use crate::state::AppState;

type Pairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

fn params(q: Pairs) -> Result<Params, ApiError> {
    let Query(pairs) = q.map_err(|e| ApiError::new(Code::InvalidParameter, e.body_text()))?;
    Ok(Params::new(pairs))
}

fn account_path(p: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    let Path(account) = p.map_err(|e| ApiError::new(Code::InvalidParameter, e.body_text()))?;
    Ok(account)
}

fn served(state: &AppState) -> Result<Arc<Served>, ApiError> {
    state.served().ok_or_else(|| {
        ApiError::new(
            Code::NotReady,
            "no scores yet: the store holds no events; push some to POST /v1/events or ingest files",
        )
    })
}

/// Runs store work on a blocking thread with a pooled read connection.
async fn with_reader<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&sillage_store::Store) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let state = state.clone();
    tokio::task::spawn_blocking(move || {
        let store = state.reader()?;
        let out = f(&store);
        state.give_back(store);
        out
    })
    .await?
}

/// `GET /v1/accounts/{account}`.
pub async fn account(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    query: Pairs,
) -> Result<Json<AccountView>, ApiError> {
    authorize(&state, &headers, Access::Read)?;
    let name = account_path(path)?;
    params(query)?.finish()?;
    let served = served(&state)?;
    let c = served.find(&name)?;
    Ok(Json(served.account(c)))
}

/// `GET /v1/accounts/{account}/explain`: the account's components, its contributors (paged) with
/// their events, optionally the ledger; with `since=RUN`, what changed since a recorded run.
pub async fn explain(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    query: Pairs,
) -> Result<Json<serde_json::Value>, ApiError> {
    authorize(&state, &headers, Access::Read)?;
    let name = account_path(path)?;
    let mut p = params(query)?;
    if let Some(since) = p.text("since")? {
        p.finish()?;
        let since: i64 = since
            .parse()
            .map_err(|_| ApiError::parameter("since", format!("{since:?} is not a score run number")))?;
        let change: ExplanationChange = with_reader(&state, move |store| {
            if store.score_run(since)?.is_none() {
                return Err(ApiError::new(Code::UnknownRun, format!("no score run #{since}")));
            }
            Ok(sillage_pipeline::explain_changes(store, &name, since)?)
        })
        .await?;
        return Ok(Json(serde_json::to_value(change).map_err(internal)?));
    }
    let offset = cursor(p.text("cursor")?)?;
    let options = ExplainOptions {
        limit: p.number("limit", 20, 500)?,
        offset,
        max_events: p.number("events", 5, 1000)?,
        ledger: p.flag("ledger", false)?,
        ledger_lines: p.number("ledger_lines", 50, 100_000)?,
    };
    p.finish()?;
    let served = served(&state)?;
    let c = served.find(&name)?;
    let explanation: AccountExplanation =
        with_reader(&state, move |store| Ok(served.explain(store, c, options)?)).await?;
    let listed = offset + explanation.authority.contributors.len();
    let next = (options.limit > 0 && listed < explanation.authority.contributors_total).then(|| listed.to_string());
    let mut value = serde_json::to_value(explanation).map_err(internal)?;
    value["next_cursor"] = serde_json::json!(next);
    Ok(Json(value))
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(Code::Internal, e.to_string())
}

/// A cursor is the position to start from, as the previous page's `next_cursor` gave it.
fn cursor(c: Option<String>) -> Result<usize, ApiError> {
    match c {
        None => Ok(0),
        Some(c) => c
            .parse()
            .map_err(|_| ApiError::parameter("cursor", "not a cursor this API returned")),
    }
}

/// The series of an account's scores.
#[derive(Debug, serde::Serialize)]
pub struct HistoryBody {
    pub account: String,
    pub name: Option<String>,
    /// One point per recorded score run that showed the account, oldest first.
    pub points: Vec<HistoryPoint>,
    /// The served (live) figures, newer than any recorded run when events arrived since.
    pub live: LivePoint,
}

/// The served snapshot's figures for an account.
#[derive(Debug, serde::Serialize)]
pub struct LivePoint {
    pub as_of: Instant,
    pub score: f64,
    pub percentile: f64,
    pub components: sillage_pipeline::Components,
}

/// `GET /v1/accounts/{account}/history`.
pub async fn history(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    query: Pairs,
) -> Result<Json<HistoryBody>, ApiError> {
    authorize(&state, &headers, Access::Read)?;
    let name = account_path(path)?;
    params(query)?.finish()?;
    let served = served(&state)?;
    let c = served.find(&name)?;
    let view = served.account(c);
    let key = view.account.clone();
    let recorded = with_reader(&state, move |store| {
        match sillage_pipeline::account_history(store, &key) {
            Ok(h) => Ok(h.points),
            // Pushed but never part of a recorded run: only the live point.
            Err(sillage_pipeline::PipelineError::UnknownAccount(_)) => Ok(Vec::new()),
            Err(e) => Err(e.into()),
        }
    })
    .await?;
    let value = |name: &str| {
        view.components
            .iter()
            .find(|c| c.component == name)
            .map_or(0.0, |c| c.value)
    };
    let live = LivePoint {
        as_of: view.as_of,
        score: view.score,
        percentile: view.percentile,
        components: sillage_pipeline::Components {
            authority: value("authority"),
            reach: value("reach"),
            amplification: value("amplification"),
            activity: value("activity"),
            outreach: value("outreach"),
        },
    };
    Ok(Json(HistoryBody {
        account: view.account,
        name: view.name,
        points: recorded,
        live,
    }))
}

/// `GET /v1/accounts/{account}/graph`.
pub async fn graph(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    query: Pairs,
) -> Result<Json<Neighbourhood>, ApiError> {
    authorize(&state, &headers, Access::Read)?;
    let name = account_path(path)?;
    let mut p = params(query)?;
    let limit = p.number("limit", 15, 200)?;
    p.finish()?;
    let served = served(&state)?;
    let c = served.find(&name)?;
    Ok(Json(served.neighbourhood(c, limit)))
}

/// A page of the leaderboard.
#[derive(Debug, serde::Serialize)]
pub struct LeaderboardBody {
    pub as_of: Instant,
    /// Shown accounts (the percentiles' population).
    pub shown: u64,
    pub topic: Option<String>,
    pub lang: Option<String>,
    pub exclude_org: Vec<String>,
    /// Accounts the filters keep.
    pub total: usize,
    pub items: Vec<RankedAccount>,
    /// Pass as `cursor` for the next page; absent on the last.
    pub next_cursor: Option<String>,
}

/// `GET /v1/leaderboard`.
pub async fn leaderboard(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Pairs,
) -> Result<Json<LeaderboardBody>, ApiError> {
    authorize(&state, &headers, Access::Read)?;
    let mut p = params(query)?;
    let topic = p.text("topic")?;
    let lang = p.text("lang")?;
    let exclude_org = p.all("exclude_org");
    let limit = p.number("limit", 50, 1000)?.max(1);
    let offset = cursor(p.text("cursor")?)?;
    p.finish()?;
    let served = served(&state)?;
    if let Some(t) = &topic
        && served.taxonomy().index_of(t).is_none()
    {
        return Err(ApiError::new(
            Code::UnknownTopic,
            format!("unknown topic {t:?}; GET /v1/topics lists them"),
        ));
    }
    let options = TopOptions {
        limit,
        topic: topic.clone(),
        lang: lang.clone(),
        exclude_orgs: exclude_org.clone(),
    };
    let (items, total) = served.leaderboard(&options, offset)?;
    let end = offset + items.len();
    Ok(Json(LeaderboardBody {
        as_of: served.as_of,
        shown: served.shown(),
        topic,
        lang,
        exclude_org,
        total,
        items,
        next_cursor: (end < total).then(|| end.to_string()),
    }))
}

/// The topics.
#[derive(Debug, serde::Serialize)]
pub struct TopicsBody {
    pub as_of: Instant,
    pub topics: Vec<TopicLine>,
}

/// `GET /v1/topics`.
pub async fn topics(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Pairs,
) -> Result<Json<TopicsBody>, ApiError> {
    authorize(&state, &headers, Access::Read)?;
    params(query)?.finish()?;
    let served = served(&state)?;
    Ok(Json(TopicsBody {
        as_of: served.as_of,
        topics: served.topics(),
    }))
}

/// Search results.
#[derive(Debug, serde::Serialize)]
pub struct SearchBody {
    pub query: String,
    pub items: Vec<SearchHit>,
}

/// `GET /v1/search?q=`: handle, username or name prefix, best ranked first.
pub async fn search(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Pairs,
) -> Result<Json<SearchBody>, ApiError> {
    authorize(&state, &headers, Access::Read)?;
    let mut p = params(query)?;
    let q = p
        .text("q")?
        .ok_or_else(|| ApiError::parameter("q", "required: the beginning of a handle, username or name"))?;
    let limit = p.number("limit", 10, 100)?;
    p.finish()?;
    if q.len() > 200 {
        return Err(ApiError::parameter("q", "longer than 200 bytes"));
    }
    let served = served(&state)?;
    Ok(Json(SearchBody {
        items: served.search(&q, limit),
        query: q,
    }))
}

/// `POST /v1/events`: stores the NDJSON body's records and answers once they are committed.
pub async fn push(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Pairs,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<PushReport>, ApiError> {
    authorize(&state, &headers, Access::Write)?;
    params(query)?.finish()?;
    if let Some(ct) = headers.get(header::CONTENT_TYPE) {
        let ct = ct
            .to_str()
            .unwrap_or("")
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let accepted = [
            "application/x-ndjson",
            "application/jsonl",
            "application/json",
            "application/jsonlines",
            "text/plain",
        ];
        if !accepted.contains(&ct.as_str()) {
            return Err(ApiError::new(
                Code::UnsupportedMediaType,
                format!("content type {ct:?}: send canonical events as application/x-ndjson"),
            ));
        }
    }
    let body = body.map_err(|e| match e {
        BytesRejection::FailedToBufferBody(_) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::new(
                Code::PayloadTooLarge,
                format!(
                    "the body is larger than {} bytes; split it into several requests",
                    state.options().max_body_bytes
                ),
            )
        }
        e => ApiError::new(Code::InvalidBody, e.body_text()),
    })?;
    let max_line = state.options().max_line_bytes;
    let writer = state.clone();
    let report = tokio::task::spawn_blocking(move || {
        let mut store = writer
            .0
            .writer
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        sillage_pipeline::push_events(&mut store, "POST /v1/events", &body, max_line)
    })
    .await??;
    let m = state.metrics();
    crate::metrics::Metrics::add(&m.pushes, 1);
    crate::metrics::Metrics::add(&m.events_stored, report.stored);
    crate::metrics::Metrics::add(&m.events_duplicate, report.duplicates);
    crate::metrics::Metrics::add(&m.lines_rejected, report.rejected.len() as u64);
    if report.stored > 0 || report.accounts > 0 {
        state.pushed(report.accounts > 0);
    }
    Ok(Json(report))
}

/// What the server is doing.
#[derive(Debug, serde::Serialize)]
pub struct StatusBody {
    pub version: &'static str,
    pub uptime_seconds: f64,
    /// The newest event's instant in the served snapshot.
    pub as_of: Option<Instant>,
    pub snapshot_events: u64,
    pub snapshot_accounts: u64,
    pub snapshot_age_seconds: f64,
    /// Events held (the next snapshot's).
    pub events_held: u64,
    /// Events arrived that the served snapshot does not reflect yet.
    pub stale: bool,
    pub last_compute_seconds: Option<f64>,
    pub pushes: u64,
    pub events_ingested: u64,
    pub lines_rejected: u64,
    /// Where the scoring configuration comes from.
    pub settings: String,
    /// Whether POST /v1/events is enabled (a token is configured).
    pub writes_enabled: bool,
}

/// `GET /v1/status`.
pub async fn status(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Pairs,
) -> Result<Json<StatusBody>, ApiError> {
    authorize(&state, &headers, Access::Read)?;
    params(query)?.finish()?;
    let g = state.gauges();
    let served = state.served();
    let m = state.metrics();
    let load = |c: &std::sync::atomic::AtomicU64| c.load(std::sync::atomic::Ordering::Relaxed);
    Ok(Json(StatusBody {
        version: env!("CARGO_PKG_VERSION"),
        uptime_seconds: g.uptime_seconds,
        as_of: served.as_ref().map(|s| s.as_of),
        snapshot_events: g.snapshot_events,
        snapshot_accounts: g.snapshot_accounts,
        snapshot_age_seconds: g.snapshot_age_seconds,
        events_held: g.events_held,
        stale: g.stale,
        last_compute_seconds: served.as_ref().map(|s| s.compute_seconds),
        pushes: load(&m.pushes),
        events_ingested: load(&m.events_stored),
        lines_rejected: load(&m.lines_rejected),
        settings: state.settings_origin(),
        writes_enabled: state.options().token.is_some(),
    }))
}
