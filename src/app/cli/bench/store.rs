//! Measurements over a real store: a wallet bundle built and verified offline, a cohort
//! import end to end.

use super::*;

/// A server state on a fresh database (SQLite in a temporary folder unless a URL is given),
/// with one provider.
pub(super) async fn scratch(
    database_url: Option<String>,
) -> anyhow::Result<(
    crate::state::AppState,
    std::path::PathBuf,
    crate::domain::provider::Provider,
    String,
)> {
    use std::sync::Arc;

    use crate::app::config::{Config, ServerArgs, StorageArgs};
    use crate::domain::provider::NewProvider;

    let dir = std::env::temp_dir().join(format!(
        "unitcred-bench-{}-{}",
        std::process::id(),
        Instant::now().elapsed().as_nanos() ^ u128::from(rand::random::<u64>())
    ));
    std::fs::create_dir_all(&dir)?;
    let args = ServerArgs {
        bind: "127.0.0.1:0".parse()?,
        public_url: Some("https://certif.example.be".into()),
        storage: StorageArgs {
            data_dir: dir.clone(),
            database_url,
            master_key: Some(crate::crypto::keys::KeySealer::generate_encoded()),
        },
        operator_token: None,
        body_limit: 1 << 20,
        import_limit: 1 << 30,
        web_hosts: Vec::new(),
        trust_anchors: Vec::new(),
        example_contexts: false,
    };
    let state = crate::app::startup::build_state(
        Config::from_args(&args)?,
        Arc::new(crate::support::clock::SystemClock),
    )
    .await?;
    let slug = format!("bench-{:08x}", rand::random::<u32>());
    let (provider, _) = state
        .keyring
        .create_provider(
            &state.store,
            state.clock.as_ref(),
            state.config.public_host(),
            &NewProvider {
                slug: slug.clone(),
                name: "Centre de formation de référence".into(),
                country_code: "BE".into(),
                url: None,
                did_method: DidMethod::Web,
                quality_assurance: None,
            },
        )
        .await?;
    Ok((state, dir, provider, slug))
}

/// Builds the wallet bundle of a learner holding `units` unit credentials (and the
/// qualification), then verifies it offline; prints the times.
pub async fn bundle(units: usize, as_json: bool) -> anyhow::Result<()> {
    use crate::services::import::{FileFormat, import_results};

    let (state, dir, provider, slug) = scratch(None).await?;
    let unit_defs: Vec<Value> = (1..=units)
        .map(|i| json!({"code": format!("UAA{i}"), "title": {"fr": format!("Unité {i}"), "en": format!("Unit {i}")},
                        "learning_outcomes": [{"fr": "Réaliser la tâche", "en": "Carry out the task"}],
                        "ecvet_points": 3, "assessment_type": "practical"}))
        .collect();
    let referential = json!({"profiles": [{"code": "BENCH", "version": 1,
        "title": {"fr": "Qualification de référence"}, "eqf_level": 4, "units": unit_defs}]});
    crate::services::referential::import_referential(&state, &slug, &referential.to_string())
        .await?;
    let email = Some("amina@example.be".to_owned());
    let learner = crate::app::cli::sample_learner("Amina", "Bench", email, "B-1".into());
    state
        .store
        .insert_learner(provider.id, &learner, state.clock.now())
        .await?;
    let mut csv = String::from("learner,profile,version,unit,assessed_on,outcome,assessor\n");
    for i in 1..=units {
        csv.push_str(&format!("B-1,BENCH,1,UAA{i},2026-06-15,validated,Jury\n"));
    }
    import_results(
        &state,
        &provider,
        "bench",
        FileFormat::Csv,
        csv.as_bytes(),
        &|_| {},
    )
    .await?;
    let started = Instant::now();
    let first = crate::services::wallet::build(&state, &provider, learner.id).await?;
    let first_ms = started.elapsed().as_secs_f64() * 1000.0;
    let mut build_ms = Vec::new();
    let mut verify_ms = Vec::new();
    let schemas = crate::domain::schema::Schemas::load()?;
    for _ in 0..5 {
        let t = Instant::now();
        let bytes = crate::services::wallet::build(&state, &provider, learner.id).await?;
        build_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        anyhow::ensure!(bytes == first, "the bundle must be deterministic");
        let t = Instant::now();
        let files =
            crate::services::wallet::unzip(&bytes, crate::services::wallet::UPLOAD_UNPACKED)
                .map_err(|e| anyhow::anyhow!(e))?;
        let outcome = crate::services::offline::verify_bundle(
            &files,
            crate::jsonld::ContextLoader::pinned(),
            &schemas,
            state.clock.now(),
        )
        .await?;
        verify_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        anyhow::ensure!(
            outcome.ok,
            "the bench bundle must verify: {}",
            outcome.report
        );
    }
    state.store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (build, verify) = (median(&mut build_ms), median(&mut verify_ms));
    if as_json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({"units": units, "bundle_bytes": first.len(),
                "first_build_ms": first_ms, "build_ms": build, "offline_verify_ms": verify}))?
        );
    } else {
        println!(
            "wallet bundle, {units} units + qualification: {} bytes; first build {first_ms:.0} ms (signs the vc+jwt forms), then {build:.0} ms; offline verification {verify:.0} ms (medians of 5)",
            first.len()
        );
    }
    Ok(())
}

/// `unitcred bench --import-rows N`: the end-to-end rate of a cohort result import. A fresh
/// SQLite database (or the given one) gets a demo school, its catalogue and enough learners for
/// N rows, each learner validating every unit of the first profile (so qualifications are
/// issued too); the file is imported once (timed), then again (timed, nothing new).
pub async fn import(
    rows: usize,
    database_url: Option<String>,
    as_json: bool,
) -> anyhow::Result<()> {
    use std::fmt::Write as _;

    use crate::services::import::{FileFormat, import_results};

    let (state, dir, provider, slug) = scratch(database_url).await?;
    crate::services::referential::import_referential(
        &state,
        &slug,
        include_str!("../demo/catalogue.json"),
    )
    .await?;
    let file: ReferentialFile = serde_json::from_str(include_str!("../demo/catalogue.json"))?;
    let profile = file
        .profiles
        .first()
        .ok_or_else(|| anyhow::anyhow!("empty catalogue"))?;
    let units = profile.units.len();
    let learners = rows.div_ceil(units);
    let mut csv = String::from("learner,profile,version,unit,assessed_on,outcome,assessor\n");
    let now = state.clock.now();
    let mut written = 0;
    for i in 0..learners {
        let learner = crate::app::cli::sample_learner(
            &format!("Apprenant {i}"),
            "Bench",
            Some(format!("learner{i}@example.be")),
            format!("B-{i:06}"),
        );
        state
            .store
            .insert_learner(provider.id, &learner, now)
            .await?;
        for u in &profile.units {
            if written == rows {
                break;
            }
            written += 1;
            writeln!(
                csv,
                "B-{i:06},{},{},{},2026-06-15,validated,Jury",
                profile.code, profile.version, u.code
            )?;
        }
    }
    let (own, machine) = (cpu_seconds(), machine_cpu_seconds());
    let first = import_results(
        &state,
        &provider,
        "bench",
        FileFormat::Csv,
        csv.as_bytes(),
        &|_| {},
    )
    .await?;
    // CPU per unit credential (its share of the qualifications included), in µs: this
    // process's, and the rest of the machine's (a PostgreSQL server beside it).
    let per_credential = |seconds: f64| seconds * 1e6 / first.credentials_issued.max(1) as f64;
    let own = cpu_seconds() - own;
    let (own_us, others_us) = (
        per_credential(own),
        per_credential((machine_cpu_seconds() - machine - own).max(0.0)),
    );
    let again = import_results(
        &state,
        &provider,
        "bench",
        FileFormat::Csv,
        csv.as_bytes(),
        &|_| {},
    )
    .await?;
    state.store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    if first.rejected > 0 || again.recorded > 0 {
        anyhow::bail!("import bench: unexpected report {first:?} / {again:?}");
    }
    let rate = first.credentials_issued as f64 / first.seconds;
    if as_json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({
                "backend": state.store.backend(), "rows": first.rows,
                "credentials_issued": first.credentials_issued,
                "qualifications_issued": first.qualifications_issued,
                "seconds": first.seconds, "unit_credentials_per_sec": rate.round(),
                "rerun_seconds": again.seconds,
                "cpu_us_per_credential": {"this_process": own_us.round(), "other_processes": others_us.round()},
            }))?
        );
    } else {
        println!(
            "import of {} rows on {}: {} unit + {} qualification credentials in {:.2} s = {rate:.0} unit credentials/s; re-run (nothing new) {:.2} s\n  CPU per unit credential: this process {own_us:.0} µs, other processes (a database server on this machine) {others_us:.0} µs",
            first.rows,
            state.store.backend(),
            first.credentials_issued,
            first.qualifications_issued,
            first.seconds,
            again.seconds
        );
    }
    Ok(())
}
