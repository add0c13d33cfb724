//! Learner access: a personal, expiring, revocable code that opens the learner's own data.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, issue_one, school, spawn_app};

async fn code_for(app: &TestApp, token: &str, learner: &str, body: Value) -> (StatusCode, Value) {
    let r = app
        .post(token, &format!("/v1/learners/{learner}/access"), &body)
        .await;
    let status = r.status();
    (status, r.json().await.unwrap())
}

#[tokio::test]
async fn a_learner_code_opens_only_that_learners_data() {
    let app = spawn_app().await;
    let (p, amina) = school(&app, "ecole-a").await;
    let bilal = app.create_learner(&p, "Bilal").await;
    let mine = issue_one(&app, &p, &amina, "UAA1").await;
    let theirs = issue_one(&app, &p, &bilal, "UAA1").await;

    let (status, access) = code_for(
        &app,
        &p.token,
        &amina,
        json!({"label": "Carnet 2026", "valid_days": 30}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{access}");
    let code = access["code"].as_str().unwrap();
    assert!(code.starts_with("ucl_"));
    assert_eq!(
        access["link"],
        format!("https://certif.test.example/learner#code={code}")
    );
    assert_eq!(access["expires_at"], "2026-07-30T09:00:00Z");

    let me: Value = app.get(code, "/learner/v1/me").await.json().await.unwrap();
    assert_eq!(me["learner"]["given_name"], "Amina");
    assert_eq!(me["credentials"].as_array().unwrap().len(), 1);
    assert_eq!(me["qualifications"][0]["units"][0]["status"], "validated");
    let r = app
        .get(
            code,
            &format!("/learner/v1/credentials/{mine}?format=vc-jwt"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/vc+jwt");
    // Another learner's credential does not exist for this code.
    let r = app
        .get(code, &format!("/learner/v1/credentials/{theirs}"))
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = app.get(code, "/learner/v1/clr").await;
    assert_eq!(r.status(), StatusCode::OK);
    // The code is no school token, and a school token is no learner code.
    assert_eq!(
        app.get(code, "/v1/credentials").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get(&p.token, "/learner/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get("ucl_forged", "/learner/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );

    // Only admins issue codes, only for their own learners.
    let r = app
        .post(
            &p.token,
            "/v1/tokens",
            &json!({"role": "assessor", "label": "Mme A"}),
        )
        .await;
    let assessor: Value = r.json().await.unwrap();
    let (status, _) = code_for(&app, assessor["token"].as_str().unwrap(), &amina, json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (other, _) = school(&app, "ecole-b").await;
    let (status, _) = code_for(&app, &other.token, &amina, json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = code_for(&app, &p.token, &amina, json!({"valid_days": 0})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // Listed without the code; revoked, it opens nothing.
    let list: Value = app
        .get(&p.token, &format!("/v1/learners/{amina}/access"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["access"][0]["label"], "Carnet 2026");
    assert!(list["access"][0].get("code").is_none());
    assert!(!list.to_string().contains(code));
    let id = access["id"].as_str().unwrap();
    assert_eq!(
        app.post(
            &other.token,
            &format!("/v1/learner-access/{id}/revoke"),
            &json!({})
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );
    let r = app
        .post(
            &p.token,
            &format!("/v1/learner-access/{id}/revoke"),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        app.get(code, "/learner/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );

    // A code expires.
    let (_, access) = code_for(&app, &p.token, &amina, json!({"valid_days": 1})).await;
    let code = access["code"].as_str().unwrap();
    assert_eq!(
        app.get(code, "/learner/v1/me").await.status(),
        StatusCode::OK
    );
    app.clock.advance(time::Duration::days(1));
    assert_eq!(
        app.get(code, "/learner/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let audit: Value = app.get(&p.token, "/v1/audit").await.json().await.unwrap();
    let actions = audit["entries"].to_string();
    assert!(
        actions.contains("learner_access.issued") && actions.contains("learner_access.revoked")
    );
}
