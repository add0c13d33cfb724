use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

fn progress_of<'a>(p: &'a Value, unit: &str) -> &'a Value {
    p["qualifications"][0]["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit_code"] == unit)
        .unwrap()
}

async fn progress(app: &TestApp, p: &Provider, learner: &str) -> Value {
    let r = app
        .get(
            &p.token,
            &format!("/v1/learners/{learner}/progress?profile_code=MECA&profile_version=1"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

#[tokio::test]
async fn qualification_is_issued_once_when_the_last_unit_is_validated() {
    let app = spawn_app().await;
    let (p, learner) = school(&app, "ecole-a").await;

    let r = app
        .assess(&p, &learner, "UAA1", "not_validated", "2026-06-01")
        .await;
    assert!(r.json::<Value>().await.unwrap()["qualification"].is_null());
    let pr = progress(&app, &p, &learner).await;
    assert_eq!(progress_of(&pr, "UAA1")["status"], "remediation");
    assert_eq!(progress_of(&pr, "UAA2")["status"], "pending");
    assert_eq!(pr["qualifications"][0]["rule"]["satisfied"], false);

    for unit in ["UAA1", "UAA2"] {
        let r = app
            .assess(&p, &learner, unit, "validated", "2026-06-28")
            .await;
        let body: Value = r.json().await.unwrap();
        assert!(body["qualification"].is_null(), "{unit}: {body}");
    }
    let pr = progress(&app, &p, &learner).await;
    assert_eq!(progress_of(&pr, "UAA1")["status"], "validated");
    assert_eq!(pr["qualifications"][0]["ecvet_points_earned"], 22.5);
    assert_eq!(pr["qualifications"][0]["ecvet_points_total"], 24.5);
    assert_eq!(pr["qualifications"][0]["ecvet_points_required"], 24.5);
    assert_eq!(
        pr["qualifications"][0]["rule"]["missing_mandatory"],
        json!(["SAFE"])
    );

    let r = app
        .assess(&p, &learner, "SAFE", "validated", "2026-06-29")
        .await;
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["qualification"]["status"], "issued", "{body}");
    let qid = body["qualification"]["credential_id"]
        .as_str()
        .unwrap()
        .to_owned();
    // A later validation does not issue it again.
    let body: Value = app
        .assess(&p, &learner, "UAA2", "validated", "2026-06-30")
        .await
        .json()
        .await
        .unwrap();
    assert!(body["qualification"].is_null());
    let creds: Value = app
        .get(&p.token, &format!("/v1/credentials?learner_id={learner}"))
        .await
        .json()
        .await
        .unwrap();
    let kinds: Vec<&str> = creds["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "qualification").count(), 1);
    assert_eq!(kinds.len(), 4);

    // The other proof forms on request, each verifying.
    for format in ["di-jcs", "vc-jwt"] {
        let text = app.credential_text(&p, &qid, format).await;
        let form = serde_json::from_str(&text).unwrap_or(Value::String(text));
        let (status, verdict) = app.verify(form).await;
        assert_eq!(status, StatusCode::OK, "{format}: {verdict}");
        assert_eq!(verdict["verified"], true);
    }

    // The qualification credential verifies and references each unit by id and digest of the
    // exact stored bytes.
    let text = app.credential_text(&p, &qid, "di-rdfc").await;
    let vc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        vc["credentialSubject"]["achievement"]["achievementType"],
        "Certificate"
    );
    assert_eq!(
        vc["credentialSubject"]["achievement"]["creditsAvailable"],
        24.5
    );
    let related = vc["relatedResource"].as_array().unwrap();
    assert_eq!(related.len(), 3);
    for r in related {
        let id = r["id"].as_str().unwrap().strip_prefix("urn:uuid:").unwrap();
        let bytes = app.credential_text(&p, id, "di-rdfc").await;
        assert_eq!(
            r["digestMultibase"],
            unitcred::domain::credential::digest_multibase(bytes.as_bytes())
        );
    }
    let (status, body) = app.verify(vc.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Its parts are checked too: here from the copies stored on this server.
    let parts = body["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 3);
    assert!(
        parts
            .iter()
            .all(|p| p["status"] == "passed" && p["source"] == "stored"),
        "{body}"
    );

    // An employer holding the unit credentials sends them inline; one was tampered with.
    let first = related[0]["id"]
        .as_str()
        .unwrap()
        .strip_prefix("urn:uuid:")
        .unwrap();
    let genuine = app.credential_text(&p, first, "di-rdfc").await;
    let tampered = genuine.replacen("\"creditsEarned\":10.0", "\"creditsEarned\":60.0", 1);
    assert_ne!(tampered, genuine);
    let verify_with = |inline: Value| {
        app.http
            .post(app.url("/credentials/verify"))
            .json(&json!({"verifiableCredential": vc, "options": {"relatedCredentials": inline}}))
            .send()
    };
    let r = verify_with(json!([genuine])).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["parts"][0]["source"], "inline");
    let r = verify_with(json!([tampered])).await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "invalid_part");
    let bad: Vec<&Value> = body["parts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["status"] == "failed")
        .collect();
    assert_eq!(bad.len(), 1, "{body}");
    assert_eq!(bad[0]["id"], related[0]["id"]);
    assert_eq!(bad[0]["code"], "digest_mismatch");

    let jwt = app.credential_text(&p, &qid, "vc-jwt").await;
    assert_eq!(app.verify(Value::String(jwt)).await.0, StatusCode::OK);
}

#[tokio::test]
async fn concurrent_completion_issues_one_qualification() {
    let app = spawn_app().await;
    let (p, learner) = school(&app, "ecole-a").await;
    issue_one(&app, &p, &learner, "UAA1").await;
    let mut tasks = Vec::new();
    for unit in ["UAA2", "SAFE", "UAA2", "SAFE"] {
        let url = app.url("/v1/assessments");
        let http = app.http.clone();
        let token = p.token.clone();
        let body = assessment(&learner, unit, "validated", "2026-06-28");
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
    for t in tasks {
        let body: Value = t.await.unwrap().json().await.unwrap();
        if body["qualification"]["status"] == "issued" {
            issued += 1;
        }
    }
    assert_eq!(issued, 1);
    let creds: Value = app
        .get(&p.token, "/v1/credentials")
        .await
        .json()
        .await
        .unwrap();
    let q = creds["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "qualification")
        .count();
    assert_eq!(q, 1);
}

#[tokio::test]
async fn jury_confirms_or_refuses_and_both_are_recorded() {
    let app = spawn_app().await;
    let p = app.create_provider("ecole-j").await;
    let mut prof = profile();
    prof["award"] = json!("jury");
    app.create_profile(&p, &prof).await;
    let confirmed = app.create_learner(&p, "Amina").await;
    let refused = app.create_learner(&p, "Lucas").await;
    for learner in [&confirmed, &refused] {
        for unit in ["UAA1", "UAA2", "SAFE"] {
            let body: Value = app
                .assess(&p, learner, unit, "validated", "2026-06-28")
                .await
                .json()
                .await
                .unwrap();
            if unit == "SAFE" {
                assert_eq!(body["qualification"]["status"], "pending", "{body}");
            }
        }
    }
    let awards: Value = app
        .get(&p.token, "/v1/awards?status=pending")
        .await
        .json()
        .await
        .unwrap();
    let awards = awards["awards"].as_array().unwrap().clone();
    assert_eq!(awards.len(), 2);
    let award_of = |l: &str| {
        awards.iter().find(|a| a["learner_id"] == l).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let creds: Value = app
        .get(&p.token, "/v1/credentials")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        creds["credentials"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["kind"] == "unit"),
        "nothing before the jury"
    );

    // A refusal needs a reason.
    let url = format!("/v1/awards/{}/decision", award_of(&refused));
    let r = app
        .post(
            &p.token,
            &url,
            &json!({"decision": "refuse", "decided_by": "Jury"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post(
            &p.token,
            &url,
            &json!({"decision": "refuse", "decided_by": "Jury", "reason": "Stage non réalisé"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let again = app
        .post(
            &p.token,
            &url,
            &json!({"decision": "confirm", "decided_by": "Jury"}),
        )
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);

    let url = format!("/v1/awards/{}/decision", award_of(&confirmed));
    let r = app
        .post(
            &p.token,
            &url,
            &json!({"decision": "confirm", "decided_by": "Jury de qualification"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    let qid = body["credential_id"].as_str().unwrap().to_owned();
    let vc: Value = serde_json::from_str(&app.credential_text(&p, &qid, "di-rdfc").await).unwrap();
    assert_eq!(app.verify(vc).await.0, StatusCode::OK);

    let all: Value = app.get(&p.token, "/v1/awards").await.json().await.unwrap();
    let all = all["awards"].as_array().unwrap();
    let refused_award = all
        .iter()
        .find(|a| a["learner_id"] == refused.as_str())
        .unwrap();
    assert_eq!(refused_award["status"], "refused");
    assert_eq!(refused_award["reason"], "Stage non réalisé");
    assert!(refused_award["credential_id"].is_null());
    let creds: Value = app
        .get(&p.token, &format!("/v1/credentials?learner_id={refused}"))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        creds["credentials"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["kind"] == "unit")
    );
}

#[tokio::test]
async fn choice_groups_and_version_equivalences() {
    let app = spawn_app().await;
    let p = app.create_provider("ecole-c").await;
    // v1: UAA1 mandatory; at least 1 of UAA2/SAFE.
    let mut v1 = profile();
    v1["choice_groups"] = json!([{"name": "Options", "min": 1, "units": ["UAA2", "SAFE"]}]);
    app.create_profile(&p, &v1).await;
    let a = app.create_learner(&p, "Amina").await;
    issue_one(&app, &p, &a, "UAA1").await;
    let body: Value = app
        .assess(&p, &a, "SAFE", "validated", "2026-06-28")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        body["qualification"]["status"], "issued",
        "one option is enough: {body}"
    );

    // v2 renames UAA1 to UAA1B and says the old UAA1 counts for it.
    let b = app.create_learner(&p, "Lucas").await;
    issue_one(&app, &p, &b, "UAA1").await;
    let mut v2 = profile();
    v2["version"] = json!(2);
    v2["units"][0]["code"] = json!("UAA1B");
    v2["equivalences"] = json!([{"from_version": 1, "from_unit": "UAA1", "unit": "UAA1B"}]);
    app.create_profile(&p, &v2).await;
    let mut body = Value::Null;
    for unit in ["UAA2", "SAFE"] {
        let mut req = assessment(&b, unit, "validated", "2026-06-28");
        req["profile_version"] = json!(2);
        body = app
            .post(&p.token, "/v1/assessments", &req)
            .await
            .json()
            .await
            .unwrap();
    }
    assert_eq!(body["qualification"]["status"], "issued", "{body}");
    let pr: Value = app
        .get(
            &p.token,
            &format!("/v1/learners/{b}/progress?profile_code=MECA&profile_version=2"),
        )
        .await
        .json()
        .await
        .unwrap();
    let first = &pr["qualifications"][0]["units"][0];
    assert_eq!(first["unit_code"], "UAA1B");
    assert_eq!(first["via"], "equivalence");

    // Invalid rules are refused.
    let mut bad = profile();
    bad["version"] = json!(3);
    bad["choice_groups"] = json!([{"name": "X", "min": 3, "units": ["UAA2", "NOPE"]}]);
    let r = app.post(&p.token, "/v1/profiles", &bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn learner_record_is_a_signed_clr_bundling_every_credential() {
    let app = spawn_app().await;
    let (p, learner) = school(&app, "ecole-a").await;
    let r = app
        .get(&p.token, &format!("/v1/learners/{learner}/clr"))
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT, "nothing to bundle yet");

    let first = issue_one(&app, &p, &learner, "UAA1").await;
    let clr: Value = app
        .get(&p.token, &format!("/v1/learners/{learner}/clr"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(clr["partial"], true, "the qualification is not awarded yet");
    assert_eq!(
        clr["credentialSubject"]["verifiableCredential"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    issue_one(&app, &p, &learner, "UAA2").await;
    issue_one(&app, &p, &learner, "SAFE").await;
    let r = app
        .get(&p.token, &format!("/v1/learners/{learner}/clr"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let clr: Value = r.json().await.unwrap();
    assert_eq!(
        clr["type"],
        json!(["VerifiableCredential", "ClrCredential"])
    );
    assert_eq!(
        clr["@context"][1],
        "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
    );
    assert_eq!(clr["partial"], false);
    let subject = &clr["credentialSubject"];
    assert_eq!(subject["type"], json!(["ClrSubject"]));
    let embedded = subject["verifiableCredential"].as_array().unwrap();
    assert_eq!(embedded.len(), 4);
    // Each embedded credential is the stored one, its own proof included.
    let unit: Value =
        serde_json::from_str(&app.credential_text(&p, &first, "di-rdfc").await).unwrap();
    assert!(embedded.contains(&unit));
    let qualification = embedded
        .iter()
        .find(|c| c["credentialSubject"]["achievement"]["achievementType"] == "Certificate")
        .unwrap();
    let target = qualification["credentialSubject"]["achievement"]["id"].clone();
    let associations = subject["association"].as_array().unwrap();
    assert_eq!(associations.len(), 3);
    assert!(
        associations
            .iter()
            .all(|a| a["associationType"] == "isPartOf" && a["targetId"] == target)
    );
    assert_eq!(subject["achievement"].as_array().unwrap().len(), 4);

    let (status, verdict) = app.verify(clr.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(verdict["verified"], true, "{verdict}");
    // The CLR's proof covers the embedded credentials too.
    let mut tampered = clr.clone();
    tampered["credentialSubject"]["verifiableCredential"][0]["name"] = json!("Autre chose");
    let (status, problem) = app.verify(tampered).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem["code"], "invalid_signature", "{problem}");
}

/// A refusal is not forever: when a new unit changes the learner's picture, the jury gets a
/// new award to decide; a unit recorded again without a new credential changes nothing.
#[tokio::test]
async fn a_refused_award_gives_way_to_a_new_one_when_new_units_come() {
    let app = spawn_app().await;
    let p = app.create_provider("ecole-r").await;
    let mut prof = profile();
    prof["award"] = json!("jury");
    let units = prof["units"].as_array_mut().unwrap();
    for code in ["OPT1", "OPT2"] {
        units.push(
            json!({"code": code, "title": {"fr": format!("Option {code}")},
            "learning_outcomes": [{"fr": "Réaliser l'option"}], "ecvet_points": 3,
            "assessment_type": "practical"}),
        );
    }
    prof["choice_groups"] = json!([{"name": "Options", "min": 1, "units": ["OPT1", "OPT2"]}]);
    app.create_profile(&p, &prof).await;
    let learner = app.create_learner(&p, "Lucas").await;
    let mut last = Value::Null;
    for unit in ["UAA1", "UAA2", "SAFE", "OPT1"] {
        last = app
            .assess(&p, &learner, unit, "validated", "2026-06-28")
            .await
            .json()
            .await
            .unwrap();
    }
    assert_eq!(last["qualification"]["status"], "pending", "{last}");
    let pending = |app: &TestApp| {
        let token = p.token.clone();
        let url = app.url("/v1/awards?status=pending");
        let http = app.http.clone();
        async move {
            let body: Value = http
                .get(url)
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            body["awards"].as_array().unwrap().clone()
        }
    };
    let first = pending(&app).await;
    assert_eq!(first.len(), 1);
    let r = app
        .post(
            &p.token,
            &format!("/v1/awards/{}/decision", first[0]["id"].as_str().unwrap()),
            &json!({"decision": "refuse", "decided_by": "Jury", "reason": "Option trop légère"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(pending(&app).await.is_empty());

    // The same unit recorded again issues nothing new, so nothing reopens.
    let again: Value = app
        .assess(&p, &learner, "OPT1", "validated", "2026-06-29")
        .await
        .json()
        .await
        .unwrap();
    assert!(again["qualification"].is_null(), "{again}");
    assert!(pending(&app).await.is_empty());

    // A new unit: the jury decides again, and can confirm this time.
    let body: Value = app
        .assess(&p, &learner, "OPT2", "validated", "2026-06-30")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["qualification"]["status"], "pending", "{body}");
    let second = pending(&app).await;
    assert_eq!(second.len(), 1);
    assert_ne!(second[0]["id"], first[0]["id"]);
    let r = app
        .post(
            &p.token,
            &format!("/v1/awards/{}/decision", second[0]["id"].as_str().unwrap()),
            &json!({"decision": "confirm", "decided_by": "Jury"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let all: Value = app.get(&p.token, "/v1/awards").await.json().await.unwrap();
    let statuses: Vec<&str> = all["awards"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["status"].as_str())
        .collect();
    assert!(
        statuses.contains(&"refused") && statuses.contains(&"issued"),
        "{all}"
    );
    let progress = app.progress(&p, &learner).await;
    assert_eq!(
        progress["qualifications"][0]["award"]["status"], "issued",
        "{progress}"
    );
}
