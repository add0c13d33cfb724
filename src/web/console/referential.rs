//! The referential: profiles and their units; importing a profile or a referential file.

use super::*;

pub(super) async fn profiles_page(state: &AppState, ctx: &Ctx, notice: String) -> Response {
    let l = ctx.lang;
    let (staff, answer) = match load(state, ctx, "/v1/profiles", l.t("nav-profiles")).await {
        Ok(loaded) => loaded,
        Err(r) => return r,
    };
    let rows: String = answer["profiles"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            let d = &p["profile"];
            let code = d["code"].as_str().unwrap_or_default();
            let version = d["version"].as_u64().unwrap_or(1);
            format!(
                r#"<tr><th scope="row"><a href="/console/profiles/{c}/{version}">{c}</a></th><td>{version}</td><td>{title}</td><td class="num">{eqf}</td><td class="num">{units}</td><td>{locked}</td></tr>"#,
                c = esc(code),
                title = esc(&lang_text(&d["title"], l)),
                eqf = d["eqf_level"],
                units = d["units"].as_array().map(Vec::len).unwrap_or_default(),
                locked = if p["locked"] == true { l.t("console-in_use") } else { l.t("console-draft") },
            )
        })
        .collect();
    let import = if staff.admin() {
        format!(
            r#"<section><h2>{title}</h2><form method="post" action="/console/profiles" enctype="multipart/form-data" class="panel">{csrf}
<label for="referential">{file}</label><p class="hint" id="doc-hint">{hint}</p>
<input id="referential" name="referential" type="file" accept=".json,application/json" aria-describedby="doc-hint">
<label for="document">{label}</label>
<textarea id="document" name="document" rows="6" spellcheck="false"></textarea>
<p><button type="submit">{submit}</button></p></form></section>"#,
            file = l.t("console-referential_file"),
            title = l.t("console-import_profiles"),
            csrf = csrf_input(ctx),
            label = l.t("console-profile_json"),
            hint = l.t("console-profile_hint"),
            submit = l.t("console-import"),
        )
    } else {
        String::new()
    };
    let body = format!(
        r#"<h1>{title}</h1>{notice}<div class="scroll"><table><thead><tr><th scope="col">{code}</th><th scope="col">{version}</th><th scope="col">{name}</th><th scope="col">EQF</th><th scope="col">{units}</th><th scope="col">{state}</th></tr></thead><tbody>{rows}</tbody></table></div>{import}"#,
        title = l.t("nav-profiles"),
        code = l.t("console-code"),
        version = l.t("console-version"),
        name = l.t("console-name"),
        units = l.t("learner-units"),
        state = l.t("learner-state"),
    );
    chrome(ctx, &staff, l.t("nav-profiles"), body)
}

/// A language map's text in the page's language (or the first available).
pub(super) fn lang_text(v: &Value, l: Lang) -> String {
    v[l.code()]
        .as_str()
        .or_else(|| ["fr", "nl", "de", "en"].iter().find_map(|k| v[*k].as_str()))
        .unwrap_or_default()
        .to_owned()
}

pub(super) async fn profiles(State(state): State<AppState>, ctx: Ctx) -> Response {
    profiles_page(&state, &ctx, String::new()).await
}

/// One profile, or a referential file's `profiles`, each through `POST /v1/profiles`.
pub(super) async fn import_profiles(
    State(state): State<AppState>,
    ctx: Ctx,
    form: Multipart,
) -> Response {
    let l = ctx.lang;
    let (f, file) = match multipart(form).await {
        Ok(parts) => parts,
        Err(e) => return ctx.message(StatusCode::BAD_REQUEST, l.t("nav-profiles"), &e),
    };
    let staff = match signed_in_form(&state, &ctx, &f).await {
        Ok(s) => s,
        Err(r) => return r,
    };
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
) -> Response {
    let l = ctx.lang;
    let (staff, v) = match load(
        &state,
        &ctx,
        &format!("/v1/profiles/{code}/{version}"),
        l.t("nav-profiles"),
    )
    .await
    {
        Ok(loaded) => loaded,
        Err(r) => return r,
    };
    let d = &v["profile"];
    let rows: String = d["units"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|u| {
            let outcomes: String = u["learning_outcomes"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|o| format!("<li>{}</li>", esc(&lang_text(o, l))))
                .collect();
            format!(
                r#"<tr><th scope="row">{}</th><td>{}<ul class="small">{outcomes}</ul></td><td class="num">{}</td><td>{}</td></tr>"#,
                esc(u["code"].as_str().unwrap_or_default()),
                esc(&lang_text(&u["title"], l)),
                crate::web::learner::points(l, &u["ecvet_points"]),
                if u["mandatory"] == false { l.t("console-optional") } else { l.t("console-mandatory") },
            )
        })
        .collect();
    let title = lang_text(&d["title"], l);
    let body = format!(
        r#"<p><a href="/console/profiles">← {back}</a></p><h1>{title} <span class="hint">{code} v{version}</span></h1>
<p>{desc}</p><dl class="facts"><dt>EQF</dt><dd>{eqf}</dd><dt>{sector}</dt><dd>{sector_v}</dd><dt>ISCED-F</dt><dd>{isced}</dd></dl>
<div class="scroll"><table><thead><tr><th scope="col">{unit}</th><th scope="col">{name}</th><th scope="col">ECVET</th><th scope="col">{status}</th></tr></thead><tbody>{rows}</tbody></table></div>"#,
        back = l.t("nav-profiles"),
        title = esc(&title),
        code = esc(&code),
        desc = esc(&lang_text(&d["description"], l)),
        eqf = d["eqf_level"],
        sector = l.t("console-sector"),
        sector_v = esc(d["sector"].as_str().unwrap_or_default()),
        isced = esc(d["isced_f"].as_str().unwrap_or_default()),
        unit = l.t("learner-unit"),
        name = l.t("learner-unit_title"),
        status = l.t("learner-state"),
    );
    chrome(&ctx, &staff, &title, body)
}
