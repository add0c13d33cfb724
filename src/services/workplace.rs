//! Work-based assessment: companies, the learners placed with them, and their tutors'
//! results. A tutor records results only for learners placed with their company at the date
//! of the assessment; a unit that asks for a co-signature is issued only once a school
//! assessor has confirmed the tutor's result, which until then waits, counting for nothing.

use serde::Deserialize;
use serde_json::{Value, json};
use time::Date;
use uuid::Uuid;

use crate::domain::ValidationErrors;
use crate::domain::assessment::{NewAssessment, Outcome};
use crate::domain::provider::Provider;
use crate::domain::route::{Company, Route, WorkBased};
use crate::error::{ApiError, ApiResult};
use crate::services::Services;
use crate::services::audit;
use crate::services::issuing::{self, Idempotency, Recorded, commit};
use crate::storage::{NewWorkplaceResult, PlacementRecord, Tx};

/// 422 unless `company_id` names one of the provider's companies (or is absent).
pub async fn check_company(
    state: &Services,
    provider_id: Uuid,
    company_id: Option<Uuid>,
) -> ApiResult<()> {
    if let Some(id) = company_id
        && state.store.company(provider_id, id).await?.is_none()
    {
        return Err(ApiError::Validation(ValidationErrors::single(
            "company_id",
            "no such company",
        )));
    }
    Ok(())
}

async fn company(state: &Services, provider_id: Uuid, id: Uuid) -> ApiResult<Company> {
    state
        .store
        .company(provider_id, id)
        .await?
        .ok_or(ApiError::NotFound("company"))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewCompany {
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country_code: String,
    #[serde(default)]
    pub identifier: Option<String>,
}

pub async fn create_company(
    state: &Services,
    provider: &Provider,
    actor: &str,
    input: NewCompany,
) -> ApiResult<Company> {
    let mut e = ValidationErrors::default();
    let name = input.name.trim();
    if name.is_empty() || name.len() > 200 {
        e.push("name", "the company's name, 1 to 200 characters");
    }
    let country = input.country_code.trim().to_uppercase();
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
        e.push("country_code", "an ISO 3166-1 alpha-2 code such as BE");
    }
    let identifier = input
        .identifier
        .map(|i| i.trim().to_owned())
        .filter(|i| !i.is_empty());
    e.into_result().map_err(ApiError::Validation)?;
    let company = Company {
        id: Uuid::now_v7(),
        name: name.to_owned(),
        country_code: country,
        identifier,
    };
    let now = state.clock.now();
    state
        .store
        .insert_company(provider.id, &company, now)
        .await?;
    let event = audit::Event::new(actor, "company.created", company.id, json!(company));
    audit::record(&state.store, provider.id, now, event).await?;
    Ok(company)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewPlacement {
    pub learner_id: Uuid,
    pub starts_on: Date,
    #[serde(default)]
    pub ends_on: Option<Date>,
}

pub async fn place(
    state: &Services,
    provider: &Provider,
    actor: &str,
    company_id: Uuid,
    input: NewPlacement,
) -> ApiResult<PlacementRecord> {
    company(state, provider.id, company_id).await?;
    state
        .store
        .learner(provider.id, input.learner_id)
        .await?
        .ok_or(ApiError::NotFound("learner"))?;
    if input.ends_on.is_some_and(|end| end < input.starts_on) {
        return Err(ApiError::Validation(ValidationErrors::single(
            "ends_on",
            "cannot be before starts_on",
        )));
    }
    let now = state.clock.now();
    let placement = PlacementRecord {
        id: Uuid::now_v7(),
        learner_id: input.learner_id,
        company_id,
        starts_on: input.starts_on,
        ends_on: input.ends_on,
        created_by: actor.to_owned(),
        created_at: now,
    };
    state
        .store
        .insert_placement(provider.id, &placement)
        .await?;
    let event = audit::Event::new(actor, "placement.created", placement.id, json!(placement));
    audit::record(&state.store, provider.id, now, event).await?;
    Ok(placement)
}

/// The learners placed with a company (a tutor's list), each with their placements.
pub async fn placed_learners(
    state: &Services,
    provider: &Provider,
    company_id: Uuid,
) -> ApiResult<Value> {
    let company = company(state, provider.id, company_id).await?;
    let placements = state
        .store
        .placements(provider.id, company_id, None)
        .await?;
    let mut learners = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for p in &placements {
        if !seen.insert(p.learner_id) {
            continue;
        }
        let Some(learner) = state.store.learner(provider.id, p.learner_id).await? else {
            continue;
        };
        let theirs: Vec<&PlacementRecord> = placements
            .iter()
            .filter(|q| q.learner_id == p.learner_id)
            .collect();
        learners.push(json!({"learner": learner, "placements": theirs}));
    }
    Ok(json!({"company": company, "learners": learners}))
}

/// A tutor's result. Refused (403 `not_placed`) unless the learner was placed with the
/// tutor's company on the date assessed. A validated unit that asks for a co-signature waits
/// for a school assessor (202, nothing issued); anything else is recorded at once as a
/// work-based assessment, issuing as a school assessment would.
pub async fn record(
    state: &Services,
    provider: &Provider,
    actor: &str,
    company_id: Uuid,
    input: NewAssessment,
    idempotency: Option<Idempotency>,
) -> ApiResult<Recorded> {
    input
        .validate(state.clock.now().date())
        .map_err(ApiError::Validation)?;
    let company = company(state, provider.id, company_id).await?;
    let placements = state
        .store
        .placements(provider.id, company_id, Some(input.learner_id))
        .await?;
    let placed = placements.iter().any(|p| {
        p.starts_on <= input.assessed_on && p.ends_on.is_none_or(|end| input.assessed_on <= end)
    });
    if !placed {
        return Err(ApiError::Refused(
            "not_placed",
            format!(
                "the learner was not placed with {} on {}",
                company.name, input.assessed_on
            ),
        ));
    }
    let subject = issuing::subject_of(state, provider, &input).await?;
    let route = Route::WorkBased(WorkBased {
        company: company.clone(),
        tutor: input.assessor.trim().to_owned(),
        cosigned_by: None,
    });
    // A co-signature is asked for a unit the learner does not hold yet; a result for a unit
    // already held, or a failure, issues nothing and is recorded as it is.
    let awaits = subject.unit.requires_cosignature
        && input.outcome == Outcome::Validated
        && !state
            .store
            .holds_unit(subject.learner.id, subject.unit_id)
            .await?;
    if !awaits {
        let planned = issuing::plan(state, provider, subject, input, Some(route)).await?;
        return run(state, provider, actor, planned, idempotency, None).await;
    }
    // Kept until a school assessor confirms it: nothing counts yet.
    let (owned, p, who) = (state.clone(), provider.clone(), actor.to_owned());
    let learner_id = subject.learner.id;
    let work: commit::Work = Box::new(move |tx: &mut Tx| {
        Box::pin(async move {
            let now = owned.clock.now();
            if let Some(replay) = issuing::claim(tx, p.id, idempotency.as_ref(), now).await? {
                return Ok(replay);
            }
            let id = Uuid::now_v7();
            let inserted = tx
                .insert_workplace_result(&NewWorkplaceResult {
                    id,
                    provider_id: p.id,
                    learner_id,
                    unit_id: subject.unit_id,
                    company_id: company.id,
                    tutor: input.assessor.trim(),
                    assessed_on: input.assessed_on,
                    comment: input.remediation_note.as_deref(),
                    created_at: now,
                })
                .await?;
            if !inserted {
                return Err(ApiError::Conflict(
                    "cosignature_pending",
                    "a tutor's result for this unit already awaits the school's co-signature"
                        .into(),
                ));
            }
            let body = serde_json::to_vec(&json!({
                "workplace_result": {"id": id, "learner_id": learner_id,
                    "unit_code": subject.unit.code, "company": company, "tutor": input.assessor.trim(),
                    "assessed_on": input.assessed_on, "state": "pending"},
                "credential": null,
                "cosignature": "pending",
            }))
            .map_err(anyhow::Error::from)?;
            let event = audit::Event::new(
                &who,
                "workplace_result.recorded",
                id,
                json!({"learner_id": learner_id, "unit": subject.unit.code, "company_id": company.id}),
            );
            let mut done =
                issuing::answer(tx, p.id, idempotency.as_ref(), body, vec![event], now).await?;
            done.recorded.status = axum::http::StatusCode::ACCEPTED;
            Ok(done)
        })
    });
    state.issuer.run(learner_id, work).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cosignature {
    /// `confirm` or `refuse`.
    pub decision: String,
    /// The school assessor who confirms.
    pub assessor: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// A school assessor's decision on a tutor's pending result: confirmed, it becomes a
/// work-based assessment co-signed by them and the unit is issued in the same transaction.
pub async fn cosign(
    state: &Services,
    provider: &Provider,
    actor: &str,
    id: Uuid,
    input: Cosignature,
) -> ApiResult<Recorded> {
    let mut e = ValidationErrors::default();
    let confirm = match input.decision.as_str() {
        "confirm" => true,
        "refuse" => false,
        _ => {
            e.push("decision", "confirm or refuse");
            false
        }
    };
    if input.assessor.trim().is_empty() {
        e.push("assessor", "must name the school assessor");
    }
    e.into_result().map_err(ApiError::Validation)?;
    let pending = state
        .store
        .workplace_result(provider.id, id)
        .await?
        .ok_or(ApiError::NotFound("workplace result"))?;
    if pending.state != "pending" {
        return Err(already_decided());
    }
    let company = company(state, provider.id, pending.company_id).await?;
    let assessor = input.assessor.trim().to_owned();
    let planned = if confirm {
        let assessment = NewAssessment {
            learner_id: pending.learner_id,
            profile_code: pending.profile_code.clone(),
            profile_version: u32::try_from(pending.profile_version).unwrap_or_default(),
            unit_code: pending.unit_code.clone(),
            assessed_on: pending.assessed_on,
            outcome: Outcome::Validated,
            assessor: pending.tutor.clone(),
            assessment_type: None,
            remediation_note: None,
        };
        let subject = issuing::subject_of(state, provider, &assessment).await?;
        let route = Route::WorkBased(WorkBased {
            company,
            tutor: pending.tutor.clone(),
            cosigned_by: Some(assessor.clone()),
        });
        Some(issuing::plan(state, provider, subject, assessment, Some(route)).await?)
    } else {
        None
    };
    let decision = Decided {
        id,
        assessor,
        note: input.note,
    };
    match planned {
        Some(planned) => run(state, provider, actor, planned, None, Some(decision)).await,
        None => {
            let (owned, p, who) = (state.clone(), provider.clone(), actor.to_owned());
            let work: commit::Work = Box::new(move |tx: &mut Tx| {
                Box::pin(async move {
                    let now = owned.clock.now();
                    decision.write(tx, p.id, now, None).await?;
                    let body = serde_json::to_vec(
                        &json!({"workplace_result": {"id": id, "state": "refused"},
                                                          "credential": null}),
                    )
                    .map_err(anyhow::Error::from)?;
                    let event = audit::Event::new(
                        &who,
                        "workplace_result.refused",
                        id,
                        json!({"assessor": decision.assessor}),
                    );
                    // Nothing was created: 200.
                    let mut done = issuing::answer(tx, p.id, None, body, vec![event], now).await?;
                    done.recorded.status = axum::http::StatusCode::OK;
                    Ok(done)
                })
            });
            state.issuer.run(pending.learner_id, work).await
        }
    }
}

fn already_decided() -> ApiError {
    ApiError::Conflict(
        "already_decided",
        "this result was already confirmed or refused".into(),
    )
}

/// A co-signature decision, written with what it confirms.
struct Decided {
    id: Uuid,
    assessor: String,
    note: Option<String>,
}

impl Decided {
    async fn write(
        &self,
        tx: &mut Tx,
        provider_id: Uuid,
        now: time::OffsetDateTime,
        assessment_id: Option<Uuid>,
    ) -> ApiResult<()> {
        let state = if assessment_id.is_some() {
            "confirmed"
        } else {
            "refused"
        };
        if !tx
            .decide_workplace_result(
                provider_id,
                self.id,
                state,
                &self.assessor,
                now,
                self.note.as_deref(),
                assessment_id,
            )
            .await?
        {
            return Err(already_decided());
        }
        Ok(())
    }
}

/// Writes a planned work-based assessment (and the co-signature it rests on) in one
/// transaction.
async fn run(
    state: &Services,
    provider: &Provider,
    actor: &str,
    planned: issuing::Planned,
    idempotency: Option<Idempotency>,
    cosigned: Option<Decided>,
) -> ApiResult<Recorded> {
    let (owned, p, who) = (state.clone(), provider.clone(), actor.to_owned());
    let learner_id = planned.learner_id();
    let work: commit::Work = Box::new(move |tx: &mut Tx| {
        Box::pin(async move {
            let now = owned.clock.now();
            if let Some(replay) = issuing::claim(tx, p.id, idempotency.as_ref(), now).await? {
                return Ok(replay);
            }
            let mut written = planned.write(tx, &owned, &p, &who).await?;
            let mut body = json!({
                "assessment": written.assessment,
                "credential": written.credential,
                "qualification": written.qualification,
            });
            if let Some(decision) = &cosigned {
                decision
                    .write(tx, p.id, now, Some(written.assessment_id))
                    .await?;
                body["workplace_result"] = json!({"id": decision.id, "state": "confirmed"});
                written.events.push(audit::Event::new(
                    &who,
                    "workplace_result.confirmed",
                    decision.id,
                    json!({"assessor": decision.assessor, "assessment_id": written.assessment_id}),
                ));
            }
            let body = serde_json::to_vec(&body).map_err(anyhow::Error::from)?;
            issuing::answer(tx, p.id, idempotency.as_ref(), body, written.events, now).await
        })
    });
    state.issuer.run(learner_id, work).await
}
