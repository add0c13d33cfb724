//! Services: what happens to a credential over its life, each over the store and the layers
//! below (verifier, Europass, domain, crypto, JSON-LD, support), never the surfaces above.
//!
//! - issuing: [`issuing`] (recording results and issuing unit credentials), [`forms`] (the
//!   signed forms, signed at issuance or on first request), [`awards`] (progress, qualification
//!   awards, the CLR), [`import`] (cohort result files), [`referential`] (profiles from a file);
//! - portability: [`trust`] (the registry as this server holds it), [`recognition`] (foreign
//!   units), [`coverage`] (which units a set of credentials proves);
//! - life after issuance: [`status`] (status lists, revocation, suspension, reviews), [`keys`]
//!   (provider keys and e-seals), [`audit`] (the hash-chained log);
//! - delivery: [`wallet`] (the learner's bundle), [`transcript`] (HTML and PDF),
//!   [`europass`] (the EDC form), [`offline`] (verifying bundles without a server);
//! - [`verification`]: the server's verifier (its keys, status lists, registry, seal CAs),
//!   which reads them through [`published`], held in memory.
//!
//! [`Services`] is what each of them is handed: the store and the shared pieces, wired by
//! `app::startup`.

pub mod audit;
pub mod awards;
pub mod coverage;
pub mod europass;
pub mod forms;
pub mod import;
pub mod issuing;
pub mod keys;
pub mod offline;
pub mod published;
pub mod recognition;
pub mod referential;
pub mod status;
pub mod transcript;
pub mod trust;
pub mod validation;
pub mod vcapi;
pub mod verification;
pub mod wallet;
pub mod workplace;

use std::sync::Arc;

use crate::domain::schema::Schemas;
use crate::jsonld::ContextLoader;
use crate::storage::Store;
use crate::support::clock::Clock;
use crate::support::fetch::Fetcher;
use crate::support::offload::Offload;
use crate::verify::ListCache;
use keys::Keyring;

/// What the services need to know of the configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Public base URL of this server: provider DIDs, achievement ids and links derive from it.
    pub public_url: String,
    /// Signers whose trust registry files are accepted.
    pub trust_anchors: Vec<String>,
}

impl Settings {
    /// The public URL's host (and port), as did:web identifiers name it.
    pub fn public_host(&self) -> &str {
        self.public_url
            .split_once("://")
            .map(|(_, h)| h)
            .unwrap_or(&self.public_url)
    }
}

/// The store and the pieces every service shares.
#[derive(Clone)]
pub struct Services {
    pub settings: Arc<Settings>,
    pub store: Store,
    pub keyring: Arc<Keyring>,
    pub clock: Arc<dyn Clock>,
    pub loader: &'static ContextLoader,
    pub schemas: Arc<Schemas>,
    /// Documents of other servers (their DID documents, status lists): timeout and cache.
    pub fetcher: Arc<Fetcher>,
    /// Status lists this server's verifier has already checked.
    pub list_cache: Arc<ListCache>,
    /// This server's own DID documents, status lists, registry answers and seal anchors, as
    /// its verifier reads them.
    pub published: Arc<published::Published>,
    /// Verification and unpacking, off the async workers and a few at a time.
    pub offload: Arc<Offload>,
    /// Status indexes reserved ahead for single issuance.
    pub slots: Arc<status::SlotPool>,
    /// The group commit of issuing requests.
    pub issuer: Arc<issuing::commit::GroupCommit>,
}
