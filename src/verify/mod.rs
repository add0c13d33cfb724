//! The verifier: the same pipeline for every caller (HTTP endpoint, benchmark, CLI).
//!
//! It answers with a [`Verification`]: the list of checks that were run, each passed, failed,
//! warned or skipped. Failing checks are *verdicts* about the credential, not errors of the
//! service; only a storage failure while resolving a key is an error ([`VerifyError`]).
//! Time comes from the caller, keys from a [`Resolver`]; nothing here fetches from the network.

pub mod edc;
pub mod limits;
pub mod parts;
pub mod resolver;
pub mod status;

use ed25519_dalek::VerifyingKey;
use serde::Serialize;
use serde_json::{Map, Value};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::crypto::di::{self, DiError};
use crate::crypto::did::{self, MethodError};
use crate::crypto::jose::{self, JwtError};
use crate::domain::credential::VC_V2;
use crate::domain::schema::Schemas;
use crate::jsonld::ContextLoader;
use crate::support::clock::{format_utc, parse_datetime};
pub use edc::{SealAnchors, SealReport};
pub use resolver::{ResolveError, Resolver};
pub use status::{ListCache, StatusSource};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Passed,
    Failed,
    Warning,
    Skipped,
}

#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub check: &'static str,
    pub status: CheckStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// Stable identifiers of a failure, mapped to RFC 9457 problem types by the HTTP layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Failure {
    MalformedCredential,
    UnknownContext,
    InvalidJsonLd,
    UnsupportedProof,
    UnsupportedAlgorithm,
    MalformedProof,
    UnknownKey,
    ControllerMismatch,
    InvalidSignature,
    NotYetValid,
    Expired,
    SchemaViolation,
    KeyRevoked,
    Revoked,
    Suspended,
    /// A bit set in a list of another purpose (for example `message`).
    StatusFlagged,
    StatusUnavailable,
    /// The issuer is in the trust registry but not authorised for this achievement.
    IssuerNotAuthorised,
    /// Larger or deeper than the verifier accepts (see [`limits`]).
    LimitExceeded,
    /// An e-seal certificate that was not valid when the seal says it was made.
    CertificateInvalid,
}

impl Failure {
    pub fn code(self) -> &'static str {
        match self {
            Self::MalformedCredential => "malformed_credential",
            Self::UnknownContext => "unknown_context",
            Self::InvalidJsonLd => "invalid_json_ld",
            Self::UnsupportedProof => "unsupported_proof",
            Self::UnsupportedAlgorithm => "unsupported_algorithm",
            Self::MalformedProof => "malformed_proof",
            Self::UnknownKey => "unknown_key",
            Self::ControllerMismatch => "controller_mismatch",
            Self::InvalidSignature => "invalid_signature",
            Self::NotYetValid => "not_yet_valid",
            Self::Expired => "expired",
            Self::SchemaViolation => "schema_violation",
            Self::KeyRevoked => "key_revoked",
            Self::Revoked => "revoked",
            Self::Suspended => "suspended",
            Self::StatusFlagged => "status_flagged",
            Self::StatusUnavailable => "status_unavailable",
            Self::IssuerNotAuthorised => "issuer_not_authorised",
            Self::LimitExceeded => "limit_exceeded",
            Self::CertificateInvalid => "certificate_invalid",
        }
    }

    /// VC Data Model 2.0 §7.1 problem types where one fits.
    pub fn problem_type(self) -> &'static str {
        match self {
            Self::MalformedCredential | Self::LimitExceeded => {
                "https://www.w3.org/TR/vc-data-model#PARSING_ERROR"
            }
            Self::UnknownContext | Self::InvalidJsonLd | Self::SchemaViolation => {
                "https://www.w3.org/TR/vc-data-model#MALFORMED_VALUE_ERROR"
            }
            Self::NotYetValid | Self::Expired => "https://www.w3.org/TR/vc-data-model#RANGE_ERROR",
            Self::StatusUnavailable => {
                "https://www.w3.org/ns/credentials/status-list#STATUS_RETRIEVAL_ERROR"
            }
            // Not errors in the specification's sense: the issuer says the credential no
            // longer stands. The code tells them apart.
            Self::Revoked | Self::Suspended | Self::StatusFlagged | Self::IssuerNotAuthorised => {
                "about:blank"
            }
            _ => "https://www.w3.org/TR/vc-data-model#CRYPTOGRAPHIC_SECURITY_ERROR",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub verified: bool,
    /// `di` (embedded Data Integrity proof), `vc+jwt` (enveloped), `jwt_vc_json` or `edc`
    /// (a sealed European Digital Credential).
    pub format: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    pub checks: Vec<Check>,
    /// What the trust registry says about the issuer, when one was consulted and reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trust: Option<crate::domain::trust::TrustReport>,
    /// For an EDC: its seal and certificate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seal: Option<SealReport>,
    #[serde(skip)]
    pub failure: Option<(Failure, String)>,
    /// The credential as parsed (for the JWT form, the decoded payload).
    #[serde(skip)]
    pub credential: Option<Value>,
}

/// Operational failure: the verifier could not finish for reasons unrelated to the input.
#[derive(Debug, thiserror::Error)]
#[error("verification could not complete: {0}")]
pub struct VerifyError(pub String);

pub struct Verifier<'a> {
    pub loader: &'a ContextLoader,
    pub resolver: &'a Resolver,
    pub schemas: &'a Schemas,
    pub now: OffsetDateTime,
    /// Where status lists come from; `None` skips the status check with a warning.
    pub status: Option<&'a dyn StatusSource>,
    /// Who is trusted to certify what; `None` skips the trust check.
    pub trust: Option<&'a dyn crate::domain::trust::TrustSource>,
    /// The CAs whose e-seals are trusted (EDCs); `None`: seals are checked but not trusted.
    pub seals: Option<&'a dyn SealAnchors>,
}

struct Run {
    checks: Vec<Check>,
    failure: Option<(Failure, String)>,
    trust: Option<crate::domain::trust::TrustReport>,
}

impl Run {
    fn pass(&mut self, check: &'static str, detail: impl Into<Option<String>>) {
        self.checks.push(Check {
            check,
            status: CheckStatus::Passed,
            detail: detail.into(),
        });
    }
    fn warn(&mut self, check: &'static str, detail: String) {
        self.checks.push(Check {
            check,
            status: CheckStatus::Warning,
            detail: Some(detail),
        });
    }
    fn skip(&mut self, check: &'static str, detail: &str) {
        self.checks.push(Check {
            check,
            status: CheckStatus::Skipped,
            detail: Some(detail.to_owned()),
        });
    }
    fn fail(&mut self, check: &'static str, failure: Failure, detail: String) {
        self.checks.push(Check {
            check,
            status: CheckStatus::Failed,
            detail: Some(detail.clone()),
        });
        if self.failure.is_none() {
            self.failure = Some((failure, detail));
        }
    }
    fn failed(&self) -> bool {
        self.failure.is_some()
    }
}

/// The checks of the pipeline, in order; those not reached are reported as skipped.
const CHECKS: [&str; 9] = [
    "parsing",
    "contexts",
    "key_resolution",
    "controller",
    "proof",
    "validity_period",
    "schema",
    "status",
    "trust",
];

impl Verifier<'_> {
    /// Verifies a credential given as a JSON object (embedded proof), a compact JWS string, or
    /// an `EnvelopedVerifiableCredential` whose id is a `data:application/vc+jwt,` URL.
    pub async fn verify(&self, input: &Value) -> Result<Verification, VerifyError> {
        let mut run = Run {
            checks: Vec::new(),
            failure: None,
            trust: None,
        };
        if let Err(why) = limits::check(input) {
            run.fail("parsing", Failure::LimitExceeded, why);
            return Ok(self.finish(run, "di", None));
        }
        if crate::europass::seal::is_sealed(input) {
            return self.verify_edc(input, run).await;
        }
        if crate::europass::read::is_edc(input) {
            run.fail(
                "parsing",
                Failure::MalformedCredential,
                "a European Digital Credential is valid only sealed (JAdES); this one carries no seal"
                    .into(),
            );
            return Ok(self.finish(run, "edc", Some(input.clone())));
        }
        let token = match input {
            Value::String(s) => Some(s.trim().to_owned()),
            Value::Object(o)
                if o.get("type").and_then(Value::as_str)
                    == Some("EnvelopedVerifiableCredential") =>
            {
                match o
                    .get("id")
                    .and_then(Value::as_str)
                    .and_then(|id| id.strip_prefix("data:application/vc+jwt,"))
                {
                    Some(t) => Some(t.to_owned()),
                    None => {
                        run.fail(
                            "parsing",
                            Failure::MalformedCredential,
                            "an EnvelopedVerifiableCredential needs an id data:application/vc+jwt,<token>".into(),
                        );
                        return Ok(self.finish(run, "vc+jwt", None));
                    }
                }
            }
            _ => None,
        };
        match token {
            Some(t) => self.verify_jwt(&t, run).await,
            None => self.verify_di(input, run).await,
        }
    }

    fn finish(
        &self,
        mut run: Run,
        format: &'static str,
        credential: Option<Value>,
    ) -> Verification {
        for name in CHECKS {
            if !run.checks.iter().any(|c| c.check == name) {
                run.skip(name, "not reached");
            }
        }
        let (credential_id, issuer) = credential
            .as_ref()
            .map(|c| (id_of(c), issuer_of(c)))
            .unwrap_or((None, None));
        Verification {
            verified: run.failure.is_none(),
            format,
            credential_id,
            issuer,
            checks: run.checks,
            trust: run.trust,
            seal: None,
            failure: run.failure,
            credential,
        }
    }

    async fn verify_di(&self, input: &Value, mut run: Run) -> Result<Verification, VerifyError> {
        if let Err(e) = check_data_model(input) {
            run.fail("parsing", Failure::MalformedCredential, e);
            return Ok(self.finish(run, "di", Some(input.clone())));
        }
        let (doc, proofs) = match di::split_proofs(input) {
            Ok(split) => split,
            Err(e) => {
                run.fail("parsing", Failure::MalformedProof, e.to_string());
                return Ok(self.finish(run, "di", Some(input.clone())));
            }
        };
        run.pass(
            "parsing",
            Some(format!("VC 2.0 credential with {} proof(s)", proofs.len())),
        );
        let Some(doc_map) = doc.as_object() else {
            return Ok(self.finish(run, "di", Some(input.clone())));
        };
        if !self.check_contexts(doc_map, &mut run) {
            return Ok(self.finish(run, "di", Some(input.clone())));
        }
        let issuer = issuer_of(input).unwrap_or_default();
        // Every proof in a proof set must verify (VC DI §4.5).
        for proof in &proofs {
            let parsed = match di::parse_proof(proof) {
                Ok(p) => p,
                Err(DiError::Unsupported(m)) => {
                    run.fail("proof", Failure::UnsupportedProof, m);
                    break;
                }
                Err(e) => {
                    run.fail("proof", Failure::MalformedProof, e.to_string());
                    break;
                }
            };
            if parsed.proof_purpose != "assertionMethod" {
                run.fail(
                    "proof",
                    Failure::MalformedProof,
                    format!(
                        "proofPurpose {} is not assertionMethod",
                        parsed.proof_purpose
                    ),
                );
                break;
            }
            let Some(key) = self
                .resolve(
                    &parsed.verification_method,
                    &issuer,
                    parsed.created,
                    &mut run,
                )
                .await?
            else {
                break;
            };
            match di::verify_proof(&doc, &parsed, &key, self.loader) {
                Ok(()) => run.pass(
                    "proof",
                    Some(format!("{} signature valid", parsed.suite.name())),
                ),
                Err(DiError::Signature) => run.fail(
                    "proof",
                    Failure::InvalidSignature,
                    "the signature does not match the credential".into(),
                ),
                Err(DiError::Canonicalization(e)) => run.fail(
                    "proof",
                    Failure::InvalidJsonLd,
                    format!("JSON-LD processing failed: {e}"),
                ),
                Err(e) => run.fail("proof", Failure::MalformedProof, e.to_string()),
            }
            if run.failed() {
                break;
            }
        }
        if !run.failed() {
            self.check_validity(input, &mut run);
        }
        if !run.failed() {
            self.check_schema(input, &mut run);
        }
        if !run.failed() {
            self.check_status(input, &mut run).await?;
        }
        if !run.failed() {
            self.check_trust(input, &issuer, &mut run).await?;
        }
        Ok(self.finish(run, "di", Some(input.clone())))
    }

    async fn verify_jwt(&self, token: &str, mut run: Run) -> Result<Verification, VerifyError> {
        let header = match jose::check_header(token) {
            Ok(h) => h,
            Err(JwtError::Algorithm(alg)) => {
                run.fail(
                    "parsing",
                    Failure::UnsupportedAlgorithm,
                    format!("JOSE alg {alg:?} is not accepted; only EdDSA is"),
                );
                return Ok(self.finish(run, "vc+jwt", None));
            }
            Err(e) => {
                run.fail("parsing", Failure::MalformedCredential, e.to_string());
                return Ok(self.finish(run, "vc+jwt", None));
            }
        };
        // Read the (not yet trusted) payload to learn the issuer the kid must belong to.
        let payload = jose::unverified_payload(token);
        let Some(claimed) = payload else {
            run.fail(
                "parsing",
                Failure::MalformedCredential,
                "the JWS payload is not JSON".into(),
            );
            return Ok(self.finish(run, "vc+jwt", None));
        };
        if let Err(why) = limits::check(&claimed) {
            run.fail("parsing", Failure::LimitExceeded, why);
            return Ok(self.finish(run, "vc+jwt", None));
        }
        // A VC-JWT 1.1-style token (OID4VCI `jwt_vc_json`): the credential is the `vc` claim,
        // and the registered claims must agree with it.
        let (claimed, format) = match claimed.get("vc") {
            Some(vc) if header.typ.as_deref() != Some("vc+jwt") => {
                if let Err((failure, why)) = legacy_claims(&claimed, vc, self.now) {
                    run.fail("parsing", failure, why);
                    return Ok(self.finish(run, "jwt_vc_json", Some(vc.clone())));
                }
                (vc.clone(), "jwt_vc_json")
            }
            _ => (claimed, "vc+jwt"),
        };
        if let Err(e) = check_data_model(&claimed) {
            run.fail("parsing", Failure::MalformedCredential, e);
            return Ok(self.finish(run, format, Some(claimed)));
        }
        if claimed.get("vc").is_some() || claimed.get("proof").is_some() {
            run.fail(
                "parsing",
                Failure::MalformedCredential,
                "a vc+jwt payload carries neither vc nor proof".into(),
            );
            return Ok(self.finish(run, format, Some(claimed)));
        }
        run.pass(
            "parsing",
            Some(format!("compact JWS ({format}), alg EdDSA")),
        );
        let issuer = issuer_of(&claimed).unwrap_or_default();
        if let Some(iss) = claimed.get("iss")
            && iss.as_str() != Some(issuer.as_str())
        {
            run.fail(
                "controller",
                Failure::ControllerMismatch,
                "the iss claim differs from the issuer".into(),
            );
            return Ok(self.finish(run, format, Some(claimed)));
        }
        let Some(doc) = claimed.as_object() else {
            return Ok(self.finish(run, format, Some(claimed)));
        };
        if !self.check_contexts(doc, &mut run) {
            return Ok(self.finish(run, format, Some(claimed)));
        }
        let Some(key) = self
            .resolve(&header.kid, &issuer, jwt_signed_at(&claimed), &mut run)
            .await?
        else {
            return Ok(self.finish(run, format, Some(claimed)));
        };
        match jose::verify(token, &key) {
            Ok(_) => run.pass("proof", Some("EdDSA signature valid".to_owned())),
            Err(JwtError::Signature) => run.fail(
                "proof",
                Failure::InvalidSignature,
                "the signature does not match the token".into(),
            ),
            Err(e) => run.fail("proof", Failure::MalformedProof, e.to_string()),
        }
        if !run.failed() {
            self.check_validity(&claimed, &mut run);
        }
        if !run.failed() {
            self.check_schema(&claimed, &mut run);
        }
        if !run.failed() {
            self.check_status(&claimed, &mut run).await?;
        }
        if !run.failed() {
            self.check_trust(&claimed, &issuer, &mut run).await?;
        }
        Ok(self.finish(run, format, Some(claimed)))
    }

    /// VC 2.0 base context first; every context must be one of the pinned files, and the
    /// document must expand without dropping anything (checked during canonicalization).
    fn check_contexts(&self, doc: &Map<String, Value>, run: &mut Run) -> bool {
        let contexts: Vec<&Value> = match doc.get("@context") {
            Some(Value::Array(a)) => a.iter().collect(),
            Some(other) => vec![other],
            None => Vec::new(),
        };
        if contexts.first().and_then(|c| c.as_str()) != Some(VC_V2) {
            run.fail(
                "contexts",
                Failure::MalformedCredential,
                format!("the first @context must be {VC_V2}"),
            );
            return false;
        }
        for c in &contexts {
            match c.as_str() {
                Some(url) if self.loader.is_known(url) => {}
                Some(url) => {
                    run.fail(
                        "contexts",
                        Failure::UnknownContext,
                        format!("context {url} is not one this verifier holds"),
                    );
                    return false;
                }
                None => {
                    run.fail(
                        "contexts",
                        Failure::UnknownContext,
                        "embedded context objects are not accepted".into(),
                    );
                    return false;
                }
            }
        }
        run.pass(
            "contexts",
            Some(format!("{} pinned context(s)", contexts.len())),
        );
        true
    }

    /// Resolves a verification method and checks it is controlled by the issuer and was not
    /// revoked (compromised) by the time it signed, `signed_at` (the proof's `created`, or the
    /// token's `iat`/`validFrom`; without one, a revoked key is refused outright).
    async fn resolve(
        &self,
        vm: &str,
        issuer: &str,
        signed_at: Option<OffsetDateTime>,
        run: &mut Run,
    ) -> Result<Option<VerifyingKey>, VerifyError> {
        let controller_did = vm.split('#').next().unwrap_or_default();
        let doc = match self.resolver.resolve(controller_did).await {
            Ok(doc) => doc,
            Err(ResolveError::Storage(e)) => return Err(VerifyError(e)),
            Err(e) => {
                run.fail("key_resolution", Failure::UnknownKey, e.to_string());
                return Ok(None);
            }
        };
        let method = match did::find_method(&doc, vm, "assertionMethod") {
            Ok(m) => m,
            Err(
                e @ (MethodError::NotFound(_)
                | MethodError::NotAuthorised(..)
                | MethodError::BadKey(..)),
            ) => {
                run.fail("key_resolution", Failure::UnknownKey, e.to_string());
                return Ok(None);
            }
            Err(e @ MethodError::ControllerMismatch(..)) => {
                run.fail("key_resolution", Failure::ControllerMismatch, e.to_string());
                return Ok(None);
            }
        };
        if let Some(revoked) = &method.revoked {
            let since = OffsetDateTime::parse(revoked, &Rfc3339).ok();
            let after = match (since, signed_at) {
                (Some(since), Some(at)) => at >= since,
                _ => true,
            };
            if after {
                run.fail(
                    "key_resolution",
                    Failure::KeyRevoked,
                    format!(
                        "{} was revoked (compromised) from {revoked}; this proof was made {}",
                        method.id,
                        signed_at.map_or("at an unknown time".to_owned(), |t| format!(
                            "at {}",
                            crate::support::clock::format_utc(t)
                        ))
                    ),
                );
                return Ok(None);
            }
        }
        run.pass("key_resolution", Some(format!("{} resolved", method.id)));
        if method.controller != issuer {
            run.fail(
                "controller",
                Failure::ControllerMismatch,
                format!(
                    "key controller {} is not the issuer {issuer}",
                    method.controller
                ),
            );
            // The signature is still checked, so the answer says whether it is intact.
            return Ok(Some(method.key));
        }
        run.pass(
            "controller",
            Some("the key belongs to the issuer".to_owned()),
        );
        Ok(Some(method.key))
    }

    async fn check_trust(
        &self,
        doc: &Value,
        issuer: &str,
        run: &mut Run,
    ) -> Result<(), VerifyError> {
        let Some(registry) = self.trust else {
            run.skip("trust", "no trust registry consulted");
            return Ok(());
        };
        let entry = registry.lookup(issuer).await.map_err(VerifyError)?;
        let report =
            crate::domain::trust::assess(entry.as_ref().map(|(e, s)| (e, s.as_str())), doc, issuer);
        match report.status {
            crate::domain::trust::TrustStatus::Trusted => {
                run.pass("trust", Some(report.detail.clone()))
            }
            crate::domain::trust::TrustStatus::Unknown => run.warn(
                "trust",
                format!("signature valid, issuer unknown: {}", report.detail),
            ),
            crate::domain::trust::TrustStatus::NotAuthorised => {
                run.fail("trust", Failure::IssuerNotAuthorised, report.detail.clone())
            }
        }
        run.trust = Some(report);
        Ok(())
    }

    fn check_validity(&self, doc: &Value, run: &mut Run) {
        let read = |name: &str| -> Result<Option<OffsetDateTime>, String> {
            match doc.get(name) {
                None => Ok(None),
                Some(v) => v
                    .as_str()
                    .and_then(parse_datetime)
                    .map(Some)
                    .ok_or_else(|| format!("{name} is not an XML Schema dateTimeStamp")),
            }
        };
        let (from, until) = match (read("validFrom"), read("validUntil")) {
            (Ok(f), Ok(u)) => (f, u),
            (Err(e), _) | (_, Err(e)) => {
                run.fail("validity_period", Failure::MalformedCredential, e);
                return;
            }
        };
        if let (Some(f), Some(u)) = (from, until)
            && f > u
        {
            run.fail(
                "validity_period",
                Failure::MalformedCredential,
                "validFrom is later than validUntil".into(),
            );
            return;
        }
        let now = format_utc(self.now);
        if let Some(f) = from.filter(|f| *f > self.now) {
            run.fail(
                "validity_period",
                Failure::NotYetValid,
                format!("valid from {}, now {now}", format_utc(f)),
            );
        } else if let Some(u) = until.filter(|u| *u < self.now) {
            run.fail(
                "validity_period",
                Failure::Expired,
                format!("expired {}, now {now}", format_utc(u)),
            );
        } else {
            run.pass("validity_period", Some(format!("valid at {now}")));
        }
    }

    fn check_schema(&self, doc: &Value, run: &mut Run) {
        let entries: Vec<&Value> = match doc.get("credentialSchema") {
            None => {
                run.skip("schema", "the credential names no schema");
                return;
            }
            Some(Value::Array(a)) => a.iter().collect(),
            Some(other) => vec![other],
        };
        let mut checked = Vec::new();
        let mut unknown = Vec::new();
        for entry in entries {
            let Some(id) = entry.get("id").and_then(Value::as_str) else {
                run.fail(
                    "schema",
                    Failure::MalformedCredential,
                    "a credentialSchema entry has no id".into(),
                );
                return;
            };
            match self.schemas.credential_schema(id) {
                Some(validator) => {
                    // The schema applies to the credential without its proof.
                    let mut unsecured = doc.clone();
                    if let Some(o) = unsecured.as_object_mut() {
                        o.remove("proof");
                    }
                    if let Err(errors) = crate::domain::schema::collect(validator, &unsecured) {
                        run.fail(
                            "schema",
                            Failure::SchemaViolation,
                            format!("{id}: {errors}"),
                        );
                        return;
                    }
                    checked.push(id.to_owned());
                }
                None => unknown.push(id.to_owned()),
            }
        }
        if !unknown.is_empty() {
            run.warn(
                "schema",
                format!(
                    "schema(s) not held offline, not checked: {}",
                    unknown.join(", ")
                ),
            );
        } else {
            run.pass(
                "schema",
                Some(format!("valid against {}", checked.join(", "))),
            );
        }
    }
}

/// VC Data Model 2.0 §4: the members every credential must have, with the right shapes.
fn check_data_model(doc: &Value) -> Result<(), String> {
    let o = doc.as_object().ok_or("a credential is a JSON object")?;
    let types: Vec<&str> = match o.get("type") {
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        Some(Value::String(s)) => vec![s.as_str()],
        _ => return Err("type is missing".into()),
    };
    if !types.contains(&"VerifiableCredential") {
        return Err("type must include VerifiableCredential".into());
    }
    match o.get("issuer") {
        Some(Value::String(_)) => {}
        Some(Value::Object(i)) if i.get("id").and_then(Value::as_str).is_some() => {}
        _ => return Err("issuer must be a URL or an object with an id".into()),
    }
    match o.get("credentialSubject") {
        Some(Value::Object(_)) => {}
        Some(Value::Array(a)) if !a.is_empty() && a.iter().all(Value::is_object) => {}
        _ => {
            return Err(
                "credentialSubject must be an object or a non-empty array of objects".into(),
            );
        }
    }
    if o.get("id").is_some_and(|id| !id.is_string()) {
        return Err("id must be a URL string".into());
    }
    Ok(())
}

/// The registered claims of a VC-JWT 1.1-style token against its `vc`: `iss` is the issuer,
/// `sub` the subject, `jti` the id (each when both are present), and `nbf`/`exp` hold now.
fn legacy_claims(claims: &Value, vc: &Value, now: OffsetDateTime) -> Result<(), (Failure, String)> {
    let pairs = [
        ("iss", issuer_of(vc)),
        (
            "sub",
            vc["credentialSubject"]["id"].as_str().map(str::to_owned),
        ),
        ("jti", id_of(vc)),
    ];
    for (claim, expected) in pairs {
        if let (Some(given), Some(expected)) = (claims.get(claim), expected)
            && given.as_str() != Some(expected.as_str())
        {
            return Err((
                Failure::MalformedCredential,
                format!("the {claim} claim differs from the credential"),
            ));
        }
    }
    let at = |name: &str| {
        claims
            .get(name)
            .and_then(Value::as_i64)
            .and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok())
    };
    if let Some(nbf) = at("nbf").filter(|t| *t > now) {
        return Err((Failure::NotYetValid, format!("nbf {}", format_utc(nbf))));
    }
    if let Some(exp) = at("exp").filter(|t| *t < now) {
        return Err((Failure::Expired, format!("exp {}", format_utc(exp))));
    }
    Ok(())
}

/// When a token says it was signed: `iat`, else `validFrom`.
fn jwt_signed_at(claims: &Value) -> Option<OffsetDateTime> {
    if let Some(iat) = claims.get("iat").and_then(Value::as_i64) {
        return OffsetDateTime::from_unix_timestamp(iat).ok();
    }
    let from = claims.get("validFrom")?.as_str()?;
    OffsetDateTime::parse(from, &Rfc3339).ok()
}

fn issuer_of(doc: &Value) -> Option<String> {
    match doc.get("issuer")? {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("id")?.as_str().map(str::to_owned),
        _ => None,
    }
}

fn id_of(doc: &Value) -> Option<String> {
    doc.get("id")?.as_str().map(str::to_owned)
}
