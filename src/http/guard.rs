//! Cross-cutting guards on every answer: writes that run to completion even when the client
//! hangs up, security and cache headers, and RFC 9457 problems for the error answers that
//! come from the framework's own layers (body limits, timeouts, unknown methods, path
//! rejections) rather than from `ApiError`.

use axum::body::Body;
use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tracing::Instrument;

use crate::error::ApiError;

/// Runs a request that may write in a task of its own, so that a client disconnecting
/// mid-request drops only the wait for the answer, never the work: whatever the request
/// started (reserving status entries, signing, committing) ends as it would have. Requests
/// that write nothing (reads, and the verifiers' POSTs) run as they are: a spawned task per
/// verification is pure cost on the hottest public route.
pub async fn complete_writes(req: Request, next: Next) -> Response {
    let reads = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || req
            .extensions()
            .get::<MatchedPath>()
            .is_some_and(|route| READ_ONLY_POSTS.contains(&route.as_str()));
    if reads {
        return next.run(req).await;
    }
    let task = tokio::spawn(next.run(req).in_current_span());
    match task.await {
        Ok(response) => response,
        Err(e) => ApiError::Internal(anyhow::anyhow!("request task failed: {e}")).into_response(),
    }
}

/// POST routes that only read: verification of what the body carries.
const READ_ONLY_POSTS: [&str; 2] = ["/credentials/verify", "/credentials/verify-bundle"];

/// Headers every answer carries unless the handler chose its own: no sniffing, no framing,
/// no referrer, and `no-store` (most answers hold personal data; public documents that may be
/// cached, like status lists and the stylesheet, say so themselves).
pub async fn harden(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    let mut response = if response.status().is_client_error() || response.status().is_server_error()
    {
        as_problem(response).await
    } else {
        response
    };
    let html = content_type(&response).starts_with("text/html");
    let h = response.headers_mut();
    let defaults: [(header::HeaderName, &'static str); 4] = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::CACHE_CONTROL, "no-store"),
        (header::REFERRER_POLICY, "no-referrer"),
    ];
    for (name, value) in defaults {
        if !h.contains_key(&name) {
            h.insert(name, HeaderValue::from_static(value));
        }
    }
    if !html && !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        );
    }
    response
}

fn content_type(r: &Response) -> &str {
    r.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// An error answer whose body is neither a problem, JSON (OAuth errors are JSON by their
/// RFC) nor a page becomes a problem carrying the original text as its detail.
async fn as_problem(response: Response) -> Response {
    let ct = content_type(&response);
    if ct.starts_with("application/problem+json")
        || ct.starts_with("application/json")
        || ct.starts_with("text/html")
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // These bodies are the framework's short messages; anything longer is cut.
    let text = axum::body::to_bytes(body, 4096)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
        .unwrap_or_default();
    let status = parts.status;
    let code = match status {
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::REQUEST_TIMEOUT => "request_timeout",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::TOO_MANY_REQUESTS => "too_many_requests",
        s if s.is_server_error() => "internal",
        _ => "bad_request",
    };
    let detail = if text.is_empty() {
        status.canonical_reason().unwrap_or("error").to_owned()
    } else {
        text
    };
    let body = crate::error::problem_body(status, code, &detail);
    // Keep the other headers (Allow, WWW-Authenticate); the body is new.
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(crate::error::PROBLEM_JSON),
    );
    Response::from_parts(parts, Body::from(body.to_string()))
}
