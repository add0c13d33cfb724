//! The verifier page's presentation request (OpenID4VP, see `services::vcapi::oid4vp`): the
//! employer asks, a QR code carries the request to the learner's wallet, the wallet answers
//! the server directly, and this page shows what was presented, verified and bound to its
//! presenter. The answer is kept only until the request expires.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use askama::Template;

use super::card;
use crate::services::vcapi::oid4vp;
use crate::state::AppState;
use crate::web::{Ctx, Fields, Lang, render};

pub enum RequestView {
    Start,
    Waiting {
        url: String,
        qr: String,
        expires: String,
    },
    Answered {
        verified: bool,
        holders: Vec<String>,
        /// What was checked of the presentations themselves: passed, label, what was found.
        checks: Vec<(bool, String, String)>,
        cards: String,
    },
}

#[derive(Template)]
#[template(path = "verifier/request.html")]
struct RequestPage<'a> {
    l: Lang,
    csrf: &'a str,
    view: RequestView,
}

fn page(ctx: &Ctx, view: RequestView) -> Response {
    let body = render(&RequestPage {
        l: ctx.lang,
        csrf: &ctx.csrf,
        view,
    });
    ctx.page(ctx.lang.t("vpr-title"), body).into_response()
}

pub async fn start(ctx: Ctx) -> Response {
    page(&ctx, RequestView::Start)
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, Form(f): Form<Fields>) -> Response {
    if !ctx.csrf_ok(f.get("csrf").map(String::as_str)) {
        return ctx.refused_csrf();
    }
    let now = state.clock.now();
    if ctx
        .client_ip
        .is_some_and(|ip| !state.public_write_throttle.take(ip, now))
    {
        let l = ctx.lang;
        return ctx.message(
            StatusCode::TOO_MANY_REQUESTS,
            l.t("vpr-title"),
            l.t("problem-too_many_requests"),
        );
    }
    match oid4vp::new_request(&state).await {
        Ok(request) => ctx.redirect(&format!("/verify/request/{}", request.id)),
        Err(e) => {
            tracing::error!(error = %e, "presentation request not created");
            let l = ctx.lang;
            ctx.message(
                StatusCode::INTERNAL_SERVER_ERROR,
                l.t("vpr-title"),
                l.t("err-internal"),
            )
        }
    }
}

pub async fn follow(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Response {
    let l = ctx.lang;
    let record = match state.store.challenge(&id, state.clock.now()).await {
        Ok(Some(r)) if r.domain == oid4vp::client_id(&state.settings.public_url) => r,
        Ok(_) => return ctx.message(StatusCode::NOT_FOUND, l.t("vpr-title"), l.t("vpr-expired")),
        Err(e) => {
            tracing::error!(error = %e, "presentation request not read");
            return ctx.message(
                StatusCode::INTERNAL_SERVER_ERROR,
                l.t("vpr-title"),
                l.t("err-internal"),
            );
        }
    };
    let Some(result) = record
        .result
        .and_then(|r| serde_json::from_str::<Value>(&r).ok())
    else {
        let url = oid4vp::request_url(&state.settings.public_url, &id);
        let qr = crate::support::qr::svg(&url).unwrap_or_default();
        let expires = crate::support::clock::format_utc(record.expires_at);
        return page(&ctx, RequestView::Waiting { url, qr, expires });
    };
    let mut cards = String::new();
    let mut holders = Vec::new();
    let credentials = result["credentials"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut verdicts = Vec::new();
    let mut checks = Vec::new();
    for presentation in result["presentations"].as_array().into_iter().flatten() {
        if let Some(h) = presentation["holder"].as_str() {
            holders.push(h.to_owned());
        }
        for c in presentation["checks"].as_array().into_iter().flatten() {
            let name = c["check"].as_str().unwrap_or_default();
            let found = crate::support::i18n::Message::from_json(&c["message"])
                .map(|m| m.text(l))
                .unwrap_or_else(|| c["detail"].as_str().unwrap_or_default().to_owned());
            checks.push((c["status"] == "passed", l.word("vp-check", name), found));
        }
        verdicts.extend(
            presentation["credentials"]
                .as_array()
                .cloned()
                .unwrap_or_default(),
        );
    }
    for (vc, verdict) in credentials.iter().zip(&verdicts) {
        cards.push_str(&card(l, vc, verdict));
    }
    let verified = result["verified"] == true;
    page(
        &ctx,
        RequestView::Answered {
            verified,
            holders,
            checks,
            cards,
        },
    )
}
