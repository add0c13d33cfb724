//! The human-readable transcript of a learner's record (ECVET "personal transcript"): units,
//! ECVET points, EQF level, issuer and dates, in the learner's language (fr, nl, de, en).

use serde_json::Value;
use time::OffsetDateTime;

use crate::clock::format_utc;
use crate::domain::learner::Learner;
use crate::domain::provider::Provider;

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
}

/// Labels, in the order: title, learner, issuer, record of, unit, qualification, points,
/// EQF, issued, status, file, active, suspended, revoked, snapshot, offline.
fn labels(lang: &str) -> [&'static str; 16] {
    match lang {
        "nl" => [
            "Persoonlijk overzicht van leerresultaten",
            "Lerende",
            "Uitgever",
            "Stand op",
            "Eenheid",
            "Kwalificatie",
            "ECVET-punten",
            "EQF-niveau",
            "Uitgereikt",
            "Status",
            "Bestand (SHA-256)",
            "geldig",
            "geschorst",
            "ingetrokken",
            "Statuslijsten opgehaald op",
            "Elk bestand in deze bundel is ondertekend en offline te verifiëren: unitcred verify BUNDEL.zip",
        ],
        "de" => [
            "Persönliche Aufstellung der Lernergebnisse",
            "Lernende Person",
            "Aussteller",
            "Stand vom",
            "Einheit",
            "Qualifikation",
            "ECVET-Punkte",
            "EQR-Niveau",
            "Ausgestellt",
            "Status",
            "Datei (SHA-256)",
            "gültig",
            "ausgesetzt",
            "widerrufen",
            "Statuslisten abgerufen am",
            "Jede Datei dieses Pakets ist signiert und offline prüfbar: unitcred verify PAKET.zip",
        ],
        "en" => [
            "Personal transcript of learning outcomes",
            "Learner",
            "Issuer",
            "Record as of",
            "Unit",
            "Qualification",
            "ECVET points",
            "EQF level",
            "Issued",
            "Status",
            "File (SHA-256)",
            "valid",
            "suspended",
            "revoked",
            "Status lists taken on",
            "Every file of this bundle is signed and can be verified offline: unitcred verify BUNDLE.zip",
        ],
        _ => [
            "Relevé personnel des acquis d'apprentissage",
            "Apprenant·e",
            "Émetteur",
            "Situation au",
            "Unité",
            "Certification",
            "Points ECVET",
            "Niveau CEC",
            "Délivré le",
            "Statut",
            "Fichier (SHA-256)",
            "valide",
            "suspendu",
            "révoqué",
            "Listes de statut relevées le",
            "Chaque fichier de ce paquet est signé et vérifiable hors ligne : unitcred verify PAQUET.zip",
        ],
    }
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// What the transcript shows of one credential.
pub struct Row {
    pub kind_is_unit: bool,
    pub code: String,
    pub name: String,
    pub points: String,
    pub eqf: String,
    pub awarded: String,
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
    Row {
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
    let mut rows = String::new();
    for line in &t.credentials {
        let r = row(line.credential);
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{} {}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td><code>{}</code><br><code class=\"h\">{}</code></td></tr>\n",
            if r.kind_is_unit { l[4] } else { l[5] },
            escape(&r.code),
            escape(&r.name),
            escape(&r.points),
            escape(&r.eqf),
            escape(&r.awarded),
            status(line.status),
            escape(&line.file),
            escape(&line.sha256),
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
