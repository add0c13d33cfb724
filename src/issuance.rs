//! Recording assessments and issuing unit credentials.
//!
//! The credential is built and signed (in its default form) before the transaction opens, so
//! the transaction stays short; inside it, the assessment, the credential and its signed
//! documents, and the idempotency record are written together or not at all. The database's
//! unique index on (learner, unit) is what guarantees a single credential per validated unit,
//! even when two assessments arrive at the same moment: the loser's pre-signed credential is
//! simply discarded.

use axum::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::audit;
use crate::crypto::di::{self, Cryptosuite, ProofOptions};
use crate::crypto::jose;
use crate::crypto::keys::SigningKeyPair;
use crate::domain::ValidationErrors;
use crate::domain::assessment::{NewAssessment, Outcome};
use crate::domain::credential::{FORMAT_DI_JCS, FORMAT_DI_RDFC, FORMAT_EDC, FORMAT_JWT, MEDIA_VC};
use crate::domain::credential::{UnitCredentialInput, build_unit_credential};
use crate::domain::provider::Provider;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::storage::{CredentialDocument, IdempotencyClaim, NewAssessmentRow, NewCredential};

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

/// Every form a credential can be fetched in. Only the default one is signed at issuance;
/// the others are signed the first time they are asked for, then stored like the first. The
/// `edc` form is the European Digital Credential, sealed with the provider's e-seal.
pub const FORMATS: [&str; 4] = [FORMAT_DI_RDFC, FORMAT_DI_JCS, FORMAT_JWT, FORMAT_EDC];

/// Signs `unsecured` in one form.
pub fn sign_form(
    state: &AppState,
    unsecured: &Value,
    key: &SigningKeyPair,
    at: time::OffsetDateTime,
    format: &str,
) -> anyhow::Result<CredentialDocument> {
    let suite = match format {
        FORMAT_DI_RDFC => Cryptosuite::EddsaRdfc2022,
        FORMAT_DI_JCS => Cryptosuite::EddsaJcs2022,
        FORMAT_JWT => {
            let token = jose::sign(&serde_json::to_vec(unsecured)?, key)?;
            return Ok(CredentialDocument {
                format: FORMAT_JWT.to_owned(),
                media_type: jose::MEDIA_TYPE.to_owned(),
                body: token.into_bytes(),
            });
        }
        other => anyhow::bail!("unknown credential format {other}"),
    };
    let options = ProofOptions {
        suite,
        verification_method: key.vm_id(),
        created: at,
        proof_purpose: "assertionMethod",
    };
    let secured = di::add_proof(unsecured, &options, key, state.loader)?;
    Ok(CredentialDocument {
        format: format.to_owned(),
        media_type: MEDIA_VC.to_owned(),
        body: serde_json::to_vec(&secured)?,
    })
}

/// The documents stored at issuance: the default form, eddsa-rdfc-2022, whose exact bytes
/// qualification credentials reference by digest.
pub fn sign_default(
    state: &AppState,
    unsecured: &Value,
    key: &SigningKeyPair,
    at: time::OffsetDateTime,
) -> anyhow::Result<Vec<CredentialDocument>> {
    Ok(vec![sign_form(state, unsecured, key, at, FORMAT_DI_RDFC)?])
}

/// A stored credential in `format`, signing and storing that form on first request. The
/// content is the stored default document's, proof removed, so every form says the same thing.
/// Two concurrent first requests store one document; both answer with it.
pub async fn credential_document(
    state: &AppState,
    provider: &Provider,
    credential_id: Uuid,
    format: &str,
) -> ApiResult<CredentialDocument> {
    if !FORMATS.contains(&format) {
        return Err(ApiError::Validation(ValidationErrors::single(
            "format",
            "one of di-rdfc, di-jcs, vc-jwt, edc",
        )));
    }
    if let Some(doc) = state
        .store
        .credential_document(credential_id, format)
        .await?
    {
        return Ok(doc);
    }
    let doc = if format == FORMAT_EDC {
        let record = state
            .store
            .credential(provider.id, credential_id)
            .await?
            .ok_or(ApiError::NotFound("credential"))?;
        crate::europass::forms::render(state, provider, &record).await?
    } else {
        let base = state
            .store
            .credential_document(credential_id, FORMAT_DI_RDFC)
            .await?
            .ok_or(ApiError::NotFound("credential"))?;
        let secured: Value = serde_json::from_slice(&base.body).map_err(anyhow::Error::from)?;
        let (unsecured, _) = di::split_proofs(&secured).map_err(anyhow::Error::from)?;
        let key = state.keyring.signing_key(&state.store, provider).await?;
        sign_form(state, &unsecured, &key, state.clock.now(), format)?
    };
    state
        .store
        .insert_credential_document(credential_id, &doc)
        .await?;
    Ok(state
        .store
        .credential_document(credential_id, format)
        .await?
        .ok_or_else(|| anyhow::anyhow!("credential document vanished"))?)
}

pub async fn record_assessment(
    state: &AppState,
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
    let profile = state
        .store
        .profile(provider.id, &input.profile_code, input.profile_version)
        .await?
        .ok_or(ApiError::NotFound("profile"))?;
    let unit = profile
        .def
        .unit(&input.unit_code)
        .ok_or(ApiError::NotFound("unit"))?;
    let unit_id = state
        .store
        .unit_id(profile.id, &unit.code)
        .await?
        .ok_or(ApiError::NotFound("unit"))?;
    let assessment_type = input.assessment_type.unwrap_or(unit.assessment_type);

    // Sign ahead of the transaction when this attempt may be the first validation.
    let mut prepared = None;
    if input.outcome == Outcome::Validated {
        let already = state
            .store
            .credentials(provider.id, Some(learner.id))
            .await?;
        if !already
            .iter()
            .any(|c| c.kind == "unit" && c.unit_id == Some(unit_id) && c.status != "revoked")
        {
            let key = state.keyring.signing_key(&state.store, provider).await?;
            let credential_id = Uuid::new_v4();
            let slot = crate::credential_status::reserve_one(state, provider).await?;
            let mut unsecured = build_unit_credential(&UnitCredentialInput {
                id: credential_id,
                public_url: &state.config.public_url,
                provider,
                profile: &profile.def,
                unit,
                learner: &learner,
                assessed_on: input.assessed_on,
                assessment_type,
                issued_at: now,
            });
            crate::domain::status_list::embed(
                &mut unsecured,
                &state.config.public_url,
                &provider.slug,
                slot,
            );
            let docs = sign_default(state, &unsecured, &key, now)?;
            prepared = Some((credential_id, key, slot, docs));
        }
    }

    let mut tx = state.store.begin().await?;
    if let Some(idem) = &idempotency {
        match tx
            .claim_idempotency(provider.id, &idem.key, &idem.request_hash, now)
            .await?
        {
            IdempotencyClaim::Fresh => {}
            IdempotencyClaim::Replay { status, body } => {
                return Ok(Recorded {
                    status: StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
                    body,
                    replayed: true,
                });
            }
            IdempotencyClaim::Mismatch => {
                return Err(ApiError::Validation(ValidationErrors::single(
                    "Idempotency-Key",
                    "this key was already used for a different request",
                )));
            }
        }
    }
    tx.lock_learner(learner.id).await?;
    let assessment_id = Uuid::new_v4();
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
        credential_id: None,
    })
    .await?;

    let mut events = vec![audit::Event::new(
        actor,
        "assessment.recorded",
        assessment_id,
        json!({"learner_id": learner.id, "profile": profile.def.code, "version": profile.def.version,
               "unit": unit.code, "assessed_on": input.assessed_on.to_string(),
               "outcome": input.outcome.as_str(), "assessor": input.assessor.trim()}),
    )];
    let mut credential = Value::Null;
    let mut qualification = None;
    if input.outcome == Outcome::Validated {
        let mut issued = false;
        if let Some((credential_id, key, slot, documents)) = prepared {
            let key_ref = crate::crypto::keys::key_ref(&key.verifying_key());
            let digest = crate::domain::credential::digest_multibase(&documents[0].body);
            issued = tx
                .insert_credential(&NewCredential {
                    id: credential_id,
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
            if issued {
                tx.link_assessment(assessment_id, credential_id).await?;
                tx.lock_profile(profile.id).await?;
                events.push(audit::issued(
                    actor,
                    credential_id,
                    "unit",
                    learner.id,
                    &digest,
                ));
                qualification = crate::qualification::award_if_complete(
                    state, &mut tx, provider, &learner, &profile, now,
                )
                .await?;
                events.extend(audit::award(
                    actor,
                    learner.id,
                    &profile.def,
                    qualification.as_ref(),
                ));
            }
        }
        let id = tx
            .unit_credential_id(learner.id, unit_id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("validated unit without credential"))?;
        credential = json!({"id": id, "issued": issued});
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
    audit::append(&mut tx, provider.id, now, &events).await?;
    tx.commit().await?;
    Ok(Recorded {
        status: StatusCode::CREATED,
        body,
        replayed: false,
    })
}
