//! Recording assessments and issuing unit credentials.
//!
//! Everything that needs no lock happens first: the learner, profile and unit are read, and
//! when this may be the unit's first validation the credential is built with a status entry
//! and signed (on the blocking pool). The writes (idempotency claim, assessment, credential
//! with its documents, any qualification it completes, the idempotency answer and the audit
//! entries) then run in the transaction of a group commit ([`commit`]) shared with the other
//! requests of the moment, and the request is answered once it has committed. The database's
//! unique index on (learner, unit) is what guarantees a single credential per validated unit,
//! even when two assessments arrive at the same moment: the loser's pre-signed credential is
//! simply discarded.

pub mod commit;

use std::sync::Arc;

use axum::http::StatusCode;
use serde_json::{Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::crypto::keys::SigningKeyPair;
use crate::domain::ValidationErrors;
use crate::domain::assessment::{NewAssessment, Outcome};
use crate::domain::credential::{UnitCredentialInput, build_unit_credential};
use crate::domain::learner::Learner;
use crate::domain::provider::Provider;
use crate::domain::referential::{AssessmentType, UnitDef};
use crate::domain::route::Route;
use crate::error::{ApiError, ApiResult};
use crate::services::Services;
use crate::services::audit;
use crate::services::forms::sign_issued;
use crate::storage::{
    CredentialDocument, IdempotencyClaim, NewAssessmentRow, NewCredential, StatusSlot,
    StoredProfile, Tx,
};

pub struct Idempotency {
    pub key: String,
    pub request_hash: Vec<u8>,
}

/// The answer to a write request: what to send, and whether it is a replay.
pub struct Recorded {
    pub status: StatusCode,
    pub body: Vec<u8>,
    pub replayed: bool,
}

/// A unit credential signed ahead of the transaction.
struct Prepared {
    id: Uuid,
    key_ref: String,
    slot: StatusSlot,
    documents: Vec<CredentialDocument>,
}

/// What an assessment is about, read before any write.
pub struct Subject {
    pub learner: Learner,
    pub profile: StoredProfile,
    pub unit: UnitDef,
    pub unit_id: Uuid,
}

/// The learner, profile version and unit an assessment names (404 for any unknown).
pub async fn subject(
    state: &Services,
    provider: &Provider,
    learner_id: Uuid,
    profile_code: &str,
    profile_version: u32,
    unit_code: &str,
) -> ApiResult<Subject> {
    let learner = state
        .store
        .learner(provider.id, learner_id)
        .await?
        .ok_or(ApiError::NotFound("learner"))?;
    // A profile version and its units' ids, held in memory until the referential changes.
    let key = format!("profile {} {profile_code} {profile_version}", provider.id);
    // Not found is not kept: the profile may be imported a moment later.
    let load = async {
        let profile = state
            .store
            .profile(provider.id, profile_code, profile_version)
            .await?
            .ok_or(ApiError::NotFound("profile"))?;
        let units = state.store.unit_ids(profile.id).await?;
        Ok::<_, ApiError>((profile, units))
    };
    let (profile, unit_ids) = state
        .published
        .get_or_load(state.store.generation(), key, load)
        .await?;
    let unit = profile
        .def
        .unit(unit_code)
        .ok_or(ApiError::NotFound("unit"))?
        .clone();
    let unit_id = unit_ids
        .iter()
        .find(|(code, _)| *code == unit.code)
        .map(|(_, id)| *id)
        .ok_or(ApiError::NotFound("unit"))?;
    Ok(Subject {
        learner,
        profile,
        unit,
        unit_id,
    })
}

/// The subject an assessment names.
pub async fn subject_of(
    state: &Services,
    provider: &Provider,
    input: &NewAssessment,
) -> ApiResult<Subject> {
    subject(
        state,
        provider,
        input.learner_id,
        &input.profile_code,
        input.profile_version,
        &input.unit_code,
    )
    .await
}

/// An assessment ready to be written: its subject, and its credential signed ahead of the
/// transaction when this attempt may be the unit's first validation.
pub struct Planned {
    subject: Subject,
    input: NewAssessment,
    route: Option<Route>,
    assessment_type: AssessmentType,
    prepared: Option<Prepared>,
}

/// Reads and signs what `input` needs, outside any lock.
pub async fn plan(
    state: &Services,
    provider: &Provider,
    subject: Subject,
    input: NewAssessment,
    route: Option<Route>,
) -> ApiResult<Planned> {
    let now = state.clock.now();
    let assessment_type = input
        .assessment_type
        .unwrap_or(subject.unit.assessment_type);
    let mut prepared = None;
    if input.outcome == Outcome::Validated
        && !state
            .store
            .holds_unit(subject.learner.id, subject.unit_id)
            .await?
    {
        let key: Arc<SigningKeyPair> = state.keyring.signing_key(&state.store, provider).await?;
        let slot = state.slots.take(state, provider).await?;
        let id = Uuid::new_v4();
        let unsecured = build_unit_credential(&UnitCredentialInput {
            id,
            public_url: &state.settings.public_url,
            provider,
            profile: &subject.profile.def,
            unit: &subject.unit,
            learner: &subject.learner,
            assessed_on: input.assessed_on,
            assessment_type,
            route: route.as_ref(),
            issued_at: now,
        });
        let (owned, p) = (state.clone(), provider.clone());
        let signer = Arc::clone(&key);
        // Signing is small work: bounded like verification (on this task when a worker can be
        // spared, else on the blocking pool, as many at a time as there are cores), so that a
        // burst of requests does not leave a thread per request competing with the committer.
        let offload = Arc::clone(&state.offload);
        let documents = offload
            .run_small(async move { sign_issued(&owned, &p, unsecured, slot, &signer, now) })
            .await
            .map_err(anyhow::Error::from)??;
        prepared = Some(Prepared {
            id,
            key_ref: crate::crypto::keys::key_ref(&key.verifying_key()),
            slot,
            documents,
        });
    }
    Ok(Planned {
        subject,
        input,
        route,
        assessment_type,
        prepared,
    })
}

pub async fn record_assessment(
    state: &Services,
    provider: &Provider,
    actor: &str,
    input: NewAssessment,
    route: Option<Route>,
    idempotency: Option<Idempotency>,
) -> ApiResult<Recorded> {
    input
        .validate(state.clock.now().date())
        .map_err(ApiError::Validation)?;
    let subject = subject_of(state, provider, &input).await?;
    let planned = plan(state, provider, subject, input, route).await?;
    let issuer = Arc::clone(&state.issuer);
    let (state, provider, actor) = (state.clone(), provider.clone(), actor.to_owned());
    let learner_id = planned.subject.learner.id;
    let work: commit::Work = Box::new(move |tx: &mut Tx| {
        Box::pin(async move {
            let now = state.clock.now();
            if let Some(replay) = claim(tx, provider.id, idempotency.as_ref(), now).await? {
                return Ok(replay);
            }
            let written = planned.write(tx, &state, &provider, &actor).await?;
            let body = serde_json::to_vec(&json!({
                "assessment": written.assessment,
                "credential": written.credential,
                "qualification": written.qualification,
            }))
            .map_err(anyhow::Error::from)?;
            answer(
                tx,
                provider.id,
                idempotency.as_ref(),
                body,
                written.events,
                now,
            )
            .await
        })
    });
    issuer.run(learner_id, work).await
}

/// Claims the idempotency key in `tx`: the job done, with the first answer, when it is a
/// replay.
pub async fn claim(
    tx: &mut Tx,
    provider_id: Uuid,
    idempotency: Option<&Idempotency>,
    now: OffsetDateTime,
) -> ApiResult<Option<commit::Done>> {
    let Some(idem) = idempotency else {
        return Ok(None);
    };
    match tx
        .claim_idempotency(provider_id, &idem.key, &idem.request_hash, now)
        .await?
    {
        IdempotencyClaim::Fresh => Ok(None),
        IdempotencyClaim::Replay { status, body } => Ok(Some(commit::Done {
            recorded: Recorded {
                status: StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
                body,
                replayed: true,
            },
            provider_id,
            at: now,
            events: Vec::new(),
        })),
        IdempotencyClaim::Mismatch => Err(ApiError::Validation(ValidationErrors::single(
            "Idempotency-Key",
            "this key was already used for a different request",
        ))),
    }
}

/// A 201 answer with `body`, kept for the idempotency key's replays.
pub async fn answer(
    tx: &mut Tx,
    provider_id: Uuid,
    idempotency: Option<&Idempotency>,
    body: Vec<u8>,
    events: Vec<audit::Event>,
    now: OffsetDateTime,
) -> ApiResult<commit::Done> {
    if let Some(idem) = idempotency {
        tx.complete_idempotency(provider_id, &idem.key, StatusCode::CREATED.as_u16(), &body)
            .await?;
    }
    Ok(commit::Done {
        recorded: Recorded {
            status: StatusCode::CREATED,
            body,
            replayed: false,
        },
        provider_id,
        at: now,
        events,
    })
}

/// What writing one assessment did.
pub struct Written {
    pub assessment_id: Uuid,
    pub assessment: Value,
    /// `{"id", "issued"}` for a validated unit (issued now or before), else null.
    pub credential: Value,
    pub qualification: Option<Value>,
    pub events: Vec<audit::Event>,
}

impl Planned {
    pub fn learner_id(&self) -> Uuid {
        self.subject.learner.id
    }

    pub fn unit(&self) -> &UnitDef {
        &self.subject.unit
    }

    /// The assessment's writes inside the batch's transaction: the credential first, so that
    /// the assessment is written once, pointing to it; then any qualification it completes.
    pub async fn write(
        self,
        tx: &mut Tx,
        state: &Services,
        provider: &Provider,
        actor: &str,
    ) -> ApiResult<Written> {
        let Planned {
            subject:
                Subject {
                    learner,
                    profile,
                    unit,
                    unit_id,
                },
            input,
            route,
            assessment_type,
            prepared,
        } = self;
        let now = state.clock.now();
        let assessment_id = Uuid::new_v4();
        let mut credential = Value::Null;
        let mut issued_id = None;
        let mut events = Vec::new();
        if let Some(Prepared {
            id,
            key_ref,
            slot,
            documents,
        }) = prepared.filter(|_| input.outcome == Outcome::Validated)
        {
            let digest = crate::domain::credential::digest_multibase(&documents[0].body);
            let stored = tx
                .insert_credential(&NewCredential {
                    id,
                    provider_id: provider.id,
                    learner_id: learner.id,
                    kind: "unit",
                    unit_id: Some(unit_id),
                    profile_id: profile.id,
                    key_ref: &key_ref,
                    issued_at: now,
                    status: slot,
                    documents,
                })
                .await?;
            if stored {
                issued_id = Some(id);
                events.push(audit::issued(actor, id, "unit", learner.id, &digest));
            }
        }
        tx.insert_assessment(&NewAssessmentRow {
            id: assessment_id,
            provider_id: provider.id,
            learner_id: learner.id,
            unit_id,
            assessed_on: input.assessed_on,
            outcome: input.outcome,
            assessor: input.assessor.trim(),
            assessment_type,
            remediation_note: input.remediation_note.as_deref(),
            created_at: now,
            import_key: None,
            credential_id: issued_id,
            route: route.as_ref(),
        })
        .await?;
        let mut detail = json!({"learner_id": learner.id, "profile": profile.def.code, "version": profile.def.version,
               "unit": unit.code, "assessed_on": input.assessed_on.to_string(),
               "outcome": input.outcome.as_str(), "assessor": input.assessor.trim()});
        if let Some(r) = &route {
            detail["route"] = json!(r.as_str());
        }
        events.insert(
            0,
            audit::Event::new(actor, "assessment.recorded", assessment_id, detail),
        );
        let mut qualification = None;
        if let Some(id) = issued_id {
            if !profile.locked {
                tx.lock_profile(profile.id).await?;
            }
            qualification = crate::services::awards::award_if_complete(
                state, tx, provider, &learner, &profile, now,
            )
            .await?;
            events.extend(audit::award(
                actor,
                learner.id,
                &profile.def,
                qualification.as_ref(),
            ));
            credential = json!({"id": id, "issued": true});
        } else if input.outcome == Outcome::Validated {
            let id = tx
                .unit_credential_id(learner.id, unit_id)
                .await?
                .ok_or_else(|| anyhow::anyhow!("validated unit without credential"))?;
            credential = json!({"id": id, "issued": false});
        }
        let mut assessment = json!({
            "id": assessment_id,
            "learner_id": learner.id,
            "profile_code": profile.def.code,
            "profile_version": profile.def.version,
            "unit_code": unit.code,
            "assessed_on": input.assessed_on,
            "outcome": input.outcome,
            "assessor": input.assessor.trim(),
            "assessment_type": assessment_type,
            "remediation_note": input.remediation_note,
        });
        if let Some(r) = &route {
            assessment["route"] = json!(r);
        }
        Ok(Written {
            assessment_id,
            assessment,
            credential,
            qualification,
            events,
        })
    }
}
