//! The command line: `serve`, `demo`, `provider create`, `import-referential`,
//! `import-results`, `progress`, `keys`, `audit`, `bench`.

use std::path::PathBuf;
use std::sync::Arc;

use std::io::IsTerminal;

use clap::{Parser, Subcommand};

mod admin;
pub mod bench;
pub mod demo;
mod europass;
mod report;

use admin::*;
use report::*;

use crate::app::config::{Config, ServerArgs, StorageArgs};
use crate::app::startup::{Application, build_state};
use crate::domain::provider::{DidMethod, NewProvider};
use crate::error::ApiError;
use crate::services::import::{FileFormat, ImportReport, Progress};
use crate::support::clock::SystemClock;

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
    /// Europass e-seals: create a development one, install the one a trust service provider
    /// delivered, list them.
    #[command(subcommand)]
    Seal(europass::SealCommand),
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
    /// Record a cohort's assessment results (CSV or JSON, learner × unit × outcome) and issue
    /// every resulting unit and qualification credential. Safe to run again on the same file.
    ImportResults {
        file: PathBuf,
        /// Slug of the provider that assessed the learners.
        #[arg(long)]
        provider: String,
        /// `csv` or `json`; by default from the file's extension.
        #[arg(long)]
        format: Option<String>,
        /// Print the full report as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Show where a learner stands towards their qualifications.
    Progress {
        /// Learner id, or the school's reference for the learner.
        learner: String,
        #[arg(long)]
        provider: String,
        /// Limit to one profile (with --version).
        #[arg(long, requires = "version")]
        profile: Option<String>,
        #[arg(long, requires = "profile")]
        version: Option<u32>,
        /// Print the progress document as JSON (as the API returns it).
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// The audit log: export it, or check that its chain holds together.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Signing keys: list, rotate, mark compromised.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Verify a wallet bundle (zip) or one credential file offline, with only what it holds.
    Verify {
        path: PathBuf,
        /// PEM file of seal CAs to trust for a single sealed EDC (a bundle carries its own).
        #[arg(long)]
        seal_ca: Option<PathBuf>,
        /// Verify as of this RFC 3339 time instead of now.
        #[arg(long)]
        at: Option<String>,
        /// Print the full report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// The trust registry: import a registry file, list the trusted issuers.
    #[command(subcommand)]
    Trust(TrustCommand),
    /// Console accounts: add one, or set a new password. The password is read from
    /// UNITCRED_STAFF_PASSWORD, else from the first line of standard input; never from a flag,
    /// which would leave it in the shell history.
    #[command(subcommand)]
    Staff(StaffCommand),
    /// Revoke (for good), suspend or reinstate a credential, with the reason; or `show` it in
    /// one of its signed forms (printed exactly as stored; produced and stored if it is the
    /// first request, as the API does).
    Credential {
        /// `revoke`, `suspend`, `reinstate` or `show`.
        action: String,
        /// The credential's id.
        id: uuid::Uuid,
        #[arg(long)]
        provider: String,
        /// Why (revoke, suspend, reinstate).
        #[arg(long)]
        reason: Option<String>,
        /// With `show`: `di-rdfc` (default), `di-jcs`, `vc-jwt` or `edc` (the sealed European
        /// Digital Credential).
        #[arg(long)]
        format: Option<String>,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Measure signing and verification rates of every proof format.
    Bench {
        /// Seconds spent on each measurement.
        #[arg(long, default_value_t = 1.0)]
        seconds: f64,
        /// Print the results as JSON.
        #[arg(long)]
        json: bool,
        /// Instead, measure a result-file import of this many rows, end to end.
        #[arg(long)]
        import_rows: Option<usize>,
        /// Database for the import measurement (default: a fresh SQLite file).
        #[arg(long)]
        database_url: Option<String>,
        /// Instead, build and verify offline the wallet bundle of a learner with this many units.
        #[arg(long)]
        bundle_units: Option<usize>,
        /// Instead, start a server and measure issuance and verification over HTTP.
        #[arg(long)]
        http: bool,
        /// With --http: requests in each workload.
        #[arg(long, default_value_t = 3000)]
        requests: usize,
        /// With --http: concurrent client connections.
        #[arg(long, default_value_t = 16)]
        connections: usize,
        /// With --http: servers on the same database (use PostgreSQL for more than one).
        #[arg(long, default_value_t = 1)]
        replicas: usize,
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
        Command::Demo(args) => crate::app::cli::demo::run(args).await?,
        Command::Seal(command) => europass::seal(command).await?,
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
            let state = offline_state(storage).await?;
            let text = std::fs::read_to_string(&file)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let report =
                crate::services::referential::import_referential(&state, &provider, &text).await?;
            for line in report {
                println!("{line}");
            }
        }
        Command::ImportResults {
            file,
            provider,
            format,
            json,
            server,
        } => {
            let format = match format.as_deref() {
                Some("csv") => FileFormat::Csv,
                Some("json") => FileFormat::Json,
                Some(other) => anyhow::bail!("--format is csv or json, not {other}"),
                None => FileFormat::from_path(&file).ok_or_else(|| {
                    anyhow::anyhow!("cannot tell the format from the file name; pass --format")
                })?,
            };
            let bytes =
                std::fs::read(&file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let state = build_state(Config::from_args(&server)?, Arc::new(SystemClock)).await?;
            let provider = provider_named(&state, &provider).await?;
            let report = crate::services::import::import_results(
                &state,
                &provider,
                "cli",
                format,
                &bytes,
                &show_progress,
            )
            .await
            .map_err(|e| anyhow::anyhow!("{}", describe(&e)))?;
            eprintln!();
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print_import_report(&report);
            }
            if report.rejected > 0 {
                std::process::exit(2);
            }
        }
        Command::Progress {
            learner,
            provider,
            profile,
            version,
            json,
            storage,
        } => {
            let state = offline_state(storage).await?;
            let provider = provider_named(&state, &provider).await?;
            let id = find_learner(&state, provider.id, &learner).await?;
            let only = profile.zip(version);
            let doc = crate::services::awards::learner_progress(&state, provider.id, id, only)
                .await
                .map_err(|e| anyhow::anyhow!("{}", describe(&e)))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&doc)?);
            } else {
                print_progress(&doc);
            }
        }
        Command::Keys(command) => keys(command).await?,
        Command::Trust(command) => trust(command).await?,
        Command::Staff(command) => staff(command).await?,
        Command::Verify {
            path,
            seal_ca,
            at,
            json,
        } => {
            let seal_cas = match seal_ca {
                Some(f) => crate::europass::trust_list::from_pem(&std::fs::read_to_string(&f)?)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?,
                None => Vec::new(),
            };
            let now = match at {
                Some(t) => crate::support::clock::parse_datetime(&t)
                    .ok_or_else(|| anyhow::anyhow!("--at is an RFC 3339 time"))?,
                None => time::OffsetDateTime::now_utc(),
            };
            let outcome = crate::services::offline::verify_path(&path, now, &seal_cas).await?;
            print_offline(&outcome.report, json)?;
            if !outcome.ok {
                std::process::exit(1);
            }
        }
        Command::Credential {
            action,
            id,
            provider,
            reason,
            format,
            server,
        } => {
            let state = build_state(Config::from_args(&server)?, Arc::new(SystemClock)).await?;
            let provider = provider_named(&state, &provider).await?;
            if action == "show" {
                state
                    .store
                    .credential(provider.id, id)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("{} has no credential {id}", provider.slug))?;
                let format = format
                    .as_deref()
                    .unwrap_or(crate::domain::credential::FORMAT_DI_RDFC);
                let doc =
                    crate::services::forms::credential_document(&state, &provider, id, format)
                        .await
                        .map_err(|e| anyhow::anyhow!("{}", describe(&e)))?;
                use std::io::Write;
                std::io::stdout().write_all(&doc.body)?;
                return Ok(());
            }
            let action = crate::services::status::Action::parse(&action).ok_or_else(|| {
                anyhow::anyhow!("the action is revoke, suspend, reinstate or show")
            })?;
            let reason = reason.ok_or_else(|| anyhow::anyhow!("--reason says why"))?;
            // The server publishes the changed lists again when they are next asked for.
            let change = crate::services::status::change_status(
                &state, &provider, "cli", id, action, &reason,
            )
            .await
            .map_err(|e| anyhow::anyhow!("{}", describe(&e)))?;
            println!(
                "credential {id}: {}",
                change.body["status"].as_str().unwrap_or("?")
            );
            for r in change.body["reviews_opened"]
                .as_array()
                .into_iter()
                .flatten()
            {
                println!(
                    "qualification credential {} suspended; review {} opened",
                    r["credential_id"].as_str().unwrap_or("?"),
                    r["id"].as_str().unwrap_or("?")
                );
            }
        }
        Command::Audit(command) => audit(command).await?,
        Command::Bench {
            json,
            http: true,
            requests,
            connections,
            replicas,
            database_url,
            ..
        } => {
            let args = crate::app::cli::bench::HttpArgs {
                requests,
                connections,
                replicas,
                database_url,
                json,
            };
            crate::app::cli::bench::http(args).await?
        }
        Command::Bench {
            json,
            import_rows: Some(rows),
            database_url,
            ..
        } if rows > 0 => crate::app::cli::bench::import(rows, database_url, json).await?,
        Command::Bench {
            json,
            bundle_units: Some(units),
            ..
        } if units > 0 => crate::app::cli::bench::bundle(units, json).await?,
        Command::Bench { seconds, json, .. } => crate::app::cli::bench::run(seconds, json).await?,
    }
    Ok(())
}

/// State for commands that only read and write the database (no credential ids minted).
async fn offline_state(storage: StorageArgs) -> anyhow::Result<crate::state::AppState> {
    let args = ServerArgs {
        bind: "127.0.0.1:0".parse()?,
        public_url: Some("http://localhost".into()),
        storage,
        operator_token: None,
        body_limit: 1024 * 1024,
        import_limit: 8 << 20,
        web_hosts: Vec::new(),
        trust_anchors: Vec::new(),
        example_contexts: false,
    };
    build_state(Config::from_args(&args)?, Arc::new(SystemClock)).await
}

fn describe(e: &ApiError) -> String {
    match e {
        ApiError::Validation(issues) => format!("{e}: {issues}"),
        other => other.to_string(),
    }
}

async fn provider_named(
    state: &crate::state::AppState,
    slug: &str,
) -> anyhow::Result<crate::domain::provider::Provider> {
    state
        .store
        .provider_by_slug(slug)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no provider {slug}"))
}

/// A learner by id, or by the school's own reference.
async fn find_learner(
    state: &crate::state::AppState,
    provider_id: uuid::Uuid,
    learner: &str,
) -> anyhow::Result<uuid::Uuid> {
    if let Ok(id) = uuid::Uuid::parse_str(learner) {
        return Ok(id);
    }
    state
        .store
        .all_learners(provider_id)
        .await?
        .into_iter()
        .find(|l| l.doc.external_ref.as_deref() == Some(learner))
        .map(|l| l.id)
        .ok_or_else(|| anyhow::anyhow!("no learner with id or reference {learner}"))
}

/// A learner of the demo and the benchmarks: French-speaking, known by a school reference.
pub(crate) fn sample_learner(
    given: &str,
    family: &str,
    email: Option<String>,
    reference: String,
) -> crate::domain::learner::Learner {
    crate::domain::learner::Learner::new(crate::domain::learner::LearnerDoc {
        given_name: given.into(),
        family_name: family.into(),
        date_of_birth: None,
        email,
        wallet_did: None,
        external_ref: Some(reference),
        language: "fr".into(),
    })
}
