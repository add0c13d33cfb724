//! Thin entry point: parse the command line, start logging, hand over to the library.

// JSON-LD processing allocates many small strings and maps per credential; mimalloc keeps that
// from dominating signing and verification (measured with `unitcred bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    unitcred::app::telemetry::init();
    match unitcred::app::cli::run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
