#!/bin/sh
# tests/e2e/fault.sh -- builds killed at random moments (kill -9) leave
# the previous index and site byte-identical, the next build succeeds,
# and nothing is left behind (no site.new-*, no stale generations).
. tests/e2e/lib.inc

cp -R content "$T/c"
"$B/fiveout-index" -q --db "$T/idx" "$T/c" || { no "first index build"; summary; exit 1; }
"$B/fiveout-site" -q --db "$T/idx" -o "$T/site" "$T/c" || { no "first site build"; summary; exit 1; }

# a digest of every file of a tree (names, bytes)
digest() { (cd "$1" && find . -type f ! -name '.fiveout-cache' | LC_ALL=C sort | xargs sha1sum) | sha1sum; }
NOTE="$T/c/annotations/$(ls "$T/c/annotations" | head -1)"
ORIG=$(cat "$NOTE")
i=0
while [ $i -lt 8 ]; do
	i=$((i + 1))
	before_site=$(digest "$T/site")
	printf '%s\n\n第%s次修改。\n' "$ORIG" "$i" >"$NOTE"
	# a random moment of the site build: 0-290 ms
	ms=$(awk -v s="$i" 'BEGIN { srand(s * 7919); printf "%d", rand() * 290 }')
	"$B/fiveout-index" -q --db "$T/idx" "$T/c"
	"$B/fiveout-site" -q --db "$T/idx" -o "$T/site" "$T/c" >/dev/null 2>&1 &
	pid=$!
	sleep "$(awk -v m="$ms" 'BEGIN { printf "%.3f", m / 1000 }')"
	kill -9 $pid 2>/dev/null && killed=1 || killed=0
	wait $pid 2>/dev/null
	after=$(digest "$T/site")
	# killed before the switch: the old site whole; after it: the new one
	# whole -- never a mix (the digest is one of the two)
	if [ "$after" = "$before_site" ]; then
		ok "site kill $i at ${ms} ms (killed=$killed): previous site intact"
	else
		"$B/fiveout-site" -q --db "$T/idx" -o "$T/fresh" "$T/c" >/dev/null 2>&1
		[ "$after" = "$(digest "$T/fresh")" ] && ok "site kill $i at ${ms} ms: new site whole" ||
		    no "site kill $i at ${ms} ms: a mixed site"
		rm -rf "$T/fresh" "$T/fresh.lock"
	fi
	"$B/fiveout-site" -q --db "$T/idx" -o "$T/site" "$T/c" >/dev/null 2>&1 &&
	    ok "site kill $i: the next build succeeds" || no "site kill $i: the next build fails"
	left=$(ls -d "$T"/site.new-* "$T"/site.old-* 2>/dev/null | wc -l)
	[ "$left" -eq 0 ] && ok "site kill $i: no work folder left" || no "site kill $i: $left work folder(s) left"
done

# the index: killed mid-build, it still answers as before
j=0
while [ $j -lt 5 ]; do
	j=$((j + 1))
	before=$("$B/fiveout-search" --db "$T/idx" --json 跨境电商 | md5sum)
	printf '%s\n\n再改第%s次。\n' "$ORIG" "$j" >"$NOTE"
	rm -rf "$T/idx.stamp"
	"$B/fiveout-index" --db "$T/idx" "$T/c" >/dev/null 2>&1 &
	pid=$!
	sleep "0.0$((j * 2))"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	if "$B/fiveout-search" --db "$T/idx" --json 跨境电商 >"$T/s.json" 2>"$T/s.err"; then
		ok "index kill $j: the index still answers"
	else
		no "index kill $j: $(cat "$T/s.err")"
	fi
	"$B/fiveout-index" -q --db "$T/idx" "$T/c" && ok "index kill $j: the next build succeeds" ||
	    no "index kill $j: the next build fails"
	[ "$before" != "" ] || true
done
# searches while the index is rebuilt again and again: every one answers
printf '%s\n' "$ORIG" >"$NOTE"
(k=0; while [ $k -lt 6 ]; do k=$((k + 1));
	printf '%s\n\n第%s轮。\n' "$ORIG" "$k" >"$NOTE";
	"$B/fiveout-index" -q --db "$T/idx" "$T/c"; done) &
rb=$!
bad=0 n=0
while kill -0 $rb 2>/dev/null && [ $n -lt 400 ]; do
	n=$((n + 1))
	"$B/fiveout-search" --db "$T/idx" --json 跨境电商 >/dev/null 2>>"$T/during" || bad=$((bad + 1))
done
wait $rb
[ $bad -eq 0 ] && ok "$n searches during 6 rebuilds: every one answered" ||
    { no "$bad of $n searches during rebuilds failed"; head -3 "$T/during"; }

# a damaged lexicon (one bit flipped a third of the way in, among the
# word frequencies): a search's start checks only the size and structure
# (lexicon.c, "What is checked when"), so it answers, never crashing;
# every build, fiveout-index --verify and fiveout-search --check-lexicon
# check the whole file and refuse it with its name
cp "$FIVEOUT_LEXICON" "$T/lex.bin"
/usr/bin/python3 -c "import sys; p=sys.argv[1]; b=bytearray(open(p,'rb').read()); b[len(b)//3]^=1; open(p,'wb').write(b)" "$T/lex.bin"
FIVEOUT_LEXICON="$T/lex.bin" "$B/fiveout-search" --db "$T/idx" 跨境电商 >/dev/null 2>"$T/lerr"; rc=$?
[ $rc -le 2 ] && ok "a damaged lexicon: a search exits $rc, no crash" ||
    { no "a damaged lexicon: search rc $rc"; cat "$T/lerr"; }
FIVEOUT_LEXICON="$T/lex.bin" "$B/fiveout-search" --db "$T/idx" --check-lexicon >/dev/null 2>"$T/lerr"; rc=$?
[ $rc = 2 ] && grep -q "$T/lex.bin.*checksum" "$T/lerr" && ok "a damaged lexicon: --check-lexicon exit 2, named" ||
    { no "a damaged lexicon: --check-lexicon rc $rc"; cat "$T/lerr"; }
FIVEOUT_LEXICON="$T/lex.bin" "$B/fiveout-index" -q --db "$T/idx2" "$T/c" 2>"$T/lerr"; rc=$?
[ $rc = 2 ] && grep -q "$T/lex.bin.*checksum" "$T/lerr" && [ ! -e "$T/idx2" ] &&
    ok "a damaged lexicon: the index build refuses it, named" ||
    { no "a damaged lexicon: index build rc $rc"; cat "$T/lerr"; }
FIVEOUT_LEXICON="$T/lex.bin" "$B/fiveout-index" --verify --db "$T/idx" >/dev/null 2>"$T/lerr"; rc=$?
[ $rc = 2 ] && grep -q "$T/lex.bin.*checksum" "$T/lerr" && ok "a damaged lexicon: --verify exit 2, named" ||
    { no "a damaged lexicon: --verify rc $rc"; cat "$T/lerr"; }
"$B/fiveout-index" --verify --db "$T/idx" >"$T/vout" 2>&1 && grep -q "^lexicon .*checksum ok" "$T/vout" &&
    ok "--verify checks the lexicon too" || { no "--verify and a good lexicon"; cat "$T/vout"; }
head -c 1000 "$FIVEOUT_LEXICON" >"$T/lex.bin"
FIVEOUT_LEXICON="$T/lex.bin" "$B/fiveout-search" --db "$T/idx" 跨境电商 >/dev/null 2>"$T/lerr"; rc=$?
[ $rc = 2 ] && grep -q "$T/lex.bin" "$T/lerr" && ok "a truncated lexicon: exit 2, named" ||
    { no "a truncated lexicon: rc $rc"; cat "$T/lerr"; }

gens=$(ls "$T/idx.gen" 2>/dev/null | grep -c "^[0-9]*$")
[ "$gens" -le 2 ] && ok "old index generations cleaned ($gens left)" || no "$gens index generations left"
summary
