//! One module per subcommand: read arguments, call the library, print, choose the exit code.

pub mod build;
pub mod check;
pub mod export;
pub mod plugins;
pub mod svg;

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

/// Whether diagnostics on stderr may be coloured.
pub fn stderr_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// The text of the one file a command works on, or the exit code after saying why not:
/// 2 when it is not a file (a usage error), 1 when it cannot be read.
pub fn read_file_arg(path: &Path) -> Result<String, ExitCode> {
    if !path.is_file() {
        eprintln!("error: {} is not a file", path.display());
        return Err(ExitCode::from(2));
    }
    crate::sources::read_text(path).map_err(|e| {
        eprintln!("{e}");
        ExitCode::from(1)
    })
}

/// Prints what a command says on stderr; exit 0 when it succeeded, 1 when not.
pub fn say(result: Result<String, String>) -> ExitCode {
    match result {
        Ok(msg) => {
            eprintln!("{msg}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}
