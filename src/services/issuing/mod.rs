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
use uuid::Uuid;

use crate::crypto::keys::SigningKeyPair;
use crate::domain::ValidationErrors;
use crate::domain::assessment::{NewAssessment, Outcome};
use crate::domain::credential::{UnitCredentialInput, build_unit_credential};
use crate::domain::provider::Provider;
use crate::error::{ApiError, ApiResult};
use crate::services::Services;
use crate::services::audit;
use crate::services::forms::sign_issued;
use crate::storage::{
    CredentialDocument, IdempotencyClaim, NewAssessmentRow, NewCredential, StatusSlot, Tx,
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

pub async fn record_assessment(
    state: &Services,
    provider: &Provider,
    actor: &str,
    input: NewAssessment,
    idempotency: Option<Idempotency>,
) -> ApiResult<Recorded> {
    let now = state.clock.now();
    input.validate(now.date()).map_err(ApiError::Validation)?;
    let learner = state
        .store
        .learner(provider.id, input.learner_id)
        .await?
        .ok_or(ApiError::NotFound("learner"))?;
    // A profile version and its units' ids, held in memory until the referential changes.
    let key = format!(
        "profile {} {} {}",
        provider.id, input.profile_code, input.profile_version
    );
    // Not found is not kept: the profile may be imported a moment later.
    let load = async {
        let profile = state
            .store
            .profile(provider.id, &input.profile_code, input.profile_version)
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
        .unit(&input.unit_code)
        .ok_or(ApiError::NotFound("unit"))?
        .clone();
    let unit_id = unit_ids
        .iter()
        .find(|(code, _)| *code == unit.code)
        .map(|(_, id)| *id)
        .ok_or(ApiError::NotFound("unit"))?;
    let assessment_type = input.assessment_type.unwrap_or(unit.assessment_type);

    // Sign ahead of the transaction when this attempt may be the first validation.
    let mut prepared = None;
    if input.outcome == Outcome::Validated && !state.store.holds_unit(learner.id, unit_id).await? {
        let key: Arc<SigningKeyPair> = state.keyring.signing_key(&state.store, provider).await?;
        let slot = state.slots.take(state, provider).await?;
        let id = Uuid::new_v4();
        let unsecured = build_unit_credential(&UnitCredentialInput {
            id,
            public_url: &state.settings.public_url,
            provider,
            profile: &profile.def,
            unit: &unit,
            learner: &learner,
            assessed_on: input.assessed_on,
            assessment_type,
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

    let issuer = Arc::clone(&state.issuer);
    let (state, provider, actor) = (state.clone(), provider.clone(), actor.to_owned());
    let learner_id = learner.id;
    let work: commit::Work = Box::new(move |tx: &mut Tx| {
        Box::pin(async move {
            let job = Job {
                state: &state,
                provider: &provider,
                actor: &actor,
                input: &input,
                learner: &learner,
                profile: &profile,
                unit: &unit,
                unit_id,
                assessment_type,
                now,
            };
            job.write(tx, idempotency, prepared).await
        })
    });
    issuer.run(learner_id, work).await
}

/// What a request writes, with what it read before.
struct Job<'a> {
    state: &'a Services,
    provider: &'a Provider,
    actor: &'a str,
    input: &'a NewAssessment,
    learner: &'a crate::domain::learner::Learner,
    profile: &'a crate::storage::StoredProfile,
    unit: &'a crate::domain::referential::UnitDef,
    unit_id: Uuid,
    assessment_type: crate::domain::referential::AssessmentType,
    now: time::OffsetDateTime,
}

impl Job<'_> {
    /// The request's writes inside the batch's transaction.
    async fn write(
        self,
        tx: &mut Tx,
        idempotency: Option<Idempotency>,
        prepared: Option<Prepared>,
    ) -> ApiResult<commit::Done> {
        let Job {
            state,
            provider,
            actor,
            input,
            learner,
            profile,
            unit,
            unit_id,
            assessment_type,
            now,
        } = self;
        let done = |recorded, events| commit::Done {
            recorded,
            provider_id: provider.id,
            at: now,
            events,
        };
        if let Some(idem) = &idempotency {
            match tx
                .claim_idempotency(provider.id, &idem.key, &idem.request_hash, now)
                .await?
            {
                IdempotencyClaim::Fresh => {}
                IdempotencyClaim::Replay { status, body } => {
                    let recorded = Recorded {
                        status: StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
                        body,
                        replayed: true,
                    };
                    return Ok(done(recorded, Vec::new()));
                }
                IdempotencyClaim::Mismatch => {
                    return Err(ApiError::Validation(ValidationErrors::single(
                        "Idempotency-Key",
                        "this key was already used for a different request",
                    )));
                }
            }
        }
        // The credential first, so that the assessment is written once, pointing to it.
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
        })
        .await?;
        events.insert(
            0,
            audit::Event::new(
                actor,
                "assessment.recorded",
                assessment_id,
                json!({"learner_id": learner.id, "profile": profile.def.code, "version": profile.def.version,
                       "unit": unit.code, "assessed_on": input.assessed_on.to_string(),
                       "outcome": input.outcome.as_str(), "assessor": input.assessor.trim()}),
            ),
        );
        let mut qualification = None;
        if let Some(id) = issued_id {
            if !profile.locked {
                tx.lock_profile(profile.id).await?;
            }
            qualification = crate::services::awards::award_if_complete(
                state, tx, provider, learner, profile, now,
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

        let body = serde_json::to_vec(&json!({
            "assessment": {
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
            },
            "credential": credential,
            "qualification": qualification,
        }))
        .map_err(anyhow::Error::from)?;
        if let Some(idem) = &idempotency {
            tx.complete_idempotency(provider.id, &idem.key, StatusCode::CREATED.as_u16(), &body)
                .await?;
        }
        let recorded = Recorded {
            status: StatusCode::CREATED,
            body,
            replayed: false,
        };
        Ok(done(recorded, events))
    }
}
