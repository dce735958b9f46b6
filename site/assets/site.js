// fiveout site.js: page enhancements that degrade to plain HTML.
// - "copy citation" buttons (hidden without JS);
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
      b.addEventListener('click', function () {
        var text = src.textContent + ' ' + location.href.replace(/[?#].*$/, '');
        var done = function () { b.textContent = '已复制'; setTimeout(function () { b.textContent = '复制引用'; }, 2000); };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text).then(done, function () { select(src); });
        } else {
          select(src);
        }
      });
    });
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
    document.addEventListener('DOMContentLoaded', function () { copyButtons(); hl(); });
  } else {
    copyButtons(); hl();
  }
})();
