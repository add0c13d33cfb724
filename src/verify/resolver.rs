//! Resolving a controller DID to its document, offline: did:key from the identifier itself,
//! did:web of this server's own providers from the database.

use serde_json::Value;

use crate::crypto::did;
use crate::keyring::Keyring;
use crate::storage::Store;

#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error("{0} is not a DID this verifier can resolve offline")]
    Unsupported(String),
    #[error("{0} is not a valid DID: {1}")]
    Invalid(String, String),
    #[error("no provider {0} on this server")]
    UnknownProvider(String),
    #[error("storage: {0}")]
    Storage(String),
}

pub enum Resolver {
    /// did:key only (benchmarks, offline tools).
    Offline,
    /// did:key, plus did:web documents of the providers served by this instance.
    Local {
        store: Store,
        keyring: std::sync::Arc<Keyring>,
        public_host: String,
    },
}

impl Resolver {
    pub async fn resolve(&self, controller: &str) -> Result<Value, ResolveError> {
        if controller.starts_with("did:key:") {
            let key = did::resolve_did_key(controller)
                .map_err(|e| ResolveError::Invalid(controller.to_owned(), e.to_string()))?;
            return Ok(did::did_key_document(&key));
        }
        let Self::Local {
            store,
            keyring,
            public_host,
        } = self
        else {
            return Err(ResolveError::Unsupported(controller.to_owned()));
        };
        let Some(url) = did::did_web_document_url(controller) else {
            return Err(ResolveError::Unsupported(controller.to_owned()));
        };
        let prefix = format!("https://{public_host}/providers/");
        let slug = url
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix("/did.json"))
            .filter(|s| !s.contains('/'))
            .ok_or_else(|| ResolveError::Unsupported(controller.to_owned()))?;
        let provider = store
            .provider_by_slug(slug)
            .await
            .map_err(|e| ResolveError::Storage(e.to_string()))?
            .filter(|p| p.did == controller)
            .ok_or_else(|| ResolveError::UnknownProvider(controller.to_owned()))?;
        keyring
            .did_document(store, &provider)
            .await
            .map_err(|e| ResolveError::Storage(e.to_string()))
    }
}
