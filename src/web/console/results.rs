//! Cohort result files: the upload, and the import's progress until its report.

use super::*;

#[derive(Template)]
#[template(path = "console/results.html")]
struct Results<'a> {
    l: Lang,
    notice: &'a str,
    csrf: &'a str,
}

pub(super) fn results_html(ctx: &Ctx, notice: &str) -> String {
    render(&Results {
        l: ctx.lang,
        notice,
        csrf: &ctx.csrf,
    })
}

#[derive(Template)]
#[template(path = "console/import.html")]
struct Import {
    l: Lang,
    class: &'static str,
    state: String,
    state_label: String,
    total: i64,
    written: i64,
    percent: i64,
    issued: String,
    error: Option<String>,
    report: Option<Report>,
}

/// An import's report: the counts as the API gives them, and the rows at fault.
struct Report {
    rows: String,
    recorded: String,
    already: String,
    rejected: String,
    units: String,
    qualifications: String,
    jury: String,
    errors: Vec<(String, String, String)>,
}

pub(super) async fn results(State(state): State<AppState>, ctx: Ctx) -> Answer {
    let staff = signed_in(&state, &ctx).await?;
    let body = results_html(&ctx, "");
    Ok(chrome(&ctx, &staff, ctx.lang.t("nav-results"), body))
}

pub(super) async fn upload_results(
    State(state): State<AppState>,
    ctx: Ctx,
    form: Multipart,
) -> Answer {
    let l = ctx.lang;
    let (fields, file) = match multipart(form).await {
        Ok(parts) => parts,
        Err(e) => return Err(ctx.message(StatusCode::BAD_REQUEST, l.t("nav-results"), &e)),
    };
    let staff = signed_in_form(&state, &ctx, &fields).await?;
    let Some((name, bytes)) = file else {
        let body = results_html(&ctx, &flash("error", l.t("console-no_file")));
        return Ok(chrome(&ctx, &staff, l.t("nav-results"), body));
    };
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace()).copied();
    let media_type = if name.to_lowercase().ends_with(".json") || matches!(first, Some(b'[' | b'{'))
    {
        "application/json"
    } else {
        "text/csv"
    };
    let reply = ctx
        .api
        .call(
            &staff.principal,
            Method::POST,
            "/v1/imports",
            Some((media_type, bytes)),
        )
        .await;
    if !reply.ok() {
        let body = results_html(&ctx, &flash("error", &reply.error(l)));
        return Ok(chrome(&ctx, &staff, l.t("nav-results"), body));
    }
    let id = reply.json()["job"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    Ok(ctx.redirect(&format!("/console/imports/{id}")))
}

pub(super) async fn import_progress(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
) -> Answer {
    let l = ctx.lang;
    let (staff, answer) = load(
        &state,
        &ctx,
        &format!("/v1/imports/{id}"),
        l.t("nav-results"),
    )
    .await?;
    let job = answer["job"].clone();
    let state_name = job["state"].as_str().unwrap_or_default().to_owned();
    let total = job["total"].as_i64().unwrap_or_default();
    let written = job["written"].as_i64().unwrap_or_default();
    let percent = if total > 0 { written * 100 / total } else { 0 };
    let report = &job["report"];
    let body = render(&Import {
        l,
        class: match state_name.as_str() {
            "done" => "ok",
            "running" => "",
            _ => "fail",
        },
        state_label: l.job(&state_name),
        state: state_name.clone(),
        total,
        written,
        percent,
        issued: job["credentials_issued"].to_string(),
        error: job["error"].as_str().map(|e| flash("error", e)),
        report: report.is_object().then(|| Report {
            rows: report["rows"].to_string(),
            recorded: report["recorded"].to_string(),
            already: report["already_recorded"].to_string(),
            rejected: report["rejected"].to_string(),
            units: report["credentials_issued"].to_string(),
            qualifications: report["qualifications_issued"].to_string(),
            jury: report["awards_pending"].to_string(),
            errors: each(&report["errors"])
                .map(|e| {
                    (
                        e["row"].to_string(),
                        e["field"].as_str().unwrap_or_default().to_owned(),
                        e["message"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect(),
        }),
    });
    let title = l.t("console-import_title");
    let mut r = chrome(&ctx, &staff, title, body);
    if state_name == "running" {
        // Reload every second until done: a progress display without script.
        if let Ok(v) = HeaderValue::from_str("1") {
            r.headers_mut().insert("refresh", v);
        }
    }
    Ok(r)
}
