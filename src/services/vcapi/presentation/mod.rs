//! `POST /presentations/verify`: a verifiable presentation (embedded Data Integrity proof with
//! purpose `authentication`, or `vp+jwt`) checked against the verifier's `challenge` and
//! `domain`, its signer resolved as the holder, each credential verified as
//! `/credentials/verify` does and bound to the holder (the holder is a subject of it, as the
//! learner's wallet `did:key` is the subject of what OID4VCI issued to it). A challenge this
//! server handed out (`POST /presentations/challenges`) answers one presentation only.

use crate::support::i18n::Message;
use serde_json::{Map, Value, json};
use time::Duration;

mod credentials;
mod proof;

use crate::domain::credential::VC_V2;
use crate::domain::vcdm::{is_url, party_id, types_of};
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

/// The checks of one presentation, in order, with the first failure. Each line says what
/// it found in English (`detail`) and as a message (`message`: `{id, args}`) the pages render
/// in their language, as the credential verifier's lines do.
#[derive(Default)]
pub(super) struct Report {
    checks: Vec<Value>,
    failure: Option<(&'static str, Message)>,
}

impl Report {
    pub(super) fn pass(&mut self, check: &str, detail: Message) {
        self.checks.push(json!({"check": check, "status": "passed",
                                "detail": detail.english(), "message": detail}));
    }
    pub(super) fn fail(&mut self, check: &str, code: &'static str, detail: Message) {
        self.checks.push(json!({"check": check, "status": "failed",
                                "detail": detail.english(), "message": detail}));
        if self.failure.is_none() {
            self.failure = Some((code, detail));
        }
    }
    pub(super) fn failed(&self) -> bool {
        self.failure.is_some()
    }
}

/// What the caller asked for: the presentation and what its proof must be bound to.
pub(super) struct Request {
    pub(super) presentation: Value,
    pub(super) challenge: String,
    pub(super) domain: Option<String>,
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
    // The presentation as checked: a token's decoded payload, or the request's own object.
    let decoded;
    let (format, presentation, holder) = match enveloped_token(&request.presentation, &mut report) {
        Some(token) => {
            let (vp, holder) = proof::jwt_proof(&verifier, &token, &request, &mut report).await?;
            decoded = vp;
            ("vp+jwt", decoded.as_ref(), holder)
        }
        None if report.failed() => ("vp+jwt", None, None),
        None => {
            let holder = proof::di_proof(&verifier, &request, &mut report).await?;
            ("di", Some(&request.presentation), holder)
        }
    };
    let mut credentials = Vec::new();
    if let (Some(vp), Some(holder), false) = (presentation, &holder, report.failed()) {
        credentials =
            credentials::check_credentials(&verifier, vp, holder, request.bind_holder, &mut report)
                .await?;
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
            ChallengeUse::NotOurs => report.pass("challenge", Message::new("vp-challenge_theirs")),
            ChallengeUse::Used => report.pass("challenge", Message::new("vp-challenge_used")),
            ChallengeUse::Replayed => report.fail(
                "challenge",
                "challenge_replayed",
                Message::new("vp-challenge_replayed"),
            ),
            ChallengeUse::Expired => report.fail(
                "challenge",
                "challenge_expired",
                Message::new("vp-challenge_expired"),
            ),
            ChallengeUse::OtherDomain => report.fail(
                "challenge",
                "domain_mismatch",
                Message::new("vp-challenge_other_domain"),
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
        answer["detail"] = json!(detail.english());
        answer["message"] = json!(detail);
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
            if !crate::verify::names_base_context(o.get("@context")) {
                report.fail(
                    "parsing",
                    "malformed_presentation",
                    Message::new("vp-envelope_context").arg("url", VC_V2),
                );
                return None;
            }
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
                        Message::new("vp-envelope_id"),
                    );
                    None
                }
            }
        }
        _ => None,
    }
}

/// VC Data Model 2.0 §4.13: the shape of a presentation, then its contexts.
pub(super) fn check_shape(verifier: &Verifier<'_>, vp: &Value, report: &mut Report) {
    let Some(o) = vp.as_object() else {
        report.fail(
            "parsing",
            "malformed_presentation",
            Message::new("vp-not_object"),
        );
        return;
    };
    let contexts: Vec<&Value> = match o.get("@context") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(other) => vec![other],
        None => Vec::new(),
    };
    let why = if contexts.first().and_then(|c| c.as_str()) != Some(VC_V2) {
        Some(Message::new("vp-first_context").arg("url", VC_V2))
    } else if !types_of(o.get("type")).is_some_and(|t| t.contains(&"VerifiablePresentation")) {
        Some(Message::new("vp-type"))
    } else if o
        .get("holder")
        .is_some_and(|h| party_id(h).is_none_or(|h| !is_url(h)))
    {
        Some(Message::new("vp-holder_url"))
    } else if o.get("verifiableCredential").is_some_and(|c| {
        !(c.is_object() || c.as_array().is_some_and(|a| a.iter().all(Value::is_object)))
    }) {
        Some(Message::new("vp-credentials_shape"))
    } else {
        None
    };
    if let Some(why) = why {
        report.fail("parsing", "malformed_presentation", why);
        return;
    }
    report.pass("parsing", Message::new("vp-parsed"));
    match verifier.loader.first_unknown(o.get("@context")) {
        Some(c) => report.fail(
            "contexts",
            "unknown_context",
            Message::new("vp-unknown_context").arg("url", c),
        ),
        None => report.pass(
            "contexts",
            Message::new("vp-contexts").num("count", contexts.len() as i64),
        ),
    }
}
