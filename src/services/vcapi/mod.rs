//! The W3C VC-API surface: issuing any VC 2.0 credential as a provider ([`issue`]), updating
//! a credential's status ([`update_status`]) and verifying presentations
//! ([`presentation`]). Credentials issued here are recorded with their status index,
//! revocable and audited like the school's own.

pub mod oid4vp;
pub mod presentation;

use axum::http::StatusCode;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::crypto::keys::key_ref;
use crate::domain::ValidationErrors;
use crate::domain::credential::{FORMAT_DI_JCS, FORMAT_DI_RDFC, FORMAT_JWT, VC_V2};
use crate::domain::provider::Provider;
use crate::domain::status_list::{REVOCATION, SUSPENSION};
use crate::error::{ApiError, ApiResult};
use crate::services::issuing::{Idempotency, Recorded};
use crate::services::status::{self, Action};
use crate::services::{Services, audit};
use crate::storage::{IdempotencyClaim, NewApiCredential};
use crate::support::clock::format_utc;

/// How a credential is secured: by the endpoint it was sent to, or by `options`.
pub fn format_option(options: &Map<String, Value>) -> ApiResult<Option<&'static str>> {
    let mut chosen = None;
    for (key, value) in options {
        let format = match (key.as_str(), value.as_str()) {
            ("cryptosuite", Some("eddsa-rdfc-2022")) | ("format", Some(FORMAT_DI_RDFC)) => {
                FORMAT_DI_RDFC
            }
            ("cryptosuite", Some("eddsa-jcs-2022")) | ("format", Some(FORMAT_DI_JCS)) => {
                FORMAT_DI_JCS
            }
            ("format", Some(FORMAT_JWT)) => FORMAT_JWT,
            ("cryptosuite" | "format", _) => {
                return Err(bad_option(
                    key,
                    "cryptosuite: eddsa-rdfc-2022 or eddsa-jcs-2022; format: di-rdfc, di-jcs or vc-jwt",
                ));
            }
            _ => continue,
        };
        if chosen.is_some_and(|c| c != format) {
            return Err(bad_option(key, "cryptosuite and format disagree"));
        }
        chosen = Some(format);
    }
    Ok(chosen)
}

fn bad_option(key: &str, why: &str) -> ApiError {
    ApiError::BadRequest("invalid_option", format!("options.{key}: {why}"))
}

/// What the request asks for: the credential, its form, and the purpose of its status entry.
struct IssueRequest {
    credential: Map<String, Value>,
    format: &'static str,
    purpose: &'static str,
}

/// Reads `{"credential": …, "options": {…}}`; `endpoint` is the form the endpoint imposes.
fn read_request(body: Value, endpoint: Option<&'static str>) -> ApiResult<IssueRequest> {
    let Value::Object(mut body) = body else {
        return Err(shape("the body must be a JSON object"));
    };
    if let Some(other) = body.keys().find(|k| *k != "credential" && *k != "options") {
        return Err(shape(&format!(
            "unknown member {other:?}: the body is {{\"credential\": …, \"options\": …}}"
        )));
    }
    let options = match body.remove("options") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(o)) => o,
        Some(_) => return Err(shape("options must be an object")),
    };
    let Some(Value::Object(credential)) = body.remove("credential") else {
        return Err(shape("credential is required and must be a JSON object"));
    };
    for key in options.keys() {
        if !["cryptosuite", "format", "credentialStatus"].contains(&key.as_str()) {
            return Err(bad_option(
                key,
                "not an option of this issuer (cryptosuite, format, credentialStatus)",
            ));
        }
    }
    let format = match (endpoint, format_option(&options)?) {
        (Some(e), Some(o)) if e != o => {
            return Err(bad_option("format", "this endpoint issues another form"));
        }
        (Some(e), _) => e,
        (None, Some(o)) => o,
        (None, None) => FORMAT_DI_RDFC,
    };
    let purpose = match options.get("credentialStatus") {
        None => REVOCATION,
        Some(Value::Object(s)) => {
            if s.get("type").and_then(Value::as_str) != Some("BitstringStatusListEntry") {
                return Err(bad_option(
                    "credentialStatus.type",
                    "BitstringStatusListEntry is the status this issuer allocates",
                ));
            }
            match s.get("statusPurpose").and_then(Value::as_str) {
                None | Some(REVOCATION) => REVOCATION,
                Some(SUSPENSION) => SUSPENSION,
                Some(_) => {
                    return Err(bad_option(
                        "credentialStatus.statusPurpose",
                        "revocation or suspension",
                    ));
                }
            }
        }
        Some(_) => return Err(bad_option("credentialStatus", "must be an object")),
    };
    Ok(IssueRequest {
        credential,
        format,
        purpose,
    })
}

fn shape(why: &str) -> ApiError {
    ApiError::BadRequest("malformed_request", why.to_owned())
}

/// Every reason the credential cannot be issued by `provider` as it is.
fn check_credential(
    state: &Services,
    provider: &Provider,
    credential: &Map<String, Value>,
) -> ApiResult<()> {
    let mut errors = crate::domain::vcdm::violations_of(credential);
    if let Some(c) = state.loader.first_unknown(credential.get("@context")) {
        errors.push(
            "@context",
            format!("{c} is not a context this service ships (none is fetched)"),
        );
    }
    let issuer = credential
        .get("issuer")
        .and_then(crate::domain::vcdm::party_id);
    if issuer.is_some_and(|i| i != provider.did) {
        errors.push(
            "issuer",
            format!("must be this provider's identifier, {}", provider.did),
        );
    }
    if credential.contains_key("proof") {
        errors.push(
            "proof",
            "the credential is already secured; send it unsecured",
        );
    }
    // A caller's own status entries (another status service's) are kept as given, beside the
    // one the issuer allocates; entries in this server's lists are the issuer's alone.
    let ours = format!("{}/providers/", state.settings.public_url);
    let given = credential.get("credentialStatus").map(|s| match s {
        Value::Array(items) => items.iter().collect(),
        one => vec![one],
    });
    for entry in given.unwrap_or_default() {
        let names_ours = ["id", "statusListCredential"].iter().any(|k| {
            entry
                .get(*k)
                .and_then(Value::as_str)
                .is_some_and(|u| u.starts_with(&ours))
        });
        if names_ours {
            errors.push(
                "credentialStatus",
                "entries in this server's status lists are allocated by the issuer: ask for one in options.credentialStatus",
            );
        }
    }
    for (key, value) in credential {
        if key != "credentialStatus" && holds_status_entry(value) {
            errors.push(
                key,
                "a status entry belongs in credentialStatus, which the issuer fills",
            );
        }
    }
    errors.into_result().map_err(ApiError::InvalidCredential)
}

/// Whether `v` holds an object typed as a status list entry.
fn holds_status_entry(v: &Value) -> bool {
    match v {
        Value::Object(m) => {
            crate::domain::vcdm::types_of(m.get("type")).is_some_and(|t| {
                t.iter()
                    .any(|t| t.ends_with("StatusListEntry") || *t == "BitstringStatusList")
            }) || m.values().any(holds_status_entry)
        }
        Value::Array(a) => a.iter().any(holds_status_entry),
        _ => false,
    }
}

/// `POST /credentials/issue`: secures the credential as `provider` with a status entry,
/// records it with its audit entry and answers `{"verifiableCredential": …}` (201). A retry
/// with the same idempotency key answers the first answer again.
pub async fn issue(
    state: &Services,
    provider: &Provider,
    actor: &str,
    body: Value,
    endpoint: Option<&'static str>,
    idempotency: Option<Idempotency>,
) -> ApiResult<Recorded> {
    let request = read_request(body, endpoint)?;
    check_credential(state, provider, &request.credential)?;
    let slot = state.slots.take(state, provider).await?;
    let key = state.keyring.signing_key(&state.store, provider).await?;
    let key_ref = key_ref(&key.verifying_key());
    let now = state.clock.now();
    let mut credential = request.credential;
    let given = credential.remove("credentialStatus");
    let mut unsecured = Value::Object(credential);
    crate::domain::status_list::embed_purpose(
        &mut unsecured,
        &state.settings.public_url,
        &provider.slug,
        slot,
        request.purpose,
    );
    if let Some(given) = given {
        let mut entries = match given {
            Value::Array(items) => items,
            one => vec![one],
        };
        entries.push(unsecured["credentialStatus"].take());
        unsecured["credentialStatus"] = Value::Array(entries);
    }
    let credential_id = unsecured
        .get("id")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let (owned, format) = (state.clone(), request.format);
    let signed = state
        .offload
        .run_small(async move {
            // Whatever secures it, the credential's JSON-LD must hold (rdfc checks it while
            // canonicalizing): terms defined, protected terms kept, value objects well formed.
            if format != FORMAT_DI_RDFC {
                crate::jsonld::to_rdf(&unsecured, owned.loader)
                    .map_err(crate::crypto::di::DiError::Canonicalization)?;
            }
            crate::services::forms::sign_form_single(&owned, &unsecured, &key, now, format)
        })
        .await
        .map_err(|e| ApiError::Internal(e.into()))?
        .map_err(|e| match e.downcast::<crate::crypto::di::DiError>() {
            // The JSON-LD of the credential does not hold (an undefined term, a bad value).
            Ok(crate::crypto::di::DiError::Canonicalization(e)) => ApiError::InvalidCredential(
                ValidationErrors::single("credential", format!("not valid JSON-LD: {e}")),
            ),
            Ok(other) => ApiError::Internal(other.into()),
            Err(e) => ApiError::Internal(e),
        })?;
    let answer = if format == FORMAT_JWT {
        let token = String::from_utf8(signed.body.clone()).map_err(anyhow::Error::from)?;
        json!({"@context": [VC_V2], "type": "EnvelopedVerifiableCredential",
               "id": format!("data:application/vc+jwt,{token}")})
    } else {
        serde_json::from_slice(&signed.body).map_err(anyhow::Error::from)?
    };
    let id = Uuid::now_v7();
    let body = serde_json::to_vec(&json!({
        "verifiableCredential": answer,
        "credentialRecord": format!("urn:uuid:{id}"),
    }))
    .map_err(anyhow::Error::from)?;

    let mut tx = state.store.begin().await?;
    if let Some(idem) = &idempotency {
        match tx
            .claim_idempotency(provider.id, &idem.key, &idem.request_hash, now)
            .await?
        {
            IdempotencyClaim::Fresh => {}
            // The signed copy made for the retry is dropped; its status index stays unused.
            IdempotencyClaim::Replay { status, body } => {
                return Ok(Recorded {
                    status: StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
                    body,
                    replayed: true,
                });
            }
            IdempotencyClaim::Mismatch => {
                return Err(ApiError::Validation(ValidationErrors::single(
                    "Idempotency-Key",
                    "this key was already used for a different request",
                )));
            }
        }
    }
    tx.insert_api_credential(&NewApiCredential {
        id,
        provider_id: provider.id,
        credential_id: credential_id.as_deref(),
        document: &signed,
        status: Some((request.purpose, slot)),
        key_ref: &key_ref,
        issued_at: now,
    })
    .await?;
    let event = audit::Event::new(
        actor,
        "credential.issued_vcapi",
        id,
        json!({"credential_id": credential_id, "format": format, "status_purpose": request.purpose,
               "status_list": slot.list, "status_index": slot.index}),
    );
    audit::append(&mut tx, provider.id, now, &[event]).await?;
    if let Some(idem) = &idempotency {
        tx.complete_idempotency(provider.id, &idem.key, StatusCode::CREATED.as_u16(), &body)
            .await?;
    }
    tx.commit().await?;
    Ok(Recorded {
        status: StatusCode::CREATED,
        body,
        replayed: false,
    })
}

/// `POST /credentials/status`: `{"credentialId": …, "credentialStatus": [{"type":
/// "BitstringStatusListCredential", "status": "revoked" | "suspended" | "active"}],
/// "reason": …}` for a credential of this provider, named by its `id`, or by its record as
/// `urn:uuid:…` (the school's credentials are named so too). Mapped to revoke, suspend and
/// reinstate, with the reason and the audit entries they always have.
pub async fn update_status(
    state: &Services,
    provider: &Provider,
    actor: &str,
    body: Value,
) -> ApiResult<Value> {
    let Value::Object(body) = body else {
        return Err(shape("the body must be a JSON object"));
    };
    if let Some(other) = body
        .keys()
        .find(|k| !["credentialId", "credentialStatus", "reason"].contains(&k.as_str()))
    {
        return Err(shape(&format!("unknown member {other:?}")));
    }
    let mut errors = ValidationErrors::default();
    let name = body
        .get("credentialId")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if name.is_empty() {
        errors.push("credentialId", "required: the credential's id or record");
    }
    let wanted: Vec<&str> = match body.get("credentialStatus") {
        Some(Value::Array(items)) if !items.is_empty() => items
            .iter()
            .filter_map(|i| {
                let typed = matches!(
                    i.get("type").and_then(Value::as_str),
                    Some("BitstringStatusListCredential" | "BitstringStatusListEntry")
                );
                i.get("status").and_then(Value::as_str).filter(|_| typed)
            })
            .collect(),
        _ => Vec::new(),
    };
    let action = match wanted.as_slice() {
        ["revoked"] => Some(Action::Revoke),
        ["suspended"] => Some(Action::Suspend),
        ["active"] => Some(Action::Reinstate),
        _ => {
            errors.push(
                "credentialStatus",
                "one item {\"type\": \"BitstringStatusListCredential\", \"status\": \"revoked\" | \"suspended\" | \"active\"}",
            );
            None
        }
    };
    let reason = match body.get("reason") {
        None => "status updated through the VC-API (no reason given)",
        Some(Value::String(r)) => r.as_str(),
        Some(_) => {
            errors.push("reason", "a string");
            ""
        }
    };
    errors.into_result().map_err(ApiError::Validation)?;
    let action = action.ok_or_else(|| anyhow::anyhow!("validated action"))?;

    // The school's credentials are named by their record, urn:uuid:….
    if let Some(record) = name
        .strip_prefix("urn:uuid:")
        .and_then(|u| Uuid::parse_str(u).ok())
        && state.store.credential(provider.id, record).await?.is_some()
    {
        let change = status::change_status(state, provider, actor, record, action, reason).await?;
        status::republish(state, provider, &change.lists).await;
        return Ok(change.body);
    }
    let reason = status::check_reason(reason)?;
    let now = state.clock.now();
    let mut tx = state.store.begin().await?;
    let found = tx
        .api_credentials_named_for_update(provider.id, name)
        .await?;
    let record = match found.as_slice() {
        [] => return Err(ApiError::NotFound("credential")),
        [one] => one,
        several => {
            let records: Vec<String> = several
                .iter()
                .map(|r| format!("urn:uuid:{}", r.id))
                .collect();
            return Err(ApiError::Conflict(
                "ambiguous_credential",
                format!(
                    "{} credentials carry this id; name one by its record: {}",
                    records.len(),
                    records.join(", ")
                ),
            ));
        }
    };
    if action == Action::Revoke && record.status_purpose.as_deref() == Some(SUSPENSION) {
        return Err(ApiError::Conflict(
            "status_purpose",
            "this credential's status entry is for suspension only; it cannot be revoked".into(),
        ));
    }
    let to = status::transition(&record.status, action)?;
    tx.set_api_credential_status(provider.id, record.id, to, reason, now)
        .await?;
    let event = audit::Event::new(
        actor,
        status::action_event(to),
        record.id,
        json!({"kind": "vcapi", "credential_id": record.credential_id, "from": record.status,
               "to": to, "reason": reason}),
    );
    audit::append(&mut tx, provider.id, now, &[event]).await?;
    tx.commit().await?;
    let lists = record.status_list.into_iter().collect();
    status::republish(state, provider, &lists).await;
    Ok(
        json!({"id": format!("urn:uuid:{}", record.id), "credentialId": record.credential_id,
              "status": to, "reason": reason, "changed_at": format_utc(now)}),
    )
}
