// fiveout search.js -- the CLI's search, in the browser, without a server.
// Mirrors indexer/query.c (query language, synonyms, stopwords, bigram
// phrase OR word lanes, title boost, loosening) and indexer/search.c
// (kind factors, official-text tiers, any-word fall-back with
// coordination).  Weights are Xapian's own: site/searchidx.c exports each
// term's BM25 weight per document; a tree's score is their sum, times
// SCALE factors (each leaf's own wqf is 1, so no k3 factor), as in Xapian.
// Loaded as a plain script in the page; under node it exports the core.
(function (root) {
  'use strict';

  // ---- fetching ---------------------------------------------------------
  var base = 'index/';  // set by init(): URL of the search/ folder
  var cache = {};

  function fetchJSON(path, readFile) {
    if (cache[path]) return cache[path];
    var p;
    if (readFile) {
      p = Promise.resolve(JSON.parse(readFile(path)));
    } else if (typeof DecompressionStream === 'function') {
      p = fetch(base + path + '.gz').then(function (r) {
        if (!r.ok) throw new Error(path + ': HTTP ' + r.status);
        return new Response(r.body.pipeThrough(new DecompressionStream('gzip'))).json();
      });
    } else {
      p = fetch(base + path).then(function (r) {
        if (!r.ok) throw new Error(path + ': HTTP ' + r.status);
        return r.json();
      });
    }
    cache[path] = p;
    return p;
  }

  // ---- analysis (indexer/analyze.h) --------------------------------------
  // The lexicon comes in shards by first character (st.lexNeed says
  // whether a character's shard is loaded, and notes it if not).
  function Analyzer(manifest, st) {
    this.m = manifest;
    this.st = st;
    this.t2s = {};
    var s = Array.from(manifest.t2s);
    for (var i = 0; i + 1 < s.length; i += 2) this.t2s[s[i]] = s[i + 1];
    this.lex = st.lexw;
    this.logtotal = Math.log(Math.max(manifest.total, 1));
    this.maxlen = manifest.maxlen || 1;
    this.stop = {};
    manifest.stop.forEach(function (w) { this.stop[w] = 1; }, this);
    this.group = {};
    manifest.groups.forEach(function (g) {
      g.forEach(function (w) { this.group[w] = g; }, this);
    }, this);
  }

  // fo_is_han() of seg.c
  function isHan(c) {
    var cp = c.codePointAt(0);
    if (cp >= 0x4e00 && cp <= 0x9fff) return true;
    if (cp < 0x2e80) return false;
    return (cp >= 0x3400 && cp <= 0x4dbf) || cp === 0x3007 || (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0x20000 && cp <= 0x3134f) || /\p{Ideographic}/u.test(c);
  }
  // is_alnum() of seg.c: ASCII letters and digits, else ICU's u_isalnum
  // (letters, decimal digits) or a combining mark, not Han
  function isAlnum(c) {
    if (c.codePointAt(0) < 0x80) return /^[0-9a-zA-Z]$/.test(c);
    return !isHan(c) && /^[\p{L}\p{Nd}\p{M}]$/u.test(c);
  }
  function isDigit(c) { return c >= '0' && c <= '9'; }
  // Han number units that join the digits before them: 10万, 1000亿
  function isNumUnit(c) { return c === '万' || c === '亿' || c === '千' || c === '百'; }
  function isBreakSpace(c) { return /^[\n\r\v\f\u2028\u2029\u0085]$/.test(c); }
  function isWhite(c) { return /^[\s\u0085]$/u.test(c) || c.codePointAt(0) < 0x20; }

  // NFKC + lower case + Traditional -> Simplified, per character.
  Analyzer.prototype.fold = function (s) {
    var out = '';
    Array.from(s.normalize('NFKC').toLowerCase()).forEach(function (c) {
      out += this.t2s[c] || c;
    }, this);
    return out;
  };

  // Max-probability segmentation of a Han run over the exported lexicon
  // (DAG of lexicon words, route[i] = best log-probability of run[i..]).
  Analyzer.prototype.segment = function (cs) {
    var n = cs.length, route = new Array(n + 1), next = new Array(n);
    route[n] = 0;
    for (var i = n - 1; i >= 0; i--) {
      var best = -Infinity, bj = i + 1, w = '';
      this.st.lexNeed(cs[i]);
      for (var j = i; j < n && j - i < this.maxlen; j++) {
        w += cs[j];
        var f = this.lex[w];
        if (f === undefined && j > i) continue;
        var lp = Math.log(f || 1) - this.logtotal + route[j + 1];
        if (lp > best || (lp === best && j + 1 > bj)) { best = lp; bj = j + 1; }
      }
      route[i] = best;
      next[i] = bj;
    }
    var words = [];
    for (i = 0; i < n; i = next[i]) words.push(cs.slice(i, next[i]).join(''));
    return words;
  };

  // Words and Han bigrams of a folded string, as fo_analyze() makes them
  // (FO_AN_WORDS | FO_AN_GRAMS): the words are fo_segment()'s spans
  // (Han runs cut over the exported lexicon; a run of letters and digits,
  // with a decimal point, a trailing % or ‰, or Han number units after
  // digits: 3.5, 90%, 8万亿), a position gap only after punctuation or a
  // line break; the grams are every Han run's bigrams (a lone character's
  // unigram), a position gap between runs.
  Analyzer.prototype.analyze = function (folded) {
    var cs = Array.from(folded), toks = [], spans = [], i = 0, j, brk = false, pos, first;
    var push = function (s, e, kind) { spans.push({ s: s, e: e, kind: kind, brk: brk }); brk = false; };
    while (i < cs.length) {
      var c = cs[i];
      if (isHan(c)) {
        for (j = i; j < cs.length && isHan(cs[j]); j++);
        var at = i;
        this.segment(cs.slice(i, j)).forEach(function (w) {
          var n = Array.from(w).length;
          push(at, at + n, 'han');
          at += n;
        });
        i = j;
        continue;
      }
      if (isAlnum(c)) {
        var last = c;
        for (j = i + 1; j < cs.length;) {
          if (isAlnum(cs[j])) { last = cs[j++]; continue; }
          // 3.5: a point between digits
          if (cs[j] === '.' && isDigit(last) && j + 1 < cs.length && isDigit(cs[j + 1])) { last = '.'; j++; continue; }
          break;
        }
        if (isDigit(last) && j < cs.length) {
          if (cs[j] === '%' || cs[j] === '\u2030') j++;
          else if (isNumUnit(cs[j])) while (j < cs.length && isNumUnit(cs[j])) j++;  // 10万, 10万亿
        }
        push(i, j, 'alnum');
        i = j;
        continue;
      }
      if (isWhite(c)) {
        if (isBreakSpace(c)) brk = true;
        i++;
        continue;
      }
      // punctuation or symbol: a run of the same mark is one span
      for (j = i + 1; j < cs.length && cs[j] === c; j++);
      brk = true;
      push(i, j, 'punct');
      brk = true;
      i = j;
    }
    pos = 0; first = true;
    spans.forEach(function (sp) {
      if (sp.kind === 'punct') return;
      if (!first && sp.brk) pos++;
      toks.push({ kind: 'word', term: cs.slice(sp.s, sp.e).join(''), han: sp.kind === 'han', pos: pos++ });
      first = false;
    });
    pos = 0; first = true;
    for (i = 0; i < cs.length; i++) {
      if (!isHan(cs[i])) continue;
      if (!first) pos++;
      first = false;
      for (j = i; j < cs.length && isHan(cs[j]); j++);
      if (j - i === 1) toks.push({ kind: 'gram', term: cs[i], pos: pos++ });
      for (var k = i; k + 1 < j; k++) toks.push({ kind: 'gram', term: cs[k] + cs[k + 1], pos: pos++ });
      i = j - 1;
    }
    return toks;
  };

  // ---- query language (indexer/query.h, a port of query.c) -----------------
  // Same structure and names as query.c's lexer and recursive-descent
  // parser, so a change to one is easy to mirror in the other.  A parsed
  // query (struct fo_qast) is {kind: 'word'|'phrase'|'and'|'or'|'filter',
  // mod: 'plain'|'require'|'exclude', text, field, soft, kids}.
  // parse() throws a QueryError (.status 'EINVAL', 'ETOOBIG' or 'EPARSE',
  // .message query.c's own) where fo_query_parse() fails.
  var FO_QUERY_MAX_BYTES = 1024, FO_QUERY_MAX_WORDS = 64;
  var FO_NSECTIONS = 7, FO_NCLAUSES = 24;

  function QueryError(status, message) {
    var e = new Error(message);
    e.name = 'QueryError';
    e.status = status;
    return e;
  }

  // C printf("%s", a) into one "%s" of fmt
  function fmt1(f, a) { return f.replace('%s', a); }

  // UTF-8 length of a JS string as the CLI gets it; -1 at a lone
  // surrogate (not encodable: utf8_ok fails), with its byte offset.
  function utf8Len(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length &&
          s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) { n += 4; i++; }
      else if (c >= 0xd800 && c <= 0xdfff) return { n: -1, bad: n };
      else n += 3;
    }
    return { n: n, bad: 0 };
  }

  // ---- lexing ----
  // token kinds T_WORD T_PHRASE T_FILTER T_AND T_OR T_NOT T_LP T_RP T_END
  function isSpace(c) {
    return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' ||
      c === '\v' || c === '\u3000';
  }
  // Opening quote: '"' or U+201C; closing: '"' or U+201D.
  function openQuote(c) { return c === '"' || c === '\u201c'; }
  function closeQuote(c) { return c === '"' || c === '\u201d'; }

  function lexPush(lx, kind, mod, text, field) {
    lx.v.push({ kind: kind, mod: mod, text: text, field: field });
  }

  function lexFail(lx, st, f, a) {
    if (lx.err !== null) return;
    lx.err = fmt1(f, a);
    lx.st = st;
  }

  function allDigits(s) { return /^[0-9]+$/.test(s); }

  // Check a filter; returns the normalised value (kind: lower case,
  // term -> glossary; section/clause: the number) or null after lexFail.
  function checkFilter(lx, field, val) {
    var kinds = ['clause', 'section', 'annotation', 'glossary', 'preamble'];
    if (val === '') {
      lexFail(lx, 'EPARSE', "filter '%s:' needs a value, e.g. " +
        'kind:clause, section:2, clause:4, tag:跨境电商', field);
      return null;
    }
    if (field === 'kind') {
      val = val.replace(/[A-Z]/g, function (c) { return c.toLowerCase(); });
      if (val === 'term') val = 'glossary';
      if (kinds.indexOf(val) >= 0) return val;
      lexFail(lx, 'EPARSE', "unknown kind '%s': use kind:clause, " +
        'kind:section, kind:annotation, kind:glossary or kind:preamble', val);
      return null;
    }
    if (field === 'section' || field === 'clause') {
      var sec = field === 'section';
      var n = allDigits(val) && utf8Len(val).n < 4 ? parseInt(val, 10) : -1;
      if (n < 1 || n > (sec ? FO_NSECTIONS : FO_NCLAUSES)) {
        lexFail(lx, 'EPARSE', sec ?
          "no section '%s': sections are numbered 1 to 7 (section:2)" :
          "no clause '%s': clauses are numbered 1 to 24 (clause:4)", val);
        return null;
      }
      return String(n);
    }
    return val;  // tag: anything
  }

  function knownField(s) {
    var fields = ['kind', 'section', 'clause', 'tag'], l = s.toLowerCase();
    for (var i = 0; i < fields.length; i++) if (fields[i] === l) return fields[i];
    return null;
  }

  // Every character the C lexer compares is one UTF-16 unit, so indices
  // into the JS string step as query.c's byte pointer does.
  function lex(lx, q) {
    var p = 0, s, n, words = 0;
    var at = function (i) { return i < q.length ? q[i] : '\0'; };
    for (;;) {
      var mod = 'plain';
      while (p < q.length && isSpace(q[p])) p++;
      if (p >= q.length) break;
      if (q[p] === '(') { lexPush(lx, 'lp', 'plain', null, null); p++; continue; }
      if (q[p] === ')') { lexPush(lx, 'rp', 'plain', null, null); p++; continue; }
      if ((q[p] === '+' || q[p] === '-') && at(p + 1) !== '\0' &&
          !isSpace(at(p + 1)) && at(p + 1) !== ')' && at(p + 1) !== '+' &&
          at(p + 1) !== '-') {
        mod = q[p] === '+' ? 'require' : 'exclude';
        p++;
        if (q[p] === '(') { lexPush(lx, 'lp', mod, null, null); p++; continue; }
      }
      if (openQuote(q[p])) {
        p++;
        for (s = p; p < q.length && !closeQuote(q[p]); p++);
        if (p > s) {
          lexPush(lx, 'phrase', mod, q.slice(s, p), null);
          words++;
        }
        if (p < q.length) p++;
        continue;
      }
      for (s = p; p < q.length && !isSpace(q[p]) && q[p] !== '(' &&
          q[p] !== ')' && !openQuote(q[p]); p++);
      var w = q.slice(s, p);
      if (mod === 'plain' && w === 'OR') { lexPush(lx, 'or', mod, null, null); continue; }
      if (mod === 'plain' && w === 'AND') { lexPush(lx, 'and', mod, null, null); continue; }
      if (mod === 'plain' && w === 'NOT') { lexPush(lx, 'not', mod, null, null); continue; }
      words++;
      var colon = w.indexOf(':'), field, val;
      if (colon <= 0 || !/^[a-zA-Z]+$/.test(w.slice(0, colon))) {
        lexPush(lx, 'word', mod, w, null);
        continue;
      }
      field = knownField(w.slice(0, colon));
      if (field === null) {
        lexFail(lx, 'EPARSE', "unknown filter '%s': filters are kind:, " +
          'section:, clause: and tag: (put text in quotes to search for it)',
          w.slice(0, colon + 1));
        return;
      }
      if (colon + 1 === w.length && p < q.length && openQuote(q[p])) {
        // tag:"…"
        p++;
        for (s = p; p < q.length && !closeQuote(q[p]); p++);
        val = q.slice(s, p);
        if (p < q.length) p++;
      } else val = w.slice(colon + 1);
      if ((val = checkFilter(lx, field, val)) === null) return;
      lexPush(lx, 'filter', mod, val, field);
    }
    if (words > FO_QUERY_MAX_WORDS) {
      lexFail(lx, 'ETOOBIG', 'query has %s words; the limit is 64: ' +
        'shorten it', String(words));
    }
    lexPush(lx, 'end', 'plain', null, null);
  }

  // ---- parsing ----
  function astNew(kind) { return { kind: kind, mod: 'plain', text: null, field: null, soft: false, kids: [] }; }
  function peek(lx) { return lx.v[lx.i]; }

  function parseUnary(lx) {
    var t = peek(lx), a;
    if (t.kind === 'not') {
      lx.i++;
      t = peek(lx);
      if (t.kind === 'end' || t.kind === 'rp' || t.kind === 'or' || t.kind === 'and') {
        lexFail(lx, 'EPARSE', '%s needs a word after it (跨境电商 NOT 海外仓)', 'NOT');
        return null;
      }
      a = parseUnary(lx);
      if (a !== null) a.mod = 'exclude';
      return a;
    }
    switch (t.kind) {
      case 'lp': {
        var mod = t.mod;
        lx.i++;
        a = parseOr(lx);
        if (peek(lx).kind === 'rp') lx.i++;  // a missing ')' at the end is forgiven
        if (a === null || mod === 'plain') return a;
        if (a.mod !== 'plain') {
          var w = astNew('and');
          w.kids.push(a);
          a = w;
        }
        a.mod = mod;
        return a;
      }
      case 'word': case 'phrase': case 'filter':
        a = astNew(t.kind);
        a.mod = t.mod;
        a.text = t.text;
        a.field = t.field;
        lx.i++;
        return a;
      default:
        return null;
    }
  }

  function parseAnd(lx) {
    var a = astNew('and'), k, t;
    a.soft = true;
    for (;;) {
      t = peek(lx);
      if (t.kind === 'end' || t.kind === 'rp' || t.kind === 'or') break;
      if (t.kind === 'and') {
        lx.i++;
        t = peek(lx);
        if (a.kids.length === 0 || t.kind === 'end' || t.kind === 'rp' ||
            t.kind === 'or' || t.kind === 'and') {
          lexFail(lx, 'EPARSE', '%s needs a word on each side (跨境电商 AND 海外仓)', 'AND');
          break;
        }
        a.soft = false;
        continue;
      }
      k = parseUnary(lx);
      if (lx.err !== null) break;
      if (k !== null) a.kids.push(k);
    }
    if (lx.err !== null || a.kids.length === 0) return null;
    if (a.kids.length === 1) return a.kids[0];
    return a;
  }

  function parseOr(lx) {
    var a = null, k;
    for (;;) {
      k = parseAnd(lx);
      if (lx.err !== null) break;
      if (k === null && peek(lx).kind === 'or') {
        lexFail(lx, 'EPARSE', '%s needs a word on each side (跨境电商 OR 海外仓)', 'OR');
        break;
      }
      if (k !== null) {
        if (a === null) {
          a = k;
        } else {
          if (a.kind !== 'or' || a.mod !== 'plain' || a.kids.length === 0) {
            var o = astNew('or');
            o.kids.push(a);
            a = o;
          }
          a.kids.push(k);
        }
      }
      if (peek(lx).kind !== 'or') break;
      lx.i++;
      if (k === null || peek(lx).kind === 'end' || peek(lx).kind === 'rp') {
        lexFail(lx, 'EPARSE', '%s needs a word on each side (跨境电商 OR 海外仓)', 'OR');
        break;
      }
    }
    if (lx.err !== null) return null;
    return a;
  }

  // fo_query_parse(): the tree, or throws a QueryError.
  function parse(query) {
    var lx = { v: [], i: 0, err: null, st: 'OK' }, a, len;
    if (typeof query !== 'string') throw QueryError('EINVAL', 'no query given');
    if (query.indexOf('\0') >= 0) query = query.slice(0, query.indexOf('\0'));  // a C string ends there
    len = utf8Len(query);
    if (len.n < 0) {
      throw QueryError('EINVAL', 'query is not valid UTF-8 (bad byte at offset ' +
        len.bad + "): check the terminal's encoding");
    }
    if (len.n > FO_QUERY_MAX_BYTES) {
      throw QueryError('ETOOBIG', 'query is ' + len.n + ' bytes; the limit is ' +
        FO_QUERY_MAX_BYTES + ': shorten it');
    }
    lex(lx, query);
    a = null;
    if (lx.err === null) {
      a = parseOr(lx);
      if (lx.err === null && peek(lx).kind === 'rp') {
        lexFail(lx, 'EPARSE', "unmatched '%s': remove it or add the '(' it closes", ')');
      }
    }
    if (lx.err !== null) throw QueryError(lx.st, lx.err);
    if (a === null) {
      throw QueryError('EINVAL', 'empty query: give a word to search for, ' +
        'e.g. fiveout-search 跨境电商');
    }
    return a;
  }

  // fo_qast_describe(): AND~(跨境电商 海外仓)  OR(a b)  -x  +"phrase"  kind:clause
  function describeAst(a) {
    if (!a) return '';
    var s = a.mod === 'require' ? '+' : a.mod === 'exclude' ? '-' : '';
    if (a.kind === 'word') return s + a.text;
    if (a.kind === 'phrase') return s + '"' + a.text + '"';
    if (a.kind === 'filter') return s + a.field + ':' + a.text;
    s += a.kind === 'or' ? 'OR(' : a.soft ? 'AND~(' : 'AND(';
    return s + a.kids.map(describeAst).join(' ') + ')';
  }

  // ---- pinyin (query.c fo_query_pinyin) ----
  // Is 's' made of ASCII letters (and apostrophes: xi'an)?
  function pinyinWord(s) { return /^[a-zA-Z']*$/.test(s) && /[a-zA-Z]/.test(s); }
  function pinyinLetters(s) { return s.replace(/'/g, '').toLowerCase(); }
  function isPlainWord(a) { return a.kind === 'word' && a.mod === 'plain' && pinyinWord(a.text); }
  function wordIsTerm(w, isTerm) { return isTerm ? isTerm(pinyinLetters(w)) : false; }
  function interpAdd(interp, from, to) { interp.push(from + ' → ' + to); }

  function pinyinEach(a, pinyin, isTerm, interp) {
    var done = false, w;
    if (a.kind === 'and' || a.kind === 'or') {
      a.kids.forEach(function (k) { if (pinyinEach(k, pinyin, isTerm, interp)) done = true; });
      return done;
    }
    if (a.kind !== 'word' || !pinyinWord(a.text) || wordIsTerm(a.text, isTerm)) return false;
    if ((w = lookup(pinyin, pinyinLetters(a.text))) !== null) {
      interpAdd(interp, a.text, w);
      a.text = w;
      done = true;
    }
    return done;
  }

  function lookup(map, key) { return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : null; }

  // Rewrite plain ASCII words that spell a vocabulary word's pinyin
  // ('pinyin': letters -> word, the manifest's); 'isTerm' says a word is
  // in the index.  Returns the interpretation ("kuajing dianshang →
  // 跨境电商"; "; " between several) or null.  May replace 'a's fields
  // (collapsing AND~(x) into x), as query.c does.
  function queryPinyin(a, pinyin, isTerm) {
    var key = '', from = [], nplain = 0, nterms = 0, first = 0, i, w, interp = [];
    if (!a || !pinyin) return null;
    if (isPlainWord(a)) {
      nplain = 1;
      key = pinyinLetters(a.text);
      from.push(a.text);
      nterms = wordIsTerm(a.text, isTerm) ? 1 : 0;
    } else if (a.kind === 'and' && a.soft && a.mod === 'plain') {
      for (i = 0; i < a.kids.length; i++) {
        if (a.kids[i].kind === 'filter') continue;
        if (!isPlainWord(a.kids[i])) break;
        if (nplain++ === 0) first = i;
        key += pinyinLetters(a.kids[i].text);
        from.push(a.kids[i].text);
        if (wordIsTerm(a.kids[i].text, isTerm)) nterms++;
      }
      if (i < a.kids.length) nplain = 0;
    }
    if (nplain > 0 && nterms < nplain && (w = lookup(pinyin, key)) !== null) {
      interpAdd(interp, from.join(' '), w);
      if (a.kind === 'word') {
        a.text = w;
      } else {
        a.kids[first].text = w;
        a.kids = a.kids.filter(function (k, j) { return j === first || k.kind !== 'word'; });
        if (a.kids.length === 1) {
          // collapse AND~(x) into x
          var k = a.kids[0];
          Object.keys(a).forEach(function (f) { delete a[f]; });
          Object.assign(a, k);
        }
      }
      return interp.join('; ');
    }
    pinyinEach(a, pinyin, isTerm, interp);
    return interp.length ? interp.join('; ') : null;
  }

  // ---- compiling (indexer/query.c) ----------------------------------------
  var W_WORDS = 1.0, W_GRAMS = 2.0, W_TITLE = 1.5;

  function T(term) { return { op: 'term', term: term }; }
  function mk(op, kids) {
    kids = kids.filter(Boolean);
    if (!kids.length) return null;
    if (kids.length === 1 && op !== 'phrase') return kids[0];
    return { op: op, kids: kids };
  }
  function two(op, a, b) { return !a ? b : !b ? a : { op: op, kids: [a, b] }; }
  function scale(q, s) { return q && s !== 1 ? { op: 'scale', scale: s, kids: [q] } : q; }

  // struct cctx; 'st' becomes 'EINVAL' as in query.c
  // 'has' (may be null: never) is cctx's callback: does a tree match
  // some page?  'scatter' is set while a word compiles scattered.
  function Compiler(an, loose, has) {
    this.an = an; this.loose = loose; this.neg = 0; this.st = 'OK';
    this.needles = []; this.loosenable = false; this.also = [];
    this.has = has || null; this.scatter = false; this.looseWords = [];
  }

  Compiler.prototype.spelling = function (s, phrase) {
    var an = this.an, tk = an.analyze(s), self = this;
    var allStop = tk.every(function (t) { return t.kind !== 'word' || an.stop[t.term]; });
    var words = [], titles = [], runs = [], latin = [], cur = [], single = [];
    var nmulti = 0, lastpos = -2;
    tk.forEach(function (t) {
      if (t.kind === 'gram') {
        if (cur.length && t.pos !== lastpos + 1) { runs.push(mk('phrase', cur)); cur = []; }
        cur.push(T('B' + t.term));
        lastpos = t.pos;
        return;
      }
      if (!phrase && !allStop && an.stop[t.term]) return;
      var n1 = Array.from(t.term).length;
      if (!t.han || n1 > 1) nmulti++;
      single[words.length] = t.han && n1 === 1;
      var w = T(t.term);
      // a one-character word: any bigram starting with it, only where
      // words decide the match (scattered), as query.c
      if (t.han && n1 === 1 && !phrase && self.scatter) w = two('or', w, { op: 'wildcard', term: 'B' + t.term });
      words.push(w);
      titles.push(T('S' + t.term));
      if (!t.han) latin.push(T(t.term));
      if (!self.neg && (!t.han || n1 > 1)) self.needles.push(t.term);
    });
    if (cur.length) runs.push(cur.length === 1 ? cur[0] : mk('phrase', cur));
    runs = runs.map(function (r) { return r.op === 'phrase' && r.kids.length === 1 ? r.kids[0] : r; });
    // a lone character (个 of 500个): any gram starting with it
    runs = runs.map(function (r) {
      return r.op === 'term' && Array.from(r.term).length === 2 ? { op: 'wildcard', term: r.term } : r;
    });
    if (!this.neg) this.needles.push(s);
    if (nmulti > 1 && !phrase) this.loosenable = true;
    var gq = mk('and', runs), match, wq;
    // contiguous means the digits and Latin words too: pin each to its
    // neighbours in the word lane (query.c pin_words)
    if (gq) {
      var pins = [], prev = null;
      tk.forEach(function (t) {
        if (t.kind !== 'word') return;
        if (prev && t.pos === prev.pos + 1 && (!t.han || !prev.han)) pins.push(mk('phrase', [T(prev.term), T(t.term)]));
        prev = t;
      });
      pins = mk('and', pins);  // one node, added as one kid, as in query.c
      if (pins) gq = gq.op === 'and' ? { op: 'and', kids: gq.kids.concat([pins]) } : two('and', gq, pins);
    }
    if (phrase) {
      var lq = latin.length > 1 ? mk('phrase', latin) : mk('and', latin);
      match = two('and', gq, lq);
      wq = mk('and', words);
      if (!match) match = wq;
      else if (wq) match = two('and_maybe', match, wq);
    } else {
      if (this.loose && nmulti > 1) wq = mk('or', words.filter(function (w, i) { return !single[i]; }));
      else wq = mk('and', words);
      // contiguous only, the words boost (query.c); scattered: see run()
      match = this.scatter || !gq ? two('or', scale(wq, W_WORDS), scale(gq, W_GRAMS)) :
        two('and_maybe', scale(gq, W_GRAMS), scale(wq, W_WORDS));
    }
    return two('and_maybe', match, scale(mk('or', titles), W_TITLE));
  };

  // query.c compile_word(): a word matches where it occurs contiguously;
  // if it occurs nowhere so (this.has says), where its segments all
  // occur, and looseWords says so.
  Compiler.prototype.word = function (text, phrase) {
    var q = this.word1(text, phrase), loose;
    if (!q || phrase || !this.has || this.neg || this.scatter || this.has(q)) return q;
    this.scatter = true;
    loose = this.word1(text, phrase);
    this.scatter = false;
    if (!loose || !this.has(loose)) return q;  // nothing either way
    var f = this.an.fold(text);
    if (this.looseWords.indexOf(f) < 0) this.looseWords.push(f);
    return loose;
  };

  Compiler.prototype.word1 = function (text, phrase) {
    if (phrase) text = text.replace(/ +/g, function (sp, off, str) {
      var a = str.charCodeAt(off - 1), b = str.charCodeAt(off + sp.length);
      return (a >= 0x80 || b >= 0x80) ? '' : sp;
    });
    var f = this.an.fold(text), grp = phrase ? null : this.an.group[f];
    if (!grp) return this.spelling(f, phrase);
    var self = this;
    return mk('or', grp.map(function (g) {
      if (g !== f && !self.neg && self.also.indexOf(g) < 0) self.also.push(g);
      return self.spelling(g, false);
    }));
  };

  Compiler.prototype.filter = function (a) {
    var p = { kind: 'K', section: 'G', clause: 'C', tag: 'T' }[a.field];
    return T(p + (a.field === 'tag' ? this.an.fold(a.text) : a.text));
  };

  Compiler.prototype.isStop = function (a) {
    return a.kind === 'word' && a.mod !== 'require' && !!this.an.stop[this.an.fold(a.text)];
  };

  Compiler.prototype.node = function (a) {
    if (a.kind === 'word') return this.word(a.text, false);
    if (a.kind === 'phrase') return this.word(a.text, true);
    if (a.kind === 'filter') return this.filter(a);
    if (a.kind === 'and') return this.list(a.kids, a.soft);
    var self = this;
    return mk('or', a.kids.map(function (k) {
      if (k.kind === 'filter' && !self.neg) return null;  // hoisted
      return k.mod === 'exclude' || k.kind === 'filter' ? self.list([k], true) : self.node(k);
    }));
  };

  // Filters apply to the whole query, as Xapian's boolean prefixes do
  // (query.c hoist_filters): every one not inside an exclusion.
  Compiler.prototype.hoist = function (a, f) {
    if (a.kind === 'filter') {
      var q = this.filter(a);
      if (a.mod === 'exclude') f.neg.push(q);
      else f.ff[a.field] = two('or', f.ff[a.field], q);
      return;
    }
    if (a.mod === 'exclude') return;
    (a.kids || []).forEach(function (k) { this.hoist(k, f); }, this);
  };

  Compiler.prototype.list = function (kids, soft) {
    var self = this, pos = [], req = [], neg = [], fneg = [], ff = {}, nplain = 0, nstop = 0, nhoist = 0;
    kids.forEach(function (a) {
      if (a.kind !== 'filter' && a.mod !== 'exclude') { nplain++; if (self.isStop(a)) nstop++; }
    });
    kids.forEach(function (a) {
      var q;
      if (a.kind === 'filter') {
        if (!self.neg) { nhoist++; return; }  // applied by compile()
        q = self.filter(a);
        if (a.mod === 'exclude') fneg.push(q);
        else ff[a.field] = two('or', ff[a.field], q);
        return;
      }
      if (a.mod === 'exclude') { self.neg++; q = self.node(a); self.neg--; if (q) neg.push(q); return; }
      if (nstop < nplain && self.isStop(a)) return;
      q = self.node(a);
      if (!q) return;
      (a.mod === 'require' ? req : pos).push(q);
    });
    if (nplain > 0 && pos.length + req.length === 0 && neg.length === 0 && this.st === 'OK') {
      this.st = 'EINVAL';  // only punctuation or symbols
    }
    if (soft && pos.length >= 1 && pos.length + req.length >= 2) this.loosenable = true;
    var b;
    if (soft && this.loose) b = two('and_maybe', mk('and', req), mk('or', pos));
    else b = mk('and', pos.concat(req));
    if (!b && !neg.length && nhoist) return null;  // only filters
    if (!b) b = { op: 'all' };
    if (neg.length) b = { op: 'and_not', kids: [b].concat(neg) };
    var fs = ['kind', 'section', 'clause', 'tag'].map(function (k) { return ff[k]; }).filter(Boolean);
    if (fs.length) b = two('filter', b, mk('and', fs));
    if (fneg.length) b = { op: 'and_not', kids: [b].concat(fneg) };
    return b;
  };

  // 'q' (null: every page) restricted by the hoisted filters 'f'
  // (query.c apply_filters).
  function applyFilters(q, f) {
    var fs = ['kind', 'section', 'clause', 'tag'].map(function (k) { return f.ff[k]; }).filter(Boolean);
    if (!fs.length && !f.neg.length) return q;
    if (!q) q = { op: 'all' };
    if (fs.length) q = two('filter', q, mk('and', fs));
    if (f.neg.length) q = { op: 'and_not', kids: [q].concat(f.neg) };
    return q;
  }

  // fo_query_compile(): {q, c, st}; st 'EINVAL' (q null) when the query
  // has nothing to search for (only punctuation or symbols).
  // 'has' as fo_query_compile_checked()'s (optional).
  function compile(ast, an, loose, has) {
    var c = new Compiler(an, loose, has), f = { ff: {}, neg: [] }, q;
    c.hoist(ast, f);
    if (ast.kind === 'and') q = c.node(ast);
    else q = c.list([ast], true);
    q = applyFilters(q, f);
    if (c.st === 'OK' && !q) c.st = 'EINVAL';
    if (c.st !== 'OK') q = null;
    return { q: q, c: c, st: c.st };
  }

  function describe(q) {
    if (!q) return '';
    if (q.op === 'term') return q.term;
    if (q.op === 'wildcard') return q.term + '*';
    if (q.op === 'all') return 'ALL';
    if (q.op === 'scale') return q.scale + '*(' + describe(q.kids[0]) + ')';
    return q.op.toUpperCase() + '(' + q.kids.map(describe).join(', ') + ')';
  }

  // ---- the index ------------------------------------------------------------
  // site/searchidx.c's layout: the manifest, then only what a query
  // needs: lexicon shards l/K.json (words by first character), postings
  // shards s/K.json (terms by fnv32 % m.shards) and one file d/D.json per
  // document (its text: phrase checks and snippets).  A query runs in
  // rounds: each runs the whole search over what is loaded, noting what
  // is missing (st.miss); the missing lexicon shards are fetched first,
  // then postings shards, then documents, and the search runs again,
  // until nothing is missing.
  function fnv32(s) {
    var bytes = new TextEncoder().encode(s), h = 2166136261;
    for (var i = 0; i < bytes.length; i++) { h ^= bytes[i]; h = Math.imul(h, 16777619) >>> 0; }
    return h >>> 0;
  }
  // searchidx.c's term_hash(): the term without its prefix letter, so a
  // word's terms share a shard (B<x>* goes by "<x>*")
  function shardOf(term, n) { return fnv32(term.replace(/^[A-Z]/, '')) % n; }
  var KIND = { c: 'clause', s: 'section', g: 'glossary', a: 'annotation', p: 'preamble' };

  function State(m, readFile) {
    this.m = m; this.readFile = readFile;
    this.lexw = Object.create(null); this.lexOK = {};
    this.postT = Object.create(null); this.postOK = {}; this.pcache = Object.create(null);
    this.posT = Object.create(null); this.posOK = {}; this.poscache = Object.create(null);
    this.docs = {}; this.miss = null; this.nmiss = 0;
    var avlen = m.n === 0 ? 0 : m.dtotal / m.n;
    this.lenf = avlen !== 0 ? 1 / avlen : 0;
  }
  function note(st, what, k) {
    if (!st.miss) return;
    st.miss[what][k] = 1;
    st.nmiss++;
  }
  // Is the lexicon shard of character 'c' loaded?
  State.prototype.lexNeed = function (c) {
    var k = fnv32(c) % this.m.lshards;
    if (this.lexOK[k]) return true;
    note(this, 'lex', k);
    return false;
  };
  State.prototype.isWord = function (w) {
    return w !== '' && this.lexNeed(Array.from(w)[0]) && lookup(this.lexw, w) !== null;
  };
  // fo_bm25_init() and fo_bm25_weight(): the same operations
  State.prototype.termweight = function (tf) {
    var N = this.m.n, tw = (N - tf + 0.5) / (tf + 0.5);
    if (tw < 2) tw = tw * 0.5 + 1;
    var t = Math.log(tw) * 1;
    t *= (1 + 1) * 1 / (1 + 1);
    return t * (1 + 1);
  };
  State.prototype.weight = function (tw, wdf, d) {
    var normlen = this.m.dl[d] * this.lenf;
    if (normlen < 0.5) normlen = 0.5;
    return tw * (wdf / (1 * (normlen * 0.5 + (1 - 0.5)) + wdf));
  };
  // A term's postings, document -> weight (a new Map); empty, and
  // noted, if its shard is not loaded.
  State.prototype.post = function (term) {
    var m = this.pcache[term];
    if (m) return new Map(m);
    var k = shardOf(term, this.m.shards), a, i, cur = -1, v, wdf, tf;
    if (!this.postOK[k]) { note(this, 'post', k); return new Map(); }
    m = new Map();
    a = this.postT[term] || [];
    if (term[0] === 'B' && term[term.length - 1] === '*') {
      // wildcard: each document's best expansion (gap, tf, wdf)
      for (i = 0; i + 2 < a.length; i += 3) {
        cur += a[i];
        m.set(cur, this.weight(this.termweight(a[i + 1]), a[i + 2], cur));
      }
    } else {
      var ds = [], ws = [];
      for (i = 0; i < a.length;) {
        v = a[i++];
        if (v < 0) { cur -= v; wdf = a[i++]; } else { cur += v; wdf = 1; }
        ds.push(cur); ws.push(wdf);
      }
      tf = this.termweight(ds.length);
      for (i = 0; i < ds.length; i++) m.set(ds[i], this.weight(tf, ws[i], ds[i]));
    }
    this.pcache[term] = m;
    return new Map(m);
  };
  State.prototype.doc = function (d) {
    var doc = this.docs[d];
    if (!doc) note(this, 'doc', d);
    return doc || null;
  };
  // Where a bigram is in each document's "f": document -> positions, or
  // null (noted) if its shard is not loaded.
  State.prototype.positions = function (term) {
    var m = this.poscache[term];
    if (m) return m;
    var k = shardOf(term, this.m.pshards);
    if (!this.posOK[k]) { note(this, 'pos', k); return null; }
    var a = this.posT[term] || [], i = 0, j, n, p, cur = -1, ps;
    m = new Map();
    while (i + 1 < a.length) {
      // gap, position; or -gap, count, first position, gaps
      if (a[i] < 0) { cur -= a[i++]; n = a[i++]; } else { cur += a[i++]; n = 1; }
      ps = [];
      for (j = 0, p = 0; j < n; j++) { p += a[i++]; ps.push(p); }
      m.set(cur, ps);
    }
    this.poscache[term] = m;
    return m;
  };
  State.prototype.kind = function (d) { return KIND[this.m.dk[d]] || 'annotation'; };

  function checked(st, path) {
    return fetchJSON(path, st.readFile).then(function (x) {
      if (x.fp !== st.m.h) throw new Error('search index file ' + path + ' was built by a different analyzer; rebuild the site');
      return x;
    });
  }
  // Fetch the missing things of one kind ('lex', 'post' or 'doc').
  function load(st, what, keys) {
    return Promise.all(keys.map(function (k) {
      if (what === 'lex') {
        return checked(st, 'l/' + k + '.json').then(function (x) {
          for (var w in x.w) st.lexw[w] = x.w[w];
          st.lexOK[k] = 1;
        });
      }
      if (what === 'post') {
        return checked(st, 's/' + k + '.json').then(function (x) {
          for (var t in x.t) st.postT[t] = x.t[t];
          st.postOK[k] = 1;
        });
      }
      if (what === 'pos') {
        return checked(st, 'p/' + k + '.json').then(function (x) {
          for (var t in x.p) st.posT[t] = x.p[t];
          st.posOK[k] = 1;
        });
      }
      return checked(st, 'd/' + k + '.json').then(function (x) { st.docs[k] = x; });
    }));
  }

  // ---- evaluation: Xapian's matcher over exported weights --------------------
  function Evaluator(st) {
    this.st = st;
  }
  Evaluator.prototype.postings = function (term) { return this.st.post(term); };
  Evaluator.prototype.eval = function (q) {
    var self = this, m, r, i;
    switch (q.op) {
      case 'term': {
        // k3 = 1 over the leaf's own wqf, as xap.cc gives each leaf to
        // Xapian (a term repeated in the tree is not summed): 1 here
        var w = q.wqf || 1, f = 2 * w / (1 + w);
        m = this.postings(q.term);
        m.forEach(function (v, d) { m.set(d, v * f); });
        return m;
      }
      case 'wildcard':  // approximation of Xapian's OP_SYNONYM: best expansion
        return this.postings(q.term + '*');
      case 'all':
        m = new Map();
        for (i = 0; i < this.st.m.n; i++) m.set(i, 0);
        return m;
      case 'scale':
        m = this.eval(q.kids[0]);
        m.forEach(function (v, d) { m.set(d, v * q.scale); });
        return m;
      case 'or':
        m = new Map();
        q.kids.forEach(function (k) {
          self.eval(k).forEach(function (v, d) { m.set(d, (m.get(d) || 0) + v); });
        });
        return m;
      case 'and': case 'phrase': {
        var ks = q.kids.map(function (k) { return self.eval(k); });
        m = new Map();
        ks[0].forEach(function (v, d) {
          var s = v;
          for (var j = 1; j < ks.length; j++) { if (!ks[j].has(d)) return; s += ks[j].get(d); }
          if (q.op === 'phrase' && !self.phraseOK(q, d)) return;
          m.set(d, s);
        });
        return m;
      }
      case 'and_maybe':
        m = this.eval(q.kids[0]);
        q.kids.slice(1).forEach(function (k) {
          self.eval(k).forEach(function (v, d) { if (m.has(d)) m.set(d, m.get(d) + v); });
        });
        return m;
      case 'and_not':
        m = this.eval(q.kids[0]);
        q.kids.slice(1).forEach(function (k) { self.eval(k).forEach(function (v, d) { m.delete(d); }); });
        return m;
      case 'filter':
        m = this.eval(q.kids[0]);
        r = this.eval(q.kids[1]);
        m.forEach(function (v, d) { if (!r.has(d)) m.delete(d); });
        return m;
    }
    return new Map();
  };
  // A phrase of consecutive bigrams is the contiguous text in the folded
  // title/body pieces (runs never span punctuation or pieces).
  // A document not loaded yet passes (it is noted; the round is redone).
  // A phrase of Han bigrams each in more than m.pmin documents can
  // instead be checked with the bigrams' positions in "f" (searchidx.c's
  // gram_positions): the same answer.
  Evaluator.prototype.phraseOK = function (q, d) {
    var st = this.st, doc = st.docs[d], f, s;
    if (!doc && st.m.pshards && gramPhrase(q) && q.kids.every(function (k) { return st.post(k.term).size > st.m.pmin; })) {
      var ps = q.kids.map(function (k) { return st.positions(k.term); });
      if (ps.every(Boolean)) {
        return (ps[0].get(d) || []).some(function (p) {
          return ps.every(function (m, i) { var l = m.get(d); return !!l && l.indexOf(p + i) >= 0; });
        });
      }
    }
    doc = st.doc(d);
    if (!doc) return true;
    f = doc.f;
    if (q.kids[0].term[0] === 'B') {
      s = Array.from(q.kids[0].term.slice(1)).join('');
      for (var i = 1; i < q.kids.length; i++) s += Array.from(q.kids[i].term.slice(1)).pop();
      return f.indexOf(s) >= 0;
    }
    // words: a space between two Latin/digit words, any (or none) next
    // to a Han word (rcep 成员国, 8万亿元)
    var re = '';
    q.kids.forEach(function (k, i) {
      var cs = Array.from(k.term);
      if (i > 0) {
        var a = Array.from(q.kids[i - 1].term).pop();
        re += isHan(a) || isHan(cs[0]) ? ' *' : ' +';
      }
      re += k.term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    });
    return new RegExp(re).test(this.st.an.fold(f));
  };

  // the characters searchidx.c's main_han() lists bigram positions for
  function mainHan(c) {
    var cp = c.codePointAt(0);
    return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || cp === 0x3007 ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3134f);
  }
  // Is 'q' a phrase of bigram terms B<ab> of two such characters?
  function gramPhrase(q) {
    return q.kids.every(function (k) {
      if (k.op !== 'term' || k.term[0] !== 'B') return false;
      var cs = Array.from(k.term.slice(1));
      return cs.length === 2 && mainHan(cs[0]) && mainHan(cs[1]);
    });
  }

  function plainWords(q, out) {
    if (!q) return out;
    if (q.op === 'term' && !/^[A-Z]/.test(q.term) && out.indexOf(q.term) < 0) out.push(q.term);
    if (q.op === 'and_not') return plainWords(q.kids[0], out);
    (q.kids || []).forEach(function (k) { plainWords(k, out); });
    return out;
  }

  // fetch() of search.c: weights, kind factor, coordination, tiers.
  function rank(st, q, coord) {
    var ev = new Evaluator(st), m = ev.eval(q), c = [];
    var qw = coord ? plainWords(q, []) : [];
    var qp = qw.map(function (t) { return st.post(t); });
    m.forEach(function (w, d) {
      var k = st.kind(d), score = w * (st.m.kinds[k] || 1);
      if (coord && qw.length > 1) {
        var have = qp.filter(function (p) { return p.has(d); }).length;
        score *= (1 + have) / (1 + qw.length);
      }
      c.push({ d: d, k: k, doc: null, score: score });
    });
    var official = { clause: 1, section: 1, preamble: 1 }, best = 0;
    c.forEach(function (x) { if (official[x.k] && x.score > best) best = x.score; });
    c.forEach(function (x) { x.tier = official[x.k] && x.score >= st.m.floor * best ? 0 : 1; });
    c.sort(function (a, b) { return a.tier - b.tier || b.score - a.score || a.d - b.d; });
    return c;
  }

  // One round of the whole query over what is loaded: parse, pinyin,
  // compile, rank, fall back (synchronous; st.miss collects what is
  // missing).
  function attempt(st, query) {
    var ast = parse(query);
    var pinyin = queryPinyin(ast, st.m.pinyin, function (w) { return st.isWord(w); });
    // search.c's has_match() (fo_query_compile_checked); true while
    // what it needs is missing, so that a round with missing data does
    // not go on to the scattered form (and fetch its terms) for nothing
    var has = function (q) {
      var n0 = st.nmiss, r = new Evaluator(st).eval(q).size > 0;
      return r || st.nmiss > n0;
    };
    var c1 = compile(ast, st.an, false, has);
    if (c1.st !== 'OK') {
      throw c1.st === 'EINVAL' ?
        QueryError('EINVAL', "nothing to search for in '" + query + "': give words, not only punctuation or symbols") :
        QueryError(c1.st, 'cannot search for this query');
    }
    var res = rank(st, c1.q, false);
    // the any-word fall-back only over complete data (as has())
    if (res.length || !c1.c.loosenable || st.nmiss) {
      return { hits: res, c: c1.c, q: c1.q, fallback: false, loose: c1.c.looseWords, pinyin: pinyin };
    }
    var c2 = compile(ast, st.an, true, has);
    if (c2.st !== 'OK') throw QueryError(c2.st, 'cannot search for this query');
    var r2 = rank(st, c2.q, true);
    return { hits: r2, c: c1.c, q: r2.length ? c2.q : c1.q, fallback: r2.length > 0,
      loose: r2.length ? c2.c.looseWords : c1.c.looseWords, pinyin: pinyin };
  }

  // The whole query, in rounds until nothing it needs is missing; then
  // the first 'show' hits' documents (default 20) are loaded: hit.doc.
  // Phrase checks read the candidates' documents, or the bigrams'
  // positions when more than 'show' documents are missing (or always,
  // with st.preferPositions: tests).
  function run(st, query, show) {
    var rounds = 0;
    if (show === undefined) show = 20;
    try {
      parse(query);  // a query the language rejects needs no data
    } catch (e) {
      return Promise.reject(e);
    }
    function round() {
      var res = null, err = null, miss, what, keys;
      st.miss = { lex: {}, post: {}, doc: {}, pos: {} };
      st.nmiss = 0;
      try {
        res = attempt(st, query);
      } catch (e) {
        err = e;
      }
      miss = st.miss;
      st.miss = null;
      var n = function (k) { return Object.keys(miss[k]).length; };
      what = n('lex') ? 'lex' : n('post') ? 'post' :
        n('pos') && (n('doc') > show || st.preferPositions) ? 'pos' : n('doc') ? 'doc' : null;
      if (!what) {
        if (err) throw err;
        keys = res.hits.slice(0, show).map(function (h) { return h.d; }).filter(function (d) { return !st.docs[d]; });
        return load(st, 'doc', keys).then(function () {
          res.hits.forEach(function (h) { h.doc = st.docs[h.d] || null; });
          return res;
        });
      }
      if (++rounds > 100) throw new Error('search index: still incomplete after 100 rounds');
      return load(st, what, Object.keys(miss[what])).then(round);
    }
    return Promise.resolve().then(round);
  }

  function open(readFile) {
    return fetchJSON('manifest.json', readFile).then(function (m) {
      if (m.v !== 2) throw new Error('search index: unknown layout ' + m.v + '; rebuild the site');
      var st = new State(m, readFile);
      st.an = new Analyzer(m, st);
      return st;
    });
  }

  // ---- snippets --------------------------------------------------------------
  // Fold 'text' char by char, keeping where each folded char came from.
  function foldMap(an, text) {
    var f = '', from = [];
    var cs = Array.from(text), off = 0;
    cs.forEach(function (c) {
      var g = an.fold(c);
      for (var i = 0; i < g.length; i++) from.push([off, off + c.length]);
      f += g;
      off += c.length;
    });
    from.push([off, off]);
    return { f: f, from: from };
  }

  // The paragraph with the most needles, its spans, and a window of text.
  function snippet(an, text, needles, max) {
    var paras = text.split('\n'), best = { n: -1, p: 0, spans: [] };
    needles = needles.filter(function (x, i, a) { return x && a.indexOf(x) === i; })
      .sort(function (a, b) { return b.length - a.length; });
    paras.forEach(function (p, pi) {
      var fm = foldMap(an, p), spans = [];
      needles.forEach(function (nd) {
        var at = 0, k;
        while ((k = fm.f.indexOf(nd, at)) >= 0) {
          var s = fm.from[k][0], e = fm.from[k + nd.length - 1][1];
          if (!spans.some(function (x) { return s < x[1] && e > x[0]; })) spans.push([s, e]);
          at = k + nd.length;
        }
      });
      if (spans.length > best.n) best = { n: spans.length, p: pi, spans: spans.sort(function (a, b) { return a[0] - b[0]; }) };
    });
    var p = paras[best.p] || '', start = 0;
    if (best.spans.length && best.spans[0][0] > max / 3) start = best.spans[0][0] - Math.floor(max / 3);
    var end = Math.min(p.length, start + max);
    return { para: best.n > 0 ? best.p : -1, text: p, start: start, end: end,
      spans: best.spans.filter(function (x) { return x[0] >= start && x[1] <= end; }) };
  }

  var api = { open: open, run: run, parse: parse, describeAst: describeAst, queryPinyin: queryPinyin,
    compile: compile, describe: describe,
    snippet: snippet, fnv32: fnv32, shardOf: shardOf, setBase: function (b) { base = b; } };
  if (typeof module === 'object' && module.exports) { module.exports = api; return; }

  // ---- the page ----------------------------------------------------------------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function show(st, query, res, out, status) {
    out.textContent = '';
    var n = res.hits.length;
    var msg = n ? '找到 ' + n + ' 个页面' : '没有找到与“' + query + '”相关的内容';
    // the CLI's "no exact match for X; showing pages with all of its words"
    (res.loose || []).forEach(function (w) { msg += '（没有页面包含完整的“' + w + '”，以下为包含其各个词的结果）'; });
    if (res.fallback) msg += '（没有页面同时包含所有词，以下为包含任一词的结果）';
    if (res.pinyin) msg += '；按拼音理解为 ' + res.pinyin;
    if (res.c.also.length) msg += '；同时搜索了 ' + res.c.also.join('、');
    status.textContent = msg + '。';
    res.hits.slice(0, 20).forEach(function (h) {
      var doc = h.doc, sn = snippet(st.an, doc.t || '', res.c.needles, 120);
      var li = el('li'), a = el('a', null, doc.l);
      var marks = sn.spans.map(function (x) { return sn.text.slice(x[0], x[1]); })
        .filter(function (x, i, arr) { return arr.indexOf(x) === i; });
      var url = '../' + doc.u.replace(/^\//, '') + 'index.html';
      if (marks.length) url += '?' + marks.map(function (m) { return 'hl=' + encodeURIComponent(m); }).join('&');
      if (sn.para >= 0) url += '#p' + (sn.para + 1);
      a.href = url;
      var h3 = el('h2', 'rt');
      h3.appendChild(a);
      li.appendChild(h3);
      var kind = { clause: '条款', section: '部分', glossary: '术语', annotation: '注解', preamble: '序言' }[doc.k] || doc.k;
      li.appendChild(el('p', 'where', kind + (doc.sl ? ' · ' + doc.sl : '')));
      var p = el('p', 'snip'), at = sn.start;
      if (sn.start > 0) p.appendChild(document.createTextNode('…'));
      sn.spans.forEach(function (x) {
        p.appendChild(document.createTextNode(sn.text.slice(at, x[0])));
        p.appendChild(el('mark', null, sn.text.slice(x[0], x[1])));
        at = x[1];
      });
      p.appendChild(document.createTextNode(sn.text.slice(at, sn.end)));
      if (sn.end < sn.text.length) p.appendChild(document.createTextNode('…'));
      li.appendChild(p);
      out.appendChild(li);
    });
  }

  function page() {
    var out = document.getElementById('results'), status = document.getElementById('search-status');
    var input = document.getElementById('q');
    if (!out || !status || !input) return;
    var script = document.querySelector('script[src$="search.js"]');
    base = new URL('../search/', script ? script.src : location.href).href;
    var q = new URLSearchParams(location.search).get('q') || '';
    input.value = q;
    if (!q.trim()) { status.textContent = '请输入要搜索的词。'; return; }
    document.title = q + ' · 搜索';
    status.textContent = '正在搜索…';
    open().then(function (st) {
      return run(st, q).then(function (res) { show(st, q, res, out, status); });
    }).catch(function (e) {
      // a query the language rejects: query.c's own message
      status.textContent = (e.name === 'QueryError' ? '无法搜索：' : '搜索出错：') + e.message;
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', page);
  else page();
})(this);
