// bench/serve_latency.mjs -- the editor's loop, timed in Chromium: with
// fiveout-serve over a copy of the knowledge base ON DISK (not a tmpfs),
// an annotation page is open; each run saves the annotation with a new
// sentence and times, from the save, the new text on screen (the rebuild,
// the reload event, the reload).  Prints one JSON line.
//
//   node serve_latency.mjs --build DIR --content DIR [--runs 10] [--workdir DIR]
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, v) => {
  if (a.startsWith('--')) acc.push([a.slice(2), v[i + 1]]);
  return acc;
}, []));
const B = path.resolve(args.build || 'build');
const RUNS = Number(args.runs || 10);
const base = args.workdir || os.tmpdir();
const T = fs.mkdtempSync(path.join(base, 'fo-serve-lat-'));
fs.cpSync(path.resolve(args.content || 'content'), path.join(T, 'content'), { recursive: true });
const median = (v) => { const s = [...v].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

const srv = spawn(path.join(B, 'fiveout-serve'), ['--db', 'idx', '--lexicon', path.join(B, 'lexicon.bin'),
  '--port', '0', '-o', 'site', 'content'], { cwd: T, stdio: ['ignore', 'pipe', 'pipe'] });
let log = '';
srv.stderr.on('data', (d) => { log += d; });
const url = await new Promise((res, rej) => {
  let out = '';
  srv.stdout.on('data', (d) => { out += d; const m = /^fiveout-serve: (http\S+)/m.exec(out); if (m) res(m[1]); });
  srv.on('exit', () => rej(new Error('fiveout-serve exited: ' + log)));
});
const note = fs.readdirSync(path.join(T, 'content/annotations')).filter((f) => f.endsWith('.md')).sort()[0];
const file = path.join(T, 'content/annotations', note);
const orig = fs.readFileSync(file, 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'] });
const times = [], rebuilds = [];
try {
  const page = await browser.newPage();
  let seen = null;
  // the page tells node, when a document has loaded, which marker it shows
  await page.exposeFunction('foShown', (m) => { if (seen) seen(m); });
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      const m = /海豹延迟(\d+)号/.exec(document.body.textContent);
      window.foShown(m ? m[1] : '');
    });
  });
  await page.goto(url + 'annotation/' + note.replace(/\.md$/, '') + '/');
  await new Promise((r) => setTimeout(r, 500));
  for (let i = 1; i <= RUNS; i++) {
    const shown = new Promise((res) => { seen = (m) => { if (m === String(i)) res(); }; });
    const t0 = performance.now();
    fs.writeFileSync(file, orig.replace(/\n*$/, '\n\n海豹延迟' + i + '号。\n'));
    await Promise.race([shown, new Promise((_, rej) => setTimeout(() => rej(new Error('run ' + i + ' timed out')), 20000))]);
    times.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 300));
  }
  for (const m of log.matchAll(/rebuilt in (\d+) ms/g)) rebuilds.push(Number(m[1]));
} finally {
  await browser.close();
  srv.kill('SIGTERM');
  fs.rmSync(T, { recursive: true, force: true });
}
const r = rebuilds.slice(1);  // the first is the start-up build
console.log(JSON.stringify({ runs: RUNS, on: base, median_save_to_screen_ms: median(times),
  max_save_to_screen_ms: Math.max(...times), median_rebuild_ms: r.length ? median(r) : null,
  save_to_screen_ms: times.map((x) => Math.round(x)) }));
