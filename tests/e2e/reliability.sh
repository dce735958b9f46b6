#!/bin/sh
# tests/e2e/reliability.sh -- the holes an attacker found stay closed:
# symbolic links in the content tree, over-long names and query words,
# an index of other content, and what the programs print on bad usage.
. tests/e2e/lib.inc

IDX="$B/fiveout-index" SEARCH="$B/fiveout-search" SITE="$B/fiveout-site"

# 1. a symlinked content folder (or file) is an error, whatever it points at
cp -R content "$T/c"
mkdir "$T/outside"
cp content/annotations/kuajing-dianshang-liandong.md "$T/outside/secret.md"
rm -rf "$T/c/annotations"
ln -s "$T/outside" "$T/c/annotations"
"$IDX" --check "$T/c" >/dev/null 2>"$T/err"; rc=$?
[ $rc = 1 ] && grep -q "^$T/c/annotations: error: a symbolic link" "$T/err" &&
    ok "a symlinked annotations/ is a lint error naming it" || { no "symlinked folder: rc $rc"; cat "$T/err"; }
grep -q secret "$T/err" && no "the linked folder's files were read" || ok "the linked folder is not read"
"$IDX" -q --db "$T/idx" "$T/c" 2>/dev/null && no "the index was built over a link" ||
    ok "the index build refuses it (exit $?)"
rm "$T/c/annotations"; ln -s /etc "$T/c/annotations"
"$IDX" --check "$T/c" >/dev/null 2>"$T/err"
! grep -q "/etc/" "$T/err" && [ "$(grep -c 'error:' "$T/err")" = 1 ] &&
    ok "pointed at /etc: one error, nothing listed from /etc" || { no "pointed at /etc"; head -3 "$T/err"; }
rm "$T/c/annotations"; cp -R content/annotations "$T/c/annotations"
ln -s "$T/outside/secret.md" "$T/c/annotations/zzz-link.md"
"$IDX" --check "$T/c" >/dev/null 2>"$T/err"
grep -q "zzz-link.md:1:1: error: a symbolic link" "$T/err" && ok "a symlinked file: the same error" ||
    { no "symlinked file"; cat "$T/err"; }
rm "$T/c/annotations/zzz-link.md"

# 2. a file name too long for the index is a lint error, before any build
LONG=$(printf 'a%.0s' $(seq 1 234))
cp content/annotations/kuajing-dianshang-liandong.md "$T/c/annotations/$LONG.md"
"$IDX" --check "$T/c" >/dev/null 2>"$T/err"; rc=$?
[ $rc = 1 ] && grep -q "$LONG.md:1:1: error:" "$T/err" && ok "a 234-character name: lint error" ||
    { no "long name passes lint (rc $rc)"; tail -2 "$T/err"; }
rm "$T/c/annotations/$LONG.md"

# a file name holding a newline: its diagnostic is still one line
cp content/annotations/kuajing-dianshang-liandong.md "$T/c/annotations/a
b.md"
"$IDX" --check "$T/c" >/dev/null 2>"$T/err"
grep -q 'annotations/a\\x0ab.md:1:1: error: unsafe file name' "$T/err" &&
    [ "$(grep -c 'error:' "$T/err")" = 1 ] && [ "$(wc -l <"$T/err")" = 2 ] &&
    ok "a newline in a file name is printed escaped: one line" || { no "newline in a name"; cat "$T/err"; }
rm "$T/c/annotations/a
b.md"

# 3. a query word past the index's term limit matches nothing (exit 1)
W=$(printf 'a%.0s' $(seq 1 300))
"$SEARCH" "$W" >/dev/null 2>"$T/err"; rc=$?
[ $rc = 1 ] && ok "a 300-byte word: no results, exit 1" || { no "a 300-byte word: exit $rc"; cat "$T/err"; }
"$SEARCH" "跨境电商 $W" >/dev/null 2>&1; rc=$?
[ $rc = 0 ] && ok "... beside a real word: the real word's pages" || no "long word beside a real one: exit $rc"

# 4. the site refuses an index of other content
"$IDX" -q --db "$T/idx2" content
rm "$T/c/annotations/$(ls "$T/c/annotations" | head -1)"
"$SITE" -q --db "$T/idx2" -o "$T/site" "$T/c" 2>"$T/err"; rc=$?
[ $rc = 2 ] && grep -q "built from other content" "$T/err" && [ ! -d "$T/site" ] &&
    ok "an index of other content: refused, exit 2, nothing written" || { no "other content: rc $rc"; cat "$T/err"; }

# 6. an index checks itself: --verify names the damaged file
"$IDX" -q --db "$T/vidx" content
"$IDX" --verify --db "$T/vidx" >"$T/out" 2>&1 && grep -q "as written" "$T/out" &&
    ok "--verify: an intact index passes" || { no "--verify on an intact index"; cat "$T/out"; }
G=$(readlink -f "$T/vidx")
for f in docdata.glass postlist.glass termlist.glass; do
	cp "$G/$f" "$T/$f.keep"
	/usr/bin/python3 -c "import sys; p=sys.argv[1]; b=bytearray(open(p,'rb').read()); b[len(b)//2]^=4; open(p,'wb').write(b)" "$G/$f"
	"$IDX" --verify --db "$T/vidx" >/dev/null 2>"$T/err"; rc=$?
	[ $rc = 2 ] && grep -q "$G/$f is damaged" "$T/err" && grep -q "rebuild" "$T/err" &&
	    ok "--verify: one flipped bit in $f: exit 2, the file named" ||
	    { no "--verify missed a flipped bit in $f (rc $rc)"; cat "$T/err"; }
	cp "$T/$f.keep" "$G/$f"
done
"$IDX" --verify --db "$T/vidx" >/dev/null 2>&1 && ok "--verify: restored, passes again" || no "restored index fails"

# a new user's first tries: --db alone from another folder finds the
# lexicon beside the index; no --db finds the index beside the program
ABS=$(cd "$B" && pwd)
(cd / && env -u FIVEOUT_LEXICON -u FIVEOUT_DB "$ABS/fiveout-search" --db "$ABS/index" 海外仓 >"$T/o1" 2>&1) &&
    grep -q "（四）" "$T/o1" && ok "--db from another folder: the lexicon beside the index" ||
    { no "--db from another folder"; cat "$T/o1"; }
(cd / && env -u FIVEOUT_LEXICON -u FIVEOUT_DB "$ABS/fiveout-search" 海外仓 >"$T/o2" 2>&1) &&
    grep -q "（四）" "$T/o2" && ok "no --db, from another folder: the index beside the program" ||
    { no "no --db from another folder"; cat "$T/o2"; }

# 5. usage: one line; a '-' before Chinese is a word; control bytes escaped
"$SEARCH" --bogus 外贸 >/dev/null 2>"$T/err"; rc=$?
[ $rc = 2 ] && [ "$(wc -l <"$T/err")" = 1 ] && grep -q -- "--bogus" "$T/err" &&
    ok "an unknown option: one line, exit 2" || { no "unknown option: rc $rc"; cat "$T/err"; }
"$SEARCH" -海外仓 外贸 >"$T/out" 2>"$T/err"; rc=$?
[ $rc -le 1 ] && [ ! -s "$T/err" ] && ok "-海外仓 外贸 is a query (exit $rc)" ||
    { no "-海外仓: rc $rc"; cat "$T/err"; }
"$SEARCH" "$(printf 'q\033[31mred')" >"$T/out" 2>&1
grep -q "$(printf '\033')" "$T/out" && no "control bytes reach the terminal" ||
    ok "control bytes in a query are printed escaped"
for p in index search site serve; do
	v=$("$B/fiveout-$p" --version 2>&1)
	echo "$v" | grep -q "^fiveout-$p [0-9]" && ok "fiveout-$p --version: $v" || no "fiveout-$p --version: $v"
done
summary
