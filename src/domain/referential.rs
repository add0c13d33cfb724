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
    /// Notional workload in hours (Europass `volumeOfLearning`), when the referential says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<u32>,
    /// A company tutor's result counts only once a school assessor has co-signed it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub requires_cosignature: bool,
}

/// How a completed qualification is awarded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AwardMode {
    /// The qualification credential is issued as soon as the rule is satisfied.
    #[default]
    Automatic,
    /// A satisfied rule opens an award that an admin confirms or refuses (jury decision).
    Jury,
}

/// "At least `min` of these units". Units in no group are mandatory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceGroup {
    pub name: String,
    pub min: u32,
    pub units: Vec<String>,
}

/// Unit `from_unit` of version `from_version` of the same profile counts as `unit` here, so a
/// learner who started under an older version can finish under this one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Equivalence {
    pub from_version: u32,
    pub from_unit: String,
    pub unit: String,
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
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choice_groups: Vec<ChoiceGroup>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub equivalences: Vec<Equivalence>,
    #[serde(default)]
    pub award: AwardMode,
}

/// Where a learner stands against a profile's rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleOutcome {
    pub satisfied: bool,
    pub missing_mandatory: Vec<String>,
    pub groups: Vec<GroupProgress>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupProgress {
    pub name: String,
    pub min: u32,
    pub validated: Vec<String>,
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
        for (i, g) in self.choice_groups.iter().enumerate() {
            let f = format!("choice_groups[{i}]");
            if g.units.is_empty() || g.min == 0 || g.min as usize > g.units.len() {
                e.push(
                    &f,
                    "min must be between 1 and the number of units in the group",
                );
            }
            for u in &g.units {
                if self.unit(u).is_none() {
                    e.push(&f, format!("unit {u} is not in the profile"));
                }
                if self
                    .choice_groups
                    .iter()
                    .filter(|o| o.units.contains(u))
                    .count()
                    > 1
                {
                    e.push(&f, format!("unit {u} is in more than one group"));
                }
            }
        }
        for (i, q) in self.equivalences.iter().enumerate() {
            let f = format!("equivalences[{i}]");
            if q.from_version >= self.version {
                e.push(&f, "an equivalence maps a unit of an older version");
            }
            if self.unit(&q.unit).is_none() {
                e.push(&f, format!("unit {} is not in the profile", q.unit));
            }
        }
        e.into_result()
    }

    pub fn is_mandatory(&self, code: &str) -> bool {
        !self
            .choice_groups
            .iter()
            .any(|g| g.units.iter().any(|u| u == code))
    }

    /// Evaluates the rule: every mandatory unit, and at least `min` units of each group.
    pub fn evaluate(&self, validated: &BTreeSet<String>) -> RuleOutcome {
        let missing_mandatory: Vec<String> = self
            .units
            .iter()
            .filter(|u| self.is_mandatory(&u.code) && !validated.contains(&u.code))
            .map(|u| u.code.clone())
            .collect();
        let groups: Vec<GroupProgress> = self
            .choice_groups
            .iter()
            .map(|g| GroupProgress {
                name: g.name.clone(),
                min: g.min,
                validated: g
                    .units
                    .iter()
                    .filter(|u| validated.contains(*u))
                    .cloned()
                    .collect(),
            })
            .collect();
        let satisfied = missing_mandatory.is_empty()
            && groups.iter().all(|g| g.validated.len() as u32 >= g.min);
        RuleOutcome {
            satisfied,
            missing_mandatory,
            groups,
        }
    }

    pub fn unit(&self, code: &str) -> Option<&UnitDef> {
        self.units.iter().find(|u| u.code == code)
    }

    pub fn total_ecvet_points(&self) -> f64 {
        self.units.iter().map(|u| u.ecvet_points).sum()
    }

    /// The fewest points that satisfy the rule: every mandatory unit, plus the lightest `min`
    /// units of each choice group.
    pub fn required_ecvet_points(&self) -> f64 {
        let mandatory: f64 = self
            .units
            .iter()
            .filter(|u| self.is_mandatory(&u.code))
            .map(|u| u.ecvet_points)
            .sum();
        let options: f64 = self
            .choice_groups
            .iter()
            .map(|g| {
                let mut points: Vec<f64> = g
                    .units
                    .iter()
                    .filter_map(|code| self.unit(code).map(|u| u.ecvet_points))
                    .collect();
                points.sort_by(f64::total_cmp);
                points.iter().take(g.min as usize).sum::<f64>()
            })
            .sum();
        mandatory + options
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
            hours: None,
            requires_cosignature: false,
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
            choice_groups: vec![ChoiceGroup {
                name: "opt".into(),
                min: 3,
                units: vec!["UAA1".into()],
            }],
            equivalences: vec![Equivalence {
                from_version: 1,
                from_unit: "X".into(),
                unit: "NOPE".into(),
            }],
            award: AwardMode::Automatic,
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
    fn rules_combine_mandatory_units_and_choice_groups() {
        let mut p = ProfileDef {
            code: "Q".into(),
            version: 1,
            title: lm("Q"),
            description: None,
            eqf_level: 4,
            nqf_level: None,
            isced_f: None,
            sector: None,
            units: vec![unit("A"), unit("B"), unit("C"), unit("D")],
            choice_groups: vec![ChoiceGroup {
                name: "opt".into(),
                min: 2,
                units: vec!["B".into(), "C".into(), "D".into()],
            }],
            equivalences: vec![],
            award: AwardMode::Automatic,
        };
        assert!(p.validate().is_ok());
        let set = |codes: &[&str]| codes.iter().map(|c| c.to_string()).collect::<BTreeSet<_>>();
        assert!(
            !p.evaluate(&set(&["B", "C", "D"])).satisfied,
            "A is mandatory"
        );
        assert!(
            !p.evaluate(&set(&["A", "B"])).satisfied,
            "two options needed"
        );
        assert!(p.evaluate(&set(&["A", "B", "D"])).satisfied);
        assert_eq!(
            p.evaluate(&set(&["B"])).missing_mandatory,
            vec!["A".to_owned()]
        );
        // A (4) plus the two lightest options: C (1) and B (4), not D (9).
        p.units[2].ecvet_points = 1.0;
        p.units[3].ecvet_points = 9.0;
        assert_eq!(p.required_ecvet_points(), 9.0);
        assert_eq!(p.total_ecvet_points(), 18.0);
        p.choice_groups.clear();
        assert!(
            !p.evaluate(&set(&["A", "B", "D"])).satisfied,
            "without groups every unit is mandatory"
        );
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
