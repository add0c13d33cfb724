//! Canonical N-Quads (RDFC-1.0 §4 output; RDF 1.2 N-Quads canonical form): single
//! spaces, `\n` line ends, string literals escaping only `"` `\` and control characters
//! (`\b \t \n \f \r` as ECHAR, other C0 controls and DEL as uppercase `\uXXXX`), and
//! `xsd:string` literals written without a datatype.

use super::JsonLdError;
use super::types::{IQuad, IT, Quad, RDF_LANGSTRING, Term, XSD_STRING};

/// Bytes that IRIREF cannot contain directly (U+0000-U+0020 and `<>"{}|^`\\`).
const IRI_ESCAPE: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i <= 0x20 {
        t[i] = true;
        i += 1;
    }
    let specials = *b"<>\"{}|^`\\";
    let mut j = 0;
    while j < specials.len() {
        t[specials[j] as usize] = true;
        j += 1;
    }
    t
};

pub(crate) fn write_iri(out: &mut String, iri: &str) {
    out.push('<');
    if !iri.bytes().any(|b| IRI_ESCAPE[b as usize]) {
        out.push_str(iri);
        out.push('>');
        return;
    }
    for c in iri.chars() {
        // Characters that IRIREF cannot hold directly are written as UCHAR.
        if (c as u32) <= 0x20 || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '^' | '`' | '\\') {
            push_uchar(out, c);
        } else {
            out.push(c);
        }
    }
    out.push('>');
}

fn push_uchar(out: &mut String, c: char) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let v = c as u32;
    out.push_str("\\u");
    for shift in [12, 8, 4, 0] {
        out.push(HEX[((v >> shift) & 15) as usize] as char);
    }
}

pub(crate) fn write_string(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let esc: Option<&str> = match b {
            b'"' => Some("\\\""),
            b'\\' => Some("\\\\"),
            b'\n' => Some("\\n"),
            b'\r' => Some("\\r"),
            b'\t' => Some("\\t"),
            0x08 => Some("\\b"),
            0x0c => Some("\\f"),
            0x00..=0x1f | 0x7f => Some(""),
            _ => None,
        };
        if let Some(e) = esc {
            out.push_str(&s[start..i]);
            if e.is_empty() {
                push_uchar(out, b as char);
            } else {
                out.push_str(e);
            }
            start = i + 1;
        }
    }
    out.push_str(&s[start..]);
    out.push('"');
}

pub(crate) fn write_literal(out: &mut String, value: &str, datatype: &str, lang: Option<&str>) {
    write_string(out, value);
    if let Some(l) = lang {
        out.push('@');
        out.push_str(l);
    } else if datatype != XSD_STRING {
        out.push_str("^^");
        write_iri(out, datatype);
    }
}

/// Serializes one quad; `blank` writes a blank node's label (including `_:`).
pub(crate) fn write_quad(out: &mut String, q: &IQuad<'_>, blank: &mut dyn FnMut(&mut String, u32)) {
    write_term(out, &q.s, blank);
    out.push(' ');
    write_iri(out, &q.p);
    out.push(' ');
    write_term(out, &q.o, blank);
    if let Some(g) = &q.g {
        out.push(' ');
        write_term(out, g, blank);
    }
    out.push_str(" .\n");
}

fn write_term(out: &mut String, t: &IT<'_>, blank: &mut dyn FnMut(&mut String, u32)) {
    match t {
        IT::Iri(i) => write_iri(out, i),
        IT::Blank(b) => blank(out, *b),
        IT::Lit {
            value,
            datatype,
            lang,
        } => write_literal(out, value, datatype, lang.as_deref()),
    }
}

/// Parses N-Quads (one statement per line; enough of the grammar for canonical output
/// and ordinary N-Quads). Intended for tests and tooling.
pub fn parse_nquads(text: &str) -> Result<Vec<Quad>, JsonLdError> {
    let mut quads = Vec::new();
    for (no, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |m: &str| JsonLdError::InvalidInput(format!("N-Quads line {}: {m}", no + 1));
        let mut p = Parser { s: line, pos: 0 };
        let subject = p.term().ok_or_else(|| err("subject"))?;
        let predicate = match p.term() {
            Some(Term::Iri(i)) => i,
            _ => return Err(err("predicate")),
        };
        let object = p.term().ok_or_else(|| err("object"))?;
        p.ws();
        let graph = if p.rest().starts_with('.') {
            None
        } else {
            Some(p.term().ok_or_else(|| err("graph"))?)
        };
        p.ws();
        if p.rest() != "." {
            return Err(err("expected final '.'"));
        }
        quads.push(Quad {
            subject,
            predicate,
            object,
            graph,
        });
    }
    Ok(quads)
}

struct Parser<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.pos..]
    }
    fn ws(&mut self) {
        while self.rest().starts_with([' ', '\t']) {
            self.pos += 1;
        }
    }
    fn term(&mut self) -> Option<Term> {
        self.ws();
        let r = self.rest();
        if let Some(body) = r.strip_prefix('<') {
            let end = body.find('>')?;
            let iri = unescape(&body[..end])?;
            self.pos += end + 2;
            Some(Term::Iri(iri))
        } else if let Some(body) = r.strip_prefix("_:") {
            let end = body.find([' ', '\t']).unwrap_or(body.len());
            self.pos += end + 2;
            Some(Term::BlankNode(body[..end].to_string()))
        } else if let Some(body) = r.strip_prefix('"') {
            let mut end = None;
            let mut esc = false;
            for (i, c) in body.char_indices() {
                if esc {
                    esc = false;
                } else if c == '\\' {
                    esc = true;
                } else if c == '"' {
                    end = Some(i);
                    break;
                }
            }
            let end = end?;
            let value = unescape(&body[..end])?;
            self.pos += end + 2;
            let r = self.rest();
            if let Some(l) = r.strip_prefix('@') {
                let e = l.find([' ', '\t']).unwrap_or(l.len());
                let lang = l[..e].to_string();
                self.pos += e + 1;
                Some(Term::Literal {
                    value,
                    datatype: RDF_LANGSTRING.into(),
                    language: Some(lang),
                })
            } else if r.starts_with("^^") {
                self.pos += 2;
                match self.term()? {
                    Term::Iri(dt) => Some(Term::Literal {
                        value,
                        datatype: dt,
                        language: None,
                    }),
                    _ => None,
                }
            } else {
                Some(Term::Literal {
                    value,
                    datatype: XSD_STRING.into(),
                    language: None,
                })
            }
        } else {
            None
        }
    }
}

fn unescape(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            't' => out.push('\t'),
            'b' => out.push('\u{8}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            'f' => out.push('\u{c}'),
            '"' => out.push('"'),
            '\'' => out.push('\''),
            '\\' => out.push('\\'),
            u @ ('u' | 'U') => {
                let n = if u == 'u' { 4 } else { 8 };
                let hex: String = (0..n).filter_map(|_| chars.next()).collect();
                if hex.len() != n {
                    return None;
                }
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            _ => return None,
        }
    }
    Some(out)
}
