#!/usr/bin/env node
// The VS Code TextMate grammar (editors/vscode/syntaxes/cut.tmLanguage.json),
// run by the engine VS Code itself uses (vscode-textmate + vscode-oniguruma):
//   - every .cut file of examples/, policies/ and tests/editors/ tokenises
//     with no `invalid` scope;
//   - every keyword, in a position where the grammar (grammar/cut.hpp) reads
//     it as a keyword, is scoped keyword.* or constant.language.*, and
//     nothing else is scoped keyword.*;
//   - tests/editors/showcase.cut gives the scopes of its golden file
//     (showcase.cut.scopes; --update rewrites it: review the diff);
//   - brackets left open (as while typing) spoil only their own item: the
//     next item, at the start of a line, is scoped as it would be alone.
// Usage: textmate.js SOURCE_DIR [--update | --dump FILE]   (NODE_PATH: the
// npm modules; --dump prints any file's scopes in the golden's format)
'use strict';

const fs = require('fs');
const path = require('path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const root = path.resolve(process.argv[2] || '.');
const update = process.argv.includes('--update');
const grammarPath = path.join(root, 'editors/vscode/syntaxes/cut.tmLanguage.json');
const showcase = path.join(root, 'tests/editors/showcase.cut');
const golden = showcase + '.scopes';

// The keywords of the language, read from the grammar's kw_* rules.
function grammarKeywords() {
  const text = fs.readFileSync(path.join(root, 'grammar/cut.hpp'), 'utf8');
  const words = [...text.matchAll(/struct kw_\w+ : keyword<TAO_PEGTL_STRING\("(\w+)"\)>/g)].map((m) => m[1]);
  if (words.length < 40) throw new Error(`found only ${words.length} keywords in grammar/cut.hpp`);
  return new Set(words);
}

async function loadGrammar() {
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === 'source.cut' ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath) : null,
  });
  return registry.loadGrammar('source.cut');
}

// [{line, tokens: [{start, end, text, scopes}]}] for every line of the text.
function tokenize(grammar, text) {
  let stack = vsctm.INITIAL;
  return text.split(/\r?\n/).map((line, index) => {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    const tokens = result.tokens.map((t) => ({
      start: t.startIndex,
      end: Math.min(t.endIndex, line.length),
      text: line.slice(t.startIndex, t.endIndex),
      scopes: t.scopes,
    }));
    return { line, number: index + 1, tokens };
  });
}

// The scope a token shows: its innermost, less the meta.* scopes; the
// quotes of a string and the '#' of a comment show as the string or comment.
function shownScope(scopes) {
  const own = scopes.filter((s) => !s.startsWith('meta.') && s !== 'source.cut');
  if (own.length === 0) return '-';
  const last = own[own.length - 1];
  if (/^punctuation\.definition\.(string|comment)\./.test(last) && own.length > 1) return own[own.length - 2];
  return last;
}

// Words of a line outside strings and comments, with what surrounds them.
// `state.braces` carries, across lines, whether each open '{' is a block
// (after deployment, site, migration, phase, vocabulary, policy) or an
// attribute list, where keywords are only true and false.
const BLOCK_WORDS = new Set(['deployment', 'site', 'migration', 'phase', 'vocabulary', 'policy']);
const HEADER_ROLES = (index, word) =>
  index === 0 || (index === 2 && ['after', 'of', 'error', 'warning', 'info'].includes(word)) ? 'keyword' : 'name';
function words(line, state) {
  const out = [];
  const first = (line.match(/^\s*([A-Za-z_]\w*)/) || [])[1];
  const header = BLOCK_WORDS.has(first);
  let blockOpened = false;
  let headerIndex = 0;
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === '#') break;
    if (c === '"') {
      i++;
      while (i < line.length && line[i] !== '"') i += line[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '{') {
      const isBlock = BLOCK_WORDS.has(first) && !blockOpened;
      blockOpened = blockOpened || isBlock;
      state.braces.push(isBlock ? 'block' : 'attrs');
      i++;
    } else if (c === '}') {
      state.braces.pop();
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = line.slice(i).match(/^[A-Za-z_]\w*(?:-\w+)*/);
      const before = line.slice(0, i).trimEnd().slice(-1);
      const after = line.slice(i + m[0].length).trimStart()[0];
      const inAttrs = state.braces[state.braces.length - 1] === 'attrs';
      // "phase" NAME ("after" NAME, ...)? and the other headers: a keyword
      // first, then a name, then maybe after/of/a severity, then names.
      const headerRole = header && !blockOpened ? HEADER_ROLES(headerIndex++, m[0]) : undefined;
      out.push({ text: m[0], column: i, before, after, inAttrs, headerRole });
      i += m[0].length;
    } else {
      i++;
    }
  }
  return out;
}

// Where the grammar reads a keyword word as a keyword: not a name in a block
// header, not an attribute name (after '.', or in an attribute list), not a
// call, not a binder kind.
function isKeywordUse(word, keywords) {
  if (!keywords.has(word.text)) return false;
  if (word.headerRole) return word.headerRole === 'keyword';
  if (word.inAttrs) return word.text === 'true' || word.text === 'false';
  if (word.before === '.' || word.before === ':' || word.before === '|') return false;
  if (word.after === '(' && word.text !== 'count') return false;
  return true;
}

let keywordUses = 0;
function checkFile(grammar, keywords, file) {
  const problems = [];
  const where = (n, col) => `${path.relative(root, file)}:${n}:${col + 1}`;
  const state = { braces: [] };
  for (const { line, number, tokens } of tokenize(grammar, fs.readFileSync(file, 'utf8'))) {
    for (const t of tokens) {
      const bad = t.scopes.find((s) => s.startsWith('invalid'));
      if (bad) problems.push(`${where(number, t.start)}: '${t.text}' is ${bad}`);
      const shown = shownScope(t.scopes);
      if (shown.startsWith('keyword.') && !keywords.has(t.text) && !/^(==|!=|<=|>=|<|>)$/.test(t.text)) {
        problems.push(`${where(number, t.start)}: '${t.text}' is no keyword but is scoped ${shown}`);
      }
    }
    for (const w of words(line, state)) {
      if (!isKeywordUse(w, keywords)) continue;
      keywordUses++;
      const t = tokens.find((tok) => tok.start <= w.column && w.column < tok.end);
      const shown = t ? shownScope(t.scopes) : '-';
      if (!t || t.text !== w.text || !/^(keyword|constant\.language)\./.test(shown)) {
        problems.push(`${where(number, w.column)}: keyword '${w.text}' is scoped ${shown} (token '${t ? t.text : ''}')`);
      }
    }
  }
  return problems;
}

// The golden: each source line, then one line per token that is neither
// blank nor punctuation: its text and its shown scope, less the '.cut' that
// ends every scope (adjacent tokens of one string or comment merged).
function scopesText(grammar, file) {
  const out = [];
  for (const { line, number, tokens } of tokenize(grammar, fs.readFileSync(file, 'utf8'))) {
    if (line.trim() === '') continue;
    out.push(`${String(number).padStart(3)}| ${line}`);
    const shown = [];
    for (const t of tokens) {
      if (t.text.trim() === '') continue;
      const scope = shownScope(t.scopes);
      const prev = shown[shown.length - 1];
      if (prev && prev.scope === scope && /^(string|comment)\./.test(scope) && prev.end === t.start) {
        prev.text += t.text;
        prev.end = t.end;
      } else {
        shown.push({ text: t.text, scope, end: t.end });
      }
    }
    for (const s of shown) {
      if (!s.scope.startsWith('punctuation.')) out.push(`     ${s.text.trim()}  ${s.scope.replace(/\.cut$/, '')}`);
    }
  }
  return out.join('\n') + '\n';
}

function cutFiles() {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.cut')) files.push(full);
    }
  };
  for (const dir of ['examples', 'policies', 'tests/editors']) walk(path.join(root, dir));
  return files;
}

async function main() {
  const grammar = await loadGrammar();
  const dump = process.argv.indexOf('--dump');
  if (dump > 0) {
    process.stdout.write(scopesText(grammar, process.argv[dump + 1]));
    return;
  }
  const keywords = grammarKeywords();
  const files = cutFiles();
  let failed = 0;
  for (const file of files) {
    const problems = checkFile(grammar, keywords, file);
    if (problems.length) {
      failed++;
      for (const p of problems) console.log(p);
    }
  }
  console.log(`tokenised ${files.length} files (${keywordUses} keywords): ${files.length - failed} clean, ${failed} with problems`);

  // An unterminated string hides the '}' of its attributes, and the
  // deployment's '}' closes them instead: the policy after it is intact.
  const open = 'deployment d {\n  front_end fe { fqdn "pool }\n}\npolicy P error "t" {\n  require true\n}\n';
  const alone = 'policy P error "t" {\n  require true\n}\n';
  const scopesOf = (text) => tokenize(grammar, text).map((l) => l.tokens.map((t) => `${t.text}=${t.scopes.join(' ')}`));
  const recovered = JSON.stringify(scopesOf(open).slice(3)) === JSON.stringify(scopesOf(alone));
  if (!recovered) {
    failed++;
    console.log('an item after brackets left open is not scoped as alone:', JSON.stringify(scopesOf(open).slice(3)));
  }

  const actual = scopesText(grammar, showcase);
  let goldenOk = true;
  if (update) {
    fs.writeFileSync(golden, actual);
    console.log(`wrote ${path.relative(root, golden)}`);
  } else {
    const expected = fs.existsSync(golden) ? fs.readFileSync(golden, 'utf8') : '';
    if (actual !== expected) {
      goldenOk = false;
      const a = actual.split('\n');
      const e = expected.split('\n');
      const at = a.findIndex((l, i) => l !== e[i]);
      console.log(`${path.relative(root, golden)}: differs at line ${at + 1}:\n  golden: ${e[at]}\n  actual: ${a[at]}`);
      console.log('(rerun with --update to rewrite the golden, then review the diff)');
    }
  }
  const checks = files.length + 2;
  const failures = failed + (goldenOk ? 0 : 1);
  console.log(`${checks - failures} passed, ${failures} failed`);
  process.exit(failures ? 1 : 0);
}

main().catch((err) => {
  console.error(err.stack || String(err));
  process.exit(2);
});
