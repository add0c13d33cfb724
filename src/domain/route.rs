//! The routes to a unit other than the school's own examination of an enrolled pupil: the
//! validation of prior learning (an adult's experience, judged by a jury on a portfolio and
//! tests) and the assessment at the workplace by a company tutor. Recorded with the
//! assessment, and said in the unit credential (learning setting, assessment, evidence).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::referential::{AssessmentType, ParticipationMode};

/// ELM learning settings (`http://data.europa.eu/snb/learning-setting/25831c2`).
pub const FORMAL_URI: &str = "http://data.europa.eu/snb/learning-setting/6fd4685715";
pub const NON_FORMAL_URI: &str = "http://data.europa.eu/snb/learning-setting/e207a81fc7";
pub const FORMAL_SETTING: (&str, &str) = (FORMAL_URI, "formal learning");
pub const NON_FORMAL_SETTING: (&str, &str) = (NON_FORMAL_URI, "non-formal learning");

/// The Open Badges `Evidence.genre` of a work-based assessment (readers of a credential,
/// such as the transcript, recognise the route by it).
pub const WORK_BASED_GENRE: &str = "Work-based assessment";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Route {
    PriorLearning(PriorLearning),
    WorkBased(WorkBased),
}

/// A jury's decision in a validation procedure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriorLearning {
    pub procedure_id: Uuid,
    pub decision_id: Uuid,
    /// How the jury assessed (e.g. portfolio and a practical test), as recorded.
    pub methods: Vec<AssessmentType>,
    pub jury: String,
    pub evidence: Vec<PortfolioDigest>,
}

/// A portfolio document as a credential names it: never the file, its digest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortfolioDigest {
    pub id: Uuid,
    pub description: String,
    pub media_type: String,
    /// SHA-256 of the document, lower-case hex.
    pub sha256: String,
}

impl PortfolioDigest {
    /// The document's digest as an RFC 6920 named-information URI: an identifier any holder
    /// of the file can check, which says nothing else about it.
    pub fn uri(&self) -> String {
        use base64::Engine;
        let bytes = hex::decode(&self.sha256).unwrap_or_default();
        format!(
            "ni:///sha-256;{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
        )
    }
}

/// A result recorded at the workplace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkBased {
    pub company: Company,
    pub tutor: String,
    /// The school assessor who confirmed the tutor's result, when the unit asks for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cosigned_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Company {
    pub id: Uuid,
    pub name: String,
    pub country_code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
}

impl Route {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::PriorLearning(_) => "prior_learning",
            Self::WorkBased(_) => "work_based",
        }
    }

    /// Whether a unit reached this way was learnt outside formal education (a jury's
    /// validation of prior learning).
    pub fn non_formal(route: Option<&Self>) -> bool {
        matches!(route, Some(Self::PriorLearning(_)))
    }

    /// The ELM learning setting of a unit reached this way (`None`: the school's).
    pub fn setting(route: Option<&Self>) -> (&'static str, &'static str) {
        if Self::non_formal(route) {
            NON_FORMAL_SETTING
        } else {
            FORMAL_SETTING
        }
    }

    /// The form of participation the credential states: work-based at the workplace, else
    /// the unit's own.
    pub fn mode(route: Option<&Self>, unit: ParticipationMode) -> ParticipationMode {
        match route {
            Some(Self::WorkBased(_)) => ParticipationMode::WorkBased,
            _ => unit,
        }
    }

    /// What the credential says of the assessment, in English (the credentials' language
    /// for controlled text).
    pub fn statement(&self, assessed_on: time::Date) -> String {
        match self {
            Self::PriorLearning(p) => {
                let methods: Vec<&str> = p.methods.iter().map(|m| m.concept().1).collect();
                format!(
                    "Validation of prior learning: decision of the jury ({}) of {assessed_on}, \
                     on {} ({} portfolio document{}).",
                    p.jury,
                    methods.join(" and ").to_lowercase(),
                    p.evidence.len(),
                    if p.evidence.len() == 1 { "" } else { "s" }
                )
            }
            Self::WorkBased(w) => {
                let company = match &w.company.identifier {
                    Some(id) => format!("{} ({}, {id})", w.company.name, w.company.country_code),
                    None => format!("{} ({})", w.company.name, w.company.country_code),
                };
                let cosigned = match &w.cosigned_by {
                    Some(by) => format!("; confirmed by the school assessor {by}"),
                    None => String::new(),
                };
                format!(
                    "Work-based assessment at {company} by the company tutor {} on \
                     {assessed_on}{cosigned}.",
                    w.tutor
                )
            }
        }
    }
}

impl Route {
    /// The credential's `evidence` (Open Badges `Evidence`): what the unit rests on, the
    /// portfolio named by digests only.
    pub fn ob_evidence(&self, assessed_on: time::Date) -> serde_json::Value {
        use serde_json::json;
        let statement = self.statement(assessed_on);
        match self {
            Self::PriorLearning(p) => {
                let mut items = vec![json!({"type": ["Evidence"],
                    "name": "Validation of prior learning", "narrative": statement,
                    "genre": "Jury decision"})];
                items.extend(p.evidence.iter().map(|d| {
                    json!({"id": d.uri(), "type": ["Evidence"], "name": d.description,
                           "description": format!("Portfolio document ({}), SHA-256 {}", d.media_type, d.sha256),
                           "genre": "Portfolio"})
                }));
                json!(items)
            }
            Self::WorkBased(_) => json!([{"type": ["Evidence"], "name": WORK_BASED_GENRE,
                "narrative": statement, "genre": WORK_BASED_GENRE}]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_digest_is_named_as_rfc_6920_says() {
        let d = PortfolioDigest {
            id: Uuid::nil(),
            description: "x".into(),
            media_type: "text/plain".into(),
            // SHA-256 of "Hello World!", the RFC's own example.
            sha256: "7f83b1657ff1fc53b92dc18148a1d65dfc2d4b1fa3d677284addd200126d9069".into(),
        };
        assert_eq!(
            d.uri(),
            "ni:///sha-256;f4OxZX_x_FO5LcGBSKHWXfwtSx-j1ncoSt3SABJtkGk"
        );
    }
}
