//! The human-readable transcript of a learner's record (ECVET "personal transcript"): units,
//! ECVET points, EQF level, issuer and dates, in the learner's language (fr, nl, de, en).

pub mod pdf;

use crate::support::i18n::Lang;
use serde_json::Value;
use time::OffsetDateTime;

use crate::domain::learner::Learner;
use crate::domain::provider::Provider;
use crate::support::clock::format_utc;
use crate::support::html::escape;

pub struct Line<'a> {
    pub credential: &'a Value,
    pub status: &'a str,
    /// The credential's file in the bundle, and its SHA-256.
    pub file: String,
    pub sha256: String,
}

pub struct Transcript<'a> {
    pub lang: &'a str,
    pub learner: &'a Learner,
    pub provider: &'a Provider,
    pub credentials: Vec<Line<'a>>,
    pub record_time: OffsetDateTime,
    pub status_taken_at: Option<&'a str>,
    /// Base URL of the public verifier: a credential's QR code opens `{verify_base}/{uuid}`.
    pub verify_base: String,
}

/// Where a credential's QR code leads: the public verifier for it.
pub fn verify_url(base: &str, credential: &Value) -> Option<String> {
    let id = credential["id"].as_str()?.strip_prefix("urn:uuid:")?;
    Some(format!("{base}/{id}"))
}

/// Labels, in the order: title, learner, issuer, record of, unit, qualification, points,
/// EQF, issued, status, file, active, suspended, revoked, snapshot, offline, verify, page; in
/// French for a language the service does not speak.
fn labels(lang: &str) -> [&'static str; 18] {
    const KEYS: [&str; 18] = [
        "transcript-title",
        "transcript-learner",
        "transcript-issuer",
        "transcript-as_of",
        "transcript-unit",
        "transcript-qualification",
        "transcript-points",
        "transcript-eqf",
        "transcript-issued",
        "transcript-status",
        "transcript-file",
        "transcript-active",
        "transcript-suspended",
        "transcript-revoked",
        "transcript-snapshot",
        "transcript-offline",
        "transcript-verify",
        "transcript-page",
    ];
    let lang = Lang::parse(lang).unwrap_or(Lang::Fr);
    KEYS.map(|k| lang.t(k))
}

/// What the transcript shows of one credential.
pub struct Row {
    pub kind_is_unit: bool,
    pub code: String,
    pub name: String,
    pub points: String,
    pub eqf: String,
    pub awarded: String,
    /// How a unit was reached when not by the school's examination (`prior_learning`,
    /// `work_based`), as the credential says.
    pub route: Option<&'static str>,
}

pub fn row(credential: &Value) -> Row {
    let achievement = &credential["credentialSubject"]["achievement"];
    let eqf = achievement["alignment"]
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|al| al["targetType"] == "ext:EQFLevel")
                .and_then(|al| al["targetCode"].as_str())
        })
        .unwrap_or("")
        .to_owned();
    let points = match &credential["credentialSubject"]["creditsEarned"] {
        Value::Number(n) => crate::domain::credential::format_points(n.as_f64().unwrap_or(0.0)),
        _ => String::new(),
    };
    let non_formal = achievement["alignment"].as_array().is_some_and(|a| {
        a.iter().any(|al| {
            al["targetType"] == "ext:LearningSetting"
                && al["targetUrl"] == crate::domain::route::NON_FORMAL_URI
        })
    });
    let at_work = credential["evidence"].as_array().is_some_and(|e| {
        e.iter()
            .any(|x| x["genre"] == crate::domain::route::WORK_BASED_GENRE)
    });
    let route = match (non_formal, at_work) {
        (true, _) => Some("prior_learning"),
        (_, true) => Some("work_based"),
        _ => None,
    };
    Row {
        route,
        kind_is_unit: achievement["achievementType"] != "Certificate",
        code: achievement["humanCode"].as_str().unwrap_or("").to_owned(),
        name: achievement["name"].as_str().unwrap_or("").to_owned(),
        points,
        eqf,
        awarded: credential["awardedDate"]
            .as_str()
            .or(credential["validFrom"].as_str())
            .map(|d| d.chars().take(10).collect())
            .unwrap_or_default(),
    }
}

pub fn html(t: &Transcript<'_>) -> String {
    let l = labels(t.lang);
    let status = |s: &str| match s {
        "suspended" => l[12],
        "revoked" => l[13],
        _ => l[11],
    };
    let lang = Lang::parse(t.lang).unwrap_or(Lang::Fr);
    let mut rows = String::new();
    for line in &t.credentials {
        let r = row(line.credential);
        let route = r
            .route
            .map(|k| {
                format!(
                    "<br><small>{}</small>",
                    escape(lang.t(&format!("route-{k}")))
                )
            })
            .unwrap_or_default();
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{} {}{route}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td><code>{}</code><br><code class=\"h\">{}</code>{}</td></tr>\n",
            if r.kind_is_unit { l[4] } else { l[5] },
            escape(&r.code),
            escape(&r.name),
            escape(&r.points),
            escape(&r.eqf),
            escape(&r.awarded),
            status(line.status),
            escape(&line.file),
            escape(&line.sha256),
            verify_url(&t.verify_base, line.credential)
                .map(|u| format!("<br><a href=\"{}\">{}</a>", escape(&u), l[16]))
                .unwrap_or_default(),
        ));
    }
    let name = format!(
        "{} {}",
        t.learner.doc.given_name.trim(),
        t.learner.doc.family_name.trim()
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head><meta charset=\"utf-8\"><title>{title}</title>\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}}\
table{{border-collapse:collapse;width:100%}}th,td{{border-bottom:1px solid #ccc;padding:.4rem;text-align:left;vertical-align:top}}\
.n{{text-align:right}}.h{{font-size:.7rem;word-break:break-all;color:#555}}</style></head>\n<body>\n\
<h1>{title}</h1>\n<p>{l1}: <strong>{name}</strong><br>{l2}: {issuer} (<code>{did}</code>)<br>{l3}: {time}</p>\n\
<table>\n<thead><tr><th>{l4} / {l5}</th><th></th><th class=\"n\">{l6}</th><th class=\"n\">{l7}</th><th>{l8}</th><th>{l9}</th><th>{l10}</th></tr></thead>\n<tbody>\n{rows}</tbody></table>\n\
<p>{l14}: {snapshot}</p>\n<p>{l15}</p>\n</body></html>\n",
        lang = escape(t.lang),
        title = l[0],
        l1 = l[1],
        l2 = l[2],
        l3 = l[3],
        l4 = l[4],
        l5 = l[5],
        l6 = l[6],
        l7 = l[7],
        l8 = l[8],
        l9 = l[9],
        l10 = l[10],
        l14 = l[14],
        l15 = l[15],
        name = escape(&name),
        issuer = escape(&t.provider.name),
        did = escape(&t.provider.did),
        time = format_utc(t.record_time),
        snapshot = escape(t.status_taken_at.unwrap_or("-")),
    )
}

/// The transcript as a PDF: the same lines as the HTML, each credential with a QR code that
/// opens the public verifier for it.
pub fn pdf(t: &Transcript<'_>) -> Result<Vec<u8>, String> {
    use crate::services::transcript::pdf::{HEIGHT, Page, Pdf, WIDTH};
    let l = labels(t.lang);
    let lang = Lang::parse(t.lang).unwrap_or(Lang::Fr);
    let status = |s: &str| match s {
        "suspended" => l[12],
        "revoked" => l[13],
        _ => l[11],
    };
    let margin = 50.0;
    let mut pdf = Pdf::default();
    let mut page = Page::default();
    let mut number = 1;
    let name = format!(
        "{} {}",
        t.learner.doc.given_name.trim(),
        t.learner.doc.family_name.trim()
    );
    let header = |page: &mut Page, number: usize| -> f32 {
        page.text(margin, HEIGHT - 60.0, 16.0, true, l[0]);
        page.text(
            margin,
            HEIGHT - 80.0,
            10.0,
            false,
            &format!("{}: {name}", l[1]),
        );
        page.text(
            margin,
            HEIGHT - 94.0,
            10.0,
            false,
            &format!("{}: {} ({})", l[2], t.provider.name, t.provider.did),
        );
        page.text(
            margin,
            HEIGHT - 108.0,
            10.0,
            false,
            &format!("{}: {}", l[3], format_utc(t.record_time)),
        );
        page.text(
            WIDTH - margin - 40.0,
            30.0,
            8.0,
            false,
            &format!("{} {number}", l[17]),
        );
        page.rule(margin, HEIGHT - 118.0, WIDTH - 2.0 * margin);
        HEIGHT - 140.0
    };
    let mut y = header(&mut page, number);
    let block = 86.0;
    for line in &t.credentials {
        if y - block < 60.0 {
            pdf.add(std::mem::take(&mut page));
            number += 1;
            y = header(&mut page, number);
        }
        let r = row(line.credential);
        let kind = if r.kind_is_unit { l[4] } else { l[5] };
        page.text(
            margin,
            y,
            11.0,
            true,
            &format!("{kind} {} – {}", r.code, r.name),
        );
        page.text(
            margin,
            y - 15.0,
            9.0,
            false,
            &format!(
                "{}: {}   {}: {}   {}: {}   {}: {}{}",
                l[6],
                r.points,
                l[7],
                r.eqf,
                l[8],
                r.awarded,
                l[9],
                status(line.status),
                r.route
                    .map(|k| format!("   ({})", lang.t(&format!("route-{k}"))))
                    .unwrap_or_default()
            ),
        );
        // File and digest on lines of their own, clear of the QR code's quiet zone.
        page.text(margin, y - 28.0, 7.0, false, &line.file);
        page.text(
            margin,
            y - 37.0,
            7.0,
            false,
            &format!("SHA-256 {}", line.sha256),
        );
        if let Some(url) = verify_url(&t.verify_base, line.credential) {
            page.text(margin, y - 50.0, 8.0, false, &format!("{}: {url}", l[16]));
            // 2 pt per module: a 33-module symbol with its quiet zone is 82 pt wide, large
            // enough for a phone camera on paper.
            page.qr(WIDTH - margin - 82.0, y - 66.0, 2.0, &url)?;
        }
        page.rule(margin, y - 66.0, WIDTH - 2.0 * margin - 90.0);
        y -= block;
    }
    if y < 100.0 {
        pdf.add(std::mem::take(&mut page));
        number += 1;
        y = header(&mut page, number);
    }
    page.text(
        margin,
        y - 10.0,
        9.0,
        false,
        &format!("{}: {}", l[14], t.status_taken_at.unwrap_or("-")),
    );
    page.text(margin, y - 24.0, 8.0, false, l[15]);
    pdf.add(page);
    pdf.finish(l[0])
}
