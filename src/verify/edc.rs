//! Verifying a sealed European Digital Credential: the same checks as for any credential,
//! in Europass's terms. FORMAT is `parsing`, `contexts` and `schema` (the ELM shape's
//! structural rules); SEAL is `key_resolution` (the certificate the seal carries),
//! `controller` (its eIDAS organisation identifier is the issuer's), `proof` (the signature
//! over the exact sealed bytes) and `trust` (the certificate chains to a trusted seal CA, and
//! what the trust registry says of that organisation); EXPIRY is `validity_period` and
//! REVOCATION is `status`. A certificate nobody here trusts is a warning ("not trusted"), not
//! an invalid seal.

use std::future::Future;
use std::pin::Pin;

use openssl::x509::X509;
use serde::Serialize;
use serde_json::{Value, json};
use time::OffsetDateTime;

use super::{Failure, Message, Run, Verification, Verifier, VerifyError};
use crate::domain::trust::{TrustReport, TrustStatus};
use crate::europass::edc::{EDC_CONTEXT, VC_V1};
use crate::europass::read;
use crate::europass::seal::{self, CertificateInfo, SealError};
use crate::support::clock::format_utc;

/// The CA certificates whose seals are trusted. `Err` is an operational failure (storage).
pub type Anchors<'a> = Pin<Box<dyn Future<Output = Result<Vec<X509>, String>> + Send + 'a>>;

pub trait SealAnchors: Send + Sync {
    fn anchors(&self) -> Anchors<'_>;
}

/// A fixed set (offline verification: the anchors a wallet bundle carries; tests).
impl SealAnchors for Vec<X509> {
    fn anchors(&self) -> Anchors<'_> {
        Box::pin(async move { Ok(self.clone()) })
    }
}

/// What the verifier found about a seal.
#[derive(Debug, Clone, Serialize)]
pub struct SealReport {
    pub alg: String,
    /// `json` (JWS JSON serialization) or `compact`.
    pub serialization: &'static str,
    /// JAdES level: `B-B`, or `B-T` when a timestamp came with the seal (reported, not
    /// validated).
    pub level: &'static str,
    /// `sigT`: when the sealer says it sealed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signed_at: Option<String>,
    pub certificate: CertificateInfo,
    pub chain_length: usize,
    /// The trusted CA the certificate chains to, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
}

pub use crate::domain::trust::registry_key;

impl Verifier<'_> {
    pub(super) async fn verify_edc(
        &self,
        input: &Value,
        mut run: Run,
    ) -> Result<Verification, VerifyError> {
        let opened = match seal::parse(input) {
            Ok(o) => o,
            Err(SealError::Algorithm(alg)) => {
                run.fail(
                    "parsing",
                    Failure::UnsupportedAlgorithm,
                    Message::new("v-seal_alg").arg("alg", format!("{alg:?}")),
                );
                return Ok(self.finish(run, "edc", None));
            }
            Err(e) => {
                run.fail("parsing", Failure::MalformedCredential, e.to_string());
                return Ok(self.finish(run, "edc", None));
            }
        };
        let edc: Value = match serde_json::from_slice(&opened.payload) {
            Ok(v) => v,
            Err(e) => {
                run.fail(
                    "parsing",
                    Failure::MalformedCredential,
                    Message::new("v-sealed_not_json").arg("cause", e),
                );
                return Ok(self.finish(run, "edc", None));
            }
        };
        if let Err(why) = super::limits::check(&edc) {
            run.fail("parsing", Failure::LimitExceeded, why);
            return Ok(self.finish(run, "edc", None));
        }
        if !read::is_edc(&edc) {
            run.fail(
                "parsing",
                Failure::MalformedCredential,
                Message::new("v-sealed_not_edc"),
            );
            return Ok(self.finish(run, "edc", Some(edc)));
        }
        let Some(cert) = opened.chain.first() else {
            run.fail(
                "parsing",
                Failure::MalformedCredential,
                Message::new("v-x5c_empty"),
            );
            return Ok(self.finish(run, "edc", Some(edc)));
        };
        let info = seal::info(cert);
        let mut report = SealReport {
            alg: opened.alg.clone(),
            serialization: opened.serialization,
            level: if opened.timestamped { "B-T" } else { "B-B" },
            signed_at: opened.signed_at.map(format_utc),
            certificate: info.clone(),
            chain_length: opened.chain.len(),
            anchor: None,
        };
        run.pass(
            "parsing",
            Message::new(if opened.unencoded {
                "v-parsed_edc_unencoded"
            } else {
                "v-parsed_edc"
            })
            .arg("level", report.level)
            .arg("serialization", opened.serialization)
            .arg("alg", &opened.alg),
        );
        let contexts: Vec<&Value> = read::all(edc.get("@context"));
        if contexts
            != [
                &Value::String(VC_V1.to_owned()),
                &Value::String(EDC_CONTEXT.to_owned()),
            ]
        {
            run.fail(
                "contexts",
                Failure::UnknownContext,
                Message::new("v-edc_contexts")
                    .arg("vc", VC_V1)
                    .arg("edc", EDC_CONTEXT),
            );
            return Ok(self.finish_edc(run, edc, report, None));
        }
        run.pass("contexts", Message::new("v-edc_contexts_ok"));

        run.pass(
            "key_resolution",
            Message::new("v-seal_certificate")
                .arg("subject", &info.subject)
                .arg("issuer", &info.issuer),
        );
        let org_id = info.organization_identifier.clone().unwrap_or_default();
        let issuer = registry_key(&org_id);
        match read::eidas_id(&edc) {
            Some(claimed) if !org_id.is_empty() && claimed == org_id => {
                run.pass("controller", Message::new("v-seal_org").arg("org", &org_id))
            }
            claimed => run.fail(
                "controller",
                Failure::ControllerMismatch,
                Message::new("v-seal_org_mismatch")
                    .arg("issuer", claimed.as_deref().unwrap_or("–"))
                    .arg("org", if org_id.is_empty() { "–" } else { &org_id }),
            ),
        }
        match opened.verify() {
            Ok(()) => run.pass(
                "proof",
                Message::new("v-seal_valid").arg("alg", &opened.alg),
            ),
            Err(SealError::Signature) => run.fail(
                "proof",
                Failure::InvalidSignature,
                Message::new("v-seal_mismatch"),
            ),
            Err(e) => run.fail("proof", Failure::MalformedProof, e.to_string()),
        }
        if run.failed() {
            return Ok(self.finish_edc(run, edc, report, Some(issuer)));
        }
        self.check_validity(&edc_validity(&edc), &mut run);
        if !run.failed() {
            match crate::europass::shape::check(&edc) {
                Ok(nodes) => run.pass(
                    "schema",
                    Message::new("v-shape_ok").num("count", nodes as i64),
                ),
                Err(violations) => run.fail(
                    "schema",
                    Failure::SchemaViolation,
                    Message::new("v-shape_violation").arg("detail", violations.join("; ")),
                ),
            }
        }
        if !run.failed() {
            self.check_edc_status(&edc, &mut run).await?;
        }
        if !run.failed() {
            self.check_seal_trust(&opened, &edc, &issuer, &mut report, &mut run)
                .await?;
        }
        Ok(self.finish_edc(run, edc, report, Some(issuer)))
    }

    fn finish_edc(
        &self,
        run: Run,
        edc: Value,
        report: SealReport,
        issuer: Option<String>,
    ) -> Verification {
        let mut v = self.finish(run, "edc", Some(edc));
        v.issuer = issuer;
        v.seal = Some(report);
        v
    }

    /// REVOCATION: unitcred's EDCs point at the same bitstring status list entry as the Open
    /// Badges form (`<list URL>#<index>`), issued under the DID the issuer names.
    async fn check_edc_status(&self, edc: &Value, run: &mut Run) -> Result<(), VerifyError> {
        let Some(status) = read::status(edc) else {
            run.pass("status", Message::new("v-no_status"));
            return Ok(());
        };
        let entry = status.rsplit_once('#').and_then(|(list, index)| {
            (index.bytes().all(|b| b.is_ascii_digit())
                && !index.is_empty()
                && list.contains("/status/revocation/"))
            .then(|| {
                json!({"type": "BitstringStatusListEntry", "statusPurpose": "revocation",
                       "statusListIndex": index, "statusListCredential": list})
            })
        });
        let Some(entry) = entry else {
            run.warn(
                "status",
                Message::new("v-edc_status_other").arg("url", status),
            );
            return Ok(());
        };
        let as_ob =
            json!({"issuer": read::issuer_did(edc).unwrap_or_default(), "credentialStatus": entry});
        self.check_status(&as_ob, run).await
    }

    /// SEAL trust: the certificate was valid when the seal says it was made, chains to a
    /// trusted seal CA, and the trust registry's entry for its organisation (if any)
    /// authorises the achievement.
    async fn check_seal_trust(
        &self,
        opened: &seal::Opened,
        edc: &Value,
        issuer: &str,
        report: &mut SealReport,
        run: &mut Run,
    ) -> Result<(), VerifyError> {
        let at = opened.signed_at.unwrap_or(self.now);
        let cert = &report.certificate;
        if at < cert.not_before || at > cert.not_after {
            run.fail(
                "trust",
                Failure::CertificateInvalid,
                Message::new("v-certificate_period")
                    .arg("from", format_utc(cert.not_before))
                    .arg("until", format_utc(cert.not_after))
                    .arg("when", format_utc(at)),
            );
            return Ok(());
        }
        let name = read::issuer_name(edc, "en");
        let country = first_country(edc);
        let unknown = |detail: Message| TrustReport {
            status: TrustStatus::Unknown,
            issuer: issuer.to_owned(),
            name: name.clone(),
            country: country.clone(),
            source: None,
            authorisation: None,
            detail,
        };
        let Some(source) = self.seals else {
            let detail = Message::new("v-no_seal_cas");
            run.warn(
                "trust",
                Message::new("v-seal_unchecked").part("detail", detail.clone()),
            );
            run.trust = Some(unknown(detail));
            return Ok(());
        };
        let anchors = source.anchors().await.map_err(VerifyError)?;
        match seal::chain_trusted(&opened.chain, &anchors, at) {
            Ok(anchor) => report.anchor = Some(anchor),
            Err(why) => {
                let detail = Message::new("v-seal_untrusted_chain")
                    .arg("issuer", &cert.issuer)
                    .arg("why", why);
                run.warn(
                    "trust",
                    Message::new("v-seal_untrusted").part("detail", detail.clone()),
                );
                run.trust = Some(unknown(detail));
                return Ok(());
            }
        }
        let Some(registry) = self.trust else {
            run.pass(
                "trust",
                Message::new("v-sealed_trusted_ca")
                    .arg("subject", &cert.subject)
                    .arg("anchor", report.anchor.as_deref().unwrap_or_default()),
            );
            return Ok(());
        };
        let entry = registry.lookup(issuer).await.map_err(VerifyError)?;
        // The registry reads the claim as it reads an Open Badges achievement.
        let view = json!({
            "validFrom": edc.get("validFrom"),
            "credentialSubject": {"achievement": read::achievement_view(edc)},
        });
        let mut trust = crate::domain::trust::assess(
            entry.as_ref().map(|(e, s)| (e, s.as_str())),
            &view,
            issuer,
        );
        if trust.name.is_none() {
            trust.name = name;
            trust.country = country;
        }
        match trust.status {
            TrustStatus::Trusted => run.pass(
                "trust",
                Message::new("v-certificate_trusted")
                    .arg("anchor", report.anchor.as_deref().unwrap_or_default())
                    .part("detail", trust.detail.clone()),
            ),
            TrustStatus::Unknown => run.warn(
                "trust",
                Message::new("v-seal_issuer_unknown").part("detail", trust.detail.clone()),
            ),
            TrustStatus::NotAuthorised => {
                run.fail("trust", Failure::IssuerNotAuthorised, trust.detail.clone())
            }
        }
        run.trust = Some(trust);
        Ok(())
    }
}

/// An EDC's validity in VC 2.0 terms: `validFrom`, and `validUntil` or (VC 1.1)
/// `expirationDate`, whichever ends first.
fn edc_validity(edc: &Value) -> Value {
    let mut v = json!({});
    if let Some(from) = edc.get("validFrom") {
        v["validFrom"] = from.clone();
    }
    let ends: Vec<&Value> = ["validUntil", "expirationDate"]
        .iter()
        .filter_map(|k| edc.get(*k))
        .collect();
    let earliest = ends.iter().min_by_key(|e| {
        e.as_str()
            .and_then(crate::support::clock::parse_datetime)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH)
    });
    if let Some(until) = earliest {
        v["validUntil"] = (*until).clone();
    }
    v
}

fn first_country(edc: &Value) -> Option<String> {
    let issuer = read::first(edc.get("issuer"))?;
    let location = read::first(issuer.get("location"))?;
    let address = read::first(location.get("address"))?;
    let id = read::first(address.get("countryCode"))?
        .get("id")?
        .as_str()?;
    id.rsplit('/').next().map(str::to_owned)
}
