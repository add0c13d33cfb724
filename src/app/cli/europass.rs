//! Europass commands: development e-seals, installing a provider's e-seal, the trusted seal
//! CAs, and a credential's sealed EDC.

use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::{describe, offline_state, provider_named};
use crate::app::config::StorageArgs;
use crate::europass::trust_list;

#[derive(Subcommand)]
pub enum SealCommand {
    /// Create a development e-seal: a self-signed CA and a seal certificate under it, with its
    /// private key, as PEM files in OUT (`seal-ca.pem`, `seal-chain.pem`, `seal-key.pem`). For
    /// the demo and tests only: Europass accepts qualified e-seal certificates (QSealC).
    Dev {
        /// Folder to write the PEM files to (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// The organisation's legal name.
        #[arg(long)]
        organisation: String,
        /// Its eIDAS organisation identifier, e.g. VATBE-0123456789.
        #[arg(long)]
        org_id: String,
        #[arg(long, default_value = "BE")]
        country: String,
        /// `rsa` (RS256, the EDCI default) or `ec` (ES256).
        #[arg(long, default_value = "rsa")]
        key: String,
        /// Days the seal certificate is valid.
        #[arg(long, default_value_t = 365)]
        days: u32,
    },
    /// Install a provider's e-seal: its certificate chain and private key as PEM files, or a
    /// PKCS#12 file whose password is read from UNITCRED_SEAL_PASSWORD, else from the first
    /// line of standard input. The previous seal is retired and kept.
    Install {
        #[arg(long)]
        provider: String,
        /// PEM certificates, the seal certificate first.
        #[arg(long, requires = "key", conflicts_with = "pkcs12")]
        chain: Option<PathBuf>,
        /// PEM private key of the seal certificate.
        #[arg(long, requires = "chain")]
        key: Option<PathBuf>,
        #[arg(long)]
        pkcs12: Option<PathBuf>,
        /// `RS256` (default for RSA keys), `PS256`, or `ES256` (P-256 keys).
        #[arg(long)]
        alg: Option<String>,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// The provider's seals: the active one and those it replaced.
    List {
        #[arg(long)]
        provider: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
}

#[derive(Subcommand)]
pub enum SealCasCommand {
    /// Trust the seal CAs of FILE: PEM certificates (added), or an EU trusted list (ETSI TS
    /// 119 612 XML, whose qualified e-seal CAs replace those of the same territory).
    Import {
        file: PathBuf,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// The trusted seal CAs and where each came from.
    List {
        #[command(flatten)]
        storage: StorageArgs,
    },
}

pub async fn seal(command: SealCommand) -> anyhow::Result<()> {
    match command {
        SealCommand::Dev {
            out,
            organisation,
            org_id,
            country,
            key,
            days,
        } => dev_seal(&out, &organisation, &org_id, &country, &key, days),
        SealCommand::Install {
            provider,
            chain,
            key,
            pkcs12,
            alg,
            storage,
        } => {
            let read =
                |p: &Path| std::fs::read(p).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()));
            let chain = chain.as_deref().map(read).transpose()?;
            let key_pem = key
                .as_deref()
                .map(read)
                .transpose()?
                .map(zeroize::Zeroizing::new);
            let p12 = pkcs12.as_deref().map(read).transpose()?;
            let password = match p12 {
                Some(_) => Some(zeroize::Zeroizing::new(read_seal_password()?)),
                None => None,
            };
            let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
            let seal = crate::http::europass::read_seal(
                chain.as_deref().map(text).as_deref(),
                key_pem.as_deref().map(|k| text(k)).as_deref(),
                p12.as_deref(),
                password.as_deref().map(String::as_str),
                alg.as_deref(),
            )
            .map_err(|e| anyhow::anyhow!("{}", describe(&e)))?;
            let state = offline_state(storage).await?;
            let provider = provider_named(&state, &provider).await?;
            let record = state
                .keyring
                .install_seal(&state.store, state.clock.as_ref(), &provider, "cli", seal)
                .await
                .map_err(|e| anyhow::anyhow!("{}", describe(&e)))?;
            println!(
                "{}: e-seal {} ({}, {}) installed, valid until {}",
                provider.slug,
                record.subject,
                record.organization_identifier,
                record.alg,
                crate::support::clock::format_utc(record.not_after)
            );
            Ok(())
        }
        SealCommand::List { provider, storage } => {
            let state = offline_state(storage).await?;
            let provider = provider_named(&state, &provider).await?;
            for s in state.store.seals(provider.id).await? {
                let status = match s.retired_at {
                    None => "active (seals)".to_owned(),
                    Some(at) => format!("retired {}", crate::support::clock::format_utc(at)),
                };
                println!(
                    "{}  {}  {}  valid until {}  {status}",
                    &s.sha256[..16],
                    s.alg,
                    s.subject,
                    crate::support::clock::format_utc(s.not_after)
                );
            }
            Ok(())
        }
    }
}

pub async fn seal_cas(command: SealCasCommand) -> anyhow::Result<()> {
    match command {
        SealCasCommand::Import { file, storage } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let (certs, source, replace) = if text.trim_start().starts_with('<') {
                let list = trust_list::from_trusted_list(&text).map_err(anyhow::Error::msg)?;
                (list.anchors.clone(), list.source(), true)
            } else {
                let certs = trust_list::from_pem(&text).map_err(anyhow::Error::msg)?;
                (certs, "operator".to_owned(), false)
            };
            let state = offline_state(storage).await?;
            let now = state.clock.now();
            let records = certs
                .iter()
                .map(|c| trust_list::record(c, &source, now))
                .collect::<Result<Vec<_>, _>>()
                .map_err(anyhow::Error::msg)?;
            let (stored, removed) = state
                .store
                .replace_seal_anchors(&source, &records, replace)
                .await?;
            println!("{source}: {stored} seal CA(s) trusted, {removed} removed");
            Ok(())
        }
        SealCasCommand::List { storage } => {
            let state = offline_state(storage).await?;
            for a in state.store.seal_anchors().await? {
                println!(
                    "{}  {}  until {}  from {}",
                    &a.sha256[..16],
                    a.subject,
                    crate::support::clock::format_utc(a.not_after),
                    a.source
                );
            }
            Ok(())
        }
    }
}

fn read_seal_password() -> anyhow::Result<String> {
    if let Ok(p) = std::env::var("UNITCRED_SEAL_PASSWORD") {
        return Ok(p);
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

fn dev_seal(
    out: &Path,
    organisation: &str,
    org_id: &str,
    country: &str,
    key: &str,
    days: u32,
) -> anyhow::Result<()> {
    use crate::europass::certs::{KeyKind, dev_seal};
    let kind = match key {
        "rsa" => KeyKind::Rsa2048,
        "ec" => KeyKind::EcP256,
        other => anyhow::bail!("--key is rsa or ec, not {other}"),
    };
    let seal = dev_seal(
        country,
        organisation,
        org_id,
        kind,
        time::OffsetDateTime::now_utc() - time::Duration::minutes(5),
        days,
    )?;
    std::fs::create_dir_all(out)?;
    std::fs::write(out.join("seal-ca.pem"), &seal.ca_pem)?;
    std::fs::write(out.join("seal-chain.pem"), &seal.chain_pem)?;
    let key_path = out.join("seal-key.pem");
    std::fs::write(&key_path, &seal.key_pem)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key_path, std::fs::Permissions::from_mode(0o600))?;
    }
    println!(
        "development seal for {organisation} ({org_id}) written to {}: seal-ca.pem (trust anchor), \
         seal-chain.pem, seal-key.pem (private, 0600). Not for production: use a QSealC.",
        out.display()
    );
    Ok(())
}
