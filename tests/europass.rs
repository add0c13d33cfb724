//! Europass output checked from outside, through the real HTTP API: school B recognises a
//! unit certified by school A, validates two more units, and so awards the qualification;
//! the sealed EDCs of a unit, the recognition and the qualification are then checked by
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

    let dir = tempfile::tempdir().unwrap();
    for (name, id) in [
        ("unit", &unit),
        ("recognition", &recognition),
        ("qualification", &qualification),
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
    assert_eq!(text.matches("ok  ").count(), 3 + 3 * 4, "{text}");
}
