//! RDF terms: a public owned form and a borrowed internal form used on the hot path.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use super::JsonLdError;

pub(crate) const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
pub(crate) const RDF_FIRST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
pub(crate) const RDF_REST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
pub(crate) const RDF_NIL: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";
pub(crate) const RDF_JSON: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON";
pub(crate) const RDF_LANGSTRING: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";
pub(crate) const XSD_STRING: &str = "http://www.w3.org/2001/XMLSchema#string";
pub(crate) const XSD_BOOLEAN: &str = "http://www.w3.org/2001/XMLSchema#boolean";
pub(crate) const XSD_INTEGER: &str = "http://www.w3.org/2001/XMLSchema#integer";
pub(crate) const XSD_DOUBLE: &str = "http://www.w3.org/2001/XMLSchema#double";

/// An RDF term (public, owned).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Term {
    /// An absolute IRI, without angle brackets.
    Iri(String),
    /// A blank node label, without the `_:` prefix.
    BlankNode(String),
    /// A literal. `datatype` is always set (`xsd:string` / `rdf:langString` included).
    Literal {
        value: String,
        datatype: String,
        language: Option<String>,
    },
}

/// An RDF quad (public, owned). `graph: None` is the default graph.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quad {
    pub subject: Term,
    pub predicate: String,
    pub object: Term,
    pub graph: Option<Term>,
}

/// A string that is borrowed from the input document, shared with a processed
/// context (interned term IRIs), or owned (computed, e.g. compact IRI expansion).
#[derive(Debug, Clone)]
pub(crate) enum S<'a> {
    B(&'a str),
    A(Arc<str>),
    O(String),
}

impl Deref for S<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            S::B(s) => s,
            S::A(s) => s,
            S::O(s) => s,
        }
    }
}
impl PartialEq for S<'_> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}
impl Eq for S<'_> {}
impl PartialOrd for S<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for S<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        (**self).cmp(&**other)
    }
}
impl Hash for S<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (**self).hash(state)
    }
}

/// Internal term: blank nodes are dense integers so RDFC can index them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum IT<'a> {
    Iri(S<'a>),
    Blank(u32),
    Lit {
        value: S<'a>,
        datatype: S<'a>,
        lang: Option<S<'a>>,
    },
}

impl IT<'_> {
    pub(crate) fn blank(&self) -> Option<u32> {
        match self {
            IT::Blank(b) => Some(*b),
            _ => None,
        }
    }
    fn to_public(&self) -> Term {
        match self {
            IT::Iri(s) => Term::Iri(s.to_string()),
            IT::Blank(b) => Term::BlankNode(format!("b{b}")),
            IT::Lit {
                value,
                datatype,
                lang,
            } => Term::Literal {
                value: value.to_string(),
                datatype: datatype.to_string(),
                language: lang.as_ref().map(|l| l.to_string()),
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct IQuad<'a> {
    pub s: IT<'a>,
    pub p: S<'a>,
    pub o: IT<'a>,
    pub g: Option<IT<'a>>,
}

impl IQuad<'_> {
    pub(crate) fn to_public(&self) -> Quad {
        Quad {
            subject: self.s.to_public(),
            predicate: self.p.to_string(),
            object: self.o.to_public(),
            graph: self.g.as_ref().map(IT::to_public),
        }
    }
}

/// Borrows public quads as internal ones, numbering blank node labels densely.
pub(crate) fn from_public(quads: &[Quad]) -> Result<Vec<IQuad<'_>>, JsonLdError> {
    let mut labels: HashMap<&str, u32> = HashMap::new();
    let mut out = Vec::with_capacity(quads.len());
    for q in quads {
        let s = term_in(&q.subject, &mut labels)?;
        if matches!(s, IT::Lit { .. }) {
            return Err(JsonLdError::InvalidInput(
                "literal in subject position".into(),
            ));
        }
        let o = term_in(&q.object, &mut labels)?;
        let g = match &q.graph {
            None => None,
            Some(t) => {
                let g = term_in(t, &mut labels)?;
                if matches!(g, IT::Lit { .. }) {
                    return Err(JsonLdError::InvalidInput("literal as graph name".into()));
                }
                Some(g)
            }
        };
        out.push(IQuad {
            s,
            p: S::B(&q.predicate),
            o,
            g,
        });
    }
    Ok(out)
}

fn term_in<'a>(t: &'a Term, labels: &mut HashMap<&'a str, u32>) -> Result<IT<'a>, JsonLdError> {
    Ok(match t {
        Term::Iri(s) => IT::Iri(S::B(s)),
        Term::BlankNode(l) => {
            let n = u32::try_from(labels.len())
                .map_err(|_| JsonLdError::InvalidInput("too many blank nodes".into()))?;
            IT::Blank(*labels.entry(l.as_str()).or_insert(n))
        }
        Term::Literal {
            value,
            datatype,
            language,
        } => IT::Lit {
            value: S::B(value),
            datatype: S::B(datatype),
            lang: language.as_deref().map(S::B),
        },
    })
}
