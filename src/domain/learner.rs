//! Learners. Credentials never carry a national number or an address in clear: the learner is
//! identified by a wallet DID when one is bound, and by salted SHA-256 identity hashes
//! (OB 3.0 `IdentityObject`) that a verifier who knows the email or name can check.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use time::Date;
use uuid::Uuid;

use super::ValidationErrors;
use super::referential::LANGUAGES;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LearnerDoc {
    pub given_name: String,
    pub family_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wallet_did: Option<String>,
    /// The school's own reference (student number), never put into credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<String>,
    #[serde(default = "default_language")]
    pub language: String,
}

fn default_language() -> String {
    "fr".to_owned()
}

impl LearnerDoc {
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::default();
        if self.given_name.trim().is_empty() {
            e.push("given_name", "must not be empty");
        }
        if self.family_name.trim().is_empty() {
            e.push("family_name", "must not be empty");
        }
        if let Some(email) = &self.email {
            let ok = email
                .split_once('@')
                .is_some_and(|(l, d)| !l.is_empty() && d.contains('.'));
            if !ok || email.chars().any(char::is_whitespace) {
                e.push("email", "is not an email address");
            }
        }
        if let Some(did) = &self.wallet_did {
            let ok = (did.starts_with("did:key:")
                && crate::crypto::did::resolve_did_key(did).is_ok())
                || (did.starts_with("did:web:")
                    && crate::crypto::did::did_web_document_url(did).is_some());
            if !ok {
                e.push("wallet_did", "must be an Ed25519 did:key or a did:web");
            }
        }
        if !LANGUAGES.contains(&self.language.as_str()) {
            e.push("language", "one of fr, nl, de, en");
        }
        e.into_result()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Learner {
    pub id: Uuid,
    #[serde(flatten)]
    pub doc: LearnerDoc,
    #[serde(skip)]
    pub subject_salt: String,
}

impl Learner {
    /// A new learner: a fresh id, and a fresh salt for the hashed identifiers of their
    /// credentials.
    pub fn new(doc: LearnerDoc) -> Self {
        Self {
            id: Uuid::new_v4(),
            doc,
            subject_salt: new_salt(),
        }
    }

    /// OB 3.0 IdentityObjects: `sha256$` + hex(SHA-256(normalised value ‖ salt)).
    pub fn identity_objects(&self) -> Vec<Value> {
        let mut out = Vec::new();
        if let Some(email) = &self.doc.email {
            out.push(identity_object(
                "emailAddress",
                &email.trim().to_lowercase(),
                &self.subject_salt,
            ));
        }
        let name = format!(
            "{} {}",
            self.doc.given_name.trim(),
            self.doc.family_name.trim()
        );
        out.push(identity_object("name", &name, &self.subject_salt));
        out
    }
}

pub fn identity_hash(value: &str, salt: &str) -> String {
    let mut h = Sha256::new();
    h.update(value.as_bytes());
    h.update(salt.as_bytes());
    format!("sha256${}", hex::encode(h.finalize()))
}

fn identity_object(kind: &str, value: &str, salt: &str) -> Value {
    json!({
        "type": "IdentityObject",
        "identityType": kind,
        "hashed": true,
        "identityHash": identity_hash(value, salt),
        "salt": salt,
    })
}

/// 128 random bits, hex: enough that the hash cannot be reversed by enumerating emails.
pub fn new_salt() -> String {
    use rand::RngCore;
    let mut raw = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut raw);
    hex::encode(raw)
}
