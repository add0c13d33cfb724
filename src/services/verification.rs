//! The server's verifier: keys from this server or fetched (did:web) or derived (did:key),
//! status lists from the database or fetched, and the trust registry as it stands. Every
//! server-side verification (the public endpoint, bundles, recognitions) goes through it.

use crate::domain::trust::{Lookup, TrustSource, local_entry};
use crate::error::{ApiError, ApiResult};
use crate::services::Services;
use crate::services::status::ServerStatusSource;
use serde_json::{Value, json};

use crate::crypto::did;
use crate::verify::resolver::{ResolveError, WebDocuments};
use crate::verify::{Detail, Message, Resolver, Verifier};

/// Keys as this server finds them: did:key derived, its own providers' did:web documents
/// from the database, other did:web documents fetched.
pub fn resolver(state: &Services) -> Resolver {
    Resolver::Web(std::sync::Arc::new(ServerDids {
        store: state.store.clone(),
        keyring: state.keyring.clone(),
        public_host: state.settings.public_host().to_owned(),
        fetcher: Some(state.fetcher.clone()),
        published: state.published.clone(),
    }))
}

/// did:web documents as this server knows them: its own providers' from the database, held
/// in memory until a change (a rotation is seen at once), other servers' over HTTPS through
/// the shared fetcher (timeout, size limit, cache) when there is one.
pub struct ServerDids {
    pub store: crate::storage::Store,
    pub keyring: std::sync::Arc<crate::services::keys::Keyring>,
    pub public_host: String,
    pub fetcher: Option<std::sync::Arc<crate::support::fetch::Fetcher>>,
    pub published: std::sync::Arc<crate::services::published::Published>,
}

impl WebDocuments for ServerDids {
    fn web_document<'a>(
        &'a self,
        controller: &'a str,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Value, ResolveError>> + Send + 'a>>
    {
        Box::pin(async move {
            let Self {
                store,
                keyring,
                public_host,
                fetcher,
                published,
            } = self;
            let Some(url) = did::did_web_document_url(controller) else {
                return Err(ResolveError::Unsupported(controller.to_owned()));
            };
            let prefix = format!("https://{public_host}/providers/");
            if !url.starts_with(&format!("https://{public_host}/")) {
                let Some(fetcher) = fetcher else {
                    return Err(ResolveError::Unsupported(controller.to_owned()));
                };
                let doc = fetcher
                    .json(&url, |_| None)
                    .await
                    .map_err(|e| ResolveError::Fetch(e.to_string()))?;
                if doc.get("id").and_then(Value::as_str) != Some(controller) {
                    return Err(ResolveError::WrongDocument(url, controller.to_owned()));
                }
                return Ok(doc);
            }
            let slug = url
                .strip_prefix(&prefix)
                .and_then(|rest| rest.strip_suffix("/did.json"))
                .filter(|s| !s.contains('/'))
                .ok_or_else(|| ResolveError::Unsupported(controller.to_owned()))?;
            let load = async {
                let provider = store
                    .provider_by_slug(slug)
                    .await
                    .map_err(|e| ResolveError::Storage(e.to_string()))?
                    .filter(|p| p.did == controller)
                    .ok_or_else(|| ResolveError::UnknownProvider(controller.to_owned()))?;
                keyring
                    .did_document(store, &provider)
                    .await
                    .map_err(|e| ResolveError::Storage(e.to_string()))
            };
            published
                .get_or_load(store.generation(), format!("did {controller}"), load)
                .await
        })
    }
}

/// The server's registry, read per issuer: a stored entry, else one of this server's
/// providers (trusted for its own achievements).
pub struct ServerTrust {
    pub state: Services,
}

impl TrustSource for ServerTrust {
    fn lookup<'a>(&'a self, did: &'a str) -> Lookup<'a> {
        Box::pin(async move {
            let store = &self.state.store;
            let load = async {
                let local = match did.strip_prefix("eidas:") {
                    Some(org) => store.provider_by_seal_organization(org).await,
                    None => store.provider_by_did(did).await,
                };
                if let Some(local) = local.map_err(|e| e.to_string())? {
                    return Ok(Some((
                        local_entry(&self.state.settings.public_url, &local),
                        "this server".to_owned(),
                    )));
                }
                store.trusted_issuer(did).await.map_err(|e| e.to_string())
            };
            self.state
                .published
                .get_or_load(store.generation(), format!("trust {did}"), load)
                .await
        })
    }
}

pub struct ServerVerification {
    state: Services,
    resolver: Resolver,
    status: ServerStatusSource,
    trust: ServerTrust,
    seals: ServerSealAnchors,
}

/// The seal CAs the operator trusts (PEM anchors and imported EU trusted lists), read when
/// an EDC is verified.
pub struct ServerSealAnchors {
    pub state: Services,
}

impl crate::verify::SealAnchors for ServerSealAnchors {
    fn anchors(&self) -> crate::verify::edc::Anchors<'_> {
        Box::pin(async move {
            let store = &self.state.store;
            let load = async {
                let records = store.seal_anchors().await.map_err(|e| e.to_string())?;
                Ok(records
                    .iter()
                    .filter_map(|r| openssl::x509::X509::from_pem(r.pem.as_bytes()).ok())
                    .collect())
            };
            self.state
                .published
                .get_or_load(store.generation(), "seal anchors".to_owned(), load)
                .await
        })
    }
}

impl ServerVerification {
    pub async fn new(state: &Services) -> ApiResult<Self> {
        Ok(Self {
            state: state.clone(),
            resolver: resolver(state),
            status: ServerStatusSource {
                state: state.clone(),
            },
            trust: ServerTrust {
                state: state.clone(),
            },
            seals: ServerSealAnchors {
                state: state.clone(),
            },
        })
    }

    pub fn verifier(&self) -> Verifier<'_> {
        Verifier {
            loader: self.state.loader,
            resolver: &self.resolver,
            schemas: &self.state.schemas,
            now: self.state.clock.now(),
            status: Some(&self.status),
            trust: Some(&self.trust),
            seals: Some(&self.seals),
        }
    }
}

/// A stored credential's default form, or its sealed EDC (made if needed); `None` if there is
/// no such credential.
pub async fn stored_form(state: &Services, id: uuid::Uuid, edc: bool) -> ApiResult<Option<Value>> {
    let doc = if edc {
        let Some(provider) = state.store.credential_issuer(id).await? else {
            return Ok(None);
        };
        crate::services::forms::credential_document(
            state,
            &provider,
            id,
            crate::domain::credential::FORMAT_EDC,
        )
        .await?
    } else {
        match state
            .store
            .credential_document(id, crate::domain::credential::FORMAT_DI_RDFC)
            .await?
        {
            Some(doc) => doc,
            None => return Ok(None),
        }
    };
    Ok(Some(
        serde_json::from_slice(&doc.body).map_err(anyhow::Error::from)?,
    ))
}

/// The verifier's answer as a document: `verified`, the checks, trust and parts, and for a
/// failure the RFC 9457 problem fields. Shared by the API and the verifier page. It takes the
/// credential by value: the work may move to another thread.
pub async fn verification(state: &Services, vc: Value, inline: Vec<Value>) -> ApiResult<Value> {
    let mut budget = SMALL_CREDENTIAL;
    let small = inline.is_empty() && within(&vc, &mut budget);
    let owned = state.clone();
    let work = async move { verify_here(&owned, &vc, &inline).await };
    let done = if small {
        state.offload.run_small(work).await
    } else {
        state.offload.run(work).await
    };
    done.map_err(|e| ApiError::Internal(e.into()))?
}

/// The size, in bytes of keys and scalars, up to which a credential's verification is small
/// work (see `Offload::run_small`): an ordinary unit or qualification credential is 3–6 KB,
/// verified in a fraction of a millisecond.
const SMALL_CREDENTIAL: usize = 16 * 1024;

/// Whether `v` fits in `budget` bytes of keys and scalars (spending them); stops early.
fn within(v: &Value, budget: &mut usize) -> bool {
    let cost = match v {
        Value::String(s) => s.len(),
        Value::Array(items) => {
            return items.iter().all(|i| within(i, budget));
        }
        Value::Object(map) => {
            return map
                .iter()
                .all(|(k, v)| spend(budget, k.len()) && within(v, budget));
        }
        _ => 8,
    };
    spend(budget, cost)
}

fn spend(budget: &mut usize, cost: usize) -> bool {
    match budget.checked_sub(cost) {
        Some(left) => {
            *budget = left;
            true
        }
        None => false,
    }
}

async fn verify_here(state: &Services, vc: &Value, inline: &[Value]) -> ApiResult<Value> {
    let server = ServerVerification::new(state).await?;
    let verifier = server.verifier();
    let result = verifier
        .verify(vc)
        .await
        .map_err(|e| ApiError::Internal(anyhow::Error::new(e)))?;
    // A qualification credential's parts: the unit credentials it names in relatedResource,
    // given inline in options.relatedCredentials or stored on this server.
    let mut parts = Vec::new();
    if let (None, Some(credential)) = (&result.failure, &result.credential) {
        parts =
            crate::verify::parts::verify_parts(&verifier, credential, inline, Some(&state.store))
                .await
                .map_err(|e| ApiError::Internal(anyhow::Error::new(e)))?;
    }
    let mut checks = json!(result.checks);
    let failed_part = parts.iter().find(|p| p.status == "failed");
    if !parts.is_empty() {
        let doubtful = parts
            .iter()
            .any(|p| p.status == "unavailable" || p.status == "warning");
        let status = match (failed_part, doubtful) {
            (Some(_), _) => "failed",
            (None, true) => "warning",
            (None, false) => "passed",
        };
        if let Some(list) = checks.as_array_mut() {
            let detail = Detail(Some(
                Message::new("v-parts").num("count", parts.len() as i64),
            ));
            let mut check = json!({"check": "parts", "status": status});
            if let (Some(check), Value::Object(detail)) = (check.as_object_mut(), json!(detail)) {
                check.extend(detail);
            }
            list.push(check);
        }
    }
    if let Some(part) = failed_part {
        let why = part.detail.0.clone().unwrap_or_else(|| Message::raw(""));
        let detail = Message::new("v-part_failed")
            .arg("id", &part.id)
            .part("detail", why);
        let mut body = problem_body(
            "https://www.w3.org/TR/vc-data-model#CRYPTOGRAPHIC_SECURITY_ERROR",
            "A referenced unit credential is invalid",
            "invalid_part",
            &detail,
            checks,
        );
        body["parts"] = json!(parts);
        return Ok(body);
    }
    match &result.failure {
        None => Ok(json!({
            "verified": true, "format": result.format, "credentialId": result.credential_id,
            "issuer": result.issuer, "checks": checks, "trust": result.trust, "parts": parts, "warnings": result.checks.iter()
                .filter(|c| c.status == crate::verify::CheckStatus::Warning).filter_map(|c| c.detail.0.as_ref().map(Message::english)).collect::<Vec<_>>(),
            "seal": result.seal,
        })),
        Some((failure, detail)) => {
            let mut body = problem_body(
                failure.problem_type(),
                title(failure.code()),
                failure.code(),
                detail,
                checks,
            );
            if let Some(trust) = &result.trust {
                body["trust"] = json!(trust);
            }
            if let Some(seal) = &result.seal {
                body["seal"] = json!(seal);
            }
            Ok(body)
        }
    }
}

fn title(code: &str) -> &'static str {
    match code {
        "malformed_credential" => "Malformed credential",
        "unknown_context" => "Unknown JSON-LD context",
        "invalid_json_ld" => "Invalid JSON-LD",
        "unsupported_proof" => "Unsupported proof",
        "unsupported_algorithm" => "Unsupported algorithm",
        "malformed_proof" => "Malformed proof",
        "unknown_key" => "Unknown verification key",
        "controller_mismatch" => "Key not controlled by the issuer",
        "invalid_signature" => "Invalid signature",
        "not_yet_valid" => "Credential not yet valid",
        "expired" => "Credential expired",
        "schema_violation" => "Schema violation",
        "issuer_not_authorised" => "Issuer not authorised for this achievement",
        "limit_exceeded" => "Credential exceeds the verifier's limits",
        "certificate_invalid" => "Seal certificate not valid at the signing time",
        _ => "Verification failed",
    }
}

pub fn problem_body(kind: &str, title: &str, code: &str, detail: &Message, checks: Value) -> Value {
    let mut body = json!({"type": kind, "title": title, "status": 400, "detail": detail.english(),
                          "message": detail, "code": code, "verified": false});
    if !checks.is_null() {
        body["checks"] = checks;
    }
    body
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::within;

    #[test]
    fn small_is_counted_in_bytes_of_keys_and_scalars() {
        let vc = json!({"id": "urn:x", "type": ["A", "B"], "n": 1, "nested": {"k": null}});
        // id 2 + 5, type 4 + 1 + 1, n 1 + 8, nested 6 + k 1 + 8.
        let mut budget = 37;
        assert!(within(&vc, &mut budget));
        assert_eq!(budget, 0);
        let mut budget = 36;
        assert!(!within(&vc, &mut budget));
        let big = json!({"proof": "x".repeat(super::SMALL_CREDENTIAL)});
        let mut budget = super::SMALL_CREDENTIAL;
        assert!(!within(&big, &mut budget));
    }
}
