//! Offline document loader: pinned, hash-checked contexts plus a per-loader cache of
//! processed active contexts.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, OnceLock, RwLock};

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::JsonLdError;
use super::active::ActiveContext;

/// The shipped context files, embedded at compile time. `contexts/index.json` maps
/// each URL to one of these names and its SHA-256.
const FILES: &[(&str, &str)] = &[
    (
        "credentials-v2.jsonld",
        include_str!("contexts/credentials-v2.jsonld"),
    ),
    (
        "data-integrity-v2.jsonld",
        include_str!("contexts/data-integrity-v2.jsonld"),
    ),
    (
        "multikey-v1.jsonld",
        include_str!("contexts/multikey-v1.jsonld"),
    ),
    ("jwk-v1.jsonld", include_str!("contexts/jwk-v1.jsonld")),
    (
        "status-v1.jsonld",
        include_str!("contexts/status-v1.jsonld"),
    ),
    ("cid-v1.jsonld", include_str!("contexts/cid-v1.jsonld")),
    ("did-v1.jsonld", include_str!("contexts/did-v1.jsonld")),
    (
        "ob-v3p0-context-3.0.3.json",
        include_str!("contexts/ob-v3p0-context-3.0.3.json"),
    ),
    (
        "ob-v3p0-extensions.json",
        include_str!("contexts/ob-v3p0-extensions.json"),
    ),
    (
        "clr-v2p0-context-2.0.1.json",
        include_str!("contexts/clr-v2p0-context-2.0.1.json"),
    ),
];
const INDEX: &str = include_str!("contexts/index.json");

/// Upper bound on cached processed contexts per loader; past it the cache is reset
/// (documents with ever-new inline contexts must not grow memory without bound).
const MAX_CACHE_ENTRIES: usize = 4096;

enum Source {
    Pinned { text: &'static str, sha256: String },
    Extra(Value),
}

struct Doc {
    source: Source,
    /// The document's `@context` value, parsed (and for pinned files hash-checked) once.
    parsed: OnceLock<Result<Arc<Value>, JsonLdError>>,
}

/// What a processed context was derived from (together with the id of the active
/// context it was applied to).
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) enum Origin {
    /// A `@context` value embedded in a document, keyed by its JSON serialization.
    Json(String),
    /// A scoped context held by a term definition, keyed by its `Arc` address. The
    /// cache entry keeps that `Arc` alive, so the address cannot be reused meanwhile.
    Scoped(usize),
}

#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct CacheKey {
    pub active: u64,
    pub origin: Origin,
    pub override_protected: bool,
    pub propagate: bool,
}

type CacheVal = (Arc<ActiveContext>, Option<Arc<Value>>);

/// A pinned, offline document loader: only the URLs in contexts/index.json, plus extras
/// registered by tests.
pub struct ContextLoader {
    docs: HashMap<String, Doc>,
    init_error: Option<JsonLdError>,
    initial: Arc<ActiveContext>,
    cache: RwLock<HashMap<CacheKey, CacheVal>>,
}

static PINNED: LazyLock<ContextLoader> = LazyLock::new(ContextLoader::build_pinned);

/// The W3C examples context, `https://www.w3.org/ns/credentials/examples/v2`: one `@vocab`
/// mapping that defines every term. The specifications' examples and the W3C conformance
/// suites use it; a server accepts it only when told to (`--example-contexts`), since it
/// turns any undefined term into a signed claim.
pub const EXAMPLES_V2: &str = "https://www.w3.org/ns/credentials/examples/v2";

static WITH_EXAMPLES: LazyLock<ContextLoader> = LazyLock::new(|| {
    ContextLoader::with_extra(vec![(
        EXAMPLES_V2.to_owned(),
        serde_json::json!({"@context": {"@vocab": "https://www.w3.org/ns/credentials/examples#"}}),
    )])
});

impl ContextLoader {
    /// The shipped set of contexts. Each file's SHA-256 is checked against the index
    /// the first time it is used; a mismatch makes every use fail with `ContextHash`.
    pub fn pinned() -> &'static ContextLoader {
        &PINNED
    }

    /// The pinned set plus the W3C examples context (see [`EXAMPLES_V2`]).
    pub fn with_examples() -> &'static ContextLoader {
        &WITH_EXAMPLES
    }

    /// The pinned set plus additional `(url, document)` pairs (e.g. the W3C examples
    /// context in tests). Extras never override a pinned URL.
    pub fn with_extra(extra: Vec<(String, Value)>) -> ContextLoader {
        let mut loader = Self::build_pinned();
        for (url, doc) in extra {
            loader.docs.entry(url).or_insert(Doc {
                source: Source::Extra(doc),
                parsed: OnceLock::new(),
            });
        }
        loader
    }

    /// The shipped context files as `(url, file name, text)`, and the index that pins them
    /// (for bundles that must verify without this program).
    pub fn shipped() -> (Vec<(String, &'static str, &'static str)>, &'static str) {
        let index: HashMap<String, Value> = serde_json::from_str(INDEX).unwrap_or_default();
        let mut out: Vec<(String, &'static str, &'static str)> = index
            .iter()
            .filter_map(|(url, entry)| {
                let file = entry.get("file")?.as_str()?;
                let (name, text) = FILES.iter().find(|(n, _)| *n == file)?;
                Some((url.clone(), *name, *text))
            })
            .collect();
        out.sort();
        (out, INDEX)
    }

    /// The first item of a document's `@context` that cannot be processed without fetching:
    /// neither a shipped URL nor an embedded context object.
    pub fn first_unknown<'a>(&self, context: Option<&'a Value>) -> Option<&'a Value> {
        let items: Vec<&Value> = match context {
            Some(Value::Array(a)) => a.iter().collect(),
            Some(other) => vec![other],
            None => Vec::new(),
        };
        items
            .into_iter()
            .find(|c| !(c.is_object() || c.as_str().is_some_and(|u| self.is_known(u))))
    }

    /// Whether `url` can be resolved by this loader.
    pub fn is_known(&self, url: &str) -> bool {
        self.docs.contains_key(url)
    }

    /// Checks every pinned file against its digest now (rather than lazily).
    pub fn verify_all(&self) -> Result<(), JsonLdError> {
        if let Some(e) = &self.init_error {
            return Err(e.clone());
        }
        for url in self.docs.keys() {
            self.context_of(url)?;
        }
        Ok(())
    }

    fn build_pinned() -> ContextLoader {
        let mut docs = HashMap::new();
        let init_error = Self::read_index(&mut docs).err();
        ContextLoader {
            docs,
            init_error,
            initial: Arc::new(ActiveContext::empty()),
            cache: RwLock::new(HashMap::new()),
        }
    }

    fn read_index(docs: &mut HashMap<String, Doc>) -> Result<(), JsonLdError> {
        let index: Value = serde_json::from_str(INDEX)
            .map_err(|e| JsonLdError::ContextHash(format!("contexts/index.json: {e}")))?;
        let entries = index
            .as_object()
            .ok_or_else(|| JsonLdError::ContextHash("contexts/index.json: not an object".into()))?;
        for (url, entry) in entries {
            let file = entry.get("file").and_then(Value::as_str);
            let sha = entry.get("sha256").and_then(Value::as_str);
            let (Some(file), Some(sha)) = (file, sha) else {
                return Err(JsonLdError::ContextHash(format!("index entry for {url}")));
            };
            let text = FILES
                .iter()
                .find(|(name, _)| *name == file)
                .map(|(_, text)| *text)
                .ok_or_else(|| JsonLdError::ContextHash(format!("{file} is not embedded")))?;
            docs.insert(
                url.clone(),
                Doc {
                    source: Source::Pinned {
                        text,
                        sha256: sha.to_ascii_lowercase(),
                    },
                    parsed: OnceLock::new(),
                },
            );
        }
        Ok(())
    }

    /// The empty initial active context of this loader (stable id, so cache hits work).
    pub(crate) fn initial(&self) -> Result<&Arc<ActiveContext>, JsonLdError> {
        match &self.init_error {
            Some(e) => Err(e.clone()),
            None => Ok(&self.initial),
        }
    }

    /// The `@context` entry of the document served for `url` (JSON-LD 1.1 API §4.1.2
    /// step 5.2.5: a remote context must be a map with an `@context` entry).
    pub(crate) fn context_of(&self, url: &str) -> Result<Arc<Value>, JsonLdError> {
        let doc = self
            .docs
            .get(url)
            .ok_or_else(|| JsonLdError::UnknownContext(url.to_string()))?;
        doc.parsed
            .get_or_init(|| {
                let value = match &doc.source {
                    Source::Pinned { text, sha256 } => {
                        let digest = Sha256::digest(text.as_bytes());
                        let actual = hex(&digest);
                        if &actual != sha256 {
                            return Err(JsonLdError::ContextHash(format!(
                                "{url}: expected {sha256}, got {actual}"
                            )));
                        }
                        serde_json::from_str::<Value>(text)
                            .map_err(|e| JsonLdError::InvalidContext(format!("{url}: {e}")))?
                    }
                    Source::Extra(v) => v.clone(),
                };
                match value {
                    Value::Object(mut m) => m.remove("@context").map(Arc::new).ok_or_else(|| {
                        JsonLdError::InvalidContext(format!("{url}: no @context entry"))
                    }),
                    _ => Err(JsonLdError::InvalidContext(format!("{url}: not an object"))),
                }
            })
            .clone()
    }

    pub(crate) fn cache_get(&self, key: &CacheKey) -> Option<Arc<ActiveContext>> {
        let guard = self.cache.read().ok()?;
        guard.get(key).map(|(c, _)| c.clone())
    }

    pub(crate) fn cache_put(
        &self,
        key: CacheKey,
        ctx: Arc<ActiveContext>,
        keep: Option<Arc<Value>>,
    ) {
        if let Ok(mut guard) = self.cache.write() {
            if guard.len() >= MAX_CACHE_ENTRIES {
                guard.clear();
            }
            guard.insert(key, (ctx, keep));
        }
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}
