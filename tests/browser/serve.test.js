// tests/browser/serve.test.js -- the editor's loop in Chromium: with
// fiveout-serve running over a copy of content/, a clause page is open;
// saving an annotation makes the page reload itself with the new text;
// breaking the annotation's front matter shows the error (file:line)
// over the page; fixing it removes the overlay and reloads.  Saves a
// screenshot of the overlay when SHOT is set (CONTRIBUTING.md's).
//
//   node serve.test.js BUILD_DIR
'use strict';
const { chromium } = require('playwright-core');
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const B = path.resolve(process.argv[2] || 'build');
const root = path.resolve(__dirname, '../..');
let pass = 0, fail = 0;
const ok = (c, what) => { if (c) { pass++; console.log('ok - ' + what); } else { fail++; console.log('FAIL - ' + what); } };

// page.waitForFunction evaluates a string, which the site's CSP refuses:
// poll with page.evaluate instead (a reload in between is no error)
async function until(page, fn, timeout) {
  const end = Date.now() + (timeout || 15000);
  for (;;) {
    let v = false;
    try { v = await page.evaluate(fn); } catch (e) { /* navigating */ }
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting for ' + String(fn).slice(0, 120));
    await new Promise((r) => setTimeout(r, 30));
  }
}

function copy(src, dst) {
  fs.mkdirSync(dst, { recursive: true });
  for (const e of fs.readdirSync(src, { withFileTypes: true })) {
    const s = path.join(src, e.name), d = path.join(dst, e.name);
    if (e.isDirectory()) copy(s, d); else fs.copyFileSync(s, d);
  }
}

(async () => {
  const T = fs.mkdtempSync(path.join(os.tmpdir(), 'fo-serve-'));
  copy(path.join(root, 'content'), path.join(T, 'content'));
  // run as an editor does, from the checkout: paths relative to it
  const srv = spawn(path.join(B, 'fiveout-serve'), ['--db', 'idx', '--lexicon',
    path.join(B, 'lexicon.bin'), '--port', '0', '-o', 'site', 'content'],
  { stdio: ['ignore', 'pipe', 'pipe'], cwd: T });
  let log = '';
  srv.stderr.on('data', (d) => { log += d; });
  const url = await new Promise((res, rej) => {
    let out = '';
    srv.stdout.on('data', (d) => {
      out += d;
      const m = /^fiveout-serve: (http\S+)/m.exec(out);
      if (m) res(m[1]);
    });
    srv.on('exit', () => rej(new Error('fiveout-serve exited: ' + log)));
    setTimeout(() => rej(new Error('fiveout-serve did not start')), 60000);
  });
  const note = path.join(T, 'content/annotations/kuajing-dianshang-liandong.md');
  const text = fs.readFileSync(note, 'utf8');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url + 'annotation/kuajing-dianshang-liandong/');
    await until(page, () => document.readyState === 'complete');
    await page.waitForTimeout(300);  // the event stream is open

    // 1. save: the page reloads itself with the new text
    let navs = 0;
    page.on('framenavigated', () => { navs++; });
    fs.writeFileSync(note, text.replace(/\n*$/, '\n\n海豹预览段落：保存后页面自动刷新。\n'));
    await until(page, () => document.body.textContent.includes('海豹预览段落'))
      .then(() => ok(true, 'a save: the open page reloads with the new text'),
        () => ok(false, 'a save: the page did not show the new text'));
    ok(navs >= 1, 'the page reloaded itself (' + navs + ' navigation)');

    // 2. an error: an overlay with file:line and the message, no reload
    fs.writeFileSync(note, text.replace(/^title:/m, 'titel:'));
    await until(page, () => !!document.getElementById('fiveout-errors'))
      .then(() => ok(true, 'a lint error: an overlay over the page'),
        () => ok(false, 'a lint error: no overlay'));
    const o = await page.textContent('#fiveout-errors .where').catch(() => '');
    ok(/^content\/annotations\/kuajing-dianshang-liandong\.md:\d+/.test(o), 'the overlay names file:line (' + o.trim() + ')');
    const all = await page.textContent('#fiveout-errors').catch(() => '');
    ok(/missing required field 'title'/.test(all), 'the overlay says what is wrong');
    ok(await page.evaluate(() => document.body.textContent.includes('海豹预览段落')), 'the last good page stays under it');
    if (process.env.SHOT) await page.screenshot({ path: process.env.SHOT });

    // 3. fixed: the overlay goes, the page reloads
    navs = 0;
    fs.writeFileSync(note, text);
    await until(page, () => !document.getElementById('fiveout-errors') &&
      !document.body.textContent.includes('海豹预览段落'))
      .then(() => ok(true, 'fixed: the overlay is gone and the page is current'),
        () => ok(false, 'fixed: the overlay stayed'));
    ok(navs >= 1, 'fixed: the page reloaded');
    ok(errors.length === 0, 'no page errors' + (errors.length ? ': ' + errors[0] : ''));
  } catch (e) {
    ok(false, String(e && e.stack || e));
  } finally {
    await browser.close();
    srv.kill('SIGTERM');
    fs.rmSync(T, { recursive: true, force: true });
  }
  console.log(pass + ' passed, ' + fail + ' failed');
  process.exit(fail ? 1 : 0);
})();
