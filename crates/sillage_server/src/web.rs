//! The dashboard and the API explorer: static files compiled into the binary (no CDN, works
//! offline), under `/` and `/assets/`.

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::error::{ApiError, Code};
use crate::state::AppState;

#[derive(rust_embed::Embed)]
#[folder = "web/"]
struct Assets;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { asset("index.html") }))
        .route("/api", get(|| async { asset("api.html") }))
        .route(
            "/assets/{*file}",
            get(|Path(file): Path<String>| async move { asset(&file) }),
        )
}

fn asset(path: &str) -> Response {
    match Assets::get(path) {
        Some(file) => {
            let mime = file.metadata.mimetype();
            let mut response = (StatusCode::OK, file.data.into_owned()).into_response();
            if let Ok(v) = HeaderValue::from_str(mime) {
                response.headers_mut().insert(header::CONTENT_TYPE, v);
            }
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            response
        }
        None => ApiError::new(Code::NotFound, format!("no such file: {path}")).into_response(),
    }
}
