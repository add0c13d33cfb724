//! The referential: profiles and their units; importing a profile or a referential file.

use super::*;

#[derive(Template)]
#[template(path = "console/profiles.html")]
struct Profiles<'a> {
    l: Lang,
    notice: &'a str,
    rows: Vec<ProfileRow>,
    admin: bool,
    csrf: &'a str,
}

struct ProfileRow {
    code: String,
    version: u64,
    title: String,
    eqf: String,
    units: usize,
    locked: bool,
}

#[derive(Template)]
#[template(path = "console/profile.html")]
struct ProfilePage<'a> {
    l: Lang,
    title: &'a str,
    code: &'a str,
    version: u32,
    description: String,
    eqf: String,
    sector: &'a str,
    isced: &'a str,
    units: Vec<UnitRow>,
}

struct UnitRow {
    code: String,
    title: String,
    outcomes: Vec<String>,
    points: String,
    optional: bool,
}

pub(super) async fn profiles_page(state: &AppState, ctx: &Ctx, notice: String) -> Answer {
    let l = ctx.lang;
    let (staff, answer) = load(state, ctx, "/v1/profiles", l.t("nav-profiles")).await?;
    let rows = each(&answer["profiles"])
        .map(|p| {
            let d = &p["profile"];
            ProfileRow {
                code: d["code"].as_str().unwrap_or_default().to_owned(),
                version: d["version"].as_u64().unwrap_or(1),
                title: lang_text(&d["title"], l),
                eqf: d["eqf_level"].to_string(),
                units: d["units"].as_array().map(Vec::len).unwrap_or_default(),
                locked: p["locked"] == true,
            }
        })
        .collect();
    let body = render(&Profiles {
        l,
        notice: &notice,
        rows,
        admin: staff.admin(),
        csrf: &ctx.csrf,
    });
    Ok(chrome(ctx, &staff, l.t("nav-profiles"), body))
}

/// A language map's text in the page's language (or the first available).
pub(super) fn lang_text(v: &Value, l: Lang) -> String {
    v[l.code()]
        .as_str()
        .or_else(|| ["fr", "nl", "de", "en"].iter().find_map(|k| v[*k].as_str()))
        .unwrap_or_default()
        .to_owned()
}

pub(super) async fn profiles(State(state): State<AppState>, ctx: Ctx) -> Answer {
    profiles_page(&state, &ctx, String::new()).await
}

/// One profile, or a referential file's `profiles`, each through `POST /v1/profiles`.
pub(super) async fn import_profiles(
    State(state): State<AppState>,
    ctx: Ctx,
    form: Multipart,
) -> Answer {
    let l = ctx.lang;
    let (f, file) = match multipart(form).await {
        Ok(parts) => parts,
        Err(e) => return Err(ctx.message(StatusCode::BAD_REQUEST, l.t("nav-profiles"), &e)),
    };
    let staff = signed_in_form(&state, &ctx, &f).await?;
    // A chosen file wins over pasted text.
    let text = match &file {
        Some((_, bytes)) => String::from_utf8_lossy(bytes).into_owned(),
        None => field(&f, "document").to_owned(),
    };
    let doc: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            return profiles_page(
                &state,
                &ctx,
                flash("error", &format!("{}: {e}", l.t("console-bad_json"))),
            )
            .await;
        }
    };
    let list = match doc.get("profiles").and_then(Value::as_array) {
        Some(list) => list.clone(),
        None => vec![doc],
    };
    let mut notes = String::new();
    for p in &list {
        let reply = ctx.api.post_json(&staff.principal, "/v1/profiles", p).await;
        let name = format!("{} v{}", p["code"].as_str().unwrap_or("?"), p["version"]);
        notes.push_str(&if reply.ok() {
            flash("ok", &format!("{name}: {}", l.t("console-imported")))
        } else {
            flash("error", &format!("{name}: {}", reply.error(l)))
        });
    }
    profiles_page(&state, &ctx, notes).await
}

pub(super) async fn profile(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((code, version)): Path<(String, u32)>,
) -> Answer {
    let l = ctx.lang;
    let (staff, v) = load(
        &state,
        &ctx,
        &format!("/v1/profiles/{code}/{version}"),
        l.t("nav-profiles"),
    )
    .await?;
    let d = &v["profile"];
    let units = each(&d["units"])
        .map(|u| UnitRow {
            code: u["code"].as_str().unwrap_or_default().to_owned(),
            title: lang_text(&u["title"], l),
            outcomes: each(&u["learning_outcomes"])
                .map(|o| lang_text(o, l))
                .collect(),
            points: crate::web::learner::points(l, &u["ecvet_points"]),
            optional: u["mandatory"] == false,
        })
        .collect();
    let title = lang_text(&d["title"], l);
    let body = render(&ProfilePage {
        l,
        title: &title,
        code: &code,
        version,
        description: lang_text(&d["description"], l),
        eqf: d["eqf_level"].to_string(),
        sector: d["sector"].as_str().unwrap_or_default(),
        isced: d["isced_f"].as_str().unwrap_or_default(),
        units,
    });
    Ok(chrome(&ctx, &staff, &title, body))
}
