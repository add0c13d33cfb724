//! The trust registry's model: which issuers a verifier knows, and what each is authorised
//! to certify, since when and on whose authority; how an authorisation covers a credential's
//! achievement; and where a verifier looks issuers up ([`TrustSource`]). Issuers are known by
//! their DID, or by the eIDAS organisation identifier of their e-seal (European Digital
//! Credentials), as `eidas:<identifier>`.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::Date;
use time::macros::format_description;

use crate::domain::ValidationErrors;
use crate::support::clock::parse_datetime;
use crate::support::i18n::Message;

/// The identifier the trust registry knows an EDC issuer by.
pub fn registry_key(organization_identifier: &str) -> String {
    format!("eidas:{organization_identifier}")
}

/// `typ` of a signed registry file.
pub const REGISTRY_JWT_TYPE: &str = "trust-registry+jwt";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistryFile {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<String>,
    pub issuers: Vec<IssuerEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssuerEntry {
    /// The issuer's DID (Open Badges credentials); empty for an issuer known only by its
    /// e-seal.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub did: String,
    /// The `organizationIdentifier` of the issuer's e-seal certificate (European Digital
    /// Credentials), e.g. `VATBE-0123456789`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eidas_id: Option<String>,
    pub name: String,
    pub country: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub authorisations: Vec<Authorisation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The qualification achievement and every achievement whose id extends it by a path
    /// (its units), or that aligns to it as `ext:PartOfQualification`.
    Qualification,
    /// Exactly this achievement.
    Unit,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Authorisation {
    pub achievement: String,
    pub scope: Scope,
    /// First day (inclusive); `None` only for this server's own providers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Last day (inclusive), if the authorisation ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    pub authority: String,
}

fn day(s: &str) -> Option<Date> {
    Date::parse(s, format_description!("[year]-[month]-[day]")).ok()
}

impl IssuerEntry {
    /// The identifiers the verifier looks this issuer up by: its DID, and `eidas:` + the
    /// organisation identifier of its seal.
    pub fn keys(&self) -> Vec<String> {
        let mut keys = Vec::new();
        if !self.did.is_empty() {
            keys.push(self.did.clone());
        }
        if let Some(id) = &self.eidas_id {
            keys.push(registry_key(id));
        }
        keys
    }

    /// Beyond the JSON Schema: dates in order.
    pub fn check_dates(&self, errors: &mut ValidationErrors, at: &str) {
        for (i, a) in self.authorisations.iter().enumerate() {
            let field = format!("{at}/authorisations/{i}");
            let from = a.from.as_deref().map(day);
            let until = a.until.as_deref().map(day);
            if matches!(from, Some(None)) || matches!(until, Some(None)) {
                errors.push(&field, "from and until are dates YYYY-MM-DD");
            } else if let (Some(Some(f)), Some(Some(u))) = (from, until)
                && f > u
            {
                errors.push(&field, "until is before from");
            }
        }
    }

    fn covering(&self, achievement: &Value, on: Option<Date>) -> Result<&Authorisation, Message> {
        let id = achievement.get("id").and_then(Value::as_str).unwrap_or("");
        let part_of: Vec<&str> = achievement
            .get("alignment")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter(|al| {
                        al.get("targetType").and_then(Value::as_str)
                            == Some("ext:PartOfQualification")
                    })
                    .filter_map(|al| al.get("targetUrl").and_then(Value::as_str))
                    .collect()
            })
            .unwrap_or_default();
        let matching: Vec<&Authorisation> = self
            .authorisations
            .iter()
            .filter(|a| match a.scope {
                Scope::Unit => a.achievement == id,
                Scope::Qualification => {
                    a.achievement == id
                        || id
                            .strip_prefix(a.achievement.as_str())
                            .is_some_and(|rest| rest.starts_with('/'))
                        || part_of.contains(&a.achievement.as_str())
                }
            })
            .collect();
        if matching.is_empty() {
            return Err(Message::new("trust-not_authorised")
                .arg("name", &self.name)
                .arg("id", id));
        }
        let Some(on) = on else {
            return Ok(matching[0]);
        };
        matching
            .iter()
            .copied()
            .find(|a| {
                a.from.as_deref().and_then(day).is_none_or(|f| f <= on)
                    && a.until.as_deref().and_then(day).is_none_or(|u| on <= u)
            })
            .ok_or_else(|| {
                let periods = matching
                    .iter()
                    .map(|a| {
                        format!(
                            "{} – {}",
                            a.from.as_deref().unwrap_or("…"),
                            a.until.as_deref().unwrap_or("…")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                Message::new("trust-not_authorised_on")
                    .arg("name", &self.name)
                    .arg("id", id)
                    .arg("when", on)
                    .arg("list", periods)
            })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TrustStatus {
    /// Known, and authorised for the credential's achievement on its issuance date.
    Trusted,
    /// Not in the registry: nothing is known about who the issuer is.
    Unknown,
    /// Known, but not authorised for this achievement (or not on that date).
    NotAuthorised,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrustReport {
    pub status: TrustStatus,
    pub issuer: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Where the registry entry came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorisation: Option<Authorisation>,
    /// In English in JSON; the check that quotes it carries the message itself.
    #[serde(serialize_with = "crate::support::i18n::english")]
    pub detail: Message,
}

/// A registry held in memory (offline tools, benchmarks, tests).
#[derive(Debug, Default)]
pub struct Registry {
    issuers: HashMap<String, (IssuerEntry, String)>,
}

/// The achievement a credential is about (OB: `credentialSubject.achievement`).
pub fn achievement_of(credential: &Value) -> Option<&Value> {
    let subject = match credential.get("credentialSubject")? {
        Value::Array(a) => a.first()?,
        other => other,
    };
    subject.get("achievement").filter(|a| a.is_object())
}

/// When the issuer says it issued the credential: `validFrom`, else `awardedDate`.
fn issued_on(credential: &Value) -> Option<Date> {
    ["validFrom", "awardedDate", "issuanceDate"]
        .iter()
        .find_map(|k| credential.get(*k).and_then(Value::as_str))
        .and_then(parse_datetime)
        .map(|t| t.date())
}

/// An issuer's entry and its source, or `None`; `Err` for a storage failure.
pub type Lookup<'a> =
    Pin<Box<dyn Future<Output = Result<Option<(IssuerEntry, String)>, String>> + Send + 'a>>;

/// Where the verifier looks issuers up. `Err` is an operational failure (storage).
pub trait TrustSource: Send + Sync {
    fn lookup<'a>(&'a self, did: &'a str) -> Lookup<'a>;
}

impl Registry {
    pub fn insert(&mut self, entry: IssuerEntry, source: String) {
        for key in entry.keys() {
            self.issuers.insert(key, (entry.clone(), source.clone()));
        }
    }

    pub fn assess(&self, credential: &Value, issuer: &str) -> TrustReport {
        assess(
            self.issuers.get(issuer).map(|(e, s)| (e, s.as_str())),
            credential,
            issuer,
        )
    }
}

impl TrustSource for Registry {
    fn lookup<'a>(&'a self, did: &'a str) -> Lookup<'a> {
        Box::pin(async move { Ok(self.issuers.get(did).cloned()) })
    }
}

/// What the registry's entry for `issuer` (if any) says about `credential`.
pub fn assess(
    entry: Option<(&IssuerEntry, &str)>,
    credential: &Value,
    issuer: &str,
) -> TrustReport {
    let Some((entry, source)) = entry else {
        return TrustReport {
            status: TrustStatus::Unknown,
            issuer: issuer.to_owned(),
            name: None,
            country: None,
            source: None,
            authorisation: None,
            detail: Message::new("trust-not_listed").arg("issuer", issuer),
        };
    };
    let mut report = TrustReport {
        status: TrustStatus::Trusted,
        issuer: issuer.to_owned(),
        name: Some(entry.name.clone()),
        country: Some(entry.country.clone()),
        source: Some(source.to_owned()),
        authorisation: None,
        detail: Message::raw(""),
    };
    let Some(achievement) = achievement_of(credential) else {
        report.detail = Message::new("trust-no_achievement")
            .arg("name", &entry.name)
            .arg("country", &entry.country);
        return report;
    };
    match entry.covering(achievement, issued_on(credential)) {
        Ok(a) => {
            report.detail = Message::new("trust-authorised")
                .arg("name", &entry.name)
                .arg("country", &entry.country)
                .arg("authority", &a.authority);
            report.authorisation = Some(a.clone());
        }
        Err(why) => {
            report.status = TrustStatus::NotAuthorised;
            report.detail = why;
        }
    }
    report
}

/// Where a provider of this server sits in the registry: trusted for everything under its
/// own achievements path.
pub fn local_entry(public_url: &str, p: &crate::domain::provider::Provider) -> IssuerEntry {
    IssuerEntry {
        did: p.did.clone(),
        eidas_id: None,
        name: p.name.clone(),
        country: p.country_code.clone(),
        url: p.url.clone(),
        authorisations: vec![Authorisation {
            achievement: format!("{public_url}/providers/{}/achievements", p.slug),
            scope: Scope::Qualification,
            from: None,
            until: None,
            authority: "this server's operator (provider registered here)".into(),
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry() -> IssuerEntry {
        serde_json::from_value(json!({
            "did": "did:web:a.example", "name": "École A", "country": "BE",
            "authorisations": [
                {"achievement": "https://a.example/q/MECA/v1", "scope": "qualification",
                 "from": "2025-09-01", "until": "2027-08-31", "authority": "MoU 2025-17"},
                {"achievement": "https://a.example/u/WELD", "scope": "unit",
                 "from": "2026-01-01", "authority": "FWB"}
            ]
        }))
        .unwrap()
    }

    fn credential(achievement: Value, on: &str) -> Value {
        json!({"validFrom": on, "credentialSubject": {"achievement": achievement}})
    }

    #[test]
    fn authorisations_cover_units_by_path_alignment_and_dates() {
        let mut r = Registry::default();
        r.insert(entry(), "registry \"x\"".into());
        let at = |ach: Value, on: &str| r.assess(&credential(ach, on), "did:web:a.example").status;
        let unit = json!({"id": "https://a.example/q/MECA/v1/UAA1"});
        assert_eq!(
            at(unit.clone(), "2026-03-01T00:00:00Z"),
            TrustStatus::Trusted
        );
        // Before the authorisation started, and after it ended.
        assert_eq!(
            at(unit.clone(), "2025-08-31T23:00:00Z"),
            TrustStatus::NotAuthorised
        );
        assert_eq!(at(unit, "2027-09-01T00:00:00Z"), TrustStatus::NotAuthorised);
        // A prefix that is not a path boundary does not count.
        let other = json!({"id": "https://a.example/q/MECA/v10/UAA1"});
        assert_eq!(
            at(other, "2026-03-01T00:00:00Z"),
            TrustStatus::NotAuthorised
        );
        let aligned = json!({"id": "urn:x:1", "alignment": [
            {"targetType": "ext:PartOfQualification", "targetUrl": "https://a.example/q/MECA/v1"}]});
        assert_eq!(at(aligned, "2026-03-01T00:00:00Z"), TrustStatus::Trusted);
        let weld = json!({"id": "https://a.example/u/WELD"});
        assert_eq!(
            at(weld.clone(), "2026-03-01T00:00:00Z"),
            TrustStatus::Trusted
        );
        let sub = json!({"id": "https://a.example/u/WELD/2"});
        assert_eq!(at(sub, "2026-03-01T00:00:00Z"), TrustStatus::NotAuthorised);
        assert_eq!(
            r.assess(
                &credential(weld, "2026-03-01T00:00:00Z"),
                "did:web:b.example"
            )
            .status,
            TrustStatus::Unknown
        );
    }
}
