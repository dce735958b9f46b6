// fiveout-serve's preview script (only the preview serves it; the
// published site never has it): reloads the page when the site was
// rebuilt, and shows the lint errors over the page instead of a stale
// page until they are fixed.
(function () {
  'use strict';
  var gen = null, box = null;
  function overlay(errors) {
    if (box) { box.remove(); box = null; }
    if (!errors.length) return;
    box = document.createElement('div');
    box.id = 'fiveout-errors';
    box.setAttribute('role', 'alert');
    box.style.cssText = 'position:fixed;inset:0;z-index:99999;overflow:auto;' +
      'background:#1d1d1f;color:#fff;padding:2em;' +
      'font:15px/1.6 ui-monospace,monospace;white-space:pre-wrap';
    var h = document.createElement('h2');
    h.textContent = '内容有错误，网站没有更新（content has errors; the site was not rebuilt）';
    h.style.cssText = 'color:#ff8a80;font:bold 18px/1.4 sans-serif;margin:0 0 1em';
    box.appendChild(h);
    errors.forEach(function (e) {
      var p = document.createElement('p');
      var where = document.createElement('span');
      where.className = 'where';
      where.textContent = e.file + (e.line ? ':' + e.line + (e.col ? ':' + e.col : '') : '') + ': ';
      where.style.color = '#ffd54f';
      p.appendChild(where);
      p.appendChild(document.createTextNode(e.message));
      p.style.margin = '0 0 .8em';
      box.appendChild(p);
    });
    document.body.appendChild(box);
  }
  var es = new EventSource('/__fiveout/events');
  es.onmessage = function (ev) {
    var s = JSON.parse(ev.data);
    var changed = gen !== null && s.gen !== gen;
    gen = s.gen;
    if (s.errors.length) overlay(s.errors);
    else if (changed) location.reload();
    else overlay([]);
  };
})();
