// tests/browser/site.test.js -- the built site in a real browser:
// playwright-core driving Debian's chromium against python3 -m http.server
// on 127.0.0.1 (a free port).  Usage: node site.test.js SITEDIR [SHOTDIR]
// Fails on any console error, page error, failed or 4xx/5xx request.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');
// axe-core, run in the page through the DevTools protocol (the site's CSP
// allows no injected <script>)
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// axe's WCAG 2.x A and AA rules on the page as it is: the violations, one
// line each ("rule: target")
async function axe(page) {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => v.id + ': ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '));
  });
}

const site = path.resolve(process.argv[2] || '../../build/site');
const shots = path.resolve(process.argv[3] || fs.mkdtempSync(path.join(os.tmpdir(), 'fo-shots-')));
let pass = 0, fail = 0;
const problems = [];
function ok(c, what) {
  if (c) { pass++; console.log('ok - ' + what); } else { fail++; console.log('FAIL - ' + what); }
}

function serve() {
  return new Promise((resolve, reject) => {
    const p = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', site],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    const t = setTimeout(() => reject(new Error('http.server did not start')), 10000);
    p.stdout.on('data', (d) => {
      const m = /port (\d+)/.exec(String(d));
      if (m) { clearTimeout(t); resolve({ proc: p, port: +m[1] }); }
    });
    p.on('exit', (c) => reject(new Error('http.server exited ' + c)));
  });
}

function watch(page) {
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('requestfailed', (r) => problems.push('request failed: ' + r.url() + ' ' + (r.failure() || {}).errorText));
  page.on('response', (r) => { if (r.status() >= 400) problems.push('HTTP ' + r.status() + ': ' + r.url()); });
}

(async () => {
  const srv = await serve();
  const root = `http://127.0.0.1:${srv.port}/`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'fo-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 900 },
  });
  try {
    const page = browser.pages()[0] || await browser.newPage();
    watch(page);

    // home -> clause (四) through the table of contents
    await page.goto(root + 'index.html');
    ok((await page.getAttribute('html', 'lang')) === 'zh-CN', 'home has lang=zh-CN');
    ok((await page.textContent('h1')).includes('五外联动'), 'home h1 is the document title');
    await page.click('nav.toc >> text=（四）发展外贸新业态');
    await page.waitForURL('**/clause/4/index.html');
    ok((await page.textContent('h1')).trim() === '（四）发展外贸新业态', 'TOC leads to clause （四）');
    ok(await page.isVisible('#p1'), 'paragraph anchor #p1 present');
    ok(await page.isVisible('button.copy'), 'copy-citation button shown with JS');
    // sentence anchors: the link shows on hover; following it cites the sentence
    const slOpacity = () => page.evaluate(() => getComputedStyle(document.querySelector('#p1s2 .sl')).opacity);
    ok((await slOpacity()) === '0', 'sentence link hidden until hover');
    await page.hover('#p1s2');
    ok((await slOpacity()) === '1', 'sentence link shown on hover');
    await page.click('#p1s2 .sl');
    ok(page.url().endsWith('/clause/4/index.html#p1s2'), 'sentence link goes to #p1s2');
    await page.waitForFunction(() => document.getElementById('cite-short').textContent === '《意见》第（四）条第2句');
    ok(true, 'short citation names the sentence: 《意见》第（四）条第2句');
    const full = await page.textContent('#cite-full');
    ok(full.includes('《中共广东省委') && full.includes('发文机关') && full.includes('第（四）条“发展外贸新业态”第2句') &&
      full.endsWith('/clause/4/#p1s2') && !full.includes('index.html'),
      'full citation: title, issuers, clause, sentence, permalink without index.html (' + full + ')');
    await page.screenshot({ path: path.join(shots, 'clause4-desktop.png'), fullPage: true });
    ok(await page.isVisible('nav.side-toc [aria-current="page"]'), 'wide screen: the table of contents beside the clause');
    // an auto-linked term previews its definition on hover and on focus
    ok(!(await page.isVisible('#tip-haiwaicang')), 'term definition hidden at first');
    await page.hover('a.term[href*="haiwaicang"]');
    ok(await page.isVisible('#tip-haiwaicang') && (await page.textContent('#tip-haiwaicang')).includes('Overseas warehouse'),
      'term definition (with its English name) shown on hover');
    await page.mouse.move(0, 0);
    await page.focus('a.term[href*="haiwaicang"]');
    ok(await page.isVisible('#tip-haiwaicang'), 'term definition shown on keyboard focus');
    // the whole text: every clause, printable with its address
    await page.goto(root + 'text/index.html');
    ok((await page.locator('section.clause-full').count()) === 24, 'text/: all 24 clauses on one page');
    ok(await page.isVisible('#c4-p1s2'), 'text/: sentence anchors kept (#c4-p1s2)');
    // a sentence opened by its address is marked and cited
    await page.goto(root + 'clause/4/index.html#p1s1');
    ok((await page.textContent('#cite-short')) === '《意见》第（四）条第1句', 'opening #p1s1 cites sentence 1');
    // the other pages with a citation box
    for (const u of ['section/1/index.html', 'glossary/haiwaicang/index.html', 'annotation/kuajing-dianshang-liandong/index.html']) {
      await page.goto(root + u);
      ok(await page.isVisible('#cite-short') && (await page.textContent('#cite-full')).includes('http'),
        'citation box with a permalink on ' + u);
    }
    // the targets table points at sentences
    await page.goto(root + 'targets/index.html');
    ok((await page.locator('table.targets a[href*="#p1s"]').count()) >= 8, 'targets link to their sentences');

    // keyboard: the first Tab shows the skip link with a visible focus ring
    await page.goto(root + 'index.html');
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const e = document.activeElement, cs = getComputedStyle(e);
      return { cls: e.className, outline: cs.outlineStyle, width: parseFloat(cs.outlineWidth), top: e.getBoundingClientRect().top };
    });
    ok(focus.cls === 'skip' && focus.outline !== 'none' && focus.width >= 2 && focus.top >= 0,
      'Tab focuses the skip link with a visible outline');
    await page.keyboard.press('Tab');
    const second = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    ok(second !== 'none', 'next Tab stop has a visible focus outline');
    await page.screenshot({ path: path.join(shots, 'home-focus.png') });

    // search, Simplified and Traditional: （四） first
    for (const q of ['跨境电商', '跨境電商']) {
      await page.goto(root + 'search/index.html?q=' + encodeURIComponent(q));
      await page.waitForSelector('#results li', { timeout: 10000 });
      const first = await page.textContent('#results li h2');
      ok(first.includes('（四）'), `search ${q}: （四） first (got ${first.trim()})`);
      ok((await page.locator('#results li mark').count()) > 0, `search ${q}: snippet words highlighted`);
    }
    await page.screenshot({ path: path.join(shots, 'search.png'), fullPage: true });
    // a word no page has contiguously: its words anywhere, and the page says so
    await page.goto(root + 'search/index.html?q=' + encodeURIComponent('推进外资'));
    await page.waitForSelector('#results li', { timeout: 10000 });
    ok((await page.textContent('#search-notes')).includes('没有页面包含完整的“推进外资”'),
      'search 推进外资: says no page has it contiguously');
    // typing in the header search box
    await page.goto(root + 'clause/1/index.html');
    await page.fill('#site-q', '海外仓');
    await page.press('#site-q', 'Enter');
    await page.waitForSelector('#results li');
    ok((await page.textContent('#results li h2')).includes('（四）'), 'header search box works (海外仓 → （四）)');

    // follow the result to the highlighted paragraph
    await page.goto(root + 'search/index.html?q=' + encodeURIComponent('跨境電商'));
    await page.waitForSelector('#results li a');
    await page.click('#results li a');
    await page.waitForURL('**/clause/4/index.html?*');
    ok(/#p\d+s\d+$/.test(page.url()) && page.url().includes('hl='), 'result links to its sentence #pNsM with hl=');
    // the sentence it points at is the one holding the highlighted word
    const sid = page.url().split('#')[1];
    const marks = await page.locator('#' + sid + ' mark').count();
    ok(marks > 0, `target sentence ${sid} has highlighted words (${marks})`);
    const targetBg = await page.evaluate(() => getComputedStyle(document.querySelector(':target')).backgroundColor);
    ok(targetBg !== 'rgba(0, 0, 0, 0)', 'target sentence is marked');

    // the other pages load cleanly
    for (const u of ['glossary/index.html', 'annotation/index.html', 'targets/index.html',
      'section/2/index.html', 'glossary/haiwaicang/index.html']) {
      const r = await page.goto(root + u);
      ok(r.ok(), 'loads ' + u);
    }
    ok((await page.goto(root + 'targets/index.html')) && (await page.locator('table.targets tbody tr').count()) >= 8,
      'targets table has the quantified targets');
    await page.click('table.targets th:nth-child(2) button');
    const nums = await page.$$eval('table.targets tbody td.num', (tds) => tds.map((t) => parseFloat(t.textContent)));
    ok(nums.every((v, i) => i === 0 || isNaN(v) || isNaN(nums[i - 1]) || nums[i - 1] <= v) &&
      (await page.getAttribute('table.targets th:nth-child(2)', 'aria-sort')) === 'ascending',
      'targets sort by quantity');

    // accessibility: axe finds no WCAG A/AA violation, desktop and phone,
    // light and dark
    const axePages = ['index.html', 'text/index.html', 'section/2/index.html', 'clause/4/index.html',
      'glossary/index.html', 'glossary/haiwaicang/index.html', 'annotation/kuajing-dianshang-liandong/index.html',
      'tag/index.html', 'targets/index.html'];
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const w of [1280, 390]) {
        await page.setViewportSize({ width: w, height: 900 });
        const bad = [];
        for (const u of axePages) {
          await page.goto(root + u);
          for (const v of await axe(page)) bad.push(u + ': ' + v);
        }
        ok(bad.length === 0, `axe: no WCAG A/AA violations, ${scheme}, ${w}px` + (bad.length ? '\n  ' + bad.join('\n  ') : ''));
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 900 });

    // phone width: no horizontal scrolling
    await page.setViewportSize({ width: 390, height: 844 });
    for (const u of ['index.html', 'clause/4/index.html', 'targets/index.html', 'search/index.html?q=%E6%B5%B7%E5%A4%96%E4%BB%93']) {
      await page.goto(root + u);
      if (u.startsWith('search')) await page.waitForSelector('#results li');
      const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      ok(over <= 0, `phone width, no horizontal scroll: ${u} (${over}px)`);
    }
    await page.goto(root + 'clause/4/index.html');
    ok(await page.isVisible('#p1 .pl'), 'phone: the paragraph link is shown');
    ok(!(await page.isVisible('nav.side-toc')), 'phone: no table of contents beside the text');
    // a tap on a sentence shows its link and cites it
    const r = await page.evaluate(() => {
      const q = document.querySelector('#p1s2').getClientRects()[0];
      return { x: q.left + Math.min(20, q.width / 2), y: q.top + q.height / 2 };
    });
    await page.mouse.click(r.x, r.y);
    ok((await page.textContent('#cite-short')) === '《意见》第（四）条第2句', 'phone: a tap on a sentence cites it');
    ok((await page.evaluate(() => getComputedStyle(document.querySelector('#p1s2 .sl')).opacity)) === '1',
      'phone: the tapped sentence shows its link');
    await page.screenshot({ path: path.join(shots, 'clause4-phone.png'), fullPage: true });
    // dark mode, phone and desktop
    await page.emulateMedia({ colorScheme: 'dark' });
    for (const w of [390, 1280]) {
      await page.setViewportSize({ width: w, height: 844 });
      await page.goto(root + 'clause/4/index.html');
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const lum = bg.match(/\d+/g).slice(0, 3).reduce((a, b) => a + +b, 0) / 3;
      ok(lum < 64, `dark mode at ${w}px: dark background (${bg})`);
      await page.screenshot({ path: path.join(shots, `clause4-dark-${w}.png`), fullPage: true });
    }
    await page.emulateMedia({ colorScheme: 'light' });

    // print stylesheet hides the chrome
    await page.emulateMedia({ media: 'print' });
    ok(!(await page.isVisible('header.site form')), 'print hides the search form');
    ok(await page.isVisible('footer .permalink') && (await page.textContent('footer .permalink')).endsWith('/clause/4/'),
      'print shows the permalink');
    ok(!(await page.isVisible('nav.side-toc')) && !(await page.isVisible('#terms-h')), 'print drops navigation lists');
    await page.emulateMedia({ media: 'screen' });
  } catch (e) {
    fail++;
    console.log('FAIL - ' + (e && e.stack || e));
  } finally {
    await browser.close();
    srv.proc.kill();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  ok(problems.length === 0, 'no console errors or failed requests' + (problems.length ? ':\n  ' + problems.join('\n  ') : ''));
  console.log('screenshots in ' + shots);
  console.log(`${pass} passed, ${fail} failed`);
  process.exit(fail ? 1 : 0);
})();
