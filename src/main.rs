//! The `waymark` command line. Each subcommand is a thin module of [`cmd`] over the
//! library; [`try_main`] runs one, and [`main`] turns what it returned into the exit code
//! in one place: 0 when all went well, 1 when problems were found or the work failed,
//! 2 when waymark was asked something it cannot do as asked (clap's code for a bad
//! command line too).

mod cli;
mod cmd;

use clap::Parser;
use cli::{Cli, Command};
use cmd::Status;
use std::io::Write;

// Rendering and building allocate many small strings; mimalloc makes them about a
// quarter faster than the system allocator (see docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let code = match Cli::try_parse() {
        Ok(cli) => match try_main(cli) {
            Ok(Status::Done) => 0,
            Ok(Status::Problems) => 1,
            Err(e) => {
                cmd::print_error(&e);
                if e.is_usage() {
                    2
                } else {
                    1
                }
            }
        },
        // `--help`, `--version` and a bad command line: clap prints them and says the code.
        Err(e) => {
            let _ = e.print();
            e.exit_code()
        }
    };
    exit_now(code)
}

/// Ends the process once every file is closed and stdout flushed, without the exit
/// handlers: the allocator's would hand its whole heap back page by page first (about
/// 6 % of `--version`), and the system takes the memory back anyway.
fn exit_now(code: i32) -> ! {
    let _ = std::io::stdout().flush();
    #[cfg(unix)]
    // SAFETY: `_exit` only ends the process; nothing runs after it.
    unsafe {
        libc::_exit(code)
    }
    #[cfg(not(unix))]
    std::process::exit(code)
}

/// Runs the command the command line asks for.
fn try_main(cli: Cli) -> Result<Status, waymark::Error> {
    match cli.command {
        Command::Check(args) => cmd::check::run(&args),
        Command::Export(args) => cmd::export::run(&args),
        Command::Svg(args) => cmd::svg::run(&args),
        Command::Build(args) => cmd::build::run(&args),
        Command::Serve(args) => cmd::serve::run(&args),
        Command::Init(args) => cmd::build::init(&args),
        Command::Mdbook(args) => cmd::mdbook::run(&args),
        Command::Render(args) => cmd::render::run(&args),
        Command::Fmt(args) => cmd::fmt::run(&args),
        Command::Diff(args) => cmd::diff::run(&args),
        Command::Lsp(args) => cmd::lsp::run(&args),
    }
}
