//! Enveloped credentials: VC-JOSE `vc+jwt` (EdDSA only), and the VC-JWT 1.1-style tokens
//! OID4VCI delivers (`jwt_vc_json`), whose registered claims must agree with the credential.

use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{
    Failure, Message, Run, Verification, Verifier, VerifyError, check_data_model, id_of, issuer_of,
    limits,
};
use crate::crypto::jose::{self, JwtError};
use crate::support::clock::format_utc;

impl Verifier<'_> {
    pub(super) async fn verify_jwt(
        &self,
        token: &str,
        mut run: Run,
    ) -> Result<Verification, VerifyError> {
        let header = match jose::check_header(token) {
            Ok(h) => h,
            Err(JwtError::Algorithm(alg)) => {
                run.fail(
                    "parsing",
                    Failure::UnsupportedAlgorithm,
                    Message::new("v-jose_alg").arg("alg", format!("{alg:?}")),
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
                Message::new("v-jws_not_json"),
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
                Message::new("v-vcjwt_members"),
            );
            return Ok(self.finish(run, format, Some(claimed)));
        }
        run.pass("parsing", Message::new("v-parsed_jws").arg("form", format));
        let issuer = issuer_of(&claimed).unwrap_or_default();
        if let Some(iss) = claimed.get("iss")
            && iss.as_str() != Some(issuer.as_str())
        {
            run.fail(
                "controller",
                Failure::ControllerMismatch,
                Message::new("v-iss_mismatch"),
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
            Ok(_) => run.pass("proof", Message::new("v-jws_valid")),
            Err(JwtError::Signature) => run.fail(
                "proof",
                Failure::InvalidSignature,
                Message::new("v-token_mismatch"),
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
