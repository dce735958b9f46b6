// node tests/browser/engine-search.js SITE QUERY: the site's own search
// engine (search/engine.js, WebAssembly) run over SITE's files, printing
// its JSON as fiveout-search --json does (exit 1: no hits, 2: error).
'use strict';
const fs = require('fs'), vm = require('vm'), path = require('path');
require(path.resolve(__dirname, '../../site/assets/engine.js'));
const base = path.resolve(process.argv[2]) + '/search/';
fiveoutEngine(base, (n) => vm.runInThisContext(fs.readFileSync(base + n, 'utf8')))
  .then((e) => e.search(process.argv[3], { limit: 10 }))
  .then((r) => { console.log(JSON.stringify(r)); process.exit(r.total > 0 ? 0 : 1); })
  .catch((x) => { console.error(x.message); process.exit(2); });
