//! JSON-LD 1.1 API §5.1 Expansion (with §5.3 Value Expansion), producing a typed
//! expanded tree instead of expanded JSON. Runs in Data Integrity "safe mode": whenever
//! the algorithm would silently drop a key or value, a `DataLoss` error is returned.

use std::sync::Arc;

use serde_json::{Map, Number, Value};

use super::active::{
    ActiveContext, C_GRAPH, C_ID, C_INDEX, C_LANGUAGE, C_LIST, C_TYPE, TermDef, expand_iri,
    is_iri_or_blank, is_keyword,
};
use super::context::{apply_embedded, apply_scoped};
use super::loader::ContextLoader;
use super::types::S;
use super::{JsonLdError, MAX_NESTING_DEPTH};

/// An expanded item: a node object (including graph objects), a value object or a list.
#[derive(Debug)]
pub(crate) enum Item<'a> {
    Node(Box<Node<'a>>),
    Value(Lit<'a>),
    List(Vec<Item<'a>>),
}

#[derive(Debug, Default)]
pub(crate) struct Node<'a> {
    pub id: Option<S<'a>>,
    pub types: Vec<S<'a>>,
    pub props: Vec<(S<'a>, Vec<Item<'a>>)>,
    pub reverse: Vec<(S<'a>, Vec<Item<'a>>)>,
    pub graph: Option<Vec<Item<'a>>>,
    pub included: Vec<Item<'a>>,
}

impl Node<'_> {
    fn is_only_graph(&self) -> bool {
        self.graph.is_some()
            && self.id.is_none()
            && self.types.is_empty()
            && self.props.is_empty()
            && self.reverse.is_empty()
            && self.included.is_empty()
    }
}

#[derive(Debug)]
pub(crate) enum LV<'a> {
    Str(&'a str),
    Bool(bool),
    Num(&'a Number),
    /// A JSON literal (`@type: @json`): any JSON value, including null.
    Json(&'a Value),
}

#[derive(Debug)]
pub(crate) struct Lit<'a> {
    pub v: LV<'a>,
    /// Datatype IRI, or `@json`.
    pub ty: Option<S<'a>>,
    pub lang: Option<S<'a>>,
}

enum Ex<'a> {
    Null,
    One(Item<'a>),
    Many(Vec<Item<'a>>),
}

impl<'a> Ex<'a> {
    fn into_vec(self) -> Vec<Item<'a>> {
        match self {
            Ex::Null => Vec::new(),
            Ex::One(i) => vec![i],
            Ex::Many(v) => v,
        }
    }
}

fn loss(what: impl Into<String>) -> JsonLdError {
    JsonLdError::DataLoss(what.into())
}
fn bad(what: impl Into<String>) -> JsonLdError {
    JsonLdError::InvalidInput(what.into())
}

/// §5.1.1 step 19 ("expand" API): expands the document; a top-level graph object with
/// no other entries is replaced by its content.
pub(crate) fn expand_document<'a>(
    doc: &'a Value,
    loader: &ContextLoader,
) -> Result<Vec<Item<'a>>, JsonLdError> {
    let ctx = loader.initial()?.clone();
    let x = Expander { loader };
    let mut items = x.expand(&ctx, None, doc, false, 0)?.into_vec();
    if items.len() == 1
        && let Some(Item::Node(n)) = items.first_mut()
        && n.is_only_graph()
    {
        return Ok(n.graph.take().unwrap_or_default());
    }
    Ok(items)
}

struct Expander<'l> {
    loader: &'l ContextLoader,
}

fn short(v: &Value) -> String {
    let mut s = v.to_string();
    if s.len() > 80 {
        let mut cut = 80;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
        s.push('…');
    }
    s
}

impl<'l> Expander<'l> {
    /// §5.1.2 Expansion Algorithm.
    fn expand<'a>(
        &self,
        ctx: &Arc<ActiveContext>,
        prop: Option<&str>,
        elem: &'a Value,
        from_map: bool,
        depth: usize,
    ) -> Result<Ex<'a>, JsonLdError> {
        if depth > MAX_NESTING_DEPTH {
            return Err(bad(format!("nesting deeper than {MAX_NESTING_DEPTH}")));
        }
        // Step 3: property-scoped context of the active property (from the context as
        // it is *before* any reverting in step 7).
        let prop_def = prop.and_then(|p| ctx.term(p)).cloned();
        match elem {
            Value::Null => Ok(Ex::Null),
            Value::Array(arr) => {
                let is_list = prop_def.as_ref().is_some_and(|d| d.container & C_LIST != 0);
                let mut out = Vec::with_capacity(arr.len());
                for item in arr {
                    if is_list && item.is_array() {
                        return Err(JsonLdError::Unsupported("lists of lists".into()));
                    }
                    match self.expand(ctx, prop, item, from_map, depth + 1)? {
                        Ex::Null => {}
                        Ex::One(i) => out.push(i),
                        Ex::Many(v) => out.extend(v),
                    }
                }
                Ok(Ex::Many(out))
            }
            Value::Object(map) => self.expand_object(ctx, prop, prop_def, map, from_map, depth),
            scalar => {
                // Step 4.1: free-floating scalars are dropped by the algorithm.
                let Some(p) = prop.filter(|p| *p != "@graph") else {
                    return Err(loss(format!("free-floating value {}", short(scalar))));
                };
                let ctx = match prop_def.as_ref().and_then(|d| d.context.as_ref()) {
                    Some(c) => apply_scoped(self.loader, ctx, c, true, true)?,
                    None => ctx.clone(),
                };
                Ok(Ex::One(expand_value(&ctx, p, scalar)?))
            }
        }
    }

    fn expand_object<'a>(
        &self,
        ctx: &Arc<ActiveContext>,
        prop: Option<&str>,
        prop_def: Option<Arc<TermDef>>,
        map: &'a Map<String, Value>,
        from_map: bool,
        depth: usize,
    ) -> Result<Ex<'a>, JsonLdError> {
        let mut ctx = ctx.clone();
        // Step 7: a non-propagated (type-scoped) context reverts when entering a new
        // node object; value objects and bare node references keep it.
        if let Some(prev) = ctx.previous.clone()
            && !from_map
        {
            let mut is_value = false;
            let mut only_id = map.len() == 1;
            for k in map.keys() {
                let e = expand_iri(&ctx, k, true);
                let e = e.as_deref();
                is_value |= e == Some("@value");
                only_id &= e == Some("@id");
            }
            if !is_value && !only_id {
                ctx = prev;
            }
        }
        // Step 8: property-scoped context, which may override protected terms.
        if let Some(c) = prop_def.as_ref().and_then(|d| d.context.as_ref()) {
            ctx = apply_scoped(self.loader, &ctx, c, true, true)?;
        }
        // Step 9: embedded context.
        if let Some(c) = map.get("@context") {
            ctx = apply_embedded(self.loader, &ctx, c)?;
        }
        // Step 10-11: type-scoped contexts, applied in lexicographic order of the type
        // terms (looked up in the context *before* any of them is applied).
        let type_scoped_ctx = ctx.clone();
        let mut type_keys: Vec<&String> = map
            .keys()
            .filter(|k| expand_iri(&ctx, k, true).as_deref() == Some("@type"))
            .collect();
        type_keys.sort();
        for k in &type_keys {
            let mut terms: Vec<&str> = match &map[k.as_str()] {
                Value::String(s) => vec![s.as_str()],
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            terms.sort_unstable();
            for t in terms {
                if let Some(c) = type_scoped_ctx.term(t).and_then(|d| d.context.as_ref()) {
                    ctx = apply_scoped(self.loader, &ctx, c, false, false)?;
                }
            }
        }

        let mut node = Node::default();
        let mut value: Option<&'a Value> = None;
        let mut language: Option<S<'a>> = None;
        let mut list: Option<Vec<Item<'a>>> = None;
        let mut set: Option<Vec<Item<'a>>> = None;

        // Step 13.
        for (key, v) in map {
            if key == "@context" {
                continue;
            }
            let Some(ep) = expand_iri(&ctx, key, true) else {
                return Err(loss(format!("term {key:?} maps to null")));
            };
            if is_keyword(&ep) {
                if prop == Some("@reverse") {
                    return Err(bad("invalid reverse property map"));
                }
                match &*ep {
                    "@id" => {
                        if node.id.is_some() {
                            return Err(bad("colliding keywords: @id"));
                        }
                        let Value::String(s) = v else {
                            return Err(bad("invalid @id value"));
                        };
                        match expand_iri(&ctx, s, false) {
                            Some(e) if is_iri_or_blank(&e) => node.id = Some(e),
                            _ => return Err(loss(format!("relative @id {s:?}"))),
                        }
                    }
                    "@type" => {
                        let vals: Vec<&'a Value> = match v {
                            Value::Array(a) => a.iter().collect(),
                            other => vec![other],
                        };
                        for t in vals {
                            let Value::String(s) = t else {
                                return Err(bad("invalid type value"));
                            };
                            match expand_iri(&type_scoped_ctx, s, true) {
                                Some(e) if is_iri_or_blank(&e) || &*e == "@json" => {
                                    node.types.push(e)
                                }
                                _ => return Err(loss(format!("relative @type {s:?}"))),
                            }
                        }
                    }
                    "@graph" => {
                        if node.graph.is_some() {
                            return Err(bad("colliding keywords: @graph"));
                        }
                        let items = self.expand(&ctx, Some("@graph"), v, false, depth + 1)?;
                        node.graph = Some(items.into_vec());
                    }
                    "@included" => {
                        let items = self.expand(&ctx, None, v, false, depth + 1)?.into_vec();
                        if items.iter().any(|i| !matches!(i, Item::Node(_))) {
                            return Err(bad("invalid @included value"));
                        }
                        node.included.extend(items);
                    }
                    "@value" => {
                        if value.is_some() {
                            return Err(bad("colliding keywords: @value"));
                        }
                        value = Some(v);
                    }
                    "@language" => {
                        let Value::String(s) = v else {
                            return Err(bad("invalid language-tagged string"));
                        };
                        language = Some(lower(s));
                    }
                    "@direction" => match v.as_str() {
                        // Ignored by toRdf when rdfDirection is null (§8.2).
                        Some("ltr" | "rtl") => {}
                        _ => return Err(bad("invalid base direction")),
                    },
                    "@index" => {
                        if !v.is_string() {
                            return Err(bad("invalid @index value"));
                        }
                        // @index is not represented in RDF.
                    }
                    "@list" => {
                        if prop.is_none() || prop == Some("@graph") {
                            return Err(loss("free-floating @list"));
                        }
                        let items = self.expand(&ctx, prop, v, false, depth + 1)?.into_vec();
                        list = Some(items);
                    }
                    "@set" => {
                        let items = self.expand(&ctx, prop, v, false, depth + 1)?.into_vec();
                        set = Some(items);
                    }
                    "@reverse" => self.expand_reverse(&ctx, v, &mut node, depth)?,
                    "@nest" => return Err(JsonLdError::Unsupported("@nest".into())),
                    other => return Err(loss(format!("keyword {other} in node object"))),
                }
                continue;
            }
            if !is_iri_or_blank(&ep) {
                return Err(loss(format!(
                    "term {key:?} does not expand to an absolute IRI"
                )));
            }
            let td = ctx.term(key).cloned();
            let container = td.as_ref().map_or(0, |d| d.container);
            let items: Vec<Item<'a>> = if td
                .as_ref()
                .is_some_and(|d| d.type_mapping.as_deref() == Some("@json"))
            {
                vec![Item::Value(Lit {
                    v: LV::Json(v),
                    ty: Some(S::B("@json")),
                    lang: None,
                })]
            } else if container & C_LANGUAGE != 0 && v.is_object() {
                language_map(&ctx, v)?
            } else if container & (C_INDEX | C_ID | C_TYPE) != 0 && v.is_object() {
                if container & (C_ID | C_TYPE) != 0
                    || td.as_ref().is_some_and(|d| d.index.is_some())
                {
                    return Err(JsonLdError::Unsupported(format!(
                        "@id/@type/property-valued index map for {key:?}"
                    )));
                }
                let Value::Object(m) = v else {
                    return Err(bad("invalid index map"));
                };
                let mut out = Vec::new();
                for iv in m.values() {
                    for it in self
                        .expand(&ctx, Some(key), iv, true, depth + 1)?
                        .into_vec()
                    {
                        if container & C_GRAPH != 0 {
                            out.push(graph_object(it));
                        } else {
                            out.push(it);
                        }
                    }
                }
                out
            } else {
                match self.expand(&ctx, Some(key), v, false, depth + 1)? {
                    Ex::Null => continue,
                    Ex::One(Item::List(l)) => vec![Item::List(l)],
                    other => {
                        let items = other.into_vec();
                        if container & C_LIST != 0 {
                            vec![Item::List(items)]
                        } else if container & C_GRAPH != 0 && container & (C_ID | C_INDEX) == 0 {
                            // Step 13.12: each value becomes its own (blank-node named) graph.
                            items.into_iter().map(graph_object).collect()
                        } else {
                            items
                        }
                    }
                }
            };
            if td.as_ref().is_some_and(|d| d.reverse) {
                if items.iter().any(|i| !matches!(i, Item::Node(_))) {
                    return Err(bad("invalid reverse property value"));
                }
                push_prop(&mut node.reverse, ep, items);
            } else {
                push_prop(&mut node.props, ep, items);
            }
        }

        // Step 15: value objects.
        if let Some(raw) = value {
            if node.id.is_some()
                || node.graph.is_some()
                || !node.included.is_empty()
                || !node.props.is_empty()
                || !node.reverse.is_empty()
                || list.is_some()
                || set.is_some()
                || node.types.len() > 1
                || (language.is_some() && !node.types.is_empty())
            {
                return Err(bad("invalid value object"));
            }
            let ty = node.types.pop();
            let lit = if ty.as_deref() == Some("@json") {
                Lit {
                    v: LV::Json(raw),
                    ty,
                    lang: None,
                }
            } else {
                let v = match raw {
                    Value::Null => return Ok(Ex::Null),
                    Value::String(s) => LV::Str(s),
                    Value::Bool(b) => LV::Bool(*b),
                    Value::Number(n) => LV::Num(n),
                    _ => return Err(bad("invalid value object value")),
                };
                if language.is_some() && !matches!(v, LV::Str(_)) {
                    return Err(bad("invalid language-tagged value"));
                }
                if let Some(t) = &ty
                    && !super::active::is_absolute_iri(t)
                {
                    return Err(bad(format!("invalid typed value {:?}", &**t)));
                }
                Lit {
                    v,
                    ty,
                    lang: language,
                }
            };
            if prop.is_none() || prop == Some("@graph") {
                return Err(loss("free-floating value object"));
            }
            return Ok(Ex::One(Item::Value(lit)));
        }
        // Step 18: list and set objects.
        if list.is_some() || set.is_some() {
            if node.id.is_some()
                || !node.types.is_empty()
                || !node.props.is_empty()
                || node.graph.is_some()
                || language.is_some()
                || (list.is_some() && set.is_some())
            {
                return Err(bad("invalid set or list object"));
            }
            if let Some(l) = list {
                return Ok(Ex::One(Item::List(l)));
            }
            return Ok(Ex::Many(set.unwrap_or_default()));
        }
        // Step 19: an object with only @language would be dropped.
        if language.is_some() {
            return Err(loss("@language outside a value object"));
        }
        // Step 20: at top level / in @graph, empty objects and bare @id references
        // carry no statements and are dropped (no data is lost).
        if prop.is_none() || prop == Some("@graph") {
            let no_content = node.types.is_empty()
                && node.props.is_empty()
                && node.reverse.is_empty()
                && node.graph.is_none()
                && node.included.is_empty();
            if no_content {
                return Ok(Ex::Null);
            }
        }
        Ok(Ex::One(Item::Node(Box::new(node))))
    }

    /// §5.1.2 step 13.4.13: `@reverse` maps.
    fn expand_reverse<'a>(
        &self,
        ctx: &Arc<ActiveContext>,
        v: &'a Value,
        node: &mut Node<'a>,
        depth: usize,
    ) -> Result<(), JsonLdError> {
        let Value::Object(m) = v else {
            return Err(bad("invalid @reverse value"));
        };
        for (k, val) in m {
            let Some(ep) = expand_iri(ctx, k, true) else {
                return Err(loss(format!("term {k:?} maps to null")));
            };
            if is_keyword(&ep) {
                return Err(bad("invalid reverse property map"));
            }
            if !is_iri_or_blank(&ep) {
                return Err(loss(format!(
                    "term {k:?} does not expand to an absolute IRI"
                )));
            }
            let items = self.expand(ctx, Some(k), val, false, depth + 1)?.into_vec();
            if items.iter().any(|i| !matches!(i, Item::Node(_))) {
                return Err(bad("invalid reverse property value"));
            }
            // A reverse property inside @reverse is a forward property again.
            if ctx.term(k).is_some_and(|d| d.reverse) {
                push_prop(&mut node.props, ep, items);
            } else {
                push_prop(&mut node.reverse, ep, items);
            }
        }
        Ok(())
    }
}

fn graph_object(item: Item<'_>) -> Item<'_> {
    Item::Node(Box::new(Node {
        graph: Some(vec![item]),
        ..Node::default()
    }))
}

fn push_prop<'a>(props: &mut Vec<(S<'a>, Vec<Item<'a>>)>, p: S<'a>, items: Vec<Item<'a>>) {
    if let Some((_, existing)) = props.iter_mut().find(|(q, _)| *q == p) {
        existing.extend(items);
    } else {
        props.push((p, items));
    }
}

fn lower(s: &str) -> S<'_> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        S::O(s.to_ascii_lowercase())
    } else {
        S::B(s)
    }
}

/// §5.1.2 step 13.7: language maps.
fn language_map<'a>(ctx: &ActiveContext, v: &'a Value) -> Result<Vec<Item<'a>>, JsonLdError> {
    let Value::Object(m) = v else {
        return Err(bad("invalid language map"));
    };
    let mut out = Vec::new();
    for (lang, vals) in m {
        let arr: Vec<&'a Value> = match vals {
            Value::Array(a) => a.iter().collect(),
            other => vec![other],
        };
        let is_none = expand_iri(ctx, lang, true).as_deref() == Some("@none");
        for item in arr {
            match item {
                Value::Null => {}
                Value::String(s) => out.push(Item::Value(Lit {
                    v: LV::Str(s),
                    ty: None,
                    lang: if is_none { None } else { Some(lower(lang)) },
                })),
                _ => return Err(bad("invalid language map value")),
            }
        }
    }
    Ok(out)
}

/// §5.3.2 Value Expansion (type coercion and default language).
fn expand_value<'a>(
    ctx: &ActiveContext,
    prop: &str,
    value: &'a Value,
) -> Result<Item<'a>, JsonLdError> {
    let td = ctx.term(prop);
    let tm = td.and_then(|d| d.type_mapping.as_deref());
    if let (Some(tm @ ("@id" | "@vocab")), Value::String(s)) = (tm, value) {
        return match expand_iri(ctx, s, tm == "@vocab") {
            Some(e) if is_iri_or_blank(&e) => Ok(Item::Node(Box::new(Node {
                id: Some(e),
                ..Node::default()
            }))),
            _ => Err(loss(format!("relative IRI {s:?} in {prop:?}"))),
        };
    }
    let v = match value {
        Value::String(s) => LV::Str(s),
        Value::Bool(b) => LV::Bool(*b),
        Value::Number(n) => LV::Num(n),
        _ => return Err(bad("invalid scalar")),
    };
    let mut lit = Lit {
        v,
        ty: None,
        lang: None,
    };
    match td.and_then(|d| d.type_mapping.clone()) {
        Some(t) if !matches!(&*t, "@id" | "@vocab" | "@none") => lit.ty = Some(S::A(t)),
        _ => {
            if matches!(lit.v, LV::Str(_)) {
                let lang = match td.and_then(|d| d.language.as_ref()) {
                    Some(l) => l.clone(),
                    None => ctx.language.clone(),
                };
                lit.lang = lang.map(S::A);
            }
        }
    }
    Ok(Item::Value(lit))
}
