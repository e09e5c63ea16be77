//! Sillage as a service: the versioned HTTP API, pushed events with fresh scores, Prometheus
//! metrics, the OpenAPI description with an offline explorer, and the web dashboard — all served
//! from one binary over the embedded store.
//!
//! **Architecture Invariant:** this is the only crate that knows HTTP. It holds no SQL and no
//! scoring arithmetic: it calls `sillage_pipeline` (which calls the store and the model) and turns
//! answers and errors into JSON.

mod api;
mod auth;
mod error;
mod metrics;
mod openapi;
mod params;
mod state;
mod web;

use std::net::SocketAddr;
use std::time::Instant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tower::limit::ConcurrencyLimitLayer;

pub use error::{ApiError, Code};
pub use state::{AppState, ServerOptions, StartError};

/// The whole application: API, metrics, OpenAPI, explorer and dashboard.
pub fn app(state: AppState) -> Router {
    let options = state.options().clone();
    let v1 = Router::new()
        .route("/v1/accounts/{account}", get(api::account))
        .route("/v1/accounts/{account}/explain", get(api::explain))
        .route("/v1/accounts/{account}/history", get(api::history))
        .route("/v1/accounts/{account}/graph", get(api::graph))
        .route("/v1/leaderboard", get(api::leaderboard))
        .route("/v1/topics", get(api::topics))
        .route("/v1/search", get(api::search))
        .route("/v1/status", get(api::status))
        .route("/v1/events", post(api::push))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics_text))
        .route("/openapi.json", get(openapi::document));
    v1.merge(web::routes())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(options.max_body_bytes))
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .layer(ConcurrencyLimitLayer::new(options.max_concurrency))
        .with_state(state)
}

/// Counts and times every request, bounds its time, and marks API answers uncacheable.
async fn observe(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let clock = Instant::now();
    let timeout = state.options().request_timeout;
    let mut response = match tokio::time::timeout(timeout, next.run(request)).await {
        Ok(r) => r,
        Err(_) => ApiError::new(
            Code::Timeout,
            format!("the request took more than {} s", timeout.as_secs_f64()),
        )
        .into_response(),
    };
    if route.starts_with("/v1/") {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    state.metrics().request(
        &route,
        &method,
        response.status().as_u16(),
        clock.elapsed().as_secs_f64(),
    );
    response
}

async fn not_found(request: Request) -> ApiError {
    ApiError::new(Code::NotFound, format!("no such endpoint: {}", request.uri().path()))
}

async fn method_not_allowed(request: Request) -> ApiError {
    ApiError::new(
        Code::MethodNotAllowed,
        format!("{} is not allowed on {}", request.method(), request.uri().path()),
    )
}

async fn healthz(State(state): State<AppState>) -> axum::Json<serde_json::Value> {
    let g = state.gauges();
    axum::Json(serde_json::json!({
        "status": "ok",
        "ready": g.snapshot_accounts > 0 || g.events_held == 0,
        "snapshot_age_seconds": g.snapshot_age_seconds,
    }))
}

async fn metrics_text(State(state): State<AppState>) -> Response {
    let body = state.metrics().render(state.gauges());
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        body,
    )
        .into_response()
}

/// Serves until Ctrl-C (or SIGTERM): the state is opened (events loaded, first snapshot computed)
/// before the socket is bound, so the first answer already has scores.
pub async fn serve(options: ServerOptions, addr: SocketAddr) -> Result<(), StartError> {
    let state = tokio::task::spawn_blocking(move || AppState::open(options, true))
        .await
        .map_err(|e| StartError::Thread(e.to_string()))??;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| StartError::Bind(addr, e))?;
    let local = listener.local_addr().map_err(|e| StartError::Bind(addr, e))?;
    tracing::info!(%local, "listening");
    eprintln!("sillage: serving http://{local}/ (API under /v1, explorer at /api, metrics at /metrics)");
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown())
        .await
        .map_err(|e| StartError::Bind(local, e))
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
