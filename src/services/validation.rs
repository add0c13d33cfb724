//! Validation of prior learning (VNFIL, "VAE by blocks"): a candidate, who need not be an
//! enrolled pupil, brings a portfolio of evidence of what their experience taught them; a
//! jury decides on one unit or a block of units at a time. Each validated unit is issued as a
//! unit credential whose learning setting is non-formal, whose assessment is the jury's (with
//! the methods it used) and whose evidence names the portfolio documents by digest only. The
//! units count toward the qualification like any other, and the rest can be validated later,
//! here or elsewhere.

use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use sqlx::types::Json;
use time::Date;
use uuid::Uuid;

use crate::domain::ValidationErrors;
use crate::domain::assessment::{NewAssessment, Outcome};
use crate::domain::provider::Provider;
use crate::domain::referential::AssessmentType;
use crate::domain::route::{PortfolioDigest, PriorLearning, Route};
use crate::error::{ApiError, ApiResult};
use crate::services::Services;
use crate::services::audit;
use crate::services::issuing::{self, Idempotency, Recorded, commit};
use crate::storage::{DecisionRecord, NewPortfolioItem, ProcedureRecord, Tx};

/// A portfolio document at most (the request body limit of uploads applies too).
pub const MAX_DOCUMENT: usize = 10 * 1024 * 1024;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewProcedure {
    pub learner_id: Uuid,
    pub profile_code: String,
    pub profile_version: u32,
    #[serde(default)]
    pub note: Option<String>,
}

pub async fn open(
    state: &Services,
    provider: &Provider,
    actor: &str,
    input: NewProcedure,
) -> ApiResult<ProcedureRecord> {
    state
        .store
        .learner(provider.id, input.learner_id)
        .await?
        .ok_or(ApiError::NotFound("learner"))?;
    let profile = state
        .store
        .profile(provider.id, &input.profile_code, input.profile_version)
        .await?
        .ok_or(ApiError::NotFound("profile"))?;
    let now = state.clock.now();
    let record = ProcedureRecord {
        id: Uuid::now_v7(),
        learner_id: input.learner_id,
        profile_id: profile.id,
        profile_code: profile.def.code.clone(),
        profile_version: i32::try_from(profile.def.version).unwrap_or_default(),
        note: input
            .note
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty()),
        opened_by: actor.to_owned(),
        opened_at: now,
    };
    state.store.insert_procedure(provider.id, &record).await?;
    let event = audit::Event::new(
        actor,
        "validation.opened",
        record.id,
        json!({"learner_id": record.learner_id, "profile": record.profile_code, "version": record.profile_version}),
    );
    audit::record(&state.store, provider.id, now, event).await?;
    Ok(record)
}

pub async fn procedure(
    state: &Services,
    provider: &Provider,
    id: Uuid,
) -> ApiResult<ProcedureRecord> {
    state
        .store
        .procedure(provider.id, id)
        .await?
        .ok_or(ApiError::NotFound("procedure"))
}

/// The procedure with its portfolio, the jury's decisions and where the candidate stands:
/// units validated (by any route), and those that remain, with their ECVET points.
pub async fn view(state: &Services, provider: &Provider, id: Uuid) -> ApiResult<Value> {
    let record = procedure(state, provider, id).await?;
    let portfolio = state.store.portfolio(id).await?;
    let decisions = state.store.decisions(id).await?;
    let progress = crate::services::awards::learner_progress(
        state,
        provider.id,
        record.learner_id,
        Some((
            record.profile_code.clone(),
            u32::try_from(record.profile_version).unwrap_or_default(),
        )),
    )
    .await?;
    let standing = progress
        .pointer("/qualifications/0")
        .cloned()
        .unwrap_or(Value::Null);
    Ok(
        json!({"procedure": record, "portfolio": portfolio, "decisions": decisions,
              "progress": standing}),
    )
}

/// Adds a document to the portfolio: kept for the jury, hashed; a credential names only the
/// digest and the description.
/// A document as uploaded.
pub struct Document<'a> {
    pub description: &'a str,
    pub file_name: Option<&'a str>,
    pub media_type: &'a str,
    pub content: &'a [u8],
}

pub async fn add_document(
    state: &Services,
    provider: &Provider,
    actor: &str,
    id: Uuid,
    document: Document<'_>,
) -> ApiResult<Value> {
    let Document {
        description,
        file_name,
        media_type,
        content,
    } = document;
    let record = procedure(state, provider, id).await?;
    let mut e = ValidationErrors::default();
    let description = description.trim();
    if description.is_empty() || description.len() > 500 {
        e.push(
            "description",
            "say what the document shows, 1 to 500 characters",
        );
    }
    if content.is_empty() {
        e.push("body", "the document is empty");
    }
    if content.len() > MAX_DOCUMENT {
        return Err(ApiError::PayloadTooLarge);
    }
    e.into_result().map_err(ApiError::Validation)?;
    let digest = Sha256::digest(content);
    let now = state.clock.now();
    let item = Uuid::now_v7();
    state
        .store
        .insert_portfolio_item(&NewPortfolioItem {
            id: item,
            procedure_id: record.id,
            description,
            file_name: file_name.map(str::trim).filter(|f| !f.is_empty()),
            media_type,
            sha256: &digest,
            content,
            added_by: actor,
            added_at: now,
        })
        .await?;
    let sha256 = hex::encode(digest);
    let event = audit::Event::new(
        actor,
        "validation.document_added",
        item,
        json!({"procedure_id": record.id, "sha256": sha256, "media_type": media_type, "size": content.len()}),
    );
    audit::record(&state.store, provider.id, now, event).await?;
    Ok(
        json!({"id": item, "description": description, "media_type": media_type,
              "size": content.len(), "sha256": sha256}),
    )
}

/// Removes a document added by mistake; one a decision rests on stays (409
/// `document_in_use`), since the credentials it issued name its digest.
pub async fn remove_document(
    state: &Services,
    provider: &Provider,
    actor: &str,
    id: Uuid,
    item: Uuid,
) -> ApiResult<()> {
    let record = procedure(state, provider, id).await?;
    match state.store.delete_portfolio_item(record.id, item).await? {
        None => Err(ApiError::NotFound("document")),
        Some(false) => Err(ApiError::Conflict(
            "document_in_use",
            "a jury decision rests on this document".into(),
        )),
        Some(true) => {
            let now = state.clock.now();
            let event = audit::Event::new(
                actor,
                "validation.document_removed",
                item,
                json!({"procedure_id": record.id}),
            );
            audit::record(&state.store, provider.id, now, event).await?;
            Ok(())
        }
    }
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct NewDecision {
    /// One unit, or a block of units decided together.
    pub units: Vec<String>,
    pub outcome: Outcome,
    /// How the jury assessed: e.g. portfolio and practical.
    pub methods: Vec<AssessmentType>,
    /// The portfolio documents the decision rests on (at least one).
    pub evidence: Vec<Uuid>,
    pub jury: String,
    pub decided_on: Date,
    #[serde(default)]
    pub note: Option<String>,
}

fn dedup<T: PartialEq + Clone>(items: &mut Vec<T>) {
    let mut kept: Vec<T> = Vec::with_capacity(items.len());
    for item in items.drain(..) {
        if !kept.contains(&item) {
            kept.push(item);
        }
    }
    *items = kept;
}

/// The jury's decision on a unit or a block: validated units are issued, all in one
/// transaction with the decision (a block is never half issued).
pub async fn decide(
    state: &Services,
    provider: &Provider,
    actor: &str,
    id: Uuid,
    mut input: NewDecision,
    idempotency: Option<Idempotency>,
) -> ApiResult<Recorded> {
    let record = procedure(state, provider, id).await?;
    let portfolio = state.store.portfolio(id).await?;
    let mut e = ValidationErrors::default();
    let distinct: std::collections::HashSet<&String> = input.units.iter().collect();
    if input.units.is_empty() || distinct.len() != input.units.len() {
        e.push("units", "one unit or a block of distinct units");
    }
    // The same method or document twice says nothing more: kept once, in order.
    dedup(&mut input.methods);
    dedup(&mut input.evidence);
    if input.units.len() > 100 || input.evidence.len() > 100 {
        e.push("units", "at most 100 units and 100 documents a decision");
    }
    if input.methods.is_empty() {
        e.push(
            "methods",
            "how the jury assessed, e.g. [\"portfolio\", \"practical\"]",
        );
    }
    if input.evidence.is_empty() {
        e.push(
            "evidence",
            "a decision rests on at least one portfolio document",
        );
    }
    let mut evidence = Vec::new();
    for item in &input.evidence {
        match portfolio.iter().find(|p| p.id == *item) {
            Some(p) => evidence.push(PortfolioDigest {
                id: p.id,
                description: p.description.clone(),
                media_type: p.media_type.clone(),
                sha256: hex::encode(&p.sha256),
            }),
            None => e.push("evidence", format!("{item} is not in this portfolio")),
        }
    }
    if input.jury.trim().is_empty() {
        e.push("jury", "name the jury or assessor");
    }
    if input.decided_on > state.clock.now().date() {
        e.push("decided_on", "cannot be in the future");
    }
    e.into_result().map_err(ApiError::Validation)?;

    let decision = DecisionRecord {
        id: Uuid::now_v7(),
        procedure_id: record.id,
        units: Json(input.units.clone()),
        outcome: input.outcome.as_str().to_owned(),
        methods: Json(input.methods.clone()),
        evidence: Json(input.evidence.clone()),
        jury: input.jury.trim().to_owned(),
        decided_on: input.decided_on,
        note: input.note.clone().filter(|n| !n.trim().is_empty()),
        created_by: actor.to_owned(),
        created_at: state.clock.now(),
    };
    let route = Route::PriorLearning(PriorLearning {
        procedure_id: record.id,
        decision_id: decision.id,
        methods: input.methods.clone(),
        jury: decision.jury.clone(),
        evidence,
    });
    // Every unit is found before any is signed: an unknown one refuses the whole block.
    let version = u32::try_from(record.profile_version).unwrap_or_default();
    let mut subjects = Vec::new();
    for code in &input.units {
        subjects.push(
            issuing::subject(
                state,
                provider,
                record.learner_id,
                &record.profile_code,
                version,
                code,
            )
            .await?,
        );
    }
    let mut planned = Vec::new();
    for (subject, code) in subjects.into_iter().zip(&input.units) {
        let assessment = NewAssessment {
            learner_id: record.learner_id,
            profile_code: record.profile_code.clone(),
            profile_version: version,
            unit_code: code.clone(),
            assessed_on: input.decided_on,
            outcome: input.outcome,
            assessor: decision.jury.clone(),
            assessment_type: input.methods.first().copied(),
            remediation_note: match input.outcome {
                Outcome::NotValidated => decision.note.clone(),
                Outcome::Validated => None,
            },
        };
        let route = Some(route.clone());
        planned.push(issuing::plan(state, provider, subject, assessment, route).await?);
    }

    let (owned, p, who) = (state.clone(), provider.clone(), actor.to_owned());
    let work: commit::Work = Box::new(move |tx: &mut Tx| {
        Box::pin(async move {
            let now = owned.clock.now();
            if let Some(replay) = issuing::claim(tx, p.id, idempotency.as_ref(), now).await? {
                return Ok(replay);
            }
            tx.insert_decision(&decision).await?;
            let mut events = vec![audit::Event::new(
                &who,
                "validation.decided",
                decision.id,
                json!({"procedure_id": decision.procedure_id, "units": decision.units.0,
                       "outcome": decision.outcome, "evidence": decision.evidence.0}),
            )];
            let mut units = Vec::new();
            let mut qualification = Value::Null;
            for plan in planned {
                let code = plan.unit().code.clone();
                let written = plan.write(tx, &owned, &p, &who).await?;
                events.extend(written.events);
                if let Some(q) = written.qualification {
                    qualification = q;
                }
                units.push(
                    json!({"unit_code": code, "assessment_id": written.assessment_id,
                                  "credential": written.credential}),
                );
            }
            let body = serde_json::to_vec(&json!({"decision": decision, "units": units,
                                                  "qualification": qualification}))
            .map_err(anyhow::Error::from)?;
            issuing::answer(tx, p.id, idempotency.as_ref(), body, events, now).await
        })
    });
    state.issuer.run(record.learner_id, work).await
}
