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

use crate::support::clock::format_utc;

/// The JOSE algorithms a seal may use: those JAdES baseline names and EDCI accepts.
pub const ALGORITHMS: [&str; 3] = ["RS256", "PS256", "ES256"];
/// Critical header parameters this implementation understands: the unencoded payload, the
/// claimed signing time, and a JAdES B-T timestamp (`adoTst`, reported, see [`Opened`]).
const UNDERSTOOD: [&str; 3] = ["b64", "sigT", "adoTst"];
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
            openssl::pkey::Id::EC
                if key.ec_key().ok().and_then(|k| k.group().curve_name())
                    == Some(openssl::nid::Nid::X9_62_PRIME256V1) =>
            {
                "ES256"
            }
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

    /// From a PKCS#12 file (the form trust service providers deliver seals in): its key, its
    /// certificate and the CA certificates it carries, in that order.
    pub fn from_pkcs12(der: &[u8], password: &str) -> Result<Self, SealError> {
        let e = |e: openssl::error::ErrorStack| SealError::Key(format!("PKCS#12: {e}"));
        let parsed = openssl::pkcs12::Pkcs12::from_der(der)
            .map_err(e)?
            .parse2(password)
            .map_err(|_| {
                SealError::Key("the PKCS#12 file does not open with this password".into())
            })?;
        let key = parsed
            .pkey
            .ok_or_else(|| SealError::Key("the PKCS#12 file holds no private key".into()))?;
        let cert = parsed
            .cert
            .ok_or_else(|| SealError::Key("the PKCS#12 file holds no certificate".into()))?;
        let mut chain_pem = cert.to_pem().map_err(e)?;
        for ca in parsed.ca.into_iter().flatten() {
            chain_pem.extend(ca.to_pem().map_err(e)?);
        }
        let key_pem = Zeroizing::new(key.private_key_to_pem_pkcs8().map_err(e)?);
        Self::from_pem(&chain_pem, &key_pem)
    }

    /// Uses PS256 (RSASSA-PSS) instead of RS256 with an RSA key.
    pub fn with_alg(mut self, alg: &str) -> Result<Self, SealError> {
        self.alg = match (self.alg, alg) {
            ("RS256" | "PS256", "RS256") => "RS256",
            ("RS256" | "PS256", "PS256") => "PS256",
            ("ES256", "ES256") => "ES256",
            (_, other) => {
                return Err(SealError::Key(format!(
                    "{other} does not fit a {} key",
                    if self.alg == "ES256" { "P-256" } else { "RSA" }
                )));
            }
        };
        Ok(self)
    }

    /// The chain as PEM text, seal certificate first.
    pub fn chain_pem(&self) -> Result<String, SealError> {
        let mut out = String::new();
        for c in &self.chain {
            let pem = c.to_pem().map_err(|e| SealError::Key(e.to_string()))?;
            out.push_str(&String::from_utf8_lossy(&pem));
        }
        Ok(out)
    }

    fn signer(&self) -> Result<Box<dyn JwsSigner>, SealError> {
        let key = self.key_pem.as_slice();
        let e = |e: josekit::JoseError| SealError::Key(e.to_string());
        Ok(match self.alg {
            "RS256" => Box::new(RS256.signer_from_pem(key).map_err(e)?),
            // josekit reads a PKCS#8 key as RSA-PSS only when its OID says so; an ordinary
            // RSA key signs PSS from its PKCS#1 form.
            "PS256" => {
                let pkcs1 = PKey::private_key_from_pem(key)
                    .and_then(|k| k.rsa())
                    .and_then(|r| r.private_key_to_der())
                    .map(Zeroizing::new)
                    .map_err(|e| SealError::Key(e.to_string()))?;
                Box::new(PS256.signer_from_der(pkcs1.as_slice()).map_err(e)?)
            }
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

/// A seal read apart: what it seals and what it claims; [`Opened::verify`] checks that the
/// signature covers those exact bytes with the key of the certificate it carries.
#[derive(Debug)]
pub struct Opened {
    /// The sealed bytes exactly as signed (the credential's JSON).
    pub payload: Vec<u8>,
    pub alg: String,
    pub chain: Vec<X509>,
    /// `sigT`: when the sealer says it sealed. Claimed, not proven, unless a timestamp is.
    pub signed_at: Option<OffsetDateTime>,
    /// Whether the payload travelled unencoded (`b64: false`, as JAdES for EDCs).
    pub unencoded: bool,
    /// Whether a JAdES B-T timestamp (`adoTst`) or further validation data (`etsiU`) came
    /// with the seal; they are reported, not validated.
    pub timestamped: bool,
    /// `json` (JWS JSON serialization) or `compact`.
    pub serialization: &'static str,
    signing_input: Vec<u8>,
    signature: Vec<u8>,
}

impl Opened {
    /// Whether the signature covers the exact sealed bytes, with the certificate's key.
    pub fn verify(&self) -> Result<(), SealError> {
        let cert = self
            .chain
            .first()
            .ok_or_else(|| SealError::Malformed("x5c is empty".into()))?;
        let spki = cert
            .public_key()
            .and_then(|k| k.public_key_to_der())
            .map_err(|_| SealError::Malformed("the seal certificate's key is unreadable".into()))?;
        let e = |_| SealError::Signature;
        let verifier: Box<dyn JwsVerifier> = match self.alg.as_str() {
            "RS256" => Box::new(RS256.verifier_from_der(&spki).map_err(e)?),
            "PS256" => Box::new(PS256.verifier_from_der(&spki).map_err(e)?),
            _ => Box::new(ES256.verifier_from_der(&spki).map_err(e)?),
        };
        verifier
            .verify(&self.signing_input, &self.signature)
            .map_err(|_| SealError::Signature)
    }
}

/// Whether `v` looks like a sealed EDC: JWS JSON (general or flattened) with a string
/// payload, or a compact JWS whose header names a seal algorithm.
pub fn is_sealed(v: &Value) -> bool {
    match v {
        Value::Object(o) => {
            o.get("payload").is_some_and(Value::is_string)
                && (o.get("signatures").is_some_and(Value::is_array) || o.contains_key("protected"))
        }
        // A compact JWS is a seal when it carries its certificate; a `vc+jwt` with another
        // algorithm than EdDSA stays the JOSE verifier's to refuse.
        Value::String(s) => compact_header(s.trim()).is_some_and(|h| {
            h.get("alg")
                .and_then(Value::as_str)
                .is_some_and(|alg| ALGORITHMS.contains(&alg))
                && h.contains_key("x5c")
        }),
        _ => false,
    }
}

fn compact_header(token: &str) -> Option<Map<String, Value>> {
    let (header, _) = token.split_once('.')?;
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).ok()?).ok()
}

/// Checks the seal's form and its signature over the exact payload bytes, with the key of
/// the certificate it carries in `x5c` (whether that certificate is trusted is
/// [`chain_trusted`]'s question).
pub fn open(jws: &Value) -> Result<Opened, SealError> {
    let opened = parse(jws)?;
    opened.verify()?;
    Ok(opened)
}

/// Reads a seal apart without checking its signature (see [`Opened::verify`]).
pub fn parse(jws: &Value) -> Result<Opened, SealError> {
    let bad = |m: &str| SealError::Malformed(m.to_owned());
    // (protected header as sent, payload as sent, signature, serialization)
    let (protected, sent_payload, signature, serialization) = match jws {
        Value::String(token) => {
            let parts: Vec<&str> = token.trim().splitn(3, '.').collect();
            let [h, p, sig] = parts[..] else {
                return Err(bad("a compact JWS has three parts"));
            };
            (h.to_owned(), p.to_owned(), sig.to_owned(), "compact")
        }
        Value::Object(o) => {
            let payload = o
                .get("payload")
                .and_then(Value::as_str)
                .ok_or_else(|| bad("payload is missing"))?;
            let signature = match o.get("signatures") {
                Some(Value::Array(list)) if list.len() == 1 => &list[0],
                Some(_) => return Err(bad("exactly one signature is expected")),
                None => jws,
            };
            let protected = signature["protected"]
                .as_str()
                .ok_or_else(|| bad("the protected header is missing"))?;
            let sig = signature["signature"]
                .as_str()
                .ok_or_else(|| bad("the signature is missing"))?;
            (
                protected.to_owned(),
                payload.to_owned(),
                sig.to_owned(),
                "json",
            )
        }
        _ => return Err(bad("a seal is JWS JSON or a compact JWS")),
    };
    let header: Map<String, Value> = URL_SAFE_NO_PAD
        .decode(&protected)
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
    let crit: Vec<&str> = match header.get("crit") {
        None => Vec::new(),
        Some(Value::Array(c)) if !c.is_empty() => c
            .iter()
            .map(|v| v.as_str().ok_or_else(|| bad("crit lists names")))
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(bad("crit is a non-empty list of names")),
    };
    if let Some(unknown) = crit.iter().find(|c| !UNDERSTOOD.contains(c)) {
        return Err(bad(&format!("critical header {unknown} is not understood")));
    }
    let unencoded = match header.get("b64") {
        None | Some(Value::Bool(true)) => false,
        Some(Value::Bool(false)) if crit.contains(&"b64") => true,
        Some(_) => return Err(bad("b64 is a boolean, and listed in crit when false")),
    };
    let payload = if unencoded {
        if serialization == "compact" && sent_payload.contains('.') {
            return Err(bad("an unencoded compact payload cannot hold '.'"));
        }
        sent_payload.as_bytes().to_vec()
    } else {
        URL_SAFE_NO_PAD
            .decode(&sent_payload)
            .map_err(|_| bad("the payload is not base64url"))?
    };
    let chain: Vec<X509> = header
        .get("x5c")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("x5c is missing: a seal carries its certificate"))?
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
    let signed_at = match header.get("sigT") {
        None => None,
        Some(t) => Some(
            t.as_str()
                .and_then(|t| OffsetDateTime::parse(t, &Rfc3339).ok())
                .ok_or_else(|| bad("sigT is not an RFC 3339 time"))?,
        ),
    };
    let signature = URL_SAFE_NO_PAD
        .decode(&signature)
        .map_err(|_| bad("the signature is not base64url"))?;
    let mut signing_input = protected.as_bytes().to_vec();
    signing_input.push(b'.');
    signing_input.extend_from_slice(sent_payload.as_bytes());
    let unprotected = match jws {
        Value::Object(o) => o
            .get("signatures")
            .and_then(|s| s.get(0))
            .unwrap_or(jws)
            .get("header")
            .cloned(),
        _ => None,
    };
    Ok(Opened {
        payload,
        alg: alg.to_owned(),
        chain,
        signed_at,
        unencoded,
        timestamped: header.contains_key("adoTst")
            || unprotected.is_some_and(|h| h.get("etsiU").is_some()),
        serialization,
        signing_input,
        signature,
    })
}

/// Whether `chain` (seal certificate first) leads to one of `anchors`, checked at `at`;
/// `Ok` names the anchor it leads to.
pub fn chain_trusted(
    chain: &[X509],
    anchors: &[X509],
    at: OffsetDateTime,
) -> Result<String, String> {
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
        if !c.verify_cert()? {
            return Ok(Err(c.error().error_string().to_owned()));
        }
        let anchor = c
            .chain()
            .and_then(|chain| chain.iter().last().map(|a| name_text(a.subject_name())))
            .unwrap_or_default();
        Ok(Ok(anchor))
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
    #[serde(serialize_with = "crate::support::clock::utc")]
    pub not_before: OffsetDateTime,
    #[serde(serialize_with = "crate::support::clock::utc")]
    pub not_after: OffsetDateTime,
    pub sha256: String,
}

/// An ASN.1 time as a UTC time (certificates' validity bounds).
fn asn1_time(t: &openssl::asn1::Asn1TimeRef) -> OffsetDateTime {
    openssl::asn1::Asn1Time::from_unix(0)
        .ok()
        .and_then(|epoch| epoch.diff(t).ok())
        .map(|d| {
            OffsetDateTime::UNIX_EPOCH
                + time::Duration::days(i64::from(d.days))
                + time::Duration::seconds(i64::from(d.secs))
        })
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
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
        not_before: asn1_time(cert.not_before()),
        not_after: asn1_time(cert.not_after()),
        sha256: hex::encode(Sha256::digest(der(cert))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::europass::certs::{KeyKind, test_seal};

    fn dev(kind: KeyKind) -> (SealKey, X509) {
        let dev = test_seal("École d'essai", "VATBE-0123456789", kind);
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
    fn an_rsa_seal_can_use_pss() {
        let (key, ca) = dev(KeyKind::Rsa2048);
        let key = key.with_alg("PS256").unwrap();
        let now = OffsetDateTime::now_utc();
        let sealed = seal(b"{\"a\":1}", &key, now).unwrap();
        let opened = open(&sealed).unwrap();
        assert_eq!(opened.alg, "PS256");
        assert!(chain_trusted(&opened.chain, &[ca], now).is_ok());
        assert!(key.with_alg("ES256").is_err());
    }

    #[test]
    fn the_published_example_seal_seals_and_chains_to_its_ca() {
        let key = SealKey::from_pem(
            include_bytes!("../../keys-example/seal-chain.pem"),
            include_bytes!("../../keys-example/seal-key.pem"),
        )
        .unwrap();
        let ca = X509::from_pem(include_bytes!("../../keys-example/seal-ca.pem")).unwrap();
        let now = OffsetDateTime::now_utc();
        let opened = open(&seal(b"{}", &key, now).unwrap()).unwrap();
        assert_eq!(opened.alg, "RS256");
        assert!(chain_trusted(&opened.chain, &[ca], now).is_ok());
        assert_eq!(
            info(&opened.chain[0]).organization_identifier.as_deref(),
            Some("VATBE-0000000000")
        );
    }

    #[test]
    fn a_key_that_is_not_the_certificates_is_refused() {
        let a = test_seal("A", "VATBE-1", KeyKind::EcP256);
        let b = test_seal("B", "VATBE-2", KeyKind::EcP256);
        assert!(SealKey::from_pem(a.chain_pem.as_bytes(), b.key_pem.as_bytes()).is_err());
    }
}
