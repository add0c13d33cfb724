//! Validation of prior learning in the console: procedures, a candidate's portfolio (upload,
//! download for the jury) and the jury's decision on a unit or a block of units.

use super::*;

#[derive(Template)]
#[template(path = "console/validations.html")]
struct Validations<'a> {
    l: Lang,
    notice: &'a str,
    csrf: &'a str,
    procedures: Vec<(String, String, String, String)>,
    learners: Vec<Choice>,
    profiles: Vec<Choice>,
}

pub(super) async fn validations(State(state): State<AppState>, ctx: Ctx) -> Answer {
    validations_page(&state, &ctx, String::new()).await
}

async fn validations_page(state: &AppState, ctx: &Ctx, notice: String) -> Answer {
    let l = ctx.lang;
    let (staff, list) = load(state, ctx, "/v1/validations", l.t("nav-validations")).await?;
    let p = &staff.principal;
    let roster = Roster::load(ctx, &staff).await;
    let profiles = ctx.api.get(p, "/v1/profiles").await.json();
    let body = render(&Validations {
        l,
        notice: &notice,
        csrf: &ctx.csrf,
        procedures: each(&list["validations"])
            .map(|v| {
                (
                    text(&v["id"]),
                    roster.name(&v["learner_id"]),
                    format!("{} v{}", text(&v["profile_code"]), v["profile_version"]),
                    date(&v["opened_at"]),
                )
            })
            .collect(),
        learners: roster.choices(),
        profiles: each(&profiles["profiles"])
            .map(|pr| {
                let d = &pr["profile"];
                Choice {
                    value: format!("{}|{}", text(&d["code"]), d["version"]),
                    label: format!(
                        "{} v{} · {}",
                        text(&d["code"]),
                        d["version"],
                        lang_text(&d["title"], l)
                    ),
                }
            })
            .collect(),
    });
    Ok(chrome(ctx, &staff, l.t("nav-validations"), body))
}

pub(super) async fn open_validation(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<Fields>,
) -> Answer {
    let staff = signed_in_form(&state, &ctx, &f).await?;
    let l = ctx.lang;
    let mut choice = field(&f, "profile").splitn(2, '|');
    let (code, version) = (
        choice.next().unwrap_or_default(),
        choice.next().unwrap_or("1"),
    );
    let mut doc = json!({"learner_id": field(&f, "learner"), "profile_code": code,
                         "profile_version": version.parse::<u32>().unwrap_or(1)});
    if !field(&f, "note").is_empty() {
        doc["note"] = json!(field(&f, "note"));
    }
    let reply = ctx
        .api
        .post_json(&staff.principal, "/v1/validations", &doc)
        .await;
    if !reply.ok() {
        return validations_page(&state, &ctx, flash("error", &reply.error(l))).await;
    }
    match reply.json()["id"].as_str().and_then(|id| id.parse().ok()) {
        Some(id) => {
            validation_page(
                &state,
                &ctx,
                id,
                flash("ok", l.t("console-validation_opened")),
            )
            .await
        }
        None => validations_page(&state, &ctx, String::new()).await,
    }
}

/// A portfolio document as the page lists it.
struct Document {
    id: String,
    description: String,
    media_type: String,
    sha256: String,
    /// A decision rests on it: it cannot be removed.
    used: bool,
}

#[derive(Template)]
#[template(path = "console/validation.html")]
struct Validation<'a> {
    l: Lang,
    notice: &'a str,
    csrf: &'a str,
    id: String,
    learner_id: String,
    candidate: String,
    profile: String,
    note: String,
    standing: String,
    remaining_title: String,
    remaining: Vec<(String, String, String)>,
    points: String,
    units: Vec<(String, String, String)>,
    portfolio: Vec<Document>,
    decisions: Vec<(String, String, String, String)>,
    methods: [&'static str; 6],
    today: String,
}

pub(super) async fn validation(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
) -> Answer {
    validation_page(&state, &ctx, id, String::new()).await
}

async fn validation_page(state: &AppState, ctx: &Ctx, id: Uuid, notice: String) -> Answer {
    let l = ctx.lang;
    let title = l.t("nav-validations");
    let (staff, v) = load(state, ctx, &format!("/v1/validations/{id}"), title).await?;
    let procedure = &v["procedure"];
    let learner_id = text(&procedure["learner_id"]);
    let learner = ctx
        .api
        .get(&staff.principal, &format!("/v1/learners/{learner_id}"))
        .await
        .json();
    let person = if learner["learner"].is_object() {
        &learner["learner"]
    } else {
        &learner
    };
    let candidate = format!(
        "{} {}",
        text(&person["given_name"]),
        text(&person["family_name"])
    );
    let progress = &v["progress"];
    let profile = state
        .store
        .profile(
            staff.provider.id,
            procedure["profile_code"].as_str().unwrap_or_default(),
            procedure["profile_version"].as_u64().unwrap_or(1) as u32,
        )
        .await
        .ok()
        .flatten();
    let unit_title = |code: &str| {
        profile
            .as_ref()
            .and_then(|p| p.def.unit(code))
            .map(|u| u.title.get(l.code()).to_owned())
            .unwrap_or_default()
    };
    let remaining: Vec<(String, String, String)> = each(&progress["remaining"])
        .map(|u| {
            let code = text(&u["unit_code"]);
            let t = unit_title(&code);
            (code, t, crate::web::learner::points(l, &u["ecvet_points"]))
        })
        .collect();
    let (standing, remaining_title) = crate::web::learner::standing(l, progress, remaining.len());
    let body = render(&Validation {
        l,
        notice: &notice,
        csrf: &ctx.csrf,
        id: id.to_string(),
        learner_id,
        candidate,
        profile: format!(
            "{} v{}",
            text(&procedure["profile_code"]),
            procedure["profile_version"]
        ),
        note: text(&procedure["note"]),
        standing,
        remaining_title,
        remaining,
        points: format!(
            "{} / {} ECVET",
            crate::web::learner::points(l, &progress["ecvet_points_earned"]),
            crate::web::learner::points(l, &progress["ecvet_points_total"])
        ),
        units: each(&progress["units"])
            .map(|u| {
                let code = text(&u["unit_code"]);
                let t = unit_title(&code);
                (
                    code,
                    t,
                    crate::web::learner::unit_state(l, u["status"].as_str().unwrap_or_default()),
                )
            })
            .collect(),
        portfolio: each(&v["portfolio"])
            .map(|d| Document {
                used: each(&v["decisions"]).any(|x| each(&x["evidence"]).any(|e| *e == d["id"])),
                id: text(&d["id"]),
                description: text(&d["description"]),
                media_type: text(&d["media_type"]),
                sha256: text(&d["sha256"]),
            })
            .collect(),
        decisions: each(&v["decisions"])
            .map(|d| {
                let units: Vec<String> = each(&d["units"]).map(text).collect();
                (
                    text(&d["decided_on"]),
                    units.join(", "),
                    l.word("outcome", d["outcome"].as_str().unwrap_or_default()),
                    text(&d["jury"]),
                )
            })
            .collect(),
        methods: [
            "portfolio",
            "practical",
            "oral",
            "written",
            "project",
            "continuous",
        ],
        today: state.clock.now().date().to_string(),
    });
    Ok(chrome(ctx, &staff, title, body))
}

/// A portfolio document added from the console: the file as uploaded, its media type from
/// its name (the API hashes and keeps it as it is).
pub(super) async fn add_portfolio_document(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    form: Multipart,
) -> Answer {
    let l = ctx.lang;
    let (fields, file) = match multipart(form).await {
        Ok(parts) => parts,
        Err(e) => return Err(ctx.message(StatusCode::BAD_REQUEST, l.t("nav-validations"), &e)),
    };
    let staff = signed_in_form(&state, &ctx, &fields).await?;
    let Some((name, bytes)) = file else {
        return validation_page(&state, &ctx, id, flash("error", l.t("console-no_file"))).await;
    };
    let lower = name.to_lowercase();
    let media_type = match lower.rsplit('.').next().unwrap_or_default() {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "txt" => "text/plain",
        "mp4" => "video/mp4",
        "odt" => "application/vnd.oasis.opendocument.text",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/octet-stream",
    };
    let query = reqwest::Url::parse_with_params(
        "http://localhost/",
        [
            ("description", field(&fields, "description")),
            ("file_name", name.as_str()),
        ],
    )
    .ok()
    .and_then(|u| u.query().map(str::to_owned))
    .unwrap_or_default();
    let uri = format!("/v1/validations/{id}/portfolio?{query}");
    let reply = ctx
        .api
        .call(
            &staff.principal,
            Method::POST,
            &uri,
            Some((media_type, bytes)),
        )
        .await;
    let notice = outcome(l, &reply, l.t("console-document_added"));
    validation_page(&state, &ctx, id, notice).await
}

/// A portfolio document for the jury, as the API serves it (an attachment).
pub(super) async fn portfolio_document(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, item)): Path<(Uuid, Uuid)>,
) -> Answer {
    let staff = signed_in(&state, &ctx).await?;
    let reply = ctx
        .api
        .get(
            &staff.principal,
            &format!("/v1/validations/{id}/portfolio/{item}"),
        )
        .await;
    if !reply.ok() {
        return Err(api_error(&ctx, ctx.lang.t("nav-validations"), &reply));
    }
    let mut response = reply.body.into_response();
    for name in [
        axum::http::header::CONTENT_TYPE,
        axum::http::header::CONTENT_DISPOSITION,
        axum::http::header::X_CONTENT_TYPE_OPTIONS,
    ] {
        if let Some(v) = reply.headers.get(&name) {
            response.headers_mut().insert(name, v.clone());
        }
    }
    Ok(response)
}

/// The jury's decision: the units, methods and documents ticked in the form.
pub(super) async fn decide_validation(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    Form(f): Form<Fields>,
) -> Answer {
    let ticked = |prefix: &str| -> Vec<String> {
        let mut v: Vec<String> = f
            .keys()
            .filter_map(|k| k.strip_prefix(prefix).map(str::to_owned))
            .collect();
        v.sort();
        v
    };
    let mut doc = json!({
        "units": ticked("unit-"), "methods": ticked("method-"), "evidence": ticked("doc-"),
        "outcome": field(&f, "outcome"), "jury": field(&f, "jury"),
        "decided_on": field(&f, "decided_on"),
    });
    if !field(&f, "note").is_empty() {
        doc["note"] = json!(field(&f, "note"));
    }
    let uri = format!("/v1/validations/{id}/decisions");
    let done = ctx.lang.t("console-decided");
    let notice = act(&state, &ctx, &f, &uri, Some(doc), done).await?;
    validation_page(&state, &ctx, id, notice).await
}

/// Removes a document added by mistake (the API refuses one a decision rests on).
pub(super) async fn remove_portfolio_document(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, item)): Path<(Uuid, Uuid)>,
    Form(f): Form<Fields>,
) -> Answer {
    let staff = signed_in_form(&state, &ctx, &f).await?;
    let uri = format!("/v1/validations/{id}/portfolio/{item}");
    let reply = ctx
        .api
        .call(&staff.principal, Method::DELETE, &uri, None)
        .await;
    let notice = outcome(ctx.lang, &reply, ctx.lang.t("console-document_removed"));
    validation_page(&state, &ctx, id, notice).await
}
