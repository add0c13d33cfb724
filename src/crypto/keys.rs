//! Ed25519 key material: multikey / JWK encodings, and sealing of private keys at rest.
//!
//! A private key exists in clear only inside a [`SigningKeyPair`] in memory; its `Debug` prints
//! the verification method id and nothing else. On disk and in the database it is sealed with
//! XChaCha20-Poly1305 under the operator's master key, bound to the key's id as associated data
//! so a sealed blob cannot be swapped onto another key record.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use rand::RngCore;
use rand::rngs::OsRng;
use serde_json::{Value, json};
use zeroize::Zeroizing;

/// Multicodec header of an Ed25519 public key (`ed01`), per Controlled Identifiers §2.2.2.
const ED25519_PUB_HEADER: [u8; 2] = [0xed, 0x01];

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeyError {
    #[error("not a base58btc multibase value")]
    NotMultibase,
    #[error("not an Ed25519 multikey (expected the 0xed01 header and 32 bytes)")]
    NotEd25519,
    #[error("the public key is not a valid Ed25519 point")]
    InvalidPoint,
    #[error("JWK is not an Ed25519 OKP public key")]
    InvalidJwk,
    #[error("sealed key cannot be opened with this master key")]
    Unseal,
    #[error("master key must be 32 bytes, base64url or hex encoded")]
    MasterKey,
}

/// A provider's signing key together with the verification method id that names it.
pub struct SigningKeyPair {
    vm_id: String,
    jwk_vm_id: String,
    signing: SigningKey,
}

impl std::fmt::Debug for SigningKeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKeyPair")
            .field("vm_id", &self.vm_id)
            .finish_non_exhaustive()
    }
}

impl SigningKeyPair {
    pub fn new(vm_id: String, jwk_vm_id: String, signing: SigningKey) -> Self {
        Self {
            vm_id,
            jwk_vm_id,
            signing,
        }
    }

    /// Verification method used in Data Integrity proofs (a `Multikey`).
    pub fn vm_id(&self) -> &str {
        &self.vm_id
    }

    /// Verification method used as the JOSE `kid` (a `JsonWebKey`).
    pub fn jwk_vm_id(&self) -> &str {
        &self.jwk_vm_id
    }

    pub fn verifying_key(&self) -> VerifyingKey {
        self.signing.verifying_key()
    }

    pub fn sign(&self, message: &[u8]) -> Signature {
        self.signing.sign(message)
    }

    pub fn signing_key(&self) -> &SigningKey {
        &self.signing
    }
}

pub fn generate() -> SigningKey {
    SigningKey::generate(&mut OsRng)
}

/// `z` + base58btc(0xed01 ‖ key): always starts with `z6Mk`.
pub fn multikey(key: &VerifyingKey) -> String {
    let mut bytes = Vec::with_capacity(34);
    bytes.extend_from_slice(&ED25519_PUB_HEADER);
    bytes.extend_from_slice(key.as_bytes());
    format!("z{}", bs58::encode(bytes).into_string())
}

pub fn parse_multikey(value: &str) -> Result<VerifyingKey, KeyError> {
    let encoded = value.strip_prefix('z').ok_or(KeyError::NotMultibase)?;
    let bytes = bs58::decode(encoded)
        .into_vec()
        .map_err(|_| KeyError::NotMultibase)?;
    if bytes.len() != 34 || bytes[..2] != ED25519_PUB_HEADER {
        return Err(KeyError::NotEd25519);
    }
    let mut raw = [0u8; 32];
    raw.copy_from_slice(&bytes[2..]);
    VerifyingKey::from_bytes(&raw).map_err(|_| KeyError::InvalidPoint)
}

/// Public JWK (RFC 8037). Never carries `d`.
pub fn public_jwk(key: &VerifyingKey) -> Value {
    json!({"kty": "OKP", "crv": "Ed25519", "x": URL_SAFE_NO_PAD.encode(key.as_bytes()), "alg": "EdDSA"})
}

pub fn parse_public_jwk(jwk: &Value) -> Result<VerifyingKey, KeyError> {
    let obj = jwk.as_object().ok_or(KeyError::InvalidJwk)?;
    // A JWK with a private member is refused outright: it should never have been published.
    if obj.get("kty").and_then(Value::as_str) != Some("OKP")
        || obj.get("crv").and_then(Value::as_str) != Some("Ed25519")
        || obj.contains_key("d")
    {
        return Err(KeyError::InvalidJwk);
    }
    if let Some(alg) = obj.get("alg")
        && alg.as_str() != Some("EdDSA")
    {
        return Err(KeyError::InvalidJwk);
    }
    let x = obj
        .get("x")
        .and_then(Value::as_str)
        .ok_or(KeyError::InvalidJwk)?;
    let bytes = URL_SAFE_NO_PAD
        .decode(x)
        .map_err(|_| KeyError::InvalidJwk)?;
    let raw: [u8; 32] = bytes.try_into().map_err(|_| KeyError::InvalidJwk)?;
    VerifyingKey::from_bytes(&raw).map_err(|_| KeyError::InvalidPoint)
}

/// A short, stable fragment suffix for a key: the first 8 hex digits of SHA-256(public key).
pub fn key_ref(key: &VerifyingKey) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(&Sha256::digest(key.as_bytes())[..4])
}

/// Seals private keys under the operator's 32-byte master key.
#[derive(Clone)]
pub struct KeySealer {
    cipher: XChaCha20Poly1305,
}

impl std::fmt::Debug for KeySealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeySealer(..)")
    }
}

impl KeySealer {
    pub fn new(master: &[u8; 32]) -> Self {
        Self {
            cipher: XChaCha20Poly1305::new(master.into()),
        }
    }

    /// Accepts 32 bytes as 64 hex digits or unpadded base64url (43 characters).
    pub fn from_encoded(encoded: &str) -> Result<Self, KeyError> {
        let encoded = encoded.trim();
        let bytes = Zeroizing::new(if encoded.len() == 64 {
            hex::decode(encoded).map_err(|_| KeyError::MasterKey)?
        } else {
            URL_SAFE_NO_PAD
                .decode(encoded)
                .map_err(|_| KeyError::MasterKey)?
        });
        let raw: &[u8; 32] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| KeyError::MasterKey)?;
        Ok(Self::new(raw))
    }

    pub fn generate_encoded() -> String {
        let mut raw = Zeroizing::new([0u8; 32]);
        OsRng.fill_bytes(raw.as_mut());
        URL_SAFE_NO_PAD.encode(raw.as_ref())
    }

    /// nonce (24 bytes) ‖ ciphertext+tag; `binding` is authenticated, not stored.
    pub fn seal(&self, binding: &str, key: &SigningKey) -> Vec<u8> {
        let secret = Zeroizing::new(key.to_bytes());
        self.seal_secret(binding, secret.as_ref())
    }

    /// Seals any secret (an e-seal's PKCS#8 private key), the same way as a signing key.
    pub fn seal_secret(&self, binding: &str, secret: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; 24];
        OsRng.fill_bytes(&mut nonce);
        let payload = Payload {
            msg: secret,
            aad: binding.as_bytes(),
        };
        let ciphertext = self
            .cipher
            .encrypt(XNonce::from_slice(&nonce), payload)
            .unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ciphertext);
        out
    }

    pub fn open_secret(
        &self,
        binding: &str,
        sealed: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        if sealed.len() < 24 + 16 {
            return Err(KeyError::Unseal);
        }
        let (nonce, ciphertext) = sealed.split_at(24);
        let payload = Payload {
            msg: ciphertext,
            aad: binding.as_bytes(),
        };
        Ok(Zeroizing::new(
            self.cipher
                .decrypt(XNonce::from_slice(nonce), payload)
                .map_err(|_| KeyError::Unseal)?,
        ))
    }

    pub fn open(&self, binding: &str, sealed: &[u8]) -> Result<SigningKey, KeyError> {
        let plain = self.open_secret(binding, sealed)?;
        let raw: &[u8; 32] = plain.as_slice().try_into().map_err(|_| KeyError::Unseal)?;
        Ok(SigningKey::from_bytes(raw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn w3c_keypair_vector_round_trips() {
        // shared/standards/w3c-vc-di-eddsa/TestVectors/keyPair.json
        let public = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
        let key = parse_multikey(public).expect("vector key parses");
        assert_eq!(multikey(&key), public);
        let jwk = public_jwk(&key);
        assert_eq!(parse_public_jwk(&jwk), Ok(key));
    }

    #[test]
    fn rejects_other_multicodecs_and_private_jwks() {
        // A secp256k1 multikey (0xe701) must not be taken for Ed25519.
        assert_eq!(
            parse_multikey("zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme"),
            Err(KeyError::NotEd25519)
        );
        let key = generate();
        let mut jwk = public_jwk(&key.verifying_key());
        jwk["d"] = Value::String("secret".into());
        assert_eq!(parse_public_jwk(&jwk), Err(KeyError::InvalidJwk));
    }

    #[test]
    fn sealed_keys_open_only_with_the_same_binding_and_master() {
        let sealer = KeySealer::new(&[7u8; 32]);
        let key = generate();
        let sealed = sealer.seal("kid-1", &key);
        assert!(!sealed.windows(32).any(|w| w == key.to_bytes()));
        assert_eq!(
            sealer.open("kid-1", &sealed).map(|k| k.to_bytes()),
            Ok(key.to_bytes())
        );
        assert!(sealer.open("kid-2", &sealed).is_err());
        assert!(KeySealer::new(&[8u8; 32]).open("kid-1", &sealed).is_err());
    }
}
