// bench/browser.mjs -- measure 4 of make bench: browser search in headless
// Chromium (Debian's chromium driven by playwright-core from npm).
//
//   node browser.mjs --queries FILE --fiveout SITE --pagefind SITE
//                    [--substr FILE] [--runs 3]
//
// Each site is served from 127.0.0.1 by a small static server that does what
// an ordinary static host does: gzip (a precomputed .gz twin if the site has
// one, else on the fly, cached) for text types when the browser accepts it.
// The server counts the body bytes it sends, so "bytes transferred" is the
// same measure for both sites.  For each engine and run: a fresh browser
// context (empty cache) loads the search page (cold bytes), then the queries
// are typed one after another in that page; for each the time from typing to
// the first rendered result (or the "no results" message) and the bytes sent
// meanwhile are recorded.  Prints one JSON line.
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, v) => {
  if (a.startsWith('--')) acc.push([a.slice(2), v[i + 1]]);
  return acc;
}, []));
const RUNS = Number(args.runs || 3);
const LAUNCH = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8', '.wasm': 'application/wasm',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.xml', '.txt']);

function serve(root) {
  const stats = { bytes: 0, requests: 0 };
  const gzCache = new Map();
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let f = path.join(root, path.normalize(p));
    if (!f.startsWith(root)) { res.writeHead(403); res.end(); return; }
    try {
      if (fs.statSync(f).isDirectory()) f = path.join(f, 'index.html');
    } catch { /* 404 below */ }
    let body;
    try { body = fs.readFileSync(f); } catch { res.writeHead(404); res.end(); stats.requests++; return; }
    const ext = path.extname(f);
    const headers = { 'Content-Type': TYPES[ext] || 'application/octet-stream',
      'Cache-Control': 'max-age=3600' };
    if (COMPRESSIBLE.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
      let gz = gzCache.get(f);
      if (!gz) {
        try { gz = fs.readFileSync(f + '.gz'); } catch { gz = zlib.gzipSync(body, { level: 9 }); }
        gzCache.set(f, gz);
      }
      body = gz;
      headers['Content-Encoding'] = 'gzip';
    }
    headers['Content-Length'] = body.length;
    res.writeHead(200, headers);
    res.end(body);
    stats.bytes += body.length;
    stats.requests++;
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, stats,
    url: `http://127.0.0.1:${server.address().port}` })));
}

// How to drive each site's own search UI.
const ENGINES = {
  pagefind: {
    page: '/',
    input: '.pagefind-ui__search-input',
    // a rendered result (title link loaded) or the "no results" message
    done: () => !!(document.querySelector('.pagefind-ui__result-link') ||
      /No results|未找到/.test(document.querySelector('.pagefind-ui__message')?.textContent || '')),
    empty: () => !document.querySelector('.pagefind-ui__result'),
  },
  // fiveout's search page searches as the reader types (search-ui.js over
  // the C engine compiled to WebAssembly), like Pagefind's.
  fiveout: {
    page: '/search/',
    input: '#q',
    init: () => { window.fiveoutDebounceMs = 0; },  // as Pagefind's debounceTimeoutMs: 0
    done: () => !!(document.querySelector('#results li') ||
      /^(没有找到|在所选范围|搜索出错|无法搜索)/.test(document.getElementById('search-status')?.textContent || '')),
    empty: () => !document.querySelector('#results li'),
    failed: () => /^搜索出错/.test(document.getElementById('search-status')?.textContent || '') ?
      document.getElementById('search-status').textContent : null,
  },
};

const median = (v) => { const s = [...v].sort((a, b) => a - b); return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null; };

async function settle(srv, ms = 150) {
  // wait until no bytes have been sent for 'ms'
  let last = -1;
  while (srv.stats.bytes !== last) { last = srv.stats.bytes; await new Promise((r) => setTimeout(r, ms)); }
}

async function measure(browser, name, root, queries) {
  const eng = ENGINES[name];
  const srv = await serve(path.resolve(root));
  const runs = [];
  try {
    for (let r = 0; r < RUNS; r++) {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      if (eng.init) await page.addInitScript(eng.init);
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      srv.stats.bytes = 0; srv.stats.requests = 0;
      await page.goto(srv.url + eng.page, { waitUntil: 'load' });
      await page.waitForSelector(eng.input, { timeout: 15000 });
      await settle(srv);
      const cold = srv.stats.bytes;
      const per = [];
      for (const q of queries) {
        if (!eng.navigate) {
          await page.fill(eng.input, '');
          await page.waitForFunction(eng.empty, null, { timeout: 10000 }).catch(() => {});
        }
        const b0 = srv.stats.bytes;
        const t0 = performance.now();
        if (eng.navigate) await page.goto(srv.url + eng.navigate(q), { waitUntil: 'commit' });
        else await page.fill(eng.input, q);
        await page.waitForFunction(eng.done, null, { timeout: 60000, polling: 'raf' });
        const ms = performance.now() - t0;
        const failed = eng.failed ? await page.evaluate(eng.failed) : null;
        if (failed) errors.push(q + ': ' + failed);
        await settle(srv);
        per.push({ q, ms, bytes: srv.stats.bytes - b0 });
      }
      runs.push({ cold, per, errors });
      await ctx.close();
    }
  } finally {
    srv.server.close();
  }
  const qbytes = runs.map((x) => x.per.reduce((a, p) => a + p.bytes, 0));
  return {
    queries: queries.length, runs: RUNS,
    cold_bytes: median(runs.map((x) => x.cold)),
    bytes_per_query: median(qbytes) / queries.length,
    first_query_bytes: median(runs.map((x) => x.per[0].bytes)),
    median_first_results_ms: median(runs.flatMap((x) => x.per.map((p) => p.ms))),
    p90_first_results_ms: (() => { const s = runs.flatMap((x) => x.per.map((p) => p.ms)).sort((a, b) => a - b); return s[Math.floor(0.9 * (s.length - 1))]; })(),
    first_query_ms: median(runs.map((x) => x.per[0].ms)),
    page_errors: runs.flatMap((x) => x.errors).slice(0, 5),
  };
}

// Pagefind's own API over the Hugo build: every match of each substring query.
async function pagefindMatches(browser, root, subs) {
  const srv = await serve(path.resolve(root));
  try {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(srv.url + '/', { waitUntil: 'load' });
    return await page.evaluate(async (qs) => {
      const pf = await import('/pagefind/pagefind.js');
      await pf.init();
      const out = [];
      for (const q of qs) {
        const r = await pf.search(q);
        const data = await Promise.all(r.results.map((x) => x.data()));
        out.push(data.map((d) => d.url));
      }
      return out;
    }, subs);
  } finally {
    srv.server.close();
  }
}

const queries = fs.readFileSync(args.queries, 'utf8').split('\n').map((s) => s.trim()).filter(Boolean);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: LAUNCH, headless: true });
const out = {};
try {
  for (const name of ['fiveout', 'pagefind']) {
    if (!args[name]) continue;
    try {
      out[name] = await measure(browser, name, args[name], queries);
    } catch (e) {
      out[name] = { error: String(e).slice(0, 600) };
    }
  }
  if (args.substr && args.pagefind) {
    const subs = fs.readFileSync(args.substr, 'utf8').split('\n').map((s) => s.trim()).filter(Boolean);
    out.pagefind_substr_urls = await pagefindMatches(browser, args.pagefind, subs);
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
