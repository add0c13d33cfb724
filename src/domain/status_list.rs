//! Bitstring Status List v1.0 (W3C Recommendation): the bitstring behind status list
//! credentials, and its `encodedList` form.
//!
//! `encodedList` is the multibase base64url (no padding, prefix `u`) of the GZIP compression of
//! the raw bitstring, which holds at least 131,072 bits. Bit 0 is the left-most bit: the most
//! significant bit of byte 0. Entry `i` of a list whose entries are `status_size` bits wide
//! starts at bit `i × status_size`.

use std::io::{Read, Write};

use serde::Serialize;
use serde_json::{Value, json};
use time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;

/// The smallest list the specification allows (16 KiB), which is also what keeps a holder
/// hidden among enough other entries.
pub const MIN_BITS: usize = 131_072;

/// Lists larger than this (decompressed) are refused: a verifier must not let a foreign list
/// expand without bound (a small GZIP stream can inflate a thousandfold).
pub const MAX_BYTES: usize = 16 << 20;

/// Failures, named after the specification's error types where it has one.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum StatusListError {
    /// `STATUS_LIST_LENGTH_ERROR`.
    #[error("the status list holds {0} bits, fewer than the 131,072 required")]
    Length(usize),
    /// `RANGE_ERROR`.
    #[error("entry {index} ({size} bits) lies outside a list of {bits} bits")]
    Range {
        index: usize,
        size: usize,
        bits: usize,
    },
    /// `MALFORMED_VALUE_ERROR`: not multibase base64url, not GZIP, or too large.
    #[error("encodedList is malformed: {0}")]
    Malformed(String),
}

/// A status bitstring, most significant bit first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bitstring {
    bytes: Vec<u8>,
}

impl Bitstring {
    /// An all-zero list of at least `MIN_BITS` bits (rounded up to whole bytes).
    pub fn new(bits: usize) -> Self {
        Self {
            bytes: vec![0; bits.max(MIN_BITS).div_ceil(8)],
        }
    }

    pub fn bits(&self) -> usize {
        self.bytes.len() * 8
    }

    /// The `status_size`-bit value of entry `index` (1 to 8 bits; the specification's
    /// `statusSize` is at most a handful of bits in practice).
    pub fn get(&self, index: usize, status_size: usize) -> Result<u8, StatusListError> {
        let start = self.check(index, status_size)?;
        let mut value = 0u8;
        for bit in start..start + status_size {
            value = (value << 1) | ((self.bytes[bit / 8] >> (7 - bit % 8)) & 1);
        }
        Ok(value)
    }

    pub fn set(
        &mut self,
        index: usize,
        status_size: usize,
        value: u8,
    ) -> Result<(), StatusListError> {
        let start = self.check(index, status_size)?;
        for (i, bit) in (start..start + status_size).enumerate() {
            let mask = 0x80 >> (bit % 8);
            if (value >> (status_size - 1 - i)) & 1 == 1 {
                self.bytes[bit / 8] |= mask;
            } else {
                self.bytes[bit / 8] &= !mask;
            }
        }
        Ok(())
    }

    fn check(&self, index: usize, size: usize) -> Result<usize, StatusListError> {
        let range = || StatusListError::Range {
            index,
            size,
            bits: self.bits(),
        };
        if !(1..=8).contains(&size) {
            return Err(range());
        }
        let start = index.checked_mul(size).ok_or_else(range)?;
        if start + size > self.bits() {
            return Err(range());
        }
        Ok(start)
    }

    /// The `encodedList` value: `u` + base64url(GZIP(bitstring)). (Compressing into memory
    /// does not fail in practice; the error is the writer interface's.)
    pub fn encode(&self) -> std::io::Result<String> {
        let mut gz = GzEncoder::new(Vec::new(), Compression::default());
        gz.write_all(&self.bytes)?;
        let compressed = gz.finish()?;
        Ok(format!("u{}", URL_SAFE_NO_PAD.encode(compressed)))
    }

    /// Parses an `encodedList`, refusing lists shorter than the specification's minimum.
    pub fn decode(encoded: &str) -> Result<Self, StatusListError> {
        let malformed = |m: String| StatusListError::Malformed(m);
        let b64 = encoded
            .strip_prefix('u')
            .ok_or_else(|| malformed("expected multibase base64url (prefix u)".into()))?;
        let compressed = URL_SAFE_NO_PAD
            .decode(b64.trim_end_matches('='))
            .map_err(|e| malformed(format!("not base64url: {e}")))?;
        let mut bytes = Vec::new();
        GzDecoder::new(compressed.as_slice())
            .take(MAX_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| malformed(format!("not GZIP: {e}")))?;
        if bytes.len() > MAX_BYTES {
            return Err(malformed(format!(
                "larger than {MAX_BYTES} bytes once decompressed"
            )));
        }
        if bytes.len() * 8 < MIN_BITS {
            return Err(StatusListError::Length(bytes.len() * 8));
        }
        Ok(Self { bytes })
    }
}

// ---- unitcred's lists: where they are, what a credential's entry says ----

/// A credential's place in its provider's status lists (the same index in the revocation
/// and the suspension list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct StatusSlot {
    pub list: i32,
    pub index: i32,
}

pub const REVOCATION: &str = "revocation";
pub const SUSPENSION: &str = "suspension";

/// How long a published list is valid: verifiers must fetch a fresh one after that.
pub const LIST_VALIDITY: Duration = Duration::hours(24);
/// How long caches may keep a list (`ttl` in the list, `max-age` on the response).
pub const LIST_TTL: Duration = Duration::minutes(5);

pub fn list_url(public_url: &str, slug: &str, purpose: &str, list: i32) -> String {
    format!("{public_url}/providers/{slug}/status/{purpose}/{list}")
}

/// The sibling suspension list of a unitcred revocation list URL, if it is one.
pub fn suspension_sibling(revocation_list: &str) -> Option<String> {
    let (base, list) = revocation_list.rsplit_once("/status/revocation/")?;
    (list.parse::<u32>().is_ok()).then(|| format!("{base}/status/suspension/{list}"))
}

/// Adds the credential's status entry; called on the unsigned credential.
pub fn embed(vc: &mut Value, public_url: &str, slug: &str, slot: StatusSlot) {
    embed_purpose(vc, public_url, slug, slot, REVOCATION);
}

/// Adds a status entry of `purpose` (`revocation` or `suspension`) at `slot`.
pub fn embed_purpose(
    vc: &mut Value,
    public_url: &str,
    slug: &str,
    slot: StatusSlot,
    purpose: &str,
) {
    let url = list_url(public_url, slug, purpose, slot.list);
    if let Some(map) = vc.as_object_mut() {
        map.insert(
            "credentialStatus".into(),
            json!({
                "id": format!("{url}#{}", slot.index),
                "type": "BitstringStatusListEntry",
                "statusPurpose": purpose,
                "statusListIndex": slot.index.to_string(),
                "statusListCredential": url,
            }),
        );
    }
}

pub fn list_document(
    url: &str,
    issuer: &str,
    purpose: &str,
    bits: &Bitstring,
    valid_from: time::OffsetDateTime,
    valid_until: time::OffsetDateTime,
) -> std::io::Result<Value> {
    Ok(json!({
        "@context": [crate::domain::credential::VC_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": crate::support::clock::format_utc(valid_from),
        "validUntil": crate::support::clock::format_utc(valid_until),
        "credentialSubject": {
            "id": format!("{url}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": bits.encode()?,
            "ttl": LIST_TTL.whole_milliseconds() as u64,
        },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example list of the specification (§2.2): 16 KiB, every status 0.
    const SPEC_EXAMPLE: &str =
        "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA";

    #[test]
    fn decodes_the_specification_example() {
        let list = Bitstring::decode(SPEC_EXAMPLE).unwrap();
        assert_eq!(list.bits(), MIN_BITS);
        assert!((0..MIN_BITS).step_by(997).all(|i| list.get(i, 1) == Ok(0)));
    }

    #[test]
    fn reads_a_list_made_by_another_implementation() {
        // Python: bits 0, 9, 48211 and 131071 set (byte i/8, mask 0x80 >> i%8), then
        // "u" + urlsafe_b64encode(gzip.compress(bytes, mtime=0)) without padding.
        let list = Bitstring::decode(
            "uH4sIAAAAAAACA-3QMQEAAAQAMBqIJJroKnh8W4RNBwAAAAAA8KYUAAAAAAAAAAAAABe5Ty5UAgBAAAA",
        )
        .unwrap();
        let set: Vec<usize> = (0..list.bits())
            .filter(|i| list.get(*i, 1) == Ok(1))
            .collect();
        assert_eq!(set, vec![0, 9, 48211, 131071]);
    }

    #[test]
    fn bit_zero_is_the_most_significant_bit_of_byte_zero() {
        let mut list = Bitstring::new(0);
        list.set(0, 1, 1).unwrap();
        list.set(9, 1, 1).unwrap();
        assert_eq!(&list.bytes[..2], &[0b1000_0000, 0b0100_0000]);
        // Two-bit entries: entry 1 is bits 2 and 3.
        list.set(1, 2, 0b10).unwrap();
        assert_eq!(list.bytes[0], 0b1010_0000);
        assert_eq!(list.get(1, 2), Ok(0b10));
        list.set(0, 1, 0).unwrap();
        assert_eq!(list.bytes[0], 0b0010_0000);
    }

    #[test]
    fn round_trips_and_stays_small_when_sparse() {
        let mut list = Bitstring::new(MIN_BITS);
        for i in [3, 1000, 77_777, 131_071] {
            list.set(i, 1, 1).unwrap();
        }
        let encoded = list.encode().unwrap();
        assert!(encoded.starts_with("uH4sI"), "GZIP magic, base64url");
        assert!(!encoded.contains('=') && !encoded.contains('+') && !encoded.contains('/'));
        assert!(encoded.len() < 200, "{}", encoded.len());
        assert_eq!(Bitstring::decode(&encoded).unwrap(), list);
    }

    #[test]
    fn refuses_short_malformed_oversized_and_out_of_range() {
        let short = Bitstring {
            bytes: vec![0; 1024],
        }
        .encode()
        .unwrap();
        assert_eq!(
            Bitstring::decode(&short),
            Err(StatusListError::Length(8192))
        );
        assert!(matches!(
            Bitstring::decode("zabc"),
            Err(StatusListError::Malformed(_))
        ));
        assert!(matches!(
            Bitstring::decode("uAAAA"),
            Err(StatusListError::Malformed(_))
        ));
        let bomb = Bitstring {
            bytes: vec![0; MAX_BYTES + 1],
        }
        .encode()
        .unwrap();
        assert!(bomb.len() < 40_000, "a small stream...");
        assert!(matches!(
            Bitstring::decode(&bomb),
            Err(StatusListError::Malformed(_))
        ));
        let list = Bitstring::new(MIN_BITS);
        assert!(matches!(
            list.get(MIN_BITS, 1),
            Err(StatusListError::Range { .. })
        ));
        assert!(list.get(usize::MAX, 2).is_err());
        assert!(list.get(0, 0).is_err());
    }
}
