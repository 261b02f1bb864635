//! `waymark lsp`: the language server, for editors.

use super::Status;
use crate::cli::LspArgs;
use waymark::journey::source::FenceOptions;
use waymark::Error;

/// Runs `waymark lsp` until the editor ends it.
pub fn run(args: &LspArgs) -> Result<Status, Error> {
    waymark::lsp::run_stdio(FenceOptions {
        mermaid: args.read.mermaid,
    })?;
    Ok(Status::Done)
}
