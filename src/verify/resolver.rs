//! Resolving a controller DID to its document: did:key from the identifier itself, did:web
//! of this server's own providers from the database, other did:web documents over HTTPS
//! (through the shared fetcher: timeout, size limit, cache) when a fetcher is given.

use serde_json::Value;

use crate::crypto::did;
use crate::keyring::Keyring;
use crate::storage::Store;
use crate::support::fetch::Fetcher;

#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error("{0} is not a DID this verifier can resolve offline")]
    Unsupported(String),
    #[error("{0} is not a valid DID: {1}")]
    Invalid(String, String),
    #[error("no provider {0} on this server")]
    UnknownProvider(String),
    #[error("{0}")]
    Fetch(String),
    #[error("the document at {0} is not the DID document of {1}")]
    WrongDocument(String, String),
    #[error("storage: {0}")]
    Storage(String),
}

pub enum Resolver {
    /// did:key only (benchmarks, offline tools).
    Offline,
    /// did:key, and the did:web documents given (a wallet bundle's), by DID.
    Documents(std::collections::HashMap<String, Value>),
    /// did:key, did:web documents of the providers served by this instance, and (with a
    /// fetcher) did:web documents of other servers.
    Local {
        store: Store,
        keyring: std::sync::Arc<Keyring>,
        public_host: String,
        fetcher: Option<std::sync::Arc<Fetcher>>,
    },
}

impl Resolver {
    pub async fn resolve(&self, controller: &str) -> Result<Value, ResolveError> {
        if controller.starts_with("did:key:") {
            let key = did::resolve_did_key(controller)
                .map_err(|e| ResolveError::Invalid(controller.to_owned(), e.to_string()))?;
            return Ok(did::did_key_document(&key));
        }
        if let Self::Documents(docs) = self {
            let doc = docs
                .get(controller)
                .ok_or_else(|| ResolveError::Unsupported(controller.to_owned()))?;
            if doc.get("id").and_then(Value::as_str) != Some(controller) {
                return Err(ResolveError::WrongDocument(
                    "the bundle".into(),
                    controller.to_owned(),
                ));
            }
            return Ok(doc.clone());
        }
        let Self::Local {
            store,
            keyring,
            public_host,
            fetcher,
        } = self
        else {
            return Err(ResolveError::Unsupported(controller.to_owned()));
        };
        let Some(url) = did::did_web_document_url(controller) else {
            return Err(ResolveError::Unsupported(controller.to_owned()));
        };
        let prefix = format!("https://{public_host}/providers/");
        if !url.starts_with(&format!("https://{public_host}/")) {
            let Some(fetcher) = fetcher else {
                return Err(ResolveError::Unsupported(controller.to_owned()));
            };
            let doc = fetcher
                .json(&url, |_| None)
                .await
                .map_err(|e| ResolveError::Fetch(e.to_string()))?;
            if doc.get("id").and_then(Value::as_str) != Some(controller) {
                return Err(ResolveError::WrongDocument(url, controller.to_owned()));
            }
            return Ok(doc);
        }
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
