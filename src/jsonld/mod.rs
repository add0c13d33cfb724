//! JSON-LD 1.1 → RDF → RDFC-1.0 canonical N-Quads, as needed by the Data Integrity
//! `eddsa-rdfc-2022` cryptosuite.
//!
//! Pipeline: [`expand`] (JSON-LD 1.1 API §4 Expansion, with Data Integrity "safe mode":
//! anything that would be silently dropped is an error) → [`to_rdf`] (§8 Deserialize
//! JSON-LD to RDF, emitted directly from the expanded tree) → [`rdfc`] (RDFC-1.0) →
//! [`nquads`] (canonical N-Quads).
//!
//! Contexts are never fetched: only the pinned, hash-checked documents in `contexts/`
//! (plus extras that tests register) can be used. Processed contexts are cached per
//! loader, so the hot path does not reprocess them per document.

mod active;
mod context;
mod expand;
mod loader;
mod nquads;
mod rdfc;
mod to_rdf;
mod types;

pub use loader::ContextLoader;
pub use nquads::parse_nquads;
pub use rdfc::{MAX_NDEGREE_DEPTH, MAX_NDEGREE_WORK};
pub use types::{Quad, Term};

/// Maximum JSON nesting depth accepted by expansion (deeper input is rejected, never
/// recursed into, so adversarial documents cannot exhaust the stack).
pub const MAX_NESTING_DEPTH: usize = 64;

/// Errors of the canonicalization pipeline. `code()` gives a stable snake_case code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JsonLdError {
    /// An `@context` URL that the loader does not serve (remote contexts are never fetched).
    #[error("unknown JSON-LD context: {0}")]
    UnknownContext(String),
    /// A context that violates JSON-LD 1.1 context processing (§4.1/§4.2), e.g. a
    /// protected term redefinition or an invalid term definition.
    #[error("invalid JSON-LD context: {0}")]
    InvalidContext(String),
    /// Safe mode: expansion would have dropped this term or value.
    #[error("JSON-LD expansion would drop data: {0}")]
    DataLoss(String),
    /// The document is not valid JSON-LD (or is too deeply nested).
    #[error("invalid JSON-LD input: {0}")]
    InvalidInput(String),
    /// A pinned context does not match its recorded SHA-256 digest.
    #[error("pinned context hash mismatch: {0}")]
    ContextHash(String),
    /// RDFC-1.0 N-degree hashing exceeded the work limit (poison graph guard).
    #[error("RDF canonicalization work limit exceeded")]
    TooComplex,
    /// A JSON-LD feature this implementation deliberately does not support.
    #[error("unsupported JSON-LD feature: {0}")]
    Unsupported(String),
}

impl JsonLdError {
    /// Stable, machine-readable error code.
    pub fn code(&self) -> &'static str {
        match self {
            JsonLdError::UnknownContext(_) => "unknown_context",
            JsonLdError::InvalidContext(_) => "invalid_context",
            JsonLdError::DataLoss(_) => "data_loss",
            JsonLdError::InvalidInput(_) => "invalid_input",
            JsonLdError::ContextHash(_) => "context_hash",
            JsonLdError::TooComplex => "too_complex",
            JsonLdError::Unsupported(_) => "unsupported",
        }
    }
}

/// Expands `doc`, converts it to RDF and returns the RDFC-1.0 canonical N-Quads
/// (sorted, one quad per line, each line terminated by `\n`).
pub fn canonicalize(
    doc: &serde_json::Value,
    loader: &ContextLoader,
) -> Result<String, JsonLdError> {
    let items = expand::expand_document(doc, loader)?;
    let quads = to_rdf::items_to_quads(&items)?;
    rdfc::canonicalize(quads)
}

/// Expands `doc` and converts it to an RDF dataset (blank nodes labelled `_:b0`, `_:b1`, …
/// in document order; duplicates removed).
pub fn to_rdf(doc: &serde_json::Value, loader: &ContextLoader) -> Result<Vec<Quad>, JsonLdError> {
    let items = expand::expand_document(doc, loader)?;
    let mut quads = to_rdf::items_to_quads(&items)?;
    quads.sort();
    quads.dedup();
    Ok(quads.iter().map(types::IQuad::to_public).collect())
}

/// RDFC-1.0 alone: canonical N-Quads of an arbitrary dataset.
pub fn canonicalize_quads(quads: &[Quad]) -> Result<String, JsonLdError> {
    let internal = types::from_public(quads)?;
    rdfc::canonicalize(internal)
}

#[cfg(test)]
mod tests;
