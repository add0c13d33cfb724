//! Registry files: which issuers this server trusts comes from files (plain JSON from the
//! operator, or a compact JWS signed by a configured trust anchor) or one entry at a time from
//! the operator; this module reads and checks them. The registry's model is the domain's
//! (`domain::trust`); the verifier reads the stored entries through
//! `verification::ServerTrust`, where each provider of this server is also trusted for its own
//! achievements without an entry.

use serde_json::Value;

use crate::crypto::{did, jose};
use crate::domain::ValidationErrors;
use crate::domain::trust::{REGISTRY_JWT_TYPE, RegistryFile};
use crate::error::{ApiError, ApiResult};
use crate::services::Services;

/// A registry file as given: the JSON document, or a compact JWS of it.
pub enum RegistryInput {
    Plain(Value),
    Signed(String),
}

/// Checks a registry file and returns it with the source it will be stored under. A signed
/// file must be signed (EdDSA, `typ` `trust-registry+jwt`) by one of `anchors`.
pub async fn read_registry(
    state: &Services,
    input: RegistryInput,
    anchors: &[String],
) -> ApiResult<(RegistryFile, String)> {
    let invalid = |field: &str, m: String| ApiError::Validation(ValidationErrors::single(field, m));
    let (doc, signer) = match input {
        RegistryInput::Plain(v) => (v, None),
        RegistryInput::Signed(token) => {
            let header = jose::check_header_typed(&token, &[REGISTRY_JWT_TYPE])
                .map_err(|e| invalid("jws", e.to_string()))?;
            let signer = header.kid.split('#').next().unwrap_or_default().to_owned();
            if !anchors.contains(&signer) {
                return Err(invalid(
                    "jws",
                    format!("{signer} is not a configured trust anchor"),
                ));
            }
            let doc = crate::services::verification::resolver(state)
                .resolve(&signer)
                .await
                .map_err(|e| invalid("jws", e.to_string()))?;
            let method = did::find_method(&doc, &header.kid, "assertionMethod")
                .map_err(|e| invalid("jws", e.to_string()))?;
            if method.revoked.is_some() {
                return Err(invalid("jws", format!("{} is revoked", method.id)));
            }
            let payload =
                jose::verify(&token, &method.key).map_err(|e| invalid("jws", e.to_string()))?;
            let doc: Value = serde_json::from_slice(&payload)
                .map_err(|e| invalid("jws", format!("the payload is not JSON: {e}")))?;
            (doc, Some(signer))
        }
    };
    state
        .schemas
        .check_trust_registry(&doc)
        .map_err(ApiError::Validation)?;
    let file: RegistryFile =
        serde_json::from_value(doc).map_err(|e| invalid("/", e.to_string()))?;
    let mut errors = ValidationErrors::default();
    let mut seen = std::collections::HashSet::new();
    for (i, e) in file.issuers.iter().enumerate() {
        if e.keys().is_empty() {
            errors.push(
                &format!("/issuers/{i}"),
                "name the issuer by did or eidas_id",
            );
        }
        for key in e.keys() {
            if !seen.insert(key) {
                errors.push(&format!("/issuers/{i}"), "listed twice");
            }
        }
        e.check_dates(&mut errors, &format!("/issuers/{i}"));
    }
    errors.into_result().map_err(ApiError::Validation)?;
    let source = match signer {
        Some(s) => format!("registry \"{}\" signed by {s}", file.name),
        None => format!("registry \"{}\"", file.name),
    };
    Ok((file, source))
}
