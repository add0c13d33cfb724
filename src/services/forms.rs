//! The signed forms of a credential: the default one (`eddsa-rdfc-2022`), signed at
//! issuance, and the others (`eddsa-jcs-2022`, `vc+jwt`, the sealed European Digital
//! Credential) signed the first time they are asked for, then stored, so every later request
//! gets the same bytes. Every service that issues or serves credentials signs through here.

use serde_json::Value;
use uuid::Uuid;

use crate::crypto::di::{self, Cryptosuite, ProofOptions};
use crate::crypto::jose;
use crate::crypto::keys::SigningKeyPair;
use crate::domain::ValidationErrors;
use crate::domain::credential::{FORMAT_DI_JCS, FORMAT_DI_RDFC, FORMAT_EDC, FORMAT_JWT, MEDIA_VC};
use crate::domain::provider::Provider;
use crate::domain::status_list::StatusSlot;
use crate::error::{ApiError, ApiResult};
use crate::services::Services;
use crate::storage::CredentialDocument;

/// Every form a credential can be fetched in. Only the default one is signed at issuance;
/// the others are signed the first time they are asked for, then stored like the first. The
/// `edc` form is the European Digital Credential, sealed with the provider's e-seal.
pub const FORMATS: [&str; 4] = [FORMAT_DI_RDFC, FORMAT_DI_JCS, FORMAT_JWT, FORMAT_EDC];

/// Signs `unsecured` in one form. Data Integrity proofs come as a one-item `proof` array,
/// the shape Open Badges 3.0 requires.
pub fn sign_form(
    state: &Services,
    unsecured: &Value,
    key: &SigningKeyPair,
    at: time::OffsetDateTime,
    format: &str,
) -> anyhow::Result<CredentialDocument> {
    sign_shaped(state, unsecured, key, at, format, false)
}

/// `sign_form` with the proof as a single object (`proof: {…}`), the usual shape outside
/// Open Badges: status list credentials and what the VC-API issues. The shape is not
/// signed (a proof never covers the `proof` member), so both verify the same way.
pub fn sign_form_single(
    state: &Services,
    unsecured: &Value,
    key: &SigningKeyPair,
    at: time::OffsetDateTime,
    format: &str,
) -> anyhow::Result<CredentialDocument> {
    sign_shaped(state, unsecured, key, at, format, true)
}

fn sign_shaped(
    state: &Services,
    unsecured: &Value,
    key: &SigningKeyPair,
    at: time::OffsetDateTime,
    format: &str,
    single: bool,
) -> anyhow::Result<CredentialDocument> {
    let suite = match format {
        FORMAT_DI_RDFC => Cryptosuite::EddsaRdfc2022,
        FORMAT_DI_JCS => Cryptosuite::EddsaJcs2022,
        FORMAT_JWT => {
            let token = jose::sign(&serde_json::to_vec(unsecured)?, key)?;
            return Ok(CredentialDocument {
                format: FORMAT_JWT.to_owned(),
                media_type: jose::MEDIA_TYPE.to_owned(),
                body: token.into_bytes(),
            });
        }
        other => anyhow::bail!("unknown credential format {other}"),
    };
    let options = ProofOptions {
        suite,
        verification_method: key.vm_id(),
        created: at,
        proof_purpose: "assertionMethod",
    };
    let mut secured = di::add_proof(unsecured, &options, key, state.loader)?;
    if single
        && let Some(proof) = secured.get_mut("proof")
        && let Value::Array(items) = proof
        && items.len() == 1
    {
        *proof = items.remove(0);
    }
    Ok(CredentialDocument {
        format: format.to_owned(),
        media_type: MEDIA_VC.to_owned(),
        body: serde_json::to_vec(&secured)?,
    })
}

/// The documents stored at issuance: `unsecured` with its status entry (`slot` in the
/// provider's revocation list), signed in the default form, eddsa-rdfc-2022, whose exact bytes
/// qualification credentials reference by digest.
pub fn sign_issued(
    state: &Services,
    provider: &Provider,
    mut unsecured: Value,
    slot: StatusSlot,
    key: &SigningKeyPair,
    at: time::OffsetDateTime,
) -> anyhow::Result<Vec<CredentialDocument>> {
    crate::domain::status_list::embed(
        &mut unsecured,
        &state.settings.public_url,
        &provider.slug,
        slot,
    );
    Ok(vec![sign_form(state, &unsecured, key, at, FORMAT_DI_RDFC)?])
}

/// A stored credential in `format`, signing and storing that form on first request. The
/// content is the stored default document's, proof removed, so every form says the same thing.
/// Two concurrent first requests store one document; both answer with it.
pub async fn credential_document(
    state: &Services,
    provider: &Provider,
    credential_id: Uuid,
    format: &str,
) -> ApiResult<CredentialDocument> {
    if !FORMATS.contains(&format) {
        return Err(ApiError::Validation(ValidationErrors::single(
            "format",
            "one of di-rdfc, di-jcs, vc-jwt, edc",
        )));
    }
    if let Some(doc) = state
        .store
        .credential_document(credential_id, format)
        .await?
    {
        return Ok(doc);
    }
    let doc = if format == FORMAT_EDC {
        let record = state
            .store
            .credential(provider.id, credential_id)
            .await?
            .ok_or(ApiError::NotFound("credential"))?;
        crate::services::europass::render(state, provider, &record).await?
    } else {
        let base = state
            .store
            .credential_document(credential_id, FORMAT_DI_RDFC)
            .await?
            .ok_or(ApiError::NotFound("credential"))?;
        let secured: Value = serde_json::from_slice(&base.body).map_err(anyhow::Error::from)?;
        let (unsecured, _) = di::split_proofs(&secured).map_err(anyhow::Error::from)?;
        let key = state.keyring.signing_key(&state.store, provider).await?;
        sign_form(state, &unsecured, &key, state.clock.now(), format)?
    };
    state
        .store
        .insert_credential_document(credential_id, &doc)
        .await?;
    Ok(state
        .store
        .credential_document(credential_id, format)
        .await?
        .ok_or_else(|| anyhow::anyhow!("credential document vanished"))?)
}
