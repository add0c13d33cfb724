//! The server's verifier: keys from this server or fetched (did:web) or derived (did:key),
//! status lists from the database or fetched, and the trust registry as it stands. Every
//! server-side verification (the public endpoint, bundles, recognitions) goes through it.

use crate::error::ApiResult;
use crate::services::Services;
use crate::services::status::ServerStatusSource;
use crate::services::trust::ServerTrust;
use serde_json::Value;

use crate::crypto::did;
use crate::verify::resolver::{ResolveError, WebDocuments};
use crate::verify::{Resolver, Verifier};

/// Keys as this server finds them: did:key derived, its own providers' did:web documents
/// from the database, other did:web documents fetched.
pub fn resolver(state: &Services) -> Resolver {
    Resolver::Web(std::sync::Arc::new(ServerDids {
        store: state.store.clone(),
        keyring: state.keyring.clone(),
        public_host: state.settings.public_host().to_owned(),
        fetcher: Some(state.fetcher.clone()),
    }))
}

/// did:web documents as this server knows them: its own providers' from the database (so a
/// rotation is seen at once), other servers' over HTTPS through the shared fetcher (timeout,
/// size limit, cache) when there is one.
pub struct ServerDids {
    pub store: crate::storage::Store,
    pub keyring: std::sync::Arc<crate::services::keys::Keyring>,
    pub public_host: String,
    pub fetcher: Option<std::sync::Arc<crate::support::fetch::Fetcher>>,
}

impl WebDocuments for ServerDids {
    fn web_document<'a>(
        &'a self,
        controller: &'a str,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Value, ResolveError>> + Send + 'a>>
    {
        Box::pin(async move {
            let Self {
                store,
                keyring,
                public_host,
                fetcher,
            } = self;
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
        })
    }
}

pub struct ServerVerification {
    state: Services,
    resolver: Resolver,
    status: ServerStatusSource,
    trust: ServerTrust,
    seals: ServerSealAnchors,
}

/// The seal CAs the operator trusts (PEM anchors and imported EU trusted lists), read when
/// an EDC is verified.
pub struct ServerSealAnchors {
    pub state: Services,
}

impl crate::verify::SealAnchors for ServerSealAnchors {
    fn anchors(&self) -> crate::verify::edc::Anchors<'_> {
        Box::pin(async move {
            let records = self
                .state
                .store
                .seal_anchors()
                .await
                .map_err(|e| e.to_string())?;
            Ok(records
                .iter()
                .filter_map(|r| openssl::x509::X509::from_pem(r.pem.as_bytes()).ok())
                .collect())
        })
    }
}

impl ServerVerification {
    pub async fn new(state: &Services) -> ApiResult<Self> {
        Ok(Self {
            state: state.clone(),
            resolver: resolver(state),
            status: ServerStatusSource {
                state: state.clone(),
            },
            trust: ServerTrust {
                state: state.clone(),
            },
            seals: ServerSealAnchors {
                state: state.clone(),
            },
        })
    }

    pub fn verifier(&self) -> Verifier<'_> {
        Verifier {
            loader: self.state.loader,
            resolver: &self.resolver,
            schemas: &self.state.schemas,
            now: self.state.clock.now(),
            status: Some(&self.status),
            trust: Some(&self.trust),
            seals: Some(&self.seals),
        }
    }
}
