#!/usr/bin/env node
// The VS Code extension's declarations, checked against what uses them:
//   - package.json: the `cut` language for *.cut with its configuration and
//     grammar files, activation on the language, every setting and command
//     that extension.js uses declared, a VS Code engine that the packaged
//     vscode-languageclient supports;
//   - language-configuration.json: '#' comments, the brackets, and
//     indentation rules that reproduce `cutover fmt`'s layout on every
//     formatted file (tests/cases/fmt-all): a line opens a level exactly when
//     the next line is indented deeper (or is the '}' of an empty block),
//     and closes one exactly when it starts with '}';
//   - server.js: the command line of `cutover lsp` from the settings.
// Usage: vscode_config.js SOURCE_DIR   (NODE_PATH: the npm modules)
'use strict';

const assert = require('assert');
const fs = require('fs');
const path = require('path');

const root = path.resolve(process.argv[2] || '.');
const ext = path.join(root, 'editors/vscode');
const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

let passed = 0;
let failed = 0;
function check(name, body) {
  try {
    body();
    passed++;
  } catch (err) {
    failed++;
    console.log(`FAIL: ${name}: ${err.message}`);
  }
}

const manifest = readJson(path.join(ext, 'package.json'));
const extensionJs = fs.readFileSync(path.join(ext, 'extension.js'), 'utf8');

check('package.json: the cut language', () => {
  const [language] = manifest.contributes.languages;
  assert.strictEqual(language.id, 'cut');
  assert.deepStrictEqual(language.extensions, ['.cut']);
  assert.ok(fs.existsSync(path.join(ext, language.configuration)), `missing ${language.configuration}`);
  const [grammar] = manifest.contributes.grammars;
  assert.strictEqual(grammar.language, 'cut');
  const tm = readJson(path.join(ext, grammar.path));
  assert.strictEqual(grammar.scopeName, tm.scopeName);
  assert.ok(manifest.activationEvents.includes('onLanguage:cut'), 'no activation on the cut language');
  assert.ok(fs.existsSync(path.join(ext, manifest.main)), `missing ${manifest.main}`);
});

check('package.json: every setting extension.js reads is declared', () => {
  const declared = Object.keys(manifest.contributes.configuration.properties);
  const used = new Set([...extensionJs.matchAll(/'cutover\.(\w+(?:\.\w+)*)'/g)].map((m) => `cutover.${m[1]}`));
  for (const name of [...extensionJs.matchAll(/config\.get\('(\w+)'\)/g)].map((m) => `cutover.${m[1]}`)) used.add(name);
  const commands = manifest.contributes.commands.map((c) => c.command);
  for (const name of used) {
    assert.ok(declared.includes(name) || commands.includes(name), `${name} is used but not declared`);
  }
  for (const name of ['cutover.path', 'cutover.serverArgs']) assert.ok(used.has(name), `${name} is not used`);
  for (const name of commands) assert.ok(extensionJs.includes(`'${name}'`), `command ${name} is not registered`);
});

check('package.json: the VS Code engine suits vscode-languageclient', () => {
  const client = require('vscode-languageclient/package.json');
  assert.strictEqual(manifest.dependencies['vscode-languageclient'], client.version);
  const minimum = (range) => range.replace(/^\^/, '').split('.').map(Number);
  const [ours, theirs] = [minimum(manifest.engines.vscode), minimum(client.engines.vscode)];
  const cmp = ours.map((n, i) => n - theirs[i]).find((d) => d !== 0) || 0;
  assert.ok(cmp >= 0, `engines.vscode ${manifest.engines.vscode} is older than the client's ${client.engines.vscode}`);
});

const config = readJson(path.join(ext, 'language-configuration.json'));
check('language configuration: comments and brackets', () => {
  assert.strictEqual(config.comments.lineComment, '#');
  for (const pair of [['{', '}'], ['[', ']'], ['(', ')']]) {
    assert.ok(config.brackets.some((b) => b[0] === pair[0] && b[1] === pair[1]), `bracket ${pair}`);
    assert.ok(config.autoClosingPairs.some((p) => p.open === pair[0] && p.close === pair[1]), `auto-closing ${pair}`);
  }
  assert.ok(config.autoClosingPairs.some((p) => p.open === '"' && p.notIn.includes('string')), 'auto-closing quotes');
});

function filesEndingIn(dir, suffix) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesEndingIn(full, suffix) : e.name.endsWith(suffix) ? [full] : [];
  });
}

// Files in `cutover fmt`'s layout: every golden, and every example, pack and
// editor test file that has none (formatting leaves those unchanged).
function formattedFiles() {
  const goldens = path.join(root, 'tests/cases/fmt-all');
  const sources = ['examples', 'policies', 'tests/editors'].flatMap((d) => filesEndingIn(path.join(root, d), '.cut'));
  const canonical = sources.filter((f) => !fs.existsSync(path.join(goldens, path.relative(root, f)) + '.golden'));
  return filesEndingIn(goldens, '.golden').concat(canonical);
}

// Whether the line leaves a '{' open, strings and comments aside.
function unclosedBrace(line) {
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '#') break;
    if (c === '"') {
      for (i++; i < line.length && line[i] !== '"'; i++) if (line[i] === '\\') i++;
    } else if (c === '{') {
      depth++;
    } else if (c === '}' && depth > 0) {
      depth--;
    }
  }
  return depth > 0;
}

check('language configuration: indentation rules follow cutover fmt', () => {
  const increase = new RegExp(config.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
  const files = formattedFiles();
  assert.ok(files.length >= 50, `only ${files.length} formatted files`);
  const indent = (line) => line.match(/^ */)[0].length;
  let lines = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
    text.forEach((line, i) => {
      const where = `${path.relative(root, file)}: ${JSON.stringify(line)}`;
      // A line opens a level when it leaves a '{' open (outside strings and
      // comments); the next line is then one level in, or closes it at once.
      // A deeper line after one that opens nothing is a long clause that
      // fmt continued, which is no level.
      const next = text[i + 1];
      const opens = unclosedBrace(line);
      if (opens && next !== undefined && !next.trim().startsWith('}'))
        assert.strictEqual(indent(next), indent(line) + 2, `${where}: the block's first line`);
      assert.strictEqual(increase.test(line), opens, `${where}: increaseIndentPattern ${!opens}`);
      assert.strictEqual(decrease.test(line), line.trim().startsWith('}'), `${where}: decreaseIndentPattern`);
      lines++;
    });
  }
  assert.ok(lines > 1000, `only ${lines} lines`);
});

check('server.js: cutover lsp from the settings', () => {
  const { serverExecutable } = require(path.join(ext, 'server.js'));
  const run = (settings) => serverExecutable({ home: '/home/u', ...settings });
  assert.deepStrictEqual(run({}), { command: 'cutover', args: ['lsp'] });
  assert.deepStrictEqual(run({ path: '  ', serverArgs: [] }), { command: 'cutover', args: ['lsp'] });
  assert.deepStrictEqual(run({ path: '/opt/cutover/bin/cutover', serverArgs: ['--pack-path', '/opt/packs'] }),
    { command: '/opt/cutover/bin/cutover', args: ['lsp', '--pack-path', '/opt/packs'] });
  assert.deepStrictEqual(run({ path: '${workspaceFolder}/build/bin/cutover', workspaceFolder: '/src/plans' }).command,
    '/src/plans/build/bin/cutover');
  assert.deepStrictEqual(run({ path: '~/bin/cutover' }).command, '/home/u/bin/cutover');
  assert.deepStrictEqual(run({ serverArgs: ['-v', 3, null] }).args, ['lsp', '-v']);
  assert.throws(() => run({ path: '${workspaceFolder}/cutover' }), /no folder is open/);
});

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
