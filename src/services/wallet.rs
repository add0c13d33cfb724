//! The learner's wallet bundle: one zip that proves their units anywhere, even offline and
//! after the school's server is gone.
//!
//! It holds every credential of the learner in its Data Integrity form and its `vc+jwt`
//! form (and, when the school has an e-seal, its sealed European Digital Credential with the
//! seal CAs that anchor it), the foreign credentials their recognitions rest on, a CLR 2.0 of
//! the whole record,
//! a transcript in the learner's language, the issuers' DID documents, a snapshot of the
//! signed status lists, the pinned JSON-LD contexts, and `manifest.json` with the SHA-256 of
//! every file. The same data gives the same bytes: entries are sorted with fixed times, and
//! the CLR's id and time derive from the record.

use std::collections::BTreeMap;
use std::io::Write;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::credential::FORMAT_EDC;
use crate::domain::credential::{FORMAT_DI_RDFC, FORMAT_JWT};
use crate::domain::provider::Provider;
use crate::domain::status_list::suspension_sibling;
use crate::error::{ApiError, ApiResult};
use crate::jsonld::ContextLoader;
use crate::services::Services;
use crate::services::forms::credential_document;
use crate::services::status::ServerStatusSource;
use crate::support::clock::format_utc;
use crate::verify::StatusSource;

pub const MANIFEST: &str = "manifest.json";
/// The provider's signature of `manifest.json` (a compact JWS whose payload is its exact
/// bytes): the bundle as a whole, not only each credential, is the issuer's.
pub const MANIFEST_SIGNATURE: &str = "manifest.jws";
/// The `typ` of that signature.
pub const MANIFEST_TYP: &str = "unitcred-manifest+jws";
pub const BUNDLE_TYPE: &str = "unitcred-wallet-bundle";

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The files of a bundle, by path (sorted, which is also the order in the zip).
#[derive(Default)]
struct Files(BTreeMap<String, Vec<u8>>);

impl Files {
    fn add(&mut self, path: String, bytes: Vec<u8>) -> String {
        self.0.insert(path.clone(), bytes);
        path
    }
}

/// Builds the learner's bundle (zip bytes).
pub async fn build(state: &Services, provider: &Provider, learner_id: Uuid) -> ApiResult<Vec<u8>> {
    let learner = state
        .store
        .learner(provider.id, learner_id)
        .await?
        .ok_or(ApiError::NotFound("learner"))?;
    let records = state
        .store
        .credentials(provider.id, Some(learner_id))
        .await?;
    if records.is_empty() {
        return Err(ApiError::Conflict(
            "empty_record",
            "the learner holds no credential yet".into(),
        ));
    }
    let mut files = Files::default();
    let mut documents: Vec<(Value, Vec<u8>)> = Vec::new();
    let mut entries = Vec::new();
    // The Europass form comes with the bundle once the school can seal.
    let sealing = state
        .keyring
        .seal_key(&state.store, provider)
        .await?
        .is_some();
    let mut sealed: Vec<Vec<u8>> = Vec::new();
    // The record's time: its latest issuance or status change.
    let mut at = OffsetDateTime::UNIX_EPOCH;
    for r in &records {
        at = at
            .max(r.issued_at)
            .max(r.status_changed_at.unwrap_or(r.issued_at));
        let di = credential_document(state, provider, r.id, FORMAT_DI_RDFC).await?;
        let jwt = credential_document(state, provider, r.id, FORMAT_JWT).await?;
        let parsed: Value = serde_json::from_slice(&di.body).map_err(anyhow::Error::from)?;
        let di_path = files.add(format!("credentials/{}.json", r.id), di.body.clone());
        let jwt_path = files.add(format!("credentials/{}.jwt", r.id), jwt.body);
        let mut paths = json!({"di": di_path, "jwt": jwt_path});
        let edc = match state.store.credential_document(r.id, FORMAT_EDC).await? {
            Some(doc) => Some(doc),
            None if sealing => Some(credential_document(state, provider, r.id, FORMAT_EDC).await?),
            None => None,
        };
        if let Some(edc) = edc {
            paths["edc"] =
                json!(files.add(format!("credentials/{}.edc.json", r.id), edc.body.clone()));
            sealed.push(edc.body);
        }
        entries.push(
            json!({"id": format!("urn:uuid:{}", r.id), "kind": r.kind, "status": r.status,
                            "status_reason": r.status_reason, "issued_at": format_utc(r.issued_at),
                            "files": paths}),
        );
        documents.push((parsed, di.body));
    }

    // Foreign credentials this school recognised for the learner: their exact bytes.
    let mut foreign = Vec::new();
    for rec in state.store.recognitions(provider.id, learner_id).await? {
        if rec.status != "accepted" {
            continue;
        }
        let Some(body) = state.store.recognition_body(provider.id, rec.id).await? else {
            continue;
        };
        let ext = if body.first() == Some(&b'{') {
            "json"
        } else {
            "jwt"
        };
        if rec.media_type == crate::europass::seal::MEDIA_TYPE {
            sealed.push(body.clone());
        }
        let path = files.add(format!("foreign/{}.{ext}", rec.id), body.clone());
        foreign.push(
            json!({"id": rec.foreign_credential_id, "issuer": rec.foreign_issuer,
                            "digestMultibase": rec.digest, "file": path}),
        );
        let parsed = if ext == "json" {
            serde_json::from_slice(&body).unwrap_or(Value::Null)
        } else {
            crate::crypto::jose::unverified_payload(&String::from_utf8_lossy(&body))
                .unwrap_or(Value::Null)
        };
        documents.push((parsed, body));
    }

    // The issuers' DID documents.
    let resolver = crate::services::verification::resolver(state);
    let mut issuers: Vec<String> = documents
        .iter()
        .filter_map(|(d, _)| match d.get("issuer") {
            Some(Value::String(s)) => Some(s.clone()),
            Some(o) => o.get("id").and_then(Value::as_str).map(str::to_owned),
            None => None,
        })
        .collect();
    issuers.sort();
    issuers.dedup();
    let mut did_documents = Vec::new();
    for (i, did) in issuers.iter().enumerate() {
        match resolver.resolve(did).await {
            Ok(doc) => {
                let path = files.add(
                    format!("did/{i}.json"),
                    serde_json::to_vec_pretty(&doc).map_err(anyhow::Error::from)?,
                );
                did_documents.push(json!({"did": did, "file": path}));
            }
            Err(e) => did_documents.push(json!({"did": did, "unavailable": e.to_string()})),
        }
    }

    // A snapshot of every status list the credentials point at (and the suspension lists
    // beside unitcred revocation lists).
    let mut urls: Vec<String> = Vec::new();
    for (d, _) in &documents {
        let entries: Vec<&Value> = match d.get("credentialStatus") {
            Some(Value::Array(a)) => a.iter().collect(),
            Some(one) => vec![one],
            None => Vec::new(),
        };
        for e in entries {
            if let Some(url) = e.get("statusListCredential").and_then(Value::as_str) {
                urls.push(url.to_owned());
                urls.extend(suspension_sibling(url));
            }
        }
    }
    urls.sort();
    urls.dedup();
    let source = ServerStatusSource {
        state: state.clone(),
    };
    let mut lists = Vec::new();
    let mut taken_at: Option<String> = None;
    for (i, url) in urls.iter().enumerate() {
        match source.list(url).await {
            Ok(doc) => {
                if let Some(from) = doc.get("validFrom").and_then(Value::as_str) {
                    taken_at = Some(match taken_at {
                        Some(t) if t.as_str() <= from => t,
                        _ => from.to_owned(),
                    });
                }
                let path = files.add(
                    format!("status/{i}.json"),
                    serde_json::to_vec(&doc).map_err(anyhow::Error::from)?,
                );
                lists.push(json!({"url": url, "file": path}));
            }
            Err(e) => lists.push(json!({"url": url, "unavailable": e})),
        }
    }

    // The seal CAs (of those this server trusts) that the bundle's EDCs chain to, so the
    // seals can be checked offline.
    let mut seal_cas = Vec::new();
    for (i, (subject, pem)) in seal_anchors(state, &sealed).await?.into_iter().enumerate() {
        let path = files.add(format!("seals/{i}.pem"), pem.into_bytes());
        seal_cas.push(json!({"subject": subject, "file": path}));
    }

    // The JSON-LD contexts, exactly as pinned.
    let (contexts, index) = ContextLoader::shipped();
    for (_, name, text) in &contexts {
        files.add(format!("contexts/{name}"), text.as_bytes().to_vec());
    }
    files.add("contexts/index.json".into(), index.as_bytes().to_vec());

    // The whole record as a CLR, with an id and time that derive from the record.
    let mut h = Sha256::new();
    h.update(learner_id.as_bytes());
    h.update(format_utc(at).as_bytes());
    for (_, bytes) in &documents {
        h.update(Sha256::digest(bytes));
    }
    let digest = h.finalize();
    let mut id_bytes = [0u8; 16];
    id_bytes.copy_from_slice(&digest[..16]);
    let clr_id = uuid::Builder::from_random_bytes(id_bytes).into_uuid();
    let clr =
        crate::services::awards::learner_record_as(state, provider, learner_id, clr_id, at).await?;
    files.add("record.clr.json".into(), clr);

    let lang = learner.doc.language.clone();
    let transcript = crate::services::transcript::Transcript {
        lang: &lang,
        learner: &learner,
        provider,
        credentials: documents
            .iter()
            .take(records.len())
            .zip(&records)
            .map(|((doc, bytes), r)| crate::services::transcript::Line {
                credential: doc,
                status: &r.status,
                file: format!("credentials/{}.json", r.id),
                sha256: sha256_hex(bytes),
            })
            .collect(),
        record_time: at,
        status_taken_at: taken_at.as_deref(),
        verify_base: format!("{}/verify", state.settings.public_url),
    };
    files.add(
        format!("transcript.{lang}.html"),
        crate::services::transcript::html(&transcript).into_bytes(),
    );
    files.add(
        format!("transcript.{lang}.pdf"),
        crate::services::transcript::pdf(&transcript).map_err(|e| anyhow::anyhow!(e))?,
    );

    let manifest = json!({
        "type": BUNDLE_TYPE, "version": 1,
        "learner": {"id": learner.id, "given_name": learner.doc.given_name,
                    "family_name": learner.doc.family_name, "language": lang},
        "issuer": {"did": provider.did, "name": provider.name},
        "record_time": format_utc(at),
        "credentials": entries,
        "foreign_credentials": foreign,
        "did_documents": did_documents,
        "status_snapshot": {"taken_at": taken_at, "lists": lists},
        "seal_cas": seal_cas,
        "contexts": contexts.iter().map(|(url, name, _)| json!({"url": url, "file": format!("contexts/{name}")})).collect::<Vec<_>>(),
        "files": files.0.iter().map(|(path, bytes)| json!({"path": path, "sha256": sha256_hex(bytes), "bytes": bytes.len()})).collect::<Vec<_>>(),
    });
    let manifest = serde_json::to_vec_pretty(&manifest).map_err(anyhow::Error::from)?;
    let key = state.keyring.signing_key(&state.store, provider).await?;
    let signature = crate::crypto::jose::sign_typed(&manifest, &key, MANIFEST_TYP)
        .map_err(|e| anyhow::anyhow!("manifest signature: {e}"))?;
    files.add(MANIFEST.into(), manifest);
    files.add(MANIFEST_SIGNATURE.into(), signature.into_bytes());
    Ok(zip_files(&files).map_err(anyhow::Error::from)?)
}

/// The trusted seal CAs that anchor at least one of these sealed credentials: (subject, PEM),
/// in the order the server lists them.
async fn seal_anchors(state: &Services, sealed: &[Vec<u8>]) -> ApiResult<Vec<(String, String)>> {
    if sealed.is_empty() {
        return Ok(Vec::new());
    }
    let opened: Vec<crate::europass::seal::Opened> = sealed
        .iter()
        .filter_map(|b| serde_json::from_slice::<Value>(b).ok())
        .filter_map(|v| crate::europass::seal::parse(&v).ok())
        .collect();
    let mut out = Vec::new();
    for anchor in state.store.seal_anchors().await? {
        let Ok(cert) = openssl::x509::X509::from_pem(anchor.pem.as_bytes()) else {
            continue;
        };
        let anchors = [cert];
        if opened.iter().any(|o| {
            let at = o.signed_at.unwrap_or(state.clock.now());
            crate::europass::seal::chain_trusted(&o.chain, &anchors, at).is_ok()
        }) {
            out.push((anchor.subject, anchor.pem));
        }
    }
    Ok(out)
}

/// Deterministic zip: sorted entries, the zip epoch as every time, fixed permissions.
fn zip_files(files: &Files) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (path, bytes) in &files.0 {
        zip.start_file(path.as_str(), options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// What the server unpacks of one uploaded bundle at most: a learner's bundle is a few MB.
pub const UPLOAD_UNPACKED: u64 = 32 << 20;
/// Files in one bundle at most.
pub const MAX_FILES: usize = 4096;

/// Reads a bundle's files (paths → bytes), refusing anything but plain relative paths, and
/// unpacking at most `budget` bytes in all. Each entry's declared size is checked against
/// what is left of the budget before it is read, and the read itself stops at the budget,
/// so a zip bomb (or an entry that lies about its size) costs at most `budget` of memory.
pub fn unzip(bytes: &[u8], budget: u64) -> Result<BTreeMap<String, Vec<u8>>, String> {
    use std::io::Read;
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| format!("not a zip: {e}"))?;
    if archive.len() > MAX_FILES {
        return Err(format!("a bundle holds at most {MAX_FILES} files"));
    }
    let too_large = || format!("a bundle unpacks to at most {budget} bytes");
    let mut out = BTreeMap::new();
    let mut left = budget;
    for i in 0..archive.len() {
        let f = archive.by_index(i).map_err(|e| e.to_string())?;
        let name = f.name().map_err(|e| e.to_string())?.into_owned();
        if name.starts_with('/') || name.split('/').any(|p| p == "..") {
            return Err(format!("unsafe path in bundle: {name}"));
        }
        if f.is_dir() {
            continue;
        }
        if f.size() > left {
            return Err(too_large());
        }
        let mut buf = Vec::with_capacity(usize::try_from(f.size()).unwrap_or(0).min(1 << 20));
        f.take(left + 1)
            .read_to_end(&mut buf)
            .map_err(|e| e.to_string())?;
        let read = buf.len() as u64;
        if read > left {
            return Err(too_large());
        }
        left -= read;
        out.insert(name, buf);
    }
    Ok(out)
}
