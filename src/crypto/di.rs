//! Data Integrity proofs with the EdDSA cryptosuites (`eddsa-rdfc-2022`, `eddsa-jcs-2022`).
//!
//! Both suites sign `SHA-256(canonical proof config) ‖ SHA-256(canonical document)` (64 bytes,
//! proof hash first) with pure Ed25519, and encode the signature as multibase base58btc.
//! The only difference is the canonicalization: RDFC-1.0 over the JSON-LD graph, or JCS over
//! the JSON text (VC DI EdDSA §3.2 and §3.3).

use ed25519_dalek::{Signature, VerifyingKey};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use super::keys::SigningKeyPair;
use crate::jsonld::{self, ContextLoader, JsonLdError};
use crate::support::clock::format_utc;
use crate::support::jcs;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Cryptosuite {
    #[serde(rename = "eddsa-rdfc-2022")]
    EddsaRdfc2022,
    #[serde(rename = "eddsa-jcs-2022")]
    EddsaJcs2022,
}

impl Cryptosuite {
    pub fn name(self) -> &'static str {
        match self {
            Self::EddsaRdfc2022 => "eddsa-rdfc-2022",
            Self::EddsaJcs2022 => "eddsa-jcs-2022",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "eddsa-rdfc-2022" => Some(Self::EddsaRdfc2022),
            "eddsa-jcs-2022" => Some(Self::EddsaJcs2022),
            _ => None,
        }
    }
}

/// Why a proof could not be created or checked. `Signature` is the only "checked and found
/// invalid" outcome; every other variant means the input was not a proof we can verify.
#[derive(Debug, thiserror::Error)]
pub enum DiError {
    #[error("the document must be a JSON object")]
    NotAnObject,
    #[error("the document has no proof")]
    NoProof,
    #[error("malformed proof: {0}")]
    MalformedProof(String),
    #[error("unsupported proof: {0}")]
    Unsupported(String),
    #[error("canonicalization failed: {0}")]
    Canonicalization(#[from] JsonLdError),
    #[error("JCS canonicalization failed: {0}")]
    Jcs(#[from] jcs::JcsError),
    #[error("the signature does not match the document and key")]
    Signature,
}

pub struct ProofOptions<'a> {
    pub suite: Cryptosuite,
    pub verification_method: &'a str,
    pub created: OffsetDateTime,
    pub proof_purpose: &'a str,
}

/// Signs `document` (an unsecured credential) and returns it with a `proof` array appended.
/// Open Badges 3.0 models `proof` as an array, which VC DI also allows.
pub fn add_proof(
    document: &Value,
    options: &ProofOptions<'_>,
    key: &SigningKeyPair,
    loader: &ContextLoader,
) -> Result<Value, DiError> {
    secure(document, options, &[], key, loader)
}

/// `add_proof` for a presentation: the proof (purpose `authentication`) carries the
/// verifier's `challenge` and, when it gave one, its `domain`, both covered by the signature.
pub fn add_presentation_proof(
    document: &Value,
    options: &ProofOptions<'_>,
    challenge: &str,
    domain: Option<&str>,
    key: &SigningKeyPair,
    loader: &ContextLoader,
) -> Result<Value, DiError> {
    let mut bound = vec![("challenge", challenge)];
    bound.extend(domain.map(|d| ("domain", d)));
    secure(document, options, &bound, key, loader)
}

fn secure(
    document: &Value,
    options: &ProofOptions<'_>,
    extra: &[(&str, &str)],
    key: &SigningKeyPair,
    loader: &ContextLoader,
) -> Result<Value, DiError> {
    let doc = document.as_object().ok_or(DiError::NotAnObject)?;
    if doc.contains_key("proof") {
        return Err(DiError::MalformedProof(
            "document already carries a proof".into(),
        ));
    }
    let mut proof = Map::new();
    proof.insert("type".into(), "DataIntegrityProof".into());
    proof.insert("cryptosuite".into(), options.suite.name().into());
    proof.insert("created".into(), format_utc(options.created).into());
    proof.insert(
        "verificationMethod".into(),
        options.verification_method.into(),
    );
    proof.insert("proofPurpose".into(), options.proof_purpose.into());
    for (name, value) in extra {
        proof.insert((*name).into(), (*value).into());
    }
    if options.suite == Cryptosuite::EddsaJcs2022
        && let Some(ctx) = doc.get("@context")
    {
        proof.insert("@context".into(), ctx.clone());
    }
    // The document is already unsecured: canonicalize it in place, without a copy.
    let hash = hash_data(document, &proof, options.suite, loader)?;
    let signature = key.sign(&hash);
    proof.insert("proofValue".into(), encode_proof_value(&signature).into());
    let mut secured = doc.clone();
    secured.insert("proof".into(), Value::Array(vec![Value::Object(proof)]));
    Ok(Value::Object(secured))
}

pub fn encode_proof_value(signature: &Signature) -> String {
    format!("z{}", bs58::encode(signature.to_bytes()).into_string())
}

/// The 64-byte message both suites sign: proof-config hash first, then the document hash.
pub fn hash_data(
    document_without_proof: &Value,
    proof_options: &Map<String, Value>,
    suite: Cryptosuite,
    loader: &ContextLoader,
) -> Result<[u8; 64], DiError> {
    let mut config = proof_options.clone();
    config.remove("proofValue");
    let (config_canon, doc_canon) = match suite {
        Cryptosuite::EddsaRdfc2022 => {
            // RDFC: the proof config is interpreted under the document's @context (§3.3.5).
            config.remove("@context");
            if let Some(ctx) = document_without_proof.get("@context") {
                config.insert("@context".into(), ctx.clone());
            }
            let config = Value::Object(config);
            (
                jsonld::canonicalize(&config, loader)?,
                jsonld::canonicalize(document_without_proof, loader)?,
            )
        }
        Cryptosuite::EddsaJcs2022 => {
            let config = Value::Object(config);
            (
                jcs::canonicalize(&config)?,
                jcs::canonicalize(document_without_proof)?,
            )
        }
    };
    let mut out = [0u8; 64];
    out[..32].copy_from_slice(&Sha256::digest(config_canon.as_bytes()));
    out[32..].copy_from_slice(&Sha256::digest(doc_canon.as_bytes()));
    Ok(out)
}

/// A proof split from its document, with the fields a verifier needs already validated.
#[derive(Debug, Clone)]
pub struct ParsedProof {
    pub suite: Cryptosuite,
    pub verification_method: String,
    pub proof_purpose: String,
    pub created: Option<OffsetDateTime>,
    pub signature: Signature,
    pub options: Map<String, Value>,
}

/// A document without its proofs, and the proofs.
pub type Split = (Value, Vec<Map<String, Value>>);

/// Splits a secured document into the unsecured document and its proofs (one object or a set).
pub fn split_proofs(document: &Value) -> Result<Split, DiError> {
    let mut doc = document.as_object().ok_or(DiError::NotAnObject)?.clone();
    let proofs = match doc.remove("proof") {
        None => return Err(DiError::NoProof),
        Some(Value::Object(p)) => vec![p],
        Some(Value::Array(items)) if !items.is_empty() => items
            .into_iter()
            .map(|p| match p {
                Value::Object(p) => Ok(p),
                _ => Err(DiError::MalformedProof(
                    "each proof must be an object".into(),
                )),
            })
            .collect::<Result<_, _>>()?,
        Some(_) => {
            return Err(DiError::MalformedProof(
                "proof must be an object or a non-empty array".into(),
            ));
        }
    };
    Ok((Value::Object(doc), proofs))
}

pub fn parse_proof(proof: &Map<String, Value>) -> Result<ParsedProof, DiError> {
    let text = |name: &str| -> Result<&str, DiError> {
        proof.get(name).and_then(Value::as_str).ok_or_else(|| {
            DiError::MalformedProof(format!("proof.{name} is missing or not a string"))
        })
    };
    let kind = text("type")?;
    if kind != "DataIntegrityProof" {
        return Err(DiError::Unsupported(format!("proof type {kind}")));
    }
    let suite_name = text("cryptosuite")?;
    let suite = Cryptosuite::parse(suite_name)
        .ok_or_else(|| DiError::Unsupported(format!("cryptosuite {suite_name}")))?;
    let verification_method = text("verificationMethod")?.to_owned();
    let proof_purpose = text("proofPurpose")?.to_owned();
    let created = match proof.get("created") {
        None => None,
        Some(v) => Some(
            v.as_str()
                .and_then(crate::support::clock::parse_datetime)
                .ok_or_else(|| {
                    DiError::MalformedProof("proof.created is not a dateTimeStamp".into())
                })?,
        ),
    };
    let value = text("proofValue")?;
    let encoded = value.strip_prefix('z').ok_or_else(|| {
        DiError::MalformedProof("proofValue must be multibase base58btc ('z')".into())
    })?;
    let bytes = bs58::decode(encoded)
        .into_vec()
        .map_err(|_| DiError::MalformedProof("proofValue is not base58btc".into()))?;
    let raw: [u8; 64] = bytes
        .try_into()
        .map_err(|_| DiError::MalformedProof("proofValue is not a 64-byte signature".into()))?;
    Ok(ParsedProof {
        suite,
        verification_method,
        proof_purpose,
        created,
        signature: Signature::from_bytes(&raw),
        options: proof.clone(),
    })
}

/// For a proof with `previousProof` (a proof chain, VC DI §4.2): the document it signed, which
/// carries the earlier proofs it names as its `proof`. `None` for a proof outside any chain.
pub fn chained_document(
    document_without_proof: &Value,
    proof: &Map<String, Value>,
    all: &[Map<String, Value>],
) -> Result<Option<Value>, DiError> {
    let names: Vec<&str> = match proof.get("previousProof") {
        None => return Ok(None),
        Some(Value::String(id)) => vec![id.as_str()],
        Some(Value::Array(ids)) => ids.iter().filter_map(Value::as_str).collect(),
        Some(_) => {
            return Err(DiError::MalformedProof(
                "previousProof must be a proof id or a list of them".into(),
            ));
        }
    };
    let mut earlier = Vec::with_capacity(names.len());
    for name in names {
        let found = all
            .iter()
            .find(|p| p.get("id").and_then(Value::as_str) == Some(name))
            .ok_or_else(|| {
                DiError::MalformedProof(format!("previousProof {name} is not in the proof set"))
            })?;
        earlier.push(Value::Object(found.clone()));
    }
    let mut doc = document_without_proof
        .as_object()
        .ok_or(DiError::NotAnObject)?
        .clone();
    doc.insert("proof".into(), Value::Array(earlier));
    Ok(Some(Value::Object(doc)))
}

/// Checks one proof over `document_without_proof` with an already resolved key.
pub fn verify_proof(
    document_without_proof: &Value,
    proof: &ParsedProof,
    key: &VerifyingKey,
    loader: &ContextLoader,
) -> Result<(), DiError> {
    if proof.suite == Cryptosuite::EddsaJcs2022 {
        // §3.3.2: a proof @context must be a prefix of the document's @context.
        if let Some(proof_ctx) = proof.options.get("@context") {
            let as_list = |v: Option<&Value>| match v {
                Some(Value::Array(a)) => a.clone(),
                Some(other) => vec![other.clone()],
                None => Vec::new(),
            };
            let doc_ctx = as_list(document_without_proof.get("@context"));
            let p_ctx = as_list(Some(proof_ctx));
            if p_ctx.len() > doc_ctx.len() || doc_ctx[..p_ctx.len()] != p_ctx[..] {
                return Err(DiError::MalformedProof(
                    "proof @context is not a prefix of the document's".into(),
                ));
            }
        }
    }
    let hash = hash_data(document_without_proof, &proof.options, proof.suite, loader)?;
    key.verify_strict(&hash, &proof.signature)
        .map_err(|_| DiError::Signature)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::keys;
    use ed25519_dalek::SigningKey;

    fn vector(path: &str) -> String {
        std::fs::read_to_string(format!(
            "{}/tests/vectors/w3c-vc-di-eddsa/{path}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("vector file")
    }

    fn examples_loader() -> ContextLoader {
        // The vectors use the W3C examples context, which is not shipped: tests register it.
        ContextLoader::with_extra(vec![(
            "https://www.w3.org/ns/credentials/examples/v2".to_owned(),
            serde_json::json!({"@context": {"@vocab": "https://www.w3.org/ns/credentials/examples#"}}),
        )])
    }

    fn vector_key() -> SigningKeyPair {
        // keyPair.json: privateKeyMultibase = z3u2… = 0x8026 ‖ 32-byte seed.
        let private = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq";
        let bytes = bs58::decode(&private[1..]).into_vec().expect("base58");
        assert_eq!(&bytes[..2], &[0x80, 0x26]);
        let seed: [u8; 32] = bytes[2..].try_into().expect("32 bytes");
        let signing = SigningKey::from_bytes(&seed);
        let mb = keys::multikey(&signing.verifying_key());
        assert_eq!(mb, "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2");
        SigningKeyPair::new(
            format!("did:key:{mb}#{mb}"),
            format!("did:key:{mb}#{mb}"),
            signing,
        )
    }

    fn check_vector(dir: &str, suffix: &str, loader: &ContextLoader) {
        let signed: Value =
            serde_json::from_str(&vector(&format!("{dir}/signed{suffix}.json"))).expect("json");
        let (doc, proofs) = split_proofs(&signed).expect("split");
        let proof = parse_proof(&proofs[0]).expect("proof parses");
        let hash = hash_data(&doc, &proof.options, proof.suite, loader).expect("hash");
        assert_eq!(
            hex::encode(hash),
            vector(&format!("{dir}/combinedHash{suffix}.txt")).trim()
        );
        let key = vector_key();
        // Ed25519 is deterministic: re-signing must reproduce the vector's signature exactly.
        let sig = key.sign(&hash);
        assert_eq!(
            hex::encode(sig.to_bytes()),
            vector(&format!("{dir}/sigHex{suffix}.txt")).trim()
        );
        assert_eq!(
            encode_proof_value(&sig),
            vector(&format!("{dir}/sigBTC58{suffix}.txt")).trim()
        );
        verify_proof(&doc, &proof, &key.verifying_key(), loader).expect("vector verifies");

        let mut tampered = doc.clone();
        tampered["name"] = "Tampered".into();
        assert!(matches!(
            verify_proof(&tampered, &proof, &key.verifying_key(), loader),
            Err(DiError::Signature)
        ));
    }

    #[test]
    fn w3c_eddsa_rdfc_2022_vector() {
        check_vector("eddsa-rdfc-2022", "DataInt", &examples_loader());
    }

    #[test]
    fn w3c_eddsa_jcs_2022_vector() {
        check_vector("eddsa-jcs-2022", "JCS", &examples_loader());
    }

    #[test]
    fn add_proof_round_trips_for_both_suites() {
        let key = vector_key();
        let loader = examples_loader();
        let signed: Value =
            serde_json::from_str(&vector("eddsa-rdfc-2022/signedDataInt.json")).expect("json");
        let (doc, _) = split_proofs(&signed).expect("split");
        for suite in [Cryptosuite::EddsaRdfc2022, Cryptosuite::EddsaJcs2022] {
            let options = ProofOptions {
                suite,
                verification_method: key.vm_id(),
                created: time::macros::datetime!(2023-02-24 23:36:38 UTC),
                proof_purpose: "assertionMethod",
            };
            let secured = add_proof(&doc, &options, &key, &loader).expect("signs");
            let (d, proofs) = split_proofs(&secured).expect("split");
            let proof = parse_proof(&proofs[0]).expect("parse");
            verify_proof(&d, &proof, &key.verifying_key(), &loader).expect("verifies");
        }
    }

    #[test]
    fn malformed_proof_values_are_rejected() {
        let mut proof = Map::new();
        proof.insert("type".into(), "DataIntegrityProof".into());
        proof.insert("cryptosuite".into(), "eddsa-rdfc-2022".into());
        proof.insert("verificationMethod".into(), "did:key:z#z".into());
        proof.insert("proofPurpose".into(), "assertionMethod".into());
        for bad in ["", "u123", "z0OIl", "z2YwC8"] {
            proof.insert("proofValue".into(), bad.into());
            assert!(
                matches!(parse_proof(&proof), Err(DiError::MalformedProof(_))),
                "{bad}"
            );
        }
        proof.insert("cryptosuite".into(), "ecdsa-rdfc-2019".into());
        assert!(matches!(parse_proof(&proof), Err(DiError::Unsupported(_))));
    }

    /// A proof chain (VC DI §4.2): the second proof signs the document with the first.
    #[test]
    fn a_chained_proof_verifies_over_the_proofs_it_names() {
        let key = vector_key();
        let loader = ContextLoader::pinned();
        let doc = serde_json::json!({"@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"], "issuer": "did:example:1",
            "credentialSubject": {"name": "A"}});
        let sign = |options: Map<String, Value>, over: &Value| {
            let hash = hash_data(over, &options, Cryptosuite::EddsaRdfc2022, loader).unwrap();
            let mut proof = options;
            proof.insert(
                "proofValue".into(),
                encode_proof_value(&key.sign(&hash)).into(),
            );
            proof
        };
        let base = |id: &str| {
            let mut p = Map::new();
            p.insert("id".into(), id.into());
            p.insert("type".into(), "DataIntegrityProof".into());
            p.insert("cryptosuite".into(), "eddsa-rdfc-2022".into());
            p.insert("created".into(), "2026-01-01T00:00:00Z".into());
            p.insert("verificationMethod".into(), key.vm_id().into());
            p.insert("proofPurpose".into(), "assertionMethod".into());
            p
        };
        let first = sign(base("urn:uuid:first"), &doc);
        let mut second = base("urn:uuid:second");
        second.insert("previousProof".into(), "urn:uuid:first".into());
        let mut with_first = doc.as_object().unwrap().clone();
        with_first.insert(
            "proof".into(),
            Value::Array(vec![Value::Object(first.clone())]),
        );
        let second = sign(second, &Value::Object(with_first));
        let all = vec![first.clone(), second.clone()];
        let verifying = key.verifying_key();
        for proof in &all {
            let chained = chained_document(&doc, proof, &all).unwrap();
            let parsed = parse_proof(proof).unwrap();
            verify_proof(
                chained.as_ref().unwrap_or(&doc),
                &parsed,
                &verifying,
                loader,
            )
            .unwrap();
        }
        // Over the bare document, the chained proof does not verify; a missing link is refused.
        let parsed = parse_proof(&second).unwrap();
        assert!(matches!(
            verify_proof(&doc, &parsed, &verifying, loader),
            Err(DiError::Signature)
        ));
        assert!(chained_document(&doc, &second, std::slice::from_ref(&second)).is_err());
    }
}
