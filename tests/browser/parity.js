// One engine, proven: every query of tests/relevance/queries.txt and
// tests/browser/parity.txt (parser cases, errors) through the CLI
// (build/fiveout-search --json) and through the site's engine (the same
// C compiled to WebAssembly, search/engine.js) must give the same JSON:
// the same hits in the same order with the same scores and snippets
// (#pN), the same messages (pinyin, also searched, loose words,
// fall-back, suggestions, facets), or the same error.
//
//   node parity.js [SITE]          in headless Chromium, the site served
//                                  from 127.0.0.1 (as readers get it)
//   node parity.js --node [SITE]   the same module run by node (faster;
//                                  e2e scripts use it)
// Environment: B (build folder), DB (the index the site was built from,
// default B/index), QUERIES (more query files, ':'-separated, one query
// a line), CHROMIUM.
'use strict';
const fs = require('fs'), vm = require('vm'), path = require('path'), http = require('http');
const { execFileSync } = require('child_process');
const B = process.env.B || 'build';
const DB = process.env.DB || B + '/index';
const args = process.argv.slice(2);
const inNode = args[0] === '--node';
if (inNode) args.shift();
const site = path.resolve(args[0] || B + '/site');

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

// Each query through the engine: [{out: JSON text} | {err: message}].
async function viaNode(qs) {
  require(path.resolve(__dirname, '../../site/assets/engine.js'));
  const base = site + '/search/';
  const e = await fiveoutEngine(base, (n) => vm.runInThisContext(fs.readFileSync(base + n, 'utf8')));
  const out = [];
  for (const q of qs) {
    try {
      out.push({ out: JSON.stringify(await e.search(q, { limit: 10 })) });
    } catch (x) {
      out.push({ err: x.name === 'QueryError' ? x.message : 'engine: ' + x.message });
    }
  }
  return out;
}

async function viaChromium(qs) {
  const { chromium } = require('playwright-core');
  const srv = http.createServer((req, res) => {
    let f = path.join(site, path.normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    try {
      if (fs.statSync(f).isDirectory()) f = path.join(f, 'index.html');
      const type = f.endsWith('.js') ? 'text/javascript' : f.endsWith('.html') ?
        'text/html; charset=utf-8' : 'application/octet-stream';
      res.writeHead(200, { 'Content-Type': type });
      res.end(fs.readFileSync(f));
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((ok) => srv.listen(0, '127.0.0.1', ok));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    const page = await browser.newPage();
    await page.goto('http://127.0.0.1:' + srv.address().port + '/search/index.html');
    return await page.evaluate(async (qs) => {
      const e = await window.fiveoutEngine(new URL('../search/', location.href).href);
      const out = [];
      for (const q of qs) {
        try {
          out.push({ out: JSON.stringify(await e.search(q, { limit: 10 })) });
        } catch (x) {
          out.push({ err: x.name === 'QueryError' ? x.message : 'engine: ' + x.message });
        }
      }
      return out;
    }, qs);
  } finally {
    await browser.close();
    srv.close();
  }
}

(async () => {
  const files = [path.resolve(__dirname, '../relevance/queries.txt'),
    path.resolve(__dirname, '../relevance/readers.txt'), path.resolve(__dirname, 'parity.txt')];
  let qs = files.flatMap(queries);
  for (const f of (process.env.QUERIES || '').split(':').filter(Boolean))
    qs = qs.concat(fs.readFileSync(f, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean));
  qs = [...new Set(qs)];
  const got = inNode ? await viaNode(qs) : await viaChromium(qs);
  let pass = 0, fail = 0;
  qs.forEach((q, i) => {
    const c = cli(q), w = got[i];
    const want = c.out !== undefined ? JSON.stringify(JSON.parse(c.out)) : 'error: ' + c.err;
    const have = w.out !== undefined ? w.out : 'error: ' + w.err;
    if (want === have) pass++;
    else {
      fail++;
      console.log('DIFF ' + JSON.stringify(q) + '\n  cli:    ' + want.slice(0, 600) + '\n  engine: ' + have.slice(0, 600));
    }
  });
  console.log((inNode ? 'node' : 'chromium') + ': ' + pass + ' passed, ' + fail + ' failed');
  process.exit(fail ? 1 : 0);
})().catch((x) => { console.error(x); process.exit(2); });
