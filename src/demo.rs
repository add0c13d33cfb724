//! `unitcred demo`: a ready-to-explore server on embedded SQLite. It creates (once) a demo
//! school with the catalogue in `src/demo/catalogue.json`, learners at different stages, and
//! their assessments, then prints the URLs and a fresh admin token and serves.

use std::sync::Arc;

use time::Duration;

use crate::clock::SystemClock;
use crate::config::{Config, ServerArgs};
use crate::domain::assessment::{NewAssessment, Outcome};
use crate::domain::learner::{Learner, LearnerDoc, new_salt};
use crate::domain::provider::{DidMethod, NewProvider, Role};
use crate::keyring::{new_token, token_hash};
use crate::startup::{Application, build_state};

const CATALOGUE: &str = include_str!("demo/catalogue.json");
const SLUG: &str = "athenee-demo";

pub async fn run(args: ServerArgs) -> anyhow::Result<()> {
    let config = Config::from_args(&args)?;
    let state = build_state(config, Arc::new(SystemClock)).await?;
    let provider = match state.store.provider_by_slug(SLUG).await? {
        Some(p) => p,
        None => {
            let input = NewProvider {
                slug: SLUG.into(),
                name: "Athénée royal de démonstration".into(),
                country_code: "BE".into(),
                url: Some("https://www.example.be".into()),
                did_method: DidMethod::Web,
                quality_assurance: Some(
                    "Enseignement qualifiant organisé par la Fédération Wallonie-Bruxelles, sous inspection".into(),
                ),
            };
            let (p, _) = state
                .keyring
                .create_provider(
                    &state.store,
                    state.clock.as_ref(),
                    state.config.public_host(),
                    &input,
                )
                .await?;
            crate::cli::import_referential(&state, SLUG, CATALOGUE).await?;
            seed_learners(&state, &p).await?;
            p
        }
    };
    // Tokens are stored hashed, so each demo start issues a new one to print.
    let token = new_token();
    let mut tx = state.store.begin().await?;
    tx.insert_token(
        provider.id,
        &token_hash(&token),
        Role::Admin,
        "demo",
        state.clock.now(),
    )
    .await?;
    tx.commit().await?;

    let base = &state.config.public_url;
    let credentials = state.store.count_credentials(provider.id).await?;
    println!(
        "unitcred demo: {} ({credentials} credentials issued)",
        provider.name
    );
    println!("  API             {base}/v1  (Authorization: Bearer {token})");
    println!("  verifier        POST {base}/credentials/verify");
    println!(
        "  DID document    {base}/providers/{SLUG}/did.json   ({})",
        provider.did
    );
    println!("  OpenAPI         {base}/openapi.json");
    println!("  try             curl -H 'Authorization: Bearer {token}' {base}/v1/credentials");
    let app = Application::with_state(state).await?;
    app.run_until_stopped().await?;
    Ok(())
}

async fn seed_learners(
    state: &crate::state::AppState,
    provider: &crate::domain::provider::Provider,
) -> anyhow::Result<()> {
    let today = state.clock.now().date();
    let learners = [
        ("Amina", "El Idrissi", "amina@example.be", "MECA-AUTO"),
        ("Lucas", "Dubois", "lucas@example.be", "MECA-AUTO"),
        ("Sofia", "Rossi", "sofia@example.be", "COIFF"),
    ];
    for (i, (given, family, email, profile)) in learners.into_iter().enumerate() {
        let learner = Learner {
            id: uuid::Uuid::new_v4(),
            doc: LearnerDoc {
                given_name: given.into(),
                family_name: family.into(),
                date_of_birth: None,
                email: Some(email.into()),
                wallet_did: None,
                external_ref: None,
                language: "fr".into(),
            },
            subject_salt: new_salt(),
        };
        state
            .store
            .insert_learner(provider.id, &learner, state.clock.now())
            .await?;
        // Learner 0 fails UAA1, is remediated and validates it; learner 1 validates two units;
        // learner 2 validates one unit.
        let mut attempts = vec![];
        match i {
            0 => {
                attempts.push((
                    "UAA1",
                    Outcome::NotValidated,
                    40,
                    Some("Reprendre la procédure de vidange"),
                ));
                attempts.push(("UAA1", Outcome::Validated, 10, None));
            }
            1 => {
                attempts.push(("UAA1", Outcome::Validated, 30, None));
                attempts.push(("UAA2", Outcome::Validated, 5, None));
            }
            _ => attempts.push(("UAA1", Outcome::Validated, 3, None)),
        }
        for (unit, outcome, days_ago, note) in attempts {
            let input = NewAssessment {
                learner_id: learner.id,
                profile_code: profile.into(),
                profile_version: 1,
                unit_code: unit.into(),
                assessed_on: today - Duration::days(days_ago),
                outcome,
                assessor: "Jury de qualification".into(),
                assessment_type: None,
                remediation_note: note.map(str::to_owned),
            };
            crate::issuance::record_assessment(state, provider, input, None)
                .await
                .map_err(|e| anyhow::anyhow!("demo assessment: {e}"))?;
        }
    }
    Ok(())
}
