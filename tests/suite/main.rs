//! The integration tests, one binary with a module per area, so the suite links once.

mod common;
mod compact;
mod compare;
mod compare_everywhere;

mod batch;
mod build_cache;
mod cli_check_export;
mod diff;
mod evidence;
mod evidence_render;
mod evidence_site;
mod extended_corpus;
mod hardening;
mod language;
mod lsp;
mod mdbook;
mod mermaid_corpus;
mod registers;
mod render;
mod render_filter;
mod robustness;
mod search;
mod serve;
mod since_review;
mod site_build;
mod writing;
