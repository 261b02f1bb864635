// Starts `waymark lsp` for journey files and markdown, and stops it with the editor.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration('waymark');
  const command = settings.get('path') || 'waymark';
  const server = { command, args: ['lsp'] };
  client = new LanguageClient(
    'waymark',
    'Waymark journeys',
    { run: server, debug: server },
    {
      documentSelector: [
        { scheme: 'file', language: 'journey' },
        { scheme: 'untitled', language: 'journey' },
        { scheme: 'file', language: 'markdown' },
        { scheme: 'file', pattern: '**/*.{mmd,mermaid}' },
      ],
      initializationOptions: { mermaid: settings.get('mermaid') === true },
      synchronize: {
        // Personas defined in files that are not open still count.
        fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{md,journey,mmd,mermaid}'),
      },
    },
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start().catch((error) => {
    vscode.window.showErrorMessage(
      `Waymark: cannot start \`${command} lsp\` (${error.message}). ` +
        'Install waymark or set "waymark.path" to the binary.',
    );
  });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
