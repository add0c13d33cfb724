//! Recognition of foreign units (ECVET transfer): a learner brings a unit credential issued
//! elsewhere; it is verified (signature, status, validity, trust, holder), the local unit it
//! is equivalent to is proposed from the profile's recognition table (or named by an admin),
//! and the decision is recorded. An accepted recognition is issued as a signed recognition
//! credential, a unit credential of this provider, so it counts toward the qualification
//! exactly like a local validation; the qualification credential then references the foreign
//! credential by id and digest as well.

use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::domain::ValidationErrors;
use crate::domain::credential::{
    RecognisedCredential, UnitCredentialInput, build_recognition_credential, digest_multibase,
};
use crate::domain::learner::Learner;
use crate::domain::provider::Provider;
use crate::error::{ApiError, ApiResult};
use crate::services::Services;
use crate::services::audit;
use crate::services::forms::sign_issued;
use crate::services::verification::ServerVerification;
use crate::storage::{
    NewCredential, NewRecognition, RecognitionRecord, StoreError, StoredProfile, Tx,
};
use crate::verify::Verification;

mod received;

pub use received::{Received, receive};
use received::{achievement, refusal, subject_match, summary};

/// A local unit named by the caller.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalUnit {
    pub profile_code: String,
    pub profile_version: u32,
    pub unit_code: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    /// The credential: a JSON object (embedded proof), its exact JSON text as a string, a
    /// compact `vc+jwt`, or an `EnvelopedVerifiableCredential`.
    pub credential: Value,
    /// Maps the credential to this local unit instead of the recognition table.
    #[serde(default)]
    pub unit: Option<LocalUnit>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// `accept` or `refuse`.
    pub decision: String,
    pub reason: String,
    /// Overrides (or supplies) the proposed local unit.
    #[serde(default)]
    pub unit: Option<LocalUnit>,
}

async fn local_unit(
    state: &Services,
    provider: &Provider,
    unit: &LocalUnit,
) -> ApiResult<StoredProfile> {
    let profile = state
        .store
        .profile(provider.id, &unit.profile_code, unit.profile_version)
        .await?
        .ok_or(ApiError::NotFound("profile"))?;
    profile
        .def
        .unit(&unit.unit_code)
        .ok_or(ApiError::NotFound("unit"))?;
    Ok(profile)
}

/// Records a submitted foreign credential: verified, matched to the learner, mapped to a local
/// unit where the recognition table (or the caller) says so, or refused with the reason.
/// Returns the record and whether it is new (the same bytes already open are answered again).
pub async fn submit(
    state: &Services,
    provider: &Provider,
    actor: &str,
    learner_id: Uuid,
    input: Submission,
) -> ApiResult<(RecognitionRecord, bool)> {
    let learner = state
        .store
        .learner(provider.id, learner_id)
        .await?
        .ok_or(ApiError::NotFound("learner"))?;
    let received = receive(&input.credential)?;
    let digest = digest_multibase(&received.bytes);
    if let Some(open) = state
        .store
        .open_recognition(provider.id, learner.id, &digest)
        .await?
    {
        return Ok((open, false));
    }
    let manual = match &input.unit {
        Some(u) => Some((local_unit(state, provider, u).await?, u.unit_code.clone())),
        None => None,
    };
    let (v, subject, refused) = examine(state, provider, &learner, &received).await?;
    let credential = v.credential.clone().unwrap_or(Value::Null);
    let achievement = achievement(&credential);
    let achievement_id = achievement
        .as_ref()
        .and_then(|a| a.get("id"))
        .and_then(Value::as_str);
    let achievement_version = achievement
        .as_ref()
        .and_then(|a| a.get("version"))
        .and_then(Value::as_str);
    let (proposal, basis) = match (&manual, achievement_id, &refused) {
        (_, _, Some(_)) => (None, None),
        (Some((profile, unit)), _, None) => (Some((profile.id, unit.clone())), Some("manual")),
        (None, Some(aid), None) => {
            // An EDC may also be named by its title and ECVET points.
            let mut keys = vec![(aid.to_owned(), achievement_version.unwrap_or("").to_owned())];
            if crate::europass::read::is_edc(&credential) {
                keys = crate::europass::read::recognition_keys(&credential);
            }
            let mut lines = Vec::new();
            for (key, version) in &keys {
                lines = state
                    .store
                    .equivalences_for(provider.id, key, version)
                    .await?;
                if !lines.is_empty() {
                    break;
                }
            }
            match lines.first() {
                Some(l) => (
                    Some((l.profile_id, l.unit_code.clone())),
                    Some("equivalence_table"),
                ),
                None => (None, None),
            }
        }
        (None, None, None) => (None, None),
    };
    let verification = summary(&v, &subject);
    let id = Uuid::now_v7();
    let now = state.clock.now();
    let inserted = state
        .store
        .insert_recognition(&NewRecognition {
            id,
            provider_id: provider.id,
            learner_id: learner.id,
            body: &received.bytes,
            media_type: received.media_type,
            digest: &digest,
            foreign_credential_id: v.credential_id.as_deref(),
            foreign_issuer: v.issuer.as_deref(),
            foreign_achievement_id: achievement_id,
            foreign_achievement_version: achievement_version,
            verification: &verification,
            profile_id: proposal.as_ref().map(|p| p.0),
            unit_code: proposal.as_ref().map(|p| p.1.as_str()),
            basis,
            refusal: refused.as_ref().map(|(c, r)| (c.as_str(), r.as_str())),
            submitted_by: actor,
            submitted_at: now,
        })
        .await;
    match inserted {
        Ok(()) => {}
        // A concurrent submission of the same bytes won: answer with it.
        Err(StoreError::Duplicate(_)) => {
            if let Some(open) = state
                .store
                .open_recognition(provider.id, learner.id, &digest)
                .await?
            {
                return Ok((open, false));
            }
            return Err(ApiError::Conflict(
                "recognition_conflict",
                "the same credential was submitted at the same moment; retry".into(),
            ));
        }
        Err(e) => return Err(e.into()),
    }
    let mut tx = state.store.begin().await?;
    let mut events = vec![audit::Event::new(
        actor,
        "recognition.submitted",
        id,
        json!({"learner_id": learner.id, "foreign_credential_id": v.credential_id, "issuer": v.issuer,
               "digestMultibase": digest, "proposed_unit": proposal.as_ref().map(|p| &p.1), "basis": basis}),
    )];
    if let Some((code, reason)) = &refused {
        events.push(audit::Event::new(
            "verifier",
            "recognition.refused",
            id,
            json!({"code": code, "reason": reason}),
        ));
    }
    audit::append(&mut tx, provider.id, now, &events).await?;
    tx.commit().await?;
    let record = state
        .store
        .recognition(provider.id, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("recognition {id} vanished"))?;
    Ok((record, true))
}

/// What an accepted recognition issued.
pub struct Accepted {
    pub record: RecognitionRecord,
    pub credential_id: Option<Uuid>,
    pub qualification: Option<Value>,
}

/// Accepts or refuses a proposed recognition. Accepting verifies the credential again (its
/// status may have changed since it was submitted), issues the recognition credential and
/// awards the qualification if it is now complete; all in one transaction.
pub async fn decide(
    state: &Services,
    provider: &Provider,
    actor: &str,
    id: Uuid,
    input: Decision,
) -> ApiResult<Accepted> {
    let reason = input.reason.trim();
    let mut errors = ValidationErrors::default();
    if reason.is_empty() {
        errors.push("reason", "say on what basis the decision is taken");
    }
    if input.decision != "accept" && input.decision != "refuse" {
        errors.push("decision", "accept or refuse");
    }
    errors.into_result().map_err(ApiError::Validation)?;
    let record = state
        .store
        .recognition(provider.id, id)
        .await?
        .ok_or(ApiError::NotFound("recognition"))?;
    if record.status != "proposed" {
        return Err(decided());
    }
    let now = state.clock.now();
    if input.decision == "refuse" {
        return refuse(state, provider, id, "refused_by_decision", reason, actor).await;
    }

    // Which local unit: the caller's, else the proposal.
    let (profile, unit_code, basis) = match (&input.unit, &record.profile_code) {
        (Some(u), _) => (
            local_unit(state, provider, u).await?,
            u.unit_code.clone(),
            "manual",
        ),
        (None, Some(code)) => {
            let version = record.profile_version.unwrap_or_default() as u32;
            let profile = state
                .store
                .profile(provider.id, code, version)
                .await?
                .ok_or(ApiError::NotFound("profile"))?;
            (
                profile,
                record.unit_code.clone().unwrap_or_default(),
                record.basis.as_deref().unwrap_or("manual"),
            )
        }
        (None, None) => {
            return Err(ApiError::Validation(ValidationErrors::single(
                "unit",
                "the recognition table proposes no local unit for this credential; name one",
            )));
        }
    };
    let unit = profile
        .def
        .unit(&unit_code)
        .ok_or(ApiError::NotFound("unit"))?;
    let unit_id = state
        .store
        .unit_id(profile.id, &unit.code)
        .await?
        .ok_or(ApiError::NotFound("unit"))?;
    let learner = state
        .store
        .learner(provider.id, record.learner_id)
        .await?
        .ok_or(ApiError::NotFound("learner"))?;

    // Verify again: a foreign unit revoked since it was submitted is not recognised.
    let body = state
        .store
        .recognition_body(provider.id, id)
        .await?
        .ok_or(ApiError::NotFound("recognition"))?;
    let received = receive(&Value::String(
        String::from_utf8(body).map_err(anyhow::Error::from)?,
    ))?;
    let (v, _, refused) = examine(state, provider, &learner, &received).await?;
    if let Some((code, why)) = refused {
        let reason = format!("no longer verifies: {why}");
        return refuse(state, provider, id, &code, &reason, "verifier").await;
    }
    let credential = v.credential.clone().unwrap_or(Value::Null);

    let foreign_id = record.foreign_credential_id.clone().unwrap_or_default();
    let foreign_issuer = record.foreign_issuer.clone().unwrap_or_default();
    let achievement = achievement(&credential);
    let assessed_on = ["awardedDate", "validFrom"]
        .iter()
        .find_map(|k| credential.get(*k).and_then(Value::as_str))
        .and_then(crate::support::clock::parse_datetime)
        .map(|t| t.date())
        .filter(|d| *d <= now.date())
        .unwrap_or(now.date());
    let credential_id = Uuid::new_v4();
    let slot = crate::services::status::reserve_one(state, provider).await?;
    let unsecured = build_recognition_credential(
        &UnitCredentialInput {
            id: credential_id,
            public_url: &state.settings.public_url,
            provider,
            profile: &profile.def,
            unit,
            learner: &learner,
            assessed_on,
            assessment_type: unit.assessment_type,
            route: None,
            issued_at: now,
        },
        &RecognisedCredential {
            id: &foreign_id,
            digest: &record.digest,
            media_type: &record.media_type,
            issuer: &foreign_issuer,
            issuer_name: v.trust.as_ref().and_then(|t| t.name.as_deref()),
            achievement_name: achievement
                .as_ref()
                .and_then(|a| a.get("name"))
                .and_then(Value::as_str),
            basis,
        },
    );
    let key = state.keyring.signing_key(&state.store, provider).await?;
    let documents = sign_issued(state, provider, unsecured, slot, &key, now)?;
    let digest = digest_multibase(&documents[0].body);
    let key_ref = crate::crypto::keys::key_ref(&key.verifying_key());

    let mut tx = state.store.begin().await?;
    tx.lock_learner(learner.id).await?;
    still_proposed(&mut tx, provider, id).await?;
    let stored = tx
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
    if !stored {
        return Err(ApiError::Conflict(
            "unit_already_validated",
            format!(
                "the learner already holds a credential for {}; nothing to recognise",
                unit.code
            ),
        ));
    }
    tx.decide_recognition(
        id,
        "accepted",
        None,
        Some(profile.id),
        Some(&unit.code),
        Some(basis),
        reason,
        actor,
        now,
        Some(credential_id),
    )
    .await?;
    tx.lock_profile(profile.id).await?;
    let mut events = vec![
        audit::Event::new(
            actor,
            "recognition.accepted",
            id,
            json!({"unit": unit.code, "profile": profile.def.code, "version": profile.def.version,
                   "basis": basis, "reason": reason, "credential_id": credential_id}),
        ),
        audit::issued(actor, credential_id, "unit", learner.id, &digest),
    ];
    let qualification = crate::services::awards::award_if_complete(
        state, &mut tx, provider, &learner, &profile, now,
    )
    .await?;
    events.extend(audit::award(
        actor,
        learner.id,
        &profile.def,
        qualification.as_ref(),
    ));
    audit::append(&mut tx, provider.id, now, &events).await?;
    tx.commit().await?;
    Ok(Accepted {
        record: reload(state, provider, id).await?,
        credential_id: Some(credential_id),
        qualification,
    })
}

fn decided() -> ApiError {
    ApiError::Conflict(
        "recognition_decided",
        "this recognition was already decided".into(),
    )
}

/// Locks the recognition for its decision; 409 if another decision got there first.
async fn still_proposed(tx: &mut Tx, provider: &Provider, id: Uuid) -> ApiResult<()> {
    let status = tx
        .lock_recognition(provider.id, id)
        .await?
        .ok_or(ApiError::NotFound("recognition"))?;
    if status != "proposed" {
        return Err(decided());
    }
    Ok(())
}

/// Records a refusal (by a person, or by the verifier when the credential no longer holds).
async fn refuse(
    state: &Services,
    provider: &Provider,
    id: Uuid,
    code: &str,
    reason: &str,
    by: &str,
) -> ApiResult<Accepted> {
    let now = state.clock.now();
    let mut tx = state.store.begin().await?;
    still_proposed(&mut tx, provider, id).await?;
    tx.decide_recognition(
        id,
        "refused",
        Some(code),
        None,
        None,
        None,
        reason,
        by,
        now,
        None,
    )
    .await?;
    let event = audit::Event::new(
        by,
        "recognition.refused",
        id,
        json!({"code": code, "reason": reason}),
    );
    audit::append(&mut tx, provider.id, now, &[event]).await?;
    tx.commit().await?;
    Ok(Accepted {
        record: reload(state, provider, id).await?,
        credential_id: None,
        qualification: None,
    })
}

/// Verifies a received credential on this server and judges it for this learner.
async fn examine(
    state: &Services,
    provider: &Provider,
    learner: &Learner,
    received: &Received,
) -> ApiResult<(
    Verification,
    (&'static str, String),
    Option<(String, String)>,
)> {
    let server = ServerVerification::new(state).await?;
    let v = server
        .verifier()
        .verify(&received.input)
        .await
        .map_err(|e| ApiError::Internal(anyhow::Error::new(e)))?;
    let subject = subject_match(v.credential.as_ref().unwrap_or(&Value::Null), learner);
    let refused = refusal(&v, provider, &subject);
    Ok((v, subject, refused))
}

async fn reload(state: &Services, provider: &Provider, id: Uuid) -> ApiResult<RecognitionRecord> {
    state
        .store
        .recognition(provider.id, id)
        .await?
        .ok_or(ApiError::NotFound("recognition"))
}
