use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    waymark::cli::run(waymark::cli::Cli::parse())
}
