//! Europass output checked from outside: `unitcred seal-cert` makes a development seal, a unit
//! EDC is rendered and sealed with it, and `tests/europass/check.py` validates the EDC with
//! pyshacl against the shipped ELM shape and verifies the seal with jwcrypto. The Python part
//! runs when pyshacl and jwcrypto are installed, and must run when UNITCRED_EUROPASS=required
//! (as in .ci/test, which installs them).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use serde_json::{Value, json};
use time::OffsetDateTime;
use unitcred::domain::learner::{Learner, LearnerDoc};
use unitcred::domain::provider::{DidMethod, Provider};
use unitcred::domain::referential::{AssessmentType, ProfileDef};
use unitcred::europass::{display, edc, seal};

fn python_ready() -> bool {
    Command::new("python3")
        .args(["-c", "import pyshacl, jwcrypto"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn a_unit_edc_sealed_with_a_development_seal_passes_shacl_and_a_foreign_jose_library() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_unitcred"))
        .args(["seal-cert", "--out"])
        .arg(dir.path())
        .args([
            "--organisation",
            "École d'essai",
            "--org-id",
            "VATBE-0123456789",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = |n: &str| std::fs::read(dir.path().join(n)).unwrap();
    let key = seal::SealKey::from_pem(&read("seal-chain.pem"), &read("seal-key.pem")).unwrap();
    assert_eq!(key.alg, "RS256");
    let ca = openssl::x509::X509::from_pem(&read("seal-ca.pem")).unwrap();
    let info = seal::info(&key.chain[0]);
    assert_eq!(
        info.organization_identifier.as_deref(),
        Some("VATBE-0123456789")
    );

    let provider = Provider {
        id: uuid::Uuid::new_v4(),
        slug: "ecole-essai".into(),
        name: "École d'essai".into(),
        country_code: "BE".into(),
        url: Some("https://ecole.example".into()),
        did_method: DidMethod::Web,
        did: "did:web:certif.example:providers:ecole-essai".into(),
        quality_assurance: None,
    };
    let profile: ProfileDef = serde_json::from_value(json!({
        "code": "MECA", "version": 1, "title": {"fr": "Mécanicien·ne automobile", "en": "Car mechanic"},
        "eqf_level": 4, "nqf_level": 4, "isced_f": "0716",
        "units": [{"code": "UAA2", "title": {"fr": "Freinage", "en": "Brakes"},
                   "learning_outcomes": [{"fr": "Remplacer les plaquettes", "en": "Replace brake pads"}],
                   "ecvet_points": 12.5, "assessment_type": "practical"}]
    }))
    .unwrap();
    let learner = Learner {
        id: uuid::Uuid::new_v4(),
        doc: serde_json::from_value::<LearnerDoc>(
            json!({"given_name": "Łukasz", "family_name": "Żak", "date_of_birth": "2008-03-01"}),
        )
        .unwrap(),
        subject_salt: String::new(),
    };
    let unit = &profile.units[0];
    let now = OffsetDateTime::now_utc();
    let displays: Vec<(String, Vec<u8>)> = ["fr", "en"]
        .iter()
        .map(|lang| {
            let w = display::words(lang);
            let card = display::Card {
                lang,
                kind: w[0],
                title: unit.title.get(lang),
                learner: "Łukasz Żak",
                issuer: &provider.name,
                lines: vec![format!("12.5 {} · {} 4", w[3], w[4])],
                date: "2026-06-30",
            };
            (lang.to_string(), display::render(&card).unwrap())
        })
        .collect();
    let doc = edc::unit_edc(&edc::UnitEdc {
        id: uuid::Uuid::new_v4(),
        public_url: "https://certif.example",
        provider: &provider,
        eidas_id: info.organization_identifier.as_deref().unwrap(),
        profile: &profile,
        unit,
        learner: &learner,
        assessed_on: now.date(),
        assessment_type: AssessmentType::Practical,
        assessor: "M. Jury",
        issued_at: now,
        displays: &displays,
    });
    let bytes = serde_json::to_vec(&doc).unwrap();
    let sealed = seal::seal(&bytes, &key, now).unwrap();
    let opened = seal::open(&sealed).unwrap();
    assert_eq!(opened.payload, bytes);
    seal::chain_trusted(&opened.chain, &[ca], now).unwrap();

    std::fs::write(dir.path().join("edc.json"), &bytes).unwrap();
    std::fs::write(dir.path().join("sealed.json"), sealed.to_string()).unwrap();
    let required = std::env::var("UNITCRED_EUROPASS").as_deref() == Ok("required");
    if !python_ready() {
        assert!(!required, "pyshacl and jwcrypto are required");
        eprintln!("pyshacl or jwcrypto missing: the external Europass checks did not run");
        return;
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/europass/check.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    println!("{text}");
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _: Value = serde_json::from_slice(&bytes).unwrap();
}
