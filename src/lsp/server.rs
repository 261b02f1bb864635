//! The message loop: initialize, then every notification and request in the order it
//! came, each answered from the workspace's analysis.

use super::workspace::{self, Document, Workspace};
use super::{actions, complete, hover, outline, personas, uri};
use crate::journey::source::FenceOptions;
use crate::Error;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{self as notif, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionProviderCapability, CompletionOptions, FileChangeType,
    HoverProviderCapability, InitializeParams, Location, MarkupContent, MarkupKind, OneOf,
    PrepareRenameResponse, PublishDiagnosticsParams, RenameOptions, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions, TextEdit, Uri,
    WorkspaceEdit,
};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..TextDocumentSyncOptions::default()
            },
        )),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some([":", " ", "{", ",", ">"].map(String::from).to_vec()),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(lsp_types::FoldingRangeProviderCapability::Simple(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(
            lsp_types::CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..Default::default()
            },
        )),
        ..ServerCapabilities::default()
    }
}

fn protocol(e: lsp_server::ProtocolError) -> Error {
    Error::Failed(format!(
        "waymark lsp: {e}; it speaks the Language Server Protocol on standard input: start it from an editor (see docs/editors.md)"
    ))
}

/// Initializes, then serves until the editor says `exit` or closes the connection.
pub(super) fn run(connection: Connection, fences: FenceOptions) -> Result<(), Error> {
    let (id, params) = connection.initialize_start().map_err(protocol)?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": { "name": "waymark", "version": env!("CARGO_PKG_VERSION") },
    });
    connection.initialize_finish(id, result).map_err(protocol)?;
    let mut server = Server {
        conn: &connection,
        ws: Workspace::default(),
        persona_names: Vec::new(),
    };
    server.ws.fences.mermaid = fences.mermaid
        || params
            .initialization_options
            .as_ref()
            .and_then(|o| o.get("mermaid"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
    for folder in folders(&params) {
        server.ws.scan(&folder);
    }
    server.persona_names = server.ws.persona_names();
    for msg in &connection.receiver {
        match msg {
            Message::Request(r) => {
                if connection.handle_shutdown(&r).map_err(protocol)? {
                    return Ok(());
                }
                let id = r.id.clone();
                let method = r.method.clone();
                let answer = catch_unwind(AssertUnwindSafe(|| server.request(r)))
                    .unwrap_or_else(|_| Err(internal(&method)));
                let response = match answer {
                    Ok(value) => Response::new_ok(id, value),
                    Err((code, message)) => Response::new_err(id, code as i32, message),
                };
                server.send(response.into());
            }
            Message::Notification(n) => {
                if n.method == notif::Exit::METHOD {
                    return Ok(());
                }
                let method = n.method.clone();
                if catch_unwind(AssertUnwindSafe(|| server.notification(n))).is_err() {
                    eprintln!("waymark lsp: {}", internal(&method).1);
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

fn internal(method: &str) -> (ErrorCode, String) {
    (
        ErrorCode::InternalError,
        format!(
            "waymark lsp failed on `{method}`: please report it with the document that caused it"
        ),
    )
}

/// The folders to read at start: the workspace folders, else the root.
#[allow(deprecated)] // Older clients send only `rootUri`.
fn folders(params: &InitializeParams) -> Vec<PathBuf> {
    let from_folders: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| uri::to_path(&f.uri))
        .collect();
    if !from_folders.is_empty() {
        return from_folders;
    }
    params.root_uri.iter().filter_map(uri::to_path).collect()
}

type Answer = Result<Value, (ErrorCode, String)>;

struct Server<'c> {
    conn: &'c Connection,
    ws: Workspace,
    /// The personas' names when diagnostics were last published.
    persona_names: Vec<String>,
}

fn params<P: DeserializeOwned>(value: Value) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(value)
        .map_err(|e| (ErrorCode::InvalidParams, format!("bad parameters: {e}")))
}

fn json<T: serde::Serialize>(value: T) -> Answer {
    serde_json::to_value(value).map_err(|e| (ErrorCode::InternalError, e.to_string()))
}

impl Server<'_> {
    fn send(&self, msg: Message) {
        // The editor has gone away: the loop ends when its messages stop.
        let _ = self.conn.sender.send(msg);
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            notif::DidOpenTextDocument::METHOD => {
                let Ok(p) = params::<lsp_types::DidOpenTextDocumentParams>(n.params) else {
                    return;
                };
                let item = p.text_document;
                let kind = workspace::kind_of(&item.uri, Some(&item.language_id));
                let mut doc = Document::new(item.uri, kind, item.text, self.ws.fences);
                doc.open = true;
                let uri = doc.uri.clone();
                self.ws.insert(doc);
                self.changed(&uri);
            }
            notif::DidChangeTextDocument::METHOD => {
                let Ok(p) = params::<lsp_types::DidChangeTextDocumentParams>(n.params) else {
                    return;
                };
                let uri = p.text_document.uri;
                let fences = self.ws.fences;
                let Some(doc) = self.ws.get_mut(&uri) else {
                    return;
                };
                for change in p.content_changes {
                    match change.range {
                        Some(range) => {
                            let start = doc.lines.offset(range.start, &doc.text);
                            let end = doc.lines.offset(range.end, &doc.text).max(start);
                            doc.text.replace_range(start..end, &change.text);
                        }
                        None => doc.text = change.text,
                    }
                    // The next change's range counts in the text as this one left it.
                    doc.lines = super::lines::Lines::new(&doc.text);
                }
                doc.analyse_edit(fences);
                self.changed(&uri);
            }
            notif::DidCloseTextDocument::METHOD => {
                let Ok(p) = params::<lsp_types::DidCloseTextDocumentParams>(n.params) else {
                    return;
                };
                let uri = p.text_document.uri;
                self.publish_to(&uri, Vec::new(), None);
                // What is on disk counts again (the edits may not have been saved).
                self.ws.remove(&uri);
                self.reread(&uri);
                self.personas_may_have_changed(None);
            }
            notif::DidChangeWatchedFiles::METHOD => {
                let Ok(p) = params::<lsp_types::DidChangeWatchedFilesParams>(n.params) else {
                    return;
                };
                for change in p.changes {
                    if self.ws.get(&change.uri).is_some_and(|d| d.open) {
                        continue;
                    }
                    self.ws.remove(&change.uri);
                    if change.typ != FileChangeType::DELETED {
                        self.reread(&change.uri);
                    }
                }
                self.personas_may_have_changed(None);
            }
            _ => {}
        }
    }

    /// Reads a file of the workspace from disk again.
    fn reread(&mut self, uri: &Uri) {
        let Some(path) = uri::to_path(uri) else {
            return;
        };
        if crate::journey::SourceKind::of(&path).is_none() {
            return;
        }
        if let Ok(input) = crate::sources::read_input(&path) {
            let doc = Document::new(uri.clone(), input.kind, input.text, self.ws.fences);
            self.ws.insert(doc);
        }
    }

    /// Publishes the diagnostics of a document that changed, and those of every other
    /// open document when the personas defined in the workspace changed.
    fn changed(&mut self, uri: &Uri) {
        if let Some(doc) = self.ws.get(uri) {
            let found = self.ws.diagnostics(doc);
            let lsp = found.iter().map(|d| actions::to_lsp(doc, d)).collect();
            self.publish_to(&doc.uri.clone(), lsp, None);
        }
        self.personas_may_have_changed(Some(uri));
    }

    /// Republishes every open document's diagnostics (but `except`'s, just published)
    /// when the names of the workspace's personas changed.
    fn personas_may_have_changed(&mut self, except: Option<&Uri>) {
        let names = self.ws.persona_names();
        if names == self.persona_names {
            return;
        }
        self.persona_names = names;
        let except = except.map(workspace::key);
        let mut out = Vec::new();
        for doc in self
            .ws
            .docs()
            .filter(|d| d.open && Some(workspace::key(&d.uri)) != except)
        {
            let lsp = self
                .ws
                .diagnostics(doc)
                .iter()
                .map(|d| actions::to_lsp(doc, d))
                .collect();
            out.push((doc.uri.clone(), lsp));
        }
        for (uri, lsp) in out {
            self.publish_to(&uri, lsp, None);
        }
    }

    fn publish_to(&self, uri: &Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        let p = PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics,
            version,
        };
        self.send(Notification::new(notif::PublishDiagnostics::METHOD.to_string(), p).into());
    }

    /// The document and byte offset a position request is about.
    fn at(&self, p: &lsp_types::TextDocumentPositionParams) -> Option<(&Document, usize)> {
        let doc = self.ws.get(&p.text_document.uri)?;
        Some((doc, doc.lines.offset(p.position, &doc.text)))
    }

    fn request(&mut self, r: Request) -> Answer {
        // Completion, code actions and formatting read the text, block places and problems,
        // which an edit keeps current; every other request reads spans inside journeys.
        let current = [
            req::Completion::METHOD,
            req::CodeActionRequest::METHOD,
            req::Formatting::METHOD,
        ];
        if !current.contains(&r.method.as_str()) {
            self.ws.refresh_all();
        }
        match r.method.as_str() {
            req::Completion::METHOD => {
                let p: lsp_types::CompletionParams = params(r.params)?;
                let items = self
                    .at(&p.text_document_position)
                    .map(|(doc, at)| complete::complete(&self.ws, doc, at))
                    .unwrap_or_default();
                json(items)
            }
            req::HoverRequest::METHOD => {
                let p: lsp_types::HoverParams = params(r.params)?;
                let found = self
                    .at(&p.text_document_position_params)
                    .and_then(|(doc, at)| {
                        hover::hover(&self.ws, doc, at).map(|(text, span)| lsp_types::Hover {
                            contents: lsp_types::HoverContents::Markup(MarkupContent {
                                kind: MarkupKind::Markdown,
                                value: text,
                            }),
                            range: Some(doc.lines.range(span.start, span.end, &doc.text)),
                        })
                    });
                json(found)
            }
            req::GotoDefinition::METHOD => {
                let p: lsp_types::GotoDefinitionParams = params(r.params)?;
                let found = self
                    .at(&p.text_document_position_params)
                    .and_then(|(doc, at)| personas::at(doc, at))
                    .and_then(|(name, _)| personas::definition(&self.ws, &name))
                    .map(|(doc, p)| location(doc, p.span));
                json(found)
            }
            req::References::METHOD => {
                let p: lsp_types::ReferenceParams = params(r.params)?;
                let with_definition = p.context.include_declaration;
                let Some((name, _)) = self
                    .at(&p.text_document_position)
                    .and_then(|(doc, at)| personas::at(doc, at))
                else {
                    return json(None::<Vec<Location>>);
                };
                let mut out = Vec::new();
                for (doc, mentions) in personas::everywhere(&self.ws, &name) {
                    for m in mentions.iter().filter(|m| with_definition || !m.definition) {
                        out.push(location(doc, m.span));
                    }
                }
                json(out)
            }
            req::PrepareRenameRequest::METHOD => {
                let p: lsp_types::TextDocumentPositionParams = params(r.params)?;
                let found = self.at(&p).and_then(|(doc, at)| {
                    personas::at(doc, at).map(|(_, m)| {
                        PrepareRenameResponse::Range(doc.lines.range(
                            m.span.start,
                            m.span.end,
                            &doc.text,
                        ))
                    })
                });
                match found {
                    Some(found) => json(found),
                    None => Err((
                        ErrorCode::RequestFailed,
                        "only personas can be renamed: put the cursor on a persona's name"
                            .to_string(),
                    )),
                }
            }
            req::Rename::METHOD => {
                let p: lsp_types::RenameParams = params(r.params)?;
                let new = p.new_name.trim();
                if new.is_empty() || new.contains([':', ',', '\n', '%']) {
                    return Err((
                        ErrorCode::InvalidParams,
                        format!("`{new}` cannot be a persona's name: use a name without `:`, `,` or `%`"),
                    ));
                }
                let Some((name, _)) = self
                    .at(&p.text_document_position)
                    .and_then(|(doc, at)| personas::at(doc, at))
                else {
                    return Err((
                        ErrorCode::RequestFailed,
                        "only personas can be renamed: put the cursor on a persona's name"
                            .to_string(),
                    ));
                };
                // lsp-types keys a workspace edit's changes by `Uri`, which clippy cannot
                // see is never changed while it is a key.
                #[allow(clippy::mutable_key_type)]
                let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
                for (doc, mentions) in personas::everywhere(&self.ws, &name) {
                    let edits = mentions
                        .iter()
                        .map(|m| TextEdit {
                            range: doc.lines.range(m.span.start, m.span.end, &doc.text),
                            new_text: new.to_string(),
                        })
                        .collect();
                    changes.insert(doc.uri.clone(), edits);
                }
                json(WorkspaceEdit {
                    changes: Some(changes),
                    ..WorkspaceEdit::default()
                })
            }
            req::DocumentSymbolRequest::METHOD => {
                let p: lsp_types::DocumentSymbolParams = params(r.params)?;
                let found = self.ws.get(&p.text_document.uri).map(outline::symbols);
                json(found.map(lsp_types::DocumentSymbolResponse::Nested))
            }
            req::FoldingRangeRequest::METHOD => {
                let p: lsp_types::FoldingRangeParams = params(r.params)?;
                json(self.ws.get(&p.text_document.uri).map(outline::folding))
            }
            req::CodeActionRequest::METHOD => {
                let p: lsp_types::CodeActionParams = params(r.params)?;
                let found = self
                    .ws
                    .get(&p.text_document.uri)
                    .map(|doc| actions::code_actions(&self.ws, doc, p.range));
                json(found)
            }
            req::Formatting::METHOD => {
                let p: lsp_types::DocumentFormattingParams = params(r.params)?;
                json(
                    self.ws
                        .get(&p.text_document.uri)
                        .map(|d| actions::format(&self.ws, d)),
                )
            }
            other => Err((
                ErrorCode::MethodNotFound,
                format!("waymark lsp does not answer `{other}`"),
            )),
        }
    }
}

fn location(doc: &Document, span: crate::journey::Span) -> Location {
    Location {
        uri: doc.uri.clone(),
        range: doc.lines.range(span.start, span.end, &doc.text),
    }
}
