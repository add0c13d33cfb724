//! Cohort result files: the upload, and the import's progress until its report.

use super::*;

pub(super) fn results_html(ctx: &Ctx, notice: &str) -> String {
    let l = ctx.lang;
    format!(
        r#"<h1>{title}</h1>{notice}<p class="lead">{lead}</p>
<form method="post" action="/console/results" enctype="multipart/form-data" class="panel">{csrf}
<label for="file">{file}</label><p class="hint" id="file-hint">{hint}</p>
<input id="file" name="file" type="file" accept=".csv,.json,text/csv,application/json" aria-describedby="file-hint" required>
<p><button type="submit">{submit}</button></p></form>"#,
        title = l.t("nav-results"),
        lead = l.t("console-results_lead"),
        csrf = csrf_input(ctx),
        file = l.t("console-results_file"),
        hint = l.t("console-results_format"),
        submit = l.t("console-upload"),
    )
}

pub(super) async fn results(State(state): State<AppState>, ctx: Ctx) -> Response {
    let staff = match signed_in(&state, &ctx).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let body = results_html(&ctx, "");
    chrome(&ctx, &staff, ctx.lang.t("nav-results"), body)
}

pub(super) async fn upload_results(
    State(state): State<AppState>,
    ctx: Ctx,
    form: Multipart,
) -> Response {
    let l = ctx.lang;
    let (fields, file) = match multipart(form).await {
        Ok(parts) => parts,
        Err(e) => return ctx.message(StatusCode::BAD_REQUEST, l.t("nav-results"), &e),
    };
    let staff = match signed_in_form(&state, &ctx, &fields).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Some((name, bytes)) = file else {
        let body = results_html(&ctx, &flash("error", l.t("console-no_file")));
        return chrome(&ctx, &staff, l.t("nav-results"), body);
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
        return chrome(&ctx, &staff, l.t("nav-results"), body);
    }
    let id = reply.json()["job"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    ctx.redirect(&format!("/console/imports/{id}"))
}

pub(super) async fn import_progress(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
) -> Response {
    let l = ctx.lang;
    let (staff, answer) = match load(
        &state,
        &ctx,
        &format!("/v1/imports/{id}"),
        l.t("nav-results"),
    )
    .await
    {
        Ok(loaded) => loaded,
        Err(r) => return r,
    };
    let job = answer["job"].clone();
    let state_name = job["state"].as_str().unwrap_or_default().to_owned();
    let total = job["total"].as_i64().unwrap_or_default();
    let written = job["written"].as_i64().unwrap_or_default();
    let percent = if total > 0 { written * 100 / total } else { 0 };
    let mut body = format!(
        r#"<h1>{title}</h1><p class="job verdict {class}" data-state="{state_name}" role="status" aria-live="polite">{state_label}</p>
<p><label for="progress">{rows}</label> <progress id="progress" max="{max}" value="{written}">{percent} %</progress> {written} / {total} · {issued} {issued_l}</p>"#,
        title = l.t("console-import_title"),
        state_label = l.job(&state_name),
        class = match state_name.as_str() {
            "done" => "ok",
            "running" => "",
            _ => "fail",
        },
        rows = l.t("console-rows"),
        max = total.max(1),
        issued = job["credentials_issued"],
        issued_l = l.t("console-credentials_issued"),
    );
    if let Some(error) = job["error"].as_str() {
        body.push_str(&flash("error", error));
    }
    let report = &job["report"];
    if report.is_object() {
        let errors: String = report["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| {
                format!(
                    "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
                    e["row"],
                    esc(e["field"].as_str().unwrap_or_default()),
                    esc(e["message"].as_str().unwrap_or_default())
                )
            })
            .collect();
        body.push_str(&format!(
            r#"<dl class="facts report"><dt>{rows_l}</dt><dd>{rows}</dd><dt>{recorded_l}</dt><dd>{recorded}</dd><dt>{already_l}</dt><dd>{already}</dd><dt>{rejected_l}</dt><dd>{rejected}</dd><dt>{units_l}</dt><dd>{units}</dd><dt>{quals_l}</dt><dd data-qualifications="{quals}">{quals}</dd><dt>{jury_l}</dt><dd>{jury}</dd></dl>"#,
            rows_l = l.t("console-rows"),
            rows = report["rows"],
            recorded_l = l.t("console-recorded_rows"),
            recorded = report["recorded"],
            already_l = l.t("console-already"),
            already = report["already_recorded"],
            rejected_l = l.t("console-rejected"),
            rejected = report["rejected"],
            units_l = l.t("console-units_issued"),
            units = report["credentials_issued"],
            quals_l = l.t("console-qualifications_issued"),
            quals = report["qualifications_issued"],
            jury_l = l.t("console-awaiting_jury"),
            jury = report["awards_pending"],
        ));
        if !errors.is_empty() {
            body.push_str(&format!(
                r#"<h2>{}</h2><div class="scroll"><table><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{errors}</tbody></table></div>"#,
                l.t("console-row_errors"),
                l.t("console-line"),
                l.t("console-field"),
                l.t("console-message"),
            ));
        }
        body.push_str(&format!(
            r#"<p><a href="/console/learners">{}</a> · <a href="/console/results">{}</a></p>"#,
            l.t("nav-learners"),
            l.t("console-another_file")
        ));
    }
    let title = l.t("console-import_title");
    let mut r = chrome(&ctx, &staff, title, body);
    if state_name == "running" {
        // Reload every second until done: a progress display without script.
        if let Ok(v) = HeaderValue::from_str("1") {
            r.headers_mut().insert("refresh", v);
        }
    }
    r
}
