//! Validation of prior learning: procedures, portfolio documents and the jury's decisions.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use tower_http::limit::RequestBodyLimitLayer;
use uuid::Uuid;

use super::extract::{ApiJson, Auth, RawJson, idempotency};
use crate::domain::ValidationErrors;
use crate::error::{ApiError, ApiResult};
use crate::services::validation::{self, Document, NewDecision, NewProcedure};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/validations", post(open).get(list))
        .route("/v1/validations/{id}", get(view))
        .route(
            "/v1/validations/{id}/portfolio/{item}",
            get(document).delete(remove_document),
        )
        .route("/v1/validations/{id}/decisions", post(decide))
}

/// Portfolio documents (scans, videos' stills, certificates of employment) take the upload
/// limit, like result files, up to `validation::MAX_DOCUMENT`.
pub fn upload_router(limit: usize) -> Router<AppState> {
    Router::new()
        .route("/v1/validations/{id}/portfolio", post(add_document))
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(
            limit.min(validation::MAX_DOCUMENT),
        ))
}

async fn open(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(input): ApiJson<NewProcedure>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let record = validation::open(&state, &auth.provider, &auth.actor(), input).await?;
    Ok((StatusCode::CREATED, Json(json!(record))))
}

#[derive(Deserialize)]
struct ListQuery {
    #[serde(default)]
    learner_id: Option<Uuid>,
}

async fn list(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Value>> {
    let list = state
        .store
        .procedures(auth.provider.id, q.learner_id)
        .await?;
    Ok(Json(json!({ "validations": list })))
}

async fn view(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Value>> {
    Ok(Json(validation::view(&state, &auth.provider, id).await?))
}

#[derive(Deserialize)]
struct DocumentQuery {
    description: String,
    #[serde(default)]
    file_name: Option<String>,
}

/// The document is the request body, as is, with its own media type; what it shows and its
/// file name come in the query.
async fn add_document(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    Query(q): Query<DocumentQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let media_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_lowercase()
        })
        .filter(|m| m.contains('/') && m.len() <= 100)
        .ok_or_else(|| {
            ApiError::UnsupportedMediaType(
                "send the document with its own Content-Type, e.g. application/pdf".into(),
            )
        })?;
    let item = validation::add_document(
        &state,
        &auth.provider,
        &auth.actor(),
        id,
        Document {
            description: &q.description,
            file_name: q.file_name.as_deref(),
            media_type: &media_type,
            content: &body,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(item)))
}

/// A portfolio document as it was received, for the jury (staff only).
async fn document(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, item)): Path<(Uuid, Uuid)>,
) -> ApiResult<Response> {
    validation::procedure(&state, &auth.provider, id).await?;
    let (media_type, file_name, content) = state
        .store
        .portfolio_content(id, item)
        .await?
        .ok_or(ApiError::NotFound("document"))?;
    let mut response = content.into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&media_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    // Never rendered inline: a portfolio may hold anything the candidate sent.
    let name = file_name.unwrap_or_else(|| "document".into()).replace(
        |c: char| !c.is_ascii_alphanumeric() && c != '.' && c != '-',
        "_",
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(response)
}

async fn remove_document(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, item)): Path<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    validation::remove_document(&state, &auth.provider, &auth.actor(), id, item).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn decide(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    RawJson(raw): RawJson,
) -> ApiResult<Response> {
    let idem = idempotency(&headers, &raw)?;
    let input: NewDecision = serde_json::from_value(raw)
        .map_err(|e| ApiError::Validation(ValidationErrors::single("body", e.to_string())))?;
    let recorded =
        validation::decide(&state, &auth.provider, &auth.actor(), id, input, idem).await?;
    Ok(super::recorded(recorded))
}
