//! Extractors: JSON bodies whose rejections come out in the API's error format, and the
//! bearer-token authentication of provider and operator endpoints.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use serde::de::DeserializeOwned;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::domain::ValidationErrors;
use crate::domain::provider::{Provider, Role};
use crate::error::{ApiError, ApiResult};
use crate::services::issuing::Idempotency;
use crate::services::keys::token_hash;
use crate::state::{AppState, SessionPrincipal};

/// A JSON body parsed as `T`. Syntax errors are 400 `malformed_json`; shape errors are 422
/// with the offending path; oversized bodies are 413.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let RawJson(value) = RawJson::from_request(req, state).await?;
        serde_json::from_value(value)
            .map(ApiJson)
            .map_err(|e| ApiError::Validation(ValidationErrors::single("body", e.to_string())))
    }
}

/// A JSON body as a `Value`, for handlers that validate against a JSON Schema first.
pub struct RawJson(pub Value);

impl<S: Send + Sync> FromRequest<S> for RawJson {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| {
                let ct = ct.split(';').next().unwrap_or_default().trim();
                ct == "application/json"
                    || ct.ends_with("+json")
                    || ct == "application/vc"
                    || ct == "application/vp"
            });
        if !is_json {
            return Err(ApiError::UnsupportedMediaType(
                "send a JSON body with Content-Type: application/json".into(),
            ));
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| {
                if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::PayloadTooLarge
                } else {
                    ApiError::BadRequest("unreadable_body", e.body_text())
                }
            })?;
        serde_json::from_slice(&bytes).map(RawJson).map_err(|e| {
            ApiError::BadRequest("malformed_json", format!("the body is not valid JSON: {e}"))
        })
    }
}

pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// A provider's staff member (admin or assessor), authenticated by an API token or a console
/// session. A company tutor is refused here: tutors reach only the routes that take
/// [`Recorder`].
pub struct Auth {
    pub provider: Provider,
    pub role: Role,
    /// The token's label: who acts, for the audit log.
    pub label: String,
    /// A tutor's company (only ever set through [`Recorder`]).
    pub company: Option<uuid::Uuid>,
}

impl Auth {
    /// How the audit log names the caller: role and token label.
    pub fn actor(&self) -> String {
        format!("{}:{}", self.role.as_str(), self.label)
    }

    /// Appends what this caller did to the provider's audit log.
    pub async fn audit(
        &self,
        state: &AppState,
        at: time::OffsetDateTime,
        action: &'static str,
        subject: impl ToString,
        detail: Value,
    ) -> Result<(), ApiError> {
        let event = crate::services::audit::Event::new(&self.actor(), action, subject, detail);
        crate::services::audit::record(&state.store, self.provider.id, at, event).await?;
        Ok(())
    }

    pub fn require_admin(&self) -> Result<(), ApiError> {
        if self.role == Role::Admin {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    }
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Recorder(auth) = Recorder::from_request_parts(parts, state).await?;
        if auth.role == Role::Tutor {
            return Err(ApiError::Forbidden);
        }
        Ok(auth)
    }
}

/// Whoever may record results: staff, and company tutors (limited to the learners placed with
/// their company by the routes that take this).
pub struct Recorder(pub Auth);

impl FromRequestParts<AppState> for Recorder {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(SessionPrincipal::Staff {
            provider,
            role,
            label,
            company,
        }) = parts.extensions.get::<SessionPrincipal>()
        {
            return Ok(Self(Auth {
                provider: provider.clone(),
                role: *role,
                label: label.clone(),
                company: *company,
            }));
        }
        let token = bearer(&parts.headers).ok_or(ApiError::Unauthorized)?;
        let owner = state
            .store
            .authenticate(&token_hash(token))
            .await?
            .ok_or(ApiError::Unauthorized)?;
        Ok(Self(Auth {
            provider: owner.provider,
            role: owner.role,
            label: owner.label,
            company: owner.company_id,
        }))
    }
}

/// The client's address, when the connection has one (not for the pages' in-process calls).
pub struct ClientAddr(pub Option<std::net::IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

/// The server operator (creates providers).
pub struct Operator;

impl FromRequestParts<AppState> for Operator {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer(&parts.headers).ok_or(ApiError::Unauthorized)?;
        let expected = state
            .config
            .operator_token
            .as_deref()
            .ok_or(ApiError::Unauthorized)?;
        // Compare digests so the comparison time does not depend on where the strings differ.
        if token_hash(token) == token_hash(expected) {
            Ok(Self)
        } else {
            Err(ApiError::Unauthorized)
        }
    }
}

/// `Idempotency-Key` (1-255 visible ASCII characters) plus a hash of the exact request, so a
/// key reused for a different request is refused instead of replaying the wrong answer.
pub fn idempotency(headers: &HeaderMap, body: &Value) -> ApiResult<Option<Idempotency>> {
    let Some(raw) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = raw
        .to_str()
        .ok()
        .filter(|k| !k.is_empty() && k.len() <= 255 && k.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or_else(|| {
            ApiError::Validation(ValidationErrors::single(
                "Idempotency-Key",
                "1-255 visible ASCII characters",
            ))
        })?;
    let canonical = crate::support::jcs::canonicalize(body)
        .map_err(|e| ApiError::BadRequest("malformed_json", e.to_string()))?;
    Ok(Some(Idempotency {
        key: key.to_owned(),
        request_hash: Sha256::digest(canonical.as_bytes()).to_vec(),
    }))
}
