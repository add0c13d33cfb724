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

use super::{Ctx, Lang, esc, field, multipart};
use crate::state::AppState;

/// Credentials verified from one submission at most.
const MAX_ITEMS: usize = 60;

pub fn router() -> Router<AppState> {
    Router::new().route("/verify", get(form).post(submit))
}

fn form_html(ctx: &Ctx, text: &str) -> String {
    let l = ctx.lang;
    format!(
        r#"<h1>{title}</h1>
<p class="lead">{lead}</p>
<form method="post" action="/verify" enctype="multipart/form-data" class="panel">
<input type="hidden" name="csrf" value="{csrf}">
<label for="credential">{paste}</label>
<p class="hint" id="credential-hint">{paste_hint}</p>
<textarea id="credential" name="credential" rows="8" aria-describedby="credential-hint" spellcheck="false">{text}</textarea>
<label for="file">{upload}</label>
<input type="file" id="file" name="file" accept=".json,.jwt,.txt,.zip,application/json,application/zip">
<p><button type="submit">{submit}</button></p>
<p class="hint">{private}</p>
</form>"#,
        title = l.t("verify.title"),
        lead = l.t("verify.lead"),
        csrf = esc(&ctx.csrf),
        paste = l.t("verify.paste"),
        paste_hint = l.t("verify.paste_hint"),
        text = esc(text),
        upload = l.t("verify.upload"),
        submit = l.t("verify.submit"),
        private = l.t("verify.private"),
    )
}

async fn form(ctx: Ctx) -> Response {
    let body = form_html(&ctx, "");
    ctx.page(ctx.lang.t("verify.title"), body).into_response()
}

/// What was submitted, taken apart into credentials (JSON objects or compact JWTs).
struct Submission {
    kind: &'static str,
    items: Vec<Value>,
    /// For a wallet bundle: whether every file matches its manifest digest.
    integrity: Option<Result<usize, String>>,
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
            .map_err(|_| "verify.err.zip")?;
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
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|_| "verify.err.unreadable")?;
    let text = text.trim();
    if text.is_empty() {
        return Err("verify.err.empty");
    }
    if text.starts_with('[') || text.starts_with('{') {
        let v: Value = serde_json::from_str(text).map_err(|_| "verify.err.json")?;
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
        });
    }
    if text.starts_with("ey") && !text.contains(char::is_whitespace) {
        return Ok(Submission {
            kind: "single",
            items: vec![Value::String(text.to_owned())],
            integrity: None,
        });
    }
    Err("verify.err.unknown")
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
        .filter(|k| k.as_str() != crate::services::wallet::MANIFEST)
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
        Err(e) => return ctx.message(StatusCode::BAD_REQUEST, l.t("verify.title"), &e),
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
    let submission = match read.unwrap_or(Err("verify.err.unreadable")) {
        Ok(s) if s.items.is_empty() => Err("verify.err.none"),
        Ok(s) if s.items.len() > MAX_ITEMS => Err("verify.err.too_many"),
        other => other,
    };
    let submission = match submission {
        Ok(s) => s,
        Err(key) => {
            let body = format!(
                r#"<p class="notice error" role="alert">{}</p>{}"#,
                l.t(key),
                form_html(&ctx, if file.is_some() { "" } else { pasted })
            );
            return ctx
                .page(l.t("verify.title"), body)
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
        let result = match crate::services::verification::verification(&state, item, &others).await
        {
            Ok(r) => r,
            Err(e) => {
                tracing::error!(error = %e, "verifier page: verification did not complete");
                return ctx.message(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    l.t("verify.title"),
                    l.t("err.internal"),
                );
            }
        };
        all_ok &= result["verified"] == true;
        cards.push_str(&card(l, item, &result));
    }
    let summary = match (submission.kind, &submission.integrity) {
        ("bundle", Some(Ok(n))) => format!(
            r#"<p class="check passed"><span class="mark" aria-hidden="true">✓</span> {} ({n} {})</p>"#,
            l.t("verify.bundle_intact"),
            l.t("verify.files")
        ),
        ("bundle", Some(Err(why))) => {
            all_ok = false;
            format!(
                r#"<p class="check failed"><span class="mark" aria-hidden="true">✗</span> {}: {}</p>"#,
                l.t("verify.bundle_broken"),
                esc(why)
            )
        }
        _ => String::new(),
    };
    let heading = match submission.kind {
        "bundle" => l.t("verify.kind.bundle"),
        "presentation" => l.t("verify.kind.presentation"),
        "list" => l.t("verify.kind.list"),
        _ => l.t("verify.kind.single"),
    };
    let overall = if all_ok {
        format!(
            r#"<p class="verdict ok" role="status">✓ {}</p>"#,
            l.t("verify.all_ok")
        )
    } else {
        format!(
            r#"<p class="verdict fail" role="status">✗ {}</p>"#,
            l.t("verify.not_all_ok")
        )
    };
    let body = format!(
        r#"<h1>{heading}</h1>{overall}{summary}<p>{count}: {n}</p>{cards}
<p><a class="button secondary" href="/verify">{again}</a></p>"#,
        count = l.t("verify.count"),
        n = submission.items.len(),
        again = l.t("verify.again"),
    );
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
                l.t("verify.title"),
                l.t("verify.err.not_found"),
            );
        }
        Err(crate::error::ApiError::Conflict(_, why)) => {
            return ctx.message(StatusCode::CONFLICT, l.t("verify.title"), &why);
        }
        Err(e) => {
            tracing::error!(error = %e, "verifier page: credential not read");
            return ctx.message(
                StatusCode::INTERNAL_SERVER_ERROR,
                l.t("verify.title"),
                l.t("err.internal"),
            );
        }
    };
    match crate::services::verification::verification(state, &vc, &[]).await {
        Ok(result) => {
            let verdict = card(l, &vc, &result);
            let body = format!(
                r#"<h1>{}</h1>{verdict}<p><a class="button secondary" href="/verify">{}</a></p>"#,
                l.t("verify.kind.single"),
                l.t("verify.other")
            );
            ctx.page(l.t("verify.kind.single"), body).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "verifier page: verification did not complete");
            ctx.message(
                StatusCode::INTERNAL_SERVER_ERROR,
                l.t("verify.title"),
                l.t("err.internal"),
            )
        }
    }
}

/// The credential's content: a JSON credential as is, a JWT's payload (or its `vc` claim).
fn content(item: &Value) -> Value {
    match item {
        Value::String(token) => {
            let payload = crate::crypto::jose::unverified_payload(token).unwrap_or(Value::Null);
            match payload.get("vc") {
                Some(vc) => vc.clone(),
                None => payload,
            }
        }
        other => other.clone(),
    }
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A date-time as its date (`2026-11-03`), which is what a reader needs.
fn day(v: &Value) -> Option<String> {
    v.as_str().map(|s| s.get(..10).unwrap_or(s).to_owned())
}

/// What an Open Badges credential (or a CLR) says.
fn ob_facts(l: Lang, item: &Value, result: &Value) -> Facts {
    let vc = content(item);
    let subject = match &vc["credentialSubject"] {
        Value::Array(a) => a.first().cloned().unwrap_or(Value::Null),
        s => s.clone(),
    };
    let achievement = &subject["achievement"];
    let kind = if has_type(&vc, "ClrCredential") {
        l.t("kind.record")
    } else {
        match achievement["achievementType"].as_str() {
            Some("MicroCredential") => l.t("kind.unit"),
            Some("Certificate") => l.t("kind.qualification"),
            _ => l.t("kind.credential"),
        }
    };
    let title = text(&achievement["name"])
        .or_else(|| text(&vc["name"]))
        .unwrap_or_else(|| l.t("verify.untitled").to_owned());
    let issuer_name =
        text(&vc["issuer"]["name"]).or_else(|| result["trust"]["name"].as_str().map(str::to_owned));
    let issuer_id = text(&vc["issuer"]["id"])
        .or_else(|| text(&vc["issuer"]))
        .or_else(|| text(&result["issuer"]))
        .unwrap_or_default();
    let holder = match text(&subject["id"]) {
        Some(did) => format!("<code>{}</code>", esc(&did)),
        None => match subject["identifier"].as_array() {
            Some(ids) if !ids.is_empty() => {
                let kinds: Vec<String> = ids
                    .iter()
                    .filter_map(|i| i["identityType"].as_str())
                    .map(esc)
                    .collect();
                format!("{} ({})", l.t("verify.hashed"), kinds.join(", "))
            }
            _ => l.t("verify.unnamed").to_owned(),
        },
    };
    let eqf = achievement["alignment"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["targetType"] == "ext:EQFLevel"))
        .and_then(|x| text(&x["targetCode"]));
    let points = text(&subject["creditsEarned"]).or_else(|| text(&achievement["creditsAvailable"]));
    let mut facts = vec![
        (l.t("verify.kind"), esc(kind)),
        (
            l.t("verify.issuer"),
            match &issuer_name {
                Some(n) => format!("{} <code>{}</code>", esc(n), esc(&issuer_id)),
                None => format!("<code>{}</code>", esc(&issuer_id)),
            },
        ),
        (l.t("verify.holder"), holder),
    ];
    if let Some(p) = points {
        facts.push((l.t("verify.ecvet"), esc(&l.number(&p))));
    }
    if let Some(level) = eqf {
        facts.push((l.t("verify.eqf"), esc(&level)));
    }
    if let Some(d) = day(&vc["awardedDate"]) {
        facts.push((l.t("verify.awarded"), esc(&d)));
    }
    if let Some(d) = day(&vc["validFrom"]) {
        facts.push((l.t("verify.valid_from"), esc(&d)));
    }
    facts.push((
        l.t("verify.valid_until"),
        day(&vc["validUntil"])
            .map(|d| esc(&d))
            .unwrap_or_else(|| l.t("verify.no_end").to_owned()),
    ));
    if let Some(units) = vc["credentialSubject"]["verifiableCredential"].as_array() {
        facts.push((l.t("verify.contains"), units.len().to_string()));
    }
    (title, facts)
}

/// The facts a card shows: its title, and the rows of what the credential says.
type Facts = (String, Vec<(&'static str, String)>);

/// A sealed European Digital Credential's payload, read without checking the seal (the
/// checks say whether it holds).
fn sealed_payload(item: &Value) -> Option<Value> {
    if !crate::europass::seal::is_sealed(item) {
        return None;
    }
    let opened = crate::europass::seal::parse(item).ok()?;
    serde_json::from_slice(&opened.payload).ok()
}

/// What an EDC says, in the page's language where the credential has it.
fn edc_facts(l: Lang, edc: &Value, result: &Value) -> Facts {
    use crate::europass::read;
    let lang = l.code();
    let spec = read::specification(edc);
    let qualification = spec
        .and_then(|s| s.get("isPartialQualification"))
        .and_then(Value::as_bool)
        == Some(false);
    let kind = if qualification {
        l.t("kind.qualification")
    } else {
        l.t("kind.unit")
    };
    let title = read::claim(edc)
        .and_then(|c| read::text_in(c.get("title"), lang))
        .unwrap_or_else(|| l.t("verify.untitled").to_owned());
    let mut facts = vec![
        (
            l.t("verify.kind"),
            format!("{} · {}", esc(kind), esc(l.t("kind.edc"))),
        ),
        (
            l.t("verify.issuer"),
            format!(
                "{} <code>{}</code>",
                esc(&read::issuer_name(edc, lang).unwrap_or_default()),
                esc(result["issuer"].as_str().unwrap_or_default())
            ),
        ),
        (
            l.t("verify.learner"),
            esc(&read::learner_name(edc, lang).unwrap_or_else(|| l.t("verify.unnamed").to_owned())),
        ),
    ];
    if let Some(p) = read::ecvet_points(edc) {
        let p = crate::domain::credential::format_points(p);
        facts.push((l.t("verify.ecvet"), esc(&l.number(&p))));
    }
    if let Some(level) = read::eqf_level(edc) {
        facts.push((l.t("verify.eqf"), level.to_string()));
    }
    if let Some(d) = day(&edc["validFrom"]) {
        facts.push((l.t("verify.valid_from"), esc(&d)));
    }
    let until = day(&edc["validUntil"]).or_else(|| day(&edc["expirationDate"]));
    facts.push((
        l.t("verify.valid_until"),
        until
            .map(|d| esc(&d))
            .unwrap_or_else(|| l.t("verify.no_end").to_owned()),
    ));
    if let Some(subject) = result["seal"]["certificate"]["subject"].as_str() {
        facts.push((
            l.t("verify.seal"),
            format!(
                "{} · <code>{}</code>",
                esc(result["seal"]["alg"].as_str().unwrap_or_default()),
                esc(subject)
            ),
        ));
    }
    (title, facts)
}

/// A verified (or not) credential as a card: what it says, then each check.
pub fn card(l: Lang, item: &Value, result: &Value) -> String {
    let edc = sealed_payload(item);
    let (title, facts) = match &edc {
        Some(edc) => edc_facts(l, edc, result),
        None => ob_facts(l, item, result),
    };
    // An EDC's checks are named in Europass's terms (seal, certificate, ELM structure).
    let check_name = |name: &str| match l.t_opt(&format!("check.edc.{name}")) {
        Some(text) if edc.is_some() => text.to_owned(),
        _ => l.check(name),
    };
    let dl: String = facts
        .iter()
        .map(|(k, v)| format!("<dt>{k}</dt><dd>{v}</dd>"))
        .collect();

    let verified = result["verified"] == true;
    let checks = result["checks"].as_array().cloned().unwrap_or_default();
    let warned = checks.iter().any(|c| c["status"] == "warning");
    let verdict = if !verified {
        // Name the failed check in the page's language; the API's title otherwise.
        let what = checks
            .iter()
            .find(|c| c["status"] == "failed")
            .and_then(|c| c["check"].as_str())
            .map(check_name)
            .unwrap_or_else(|| esc(result["title"].as_str().unwrap_or_default()));
        format!(
            r#"<p class="verdict fail">✗ {} — {} {what}</p>"#,
            l.t("verdict.fail"),
            l.t("verdict.failed_check"),
        )
    } else if warned {
        format!(r#"<p class="verdict warn">! {}</p>"#, l.t("verdict.warn"))
    } else {
        format!(r#"<p class="verdict ok">✓ {}</p>"#, l.t("verdict.ok"))
    };
    let rows: String = checks
        .iter()
        .map(|c| {
            let (status, mark, label) = state_of(l, c["status"].as_str());
            let name = c["check"].as_str().unwrap_or_default();
            format!(
                r#"<li class="check {status}" data-check="{name}"><span class="mark" aria-hidden="true">{mark}</span> <strong>{}</strong> <span class="state">{label}</span><br><span class="detail">{}</span></li>"#,
                check_name(name),
                esc(c["detail"].as_str().unwrap_or_default()),
            )
        })
        .collect();
    let problem = if verified {
        String::new()
    } else {
        format!(
            r#"<p class="detail">{} <code>{}</code></p><p class="notice error">{}</p>"#,
            esc(result["detail"].as_str().unwrap_or_default()),
            esc(result["code"].as_str().unwrap_or_default()),
            l.t("verify.unproven"),
        )
    };
    let state = if !verified {
        "fail"
    } else if warned {
        "warn"
    } else {
        "ok"
    };
    format!(
        r#"<article class="credential {state}" data-verified="{verified}">
<h2>{title}</h2>{verdict}{problem}
<dl class="facts">{dl}</dl>
<h3>{checks_title}</h3>
<ul class="checks">{rows}</ul>{parts}
</article>"#,
        title = esc(&title),
        checks_title = l.t("verify.checks"),
        parts = parts(l, result),
    )
}

/// A check's (or part's) state: CSS class, symbol and words, so that it never rests on colour
/// alone. Anything but passed, failed or warning shows as not checked.
fn state_of(l: Lang, status: Option<&str>) -> (&'static str, &'static str, &'static str) {
    match status {
        Some("passed") => ("passed", "✓", l.t("state.passed")),
        Some("failed") => ("failed", "✗", l.t("state.failed")),
        Some("warning") => ("warning", "!", l.t("state.warning")),
        _ => ("skipped", "–", l.t("state.skipped")),
    }
}

/// A qualification's parts: each unit credential it references, and what checking it gave.
fn parts(l: Lang, result: &Value) -> String {
    let Some(parts) = result["parts"].as_array().filter(|p| !p.is_empty()) else {
        return String::new();
    };
    let rows: String = parts
        .iter()
        .map(|p| {
            // `unavailable` (no copy to check) shows as not checked.
            let (status, mark, label) = state_of(l, p["status"].as_str());
            let source = match p["source"].as_str() {
                Some("recognised") => format!(" · {}", l.t("unit.recognised")),
                _ => String::new(),
            };
            format!(
                r#"<li class="check {status}"><span class="mark" aria-hidden="true">{mark}</span> <code>{}</code>{source} <span class="state">{label}</span><br><span class="detail">{}</span></li>"#,
                esc(p["id"].as_str().unwrap_or_default()),
                esc(p["detail"].as_str().unwrap_or_default()),
            )
        })
        .collect();
    format!(
        r#"<h3>{}</h3><ul class="checks parts">{rows}</ul>"#,
        l.t("check.parts")
    )
}
