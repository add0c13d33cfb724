//! Foreign units a learner brought for recognition: what the verifier and the recognition
//! table said, and an admin's decision.

use super::*;

/// Foreign unit credentials the learner brought: what the verifier and the recognition table
/// said, and for an admin the decision (accept, with the proposed unit or another; refuse).
pub(super) fn recognitions_section(
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
                    unit_l = l.t("learner-unit"),
                    proposed = l.t("console-proposed_unit"),
                    reason = l.t("console-reason"),
                    accept = l.t("console-accept"),
                    refuse = l.t("console-refuse"),
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
        title = l.t("console-recognitions"),
        issuer = l.t("verify-issuer"),
        achievement = l.t("console-foreign_achievement"),
        unit = l.t("learner-unit"),
        decision = l.t("console-decision"),
    )
}

pub(super) async fn decide_recognition(
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
        ctx.lang.t("console-decided"),
    )
    .await
    {
        Ok(notice) => back_to_learner(&state, &ctx, &f, notice).await,
        Err(r) => r,
    }
}
