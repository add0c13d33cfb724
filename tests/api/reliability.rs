//! Reliability under hostile or careless clients: hang-ups mid-write, oversized and
//! over-nested inputs, zip bombs, sign-in bursts; and every error answered as a problem.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::header::{CACHE_CONTROL, CONTENT_TYPE};
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;
use tokio::task::JoinSet;

use crate::helpers::{assessment, issue_one, school, spawn_app};
use crate::web::{Browser, PASSWORD, add_staff};
use crate::zip_bomb::zip_bomb;

/// A small deterministic generator, so a failing run can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

/// Sends a request on a raw connection and hangs up after `wait` without reading the answer.
async fn hang_up_after(addr: String, request: Vec<u8>, wait: Duration) {
    let Ok(mut stream) = tokio::net::TcpStream::connect(addr).await else {
        return;
    };
    let _ = stream.write_all(&request).await;
    tokio::time::sleep(wait).await;
    drop(stream);
}

fn raw_post(host: &str, token: &str, path: &str, body: &Value) -> Vec<u8> {
    let body = body.to_string();
    format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_hanging_up_mid_write_never_wedge_the_store_nor_lose_an_acknowledged_write() {
    let app = spawn_app().await;
    let (p, _) = school(&app, "ecole-chaos").await;
    let mut learners = Vec::new();
    for i in 0..150 {
        learners.push(app.create_learner(&p, &format!("Chaos{i}")).await);
    }
    let host = app.base.trim_start_matches("http://").to_owned();
    let mut rng = Lcg(0x5eed);
    let mut tasks = JoinSet::new();
    // 450 writes (each learner × each unit): five in six hang up at a random point between
    // 0.2 and 40 ms, the others wait for their answer.
    for (i, learner) in learners.iter().enumerate() {
        for unit in ["UAA1", "UAA2", "SAFE"] {
            let body = assessment(learner, unit, "validated", "2026-06-28");
            if rng.next(6) == 0 {
                let (http, url, token) = (
                    app.http.clone(),
                    app.url("/v1/assessments"),
                    p.token.clone(),
                );
                tasks.spawn(async move {
                    let r = http
                        .post(url)
                        .bearer_auth(token)
                        .json(&body)
                        .send()
                        .await
                        .unwrap();
                    let status = r.status();
                    let text = r.text().await.unwrap();
                    assert_eq!(
                        status,
                        StatusCode::CREATED,
                        "a write that waited failed: {text}"
                    );
                    let v: Value = serde_json::from_str(&text).unwrap();
                    v["credential"]["id"].as_str().map(str::to_owned)
                });
            } else {
                let request = raw_post(&host, &p.token, "/v1/assessments", &body);
                let wait = Duration::from_micros(rng.next(40_000) + 200 * (i as u64 % 3));
                tasks.spawn({
                    let host = host.clone();
                    async move {
                        hang_up_after(host, request, wait).await;
                        None
                    }
                });
            }
        }
    }
    let mut acknowledged = Vec::new();
    while let Some(r) = tasks.join_next().await {
        if let Some(id) = r.unwrap() {
            acknowledged.push(id);
        }
    }
    assert!(!acknowledged.is_empty());
    // The hung-up requests still run to completion on the server; writers take turns in
    // arrival order, so once one more write is through, they all are.
    let barrier = app.create_learner(&p, "Barrier").await;
    issue_one(&app, &p, &barrier, "UAA1").await;
    // Then every write goes through, each well within a second.
    for i in 0..15 {
        let learner = app.create_learner(&p, &format!("After{i}")).await;
        let started = Instant::now();
        issue_one(&app, &p, &learner, "UAA1").await;
        let took = started.elapsed();
        assert!(took < Duration::from_secs(1), "write {i} took {took:?}");
    }
    // What was acknowledged is committed: a new process on the same database reads it.
    let again = app.second_instance().await;
    for id in &acknowledged {
        let r = again.get(&p.token, &format!("/v1/credentials/{id}")).await;
        assert_eq!(
            r.status(),
            StatusCode::OK,
            "acknowledged credential {id} lost"
        );
    }
    // And nothing was half-done: every stored unit credential has its assessment.
    let list: Value = again
        .get(&p.token, "/v1/credentials")
        .await
        .json()
        .await
        .unwrap();
    for c in list["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "unit")
    {
        let r = again
            .get(
                &p.token,
                &format!(
                    "/v1/learners/{}/assessments",
                    c["learner_id"].as_str().unwrap()
                ),
            )
            .await;
        if r.status() == StatusCode::OK {
            let a: Value = r.json().await.unwrap();
            assert!(
                a.to_string().contains(c["id"].as_str().unwrap()),
                "{c} has no assessment"
            );
        }
    }
}

fn is_problem(r: &reqwest::Response) -> bool {
    r.headers()[CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/problem+json")
}

#[tokio::test]
async fn every_error_is_a_problem_with_the_right_status() {
    let app = spawn_app().await;
    let (p, learner) = school(&app, "ecole-problems").await;
    let verify = app.url("/credentials/verify");

    // Oversized body (the test server takes 256 KiB): 413, as a problem.
    let big = json!({"verifiableCredential": {"x": "a".repeat(300 * 1024)}});
    let r = app.http.post(&verify).json(&big).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(is_problem(&r));
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "payload_too_large");
    assert_eq!(body["status"], 413);

    // Wrong media type: 415.
    let r = app
        .http
        .post(&verify)
        .header(CONTENT_TYPE, "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(is_problem(&r));

    // Not JSON, not the VC-API shape: 400 problems.
    for body in ["{not json", "[1, 2]"] {
        let r = app
            .http
            .post(&verify)
            .header(CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{body}");
        assert!(is_problem(&r), "{body}");
        let v: Value = r.json().await.unwrap();
        assert!(
            v["type"].is_string() && v["title"].is_string() && v["detail"].is_string(),
            "{v}"
        );
    }

    // Unknown route, wrong method, bad path parameter, missing token.
    let r = app
        .http
        .get(app.url("/v1/nothing-here"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(is_problem(&r));
    let r = app
        .http
        .delete(app.url("/credentials/verify"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(is_problem(&r));
    assert!(r.headers().contains_key("allow"));
    let r = app.get(&p.token, "/v1/credentials/not-a-uuid").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(is_problem(&r));
    let r = app
        .http
        .get(app.url("/v1/credentials"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(is_problem(&r));
    assert_eq!(
        r.json::<Value>().await.unwrap()["type"],
        "/problems/unauthorized"
    );

    // Personal data is never cached and carries the security headers.
    let r = app.get(&p.token, &format!("/v1/learners/{learner}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[CACHE_CONTROL], "no-store");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert!(r.headers().contains_key("content-security-policy"));
}

#[tokio::test]
async fn the_verifier_refuses_inputs_past_its_limits_before_working_on_them() {
    let app = spawn_app().await;
    let (p, learner) = school(&app, "ecole-limits").await;
    let id = issue_one(&app, &p, &learner, "UAA1").await;
    let vc: Value = serde_json::from_str(&app.credential_text(&p, &id, "di-rdfc").await).unwrap();

    let mut many_contexts = vc.clone();
    let contexts = many_contexts["@context"].as_array_mut().unwrap();
    while contexts.len() <= 16 {
        contexts.push(json!("https://www.w3.org/ns/credentials/v2"));
    }
    let mut many_proofs = vc.clone();
    many_proofs["proof"] = json!(vec![vc["proof"].clone(); 9]);
    let mut deep = json!("leaf");
    for _ in 0..40 {
        deep = json!({"n": deep});
    }
    let mut nested = vc.clone();
    nested["credentialSubject"]["extra"] = deep;
    for (name, input) in [
        ("contexts", many_contexts),
        ("proofs", many_proofs),
        ("depth", nested),
    ] {
        let started = Instant::now();
        let (status, body) = app.verify(input).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: {body}");
        assert_eq!(body["code"], "limit_exceeded", "{name}: {body}");
        assert_eq!(body["verified"], false);
        assert!(started.elapsed() < Duration::from_secs(1), "{name}");
    }
    // The credential itself is still fine.
    let (status, body) = app.verify(vc).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn a_zip_bomb_on_the_verifier_page_is_refused_within_its_budget() {
    let app = spawn_app().await;
    let bomb = zip_bomb(512 << 20);
    assert!(
        bomb.len() < 1 << 20,
        "the bomb is small: {} bytes",
        bomb.len()
    );
    let mut browser = Browser::new(&app);
    browser.get("/verify").await;
    let csrf = browser.csrf();
    let started = Instant::now();
    let r = browser
        .post_bytes("/verify", &[("csrf", &csrf)], ("file", "bundle.zip", &bomb))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(started.elapsed() < Duration::from_secs(5));
    // While the server is busy, health still answers at once.
    let r = app.http.get(app.url("/health")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_sign_ins_is_counted_before_any_password_is_checked() {
    let app = spawn_app().await;
    let (p, _) = school(&app, "ecole-burst").await;
    let email = "direction@ecole-burst.be";
    assert_eq!(
        add_staff(&app, &p.token, email, "admin").await.status(),
        StatusCode::CREATED
    );
    let mut tasks = JoinSet::new();
    for _ in 0..30 {
        let mut b = Browser::new(&app);
        tasks.spawn(async move { b.sign_in(email, "wrong password!!").await.status() });
    }
    // The right password, sent while the wrong ones are still being checked (Argon2 takes tens
    // of milliseconds each): the attempts are already counted, so the account is locked.
    tokio::time::sleep(Duration::from_millis(60)).await;
    let mut right = Browser::new(&app);
    let status = right.sign_in(email, PASSWORD).await.status();
    assert_ne!(
        status,
        StatusCode::SEE_OTHER,
        "signed in through a burst of wrong passwords"
    );
    let mut refused = Vec::new();
    while let Some(s) = tasks.join_next().await {
        refused.push(s.unwrap());
    }
    assert!(refused.iter().all(|s| *s != StatusCode::SEE_OTHER));
    // The address that sent them is throttled, for any account.
    assert!(
        refused.contains(&StatusCode::TOO_MANY_REQUESTS) || status == StatusCode::TOO_MANY_REQUESTS
    );
    let r = Browser::new(&app)
        .sign_in("someone-else@ecole-burst.be", "guess")
        .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    // After the window both the lock and the throttle are over.
    app.clock.advance(time::Duration::minutes(16));
    let r = Browser::new(&app).sign_in(email, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}
