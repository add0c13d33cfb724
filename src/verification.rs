//! The server's verifier: keys from this server or fetched (did:web) or derived (did:key),
//! status lists from the database or fetched, and the trust registry as it stands. Every
//! server-side verification (the public endpoint, bundles, recognitions) goes through it.

use crate::credential_status::ServerStatusSource;
use crate::error::ApiResult;
use crate::state::AppState;
use crate::trust::ServerTrust;
use crate::verify::{Resolver, Verifier};

/// Keys as this server finds them: did:key derived, its own providers' did:web documents
/// from the database, other did:web documents fetched.
pub fn resolver(state: &AppState) -> Resolver {
    Resolver::Local {
        store: state.store.clone(),
        keyring: state.keyring.clone(),
        public_host: state.config.public_host().to_owned(),
        fetcher: Some(state.fetcher.clone()),
    }
}

pub struct ServerVerification {
    state: AppState,
    resolver: Resolver,
    status: ServerStatusSource,
    trust: ServerTrust,
    seals: ServerSealAnchors,
}

/// The seal CAs the operator trusts (PEM anchors and imported EU trusted lists), read when
/// an EDC is verified.
pub struct ServerSealAnchors {
    pub state: AppState,
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
    pub async fn new(state: &AppState) -> ApiResult<Self> {
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
