// Parses every Mermaid chart of the given files (directories: their .md and
// .mmd files) with Mermaid's own parser
// (in jsdom, as a browser would run it): a `.mmd` file is one chart; a `.md`
// file (a `cutover diff --format markdown` golden) is read with marked, a
// GitHub-flavoured Markdown lexer, and must hold
//   - one ```mermaid block per "Phase graph" heading, each parsing as a flowchart;
//   - no raw HTML anywhere (the plan's text is escaped: a hostile title must
//     not inject markup or close the code block early).
// Exits 1 with one line per problem; prints how many charts it parsed.
//
//   node check.mjs FILE|DIR...
import fs from 'fs';
import path from 'path';
import { JSDOM } from 'jsdom';
import { marked } from 'marked';

const dom = new JSDOM('<!DOCTYPE html><body></body>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

let problems = 0;
let charts = 0;
function problem(file, message) {
  console.log(`${file}: ${message}`);
  problems++;
}

async function parseChart(file, text) {
  try {
    const result = await mermaid.parse(text);
    if (result.diagramType !== 'flowchart-v2') problem(file, `a ${result.diagramType}, not a flowchart`);
    charts++;
  } catch (e) {
    problem(file, `Mermaid does not parse it: ${e.message.split('\n')[0]}`);
  }
}

// Every token of the document, nested ones included.
function* walk(tokens) {
  for (const t of tokens) {
    yield t;
    for (const key of ['tokens', 'items', 'header', 'rows']) {
      const inner = t[key];
      if (!Array.isArray(inner)) continue;
      for (const x of inner.flat()) {
        if (x && typeof x === 'object') yield* walk([x]);
      }
    }
  }
}

const files = process.argv.slice(2).flatMap((arg) =>
  fs.statSync(arg).isDirectory()
    ? fs.readdirSync(arg).filter((f) => /\.(md|mmd)$/.test(f)).sort().map((f) => path.join(arg, f))
    : [arg]);
for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  if (file.endsWith('.mmd')) {
    await parseChart(file, text);
    continue;
  }
  let blocks = 0, headings = 0;
  for (const t of walk(marked.lexer(text))) {
    if (t.type === 'heading' && t.text.startsWith('Phase graph')) headings++;
    if (t.type === 'html') problem(file, `raw HTML in the Markdown: ${JSON.stringify(t.raw.slice(0, 60))}`);
    if (t.type === 'code' && t.lang === 'mermaid') {
      blocks++;
      await parseChart(file, t.text);
    }
  }
  if (blocks !== headings) problem(file, `${blocks} mermaid blocks for ${headings} "Phase graph" headings`);
}
if (charts === 0) problem('check.mjs', 'no chart in the files given');
console.log(`${charts} Mermaid charts parsed`);
process.exitCode = problems ? 1 : 0;
