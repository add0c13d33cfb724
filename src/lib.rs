//! unitcred: signed micro-credentials for units of learning outcomes (UAA) and the
//! qualifications they build up to.
//!
//! The modules are the layers, from the top (entry points) to the bottom (what every layer
//! may use); a module uses only those below it, which `tests/layers.rs` checks:
//!
//! - [`app`]: the command line (serve, demo, bench, imports, keys, seals…), configuration,
//!   start-up and the composition of the HTTP routes, logging;
//! - [`http`] (the JSON API) and [`web`] (the pages), which call services and never each
//!   other;
//! - [`state`]: the composition root the surfaces share (configuration, services, throttle);
//! - [`services`]: what happens to a credential, from a recorded result to its verification
//!   years later, each over the store;
//! - [`error`]: the one error type services and surfaces answer with;
//! - [`verify`]: the verifier pipeline (checks are verdicts), with its sources as traits;
//! - [`europass`]: the European Learning Model: rendering, reading and sealing EDCs;
//! - [`storage`]: SQLite or PostgreSQL behind one API;
//! - [`domain`]: types and rules, no I/O;
//! - [`crypto`]: keys, DIDs, Data Integrity, JOSE, password hashing;
//! - [`jsonld`]: offline JSON-LD and RDFC-1.0;
//! - [`support`]: clock, JCS, HTML escaping, fetching, offloading.

pub mod app;
pub mod crypto;
pub mod domain;
pub mod error;
pub mod europass;
pub mod http;
pub mod jsonld;
pub mod services;
pub mod state;
pub mod storage;
pub mod support;
pub mod verify;
pub mod web;
