"""Independent checks of unitcred's Europass output, with libraries unitcred does not use.

Usage: python3 check.py DIR, where DIR holds one or more NAME.sealed.json files: sealed EDCs
(JWS JSON with the EDC as unencoded payload) as unitcred's API served them. Prints one line
per check and exits non-zero on any failure.

- The EC's own unsigned sample is validated first (so the SHACL check is known to pass on a
  real EDC), in its documented variant, and a copy without hasClaim must fail.
- For each sealed EDC: its payload (the exact sealed bytes), expanded with the contexts shipped
  in schemas/europass (never fetched), is validated by pyshacl against the ELM shape
  EDC-generic-no-cv.ttl: zero violations; a copy without hasClaim must fail; jwcrypto verifies
  the JAdES seal (unencoded payload, RFC 7797) with the key of the certificate in x5c alone;
  a copy with one payload byte changed must fail.
"""
import base64
import copy
import json
import pathlib
import sys

from cryptography import x509
from jwcrypto import jwk, jws
from jwcrypto.common import JWSEHeaderParameter
from pyshacl import validate
from rdflib import Graph

ROOT = pathlib.Path(__file__).resolve().parents[2] / "schemas" / "europass"
CONTEXTS = {
    "https://www.w3.org/2018/credentials/v1": ROOT / "credentials-v1.jsonld",
    "http://data.europa.eu/snb/model/context/edc-ap": ROOT / "edc-ap-context.jsonld",
}
SHAPES = Graph().parse(ROOT / "EDC-generic-no-cv.ttl", format="turtle")
failures = []
# JAdES's signing time: a critical header jwcrypto must be told it may accept.
REGISTRY = {"sigT": JWSEHeaderParameter("JAdES signing time", True, True, None)}
# What the EC's 2023 unsigned sample lacks against the v1.1.0 shape: it predates `issued` and
# the issuer's eIDAS identifier (its signed twin carries the seal's). Those are the only
# violations allowed, and with both filled in the sample must conform outright.
SAMPLE_VARIANT = {
    "https://www.w3.org/2018/credentials#issued",
    "https://www.w3.org/2018/credentials#issuer",
    "http://data.europa.eu/snb/model/elm/eidasLegalIdentifier",
}


def complete_sample(sample):
    sample = copy.deepcopy(sample)
    sample["issued"] = sample["validFrom"]
    sample["issuer"]["eIDASIdentifier"] = {
        "id": "urn:epass:legalIdentifier:sample", "type": "LegalIdentifier",
        "notation": "IE-0000000", "spatial": sample["issuer"]["location"]["address"]["countryCode"],
    }
    return sample


def inline_contexts(doc):
    doc = copy.deepcopy(doc)
    ctx = doc["@context"]
    ctx = ctx if isinstance(ctx, list) else [ctx]
    doc["@context"] = [json.loads(CONTEXTS[c].read_text())["@context"] for c in ctx]
    return doc


def conforms(doc):
    data = Graph().parse(data=json.dumps(inline_contexts(doc)), format="json-ld")
    ok, report, text = validate(data, shacl_graph=SHAPES, inference="none", advanced=True)
    return ok, text, report


def violated_paths(report):
    q = """PREFIX sh: <http://www.w3.org/ns/shacl#>
           SELECT DISTINCT ?path WHERE { ?r a sh:ValidationResult ; sh:resultSeverity sh:Violation ;
           sh:resultPath ?path . }"""
    return {str(row.path) for row in report.query(q)}


def check(name, passed, detail=""):
    print(("ok  " if passed else "FAIL") + " " + name)
    if not passed:
        print(detail[:4000])
        failures.append(name)


def without_claims(edc):
    broken = copy.deepcopy(edc)
    del broken["credentialSubject"]["hasClaim"]
    return broken


def seal_checks(name, sealed):
    header = json.loads(base64.urlsafe_b64decode(sealed["signatures"][0]["protected"] + "=="))
    cert = x509.load_der_x509_certificate(base64.b64decode(header["x5c"][0]))
    key = jwk.JWK.from_pyca(cert.public_key())
    token = jws.JWS(header_registry=REGISTRY)
    token.deserialize(json.dumps(sealed))
    try:
        token.verify(key)
        check(f"{name}: jwcrypto verifies the seal with the x5c certificate", True)
    except Exception as e:  # noqa: BLE001 - any failure is a failed check
        check(f"{name}: jwcrypto verifies the seal with the x5c certificate", False, repr(e))
    tampered = copy.deepcopy(sealed)
    p = tampered["payload"]
    i = p.index("Person")
    tampered["payload"] = p[:i] + "Persom" + p[i + 6:]
    token = jws.JWS(header_registry=REGISTRY)
    token.deserialize(json.dumps(tampered))
    try:
        token.verify(key)
        check(f"{name}: jwcrypto refuses the seal of a changed payload", False, "verified")
    except Exception:  # noqa: BLE001
        check(f"{name}: jwcrypto refuses the seal of a changed payload", True)


def main(out):
    sample = json.loads((ROOT / "ec-sample-mc-annex1-unsigned.jsonld").read_text())
    _, text, report = conforms(sample)
    paths = violated_paths(report)
    check("EC sample conforms but for its documented variant (issued, eIDAS id)",
          paths <= SAMPLE_VARIANT, text + repr(paths))
    ok, text, _ = conforms(complete_sample(sample))
    check("EC sample with issued and an eIDAS identifier conforms outright", ok, text)
    ok, _, _ = conforms(without_claims(complete_sample(sample)))
    check("EC sample without hasClaim does not conform", not ok)

    files = sorted(out.glob("*.sealed.json"))
    if not files:
        check("sealed EDCs to check", False, f"none in {out}")
    for path in files:
        name = path.name.removesuffix(".sealed.json")
        sealed = json.loads(path.read_text())
        edc = json.loads(sealed["payload"])
        ok, text, _ = conforms(edc)
        check(f"{name}: the EDC conforms to EDC-generic-no-cv", ok, text)
        ok, _, _ = conforms(without_claims(edc))
        check(f"{name}: without hasClaim it does not conform", not ok)
        seal_checks(name, sealed)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1])))
