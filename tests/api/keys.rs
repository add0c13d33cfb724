use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

async fn rdfc(app: &TestApp, p: &Provider, id: &str) -> Value {
    serde_json::from_str(&app.credential_text(p, id, "di-rdfc").await).unwrap()
}

async fn active_key(app: &TestApp, p: &Provider) -> String {
    let keys: Value = app.get(&p.token, "/v1/keys").await.json().await.unwrap();
    let active: Vec<&Value> = keys["keys"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|k| k["active"] == true)
        .collect();
    assert_eq!(active.len(), 1, "{keys}");
    active[0]["key_ref"].as_str().unwrap().to_owned()
}

async fn did_document(app: &TestApp, p: &Provider) -> Value {
    app.http
        .get(app.url(&format!("/providers/{}/did.json", p.slug)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn rotation_keeps_old_credentials_valid_and_signs_new_ones_with_the_new_key() {
    let app = spawn_app().await;
    let (p, learner) = school(&app, "ecole-k").await;
    let old_key = active_key(&app, &p).await;
    let old_id = issue_one(&app, &p, &learner, "UAA1").await;
    let old_vc = rdfc(&app, &p, &old_id).await;

    let r = app.post(&p.token, "/v1/keys/rotate", &json!({})).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let change: Value = r.json().await.unwrap();
    assert_eq!(change["retired"], json!([old_key]));
    let new_key = active_key(&app, &p).await;
    assert_eq!(change["active"], new_key);
    assert_ne!(new_key, old_key);

    let new_id = issue_one(&app, &p, &learner, "UAA2").await;
    let new_vc = rdfc(&app, &p, &new_id).await;
    let vm = |vc: &Value| {
        vc["proof"][0]["verificationMethod"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_ne!(vm(&old_vc), vm(&new_vc));
    for vc in [old_vc, new_vc] {
        let (status, verdict) = app.verify(vc).await;
        assert_eq!(status, StatusCode::OK, "{verdict}");
        assert_eq!(verdict["verified"], true);
    }
    // Both keys are published; only the new one signs.
    let doc = did_document(&app, &p).await;
    assert_eq!(doc["assertionMethod"].as_array().unwrap().len(), 4, "{doc}");
    let jwks: Value = app
        .http
        .get(app.url(&format!("/providers/{}/jwks.json", p.slug)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(jwks["keys"].as_array().unwrap().len(), 2);

    // Staff who are not admins cannot change keys.
    let r = app
        .post(
            &p.token,
            "/v1/tokens",
            &json!({"role": "assessor", "label": "M. Jury"}),
        )
        .await;
    let assessor: Value = r.json().await.unwrap();
    let assessor = assessor["token"].as_str().unwrap();
    let r = app.post(assessor, "/v1/keys/rotate", &json!({})).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // A did:key identifier is its key.
    let r = app
        .post(
            OPERATOR,
            "/v1/providers",
            &json!({"slug": "solo", "name": "Solo", "did_method": "key"}),
        )
        .await;
    let solo: Value = r.json().await.unwrap();
    let r = app
        .post(
            solo["admin_token"].as_str().unwrap(),
            "/v1/keys/rotate",
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "did_key_fixed");
}

#[tokio::test]
async fn a_compromised_key_fails_what_it_signed_from_then_on() {
    let app = spawn_app().await;
    let (p, learner) = school(&app, "ecole-c").await;
    let key = active_key(&app, &p).await;
    let before = issue_one(&app, &p, &learner, "UAA1").await; // 2026-06-30 09:00
    app.clock.advance(time::Duration::days(1));
    let after = issue_one(&app, &p, &learner, "UAA2").await; // 2026-07-01 09:00

    let url = format!("/v1/keys/{key}/compromised");
    let r = app.post(&p.token, &url, &json!({"reason": " "})).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post(
            &p.token,
            &url,
            &json!({"reason": "laptop stolen", "since": "2026-08-01T00:00:00Z"}),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "not in the future"
    );
    let r = app
        .post(
            &p.token,
            &url,
            &json!({"reason": "laptop stolen", "since": "2026-06-30T21:00:00Z"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    // It was the signing key: a new one replaced it.
    let replacement = active_key(&app, &p).await;
    assert_ne!(replacement, key);
    assert_eq!(body["keys"]["active"], replacement);

    let (status, verdict) = app.verify(rdfc(&app, &p, &before).await).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "signed before the compromise: {verdict}"
    );
    let (status, problem) = app.verify(rdfc(&app, &p, &after).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem["code"], "key_revoked", "{problem}");
    // The DID document tells every verifier, not only this one.
    let doc = did_document(&app, &p).await;
    let revoked: Vec<&Value> = doc["verificationMethod"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["revoked"] == "2026-06-30T21:00:00Z")
        .collect();
    assert_eq!(revoked.len(), 2, "{doc}");

    let fresh = issue_one(&app, &p, &learner, "SAFE").await;
    let (status, verdict) = app.verify(rdfc(&app, &p, &fresh).await).await;
    assert_eq!(status, StatusCode::OK, "{verdict}");

    let r = app.post(&p.token, &url, &json!({"reason": "again"})).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let r = app
        .post(
            &p.token,
            "/v1/keys/nope/compromised",
            &json!({"reason": "x"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn keys_rotate_on_the_command_line_and_the_running_server_follows() {
    let app = spawn_app().await;
    let (p, learner) = school(&app, "ecole-cli").await;
    let old_key = active_key(&app, &p).await;
    let out = app.cli(&["keys", "rotate", "--provider", "ecole-cli"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let new_key = active_key(&app, &p).await;
    assert_ne!(new_key, old_key);
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("signing key: {new_key}")));
    // The server reads which key is active when it signs: no restart needed.
    let id = issue_one(&app, &p, &learner, "UAA1").await;
    let vc = rdfc(&app, &p, &id).await;
    assert!(
        vc["proof"][0]["verificationMethod"]
            .as_str()
            .unwrap()
            .contains(&new_key),
        "{vc}"
    );

    let out = app.cli(&["keys", "list", "--provider", "ecole-cli"]);
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(listing.contains(&format!("{old_key}  created")) && listing.contains("retired"));
    let out = app.cli(&[
        "keys",
        "compromised",
        &old_key,
        "--provider",
        "ecole-cli",
        "--reason",
        "leaked",
        "--since",
        "2099-01-01T00:00:00Z",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("future"));
    let out = app.cli(&[
        "keys",
        "compromised",
        &old_key,
        "--provider",
        "ecole-cli",
        "--reason",
        "leaked",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A retired key marked compromised changes nothing for the signing key.
    assert_eq!(active_key(&app, &p).await, new_key);
    let out = app.cli(&["keys", "list", "--provider", "ecole-cli"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("compromised since"));
}
