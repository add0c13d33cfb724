//! The JSON API: one router per area, the extractors (JSON bodies, bearer tokens, the pages'
//! principal), and the layers every answer goes through (`guard`). Handlers call services;
//! they never call the pages, which `app::startup` composes beside the API.

pub mod admin;
pub mod europass;
pub mod extract;
pub mod guard;
pub mod learner;
pub mod oid4vci;
pub mod portability;
pub mod public;
pub mod qualifications;
pub mod school;
pub mod staff;
pub mod status;
pub mod validation;
pub mod vcapi;
pub mod workplace;

use std::time::Duration;

use axum::Router;
use axum::extract::MatchedPath;
use axum::http::{Request, StatusCode};
use axum::response::IntoResponse;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::error::ApiError;
use crate::state::AppState;

/// The layers every answer goes through, API and pages alike: writes run to completion,
/// a 30 s timeout, tracing by route template, security headers and problems for framework
/// errors.
pub fn with_layers(router: Router<AppState>) -> Router<AppState> {
    router
        .layer(axum::middleware::from_fn(guard::complete_writes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                // The route template, never the raw URI (which can hold ids) or any header.
                let route = req
                    .extensions()
                    .get::<MatchedPath>()
                    .map(MatchedPath::as_str)
                    .unwrap_or("unmatched");
                tracing::info_span!("request", method = %req.method(), route)
            }),
        )
        .layer(axum::middleware::from_fn(guard::harden))
}

/// A write's answer as recorded (replays flagged `Idempotent-Replayed: true`).
pub(crate) fn recorded(recorded: crate::services::issuing::Recorded) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    let mut response = axum::response::Response::new(axum::body::Body::from(recorded.body));
    *response.status_mut() = recorded.status;
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if recorded.replayed {
        h.insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    response
}

/// The JSON API, without the outer layers.
pub fn api(state: &AppState) -> Router<AppState> {
    let body_limit = state.config.body_limit;
    Router::new()
        .merge(admin::router())
        .merge(school::router())
        .merge(public::router())
        .merge(portability::router())
        .merge(learner::router())
        .merge(oid4vci::router())
        .merge(qualifications::router())
        .merge(status::router())
        .merge(staff::router())
        .merge(europass::router())
        .merge(vcapi::router())
        .merge(workplace::router())
        .merge(validation::router())
        .fallback(|| async { ApiError::NotFound("route").into_response() })
        .layer(RequestBodyLimitLayer::new(body_limit))
        .merge(school::import_router(state.config.import_limit))
        .merge(europass::upload_router(state.config.import_limit))
        .merge(validation::upload_router(state.config.import_limit))
}
