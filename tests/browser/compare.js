// tests/browser/compare.js SITE [QUERIES...] -- for every query, the
// browser search (site/assets/search.js over SITE/search) must have the
// same outcome as fiveout-search: the same pages in its top 3, or no hits
// for both, or the same error message (a query the language rejects),
// and the same words matched scattered (--json "loose": no page has
// them contiguously).
// For tests/browser/parity.txt (the parser's hard cases, always run too)
// the compiled query trees must also be the same (--explain's
// query_tree): search.js's parser and compiler are ports of query.c's.
// Elsewhere a different tree is only reported (TREE): search.js cuts Han
// runs over the corpus's words, not jieba's dictionary, so a query of
// partial words ("代人工智") may be segmented differently.
// Every query is also run with phrase checks over the bigrams' positions
// (search/p/) instead of the documents' text: all hits must be the same.
// QUERIES are files of "category<TAB>query" lines ('#' comments);
// default tests/relevance/queries.txt.  Env: B (build dir).
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const site = process.argv[2];
const files = process.argv.length > 3 ? process.argv.slice(3) : ['tests/relevance/queries.txt'];
const parity = path.join(__dirname, 'parity.txt');
if (!files.some((f) => path.resolve(f) === parity)) files.push(parity);
const B = process.env.B || 'build';
const fo = require(path.resolve(site, 'assets/search.js'));
// the files the search reads, each once (as a browser's cache would),
// counted at their .gz twin's size
let readBytes = 0;
const read = (p) => {
  readBytes += fs.statSync(path.join(site, 'search', p + '.gz')).size;
  return fs.readFileSync(path.join(site, 'search', p), 'utf8');
};

// fiveout-search's outcome: {hits, tree} or {err}
function cli(q) {
  try {
    const out = execFileSync(`${B}/fiveout-search`, ['--db', `${B}/index`, '--json', '--explain', '--limit', '3', '--', q],
      { env: Object.assign({ FIVEOUT_LEXICON: `${B}/lexicon.bin` }, process.env), encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'] });
    return JSON.parse(out);
  } catch (e) {
    if (e.status === 1 && e.stdout) return JSON.parse(e.stdout);  // no hits (grep convention)
    if (e.status === 2) return { err: String(e.stderr).trim().replace(/^fiveout-search: /, '') };
    throw e;
  }
}

(async () => {
  const st = await fo.open(read);
  const stp = await fo.open((p) => fs.readFileSync(path.join(site, 'search', p), 'utf8'));
  stp.preferPositions = true;
  let npos = 0;
  let pass = 0, fail = 0, approx = 0, nq = 0, sumBytes = 0, maxBytes = 0, nerr = 0, nnone = 0;
  const fixed = readBytes;
  const lines = [];
  for (const f of files) {
    fs.readFileSync(f, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'))
      .forEach((l) => { const q = l.split('\t')[1]; if (q) lines.push({ q, strict: path.resolve(f) === parity }); });
  }
  let ntree = 0;
  for (const { q, strict } of lines) {
    const c = cli(q);
    let res = null, jerr = null;
    const b0 = readBytes;
    try {
      res = await fo.run(st, q);
    } catch (e) {
      if (e.name !== 'QueryError') throw e;
      jerr = e.message;
    }
    if (c.err !== undefined || jerr !== null) {
      nerr++;
      if (c.err === jerr) pass++;
      else {
        fail++;
        console.log(`DIFF ${q}\n  cli: ${c.err === undefined ? 'hits' : 'error: ' + c.err}\n  js:  ${jerr === null ? 'hits' : 'error: ' + jerr}`);
      }
      continue;
    }
    // the same hits, in the same order, with positions for phrases
    const rp = await fo.run(stp, q);
    const ids = (r) => r.hits.map((h) => h.d).join(' ');
    if (ids(rp) !== ids(res)) {
      npos++;
      console.log(`DIFF ${q} (phrase checks by positions)\n  text:      ${ids(res).slice(0, 200)}\n  positions: ${ids(rp).slice(0, 200)}`);
    }
    const want = c.hits.slice(0, 3).map((h) => h.id);
    const got = res.hits.slice(0, 3).map((h) => h.doc.id);
    if (!want.length) nnone++;
    const bytes = readBytes - b0;
    nq++; sumBytes += bytes; maxBytes = Math.max(maxBytes, bytes);
    const wild = JSON.stringify(res.q).includes('"wildcard"');
    // the tree, and the pinyin reading if any (fo_query_pinyin)
    const tree = fo.describe(res.q) + (res.pinyin ? ' [' + res.pinyin + ']' : '');
    const ctree = c.explain.query_tree + (c.pinyin ? ' [' + c.pinyin + ']' : '');
    if (tree !== ctree) {
      console.log(`${strict ? 'DIFF' : 'TREE'} ${q} (query tree)\n  cli: ${ctree}\n  js:  ${tree}`);
      ntree++;
    }
    // the words matched scattered (no page has them contiguously)
    const loose = JSON.stringify(res.loose || []), cloose = JSON.stringify(c.loose || []);
    if (loose !== cloose) console.log(`DIFF ${q} (loose words)\n  cli: ${cloose}\n  js:  ${loose}`);
    if ((tree !== ctree && strict) || loose !== cloose || ids(rp) !== ids(res)) fail++;
    else if (JSON.stringify(want) === JSON.stringify(got)) pass++;
    else if (wild) {
      // B<x>* expands to an OP_SYNONYM in Xapian; search.js approximates
      // its weight (the best expansion), so these may differ: reported only.
      approx++;
      console.log(`APPROX ${q} (single-character wildcard)\n  cli: ${want.join(' ')}\n  js:  ${got.join(' ')}`);
    } else {
      fail++;
      console.log(`DIFF ${q}\n  cli: ${want.join(' ')}\n  js:  ${got.join(' ')}\n  tree: ${tree}`);
    }
  }
  console.log(`bytes per query (gzip): ${fixed} once (manifest), then lexicon and postings shards and ` +
    `documents not read before: ${Math.round(sumBytes / Math.max(nq, 1))} on average, ${maxBytes} at most, ` +
    `over ${nq} queries`);
  if (approx) console.log(`compare: ${approx} wildcard queries differ (approximate weighting)`);
  if (npos) console.log(`compare: ${npos} queries differ with phrase checks by positions`);
  if (ntree) console.log(`compare: ${ntree} queries compile to a different tree`);
  console.log(`compare: ${lines.length} queries (${nerr} errors, ${nnone} without hits): ${pass} passed, ${fail} failed`);
  process.exit(fail ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(2); });
