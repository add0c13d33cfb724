//! The structural rules of the ELM EDC shape (`EDC-generic-no-cv.ttl`, v1.1.0) that a
//! verifier can check on the JSON without a SHACL engine: the required properties of each
//! class the shape constrains (their minimum counts and the kind of value they take),
//! applied to every node of the credential by its `type`. The test suite runs pyshacl on the
//! same documents, so these rules are known to agree with the shape on what unitcred makes
//! and on the EC's own samples.

use serde_json::{Map, Value};

use super::read::all;

/// How a required property's value must look.
#[derive(Clone, Copy)]
enum Kind {
    /// A language map (`{"en": "…"}`) with at least one non-empty text.
    Text,
    /// A node (an object), whatever its class.
    Node,
    /// A SKOS concept: an object with an `id`.
    Concept,
    /// An RFC 3339 date-time.
    DateTime,
    /// A non-empty string.
    Literal,
}

/// (class, property, kind): the property is required (at least one value) on every node of
/// the class.
const REQUIRED: &[(&str, &str, Kind)] = &[
    ("EuropeanDigitalCredential", "credentialSchema", Kind::Node),
    ("EuropeanDigitalCredential", "credentialSubject", Kind::Node),
    ("EuropeanDigitalCredential", "issuer", Kind::Node),
    ("EuropeanDigitalCredential", "issued", Kind::DateTime),
    ("EuropeanDigitalCredential", "validFrom", Kind::DateTime),
    (
        "EuropeanDigitalCredential",
        "credentialProfiles",
        Kind::Concept,
    ),
    ("EuropeanDigitalCredential", "displayParameter", Kind::Node),
    ("Person", "hasClaim", Kind::Node),
    ("Organisation", "legalName", Kind::Text),
    ("Organisation", "location", Kind::Node),
    ("Location", "address", Kind::Node),
    ("Address", "countryCode", Kind::Concept),
    ("LearningAchievement", "title", Kind::Text),
    ("LearningAchievement", "awardedBy", Kind::Node),
    ("LearningActivity", "title", Kind::Text),
    ("LearningActivity", "awardedBy", Kind::Node),
    ("LearningAssessment", "title", Kind::Text),
    ("LearningAssessment", "awardedBy", Kind::Node),
    ("LearningAssessment", "grade", Kind::Node),
    ("LearningEntitlement", "title", Kind::Text),
    ("LearningEntitlement", "awardedBy", Kind::Node),
    ("AwardingProcess", "awardingBody", Kind::Node),
    ("LearningAchievementSpecification", "title", Kind::Text),
    ("Qualification", "title", Kind::Text),
    ("LearningAssessmentSpecification", "title", Kind::Text),
    ("LearningActivitySpecification", "title", Kind::Text),
    ("LearningOutcome", "title", Kind::Text),
    ("CreditPoint", "framework", Kind::Concept),
    ("CreditPoint", "point", Kind::Literal),
    ("DisplayParameter", "title", Kind::Text),
    ("DisplayParameter", "language", Kind::Concept),
    ("DisplayParameter", "primaryLanguage", Kind::Concept),
    ("DisplayParameter", "individualDisplay", Kind::Node),
    ("IndividualDisplay", "language", Kind::Concept),
    ("IndividualDisplay", "displayDetail", Kind::Node),
    ("DisplayDetail", "image", Kind::Node),
    ("MediaObject", "content", Kind::Literal),
    ("MediaObject", "contentEncoding", Kind::Concept),
    ("MediaObject", "contentType", Kind::Concept),
    ("Note", "noteLiteral", Kind::Text),
    ("Identifier", "notation", Kind::Literal),
    ("LegalIdentifier", "notation", Kind::Literal),
    ("LegalIdentifier", "spatial", Kind::Concept),
    ("Evidence", "dcType", Kind::Concept),
    ("WebResource", "contentURL", Kind::Literal),
];

/// Properties that take one value at most.
const SINGLE: &[(&str, &str)] = &[
    ("EuropeanDigitalCredential", "issuer"),
    ("EuropeanDigitalCredential", "issued"),
    ("EuropeanDigitalCredential", "validFrom"),
    ("EuropeanDigitalCredential", "displayParameter"),
    ("EuropeanDigitalCredential", "credentialStatus"),
    ("LearningAchievement", "awardedBy"),
    ("LearningAssessment", "awardedBy"),
    ("DisplayParameter", "primaryLanguage"),
    ("CreditPoint", "framework"),
    ("Qualification", "eqfLevel"),
];

/// Checks the credential; `Ok(nodes checked)` or the violations, each with its path.
pub fn check(edc: &Value) -> Result<usize, Vec<String>> {
    let mut out = Check {
        violations: Vec::new(),
        nodes: 0,
    };
    let Some(root) = edc.as_object() else {
        return Err(vec!["/: a credential is a JSON object".into()]);
    };
    if !root.contains_key("type")
        || !all(root.get("type"))
            .iter()
            .any(|t| t.as_str() == Some("EuropeanDigitalCredential"))
    {
        out.violation("/type", "must include EuropeanDigitalCredential");
    }
    // The issuer is an Organisation that also names its eIDAS identifier (the shape's
    // issuer node shape), which the seal certificate must match.
    match super::read::first(root.get("issuer")) {
        Some(Value::Object(i)) if i.contains_key("eIDASIdentifier") => {}
        _ => out.violation(
            "/issuer",
            "the issuer is an Organisation with an eIDASIdentifier",
        ),
    }
    out.node(root, "", "EuropeanDigitalCredential");
    if out.violations.is_empty() {
        Ok(out.nodes)
    } else {
        Err(out.violations)
    }
}

struct Check {
    violations: Vec<String>,
    nodes: usize,
}

impl Check {
    fn violation(&mut self, path: &str, what: &str) {
        if self.violations.len() < 50 {
            self.violations.push(format!("{path}: {what}"));
        }
    }

    fn node(&mut self, o: &Map<String, Value>, path: &str, implied: &str) {
        self.nodes += 1;
        let types: Vec<&str> = match o.get("type") {
            Some(t) => all(Some(t)).into_iter().filter_map(Value::as_str).collect(),
            None => vec![implied],
        };
        for class in &types {
            for (c, property, kind) in REQUIRED {
                if c != class {
                    continue;
                }
                let values = all(o.get(*property));
                if values.is_empty() {
                    self.violation(
                        &format!("{path}/{property}"),
                        &format!("a {class} needs {property}"),
                    );
                }
                for (i, v) in values.iter().enumerate() {
                    if !fits(v, *kind) {
                        self.violation(
                            &format!("{path}/{property}/{i}"),
                            &format!("not a {}", kind_name(*kind)),
                        );
                    }
                }
            }
            for (c, property) in SINGLE {
                if c == class && all(o.get(*property)).len() > 1 {
                    self.violation(
                        &format!("{path}/{property}"),
                        &format!("a {class} has one {property} at most"),
                    );
                }
            }
        }
        for (k, v) in o {
            if k == "@context" || k == "credentialStatus" {
                continue;
            }
            for (i, child) in all(Some(v)).into_iter().enumerate() {
                if let Value::Object(child) = child
                    && (child.contains_key("type") || child.contains_key("id"))
                {
                    self.node(child, &format!("{path}/{k}/{i}"), "");
                }
            }
        }
    }
}

fn fits(v: &Value, kind: Kind) -> bool {
    match kind {
        Kind::Text => match v {
            Value::Object(m) => {
                !m.is_empty()
                    && m.values().all(|t| {
                        all(Some(t))
                            .iter()
                            .all(|s| s.as_str().is_some_and(|s| !s.trim().is_empty()))
                    })
            }
            _ => false,
        },
        Kind::Node => v.is_object() || v.is_string(),
        Kind::Concept => match v {
            Value::Object(m) => m.get("id").and_then(Value::as_str).is_some(),
            Value::String(_) => true,
            _ => false,
        },
        Kind::DateTime => v
            .as_str()
            .and_then(crate::support::clock::parse_datetime)
            .is_some(),
        Kind::Literal => match v {
            Value::String(s) => !s.trim().is_empty(),
            Value::Number(_) => true,
            _ => false,
        },
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "language map of texts",
        Kind::Node => "node",
        Kind::Concept => "concept with an id",
        Kind::DateTime => "date-time",
        Kind::Literal => "non-empty value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Value {
        serde_json::from_str(include_str!(
            "../../schemas/europass/ec-sample-mc-annex1-unsigned.jsonld"
        ))
        .unwrap()
    }

    #[test]
    fn the_ec_sample_passes_once_it_names_its_eidas_identifier() {
        let mut edc = sample();
        // The unsigned sample predates `issued` and the issuer's eIDAS identifier (its signed
        // twin has both).
        assert!(check(&edc).is_err());
        edc["issued"] = edc["validFrom"].clone();
        edc["issuer"]["eIDASIdentifier"] = serde_json::json!({"id": "urn:x", "type": "LegalIdentifier", "notation": "IE-1",
                               "spatial": {"id": "http://publications.europa.eu/resource/authority/country/IRL"}});
        assert!(check(&edc).unwrap() > 50);
        let mut broken = edc.clone();
        broken["credentialSubject"]
            .as_object_mut()
            .unwrap()
            .remove("hasClaim");
        let errors = check(&broken).unwrap_err();
        assert!(errors[0].contains("hasClaim"), "{errors:?}");
        let mut broken = edc;
        broken["displayParameter"]["title"] = serde_json::json!({"en": ""});
        assert!(check(&broken).is_err());
    }
}
