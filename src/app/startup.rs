//! Building and running the application: connect storage, load keys and schemas, bind.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::net::TcpListener;

use crate::app::config::Config;
use crate::crypto::keys::KeySealer;
use crate::domain::schema::Schemas;
use crate::jsonld::ContextLoader;
use crate::services::keys::Keyring;
use crate::services::{Services, Settings};
use crate::state::AppState;
use crate::storage::Store;
use crate::support::clock::{Clock, SystemClock};
use crate::support::fetch::Fetcher;

pub struct Application {
    listener: TcpListener,
    state: AppState,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        Self::build_with_clock(config, Arc::new(SystemClock)).await
    }

    pub async fn build_with_clock(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let state = build_state(config, clock).await?;
        let listener = TcpListener::bind(state.config.bind).await?;
        Ok(Self { listener, state })
    }

    /// Serves an already built state (the demo prepares its catalogue first).
    pub async fn with_state(state: AppState) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(state.config.bind).await?;
        Ok(Self { listener, state })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let app = routes(self.state.clone());
        // With the peer's address, for the sign-in throttle (never for anything a header says).
        let app = app.into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, app)
            .with_graceful_shutdown(shutdown_signal())
            .await?;
        self.state.store.close().await;
        Ok(())
    }
}

/// The API and the pages in one router, behind the common layers. The pages act through the
/// same API, called in-process (see `web::Api`).
pub fn routes(state: AppState) -> Router {
    let api = crate::http::api(&state);
    let pages = crate::web::router(state.clone(), api.clone().with_state(state.clone()));
    let links = Router::new().route("/verify/{id}", get(verify_link));
    crate::http::with_layers(api.merge(pages).merge(links)).with_state(state)
}

/// `GET /verify/{id}`, where a transcript's QR codes lead: the verifier page for a browser,
/// the verifier's JSON answer for anyone else.
async fn verify_link(
    State(state): State<AppState>,
    Path(id): Path<uuid::Uuid>,
    Query(q): Query<crate::http::public::StoredQuery>,
    headers: HeaderMap,
) -> Response {
    let edc = match q.edc() {
        Ok(edc) => edc,
        Err(e) => return e.into_response(),
    };
    if crate::web::wants_html(&headers) {
        return crate::web::verifier::stored_page(&state, &headers, id, edc).await;
    }
    crate::http::public::verify_stored(State(state), Path(id), Query(q))
        .await
        .into_response()
}

/// Everything a handler or a CLI command needs, without the listener.
pub async fn build_state(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<AppState> {
    let sealer = KeySealer::from_encoded(&config.master_key)
        .map_err(|e| anyhow::anyhow!("master key: {e}"))?;
    let store = Store::connect(&config.database_url).await?;
    let loader = if config.example_contexts {
        ContextLoader::with_examples()
    } else {
        ContextLoader::pinned()
    };
    // Refuse to start if a shipped context no longer matches its pinned digest.
    loader
        .verify_all()
        .map_err(|e| anyhow::anyhow!("JSON-LD contexts: {e}"))?;
    let fetcher = Arc::new(Fetcher::new(config.web_hosts.clone(), clock.clone())?);
    let interrupted = store.interrupt_import_jobs(clock.now()).await?;
    if interrupted > 0 {
        tracing::warn!(
            interrupted,
            "result imports left running by a previous process are marked interrupted"
        );
    }
    let services = Services {
        settings: Arc::new(Settings {
            public_url: config.public_url.clone(),
            trust_anchors: config.trust_anchors.clone(),
        }),
        fetcher,
        list_cache: Arc::default(),
        published: Arc::default(),
        offload: Arc::new(crate::support::offload::Offload::per_core()),
        slots: Arc::default(),
        issuer: Arc::new(crate::services::issuing::commit::GroupCommit::start(
            store.clone(),
        )),
        store,
        keyring: Arc::new(Keyring::new(sealer)),
        clock,
        loader,
        schemas: Arc::new(Schemas::load()?),
    };
    Ok(AppState {
        services,
        sign_in_throttle: Arc::new(crate::support::throttle::Throttle::sign_in()),
        public_write_throttle: Arc::new(crate::support::throttle::Throttle::public_writes()),
        config: Arc::new(config),
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = terminate => {} }
}
