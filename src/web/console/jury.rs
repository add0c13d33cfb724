//! The jury: pending qualification awards, and reviews of qualifications a revoked unit
//! rested on.

use super::*;

pub(super) async fn awards_page(state: &AppState, ctx: &Ctx, notice: String) -> Answer {
    let l = ctx.lang;
    let (staff, answer) = load(state, ctx, "/v1/awards", l.t("nav-awards")).await?;
    let p = &staff.principal;
    let roster = Roster::load(ctx, &staff).await;
    let profiles = ctx.api.get(p, "/v1/profiles").await.json();
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
    let awards = each(&answer["awards"])
        .map(|a| {
            let status = a["status"].as_str().unwrap_or_default();
            AwardRow {
                id: a["id"].as_str().unwrap_or_default().to_owned(),
                learner_id: a["learner_id"].as_str().unwrap_or_default().to_owned(),
                learner: roster.name(&a["learner_id"]),
                profile: profile_name(a["profile_id"].as_str().unwrap_or_default()),
                status: l.award(status),
                decidable: status == "pending" && staff.admin(),
                reason: a["reason"].as_str().unwrap_or_default().to_owned(),
            }
        })
        .collect();
    let reviews = if staff.admin() {
        Some(reviews(&ctx.api.get(p, "/v1/reviews").await.json()))
    } else {
        None
    };
    let body = render(&Awards {
        l,
        notice: &notice,
        csrf: &ctx.csrf,
        awards,
        reviews,
    });
    Ok(chrome(ctx, &staff, l.t("nav-awards"), body))
}

#[derive(Template)]
#[template(path = "console/awards.html")]
struct Awards<'a> {
    l: Lang,
    notice: &'a str,
    csrf: &'a str,
    awards: Vec<AwardRow>,
    reviews: Option<Vec<ReviewRow>>,
}

struct AwardRow {
    id: String,
    learner_id: String,
    learner: String,
    profile: String,
    status: String,
    decidable: bool,
    reason: String,
}

struct ReviewRow {
    id: String,
    credential: String,
    cause: String,
    why: String,
    decision: Option<(String, String)>,
}

/// Qualification credentials suspended because a unit they rest on was revoked: the admin
/// reinstates or revokes each, with a reason.
fn reviews(reviews: &Value) -> Vec<ReviewRow> {
    each(&reviews["reviews"])
        .map(|r| ReviewRow {
            id: text(&r["id"]),
            credential: text(&r["credential_id"]),
            cause: text(&r["cause_credential_id"]),
            why: text(&r["reason"]),
            decision: r["decision"]
                .as_str()
                .map(|d| (d.to_owned(), text(&r["decision_reason"]))),
        })
        .collect()
}

pub(super) async fn decide_review(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    Form(f): Form<Fields>,
) -> Answer {
    let doc = json!({"decision": field(&f, "decision"), "reason": field(&f, "reason")});
    let uri = format!("/v1/reviews/{id}/decision");
    let done = ctx.lang.t("console-decided");
    let notice = act(&state, &ctx, &f, &uri, Some(doc), done).await?;
    awards_page(&state, &ctx, notice).await
}

pub(super) async fn awards(State(state): State<AppState>, ctx: Ctx) -> Answer {
    awards_page(&state, &ctx, String::new()).await
}

pub(super) async fn decide_award(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    Form(f): Form<Fields>,
) -> Answer {
    let staff = signed_in_form(&state, &ctx, &f).await?;
    let mut doc = json!({"decision": field(&f, "decision"), "decided_by": staff.record.name});
    if !field(&f, "reason").is_empty() {
        doc["reason"] = json!(field(&f, "reason"));
    }
    let uri = format!("/v1/awards/{id}/decision");
    let notice = post_as(&ctx, &staff, &uri, Some(doc), ctx.lang.t("console-decided")).await;
    awards_page(&state, &ctx, notice).await
}
