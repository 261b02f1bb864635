//! waymark: customer journey maps written as text, rendered into accessible maps and a
//! static CX handbook.
//!
//! Data flows one way: [`journey`] reads text into a model, [`evidence`] fills in what the
//! team's data says, `render` draws it, `site`
//! publishes pages. [`resolve`] decides how each journey is drawn, the same for every way
//! in: [`check`], [`export`], [`pictures`], [`filter`], [`mdbook`], [`site`] and [`serve`].
//! The command line is the `waymark` binary's; the library knows nothing of it, and every
//! failure it reports is an [`Error`].

#![warn(unreachable_pub)]

pub mod batch;
pub mod check;
pub mod diagnostics;
pub mod diff;
pub mod error;
pub mod evidence;
pub mod export;
pub(crate) mod files;
pub mod filter;
pub mod format;
pub(crate) mod i18n;
pub mod journey;
pub(crate) mod links;
pub mod lsp;
pub mod markdown;
pub mod mdbook;
pub mod pictures;
pub mod render;
pub mod resolve;
pub mod serve;
pub(crate) mod settings;
pub mod site;
pub(crate) mod slug;
pub mod sources;

pub use error::Error;
