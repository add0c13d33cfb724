//! Qualifications: progress against a profile's rule, and the award of the qualification
//! credential when the rule is satisfied (at once, or after a jury decision).
//!
//! Everything here that writes runs inside the caller's transaction, after the learner's row
//! has been locked (`Tx::lock_learner`), so two assessments completing the same qualification
//! at the same moment are serialised and the second one sees the first one's unit.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;
use serde_json::{Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::assessment::{Assessment, Outcome};
use crate::domain::clr::{ClrInput, RecordEntry, build_clr};
use crate::domain::credential::FORMAT_DI_RDFC;
use crate::domain::credential::{
    QualificationCredentialInput, QualifyingUnit, build_qualification_credential, digest_multibase,
};
use crate::domain::learner::Learner;
use crate::domain::provider::Provider;
use crate::domain::referential::{AwardMode, ProfileDef, RuleOutcome};
use crate::error::{ApiError, ApiResult};
use crate::services::Services;
use crate::services::forms::sign_issued;
use crate::storage::{HeldUnit, NewCredential, StoredProfile, Tx};

/// How a unit of the profile is covered by a credential the learner holds.
#[derive(Debug, Clone, Serialize)]
pub struct Covered {
    pub credential_id: Uuid,
    /// `direct`, `equivalence` (a unit of an older version of the profile), or
    /// `recognition` (a foreign unit credential recognised as this unit).
    pub via: &'static str,
    /// The foreign credential a recognition rests on.
    #[serde(skip)]
    pub foreign: Option<ForeignPart>,
}

/// A foreign unit credential a qualification rests on (through a recognition).
#[derive(Debug, Clone)]
pub struct ForeignPart {
    pub id: String,
    pub digest: String,
    pub media_type: String,
}

fn foreign_part(h: &HeldUnit) -> Option<ForeignPart> {
    Some(ForeignPart {
        id: h.foreign_id.clone()?,
        digest: h.foreign_digest.clone()?,
        media_type: h.foreign_media_type.clone()?,
    })
}

/// The units of `profile` covered by the learner's unit credentials, directly or through
/// the profile's equivalences with older versions.
pub fn covered_units(profile: &ProfileDef, held: &[HeldUnit]) -> BTreeMap<String, Covered> {
    let mut covered = BTreeMap::new();
    for h in held.iter().filter(|h| h.profile_code == profile.code) {
        if h.profile_version == profile.version as i32 && profile.unit(&h.unit_code).is_some() {
            covered.insert(
                h.unit_code.clone(),
                Covered {
                    credential_id: h.credential_id,
                    via: if h.foreign_id.is_some() {
                        "recognition"
                    } else {
                        "direct"
                    },
                    foreign: foreign_part(h),
                },
            );
        }
    }
    for eq in &profile.equivalences {
        if covered.contains_key(&eq.unit) {
            continue;
        }
        if let Some(h) = held.iter().find(|h| {
            h.profile_code == profile.code
                && h.profile_version == eq.from_version as i32
                && h.unit_code == eq.from_unit
        }) {
            covered.insert(
                eq.unit.clone(),
                Covered {
                    credential_id: h.credential_id,
                    via: "equivalence",
                    foreign: foreign_part(h),
                },
            );
        }
    }
    covered
}

pub fn evaluate(profile: &ProfileDef, covered: &BTreeMap<String, Covered>) -> RuleOutcome {
    let validated: BTreeSet<String> = covered.keys().cloned().collect();
    profile.evaluate(&validated)
}

/// The learner's standing for one profile version (API and CLI).
pub fn progress(
    profile: &StoredProfile,
    covered: &BTreeMap<String, Covered>,
    assessments: &[Assessment],
    revoked: &[crate::storage::RevokedUnit],
    awaiting: &[crate::storage::WorkplaceResult],
    award: Option<Value>,
) -> Value {
    let def = &profile.def;
    let outcome = evaluate(def, covered);
    let units: Vec<Value> = def
        .units
        .iter()
        .map(|u| {
            let tried: Vec<&Assessment> = assessments
                .iter()
                .filter(|a| a.profile_code == def.code && a.profile_version == def.version && a.unit_code == u.code)
                .collect();
            let (status, extra) = match covered.get(&u.code) {
                // A unit recognised from another provider's credential says so.
                Some(c) if c.via == "recognition" => ("recognised", json!({"credential_id": c.credential_id, "via": c.via,
                    "recognised_from": c.foreign.as_ref().map(|f| &f.id)})),
                Some(c) => {
                    // How it was validated: by the school, a jury (prior learning) or at work.
                    let route = assessments
                        .iter()
                        .find(|a| a.credential_id == Some(c.credential_id))
                        .map_or("school", |a| a.route.as_ref().map_or("school", |r| r.as_str()));
                    ("validated", json!({"credential_id": c.credential_id, "via": c.via, "route": route}))
                }
                // Validated once, but its credential was revoked: it counts no more.
                None if let Some(r) = revoked.iter().rev().find(|r| {
                    r.unit_code == u.code
                        && r.profile_code == def.code
                        && r.profile_version == i32::try_from(def.version).unwrap_or(-1)
                }) =>
                {
                    ("revoked", json!({"credential_id": r.credential_id, "revoked_reason": r.reason,
                                       "revoked_at": r.revoked_at.map(crate::support::clock::format_utc)}))
                }
                None if let Some(w) = awaiting.iter().find(|w| {
                    w.unit_code == u.code
                        && w.profile_code == def.code
                        && w.profile_version == i32::try_from(def.version).unwrap_or(-1)
                }) =>
                {
                    ("awaiting_cosignature", json!({"workplace_result_id": w.id, "tutor": w.tutor,
                                                   "assessed_on": w.assessed_on}))
                }
                None => match tried.last() {
                    Some(a) if a.outcome == Outcome::NotValidated => (
                        "remediation",
                        json!({"failed_attempts": tried.iter().filter(|a| a.outcome == Outcome::NotValidated).count(),
                               "remediation_note": a.remediation_note}),
                    ),
                    _ => ("pending", json!({})),
                },
            };
            let mut v = json!({"unit_code": u.code, "ecvet_points": u.ecvet_points, "mandatory": def.is_mandatory(&u.code),
                               "status": status});
            if let (Some(o), Some(e)) = (v.as_object_mut(), extra.as_object()) {
                o.extend(e.clone());
            }
            v
        })
        .collect();
    let earned: f64 = def
        .units
        .iter()
        .filter(|u| covered.contains_key(&u.code))
        .map(|u| u.ecvet_points)
        .sum();
    // What is left: "2 of 6 units; these 4 remain", with their points.
    let remaining: Vec<Value> = def
        .units
        .iter()
        .filter(|u| !covered.contains_key(&u.code))
        .map(|u| {
            json!({"unit_code": u.code, "title": u.title, "ecvet_points": u.ecvet_points,
                        "mandatory": def.is_mandatory(&u.code)})
        })
        .collect();
    let validated = def.units.len() - remaining.len();
    json!({
        "profile_code": def.code, "profile_version": def.version,
        "units": units,
        "units_validated": validated, "units_total": def.units.len(), "remaining": remaining,
        "ecvet_points_earned": earned, "ecvet_points_required": def.required_ecvet_points(),
        "ecvet_points_total": def.total_ecvet_points(),
        "rule": outcome,
        "award": award,
    })
}

/// Progress of a learner for one profile version, or for every profile version they have
/// started (an assessment recorded or a unit covered).
pub async fn learner_progress(
    state: &Services,
    provider_id: Uuid,
    learner_id: Uuid,
    only: Option<(String, u32)>,
) -> ApiResult<Value> {
    state
        .store
        .learner(provider_id, learner_id)
        .await?
        .ok_or(ApiError::NotFound("learner"))?;
    let assessments = state.store.assessments(provider_id, learner_id).await?;
    let held = state.store.held_units(provider_id, learner_id).await?;
    let revoked = state.store.revoked_units(provider_id, learner_id).await?;
    let awaiting = state
        .store
        .workplace_results(provider_id, Some("pending"), Some(learner_id), None)
        .await?;
    let profiles = match only {
        Some((code, version)) => vec![
            state
                .store
                .profile(provider_id, &code, version)
                .await?
                .ok_or(ApiError::NotFound("profile"))?,
        ],
        None => state
            .store
            .profiles(provider_id)
            .await?
            .into_iter()
            .filter(|p| {
                assessments
                    .iter()
                    .any(|a| a.profile_code == p.def.code && a.profile_version == p.def.version)
                    || !covered_units(&p.def, &held).is_empty()
                    || awaiting.iter().any(|w| {
                        w.profile_code == p.def.code
                            && u32::try_from(w.profile_version) == Ok(p.def.version)
                    })
            })
            .collect(),
    };
    let mut out = Vec::new();
    for p in &profiles {
        let covered = covered_units(&p.def, &held);
        let award = match state.store.award_for(provider_id, learner_id, p.id).await? {
            // What became of the qualification credential (suspended for review when a unit
            // it rests on was revoked, revoked after the review).
            Some(a) => {
                let status = match a.credential_id {
                    Some(id) => state
                        .store
                        .credential(provider_id, id)
                        .await?
                        .map(|c| c.status),
                    None => None,
                };
                let mut v = json!(a);
                v["credential_status"] = json!(status);
                Some(v)
            }
            None => None,
        };
        out.push(progress(
            p,
            &covered,
            &assessments,
            &revoked,
            &awaiting,
            award,
        ));
    }
    Ok(json!({ "learner_id": learner_id, "qualifications": out }))
}

/// After a unit credential was stored: if the rule is now satisfied, issue the qualification
/// credential (automatic award) or open a pending award (jury). Returns what happened.
pub async fn award_if_complete(
    state: &Services,
    tx: &mut Tx,
    provider: &Provider,
    learner: &Learner,
    profile: &StoredProfile,
    now: OffsetDateTime,
) -> ApiResult<Option<Value>> {
    let held = tx.held_units(provider.id, learner.id).await?;
    let covered = covered_units(&profile.def, &held);
    if !evaluate(&profile.def, &covered).satisfied {
        return Ok(None);
    }
    // A unit validated after the award changes nothing: do not sign for nothing.
    if tx
        .qualification_holders(provider.id, &[learner.id])
        .await?
        .contains(&(learner.id, profile.id))
    {
        return Ok(None);
    }
    match profile.def.award {
        AwardMode::Jury => {
            let opened = tx
                .insert_award(provider.id, learner.id, profile.id, "pending", None, now)
                .await?;
            Ok(opened.then(|| json!({"status": "pending"})))
        }
        AwardMode::Automatic => {
            let Some(id) =
                issue_qualification(state, tx, provider, learner, profile, &covered, now).await?
            else {
                return Ok(None);
            };
            tx.insert_award(provider.id, learner.id, profile.id, "issued", Some(id), now)
                .await?;
            Ok(Some(json!({"status": "issued", "credential_id": id})))
        }
    }
}

/// Builds, signs and stores the qualification credential; `None` if the learner already has it.
pub async fn issue_qualification(
    state: &Services,
    tx: &mut Tx,
    provider: &Provider,
    learner: &Learner,
    profile: &StoredProfile,
    covered: &BTreeMap<String, Covered>,
    now: OffsetDateTime,
) -> ApiResult<Option<Uuid>> {
    let mut digests = HashMap::new();
    for c in covered.values() {
        let body = tx.credential_body(c.credential_id, FORMAT_DI_RDFC).await?;
        digests.insert(c.credential_id, digest_multibase(&body));
    }
    let id = Uuid::new_v4();
    let slot = tx
        .reserve_status_slots(provider.id, 1, now)
        .await?
        .pop()
        .ok_or_else(|| anyhow::anyhow!("no status index reserved"))?;
    let unsecured = qualification_credential(
        state, provider, learner, profile, covered, &digests, id, now,
    );
    let key = state.keyring.signing_key(&state.store, provider).await?;
    let documents = sign_issued(state, provider, unsecured, slot, &key, now)?;
    let key_ref = crate::crypto::keys::key_ref(&key.verifying_key());
    let stored = tx
        .insert_credential(&NewCredential {
            id,
            provider_id: provider.id,
            learner_id: learner.id,
            kind: "qualification",
            unit_id: None,
            profile_id: profile.id,
            key_ref: &key_ref,
            issued_at: now,
            status: slot,
            documents,
        })
        .await?;
    Ok(stored.then_some(id))
}

/// The unsigned qualification credential `id`, resting on the covered units; `digests` holds
/// the `digestMultibase` of the stored bytes of each covering unit credential.
#[allow(clippy::too_many_arguments)]
pub fn qualification_credential(
    state: &Services,
    provider: &Provider,
    learner: &Learner,
    profile: &StoredProfile,
    covered: &BTreeMap<String, Covered>,
    digests: &HashMap<Uuid, String>,
    id: Uuid,
    now: OffsetDateTime,
) -> Value {
    let units = profile
        .def
        .units
        .iter()
        .filter_map(|u| {
            let c = covered.get(&u.code)?;
            Some(QualifyingUnit {
                unit: u,
                credential_id: c.credential_id,
                digest: digests.get(&c.credential_id)?.clone(),
                foreign: c
                    .foreign
                    .as_ref()
                    .map(|f| (f.id.clone(), f.digest.clone(), f.media_type.clone())),
            })
        })
        .collect();
    build_qualification_credential(&QualificationCredentialInput {
        id,
        public_url: &state.settings.public_url,
        provider,
        profile: &profile.def,
        learner,
        units,
        issued_at: now,
    })
}

/// The learner's whole record as a signed CLR 2.0 `ClrCredential` (eddsa-rdfc-2022), built on
/// request from the stored credentials: a snapshot, so it is not stored itself.
pub async fn learner_record(
    state: &Services,
    provider: &Provider,
    learner_id: Uuid,
) -> ApiResult<Vec<u8>> {
    learner_record_as(
        state,
        provider,
        learner_id,
        Uuid::new_v4(),
        state.clock.now(),
    )
    .await
}

/// `learner_record` with a given id and issuance time: the same data then gives the same
/// bytes (Ed25519 signatures are deterministic), which a wallet bundle relies on.
pub async fn learner_record_as(
    state: &Services,
    provider: &Provider,
    learner_id: Uuid,
    id: Uuid,
    now: OffsetDateTime,
) -> ApiResult<Vec<u8>> {
    let learner = state
        .store
        .learner(provider.id, learner_id)
        .await?
        .ok_or(ApiError::NotFound("learner"))?;
    let records = state
        .store
        .credentials(provider.id, Some(learner_id))
        .await?;
    if records.is_empty() {
        return Err(ApiError::Conflict(
            "empty_record",
            "the learner holds no credential yet; a CLR needs at least one".into(),
        ));
    }
    let profiles: BTreeMap<Uuid, StoredProfile> = state
        .store
        .profiles(provider.id)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut entries = Vec::with_capacity(records.len());
    let mut started = BTreeSet::new();
    let mut awarded = BTreeSet::new();
    for r in &records {
        let doc =
            crate::services::forms::credential_document(state, provider, r.id, FORMAT_DI_RDFC)
                .await?;
        let credential: Value = serde_json::from_slice(&doc.body).map_err(anyhow::Error::from)?;
        let profile = profiles
            .get(&r.profile_id)
            .ok_or_else(|| anyhow::anyhow!("credential {} names an unknown profile", r.id))?;
        let part_of = if r.kind == "unit" {
            started.insert(r.profile_id);
            Some(crate::domain::credential::qualification_achievement_id(
                &state.settings.public_url,
                &provider.slug,
                &profile.def,
            ))
        } else {
            awarded.insert(r.profile_id);
            None
        };
        entries.push(RecordEntry {
            credential,
            part_of,
        });
    }
    let unsecured = build_clr(&ClrInput {
        id,
        provider,
        learner: &learner,
        entries,
        partial: !started.is_subset(&awarded),
        issued_at: now,
    });
    let key = state.keyring.signing_key(&state.store, provider).await?;
    Ok(crate::services::forms::sign_form(state, &unsecured, &key, now, FORMAT_DI_RDFC)?.body)
}
