//! Unit tests: published vectors, pyld cross-checks, negative cases, robustness.

use super::*;
use serde_json::{Value, json};

macro_rules! vector {
    ($path:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/vectors/",
            $path
        ))
    };
}

fn parse(s: &str) -> Value {
    match serde_json::from_str(s) {
        Ok(v) => v,
        Err(e) => panic!("bad test JSON: {e}"),
    }
}

fn canon(doc: &Value, loader: &ContextLoader) -> String {
    match canonicalize(doc, loader) {
        Ok(s) => s,
        Err(e) => panic!("canonicalize failed: {e}"),
    }
}

fn examples_loader() -> ContextLoader {
    ContextLoader::with_extra(vec![(
        "https://www.w3.org/ns/credentials/examples/v2".to_string(),
        json!({"@context": {"@vocab": "https://www.w3.org/ns/credentials/examples#"}}),
    )])
}

#[test]
fn w3c_eddsa_rdfc_2022_document() {
    let mut doc = parse(vector!(
        "w3c-vc-di-eddsa/eddsa-rdfc-2022/signedDataInt.json"
    ));
    if let Some(m) = doc.as_object_mut() {
        m.remove("proof");
    }
    let got = canon(&doc, &examples_loader());
    assert_eq!(
        got,
        vector!("w3c-vc-di-eddsa/eddsa-rdfc-2022/canonDocDataInt.txt")
    );
}

#[test]
fn w3c_eddsa_rdfc_2022_proof_config() {
    let doc = parse(vector!(
        "w3c-vc-di-eddsa/eddsa-rdfc-2022/proofConfigDataInt.json"
    ));
    let got = canon(&doc, &examples_loader());
    assert_eq!(
        got,
        vector!("w3c-vc-di-eddsa/eddsa-rdfc-2022/proofCanonDataInt.txt")
    );
}

#[test]
fn obv3p0_document_and_proof() {
    let doc = parse(vector!("1edtech-ob/obv3p0/document.json"));
    let got = canon(&doc, ContextLoader::pinned());
    assert_eq!(got, vector!("1edtech-ob/obv3p0/document-canon.txt"));
    let proof = parse(vector!("1edtech-ob/obv3p0/proof-config.json"));
    let got = canon(&proof, ContextLoader::pinned());
    assert_eq!(got, vector!("1edtech-ob/obv3p0/proof-canon.txt"));
}

#[test]
fn clrv2p0_document_and_proof() {
    let doc = parse(vector!("1edtech-ob/clrv2p0/document.json"));
    let got = canon(&doc, ContextLoader::pinned());
    assert_eq!(got, vector!("1edtech-ob/clrv2p0/document-canon.txt"));
    let proof = parse(vector!("1edtech-ob/clrv2p0/proof-config.json"));
    let got = canon(&proof, ContextLoader::pinned());
    assert_eq!(got, vector!("1edtech-ob/clrv2p0/proof-canon.txt"));
}

macro_rules! pyld_case {
    ($name:ident, $file:literal) => {
        #[test]
        fn $name() {
            let doc = parse(include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/vectors/pyld/",
                $file,
                ".json"
            )));
            let got = canon(&doc, ContextLoader::pinned());
            let want = include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/vectors/pyld/",
                $file,
                ".nq"
            ));
            assert_eq!(got, want, "fixture {}", $file);
        }
    };
}

pyld_case!(pyld_a_ob_unit_credential, "a_ob_unit_credential");
pyld_case!(pyld_b_ob_with_proof, "b_ob_unit_credential_with_proof");
pyld_case!(pyld_c_clr_credential, "c_clr_credential");
pyld_case!(pyld_d_did_document, "d_did_document");
pyld_case!(pyld_e_status_list, "e_status_list_credential");
pyld_case!(pyld_f_strings, "f_strings_escaping");
pyld_case!(pyld_g_ndegree, "g_ndegree_blank_nodes");
pyld_case!(pyld_h_presentation, "h_presentation_graph_containers");

fn err_of(doc: Value) -> JsonLdError {
    match canonicalize(&doc, ContextLoader::pinned()) {
        Ok(s) => panic!("expected an error, got:\n{s}"),
        Err(e) => e,
    }
}

#[test]
fn unknown_context_is_rejected() {
    let e = err_of(json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://evil.example/ctx.jsonld"],
        "type": "VerifiableCredential"
    }));
    assert_eq!(
        e,
        JsonLdError::UnknownContext("https://evil.example/ctx.jsonld".into())
    );
    assert_eq!(e.code(), "unknown_context");
    assert!(!ContextLoader::pinned().is_known("https://evil.example/ctx.jsonld"));
    assert!(ContextLoader::pinned().is_known("https://www.w3.org/ns/credentials/v2"));
    // The examples context is only available when registered.
    let e = err_of(json!({"@context": "https://www.w3.org/ns/credentials/examples/v2", "a": 1}));
    assert_eq!(e.code(), "unknown_context");
}

#[test]
fn undefined_term_without_vocab_is_data_loss() {
    let e = err_of(json!({
        "@context": ["https://www.w3.org/ns/did/v1"],
        "id": "did:web:example.com",
        "favouriteColour": "blue"
    }));
    assert!(
        matches!(&e, JsonLdError::DataLoss(m) if m.contains("favouriteColour")),
        "{e:?}"
    );
    assert_eq!(e.code(), "data_loss");
}

#[test]
fn relative_iris_are_data_loss() {
    let base = |id: Value| {
        json!({
            "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
            "id": id,
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": "did:web:example.com"
        })
    };
    assert_eq!(err_of(base(json!("credentials/42"))).code(), "data_loss");
    // A relative IRI in an @id-coerced value.
    let mut doc = base(json!("urn:uuid:1"));
    doc["issuer"] = json!("issuers/1");
    assert_eq!(err_of(doc).code(), "data_loss");
    // A relative type.
    let mut doc = base(json!("urn:uuid:1"));
    doc["type"] = json!(["VerifiableCredential", "NotAType"]);
    assert_eq!(err_of(doc).code(), "data_loss");
    // VC v2 has no @vocab: an undefined term is data loss too.
    let mut doc = base(json!("urn:uuid:1"));
    doc["favouriteColour"] = json!("blue");
    assert_eq!(err_of(doc).code(), "data_loss");
    // So is a credentialSchema type without the OB extensions context.
    let mut doc = base(json!("urn:uuid:1"));
    doc["credentialSchema"] =
        json!({"id": "https://example.com/s.json", "type": "1EdTechJsonSchemaValidator2019"});
    assert_eq!(err_of(doc).code(), "data_loss");
}

#[test]
fn other_invalid_inputs() {
    // Free-floating scalar at top level.
    assert_eq!(err_of(json!(["just a string"])).code(), "data_loss");
    // Protected term redefinition.
    let e = err_of(json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", {"name": "https://evil.example/name"}],
        "type": "VerifiableCredential"
    }));
    assert_eq!(e.code(), "invalid_context");
    // Remote context that is not absolute.
    assert_eq!(
        err_of(json!({"@context": "ctx.jsonld"})).code(),
        "unknown_context"
    );
}

#[test]
fn pinned_context_hashes_verify() {
    assert_eq!(ContextLoader::pinned().verify_all(), Ok(()));
    // Each embedded file hashes to the published digests (SOURCES.md / the specs).
    let index: Value = parse(include_str!("contexts/index.json"));
    assert_eq!(
        index["https://www.w3.org/ns/credentials/v2"]["sha256"],
        "59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734"
    );
    assert_eq!(index.as_object().map(|m| m.len()), Some(10));
}

#[test]
fn nquads_escaping() {
    let q = Quad {
        subject: Term::Iri("http://example.org/s".into()),
        predicate: "http://example.org/p".into(),
        object: Term::Literal {
            value: "q\"b\\n\nr\rt\tb\u{8}f\u{c}nul\u{0}vt\u{b}del\u{7f} é🚗".into(),
            datatype: "http://www.w3.org/2001/XMLSchema#string".into(),
            language: None,
        },
        graph: None,
    };
    let out = canonicalize_quads(&[q]).unwrap_or_default();
    assert_eq!(
        out,
        "<http://example.org/s> <http://example.org/p> \"q\\\"b\\\\n\\nr\\rt\\tb\\bf\\fnul\\u0000vt\\u000Bdel\\u007F é🚗\" .\n"
    );
    // Round trip through the parser.
    let parsed = parse_nquads(&out).unwrap_or_default();
    assert_eq!(canonicalize_quads(&parsed).unwrap_or_default(), out);
}

#[test]
fn double_formatting() {
    use super::to_rdf::canonical_double;
    let es_number =
        |f: f64, _: Option<String>| crate::support::jcs::ecmascript_number(f).unwrap_or_default();
    assert_eq!(canonical_double(4.5), "4.5E0");
    assert_eq!(canonical_double(2.5), "2.5E0");
    assert_eq!(canonical_double(1.1), "1.1E0");
    assert_eq!(canonical_double(0.1 + 0.2), "3.0E-1"); // 15 digits, like toExponential(15)
    assert_eq!(canonical_double(1e21), "1.0E21");
    assert_eq!(canonical_double(-0.00015), "-1.5E-4");
    assert_eq!(es_number(1.5e-7, None), "1.5e-7");
    assert_eq!(es_number(1e21, None), "1e+21");
    assert_eq!(es_number(123456789.125, None), "123456789.125");
    assert_eq!(es_number(0.000001, None), "0.000001");
}

const PYLD_FIXTURES: &[(&str, &str)] = &[
    (
        vector!("pyld/a_ob_unit_credential.json"),
        vector!("pyld/a_ob_unit_credential.nq"),
    ),
    (
        vector!("pyld/c_clr_credential.json"),
        vector!("pyld/c_clr_credential.nq"),
    ),
    (
        vector!("pyld/d_did_document.json"),
        vector!("pyld/d_did_document.nq"),
    ),
    (
        vector!("pyld/g_ndegree_blank_nodes.json"),
        vector!("pyld/g_ndegree_blank_nodes.nq"),
    ),
    (
        vector!("pyld/h_presentation_graph_containers.json"),
        vector!("pyld/h_presentation_graph_containers.nq"),
    ),
];

/// Deterministically permutes every object's key order (and optionally rotates arrays
/// that are semantically sets).
fn reorder(v: &Value, salt: usize) -> Value {
    match v {
        Value::Object(m) => {
            let mut entries: Vec<(&String, &Value)> = m.iter().collect();
            entries.reverse();
            let len = entries.len();
            if len > 1 {
                entries.rotate_left(salt % len);
            }
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, x)| (k.clone(), reorder(x, salt + 1)))
                    .collect(),
            )
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| reorder(x, salt + 3)).collect()),
        other => other.clone(),
    }
}

#[test]
fn independent_of_json_key_order() {
    for (input, want) in PYLD_FIXTURES {
        let doc = parse(input);
        for salt in 0..3 {
            assert_eq!(canon(&reorder(&doc, salt), ContextLoader::pinned()), *want);
        }
    }
}

#[test]
fn independent_of_blank_node_labels_and_quad_order() {
    for (_, want) in PYLD_FIXTURES {
        let quads = parse_nquads(want).unwrap_or_default();
        let relabel = |t: &Term| match t {
            Term::BlankNode(l) => {
                Term::BlankNode(format!("x{}", l.chars().rev().collect::<String>()))
            }
            other => other.clone(),
        };
        let mut shuffled: Vec<Quad> = quads
            .iter()
            .map(|q| Quad {
                subject: relabel(&q.subject),
                predicate: q.predicate.clone(),
                object: relabel(&q.object),
                graph: q.graph.as_ref().map(relabel),
            })
            .collect();
        shuffled.reverse();
        // A duplicate must not change anything (datasets are sets).
        if let Some(first) = shuffled.first().cloned() {
            shuffled.push(first);
        }
        assert_eq!(canonicalize_quads(&shuffled).as_deref(), Ok(*want));
    }
}

#[test]
fn to_rdf_matches_canonical_dataset() {
    let doc = parse(vector!("1edtech-ob/clrv2p0/document.json"));
    let quads = to_rdf(&doc, ContextLoader::pinned()).unwrap_or_default();
    assert_eq!(quads.len(), 49);
    assert_eq!(
        canonicalize_quads(&quads).as_deref(),
        Ok(vector!("1edtech-ob/clrv2p0/document-canon.txt"))
    );
}

#[test]
fn published_vector_hashes() {
    use sha2::{Digest, Sha256};
    let h = |s: &str| super::loader::hex(&Sha256::digest(s.as_bytes()));
    assert!(h(vector!("1edtech-ob/obv3p0/document-canon.txt")).starts_with("87f65a76"));
    assert!(h(vector!("1edtech-ob/obv3p0/proof-canon.txt")).starts_with("d34009ce"));
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let mut v = json!({"narrative": "x"});
    for _ in 0..500 {
        v = json!({"type": "Achievement", "criteria": v});
    }
    let doc = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "type": "VerifiableCredential",
        "credentialSubject": {"type": "AchievementSubject", "achievement": v}
    });
    assert_eq!(err_of(doc).code(), "invalid_input");
    let mut arr = json!("x");
    for _ in 0..500 {
        arr = json!([arr]);
    }
    assert_eq!(
        err_of(json!({"@context": {"@vocab": "urn:x:"}, "p": arr})).code(),
        "invalid_input"
    );
}

#[test]
fn huge_arrays_are_fine() {
    let tags: Vec<Value> = (0..20_000).map(|i| json!(format!("tag-{i}"))).collect();
    let alignments: Vec<Value> = (0..300)
        .map(|i| json!({"type": ["Alignment"], "targetName": format!("n{i}"), "targetUrl": format!("https://example.com/{i}")}))
        .collect();
    let doc = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:1",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": "did:web:example.com",
        "credentialSubject": {"type": "AchievementSubject", "achievement": {
            "id": "urn:uuid:2", "type": "Achievement", "tag": tags, "alignment": alignments
        }}
    });
    let out = canon(&doc, ContextLoader::pinned());
    // 4 credential + 2 subject + 1 achievement type + tags + 4 per alignment.
    assert_eq!(out.lines().count(), 7 + 20_000 + 300 * 4);
}

#[test]
fn poison_graph_hits_work_limit() {
    // A clique of indistinguishable blank nodes: N-degree hashing explodes factorially.
    let n = 12;
    let mut quads = Vec::new();
    for i in 0..n {
        for j in 0..n {
            if i != j {
                quads.push(Quad {
                    subject: Term::BlankNode(format!("n{i}")),
                    predicate: "http://example.org/p".into(),
                    object: Term::BlankNode(format!("n{j}")),
                    graph: None,
                });
            }
        }
    }
    let started = std::time::Instant::now();
    assert_eq!(canonicalize_quads(&quads), Err(JsonLdError::TooComplex));
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    // A small symmetric graph still canonicalizes.
    let small: Vec<Quad> = quads
        .iter()
        .filter(|q| {
            let ok = |t: &Term| matches!(t, Term::BlankNode(l) if ["n0", "n1", "n2"].contains(&l.as_str()));
            ok(&q.subject) && ok(&q.object)
        })
        .cloned()
        .collect();
    let out = canonicalize_quads(&small).unwrap_or_default();
    assert_eq!(out.lines().count(), 6);
    assert!(out.starts_with("_:c14n0 <http://example.org/p> _:c14n1 .\n"));
}

#[test]
fn public_types_are_send_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<ContextLoader>();
    assert_send_sync::<JsonLdError>();
    assert_send_sync::<Quad>();
}
