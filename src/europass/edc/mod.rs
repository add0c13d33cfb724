//! The European Digital Credential (ELM 3) rendering of a unit, recognition or qualification
//! credential: the same record as the Open Badges form, in the European Learning Model's
//! terms. Pure: no I/O; every controlled value is a SKOS concept from the EC's vocabularies
//! (never invented), every text a language map. Specifications carry the same stable,
//! dereferenceable achievement ids as the Open Badges form, so trust authorisations and
//! recognition tables apply to both forms alike.

use serde_json::{Map, Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::credential::{
    ECVET_FRAMEWORK, format_points, qualification_achievement_id, unit_achievement_id,
};
use crate::domain::learner::Learner;
use crate::domain::provider::Provider;
use crate::domain::referential::{LangMap, ProfileDef, UnitDef, cfc_level_uri};
use crate::support::clock::format_utc;

mod unit;
pub use unit::{Recognised, UnitEdc, unit_edc};

pub const VC_V1: &str = "https://www.w3.org/2018/credentials/v1";
pub const EDC_CONTEXT: &str = "http://data.europa.eu/snb/model/context/edc-ap";
pub const EDC_SHAPE: &str = "http://data.europa.eu/snb/model/ap/edc-generic-full";
pub const PROFILE_GENERIC: &str = "http://data.europa.eu/snb/credential/e34929035b";
pub const PROFILE_QUALIFICATION: &str = "http://data.europa.eu/snb/credential/6cf8e68c43";
pub const FORMAL_SETTING: &str = "http://data.europa.eu/snb/learning-setting/6fd4685715";
const BASE64: &str = "http://data.europa.eu/snb/encoding/6146cde7dd";
const PNG: &str = "http://publications.europa.eu/resource/authority/file-type/PNG";
const XSD_ANY_URI: &str = "http://www.w3.org/2001/XMLSchema#anyURI";
const COUNTRY_SCHEME: &str = "http://publications.europa.eu/resource/authority/country";

/// The EU authority-table language of an ISO 639-1 code the referentials use.
fn language_uri(lang: &str) -> (&'static str, &'static str) {
    match lang {
        "fr" => (
            "http://publications.europa.eu/resource/authority/language/FRA",
            "French",
        ),
        "nl" => (
            "http://publications.europa.eu/resource/authority/language/NLD",
            "Dutch",
        ),
        "de" => (
            "http://publications.europa.eu/resource/authority/language/DEU",
            "German",
        ),
        _ => (
            "http://publications.europa.eu/resource/authority/language/ENG",
            "English",
        ),
    }
}

/// The EU country authority table's URI for an ISO 3166-1 alpha-2 code.
pub fn country_uri(code: &str) -> String {
    let alpha3 = match code {
        "BE" => "BEL",
        "FR" => "FRA",
        "NL" => "NLD",
        "DE" => "DEU",
        "LU" => "LUX",
        "IT" => "ITA",
        "ES" => "ESP",
        "PT" => "PRT",
        "PL" => "POL",
        "IE" => "IRL",
        "AT" => "AUT",
        other => other,
    };
    format!("{COUNTRY_SCHEME}/{alpha3}")
}

/// A SKOS concept of `scheme`.
fn concept(id: &str, scheme: &str, label: &str) -> Value {
    json!({"id": id, "type": "Concept", "inScheme": {"id": scheme, "type": "ConceptScheme"},
           "prefLabel": {"en": label}})
}

fn country(code: &str) -> Value {
    concept(&country_uri(code), COUNTRY_SCHEME, code)
}

fn langs(map: &LangMap) -> Value {
    json!(map.0)
}

fn text(value: &str) -> Value {
    json!({ "en": value })
}

fn note(id: String, literal: Value) -> Value {
    json!({"id": id, "type": "Note", "noteLiteral": literal})
}

/// Node ids: URNs, as in the EC's samples, made unique per credential.
struct Ids {
    credential: Uuid,
}

impl Ids {
    fn node(&self, class: &str, n: usize) -> String {
        format!("urn:epass:{class}:{}:{n}", self.credential)
    }
}

/// What every EDC of a provider shares.
pub struct Envelope<'a> {
    pub id: Uuid,
    pub public_url: &'a str,
    pub provider: &'a Provider,
    /// The seal certificate's organisation identifier (eIDAS), e.g. `VATBE-0123456789`.
    pub eidas_id: &'a str,
    pub learner: &'a Learner,
    pub issued_at: OffsetDateTime,
    /// From the Open Badges form: the credential lapses then.
    pub valid_until: Option<OffsetDateTime>,
    /// The credential's status (the bitstring status list entry of the Open Badges form,
    /// `<list URL>#<index>`), given as the `xsd:anyURI` the ELM shape asks for.
    pub status: Option<String>,
    /// PNG renderings per language (`displayParameter`).
    pub displays: &'a [(String, Vec<u8>)],
}

/// A unit a qualification rests on: its definition, its unit credential, and the foreign
/// credential behind it when it was recognised.
pub struct Part<'a> {
    /// The profile version the unit belongs to (an older one counts through equivalence).
    pub profile: &'a ProfileDef,
    pub unit: &'a UnitDef,
    pub credential_id: Uuid,
    pub foreign: Option<(String, String)>,
    /// Validated by a validation of prior learning: its specification says non-formal.
    pub non_formal: bool,
}

/// What a qualification's EDC is made of.
pub struct QualificationEdc<'a> {
    pub envelope: Envelope<'a>,
    pub profile: &'a ProfileDef,
    pub parts: Vec<Part<'a>>,
}

/// An organisation: its legal name, country and DID. The issuer also carries the eIDAS
/// identifier its seal certificate names.
fn organisation(ids: &Ids, provider: &Provider, n: usize, eidas_id: Option<&str>) -> Value {
    let mut org = json!({
        "id": ids.node("org", n), "type": "Organisation",
        "legalName": text(&provider.name),
        "location": {
            "id": ids.node("location", n), "type": "Location",
            "address": {"id": ids.node("address", n), "type": "Address",
                        "countryCode": country(&provider.country_code)}
        },
        "identifier": {"id": ids.node("identifier", n), "type": "Identifier",
                       "notation": provider.did, "schemeName": "DID"},
    });
    if let Some(url) = &provider.url {
        org["homepage"] =
            json!({"id": ids.node("webResource", n), "type": "WebResource", "contentURL": url});
    }
    if let Some(eidas_id) = eidas_id {
        org["eIDASIdentifier"] = json!({
            "id": ids.node("legalIdentifier", n), "type": "LegalIdentifier", "notation": eidas_id,
            "spatial": country(&provider.country_code),
        });
    }
    org
}

fn awarded_by(ids: &Ids, provider: &Provider, n: usize, on: OffsetDateTime) -> Value {
    json!({"id": ids.node("awardingProcess", n), "type": "AwardingProcess",
           "awardingBody": organisation(ids, provider, 1, None), "awardingDate": format_utc(on)})
}

/// The levels, area and setting a unit or qualification specification carries.
fn levels(spec: &mut Map<String, Value>, profile: &ProfileDef) {
    spec.insert(
        "eqfLevel".into(),
        concept(
            &format!("http://data.europa.eu/snb/eqf/{}", profile.eqf_level),
            "http://data.europa.eu/snb/eqf/25831c2",
            &format!("Level {}", profile.eqf_level),
        ),
    );
    if let Some(uri) = profile.nqf_level.and_then(cfc_level_uri) {
        let level = profile.nqf_level.unwrap_or_default();
        spec.insert(
            "nqfLevel".into(),
            json!([concept(
                uri,
                "http://data.europa.eu/snb/qdr/25831c2",
                &format!("CFC level {level}")
            )]),
        );
    }
    if let Some(isced) = &profile.isced_f {
        spec.insert(
            "thematicArea".into(),
            json!([concept(
                &format!("http://data.europa.eu/snb/isced-f/{isced}"),
                "http://data.europa.eu/snb/isced-f/25831c2",
                isced
            )]),
        );
    }
    spec.insert(
        "learningSetting".into(),
        concept(
            FORMAL_SETTING,
            "http://data.europa.eu/snb/learning-setting/25831c2",
            "formal learning",
        ),
    );
}

/// Credit received by a claim is numbered from here, clear of the specifications' credit
/// points (numbered by specification), so no two nodes share an id.
const RECEIVED: usize = 10_000;

fn credit(ids: &Ids, n: usize, points: f64) -> Value {
    json!([{"id": ids.node("creditPoint", n), "type": "CreditPoint",
            "framework": concept(ECVET_FRAMEWORK, "http://data.europa.eu/snb/education-credit/25831c2", "ECVET"),
            "point": format_points(points)}])
}

/// A unit as a partial qualification, under its stable achievement id.
fn unit_specification(
    ids: &Ids,
    public_url: &str,
    provider: &Provider,
    profile: &ProfileDef,
    unit: &UnitDef,
    n: usize,
) -> Value {
    let (mode_uri, mode_label) = unit.participation.concept();
    let mut spec = Map::new();
    spec.insert(
        "id".into(),
        json!(unit_achievement_id(
            public_url,
            &provider.slug,
            profile,
            &unit.code
        )),
    );
    spec.insert("type".into(), json!("Qualification"));
    spec.insert("title".into(), langs(&unit.title));
    if let Some(d) = &unit.description {
        spec.insert("description".into(), langs(d));
    }
    spec.insert("isPartialQualification".into(), json!(true));
    spec.insert(
        "identifier".into(),
        json!([{"id": ids.node("identifier", 10 + n), "type": "Identifier",
                "notation": format!("{}-v{}-{}", profile.code, profile.version, unit.code),
                "schemeName": format!("{} unit codes", provider.name)}]),
    );
    let skills: Vec<Value> = unit
        .esco_skills
        .iter()
        .map(|s| {
            concept(
                s,
                "http://data.europa.eu/esco/concept-scheme/skills",
                "ESCO skill",
            )
        })
        .collect();
    let outcomes: Vec<Value> = unit
        .learning_outcomes
        .iter()
        .enumerate()
        .map(|(i, lo)| {
            let mut o = json!({"id": ids.node("learningOutcome", 100 * n + i),
                               "type": "LearningOutcome", "title": langs(lo)});
            if !skills.is_empty() {
                o["relatedESCOSkill"] = json!(skills);
            }
            o
        })
        .collect();
    spec.insert("learningOutcome".into(), Value::Array(outcomes));
    spec.insert("creditPoint".into(), credit(ids, n, unit.ecvet_points));
    if let Some(hours) = unit.hours {
        spec.insert("volumeOfLearning".into(), json!(format!("PT{hours}H")));
    }
    levels(&mut spec, profile);
    spec.insert(
        "mode".into(),
        json!([concept(
            mode_uri,
            "http://data.europa.eu/snb/learning-assessment/25831c2",
            mode_label
        )]),
    );
    spec.insert(
        "isPartOf".into(),
        json!([{"id": qualification_achievement_id(public_url, &provider.slug, profile),
                "type": "Qualification", "title": langs(&profile.title)}]),
    );
    Value::Object(spec)
}

fn display(ids: &Ids, title: &LangMap, displays: &[(String, Vec<u8>)]) -> Value {
    use base64::Engine;
    let primary = displays.first().map_or("fr", |(l, _)| l.as_str());
    let lang_concept = |l: &str| {
        let (uri, label) = language_uri(l);
        concept(
            uri,
            "http://publications.europa.eu/resource/authority/language",
            label,
        )
    };
    json!({
        "id": ids.node("displayParameter", 0), "type": "DisplayParameter",
        "title": langs(title),
        "language": displays.iter().map(|(l, _)| lang_concept(l)).collect::<Vec<_>>(),
        "primaryLanguage": lang_concept(primary),
        "individualDisplay": displays.iter().enumerate().map(|(i, (l, png))| json!({
            "id": ids.node("individualDisplay", i), "type": "IndividualDisplay",
            "language": lang_concept(l),
            "displayDetail": [{
                "id": ids.node("displayDetail", i), "type": "DisplayDetail", "page": 1,
                "image": {"id": ids.node("mediaObject", i), "type": "MediaObject",
                          "content": base64::engine::general_purpose::STANDARD.encode(png),
                          "contentEncoding": concept(BASE64, "http://data.europa.eu/snb/encoding/25831c2", "base64"),
                          "contentType": concept(PNG, "http://publications.europa.eu/resource/authority/file-type", "PNG")}
            }]
        })).collect::<Vec<_>>(),
    })
}

fn person(ids: &Ids, learner: &Learner, claims: Vec<Value>) -> Value {
    let name = |s: &str| json!({ learner.doc.language.clone(): s });
    let mut p = json!({
        "id": ids.node("person", 0), "type": "Person",
        "givenName": name(&learner.doc.given_name), "familyName": name(&learner.doc.family_name),
        "fullName": name(&format!("{} {}", learner.doc.given_name, learner.doc.family_name)),
        "hasClaim": claims,
    });
    if let Some(dob) = learner.doc.date_of_birth {
        p["dateOfBirth"] = json!(format_utc(dob.midnight().assume_utc()));
    }
    p
}

fn envelope(
    ids: &Ids,
    e: &Envelope<'_>,
    profile: (&str, &str),
    claim: Value,
    title: &LangMap,
) -> Value {
    let mut vc = json!({
        "@context": [VC_V1, EDC_CONTEXT],
        "id": format!("urn:credential:{}", ids.credential),
        "type": ["VerifiableCredential", "EuropeanDigitalCredential"],
        "credentialSchema": [{"id": EDC_SHAPE, "type": "ShaclValidator2017"}],
        "credentialProfiles": [concept(profile.0, "http://data.europa.eu/snb/credential/25831c2", profile.1)],
        "issuer": organisation(ids, e.provider, 0, Some(e.eidas_id)),
        "issuanceDate": format_utc(e.issued_at),
        "issued": format_utc(e.issued_at),
        "validFrom": format_utc(e.issued_at),
        "credentialSubject": person(ids, e.learner, vec![claim]),
        "displayParameter": display(ids, title, e.displays),
    });
    if let Some(until) = e.valid_until {
        vc["validUntil"] = json!(format_utc(until));
        vc["expirationDate"] = json!(format_utc(until));
    }
    if let Some(status) = &e.status {
        // The ELM shape wants an xsd:anyURI literal here; the VC 1.1 context would make a
        // plain string an IRI node, so the value is typed explicitly.
        vc["credentialStatus"] = json!({"@value": status, "@type": XSD_ANY_URI});
    }
    vc
}

/// A part's specification, non-formal when the unit was validated by a jury on prior
/// learning (as its own EDC says).
fn part_specification(ids: &Ids, e: &Envelope<'_>, part: &Part<'_>, n: usize) -> Value {
    let mut spec = unit_specification(ids, e.public_url, e.provider, part.profile, part.unit, n);
    if part.non_formal {
        non_formal(&mut spec);
    }
    spec
}

/// A unit validated on prior learning: its specification's learning setting is non-formal.
fn non_formal(spec: &mut Value) {
    let (uri, label) = crate::domain::route::NON_FORMAL_SETTING;
    spec["learningSetting"] = concept(
        uri,
        "http://data.europa.eu/snb/learning-setting/25831c2",
        label,
    );
}

/// The EDC of a qualification: the award, with each unit achievement as a part, and the unit
/// credentials it rests on (and the foreign ones behind recognised units) referenced by id.
pub fn qualification_edc(input: &QualificationEdc<'_>) -> Value {
    let e = &input.envelope;
    let ids = Ids { credential: e.id };
    let total: f64 = input.parts.iter().map(|p| p.unit.ecvet_points).sum();
    let mut spec = Map::new();
    spec.insert(
        "id".into(),
        json!(qualification_achievement_id(
            e.public_url,
            &e.provider.slug,
            input.profile
        )),
    );
    spec.insert("type".into(), json!("Qualification"));
    spec.insert("title".into(), langs(&input.profile.title));
    if let Some(d) = &input.profile.description {
        spec.insert("description".into(), langs(d));
    }
    spec.insert("isPartialQualification".into(), json!(false));
    spec.insert(
        "creditPoint".into(),
        credit(&ids, 0, input.profile.required_ecvet_points()),
    );
    levels(&mut spec, input.profile);
    let parts: Vec<Value> = input
        .parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            let mut documents = vec![json!({
                "id": ids.node("webResource", 100 + 2 * i), "type": "WebResource",
                "contentURL": format!("urn:uuid:{}", part.credential_id),
                "title": text(&format!("Unit credential, verifiable at {}/verify/{}",
                                       e.public_url, part.credential_id))})];
            if let Some((id, digest)) = &part.foreign {
                documents.push(json!({
                    "id": ids.node("webResource", 101 + 2 * i), "type": "WebResource",
                    "contentURL": id,
                    "title": text(&format!("Recognised foreign credential, digest {digest}"))}));
            }
            json!({
                "id": ids.node("learningAchievement", i + 1), "type": "LearningAchievement",
                "title": langs(&part.unit.title),
                "awardedBy": awarded_by(&ids, e.provider, i + 2, e.issued_at),
                "specifiedBy": part_specification(&ids, e, part, i + 1),
                "creditReceived": credit(&ids, RECEIVED + 1 + i, part.unit.ecvet_points),
                "supplementaryDocument": documents,
            })
        })
        .collect();
    let claim = json!({
        "id": ids.node("learningAchievement", 0), "type": "LearningAchievement",
        "title": langs(&input.profile.title),
        "awardedBy": awarded_by(&ids, e.provider, 0, e.issued_at),
        "specifiedBy": Value::Object(spec),
        "creditReceived": credit(&ids, RECEIVED, total),
        "hasPart": parts,
    });
    envelope(
        &ids,
        e,
        (PROFILE_QUALIFICATION, "Qualification Award"),
        claim,
        &input.profile.title,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::learner::LearnerDoc;
    use crate::domain::provider::DidMethod;
    use crate::domain::referential::AssessmentType;

    fn fixtures() -> (Provider, ProfileDef, Learner) {
        let provider = Provider {
            id: Uuid::nil(),
            slug: "ecole-a".into(),
            name: "École A".into(),
            country_code: "BE".into(),
            url: Some("https://ecole-a.example".into()),
            did_method: DidMethod::Web,
            did: "did:web:certif.example:providers:ecole-a".into(),
            quality_assurance: None,
        };
        let profile: ProfileDef = serde_json::from_value(json!({
            "code": "MECA", "version": 1, "title": {"fr": "Mécanicien", "en": "Mechanic"},
            "eqf_level": 4, "nqf_level": 4, "isced_f": "0716",
            "units": [
                {"code": "UAA1", "title": {"fr": "Entretien", "en": "Servicing"},
                 "learning_outcomes": [{"fr": "Effectuer la vidange"}], "ecvet_points": 10, "hours": 40,
                 "assessment_type": "practical", "esco_skills": ["http://data.europa.eu/esco/skill/abc"]},
                {"code": "UAA2", "title": {"fr": "Freinage"}, "learning_outcomes": [{"fr": "Plaquettes"}],
                 "ecvet_points": 12.5, "assessment_type": "oral"}
            ]
        }))
        .unwrap();
        let learner = Learner {
            id: Uuid::nil(),
            doc: serde_json::from_value::<LearnerDoc>(
                json!({"given_name": "Łukasz", "family_name": "Żak"}),
            )
            .unwrap(),
            subject_salt: String::new(),
        };
        (provider, profile, learner)
    }

    /// Every concept is one of the EU vocabularies' (or ESCO), with its scheme.
    fn concepts_are_eu(v: &Value) {
        match v {
            Value::Object(m) => {
                if m.get("type") == Some(&json!("Concept")) {
                    let id = m["id"].as_str().unwrap();
                    assert!(
                        id.starts_with("http://data.europa.eu/")
                            || id.starts_with("http://publications.europa.eu/"),
                        "{id}"
                    );
                    assert!(m["inScheme"]["id"].is_string(), "{id} without a scheme");
                }
                m.values().for_each(concepts_are_eu);
            }
            Value::Array(a) => a.iter().for_each(concepts_are_eu),
            _ => {}
        }
    }

    #[test]
    fn a_unit_edc_carries_the_required_elm_fields() {
        let (provider, profile, learner) = fixtures();
        let displays = vec![("fr".to_owned(), b"\x89PNG".to_vec())];
        let at = OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000);
        let edc = unit_edc(&UnitEdc {
            envelope: Envelope {
                id: Uuid::nil(),
                public_url: "https://certif.example",
                provider: &provider,
                eidas_id: "VATBE-0123456789",
                learner: &learner,
                issued_at: at,
                valid_until: None,
                status: Some(
                    "https://certif.example/providers/ecole-a/status/revocation/0#7".into(),
                ),
                displays: &displays,
            },
            profile: &profile,
            unit: &profile.units[0],
            assessed_on: at.date(),
            assessment_type: AssessmentType::Practical,
            assessor: "M. Jury",
            recognised: None,
            route: None,
        });
        assert_eq!(edc["@context"], json!([VC_V1, EDC_CONTEXT]));
        assert_eq!(
            edc["type"],
            json!(["VerifiableCredential", "EuropeanDigitalCredential"])
        );
        assert_eq!(edc["credentialSchema"][0]["type"], "ShaclValidator2017");
        assert_eq!(edc["credentialProfiles"][0]["id"], PROFILE_GENERIC);
        assert_eq!(
            edc["issuer"]["eIDASIdentifier"]["notation"],
            "VATBE-0123456789"
        );
        assert_eq!(
            edc["issuer"]["location"]["address"]["countryCode"]["id"],
            "http://publications.europa.eu/resource/authority/country/BEL"
        );
        let claim = &edc["credentialSubject"]["hasClaim"][0];
        assert_eq!(claim["type"], "LearningAchievement");
        assert_eq!(
            claim["title"],
            json!({"fr": "Entretien", "en": "Servicing"})
        );
        assert!(claim["awardedBy"]["awardingBody"]["legalName"].is_object());
        let spec = &claim["specifiedBy"];
        assert_eq!(
            spec["id"],
            "https://certif.example/providers/ecole-a/achievements/MECA/v1/UAA1"
        );
        assert_eq!(spec["isPartialQualification"], true);
        assert_eq!(spec["volumeOfLearning"], "PT40H");
        assert_eq!(
            edc["credentialStatus"]["@value"],
            "https://certif.example/providers/ecole-a/status/revocation/0#7"
        );
        assert_eq!(spec["creditPoint"][0]["framework"]["id"], ECVET_FRAMEWORK);
        assert_eq!(spec["creditPoint"][0]["point"], "10");
        assert_eq!(spec["eqfLevel"]["id"], "http://data.europa.eu/snb/eqf/4");
        assert_eq!(
            spec["nqfLevel"][0]["id"],
            "http://data.europa.eu/snb/qdr/c_baa10a4e"
        );
        assert_eq!(
            spec["thematicArea"][0]["id"],
            "http://data.europa.eu/snb/isced-f/0716"
        );
        assert_eq!(
            claim["provenBy"][0]["specifiedBy"]["dcType"]["id"],
            "http://data.europa.eu/snb/assessment/6a4db9f11d"
        );
        assert!(claim["provenBy"][0]["grade"]["noteLiteral"].is_object());
        assert_eq!(
            edc["displayParameter"]["individualDisplay"][0]["displayDetail"][0]["image"]["content"],
            "iVBORw=="
        );
        assert_eq!(
            edc["credentialSubject"]["givenName"],
            json!({"fr": "Łukasz"})
        );
        concepts_are_eu(&edc);
    }

    #[test]
    fn a_qualification_edc_lists_its_units_as_parts() {
        let (provider, profile, learner) = fixtures();
        let at = OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000);
        let ids = [Uuid::from_u128(1), Uuid::from_u128(2)];
        let displays = [("fr".to_owned(), vec![1, 2, 3])];
        let edc = qualification_edc(&QualificationEdc {
            envelope: Envelope {
                id: Uuid::nil(),
                public_url: "https://certif.example",
                provider: &provider,
                eidas_id: "VATBE-0123456789",
                learner: &learner,
                issued_at: at,
                valid_until: None,
                status: None,
                displays: &displays,
            },
            profile: &profile,
            parts: profile
                .units
                .iter()
                .zip(ids)
                .map(|(unit, credential_id)| Part {
                    profile: &profile,
                    unit,
                    credential_id,
                    foreign: None,
                    non_formal: false,
                })
                .collect(),
        });
        assert_eq!(edc["credentialProfiles"][0]["id"], PROFILE_QUALIFICATION);
        let claim = &edc["credentialSubject"]["hasClaim"][0];
        assert_eq!(claim["specifiedBy"]["isPartialQualification"], false);
        assert_eq!(claim["creditReceived"][0]["point"], "22.5");
        let parts = claim["hasPart"].as_array().unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(
            parts[1]["supplementaryDocument"][0]["contentURL"],
            format!("urn:uuid:{}", ids[1])
        );
        concepts_are_eu(&edc);
    }
}
