//! unitcred: signed micro-credentials for units of learning outcomes (UAA) and the
//! qualifications they build up to.

pub mod audit;
pub mod bench;
pub mod bundle;
pub mod cli;
pub mod config;
pub mod credential_status;
pub mod crypto;
pub mod demo;
pub mod domain;
pub mod error;
pub mod europass;
pub mod http;
pub mod import;
pub mod issuance;
pub mod jsonld;
pub mod keyring;
pub mod offline;
pub mod pdf;
pub mod qualification;
pub mod recognition;
pub mod startup;
pub mod state;
pub mod storage;
pub mod support;
pub mod telemetry;
pub mod throttle;
pub mod transcript;
pub mod trust;
pub mod verification;
pub mod verify;
pub mod wallet;
pub mod web;
