//! The Europass form measured: ELM rendering, display cards, seals, EDC verification.

use super::*;

/// The Europass form of the same unit: the ELM rendering, the display cards, the seal (RSA
/// and P-256) and the whole lazy production of one EDC; then verifying a sealed EDC, the seal
/// alone and the full verifier (seal, certificate chain, shape, validity).
pub(super) async fn europass(
    key: &SigningKey,
    schemas: &Schemas,
    loader: &ContextLoader,
    seconds: f64,
    now: time::OffsetDateTime,
) -> anyhow::Result<Vec<Rate>> {
    use crate::europass::certs::{KeyKind, dev_seal};
    use crate::europass::{display, edc, seal};
    let (provider, profile, learner) = sample_parts(key)?;
    let unit = &profile.units[0];
    let issued = datetime!(2026-06-30 09:00:00 UTC);
    let cards = |lang: &str| -> anyhow::Result<(String, Vec<u8>)> {
        let w = display::words(lang);
        let png = display::render(&display::Card {
            lang,
            kind: w[0],
            title: unit.title.get(lang),
            learner: "Amina El Idrissi",
            issuer: &provider.name,
            lines: vec![format!(
                "{} {} · {} {}",
                unit.ecvet_points, w[3], w[4], profile.eqf_level
            )],
            date: "2026-06-30",
        })?;
        Ok((lang.to_owned(), png))
    };
    let langs: Vec<&str> = crate::domain::referential::LANGUAGES
        .iter()
        .copied()
        .filter(|l| unit.title.0.contains_key(*l))
        .collect();
    let displays = langs
        .iter()
        .map(|l| cards(l))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let rsa = dev_seal(
        "BE",
        &provider.name,
        "VATBE-0999999999",
        KeyKind::Rsa2048,
        issued,
        365,
    )?;
    let ec = dev_seal(
        "BE",
        &provider.name,
        "VATBE-0999999999",
        KeyKind::EcP256,
        issued,
        365,
    )?;
    let rsa_key = seal::SealKey::from_pem(rsa.chain_pem.as_bytes(), rsa.key_pem.as_bytes())?;
    let ec_key = seal::SealKey::from_pem(ec.chain_pem.as_bytes(), ec.key_pem.as_bytes())?;
    let render = |displays: &[(String, Vec<u8>)]| {
        edc::unit_edc(&edc::UnitEdc {
            envelope: edc::Envelope {
                id: SAMPLE_ID,
                public_url: BENCH_URL,
                provider: &provider,
                eidas_id: "VATBE-0999999999",
                learner: &learner,
                issued_at: issued,
                valid_until: None,
                status: Some(format!(
                    "{BENCH_URL}/providers/bench/status/revocation/0#48211"
                )),
                displays,
            },
            profile: &profile,
            unit,
            assessed_on: date!(2026 - 06 - 28),
            assessment_type: unit.assessment_type,
            assessor: "M. Jury",
            recognised: None,
            route: None,
        })
    };
    let payload = serde_json::to_vec(&render(&displays))?;
    let mut rows = vec![
        measure("EDC render (ELM JSON, cards drawn)", seconds, || {
            std::hint::black_box(serde_json::to_vec(&render(&displays))?);
            Ok(())
        })?,
        measure(
            &format!("EDC display cards ({} language(s), PNG)", langs.len()),
            seconds,
            || {
                for l in &langs {
                    std::hint::black_box(cards(l)?);
                }
                Ok(())
            },
        )?,
        measure("EDC seal RS256 (RSA-2048)", seconds, || {
            std::hint::black_box(seal::seal(&payload, &rsa_key, issued)?);
            Ok(())
        })?,
        measure("EDC seal ES256 (P-256)", seconds, || {
            std::hint::black_box(seal::seal(&payload, &ec_key, issued)?);
            Ok(())
        })?,
        measure("EDC produced: render + cards + RS256 seal", seconds, || {
            let displays = langs
                .iter()
                .map(|l| cards(l))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let bytes = serde_json::to_vec(&render(&displays))?;
            std::hint::black_box(seal::seal(&bytes, &rsa_key, issued)?);
            Ok(())
        })?,
    ];
    let sealed = seal::seal(&payload, &rsa_key, issued)?;
    rows.push(measure(
        "EDC seal verify RS256 (parse + signature)",
        seconds,
        || {
            seal::open(&sealed)?;
            Ok(())
        },
    )?);
    let anchors = vec![openssl::x509::X509::from_pem(rsa.ca_pem.as_bytes())?];
    let resolver = Resolver::Offline;
    let verifier = Verifier {
        loader,
        resolver: &resolver,
        schemas,
        now,
        status: None,
        trust: None,
        seals: Some(&anchors),
    };
    let check = verifier.verify(&sealed).await?;
    anyhow::ensure!(
        check.verified,
        "the bench EDC must verify: {:?}",
        check.failure
    );
    rows.push(
        measure_async("EDC full verifier (seal, chain, shape)", seconds, || {
            verifier.verify(&sealed)
        })
        .await?,
    );
    Ok(rows)
}
