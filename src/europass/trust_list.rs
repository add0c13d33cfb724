//! The seal CAs a verifier trusts: PEM certificates the operator names, and the qualified
//! CAs of an EU trusted list (ETSI TS 119 612 XML, as each member state publishes it and the
//! EU List of Trusted Lists points at), imported from a file so verification stays offline.
//! From a trusted list only the services that issue qualified certificates (`CA/QC`), whose
//! status is `granted` and that are not restricted to other uses than e-seals, are taken.
//! The list's own XML signature is not checked here: import lists fetched from their
//! official location.

use openssl::x509::X509;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use super::seal;
use crate::storage::SealAnchorRecord;

const CA_QC: &str = "http://uri.etsi.org/TrstSvc/Svctype/CA/QC";
const GRANTED: &str = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted";
const FOR_SEALS: &str = "http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/ForeSeals";
const USAGES: [&str; 3] = [
    "http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/ForeSignatures",
    FOR_SEALS,
    "http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/ForWebSiteAuthentication",
];

/// Certificates from PEM text (one or more).
pub fn from_pem(text: &str) -> Result<Vec<X509>, String> {
    let certs = X509::stack_from_pem(text.as_bytes())
        .map_err(|_| "not PEM certificates (-----BEGIN CERTIFICATE-----)".to_owned())?;
    if certs.is_empty() {
        return Err("no certificate in the PEM text".into());
    }
    Ok(certs)
}

/// What an EU trusted list gave.
pub struct TrustedList {
    /// `SchemeTerritory`, e.g. `BE`.
    pub territory: String,
    pub sequence: String,
    pub anchors: Vec<X509>,
    /// Services left out (not qualified CAs, not granted, or not for e-seals).
    pub skipped: usize,
}

impl TrustedList {
    /// The source name its anchors are stored under (a newer list of the same territory
    /// replaces them).
    pub fn source(&self) -> String {
        format!("EU trusted list {}", self.territory)
    }
}

fn local<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<roxmltree::Node<'a, 'a>> {
    node.descendants()
        .find(|n| n.is_element() && n.tag_name().name() == name)
}

fn text_of(node: roxmltree::Node<'_, '_>, name: &str) -> Option<String> {
    local(node, name)
        .and_then(|n| n.text())
        .map(|t| t.trim().to_owned())
}

/// The qualified e-seal CAs of an ETSI TS 119 612 trusted list.
pub fn from_trusted_list(xml: &str) -> Result<TrustedList, String> {
    let doc = roxmltree::Document::parse_with_options(
        xml,
        roxmltree::ParsingOptions {
            allow_dtd: false,
            ..Default::default()
        },
    )
    .map_err(|e| format!("not XML: {e}"))?;
    let root = doc.root_element();
    if root.tag_name().name() != "TrustServiceStatusList" {
        return Err("not an ETSI TS 119 612 trusted list (TrustServiceStatusList)".into());
    }
    let scheme = local(root, "SchemeInformation").ok_or("the list has no SchemeInformation")?;
    let territory = text_of(scheme, "SchemeTerritory").ok_or("the list names no territory")?;
    let sequence = text_of(scheme, "TSLSequenceNumber").unwrap_or_default();
    let mut anchors = Vec::new();
    let mut skipped = 0;
    for service in root
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "TSPService")
    {
        let Some(info) = local(service, "ServiceInformation") else {
            skipped += 1;
            continue;
        };
        let kind = text_of(info, "ServiceTypeIdentifier").unwrap_or_default();
        let status = text_of(info, "ServiceStatus").unwrap_or_default();
        let usages: Vec<String> = info
            .descendants()
            .filter(|n| n.is_element() && n.tag_name().name() == "AdditionalServiceInformation")
            .filter_map(|n| text_of(n, "URI"))
            .filter(|u| USAGES.contains(&u.as_str()))
            .collect();
        let for_seals = usages.is_empty() || usages.iter().any(|u| u == FOR_SEALS);
        if kind != CA_QC || status != GRANTED || !for_seals {
            skipped += 1;
            continue;
        }
        let Some(identity) = local(info, "ServiceDigitalIdentity") else {
            skipped += 1;
            continue;
        };
        for cert in identity
            .descendants()
            .filter(|n| n.is_element() && n.tag_name().name() == "X509Certificate")
        {
            use base64::Engine;
            let b64: String = cert.text().unwrap_or_default().split_whitespace().collect();
            let der = base64::engine::general_purpose::STANDARD
                .decode(b64)
                .map_err(|_| "an X509Certificate is not base64".to_owned())?;
            anchors.push(
                X509::from_der(&der).map_err(|_| "an X509Certificate is not DER".to_owned())?,
            );
        }
    }
    Ok(TrustedList {
        territory,
        sequence,
        anchors,
        skipped,
    })
}

/// An anchor as stored.
pub fn record(cert: &X509, source: &str, now: OffsetDateTime) -> Result<SealAnchorRecord, String> {
    let info = seal::info(cert);
    let pem = cert.to_pem().map_err(|e| e.to_string())?;
    Ok(SealAnchorRecord {
        sha256: hex::encode(Sha256::digest(cert.to_der().map_err(|e| e.to_string())?)),
        pem: String::from_utf8_lossy(&pem).into_owned(),
        subject: info.subject,
        not_after: info.not_after,
        source: source.to_owned(),
        added_at: now,
    })
}

/// An ETSI TS 119 612 list naming `certs` as granted qualified CAs (one for e-seals only,
/// one without usage restriction) and a service of another kind: for tests and the demo's
/// documentation of the format.
pub fn sample_list(territory: &str, certs: &[&X509]) -> String {
    use base64::Engine;
    let services: String = certs
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let der = c.to_der().unwrap_or_default();
            let usage = if i % 2 == 0 {
                format!(
                    "<ServiceInformationExtensions><Extension Critical=\"true\"><AdditionalServiceInformation>\
                     <URI xml:lang=\"en\">{FOR_SEALS}</URI></AdditionalServiceInformation></Extension>\
                     </ServiceInformationExtensions>"
                )
            } else {
                String::new()
            };
            format!(
                "<TSPService><ServiceInformation><ServiceTypeIdentifier>{CA_QC}</ServiceTypeIdentifier>\
                 <ServiceName><Name xml:lang=\"en\">Qualified CA {i}</Name></ServiceName>\
                 <ServiceDigitalIdentity><DigitalId><X509Certificate>{}</X509Certificate></DigitalId>\
                 </ServiceDigitalIdentity><ServiceStatus>{GRANTED}</ServiceStatus>{usage}\
                 </ServiceInformation></TSPService>",
                base64::engine::general_purpose::STANDARD.encode(der)
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TrustServiceStatusList xmlns=\"http://uri.etsi.org/02231/v2#\" \
         TSLTag=\"http://uri.etsi.org/19612/TSLTag\"><SchemeInformation><TSLVersionIdentifier>5</TSLVersionIdentifier>\
         <TSLSequenceNumber>42</TSLSequenceNumber><SchemeTerritory>{territory}</SchemeTerritory></SchemeInformation>\
         <TrustServiceProviderList><TrustServiceProvider><TSPInformation><TSPName><Name xml:lang=\"en\">Test TSP</Name>\
         </TSPName></TSPInformation><TSPServices>{services}<TSPService><ServiceInformation>\
         <ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/TSA/QTST</ServiceTypeIdentifier>\
         <ServiceStatus>{GRANTED}</ServiceStatus></ServiceInformation></TSPService></TSPServices>\
         </TrustServiceProvider></TrustServiceProviderList></TrustServiceStatusList>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::europass::certs::{KeyKind, test_seal};

    #[test]
    fn takes_the_granted_qualified_seal_cas_of_a_trusted_list() {
        let a = test_seal("A", "VATBE-1", KeyKind::EcP256);
        let b = test_seal("B", "VATBE-2", KeyKind::EcP256);
        let ca = |pem: &str| X509::from_pem(pem.as_bytes()).unwrap();
        let (ca_a, ca_b) = (ca(&a.ca_pem), ca(&b.ca_pem));
        let xml = sample_list("BE", &[&ca_a, &ca_b]);
        let list = from_trusted_list(&xml).unwrap();
        assert_eq!(list.territory, "BE");
        assert_eq!(list.sequence, "42");
        assert_eq!(list.anchors.len(), 2);
        assert_eq!(list.skipped, 1, "the timestamping service is not a CA");
        // Withdrawn, or restricted to signatures: left out.
        let withdrawn = xml.replacen(
            GRANTED,
            "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/withdrawn",
            1,
        );
        assert_eq!(from_trusted_list(&withdrawn).unwrap().anchors.len(), 1);
        let signatures = xml.replacen(FOR_SEALS, USAGES[0], 1);
        assert_eq!(from_trusted_list(&signatures).unwrap().anchors.len(), 1);
        assert!(from_trusted_list("<html/>").is_err());
        assert!(
            from_trusted_list("<!DOCTYPE x [<!ENTITY a \"b\">]><TrustServiceStatusList/>").is_err()
        );
        assert_eq!(from_pem(&a.chain_pem).unwrap().len(), 2);
        assert!(from_pem("hello").is_err());
    }
}
