//! Europass output checked from outside, through the real HTTP API: school B recognises a
//! unit certified by school A, validates two more units, and so awards the qualification; a
//! second learner gets a unit by validation of prior learning and one from a company tutor.
//! The sealed EDCs of a unit, the recognition, the qualification and the two adults' routes
//! are then checked by
//! `tests/europass/check.py` with libraries unitcred does not use: pyshacl validates each EDC
//! against the shipped ELM shape (after JSON-LD expansion with the shipped contexts, never
//! fetched), jwcrypto verifies each seal from its `x5c` certificate alone, and changed copies
//! fail both. The Python part runs when pyshacl and jwcrypto are installed, and must run when
//! UNITCRED_EUROPASS=required (as in .ci/test, which installs them).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "api/helpers.rs"]
mod helpers;

use std::process::Command;

use reqwest::StatusCode;
use serde_json::{Value, json};

use helpers::{OPERATOR, issue_one, school, spawn_other_app};

const A_URL: &str = "https://school-a.example";
const B_URL: &str = "https://school-b.example";

fn python_ready() -> bool {
    Command::new("python3")
        .args(["-c", "import pyshacl, jwcrypto"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[tokio::test]
async fn edcs_of_a_unit_a_recognition_and_a_qualification_pass_shacl_and_a_foreign_jose_library() {
    let a = spawn_other_app(A_URL, vec![]).await;
    let b = spawn_other_app(
        B_URL,
        vec![(A_URL.trim_start_matches("https://").into(), a.base.clone())],
    )
    .await;
    let (pa, a_learner) = school(&a, "ecole-a").await;
    let foreign = issue_one(&a, &pa, &a_learner, "UAA1").await;
    let foreign = a.credential_text(&pa, &foreign, "di-rdfc").await;

    let (pb, b_learner) = school(&b, "ecole-b").await;
    b.install_seal(&pb, "VATBE-0987654321").await;
    let a_meca = format!("{A_URL}/providers/ecole-a/achievements/MECA/v1");
    let registry = json!({"name": "partners", "issuers": [{"did": pa.did, "name": "École A", "country": "BE",
        "authorisations": [{"achievement": a_meca, "scope": "qualification", "from": "2025-09-01",
                            "authority": "ECVET MoU"}]}]});
    assert_eq!(
        b.post(OPERATOR, "/v1/trust/registry", &registry)
            .await
            .status(),
        StatusCode::OK
    );
    let r = b
        .http
        .put(b.url("/v1/profiles/MECA/1/recognition-table"))
        .bearer_auth(&pb.token)
        .json(
            &json!({"lines": [{"achievement_id": format!("{a_meca}/UAA1"), "unit_code": "UAA1"}]}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let submitted: Value = b
        .post(
            &pb.token,
            &format!("/v1/learners/{b_learner}/recognitions"),
            &json!({ "credential": foreign }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(submitted["status"], "proposed", "{submitted}");
    let decided: Value = b
        .post(
            &pb.token,
            &format!(
                "/v1/recognitions/{}/decision",
                submitted["id"].as_str().unwrap()
            ),
            &json!({"decision": "accept", "reason": "ECVET MoU"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let recognition = decided["credential_id"].as_str().unwrap().to_owned();
    let unit = issue_one(&b, &pb, &b_learner, "UAA2").await;
    let r = b
        .assess(&pb, &b_learner, "SAFE", "validated", "2026-06-29")
        .await;
    let body: Value = r.json().await.unwrap();
    let qualification = body["qualification"]["credential_id"]
        .as_str()
        .unwrap_or_else(|| panic!("no qualification in {body}"))
        .to_owned();

    let (prior, work) = adults_routes(&b, &pb).await;

    let dir = tempfile::tempdir().unwrap();
    for (name, id) in [
        ("unit", &unit),
        ("recognition", &recognition),
        ("qualification", &qualification),
        ("prior-learning", &prior),
        ("work-based", &work),
    ] {
        let sealed = b.credential_text(&pb, id, "edc").await;
        // unitcred's own verifier agrees before anyone else looks.
        let (status, report) = b.verify(serde_json::from_str(&sealed).unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{name}: {report}");
        std::fs::write(dir.path().join(format!("{name}.sealed.json")), &sealed).unwrap();
    }
    let jws: Value =
        serde_json::from_str(&b.credential_text(&pb, &recognition, "edc").await).unwrap();
    let payload: Value = serde_json::from_str(jws["payload"].as_str().unwrap()).unwrap();
    let prior: Value = serde_json::from_str(&b.credential_text(&pb, &prior, "edc").await).unwrap();
    let prior: Value = serde_json::from_str(prior["payload"].as_str().unwrap()).unwrap();
    let claim = &prior["credentialSubject"]["hasClaim"][0];
    assert_eq!(
        claim["specifiedBy"]["learningSetting"]["id"],
        "http://data.europa.eu/snb/learning-setting/e207a81fc7"
    );
    assert_eq!(
        claim["provenBy"][0]["specifiedBy"]["hasPart"][0]["dcType"]["id"],
        "http://data.europa.eu/snb/assessment/4f03b91c0e"
    );
    let note =
        payload["credentialSubject"]["hasClaim"][0]["additionalNote"][0]["noteLiteral"]["en"]
            .as_str()
            .unwrap();
    assert!(note.contains(&pa.did), "{note}");

    let required = std::env::var("UNITCRED_EUROPASS").as_deref() == Ok("required");
    if !python_ready() {
        assert!(!required, "pyshacl and jwcrypto are required");
        eprintln!("pyshacl or jwcrypto missing: the external Europass checks did not run");
        return;
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/europass/check.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    println!("{text}");
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(text.matches("ok  ").count(), 3 + 5 * 4, "{text}");
}

/// A second learner's units by the two adults' routes: one validated by a jury on a
/// portfolio, one by a company tutor. Returns their credential ids.
async fn adults_routes(app: &helpers::TestApp, p: &helpers::Provider) -> (String, String) {
    let learner = app.create_learner(p, "Karim").await;
    let r = app
        .post(
            &p.token,
            "/v1/validations",
            &json!({"learner_id": learner, "profile_code": "MECA", "profile_version": 1}),
        )
        .await;
    let procedure = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let doc: Value = app
        .http
        .post(app.url(&format!("/v1/validations/{procedure}/portfolio")))
        .query(&[("description", "Attestation of employment")])
        .bearer_auth(&p.token)
        .header("content-type", "application/pdf")
        .body(b"%PDF-1.4".to_vec())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let decided: Value = app
        .post(&p.token, &format!("/v1/validations/{procedure}/decisions"),
              &json!({"units": ["UAA1"], "outcome": "validated", "methods": ["portfolio", "practical"],
                      "evidence": [doc["id"]], "jury": "Jury VAE", "decided_on": "2026-06-20"}))
        .await
        .json()
        .await
        .unwrap();
    let prior = decided["units"][0]["credential"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let company: Value = app
        .post(
            &p.token,
            "/v1/companies",
            &json!({"name": "Garage Dupont", "country_code": "BE"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let tutor: Value = app
        .post(
            &p.token,
            "/v1/tokens",
            &json!({"role": "tutor", "label": "Paul Dupont", "company_id": company["id"]}),
        )
        .await
        .json()
        .await
        .unwrap();
    let r = app
        .post(
            &p.token,
            &format!(
                "/v1/companies/{}/placements",
                company["id"].as_str().unwrap()
            ),
            &json!({"learner_id": learner, "starts_on": "2026-06-01"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let recorded: Value = app
        .post(
            tutor["token"].as_str().unwrap(),
            "/v1/assessments",
            &json!({"learner_id": learner, "profile_code": "MECA", "profile_version": 1,
                      "unit_code": "UAA2", "assessed_on": "2026-06-15", "outcome": "validated",
                      "assessor": "Paul Dupont"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let work = recorded["credential"]["id"].as_str().unwrap().to_owned();
    (prior, work)
}
