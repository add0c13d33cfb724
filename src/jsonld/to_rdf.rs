//! JSON-LD 1.1 API §8 Deserialize JSON-LD to RDF. Quads are emitted straight from the
//! expanded tree: this yields the same dataset as going through the node map (§7.2),
//! because a dataset is a set and every node object without `@id` gets a fresh blank
//! node either way. Input blank node labels are mapped through one generator (§7.1).

use std::collections::HashMap;

use serde_json::Number;

use super::JsonLdError;
use super::expand::{Item, LV, Lit, Node};
use super::types::{
    IQuad, IT, RDF_FIRST, RDF_JSON, RDF_LANGSTRING, RDF_NIL, RDF_REST, RDF_TYPE, S, XSD_BOOLEAN,
    XSD_DOUBLE, XSD_INTEGER, XSD_STRING,
};

struct Builder<'a> {
    quads: Vec<IQuad<'a>>,
    labels: HashMap<&'a str, u32>,
    next: u32,
}

pub(crate) fn items_to_quads<'a>(items: &'a [Item<'a>]) -> Result<Vec<IQuad<'a>>, JsonLdError> {
    let mut b = Builder {
        quads: Vec::with_capacity(64),
        labels: HashMap::new(),
        next: 0,
    };
    for item in items {
        if let Item::Node(n) = item {
            b.node(n, &None)?;
        }
    }
    Ok(b.quads)
}

impl<'a> Builder<'a> {
    fn fresh(&mut self) -> IT<'a> {
        let n = self.next;
        self.next += 1;
        IT::Blank(n)
    }

    fn id_term(&mut self, id: &'a S<'a>) -> IT<'a> {
        let full: &'a str = id;
        if let Some(label) = full.strip_prefix("_:") {
            if let Some(n) = self.labels.get(label) {
                return IT::Blank(*n);
            }
            let n = self.next;
            self.next += 1;
            self.labels.insert(label, n);
            return IT::Blank(n);
        }
        IT::Iri(id.clone())
    }

    /// Emits a node object's statements into `graph`, returning its subject term.
    fn node(&mut self, n: &'a Node<'a>, graph: &Option<IT<'a>>) -> Result<IT<'a>, JsonLdError> {
        let subject = match &n.id {
            Some(id) => self.id_term(id),
            None => self.fresh(),
        };
        if let Some(g) = &n.graph {
            // A graph object: its content goes into the graph it names (§7.2 step 6.9).
            let name = Some(subject.clone());
            for item in g {
                if let Item::Node(inner) = item {
                    self.node(inner, &name)?;
                }
            }
        }
        for t in &n.types {
            let o = self.id_term(t);
            self.push(subject.clone(), S::B(RDF_TYPE), o, graph);
        }
        for (p, items) in &n.props {
            if p.starts_with("_:") {
                // §8.1 step 1.3.2.1: blank node predicates are not RDF.
                return Err(JsonLdError::DataLoss(format!(
                    "blank node property {}",
                    &**p
                )));
            }
            for item in items {
                let o = self.object(item, graph)?;
                self.push(subject.clone(), p.clone(), o, graph);
            }
        }
        for (p, items) in &n.reverse {
            for item in items {
                if let Item::Node(inner) = item {
                    let s = self.node(inner, graph)?;
                    self.push(s, p.clone(), subject.clone(), graph);
                }
            }
        }
        for item in &n.included {
            if let Item::Node(inner) = item {
                self.node(inner, graph)?;
            }
        }
        Ok(subject)
    }

    fn push(&mut self, s: IT<'a>, p: S<'a>, o: IT<'a>, g: &Option<IT<'a>>) {
        self.quads.push(IQuad {
            s,
            p,
            o,
            g: g.clone(),
        });
    }

    /// §8.2 Object to RDF Conversion, plus §8.3 List to RDF Conversion.
    fn object(
        &mut self,
        item: &'a Item<'a>,
        graph: &Option<IT<'a>>,
    ) -> Result<IT<'a>, JsonLdError> {
        match item {
            Item::Node(n) => self.node(n, graph),
            Item::Value(lit) => literal(lit),
            Item::List(items) => {
                if items.is_empty() {
                    return Ok(IT::Iri(S::B(RDF_NIL)));
                }
                let nodes: Vec<IT<'a>> = items.iter().map(|_| self.fresh()).collect();
                for (i, it) in items.iter().enumerate() {
                    let o = self.object(it, graph)?;
                    self.push(nodes[i].clone(), S::B(RDF_FIRST), o, graph);
                    let rest = nodes.get(i + 1).cloned().unwrap_or(IT::Iri(S::B(RDF_NIL)));
                    self.push(nodes[i].clone(), S::B(RDF_REST), rest, graph);
                }
                Ok(nodes[0].clone())
            }
        }
    }
}

fn literal<'a>(lit: &'a Lit<'a>) -> Result<IT<'a>, JsonLdError> {
    let ty = lit.ty.clone();
    let (value, datatype): (S<'a>, S<'a>) = match &lit.v {
        LV::Json(v) if ty.as_deref() == Some("@json") => {
            // The lexical form of rdf:JSON is its JCS serialization (JSON-LD 1.1 §8.2 step 7).
            let s = crate::support::jcs::canonicalize(v)
                .map_err(|e| JsonLdError::InvalidInput(e.to_string()))?;
            (S::O(s), S::B(RDF_JSON))
        }
        LV::Json(_) => {
            return Err(JsonLdError::InvalidInput(
                "JSON literal without @json".into(),
            ));
        }
        LV::Bool(b) => (
            S::B(if *b { "true" } else { "false" }),
            ty.unwrap_or(S::B(XSD_BOOLEAN)),
        ),
        LV::Num(n) => {
            let is_double_type = ty.as_deref() == Some(XSD_DOUBLE);
            let (lex, is_double) = number_lexical(n, is_double_type);
            let dt = ty.unwrap_or(S::B(if is_double { XSD_DOUBLE } else { XSD_INTEGER }));
            (S::O(lex), dt)
        }
        LV::Str(s) => {
            if let Some(l) = &lit.lang
                && ty.is_none()
            {
                return Ok(IT::Lit {
                    value: S::B(s),
                    datatype: S::B(RDF_LANGSTRING),
                    lang: Some(l.clone()),
                });
            }
            (S::B(s), ty.unwrap_or(S::B(XSD_STRING)))
        }
    };
    Ok(IT::Lit {
        value,
        datatype,
        lang: None,
    })
}

/// §8.2 steps 10-11: a number with a non-zero fraction, ≥ 1e21 in magnitude, or typed
/// xsd:double uses the canonical xsd:double form (`1.5E0`); others are integers.
fn number_lexical(n: &Number, force_double: bool) -> (String, bool) {
    if let Some(i) = n.as_i64() {
        if !force_double {
            return (i.to_string(), false);
        }
    } else if let Some(u) = n.as_u64()
        && !force_double
    {
        return (u.to_string(), false);
    }
    let f = n.as_f64().unwrap_or(0.0);
    if force_double || f.fract() != 0.0 || f.abs() >= 1e21 {
        (canonical_double(f), true)
    } else if f == 0.0 {
        ("0".to_string(), false)
    } else {
        (format!("{f:.0}"), false)
    }
}

/// Canonical xsd:double as JSON-LD specifies it: `toExponential(15)` with trailing
/// zeros of the mantissa removed (keeping one digit after the point), e.g. `4.5E0`.
pub(crate) fn canonical_double(f: f64) -> String {
    let s = format!("{f:.15E}");
    let (mantissa, exp) = s.split_once('E').unwrap_or((&s, "0"));
    let mantissa = match mantissa.split_once('.') {
        Some((int, frac)) => {
            let t = frac.trim_end_matches('0');
            format!("{int}.{}", if t.is_empty() { "0" } else { t })
        }
        None => format!("{mantissa}.0"),
    };
    format!("{mantissa}E{exp}")
}
