#!/bin/sh
# tests/e2e/site.sh -- build the site from content/ and check it: HTML
# structure and links (site_check.py), tidy errors, hostile content stays
# text, unsafe output directories are refused, a failed build leaves the
# old site whole.
. "$(dirname "$0")/lib.inc"
SITE="$B/fiveout-site"

DB=""
[ -d "$B/index" ] && DB="--db $B/index"

# 1. the real content, published under a subpath (make SITE_URL=...)
BASE=https://example.org/kb/
if $SITE $DB --base-url https://example.org/kb -o "$T/site" content >"$T/out" 2>&1; then
	ok "fiveout-site builds content/"
else
	no "fiveout-site builds content/: $(cat "$T/out")"
fi
if python3 tests/e2e/site_check.py "$T/site" "$BASE" >"$T/check" 2>&1; then
	ok "structure, links, anchors, gz twins ($(tail -1 "$T/check"))"
else
	no "site_check"; cat "$T/check"
fi
# search results point at the sentence (official text) or paragraph
# they show, and that the site has it: every query of tests/relevance/
if FIVEOUT_DB=${FIVEOUT_DB:-$B/index} python3 tests/e2e/hit_anchors.py "$T/site" \
    "$B/fiveout-search" tests/relevance/queries.txt tests/relevance/readers.txt \
    >"$T/anchors" 2>&1; then
	ok "search hits point at their sentence ($(tail -1 "$T/anchors"))"
else
	no "search hit anchors"; cat "$T/anchors"
fi
for f in index.html clause/4/index.html section/2/index.html \
    targets/index.html search/index.html 404.html; do
	[ -f "$T/site/$f" ] && ok "page $f exists" || no "page $f missing"
done
for f in sitemap.xml atom.xml robots.txt assets/style.css assets/engine.js search/engine.js search/manifest.js; do
	[ -s "$T/site/$f" ] && ok "$f written" || no "$f missing"
done
if command -v tidy >/dev/null 2>&1; then
	terr=0
	for f in $(find "$T/site" -name '*.html'); do
		tidy -e -q "$f" >/dev/null 2>"$T/tidy"
		[ $? -ge 2 ] && { terr=$((terr + 1)); echo "$f:"; cat "$T/tidy"; }
	done
	[ $terr -eq 0 ] && ok "tidy finds no errors" || no "tidy errors in $terr pages"
fi
if python3 -c 'import xml.dom.minidom,sys; [xml.dom.minidom.parse(f) for f in sys.argv[1:]]' \
    "$T/site/sitemap.xml" "$T/site/atom.xml" 2>"$T/xml"; then
	ok "sitemap.xml and atom.xml are well-formed XML"
else
	no "XML: $(cat "$T/xml")"
fi
grep -q 'id="p1"' "$T/site/clause/4/index.html" &&
	ok "clause paragraphs carry anchors" || no "no p1 anchor on clause 4"
grep -q '<span class="s" id="p1s2">' "$T/site/clause/4/index.html" &&
grep -q '<span class="s" id="p1s1">' "$T/site/index.html" &&
	ok "sentences of the official text carry anchors (#pNsM)" || no "no p1s2 anchor"
for f in clause/4 section/1 glossary/haiwaicang annotation/kuajing-dianshang-liandong; do
	grep -q '<span id="cite-short"' "$T/site/$f/index.html" &&
	grep -q "<span id=\"cite-full\".*，${BASE}$f/</span>" "$T/site/$f/index.html" ||
		no "citation box on $f"
done
ok "citation boxes with their permalinks"
# glossary: English names, the A-Z bar by pinyin; the tag index
grep -q '<span class="en" lang="en">Overseas warehouse</span>' "$T/site/glossary/index.html" &&
grep -q '<a href="#az-h">H</a>' "$T/site/glossary/index.html" && grep -q '<h2 id="az-h">H</h2>' "$T/site/glossary/index.html" &&
grep -q '英文：<span lang="en">Overseas warehouse</span>' "$T/site/glossary/haiwaicang/index.html" &&
	ok "glossary: English names, A-Z bar by pinyin" || no "glossary English names / A-Z"
[ -s "$T/site/tag/index.html" ] && grep -q 'href="../tag/index.html"' "$T/site/annotation/index.html" &&
	ok "tag index at tag/" || no "tag index"
# targets: a CSV with a BOM, a section column, on the clause pages too
[ "$(head -c 3 "$T/site/targets/targets.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] &&
[ "$(grep -c '#p1s' "$T/site/targets/targets.csv")" -ge 8 ] &&
	ok "targets.csv: UTF-8 with a BOM, one row a target" || no "targets.csv"
grep -q '<th scope="col">部分</th>' "$T/site/targets/index.html" &&
grep -q '<h2 id="tg-h">本条量化指标</h2>' "$T/site/clause/4/index.html" &&
	ok "targets: section column, and on their clause's page" || no "targets section column / clause page"
# the whole text on one page, sections with their clauses in full
grep -q '<span class="s" id="c4-p1s2">' "$T/site/text/index.html" &&
grep -q '<span class="s" id="p1s1">' "$T/site/text/index.html" &&
[ "$(grep -o 'class="clause-full"' "$T/site/text/index.html" | wc -l)" -eq 24 ] &&
	ok "text/: the whole text, its 24 clauses, sentence anchors kept" || no "text/ page"
grep -q '<span class="s" id="c4-p1s1">' "$T/site/section/2/index.html" &&
	ok "section pages show their clauses in full" || no "section 2 without clause 4's text"
grep -q '本部分条款' "$T/site/section/1/index.html" &&
	no "section 1 has an empty 本部分条款 heading" || ok "no empty heading on section 1"
grep -q '<nav class="side-toc"' "$T/site/clause/4/index.html" &&
grep -q 'aria-current="page" href="#main">（四）' "$T/site/clause/4/index.html" &&
	ok "clause pages have a table of contents beside them" || no "clause side TOC"
grep -q 'glossary/[a-z0-9-]*/index.html" aria-describedby="tip-[a-z-]*">跨境电商</a><span class="tip" role="tooltip"' \
    "$T/site/clause/4/index.html" &&
	ok "first glossary term occurrence is linked" || no "term link missing"
if grep -rhoE '<(script|link|img)[^>]*(src|href)="(https?:)?//' \
    --include='*.html' "$T/site" | grep -v '^<link rel="canonical"' | grep -q .; then
	no "external resource referenced"
else
	ok "no external resources"
fi

# deployable: the address given is the one used, nothing points home
if grep -rlE '127\.0\.0\.1|localhost' "$T/site" | grep -q .; then
	no "127.0.0.1 or localhost in a site built with --base-url: $(grep -rlE '127\.0\.0\.1|localhost' "$T/site" | head -3)"
else
	ok "a site built with --base-url names no 127.0.0.1 or localhost"
fi
grep -q "<link rel=\"canonical\" href=\"${BASE}clause/4/\">" "$T/site/clause/4/index.html" &&
grep -q "<meta property=\"og:url\" content=\"${BASE}clause/4/\">" "$T/site/clause/4/index.html" &&
	ok "canonical and og:url use the base URL, without index.html" ||
	no "canonical/og:url of clause 4"
grep -qx "Sitemap: ${BASE}sitemap.xml" "$T/site/robots.txt" &&
grep -q "<loc>${BASE}clause/4/</loc>" "$T/site/sitemap.xml" &&
grep -q "<link href=\"${BASE}annotation/" "$T/site/atom.xml" &&
	ok "robots.txt, sitemap.xml and atom.xml under the base URL" ||
	no "robots/sitemap/atom addresses"
grep -q 'href="/kb/assets/style.css"' "$T/site/404.html" &&
	ok "404.html links under the base URL's path" || no "404.html root"
# without an address: relative links only, no sitemap
if $SITE -o "$T/rel" content >"$T/out" 2>&1 &&
    python3 tests/e2e/site_check.py "$T/rel" >"$T/check" 2>&1; then
	ok "without --base-url: builds and checks ($(tail -1 "$T/check"))"
else
	no "without --base-url"; tail -5 "$T/check"
fi
if grep -rlE '127\.0\.0\.1|localhost|https?://example' "$T/rel" | grep -q . ||
    [ -e "$T/rel/sitemap.xml" ] || grep -q Sitemap "$T/rel/robots.txt" ||
    grep -rq 'rel="canonical"' "$T/rel"; then
	no "without --base-url something absolute is written"
else
	ok "without --base-url: nothing absolute, no sitemap, robots.txt names none"
fi
if $SITE --base-url 'ftp://x/' -o "$T/bad" content >/dev/null 2>&1 ||
    $SITE --base-url 'https://x/?a' -o "$T/bad" content >/dev/null 2>&1; then
	no "a bad --base-url is accepted"
else
	ok "a bad --base-url is refused"
fi

# browser search: the site's engine (the C engine as WebAssembly) gives
# what fiveout-search gives, for every relevance and parser query
if [ -n "$DB" ] && command -v node >/dev/null 2>&1 &&
    [ -f tests/relevance/queries.txt ]; then
	if B="$B" node tests/browser/parity.js --node "$T/site" >"$T/cmp" 2>&1; then
		ok "site engine = CLI ($(tail -1 "$T/cmp"))"
	else
		no "site engine differs from the CLI"; cat "$T/cmp"
	fi
	[ -s "$T/site/search/manifest.js.gz" ] && ok "search manifest written" ||
		no "no search manifest"
fi

# 2. hostile content: a copy of content/ plus tests/fixtures/site/hostile
cp -R content "$T/hc"
cp tests/fixtures/site/hostile/annotations/*.md "$T/hc/annotations/"
if $SITE -o "$T/hs" "$T/hc" >"$T/out" 2>&1; then
	ok "hostile content builds"
	bad='<script>alert|<img src=x|<div onclick|<b>source|(href|src)="(javascript|data):|tracker\.example'
	if grep -rqiE "$bad" "$T/hs" --include='*.html' --include='*.xml'; then
		no "hostile markup reached the output"
		grep -rniE "$bad" "$T/hs" --include='*.html' --include='*.xml' | head -5
	else
		ok "hostile markup stays text"
	fi
	grep -q '&lt;script&gt;alert' "$T/hs/annotation/hostile-script/index.html" &&
		ok "hostile title shown escaped" || no "hostile title not shown"
	if find "$T" -name passwd | grep -q . ||
	    ls "$T/hs/tag" | grep -v '^index\.html' | grep -qvE '^[a-z0-9-]+$'; then
		no "tag made an unsafe directory"
	else
		ok "tag directories are safe slugs ($(ls "$T/hs/tag" | grep -c .))"
	fi
	python3 tests/e2e/site_check.py "$T/hs" >"$T/check" 2>&1 &&
		ok "hostile site passes site_check" ||
		{ no "hostile site_check"; cat "$T/check"; }
else
	no "hostile content build: $(cat "$T/out")"
fi

# 3. output directory safety and atomic switch
mkdir -p "$T/notasite" && echo precious >"$T/notasite/file"
if $SITE -o "$T/notasite" content >"$T/out" 2>&1; then
	no "replaced a directory fiveout-site did not make"
else
	[ -f "$T/notasite/file" ] && ok "refuses to replace a foreign directory" ||
		no "foreign directory damaged"
fi
cp -R content "$T/broken"
printf -- '---\ntitle: x\n---\n' >"$T/broken/clauses/04.md"
before=$(find "$T/site" -type f | wc -l)
if $SITE -o "$T/site" "$T/broken" >"$T/out" 2>&1; then
	no "broken content built"
else
	after=$(find "$T/site" -type f | wc -l)
	[ "$before" -eq "$after" ] && [ -f "$T/site/clause/4/index.html" ] &&
		ok "failed build leaves the old site whole" || no "old site damaged"
fi
ls -d "$T"/site.new-* >/dev/null 2>&1 && no "temporary tree left behind" ||
	ok "no temporary tree left behind"
if $SITE -o "$T/site" content >"$T/out" 2>&1 && [ -f "$T/site/index.html" ]; then
	ok "rebuild over an existing site switches in"
else
	no "rebuild: $(cat "$T/out")"
fi

# 4. long lists: 230 more annotations on clause 4 with one tag split the
# annotation index, the tag and the clause's list into pages of 100;
# every page stays reachable, checked and tidy
cp -R content "$T/lc"
i=0
while [ $i -lt 230 ]; do
	n=$(printf '%03d' $i)
	printf -- '---\ntitle: "批量注解%s"\nauthor: "测试"\ndate: 2020-02-%02d\nclauses: [4]\ntags: ["bulk"]\nsources:\n  - title: "测试"\n---\n\n第%s篇，谈[海外仓](term:haiwaicang)。\n' \
	    "$n" $((i % 28 + 1)) "$n" >"$T/lc/annotations/zz-bulk-$n.md"
	i=$((i + 1))
done
if $SITE -o "$T/ls" "$T/lc" >"$T/out" 2>&1; then
	ok "a site with 230 more annotations builds"
	for f in annotation/page/3/index.html tag/bulk/page/3/index.html \
	    clause/4/notes/page/3/index.html glossary/haiwaicang/refs/page/3/index.html; do
		[ -f "$T/ls/$f" ] && ok "list page $f" || no "no list page $f"
	done
	[ -f "$T/ls/annotation/page/4/index.html" ] &&
		no "an empty fourth page of the index" || ok "no empty list page"
	if python3 tests/e2e/site_check.py "$T/ls" >"$T/check" 2>&1; then
		ok "paged site passes site_check ($(tail -1 "$T/check"))"
	else
		no "paged site_check"; cat "$T/check"
	fi
	if command -v tidy >/dev/null 2>&1; then
		terr=0
		for f in annotation/index.html annotation/page/2/index.html \
		    tag/bulk/page/2/index.html clause/4/index.html \
		    clause/4/notes/page/2/index.html glossary/haiwaicang/index.html \
		    glossary/haiwaicang/refs/page/3/index.html; do
			tidy -e -q "$T/ls/$f" >/dev/null 2>"$T/tidy"
			[ $? -ge 2 ] && { terr=$((terr + 1)); echo "$f:"; cat "$T/tidy"; }
		done
		[ $terr -eq 0 ] && ok "list pages: tidy finds no errors" ||
			no "tidy errors in $terr list pages"
	fi
else
	no "230 more annotations: $(cat "$T/out")"
fi

summary
