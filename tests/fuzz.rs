//! Property tests of every parser that reads outside input: compact JWS, JSON-LD (expansion
//! and RDFC canonicalization), Bitstring Status List, wallet bundles and result files. Each
//! is fed valid seeds and random mutations of them (byte flips, truncations, splices,
//! repeats) and must answer with a value or an error, never a panic, and in bounded time.
//!
//! CI runs a bounded number of cases per parser; for a longer run:
//! `UNITCRED_FUZZ_CASES=200000 cargo test --release --test fuzz -- --nocapture`
//! (`UNITCRED_FUZZ_SEED` replays a run).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use serde_json::{Value, json};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn cases() -> usize {
    std::env::var("UNITCRED_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000)
}

fn seed() -> u64 {
    std::env::var("UNITCRED_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x756e_6974_6372_6564)
}

const INTERESTING: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b",",
    b":",
    b"null",
    b"\"@context\"",
    b"\"@id\"",
    b"\"@type\"",
    b"\"@graph\"",
    b"\"@list\"",
    b"\"@reverse\"",
    b"\"@value\"",
    b".",
    b"=",
    b";",
    b"\n",
    b"\r\n",
    b"\x00",
    b"\xff",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"u",
    b"eyJ",
    b"9999999999999999999",
];

/// One random mutation of `seed`.
fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut out = seed.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(6) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 => out.truncate(at),
            2 => {
                let piece = INTERESTING[rng.below(INTERESTING.len())];
                out.splice(at..at, piece.iter().copied());
            }
            3 if !out.is_empty() => {
                let from = rng.below(out.len());
                let len = rng.below(64).min(out.len() - from);
                let piece: Vec<u8> = out[from..from + len].to_vec();
                out.splice(at..at, piece);
            }
            4 if at < out.len() => {
                let end = (at + rng.below(32)).min(out.len());
                out.drain(at..end);
            }
            _ => out.insert(at, rng.next() as u8),
        }
    }
    out
}

/// Feeds `cases()` mutations of the seeds to `parse`; each case must return within `budget`.
fn fuzz(name: &str, seeds: &[Vec<u8>], budget: Duration, parse: impl Fn(&[u8])) {
    let mut rng = Rng(seed() ^ name.len() as u64);
    let started = Instant::now();
    let mut slowest = Duration::ZERO;
    for seed in seeds {
        parse(seed);
    }
    for _ in 0..cases() {
        let pick = rng.below(seeds.len());
        let input = mutate(&mut rng, &seeds[pick]);
        let t = Instant::now();
        parse(&input);
        let took = t.elapsed();
        slowest = slowest.max(took);
        assert!(
            took < budget,
            "{name}: one input took {took:?}: {:?}",
            String::from_utf8_lossy(&input)
        );
    }
    eprintln!(
        "{name}: {} cases in {:?}, slowest {slowest:?}",
        cases(),
        started.elapsed()
    );
}

/// The signed credentials of the third-party fixtures (Digital Bazaar, W3C vectors).
fn json_fixtures() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for name in ["db-signed-ob.json", "w3c-vectors.json"] {
        let path = format!(
            "{}/tests/fixtures/interop/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let file: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        for c in file["credentials"].as_array().unwrap() {
            out.push(serde_json::to_vec(&c["credential"]).unwrap());
        }
    }
    out
}

#[test]
fn compact_jws_parsing_never_panics() {
    let key = unitcred::crypto::keys::SigningKeyPair::new(
        "did:example:a#k".into(),
        "did:example:a#k".into(),
        unitcred::crypto::keys::generate(),
    );
    let token = unitcred::crypto::jose::sign_typed(br#"{"a":1}"#, &key, "vc+jwt").unwrap();
    let seeds = vec![token.into_bytes(), b"e30.e30.".to_vec()];
    fuzz("jws", &seeds, Duration::from_secs(1), |input| {
        let text = String::from_utf8_lossy(input);
        let _ = unitcred::crypto::jose::check_header(&text);
        let _ = unitcred::crypto::jose::unverified_payload(&text);
        let _ = unitcred::crypto::jose::verify(&text, &key.verifying_key());
    });
}

#[test]
fn json_ld_canonicalization_never_panics() {
    let loader = unitcred::jsonld::ContextLoader::pinned();
    let seeds = json_fixtures();
    fuzz("json-ld", &seeds, Duration::from_secs(2), |input| {
        if let Ok(doc) = serde_json::from_slice::<Value>(input) {
            let _ = unitcred::jsonld::canonicalize(&doc, loader);
        }
    });
}

#[test]
fn status_list_decoding_never_panics() {
    let list = unitcred::domain::status_list::Bitstring::new(131_072)
        .encode()
        .unwrap();
    let seeds = vec![list.into_bytes()];
    fuzz("status list", &seeds, Duration::from_secs(1), |input| {
        let _ = unitcred::domain::status_list::Bitstring::decode(&String::from_utf8_lossy(input));
    });
}

#[test]
fn bundle_unpacking_never_panics() {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body) in [
        ("manifest.json", json!({"files": []}).to_string()),
        ("credentials/a.json", "{}".into()),
    ] {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    let seeds = vec![zip.finish().unwrap().into_inner()];
    fuzz("bundle", &seeds, Duration::from_secs(1), |input| {
        let _ = unitcred::services::wallet::unzip(input, 1 << 20);
    });
}

#[test]
fn result_file_reading_never_panics() {
    use unitcred::services::import::{FileFormat, read};
    let csv = b"learner;profile;version;unit;assessed_on;outcome;assessor\nA;MECA;1;UAA1;2026-06-29;validated;Jury\n\"B;\"\"x\";MECA;1;UAA2;2026-06-29;failed;Jury\n".to_vec();
    let json = json!([{"learner": "A", "profile": "MECA", "version": 1, "unit": "UAA1",
                       "assessed_on": "2026-06-29", "outcome": "validated", "assessor": "Jury"}])
    .to_string()
    .into_bytes();
    fuzz("csv", &[csv], Duration::from_secs(1), |input| {
        let _ = read(FileFormat::Csv, input);
    });
    fuzz("result json", &[json], Duration::from_secs(1), |input| {
        let _ = read(FileFormat::Json, input);
    });
}

#[test]
fn sealed_edc_parsing_never_panics() {
    use unitcred::europass::{certs, read, seal, shape};
    let dev = certs::dev_seal(
        "BE",
        "A",
        "VATBE-1",
        certs::KeyKind::EcP256,
        time::OffsetDateTime::now_utc(),
        30,
    )
    .unwrap();
    let key = seal::SealKey::from_pem(dev.chain_pem.as_bytes(), dev.key_pem.as_bytes()).unwrap();
    let edc = json!({
        "@context": ["https://www.w3.org/2018/credentials/v1", "http://data.europa.eu/snb/model/context/edc-ap"],
        "type": ["VerifiableCredential", "EuropeanDigitalCredential"],
        "issuer": {"type": "Organisation", "legalName": {"en": "A"}, "eIDASIdentifier": {"notation": "VATBE-1"}},
        "credentialStatus": {"@value": "https://a/status/revocation/0#1"},
        "credentialSubject": {"type": "Person", "hasClaim": [{"type": "LearningAchievement", "title": {"en": "U"},
            "specifiedBy": {"id": "https://a/x", "type": "Qualification", "title": {"en": "U"},
                            "creditPoint": {"framework": {"id": "http://data.europa.eu/snb/education-credit/60b314e826"}, "point": "3"}}}]}
    });
    let sealed = seal::seal(
        &serde_json::to_vec(&edc).unwrap(),
        &key,
        time::OffsetDateTime::now_utc(),
    )
    .unwrap();
    let seeds = vec![sealed.to_string().into_bytes()];
    fuzz("sealed edc", &seeds, Duration::from_secs(1), |input| {
        let Ok(v) = serde_json::from_slice::<Value>(input) else {
            return;
        };
        if let Ok(opened) = seal::parse(&v) {
            let _ = opened.verify();
            if let Ok(payload) = serde_json::from_slice::<Value>(&opened.payload) {
                let _ = shape::check(&payload);
                let _ = read::achievement_view(&payload);
                let _ = read::recognition_keys(&payload);
                let _ = read::status(&payload);
                let _ = read::learner_name(&payload, "fr");
            }
        }
    });
}

#[test]
fn eu_trusted_list_reading_never_panics() {
    use unitcred::europass::{certs, trust_list};
    let dev = certs::dev_seal(
        "BE",
        "A",
        "VATBE-1",
        certs::KeyKind::EcP256,
        time::OffsetDateTime::now_utc(),
        30,
    )
    .unwrap();
    let ca = openssl::x509::X509::from_pem(dev.ca_pem.as_bytes()).unwrap();
    let seeds = vec![
        trust_list::sample_list("BE", &[&ca]).into_bytes(),
        dev.chain_pem.clone().into_bytes(),
    ];
    fuzz("trusted list", &seeds, Duration::from_secs(1), |input| {
        let text = String::from_utf8_lossy(input);
        let _ = trust_list::from_trusted_list(&text);
        let _ = trust_list::from_pem(&text);
    });
}
