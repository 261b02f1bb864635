//! What the server knows: every journey file of the workspace folders, read from disk at
//! start, and the documents the editor has open, kept in memory as they are typed. Each
//! document is analysed once per change; every request reads that analysis.

use super::lines::Lines;
use super::uri;
use crate::diagnostics::Diagnostic;
use crate::journey::source::{find_blocks, is_mermaid_journey, FenceOptions};
use crate::journey::validate;
use crate::journey::{parse_block, parse_source, Block, Journey, Persona, SourceKind, Span};
use lsp_types::Uri;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One journey block of a document, as read.
#[derive(Debug, Clone)]
pub(crate) struct BlockInfo {
    /// The whole block in its file (a fence's own lines included).
    pub(crate) span: Span,
    /// The journey it holds, if any.
    pub(crate) journey: Option<Journey>,
    /// The personas it defines.
    pub(crate) personas: Vec<Persona>,
}

/// One document: its text and what was read from it.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    /// The URI the editor uses (diagnostics are published under it).
    pub(crate) uri: Uri,
    /// The file, when the URI names one.
    pub(crate) path: Option<PathBuf>,
    /// How the text is read.
    pub(crate) kind: SourceKind,
    /// The text, as the editor has it.
    pub(crate) text: String,
    /// Its lines.
    pub(crate) lines: Lines,
    /// Whether the editor has it open (else it was read from disk).
    pub(crate) open: bool,
    /// The journey blocks, in file order.
    pub(crate) blocks: Vec<BlockInfo>,
    /// Problems found in this file alone (parsing and its data), in file order.
    pub(crate) problems: Vec<Diagnostic>,
}

impl Document {
    /// Reads `text` as a document of `kind`.
    pub(crate) fn new(uri: Uri, kind: SourceKind, text: String, fences: FenceOptions) -> Self {
        let path = uri::to_path(&uri);
        let mut doc = Document {
            uri,
            path,
            kind,
            lines: Lines::new(&text),
            text,
            open: false,
            blocks: Vec::new(),
            problems: Vec::new(),
        };
        doc.analyse(fences);
        doc
    }

    /// Reads the text again after a change (`lines` must already be the text's).
    pub(crate) fn analyse(&mut self, fences: FenceOptions) {
        let (blocks, mut problems) = read_blocks(&self.text, self.kind, fences);
        self.blocks = blocks;
        if let Some(path) = &self.path {
            // Scores and quotes drawn from data files, read as `waymark check` reads them.
            let journeys = self.blocks.iter_mut().filter_map(|b| b.journey.as_mut());
            let data = crate::evidence::attach_to_file(journeys, path);
            problems.extend(data.diagnostics);
        }
        problems.sort_by_key(|d| (d.span.start, d.span.end));
        self.problems = problems;
    }

    /// The block holding byte `offset`, if any.
    pub(crate) fn block_at(&self, offset: usize) -> Option<&BlockInfo> {
        let i = self.blocks.partition_point(|b| b.span.end < offset);
        self.blocks
            .get(i)
            .filter(|b| b.span.start <= offset && offset <= b.span.end)
    }

    /// Every journey of the document.
    pub(crate) fn journeys(&self) -> impl Iterator<Item = &Journey> {
        self.blocks.iter().filter_map(|b| b.journey.as_ref())
    }

    /// Every persona the document defines.
    pub(crate) fn personas(&self) -> impl Iterator<Item = &Persona> {
        self.blocks.iter().flat_map(|b| b.personas.iter())
    }
}

/// The journey blocks of a text and the problems found reading them, as
/// [`parse_source`] reads them, with each block's place kept.
fn read_blocks(
    text: &str,
    kind: SourceKind,
    fences: FenceOptions,
) -> (Vec<BlockInfo>, Vec<Diagnostic>) {
    let blocks: Vec<Block> = match kind {
        SourceKind::Markdown => find_blocks(text, fences),
        SourceKind::Journey => vec![Block::contiguous(text, 0)],
        SourceKind::MermaidFile if is_mermaid_journey(text) => {
            vec![Block::whole(text, 0, crate::journey::Dialect::Mermaid)]
        }
        // What a Mermaid file without a journey is, `parse_source` says.
        SourceKind::MermaidFile => {
            let parsed = parse_source(text, kind, fences);
            return (Vec::new(), parsed.diagnostics);
        }
    };
    let mut problems = Vec::new();
    let infos = blocks
        .iter()
        .map(|block| {
            let parsed = parse_block(block);
            problems.extend(parsed.diagnostics);
            BlockInfo {
                span: block.span,
                journey: parsed.journey,
                personas: parsed.personas,
            }
        })
        .collect();
    (infos, problems)
}

/// Every document the server knows, by a key that does not depend on how an editor
/// spells a file's URI.
#[derive(Debug, Default)]
pub(crate) struct Workspace {
    docs: BTreeMap<String, Document>,
    /// Which fences hold journeys.
    pub(crate) fences: FenceOptions,
}

/// The key of a document: its path for files, else its URI.
pub(crate) fn key(uri: &Uri) -> String {
    match uri::to_path(uri) {
        Some(path) => path.to_string_lossy().into_owned(),
        None => uri.as_str().to_string(),
    }
}

/// How a document is read: by its file's extension (`.journey`, `.mmd`), markdown
/// otherwise; an editor's language id decides for documents without one.
pub(crate) fn kind_of(uri: &Uri, language_id: Option<&str>) -> SourceKind {
    let by_name = uri::to_path(uri)
        .as_deref()
        .and_then(SourceKind::of)
        .or_else(|| SourceKind::of(Path::new(uri.as_str())));
    by_name.unwrap_or(match language_id {
        Some("journey") => SourceKind::Journey,
        Some("mermaid") => SourceKind::MermaidFile,
        _ => SourceKind::Markdown,
    })
}

impl Workspace {
    /// Reads every journey file under `folder` (as `waymark check FOLDER` finds them). A
    /// file that cannot be read is left out: the editor reports it when it is opened.
    pub(crate) fn scan(&mut self, folder: &Path) {
        let Ok(found) = crate::sources::collect(&[folder.to_path_buf()]) else {
            return;
        };
        for f in found {
            let Ok(input) = crate::sources::read_input(&f.path) else {
                continue;
            };
            // A folder may hold Mermaid files of other diagrams: those are not waymark's.
            if input.kind == SourceKind::MermaidFile && !is_mermaid_journey(&input.text) {
                continue;
            }
            let Some(uri) = uri::from_path(&input.name) else {
                continue;
            };
            let k = key(&uri);
            if self.docs.get(&k).is_some_and(|d| d.open) {
                continue;
            }
            let doc = Document::new(uri, input.kind, input.text, self.fences);
            self.docs.insert(k, doc);
        }
    }

    /// The document the editor calls `uri`.
    pub(crate) fn get(&self, uri: &Uri) -> Option<&Document> {
        self.docs.get(&key(uri))
    }

    /// The document the editor calls `uri`, to change.
    pub(crate) fn get_mut(&mut self, uri: &Uri) -> Option<&mut Document> {
        self.docs.get_mut(&key(uri))
    }

    /// Adds or replaces a document.
    pub(crate) fn insert(&mut self, doc: Document) {
        self.docs.insert(key(&doc.uri), doc);
    }

    /// Forgets a document (a file deleted, an unsaved buffer closed).
    pub(crate) fn remove(&mut self, uri: &Uri) {
        self.docs.remove(&key(uri));
    }

    /// Every document.
    pub(crate) fn docs(&self) -> impl Iterator<Item = &Document> {
        self.docs.values()
    }

    /// Every persona defined anywhere in the workspace.
    pub(crate) fn personas(&self) -> impl Iterator<Item = &Persona> {
        self.docs.values().flat_map(Document::personas)
    }

    /// The names of every persona, lower-cased and sorted: when they change, what other
    /// documents say about the personas they name may change too.
    pub(crate) fn persona_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.personas().map(|p| p.name.to_lowercase()).collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    /// The problems of `doc`: its own, and those that need every persona of the workspace.
    pub(crate) fn diagnostics(&self, doc: &Document) -> Vec<Diagnostic> {
        let personas: Vec<Persona> = self.personas().cloned().collect();
        let ctx = validate::Context {
            personas: &personas,
            today: Some(crate::evidence::today()),
            stale_after_days: i64::from(crate::evidence::DEFAULT_STALE_AFTER_DAYS),
        };
        let mut all = doc.problems.clone();
        for journey in doc.journeys() {
            all.extend(validate::check_journey(journey, &ctx));
        }
        all.sort_by_key(|d| (d.span.start, d.span.end));
        all
    }
}
