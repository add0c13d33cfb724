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

/// A row of what a credential says: words, then an identifier set in code type.
struct Fact {
    label: &'static str,
    text: String,
    code: Option<String>,
}

impl Fact {
    fn text(label: &'static str, text: impl Into<String>) -> Self {
        Fact {
            label,
            text: text.into(),
            code: None,
        }
    }

    /// `text` ends with its separator from the code (a space, " · "), or is empty.
    fn code(label: &'static str, text: String, code: impl Into<String>) -> Self {
        Fact {
            label,
            text,
            code: Some(code.into()),
        }
    }
}

/// The facts a card shows: its title, and the rows of what the credential says.
type Facts = (String, Vec<Fact>);

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
    let holder = l.t("verify-holder");
    let holder = match text(&subject["id"]) {
        Some(did) => Fact::code(holder, String::new(), did),
        None => match subject["identifier"].as_array() {
            Some(ids) if !ids.is_empty() => {
                let kinds: Vec<&str> = ids
                    .iter()
                    .filter_map(|i| i["identityType"].as_str())
                    .collect();
                Fact::text(
                    holder,
                    format!("{} ({})", l.t("verify-hashed"), kinds.join(", ")),
                )
            }
            _ => Fact::text(holder, l.t("verify-unnamed")),
        },
    };
    let eqf = achievement["alignment"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["targetType"] == "ext:EQFLevel"))
        .and_then(|x| text(&x["targetCode"]));
    let points = text(&subject["creditsEarned"]).or_else(|| text(&achievement["creditsAvailable"]));
    let issuer_name = issuer_name.map(|n| format!("{n} ")).unwrap_or_default();
    let mut facts = vec![
        Fact::text(l.t("verify-kind"), kind),
        Fact::code(l.t("verify-issuer"), issuer_name, issuer_id),
        holder,
    ];
    if let Some(p) = points {
        facts.push(Fact::text(l.t("verify-ecvet"), l.number(&p)));
    }
    if let Some(level) = eqf {
        facts.push(Fact::text(l.t("verify-eqf"), level));
    }
    // How the unit was reached: the learning setting, and the route the evidence states
    // (a jury's validation of prior learning, a tutor's assessment at work), as written.
    let setting = achievement["alignment"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["targetType"] == "ext:LearningSetting"))
        .and_then(|x| x["targetUrl"].as_str());
    match setting {
        Some(crate::domain::route::NON_FORMAL_URI) => {
            facts.push(Fact::text(l.t("verify-setting"), l.t("setting-non_formal")))
        }
        Some(crate::domain::route::FORMAL_URI) => {
            facts.push(Fact::text(l.t("verify-setting"), l.t("setting-formal")))
        }
        _ => {}
    }
    if let Some(route) = vc["evidence"]
        .as_array()
        .and_then(|e| e.iter().find_map(|x| text(&x["narrative"])))
    {
        facts.push(Fact::text(l.t("verify-route"), route));
    }
    if let Some(d) = day(&vc["awardedDate"]) {
        facts.push(Fact::text(l.t("verify-awarded"), d));
    }
    if let Some(d) = day(&vc["validFrom"]) {
        facts.push(Fact::text(l.t("verify-valid_from"), d));
    }
    let until = day(&vc["validUntil"]).unwrap_or_else(|| l.t("verify-no_end").to_owned());
    facts.push(Fact::text(l.t("verify-valid_until"), until));
    if let Some(units) = vc["credentialSubject"]["verifiableCredential"].as_array() {
        facts.push(Fact::text(l.t("verify-contains"), units.len().to_string()));
    }
    (title, facts)
}

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
    let issuer = read::issuer_name(edc, lang).unwrap_or_default();
    let learner = read::learner_name(edc, lang).unwrap_or_else(|| l.t("verify-unnamed").to_owned());
    let mut facts = vec![
        Fact::text(l.t("verify-kind"), format!("{kind} · {}", l.t("kind-edc"))),
        Fact::code(
            l.t("verify-issuer"),
            format!("{issuer} "),
            result["issuer"].as_str().unwrap_or_default(),
        ),
        Fact::text(l.t("verify-learner"), learner),
    ];
    if let Some(p) = read::ecvet_points(edc) {
        let p = crate::domain::credential::format_points(p);
        facts.push(Fact::text(l.t("verify-ecvet"), l.number(&p)));
    }
    if let Some(level) = read::eqf_level(edc) {
        facts.push(Fact::text(l.t("verify-eqf"), level.to_string()));
    }
    if let Some(d) = day(&edc["validFrom"]) {
        facts.push(Fact::text(l.t("verify-valid_from"), d));
    }
    let until = day(&edc["validUntil"])
        .or_else(|| day(&edc["expirationDate"]))
        .unwrap_or_else(|| l.t("verify-no_end").to_owned());
    facts.push(Fact::text(l.t("verify-valid_until"), until));
    if let Some(subject) = result["seal"]["certificate"]["subject"].as_str() {
        let alg = result["seal"]["alg"].as_str().unwrap_or_default();
        facts.push(Fact::code(l.t("verify-seal"), format!("{alg} · "), subject));
    }
    (title, facts)
}

/// A check, or a qualification's part, with its state in words and symbol as well as colour.
struct Line {
    status: &'static str,
    mark: &'static str,
    label: &'static str,
    /// The check's name, or the part's id.
    name: String,
    /// The check's words, or where the part comes from.
    title: String,
    detail: String,
}

/// Why a credential is not proven, as the API said it.
struct Problem {
    detail: String,
    code: String,
}

#[derive(Template)]
#[template(path = "verifier/card.html")]
struct Card {
    l: Lang,
    /// `ok`, `warn` or `fail`.
    state: &'static str,
    verified: bool,
    title: String,
    /// The failed check, named.
    failed: String,
    problem: Option<Problem>,
    facts: Vec<Fact>,
    checks: Vec<Line>,
    parts: Vec<Line>,
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
    let verified = result["verified"] == true;
    let checks = result["checks"].as_array().cloned().unwrap_or_default();
    let warned = checks.iter().any(|c| c["status"] == "warning");
    // Name the failed check in the page's language; the API's title otherwise.
    let failed = checks
        .iter()
        .find(|c| c["status"] == "failed")
        .and_then(|c| c["check"].as_str())
        .map(check_name)
        .unwrap_or_else(|| result["title"].as_str().unwrap_or_default().to_owned());
    let checks = checks
        .iter()
        .map(|c| {
            let (status, mark, label) = state_of(l, c["status"].as_str());
            let name = c["check"].as_str().unwrap_or_default();
            Line {
                status,
                mark,
                label,
                name: name.to_owned(),
                title: check_name(name),
                detail: detail(l, c),
            }
        })
        .collect();
    let problem = (!verified).then(|| Problem {
        detail: detail(l, result),
        code: result["code"].as_str().unwrap_or_default().to_owned(),
    });
    let state = if !verified {
        "fail"
    } else if warned {
        "warn"
    } else {
        "ok"
    };
    render(&Card {
        l,
        state,
        verified,
        title,
        failed,
        problem,
        facts,
        checks,
        parts: parts(l, result),
    })
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
fn parts(l: Lang, result: &Value) -> Vec<Line> {
    let parts = result["parts"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    parts
        .iter()
        .map(|p| {
            // `unavailable` (no copy to check) shows as not checked.
            let (status, mark, label) = state_of(l, p["status"].as_str());
            let source = match p["source"].as_str() {
                Some("recognised") => format!(" · {}", l.t("unit-recognised")),
                _ => String::new(),
            };
            Line {
                status,
                mark,
                label,
                name: p["id"].as_str().unwrap_or_default().to_owned(),
                title: source,
                detail: detail(l, p),
            }
        })
        .collect()
}
