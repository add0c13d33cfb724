//! Resolving a controller DID to its document: did:key from the identifier itself, did:web
//! from the documents a wallet bundle carries or from a [`WebDocuments`] source (the server:
//! its own providers from the database, other servers over HTTPS).

use serde_json::Value;

use crate::crypto::did;

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

/// Where did:web documents come from, for a verifier that may go beyond did:key: this
/// server's own providers and (through a fetcher) other servers, which the server layer
/// provides.
pub trait WebDocuments: Send + Sync {
    fn web_document<'a>(
        &'a self,
        did: &'a str,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Value, ResolveError>> + Send + 'a>>;
}

pub enum Resolver {
    /// did:key only (benchmarks, offline tools).
    Offline,
    /// did:key, and the did:web documents given (a wallet bundle's), by DID.
    Documents(std::collections::HashMap<String, Value>),
    /// did:key, and did:web documents from a source (the server's).
    Web(std::sync::Arc<dyn WebDocuments>),
}

impl Resolver {
    pub async fn resolve(&self, controller: &str) -> Result<Value, ResolveError> {
        if controller.starts_with("did:key:") {
            let key = did::resolve_did_key(controller)
                .map_err(|e| ResolveError::Invalid(controller.to_owned(), e.to_string()))?;
            return Ok(did::did_key_document(&key));
        }
        match self {
            Self::Offline => Err(ResolveError::Unsupported(controller.to_owned())),
            Self::Documents(docs) => {
                let doc = docs
                    .get(controller)
                    .ok_or_else(|| ResolveError::Unsupported(controller.to_owned()))?;
                if doc.get("id").and_then(Value::as_str) != Some(controller) {
                    return Err(ResolveError::WrongDocument(
                        "the bundle".into(),
                        controller.to_owned(),
                    ));
                }
                Ok(doc.clone())
            }
            Self::Web(source) => source.web_document(controller).await,
        }
    }
}
