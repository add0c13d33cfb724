//! Domain types and rules. Nothing below this module imports axum or sqlx: it is what a
//! school means by a profile, a learner, an assessment and a credential, and the rules about
//! them (credentials' shapes, status lists, the trust registry's authorisations, schemas). It
//! uses only crypto (DIDs, number formatting) and support.

pub mod assessment;
pub mod clr;
pub mod credential;
pub mod learner;
pub mod provider;
pub mod referential;
pub mod route;
pub mod schema;
pub mod status_list;
pub mod trust;
pub mod vcdm;

use serde::Serialize;

/// One problem with one field of an input document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldIssue {
    pub field: String,
    pub message: String,
}

/// Every problem found in an input, so a client can fix them all at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ValidationErrors(pub Vec<FieldIssue>);

impl ValidationErrors {
    pub fn push(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldIssue {
            field: field.to_owned(),
            message: message.into(),
        });
    }

    pub fn single(field: &str, message: impl Into<String>) -> Self {
        let mut e = Self::default();
        e.push(field, message);
        e
    }

    pub fn into_result(self) -> Result<(), Self> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }
}

impl std::fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, issue) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{}: {}", issue.field, issue.message)?;
        }
        Ok(())
    }
}
