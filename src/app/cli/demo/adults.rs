//! The demo's two adults' routes to a unit: a candidate in validation of prior learning (two
//! units validated by a jury on a portfolio, the rest open) and an apprentice placed with a
//! garage, with a tutor's result issued and another awaiting the school's co-signature.

use time::Duration;

use crate::domain::assessment::{NewAssessment, Outcome};
use crate::domain::provider::{Provider, Role};
use crate::domain::referential::AssessmentType;
use crate::services::validation::{self, Document, NewDecision, NewProcedure};
use crate::services::workplace::{self, NewCompany, NewPlacement};
use crate::state::AppState;

pub const TUTOR_EMAIL: &str = "tuteur@garage-dupont.example";

/// Seeds both routes (once, with the rest of the demo school).
pub async fn seed(state: &AppState, provider: &Provider) -> anyhow::Result<()> {
    let today = state.clock.now().date();
    let fail = |e: crate::error::ApiError| anyhow::anyhow!("demo adults: {e}");

    let candidate = super::super::sample_learner(
        "Karim",
        "Benali",
        Some("karim.benali@example.be".into()),
        "VAE-001".into(),
    );
    state
        .store
        .insert_learner(provider.id, &candidate, state.clock.now())
        .await?;
    let procedure = validation::open(
        state,
        provider,
        "demo",
        NewProcedure {
            learner_id: candidate.id,
            profile_code: "MECA-AUTO".into(),
            profile_version: 1,
            note: Some("Mécanicien en atelier depuis 8 ans, sans diplôme".into()),
        },
    )
    .await
    .map_err(fail)?;
    let mut evidence = Vec::new();
    for (description, content) in [
        (
            "Attestation d'emploi : 8 ans comme mécanicien (Garage du Centre)",
            "Attestation d'emploi - démo",
        ),
        (
            "Dossier de preuves : entretiens et freinage, photos commentées",
            "Dossier de preuves - démo",
        ),
    ] {
        let item = validation::add_document(
            state,
            provider,
            "demo",
            procedure.id,
            Document {
                description,
                file_name: Some("preuve.txt"),
                media_type: "text/plain",
                content: content.as_bytes(),
            },
        )
        .await
        .map_err(fail)?;
        evidence.push(serde_json::from_value(item["id"].clone())?);
    }
    validation::decide(
        state,
        provider,
        "demo",
        procedure.id,
        NewDecision {
            units: vec!["UAA1".into(), "UAA2".into()],
            outcome: Outcome::Validated,
            methods: vec![AssessmentType::Portfolio, AssessmentType::Practical],
            evidence,
            jury: "Jury de validation des compétences".into(),
            decided_on: today - Duration::days(20),
            note: None,
        },
        None,
    )
    .await
    .map_err(fail)?;

    let apprentice = super::super::sample_learner(
        "Léa",
        "Martin",
        Some("lea.martin@example.be".into()),
        "ALT-001".into(),
    );
    state
        .store
        .insert_learner(provider.id, &apprentice, state.clock.now())
        .await?;
    let company = workplace::create_company(
        state,
        provider,
        "demo",
        NewCompany {
            name: "Garage Dupont SRL".into(),
            country_code: "BE".into(),
            identifier: Some("BE0123456789".into()),
        },
    )
    .await
    .map_err(fail)?;
    workplace::place(
        state,
        provider,
        "demo",
        company.id,
        NewPlacement {
            learner_id: apprentice.id,
            starts_on: today - Duration::days(90),
            ends_on: None,
        },
    )
    .await
    .map_err(fail)?;
    // UAA3 is issued on the tutor's word; UAA4 asks for the school's co-signature.
    for (unit, days) in [("UAA3", 40), ("UAA4", 7)] {
        workplace::record(
            state,
            provider,
            "tutor:demo",
            company.id,
            NewAssessment {
                learner_id: apprentice.id,
                profile_code: "MECA-AUTO".into(),
                profile_version: 1,
                unit_code: unit.into(),
                assessed_on: today - Duration::days(days),
                outcome: Outcome::Validated,
                assessor: "Paul Dupont".into(),
                assessment_type: None,
                remediation_note: None,
            },
            None,
        )
        .await
        .map_err(fail)?;
    }
    let hash = crate::crypto::password::hash(&crate::services::keys::random_secret(12))?;
    state
        .store
        .insert_staff(&crate::storage::NewStaff {
            id: uuid::Uuid::now_v7(),
            provider_id: provider.id,
            email: TUTOR_EMAIL,
            name: "Paul Dupont",
            role: Role::Tutor.as_str(),
            password_hash: &hash,
            created_by: "demo",
            created_at: state.clock.now(),
            company_id: Some(company.id),
        })
        .await?;
    Ok(())
}
