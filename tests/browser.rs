//! Browser tests: the web pages driven in headless Chromium by tests/browser/pages.test.mjs
//! (playwright-core). This harness starts `unitcred demo` on a free port in a temporary
//! directory, reads the admin token, the console password and the learner link it prints,
//! takes a QR code from the learner's transcript PDF, runs the script, then checks the bundle
//! the browser downloaded verifies offline. `.ci/test` installs Chromium and the npm package
//! and sets UNITCRED_BROWSER=required; elsewhere the test says it was skipped.
//! Screenshots go to target/screenshots (or UNITCRED_SCREENSHOTS).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/pdf_qr.rs"]
mod pdf_qr;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

/// The server operator's token (the trust registry's forms need it).
const OPERATOR: &str = "operator-token-for-browser-tests-0123456789";

struct Demo(Child);

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn after<'a>(text: &'a str, marker: &str) -> &'a str {
    let start = text
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} not in {text}"))
        + marker.len();
    text[start..].split([' ', ')', '\n']).next().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_pages_work_in_a_real_browser() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let harness = root.join("tests/browser");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let required = std::env::var("UNITCRED_BROWSER").as_deref() == Ok("required");
    if !harness.join("node_modules").exists() || !Path::new(&chromium).exists() {
        assert!(
            !required,
            "install Chromium and run `npm ci` in tests/browser first"
        );
        eprintln!("browser tests skipped: Chromium or tests/browser/node_modules is missing");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_unitcred"))
        .arg("demo")
        .current_dir(dir.path())
        .env("UNITCRED_BIND", format!("127.0.0.1:{port}"))
        .env("UNITCRED_PUBLIC_URL", &base)
        .env("UNITCRED_OPERATOR_TOKEN", OPERATOR)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut banner = String::new();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let demo = Demo(child);
    for line in lines.by_ref() {
        let line = line.unwrap();
        banner.push_str(&line);
        banner.push('\n');
        if line.trim_start().starts_with("try") {
            break;
        }
    }
    // Keep draining the demo's output so it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    let token = after(&banner, "Bearer ").to_owned();
    let console = after(&banner, "/console  (");
    let email = console.to_owned();
    let password = after(&banner, &format!("{email} / ")).to_owned();
    let learner_link = after(&banner, "learner page    ").to_owned();
    // "  company tutor   <url>/console  (<e-mail> / <password>)"
    let tutor_line = banner
        .lines()
        .find(|l| l.trim_start().starts_with("company tutor"))
        .expect("tutor account printed");
    let tutor_email = after(tutor_line, "(").to_owned();
    let tutor_password = after(tutor_line, " / ").to_owned();

    let http = reqwest::Client::new();
    for _ in 0..100 {
        if http.get(format!("{base}/health")).send().await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let get = |path: String| {
        let http = http.clone();
        let token = token.clone();
        async move {
            let r = http.get(path).bearer_auth(token).send().await.unwrap();
            assert!(r.status().is_success(), "{}", r.status());
            r.bytes().await.unwrap()
        }
    };
    let learners: Value =
        serde_json::from_slice(&get(format!("{base}/v1/learners")).await).unwrap();
    let amina = learners["learners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["external_ref"] == "CPU-001")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let bundle = get(format!("{base}/v1/learners/{amina}/bundle")).await;
    let files =
        unitcred::services::wallet::unzip(&bundle, unitcred::services::wallet::UPLOAD_UNPACKED)
            .unwrap();
    let pdf = files
        .iter()
        .find(|(name, _)| name.ends_with(".pdf"))
        .unwrap()
        .1;
    let qr_url = pdf_qr::pdf_qr_codes(pdf).into_iter().next().unwrap();
    assert!(qr_url.starts_with(&format!("{base}/verify/")), "{qr_url}");

    let shots = std::env::var("UNITCRED_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join("target/screenshots"));
    let out = dir.path().join("out");
    let status = tokio::task::spawn_blocking({
        let (harness, base, token, qr_url, shots, out) = (
            harness.clone(),
            base.clone(),
            token.clone(),
            qr_url.clone(),
            shots.clone(),
            out.clone(),
        );
        move || {
            Command::new("node")
                .arg("pages.test.mjs")
                .current_dir(harness)
                .env("BASE", base)
                .env("TOKEN", token)
                .env("STAFF_EMAIL", email)
                .env("STAFF_PASSWORD", password)
                .env("TUTOR_EMAIL", tutor_email)
                .env("TUTOR_PASSWORD", tutor_password)
                .env("OPERATOR_TOKEN", OPERATOR)
                .env("LEARNER_LINK", learner_link)
                .env("QR_URL", qr_url)
                .env("SHOTS", shots)
                .env("OUT", out)
                .env("CHROMIUM", chromium)
                .status()
                .unwrap()
        }
    })
    .await
    .unwrap();
    assert!(status.success(), "browser tests failed (see above)");

    // The bundle the browser downloaded verifies offline, and its QR codes lead here.
    let downloaded = out.join("bundle.zip");
    let zipped = std::fs::read(&downloaded).unwrap();
    let files =
        unitcred::services::wallet::unzip(&zipped, unitcred::services::wallet::UPLOAD_UNPACKED)
            .unwrap();
    let pdf = files.iter().find(|(n, _)| n.ends_with(".pdf")).unwrap().1;
    let codes = pdf_qr::pdf_qr_codes(pdf);
    assert!(codes.len() >= 6, "{codes:?}");
    assert!(
        codes
            .iter()
            .all(|c| c.starts_with(&format!("{base}/verify/")))
    );
    let verified = Command::new(env!("CARGO_BIN_EXE_unitcred"))
        .args(["verify", "--json"])
        .arg(&downloaded)
        .env_clear()
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&verified.stdout).unwrap();
    assert!(verified.status.success(), "{report}");
    drop(demo);
}
