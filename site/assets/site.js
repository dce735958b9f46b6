// fiveout site.js: page enhancements that degrade to plain HTML.
// - "copy citation" buttons (hidden without JS), and the citation box
//   following the sentence chosen: its #pNsM link, or a tap on it;
// - ?hl=word&hl=word highlights those words in the page text and
//   scrolls to the #pN target;
// - "/" focuses the search box (the search page's or home page's own, else the header's)
//   unless the reader is typing in a field.
(function () {
  'use strict';

  function copyButtons() {
    var bs = document.querySelectorAll('button[data-copy]');
    Array.prototype.forEach.call(bs, function (b) {
      var src = document.getElementById(b.getAttribute('data-copy'));
      if (!src) return;
      b.hidden = false;
      var label = b.textContent;
      b.addEventListener('click', function () {
        var text = src.textContent;
        var done = function () { b.textContent = '已复制'; setTimeout(function () { b.textContent = label; }, 2000); };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text).then(done, function () { select(src); });
        } else {
          select(src);
        }
      });
    });
  }

  // The page's permalink: --base-url's address, else this one without
  // index.html, query or fragment.
  function permalink(box) {
    return box.getAttribute('data-url') ||
      location.href.replace(/[?#].*$/, '').replace(/index\.html$/, '');
  }

  // Tables with class "sortable": each column heading becomes a button
  // that sorts the rows by it (numbers as numbers), then the other way.
  function sortable() {
    var ts = document.querySelectorAll('table.sortable');
    Array.prototype.forEach.call(ts, function (t) {
      var ths = t.querySelectorAll('thead th');
      Array.prototype.forEach.call(ths, function (th, col) {
        var b = document.createElement('button');
        b.type = 'button';
        b.textContent = th.textContent;
        th.textContent = '';
        th.appendChild(b);
        b.addEventListener('click', function () {
          var asc = th.getAttribute('aria-sort') !== 'ascending';
          Array.prototype.forEach.call(ths, function (h) { h.removeAttribute('aria-sort'); });
          th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
          var body = t.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          var key = function (r) { return (r.cells[col] || {}).textContent || ''; };
          rows.sort(function (x, y) {
            var a = key(x), c = key(y), na = parseFloat(a), nc = parseFloat(c);
            var d = (!isNaN(na) && !isNaN(nc) && na !== nc) ? na - nc : a.localeCompare(c, 'zh-CN');
            return asc ? d : -d;
          });
          rows.forEach(function (r) { body.appendChild(r); });
        });
      });
    });
  }

  // The printed address of the page, when the site was built without one.
  function printedAddress() {
    var s = document.querySelector('footer .permalink span');
    if (s && !s.textContent) s.textContent = location.href.replace(/[?#].*$/, '').replace(/index\.html$/, '');
  }

  // Cite sentence 'id' ("p1s3"; null: the page) in the citation box.
  function cite(id) {
    var box = document.querySelector('.cite');
    if (!box) return;
    var brief = document.getElementById('cite-short');
    var full = document.getElementById('cite-full');
    var unit = box.getAttribute('data-unit');
    var m = id && unit ? /^p(\d+)s(\d+)$/.exec(id) : null;
    var part = '';
    if (m) {
      var paras = document.querySelectorAll('.official p[id^="p"]').length;
      part = (paras > 1 || m[1] !== '1' ? '第' + m[1] + '段' : '') + '第' + m[2] + '句';
    }
    brief.textContent = brief.getAttribute('data-base') + part;
    full.textContent = full.getAttribute('data-base') + part + '，' + permalink(box) + (m ? '#' + id : '');
    var on = document.querySelectorAll('.s.on');
    Array.prototype.forEach.call(on, function (e) { if (e.id !== id) e.classList.remove('on'); });
    if (m) { var s = document.getElementById(id); if (s) s.classList.add('on'); }
  }

  // A tap (or click) on a sentence shows its link and cites it; a tap on
  // a link inside it follows the link.
  function sentences() {
    if (!document.querySelector('.cite')) return;
    document.addEventListener('click', function (ev) {
      var t = ev.target;
      if (!t.closest) return;
      if (t.closest('a')) return;
      var s = t.closest('span.s');
      if (s && !(window.getSelection && String(window.getSelection()))) cite(s.id);
    });
    window.addEventListener('hashchange', function () { cite(location.hash.slice(1)); });
    cite(location.hash.slice(1));
  }

  function select(el) {
    var r = document.createRange();
    r.selectNodeContents(el);
    var s = window.getSelection();
    s.removeAllRanges();
    s.addRange(r);
  }

  // Wrap every occurrence of the words in <mark>, text nodes only.
  function highlight(root, words) {
    words = words.filter(function (w) { return w.length > 0; })
      .sort(function (a, b) { return b.length - a.length; });
    if (!words.length) return 0;
    var esc = words.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); });
    var re = new RegExp(esc.join('|'), 'gi');
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, null);
    var nodes = [], n, count = 0;
    while ((n = walker.nextNode())) {
      var p = n.parentNode;
      if (p && (p.nodeName === 'SCRIPT' || p.nodeName === 'STYLE' || p.nodeName === 'MARK')) continue;
      nodes.push(n);
    }
    nodes.forEach(function (t) {
      var s = t.nodeValue, last = 0, m, frag = null;
      re.lastIndex = 0;
      while ((m = re.exec(s)) !== null) {
        if (!frag) frag = document.createDocumentFragment();
        frag.appendChild(document.createTextNode(s.slice(last, m.index)));
        var mk = document.createElement('mark');
        mk.textContent = m[0];
        frag.appendChild(mk);
        last = m.index + m[0].length;
        count++;
      }
      if (frag) {
        frag.appendChild(document.createTextNode(s.slice(last)));
        t.parentNode.replaceChild(frag, t);
      }
    });
    return count;
  }

  function hl() {
    var params = new URLSearchParams(location.search);
    var words = params.getAll('hl');
    if (!words.length) return;
    var root = document.querySelector('main article') || document.querySelector('main');
    if (!root) return;
    highlight(root, words);
    var t = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    var first = (t && t.querySelector('mark')) || t || root.querySelector('mark');
    if (first) first.scrollIntoView({ block: 'center' });
  }

  function slashKey() {
    document.addEventListener('keydown', function (ev) {
      if (ev.key !== '/' || ev.ctrlKey || ev.metaKey || ev.altKey || ev.defaultPrevented) return;
      var t = ev.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.nodeName))) return;
      var box = document.getElementById('q') || document.getElementById('home-q') ||
        document.getElementById('site-q');
      if (!box) return;
      ev.preventDefault();
      box.focus();
      box.select();
    });
  }

  window.fiveoutHighlight = highlight;
  slashKey();
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', function () { copyButtons(); sentences(); sortable(); printedAddress(); hl(); });
  } else {
    copyButtons(); sentences(); sortable(); printedAddress(); hl();
  }
})();
