//! The `edc` form of a stored credential: the European Digital Credential rendering of the
//! same record as its Open Badges forms (referential, learner, assessment or recognition,
//! status entry, validity), sealed with the provider's e-seal. Like the other secondary
//! forms it is produced the first time it is asked for, then stored, so every later request
//! gets the same bytes; issuance and cohort imports never wait for RSA.

use serde_json::Value;
use uuid::Uuid;

use crate::crypto::di;
use crate::domain::credential::FORMAT_DI_RDFC;
use crate::domain::credential::FORMAT_EDC;
use crate::domain::credential::format_points;
use crate::domain::learner::Learner;
use crate::domain::provider::Provider;
use crate::domain::referential::{LANGUAGES, LangMap, ProfileDef};
use crate::error::{ApiError, ApiResult};
use crate::europass::display::{self, Card};
use crate::europass::edc::{self, Envelope, Part, QualificationEdc, Recognised, UnitEdc};
use crate::europass::seal::{self, SealKey};
use crate::services::Services;
use crate::storage::{CredentialDocument, CredentialRecord};

/// What Europass needs first: the provider's seal. Without one there is no EDC form.
pub fn no_seal(provider: &Provider) -> ApiError {
    ApiError::Conflict(
        "no_seal_certificate",
        format!(
            "{} has no e-seal certificate installed; an admin installs one (PUT /v1/seal, or \
             unitcred seal install) before EDCs can be issued",
            provider.name
        ),
    )
}

/// Renders and seals the EDC of a stored credential (not stored here).
pub async fn render(
    state: &Services,
    provider: &Provider,
    record: &CredentialRecord,
) -> ApiResult<CredentialDocument> {
    let key = state
        .keyring
        .seal_key(&state.store, provider)
        .await?
        .ok_or_else(|| no_seal(provider))?;
    let inputs = Inputs::load(state, provider, record).await?;
    let public_url = state.settings.public_url.clone();
    let provider = provider.clone();
    let record = record.clone();
    let now = state.clock.now();
    // Drawing the cards and sealing with RSA are CPU work: off the async workers.
    tokio::task::spawn_blocking(move || -> ApiResult<CredentialDocument> {
        let doc = inputs.edc(&public_url, &provider, &record, &key)?;
        let bytes = serde_json::to_vec(&doc).map_err(anyhow::Error::from)?;
        let sealed = seal::seal(&bytes, &key, now).map_err(anyhow::Error::from)?;
        Ok(CredentialDocument {
            format: FORMAT_EDC.to_owned(),
            media_type: seal::MEDIA_TYPE.to_owned(),
            body: serde_json::to_vec(&sealed).map_err(anyhow::Error::from)?,
        })
    })
    .await
    .map_err(anyhow::Error::from)?
}

/// Everything an EDC is drawn from, read from the store.
struct Inputs {
    profile: ProfileDef,
    learner: Learner,
    /// The Open Badges form without its proof: validity and status come from it.
    ob: Value,
    kind: Kind,
}

enum Kind {
    Unit {
        code: String,
        assessed_on: time::Date,
        assessment_type: crate::domain::referential::AssessmentType,
        assessor: String,
        recognised: Option<RecognisedRecord>,
        route: Option<Box<crate::domain::route::Route>>,
    },
    Qualification {
        parts: Vec<StoredPart>,
    },
}

/// A unit a qualification rests on: its profile version (a unit validated under an older
/// version counts through equivalence), its code, its unit credential, and the foreign
/// credential (id, digest) behind it when it was recognised.
struct StoredPart {
    profile: ProfileDef,
    code: String,
    credential_id: Uuid,
    foreign: Option<(String, String)>,
    /// Validated by a jury's validation of prior learning (non-formal learning).
    non_formal: bool,
}

struct RecognisedRecord {
    credential_id: String,
    digest: String,
    media_type: String,
    issuer: String,
    issuer_name: Option<String>,
    basis: String,
}

impl Inputs {
    async fn load(
        state: &Services,
        provider: &Provider,
        record: &CredentialRecord,
    ) -> ApiResult<Self> {
        let store = &state.store;
        let profile = store
            .profile_by_id(provider.id, record.profile_id)
            .await?
            .ok_or(ApiError::NotFound("profile"))?;
        let learner = store
            .learner(provider.id, record.learner_id)
            .await?
            .ok_or(ApiError::NotFound("learner"))?;
        let base = store
            .credential_document(record.id, FORMAT_DI_RDFC)
            .await?
            .ok_or(ApiError::NotFound("credential"))?;
        let secured: Value = serde_json::from_slice(&base.body).map_err(anyhow::Error::from)?;
        let (ob, _) = di::split_proofs(&secured).map_err(anyhow::Error::from)?;
        let corrupt =
            |m: &str| ApiError::Internal(anyhow::anyhow!("credential {}: {m}", record.id));
        let kind = if record.kind == "qualification" {
            // The parts are the unit credentials `relatedResource` names, in its order; a
            // recognised unit brings the foreign credential it rests on.
            let recognitions = store.recognitions(provider.id, learner.id).await?;
            let assessments = store.assessments(provider.id, learner.id).await?;
            let mut parts = Vec::new();
            for entry in ob["relatedResource"].as_array().into_iter().flatten() {
                let Some(id) = store_owned(entry) else {
                    continue;
                };
                let Some(unit) = store.credential(provider.id, id).await? else {
                    continue;
                };
                let unit_profile = profile_of(state, provider, &unit).await?;
                let code = unit_code(state, &unit_profile, &unit)
                    .await?
                    .ok_or_else(|| corrupt("a part names no unit"))?;
                let foreign = recognitions
                    .iter()
                    .find(|r| r.credential_id == Some(id))
                    .map(|r| {
                        (
                            r.foreign_credential_id.clone().unwrap_or_default(),
                            r.digest.clone(),
                        )
                    });
                let non_formal = assessments.iter().any(|a| {
                    a.credential_id == Some(id)
                        && crate::domain::route::Route::non_formal(a.route.as_ref())
                });
                parts.push(StoredPart {
                    profile: unit_profile,
                    code,
                    credential_id: id,
                    foreign,
                    non_formal,
                });
            }
            Kind::Qualification { parts }
        } else {
            let code = unit_code(state, &profile.def, record)
                .await?
                .ok_or_else(|| corrupt("a unit credential names no unit"))?;
            let unit = profile.def.unit(&code).ok_or(ApiError::NotFound("unit"))?;
            let assessed = store
                .assessments(provider.id, learner.id)
                .await?
                .into_iter()
                .find(|a| a.credential_id == Some(record.id));
            let recognition = store
                .recognitions(provider.id, learner.id)
                .await?
                .into_iter()
                .find(|r| r.credential_id == Some(record.id));
            let awarded = ob["awardedDate"]
                .as_str()
                .and_then(crate::support::clock::parse_datetime)
                .map(|t| t.date())
                .unwrap_or(record.issued_at.date());
            match (assessed, recognition) {
                (Some(a), _) => Kind::Unit {
                    code,
                    assessed_on: a.assessed_on,
                    assessment_type: a.assessment_type,
                    assessor: a.assessor,
                    recognised: None,
                    route: a.route.map(Box::new),
                },
                (None, Some(r)) => Kind::Unit {
                    code,
                    assessed_on: awarded,
                    assessment_type: unit.assessment_type,
                    assessor: String::new(),
                    route: None,
                    recognised: Some(RecognisedRecord {
                        credential_id: r.foreign_credential_id.unwrap_or_default(),
                        digest: r.digest,
                        media_type: r.media_type,
                        issuer_name: r
                            .verification
                            .pointer("/trust/name")
                            .and_then(Value::as_str)
                            .map(str::to_owned),
                        issuer: r.foreign_issuer.unwrap_or_default(),
                        basis: r.basis.unwrap_or_else(|| "manual".into()),
                    }),
                },
                (None, None) => return Err(corrupt("neither an assessment nor a recognition")),
            }
        };
        Ok(Self {
            profile: profile.def,
            learner,
            ob,
            kind,
        })
    }

    /// The EDC (unsealed), with its display cards drawn.
    fn edc(
        &self,
        public_url: &str,
        provider: &Provider,
        record: &CredentialRecord,
        key: &SealKey,
    ) -> ApiResult<Value> {
        let eidas_id = key
            .chain
            .first()
            .and_then(|c| seal::info(c).organization_identifier)
            .ok_or_else(|| no_seal(provider))?;
        let status = self.ob["credentialStatus"]["id"]
            .as_str()
            .map(str::to_owned);
        let valid_until = self.ob["validUntil"]
            .as_str()
            .and_then(crate::support::clock::parse_datetime);
        let name = format!(
            "{} {}",
            self.learner.doc.given_name, self.learner.doc.family_name
        );
        let date = record.issued_at.date().to_string();
        let parts = match &self.kind {
            Kind::Unit { .. } => Vec::new(),
            Kind::Qualification { parts } => parts
                .iter()
                .map(|part| {
                    Ok(Part {
                        profile: &part.profile,
                        unit: part
                            .profile
                            .unit(&part.code)
                            .ok_or(ApiError::NotFound("unit"))?,
                        credential_id: part.credential_id,
                        foreign: part.foreign.clone(),
                        non_formal: part.non_formal,
                    })
                })
                .collect::<ApiResult<Vec<_>>>()?,
        };
        let unit = match &self.kind {
            Kind::Unit { code, .. } => {
                Some(self.profile.unit(code).ok_or(ApiError::NotFound("unit"))?)
            }
            Kind::Qualification { .. } => None,
        };
        // The card: what the credential is, its points and level, and the qualification
        // (for a unit) or the units (for a qualification).
        let (title, kind, points) = match unit {
            Some(u) => (&u.title, 0, u.ecvet_points),
            None => (
                &self.profile.title,
                1,
                parts.iter().map(|p| p.unit.ecvet_points).sum(),
            ),
        };
        let displays = self.cards(title, kind, &name, provider, &date, |lang, w| {
            let head = format!(
                "{} {} · {} {}",
                format_points(points),
                w[3],
                w[4],
                self.profile.eqf_level
            );
            let tail = match unit {
                Some(_) => format!("{} {}", self.profile.code, self.profile.title.get(lang)),
                None => parts
                    .iter()
                    .map(|p| p.unit.code.as_str())
                    .collect::<Vec<_>>()
                    .join(" · "),
            };
            vec![head, tail]
        })?;
        let envelope = Envelope {
            id: record.id,
            public_url,
            provider,
            eidas_id: &eidas_id,
            learner: &self.learner,
            issued_at: record.issued_at,
            valid_until,
            status,
            displays: &displays,
        };
        Ok(match (&self.kind, unit) {
            (
                Kind::Unit {
                    assessed_on,
                    assessment_type,
                    assessor,
                    recognised,
                    route,
                    ..
                },
                Some(unit),
            ) => edc::unit_edc(&UnitEdc {
                envelope,
                profile: &self.profile,
                unit,
                assessed_on: *assessed_on,
                assessment_type: *assessment_type,
                assessor,
                route: route.as_deref(),
                recognised: recognised.as_ref().map(|r| Recognised {
                    credential_id: &r.credential_id,
                    digest: &r.digest,
                    media_type: &r.media_type,
                    issuer: &r.issuer,
                    issuer_name: r.issuer_name.as_deref(),
                    basis: &r.basis,
                }),
            }),
            _ => edc::qualification_edc(&QualificationEdc {
                envelope,
                profile: &self.profile,
                parts,
            }),
        })
    }

    /// One card per language of `title`, the learner's language first (the primary one).
    fn cards(
        &self,
        title: &LangMap,
        kind: usize,
        learner: &str,
        provider: &Provider,
        date: &str,
        lines: impl Fn(&str, [&'static str; 5]) -> Vec<String>,
    ) -> ApiResult<Vec<(String, Vec<u8>)>> {
        let first = title.language_of(&self.learner.doc.language).to_owned();
        let mut langs = vec![first.clone()];
        langs.extend(
            LANGUAGES
                .iter()
                .map(|l| (*l).to_owned())
                .filter(|l| *l != first && title.0.contains_key(l)),
        );
        langs
            .into_iter()
            .map(|lang| {
                let w = display::words(&lang);
                let png = display::render(&Card {
                    lang: &lang,
                    kind: w[kind],
                    title: title.get(&lang),
                    learner,
                    issuer: &provider.name,
                    lines: lines(&lang, w),
                    date,
                })
                .map_err(ApiError::Internal)?;
                Ok((lang, png))
            })
            .collect()
    }
}

/// Whether a related resource names one of this server's credentials (`urn:uuid:`).
fn store_owned(entry: &Value) -> Option<Uuid> {
    entry["id"]
        .as_str()?
        .strip_prefix("urn:uuid:")
        .and_then(|i| Uuid::parse_str(i).ok())
}

async fn profile_of(
    state: &Services,
    provider: &Provider,
    record: &CredentialRecord,
) -> ApiResult<ProfileDef> {
    Ok(state
        .store
        .profile_by_id(provider.id, record.profile_id)
        .await?
        .ok_or(ApiError::NotFound("profile"))?
        .def)
}

/// The code of the unit a unit credential is for.
async fn unit_code(
    state: &Services,
    profile: &ProfileDef,
    record: &CredentialRecord,
) -> ApiResult<Option<String>> {
    let Some(unit_id) = record.unit_id else {
        return Ok(None);
    };
    Ok(state
        .store
        .unit_ids(record.profile_id)
        .await?
        .into_iter()
        .find(|(_, id)| *id == unit_id)
        .map(|(code, _)| code)
        .filter(|code| profile.unit(code).is_some()))
}
