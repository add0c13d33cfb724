//! The public verifier page: paste, upload or open by link a credential, a presentation, a
//! list of credentials or a learner's wallet bundle, and see in plain words what it says and
//! what was checked. Nothing submitted is stored.

use axum::Router;
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use askama::Template;

use super::{Ctx, Lang, Message, Words, field, multipart, render};
use crate::state::AppState;

mod card;
mod request;

pub use card::card;

/// Credentials verified from one submission at most.
const MAX_ITEMS: usize = 60;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/verify", get(form).post(submit))
        .route("/verify/request", get(request::start).post(request::create))
        .route("/verify/request/{id}", get(request::follow))
}

#[derive(Template)]
#[template(path = "verifier/form.html")]
struct Form<'a> {
    l: Lang,
    csrf: &'a str,
    /// What was pasted, given back after a refusal.
    text: &'a str,
    error: Option<&'a str>,
}

fn form_html(ctx: &Ctx, text: &str, error: Option<&str>) -> String {
    render(&Form {
        l: ctx.lang,
        csrf: &ctx.csrf,
        text,
        error,
    })
}

#[derive(Template)]
#[template(path = "verifier/results.html")]
struct Results<'a> {
    l: Lang,
    heading: &'a str,
    all_ok: bool,
    /// For a wallet bundle: whether every file matches its manifest digest.
    integrity: &'a Option<Result<usize, String>>,
    /// For a wallet bundle: the key that signed its manifest.
    signed_by: Option<&'a str>,
    count: usize,
    cards: String,
}

#[derive(Template)]
#[template(path = "verifier/stored.html")]
struct Stored {
    l: Lang,
    card: String,
}

async fn form(ctx: Ctx) -> Response {
    let body = form_html(&ctx, "", None);
    ctx.page(ctx.lang.t("verify-title"), body).into_response()
}

/// What was submitted, taken apart into credentials (JSON objects or compact JWTs).
struct Submission {
    kind: &'static str,
    items: Vec<Value>,
    /// For a wallet bundle: whether every file matches its manifest digest.
    integrity: Option<Result<usize, String>>,
    /// For a wallet bundle: its files, whose signed manifest is checked next.
    files: Option<std::collections::BTreeMap<String, Vec<u8>>>,
}

fn credential_value(text: &str) -> Value {
    let t = text.trim();
    if t.starts_with('{') {
        serde_json::from_str(t).unwrap_or_else(|_| Value::String(t.to_owned()))
    } else {
        Value::String(t.to_owned())
    }
}

fn has_type(v: &Value, name: &str) -> bool {
    match &v["type"] {
        Value::String(s) => s == name,
        Value::Array(a) => a.iter().any(|t| t == name),
        _ => false,
    }
}

fn read_submission(bytes: &[u8]) -> Result<Submission, &'static str> {
    if bytes.starts_with(b"PK") {
        let files = crate::services::wallet::unzip(bytes, crate::services::wallet::UPLOAD_UNPACKED)
            .map_err(|_| "verify-err-zip")?;
        let integrity = manifest_check(&files);
        let mut items = Vec::new();
        for (name, content) in &files {
            let wanted = (name.starts_with("credentials/") && name.ends_with(".json"))
                || name.starts_with("foreign/")
                || name == "record.clr.json";
            if wanted {
                items.push(credential_value(&String::from_utf8_lossy(content)));
            }
        }
        return Ok(Submission {
            kind: "bundle",
            items,
            integrity: Some(integrity),
            files: Some(files),
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|_| "verify-err-unreadable")?;
    let text = text.trim();
    if text.is_empty() {
        return Err("verify-err-empty");
    }
    if text.starts_with('[') || text.starts_with('{') {
        let v: Value = serde_json::from_str(text).map_err(|_| "verify-err-json")?;
        let (kind, items) = match v {
            Value::Array(items) => ("list", items),
            v if has_type(&v, "VerifiablePresentation") => {
                let items = match &v["verifiableCredential"] {
                    Value::Array(a) => a.clone(),
                    Value::Null => Vec::new(),
                    one => vec![one.clone()],
                };
                ("presentation", items)
            }
            v if v.get("verifiableCredential").is_some() && v.get("@context").is_none() => {
                ("single", vec![v["verifiableCredential"].clone()])
            }
            v => ("single", vec![v]),
        };
        // A presentation may carry enveloped credentials as data: URLs.
        let items = items
            .into_iter()
            .map(|i| match i["id"].as_str().and_then(enveloped) {
                Some(jwt) if has_type(&i, "EnvelopedVerifiableCredential") => Value::String(jwt),
                _ => i,
            })
            .collect();
        return Ok(Submission {
            kind,
            items,
            integrity: None,
            files: None,
        });
    }
    if text.starts_with("ey") && !text.contains(char::is_whitespace) {
        return Ok(Submission {
            kind: "single",
            items: vec![Value::String(text.to_owned())],
            integrity: None,
            files: None,
        });
    }
    Err("verify-err-unknown")
}

fn enveloped(id: &str) -> Option<String> {
    let rest = id.strip_prefix("data:")?;
    let (_, token) = rest.split_once(',')?;
    Some(token.to_owned())
}

fn manifest_check(files: &std::collections::BTreeMap<String, Vec<u8>>) -> Result<usize, String> {
    let manifest: Value = files
        .get(crate::services::wallet::MANIFEST)
        .and_then(|m| serde_json::from_slice(m).ok())
        .ok_or("manifest.json is missing or unreadable")?;
    let listed = manifest["files"].as_array().cloned().unwrap_or_default();
    for entry in &listed {
        let path = entry["path"].as_str().unwrap_or_default();
        let bytes = files
            .get(path)
            .ok_or_else(|| format!("{path} is listed but missing"))?;
        if hex::encode(Sha256::digest(bytes)) != entry["sha256"].as_str().unwrap_or_default() {
            return Err(format!("{path} does not match its digest"));
        }
    }
    let extra = files
        .keys()
        .filter(|k| {
            k.as_str() != crate::services::wallet::MANIFEST
                && k.as_str() != crate::services::wallet::MANIFEST_SIGNATURE
        })
        .find(|k| !listed.iter().any(|e| e["path"] == k.as_str()));
    match extra {
        Some(k) => Err(format!("{k} is not listed in the manifest")),
        None => Ok(listed.len()),
    }
}

async fn submit(State(state): State<AppState>, ctx: Ctx, form: Multipart) -> Response {
    let l = ctx.lang;
    let (fields, file) = match multipart(form).await {
        Ok(parts) => parts,
        Err(e) => return ctx.message(StatusCode::BAD_REQUEST, l.t("verify-title"), &e),
    };
    if !ctx.csrf_ok(fields.get("csrf").map(String::as_str)) {
        return ctx.refused_csrf();
    }
    let pasted = field(&fields, "credential");
    let bytes: Vec<u8> = match &file {
        Some((_, bytes)) => bytes.to_vec(),
        None => pasted.as_bytes().to_vec(),
    };
    // Unpacking is work that grows with the upload: off the async workers, like verifying.
    let read = state
        .offload
        .run(async move { read_submission(&bytes) })
        .await;
    let submission = match read.unwrap_or(Err("verify-err-unreadable")) {
        Ok(s) if s.items.is_empty() => Err("verify-err-none"),
        Ok(s) if s.items.len() > MAX_ITEMS => Err("verify-err-too_many"),
        other => other,
    };
    let mut submission = match submission {
        Ok(s) => s,
        Err(key) => {
            let text = if file.is_some() { "" } else { pasted };
            let body = form_html(&ctx, text, Some(l.t(key)));
            return ctx
                .page(l.t("verify-title"), body)
                .status(StatusCode::UNPROCESSABLE_ENTITY)
                .into_response();
        }
    };
    let mut cards = String::new();
    let mut all_ok = true;
    for (i, item) in submission.items.iter().enumerate() {
        // The other credentials of the submission can prove a qualification's parts.
        let others: Vec<Value> = submission
            .items
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, v)| v.clone())
            .collect();
        let result =
            match crate::services::verification::verification(&state, item.clone(), others).await {
                Ok(r) => r,
                Err(e) => {
                    tracing::error!(error = %e, "verifier page: verification did not complete");
                    return ctx.message(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        l.t("verify-title"),
                        l.t("err-internal"),
                    );
                }
            };
        all_ok &= result["verified"] == true;
        cards.push_str(&card(l, item, &result));
    }
    // A bundle as a whole is the school's: its manifest signed with a key of the issuer,
    // resolved as this server resolves any issuer.
    let mut signed_by = None;
    if let (Some(files), Some(Ok(_))) = (&submission.files, &submission.integrity) {
        let manifest: Value = files
            .get(crate::services::wallet::MANIFEST)
            .and_then(|m| serde_json::from_slice(m).ok())
            .unwrap_or_default();
        let resolver = crate::services::verification::resolver(&state);
        match crate::services::offline::manifest_signature(files, &manifest, &resolver).await {
            Ok(kid) => signed_by = Some(kid),
            Err(why) => {
                submission.integrity = Some(Err(format!(
                    "{}: {why}",
                    crate::services::wallet::MANIFEST_SIGNATURE
                )));
            }
        }
    }
    if matches!(submission.integrity, Some(Err(_))) {
        all_ok = false;
    }
    let heading = match submission.kind {
        "bundle" => l.t("verify-kind-bundle"),
        "presentation" => l.t("verify-kind-presentation"),
        "list" => l.t("verify-kind-list"),
        _ => l.t("verify-kind-single"),
    };
    let body = render(&Results {
        l,
        heading,
        all_ok,
        integrity: &submission.integrity,
        signed_by: signed_by.as_deref(),
        count: submission.items.len(),
        cards,
    });
    ctx.page(heading, body).into_response()
}

/// `GET /verify/{id}` from a browser: the page a QR code of a transcript opens.
pub async fn stored_page(state: &AppState, headers: &HeaderMap, id: Uuid, edc: bool) -> Response {
    let mut parts = axum::http::Request::new(());
    *parts.headers_mut() = headers.clone();
    *parts.uri_mut() = format!("/verify/{id}").parse().unwrap_or_default();
    let (mut parts, ()) = parts.into_parts();
    let Ok(ctx) =
        <Ctx as axum::extract::FromRequestParts<AppState>>::from_request_parts(&mut parts, state)
            .await;
    let l = ctx.lang;
    let vc = match crate::services::verification::stored_form(state, id, edc).await {
        Ok(Some(vc)) => vc,
        Ok(None) => {
            return ctx.message(
                StatusCode::NOT_FOUND,
                l.t("verify-title"),
                l.t("verify-err-not_found"),
            );
        }
        Err(crate::error::ApiError::Conflict(_, why)) => {
            return ctx.message(StatusCode::CONFLICT, l.t("verify-title"), &why);
        }
        Err(e) => {
            tracing::error!(error = %e, "verifier page: credential not read");
            return ctx.message(
                StatusCode::INTERNAL_SERVER_ERROR,
                l.t("verify-title"),
                l.t("err-internal"),
            );
        }
    };
    match crate::services::verification::verification(state, vc.clone(), Vec::new()).await {
        Ok(result) => {
            let body = render(&Stored {
                l,
                card: card(l, &vc, &result),
            });
            ctx.page(l.t("verify-kind-single"), body).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "verifier page: verification did not complete");
            ctx.message(
                StatusCode::INTERNAL_SERVER_ERROR,
                l.t("verify-title"),
                l.t("err-internal"),
            )
        }
    }
}
