//! Fetching JSON documents published by other servers (their status lists): HTTPS only,
//! with a timeout, a size limit and a short cache, so one slow or hostile server cannot
//! hold a verification up or exhaust memory.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::time::Duration;

use time::OffsetDateTime;

use crate::support::clock::Clock;

use serde_json::Value;

/// Whole-request timeout.
const TIMEOUT: Duration = Duration::from_secs(5);
/// Largest accepted response body.
const MAX_BODY: usize = 2 * 1024 * 1024;
/// How long a fetched document is reused, unless it says less (`ttl`).
const MAX_AGE: Duration = Duration::from_secs(300);
/// Cache entries kept at most; the oldest are dropped beyond.
const CACHE_ENTRIES: usize = 1024;

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{0} is not an https URL")]
    NotHttps(String),
    #[error("fetching {0} failed: {1}")]
    Transport(String, String),
    #[error("{0} answered HTTP {1}")]
    Status(String, u16),
    #[error("{0} is larger than {MAX_BODY} bytes")]
    TooLarge(String),
    #[error("{0} is not JSON: {1}")]
    NotJson(String, String),
}

pub struct Fetcher {
    client: reqwest::Client,
    /// `host` → base URL to use instead of `https://host`.
    hosts: Vec<(String, String)>,
    cache: Mutex<HashMap<String, (OffsetDateTime, Value)>>,
    /// The service clock: cache freshness follows it, like every other time decision.
    clock: Arc<dyn Clock>,
}

impl Fetcher {
    pub fn new(hosts: Vec<(String, String)>, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .connect_timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("unitcred/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self {
            client,
            hosts,
            cache: Mutex::new(HashMap::new()),
            clock,
        })
    }

    /// Where `url` is actually fetched from: through a host mapping, or itself if HTTPS.
    fn locate(&self, url: &str) -> Result<String, FetchError> {
        let rest = url
            .strip_prefix("https://")
            .ok_or_else(|| FetchError::NotHttps(url.to_owned()))?;
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        Ok(match self.hosts.iter().find(|(h, _)| h == host) {
            Some((_, base)) => format!("{base}{path}"),
            None => url.to_owned(),
        })
    }

    /// The JSON document at `url`, from the cache while it is fresh. `ttl_of` reads how
    /// long the document itself allows it to be cached (capped at five minutes).
    pub async fn json(
        &self,
        url: &str,
        ttl_of: impl Fn(&Value) -> Option<Duration>,
    ) -> Result<Value, FetchError> {
        if let Some((until, doc)) = self.cache_get(url)
            && until > self.clock.now()
        {
            return Ok(doc);
        }
        let target = self.locate(url)?;
        let transport = |e: reqwest::Error| FetchError::Transport(url.to_owned(), e.to_string());
        let mut response = self
            .client
            .get(&target)
            .header("accept", "application/vc, application/json")
            .send()
            .await
            .map_err(transport)?;
        if !response.status().is_success() {
            return Err(FetchError::Status(
                url.to_owned(),
                response.status().as_u16(),
            ));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            if body.len() + chunk.len() > MAX_BODY {
                return Err(FetchError::TooLarge(url.to_owned()));
            }
            body.extend_from_slice(&chunk);
        }
        let doc: Value = serde_json::from_slice(&body)
            .map_err(|e| FetchError::NotJson(url.to_owned(), e.to_string()))?;
        let age = ttl_of(&doc).map_or(MAX_AGE, |t| t.min(MAX_AGE));
        self.cache_put(url, self.clock.now() + age, doc.clone());
        Ok(doc)
    }

    fn cache_get(&self, url: &str) -> Option<(OffsetDateTime, Value)> {
        self.cache.lock().ok()?.get(url).cloned()
    }

    fn cache_put(&self, url: &str, until: OffsetDateTime, doc: Value) {
        if let Ok(mut cache) = self.cache.lock() {
            if cache.len() >= CACHE_ENTRIES {
                let now = self.clock.now();
                cache.retain(|_, (t, _)| *t > now);
                if cache.len() >= CACHE_ENTRIES {
                    cache.clear();
                }
            }
            cache.insert(url.to_owned(), (until, doc));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_mapped_hosts_are_fetched() -> anyhow::Result<()> {
        let f = Fetcher::new(
            vec![("b.example".into(), "http://127.0.0.1:9".into())],
            Arc::new(crate::support::clock::SystemClock),
        )?;
        assert!(matches!(
            f.locate("http://a.example/x"),
            Err(FetchError::NotHttps(_))
        ));
        assert_eq!(f.locate("https://a.example/x")?, "https://a.example/x");
        assert_eq!(
            f.locate("https://b.example/status/1")?,
            "http://127.0.0.1:9/status/1"
        );
        Ok(())
    }
}
