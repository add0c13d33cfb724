//! The dashboard: what the school has issued and what waits.

use super::*;

pub(super) async fn dashboard(State(state): State<AppState>, ctx: Ctx) -> Response {
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
        title = l.t("console-title"),
        np = count(&profiles, "profiles"),
        profiles = l.t("nav-profiles"),
        nl = count(&learners, "learners"),
        learners = l.t("nav-learners"),
        na = count(&awards, "awards"),
        awards = l.t("console-pending_awards"),
        results = l.t("nav-results"),
        results_hint = l.t("console-results_hint"),
    );
    chrome(&ctx, &staff, l.t("console-title"), body)
}
