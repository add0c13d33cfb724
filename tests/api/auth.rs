use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

#[tokio::test]
async fn endpoints_require_a_valid_token_and_role() {
    let app = spawn_app().await;
    let (p, learner) = school(&app, "ecole-a").await;
    let r = app.http.get(app.url("/v1/learners")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(r.headers()["www-authenticate"], "Bearer");
    assert_eq!(
        app.get("uc_not-a-token", "/v1/learners").await.status(),
        StatusCode::UNAUTHORIZED
    );
    // Provider tokens cannot create providers; only the operator can.
    let r = app
        .post(
            &p.token,
            "/v1/providers",
            &json!({"slug": "x", "name": "X"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    let r = app
        .post(
            &p.token,
            "/v1/tokens",
            &json!({"role": "assessor", "label": "M. Jury"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let assessor = r.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    // Assessors record assessments but do not manage learners or the referential.
    let r = app
        .post(
            &assessor,
            "/v1/assessments",
            &assessment(&learner, "UAA1", "not_validated", "2026-06-01"),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    let r = app
        .post(
            &assessor,
            "/v1/learners",
            &json!({"given_name": "A", "family_name": "B"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.post(&assessor, "/v1/profiles", &profile())
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn providers_never_see_each_others_data() {
    let app = spawn_app().await;
    let (a, learner_a) = school(&app, "ecole-a").await;
    let (b, _) = school(&app, "ecole-b").await;
    let cred_a = issue_one(&app, &a, &learner_a, "UAA1").await;

    assert_eq!(
        app.get(&b.token, &format!("/v1/learners/{learner_a}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&b.token, &format!("/v1/learners/{learner_a}/assessments"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&b.token, &format!("/v1/credentials/{cred_a}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&b.token, &format!("/v1/credentials/{cred_a}?format=vc-jwt"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let listed: Value = app
        .get(&b.token, "/v1/learners")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        listed["learners"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["id"] != learner_a.as_str())
    );
    let creds: Value = app
        .get(&b.token, &format!("/v1/credentials?learner_id={learner_a}"))
        .await
        .json()
        .await
        .unwrap();
    assert!(creds["credentials"].as_array().unwrap().is_empty());
    // B cannot record an assessment for A's learner.
    let r = app
        .assess(&b, &learner_a, "UAA2", "validated", "2026-06-28")
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = spawn_app().await;
    let (p, _) = school(&app, "ecole-a").await;
    let big = "x".repeat(300 * 1024);
    let r = app
        .post(
            &p.token,
            "/v1/learners",
            &json!({"given_name": big, "family_name": "B"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let r = app
        .http
        .post(app.url("/credentials/verify"))
        .json(&json!({"verifiableCredential": big}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
}
