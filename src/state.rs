//! The composition root the surfaces share: the validated configuration, the services it
//! wires, the sign-in throttle, and who a request from the pages acts for. It sits between
//! the surfaces (`http`, `web`), which take it as their state, and the services, which it
//! holds; `app::startup` builds it. It dereferences to [`Services`], so a handler hands
//! `&state` to any service.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use crate::domain::provider::{Provider, Role};
use crate::services::Services;
use crate::support::throttle::Throttle;

#[derive(Clone)]
pub struct AppState {
    pub services: Services,
    pub config: Arc<Config>,
    /// Failed staff sign-ins per client address.
    pub sign_in_throttle: Arc<Throttle>,
    /// Public writes (presentation challenges and requests) per client address.
    pub public_write_throttle: Arc<Throttle>,
}

impl std::ops::Deref for AppState {
    type Target = Services;

    fn deref(&self) -> &Services {
        &self.services
    }
}

/// Who a request from the web pages acts for. The pages call the API in-process with this
/// request extension instead of a bearer token; it cannot arrive from the network, where only
/// headers and bodies do.
#[derive(Clone)]
pub enum SessionPrincipal {
    Staff {
        provider: Provider,
        role: Role,
        label: String,
        /// A tutor's company.
        company: Option<uuid::Uuid>,
    },
    Learner {
        provider: Provider,
        learner_id: uuid::Uuid,
    },
}

/// Validated configuration of a running server.
#[derive(Clone)]
pub struct Config {
    pub bind: SocketAddr,
    pub public_url: String,
    pub database_url: String,
    pub data_dir: PathBuf,
    pub master_key: String,
    pub operator_token: Option<String>,
    pub body_limit: usize,
    pub import_limit: usize,
    /// `HOST` → base URL overrides for fetching other servers' documents.
    pub web_hosts: Vec<(String, String)>,
    /// Signers whose trust registry files are accepted.
    pub trust_anchors: Vec<String>,
    /// Whether the W3C examples context is accepted (conformance runs, the demo).
    pub example_contexts: bool,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("bind", &self.bind)
            .field("public_url", &self.public_url)
            .field("database_url", &redact_url(&self.database_url))
            .field("data_dir", &self.data_dir)
            .field("master_key", &"<redacted>")
            .field(
                "operator_token",
                &self.operator_token.as_ref().map(|_| "<redacted>"),
            )
            .field("body_limit", &self.body_limit)
            .field("import_limit", &self.import_limit)
            .field("web_hosts", &self.web_hosts)
            .field("trust_anchors", &self.trust_anchors)
            .field("example_contexts", &self.example_contexts)
            .finish()
    }
}

/// Hides the password of a database URL.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

impl Config {
    pub fn validate(&self) -> anyhow::Result<()> {
        let rest = self
            .public_url
            .strip_prefix("https://")
            .or_else(|| self.public_url.strip_prefix("http://"))
            .ok_or_else(|| anyhow::anyhow!("public URL must start with https:// or http://"))?;
        if rest.is_empty() || rest.contains('/') || rest.contains('?') || rest.contains('#') {
            anyhow::bail!("public URL must be scheme://host[:port] without a path");
        }
        if self.body_limit < 1024 || self.body_limit > 64 * 1024 * 1024 {
            anyhow::bail!("body limit must be between 1 KiB and 64 MiB");
        }
        if self.import_limit < self.body_limit || self.import_limit > 1024 * 1024 * 1024 {
            anyhow::bail!("import limit must be between the body limit and 1 GiB");
        }
        if let Some(t) = &self.operator_token
            && t.len() < 24
        {
            anyhow::bail!("operator token must be at least 24 characters");
        }
        if let Some(bad) = self.trust_anchors.iter().find(|d| !d.starts_with("did:")) {
            anyhow::bail!("trust anchor {bad} is not a DID");
        }
        crate::crypto::keys::KeySealer::from_encoded(&self.master_key)
            .map_err(|e| anyhow::anyhow!("master key: {e}"))?;
        Ok(())
    }

    /// `host[:port]` of the public URL, as it appears (percent-encoded) in did:web DIDs.
    pub fn public_host(&self) -> &str {
        self.public_url
            .split_once("://")
            .map(|(_, h)| h)
            .unwrap_or(&self.public_url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_passwords_are_redacted() {
        assert_eq!(
            redact_url("postgres://u:secret@localhost/db"),
            "postgres://u:***@localhost/db"
        );
        assert_eq!(redact_url("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}
