#!/bin/sh
# tests/e2e/serve.sh -- the editors' loop: fiveout-serve's HTTP behaviour
# (types, gzip twins, 404, ETag, refused paths, many readers, a reader
# that hangs up), its rebuild on save and lint errors through the event
# stream, and lint's GitHub annotations on every lint fixture.
. tests/e2e/lib.inc

SERVE=$B/fiveout-serve
command -v curl >/dev/null 2>&1 || { echo "curl is needed"; exit 1; }

# ---- lint --format github: one workflow command per diagnostic ---------
for d in tests/fixtures/lint/*/; do
	d=${d%/}
	"$B/fiveout-index" --check "$d" 2>"$T/plain" >/dev/null
	"$B/fiveout-index" --check --format github "$d" >"$T/gh" 2>/dev/null
	# path:line:col: error: msg -> ::error file=path,line=,col=,title=..::msg
	grep -E ': (error|warning): ' "$T/plain" | sed -E \
	    -e 's/^([^:]*):([0-9]+):([0-9]+): (error|warning): (.*)$/::\4 file=\1,line=\2,col=\3,title=fiveout lint::\5/' \
	    -e 's/^([^:]*):([0-9]+): (error|warning): (.*)$/::\3 file=\1,line=\2,title=fiveout lint::\4/' \
	    -e 's/^([^:]*): (error|warning): (.*)$/::\2 file=\1,title=fiveout lint::\3/' \
	    -e 's/,line=0,col=0,/,/; s/,col=0,/,/' >"$T/want"
	if [ -s "$T/want" ] && cmp -s "$T/want" "$T/gh"; then
		ok "lint --format github: $(basename "$d") ($(wc -l <"$T/gh") line(s))"
	else
		no "lint --format github: $(basename "$d")"; diff "$T/want" "$T/gh" | head -5
	fi
done

# ---- the server, on a copy of the content ------------------------------
cp -R content "$T/c"
"$SERVE" --db "$T/idx" --lexicon "$FIVEOUT_LEXICON" --port 0 -o "$T/site" \
    "$T/c" >"$T/out" 2>"$T/log" &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$T"' EXIT INT TERM
i=0
while ! grep -q '^fiveout-serve: http' "$T/out" 2>/dev/null && [ $i -lt 300 ]; do
	sleep 0.1; i=$((i + 1))
done
URL=$(sed -n 's/^fiveout-serve: \(http[^ ]*\).*/\1/p' "$T/out")
[ -n "$URL" ] && ok "listening on $URL" || { no "did not start"; cat "$T/log"; summary; exit 1; }

code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
hdr() { curl -s -D - -o /dev/null "$@" | tr -d '\r'; }

[ "$(code "$URL")" = 200 ] && ok "/ is 200" || no "/ is not 200"
hdr "$URL" | grep -qi '^content-type: text/html; charset=utf-8' &&
    ok "HTML is text/html; charset=utf-8" || no "HTML content type"
curl -s "${URL}clause/4/" | grep -q '<script src="/__fiveout/live.js"></script></body>' &&
    ok "pages get the live script before </body>" || no "no live script in the page"
grep -rq '__fiveout' "$T/site" && no "the live script reached the site's files" ||
    ok "the site's files never hold the live script"
hdr -H 'Accept-Encoding: gzip' "${URL}assets/style.css" >"$T/h"
grep -qi '^content-encoding: gzip' "$T/h" && grep -qi '^vary: accept-encoding' "$T/h" &&
    ok "a .gz twin with Content-Encoding: gzip" || no "no gzip twin served"
curl -s -H 'Accept-Encoding: gzip' "${URL}assets/style.css" | gzip -dc | cmp -s - "$T/site/assets/style.css" &&
    ok "the twin inflates to the file" || no "the twin is not the file"
hdr "${URL}assets/style.css" | grep -qi '^content-encoding' &&
    no "gzip without Accept-Encoding" || ok "plain without Accept-Encoding"
hdr "${URL}assets/style.css" | grep -qi '^content-type: text/css; charset=utf-8' &&
    ok "CSS is text/css; charset=utf-8" || no "CSS content type"
[ "$(code "${URL}no/such/page/")" = 404 ] && ok "a missing page is 404" || no "missing page status"
curl -s "${URL}no/such/page/" | cmp -s - "$T/site/404.html" &&
    ok "... with the site's 404.html" || no "404 body is not 404.html"
ETAG=$(hdr "${URL}assets/site.js" | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')
[ -n "$ETAG" ] && [ "$(code -H "If-None-Match: $ETAG" "${URL}assets/site.js")" = 304 ] &&
    ok "ETag and If-None-Match: 304" || no "no 304 for a matching ETag"
[ "$(code -H 'If-None-Match: "other"' "${URL}assets/site.js")" = 200 ] &&
    ok "another ETag: 200" || no "a stale ETag is not 200"
[ "$(code "${URL}clause/4")" = 301 ] && ok "a folder without its slash: 301" || no "no redirect to the slash"
for p in '../../../../etc/passwd' '%2e%2e/%2e%2e/etc/passwd' 'clause/%2e%2e/%2e%2e/%2e%2e/etc/passwd' \
    '.fiveout-cache' 'assets/..%2f..%2f..%2fetc/passwd'; do
	c=$(code --path-as-is "$URL$p")
	[ "$c" = 403 ] || [ "$c" = 404 ] && ok "refused: /$p ($c)" || no "served /$p ($c)"
done
ln -s /etc "$T/site/out"
[ "$(code "${URL}out/passwd")" = 403 ] && ok "a symlink out of the site: 403" || no "followed a symlink out"
rm "$T/site/out"
[ "$(code -X POST "$URL")" = 405 ] && ok "POST: 405" || no "POST accepted"

# many readers at once, one of them hanging up mid-response
for n in $(seq 1 24); do code "${URL}search/engine.js" >"$T/par.$n" & done
curl -s --max-time 0.2 --limit-rate 1k "${URL}search/engine.js" >/dev/null 2>&1 &
wait_children=0
for n in $(seq 1 24); do
	while [ ! -s "$T/par.$n" ] && [ $wait_children -lt 200 ]; do sleep 0.05; wait_children=$((wait_children + 1)); done
done
[ "$(cat "$T"/par.* | tr -d '\n')" = "$(printf '200%.0s' $(seq 1 24))" ] &&
    ok "24 readers at once, each 200" || no "parallel readers: $(cat "$T"/par.* | tr '\n' ' ')"
sleep 0.3
[ "$(code "$URL")" = 200 ] && ok "still serving after a reader hung up" || no "stopped after a hang-up"

# the build state: an event stream; a save rebuilds, an error is reported
events() { curl -s -N --max-time "$1" "${URL}__fiveout/events" >"$T/ev" 2>/dev/null; }
events 1
grep -q '^data: {"gen":1,"errors":\[\]}' "$T/ev" && ok "events: the current state at once" ||
    { no "events: no state"; cat "$T/ev"; }
NOTE=$(ls "$T/c/annotations" | head -1)
( sleep 0.5; printf '\n海豹预览测试。\n' >>"$T/c/annotations/$NOTE" ) &
events 6
grep -q '"gen":2,"errors":\[\]' "$T/ev" && ok "a save: a new generation, no errors" ||
    { no "no rebuild after a save"; cat "$T/ev" "$T/log"; }
grep -rq '海豹预览测试' "$T/site/annotation/" && ok "... and the page has the new text" ||
    no "the rebuilt page lacks the new text"
( sleep 0.5; sed -i 's/^title:/titel:/' "$T/c/annotations/$NOTE" ) &
events 6
grep -q "\"gen\":3,\"errors\":\[{\"file\":\"$T/c/annotations/$NOTE\",\"line\":" "$T/ev" &&
    ok "a lint error: reported with its file and line" || { no "no error event"; cat "$T/ev"; }
grep -q '海豹预览测试' "$T/site/annotation/"*/index.html && ok "... and the last good site stays" ||
    no "the site changed on an error"
( sleep 0.5; sed -i 's/^titel:/title:/' "$T/c/annotations/$NOTE" ) &
events 6
grep -q '"gen":4,"errors":\[\]' "$T/ev" && ok "fixed: no errors again" || { no "not cleared"; cat "$T/ev"; }
# the rebuilds update the tree replaced before (site.spare) in place:
# the site is still exactly what a fresh build makes
( sleep 0.5; printf '\n海豹再测。\n' >>"$T/c/annotations/$NOTE" ) &
events 6
grep -q '"gen":5,"errors":\[\]' "$T/ev" && [ -f "$T/site.spare/.fiveout-site" ] &&
    ok "another save: rebuilt, the replaced tree kept as the spare" ||
    { no "no rebuild, or no spare"; cat "$T/ev"; ls "$T"; }
digest() { (cd "$1" && find . ! -name '.fiveout-cache' ! -type d | LC_ALL=C sort |
    while read -r f; do if [ -L "$f" ]; then echo "link $f"; else sha1sum "$f"; fi; done) | sha1sum; }
"$B/fiveout-site" -q --db "$T/idx" --base-url "$URL" -o "$T/fresh" "$T/c" 2>"$T/ferr" &&
    [ "$(digest "$T/site")" = "$(digest "$T/fresh")" ] &&
    ok "the site updated in place is the fresh build, file for file" ||
    { no "the site differs from a fresh build"; cat "$T/ferr"; diff -r "$T/site" "$T/fresh" | head -5; }

kill $PID
wait $PID 2>/dev/null
[ $? -le 128 ] || true
ok "stops on SIGTERM"
[ ! -e "$T/site.spare" ] && [ -f "$T/site/.fiveout-site" ] &&
    ok "... leaving the site and no spare tree beside it" || { no "a spare tree was left"; ls "$T"; }
summary
