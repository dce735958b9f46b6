#!/bin/sh
# tests/e2e/editor.sh -- the editors' workflow on a temporary copy of
# content/: a new annotation (from `fiveout-index --new`, filled in with
# sed) citing two clauses and a glossary term is built into an index and
# a site; it shows on both clause pages, in their backlinks, in the
# annotation index, in fiveout-search and in the browser search files.
# A second build after an edit rewrites only the pages that changed.
# Then the annotation is broken in every way lint knows; each error
# names the right file and line, fiveout-index and fiveout-site exit
# non-zero, and the previous index and site are left untouched.
# Finally, in a git checkout, the page shows the file's history.
. "$(dirname "$0")/lib.inc"
IDX="$B/fiveout-index"
SITE="$B/fiveout-site"
SEARCH="$B/fiveout-search"
unset FIVEOUT_DB NO_COLOR
# the copies below are not in a git checkout: git must not look above $T
GIT_CEILING_DIRECTORIES=$(dirname "$T")
export GIT_CEILING_DIRECTORIES
has() {	# has NAME FILE TEXT
	if grep -qF -- "$3" "$2"; then ok "$1"; else no "$1: no '$3' in $2"; fi
}
# edit FILE SED-ARGS...: sed in place, portably
edit() {
	f=$1
	shift
	sed "$@" "$f" >"$f.tmp" && mv "$f.tmp" "$f"
}
hasnt() {
	if grep -qF -- "$3" "$2"; then no "$1: '$3' in $2"; else ok "$1"; fi
}
# A word of the new annotation's body found nowhere else in the content.
WORD=企鹅
SLUG=editor-probe
TITLE=编辑流程测试：海外仓与境外经贸合作区

C="$T/content"
cp -R content "$C" || { echo "cannot copy content/"; exit 1; }
if grep -rqF "$WORD" "$C"; then
	no "'$WORD' already occurs in content/: pick another probe word"
fi

# ---- 1. a new annotation -------------------------------------------
if "$IDX" --new annotation "$SLUG" 4 16 --content "$C" >"$T/new" 2>"$T/err"; then
	ok "fiveout-index --new annotation $SLUG 4 16"
else
	no "--new annotation: $(cat "$T/err")"
fi
A="$C/annotations/$SLUG.md"
[ "$(cat "$T/new")" = "$A" ] && ok "--new prints the path it made" ||
	no "--new printed '$(cat "$T/new")', want $A"
has "template front matter has the clauses" "$A" "clauses: [4, 16]"
# an unfilled template is an error that names the field
if "$IDX" --check "$C" >"$T/out" 2>&1; then no "lint passed an unfilled template"
else has "lint: an unfilled title is reported at its line" "$T/out" \
    "$A:3:8: error: field 'title' still holds the template's '请填写'"
fi
# fill in the fields the template marks 请填写 and replace the body
sed -e "s/^title: .*/title: $TITLE/" \
    -e 's/^author: .*/author: 测试编辑/' \
    -e 's/^  - title: .*/  - title: 《测试来源》/' \
    -e 's|^    url: https://$|    url: https://example.org/source|' \
    "$A" >"$T/a.md"
# keep the front matter (up to the second ---), then the new body
awk 'n < 2 { print } /^---$/ { n++ }' "$T/a.md" >"$A"
printf '%s\n' \
    '[（四）](clause:4) 与 [（十六）](clause:16) 都谈到[海外仓](term:haiwaicang)。' \
    '' "本注解用一个别处没有的词：$WORD。" \
    '' '其中[第2句](clause:4#p1s2)谈离岸贸易。' >>"$A"
cp "$A" "$T/good.md"
if "$IDX" --check "$C" >"$T/out" 2>&1; then ok "lint: the filled-in annotation is clean"
else no "lint of the new annotation: $(cat "$T/out")"; fi

DB="$T/index"
OUT="$T/site"
if "$IDX" --db "$DB" "$C" >"$T/out" 2>&1; then ok "index built"
else no "index: $(cat "$T/out")"; fi
if "$SITE" --db "$DB" -o "$OUT" "$C" >"$T/out" 2>&1; then ok "site built"
else no "site: $(cat "$T/out")"; fi

for n in 4 16; do
	P="$OUT/clause/$n/index.html"
	sed -n '/id="notes-h"/,/<\/ul>/p' "$P" >"$T/notes"
	has "clause $n lists the annotation under 注解" "$T/notes" \
	    "annotation/$SLUG/index.html\">$TITLE</a>"
	sed -n '/id="bl-h"/,/<\/ul>/p' "$P" >"$T/bl"
	hasnt "clause $n does not list it again under its other backlinks" "$T/bl" \
	    "annotation/$SLUG/index.html\">$TITLE</a>"
done
hasnt "clause 5 does not list it" "$OUT/clause/5/index.html" "$SLUG"
sed -n '/引用本术语的内容/,/<\/ul>/p' "$OUT/glossary/haiwaicang/index.html" >"$T/bl"
has "the glossary term's backlinks list it" "$T/bl" "annotation/$SLUG/index.html"
has "the annotation index lists it" "$OUT/annotation/index.html" \
    "<a href=\"../annotation/$SLUG/index.html\">$TITLE</a>"
P="$OUT/annotation/$SLUG/index.html"
has "the annotation page links clause 4" "$P" 'href="../../clause/4/index.html"'
has "the annotation page links the term" "$P" 'href="../../glossary/haiwaicang/index.html"'
has "the annotation page links a sentence of clause 4" "$P" 'href="../../clause/4/index.html#p1s2"'
grep -qF 'id="p1s2"' "$OUT/clause/4/index.html" && ok "clause 4 has that sentence's anchor" ||
	no "clause 4 has no #p1s2"
sed -n '/id="notes-h"/,/<\/ul>/p' "$OUT/clause/4/index.html" >"$T/notes"
has "clause 4's annotation card links the sentence it cites" "$T/notes" \
    '引用本条：<a href="#p1s2">第1段第2句</a>'
has "the annotation page shows its author" "$P" "测试编辑"
has "the annotation page shows its source" "$P" "《测试来源》"
hasnt "outside git: no history section" "$P" "修订记录"

if "$SEARCH" --db "$DB" --json "$WORD" >"$T/hits" 2>"$T/err"; then
	ok "fiveout-search finds '$WORD'"
else
	no "fiveout-search $WORD: $(cat "$T/err")"
fi
has "the hit is the new annotation" "$T/hits" "\"id\":\"annotation:$SLUG\""
# the browser index: a document file search/d/N.js has the page and
# its text, one postings shard the word, and the site's engine finds it
D=$(grep -lF "annotation:$SLUG" "$OUT"/search/d/*.js 2>/dev/null | head -1)
[ -n "$D" ] && ok "a browser document file has the page ($(basename "$D"))" ||
	no "no browser document file has annotation:$SLUG"
has "the browser document file has its text" "${D:-/dev/null}" "$WORD"
if grep -lF "\\n$WORD\\t" "$OUT"/search/s/*.js >"$T/shards" 2>/dev/null &&
    [ "$(wc -l <"$T/shards")" -eq 1 ]; then
	ok "one browser shard holds the term '$WORD' ($(basename "$(cat "$T/shards")"))"
else
	no "browser shards holding '$WORD': $(cat "$T/shards")"
fi
[ -f "$(cat "$T/shards").gz" ] && ok "the shard has its .gz twin" ||
	no "no .gz twin for the shard"
if command -v node >/dev/null 2>&1; then
	if node tests/browser/engine-search.js "$OUT" "$WORD" >"$T/whits" 2>&1; then
		has "the site's engine finds the new annotation" "$T/whits" \
		    "\"id\":\"annotation:$SLUG\""
	else
		no "the site's engine: $(cat "$T/whits")"
	fi
fi

# ---- 2. the fast loop: an edit rewrites only what changed -----------
ino() { ls -i "$1" | awk '{ print $1 }'; }
i1=$(ino "$OUT/clause/1/index.html")
ip=$(ino "$P")
sed "s/$WORD/$WORD和海豹/" "$T/good.md" >"$A"
"$IDX" --db "$DB" "$C" >"$T/out" 2>&1
has "fiveout-index replaces only the edited page" "$T/out" \
    "0 added, 1 replaced, 0 deleted,"
grep -q 'unchanged in [0-9]* ms' "$T/out" && ok "fiveout-index prints its time" ||
	no "fiveout-index time: $(cat "$T/out")"
"$SITE" --db "$DB" -o "$OUT" "$C" >"$T/out" 2>&1
line=$(grep '^fiveout-site: ' "$T/out")
written=$(echo "$line" | sed -n 's/.*: \([0-9]*\) pages\{0,1\} written, .*/\1/p')
kept=$(echo "$line" | sed -n 's/.* written, \([0-9]*\) unchanged .*/\1/p')
if [ -n "$written" ] && [ -n "$kept" ] && [ "$written" -ge 1 ] &&
    [ "$written" -lt 15 ] && [ "$kept" -gt 80 ] &&
    echo "$line" | grep -q ' in [0-9]* ms$'; then
	ok "fiveout-site rewrites only changed pages: $line"
else
	no "fiveout-site after one edit: $line"
fi
[ "$(ino "$OUT/clause/1/index.html")" = "$i1" ] &&
	ok "an unaffected page is kept, not rewritten" || no "clause 1 was rewritten"
[ "$(ino "$P")" != "$ip" ] && ok "the edited page is rewritten" ||
	no "the edited page was kept"
has "the edited page has the new text" "$P" "$WORD和海豹"
"$SITE" --db "$DB" -o "$OUT" "$C" >"$T/out" 2>&1
grep -q ': 0 pages written, [0-9]* unchanged' "$T/out" &&
	ok "a rebuild with no change writes no page" ||
	no "no-change rebuild: $(grep '^fiveout-site' "$T/out")"
cp "$T/good.md" "$A"
"$IDX" -q --db "$DB" "$C" >/dev/null 2>&1 && "$SITE" -q --db "$DB" -o "$OUT" "$C" >/dev/null 2>&1 ||
	no "rebuild of the good content"

# ---- 3. broken in every way lint knows -----------------------------
# fingerprints of what must not change
site_sum() { (cd "$OUT" && find . -type f -exec cksum {} + | LC_ALL=C sort | cksum; ls -id .); }
db_sum() { t=$(readlink "$DB"); echo "$t"; (cd "$(dirname "$DB")" && find "$t/" -type f -exec cksum {} + | LC_ALL=C sort | cksum); }
SITE0=$(site_sum)
DB0=$(db_sum)

# breaks CASE: edits the copy in $C for case CASE; sets FILE, LINE, MSG
breaks() {
	FILE=$A
	case $1 in
	clause25)
		edit "$A" 's/^clauses: \[4, 16\]$/clauses: [4, 25]/'
		LINE=$(grep -n '^clauses:' "$A" | cut -d: -f1)
		MSG="clause 25 does not exist" ;;
	no-front-matter)
		awk 'n >= 2 { print } /^---$/ { n++ }' "$T/good.md" >"$A"
		LINE=1
		MSG="missing front matter" ;;
	broken-yaml)
		edit "$A" 's/^title: .*/title: 编辑流程: 测试/'
		LINE=$(grep -n '^title:' "$A" | cut -d: -f1)
		MSG="malformed YAML front matter" ;;
	unknown-term)
		printf '%s\n' '另见[不存在的术语](term:bucunzai-shuyu)。' >>"$A"
		LINE=$(wc -l <"$A" | tr -d ' ')
		MSG="term 'bucunzai-shuyu' does not exist" ;;
	invalid-utf8)
		printf '坏字节\377\376。\n' >>"$A"
		LINE=$(wc -l <"$A" | tr -d ' ')
		MSG="invalid UTF-8" ;;
	duplicate-alias)
		# a new glossary entry claiming 跨境电商's alias 跨境电子商务
		"$IDX" --new term kuajing-dianzi-shangwu --content "$C" >/dev/null 2>&1
		FILE="$C/glossary/kuajing-dianzi-shangwu.md"
		edit "$FILE" -e 's/^term: .*/term: 电子商务出口/' \
		    -e 's/^aliases: .*/aliases: [跨境电子商务]/' \
		    -e 's/^  - title: .*/  - title: 《测试来源》/' \
		    -e 's|^    url: https://$|    url: https://example.org/t|'
		LINE=$(grep -n '^aliases:' "$FILE" | cut -d: -f1)
		MSG="'跨境电子商务' is already a term or alias of" ;;
	no-sentence)
		printf '%s\n' '另见[第9句](clause:4#p1s9)。' >>"$A"
		LINE=$(wc -l <"$A" | tr -d ' ')
		MSG="link to clause:4#p1s9: paragraph 1 of clause:4 has 2 sentences" ;;
	official-text)
		FILE="$C/clauses/04.md"
		cp "$FILE" "$T/04.md"
		LINE=$(grep -n '跨境电商国际枢纽' "$FILE" | head -n 1 | cut -d: -f1)
		edit "$FILE" 's/跨境电商国际枢纽/跨境电子商务国际枢纽/'
		MSG="clause text differs from the official text" ;;
	esac
}
restore() {
	cp "$T/good.md" "$A"
	rm -f "$C/glossary/kuajing-dianzi-shangwu.md"
	[ -f "$T/04.md" ] && cp "$T/04.md" "$C/clauses/04.md"
	rm -f "$T/04.md"
}
# diag NAME OUTPUT: the error is reported as FILE:LINE: ... error: ...MSG
diag() {
	if grep -F -- "$FILE:$LINE:" "$2" | grep -F ' error: ' | grep -qF -- "$MSG"; then
		ok "$1: $(grep -F -- "$FILE:$LINE:" "$2" | head -n 1 | sed "s|$T/||")"
	else
		no "$1: want '$FILE:$LINE: … $MSG', got: $(grep -F ' error: ' "$2" | head -n 3)"
	fi
}

for case in clause25 no-front-matter broken-yaml unknown-term invalid-utf8 \
    duplicate-alias no-sentence official-text; do
	breaks "$case"
	[ -n "$LINE" ] || no "$case: no line to expect"
	"$IDX" --check "$C" >"$T/lint" 2>&1
	st=$?
	[ "$st" -eq 1 ] && ok "$case: lint exits 1" || no "$case: lint exits $st"
	diag "$case: lint" "$T/lint"
	"$IDX" --db "$DB" "$C" >"$T/iout" 2>&1
	st=$?
	[ "$st" -ne 0 ] && ok "$case: fiveout-index exits $st" ||
		no "$case: fiveout-index exits 0"
	diag "$case: fiveout-index" "$T/iout"
	"$SITE" --db "$DB" -o "$OUT" "$C" >"$T/sout" 2>&1
	st=$?
	[ "$st" -ne 0 ] && ok "$case: fiveout-site exits $st" ||
		no "$case: fiveout-site exits 0"
	diag "$case: fiveout-site" "$T/sout"
	[ "$(site_sum)" = "$SITE0" ] && ok "$case: the site is untouched" ||
		no "$case: the site changed"
	[ "$(db_sum)" = "$DB0" ] && ok "$case: the index is untouched" ||
		no "$case: the index changed"
	if "$SEARCH" --db "$DB" --json "$WORD" 2>/dev/null |
	    grep -qF "\"id\":\"annotation:$SLUG\""; then
		ok "$case: the old index still answers '$WORD'"
	else
		no "$case: the old index no longer finds '$WORD'"
	fi
	restore
done
if "$IDX" --check "$C" >/dev/null 2>&1; then ok "restored copy is clean again"
else no "restore left errors"; fi
ls -d "$T"/site.new-* "$T"/index.gen/*.new* >/dev/null 2>&1 &&
	no "temporary trees left behind" || ok "no temporary tree left behind"

# ---- 4. provenance in a git checkout --------------------------------
if command -v git >/dev/null 2>&1; then
	G="$T/repo"
	mkdir "$G" && cp -R "$C" "$G/content" &&
	git -C "$G" init -q >/dev/null 2>&1 &&
	git -C "$G" add content >/dev/null 2>&1 &&
	GIT_AUTHOR_DATE=2026-05-06T12:00:00 GIT_COMMITTER_DATE=2026-05-06T12:00:00 \
	    git -C "$G" -c user.name=t -c user.email=t@example.org \
	    -c commit.gpgsign=false commit -q -m "注释：编辑流程测试" >/dev/null 2>&1
	if "$SITE" -o "$T/gsite" "$G/content" >"$T/out" 2>&1; then
		ok "site built from a git checkout"
	else
		no "site from git: $(cat "$T/out")"
	fi
	P="$T/gsite/annotation/$SLUG/index.html"
	h=$(git -C "$G" log -1 --format=%h --abbrev=7)
	has "the page shows the file's history" "$P" "修订记录"
	has "the history lists the commit" "$P" "$h</code> 注释：编辑流程测试"
	has "the page shows the date of the last change" "$P" \
	    '最后修改 <time datetime="2026-05-06">'
	has "glossary pages show their history too" \
	    "$T/gsite/glossary/haiwaicang/index.html" "修订记录"
	"$IDX" --new annotation untracked-probe 5 --content "$G/content" >/dev/null 2>&1
	edit "$G/content/annotations/untracked-probe.md" \
	    -e 's/^title: .*/title: 未跟踪的注解/' \
	    -e 's/^author: .*/author: 测试编辑/' \
	    -e 's/^  - title: .*/  - title: 《测试来源》/' \
	    -e 's|^    url: https://$|    url: https://example.org/u|'
	"$SITE" -q -o "$T/gsite" "$G/content" >"$T/out" 2>&1 ||
		no "site with an untracked file: $(cat "$T/out")"
	hasnt "an untracked file has no history section" \
	    "$T/gsite/annotation/untracked-probe/index.html" "修订记录"
fi

summary
