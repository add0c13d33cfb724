//! Loading a referential file (qualification profiles and their units) for a provider, from
//! the command line or the demo: checked whole, then each profile version in a transaction
//! of its own.

use crate::domain::referential::ReferentialFile;
use crate::services::Services;

/// Validates the whole file first (schema, then domain rules), then imports each profile
/// version in its own transaction: new versions are inserted, unchanged ones skipped, changed
/// unlocked ones replaced, and changed locked ones refused.
pub async fn import_referential(
    state: &Services,
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
                let id = tx.insert_profile(provider.id, p, now).await?;
                let event = crate::services::audit::profile("cli", "profile.created", id, p);
                crate::services::audit::append(&mut tx, provider.id, now, &[event]).await?;
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
                let event =
                    crate::services::audit::profile("cli", "profile.replaced", existing.id, p);
                crate::services::audit::append(&mut tx, provider.id, now, &[event]).await?;
                tx.commit().await?;
                report.push(format!("{} v{}: updated", p.code, p.version));
            }
        }
    }
    Ok(report)
}
