//! Learners: the list, enrolment, and one learner's page (progress, results, credentials and
//! their status, personal links).

use super::*;

pub(super) async fn learners_page(state: &AppState, ctx: &Ctx, notice: String) -> Response {
    let l = ctx.lang;
    let (staff, answer) =
        match load(state, ctx, "/v1/learners?limit=1000", l.t("nav-learners")).await {
            Ok(loaded) => loaded,
            Err(r) => return r,
        };
    let rows: String = answer["learners"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|x| {
            format!(
                r#"<tr><th scope="row"><a href="/console/learners/{id}">{family} {given}</a></th><td>{email}</td><td>{r}</td></tr>"#,
                id = esc(x["id"].as_str().unwrap_or_default()),
                family = esc(x["family_name"].as_str().unwrap_or_default()),
                given = esc(x["given_name"].as_str().unwrap_or_default()),
                email = esc(x["email"].as_str().unwrap_or_default()),
                r = esc(x["external_ref"].as_str().unwrap_or_default()),
            )
        })
        .collect();
    let form = if staff.admin() {
        let langs: String = Lang::ALL
            .iter()
            .map(|x| format!(r#"<option value="{}">{}</option>"#, x.code(), x.name()))
            .collect();
        format!(
            r#"<section><h2>{title}</h2><form method="post" action="/console/learners" class="panel grid">{csrf}
<div><label for="given_name">{given}</label><input id="given_name" name="given_name" required autocomplete="off"></div>
<div><label for="family_name">{family}</label><input id="family_name" name="family_name" required autocomplete="off"></div>
<div><label for="email">{email}</label><input id="email" name="email" type="email" autocomplete="off"></div>
<div><label for="external_ref">{ext}</label><input id="external_ref" name="external_ref" autocomplete="off"></div>
<div><label for="language">{lang}</label><select id="language" name="language">{langs}</select></div>
<p><button type="submit">{add}</button></p></form></section>"#,
            title = l.t("console-new_learner"),
            csrf = csrf_input(ctx),
            given = l.t("console-given_name"),
            family = l.t("console-family_name"),
            email = l.t("console-email"),
            ext = l.t("console-external_ref"),
            lang = l.t("console-language"),
            add = l.t("console-add"),
        )
    } else {
        String::new()
    };
    let body = format!(
        r#"<h1>{title}</h1>{notice}<div class="scroll"><table><thead><tr><th scope="col">{name}</th><th scope="col">{email}</th><th scope="col">{ext}</th></tr></thead><tbody>{rows}</tbody></table></div>{form}"#,
        title = l.t("nav-learners"),
        name = l.t("console-name"),
        email = l.t("console-email"),
        ext = l.t("console-external_ref"),
    );
    chrome(ctx, &staff, l.t("nav-learners"), body)
}

pub(super) async fn learners(State(state): State<AppState>, ctx: Ctx) -> Response {
    learners_page(&state, &ctx, String::new()).await
}

pub(super) async fn create_learner(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<Fields>,
) -> Response {
    let staff = match signed_in_form(&state, &ctx, &f).await {
        Ok(s) => s,
        Err(r) => return r,
    };
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
        return ctx.redirect(&format!("/console/learners/{id}"));
    }
    learners_page(&state, &ctx, flash("error", &reply.error(ctx.lang))).await
}

pub(super) async fn learner_page(
    state: &AppState,
    ctx: &Ctx,
    id: Uuid,
    notice: String,
) -> Response {
    let l = ctx.lang;
    let (staff, answer) = match load(
        state,
        ctx,
        &format!("/v1/learners/{id}"),
        l.t("nav-learners"),
    )
    .await
    {
        Ok(loaded) => loaded,
        Err(r) => return r,
    };
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
    let mut unit_options = String::new();
    for pr in profiles["profiles"].as_array().into_iter().flatten() {
        let d = &pr["profile"];
        let code = d["code"].as_str().unwrap_or_default();
        let version = d["version"].as_u64().unwrap_or(1);
        for u in d["units"].as_array().into_iter().flatten() {
            let unit = u["code"].as_str().unwrap_or_default();
            let title = lang_text(&u["title"], l);
            titles.insert((code.to_owned(), unit.to_owned()), title.clone());
            unit_options.push_str(&format!(
                r#"<option value="{c}|{version}|{u}">{c} v{version} · {u} · {t}</option>"#,
                c = esc(code),
                u = esc(unit),
                t = esc(&title)
            ));
        }
    }
    let mut sections = String::new();
    for q in progress["qualifications"].as_array().into_iter().flatten() {
        let code = q["profile_code"].as_str().unwrap_or_default();
        let rows: String = q["units"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|u| {
                let unit = u["unit_code"].as_str().unwrap_or_default();
                format!(
                    r#"<tr><th scope="row">{}</th><td>{}</td><td class="num">{}</td><td>{}</td></tr>"#,
                    esc(unit),
                    esc(titles.get(&(code.to_owned(), unit.to_owned())).map(String::as_str).unwrap_or_default()),
                    crate::web::learner::points(l, &u["ecvet_points"]),
                    crate::web::learner::unit_state(l, u["status"].as_str().unwrap_or_default()),
                )
            })
            .collect();
        let award = match (
            q["award"]["status"].as_str(),
            q["award"]["credential_id"].as_str(),
        ) {
            (_, Some(cid)) => format!(
                r#"<p class="verdict ok" data-award="issued">✓ {} <a href="/verify/{cid}">{}</a></p>"#,
                l.t("console-qualification_issued"),
                l.t("learner-verify")
            ),
            (Some(status), None) => format!(
                r#"<p class="verdict warn" data-award="{s}">{}: {s}</p>"#,
                l.t("console-award"),
                s = esc(status)
            ),
            _ => String::new(),
        };
        sections.push_str(&format!(
            r#"<section class="qualification" data-profile="{code}"><h3>{code} v{v}</h3>{award}
<p><progress max="{req}" value="{earned}" aria-label="{pts}">{earned}</progress> {e} / {r} {ecvet}</p>
<div class="scroll"><table><thead><tr><th scope="col">{unit}</th><th scope="col">{name}</th><th scope="col">ECVET</th><th scope="col">{state}</th></tr></thead><tbody>{rows}</tbody></table></div></section>"#,
            code = esc(code),
            v = q["profile_version"],
            req = q["ecvet_points_required"].as_f64().unwrap_or_default(),
            earned = q["ecvet_points_earned"].as_f64().unwrap_or_default(),
            pts = l.t("learner-points"),
            e = crate::web::learner::points(l, &q["ecvet_points_earned"]),
            r = crate::web::learner::points(l, &q["ecvet_points_required"]),
            ecvet = l.t("learner-ecvet_required"),
            unit = l.t("learner-unit"),
            name = l.t("learner-unit_title"),
            state = l.t("learner-state"),
        ));
    }
    let creds: String = credentials["credentials"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            let cid = c["id"].as_str().unwrap_or_default();
            let status = c["status"].as_str().unwrap_or("active");
            let actions = if staff.admin() && status != "revoked" {
                let buttons = if status == "suspended" {
                    format!(r#"<button name="action" value="reinstate" class="secondary">{}</button> <button name="action" value="revoke" class="danger">{}</button>"#, l.t("console-reinstate"), l.t("console-revoke"))
                } else {
                    format!(r#"<button name="action" value="suspend" class="secondary">{}</button> <button name="action" value="revoke" class="danger">{}</button>"#, l.t("console-suspend"), l.t("console-revoke"))
                };
                format!(
                    r#"<form method="post" action="/console/credentials/{cid}/status" class="inline">{csrf}<input type="hidden" name="learner" value="{id}"><label for="reason-{cid}" class="sr-only">{reason}</label><input id="reason-{cid}" name="reason" placeholder="{reason}" required> {buttons}</form>"#,
                    csrf = csrf_input(ctx),
                    reason = l.t("console-reason"),
                )
            } else {
                String::new()
            };
            format!(
                r#"<tr><td>{kind}</td><td><a href="/verify/{cid}"><code>{short}</code></a></td><td>{date}</td><td>{st}{why}</td><td>{actions}</td></tr>"#,
                kind = if c["kind"] == "qualification" { l.t("kind-qualification") } else { l.t("kind-unit") },
                short = esc(cid.get(..13).unwrap_or(cid)),
                date = esc(c["issued_at"].as_str().unwrap_or_default().get(..10).unwrap_or_default()),
                st = l.status(status),
                why = c["status_reason"].as_str().map(|r| format!(" · {}", esc(r))).unwrap_or_default(),
            )
        })
        .collect();
    let history: String = assessments["assessments"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| {
            format!(
                "<tr><td>{}</td><td>{} v{} · {}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(a["assessed_on"].as_str().unwrap_or_default()),
                esc(a["profile_code"].as_str().unwrap_or_default()),
                a["profile_version"],
                esc(a["unit_code"].as_str().unwrap_or_default()),
                l.outcome(a["outcome"].as_str().unwrap_or_default()),
                esc(a["assessor"].as_str().unwrap_or_default()),
                esc(a["remediation_note"].as_str().unwrap_or_default()),
            )
        })
        .collect();
    let recognitions = recognitions_section(
        ctx,
        &staff,
        id,
        &ctx.api
            .get(p, &format!("/v1/learners/{id}/recognitions"))
            .await
            .json(),
        &unit_options,
    );
    let today = state.clock.now().date().to_string();
    let access = if staff.admin() {
        let codes = ctx
            .api
            .get(p, &format!("/v1/learners/{id}/access"))
            .await
            .json();
        let now = crate::support::clock::format_utc(state.clock.now());
        let rows: String = codes["access"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|a| {
                let expires = a["expires_at"].as_str().unwrap_or_default();
                let state = if a["revoked_at"].is_string() {
                    l.t("console-access_revoked").to_owned()
                } else if expires <= now.as_str() {
                    l.t("console-access_expired").to_owned()
                } else {
                    format!(
                        r#"<form method="post" action="/console/learner-access/{}/revoke" class="inline">{}<input type="hidden" name="learner" value="{id}"><button class="danger">{}</button></form>"#,
                        esc(a["id"].as_str().unwrap_or_default()),
                        csrf_input(ctx),
                        l.t("console-revoke")
                    )
                };
                format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{state}</td></tr>",
                    esc(a["label"].as_str().unwrap_or_default()),
                    esc(a["created_at"].as_str().unwrap_or_default()),
                    esc(expires),
                )
            })
            .collect();
        let table = if rows.is_empty() {
            String::new()
        } else {
            format!(
                r#"<div class="scroll"><table class="small"><caption>{}</caption><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{rows}</tbody></table></div>"#,
                l.t("console-access_links"),
                l.t("console-label"),
                l.t("console-created"),
                l.t("learner-offer-expires"),
                l.t("learner-state"),
            )
        };
        format!(
            r#"<form method="post" action="/console/learners/{id}/access" class="inline">{}<button type="submit" class="secondary">{}</button></form>{table}"#,
            csrf_input(ctx),
            l.t("console-access_link")
        )
    } else {
        String::new()
    };
    let name = format!(
        "{} {}",
        learner["given_name"].as_str().unwrap_or_default(),
        learner["family_name"].as_str().unwrap_or_default()
    );
    let body = format!(
        r#"<p><a href="/console/learners">← {back}</a></p><h1>{name}</h1>{notice}
<p class="hint">{contact}</p>{access}
<h2>{progress_t}</h2>{sections}
<section><h2>{record}</h2>
<form method="post" action="/console/learners/{id}/assessments" class="panel grid">{csrf}
<input type="hidden" name="idempotency" value="{idem}">
<div class="wide"><label for="unit">{unit_l}</label><select id="unit" name="unit" required>{unit_options}</select></div>
<div><label for="assessed_on">{date_l}</label><input id="assessed_on" name="assessed_on" type="date" value="{today}" max="{today}" required></div>
<div><label for="outcome">{outcome_l}</label><select id="outcome" name="outcome"><option value="validated">{validated}</option><option value="not_validated">{not_validated}</option></select></div>
<div><label for="assessor">{assessor_l}</label><input id="assessor" name="assessor" value="{assessor}" required></div>
<div><label for="assessment_type">{type_l}</label><select id="assessment_type" name="assessment_type"><option value="">—</option><option value="practical">{practical}</option><option value="written">{written}</option><option value="oral">{oral}</option><option value="portfolio">{portfolio}</option></select></div>
<div class="wide"><label for="remediation_note">{note_l}</label><input id="remediation_note" name="remediation_note"></div>
<p><button type="submit">{save}</button></p></form></section>
{recognitions}
<section><h2>{credentials_t}</h2><div class="scroll"><table><thead><tr><th scope="col">{kind_l}</th><th scope="col">Id</th><th scope="col">{issued_l}</th><th scope="col">{state_l}</th><th scope="col">{actions_l}</th></tr></thead><tbody>{creds}</tbody></table></div></section>
<section><h2>{history_t}</h2><div class="scroll"><table><thead><tr><th scope="col">{date_l}</th><th scope="col">{unit_l}</th><th scope="col">{outcome_l}</th><th scope="col">{assessor_l}</th><th scope="col">{note_l}</th></tr></thead><tbody>{history}</tbody></table></div></section>"#,
        back = l.t("nav-learners"),
        name = esc(&name),
        contact = ["email", "external_ref"]
            .iter()
            .filter_map(|k| learner[*k].as_str())
            .map(esc)
            .collect::<Vec<_>>()
            .join(" · "),
        progress_t = l.t("console-progress"),
        record = l.t("console-record"),
        csrf = csrf_input(ctx),
        idem = random_secret(16),
        unit_l = l.t("learner-unit"),
        date_l = l.t("console-date"),
        outcome_l = l.t("console-outcome"),
        validated = l.outcome("validated"),
        not_validated = l.outcome("not_validated"),
        assessor_l = l.t("console-assessor"),
        assessor = esc(&staff.record.name),
        type_l = l.t("console-assessment_type"),
        practical = l.t("atype-practical"),
        written = l.t("atype-written"),
        oral = l.t("atype-oral"),
        portfolio = l.t("atype-portfolio"),
        note_l = l.t("console-remediation"),
        save = l.t("console-save"),
        credentials_t = l.t("learner-credentials"),
        kind_l = l.t("verify-kind"),
        issued_l = l.t("learner-issued"),
        state_l = l.t("learner-state"),
        actions_l = l.t("console-actions"),
        history_t = l.t("console-history"),
    );
    chrome(ctx, &staff, &name, body)
}

pub(super) async fn learner(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
) -> Response {
    learner_page(&state, &ctx, id, String::new()).await
}

pub(super) async fn record_assessment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    Form(f): Form<Fields>,
) -> Response {
    let staff = match signed_in_form(&state, &ctx, &f).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let l = ctx.lang;
    let mut unit = field(&f, "unit").splitn(3, '|');
    let (code, version, unit) = (
        unit.next().unwrap_or_default(),
        unit.next().and_then(|v| v.parse::<u32>().ok()).unwrap_or(1),
        unit.next().unwrap_or_default(),
    );
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
) -> Response {
    let staff = match signed_in_form(&state, &ctx, &f).await {
        Ok(s) => s,
        Err(r) => return r,
    };
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
        format!(
            r#"<div class="notice ok" role="status"><p>{}</p><p><input aria-label="{}" readonly value="{}" class="copy"></p><p class="hint">{} {}</p></div>"#,
            l.t("console-access_created"),
            l.t("console-access_link"),
            esc(v["link"].as_str().unwrap_or_default()),
            l.t("learner-offer-expires"),
            esc(v["expires_at"].as_str().unwrap_or_default()),
        )
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
) -> Response {
    let uri = format!("/v1/learner-access/{id}/revoke");
    let done = ctx.lang.t("console-access_revoked_notice");
    match act(&state, &ctx, &f, &uri, None, done).await {
        Ok(notice) => back_to_learner(&state, &ctx, &f, notice).await,
        Err(r) => r,
    }
}

pub(super) async fn change_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    Form(f): Form<Fields>,
) -> Response {
    let l = ctx.lang;
    let action = match field(&f, "action") {
        a @ ("revoke" | "suspend" | "reinstate") => a,
        _ => {
            return ctx.message(
                StatusCode::BAD_REQUEST,
                l.t("console-title"),
                l.t("err-bad_form"),
            );
        }
    };
    let uri = format!("/v1/credentials/{id}/{action}");
    let doc = json!({"reason": field(&f, "reason")});
    match act(
        &state,
        &ctx,
        &f,
        &uri,
        Some(doc),
        l.t("console-status_changed"),
    )
    .await
    {
        Ok(notice) => back_to_learner(&state, &ctx, &f, notice).await,
        Err(r) => r,
    }
}
