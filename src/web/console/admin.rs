//! Administration: signing keys and rotation, staff accounts, the audit log.

use super::*;

pub(super) async fn keys_page(state: &AppState, ctx: &Ctx, notice: String) -> Answer {
    let l = ctx.lang;
    let (staff, answer) = load(state, ctx, "/v1/keys", l.t("nav-keys")).await?;
    let keys = each(&answer["keys"])
        .map(|k| {
            let state = if k["compromised_since"].is_string() {
                "key-compromised"
            } else if k["active"] == true {
                "key-active"
            } else {
                "key-retired"
            };
            (
                text(&k["key_ref"]),
                state,
                text(&k["created_at"]),
                text(&k["retired_at"]),
            )
        })
        .collect();
    let body = render(&Keys {
        l,
        notice: &notice,
        csrf: &ctx.csrf,
        keys,
    });
    Ok(chrome(ctx, &staff, l.t("nav-keys"), body))
}

pub(super) async fn keys(State(state): State<AppState>, ctx: Ctx) -> Answer {
    keys_page(&state, &ctx, String::new()).await
}

/// Declares a key compromised (`since`, a date-time, or now): proofs it made from then on
/// fail, and a signing key is replaced at once.
pub(super) async fn key_compromised(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(key_ref): Path<String>,
    Form(f): Form<Fields>,
) -> Answer {
    let mut doc = json!({"reason": field(&f, "reason")});
    let since = field(&f, "since");
    if !since.is_empty() {
        // A datetime-local field: minutes, no zone; read as UTC.
        let with_seconds = if since.len() == 16 {
            format!("{since}:00Z")
        } else {
            format!("{since}Z")
        };
        doc["since"] = json!(with_seconds);
    }
    let done = ctx.lang.t("console-compromise_done");
    let uri = format!(
        "/v1/keys/{}/compromised",
        crate::support::url::encode(&key_ref)
    );
    let notice = act(&state, &ctx, &f, &uri, Some(doc), done).await?;
    keys_page(&state, &ctx, notice).await
}

pub(super) async fn rotate_key(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<Fields>,
) -> Answer {
    let done = ctx.lang.t("console-rotated");
    let notice = act(&state, &ctx, &f, "/v1/keys/rotate", None, done).await?;
    keys_page(&state, &ctx, notice).await
}

pub(super) async fn staff_page(state: &AppState, ctx: &Ctx, notice: String) -> Answer {
    let l = ctx.lang;
    let (staff, answer) = load(state, ctx, "/v1/staff", l.t("nav-staff")).await?;
    let companies = ctx.api.get(&staff.principal, "/v1/companies").await.json();
    let companies: Vec<(String, String)> = each(&companies["companies"])
        .map(|c| (text(&c["id"]), text(&c["name"])))
        .collect();
    let members = each(&answer["staff"])
        .map(|s| StaffRow {
            id: text(&s["id"]),
            name: text(&s["name"]),
            email: text(&s["email"]),
            role: match s["company_id"].as_str() {
                // A tutor's company, by name.
                Some(id) => format!(
                    "{} · {}",
                    l.role(s["role"].as_str().unwrap_or_default()),
                    companies
                        .iter()
                        .find(|(c, _)| c == id)
                        .map_or(id, |(_, name)| name.as_str())
                ),
                None => l.role(s["role"].as_str().unwrap_or_default()),
            },
            disabled: s["disabled_at"].is_string(),
        })
        .collect();
    let body = render(&StaffPage {
        l,
        notice: &notice,
        csrf: &ctx.csrf,
        staff: members,
        companies,
    });
    Ok(chrome(ctx, &staff, l.t("nav-staff"), body))
}

pub(super) async fn staff(State(state): State<AppState>, ctx: Ctx) -> Answer {
    staff_page(&state, &ctx, String::new()).await
}

pub(super) async fn create_staff(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<Fields>,
) -> Answer {
    let mut doc = json!({
        "name": field(&f, "name"), "email": field(&f, "email"), "role": field(&f, "role"),
        "password": f.get("password").cloned().unwrap_or_default(),
    });
    // Only a tutor belongs to a company (the API says so if the form disagrees).
    if field(&f, "role") == "tutor" || !field(&f, "company").is_empty() {
        doc["company_id"] = json!(field(&f, "company"));
    }
    let done = ctx.lang.t("console-staff_added");
    let notice = act(&state, &ctx, &f, "/v1/staff", Some(doc), done).await?;
    staff_page(&state, &ctx, notice).await
}

pub(super) async fn disable_staff(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    Form(f): Form<Fields>,
) -> Answer {
    let uri = format!("/v1/staff/{id}/disable");
    let done = ctx.lang.t("console-staff_disabled");
    let notice = act(&state, &ctx, &f, &uri, None, done).await?;
    staff_page(&state, &ctx, notice).await
}

/// Audit entries shown a page at a time, newest first.
const AUDIT_PAGE: usize = 100;

/// The audit log, newest first, a page at a time: `before` is the `seq` the page starts
/// under (the whole chain is checked either way); `q` keeps the entries whose actor, action,
/// subject or detail contain it (ignoring case).
pub(super) async fn audit_log(
    State(state): State<AppState>,
    ctx: Ctx,
    axum::extract::Query(query): axum::extract::Query<Fields>,
) -> Answer {
    let l = ctx.lang;
    let (staff, log) = load(&state, &ctx, "/v1/audit", l.t("nav-audit")).await?;
    let entries = log["entries"].as_array().cloned().unwrap_or_default();
    let before = field(&query, "before").parse::<i64>().unwrap_or(i64::MAX);
    let q = field(&query, "q").trim().to_lowercase();
    let matches = |e: &Value| {
        q.is_empty()
            || ["actor", "action", "subject", "detail"]
                .iter()
                .any(|k| text(&e[*k]).to_lowercase().contains(&q))
    };
    let older: Vec<&Value> = entries
        .iter()
        .rev()
        .filter(|e| e["seq"].as_i64().is_some_and(|s| s < before) && matches(e))
        .collect();
    let search = reqwest::Url::parse_with_params("http://localhost/", [("q", q.as_str())])
        .ok()
        .and_then(|u| u.query().map(str::to_owned))
        .filter(|_| !q.is_empty())
        .map(|query| format!("&{query}"))
        .unwrap_or_default();
    let next = (older.len() > AUDIT_PAGE)
        .then(|| older[AUDIT_PAGE - 1]["seq"].as_i64())
        .flatten()
        .map(|seq| format!("/console/audit?before={seq}{search}"));
    let shown = older
        .iter()
        .take(AUDIT_PAGE)
        .map(|e| {
            (
                e["seq"].to_string(),
                text(&e["at"]),
                text(&e["actor"]),
                text(&e["action"]),
                text(&e["detail"]),
            )
        })
        .collect();
    let body = render(&Audit {
        l,
        intact: log["intact"] == true,
        entries: shown,
        total: entries.len(),
        next,
        q,
    });
    Ok(chrome(&ctx, &staff, l.t("nav-audit"), body))
}

#[derive(Template)]
#[template(path = "console/keys.html")]
struct Keys<'a> {
    l: Lang,
    notice: &'a str,
    csrf: &'a str,
    /// Reference, state (a text key), created, retired.
    keys: Vec<(String, &'static str, String, String)>,
}

#[derive(Template)]
#[template(path = "console/staff.html")]
struct StaffPage<'a> {
    l: Lang,
    notice: &'a str,
    csrf: &'a str,
    staff: Vec<StaffRow>,
    /// Companies a tutor may belong to: id, name.
    companies: Vec<(String, String)>,
}

struct StaffRow {
    id: String,
    name: String,
    email: String,
    role: String,
    disabled: bool,
}

#[derive(Template)]
#[template(path = "console/audit.html")]
struct Audit {
    l: Lang,
    intact: bool,
    /// Sequence, time, actor, action, detail: the latest first.
    entries: Vec<(String, String, String, String, String)>,
    total: usize,
    /// The link to older entries, when there are.
    next: Option<String>,
    q: String,
}
