//! Active contexts and their term definitions (JSON-LD 1.1 API §4.1, §4.2), and IRI
//! expansion (§5.2) against them: what processing a context produces and what expansion
//! reads. Processing itself is in `context`; the loader caches active contexts by key.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::Value;

use super::types::S;

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// FxHash-style hasher for the term table: its keys come from the pinned contexts and
/// lookups are hot, so SipHash's DoS resistance buys nothing here.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.write(&[b]);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type TermMap = HashMap<Arc<str>, Arc<TermDef>, std::hash::BuildHasherDefault<FxHasher>>;

pub(crate) const C_SET: u8 = 1;
pub(crate) const C_LIST: u8 = 2;
pub(crate) const C_GRAPH: u8 = 4;
pub(crate) const C_LANGUAGE: u8 = 8;
pub(crate) const C_INDEX: u8 = 16;
pub(crate) const C_ID: u8 = 32;
pub(crate) const C_TYPE: u8 = 64;

/// A processed term definition (§4.2.2), with all IRIs already expanded and interned.
#[derive(Debug, Clone)]
pub(crate) struct TermDef {
    /// `None`: the term is explicitly mapped to null (its values are dropped).
    pub iri: Option<Arc<str>>,
    pub reverse: bool,
    pub type_mapping: Option<Arc<str>>,
    pub container: u8,
    /// `Some(None)`: `@language: null` on the term.
    pub language: Option<Option<Arc<str>>>,
    pub direction: Option<Option<Arc<str>>>,
    /// Scoped context, kept unprocessed: it is applied (and cached) on use.
    pub context: Option<Arc<Value>>,
    pub index: Option<String>,
    pub protected: bool,
    pub prefix: bool,
}

impl TermDef {
    pub(crate) fn new() -> Self {
        TermDef {
            iri: None,
            reverse: false,
            type_mapping: None,
            container: 0,
            language: None,
            direction: None,
            context: None,
            index: None,
            protected: false,
            prefix: false,
        }
    }

    /// §4.2.2 step 27: equality of two definitions "other than the value of protected".
    pub(crate) fn same_as(&self, o: &TermDef) -> bool {
        self.iri == o.iri
            && self.reverse == o.reverse
            && self.type_mapping == o.type_mapping
            && self.container == o.container
            && self.language == o.language
            && self.direction == o.direction
            && self.index == o.index
            && self.prefix == o.prefix
            && match (&self.context, &o.context) {
                (None, None) => true,
                (Some(a), Some(b)) => a == b,
                _ => false,
            }
    }
}

/// An active context. Immutable once built and shared through `Arc`; `id` is unique per
/// instance and keys the processed-context cache.
#[derive(Debug)]
pub(crate) struct ActiveContext {
    pub id: u64,
    pub terms: TermMap,
    pub vocab: Option<Arc<str>>,
    pub language: Option<Arc<str>>,
    pub direction: Option<Arc<str>>,
    /// Set by type-scoped (non-propagated) contexts: the context to revert to when
    /// descending into a new node object (§4.1.2 step 3, §5.1.2 step 7).
    pub previous: Option<Arc<ActiveContext>>,
}

impl ActiveContext {
    pub(crate) fn empty() -> Self {
        ActiveContext {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            terms: TermMap::default(),
            vocab: None,
            language: None,
            direction: None,
            previous: None,
        }
    }

    pub(crate) fn derive(&self) -> Self {
        ActiveContext {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            terms: self.terms.clone(),
            vocab: self.vocab.clone(),
            language: self.language.clone(),
            direction: self.direction.clone(),
            previous: self.previous.clone(),
        }
    }

    pub(crate) fn term(&self, t: &str) -> Option<&Arc<TermDef>> {
        self.terms.get(t)
    }
}

pub(crate) fn is_keyword(s: &str) -> bool {
    matches!(
        s,
        "@base"
            | "@container"
            | "@context"
            | "@direction"
            | "@graph"
            | "@id"
            | "@import"
            | "@included"
            | "@index"
            | "@json"
            | "@language"
            | "@list"
            | "@nest"
            | "@none"
            | "@prefix"
            | "@propagate"
            | "@protected"
            | "@reverse"
            | "@set"
            | "@type"
            | "@value"
            | "@version"
            | "@vocab"
    )
}

/// "Has the form of a keyword" (§4.2.2 step 5, §5.2.2 step 2): `@` followed by ALPHA+.
pub(crate) fn looks_like_keyword(s: &str) -> bool {
    s.len() > 1 && s.starts_with('@') && s[1..].bytes().all(|b| b.is_ascii_alphabetic())
}

/// An absolute IRI: a scheme (RFC 3987: ALPHA *(ALPHA / DIGIT / "+" / "-" / ".")) then ':'.
pub(crate) fn is_absolute_iri(s: &str) -> bool {
    let Some(colon) = s.find(':') else {
        return false;
    };
    let scheme = &s.as_bytes()[..colon];
    !scheme.is_empty()
        && scheme[0].is_ascii_alphabetic()
        && scheme
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

pub(crate) fn is_iri_or_blank(s: &str) -> bool {
    s.starts_with("_:") || is_absolute_iri(s)
}

/// §5.2.2 IRI Expansion against a finished active context (no local context).
/// `None` means the value maps to null (or has the form of an unknown keyword).
/// With a null base, document-relative IRIs stay relative; callers check absoluteness.
pub(crate) fn expand_iri<'a>(ctx: &ActiveContext, value: &'a str, vocab: bool) -> Option<S<'a>> {
    if is_keyword(value) {
        return Some(S::B(value));
    }
    if looks_like_keyword(value) {
        return None;
    }
    if let Some(td) = ctx.term(value) {
        if let Some(iri) = &td.iri
            && is_keyword(iri)
        {
            return Some(S::A(iri.clone()));
        }
        if vocab {
            return td.iri.clone().map(S::A);
        }
    }
    if let Some(idx) = value[1.min(value.len())..].find(':').map(|i| i + 1) {
        let (prefix, suffix) = (&value[..idx], &value[idx + 1..]);
        if prefix == "_" || suffix.starts_with("//") {
            return Some(S::B(value));
        }
        if let Some(td) = ctx.term(prefix)
            && let (Some(iri), true) = (&td.iri, td.prefix)
        {
            let mut s = String::with_capacity(iri.len() + suffix.len());
            s.push_str(iri);
            s.push_str(suffix);
            return Some(S::O(s));
        }
        if is_absolute_iri(value) {
            return Some(S::B(value));
        }
    }
    if vocab && let Some(v) = &ctx.vocab {
        let mut s = String::with_capacity(v.len() + value.len());
        s.push_str(v);
        s.push_str(value);
        return Some(S::O(s));
    }
    Some(S::B(value))
}
