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

fn unzip(bytes: &[u8]) -> std::collections::BTreeMap<String, Vec<u8>> {
    unitcred::services::wallet::unzip(bytes, unitcred::services::wallet::UPLOAD_UNPACKED).unwrap()
}

fn rezip(files: &std::collections::BTreeMap<String, Vec<u8>>) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (path, bytes) in files {
        zip.start_file(path.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The PDF's cross-reference table points at every object, and it has `pages` pages.
fn check_pdf_structure(pdf: &[u8], pages: usize) {
    assert!(pdf.starts_with(b"%PDF-1.7\n"));
    let tail = String::from_utf8_lossy(&pdf[pdf.len() - 40..]).into_owned();
    let start: usize = tail
        .rsplit("startxref\n")
        .next()
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let xref = String::from_utf8(pdf[start..].to_vec()).unwrap();
    let count: usize = xref
        .lines()
        .nth(1)
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    for (i, line) in xref.lines().skip(3).take(count - 1).enumerate() {
        let offset: usize = line[..10].parse().unwrap();
        assert!(
            pdf[offset..].starts_with(format!("{} 0 obj", i + 1).as_bytes()),
            "object {}",
            i + 1
        );
    }
    let text = String::from_utf8_lossy(pdf);
    assert!(text.contains(&format!("/Type/Pages/Count {pages}/")));
    assert_eq!(text.matches("/Type/Page/").count(), pages);
    // The text font is embedded (a subset of DejaVu Sans), not one of the 14 standard fonts.
    assert!(text.contains("+DejaVuSans/") && text.contains("/FontFile2"));
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// Runs `unitcred verify` on `bytes` written to a file; (exit success, JSON report).
fn verify_offline(app: &TestApp, bytes: &[u8]) -> (bool, Value) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bundle.zip");
    std::fs::write(&path, bytes).unwrap();
    // The CLI gets no database and no network settings: only the file.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_unitcred"))
        .args([
            "verify",
            path.to_str().unwrap(),
            "--json",
            "--at",
            "2026-07-15T10:00:00Z",
        ])
        .env_clear()
        .output()
        .unwrap();
    let _ = app;
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    (out.status.success(), report)
}

#[tokio::test]
async fn the_wallet_bundle_is_complete_deterministic_and_verifies_offline() {
    let app = spawn_app().await;
    let (p, amina) = school(&app, "ecole-a").await;
    for unit in ["UAA1", "UAA2", "SAFE"] {
        issue_one(&app, &p, &amina, unit).await;
    }
    let bilal = app.create_learner(&p, "Bilal").await;
    let (_, access) = code_for(&app, &p.token, &amina, json!({})).await;
    let code = access["code"].as_str().unwrap();
    let (_, other) = code_for(&app, &p.token, &bilal, json!({})).await;

    let r = app.get(code, "/learner/v1/bundle").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/zip");
    let bundle = r.bytes().await.unwrap().to_vec();
    // Deterministic: the same data gives the same bytes, for the learner and for the school.
    let again = app
        .get(code, "/learner/v1/bundle")
        .await
        .bytes()
        .await
        .unwrap()
        .to_vec();
    assert_eq!(sha256(&bundle), sha256(&again));
    let staff = app
        .get(&p.token, &format!("/v1/learners/{amina}/bundle"))
        .await
        .bytes()
        .await
        .unwrap()
        .to_vec();
    assert_eq!(sha256(&bundle), sha256(&staff));
    // Bilal's code gets Bilal's record (none yet), never Amina's.
    let r = app
        .get(other["code"].as_str().unwrap(), "/learner/v1/bundle")
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);

    let files = unzip(&bundle);
    let manifest: Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    assert_eq!(manifest["learner"]["given_name"], "Amina");
    // Three units and the qualification, each in both forms; the CLR; the transcript; the
    // issuer's DID document; the status lists; the contexts.
    let credentials = manifest["credentials"].as_array().unwrap();
    assert_eq!(credentials.len(), 4);
    for c in credentials {
        assert!(files.contains_key(c["files"]["di"].as_str().unwrap()));
        assert!(files.contains_key(c["files"]["jwt"].as_str().unwrap()));
    }
    for path in [
        "record.clr.json",
        "transcript.fr.html",
        "did/0.json",
        "contexts/index.json",
        "contexts/credentials-v2.jsonld",
        "contexts/ob-v3p0-context-3.0.3.json",
    ] {
        assert!(files.contains_key(path), "{path} missing");
    }
    assert_eq!(
        manifest["status_snapshot"]["lists"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        manifest["status_snapshot"]["taken_at"],
        "2026-06-30T09:00:00Z"
    );
    for f in manifest["files"].as_array().unwrap() {
        let path = f["path"].as_str().unwrap();
        assert_eq!(f["sha256"], sha256(&files[path]), "{path}");
    }
    // Every file but the manifest and its signature is listed.
    assert_eq!(manifest["files"].as_array().unwrap().len(), files.len() - 2);
    let html = String::from_utf8(files["transcript.fr.html"].clone()).unwrap();
    assert!(html.contains("<html lang=\"fr\">") && html.contains("Points ECVET"));
    assert!(html.contains("Entretien courant") && html.contains("Amina Test"));

    // The PDF transcript: a well-formed file whose QR codes lead to the public verifier of
    // each credential, which answers for it.
    let pdf = &files["transcript.fr.pdf"];
    check_pdf_structure(pdf, 1);
    let urls = crate::pdf_qr::pdf_qr_codes(pdf);
    assert_eq!(urls.len(), 4);
    for (url, c) in urls.iter().zip(credentials) {
        let id = c["id"].as_str().unwrap().trim_start_matches("urn:uuid:");
        assert_eq!(url, &format!("https://certif.test.example/verify/{id}"));
        let r = app
            .http
            .get(url.replace("https://certif.test.example", &app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["verified"], true);
        assert_eq!(body["credentialId"], c["id"]);
    }
    assert_eq!(
        app.http
            .get(app.url(&format!("/verify/{}", uuid::Uuid::new_v4())))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );

    // Offline: every credential, both forms, and the CLR verify with the bundle alone.
    let (ok, report) = verify_offline(&app, &bundle);
    assert!(ok, "{report}");
    assert_eq!(report["items"].as_array().unwrap().len(), 9);
    assert_eq!(report["status_snapshot"]["age_days"], 15);
    // The bundle as a whole is the school's: its manifest is signed with the school's key.
    assert!(
        report["manifest_signed_by"]
            .as_str()
            .is_some_and(|kid| kid.starts_with(&p.did)),
        "{report}"
    );
    // A manifest changed to match a changed file no longer matches its signature; a bundle
    // without the signature, or with one by another key, is refused too.
    let mut doctored = files.clone();
    let mut m: Value = serde_json::from_slice(&doctored["manifest.json"]).unwrap();
    m["learner"]["family_name"] = json!("Someone Else");
    doctored.insert(
        "manifest.json".into(),
        serde_json::to_vec_pretty(&m).unwrap(),
    );
    let (ok, report) = verify_offline(&app, &rezip(&doctored));
    assert!(!ok);
    assert!(
        report["problems"].to_string().contains("manifest.jws"),
        "{report}"
    );
    let mut unsigned = files.clone();
    unsigned.remove("manifest.jws");
    let (ok, report) = verify_offline(&app, &rezip(&unsigned));
    assert!(!ok);
    assert!(
        report["problems"]
            .to_string()
            .contains("not signed as a whole"),
        "{report}"
    );
    let stranger = {
        use sha2::Digest;
        let signing = ed25519_dalek::SigningKey::from_bytes(
            &sha2::Sha256::digest(b"TEST-ONLY stranger").into(),
        );
        let vm = unitcred::crypto::did::did_key_vm(&signing.verifying_key());
        unitcred::crypto::keys::SigningKeyPair::new(vm.clone(), vm, signing)
    };
    let mut forged = files.clone();
    let token = unitcred::crypto::jose::sign_typed(
        &files["manifest.json"],
        &stranger,
        "unitcred-manifest+jws",
    )
    .unwrap();
    forged.insert("manifest.jws".into(), token.into_bytes());
    let (ok, report) = verify_offline(&app, &rezip(&forged));
    assert!(!ok);
    assert!(
        report["problems"].to_string().contains("not by the issuer"),
        "{report}"
    );

    // A changed file inside: caught by the manifest, and by the signature.
    let mut tampered = files.clone();
    let path = credentials[0]["files"]["di"].as_str().unwrap().to_owned();
    let mut vc: Value = serde_json::from_slice(&tampered[&path]).unwrap();
    vc["credentialSubject"]["creditsEarned"] = json!(60);
    tampered.insert(path.clone(), serde_json::to_vec(&vc).unwrap());
    let (ok, report) = verify_offline(&app, &rezip(&tampered));
    assert!(!ok);
    assert!(
        report["problems"].to_string().contains("SHA-256 differs"),
        "{report}"
    );
    let item = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["file"] == path.as_str())
        .unwrap()
        .clone();
    assert_eq!(item["code"], "invalid_signature");
    // A context swapped for another text is refused too.
    let mut tampered = files.clone();
    tampered.insert(
        "contexts/credentials-v2.jsonld".into(),
        b"{\"@context\": {}}".to_vec(),
    );
    let (ok, report) = verify_offline(&app, &rezip(&tampered));
    assert!(!ok);
    assert!(
        report["problems"]
            .to_string()
            .contains("differs from the pinned context")
    );

    // A unit revoked later: the next bundle's snapshot says so, offline too.
    let safe = credentials.iter().find(|c| c["kind"] == "unit").unwrap()["id"]
        .as_str()
        .unwrap()
        .trim_start_matches("urn:uuid:")
        .to_owned();
    let r = app
        .post(
            &p.token,
            &format!("/v1/credentials/{safe}/revoke"),
            &json!({"reason": "Fraude"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let bundle = app
        .get(code, "/learner/v1/bundle")
        .await
        .bytes()
        .await
        .unwrap()
        .to_vec();
    let (ok, report) = verify_offline(&app, &bundle);
    assert!(!ok);
    let revoked: Vec<&Value> = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == "revoked")
        .collect();
    assert_eq!(revoked.len(), 2, "{report}");
}
