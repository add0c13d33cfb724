//! Europass: the European Digital Credential (ELM 3) rendering of unitcred's credentials, the
//! picture Europass shows of them, and their electronic seal (JAdES B-B with an X.509 e-seal
//! certificate). `edc` and `display` are pure renderings of the internal record; `seal` and
//! `certs` use OpenSSL (through josekit for the JOSE part); `read` and `shape` read EDCs from
//! anywhere; `trust_list` reads EU trusted lists. Uses the domain, crypto and support (and the
//! storage's record of a trusted CA); the service that makes a stored credential's EDC is
//! `services::europass`.

pub mod certs;
pub mod display;
pub mod edc;
pub mod read;
pub mod seal;
pub mod shape;
pub mod trust_list;
