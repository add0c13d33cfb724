//! Reliability of the real server process: an import killed with SIGKILL and run again ends
//! exactly like a clean run, memory stays bounded under zip bombs, and health checks answer
//! while the verifier is saturated. On embedded SQLite, or on PostgreSQL when
//! TEST_DATABASE_URL names a server.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/zip_bomb.rs"]
mod zip_bomb;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

const OPERATOR: &str = "operator-token-for-reliability-tests";

struct Server {
    child: Child,
    base: String,
    database_url: String,
    dir: std::path::PathBuf,
}

async fn database_url(dir: &std::path::Path) -> String {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(admin) if !admin.is_empty() => {
            use sqlx::Connection;
            let name = format!("unitcred_rel_{}", uuid::Uuid::new_v4().simple());
            let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
            sqlx::query(&format!("create database {name}"))
                .execute(&mut conn)
                .await
                .unwrap();
            format!("{}/{name}", admin.rsplit_once('/').unwrap().0)
        }
        _ => format!("sqlite://{}/unitcred.db?mode=rwc", dir.display()),
    }
}

impl Server {
    async fn start(dir: &std::path::Path, database_url: &str) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(env!("CARGO_BIN_EXE_unitcred"))
            .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .env("UNITCRED_DATA_DIR", dir)
            .env("UNITCRED_DATABASE_URL", database_url)
            .env("UNITCRED_MASTER_KEY", "22".repeat(32))
            .env("UNITCRED_OPERATOR_TOKEN", OPERATOR)
            .env("UNITCRED_PUBLIC_URL", "https://reliability.test.example")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let http = Client::new();
        for _ in 0..200 {
            if http.get(format!("{base}/health")).send().await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Self {
            child,
            base,
            database_url: database_url.to_owned(),
            dir: dir.to_owned(),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// SIGKILL: no shutdown, no flush, nothing but what was committed.
    fn kill(mut self) -> (std::path::PathBuf, String) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        (self.dir.clone(), self.database_url.clone())
    }

    /// Peak resident memory of the server process, in bytes.
    fn peak_rss(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let kb: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap();
        kb * 1024
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct School {
    token: String,
}

async fn post(http: &Client, url: String, token: &str, body: &Value) -> Value {
    let r = http
        .post(url)
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    r.json().await.unwrap()
}

fn profile(code: &str, award: &str) -> Value {
    let unit = |c: &str| {
        json!({"code": c, "title": {"fr": format!("Unité {c}")}, "learning_outcomes": [{"fr": "Savoir faire"}],
               "ecvet_points": 10, "assessment_type": "practical"})
    };
    json!({"code": code, "version": 1, "title": {"fr": format!("Profil {code}")}, "eqf_level": 3,
           "nqf_level": 3, "award": award, "units": [unit("U1"), unit("U2"), unit("U3")]})
}

async fn school(server: &Server, http: &Client) -> School {
    let created = post(
        http,
        server.url("/v1/providers"),
        OPERATOR,
        &json!({"slug": "ecole-rel", "name": "École fiable"}),
    )
    .await;
    let token = created["admin_token"].as_str().unwrap().to_owned();
    for (code, award) in [("AUTO", "automatic"), ("JURY", "jury")] {
        post(
            http,
            server.url("/v1/profiles"),
            &token,
            &profile(code, award),
        )
        .await;
    }
    School { token }
}

async fn counts(server: &Server, http: &Client, token: &str) -> (usize, usize, usize) {
    // Every page of the list.
    let mut creds = Vec::new();
    let mut path = "/v1/credentials?limit=1000".to_owned();
    loop {
        let list = get_json(http, server.url(&path), token).await;
        creds.extend(list["credentials"].as_array().unwrap().iter().cloned());
        match list["next_cursor"].as_str() {
            Some(c) => path = format!("/v1/credentials?limit=1000&cursor={c}"),
            None => break,
        }
    }
    let units = creds.iter().filter(|c| c["kind"] == "unit").count();
    let qualifications = creds
        .iter()
        .filter(|c| c["kind"] == "qualification")
        .count();
    let awards = get_json(http, server.url("/v1/awards?status=pending"), token).await;
    (
        units,
        qualifications,
        awards["awards"].as_array().unwrap().len(),
    )
}

/// Posts a result file (JSON) to `path`.
async fn send_file(
    server: &Server,
    http: &Client,
    token: &str,
    path: &str,
    file: &str,
) -> reqwest::Response {
    http.post(server.url(path))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(file.to_owned())
        .send()
        .await
        .unwrap()
}

async fn get_json(http: &Client, url: String, token: &str) -> Value {
    http.get(url)
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// Starts a background import of `file`; waits for its first progress report when `progress`,
/// else 30 ms. Returns the job's path and the rows written at that point.
async fn start_import(
    server: &Server,
    http: &Client,
    token: &str,
    file: &str,
    progress: bool,
) -> (String, i64) {
    let r = send_file(server, http, token, "/v1/imports", file).await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let job: Value = r.json().await.unwrap();
    let job_path = format!("/v1/imports/{}", job["job"]["id"].as_str().unwrap());
    if !progress {
        tokio::time::sleep(Duration::from_millis(30)).await;
        return (job_path, 0);
    }
    let mut written = 0;
    for _ in 0..2000 {
        let v = get_json(http, server.url(&job_path), token).await;
        written = v["job"]["written"].as_i64().unwrap();
        if written > 0 || v["job"]["state"] != "running" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    (job_path, written)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_killed_mid_way_and_run_again_ends_like_a_clean_run() {
    let dir = tempfile::tempdir().unwrap();
    let url = database_url(dir.path()).await;
    let server = Server::start(dir.path(), &url).await;
    let http = Client::new();
    let s = school(&server, &http).await;
    const LEARNERS: usize = 1000;
    let mut rows = Vec::new();
    for i in 0..LEARNERS {
        let l = post(
            &http,
            server.url("/v1/learners"),
            &s.token,
            &json!({"given_name": format!("L{i}"), "family_name": "Reprise"}),
        )
        .await;
        let id = l["learner"]["id"].as_str().unwrap().to_owned();
        for profile in ["AUTO", "JURY"] {
            for unit in ["U1", "U2", "U3"] {
                rows.push(json!({"learner": id, "profile": profile, "version": 1, "unit": unit,
                                 "assessed_on": "2026-06-29", "outcome": "validated", "assessor": "Jury"}));
            }
        }
    }
    let file = Value::Array(rows).to_string();

    // In the background, killed once some chunks are written and before the end; then again,
    // a moment after the second run starts (before its first chunk, or within one).
    let (job_path, written) = start_import(&server, &http, &s.token, &file, true).await;
    let (dir_path, url) = server.kill();
    assert!(written > 0, "the import was killed before writing anything");
    let server = Server::start(&dir_path, &url).await;
    let before = counts(&server, &http, &s.token).await;
    assert!(
        before.0 < LEARNERS * 6,
        "the kill came after the end: {before:?}"
    );
    start_import(&server, &http, &s.token, &file, false).await;
    let (dir_path, url) = server.kill();
    let server = Server::start(&dir_path, &url).await;

    let r = send_file(&server, &http, &s.token, "/v1/assessments/import", &file).await;
    assert_eq!(r.status(), StatusCode::OK);
    // Exactly what one clean run gives: every unit once, every automatic qualification, every
    // jury award opened.
    assert_eq!(
        counts(&server, &http, &s.token).await,
        (LEARNERS * 6, LEARNERS, LEARNERS)
    );
    // And the same file a third time records nothing.
    let report: Value = send_file(&server, &http, &s.token, "/v1/assessments/import", &file)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["recorded"], 0, "{report}");
    assert_eq!(report["credentials_issued"], 0, "{report}");
    assert_eq!(
        counts(&server, &http, &s.token).await,
        (LEARNERS * 6, LEARNERS, LEARNERS)
    );
    let v = get_json(&http, server.url(&job_path), &s.token).await;
    assert_eq!(v["job"]["state"], "interrupted", "{v}");
}

/// A multipart body with the CSRF field and one file, as the verifier page's form sends it.
fn form(csrf: &str, file: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----unitcredreliability";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--{boundary}\r\n\
         Content-Disposition: form-data; name=\"file\"; filename=\"bundle.zip\"\r\n\
         Content-Type: application/zip\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_stays_bounded_under_zip_bombs_and_health_answers_while_verifying() {
    let dir = tempfile::tempdir().unwrap();
    let url = database_url(dir.path()).await;
    let server = Server::start(dir.path(), &url).await;
    let http = Client::new();

    // Four bombs of 1 GiB each at once on the public verifier page.
    let r = http.get(server.url("/verify")).send().await.unwrap();
    let cookie = r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let csrf = cookie.split_once('=').unwrap().1.to_owned();
    let bomb = zip_bomb::zip_bomb(1 << 30);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..4 {
        let (ct, body) = form(&csrf, &bomb);
        let (http, url, cookie, origin) = (
            http.clone(),
            server.url("/verify"),
            cookie.clone(),
            server.base.clone(),
        );
        tasks.spawn(async move {
            http.post(url)
                .header("cookie", cookie)
                .header("origin", origin)
                .header("content-type", ct)
                .body(body)
                .send()
                .await
                .unwrap()
                .status()
        });
    }
    while let Some(status) = tasks.join_next().await {
        assert_eq!(status.unwrap(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let peak = server.peak_rss();
    assert!(peak < 256 << 20, "peak RSS {} MiB", peak >> 20);

    // The verifier saturated by 16 clients; health checks still answer at once.
    let s = school(&server, &http).await;
    let learner = post(
        &http,
        server.url("/v1/learners"),
        &s.token,
        &json!({"given_name": "V", "family_name": "Erif"}),
    )
    .await;
    let id = learner["learner"]["id"].as_str().unwrap();
    let issued = post(
        &http,
        server.url("/v1/assessments"),
        &s.token,
        &json!({"learner_id": id, "profile_code": "AUTO", "profile_version": 1, "unit_code": "U1",
                "assessed_on": "2026-06-29", "outcome": "validated", "assessor": "Jury"}),
    )
    .await;
    let cred = issued["credential"]["id"].as_str().unwrap();
    let vc = get_json(
        &http,
        server.url(&format!("/v1/credentials/{cred}?format=di-rdfc")),
        &s.token,
    )
    .await;
    let body = json!({"verifiableCredential": vc});
    let until = Instant::now() + Duration::from_secs(3);
    let mut load = tokio::task::JoinSet::new();
    for _ in 0..16 {
        let (http, url, body) = (
            http.clone(),
            server.url("/credentials/verify"),
            body.clone(),
        );
        load.spawn(async move {
            let mut n = 0u32;
            while Instant::now() < until {
                let r = http.post(&url).json(&body).send().await.unwrap();
                let status = r.status();
                assert_eq!(status, StatusCode::OK, "{}", r.text().await.unwrap());
                n += 1;
            }
            n
        });
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut latencies = Vec::new();
    while Instant::now() + Duration::from_millis(200) < until {
        let started = Instant::now();
        let r = http.get(server.url("/health")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        latencies.push(started.elapsed());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut verified = 0;
    while let Some(n) = load.join_next().await {
        verified += n.unwrap();
    }
    latencies.sort();
    let p90 = latencies[latencies.len() * 9 / 10];
    assert!(verified > 100, "the verifier was not saturated: {verified}");
    assert!(
        p90 < Duration::from_millis(50),
        "health p90 {p90:?} under load ({latencies:?})"
    );
}
