//! `unitcred demo`: a ready-to-explore server on embedded SQLite. It creates (once) a demo
//! school with the catalogue in `src/demo/catalogue.json` (auto mechanic, automatic award, with
//! an option group; hairdressing, jury award), learners at every stage and their results, then
//! prints the URLs and a fresh admin token and serves.

use std::sync::Arc;

use time::Duration;

use crate::app::config::{Config, ServerArgs};
use crate::app::startup::{Application, build_state};
use crate::domain::provider::{DidMethod, NewProvider, Provider, Role};
use crate::services::keys::{new_token, token_hash};
use crate::support::clock::SystemClock;

mod adults;

const CATALOGUE: &str = include_str!("demo/catalogue.json");
const SLUG: &str = "athenee-demo";

pub async fn run(args: ServerArgs) -> anyhow::Result<()> {
    let mut config = Config::from_args(&args)?;
    // The demo is also what the W3C conformance suites are run against (README).
    config.example_contexts = true;
    let state = build_state(config, Arc::new(SystemClock)).await?;
    let (provider, created) = provider_once(
        &state,
        NewProvider {
            slug: SLUG.into(),
            name: "Athénée royal de démonstration".into(),
            country_code: "BE".into(),
            url: Some("https://www.example.be".into()),
            did_method: DidMethod::Web,
            quality_assurance: Some(
                "Enseignement qualifiant organisé par la Fédération Wallonie-Bruxelles, sous inspection".into(),
            ),
        },
    )
    .await?;
    if created {
        crate::services::referential::import_referential(&state, SLUG, CATALOGUE).await?;
        seed_learners(&state, &provider).await?;
        adults::seed(&state, &provider).await?;
    }
    demo_seal(&state, &provider).await?;
    let token = admin_token(&state, &provider).await?;
    let conformance = conformance_provider(&state).await?;
    let conformance_token = admin_token(&state, &conformance).await?;

    // A console account for the school's management, with a new password at each start, and a
    // personal link for the first learner.
    let password = crate::services::keys::random_secret(12);
    let hash = crate::crypto::password::hash(&password)?;
    let staff = crate::storage::NewStaff {
        id: uuid::Uuid::now_v7(),
        provider_id: provider.id,
        email: STAFF_EMAIL,
        name: "Direction (démo)",
        role: Role::Admin.as_str(),
        password_hash: &hash,
        created_by: "demo",
        created_at: state.clock.now(),
        company_id: None,
    };
    if !state.store.insert_staff(&staff).await? {
        state.store.set_staff_password(STAFF_EMAIL, &hash).await?;
    }
    // The company tutor's account (seeded with the apprentice), a new password too.
    let tutor_password = crate::services::keys::random_secret(12);
    let tutor_hash = crate::crypto::password::hash(&tutor_password)?;
    state
        .store
        .set_staff_password(adults::TUTOR_EMAIL, &tutor_hash)
        .await?;
    let learner_link = demo_learner_link(&state, &provider).await?;

    let base = &state.config.public_url;
    let credentials = state.store.count_credentials(provider.id).await?;
    println!(
        "unitcred demo: {} ({credentials} credentials issued)",
        provider.name
    );
    println!("  console         {base}/console  ({STAFF_EMAIL} / {password})");
    println!(
        "  company tutor   {base}/console  ({} / {tutor_password})",
        adults::TUTOR_EMAIL
    );
    println!("  learner page    {learner_link}");
    println!("  verifier page   {base}/verify");
    println!("  API             {base}/v1  (Authorization: Bearer {token})");
    println!("  verifier        POST {base}/credentials/verify");
    println!(
        "  DID document    {base}/providers/{SLUG}/did.json   ({})",
        provider.did
    );
    println!("  OpenAPI         {base}/openapi.json");
    println!(
        "  jury            curl -H 'Authorization: Bearer {token}' {base}/v1/awards?status=pending"
    );
    println!("  try             curl -H 'Authorization: Bearer {token}' {base}/v1/credentials");
    println!(
        "  W3C suites      issuer {} (Bearer {conformance_token}): POST {base}/credentials/issue, \
         /jcs/credentials/issue, /jwt/credentials/issue, /credentials/verify, /presentations/verify",
        conformance.did
    );
    let app = Application::with_state(state).await?;
    app.run_until_stopped().await?;
    Ok(())
}

/// A new admin token of `provider`: tokens are stored hashed, so each demo start issues one
/// to print.
async fn admin_token(
    state: &crate::state::AppState,
    provider: &Provider,
) -> anyhow::Result<String> {
    let token = new_token();
    let mut tx = state.store.begin().await?;
    tx.insert_token(
        provider.id,
        &token_hash(&token),
        Role::Admin,
        "demo",
        state.clock.now(),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// The provider the W3C conformance suites issue as: a `did:key`, which they resolve
/// themselves without the network (they cannot resolve `did:web`).
async fn conformance_provider(state: &crate::state::AppState) -> anyhow::Result<Provider> {
    let input = NewProvider {
        slug: "w3c-conformance".into(),
        name: "W3C conformance issuer (démo)".into(),
        country_code: "BE".into(),
        url: None,
        did_method: DidMethod::Key,
        quality_assurance: None,
    };
    Ok(provider_once(state, input).await?.0)
}

/// The provider with `input`'s slug, made from `input` the first time; whether it was made.
async fn provider_once(
    state: &crate::state::AppState,
    input: NewProvider,
) -> anyhow::Result<(Provider, bool)> {
    if let Some(p) = state.store.provider_by_slug(&input.slug).await? {
        return Ok((p, false));
    }
    let (p, _) = state
        .keyring
        .create_provider(
            &state.store,
            state.clock.as_ref(),
            state.config.public_host(),
            &input,
        )
        .await?;
    Ok((p, true))
}

/// A development e-seal for the demo school, and its CA among the trusted seal CAs, so the
/// Europass (EDC) form of every credential can be sealed and verified. A real school installs
/// a qualified e-seal certificate instead (README, "Europass").
async fn demo_seal(state: &crate::state::AppState, provider: &Provider) -> anyhow::Result<()> {
    if state.store.active_seal(provider.id).await?.is_some() {
        return Ok(());
    }
    let now = state.clock.now();
    let dev = crate::europass::certs::dev_seal(
        &provider.country_code,
        &provider.name,
        DEMO_EIDAS_ID,
        crate::europass::certs::KeyKind::Rsa2048,
        now - Duration::days(1),
        730,
    )?;
    let key =
        crate::europass::seal::SealKey::from_pem(dev.chain_pem.as_bytes(), dev.key_pem.as_bytes())?;
    state
        .keyring
        .install_seal(&state.store, state.clock.as_ref(), provider, "demo", key)
        .await
        .map_err(|e| anyhow::anyhow!("demo seal: {e}"))?;
    let ca = crate::europass::trust_list::from_pem(&dev.ca_pem).map_err(anyhow::Error::msg)?;
    let records = ca
        .iter()
        .map(|c| crate::europass::trust_list::record(c, "demo development CA", now))
        .collect::<Result<Vec<_>, _>>()
        .map_err(anyhow::Error::msg)?;
    state
        .store
        .replace_seal_anchors("demo development CA", &records, true)
        .await?;
    Ok(())
}

/// The demo school's (fictitious) eIDAS organisation identifier, as its seal names it.
const DEMO_EIDAS_ID: &str = "VATBE-0999999999";

/// Learners at every stage, as a school would record them: a cohort result file imported the
/// way `unitcred import-results` does, so the demo starts with one qualification issued by the
/// import and one awaiting the jury.
const STAFF_EMAIL: &str = "direction@athenee-demo.example";

/// A fresh personal link for the demo's first learner (codes are stored hashed).
async fn demo_learner_link(
    state: &crate::state::AppState,
    provider: &Provider,
) -> anyhow::Result<String> {
    let learners = state
        .store
        .learners(provider.id, 100, 0, None, None)
        .await?;
    let Some(learner) = learners
        .iter()
        .find(|l| l.doc.external_ref.as_deref() == Some("CPU-001"))
    else {
        return Ok(String::new());
    };
    let code = format!("ucl_{}", crate::services::keys::random_secret(32));
    let now = state.clock.now();
    state
        .store
        .insert_learner_access(&crate::storage::NewAccess {
            id: uuid::Uuid::now_v7(),
            provider_id: provider.id,
            learner_id: learner.id,
            token_hash: &token_hash(&code),
            label: "demo",
            created_by: "demo",
            created_at: now,
            expires_at: now + time::Duration::days(30),
        })
        .await?;
    Ok(format!(
        "{}/learner/open?code={code}",
        state.config.public_url.trim_end_matches('/')
    ))
}

async fn seed_learners(
    state: &crate::state::AppState,
    provider: &crate::domain::provider::Provider,
) -> anyhow::Result<()> {
    let learners = [
        ("CPU-001", "Amina", "El Idrissi"),
        ("CPU-002", "Lucas", "Dubois"),
        ("CPU-003", "Noah", "Lambert"),
        ("CPU-004", "Sofia", "Rossi"),
        ("CPU-005", "Emma", "Peeters"),
    ];
    for (reference, given, family) in learners {
        let email = format!("{}@example.be", given.to_lowercase());
        let learner = super::sample_learner(given, family, Some(email), reference.into());
        state
            .store
            .insert_learner(provider.id, &learner, state.clock.now())
            .await?;
    }
    let file = results_file(state.clock.now().date());
    let report = crate::services::import::import_results(
        state,
        provider,
        "demo",
        crate::services::import::FileFormat::Csv,
        file.as_bytes(),
        &|_| {},
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo results: {e}"))?;
    anyhow::ensure!(
        report.rejected == 0,
        "demo results rejected: {:?}",
        report.errors
    );
    Ok(())
}

/// The demo cohort's results, dated relative to `today`:
/// - CPU-001 fails UAA1, is remediated and validates it, then UAA2 (in progress);
/// - CPU-002 validates every mandatory unit and the UAA5 option: the qualification is issued;
/// - CPU-003 fails UAA3 and is in remediation;
/// - CPU-004 validates all hairdressing units: the award waits for the jury;
/// - CPU-005 is enrolled, nothing assessed yet.
fn results_file(today: time::Date) -> String {
    let rows: [(&str, &str, &str, &str, i64, &str); 13] = [
        (
            "CPU-001",
            "MECA-AUTO",
            "UAA1",
            "not_validated",
            60,
            "Reprendre la procédure de vidange",
        ),
        ("CPU-001", "MECA-AUTO", "UAA1", "validated", 30, ""),
        ("CPU-001", "MECA-AUTO", "UAA2", "validated", 10, ""),
        ("CPU-002", "MECA-AUTO", "UAA1", "validated", 90, ""),
        ("CPU-002", "MECA-AUTO", "UAA2", "validated", 75, ""),
        ("CPU-002", "MECA-AUTO", "UAA3", "validated", 45, ""),
        ("CPU-002", "MECA-AUTO", "UAA4", "validated", 20, ""),
        ("CPU-002", "MECA-AUTO", "UAA5", "validated", 2, ""),
        (
            "CPU-003",
            "MECA-AUTO",
            "UAA3",
            "not_validated",
            15,
            "Revoir la lecture des codes défauts OBD",
        ),
        ("CPU-004", "COIFF", "UAA1", "validated", 120, ""),
        ("CPU-004", "COIFF", "UAA2", "validated", 80, ""),
        ("CPU-004", "COIFF", "UAA3", "validated", 40, ""),
        ("CPU-004", "COIFF", "UAA4", "validated", 5, ""),
    ];
    let mut csv = String::from(
        "learner;profile;version;unit;assessed_on;outcome;assessor;remediation_note\n",
    );
    for (learner, profile, unit, outcome, days_ago, note) in rows {
        let on = today - Duration::days(days_ago);
        csv.push_str(&format!(
            "{learner};{profile};1;{unit};{on};{outcome};Jury de qualification;{note}\n"
        ));
    }
    csv
}
