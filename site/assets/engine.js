// fiveout engine.js -- the site's search engine is C: indexer/wasm/engine.c,
// the same parse, analysis, ranking and snippets as fiveout-search,
// compiled to WebAssembly (search/engine.js).  This script only moves
// bytes: it loads the files the engine asks for, hands them over and
// returns the engine's JSON.  Each file is a script calling
// fiveoutData(), so the search works from disk too, where browsers
// refuse fetch(); served over HTTP, the same files are fetched.
//
//   fiveoutEngine(baseURL) -> Promise<engine>
//   engine.search(query, {offset, limit, kind, section}) -> Promise<result>
//     result: what `fiveout-search --json` prints, plus "facets";
//     a query the language rejects: an Error with name 'QueryError',
//     .status ('EINVAL' | 'ETOOBIG' | 'EPARSE') and the engine's message.
(function (root) {
  'use strict';

  var waiting = {};  // file name -> [resolve, reject]
  var loaded = {};   // file name -> Uint8Array

  function b64bytes(s) {
    if (typeof Buffer === 'function') return new Uint8Array(Buffer.from(s, 'base64'));
    var bin = atob(s), u = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) u[i] = bin.charCodeAt(i);
    return u;
  }

  // Called by every data script: fiveoutData(name, text[, base64]).
  root.fiveoutData = function (name, payload, b64) {
    loaded[name] = b64 ? b64bytes(payload) : new TextEncoder().encode(payload);
    var w = waiting[name];
    delete waiting[name];
    if (w) w[0](loaded[name]);
  };

  // Load 'name' (e.g. "s/3") from 'base' once: a <script> in a page,
  // 'loadFile' (tests under node) elsewhere.
  function load(base, name, loadFile) {
    if (loaded[name]) return Promise.resolve(loaded[name]);
    if (waiting[name]) return waiting[name].p;
    var w = [], p = new Promise(function (res, rej) { w[0] = res; w[1] = rej; });
    w.p = p;
    waiting[name] = w;
    if (loadFile) {
      try {
        loadFile(name + '.js');
      } catch (e) {
        delete waiting[name];
        return Promise.reject(e);
      }
    } else if (/^https?:/.test(base) && typeof fetch === 'function') {
      // served: fetch is cheaper than a script element per file; the
      // script's one string literal is JSON (indexer/util/json.c escapes it)
      fetch(base + name + '.js').then(function (r) {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.text();
      }).then(function (t) {
        var a = t.indexOf('","'), b = t.lastIndexOf('"');
        if (t.slice(0, 13) !== 'fiveoutData("' || a < 0 || b <= a + 2) throw new Error('not a data script');
        root.fiveoutData(JSON.parse(t.slice(12, a + 1)), JSON.parse(t.slice(a + 2, b + 1)),
          t.slice(b + 1, b + 3) === ',1');
      }).catch(function (e) {
        delete waiting[name];
        w[1](new Error('search index file ' + name + ' did not load: ' + e.message));
      });
    } else {
      var s = document.createElement('script');
      s.src = base + name + '.js';
      s.async = true;
      s.onerror = function () {
        delete waiting[name];
        w[1](new Error('search index file ' + name + ' did not load'));
      };
      s.onload = function () { s.remove(); };
      document.head.appendChild(s);
    }
    return p;
  }

  function QueryError(status, message) {
    var e = new Error(message);
    e.name = status === 'EINVAL' || status === 'ETOOBIG' || status === 'EPARSE' ?
      'QueryError' : 'SearchError';
    e.status = status;
    return e;
  }

  function Engine(inst, base, loadFile) {
    this.x = inst.exports;
    this.base = base;
    this.loadFile = loadFile;
  }
  // 'bytes' (a Uint8Array, or a string as UTF-8) into the module's
  // memory, NUL-terminated: [pointer, length]; free with x.fo_engine_free.
  Engine.prototype.put = function (bytes) {
    if (typeof bytes === 'string') bytes = new TextEncoder().encode(bytes);
    var p = this.x.fo_engine_alloc(bytes.length);
    var m = new Uint8Array(this.x.memory.buffer);
    m.set(bytes, p);
    m[p + bytes.length] = 0;
    return [p, bytes.length];
  };
  Engine.prototype.text = function (p) {
    if (!p) return null;
    var m = new Uint8Array(this.x.memory.buffer), e = p;
    while (m[e]) e++;
    return new TextDecoder().decode(m.subarray(p, e));
  };
  Engine.prototype.call = function (fn, strs, nums) {
    var self = this, args = [], held = [];
    strs.forEach(function (s) {
      var a = self.put(s);
      held.push(a[0]);
      args.push(a[0], a[1]);
    });
    var r = this.text(this.x[fn].apply(null, args.concat(nums || [])));
    held.forEach(function (p) { self.x.fo_engine_free(p); });
    return r;
  };
  Engine.prototype.search = function (query, o) {
    var self = this, rounds = 0;
    o = o || {};
    function round() {
      var q = self.put(query), k = self.put(o.kind || ''), out;
      out = self.text(self.x.fo_engine_search(q[0], o.offset || 0, o.limit || 10,
        k[0], o.section || 0));
      self.x.fo_engine_free(q[0]);
      self.x.fo_engine_free(k[0]);
      var r = JSON.parse(out);
      if (r.error) throw QueryError(r.error.status, r.error.message);
      if (!r.need) return r;
      if (++rounds > 100) throw new Error('search index: still incomplete after 100 rounds');
      return Promise.all(r.need.map(function (n) {
        return load(self.base, n, self.loadFile).then(function (bytes) {
          var f = self.put(n), b = self.put(bytes);
          var err = self.text(self.x.fo_engine_feed(f[0], b[0], b[1]));
          self.x.fo_engine_free(f[0]);
          self.x.fo_engine_free(b[0]);
          if (err) {
            var e = JSON.parse(err).error;
            throw QueryError(e.status, e.message);
          }
        });
      })).then(round);
    }
    return Promise.resolve().then(round);
  };

  // The engine over the site's search/ folder at 'base' (a URL ending
  // in '/'); 'loadFile' only for tests outside a browser.
  root.fiveoutEngine = function (base, loadFile) {
    var wasi = {
      fd_write: function () { return 52; }, fd_seek: function () { return 52; },
      fd_close: function () { return 52; }
    };
    return Promise.all(['engine', 'manifest', 'core'].map(function (n) {
      return load(base, n, loadFile);
    })).then(function (f) {
      return WebAssembly.instantiate(f[0], { wasi_snapshot_preview1: wasi }).then(function (r) {
        var inst = r.instance || r, e = new Engine(inst, base, loadFile);
        inst.exports._initialize();
        var err = e.call('fo_engine_open', [f[1], f[2]]);
        if (err) {
          var x = JSON.parse(err).error;
          throw QueryError(x.status, x.message);
        }
        return e;
      });
    });
  };
})(typeof window !== 'undefined' ? window : globalThis);
