//! `unitcred demo` on a machine that never ran it: creates its data folder and key, prints the
//! URLs and a working admin token, and serves the demo catalogue.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use serde_json::{Value, json};

#[tokio::test]
async fn demo_starts_from_nothing_and_serves_verifiable_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("fresh/data");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_unitcred"))
        .args(["demo", "--bind", &format!("127.0.0.1:{port}")])
        .env("UNITCRED_DATA_DIR", &data)
        .env_remove("UNITCRED_DATABASE_URL")
        .env_remove("UNITCRED_MASTER_KEY")
        .env_remove("UNITCRED_PUBLIC_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let lines = tokio::task::spawn_blocking(move || {
        let mut out = Vec::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.unwrap();
            let done = line.contains("W3C suites");
            out.push(line);
            if done {
                break;
            }
        }
        out
    })
    .await
    .unwrap();
    let text = lines.join("\n");
    let token = text
        .split("Bearer ")
        .nth(1)
        .and_then(|s| s.split(')').next())
        .expect("token printed")
        .to_owned();
    assert!(data.join("master.key").exists() && data.join("unitcred.db").exists());

    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let mut list = Value::Null;
    for _ in 0..50 {
        if let Ok(r) = http
            .get(format!("{base}/v1/credentials"))
            .bearer_auth(&token)
            .send()
            .await
        {
            list = r.json().await.unwrap();
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let creds = list["credentials"].as_array().expect("credential list");
    // 11 unit credentials and the qualification of the learner who completed every unit, the
    // candidate's two units validated by a jury and the apprentice's unit from the tutor.
    assert_eq!(creds.len(), 15, "{list}");
    let get = |path: &str| {
        let (http, url, token) = (http.clone(), format!("{base}{path}"), token.clone());
        async move {
            let r = http.get(url).bearer_auth(token).send().await.unwrap();
            r.json::<Value>().await.unwrap()
        }
    };
    let validations = get("/v1/validations").await;
    let procedure = validations["validations"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let view = get(&format!("/v1/validations/{procedure}")).await;
    assert_eq!(view["progress"]["units_validated"], 2, "{view}");
    assert_eq!(view["portfolio"].as_array().unwrap().len(), 2, "{view}");
    let waiting = get("/v1/workplace-results").await;
    assert_eq!(
        waiting["workplace_results"][0]["unit_code"], "UAA4",
        "{waiting}"
    );
    assert!(text.contains("tuteur@garage-dupont.example"), "{text}");
    let qualifications: Vec<&Value> = creds
        .iter()
        .filter(|c| c["kind"] == "qualification")
        .collect();
    assert_eq!(qualifications.len(), 1, "{list}");
    let awards: Value = http
        .get(format!("{base}/v1/awards?status=pending"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        awards["awards"].as_array().unwrap().len(),
        1,
        "the hairdresser waits for the jury"
    );
    let id = qualifications[0]["id"].as_str().unwrap();
    let vc: Value = http
        .get(format!("{base}/v1/credentials/{id}?format=di-rdfc"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let r = http
        .post(format!("{base}/credentials/verify"))
        .json(&json!({"verifiableCredential": vc}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());

    // What a W3C conformance suite sends: a credential in the W3C examples vocabulary, issued
    // as the did:key provider the demo prints, then verified.
    let suites = lines.last().unwrap();
    let issuer = suites
        .split("issuer ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .expect("issuer printed");
    assert!(issuer.starts_with("did:key:z6Mk"), "{suites}");
    let suite_token = suites
        .split("Bearer ")
        .nth(1)
        .and_then(|s| s.split(')').next())
        .expect("token printed");
    let credential = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://www.w3.org/ns/credentials/examples/v2"],
        "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
        "type": ["VerifiableCredential", "ExampleAlumniCredential"],
        "issuer": issuer,
        "validFrom": "2023-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
    });
    for path in [
        "/credentials/issue",
        "/jcs/credentials/issue",
        "/jwt/credentials/issue",
    ] {
        let r = http
            .post(format!("{base}{path}"))
            .bearer_auth(suite_token)
            .json(&json!({"credential": credential, "options": {}}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201, "{path}");
        let issued: Value = r.json().await.unwrap();
        let r = http
            .post(format!("{base}/credentials/verify"))
            .json(&json!({"verifiableCredential": issued["verifiableCredential"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{path}: {}", r.text().await.unwrap());
    }
    child.kill().unwrap();
    let _ = child.wait();
}
