use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

/// A provider whose log holds a profile, a failed and a validated unit, and a key rotation.
async fn busy_school(app: &TestApp) -> Provider {
    let (p, learner) = school(app, "ecole-audit").await;
    let r = app
        .assess(&p, &learner, "UAA1", "not_validated", "2026-06-01")
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    issue_one(app, &p, &learner, "UAA1").await;
    let r = app.post(&p.token, "/v1/keys/rotate", &json!({})).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    p
}

async fn log(app: &TestApp, p: &Provider) -> Value {
    let r = app.get(&p.token, "/v1/audit").await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

#[tokio::test]
async fn every_change_is_logged_in_an_intact_chain() {
    let app = spawn_app().await;
    let p = busy_school(&app).await;
    let doc = log(&app, &p).await;
    assert_eq!(doc["intact"], true, "{doc}");
    let entries = doc["entries"].as_array().unwrap();
    let actions: Vec<&str> = entries
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "provider.created",
            "profile.created",
            "assessment.recorded",
            "assessment.recorded",
            "credential.issued",
            "key.rotated"
        ]
    );
    assert_eq!(entries[2]["actor"], "admin:initial admin token");
    assert_eq!(doc["head"]["seq"], 6);
    assert_eq!(doc["head"]["hash"], entries[5]["hash"]);
    // Each entry names the one before it.
    assert_eq!(entries[1]["prev_hash"], entries[0]["hash"]);
    // The issuance is bound to the exact signed bytes.
    let detail: Value = serde_json::from_str(entries[4]["detail"].as_str().unwrap()).unwrap();
    let id = entries[4]["subject"].as_str().unwrap();
    let bytes = app.credential_text(&p, id, "di-rdfc").await;
    assert_eq!(
        detail["digestMultibase"],
        unitcred::domain::credential::digest_multibase(bytes.as_bytes())
    );
    // Only admins read the log.
    let r = app
        .post(
            &p.token,
            "/v1/tokens",
            &json!({"role": "assessor", "label": "M. Jury"}),
        )
        .await;
    let assessor: Value = r.json().await.unwrap();
    let r = app
        .get(assessor["token"].as_str().unwrap(), "/v1/audit")
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // The export checks out offline, and a doctored export does not.
    let out = app.cli(&["audit", "export", "--provider", "ecole-audit"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("audit.json");
    std::fs::write(&file, &out.stdout).unwrap();
    let path = file.to_str().unwrap();
    let args = [
        "audit",
        "verify",
        "--provider",
        "ecole-audit",
        "--file",
        path,
    ];
    let out = app.cli(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("6 entries, chain intact"));
    let mut doctored: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    doctored["entries"][3]["actor"] = json!("admin:someone else");
    std::fs::write(&file, serde_json::to_vec(&doctored).unwrap()).unwrap();
    let out = app.cli(&args);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken at entry 4"));
}

async fn tampered(statements: &[&str]) -> (Value, String) {
    let app = spawn_app().await;
    let p = busy_school(&app).await;
    app.raw_sql(statements).await;
    let doc = log(&app, &p).await;
    let out = app.cli(&["audit", "verify", "--provider", "ecole-audit"]);
    assert!(!out.status.success(), "the CLI must refuse a broken chain");
    (doc, String::from_utf8_lossy(&out.stderr).into_owned())
}

#[tokio::test]
async fn editing_an_entry_in_the_database_is_detected() {
    let (doc, cli) = tampered(&[
        "update audit_log set detail = replace(detail, 'not_validated', 'validated') \
                    where seq = 3",
    ])
    .await;
    assert_eq!(doc["intact"], false);
    assert_eq!(doc["break"]["seq"], 3, "{doc}");
    assert!(cli.contains("entry 3") && cli.contains("edited"), "{cli}");
}

#[tokio::test]
async fn deleting_an_entry_in_the_database_is_detected() {
    let (doc, cli) = tampered(&["delete from audit_log where seq = 4"]).await;
    assert_eq!(doc["break"]["seq"], 4, "{doc}");
    assert!(cli.contains("entry 4"), "{cli}");
    // Removing the last entries is caught by the head.
    let (doc, _) = tampered(&["delete from audit_log where seq = 6"]).await;
    assert_eq!(doc["intact"], false, "{doc}");
}

#[tokio::test]
async fn reordering_entries_in_the_database_is_detected() {
    let (doc, cli) = tampered(&[
        "update audit_log set seq = -2 where seq = 2",
        "update audit_log set seq = 2 where seq = 3",
        "update audit_log set seq = 3 where seq = -2",
    ])
    .await;
    assert_eq!(doc["break"]["seq"], 2, "{doc}");
    assert!(cli.contains("entry 2"), "{cli}");
}

#[tokio::test]
async fn two_servers_appending_at_once_keep_one_intact_chain() {
    let a = spawn_app().await;
    let (p, _) = school(&a, "ecole-duo").await;
    let b = a.second_instance().await;
    let mut learners = Vec::new();
    for i in 0..8 {
        learners.push(a.create_learner(&p, &format!("Learner{i}")).await);
    }
    let mut tasks = Vec::new();
    for (i, learner) in learners.iter().enumerate() {
        let server = if i % 2 == 0 { &a } else { &b };
        let url = server.url("/v1/assessments");
        let http = server.http.clone();
        let token = p.token.clone();
        let body = assessment(learner, "UAA1", "validated", "2026-06-28");
        tasks.push(tokio::spawn(async move {
            http.post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap()
                .status()
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::CREATED);
    }
    let doc = log(&b, &p).await;
    assert_eq!(doc["intact"], true, "{doc}");
    // provider, profile, then an assessment and a credential per learner; no gap, no fork.
    assert_eq!(doc["entries"].as_array().unwrap().len(), 2 + 8 * 2);
    assert_eq!(doc["head"]["seq"], 18);
}

/// Every list pages with `limit` and `cursor` (the `next_cursor` of the page before): nothing
/// is repeated or skipped, and a cursor from elsewhere is refused.
#[tokio::test]
async fn learners_credentials_and_the_audit_log_come_a_page_at_a_time() {
    let app = spawn_app().await;
    let (p, first) = school(&app, "ecole-pages").await;
    let mut learners = vec![first.clone()];
    for name in ["Bea", "Chloé", "Dirk", "Emre"] {
        learners.push(app.create_learner(&p, name).await);
    }
    for unit in ["UAA1", "UAA2", "SAFE"] {
        issue_one(&app, &p, &first, unit).await;
    }
    // Follows the cursors of `path` with `limit`; the ids seen and how many pages.
    async fn walk(
        app: &TestApp,
        token: &str,
        path: &str,
        key: &str,
        id: &str,
    ) -> (Vec<String>, usize) {
        let (mut seen, mut pages, mut cursor) = (Vec::new(), 0, None::<String>);
        loop {
            let sep = if path.contains('?') { '&' } else { '?' };
            let url = match &cursor {
                Some(c) => format!("{path}{sep}cursor={c}"),
                None => path.to_owned(),
            };
            let body: Value = app.get(token, &url).await.json().await.unwrap();
            pages += 1;
            for item in body[key].as_array().unwrap() {
                seen.push(item[id].to_string());
            }
            match body["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_owned()),
                None => return (seen, pages),
            }
        }
    }
    let (seen, pages) = walk(&app, &p.token, "/v1/learners?limit=2", "learners", "id").await;
    assert_eq!(pages, 3);
    // The same list as in one page, each learner once (this test's clock does not move, so
    // the order among learners enrolled at the same instant is by id).
    let whole: Value = app
        .get(&p.token, "/v1/learners?limit=1000")
        .await
        .json()
        .await
        .unwrap();
    let in_one: Vec<String> = whole["learners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].to_string())
        .collect();
    assert_eq!(seen, in_one);
    let mut expected: Vec<String> = learners.iter().map(|l| json!(l).to_string()).collect();
    let mut sorted = seen.clone();
    expected.sort();
    sorted.sort();
    assert_eq!(sorted, expected);

    let (seen, pages) = walk(
        &app,
        &p.token,
        "/v1/credentials?limit=2",
        "credentials",
        "id",
    )
    .await;
    // Three unit credentials and the qualification they complete.
    assert_eq!((seen.len(), pages), (4, 2));
    let all: Value = app
        .get(&p.token, "/v1/credentials")
        .await
        .json()
        .await
        .unwrap();
    let ids: Vec<String> = all["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].to_string())
        .collect();
    assert_eq!(seen, ids);
    assert!(all["next_cursor"].is_null());

    let whole: Value = app.get(&p.token, "/v1/audit").await.json().await.unwrap();
    let (seen, pages) = walk(&app, &p.token, "/v1/audit?limit=3", "entries", "seq").await;
    let seqs: Vec<String> = whole["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].to_string())
        .collect();
    assert_eq!(seen, seqs);
    assert_eq!(pages, seqs.len().div_ceil(3));

    // A cursor that is not an item of the list, or a limit out of range: refused.
    for path in [
        format!("/v1/learners?cursor={}", uuid::Uuid::new_v4()),
        format!("/v1/credentials?cursor={}", learners[1]),
        "/v1/credentials?limit=0".to_owned(),
        "/v1/audit?limit=0".to_owned(),
    ] {
        assert_eq!(
            app.get(&p.token, &path).await.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path}"
        );
    }
}
