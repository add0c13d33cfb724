//! The learner's whole record as a CLR 2.0 `ClrCredential`.

use serde_json::{Map, Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

use super::credential::{OB_V3, VC_V2, issuer_profile};
use super::learner::Learner;
use super::provider::Provider;
use crate::support::clock::format_utc;

pub const CLR_V2: &str = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json";

/// One credential of a learner's record, with where its achievement sits.
pub struct RecordEntry {
    /// The credential exactly as stored (its own proof kept).
    pub credential: Value,
    /// The qualification achievement a unit achievement is part of; `None` for a qualification.
    pub part_of: Option<String>,
}

pub struct ClrInput<'a> {
    pub id: Uuid,
    pub provider: &'a Provider,
    pub learner: &'a Learner,
    pub entries: Vec<RecordEntry>,
    /// False once every qualification the record touches has been awarded.
    pub partial: bool,
    pub issued_at: OffsetDateTime,
}

/// The learner's whole record as a CLR 2.0 `ClrCredential`: every signed credential embedded
/// with its own proof, the achievement definitions, and `isPartOf` associations from each unit
/// achievement to its qualification achievement.
pub fn build_clr(input: &ClrInput<'_>) -> Value {
    let mut achievements: Vec<Value> = Vec::new();
    let mut associations = Vec::new();
    for entry in &input.entries {
        let achievement = &entry.credential["credentialSubject"]["achievement"];
        let Some(id) = achievement["id"].as_str() else {
            continue;
        };
        if !achievements.iter().any(|a| a["id"] == id) {
            achievements.push(achievement.clone());
        }
        if let Some(target) = &entry.part_of {
            associations.push(json!({"type": "Association", "associationType": "isPartOf",
                                     "sourceId": id, "targetId": target}));
        }
    }
    let mut subject = Map::new();
    if let Some(did) = &input.learner.doc.wallet_did {
        subject.insert("id".into(), did.clone().into());
    }
    subject.insert("type".into(), json!(["ClrSubject"]));
    subject.insert(
        "identifier".into(),
        Value::Array(input.learner.identity_objects()),
    );
    subject.insert(
        "verifiableCredential".into(),
        Value::Array(input.entries.iter().map(|e| e.credential.clone()).collect()),
    );
    subject.insert("achievement".into(), Value::Array(achievements));
    subject.insert("association".into(), Value::Array(associations));

    let mut vc = Map::new();
    // The CLR context comes before the OB context (CLR 2.0 §B.1).
    vc.insert("@context".into(), json!([VC_V2, CLR_V2, OB_V3]));
    vc.insert("id".into(), format!("urn:uuid:{}", input.id).into());
    vc.insert(
        "type".into(),
        json!(["VerifiableCredential", "ClrCredential"]),
    );
    vc.insert("issuer".into(), issuer_profile(input.provider));
    vc.insert("validFrom".into(), format_utc(input.issued_at).into());
    vc.insert(
        "name".into(),
        format!("Learner record – {}", input.provider.name).into(),
    );
    vc.insert(
        "description".into(),
        format!(
            "{} credential(s) issued by {}: units of learning outcomes and qualifications",
            input.entries.len(),
            input.provider.name
        )
        .into(),
    );
    vc.insert("partial".into(), input.partial.into());
    vc.insert("credentialSubject".into(), Value::Object(subject));
    Value::Object(vc)
}
