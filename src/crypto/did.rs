//! DID methods: `did:web` (providers' long-lived identities) and `did:key` (single-issuer
//! set-ups and learners' wallets). Both are resolved without the network here: did:key is
//! self-describing, and the did:web documents this server can answer for are its own.

use ed25519_dalek::VerifyingKey;
use serde_json::{Value, json};

use super::keys::{self, KeyError};

pub const DID_V1: &str = "https://www.w3.org/ns/did/v1";
pub const MULTIKEY_V1: &str = "https://w3id.org/security/multikey/v1";
pub const JWK_V1: &str = "https://w3id.org/security/jwk/v1";

/// `did:web` for a provider below this server's public URL:
/// `https://certif.example.be:8443` + `ecole` → `did:web:certif.example.be%3A8443:providers:ecole`.
pub fn did_web(public_host: &str, slug: &str) -> String {
    format!(
        "did:web:{}:providers:{slug}",
        public_host.replace(':', "%3A")
    )
}

/// The HTTPS URL of a did:web document, as the did:web method spec derives it.
pub fn did_web_document_url(did: &str) -> Option<String> {
    let rest = did.strip_prefix("did:web:")?;
    if rest.is_empty() || rest.contains('/') || rest.contains('#') || rest.contains('?') {
        return None;
    }
    let mut parts = rest.split(':');
    let host = parts.next()?.replace("%3A", ":").replace("%3a", ":");
    if host.is_empty() {
        return None;
    }
    let path: Vec<&str> = parts.collect();
    if path.iter().any(|p| p.is_empty()) {
        return None;
    }
    Some(if path.is_empty() {
        format!("https://{host}/.well-known/did.json")
    } else {
        format!("https://{host}/{}/did.json", path.join("/"))
    })
}

/// One published key of a provider: a Multikey method for Data Integrity and a JsonWebKey
/// method (same key) for JOSE, both under `assertionMethod`.
#[derive(Debug, Clone)]
pub struct PublishedKey {
    pub key_ref: String,
    pub key: VerifyingKey,
    /// Published as the method's `revoked` (Controlled Identifiers 1.0): no signature made from
    /// then on is to be trusted.
    pub revoked: Option<time::OffsetDateTime>,
}

pub fn multikey_fragment(key_ref: &str) -> String {
    format!("key-{key_ref}")
}

pub fn jwk_fragment(key_ref: &str) -> String {
    format!("jwk-{key_ref}")
}

pub fn web_document(did: &str, keys: &[PublishedKey]) -> Value {
    let mut methods = Vec::new();
    let mut assertion = Vec::new();
    let mut authentication = Vec::new();
    for k in keys {
        let mk = format!("{did}#{}", multikey_fragment(&k.key_ref));
        let jk = format!("{did}#{}", jwk_fragment(&k.key_ref));
        let mut multikey = json!({
            "id": mk, "type": "Multikey", "controller": did,
            "publicKeyMultibase": keys::multikey(&k.key),
        });
        let mut jwk = json!({
            "id": jk, "type": "JsonWebKey", "controller": did,
            "publicKeyJwk": keys::public_jwk(&k.key),
        });
        if let Some(at) = k.revoked {
            multikey["revoked"] = crate::support::clock::format_utc(at).into();
            jwk["revoked"] = crate::support::clock::format_utc(at).into();
        }
        methods.push(multikey);
        methods.push(jwk);
        assertion.push(Value::String(mk.clone()));
        assertion.push(Value::String(jk));
        authentication.push(Value::String(mk));
    }
    json!({
        "@context": [DID_V1, MULTIKEY_V1, JWK_V1],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": assertion,
        "authentication": authentication,
    })
}

pub fn did_key(key: &VerifyingKey) -> String {
    format!("did:key:{}", keys::multikey(key))
}

/// The single verification method of an Ed25519 did:key: `did:key:z6Mk…#z6Mk…`.
pub fn did_key_vm(key: &VerifyingKey) -> String {
    let mb = keys::multikey(key);
    format!("did:key:{mb}#{mb}")
}

/// Resolves an Ed25519 did:key (or one of its DID URLs) to its key.
pub fn resolve_did_key(did_or_url: &str) -> Result<VerifyingKey, KeyError> {
    let rest = did_or_url
        .strip_prefix("did:key:")
        .ok_or(KeyError::NotMultibase)?;
    let (id, fragment) = match rest.split_once('#') {
        Some((id, frag)) => (id, Some(frag)),
        None => (rest, None),
    };
    if let Some(frag) = fragment
        && frag != id
    {
        return Err(KeyError::NotEd25519);
    }
    keys::parse_multikey(id)
}

/// The expanded did:key document (Multikey form), as a resolver would return it.
pub fn did_key_document(key: &VerifyingKey) -> Value {
    let did = did_key(key);
    let vm = did_key_vm(key);
    json!({
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": [{"id": vm, "type": "Multikey", "controller": did,
                                "publicKeyMultibase": keys::multikey(key)}],
        "authentication": [vm], "assertionMethod": [vm],
        "capabilityInvocation": [vm], "capabilityDelegation": [vm],
    })
}

/// What a verifier needs from a resolved verification method.
#[derive(Debug, Clone)]
pub struct ResolvedMethod {
    pub id: String,
    pub controller: String,
    pub key: VerifyingKey,
    /// The method's `revoked` time, when its controller published one.
    pub revoked: Option<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MethodError {
    #[error("verification method {0} is not in the controller document")]
    NotFound(String),
    #[error("verification method {0} is not authorised for {1}")]
    NotAuthorised(String, String),
    #[error("verification method {0} has an unsupported or malformed key: {1}")]
    BadKey(String, KeyError),
    #[error("controller document id {0} does not match {1}")]
    ControllerMismatch(String, String),
}

/// Controlled Identifiers §3.3: find `vm_id` in `doc`, check the document id, the method's
/// controller and that the method is listed under `relationship` (e.g. `assertionMethod`).
pub fn find_method(
    doc: &Value,
    vm_id: &str,
    relationship: &str,
) -> Result<ResolvedMethod, MethodError> {
    let doc_id = doc.get("id").and_then(Value::as_str).unwrap_or_default();
    let base = vm_id.split('#').next().unwrap_or_default();
    if doc_id != base {
        return Err(MethodError::ControllerMismatch(
            doc_id.to_owned(),
            base.to_owned(),
        ));
    }
    let listed = doc
        .get(relationship)
        .and_then(Value::as_array)
        .is_some_and(|refs| refs.iter().any(|r| ref_matches(r, doc_id, vm_id)));
    if !listed {
        return Err(MethodError::NotAuthorised(
            vm_id.to_owned(),
            relationship.to_owned(),
        ));
    }
    let method = doc
        .get("verificationMethod")
        .and_then(Value::as_array)
        .and_then(|ms| {
            ms.iter()
                .find(|m| method_id(m, doc_id).as_deref() == Some(vm_id))
        })
        .or_else(|| {
            // Methods may also be embedded directly in the relationship.
            doc.get(relationship)?
                .as_array()?
                .iter()
                .find(|m| m.is_object() && method_id(m, doc_id).as_deref() == Some(vm_id))
        })
        .ok_or_else(|| MethodError::NotFound(vm_id.to_owned()))?;
    let controller = method
        .get("controller")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if controller != doc_id {
        return Err(MethodError::ControllerMismatch(
            controller.to_owned(),
            doc_id.to_owned(),
        ));
    }
    let key = method_key(method).map_err(|e| MethodError::BadKey(vm_id.to_owned(), e))?;
    Ok(ResolvedMethod {
        id: vm_id.to_owned(),
        controller: controller.to_owned(),
        key,
        revoked: method
            .get("revoked")
            .and_then(Value::as_str)
            .map(str::to_owned),
    })
}

fn method_id(method: &Value, doc_id: &str) -> Option<String> {
    let id = method.get("id")?.as_str()?;
    Some(if id.starts_with('#') {
        format!("{doc_id}{id}")
    } else {
        id.to_owned()
    })
}

fn ref_matches(r: &Value, doc_id: &str, vm_id: &str) -> bool {
    match r {
        Value::String(s) if s.starts_with('#') => format!("{doc_id}{s}") == vm_id,
        Value::String(s) => s == vm_id,
        Value::Object(_) => method_id(r, doc_id).as_deref() == Some(vm_id),
        _ => false,
    }
}

/// Accepts `Multikey` and `JsonWebKey` (current), plus the legacy `Ed25519VerificationKey2020`
/// and `JsonWebKey2020` types that older resolvers emit.
fn method_key(method: &Value) -> Result<VerifyingKey, KeyError> {
    if let Some(mb) = method.get("publicKeyMultibase").and_then(Value::as_str) {
        return keys::parse_multikey(mb);
    }
    if let Some(jwk) = method.get("publicKeyJwk") {
        return keys::parse_public_jwk(jwk);
    }
    Err(KeyError::NotEd25519)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_web_paths_follow_the_method_spec() {
        assert_eq!(
            did_web_document_url("did:web:certif.example.be").as_deref(),
            Some("https://certif.example.be/.well-known/did.json")
        );
        assert_eq!(
            did_web_document_url("did:web:certif.example.be:issuers:ecole42").as_deref(),
            Some("https://certif.example.be/issuers/ecole42/did.json")
        );
        assert_eq!(
            did_web_document_url(&did_web("localhost:8443", "ecole")).as_deref(),
            Some("https://localhost:8443/providers/ecole/did.json")
        );
        assert_eq!(did_web_document_url("did:web:"), None);
        assert_eq!(did_web_document_url("did:web:a::b"), None);
    }

    #[test]
    fn did_key_vector_resolves() {
        // shared/standards/w3c-ccg-did-method-key/test-vectors/ed25519-x25519.json
        let did = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp";
        let key = resolve_did_key(did).expect("resolves");
        assert_eq!(did_key(&key), did);
        let doc = did_key_document(&key);
        let vm = did_key_vm(&key);
        let found = find_method(&doc, &vm, "assertionMethod").expect("method found");
        assert_eq!(found.key, key);
        assert!(resolve_did_key(&format!("{did}#z6MkOther")).is_err());
    }

    #[test]
    fn web_document_lists_both_methods_under_assertion() {
        let key = keys::generate().verifying_key();
        let did = did_web("certif.example.be", "ecole");
        let kr = keys::key_ref(&key);
        let doc = web_document(
            &did,
            &[PublishedKey {
                revoked: None,
                key_ref: kr.clone(),
                key,
            }],
        );
        let mk = format!("{did}#key-{kr}");
        let jk = format!("{did}#jwk-{kr}");
        assert_eq!(
            find_method(&doc, &mk, "assertionMethod").map(|m| m.key),
            Ok(key)
        );
        assert_eq!(
            find_method(&doc, &jk, "assertionMethod").map(|m| m.key),
            Ok(key)
        );
        assert!(matches!(
            find_method(&doc, &jk, "authentication"),
            Err(MethodError::NotAuthorised(..))
        ));
        assert!(matches!(
            find_method(&doc, &format!("{did}#nope"), "assertionMethod"),
            Err(MethodError::NotAuthorised(..))
        ));
        assert!(!doc.to_string().contains("\"d\""));
    }
}
