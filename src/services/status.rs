//! Credential status: status entries in issued credentials, the published (signed) status
//! list credentials, and revoking, suspending and reinstating credentials.
//!
//! Each credential owns one index, reserved at random before it is signed. The credential
//! carries one `BitstringStatusListEntry` (purpose `revocation`), because the Open Badges 3.0
//! schema allows `credentialStatus` to be a single object and every OB verifier checks
//! revocation. Suspension uses the same index in a sibling list whose URL differs only by
//! the purpose segment (`…/status/revocation/N` → `…/status/suspension/N`); unitcred's
//! verifier checks both.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use time::Duration;
use uuid::Uuid;

use crate::domain::ValidationErrors;
use crate::domain::credential::FORMAT_DI_RDFC;
use crate::domain::provider::Provider;
use crate::domain::status_list::{
    Bitstring, LIST_VALIDITY, REVOCATION, SUSPENSION, list_document, list_url,
};
use crate::error::{ApiError, ApiResult};
use crate::services::Services;
use crate::services::audit;
use crate::services::forms::sign_form_single;
use crate::storage::{LIST_BITS, PublishedList, StatusSlot};
use crate::support::clock::format_utc;
use crate::verify::Listed;
use sha2::Digest;

/// A stored list is re-signed once it has less than this left, so it is always served with
/// at least half a day of validity.
const REFRESH_BEFORE: Duration = Duration::hours(12);

pub async fn reserve(
    state: &Services,
    provider: &Provider,
    n: usize,
) -> ApiResult<Vec<StatusSlot>> {
    if n == 0 {
        return Ok(Vec::new());
    }
    Ok(state
        .store
        .reserve_status_slots(provider.id, n, state.clock.now())
        .await?)
}

pub async fn reserve_one(state: &Services, provider: &Provider) -> ApiResult<StatusSlot> {
    reserve(state, provider, 1)
        .await?
        .pop()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no status index reserved")))
}

/// Status indexes reserved ahead for single issuance, a block at a time per provider: one
/// write for [`SLOT_BLOCK`] credentials instead of one each. Indexes still free when the
/// process stops stay reserved and unused (their bits stay 0), like those of a request that
/// lost a race; a list holds 131,072.
#[derive(Default)]
pub struct SlotPool {
    free: std::sync::Mutex<std::collections::HashMap<Uuid, Vec<StatusSlot>>>,
}

pub const SLOT_BLOCK: usize = 32;

impl SlotPool {
    pub async fn take(&self, state: &Services, provider: &Provider) -> ApiResult<StatusSlot> {
        let pooled = self
            .free
            .lock()
            .ok()
            .and_then(|mut free| free.get_mut(&provider.id)?.pop());
        if let Some(slot) = pooled {
            return Ok(slot);
        }
        let mut block = reserve(state, provider, SLOT_BLOCK).await?;
        let slot = block
            .pop()
            .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no status index reserved")))?;
        if let Ok(mut free) = self.free.lock() {
            free.entry(provider.id).or_default().extend(block);
        }
        Ok(slot)
    }
}

/// The signed status list credential `purpose`/`list` of the provider, as published: the
/// stored one while it reflects every status change and has validity left, else a new one.
/// `None` when the list does not exist.
pub async fn list_credential(
    state: &Services,
    provider: &Provider,
    purpose: &str,
    list: i32,
) -> ApiResult<Option<PublishedList>> {
    let Some(version) = state.store.status_list_version(provider.id, list).await? else {
        return Ok(None);
    };
    let now = state.clock.now();
    if let Some(stored) = state
        .store
        .published_list(provider.id, list, purpose)
        .await?
        && stored.version == version
        && stored.valid_until - now > REFRESH_BEFORE
    {
        return Ok(Some(stored));
    }
    let status = if purpose == REVOCATION {
        "revoked"
    } else {
        "suspended"
    };
    let mut bits = Bitstring::new(LIST_BITS as usize);
    for index in state
        .store
        .status_indexes(provider.id, list, status)
        .await?
    {
        bits.set(index as usize, 1, 1)
            .map_err(|e| anyhow::anyhow!("stored status index: {e}"))?;
    }
    let url = list_url(&state.settings.public_url, &provider.slug, purpose, list);
    let valid_until = now + LIST_VALIDITY;
    let unsecured = list_document(&url, &provider.did, purpose, &bits, now, valid_until)
        .map_err(anyhow::Error::from)?;
    let key = state.keyring.signing_key(&state.store, provider).await?;
    let doc = sign_form_single(state, &unsecured, &key, now, FORMAT_DI_RDFC)?;
    let published = PublishedList {
        version,
        valid_until,
        body: doc.body,
    };
    state
        .store
        .publish_list(provider.id, list, purpose, &published)
        .await?;
    Ok(Some(published))
}

/// The unsigned `BitstringStatusListCredential` at `url` holding `bits`.
/// What an admin can do to a credential's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Revoke,
    Suspend,
    Reinstate,
}

impl Action {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "revoke" => Some(Self::Revoke),
            "suspend" => Some(Self::Suspend),
            "reinstate" => Some(Self::Reinstate),
            _ => None,
        }
    }
}

pub(crate) fn check_reason(reason: &str) -> ApiResult<&str> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 1000 {
        return Err(ApiError::Validation(ValidationErrors::single(
            "reason",
            "required, at most 1000 characters",
        )));
    }
    Ok(reason)
}

/// A status change as committed: the answer, and the lists to publish again.
pub struct StatusChange {
    pub body: Value,
    pub lists: BTreeSet<i32>,
}

/// Revokes, suspends or reinstates a credential, with the reason, in one transaction with its
/// audit entries. Revoking a unit credential also suspends every qualification credential
/// that rests on it and opens a review for each. Returns the credential's new status and the
/// reviews opened.
pub async fn change_status(
    state: &Services,
    provider: &Provider,
    actor: &str,
    credential_id: Uuid,
    action: Action,
    reason: &str,
) -> ApiResult<StatusChange> {
    let reason = check_reason(reason)?;
    let now = state.clock.now();
    let mut tx = state.store.begin().await?;
    let credential = tx
        .credential_for_update(provider.id, credential_id)
        .await?
        .ok_or(ApiError::NotFound("credential"))?;
    let to = transition(&credential.status, action)?;
    let mut lists = BTreeSet::new();
    lists.extend(credential.status_list);
    let mut events = Vec::new();
    set_status(
        &mut tx,
        provider.id,
        actor,
        &credential,
        to,
        reason,
        now,
        &mut events,
    )
    .await?;
    let mut reviews = Vec::new();
    if action == Action::Revoke && credential.kind == "unit" {
        let needle = format!("urn:uuid:{credential_id}");
        for (q, body) in tx
            .qualification_documents(provider.id, credential.learner_id, FORMAT_DI_RDFC)
            .await?
        {
            if q.status == "revoked" || !rests_on(&body, &needle) {
                continue;
            }
            let why = format!("unit credential {credential_id} was revoked: {reason}");
            if q.status == "active" {
                set_status(
                    &mut tx,
                    provider.id,
                    actor,
                    &q,
                    "suspended",
                    &why,
                    now,
                    &mut events,
                )
                .await?;
                lists.extend(q.status_list);
            }
            let review = tx
                .insert_review(provider.id, q.id, credential_id, &why, now)
                .await?;
            events.push(audit::Event::new(
                actor,
                "review.opened",
                review,
                json!({"credential_id": q.id, "cause_credential_id": credential_id, "reason": why}),
            ));
            reviews.push(json!({"id": review, "credential_id": q.id}));
        }
    }
    audit::append(&mut tx, provider.id, now, &events).await?;
    tx.commit().await?;
    Ok(StatusChange {
        body: json!({"id": credential_id, "status": to, "reason": reason,
                     "changed_at": format_utc(now), "reviews_opened": reviews}),
        lists,
    })
}

/// Sets a credential's status in the transaction and adds the audit entry saying so.
#[allow(clippy::too_many_arguments)]
async fn set_status(
    tx: &mut crate::storage::Tx,
    provider_id: Uuid,
    actor: &str,
    credential: &crate::storage::CredentialRecord,
    to: &'static str,
    reason: &str,
    now: time::OffsetDateTime,
    events: &mut Vec<audit::Event>,
) -> ApiResult<()> {
    tx.set_credential_status(provider_id, credential.id, to, reason, now)
        .await?;
    events.push(audit::Event::new(
        actor,
        action_event(to),
        credential.id,
        json!({"kind": credential.kind, "learner_id": credential.learner_id,
               "from": credential.status, "to": to, "reason": reason}),
    ));
    Ok(())
}

/// The audit action of a change to `to`.
pub(crate) fn action_event(to: &str) -> &'static str {
    match to {
        "revoked" => "credential.revoked",
        "suspended" => "credential.suspended",
        _ => "credential.reinstated",
    }
}

/// The status an action leads to from `from`; revocation is final.
pub(crate) fn transition(from: &str, action: Action) -> ApiResult<&'static str> {
    match (from, action) {
        ("revoked", _) => Err(ApiError::Conflict(
            "credential_revoked",
            "the credential is revoked; revocation cannot be undone".into(),
        )),
        (_, Action::Revoke) => Ok("revoked"),
        ("active", Action::Suspend) => Ok("suspended"),
        ("suspended", Action::Suspend) => Err(ApiError::Conflict(
            "already_suspended",
            "the credential is already suspended".into(),
        )),
        ("suspended", Action::Reinstate) => Ok("active"),
        (_, Action::Reinstate) => Err(ApiError::Conflict(
            "not_suspended",
            "only a suspended credential can be reinstated".into(),
        )),
        _ => Err(ApiError::Internal(anyhow::anyhow!("unknown status {from}"))),
    }
}

/// Whether a stored qualification credential names `needle` among its related resources.
fn rests_on(body: &[u8], needle: &str) -> bool {
    serde_json::from_slice::<Value>(body).is_ok_and(|vc| {
        vc["relatedResource"]
            .as_array()
            .is_some_and(|related| related.iter().any(|r| r["id"].as_str() == Some(needle)))
    })
}

/// Re-signs the lists a change touched right away, so the next reader gets them without
/// waiting. Best effort: a failure here only delays the rebuild to the next request (a
/// list is rebuilt whenever its stored version is behind anyway).
pub async fn republish(state: &Services, provider: &Provider, lists: &BTreeSet<i32>) {
    for list in lists {
        for purpose in [REVOCATION, SUSPENSION] {
            if let Err(e) = list_credential(state, provider, purpose, *list).await {
                tracing::warn!(list, purpose, error = %e, "status list not republished");
            }
        }
    }
}

/// Records the decision on a qualification review: `reinstate` lifts the suspension, `revoke`
/// revokes the qualification credential.
pub async fn decide_review(
    state: &Services,
    provider: &Provider,
    actor: &str,
    review_id: Uuid,
    decision: &str,
    reason: &str,
) -> ApiResult<StatusChange> {
    let reason = check_reason(reason)?;
    if decision != "reinstate" && decision != "revoke" {
        return Err(ApiError::Validation(ValidationErrors::single(
            "decision",
            "must be `reinstate` or `revoke`",
        )));
    }
    let now = state.clock.now();
    let mut tx = state.store.begin().await?;
    let review = tx
        .review_for_update(provider.id, review_id)
        .await?
        .ok_or(ApiError::NotFound("review"))?;
    if review.decision.is_some() {
        return Err(ApiError::Conflict(
            "review_decided",
            "this review already has a decision".into(),
        ));
    }
    let credential = tx
        .credential_for_update(provider.id, review.credential_id)
        .await?
        .ok_or(ApiError::NotFound("credential"))?;
    let mut events = vec![audit::Event::new(
        actor,
        "review.decided",
        review_id,
        json!({"credential_id": credential.id, "decision": decision, "reason": reason}),
    )];
    let target = match (decision, credential.status.as_str()) {
        ("revoke", "revoked") | ("reinstate", "active") => None,
        ("revoke", _) => Some("revoked"),
        ("reinstate", "suspended") => Some("active"),
        _ => {
            return Err(ApiError::Conflict(
                "credential_revoked",
                "the qualification credential is revoked; it cannot be reinstated".into(),
            ));
        }
    };
    tx.decide_review(review_id, decision, reason, actor, now)
        .await?;
    if let Some(to) = target {
        let why = format!("review {review_id}: {reason}");
        set_status(
            &mut tx,
            provider.id,
            actor,
            &credential,
            to,
            &why,
            now,
            &mut events,
        )
        .await?;
    }
    audit::append(&mut tx, provider.id, now, &events).await?;
    tx.commit().await?;
    Ok(StatusChange {
        body: json!({"id": review_id, "credential_id": credential.id, "decision": decision,
                     "reason": reason, "decided_by": actor, "decided_at": format_utc(now)}),
        lists: credential.status_list.into_iter().collect(),
    })
}

/// Status lists as this server's verifier sees them: its own providers' lists straight from
/// the database (the same document the public endpoint serves), other servers' lists over
/// HTTPS through the shared [`crate::support::fetch::Fetcher`] (timeout, size limit, cache).
pub struct ServerStatusSource {
    pub state: Services,
}

impl ServerStatusSource {
    /// One of this server's lists, held in memory with the digest of its stored bytes.
    async fn local(&self, url: &str) -> Result<Option<Listed>, String> {
        let prefix = format!("{}/providers/", self.state.settings.public_url);
        let Some(rest) = url.strip_prefix(&prefix) else {
            return Ok(None);
        };
        let parts: Vec<&str> = rest.split('/').collect();
        let [slug, "status", purpose @ (REVOCATION | SUSPENSION), list] = parts.as_slice() else {
            return Err(format!("{url} is not a status list of this server"));
        };
        let list: i32 = list
            .parse()
            .map_err(|_| format!("{url} is not a status list of this server"))?;
        let state = &self.state;
        let load = async {
            let provider = state
                .store
                .provider_by_slug(slug)
                .await
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("no provider {slug} on this server"))?;
            let published = list_credential(state, &provider, purpose, list)
                .await
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("no status list {url}"))?;
            let document: Value =
                serde_json::from_slice(&published.body).map_err(|e| e.to_string())?;
            Ok(Some(Listed {
                document: std::sync::Arc::new(document),
                digest: sha2::Sha256::digest(&published.body).into(),
            }))
        };
        state
            .published
            .get_or_load(state.store.generation(), format!("list {url}"), load)
            .await
    }
}

impl crate::verify::StatusSource for ServerStatusSource {
    fn list<'a>(
        &'a self,
        url: &'a str,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Value, String>> + Send + 'a>>
    {
        Box::pin(async move { Ok(Value::clone(&self.listed(url).await?.document)) })
    }

    fn listed<'a>(
        &'a self,
        url: &'a str,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Listed, String>> + Send + 'a>>
    {
        Box::pin(async move {
            if let Some(listed) = self.local(url).await? {
                return Ok(listed);
            }
            let ttl = |doc: &Value| {
                doc["credentialSubject"]["ttl"]
                    .as_u64()
                    .map(std::time::Duration::from_millis)
            };
            self.state
                .fetcher
                .json(url, ttl)
                .await
                .map(Listed::new)
                .map_err(|e| e.to_string())
        })
    }

    fn cache(&self) -> Option<&crate::verify::ListCache> {
        Some(&self.state.list_cache)
    }
}
