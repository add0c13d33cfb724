#!/usr/bin/env python3
"""Independent cross-check of the Rust canonicalizer with pyld (dev tool, not shipped).

Produces RDFC-1.0 / URDNA2015 canonical N-Quads with pyld for every
`tests/vectors/pyld/<name>.json` and writes them next to it as `<name>.nq`. The Rust
unit tests assert that `crate::jsonld::canonicalize` yields byte-identical output.

The document loader serves only the pinned contexts listed in
`src/jsonld/contexts/index.json` (nothing is fetched from the network) plus the W3C
examples context used by the W3C test vectors.

Regenerate fixtures (from the crate root):

    pip install pyld            # tested with PyLD 3.3.0
    python3 tools/pyld_canon.py            # all tests/vectors/pyld/*.json
    python3 tools/pyld_canon.py a.json ... # selected inputs, prints to stdout

Note: pyld escapes only \\ \" \\n \\r \\t in literals; the canonical form (and rdf-canonize)
also escapes the other control characters, so fixtures avoid them (the Rust unit tests
cover that escaping separately).
"""

import hashlib
import json
import os
import sys

from pyld import jsonld

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CTX_DIR = os.path.join(ROOT, "src", "jsonld", "contexts")
FIXTURES = os.path.join(ROOT, "tests", "vectors", "pyld")

EXTRA = {
    "https://www.w3.org/ns/credentials/examples/v2": {
        "@context": {"@vocab": "https://www.w3.org/ns/credentials/examples#"}
    }
}


def _load_pinned():
    with open(os.path.join(CTX_DIR, "index.json"), encoding="utf-8") as f:
        index = json.load(f)
    docs = {}
    for url, entry in index.items():
        with open(os.path.join(CTX_DIR, entry["file"]), "rb") as f:
            raw = f.read()
        digest = hashlib.sha256(raw).hexdigest()
        if digest != entry["sha256"]:
            raise SystemExit(f"hash mismatch for {url}: {digest}")
        docs[url] = json.loads(raw)
    docs.update(EXTRA)
    return docs


PINNED = _load_pinned()


def loader(url, options=None):
    if url not in PINNED:
        raise jsonld.JsonLdError(
            f"context {url} is not pinned", "jsonld.LoadDocumentError", code="loading document failed"
        )
    return {"contextUrl": None, "documentUrl": url, "document": PINNED[url]}


def canonicalize(doc):
    out = jsonld.normalize(
        doc,
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": loader,
        },
    )
    # pyld is not a Data Integrity "safe mode" processor: it resolves relative IRIs
    # against a default base instead of failing. Refuse such fixtures.
    if jsonld.DEFAULT_BASE_IRI in out:
        raise SystemExit("document uses relative IRIs (would be DataLoss in Rust)")
    return out


def main(argv):
    if len(argv) > 1:
        for path in argv[1:]:
            with open(path, encoding="utf-8") as f:
                sys.stdout.write(canonicalize(json.load(f)))
        return
    for name in sorted(os.listdir(FIXTURES)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
            doc = json.load(f)
        out = canonicalize(doc)
        target = os.path.join(FIXTURES, name[: -len(".json")] + ".nq")
        with open(target, "w", encoding="utf-8", newline="\n") as f:
            f.write(out)
        print(f"{name}: {out.count(chr(10))} quads")


if __name__ == "__main__":
    main(sys.argv)
