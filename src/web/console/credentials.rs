//! Every credential the school issued, a page at a time (the API's cursor), with who holds
//! it, its kind and status, and a link to its verification page; or, with a search, the
//! credentials of the learners whose name, e-mail or reference match.

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
    q: String,
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
    let (staff, mut list) = load(&state, &ctx, &uri, l.t("nav-credentials")).await?;
    let roster = Roster::load(&ctx, &staff).await;
    let q = field(&query, "q").trim().to_owned();
    if !q.is_empty() {
        let found = reqwest::Url::parse_with_params(
            "http://localhost/v1/learners",
            [("q", q.as_str()), ("limit", "20")],
        )
        .map(|u| format!("{}?{}", u.path(), u.query().unwrap_or_default()))
        .unwrap_or_default();
        let learners = ctx.api.get(&staff.principal, &found).await.json();
        let mut matched = Vec::new();
        for x in each(&learners["learners"]) {
            let theirs = format!("/v1/credentials?learner_id={}", text(&x["id"]));
            let answer = ctx.api.get(&staff.principal, &theirs).await.json();
            matched.extend(each(&answer["credentials"]).cloned());
        }
        list = json!({ "credentials": matched });
    }
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
        first: cursor.is_empty() && q.is_empty(),
        q,
    });
    Ok(chrome(&ctx, &staff, l.t("nav-credentials"), body))
}
