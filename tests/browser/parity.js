// One engine, proven: every query of tests/relevance/queries.txt and
// tests/browser/parity.txt (parser cases, errors) through the CLI
// (build/fiveout-search --json) and through the site's engine
// (search/engine.js: the same C compiled to WebAssembly, run here by
// node over the exported files) must give the same JSON: the same hits
// in the same order with the same scores and snippets (#pN), the same
// messages (pinyin, also searched, loose words, fall-back, suggestions,
// facets), or the same error.
'use strict';
const fs = require('fs'), vm = require('vm'), path = require('path');
const { execFileSync } = require('child_process');
const B = process.env.B || 'build';
// DB: the index the site was built from (default B/index); QUERIES:
// more query files (one query a line), e.g. the bench's at 10k
const DB = process.env.DB || B + '/index';
const site = path.resolve(process.argv[2] || B + '/site');
require(path.resolve(__dirname, '../../site/assets/engine.js'));
const base = site + '/search/';
const loadFile = (n) => vm.runInThisContext(fs.readFileSync(base + n, 'utf8'));

function queries(file) {
  return fs.readFileSync(file, 'utf8').split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => l.split('\t')[1]).filter((q) => q !== undefined);
}

function cli(q) {
  try {
    return { out: execFileSync(B + '/fiveout-search', ['--json', '--db', DB, '--', q],
      { env: Object.assign({}, process.env, { FIVEOUT_LEXICON: B + '/lexicon.bin' }), stdio: ['ignore', 'pipe', 'pipe'] }).toString() };
  } catch (e) {
    if (e.status === 1) return { out: e.stdout.toString() };
    return { err: e.stderr.toString().replace(/^fiveout-search: /, '').trim() };
  }
}

(async () => {
  const files = [path.resolve(__dirname, '../relevance/queries.txt'), path.resolve(__dirname, 'parity.txt')];
  let qs = files.flatMap(queries);
  for (const f of (process.env.QUERIES || '').split(':').filter(Boolean))
    qs = qs.concat(fs.readFileSync(f, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean));
  qs = [...new Set(qs)];
  const e = await fiveoutEngine(base, loadFile);
  let pass = 0, fail = 0;
  for (const q of qs) {
    const c = cli(q);
    let w;
    try {
      w = { out: JSON.stringify(await e.search(q, { limit: 10 })) };
    } catch (x) {
      w = x.name === 'QueryError' ? { err: x.message } : { err: 'engine: ' + x.message };
    }
    const want = c.out !== undefined ? JSON.stringify(JSON.parse(c.out)) : 'error: ' + c.err;
    const got = w.out !== undefined ? w.out : 'error: ' + w.err;
    if (want === got) pass++;
    else {
      fail++;
      console.log('DIFF ' + JSON.stringify(q) + '\n  cli:    ' + want.slice(0, 600) + '\n  engine: ' + got.slice(0, 600));
    }
  }
  console.log(pass + ' passed, ' + fail + ' failed');
  process.exit(fail ? 1 : 0);
})().catch((x) => { console.error(x); process.exit(2); });
