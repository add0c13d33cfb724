//! Administration commands: the audit log, staff accounts, signing keys, the trust registry.

use clap::Subcommand;

use super::*;

#[derive(Subcommand)]
pub(super) enum AuditCommand {
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
pub(super) enum TrustCommand {
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
pub(super) enum StaffCommand {
    /// Add a staff account to a provider.
    Add {
        #[arg(long)]
        provider: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// `admin`, `assessor` or `tutor`.
        #[arg(long, default_value = "assessor")]
        role: String,
        /// A tutor's company (its id, as `GET /v1/companies` lists it).
        #[arg(long)]
        company: Option<uuid::Uuid>,
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
pub(super) enum KeysCommand {
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

pub(super) async fn audit(command: AuditCommand) -> anyhow::Result<()> {
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

pub(super) async fn staff(command: StaffCommand) -> anyhow::Result<()> {
    match command {
        StaffCommand::Add {
            provider,
            email,
            name,
            role,
            company,
            storage,
        } => {
            let request = crate::http::staff::NewStaffRequest {
                email,
                name,
                role,
                password: read_password()?,
                company_id: company,
            };
            let (email, role) = request
                .validate()
                .map_err(|e| anyhow::anyhow!("invalid account: {e}"))?;
            let state = offline_state(storage).await?;
            let provider = provider_named(&state, &provider).await?;
            crate::services::workplace::check_company(&state, provider.id, request.company_id)
                .await
                .map_err(|e| anyhow::anyhow!("invalid account: {e}"))?;
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
                    company_id: request.company_id,
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

pub(super) async fn keys(command: KeysCommand) -> anyhow::Result<()> {
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

pub(super) async fn trust(command: TrustCommand) -> anyhow::Result<()> {
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
