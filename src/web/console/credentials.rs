//! Every credential the school issued, a page at a time (the API's cursor), with who holds
//! it, its kind and status, and a link to its verification page.

use super::workplace::Roster;
use super::*;

/// Credentials a page.
const PAGE: usize = 50;

#[derive(Template)]
#[template(path = "console/credentials.html")]
struct Credentials {
    l: Lang,
    rows: Vec<CredentialLine>,
    next: Option<String>,
    first: bool,
}

struct CredentialLine {
    id: String,
    learner_id: String,
    learner: String,
    qualification: bool,
    date: String,
    status: String,
}

pub(super) async fn credentials(
    State(state): State<AppState>,
    ctx: Ctx,
    axum::extract::Query(query): axum::extract::Query<Fields>,
) -> Answer {
    let l = ctx.lang;
    let cursor = field(&query, "cursor")
        .parse::<Uuid>()
        .map(|c| format!("&cursor={c}"))
        .unwrap_or_default();
    let uri = format!("/v1/credentials?limit={PAGE}{cursor}");
    let (staff, list) = load(&state, &ctx, &uri, l.t("nav-credentials")).await?;
    let roster = Roster::load(&ctx, &staff).await;
    let rows = each(&list["credentials"])
        .map(|c| CredentialLine {
            id: text(&c["id"]),
            learner_id: text(&c["learner_id"]),
            learner: roster.name(&c["learner_id"]),
            qualification: c["kind"] == "qualification",
            date: date(&c["issued_at"]),
            status: l.status(c["status"].as_str().unwrap_or("active")),
        })
        .collect();
    let body = render(&Credentials {
        l,
        rows,
        next: list["next_cursor"]
            .as_str()
            .map(|c| format!("/console/credentials?cursor={c}")),
        first: cursor.is_empty(),
    });
    Ok(chrome(&ctx, &staff, l.t("nav-credentials"), body))
}
