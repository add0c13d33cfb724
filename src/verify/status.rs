//! The status check (Bitstring Status List v1.0 §3.2): for each status entry, obtain the list
//! credential, verify it like any credential, check its purpose, decode it and read the bit.
//! Where lists come from is the caller's [`StatusSource`]; the outcome is one of valid,
//! revoked, suspended, or unavailable (the list could not be obtained or trusted).

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use super::{Failure, Message, Run, Verifier, VerifyError};
use crate::domain::status_list::Bitstring;

/// A status list credential as a source hands it, with a digest that names this very
/// document (what the verifier's cache recognises it by).
#[derive(Debug, Clone)]
pub struct Listed {
    pub document: Arc<Value>,
    pub digest: [u8; 32],
}

impl Listed {
    pub fn new(document: Value) -> Self {
        let digest = Sha256::digest(document.to_string().as_bytes()).into();
        Self {
            document: Arc::new(document),
            digest,
        }
    }
}

type ListFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, String>> + Send + 'a>>;

/// Obtains status list credentials by URL. `Err` carries why it is unavailable.
pub trait StatusSource: Send + Sync {
    fn list<'a>(&'a self, url: &'a str) -> ListFuture<'a, Value>;

    /// The list with its digest. A source that keeps lists overrides it to digest each one
    /// once, not at every credential checked.
    fn listed<'a>(&'a self, url: &'a str) -> ListFuture<'a, Listed> {
        Box::pin(async move { self.list(url).await.map(Listed::new) })
    }

    /// True for a snapshot taken earlier (a wallet bundle): each list is checked as of its
    /// own `validFrom`, so the answer is the status on the day the snapshot was taken.
    fn snapshot(&self) -> bool {
        false
    }

    /// Where verified lists are remembered, if anywhere.
    fn cache(&self) -> Option<&ListCache> {
        None
    }
}

/// How far ahead of the verifier's clock a live status list may say it starts.
const LIST_CLOCK_SKEW: time::Duration = time::Duration::minutes(1);

/// One bit to read.
struct Entry {
    purpose: String,
    index: usize,
    url: String,
}

fn entries(credential: &Value) -> Result<Vec<Entry>, String> {
    let list: Vec<&Value> = match credential.get("credentialStatus") {
        None => return Ok(Vec::new()),
        Some(Value::Array(a)) => a.iter().collect(),
        Some(other) => vec![other],
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
                    url: crate::domain::status_list::suspension_sibling(&e.url)?,
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
            run.pass("status", Message::new("v-no_status"));
            return Ok(());
        }
        let Some(source) = self.status else {
            run.warn("status", Message::new("v-status_offline"));
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
                        Message::new("v-status_unavailable")
                            .arg("purpose", &entry.purpose)
                            .arg("why", why),
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
                    Message::new("v-status_set")
                        .arg("status", failure.code())
                        .arg("index", entry.index)
                        .arg("url", &entry.url),
                );
                return Ok(());
            }
            checked.push(entry.purpose.clone());
        }
        run.pass(
            "status",
            Message::new("v-status_clear").arg("list", checked.join(", ")),
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
        let list = match self.verified_list(source, &entry.url).await? {
            Ok(list) => list,
            Err(e) => return Ok(Err(e)),
        };
        if list.issuer != issuer {
            return Ok(Err("the status list has another issuer".into()));
        }
        if !list.purposes.contains(&entry.purpose) {
            return Ok(Err(format!(
                "the status list is not a BitstringStatusList for {}",
                entry.purpose
            )));
        }
        Ok(list.bits.get(entry.index, 1).map_err(|e| e.to_string()))
    }

    /// The list at `url`, verified and decoded: from the source's cache when the source hands
    /// back the very same document and it is still valid, else checked in full.
    async fn verified_list(
        &self,
        source: &dyn StatusSource,
        url: &str,
    ) -> Result<Result<Arc<VerifiedList>, String>, VerifyError> {
        let Listed {
            document: list,
            digest,
        } = match source.listed(url).await {
            Ok(listed) => listed,
            Err(e) => return Ok(Err(e)),
        };
        if let Some(hit) = source.cache().and_then(|c| c.get(url, &digest, self.now)) {
            return Ok(Ok(hit));
        }
        // The list is a credential like any other, checked without a status of its own. A
        // snapshot is read as of its own day; a live list may have been signed a moment after
        // this verification began (by the request that asked for it, or on a server whose
        // clock runs a little ahead), so a list valid from at most a minute on is read then.
        let valid_from = list
            .get("validFrom")
            .and_then(Value::as_str)
            .and_then(crate::support::clock::parse_datetime);
        let as_of = match valid_from {
            Some(from) if source.snapshot() => from,
            Some(from) if from > self.now && from - self.now <= LIST_CLOCK_SKEW => from,
            _ => self.now,
        };
        let inner = Verifier {
            loader: self.loader,
            resolver: self.resolver,
            schemas: self.schemas,
            now: as_of,
            status: None,
            trust: None,
            seals: None,
        };
        let verified = Box::pin(inner.verify(&list)).await?;
        if let Some((_, why)) = &verified.failure {
            return Ok(Err(format!(
                "the status list does not verify: {}",
                why.english()
            )));
        }
        if list.get("id").and_then(Value::as_str) != Some(url) {
            return Ok(Err("the status list's id is not its URL".into()));
        }
        let subject = &list["credentialSubject"];
        if subject["type"] != "BitstringStatusList" {
            return Ok(Err("the status list is not a BitstringStatusList".into()));
        }
        let purposes = match &subject["statusPurpose"] {
            Value::String(p) => vec![p.clone()],
            Value::Array(a) => a
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        };
        let Some(encoded) = subject["encodedList"].as_str() else {
            return Ok(Err("the status list has no encodedList".into()));
        };
        let bits = match Bitstring::decode(encoded) {
            Ok(bits) => bits,
            Err(e) => return Ok(Err(e.to_string())),
        };
        let valid_until = list
            .get("validUntil")
            .and_then(Value::as_str)
            .and_then(crate::support::clock::parse_datetime);
        let verified = Arc::new(VerifiedList {
            issuer: verified.issuer.unwrap_or_default(),
            purposes,
            bits,
        });
        if let Some(cache) = source.cache() {
            cache.put(url, digest, valid_until, self.now, verified.clone());
        }
        Ok(Ok(verified))
    }
}

/// A status list that passed verification, decoded.
pub struct VerifiedList {
    issuer: String,
    purposes: Vec<String>,
    bits: Bitstring,
}

/// Status lists already verified, by URL and digest of the document: the same list is
/// checked once, not at every credential that points at it. An entry is kept at most five
/// minutes and never past the list's `validUntil`.
#[derive(Default)]
pub struct ListCache {
    entries: Mutex<HashMap<String, CachedList>>,
}

struct CachedList {
    digest: [u8; 32],
    until: OffsetDateTime,
    list: Arc<VerifiedList>,
}

const CACHE_FOR: time::Duration = time::Duration::minutes(5);
const CACHE_ENTRIES: usize = 4096;

impl ListCache {
    fn get(&self, url: &str, digest: &[u8; 32], now: OffsetDateTime) -> Option<Arc<VerifiedList>> {
        let entries = self.entries.lock().ok()?;
        let hit = entries.get(url)?;
        (hit.digest == *digest && now < hit.until).then(|| hit.list.clone())
    }

    fn put(
        &self,
        url: &str,
        digest: [u8; 32],
        valid_until: Option<OffsetDateTime>,
        now: OffsetDateTime,
        list: Arc<VerifiedList>,
    ) {
        let until = valid_until.map_or(now + CACHE_FOR, |v| v.min(now + CACHE_FOR));
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= CACHE_ENTRIES {
                entries.retain(|_, e| e.until > now);
                if entries.len() >= CACHE_ENTRIES {
                    entries.clear();
                }
            }
            entries.insert(
                url.to_owned(),
                CachedList {
                    digest,
                    until,
                    list,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn cached_lists_are_reused_only_while_identical_and_fresh() {
        let cache = ListCache::default();
        let now = datetime!(2026-06-30 09:00:00 UTC);
        let list = Arc::new(VerifiedList {
            issuer: "did:web:x".into(),
            purposes: vec!["revocation".into()],
            bits: Bitstring::new(crate::domain::status_list::MIN_BITS),
        });
        let url = "https://x/status/revocation/0";
        cache.put(
            url,
            [1; 32],
            Some(now + time::Duration::minutes(2)),
            now,
            list,
        );
        assert!(cache.get(url, &[1; 32], now).is_some());
        // Another document at the same URL (the list changed): verify it again.
        assert!(cache.get(url, &[2; 32], now).is_none());
        // Never past the list's own validUntil, nor five minutes.
        assert!(
            cache
                .get(url, &[1; 32], now + time::Duration::minutes(3))
                .is_none()
        );
        cache.put(
            url,
            [1; 32],
            None,
            now,
            Arc::new(VerifiedList {
                issuer: String::new(),
                purposes: Vec::new(),
                bits: Bitstring::new(0),
            }),
        );
        assert!(
            cache
                .get(url, &[1; 32], now + time::Duration::minutes(4))
                .is_some()
        );
        assert!(
            cache
                .get(url, &[1; 32], now + time::Duration::minutes(6))
                .is_none()
        );
    }

    struct OneList(Value);

    impl StatusSource for OneList {
        fn list<'a>(
            &'a self,
            _: &'a str,
        ) -> Pin<Box<dyn Future<Output = Result<Value, String>> + Send + 'a>> {
            Box::pin(async move { Ok(self.0.clone()) })
        }
    }

    /// A live list signed a moment after the verification began (as when the request itself
    /// asks the server to sign it) is read as of its own start; one much later is not.
    #[tokio::test]
    async fn a_list_signed_a_moment_after_the_check_began_is_read() {
        use crate::crypto::di::{self, Cryptosuite, ProofOptions};
        use crate::crypto::{did, keys::SigningKeyPair};
        let signing = crate::app::cli::bench::dev_key().unwrap();
        let vm = did::did_key_vm(&signing.verifying_key());
        let pair = SigningKeyPair::new(vm.clone(), vm.clone(), signing.clone());
        let loader = crate::jsonld::ContextLoader::pinned();
        let schemas = crate::domain::schema::Schemas::load().unwrap();
        let now = datetime!(2026-06-30 09:00:00 UTC);
        let sign = |doc: &Value, at| {
            let options = ProofOptions {
                suite: Cryptosuite::EddsaRdfc2022,
                verification_method: &vm,
                created: at,
                proof_purpose: "assertionMethod",
            };
            di::add_proof(doc, &options, &pair, loader).unwrap()
        };
        let credential = sign(
            &crate::app::cli::bench::sample_credential(&signing).unwrap(),
            now,
        );
        let url = credential["credentialStatus"]["statusListCredential"]
            .as_str()
            .unwrap()
            .to_owned();
        let list_at = |from: time::OffsetDateTime| {
            let unsigned = crate::domain::status_list::list_document(
                &url,
                &did::did_key(&signing.verifying_key()),
                "revocation",
                &Bitstring::new(crate::domain::status_list::MIN_BITS),
                from,
                from + time::Duration::hours(24),
            )
            .unwrap();
            OneList(sign(&unsigned, from))
        };
        let resolver = super::super::Resolver::Offline;
        for (offset, readable) in [(1, true), (50, true), (120, false)] {
            let source = list_at(now + time::Duration::seconds(offset));
            let verifier = Verifier {
                loader,
                resolver: &resolver,
                schemas: &schemas,
                now,
                status: Some(&source),
                trust: None,
                seals: None,
            };
            let v = verifier.verify(&credential).await.unwrap();
            let status = v.checks.iter().find(|c| c.check == "status").unwrap();
            // The sibling suspension list is the same document here, so it fails its purpose
            // check once readable: what matters is whether the list was read at all.
            let read = !status
                .detail
                .0
                .as_ref()
                .map(Message::english)
                .unwrap_or_default()
                .contains("does not verify");
            assert_eq!(read, readable, "{offset} s: {status:?}");
        }
    }
}
