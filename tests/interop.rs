//! Interop: credentials issued through the API (by the school's examination, and by a jury on
//! a portfolio) are verified by an implementation nobody here wrote (Digital Bazaar's
//! @digitalbazaar/vc with the eddsa-rdfc-2022 and eddsa-jcs-2022 cryptosuites, and `jose` for
//! vc+jwt), driven by tests/interop/verify.mjs with an offline document loader over our
//! pinned contexts. `.ci/test` installs the npm packages and sets
//! UNITCRED_INTEROP=required; elsewhere the test says it was skipped when they are missing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::Arc;

use reqwest::Client;
use serde_json::{Value, json};
use time::macros::datetime;
use unitcred::app::startup::Application;
use unitcred::state::Config;
use unitcred::support::clock::FixedClock;

#[tokio::test]
async fn digital_bazaar_and_jose_accept_our_credentials() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let harness = root.join("tests/interop");
    if !harness.join("node_modules").exists() {
        assert_ne!(
            std::env::var("UNITCRED_INTEROP").as_deref(),
            Ok("required"),
            "run `npm ci` in tests/interop first"
        );
        eprintln!(
            "interop skipped: tests/interop/node_modules is missing (bash .ci/test installs it)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        bind: "127.0.0.1:0".parse().unwrap(),
        public_url: "https://certif.test.example".into(),
        database_url: format!("sqlite://{}/u.db?mode=rwc", dir.path().display()),
        data_dir: dir.path().to_path_buf(),
        master_key: "22".repeat(32),
        operator_token: Some("operator-token-for-interop-0123456789".into()),
        body_limit: 1 << 20,
        import_limit: 8 << 20,
        web_hosts: Vec::new(),
        trust_anchors: Vec::new(),
        example_contexts: false,
    };
    let clock = FixedClock::new(datetime!(2026-06-30 09:00:00 UTC));
    let app = Application::build_with_clock(config, Arc::new(clock))
        .await
        .unwrap();
    let base = format!("http://{}", app.local_addr().unwrap());
    tokio::spawn(app.run_until_stopped());
    let http = Client::new();

    let mut fixture = json!({
        "contextsDir": root.join("src/jsonld/contexts"),
        "now": "2026-07-01T00:00:00Z",
        "didDocuments": {}, "credentials": [], "jwts": [], "statusLists": {},
    });
    // (token, learner id) per provider, and one unit credential of ecole-key to recognise.
    let mut schools: Vec<(String, String)> = Vec::new();
    let mut to_recognise = String::new();
    for (slug, method) in [("ecole-web", "web"), ("ecole-key", "key")] {
        let created: Value = http
            .post(format!("{base}/v1/providers"))
            .bearer_auth("operator-token-for-interop-0123456789")
            .json(
                &json!({"slug": slug, "name": "Athénée royal d'Exemple", "did_method": method,
                          "url": "https://www.example.be"}),
            )
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token = created["admin_token"].as_str().unwrap().to_owned();
        let did = created["provider"]["did"].as_str().unwrap().to_owned();
        let post = |path: &str, body: Value| {
            http.post(format!("{base}{path}"))
                .bearer_auth(&token)
                .json(&body)
                .send()
        };
        let catalogue: Value =
            serde_json::from_str(include_str!("../src/app/cli/demo/catalogue.json")).unwrap();
        for profile in catalogue["profiles"].as_array().unwrap() {
            assert!(
                post("/v1/profiles", profile.clone())
                    .await
                    .unwrap()
                    .status()
                    .is_success()
            );
        }
        let learner: Value = post("/v1/learners", json!({"given_name": "Amina", "family_name": "El Idrissi",
            "email": "amina@example.be", "wallet_did": "did:key:z6Mkkr4b38asrkv8oE3mafHW9auA52SFNadkjFqKPur53U8D"}))
            .await.unwrap().json().await.unwrap();
        let learner_id = learner["learner"]["id"].as_str().unwrap();
        schools.push((token.clone(), learner_id.to_owned()));
        // UAA5 is validated by a jury on a portfolio (evidence named by digest, non-formal
        // learning), the other two by the school's examination.
        let procedure: Value = post(
            "/v1/validations",
            json!({"learner_id": learner_id,
            "profile_code": "MECA-AUTO", "profile_version": 1}),
        )
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
        let procedure = procedure["id"].as_str().unwrap().to_owned();
        let document: Value = http
            .post(format!(
                "{base}/v1/validations/{procedure}/portfolio?description=Attestation"
            ))
            .bearer_auth(&token)
            .header("content-type", "application/pdf")
            .body(b"%PDF-1.4".to_vec())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        for (code, unit) in [
            ("MECA-AUTO", "UAA2"),
            ("COIFF", "UAA3"),
            ("MECA-AUTO", "UAA5"),
        ] {
            let r: Value = if unit == "UAA5" {
                let decided: Value = post(&format!("/v1/validations/{procedure}/decisions"),
                    json!({"units": ["UAA5"], "outcome": "validated", "methods": ["portfolio", "practical"],
                           "evidence": [document["id"]], "jury": "Jury", "decided_on": "2026-06-28"}))
                    .await.unwrap().json().await.unwrap();
                decided["units"][0].clone()
            } else {
                post("/v1/assessments", json!({"learner_id": learner_id, "profile_code": code,
                    "profile_version": 1, "unit_code": unit, "assessed_on": "2026-06-28", "outcome": "validated",
                    "assessor": "Jury"})).await.unwrap().json().await.unwrap()
            };
            let id = r["credential"]["id"].as_str().unwrap();
            // One credential is revoked: the independent verifier must read its bit.
            let revoked = slug == "ecole-web" && unit == "UAA3";
            if revoked {
                let r = post(
                    &format!("/v1/credentials/{id}/revoke"),
                    json!({"reason": "issued in error"}),
                )
                .await
                .unwrap();
                assert!(r.status().is_success());
            }
            for format in ["di-rdfc", "di-jcs", "vc-jwt"] {
                let text = http
                    .get(format!("{base}/v1/credentials/{id}?format={format}"))
                    .bearer_auth(&token)
                    .send()
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap();
                let name = format!("{slug}-{unit}-{format}");
                if slug == "ecole-key" && unit == "UAA2" && format == "di-rdfc" {
                    to_recognise = text.clone();
                }
                if format == "vc-jwt" {
                    let mut forged = text.clone().into_bytes();
                    let mid = text.find('.').unwrap() + 10;
                    forged[mid] = if forged[mid] == b'A' { b'B' } else { b'A' };
                    fixture["jwts"]
                        .as_array_mut()
                        .unwrap()
                        .push(json!({"name": name, "expect": "valid", "jwt": text}));
                    fixture["jwts"]
                        .as_array_mut()
                        .unwrap()
                        .push(json!({"name": format!("{name}-tampered"),
                        "expect": "invalid", "jwt": String::from_utf8(forged).unwrap()}));
                } else {
                    let vc: Value = serde_json::from_str(&text).unwrap();
                    let list_url = vc["credentialStatus"]["statusListCredential"]
                        .as_str()
                        .unwrap()
                        .to_owned();
                    let list: Value = http
                        .get(list_url.replace("https://certif.test.example", &base))
                        .send()
                        .await
                        .unwrap()
                        .json()
                        .await
                        .unwrap();
                    fixture["statusLists"][list_url] = list;
                    let mut tampered = vc.clone();
                    tampered["credentialSubject"]["creditsEarned"] = json!(99);
                    let (name, expect) = if revoked {
                        (format!("{name}-revoked"), "invalid")
                    } else {
                        (name, "valid")
                    };
                    fixture["credentials"]
                        .as_array_mut()
                        .unwrap()
                        .push(json!({"name": name, "expect": expect, "credential": vc}));
                    fixture["credentials"]
                        .as_array_mut()
                        .unwrap()
                        .push(json!({"name": format!("{name}-tampered"),
                        "expect": "invalid", "credential": tampered}));
                }
            }
        }
        // The learner's record as a CLR: its proof covers the embedded credentials and theirs.
        let clr: Value = http
            .get(format!("{base}/v1/learners/{learner_id}/clr"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let mut tampered = clr.clone();
        tampered["credentialSubject"]["verifiableCredential"][0]["credentialSubject"]["creditsEarned"] =
            json!(99);
        fixture["credentials"]
            .as_array_mut()
            .unwrap()
            .push(json!({"name": format!("{slug}-clr"), "expect": "valid", "credential": clr}));
        fixture["credentials"].as_array_mut().unwrap().push(
            json!({"name": format!("{slug}-clr-tampered"), "expect": "invalid",
                         "credential": tampered}),
        );
        if method == "web" {
            let doc: Value = http
                .get(format!("{base}/providers/{slug}/did.json"))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            fixture["didDocuments"][did] = doc;
        }
    }
    // A recognition credential: ecole-web recognises the learner's ecole-key unit as its own
    // UAA1 (a provider of this server is trusted for its own achievements).
    let (web_token, web_learner) = &schools[0];
    let r: Value = http
        .post(format!("{base}/v1/learners/{web_learner}/recognitions"))
        .bearer_auth(web_token)
        .json(&json!({"credential": to_recognise,
                      "unit": {"profile_code": "MECA-AUTO", "profile_version": 1, "unit_code": "UAA1"}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["status"], "proposed", "{r}");
    let decided: Value = http
        .post(format!(
            "{base}/v1/recognitions/{}/decision",
            r["id"].as_str().unwrap()
        ))
        .bearer_auth(web_token)
        .json(&json!({"decision": "accept", "reason": "Partner school"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = decided["credential_id"].as_str().unwrap();
    for format in ["di-rdfc", "vc-jwt"] {
        let text = http
            .get(format!("{base}/v1/credentials/{id}?format={format}"))
            .bearer_auth(web_token)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if format == "vc-jwt" {
            fixture["jwts"].as_array_mut().unwrap().push(
                json!({"name": "ecole-web-recognition-vc-jwt", "expect": "valid", "jwt": text}),
            );
        } else {
            let vc: Value = serde_json::from_str(&text).unwrap();
            assert!(vc["credentialSubject"]["source"].is_object());
            let mut tampered = vc.clone();
            tampered["evidence"][0]["id"] = json!("urn:uuid:00000000-0000-4000-8000-000000000000");
            fixture["credentials"].as_array_mut().unwrap().push(
                json!({"name": "ecole-web-recognition-di-rdfc", "expect": "valid", "credential": vc}),
            );
            fixture["credentials"].as_array_mut().unwrap().push(
                json!({"name": "ecole-web-recognition-di-rdfc-tampered", "expect": "invalid",
                       "credential": tampered}),
            );
        }
    }
    // The web school's learner's transcript PDF, opened and rendered by PDF.js: one page,
    // the learner's name in its text, and a readable QR code per credential leading to the
    // public verifier.
    let zip = http
        .get(format!("{base}/v1/learners/{web_learner}/bundle"))
        .bearer_auth(web_token)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let files =
        unitcred::services::wallet::unzip(&zip, unitcred::services::wallet::UPLOAD_UNPACKED)
            .unwrap();
    let credentials =
        serde_json::from_slice::<Value>(&files["manifest.json"]).unwrap()["credentials"]
            .as_array()
            .unwrap()
            .len();
    let pdf_path = dir.path().join("transcript.pdf");
    let gray_path = dir.path().join("page.gray");
    std::fs::write(&pdf_path, &files["transcript.fr.pdf"]).unwrap();
    let out = std::process::Command::new("node")
        .arg(harness.join("check-pdf.mjs"))
        .arg(&pdf_path)
        .arg(&gray_path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "PDF.js: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["pages"], 1);
    assert!(
        report["text"]
            .as_str()
            .unwrap()
            .contains("Amina El Idrissi"),
        "{report}"
    );
    let (w, h) = (
        report["width"].as_u64().unwrap() as usize,
        report["height"].as_u64().unwrap() as usize,
    );
    let pixels = std::fs::read(&gray_path).unwrap();
    // Black and white, as a camera's binarization would see the printed page.
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
        if pixels[y * w + x] < 128 { 0 } else { 255 }
    });
    let mut urls: Vec<String> = img
        .detect_grids()
        .iter()
        .map(|g| g.decode().map(|d| d.1).map_err(|e| format!("{e:?}")))
        .collect::<Result<_, _>>()
        .unwrap();
    urls.sort();
    assert_eq!(urls.len(), credentials, "{urls:?}");
    assert!(
        urls.iter()
            .all(|u| u.starts_with("https://certif.test.example/verify/")),
        "{urls:?}"
    );

    // Names in the EU's other alphabets print as written: each learner's transcript, read
    // back by PDF.js, holds their name (the fonts are embedded, not the 14 standard ones).
    for (given, family, lang) in [
        ("Łukasz", "Żak", "pl"),
        ("Ayşe", "Ağaoğlu", "tr"),
        ("Γιώργος", "Παπαδόπουλος", "el"),
        ("Иван", "Петров", "bg"),
    ] {
        let learner: Value = http
            .post(format!("{base}/v1/learners"))
            .bearer_auth(web_token)
            .json(&json!({"given_name": given, "family_name": family}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = learner["learner"]["id"].as_str().unwrap();
        let r = http
            .post(format!("{base}/v1/assessments"))
            .bearer_auth(web_token)
            .json(
                &json!({"learner_id": id, "profile_code": "MECA-AUTO", "profile_version": 1,
                          "unit_code": "UAA1", "assessed_on": "2026-06-28", "outcome": "validated",
                          "assessor": "Jury"}),
            )
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{lang}");
        let zip = http
            .get(format!("{base}/v1/learners/{id}/bundle"))
            .bearer_auth(web_token)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let files =
            unitcred::services::wallet::unzip(&zip, unitcred::services::wallet::UPLOAD_UNPACKED)
                .unwrap();
        let pdf = dir.path().join(format!("transcript-{lang}.pdf"));
        std::fs::write(&pdf, &files["transcript.fr.pdf"]).unwrap();
        let out = std::process::Command::new("node")
            .arg(harness.join("check-pdf.mjs"))
            .arg(&pdf)
            .arg(dir.path().join(format!("page-{lang}.gray")))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "PDF.js: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let name = format!("{given} {family}");
        assert!(
            report["text"].as_str().unwrap().contains(&name),
            "{name} is not in the transcript's text: {report}"
        );
    }

    let path = dir.path().join("fixture.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&fixture).unwrap()).unwrap();
    let out = std::process::Command::new("node")
        .arg(harness.join("verify.mjs"))
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "third-party verification failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("interop: 43 passed, 0 failed"), "{stdout}");
}
