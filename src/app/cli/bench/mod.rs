//! `unitcred bench`: raw Ed25519 rates and the sign/verify rates of every proof format on a
//! realistic unit credential, in one run, single-threaded (so the numbers are per core).

use std::time::{Duration, Instant};

use ed25519_dalek::{Signer, SigningKey};
use serde_json::{Value, json};
use time::macros::{date, datetime};

use crate::crypto::di::{self, Cryptosuite, ProofOptions};
use crate::crypto::keys::SigningKeyPair;
use crate::crypto::{did, jose};
use crate::domain::credential::{UnitCredentialInput, build_unit_credential};
use crate::domain::learner::{Learner, LearnerDoc};
use crate::domain::provider::{DidMethod, Provider};
use crate::domain::referential::{ProfileDef, ReferentialFile};
use crate::domain::schema::Schemas;
use crate::domain::status_list::{Bitstring, MIN_BITS};
use crate::jsonld::ContextLoader;
use crate::storage::StatusSlot;
use crate::verify::{ListCache, Resolver, StatusSource, Verifier};

mod europass;
mod http;
mod store;

pub use http::{HttpArgs, http};
pub use store::{bundle, import};

const DEV_KEY: &str = include_str!("../../../../keys-example/dev-issuer.json");

pub fn dev_key() -> anyhow::Result<SigningKey> {
    let v: Value = serde_json::from_str(DEV_KEY)?;
    let seed = hex::decode(v["seedHex"].as_str().unwrap_or_default())?;
    let seed: [u8; 32] = seed
        .try_into()
        .map_err(|_| anyhow::anyhow!("seed is not 32 bytes"))?;
    Ok(SigningKey::from_bytes(&seed))
}

/// The bench's issuer (did:key), first profile of the demo catalogue, and learner.
fn sample_parts(key: &SigningKey) -> anyhow::Result<(Provider, ProfileDef, Learner)> {
    let file: ReferentialFile = serde_json::from_str(include_str!("../demo/catalogue.json"))?;
    let profile = file
        .profiles
        .into_iter()
        .next()
        .ok_or_else(|| anyhow::anyhow!("empty catalogue"))?;
    anyhow::ensure!(!profile.units.is_empty(), "profile without units");
    let provider = Provider {
        id: uuid::Uuid::nil(),
        slug: "bench".into(),
        name: "Centre de formation de référence".into(),
        country_code: "BE".into(),
        url: Some("https://www.example.be".into()),
        did_method: DidMethod::Key,
        did: did::did_key(&key.verifying_key()),
        quality_assurance: None,
    };
    let learner = Learner {
        id: uuid::Uuid::nil(),
        doc: LearnerDoc {
            given_name: "Amina".into(),
            family_name: "El Idrissi".into(),
            date_of_birth: None,
            email: Some("amina@example.be".into()),
            wallet_did: None,
            external_ref: None,
            language: "fr".into(),
        },
        subject_salt: "8f2b1c0d9e7a6b5c4d3e2f1a0b9c8d7e".into(),
    };
    Ok((provider, profile, learner))
}

const SAMPLE_ID: uuid::Uuid = uuid::Uuid::from_u128(0x0b9d6c1e_7a55_4e0b_9a0c_2f1d3e4a5b6c);

/// A unit credential as the service issues it, from the demo catalogue, by a did:key issuer.
pub fn sample_credential(key: &SigningKey) -> anyhow::Result<Value> {
    let (provider, profile, learner) = sample_parts(key)?;
    let unit = &profile.units[0];
    let mut vc = build_unit_credential(&UnitCredentialInput {
        id: SAMPLE_ID,
        public_url: "https://certif.example.be",
        provider: &provider,
        profile: &profile,
        unit,
        learner: &learner,
        assessed_on: date!(2026 - 06 - 28),
        assessment_type: unit.assessment_type,
        route: None,
        issued_at: datetime!(2026-06-30 09:00:00 UTC),
    });
    crate::domain::status_list::embed(&mut vc, BENCH_URL, "bench", BENCH_SLOT);
    Ok(vc)
}

const BENCH_URL: &str = "https://certif.example.be";
const BENCH_SLOT: StatusSlot = StatusSlot {
    list: 0,
    index: 48_211,
};

/// A status list credential of the bench issuer with `set` bits on, signed.
fn status_list(
    pair: &SigningKeyPair,
    loader: &ContextLoader,
    purpose: &str,
    set: usize,
) -> anyhow::Result<Value> {
    let url = crate::domain::status_list::list_url(BENCH_URL, "bench", purpose, 0);
    let mut bits = Bitstring::new(MIN_BITS);
    // Spread over the list, never on the bench credential's own index.
    for i in 0..set {
        bits.set((i * 131 + 7) % MIN_BITS, 1, 1)?;
    }
    bits.set(BENCH_SLOT.index as usize, 1, 0)?;
    let unsecured = crate::domain::status_list::list_document(
        &url,
        &did::did_key(&pair.verifying_key()),
        purpose,
        &bits,
        datetime!(2026-06-30 09:00:00 UTC),
        datetime!(2026-07-01 09:00:00 UTC),
    )?;
    Ok(di::add_proof(
        &unsecured,
        &ProofOptions {
            suite: Cryptosuite::EddsaRdfc2022,
            verification_method: pair.vm_id(),
            created: datetime!(2026-06-30 09:00:00 UTC),
            proof_purpose: "assertionMethod",
        },
        pair,
        loader,
    )?)
}

/// Status lists held in memory, and optionally the cache of verified ones.
struct MemoryLists(Vec<Value>, Option<ListCache>);

impl StatusSource for MemoryLists {
    fn list<'a>(
        &'a self,
        url: &'a str,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Value, String>> + Send + 'a>>
    {
        let found = self.0.iter().find(|l| l["id"] == url).cloned();
        Box::pin(async move { found.ok_or_else(|| format!("no list {url}")) })
    }

    fn cache(&self) -> Option<&ListCache> {
        self.1.as_ref()
    }
}

struct Rate {
    name: String,
    ops_per_sec: f64,
    micros: f64,
}

fn measure(
    name: &str,
    seconds: f64,
    mut f: impl FnMut() -> anyhow::Result<()>,
) -> anyhow::Result<Rate> {
    for _ in 0..20 {
        f()?;
    }
    let budget = Duration::from_secs_f64(seconds);
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < budget {
        for _ in 0..16 {
            f()?;
        }
        n += 16;
    }
    let secs = start.elapsed().as_secs_f64();
    Ok(Rate {
        name: name.to_owned(),
        ops_per_sec: n as f64 / secs,
        micros: secs * 1e6 / n as f64,
    })
}

pub async fn run(seconds: f64, as_json: bool) -> anyhow::Result<()> {
    let signing = dev_key()?;
    let public = signing.verifying_key();
    let vm = did::did_key_vm(&public);
    let pair = SigningKeyPair::new(vm.clone(), vm.clone(), signing.clone());
    let loader = ContextLoader::pinned();
    let schemas = Schemas::load()?;
    let credential = sample_credential(&signing)?;
    let now = datetime!(2026-07-01 00:00:00 UTC);

    let message = [7u8; 64];
    let sig = signing.sign(&message);
    let raw_sign = measure("ed25519 sign (64-byte message)", seconds, || {
        std::hint::black_box(signing.sign(&message));
        Ok(())
    })?;
    let raw_verify = measure("ed25519 verify_strict", seconds, || {
        public
            .verify_strict(&message, &sig)
            .map_err(|e| anyhow::anyhow!(e))
    })?;

    let mut rows = vec![];
    for suite in [Cryptosuite::EddsaRdfc2022, Cryptosuite::EddsaJcs2022] {
        let options = ProofOptions {
            suite,
            verification_method: &vm,
            created: now,
            proof_purpose: "assertionMethod",
        };
        let secured = di::add_proof(&credential, &options, &pair, loader)?;
        rows.push(measure(&format!("{} sign", suite.name()), seconds, || {
            di::add_proof(&credential, &options, &pair, loader)
                .map(|_| ())
                .map_err(Into::into)
        })?);
        // The proof check alone (split, canonicalize, hash, verify_strict)...
        rows.push(measure(
            &format!("{} verify (proof only)", suite.name()),
            seconds,
            || {
                let (doc, proofs) = di::split_proofs(&secured)?;
                let proof = di::parse_proof(&proofs[0])?;
                di::verify_proof(&doc, &proof, &public, loader).map_err(Into::into)
            },
        )?);
    }
    let payload = serde_json::to_vec(&credential)?;
    let token = jose::sign(&payload, &pair)?;
    rows.push(measure("vc+jwt sign", seconds, || {
        jose::sign(&payload, &pair).map(|_| ()).map_err(Into::into)
    })?);
    // JWS verification proper (header allow-list, kid, signature over the signing input
    // through josekit), then the same plus parsing the payload into JSON.
    rows.push(measure(
        "vc+jwt verify (header + signature)",
        seconds,
        || {
            jose::check_header(&token)?;
            std::hint::black_box(jose::verify(&token, &public)?);
            Ok(())
        },
    )?);
    rows.push(measure(
        "vc+jwt verify + payload JSON parse",
        seconds,
        || {
            jose::check_header(&token)?;
            let p = jose::verify(&token, &public)?;
            std::hint::black_box(serde_json::from_slice::<Value>(&p)?);
            Ok(())
        },
    )?);
    // Raw Ed25519 over the JWS signing input itself (several KB, not 64 bytes), to separate
    // the cost of hashing a long message from the JOSE overhead.
    let signing_input = token
        .rsplit_once('.')
        .map(|(m, _)| m.as_bytes().to_vec())
        .unwrap_or_default();
    let long_sig = signing.sign(&signing_input);
    rows.push(measure(
        "ed25519 verify_strict (JWS signing input)",
        seconds,
        || {
            public
                .verify_strict(&signing_input, &long_sig)
                .map_err(|e| anyhow::anyhow!(e))
        },
    )?);

    // ...and the whole pipeline a verifier endpoint runs (contexts, key resolution,
    // controller binding, validity, schema), did:key resolved offline.
    let resolver = Resolver::Offline;
    let verifier = Verifier {
        loader,
        resolver: &resolver,
        schemas: &schemas,
        now,
        status: None,
        trust: None,
        seals: None,
    };
    let secured = di::add_proof(
        &credential,
        &ProofOptions {
            suite: Cryptosuite::EddsaRdfc2022,
            verification_method: &vm,
            created: now,
            proof_purpose: "assertionMethod",
        },
        &pair,
        loader,
    )?;
    let full_di = measure_async("full verifier, eddsa-rdfc-2022", seconds, || {
        verifier.verify(&secured)
    })
    .await?;
    let token_value = Value::String(token.clone());
    let full_jwt = measure_async("full verifier, vc+jwt", seconds, || {
        verifier.verify(&token_value)
    })
    .await?;
    rows.push(full_di);
    rows.push(full_jwt);

    // Status lists: building one (1,000 of 131,072 bits set) as the server does on a change,
    // reading a bit as a verifier does, and the full verifier with the status check.
    let mut sparse = Bitstring::new(MIN_BITS);
    for i in 0..1000 {
        sparse.set((i * 131 + 7) % MIN_BITS, 1, 1)?;
    }
    rows.push(measure(
        "status list encode (131,072 bits, GZIP)",
        seconds,
        || {
            std::hint::black_box(sparse.encode()?);
            Ok(())
        },
    )?);
    let encoded = sparse.encode()?;
    rows.push(measure(
        "status list decode + read one bit",
        seconds,
        || {
            std::hint::black_box(Bitstring::decode(&encoded)?.get(48_211, 1)?);
            Ok(())
        },
    )?);
    let documents = vec![
        status_list(&pair, loader, "revocation", 1000)?,
        status_list(&pair, loader, "suspension", 10)?,
    ];
    let lists = MemoryLists(documents.clone(), None);
    let with_status = Verifier {
        loader,
        resolver: &resolver,
        schemas: &schemas,
        now,
        status: Some(&lists),
        trust: None,
        seals: None,
    };
    let check = with_status.verify(&secured).await?;
    anyhow::ensure!(
        check.verified,
        "bench credential must verify with its status"
    );
    rows.push(
        measure_async(
            "full verifier + status (2 lists, each verified)",
            seconds,
            || with_status.verify(&secured),
        )
        .await?,
    );
    let cached = MemoryLists(documents, Some(ListCache::default()));
    let with_cache = Verifier {
        status: Some(&cached),
        trust: None,
        ..with_status
    };
    rows.push(
        measure_async(
            "full verifier + status (verified lists cached)",
            seconds,
            || with_cache.verify(&secured),
        )
        .await?,
    );

    // The trust check on top: the issuer looked up in a registry of 1,000 issuers and its
    // authorisation matched against the achievement.
    let mut registry = crate::domain::trust::Registry::default();
    let achievement = crate::domain::trust::achievement_of(&secured)
        .and_then(|a| a.get("id"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let issuer = secured["issuer"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    for i in 0..1000 {
        let did = if i == 500 {
            issuer.clone()
        } else {
            format!("did:web:school-{i}.example")
        };
        registry.insert(
            serde_json::from_value(json!({"did": did, "name": format!("School {i}"), "country": "BE",
                "authorisations": [{"achievement": achievement, "scope": "unit", "from": "2020-01-01",
                                    "authority": "bench"}]}))?,
            "bench".into(),
        );
    }
    let with_trust = Verifier {
        trust: Some(&registry),
        ..with_cache
    };
    let check = with_trust.verify(&secured).await?;
    anyhow::ensure!(
        check.trust.as_ref().map(|t| t.status) == Some(crate::domain::trust::TrustStatus::Trusted),
        "bench issuer must be trusted"
    );
    rows.push(
        measure_async("full verifier + status (cached) + trust", seconds, || {
            with_trust.verify(&secured)
        })
        .await?,
    );

    let edc_rows = europass::europass(&signing, &schemas, loader, seconds, now).await?;
    rows.extend(edc_rows);

    let size = serde_json::to_vec(&secured)?.len();
    if as_json {
        let out: Vec<Value> = std::iter::once(&raw_sign)
            .chain(std::iter::once(&raw_verify))
            .chain(rows.iter())
            .map(|r| json!({"name": r.name, "ops_per_sec": r.ops_per_sec.round(), "micros": (r.micros * 10.0).round() / 10.0}))
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({"credential_bytes": size, "results": out}))?
        );
        return Ok(());
    }
    println!(
        "unitcred bench: single thread, unit credential of {size} bytes (eddsa-rdfc-2022 form)"
    );
    println!(
        "{:<48} {:>10} {:>9} {:>9}",
        "operation", "ops/s", "µs/op", "vs raw"
    );
    for r in [&raw_sign, &raw_verify] {
        println!(
            "{:<48} {:>10.0} {:>9.1} {:>8.0}%",
            r.name, r.ops_per_sec, r.micros, 100.0
        );
    }
    for r in &rows {
        // Seals are RSA or ECDSA: a ratio to raw Ed25519 would say nothing.
        if r.name.starts_with("EDC") {
            println!(
                "{:<48} {:>10.0} {:>9.1} {:>9}",
                r.name, r.ops_per_sec, r.micros, "–"
            );
            continue;
        }
        let raw = if r.name.contains("verif") {
            raw_verify.ops_per_sec
        } else {
            raw_sign.ops_per_sec
        };
        println!(
            "{:<48} {:>10.0} {:>9.1} {:>8.0}%",
            r.name,
            r.ops_per_sec,
            r.micros,
            100.0 * r.ops_per_sec / raw
        );
    }
    Ok(())
}

async fn measure_async<'a, F, Fut>(name: &str, seconds: f64, mut f: F) -> anyhow::Result<Rate>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<
            Output = Result<crate::verify::Verification, crate::verify::VerifyError>,
        > + 'a,
{
    let first = f().await?;
    if !first.verified {
        anyhow::bail!(
            "{name}: the sample credential does not verify: {:?}",
            first.failure
        );
    }
    let budget = Duration::from_secs_f64(seconds);
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < budget {
        std::hint::black_box(f().await?);
        n += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    Ok(Rate {
        name: name.to_owned(),
        ops_per_sec: n as f64 / secs,
        micros: secs * 1e6 / n as f64,
    })
}

/// The process's CPU time so far (user and system), in seconds (Linux; zero elsewhere).
pub(super) fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime (fields 14 and 15 of the line, 12 and 13 after the name), in the
    // kernel's clock ticks of 1/100 s.
    (ticks(11) + ticks(12)) / 100.0
}

/// CPU time used by the whole machine so far (every process, user and system), in seconds
/// (Linux; zero elsewhere): less this process's, what a database server beside it used.
pub(super) fn machine_cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let ticks: Vec<f64> = stat
        .lines()
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .skip(1)
        .filter_map(|v| v.parse().ok())
        .collect();
    // user, nice, system, (idle, iowait,) irq, softirq, steal.
    [0, 1, 2, 5, 6, 7]
        .iter()
        .filter_map(|i| ticks.get(*i))
        .sum::<f64>()
        / 100.0
}
