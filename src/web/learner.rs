//! The learner's page: progress per qualification, each credential, the wallet bundle and the
//! wallet offer. Opened with the personal link the school gives (its code becomes a session
//! cookie at once and leaves the address bar); it shows this learner only.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde_json::Value;
use uuid::Uuid;

use super::{Ctx, Fields, Lang, Words, date, each, field, render, text};
use crate::domain::provider::Provider;
use crate::services::keys::{random_secret, token_hash};
use crate::state::AppState;
use crate::state::SessionPrincipal;
use crate::storage::SessionOwner;
use crate::support::i18n::Message;

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
        .route("/learner/{id}/offer", post(offer_all))
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

#[derive(Template)]
#[template(path = "learner/code.html")]
struct CodeForm<'a> {
    l: Lang,
    error: Option<&'a str>,
    csrf: &'a str,
}

fn code_form(ctx: &Ctx, error: Option<&str>) -> String {
    render(&CodeForm {
        l: ctx.lang,
        error,
        csrf: &ctx.csrf,
    })
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
        "revoked" => ("failed", "unit-revoked"),
        "awaiting_cosignature" => ("warning", "unit-awaiting_cosignature"),
        _ => ("skipped", "unit-pending"),
    };
    render(&Badge {
        class,
        text: l.t(key),
    })
}

/// "2 of 6 units validated" and the heading of the `remaining` units that follow, for a
/// qualification's progress (shared with the console).
pub fn standing(l: Lang, progress: &Value, remaining: usize) -> (String, String) {
    let count = |key: &str| progress[key].as_i64().unwrap_or_default();
    (
        Message::new("learner-standing")
            .num("validated", count("units_validated"))
            .num("total", count("units_total"))
            .text(l),
        Message::new("learner-remaining")
            .num("count", remaining as i64)
            .text(l),
    )
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
    let mut qualifications = Vec::new();
    // Which credential proves what, for naming them in the list below.
    let mut names: std::collections::HashMap<String, String> = Default::default();
    for q in each(&me["qualifications"]) {
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
        let mut units = Vec::new();
        for u in each(&q["units"]) {
            let unit_code = u["unit_code"].as_str().unwrap_or_default();
            let unit_title = profile
                .as_ref()
                .and_then(|p| p.def.units.iter().find(|x| x.code == unit_code))
                .map(|x| x.title.get(l.code()).to_owned())
                .unwrap_or_default();
            let credential = u["credential_id"].as_str().map(str::to_owned);
            if let Some(cid) = &credential {
                names.insert(cid.clone(), format!("{unit_code} · {unit_title}"));
            }
            // A recognised unit names the issuer of the credential it was recognised from.
            let from = each(&me["recognitions"])
                .filter(|r| u["status"] == "recognised" && r["unit_code"] == unit_code)
                .find_map(|r| r["foreign_issuer"].as_str())
                .map(str::to_owned);
            // A unit validated by a jury or at the workplace says so.
            let route = u["route"]
                .as_str()
                .filter(|r| *r != "school")
                .map(|r| l.t(&format!("route-{r}")).to_owned());
            units.push(UnitLine {
                code: unit_code.to_owned(),
                title: unit_title,
                from,
                route,
                points: points(l, &u["ecvet_points"]),
                state: unit_state(l, u["status"].as_str().unwrap_or_default()),
                credential,
            });
        }
        let credential = q["award"]["credential_id"].as_str().map(str::to_owned);
        if let Some(cid) = &credential {
            names.insert(cid.clone(), title.clone());
        }
        let remaining: Vec<(String, String, String)> = each(&q["remaining"])
            .map(|u| {
                let title = u["title"][l.code()]
                    .as_str()
                    .or_else(|| u["title"]["fr"].as_str())
                    .or_else(|| u["title"].as_object()?.values().next()?.as_str())
                    .unwrap_or_default();
                (
                    text(&u["unit_code"]),
                    title.to_owned(),
                    points(l, &u["ecvet_points"]),
                )
            })
            .collect();
        let (standing, remaining_title) = standing(l, q, remaining.len());
        qualifications.push(Qualification {
            standing,
            remaining_title,
            remaining,
            code: code.to_owned(),
            title,
            version,
            credential,
            jury: q["award"]["status"] == "pending",
            earned: q["ecvet_points_earned"].as_f64().unwrap_or_default(),
            required: q["ecvet_points_required"].as_f64().unwrap_or_default(),
            earned_text: points(l, &q["ecvet_points_earned"]),
            required_text: points(l, &q["ecvet_points_required"]),
            total_text: points(l, &q["ecvet_points_total"]),
            units,
        });
    }
    let credentials = each(&me["credentials"])
        .map(|c| {
            let cid = text(&c["id"]);
            CredentialLine {
                qualification: c["kind"] == "qualification",
                name: names.get(&cid).cloned().unwrap_or_default(),
                date: date(&c["issued_at"]),
                status: l.status(c["status"].as_str().unwrap_or("active")),
                id: cid,
            }
        })
        .collect();
    let learner = &me["learner"];
    let body = render(&Home {
        l,
        id,
        given: text(&learner["given_name"]),
        family: text(&learner["family_name"]),
        provider: text(&me["provider"]["name"]),
        qualifications,
        credentials,
        europass: me["europass"] == true,
        csrf: &ctx.csrf,
    });
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
    let result =
        match crate::services::verification::verification(&state, vc.clone(), Vec::new()).await {
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
    let body = render(&CredentialPage {
        l,
        id,
        cid,
        card: super::verifier::card(l, &vc, &result),
        pretty,
    });
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
    show_offer(
        &state,
        &ctx,
        id,
        &f,
        &format!("/learner/v1/credentials/{cid}/offer"),
    )
    .await
}

/// One OID4VCI offer for the learner's whole record: one scan.
async fn offer_all(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    Form(f): Form<Fields>,
) -> Response {
    show_offer(&state, &ctx, id, &f, "/learner/v1/offer").await
}

/// Makes the offer at `uri` and shows it as a QR code.
async fn show_offer(state: &AppState, ctx: &Ctx, id: Uuid, f: &Fields, uri: &str) -> Response {
    if !ctx.csrf_ok(f.get("csrf").map(String::as_str)) {
        return ctx.refused_csrf();
    }
    let principal = match guard(state, ctx, id).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let l = ctx.lang;
    let reply = ctx
        .api
        .post_json(&principal, uri, &serde_json::json!({}))
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
    let body = render(&Offer {
        l,
        id,
        img,
        tx_code: o["tx_code"].as_str(),
        link,
        expires: o["expires_at"].as_str().unwrap_or_default(),
    });
    ctx.page(l.t("learner-offer-title"), body).into_response()
}

#[derive(Template)]
#[template(path = "learner/badge.html")]
struct Badge {
    class: &'static str,
    text: &'static str,
}

#[derive(Template)]
#[template(path = "learner/home.html")]
struct Home<'a> {
    l: Lang,
    id: Uuid,
    given: String,
    family: String,
    provider: String,
    qualifications: Vec<Qualification>,
    credentials: Vec<CredentialLine>,
    europass: bool,
    csrf: &'a str,
}

struct Qualification {
    /// "2 of 6 units validated".
    standing: String,
    remaining_title: String,
    /// Code, title and ECVET points of each unit still to validate.
    remaining: Vec<(String, String, String)>,
    code: String,
    title: String,
    version: u32,
    credential: Option<String>,
    jury: bool,
    earned: f64,
    required: f64,
    earned_text: String,
    required_text: String,
    total_text: String,
    units: Vec<UnitLine>,
}

struct UnitLine {
    code: String,
    title: String,
    /// The issuer of the foreign credential a recognised unit rests on.
    from: Option<String>,
    /// Validation of prior learning or at the workplace.
    route: Option<String>,
    points: String,
    state: String,
    credential: Option<String>,
}

struct CredentialLine {
    id: String,
    qualification: bool,
    name: String,
    date: String,
    status: String,
}

#[derive(Template)]
#[template(path = "learner/credential.html")]
struct CredentialPage {
    l: Lang,
    id: Uuid,
    cid: Uuid,
    card: String,
    pretty: String,
}

#[derive(Template)]
#[template(path = "learner/offer.html")]
struct Offer<'a> {
    l: Lang,
    id: Uuid,
    img: String,
    tx_code: Option<&'a str>,
    link: &'a str,
    expires: &'a str,
}
