//! API tests: one binary, each test with its own server and its own database (a temporary
//! SQLite file, or a fresh PostgreSQL database when TEST_DATABASE_URL is set).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;
#[path = "../support/pdf_qr.rs"]
mod pdf_qr;
#[path = "../support/zip_bomb.rs"]
mod zip_bomb;

mod audit;
mod auth;
mod europass;
mod import;
mod issuance;
mod keys;
mod learner;
mod oid4vci;
mod portability;
mod public;
mod qualification;
mod reliability;
mod routes;
mod status;
mod tamper;
mod vcapi;
mod verify;
mod web;
