use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::*;

#[tokio::test]
async fn did_web_document_and_jwks_publish_public_keys_only() {
    let app = spawn_app().await;
    let p = app.create_provider("ecole-a").await;
    assert_eq!(p.did, "did:web:certif.test.example:providers:ecole-a");
    // did:web → https://certif.test.example/providers/ecole-a/did.json: served at that path.
    let r = app
        .http
        .get(app.url("/providers/ecole-a/did.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    let text = r.text().await.unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["id"], p.did.as_str());
    let methods = doc["verificationMethod"].as_array().unwrap();
    assert!(methods.iter().any(|m| {
        m["type"] == "Multikey"
            && m["publicKeyMultibase"]
                .as_str()
                .unwrap()
                .starts_with("z6Mk")
    }));
    assert!(
        methods
            .iter()
            .any(|m| m["type"] == "JsonWebKey" && m["publicKeyJwk"]["crv"] == "Ed25519")
    );
    assert_eq!(doc["assertionMethod"].as_array().unwrap().len(), 2);
    let jwks: Value = app
        .http
        .get(app.url("/providers/ecole-a/jwks.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let key = &jwks["keys"][0];
    assert!(
        key["kid"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{}#jwk-", p.did))
    );
    for body in [text, jwks.to_string()] {
        assert!(!body.contains("\"d\""), "no private JWK member");
        assert!(!body.contains("z3u2"), "no private multikey");
    }
    assert_eq!(
        app.http
            .get(app.url("/providers/nope/did.json"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn achievement_ids_dereference() {
    let app = spawn_app().await;
    let (p, _) = school(&app, "ecole-a").await;
    let _ = p;
    let r = app
        .http
        .get(app.url("/providers/ecole-a/achievements/MECA/v1/UAA2"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let a: Value = r.json().await.unwrap();
    assert_eq!(
        a["id"],
        format!("{PUBLIC_URL}/providers/ecole-a/achievements/MECA/v1/UAA2")
    );
    assert_eq!(a["creditsAvailable"], 12.5);
    let q: Value = app
        .http
        .get(app.url("/providers/ecole-a/achievements/MECA/v1"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(q["hasPart"].as_array().unwrap().len(), 3);
    assert_eq!(q["ecvetPoints"], 24.5);
}

#[tokio::test]
async fn openapi_documents_every_route() {
    let app = spawn_app().await;
    let doc: Value = app
        .http
        .get(app.url("/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let paths = doc["paths"].as_object().unwrap();
    let routes = [
        ("/v1/providers", "post"),
        ("/v1/provider", "get"),
        ("/v1/tokens", "post"),
        ("/v1/profiles", "post"),
        ("/v1/profiles", "get"),
        ("/v1/profiles/{code}/{version}", "get"),
        ("/v1/profiles/{code}/{version}", "put"),
        ("/v1/audit", "get"),
        ("/v1/keys", "get"),
        ("/v1/keys/rotate", "post"),
        ("/v1/keys/{key_ref}/compromised", "post"),
        ("/v1/learners", "post"),
        ("/v1/learners", "get"),
        ("/v1/learners/{id}", "get"),
        ("/v1/learners/{id}/assessments", "get"),
        ("/v1/assessments", "post"),
        ("/v1/assessments/import", "post"),
        ("/v1/learners/{id}/progress", "get"),
        ("/v1/learners/{id}/clr", "get"),
        ("/v1/awards", "get"),
        ("/v1/awards/{id}/decision", "post"),
        ("/v1/credentials", "get"),
        ("/v1/credentials/{id}", "get"),
        ("/credentials/verify", "post"),
        ("/providers/{slug}/did.json", "get"),
        ("/providers/{slug}/jwks.json", "get"),
        ("/providers/{slug}/achievements/{code}/{version}", "get"),
        (
            "/providers/{slug}/achievements/{code}/{version}/{unit}",
            "get",
        ),
        ("/schemas/{name}", "get"),
        ("/v1/credentials/{id}/revoke", "post"),
        ("/v1/credentials/{id}/suspend", "post"),
        ("/v1/credentials/{id}/reinstate", "post"),
        ("/v1/reviews", "get"),
        ("/v1/reviews/{id}/decision", "post"),
        ("/providers/{slug}/status/{purpose}/{list}", "get"),
        ("/openapi.json", "get"),
        ("/trust/issuers", "get"),
        ("/v1/trust/registry", "post"),
        ("/v1/trust/issuers", "put"),
        ("/v1/trust/issuers/{did}", "delete"),
        ("/v1/profiles/{code}/{version}/recognition-table", "get"),
        ("/v1/profiles/{code}/{version}/recognition-table", "put"),
        ("/v1/learners/{id}/recognitions", "post"),
        ("/v1/learners/{id}/recognitions", "get"),
        ("/v1/recognitions/{id}", "get"),
        ("/v1/recognitions/{id}/decision", "post"),
        ("/credentials/verify-bundle", "post"),
        ("/v1/learners/{id}/access", "post"),
        ("/v1/learners/{id}/access", "get"),
        ("/v1/learner-access/{id}/revoke", "post"),
        ("/learner/v1/me", "get"),
        ("/learner/v1/credentials/{id}", "get"),
        ("/learner/v1/clr", "get"),
        ("/learner/v1/bundle", "get"),
        ("/verify/{id}", "get"),
        ("/v1/seal", "get"),
        ("/v1/seal", "put"),
        ("/trust/seal-cas", "get"),
        ("/v1/trust/seal-cas", "post"),
        ("/v1/trust/seal-cas/{sha256}", "delete"),
        ("/v1/companies", "post"),
        ("/v1/companies", "get"),
        ("/v1/companies/{id}/placements", "post"),
        ("/v1/companies/{id}/learners", "get"),
        ("/v1/workplace-results", "get"),
        ("/v1/workplace-results/{id}/cosignature", "post"),
        ("/v1/validations", "post"),
        ("/v1/validations", "get"),
        ("/v1/validations/{id}", "get"),
        ("/v1/validations/{id}/portfolio", "post"),
        ("/v1/validations/{id}/portfolio/{item}", "get"),
        ("/v1/validations/{id}/portfolio/{item}", "delete"),
        ("/v1/validations/{id}/decisions", "post"),
        (
            "/.well-known/openid-credential-issuer/providers/{slug}",
            "get",
        ),
        (
            "/.well-known/oauth-authorization-server/providers/{slug}",
            "get",
        ),
        ("/v1/credentials/{id}/offer", "post"),
        ("/learner/v1/credentials/{id}/offer", "post"),
        ("/providers/{slug}/oid4vci/token", "post"),
        ("/providers/{slug}/oid4vci/nonce", "post"),
        ("/providers/{slug}/oid4vci/credential", "post"),
        ("/v1/learners/{id}/bundle", "get"),
        ("/v1/staff", "post"),
        ("/v1/staff", "get"),
        ("/v1/staff/{id}/disable", "post"),
        ("/v1/imports", "post"),
        ("/v1/imports/{id}", "get"),
        ("/health", "get"),
        ("/credentials/issue", "post"),
        ("/jcs/credentials/issue", "post"),
        ("/jwt/credentials/issue", "post"),
        ("/credentials/status", "post"),
        ("/presentations/verify", "post"),
        ("/presentations/challenges", "post"),
        ("/oid4vp/response", "post"),
        ("/v1/learners/{id}/offer", "post"),
        ("/learner/v1/offer", "post"),
    ];
    for (path, method) in routes {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} is not documented"
        );
    }
    let documented: usize = paths.values().map(|p| p.as_object().unwrap().len()).sum();
    assert_eq!(
        documented,
        routes.len(),
        "the document lists a route the server does not serve"
    );
    let health: Value = app
        .http
        .get(app.url("/health"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");
}
