//! The command line: `serve`, `demo`, `provider create`, `import-referential`,
//! `import-results`, `progress`, `keys`, `audit`, `bench`.

use std::path::PathBuf;
use std::sync::Arc;

use std::io::IsTerminal;

use clap::{Parser, Subcommand};

pub mod bench;
pub mod demo;
mod europass;

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
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Print the provider's log as JSON (entries and head).
    Export {
        #[arg(long)]
        provider: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Check the chain in the database, or in a file made by `audit export`.
    Verify {
        #[arg(long)]
        provider: String,
        /// An export to check instead of the database.
        #[arg(long)]
        file: Option<PathBuf>,
        #[command(flatten)]
        storage: StorageArgs,
    },
}

#[derive(Subcommand)]
enum TrustCommand {
    /// Import a registry file (schemas/trust-registry.schema.json): plain JSON, or a compact
    /// JWS of it signed by a trust anchor. Replaces what the same source said before.
    Import {
        file: PathBuf,
        /// DIDs whose signed registries are accepted.
        #[arg(long = "anchor", env = "UNITCRED_TRUST_ANCHORS", value_delimiter = ',')]
        anchors: Vec<String>,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// The stored issuers, their authorisations and where each entry came from.
    List {
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// The CAs whose e-seals are trusted on European Digital Credentials.
    #[command(subcommand)]
    SealCas(europass::SealCasCommand),
}

#[derive(Subcommand)]
enum StaffCommand {
    /// Add a staff account to a provider.
    Add {
        #[arg(long)]
        provider: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// `admin` or `assessor`.
        #[arg(long, default_value = "assessor")]
        role: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Set a new password for an account; its open console sessions end.
    Password {
        #[arg(long)]
        email: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// The provider's keys and their state.
    List {
        #[arg(long)]
        provider: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Make a new signing key; the old ones stay published for what they signed.
    Rotate {
        #[arg(long)]
        provider: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Mark a key compromised: proofs it made from `--since` (default now) fail verification.
    Compromised {
        key_ref: String,
        #[arg(long)]
        provider: String,
        #[arg(long)]
        reason: String,
        /// RFC 3339 time, e.g. 2026-11-30T08:00:00Z.
        #[arg(long)]
        since: Option<String>,
        #[command(flatten)]
        storage: StorageArgs,
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

async fn audit(command: AuditCommand) -> anyhow::Result<()> {
    let (slug, storage, file) = match command {
        AuditCommand::Export { provider, storage } => (provider, storage, None),
        AuditCommand::Verify {
            provider,
            storage,
            file,
        } => (provider, storage, Some(file)),
    };
    let state = offline_state(storage).await?;
    let provider = provider_named(&state, &slug).await?;
    let (entries, head) = match &file {
        Some(Some(path)) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            let doc: serde_json::Value = serde_json::from_str(&text)?;
            let entries: Vec<crate::services::audit::Entry> =
                serde_json::from_value(doc["entries"].clone())?;
            let head = doc["head"]["seq"]
                .as_i64()
                .zip(doc["head"]["hash"].as_str().map(str::to_owned));
            (entries, head)
        }
        _ => crate::services::audit::export(&state.store, provider.id).await?,
    };
    if file.is_none() {
        let doc = serde_json::json!({
            "provider_id": provider.id,
            "head": head.map(|(seq, hash)| serde_json::json!({"seq": seq, "hash": hash})),
            "entries": entries,
        });
        println!("{}", serde_json::to_string_pretty(&doc)?);
        return Ok(());
    }
    let head = head.as_ref().map(|(seq, hash)| (*seq, hash.as_str()));
    match crate::services::audit::verify(provider.id, &entries, head) {
        Ok(n) => {
            println!("audit log of {slug}: {n} entries, chain intact");
            Ok(())
        }
        Err(b) => anyhow::bail!(
            "audit log of {slug} is broken at entry {}: {}",
            b.seq,
            b.problem
        ),
    }
}

fn read_password() -> anyhow::Result<String> {
    if let Ok(p) = std::env::var("UNITCRED_STAFF_PASSWORD") {
        return Ok(p);
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

async fn staff(command: StaffCommand) -> anyhow::Result<()> {
    match command {
        StaffCommand::Add {
            provider,
            email,
            name,
            role,
            storage,
        } => {
            let request = crate::http::staff::NewStaffRequest {
                email,
                name,
                role,
                password: read_password()?,
            };
            let (email, role) = request
                .validate()
                .map_err(|e| anyhow::anyhow!("invalid account: {e}"))?;
            let state = offline_state(storage).await?;
            let provider = provider_named(&state, &provider).await?;
            let hash = crate::crypto::password::hash(&request.password)?;
            let now = state.clock.now();
            let id = uuid::Uuid::now_v7();
            let created = state
                .store
                .insert_staff(&crate::storage::NewStaff {
                    id,
                    provider_id: provider.id,
                    email: &email,
                    name: request.name.trim(),
                    role: role.as_str(),
                    password_hash: &hash,
                    created_by: "cli",
                    created_at: now,
                })
                .await?;
            if !created {
                anyhow::bail!("a staff account already uses {email}");
            }
            let event = crate::services::audit::Event::new(
                "cli",
                "staff.created",
                id,
                serde_json::json!({"email": email, "role": role.as_str()}),
            );
            crate::services::audit::record(&state.store, provider.id, now, event).await?;
            println!("{email} ({}) can sign in at /console", role.as_str());
        }
        StaffCommand::Password { email, storage } => {
            let password = read_password()?;
            crate::crypto::password::check_policy(&password)
                .map_err(|why| anyhow::anyhow!("password: {why}"))?;
            let state = offline_state(storage).await?;
            let email = email.trim().to_lowercase();
            let hash = crate::crypto::password::hash(&password)?;
            if !state.store.set_staff_password(&email, &hash).await? {
                anyhow::bail!("no staff account {email}");
            }
            println!("new password set for {email}");
        }
    }
    Ok(())
}

async fn keys(command: KeysCommand) -> anyhow::Result<()> {
    let (slug, storage) = match &command {
        KeysCommand::List { provider, storage }
        | KeysCommand::Rotate { provider, storage }
        | KeysCommand::Compromised {
            provider, storage, ..
        } => (provider.clone(), storage.clone()),
    };
    let state = offline_state(storage).await?;
    let provider = provider_named(&state, &slug).await?;
    let clock = state.clock.as_ref();
    let change = match command {
        KeysCommand::List { .. } => {
            for k in state.store.keys(provider.id).await? {
                let status = match (k.compromised_since, k.active) {
                    (Some(at), _) => format!(
                        "compromised since {} ({})",
                        crate::support::clock::format_utc(at),
                        k.compromise_reason.unwrap_or_default()
                    ),
                    (None, true) => "active (signs)".to_owned(),
                    (None, false) => "retired (verifies what it signed)".to_owned(),
                };
                println!(
                    "{}  created {}  {status}",
                    k.key_ref,
                    crate::support::clock::format_utc(k.created_at)
                );
            }
            return Ok(());
        }
        KeysCommand::Rotate { .. } => {
            state
                .keyring
                .rotate(&state.store, clock, &provider, "cli")
                .await
        }
        KeysCommand::Compromised {
            key_ref,
            reason,
            since,
            ..
        } => {
            let since = match since {
                Some(s) => crate::support::clock::parse_datetime(&s)
                    .ok_or_else(|| anyhow::anyhow!("--since is an RFC 3339 time"))?,
                None => clock.now(),
            };
            anyhow::ensure!(!reason.trim().is_empty(), "--reason cannot be empty");
            anyhow::ensure!(since <= clock.now(), "--since cannot be in the future");
            state
                .keyring
                .mark_compromised(
                    &state.store,
                    clock,
                    &provider,
                    "cli",
                    &key_ref,
                    since,
                    reason.trim(),
                )
                .await
        }
    }
    .map_err(|e| anyhow::anyhow!("{}", describe(&e)))?;
    println!("signing key: {}", change.active);
    for k in change.retired {
        println!("retired: {k}");
    }
    Ok(())
}

fn print_offline(report: &serde_json::Value, json: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(report)?);
        return Ok(());
    }
    for p in report["problems"].as_array().into_iter().flatten() {
        println!("PROBLEM {}", p.as_str().unwrap_or_default());
    }
    for i in report["items"].as_array().into_iter().flatten() {
        if i["verified"] == true {
            println!("ok      {}", i["file"].as_str().unwrap_or_default());
        } else {
            println!(
                "FAILED  {}: {} ({})",
                i["file"].as_str().unwrap_or_default(),
                i["code"].as_str().unwrap_or_default(),
                i["detail"].as_str().unwrap_or_default()
            );
        }
    }
    if let Some(taken) = report["status_snapshot"]["taken_at"].as_str() {
        println!(
            "status as of {taken} ({} days before this check)",
            report["status_snapshot"]["age_days"]
        );
    }
    if let Some(note) = report["note"].as_str() {
        println!("{note}");
    }
    let ok = report["problems"].as_array().is_none_or(Vec::is_empty)
        && report["items"]
            .as_array()
            .is_some_and(|a| a.iter().all(|i| i["verified"] == true));
    println!("{}", if ok { "verified" } else { "NOT verified" });
    Ok(())
}

async fn trust(command: TrustCommand) -> anyhow::Result<()> {
    match command {
        TrustCommand::Import {
            file,
            anchors,
            storage,
        } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let text = text.trim();
            let input = if text.starts_with('{') {
                crate::services::trust::RegistryInput::Plain(serde_json::from_str(text)?)
            } else {
                crate::services::trust::RegistryInput::Signed(text.to_owned())
            };
            let state = offline_state(storage).await?;
            let (registry, source) = crate::services::trust::read_registry(&state, input, &anchors)
                .await
                .map_err(|e| anyhow::anyhow!("{}", describe(&e)))?;
            let (stored, removed) = state
                .store
                .replace_registry(&source, &registry.issuers, state.clock.now())
                .await?;
            println!("{source}: {stored} issuer(s) stored, {removed} removed");
        }
        TrustCommand::SealCas(command) => europass::seal_cas(command).await?,
        TrustCommand::List { storage } => {
            let state = offline_state(storage).await?;
            for r in state.store.trusted_issuer_records().await? {
                println!(
                    "{} {} ({}) from {}",
                    r.did, r.entry.name, r.entry.country, r.source
                );
                for a in &r.entry.authorisations {
                    println!(
                        "  {:?} {} from {} until {} on the authority of {}",
                        a.scope,
                        a.achievement,
                        a.from.as_deref().unwrap_or("the start"),
                        a.until.as_deref().unwrap_or("further notice"),
                        a.authority
                    );
                }
            }
        }
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

fn show_progress(p: Progress) {
    let pct = (p.written * 100).checked_div(p.total).unwrap_or(100);
    let line = format!(
        "  {}/{} rows written ({pct}%), {} unit credentials issued",
        p.written, p.total, p.credentials_issued
    );
    if std::io::stderr().is_terminal() {
        eprint!("\r{line}");
    } else {
        eprintln!("{line}");
    }
}

fn print_import_report(r: &ImportReport) {
    println!(
        "{} rows: {} recorded, {} already recorded, {} rejected",
        r.rows, r.recorded, r.already_recorded, r.rejected
    );
    println!(
        "issued: {} unit credentials, {} qualification credentials; {} awards wait for the jury",
        r.credentials_issued, r.qualifications_issued, r.awards_pending
    );
    let rate = if r.seconds > 0.0 {
        r.credentials_issued as f64 / r.seconds
    } else {
        0.0
    };
    println!("{:.2} s ({rate:.0} unit credentials/s)", r.seconds);
    const SHOWN: usize = 50;
    for e in r.errors.iter().take(SHOWN) {
        match &e.field {
            Some(f) => println!("  row {}: {f}: {}", e.row, e.message),
            None => println!("  row {}: {}", e.row, e.message),
        }
    }
    if r.errors.len() > SHOWN {
        println!("  … {} more (use --json for all)", r.errors.len() - SHOWN);
    }
}

fn print_progress(doc: &serde_json::Value) {
    let quals = doc["qualifications"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    if quals.is_empty() {
        println!("no qualification started");
    }
    for q in quals {
        let units = q["units"].as_array().cloned().unwrap_or_default();
        let done = units
            .iter()
            .filter(|u| u["status"] == "validated" || u["status"] == "recognised")
            .count();
        println!(
            "{} v{}: {done}/{} units validated, {} of {} ECVET points required ({} offered){}",
            q["profile_code"].as_str().unwrap_or_default(),
            q["profile_version"],
            units.len(),
            q["ecvet_points_earned"],
            q["ecvet_points_required"],
            q["ecvet_points_total"],
            if q["rule"]["satisfied"] == true {
                " — rule satisfied"
            } else {
                ""
            }
        );
        for u in &units {
            let detail = match u["status"].as_str() {
                Some("validated") => format!(
                    "credential {}{}",
                    u["credential_id"].as_str().unwrap_or_default(),
                    if u["via"] == "equivalence" {
                        " (earlier version, by equivalence)"
                    } else {
                        ""
                    }
                ),
                Some("recognised") => format!(
                    "credential {}, recognising {}",
                    u["credential_id"].as_str().unwrap_or_default(),
                    u["recognised_from"].as_str().unwrap_or_default()
                ),
                Some("remediation") => format!(
                    "{} failed attempt(s){}",
                    u["failed_attempts"],
                    u["remediation_note"]
                        .as_str()
                        .map(|n| format!(": {n}"))
                        .unwrap_or_default()
                ),
                _ => String::new(),
            };
            println!(
                "  {:<10} {:<11} {:>5} pts  {detail}",
                u["unit_code"].as_str().unwrap_or_default(),
                u["status"].as_str().unwrap_or_default(),
                u["ecvet_points"],
            );
        }
        let missing: Vec<&str> = q["rule"]["missing_mandatory"]
            .as_array()
            .map(|m| m.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        if !missing.is_empty() {
            println!("  missing mandatory units: {}", missing.join(", "));
        }
        for g in q["rule"]["groups"].as_array().cloned().unwrap_or_default() {
            let got = g["validated"].as_array().map_or(0, Vec::len);
            println!(
                "  choice group {}: {got} of at least {} validated",
                g["name"].as_str().unwrap_or_default(),
                g["min"]
            );
        }
        if let Some(status) = q["award"]["status"].as_str() {
            let extra = q["award"]["credential_id"]
                .as_str()
                .map(|c| format!(" (credential {c})"))
                .or_else(|| q["award"]["reason"].as_str().map(|r| format!(": {r}")))
                .unwrap_or_default();
            println!("  award: {status}{extra}");
        }
    }
}
