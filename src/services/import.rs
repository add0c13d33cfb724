//! Cohort result files: many assessments (learner × unit × outcome) recorded in one call, with
//! every resulting unit and qualification credential issued.
//!
//! The file is checked row by row first: a bad row (unknown learner or unit, bad outcome or
//! date…) is reported with its row number and field, and the good rows still go in. Each row
//! carries a key derived from the attempt it records (learner, profile version, unit, date,
//! outcome), kept in a unique index, so importing the same file again records nothing twice and
//! issues nothing twice.
//!
//! Speed comes from doing the expensive part, signing, on every core ahead of the writer: a
//! blocking task signs chunk after chunk while the async side writes the previous chunk in one
//! transaction, a few multi-row statements per chunk. A chunk is atomic; an interrupted import
//! is finished by running it again.
//!
//! Qualifications follow the same rule as after a single assessment
//! (`qualification::award_if_complete`). The automatic awards the file will complete are
//! forecast before writing, signed as soon as the learner's last unit is signed, and stored
//! with that chunk once the writer has checked, in its transaction, that the learner's covering
//! units are exactly the forecast ones. Anything else (jury awards, incomplete profiles, a
//! forecast overtaken by concurrent activity) is settled in a final pass.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use time::{Date, OffsetDateTime};
use tokio::sync::mpsc;
use uuid::Uuid;

use crate::crypto::keys::{SigningKeyPair, key_ref};
use crate::domain::ValidationErrors;
use crate::domain::assessment::{NewAssessment, Outcome};
use crate::domain::credential::FORMAT_DI_RDFC;
use crate::domain::credential::{UnitCredentialInput, build_unit_credential, digest_multibase};
use crate::domain::learner::Learner;
use crate::domain::provider::Provider;
use crate::domain::referential::{AssessmentType, AwardMode};
use crate::error::{ApiError, ApiResult};
use crate::services::Services;
use crate::services::audit;
use crate::services::awards::{Covered, covered_units, evaluate, qualification_credential};
use crate::services::forms::sign_default;
use crate::storage::{
    CredentialDocument, HeldUnit, NewAssessmentRow, NewCredential, StatusSlot, StoredProfile, Tx,
};

/// Rows written per transaction (and signed per batch).
const CHUNK: usize = 500;
/// Learner/profile pairs settled per transaction in the award pass.
const AWARD_CHUNK: usize = 500;

const REQUIRED: [&str; 7] = [
    "learner",
    "profile",
    "version",
    "unit",
    "assessed_on",
    "outcome",
    "assessor",
];
const OPTIONAL: [&str; 2] = ["assessment_type", "remediation_note"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    Json,
}

impl FileFormat {
    /// From a file name's extension.
    pub fn from_path(path: &std::path::Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" => Some(Self::Csv),
            "json" => Some(Self::Json),
            _ => None,
        }
    }

    /// From a request's `Content-Type` (parameters such as `charset` are ignored).
    pub fn from_media_type(media_type: &str) -> Option<Self> {
        let essence = media_type.split(';').next()?.trim().to_ascii_lowercase();
        match essence.as_str() {
            "text/csv" => Some(Self::Csv),
            "application/json" => Some(Self::Json),
            _ => None,
        }
    }
}

/// A row that was not imported, and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RowError {
    /// Line of the CSV file (the header is line 1), or 1-based position in the JSON array.
    pub row: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Progress {
    pub written: usize,
    pub total: usize,
    pub credentials_issued: usize,
}

#[derive(Debug, Default, Serialize)]
pub struct ImportReport {
    /// Data rows in the file.
    pub rows: usize,
    /// Assessments recorded by this run.
    pub recorded: usize,
    /// Rows whose attempt was already recorded (by an earlier run or earlier in the file).
    pub already_recorded: usize,
    pub rejected: usize,
    pub credentials_issued: usize,
    pub qualifications_issued: usize,
    pub awards_pending: usize,
    pub errors: Vec<RowError>,
    pub seconds: f64,
}

/// One field map per data row, or the row's error.
type Record = (usize, Result<HashMap<String, String>, RowError>);

/// Splits a file into records. Errors that concern the whole file (not CSV, missing or unknown
/// columns) are returned as such; errors of one row stay with that row.
pub fn read(format: FileFormat, bytes: &[u8]) -> Result<Vec<Record>, String> {
    match format {
        FileFormat::Csv => read_csv(bytes),
        FileFormat::Json => read_json(bytes),
    }
}

fn read_csv(bytes: &[u8]) -> Result<Vec<Record>, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Spreadsheets set to a French or Dutch locale export with semicolons.
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let delimiter = if first_line.contains(&b';') && !first_line.contains(&b',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(bytes);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("unreadable header line: {e}"))?
        .iter()
        .map(str::to_owned)
        .collect();
    check_columns(&headers)?;
    // Line numbers from byte offsets: the reader does not count the blank lines it skips.
    let newlines: Vec<usize> = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i)
        .collect();
    let line_at = |p: &csv::Position| {
        // A record's position can be the blank line(s) before it.
        let start = p.byte() as usize;
        let skip = bytes[start.min(bytes.len())..]
            .iter()
            .take_while(|b| matches!(b, b'\n' | b'\r'))
            .count();
        newlines.partition_point(|&n| n < start + skip) + 1
    };
    let mut records = Vec::new();
    for (i, result) in reader.records().enumerate() {
        let fallback_line = i + 2;
        let record = match result {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(fallback_line, line_at);
                records.push((line, Err(row_error(line, None, format!("unreadable: {e}")))));
                continue;
            }
        };
        let line = record.position().map_or(fallback_line, line_at);
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != headers.len() {
            let msg = format!(
                "has {} fields where the header has {}",
                record.len(),
                headers.len()
            );
            records.push((line, Err(row_error(line, None, msg))));
            continue;
        }
        let fields = headers
            .iter()
            .zip(record.iter())
            .filter(|(_, v)| !v.is_empty())
            .map(|(h, v)| (h.clone(), v.to_owned()))
            .collect();
        records.push((line, Ok(fields)));
    }
    Ok(records)
}

fn check_columns(headers: &[String]) -> Result<(), String> {
    let mut seen = HashSet::new();
    for h in headers {
        if !REQUIRED.contains(&h.as_str()) && !OPTIONAL.contains(&h.as_str()) {
            return Err(format!(
                "unknown column `{h}` (columns: {}, optional {})",
                REQUIRED.join(", "),
                OPTIONAL.join(", ")
            ));
        }
        if !seen.insert(h.as_str()) {
            return Err(format!("column `{h}` appears twice"));
        }
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .filter(|c| !seen.contains(*c))
        .copied()
        .collect();
    if !missing.is_empty() {
        return Err(format!("missing column(s): {}", missing.join(", ")));
    }
    Ok(())
}

fn read_json(bytes: &[u8]) -> Result<Vec<Record>, String> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| format!("not JSON: {e}"))?;
    let Value::Array(items) = value else {
        return Err("expected a JSON array of result objects".into());
    };
    let mut records = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let row = i + 1;
        let Value::Object(map) = item else {
            records.push((row, Err(row_error(row, None, "is not an object".into()))));
            continue;
        };
        let mut fields = HashMap::new();
        let mut error = None;
        for (k, v) in map {
            if !REQUIRED.contains(&k.as_str()) && !OPTIONAL.contains(&k.as_str()) {
                error = Some(row_error(row, Some(&k), "unknown field".into()));
                break;
            }
            let text = match v {
                Value::Null => continue,
                Value::String(s) => s.trim().to_owned(),
                Value::Number(n) => n.to_string(),
                _ => {
                    error = Some(row_error(
                        row,
                        Some(&k),
                        "must be a string or a number".into(),
                    ));
                    break;
                }
            };
            if !text.is_empty() {
                fields.insert(k, text);
            }
        }
        records.push((row, error.map_or(Ok(fields), Err)));
    }
    Ok(records)
}

fn row_error(row: usize, field: Option<&str>, message: String) -> RowError {
    RowError {
        row,
        field: field.map(str::to_owned),
        message,
    }
}

/// What rows are resolved against: the provider's learners and profiles.
struct Catalogue {
    learners: Vec<Learner>,
    by_id: HashMap<Uuid, usize>,
    by_ref: HashMap<String, usize>,
    profiles: Vec<StoredProfile>,
    by_code: HashMap<(String, u32), usize>,
    unit_ids: HashMap<(usize, String), Uuid>,
}

impl Catalogue {
    async fn load(state: &Services, provider_id: Uuid) -> ApiResult<Self> {
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
struct Row {
    learner: usize,
    profile: usize,
    unit: usize,
    unit_id: Uuid,
    assessed_on: Date,
    outcome: Outcome,
    assessor: String,
    assessment_type: AssessmentType,
    remediation_note: Option<String>,
    key: [u8; 32],
    /// Set when this row is the learner's first validation of the unit: the credential to issue.
    issue: Option<Uuid>,
}

fn resolve(
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

fn to_row_errors(row: usize, e: ValidationErrors) -> Vec<RowError> {
    e.0.into_iter()
        .map(|i| row_error(row, Some(&i.field), i.message))
        .collect()
}

/// Identity of one attempt: the same learner, unit, day and outcome is the same assessment.
fn attempt_key(a: &NewAssessment) -> [u8; 32] {
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
struct Plan {
    state: Services,
    provider: Provider,
    catalogue: Catalogue,
    rows: Vec<Row>,
    key: Arc<SigningKeyPair>,
    now: OffsetDateTime,
    /// Who imports, for the audit log.
    actor: String,
    /// The status index reserved for each credential this run may issue, by credential id.
    slots: HashMap<Uuid, StatusSlot>,
}

impl Plan {
    fn slot(&self, id: Uuid) -> anyhow::Result<StatusSlot> {
        self.slots
            .get(&id)
            .copied()
            .ok_or_else(|| anyhow::anyhow!("no status index reserved for {id}"))
    }

    /// The unsigned credential with its status entry.
    fn with_status(&self, mut vc: Value, id: Uuid) -> anyhow::Result<Value> {
        crate::domain::status_list::embed(
            &mut vc,
            &self.state.settings.public_url,
            &self.provider.slug,
            self.slot(id)?,
        );
        Ok(vc)
    }
}

/// A signed unit credential: its stored documents and the digest of the default one.
type SignedUnit = (Vec<CredentialDocument>, String);

fn sign_row(plan: &Plan, row: &Row) -> anyhow::Result<Option<SignedUnit>> {
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
        issued_at: plan.now,
    });
    let unsecured = plan.with_status(unsecured, id)?;
    let documents = sign_default(&plan.state, &unsecured, &plan.key, plan.now)?;
    let digest = digest_multibase(&documents[0].body);
    Ok(Some((documents, digest)))
}

/// Maps `f` over `items` on every available core, keeping order.
fn parallel<T: Sync, R: Send>(
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
struct Forecast {
    learner: usize,
    profile: usize,
    id: Uuid,
    covered: BTreeMap<String, Covered>,
    /// Row after which every unit credential of the learner in this run is signed.
    ready_at: usize,
}

/// A qualification credential signed ahead, and the units it was built on.
struct Presigned {
    learner: usize,
    profile: usize,
    id: Uuid,
    covering: BTreeMap<String, Uuid>,
    documents: Vec<CredentialDocument>,
}

struct SignedChunk {
    units: Vec<Option<SignedUnit>>,
    qualifications: Vec<Presigned>,
}

fn covering(covered: &BTreeMap<String, Covered>) -> BTreeMap<String, Uuid> {
    covered
        .iter()
        .map(|(unit, c)| (unit.clone(), c.credential_id))
        .collect()
}

/// The automatic awards this run should complete, from the units learners hold now plus the
/// ones this run issues; with the digests of the units issued earlier that they rest on.
async fn forecast(
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
fn sign_ahead(
    plan: &Plan,
    forecasts: &[Forecast],
    mut digests: HashMap<Uuid, String>,
    sender: &mpsc::Sender<anyhow::Result<SignedChunk>>,
) {
    let mut next = 0;
    for (k, chunk) in plan.rows.chunks(CHUNK).enumerate() {
        let signed = parallel(chunk, |r| sign_row(plan, r)).and_then(|units| {
            for (r, u) in chunk.iter().zip(&units) {
                if let (Some(id), Some((_, digest))) = (r.issue, u) {
                    digests.insert(id, digest.clone());
                }
            }
            let end = (k + 1) * CHUNK;
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
                let unsecured = plan.with_status(unsecured, f.id)?;
                Ok(Presigned {
                    learner: f.learner,
                    profile: f.profile,
                    id: f.id,
                    covering: covering(&f.covered),
                    documents: sign_default(&plan.state, &unsecured, &plan.key, plan.now)?,
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

/// Checks, records and issues a whole result file. `on_progress` is called after each chunk.
pub async fn import_results(
    state: &Services,
    provider: &Provider,
    actor: &str,
    format: FileFormat,
    bytes: &[u8],
    on_progress: &(dyn Fn(Progress) + Send + Sync),
) -> ApiResult<ImportReport> {
    let started = Instant::now();
    let records = read(format, bytes)
        .map_err(|msg| ApiError::Validation(ValidationErrors::single("file", msg)))?;
    let now = state.clock.now();
    let catalogue = Catalogue::load(state, provider.id).await?;
    let mut report = ImportReport {
        rows: records.len(),
        ..ImportReport::default()
    };
    let mut rows = Vec::with_capacity(records.len());
    let mut seen_keys = HashSet::new();
    for (row, fields) in records {
        match fields
            .map_err(|e| vec![e])
            .and_then(|f| resolve(&catalogue, row, &f, now.date()))
        {
            Ok(r) if !seen_keys.insert(r.key) => report.already_recorded += 1,
            Ok(r) => rows.push(r),
            Err(errors) => {
                report.rejected += 1;
                report.errors.extend(errors);
            }
        }
    }

    // The first validation of a unit the learner does not hold yet gets a credential.
    let mut held: HashSet<(Uuid, Uuid)> = state
        .store
        .unit_credential_keys(provider.id)
        .await?
        .into_iter()
        .collect();
    for r in &mut rows {
        if r.outcome == Outcome::Validated
            && held.insert((catalogue.learners[r.learner].id, r.unit_id))
        {
            r.issue = Some(Uuid::now_v7());
        }
    }

    let key = state.keyring.signing_key(&state.store, provider).await?;
    let key_ref = key_ref(&key.verifying_key());
    let total = rows.len();
    let (forecasts, earlier_digests) = forecast(state, provider, &catalogue, &rows).await?;
    // Every credential this run may issue gets its status index before it is signed.
    let ids: Vec<Uuid> = rows
        .iter()
        .filter_map(|r| r.issue)
        .chain(forecasts.iter().map(|f| f.id))
        .collect();
    let reserved = crate::services::status::reserve(state, provider, ids.len()).await?;
    let plan = Arc::new(Plan {
        state: state.clone(),
        provider: provider.clone(),
        catalogue,
        rows,
        key,
        now,
        actor: actor.to_owned(),
        slots: ids.into_iter().zip(reserved).collect(),
    });

    // Sign ahead of the writer, at most two chunks in advance.
    let (sender, mut receiver) = mpsc::channel::<anyhow::Result<SignedChunk>>(2);
    let signer = {
        let plan = Arc::clone(&plan);
        tokio::task::spawn_blocking(move || sign_ahead(&plan, &forecasts, earlier_digests, &sender))
    };

    let mut to_settle: BTreeSet<(Uuid, usize)> = BTreeSet::new();
    let mut settled: HashSet<(Uuid, usize)> = HashSet::new();
    // Digests of the unit credentials stored by this run, for the qualification credentials.
    let mut digests: HashMap<Uuid, String> = HashMap::new();
    let mut written = 0;
    for chunk in plan.rows.chunks(CHUNK) {
        let signed = receiver
            .recv()
            .await
            .ok_or_else(|| anyhow::anyhow!("the signing task stopped early"))??;
        let mut tx = state.store.begin().await?;
        let learners: BTreeSet<Uuid> = chunk
            .iter()
            .map(|r| plan.catalogue.learners[r.learner].id)
            .collect();
        for id in &learners {
            tx.lock_learner(*id).await?;
        }
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
            })
            .collect();
        let inserted = tx.insert_assessments(&assessments).await?;
        let mut events = Vec::new();
        for (r, a) in chunk.iter().zip(&assessments) {
            if inserted.contains(&a.id) {
                report.recorded += 1;
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
                report.already_recorded += 1;
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
            report.qualifications_issued += 1;
            settled.insert((learner, profile));
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
        report.credentials_issued += issued.len();
        for (id, digest, ..) in issued {
            digests.insert(id, digest);
        }
        // Every learner this file validates a unit for is settled, not only those credentialed
        // by this run: a run stopped after storing a learner's last units but before their
        // award leaves nothing to issue the second time, yet the award is still due.
        for r in chunk.iter().filter(|r| r.outcome == Outcome::Validated) {
            to_settle.insert((plan.catalogue.learners[r.learner].id, r.profile));
        }
        written += chunk.len();
        on_progress(Progress {
            written,
            total,
            credentials_issued: report.credentials_issued,
        });
    }
    signer.await.map_err(anyhow::Error::from)?;

    // Whatever was not settled with its units: incomplete, jury, or changed meanwhile.
    let pairs: Vec<(Uuid, usize)> = to_settle
        .into_iter()
        .filter(|p| !settled.contains(p))
        .collect();
    for group in pairs.chunks(AWARD_CHUNK) {
        settle_awards(&plan, &key_ref, group, &mut digests, &mut report).await?;
    }
    report.errors.sort_by_key(|e| e.row);
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

fn award_event(
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

/// Stores the qualification credentials signed ahead whose units are, in this transaction,
/// exactly those they were built on; returns the (learner, profile) pairs awarded.
async fn store_presigned(
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
async fn award_all(
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
async fn settle_awards(
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
    for id in &learners {
        tx.lock_learner(*id).await?;
    }
    let learners: Vec<Uuid> = learners.into_iter().collect();
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
    let unsecured: Vec<(Uuid, StatusSlot, Value)> = complete
        .iter()
        .zip(slots)
        .map(|((learner_id, profile, covered), slot)| {
            let learner = &plan.catalogue.learners[plan.catalogue.by_id[learner_id]];
            let id = Uuid::now_v7();
            let mut vc = qualification_credential(
                state,
                provider,
                learner,
                &plan.catalogue.profiles[*profile],
                covered,
                digests,
                id,
                now,
            );
            crate::domain::status_list::embed(
                &mut vc,
                &state.settings.public_url,
                &provider.slug,
                slot,
            );
            (id, slot, vc)
        })
        .collect();
    let signed = {
        let plan = Arc::clone(plan);
        let docs: Vec<Value> = unsecured.iter().map(|(_, _, vc)| vc.clone()).collect();
        tokio::task::spawn_blocking(move || {
            parallel(&docs, |vc| {
                sign_default(&plan.state, vc, &plan.key, plan.now)
            })
        })
        .await
        .map_err(anyhow::Error::from)??
    };
    let credentials: Vec<NewCredential> = complete
        .iter()
        .zip(unsecured)
        .zip(signed)
        .map(
            |(((learner_id, profile, _), (id, slot, _)), documents)| NewCredential {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_semicolons_bom_and_quotes() {
        let file = "\u{feff}learner;profile;version;unit;assessed_on;outcome;assessor;remediation_note\n\
                    R-1;MECA;1;UAA1;2026-06-01;not_validated;\"Dupont; J.\";\"Revoir \"\"freins\"\"\"\n\
                    \n\
                    R-2;MECA;1;UAA1;2026-06-01;validated;Dupont\n";
        let records = read(FileFormat::Csv, file.as_bytes()).unwrap();
        assert_eq!(records.len(), 2);
        let (line, first) = &records[0];
        assert_eq!(*line, 2);
        let first = first.as_ref().unwrap();
        assert_eq!(first["assessor"], "Dupont; J.");
        assert_eq!(first["remediation_note"], "Revoir \"freins\"");
        let (line, second) = &records[1];
        assert_eq!(*line, 4);
        assert!(second.as_ref().unwrap_err().message.contains("7 fields"));
    }

    #[test]
    fn csv_column_errors_concern_the_whole_file() {
        let missing = read(FileFormat::Csv, b"learner,profile,unit\n");
        assert!(missing.unwrap_err().contains("missing column(s): version"));
        let unknown = read(
            FileFormat::Csv,
            b"learner,profile,version,unit,assessed_on,outcom,assessor\n",
        );
        assert!(unknown.unwrap_err().contains("unknown column `outcom`"));
    }

    #[test]
    fn json_rows_accept_numbers_and_report_unknown_fields() {
        let file = br#"[{"learner":"R-1","profile":"MECA","version":1,"unit":"UAA1"},
                        {"learner":"R-2","grade":"A"}, 7]"#;
        let records = read(FileFormat::Json, file).unwrap();
        assert_eq!(records[0].1.as_ref().unwrap()["version"], "1");
        assert_eq!(
            records[1].1.as_ref().unwrap_err().field.as_deref(),
            Some("grade")
        );
        assert_eq!(records[2].1.as_ref().unwrap_err().row, 3);
        assert!(read(FileFormat::Json, b"{}").is_err());
    }

    #[test]
    fn formats_from_names_and_media_types() {
        assert_eq!(
            FileFormat::from_media_type("text/csv; charset=utf-8"),
            Some(FileFormat::Csv)
        );
        assert_eq!(
            FileFormat::from_path(std::path::Path::new("cohorte.JSON")),
            Some(FileFormat::Json)
        );
        assert_eq!(FileFormat::from_media_type("text/plain"), None);
    }
}
