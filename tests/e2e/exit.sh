#!/bin/sh
# tests/e2e/exit.sh -- the exit status of the three programs, as their
# man pages give it:
#   fiveout-index   0 clean / built, 1 content errors (index untouched),
#                   2 usage, I/O, lexicon or index error
#   fiveout-site    0 built, 1 content errors (site untouched), 2 usage, I/O
#   fiveout-search  0 hits, 1 none, 2 usage or error
# Content errors are printed as gcc-style lines, file:line:col: error: ...
# (a folder, which has no lines, as folder: error: ...)
. "$(dirname "$0")/lib.inc"
IDX="$B/fiveout-index"
SITE="$B/fiveout-site"
SRCH="$B/fiveout-search"
unset FIVEOUT_DB NO_COLOR

# st NAME WANT PROG ARGS...: run, output in $T/out and $T/err
st() {
	name=$1 want=$2
	shift 2
	"$@" </dev/null >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok "$name: exit $got"
	else no "$name: exit $got, want $want: $(head -c 300 "$T/err")"; fi
}

# sum DIR: a fingerprint of every file's name and bytes under DIR
sum() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs cksum) | cksum; }

GCC='^[^:]+:[0-9]+(:[0-9]+)?: (error|warning): .'

# a tree with one error: content/ plus a lint fixture
broken() {	# broken DIR FIXTURE
	rm -rf "$1"
	cp -R content "$1"
	cp -R "tests/fixtures/lint/$2/." "$1/"
}

# ---- fiveout-index --check -----------------------------------------
st "index --check content/" 0 "$IDX" --check content
grep -qE ' 0 errors' "$T/err" && ok "clean tree: '0 errors' summary" ||
	no "clean tree summary: $(tail -1 "$T/err")"

broken "$T/bad" bad-date
st "index --check, bad date" 1 "$IDX" --check "$T/bad"
grep -E "$GCC" "$T/err" >"$T/diag"
if grep -q "^$T/bad/annotations/note.md:4:7: error: invalid date '2024-02-30'" \
    "$T/diag"; then ok "bad date: one gcc-style line with file:line:col"
else no "bad date diagnostic: $(cat "$T/err")"; fi
[ "$(grep -c ': error: ' "$T/err")" -eq 1 ] && ok "bad date: exactly one error" ||
	no "bad date: $(grep -c ': error: ' "$T/err") errors"

broken "$T/ref" bad-ref
st "index --check, bad references" 1 "$IDX" --check "$T/ref"
n=$(grep -cE "$GCC" "$T/err")
[ "$n" -eq 7 ] && ok "bad references: 7 gcc-style lines" ||
	no "bad references: $n gcc-style lines: $(cat "$T/err")"
if grep ': error: ' "$T/err" | grep -qvE "$GCC"; then
	no "an error line is not gcc-style"; else ok "every error line is gcc-style"; fi

# every diagnostic about a Markdown file has a position, whole-file
# problems (a bad name, a missing field, a file that is missing) included
# (they point at 1:1); only folders, which have no lines, go without
for fx in tests/fixtures/lint/*/; do
	fx=$(basename "$fx")
	broken "$T/fx" "$fx"
	"$IDX" --check "$T/fx" </dev/null >/dev/null 2>"$T/err"
	grep -E '^[^:]+\.md(:[0-9]+)?(:[0-9]+)?: (error|warning): ' "$T/err" |
	    grep -vE '^[^:]+\.md:[0-9]+(:[0-9]+)?: ' >"$T/nopos"
	[ -s "$T/nopos" ] && no "$fx: a diagnostic without a position: $(head -1 "$T/nopos")" ||
		ok "$fx: every diagnostic on a file has a position"
done
broken "$T/fx" bad-name
rm -rf "$T/fx/document.md"
printf -- '---\ntitle: t\n---\n' >"$T/fx/annotations/bare.md"
"$IDX" --check "$T/fx" </dev/null >/dev/null 2>"$T/err"
grep -q "^$T/fx/document.md:1:1: error: document.md is missing" "$T/err" &&
	grep -q "^$T/fx/annotations/bare.md:1:1: error: missing required field" "$T/err" &&
	ok "whole-file errors point at 1:1" || no "whole-file errors: $(cat "$T/err")"

broken "$T/warn" unknown-field
rm -f "$T/warn/annotations/typo.md"
st "index --check, warnings only" 0 "$IDX" --check "$T/warn"
grep -qE "$GCC" "$T/err" && ok "warnings are printed" || no "no warning printed"

st "index --check, missing tree" 2 "$IDX" --check "$T/nonexistent"

# ---- fiveout-index build ---------------------------------------------
st "index build content/" 0 "$IDX" -q --db "$T/idx" content
before=$(sum "$T/idx")
st "index build, broken tree" 1 "$IDX" -q --db "$T/idx" "$T/bad"
grep -qE "$GCC" "$T/err" && ok "build prints the diagnostics" ||
	no "build diagnostics: $(cat "$T/err")"
[ "$(sum "$T/idx")" = "$before" ] && ok "broken tree: index untouched" ||
	no "broken tree changed the index"
st "index build, broken tree, no index yet" 1 "$IDX" -q --db "$T/idx2" "$T/bad"
[ -e "$T/idx2" ] && no "an index was created from a broken tree" ||
	ok "broken tree: no index created"
st "search the old index after the failed build" 0 "$SRCH" --db "$T/idx" 跨境电商
st "index build, missing tree" 2 "$IDX" -q --db "$T/idx" "$T/nonexistent"
[ "$(sum "$T/idx")" = "$before" ] && ok "missing tree: index untouched" ||
	no "missing tree changed the index"
st "index build, unknown lexicon" 2 env FIVEOUT_LEXICON="$T/nolex.bin" \
    "$IDX" -q --db "$T/idx" content
grep -q nolex "$T/err" && ok "the lexicon error names the file" ||
	no "lexicon error: $(cat "$T/err")"
[ "$(sum "$T/idx")" = "$before" ] && ok "lexicon error: index untouched" ||
	no "lexicon error changed the index"

# usage
st "index: unknown option" 2 "$IDX" --bogus
st "index: two trees" 2 "$IDX" --check content content
st "index: --db without a value" 2 "$IDX" --db
st "index: --compile-lexicon without files" 2 "$IDX" --compile-lexicon
grep -q '^usage: fiveout-index' "$T/err" && ok "index usage message" ||
	no "index usage: $(cat "$T/err")"
[ -s "$T/out" ] && no "index usage wrote to stdout" || ok "index usage: nothing on stdout"

# ---- fiveout-site ----------------------------------------------------
st "site builds content/" 0 "$SITE" -q -o "$T/site" content
before=$(sum "$T/site")
st "site, broken tree" 1 "$SITE" -q -o "$T/site" "$T/bad"
grep -q "^$T/bad/annotations/note.md:4:7: error: " "$T/err" &&
	ok "site prints gcc-style diagnostics" || no "site diagnostics: $(cat "$T/err")"
[ "$(sum "$T/site")" = "$before" ] && ok "broken tree: site untouched" ||
	no "broken tree changed the site"
st "site, broken tree, no site yet" 1 "$SITE" -q -o "$T/site2" "$T/bad"
[ -e "$T/site2" ] && no "a site was created from a broken tree" ||
	ok "broken tree: no site created"
st "site, missing tree" 2 "$SITE" -q -o "$T/site" "$T/nonexistent"
mkdir -p "$T/foreign" && echo keep >"$T/foreign/file"
st "site, foreign output directory" 2 "$SITE" -q -o "$T/foreign" content
[ -f "$T/foreign/file" ] && ok "foreign directory kept" || no "foreign directory damaged"
st "site, unknown lexicon" 2 env FIVEOUT_LEXICON="$T/nolex.bin" \
    "$SITE" -q -o "$T/site" content
[ "$(sum "$T/site")" = "$before" ] && ok "failed builds: site untouched" ||
	no "a failed build changed the site"
st "site: unknown option" 2 "$SITE" --bogus
st "site: no -o" 2 "$SITE" content
st "site: no tree" 2 "$SITE" -o "$T/site"
st "site: two trees" 2 "$SITE" -o "$T/site" content content
st "site: bad --base-url" 2 "$SITE" --base-url 'javascript:x' -o "$T/site" content
if [ -s "$T/err" ] && [ ! -s "$T/out" ]; then ok "site usage error explained"
else no "site usage: no message on stderr, or output on stdout"; fi

# ---- fiveout-search --------------------------------------------------
st "search: hits" 0 "$SRCH" --db "$T/idx" 跨境电商
st "search: no hits" 1 "$SRCH" --db "$T/idx" 火星殖民地
st "search: no query" 2 "$SRCH" --db "$T/idx"
st "search: unknown option" 2 "$SRCH" --bogus 跨境电商
st "search: bad filter" 2 "$SRCH" --db "$T/idx" 跨境电商 kind:foo
st "search: missing index" 2 "$SRCH" --db "$T/nonexistent" 跨境电商
[ "$(wc -l <"$T/err")" -eq 1 ] && ok "missing index: one-line error" ||
	no "missing index: $(cat "$T/err")"

summary
