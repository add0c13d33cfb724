//! Cohort result files: many assessments (learner × unit × outcome) recorded in one call, with
//! every resulting unit and qualification credential issued.
//!
//! The file is checked row by row first: a bad row (unknown learner or unit, bad outcome or
//! date…) is reported with its row number and field, and the good rows still go in. Each row
//! carries a key derived from the attempt it records (learner, profile version, unit, date,
//! outcome), kept in a unique index, so importing the same file again records nothing twice and
//! issues nothing twice.
//!
//! Speed comes from doing the expensive part, signing, on every core ahead of the writer: a
//! blocking task signs chunk after chunk while the async side writes the previous chunk in one
//! transaction, a few multi-row statements per chunk. A chunk is atomic; an interrupted import
//! is finished by running it again.
//!
//! Qualifications follow the same rule as after a single assessment
//! (`qualification::award_if_complete`). The automatic awards the file will complete are
//! forecast before writing, signed as soon as the learner's last unit is signed, and stored
//! with that chunk once the writer has checked, in its transaction, that the learner's covering
//! units are exactly the forecast ones. Anything else (jury awards, incomplete profiles, a
//! forecast overtaken by concurrent activity) is settled in a final pass.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;
use tokio::sync::mpsc;
use uuid::Uuid;

use crate::crypto::keys::key_ref;
use crate::domain::ValidationErrors;
use crate::domain::assessment::Outcome;
use crate::domain::provider::Provider;
use crate::error::{ApiError, ApiResult};
use crate::services::Services;

mod parse;
mod plan;
mod write;

pub use parse::read;
use plan::*;
use write::*;

/// Rows written per transaction (and signed per batch), give or take a learner's rows.
const CHUNK: usize = 500;
/// Learner/profile pairs settled per transaction in the award pass.
const AWARD_CHUNK: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    Json,
}

impl FileFormat {
    /// From a file name's extension.
    pub fn from_path(path: &std::path::Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" => Some(Self::Csv),
            "json" => Some(Self::Json),
            _ => None,
        }
    }

    /// From a request's `Content-Type` (parameters such as `charset` are ignored).
    pub fn from_media_type(media_type: &str) -> Option<Self> {
        let essence = media_type.split(';').next()?.trim().to_ascii_lowercase();
        match essence.as_str() {
            "text/csv" => Some(Self::Csv),
            "application/json" => Some(Self::Json),
            _ => None,
        }
    }
}

/// A row that was not imported, and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RowError {
    /// Line of the CSV file (the header is line 1), or 1-based position in the JSON array.
    pub row: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Progress {
    pub written: usize,
    pub total: usize,
    pub credentials_issued: usize,
}

#[derive(Debug, Default, Serialize)]
pub struct ImportReport {
    /// Data rows in the file.
    pub rows: usize,
    /// Assessments recorded by this run.
    pub recorded: usize,
    /// Rows whose attempt was already recorded (by an earlier run or earlier in the file).
    pub already_recorded: usize,
    pub rejected: usize,
    pub credentials_issued: usize,
    pub qualifications_issued: usize,
    pub awards_pending: usize,
    pub errors: Vec<RowError>,
    pub seconds: f64,
}

/// Checks, records and issues a whole result file. `on_progress` is called after each chunk.
pub async fn import_results(
    state: &Services,
    provider: &Provider,
    actor: &str,
    format: FileFormat,
    bytes: &[u8],
    on_progress: &(dyn Fn(Progress) + Send + Sync),
) -> ApiResult<ImportReport> {
    let started = Instant::now();
    let records = read(format, bytes)
        .map_err(|msg| ApiError::Validation(ValidationErrors::single("file", msg)))?;
    let now = state.clock.now();
    let catalogue = Catalogue::load(state, provider.id).await?;
    let mut report = ImportReport {
        rows: records.len(),
        ..ImportReport::default()
    };
    let mut rows = Vec::with_capacity(records.len());
    let mut seen_keys = HashSet::new();
    for (row, fields) in records {
        match fields
            .map_err(|e| vec![e])
            .and_then(|f| resolve(&catalogue, row, &f, now.date()))
        {
            Ok(r) if !seen_keys.insert(r.key) => report.already_recorded += 1,
            Ok(r) => rows.push(r),
            Err(errors) => {
                report.rejected += 1;
                report.errors.extend(errors);
            }
        }
    }

    // Each learner's rows together, in file order: a chunk then shares at most its first and
    // last learner with its neighbours, so chunks written at once seldom wait on each other's
    // learner locks.
    rows.sort_by_key(|r| r.learner);

    // The first validation of a unit the learner does not hold yet gets a credential.
    let mut held: HashSet<(Uuid, Uuid)> = state
        .store
        .unit_credential_keys(provider.id)
        .await?
        .into_iter()
        .collect();
    for r in &mut rows {
        if r.outcome == Outcome::Validated
            && held.insert((catalogue.learners[r.learner].id, r.unit_id))
        {
            r.issue = Some(Uuid::now_v7());
        }
    }

    let key = state.keyring.signing_key(&state.store, provider).await?;
    let key_ref = key_ref(&key.verifying_key());
    let total = rows.len();
    let (forecasts, earlier_digests) = forecast(state, provider, &catalogue, &rows).await?;
    // Every credential this run may issue gets its status index before it is signed.
    let ids: Vec<Uuid> = rows
        .iter()
        .filter_map(|r| r.issue)
        .chain(forecasts.iter().map(|f| f.id))
        .collect();
    let reserved = crate::services::status::reserve(state, provider, ids.len()).await?;
    let learners: Vec<usize> = rows.iter().map(|r| r.learner).collect();
    let chunks = chunk_ranges(&learners, CHUNK);
    let plan = Arc::new(Plan {
        state: state.clone(),
        provider: provider.clone(),
        catalogue,
        rows,
        key,
        now,
        actor: actor.to_owned(),
        slots: ids.into_iter().zip(reserved).collect(),
        chunks,
    });

    // Sign ahead of the writer, at most two chunks in advance.
    let (sender, mut receiver) = mpsc::channel::<anyhow::Result<SignedChunk>>(2);
    let signer = {
        let plan = Arc::clone(&plan);
        tokio::task::spawn_blocking(move || sign_ahead(&plan, &forecasts, earlier_digests, &sender))
    };

    let mut to_settle: BTreeSet<(Uuid, usize)> = BTreeSet::new();
    let mut settled: HashSet<(Uuid, usize)> = HashSet::new();
    // Digests of the unit credentials stored by this run, for the qualification credentials.
    let mut digests: HashMap<Uuid, String> = HashMap::new();
    let mut written = 0;
    // On PostgreSQL two chunks are written at once: while one transaction waits on the server,
    // the other one's statements run (chunks sharing a learner queue on its row lock).
    let in_flight = state.store.concurrent_batches().min(2);
    let mut writing = tokio::task::JoinSet::new();
    let mut next = 0;
    loop {
        while writing.len() < in_flight && next < plan.chunks.len() {
            let signed = receiver
                .recv()
                .await
                .ok_or_else(|| anyhow::anyhow!("the signing task stopped early"))??;
            let rows = plan.chunks[next].clone();
            next += 1;
            // Every learner this file validates a unit for is settled, not only those
            // credentialed by this run: a run stopped after storing a learner's last units but
            // before their award leaves nothing to issue the second time, yet the award is due.
            for r in plan.rows[rows.clone()]
                .iter()
                .filter(|r| r.outcome == Outcome::Validated)
            {
                to_settle.insert((plan.catalogue.learners[r.learner].id, r.profile));
            }
            writing.spawn(write_chunk(
                Arc::clone(&plan),
                key_ref.clone(),
                rows,
                signed,
            ));
        }
        let Some(done) = writing.join_next().await else {
            break;
        };
        let chunk = done.map_err(anyhow::Error::from)??;
        report.recorded += chunk.recorded;
        report.already_recorded += chunk.already_recorded;
        report.credentials_issued += chunk.digests.len();
        report.qualifications_issued += chunk.awarded.len();
        settled.extend(chunk.awarded);
        digests.extend(chunk.digests);
        written += chunk.rows;
        on_progress(Progress {
            written,
            total,
            credentials_issued: report.credentials_issued,
        });
    }
    signer.await.map_err(anyhow::Error::from)?;

    // Whatever was not settled with its units: incomplete, jury, or changed meanwhile.
    let pairs: Vec<(Uuid, usize)> = to_settle
        .into_iter()
        .filter(|p| !settled.contains(p))
        .collect();
    for group in pairs.chunks(AWARD_CHUNK) {
        settle_awards(&plan, &key_ref, group, &mut digests, &mut report).await?;
    }
    report.errors.sort_by_key(|e| e.row);
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}
