//! Development seal certificates: a self-signed CA and an e-seal certificate under it, for the
//! demo and tests. A real deployment installs a qualified e-seal certificate (QSealC) from a
//! trust service provider instead (README, "Europass").

use openssl::asn1::{Asn1Integer, Asn1Time};
use openssl::bn::BigNum;
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::rsa::Rsa;
use openssl::x509::extension::{
    AuthorityKeyIdentifier, BasicConstraints, KeyUsage, SubjectKeyIdentifier,
};
use openssl::x509::{X509, X509Builder, X509NameBuilder};

/// The PEM texts of a development seal: CA certificate, seal certificate chain (seal, CA) and
/// the seal's private key.
pub struct DevSeal {
    pub ca_pem: String,
    pub chain_pem: String,
    pub key_pem: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    Rsa2048,
    EcP256,
}

fn key(kind: KeyKind) -> Result<PKey<Private>, openssl::error::ErrorStack> {
    match kind {
        KeyKind::Rsa2048 => PKey::from_rsa(Rsa::generate(2048)?),
        KeyKind::EcP256 => {
            let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1)?;
            PKey::from_ec_key(EcKey::generate(&group)?)
        }
    }
}

fn serial() -> Result<Asn1Integer, openssl::error::ErrorStack> {
    let mut bn = BigNum::new()?;
    bn.rand(127, openssl::bn::MsbOption::MAYBE_ZERO, false)?;
    bn.to_asn1_integer()
}

/// A CA for `country`/`organisation` and a seal certificate for the organisation identified by
/// `org_id` (`organizationIdentifier`, e.g. `VATBE-0123456789`), valid `days` from `from`
/// (the CA a year longer).
pub fn dev_seal(
    country: &str,
    organisation: &str,
    org_id: &str,
    kind: KeyKind,
    from: time::OffsetDateTime,
    days: u32,
) -> Result<DevSeal, openssl::error::ErrorStack> {
    let at = |days: u32| {
        Asn1Time::from_unix((from + time::Duration::days(i64::from(days))).unix_timestamp())
    };
    let ca_key = key(kind)?;
    let mut ca_name = X509NameBuilder::new()?;
    ca_name.append_entry_by_nid(Nid::COUNTRYNAME, country)?;
    ca_name.append_entry_by_nid(
        Nid::ORGANIZATIONNAME,
        "unitcred development CA (not trusted)",
    )?;
    ca_name.append_entry_by_nid(Nid::COMMONNAME, "unitcred development seal CA")?;
    let ca_name = ca_name.build();
    let mut ca = X509Builder::new()?;
    ca.set_version(2)?;
    ca.set_serial_number(serial()?.as_ref())?;
    ca.set_subject_name(&ca_name)?;
    ca.set_issuer_name(&ca_name)?;
    ca.set_pubkey(&ca_key)?;
    ca.set_not_before(at(0)?.as_ref())?;
    ca.set_not_after(at(days + 365)?.as_ref())?;
    ca.append_extension(BasicConstraints::new().critical().ca().build()?)?;
    ca.append_extension(
        KeyUsage::new()
            .critical()
            .key_cert_sign()
            .crl_sign()
            .build()?,
    )?;
    let ski = SubjectKeyIdentifier::new().build(&ca.x509v3_context(None, None))?;
    ca.append_extension(ski)?;
    ca.sign(&ca_key, MessageDigest::sha256())?;
    let ca = ca.build();

    let seal_key = key(kind)?;
    let mut name = X509NameBuilder::new()?;
    name.append_entry_by_nid(Nid::COUNTRYNAME, country)?;
    name.append_entry_by_nid(Nid::ORGANIZATIONNAME, organisation)?;
    name.append_entry_by_nid(Nid::from_raw(1089), org_id)?;
    name.append_entry_by_nid(Nid::COMMONNAME, organisation)?;
    let name = name.build();
    let mut cert = X509Builder::new()?;
    cert.set_version(2)?;
    cert.set_serial_number(serial()?.as_ref())?;
    cert.set_subject_name(&name)?;
    cert.set_issuer_name(ca.subject_name())?;
    cert.set_pubkey(&seal_key)?;
    cert.set_not_before(at(0)?.as_ref())?;
    cert.set_not_after(at(days)?.as_ref())?;
    cert.append_extension(BasicConstraints::new().critical().build()?)?;
    cert.append_extension(
        KeyUsage::new()
            .critical()
            .digital_signature()
            .non_repudiation()
            .build()?,
    )?;
    // Names the CA key that signed it, so a verifier holding several development CAs (they
    // share a name) finds the right one.
    let aki = AuthorityKeyIdentifier::new()
        .keyid(true)
        .build(&cert.x509v3_context(Some(&ca), None))?;
    cert.append_extension(aki)?;
    cert.sign(&ca_key, MessageDigest::sha256())?;
    let cert: X509 = cert.build();

    let pem = |c: &X509| c.to_pem().map(|p| String::from_utf8_lossy(&p).into_owned());
    Ok(DevSeal {
        ca_pem: pem(&ca)?,
        chain_pem: format!("{}{}", pem(&cert)?, pem(&ca)?),
        key_pem: String::from_utf8_lossy(&seal_key.private_key_to_pem_pkcs8()?).into_owned(),
    })
}

/// A Belgian development seal valid from a minute ago for 30 days, for tests.
#[cfg(test)]
pub fn test_seal(organisation: &str, org_id: &str, kind: KeyKind) -> DevSeal {
    let from = time::OffsetDateTime::now_utc() - time::Duration::minutes(1);
    dev_seal("BE", organisation, org_id, kind, from, 30).expect("a development seal")
}
