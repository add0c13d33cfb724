//! Reading a European Digital Credential: who issued it to whom for what, in the few fields
//! the verifier, the pages, the trust registry and recognition need. EDCs from other issuers
//! write single values as objects or one-element arrays, and texts as language maps: every
//! accessor here accepts both.

use serde_json::{Value, json};

/// The values of a property that may be one value or a list.
pub fn all(v: Option<&Value>) -> Vec<&Value> {
    match v {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a.iter().collect(),
        Some(other) => vec![other],
    }
}

pub fn first(v: Option<&Value>) -> Option<&Value> {
    all(v).into_iter().next()
}

/// A language map's text in `lang`, else English, else any.
pub fn text_in(v: Option<&Value>, lang: &str) -> Option<String> {
    let m = first(v)?;
    match m {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o
            .get(lang)
            .or_else(|| o.get("en"))
            .or_else(|| o.values().next())
            .and_then(|t| match t {
                Value::Array(a) => a.first().and_then(Value::as_str),
                other => other.as_str(),
            })
            .map(str::to_owned),
        _ => None,
    }
}

/// Every text of a language map (all languages).
pub fn texts(v: Option<&Value>) -> Vec<String> {
    all(v)
        .into_iter()
        .flat_map(|m| match m {
            Value::Object(o) => o
                .values()
                .flat_map(|t| all(Some(t)))
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect::<Vec<_>>(),
            Value::String(s) => vec![s.clone()],
            _ => Vec::new(),
        })
        .collect()
}

pub fn is_edc(v: &Value) -> bool {
    all(v.get("type"))
        .iter()
        .any(|t| t.as_str() == Some("EuropeanDigitalCredential"))
}

/// The main claim: the first of the subject's claims.
pub fn claim(edc: &Value) -> Option<&Value> {
    first(first(edc.get("credentialSubject"))?.get("hasClaim"))
}

/// What the claim's specification says.
pub fn specification(edc: &Value) -> Option<&Value> {
    first(claim(edc)?.get("specifiedBy"))
}

/// The issuer's eIDAS identifier (`eIDASIdentifier.notation`).
pub fn eidas_id(edc: &Value) -> Option<String> {
    first(first(edc.get("issuer"))?.get("eIDASIdentifier"))?
        .get("notation")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// The issuer's DID, when it names one among its identifiers (unitcred's EDCs do): the
/// issuer of the status lists an EDC's status points at.
pub fn issuer_did(edc: &Value) -> Option<String> {
    all(first(edc.get("issuer"))?.get("identifier"))
        .into_iter()
        .find(|i| i.get("schemeName").and_then(Value::as_str) == Some("DID"))
        .and_then(|i| i.get("notation")?.as_str())
        .map(str::to_owned)
}

pub fn issuer_name(edc: &Value, lang: &str) -> Option<String> {
    text_in(first(edc.get("issuer"))?.get("legalName"), lang)
}

/// The learner's name as the credential gives it.
pub fn learner_name(edc: &Value, lang: &str) -> Option<String> {
    let person = first(edc.get("credentialSubject"))?;
    text_in(person.get("fullName"), lang).or_else(|| {
        let given = text_in(person.get("givenName"), lang)?;
        let family = text_in(person.get("familyName"), lang).unwrap_or_default();
        Some(format!("{given} {family}").trim().to_owned())
    })
}

/// Points in the ECVET framework of the specification (or the claim's credit received).
pub fn ecvet_points(edc: &Value) -> Option<f64> {
    let ecvet = crate::domain::credential::ECVET_FRAMEWORK;
    let from = |v: Option<&Value>| {
        all(v)
            .into_iter()
            .find(|c| first(c.get("framework")).and_then(|f| f.get("id")?.as_str()) == Some(ecvet))
            .and_then(|c| match c.get("point")? {
                Value::String(s) => s.trim().replace(',', ".").parse().ok(),
                Value::Number(n) => n.as_f64(),
                _ => None,
            })
    };
    specification(edc)
        .and_then(|s| from(s.get("creditPoint")))
        .or_else(|| claim(edc).and_then(|c| from(c.get("creditReceived"))))
}

pub fn eqf_level(edc: &Value) -> Option<u8> {
    first(specification(edc)?.get("eqfLevel"))?
        .get("id")?
        .as_str()?
        .strip_prefix("http://data.europa.eu/snb/eqf/")?
        .parse()
        .ok()
}

/// The status the credential points at (a plain string or an `xsd:anyURI` value object).
pub fn status(edc: &Value) -> Option<String> {
    match edc.get("credentialStatus")? {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o
            .get("@value")
            .or_else(|| o.get("id"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        _ => None,
    }
}

/// The claim as an Open Badges-like achievement (`id`, `name`, `creditsAvailable`, and the
/// qualification it is part of as an `ext:PartOfQualification` alignment), so that the trust
/// registry's authorisations and the recognition table read an EDC as they read an OB
/// credential.
pub fn achievement_view(edc: &Value) -> Option<Value> {
    let spec = specification(edc)?;
    let id = spec.get("id").and_then(Value::as_str)?;
    let name = text_in(spec.get("title"), "en")
        .or_else(|| claim(edc).and_then(|c| text_in(c.get("title"), "en")));
    let alignment: Vec<Value> = all(spec.get("isPartOf"))
        .into_iter()
        .filter_map(|q| q.get("id").and_then(Value::as_str))
        .map(|q| json!({"targetType": "ext:PartOfQualification", "targetUrl": q}))
        .collect();
    let mut a = json!({"id": id, "type": ["Achievement"], "alignment": alignment});
    if let Some(name) = name {
        a["name"] = json!(name);
    }
    if let Some(points) = ecvet_points(edc) {
        a["creditsAvailable"] = json!(points);
    }
    Some(a)
}

/// The keys a recognition table line may name this EDC's achievement by: its specification
/// id, and `title:<title>` (any language, lower case) with the ECVET points as the version.
pub fn recognition_keys(edc: &Value) -> Vec<(String, String)> {
    let Some(spec) = specification(edc) else {
        return Vec::new();
    };
    let mut keys = Vec::new();
    if let Some(id) = spec.get("id").and_then(Value::as_str) {
        keys.push((id.to_owned(), String::new()));
    }
    let points = ecvet_points(edc)
        .map(crate::domain::credential::format_points)
        .unwrap_or_default();
    let mut titles = texts(spec.get("title"));
    if let Some(c) = claim(edc) {
        titles.extend(texts(c.get("title")));
    }
    for t in titles {
        let key = title_key(&t);
        if !keys.iter().any(|(k, _)| *k == key) {
            keys.push((key, points.clone()));
        }
    }
    keys
}

/// How a recognition table line names a foreign achievement by its title.
pub fn title_key(title: &str) -> String {
    format!(
        "title:{}",
        title
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_single_values_and_lists_alike() {
        let edc = json!({
            "type": ["VerifiableCredential", "EuropeanDigitalCredential"],
            "issuer": {"legalName": {"fr": "École"}, "eIDASIdentifier": {"notation": "VATBE-1"},
                       "identifier": [{"schemeName": "DID", "notation": "did:web:x"}]},
            "credentialStatus": {"@value": "https://x/status/revocation/0#3"},
            "credentialSubject": {"givenName": {"fr": "Ana"}, "familyName": {"fr": "Z"},
                "hasClaim": {"title": {"en": "Brakes"}, "specifiedBy": {
                    "id": "https://x/a/MECA/v1/UAA2", "title": {"en": "Brakes", "fr": "Freinage"},
                    "identifier": {"notation": "MECA-UAA2"},
                    "eqfLevel": {"id": "http://data.europa.eu/snb/eqf/4"},
                    "isPartOf": [{"id": "https://x/a/MECA/v1"}],
                    "creditPoint": {"framework": {"id": crate::domain::credential::ECVET_FRAMEWORK}, "point": "12,5"}}}}
        });
        assert!(is_edc(&edc));
        assert_eq!(eidas_id(&edc).as_deref(), Some("VATBE-1"));
        assert_eq!(issuer_did(&edc).as_deref(), Some("did:web:x"));
        assert_eq!(learner_name(&edc, "fr").as_deref(), Some("Ana Z"));
        assert_eq!(ecvet_points(&edc), Some(12.5));
        assert_eq!(eqf_level(&edc), Some(4));
        assert_eq!(
            status(&edc).as_deref(),
            Some("https://x/status/revocation/0#3")
        );
        let view = achievement_view(&edc).unwrap();
        assert_eq!(view["alignment"][0]["targetUrl"], "https://x/a/MECA/v1");
        let keys = recognition_keys(&edc);
        assert_eq!(keys[0], ("https://x/a/MECA/v1/UAA2".into(), String::new()));
        assert!(keys.contains(&("title:freinage".into(), "12.5".into())));
    }
}
