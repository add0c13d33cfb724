//! Planning an import: each row resolved against the catalogue (learner, profile version,
//! unit) and checked, then signed on every core ahead of the writer, with the automatic awards
//! the file will complete forecast and signed as soon as their last unit is.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use time::{Date, OffsetDateTime};
use tokio::sync::mpsc;
use uuid::Uuid;

use crate::crypto::keys::SigningKeyPair;
use crate::domain::ValidationErrors;
use crate::domain::assessment::{NewAssessment, Outcome};
use crate::domain::credential::FORMAT_DI_RDFC;
use crate::domain::credential::{UnitCredentialInput, build_unit_credential, digest_multibase};
use crate::domain::learner::Learner;
use crate::domain::provider::Provider;
use crate::domain::referential::{AssessmentType, AwardMode};
use crate::error::ApiResult;
use crate::services::Services;
use crate::services::awards::{Covered, covered_units, evaluate, qualification_credential};
use crate::services::forms::sign_issued;
use crate::storage::{CredentialDocument, HeldUnit, StatusSlot, StoredProfile};

use super::parse::{REQUIRED, row_error};
use super::*;

/// What rows are resolved against: the provider's learners and profiles.
pub(super) struct Catalogue {
    pub(super) learners: Vec<Learner>,
    pub(super) by_id: HashMap<Uuid, usize>,
    pub(super) by_ref: HashMap<String, usize>,
    pub(super) profiles: Vec<StoredProfile>,
    pub(super) by_code: HashMap<(String, u32), usize>,
    pub(super) unit_ids: HashMap<(usize, String), Uuid>,
}

impl Catalogue {
    pub(super) async fn load(state: &Services, provider_id: Uuid) -> ApiResult<Self> {
        let learners = state.store.all_learners(provider_id).await?;
        let by_id = learners
            .iter()
            .enumerate()
            .map(|(i, l)| (l.id, i))
            .collect();
        let by_ref = learners
            .iter()
            .enumerate()
            .filter_map(|(i, l)| l.doc.external_ref.clone().map(|r| (r, i)))
            .collect();
        let profiles = state.store.profiles(provider_id).await?;
        let mut by_code = HashMap::new();
        let mut unit_ids = HashMap::new();
        for (i, p) in profiles.iter().enumerate() {
            by_code.insert((p.def.code.clone(), p.def.version), i);
            for (code, id) in state.store.unit_ids(p.id).await? {
                unit_ids.insert((i, code), id);
            }
        }
        Ok(Self {
            learners,
            by_id,
            by_ref,
            profiles,
            by_code,
            unit_ids,
        })
    }
}

/// A checked row, resolved against the catalogue.
pub(super) struct Row {
    pub(super) learner: usize,
    pub(super) profile: usize,
    pub(super) unit: usize,
    pub(super) unit_id: Uuid,
    pub(super) assessed_on: Date,
    pub(super) outcome: Outcome,
    pub(super) assessor: String,
    pub(super) assessment_type: AssessmentType,
    pub(super) remediation_note: Option<String>,
    pub(super) key: [u8; 32],
    /// Set when this row is the learner's first validation of the unit: the credential to issue.
    pub(super) issue: Option<Uuid>,
}

pub(super) fn resolve(
    cat: &Catalogue,
    row: usize,
    f: &HashMap<String, String>,
    today: Date,
) -> Result<Row, Vec<RowError>> {
    let err = |field: &str, msg: String| vec![row_error(row, Some(field), msg)];
    let get = |field: &str| f.get(field).map(String::as_str);
    if let Some(missing) = REQUIRED.iter().find(|c| get(c).is_none()) {
        return Err(err(missing, "is empty".into()));
    }
    let learner_ref = get("learner").unwrap_or_default();
    let learner = Uuid::parse_str(learner_ref)
        .ok()
        .and_then(|id| cat.by_id.get(&id))
        .or_else(|| cat.by_ref.get(learner_ref))
        .copied()
        .ok_or_else(|| {
            err(
                "learner",
                format!("no learner with id or reference `{learner_ref}`"),
            )
        })?;
    let code = get("profile").unwrap_or_default();
    let version: u32 = get("version")
        .unwrap_or_default()
        .parse()
        .map_err(|_| err("version", "must be a whole number".into()))?;
    let profile = *cat
        .by_code
        .get(&(code.to_owned(), version))
        .ok_or_else(|| err("profile", format!("no profile {code} v{version}")))?;
    let def = &cat.profiles[profile].def;
    let unit_code = get("unit").unwrap_or_default();
    let unit = def
        .units
        .iter()
        .position(|u| u.code == unit_code)
        .ok_or_else(|| err("unit", format!("no unit {unit_code} in {code} v{version}")))?;
    let unit_id = *cat
        .unit_ids
        .get(&(profile, unit_code.to_owned()))
        .ok_or_else(|| err("unit", format!("unit {unit_code} is not stored")))?;
    let assessed_on = Date::parse(
        get("assessed_on").unwrap_or_default(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .map_err(|_| err("assessed_on", "must be a date, YYYY-MM-DD".into()))?;
    let outcome = Outcome::parse(get("outcome").unwrap_or_default())
        .ok_or_else(|| err("outcome", "must be `validated` or `not_validated`".into()))?;
    let assessment_type = match get("assessment_type") {
        None => def.units[unit].assessment_type,
        Some(t) => serde_json::from_value(Value::String(t.to_owned())).map_err(|_| {
            err(
                "assessment_type",
                "must be practical, written, oral, portfolio, project or continuous".into(),
            )
        })?,
    };
    let input = NewAssessment {
        learner_id: cat.learners[learner].id,
        profile_code: code.to_owned(),
        profile_version: version,
        unit_code: unit_code.to_owned(),
        assessed_on,
        outcome,
        assessor: get("assessor").unwrap_or_default().to_owned(),
        assessment_type: Some(assessment_type),
        remediation_note: get("remediation_note").map(str::to_owned),
    };
    input.validate(today).map_err(|e| to_row_errors(row, e))?;
    let key = attempt_key(&input);
    Ok(Row {
        learner,
        profile,
        unit,
        unit_id,
        assessed_on,
        outcome,
        assessor: input.assessor,
        assessment_type,
        remediation_note: input.remediation_note,
        key,
        issue: None,
    })
}

pub(super) fn to_row_errors(row: usize, e: ValidationErrors) -> Vec<RowError> {
    e.0.into_iter()
        .map(|i| row_error(row, Some(&i.field), i.message))
        .collect()
}

/// Identity of one attempt: the same learner, unit, day and outcome is the same assessment.
pub(super) fn attempt_key(a: &NewAssessment) -> [u8; 32] {
    let id = json!([
        a.learner_id,
        a.profile_code,
        a.profile_version,
        a.unit_code,
        a.assessed_on.to_string(),
        a.outcome.as_str()
    ]);
    Sha256::digest(id.to_string().as_bytes()).into()
}

/// Everything the signing task needs, shared with it.
pub(super) struct Plan {
    pub(super) state: Services,
    pub(super) provider: Provider,
    pub(super) catalogue: Catalogue,
    pub(super) rows: Vec<Row>,
    pub(super) key: Arc<SigningKeyPair>,
    pub(super) now: OffsetDateTime,
    /// Who imports, for the audit log.
    pub(super) actor: String,
    /// The status index reserved for each credential this run may issue, by credential id.
    pub(super) slots: HashMap<Uuid, StatusSlot>,
    /// The rows of each transaction ([`chunk_ranges`]).
    pub(super) chunks: Vec<std::ops::Range<usize>>,
}

/// Cuts rows sorted by learner (given as their learners) into chunks of about `size` rows
/// that end where a learner's rows end (a learner with more rows than that spans several).
pub(super) fn chunk_ranges(learners: &[usize], size: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < learners.len() {
        let mut end = (start + size).min(learners.len());
        if end < learners.len() {
            // Where the rows of the learner cut at `end` begin, if in this chunk.
            let cut = learners[end];
            let first = start + learners[start..end].partition_point(|l| *l < cut);
            if first > start {
                end = first;
            }
        }
        out.push(start..end);
        start = end;
    }
    out
}

impl Plan {
    pub(super) fn slot(&self, id: Uuid) -> anyhow::Result<StatusSlot> {
        self.slots
            .get(&id)
            .copied()
            .ok_or_else(|| anyhow::anyhow!("no status index reserved for {id}"))
    }
}

/// A signed unit credential: its stored documents and the digest of the default one.
pub(super) type SignedUnit = (Vec<CredentialDocument>, String);

pub(super) fn sign_row(plan: &Plan, row: &Row) -> anyhow::Result<Option<SignedUnit>> {
    let Some(id) = row.issue else {
        return Ok(None);
    };
    let def = &plan.catalogue.profiles[row.profile].def;
    let unsecured = build_unit_credential(&UnitCredentialInput {
        id,
        public_url: &plan.state.settings.public_url,
        provider: &plan.provider,
        profile: def,
        unit: &def.units[row.unit],
        learner: &plan.catalogue.learners[row.learner],
        assessed_on: row.assessed_on,
        assessment_type: row.assessment_type,
        route: None,
        issued_at: plan.now,
    });
    let documents = sign_issued(
        &plan.state,
        &plan.provider,
        unsecured,
        plan.slot(id)?,
        &plan.key,
        plan.now,
    )?;
    let digest = digest_multibase(&documents[0].body);
    Ok(Some((documents, digest)))
}

/// Maps `f` over `items` on every available core, keeping order.
pub(super) fn parallel<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> anyhow::Result<R> + Sync,
) -> anyhow::Result<Vec<R>> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let per_thread = items.len().div_ceil(threads).max(1);
    let f = &f;
    std::thread::scope(|s| {
        let parts: Vec<_> = items
            .chunks(per_thread)
            .map(|part| s.spawn(move || part.iter().map(f).collect::<anyhow::Result<Vec<R>>>()))
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for part in parts {
            let done = part
                .join()
                .map_err(|_| anyhow::anyhow!("a signing thread panicked"))?;
            out.extend(done?);
        }
        Ok(out)
    })
}

/// A qualification the learner will have once this run's units are stored, as far as can be
/// told before writing: signed ahead with the units, checked again by the writer before it is
/// stored (anything that changed meanwhile falls back to the award pass).
pub(super) struct Forecast {
    pub(super) learner: usize,
    pub(super) profile: usize,
    pub(super) id: Uuid,
    pub(super) covered: BTreeMap<String, Covered>,
    /// Row after which every unit credential of the learner in this run is signed.
    pub(super) ready_at: usize,
}

/// A qualification credential signed ahead, and the units it was built on.
pub(super) struct Presigned {
    pub(super) learner: usize,
    pub(super) profile: usize,
    pub(super) id: Uuid,
    pub(super) covering: BTreeMap<String, Uuid>,
    pub(super) documents: Vec<CredentialDocument>,
}

pub(super) struct SignedChunk {
    pub(super) units: Vec<Option<SignedUnit>>,
    pub(super) qualifications: Vec<Presigned>,
}

pub(super) fn covering(covered: &BTreeMap<String, Covered>) -> BTreeMap<String, Uuid> {
    covered
        .iter()
        .map(|(unit, c)| (unit.clone(), c.credential_id))
        .collect()
}

/// The automatic awards this run should complete, from the units learners hold now plus the
/// ones this run issues; with the digests of the units issued earlier that they rest on.
pub(super) async fn forecast(
    state: &Services,
    provider: &Provider,
    catalogue: &Catalogue,
    rows: &[Row],
) -> ApiResult<(Vec<Forecast>, HashMap<Uuid, String>)> {
    let mut ready_at: HashMap<usize, usize> = HashMap::new();
    let mut planned: HashMap<usize, Vec<HeldUnit>> = HashMap::new();
    let mut pairs = BTreeSet::new();
    for (i, r) in rows.iter().enumerate() {
        let Some(id) = r.issue else { continue };
        let def = &catalogue.profiles[r.profile].def;
        ready_at.insert(r.learner, i);
        planned.entry(r.learner).or_default().push(HeldUnit {
            credential_id: id,
            profile_code: def.code.clone(),
            profile_version: def.version as i32,
            unit_code: def.units[r.unit].code.clone(),
            foreign_id: None,
            foreign_digest: None,
            foreign_media_type: None,
        });
        if def.award == AwardMode::Automatic {
            pairs.insert((r.learner, r.profile));
        }
    }
    if pairs.is_empty() {
        return Ok((Vec::new(), HashMap::new()));
    }
    let ids: Vec<Uuid> = ready_at.keys().map(|l| catalogue.learners[*l].id).collect();
    let mut tx = state.store.begin().await?;
    let mut held = tx.held_units_of(provider.id, &ids).await?;
    let holders = tx.qualification_holders(provider.id, &ids).await?;
    let mut forecasts = Vec::new();
    for (learner, profile) in pairs {
        if holders.contains(&(
            catalogue.learners[learner].id,
            catalogue.profiles[profile].id,
        )) {
            continue;
        }
        let units = held.entry(catalogue.learners[learner].id).or_default();
        let mut all = units.clone();
        all.extend(planned[&learner].iter().cloned());
        let def = &catalogue.profiles[profile].def;
        let covered = covered_units(def, &all);
        if evaluate(def, &covered).satisfied {
            forecasts.push(Forecast {
                learner,
                profile,
                id: Uuid::now_v7(),
                covered,
                ready_at: ready_at[&learner],
            });
        }
    }
    // Only the units held before this run that a forecast qualification rests on.
    let earlier: BTreeSet<Uuid> = held.values().flatten().map(|h| h.credential_id).collect();
    let earlier: Vec<Uuid> = forecasts
        .iter()
        .flat_map(|f| f.covered.values().map(|c| c.credential_id))
        .filter(|id| earlier.contains(id))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let bodies = tx.credential_bodies(&earlier, FORMAT_DI_RDFC).await?;
    tx.commit().await?;
    forecasts.sort_by_key(|f| f.ready_at);
    let digests = bodies
        .into_iter()
        .map(|(id, body)| (id, digest_multibase(&body)))
        .collect();
    Ok((forecasts, digests))
}

/// The signing task: each chunk's unit credentials, then the qualifications they complete.
pub(super) fn sign_ahead(
    plan: &Plan,
    forecasts: &[Forecast],
    mut digests: HashMap<Uuid, String>,
    sender: &mpsc::Sender<anyhow::Result<SignedChunk>>,
) {
    let mut next = 0;
    for range in &plan.chunks {
        let chunk = &plan.rows[range.clone()];
        let signed = parallel(chunk, |r| sign_row(plan, r)).and_then(|units| {
            for (r, u) in chunk.iter().zip(&units) {
                if let (Some(id), Some((_, digest))) = (r.issue, u) {
                    digests.insert(id, digest.clone());
                }
            }
            let end = range.end;
            let due = forecasts[next..].partition_point(|f| f.ready_at < end);
            let due = &forecasts[next..next + due];
            next += due.len();
            let qualifications = parallel(due, |f| {
                let unsecured = qualification_credential(
                    &plan.state,
                    &plan.provider,
                    &plan.catalogue.learners[f.learner],
                    &plan.catalogue.profiles[f.profile],
                    &f.covered,
                    &digests,
                    f.id,
                    plan.now,
                );
                let slot = plan.slot(f.id)?;
                Ok(Presigned {
                    learner: f.learner,
                    profile: f.profile,
                    id: f.id,
                    covering: covering(&f.covered),
                    documents: sign_issued(
                        &plan.state,
                        &plan.provider,
                        unsecured,
                        slot,
                        &plan.key,
                        plan.now,
                    )?,
                })
            })?;
            Ok(SignedChunk {
                units,
                qualifications,
            })
        });
        let failed = signed.is_err();
        if sender.blocking_send(signed).is_err() || failed {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::chunk_ranges;

    #[test]
    fn chunks_end_with_a_learner() {
        // Learners 0..=3 with 3, 2, 5 and 1 rows.
        let learners = [0, 0, 0, 1, 1, 2, 2, 2, 2, 2, 3];
        assert_eq!(chunk_ranges(&learners, 4), vec![0..3, 3..5, 5..9, 9..11]);
        assert_eq!(chunk_ranges(&learners, 6), vec![0..5, 5..11]);
        assert_eq!(chunk_ranges(&learners, 100), vec![0..11]);
        assert!(chunk_ranges(&[], 4).is_empty());
    }
}
