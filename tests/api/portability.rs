//! Portability: two providers on two servers with their own did:web identities. A issues
//! unit credentials; the learner brings them to B; B verifies them, recognises them through
//! its recognition table, and awards its qualification referencing A's credentials. Bundle
//! verification, the trust registry (plain and signed) and third-party fixtures.

use reqwest::StatusCode;
use serde_json::{Value, json};
use unitcred::domain::credential::digest_multibase;

use crate::helpers::{
    OPERATOR, Provider, TestApp, issue_one, school, spawn_app, spawn_app_with_anchors,
    spawn_other_app,
};

const A_URL: &str = "https://school-a.example";
const B_URL: &str = "https://school-b.example";
const C_URL: &str = "https://school-c.example";
const A_MECA: &str = "https://school-a.example/providers/ecole-a/achievements/MECA/v1";

/// B's own qualification: two units it recognises from A's MECA, one it assesses itself.
fn garage() -> Value {
    json!({
        "code": "GARAGE", "version": 1,
        "title": {"fr": "Technicien·ne de garage", "en": "Garage technician"},
        "eqf_level": 4,
        "units": [
            {"code": "G1", "title": {"fr": "Entretien"}, "learning_outcomes": [{"fr": "Entretenir un véhicule"}],
             "ecvet_points": 10, "assessment_type": "practical"},
            {"code": "G2", "title": {"fr": "Freins"}, "learning_outcomes": [{"fr": "Réparer un système de freinage"}],
             "ecvet_points": 12, "assessment_type": "practical"},
            {"code": "G3", "title": {"fr": "Accueil client"}, "learning_outcomes": [{"fr": "Accueillir un client"}],
             "ecvet_points": 5, "assessment_type": "oral"}
        ]
    })
}

fn host(url: &str) -> String {
    url.trim_start_matches("https://").to_owned()
}

async fn send(
    app: &TestApp,
    method: reqwest::Method,
    token: &str,
    path: &str,
    body: &Value,
) -> (StatusCode, Value) {
    let r = app
        .http
        .request(method, app.url(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn post(app: &TestApp, token: &str, path: &str, body: &Value) -> (StatusCode, Value) {
    send(app, reqwest::Method::POST, token, path, body).await
}

/// The registry B's operator loads: A is authorised for its MECA qualification.
fn registry(a_did: &str) -> Value {
    json!({"name": "FWB mobility partners", "issued": "2026-01-10T00:00:00Z", "issuers": [
        {"did": a_did, "name": "École A", "country": "BE",
         "authorisations": [{"achievement": A_MECA, "scope": "qualification", "from": "2025-09-01",
                             "authority": "ECVET memorandum of understanding FWB-2025-17"}]}]})
}

struct World {
    a: TestApp,
    b: TestApp,
    pa: Provider,
    pb: Provider,
    a_learner: String,
    b_learner: String,
    /// A's UAA1 and UAA2 credentials of the learner, exact text (rdfc) and as JWT.
    uaa1: String,
    uaa2: String,
    uaa1_id: String,
    uaa2_id: String,
}

/// A and B, B trusting A and mapping A's UAA1 → G1 and UAA2 → G2; the learner holds A's
/// UAA1 and UAA2 and is enrolled at B under the same name and e-mail.
async fn world(extra_hosts: Vec<(String, String)>) -> World {
    let a = spawn_other_app(A_URL, vec![]).await;
    let mut hosts = vec![(host(A_URL), a.base.clone())];
    hosts.extend(extra_hosts);
    let b = spawn_other_app(B_URL, hosts).await;
    let (pa, a_learner) = school(&a, "ecole-a").await;
    let uaa1_id = issue_one(&a, &pa, &a_learner, "UAA1").await;
    let uaa2_id = issue_one(&a, &pa, &a_learner, "UAA2").await;
    let uaa1 = a.credential_text(&pa, &uaa1_id, "di-rdfc").await;
    let uaa2 = a.credential_text(&pa, &uaa2_id, "vc-jwt").await;

    let pb = b.create_provider("ecole-b").await;
    b.create_profile(&pb, &garage()).await;
    let b_learner = b.create_learner(&pb, "Amina").await;
    let (status, body) = post(&b, OPERATOR, "/v1/trust/registry", &registry(&pa.did)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["issuers"], 1);
    let (status, body) = send(
        &b,
        reqwest::Method::PUT,
        &pb.token,
        "/v1/profiles/GARAGE/1/recognition-table",
        &json!({"lines": [
            {"achievement_id": format!("{A_MECA}/UAA1"), "achievement_version": "1", "unit_code": "G1",
             "note": "Same learning outcomes (MoU annex 2)"},
            {"achievement_id": format!("{A_MECA}/UAA2"), "unit_code": "G2"}]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["lines"].as_array().unwrap().len(), 2);
    World {
        a,
        b,
        pa,
        pb,
        a_learner,
        b_learner,
        uaa1,
        uaa2,
        uaa1_id,
        uaa2_id,
    }
}

async fn bring(w: &World, credential: Value) -> (StatusCode, Value) {
    post(
        &w.b,
        &w.pb.token,
        &format!("/v1/learners/{}/recognitions", w.b_learner),
        &json!({"credential": credential}),
    )
    .await
}

async fn accept(w: &World, id: &str) -> Value {
    let (status, body) = post(
        &w.b,
        &w.pb.token,
        &format!("/v1/recognitions/{id}/decision"),
        &json!({"decision": "accept", "reason": "Units of the partner school, MoU FWB-2025-17"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["recognition"]["status"], "accepted");
    body
}

#[tokio::test]
async fn foreign_units_are_recognised_and_the_qualification_references_them() {
    let c = spawn_other_app(C_URL, vec![]).await;
    let w = world(vec![(host(C_URL), c.base.clone())]).await;

    // A's UAA1, exactly as A signed it: verified, trusted, the learner's, mapped to G1.
    let (status, r1) = bring(&w, json!(w.uaa1)).await;
    assert_eq!(status, StatusCode::CREATED, "{r1}");
    assert_eq!(r1["status"], "proposed", "{r1}");
    assert_eq!(r1["unit_code"], "G1");
    assert_eq!(r1["profile_code"], "GARAGE");
    assert_eq!(r1["basis"], "equivalence_table");
    assert_eq!(
        r1["foreign_credential_id"],
        format!("urn:uuid:{}", w.uaa1_id)
    );
    assert_eq!(r1["foreign_issuer"], w.pa.did);
    assert_eq!(r1["verification"]["trust"]["status"], "trusted");
    assert_eq!(r1["verification"]["subject"]["status"], "matched");
    assert_eq!(r1["digest"], digest_multibase(w.uaa1.as_bytes()));
    // Brought again: the same recognition, not a second one.
    let (status, again) = bring(&w, json!(w.uaa1)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["id"], r1["id"]);
    let accepted = accept(&w, r1["id"].as_str().unwrap()).await;
    let recognition_credential = accepted["credential_id"].as_str().unwrap().to_owned();
    assert!(accepted["qualification"].is_null());
    // Decided once.
    let (status, body) = post(
        &w.b,
        &w.pb.token,
        &format!("/v1/recognitions/{}/decision", r1["id"].as_str().unwrap()),
        &json!({"decision": "refuse", "reason": "changed my mind"}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["code"], "recognition_decided");

    // The recognition credential is B's, names A as the source and A's credential as evidence.
    let text =
        w.b.credential_text(&w.pb, &recognition_credential, "di-rdfc")
            .await;
    let rc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(rc["issuer"]["id"], w.pb.did);
    assert_eq!(rc["credentialSubject"]["source"]["id"], w.pa.did);
    assert_eq!(rc["evidence"][0]["id"], format!("urn:uuid:{}", w.uaa1_id));
    assert_eq!(
        rc["relatedResource"][0]["digestMultibase"],
        digest_multibase(w.uaa1.as_bytes())
    );
    let (status, body) = w.b.verify(rc.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["parts"][0]["status"], "passed", "{body}");
    assert_eq!(body["parts"][0]["source"], "recognised");

    // A's UAA2 as vc+jwt: recognised as G2.
    let (status, r2) = bring(&w, json!(w.uaa2)).await;
    assert_eq!(status, StatusCode::CREATED, "{r2}");
    assert_eq!(r2["status"], "proposed", "{r2}");
    assert_eq!(r2["unit_code"], "G2");
    assert_eq!(r2["media_type"], "application/vc+jwt");
    accept(&w, r2["id"].as_str().unwrap()).await;

    let (status, progress) = post(&w.b, &w.pb.token, "/v1/learners/x/progress", &json!({})).await;
    assert_ne!(status, StatusCode::OK, "{progress}");
    let progress: Value =
        w.b.get(
            &w.pb.token,
            &format!("/v1/learners/{}/progress", w.b_learner),
        )
        .await
        .json()
        .await
        .unwrap();
    let units = &progress["qualifications"][0]["units"];
    assert_eq!(units[0]["status"], "recognised", "{progress}");
    assert_eq!(units[0]["via"], "recognition");
    assert_eq!(
        units[0]["recognised_from"],
        format!("urn:uuid:{}", w.uaa1_id)
    );
    assert_eq!(progress["qualifications"][0]["ecvet_points_earned"], 22.0);
    assert_eq!(units[2]["status"], "pending");

    // The learner's page at B shows the unit as recognised, and from whom.
    let (_, access) = post(
        &w.b,
        &w.pb.token,
        &format!("/v1/learners/{}/access", w.b_learner),
        &json!({}),
    )
    .await;
    let plain = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = plain
        .get(format!(
            "{}/learner/open?code={}",
            w.b.base,
            access["code"].as_str().unwrap()
        ))
        .send()
        .await
        .unwrap();
    let session = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_owned())
        .find(|c| c.starts_with("uc_learner="))
        .unwrap();
    let page = plain
        .get(format!("{}/learner/{}", w.b.base, w.b_learner))
        .header("cookie", session)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("reconnue (ailleurs)"), "{page}");
    assert!(
        page.contains(&format!("reconnue de <code>{}</code>", w.pa.did)),
        "{page}"
    );

    // B's own unit completes the qualification.
    let r = w
        .b
        .post(
            &w.pb.token,
            "/v1/assessments",
            &json!({"learner_id": w.b_learner, "profile_code": "GARAGE", "profile_version": 1,
                    "unit_code": "G3", "assessed_on": "2026-06-29", "outcome": "validated", "assessor": "Mme Jury"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["qualification"]["status"], "issued", "{body}");
    let qid = body["qualification"]["credential_id"].as_str().unwrap();
    let q: Value = serde_json::from_str(&w.b.credential_text(&w.pb, qid, "di-rdfc").await).unwrap();
    let related = q["relatedResource"].as_array().unwrap();
    // Three unit credentials of B, and A's two credentials by id and digest of their bytes.
    assert_eq!(related.len(), 5, "{q}");
    let find = |id: &str| related.iter().find(|r| r["id"] == id).cloned();
    let a1 = find(&format!("urn:uuid:{}", w.uaa1_id)).expect("A's UAA1 referenced");
    assert_eq!(a1["digestMultibase"], digest_multibase(w.uaa1.as_bytes()));
    let a2 = find(&format!("urn:uuid:{}", w.uaa2_id)).expect("A's UAA2 referenced");
    assert_eq!(a2["digestMultibase"], digest_multibase(w.uaa2.as_bytes()));
    assert_eq!(a2["mediaType"], "application/vc+jwt");
    // Every part checks out on B, A's through their recognised copies (fetched keys, lists).
    let (status, body) = w.b.verify(q.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let parts = body["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 5);
    assert!(parts.iter().all(|p| p["status"] == "passed"), "{body}");

    // Refusals, each with its reason recorded.
    // 1. An issuer B's registry does not know (C, reachable, signature valid).
    let (pc, c_learner) = school(&c, "ecole-c").await;
    let c1 = issue_one(&c, &pc, &c_learner, "UAA1").await;
    let c1 = c.credential_text(&pc, &c1, "di-rdfc").await;
    let (status, refused) = bring(&w, json!(c1)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(refused["status"], "refused", "{refused}");
    assert_eq!(refused["refusal_code"], "untrusted_issuer");
    assert!(
        refused["reason"]
            .as_str()
            .unwrap()
            .contains("trust registry")
    );
    // 2. A revoked foreign unit.
    let safe = issue_one(&w.a, &w.pa, &w.a_learner, "SAFE").await;
    let r =
        w.a.post(
            &w.pa.token,
            &format!("/v1/credentials/{safe}/revoke"),
            &json!({"reason": "Assessment annulled"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    // B saw A's list minutes ago; once its copy is older than the list's ttl it fetches again.
    w.b.clock.advance(time::Duration::minutes(6));
    let safe = w.a.credential_text(&w.pa, &safe, "di-rdfc").await;
    let (_, refused) = bring(&w, json!(safe)).await;
    assert_eq!(refused["status"], "refused", "{refused}");
    assert_eq!(refused["refusal_code"], "revoked");
    // 3. A tampered foreign unit (another achievement name, same signature).
    let mut tampered: Value = serde_json::from_str(&w.uaa1).unwrap();
    tampered["credentialSubject"]["achievement"]["name"] = json!("Diagnostic moteur avancé");
    let (_, refused) = bring(&w, tampered).await;
    assert_eq!(refused["status"], "refused", "{refused}");
    assert_eq!(refused["refusal_code"], "invalid_signature");
    // 4. Someone else's unit: same school, another learner.
    let other = w.a.create_learner(&w.pa, "Bilal").await;
    let other = issue_one(&w.a, &w.pa, &other, "UAA1").await;
    let other = w.a.credential_text(&w.pa, &other, "di-rdfc").await;
    let (_, refused) = bring(&w, json!(other)).await;
    assert_eq!(refused["refusal_code"], "subject_mismatch", "{refused}");

    let list: Value =
        w.b.get(
            &w.pb.token,
            &format!("/v1/learners/{}/recognitions", w.b_learner),
        )
        .await
        .json()
        .await
        .unwrap();
    let codes: Vec<&str> = list["recognitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["refusal_code"]
                .as_str()
                .unwrap_or(r["status"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        codes,
        [
            "accepted",
            "accepted",
            "untrusted_issuer",
            "revoked",
            "invalid_signature",
            "subject_mismatch"
        ]
    );
    // Another provider sees none of it.
    let (p2, _) = school(&w.b, "ecole-b2").await;
    let r =
        w.b.get(
            &p2.token,
            &format!("/v1/recognitions/{}", r1["id"].as_str().unwrap()),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // And the audit chain recorded every step.
    let audit: Value =
        w.b.get(&w.pb.token, "/v1/audit")
            .await
            .json()
            .await
            .unwrap();
    assert_eq!(audit["intact"], true);
    let actions: Vec<&str> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for a in [
        "recognition_table.replaced",
        "recognition.submitted",
        "recognition.accepted",
        "recognition.refused",
    ] {
        assert!(actions.contains(&a), "{a} missing from {actions:?}");
    }
}

#[tokio::test]
async fn a_manual_mapping_needs_an_admin_and_a_real_unit() {
    let w = world(vec![]).await;
    // SAFE is in no recognition table: proposed without a unit.
    let safe = issue_one(&w.a, &w.pa, &w.a_learner, "SAFE").await;
    let safe = w.a.credential_text(&w.pa, &safe, "di-rdfc").await;
    let (status, r) = bring(&w, json!(safe)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(r["status"], "proposed");
    assert!(r["unit_code"].is_null());
    let id = r["id"].as_str().unwrap();
    let path = format!("/v1/recognitions/{id}/decision");
    let (status, body) = post(
        &w.b,
        &w.pb.token,
        &path,
        &json!({"decision": "accept", "reason": "ok"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, _) = post(&w.b, &w.pb.token, &path,
        &json!({"decision": "accept", "reason": "ok", "unit": {"profile_code": "GARAGE", "profile_version": 1, "unit_code": "NOPE"}})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // An assessor may bring credentials but not decide.
    let r =
        w.b.post(
            &w.pb.token,
            "/v1/tokens",
            &json!({"role": "assessor", "label": "Mme Evaluatrice"}),
        )
        .await;
    let assessor: Value = r.json().await.unwrap();
    let assessor = assessor["token"].as_str().unwrap();
    let (status, _) = post(
        &w.b,
        assessor,
        &path,
        &json!({"decision": "refuse", "reason": "no"}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = post(
        &w.b,
        &w.pb.token,
        &path,
        &json!({"decision": "accept", "reason": "Safety training judged equivalent by the jury",
                "unit": {"profile_code": "GARAGE", "profile_version": 1, "unit_code": "G3"}}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["recognition"]["basis"], "manual");
    assert_eq!(body["recognition"]["unit_code"], "G3");
    assert_eq!(
        body["recognition"]["decided_by"],
        "admin:initial admin token"
    );
    // G3 is now held: a second recognition for it is refused as already validated.
    let (_, r) = bring(&w, json!(w.uaa1)).await;
    let (status, body) = post(&w.b, &w.pb.token, &format!("/v1/recognitions/{}/decision", r["id"].as_str().unwrap()),
        &json!({"decision": "accept", "reason": "x", "unit": {"profile_code": "GARAGE", "profile_version": 1, "unit_code": "G3"}})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["code"], "unit_already_validated");
}

#[tokio::test]
async fn bundles_say_which_units_a_set_proves() {
    let w = world(vec![]).await;
    // The learner also validated G3 at B.
    let r = w
        .b
        .post(
            &w.pb.token,
            "/v1/assessments",
            &json!({"learner_id": w.b_learner, "profile_code": "GARAGE", "profile_version": 1,
                    "unit_code": "G3", "assessed_on": "2026-06-29", "outcome": "validated", "assessor": "Mme Jury"}),
        )
        .await;
    let body: Value = r.json().await.unwrap();
    let g3 = body["credential"]["id"].as_str().unwrap().to_owned();
    let g3: Value =
        serde_json::from_str(&w.b.credential_text(&w.pb, &g3, "di-rdfc").await).unwrap();
    let profile = format!("{B_URL}/providers/ecole-b/achievements/GARAGE/v1");
    let bundle = |credentials: Value| {
        let w = &w;
        let profile = profile.clone();
        async move {
            let r =
                w.b.http
                    .post(w.b.url("/credentials/verify-bundle"))
                    .json(&json!({"profile": profile, "credentials": credentials}))
                    .send()
                    .await
                    .unwrap();
            let status = r.status();
            (status, r.json::<Value>().await.unwrap())
        }
    };
    let uaa1: Value = serde_json::from_str(&w.uaa1).unwrap();

    // Incomplete: G2 missing.
    let (status, body) = bundle(json!([uaa1, g3])).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["container"], "array");
    assert_eq!(body["covered"], false);
    assert_eq!(body["units"][0]["proved_by"]["via"], "recognition_table");
    assert_eq!(body["units"][1]["proved"], false);
    assert_eq!(body["rule"]["missing_mandatory"], json!(["G2"]));

    // B's own record of the learner as a CLR: its embedded G3 counts, the CLR itself is listed.
    let clr: Value =
        w.b.get(&w.pb.token, &format!("/v1/learners/{}/clr", w.b_learner))
            .await
            .json()
            .await
            .unwrap();
    let (status, body) = bundle(clr).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["container"], "clr");
    assert_eq!(body["credentials"][0]["verified"], true, "{body}");
    assert_eq!(body["units"][2]["proved"], true);
    assert_eq!(body["covered"], false);

    // A revoked UAA2 proves nothing, and the answer says why.
    let r =
        w.a.post(
            &w.pa.token,
            &format!("/v1/credentials/{}/revoke", w.uaa2_id),
            &json!({"reason": "Assessment annulled"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    // B read A's list for the set above; its copy expires with the list's ttl (5 minutes).
    w.b.clock.advance(time::Duration::minutes(6));
    let (_, body) = bundle(json!([uaa1, w.uaa2, g3])).await;
    assert_eq!(body["covered"], false, "{body}");
    assert_eq!(body["units"][1]["proved"], false);
    assert_eq!(body["units"][1]["rejected"][0]["code"], "revoked", "{body}");
    assert_eq!(body["units"][1]["rejected"][0]["issuer"], w.pa.did);

    // Complete: UAA2 validated again at A (a new credential), A's two units through B's
    // table (one as vc+jwt), B's own G3, in a presentation.
    let uaa2 = issue_one(&w.a, &w.pa, &w.a_learner, "UAA2").await;
    let uaa2 = w.a.credential_text(&w.pa, &uaa2, "vc-jwt").await;
    let (status, body) = bundle(json!({"@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"], "verifiableCredential": [uaa1, uaa2, g3]}))
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["container"], "presentation");
    assert_eq!(body["covered"], true, "{body}");
    assert_eq!(body["ecvet_points_proved"], 27.0);
    let units = body["units"].as_array().unwrap();
    assert_eq!(units[0]["proved_by"]["issuer"], w.pa.did);
    assert_eq!(units[0]["proved_by"]["issuer_name"], "École A");
    assert_eq!(units[1]["proved_by"]["via"], "recognition_table");
    assert_eq!(units[2]["proved_by"]["via"], "direct");
    assert_eq!(units[2]["proved_by"]["trust"], "trusted");

    // Unknown profile; malformed body.
    let (status, _) = {
        let r = w.b.http.post(w.b.url("/credentials/verify-bundle"))
            .json(&json!({"profile": format!("{B_URL}/providers/ecole-b/achievements/NOPE/v1"), "credentials": []}))
            .send().await.unwrap();
        (r.status(), ())
    };
    assert_eq!(status, StatusCode::NOT_FOUND);
    let r =
        w.b.http
            .post(w.b.url("/credentials/verify-bundle"))
            .json(&json!({"credentials": []}))
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_verifier_reports_trust_and_registries_can_be_signed() {
    use unitcred::crypto::{did, jose, keys};
    // A did:key from a fixed TEST-ONLY seed.
    fn seeded(seed: &[u8]) -> keys::SigningKeyPair {
        use sha2::Digest;
        let signing = ed25519_dalek::SigningKey::from_bytes(&sha2::Sha256::digest(seed).into());
        let vm = did::did_key_vm(&signing.verifying_key());
        keys::SigningKeyPair::new(vm.clone(), vm, signing)
    }
    // The registry authority's key (a did:key), configured as the server's trust anchor.
    let authority = seeded(b"TEST-ONLY registry authority seed");
    let anchor = did::did_key(&authority.verifying_key());
    let b = spawn_app_with_anchors(B_URL, vec![], vec![anchor.clone()]).await;
    let a = spawn_app().await;
    let (pa, learner) = school(&a, "ecole-a").await;
    let id = issue_one(&a, &pa, &learner, "UAA1").await;
    let vc: Value = serde_json::from_str(&a.credential_text(&pa, &id, "di-rdfc").await).unwrap();
    let meca = "https://certif.test.example/providers/ecole-a/achievements/MECA/v1";
    let b_map = vec![(host("https://certif.test.example"), a.base.clone())];
    let b2 = spawn_app_with_anchors(B_URL, b_map, vec![anchor.clone()]).await;
    drop(b);

    // Unknown issuer: valid, with a warning that says so.
    let (status, body) = b2.verify(vc.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["trust"]["status"], "unknown");
    let trust = body["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "trust")
        .unwrap()
        .clone();
    assert_eq!(trust["status"], "warning");
    assert!(
        trust["detail"]
            .as_str()
            .unwrap()
            .starts_with("signature valid, issuer unknown")
    );

    // A signed registry from the anchor: A known, but only for another qualification.
    let file = json!({"name": "Registre FWB", "issuers": [{"did": pa.did, "name": "École A", "country": "BE",
        "authorisations": [{"achievement": format!("{meca}-other"), "scope": "qualification",
                            "from": "2025-09-01", "authority": "FWB"}]}]});
    let jws = |doc: &Value, key: &keys::SigningKeyPair| {
        jose::sign_typed(&serde_json::to_vec(doc).unwrap(), key, "trust-registry+jwt").unwrap()
    };
    let (status, body) = post(
        &b2,
        OPERATOR,
        "/v1/trust/registry",
        &json!({"jws": jws(&file, &authority)}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["source"],
        format!("registry \"Registre FWB\" signed by {anchor}")
    );
    let (status, body) = b2.verify(vc.clone()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["code"], "issuer_not_authorised");
    assert_eq!(body["trust"]["status"], "not_authorised");
    assert_eq!(body["trust"]["name"], "École A");

    // The anchor's next registry authorises MECA, from a date before the credential.
    let mut file = file.clone();
    file["issuers"][0]["authorisations"][0]["achievement"] = json!(meca);
    let (status, _) = post(
        &b2,
        OPERATOR,
        "/v1/trust/registry",
        &json!({"jws": jws(&file, &authority)}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = b2.verify(vc.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["trust"]["status"], "trusted");
    assert_eq!(body["trust"]["authorisation"]["authority"], "FWB");
    let listed: Value = b2
        .http
        .get(b2.url("/trust/issuers"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["issuers"][0]["did"], pa.did);

    // Refused: a registry signed by someone else, a tampered one, one with alg none, a
    // provider token, bad dates.
    let stranger = seeded(b"TEST-ONLY stranger seed");
    let (status, body) = post(
        &b2,
        OPERATOR,
        "/v1/trust/registry",
        &json!({"jws": jws(&file, &stranger)}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let token = jws(&file, &authority);
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    let mut other = file.clone();
    other["issuers"][0]["country"] = json!("FR");
    use base64::Engine;
    parts[1] = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(serde_json::to_vec(&other).unwrap());
    let (status, _) = post(
        &b2,
        OPERATOR,
        "/v1/trust/registry",
        &json!({"jws": parts.join(".")}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    parts[0] = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(br#"{"alg":"none"}"#);
    let (status, _) = post(
        &b2,
        OPERATOR,
        "/v1/trust/registry",
        &json!({"jws": parts.join(".")}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = post(&b2, &pa.token, "/v1/trust/registry", &file).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let mut bad = file.clone();
    bad["issuers"][0]["authorisations"][0]["until"] = json!("2020-01-01");
    let (status, _) = post(&b2, OPERATOR, "/v1/trust/registry", &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    bad["issuers"][0]["did"] = json!("https://not-a-did");
    let (status, _) = post(&b2, OPERATOR, "/v1/trust/registry", &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // The operator removes the entry: unknown again.
    let r = b2
        .http
        .delete(b2.url(&format!("/v1/trust/issuers/{}", pa.did.replace('%', "%25"))))
        .bearer_auth(OPERATOR)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let (_, body) = b2.verify(vc).await;
    assert_eq!(body["trust"]["status"], "unknown");
}

/// Credentials signed by implementations nobody here wrote verify; their tampered copies do
/// not. A Digital Bazaar–signed unit credential can also be recognised.
#[tokio::test]
async fn third_party_fixtures_verify_and_their_tampered_copies_do_not() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |name: &str| -> Value {
        serde_json::from_str(
            &std::fs::read_to_string(root.join("tests/fixtures/interop").join(name)).unwrap(),
        )
        .unwrap()
    };
    let app = spawn_app().await;
    let db = read("db-signed-ob.json");
    for item in db["credentials"].as_array().unwrap() {
        let (status, body) = app.verify(item["credential"].clone()).await;
        if item["expect"] == "valid" {
            assert_eq!(status, StatusCode::OK, "{}: {body}", item["name"]);
            assert_eq!(body["trust"]["status"], "unknown");
        } else {
            assert_eq!(status, StatusCode::BAD_REQUEST, "{}", item["name"]);
            assert_eq!(
                body["code"], "invalid_signature",
                "{}: {body}",
                item["name"]
            );
        }
    }
    for item in db["jwts"].as_array().unwrap() {
        let (status, body) = app.verify(item["jwt"].clone()).await;
        if item["expect"] == "valid" {
            assert_eq!(status, StatusCode::OK, "{}: {body}", item["name"]);
        } else {
            assert_eq!(
                body["code"], "invalid_signature",
                "{}: {body}",
                item["name"]
            );
        }
    }
    // The W3C vc-di-eddsa vectors use the W3C examples context, which a server does not
    // accept (its @vocab would define any term). The same verifier pipeline, with that
    // context registered as a test harness would: the signatures are intact, but their issuer
    // (https://vc.example/issuers/5678) is not the key's controller, which this verifier
    // requires; the tampered copies fail the signature itself.
    let w3c = read("w3c-vectors.json");
    let loader = unitcred::jsonld::ContextLoader::with_extra(vec![(
        "https://www.w3.org/ns/credentials/examples/v2".to_owned(),
        w3c["extraContexts"]["https://www.w3.org/ns/credentials/examples/v2"].clone(),
    )]);
    let schemas = unitcred::domain::schema::Schemas::load().unwrap();
    let resolver = unitcred::verify::Resolver::Offline;
    let verifier = unitcred::verify::Verifier {
        loader: &loader,
        resolver: &resolver,
        schemas: &schemas,
        now: time::macros::datetime!(2026-06-30 09:00:00 UTC),
        status: None,
        trust: None,
        seals: None,
    };
    for item in w3c["credentials"].as_array().unwrap() {
        let (status, body) = app.verify(item["credential"].clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["code"], "unknown_context");
        let v = verifier.verify(&item["credential"]).await.unwrap();
        let proof = v.checks.iter().find(|c| c.check == "proof").unwrap();
        let name = item["name"].as_str().unwrap();
        let failure = v.failure.as_ref().map(|(f, _)| f.code());
        if name.ends_with("tampered") {
            assert_eq!(
                proof.status,
                unitcred::verify::CheckStatus::Failed,
                "{name}: {:?}",
                v.checks
            );
        } else {
            assert_eq!(
                failure,
                Some("controller_mismatch"),
                "{name}: {:?}",
                v.checks
            );
            assert_eq!(
                proof.status,
                unitcred::verify::CheckStatus::Passed,
                "{name}: {:?}",
                v.checks
            );
        }
    }

    // A school trusts the Digital Bazaar fixture's issuer for that unit and recognises it
    // for a learner whose wallet DID is the credential's subject.
    let valid = db["credentials"][0]["credential"].clone();
    let issuer = valid["issuer"]["id"].as_str().unwrap();
    let achievement = valid["credentialSubject"]["achievement"]["id"]
        .as_str()
        .unwrap();
    let holder = valid["credentialSubject"]["id"].as_str().unwrap();
    let r = app
        .http
        .put(app.url("/v1/trust/issuers"))
        .bearer_auth(OPERATOR)
        .json(&json!({"did": issuer, "name": "Centre de formation Exemple", "country": "FR",
                      "authorisations": [{"achievement": achievement, "scope": "unit", "from": "2024-09-01",
                                          "authority": "Accord de mobilité 2024"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let p = app.create_provider("ecole-b").await;
    app.create_profile(&p, &garage()).await;
    let r = app
        .post(
            &p.token,
            "/v1/learners",
            &json!({"given_name": "Chloé", "family_name": "Test", "wallet_did": holder}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let learner: Value = r.json().await.unwrap();
    let learner = learner["learner"]["id"].as_str().unwrap();
    let (status, r) = post(&app, &p.token, &format!("/v1/learners/{learner}/recognitions"),
        &json!({"credential": valid, "unit": {"profile_code": "GARAGE", "profile_version": 1, "unit_code": "G3"}})).await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    assert_eq!(r["status"], "proposed", "{r}");
    assert_eq!(r["verification"]["subject"]["status"], "matched");
    let (status, body) = post(
        &app,
        &p.token,
        &format!("/v1/recognitions/{}/decision", r["id"].as_str().unwrap()),
        &json!({"decision": "accept", "reason": "Bloc 1 covers the reception unit"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["credential_id"].is_string());
}

#[tokio::test]
async fn the_command_line_imports_and_lists_registries() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("registry.json");
    std::fs::write(
        &plain,
        registry("did:web:school-a.example:providers:ecole-a").to_string(),
    )
    .unwrap();
    let out = app.cli(&["trust", "import", plain.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("registry \"FWB mobility partners\": 1 issuer(s) stored, 0 removed"),
        "{stdout}"
    );
    let out = app.cli(&["trust", "list"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("did:web:school-a.example:providers:ecole-a École A (BE)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("ECVET memorandum of understanding FWB-2025-17"),
        "{stdout}"
    );
    let listed: Value = app
        .http
        .get(app.url("/trust/issuers"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        listed["issuers"][0]["source"],
        "registry \"FWB mobility partners\""
    );

    // The same source imported again with nobody in it: the entry goes.
    let empty = dir.path().join("empty.json");
    std::fs::write(
        &empty,
        json!({"name": "FWB mobility partners", "issuers": []}).to_string(),
    )
    .unwrap();
    let out = app.cli(&["trust", "import", empty.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 issuer(s) stored, 1 removed"));
    // A file that breaks the schema is refused with the place it breaks.
    std::fs::write(
        &empty,
        json!({"name": "x", "issuers": [{"did": "did:web:x", "name": "X", "country": "Belgium",
        "authorisations": []}]})
        .to_string(),
    )
    .unwrap();
    let out = app.cli(&["trust", "import", empty.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("/issuers/0/country"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A signed file needs its signer named as an anchor.
    let jws = "eyJhbGciOiJFZERTQSIsImtpZCI6ImRpZDprZXk6ejZNa3Rlc3QjejZNa3Rlc3QifQ.e30.AAAA";
    std::fs::write(&empty, jws).unwrap();
    let out = app.cli(&["trust", "import", empty.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a configured trust anchor"));
}

#[tokio::test]
async fn an_admin_decides_a_recognition_from_the_console() {
    use crate::web::{Browser, PASSWORD, add_staff};
    let w = world(vec![]).await;
    let (_, r1) = bring(&w, json!(w.uaa1)).await;
    assert_eq!(r1["status"], "proposed", "{r1}");
    let (_, r2) = bring(&w, json!(w.uaa2)).await;
    assert_eq!(r2["status"], "proposed", "{r2}");
    assert_eq!(
        add_staff(&w.b, &w.pb.token, "jury@ecole-b.be", "admin")
            .await
            .status(),
        StatusCode::CREATED
    );
    let mut admin = Browser::new(&w.b);
    assert_eq!(
        admin.sign_in("jury@ecole-b.be", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    let (status, page) = admin
        .get(&format!("/console/learners/{}", w.b_learner))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(&w.pa.did) && page.contains("GARAGE v1 · G1"),
        "{page}"
    );
    let csrf = admin.csrf();
    // UAA1 as proposed (G1); UAA2 refused with a reason.
    let r = admin
        .post(
            &format!(
                "/console/recognitions/{}/decision",
                r1["id"].as_str().unwrap()
            ),
            &[
                ("csrf", &csrf),
                ("learner", &w.b_learner),
                ("unit", ""),
                ("decision", "accept"),
                ("reason", "Convention de partenariat"),
            ],
        )
        .await;
    let page = r.text().await.unwrap();
    assert!(page.contains("Décision enregistrée"), "{page}");
    let r = admin
        .post(
            &format!(
                "/console/recognitions/{}/decision",
                r2["id"].as_str().unwrap()
            ),
            &[
                ("csrf", &csrf),
                ("learner", &w.b_learner),
                ("unit", ""),
                ("decision", "refuse"),
                ("reason", "Acquis trop anciens"),
            ],
        )
        .await;
    let page = r.text().await.unwrap();
    assert!(
        page.contains("refusée") && page.contains("Acquis trop anciens"),
        "{page}"
    );
    let progress: Value =
        w.b.get(
            &w.pb.token,
            &format!("/v1/learners/{}/progress", w.b_learner),
        )
        .await
        .json()
        .await
        .unwrap();
    let units = &progress["qualifications"][0]["units"];
    assert_eq!(units[0]["status"], "recognised", "{progress}");
    assert_eq!(units[1]["status"], "pending", "{progress}");
    let list: Value =
        w.b.get(
            &w.pb.token,
            &format!("/v1/learners/{}/recognitions", w.b_learner),
        )
        .await
        .json()
        .await
        .unwrap();
    let decided: Vec<&str> = list["recognitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["decided_by"].as_str().unwrap())
        .collect();
    assert_eq!(
        decided,
        ["admin:staff:jury@ecole-b.be", "admin:staff:jury@ecole-b.be"]
    );
}
