//! The EDC of one unit: validated here (by the school, a jury on prior learning, or at the
//! workplace) or recognised from a foreign credential.

use serde_json::{Value, json};
use time::Date;

use super::*;
use crate::domain::referential::{AssessmentType, ProfileDef, UnitDef};
use crate::domain::route::Route;

/// A foreign credential a recognised unit rests on.
pub struct Recognised<'a> {
    pub credential_id: &'a str,
    pub digest: &'a str,
    pub media_type: &'a str,
    pub issuer: &'a str,
    pub issuer_name: Option<&'a str>,
    /// `equivalence_table` or `manual`.
    pub basis: &'a str,
}

/// What a unit's EDC is made of (the same inputs as the Open Badges form).
pub struct UnitEdc<'a> {
    pub envelope: Envelope<'a>,
    pub profile: &'a ProfileDef,
    pub unit: &'a UnitDef,
    pub assessed_on: Date,
    pub assessment_type: AssessmentType,
    pub assessor: &'a str,
    /// Set for a recognition credential: the unit was certified elsewhere.
    pub recognised: Option<Recognised<'a>>,
    /// Validation of prior learning or work-based (`None`: the school's examination).
    pub route: Option<&'a Route>,
}

/// The EDC of a validated unit, or of a unit recognised from a foreign credential.
pub fn unit_edc(input: &UnitEdc<'_>) -> Value {
    let e = &input.envelope;
    let ids = Ids { credential: e.id };
    let mut spec = unit_specification(&ids, e.public_url, e.provider, input.profile, input.unit, 0);
    if Route::non_formal(input.route) {
        non_formal(&mut spec);
    }
    let assessed = input.assessed_on.midnight().assume_utc();
    let mut assessment = json!({
        "id": ids.node("learningAssessment", 0), "type": "LearningAssessment",
        "title": langs(&input.unit.title),
        "awardedBy": awarded_by(&ids, e.provider, 1, assessed),
        "dateIssued": format_utc(assessed),
    });
    let mut claim = json!({
        "id": ids.node("learningAchievement", 0), "type": "LearningAchievement",
        "title": langs(&input.unit.title),
        "awardedBy": awarded_by(&ids, e.provider, 0, e.issued_at),
        "specifiedBy": spec,
        "creditReceived": credit(&ids, RECEIVED, input.unit.ecvet_points),
    });
    match &input.recognised {
        None => {
            assessment["grade"] = note(
                ids.node("note", 0),
                json!({"en": "Validated", "fr": "Validée", "nl": "Gevalideerd", "de": "Validiert"}),
            );
            // Assessors are people without claims of their own, which the ELM shapes refuse
            // as a Person: they are named in a note, as is the route (jury and portfolio
            // digests, company and tutor).
            let mut notes = vec![note(
                ids.node("note", 1),
                text(&format!("Assessor: {}", input.assessor)),
            )];
            if let Some(route) = input.route {
                notes.push(note(
                    ids.node("note", 2),
                    text(&route.statement(input.assessed_on)),
                ));
                if let Route::PriorLearning(p) = route {
                    for (i, d) in p.evidence.iter().enumerate() {
                        notes.push(note(
                            ids.node("note", 3 + i),
                            text(&format!(
                                "Portfolio document: {} ({}), SHA-256 {}",
                                d.description, d.media_type, d.sha256
                            )),
                        ));
                    }
                }
            }
            assessment["additionalNote"] = Value::Array(notes);
            assessment["specifiedBy"] = assessment_specification(&ids, input);
        }
        Some(r) => {
            let from = r.issuer_name.unwrap_or(r.issuer);
            let basis = match r.basis {
                "equivalence_table" => "the recognition table of the qualification",
                _ => "a decision of the awarding body",
            };
            let statement = format!(
                "Recognised from {from} ({}): credential {} (digest {}, {}) counts as this unit, \
                 under {basis}.",
                r.issuer, r.credential_id, r.digest, r.media_type
            );
            assessment["grade"] = note(
                ids.node("note", 0),
                json!({"en": "Recognised", "fr": "Reconnue", "nl": "Erkend", "de": "Anerkannt"}),
            );
            assessment["specifiedBy"] = json!({
                "id": ids.node("learningAssessmentSpecification", 0),
                "type": "LearningAssessmentSpecification",
                "title": text("Recognition of a unit certified elsewhere (ECVET transfer)")});
            claim["additionalNote"] = json!([note(ids.node("note", 1), text(&statement))]);
            claim["supplementaryDocument"] = json!([{
                "id": ids.node("webResource", 10), "type": "WebResource",
                "contentURL": r.credential_id,
                "title": text(&format!("Recognised credential, digest {}", r.digest))}]);
        }
    }
    claim["provenBy"] = json!([assessment]);
    envelope(
        &ids,
        e,
        (PROFILE_GENERIC, "Generic"),
        claim,
        &input.unit.title,
    )
}

/// How the unit was assessed: one method, or the methods of a validation of prior learning as
/// parts (the shape allows one `dcType` per specification); the mode is work-based when the
/// unit was assessed at the workplace.
fn assessment_specification(ids: &Ids, input: &UnitEdc<'_>) -> Value {
    const SCHEME: &str = "http://data.europa.eu/snb/assessment/25831c2";
    let mut spec = match input.route {
        Some(Route::PriorLearning(p)) => {
            let parts: Vec<Value> = p
                .methods
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let (uri, label) = m.concept();
                    json!({"id": ids.node("learningAssessmentSpecification", 1 + i),
                           "type": "LearningAssessmentSpecification", "title": text(label),
                           "dcType": concept(uri, SCHEME, label)})
                })
                .collect();
            json!({"id": ids.node("learningAssessmentSpecification", 0),
                   "type": "LearningAssessmentSpecification",
                   "title": text("Validation of prior learning"), "hasPart": parts})
        }
        _ => {
            let (uri, label) = input.assessment_type.concept();
            json!({"id": ids.node("learningAssessmentSpecification", 0),
                   "type": "LearningAssessmentSpecification", "title": text(label),
                   "dcType": concept(uri, SCHEME, label)})
        }
    };
    if let Some(route @ Route::WorkBased(_)) = input.route {
        let (uri, label) = Route::mode(Some(route), input.unit.participation).concept();
        spec["mode"] = json!([concept(
            uri,
            "http://data.europa.eu/snb/learning-assessment/25831c2",
            label
        )]);
    }
    spec
}
