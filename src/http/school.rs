//! Learners, assessments and the credentials they produce.

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Value, json};
use tower_http::limit::RequestBodyLimitLayer;
use uuid::Uuid;

use super::extract::{ApiJson, Auth, RawJson, Recorder, idempotency};
use crate::domain::ValidationErrors;
use crate::domain::assessment::NewAssessment;
use crate::domain::credential::FORMAT_DI_RDFC;
use crate::domain::learner::{Learner, LearnerDoc};
use crate::domain::provider::Role;
use crate::error::{ApiError, ApiResult};
use crate::services::forms::{self, FORMATS};
use crate::services::import::{self, FileFormat, ImportReport};
use crate::services::issuing;
use crate::state::AppState;
use crate::storage::ImportJob;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/learners", post(create_learner).get(list_learners))
        .route("/v1/learners/{id}", get(get_learner))
        .route("/v1/learners/{id}/assessments", get(list_assessments))
        .route("/v1/assessments", post(record_assessment))
        .route("/v1/credentials", get(list_credentials))
        .route("/v1/credentials/{id}", get(get_credential))
        .route("/v1/imports/{id}", get(import_job))
}

/// The result-file import, kept apart because it takes larger bodies than the rest of the API.
pub fn import_router(limit: usize) -> Router<AppState> {
    Router::new()
        .route("/v1/assessments/import", post(import_results))
        .route("/v1/imports", post(start_import))
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(limit))
}

/// A cohort's result file as `text/csv` or `application/json`; answers with the import report
/// (row errors included) once every row is recorded and every credential issued.
async fn import_results(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Json<ImportReport>> {
    let format = result_file(&headers)?;
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .map_err(|_| ApiError::PayloadTooLarge)?;
    let report = import::import_results(
        &state,
        &auth.provider,
        &auth.actor(),
        format,
        &bytes,
        &|_| {},
    )
    .await?;
    tracing::info!(
        rows = report.rows,
        recorded = report.recorded,
        rejected = report.rejected,
        credentials = report.credentials_issued,
        "result file imported"
    );
    Ok(Json(report))
}

fn result_file(headers: &HeaderMap) -> ApiResult<FileFormat> {
    let media_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    FileFormat::from_media_type(media_type).ok_or_else(|| {
        ApiError::UnsupportedMediaType(
            "send the result file with Content-Type: text/csv or application/json".into(),
        )
    })
}

/// The same import in the background: answers 202 with a job at once; `GET /v1/imports/{id}`
/// reports rows written and credentials issued as it goes, then the report.
async fn start_import(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let format = result_file(&headers)?;
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .map_err(|_| ApiError::PayloadTooLarge)?;
    let now = state.clock.now();
    let job = ImportJob {
        id: Uuid::now_v7(),
        provider_id: auth.provider.id,
        created_by: auth.actor(),
        state: "running".into(),
        total: 0,
        written: 0,
        credentials_issued: 0,
        report: None,
        error: None,
        created_at: now,
        updated_at: now,
    };
    state.store.insert_import_job(&job).await?;
    let location = format!("/v1/imports/{}", job.id);
    let answer = job_json(&job);
    tokio::spawn(run_import(state, auth, format, bytes, job.id));
    let mut r = (StatusCode::ACCEPTED, Json(json!({ "job": answer }))).into_response();
    if let Ok(v) = HeaderValue::from_str(&location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    Ok(r)
}

async fn run_import(
    state: AppState,
    auth: Auth,
    format: FileFormat,
    bytes: axum::body::Bytes,
    id: Uuid,
) {
    // Progress goes through a watch channel: the import calls back synchronously, a writer task
    // stores the latest figures (intermediate ones may be skipped, never the last).
    let (progress, mut seen) = tokio::sync::watch::channel((0usize, 0usize, 0usize));
    let store = state.store.clone();
    let clock = state.clock.clone();
    let writer = tokio::spawn(async move {
        while seen.changed().await.is_ok() {
            let (written, total, issued) = *seen.borrow_and_update();
            let at = clock.now();
            if let Err(e) = store
                .update_import_progress(id, total as i64, written as i64, issued as i64, at)
                .await
            {
                tracing::warn!(error = %e, "import progress not stored");
            }
        }
    });
    let on_progress = |p: import::Progress| {
        let _ = progress.send((p.written, p.total, p.credentials_issued));
    };
    let result = import::import_results(
        &state,
        &auth.provider,
        &auth.actor(),
        format,
        &bytes,
        &on_progress,
    )
    .await;
    drop(progress);
    let _ = writer.await;
    let now = state.clock.now();
    let stored = match &result {
        Ok(report) => {
            let text = serde_json::to_string(report).unwrap_or_default();
            let (rows, issued) = (report.rows as i64, report.credentials_issued as i64);
            let _ = state
                .store
                .update_import_progress(id, rows, rows, issued, now)
                .await;
            state
                .store
                .finish_import_job(id, "done", Some(&text), None, now)
                .await
        }
        Err(e) => {
            if let ApiError::Internal(inner) = e {
                tracing::error!(error = ?inner, "background import failed");
            }
            let error = match e {
                ApiError::Validation(issues) => format!("{}: {issues}", e.code()),
                other => format!("{}: {other}", other.code()),
            };
            state
                .store
                .finish_import_job(id, "failed", None, Some(&error), now)
                .await
        }
    };
    if let Err(e) = stored {
        tracing::error!(error = %e, "import job outcome not stored");
    }
}

fn job_json(job: &ImportJob) -> Value {
    let mut v = json!(job);
    if let Some(report) = job
        .report
        .as_deref()
        .and_then(|r| serde_json::from_str::<Value>(r).ok())
    {
        v["report"] = report;
    }
    v
}

async fn import_job(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Value>> {
    let job = state
        .store
        .import_job(auth.provider.id, id)
        .await?
        .ok_or(ApiError::NotFound("import job"))?;
    Ok(Json(json!({ "job": job_json(&job) })))
}

async fn create_learner(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(doc): ApiJson<LearnerDoc>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    auth.require_admin()?;
    doc.validate().map_err(ApiError::Validation)?;
    let learner = Learner::new(doc);
    state
        .store
        .insert_learner(auth.provider.id, &learner, state.clock.now())
        .await?;
    Ok((StatusCode::CREATED, Json(json!({ "learner": learner }))))
}

#[derive(Deserialize)]
struct Page {
    #[serde(default = "default_limit")]
    limit: i64,
    #[serde(default)]
    offset: i64,
    /// The last item of the previous page (its `next_cursor`).
    #[serde(default)]
    cursor: Option<Uuid>,
    /// Only learners whose name, e-mail or external reference contains this.
    #[serde(default)]
    q: Option<String>,
}

/// Cuts `items` (fetched `limit + 1`, to know whether more follow) to the page, and the
/// cursor of the next page when there is one.
fn page_of<T>(mut items: Vec<T>, limit: i64, id: impl Fn(&T) -> Uuid) -> (Vec<T>, Option<String>) {
    let limit = usize::try_from(limit).unwrap_or(0);
    if items.len() <= limit {
        return (items, None);
    }
    items.truncate(limit);
    let next = items.last().map(|last| id(last).to_string());
    (items, next)
}

fn unknown_cursor() -> ApiError {
    ApiError::Validation(ValidationErrors::single(
        "cursor",
        "not an item of this list: use the next_cursor of a previous page",
    ))
}

fn default_limit() -> i64 {
    100
}

async fn list_learners(
    State(state): State<AppState>,
    auth: Auth,
    Query(page): Query<Page>,
) -> ApiResult<Json<Value>> {
    if !(1..=1000).contains(&page.limit) || page.offset < 0 {
        return Err(ApiError::Validation(ValidationErrors::single(
            "limit",
            "1 to 1000, with offset ≥ 0",
        )));
    }
    if let Some(after) = page.cursor
        && state
            .store
            .learner(auth.provider.id, after)
            .await?
            .is_none()
    {
        return Err(unknown_cursor());
    }
    let learners = state
        .store
        .learners(
            auth.provider.id,
            page.limit + 1,
            page.offset,
            page.cursor,
            page.q.as_deref().map(str::trim).filter(|q| !q.is_empty()),
        )
        .await?;
    let (learners, next) = page_of(learners, page.limit, |l| l.id);
    Ok(Json(json!({ "learners": learners, "next_cursor": next })))
}

async fn get_learner(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Value>> {
    let learner = state
        .store
        .learner(auth.provider.id, id)
        .await?
        .ok_or(ApiError::NotFound("learner"))?;
    Ok(Json(json!({ "learner": learner })))
}

async fn list_assessments(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Value>> {
    state
        .store
        .learner(auth.provider.id, id)
        .await?
        .ok_or(ApiError::NotFound("learner"))?;
    let list = state.store.assessments(auth.provider.id, id).await?;
    Ok(Json(json!({ "assessments": list })))
}

/// Staff record the school's assessments; a company tutor records a work-based result for a
/// learner placed with their company (see `services::workplace`).
async fn record_assessment(
    State(state): State<AppState>,
    Recorder(auth): Recorder,
    headers: HeaderMap,
    RawJson(raw): RawJson,
) -> ApiResult<Response> {
    let idem = idempotency(&headers, &raw)?;
    let input: NewAssessment = serde_json::from_value(raw)
        .map_err(|e| ApiError::Validation(ValidationErrors::single("body", e.to_string())))?;
    let actor = auth.actor();
    let recorded = match (auth.role, auth.company) {
        (Role::Tutor, Some(company)) => {
            crate::services::workplace::record(&state, &auth.provider, &actor, company, input, idem)
                .await?
        }
        (Role::Tutor, None) => return Err(ApiError::Forbidden),
        _ => issuing::record_assessment(&state, &auth.provider, &actor, input, None, idem).await?,
    };
    Ok(super::recorded(recorded))
}

#[derive(Deserialize)]
struct CredentialFilter {
    learner_id: Option<Uuid>,
    #[serde(default = "default_credential_limit")]
    limit: i64,
    #[serde(default)]
    cursor: Option<Uuid>,
}

fn default_credential_limit() -> i64 {
    1000
}

async fn list_credentials(
    State(state): State<AppState>,
    auth: Auth,
    Query(filter): Query<CredentialFilter>,
) -> ApiResult<Json<Value>> {
    if !(1..=1000).contains(&filter.limit) {
        return Err(ApiError::Validation(ValidationErrors::single(
            "limit",
            "1 to 1000",
        )));
    }
    if let Some(after) = filter.cursor
        && state
            .store
            .credential(auth.provider.id, after)
            .await?
            .is_none()
    {
        return Err(unknown_cursor());
    }
    let list = state
        .store
        .credentials_page(
            auth.provider.id,
            filter.learner_id,
            filter.cursor,
            filter.limit + 1,
        )
        .await?;
    let (list, next) = page_of(list, filter.limit, |c| c.id);
    Ok(Json(json!({ "credentials": list, "next_cursor": next })))
}

#[derive(Deserialize)]
struct FormatQuery {
    format: Option<String>,
}

/// A signed form exactly as stored, with its media type.
pub(super) fn signed_document(doc: crate::storage::CredentialDocument) -> ApiResult<Response> {
    let mut response = Response::new(Body::from(doc.body));
    let media = HeaderValue::from_str(&doc.media_type).map_err(anyhow::Error::from)?;
    response.headers_mut().insert(header::CONTENT_TYPE, media);
    Ok(response)
}

/// Without `format`: metadata plus the default (eddsa-rdfc-2022) rendering inline, byte for
/// byte as signed. With `format=di-rdfc|di-jcs|vc-jwt`: that rendering alone, with its media
/// type, exactly as stored.
async fn get_credential(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    Query(q): Query<FormatQuery>,
) -> ApiResult<Response> {
    let record = state
        .store
        .credential(auth.provider.id, id)
        .await?
        .ok_or(ApiError::NotFound("credential"))?;
    if let Some(format) = q.format {
        let doc = forms::credential_document(&state, &auth.provider, id, &format).await?;
        return signed_document(doc);
    }
    let doc = state
        .store
        .credential_document(id, FORMAT_DI_RDFC)
        .await?
        .ok_or(ApiError::NotFound("credential"))?;
    let raw = RawValue::from_string(String::from_utf8(doc.body).map_err(anyhow::Error::from)?)
        .map_err(anyhow::Error::from)?;
    // Serialized as a struct so the RawValue is copied verbatim, not re-encoded.
    #[derive(serde::Serialize)]
    struct Envelope<'a> {
        credential_record: crate::storage::CredentialRecord,
        formats: [&'static str; 4],
        #[serde(rename = "verifiableCredential")]
        verifiable_credential: &'a RawValue,
    }
    Ok(Json(Envelope {
        credential_record: record,
        formats: FORMATS,
        verifiable_credential: &raw,
    })
    .into_response())
}
