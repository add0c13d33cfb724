//! Configuration: every setting is a flag or a `UNITCRED_*` environment variable with a
//! development default, validated once at start-up.

use std::net::SocketAddr;
use std::path::PathBuf;

pub use crate::state::Config;

use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct ServerArgs {
    /// Address to listen on.
    #[arg(long, env = "UNITCRED_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Public base URL of this server (scheme, host, optional port, no trailing slash). Provider
    /// DIDs (`did:web:<host>:providers:<slug>`) and achievement ids derive from it. Defaults to
    /// `http://<bind>`.
    #[arg(long, env = "UNITCRED_PUBLIC_URL")]
    pub public_url: Option<String>,
    #[command(flatten)]
    pub storage: StorageArgs,
    /// Operator token allowed to create providers through the API (`POST /v1/providers`).
    /// Without it, providers are created with `unitcred provider create` only.
    #[arg(long, env = "UNITCRED_OPERATOR_TOKEN", hide_env_values = true)]
    pub operator_token: Option<String>,
    /// Largest accepted request body, in bytes.
    #[arg(long, env = "UNITCRED_BODY_LIMIT", default_value_t = 1024 * 1024)]
    pub body_limit: usize,
    /// Largest accepted result file on `POST /v1/assessments/import`, in bytes.
    #[arg(long, env = "UNITCRED_IMPORT_LIMIT", default_value_t = 32 * 1024 * 1024)]
    pub import_limit: usize,
    /// Where to fetch `https://HOST/…` documents of other servers (status lists) instead:
    /// `HOST=BASE_URL`, comma-separated, e.g. `school-b.example=http://127.0.0.1:9000`. For
    /// tests and private networks; without a mapping only HTTPS is fetched.
    #[arg(long, env = "UNITCRED_WEB_HOSTS", value_delimiter = ',', value_parser = parse_web_host)]
    pub web_hosts: Vec<(String, String)>,
    /// DIDs whose signature on a trust registry file (a compact JWS) is accepted, comma-
    /// separated. A plain registry file is accepted from the operator only.
    #[arg(long, env = "UNITCRED_TRUST_ANCHORS", value_delimiter = ',')]
    pub trust_anchors: Vec<String>,
    /// Accept the W3C examples context (https://www.w3.org/ns/credentials/examples/v2, one
    /// `@vocab` that defines any term) in credentials issued and verified through the VC-API:
    /// what the W3C conformance suites send. On in `unitcred demo`.
    #[arg(long, env = "UNITCRED_EXAMPLE_CONTEXTS")]
    pub example_contexts: bool,
}

fn parse_web_host(s: &str) -> Result<(String, String), String> {
    let (host, base) = s
        .split_once('=')
        .ok_or_else(|| "expected HOST=BASE_URL".to_owned())?;
    if host.is_empty() || !(base.starts_with("http://") || base.starts_with("https://")) {
        return Err("expected HOST=BASE_URL with an http(s) base URL".into());
    }
    Ok((host.to_owned(), base.trim_end_matches('/').to_owned()))
}

#[derive(Debug, Clone, Args)]
pub struct StorageArgs {
    /// Data folder (SQLite database and master key file by default).
    #[arg(long, env = "UNITCRED_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// `sqlite://PATH` or `postgres://…`. Defaults to `sqlite://<data_dir>/unitcred.db`.
    #[arg(long, env = "UNITCRED_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Master key sealing private keys at rest: 32 bytes as 64 hex digits or base64url.
    /// Defaults to the content of `<data_dir>/master.key`, created on first use.
    #[arg(long, env = "UNITCRED_MASTER_KEY", hide_env_values = true)]
    pub master_key: Option<String>,
}

impl StorageArgs {
    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| {
            format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("unitcred.db").display()
            )
        })
    }

    /// The master key from the environment, else from `<data_dir>/master.key` (created with
    /// mode 0600 when missing, which is what makes a fresh `unitcred demo` work).
    pub fn master_key(&self) -> anyhow::Result<String> {
        if let Some(k) = &self.master_key {
            return Ok(k.clone());
        }
        std::fs::create_dir_all(&self.data_dir)?;
        let path = self.data_dir.join("master.key");
        if let Ok(existing) = std::fs::read_to_string(&path) {
            return Ok(existing.trim().to_owned());
        }
        let key = crate::crypto::keys::KeySealer::generate_encoded();
        write_private(&path, &key)?;
        tracing::warn!(path = %path.display(), "created a new master key file; back it up, it seals every private key");
        Ok(key)
    }
}

#[cfg(unix)]
fn write_private(path: &std::path::Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(content.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &std::path::Path, content: &str) -> std::io::Result<()> {
    std::fs::write(path, content)
}

impl Config {
    pub fn from_args(args: &ServerArgs) -> anyhow::Result<Self> {
        let public_url = args
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", args.bind));
        let config = Self {
            bind: args.bind,
            public_url: public_url.trim_end_matches('/').to_owned(),
            database_url: args.storage.database_url(),
            data_dir: args.storage.data_dir.clone(),
            master_key: args.storage.master_key()?,
            operator_token: args.operator_token.clone(),
            body_limit: args.body_limit,
            import_limit: args.import_limit,
            web_hosts: args.web_hosts.clone(),
            trust_anchors: args.trust_anchors.clone(),
            example_contexts: args.example_contexts,
        };
        config.validate()?;
        Ok(config)
    }
}
