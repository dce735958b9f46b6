#!/bin/sh
# tests/e2e/search.sh -- fiveout-search from the command line, against the
# index `make` built: ranking of the flagship query, Traditional,
# synonyms, pinyin, highlighting on a terminal only, JSON, exit status
# (0 hits, 1 none, 2 error), one-line errors for every bad input and
# index, --segment, the man page, and the relevance floors.
. "$(dirname "$0")/lib.inc"
S="$B/fiveout-search"
unset FIVEOUT_DB NO_COLOR

# run NAME WANT_STATUS ARGS...: output in $T/out, $T/err
run() {
	name=$1 want=$2
	shift 2
	"$S" "$@" >"$T/out" 2>"$T/err"
	st=$?
	if [ "$st" -eq "$want" ]; then ok "$name (exit $st)"; else
		no "$name: exit $st, want $want: $(head -c 300 "$T/err")"; fi
}

# error NAME ARGS...: exit 2, exactly one line on stderr, nothing on stdout
error() {
	name=$1
	shift
	run "$name" 2 "$@"
	n=$(wc -l <"$T/err")
	if [ "$n" -eq 1 ] && [ ! -s "$T/out" ]; then ok "$name: one-line error"
	else no "$name: $n lines: $(cat "$T/err")"; fi
}

has() {	# has NAME FILE TEXT
	if grep -qF -- "$3" "$2"; then ok "$1"; else no "$1: no '$3' in $(head -c 400 "$2")"; fi
}

# 1. the flagship query, run from the repo root with no flag
run "跨境电商 finds pages" 0 跨境电商
first=$(grep -m2 '^（' "$T/out" | tr '\n' ' ')
[ "$first" = "（四）发展外贸新业态 （十六）高质量建设境外经贸合作区 " ] &&
    ok "（四） and （十六） come first" || no "first hits: $first"
has "section label shown" "$T/out" "二、全力推动外贸稳规模优结构"
has "page path with sentence anchor" "$T/out" "/clause/4/#p1s1"
has "glossary entries labelled" "$T/out" "[glossary] 跨境电商"
has "annotations labelled" "$T/out" "[annotation] "
has "synonym shown" "$T/out" "also searched: 跨境电子商务"
grep -m2 '^（' "$T/out" >"$T/simp"
if printf '\033' | grep -qF "$(printf '\033')" "$T/out"; then
	no "piped output has escape codes"; else ok "no escape codes when piped"; fi

for q in 跨境電商 跨境电子商务 "kuajing dianshang"; do
	# shellcheck disable=SC2086
	run "$q finds pages" 0 $q
	grep -m2 '^（' "$T/out" >"$T/other"
	cmp -s "$T/simp" "$T/other" && ok "$q: same first hits as 跨境电商" ||
	    no "$q: first hits $(tr '\n' ' ' <"$T/other")"
done
has "pinyin interpretation shown" "$T/out" "pinyin kuajing dianshang → 跨境电商"
run "rcep stays a word" 0 rcep
grep -q '^pinyin' "$T/out" && no "rcep taken as pinyin" || ok "rcep not taken as pinyin"

# 2. bold on a terminal, not with NO_COLOR
if command -v script >/dev/null 2>&1; then
	script -qec "$S 跨境电商" /dev/null >"$T/tty" 2>&1
	grep -q "$(printf '\033\\[1m')跨境电商" "$T/tty" && ok "bold on a terminal" ||
	    no "no bold on a terminal"
	NO_COLOR=1 script -qec "$S 跨境电商" /dev/null >"$T/tty" 2>&1
	grep -q "$(printf '\033')" "$T/tty" && no "escape codes with NO_COLOR" ||
	    ok "NO_COLOR turns bold off"
fi

# 3. JSON
run "--json" 0 --json --limit 3 跨境電商
if command -v python3 >/dev/null 2>&1; then
	python3 - "$T/out" <<'EOF' >"$T/py" 2>&1 && ok "JSON fields and highlight offsets" || no "JSON: $(cat "$T/py")"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["query"] == "跨境電商" and d["total"] >= 2 and d["fallback"] is False
assert d["also_searched"] == ["跨境电子商务"] and d["pinyin"] is None
assert len(d["hits"]) == 3
h = d["hits"][0]
assert h["kind"] == "clause" and h["number"] == 4 and h["id"] == "clause:4"
assert h["label"] == "（四）发展外贸新业态" and h["section"] == 2
assert h["url"].startswith("/clause/4/")
b = h["snippet"].encode("utf-8")
for (s, e), (cs, ce) in zip(h["highlights"], h["highlights_chars"]):
    assert b[s:e].decode("utf-8") == "跨境电商", b[s:e]
    assert h["snippet"][cs:ce] == "跨境电商"
EOF
	"$S" --json 'qqq"x\y' >"$T/out" 2>"$T/err"
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["query"]=="qqq\"x\\y", d' "$T/out" &&
	    ok "JSON strings escaped" || no "JSON escaping: $(cat "$T/out")"
fi

# 4. fall-back, no hits, suggestions
run "fall-back" 0 跨境电商 中欧班列
has "fall-back said" "$T/out" "no page has all the words"
run "no hits" 1 跨境电伤
has "suggestion" "$T/out" "did you mean: 跨境电商"
run "filters" 0 --kind glossary 海外仓
has "--kind glossary" "$T/out" "[glossary] 海外仓"
grep -q '^（' "$T/out" && no "--kind glossary shows clauses" || ok "--kind keeps one kind"

# 5. errors: one line, exit 2
error "empty query" ''
error "blank query" '   '
error "no query"
error "invalid UTF-8" "$(printf 'ab\377')"
error "query too long" "$(printf '%01100d' 0)"
error "too many words" $(seq 1 70)
error "punctuation only" '，！'
error "unknown kind" kind:foo
error "no section 9" section:9
error "no clause 25" clause:25
error "unknown filter" foo:bar
error "stray parenthesis" 'a )'
error "bad --limit" --limit 0 x
error "bad --kind" --kind foo x
error "missing index" --db "$T/nothing" x
has "missing index says what to do" "$T/err" "make"
mkdir -p "$T/bad"
cp -RL "$B/index/." "$T/bad/"
for f in "$T/bad"/*; do : >"$f"; done
error "corrupt index" --db "$T/bad" x
if "$B/fiveout-index" --compile-lexicon /dev/null "$T/tiny.bin" >/dev/null 2>&1 ||
    { printf '跨境 10\n' >"$T/tiny.txt" &&
    "$B/fiveout-index" --compile-lexicon "$T/tiny.txt" "$T/tiny.bin" >/dev/null 2>&1; }; then
	FIVEOUT_LEXICON="$T/tiny.bin" "$S" x >"$T/out" 2>"$T/err"
	st=$?
	[ "$st" -eq 2 ] && grep -q "different analyzer" "$T/err" &&
	    [ "$(wc -l <"$T/err")" -eq 1 ] && ok "incompatible index: rebuild" ||
	    no "incompatible index: exit $st: $(cat "$T/err")"
fi
FIVEOUT_DB="$T/nothing" "$S" x >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q "$T/nothing" "$T/err" && ok "FIVEOUT_DB is used" ||
    no "FIVEOUT_DB: $(cat "$T/err")"

# 6. --segment
printf '支持广州、深圳建设跨境电商国际枢纽城市\n' | "$S" --segment >"$T/out" 2>"$T/err"
[ $? -eq 0 ] && grep -q '跨境电商 国际' "$T/out" && ok "--segment cuts lines" ||
    no "--segment: $(cat "$T/out" "$T/err")"

# 7. the man page
if command -v mandoc >/dev/null 2>&1; then
	mandoc -Tlint -W warning search/fiveout-search.1 >"$T/lint" 2>&1 &&
	    ok "fiveout-search.1 lints clean" || no "mandoc: $(cat "$T/lint")"
fi

# 8. relevance floors (tests/test_relevance.c)
if [ -x "$B/tests/test_relevance" ] || make -s "B=$B" "$B/tests/test_relevance" >/dev/null 2>&1; then
	if FO_BUILD="$B" "$B/tests/test_relevance" >"$T/rel" 2>&1; then
		ok "relevance: $(grep overall "$T/rel" | tr -s ' ')"
	else
		no "relevance"; cat "$T/rel"
	fi
fi

# the start: a search loads only what its query path needs -- no
# Markdown or YAML (content/), and OpenCC and ICU's transliterator only
# when a query needs them (indexer/analyze/late.c: dlopen at first use)
needed=$(readelf -d "$S" | sed -n 's/.*NEEDED.*\[\(.*\)\]/\1/p' | tr '\n' ' ')
case "$needed" in
*cmark*|*yaml*|*opencc*|*icui18n*) no "fiveout-search links more than searching needs: $needed" ;;
*xapian*) ok "fiveout-search links only what searching needs" ;;
*) no "fiveout-search: no libxapian among $needed" ;;
esac
if command -v strace >/dev/null 2>&1; then
	strace -f -e trace=openat -o "$T/trace" "$S" 跨境电商 >/dev/null 2>&1
	if grep -q "libopencc\|libicui18n\|/opencc/" "$T/trace"; then
		no "a Simplified query loaded OpenCC or libicui18n"
	else ok "a Simplified query loads neither OpenCC nor libicui18n"; fi
	strace -f -e trace=openat -o "$T/trace" "$S" 發展跨境電商 >/dev/null 2>&1
	grep -q "libopencc.*= [0-9]" "$T/trace" && ok "a Traditional query loads OpenCC" ||
		no "a Traditional query did not load OpenCC"
fi

summary
