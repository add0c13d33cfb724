//! The electronic seal of an EDC: JAdES baseline B-B, enveloping, JWS JSON serialisation with
//! an unencoded payload (RFC 7797 `b64: false`, listed in `crit`), signed with the provider's
//! X.509 e-seal key (RS256, PS256 or ES256, through josekit), the whole certificate chain in
//! `x5c`, its digest in `x5t#S256` and the signing time in `sigT`.
//!
//! Verifying is two separate answers: whether the signature covers these exact bytes with the
//! key of the certificate in `x5c` (a broken seal), and whether that certificate chains to a
//! trusted seal CA at the signing time (an untrusted seal: a verdict, not an error).

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use josekit::jws::{ES256, JwsSigner, JwsVerifier, PS256, RS256};
use openssl::pkey::PKey;
use openssl::stack::Stack;
use openssl::x509::store::X509StoreBuilder;
use openssl::x509::{X509, X509StoreContext};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use zeroize::Zeroizing;

use crate::clock::format_utc;

/// The JOSE algorithms a seal may use: those JAdES baseline names and EDCI accepts.
pub const ALGORITHMS: [&str; 3] = ["RS256", "PS256", "ES256"];
/// Critical header parameters this implementation understands.
const UNDERSTOOD: [&str; 2] = ["b64", "sigT"];
pub const MEDIA_TYPE: &str = "application/jose+json";

#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("not a sealed credential: {0}")]
    Malformed(String),
    #[error("seal algorithm {0:?} is not accepted; only RS256, PS256 and ES256 are")]
    Algorithm(String),
    #[error("the seal does not match the sealed bytes")]
    Signature,
    #[error("seal key: {0}")]
    Key(String),
}

/// A provider's seal: its private key (PEM, kept in memory only while sealing) and the
/// certificate chain, seal certificate first.
pub struct SealKey {
    pub alg: &'static str,
    pub key_pem: Zeroizing<Vec<u8>>,
    pub chain: Vec<X509>,
}

impl SealKey {
    /// From PEM texts; the algorithm follows the key (RSA: RS256, EC P-256: ES256), and the
    /// key must be the seal certificate's.
    pub fn from_pem(chain_pem: &[u8], key_pem: &[u8]) -> Result<Self, SealError> {
        let chain = X509::stack_from_pem(chain_pem).map_err(|e| SealError::Key(e.to_string()))?;
        let cert = chain
            .first()
            .ok_or_else(|| SealError::Key("the certificate chain is empty".into()))?;
        let key = PKey::private_key_from_pem(key_pem).map_err(|e| SealError::Key(e.to_string()))?;
        let public = cert
            .public_key()
            .map_err(|e| SealError::Key(e.to_string()))?;
        if !key.public_eq(&public) {
            return Err(SealError::Key(
                "the private key is not the seal certificate's".into(),
            ));
        }
        let alg = match key.id() {
            openssl::pkey::Id::RSA => "RS256",
            openssl::pkey::Id::EC => "ES256",
            _ => return Err(SealError::Key("a seal key is RSA or EC P-256".into())),
        };
        let pkcs8 = key
            .private_key_to_pem_pkcs8()
            .map_err(|e| SealError::Key(e.to_string()))?;
        Ok(Self {
            alg,
            key_pem: Zeroizing::new(pkcs8),
            chain,
        })
    }

    fn signer(&self) -> Result<Box<dyn JwsSigner>, SealError> {
        let key = self.key_pem.as_slice();
        let e = |e: josekit::JoseError| SealError::Key(e.to_string());
        Ok(match self.alg {
            "RS256" => Box::new(RS256.signer_from_pem(key).map_err(e)?),
            "PS256" => Box::new(PS256.signer_from_pem(key).map_err(e)?),
            _ => Box::new(ES256.signer_from_pem(key).map_err(e)?),
        })
    }
}

fn der(cert: &X509) -> Vec<u8> {
    cert.to_der().unwrap_or_default()
}

/// Seals `payload` (the credential's exact bytes, UTF-8 JSON) at `at`.
pub fn seal(payload: &[u8], key: &SealKey, at: OffsetDateTime) -> Result<Value, SealError> {
    let text = std::str::from_utf8(payload)
        .map_err(|_| SealError::Malformed("the payload is not UTF-8".into()))?;
    let first = key
        .chain
        .first()
        .ok_or_else(|| SealError::Key("no seal certificate".into()))?;
    let header = json!({
        "alg": key.alg,
        "typ": "jose+json",
        "cty": "octet-stream",
        "b64": false,
        "crit": ["b64", "sigT"],
        "sigT": format_utc(at),
        "x5c": key.chain.iter().map(|c| STANDARD.encode(der(c))).collect::<Vec<_>>(),
        "x5t#S256": URL_SAFE_NO_PAD.encode(Sha256::digest(der(first))),
    });
    let protected = URL_SAFE_NO_PAD.encode(header.to_string());
    let mut input = protected.clone().into_bytes();
    input.push(b'.');
    input.extend_from_slice(payload);
    let signature = key
        .signer()?
        .sign(&input)
        .map_err(|e| SealError::Key(e.to_string()))?;
    Ok(json!({
        "payload": text,
        "signatures": [{"protected": protected, "signature": URL_SAFE_NO_PAD.encode(signature)}],
    }))
}

/// A seal whose signature checked out against the certificate it carries.
#[derive(Debug)]
pub struct Opened {
    pub payload: Vec<u8>,
    pub alg: String,
    pub chain: Vec<X509>,
    pub signed_at: Option<OffsetDateTime>,
}

/// Whether `v` looks like a sealed EDC (JWS JSON, general or flattened).
pub fn is_sealed(v: &Value) -> bool {
    v.get("payload").is_some_and(Value::is_string)
        && (v.get("signatures").is_some_and(Value::is_array) || v.get("protected").is_some())
}

/// Checks the seal's form and signature over the exact payload bytes.
pub fn open(jws: &Value) -> Result<Opened, SealError> {
    let bad = |m: &str| SealError::Malformed(m.to_owned());
    let payload = jws["payload"]
        .as_str()
        .ok_or_else(|| bad("payload is missing"))?;
    let signature = match jws.get("signatures") {
        Some(Value::Array(list)) if list.len() == 1 => &list[0],
        Some(_) => return Err(bad("exactly one signature is expected")),
        None => jws,
    };
    let protected = signature["protected"]
        .as_str()
        .ok_or_else(|| bad("the protected header is missing"))?;
    let header: Map<String, Value> = URL_SAFE_NO_PAD
        .decode(protected)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| bad("the protected header is not base64url JSON"))?;
    let alg = header
        .get("alg")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("alg is missing"))?;
    if !ALGORITHMS.contains(&alg) {
        return Err(SealError::Algorithm(alg.to_owned()));
    }
    let crit: Vec<&str> = header
        .get("crit")
        .and_then(Value::as_array)
        .map(|c| c.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if let Some(unknown) = crit.iter().find(|c| !UNDERSTOOD.contains(c)) {
        return Err(bad(&format!("critical header {unknown} is not understood")));
    }
    if header.get("b64") != Some(&Value::Bool(false)) || !crit.contains(&"b64") {
        return Err(bad(
            "a JAdES seal of an EDC has an unencoded payload (b64: false, critical)",
        ));
    }
    let chain: Vec<X509> = header
        .get("x5c")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("x5c is missing"))?
        .iter()
        .map(|c| {
            c.as_str()
                .and_then(|s| STANDARD.decode(s).ok())
                .and_then(|d| X509::from_der(&d).ok())
                .ok_or_else(|| bad("x5c holds something that is not a certificate"))
        })
        .collect::<Result<_, _>>()?;
    let cert = chain.first().ok_or_else(|| bad("x5c is empty"))?;
    if let Some(t) = header.get("x5t#S256") {
        let expected = URL_SAFE_NO_PAD.encode(Sha256::digest(der(cert)));
        if t.as_str() != Some(expected.as_str()) {
            return Err(bad("x5t#S256 is not the digest of the seal certificate"));
        }
    }
    let signed_at = header
        .get("sigT")
        .and_then(Value::as_str)
        .and_then(|t| OffsetDateTime::parse(t, &Rfc3339).ok());
    let sig = signature["signature"]
        .as_str()
        .and_then(|s| URL_SAFE_NO_PAD.decode(s).ok())
        .ok_or_else(|| bad("the signature is not base64url"))?;
    let spki = cert
        .public_key()
        .and_then(|k| k.public_key_to_der())
        .map_err(|_| bad("the seal certificate's key is unreadable"))?;
    let e = |_| SealError::Signature;
    let verifier: Box<dyn JwsVerifier> = match alg {
        "RS256" => Box::new(RS256.verifier_from_der(&spki).map_err(e)?),
        "PS256" => Box::new(PS256.verifier_from_der(&spki).map_err(e)?),
        _ => Box::new(ES256.verifier_from_der(&spki).map_err(e)?),
    };
    let mut input = protected.as_bytes().to_vec();
    input.push(b'.');
    input.extend_from_slice(payload.as_bytes());
    verifier
        .verify(&input, &sig)
        .map_err(|_| SealError::Signature)?;
    Ok(Opened {
        payload: payload.as_bytes().to_vec(),
        alg: alg.to_owned(),
        chain,
        signed_at,
    })
}

/// Whether `chain` (seal certificate first) leads to one of `anchors`, checked at `at`.
pub fn chain_trusted(chain: &[X509], anchors: &[X509], at: OffsetDateTime) -> Result<(), String> {
    let cert = chain.first().ok_or("no certificate")?;
    let mut store = X509StoreBuilder::new().map_err(|e| e.to_string())?;
    for a in anchors {
        store.add_cert(a.clone()).map_err(|e| e.to_string())?;
    }
    let mut param = openssl::x509::verify::X509VerifyParam::new().map_err(|e| e.to_string())?;
    param.set_time(at.unix_timestamp());
    store.set_param(&param).map_err(|e| e.to_string())?;
    let store = store.build();
    let mut rest = Stack::new().map_err(|e| e.to_string())?;
    for c in &chain[1..] {
        rest.push(c.clone()).map_err(|e| e.to_string())?;
    }
    let mut ctx = X509StoreContext::new().map_err(|e| e.to_string())?;
    ctx.init(&store, cert, &rest, |c| {
        let ok = c.verify_cert()?;
        Ok(if ok {
            Ok(())
        } else {
            Err(c.error().error_string().to_owned())
        })
    })
    .map_err(|e| e.to_string())?
}

/// What a certificate says of its holder, for reports and the eIDAS identifier.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CertificateInfo {
    pub subject: String,
    pub issuer: String,
    /// `organizationIdentifier` (OID 2.5.4.97), e.g. `VATBE-0123456789`.
    pub organization_identifier: Option<String>,
    pub organization: Option<String>,
    pub not_before: String,
    pub not_after: String,
    pub sha256: String,
}

fn name_text(name: &openssl::x509::X509NameRef) -> String {
    name.entries()
        .map(|e| {
            format!(
                "{}={}",
                e.object().nid().short_name().unwrap_or("?"),
                e.data().to_string().unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn entry(name: &openssl::x509::X509NameRef, oid: &str, nid: openssl::nid::Nid) -> Option<String> {
    name.entries()
        .find(|e| e.object().nid() == nid || e.object().to_string() == oid)
        .and_then(|e| e.data().to_string().ok())
}

pub fn info(cert: &X509) -> CertificateInfo {
    let subject = cert.subject_name();
    CertificateInfo {
        subject: name_text(subject),
        issuer: name_text(cert.issuer_name()),
        organization_identifier: entry(subject, "2.5.4.97", openssl::nid::Nid::from_raw(1089)),
        organization: entry(subject, "2.5.4.10", openssl::nid::Nid::ORGANIZATIONNAME),
        not_before: cert.not_before().to_string(),
        not_after: cert.not_after().to_string(),
        sha256: hex::encode(Sha256::digest(der(cert))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::europass::certs::{KeyKind, dev_seal};

    fn dev(kind: KeyKind) -> (SealKey, X509) {
        let dev = dev_seal("BE", "École d'essai", "VATBE-0123456789", kind, 30).unwrap();
        let key = SealKey::from_pem(dev.chain_pem.as_bytes(), dev.key_pem.as_bytes()).unwrap();
        (key, X509::from_pem(dev.ca_pem.as_bytes()).unwrap())
    }

    #[test]
    fn a_seal_covers_the_exact_bytes_and_chains_to_its_ca() {
        for (kind, alg) in [(KeyKind::Rsa2048, "RS256"), (KeyKind::EcP256, "ES256")] {
            let (key, ca) = dev(kind);
            let now = OffsetDateTime::now_utc();
            assert_eq!(key.alg, alg);
            let payload = br#"{"type":["VerifiableCredential","EuropeanDigitalCredential"],"name":"Unit\u00e9"}"#;
            let sealed = seal(payload, &key, now).unwrap();
            let opened = open(&sealed).unwrap();
            assert_eq!(opened.payload, payload);
            assert_eq!(opened.alg, alg);
            assert!(chain_trusted(&opened.chain, std::slice::from_ref(&ca), now).is_ok());
            // Not trusted without the CA, nor by another CA, nor before the certificate's life.
            assert!(chain_trusted(&opened.chain, &[], now).is_err());
            assert!(
                chain_trusted(
                    &opened.chain,
                    std::slice::from_ref(&ca),
                    now - time::Duration::days(2)
                )
                .is_err()
            );
            let (_, other_ca) = dev(kind);
            assert!(chain_trusted(&opened.chain, &[other_ca], now).is_err());
            let info = info(&opened.chain[0]);
            assert_eq!(
                info.organization_identifier.as_deref(),
                Some("VATBE-0123456789")
            );
            // One byte of the payload changed: the seal no longer matches.
            let mut tampered = sealed.clone();
            tampered["payload"] = json!(String::from_utf8_lossy(payload).replace("Unit", "Unix"));
            assert!(matches!(open(&tampered), Err(SealError::Signature)));
        }
    }

    #[test]
    fn only_unencoded_payloads_and_the_named_algorithms_are_accepted() {
        let (key, _) = dev(KeyKind::EcP256);
        let sealed = seal(b"{}", &key, OffsetDateTime::now_utc()).unwrap();
        let header = |f: &dyn Fn(&mut Value)| {
            let protected = sealed["signatures"][0]["protected"].as_str().unwrap();
            let mut h: Value =
                serde_json::from_slice(&URL_SAFE_NO_PAD.decode(protected).unwrap()).unwrap();
            f(&mut h);
            let mut copy = sealed.clone();
            copy["signatures"][0]["protected"] = json!(URL_SAFE_NO_PAD.encode(h.to_string()));
            open(&copy)
        };
        assert!(matches!(
            header(&|h| h["alg"] = json!("none")),
            Err(SealError::Algorithm(_))
        ));
        assert!(matches!(
            header(&|h| h["alg"] = json!("HS256")),
            Err(SealError::Algorithm(_))
        ));
        assert!(matches!(
            header(&|h| h["b64"] = json!(true)),
            Err(SealError::Malformed(_))
        ));
        assert!(matches!(
            header(&|h| h["crit"] = json!(["b64", "sigT", "unknownThing"])),
            Err(SealError::Malformed(_))
        ));
        assert!(matches!(
            header(&|h| h["x5t#S256"] = json!("AAAA")),
            Err(SealError::Malformed(_))
        ));
        // A header changed but well formed: the signature covers it.
        assert!(matches!(
            header(&|h| h["sigT"] = json!("2020-01-01T00:00:00Z")),
            Err(SealError::Signature)
        ));
    }

    #[test]
    fn a_key_that_is_not_the_certificates_is_refused() {
        let a = dev_seal("BE", "A", "VATBE-1", KeyKind::EcP256, 30).unwrap();
        let b = dev_seal("BE", "B", "VATBE-2", KeyKind::EcP256, 30).unwrap();
        assert!(SealKey::from_pem(a.chain_pem.as_bytes(), b.key_pem.as_bytes()).is_err());
    }
}
