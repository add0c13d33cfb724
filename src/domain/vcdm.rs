//! The VC Data Model 2.0 rules a credential must meet whatever it claims (§4): the members
//! every credential has and their shapes, identifiers that are URLs, dates that are
//! `dateTimeStamp`s and a validity period in order. Checked by the VC-API issuer before it
//! signs anything (every violation listed), and by the verifier (the first one fails it).

use serde_json::{Map, Value};
use time::OffsetDateTime;

use super::ValidationErrors;
use crate::domain::credential::VC_V2;

/// Every violation of the data model in `doc`, each with where it is.
pub fn violations(doc: &Value) -> ValidationErrors {
    match doc.as_object() {
        Some(o) => violations_of(o),
        None => ValidationErrors::single("credential", "a credential is a JSON object"),
    }
}

/// `violations` of a credential already known to be an object.
pub fn violations_of(o: &Map<String, Value>) -> ValidationErrors {
    let mut errors = ValidationErrors::default();
    contexts(o, &mut errors);
    match types_of(o.get("type")) {
        Some(types) if types.contains(&"VerifiableCredential") => {}
        Some(_) => errors.push("type", "must include VerifiableCredential"),
        None => errors.push("type", "required: a term or an array of terms"),
    }
    if let Some(id) = o.get("id") {
        url(id, "id", &mut errors);
    }
    match o.get("issuer") {
        Some(v @ Value::String(_)) => url(v, "issuer", &mut errors),
        Some(Value::Object(i)) => match i.get("id") {
            Some(id) => url(id, "issuer.id", &mut errors),
            None => errors.push("issuer.id", "required when issuer is an object"),
        },
        _ => errors.push("issuer", "required: a URL or an object with an id"),
    }
    subjects(o.get("credentialSubject"), &mut errors);
    let from = date(o, "validFrom", &mut errors);
    let until = date(o, "validUntil", &mut errors);
    if let (Some(from), Some(until)) = (from, until)
        && from > until
    {
        errors.push("validUntil", "must not be before validFrom");
    }
    let issuer = o.get("issuer").and_then(Value::as_object);
    for (prefix, at) in [("", Some(o)), ("issuer.", issuer)] {
        for field in ["name", "description"] {
            if let Some(v) = at.and_then(|m| m.get(field))
                && !language_value(v)
            {
                errors.push(
                    &format!("{prefix}{field}"),
                    "a string, a language value object or an array of them",
                );
            }
        }
    }
    // Members whose items are typed objects (§4.10, §4.11, §5.4, §5.5, §5.6).
    for (field, need_id) in [
        ("credentialStatus", false),
        ("credentialSchema", true),
        ("refreshService", false),
        ("termsOfUse", false),
        ("evidence", false),
    ] {
        if let Some(v) = o.get(field) {
            typed_items(v, field, need_id, &mut errors);
        }
    }
    if let Some(v) = o.get("relatedResource") {
        related(v, &mut errors);
    }
    errors
}

/// The first violation, as the verifier reports it.
pub fn first_violation(doc: &Value) -> Option<String> {
    violations(doc)
        .0
        .into_iter()
        .next()
        .map(|i| format!("{}: {}", i.field, i.message))
}

fn contexts(o: &Map<String, Value>, errors: &mut ValidationErrors) {
    let first = match o.get("@context") {
        Some(Value::Array(a)) => a.first(),
        Some(other) => Some(other),
        None => None,
    };
    if first.and_then(Value::as_str) != Some(VC_V2) {
        errors.push(
            "@context",
            format!("must be an array whose first item is {VC_V2}"),
        );
    }
}

/// The types of a `type` member: a term or a non-empty array of terms.
pub fn types_of(v: Option<&Value>) -> Option<Vec<&str>> {
    match v? {
        Value::String(s) if !s.is_empty() => Some(vec![s.as_str()]),
        Value::Array(a) if !a.is_empty() => a
            .iter()
            .map(|t| t.as_str().filter(|s| !s.is_empty()))
            .collect(),
        _ => None,
    }
}

/// Whether `s` is a URL as the data model means it: a scheme, a colon, then no spaces.
pub fn is_url(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !rest.is_empty()
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The URL a party is named by: the value itself, or its object's `id` (an issuer, a holder).
pub fn party_id(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) => Some(s),
        Value::Object(o) => o.get("id")?.as_str(),
        _ => None,
    }
}

fn url(v: &Value, field: &str, errors: &mut ValidationErrors) {
    if !v.as_str().is_some_and(is_url) {
        errors.push(field, "must be a single URL");
    }
}

fn subjects(v: Option<&Value>, errors: &mut ValidationErrors) {
    let items: Vec<&Value> = match v {
        Some(Value::Array(a)) if !a.is_empty() => a.iter().collect(),
        Some(o @ Value::Object(_)) => vec![o],
        _ => {
            errors.push(
                "credentialSubject",
                "required: an object or a non-empty array of objects",
            );
            return;
        }
    };
    // The member's name is only written out for a violation: this runs on every verification.
    let single = items.len() == 1;
    let field = |i: usize| {
        if single {
            "credentialSubject".to_owned()
        } else {
            format!("credentialSubject[{i}]")
        }
    };
    for (i, item) in items.iter().enumerate() {
        match item.as_object() {
            Some(m) if m.is_empty() => errors.push(&field(i), "must make at least one claim"),
            Some(m) => {
                if let Some(id) = m.get("id")
                    && !id.as_str().is_some_and(is_url)
                {
                    errors.push(&format!("{}.id", field(i)), "must be a single URL");
                }
            }
            None => errors.push(&field(i), "must be an object"),
        }
    }
}

/// An XML Schema `dateTimeStamp`: a date, a time and a time zone, as RFC 3339 writes them.
pub fn date_time_stamp(s: &str) -> Option<OffsetDateTime> {
    let (_, time) = s.split_once('T')?;
    let zoned = time.ends_with('Z') || time.contains('+') || time.rfind('-').is_some();
    if !zoned {
        return None;
    }
    OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()
}

fn date(
    o: &Map<String, Value>,
    field: &str,
    errors: &mut ValidationErrors,
) -> Option<OffsetDateTime> {
    let v = o.get(field)?;
    let parsed = v.as_str().and_then(date_time_stamp);
    if parsed.is_none() {
        errors.push(field, "must be a dateTimeStamp (e.g. 2026-09-01T00:00:00Z)");
    }
    parsed
}

/// A string, or a language value object (`@value` with `@language`, `@direction`, nothing
/// else), or an array of them (VC 2.0 §11.1).
fn language_value(v: &Value) -> bool {
    let one = |v: &Value| match v {
        Value::String(_) => true,
        Value::Object(m) => {
            m.get("@value").is_some_and(Value::is_string)
                && m.keys()
                    .all(|k| matches!(k.as_str(), "@value" | "@language" | "@direction"))
        }
        _ => false,
    };
    match v {
        Value::Array(a) => a.iter().all(one),
        other => one(other),
    }
}

fn items(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    }
}

fn typed_items(v: &Value, field: &str, need_id: bool, errors: &mut ValidationErrors) {
    for item in items(v) {
        let Some(m) = item.as_object() else {
            errors.push(field, "each item must be an object");
            continue;
        };
        if types_of(m.get("type")).is_none() {
            errors.push(&format!("{field}.type"), "required");
        }
        match m.get("id") {
            Some(id) if !id.as_str().is_some_and(is_url) => {
                errors.push(&format!("{field}.id"), "must be a single URL")
            }
            None if need_id => errors.push(&format!("{field}.id"), "required"),
            _ => {}
        }
    }
}

fn related(v: &Value, errors: &mut ValidationErrors) {
    let mut seen = std::collections::HashSet::new();
    for item in items(v) {
        let Some(m) = item.as_object() else {
            errors.push("relatedResource", "each item must be an object");
            continue;
        };
        match m.get("id").and_then(Value::as_str) {
            Some(id) if is_url(id) => {
                if !seen.insert(id) {
                    errors.push("relatedResource.id", "each resource appears once");
                }
            }
            _ => errors.push("relatedResource.id", "required, a URL"),
        }
        if !m.contains_key("digestSRI") && !m.contains_key("digestMultibase") {
            errors.push(
                "relatedResource",
                "each resource needs digestSRI or digestMultibase",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{date_time_stamp, is_url, violations};

    fn fields(doc: serde_json::Value) -> Vec<String> {
        violations(&doc).0.into_iter().map(|i| i.field).collect()
    }

    fn base() -> serde_json::Value {
        json!({"@context": ["https://www.w3.org/ns/credentials/v2"],
               "type": ["VerifiableCredential"], "issuer": "did:key:z6Mk",
               "credentialSubject": {"name": "A"}})
    }

    #[test]
    fn a_minimal_credential_passes() {
        assert!(fields(base()).is_empty());
    }

    #[test]
    fn each_rule_names_its_member() {
        let mut c = base();
        c["@context"] = json!(["https://www.w3.org/2018/credentials/v1"]);
        c["type"] = json!(["Foo"]);
        c["id"] = json!("not a url");
        c["issuer"] = json!({"name": "x"});
        c["credentialSubject"] = json!({});
        c["validFrom"] = json!("2026-01-01");
        c["credentialSchema"] = json!({"type": "JsonSchema"});
        c["relatedResource"] = json!([{"id": "urn:a"}]);
        assert_eq!(
            fields(c),
            [
                "@context",
                "type",
                "id",
                "issuer.id",
                "credentialSubject",
                "validFrom",
                "credentialSchema.id",
                "relatedResource"
            ]
        );
    }

    #[test]
    fn the_validity_period_is_in_order() {
        let mut c = base();
        c["validFrom"] = json!("2026-09-01T00:00:00Z");
        c["validUntil"] = json!("2026-08-01T00:00:00+02:00");
        assert_eq!(fields(c), ["validUntil"]);
    }

    #[test]
    fn urls_and_date_time_stamps() {
        assert!(is_url("urn:uuid:1") && is_url("did:key:z6Mk") && is_url("https://a.example/x"));
        assert!(!is_url("x") && !is_url("1:a") && !is_url("https://a b") && !is_url("urn:"));
        assert!(date_time_stamp("2026-01-01T10:00:00Z").is_some());
        assert!(date_time_stamp("2026-01-01T10:00:00.5-05:00").is_some());
        assert!(date_time_stamp("2026-01-01T10:00:00").is_none());
        assert!(date_time_stamp("2026-01-01").is_none());
    }
}
