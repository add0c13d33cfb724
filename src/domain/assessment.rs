//! Assessments: one record per attempt at a unit. A failed unit can be retaken any number of
//! times; the first validating attempt triggers issuance.

use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use super::ValidationErrors;
use super::referential::AssessmentType;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Validated,
    NotValidated,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Validated => "validated",
            Self::NotValidated => "not_validated",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "validated" => Some(Self::Validated),
            "not_validated" => Some(Self::NotValidated),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewAssessment {
    pub learner_id: Uuid,
    pub profile_code: String,
    pub profile_version: u32,
    pub unit_code: String,
    pub assessed_on: Date,
    pub outcome: Outcome,
    pub assessor: String,
    /// Defaults to the unit's assessment type.
    #[serde(default)]
    pub assessment_type: Option<AssessmentType>,
    #[serde(default)]
    pub remediation_note: Option<String>,
}

impl NewAssessment {
    pub fn validate(&self, today: Date) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::default();
        if self.assessor.trim().is_empty() {
            e.push("assessor", "must name the assessor");
        }
        if self.assessed_on > today {
            e.push("assessed_on", "cannot be in the future");
        }
        if self.outcome == Outcome::Validated && self.remediation_note.is_some() {
            e.push(
                "remediation_note",
                "only a unit that was not validated gets a remediation note",
            );
        }
        e.into_result()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub id: Uuid,
    pub learner_id: Uuid,
    pub profile_code: String,
    pub profile_version: u32,
    pub unit_code: String,
    pub assessed_on: Date,
    pub outcome: Outcome,
    pub assessor: String,
    pub assessment_type: AssessmentType,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remediation_note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential_id: Option<Uuid>,
    /// Validation of prior learning or work-based; absent for the school's own assessment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<super::route::Route>,
}
