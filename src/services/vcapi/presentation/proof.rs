//! The presentation's own proof: an embedded Data Integrity proof or a `vp+jwt`, bound to
//! the verifier's challenge and domain, signed by a key of the holder.

use crate::support::i18n::Message;
use serde_json::Value;

use super::{Report, Request, check_shape};
use crate::crypto::{di, did, jose};
use crate::domain::vcdm::party_id;
use crate::error::{ApiError, ApiResult};
use crate::verify::Verifier;

/// Resolves `vm` for `authentication`; its controller is the presenter.
async fn presenter_key(
    verifier: &Verifier<'_>,
    vm: &str,
    report: &mut Report,
) -> ApiResult<Option<did::ResolvedMethod>> {
    let controller = vm.split('#').next().unwrap_or_default();
    let doc = match verifier.resolver.resolve(controller).await {
        Ok(doc) => doc,
        Err(crate::verify::ResolveError::Storage(e)) => {
            return Err(ApiError::Internal(anyhow::anyhow!(e)));
        }
        Err(e) => {
            report.fail("key_resolution", "unknown_key", Message::raw(e.to_string()));
            return Ok(None);
        }
    };
    match did::find_method(&doc, vm, "authentication") {
        Ok(method) => {
            report.pass("key_resolution", Message::new("vp-key").arg("key", vm));
            Ok(Some(method))
        }
        Err(e) => {
            report.fail("key_resolution", "unknown_key", Message::raw(e.to_string()));
            Ok(None)
        }
    }
}

/// The presenter is the holder the presentation names, if it names one.
fn check_holder(vp: &Value, presenter: &str, report: &mut Report) -> Option<String> {
    match vp.get("holder").and_then(party_id) {
        Some(holder) if holder != presenter => {
            report.fail(
                "holder",
                "holder_mismatch",
                Message::new("vp-holder_mismatch")
                    .arg("presenter", presenter)
                    .arg("holder", holder),
            );
            None
        }
        _ => {
            report.pass(
                "holder",
                Message::new("vp-presented_by").arg("presenter", presenter),
            );
            Some(presenter.to_owned())
        }
    }
}

/// The embedded proof(s): purpose `authentication`, the challenge and domain asked for, a key
/// of the holder. Returns the holder.
pub(super) async fn di_proof(
    verifier: &Verifier<'_>,
    request: &Request,
    report: &mut Report,
) -> ApiResult<Option<String>> {
    let vp = &request.presentation;
    check_shape(verifier, vp, report);
    if report.failed() {
        return Ok(None);
    }
    let (doc, proofs) = match di::split_proofs(vp) {
        Ok(split) => split,
        Err(e) => {
            report.fail("proof", "malformed_proof", Message::raw(e.to_string()));
            return Ok(None);
        }
    };
    let mut holder = None;
    for proof in &proofs {
        let parsed = match di::parse_proof(proof) {
            Ok(p) => p,
            Err(di::DiError::Unsupported(m)) => {
                report.fail("proof", "unsupported_proof", Message::raw(m));
                return Ok(None);
            }
            Err(e) => {
                report.fail("proof", "malformed_proof", Message::raw(e.to_string()));
                return Ok(None);
            }
        };
        if parsed.proof_purpose != "authentication" {
            report.fail(
                "proof",
                "wrong_proof_purpose",
                Message::new("vp-wrong_purpose").arg("purpose", &parsed.proof_purpose),
            );
            return Ok(None);
        }
        let proof_challenge = proof.get("challenge").and_then(Value::as_str);
        if proof_challenge != Some(request.challenge.as_str()) {
            report.fail(
                "challenge",
                "challenge_mismatch",
                Message::new(match proof_challenge {
                    None => "vp-no_challenge",
                    Some(_) => "vp-other_challenge",
                }),
            );
            return Ok(None);
        }
        if let Some(domain) = &request.domain
            && !names(proof.get("domain"), domain)
        {
            report.fail(
                "domain",
                "domain_mismatch",
                Message::new("vp-domain").arg("domain", domain),
            );
            return Ok(None);
        }
        let Some(method) = presenter_key(verifier, &parsed.verification_method, report).await?
        else {
            return Ok(None);
        };
        let Some(presenter) = check_holder(vp, &method.controller, report) else {
            return Ok(None);
        };
        match di::verify_proof(&doc, &parsed, &method.key, verifier.loader) {
            Ok(()) => report.pass(
                "proof",
                Message::new("vp-signature").arg("suite", parsed.suite.name()),
            ),
            Err(di::DiError::Signature) => {
                report.fail(
                    "proof",
                    "invalid_signature",
                    Message::new("vp-invalid_signature"),
                );
                return Ok(None);
            }
            Err(e) => {
                report.fail("proof", "malformed_proof", Message::raw(e.to_string()));
                return Ok(None);
            }
        }
        holder = Some(presenter);
    }
    Ok(holder)
}

/// Whether `v` (a string or an array of strings) names `wanted`.
fn names(v: Option<&Value>, wanted: &str) -> bool {
    match v {
        Some(Value::String(s)) => s == wanted,
        Some(Value::Array(a)) => a.iter().any(|i| i.as_str() == Some(wanted)),
        _ => false,
    }
}

/// A `vp+jwt`: EdDSA only, signed by a key of the holder, `nonce` the challenge, `aud` the
/// domain. Returns the presentation (the payload) and the holder.
pub(super) async fn jwt_proof(
    verifier: &Verifier<'_>,
    token: &str,
    request: &Request,
    report: &mut Report,
) -> ApiResult<(Option<Value>, Option<String>)> {
    let header = match jose::check_header_typed(token, &["vp+jwt"]) {
        Ok(h) => h,
        Err(e) => {
            report.fail("proof", "malformed_proof", Message::raw(e.to_string()));
            return Ok((None, None));
        }
    };
    let Some(method) = presenter_key(verifier, &header.kid, report).await? else {
        return Ok((None, None));
    };
    let payload = match jose::verify(token, &method.key) {
        Ok(bytes) => bytes,
        Err(jose::JwtError::Signature) => {
            report.fail(
                "proof",
                "invalid_signature",
                Message::new("vp-invalid_signature"),
            );
            return Ok((None, None));
        }
        Err(e) => {
            report.fail("proof", "malformed_proof", Message::raw(e.to_string()));
            return Ok((None, None));
        }
    };
    let Ok(vp) = serde_json::from_slice::<Value>(&payload) else {
        report.fail(
            "parsing",
            "malformed_presentation",
            Message::new("vp-payload_json"),
        );
        return Ok((None, None));
    };
    check_shape(verifier, &vp, report);
    if report.failed() {
        return Ok((None, None));
    }
    report.pass("proof", Message::new("vp-signature_jwt"));
    if vp.get("nonce").and_then(Value::as_str) != Some(request.challenge.as_str()) {
        report.fail("challenge", "challenge_mismatch", Message::new("vp-nonce"));
        return Ok((None, None));
    }
    if let Some(domain) = &request.domain
        && !names(vp.get("aud"), domain)
    {
        report.fail(
            "domain",
            "domain_mismatch",
            Message::new("vp-aud").arg("domain", domain),
        );
        return Ok((None, None));
    }
    if let Some(iss) = vp.get("iss").and_then(Value::as_str)
        && iss != method.controller
    {
        report.fail(
            "holder",
            "holder_mismatch",
            Message::new("vp-iss")
                .arg("iss", iss)
                .arg("signer", &method.controller),
        );
        return Ok((None, None));
    }
    let holder = check_holder(&vp, &method.controller, report);
    Ok((Some(vp), holder))
}
