//! The integration tests, one binary with a module per area, so the suite links once.

mod common;
mod compare;

mod cli_check_export;
mod diff;
mod evidence;
mod evidence_render;
mod evidence_site;
mod extended_corpus;
mod hardening;
mod language;
mod mdbook;
mod mermaid_corpus;
mod render;
mod render_filter;
mod robustness;
mod serve;
mod site_build;
mod writing;
