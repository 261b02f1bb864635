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
    /// Problems found reading it (its data included).
    problems: Vec<Diagnostic>,
    /// What it was read from: its text, fence words and dialect, hashed.
    source: u64,
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
    /// Blocks were reused after an edit moved them: their problems were moved with them,
    /// but the spans inside their journeys and personas are where they were. Requests
    /// that read those spans call [`Document::refresh`] first.
    stale: bool,
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
            stale: false,
        };
        doc.analyse(fences);
        doc
    }

    /// Reads the whole text again (`lines` must already be the text's).
    pub(crate) fn analyse(&mut self, fences: FenceOptions) {
        self.read(fences, Vec::new());
        self.stale = false;
    }

    /// Reads the text again after an edit: blocks whose text did not change are not
    /// parsed again (on a large page an edit touches one block of hundreds); their
    /// problems move with them.
    pub(crate) fn analyse_edit(&mut self, fences: FenceOptions) {
        let old = std::mem::take(&mut self.blocks);
        self.read(fences, old);
    }

    /// Reads the text again when an edit left journeys' spans behind.
    pub(crate) fn refresh(&mut self, fences: FenceOptions) {
        if self.stale {
            self.analyse(fences);
        }
    }

    fn read(&mut self, fences: FenceOptions, old: Vec<BlockInfo>) {
        let (blocks, problems, moved) =
            read_blocks(&self.text, self.kind, fences, old, self.path.as_deref());
        self.stale |= moved;
        let mut problems = problems;
        problems.extend(blocks.iter().flat_map(|b| b.problems.iter().cloned()));
        self.blocks = blocks;
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
/// [`parse_source`] reads them, with each block's place kept. A block of `old` with the
/// same source is reused instead of read again (its problems moved to its new place);
/// the flag says whether one was reused at another place.
fn read_blocks(
    text: &str,
    kind: SourceKind,
    fences: FenceOptions,
    old: Vec<BlockInfo>,
    path: Option<&Path>,
) -> (Vec<BlockInfo>, Vec<Diagnostic>, bool) {
    let blocks: Vec<Block> = match kind {
        SourceKind::Markdown => find_blocks(text, fences),
        SourceKind::Journey => vec![Block::contiguous(text, 0)],
        SourceKind::MermaidFile if is_mermaid_journey(text) => {
            vec![Block::whole(text, 0, crate::journey::Dialect::Mermaid)]
        }
        // What a Mermaid file without a journey is, `parse_source` says.
        SourceKind::MermaidFile => {
            let parsed = parse_source(text, kind, fences);
            return (Vec::new(), parsed.diagnostics, false);
        }
    };
    let mut reusable: std::collections::HashMap<u64, Vec<BlockInfo>> =
        std::collections::HashMap::new();
    for b in old.into_iter().rev() {
        reusable.entry(b.source).or_default().push(b);
    }
    let mut moved = false;
    let infos = blocks
        .iter()
        .map(|block| {
            let source = source_hash(block);
            if let Some(mut b) = reusable.get_mut(&source).and_then(Vec::pop) {
                let delta = block.span.start as i64 - b.span.start as i64;
                if delta != 0 {
                    moved = true;
                    b.span = block.span;
                    for d in &mut b.problems {
                        shift(&mut d.span, delta);
                        if let Some(f) = &mut d.fix {
                            shift(&mut f.span, delta);
                        }
                    }
                }
                return b;
            }
            let mut parsed = parse_block(block);
            if let Some(j) = parsed.journey.as_mut() {
                // Scores and quotes drawn from data files, read as `waymark check` reads
                // them; an unsaved document's data is looked for as standard input's is.
                let path = path.unwrap_or(Path::new("-"));
                let data = crate::evidence::attach_to_file(std::iter::once(j), path);
                parsed.diagnostics.extend(data.diagnostics);
            }
            BlockInfo {
                span: block.span,
                journey: parsed.journey,
                personas: parsed.personas,
                problems: parsed.diagnostics,
                source,
            }
        })
        .collect();
    (infos, Vec::new(), moved)
}

/// What a block is read from, hashed: its text, its fence's words and its dialect.
fn source_hash(block: &Block) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    block.text.hash(&mut h);
    block.info.as_ref().map(|(i, _)| i).hash(&mut h);
    (block.dialect() == crate::journey::Dialect::Mermaid).hash(&mut h);
    h.finish()
}

fn shift(span: &mut Span, delta: i64) {
    let at = |x: usize| (x as i64 + delta).max(0) as usize;
    *span = Span::new(at(span.start), at(span.end));
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

    /// Reads again every document whose journeys' spans an edit left behind.
    pub(crate) fn refresh_all(&mut self) {
        let fences = self.fences;
        for doc in self.docs.values_mut() {
            doc.refresh(fences);
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    /// Problems as (start, end, message).
    fn problems(doc: &Document) -> Vec<(usize, usize, String)> {
        doc.problems
            .iter()
            .map(|d| (d.span.start, d.span.end, d.message.clone()))
            .collect()
    }

    #[test]
    fn an_edit_reads_only_the_block_it_changed_and_ends_where_a_full_read_ends() {
        let uri = Uri::from_str("untitled:page").expect("a URI");
        let text = "# A\n\n```journey\nsection S\n  One: 3\n```\n\n```journey\nsection T\n  Two: lots\n    chanel web\n```\n";
        let fences = FenceOptions::default();
        let mut doc = Document::new(uri.clone(), SourceKind::Markdown, text.to_string(), fences);
        // Typing in the first block moves the second, whose problems move with it.
        doc.text.insert_str(text.find("One").unwrap_or(0), "Step ");
        doc.lines = Lines::new(&doc.text);
        doc.analyse_edit(fences);
        assert!(doc.stale, "the second block was reused at another place");
        let full = Document::new(uri, SourceKind::Markdown, doc.text.clone(), fences);
        assert_eq!(problems(&doc), problems(&full));
        assert_eq!(problems(&doc).len(), 2);
        doc.refresh(fences);
        assert!(!doc.stale);
        let (a, b) = (&doc.blocks[1], &full.blocks[1]);
        assert_eq!(
            a.journey.as_ref().map(|j| j.span),
            b.journey.as_ref().map(|j| j.span)
        );
    }
}
