//! The `sillage` binary: parses flags, installs logging and Ctrl-C handling, runs one job and
//! maps its outcome to an exit code (0 success, 1 failure, 2 bad usage, 130 interrupted).

mod cli;
mod generate;
mod output;
mod rank;
mod run;
mod settings;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    install_logging(cli.verbose);
    match run::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`sillage top | head`) is the reader's choice, not a failure.
            if err.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {err:#}");
            match err.downcast_ref::<settings::UsageError>() {
                Some(_) => ExitCode::from(2),
                None => ExitCode::from(1),
            }
        }
    }
}

/// Logs go to standard error; `SILLAGE_LOG` (an env-filter directive) overrides `-v`.
fn install_logging(verbose: u8) {
    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("SILLAGE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
}
