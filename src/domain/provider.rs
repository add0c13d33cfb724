//! Providers (schools, training centres): the tenants of a unitcred server.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::ValidationErrors;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DidMethod {
    /// `did:web` below this server's public URL: rotatable, the default.
    Web,
    /// `did:key` of the provider's single key: for single-issuer set-ups without a domain.
    Key,
}

impl DidMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Web => "web",
            Self::Key => "key",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "web" => Some(Self::Web),
            "key" => Some(Self::Key),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewProvider {
    pub slug: String,
    pub name: String,
    #[serde(default = "default_country")]
    pub country_code: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default = "default_method")]
    pub did_method: DidMethod,
    /// Annex I element 11: how the provider's quality is assured, in plain words.
    #[serde(default)]
    pub quality_assurance: Option<String>,
}

fn default_country() -> String {
    "BE".to_owned()
}

fn default_method() -> DidMethod {
    DidMethod::Web
}

impl NewProvider {
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::default();
        let slug_ok = !self.slug.is_empty()
            && self.slug.len() <= 48
            && self
                .slug
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !self.slug.starts_with('-');
        if !slug_ok {
            e.push("slug", "use 1-48 lowercase letters, digits or '-'");
        }
        if self.name.trim().is_empty() {
            e.push("name", "must not be empty");
        }
        if self.country_code.len() != 2
            || !self.country_code.bytes().all(|b| b.is_ascii_uppercase())
        {
            e.push("country_code", "an ISO 3166-1 alpha-2 code such as BE");
        }
        if let Some(url) = &self.url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            e.push("url", "must be an http(s) URL");
        }
        e.into_result()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Provider {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub country_code: String,
    pub url: Option<String>,
    pub did_method: DidMethod,
    pub did: String,
    pub quality_assurance: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Assessor,
    /// A company tutor: records results for the learners placed with their company, nothing
    /// else.
    Tutor,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Assessor => "assessor",
            Self::Tutor => "tutor",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "admin" => Some(Self::Admin),
            "assessor" => Some(Self::Assessor),
            "tutor" => Some(Self::Tutor),
            _ => None,
        }
    }
}
