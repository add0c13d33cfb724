//! The state every handler gets: the services, the configuration, and what only the
//! surfaces need (the sign-in throttle). It dereferences to [`Services`], so a handler hands
//! `&state` to any service.

use std::sync::Arc;

use crate::app::config::Config;
use crate::services::Services;

#[derive(Clone)]
pub struct AppState {
    pub services: Services,
    pub config: Arc<Config>,
    /// Failed staff sign-ins per client address.
    pub sign_in_throttle: Arc<crate::web::throttle::Throttle>,
}

impl std::ops::Deref for AppState {
    type Target = Services;

    fn deref(&self) -> &Services {
        &self.services
    }
}
