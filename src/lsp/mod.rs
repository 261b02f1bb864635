//! `waymark lsp`: a language server for journeys over standard input and output, so any
//! editor with a Language Server Protocol client checks maps as they are typed, in
//! `.journey` and `.mmd` files and in journey fences of markdown files.
//!
//! The server is synchronous (lsp-server): messages are handled one after another in the
//! order they came, so a change is always analysed before the request that follows it,
//! and analysis is fast enough (see docs/benchmarks.md) that nothing needs to run in the
//! background.
//!
//! - `workspace`: the documents (workspace files read at start, open documents typed) and
//!   their analysis
//! - `lines`: byte offsets to LSP positions (UTF-16 columns) and back
//! - `complete`, `hover`, `personas` (definition, references, rename), `outline`
//!   (symbols, folding), `actions` (diagnostics and their quick fixes)
//! - `reference`: the language reference's entries, for hover and completion

mod actions;
mod complete;
mod hover;
mod lines;
mod outline;
mod personas;
mod reference;
mod server;
mod uri;
mod workspace;

use crate::journey::source::FenceOptions;
use crate::Error;
use lsp_server::Connection;

/// Serves the editor on standard input and output until it says `exit` or goes away.
/// `fences` says which fences of markdown hold journeys (the editor's initialization
/// option `mermaid: true` turns on ` ```mermaid ` journeys too).
pub fn run_stdio(fences: FenceOptions) -> Result<(), Error> {
    let (connection, io_threads) = Connection::stdio();
    server::run(connection, fences)?;
    io_threads.join().map_err(|source| Error::Io {
        what: "the editor's connection to `waymark lsp` failed".to_string(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use crate::journey::keywords;

    const GRAMMARS: [(&str, &str); 2] = [
        (
            "editors/vscode/syntaxes/journey.tmLanguage.json",
            include_str!("../../editors/vscode/syntaxes/journey.tmLanguage.json"),
        ),
        (
            "editors/sublime/Journey.sublime-syntax",
            include_str!("../../editors/sublime/Journey.sublime-syntax"),
        ),
    ];

    #[test]
    fn the_editor_grammars_know_every_word_of_the_language() {
        let words = [
            keywords::JOURNEY,
            keywords::STEP,
            keywords::STAGE,
            keywords::STAGE_START,
            keywords::PERSONA,
        ];
        for (name, grammar) in GRAMMARS {
            for word in words.iter().flat_map(|l| l.iter()) {
                let listed = grammar
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|w| w == *word);
                assert!(listed, "{name} does not highlight `{word}`");
            }
        }
    }

    #[test]
    fn journey_source_shown_as_code_is_highlighted() {
        let code = "section Discover\n  Sees an ad: 4: Maya\n    pain: Slow {severity: high}\n";
        for lang in ["journey", "journey-source"] {
            let html = crate::markdown::highlight(code, lang);
            assert!(html.contains("hl-section"), "{html}");
            assert!(html.contains("hl-score"), "{html}");
            assert!(html.contains("hl-rating"), "{html}");
        }
    }
}
