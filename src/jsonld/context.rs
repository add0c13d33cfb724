//! Active contexts, JSON-LD 1.1 API §4.1 Context Processing, §4.2 Create Term
//! Definition and §5.2 IRI Expansion.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::JsonLdError;
use super::active::*;
use super::loader::{CacheKey, ContextLoader, Origin};

/// Maximum number of remote contexts one context may pull in (§4.1.2 step 5.2.3,
/// "context overflow"): also stops cycles.
const MAX_REMOTE_CONTEXTS: usize = 32;

/// Applies a `@context` value embedded in a document (cached per active context).
pub(crate) fn apply_embedded(
    loader: &ContextLoader,
    active: &Arc<ActiveContext>,
    local: &Value,
) -> Result<Arc<ActiveContext>, JsonLdError> {
    let key = CacheKey {
        active: active.id,
        origin: Origin::Json(local.to_string()),
        override_protected: false,
        propagate: true,
    };
    if let Some(c) = loader.cache_get(&key) {
        return Ok(c);
    }
    let ctx = Arc::new(process(loader, active, local, false, true)?);
    loader.cache_put(key, ctx.clone(), None);
    Ok(ctx)
}

/// Applies a scoped context from a term definition: property-scoped contexts use
/// override protected = true (§5.1.2 step 8), type-scoped ones propagate = false
/// (§5.1.2 step 11).
pub(crate) fn apply_scoped(
    loader: &ContextLoader,
    active: &Arc<ActiveContext>,
    local: &Arc<Value>,
    override_protected: bool,
    propagate: bool,
) -> Result<Arc<ActiveContext>, JsonLdError> {
    let key = CacheKey {
        active: active.id,
        origin: Origin::Scoped(Arc::as_ptr(local) as usize),
        override_protected,
        propagate,
    };
    if let Some(c) = loader.cache_get(&key) {
        return Ok(c);
    }
    let ctx = Arc::new(process(
        loader,
        active,
        local,
        override_protected,
        propagate,
    )?);
    loader.cache_put(key, ctx.clone(), Some(local.clone()));
    Ok(ctx)
}

/// §4.1.2 Context Processing algorithm.
fn process(
    loader: &ContextLoader,
    active: &Arc<ActiveContext>,
    local: &Value,
    override_protected: bool,
    mut propagate: bool,
) -> Result<ActiveContext, JsonLdError> {
    let mut result = active.derive();
    // Step 2: an explicit @propagate in a map overrides the caller's default.
    if let Some(p) = local.get("@propagate") {
        propagate = p
            .as_bool()
            .ok_or_else(|| JsonLdError::InvalidContext("@propagate must be boolean".into()))?;
    }
    // Step 3.
    if !propagate && result.previous.is_none() {
        result.previous = Some(active.clone());
    }
    let mut remote = Vec::new();
    process_into(
        loader,
        &mut result,
        local,
        override_protected,
        propagate,
        &mut remote,
    )?;
    Ok(result)
}

fn process_into(
    loader: &ContextLoader,
    result: &mut ActiveContext,
    local: &Value,
    override_protected: bool,
    propagate: bool,
    remote: &mut Vec<String>,
) -> Result<(), JsonLdError> {
    let items: &[Value] = match local {
        Value::Array(a) => a,
        other => std::slice::from_ref(other),
    };
    for ctx in items {
        match ctx {
            // Step 5.1: nullification, forbidden while protected terms exist.
            Value::Null => {
                if !override_protected && result.terms.values().any(|t| t.protected) {
                    return Err(JsonLdError::InvalidContext(
                        "invalid context nullification (protected terms)".into(),
                    ));
                }
                let previous = if propagate {
                    None
                } else {
                    result.previous.take()
                };
                *result = ActiveContext::empty();
                result.previous = previous;
            }
            // Step 5.2: remote context, served only by the pinned loader.
            Value::String(url) => {
                if !is_absolute_iri(url) {
                    return Err(JsonLdError::UnknownContext(url.clone()));
                }
                if remote.len() >= MAX_REMOTE_CONTEXTS {
                    return Err(JsonLdError::InvalidContext("context overflow".into()));
                }
                let loaded = loader.context_of(url)?;
                remote.push(url.clone());
                // Remote contexts are processed with the default flags.
                process_into(loader, result, &loaded, false, true, remote)?;
                remote.pop();
            }
            Value::Object(map) => define_all(result, map, override_protected, remote)?,
            _ => {
                return Err(JsonLdError::InvalidContext(
                    "a local context must be a map, string or null".into(),
                ));
            }
        }
    }
    Ok(())
}

fn define_all(
    result: &mut ActiveContext,
    map: &Map<String, Value>,
    override_protected: bool,
    remote: &[String],
) -> Result<(), JsonLdError> {
    // Step 5.5: only JSON-LD 1.1 processing mode.
    if let Some(v) = map.get("@version")
        && v.as_f64() != Some(1.1)
    {
        return Err(JsonLdError::InvalidContext("invalid @version value".into()));
    }
    if map.contains_key("@import") {
        return Err(JsonLdError::Unsupported("@import".into()));
    }
    // Step 5.7: @base only matters in embedded contexts; we never resolve relative IRIs.
    if remote.is_empty()
        && let Some(b) = map.get("@base")
        && !b.is_null()
    {
        return Err(JsonLdError::Unsupported("@base".into()));
    }
    // Step 5.8.
    if let Some(v) = map.get("@vocab") {
        match v {
            Value::Null => result.vocab = None,
            Value::String(s) => {
                let expanded = expand_iri(result, s, true);
                match expanded {
                    Some(e) if is_iri_or_blank(&e) => result.vocab = Some(Arc::from(&*e)),
                    _ => return Err(JsonLdError::DataLoss(format!("relative @vocab {s:?}"))),
                }
            }
            _ => return Err(JsonLdError::InvalidContext("invalid @vocab mapping".into())),
        }
    }
    // Step 5.9: language tags are normalized to lower case (as jsonld.js / pyld do).
    if let Some(v) = map.get("@language") {
        match v {
            Value::Null => result.language = None,
            Value::String(s) => result.language = Some(Arc::from(s.to_ascii_lowercase())),
            _ => {
                return Err(JsonLdError::InvalidContext(
                    "invalid default language".into(),
                ));
            }
        }
    }
    if let Some(v) = map.get("@direction") {
        match v {
            Value::Null => result.direction = None,
            Value::String(s) if s == "ltr" || s == "rtl" => {
                result.direction = Some(Arc::from(&**s))
            }
            _ => return Err(JsonLdError::InvalidContext("invalid base direction".into())),
        }
    }
    let protected_default = match map.get("@protected") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(JsonLdError::InvalidContext(
                "invalid @protected value".into(),
            ));
        }
    };
    let mut b = Builder {
        result,
        local: map,
        defined: HashMap::new(),
        protected_default,
        override_protected,
    };
    for key in map.keys() {
        if matches!(
            key.as_str(),
            "@base"
                | "@direction"
                | "@import"
                | "@language"
                | "@propagate"
                | "@protected"
                | "@version"
                | "@vocab"
        ) {
            continue;
        }
        b.define(key)?;
    }
    Ok(())
}

struct Builder<'r, 'l> {
    result: &'r mut ActiveContext,
    local: &'l Map<String, Value>,
    /// §4.2.2 `defined` map: false while a definition is in progress (cycle detection).
    defined: HashMap<String, bool>,
    protected_default: bool,
    override_protected: bool,
}

fn inv(msg: String) -> JsonLdError {
    JsonLdError::InvalidContext(msg)
}

impl Builder<'_, '_> {
    /// §5.2.2 IRI Expansion with a local context being processed (may define terms).
    fn expand_iri(&mut self, value: &str, vocab: bool) -> Result<Option<String>, JsonLdError> {
        if is_keyword(value) {
            return Ok(Some(value.to_string()));
        }
        if looks_like_keyword(value) {
            return Ok(None);
        }
        if self.local.contains_key(value) && self.defined.get(value) != Some(&true) {
            self.define(value)?;
        }
        if let Some(td) = self.result.term(value) {
            if let Some(iri) = &td.iri
                && is_keyword(iri)
            {
                return Ok(Some(iri.to_string()));
            }
            if vocab {
                return Ok(td.iri.as_ref().map(|s| s.to_string()));
            }
        }
        if let Some(idx) = value[1.min(value.len())..].find(':').map(|i| i + 1) {
            let (prefix, suffix) = (&value[..idx], &value[idx + 1..]);
            if prefix == "_" || suffix.starts_with("//") {
                return Ok(Some(value.to_string()));
            }
            if self.local.contains_key(prefix) && self.defined.get(prefix) != Some(&true) {
                self.define(prefix)?;
            }
            if let Some(td) = self.result.term(prefix)
                && let (Some(iri), true) = (&td.iri, td.prefix)
            {
                return Ok(Some(format!("{iri}{suffix}")));
            }
            if is_absolute_iri(value) {
                return Ok(Some(value.to_string()));
            }
        }
        if vocab && let Some(v) = &self.result.vocab {
            return Ok(Some(format!("{v}{value}")));
        }
        Ok(Some(value.to_string()))
    }

    /// §4.2.2 Create Term Definition.
    fn define(&mut self, term: &str) -> Result<(), JsonLdError> {
        match self.defined.get(term) {
            Some(true) => return Ok(()),
            Some(false) => return Err(inv(format!("cyclic IRI mapping for {term:?}"))),
            None => {}
        }
        if term.is_empty() {
            return Err(inv("invalid term definition: empty term".into()));
        }
        self.defined.insert(term.to_string(), false);
        let value = self.local.get(term).cloned().unwrap_or(Value::Null);
        // Step 4: keywords cannot be redefined (bar the 1.1 `@type` container form,
        // which only affects compaction and is therefore accepted and ignored).
        if term == "@type" {
            let ok = value.as_object().is_some_and(|m| {
                !m.is_empty()
                    && m.iter().all(|(k, v)| {
                        (k == "@container" && v == "@set") || (k == "@protected" && v.is_boolean())
                    })
            });
            if ok {
                self.defined.insert(term.to_string(), true);
                return Ok(());
            }
            return Err(inv("keyword redefinition: @type".into()));
        }
        if is_keyword(term) {
            return Err(inv(format!("keyword redefinition: {term}")));
        }
        // Step 5: ignore terms that look like (future) keywords.
        if looks_like_keyword(term) {
            self.defined.insert(term.to_string(), true);
            return Ok(());
        }
        // Step 6.
        let previous = self.result.terms.remove(term);
        // Steps 7-9.
        let (map, simple_term) = match value {
            Value::Null => {
                let mut m = Map::new();
                m.insert("@id".into(), Value::Null);
                (m, false)
            }
            Value::String(s) => {
                let mut m = Map::new();
                m.insert("@id".into(), Value::String(s));
                (m, true)
            }
            Value::Object(m) => (m, false),
            _ => return Err(inv(format!("invalid term definition for {term:?}"))),
        };
        let mut def = TermDef::new();
        // Step 11.
        def.protected = match map.get("@protected") {
            None => self.protected_default,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err(inv("invalid @protected value".into())),
        };
        // Step 12: type mapping.
        if let Some(t) = map.get("@type") {
            let Value::String(t) = t else {
                return Err(inv(format!("invalid type mapping for {term:?}")));
            };
            let t = self
                .expand_iri(t, true)?
                .ok_or_else(|| inv(format!("invalid type mapping for {term:?}")))?;
            if !(matches!(t.as_str(), "@id" | "@json" | "@none" | "@vocab") || is_absolute_iri(&t))
            {
                return Err(inv(format!("invalid type mapping {t:?} for {term:?}")));
            }
            def.type_mapping = Some(Arc::from(t));
        }
        // Step 13: reverse properties.
        if let Some(r) = map.get("@reverse") {
            if map.contains_key("@id") || map.contains_key("@nest") {
                return Err(inv(format!("invalid reverse property {term:?}")));
            }
            let Value::String(r) = r else {
                return Err(inv(format!("invalid IRI mapping for {term:?}")));
            };
            if looks_like_keyword(r) {
                self.defined.insert(term.to_string(), true);
                return Ok(());
            }
            let iri = self
                .expand_iri(r, true)?
                .filter(|i| is_iri_or_blank(i))
                .ok_or_else(|| inv(format!("invalid IRI mapping for {term:?}")))?;
            def.iri = Some(Arc::from(iri));
            if let Some(c) = map.get("@container") {
                match c {
                    Value::Null => {}
                    Value::String(s) if s == "@set" => def.container = C_SET,
                    Value::String(s) if s == "@index" => def.container = C_INDEX,
                    _ => return Err(inv(format!("invalid reverse property {term:?}"))),
                }
            }
            def.reverse = true;
            return self.finish(term, def, previous);
        }
        // Steps 14-18: IRI mapping.
        match map.get("@id") {
            Some(id) if id.as_str() != Some(term) => match id {
                Value::Null => def.iri = None,
                Value::String(id) => {
                    if !is_keyword(id) && looks_like_keyword(id) {
                        self.defined.insert(term.to_string(), true);
                        return Ok(());
                    }
                    let iri = self
                        .expand_iri(id, true)?
                        .ok_or_else(|| inv(format!("invalid IRI mapping for {term:?}")))?;
                    if !(is_keyword(&iri) || is_iri_or_blank(&iri)) {
                        return Err(inv(format!("invalid IRI mapping for {term:?}")));
                    }
                    if iri == "@context" {
                        return Err(inv("invalid keyword alias @context".into()));
                    }
                    // Step 14.2.4: a term that looks like an IRI must expand to itself.
                    let inner_colon = term.len() > 2 && term[1..term.len() - 1].contains(':');
                    if inner_colon || term.contains('/') {
                        self.defined.insert(term.to_string(), true);
                        let own = self.expand_iri(term, true)?;
                        if own.as_deref() != Some(iri.as_str()) {
                            return Err(inv(format!("invalid IRI mapping for {term:?}")));
                        }
                    }
                    // Step 14.2.5: simple terms ending in a gen-delim are prefixes.
                    if !term.contains(':') && !term.contains('/') && simple_term {
                        let gen_delim = iri
                            .chars()
                            .last()
                            .is_some_and(|c| matches!(c, ':' | '/' | '?' | '#' | '[' | ']' | '@'));
                        def.prefix = gen_delim || iri.starts_with("_:");
                    }
                    def.iri = Some(Arc::from(iri));
                }
                _ => return Err(inv(format!("invalid IRI mapping for {term:?}"))),
            },
            _ => {
                if let Some(idx) = term[1.min(term.len())..].find(':').map(|i| i + 1) {
                    // Step 15: compact IRI or absolute IRI term.
                    let (prefix, suffix) = (&term[..idx], &term[idx + 1..]);
                    if self.local.contains_key(prefix) {
                        self.define(prefix)?;
                    }
                    let pdef = self.result.term(prefix).and_then(|p| p.iri.clone());
                    def.iri = Some(match pdef {
                        Some(p) => Arc::from(format!("{p}{suffix}")),
                        None => Arc::from(term),
                    });
                } else if term.contains('/') {
                    // Step 16: relative IRI terms need a base IRI, which we never have.
                    return Err(inv(format!("invalid IRI mapping for {term:?}")));
                } else if let Some(v) = &self.result.vocab {
                    // Step 18.
                    def.iri = Some(Arc::from(format!("{v}{term}")));
                } else {
                    return Err(inv(format!("invalid IRI mapping for {term:?} (no @vocab)")));
                }
            }
        }
        // Step 19: container mapping.
        if let Some(c) = map.get("@container") {
            let list: Vec<&Value> = match c {
                Value::Array(a) => a.iter().collect(),
                other => vec![other],
            };
            for v in list {
                def.container |= match v.as_str() {
                    Some("@set") => C_SET,
                    Some("@list") => C_LIST,
                    Some("@graph") => C_GRAPH,
                    Some("@language") => C_LANGUAGE,
                    Some("@index") => C_INDEX,
                    Some("@id") => C_ID,
                    Some("@type") => C_TYPE,
                    _ => return Err(inv(format!("invalid container mapping for {term:?}"))),
                };
            }
            if def.container & C_LIST != 0 && def.container != C_LIST {
                return Err(inv(format!("invalid container mapping for {term:?}")));
            }
        }
        // Step 20.
        if let Some(i) = map.get("@index") {
            let Value::String(i) = i else {
                return Err(inv(format!("invalid term definition for {term:?}")));
            };
            if def.container & C_INDEX == 0 {
                return Err(inv(format!("invalid term definition for {term:?}")));
            }
            def.index = Some(i.clone());
        }
        // Step 21: the scoped context is kept raw and processed when used.
        if let Some(c) = map.get("@context") {
            def.context = Some(Arc::new(c.clone()));
        }
        // Steps 22-23.
        if let Some(l) = map.get("@language") {
            def.language = Some(match l {
                Value::Null => None,
                Value::String(s) => Some(Arc::from(s.to_ascii_lowercase())),
                _ => return Err(inv(format!("invalid language mapping for {term:?}"))),
            });
        }
        if let Some(d) = map.get("@direction") {
            def.direction = Some(match d {
                Value::Null => None,
                Value::String(s) if s == "ltr" || s == "rtl" => Some(Arc::from(s.as_str())),
                _ => return Err(inv(format!("invalid base direction for {term:?}"))),
            });
        }
        // Step 25.
        if let Some(p) = map.get("@prefix") {
            if term.contains(':') || term.contains('/') {
                return Err(inv(format!("invalid term definition for {term:?}")));
            }
            def.prefix = p
                .as_bool()
                .ok_or_else(|| inv(format!("invalid @prefix value for {term:?}")))?;
        }
        // Step 26.
        for k in map.keys() {
            if !matches!(
                k.as_str(),
                "@id"
                    | "@reverse"
                    | "@container"
                    | "@context"
                    | "@direction"
                    | "@index"
                    | "@language"
                    | "@nest"
                    | "@prefix"
                    | "@protected"
                    | "@type"
            ) {
                return Err(inv(format!("invalid term definition for {term:?}: {k}")));
            }
        }
        self.finish(term, def, previous)
    }

    /// §4.2.2 step 27-28: protected terms may only be "redefined" identically.
    fn finish(
        &mut self,
        term: &str,
        def: TermDef,
        previous: Option<Arc<TermDef>>,
    ) -> Result<(), JsonLdError> {
        let def = match previous {
            Some(prev) if !self.override_protected && prev.protected => {
                if !def.same_as(&prev) {
                    return Err(inv(format!("protected term redefinition: {term:?}")));
                }
                prev
            }
            _ => Arc::new(def),
        };
        self.result.terms.insert(Arc::from(term), def);
        self.defined.insert(term.to_string(), true);
        Ok(())
    }
}
