//! The school console: staff sign in with an e-mail address and a password, then browse the
//! referential, manage learners, record results (one at a time or a cohort file with its
//! progress), decide on awards, revoke or suspend, rotate keys, manage staff and read the audit
//! log. Every action is a call to the JSON API with the staff member's role.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde_json::{Value, json};
use uuid::Uuid;

use super::{Ctx, Fields, Lang, Reply, Words, date, each, field, flash, multipart, render, text};
use crate::domain::provider::{Provider, Role};
use crate::services::audit;
use crate::services::keys::{random_secret, token_hash};
use crate::state::AppState;
use crate::state::SessionPrincipal;
use crate::storage::{SessionOwner, StaffRecord};

mod admin;
mod credentials;
mod dashboard;
mod jury;
mod learners;
mod portability;
mod recognitions;
mod referential;
mod results;
mod signin;
mod validations;
mod workplace;

use admin::*;
use credentials::*;
use dashboard::*;
use jury::*;
use learners::*;
use portability::*;
use recognitions::*;
use referential::*;
use results::*;
use signin::*;
use validations::*;
use workplace::*;

/// A console page or action: the page, or what stands in for it (sign-in, a refusal), which
/// `?` returns early.
type Answer = Result<Response, Response>;

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
        .route(
            "/console/learners/{id}/recognitions",
            post(submit_recognition),
        )
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
        .route("/console/keys/{key_ref}/compromised", post(key_compromised))
        .route("/console/staff", get(staff).post(create_staff))
        .route("/console/staff/{id}/disable", post(disable_staff))
        .route("/console/audit", get(audit_log))
        .route("/console/workplace", get(workplace))
        .route("/console/companies", post(create_company))
        .route("/console/placements", post(place_learner))
        .route("/console/workplace-results/{id}/cosignature", post(cosign))
        .route("/console/tutor", get(tutor))
        .route("/console/portability", get(portability))
        .route("/console/credentials", get(credentials))
        .route("/console/portability/{code}/{version}", post(change_table))
        .route("/console/registry", post(change_registry))
        .route(
            "/console/validations",
            get(validations).post(open_validation),
        )
        .route("/console/validations/{id}", get(validation))
        .route(
            "/console/validations/{id}/portfolio/{item}",
            get(portfolio_document),
        )
        .route(
            "/console/validations/{id}/decisions",
            post(decide_validation),
        )
        .route(
            "/console/validations/{id}/portfolio/{item}/remove",
            post(remove_portfolio_document),
        )
        .route("/console/tutor/assessments", post(tutor_record))
}

/// The uploads (a cohort's result file, a referential), which take the import's body limit.
pub fn upload_router() -> Router<AppState> {
    Router::new()
        .route("/console/results", post(upload_results))
        .route("/console/profiles", post(import_profiles))
        .route(
            "/console/validations/{id}/portfolio",
            post(add_portfolio_document),
        )
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
            // A company tutor has one page of their own; the school's pages are not theirs.
            let tutor_page = ctx.path.starts_with("/console/tutor");
            if (role == Role::Tutor) != tutor_page {
                return Err(ctx.redirect(if role == Role::Tutor {
                    "/console/tutor"
                } else {
                    "/console"
                }));
            }
            Ok(Staff {
                principal: SessionPrincipal::Staff {
                    provider: provider.clone(),
                    role,
                    label: format!("staff:{}", record.email),
                    company: record.company_id,
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
                ctx.lang.t("console-title"),
                ctx.lang.t("err-internal"),
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
    Ok(post_as(ctx, &staff, uri, body, done).await)
}

/// `act` for a staff member already signed in.
async fn post_as(ctx: &Ctx, staff: &Staff, uri: &str, body: Option<Value>, done: &str) -> String {
    let reply = match body {
        Some(doc) => ctx.api.post_json(&staff.principal, uri, &doc).await,
        None => {
            ctx.api
                .call(&staff.principal, Method::POST, uri, None)
                .await
        }
    };
    outcome(ctx.lang, &reply, done)
}

/// A unit chosen in a form, as `code|version|unit` (profile code and version, unit code).
fn unit_choice(f: &Fields) -> Option<(&str, u32, &str)> {
    let mut parts = field(f, "unit").splitn(3, '|');
    let (code, version, unit) = (parts.next()?, parts.next()?, parts.next()?);
    Some((code, version.parse().unwrap_or(1), unit))
}

/// The page a form about a learner returns to: theirs, or the list.
async fn back_to_learner(state: &AppState, ctx: &Ctx, f: &Fields, notice: String) -> Answer {
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

/// The notice for an API answer: `done` when it succeeded, the API's error otherwise.
fn outcome(l: Lang, reply: &Reply, done: &str) -> String {
    if reply.ok() {
        flash("ok", done)
    } else {
        flash("error", &reply.error(l))
    }
}

/// The page for an API refusal (403 for an assessor on an admin action, 404, validation).
fn api_error(ctx: &Ctx, title: &str, reply: &Reply) -> Response {
    let status = if reply.status.is_success() {
        StatusCode::INTERNAL_SERVER_ERROR
    } else {
        reply.status
    };
    ctx.message(status, title, &reply.error(ctx.lang))
}

/// A learner or unit as a form's option: value and label.
struct Choice {
    value: String,
    label: String,
}

fn learner_label(x: &Value) -> String {
    format!(
        "{} {}",
        x["given_name"].as_str().unwrap_or_default(),
        x["family_name"].as_str().unwrap_or_default()
    )
}

/// The provider's learners (the first thousand), to name them and to choose one in a form.
struct Roster(Value);

impl Roster {
    async fn load(ctx: &Ctx, staff: &Staff) -> Self {
        Self(
            ctx.api
                .get(&staff.principal, "/v1/learners?limit=1000")
                .await
                .json(),
        )
    }

    fn name(&self, id: &Value) -> String {
        each(&self.0["learners"])
            .find(|x| x["id"] == *id)
            .map(learner_label)
            .unwrap_or_else(|| text(id))
    }

    fn choices(&self) -> Vec<Choice> {
        each(&self.0["learners"])
            .map(|x| Choice {
                value: text(&x["id"]),
                label: learner_label(x),
            })
            .collect()
    }
}

#[derive(Template)]
#[template(path = "console/chrome.html")]
struct Chrome<'a> {
    l: Lang,
    provider: &'a str,
    name: &'a str,
    role: String,
    csrf: &'a str,
    body: String,
}

/// A console page: who is signed in (and the sign-out button) above the page's body.
fn chrome(ctx: &Ctx, staff: &Staff, title: &str, body: String) -> Response {
    let html = render(&Chrome {
        l: ctx.lang,
        provider: &staff.provider.name,
        name: &staff.record.name,
        role: ctx.lang.role(staff.role.as_str()),
        csrf: &ctx.csrf,
        body,
    });
    ctx.page(title, html).into_response()
}
