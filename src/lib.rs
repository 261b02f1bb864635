//! waymark: customer journey maps written as text, rendered into accessible maps and a
//! static CX handbook.
//!
//! Data flows one way: [`journey`] reads text into a model, `render` draws it, `site`
//! publishes pages; [`commands`] wire them to the command line.

pub mod cli;
pub mod commands;
pub mod diagnostics;
pub mod export;
pub(crate) mod files;
pub mod filter;
pub mod i18n;
pub mod journey;
pub mod markdown;
pub mod mdbook;
pub mod render;
pub mod resolve;
pub mod serve;
pub(crate) mod settings;
pub mod site;
pub mod sources;
