//! Support: what every layer may use and that knows nothing of credentials: time (an
//! injected clock), JSON canonicalization (JCS, RFC 8785), HTML escaping, fetching other
//! servers' documents over HTTPS with bounds, and running CPU-heavy work off the async
//! workers. It uses nothing else of the crate.

pub mod clock;
pub mod fetch;
pub mod html;
pub mod i18n;
pub mod jcs;
pub mod offload;
pub mod qr;
pub mod throttle;
pub mod url;
