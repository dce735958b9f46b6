// tests/browser/compare.js SITE QUERIES -- for every relevance query,
// the browser search (site/assets/search.js over SITE/search) must put
// the same pages in its top 3 as fiveout-search.  Env: B (build dir).
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const site = process.argv[2];
const queries = process.argv[3] || 'tests/relevance/queries.txt';
const B = process.env.B || 'build';
const fo = require(path.resolve(site, 'assets/search.js'));
const read = (p) => fs.readFileSync(path.join(site, 'search', p), 'utf8');

(async () => {
  const st = await fo.open(read);
  let pass = 0, fail = 0, approx = 0, nq = 0, sumShard = 0, maxShard = 0;
  const gz = (p) => fs.statSync(path.join(site, 'search', p + '.gz')).size;
  const fixed = gz('manifest.json') + gz('lex.json') + gz('docs.json');
  const terms = (q, out) => { if (!q) return out; if (q.op === 'term' || q.op === 'wildcard') out.push(q.term);
    (q.kids || []).forEach((k) => terms(k, out)); return out; };
  const lines = fs.readFileSync(queries, 'utf8').split('\n')
    .filter((l) => l && !l.startsWith('#'));
  for (const line of lines) {
    const q = line.split('\t')[1];
    if (!q) continue;
    let cli;
    try {
      cli = JSON.parse(execFileSync(`${B}/fiveout-search`, ['--db', `${B}/index`, '--json', '--limit', '3', '--', q],
        { env: Object.assign({ FIVEOUT_LEXICON: `${B}/lexicon.bin` }, process.env), encoding: 'utf8' }));
    } catch (e) {
      // exit 1 = no hits (grep convention)
      cli = e.stdout ? JSON.parse(e.stdout) : { hits: [] };
    }
    const want = cli.hits.slice(0, 3).map((h) => h.id);
    const res = await fo.run(st, q);
    const got = res.hits.slice(0, 3).map((h) => h.doc.id);
    const shards = new Set(terms(res.q, []).concat(terms(fo.compile(fo.parse(q), st.an, false).q, []))
      .map((t) => fo.shardOf(t, st.m.shards)));
    let bytes = 0;
    shards.forEach((k) => { bytes += gz('s/' + String(k).padStart(2, '0') + '.json'); });
    nq++; sumShard += bytes; maxShard = Math.max(maxShard, bytes);
    const wild = JSON.stringify(res.q).includes('"wildcard"');
    if (JSON.stringify(want) === JSON.stringify(got)) pass++;
    else if (wild) {
      // B<x>* expands to an OP_SYNONYM in Xapian; search.js approximates
      // its weight (the best expansion), so these may differ: reported only.
      approx++;
      console.log(`APPROX ${q} (single-character wildcard)\n  cli: ${want.join(' ')}\n  js:  ${got.join(' ')}`);
    } else {
      fail++;
      console.log(`DIFF ${q}\n  cli: ${want.join(' ')}\n  js:  ${got.join(' ')}\n  tree: ${fo.describe(res.q)}`);
    }
  }
  console.log(`bytes per query (gzip): ${fixed} once (manifest+lexicon+docs), then shards ` +
    `${Math.round(sumShard / Math.max(nq, 1))} on average, ${maxShard} at most, over ${nq} queries`);
  if (approx) console.log(`compare: ${approx} wildcard queries differ (approximate weighting)`);
  console.log(`compare: ${pass} passed, ${fail} failed`);
  process.exit(fail ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(2); });
