//! Foreign units a learner brought for recognition: what the verifier and the recognition
//! table said, and an admin's decision.

use super::*;

/// A foreign unit credential the learner brought: what the verifier and the recognition
/// table said, and for an admin the decision (accept, with the proposed unit or another;
/// refuse).
pub(super) struct RecognitionRow {
    pub(super) id: String,
    pub(super) issuer: String,
    pub(super) achievement: String,
    pub(super) unit: String,
    pub(super) decidable: bool,
    pub(super) status: String,
    pub(super) why: String,
}

pub(super) fn recognition_rows(staff: &Staff, list: &Value, l: Lang) -> Vec<RecognitionRow> {
    each(&list["recognitions"])
        .map(|r| {
            let status = r["status"].as_str().unwrap_or_default();
            RecognitionRow {
                id: text(&r["id"]),
                issuer: text(&r["foreign_issuer"]),
                achievement: text(&r["foreign_achievement_id"]),
                unit: match r["unit_code"].as_str() {
                    Some(u) => format!(
                        "{} v{} · {u}",
                        r["profile_code"].as_str().unwrap_or_default(),
                        r["profile_version"],
                    ),
                    None => "—".into(),
                },
                decidable: status == "proposed" && staff.admin(),
                status: l.recognition(status),
                why: [r["refusal_code"].as_str(), r["reason"].as_str()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · "),
            }
        })
        .collect()
}

/// A foreign unit credential brought for the learner (pasted as it was received: its exact
/// text is kept and digested), with the unit it should count as, or the recognition table's.
pub(super) async fn submit_recognition(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    Form(f): Form<Fields>,
) -> Answer {
    let mut doc = json!({"credential": field(&f, "credential")});
    if let Some((code, version, unit)) = unit_choice(&f) {
        doc["unit"] = json!({"profile_code": code, "profile_version": version, "unit_code": unit});
    }
    let uri = format!("/v1/learners/{id}/recognitions");
    let done = ctx.lang.t("console-foreign_submitted");
    let notice = act(&state, &ctx, &f, &uri, Some(doc), done).await?;
    learner_page(&state, &ctx, id, notice).await
}

pub(super) async fn decide_recognition(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    Form(f): Form<Fields>,
) -> Answer {
    let mut doc = json!({"decision": field(&f, "decision"), "reason": field(&f, "reason")});
    if let Some((code, version, unit)) = unit_choice(&f) {
        doc["unit"] = json!({"profile_code": code, "profile_version": version, "unit_code": unit});
    }
    let uri = format!("/v1/recognitions/{id}/decision");
    let done = ctx.lang.t("console-decided");
    let notice = act(&state, &ctx, &f, &uri, Some(doc), done).await?;
    back_to_learner(&state, &ctx, &f, notice).await
}
