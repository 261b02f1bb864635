//! The JSON export: a public, versioned document with every journey and persona of a file.

use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::journey::source::FenceOptions;
use crate::journey::{parse_source, Journey, Persona};
use crate::sources::Input;
use schemars::JsonSchema;
use serde::Serialize;

/// The version of the export format; bumped on any incompatible change.
pub(crate) const SCHEMA: &str = "waymark-export/1";

/// What `waymark export --format json` prints.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ExportDocument {
    /// The format version, `waymark-export/1`.
    pub schema: String,
    /// Every journey, in file order.
    pub journeys: Vec<Journey>,
    /// Every persona defined, in file order.
    pub personas: Vec<Persona>,
}

impl ExportDocument {
    /// A document holding `journeys` and `personas`.
    pub fn new(journeys: Vec<Journey>, personas: Vec<Persona>) -> Self {
        ExportDocument {
            schema: SCHEMA.to_string(),
            journeys,
            personas,
        }
    }
}

/// The JSON Schema of [`ExportDocument`], pretty-printed.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(ExportDocument);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// The export of `input` and its warnings; an input with errors exports nothing
/// ([`Error::Diagnostics`]).
pub fn export(
    input: &Input,
    options: FenceOptions,
) -> Result<(ExportDocument, Vec<Diagnostic>), Error> {
    let mut parsed = parse_source(&input.text, input.kind, options);
    let data = crate::evidence::attach_to_file(&mut parsed.journeys, &input.name);
    parsed.diagnostics.extend(data.diagnostics);
    parsed
        .diagnostics
        .sort_by_key(|d| (d.span.start, d.span.end));
    if parsed.diagnostics.iter().any(|d| d.is_error()) {
        return Err(Error::Diagnostics {
            path: input.name.clone(),
            text: input.text.clone(),
            diagnostics: parsed.diagnostics,
        });
    }
    let doc = ExportDocument::new(parsed.journeys, parsed.personas);
    Ok((doc, parsed.diagnostics))
}
