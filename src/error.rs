//! The API's one error type. Every error answers an RFC 9457 problem
//! (`application/problem+json`) with a stable machine-readable `code`, also in its `type`
//! (`/problems/{code}`, relative to the service); internal details are logged, never sent.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::domain::ValidationErrors;
use crate::storage::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("the request is invalid: {0}")]
    Validation(ValidationErrors),
    #[error("{1}")]
    BadRequest(&'static str, String),
    /// A credential that breaks the data model (VC-API issuance): 400 with every violation.
    #[error("the credential does not meet the VC Data Model 2.0: {0}")]
    InvalidCredential(ValidationErrors),
    #[error("authentication required")]
    Unauthorized,
    #[error("this token's role may not do that")]
    Forbidden,
    /// Allowed in general, not for this subject (a tutor and a learner not placed with them).
    #[error("{1}")]
    Refused(&'static str, String),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{1}")]
    Conflict(&'static str, String),
    #[error("request body too large")]
    PayloadTooLarge,
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{1}")]
    TooMany(&'static str, String),
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::BadRequest(..) | Self::InvalidCredential(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden | Self::Refused(..) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Conflict(..) => StatusCode::CONFLICT,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::TooMany(..) => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::Validation(_) => "validation_failed",
            Self::InvalidCredential(_) => "invalid_credential",
            Self::BadRequest(code, _)
            | Self::Conflict(code, _)
            | Self::TooMany(code, _)
            | Self::Refused(code, _) => code,
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::NotFound(what) => match *what {
                "learner" => "learner_not_found",
                "profile" => "profile_not_found",
                "unit" => "unit_not_found",
                "credential" => "credential_not_found",
                "provider" => "provider_not_found",
                "award" => "award_not_found",
                "company" => "company_not_found",
                "procedure" => "procedure_not_found",
                _ => "not_found",
            },
            Self::PayloadTooLarge => "payload_too_large",
            Self::UnsupportedMediaType(_) => "unsupported_media_type",
            Self::Internal(_) => "internal",
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Duplicate(what) => {
                Self::Conflict("already_exists", format!("{what} already exists"))
            }
            StoreError::Conflict(msg) => Self::Conflict("conflict", msg),
            other => Self::Internal(anyhow::Error::new(other)),
        }
    }
}

pub const PROBLEM_JSON: &str = "application/problem+json";

/// The members every problem has (RFC 9457 §3.1) plus `code`, the same identifier as the
/// last segment of `type`, which clients match on.
pub fn problem_body(status: StatusCode, code: &str, detail: &str) -> Value {
    json!({
        "type": format!("/problems/{code}"),
        "title": status.canonical_reason().unwrap_or("Error"),
        "status": status.as_u16(),
        "detail": detail,
        "code": code,
    })
}

/// A problem answer with its media type.
pub fn problem_response(status: StatusCode, body: Value) -> Response {
    let mut r = (status, axum::Json(body)).into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    r
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        if let Self::Internal(e) = &self {
            tracing::error!(error = ?e, "internal error");
        }
        let mut body = problem_body(status, self.code(), &self.to_string());
        if let Self::Validation(issues) | Self::InvalidCredential(issues) = &self {
            body["errors"] = json!(issues);
        }
        let mut response = problem_response(status, body);
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}
