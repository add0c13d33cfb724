use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

#[tokio::test]
async fn failed_then_retaken_unit_issues_exactly_one_credential() {
    let app = spawn_app().await;
    let (p, learner) = school(&app, "ecole-a").await;

    // First attempt fails, with a remediation note: no credential.
    let mut failed = assessment(&learner, "UAA1", "not_validated", "2026-06-01");
    failed["remediation_note"] = json!("Revoir la procédure de vidange");
    let r = app.post(&p.token, "/v1/assessments", &failed).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let body: Value = r.json().await.unwrap();
    assert!(body["credential"].is_null());

    // The retake validates the unit: one credential.
    let id = issue_one(&app, &p, &learner, "UAA1").await;

    // A further validation of the same unit records the assessment but issues nothing new.
    let r = app
        .assess(&p, &learner, "UAA1", "validated", "2026-06-29")
        .await;
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["credential"]["issued"], false);
    assert_eq!(body["credential"]["id"], id.as_str());

    let list: Value = app
        .get(&p.token, &format!("/v1/credentials?learner_id={learner}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["credentials"].as_array().unwrap().len(), 1);
    let history: Value = app
        .get(&p.token, &format!("/v1/learners/{learner}/assessments"))
        .await
        .json()
        .await
        .unwrap();
    let history = history["assessments"].as_array().unwrap();
    assert_eq!(history.len(), 3);
    assert_eq!(
        history[0]["remediation_note"],
        "Revoir la procédure de vidange"
    );
    assert_eq!(history[1]["credential_id"], id.as_str());
    assert!(history[2].get("credential_id").is_none());

    // The credential is an OB 3.0 unit credential carrying the European elements.
    let vc: Value = serde_json::from_str(&app.credential_text(&p, &id, "di-rdfc").await).unwrap();
    assert_eq!(
        vc["@context"],
        json!([
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
        ])
    );
    assert_eq!(
        vc["type"],
        json!(["VerifiableCredential", "OpenBadgeCredential"])
    );
    assert_eq!(vc["id"], format!("urn:uuid:{id}"));
    assert_eq!(vc["issuer"]["id"], p.did.as_str());
    assert_eq!(vc["issuer"]["address"]["addressCountryCode"], "BE");
    assert_eq!(vc["validFrom"], "2026-06-30T09:00:00Z");
    assert_eq!(vc["awardedDate"], "2026-06-28T00:00:00Z");
    let achievement = &vc["credentialSubject"]["achievement"];
    assert_eq!(
        achievement["id"],
        format!("{PUBLIC_URL}/providers/ecole-a/achievements/MECA/v1/UAA1")
    );
    assert_eq!(achievement["achievementType"], "MicroCredential");
    assert_eq!(achievement["creditsAvailable"], 10.0);
    let targets: Vec<&str> = achievement["alignment"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["targetUrl"].as_str().unwrap())
        .collect();
    assert!(targets.contains(&"http://data.europa.eu/snb/eqf/4"));
    assert!(targets.contains(&"http://data.europa.eu/snb/education-credit/60b314e826"));
    assert!(targets.contains(&"http://data.europa.eu/snb/qdr/c_baa10a4e"));
    let identifiers = vc["credentialSubject"]["identifier"].as_array().unwrap();
    assert!(
        identifiers
            .iter()
            .all(|i| i["hashed"] == true
                && i["identityHash"].as_str().unwrap().starts_with("sha256$"))
    );
    assert!(
        !vc.to_string().contains("amina@example.be"),
        "no clear email in the credential"
    );
    assert_eq!(vc["proof"][0]["cryptosuite"], "eddsa-rdfc-2022");
    assert_eq!(
        vc["credentialSchema"][0]["type"],
        "1EdTechJsonSchemaValidator2019"
    );
}

#[tokio::test]
async fn stored_bytes_are_served_unchanged_in_every_format() {
    let app = spawn_app().await;
    let (p, learner) = school(&app, "ecole-a").await;
    let id = issue_one(&app, &p, &learner, "UAA2").await;
    let rdfc = app.credential_text(&p, &id, "di-rdfc").await;
    assert_eq!(rdfc, app.credential_text(&p, &id, "di-rdfc").await);
    let r = app
        .get(&p.token, &format!("/v1/credentials/{id}?format=vc-jwt"))
        .await;
    assert_eq!(r.headers()["content-type"], "application/vc+jwt");
    let jwt = r.text().await.unwrap();
    assert_eq!(jwt.split('.').count(), 3);
    let jcs_text = app.credential_text(&p, &id, "di-jcs").await;
    let jcs: Value = serde_json::from_str(&jcs_text).unwrap();
    assert_eq!(jcs["proof"][0]["cryptosuite"], "eddsa-jcs-2022");
    // The other forms are signed on first request, then stored: later reads are the same bytes.
    assert_eq!(jcs_text, app.credential_text(&p, &id, "di-jcs").await);
    assert_eq!(jwt, app.credential_text(&p, &id, "vc-jwt").await);
    for form in [jcs.clone(), Value::String(jwt.clone())] {
        let (status, verdict) = app.verify(form).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(verdict["verified"], true, "{verdict}");
    }
    // Same credential, same claims: only the proof differs.
    let rdfc_doc: Value = serde_json::from_str(&rdfc).unwrap();
    let strip = |mut v: Value| {
        v.as_object_mut().unwrap().remove("proof");
        v
    };
    assert_eq!(strip(rdfc_doc), strip(jcs.clone()));
    // The inline form embeds the very same bytes.
    let inline = app
        .get(&p.token, &format!("/v1/credentials/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        inline.contains(&rdfc),
        "inline credential must be the stored bytes verbatim"
    );
    let r = app
        .get(&p.token, &format!("/v1/credentials/{id}?format=pdf"))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn replayed_idempotent_request_returns_the_first_result() {
    let app = spawn_app().await;
    let (p, learner) = school(&app, "ecole-a").await;
    let body = assessment(&learner, "UAA1", "validated", "2026-06-28");
    let send = |b: Value| {
        app.http
            .post(app.url("/v1/assessments"))
            .bearer_auth(&p.token)
            .header("Idempotency-Key", "retry-42")
            .json(&b)
            .send()
    };
    let first = send(body.clone()).await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let first_body = first.text().await.unwrap();
    let second = send(body.clone()).await.unwrap();
    assert_eq!(second.status(), StatusCode::CREATED);
    assert_eq!(second.headers()["idempotent-replayed"], "true");
    assert_eq!(second.text().await.unwrap(), first_body);
    let history: Value = app
        .get(&p.token, &format!("/v1/learners/{learner}/assessments"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        history["assessments"].as_array().unwrap().len(),
        1,
        "the replay recorded nothing"
    );

    // The same key with another request is refused.
    let other = send(assessment(&learner, "UAA2", "validated", "2026-06-28"))
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn concurrent_validations_issue_one_credential() {
    let app = spawn_app().await;
    let (p, learner) = school(&app, "ecole-a").await;
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let url = app.url("/v1/assessments");
        let http = app.http.clone();
        let token = p.token.clone();
        let body = assessment(&learner, "UAA1", "validated", "2026-06-28");
        tasks.push(tokio::spawn(async move {
            http.post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap()
        }));
    }
    let mut issued = 0;
    let mut ids = std::collections::HashSet::new();
    for t in tasks {
        let r = t.await.unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
        let body: Value = r.json().await.unwrap();
        if body["credential"]["issued"] == true {
            issued += 1;
        }
        ids.insert(body["credential"]["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(issued, 1);
    assert_eq!(ids.len(), 1);
    let list: Value = app
        .get(&p.token, "/v1/credentials")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["credentials"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn profile_versions_lock_once_referenced() {
    let app = spawn_app().await;
    let (p, learner) = school(&app, "ecole-a").await;
    let mut changed = profile();
    changed["title"]["fr"] = json!("Mécanicien·ne (révisé)");
    let put = |b: Value| {
        app.http
            .put(app.url("/v1/profiles/MECA/1"))
            .bearer_auth(&p.token)
            .json(&b)
            .send()
    };
    assert_eq!(
        put(changed.clone()).await.unwrap().status(),
        StatusCode::OK,
        "unreferenced versions can change"
    );
    issue_one(&app, &p, &learner, "UAA1").await;
    let r = put(changed).await.unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "profile_locked");
    let got: Value = app
        .get(&p.token, "/v1/profiles/MECA/1")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got["locked"], true);
}

#[tokio::test]
async fn bad_input_gets_clear_errors() {
    let app = spawn_app().await;
    let (p, learner) = school(&app, "ecole-a").await;
    let mut bad_profile = profile();
    bad_profile["eqf_level"] = json!(11);
    bad_profile["units"][0]["ecvet_points"] = json!(-3);
    let r = app.post(&p.token, "/v1/profiles", &bad_profile).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "validation_failed");
    assert!(body["errors"].as_array().unwrap().len() >= 2);

    let r = app.post(&p.token, "/v1/profiles", &profile()).await;
    assert_eq!(r.status(), StatusCode::CONFLICT, "the same version twice");

    let unknown_unit = app
        .assess(&p, &learner, "UAA9", "validated", "2026-06-28")
        .await;
    assert_eq!(unknown_unit.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        unknown_unit.json::<Value>().await.unwrap()["code"],
        "unit_not_found"
    );
    let bad_outcome = app
        .assess(&p, &learner, "UAA1", "passed", "2026-06-28")
        .await;
    assert_eq!(bad_outcome.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let future = app
        .assess(&p, &learner, "UAA1", "validated", "2026-07-30")
        .await;
    assert_eq!(future.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .http
        .post(app.url("/v1/assessments"))
        .bearer_auth(&p.token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "malformed_json");

    // No national number field exists: unknown members are refused, not stored.
    let r = app
        .post(
            &p.token,
            "/v1/learners",
            &json!({"given_name": "A", "family_name": "B", "national_number": "85.07.30-033.61"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn import_referential_cli_loads_a_file_and_is_rerunnable() {
    let dir = tempfile::tempdir().unwrap();
    let exe = env!("CARGO_BIN_EXE_unitcred");
    let data = dir.path().join("data");
    let run = |args: &[&str]| {
        std::process::Command::new(exe)
            .args(args)
            .env("UNITCRED_DATA_DIR", &data)
            .env_remove("UNITCRED_DATABASE_URL")
            .output()
            .unwrap()
    };
    let out = run(&[
        "provider",
        "create",
        "--slug",
        "cli-school",
        "--name",
        "CLI School",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("did:web:127.0.0.1%3A8080:providers:cli-school")
    );
    let file = dir.path().join("ref.json");
    std::fs::write(
        &file,
        serde_json::to_vec(&json!({"profiles": [profile()]})).unwrap(),
    )
    .unwrap();
    let out = run(&[
        "import-referential",
        file.to_str().unwrap(),
        "--provider",
        "cli-school",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("MECA v1: imported (3 units)"));
    let out = run(&[
        "import-referential",
        file.to_str().unwrap(),
        "--provider",
        "cli-school",
    ]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("MECA v1: unchanged"));

    std::fs::write(&file, r#"{"profiles": [{"code": "X", "version": 1}]}"#).unwrap();
    let out = run(&[
        "import-referential",
        file.to_str().unwrap(),
        "--provider",
        "cli-school",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("referential schema"));
}

/// Requests on two replicas at once, batched into shared transactions on each: the same
/// learner and unit asked for twice, the same idempotency key sent four times at once, then
/// reused for another request (refused). One credential per unit, one status index per
/// credential, one answer per key, one intact audit chain.
#[tokio::test]
async fn batched_issuance_on_two_replicas_stays_exact() {
    let a = spawn_app().await;
    let (p, _) = school(&a, "ecole-a").await;
    let b = a.second_instance().await;
    let mut learners = Vec::new();
    for i in 0..12 {
        learners.push(a.create_learner(&p, &format!("L{i}")).await);
    }
    let send = |server: &TestApp, body: Value, key: Option<String>| {
        let (http, url, token) = (
            server.http.clone(),
            server.url("/v1/assessments"),
            p.token.clone(),
        );
        tokio::spawn(async move {
            let mut r = http.post(url).bearer_auth(token).json(&body);
            if let Some(key) = key {
                r = r.header("idempotency-key", key);
            }
            let r = r.send().await.unwrap();
            let status = r.status();
            (status, r.json::<Value>().await.unwrap())
        })
    };
    let mut plain = Vec::new();
    for (i, learner) in learners.iter().enumerate() {
        for unit in ["UAA1", "UAA2"] {
            let body = assessment(learner, unit, "validated", "2026-06-28");
            // Every unit of the first four learners is asked for on both replicas.
            if i < 4 {
                plain.push(send(&b, body.clone(), None));
            }
            let server = if i % 2 == 0 { &a } else { &b };
            plain.push(send(server, body, None));
        }
    }
    let keyed_body = assessment(&learners[0], "UAA1", "not_validated", "2026-06-20");
    let keyed: Vec<_> = (0..4)
        .map(|i| {
            let server = if i % 2 == 0 { &a } else { &b };
            send(server, keyed_body.clone(), Some("same-key".into()))
        })
        .collect();
    let mut ids = std::collections::HashSet::new();
    let mut issued = 0;
    for t in plain {
        let (status, body) = t.await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{body}");
        ids.insert(body["credential"]["id"].as_str().unwrap().to_owned());
        if body["credential"]["issued"] == true {
            issued += 1;
        }
    }
    assert_eq!(ids.len(), 24, "one credential per learner and unit");
    assert_eq!(issued, 24, "each issued once");
    let mut answers = std::collections::HashSet::new();
    for t in keyed {
        let (status, body) = t.await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{body}");
        answers.insert(body["assessment"]["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(
        answers.len(),
        1,
        "one assessment for one key, the same answer to each"
    );
    // The key reused for another request is refused; the requests sharing its batch are not.
    let reused = assessment(&learners[1], "UAA1", "not_validated", "2026-06-21");
    let reused = send(&a, reused, Some("same-key".into()));
    let others: Vec<_> = learners[4..]
        .iter()
        .map(|l| {
            send(
                &a,
                assessment(l, "UAA1", "not_validated", "2026-06-22"),
                None,
            )
        })
        .collect();
    let (status, body) = reused.await.unwrap();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    for t in others {
        let (status, body) = t.await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }

    let list: Value = a
        .get(&p.token, "/v1/credentials?limit=1000")
        .await
        .json()
        .await
        .unwrap();
    let stored = list["credentials"].as_array().unwrap();
    assert_eq!(stored.len(), 24);
    let slots: std::collections::HashSet<(i64, i64)> = stored
        .iter()
        .map(|c| {
            let (list, index) = (&c["status_list"], &c["status_index"]);
            (list.as_i64().unwrap(), index.as_i64().unwrap())
        })
        .collect();
    assert_eq!(slots.len(), 24, "every credential has its own status index");
    let log: Value = b.get(&p.token, "/v1/audit").await.json().await.unwrap();
    assert_eq!(log["intact"], true, "{log}");
    let recorded = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "assessment.recorded")
        .count();
    // 24 units plus the 8 asked for twice, one for the key, 8 more results.
    assert_eq!(recorded, 24 + 8 + 1 + 8);
}
