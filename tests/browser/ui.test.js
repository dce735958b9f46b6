// tests/browser/ui.test.js -- the search page (site/assets/search-ui.js over
// the WebAssembly engine, assets/engine.js) in headless chromium: results
// as you type, the URL and Back, every result reachable, filters with
// counts, the engine's notes and errors in Chinese, the keyboard, and the
// site opened from disk (file://).
// Usage: node ui.test.js SITEDIR [SHOTDIR]; FO_UI_ROOT=http://host:port/
// tests a server already running instead of python3 -m http.server.
// Fails on any console error, page error, failed or 4xx/5xx request.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const site = path.resolve(process.argv[2] || '../../build/site');
const shots = path.resolve(process.argv[3] || fs.mkdtempSync(path.join(os.tmpdir(), 'fo-ui-shots-')));
let pass = 0, fail = 0;
const problems = [];
function ok(c, what) {
  if (c) { pass++; console.log('ok - ' + what); } else { fail++; console.log('FAIL - ' + what); }
}
const HAN = /[\u4e00-\u9fff]/;

function serve() {
  if (process.env.FO_UI_ROOT) return Promise.resolve({ proc: null, root: process.env.FO_UI_ROOT });
  return new Promise((resolve, reject) => {
    const p = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', site],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    const t = setTimeout(() => reject(new Error('http.server did not start')), 10000);
    p.stdout.on('data', (d) => {
      const m = /port (\d+)/.exec(String(d));
      if (m) { clearTimeout(t); resolve({ proc: p, root: `http://127.0.0.1:${m[1]}/` }); }
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

const q = (s) => encodeURIComponent(s);
// page.waitForFunction() compiles its predicate in the page, which the
// site's CSP (no 'unsafe-eval') refuses: poll with page.evaluate instead
async function until(page, fn, arg, timeout) {
  const end = Date.now() + (timeout || 15000);
  for (;;) {
    let v = false;
    try { v = await page.evaluate(fn, arg); } catch (e) { /* navigating */ }
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting for ' + String(fn).slice(0, 120));
    await new Promise((r) => setTimeout(r, 50));
  }
}
// the status line settled on a result count (or a message)
async function settled(page) {
  await until(page, () => {
    const s = document.getElementById('search-status');
    return !!(s && s.textContent && !/正在搜索/.test(s.textContent) &&
      document.getElementById('results').getAttribute('aria-busy') !== 'true');
  });
}
const statusText = (page) => page.textContent('#search-status');
const notesText = (page) => page.textContent('#search-notes');
const qParam = (page) => new URL(page.url()).searchParams.get('q');
function totalOf(text) {
  const m = /共 (\d+) 个结果/.exec(text);
  return m ? +m[1] : -1;
}

(async () => {
  const srv = await serve();
  const root = srv.root;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'fo-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 900 },
  });
  const step = async (what, fn) => {
    try {
      await fn();
    } catch (e) {
      fail++;
      console.log('FAIL - ' + what + ': ' + (e && e.stack || e));
    }
  };
  try {
    const page = browser.pages()[0] || await browser.newPage();
    watch(page);
    const search = root + 'search/index.html';

    await step('markup', async () => {
      await page.goto(search);
      await settled(page);
      ok((await page.getAttribute('#results', 'aria-label')) === '搜索结果', 'results list is labelled');
      ok((await page.getAttribute('#search-status', 'role')) === 'status' &&
        (await page.getAttribute('#search-status', 'aria-live')) === 'polite', 'status line is a polite live region');
      ok((await statusText(page)).includes('请输入要搜索的词'), 'empty page asks for a word');
      const csp = await page.getAttribute('meta[http-equiv=Content-Security-Policy]', 'content');
      ok(/script-src[^;]*'wasm-unsafe-eval'/.test(csp), "CSP allows 'wasm-unsafe-eval' in script-src");
      const srcs = await page.$$eval('script[src]', (ss) => ss.map((s) => s.getAttribute('src')));
      const ie = srcs.indexOf('../assets/engine.js'), iu = srcs.indexOf('../assets/search-ui.js');
      ok(ie >= 0 && iu > ie && !srcs.some((s) => /\/search\.js$/.test(s)),
        'page loads engine.js then search-ui.js, not search.js (' + srcs.join(' ') + ')');
      ok((await page.content()).includes('<noscript>'), 'noscript text for readers without JavaScript');
    });

    await step('typing', async () => {
      await page.goto(search);
      await settled(page);
      await page.evaluate(() => { window.__noReload = 1; });
      await page.click('#q');
      await page.keyboard.type('跨境电商', { delay: 30 });
      await page.waitForSelector('#results li', { timeout: 15000 });
      await settled(page);
      ok(await page.evaluate(() => window.__noReload === 1), 'typing shows results without a page load');
      ok((await page.textContent('#results li h2')).includes('（四）'), 'typing 跨境电商: （四） first');
      await until(page, () => new URLSearchParams(location.search).get('q') === '跨境电商');
      ok(qParam(page) === '跨境电商', 'the URL has ?q=跨境电商');
      ok(/^跨境电商 · 搜索/.test(await page.title()), 'the title names the query');
      const st = await statusText(page);
      ok(/共 \d+ 个结果，显示 1–\d+/.test(st), 'status says 共 N 个结果，显示 1–n: ' + st.trim());
      ok((await page.locator('#results li mark').count()) > 0, 'snippets have <mark>');
      const marks = await page.$$eval('#results li .snip mark', (ms) => ms.map((m) => m.textContent));
      ok(marks.length > 0 && marks.every((m) => m === '跨境电商' || m === '跨境电子商务'),
        'marks cover the word and its synonym only: ' + [...new Set(marks)].join(' '));
      const href = await page.getAttribute('#results li h2 a', 'href');
      ok(/^\.\.\/clause\/4\/index\.html\?hl=[^#]+#p\d+s\d+$/.test(href), 'hit links are relative with ?hl= and the sentence #pNsM: ' + href);

      // Enter does not reload; a new query then Back restores the first
      await page.press('#q', 'Enter');
      await page.waitForTimeout(300);
      ok(await page.evaluate(() => window.__noReload === 1), 'Enter in the box does not reload');
      await page.fill('#q', '海外仓');
      await until(page, () => new URLSearchParams(location.search).get('q') === '海外仓');
      await settled(page);
      ok((await page.textContent('#results li h2')).includes('（四）'), 'second query 海外仓 shows results');
      await page.goBack();
      await until(page, () => document.getElementById('q').value === '跨境电商');
      await settled(page);
      ok(qParam(page) === '跨境电商' && await page.evaluate(() => window.__noReload === 1),
        'Back restores 跨境电商 in place');
      ok((await statusText(page)).includes('共') && (await page.textContent('#results li h2')).includes('（四）'),
        'Back re-runs the search');
      await page.goForward();
      await until(page, () => document.getElementById('q').value === '海外仓');
      ok(true, 'Forward restores 海外仓');
    });

    await step('input method', async () => {
      // 拼音 being composed is not searched; the character it becomes is
      await page.goto(search);
      await settled(page);
      await page.evaluate(() => {
        const b = document.getElementById('q');
        b.focus();
        b.dispatchEvent(new CompositionEvent('compositionstart', { data: '' }));
        b.value = 'haiwai';
        b.dispatchEvent(new InputEvent('input', { isComposing: true, inputType: 'insertCompositionText', data: 'haiwai' }));
      });
      await page.waitForTimeout(500);
      ok(!qParam(page) && (await page.locator('#results > li').count()) === 0, 'no search while composing');
      const kept = await page.evaluate(() => {
        const b = document.getElementById('q');
        b.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', isComposing: true, bubbles: true }));
        return b.value;
      });
      ok(kept === 'haiwai', 'Esc while composing is left to the input method');
      await page.evaluate(() => {
        const b = document.getElementById('q');
        b.value = '海外仓';
        b.dispatchEvent(new InputEvent('input', { isComposing: true, inputType: 'insertCompositionText', data: '海外仓' }));
        b.dispatchEvent(new CompositionEvent('compositionend', { data: '海外仓' }));
      });
      await until(page, () => new URLSearchParams(location.search).get('q') === '海外仓');
      await page.waitForSelector('#results li');
      ok(true, 'compositionend searches the composed word');
    });

    await step('more results', async () => {
      await page.goto(search + '?q=' + q('推动'));
      await page.waitForSelector('#results li');
      await settled(page);
      const total = totalOf(await statusText(page));
      ok(total > 20, '推动 has more than 20 results (' + total + ')');
      ok((await page.locator('#results > li').count()) === 20, 'first 20 shown');
      ok((await statusText(page)).includes('显示 1–20'), 'status says 显示 1–20');
      let rounds = 0;
      while (await page.isVisible('#more-results') && rounds++ < 50) {
        const n = await page.locator('#results > li').count();
        ok((await page.textContent('#more-results')).includes('更多结果'), '更多结果 button (' + n + ' shown)');
        await page.click('#more-results');
        await until(page, (n0) => document.querySelectorAll('#results > li').length > n0, n);
        await settled(page);
      }
      const n = await page.locator('#results > li').count();
      ok(n === total, `更多结果 reaches total (${n} of ${total})`);
      ok((await statusText(page)).includes('显示 1–' + total), 'status says 显示 1–' + total);
      const hrefs = await page.$$eval('#results > li h2 a', (as) => as.map((a) => a.getAttribute('href')));
      ok(new Set(hrefs).size === hrefs.length, 'no result shown twice');
      // open the last result, come Back: the whole list again
      await page.click(`#results > li:nth-child(${total}) h2 a`);
      await page.waitForURL((u) => !u.pathname.endsWith('/search/index.html'));
      await page.goBack();
      await page.waitForSelector('#results li');
      await settled(page);
      ok((await page.locator('#results > li').count()) === total, `Back from result ${total}: all ${total} shown again`);
    });

    await step('filters', async () => {
      await page.goto(search + '?q=' + q('推动'));
      await page.waitForSelector('#facets button.facet');
      await settled(page);
      const total = totalOf(await statusText(page));
      const facets = await page.$$eval('#facets button.facet', (bs) => bs.map((b) => ({
        label: b.querySelector('.fl').textContent, count: b.querySelector('.fc') ? +b.querySelector('.fc').textContent : null,
        pressed: b.getAttribute('aria-pressed') })));
      ok(facets.some((f) => f.label === '条款' && f.count > 0), 'kind facet 条款 with its count');
      ok(facets.some((f) => f.label === '二' && f.count > 0), 'section facet 二 with its count');
      ok(facets.find((f) => f.label === '全部').count === total, '全部 counts the whole query');
      ok(facets.every((f) => f.pressed === 'true' || f.pressed === 'false'), 'filter buttons are toggle buttons (aria-pressed)');
      const clause = facets.find((f) => f.label === '条款');
      const firstBefore = await page.textContent('#results li h2');
      await page.click('#facets button.facet:has(.fl:text-is("条款"))');
      await until(page, () => new URLSearchParams(location.search).get('kind') === 'clause');
      await settled(page);
      const wheres = await page.$$eval('#results > li .where', (ws) => ws.map((w) => w.textContent));
      ok(wheres.length > 0 && wheres.every((w) => w.startsWith('条款')), 'kind:条款 lists only clauses');
      ok(totalOf(await statusText(page)) === clause.count, `count on the button (${clause.count}) = results`);
      ok((await page.textContent('#results li h2')) !== firstBefore, 'the list changed');
      ok((await page.getAttribute('#facets button.facet:has(.fl:text-is("条款"))', 'aria-pressed')) === 'true',
        'the chosen filter is pressed');
      // a section too, then Back undoes it
      const two = facets.find((f) => f.label === '二');
      await page.click('#facets button.facet:has(.fl:text-is("二"))');
      await until(page, () => new URLSearchParams(location.search).get('section') === '2');
      await settled(page);
      const n2 = totalOf(await statusText(page));
      ok(n2 > 0 && n2 <= two.count, `条款 in section 二: ${n2} (≤ ${two.count})`);
      const w2 = await page.$$eval('#results > li .where', (ws) => ws.map((w) => w.textContent));
      ok(w2.every((w) => w.includes('二、')), 'section 二 lists only its pages');
      await page.goBack();
      await until(page, () => !new URLSearchParams(location.search).get('section'));
      await settled(page);
      ok(totalOf(await statusText(page)) === clause.count, 'Back drops the section filter');
      // a shared URL with filters
      await page.goto(search + '?q=' + q('推动') + '&kind=clause');
      await page.waitForSelector('#results li');
      await settled(page);
      ok(totalOf(await statusText(page)) === clause.count, 'a URL with &kind=clause opens filtered');
    });

    await step('notes', async () => {
      const cases = [
        ['kuajing dianshang', '#search-notes', '按拼音理解为'],
        ['跨境电子商务', '#search-notes', '同时搜索了'],
        ['推进外资', '#search-notes', '没有页面包含完整的“推进外资”'],
        ['推进 外资 xyzzy', '#search-notes', '任一词'],
        ['qqqxqqq', '#search-status', '没有找到'],
      ];
      for (const [query, sel, want] of cases) {
        await page.goto(search + '?q=' + q(query));
        await settled(page);
        const t = await page.textContent(sel);
        ok(t.includes(want), `${query}: says ${want} (${t.trim().slice(0, 60)})`);
      }
      // a typo: a suggestion to click
      await page.goto(search + '?q=' + q('海外舱'));
      await settled(page);
      ok((await notesText(page)).includes('您是不是要找：'), '海外舱: 您是不是要找：');
      const sug = page.locator('#search-notes a.suggest', { hasText: '海外仓' });
      ok(await sug.count() === 1, 'suggestion 海外仓 is a link');
      await sug.click();
      await page.waitForSelector('#results li');
      await settled(page);
      ok(qParam(page) === '海外仓' && (await page.inputValue('#q')) === '海外仓', 'the suggestion searches 海外仓');
    });

    await step('errors', async () => {
      const cases = [['foo:bar', 'EPARSE'], ['跨境电商 AND', 'EPARSE'], ['kind:xyz', 'EPARSE'], ['section:9', 'EPARSE'],
        ['((((', 'EINVAL'], ['！！！', 'EINVAL'], [Array.from({ length: 70 }, (_, i) => 'w' + i).join(' '), 'ETOOBIG']];
      for (const [query, st] of cases) {
        await page.goto(search + '?q=' + q(query));
        await settled(page);
        const main = await page.textContent('#search-status .main');
        const detail = await page.locator('#search-status .detail').count();
        ok(HAN.test(main) && !/[a-z]{4,}/.test(main.replace(/[a-z]+:[a-z]*/g, '')) && detail === 1,
          `${st} ${query.slice(0, 20)}: Chinese sentence (${main.trim()})`);
        ok((await page.locator('#results > li').count()) === 0, `${query.slice(0, 20)}: no results listed`);
      }
      await page.goto(search + '?q=' + q('foo:bar'));
      await settled(page);
      ok((await page.textContent('#search-status .main')).includes('无法识别筛选条件“foo:”'), 'unknown filter names it');
    });

    await step('keyboard', async () => {
      await page.goto(search + '?q=' + q('跨境电商'));
      await page.waitForSelector('#results li');
      await settled(page);
      await page.focus('#q');
      const active = () => page.evaluate(() => {
        const a = document.activeElement, links = Array.from(document.querySelectorAll('#results li h2 a'));
        return { id: a.id, i: links.indexOf(a), outline: getComputedStyle(a).outlineStyle };
      });
      await page.keyboard.press('ArrowDown');
      let a = await active();
      ok(a.i === 0 && a.outline !== 'none', '↓ from the box focuses the first result, visibly');
      await page.keyboard.press('ArrowDown');
      ok((await active()).i === 1, '↓ again: the second');
      await page.keyboard.press('ArrowUp');
      ok((await active()).i === 0, '↑: back to the first');
      await page.keyboard.press('ArrowUp');
      ok((await active()).id === 'q', '↑ from the first: the search box');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.waitForURL('**/clause/4/index.html?*');
      ok(page.url().includes('hl=') && (await page.locator('main mark').count()) > 0, 'Enter opens the result, words highlighted');
      // "/" from any page
      await page.keyboard.press('/');
      ok((await active()).id === 'site-q', '/ focuses the header search box on a clause page');
      await page.keyboard.type('/');
      ok((await page.inputValue('#site-q')) === '/', '/ typed inside a box is just a character');
      await page.goBack();
      await page.waitForSelector('#results li');
      await settled(page);
      await page.evaluate(() => document.activeElement && document.activeElement.blur());
      await page.keyboard.press('/');
      ok((await active()).id === 'q', '/ focuses the search page box');
      await page.keyboard.press('Escape');
      await until(page, () => !new URLSearchParams(location.search).get('q'));
      await settled(page);
      ok((await page.inputValue('#q')) === '' && (await page.locator('#results > li').count()) === 0,
        'Esc clears the box, the results and the URL');
      // the header box on the search page searches in place
      await page.evaluate(() => { window.__noReload = 2; });
      await page.fill('#site-q', '海外仓');
      await page.press('#site-q', 'Enter');
      await until(page, () => new URLSearchParams(location.search).get('q') === '海外仓');
      await settled(page);
      ok(await page.evaluate(() => window.__noReload === 2) && (await page.inputValue('#q')) === '海外仓',
        'header box on the search page searches in place');
    });

    await step('code points and markup', async () => {
      // a stand-in engine: a snippet with a character outside the BMP
      // (two UTF-16 units, one code point) and markup in the text
      const fake = `window.fiveoutEngine = function () { return Promise.resolve({ search: function (q) {
        return Promise.resolve({ query: q, total: 1, fallback: false, also_searched: [], loose: [],
          pinyin: null, suggestions: [], facets: { kind: { glossary: 1 }, section: {} },
          hits: [{ kind: 'glossary', number: 0, id: 'x', title: 't', label: '<img src=x id=evil>𠮷',
            section: 0, section_label: null, url: '/glossary/x/#p2', score: 1,
            snippet: '𠮷野家<b>的跨境电商', highlights: [], highlights_chars: [[7, 11]] }] });
      } }); };`;
      await page.route('**/assets/engine.js', (r) => r.fulfill({ contentType: 'text/javascript', body: fake }));
      await page.goto(search + '?q=x');
      await page.waitForSelector('#results li');
      ok((await page.textContent('#results li .snip mark')) === '跨境电商', 'highlights_chars count code points (𠮷 is one)');
      ok((await page.locator('#evil, #results b').count()) === 0 &&
        (await page.textContent('#results li h2')).includes('<img'), 'content text is never parsed as markup');
      ok((await page.getAttribute('#results li h2 a', 'href')) === '../glossary/x/index.html?hl=' + q('跨境电商') + '#p2',
        'hl= carries the highlighted word');
      await page.unroute('**/assets/engine.js');
    });

    await step('phone', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(search + '?q=' + q('推动'));
      await page.waitForSelector('#facets button.facet');
      await settled(page);
      const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      ok(over <= 0, `phone width: no horizontal scroll with filters (${over}px)`);
      await page.screenshot({ path: path.join(shots, 'search-ui-phone.png'), fullPage: true });
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.screenshot({ path: path.join(shots, 'search-ui-desktop.png'), fullPage: true });
    });

    await step('file://', async () => {
      const file = 'file://' + path.join(site, 'search/index.html');
      await page.goto(file + '?q=' + q('跨境電商'));
      await page.waitForSelector('#results li', { timeout: 15000 });
      await settled(page);
      ok((await page.textContent('#results li h2')).includes('（四）'), 'file://: search works from disk');
      await page.click('#results li h2 a');
      await page.waitForURL('file://**/clause/4/index.html?*');
      ok((await page.locator('main mark').count()) > 0, 'file://: the result opens with highlights');
    });
  } catch (e) {
    fail++;
    console.log('FAIL - ' + (e && e.stack || e));
  } finally {
    await browser.close();
    if (srv.proc) srv.proc.kill();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  ok(problems.length === 0, 'no console errors or failed requests' + (problems.length ? ':\n  ' + problems.join('\n  ') : ''));
  console.log('screenshots in ' + shots);
  console.log(`${pass} passed, ${fail} failed`);
  process.exit(fail ? 1 : 0);
})();
