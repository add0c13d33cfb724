//! JSON Schemas shipped in `schemas/`, compiled once at start-up. They check input files and
//! request bodies (referential) and, on the verifier side, credentials that name a schema we
//! hold offline.

use jsonschema::{Resource, Validator};
use serde_json::Value;

use crate::domain::ValidationErrors;
use crate::domain::credential::OB_SCHEMA;

pub const PROFILE: &str = include_str!("../../schemas/profile.schema.json");
pub const REFERENTIAL: &str = include_str!("../../schemas/referential.schema.json");
pub const TRUST_REGISTRY: &str = include_str!("../../schemas/trust-registry.schema.json");
pub const OB_ACHIEVEMENT_CREDENTIAL: &str =
    include_str!("../../schemas/ob-achievement-credential.schema.json");

pub struct Schemas {
    profile: Validator,
    referential: Validator,
    ob_credential: Validator,
    trust_registry: Validator,
}

impl std::fmt::Debug for Schemas {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Schemas(..)")
    }
}

fn parse(text: &str) -> anyhow::Result<Value> {
    Ok(serde_json::from_str(text)?)
}

impl Schemas {
    pub fn load() -> anyhow::Result<Self> {
        let profile = parse(PROFILE)?;
        let compile = |schema: &Value| -> anyhow::Result<Validator> {
            jsonschema::options()
                .should_validate_formats(true)
                .with_resource(
                    "https://unitcred.example/schemas/profile.schema.json",
                    Resource::from_contents(profile.clone()),
                )
                .build(schema)
                .map_err(|e| anyhow::anyhow!("schema does not compile: {e}"))
        };
        Ok(Self {
            profile: compile(&profile)?,
            referential: compile(&parse(REFERENTIAL)?)?,
            ob_credential: compile(&parse(OB_ACHIEVEMENT_CREDENTIAL)?)?,
            trust_registry: compile(&parse(TRUST_REGISTRY)?)?,
        })
    }

    pub fn check_profile(&self, doc: &Value) -> Result<(), ValidationErrors> {
        collect(&self.profile, doc)
    }

    pub fn check_referential(&self, doc: &Value) -> Result<(), ValidationErrors> {
        collect(&self.referential, doc)
    }

    pub fn check_trust_registry(&self, doc: &Value) -> Result<(), ValidationErrors> {
        collect(&self.trust_registry, doc)
    }

    /// The local validator for a `credentialSchema` id, if we hold one.
    pub fn credential_schema(&self, id: &str) -> Option<&Validator> {
        (id == OB_SCHEMA).then_some(&self.ob_credential)
    }
}

/// All schema violations, each located by its JSON pointer (capped to keep answers short).
pub fn collect(validator: &Validator, doc: &Value) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::default();
    for e in validator.iter_errors(doc).take(20) {
        let path = e.instance_path().to_string();
        errors.push(if path.is_empty() { "/" } else { &path }, e.to_string());
    }
    errors.into_result()
}
