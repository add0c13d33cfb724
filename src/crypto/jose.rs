//! The VC-JOSE-COSE enveloped form (`application/vc+jwt`): a compact JWS whose payload is the
//! credential itself. josekit does the JWS framing; the Ed25519 work is done by ed25519-dalek
//! through the signer/verifier traits below (faster than josekit's OpenSSL path, and
//! `verify_strict` rejects weak keys and malleable signatures).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use josekit::JoseError;
use josekit::jws::{self, JwsAlgorithm, JwsHeader, JwsSigner, JwsVerifier};
use serde_json::{Map, Value};

use super::keys::SigningKeyPair;

pub const MEDIA_TYPE: &str = "application/vc+jwt";
/// Header members a vc+jwt may carry; anything else (`crit`, `jku`, `x5u`, `b64`…) is refused
/// rather than half-understood.
const ALLOWED_HEADER: [&str; 4] = ["alg", "kid", "typ", "cty"];

#[derive(Debug, Clone)]
struct DalekSigner(SigningKey);

impl JwsSigner for DalekSigner {
    fn algorithm(&self) -> &dyn JwsAlgorithm {
        &jws::EdDSA
    }
    fn key_id(&self) -> Option<&str> {
        None
    }
    fn signature_len(&self) -> usize {
        64
    }
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, JoseError> {
        Ok(self.0.sign(message).to_bytes().to_vec())
    }
    fn box_clone(&self) -> Box<dyn JwsSigner> {
        Box::new(self.clone())
    }
}

#[derive(Debug, Clone)]
struct DalekVerifier(VerifyingKey);

impl JwsVerifier for DalekVerifier {
    fn algorithm(&self) -> &dyn JwsAlgorithm {
        &jws::EdDSA
    }
    fn key_id(&self) -> Option<&str> {
        None
    }
    fn verify(&self, message: &[u8], signature: &[u8]) -> Result<(), JoseError> {
        let raw: [u8; 64] = signature.try_into().map_err(|_| {
            JoseError::InvalidSignature(anyhow::anyhow!("signature is not 64 bytes"))
        })?;
        self.0
            .verify_strict(message, &Signature::from_bytes(&raw))
            .map_err(|e| JoseError::InvalidSignature(anyhow::anyhow!(e)))
    }
    fn box_clone(&self) -> Box<dyn JwsVerifier> {
        Box::new(self.clone())
    }
}

/// Signs `payload` (the exact credential bytes) as a compact JWS with `typ: vc+jwt`.
pub fn sign(payload: &[u8], key: &SigningKeyPair) -> Result<String, JoseError> {
    sign_typed(payload, key, "vc+jwt")
}

/// Signs `payload` as a compact JWS with the given `typ` and the key's JWK id as `kid`.
pub fn sign_typed(payload: &[u8], key: &SigningKeyPair, typ: &str) -> Result<String, JoseError> {
    let mut header = JwsHeader::new();
    header.set_token_type(typ);
    header.set_key_id(key.jwk_vm_id());
    jws::serialize_compact(payload, &header, &DalekSigner(key.signing_key().clone()))
}

#[derive(Debug, thiserror::Error)]
pub enum JwtError {
    #[error("not a compact JWS (three base64url parts separated by dots)")]
    Malformed,
    #[error("the JOSE header is not a JSON object: {0}")]
    BadHeader(String),
    #[error("algorithm {0:?} is not accepted; only EdDSA is")]
    Algorithm(String),
    #[error("header member {0:?} is not accepted")]
    HeaderMember(String),
    #[error("typ {0} is not {1}")]
    Type(String, String),
    #[error("the header has no kid")]
    MissingKid,
    #[error("the signature does not match the payload and key")]
    Signature,
    #[error("the payload is not a JSON object")]
    Payload,
}

/// The protected header of a token, validated before any key is looked up.
#[derive(Debug, Clone)]
pub struct CheckedHeader {
    pub kid: String,
    pub typ: Option<String>,
}

pub fn check_header(token: &str) -> Result<CheckedHeader, JwtError> {
    check_header_typed(token, &["vc+jwt", "JWT"])
}

/// `check_header` for tokens of other types: `typ`, when present, must be one of `expected`.
pub fn check_header_typed(token: &str, expected: &[&str]) -> Result<CheckedHeader, JwtError> {
    let mut parts = token.split('.');
    let (Some(h), Some(_), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwtError::Malformed);
    };
    let raw = URL_SAFE_NO_PAD.decode(h).map_err(|_| JwtError::Malformed)?;
    let header: Map<String, Value> =
        serde_json::from_slice(&raw).map_err(|e| JwtError::BadHeader(e.to_string()))?;
    match header.get("alg") {
        Some(Value::String(alg)) if alg == "EdDSA" => {}
        Some(Value::String(alg)) => return Err(JwtError::Algorithm(alg.clone())),
        _ => return Err(JwtError::Algorithm(String::new())),
    }
    if let Some(extra) = header
        .keys()
        .find(|k| !ALLOWED_HEADER.contains(&k.as_str()))
    {
        return Err(JwtError::HeaderMember(extra.clone()));
    }
    let typ = match header.get("typ") {
        None => None,
        Some(Value::String(t)) if expected.contains(&t.as_str()) => Some(t.clone()),
        Some(other) => return Err(JwtError::Type(other.to_string(), expected.join(" or "))),
    };
    let kid = header
        .get("kid")
        .and_then(Value::as_str)
        .ok_or(JwtError::MissingKid)?
        .to_owned();
    Ok(CheckedHeader { kid, typ })
}

/// The payload of a compact JWS as JSON, before any check: to learn which key to check it with.
pub fn unverified_payload(token: &str) -> Option<Value> {
    let part = token.trim().split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(part).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Verifies the signature with `key` and returns the payload bytes.
pub fn verify(token: &str, key: &VerifyingKey) -> Result<Vec<u8>, JwtError> {
    let (payload, _) =
        jws::deserialize_compact(token, &DalekVerifier(*key)).map_err(|e| match e {
            JoseError::InvalidSignature(_) => JwtError::Signature,
            _ => JwtError::Malformed,
        })?;
    Ok(payload)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::keys;

    fn pair() -> SigningKeyPair {
        SigningKeyPair::new(
            "did:example:1#key-1".into(),
            "did:example:1#jwk-1".into(),
            keys::generate(),
        )
    }

    fn forge(header: &str, payload: &str, sig: &[u8]) -> String {
        format!(
            "{}.{}.{}",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(payload),
            URL_SAFE_NO_PAD.encode(sig)
        )
    }

    #[test]
    fn signs_and_verifies() {
        let key = pair();
        let token = sign(br#"{"a":1}"#, &key).expect("signs");
        let header = check_header(&token).expect("header ok");
        assert_eq!(header.kid, "did:example:1#jwk-1");
        assert_eq!(header.typ.as_deref(), Some("vc+jwt"));
        assert_eq!(
            verify(&token, &key.verifying_key()).expect("verifies"),
            br#"{"a":1}"#
        );
        assert!(matches!(
            verify(&token, &keys::generate().verifying_key()),
            Err(JwtError::Signature)
        ));
    }

    #[test]
    fn refuses_none_other_algorithms_and_odd_headers() {
        let none = forge(r#"{"alg":"none","kid":"k"}"#, "{}", b"");
        assert!(matches!(check_header(&none), Err(JwtError::Algorithm(a)) if a == "none"));
        let hs = forge(r#"{"alg":"HS256","kid":"k"}"#, "{}", b"x");
        assert!(matches!(check_header(&hs), Err(JwtError::Algorithm(_))));
        let jku = forge(
            r#"{"alg":"EdDSA","kid":"k","jku":"https://evil"}"#,
            "{}",
            b"x",
        );
        assert!(matches!(check_header(&jku), Err(JwtError::HeaderMember(_))));
        let no_kid = forge(r#"{"alg":"EdDSA"}"#, "{}", b"x");
        assert!(matches!(check_header(&no_kid), Err(JwtError::MissingKid)));
        assert!(matches!(check_header("a.b"), Err(JwtError::Malformed)));
        assert!(matches!(check_header("!!.b.c"), Err(JwtError::Malformed)));
    }
}
