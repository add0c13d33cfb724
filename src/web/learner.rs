//! The learner's page: progress per qualification, each credential, the wallet bundle and the
//! wallet offer. Opened with the personal link the school gives (its code becomes a session
//! cookie at once and leaves the address bar); it shows this learner only.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde_json::Value;
use uuid::Uuid;

use super::{Ctx, Fields, Lang, Words, esc, field};
use crate::domain::provider::Provider;
use crate::services::keys::{random_secret, token_hash};
use crate::state::AppState;
use crate::state::SessionPrincipal;
use crate::storage::SessionOwner;

const COOKIE: &str = "uc_learner";
/// A learner's browser session lasts a week (and never beyond the access code).
const SESSION_DAYS: i64 = 7;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/learner", get(entry))
        .route("/learner/open", get(open_link).post(open_form))
        .route("/learner/logout", post(logout))
        .route("/learner/{id}", get(home))
        .route("/learner/{id}/bundle", get(bundle))
        .route("/learner/{id}/credentials/{credential}", get(credential))
        .route("/learner/{id}/credentials/{credential}/offer", post(offer))
        .route(
            "/learner/{id}/credentials/{credential}/europass",
            get(europass),
        )
}

async fn session(state: &AppState, ctx: &Ctx) -> Option<(Provider, Uuid)> {
    let cookie = ctx.cookies.get(COOKIE)?;
    match state
        .store
        .web_session(&token_hash(cookie), state.clock.now())
        .await
    {
        Ok(Some(SessionOwner::Learner(provider, learner_id))) => Some((provider, learner_id)),
        Ok(_) => None,
        Err(e) => {
            tracing::error!(error = %e, "learner session not read");
            None
        }
    }
}

fn code_form(ctx: &Ctx, error: Option<&str>) -> String {
    let l = ctx.lang;
    let alert = error
        .map(|e| format!(r#"<p class="notice error" role="alert">{}</p>"#, esc(e)))
        .unwrap_or_default();
    format!(
        r#"<h1>{title}</h1>{alert}<p class="lead">{lead}</p>
<form method="post" action="/learner/open" class="panel narrow">
<input type="hidden" name="csrf" value="{csrf}">
<label for="code">{code}</label>
<input id="code" name="code" type="password" autocomplete="off" required>
<p><button type="submit">{open}</button></p>
</form>"#,
        title = l.t("learner-title"),
        lead = l.t("learner-lead"),
        csrf = esc(&ctx.csrf),
        code = l.t("learner-code"),
        open = l.t("learner-open"),
    )
}

async fn entry(State(state): State<AppState>, ctx: Ctx) -> Response {
    if let Some((_, learner_id)) = session(&state, &ctx).await {
        return ctx.redirect(&format!("/learner/{learner_id}"));
    }
    let body = code_form(&ctx, None);
    ctx.page(ctx.lang.t("learner-title"), body).into_response()
}

/// Opens a session for the learner behind `code`, or says the code is not (or no longer) valid.
async fn open(state: &AppState, ctx: &Ctx, code: &str) -> Response {
    let l = ctx.lang;
    let now = state.clock.now();
    let found = match state
        .store
        .learner_access_by_code(&token_hash(code.trim()), now)
        .await
    {
        Ok(found) => found,
        Err(e) => {
            tracing::error!(error = %e, "learner access not read");
            return ctx.message(
                StatusCode::INTERNAL_SERVER_ERROR,
                l.t("learner-title"),
                l.t("err-internal"),
            );
        }
    };
    let Some((provider_id, learner_id, access_id)) = found else {
        let body = code_form(ctx, Some(l.t("learner-bad_code")));
        return ctx
            .page(l.t("learner-title"), body)
            .status(StatusCode::UNAUTHORIZED)
            .into_response();
    };
    let session = random_secret(32);
    let expires = now + time::Duration::days(SESSION_DAYS);
    if let Err(e) = state
        .store
        .insert_web_session(
            &token_hash(&session),
            provider_id,
            None,
            Some((learner_id, access_id)),
            now,
            expires,
        )
        .await
    {
        tracing::error!(error = %e, "learner session not stored");
        return ctx.message(
            StatusCode::INTERNAL_SERVER_ERROR,
            l.t("learner-title"),
            l.t("err-internal"),
        );
    }
    // Lax, not Strict: the link arrives from a mail or another site, and its redirect must
    // carry the new cookie.
    let to = format!("/learner/{learner_id}");
    ctx.redirect_setting(&to, COOKIE, &session, SESSION_DAYS * 86_400, "Lax")
}

async fn open_link(State(state): State<AppState>, ctx: Ctx, Query(q): Query<Fields>) -> Response {
    open(&state, &ctx, field(&q, "code")).await
}

async fn open_form(State(state): State<AppState>, ctx: Ctx, Form(f): Form<Fields>) -> Response {
    if !ctx.csrf_ok(f.get("csrf").map(String::as_str)) {
        return ctx.refused_csrf();
    }
    open(&state, &ctx, field(&f, "code")).await
}

async fn logout(State(state): State<AppState>, ctx: Ctx, Form(f): Form<Fields>) -> Response {
    if !ctx.csrf_ok(f.get("csrf").map(String::as_str)) {
        return ctx.refused_csrf();
    }
    if let Some(cookie) = ctx.cookies.get(COOKIE)
        && let Err(e) = state.store.delete_web_session(&token_hash(cookie)).await
    {
        tracing::error!(error = %e, "learner session not deleted");
    }
    ctx.redirect_setting("/learner", COOKIE, "", 0, "Lax")
}

/// The learner's principal for `id`, or the page that refuses: no session, or another
/// learner's page.
async fn guard(state: &AppState, ctx: &Ctx, id: Uuid) -> Result<SessionPrincipal, Response> {
    let l = ctx.lang;
    match session(state, ctx).await {
        Some((provider, learner_id)) if learner_id == id => Ok(SessionPrincipal::Learner {
            provider,
            learner_id,
        }),
        Some(_) => Err(ctx.message(
            StatusCode::FORBIDDEN,
            l.t("learner-refused-title"),
            l.t("learner-refused"),
        )),
        None => {
            let body = code_form(ctx, Some(l.t("learner-need_code")));
            Err(ctx
                .page(l.t("learner-title"), body)
                .status(StatusCode::UNAUTHORIZED)
                .into_response())
        }
    }
}

/// A unit's progress state as a badge (shared with the console).
pub fn unit_state(l: Lang, status: &str) -> String {
    let (class, key) = match status {
        "validated" => ("passed", "unit-validated"),
        "recognised" => ("passed", "unit-recognised"),
        "remediation" => ("warning", "unit-remediation"),
        _ => ("skipped", "unit-pending"),
    };
    format!(r#"<span class="badge {class}">{}</span>"#, l.t(key))
}

/// ECVET points as written in `l` (`12,5` in French).
pub fn points(l: Lang, p: &Value) -> String {
    let n = p.as_f64().unwrap_or_default();
    l.number(&crate::domain::credential::format_points(n))
}

async fn home(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> Response {
    let principal = match guard(&state, &ctx, id).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let l = ctx.lang;
    let reply = ctx.api.get(&principal, "/learner/v1/me").await;
    if !reply.ok() {
        return ctx.message(reply.status, l.t("learner-title"), &reply.error(l));
    }
    let me = reply.json();
    let SessionPrincipal::Learner { provider, .. } = &principal else {
        return ctx.message(
            StatusCode::FORBIDDEN,
            l.t("learner-title"),
            l.t("learner-refused"),
        );
    };
    let mut sections = String::new();
    // Which credential proves what, for naming them in the list below.
    let mut names: std::collections::HashMap<String, String> = Default::default();
    for q in me["qualifications"].as_array().into_iter().flatten() {
        let code = q["profile_code"].as_str().unwrap_or_default();
        let version = q["profile_version"].as_u64().unwrap_or(1) as u32;
        let profile = state
            .store
            .profile(provider.id, code, version)
            .await
            .ok()
            .flatten();
        let title = profile
            .as_ref()
            .map(|p| p.def.title.get(l.code()).to_owned())
            .unwrap_or_else(|| code.to_owned());
        let mut rows = String::new();
        for u in q["units"].as_array().into_iter().flatten() {
            let unit_code = u["unit_code"].as_str().unwrap_or_default();
            let unit_title = profile
                .as_ref()
                .and_then(|p| p.def.units.iter().find(|x| x.code == unit_code))
                .map(|x| x.title.get(l.code()).to_owned())
                .unwrap_or_default();
            let link = match u["credential_id"].as_str() {
                Some(cid) => {
                    names.insert(cid.to_owned(), format!("{unit_code} · {unit_title}"));
                    format!(
                        r#"<a href="/learner/{id}/credentials/{cid}">{}</a>"#,
                        l.t("learner-see")
                    )
                }
                None => String::new(),
            };
            // A recognised unit names the issuer of the credential it was recognised from.
            let from = me["recognitions"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|r| u["status"] == "recognised" && r["unit_code"] == unit_code)
                .find_map(|r| r["foreign_issuer"].as_str())
                .map(|i| {
                    format!(
                        r#"<br><span class="hint">{} <code>{}</code></span>"#,
                        l.t("unit-from"),
                        esc(i)
                    )
                })
                .unwrap_or_default();
            rows.push_str(&format!(
                r#"<tr><th scope="row">{}</th><td>{}{from}</td><td class="num">{}</td><td>{}</td><td>{link}</td></tr>"#,
                esc(unit_code),
                esc(&unit_title),
                points(l, &u["ecvet_points"]),
                unit_state(l, u["status"].as_str().unwrap_or_default()),
            ));
        }
        let earned = q["ecvet_points_earned"].as_f64().unwrap_or_default();
        let required = q["ecvet_points_required"].as_f64().unwrap_or_default();
        let award = match q["award"]["credential_id"].as_str() {
            Some(cid) => {
                names.insert(cid.to_owned(), title.clone());
                format!(
                    r#"<p class="verdict ok">✓ {} <a href="/learner/{id}/credentials/{cid}">{}</a></p>"#,
                    l.t("learner-qualified"),
                    l.t("learner-see")
                )
            }
            None if q["award"]["status"] == "pending" => {
                format!(r#"<p class="verdict warn">{}</p>"#, l.t("learner-jury"))
            }
            None => String::new(),
        };
        sections.push_str(&format!(
            r#"<section class="qualification" data-profile="{code}">
<h2>{title} <span class="hint">({code} v{version})</span></h2>{award}
<p><label for="p-{code}">{pts}</label> <progress id="p-{code}" max="{required}" value="{earned}">{earned}</progress>
<span>{e} / {r} {ecvet} ({total} {in_all})</span></p>
<div class="scroll"><table><caption class="sr-only">{units}</caption>
<thead><tr><th scope="col">{unit}</th><th scope="col">{name}</th><th scope="col">ECVET</th><th scope="col">{state}</th><th scope="col"><span class="sr-only">{cred}</span></th></tr></thead>
<tbody>{rows}</tbody></table></div></section>"#,
            code = esc(code),
            title = esc(&title),
            pts = l.t("learner-points"),
            e = points(l, &q["ecvet_points_earned"]),
            r = points(l, &q["ecvet_points_required"]),
            total = points(l, &q["ecvet_points_total"]),
            ecvet = l.t("learner-ecvet_required"),
            in_all = l.t("learner-in_all"),
            units = l.t("learner-units"),
            unit = l.t("learner-unit"),
            name = l.t("learner-unit_title"),
            state = l.t("learner-state"),
            cred = l.t("learner-credential"),
        ));
    }
    let mut creds = String::new();
    let europass = me["europass"] == true;
    for c in me["credentials"].as_array().into_iter().flatten() {
        let cid = c["id"].as_str().unwrap_or_default();
        let kind = match c["kind"].as_str() {
            Some("qualification") => l.t("kind-qualification"),
            _ => l.t("kind-unit"),
        };
        let name = names.get(cid).cloned().unwrap_or_default();
        let status = c["status"].as_str().unwrap_or("active");
        creds.push_str(&format!(
            r#"<li class="item"><div><strong>{kind}</strong> {name}<br><span class="hint">{issued} {date} · {st}</span></div>
<div class="actions"><a href="/learner/{id}/credentials/{cid}">{details}</a> <a href="/verify/{cid}">{verify}</a>{edc}
<form method="post" action="/learner/{id}/credentials/{cid}/offer" class="inline"><input type="hidden" name="csrf" value="{csrf}"><button type="submit" class="secondary">{wallet}</button></form></div></li>"#,
            name = esc(&name),
            issued = l.t("learner-issued"),
            date = esc(c["issued_at"].as_str().unwrap_or_default().get(..10).unwrap_or_default()),
            st = l.status(status),
            details = l.t("learner-see"),
            verify = l.t("learner-verify"),
            csrf = esc(&ctx.csrf),
            wallet = l.t("learner-wallet"),
            edc = if europass {
                format!(
                    r#" <a href="/learner/{id}/credentials/{cid}/europass" download>{}</a>"#,
                    l.t("learner-europass")
                )
            } else {
                String::new()
            },
        ));
    }
    let learner = &me["learner"];
    let body = format!(
        r#"<h1>{hello} {given} {family}</h1>
<p class="lead">{school}: {provider}</p>
<p><a class="button" href="/learner/{id}/bundle" download>{download}</a> <span class="hint">{bundle_hint}</span></p>
{sections}
<section><h2>{credentials}</h2><ul class="list">{creds}</ul></section>
<form method="post" action="/learner/logout"><input type="hidden" name="csrf" value="{csrf}"><button type="submit" class="secondary">{logout}</button></form>"#,
        hello = l.t("learner-hello"),
        given = esc(learner["given_name"].as_str().unwrap_or_default()),
        family = esc(learner["family_name"].as_str().unwrap_or_default()),
        school = l.t("learner-school"),
        provider = esc(me["provider"]["name"].as_str().unwrap_or_default()),
        download = l.t("learner-download"),
        bundle_hint = l.t("learner-bundle_hint"),
        credentials = l.t("learner-credentials"),
        csrf = esc(&ctx.csrf),
        logout = l.t("nav-logout"),
    );
    ctx.page(l.t("learner-title"), body).into_response()
}

async fn bundle(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> Response {
    let principal = match guard(&state, &ctx, id).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let reply = ctx.api.get(&principal, "/learner/v1/bundle").await;
    if !reply.ok() {
        return ctx.message(
            reply.status,
            ctx.lang.t("learner-title"),
            &reply.error(ctx.lang),
        );
    }
    let mut r = reply.body.into_response();
    for name in [header::CONTENT_TYPE, header::CONTENT_DISPOSITION] {
        if let Some(v) = reply.headers.get(&name) {
            r.headers_mut().insert(name, v.clone());
        }
    }
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

async fn credential(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, cid)): Path<(Uuid, Uuid)>,
) -> Response {
    let principal = match guard(&state, &ctx, id).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let l = ctx.lang;
    let reply = ctx
        .api
        .get(&principal, &format!("/learner/v1/credentials/{cid}"))
        .await;
    if !reply.ok() {
        return ctx.message(reply.status, l.t("learner-title"), &reply.error(l));
    }
    let vc = reply.json();
    let result = match crate::services::verification::verification(&state, &vc, &[]).await {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "learner page: verification did not complete");
            return ctx.message(
                StatusCode::INTERNAL_SERVER_ERROR,
                l.t("learner-title"),
                l.t("err-internal"),
            );
        }
    };
    let pretty = serde_json::to_string_pretty(&vc).unwrap_or_default();
    let body = format!(
        r#"<p><a href="/learner/{id}">← {back}</a></p>{card}
<p><a href="/verify/{cid}">{share}</a></p>
<details><summary>{json}</summary><pre>{pretty}</pre></details>"#,
        back = l.t("learner-back"),
        card = super::verifier::card(l, &vc, &result),
        share = l.t("learner-share"),
        json = l.t("learner-json"),
        pretty = esc(&pretty),
    );
    ctx.page(l.t("learner-title"), body).into_response()
}

/// The credential as a sealed European Digital Credential, as a file to upload to Europass.
async fn europass(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, cid)): Path<(Uuid, Uuid)>,
) -> Response {
    let principal = match guard(&state, &ctx, id).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let reply = ctx
        .api
        .get(
            &principal,
            &format!("/learner/v1/credentials/{cid}?format=edc"),
        )
        .await;
    if !reply.ok() {
        return ctx.message(
            reply.status,
            ctx.lang.t("learner-title"),
            &reply.error(ctx.lang),
        );
    }
    let mut r = reply.body.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/jose+json"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"europass-{cid}.json\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// An OID4VCI offer for one credential, shown as a QR code for the learner's wallet.
async fn offer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, cid)): Path<(Uuid, Uuid)>,
    Form(f): Form<Fields>,
) -> Response {
    if !ctx.csrf_ok(f.get("csrf").map(String::as_str)) {
        return ctx.refused_csrf();
    }
    let principal = match guard(&state, &ctx, id).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let l = ctx.lang;
    let reply = ctx
        .api
        .post_json(
            &principal,
            &format!("/learner/v1/credentials/{cid}/offer"),
            &serde_json::json!({}),
        )
        .await;
    if !reply.ok() {
        return ctx.message(reply.status, l.t("learner-title"), &reply.error(l));
    }
    let o = reply.json();
    let svg = o["qr_svg"].as_str().unwrap_or_default();
    let img = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, svg);
    let link = o["credential_offer_uri"]
        .as_str()
        .or_else(|| o["offer_link"].as_str())
        .or_else(|| o["link"].as_str())
        .unwrap_or_default();
    let tx = o["tx_code"]
        .as_str()
        .map(|c| {
            format!(
                r#"<p>{} <strong class="code">{}</strong></p>"#,
                l.t("learner-tx_code"),
                esc(c)
            )
        })
        .unwrap_or_default();
    let body = format!(
        r#"<p><a href="/learner/{id}">← {back}</a></p><h1>{title}</h1><p class="lead">{lead}</p>
<img class="qr" src="data:image/svg+xml;base64,{img}" alt="{alt}" width="280" height="280">{tx}
<p><a href="{link}">{open}</a></p><p class="hint">{expires} {exp}</p>"#,
        back = l.t("learner-back"),
        title = l.t("learner-offer-title"),
        lead = l.t("learner-offer-lead"),
        alt = l.t("learner-offer-alt"),
        link = esc(link),
        open = l.t("learner-offer-open"),
        expires = l.t("learner-offer-expires"),
        exp = esc(o["expires_at"].as_str().unwrap_or_default()),
    );
    ctx.page(l.t("learner-offer-title"), body).into_response()
}
