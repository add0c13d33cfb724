//! Shared application state handed to every handler.

use std::sync::Arc;

use crate::config::Config;
use crate::domain::schema::Schemas;
use crate::jsonld::ContextLoader;
use crate::keyring::Keyring;
use crate::storage::Store;
use crate::support::clock::Clock;
use crate::support::fetch::Fetcher;

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub store: Store,
    pub keyring: Arc<Keyring>,
    pub clock: Arc<dyn Clock>,
    pub loader: &'static ContextLoader,
    pub schemas: Arc<Schemas>,
    /// Documents of other servers (their status lists), with a timeout and a cache.
    pub fetcher: Arc<Fetcher>,
    /// Status lists this server's verifier has already checked.
    pub list_cache: Arc<crate::verify::ListCache>,
    /// Verification and unpacking, off the async workers and a few at a time.
    pub offload: Arc<crate::support::offload::Offload>,
    /// Failed staff sign-ins per client address.
    pub sign_in_throttle: Arc<crate::throttle::Throttle>,
}
