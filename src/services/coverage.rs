//! Bundle verification: given a set of credentials (a Verifiable Presentation, a CLR 2.0
//! `ClrCredential`, or a JSON array) and one of this server's qualification profiles, say
//! unit by unit which units the set proves, from which issuer and with what status, and
//! whether the whole qualification is covered.
//!
//! A credential proves a unit when it verifies (signature, validity, status, and an issuer
//! the registry authorises for its achievement) and its achievement is the unit's, or a unit
//! of an older version the profile declares equivalent, or a foreign achievement the
//! provider's recognition table maps to the unit.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::{Value, json};

use crate::domain::credential::{qualification_achievement_id, unit_achievement_id};
use crate::domain::provider::Provider;
use crate::domain::trust::{TrustStatus, achievement_of};
use crate::error::{ApiError, ApiResult};
use crate::services::Services;
use crate::services::verification::ServerVerification;
use crate::storage::StoredProfile;

/// Credentials per bundle: enough for any qualification, small enough to answer quickly.
pub const MAX_CREDENTIALS: usize = 200;

#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    /// Position in the submitted set.
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer_name: Option<String>,
    /// `direct`, `equivalence` (older version of the profile) or `recognition_table`.
    pub via: &'static str,
    pub verified: bool,
    /// The failure code when not verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub trust: Option<TrustStatus>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitAnswer {
    pub unit_code: String,
    pub title: String,
    pub ecvet_points: f64,
    pub mandatory: bool,
    pub proved: bool,
    /// The credential that proves the unit, if one does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proved_by: Option<Evidence>,
    /// Credentials for this unit that do not prove it (revoked, tampered, untrusted…).
    pub rejected: Vec<Evidence>,
}

/// Splits the submitted set into credentials. A presentation's own proof (holder binding) is
/// not checked; a CLR is verified as a credential and its embedded credentials each on their
/// own.
fn unpack(set: &Value) -> Result<(Vec<Value>, &'static str), String> {
    let types = |v: &Value| -> Vec<String> {
        match v.get("type") {
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            Some(Value::String(s)) => vec![s.clone()],
            _ => Vec::new(),
        }
    };
    let many = |v: Option<&Value>| -> Vec<Value> {
        match v {
            Some(Value::Array(a)) => a.clone(),
            Some(one @ (Value::Object(_) | Value::String(_))) => vec![one.clone()],
            _ => Vec::new(),
        }
    };
    match set {
        Value::Array(items) => Ok((items.clone(), "array")),
        Value::Object(_) if types(set).iter().any(|t| t == "VerifiablePresentation") => {
            Ok((many(set.get("verifiableCredential")), "presentation"))
        }
        Value::Object(_) if types(set).iter().any(|t| t == "ClrCredential") => {
            let mut out = vec![set.clone()];
            out.extend(many(
                set.get("credentialSubject")
                    .and_then(|s| s.get("verifiableCredential")),
            ));
            Ok((out, "clr"))
        }
        Value::Object(_) | Value::String(_) => Ok((vec![set.clone()], "credential")),
        _ => Err("credentials must be a presentation, a CLR credential or an array".into()),
    }
}

/// The provider and profile behind a qualification achievement id of this server.
async fn profile_by_achievement(
    state: &Services,
    id: &str,
) -> ApiResult<(Provider, StoredProfile)> {
    let not_found = || ApiError::NotFound("profile");
    let rest = id
        .strip_prefix(&format!("{}/providers/", state.settings.public_url))
        .ok_or_else(not_found)?;
    let parts: Vec<&str> = rest.split('/').collect();
    let [slug, "achievements", code, version] = parts.as_slice() else {
        return Err(not_found());
    };
    let version: u32 = version
        .strip_prefix('v')
        .and_then(|v| v.parse().ok())
        .ok_or_else(not_found)?;
    let provider = state
        .store
        .provider_by_slug(slug)
        .await?
        .ok_or_else(not_found)?;
    let profile = state
        .store
        .profile(provider.id, code, version)
        .await?
        .ok_or_else(not_found)?;
    Ok((provider, profile))
}

pub async fn verify_bundle(state: &Services, profile_id: &str, set: &Value) -> ApiResult<Value> {
    let (provider, profile) = profile_by_achievement(state, profile_id).await?;
    let (credentials, container) =
        unpack(set).map_err(|m| ApiError::BadRequest("malformed_request", m))?;
    if credentials.len() > MAX_CREDENTIALS {
        return Err(ApiError::BadRequest(
            "too_many_credentials",
            format!("at most {MAX_CREDENTIALS} credentials per bundle"),
        ));
    }
    let def = &profile.def;
    let public = &state.settings.public_url;
    let qualification_id = qualification_achievement_id(public, &provider.slug, def);
    let table = state
        .store
        .recognition_table(provider.id, profile.id)
        .await?;
    let server = ServerVerification::new(state).await?;
    let verifier = server.verifier();

    let mut units: Vec<UnitAnswer> = def
        .units
        .iter()
        .map(|u| UnitAnswer {
            unit_code: u.code.clone(),
            title: u.title.get("fr").to_owned(),
            ecvet_points: u.ecvet_points,
            mandatory: def.is_mandatory(&u.code),
            proved: false,
            proved_by: None,
            rejected: Vec::new(),
        })
        .collect();
    // This profile's unit achievement ids, and those of older versions it declares
    // equivalent, computed once for the whole set.
    let mut own_ids: std::collections::HashMap<String, (String, &'static str)> = def
        .units
        .iter()
        .map(|u| {
            let id = unit_achievement_id(public, &provider.slug, def, &u.code);
            (id, (u.code.clone(), "direct"))
        })
        .collect();
    if !def.equivalences.is_empty() {
        let mut older = def.clone();
        for eq in &def.equivalences {
            older.version = eq.from_version;
            let id = unit_achievement_id(public, &provider.slug, &older, &eq.from_unit);
            own_ids
                .entry(id)
                .or_insert_with(|| (eq.unit.clone(), "equivalence"));
        }
    }
    let mut summaries = Vec::new();
    let mut qualification_credential = None;
    for (index, c) in credentials.iter().enumerate() {
        let v = verifier
            .verify(c)
            .await
            .map_err(|e| ApiError::Internal(anyhow::Error::new(e)))?;
        let parsed = v.credential.clone().unwrap_or(Value::Null);
        let achievement = achievement_of(&parsed);
        let aid = achievement
            .and_then(|a| a.get("id"))
            .and_then(Value::as_str)
            .unwrap_or("");
        let version = achievement
            .and_then(|a| a.get("version"))
            .and_then(Value::as_str)
            .unwrap_or("");
        // Which unit of the profile this credential is about, and how.
        let mut matched: Option<(String, &'static str)> = own_ids.get(aid).cloned();
        if matched.is_none() {
            matched = table
                .iter()
                .find(|l| {
                    l.achievement_id == aid
                        && (l.achievement_version.is_empty() || l.achievement_version == version)
                })
                .map(|l| (l.unit_code.clone(), "recognition_table"));
        }
        let failure = v.failure.as_ref();
        let untrusted = v
            .trust
            .as_ref()
            .is_some_and(|t| t.status != TrustStatus::Trusted);
        let verified = failure.is_none() && !untrusted;
        let evidence = |via| Evidence {
            index,
            credential_id: v.credential_id.clone(),
            issuer: v.issuer.clone(),
            issuer_name: v.trust.as_ref().and_then(|t| t.name.clone()),
            via,
            verified,
            code: match (failure, untrusted) {
                (Some((f, _)), _) => Some(f.code()),
                (None, true) => Some("untrusted_issuer"),
                _ => None,
            },
            detail: match (failure, &v.trust) {
                (Some((_, d)), _) => Some(d.english()),
                (None, Some(t)) if untrusted => Some(t.detail.english()),
                _ => None,
            },
            trust: v.trust.as_ref().map(|t| t.status),
        };
        if aid == qualification_id {
            qualification_credential = Some(evidence("direct"));
        }
        if let Some((code, via)) = &matched
            && let Some(u) = units.iter_mut().find(|u| &u.unit_code == code)
        {
            if verified && !u.proved {
                u.proved = true;
                u.proved_by = Some(evidence(via));
            } else if !verified {
                u.rejected.push(evidence(via));
            }
        }
        summaries.push(json!({
            "index": index, "credential_id": v.credential_id, "issuer": v.issuer,
            "format": v.format, "verified": verified, "unit": matched.as_ref().map(|m| &m.0),
            "code": evidence("direct").code, "trust": v.trust.as_ref().map(|t| t.status),
        }));
    }
    let proved: BTreeSet<String> = units
        .iter()
        .filter(|u| u.proved)
        .map(|u| u.unit_code.clone())
        .collect();
    let rule = def.evaluate(&proved);
    let earned: f64 = units
        .iter()
        .filter(|u| u.proved)
        .map(|u| u.ecvet_points)
        .sum();
    Ok(json!({
        "profile": {"id": qualification_id, "code": def.code, "version": def.version,
                    "title": def.title.get("fr"), "provider": provider.slug},
        "container": container,
        "holder": "not established: a presentation's holder proof is not checked, and credentials from different issuers identify the learner differently",
        "covered": rule.satisfied,
        "rule": rule,
        "ecvet_points_proved": earned,
        "units": units,
        "qualification_credential": qualification_credential,
        "credentials": summaries,
    }))
}
