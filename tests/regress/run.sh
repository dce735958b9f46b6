#!/bin/sh
# tests/regress/run.sh -- golden-file regression tests, lowdown style.
#
# Each case tests/regress/<case>.md is an annotation (or, if its front
# matter has "term:", a glossary entry) added to a temporary copy of
# content/.  The copy is indexed and built into a site, and four outputs
# are compared with `diff -u` against the files beside the case:
#
#   <case>.html         the <article> element of the case's own page
#   <case>.search.txt   fiveout-search for each line of <case>.queries
#                       (shell words; "#" starts a comment), if present
#   <case>.segment.txt  fiveout-search --segment on the case's body lines
#   <case>.lint.txt     the diagnostics about the case file, if any
#
# Expected files say what is right, not what the programs do today.  A
# known bug is listed in <case>.xfail, one line per output ("search.txt
# reason ..."): a difference there is reported as XFAIL and does not
# fail the run; if that output then matches, it is XPASS and fails, so
# the line is removed once the bug is fixed.  -u leaves xfail outputs
# alone.
#
#   sh tests/regress/run.sh [-u] [CASE ...]
#
# -u writes the outputs as the new expected files (make regress-update);
# review `git diff tests/regress` before committing them.  Run from the
# repository root; B names the build directory (default build).
B=${B:-build}
CONTENT=${CONTENT:-content}
IDX="$B/fiveout-index"
SRCH="$B/fiveout-search"
SITE="$B/fiveout-site"
DIR=tests/regress
export FIVEOUT_LEXICON="${FIVEOUT_LEXICON:-$B/lexicon.bin}"
unset FIVEOUT_DB
export NO_COLOR=1 LC_ALL=C.UTF-8

update=
if [ "${1:-}" = "-u" ]; then update=1; shift; fi
for p in "$IDX" "$SRCH" "$SITE" "$FIVEOUT_LEXICON"; do
	[ -f "$p" ] || { echo "run.sh: $p missing: run make first" >&2; exit 2; }
done

T=$(mktemp -d "${TMPDIR:-/tmp}/fo-regress.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT INT TERM
pass=0
fail=0
xfail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
no() { fail=$((fail + 1)); echo "FAIL - $1"; }

# compare NAME ACTUAL EXPECTED
compare() {
	xf=
	[ -f "$DIR/$name.xfail" ] &&
	    xf=$(grep -m1 "^${1#"$name".} " "$DIR/$name.xfail" | cut -d' ' -f2-)
	if [ -n "$xf" ]; then
		if [ -n "$update" ]; then
			ok "$1 (xfail, left alone: $xf)"
		elif [ -f "$3" ] && cmp -s "$2" "$3"; then
			no "$1: XPASS: remove its line from $DIR/$name.xfail"
		else
			xfail=$((xfail + 1)); echo "XFAIL - $1: $xf"
			[ -f "$3" ] && diff -u "$3" "$2" | sed "s|$2|(actual)|"
		fi
		return
	fi
	if [ -n "$update" ]; then
		if [ -f "$3" ] && cmp -s "$2" "$3"; then ok "$1 (unchanged)"
		else cp "$2" "$3" && ok "$1 (updated)"; fi
	elif [ ! -f "$3" ]; then
		no "$1: no $3 (make regress-update writes it)"
	elif diff -u "$3" "$2" >"$T/diff"; then
		ok "$1"
	else
		no "$1"
		sed "s|$2|(actual)|" "$T/diff"
	fi
}

# The temporary directory's name never reaches an expected file.
scrub() { sed "s|$T|\$TMP|g"; }

if [ $# -gt 0 ]; then
	# case names are [a-z0-9-]: no quoting needed
	# shellcheck disable=SC2046
	set -- $(for c in "$@"; do echo "$DIR/${c%.md}.md"; done)
else
	set -- "$DIR"/*.md
fi
for md in "$@"; do
	name=$(basename "$md" .md)
	[ "$name" = README ] && continue
	[ -f "$md" ] || { no "$name: no $md"; continue; }
	if sed -n '2,/^---$/p' "$md" | grep -q '^term:'; then
		cdir=glossary udir=glossary
	else
		cdir=annotations udir=annotation
	fi
	rm -rf "$T/c" "$T/idx" "$T/site" "$T/out"
	mkdir "$T/out"
	cp -R "$CONTENT" "$T/c"
	cp "$md" "$T/c/$cdir/$name.md"

	# index (its diagnostics are the lint golden) and site
	if ! "$IDX" -q --db "$T/idx" "$T/c" >"$T/log" 2>&1; then
		no "$name: fiveout-index failed"; scrub <"$T/log"; continue
	fi
	grep -F "$T/c/$cdir/$name.md:" "$T/log" | sed "s|$T/c/||" >"$T/out/lint"
	if ! "$SITE" -q -o "$T/site" "$T/c" >"$T/log" 2>&1; then
		no "$name: fiveout-site failed"; scrub <"$T/log"; continue
	fi

	# <case>.html: the page's <article> element
	awk '/^<article[ >]/ { on = 1 } on { print } on && /^<\/article>$/ { exit }' \
	    "$T/site/$udir/$name/index.html" >"$T/out/html"
	if [ -s "$T/out/html" ]; then compare "$name.html" "$T/out/html" "$DIR/$name.html"
	else no "$name.html: no <article> in $udir/$name/index.html"; fi

	# <case>.search.txt
	if [ -f "$DIR/$name.queries" ]; then
		: >"$T/out/search"
		while IFS= read -r line; do
			case "$line" in ''|'#'*) continue ;; esac
			if ! (eval "set -- $line") 2>/dev/null; then
				echo "$DIR/$name.queries: not shell words: $line" >&2
				echo "bad query line: $line" >>"$T/out/search"
				continue
			fi
			eval "set -- $line"
			{
				echo "\$ fiveout-search $line"
				"$SRCH" --db "$T/idx" "$@" </dev/null >"$T/so" 2>"$T/se"
				st=$?
				cat "$T/so"
				sed 's/^/stderr: /' "$T/se"
				echo "[exit $st]"
				echo
			} | scrub >>"$T/out/search"
		done <"$DIR/$name.queries"
		compare "$name.search.txt" "$T/out/search" "$DIR/$name.search.txt"
	fi

	# <case>.segment.txt: the body, after the front matter
	awk 'n >= 2 { print } /^---$/ && n < 2 { n++ }' "$md" |
	    "$SRCH" --db "$T/idx" --segment 2>&1 | scrub >"$T/out/segment"
	compare "$name.segment.txt" "$T/out/segment" "$DIR/$name.segment.txt"

	# <case>.lint.txt: only when there is something to say
	if [ -s "$T/out/lint" ] || [ -f "$DIR/$name.lint.txt" ]; then
		compare "$name.lint.txt" "$T/out/lint" "$DIR/$name.lint.txt"
	fi
done

if [ "$xfail" -gt 0 ]; then
	echo "$pass passed, $fail failed ($xfail known failures: see $DIR/*.xfail)"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
