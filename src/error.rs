//! The one error type of the library. Each error names what it is about (a file, a flag,
//! standard input); its cause, when there is one, is chained for the report, and
//! [`Error::help`] says how to fix it.

use crate::diagnostics::Diagnostic;
use std::io;
use std::path::PathBuf;

/// Everything that can stop waymark from doing what it was asked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file (or standard input, named `<stdin>`) could not be read.
    #[error("cannot read {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why not.
        #[source]
        source: io::Error,
    },
    /// A file could not be written.
    #[error("cannot write {}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why not.
        #[source]
        source: io::Error,
    },
    /// Something other than one file failed (standard output, the preview's server).
    #[error("{what}")]
    Io {
        /// What could not be done.
        what: String,
        /// Why not.
        #[source]
        source: io::Error,
    },
    /// A text that is not UTF-8.
    #[error("{} is not valid UTF-8 (first bad byte at offset {offset})", path.display())]
    NotUtf8 {
        /// The file, or `<stdin>`.
        path: PathBuf,
        /// The offset of the first byte that is not UTF-8.
        offset: usize,
    },
    /// A folder was named where a file is read.
    #[error("{} is a folder, not a file", path.display())]
    NotAFile {
        /// The folder.
        path: PathBuf,
    },
    /// A file that was to be drawn holds no journey.
    #[error("{} holds no journey", path.display())]
    NoJourney {
        /// The file, or `<stdin>`.
        path: PathBuf,
        /// It has ` ```mermaid ` fences holding journeys, which were not asked for.
        mermaid_fences: bool,
    },
    /// A file has errors, so nothing was made from it.
    #[error("{} has errors; nothing was written", path.display())]
    Diagnostics {
        /// The file, or `<stdin>`.
        path: PathBuf,
        /// Its text, to show the lines the diagnostics point at.
        text: String,
        /// Every problem found, warnings too, in file order.
        diagnostics: Vec<Diagnostic>,
    },
    /// A request that cannot be carried out as given: a choice that names nothing
    /// (a theme), standard input named twice.
    #[error("{message}")]
    Usage {
        /// What is wrong.
        message: String,
        /// How to ask instead.
        help: Option<String>,
    },
    /// A failure worded in one line by the part of waymark that met it (a theme file, a
    /// PNG that could not be drawn).
    #[error("{0}")]
    Failed(String),
    /// A failure already reported in full, diagnostics and all, by the part of waymark
    /// that met it (a handbook build, the mdBook preprocessor); shown as it is.
    #[error("{0}")]
    Reported(String),
}

impl Error {
    /// The usage error a diagnostic about a choice made outside any file stands for.
    pub(crate) fn usage(d: Diagnostic) -> Error {
        Error::Usage {
            message: d.message,
            help: d.help,
        }
    }

    /// Whether the error is in how waymark was asked (a path that names nothing, a folder
    /// where a file belongs, a choice that names nothing) rather than in what it read.
    pub fn is_usage(&self) -> bool {
        match self {
            Error::Usage { .. } | Error::NotAFile { .. } => true,
            Error::Read { source, .. } => source.kind() == io::ErrorKind::NotFound,
            _ => false,
        }
    }

    /// How to fix it, when there is more to say than the message.
    pub fn help(&self) -> Option<String> {
        let text = match self {
            Error::Read { source, .. } => match source.kind() {
                io::ErrorKind::NotFound => "check the path: nothing is there",
                io::ErrorKind::PermissionDenied => "check that you may read it",
                _ => return None,
            },
            Error::Write { .. } => "check that the folder exists and that you may write to it",
            Error::NotUtf8 { .. } => "save the file as UTF-8",
            Error::NotAFile { .. } => {
                "name a file; `waymark check` also reads every journey in a folder"
            }
            Error::NoJourney {
                mermaid_fences: true,
                ..
            } => {
                "its ```mermaid fences hold journeys, which are read only when asked: add --mermaid"
            }
            Error::NoJourney { .. } => {
                "write a journey in a ```journey fence, or in a .journey or .mmd file"
            }
            Error::Usage { help, .. } => return help.clone(),
            _ => return None,
        };
        Some(text.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_is_a_usage_error_with_its_cause() {
        let e = Error::Read {
            path: "x.md".into(),
            source: io::Error::from(io::ErrorKind::NotFound),
        };
        assert_eq!(e.to_string(), "cannot read x.md");
        assert!(e.is_usage());
        assert!(std::error::Error::source(&e).is_some());
        let e = Error::Read {
            path: "x.md".into(),
            source: io::Error::from(io::ErrorKind::InvalidData),
        };
        assert!(!e.is_usage() && e.help().is_none());
    }
}
