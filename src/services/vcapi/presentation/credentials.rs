//! The credentials a presentation carries: each verified as `/credentials/verify` does and
//! bound to the presenter, or self-asserted by the holder.

use crate::support::i18n::Message;
use serde_json::{Value, json};

use super::Report;
use crate::domain::vcdm::party_id;
use crate::error::{ApiError, ApiResult};
use crate::verify::Verifier;

/// Each credential verified as `/credentials/verify` does, and (with `bind`) bound to the
/// holder. A credential without a proof of its own stands only as a self-asserted one (VC
/// Data Model 2.0, presentations including holder claims): issued by the holder the presentation
/// names, its claims signed by the presentation's proof.
pub(super) async fn check_credentials(
    verifier: &Verifier<'_>,
    vp: &Value,
    holder: &str,
    bind: bool,
    report: &mut Report,
) -> ApiResult<Vec<Value>> {
    let items: Vec<&Value> = match vp.get("verifiableCredential") {
        None => Vec::new(),
        Some(Value::Array(a)) => a.iter().collect(),
        Some(one) => vec![one],
    };
    let mut out = Vec::with_capacity(items.len());
    let (mut invalid, mut unbound) = (0, 0);
    for item in items {
        if let Some(entry) = self_asserted(verifier, vp, item) {
            invalid += usize::from(entry["verified"] != true);
            out.push(entry);
            continue;
        }
        let v = verifier
            .verify(item)
            .await
            .map_err(|e| ApiError::Internal(anyhow::Error::new(e)))?;
        let subjects: Vec<&str> = v
            .credential
            .as_ref()
            .map(|c| match c.get("credentialSubject") {
                Some(Value::Array(a)) => a.iter().filter_map(|s| s.get("id")?.as_str()).collect(),
                Some(s) => s.get("id").and_then(Value::as_str).into_iter().collect(),
                None => Vec::new(),
            })
            .unwrap_or_default();
        let bound = !bind || subjects.contains(&holder);
        invalid += usize::from(!v.verified);
        unbound += usize::from(v.verified && !bound);
        let mut entry = json!({
            "verified": v.verified && bound, "format": v.format, "credentialId": v.credential_id,
            "issuer": v.issuer, "checks": v.checks, "trust": v.trust,
            "holderBinding": match (bind, bound) {
                (false, _) => "not_checked",
                (true, true) => "passed",
                (true, false) => "failed",
            },
        });
        if let Some((failure, detail)) = &v.failure {
            entry["code"] = json!(failure.code());
            entry["detail"] = json!(detail.english());
        } else if !bound {
            entry["code"] = json!("not_holder");
            entry["detail"] = json!(format!(
                "the holder {holder} is not a subject of this credential"
            ));
        }
        out.push(entry);
    }
    if invalid > 0 {
        report.fail(
            "credentials",
            "credential_invalid",
            Message::new("vp-credentials_invalid")
                .num("invalid", invalid as i64)
                .num("count", out.len() as i64),
        );
    } else if unbound > 0 {
        report.fail(
            "credentials",
            "not_holder",
            Message::new("vp-credentials_not_holder")
                .num("unbound", unbound as i64)
                .num("count", out.len() as i64),
        );
    } else {
        report.pass(
            "credentials",
            Message::new("vp-credentials_ok").num("count", out.len() as i64),
        );
    }
    Ok(out)
}

/// The verdict on a credential without a proof of its own (and not enveloped), if it is one:
/// it stands when it is self-asserted (VC Data Model 2.0, presentations including holder
/// claims): issued by the holder the presentation names and meeting the data model, its
/// claims covered by the presentation's proof.
fn self_asserted(verifier: &Verifier<'_>, vp: &Value, item: &Value) -> Option<Value> {
    let o = item.as_object()?;
    if o.contains_key("proof")
        || o.get("type").and_then(Value::as_str) == Some("EnvelopedVerifiableCredential")
    {
        return None;
    }
    let issuer = o.get("issuer").and_then(party_id);
    let named_holder = vp.get("holder").and_then(party_id);
    let unknown_context = verifier.loader.first_unknown(o.get("@context"));
    let why = if issuer.is_none() || issuer != named_holder {
        Some("a credential without a proof of its own must be self-asserted: issued by the holder the presentation names".to_owned())
    } else if let Some(why) = crate::domain::vcdm::first_violation(item) {
        Some(why)
    } else {
        unknown_context.map(|c| format!("{c} is not a context this service ships"))
    };
    let (verified, status, detail) = match &why {
        None => (
            true,
            "passed",
            "self-asserted: its claims are signed by the holder's proof of the presentation"
                .to_owned(),
        ),
        Some(why) => (false, "failed", why.clone()),
    };
    let mut entry = json!({
        "verified": verified, "format": "self-asserted", "credentialId": o.get("id"),
        "issuer": issuer, "holderBinding": "passed",
        "checks": [{"check": "proof", "status": status, "detail": detail}],
    });
    if !verified {
        entry["code"] = json!("unsecured_credential");
        entry["detail"] = json!(detail);
    }
    Some(entry)
}
