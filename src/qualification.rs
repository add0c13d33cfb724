//! Qualifications: progress against a profile's rule, and the award of the qualification
//! credential when the rule is satisfied (at once, or after a jury decision).
//!
//! Everything here that writes runs inside the caller's transaction, after the learner's row
//! has been locked (`Tx::lock_learner`), so two assessments completing the same qualification
//! at the same moment are serialised and the second one sees the first one's unit.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::assessment::{Assessment, Outcome};
use crate::domain::credential::{
    QualificationCredentialInput, QualifyingUnit, build_qualification_credential, digest_multibase,
};
use crate::domain::learner::Learner;
use crate::domain::provider::Provider;
use crate::domain::referential::{AwardMode, ProfileDef, RuleOutcome};
use crate::error::ApiResult;
use crate::issuance::{FORMAT_DI_RDFC, sign_all};
use crate::state::AppState;
use crate::storage::{HeldUnit, NewCredential, StoredProfile, Tx};

/// How a unit of the profile is covered by a credential the learner holds.
#[derive(Debug, Clone, Serialize)]
pub struct Covered {
    pub credential_id: Uuid,
    /// `direct`, or `equivalence` (a unit of an older version of the profile).
    pub via: &'static str,
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
                    via: "direct",
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
                Some(c) => ("validated", json!({"credential_id": c.credential_id, "via": c.via})),
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
    json!({
        "profile_code": def.code, "profile_version": def.version,
        "units": units,
        "ecvet_points_earned": earned, "ecvet_points_total": def.total_ecvet_points(),
        "rule": outcome,
        "award": award,
    })
}

/// After a unit credential was stored: if the rule is now satisfied, issue the qualification
/// credential (automatic award) or open a pending award (jury). Returns what happened.
pub async fn award_if_complete(
    state: &AppState,
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
    state: &AppState,
    tx: &mut Tx,
    provider: &Provider,
    learner: &Learner,
    profile: &StoredProfile,
    covered: &BTreeMap<String, Covered>,
    now: OffsetDateTime,
) -> ApiResult<Option<Uuid>> {
    let mut units = Vec::new();
    for u in &profile.def.units {
        if let Some(c) = covered.get(&u.code) {
            let body = tx.credential_body(c.credential_id, FORMAT_DI_RDFC).await?;
            units.push(QualifyingUnit {
                unit: u,
                credential_id: c.credential_id,
                digest: digest_multibase(&body),
            });
        }
    }
    let id = Uuid::new_v4();
    let unsecured = build_qualification_credential(&QualificationCredentialInput {
        id,
        public_url: &state.config.public_url,
        provider,
        profile: &profile.def,
        learner,
        units,
        issued_at: now,
    });
    let key = state.keyring.signing_key(&state.store, provider).await?;
    let documents = sign_all(state, &unsecured, &key, now)?;
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
            documents,
        })
        .await?;
    Ok(stored.then_some(id))
}
