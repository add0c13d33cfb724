//! The referential: qualification profiles and the units of learning outcomes (UAA) that make
//! them up. A profile version is immutable once a credential refers to it.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::ValidationErrors;

/// Languages of the Belgian referentials, in display-preference order.
pub const LANGUAGES: [&str; 4] = ["fr", "nl", "de", "en"];

/// A text in one or more of fr/nl/de/en.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LangMap(pub BTreeMap<String, String>);

impl LangMap {
    pub fn validate(&self, field: &str, errors: &mut ValidationErrors) {
        if self.0.is_empty() {
            errors.push(field, "needs at least one language");
        }
        for (lang, text) in &self.0 {
            if !LANGUAGES.contains(&lang.as_str()) {
                errors.push(
                    field,
                    format!("language {lang:?} is not one of fr, nl, de, en"),
                );
            }
            if text.trim().is_empty() {
                errors.push(field, format!("the {lang} text is empty"));
            }
        }
    }

    /// The text in `lang`, else in the first available language of fr, nl, de, en.
    pub fn get(&self, lang: &str) -> &str {
        self.0
            .get(lang)
            .or_else(|| LANGUAGES.iter().find_map(|l| self.0.get(*l)))
            .or_else(|| self.0.values().next())
            .map(String::as_str)
            .unwrap_or_default()
    }

    /// The language `get(lang)` answers in.
    pub fn language_of(&self, lang: &str) -> &str {
        if self.0.contains_key(lang) {
            return LANGUAGES
                .iter()
                .find(|l| **l == lang)
                .copied()
                .unwrap_or("fr");
        }
        LANGUAGES
            .iter()
            .find(|l| self.0.contains_key(**l))
            .copied()
            .unwrap_or("fr")
    }
}

/// ELM assessment types (Annex I element 9), mapped to the Europass vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentType {
    Practical,
    Written,
    Oral,
    Portfolio,
    Project,
    Continuous,
}

impl AssessmentType {
    pub fn concept(self) -> (&'static str, &'static str) {
        match self {
            Self::Practical => (
                "http://data.europa.eu/snb/assessment/6a4db9f11d",
                "Practical assessment",
            ),
            Self::Written => (
                "http://data.europa.eu/snb/assessment/6e6cb2cc78",
                "Written examination",
            ),
            Self::Oral => (
                "http://data.europa.eu/snb/assessment/d30284d7df",
                "Oral examination",
            ),
            Self::Portfolio => (
                "http://data.europa.eu/snb/assessment/4f03b91c0e",
                "Portfolio",
            ),
            Self::Project => (
                "http://data.europa.eu/snb/assessment/795dac4096",
                "Project work",
            ),
            Self::Continuous => (
                "http://data.europa.eu/snb/assessment/3484bd7e51",
                "Continuous evaluation",
            ),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Practical => "practical",
            Self::Written => "written",
            Self::Oral => "oral",
            Self::Portfolio => "portfolio",
            Self::Project => "project",
            Self::Continuous => "continuous",
        }
    }
}

/// Form of participation (Annex I element 10), ELM learning-assessment modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ParticipationMode {
    #[default]
    Presential,
    Online,
    Blended,
    WorkBased,
}

impl ParticipationMode {
    pub fn concept(self) -> (&'static str, &'static str) {
        match self {
            Self::Presential => (
                "http://data.europa.eu/snb/learning-assessment/9191af2ed9",
                "Presential",
            ),
            Self::Online => (
                "http://data.europa.eu/snb/learning-assessment/920fbb3cbe",
                "Online",
            ),
            Self::Blended => (
                "http://data.europa.eu/snb/learning-assessment/e92d221e4d",
                "Blended",
            ),
            Self::WorkBased => (
                "http://data.europa.eu/snb/learning-assessment/729f3bed4b",
                "Work-based",
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitDef {
    /// The UAA code, e.g. `UAA3`; unique within the profile version.
    pub code: String,
    pub title: LangMap,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LangMap>,
    pub learning_outcomes: Vec<LangMap>,
    pub ecvet_points: f64,
    pub assessment_type: AssessmentType,
    #[serde(default)]
    pub participation: ParticipationMode,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub esco_skills: Vec<String>,
    /// A unit whose validation lapses (e.g. a safety certificate) sets `validUntil`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity_days: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileDef {
    pub code: String,
    pub version: u32,
    pub title: LangMap,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LangMap>,
    pub eqf_level: u8,
    /// Level in the French Community's framework (CFC), 1 to 8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nqf_level: Option<u8>,
    /// ISCED-F 2013 detailed field, four digits (e.g. `0716`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isced_f: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    pub units: Vec<UnitDef>,
}

/// A referential file: one or more profiles (`unitcred import-referential`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferentialFile {
    pub profiles: Vec<ProfileDef>,
}

fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 64
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
}

impl ProfileDef {
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::default();
        if !valid_code(&self.code) {
            e.push("code", "use 1-64 letters, digits, '-', '_' or '.'");
        }
        if self.version == 0 {
            e.push("version", "versions start at 1");
        }
        self.title.validate("title", &mut e);
        if let Some(d) = &self.description {
            d.validate("description", &mut e);
        }
        if !(1..=8).contains(&self.eqf_level) {
            e.push("eqf_level", "EQF levels are 1 to 8");
        }
        if let Some(n) = self.nqf_level
            && !(1..=8).contains(&n)
        {
            e.push("nqf_level", "CFC levels are 1 to 8");
        }
        if let Some(code) = &self.isced_f
            && (code.len() != 4 || !code.bytes().all(|b| b.is_ascii_digit()))
        {
            e.push("isced_f", "an ISCED-F 2013 detailed field has four digits");
        }
        if self.units.is_empty() {
            e.push("units", "a profile needs at least one unit");
        }
        let mut seen = BTreeSet::new();
        for (i, u) in self.units.iter().enumerate() {
            let f = |name: &str| format!("units[{i}].{name}");
            if !valid_code(&u.code) {
                e.push(&f("code"), "use 1-64 letters, digits, '-', '_' or '.'");
            }
            if !seen.insert(u.code.as_str()) {
                e.push(&f("code"), format!("unit code {} appears twice", u.code));
            }
            u.title.validate(&f("title"), &mut e);
            if u.learning_outcomes.is_empty() {
                e.push(
                    &f("learning_outcomes"),
                    "list at least one learning outcome",
                );
            }
            for (j, lo) in u.learning_outcomes.iter().enumerate() {
                lo.validate(&f(&format!("learning_outcomes[{j}]")), &mut e);
            }
            if !(u.ecvet_points.is_finite() && u.ecvet_points > 0.0 && u.ecvet_points <= 240.0) {
                e.push(
                    &f("ecvet_points"),
                    "ECVET points must be > 0 and at most 240",
                );
            }
            for s in &u.esco_skills {
                if !s.starts_with("http://data.europa.eu/esco/skill/") {
                    e.push(&f("esco_skills"), format!("{s} is not an ESCO skill URI"));
                }
            }
            if u.validity_days == Some(0) {
                e.push(&f("validity_days"), "must be at least 1 when given");
            }
        }
        e.into_result()
    }

    pub fn unit(&self, code: &str) -> Option<&UnitDef> {
        self.units.iter().find(|u| u.code == code)
    }

    pub fn total_ecvet_points(&self) -> f64 {
        self.units.iter().map(|u| u.ecvet_points).sum()
    }
}

/// CFC (French Community of Belgium) framework level concepts, from the ELM NQF code list.
pub fn cfc_level_uri(level: u8) -> Option<&'static str> {
    Some(match level {
        1 => "http://data.europa.eu/snb/qdr/c_9c785d58",
        2 => "http://data.europa.eu/snb/qdr/c_15435c11",
        3 => "http://data.europa.eu/snb/qdr/c_19d85def",
        4 => "http://data.europa.eu/snb/qdr/c_baa10a4e",
        5 => "http://data.europa.eu/snb/qdr/c_cf6bd5a1",
        6 => "http://data.europa.eu/snb/qdr/c_09d0ebb0",
        7 => "http://data.europa.eu/snb/qdr/c_4e0e5f6b",
        8 => "http://data.europa.eu/snb/qdr/c_165020a6",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lm(fr: &str) -> LangMap {
        LangMap([("fr".to_owned(), fr.to_owned())].into_iter().collect())
    }

    fn unit(code: &str) -> UnitDef {
        UnitDef {
            code: code.into(),
            title: lm("Titre"),
            description: None,
            learning_outcomes: vec![lm("Savoir faire")],
            ecvet_points: 4.0,
            assessment_type: AssessmentType::Practical,
            participation: ParticipationMode::Presential,
            esco_skills: vec![],
            validity_days: None,
        }
    }

    #[test]
    fn validation_reports_every_problem_with_its_field() {
        let p = ProfileDef {
            code: "bad code".into(),
            version: 0,
            title: LangMap(BTreeMap::new()),
            description: None,
            eqf_level: 9,
            nqf_level: Some(0),
            isced_f: Some("71".into()),
            sector: None,
            units: vec![
                unit("UAA1"),
                UnitDef {
                    ecvet_points: -1.0,
                    ..unit("UAA1")
                },
            ],
        };
        let errs = p.validate().expect_err("invalid");
        let fields: Vec<&str> = errs.0.iter().map(|i| i.field.as_str()).collect();
        for f in [
            "code",
            "version",
            "title",
            "eqf_level",
            "nqf_level",
            "isced_f",
            "units[1].code",
            "units[1].ecvet_points",
        ] {
            assert!(fields.contains(&f), "{f} missing from {fields:?}");
        }
    }

    #[test]
    fn lang_map_falls_back_in_preference_order() {
        let m = LangMap(
            [
                ("nl".to_owned(), "Titel".to_owned()),
                ("en".to_owned(), "Title".to_owned()),
            ]
            .into(),
        );
        assert_eq!(m.get("de"), "Titel");
        assert_eq!(m.language_of("de"), "nl");
        assert_eq!(m.get("en"), "Title");
    }
}
