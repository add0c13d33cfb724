//! Provider identities and signing keys: creation, unsealing (cached in memory) and the
//! public views (DID document, JWKS).

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::VerifyingKey;
use rand::RngCore;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::crypto::did::{self, PublishedKey};
use crate::crypto::keys::{self, KeySealer, SigningKeyPair};
use crate::domain::provider::{DidMethod, NewProvider, Provider, Role};
use crate::error::{ApiError, ApiResult};
use crate::europass::seal::{self, SealKey};
use crate::services::audit;
use crate::storage::{KeyRecord, SealRecord, Store, StoreError, StoreResult, Tx};
use crate::support::clock::Clock;

pub struct Keyring {
    sealer: KeySealer,
    /// Unsealed keys by (provider, key_ref). Which key is active is read from the database on
    /// each use, so a rotation made by another process takes effect here at once.
    signing: RwLock<HashMap<(Uuid, String), Arc<SigningKeyPair>>>,
    /// Unsealed e-seal keys by (provider, certificate SHA-256); the active one is read from
    /// the database on each use, like the signing key.
    seals: RwLock<HashMap<(Uuid, String), Arc<SealKey>>>,
}

/// What a key change did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct KeyChange {
    /// The key that now signs.
    pub active: String,
    /// The key(s) retired by the change.
    pub retired: Vec<String>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keyring(..)")
    }
}

/// API tokens: `uc_` + 256 random bits. Only their SHA-256 is stored: they are random, so a
/// slow password hash would add nothing but latency to every request.
pub fn new_token() -> String {
    format!("uc_{}", random_secret(32))
}

/// `bytes` random bytes from the OS, base64url: the secrets handed out (tokens, learner
/// codes, pre-authorized codes, nonces), of which only a SHA-256 is kept.
pub fn random_secret(bytes: usize) -> String {
    let mut raw = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut raw);
    URL_SAFE_NO_PAD.encode(raw)
}

pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

impl Keyring {
    pub fn new(sealer: KeySealer) -> Self {
        Self {
            sealer,
            signing: RwLock::new(HashMap::new()),
            seals: RwLock::new(HashMap::new()),
        }
    }

    /// Creates a provider with its first key and an admin token, atomically.
    pub async fn create_provider(
        &self,
        store: &Store,
        clock: &dyn Clock,
        public_host: &str,
        input: &NewProvider,
    ) -> StoreResult<(Provider, String)> {
        let id = Uuid::new_v4();
        let now = clock.now();
        let (record, public) = self.new_key(id, now);
        let did = match input.did_method {
            DidMethod::Web => did::did_web(public_host, &input.slug),
            DidMethod::Key => did::did_key(&public),
        };
        let provider = Provider {
            id,
            slug: input.slug.clone(),
            name: input.name.trim().to_owned(),
            country_code: input.country_code.clone(),
            url: input.url.clone(),
            did_method: input.did_method,
            did,
            quality_assurance: input.quality_assurance.clone(),
        };
        let token = new_token();
        let mut tx = store.begin().await?;
        tx.insert_provider(&provider, now).await?;
        tx.insert_key(provider.id, &record).await?;
        let event = audit::Event::new(
            "operator",
            "provider.created",
            provider.id,
            json!({"slug": provider.slug, "did": provider.did, "key_ref": record.key_ref}),
        );
        audit::append(&mut tx, provider.id, now, &[event]).await?;
        tx.insert_token(
            provider.id,
            &token_hash(&token),
            Role::Admin,
            "initial admin token",
            now,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok((provider, token))
    }

    /// The provider's active signing key, unsealed once and then served from memory.
    pub async fn signing_key(
        &self,
        store: &Store,
        provider: &Provider,
    ) -> StoreResult<Arc<SigningKeyPair>> {
        let records = store.keys(provider.id).await?;
        let record = records.iter().rev().find(|k| k.active).ok_or_else(|| {
            StoreError::Corrupt(format!("provider {} has no active key", provider.slug))
        })?;
        let cache_key = (provider.id, record.key_ref.clone());
        if let Some(k) = self
            .signing
            .read()
            .ok()
            .and_then(|m| m.get(&cache_key).cloned())
        {
            return Ok(k);
        }
        let signing = self
            .sealer
            .open(
                &binding(provider.id, &record.key_ref),
                &record.sealed_secret,
            )
            .map_err(|e| {
                StoreError::Corrupt(format!("key {} of {}: {e}", record.key_ref, provider.slug))
            })?;
        let (vm, jwk_vm) = method_ids(provider, &record.key_ref, &signing.verifying_key());
        let pair = Arc::new(SigningKeyPair::new(vm, jwk_vm, signing));
        if let Ok(mut m) = self.signing.write() {
            m.insert(cache_key, pair.clone());
        }
        Ok(pair)
    }

    /// A new key, sealed for `provider_id`, ready to store, with its public half.
    fn new_key(&self, provider_id: Uuid, now: time::OffsetDateTime) -> (KeyRecord, VerifyingKey) {
        let signing = keys::generate();
        let public = signing.verifying_key();
        let key_ref = keys::key_ref(&public);
        let record = KeyRecord {
            id: Uuid::new_v4(),
            sealed_secret: self.sealer.seal(&binding(provider_id, &key_ref), &signing),
            key_ref,
            public_key: public.as_bytes().to_vec(),
            active: true,
            created_at: now,
            retired_at: None,
            compromised_since: None,
            compromise_reason: None,
        };
        (record, public)
    }

    /// Makes a new active key; the previous ones stop signing but stay published, so every
    /// credential they signed still verifies.
    pub async fn rotate(
        &self,
        store: &Store,
        clock: &dyn Clock,
        provider: &Provider,
        actor: &str,
    ) -> ApiResult<KeyChange> {
        rotatable(provider)?;
        let now = clock.now();
        let mut tx = store.begin().await?;
        tx.lock_provider(provider.id).await?;
        let change = self.rotate_in(&mut tx, store, provider, now).await?;
        let event = audit::Event::new(actor, "key.rotated", &change.active, json!(change));
        audit::append(&mut tx, provider.id, now, &[event]).await?;
        tx.commit().await?;
        Ok(change)
    }

    async fn rotate_in(
        &self,
        tx: &mut Tx,
        store: &Store,
        provider: &Provider,
        now: time::OffsetDateTime,
    ) -> ApiResult<KeyChange> {
        let retired = store
            .keys(provider.id)
            .await?
            .into_iter()
            .filter(|k| k.active)
            .map(|k| k.key_ref)
            .collect();
        let (record, _) = self.new_key(provider.id, now);
        tx.retire_active_keys(provider.id, now).await?;
        tx.insert_key(provider.id, &record).await?;
        Ok(KeyChange {
            active: record.key_ref,
            retired,
        })
    }

    /// Marks a key compromised from `since`: it is published with `revoked`, so signatures
    /// made from then on fail verification. If it was the signing key, a new one replaces it
    /// in the same transaction.
    #[allow(clippy::too_many_arguments)]
    pub async fn mark_compromised(
        &self,
        store: &Store,
        clock: &dyn Clock,
        provider: &Provider,
        actor: &str,
        key_ref: &str,
        since: time::OffsetDateTime,
        reason: &str,
    ) -> ApiResult<KeyChange> {
        rotatable(provider)?;
        let now = clock.now();
        let mut tx = store.begin().await?;
        tx.lock_provider(provider.id).await?;
        let keys = store.keys(provider.id).await?;
        let key = keys
            .iter()
            .find(|k| k.key_ref == key_ref)
            .ok_or(ApiError::NotFound("key"))?;
        if !tx
            .mark_key_compromised(provider.id, key_ref, since, reason)
            .await?
        {
            return Err(ApiError::Conflict(
                "key_compromised",
                format!("key {key_ref} is already marked compromised"),
            ));
        }
        let change = if key.active {
            self.rotate_in(&mut tx, store, provider, now).await?
        } else {
            let active = keys
                .iter()
                .rev()
                .find(|k| k.active)
                .map(|k| k.key_ref.clone())
                .unwrap_or_default();
            KeyChange {
                active,
                retired: Vec::new(),
            }
        };
        let event = audit::Event::new(
            actor,
            "key.compromised",
            key_ref,
            json!({"since": crate::support::clock::format_utc(since), "reason": reason, "keys": change}),
        );
        audit::append(&mut tx, provider.id, now, &[event]).await?;
        tx.commit().await?;
        Ok(change)
    }

    pub async fn published_keys(
        &self,
        store: &Store,
        provider: &Provider,
    ) -> StoreResult<Vec<PublishedKey>> {
        store
            .keys(provider.id)
            .await?
            .into_iter()
            .map(|k| {
                let raw: [u8; 32] = k
                    .public_key
                    .as_slice()
                    .try_into()
                    .map_err(|_| StoreError::Corrupt(format!("public key {}", k.key_ref)))?;
                let key = VerifyingKey::from_bytes(&raw)
                    .map_err(|_| StoreError::Corrupt(format!("public key {}", k.key_ref)))?;
                Ok(PublishedKey {
                    key_ref: k.key_ref,
                    key,
                    revoked: k.compromised_since,
                })
            })
            .collect()
    }

    /// The provider's DID document: did:web built from its keys, did:key expanded.
    pub async fn did_document(&self, store: &Store, provider: &Provider) -> StoreResult<Value> {
        let keys = self.published_keys(store, provider).await?;
        Ok(match provider.did_method {
            DidMethod::Web => did::web_document(&provider.did, &keys),
            DidMethod::Key => match keys.first() {
                Some(k) => did::did_key_document(&k.key),
                None => return Err(StoreError::Corrupt("did:key provider without key".into())),
            },
        })
    }

    pub async fn jwks(&self, store: &Store, provider: &Provider) -> StoreResult<Value> {
        let keys = self.published_keys(store, provider).await?;
        let list: Vec<Value> = keys
            .iter()
            .map(|k| {
                let mut jwk = keys::public_jwk(&k.key);
                jwk["kid"] = Value::String(method_ids(provider, &k.key_ref, &k.key).1);
                jwk["use"] = Value::String("sig".into());
                jwk
            })
            .collect();
        Ok(json!({ "keys": list }))
    }
}

impl Keyring {
    /// Installs an e-seal (certificate chain and key from the operator) as the provider's
    /// active seal; the previous one is retired and kept. The key is stored sealed under the
    /// master key. The certificate must be valid now and name the organisation's eIDAS
    /// identifier (`organizationIdentifier`), which every EDC's issuer then carries.
    pub async fn install_seal(
        &self,
        store: &Store,
        clock: &dyn Clock,
        provider: &Provider,
        actor: &str,
        key: SealKey,
    ) -> ApiResult<SealRecord> {
        let invalid = |m: String| {
            ApiError::Validation(crate::domain::ValidationErrors::single("certificate", m))
        };
        let now = clock.now();
        let cert = key
            .chain
            .first()
            .ok_or_else(|| invalid("the certificate chain is empty".into()))?;
        let info = seal::info(cert);
        let organization_identifier = info.organization_identifier.clone().ok_or_else(|| {
            invalid(
                "the seal certificate names no organizationIdentifier (2.5.4.97), the eIDAS \
                 identifier an EDC's issuer must carry"
                    .into(),
            )
        })?;
        if info.not_after < now || info.not_before > now {
            return Err(invalid(format!(
                "the seal certificate is valid from {} to {}, not now",
                crate::support::clock::format_utc(info.not_before),
                crate::support::clock::format_utc(info.not_after)
            )));
        }
        let record = SealRecord {
            id: Uuid::now_v7(),
            sha256: info.sha256.clone(),
            alg: key.alg.to_owned(),
            chain_pem: key.chain_pem().map_err(|e| invalid(e.to_string()))?,
            sealed_key: self
                .sealer
                .seal_secret(&seal_binding(provider.id, &info.sha256), &key.key_pem),
            organization_identifier,
            subject: info.subject.clone(),
            not_before: info.not_before,
            not_after: info.not_after,
            active: true,
            created_at: now,
            retired_at: None,
        };
        let mut tx = store.begin().await?;
        tx.lock_provider(provider.id).await?;
        let changed = tx.install_seal(provider.id, &record).await?;
        if changed {
            let event = audit::Event::new(
                actor,
                "seal.installed",
                &info.sha256,
                json!({"subject": info.subject, "issuer": info.issuer, "alg": record.alg,
                       "organization_identifier": record.organization_identifier,
                       "not_after": crate::support::clock::format_utc(info.not_after)}),
            );
            audit::append(&mut tx, provider.id, now, &[event]).await?;
        }
        tx.commit().await?;
        Ok(store.active_seal(provider.id).await?.unwrap_or(record))
    }

    /// The provider's active e-seal, unsealed once and then served from memory; `None` when
    /// the operator has installed none.
    pub async fn seal_key(
        &self,
        store: &Store,
        provider: &Provider,
    ) -> StoreResult<Option<Arc<SealKey>>> {
        let Some(record) = store.active_seal(provider.id).await? else {
            return Ok(None);
        };
        let cache_key = (provider.id, record.sha256.clone());
        if let Some(k) = self
            .seals
            .read()
            .ok()
            .and_then(|m| m.get(&cache_key).cloned())
        {
            return Ok(Some(k));
        }
        let corrupt = |e: String| StoreError::Corrupt(format!("seal {}: {e}", record.sha256));
        let key_pem = self
            .sealer
            .open_secret(
                &seal_binding(provider.id, &record.sha256),
                &record.sealed_key,
            )
            .map_err(|e| corrupt(e.to_string()))?;
        let key = SealKey::from_pem(record.chain_pem.as_bytes(), &key_pem)
            .and_then(|k| k.with_alg(&record.alg))
            .map_err(|e| corrupt(e.to_string()))?;
        let key = Arc::new(key);
        if let Ok(mut m) = self.seals.write() {
            m.insert(cache_key, key.clone());
        }
        Ok(Some(key))
    }
}

/// Associated data for a sealed e-seal key: it only opens for its provider and certificate.
fn seal_binding(provider_id: Uuid, sha256: &str) -> String {
    format!("{provider_id}/seal/{sha256}")
}

/// A did:key provider's identifier is its key: it cannot change keys, only be replaced.
fn rotatable(provider: &Provider) -> ApiResult<()> {
    if provider.did_method == DidMethod::Key {
        return Err(ApiError::Conflict(
            "did_key_fixed",
            "a did:key identifier is its key and cannot rotate; create a did:web provider".into(),
        ));
    }
    Ok(())
}

/// Associated data for sealing: a sealed key only opens for the provider and key it was made for.
fn binding(provider_id: Uuid, key_ref: &str) -> String {
    format!("{provider_id}/{key_ref}")
}

/// (Data Integrity method id, JOSE kid) of one key.
pub fn method_ids(provider: &Provider, key_ref: &str, key: &VerifyingKey) -> (String, String) {
    match provider.did_method {
        DidMethod::Web => (
            format!("{}#{}", provider.did, did::multikey_fragment(key_ref)),
            format!("{}#{}", provider.did, did::jwk_fragment(key_ref)),
        ),
        DidMethod::Key => (did::did_key_vm(key), did::did_key_vm(key)),
    }
}
