//! The trust registry: which issuers this server knows, and what each is authorised to
//! certify, since when and on whose authority.
//!
//! Entries come from registry files (plain JSON from the operator, or a compact JWS signed by
//! a configured trust anchor) or one at a time from the operator; each provider of this server
//! is trusted for its own achievements without an entry. The verifier reports trust as a
//! result of its own: an unknown issuer is a warning (the signature can still be valid), an
//! issuer known but not authorised for the achievement is a failure.

use serde_json::Value;

use crate::crypto::{did, jose};
use crate::domain::ValidationErrors;
use crate::domain::trust::{Lookup, REGISTRY_JWT_TYPE, RegistryFile, TrustSource, local_entry};
use crate::error::{ApiError, ApiResult};
use crate::services::Services;

/// The server's registry, read per issuer: a stored entry, else one of this server's
/// providers (trusted for its own achievements).
pub struct ServerTrust {
    pub state: Services,
}

impl TrustSource for ServerTrust {
    fn lookup<'a>(&'a self, did: &'a str) -> Lookup<'a> {
        Box::pin(async move {
            let store = &self.state.store;
            let local = match did.strip_prefix("eidas:") {
                Some(org) => store.provider_by_seal_organization(org).await,
                None => store.provider_by_did(did).await,
            };
            if let Some(local) = local.map_err(|e| e.to_string())? {
                return Ok(Some((
                    local_entry(&self.state.settings.public_url, &local),
                    "this server".to_owned(),
                )));
            }
            store.trusted_issuer(did).await.map_err(|e| e.to_string())
        })
    }
}

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
