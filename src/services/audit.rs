//! The audit log: per provider, an append-only chain of what was done, by whom, when. Each
//! entry's hash covers its content and the previous entry's hash, so editing, deleting or
//! reordering an entry in the database breaks the chain at that point.
//!
//! Entries are appended in the transaction of the change they record: an event is logged if
//! and only if it happened. Appending locks the provider's chain head, so concurrent writers
//! (several processes on one PostgreSQL) queue instead of forking the chain.
//!
//! The hash is SHA-256 over the JCS (RFC 8785) form of
//! `{provider, seq, at, actor, action, subject, detail, prev}` with `prev` the previous hash in
//! hex (64 zeros for the first entry) and `at` in whole seconds, so anyone can recompute it
//! from an export. `detail` is stored in its JCS form, exactly as hashed.

use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::storage::{AuditRow, StoreResult, Tx};
use crate::support::clock::format_utc;

/// Something that happened, before it is chained.
#[derive(Debug, Clone)]
pub struct Event {
    pub actor: String,
    pub action: &'static str,
    pub subject: Option<String>,
    pub detail: Value,
}

impl Event {
    pub fn new(actor: &str, action: &'static str, subject: impl ToString, detail: Value) -> Self {
        Self {
            actor: actor.to_owned(),
            action,
            subject: Some(subject.to_string()),
            detail,
        }
    }
}

/// A credential stored, bound to the digest of its signed bytes.
pub fn issued(
    actor: &str,
    credential_id: Uuid,
    kind: &str,
    learner_id: Uuid,
    digest: &str,
) -> Event {
    Event::new(
        actor,
        "credential.issued",
        credential_id,
        json!({"kind": kind, "learner_id": learner_id, "digestMultibase": digest}),
    )
}

/// What `qualification::award_if_complete` reported: an award opened for the jury, or the
/// qualification credential issued.
pub fn award(
    actor: &str,
    learner_id: Uuid,
    profile: &crate::domain::referential::ProfileDef,
    outcome: Option<&Value>,
) -> Option<Event> {
    let outcome = outcome?;
    let detail = json!({"learner_id": learner_id, "profile": profile.code, "version": profile.version,
                        "credential_id": outcome.get("credential_id")});
    let action = match outcome.get("status").and_then(Value::as_str)? {
        "pending" => "award.opened",
        _ => "award.issued",
    };
    Some(Event::new(actor, action, learner_id, detail))
}

/// A referential change, bound to a digest of the profile version as stored.
pub fn profile(
    actor: &str,
    action: &'static str,
    id: Uuid,
    def: &crate::domain::referential::ProfileDef,
) -> Event {
    let digest = Sha256::digest(serde_json::to_vec(def).unwrap_or_default());
    Event::new(
        actor,
        action,
        id,
        json!({"code": def.code, "version": def.version, "units": def.units.len(),
               "sha256": hex::encode(digest)}),
    )
}

/// An entry as exported.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Entry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: Option<String>,
    /// The exact JSON text that was hashed.
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// SHA-256 of the entry's JCS form. `detail` is already canonical (JCS), as stored; the
/// members are written in JCS order (keys sorted) around it.
#[allow(clippy::too_many_arguments)]
pub fn entry_hash(
    provider_id: Uuid,
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    subject: Option<&str>,
    detail: &str,
    prev: &[u8],
) -> [u8; 32] {
    use crate::support::jcs::write_string;
    let mut out = String::with_capacity(256 + detail.len());
    out.push_str("{\"action\":");
    write_string(action, &mut out);
    out.push_str(",\"actor\":");
    write_string(actor, &mut out);
    out.push_str(",\"at\":");
    write_string(at, &mut out);
    out.push_str(",\"detail\":");
    out.push_str(detail);
    out.push_str(",\"prev\":\"");
    out.push_str(&hex::encode(prev));
    out.push_str("\",\"provider\":\"");
    out.push_str(&provider_id.to_string());
    out.push_str("\",\"seq\":");
    out.push_str(&seq.to_string());
    out.push_str(",\"subject\":");
    match subject {
        Some(s) => write_string(s, &mut out),
        None => out.push_str("null"),
    }
    out.push('}');
    Sha256::digest(out.as_bytes()).into()
}

/// The stored form of a detail: its JCS serialization.
fn canonical(detail: &Value) -> StoreResult<String> {
    crate::support::jcs::canonicalize(detail)
        .map_err(|e| crate::storage::StoreError::Corrupt(format!("audit detail: {e}")))
}

/// Records one event in a transaction of its own, for actions that write nothing else with it.
pub async fn record(
    store: &crate::storage::Store,
    provider_id: Uuid,
    at: OffsetDateTime,
    event: Event,
) -> StoreResult<()> {
    let mut tx = store.begin().await?;
    append(&mut tx, provider_id, at, &[event]).await?;
    tx.commit().await
}

/// Appends `events` to the provider's chain, inside `tx`.
pub async fn append(
    tx: &mut Tx,
    provider_id: Uuid,
    at: OffsetDateTime,
    events: &[Event],
) -> StoreResult<()> {
    let timed: Vec<(OffsetDateTime, &Event)> = events.iter().map(|e| (at, e)).collect();
    append_timed(tx, provider_id, &timed).await
}

/// Appends events that happened at different times (a batch of requests) to the provider's
/// chain, in order, inside `tx`: one head lock, one insert, one head update.
pub async fn append_timed(
    tx: &mut Tx,
    provider_id: Uuid,
    events: &[(OffsetDateTime, &Event)],
) -> StoreResult<()> {
    if events.is_empty() {
        return Ok(());
    }
    let (mut seq, mut prev) = tx.lock_audit_head(provider_id).await?;
    let mut rows = Vec::with_capacity(events.len());
    for &(at, e) in events {
        seq += 1;
        let at_text = format_utc(at);
        let detail = canonical(&e.detail)?;
        let hash = entry_hash(
            provider_id,
            seq,
            &at_text,
            &e.actor,
            e.action,
            e.subject.as_deref(),
            &detail,
            &prev,
        );
        rows.push(AuditRow {
            seq,
            at,
            actor: e.actor.clone(),
            action: e.action.to_owned(),
            subject: e.subject.clone(),
            detail,
            prev_hash: prev.clone(),
            hash: hash.to_vec(),
        });
        prev = hash.to_vec();
    }
    tx.insert_audit_rows(provider_id, &rows).await?;
    tx.set_audit_head(provider_id, seq, &prev).await
}

/// Where a chain stops holding together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("audit entry {seq}: {problem}")]
pub struct Break {
    pub seq: i64,
    pub problem: String,
}

/// Checks a whole chain: numbering without gaps from 1, each entry's `prev_hash` equal to the
/// previous hash, each hash recomputed from the content, and the last one equal to the head.
pub fn verify(
    provider_id: Uuid,
    entries: &[Entry],
    head: Option<(i64, &str)>,
) -> Result<usize, Break> {
    let mut prev = "0".repeat(64);
    for (i, e) in entries.iter().enumerate() {
        let expected = i as i64 + 1;
        let fail = |problem: String| Break {
            seq: e.seq,
            problem,
        };
        if e.seq != expected {
            return Err(Break {
                seq: expected,
                problem: format!("missing or out of order (found entry {} here)", e.seq),
            });
        }
        if e.prev_hash != prev {
            return Err(fail(
                "does not follow the previous entry (prev_hash differs)".into(),
            ));
        }
        let raw_prev =
            hex::decode(&e.prev_hash).map_err(|_| fail("prev_hash is not hex".into()))?;
        let detail = serde_json::from_str::<Value>(&e.detail)
            .ok()
            .and_then(|d| canonical(&d).ok())
            .filter(|d| *d == e.detail)
            .ok_or_else(|| fail("detail is not canonical JSON (edited)".into()))?;
        let hash = entry_hash(
            provider_id,
            e.seq,
            &e.at,
            &e.actor,
            &e.action,
            e.subject.as_deref(),
            &detail,
            &raw_prev,
        );
        if hex::encode(hash) != e.hash {
            return Err(fail("content does not match its hash (edited)".into()));
        }
        prev = e.hash.clone();
    }
    let last = entries.last().map(|e| (e.seq, e.hash.as_str()));
    if let Some((seq, hash)) = head
        && last != Some((seq, hash))
    {
        return Err(Break {
            seq,
            problem: "the chain ends before its recorded head (entries removed at the end)".into(),
        });
    }
    Ok(entries.len())
}

/// A provider's chain as stored, ready to export or check.
pub async fn export(
    store: &crate::storage::Store,
    provider_id: Uuid,
) -> StoreResult<(Vec<Entry>, Option<(i64, String)>)> {
    let rows = store.audit_rows(provider_id).await?;
    let head = store
        .audit_head(provider_id)
        .await?
        .map(|(seq, hash)| (seq, hex::encode(hash)));
    let entries = rows
        .into_iter()
        .map(|r| Entry {
            seq: r.seq,
            at: format_utc(r.at),
            actor: r.actor,
            action: r.action,
            subject: r.subject,
            detail: r.detail,
            prev_hash: hex::encode(r.prev_hash),
            hash: hex::encode(r.hash),
        })
        .collect();
    Ok((entries, head))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> (Uuid, Vec<Entry>) {
        let provider = Uuid::nil();
        let mut prev = vec![0u8; 32];
        let mut out = Vec::new();
        for seq in 1..=n {
            let detail = canonical(&json!({"n": seq})).unwrap();
            let at = "2026-06-30T09:00:00Z";
            let hash = entry_hash(provider, seq, at, "admin:x", "test", None, &detail, &prev);
            out.push(Entry {
                seq,
                at: at.into(),
                actor: "admin:x".into(),
                action: "test".into(),
                subject: None,
                detail,
                prev_hash: hex::encode(&prev),
                hash: hex::encode(hash),
            });
            prev = hash.to_vec();
        }
        (provider, out)
    }

    #[test]
    fn the_hashed_form_is_the_jcs_of_the_entry() {
        let provider = Uuid::from_u128(7);
        let detail = json!({"b": "é\"", "a": [1, 2.5]});
        let content = json!({"provider": provider, "seq": 3, "at": "2026-06-30T09:00:00Z",
                             "actor": "admin:Mme \"X\"", "action": "credential.issued",
                             "subject": null, "detail": detail, "prev": hex::encode([1u8; 32])});
        let expected: [u8; 32] = Sha256::digest(
            crate::support::jcs::canonicalize(&content)
                .unwrap()
                .as_bytes(),
        )
        .into();
        let got = entry_hash(
            provider,
            3,
            "2026-06-30T09:00:00Z",
            "admin:Mme \"X\"",
            "credential.issued",
            None,
            &canonical(&detail).unwrap(),
            &[1u8; 32],
        );
        assert_eq!(got, expected);
    }

    #[test]
    fn detects_edits_deletions_reordering_and_truncation() {
        let (p, entries) = chain(5);
        let head = (5, entries[4].hash.clone());
        assert_eq!(verify(p, &entries, Some((head.0, &head.1))), Ok(5));

        let mut edited = entries.clone();
        edited[2].detail = json!({"n": 99}).to_string();
        assert_eq!(verify(p, &edited, None).unwrap_err().seq, 3);

        let mut deleted = entries.clone();
        deleted.remove(1);
        assert_eq!(verify(p, &deleted, None).unwrap_err().seq, 2);

        let mut swapped = entries.clone();
        swapped.swap(1, 2);
        swapped[1].seq = 2;
        swapped[2].seq = 3;
        assert_eq!(verify(p, &swapped, None).unwrap_err().seq, 2);

        let truncated = &entries[..4];
        assert_eq!(
            verify(p, truncated, Some((head.0, &head.1)))
                .unwrap_err()
                .seq,
            5
        );
    }
}
