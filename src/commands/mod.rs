//! One module per subcommand: read arguments, call the library, print, choose the exit code.

pub mod build;
pub mod check;
pub mod export;
pub mod plugins;
pub mod svg;

use std::io::IsTerminal;

/// Whether diagnostics on stderr may be coloured.
pub fn stderr_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}
