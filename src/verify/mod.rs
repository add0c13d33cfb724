//! The verifier: the same pipeline for every caller (HTTP endpoint, benchmark, CLI).
//!
//! It answers with a [`Verification`]: the list of checks that were run, each passed, failed,
//! warned or skipped. Failing checks are *verdicts* about the credential, not errors of the
//! service; only a storage failure while resolving a key is an error ([`VerifyError`]).
//! Time comes from the caller, keys from a [`Resolver`]; nothing here fetches from the network.
//! Where keys, status lists, the trust registry and seal CAs come from is the caller's (traits
//! the server's services implement); the pipeline uses only Europass, storage (stored copies of
//! a qualification's parts), the domain, crypto, JSON-LD and support.

mod checks;
pub mod edc;
mod embedded;
mod enveloped;
pub mod limits;
pub mod parts;
pub mod resolver;
pub mod status;

use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;

use crate::domain::credential::VC_V2;
use crate::domain::schema::Schemas;
use crate::jsonld::ContextLoader;
pub use crate::support::i18n::{Detail, Message};
pub use edc::{SealAnchors, SealReport};
pub use resolver::{ResolveError, Resolver};
pub use status::{ListCache, Listed, StatusSource};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Passed,
    Failed,
    Warning,
    Skipped,
}

/// One check's outcome. Serialised with its `detail` in English and, as `message`, the
/// message's identifier and arguments, so that a reader can show it in their language.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub check: &'static str,
    pub status: CheckStatus,
    #[serde(flatten)]
    pub detail: Detail,
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
    pub failure: Option<(Failure, Message)>,
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
    failure: Option<(Failure, Message)>,
    trust: Option<crate::domain::trust::TrustReport>,
}

impl Run {
    fn pass(&mut self, check: &'static str, detail: impl Into<Option<Message>>) {
        self.checks.push(Check {
            check,
            status: CheckStatus::Passed,
            detail: Detail(detail.into()),
        });
    }
    fn warn(&mut self, check: &'static str, detail: impl Into<Message>) {
        self.checks.push(Check {
            check,
            status: CheckStatus::Warning,
            detail: Detail(Some(detail.into())),
        });
    }
    fn skip(&mut self, check: &'static str, detail: Message) {
        self.checks.push(Check {
            check,
            status: CheckStatus::Skipped,
            detail: Detail(Some(detail)),
        });
    }
    fn fail(&mut self, check: &'static str, failure: Failure, detail: impl Into<Message>) {
        let detail = detail.into();
        self.checks.push(Check {
            check,
            status: CheckStatus::Failed,
            detail: Detail(Some(detail.clone())),
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
                Message::new("v-edc_unsealed"),
            );
            return Ok(self.finish(run, "edc", Some(input.clone())));
        }
        let token = match input {
            Value::String(s) => Some(s.trim().to_owned()),
            Value::Object(o)
                if o.get("type").and_then(Value::as_str)
                    == Some("EnvelopedVerifiableCredential") =>
            {
                // VC 2.0 §4.13.1: the envelope's own @context defines its terms.
                if !names_base_context(o.get("@context")) {
                    run.fail(
                        "parsing",
                        Failure::MalformedCredential,
                        Message::new("v-envelope_context").arg("url", VC_V2),
                    );
                    return Ok(self.finish(run, "vc+jwt", None));
                }
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
                            Message::new("v-envelope_id"),
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
                run.skip(name, Message::new("v-not_reached"));
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
}

/// VC Data Model 2.0 §4: the members every credential must have, with the right shapes.
fn check_data_model(doc: &Value) -> Result<(), String> {
    match crate::domain::vcdm::first_violation(doc) {
        Some(why) => Err(why),
        None => Ok(()),
    }
}

/// Whether a `@context` is, or includes, the VC 2.0 base context.
pub fn names_base_context(context: Option<&Value>) -> bool {
    match context {
        Some(Value::String(s)) => s == VC_V2,
        Some(Value::Array(items)) => items.iter().any(|c| c.as_str() == Some(VC_V2)),
        _ => false,
    }
}

fn issuer_of(doc: &Value) -> Option<String> {
    doc.get("issuer")
        .and_then(crate::domain::vcdm::party_id)
        .map(str::to_owned)
}

fn id_of(doc: &Value) -> Option<String> {
    doc.get("id")?.as_str().map(str::to_owned)
}
