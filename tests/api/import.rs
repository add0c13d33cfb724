use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

async fn learner_with_ref(app: &TestApp, p: &Provider, given: &str, reference: &str) -> String {
    let r = app
        .post(
            &p.token,
            "/v1/learners",
            &json!({"given_name": given, "family_name": "Test", "external_ref": reference}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let body: Value = r.json().await.unwrap();
    body["learner"]["id"].as_str().unwrap().into()
}

async fn import(app: &TestApp, p: &Provider, media_type: &str, body: &str) -> (StatusCode, Value) {
    let r = app
        .http
        .post(app.url("/v1/assessments/import"))
        .bearer_auth(&p.token)
        .header("content-type", media_type)
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap())
}

async fn credentials_of(app: &TestApp, p: &Provider, learner: &str) -> Vec<Value> {
    let body: Value = app
        .get(&p.token, &format!("/v1/credentials?learner_id={learner}"))
        .await
        .json()
        .await
        .unwrap();
    body["credentials"].as_array().unwrap().clone()
}

fn error_at(report: &Value, row: u64) -> &Value {
    report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["row"] == row)
        .unwrap_or_else(|| panic!("no error reported for row {row}: {report}"))
}

#[tokio::test]
async fn csv_import_keeps_good_rows_reports_bad_ones_and_is_safe_to_rerun() {
    let app = spawn_app().await;
    let (p, _) = school(&app, "ecole-a").await;
    let amina = learner_with_ref(&app, &p, "Amina", "MAT-001").await;
    let bruno = learner_with_ref(&app, &p, "Bruno", "MAT-002").await;
    // Semicolons, as a spreadsheet set to French exports them. Line 1 is the header.
    let file = format!(
        "learner;profile;version;unit;assessed_on;outcome;assessor;remediation_note\n\
         MAT-001;MECA;1;UAA1;2026-06-01;not_validated;M. Jury;Revoir la vidange\n\
         MAT-001;MECA;1;UAA1;2026-06-20;validated;M. Jury;\n\
         MAT-001;MECA;1;UAA2;2026-06-20;validated;M. Jury;\n\
         MAT-999;MECA;1;UAA1;2026-06-20;validated;M. Jury;\n\
         {bruno};MECA;1;UAA9;2026-06-20;validated;M. Jury;\n\
         {bruno};MECA;1;UAA1;2026-06-20;passed;M. Jury;\n\
         {bruno};MECA;1;UAA1;2026-13-01;validated;M. Jury;\n\
         {bruno};MECA;1;UAA1;2026-06-21;validated;M. Jury;\n\
         MAT-001;MECA;1;SAFE;2026-06-22;validated;M. Jury;\n"
    );
    let (status, report) = import(&app, &p, "text/csv; charset=utf-8", &file).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["rows"], 9);
    assert_eq!(report["recorded"], 5);
    assert_eq!(report["rejected"], 4);
    assert_eq!(report["credentials_issued"], 4);
    assert_eq!(report["qualifications_issued"], 1);
    assert_eq!(error_at(&report, 5)["field"], "learner");
    assert!(
        error_at(&report, 5)["message"]
            .as_str()
            .unwrap()
            .contains("MAT-999")
    );
    assert_eq!(error_at(&report, 6)["field"], "unit");
    assert_eq!(error_at(&report, 7)["field"], "outcome");
    assert_eq!(error_at(&report, 8)["field"], "assessed_on");

    // Amina: three unit credentials and the qualification, exactly once.
    let creds = credentials_of(&app, &p, &amina).await;
    assert_eq!(creds.len(), 4, "{creds:?}");
    let qualification = creds.iter().find(|c| c["kind"] == "qualification").unwrap();
    let id = qualification["id"].as_str().unwrap();
    let vc: Value = serde_json::from_str(&app.credential_text(&p, id, "di-rdfc").await).unwrap();
    let (status, verdict) = app.verify(vc).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(verdict["verified"], true, "{verdict}");
    // The failed attempt is on record with its remediation note.
    let history: Value = app
        .get(&p.token, &format!("/v1/learners/{amina}/assessments"))
        .await
        .json()
        .await
        .unwrap();
    let history = history["assessments"].as_array().unwrap();
    assert_eq!(history.len(), 4);
    assert!(
        history.iter().any(
            |a| a["outcome"] == "not_validated" && a["remediation_note"] == "Revoir la vidange"
        )
    );
    assert_eq!(credentials_of(&app, &p, &bruno).await.len(), 1);

    // The same file again: nothing recorded, nothing issued, the same rows rejected.
    let (status, again) = import(&app, &p, "text/csv", &file).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["recorded"], 0);
    assert_eq!(again["already_recorded"], 5);
    assert_eq!(again["rejected"], 4);
    assert_eq!(again["credentials_issued"], 0);
    assert_eq!(again["qualifications_issued"], 0);
    assert_eq!(credentials_of(&app, &p, &amina).await.len(), 4);
    assert_eq!(credentials_of(&app, &p, &bruno).await.len(), 1);
}

#[tokio::test]
async fn json_import_opens_a_jury_award_and_counts_units_already_held() {
    let app = spawn_app().await;
    let p = app.create_provider("ecole-b").await;
    let mut prof = profile();
    prof["award"] = json!("jury");
    app.create_profile(&p, &prof).await;
    let learner = app.create_learner(&p, "Chloé").await;
    // One unit validated through the single-assessment API before the file arrives.
    issue_one(&app, &p, &learner, "UAA1").await;
    let rows = json!([
        {"learner": learner, "profile": "MECA", "version": 1, "unit": "UAA1",
         "assessed_on": "2026-06-29", "outcome": "validated", "assessor": "Mme Jury"},
        {"learner": learner, "profile": "MECA", "version": "1", "unit": "UAA2",
         "assessed_on": "2026-06-29", "outcome": "validated", "assessor": "Mme Jury",
         "assessment_type": "practical"},
        {"learner": learner, "profile": "MECA", "version": 1, "unit": "SAFE",
         "assessed_on": "2026-06-29", "outcome": "validated", "assessor": "Mme Jury"},
        {"learner": learner, "profile": "MECA", "version": 1, "unit": "SAFE",
         "assessed_on": "2026-06-29", "outcome": "validated", "assessor": "Mme Jury", "grade": "A"}
    ]);
    let (status, report) = import(&app, &p, "application/json", &rows.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["recorded"], 3, "{report}");
    // A second validation of a unit already held is recorded but issues nothing new.
    assert_eq!(report["credentials_issued"], 2);
    assert_eq!(report["qualifications_issued"], 0);
    assert_eq!(report["awards_pending"], 1);
    assert_eq!(report["rejected"], 1);
    assert_eq!(error_at(&report, 4)["field"], "grade");

    let awards: Value = app
        .get(&p.token, "/v1/awards?status=pending")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(awards["awards"].as_array().unwrap().len(), 1);
    assert_eq!(credentials_of(&app, &p, &learner).await.len(), 3);
}

#[tokio::test]
async fn import_refuses_what_it_cannot_read() {
    let app = spawn_app().await;
    let (p, _) = school(&app, "ecole-c").await;
    let (status, body) = import(&app, &p, "text/plain", "learner,unit\n").await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(body["code"], "unsupported_media_type");

    let (status, body) = import(&app, &p, "text/csv", "learner,profile,unit\nA,B,C\n").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.to_string().contains("missing column"), "{body}");

    let (status, _) = import(&app, &p, "application/json", "{\"rows\": []}").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let r = app
        .http
        .post(app.url("/v1/assessments/import"))
        .header("content-type", "text/csv")
        .body("learner\n")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    // Larger than the general body limit, within the import limit: accepted.
    let mut big = String::from("learner,profile,version,unit,assessed_on,outcome,assessor\n");
    while big.len() < 300 * 1024 {
        big.push_str("MAT-404,MECA,1,UAA1,2026-06-01,validated,M. Jury\n");
    }
    let (status, report) = import(&app, &p, "text/csv", &big).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(report["recorded"], 0);
    assert_eq!(report["rejected"], report["rows"]);
}

#[tokio::test]
async fn import_results_and_progress_on_the_command_line() {
    let app = spawn_app().await;
    let (p, _) = school(&app, "ecole-cli").await;
    let learner = learner_with_ref(&app, &p, "Dana", "MAT-7").await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cohorte.csv");
    std::fs::write(
        &file,
        "learner,profile,version,unit,assessed_on,outcome,assessor,remediation_note\n\
         MAT-7,MECA,1,UAA1,2026-06-01,not_validated,M. Jury,Revoir la vidange\n\
         MAT-7,MECA,1,UAA2,2026-06-02,validated,M. Jury,\n\
         MAT-7,MECA,1,SAFE,2026-06-03,validated,M. Jury,\n\
         MAT-8,MECA,1,SAFE,2026-06-03,validated,M. Jury,\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let out = app.cli(&["import-results", path, "--provider", "ecole-cli", "--json"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    // A rejected row makes the command fail (exit 2) after importing the good ones.
    assert_eq!(
        out.status.code(),
        Some(2),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["recorded"], 3);
    assert_eq!(report["credentials_issued"], 2);
    assert_eq!(error_at(&report, 5)["field"], "learner");
    assert!(String::from_utf8_lossy(&out.stderr).contains("3/3 rows written"));
    assert_eq!(credentials_of(&app, &p, &learner).await.len(), 2);

    let out = app.cli(&["import-results", path, "--provider", "ecole-cli"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("4 rows: 0 recorded, 3 already recorded, 1 rejected"),
        "{stdout}"
    );
    assert!(stdout.contains("row 5: learner:"), "{stdout}");

    let out = app.cli(&["progress", "MAT-7", "--provider", "ecole-cli"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("UAA1") && stdout.contains("remediation"),
        "{stdout}"
    );
    let out = app.cli(&[
        "progress",
        "MAT-7",
        "--provider",
        "ecole-cli",
        "--profile",
        "MECA",
        "--version",
        "1",
        "--json",
    ]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let q = &doc["qualifications"][0];
    assert_eq!(q["ecvet_points_earned"], 14.5);
    assert_eq!(q["rule"]["missing_mandatory"], json!(["UAA1"]));

    let out = app.cli(&["progress", "MAT-404", "--provider", "ecole-cli"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("MAT-404"));
}

#[tokio::test]
async fn import_completes_qualifications_across_versions_and_choice_groups() {
    let app = spawn_app().await;
    let p = app.create_provider("ecole-d").await;
    let mut v1 = profile();
    v1["choice_groups"] = json!([{"name": "Options", "min": 1, "units": ["UAA2", "SAFE"]}]);
    app.create_profile(&p, &v1).await;
    // Started under v1 before the file: UAA1 held.
    let early = learner_with_ref(&app, &p, "Elise", "MAT-E").await;
    let v1_unit = issue_one(&app, &p, &early, "UAA1").await;
    // v2 renames UAA1 to UAA1B and counts the old UAA1 for it.
    let mut v2 = v1.clone();
    v2["version"] = json!(2);
    v2["units"][0]["code"] = json!("UAA1B");
    v2["equivalences"] = json!([{"from_version": 1, "from_unit": "UAA1", "unit": "UAA1B"}]);
    app.create_profile(&p, &v2).await;
    let fresh = learner_with_ref(&app, &p, "Farid", "MAT-F").await;
    let file = "learner,profile,version,unit,assessed_on,outcome,assessor\n\
                MAT-E,MECA,2,SAFE,2026-06-20,validated,M. Jury\n\
                MAT-F,MECA,2,UAA1B,2026-06-20,validated,M. Jury\n\
                MAT-F,MECA,2,UAA2,2026-06-21,not_validated,M. Jury\n\
                MAT-F,MECA,2,UAA2,2026-06-28,not_validated,M. Jury\n";
    let (status, report) = import(&app, &p, "text/csv", file).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["credentials_issued"], 2);
    // Elise: old UAA1 by equivalence plus the SAFE option. Farid: no option validated yet.
    assert_eq!(report["qualifications_issued"], 1, "{report}");
    let creds = credentials_of(&app, &p, &early).await;
    let q = creds.iter().find(|c| c["kind"] == "qualification").unwrap();
    let vc: Value = serde_json::from_str(
        &app.credential_text(&p, q["id"].as_str().unwrap(), "di-rdfc")
            .await,
    )
    .unwrap();
    let related: Vec<&str> = vc["relatedResource"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(
        related.contains(&format!("urn:uuid:{v1_unit}").as_str()),
        "{vc}"
    );
    let (status, verdict) = app.verify(vc).await;
    assert_eq!(status, StatusCode::OK, "{verdict}");
    assert!(
        verdict["parts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["status"] == "passed"),
        "{verdict}"
    );
    let progress: Value = app
        .get(
            &p.token,
            &format!("/v1/learners/{fresh}/progress?profile_code=MECA&profile_version=2"),
        )
        .await
        .json()
        .await
        .unwrap();
    // UAA1B (10) and the lighter option, SAFE (2); UAA2 (12.5) is the other option.
    assert_eq!(progress["qualifications"][0]["ecvet_points_required"], 12.0);
    assert_eq!(progress["qualifications"][0]["ecvet_points_total"], 24.5);
    let uaa2 = progress["qualifications"][0]["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit_code"] == "UAA2")
        .unwrap()
        .clone();
    assert_eq!(uaa2["status"], "remediation");
    assert_eq!(uaa2["failed_attempts"], 2);

    // The option arrives in a second file: the qualification follows. Elise's extra option
    // is a unit credential, not a second qualification.
    let (_, report) = import(
        &app,
        &p,
        "text/csv",
        "learner,profile,version,unit,assessed_on,outcome,assessor\n\
         MAT-F,MECA,2,SAFE,2026-06-29,validated,M. Jury\n\
         MAT-E,MECA,2,UAA2,2026-06-29,validated,M. Jury\n",
    )
    .await;
    assert_eq!(report["credentials_issued"], 2, "{report}");
    assert_eq!(report["qualifications_issued"], 1, "{report}");
    let kinds: Vec<Value> = credentials_of(&app, &p, &early)
        .await
        .into_iter()
        .map(|c| c["kind"].clone())
        .collect();
    assert_eq!(kinds.iter().filter(|k| *k == "qualification").count(), 1);
    assert_eq!(credentials_of(&app, &p, &fresh).await.len(), 3);
}

#[tokio::test]
async fn a_file_of_several_chunks_in_unit_order_issues_everything_once() {
    let app = spawn_app().await;
    let p = app.create_provider("ecole-lot").await;
    app.create_profile(&p, &profile()).await;
    // Enough learners for several write transactions (about 500 rows each), the file sorted
    // by unit rather than by learner, with a failed first attempt before some validations.
    let learners = 190;
    for i in 0..learners {
        learner_with_ref(&app, &p, &format!("L{i}"), &format!("LOT-{i:03}")).await;
    }
    let mut file = String::from("learner,profile,version,unit,assessed_on,outcome,assessor\n");
    for unit in ["UAA1", "UAA2", "SAFE"] {
        for i in 0..learners {
            if i % 7 == 0 {
                file.push_str(&format!(
                    "LOT-{i:03},MECA,1,{unit},2026-06-01,not_validated,Jury\n"
                ));
            }
            file.push_str(&format!(
                "LOT-{i:03},MECA,1,{unit},2026-06-20,validated,Jury\n"
            ));
        }
    }
    let rows = file.lines().count() - 1;
    assert!(rows > 600, "{rows} rows");
    let (status, report) = import(&app, &p, "text/csv", &file).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["rejected"], 0, "{report}");
    assert_eq!(report["recorded"], rows);
    assert_eq!(report["credentials_issued"], learners * 3);
    assert_eq!(report["qualifications_issued"], learners);

    let all: Value = app
        .get(&p.token, "/v1/credentials")
        .await
        .json()
        .await
        .unwrap();
    let all = all["credentials"].as_array().unwrap();
    assert_eq!(all.len(), learners * 4);
    let mut held: Vec<(String, String)> = all
        .iter()
        .map(|c| {
            let what = c["unit_id"].as_str().or(c["kind"].as_str()).unwrap();
            (c["learner_id"].to_string(), what.to_owned())
        })
        .collect();
    held.sort();
    held.dedup();
    assert_eq!(
        held.len(),
        learners * 4,
        "one credential per learner and unit"
    );
    let log: Value = app.get(&p.token, "/v1/audit").await.json().await.unwrap();
    assert_eq!(log["intact"], true);

    let (status, again) = import(&app, &p, "text/csv", &file).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["recorded"], 0);
    assert_eq!(again["already_recorded"], rows);
    assert_eq!(again["credentials_issued"], 0);
    assert_eq!(again["qualifications_issued"], 0);
}
