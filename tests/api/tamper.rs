//! The tamper corpus: well over a thousand mutations of real signed documents (each signed
//! form of a unit and a qualification credential, a status list credential, a wallet bundle),
//! every one refused through the HTTP verifier with a problem of the right type.

use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;
use serde_json::{Value, json};

use crate::helpers::{TestApp, issue_one, school, spawn_app};
use crate::web::Browser;

const CRYPTO: &str = "https://www.w3.org/TR/vc-data-model#CRYPTOGRAPHIC_SECURITY_ERROR";
const PROBLEM_TYPES: [&str; 4] = [
    "https://www.w3.org/TR/vc-data-model#PARSING_ERROR",
    "https://www.w3.org/TR/vc-data-model#MALFORMED_VALUE_ERROR",
    "https://www.w3.org/TR/vc-data-model#RANGE_ERROR",
    CRYPTO,
];

/// Every leaf of a JSON document, as a path of keys and indexes.
fn leaves(v: &Value, path: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                path.push(json!(k));
                leaves(child, path, out);
                path.pop();
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                path.push(json!(i));
                leaves(child, path, out);
                path.pop();
            }
        }
        _ => out.push(path.clone()),
    }
}

fn at<'a>(v: &'a mut Value, path: &[Value]) -> &'a mut Value {
    path.iter().fold(v, |v, step| match step {
        Value::String(k) => &mut v[k.as_str()],
        Value::Number(i) => &mut v[i.as_u64().unwrap() as usize],
        _ => unreachable!(),
    })
}

/// Three mutations of each leaf: a changed value, a value of another type, and its removal
/// from the document (the leaf's key or array entry).
fn mutations(doc: &Value) -> Vec<(String, Value)> {
    let mut paths = Vec::new();
    leaves(doc, &mut Vec::new(), &mut paths);
    let mut out = Vec::new();
    for path in paths {
        let name = path
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("/");
        let mut changed = doc.clone();
        let leaf = at(&mut changed, &path);
        *leaf = match leaf.take() {
            Value::String(s) if s.is_empty() => json!("x"),
            Value::String(s) => {
                let mut chars: Vec<char> = s.chars().collect();
                let i = chars.len() / 2;
                chars[i] = if chars[i] == 'x' { 'y' } else { 'x' };
                json!(chars.into_iter().collect::<String>())
            }
            Value::Number(n) => json!(n.as_f64().unwrap_or(0.0) + 1.0),
            Value::Bool(b) => json!(!b),
            Value::Null => json!(0),
            other => other,
        };
        out.push((format!("{name} changed"), changed));
        let mut retyped = doc.clone();
        *at(&mut retyped, &path) = json!({"tampered": true});
        out.push((format!("{name} retyped"), retyped));
        let (last, parent) = path.split_last().unwrap();
        let mut removed = doc.clone();
        match (at(&mut removed, parent), last) {
            (Value::Object(m), Value::String(k)) => {
                m.remove(k);
            }
            (Value::Array(a), Value::Number(i)) => {
                a.remove(i.as_u64().unwrap() as usize);
            }
            _ => unreachable!(),
        }
        out.push((format!("{name} removed"), removed));
    }
    out
}

/// A changed character at `step`-spaced positions of each segment of a compact JWS (never a
/// segment's last character, whose low bits base64url may ignore), plus `alg: none`.
fn token_mutations(token: &str, step: usize) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let mut start = 0;
    for segment in token.split('.') {
        for i in (0..segment.len().saturating_sub(1)).step_by(step) {
            let mut bytes = token.as_bytes().to_vec();
            let pos = start + i;
            bytes[pos] = if bytes[pos] == b'A' { b'B' } else { b'A' };
            out.push((
                format!("char {pos}"),
                json!(String::from_utf8(bytes).unwrap()),
            ));
        }
        start += segment.len() + 1;
    }
    let (_, rest) = token.split_once('.').unwrap();
    let none = format!("{}.{rest}", base64_url(br#"{"alg":"none","typ":"vc+jwt"}"#));
    out.push(("alg none".into(), json!(none)));
    out
}

fn base64_url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |n, b| (n << 8) | u32::from(*b)) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// Verifies each mutation; each must be refused as a problem of a known type. Returns how
/// many were refused as a broken signature.
async fn refused(app: &TestApp, what: &str, cases: Vec<(String, Value)>) -> usize {
    let mut crypto = 0;
    for (name, vc) in cases {
        let r = app
            .http
            .post(app.url("/credentials/verify"))
            .json(&json!({"verifiableCredential": vc}))
            .send()
            .await
            .unwrap();
        let status = r.status();
        let ct = r.headers()[CONTENT_TYPE].to_str().unwrap().to_owned();
        let body: Value = r.json().await.unwrap();
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "{what}: {name} was accepted: {body}"
        );
        assert_eq!(ct, "application/problem+json", "{what}: {name}");
        assert_eq!(body["verified"], false, "{what}: {name}");
        let kind = body["type"].as_str().unwrap();
        assert!(PROBLEM_TYPES.contains(&kind), "{what}: {name}: {body}");
        crypto += usize::from(kind == CRYPTO);
    }
    crypto
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_mutations_of_signed_documents_are_all_refused() {
    let app = spawn_app().await;
    let (p, learner) = school(&app, "ecole-tamper").await;
    let unit = issue_one(&app, &p, &learner, "UAA1").await;
    issue_one(&app, &p, &learner, "UAA2").await;
    issue_one(&app, &p, &learner, "SAFE").await;
    let list: Value = app
        .get(&p.token, "/v1/credentials")
        .await
        .json()
        .await
        .unwrap();
    let qualification = list["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "qualification")
        .expect("the qualification was awarded")["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let mut total = 0;
    for id in [&unit, &qualification] {
        for format in ["di-rdfc", "di-jcs"] {
            let doc: Value =
                serde_json::from_str(&app.credential_text(&p, id, format).await).unwrap();
            let (status, _) = app.verify(doc.clone()).await;
            assert_eq!(status, StatusCode::OK, "the original verifies");
            let cases = mutations(&doc);
            // Outside the proof, the contexts and the type, a change breaks the signature.
            let data: usize = cases
                .iter()
                .filter(|(n, _)| {
                    !n.starts_with("\"proof\"")
                        && !n.starts_with("\"@context\"")
                        && !n.starts_with("\"type\"")
                        && !n.starts_with("\"issuer\"")
                        && n.ends_with("changed")
                })
                .count();
            total += cases.len();
            let crypto = refused(&app, format, cases).await;
            assert!(
                crypto >= data,
                "{format}: {crypto} signature failures for {data} data changes"
            );
        }
        let token = app.credential_text(&p, id, "vc-jwt").await;
        let cases = token_mutations(token.trim(), 25);
        total += cases.len();
        refused(&app, "vc-jwt", cases).await;
    }

    // The status list credential the unit's status points to.
    let vc: Value = serde_json::from_str(&app.credential_text(&p, &unit, "di-rdfc").await).unwrap();
    let list_url = vc["credentialStatus"]["statusListCredential"]
        .as_str()
        .unwrap();
    let path = &list_url[list_url.find("/providers/").unwrap()..];
    let list: Value = app
        .http
        .get(app.url(path))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let (status, body) = app.verify(list.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let cases = mutations(&list);
    total += cases.len();
    refused(&app, "status list", cases).await;

    // The wallet bundle: one byte changed in any file is seen by the verifier page.
    let bundle = app
        .get(&p.token, &format!("/v1/learners/{learner}/bundle"))
        .await
        .bytes()
        .await
        .unwrap();
    let files =
        unitcred::services::wallet::unzip(&bundle, unitcred::services::wallet::UPLOAD_UNPACKED)
            .unwrap();
    let mut browser = Browser::new(&app);
    browser.get("/verify").await;
    let csrf = browser.csrf();
    for name in files
        .keys()
        .filter(|n| n.ends_with(".json") && *n != "manifest.json")
    {
        let mut changed = files.clone();
        let bytes = changed.get_mut(name).unwrap();
        let i = bytes.len() / 2;
        bytes[i] = if bytes[i] == b'x' { b'y' } else { b'x' };
        let r = browser
            .post_bytes(
                "/verify",
                &[("csrf", &csrf)],
                ("file", "bundle.zip", &zip(&changed)),
            )
            .await;
        let html = r.text().await.unwrap();
        assert!(
            html.contains("verdict fail"),
            "bundle with {name} changed was accepted"
        );
        total += 1;
    }
    eprintln!("tamper corpus: {total} mutations, all refused");
    assert!(total >= 1000, "only {total} mutations");
}

fn zip(files: &std::collections::BTreeMap<String, Vec<u8>>) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in files {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}
