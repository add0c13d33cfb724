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
use serde_json::json;
use tokio::sync::mpsc;
use uuid::Uuid;

use crate::crypto::keys::key_ref;
use crate::domain::ValidationErrors;
use crate::domain::assessment::Outcome;
use crate::domain::provider::Provider;
use crate::error::{ApiError, ApiResult};
use crate::services::Services;
use crate::services::audit;
use crate::storage::{NewAssessmentRow, NewCredential};

mod parse;
mod plan;
mod write;

pub use parse::read;
use plan::*;
use write::*;

/// Rows written per transaction (and signed per batch).
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
    let plan = Arc::new(Plan {
        state: state.clone(),
        provider: provider.clone(),
        catalogue,
        rows,
        key,
        now,
        actor: actor.to_owned(),
        slots: ids.into_iter().zip(reserved).collect(),
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
    for chunk in plan.rows.chunks(CHUNK) {
        let signed = receiver
            .recv()
            .await
            .ok_or_else(|| anyhow::anyhow!("the signing task stopped early"))??;
        let mut tx = state.store.begin().await?;
        let learners: BTreeSet<Uuid> = chunk
            .iter()
            .map(|r| plan.catalogue.learners[r.learner].id)
            .collect();
        let ids: Vec<Uuid> = learners.iter().copied().collect();
        tx.lock_learners(&ids).await?;
        // Credentials first, so each assessment row is written with the credential it issued.
        let mut credentials = Vec::new();
        let mut issued = Vec::new();
        for (r, signed) in chunk.iter().zip(signed.units) {
            let (Some(id), Some((documents, digest))) = (r.issue, signed) else {
                continue;
            };
            let learner_id = plan.catalogue.learners[r.learner].id;
            credentials.push(NewCredential {
                id,
                provider_id: provider.id,
                learner_id,
                kind: "unit",
                unit_id: Some(r.unit_id),
                profile_id: plan.catalogue.profiles[r.profile].id,
                key_ref: &key_ref,
                issued_at: now,
                status: plan.slot(id)?,
                documents,
            });
            issued.push((id, digest, learner_id, r.profile));
        }
        let stored = tx.insert_credentials(&credentials).await?;
        issued.retain(|(id, ..)| stored.contains(id));
        let assessments: Vec<NewAssessmentRow> = chunk
            .iter()
            .map(|r| NewAssessmentRow {
                id: Uuid::now_v7(),
                provider_id: provider.id,
                learner_id: plan.catalogue.learners[r.learner].id,
                unit_id: r.unit_id,
                assessed_on: r.assessed_on,
                outcome: r.outcome,
                assessor: &r.assessor,
                assessment_type: r.assessment_type,
                remediation_note: r.remediation_note.as_deref(),
                created_at: now,
                import_key: Some(&r.key),
                credential_id: r.issue.filter(|id| stored.contains(id)),
            })
            .collect();
        let inserted = tx.insert_assessments(&assessments).await?;
        let mut events = Vec::new();
        for (r, a) in chunk.iter().zip(&assessments) {
            if inserted.contains(&a.id) {
                report.recorded += 1;
                let def = &plan.catalogue.profiles[r.profile].def;
                events.push(audit::Event::new(
                    actor,
                    "assessment.recorded",
                    a.id,
                    json!({"learner_id": a.learner_id, "profile": def.code, "version": def.version,
                           "unit": def.units[r.unit].code, "assessed_on": r.assessed_on.to_string(),
                           "outcome": r.outcome.as_str(), "assessor": r.assessor, "import": true}),
                ));
            } else if a.credential_id.is_some() {
                // Only an import of the same attempts running at the same moment gets here
                // (the learner did not hold the unit when this run planned): leave it all to
                // that run rather than store a credential without its assessment.
                return Err(ApiError::Conflict(
                    "import_in_progress",
                    "another import is recording the same results; run this one again once it ends"
                        .into(),
                ));
            } else {
                report.already_recorded += 1;
            }
        }
        let profiles: BTreeSet<usize> = issued.iter().map(|i| i.3).collect();
        for p in profiles {
            tx.lock_profile(plan.catalogue.profiles[p].id).await?;
        }
        for (id, digest, learner, _) in &issued {
            events.push(audit::issued(actor, *id, "unit", *learner, digest));
        }
        for (learner, profile, id) in
            store_presigned(&plan, &mut tx, &key_ref, signed.qualifications).await?
        {
            report.qualifications_issued += 1;
            settled.insert((learner, profile));
            events.push(award_event(
                &plan,
                learner,
                profile,
                "award.issued",
                Some(id),
            ));
        }
        audit::append(&mut tx, provider.id, now, &events).await?;
        tx.commit().await?;
        report.credentials_issued += issued.len();
        for (id, digest, ..) in issued {
            digests.insert(id, digest);
        }
        // Every learner this file validates a unit for is settled, not only those credentialed
        // by this run: a run stopped after storing a learner's last units but before their
        // award leaves nothing to issue the second time, yet the award is still due.
        for r in chunk.iter().filter(|r| r.outcome == Outcome::Validated) {
            to_settle.insert((plan.catalogue.learners[r.learner].id, r.profile));
        }
        written += chunk.len();
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
