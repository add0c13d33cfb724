//! `POST /presentations/verify`: a verifiable presentation (embedded Data Integrity proof with
//! purpose `authentication`, or `vp+jwt`) checked against the verifier's `challenge` and
//! `domain`, its signer resolved as the holder, each credential verified as
//! `/credentials/verify` does and bound to the holder (the holder is a subject of it, as the
//! learner's wallet `did:key` is the subject of what OID4VCI issued to it). A challenge this
//! server handed out (`POST /presentations/challenges`) answers one presentation only.

use serde_json::{Map, Value, json};
use time::Duration;

use crate::crypto::{di, did, jose};
use crate::domain::credential::VC_V2;
use crate::domain::vcdm::{is_url, types_of};
use crate::error::{ApiError, ApiResult};
use crate::services::Services;
use crate::services::verification::ServerVerification;
use crate::storage::ChallengeUse;
use crate::verify::Verifier;

/// How long a challenge handed out here may be answered.
pub const CHALLENGE_TTL: Duration = Duration::minutes(10);

/// A fresh challenge for `domain` (the verifier's own name for itself), single use.
pub async fn new_challenge(state: &Services, domain: &str) -> ApiResult<Value> {
    let domain = domain.trim();
    if domain.is_empty() || domain.len() > 255 || domain.chars().any(char::is_control) {
        return Err(ApiError::Validation(
            crate::domain::ValidationErrors::single("domain", "required, 1-255 characters"),
        ));
    }
    let challenge = crate::services::keys::random_secret(24);
    let now = state.clock.now();
    let expires = now + CHALLENGE_TTL;
    state
        .store
        .insert_challenge(&challenge, domain, now, expires)
        .await?;
    Ok(json!({"challenge": challenge, "domain": domain,
              "expires": crate::support::clock::format_utc(expires)}))
}

/// The checks of one presentation, in order, with the first failure.
#[derive(Default)]
struct Report {
    checks: Vec<Value>,
    failure: Option<(&'static str, String)>,
}

impl Report {
    fn pass(&mut self, check: &str, detail: impl Into<String>) {
        self.checks
            .push(json!({"check": check, "status": "passed", "detail": detail.into()}));
    }
    fn fail(&mut self, check: &str, code: &'static str, detail: impl Into<String>) {
        let detail = detail.into();
        self.checks
            .push(json!({"check": check, "status": "failed", "detail": detail}));
        if self.failure.is_none() {
            self.failure = Some((code, detail));
        }
    }
    fn failed(&self) -> bool {
        self.failure.is_some()
    }
}

/// What the caller asked for: the presentation and what its proof must be bound to.
struct Request {
    presentation: Value,
    challenge: String,
    domain: Option<String>,
    /// Whether each credential must name the presenter as a subject (the default).
    bind_holder: bool,
}

fn read_request(body: Value) -> ApiResult<Request> {
    let malformed = |why: &str| ApiError::BadRequest("malformed_request", why.to_owned());
    let Value::Object(mut body) = body else {
        return Err(malformed("the body must be a JSON object"));
    };
    if let Some(other) = body
        .keys()
        .find(|k| *k != "verifiablePresentation" && *k != "options")
    {
        return Err(malformed(&format!(
            "unknown member {other:?}: the body is {{\"verifiablePresentation\": …, \"options\": {{\"challenge\": …, \"domain\": …}}}}"
        )));
    }
    let presentation = body
        .remove("verifiablePresentation")
        .ok_or_else(|| malformed("verifiablePresentation is required"))?;
    let options = match body.remove("options") {
        Some(Value::Object(o)) => o,
        None | Some(Value::Null) => Map::new(),
        Some(_) => return Err(malformed("options must be an object")),
    };
    let challenge = options
        .get("challenge")
        .and_then(Value::as_str)
        .filter(|c| !c.is_empty())
        .ok_or_else(|| {
            malformed(
                "options.challenge is required: the presentation must answer the verifier's challenge",
            )
        })?
        .to_owned();
    let domain = match options.get("domain") {
        None | Some(Value::Null) => None,
        Some(Value::String(d)) if !d.is_empty() => Some(d.clone()),
        Some(_) => return Err(malformed("options.domain must be a non-empty string")),
    };
    let bind_holder = match options.get("holderBinding") {
        None | Some(Value::Null) => true,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(malformed("options.holderBinding must be true or false")),
    };
    Ok(Request {
        presentation,
        challenge,
        domain,
        bind_holder,
    })
}

/// Verifies a presentation; the answer says `verified` and every check, also when it fails
/// (then with the problem fields). Errors are only the service's own failures.
pub async fn verify(state: &Services, body: Value) -> ApiResult<Value> {
    let request = read_request(body)?;
    run(state, request, true).await
}

/// Verifies `presentation` against `challenge` and `domain`, its credentials bound to the
/// presenter, without using the challenge up: the caller does that (one OpenID4VP answer may
/// carry several presentations for one challenge).
pub async fn verify_bound(
    state: &Services,
    presentation: Value,
    challenge: String,
    domain: Option<String>,
) -> ApiResult<Value> {
    let request = Request {
        presentation,
        challenge,
        domain,
        bind_holder: true,
    };
    run(state, request, false).await
}

/// With `consume`, a challenge handed out here is used up by a presentation that verifies.
async fn run(state: &Services, request: Request, consume: bool) -> ApiResult<Value> {
    let owned = state.clone();
    state
        .offload
        .run(async move { check(&owned, request, consume).await })
        .await
        .map_err(|e| ApiError::Internal(e.into()))?
}

async fn check(state: &Services, request: Request, consume: bool) -> ApiResult<Value> {
    let server = ServerVerification::new(state).await?;
    let verifier = server.verifier();
    let mut report = Report::default();
    let (format, presentation, holder) = match enveloped_token(&request.presentation, &mut report) {
        Some(token) => {
            let (vp, holder) = jwt_proof(&verifier, &token, &request, &mut report).await?;
            ("vp+jwt", vp, holder)
        }
        None if report.failed() => ("vp+jwt", None, None),
        None => {
            let holder = di_proof(&verifier, &request, &mut report).await?;
            ("di", Some(request.presentation.clone()), holder)
        }
    };
    let mut credentials = Vec::new();
    if let (Some(vp), Some(holder), false) = (&presentation, &holder, report.failed()) {
        credentials =
            check_credentials(&verifier, vp, holder, request.bind_holder, &mut report).await?;
    }
    if consume && !report.failed() {
        match state
            .store
            .use_challenge(
                &request.challenge,
                request.domain.as_deref(),
                state.clock.now(),
            )
            .await?
        {
            ChallengeUse::NotOurs => report.pass(
                "challenge",
                "the caller's challenge (not one this server handed out)",
            ),
            ChallengeUse::Used => report.pass("challenge", "handed out here, now used up"),
            ChallengeUse::Replayed => report.fail(
                "challenge",
                "challenge_replayed",
                "this challenge was already answered by a presentation",
            ),
            ChallengeUse::Expired => report.fail(
                "challenge",
                "challenge_expired",
                "this challenge has expired",
            ),
            ChallengeUse::OtherDomain => report.fail(
                "challenge",
                "domain_mismatch",
                "this challenge was handed out for another domain",
            ),
        }
    }
    let mut answer = json!({
        "verified": !report.failed(), "format": format, "holder": holder,
        "checks": report.checks, "credentials": credentials,
    });
    if let Some((code, detail)) = report.failure {
        answer["type"] = json!(problem_type(code));
        answer["title"] = json!("The presentation is not verified");
        answer["status"] = json!(400);
        answer["code"] = json!(code);
        answer["detail"] = json!(detail);
    }
    Ok(answer)
}

fn problem_type(code: &str) -> &'static str {
    match code {
        "malformed_presentation" => "https://www.w3.org/TR/vc-data-model#PARSING_ERROR",
        "unknown_context" => "https://www.w3.org/TR/vc-data-model#MALFORMED_VALUE_ERROR",
        "credential_invalid" | "not_holder" => "about:blank",
        _ => "https://www.w3.org/TR/vc-data-model#CRYPTOGRAPHIC_SECURITY_ERROR",
    }
}

/// The compact JWS of an enveloped presentation (`data:application/vp+jwt,…`, or the bare
/// token), if that is the form.
fn enveloped_token(vp: &Value, report: &mut Report) -> Option<String> {
    match vp {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Object(o)
            if o.get("type").and_then(Value::as_str) == Some("EnvelopedVerifiablePresentation") =>
        {
            match o
                .get("id")
                .and_then(Value::as_str)
                .and_then(|id| id.strip_prefix("data:application/vp+jwt,"))
            {
                Some(token) => Some(token.to_owned()),
                None => {
                    report.fail(
                        "parsing",
                        "malformed_presentation",
                        "an enveloped presentation's id must be data:application/vp+jwt,<token>",
                    );
                    None
                }
            }
        }
        _ => None,
    }
}

/// VC Data Model 2.0 §4.13: the shape of a presentation, then its contexts.
fn check_shape(verifier: &Verifier<'_>, vp: &Value, report: &mut Report) {
    let Some(o) = vp.as_object() else {
        report.fail(
            "parsing",
            "malformed_presentation",
            "a presentation is a JSON object",
        );
        return;
    };
    let contexts: Vec<&Value> = match o.get("@context") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(other) => vec![other],
        None => Vec::new(),
    };
    let why = if contexts.first().and_then(|c| c.as_str()) != Some(VC_V2) {
        Some(format!("@context must start with {VC_V2}"))
    } else if !types_of(o.get("type")).is_some_and(|t| t.contains(&"VerifiablePresentation")) {
        Some("type must include VerifiablePresentation".to_owned())
    } else if o
        .get("holder")
        .is_some_and(|h| holder_id(h).is_none_or(|h| !is_url(h)))
    {
        Some("holder must be a URL or an object with a URL id".to_owned())
    } else if o.get("verifiableCredential").is_some_and(|c| {
        !(c.is_object() || c.as_array().is_some_and(|a| a.iter().all(Value::is_object)))
    }) {
        Some("verifiableCredential must be a credential or an array of credentials".to_owned())
    } else {
        None
    };
    if let Some(why) = why {
        report.fail("parsing", "malformed_presentation", why);
        return;
    }
    report.pass("parsing", "a VC Data Model 2.0 presentation");
    match contexts
        .iter()
        .find(|c| !c.as_str().is_some_and(|u| verifier.loader.is_known(u)))
    {
        Some(c) => report.fail(
            "contexts",
            "unknown_context",
            format!("{c} is not a context this service ships (none is fetched)"),
        ),
        None => report.pass("contexts", format!("{} pinned contexts", contexts.len())),
    }
}

fn holder_id(h: &Value) -> Option<&str> {
    match h {
        Value::String(s) => Some(s),
        Value::Object(o) => o.get("id")?.as_str(),
        _ => None,
    }
}

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
            report.fail("key_resolution", "unknown_key", e.to_string());
            return Ok(None);
        }
    };
    match did::find_method(&doc, vm, "authentication") {
        Ok(method) => {
            report.pass("key_resolution", format!("{vm} (authentication)"));
            Ok(Some(method))
        }
        Err(e) => {
            report.fail("key_resolution", "unknown_key", e.to_string());
            Ok(None)
        }
    }
}

/// The presenter is the holder the presentation names, if it names one.
fn check_holder(vp: &Value, presenter: &str, report: &mut Report) -> Option<String> {
    match vp.get("holder").and_then(holder_id) {
        Some(holder) if holder != presenter => {
            report.fail(
                "holder",
                "holder_mismatch",
                format!("signed by {presenter}, not by the holder it names, {holder}"),
            );
            None
        }
        _ => {
            report.pass("holder", format!("presented by {presenter}"));
            Some(presenter.to_owned())
        }
    }
}

/// The embedded proof(s): purpose `authentication`, the challenge and domain asked for, a key
/// of the holder. Returns the holder.
async fn di_proof(
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
            report.fail("proof", "malformed_proof", e.to_string());
            return Ok(None);
        }
    };
    let mut holder = None;
    for proof in &proofs {
        let parsed = match di::parse_proof(proof) {
            Ok(p) => p,
            Err(di::DiError::Unsupported(m)) => {
                report.fail("proof", "unsupported_proof", m);
                return Ok(None);
            }
            Err(e) => {
                report.fail("proof", "malformed_proof", e.to_string());
                return Ok(None);
            }
        };
        if parsed.proof_purpose != "authentication" {
            report.fail(
                "proof",
                "wrong_proof_purpose",
                format!(
                    "a presentation is proved for authentication, not {}",
                    parsed.proof_purpose
                ),
            );
            return Ok(None);
        }
        let proof_challenge = proof.get("challenge").and_then(Value::as_str);
        if proof_challenge != Some(request.challenge.as_str()) {
            report.fail(
                "challenge",
                "challenge_mismatch",
                match proof_challenge {
                    None => "the proof carries no challenge".to_owned(),
                    Some(_) => "the proof answers another challenge".to_owned(),
                },
            );
            return Ok(None);
        }
        if let Some(domain) = &request.domain
            && !names(proof.get("domain"), domain)
        {
            report.fail(
                "domain",
                "domain_mismatch",
                format!("the proof is not bound to the domain {domain}"),
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
                format!("{} signature of the holder", parsed.suite.name()),
            ),
            Err(di::DiError::Signature) => {
                report.fail(
                    "proof",
                    "invalid_signature",
                    "the signature does not match the presentation and the holder's key",
                );
                return Ok(None);
            }
            Err(e) => {
                report.fail("proof", "malformed_proof", e.to_string());
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
async fn jwt_proof(
    verifier: &Verifier<'_>,
    token: &str,
    request: &Request,
    report: &mut Report,
) -> ApiResult<(Option<Value>, Option<String>)> {
    let header = match jose::check_header_typed(token, &["vp+jwt"]) {
        Ok(h) => h,
        Err(e) => {
            report.fail("proof", "malformed_proof", e.to_string());
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
                "the signature does not match the presentation and the holder's key",
            );
            return Ok((None, None));
        }
        Err(e) => {
            report.fail("proof", "malformed_proof", e.to_string());
            return Ok((None, None));
        }
    };
    let Ok(vp) = serde_json::from_slice::<Value>(&payload) else {
        report.fail(
            "parsing",
            "malformed_presentation",
            "the payload is not JSON",
        );
        return Ok((None, None));
    };
    check_shape(verifier, &vp, report);
    if report.failed() {
        return Ok((None, None));
    }
    report.pass("proof", "EdDSA signature of the holder (vp+jwt)");
    if vp.get("nonce").and_then(Value::as_str) != Some(request.challenge.as_str()) {
        report.fail(
            "challenge",
            "challenge_mismatch",
            "the token's nonce is not the challenge",
        );
        return Ok((None, None));
    }
    if let Some(domain) = &request.domain
        && !names(vp.get("aud"), domain)
    {
        report.fail(
            "domain",
            "domain_mismatch",
            format!("the token's aud is not {domain}"),
        );
        return Ok((None, None));
    }
    if let Some(iss) = vp.get("iss").and_then(Value::as_str)
        && iss != method.controller
    {
        report.fail(
            "holder",
            "holder_mismatch",
            format!("iss {iss} is not the signer {}", method.controller),
        );
        return Ok((None, None));
    }
    let holder = check_holder(&vp, &method.controller, report);
    Ok((Some(vp), holder))
}

/// Each credential verified as `/credentials/verify` does, and (with `bind`) bound to the
/// holder. A credential without a proof of its own stands only as a self-asserted one (VC
/// Data Model 2.0, presentations including holder claims): issued by the holder the presentation
/// names, its claims signed by the presentation's proof.
async fn check_credentials(
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
            format!("{invalid} of {} credentials are not verified", out.len()),
        );
    } else if unbound > 0 {
        report.fail(
            "credentials",
            "not_holder",
            format!(
                "{unbound} of {} credentials are not the holder's",
                out.len()
            ),
        );
    } else {
        report.pass(
            "credentials",
            format!("{} credentials verified, each the holder's", out.len()),
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
    let issuer = match o.get("issuer") {
        Some(Value::String(s)) => Some(s.as_str()),
        Some(Value::Object(i)) => i.get("id").and_then(Value::as_str),
        _ => None,
    };
    let named_holder = vp.get("holder").and_then(holder_id);
    let unknown_context = match o.get("@context") {
        Some(Value::Array(a)) => a
            .iter()
            .find(|c| !c.as_str().is_some_and(|u| verifier.loader.is_known(u)))
            .cloned(),
        _ => None,
    };
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
