//! Entry points and composition: the command line (including the demo and the benchmarks),
//! configuration from flags and environment, the state the surfaces share, start-up (which
//! wires the services and composes the API and the pages into one router) and logging. It
//! may use every other layer; nothing uses it.

pub mod cli;
pub mod config;
pub mod startup;
pub mod telemetry;
