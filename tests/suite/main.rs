//! The integration tests, one binary with a module per area, so the suite links once.

mod common;

mod cli_check_export;
mod evidence;
mod evidence_site;
mod extended_corpus;
mod hardening;
mod language;
mod lsp;
mod mdbook;
mod mermaid_corpus;
mod render;
mod render_filter;
mod robustness;
mod serve;
mod site_build;
mod writing;
