//! Credentials with an embedded proof (Data Integrity, `eddsa-rdfc-2022` or
//! `eddsa-jcs-2022`): the data model, then each proof of the set, then the common checks.

use serde_json::Value;

use super::{
    Failure, Message, Run, Verification, Verifier, VerifyError, check_data_model, issuer_of,
};
use crate::crypto::di::{self, DiError};

impl Verifier<'_> {
    pub(super) async fn verify_di(
        &self,
        input: &Value,
        mut run: Run,
    ) -> Result<Verification, VerifyError> {
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
            Message::new("v-parsed_di").num("count", proofs.len() as i64),
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
                    Message::new("v-proof_purpose").arg("purpose", &parsed.proof_purpose),
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
            // A proof in a chain signed the document with the proofs it names (VC DI §4.2).
            let chained = match di::chained_document(&doc, proof, &proofs) {
                Ok(chained) => chained,
                Err(e) => {
                    run.fail("proof", Failure::MalformedProof, e.to_string());
                    break;
                }
            };
            match di::verify_proof(chained.as_ref().unwrap_or(&doc), &parsed, &key, self.loader) {
                Ok(()) => run.pass(
                    "proof",
                    Message::new("v-signature_valid").arg("suite", parsed.suite.name()),
                ),
                Err(DiError::Signature) => run.fail(
                    "proof",
                    Failure::InvalidSignature,
                    Message::new("v-signature_mismatch"),
                ),
                Err(DiError::Canonicalization(e)) => run.fail(
                    "proof",
                    Failure::InvalidJsonLd,
                    Message::new("v-jsonld_failed").arg("cause", e),
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
}
