//! The jury: pending qualification awards, and reviews of qualifications a revoked unit
//! rested on.

use super::*;

pub(super) async fn awards_page(state: &AppState, ctx: &Ctx, notice: String) -> Response {
    let l = ctx.lang;
    let (staff, answer) = match load(state, ctx, "/v1/awards", l.t("nav-awards")).await {
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
                    reason = l.t("console-reason"),
                    confirm = l.t("console-confirm"),
                    refuse = l.t("console-refuse"),
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
        title = l.t("nav-awards"),
        lead = l.t("console-awards_lead"),
        learner = l.t("nav-learner"),
        profile = l.t("console-profile"),
        state = l.t("learner-state"),
        decision = l.t("console-decision"),
    );
    chrome(ctx, &staff, l.t("nav-awards"), body)
}

/// Qualification credentials suspended because a unit they rest on was revoked: the admin
/// reinstates or revokes each, with a reason.
pub(super) fn reviews_section(ctx: &Ctx, reviews: &Value) -> String {
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
                    reason = l.t("console-reason"),
                    reinstate = l.t("console-reinstate"),
                    revoke = l.t("console-revoke"),
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
        title = l.t("console-reviews"),
        lead = l.t("console-reviews_lead"),
        qualification = l.t("kind-qualification"),
        cause = l.t("console-revoked_unit"),
        decision = l.t("console-decision"),
    )
}

pub(super) async fn decide_review(
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
        ctx.lang.t("console-decided"),
    )
    .await
    {
        Ok(notice) => awards_page(&state, &ctx, notice).await,
        Err(r) => r,
    }
}

pub(super) async fn awards(State(state): State<AppState>, ctx: Ctx) -> Response {
    awards_page(&state, &ctx, String::new()).await
}

pub(super) async fn decide_award(
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
        ctx.lang.t("console-decided"),
    )
    .await
    {
        Ok(notice) => awards_page(&state, &ctx, notice).await,
        Err(r) => r,
    }
}
