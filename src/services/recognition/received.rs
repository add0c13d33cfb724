//! A foreign credential as received: its exact bytes kept, what the verifier reads, the
//! achievement it certifies, whether its subject is the learner, and whether it can be
//! recognised at all.

use serde_json::{Value, json};

use crate::domain::ValidationErrors;
use crate::domain::credential::MEDIA_VC;
use crate::domain::learner::{Learner, identity_hash};
use crate::domain::provider::Provider;
use crate::domain::trust::{TrustStatus, achievement_of};
use crate::error::ApiError;
use crate::verify::Verification;

/// A submitted credential: the exact bytes kept, and what the verifier reads.
pub struct Received {
    pub bytes: Vec<u8>,
    pub media_type: &'static str,
    /// What goes to the verifier (an object, or the compact token).
    pub input: Value,
}

pub fn receive(credential: &Value) -> Result<Received, ApiError> {
    let bad = |m: &str| ApiError::Validation(ValidationErrors::single("credential", m));
    let mut received = receive_any(credential, bad)?;
    // A sealed European Digital Credential (JWS JSON or compact), kept as received.
    if crate::europass::seal::is_sealed(&received.input) {
        received.media_type = crate::europass::seal::MEDIA_TYPE;
    }
    Ok(received)
}

pub(super) fn receive_any(
    credential: &Value,
    bad: impl Fn(&str) -> ApiError,
) -> Result<Received, ApiError> {
    match credential {
        Value::String(text) => {
            let text = text.trim();
            if text.starts_with('{') {
                let input: Value =
                    serde_json::from_str(text).map_err(|e| bad(&format!("not JSON: {e}")))?;
                Ok(Received {
                    bytes: text.as_bytes().to_vec(),
                    media_type: MEDIA_VC,
                    input,
                })
            } else {
                Ok(Received {
                    bytes: text.as_bytes().to_vec(),
                    media_type: crate::crypto::jose::MEDIA_TYPE,
                    input: Value::String(text.to_owned()),
                })
            }
        }
        Value::Object(o) => {
            if let Some(token) = o
                .get("id")
                .and_then(Value::as_str)
                .and_then(|id| id.strip_prefix("data:application/vc+jwt,"))
            {
                return Ok(Received {
                    bytes: token.as_bytes().to_vec(),
                    media_type: crate::crypto::jose::MEDIA_TYPE,
                    input: credential.clone(),
                });
            }
            Ok(Received {
                bytes: serde_json::to_vec(credential).map_err(anyhow::Error::from)?,
                media_type: MEDIA_VC,
                input: credential.clone(),
            })
        }
        _ => Err(bad(
            "a credential object, its JSON text, or a compact vc+jwt",
        )),
    }
}

/// Whether an EDC's subject is this learner: a European Digital Credential names the person
/// (given and family names, and maybe a date of birth) rather than hashing identifiers.
pub(super) fn edc_subject_match(credential: &Value, learner: &Learner) -> (&'static str, String) {
    use crate::europass::read::{first, texts};
    let Some(person) = first(credential.get("credentialSubject")) else {
        return ("not_established", "the credential names no person".into());
    };
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let given = norm(&learner.doc.given_name);
    let family = norm(&learner.doc.family_name);
    let full = format!("{given} {family}");
    let mut names: Vec<String> = texts(person.get("fullName"))
        .iter()
        .map(|n| norm(n))
        .collect();
    let givens = texts(person.get("givenName"));
    let families = texts(person.get("familyName"));
    for g in &givens {
        for f in &families {
            names.push(norm(&format!("{g} {f}")));
        }
    }
    if names.is_empty() {
        return (
            "not_established",
            "the credential carries no name that can be compared with the learner's".into(),
        );
    }
    if !names.contains(&full) {
        return (
            "mismatch",
            "the person the credential names is not the learner".into(),
        );
    }
    let born = person
        .get("dateOfBirth")
        .and_then(Value::as_str)
        .and_then(|d| d.get(..10));
    match (born, learner.doc.date_of_birth) {
        (Some(theirs), Some(ours)) if theirs != ours.to_string() => (
            "mismatch",
            "the credential names the learner's name with another date of birth".into(),
        ),
        (Some(_), Some(_)) => (
            "matched",
            "the subject's name and date of birth are the learner's".into(),
        ),
        _ => ("matched", "the subject's name is the learner's".into()),
    }
}

/// The achievement a foreign credential certifies: the Open Badges achievement, or an EDC's
/// claim read the same way.
pub(super) fn achievement(credential: &Value) -> Option<Value> {
    if crate::europass::read::is_edc(credential) {
        return crate::europass::read::achievement_view(credential);
    }
    achievement_of(credential).cloned()
}

/// Whether the credential's subject is this learner, by the OB identifiers it carries
/// (hashed with the issuer's salt, or plain) or a DID.
pub(super) fn subject_match(credential: &Value, learner: &Learner) -> (&'static str, String) {
    if crate::europass::read::is_edc(credential) {
        return edc_subject_match(credential, learner);
    }
    let subject = match credential.get("credentialSubject") {
        Some(Value::Array(a)) => a.first().cloned().unwrap_or(Value::Null),
        Some(other) => other.clone(),
        None => Value::Null,
    };
    if let (Some(id), Some(did)) = (
        subject.get("id").and_then(Value::as_str),
        &learner.doc.wallet_did,
    ) && id == did
    {
        return ("matched", "the subject's DID is the learner's".into());
    }
    let email = learner
        .doc
        .email
        .as_deref()
        .map(|e| e.trim().to_lowercase());
    let name = format!(
        "{} {}",
        learner.doc.given_name.trim(),
        learner.doc.family_name.trim()
    );
    let identifiers = subject
        .get("identifier")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut compared = 0;
    for ident in &identifiers {
        let kind = ident.get("identityType").and_then(Value::as_str);
        let ours = match kind {
            Some("emailAddress") => email.clone(),
            Some("name") => Some(name.clone()),
            _ => None,
        };
        let (Some(ours), Some(theirs)) = (ours, ident.get("identityHash").and_then(Value::as_str))
        else {
            continue;
        };
        compared += 1;
        let hashed = ident
            .get("hashed")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let same = if hashed {
            let salt = ident.get("salt").and_then(Value::as_str).unwrap_or("");
            identity_hash(&ours, salt) == theirs
        } else {
            ours.eq_ignore_ascii_case(theirs.trim())
        };
        if same {
            return (
                "matched",
                format!("the subject's {} is the learner's", kind.unwrap_or("")),
            );
        }
    }
    if compared == 0 {
        (
            "not_established",
            "the credential carries no identifier that can be compared with the learner's".into(),
        )
    } else {
        (
            "mismatch",
            "none of the subject's identifiers is the learner's".into(),
        )
    }
}

/// Why a verified credential cannot be recognised at all, if it cannot.
pub(super) fn refusal(
    v: &Verification,
    provider: &Provider,
    subject: &(&'static str, String),
) -> Option<(String, String)> {
    if let Some((f, detail)) = &v.failure {
        return Some((f.code().to_owned(), detail.english()));
    }
    if let Some(t) = &v.trust
        && t.status == TrustStatus::Unknown
    {
        return Some(("untrusted_issuer".into(), t.detail.english()));
    }
    let credential = v.credential.as_ref()?;
    let own_edc =
        crate::europass::read::issuer_did(credential).as_deref() == Some(provider.did.as_str());
    if v.issuer.as_deref() == Some(provider.did.as_str()) || own_edc {
        return Some((
            "own_credential".into(),
            "the credential was issued by this provider; it already counts".into(),
        ));
    }
    if v.credential_id.is_none() {
        return Some((
            "no_credential_id".into(),
            "the credential has no id, so the qualification could not reference it".into(),
        ));
    }
    if achievement(credential)
        .and_then(|a| a.get("id").and_then(Value::as_str).map(str::to_owned))
        .is_none()
    {
        return Some((
            "not_a_unit_credential".into(),
            "the credential names no achievement".into(),
        ));
    }
    if subject.0 == "mismatch" {
        return Some(("subject_mismatch".into(), subject.1.clone()));
    }
    None
}

pub(super) fn summary(v: &Verification, subject: &(&'static str, String)) -> Value {
    json!({
        "verified": v.failure.is_none(),
        "code": v.failure.as_ref().map(|(f, _)| f.code()),
        "format": v.format,
        "checks": v.checks,
        "trust": v.trust,
        "subject": {"status": subject.0, "detail": subject.1},
    })
}
