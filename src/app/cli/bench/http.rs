//! `unitcred bench --http`: the service measured as its clients see it. A server on a fresh
//! store (SQLite in a temporary folder, or the given database) is driven over the loopback by
//! a load generator in the same process, with a bounded number of requests: durable issuance
//! (`POST /v1/assessments`, a distinct learner and unit each, one unit credential each), then
//! `POST /credentials/verify` on a credential it issued, in `eddsa-rdfc-2022` and `vc+jwt`
//! (status and trust checked). Each rate is printed next to the same work done in-process on
//! one core in the same run, with latency p50, p99 and max.

use std::sync::Arc;

use axum::body::Bytes;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;
use crate::domain::provider::Role;
use crate::services::keys::{new_token, token_hash};
use crate::state::Config;

/// Units in the bench profile: each learner validates all of them, one request each.
const UNITS: usize = 10;

/// What `--http` was asked for.
pub struct HttpArgs {
    pub requests: usize,
    pub connections: usize,
    /// Servers on the same database, the connections spread over them.
    pub replicas: usize,
    pub database_url: Option<String>,
    pub json: bool,
}

/// What the load generator reads of the answers: only the fields it checks.
#[derive(serde::Deserialize)]
struct Issued {
    credential: IssuedCredential,
}

#[derive(serde::Deserialize)]
struct IssuedCredential {
    issued: bool,
}

#[derive(serde::Deserialize)]
struct Verified {
    verified: bool,
}

/// One workload's figures.
struct Figures {
    name: &'static str,
    requests: usize,
    per_sec: f64,
    /// The same work in-process, one core, this run.
    in_process: f64,
    /// For verification: the verifier pipeline alone, one core, this run.
    pipeline: Option<f64>,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    /// CPU time of the process (servers and load generator) per request.
    cpu_ms: f64,
}

pub async fn http(args: HttpArgs) -> anyhow::Result<()> {
    let HttpArgs {
        requests,
        connections,
        replicas,
        database_url,
        json: as_json,
    } = args;
    anyhow::ensure!(
        requests > 0 && connections > 0 && replicas > 0,
        "nothing to measure"
    );
    let (state, dir, provider, slug) = super::store::scratch(database_url).await?;
    let unit_defs: Vec<Value> = (1..=UNITS)
        .map(|i| {
            json!({"code": format!("UAA{i}"), "title": {"fr": format!("Unité {i}")},
                        "learning_outcomes": [{"fr": "Réaliser la tâche"}],
                        "ecvet_points": 3, "assessment_type": "practical"})
        })
        .collect();
    // A jury decides the qualification, so that each request issues exactly one credential.
    let referential = json!({"profiles": [{"code": "BENCH", "version": 1, "award": "jury",
        "title": {"fr": "Qualification de référence"}, "eqf_level": 4, "units": unit_defs}]});
    crate::services::referential::import_referential(&state, &slug, &referential.to_string())
        .await?;
    let now = state.clock.now();
    let mut learners = Vec::new();
    for i in 0..requests.div_ceil(UNITS) {
        let family = format!("Bench {i}");
        let learner = crate::app::cli::sample_learner("Amina", &family, None, format!("H-{i}"));
        state
            .store
            .insert_learner(provider.id, &learner, now)
            .await?;
        learners.push(learner.id);
    }
    let token = new_token();
    let mut tx = state.store.begin().await?;
    tx.insert_token(
        provider.id,
        &token_hash(&token),
        Role::Admin,
        "bench",
        now,
        None,
    )
    .await?;
    tx.commit().await?;

    let mut bases = Vec::new();
    for i in 0..replicas {
        let served = if i == 0 {
            state.clone()
        } else {
            let config = Config::clone(&state.config);
            crate::app::startup::build_state(config, state.clock.clone()).await?
        };
        let app = crate::app::startup::Application::with_state(served).await?;
        bases.push(app.local_addr()?);
        tokio::spawn(app.run_until_stopped());
    }
    let bases = Arc::new(bases);
    let (idle_rss, _) = memory();

    // Durable issuance.
    let assessments: Vec<Value> = (0..requests)
        .map(|i| {
            json!({"learner_id": learners[i / UNITS], "profile_code": "BENCH", "profile_version": 1,
                   "unit_code": format!("UAA{}", i % UNITS + 1), "assessed_on": "2026-06-15",
                   "outcome": "validated", "assessor": "Jury"})
        })
        .collect();
    let bodies: Arc<Vec<Bytes>> = Arc::new(
        assessments
            .iter()
            .map(|a| serde_json::to_vec(a).map(Bytes::from))
            .collect::<Result<_, _>>()?,
    );
    let auth = format!("Bearer {token}");
    let cpu = cpu_seconds();
    let load = Load::new(&bases, connections, requests);
    let (issue_secs, issue_lat) = load
        .drive(
            move |i| Call {
                path: "/v1/assessments",
                headers: vec![
                    ("authorization", auth.clone()),
                    ("idempotency-key", format!("bench-{i}")),
                ],
                body: bodies[i].clone(),
            },
            |status, body| {
                anyhow::ensure!(status == 201, "issuance answered {status}");
                let body: Issued = serde_json::from_slice(body)?;
                anyhow::ensure!(body.credential.issued, "nothing issued");
                Ok(())
            },
        )
        .await?;
    let issue_cpu = (cpu_seconds() - cpu) * 1000.0 / requests as f64;
    let issued = state.store.credentials(provider.id, None).await?;
    anyhow::ensure!(
        issued.len() == requests,
        "{} credentials for {requests} requests",
        issued.len()
    );

    // The same signing in-process, one core: the default form of a unit credential.
    let key = state.keyring.signing_key(&state.store, &provider).await?;
    let sample = crate::services::forms::credential_document(
        &state,
        &provider,
        issued[0].id,
        crate::domain::credential::FORMAT_DI_RDFC,
    )
    .await?;
    let secured: Value = serde_json::from_slice(&sample.body)?;
    let (unsecured, _) = di::split_proofs(&secured)?;
    let sign_rate = measure("sign", 1.0, || {
        crate::services::forms::sign_form(
            &state,
            &unsecured,
            &key,
            now,
            crate::domain::credential::FORMAT_DI_RDFC,
        )
        .map(|_| ())
    })?;

    let mut loads = vec![Figures {
        name: "issue (POST /v1/assessments)",
        requests,
        per_sec: requests as f64 / issue_secs,
        in_process: sign_rate.ops_per_sec,
        pipeline: None,
        cpu_ms: issue_cpu,
        ..latencies(issue_lat)
    }];
    for (name, format) in [
        (
            "verify eddsa-rdfc-2022 (POST /credentials/verify)",
            "di-rdfc",
        ),
        ("verify vc+jwt (POST /credentials/verify)", "vc-jwt"),
    ] {
        let doc =
            crate::services::forms::credential_document(&state, &provider, issued[0].id, format)
                .await?;
        let vc: Value = if format == "vc-jwt" {
            Value::String(String::from_utf8(doc.body)?)
        } else {
            serde_json::from_slice(&doc.body)?
        };
        // In-process: the service the endpoint calls, one request at a time.
        let first =
            crate::services::verification::verification(&state, vc.clone(), Vec::new()).await?;
        anyhow::ensure!(
            first["verified"] == true,
            "{name}: does not verify: {first}"
        );
        anyhow::ensure!(
            first["checks"]
                .as_array()
                .is_some_and(|c| c.iter().any(|c| c["check"] == "status")),
            "{name}: status not checked"
        );
        let started = Instant::now();
        let mut n = 0u32;
        while started.elapsed() < Duration::from_secs(1) {
            crate::services::verification::verification(&state, vc.clone(), Vec::new()).await?;
            n += 1;
        }
        let in_process = f64::from(n) / started.elapsed().as_secs_f64();
        // The verifier pipeline alone, with the server's keys, lists and registry (held in
        // memory), status and trust checked: no answer built, no hand-over to another thread.
        let server = crate::services::verification::ServerVerification::new(&state).await?;
        let verifier = server.verifier();
        // Measured before and after the HTTP run, and averaged: these machines drift while a
        // run lasts, and a ratio should compare the same moments.
        let before = measure_async("pipeline", 1.0, || verifier.verify(&vc))
            .await?
            .ops_per_sec;

        let body = Bytes::from(serde_json::to_vec(&json!({ "verifiableCredential": vc }))?);
        let cpu = cpu_seconds();
        let (secs, lat) = Load::new(&bases, connections, requests)
            .drive(
                move |_| Call {
                    path: "/credentials/verify",
                    headers: Vec::new(),
                    body: body.clone(),
                },
                |status, body| {
                    anyhow::ensure!(status == 200, "verify answered {status}");
                    let answer: Verified = serde_json::from_slice(body)?;
                    anyhow::ensure!(
                        answer.verified,
                        "not verified: {}",
                        String::from_utf8_lossy(body)
                    );
                    Ok(())
                },
            )
            .await?;
        let cpu_ms = (cpu_seconds() - cpu) * 1000.0 / requests as f64;
        loads.push(Figures {
            name,
            requests,
            per_sec: requests as f64 / secs,
            in_process,
            pipeline: Some(
                (before
                    + measure_async("pipeline", 1.0, || verifier.verify(&vc))
                        .await?
                        .ops_per_sec)
                    / 2.0,
            ),
            cpu_ms,
            ..latencies(lat)
        });
    }
    let (rss, peak) = memory();
    state.store.close().await;
    let _ = std::fs::remove_dir_all(&dir);

    if as_json {
        let out: Vec<Value> = loads
            .iter()
            .map(|l| {
                json!({"workload": l.name, "requests": l.requests, "per_sec": l.per_sec.round(),
                            "in_process_per_sec": l.in_process.round(),
                            "ratio": (l.per_sec / l.in_process * 1000.0).round() / 1000.0,
                            "pipeline_per_sec": l.pipeline.map(f64::round),
                            "p50_ms": l.p50_ms, "p99_ms": l.p99_ms, "max_ms": l.max_ms,
                            "cpu_ms_per_request": (l.cpu_ms * 1000.0).round() / 1000.0})
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(
                &json!({"backend": state.store.backend(), "idle_rss_kib": idle_rss,
                "replicas": replicas, "connections": connections, "rss_kib": rss, "peak_rss_kib": peak, "results": out})
            )?
        );
        return Ok(());
    }
    println!(
        "unitcred bench --http: {} store, {replicas} server(s), {connections} connections, \
         {requests} requests a workload",
        state.store.backend()
    );
    println!(
        "{:<50} {:>8} {:>11} {:>6} {:>9} {:>6} {:>8} {:>8} {:>8} {:>8}",
        "workload",
        "req/s",
        "in-process",
        "ratio",
        "pipeline",
        "ratio",
        "p50 ms",
        "p99 ms",
        "max ms",
        "cpu ms"
    );
    for l in &loads {
        let (pipeline, to_pipeline) = match l.pipeline {
            Some(p) => (format!("{p:.0}"), format!("{:.0}%", 100.0 * l.per_sec / p)),
            None => ("–".to_owned(), "–".to_owned()),
        };
        println!(
            "{:<50} {:>8.0} {:>11.0} {:>5.0}% {:>9} {:>6} {:>8.1} {:>8.1} {:>8.1} {:>8.2}",
            l.name,
            l.per_sec,
            l.in_process,
            100.0 * l.per_sec / l.in_process,
            pipeline,
            to_pipeline,
            l.p50_ms,
            l.p99_ms,
            l.max_ms,
            l.cpu_ms
        );
    }
    println!(
        "in-process: issue = eddsa-rdfc-2022 signing of the same credential; verify = the \
         endpoint's service called in a loop; pipeline = the verifier alone (status and \
         trust checked, no answer built; the mean of one second before and one after the HTTP \
         run); one core each. cpu ms: the process's CPU time (servers and load generator) per \
         request. Load: one keep-alive HTTP/1.1 connection per client"
    );
    println!(
        "memory (servers and load generator): RSS {} MiB before the load, {} MiB after, peak {} MiB",
        idle_rss / 1024,
        rss / 1024,
        peak / 1024
    );
    Ok(())
}

/// One request of a workload: the path, its own headers, the body (JSON).
struct Call {
    path: &'static str,
    headers: Vec<(&'static str, String)>,
    body: Bytes,
}

/// The load generator: `connections` clients, each on its own keep-alive HTTP/1.1 connection
/// (spread over the servers), sending its requests one after the other, as wrk does. It
/// shares the two cores with the server, so it does only what a client must: send, read the
/// answer, check the one field that says it worked (no pool, retries or redirects).
struct Load<'a> {
    bases: &'a Arc<Vec<std::net::SocketAddr>>,
    connections: usize,
    requests: usize,
}

impl<'a> Load<'a> {
    fn new(bases: &'a Arc<Vec<std::net::SocketAddr>>, connections: usize, requests: usize) -> Self {
        Self {
            bases,
            connections,
            requests,
        }
    }

    /// Runs the requests; the elapsed seconds and each request's latency.
    async fn drive<M, C>(&self, make: M, check: C) -> anyhow::Result<(f64, Vec<Duration>)>
    where
        M: Fn(usize) -> Call + Send + Sync + 'static,
        C: Fn(u16, &[u8]) -> anyhow::Result<()> + Send + Sync + 'static,
    {
        use http_body_util::{BodyExt, Full};
        let next = Arc::new(AtomicUsize::new(0));
        let (make, check) = (Arc::new(make), Arc::new(check));
        let requests = self.requests;
        let started = Instant::now();
        let mut workers = tokio::task::JoinSet::new();
        for worker in 0..self.connections {
            let addr = self.bases[worker % self.bases.len()];
            let (next, make, check) = (Arc::clone(&next), Arc::clone(&make), Arc::clone(&check));
            workers.spawn(async move {
                let stream = tokio::net::TcpStream::connect(addr).await?;
                stream.set_nodelay(true)?;
                let (mut sender, connection) =
                    hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
                        .await?;
                tokio::spawn(connection);
                let host = addr.to_string();
                let mut latencies = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= requests {
                        return Ok::<_, anyhow::Error>(latencies);
                    }
                    let call = make(i);
                    let mut request = hyper::Request::post(call.path)
                        .header("host", &host)
                        .header("content-type", "application/json");
                    for (name, value) in &call.headers {
                        request = request.header(*name, value);
                    }
                    let request = request.body(Full::new(call.body))?;
                    let t = Instant::now();
                    sender.ready().await?;
                    let response = sender.send_request(request).await?;
                    let status = response.status().as_u16();
                    let body = response.into_body().collect().await?.to_bytes();
                    check(status, &body)?;
                    latencies.push(t.elapsed());
                }
            });
        }
        let mut all = Vec::with_capacity(requests);
        while let Some(done) = workers.join_next().await {
            all.extend(done??);
        }
        Ok((started.elapsed().as_secs_f64(), all))
    }
}

fn latencies(mut all: Vec<Duration>) -> Figures {
    all.sort();
    let at = |q: f64| {
        let i = ((all.len() as f64 * q).ceil() as usize).clamp(1, all.len()) - 1;
        (all[i].as_secs_f64() * 10_000.0).round() / 10.0
    };
    Figures {
        name: "",
        requests: 0,
        per_sec: 0.0,
        in_process: 0.0,
        pipeline: None,
        cpu_ms: 0.0,
        p50_ms: at(0.50),
        p99_ms: at(0.99),
        max_ms: at(1.0),
    }
}

/// The process's resident memory and its peak, in KiB (Linux; zero elsewhere).
fn memory() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}
