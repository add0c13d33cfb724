//! The school console: staff sign in with an e-mail address and a password, then browse the
//! referential, manage learners, record results (one at a time or a cohort file with its
//! progress), decide on awards, revoke or suspend, rotate keys, manage staff and read the audit
//! log. Every action is a call to the JSON API with the staff member's role.

use std::collections::HashMap;

use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde_json::{Value, json};
use uuid::Uuid;

use super::{Ctx, Fields, Lang, Reply, esc, field, multipart};
use crate::domain::provider::{Provider, Role};
use crate::services::audit;
use crate::services::keys::{random_secret, token_hash};
use crate::state::AppState;
use crate::state::SessionPrincipal;
use crate::storage::{SessionOwner, StaffRecord};

const COOKIE: &str = "uc_session";
/// A console session lasts a working day.
const SESSION_HOURS: i64 = 12;
/// How long an account stays locked after `MAX_FAILED_LOGINS` failed sign-ins in a row.
const LOCK_MINUTES: i64 = 15;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/console", get(dashboard))
        .route("/console/login", get(login_form).post(login))
        .route("/console/logout", post(logout))
        .route("/console/profiles", get(profiles))
        .route("/console/profiles/{code}/{version}", get(profile))
        .route("/console/learners", get(learners).post(create_learner))
        .route("/console/learners/{id}", get(learner))
        .route(
            "/console/learners/{id}/assessments",
            post(record_assessment),
        )
        .route("/console/learners/{id}/access", post(learner_access))
        .route("/console/credentials/{id}/status", post(change_status))
        .route("/console/results", get(results))
        .route("/console/imports/{id}", get(import_progress))
        .route("/console/awards", get(awards))
        .route("/console/awards/{id}/decision", post(decide_award))
        .route("/console/reviews/{id}/decision", post(decide_review))
        .route(
            "/console/recognitions/{id}/decision",
            post(decide_recognition),
        )
        .route("/console/learner-access/{id}/revoke", post(revoke_access))
        .route("/console/keys", get(keys))
        .route("/console/keys/rotate", post(rotate_key))
        .route("/console/staff", get(staff).post(create_staff))
        .route("/console/staff/{id}/disable", post(disable_staff))
        .route("/console/audit", get(audit_log))
}

/// The uploads (a cohort's result file, a referential), which take the import's body limit.
pub fn upload_router() -> Router<AppState> {
    Router::new()
        .route("/console/results", post(upload_results))
        .route("/console/profiles", post(import_profiles))
}

/// A signed-in staff member.
struct Staff {
    principal: SessionPrincipal,
    record: StaffRecord,
    provider: Provider,
    role: Role,
}

impl Staff {
    fn admin(&self) -> bool {
        self.role == Role::Admin
    }
}

async fn signed_in(state: &AppState, ctx: &Ctx) -> Result<Staff, Response> {
    let Some(cookie) = ctx.cookies.get(COOKIE) else {
        return Err(ctx.redirect("/console/login"));
    };
    match state
        .store
        .web_session(&token_hash(cookie), state.clock.now())
        .await
    {
        Ok(Some(SessionOwner::Staff(provider, record))) => {
            let role = Role::parse(&record.role).unwrap_or(Role::Assessor);
            Ok(Staff {
                principal: SessionPrincipal::Staff {
                    provider: provider.clone(),
                    role,
                    label: format!("staff:{}", record.email),
                },
                record,
                provider,
                role,
            })
        }
        Ok(_) => Err(ctx.redirect("/console/login")),
        Err(e) => {
            tracing::error!(error = %e, "console session not read");
            Err(ctx.message(
                StatusCode::INTERNAL_SERVER_ERROR,
                ctx.lang.t("console.title"),
                ctx.lang.t("err.internal"),
            ))
        }
    }
}

/// A console form's action: checks the session and the CSRF token, then POSTs to the API
/// (with a JSON body, or none); the notice says it was `done`, or gives the API's refusal.
async fn act(
    state: &AppState,
    ctx: &Ctx,
    f: &Fields,
    uri: &str,
    body: Option<Value>,
    done: &str,
) -> Result<String, Response> {
    let staff = signed_in_form(state, ctx, f).await?;
    let reply = match body {
        Some(doc) => ctx.api.post_json(&staff.principal, uri, &doc).await,
        None => {
            ctx.api
                .call(&staff.principal, Method::POST, uri, None)
                .await
        }
    };
    Ok(outcome(&reply, done))
}

/// The page a form about a learner returns to: theirs, or the list.
async fn back_to_learner(state: &AppState, ctx: &Ctx, f: &Fields, notice: String) -> Response {
    match field(f, "learner").parse::<Uuid>() {
        Ok(learner) => learner_page(state, ctx, learner, notice).await,
        Err(_) => learners_page(state, ctx, notice).await,
    }
}

/// Signs in and reads `uri` from the API: the staff member and the answer, or the page to
/// show instead (sign-in, or the API's refusal).
async fn load(
    state: &AppState,
    ctx: &Ctx,
    uri: &str,
    title: &str,
) -> Result<(Staff, Value), Response> {
    let staff = signed_in(state, ctx).await?;
    let reply = ctx.api.get(&staff.principal, uri).await;
    if !reply.ok() {
        return Err(api_error(ctx, title, &reply));
    }
    Ok((staff, reply.json()))
}

/// Signs in and checks the form's CSRF token, or answers with the refusal.
async fn signed_in_form(state: &AppState, ctx: &Ctx, f: &Fields) -> Result<Staff, Response> {
    if !ctx.csrf_ok(f.get("csrf").map(String::as_str)) {
        return Err(ctx.refused_csrf());
    }
    signed_in(state, ctx).await
}

fn csrf_input(ctx: &Ctx) -> String {
    format!(
        r#"<input type="hidden" name="csrf" value="{}">"#,
        esc(&ctx.csrf)
    )
}

/// The notice for an API answer: `done` when it succeeded, the API's error otherwise.
fn outcome(reply: &Reply, done: &str) -> String {
    if reply.ok() {
        flash("ok", done)
    } else {
        flash("error", &reply.error())
    }
}

fn flash(kind: &str, text: &str) -> String {
    let role = if kind == "error" { "alert" } else { "status" };
    format!(
        r#"<p class="notice {kind}" role="{role}">{}</p>"#,
        esc(text)
    )
}

/// The page for an API refusal (403 for an assessor on an admin action, 404, validation).
fn api_error(ctx: &Ctx, title: &str, reply: &Reply) -> Response {
    let status = if reply.status.is_success() {
        StatusCode::INTERNAL_SERVER_ERROR
    } else {
        reply.status
    };
    ctx.message(status, title, &reply.error())
}

fn chrome(ctx: &Ctx, staff: &Staff, title: &str, body: String) -> Response {
    let l = ctx.lang;
    let head = format!(
        r#"<div class="who"><span>{} · {} ({})</span><form method="post" action="/console/logout" class="inline">{}<button type="submit" class="link">{}</button></form></div>"#,
        esc(&staff.provider.name),
        esc(&staff.record.name),
        l.role(staff.role.as_str()),
        csrf_input(ctx),
        l.t("nav.logout"),
    );
    ctx.page(title, format!("{head}{body}")).into_response()
}

// --- signing in -------------------------------------------------------------------------

fn login_html(ctx: &Ctx, error: Option<&str>, email: &str) -> String {
    let l = ctx.lang;
    format!(
        r#"<h1>{title}</h1>{alert}
<form method="post" action="/console/login" class="panel narrow">{csrf}
<label for="email">{email_label}</label>
<input id="email" name="email" type="email" autocomplete="username" required value="{email}">
<label for="password">{password}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<p><button type="submit">{submit}</button></p>
</form>"#,
        title = l.t("console.login"),
        alert = error.map(|e| flash("error", e)).unwrap_or_default(),
        csrf = csrf_input(ctx),
        email_label = l.t("console.email"),
        email = esc(email),
        password = l.t("console.password"),
        submit = l.t("console.sign_in"),
    )
}

async fn login_form(State(state): State<AppState>, ctx: Ctx) -> Response {
    if signed_in(&state, &ctx).await.is_ok() {
        return ctx.redirect("/console");
    }
    let body = login_html(&ctx, None, "");
    ctx.page(ctx.lang.t("console.login"), body).into_response()
}

async fn login(State(state): State<AppState>, ctx: Ctx, Form(f): Form<Fields>) -> Response {
    let l = ctx.lang;
    if !ctx.csrf_ok(f.get("csrf").map(String::as_str)) {
        return ctx.refused_csrf();
    }
    let email = field(&f, "email").to_lowercase();
    let password = f.get("password").cloned().unwrap_or_default();
    let now = state.clock.now();
    let client = ctx.client_ip;
    if client.is_some_and(|ip| !state.sign_in_throttle.allows(ip, now)) {
        tracing::warn!("console sign-in refused: too many failures from this address");
        let body = login_html(&ctx, Some(l.t("console.throttled")), &email);
        return ctx
            .page(l.t("console.login"), body)
            .status(StatusCode::TOO_MANY_REQUESTS)
            .into_response();
    }
    // The attempt is counted before the password is checked; a locked account is refused
    // like a wrong password, after the same work, so the answer tells nothing about which
    // addresses exist.
    let until = now + time::Duration::minutes(LOCK_MINUTES);
    let claim = async {
        let account = state.store.staff_login(&email).await?;
        let claimed = match &account {
            Some(a) => {
                state
                    .store
                    .claim_staff_login(a.staff.id, now, until)
                    .await?
            }
            None => false,
        };
        Ok::<_, crate::storage::StoreError>((account, claimed))
    };
    let (account, claimed) = match claim.await {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "sign-in attempt not read or counted");
            return ctx.message(
                StatusCode::INTERNAL_SERVER_ERROR,
                l.t("console.login"),
                l.t("err.internal"),
            );
        }
    };
    let locked = account.is_some() && !claimed;
    let account = account.filter(|_| claimed);
    // Argon2 takes tens of milliseconds of CPU: off the async threads.
    let checked = tokio::task::spawn_blocking(move || match account {
        Some(a) => crate::crypto::password::verify(&password, &a.password_hash).then_some(a.staff),
        None => {
            crate::crypto::password::verify_nothing(&password);
            None
        }
    })
    .await
    .ok()
    .flatten();
    let Some(staff) = checked else {
        tracing::info!(locked, "console sign-in refused");
        if let Some(ip) = client {
            state.sign_in_throttle.failed(ip, now);
        }
        let body = login_html(&ctx, Some(l.t("console.bad_login")), &email);
        return ctx
            .page(l.t("console.login"), body)
            .status(StatusCode::UNAUTHORIZED)
            .into_response();
    };
    let session = random_secret(32);
    let stored = async {
        state.store.staff_login_succeeded(staff.id).await?;
        state
            .store
            .insert_web_session(
                &token_hash(&session),
                staff.provider_id,
                Some(staff.id),
                None,
                now,
                now + time::Duration::hours(SESSION_HOURS),
            )
            .await?;
        let actor = format!("{}:staff:{}", staff.role, staff.email);
        let event = audit::Event::new(&actor, "staff.signed_in", staff.id, json!({}));
        audit::record(&state.store, staff.provider_id, now, event).await
    }
    .await;
    if let Err(e) = stored {
        tracing::error!(error = %e, "console session not stored");
        return ctx.message(
            StatusCode::INTERNAL_SERVER_ERROR,
            l.t("console.login"),
            l.t("err.internal"),
        );
    }
    ctx.redirect_setting("/console", COOKIE, &session, SESSION_HOURS * 3600, "Strict")
}

async fn logout(State(state): State<AppState>, ctx: Ctx, Form(f): Form<Fields>) -> Response {
    if !ctx.csrf_ok(f.get("csrf").map(String::as_str)) {
        return ctx.refused_csrf();
    }
    if let Some(cookie) = ctx.cookies.get(COOKIE)
        && let Err(e) = state.store.delete_web_session(&token_hash(cookie)).await
    {
        tracing::error!(error = %e, "console session not deleted");
    }
    ctx.redirect_setting("/console/login", COOKIE, "", 0, "Strict")
}

// --- dashboard --------------------------------------------------------------------------

async fn dashboard(State(state): State<AppState>, ctx: Ctx) -> Response {
    let staff = match signed_in(&state, &ctx).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let l = ctx.lang;
    let p = &staff.principal;
    let profiles = ctx.api.get(p, "/v1/profiles").await.json();
    let learners = ctx.api.get(p, "/v1/learners?limit=1000").await.json();
    let awards = ctx.api.get(p, "/v1/awards?status=pending").await.json();
    let count = |v: &Value, k: &str| v[k].as_array().map(Vec::len).unwrap_or_default();
    let body = format!(
        r#"<h1>{title}</h1>
<ul class="cards">
<li><a href="/console/profiles"><strong>{np}</strong><span>{profiles}</span></a></li>
<li><a href="/console/learners"><strong>{nl}</strong><span>{learners}</span></a></li>
<li><a href="/console/awards"><strong>{na}</strong><span>{awards}</span></a></li>
<li><a href="/console/results"><strong>{results}</strong><span>{results_hint}</span></a></li>
</ul>"#,
        title = l.t("console.title"),
        np = count(&profiles, "profiles"),
        profiles = l.t("nav.profiles"),
        nl = count(&learners, "learners"),
        learners = l.t("nav.learners"),
        na = count(&awards, "awards"),
        awards = l.t("console.pending_awards"),
        results = l.t("nav.results"),
        results_hint = l.t("console.results_hint"),
    );
    chrome(&ctx, &staff, l.t("console.title"), body)
}

// --- referential ------------------------------------------------------------------------

async fn profiles_page(state: &AppState, ctx: &Ctx, notice: String) -> Response {
    let l = ctx.lang;
    let (staff, answer) = match load(state, ctx, "/v1/profiles", l.t("nav.profiles")).await {
        Ok(loaded) => loaded,
        Err(r) => return r,
    };
    let rows: String = answer["profiles"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            let d = &p["profile"];
            let code = d["code"].as_str().unwrap_or_default();
            let version = d["version"].as_u64().unwrap_or(1);
            format!(
                r#"<tr><th scope="row"><a href="/console/profiles/{c}/{version}">{c}</a></th><td>{version}</td><td>{title}</td><td class="num">{eqf}</td><td class="num">{units}</td><td>{locked}</td></tr>"#,
                c = esc(code),
                title = esc(&lang_text(&d["title"], l)),
                eqf = d["eqf_level"],
                units = d["units"].as_array().map(Vec::len).unwrap_or_default(),
                locked = if p["locked"] == true { l.t("console.in_use") } else { l.t("console.draft") },
            )
        })
        .collect();
    let import = if staff.admin() {
        format!(
            r#"<section><h2>{title}</h2><form method="post" action="/console/profiles" enctype="multipart/form-data" class="panel">{csrf}
<label for="referential">{file}</label><p class="hint" id="doc-hint">{hint}</p>
<input id="referential" name="referential" type="file" accept=".json,application/json" aria-describedby="doc-hint">
<label for="document">{label}</label>
<textarea id="document" name="document" rows="6" spellcheck="false"></textarea>
<p><button type="submit">{submit}</button></p></form></section>"#,
            file = l.t("console.referential_file"),
            title = l.t("console.import_profiles"),
            csrf = csrf_input(ctx),
            label = l.t("console.profile_json"),
            hint = l.t("console.profile_hint"),
            submit = l.t("console.import"),
        )
    } else {
        String::new()
    };
    let body = format!(
        r#"<h1>{title}</h1>{notice}<div class="scroll"><table><thead><tr><th scope="col">{code}</th><th scope="col">{version}</th><th scope="col">{name}</th><th scope="col">EQF</th><th scope="col">{units}</th><th scope="col">{state}</th></tr></thead><tbody>{rows}</tbody></table></div>{import}"#,
        title = l.t("nav.profiles"),
        code = l.t("console.code"),
        version = l.t("console.version"),
        name = l.t("console.name"),
        units = l.t("learner.units"),
        state = l.t("learner.state"),
    );
    chrome(ctx, &staff, l.t("nav.profiles"), body)
}

/// A language map's text in the page's language (or the first available).
fn lang_text(v: &Value, l: Lang) -> String {
    v[l.code()]
        .as_str()
        .or_else(|| ["fr", "nl", "de", "en"].iter().find_map(|k| v[*k].as_str()))
        .unwrap_or_default()
        .to_owned()
}

async fn profiles(State(state): State<AppState>, ctx: Ctx) -> Response {
    profiles_page(&state, &ctx, String::new()).await
}

/// One profile, or a referential file's `profiles`, each through `POST /v1/profiles`.
async fn import_profiles(State(state): State<AppState>, ctx: Ctx, form: Multipart) -> Response {
    let l = ctx.lang;
    let (f, file) = match multipart(form).await {
        Ok(parts) => parts,
        Err(e) => return ctx.message(StatusCode::BAD_REQUEST, l.t("nav.profiles"), &e),
    };
    let staff = match signed_in_form(&state, &ctx, &f).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    // A chosen file wins over pasted text.
    let text = match &file {
        Some((_, bytes)) => String::from_utf8_lossy(bytes).into_owned(),
        None => field(&f, "document").to_owned(),
    };
    let doc: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            return profiles_page(
                &state,
                &ctx,
                flash("error", &format!("{}: {e}", l.t("console.bad_json"))),
            )
            .await;
        }
    };
    let list = match doc.get("profiles").and_then(Value::as_array) {
        Some(list) => list.clone(),
        None => vec![doc],
    };
    let mut notes = String::new();
    for p in &list {
        let reply = ctx.api.post_json(&staff.principal, "/v1/profiles", p).await;
        let name = format!("{} v{}", p["code"].as_str().unwrap_or("?"), p["version"]);
        notes.push_str(&if reply.ok() {
            flash("ok", &format!("{name}: {}", l.t("console.imported")))
        } else {
            flash("error", &format!("{name}: {}", reply.error()))
        });
    }
    profiles_page(&state, &ctx, notes).await
}

async fn profile(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((code, version)): Path<(String, u32)>,
) -> Response {
    let l = ctx.lang;
    let (staff, v) = match load(
        &state,
        &ctx,
        &format!("/v1/profiles/{code}/{version}"),
        l.t("nav.profiles"),
    )
    .await
    {
        Ok(loaded) => loaded,
        Err(r) => return r,
    };
    let d = &v["profile"];
    let rows: String = d["units"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|u| {
            let outcomes: String = u["learning_outcomes"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|o| format!("<li>{}</li>", esc(&lang_text(o, l))))
                .collect();
            format!(
                r#"<tr><th scope="row">{}</th><td>{}<ul class="small">{outcomes}</ul></td><td class="num">{}</td><td>{}</td></tr>"#,
                esc(u["code"].as_str().unwrap_or_default()),
                esc(&lang_text(&u["title"], l)),
                super::learner::points(l, &u["ecvet_points"]),
                if u["mandatory"] == false { l.t("console.optional") } else { l.t("console.mandatory") },
            )
        })
        .collect();
    let title = lang_text(&d["title"], l);
    let body = format!(
        r#"<p><a href="/console/profiles">← {back}</a></p><h1>{title} <span class="hint">{code} v{version}</span></h1>
<p>{desc}</p><dl class="facts"><dt>EQF</dt><dd>{eqf}</dd><dt>{sector}</dt><dd>{sector_v}</dd><dt>ISCED-F</dt><dd>{isced}</dd></dl>
<div class="scroll"><table><thead><tr><th scope="col">{unit}</th><th scope="col">{name}</th><th scope="col">ECVET</th><th scope="col">{status}</th></tr></thead><tbody>{rows}</tbody></table></div>"#,
        back = l.t("nav.profiles"),
        title = esc(&title),
        code = esc(&code),
        desc = esc(&lang_text(&d["description"], l)),
        eqf = d["eqf_level"],
        sector = l.t("console.sector"),
        sector_v = esc(d["sector"].as_str().unwrap_or_default()),
        isced = esc(d["isced_f"].as_str().unwrap_or_default()),
        unit = l.t("learner.unit"),
        name = l.t("learner.unit_title"),
        status = l.t("learner.state"),
    );
    chrome(&ctx, &staff, &title, body)
}

// --- learners ---------------------------------------------------------------------------

async fn learners_page(state: &AppState, ctx: &Ctx, notice: String) -> Response {
    let l = ctx.lang;
    let (staff, answer) =
        match load(state, ctx, "/v1/learners?limit=1000", l.t("nav.learners")).await {
            Ok(loaded) => loaded,
            Err(r) => return r,
        };
    let rows: String = answer["learners"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|x| {
            format!(
                r#"<tr><th scope="row"><a href="/console/learners/{id}">{family} {given}</a></th><td>{email}</td><td>{r}</td></tr>"#,
                id = esc(x["id"].as_str().unwrap_or_default()),
                family = esc(x["family_name"].as_str().unwrap_or_default()),
                given = esc(x["given_name"].as_str().unwrap_or_default()),
                email = esc(x["email"].as_str().unwrap_or_default()),
                r = esc(x["external_ref"].as_str().unwrap_or_default()),
            )
        })
        .collect();
    let form = if staff.admin() {
        let langs: String = Lang::ALL
            .iter()
            .map(|x| format!(r#"<option value="{}">{}</option>"#, x.code(), x.name()))
            .collect();
        format!(
            r#"<section><h2>{title}</h2><form method="post" action="/console/learners" class="panel grid">{csrf}
<div><label for="given_name">{given}</label><input id="given_name" name="given_name" required autocomplete="off"></div>
<div><label for="family_name">{family}</label><input id="family_name" name="family_name" required autocomplete="off"></div>
<div><label for="email">{email}</label><input id="email" name="email" type="email" autocomplete="off"></div>
<div><label for="external_ref">{ext}</label><input id="external_ref" name="external_ref" autocomplete="off"></div>
<div><label for="language">{lang}</label><select id="language" name="language">{langs}</select></div>
<p><button type="submit">{add}</button></p></form></section>"#,
            title = l.t("console.new_learner"),
            csrf = csrf_input(ctx),
            given = l.t("console.given_name"),
            family = l.t("console.family_name"),
            email = l.t("console.email"),
            ext = l.t("console.external_ref"),
            lang = l.t("console.language"),
            add = l.t("console.add"),
        )
    } else {
        String::new()
    };
    let body = format!(
        r#"<h1>{title}</h1>{notice}<div class="scroll"><table><thead><tr><th scope="col">{name}</th><th scope="col">{email}</th><th scope="col">{ext}</th></tr></thead><tbody>{rows}</tbody></table></div>{form}"#,
        title = l.t("nav.learners"),
        name = l.t("console.name"),
        email = l.t("console.email"),
        ext = l.t("console.external_ref"),
    );
    chrome(ctx, &staff, l.t("nav.learners"), body)
}

async fn learners(State(state): State<AppState>, ctx: Ctx) -> Response {
    learners_page(&state, &ctx, String::new()).await
}

async fn create_learner(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<Fields>,
) -> Response {
    let staff = match signed_in_form(&state, &ctx, &f).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let mut doc = json!({
        "given_name": field(&f, "given_name"),
        "family_name": field(&f, "family_name"),
        "language": field(&f, "language"),
    });
    for optional in ["email", "external_ref"] {
        if !field(&f, optional).is_empty() {
            doc[optional] = json!(field(&f, optional));
        }
    }
    let reply = ctx
        .api
        .post_json(&staff.principal, "/v1/learners", &doc)
        .await;
    if reply.ok() {
        let id = reply.json()["learner"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        return ctx.redirect(&format!("/console/learners/{id}"));
    }
    learners_page(&state, &ctx, flash("error", &reply.error())).await
}

async fn learner_page(state: &AppState, ctx: &Ctx, id: Uuid, notice: String) -> Response {
    let l = ctx.lang;
    let (staff, answer) = match load(
        state,
        ctx,
        &format!("/v1/learners/{id}"),
        l.t("nav.learners"),
    )
    .await
    {
        Ok(loaded) => loaded,
        Err(r) => return r,
    };
    let p = &staff.principal;
    let learner = answer["learner"].clone();
    let progress = ctx
        .api
        .get(p, &format!("/v1/learners/{id}/progress"))
        .await
        .json();
    let credentials = ctx
        .api
        .get(p, &format!("/v1/credentials?learner_id={id}&limit=1000"))
        .await
        .json();
    let assessments = ctx
        .api
        .get(p, &format!("/v1/learners/{id}/assessments"))
        .await
        .json();
    let profiles = ctx.api.get(p, "/v1/profiles").await.json();

    let mut titles: HashMap<(String, String), String> = HashMap::new();
    let mut unit_options = String::new();
    for pr in profiles["profiles"].as_array().into_iter().flatten() {
        let d = &pr["profile"];
        let code = d["code"].as_str().unwrap_or_default();
        let version = d["version"].as_u64().unwrap_or(1);
        for u in d["units"].as_array().into_iter().flatten() {
            let unit = u["code"].as_str().unwrap_or_default();
            let title = lang_text(&u["title"], l);
            titles.insert((code.to_owned(), unit.to_owned()), title.clone());
            unit_options.push_str(&format!(
                r#"<option value="{c}|{version}|{u}">{c} v{version} · {u} · {t}</option>"#,
                c = esc(code),
                u = esc(unit),
                t = esc(&title)
            ));
        }
    }
    let mut sections = String::new();
    for q in progress["qualifications"].as_array().into_iter().flatten() {
        let code = q["profile_code"].as_str().unwrap_or_default();
        let rows: String = q["units"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|u| {
                let unit = u["unit_code"].as_str().unwrap_or_default();
                format!(
                    r#"<tr><th scope="row">{}</th><td>{}</td><td class="num">{}</td><td>{}</td></tr>"#,
                    esc(unit),
                    esc(titles.get(&(code.to_owned(), unit.to_owned())).map(String::as_str).unwrap_or_default()),
                    super::learner::points(l, &u["ecvet_points"]),
                    super::learner::unit_state(l, u["status"].as_str().unwrap_or_default()),
                )
            })
            .collect();
        let award = match (
            q["award"]["status"].as_str(),
            q["award"]["credential_id"].as_str(),
        ) {
            (_, Some(cid)) => format!(
                r#"<p class="verdict ok" data-award="issued">✓ {} <a href="/verify/{cid}">{}</a></p>"#,
                l.t("console.qualification_issued"),
                l.t("learner.verify")
            ),
            (Some(status), None) => format!(
                r#"<p class="verdict warn" data-award="{s}">{}: {s}</p>"#,
                l.t("console.award"),
                s = esc(status)
            ),
            _ => String::new(),
        };
        sections.push_str(&format!(
            r#"<section class="qualification" data-profile="{code}"><h3>{code} v{v}</h3>{award}
<p><progress max="{req}" value="{earned}" aria-label="{pts}">{earned}</progress> {e} / {r} {ecvet}</p>
<div class="scroll"><table><thead><tr><th scope="col">{unit}</th><th scope="col">{name}</th><th scope="col">ECVET</th><th scope="col">{state}</th></tr></thead><tbody>{rows}</tbody></table></div></section>"#,
            code = esc(code),
            v = q["profile_version"],
            req = q["ecvet_points_required"].as_f64().unwrap_or_default(),
            earned = q["ecvet_points_earned"].as_f64().unwrap_or_default(),
            pts = l.t("learner.points"),
            e = super::learner::points(l, &q["ecvet_points_earned"]),
            r = super::learner::points(l, &q["ecvet_points_required"]),
            ecvet = l.t("learner.ecvet_required"),
            unit = l.t("learner.unit"),
            name = l.t("learner.unit_title"),
            state = l.t("learner.state"),
        ));
    }
    let creds: String = credentials["credentials"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            let cid = c["id"].as_str().unwrap_or_default();
            let status = c["status"].as_str().unwrap_or("active");
            let actions = if staff.admin() && status != "revoked" {
                let buttons = if status == "suspended" {
                    format!(r#"<button name="action" value="reinstate" class="secondary">{}</button> <button name="action" value="revoke" class="danger">{}</button>"#, l.t("console.reinstate"), l.t("console.revoke"))
                } else {
                    format!(r#"<button name="action" value="suspend" class="secondary">{}</button> <button name="action" value="revoke" class="danger">{}</button>"#, l.t("console.suspend"), l.t("console.revoke"))
                };
                format!(
                    r#"<form method="post" action="/console/credentials/{cid}/status" class="inline">{csrf}<input type="hidden" name="learner" value="{id}"><label for="reason-{cid}" class="sr-only">{reason}</label><input id="reason-{cid}" name="reason" placeholder="{reason}" required> {buttons}</form>"#,
                    csrf = csrf_input(ctx),
                    reason = l.t("console.reason"),
                )
            } else {
                String::new()
            };
            format!(
                r#"<tr><td>{kind}</td><td><a href="/verify/{cid}"><code>{short}</code></a></td><td>{date}</td><td>{st}{why}</td><td>{actions}</td></tr>"#,
                kind = if c["kind"] == "qualification" { l.t("kind.qualification") } else { l.t("kind.unit") },
                short = esc(cid.get(..13).unwrap_or(cid)),
                date = esc(c["issued_at"].as_str().unwrap_or_default().get(..10).unwrap_or_default()),
                st = l.status(status),
                why = c["status_reason"].as_str().map(|r| format!(" · {}", esc(r))).unwrap_or_default(),
            )
        })
        .collect();
    let history: String = assessments["assessments"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| {
            format!(
                "<tr><td>{}</td><td>{} v{} · {}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(a["assessed_on"].as_str().unwrap_or_default()),
                esc(a["profile_code"].as_str().unwrap_or_default()),
                a["profile_version"],
                esc(a["unit_code"].as_str().unwrap_or_default()),
                l.outcome(a["outcome"].as_str().unwrap_or_default()),
                esc(a["assessor"].as_str().unwrap_or_default()),
                esc(a["remediation_note"].as_str().unwrap_or_default()),
            )
        })
        .collect();
    let recognitions = recognitions_section(
        ctx,
        &staff,
        id,
        &ctx.api
            .get(p, &format!("/v1/learners/{id}/recognitions"))
            .await
            .json(),
        &unit_options,
    );
    let today = state.clock.now().date().to_string();
    let access = if staff.admin() {
        let codes = ctx
            .api
            .get(p, &format!("/v1/learners/{id}/access"))
            .await
            .json();
        let now = crate::support::clock::format_utc(state.clock.now());
        let rows: String = codes["access"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|a| {
                let expires = a["expires_at"].as_str().unwrap_or_default();
                let state = if a["revoked_at"].is_string() {
                    l.t("console.access_revoked").to_owned()
                } else if expires <= now.as_str() {
                    l.t("console.access_expired").to_owned()
                } else {
                    format!(
                        r#"<form method="post" action="/console/learner-access/{}/revoke" class="inline">{}<input type="hidden" name="learner" value="{id}"><button class="danger">{}</button></form>"#,
                        esc(a["id"].as_str().unwrap_or_default()),
                        csrf_input(ctx),
                        l.t("console.revoke")
                    )
                };
                format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{state}</td></tr>",
                    esc(a["label"].as_str().unwrap_or_default()),
                    esc(a["created_at"].as_str().unwrap_or_default()),
                    esc(expires),
                )
            })
            .collect();
        let table = if rows.is_empty() {
            String::new()
        } else {
            format!(
                r#"<div class="scroll"><table class="small"><caption>{}</caption><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{rows}</tbody></table></div>"#,
                l.t("console.access_links"),
                l.t("console.label"),
                l.t("console.created"),
                l.t("learner.offer.expires"),
                l.t("learner.state"),
            )
        };
        format!(
            r#"<form method="post" action="/console/learners/{id}/access" class="inline">{}<button type="submit" class="secondary">{}</button></form>{table}"#,
            csrf_input(ctx),
            l.t("console.access_link")
        )
    } else {
        String::new()
    };
    let name = format!(
        "{} {}",
        learner["given_name"].as_str().unwrap_or_default(),
        learner["family_name"].as_str().unwrap_or_default()
    );
    let body = format!(
        r#"<p><a href="/console/learners">← {back}</a></p><h1>{name}</h1>{notice}
<p class="hint">{contact}</p>{access}
<h2>{progress_t}</h2>{sections}
<section><h2>{record}</h2>
<form method="post" action="/console/learners/{id}/assessments" class="panel grid">{csrf}
<input type="hidden" name="idempotency" value="{idem}">
<div class="wide"><label for="unit">{unit_l}</label><select id="unit" name="unit" required>{unit_options}</select></div>
<div><label for="assessed_on">{date_l}</label><input id="assessed_on" name="assessed_on" type="date" value="{today}" max="{today}" required></div>
<div><label for="outcome">{outcome_l}</label><select id="outcome" name="outcome"><option value="validated">{validated}</option><option value="not_validated">{not_validated}</option></select></div>
<div><label for="assessor">{assessor_l}</label><input id="assessor" name="assessor" value="{assessor}" required></div>
<div><label for="assessment_type">{type_l}</label><select id="assessment_type" name="assessment_type"><option value="">—</option><option value="practical">{practical}</option><option value="written">{written}</option><option value="oral">{oral}</option><option value="portfolio">{portfolio}</option></select></div>
<div class="wide"><label for="remediation_note">{note_l}</label><input id="remediation_note" name="remediation_note"></div>
<p><button type="submit">{save}</button></p></form></section>
{recognitions}
<section><h2>{credentials_t}</h2><div class="scroll"><table><thead><tr><th scope="col">{kind_l}</th><th scope="col">Id</th><th scope="col">{issued_l}</th><th scope="col">{state_l}</th><th scope="col">{actions_l}</th></tr></thead><tbody>{creds}</tbody></table></div></section>
<section><h2>{history_t}</h2><div class="scroll"><table><thead><tr><th scope="col">{date_l}</th><th scope="col">{unit_l}</th><th scope="col">{outcome_l}</th><th scope="col">{assessor_l}</th><th scope="col">{note_l}</th></tr></thead><tbody>{history}</tbody></table></div></section>"#,
        back = l.t("nav.learners"),
        name = esc(&name),
        contact = ["email", "external_ref"]
            .iter()
            .filter_map(|k| learner[*k].as_str())
            .map(esc)
            .collect::<Vec<_>>()
            .join(" · "),
        progress_t = l.t("console.progress"),
        record = l.t("console.record"),
        csrf = csrf_input(ctx),
        idem = random_secret(16),
        unit_l = l.t("learner.unit"),
        date_l = l.t("console.date"),
        outcome_l = l.t("console.outcome"),
        validated = l.outcome("validated"),
        not_validated = l.outcome("not_validated"),
        assessor_l = l.t("console.assessor"),
        assessor = esc(&staff.record.name),
        type_l = l.t("console.assessment_type"),
        practical = l.t("atype.practical"),
        written = l.t("atype.written"),
        oral = l.t("atype.oral"),
        portfolio = l.t("atype.portfolio"),
        note_l = l.t("console.remediation"),
        save = l.t("console.save"),
        credentials_t = l.t("learner.credentials"),
        kind_l = l.t("verify.kind"),
        issued_l = l.t("learner.issued"),
        state_l = l.t("learner.state"),
        actions_l = l.t("console.actions"),
        history_t = l.t("console.history"),
    );
    chrome(ctx, &staff, &name, body)
}

/// Foreign unit credentials the learner brought: what the verifier and the recognition table
/// said, and for an admin the decision (accept, with the proposed unit or another; refuse).
fn recognitions_section(
    ctx: &Ctx,
    staff: &Staff,
    learner: Uuid,
    list: &Value,
    unit_options: &str,
) -> String {
    let l = ctx.lang;
    let Some(list) = list["recognitions"].as_array().filter(|r| !r.is_empty()) else {
        return String::new();
    };
    let rows: String = list
        .iter()
        .map(|r| {
            let id = r["id"].as_str().unwrap_or_default();
            let unit = match r["unit_code"].as_str() {
                Some(u) => format!(
                    "{} v{} · {}",
                    esc(r["profile_code"].as_str().unwrap_or_default()),
                    r["profile_version"],
                    esc(u)
                ),
                None => "—".into(),
            };
            let status = r["status"].as_str().unwrap_or_default();
            let decision = if status == "proposed" && staff.admin() {
                format!(
                    r#"<form method="post" action="/console/recognitions/{id}/decision" class="inline">{csrf}<input type="hidden" name="learner" value="{learner}"><label class="sr-only" for="ru-{id}">{unit_l}</label><select id="ru-{id}" name="unit"><option value="">{proposed}</option>{unit_options}</select><label class="sr-only" for="rr-{id}">{reason}</label><input id="rr-{id}" name="reason" placeholder="{reason}" required> <button name="decision" value="accept">{accept}</button> <button name="decision" value="refuse" class="danger">{refuse}</button></form>"#,
                    csrf = csrf_input(ctx),
                    unit_l = l.t("learner.unit"),
                    proposed = l.t("console.proposed_unit"),
                    reason = l.t("console.reason"),
                    accept = l.t("console.accept"),
                    refuse = l.t("console.refuse"),
                )
            } else {
                let why = [r["refusal_code"].as_str(), r["reason"].as_str()]
                    .into_iter()
                    .flatten()
                    .map(esc)
                    .collect::<Vec<_>>()
                    .join(" · ");
                format!("{} {why}", l.recognition(status))
            };
            format!(
                r#"<tr><td><code>{}</code></td><td><code>{}</code></td><td>{unit}</td><td>{decision}</td></tr>"#,
                esc(r["foreign_issuer"].as_str().unwrap_or_default()),
                esc(r["foreign_achievement_id"].as_str().unwrap_or_default()),
            )
        })
        .collect();
    format!(
        r#"<section><h2>{title}</h2><div class="scroll"><table><thead><tr><th scope="col">{issuer}</th><th scope="col">{achievement}</th><th scope="col">{unit}</th><th scope="col">{decision}</th></tr></thead><tbody>{rows}</tbody></table></div></section>"#,
        title = l.t("console.recognitions"),
        issuer = l.t("verify.issuer"),
        achievement = l.t("console.foreign_achievement"),
        unit = l.t("learner.unit"),
        decision = l.t("console.decision"),
    )
}

async fn decide_recognition(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    Form(f): Form<Fields>,
) -> Response {
    let mut doc = json!({"decision": field(&f, "decision"), "reason": field(&f, "reason")});
    let mut unit = field(&f, "unit").splitn(3, '|');
    if let (Some(code), Some(version), Some(unit)) = (unit.next(), unit.next(), unit.next()) {
        doc["unit"] = json!({"profile_code": code, "profile_version": version.parse::<u32>().unwrap_or(1),
                             "unit_code": unit});
    }
    let uri = format!("/v1/recognitions/{id}/decision");
    match act(
        &state,
        &ctx,
        &f,
        &uri,
        Some(doc),
        ctx.lang.t("console.decided"),
    )
    .await
    {
        Ok(notice) => back_to_learner(&state, &ctx, &f, notice).await,
        Err(r) => r,
    }
}

async fn learner(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> Response {
    learner_page(&state, &ctx, id, String::new()).await
}

async fn record_assessment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    Form(f): Form<Fields>,
) -> Response {
    let staff = match signed_in_form(&state, &ctx, &f).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let l = ctx.lang;
    let mut unit = field(&f, "unit").splitn(3, '|');
    let (code, version, unit) = (
        unit.next().unwrap_or_default(),
        unit.next().and_then(|v| v.parse::<u32>().ok()).unwrap_or(1),
        unit.next().unwrap_or_default(),
    );
    let mut doc = json!({
        "learner_id": id, "profile_code": code, "profile_version": version, "unit_code": unit,
        "assessed_on": field(&f, "assessed_on"), "outcome": field(&f, "outcome"),
        "assessor": field(&f, "assessor"),
    });
    if !field(&f, "assessment_type").is_empty() {
        doc["assessment_type"] = json!(field(&f, "assessment_type"));
    }
    if !field(&f, "remediation_note").is_empty() {
        doc["remediation_note"] = json!(field(&f, "remediation_note"));
    }
    // The form's key makes a double submission record (and issue) once.
    let key = format!("console-{}", field(&f, "idempotency"));
    let body = axum::body::Bytes::from(serde_json::to_vec(&doc).unwrap_or_default());
    let reply = ctx
        .api
        .call_with(
            &staff.principal,
            Method::POST,
            "/v1/assessments",
            Some(("application/json", body)),
            &[("idempotency-key", key.as_str())],
        )
        .await;
    let notice = if reply.ok() {
        let v = reply.json();
        let issued = v["credential"]["id"]
            .as_str()
            .or_else(|| v["credential_id"].as_str());
        let mut text = l.t("console.recorded").to_owned();
        if issued.is_some() {
            text.push_str(&format!(" {}", l.t("console.credential_issued")));
        }
        flash("ok", &text)
    } else {
        flash("error", &reply.error())
    };
    learner_page(&state, &ctx, id, notice).await
}

async fn learner_access(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    Form(f): Form<Fields>,
) -> Response {
    let staff = match signed_in_form(&state, &ctx, &f).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let l = ctx.lang;
    let reply = ctx
        .api
        .post_json(
            &staff.principal,
            &format!("/v1/learners/{id}/access"),
            &json!({"label": "console"}),
        )
        .await;
    let notice = if reply.ok() {
        let v = reply.json();
        format!(
            r#"<div class="notice ok" role="status"><p>{}</p><p><input aria-label="{}" readonly value="{}" class="copy"></p><p class="hint">{} {}</p></div>"#,
            l.t("console.access_created"),
            l.t("console.access_link"),
            esc(v["link"].as_str().unwrap_or_default()),
            l.t("learner.offer.expires"),
            esc(v["expires_at"].as_str().unwrap_or_default()),
        )
    } else {
        flash("error", &reply.error())
    };
    learner_page(&state, &ctx, id, notice).await
}

async fn revoke_access(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    Form(f): Form<Fields>,
) -> Response {
    let uri = format!("/v1/learner-access/{id}/revoke");
    let done = ctx.lang.t("console.access_revoked_notice");
    match act(&state, &ctx, &f, &uri, None, done).await {
        Ok(notice) => back_to_learner(&state, &ctx, &f, notice).await,
        Err(r) => r,
    }
}

async fn change_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    Form(f): Form<Fields>,
) -> Response {
    let l = ctx.lang;
    let action = match field(&f, "action") {
        a @ ("revoke" | "suspend" | "reinstate") => a,
        _ => {
            return ctx.message(
                StatusCode::BAD_REQUEST,
                l.t("console.title"),
                l.t("err.bad_form"),
            );
        }
    };
    let uri = format!("/v1/credentials/{id}/{action}");
    let doc = json!({"reason": field(&f, "reason")});
    match act(
        &state,
        &ctx,
        &f,
        &uri,
        Some(doc),
        l.t("console.status_changed"),
    )
    .await
    {
        Ok(notice) => back_to_learner(&state, &ctx, &f, notice).await,
        Err(r) => r,
    }
}

// --- cohort results ---------------------------------------------------------------------

fn results_html(ctx: &Ctx, notice: &str) -> String {
    let l = ctx.lang;
    format!(
        r#"<h1>{title}</h1>{notice}<p class="lead">{lead}</p>
<form method="post" action="/console/results" enctype="multipart/form-data" class="panel">{csrf}
<label for="file">{file}</label><p class="hint" id="file-hint">{hint}</p>
<input id="file" name="file" type="file" accept=".csv,.json,text/csv,application/json" aria-describedby="file-hint" required>
<p><button type="submit">{submit}</button></p></form>"#,
        title = l.t("nav.results"),
        lead = l.t("console.results_lead"),
        csrf = csrf_input(ctx),
        file = l.t("console.results_file"),
        hint = l.t("console.results_format"),
        submit = l.t("console.upload"),
    )
}

async fn results(State(state): State<AppState>, ctx: Ctx) -> Response {
    let staff = match signed_in(&state, &ctx).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let body = results_html(&ctx, "");
    chrome(&ctx, &staff, ctx.lang.t("nav.results"), body)
}

async fn upload_results(State(state): State<AppState>, ctx: Ctx, form: Multipart) -> Response {
    let l = ctx.lang;
    let (fields, file) = match multipart(form).await {
        Ok(parts) => parts,
        Err(e) => return ctx.message(StatusCode::BAD_REQUEST, l.t("nav.results"), &e),
    };
    let staff = match signed_in_form(&state, &ctx, &fields).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Some((name, bytes)) = file else {
        let body = results_html(&ctx, &flash("error", l.t("console.no_file")));
        return chrome(&ctx, &staff, l.t("nav.results"), body);
    };
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace()).copied();
    let media_type = if name.to_lowercase().ends_with(".json") || matches!(first, Some(b'[' | b'{'))
    {
        "application/json"
    } else {
        "text/csv"
    };
    let reply = ctx
        .api
        .call(
            &staff.principal,
            Method::POST,
            "/v1/imports",
            Some((media_type, bytes)),
        )
        .await;
    if !reply.ok() {
        let body = results_html(&ctx, &flash("error", &reply.error()));
        return chrome(&ctx, &staff, l.t("nav.results"), body);
    }
    let id = reply.json()["job"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    ctx.redirect(&format!("/console/imports/{id}"))
}

async fn import_progress(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
) -> Response {
    let l = ctx.lang;
    let (staff, answer) = match load(
        &state,
        &ctx,
        &format!("/v1/imports/{id}"),
        l.t("nav.results"),
    )
    .await
    {
        Ok(loaded) => loaded,
        Err(r) => return r,
    };
    let job = answer["job"].clone();
    let state_name = job["state"].as_str().unwrap_or_default().to_owned();
    let total = job["total"].as_i64().unwrap_or_default();
    let written = job["written"].as_i64().unwrap_or_default();
    let percent = if total > 0 { written * 100 / total } else { 0 };
    let mut body = format!(
        r#"<h1>{title}</h1><p class="job verdict {class}" data-state="{state_name}" role="status" aria-live="polite">{state_label}</p>
<p><label for="progress">{rows}</label> <progress id="progress" max="{max}" value="{written}">{percent} %</progress> {written} / {total} · {issued} {issued_l}</p>"#,
        title = l.t("console.import_title"),
        state_label = l.job(&state_name),
        class = match state_name.as_str() {
            "done" => "ok",
            "running" => "",
            _ => "fail",
        },
        rows = l.t("console.rows"),
        max = total.max(1),
        issued = job["credentials_issued"],
        issued_l = l.t("console.credentials_issued"),
    );
    if let Some(error) = job["error"].as_str() {
        body.push_str(&flash("error", error));
    }
    let report = &job["report"];
    if report.is_object() {
        let errors: String = report["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| {
                format!(
                    "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
                    e["row"],
                    esc(e["field"].as_str().unwrap_or_default()),
                    esc(e["message"].as_str().unwrap_or_default())
                )
            })
            .collect();
        body.push_str(&format!(
            r#"<dl class="facts report"><dt>{rows_l}</dt><dd>{rows}</dd><dt>{recorded_l}</dt><dd>{recorded}</dd><dt>{already_l}</dt><dd>{already}</dd><dt>{rejected_l}</dt><dd>{rejected}</dd><dt>{units_l}</dt><dd>{units}</dd><dt>{quals_l}</dt><dd data-qualifications="{quals}">{quals}</dd><dt>{jury_l}</dt><dd>{jury}</dd></dl>"#,
            rows_l = l.t("console.rows"),
            rows = report["rows"],
            recorded_l = l.t("console.recorded_rows"),
            recorded = report["recorded"],
            already_l = l.t("console.already"),
            already = report["already_recorded"],
            rejected_l = l.t("console.rejected"),
            rejected = report["rejected"],
            units_l = l.t("console.units_issued"),
            units = report["credentials_issued"],
            quals_l = l.t("console.qualifications_issued"),
            quals = report["qualifications_issued"],
            jury_l = l.t("console.awaiting_jury"),
            jury = report["awards_pending"],
        ));
        if !errors.is_empty() {
            body.push_str(&format!(
                r#"<h2>{}</h2><div class="scroll"><table><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{errors}</tbody></table></div>"#,
                l.t("console.row_errors"),
                l.t("console.line"),
                l.t("console.field"),
                l.t("console.message"),
            ));
        }
        body.push_str(&format!(
            r#"<p><a href="/console/learners">{}</a> · <a href="/console/results">{}</a></p>"#,
            l.t("nav.learners"),
            l.t("console.another_file")
        ));
    }
    let title = l.t("console.import_title");
    let mut r = chrome(&ctx, &staff, title, body);
    if state_name == "running" {
        // Reload every second until done: a progress display without script.
        if let Ok(v) = HeaderValue::from_str("1") {
            r.headers_mut().insert("refresh", v);
        }
    }
    r
}

// --- jury -------------------------------------------------------------------------------

async fn awards_page(state: &AppState, ctx: &Ctx, notice: String) -> Response {
    let l = ctx.lang;
    let (staff, answer) = match load(state, ctx, "/v1/awards", l.t("nav.awards")).await {
        Ok(loaded) => loaded,
        Err(r) => return r,
    };
    let p = &staff.principal;
    let learners = ctx.api.get(p, "/v1/learners?limit=1000").await.json();
    let profiles = ctx.api.get(p, "/v1/profiles").await.json();
    let learner_name = |id: &str| {
        learners["learners"]
            .as_array()
            .and_then(|a| a.iter().find(|x| x["id"] == id))
            .map(|x| {
                format!(
                    "{} {}",
                    x["given_name"].as_str().unwrap_or_default(),
                    x["family_name"].as_str().unwrap_or_default()
                )
            })
            .unwrap_or_else(|| id.to_owned())
    };
    let profile_name = |id: &str| {
        profiles["profiles"]
            .as_array()
            .and_then(|a| a.iter().find(|x| x["id"] == id))
            .map(|x| {
                format!(
                    "{} v{}",
                    x["profile"]["code"].as_str().unwrap_or_default(),
                    x["profile"]["version"]
                )
            })
            .unwrap_or_else(|| id.to_owned())
    };
    let rows: String = answer["awards"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| {
            let id = a["id"].as_str().unwrap_or_default();
            let status = a["status"].as_str().unwrap_or_default();
            let decision = if status == "pending" && staff.admin() {
                format!(
                    r#"<form method="post" action="/console/awards/{id}/decision" class="inline">{csrf}<label class="sr-only" for="r-{id}">{reason}</label><input id="r-{id}" name="reason" placeholder="{reason}"> <button name="decision" value="confirm">{confirm}</button> <button name="decision" value="refuse" class="danger">{refuse}</button></form>"#,
                    csrf = csrf_input(ctx),
                    reason = l.t("console.reason"),
                    confirm = l.t("console.confirm"),
                    refuse = l.t("console.refuse"),
                )
            } else {
                esc(a["reason"].as_str().unwrap_or_default())
            };
            format!(
                r#"<tr><td><a href="/console/learners/{lid}">{learner}</a></td><td>{profile}</td><td>{st}</td><td>{decision}</td></tr>"#,
                lid = esc(a["learner_id"].as_str().unwrap_or_default()),
                learner = esc(&learner_name(a["learner_id"].as_str().unwrap_or_default())),
                profile = esc(&profile_name(a["profile_id"].as_str().unwrap_or_default())),
                st = l.award(status),
            )
        })
        .collect();
    let reviews = if staff.admin() {
        reviews_section(ctx, &ctx.api.get(p, "/v1/reviews").await.json())
    } else {
        String::new()
    };
    let body = format!(
        r#"<h1>{title}</h1>{notice}<p class="lead">{lead}</p><div class="scroll"><table><thead><tr><th scope="col">{learner}</th><th scope="col">{profile}</th><th scope="col">{state}</th><th scope="col">{decision}</th></tr></thead><tbody>{rows}</tbody></table></div>{reviews}"#,
        title = l.t("nav.awards"),
        lead = l.t("console.awards_lead"),
        learner = l.t("nav.learner"),
        profile = l.t("console.profile"),
        state = l.t("learner.state"),
        decision = l.t("console.decision"),
    );
    chrome(ctx, &staff, l.t("nav.awards"), body)
}

/// Qualification credentials suspended because a unit they rest on was revoked: the admin
/// reinstates or revokes each, with a reason.
fn reviews_section(ctx: &Ctx, reviews: &Value) -> String {
    let l = ctx.lang;
    let rows: String = reviews["reviews"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            let id = r["id"].as_str().unwrap_or_default();
            let decision = match r["decision"].as_str() {
                Some(d) => format!(
                    "{} · {}",
                    esc(d),
                    esc(r["decision_reason"].as_str().unwrap_or_default())
                ),
                None => format!(
                    r#"<form method="post" action="/console/reviews/{id}/decision" class="inline">{csrf}<label class="sr-only" for="rv-{id}">{reason}</label><input id="rv-{id}" name="reason" placeholder="{reason}" required> <button name="decision" value="reinstate">{reinstate}</button> <button name="decision" value="revoke" class="danger">{revoke}</button></form>"#,
                    csrf = csrf_input(ctx),
                    reason = l.t("console.reason"),
                    reinstate = l.t("console.reinstate"),
                    revoke = l.t("console.revoke"),
                ),
            };
            format!(
                r#"<tr><td><a href="/verify/{c}"><code>{c}</code></a></td><td><a href="/verify/{cause}"><code>{cause}</code></a><br><span class="hint">{why}</span></td><td>{decision}</td></tr>"#,
                c = esc(r["credential_id"].as_str().unwrap_or_default()),
                cause = esc(r["cause_credential_id"].as_str().unwrap_or_default()),
                why = esc(r["reason"].as_str().unwrap_or_default()),
            )
        })
        .collect();
    format!(
        r#"<section><h2>{title}</h2><p class="hint">{lead}</p><div class="scroll"><table><thead><tr><th scope="col">{qualification}</th><th scope="col">{cause}</th><th scope="col">{decision}</th></tr></thead><tbody>{rows}</tbody></table></div></section>"#,
        title = l.t("console.reviews"),
        lead = l.t("console.reviews_lead"),
        qualification = l.t("kind.qualification"),
        cause = l.t("console.revoked_unit"),
        decision = l.t("console.decision"),
    )
}

async fn decide_review(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    Form(f): Form<Fields>,
) -> Response {
    let doc = json!({"decision": field(&f, "decision"), "reason": field(&f, "reason")});
    let uri = format!("/v1/reviews/{id}/decision");
    match act(
        &state,
        &ctx,
        &f,
        &uri,
        Some(doc),
        ctx.lang.t("console.decided"),
    )
    .await
    {
        Ok(notice) => awards_page(&state, &ctx, notice).await,
        Err(r) => r,
    }
}

async fn awards(State(state): State<AppState>, ctx: Ctx) -> Response {
    awards_page(&state, &ctx, String::new()).await
}

async fn decide_award(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    Form(f): Form<Fields>,
) -> Response {
    let staff = match signed_in_form(&state, &ctx, &f).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let mut doc = json!({"decision": field(&f, "decision"), "decided_by": staff.record.name});
    if !field(&f, "reason").is_empty() {
        doc["reason"] = json!(field(&f, "reason"));
    }
    let uri = format!("/v1/awards/{id}/decision");
    match act(
        &state,
        &ctx,
        &f,
        &uri,
        Some(doc),
        ctx.lang.t("console.decided"),
    )
    .await
    {
        Ok(notice) => awards_page(&state, &ctx, notice).await,
        Err(r) => r,
    }
}

// --- keys, staff, audit -----------------------------------------------------------------

async fn keys_page(state: &AppState, ctx: &Ctx, notice: String) -> Response {
    let l = ctx.lang;
    let (staff, answer) = match load(state, ctx, "/v1/keys", l.t("nav.keys")).await {
        Ok(loaded) => loaded,
        Err(r) => return r,
    };
    let rows: String = answer["keys"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|k| {
            let state = if k["compromised_since"].is_string() {
                l.t("key.compromised")
            } else if k["active"] == true {
                l.t("key.active")
            } else {
                l.t("key.retired")
            };
            format!(
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(k["key_ref"].as_str().unwrap_or_default()),
                state,
                esc(k["created_at"].as_str().unwrap_or_default()),
                esc(k["retired_at"].as_str().unwrap_or_default()),
            )
        })
        .collect();
    let body = format!(
        r#"<h1>{title}</h1>{notice}<p class="lead">{lead}</p><div class="scroll"><table><thead><tr><th scope="col">{key}</th><th scope="col">{state}</th><th scope="col">{created}</th><th scope="col">{retired}</th></tr></thead><tbody>{rows}</tbody></table></div>
<form method="post" action="/console/keys/rotate">{csrf}<button type="submit">{rotate}</button></form>"#,
        title = l.t("nav.keys"),
        lead = l.t("console.keys_lead"),
        key = l.t("console.key"),
        state = l.t("learner.state"),
        created = l.t("console.created"),
        retired = l.t("console.retired"),
        csrf = csrf_input(ctx),
        rotate = l.t("console.rotate"),
    );
    chrome(ctx, &staff, l.t("nav.keys"), body)
}

async fn keys(State(state): State<AppState>, ctx: Ctx) -> Response {
    keys_page(&state, &ctx, String::new()).await
}

async fn rotate_key(State(state): State<AppState>, ctx: Ctx, Form(f): Form<Fields>) -> Response {
    let done = ctx.lang.t("console.rotated");
    match act(&state, &ctx, &f, "/v1/keys/rotate", None, done).await {
        Ok(notice) => keys_page(&state, &ctx, notice).await,
        Err(r) => r,
    }
}

async fn staff_page(state: &AppState, ctx: &Ctx, notice: String) -> Response {
    let l = ctx.lang;
    let (staff, answer) = match load(state, ctx, "/v1/staff", l.t("nav.staff")).await {
        Ok(loaded) => loaded,
        Err(r) => return r,
    };
    let rows: String = answer["staff"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            let id = s["id"].as_str().unwrap_or_default();
            let action = if s["disabled_at"].is_string() {
                l.t("console.disabled").to_owned()
            } else {
                format!(
                    r#"<form method="post" action="/console/staff/{id}/disable" class="inline">{}<button class="danger">{}</button></form>"#,
                    csrf_input(ctx),
                    l.t("console.disable")
                )
            };
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{action}</td></tr>",
                esc(s["name"].as_str().unwrap_or_default()),
                esc(s["email"].as_str().unwrap_or_default()),
                l.role(s["role"].as_str().unwrap_or_default()),
            )
        })
        .collect();
    let body = format!(
        r#"<h1>{title}</h1>{notice}<div class="scroll"><table><thead><tr><th scope="col">{name}</th><th scope="col">{email}</th><th scope="col">{role}</th><th scope="col">{state}</th></tr></thead><tbody>{rows}</tbody></table></div>
<section><h2>{new}</h2><form method="post" action="/console/staff" class="panel grid">{csrf}
<div><label for="s-name">{name}</label><input id="s-name" name="name" required autocomplete="off"></div>
<div><label for="s-email">{email}</label><input id="s-email" name="email" type="email" required autocomplete="off"></div>
<div><label for="s-role">{role}</label><select id="s-role" name="role"><option value="assessor">{assessor}</option><option value="admin">{admin}</option></select></div>
<div><label for="s-password">{password}</label><input id="s-password" name="password" type="password" minlength="12" required autocomplete="new-password" aria-describedby="pw-hint"><span class="hint" id="pw-hint">{pw_hint}</span></div>
<p><button type="submit">{add}</button></p></form></section>"#,
        title = l.t("nav.staff"),
        name = l.t("console.name"),
        email = l.t("console.email"),
        role = l.t("console.role"),
        state = l.t("learner.state"),
        new = l.t("console.new_staff"),
        csrf = csrf_input(ctx),
        assessor = l.role("assessor"),
        admin = l.role("admin"),
        password = l.t("console.password"),
        pw_hint = l.t("console.password_hint"),
        add = l.t("console.add"),
    );
    chrome(ctx, &staff, l.t("nav.staff"), body)
}

async fn staff(State(state): State<AppState>, ctx: Ctx) -> Response {
    staff_page(&state, &ctx, String::new()).await
}

async fn create_staff(State(state): State<AppState>, ctx: Ctx, Form(f): Form<Fields>) -> Response {
    let doc = json!({
        "name": field(&f, "name"), "email": field(&f, "email"), "role": field(&f, "role"),
        "password": f.get("password").cloned().unwrap_or_default(),
    });
    let done = ctx.lang.t("console.staff_added");
    match act(&state, &ctx, &f, "/v1/staff", Some(doc), done).await {
        Ok(notice) => staff_page(&state, &ctx, notice).await,
        Err(r) => r,
    }
}

async fn disable_staff(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    Form(f): Form<Fields>,
) -> Response {
    let uri = format!("/v1/staff/{id}/disable");
    match act(
        &state,
        &ctx,
        &f,
        &uri,
        None,
        ctx.lang.t("console.staff_disabled"),
    )
    .await
    {
        Ok(notice) => staff_page(&state, &ctx, notice).await,
        Err(r) => r,
    }
}

async fn audit_log(State(state): State<AppState>, ctx: Ctx) -> Response {
    let l = ctx.lang;
    let (staff, log) = match load(&state, &ctx, "/v1/audit", l.t("nav.audit")).await {
        Ok(loaded) => loaded,
        Err(r) => return r,
    };
    let entries = log["entries"].as_array().cloned().unwrap_or_default();
    let rows: String = entries
        .iter()
        .rev()
        .take(300)
        .map(|e| {
            format!(
                "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td><code>{}</code></td><td class=\"small\">{}</td></tr>",
                e["seq"],
                esc(e["at"].as_str().unwrap_or_default()),
                esc(e["actor"].as_str().unwrap_or_default()),
                esc(e["action"].as_str().unwrap_or_default()),
                esc(e["detail"].as_str().unwrap_or_default()),
            )
        })
        .collect();
    let verdict = if log["intact"] == true {
        format!(
            r#"<p class="verdict ok">✓ {}</p>"#,
            l.t("console.audit_intact")
        )
    } else {
        format!(
            r#"<p class="verdict fail">✗ {}</p>"#,
            l.t("console.audit_broken")
        )
    };
    let body = format!(
        r#"<h1>{title}</h1>{verdict}<p class="hint">{shown}: {n} / {total}</p><div class="scroll"><table><thead><tr><th scope="col">#</th><th scope="col">{at}</th><th scope="col">{actor}</th><th scope="col">{action}</th><th scope="col">{detail}</th></tr></thead><tbody>{rows}</tbody></table></div>"#,
        title = l.t("nav.audit"),
        shown = l.t("console.shown"),
        n = entries.len().min(300),
        total = entries.len(),
        at = l.t("console.at"),
        actor = l.t("console.actor"),
        action = l.t("console.action"),
        detail = l.t("console.detail"),
    );
    chrome(&ctx, &staff, l.t("nav.audit"), body)
}
