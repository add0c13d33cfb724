//! Thin entry point: parse the command line, start logging, hand over to the library.

#[tokio::main]
async fn main() -> std::process::ExitCode {
    unitcred::telemetry::init();
    match unitcred::cli::run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
