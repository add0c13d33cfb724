//! The checks every credential goes through once its form is known: pinned contexts, the key
//! and its controller, validity period, schema, and trust.

use ed25519_dalek::VerifyingKey;
use serde_json::{Map, Value};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{Failure, Message, ResolveError, Run, Verifier, VerifyError};
use crate::crypto::did::{self, MethodError};
use crate::domain::credential::VC_V2;
use crate::support::clock::{format_utc, parse_datetime};

impl Verifier<'_> {
    /// VC 2.0 base context first; every context must be one of the pinned files, and the
    /// document must expand without dropping anything (checked during canonicalization).
    pub(super) fn check_contexts(&self, doc: &Map<String, Value>, run: &mut Run) -> bool {
        let contexts: Vec<&Value> = match doc.get("@context") {
            Some(Value::Array(a)) => a.iter().collect(),
            Some(other) => vec![other],
            None => Vec::new(),
        };
        if contexts.first().and_then(|c| c.as_str()) != Some(VC_V2) {
            run.fail(
                "contexts",
                Failure::MalformedCredential,
                Message::new("v-first_context").arg("url", VC_V2),
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
                        Message::new("v-unknown_context").arg("url", url),
                    );
                    return false;
                }
                // VC 2.0 §4.3: later items may be objects, processed as they stand; they
                // cannot redefine the v2 context's protected terms, and what they import
                // must be shipped like any URL.
                None if c.is_object() => {}
                None => {
                    run.fail(
                        "contexts",
                        Failure::UnknownContext,
                        Message::new("v-embedded_context"),
                    );
                    return false;
                }
            }
        }
        run.pass(
            "contexts",
            Message::new("v-contexts").num("count", contexts.len() as i64),
        );
        true
    }

    /// Resolves a verification method and checks it is controlled by the issuer and was not
    /// revoked (compromised) by the time it signed, `signed_at` (the proof's `created`, or the
    /// token's `iat`/`validFrom`; without one, a revoked key is refused outright).
    pub(super) async fn resolve(
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
                    match signed_at {
                        Some(at) => Message::new("v-key_revoked").arg("when", format_utc(at)),
                        None => Message::new("v-key_revoked_undated"),
                    }
                    .arg("key", &method.id)
                    .arg("since", revoked),
                );
                return Ok(None);
            }
        }
        run.pass(
            "key_resolution",
            Message::new("v-key_resolved").arg("key", &method.id),
        );
        if method.controller != issuer {
            run.fail(
                "controller",
                Failure::ControllerMismatch,
                Message::new("v-controller_mismatch")
                    .arg("key", &method.controller)
                    .arg("issuer", issuer),
            );
            // The signature is still checked, so the answer says whether it is intact.
            return Ok(Some(method.key));
        }
        run.pass("controller", Message::new("v-controller"));
        Ok(Some(method.key))
    }

    pub(super) async fn check_trust(
        &self,
        doc: &Value,
        issuer: &str,
        run: &mut Run,
    ) -> Result<(), VerifyError> {
        let Some(registry) = self.trust else {
            run.skip("trust", Message::new("v-no_registry"));
            return Ok(());
        };
        let entry = registry.lookup(issuer).await.map_err(VerifyError)?;
        let report =
            crate::domain::trust::assess(entry.as_ref().map(|(e, s)| (e, s.as_str())), doc, issuer);
        match report.status {
            crate::domain::trust::TrustStatus::Trusted => run.pass("trust", report.detail.clone()),
            crate::domain::trust::TrustStatus::Unknown => run.warn(
                "trust",
                Message::new("v-issuer_unknown").part("detail", report.detail.clone()),
            ),
            crate::domain::trust::TrustStatus::NotAuthorised => {
                run.fail("trust", Failure::IssuerNotAuthorised, report.detail.clone())
            }
        }
        run.trust = Some(report);
        Ok(())
    }

    pub(super) fn check_validity(&self, doc: &Value, run: &mut Run) {
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
                Message::new("v-validity_reversed"),
            );
            return;
        }
        let now = format_utc(self.now);
        if let Some(f) = from.filter(|f| *f > self.now) {
            run.fail(
                "validity_period",
                Failure::NotYetValid,
                Message::new("v-not_yet_valid")
                    .arg("when", format_utc(f))
                    .arg("now", &now),
            );
        } else if let Some(u) = until.filter(|u| *u < self.now) {
            run.fail(
                "validity_period",
                Failure::Expired,
                Message::new("v-expired")
                    .arg("when", format_utc(u))
                    .arg("now", &now),
            );
        } else {
            run.pass(
                "validity_period",
                Message::new("v-valid_at").arg("now", &now),
            );
        }
    }

    pub(super) fn check_schema(&self, doc: &Value, run: &mut Run) {
        let entries: Vec<&Value> = match doc.get("credentialSchema") {
            None => {
                run.skip("schema", Message::new("v-no_schema"));
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
                    Message::new("v-schema_no_id"),
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
                            Message::new("v-schema_violation")
                                .arg("id", id)
                                .arg("detail", errors),
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
                Message::new("v-schema_unknown").arg("list", unknown.join(", ")),
            );
        } else {
            run.pass(
                "schema",
                Message::new("v-schema_valid").arg("list", checked.join(", ")),
            );
        }
    }
}
