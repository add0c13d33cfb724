//! Renders a validated unit as an Open Badges 3.0 `OpenBadgeCredential` (VC 2.0).
//!
//! Only terms defined by the VC v2 and OB 3.0.3 contexts are used, so the credential expands
//! without undefined terms; the European elements (EQF and CFC levels, ECVET points, ISCED-F,
//! ESCO skills, assessment type, form of participation) are OB `alignment`s pointing at the
//! ELM/Europass concept URIs, and the micro-credential Annex I elements are also spelled out
//! in `criteria.narrative` for people.

use serde_json::{Map, Value, json};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::learner::Learner;
use super::provider::Provider;
use super::referential::{AssessmentType, ProfileDef, UnitDef, cfc_level_uri};
use super::route::Route;
use crate::support::clock::format_utc;

pub const VC_V2: &str = "https://www.w3.org/ns/credentials/v2";
pub const OB_V3: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
/// Defines `1EdTechJsonSchemaValidator2019` (the `credentialSchema` type): without it that
/// term is undefined and strict JSON-LD verifiers reject the credential.
pub const OB_EXTENSIONS: &str = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json";
pub const OB_SCHEMA: &str =
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";
/// The signed forms every credential can be fetched in, by name: Data Integrity with
/// `eddsa-rdfc-2022` (the default, signed at issuance) or `eddsa-jcs-2022`, VC-JOSE `vc+jwt`,
/// and the sealed European Digital Credential.
pub const FORMAT_DI_RDFC: &str = "di-rdfc";
pub const FORMAT_DI_JCS: &str = "di-jcs";
pub const FORMAT_JWT: &str = "vc-jwt";
pub const FORMAT_EDC: &str = "edc";
pub const MEDIA_VC: &str = "application/vc";

pub const ECVET_FRAMEWORK: &str = "http://data.europa.eu/snb/education-credit/60b314e826";

/// Stable, versioned HTTPS ids for achievements, dereferenceable on this server.
pub fn unit_achievement_id(
    public_url: &str,
    provider: &str,
    profile: &ProfileDef,
    unit: &str,
) -> String {
    format!(
        "{public_url}/providers/{provider}/achievements/{}/v{}/{unit}",
        profile.code, profile.version
    )
}

pub fn qualification_achievement_id(
    public_url: &str,
    provider: &str,
    profile: &ProfileDef,
) -> String {
    format!(
        "{public_url}/providers/{provider}/achievements/{}/v{}",
        profile.code, profile.version
    )
}

pub struct UnitCredentialInput<'a> {
    pub id: Uuid,
    pub public_url: &'a str,
    pub provider: &'a Provider,
    pub profile: &'a ProfileDef,
    pub unit: &'a UnitDef,
    pub learner: &'a Learner,
    pub assessed_on: Date,
    pub assessment_type: AssessmentType,
    /// How the unit was assessed when not by the school's examination.
    pub route: Option<&'a Route>,
    pub issued_at: OffsetDateTime,
}

fn alignment(
    name: &str,
    url: &str,
    framework: Option<&str>,
    kind: &str,
    code: Option<&str>,
) -> Value {
    let mut a = Map::new();
    a.insert("type".into(), json!(["Alignment"]));
    a.insert("targetName".into(), name.into());
    a.insert("targetUrl".into(), url.into());
    if let Some(code) = code {
        a.insert("targetCode".into(), code.into());
    }
    if let Some(fw) = framework {
        a.insert("targetFramework".into(), fw.into());
    }
    a.insert("targetType".into(), kind.into());
    Value::Object(a)
}

/// The level and credit alignments shared by unit and qualification credentials: EQF, CFC
/// (when known), ECVET points and ISCED-F field, as ELM concept URIs.
fn level_alignments(profile: &ProfileDef, points: &str) -> Vec<Value> {
    let mut alignments = vec![alignment(
        &format!("EQF level {}", profile.eqf_level),
        &format!("http://data.europa.eu/snb/eqf/{}", profile.eqf_level),
        Some("European Qualifications Framework"),
        "ext:EQFLevel",
        Some(&profile.eqf_level.to_string()),
    )];
    if let Some(uri) = profile.nqf_level.and_then(cfc_level_uri) {
        let level = profile.nqf_level.unwrap_or_default();
        alignments.push(alignment(
            &format!("CFC level {level}"),
            uri,
            Some("Cadre francophone des certifications"),
            "ext:NQFLevel",
            Some(&level.to_string()),
        ));
    }
    alignments.push(alignment(
        &format!("{points} ECVET points"),
        ECVET_FRAMEWORK,
        Some("ECVET"),
        "ext:CreditPoints",
        Some(points),
    ));
    if let Some(isced) = &profile.isced_f {
        alignments.push(alignment(
            &format!("ISCED-F 2013 {isced}"),
            &format!("http://data.europa.eu/snb/isced-f/{isced}"),
            Some("ISCED-F 2013"),
            "ext:ISCEDF",
            Some(isced),
        ));
    }
    alignments
}

/// The head every credential shares: contexts, id, types, name, description, issuer, validFrom.
fn envelope(
    id: Uuid,
    name: String,
    description: String,
    provider: &Provider,
    issued_at: OffsetDateTime,
) -> Map<String, Value> {
    let mut vc = Map::new();
    vc.insert("@context".into(), json!([VC_V2, OB_V3, OB_EXTENSIONS]));
    vc.insert("id".into(), format!("urn:uuid:{id}").into());
    vc.insert(
        "type".into(),
        json!(["VerifiableCredential", "OpenBadgeCredential"]),
    );
    vc.insert("name".into(), name.into());
    vc.insert("description".into(), description.into());
    vc.insert("issuer".into(), issuer_profile(provider));
    vc.insert("validFrom".into(), format_utc(issued_at).into());
    vc
}

/// The learner as an OB AchievementSubject: wallet DID when bound, salted identity hashes always.
fn achievement_subject(
    learner: &Learner,
    achievement: Map<String, Value>,
    points: f64,
) -> Map<String, Value> {
    let mut subject = Map::new();
    if let Some(did) = &learner.doc.wallet_did {
        subject.insert("id".into(), did.clone().into());
    }
    subject.insert("type".into(), json!(["AchievementSubject"]));
    subject.insert(
        "identifier".into(),
        Value::Array(learner.identity_objects()),
    );
    subject.insert("achievement".into(), Value::Object(achievement));
    subject.insert("creditsEarned".into(), json!(points));
    subject
}

/// Points are shown without a trailing `.0` when whole (4, not 4.0).
pub fn format_points(points: f64) -> String {
    crate::support::jcs::ecmascript_number(points).unwrap_or_else(|| points.to_string())
}

pub fn issuer_profile(provider: &Provider) -> Value {
    let mut issuer = Map::new();
    issuer.insert("id".into(), provider.did.clone().into());
    issuer.insert("type".into(), json!(["Profile"]));
    issuer.insert("name".into(), provider.name.clone().into());
    if let Some(url) = &provider.url {
        issuer.insert("url".into(), url.clone().into());
    }
    issuer.insert(
        "address".into(),
        json!({"type": ["Address"], "addressCountryCode": provider.country_code}),
    );
    Value::Object(issuer)
}

pub fn build_unit_credential(input: &UnitCredentialInput<'_>) -> Value {
    let UnitCredentialInput {
        profile,
        unit,
        learner,
        provider,
        ..
    } = input;
    let lang = learner.doc.language.as_str();
    let unit_title = unit.title.get(lang);
    let profile_title = profile.title.get(lang);
    let achievement_id = unit_achievement_id(input.public_url, &provider.slug, profile, &unit.code);
    let qualification_id = qualification_achievement_id(input.public_url, &provider.slug, profile);
    let points = format_points(unit.ecvet_points);
    let awarded = format_utc(input.assessed_on.midnight().assume_utc());
    let (mode_uri, mode_label) = Route::mode(input.route, unit.participation).concept();
    let (setting_uri, setting_label) = Route::setting(input.route);
    // A jury may have used several methods (portfolio and a practical test): each is said.
    let methods = match input.route {
        Some(Route::PriorLearning(p)) => p.methods.clone(),
        _ => vec![input.assessment_type],
    };
    let labels: Vec<&str> = methods.iter().map(|m| m.concept().1).collect();
    let assessment_label = match input.route {
        Some(Route::PriorLearning(_)) => {
            format!("Validation of prior learning ({})", labels.join(", "))
        }
        _ => labels.join(", "),
    };

    let mut alignments = level_alignments(profile, &points);
    for method in &methods {
        let (uri, label) = method.concept();
        alignments.push(alignment(
            label,
            uri,
            Some("Europass"),
            "ext:AssessmentType",
            None,
        ));
    }
    alignments.push(alignment(
        setting_label,
        setting_uri,
        Some("Europass"),
        "ext:LearningSetting",
        None,
    ));
    alignments.push(alignment(
        mode_label,
        mode_uri,
        Some("Europass"),
        "ext:LearningMode",
        None,
    ));
    for skill in &unit.esco_skills {
        alignments.push(alignment(
            "ESCO skill",
            skill,
            Some("ESCO"),
            "ext:ESCOSkill",
            None,
        ));
    }
    alignments.push(alignment(
        &format!("{} {} (v{})", profile.code, profile_title, profile.version),
        &qualification_id,
        Some(&provider.name),
        "ext:PartOfQualification",
        Some(&profile.code),
    ));

    let outcomes: Vec<String> = unit
        .learning_outcomes
        .iter()
        .map(|lo| format!("- {}", lo.get(lang)))
        .collect();
    let qa = provider
        .quality_assurance
        .as_deref()
        .unwrap_or("Internal quality assurance of the awarding body");
    let mut narrative = format!(
        "Learning outcomes:\n{}\n\nAssessment: {assessment_label}. Form of participation: {mode_label}. \
         Learning setting: {setting_label}.\n\
         Workload: {points} ECVET points. Level: EQF {}.\nQuality assurance: {qa}.\n\
         Unit of the qualification {} \"{profile_title}\" (version {}); stackable towards it.",
        outcomes.join("\n"),
        profile.eqf_level,
        profile.code,
        profile.version,
    );
    if let Some(route) = input.route {
        narrative.push('\n');
        narrative.push_str(&route.statement(input.assessed_on));
    }
    let description = unit
        .description
        .as_ref()
        .map(|d| d.get(lang).to_owned())
        .unwrap_or_else(|| {
            format!(
                "Unit of learning outcomes {} of the qualification \"{profile_title}\".",
                unit.code
            )
        });
    let result_description_id = format!("{achievement_id}#result");

    let mut achievement = Map::new();
    achievement.insert("id".into(), achievement_id.clone().into());
    achievement.insert("type".into(), json!(["Achievement"]));
    achievement.insert("achievementType".into(), "MicroCredential".into());
    achievement.insert("name".into(), unit_title.into());
    achievement.insert("description".into(), description.into());
    achievement.insert("criteria".into(), json!({ "narrative": narrative }));
    achievement.insert("creditsAvailable".into(), json!(unit.ecvet_points));
    achievement.insert("humanCode".into(), unit.code.clone().into());
    achievement.insert("inLanguage".into(), unit.title.language_of(lang).into());
    achievement.insert("version".into(), format!("{}", profile.version).into());
    if let Some(sector) = &profile.sector {
        achievement.insert("fieldOfStudy".into(), sector.clone().into());
    }
    achievement.insert("alignment".into(), Value::Array(alignments));
    achievement.insert(
        "resultDescription".into(),
        json!([{"id": result_description_id, "type": ["ResultDescription"],
                "name": "Validation of the unit", "resultType": "Status"}]),
    );

    let mut subject = achievement_subject(learner, achievement, unit.ecvet_points);
    subject.insert(
        "result".into(),
        json!([{"type": ["Result"], "resultDescription": result_description_id, "status": "Completed"}]),
    );

    let mut vc = envelope(
        input.id,
        format!("{} – {unit_title}", unit.code),
        format!(
            "{profile_title}, EQF {}: {points} ECVET points",
            profile.eqf_level
        ),
        provider,
        input.issued_at,
    );
    if let Some(days) = unit.validity_days {
        let until =
            input.assessed_on.midnight().assume_utc() + time::Duration::days(i64::from(days));
        vc.insert(
            "validUntil".into(),
            format_utc(until.max(input.issued_at)).into(),
        );
    }
    vc.insert("awardedDate".into(), awarded.into());
    vc.insert("credentialSubject".into(), Value::Object(subject));
    if let Some(route) = input.route {
        vc.insert("evidence".into(), route.ob_evidence(input.assessed_on));
    }
    vc.insert(
        "credentialSchema".into(),
        json!([{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}]),
    );
    Value::Object(vc)
}

/// A unit credential a qualification credential rests on.
pub struct QualifyingUnit<'a> {
    pub unit: &'a UnitDef,
    pub credential_id: uuid::Uuid,
    /// `digestMultibase` of the exact stored bytes of that credential.
    pub digest: String,
    /// When that credential is a recognition: the foreign credential it recognises (id,
    /// digest of the exact bytes received, media type), referenced as well.
    pub foreign: Option<(String, String, String)>,
}

pub struct QualificationCredentialInput<'a> {
    pub id: Uuid,
    pub public_url: &'a str,
    pub provider: &'a Provider,
    pub profile: &'a ProfileDef,
    pub learner: &'a Learner,
    pub units: Vec<QualifyingUnit<'a>>,
    pub issued_at: OffsetDateTime,
}

/// VC 2.0 §5.3 digest of related resources: multibase base64url (`u`) of a sha2-256 multihash.
pub fn digest_multibase(bytes: &[u8]) -> String {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let mut mh = vec![0x12, 0x20];
    mh.extend_from_slice(&Sha256::digest(bytes));
    format!(
        "u{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mh)
    )
}

/// The qualification as an OB 3.0 credential: the units it rests on are referenced by id and
/// digest of their exact signed bytes in `relatedResource`, so a verifier can check each part.
pub fn build_qualification_credential(input: &QualificationCredentialInput<'_>) -> Value {
    let QualificationCredentialInput {
        profile,
        learner,
        provider,
        ..
    } = input;
    let lang = learner.doc.language.as_str();
    let title = profile.title.get(lang);
    let points: f64 = input.units.iter().map(|u| u.unit.ecvet_points).sum();
    let points_text = format_points(points);
    let achievement_id = qualification_achievement_id(input.public_url, &provider.slug, profile);
    let mut alignments = level_alignments(profile, &points_text);
    for u in &input.units {
        alignments.push(alignment(
            &format!("{} {}", u.unit.code, u.unit.title.get(lang)),
            &unit_achievement_id(input.public_url, &provider.slug, profile, &u.unit.code),
            Some(&provider.name),
            "ext:HasPart",
            Some(&u.unit.code),
        ));
    }
    let qa = provider
        .quality_assurance
        .as_deref()
        .unwrap_or("Internal quality assurance of the awarding body");
    let units_text: Vec<String> = input
        .units
        .iter()
        .map(|u| {
            format!(
                "- {} {} ({} ECVET points)",
                u.unit.code,
                u.unit.title.get(lang),
                format_points(u.unit.ecvet_points)
            )
        })
        .collect();
    let narrative = format!(
        "Awarded when every required unit of learning outcomes is validated:\n{}\n\nLevel: EQF {}. \
         Workload: {points_text} ECVET points. Quality assurance: {qa}.",
        units_text.join("\n"),
        profile.eqf_level
    );
    let mut achievement = Map::new();
    achievement.insert("id".into(), achievement_id.into());
    achievement.insert("type".into(), json!(["Achievement"]));
    achievement.insert("achievementType".into(), "Certificate".into());
    achievement.insert("name".into(), title.into());
    achievement.insert(
        "description".into(),
        profile
            .description
            .as_ref()
            .map(|d| d.get(lang).to_owned())
            .unwrap_or_else(|| title.to_owned())
            .into(),
    );
    achievement.insert("criteria".into(), json!({ "narrative": narrative }));
    achievement.insert("creditsAvailable".into(), json!(points));
    achievement.insert("humanCode".into(), profile.code.clone().into());
    achievement.insert("inLanguage".into(), profile.title.language_of(lang).into());
    achievement.insert("version".into(), profile.version.to_string().into());
    achievement.insert("alignment".into(), Value::Array(alignments));

    let subject = achievement_subject(learner, achievement, points);

    let mut related: Vec<Value> = Vec::new();
    for u in &input.units {
        related.push(json!({"id": format!("urn:uuid:{}", u.credential_id), "digestMultibase": u.digest, "mediaType": "application/vc"}));
        if let Some((id, digest, media_type)) = &u.foreign {
            related.push(json!({"id": id, "digestMultibase": digest, "mediaType": media_type}));
        }
    }
    let mut vc = envelope(
        input.id,
        format!("{} – {title}", profile.code),
        format!(
            "Qualification {title}, EQF {}: {points_text} ECVET points",
            profile.eqf_level
        ),
        provider,
        input.issued_at,
    );
    vc.insert("awardedDate".into(), format_utc(input.issued_at).into());
    vc.insert("credentialSubject".into(), Value::Object(subject));
    vc.insert("relatedResource".into(), Value::Array(related));
    vc.insert(
        "credentialSchema".into(),
        json!([{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}]),
    );
    Value::Object(vc)
}

/// The foreign unit credential a recognition rests on.
pub struct RecognisedCredential<'a> {
    pub id: &'a str,
    pub digest: &'a str,
    pub media_type: &'a str,
    pub issuer: &'a str,
    pub issuer_name: Option<&'a str>,
    pub achievement_name: Option<&'a str>,
    /// `equivalence_table` or `manual`.
    pub basis: &'a str,
}

/// A recognition credential: this provider's unit credential for the local unit, awarded on
/// the strength of a foreign unit credential. The foreign issuer is the subject's `source`
/// (OB 3.0: who assessed the achievement on the issuer's behalf), the foreign credential is
/// the `evidence` and, by id and digest of the exact bytes received, a `relatedResource`.
pub fn build_recognition_credential(
    input: &UnitCredentialInput<'_>,
    foreign: &RecognisedCredential<'_>,
) -> Value {
    let mut vc = build_unit_credential(input);
    let unit_title = input.unit.title.get(&input.learner.doc.language);
    let issuer_label = foreign.issuer_name.unwrap_or(foreign.issuer);
    let basis = match foreign.basis {
        "equivalence_table" => "the recognition table of the qualification",
        _ => "a decision of the awarding body",
    };
    let statement = format!(
        "Recognised from {issuer_label}: credential {} ({}) counts as this unit, under {basis}.",
        foreign.id,
        foreign
            .achievement_name
            .unwrap_or("unit of learning outcomes"),
    );
    if let Some(o) = vc.as_object_mut() {
        o.insert(
            "name".into(),
            format!("{} – {unit_title} (recognised)", input.unit.code).into(),
        );
        if let Some(subject) = o
            .get_mut("credentialSubject")
            .and_then(Value::as_object_mut)
        {
            let mut source = Map::new();
            source.insert("id".into(), foreign.issuer.into());
            source.insert("type".into(), json!(["Profile"]));
            if let Some(name) = foreign.issuer_name {
                source.insert("name".into(), name.into());
            }
            subject.insert("source".into(), Value::Object(source));
            if let Some(narrative) = subject
                .get_mut("achievement")
                .and_then(|a| a.get_mut("criteria"))
                .and_then(|c| c.get_mut("narrative"))
                && let Some(text) = narrative.as_str()
            {
                *narrative = format!("{text}\n{statement}").into();
            }
        }
        o.insert(
            "evidence".into(),
            json!([{"id": foreign.id, "type": ["Evidence"], "name": "Recognised unit credential",
                    "narrative": statement}]),
        );
        o.insert(
            "relatedResource".into(),
            json!([{"id": foreign.id, "digestMultibase": foreign.digest, "mediaType": foreign.media_type}]),
        );
    }
    vc
}
