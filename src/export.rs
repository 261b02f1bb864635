//! The JSON export: a public, versioned document with every journey and persona of a file.

use crate::journey::{Journey, Persona};
use schemars::JsonSchema;
use serde::Serialize;

/// The version of the export format; bumped on any incompatible change.
pub const SCHEMA: &str = "waymark-export/1";

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
