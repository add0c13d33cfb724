//! The dashboard: what the school has issued and what waits.

use super::*;

pub(super) async fn dashboard(State(state): State<AppState>, ctx: Ctx) -> Answer {
    let staff = signed_in(&state, &ctx).await?;
    let l = ctx.lang;
    let p = &staff.principal;
    let profiles = ctx.api.get(p, "/v1/profiles").await.json();
    let learners = ctx.api.get(p, "/v1/learners?limit=1000").await.json();
    let awards = ctx.api.get(p, "/v1/awards?status=pending").await.json();
    let cosign = ctx.api.get(p, "/v1/workplace-results").await.json();
    let validations = ctx.api.get(p, "/v1/validations").await.json();
    let count = |v: &Value, k: &str| v[k].as_array().map(Vec::len).unwrap_or_default();
    let body = render(&Dashboard {
        l,
        profiles: count(&profiles, "profiles"),
        learners: count(&learners, "learners"),
        awards: count(&awards, "awards"),
        cosign: count(&cosign, "workplace_results"),
        validations: count(&validations, "validations"),
    });
    Ok(chrome(&ctx, &staff, l.t("console-title"), body))
}

#[derive(Template)]
#[template(path = "console/dashboard.html")]
struct Dashboard {
    l: Lang,
    profiles: usize,
    learners: usize,
    awards: usize,
    /// Tutors' results waiting for a school assessor's co-signature.
    cosign: usize,
    validations: usize,
}
