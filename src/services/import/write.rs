//! Writing an import: the signed chunks and the forecast awards stored, then every award the
//! file may have opened settled (jury awards, incomplete profiles, overtaken forecasts).

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::sync::Arc;

use serde_json::json;
use uuid::Uuid;

use crate::domain::credential::FORMAT_DI_RDFC;
use crate::domain::credential::digest_multibase;
use crate::domain::referential::AwardMode;
use crate::error::{ApiError, ApiResult};
use crate::services::audit;
use crate::services::awards::{covered_units, evaluate, qualification_credential};
use crate::services::forms::sign_issued;
use crate::storage::{NewAssessmentRow, NewCredential, StatusSlot, Tx};

use super::*;

pub(super) fn award_event(
    plan: &Plan,
    learner_id: Uuid,
    profile: usize,
    action: &'static str,
    credential_id: Option<Uuid>,
) -> audit::Event {
    let def = &plan.catalogue.profiles[profile].def;
    audit::Event::new(
        &plan.actor,
        action,
        learner_id,
        json!({"learner_id": learner_id, "profile": def.code, "version": def.version,
               "credential_id": credential_id}),
    )
}

/// What one chunk's transaction stored.
pub(super) struct WrittenChunk {
    pub(super) rows: usize,
    pub(super) recorded: usize,
    pub(super) already_recorded: usize,
    /// The unit credentials stored, with their digests.
    pub(super) digests: Vec<(Uuid, String)>,
    /// The learner/profile pairs awarded with their units.
    pub(super) awarded: Vec<(Uuid, usize)>,
}

/// Writes the rows `rows` of the plan with their signed credentials, in one transaction.
pub(super) async fn write_chunk(
    plan: Arc<Plan>,
    key_ref: String,
    rows: Range<usize>,
    signed: SignedChunk,
) -> ApiResult<WrittenChunk> {
    let (state, provider, now, actor) = (&plan.state, &plan.provider, plan.now, &plan.actor);
    let chunk = &plan.rows[rows];
    let mut done = WrittenChunk {
        rows: chunk.len(),
        recorded: 0,
        already_recorded: 0,
        digests: Vec::new(),
        awarded: Vec::new(),
    };
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
            route: None,
        })
        .collect();
    let inserted = tx.insert_assessments(&assessments).await?;
    let mut events = Vec::new();
    for (r, a) in chunk.iter().zip(&assessments) {
        if inserted.contains(&a.id) {
            done.recorded += 1;
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
            done.already_recorded += 1;
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
        done.awarded.push((learner, profile));
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
    done.digests = issued
        .into_iter()
        .map(|(id, digest, ..)| (id, digest))
        .collect();
    Ok(done)
}

/// Stores the qualification credentials signed ahead whose units are, in this transaction,
/// exactly those they were built on; returns the (learner, profile) pairs awarded.
pub(super) async fn store_presigned(
    plan: &Plan,
    tx: &mut Tx,
    key_ref: &str,
    presigned: Vec<Presigned>,
) -> ApiResult<Vec<(Uuid, usize, Uuid)>> {
    if presigned.is_empty() {
        return Ok(Vec::new());
    }
    let learners: Vec<Uuid> = presigned
        .iter()
        .map(|q| plan.catalogue.learners[q.learner].id)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let held = tx.held_units_of(plan.provider.id, &learners).await?;
    let mut credentials = Vec::new();
    let mut pairs = HashMap::new();
    for q in presigned {
        let learner_id = plan.catalogue.learners[q.learner].id;
        let profile = &plan.catalogue.profiles[q.profile];
        let units = held.get(&learner_id).map_or(&[][..], Vec::as_slice);
        let covered = covered_units(&profile.def, units);
        if covering(&covered) != q.covering || !evaluate(&profile.def, &covered).satisfied {
            continue;
        }
        pairs.insert(q.id, (learner_id, q.profile));
        credentials.push(NewCredential {
            id: q.id,
            provider_id: plan.provider.id,
            learner_id,
            kind: "qualification",
            unit_id: None,
            profile_id: profile.id,
            key_ref,
            issued_at: plan.now,
            status: plan.slot(q.id)?,
            documents: q.documents,
        });
    }
    let awarded = award_all(tx, plan, &credentials).await?;
    Ok(awarded
        .into_iter()
        .map(|id| (pairs[&id].0, pairs[&id].1, id))
        .collect())
}

/// Stores qualification credentials with their awards; returns the ids stored (one the learner
/// already holds is skipped).
pub(super) async fn award_all(
    tx: &mut Tx,
    plan: &Plan,
    credentials: &[NewCredential<'_>],
) -> ApiResult<Vec<Uuid>> {
    let stored = tx.insert_credentials(credentials).await?;
    let awards: Vec<(Uuid, Uuid, Uuid)> = credentials
        .iter()
        .filter(|c| stored.contains(&c.id))
        .map(|c| (c.learner_id, c.profile_id, c.id))
        .collect();
    tx.insert_issued_awards(plan.provider.id, &awards, plan.now)
        .await?;
    Ok(awards.into_iter().map(|(_, _, id)| id).collect())
}

/// The award step for learner/profile pairs whose units changed, in one transaction: the same
/// rule as after a single assessment (`qualification::award_if_complete`), with the
/// qualification credentials signed on every core and stored together.
pub(super) async fn settle_awards(
    plan: &Arc<Plan>,
    key_ref: &str,
    group: &[(Uuid, usize)],
    digests: &mut HashMap<Uuid, String>,
    report: &mut ImportReport,
) -> ApiResult<()> {
    let (state, provider, now) = (&plan.state, &plan.provider, plan.now);
    let mut events = Vec::new();
    let mut tx = state.store.begin().await?;
    let learners: BTreeSet<Uuid> = group.iter().map(|(l, _)| *l).collect();
    let learners: Vec<Uuid> = learners.into_iter().collect();
    tx.lock_learners(&learners).await?;
    let held = tx.held_units_of(provider.id, &learners).await?;
    let holders = tx.qualification_holders(provider.id, &learners).await?;
    let mut complete = Vec::new();
    for (learner_id, profile) in group {
        let def = &plan.catalogue.profiles[*profile];
        if holders.contains(&(*learner_id, def.id)) {
            continue;
        }
        let units = held.get(learner_id).map_or(&[][..], Vec::as_slice);
        let covered = covered_units(&def.def, units);
        if !evaluate(&def.def, &covered).satisfied {
            continue;
        }
        match def.def.award {
            AwardMode::Jury => {
                if tx
                    .insert_award(provider.id, *learner_id, def.id, "pending", None, now)
                    .await?
                {
                    report.awards_pending += 1;
                    events.push(award_event(
                        plan,
                        *learner_id,
                        *profile,
                        "award.opened",
                        None,
                    ));
                }
            }
            AwardMode::Automatic => complete.push((*learner_id, *profile, covered)),
        }
    }
    // Units issued before this run: their digests come from the stored bytes.
    let missing: Vec<Uuid> = complete
        .iter()
        .flat_map(|(_, _, covered)| covered.values().map(|c| c.credential_id))
        .filter(|id| !digests.contains_key(id))
        .collect();
    for (id, body) in tx.credential_bodies(&missing, FORMAT_DI_RDFC).await? {
        digests.insert(id, digest_multibase(&body));
    }
    let slots = tx
        .reserve_status_slots(provider.id, complete.len(), now)
        .await?;
    // Ids and status slots here; the unsigned credentials go to the signing threads.
    let (ids, unsecured): (Vec<(Uuid, StatusSlot)>, Vec<_>) = complete
        .iter()
        .zip(slots)
        .map(|((learner_id, profile, covered), slot)| {
            let learner = &plan.catalogue.learners[plan.catalogue.by_id[learner_id]];
            let id = Uuid::now_v7();
            let vc = qualification_credential(
                state,
                provider,
                learner,
                &plan.catalogue.profiles[*profile],
                covered,
                digests,
                id,
                now,
            );
            ((id, slot), (slot, vc))
        })
        .unzip();
    let signed = {
        let plan = Arc::clone(plan);
        tokio::task::spawn_blocking(move || {
            parallel(&unsecured, |(slot, vc)| {
                sign_issued(
                    &plan.state,
                    &plan.provider,
                    vc.clone(),
                    *slot,
                    &plan.key,
                    plan.now,
                )
            })
        })
        .await
        .map_err(anyhow::Error::from)??
    };
    let credentials: Vec<NewCredential> = complete
        .iter()
        .zip(ids)
        .zip(signed)
        .map(
            |(((learner_id, profile, _), (id, slot)), documents)| NewCredential {
                id,
                provider_id: provider.id,
                learner_id: *learner_id,
                kind: "qualification",
                unit_id: None,
                profile_id: plan.catalogue.profiles[*profile].id,
                key_ref,
                issued_at: now,
                status: slot,
                documents,
            },
        )
        .collect();
    // Which (learner, profile) each credential is for, to name the award in the log.
    let pairs: HashMap<Uuid, (Uuid, usize)> = credentials
        .iter()
        .zip(&complete)
        .map(|(c, (learner_id, profile, _))| (c.id, (*learner_id, *profile)))
        .collect();
    for id in award_all(&mut tx, plan, &credentials).await? {
        report.qualifications_issued += 1;
        let (learner_id, profile) = pairs[&id];
        events.push(award_event(
            plan,
            learner_id,
            profile,
            "award.issued",
            Some(id),
        ));
    }
    audit::append(&mut tx, provider.id, now, &events).await?;
    tx.commit().await?;
    Ok(())
}
