//! The web pages over plain HTTP (no browser): staff accounts and sign-in, sessions, CSRF and
//! origin checks, cookie attributes, roles and tenants in the console, the background import
//! the console uses, the learner link, and the verifier form. The browser itself is exercised
//! by tests/browser.rs.

use reqwest::header::{CONTENT_TYPE, COOKIE, LOCATION, ORIGIN, SET_COOKIE};
use reqwest::{Client, StatusCode, redirect};
use serde_json::{Value, json};

use crate::helpers::{PUBLIC_URL, TestApp, issue_one, school, spawn_app};

pub const PASSWORD: &str = "correct horse battery staple";

/// A browser without JavaScript: keeps cookies by hand, never follows redirects, and sends
/// the `Origin` of the page it is on (the server's own address).
pub struct Browser {
    http: Client,
    base: String,
    cookies: Vec<(String, String)>,
}

impl Browser {
    pub fn new(app: &TestApp) -> Self {
        Self {
            http: Client::builder()
                .redirect(redirect::Policy::none())
                .build()
                .unwrap(),
            base: app.base.clone(),
            cookies: Vec::new(),
        }
    }

    /// A browser on another machine: its connections come from `ip` (any 127.x.y.z address
    /// reaches the loopback server).
    pub fn from_address(app: &TestApp, ip: [u8; 4]) -> Self {
        Self {
            http: Client::builder()
                .redirect(redirect::Policy::none())
                .local_address(std::net::IpAddr::from(ip))
                .build()
                .unwrap(),
            base: app.base.clone(),
            cookies: Vec::new(),
        }
    }

    pub fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn keep(&mut self, r: &reqwest::Response) -> Vec<String> {
        let set: Vec<String> = r
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        for c in &set {
            let (name, value) = c.split(';').next().unwrap().split_once('=').unwrap();
            self.cookies.retain(|(k, _)| k != name);
            if !value.is_empty() {
                self.cookies.push((name.into(), value.into()));
            }
        }
        set
    }

    pub async fn get(&mut self, path: &str) -> (StatusCode, String) {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .send()
            .await
            .unwrap();
        self.keep(&r);
        let status = r.status();
        (status, r.text().await.unwrap())
    }

    pub fn csrf(&self) -> String {
        self.cookies
            .iter()
            .find(|(k, _)| k == "uc_csrf")
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .header(ORIGIN, &self.base)
            .form(form)
            .send()
            .await
            .unwrap();
        self.keep(&r);
        r
    }

    /// A multipart form with text fields and one file field, as a browser sends it.
    pub async fn post_file(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &str, &str),
    ) -> reqwest::Response {
        let (name, file_name, content) = file;
        self.post_bytes(path, fields, (name, file_name, content.as_bytes()))
            .await
    }

    /// A multipart form with text fields and one binary file field.
    pub async fn post_bytes(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &str, &[u8]),
    ) -> reqwest::Response {
        let boundary = "----unitcredbinaryboundary";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        let (name, file_name, content) = file;
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(content);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .header(ORIGIN, &self.base)
            .header(
                CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .await
            .unwrap();
        self.keep(&r);
        r
    }

    pub async fn sign_in(&mut self, email: &str, password: &str) -> reqwest::Response {
        self.get("/console/login").await;
        let csrf = self.csrf();
        self.post(
            "/console/login",
            &[("csrf", &csrf), ("email", email), ("password", password)],
        )
        .await
    }
}

pub async fn add_staff(app: &TestApp, token: &str, email: &str, role: &str) -> reqwest::Response {
    app.post(
        token,
        "/v1/staff",
        &json!({"email": email, "name": "Mme Lambert", "role": role, "password": PASSWORD}),
    )
    .await
}

/// A staff member of the provider whose admin token is `token`, added and signed in.
pub async fn signed_in_staff(app: &TestApp, token: &str, email: &str, role: &str) -> Browser {
    assert_eq!(
        add_staff(app, token, email, role).await.status(),
        StatusCode::CREATED
    );
    let mut browser = Browser::new(app);
    assert_eq!(
        browser.sign_in(email, PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    browser
}

#[tokio::test]
async fn staff_accounts_sign_in_with_a_hashed_password_csrf_and_strict_cookies() {
    let app = spawn_app().await;
    let (p, _) = school(&app, "ecole-a").await;

    let r = app
        .post(
            &p.token,
            "/v1/staff",
            &json!({"email": "not-an-address", "name": "", "role": "boss", "password": "short"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await.unwrap();
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["email", "name", "role", "password"]);

    let r = add_staff(&app, &p.token, "Direction@Ecole-A.be", "admin").await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let text = r.text().await.unwrap();
    assert!(
        !text.contains(PASSWORD) && !text.contains("argon2"),
        "{text}"
    );
    let created: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(created["staff"]["email"], "direction@ecole-a.be");
    let r = add_staff(&app, &p.token, "direction@ecole-a.be", "assessor").await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    // Only Argon2id PHC strings are stored: an account whose stored hash were anything else
    // would be gone, and signing in below would fail.
    app.raw_sql(&["delete from web_sessions where token_hash is null",
                  "delete from staff_accounts where password_hash not like '$argon2id$v=19$m=19456,t=2,p=1$%'"])
        .await;

    let mut browser = Browser::new(&app);
    let (status, page) = browser.get("/console").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let (status, page) = browser.get("/console/login").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<html lang=\"fr\">") && page.contains("Connexion du personnel"));
    let csrf = browser.csrf();
    assert!(page.contains(&format!("name=\"csrf\" value=\"{csrf}\"")));

    // No token, a wrong token, a token posted from another site: refused before any check.
    for form in [
        vec![("email", "direction@ecole-a.be"), ("password", PASSWORD)],
        vec![
            ("csrf", "forged-forged-forged-forged-forged-forged"),
            ("email", "direction@ecole-a.be"),
            ("password", PASSWORD),
        ],
    ] {
        let r = browser.post("/console/login", &form).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
    let r = browser
        .http
        .post(format!("{}/console/login", app.base))
        .header(COOKIE, browser.cookie_header())
        .header(ORIGIN, "https://evil.example")
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", "direction@ecole-a.be"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let r = browser
        .sign_in("direction@ecole-a.be", "wrong password!!")
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = browser.sign_in("nobody@ecole-a.be", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // Five failures in a row lock the account for 15 minutes, right password or not.
    for _ in 0..4 {
        let r = browser
            .sign_in("direction@ecole-a.be", "wrong password!!")
            .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let r = browser.sign_in("direction@ecole-a.be", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "locked");
    // Locked for that address only: the staff member signs in from their own machine, so
    // nobody can keep them out by failing on purpose; the first address stays locked.
    let mut own = Browser::from_address(&app, [127, 0, 0, 2]);
    let r = own.sign_in("direction@ecole-a.be", PASSWORD).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "another address is not locked"
    );
    let r = browser.sign_in("direction@ecole-a.be", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "still locked here");
    // Failures from an address that then stops trying are forgotten after a day: four now and
    // one tomorrow do not lock the account.
    let mut third = Browser::from_address(&app, [127, 0, 0, 3]);
    for _ in 0..4 {
        let r = third
            .sign_in("direction@ecole-a.be", "wrong password!!")
            .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    app.clock.advance(time::Duration::hours(25));
    let r = third
        .sign_in("direction@ecole-a.be", "wrong password!!")
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = third.sign_in("direction@ecole-a.be", PASSWORD).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "stale failures were kept"
    );
    app.clock.advance(time::Duration::minutes(16));
    let r = browser.sign_in("DIRECTION@ecole-a.be", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], "/console");
    let set = r
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("uc_session="))
        .unwrap();
    // Served over TLS (the public URL is https): Secure, with HttpOnly and SameSite=Strict.
    for attribute in [
        "HttpOnly",
        "SameSite=Strict",
        "Secure",
        "Path=/",
        "Max-Age=43200",
    ] {
        assert!(set.contains(attribute), "{set}");
    }
    let (status, page) = browser.get("/console").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Mme Lambert") && page.contains("administration"));
    let r = browser
        .http
        .get(format!("{}/console", app.base))
        .header(COOKIE, browser.cookie_header())
        .send()
        .await
        .unwrap();
    let csp = r.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"));
    assert_eq!(r.headers()["x-frame-options"], "DENY");
    assert_eq!(r.headers()["cache-control"], "no-store");

    // The sign-in is in the audit log under the staff member's name.
    let audit: Value = app.get(&p.token, "/v1/audit").await.json().await.unwrap();
    let last = audit["entries"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "staff.signed_in");
    assert_eq!(last["actor"], "admin:staff:direction@ecole-a.be");
    assert_eq!(audit["intact"], true);

    // Signing out ends the session on the server, not only in the browser.
    let stolen = browser.cookie_header();
    let csrf = browser.csrf();
    let r = browser.post("/console/logout", &[("csrf", &csrf)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = browser
        .http
        .get(format!("{}/console", app.base))
        .header(COOKIE, stolen)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn console_actions_go_through_the_api_with_the_staff_role_and_tenant() {
    let app = spawn_app().await;
    let (a, learner_a) = school(&app, "ecole-a").await;
    let (b, learner_b) = school(&app, "ecole-b").await;
    assert_eq!(
        add_staff(&app, &a.token, "jury@ecole-a.be", "assessor")
            .await
            .status(),
        StatusCode::CREATED
    );
    assert_eq!(
        add_staff(&app, &a.token, "admin@ecole-a.be", "admin")
            .await
            .status(),
        StatusCode::CREATED
    );
    assert_eq!(
        add_staff(&app, &b.token, "admin@ecole-b.be", "admin")
            .await
            .status(),
        StatusCode::CREATED
    );

    // An assessor records a result from the form (once, even when the form is sent twice)...
    let mut assessor = Browser::new(&app);
    assert_eq!(
        assessor.sign_in("jury@ecole-a.be", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    let (status, page) = assessor
        .get(&format!("/console/learners/{learner_a}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let idem = page
        .split("name=\"idempotency\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let csrf = assessor.csrf();
    let form = [
        ("csrf", csrf.as_str()),
        ("idempotency", idem.as_str()),
        ("unit", "MECA|1|UAA1"),
        ("assessed_on", "2026-06-29"),
        ("outcome", "validated"),
        ("assessor", "Mme Lambert"),
        ("assessment_type", ""),
        ("remediation_note", ""),
    ];
    for _ in 0..2 {
        let r = assessor
            .post(&format!("/console/learners/{learner_a}/assessments"), &form)
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let page = r.text().await.unwrap();
        assert!(
            page.contains("Résultat enregistré. Attestation délivrée."),
            "{page}"
        );
    }
    let creds: Value = app
        .get(&a.token, &format!("/v1/credentials?learner_id={learner_a}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        creds["credentials"].as_array().unwrap().len(),
        1,
        "issued once"
    );
    let audit: Value = app.get(&a.token, "/v1/audit").await.json().await.unwrap();
    assert!(
        audit["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["actor"] == "assessor:staff:jury@ecole-a.be"
                && e["action"].as_str().unwrap().starts_with("credential"))
    );

    // ...but the API's admin rules hold in the console: no key rotation, no audit log.
    let csrf = assessor.csrf();
    let r = assessor
        .post("/console/keys/rotate", &[("csrf", &csrf)])
        .await;
    let page = r.text().await.unwrap();
    // The API's refusal, in the console's language.
    assert!(
        page.contains("Votre rôle ne permet pas cette action"),
        "{page}"
    );
    let (status, _) = assessor.get("/console/audit").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let keys: Value = app.get(&a.token, "/v1/keys").await.json().await.unwrap();
    assert_eq!(keys["keys"].as_array().unwrap().len(), 1);

    // An admin of school B sees nothing of school A.
    let mut other = Browser::new(&app);
    assert_eq!(
        other.sign_in("admin@ecole-b.be", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    let (status, _) = other.get(&format!("/console/learners/{learner_a}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, page) = other.get("/console/learners").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&learner_b) && !page.contains(&learner_a));
    let credential = creds["credentials"][0]["id"].as_str().unwrap().to_owned();
    let csrf = other.csrf();
    let r = other
        .post(
            &format!("/console/credentials/{credential}/status"),
            &[
                ("csrf", &csrf),
                ("action", "revoke"),
                ("reason", "x"),
                ("learner", &learner_b),
            ],
        )
        .await;
    assert!(r.text().await.unwrap().contains("Attestation introuvable."));

    // The admin of A revokes with a reason; disabling the assessor ends their session.
    let mut admin = Browser::new(&app);
    assert_eq!(
        admin.sign_in("admin@ecole-a.be", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    let csrf = admin.csrf();
    // A referential file uploaded from the console goes through POST /v1/profiles, profile by
    // profile; the assessor may not.
    let mut second = crate::helpers::profile();
    second["code"] = json!("CARROS");
    let mut broken = crate::helpers::profile();
    broken["code"] = json!("BROKEN");
    broken["eqf_level"] = json!(12);
    let referential = json!({"profiles": [second, broken]}).to_string();
    let r = admin
        .post_file(
            "/console/profiles",
            &[("csrf", &csrf), ("document", "")],
            ("referential", "ref.json", &referential),
        )
        .await;
    let page = r.text().await.unwrap();
    assert!(page.contains("CARROS v1: importé"), "{page}");
    assert!(
        page.contains("BROKEN v1: ") && page.contains("eqf_level"),
        "{page}"
    );
    let profiles: Value = app
        .get(&a.token, "/v1/profiles")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(profiles["profiles"].as_array().unwrap().len(), 2);
    let acsrf = assessor.csrf();
    let r = assessor
        .post_file(
            "/console/profiles",
            &[("csrf", &acsrf)],
            ("referential", "ref.json", &referential),
        )
        .await;
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Votre rôle ne permet pas cette action")
    );
    let r = admin
        .post(
            &format!("/console/credentials/{credential}/status"),
            &[
                ("csrf", &csrf),
                ("action", "revoke"),
                ("reason", "Fraude constatée"),
                ("learner", &learner_a),
            ],
        )
        .await;
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Statut modifié") && page.contains("Fraude constatée"),
        "{page}"
    );
    let staff: Value = app.get(&a.token, "/v1/staff").await.json().await.unwrap();
    let jury = staff["staff"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["email"] == "jury@ecole-a.be")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = admin
        .post(
            &format!("/console/staff/{jury}/disable"),
            &[("csrf", &csrf)],
        )
        .await;
    assert!(r.text().await.unwrap().contains("Compte désactivé"));
    let (status, _) = assessor.get("/console").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        assessor.sign_in("jury@ecole-a.be", PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let _ = b;
}

#[tokio::test]
async fn result_files_import_in_the_background_with_progress() {
    let app = spawn_app().await;
    let (a, _) = school(&app, "ecole-a").await;
    let (b, _) = school(&app, "ecole-b").await;
    let learners: Value = app
        .get(&a.token, "/v1/learners")
        .await
        .json()
        .await
        .unwrap();
    let learner = learners["learners"][0]["id"].as_str().unwrap().to_owned();
    let csv = format!(
        "learner;profile;version;unit;assessed_on;outcome;assessor\n\
         {learner};MECA;1;UAA1;2026-06-20;validated;Jury\n\
         {learner};MECA;1;UAA2;2026-06-20;validated;Jury\n\
         {learner};MECA;1;SAFE;2026-06-21;validated;Jury\n\
         nobody;MECA;1;UAA1;2026-06-20;validated;Jury\n"
    );
    let r = app
        .http
        .post(format!("{}/v1/imports", app.base))
        .bearer_auth(&a.token)
        .header(CONTENT_TYPE, "text/plain")
        .body(csv.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let r = app
        .http
        .post(format!("{}/v1/imports", app.base))
        .bearer_auth(&a.token)
        .header(CONTENT_TYPE, "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let location = r.headers()[LOCATION].to_str().unwrap().to_owned();
    let job: Value = r.json().await.unwrap();
    assert_eq!(job["job"]["state"], "running");
    let mut done = Value::Null;
    for _ in 0..200 {
        let v: Value = app.get(&a.token, &location).await.json().await.unwrap();
        if v["job"]["state"] != "running" {
            done = v["job"].clone();
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(done["state"], "done", "{done}");
    assert_eq!(
        (done["total"].as_i64(), done["written"].as_i64()),
        (Some(4), Some(4))
    );
    assert_eq!(done["report"]["recorded"], 3);
    assert_eq!(done["report"]["rejected"], 1);
    assert_eq!(done["report"]["credentials_issued"], 3);
    assert_eq!(done["report"]["qualifications_issued"], 1);
    assert_eq!(done["credentials_issued"], 3);
    // Another school's token does not see the job; a malformed file fails with its reason.
    assert_eq!(
        app.get(&b.token, &location).await.status(),
        StatusCode::NOT_FOUND
    );
    let r = app
        .http
        .post(format!("{}/v1/imports", app.base))
        .bearer_auth(&a.token)
        .header(CONTENT_TYPE, "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    let location = r.headers()[LOCATION].to_str().unwrap().to_owned();
    let mut failed = Value::Null;
    for _ in 0..200 {
        let v: Value = app.get(&a.token, &location).await.json().await.unwrap();
        if v["job"]["state"] != "running" {
            failed = v["job"].clone();
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(failed["state"], "failed", "{failed}");
    assert!(failed["error"].as_str().unwrap().len() > 10, "{failed}");
}

#[tokio::test]
async fn the_learner_link_opens_only_that_learners_page() {
    let app = spawn_app().await;
    let (a, amina) = school(&app, "ecole-a").await;
    let lucas = app.create_learner(&a, "Lucas").await;
    issue_one(&app, &a, &amina, "UAA1").await;
    let r = app
        .post(
            &a.token,
            &format!("/v1/learners/{amina}/access"),
            &json!({}),
        )
        .await;
    let access: Value = r.json().await.unwrap();
    let link = access["link"].as_str().unwrap();
    let code = access["code"].as_str().unwrap();
    assert_eq!(link, format!("{PUBLIC_URL}/learner/open?code={code}"));

    let mut browser = Browser::new(&app);
    let (status, _) = browser.get(&format!("/learner/{amina}")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = browser.get("/learner/open?code=ucl_forged").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let r = browser
        .http
        .get(format!("{}/learner/open?code={code}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], format!("/learner/{amina}"));
    assert_eq!(r.headers()["referrer-policy"], "same-origin");
    let set = browser.keep(&r);
    let session = set.iter().find(|c| c.starts_with("uc_learner=")).unwrap();
    assert!(
        session.contains("HttpOnly")
            && session.contains("SameSite=Lax")
            && session.contains("Secure")
    );
    assert!(!session.contains(code));

    let (status, page) = browser.get(&format!("/learner/{amina}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Bonjour Amina") && page.contains("UAA1") && page.contains("validée"),
        "{page}"
    );
    // The whole record to the wallet, one QR code.
    assert!(page.contains(&format!("/learner/{amina}/offer")));
    let csrf = browser.csrf();
    let r = browser
        .post(&format!("/learner/{amina}/offer"), &[("csrf", &csrf)])
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let offer_page = r.text().await.unwrap();
    assert!(
        offer_page.contains("openid-credential-offer://"),
        "{offer_page}"
    );
    let (status, page) = browser.get(&format!("/learner/{lucas}")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("autre apprenant"));
    let r = browser
        .http
        .get(format!("{}/learner/{amina}/bundle", app.base))
        .header(COOKIE, browser.cookie_header())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.bytes().await.unwrap().starts_with(b"PK"));
    // A learner's session is no staff session, and a revoked code closes it.
    let (status, _) = browser.get("/console").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let id = access["id"].as_str().unwrap();
    let r = app
        .post(
            &a.token,
            &format!("/v1/learner-access/{id}/revoke"),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let (status, _) = browser.get(&format!("/learner/{amina}")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_verifier_form_works_without_javascript_and_keeps_nothing() {
    let app = spawn_app().await;
    let (a, amina) = school(&app, "ecole-a").await;
    let id = issue_one(&app, &a, &amina, "UAA1").await;
    let text = app.credential_text(&a, &id, "di-rdfc").await;

    let mut browser = Browser::new(&app);
    let (status, page) = browser.get("/verify").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("enctype=\"multipart/form-data\""));
    // multipart/form-data as a browser sends it, with an empty file field.
    let submit = |csrf: Option<String>, credential: String| {
        let boundary = "----unitcredformboundary";
        let mut body = String::new();
        if let Some(c) = csrf {
            body.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{c}\r\n"
            ));
        }
        body.push_str(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"credential\"\r\n\r\n{credential}\r\n"));
        body.push_str(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n\r\n--{boundary}--\r\n"));
        browser
            .http
            .post(format!("{}/verify", app.base))
            .header(COOKIE, browser.cookie_header())
            .header(
                CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
    };
    let r = submit(None, text.clone()).await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = submit(Some(browser.csrf()), text.clone()).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.unwrap();
    assert!(page.contains("data-verified=\"true\""), "{page}");
    assert!(page.contains("Athénée") || page.contains("ecole-a"));
    assert!(page.contains("data-check=\"proof\""));
    // Each check's line is in the page's language.
    assert!(page.contains("signature eddsa-rdfc-2022 valable"), "{page}");
    assert!(
        page.contains("la clé appartient à l&#39;émetteur"),
        "{page}"
    );

    let mut tampered: Value = serde_json::from_str(&text).unwrap();
    tampered["credentialSubject"]["creditsEarned"] = json!(99);
    let r = submit(Some(browser.csrf()), tampered.to_string())
        .await
        .unwrap();
    let page = r.text().await.unwrap();
    assert!(page.contains("data-verified=\"false\""));
    assert!(
        page.contains("class=\"check failed\" data-check=\"proof\""),
        "{page}"
    );
    assert!(
        page.contains("la signature ne correspond pas à l&#39;attestation"),
        "{page}"
    );
    // A presentation holding the credential twice, once as its vc+jwt form.
    let jwt = app.credential_text(&a, &id, "vc-jwt").await;
    let vp = json!({"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiablePresentation"],
                    "verifiableCredential": [serde_json::from_str::<Value>(&text).unwrap(),
                        {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["EnvelopedVerifiableCredential"],
                         "id": format!("data:application/vc+jwt,{}", jwt.trim())}]});
    let r = submit(Some(browser.csrf()), vp.to_string()).await.unwrap();
    let page = r.text().await.unwrap();
    assert!(page.contains("Présentation"), "{page}");
    assert_eq!(page.matches("data-verified=\"true\"").count(), 2, "{page}");
    let r = submit(Some(browser.csrf()), "hello".into()).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // A JSON client still gets JSON at /verify/{id}; a browser gets the page.
    let r = app
        .http
        .get(format!("{}/verify/{id}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["verified"], true);
    let page_in = |language: &'static str| {
        let request = app
            .http
            .get(format!("{}/verify/{id}", app.base))
            .header("accept", "text/html,application/xhtml+xml")
            .header("accept-language", language);
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let page = page_in("en-GB,en;q=0.9").await;
    assert!(page.contains("<html lang=\"en\">") && page.contains("data-verified=\"true\""));
    assert!(page.contains("eddsa-rdfc-2022 signature valid"), "{page}");
    let page = page_in("de-BE").await;
    assert!(page.contains("eddsa-rdfc-2022-Signatur gültig"), "{page}");
    assert!(
        page.contains("nicht markiert (revocation, suspension)"),
        "{page}"
    );
    // Nothing submitted was stored: the school still has one credential.
    let creds: Value = app
        .get(&a.token, "/v1/credentials")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(creds["credentials"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_command_line_adds_staff_and_resets_passwords() {
    let app = spawn_app().await;
    let (a, _) = school(&app, "ecole-a").await;
    let run = |args: &[&str], password: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_unitcred"))
            .args(args)
            .envs(app.env.iter().map(|(k, v)| (k, v)))
            .env("UNITCRED_STAFF_PASSWORD", password)
            .output()
            .unwrap()
    };
    let add = [
        "staff",
        "add",
        "--provider",
        "ecole-a",
        "--email",
        "Secretariat@ecole-a.be",
        "--name",
        "Secrétariat",
    ];
    let out = run(&add, "short");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("password"));
    let out = run(&add, PASSWORD);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !run(&add, PASSWORD).status.success(),
        "the same address twice"
    );
    let staff: Value = app.get(&a.token, "/v1/staff").await.json().await.unwrap();
    assert_eq!(staff["staff"][0]["role"], "assessor");
    assert_eq!(staff["staff"][0]["created_by"], "cli");
    // A company tutor: refused without their company, then added with it; signed in, the
    // console sends them to their own page.
    let company: Value = app
        .post(
            &a.token,
            "/v1/companies",
            &json!({"name": "Garage Dupont", "country_code": "BE"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let tutor = [
        "staff",
        "add",
        "--provider",
        "ecole-a",
        "--email",
        "tuteur@garage.be",
        "--name",
        "Paul Dupont",
        "--role",
        "tutor",
    ];
    assert!(
        !run(&tutor, PASSWORD).status.success(),
        "a tutor without a company"
    );
    let mut with_company = tutor.to_vec();
    with_company.extend(["--company", company["id"].as_str().unwrap()]);
    let out = run(&with_company, PASSWORD);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut tutor_browser = Browser::new(&app);
    tutor_browser.sign_in("tuteur@garage.be", PASSWORD).await;
    let (status, _) = tutor_browser.get("/console/learners").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, page) = tutor_browser.get("/console/tutor").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Garage Dupont"), "{page}");

    let mut browser = Browser::new(&app);
    assert_eq!(
        browser
            .sign_in("secretariat@ecole-a.be", PASSWORD)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let out = run(
        &["staff", "password", "--email", "secretariat@ecole-a.be"],
        "another long passphrase",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (status, _) = browser.get("/console").await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "the old session ends with the old password"
    );
    let mut again = Browser::new(&app);
    assert_eq!(
        again
            .sign_in("secretariat@ecole-a.be", PASSWORD)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        again
            .sign_in("secretariat@ecole-a.be", "another long passphrase")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn reviews_and_personal_links_are_handled_from_the_console() {
    let app = spawn_app().await;
    let (a, learner) = school(&app, "ecole-a").await;
    let uaa1 = issue_one(&app, &a, &learner, "UAA1").await;
    issue_one(&app, &a, &learner, "UAA2").await;
    issue_one(&app, &a, &learner, "SAFE").await;
    assert_eq!(
        add_staff(&app, &a.token, "admin@ecole-a.be", "admin")
            .await
            .status(),
        StatusCode::CREATED
    );
    let mut admin = Browser::new(&app);
    assert_eq!(
        admin.sign_in("admin@ecole-a.be", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    let csrf = admin.csrf();

    // Revoking a unit the qualification rests on opens a review, decided from the jury page.
    let r = admin
        .post(
            &format!("/console/credentials/{uaa1}/status"),
            &[
                ("csrf", &csrf),
                ("action", "revoke"),
                ("reason", "Erreur d'encodage"),
                ("learner", &learner),
            ],
        )
        .await;
    assert!(r.text().await.unwrap().contains("Statut modifié"));
    let (_, page) = admin.get("/console/awards").await;
    let review = page
        .split("/console/reviews/")
        .nth(1)
        .expect("a review form")
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let r = admin
        .post(
            &format!("/console/reviews/{review}/decision"),
            &[
                ("csrf", &csrf),
                ("decision", "revoke"),
                ("reason", "L'unité ne tient plus"),
            ],
        )
        .await;
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Décision enregistrée") && page.contains("L&#39;unité ne tient plus"),
        "{page}"
    );
    let reviews: Value = app.get(&a.token, "/v1/reviews").await.json().await.unwrap();
    assert_eq!(reviews["reviews"][0]["decision"], "revoke");
    assert_eq!(
        reviews["reviews"][0]["decided_by"],
        "admin:staff:admin@ecole-a.be"
    );

    // A personal link made in the console opens the learner's page until it is revoked there.
    let r = admin
        .post(
            &format!("/console/learners/{learner}/access"),
            &[("csrf", &csrf)],
        )
        .await;
    let page = r.text().await.unwrap();
    let link = page
        .split("readonly value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&");
    let code = link.split("code=").nth(1).unwrap().to_owned();
    let mut learner_browser = Browser::new(&app);
    let (status, _) = learner_browser
        .get(&format!("/learner/open?code={code}"))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _) = learner_browser.get(&format!("/learner/{learner}")).await;
    assert_eq!(status, StatusCode::OK);
    let access = page
        .split("/console/learner-access/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let r = admin
        .post(
            &format!("/console/learner-access/{access}/revoke"),
            &[("csrf", &csrf), ("learner", &learner)],
        )
        .await;
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Lien révoqué") && page.contains("révoqué</td>"),
        "{page}"
    );
    let (status, _) = learner_browser.get(&format!("/learner/{learner}")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

/// The learners list searches names, e-mails and references (API `q` and the console's search
/// box), and the console shows it a page at a time.
#[tokio::test]
async fn learners_are_searched_and_paged_in_the_api_and_the_console() {
    let app = spawn_app().await;
    let (p, _) = school(&app, "ecole-search").await;
    for i in 0..55 {
        app.create_learner(&p, &format!("Eleve{i:02}")).await;
    }
    let chloe = app.create_learner(&p, "Chloé").await;
    let found: Value = app
        .get(&p.token, "/v1/learners?q=CHLO")
        .await
        .json()
        .await
        .unwrap();
    let ids: Vec<&str> = found["learners"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["id"].as_str())
        .collect();
    assert_eq!(ids, [chloe.as_str()]);
    // By e-mail too; a wildcard typed in the box is taken literally.
    let by_mail: Value = app
        .get(&p.token, "/v1/learners?q=eleve07%40")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_mail["learners"].as_array().unwrap().len(), 1);
    let literal: Value = app
        .get(&p.token, "/v1/learners?q=%25")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        literal["learners"].as_array().unwrap().is_empty(),
        "{literal}"
    );

    let mut admin = signed_in_staff(&app, &p.token, "admin@ecole-search.be", "admin").await;
    let (status, page) = admin.get("/console/learners?q=chlo").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Chloé") && !page.contains("Eleve01"),
        "search"
    );
    assert!(page.contains("role=\"search\""));
    // 57 learners: the first page has 50 and a link to the next, which has the rest.
    let (_, first) = admin.get("/console/learners").await;
    assert_eq!(first.matches("/console/learners/").count(), 50);
    let start = first
        .find("/console/learners?q=&amp;cursor=")
        .expect("next page link");
    let next = first[start..]
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&");
    let (status, second) = admin.get(&next).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(second.matches("/console/learners/").count(), 7);
    assert!(!second.contains("cursor="), "no page after the last");
}

/// An admin declares a key compromised from the console; an assessor cannot.
#[tokio::test]
async fn a_key_is_declared_compromised_from_the_console() {
    let app = spawn_app().await;
    let (p, learner) = school(&app, "ecole-keys").await;
    let before = issue_one(&app, &p, &learner, "UAA1").await;
    let keys: Value = app.get(&p.token, "/v1/keys").await.json().await.unwrap();
    let key_ref = keys["keys"][0]["key_ref"].as_str().unwrap().to_owned();

    let mut assessor = signed_in_staff(&app, &p.token, "jury@ecole-keys.be", "assessor").await;
    let csrf = assessor.csrf();
    let r = assessor
        .post(
            &format!("/console/keys/{key_ref}/compromised"),
            &[("csrf", &csrf), ("reason", "test")],
        )
        .await;
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Votre rôle ne permet pas cette action")
    );

    let mut admin = signed_in_staff(&app, &p.token, "admin@ecole-keys.be", "admin").await;
    let (status, page) = admin.get("/console/keys").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(&format!("/console/keys/{key_ref}/compromised")),
        "form shown"
    );
    let csrf = admin.csrf();
    let r = admin
        .post(
            &format!("/console/keys/{key_ref}/compromised"),
            &[
                ("csrf", &csrf),
                ("reason", "Portable volé"),
                ("since", "2026-06-29T08:00"),
            ],
        )
        .await;
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("La clé est déclarée compromise")
    );
    let keys: Value = app.get(&p.token, "/v1/keys").await.json().await.unwrap();
    let old = keys["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["key_ref"] == key_ref.as_str())
        .unwrap()
        .clone();
    assert_eq!(old["compromised_since"], "2026-06-29T08:00:00Z", "{keys}");
    assert!(
        keys["keys"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["active"] == true && k["key_ref"] != key_ref.as_str()),
        "replaced"
    );
    // What it signed after that moment no longer verifies.
    let vc: Value =
        serde_json::from_str(&app.credential_text(&p, &before, "di-rdfc").await).unwrap();
    let (status, body) = app.verify(vc).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("key_revoked"))
    );
}

/// The console's audit log comes newest first, a hundred entries a page, with a link to older.
#[tokio::test]
async fn the_console_audit_log_pages_back_in_time() {
    let app = spawn_app().await;
    let (p, first) = school(&app, "ecole-log").await;
    let mut learners = vec![first];
    for i in 0..39 {
        learners.push(app.create_learner(&p, &format!("Eleve{i:02}")).await);
    }
    for l in &learners {
        for unit in ["UAA1", "UAA2", "SAFE"] {
            issue_one(&app, &p, l, unit).await;
        }
    }
    let mut admin = signed_in_staff(&app, &p.token, "admin@ecole-log.be", "admin").await;
    // Read after the sign-in, the last entry the pages will show.
    let whole: Value = app.get(&p.token, "/v1/audit").await.json().await.unwrap();
    let total = whole["entries"].as_array().unwrap().len();
    assert!(total > 200, "{total} entries");
    let rows = |page: &str| page.matches("<tr><td class=\"num\">").count();
    let (status, page) = admin.get("/console/audit").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(rows(&page), 100);
    // The newest entry heads the first page (the sign-in just made).
    assert!(page.contains("staff.signed_in"));
    let start = page
        .find("/console/audit?before=")
        .expect("older entries link");
    let next = page[start..].split('"').next().unwrap().to_owned();
    let (_, older) = admin.get(&next).await;
    let mut seen = 100 + rows(&older);
    let mut page = older;
    while let Some(start) = page.find("/console/audit?before=") {
        let next = page[start..].split('"').next().unwrap().to_owned();
        let (_, p2) = admin.get(&next).await;
        seen += rows(&p2);
        page = p2;
    }
    assert_eq!(seen, total);
}

/// A foreign unit credential is brought for a learner from the console, pasted as received.
#[tokio::test]
async fn a_foreign_credential_is_submitted_from_the_console() {
    let app = spawn_app().await;
    let (a, learner) = school(&app, "ecole-a").await;
    let (b, other) = school(&app, "ecole-b").await;
    let foreign = issue_one(&app, &b, &other, "UAA1").await;
    let text = app.credential_text(&b, &foreign, "di-rdfc").await;
    let mut assessor = signed_in_staff(&app, &a.token, "jury@ecole-a.be", "assessor").await;
    let (status, page) = assessor.get(&format!("/console/learners/{learner}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("/console/learners/{learner}/recognitions")));
    let csrf = assessor.csrf();
    let r = assessor
        .post(
            &format!("/console/learners/{learner}/recognitions"),
            &[
                ("csrf", csrf.as_str()),
                ("credential", text.as_str()),
                ("unit", "MECA|1|UAA1"),
            ],
        )
        .await;
    let page = r.text().await.unwrap();
    assert!(page.contains("enregistrée pour reconnaissance"), "{page}");
    let list: Value = app
        .get(&a.token, &format!("/v1/learners/{learner}/recognitions"))
        .await
        .json()
        .await
        .unwrap();
    let recognitions = list["recognitions"].as_array().unwrap();
    assert_eq!(recognitions.len(), 1, "{list}");
    // Text that is no credential: recorded as refused, with the reason, like through the API.
    let r = assessor
        .post(
            &format!("/console/learners/{learner}/recognitions"),
            &[("csrf", csrf.as_str()), ("credential", "not a credential")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let list: Value = app
        .get(&a.token, &format!("/v1/learners/{learner}/recognitions"))
        .await
        .json()
        .await
        .unwrap();
    let statuses: Vec<(&str, Option<&str>)> = list["recognitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["status"].as_str().unwrap(), r["refusal_code"].as_str()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("proposed", None),
            ("refused", Some("malformed_credential"))
        ]
    );
}
