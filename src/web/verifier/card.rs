//! A verified (or not) credential as a card: what it says in plain words, then each check
//! green, amber or red, and a qualification's parts.

use super::*;

/// The credential's content: a JSON credential as is, a JWT's payload (or its `vc` claim).
fn content(item: &Value) -> Value {
    match item {
        Value::String(token) => {
            let payload = crate::crypto::jose::unverified_payload(token).unwrap_or(Value::Null);
            match payload.get("vc") {
                Some(vc) => vc.clone(),
                None => payload,
            }
        }
        other => other.clone(),
    }
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A date-time as its date (`2026-11-03`), which is what a reader needs.
fn day(v: &Value) -> Option<String> {
    v.as_str().map(|s| s.get(..10).unwrap_or(s).to_owned())
}

/// What an Open Badges credential (or a CLR) says.
fn ob_facts(l: Lang, item: &Value, result: &Value) -> Facts {
    let vc = content(item);
    let subject = match &vc["credentialSubject"] {
        Value::Array(a) => a.first().cloned().unwrap_or(Value::Null),
        s => s.clone(),
    };
    let achievement = &subject["achievement"];
    let kind = if has_type(&vc, "ClrCredential") {
        l.t("kind-record")
    } else {
        match achievement["achievementType"].as_str() {
            Some("MicroCredential") => l.t("kind-unit"),
            Some("Certificate") => l.t("kind-qualification"),
            _ => l.t("kind-credential"),
        }
    };
    let title = text(&achievement["name"])
        .or_else(|| text(&vc["name"]))
        .unwrap_or_else(|| l.t("verify-untitled").to_owned());
    let issuer_name =
        text(&vc["issuer"]["name"]).or_else(|| result["trust"]["name"].as_str().map(str::to_owned));
    let issuer_id = text(&vc["issuer"]["id"])
        .or_else(|| text(&vc["issuer"]))
        .or_else(|| text(&result["issuer"]))
        .unwrap_or_default();
    let holder = match text(&subject["id"]) {
        Some(did) => format!("<code>{}</code>", esc(&did)),
        None => match subject["identifier"].as_array() {
            Some(ids) if !ids.is_empty() => {
                let kinds: Vec<String> = ids
                    .iter()
                    .filter_map(|i| i["identityType"].as_str())
                    .map(esc)
                    .collect();
                format!("{} ({})", l.t("verify-hashed"), kinds.join(", "))
            }
            _ => l.t("verify-unnamed").to_owned(),
        },
    };
    let eqf = achievement["alignment"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["targetType"] == "ext:EQFLevel"))
        .and_then(|x| text(&x["targetCode"]));
    let points = text(&subject["creditsEarned"]).or_else(|| text(&achievement["creditsAvailable"]));
    let mut facts = vec![
        (l.t("verify-kind"), esc(kind)),
        (
            l.t("verify-issuer"),
            match &issuer_name {
                Some(n) => format!("{} <code>{}</code>", esc(n), esc(&issuer_id)),
                None => format!("<code>{}</code>", esc(&issuer_id)),
            },
        ),
        (l.t("verify-holder"), holder),
    ];
    if let Some(p) = points {
        facts.push((l.t("verify-ecvet"), esc(&l.number(&p))));
    }
    if let Some(level) = eqf {
        facts.push((l.t("verify-eqf"), esc(&level)));
    }
    if let Some(d) = day(&vc["awardedDate"]) {
        facts.push((l.t("verify-awarded"), esc(&d)));
    }
    if let Some(d) = day(&vc["validFrom"]) {
        facts.push((l.t("verify-valid_from"), esc(&d)));
    }
    facts.push((
        l.t("verify-valid_until"),
        day(&vc["validUntil"])
            .map(|d| esc(&d))
            .unwrap_or_else(|| l.t("verify-no_end").to_owned()),
    ));
    if let Some(units) = vc["credentialSubject"]["verifiableCredential"].as_array() {
        facts.push((l.t("verify-contains"), units.len().to_string()));
    }
    (title, facts)
}

/// The facts a card shows: its title, and the rows of what the credential says.
type Facts = (String, Vec<(&'static str, String)>);

/// A sealed European Digital Credential's payload, read without checking the seal (the
/// checks say whether it holds).
fn sealed_payload(item: &Value) -> Option<Value> {
    if !crate::europass::seal::is_sealed(item) {
        return None;
    }
    let opened = crate::europass::seal::parse(item).ok()?;
    serde_json::from_slice(&opened.payload).ok()
}

/// What an EDC says, in the page's language where the credential has it.
fn edc_facts(l: Lang, edc: &Value, result: &Value) -> Facts {
    use crate::europass::read;
    let lang = l.code();
    let spec = read::specification(edc);
    let qualification = spec
        .and_then(|s| s.get("isPartialQualification"))
        .and_then(Value::as_bool)
        == Some(false);
    let kind = if qualification {
        l.t("kind-qualification")
    } else {
        l.t("kind-unit")
    };
    let title = read::claim(edc)
        .and_then(|c| read::text_in(c.get("title"), lang))
        .unwrap_or_else(|| l.t("verify-untitled").to_owned());
    let mut facts = vec![
        (
            l.t("verify-kind"),
            format!("{} · {}", esc(kind), esc(l.t("kind-edc"))),
        ),
        (
            l.t("verify-issuer"),
            format!(
                "{} <code>{}</code>",
                esc(&read::issuer_name(edc, lang).unwrap_or_default()),
                esc(result["issuer"].as_str().unwrap_or_default())
            ),
        ),
        (
            l.t("verify-learner"),
            esc(&read::learner_name(edc, lang).unwrap_or_else(|| l.t("verify-unnamed").to_owned())),
        ),
    ];
    if let Some(p) = read::ecvet_points(edc) {
        let p = crate::domain::credential::format_points(p);
        facts.push((l.t("verify-ecvet"), esc(&l.number(&p))));
    }
    if let Some(level) = read::eqf_level(edc) {
        facts.push((l.t("verify-eqf"), level.to_string()));
    }
    if let Some(d) = day(&edc["validFrom"]) {
        facts.push((l.t("verify-valid_from"), esc(&d)));
    }
    let until = day(&edc["validUntil"]).or_else(|| day(&edc["expirationDate"]));
    facts.push((
        l.t("verify-valid_until"),
        until
            .map(|d| esc(&d))
            .unwrap_or_else(|| l.t("verify-no_end").to_owned()),
    ));
    if let Some(subject) = result["seal"]["certificate"]["subject"].as_str() {
        facts.push((
            l.t("verify-seal"),
            format!(
                "{} · <code>{}</code>",
                esc(result["seal"]["alg"].as_str().unwrap_or_default()),
                esc(subject)
            ),
        ));
    }
    (title, facts)
}

/// A verified (or not) credential as a card: what it says, then each check.
pub fn card(l: Lang, item: &Value, result: &Value) -> String {
    let edc = sealed_payload(item);
    let (title, facts) = match &edc {
        Some(edc) => edc_facts(l, edc, result),
        None => ob_facts(l, item, result),
    };
    // An EDC's checks are named in Europass's terms (seal, certificate, ELM structure).
    let check_name = |name: &str| match l.t_opt(&format!("check-edc-{name}")) {
        Some(text) if edc.is_some() => text.to_owned(),
        _ => l.check(name),
    };
    let dl: String = facts
        .iter()
        .map(|(k, v)| format!("<dt>{k}</dt><dd>{v}</dd>"))
        .collect();

    let verified = result["verified"] == true;
    let checks = result["checks"].as_array().cloned().unwrap_or_default();
    let warned = checks.iter().any(|c| c["status"] == "warning");
    let verdict = if !verified {
        // Name the failed check in the page's language; the API's title otherwise.
        let what = checks
            .iter()
            .find(|c| c["status"] == "failed")
            .and_then(|c| c["check"].as_str())
            .map(check_name)
            .unwrap_or_else(|| esc(result["title"].as_str().unwrap_or_default()));
        format!(
            r#"<p class="verdict fail">✗ {} — {} {what}</p>"#,
            l.t("verdict-fail"),
            l.t("verdict-failed_check"),
        )
    } else if warned {
        format!(r#"<p class="verdict warn">! {}</p>"#, l.t("verdict-warn"))
    } else {
        format!(r#"<p class="verdict ok">✓ {}</p>"#, l.t("verdict-ok"))
    };
    let rows: String = checks
        .iter()
        .map(|c| {
            let (status, mark, label) = state_of(l, c["status"].as_str());
            let name = c["check"].as_str().unwrap_or_default();
            format!(
                r#"<li class="check {status}" data-check="{name}"><span class="mark" aria-hidden="true">{mark}</span> <strong>{}</strong> <span class="state">{label}</span><br><span class="detail">{}</span></li>"#,
                check_name(name),
                esc(&detail(l, c)),
            )
        })
        .collect();
    let problem = if verified {
        String::new()
    } else {
        format!(
            r#"<p class="detail">{} <code>{}</code></p><p class="notice error">{}</p>"#,
            esc(&detail(l, result)),
            esc(result["code"].as_str().unwrap_or_default()),
            l.t("verify-unproven"),
        )
    };
    let state = if !verified {
        "fail"
    } else if warned {
        "warn"
    } else {
        "ok"
    };
    format!(
        r#"<article class="credential {state}" data-verified="{verified}">
<h2>{title}</h2>{verdict}{problem}
<dl class="facts">{dl}</dl>
<h3>{checks_title}</h3>
<ul class="checks">{rows}</ul>{parts}
</article>"#,
        title = esc(&title),
        checks_title = l.t("verify-checks"),
        parts = parts(l, result),
    )
}

/// A check's (or part's, or the problem's) detail in the page's language, from its message;
/// the API's English words when it has none.
fn detail(l: Lang, item: &Value) -> String {
    match Message::from_json(&item["message"]) {
        Some(m) => m.text(l),
        None => item["detail"].as_str().unwrap_or_default().to_owned(),
    }
}

/// A check's (or part's) state: CSS class, symbol and words, so that it never rests on colour
/// alone. Anything but passed, failed or warning shows as not checked.
fn state_of(l: Lang, status: Option<&str>) -> (&'static str, &'static str, &'static str) {
    match status {
        Some("passed") => ("passed", "✓", l.t("state-passed")),
        Some("failed") => ("failed", "✗", l.t("state-failed")),
        Some("warning") => ("warning", "!", l.t("state-warning")),
        _ => ("skipped", "–", l.t("state-skipped")),
    }
}

/// A qualification's parts: each unit credential it references, and what checking it gave.
fn parts(l: Lang, result: &Value) -> String {
    let Some(parts) = result["parts"].as_array().filter(|p| !p.is_empty()) else {
        return String::new();
    };
    let rows: String = parts
        .iter()
        .map(|p| {
            // `unavailable` (no copy to check) shows as not checked.
            let (status, mark, label) = state_of(l, p["status"].as_str());
            let source = match p["source"].as_str() {
                Some("recognised") => format!(" · {}", l.t("unit-recognised")),
                _ => String::new(),
            };
            format!(
                r#"<li class="check {status}"><span class="mark" aria-hidden="true">{mark}</span> <code>{}</code>{source} <span class="state">{label}</span><br><span class="detail">{}</span></li>"#,
                esc(p["id"].as_str().unwrap_or_default()),
                esc(&detail(l, p)),
            )
        })
        .collect();
    format!(
        r#"<h3>{}</h3><ul class="checks parts">{rows}</ul>"#,
        l.t("check-parts")
    )
}
