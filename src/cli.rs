//! The command line: `serve`, `demo`, `provider create`, `import-referential`, `bench`.

use std::path::PathBuf;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use crate::clock::SystemClock;
use crate::config::{Config, ServerArgs, StorageArgs};
use crate::domain::provider::{DidMethod, NewProvider};
use crate::domain::referential::ReferentialFile;
use crate::startup::{Application, build_state};

#[derive(Parser)]
#[command(
    name = "unitcred",
    version,
    about = "Signed micro-credentials for units of learning outcomes"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the HTTP service.
    Serve(ServerArgs),
    /// Prepare a demo catalogue (provider, profiles, learners, credentials) and serve it.
    Demo(ServerArgs),
    /// Manage providers.
    #[command(subcommand)]
    Provider(ProviderCommand),
    /// Load qualification profiles from a JSON file (see schemas/referential.schema.json).
    ImportReferential {
        file: PathBuf,
        /// Slug of the provider that owns the profiles.
        #[arg(long)]
        provider: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Measure signing and verification rates of every proof format.
    Bench {
        /// Seconds spent on each measurement.
        #[arg(long, default_value_t = 1.0)]
        seconds: f64,
        /// Print the results as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum ProviderCommand {
    /// Create a provider with its signing key; prints its DID and an admin token.
    Create {
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "BE")]
        country: String,
        #[arg(long)]
        url: Option<String>,
        /// `web` (default) or `key`.
        #[arg(long, default_value = "web")]
        did_method: String,
        #[command(flatten)]
        server: ServerArgs,
    },
}

pub async fn run() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Serve(args) => {
            let config = Config::from_args(&args)?;
            tracing::info!(?config, "starting");
            let app = Application::build(config).await?;
            tracing::info!(addr = %app.local_addr()?, "listening");
            app.run_until_stopped().await?;
        }
        Command::Demo(args) => crate::demo::run(args).await?,
        Command::Provider(ProviderCommand::Create {
            slug,
            name,
            country,
            url,
            did_method,
            server,
        }) => {
            let config = Config::from_args(&server)?;
            let state = build_state(config, Arc::new(SystemClock)).await?;
            let input = NewProvider {
                slug,
                name,
                country_code: country,
                url,
                did_method: DidMethod::parse(&did_method)
                    .ok_or_else(|| anyhow::anyhow!("--did-method is web or key"))?,
                quality_assurance: None,
            };
            input.validate().map_err(|e| anyhow::anyhow!("{e}"))?;
            let (provider, token) = state
                .keyring
                .create_provider(
                    &state.store,
                    state.clock.as_ref(),
                    state.config.public_host(),
                    &input,
                )
                .await?;
            println!(
                "provider {} created\n  DID:         {}\n  admin token: {token}",
                provider.slug, provider.did
            );
        }
        Command::ImportReferential {
            file,
            provider,
            storage,
        } => {
            let args = ServerArgs {
                bind: "127.0.0.1:0".parse()?,
                public_url: Some("http://localhost".into()),
                storage,
                operator_token: None,
                body_limit: 1024 * 1024,
            };
            let state = build_state(Config::from_args(&args)?, Arc::new(SystemClock)).await?;
            let text = std::fs::read_to_string(&file)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let report = import_referential(&state, &provider, &text).await?;
            for line in report {
                println!("{line}");
            }
        }
        Command::Bench { seconds, json } => crate::bench::run(seconds, json).await?,
    }
    Ok(())
}

/// Validates the whole file first (schema, then domain rules), then imports each profile
/// version in its own transaction: new versions are inserted, unchanged ones skipped, changed
/// unlocked ones replaced, and changed locked ones refused.
pub async fn import_referential(
    state: &crate::state::AppState,
    provider_slug: &str,
    text: &str,
) -> anyhow::Result<Vec<String>> {
    let raw: serde_json::Value =
        serde_json::from_str(text).map_err(|e| anyhow::anyhow!("not JSON: {e}"))?;
    state
        .schemas
        .check_referential(&raw)
        .map_err(|e| anyhow::anyhow!("does not match the referential schema: {e}"))?;
    let file: ReferentialFile = serde_json::from_value(raw)?;
    for p in &file.profiles {
        p.validate()
            .map_err(|e| anyhow::anyhow!("{} v{}: {e}", p.code, p.version))?;
    }
    let provider = state
        .store
        .provider_by_slug(provider_slug)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no provider {provider_slug}"))?;
    let mut report = Vec::new();
    for p in &file.profiles {
        let now = state.clock.now();
        match state.store.profile(provider.id, &p.code, p.version).await? {
            None => {
                let mut tx = state.store.begin().await?;
                tx.insert_profile(provider.id, p, now).await?;
                tx.commit().await?;
                report.push(format!(
                    "{} v{}: imported ({} units)",
                    p.code,
                    p.version,
                    p.units.len()
                ));
            }
            Some(existing) if existing.def == *p => {
                report.push(format!("{} v{}: unchanged", p.code, p.version))
            }
            Some(existing) => {
                let mut tx = state.store.begin().await?;
                if !tx.replace_profile(provider.id, existing.id, p, now).await? {
                    anyhow::bail!(
                        "{} v{} is referenced by credentials and cannot change; publish a new version",
                        p.code,
                        p.version
                    );
                }
                tx.commit().await?;
                report.push(format!("{} v{}: updated", p.code, p.version));
            }
        }
    }
    Ok(report)
}
