//! Adults' routes to a unit: validation of prior learning by a jury on a portfolio, and
//! work-based assessment by a company tutor (with the school's co-signature when the unit
//! asks for it).

use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::helpers::*;
use crate::web::PASSWORD;

const PORTFOLIO: [(&str, &[u8]); 2] = [
    (
        "Attestation of employment, 6 years as a mechanic",
        b"%PDF-1.4 attestation",
    ),
    ("Photos of brake jobs, commented", b"\x89PNG photos"),
];

async fn upload(
    app: &TestApp,
    p: &Provider,
    procedure: &str,
    description: &str,
    bytes: &[u8],
) -> Value {
    let r = app
        .http
        .post(app.url(&format!("/v1/validations/{procedure}/portfolio")))
        .query(&[("description", description), ("file_name", "doc.pdf")])
        .bearer_auth(&p.token)
        .header("content-type", "application/pdf")
        .body(bytes.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    r.json().await.unwrap()
}

async fn credential(app: &TestApp, p: &Provider, id: &str) -> Value {
    serde_json::from_str(&app.credential_text(p, id, "di-rdfc").await).unwrap()
}

fn alignment<'a>(vc: &'a Value, kind: &str) -> Vec<&'a Value> {
    vc["credentialSubject"]["achievement"]["alignment"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["targetType"] == kind)
        .collect()
}

#[tokio::test]
async fn a_jury_validates_a_block_of_units_on_a_portfolio_and_the_rest_remains_open() {
    let app = spawn_app().await;
    let (p, _) = school(&app, "ecole-vae").await;
    let candidate = app.create_learner(&p, "Karim").await;
    let r = app
        .post(
            &p.token,
            "/v1/validations",
            &json!({"learner_id": candidate, "profile_code": "MECA", "profile_version": 1,
                    "note": "Mechanic for 6 years, no diploma"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let procedure: Value = r.json().await.unwrap();
    let procedure = procedure["id"].as_str().unwrap().to_owned();
    let mut docs = Vec::new();
    for (description, bytes) in PORTFOLIO {
        let doc = upload(&app, &p, &procedure, description, bytes).await;
        assert_eq!(doc["sha256"], hex::encode(Sha256::digest(bytes)));
        docs.push(doc["id"].as_str().unwrap().to_owned());
    }
    // The jury sees the document as received, never rendered inline.
    let r = app
        .get(
            &p.token,
            &format!("/v1/validations/{procedure}/portfolio/{}", docs[0]),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(r.bytes().await.unwrap().as_ref(), PORTFOLIO[0].1);

    let decide = |evidence: Value, units: Value| {
        json!({"units": units, "outcome": "validated", "methods": ["portfolio", "practical"],
               "evidence": evidence, "jury": "Jury VAE (Mme Lenoir, M. Dubois)",
               "decided_on": "2026-06-20"})
    };
    // A decision rests on evidence of this portfolio.
    let r = app
        .post(
            &p.token,
            &format!("/v1/validations/{procedure}/decisions"),
            &decide(json!([]), json!(["UAA1", "UAA2"])),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await.unwrap();
    assert!(body.to_string().contains("evidence"), "{body}");
    let r = app
        .post(
            &p.token,
            &format!("/v1/validations/{procedure}/decisions"),
            &decide(json!([uuid::Uuid::new_v4()]), json!(["UAA1"])),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        app.progress(&p, &candidate).await["qualifications"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // One decision on a block of two units issues both, in one go.
    let request = decide(json!(docs), json!(["UAA1", "UAA2"]));
    let send = || async {
        app.http
            .post(app.url(&format!("/v1/validations/{procedure}/decisions")))
            .bearer_auth(&p.token)
            .header("idempotency-key", "jury-2026-06-20")
            .json(&request)
            .send()
            .await
            .unwrap()
    };
    let r = send().await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let decided: Value = r.json().await.unwrap();
    let units = decided["units"].as_array().unwrap();
    assert_eq!(units.len(), 2);
    assert!(
        units.iter().all(|u| u["credential"]["issued"] == true),
        "{decided}"
    );
    // Retried: the same answer, nothing issued twice.
    let again = send().await;
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.json::<Value>().await.unwrap(), decided);

    let id = units[0]["credential"]["id"].as_str().unwrap();
    let vc = credential(&app, &p, id).await;
    let setting = alignment(&vc, "ext:LearningSetting");
    assert_eq!(
        setting[0]["targetUrl"],
        "http://data.europa.eu/snb/learning-setting/e207a81fc7"
    );
    let methods: Vec<&Value> = alignment(&vc, "ext:AssessmentType")
        .iter()
        .map(|a| &a["targetUrl"])
        .collect();
    assert_eq!(
        methods,
        [
            "http://data.europa.eu/snb/assessment/4f03b91c0e",
            "http://data.europa.eu/snb/assessment/6a4db9f11d"
        ]
    );
    let narrative = vc["credentialSubject"]["achievement"]["criteria"]["narrative"]
        .as_str()
        .unwrap();
    assert!(
        narrative.contains("Validation of prior learning"),
        "{narrative}"
    );
    // The portfolio is named by digests, never carried.
    let evidence = vc["evidence"].as_array().unwrap();
    assert_eq!(evidence[0]["genre"], "Jury decision");
    for ((description, bytes), item) in PORTFOLIO.iter().zip(&evidence[1..]) {
        use base64::Engine;
        let digest = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(bytes));
        assert_eq!(item["id"], format!("ni:///sha-256;{digest}"));
        assert_eq!(item["name"], *description);
        assert_eq!(item["genre"], "Portfolio");
    }
    assert!(!vc.to_string().contains("attestation\""));
    let (status, report) = app.verify(vc).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(report["verified"], true, "{report}");

    // Where the candidate stands: 2 of 3 units, SAFE remains with its points.
    let r = app
        .get(&p.token, &format!("/v1/validations/{procedure}"))
        .await;
    let view: Value = r.json().await.unwrap();
    let standing = &view["progress"];
    assert_eq!(standing["units_validated"], 2);
    assert_eq!(standing["units_total"], 3);
    assert_eq!(standing["remaining"][0]["unit_code"], "SAFE");
    assert_eq!(standing["remaining"][0]["ecvet_points"], 2.0);
    assert_eq!(standing["ecvet_points_earned"], 22.5);
    assert_eq!(view["portfolio"].as_array().unwrap().len(), 2);
    assert_eq!(view["decisions"][0]["units"], json!(["UAA1", "UAA2"]));
    let progress = app.progress(&p, &candidate).await;
    assert_eq!(unit_line(&progress, "UAA1")["route"], "prior_learning");
    // The wallet bundle's transcript says it too.
    let bundle = app
        .get(&p.token, &format!("/v1/learners/{candidate}/bundle"))
        .await
        .bytes()
        .await
        .unwrap();
    let files = unitcred::services::wallet::unzip(&bundle, 32 << 20).unwrap();
    let (_, transcript) = files
        .iter()
        .find(|(name, _)| name.starts_with("transcript.") && name.ends_with(".html"))
        .unwrap();
    let transcript = String::from_utf8_lossy(transcript);
    assert_eq!(
        transcript.matches("validée par un jury").count(),
        2,
        "{transcript}"
    );

    // Another school sees nothing of it.
    let other = app.create_provider("ecole-autre").await;
    for path in [
        format!("/v1/validations/{procedure}"),
        format!("/v1/validations/{procedure}/portfolio/{}", docs[0]),
    ] {
        assert_eq!(
            app.get(&other.token, &path).await.status(),
            StatusCode::NOT_FOUND
        );
    }
    let listed: Value = app
        .get(&other.token, "/v1/validations")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["validations"], json!([]));

    // The last unit by the school's own examination completes the qualification; its
    // Europass form says which parts were validated on prior learning.
    app.install_seal(&p, "VATBE-0123456789").await;
    let r = app
        .assess(&p, &candidate, "SAFE", "validated", "2026-06-29")
        .await;
    let body: Value = r.json().await.unwrap();
    assert!(body["qualification"]["credential_id"].is_string(), "{body}");
    let sealed: Value = serde_json::from_str(
        &app.credential_text(
            &p,
            body["qualification"]["credential_id"].as_str().unwrap(),
            "edc",
        )
        .await,
    )
    .unwrap();
    let edc: Value = serde_json::from_str(sealed["payload"].as_str().unwrap()).unwrap();
    let settings: Vec<(String, String)> = edc["credentialSubject"]["hasClaim"][0]["hasPart"]
        .as_array()
        .unwrap()
        .iter()
        .map(|part| {
            let id = part["specifiedBy"]["id"].as_str().unwrap();
            let code = id.rsplit('/').next().unwrap().to_owned();
            (
                code,
                part["specifiedBy"]["learningSetting"]["id"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            )
        })
        .collect();
    let non_formal = "http://data.europa.eu/snb/learning-setting/e207a81fc7";
    let formal = "http://data.europa.eu/snb/learning-setting/6fd4685715";
    assert!(
        settings.contains(&("UAA1".into(), non_formal.into())),
        "{settings:?}"
    );
    assert!(
        settings.contains(&("SAFE".into(), formal.into())),
        "{settings:?}"
    );
    assert_eq!(
        unit_line(&app.progress(&p, &candidate).await, "SAFE")["route"],
        "school"
    );
}

#[tokio::test]
async fn a_refused_block_is_recorded_and_issues_nothing() {
    let app = spawn_app().await;
    let (p, candidate) = school(&app, "ecole-vae2").await;
    let r = app
        .post(
            &p.token,
            "/v1/validations",
            &json!({"learner_id": candidate, "profile_code": "MECA", "profile_version": 1}),
        )
        .await;
    let procedure = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let doc = upload(&app, &p, &procedure, "Logbook", b"logbook").await;
    let r = app
        .post(
            &p.token,
            &format!("/v1/validations/{procedure}/decisions"),
            &json!({"units": ["UAA2"], "outcome": "not_validated", "methods": ["portfolio"],
                      "evidence": [doc["id"]], "jury": "Jury VAE", "decided_on": "2026-06-20",
                      "note": "Brake bleeding not shown: training advised"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let body: Value = r.json().await.unwrap();
    assert!(body["units"][0]["credential"].is_null(), "{body}");
    let line = unit_line(&app.progress(&p, &candidate).await, "UAA2");
    assert_eq!(line["status"], "remediation");
    assert_eq!(
        line["remediation_note"],
        "Brake bleeding not shown: training advised"
    );
    // A document added by mistake can be removed; one a decision rests on stays.
    let wrong = upload(&app, &p, &procedure, "Someone else's payslip", b"payslip").await;
    let remove = |item: &Value| {
        let url = app.url(&format!(
            "/v1/validations/{procedure}/portfolio/{}",
            item.as_str().unwrap()
        ));
        let (http, token) = (app.http.clone(), p.token.clone());
        async move { http.delete(url).bearer_auth(token).send().await.unwrap() }
    };
    assert_eq!(remove(&wrong["id"]).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(remove(&wrong["id"]).await.status(), StatusCode::NOT_FOUND);
    let r = remove(&doc["id"]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "document_in_use");
    let view: Value = app
        .get(&p.token, &format!("/v1/validations/{procedure}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view["portfolio"].as_array().unwrap().len(), 1);
    // A unit twice in a block is refused.
    let r = app
        .post(
            &p.token,
            &format!("/v1/validations/{procedure}/decisions"),
            &json!({"units": ["UAA1", "UAA2", "UAA1"], "outcome": "validated", "methods": ["portfolio"],
                    "evidence": [doc["id"]], "jury": "Jury VAE", "decided_on": "2026-06-20"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Unknown units are refused before anything is written.
    let r = app
        .post(
            &p.token,
            &format!("/v1/validations/{procedure}/decisions"),
            &json!({"units": ["NOPE"], "outcome": "validated", "methods": ["portfolio"],
                      "evidence": [doc["id"]], "jury": "Jury VAE", "decided_on": "2026-06-20"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

/// A school with a company, a tutor token for it, and a learner placed there from June 1.
async fn workplace(
    app: &TestApp,
    slug: &str,
    profile: &Value,
) -> (Provider, String, String, String) {
    let p = app.create_provider(slug).await;
    app.create_profile(&p, profile).await;
    let learner = app.create_learner(&p, "Lucas").await;
    let r = app
        .post(
            &p.token,
            "/v1/companies",
            &json!({"name": "Garage Dupont", "country_code": "BE", "identifier": "BE0123456789"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let company = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // A tutor token names its company; no other token does.
    let r = app
        .post(
            &p.token,
            "/v1/tokens",
            &json!({"role": "tutor", "label": "M. Dupont"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post(
            &p.token,
            "/v1/tokens",
            &json!({"role": "tutor", "label": "M. Dupont", "company_id": company}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let tutor = r.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    (p, learner, company, tutor)
}

async fn place(app: &TestApp, p: &Provider, company: &str, learner: &str) {
    let r = app
        .post(
            &p.token,
            &format!("/v1/companies/{company}/placements"),
            &json!({"learner_id": learner, "starts_on": "2026-06-01"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
}

/// A tutor's result through `POST /v1/assessments`, with the tutor's token.
async fn tutor_says(
    app: &TestApp,
    tutor: &str,
    learner: &str,
    unit: &str,
    on: &str,
) -> reqwest::Response {
    app.post(tutor, "/v1/assessments", &tutor_result(learner, unit, on))
        .await
}

fn tutor_result(learner: &str, unit: &str, on: &str) -> Value {
    json!({"learner_id": learner, "profile_code": "MECA", "profile_version": 1, "unit_code": unit,
           "assessed_on": on, "outcome": "validated", "assessor": "Paul Dupont"})
}

#[tokio::test]
async fn a_tutor_records_results_only_for_learners_placed_with_their_company() {
    let app = spawn_app().await;
    let (p, learner, company, tutor) = workplace(&app, "ecole-alt", &profile()).await;

    // Not placed (yet): refused.
    let r = tutor_says(&app, &tutor, &learner, "UAA1", "2026-06-15").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "not_placed");
    place(&app, &p, &company, &learner).await;
    // Before the placement began: refused too.
    let r = tutor_says(&app, &tutor, &learner, "UAA1", "2026-05-15").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let r = tutor_says(&app, &tutor, &learner, "UAA1", "2026-06-15").await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["credential"]["issued"], true, "{body}");
    assert_eq!(
        body["assessment"]["route"]["company"]["name"],
        "Garage Dupont"
    );
    let vc = credential(&app, &p, body["credential"]["id"].as_str().unwrap()).await;
    let mode = alignment(&vc, "ext:LearningMode");
    assert_eq!(
        mode[0]["targetUrl"],
        "http://data.europa.eu/snb/learning-assessment/729f3bed4b"
    );
    let evidence = &vc["evidence"][0];
    assert_eq!(evidence["genre"], "Work-based assessment");
    let narrative = evidence["narrative"].as_str().unwrap();
    assert!(
        narrative.contains("Garage Dupont (BE, BE0123456789)") && narrative.contains("Paul Dupont"),
        "{narrative}"
    );
    assert_eq!(app.verify(vc).await.1["verified"], true);

    // The tutor's list: their company's learners only; nothing else of the school.
    let r = app
        .get(&tutor, &format!("/v1/companies/{company}/learners"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let list: Value = r.json().await.unwrap();
    assert_eq!(list["learners"][0]["learner"]["id"], learner.as_str());
    let other = app
        .post(
            &p.token,
            "/v1/companies",
            &json!({"name": "Carrosserie Martin", "country_code": "BE"}),
        )
        .await
        .json::<Value>()
        .await
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        app.get(&tutor, &format!("/v1/companies/{other}/learners"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    for path in ["/v1/learners", "/v1/credentials", "/v1/audit"] {
        assert_eq!(
            app.get(&tutor, path).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let stranger = app.create_learner(&p, "Nora").await;
    let r = tutor_says(&app, &tutor, &stranger, "UAA2", "2026-06-15").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_unit_needing_a_cosignature_is_issued_only_once_the_school_confirms() {
    let app = spawn_app().await;
    let mut meca = profile();
    meca["units"][1]["requires_cosignature"] = json!(true);
    let (p, learner, company, tutor) = workplace(&app, "ecole-cosign", &meca).await;
    place(&app, &p, &company, &learner).await;

    let r = tutor_says(&app, &tutor, &learner, "UAA2", "2026-06-15").await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let body: Value = r.json().await.unwrap();
    assert!(body["credential"].is_null(), "{body}");
    let pending = body["workplace_result"]["id"].as_str().unwrap().to_owned();
    // Nothing issued yet, and the progress says why.
    let progress = app.progress(&p, &learner).await;
    assert_eq!(
        unit_line(&progress, "UAA2")["status"],
        "awaiting_cosignature"
    );
    let r = app.get(&p.token, "/v1/credentials").await;
    assert!(
        r.json::<Value>().await.unwrap()["credentials"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // The same result again while it waits: refused, still one.
    let r = tutor_says(&app, &tutor, &learner, "UAA2", "2026-06-16").await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(
        r.json::<Value>().await.unwrap()["code"],
        "cosignature_pending"
    );
    // The tutor cannot co-sign their own result.
    let confirm = json!({"decision": "confirm", "assessor": "Mme Leroy"});
    let path = format!("/v1/workplace-results/{pending}/cosignature");
    assert_eq!(
        app.post(&tutor, &path, &confirm).await.status(),
        StatusCode::FORBIDDEN
    );

    // The tutor follows their own results; another company's tutor sees none of them.
    let mine: Value = app
        .get(&tutor, "/v1/workplace-results")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["workplace_results"][0]["id"], pending.as_str());
    let other = app
        .post(
            &p.token,
            "/v1/companies",
            &json!({"name": "Carrosserie Martin", "country_code": "BE"}),
        )
        .await
        .json::<Value>()
        .await
        .unwrap()["id"]
        .clone();
    let other_tutor = app
        .post(
            &p.token,
            "/v1/tokens",
            &json!({"role": "tutor", "label": "M. Martin", "company_id": other}),
        )
        .await
        .json::<Value>()
        .await
        .unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let theirs: Value = app
        .get(&other_tutor, "/v1/workplace-results?state=all")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(theirs["workplace_results"], json!([]));
    let r = app.get(&p.token, "/v1/workplace-results").await;
    let list: Value = r.json().await.unwrap();
    assert_eq!(list["workplace_results"][0]["id"], pending.as_str());
    // Another school can neither see nor co-sign it.
    let other = app.create_provider("ecole-autre").await;
    let theirs: Value = app
        .get(&other.token, "/v1/workplace-results?state=all")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(theirs["workplace_results"], json!([]));
    assert_eq!(
        app.post(&other.token, &path, &confirm).await.status(),
        StatusCode::NOT_FOUND
    );
    let r = app.post(&p.token, &path, &confirm).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["credential"]["issued"], true, "{body}");
    assert_eq!(body["workplace_result"]["state"], "confirmed");
    let vc = credential(&app, &p, body["credential"]["id"].as_str().unwrap()).await;
    let narrative = vc["evidence"][0]["narrative"].as_str().unwrap();
    assert!(
        narrative.contains("confirmed by the school assessor Mme Leroy"),
        "{narrative}"
    );
    let line = unit_line(&app.progress(&p, &learner).await, "UAA2");
    assert_eq!(line["status"], "validated");
    assert_eq!(line["route"], "work_based");
    let r = app.post(&p.token, &path, &confirm).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "already_decided");

    // Refused: nothing issued, the unit open again.
    let second = app.create_learner(&p, "Emma").await;
    place(&app, &p, &company, &second).await;
    let r = tutor_says(&app, &tutor, &second, "UAA2", "2026-06-15").await;
    let pending = r.json::<Value>().await.unwrap()["workplace_result"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = app
        .post(&p.token, &format!("/v1/workplace-results/{pending}/cosignature"),
              &json!({"decision": "refuse", "assessor": "Mme Leroy", "note": "Not observed at school"}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.json::<Value>().await.unwrap()["credential"].is_null());
    // A refused result is no assessment of the learner: nothing started for them.
    let progress = app.progress(&p, &second).await;
    assert!(
        progress["qualifications"].as_array().unwrap().is_empty(),
        "{progress}"
    );
    // A unit without the requirement is issued on the tutor's word.
    let r = tutor_says(&app, &tutor, &second, "UAA1", "2026-06-15").await;
    assert_eq!(r.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn an_admin_adds_a_company_tutor_from_the_console() {
    let app = spawn_app().await;
    let (p, learner, company, _) = workplace(&app, "ecole-console", &profile()).await;
    place(&app, &p, &company, &learner).await;
    let mut admin =
        crate::web::signed_in_staff(&app, &p.token, "direction@ecole-console.be", "admin").await;
    let csrf = admin.csrf();
    let form = |role: &'static str| {
        [
            ("csrf", csrf.as_str()),
            ("name", "Paul Dupont"),
            ("email", "tuteur@garage.be"),
            ("role", role),
            ("company", company.as_str()),
            ("password", PASSWORD),
        ]
    };
    // An assessor does not belong to a company: the API's words come back.
    let page = admin
        .post("/console/staff", &form("assessor"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("company_id"), "{page}");
    let page = admin
        .post("/console/staff", &form("tutor"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("notice ok") && page.contains("Garage Dupont"),
        "{page}"
    );
    // The new tutor signs in and sees the learner placed with the garage.
    let mut tutor = crate::web::Browser::new(&app);
    tutor.sign_in("tuteur@garage.be", PASSWORD).await;
    let (status, page) = tutor.get("/console/tutor").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Lucas Test"), "{page}");
}
