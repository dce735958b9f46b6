// fiveout search-ui.js: the search page (search/index.html).  The engine
// is the C search compiled to WebAssembly (assets/engine.js, loaded
// before this file): window.fiveoutEngine(base) -> Promise<engine>,
// engine.search(query, { offset, limit, kind, section }) -> Promise of
// what `fiveout-search --json` prints, plus facets { kind: {}, section: {} }.
//
// - results as you type (debounced), the query and filters in the URL
//   (?q=&kind=&section=), Back and Forward re-run the search;
// - every result reachable: 20 at a time, "更多结果" until total;
// - kind and section filters with the whole query's counts;
// - the engine's notes (pinyin, synonyms, loose words, any-word fall-back,
//   suggestions) and its errors, in Chinese;
// - keyboard: ↑/↓ through the results, Esc clears.
// Text from content and queries only ever goes through textContent.
(function () {
  'use strict';

  // DEBOUNCE: ms of quiet typing before a search; a page may set
  // window.fiveoutDebounceMs first (bench/browser.mjs sets 0, as it
  // sets Pagefind's debounceTimeoutMs, so both are timed alike)
  // how each tier reads on a hit (the pages with every word say nothing)
  var MATCH_LABEL = { ref: '所查条款', partial: '部分匹配', related: '相关' };
  // "clause:4" -> 第（四）条, "section:2" -> 第二部分
  function refLabel(id) {
    var D = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
    var m = /^(clause|section):(\d+)$/.exec(id), n;
    if (!m) return id;
    n = +m[2];
    var cn = n <= 10 ? D[n] : n < 20 ? '十' + (n % 10 ? D[n % 10] : '') :
      D[Math.floor(n / 10)] + '十' + (n % 10 ? D[n % 10] : '');
    return m[1] === 'clause' ? '引用第（' + cn + '）条' : '属第' + cn + '部分';
  }
  var PAGE = 20, FIRST = 5, DEBOUNCE = typeof window.fiveoutDebounceMs === 'number' ?
    window.fiveoutDebounceMs : 150;
  var KINDS = [['clause', '条款'], ['section', '部分'], ['annotation', '注解'],
    ['glossary', '术语'], ['preamble', '序言']];
  var KIND_LABEL = {};
  KINDS.forEach(function (k) { KIND_LABEL[k[0]] = k[1]; });
  var NUMS = ['', '一', '二', '三', '四', '五', '六', '七'];

  var input, form, status, notes, out, more, facets, scriptSrc, baseTitle;
  var me = document.currentScript || document.querySelector('script[src$="search-ui.js"]');
  var enginePromise = null;
  var seq = 0;          // the newest search; older answers are dropped
  var timer = 0;
  var typing = false;   // the URL entry belongs to the query being typed
  var typedAt = 0;
  var cur = null;       // { q, kind, section, hits: [], total }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function engine() {
    if (!enginePromise) {
      if (typeof window.fiveoutEngine !== 'function') {
        enginePromise = Promise.reject(new Error('assets/engine.js did not load'));
      } else {
        var base = new URL('../search/', scriptSrc).href;
        enginePromise = Promise.resolve().then(function () { return window.fiveoutEngine(base); });
      }
      enginePromise.catch(function () { enginePromise = null; });  // retry on the next search
    }
    return enginePromise;
  }

  // ---- the state in the URL ------------------------------------------------
  function readURL() {
    var p = new URLSearchParams(location.search);
    var kind = p.get('kind') || '';
    var section = parseInt(p.get('section') || '0', 10);
    return {
      q: p.get('q') || '',
      kind: KIND_LABEL[kind] ? kind : '',
      section: section >= 1 && section <= 7 ? section : 0
    };
  }

  function stateURL(s) {
    var p = new URLSearchParams();
    if (s.q) p.set('q', s.q);
    if (s.q && s.kind) p.set('kind', s.kind);
    if (s.q && s.section) p.set('section', String(s.section));
    var qs = p.toString();
    return location.pathname + (qs ? '?' + qs : '');
  }

  // push: a new entry (Back returns to the previous search); otherwise
  // the current entry is rewritten.
  function writeURL(s, push) {
    var u = stateURL(s);
    if (u === location.pathname + location.search) return;
    try {
      if (push) history.pushState(null, '', u);
      else history.replaceState(null, '', u);
    } catch (e) { /* some file:// setups refuse; the search still runs */ }
  }

  function wanted() {
    return { q: input.value.trim(), kind: cur ? cur.kind : '', section: cur ? cur.section : 0 };
  }

  // ---- running a search ----------------------------------------------------
  // 'limit': PAGE, or more to restore a list that had grown (Back)
  function run(s, offset, limit) {
    var my = ++seq;
    if (!offset) clearTimeout(timer);
    document.title = s.q ? s.q + ' · ' + baseTitle : baseTitle;
    if (!s.q) {
      cur = { q: '', kind: s.kind, section: s.section, hits: [], total: 0 };
      out.textContent = '';
      notes.textContent = '';
      facets.hidden = true;
      more.hidden = true;
      say('请输入要搜索的词。');
      return Promise.resolve();
    }
    if (!offset) out.setAttribute('aria-busy', 'true');
    more.disabled = true;
    if (!offset) say('正在搜索…');
    // a new search shows its first FIRST hits as soon as they are ready
    // (each hit's document is a file to load), then fills up to 'want'
    var want = limit || PAGE, lim = !offset && want > FIRST ? FIRST : want;
    var opts = function (off, n) {
      return { offset: off, limit: n, kind: s.kind || undefined, section: s.section || 0 };
    };
    var show = function (res) {
      cur.total = res.total;
      (res.hits || []).forEach(function (h) { cur.hits.push(h); out.appendChild(hitItem(h, res)); });
      report(res);
    };
    return engine().then(function (eng) {
      return eng.search(s.q, opts(offset, lim));
    }).then(function (res) {
      if (my !== seq) return;
      if (!offset) {
        cur = { q: s.q, kind: s.kind, section: s.section, hits: [], total: 0, res: res };
        out.textContent = '';
      }
      var first = out.children.length;
      show(res);
      if (!offset) drawFacets(res.facets || { kind: {}, section: {} });
      var el0 = out.children[first] || null;
      if (lim >= want || res.total <= lim) return el0;
      return engine().then(function (eng) {
        return eng.search(s.q, opts(lim, want - lim));
      }).then(function (r2) {
        if (my === seq) show(r2);
        return el0;
      }, function (e) {
        if (my === seq) failed(e);  // the hits so far stay
        return el0;
      });
    }, function (e) {
      if (my !== seq) return;
      if (offset) {  // the list so far stays
        failed(e);
        return null;
      }
      cur = { q: s.q, kind: s.kind, section: s.section, hits: [], total: 0 };
      out.textContent = '';
      notes.textContent = '';
      facets.hidden = true;
      more.hidden = true;
      failed(e);
    }).then(function (x) {
      if (my === seq) { out.removeAttribute('aria-busy'); more.disabled = false; }
      return x;
    });
  }

  // ---- the status line and the engine's notes -----------------------------
  function say(text, detail) {
    status.textContent = '';
    status.appendChild(el('span', 'main', text));
    if (detail) {
      var d = el('span', 'detail', detail);
      d.lang = 'en';
      status.appendChild(document.createTextNode(' '));
      status.appendChild(d);
    }
  }

  function quote(w) { return '“' + w + '”'; }

  function searchLink(word) {
    var a = el('a', 'suggest', word);
    a.href = '?q=' + encodeURIComponent(word);
    a.addEventListener('click', function (ev) {
      if (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button) return;
      ev.preventDefault();
      input.value = word;
      var s = { q: word, kind: '', section: 0 };
      typing = false;
      writeURL(s, true);
      run(s, 0).then(function () { input.focus(); });
    });
    return a;
  }

  function report(res) {
    var shown = cur.hits.length, filtered = cur.kind || cur.section;
    var scope = '';
    if (cur.kind) scope += KIND_LABEL[cur.kind];
    if (cur.section) scope += (scope ? '，' : '') + '第' + NUMS[cur.section] + '部分';
    if (res.total > 0) {
      say('共 ' + res.total + ' 个结果' + (scope ? '（' + scope + '）' : '') +
        '，显示 1–' + shown + '。');
    } else if (filtered) {
      say('在所选范围（' + scope + '）内没有找到' + quote(cur.q) + '。');
    } else {
      say('没有找到与' + quote(cur.q) + '相关的内容。');
    }
    more.hidden = shown >= res.total;
    more.textContent = '更多结果（还有 ' + (res.total - shown) + ' 个）';
    if (res !== cur.res) return;  // the notes belong to the first page
    notes.textContent = '';
    var add = function (text) { var p = el('p', null, text); notes.appendChild(p); return p; };
    if (res.pinyin) {
      var m = /^(.*?)\s*→\s*(.*)$/.exec(res.pinyin);
      add(m ? '按拼音理解为' + quote(m[2]) + '（' + m[1] + '）。' : '按拼音理解为 ' + res.pinyin + '。');
    }
    if (res.also_searched && res.also_searched.length) {
      add('同时搜索了' + res.also_searched.map(quote).join('、') + '。');
    }
    (res.loose || []).forEach(function (w) {
      add('没有页面包含完整的' + quote(w) + '，以下为包含其各个词的结果。');
    });
    if (res.fallback) add('没有页面同时包含所有的词，以下为包含其中任一词的结果。');
    if (res.suggestions && res.suggestions.length) {
      var p = add('您是不是要找：');
      res.suggestions.forEach(function (w, i) {
        if (i) p.appendChild(document.createTextNode('、'));
        p.appendChild(searchLink(w));
      });
      p.appendChild(document.createTextNode('？'));
    }
    if (res.total === 0 && filtered) {
      var b = el('button', 'linkish', '在全部结果中搜索');
      b.type = 'button';
      b.addEventListener('click', function () { choose('', 0); });
      add('').appendChild(b);
    } else if (res.total === 0) {
      var t = add('请检查用字，或换用更短、更常用的词；也可以从');
      var a = el('a', null, '目录');
      a.href = '../index.html';
      t.appendChild(a);
      t.appendChild(document.createTextNode('浏览全部条款。'));
    }
  }

  // Every status of a rejected query as a Chinese sentence; the
  // engine's English message follows as a detail.
  function failed(e) {
    var msg = String(e && e.message || ''), m;
    if (!e || e.name !== 'QueryError') {
      say('搜索出错：未能加载搜索数据。请刷新页面重试，或从目录浏览全部条款。', msg);
      return;
    }
    var text;
    if (e.status === 'ETOOBIG') {
      text = /bytes/.test(msg) ? '查询太长，请缩短后再试。' : '查询的词太多（最多 64 个），请缩短后再试。';
    } else if (e.status === 'EINVAL') {
      text = /UTF-8/.test(msg) ? '查询中含有无法识别的字符，请检查输入。' :
        '没有可以搜索的词：请输入文字，而不只是标点或符号。';
    } else if ((m = /unknown filter '([^']*)'/.exec(msg))) {
      text = '无法识别筛选条件' + quote(m[1]) + '：可用的筛选有 kind:、section:、clause: 和 tag:。' +
        '如要搜索这段文字本身，请给它加上引号。';
    } else if ((m = /unknown kind '([^']*)'/.exec(msg))) {
      text = '没有' + quote(m[1]) + '这种类型：可用 kind:clause（条款）、kind:section（部分）、' +
        'kind:annotation（注解）、kind:glossary（术语）或 kind:preamble（序言）。';
    } else if (/^no section/.test(msg)) {
      text = '没有这一部分：部分编号为 1 到 7，例如 section:2。';
    } else if (/^no clause/.test(msg)) {
      text = '没有这一条：条款编号为 1 到 24，例如 clause:4。';
    } else if ((m = /filter '([^']*)' needs a value/.exec(msg))) {
      text = '筛选条件' + quote(m[1]) + '后面需要一个值，例如 kind:clause、section:2、clause:4 或 tag:跨境电商。';
    } else if ((m = /^(NOT) needs/.exec(msg))) {
      text = 'NOT 后面需要一个词，例如：跨境电商 NOT 海外仓。';
    } else if ((m = /^(AND|OR) needs/.exec(msg))) {
      text = m[1] + ' 两边都需要词，例如：跨境电商 ' + m[1] + ' 海外仓。';
    } else if (/^unmatched/.test(msg)) {
      text = '括号不配对：请删去多余的括号，或补上与之对应的括号。';
    } else {
      text = '查询的写法有误，请检查后再试。';
    }
    say('无法搜索：' + text, msg);
  }

  // ---- one result ------------------------------------------------------------
  // Site-absolute "/clause/4/#p1s2" -> "../clause/4/index.html?hl=..#p1s2",
  // relative to search/index.html so that file:// works too.
  function href(url, words) {
    var hash = '', i = url.indexOf('#');
    if (i >= 0) { hash = url.slice(i); url = url.slice(0, i); }
    url = url.replace(/^\/+/, '');
    if (url === '' || /\/$/.test(url)) url += 'index.html';
    var qs = words.map(function (w) { return 'hl=' + encodeURIComponent(w); }).join('&');
    return '../' + url + (qs ? '?' + qs : '') + hash;
  }

  function hitItem(h, res) {
    var li = el('li', 'hit');
    // highlights_chars count code points; JS strings count UTF-16 units
    var cps = Array.from(h.snippet || '');
    var spans = (h.highlights_chars || []).filter(function (x) {
      return x[0] >= 0 && x[1] > x[0] && x[1] <= cps.length;
    }).sort(function (a, b) { return a[0] - b[0]; });
    var words = [];
    spans.forEach(function (x) {
      var w = cps.slice(x[0], x[1]).join('');
      if (words.indexOf(w) < 0) words.push(w);
    });
    var h2 = el('h2', 'rt'), a = el('a', null, h.label || h.title || h.url);
    a.href = href(h.url || '/', words);
    h2.appendChild(a);
    li.appendChild(h2);
    var where = KIND_LABEL[h.kind] || h.kind || '';
    if (h.section_label) where += ' · ' + h.section_label;
    var wp = el('p', 'where', where);
    // the tier past the pages with every word (the engine's "match")
    var tier = MATCH_LABEL[h.match];
    if (tier) {
      var via = h.via ? refLabel(h.via) : '';
      wp.appendChild(document.createTextNode(' · '));
      wp.appendChild(el('span', 'tier tier-' + h.match, tier + (via ? '：' + via : '')));
    }
    li.appendChild(wp);
    if (cps.length) {
      var p = el('p', 'snip'), at = 0;
      spans.forEach(function (x) {
        if (x[0] < at) return;  // overlapping span: keep the first
        p.appendChild(document.createTextNode(cps.slice(at, x[0]).join('')));
        p.appendChild(el('mark', null, cps.slice(x[0], x[1]).join('')));
        at = x[1];
      });
      p.appendChild(document.createTextNode(cps.slice(at).join('')));
      li.appendChild(p);
    }
    return li;
  }

  // ---- filters ---------------------------------------------------------------
  function facetButton(label, count, pressed, aria, onclick) {
    var b = el('button', 'facet');
    b.type = 'button';
    b.appendChild(el('span', 'fl', label));
    if (count !== null) b.appendChild(el('span', 'fc', String(count)));
    b.setAttribute('aria-pressed', pressed ? 'true' : 'false');
    if (aria) b.setAttribute('aria-label', aria);
    b.addEventListener('click', onclick);
    return b;
  }

  function drawFacets(f) {
    var kinds = f.kind || {}, secs = f.section || {};
    var all = 0;
    Object.keys(kinds).forEach(function (k) { all += kinds[k] || 0; });
    facets.textContent = '';
    if (!all && !cur.kind && !cur.section) { facets.hidden = true; return; }
    facets.hidden = false;

    var g1 = el('div', 'fgroup');
    g1.setAttribute('role', 'group');
    g1.setAttribute('aria-labelledby', 'facet-kind');
    var l1 = el('span', 'flabel', '类型');
    l1.id = 'facet-kind';
    g1.appendChild(l1);
    g1.appendChild(facetButton('全部', all, !cur.kind, '全部类型，' + all + ' 个结果',
      function () { choose('', cur.section); }));
    KINDS.forEach(function (k) {
      var n = kinds[k[0]] || 0;
      if (!n && cur.kind !== k[0]) return;
      g1.appendChild(facetButton(k[1], n, cur.kind === k[0], k[1] + '，' + n + ' 个结果',
        function () { choose(cur.kind === k[0] ? '' : k[0], cur.section); }));
    });
    facets.appendChild(g1);

    var any = false;
    for (var i = 1; i <= 7; i++) if (secs[i] || secs[String(i)] || cur.section === i) any = true;
    if (!any) return;
    var g2 = el('div', 'fgroup');
    g2.setAttribute('role', 'group');
    g2.setAttribute('aria-labelledby', 'facet-section');
    var l2 = el('span', 'flabel', '部分');
    l2.id = 'facet-section';
    g2.appendChild(l2);
    g2.appendChild(facetButton('全部', null, !cur.section, '全部部分',
      function () { choose(cur.kind, 0); }));
    [1, 2, 3, 4, 5, 6, 7].forEach(function (n) {
      var c = secs[n] || secs[String(n)] || 0;
      if (!c && cur.section !== n) return;
      g2.appendChild(facetButton(NUMS[n], c, cur.section === n, '第' + NUMS[n] + '部分，' + c + ' 个结果',
        function () { choose(cur.kind, cur.section === n ? 0 : n); }));
    });
    facets.appendChild(g2);
  }

  function choose(kind, section) {
    var s = { q: cur ? cur.q : input.value.trim(), kind: kind, section: section };
    var from = document.activeElement && document.activeElement.closest ?
      document.activeElement.closest('.fgroup') : null;
    var label = from ? from.getAttribute('aria-labelledby') : null;
    typing = false;
    writeURL(s, true);
    cur.kind = kind;
    cur.section = section;
    run(s, 0).then(function () {
      // the buttons were redrawn: keep the focus on the chosen one
      var g = label && facets.querySelector('[aria-labelledby="' + label + '"]');
      var b = g && g.querySelector('button[aria-pressed="true"]');
      if (b) b.focus();
    });
  }

  // ---- input and keyboard ----------------------------------------------------
  // While an input method composes (拼音 being typed, not yet a
  // character), the box holds the raw letters: wait for compositionend.
  function onInput(ev) {
    if (ev && ev.isComposing) return;
    clearTimeout(timer);
    timer = setTimeout(function () {
      var s = wanted();
      if (cur && s.q === cur.q) return;
      // the first change after a finished search (or a pause) is a new
      // history entry; the next keystrokes rewrite it
      writeURL(s, (!typing || Date.now() - typedAt > 3000) && !!(cur && cur.q));
      typing = true;
      typedAt = Date.now();
      run(s, 0);
    }, DEBOUNCE);
  }

  function submit(ev) {
    ev.preventDefault();
    clearTimeout(timer);
    var s = wanted();
    typing = false;
    if (cur && s.q === cur.q && s.kind === cur.kind && s.section === cur.section && cur.res) {
      writeURL(s, false);
      return;
    }
    writeURL(s, !!(cur && cur.q));
    run(s, 0);
  }

  function links() { return Array.prototype.slice.call(out.querySelectorAll('li h2 a')); }

  function onKey(ev) {
    // arrows and Esc belong to an input method's candidate list
    if (ev.altKey || ev.ctrlKey || ev.metaKey || ev.isComposing || ev.keyCode === 229) return;
    var ls = links(), i = ls.indexOf(document.activeElement);
    if (ev.key === 'ArrowDown' && (document.activeElement === input || i >= 0)) {
      if (i + 1 < ls.length) { ev.preventDefault(); ls[i + 1].focus(); }
      else if (i >= 0 && !more.hidden) { ev.preventDefault(); more.focus(); }
    } else if (ev.key === 'ArrowUp' && (i >= 0 || document.activeElement === more)) {
      ev.preventDefault();
      if (document.activeElement === more) ls[ls.length - 1].focus();
      else if (i > 0) ls[i - 1].focus();
      else input.focus();
    } else if (ev.key === 'Escape' && (document.activeElement === input || i >= 0 ||
        out.contains(document.activeElement) || document.activeElement === more)) {
      ev.preventDefault();
      clearTimeout(timer);
      input.value = '';
      typing = false;
      var s = { q: '', kind: '', section: 0 };
      writeURL(s, !!(cur && cur.q));
      run(s, 0);
      input.focus();
    }
  }

  function loadMore() {
    if (!cur || cur.hits.length >= cur.total || input.value.trim() !== cur.q) return;
    var focusNew = document.activeElement === more;
    run({ q: cur.q, kind: cur.kind, section: cur.section }, cur.hits.length).then(function (li) {
      var a = li && li.querySelector('h2 a');
      if (a && focusNew) a.focus();
      // Back from a result shows as many again
      try { history.replaceState({ shown: cur.hits.length }, ''); } catch (e) { /* file:// */ }
    });
  }

  function fromURL() {
    var s = readURL();
    input.value = s.q;
    typing = false;
    cur = { q: null, kind: s.kind, section: s.section, hits: [], total: 0 };
    // the number of results shown when the reader left (see loadMore)
    var n = history.state && history.state.shown;
    run(s, 0, n > PAGE && n <= 1000 ? n : PAGE);
  }

  function init() {
    input = document.getElementById('q');
    form = document.getElementById('search-form');
    status = document.getElementById('search-status');
    out = document.getElementById('results');
    if (!input || !form || !status || !out) return;
    scriptSrc = me ? me.src : location.href;
    baseTitle = document.title;

    notes = el('div', 'search-notes');
    notes.id = 'search-notes';
    facets = el('div', 'facets');
    facets.id = 'facets';
    facets.setAttribute('aria-label', '筛选结果');
    facets.setAttribute('role', 'region');
    facets.hidden = true;
    more = el('button', 'more-results', '更多结果');
    more.type = 'button';
    more.id = 'more-results';
    more.hidden = true;
    notes.setAttribute('aria-live', 'polite');
    status.parentNode.insertBefore(notes, status.nextSibling);
    status.parentNode.insertBefore(facets, notes.nextSibling);
    out.parentNode.insertBefore(more, out.nextSibling);
    if (!out.getAttribute('aria-label')) out.setAttribute('aria-label', '搜索结果');
    var keys = el('p', 'keys');
    [['按 ', '/'], [' 跳到搜索框，', '↑'], [' ', '↓'], [' 在结果间移动，', 'Enter'], [' 打开，', 'Esc'], [' 清空。']]
      .forEach(function (x) {
        keys.appendChild(document.createTextNode(x[0]));
        if (x[1]) keys.appendChild(el('kbd', null, x[1]));
      });
    keys.setAttribute('aria-hidden', 'true');  // aria-keyshortcuts says it to screen readers
    form.parentNode.insertBefore(keys, form.nextSibling);

    input.addEventListener('input', onInput);
    input.addEventListener('compositionend', function () { onInput(); });
    input.addEventListener('blur', function () { typing = false; });
    form.addEventListener('submit', submit);
    more.addEventListener('click', loadMore);
    document.addEventListener('keydown', onKey);
    window.addEventListener('popstate', fromURL);
    // the header's box on this page searches in place too
    var site = document.getElementById('site-q');
    if (site && site.form) {
      site.form.addEventListener('submit', function (ev) {
        ev.preventDefault();
        input.value = site.value;
        site.value = '';
        submit(ev);
        input.focus();
      });
    }
    fromURL();
    engine().catch(function () {});  // start loading while the reader types
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
