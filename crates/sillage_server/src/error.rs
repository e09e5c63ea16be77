//! The API's one error shape, `{code, type, message}`, and the table mapping each stable code to
//! its HTTP status. `docs/API.md` prints the same table; a test keeps them equal.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sillage_pipeline::PipelineError;

/// Every error code the API answers with. Codes are stable: clients may match on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    InvalidParameter,
    InvalidBody,
    AmbiguousAccount,
    Unauthorized,
    WritesDisabled,
    UnknownAccount,
    UnknownTopic,
    UnknownRun,
    NotFound,
    MethodNotAllowed,
    Timeout,
    PayloadTooLarge,
    UnsupportedMediaType,
    NotReady,
    Internal,
}

impl Code {
    /// The table, in the order `docs/API.md` lists it.
    pub const ALL: [Code; 15] = [
        Code::InvalidParameter,
        Code::InvalidBody,
        Code::AmbiguousAccount,
        Code::Unauthorized,
        Code::WritesDisabled,
        Code::UnknownAccount,
        Code::UnknownTopic,
        Code::UnknownRun,
        Code::NotFound,
        Code::MethodNotAllowed,
        Code::Timeout,
        Code::PayloadTooLarge,
        Code::UnsupportedMediaType,
        Code::NotReady,
        Code::Internal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidParameter => "invalid_parameter",
            Code::InvalidBody => "invalid_body",
            Code::AmbiguousAccount => "ambiguous_account",
            Code::Unauthorized => "unauthorized",
            Code::WritesDisabled => "writes_disabled",
            Code::UnknownAccount => "unknown_account",
            Code::UnknownTopic => "unknown_topic",
            Code::UnknownRun => "unknown_run",
            Code::NotFound => "not_found",
            Code::MethodNotAllowed => "method_not_allowed",
            Code::Timeout => "timeout",
            Code::PayloadTooLarge => "payload_too_large",
            Code::UnsupportedMediaType => "unsupported_media_type",
            Code::NotReady => "not_ready",
            Code::Internal => "internal",
        }
    }

    pub fn status(self) -> StatusCode {
        match self {
            Code::InvalidParameter | Code::InvalidBody | Code::AmbiguousAccount => StatusCode::BAD_REQUEST,
            Code::Unauthorized => StatusCode::UNAUTHORIZED,
            Code::WritesDisabled => StatusCode::FORBIDDEN,
            Code::UnknownAccount | Code::UnknownTopic | Code::UnknownRun | Code::NotFound => StatusCode::NOT_FOUND,
            Code::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Code::Timeout => StatusCode::REQUEST_TIMEOUT,
            Code::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Code::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Code::NotReady => StatusCode::SERVICE_UNAVAILABLE,
            Code::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The family: what a client does about it.
    pub fn kind(self) -> &'static str {
        match self {
            Code::InvalidParameter
            | Code::InvalidBody
            | Code::AmbiguousAccount
            | Code::MethodNotAllowed
            | Code::PayloadTooLarge
            | Code::UnsupportedMediaType => "invalid_request",
            Code::Unauthorized | Code::WritesDisabled => "authentication",
            Code::UnknownAccount | Code::UnknownTopic | Code::UnknownRun | Code::NotFound => "not_found",
            Code::Timeout | Code::NotReady => "unavailable",
            Code::Internal => "internal",
        }
    }
}

/// An error answer.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub code: Code,
    pub message: String,
}

impl ApiError {
    pub fn new(code: Code, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
        }
    }

    pub fn parameter(name: &str, reason: impl std::fmt::Display) -> ApiError {
        ApiError::new(Code::InvalidParameter, format!("parameter {name:?}: {reason}"))
    }
}

/// The JSON body of every error.
#[derive(Debug, serde::Serialize)]
struct ErrorBody<'a> {
    code: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    message: &'a str,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.code == Code::Internal {
            tracing::error!(message = %self.message, "internal error");
        }
        let body = ErrorBody {
            code: self.code.as_str(),
            kind: self.code.kind(),
            message: &self.message,
        };
        (self.code.status(), Json(body)).into_response()
    }
}

impl From<PipelineError> for ApiError {
    fn from(e: PipelineError) -> ApiError {
        let code = match &e {
            PipelineError::UnknownAccount(_) | PipelineError::NotScored { .. } => Code::UnknownAccount,
            PipelineError::AmbiguousAccount { .. } => Code::AmbiguousAccount,
            PipelineError::NoScoreRun | PipelineError::NoEvents | PipelineError::NoEventsAsOf(_) => Code::NotReady,
            PipelineError::Refused(_) | PipelineError::Format(_) | PipelineError::Strict { .. } => {
                Code::InvalidParameter
            }
            PipelineError::Store(_) | PipelineError::Config(_) | PipelineError::ParserThread(_) => Code::Internal,
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<sillage_store::StoreError> for ApiError {
    fn from(e: sillage_store::StoreError) -> ApiError {
        ApiError::new(Code::Internal, e.to_string())
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(e: tokio::task::JoinError) -> ApiError {
        ApiError::new(Code::Internal, format!("a worker stopped: {e}"))
    }
}
