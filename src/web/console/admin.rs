//! Administration: signing keys and rotation, staff accounts, the audit log.

use super::*;

pub(super) async fn keys_page(state: &AppState, ctx: &Ctx, notice: String) -> Response {
    let l = ctx.lang;
    let (staff, answer) = match load(state, ctx, "/v1/keys", l.t("nav-keys")).await {
        Ok(loaded) => loaded,
        Err(r) => return r,
    };
    let rows: String = answer["keys"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|k| {
            let state = if k["compromised_since"].is_string() {
                l.t("key-compromised")
            } else if k["active"] == true {
                l.t("key-active")
            } else {
                l.t("key-retired")
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
        title = l.t("nav-keys"),
        lead = l.t("console-keys_lead"),
        key = l.t("console-key"),
        state = l.t("learner-state"),
        created = l.t("console-created"),
        retired = l.t("console-retired"),
        csrf = csrf_input(ctx),
        rotate = l.t("console-rotate"),
    );
    chrome(ctx, &staff, l.t("nav-keys"), body)
}

pub(super) async fn keys(State(state): State<AppState>, ctx: Ctx) -> Response {
    keys_page(&state, &ctx, String::new()).await
}

pub(super) async fn rotate_key(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<Fields>,
) -> Response {
    let done = ctx.lang.t("console-rotated");
    match act(&state, &ctx, &f, "/v1/keys/rotate", None, done).await {
        Ok(notice) => keys_page(&state, &ctx, notice).await,
        Err(r) => r,
    }
}

pub(super) async fn staff_page(state: &AppState, ctx: &Ctx, notice: String) -> Response {
    let l = ctx.lang;
    let (staff, answer) = match load(state, ctx, "/v1/staff", l.t("nav-staff")).await {
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
                l.t("console-disabled").to_owned()
            } else {
                format!(
                    r#"<form method="post" action="/console/staff/{id}/disable" class="inline">{}<button class="danger">{}</button></form>"#,
                    csrf_input(ctx),
                    l.t("console-disable")
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
        title = l.t("nav-staff"),
        name = l.t("console-name"),
        email = l.t("console-email"),
        role = l.t("console-role"),
        state = l.t("learner-state"),
        new = l.t("console-new_staff"),
        csrf = csrf_input(ctx),
        assessor = l.role("assessor"),
        admin = l.role("admin"),
        password = l.t("console-password"),
        pw_hint = l.t("console-password_hint"),
        add = l.t("console-add"),
    );
    chrome(ctx, &staff, l.t("nav-staff"), body)
}

pub(super) async fn staff(State(state): State<AppState>, ctx: Ctx) -> Response {
    staff_page(&state, &ctx, String::new()).await
}

pub(super) async fn create_staff(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<Fields>,
) -> Response {
    let doc = json!({
        "name": field(&f, "name"), "email": field(&f, "email"), "role": field(&f, "role"),
        "password": f.get("password").cloned().unwrap_or_default(),
    });
    let done = ctx.lang.t("console-staff_added");
    match act(&state, &ctx, &f, "/v1/staff", Some(doc), done).await {
        Ok(notice) => staff_page(&state, &ctx, notice).await,
        Err(r) => r,
    }
}

pub(super) async fn disable_staff(
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
        ctx.lang.t("console-staff_disabled"),
    )
    .await
    {
        Ok(notice) => staff_page(&state, &ctx, notice).await,
        Err(r) => r,
    }
}

pub(super) async fn audit_log(State(state): State<AppState>, ctx: Ctx) -> Response {
    let l = ctx.lang;
    let (staff, log) = match load(&state, &ctx, "/v1/audit", l.t("nav-audit")).await {
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
            l.t("console-audit_intact")
        )
    } else {
        format!(
            r#"<p class="verdict fail">✗ {}</p>"#,
            l.t("console-audit_broken")
        )
    };
    let body = format!(
        r#"<h1>{title}</h1>{verdict}<p class="hint">{shown}: {n} / {total}</p><div class="scroll"><table><thead><tr><th scope="col">#</th><th scope="col">{at}</th><th scope="col">{actor}</th><th scope="col">{action}</th><th scope="col">{detail}</th></tr></thead><tbody>{rows}</tbody></table></div>"#,
        title = l.t("nav-audit"),
        shown = l.t("console-shown"),
        n = entries.len().min(300),
        total = entries.len(),
        at = l.t("console-at"),
        actor = l.t("console-actor"),
        action = l.t("console-action"),
        detail = l.t("console-detail"),
    );
    chrome(&ctx, &staff, l.t("nav-audit"), body)
}
