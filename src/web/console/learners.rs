//! Learners: the list, enrolment, and one learner's page (progress, results, credentials and
//! their status, personal links).

use super::*;

/// Learners shown a page at a time.
const PAGE: usize = 50;

pub(super) async fn learners_page(state: &AppState, ctx: &Ctx, notice: String) -> Answer {
    learners_listed(state, ctx, notice, &Fields::new()).await
}

/// The learners page: `q` searches names, e-mails and references; `cursor` is the next page.
async fn learners_listed(state: &AppState, ctx: &Ctx, notice: String, query: &Fields) -> Answer {
    let l = ctx.lang;
    let q = field(query, "q");
    let mut path = format!("/v1/learners?limit={PAGE}");
    for (name, value) in [("q", q), ("cursor", field(query, "cursor"))] {
        if !value.is_empty() {
            path.push_str(&format!("&{name}={}", crate::support::url::encode(value)));
        }
    }
    let (staff, answer) = load(state, ctx, &path, l.t("nav-learners")).await?;
    let next = answer["next_cursor"].as_str().map(|c| {
        format!(
            "/console/learners?q={}&cursor={}",
            crate::support::url::encode(q),
            crate::support::url::encode(c)
        )
    });
    let learners = each(&answer["learners"])
        .map(|x| LearnerRow {
            id: text(&x["id"]),
            family: text(&x["family_name"]),
            given: text(&x["given_name"]),
            email: text(&x["email"]),
            external_ref: text(&x["external_ref"]),
        })
        .collect();
    let body = render(&Learners {
        l,
        notice: &notice,
        csrf: &ctx.csrf,
        learners,
        admin: staff.admin(),
        languages: Lang::ALL,
        q,
        next,
    });
    Ok(chrome(ctx, &staff, l.t("nav-learners"), body))
}

pub(super) async fn learners(
    State(state): State<AppState>,
    ctx: Ctx,
    axum::extract::Query(query): axum::extract::Query<Fields>,
) -> Answer {
    learners_listed(&state, &ctx, String::new(), &query).await
}

pub(super) async fn create_learner(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<Fields>,
) -> Answer {
    let staff = signed_in_form(&state, &ctx, &f).await?;
    let mut doc = json!({
        "given_name": field(&f, "given_name"),
        "family_name": field(&f, "family_name"),
        "language": field(&f, "language"),
    });
    for optional in ["email", "external_ref"] {
        if !field(&f, optional).is_empty() {
            doc[optional] = json!(field(&f, optional));
        }
    }
    let reply = ctx
        .api
        .post_json(&staff.principal, "/v1/learners", &doc)
        .await;
    if reply.ok() {
        let id = reply.json()["learner"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        return Ok(ctx.redirect(&format!("/console/learners/{id}")));
    }
    learners_page(&state, &ctx, flash("error", &reply.error(ctx.lang))).await
}

pub(super) async fn learner_page(state: &AppState, ctx: &Ctx, id: Uuid, notice: String) -> Answer {
    let l = ctx.lang;
    let (staff, answer) = load(
        state,
        ctx,
        &format!("/v1/learners/{id}"),
        l.t("nav-learners"),
    )
    .await?;
    let p = &staff.principal;
    let learner = answer["learner"].clone();
    let progress = ctx
        .api
        .get(p, &format!("/v1/learners/{id}/progress"))
        .await
        .json();
    let credentials = ctx
        .api
        .get(p, &format!("/v1/credentials?learner_id={id}&limit=1000"))
        .await
        .json();
    let assessments = ctx
        .api
        .get(p, &format!("/v1/learners/{id}/assessments"))
        .await
        .json();
    let profiles = ctx.api.get(p, "/v1/profiles").await.json();
    let mut titles: HashMap<(String, String), String> = HashMap::new();
    let mut unit_options = Vec::new();
    for pr in each(&profiles["profiles"]) {
        let d = &pr["profile"];
        let code = d["code"].as_str().unwrap_or_default();
        let version = d["version"].as_u64().unwrap_or(1);
        for u in each(&d["units"]) {
            let unit = u["code"].as_str().unwrap_or_default();
            let title = lang_text(&u["title"], l);
            titles.insert((code.to_owned(), unit.to_owned()), title.clone());
            unit_options.push(UnitOption {
                code: code.to_owned(),
                version,
                unit: unit.to_owned(),
                title,
            });
        }
    }
    let qualifications = each(&progress["qualifications"])
        .map(|q| {
            let code = text(&q["profile_code"]);
            let units = each(&q["units"])
                .map(|u| {
                    let unit = text(&u["unit_code"]);
                    ProgressUnit {
                        title: titles
                            .get(&(code.clone(), unit.clone()))
                            .cloned()
                            .unwrap_or_default(),
                        code: unit,
                        route: u["route"]
                            .as_str()
                            .filter(|r| *r != "school")
                            .map(|r| l.t(&format!("route-{r}")).to_owned()),
                        points: crate::web::learner::points(l, &u["ecvet_points"]),
                        state: crate::web::learner::unit_state(
                            l,
                            u["status"].as_str().unwrap_or_default(),
                        ),
                    }
                })
                .collect();
            Progress {
                code,
                version: q["profile_version"].to_string(),
                credential: q["award"]["credential_id"].as_str().map(str::to_owned),
                award: q["award"]["status"].as_str().map(str::to_owned),
                required: q["ecvet_points_required"].as_f64().unwrap_or_default(),
                earned: q["ecvet_points_earned"].as_f64().unwrap_or_default(),
                earned_text: crate::web::learner::points(l, &q["ecvet_points_earned"]),
                required_text: crate::web::learner::points(l, &q["ecvet_points_required"]),
                units,
            }
        })
        .collect();
    let credentials = each(&credentials["credentials"])
        .map(|c| {
            let cid = text(&c["id"]);
            let status = c["status"].as_str().unwrap_or("active").to_owned();
            CredentialRow {
                short: cid.get(..13).unwrap_or(&cid).to_owned(),
                qualification: c["kind"] == "qualification",
                date: date(&c["issued_at"]),
                status_text: l.status(&status),
                reason: c["status_reason"].as_str().map(str::to_owned),
                actionable: staff.admin() && status != "revoked",
                status,
                id: cid,
            }
        })
        .collect();
    let history = each(&assessments["assessments"])
        .map(|a| HistoryRow {
            date: text(&a["assessed_on"]),
            profile: text(&a["profile_code"]),
            version: a["profile_version"].to_string(),
            unit: text(&a["unit_code"]),
            outcome: l.outcome(a["outcome"].as_str().unwrap_or_default()),
            assessor: text(&a["assessor"]),
            note: text(&a["remediation_note"]),
        })
        .collect();
    let recognitions = recognition_rows(
        &staff,
        &ctx.api
            .get(p, &format!("/v1/learners/{id}/recognitions"))
            .await
            .json(),
        l,
    );
    let access = if staff.admin() {
        let codes = ctx
            .api
            .get(p, &format!("/v1/learners/{id}/access"))
            .await
            .json();
        let now = crate::support::clock::format_utc(state.clock.now());
        Some(
            each(&codes["access"])
                .map(|a| {
                    let expires = text(&a["expires_at"]);
                    AccessRow {
                        id: text(&a["id"]),
                        label: text(&a["label"]),
                        created: text(&a["created_at"]),
                        revoked: a["revoked_at"].is_string(),
                        expired: expires.as_str() <= now.as_str(),
                        expires,
                    }
                })
                .collect(),
        )
    } else {
        None
    };
    let name = format!(
        "{} {}",
        learner["given_name"].as_str().unwrap_or_default(),
        learner["family_name"].as_str().unwrap_or_default()
    );
    // Validation procedures the learner is a candidate in.
    let procedures = ctx
        .api
        .get(p, &format!("/v1/validations?learner_id={id}"))
        .await
        .json();
    let validations = each(&procedures["validations"])
        .map(|v| {
            (
                text(&v["id"]),
                format!("{} v{}", text(&v["profile_code"]), v["profile_version"]),
                date(&v["opened_at"]),
            )
        })
        .collect();
    let body = render(&LearnerPage {
        l,
        id,
        validations,
        name: &name,
        notice: &notice,
        contact: ["email", "external_ref"]
            .iter()
            .filter_map(|k| learner[*k].as_str())
            .collect::<Vec<_>>()
            .join(" · "),
        csrf: &ctx.csrf,
        access,
        qualifications,
        idempotency: random_secret(16),
        unit_options,
        today: state.clock.now().date().to_string(),
        assessor: &staff.record.name,
        recognitions,
        credentials,
        history,
    });
    Ok(chrome(ctx, &staff, &name, body))
}

pub(super) async fn learner(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
) -> Answer {
    learner_page(&state, &ctx, id, String::new()).await
}

pub(super) async fn record_assessment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    Form(f): Form<Fields>,
) -> Answer {
    let staff = signed_in_form(&state, &ctx, &f).await?;
    let l = ctx.lang;
    // No unit chosen: the API names what is missing.
    let (code, version, unit) = unit_choice(&f).unwrap_or(("", 1, ""));
    let mut doc = json!({
        "learner_id": id, "profile_code": code, "profile_version": version, "unit_code": unit,
        "assessed_on": field(&f, "assessed_on"), "outcome": field(&f, "outcome"),
        "assessor": field(&f, "assessor"),
    });
    if !field(&f, "assessment_type").is_empty() {
        doc["assessment_type"] = json!(field(&f, "assessment_type"));
    }
    if !field(&f, "remediation_note").is_empty() {
        doc["remediation_note"] = json!(field(&f, "remediation_note"));
    }
    // The form's key makes a double submission record (and issue) once.
    let key = format!("console-{}", field(&f, "idempotency"));
    let body = axum::body::Bytes::from(serde_json::to_vec(&doc).unwrap_or_default());
    let reply = ctx
        .api
        .call_with(
            &staff.principal,
            Method::POST,
            "/v1/assessments",
            Some(("application/json", body)),
            &[("idempotency-key", key.as_str())],
        )
        .await;
    let notice = if reply.ok() {
        let v = reply.json();
        let issued = v["credential"]["id"]
            .as_str()
            .or_else(|| v["credential_id"].as_str());
        let mut text = l.t("console-recorded").to_owned();
        if issued.is_some() {
            text.push_str(&format!(" {}", l.t("console-credential_issued")));
        }
        flash("ok", &text)
    } else {
        flash("error", &reply.error(l))
    };
    learner_page(&state, &ctx, id, notice).await
}

pub(super) async fn learner_access(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    Form(f): Form<Fields>,
) -> Answer {
    let staff = signed_in_form(&state, &ctx, &f).await?;
    let l = ctx.lang;
    let reply = ctx
        .api
        .post_json(
            &staff.principal,
            &format!("/v1/learners/{id}/access"),
            &json!({"label": "console"}),
        )
        .await;
    let notice = if reply.ok() {
        let v = reply.json();
        render(&AccessCreated {
            l,
            link: v["link"].as_str().unwrap_or_default(),
            expires: v["expires_at"].as_str().unwrap_or_default(),
        })
    } else {
        flash("error", &reply.error(l))
    };
    learner_page(&state, &ctx, id, notice).await
}

pub(super) async fn revoke_access(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    Form(f): Form<Fields>,
) -> Answer {
    let uri = format!("/v1/learner-access/{id}/revoke");
    let done = ctx.lang.t("console-access_revoked_notice");
    let notice = act(&state, &ctx, &f, &uri, None, done).await?;
    back_to_learner(&state, &ctx, &f, notice).await
}

pub(super) async fn change_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    Form(f): Form<Fields>,
) -> Answer {
    let l = ctx.lang;
    let action = match field(&f, "action") {
        a @ ("revoke" | "suspend" | "reinstate") => a,
        _ => {
            return Err(ctx.message(
                StatusCode::BAD_REQUEST,
                l.t("console-title"),
                l.t("err-bad_form"),
            ));
        }
    };
    let uri = format!("/v1/credentials/{id}/{action}");
    let doc = json!({"reason": field(&f, "reason")});
    let done = l.t("console-status_changed");
    let notice = act(&state, &ctx, &f, &uri, Some(doc), done).await?;
    back_to_learner(&state, &ctx, &f, notice).await
}

#[derive(Template)]
#[template(path = "console/learners.html")]
struct Learners<'a> {
    l: Lang,
    notice: &'a str,
    csrf: &'a str,
    learners: Vec<LearnerRow>,
    admin: bool,
    languages: [Lang; 4],
    /// What was searched for.
    q: &'a str,
    /// The next page's link, when there is one.
    next: Option<String>,
}

struct LearnerRow {
    id: String,
    family: String,
    given: String,
    email: String,
    external_ref: String,
}

#[derive(Template)]
#[template(path = "console/learner.html")]
struct LearnerPage<'a> {
    l: Lang,
    id: Uuid,
    /// Validation procedures: id, profile, opened.
    validations: Vec<(String, String, String)>,
    name: &'a str,
    notice: &'a str,
    contact: String,
    csrf: &'a str,
    /// Personal links, for an admin.
    access: Option<Vec<AccessRow>>,
    qualifications: Vec<Progress>,
    idempotency: String,
    unit_options: Vec<UnitOption>,
    today: String,
    assessor: &'a str,
    recognitions: Vec<RecognitionRow>,
    credentials: Vec<CredentialRow>,
    history: Vec<HistoryRow>,
}

struct AccessRow {
    id: String,
    label: String,
    created: String,
    expires: String,
    revoked: bool,
    expired: bool,
}

/// A unit of the referential, to choose in a form.
pub(super) struct UnitOption {
    code: String,
    version: u64,
    unit: String,
    title: String,
}

struct Progress {
    code: String,
    version: String,
    credential: Option<String>,
    award: Option<String>,
    required: f64,
    earned: f64,
    earned_text: String,
    required_text: String,
    units: Vec<ProgressUnit>,
}

struct ProgressUnit {
    code: String,
    title: String,
    /// Validation of prior learning or at the workplace.
    route: Option<String>,
    points: String,
    state: String,
}

struct CredentialRow {
    id: String,
    short: String,
    qualification: bool,
    date: String,
    status: String,
    status_text: String,
    reason: Option<String>,
    actionable: bool,
}

struct HistoryRow {
    date: String,
    profile: String,
    version: String,
    unit: String,
    outcome: String,
    assessor: String,
    note: String,
}

#[derive(Template)]
#[template(path = "console/access_created.html")]
struct AccessCreated<'a> {
    l: Lang,
    link: &'a str,
    expires: &'a str,
}
