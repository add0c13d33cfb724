use std::sync::Arc;

use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};
use time::macros::datetime;
use unitcred::app::startup::Application;
use unitcred::state::Config;
use unitcred::support::clock::FixedClock;

pub const OPERATOR: &str = "operator-token-for-tests-0123456789";
pub const PUBLIC_URL: &str = "https://certif.test.example";

pub struct TestApp {
    pub base: String,
    pub http: Client,
    pub clock: FixedClock,
    /// What the command line needs to work on the same data as this server.
    pub env: Vec<(&'static str, String)>,
    _dir: tempfile::TempDir,
}

/// A fresh database URL: a temporary SQLite file, or a new PostgreSQL database created on
/// the server named by TEST_DATABASE_URL.
async fn database_url(dir: &tempfile::TempDir) -> String {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(admin_url) if !admin_url.is_empty() => {
            use sqlx::Connection;
            let name = format!("unitcred_test_{}", uuid::Uuid::new_v4().simple());
            let mut conn = sqlx::PgConnection::connect(&admin_url)
                .await
                .expect("connect to TEST_DATABASE_URL");
            sqlx::query(&format!("create database {name}"))
                .execute(&mut conn)
                .await
                .expect("create database");
            let (base, _) = admin_url
                .rsplit_once('/')
                .expect("URL with a database name");
            format!("{base}/{name}")
        }
        _ => format!("sqlite://{}/unitcred.db?mode=rwc", dir.path().display()),
    }
}

pub async fn spawn_app() -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    let database_url = database_url(&dir).await;
    spawn_app_on(dir, database_url, PUBLIC_URL, Vec::new(), Vec::new()).await
}

/// A server of another organisation: its own database and public URL, reaching the hosts
/// in `web_hosts` (`host` → base URL) on 127.0.0.1 instead of over HTTPS.
pub async fn spawn_other_app(public_url: &str, web_hosts: Vec<(String, String)>) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    let database_url = database_url(&dir).await;
    spawn_app_on(dir, database_url, public_url, web_hosts, Vec::new()).await
}

/// `spawn_other_app` that accepts registry files signed by `trust_anchors`.
pub async fn spawn_app_with_anchors(
    public_url: &str,
    web_hosts: Vec<(String, String)>,
    trust_anchors: Vec<String>,
) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    let database_url = database_url(&dir).await;
    spawn_app_on(dir, database_url, public_url, web_hosts, trust_anchors).await
}

impl TestApp {
    /// Another server process on the same database (and master key), as when scaling out.
    pub async fn second_instance(&self) -> TestApp {
        let url = self
            .env
            .iter()
            .find(|(k, _)| *k == "UNITCRED_DATABASE_URL")
            .unwrap()
            .1
            .clone();
        spawn_app_on(
            tempfile::tempdir().expect("tempdir"),
            url,
            PUBLIC_URL,
            Vec::new(),
            Vec::new(),
        )
        .await
    }
}

async fn spawn_app_on(
    dir: tempfile::TempDir,
    database_url: String,
    public_url: &str,
    web_hosts: Vec<(String, String)>,
    trust_anchors: Vec<String>,
) -> TestApp {
    let env = vec![
        ("UNITCRED_DATABASE_URL", database_url.clone()),
        ("UNITCRED_DATA_DIR", dir.path().display().to_string()),
        ("UNITCRED_MASTER_KEY", "11".repeat(32)),
        ("UNITCRED_PUBLIC_URL", public_url.to_owned()),
    ];
    let config = Config {
        bind: "127.0.0.1:0".parse().unwrap(),
        public_url: public_url.into(),
        database_url,
        data_dir: dir.path().to_path_buf(),
        master_key: "11".repeat(32),
        operator_token: Some(OPERATOR.into()),
        body_limit: 256 * 1024,
        import_limit: 8 << 20,
        web_hosts,
        trust_anchors,
        example_contexts: false,
    };
    let clock = FixedClock::new(datetime!(2026-06-30 09:00:00 UTC));
    let app = Application::build_with_clock(config, Arc::new(clock.clone()))
        .await
        .expect("app builds");
    let addr = app.local_addr().unwrap();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        base: format!("http://{addr}"),
        http: Client::new(),
        clock,
        env,
        _dir: dir,
    }
}

pub struct Provider {
    #[allow(dead_code)]
    pub slug: String,
    pub did: String,
    pub token: String,
}

impl TestApp {
    /// Runs the `unitcred` command line on this server's data.
    pub fn cli(&self, args: &[&str]) -> std::process::Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_unitcred"))
            .args(args)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .output()
            .expect("run unitcred")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, token: &str, path: &str) -> Response {
        self.http
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    pub async fn post(&self, token: &str, path: &str, body: &Value) -> Response {
        self.http
            .post(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn create_provider(&self, slug: &str) -> Provider {
        let r = self
            .post(
                OPERATOR,
                "/v1/providers",
                &json!({"slug": slug, "name": format!("École {slug}")}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let body: Value = r.json().await.unwrap();
        Provider {
            slug: slug.into(),
            did: body["provider"]["did"].as_str().unwrap().into(),
            token: body["admin_token"].as_str().unwrap().into(),
        }
    }

    pub async fn create_profile(&self, p: &Provider, profile: &Value) {
        let r = self.post(&p.token, "/v1/profiles", profile).await;
        assert_eq!(
            r.status(),
            StatusCode::CREATED,
            "{}",
            r.text().await.unwrap()
        );
    }

    pub async fn create_learner(&self, p: &Provider, given: &str) -> String {
        let r = self
            .post(&p.token, "/v1/learners", &json!({"given_name": given, "family_name": "Test",
                                                   "email": format!("{}@example.be", given.to_lowercase())}))
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let body: Value = r.json().await.unwrap();
        body["learner"]["id"].as_str().unwrap().into()
    }

    pub async fn assess(
        &self,
        p: &Provider,
        learner: &str,
        unit: &str,
        outcome: &str,
        on: &str,
    ) -> Response {
        self.post(
            &p.token,
            "/v1/assessments",
            &assessment(learner, unit, outcome, on),
        )
        .await
    }

    /// The stored signed rendering of a credential, as raw text.
    pub async fn credential_text(&self, p: &Provider, id: &str, format: &str) -> String {
        let r = self
            .get(&p.token, &format!("/v1/credentials/{id}?format={format}"))
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        r.text().await.unwrap()
    }

    pub async fn verify(&self, vc: Value) -> (StatusCode, Value) {
        let r = self
            .http
            .post(self.url("/credentials/verify"))
            .json(&json!({"verifiableCredential": vc}))
            .send()
            .await
            .unwrap();
        let status = r.status();
        (status, r.json().await.unwrap())
    }
}

pub fn assessment(learner: &str, unit: &str, outcome: &str, on: &str) -> Value {
    json!({"learner_id": learner, "profile_code": "MECA", "profile_version": 1, "unit_code": unit,
           "assessed_on": on, "outcome": outcome, "assessor": "M. Jury"})
}

pub fn profile() -> Value {
    json!({
        "code": "MECA", "version": 1,
        "title": {"fr": "Mécanicien·ne automobile", "en": "Car mechanic"},
        "eqf_level": 4, "nqf_level": 4, "isced_f": "0716",
        "units": [
            {"code": "UAA1", "title": {"fr": "Entretien courant"}, "learning_outcomes": [{"fr": "Effectuer la vidange"}],
             "ecvet_points": 10, "assessment_type": "practical"},
            {"code": "UAA2", "title": {"fr": "Freinage"}, "learning_outcomes": [{"fr": "Remplacer les plaquettes"}],
             "ecvet_points": 12.5, "assessment_type": "oral", "esco_skills": ["http://data.europa.eu/esco/skill/abc"]},
            {"code": "SAFE", "title": {"fr": "Sécurité"}, "learning_outcomes": [{"fr": "Appliquer les consignes"}],
             "ecvet_points": 2, "assessment_type": "written", "validity_days": 30}
        ]
    })
}

/// A provider with the MECA profile and one learner.
pub async fn school(app: &TestApp, slug: &str) -> (Provider, String) {
    let p = app.create_provider(slug).await;
    app.create_profile(&p, &profile()).await;
    let learner = app.create_learner(&p, "Amina").await;
    (p, learner)
}

/// Issues a UAA1 credential and returns its id.
pub async fn issue_one(app: &TestApp, p: &Provider, learner: &str, unit: &str) -> String {
    let r = app
        .assess(p, learner, unit, "validated", "2026-06-28")
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["credential"]["issued"], true);
    body["credential"]["id"].as_str().unwrap().into()
}

impl TestApp {
    /// Runs SQL directly on this server's database, as someone with access to it could.
    pub async fn raw_sql(&self, statements: &[&str]) {
        use sqlx::Connection;
        let url = &self
            .env
            .iter()
            .find(|(k, _)| *k == "UNITCRED_DATABASE_URL")
            .unwrap()
            .1;
        if url.starts_with("postgres") {
            let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
            for s in statements {
                sqlx::query(s).execute(&mut conn).await.unwrap();
            }
        } else {
            let mut conn = sqlx::SqliteConnection::connect(url).await.unwrap();
            for s in statements {
                sqlx::query(s).execute(&mut conn).await.unwrap();
            }
        }
    }
}

/// A development e-seal (its CA, chain and key as PEM) for a provider's EDCs.
pub struct Seal {
    pub ca_pem: String,
    pub chain_pem: String,
    pub key_pem: String,
}

/// A development seal for `org_id`, valid from a month before the tests' clock for two years.
pub fn dev_seal(organisation: &str, org_id: &str) -> Seal {
    let dev = unitcred::europass::certs::dev_seal(
        "BE",
        organisation,
        org_id,
        unitcred::europass::certs::KeyKind::Rsa2048,
        datetime!(2026-06-01 00:00:00 UTC),
        730,
    )
    .unwrap();
    Seal {
        ca_pem: dev.ca_pem,
        chain_pem: dev.chain_pem,
        key_pem: dev.key_pem,
    }
}

impl TestApp {
    /// Installs a development seal for the provider (its admin) and trusts its CA (the
    /// operator), as `unitcred demo` does.
    pub async fn install_seal(&self, p: &Provider, org_id: &str) -> Seal {
        let seal = dev_seal(&format!("École {}", p.slug), org_id);
        let r = self
            .http
            .put(self.url("/v1/seal"))
            .bearer_auth(&p.token)
            .json(&json!({"certificate_chain": seal.chain_pem, "private_key": seal.key_pem}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            StatusCode::CREATED,
            "{}",
            r.text().await.unwrap()
        );
        self.trust_seal_ca(&seal.ca_pem).await;
        seal
    }

    pub async fn trust_seal_ca(&self, pem: &str) {
        let r = self
            .post(OPERATOR, "/v1/trust/seal-cas", &json!({ "pem": pem }))
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    }
}

impl TestApp {
    /// The learner's progress (`GET /v1/learners/{id}/progress`).
    pub async fn progress(&self, p: &Provider, learner: &str) -> Value {
        self.get(&p.token, &format!("/v1/learners/{learner}/progress"))
            .await
            .json()
            .await
            .unwrap()
    }
}

/// One unit's line in the first qualification of a progress answer.
pub fn unit_line(progress: &Value, code: &str) -> Value {
    progress["qualifications"][0]["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit_code"] == code)
        .unwrap()
        .clone()
}
