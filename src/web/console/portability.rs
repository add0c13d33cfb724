//! Recognition and trust in the console: each profile's recognition table (foreign
//! achievements that count as a unit here), and the server's trust registry (which issuers
//! are authorised to certify what). The registry is the server operator's, for every school
//! on the server: its forms act with the operator token, typed in each form and never kept.

use super::*;

#[derive(Template)]
#[template(path = "console/portability.html")]
struct Portability<'a> {
    l: Lang,
    notice: &'a str,
    csrf: &'a str,
    admin: bool,
    today: String,
    tables: Vec<TableView>,
    issuers: Vec<IssuerRow>,
}

struct TableView {
    code: String,
    version: String,
    units: Vec<(String, String)>,
    /// Foreign achievement (or title), version (or points), unit, note.
    lines: Vec<(String, String, String, String)>,
}

struct IssuerRow {
    did: String,
    name: String,
    country: String,
    source: String,
    /// Achievement, scope, from, until, authority.
    authorisations: Vec<(String, String, String, String, String)>,
}

pub(super) async fn portability(State(state): State<AppState>, ctx: Ctx) -> Answer {
    portability_page(&state, &ctx, String::new()).await
}

async fn portability_page(state: &AppState, ctx: &Ctx, notice: String) -> Answer {
    let l = ctx.lang;
    let title = l.t("nav-portability");
    let (staff, profiles) = load(state, ctx, "/v1/profiles", title).await?;
    let p = &staff.principal;
    let mut tables = Vec::new();
    for pr in each(&profiles["profiles"]) {
        let d = &pr["profile"];
        let (code, version) = (text(&d["code"]), d["version"].to_string());
        let table = ctx
            .api
            .get(
                p,
                &format!("/v1/profiles/{code}/{version}/recognition-table"),
            )
            .await
            .json();
        tables.push(TableView {
            units: each(&d["units"])
                .map(|u| (text(&u["code"]), lang_text(&u["title"], l)))
                .collect(),
            lines: each(&table["lines"])
                .map(|x| {
                    (
                        text(&x["achievement_id"]),
                        text(&x["achievement_version"]),
                        text(&x["unit_code"]),
                        text(&x["note"]),
                    )
                })
                .collect(),
            code,
            version,
        });
    }
    let registry = ctx.api.get(p, "/trust/issuers").await.json();
    let issuers = each(&registry["issuers"])
        .map(|r| IssuerRow {
            did: text(&r["did"]),
            name: text(&r["entry"]["name"]),
            country: text(&r["entry"]["country"]),
            source: text(&r["source"]),
            authorisations: each(&r["entry"]["authorisations"])
                .map(|a| {
                    (
                        text(&a["achievement"]),
                        text(&a["scope"]),
                        text(&a["from"]),
                        text(&a["until"]),
                        text(&a["authority"]),
                    )
                })
                .collect(),
        })
        .collect();
    let body = render(&Portability {
        l,
        notice: &notice,
        csrf: &ctx.csrf,
        admin: staff.admin(),
        today: state.clock.now().date().to_string(),
        tables,
        issuers,
    });
    Ok(chrome(ctx, &staff, title, body))
}

/// The profile's table as the API takes it back (a line keyed by title keeps its title and
/// points).
fn table_lines(table: &Value) -> Vec<Value> {
    each(&table["lines"])
        .map(|x| {
            let aid = text(&x["achievement_id"]);
            let mut line = match aid.strip_prefix("title:") {
                Some(title) => json!({"title": title,
                    "ecvet_points": text(&x["achievement_version"]).parse::<f64>().unwrap_or_default()}),
                None if text(&x["achievement_version"]).is_empty() => json!({"achievement_id": aid}),
                None => json!({"achievement_id": aid, "achievement_version": x["achievement_version"]}),
            };
            line["unit_code"] = x["unit_code"].clone();
            if x["note"].is_string() {
                line["note"] = x["note"].clone();
            }
            line
        })
        .collect()
}

/// Adds a line to a profile's recognition table, or removes one (`remove` names it as
/// `achievement|version|unit`): the table is read, changed and put back whole.
pub(super) async fn change_table(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((code, version)): Path<(String, u32)>,
    Form(f): Form<Fields>,
) -> Answer {
    let staff = signed_in_form(&state, &ctx, &f).await?;
    let uri = format!("/v1/profiles/{code}/{version}/recognition-table");
    let current = ctx.api.get(&staff.principal, &uri).await.json();
    let mut lines = table_lines(&current);
    let remove = field(&f, "remove");
    if remove.is_empty() {
        let mut line = match field(&f, "achievement_id").trim() {
            "" => json!({"title": field(&f, "title"),
                         "ecvet_points": field(&f, "ecvet_points").replace(',', ".").parse::<f64>().unwrap_or_default()}),
            aid => json!({"achievement_id": aid}),
        };
        line["unit_code"] = json!(field(&f, "unit_code"));
        if !field(&f, "note").is_empty() {
            line["note"] = json!(field(&f, "note"));
        }
        lines.push(line);
    } else {
        let stored: Vec<String> = each(&current["lines"])
            .map(|x| {
                format!(
                    "{}|{}|{}",
                    text(&x["achievement_id"]),
                    text(&x["achievement_version"]),
                    text(&x["unit_code"])
                )
            })
            .collect();
        if let Some(i) = stored.iter().position(|k| k == remove) {
            lines.remove(i);
        }
    }
    let bytes =
        axum::body::Bytes::from(serde_json::to_vec(&json!({ "lines": lines })).unwrap_or_default());
    let reply = ctx
        .api
        .call(
            &staff.principal,
            Method::PUT,
            &uri,
            Some(("application/json", bytes)),
        )
        .await;
    let notice = outcome(ctx.lang, &reply, ctx.lang.t("console-table_saved"));
    portability_page(&state, &ctx, notice).await
}

/// A change to the trust registry, made with the operator token the form carries: add (or
/// replace) an issuer with one authorisation, suspend one (its authorisations end today), or
/// remove one.
pub(super) async fn change_registry(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<Fields>,
) -> Answer {
    let staff = signed_in_form(&state, &ctx, &f).await?;
    let l = ctx.lang;
    let bearer = format!("Bearer {}", field(&f, "operator_token").trim());
    let headers = [("authorization", bearer.as_str())];
    let did = field(&f, "did").trim();
    let put = |entry: Value| {
        let bytes = axum::body::Bytes::from(serde_json::to_vec(&entry).unwrap_or_default());
        let (api, principal) = (&ctx.api, &staff.principal);
        async move {
            api.call_with(
                principal,
                Method::PUT,
                "/v1/trust/issuers",
                Some(("application/json", bytes)),
                &headers,
            )
            .await
        }
    };
    let reply = match field(&f, "action") {
        "add" => {
            let mut authorisation = json!({"achievement": field(&f, "achievement").trim(),
                "scope": field(&f, "scope"), "from": field(&f, "from"), "authority": field(&f, "authority")});
            if !field(&f, "until").is_empty() {
                authorisation["until"] = json!(field(&f, "until"));
            }
            put(json!({"did": did, "name": field(&f, "name"), "country": field(&f, "country").trim().to_uppercase(),
                       "authorisations": [authorisation]}))
            .await
        }
        "suspend" => {
            let registry = ctx.api.get(&staff.principal, "/trust/issuers").await.json();
            let Some(record) = each(&registry["issuers"]).find(|r| r["did"] == did) else {
                let notice = flash("error", l.t("problem-not_found"));
                return portability_page(&state, &ctx, notice).await;
            };
            let today = state.clock.now().date().to_string();
            let mut entry = record["entry"].clone();
            if let Some(list) = entry["authorisations"].as_array_mut() {
                for a in list {
                    let open = a["until"].as_str().is_none_or(|u| u > today.as_str());
                    if open {
                        a["until"] = json!(today);
                    }
                }
            }
            put(entry).await
        }
        _ => {
            let path = format!(
                "/v1/trust/issuers/{}",
                did.replace('%', "%25")
                    .replace('/', "%2F")
                    .replace('#', "%23")
            );
            ctx.api
                .call_with(&staff.principal, Method::DELETE, &path, None, &headers)
                .await
        }
    };
    let notice = outcome(l, &reply, l.t("console-registry_saved"));
    portability_page(&state, &ctx, notice).await
}
