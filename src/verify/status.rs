//! The status check (Bitstring Status List v1.0 §3.2): for each status entry, obtain the list
//! credential, verify it like any credential, check its purpose, decode it and read the bit.
//! Where lists come from is the caller's [`StatusSource`]; the outcome is one of valid,
//! revoked, suspended, or unavailable (the list could not be obtained or trusted).

use std::future::Future;
use std::pin::Pin;

use serde_json::Value;

use super::{Failure, Run, Verifier, VerifyError};
use crate::status::Bitstring;

/// Obtains status list credentials by URL. `Err` carries why it is unavailable.
pub trait StatusSource: Send + Sync {
    fn list<'a>(
        &'a self,
        url: &'a str,
    ) -> Pin<Box<dyn Future<Output = Result<Value, String>> + Send + 'a>>;
}

/// One bit to read.
struct Entry {
    purpose: String,
    index: usize,
    url: String,
}

fn entries(credential: &Value) -> Result<Vec<Entry>, String> {
    let list = match credential.get("credentialStatus") {
        None => return Ok(Vec::new()),
        Some(Value::Array(a)) => a.clone(),
        Some(other) => vec![other.clone()],
    };
    let mut out = Vec::new();
    for e in list {
        if e.get("type").and_then(Value::as_str) != Some("BitstringStatusListEntry") {
            continue;
        }
        let field = |name: &str| {
            e.get(name)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| format!("status entry without {name}"))
        };
        let index = field("statusListIndex")?;
        let index = index
            .parse::<usize>()
            .ok()
            .filter(|_| index.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| format!("statusListIndex {index:?} is not a base-10 integer"))?;
        if e.get("statusSize").and_then(Value::as_u64).unwrap_or(1) != 1 {
            return Err("status entries wider than one bit are not supported".into());
        }
        out.push(Entry {
            purpose: field("statusPurpose")?,
            index,
            url: field("statusListCredential")?,
        });
    }
    // unitcred publishes suspension beside revocation, at the same index (see
    // `credential_status`): check it too unless the credential names one itself.
    if !out.iter().any(|e| e.purpose == "suspension") {
        let sibling: Vec<Entry> = out
            .iter()
            .filter(|e| e.purpose == "revocation")
            .filter_map(|e| {
                Some(Entry {
                    purpose: "suspension".into(),
                    index: e.index,
                    url: crate::credential_status::suspension_sibling(&e.url)?,
                })
            })
            .collect();
        out.extend(sibling);
    }
    Ok(out)
}

impl Verifier<'_> {
    pub(super) async fn check_status(
        &self,
        credential: &Value,
        run: &mut Run,
    ) -> Result<(), VerifyError> {
        let list = match entries(credential) {
            Ok(list) => list,
            Err(e) => {
                run.fail("status", Failure::MalformedCredential, e);
                return Ok(());
            }
        };
        if list.is_empty() {
            run.pass("status", Some("no status entry".to_owned()));
            return Ok(());
        }
        let Some(source) = self.status else {
            run.warn(
                "status",
                "status lists were not consulted (offline verification)".into(),
            );
            return Ok(());
        };
        let issuer = super::issuer_of(credential).unwrap_or_default();
        let mut checked = Vec::new();
        for entry in &list {
            let bit = match self.read_bit(source, entry, &issuer).await? {
                Ok(bit) => bit,
                Err(why) => {
                    run.fail(
                        "status",
                        Failure::StatusUnavailable,
                        format!("{} status unavailable: {why}", entry.purpose),
                    );
                    return Ok(());
                }
            };
            if bit == 1 {
                let failure = match entry.purpose.as_str() {
                    "revocation" => Failure::Revoked,
                    "suspension" => Failure::Suspended,
                    _ => Failure::StatusFlagged,
                };
                run.fail(
                    "status",
                    failure,
                    format!(
                        "{}: the issuer set bit {} of {}",
                        failure.code(),
                        entry.index,
                        entry.url
                    ),
                );
                return Ok(());
            }
            checked.push(entry.purpose.clone());
        }
        run.pass(
            "status",
            Some(format!("not flagged ({})", checked.join(", "))),
        );
        Ok(())
    }

    /// The entry's bit, or why it cannot be read. The list must verify, come from the
    /// credential's issuer, be within its validity period and serve the entry's purpose.
    async fn read_bit(
        &self,
        source: &dyn StatusSource,
        entry: &Entry,
        issuer: &str,
    ) -> Result<Result<u8, String>, VerifyError> {
        let list = match source.list(&entry.url).await {
            Ok(list) => list,
            Err(e) => return Ok(Err(e)),
        };
        // The list is a credential like any other, checked without a status of its own.
        let inner = Verifier {
            loader: self.loader,
            resolver: self.resolver,
            schemas: self.schemas,
            now: self.now,
            status: None,
        };
        let verified = Box::pin(inner.verify(&list)).await?;
        if let Some((_, why)) = &verified.failure {
            return Ok(Err(format!("the status list does not verify: {why}")));
        }
        if list.get("id").and_then(Value::as_str) != Some(entry.url.as_str()) {
            return Ok(Err("the status list's id is not its URL".into()));
        }
        if verified.issuer.as_deref() != Some(issuer) {
            return Ok(Err("the status list has another issuer".into()));
        }
        let subject = &list["credentialSubject"];
        let purposes: Vec<&str> = match &subject["statusPurpose"] {
            Value::String(p) => vec![p.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if subject["type"] != "BitstringStatusList" || !purposes.contains(&entry.purpose.as_str()) {
            return Ok(Err(format!(
                "the status list is not a BitstringStatusList for {}",
                entry.purpose
            )));
        }
        let Some(encoded) = subject["encodedList"].as_str() else {
            return Ok(Err("the status list has no encodedList".into()));
        };
        Ok(Bitstring::decode(encoded)
            .and_then(|bits| bits.get(entry.index, 1))
            .map_err(|e| e.to_string()))
    }
}
