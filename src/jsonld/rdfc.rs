//! RDFC-1.0 (W3C Recommendation, 2024): RDF Dataset Canonicalization with SHA-256.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use super::JsonLdError;
use super::loader::hex;
use super::nquads::write_quad;
use super::types::IQuad;

/// Upper bound on N-degree work (calls of §4.8 plus permutations examined) for one
/// dataset. Poison graphs (RDFC-1.0 §6 "Dataset Poisoning") hit it and fail with
/// `TooComplex` instead of hanging.
pub const MAX_NDEGREE_WORK: usize = 100_000;
/// Upper bound on the recursion depth of Hash N-Degree Quads (also protects the stack).
pub const MAX_NDEGREE_DEPTH: usize = 64;

const NONE: u32 = u32::MAX;

/// §4.3 Identifier issuer: blank node → sequential number, remembering issue order.
#[derive(Clone)]
struct Issuer {
    map: Vec<u32>,
    order: Vec<u32>,
}

impl Issuer {
    fn new(n: usize) -> Self {
        Issuer {
            map: vec![NONE; n],
            order: Vec::new(),
        }
    }
    fn get(&self, b: u32) -> Option<u32> {
        match self.map.get(b as usize) {
            Some(&v) if v != NONE => Some(v),
            _ => None,
        }
    }
    fn issue(&mut self, b: u32) -> u32 {
        if let Some(v) = self.get(b) {
            return v;
        }
        let v = self.order.len() as u32;
        if let Some(slot) = self.map.get_mut(b as usize) {
            *slot = v;
        }
        self.order.push(b);
        v
    }
}

struct State<'q, 'a> {
    quads: &'q [IQuad<'a>],
    /// Blank node → indexes of the quads that mention it (§4.4 step 2).
    bq: Vec<Vec<usize>>,
    first: Vec<[u8; 32]>,
    canon: Issuer,
    work: usize,
}

/// §4.4 Canonicalization algorithm, then serialization of the canonical dataset.
pub(crate) fn canonicalize(mut quads: Vec<IQuad<'_>>) -> Result<String, JsonLdError> {
    // The input is a dataset, i.e. a set: drop duplicate quads before hashing.
    quads.sort_unstable();
    quads.dedup();
    let n = quads
        .iter()
        .flat_map(|q| {
            [
                q.s.blank(),
                q.o.blank(),
                q.g.as_ref().and_then(|g| g.blank()),
            ]
        })
        .flatten()
        .max()
        .map_or(0, |m| m as usize + 1);
    let mut bq: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, q) in quads.iter().enumerate() {
        for b in [
            q.s.blank(),
            q.o.blank(),
            q.g.as_ref().and_then(|g| g.blank()),
        ]
        .into_iter()
        .flatten()
        {
            let list = &mut bq[b as usize];
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    let mut st = State {
        quads: &quads,
        bq,
        first: vec![[0; 32]; n],
        canon: Issuer::new(n),
        work: 0,
    };
    // §4.4 step 3: first-degree hashes, grouped by hash (BTreeMap = code point order
    // of the hex strings, since hex preserves byte order).
    let mut by_hash: BTreeMap<[u8; 32], Vec<u32>> = BTreeMap::new();
    for b in 0..n as u32 {
        if st.bq[b as usize].is_empty() {
            continue;
        }
        let h = st.hash_first_degree(b);
        st.first[b as usize] = h;
        by_hash.entry(h).or_default().push(b);
    }
    // §4.4 step 4: unique hashes get canonical identifiers in hash order.
    for list in by_hash.values() {
        if let [b] = list.as_slice() {
            st.canon.issue(*b);
        }
    }
    // §4.4 step 5: the rest via N-degree hashing.
    for list in by_hash.values() {
        if list.len() < 2 {
            continue;
        }
        let mut results: Vec<([u8; 32], Issuer)> = Vec::new();
        for &b in list {
            if st.canon.get(b).is_some() {
                continue;
            }
            let mut temp = Issuer::new(n);
            temp.issue(b);
            results.push(st.hash_n_degree(b, &temp, 0)?);
        }
        results.sort_by_key(|a| a.0);
        for (_, issuer) in results {
            for &b in &issuer.order {
                st.canon.issue(b);
            }
        }
    }
    // §4.4 step 6 + §4.5: relabel, serialize, sort.
    let mut lines: Vec<String> = Vec::with_capacity(quads.len());
    let canon = &st.canon;
    for q in st.quads {
        let mut s = String::with_capacity(128);
        write_quad(&mut s, q, &mut |out, b| {
            let _ = write!(out, "_:c14n{}", canon.get(b).unwrap_or(NONE));
        });
        lines.push(s);
    }
    lines.sort_unstable();
    lines.dedup();
    Ok(lines.concat())
}

impl State<'_, '_> {
    /// §4.6 Hash First Degree Quads.
    fn hash_first_degree(&self, b: u32) -> [u8; 32] {
        let mut lines: Vec<String> = self.bq[b as usize]
            .iter()
            .map(|&i| {
                let mut s = String::with_capacity(128);
                write_quad(&mut s, &self.quads[i], &mut |out, x| {
                    out.push_str(if x == b { "_:a" } else { "_:z" })
                });
                s
            })
            .collect();
        lines.sort_unstable();
        let mut h = Sha256::new();
        for l in &lines {
            h.update(l.as_bytes());
        }
        h.finalize().into()
    }

    /// §4.7 Hash Related Blank Node.
    fn hash_related(&self, related: u32, qi: usize, issuer: &Issuer, position: u8) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update([position]);
        if position != b'g' {
            h.update(b"<");
            h.update(self.quads[qi].p.as_bytes());
            h.update(b">");
        }
        if let Some(c) = self.canon.get(related) {
            h.update(format!("_:c14n{c}").as_bytes());
        } else if let Some(c) = issuer.get(related) {
            h.update(format!("_:b{c}").as_bytes());
        } else {
            h.update(hex(&self.first[related as usize]).as_bytes());
        }
        h.finalize().into()
    }

    fn tick(&mut self) -> Result<(), JsonLdError> {
        self.work += 1;
        if self.work > MAX_NDEGREE_WORK {
            return Err(JsonLdError::TooComplex);
        }
        Ok(())
    }

    /// §4.8 Hash N-Degree Quads.
    fn hash_n_degree(
        &mut self,
        b: u32,
        issuer: &Issuer,
        depth: usize,
    ) -> Result<([u8; 32], Issuer), JsonLdError> {
        self.tick()?;
        if depth > MAX_NDEGREE_DEPTH {
            return Err(JsonLdError::TooComplex);
        }
        let mut issuer = issuer.clone();
        // Steps 1-3: group related blank nodes by their related hash.
        let mut hn: BTreeMap<[u8; 32], Vec<u32>> = BTreeMap::new();
        for &qi in &self.bq[b as usize] {
            let q = &self.quads[qi];
            let comps = [
                (q.s.blank(), b's'),
                (q.o.blank(), b'o'),
                (q.g.as_ref().and_then(|g| g.blank()), b'g'),
            ];
            for (r, pos) in comps {
                if let Some(r) = r.filter(|r| *r != b) {
                    let h = self.hash_related(r, qi, &issuer, pos);
                    hn.entry(h).or_default().push(r);
                }
            }
        }
        // Steps 4-5.
        let mut data = Sha256::new();
        for (rh, mut list) in hn {
            data.update(hex(&rh).as_bytes());
            let mut chosen_path = String::new();
            let mut chosen_issuer: Option<Issuer> = None;
            list.sort_unstable();
            loop {
                self.tick()?;
                if let Some((path, ic)) =
                    self.try_permutation(&list, &issuer, &chosen_path, depth)?
                    && (chosen_path.is_empty() || path < chosen_path)
                {
                    chosen_path = path;
                    chosen_issuer = Some(ic);
                }
                if !next_permutation(&mut list) {
                    break;
                }
            }
            data.update(chosen_path.as_bytes());
            if let Some(ic) = chosen_issuer {
                issuer = ic;
            }
        }
        Ok((data.finalize().into(), issuer))
    }

    /// §4.8 step 5.4 for one permutation; `None` when it cannot beat `chosen`.
    fn try_permutation(
        &mut self,
        perm: &[u32],
        issuer: &Issuer,
        chosen: &str,
        depth: usize,
    ) -> Result<Option<(String, Issuer)>, JsonLdError> {
        let worse = |path: &str| !chosen.is_empty() && path.len() >= chosen.len() && path > chosen;
        let mut ic = issuer.clone();
        let mut path = String::new();
        let mut recursion = Vec::new();
        for &r in perm {
            if let Some(c) = self.canon.get(r) {
                let _ = write!(path, "_:c14n{c}");
            } else {
                if ic.get(r).is_none() {
                    recursion.push(r);
                }
                let id = ic.issue(r);
                let _ = write!(path, "_:b{id}");
            }
            if worse(&path) {
                return Ok(None);
            }
        }
        for r in recursion {
            let (h, ri) = self.hash_n_degree(r, &ic, depth + 1)?;
            let id = ic.issue(r);
            let _ = write!(path, "_:b{id}<{}>", hex(&h));
            ic = ri;
            if worse(&path) {
                return Ok(None);
            }
        }
        Ok(Some((path, ic)))
    }
}

/// Lexicographic next permutation; false after the last one.
fn next_permutation(v: &mut [u32]) -> bool {
    if v.len() < 2 {
        return false;
    }
    let mut i = v.len() - 1;
    while i > 0 && v[i - 1] >= v[i] {
        i -= 1;
    }
    if i == 0 {
        return false;
    }
    let mut j = v.len() - 1;
    while v[j] <= v[i - 1] {
        j -= 1;
    }
    v.swap(i - 1, j);
    v[i..].reverse();
    true
}
