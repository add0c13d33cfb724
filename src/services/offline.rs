//! Offline verification (`unitcred verify PATH`): a wallet bundle, or one credential file,
//! checked with nothing but what it contains and this program, through the same verifier as
//! the server. No network: keys come from the bundle's DID documents (or did:key), status
//! from its snapshot of the signed lists (read as of the day they were taken), contexts from
//! the pinned set, which the bundle's copies must match byte for byte.

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::pin::Pin;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::domain::schema::Schemas;
use crate::jsonld::ContextLoader;
use crate::services::wallet::{BUNDLE_TYPE, MANIFEST, MANIFEST_SIGNATURE, MANIFEST_TYP, unzip};
use crate::support::clock::{format_utc, parse_datetime};
use crate::verify::{Message, Resolver, StatusSource, Verifier};

/// The offline verifier runs on the holder's own machine and may unpack more than the server.
const OFFLINE_UNPACKED: u64 = 256 << 20;

/// Status lists as the bundle holds them.
struct Snapshot(HashMap<String, Value>);

impl StatusSource for Snapshot {
    fn list<'a>(
        &'a self,
        url: &'a str,
    ) -> Pin<Box<dyn Future<Output = Result<Value, String>> + Send + 'a>> {
        Box::pin(async move {
            self.0
                .get(url)
                .cloned()
                .ok_or_else(|| format!("{url} is not in the bundle's status snapshot"))
        })
    }

    fn snapshot(&self) -> bool {
        true
    }
}

/// The report, and whether everything verified.
pub struct Outcome {
    pub report: Value,
    pub ok: bool,
}

fn text(bytes: &[u8]) -> Value {
    let s = String::from_utf8_lossy(bytes).trim().to_owned();
    if s.starts_with('{') {
        serde_json::from_str(&s).unwrap_or(Value::String(s))
    } else {
        Value::String(s)
    }
}

async fn check(verifier: &Verifier<'_>, file: &str, bytes: &[u8]) -> anyhow::Result<Value> {
    let v = verifier
        .verify(&text(bytes))
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(json!({
        "file": file, "verified": v.verified, "format": v.format, "credential_id": v.credential_id,
        "code": v.failure.as_ref().map(|(f, _)| f.code()),
        "detail": v.failure.as_ref().map(|(_, d)| d.english()),
        "status": v.checks.iter().find(|c| c.check == "status").and_then(|c| c.detail.0.as_ref().map(Message::english)),
        "trust": v.seal.as_ref().and(v.checks.iter().find(|c| c.check == "trust").and_then(|c| c.detail.0.as_ref().map(Message::english))),
    }))
}

/// Verifies a bundle (zip) or a single credential file at `path`, at time `now`. A single
/// sealed EDC's seal is checked against `seal_cas` (a bundle carries its own).
pub async fn verify_path(
    path: &std::path::Path,
    now: OffsetDateTime,
    seal_cas: &[openssl::x509::X509],
) -> anyhow::Result<Outcome> {
    let bytes = std::fs::read(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let schemas = Schemas::load()?;
    let loader = ContextLoader::pinned();
    if !bytes.starts_with(b"PK") {
        // One credential: did:key keys only, status not consulted.
        let resolver = Resolver::Offline;
        let anchors = seal_cas.to_vec();
        let verifier = Verifier {
            loader,
            resolver: &resolver,
            schemas: &schemas,
            now,
            status: None,
            trust: None,
            seals: (!anchors.is_empty()).then_some(&anchors as &dyn crate::verify::SealAnchors),
        };
        let item = check(&verifier, &path.display().to_string(), &bytes).await?;
        let ok = item["verified"] == true;
        return Ok(Outcome {
            report: json!({"items": [item], "note": "a single file: did:web keys and status lists need its bundle"}),
            ok,
        });
    }
    let files = unzip(&bytes, OFFLINE_UNPACKED).map_err(|e| anyhow::anyhow!(e))?;
    verify_bundle(&files, loader, &schemas, now).await
}

pub async fn verify_bundle(
    files: &BTreeMap<String, Vec<u8>>,
    loader: &ContextLoader,
    schemas: &Schemas,
    now: OffsetDateTime,
) -> anyhow::Result<Outcome> {
    let mut problems: Vec<String> = Vec::new();
    let manifest: Value = files
        .get(MANIFEST)
        .and_then(|b| serde_json::from_slice(b).ok())
        .ok_or_else(|| anyhow::anyhow!("the bundle has no readable {MANIFEST}"))?;
    anyhow::ensure!(
        manifest["type"] == BUNDLE_TYPE,
        "{MANIFEST} is not a unitcred wallet bundle manifest"
    );
    // Every file listed, with its hash; nothing unlisted.
    let listed: HashMap<&str, &str> = manifest["files"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|f| Some((f["path"].as_str()?, f["sha256"].as_str()?)))
                .collect()
        })
        .unwrap_or_default();
    for (path, hash) in &listed {
        match files.get(*path) {
            None => problems.push(format!("{path}: listed in the manifest but missing")),
            Some(b) if hex::encode(Sha256::digest(b)) != *hash => {
                problems.push(format!("{path}: SHA-256 differs from the manifest"))
            }
            Some(_) => {}
        }
    }
    for path in files.keys() {
        if path != MANIFEST && path != MANIFEST_SIGNATURE && !listed.contains_key(path.as_str()) {
            problems.push(format!("{path}: not listed in the manifest"));
        }
    }
    // The contexts must be the pinned ones.
    let (shipped, _) = ContextLoader::shipped();
    for (_, name, text) in &shipped {
        let path = format!("contexts/{name}");
        if files.get(&path).is_some_and(|b| b != text.as_bytes()) {
            problems.push(format!("{path}: differs from the pinned context"));
        }
    }
    let mut docs = HashMap::new();
    for d in manifest["did_documents"].as_array().into_iter().flatten() {
        if let (Some(did), Some(file)) = (d["did"].as_str(), d["file"].as_str())
            && let Some(doc) = files.get(file).and_then(|b| serde_json::from_slice(b).ok())
        {
            docs.insert(did.to_owned(), doc);
        }
    }
    let mut lists = HashMap::new();
    for l in manifest["status_snapshot"]["lists"]
        .as_array()
        .into_iter()
        .flatten()
    {
        if let (Some(url), Some(file)) = (l["url"].as_str(), l["file"].as_str())
            && let Some(doc) = files.get(file).and_then(|b| serde_json::from_slice(b).ok())
        {
            lists.insert(url.to_owned(), doc);
        }
    }
    // The seal CAs the bundle carries: what its EDCs' seals are checked against.
    let mut seal_cas = Vec::new();
    for c in manifest["seal_cas"].as_array().into_iter().flatten() {
        if let Some(pem) = c["file"].as_str().and_then(|f| files.get(f)) {
            match openssl::x509::X509::from_pem(pem) {
                Ok(cert) => seal_cas.push(cert),
                Err(_) => problems.push(format!(
                    "{}: not a PEM certificate",
                    c["file"].as_str().unwrap_or_default()
                )),
            }
        }
    }
    let resolver = Resolver::Documents(docs);
    // The manifest is the issuer's: signed with a key of the DID it names as issuer.
    let manifest_signed = match manifest_signature(files, &manifest, &resolver).await {
        Ok(kid) => Some(kid),
        Err(why) => {
            problems.push(format!("{MANIFEST_SIGNATURE}: {why}"));
            None
        }
    };
    let snapshot = Snapshot(lists);
    let verifier = Verifier {
        loader,
        resolver: &resolver,
        schemas,
        now,
        status: Some(&snapshot),
        trust: None,
        seals: Some(&seal_cas),
    };
    let mut items = Vec::new();
    let credential_files = files.keys().filter(|p| {
        (p.starts_with("credentials/") || p.starts_with("foreign/"))
            || p.as_str() == "record.clr.json"
    });
    for path in credential_files {
        items.push(check(&verifier, path, &files[path]).await?);
    }
    let taken_at = manifest["status_snapshot"]["taken_at"].as_str();
    let age_days = taken_at
        .and_then(parse_datetime)
        .map(|t| (now - t).whole_days());
    let ok = problems.is_empty() && items.iter().all(|i| i["verified"] == true);
    Ok(Outcome {
        report: json!({
            "learner": manifest["learner"], "issuer": manifest["issuer"],
            "manifest_signed_by": manifest_signed,
            "verified_at": format_utc(now),
            "status_snapshot": {"taken_at": taken_at, "age_days": age_days},
            "problems": problems,
            "items": items,
            "verified": ok,
        }),
        ok,
    })
}

/// Checks `manifest.jws`: a compact JWS (EdDSA) of the exact bytes of `manifest.json`, by a key
/// the manifest's issuer lists for assertions. Returns the key's id.
pub async fn manifest_signature(
    files: &BTreeMap<String, Vec<u8>>,
    manifest: &Value,
    resolver: &Resolver,
) -> Result<String, String> {
    let token = files
        .get(MANIFEST_SIGNATURE)
        .and_then(|b| std::str::from_utf8(b).ok())
        .ok_or("missing: the bundle is not signed as a whole")?
        .trim();
    let header = crate::crypto::jose::check_header_typed(token, &[MANIFEST_TYP])
        .map_err(|e| e.to_string())?;
    let issuer = manifest["issuer"]["did"].as_str().unwrap_or_default();
    let controller = header.kid.split('#').next().unwrap_or_default();
    if controller != issuer {
        return Err(format!(
            "signed by {controller}, not by the issuer {issuer}"
        ));
    }
    let doc = resolver
        .resolve(controller)
        .await
        .map_err(|e| e.to_string())?;
    let method = crate::crypto::did::find_method(&doc, &header.kid, "assertionMethod")
        .map_err(|e| e.to_string())?;
    let payload = crate::crypto::jose::verify(token, &method.key).map_err(|e| e.to_string())?;
    if files.get(MANIFEST).map(Vec::as_slice) != Some(payload.as_slice()) {
        return Err(format!("signs another {MANIFEST} than this one"));
    }
    Ok(header.kid)
}
