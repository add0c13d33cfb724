//! How commands print what they did: import reports and progress, offline verification.

use super::*;

pub(super) fn print_offline(report: &serde_json::Value, json: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(report)?);
        return Ok(());
    }
    for p in report["problems"].as_array().into_iter().flatten() {
        println!("PROBLEM {}", p.as_str().unwrap_or_default());
    }
    for i in report["items"].as_array().into_iter().flatten() {
        if i["verified"] == true {
            println!("ok      {}", i["file"].as_str().unwrap_or_default());
        } else {
            println!(
                "FAILED  {}: {} ({})",
                i["file"].as_str().unwrap_or_default(),
                i["code"].as_str().unwrap_or_default(),
                i["detail"].as_str().unwrap_or_default()
            );
        }
    }
    if let Some(taken) = report["status_snapshot"]["taken_at"].as_str() {
        println!(
            "status as of {taken} ({} days before this check)",
            report["status_snapshot"]["age_days"]
        );
    }
    if let Some(note) = report["note"].as_str() {
        println!("{note}");
    }
    let ok = report["problems"].as_array().is_none_or(Vec::is_empty)
        && report["items"]
            .as_array()
            .is_some_and(|a| a.iter().all(|i| i["verified"] == true));
    println!("{}", if ok { "verified" } else { "NOT verified" });
    Ok(())
}

pub(super) fn show_progress(p: Progress) {
    let pct = (p.written * 100).checked_div(p.total).unwrap_or(100);
    let line = format!(
        "  {}/{} rows written ({pct}%), {} unit credentials issued",
        p.written, p.total, p.credentials_issued
    );
    if std::io::stderr().is_terminal() {
        eprint!("\r{line}");
    } else {
        eprintln!("{line}");
    }
}

pub(super) fn print_import_report(r: &ImportReport) {
    println!(
        "{} rows: {} recorded, {} already recorded, {} rejected",
        r.rows, r.recorded, r.already_recorded, r.rejected
    );
    println!(
        "issued: {} unit credentials, {} qualification credentials; {} awards wait for the jury",
        r.credentials_issued, r.qualifications_issued, r.awards_pending
    );
    let rate = if r.seconds > 0.0 {
        r.credentials_issued as f64 / r.seconds
    } else {
        0.0
    };
    println!("{:.2} s ({rate:.0} unit credentials/s)", r.seconds);
    const SHOWN: usize = 50;
    for e in r.errors.iter().take(SHOWN) {
        match &e.field {
            Some(f) => println!("  row {}: {f}: {}", e.row, e.message),
            None => println!("  row {}: {}", e.row, e.message),
        }
    }
    if r.errors.len() > SHOWN {
        println!("  … {} more (use --json for all)", r.errors.len() - SHOWN);
    }
}

pub(super) fn print_progress(doc: &serde_json::Value) {
    let quals = doc["qualifications"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    if quals.is_empty() {
        println!("no qualification started");
    }
    for q in quals {
        let units = q["units"].as_array().cloned().unwrap_or_default();
        let done = units
            .iter()
            .filter(|u| u["status"] == "validated" || u["status"] == "recognised")
            .count();
        println!(
            "{} v{}: {done}/{} units validated, {} of {} ECVET points required ({} offered){}",
            q["profile_code"].as_str().unwrap_or_default(),
            q["profile_version"],
            units.len(),
            q["ecvet_points_earned"],
            q["ecvet_points_required"],
            q["ecvet_points_total"],
            if q["rule"]["satisfied"] == true {
                " — rule satisfied"
            } else {
                ""
            }
        );
        for u in &units {
            let detail = match u["status"].as_str() {
                Some("validated") => format!(
                    "credential {}{}",
                    u["credential_id"].as_str().unwrap_or_default(),
                    if u["via"] == "equivalence" {
                        " (earlier version, by equivalence)"
                    } else {
                        ""
                    }
                ),
                Some("recognised") => format!(
                    "credential {}, recognising {}",
                    u["credential_id"].as_str().unwrap_or_default(),
                    u["recognised_from"].as_str().unwrap_or_default()
                ),
                Some("remediation") => format!(
                    "{} failed attempt(s){}",
                    u["failed_attempts"],
                    u["remediation_note"]
                        .as_str()
                        .map(|n| format!(": {n}"))
                        .unwrap_or_default()
                ),
                _ => String::new(),
            };
            println!(
                "  {:<10} {:<11} {:>5} pts  {detail}",
                u["unit_code"].as_str().unwrap_or_default(),
                u["status"].as_str().unwrap_or_default(),
                u["ecvet_points"],
            );
        }
        let missing: Vec<&str> = q["rule"]["missing_mandatory"]
            .as_array()
            .map(|m| m.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        if !missing.is_empty() {
            println!("  missing mandatory units: {}", missing.join(", "));
        }
        for g in q["rule"]["groups"].as_array().cloned().unwrap_or_default() {
            let got = g["validated"].as_array().map_or(0, Vec::len);
            println!(
                "  choice group {}: {got} of at least {} validated",
                g["name"].as_str().unwrap_or_default(),
                g["min"]
            );
        }
        if let Some(status) = q["award"]["status"].as_str() {
            let extra = q["award"]["credential_id"]
                .as_str()
                .map(|c| format!(" (credential {c})"))
                .or_else(|| q["award"]["reason"].as_str().map(|r| format!(": {r}")))
                .unwrap_or_default();
            println!("  award: {status}{extra}");
        }
    }
}
