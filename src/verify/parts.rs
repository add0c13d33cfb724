//! Verifying the parts of a qualification credential: each `relatedResource` (VC 2.0 §5.3)
//! names a unit credential by id and by the digest of its exact bytes. Given those credentials
//! (inline in the request, or stored on this server), each digest is recomputed and each unit
//! credential goes through the full verifier; the answer is per unit.

use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use super::{Detail, Failure, Message, Verifier, VerifyError};
use crate::domain::credential::FORMAT_DI_RDFC;
use crate::domain::credential::digest_multibase;
use crate::storage::Store;

#[derive(Debug, Clone, Serialize)]
pub struct PartReport {
    pub id: String,
    /// `passed`, `failed` (digest or verification), `warning` (the unit credential was
    /// revoked or suspended after the qualification), or `unavailable` (no copy to check).
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'static str>,
    #[serde(flatten)]
    pub detail: Detail,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
}

/// Finds the exact bytes of a related credential: an inline copy (a JSON text string, or an
/// object whose compact serialization is then used), else this server's stored copy.
async fn bytes_for(
    id: &str,
    inline: &[Value],
    store: Option<&Store>,
) -> Result<Option<(Vec<u8>, &'static str)>, VerifyError> {
    for item in inline {
        let (bytes, parsed) = match item {
            Value::String(text) => (
                text.as_bytes().to_vec(),
                serde_json::from_str::<Value>(text).ok(),
            ),
            other => (
                serde_json::to_vec(other).unwrap_or_default(),
                Some(other.clone()),
            ),
        };
        if parsed
            .as_ref()
            .and_then(|v| v.get("id"))
            .and_then(Value::as_str)
            == Some(id)
        {
            return Ok(Some((bytes, "inline")));
        }
    }
    let Some(store) = store else { return Ok(None) };
    if let Some(uuid) = id
        .strip_prefix("urn:uuid:")
        .and_then(|u| Uuid::parse_str(u).ok())
        && let Some(doc) = store
            .credential_document(uuid, FORMAT_DI_RDFC)
            .await
            .map_err(|e| VerifyError(e.to_string()))?
    {
        return Ok(Some((doc.body, "stored")));
    }
    // A foreign credential this server recognised: the exact bytes it received.
    let recognised = store
        .recognised_credential_bytes(id)
        .await
        .map_err(|e| VerifyError(e.to_string()))?;
    Ok(recognised.map(|b| (b, "recognised")))
}

pub async fn verify_parts(
    verifier: &Verifier<'_>,
    credential: &Value,
    inline: &[Value],
    store: Option<&Store>,
) -> Result<Vec<PartReport>, VerifyError> {
    let Some(related) = credential.get("relatedResource").and_then(Value::as_array) else {
        return Ok(Vec::new());
    };
    let mut reports = Vec::new();
    for r in related {
        let id = r
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let expected = r.get("digestMultibase").and_then(Value::as_str);
        let report = |status, source, detail: Option<Message>, code| PartReport {
            id: id.clone(),
            status,
            source,
            detail: Detail(detail),
            code,
        };
        let Some((bytes, source)) = bytes_for(&id, inline, store).await? else {
            reports.push(report(
                "unavailable",
                None,
                Some(Message::new("v-part_no_copy")),
                None,
            ));
            continue;
        };
        if expected != Some(digest_multibase(&bytes).as_str()) {
            reports.push(report(
                "failed",
                Some(source),
                Some(Message::new("v-part_digest")),
                Some("digest_mismatch"),
            ));
            continue;
        }
        // JSON text is a credential with an embedded proof; anything else a compact JWS.
        let parsed = if bytes.first() == Some(&b'{') {
            serde_json::from_slice(&bytes).map_err(|e| e.to_string())
        } else {
            String::from_utf8(bytes.clone())
                .map(Value::String)
                .map_err(|e| e.to_string())
        };
        let parsed: Value = match parsed {
            Ok(v) => v,
            Err(e) => {
                reports.push(report(
                    "failed",
                    Some(source),
                    Some(Message::raw(e)),
                    Some("malformed_credential"),
                ));
                continue;
            }
        };
        let v = verifier.verify(&parsed).await?;
        match v.failure {
            None => reports.push(report("passed", Some(source), None, None)),
            // The qualification credential's own status is the issuer's word on it: a unit
            // withdrawn later suspends it for review, and the review's outcome is that status.
            // The part's state is still reported.
            Some((f @ (Failure::Revoked | Failure::Suspended), detail)) => reports.push(report(
                "warning",
                Some(source),
                Some(detail),
                Some(f.code()),
            )),
            Some((f, detail)) => {
                reports.push(report("failed", Some(source), Some(detail), Some(f.code())))
            }
        }
    }
    Ok(reports)
}
