// The VS Code extension for cutover. The language itself (file extension,
// TextMate grammar, comments and brackets) is declared in package.json; this
// file runs the language client: it starts `cutover lsp` over stdio for the
// `cut` documents, and starts it again when its settings change.
'use strict';

const os = require('os');
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');
const { serverExecutable } = require('./server');

const SERVER_SETTINGS = ['cutover.path', 'cutover.serverArgs'];

let client;
let outputChannel;
let fileWatcher;
// Start, stop and restart run one after the other, never interleaved.
let queue = Promise.resolve();

function settings() {
  const config = vscode.workspace.getConfiguration('cutover');
  const folder = (vscode.workspace.workspaceFolders || []).find((f) => f.uri.scheme === 'file');
  return {
    path: config.get('path'),
    serverArgs: config.get('serverArgs'),
    workspaceFolder: folder ? folder.uri.fsPath : undefined,
    home: os.homedir(),
  };
}

async function showStartError(detail) {
  const choice = await vscode.window.showErrorMessage(
    `cutover: the language server did not start: ${detail}. Set "cutover.path" to the cutover executable.`,
    'Open Settings', 'Show Log');
  if (choice === 'Open Settings') {
    vscode.commands.executeCommand('workbench.action.openSettings', 'cutover.path');
  } else if (choice === 'Show Log') {
    outputChannel.show(true);
  }
}

async function start() {
  let executable;
  try {
    executable = serverExecutable(settings());
  } catch (err) {
    showStartError(err.message);
    return;
  }
  outputChannel.appendLine(`starting: ${[executable.command, ...executable.args].join(' ')}`);
  const serverOptions = { run: executable, debug: executable };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'cut' },
      { scheme: 'untitled', language: 'cut' },
    ],
    // A plan's findings depend on the files it `use`s: the server hears of
    // every .cut file that changes on disk.
    synchronize: { fileEvents: fileWatcher },
    outputChannel,
  };
  const candidate = new LanguageClient('cutover', 'cutover', serverOptions, clientOptions);
  try {
    await candidate.start();
    client = candidate;
  } catch (err) {
    candidate.dispose().catch(() => {});
    showStartError(`${executable.command}: ${err.message}`);
  }
}

async function stop() {
  if (client === undefined) return;
  const running = client;
  client = undefined;
  try {
    await running.dispose();
  } catch (err) {
    outputChannel.appendLine(`stopping the server: ${err.message}`);
  }
}

function enqueue(work) {
  queue = queue.then(work, work);
  return queue;
}

function restart() {
  return enqueue(async () => {
    await stop();
    await start();
  });
}

function activate(context) {
  outputChannel = vscode.window.createOutputChannel('cutover');
  fileWatcher = vscode.workspace.createFileSystemWatcher('**/*.cut');
  context.subscriptions.push(
    outputChannel,
    fileWatcher,
    vscode.commands.registerCommand('cutover.restartServer', restart),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (SERVER_SETTINGS.some((name) => event.affectsConfiguration(name))) restart();
    }),
  );
  return enqueue(start);
}

function deactivate() {
  return enqueue(stop);
}

module.exports = { activate, deactivate };
