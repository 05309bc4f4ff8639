// How the language server is started, computed from the extension's settings.
// Kept apart from extension.js (and from the `vscode` module) so that a plain
// Node test can check it.
'use strict';

const DEFAULT_COMMAND = 'cutover';

// Returns the executable for vscode-languageclient: `cutover lsp` plus the
// extra arguments, talking LSP over its stdin and stdout. `settings` holds
// the raw setting values (`path`, `serverArgs`), the first workspace folder's
// directory (or undefined) and the user's home directory.
function serverExecutable({ path, serverArgs, workspaceFolder, home }) {
  let command = typeof path === 'string' && path.trim() !== '' ? path.trim() : DEFAULT_COMMAND;
  if (command.includes('${workspaceFolder}')) {
    if (workspaceFolder === undefined) {
      throw new Error(`cutover.path "${command}" uses \${workspaceFolder}, but no folder is open`);
    }
    command = command.split('${workspaceFolder}').join(workspaceFolder);
  }
  if (home && (command === '~' || command.startsWith('~/'))) {
    command = home + command.slice(1);
  }
  const extra = Array.isArray(serverArgs) ? serverArgs.filter((arg) => typeof arg === 'string') : [];
  // No `transport` key: vscode-languageclient would append `--stdio`, and
  // stdio is already what `cutover lsp` speaks.
  return { command, args: ['lsp', ...extra] };
}

module.exports = { serverExecutable, DEFAULT_COMMAND };
