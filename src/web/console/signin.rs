//! Signing in and out: e-mail and password (Argon2id), throttled per account and per client
//! address, sessions as cookies.

use super::*;

#[derive(Template)]
#[template(path = "console/login.html")]
struct Login<'a> {
    l: Lang,
    alert: String,
    csrf: &'a str,
    email: &'a str,
}

pub(super) fn login_html(ctx: &Ctx, error: Option<&str>, email: &str) -> String {
    render(&Login {
        l: ctx.lang,
        alert: error.map(|e| flash("error", e)).unwrap_or_default(),
        csrf: &ctx.csrf,
        email,
    })
}

pub(super) async fn login_form(State(state): State<AppState>, ctx: Ctx) -> Response {
    if signed_in(&state, &ctx).await.is_ok() {
        return ctx.redirect("/console");
    }
    let body = login_html(&ctx, None, "");
    ctx.page(ctx.lang.t("console-login"), body).into_response()
}

pub(super) async fn login(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<Fields>,
) -> Response {
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
        let body = login_html(&ctx, Some(l.t("console-throttled")), &email);
        return ctx
            .page(l.t("console-login"), body)
            .status(StatusCode::TOO_MANY_REQUESTS)
            .into_response();
    }
    // The attempt is counted before the password is checked; a locked account is refused
    // like a wrong password, after the same work, so the answer tells nothing about which
    // addresses exist.
    let until = now + time::Duration::minutes(LOCK_MINUTES);
    let client_key = client.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string());
    let claim = async {
        let account = state.store.staff_login(&email).await?;
        let claimed = match &account {
            Some(a) => {
                state
                    .store
                    .claim_staff_login(a.staff.id, &client_key, now, until)
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
                l.t("console-login"),
                l.t("err-internal"),
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
        let body = login_html(&ctx, Some(l.t("console-bad_login")), &email);
        return ctx
            .page(l.t("console-login"), body)
            .status(StatusCode::UNAUTHORIZED)
            .into_response();
    };
    let session = random_secret(32);
    let stored = async {
        state
            .store
            .staff_login_succeeded(staff.id, &client_key)
            .await?;
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
            l.t("console-login"),
            l.t("err-internal"),
        );
    }
    ctx.redirect_setting("/console", COOKIE, &session, SESSION_HOURS * 3600, "Strict")
}

pub(super) async fn logout(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<Fields>,
) -> Response {
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
