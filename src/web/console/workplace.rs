//! Work-based learning in the console: companies and placements, the tutors' results waiting
//! for a school assessor's co-signature, and the tutor's own page (their company's learners
//! and a form to record a result; nothing else of the school).

use super::*;

#[derive(Template)]
#[template(path = "console/workplace.html")]
struct Workplace<'a> {
    l: Lang,
    notice: &'a str,
    csrf: &'a str,
    admin: bool,
    today: String,
    assessor: &'a str,
    companies: Vec<(String, String, String)>,
    learners: Vec<Choice>,
    pending: Vec<PendingRow>,
}

struct PendingRow {
    id: String,
    learner_id: String,
    learner: String,
    unit: String,
    company: String,
    tutor: String,
    date: String,
}

pub(super) async fn workplace(State(state): State<AppState>, ctx: Ctx) -> Answer {
    workplace_page(&state, &ctx, String::new()).await
}

async fn workplace_page(state: &AppState, ctx: &Ctx, notice: String) -> Answer {
    let l = ctx.lang;
    let (staff, companies) = load(state, ctx, "/v1/companies", l.t("nav-workplace")).await?;
    let p = &staff.principal;
    let roster = Roster::load(ctx, &staff).await;
    let pending = ctx.api.get(p, "/v1/workplace-results").await.json();
    let company_of = |id: &Value| {
        each(&companies["companies"])
            .find(|c| c["id"] == *id)
            .map(|c| text(&c["name"]))
            .unwrap_or_default()
    };
    let body = render(&Workplace {
        l,
        notice: &notice,
        csrf: &ctx.csrf,
        admin: staff.admin(),
        today: state.clock.now().date().to_string(),
        assessor: &staff.record.name,
        companies: each(&companies["companies"])
            .map(|c| {
                (
                    text(&c["id"]),
                    text(&c["name"]),
                    [c["country_code"].as_str(), c["identifier"].as_str()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" · "),
                )
            })
            .collect(),
        learners: roster.choices(),
        pending: each(&pending["workplace_results"])
            .map(|w| PendingRow {
                id: text(&w["id"]),
                learner_id: text(&w["learner_id"]),
                learner: roster.name(&w["learner_id"]),
                unit: format!(
                    "{} v{} · {}",
                    text(&w["profile_code"]),
                    w["profile_version"],
                    text(&w["unit_code"])
                ),
                company: company_of(&w["company_id"]),
                tutor: text(&w["tutor"]),
                date: text(&w["assessed_on"]),
            })
            .collect(),
    });
    Ok(chrome(ctx, &staff, l.t("nav-workplace"), body))
}

pub(super) async fn create_company(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<Fields>,
) -> Answer {
    let mut doc = json!({"name": field(&f, "name"), "country_code": field(&f, "country_code")});
    if !field(&f, "identifier").is_empty() {
        doc["identifier"] = json!(field(&f, "identifier"));
    }
    let done = ctx.lang.t("console-company_added");
    let notice = act(&state, &ctx, &f, "/v1/companies", Some(doc), done).await?;
    workplace_page(&state, &ctx, notice).await
}

pub(super) async fn place_learner(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<Fields>,
) -> Answer {
    let mut doc = json!({"learner_id": field(&f, "learner"), "starts_on": field(&f, "starts_on")});
    if !field(&f, "ends_on").is_empty() {
        doc["ends_on"] = json!(field(&f, "ends_on"));
    }
    let uri = format!("/v1/companies/{}/placements", field(&f, "company"));
    let done = ctx.lang.t("console-placed");
    let notice = act(&state, &ctx, &f, &uri, Some(doc), done).await?;
    workplace_page(&state, &ctx, notice).await
}

pub(super) async fn cosign(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    Form(f): Form<Fields>,
) -> Answer {
    let mut doc = json!({"decision": field(&f, "decision"), "assessor": field(&f, "assessor")});
    if !field(&f, "note").is_empty() {
        doc["note"] = json!(field(&f, "note"));
    }
    let uri = format!("/v1/workplace-results/{id}/cosignature");
    let done = ctx.lang.t("console-decided");
    let notice = act(&state, &ctx, &f, &uri, Some(doc), done).await?;
    workplace_page(&state, &ctx, notice).await
}

#[derive(Template)]
#[template(path = "console/tutor.html")]
struct Tutor<'a> {
    l: Lang,
    notice: &'a str,
    csrf: &'a str,
    today: String,
    tutor: &'a str,
    company: String,
    learners: Vec<(Choice, String)>,
    units: Vec<Choice>,
    /// Learner, unit, date, state in words, the school's note: results that wait or waited
    /// for the school's co-signature.
    results: Vec<(String, String, String, String, String)>,
}

pub(super) async fn tutor(State(state): State<AppState>, ctx: Ctx) -> Answer {
    tutor_page(&state, &ctx, String::new()).await
}

/// The tutor's page: the learners placed with their company, and the units they may assess
/// (the API checks the placement again when a result is recorded).
async fn tutor_page(state: &AppState, ctx: &Ctx, notice: String) -> Answer {
    let l = ctx.lang;
    let staff = signed_in(state, ctx).await?;
    let Some(company) = staff.record.company_id else {
        return Err(ctx.message(
            StatusCode::FORBIDDEN,
            l.t("nav-tutor"),
            l.t("problem-forbidden"),
        ));
    };
    let uri = format!("/v1/companies/{company}/learners");
    let reply = ctx.api.get(&staff.principal, &uri).await;
    if !reply.ok() {
        return Err(api_error(ctx, l.t("nav-tutor"), &reply));
    }
    let placed = reply.json();
    let results = ctx
        .api
        .get(&staff.principal, "/v1/workplace-results?state=all")
        .await
        .json();
    let learner_name = |id: &Value| {
        each(&placed["learners"])
            .find(|x| x["learner"]["id"] == *id)
            .map(|x| learner_label(&x["learner"]))
            .unwrap_or_default()
    };
    // Newest first.
    let mut results: Vec<_> = each(&results["workplace_results"])
        .map(|w| {
            (
                learner_name(&w["learner_id"]),
                format!("{} · {}", text(&w["profile_code"]), text(&w["unit_code"])),
                text(&w["assessed_on"]),
                l.word("workplace", w["state"].as_str().unwrap_or_default()),
                text(&w["decision_note"]),
            )
        })
        .collect();
    results.reverse();
    let mut units = Vec::new();
    for p in state.store.profiles(staff.provider.id).await.map_err(|_| {
        ctx.message(
            StatusCode::INTERNAL_SERVER_ERROR,
            l.t("nav-tutor"),
            l.t("err-internal"),
        )
    })? {
        for u in &p.def.units {
            units.push(Choice {
                value: format!("{}|{}|{}", p.def.code, p.def.version, u.code),
                label: format!(
                    "{} v{} · {} · {}",
                    p.def.code,
                    p.def.version,
                    u.code,
                    u.title.get(l.code())
                ),
            });
        }
    }
    let body = render(&Tutor {
        l,
        notice: &notice,
        csrf: &ctx.csrf,
        today: state.clock.now().date().to_string(),
        tutor: &staff.record.name,
        company: text(&placed["company"]["name"]),
        learners: each(&placed["learners"])
            .map(|x| {
                let since = each(&x["placements"])
                    .map(|p| match p["ends_on"].as_str() {
                        Some(end) => format!("{} → {end}", text(&p["starts_on"])),
                        None => format!("{} →", text(&p["starts_on"])),
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                (
                    Choice {
                        value: text(&x["learner"]["id"]),
                        label: format!(
                            "{} {}",
                            text(&x["learner"]["given_name"]),
                            text(&x["learner"]["family_name"])
                        ),
                    },
                    since,
                )
            })
            .collect(),
        units,
        results,
    });
    Ok(chrome(ctx, &staff, l.t("nav-tutor"), body))
}

pub(super) async fn tutor_record(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<Fields>,
) -> Answer {
    let staff = signed_in_form(&state, &ctx, &f).await?;
    let l = ctx.lang;
    let (code, version, unit) = unit_choice(&f).unwrap_or(("", 1, ""));
    let mut doc = json!({
        "learner_id": field(&f, "learner"), "profile_code": code, "profile_version": version,
        "unit_code": unit, "assessed_on": field(&f, "assessed_on"),
        "outcome": field(&f, "outcome"), "assessor": field(&f, "assessor"),
    });
    if !field(&f, "comment").is_empty() && field(&f, "outcome") == "not_validated" {
        doc["remediation_note"] = json!(field(&f, "comment"));
    }
    let reply = ctx
        .api
        .post_json(&staff.principal, "/v1/assessments", &doc)
        .await;
    let notice = if !reply.ok() {
        flash("error", &reply.error(l))
    } else if reply.json()["cosignature"] == "pending" {
        flash("ok", l.t("console-awaiting_cosignature"))
    } else {
        outcome(l, &reply, l.t("console-recorded"))
    };
    tutor_page(&state, &ctx, notice).await
}
