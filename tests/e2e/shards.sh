#!/bin/sh
# tests/e2e/shards.sh -- a sharded index (fiveout-index --shards N) and
# remote shards: three shards served by xapian-tcpsrv (Debian's
# xapian-tools, installed by scripts/deps.sh) on free local ports, read
# through a stub file (fiveout-search --db STUB), answer every relevance
# query as the local index does; a shard that is down or does not answer
# is an error naming it (exit 2, nothing on standard output) unless
# --allow-partial, and then the text and the JSON name it.
. "$(dirname "$0")/lib.inc"
IDX="$B/fiveout-index"
SRCH="$B/fiveout-search"
unset FIVEOUT_DB NO_COLOR

PIDS=""
stop_servers() { for p in $PIDS; do kill "$p" 2>/dev/null; kill -CONT "$p" 2>/dev/null; done; }
trap 'stop_servers; rm -rf "$T"' EXIT INT TERM

# ---- fiveout-index --shards ---------------------------------------------
"$IDX" -q --shards 0 --db "$T/x" content 2>"$T/err"
[ $? -eq 2 ] && grep -q -- '--shards takes a number from 1 to 64' "$T/err" &&
	ok "--shards 0: exit 2 and why" || no "--shards 0: $(cat "$T/err")"
if "$IDX" -q --shards 3 --db "$T/idx" content 2>"$T/err"; then
	ok "--shards 3 builds"
else
	no "--shards 3: $(cat "$T/err")"
fi
[ "$(cat "$T/idx/XAPIANDB" 2>/dev/null)" = "auto shard0
auto shard1
auto shard2" ] && ok "the index is a stub listing its shards" ||
	no "stub: $(cat "$T/idx/XAPIANDB")"
"$IDX" --verify --db "$T/idx" >"$T/out" 2>"$T/err" &&
	grep -q "Xapian's check passed" "$T/out" &&
	ok "--verify checks every shard" || no "--verify: $(cat "$T/err")"
# a damaged shard is named (in a copy: the index serves below)
cp -R "$T/idx.gen/1" "$T/dmg"
python3 -c 'import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[len(b) // 2] ^= 0x55
open(p, "wb").write(bytes(b))' "$T/dmg/shard1/postlist.glass"
"$IDX" --verify --db "$T/dmg" >"$T/out" 2>"$T/err"
[ $? -eq 2 ] && grep -q 'shard1/postlist.glass is damaged' "$T/err" &&
	ok "--verify names a damaged shard's file" || no "damaged: $(cat "$T/err")"
# not told how many, an update keeps the index's shards
"$IDX" --db "$T/idx" content 2>"$T/err" &&
	grep -q '77 unchanged' "$T/err" && [ -f "$T/idx/shard2/iamglass" ] &&
	ok "an update keeps 3 shards and rewrites no page" ||
	no "update: $(cat "$T/err")"

# the site's export reads the shards as one: the same site, byte for byte
"$B/fiveout-site" --db "$T/idx" -o "$T/site3" content >/dev/null 2>&1 &&
	"$B/fiveout-site" --db "$B/index" -o "$T/site1" content >/dev/null 2>&1 &&
	diff -r "$T/site1" "$T/site3" >/dev/null &&
	ok "the site (and its search store) from 3 shards = from one database" ||
	no "the site differs: $(diff -r "$T/site1" "$T/site3" | head -c 300)"

# ---- three shards over TCP ------------------------------------------------
if ! command -v xapian-tcpsrv >/dev/null 2>&1; then
	no "xapian-tcpsrv is missing: install xapian-tools (make deps)"
	summary
	exit 1
fi
set -- $(python3 -c '
import socket
ss = [socket.socket() for _ in range(3)]
for s in ss: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))')
P1=$1 P2=$2 P3=$3
i=0
for port in $P1 $P2 $P3; do
	# its own session: xapian-tcpsrv signals its process group on exit
	setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$port" \
	    "$T/idx/shard$i" >"$T/srv$i.log" 2>&1 &
	PIDS="$PIDS $!"
	eval "PID$i=$!"
	i=$((i + 1))
done
printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' \
    "$P1" "$P2" "$P3" >"$T/remote.stub"
up=0
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	if "$SRCH" --db "$T/remote.stub" 海外仓 >/dev/null 2>&1; then
		up=1
		break
	fi
	sleep 0.25
done
[ $up -eq 1 ] && ok "three xapian-tcpsrv shards answer" ||
	no "the servers did not start: $(cat "$T"/srv*.log)"

# every relevance query: the same JSON from the remote shards, the local
# shards and one database
n=0 bad=0
for f in tests/relevance/queries.txt tests/relevance/readers.txt; do
	while IFS='	' read -r cat q _; do
		case $cat in ''|'#'*) continue ;; esac
		n=$((n + 1))
		"$SRCH" --db "$B/index" --json --limit 100 -- "$q" >"$T/one" 2>&1
		"$SRCH" --db "$T/idx" --json --limit 100 -- "$q" >"$T/local" 2>&1
		"$SRCH" --db "$T/remote.stub" --json --limit 100 -- "$q" \
		    >"$T/remote" 2>&1
		if ! cmp -s "$T/one" "$T/local" || ! cmp -s "$T/one" "$T/remote"
		then
			bad=$((bad + 1))
			[ $bad -le 3 ] && echo "# differs: $q" &&
			    diff "$T/one" "$T/remote" | head -c 600
		fi
	done <"$f"
done
[ $n -ge 170 ] && [ $bad -eq 0 ] &&
	ok "$n relevance queries: remote shards = local shards = one database" ||
	no "$bad of $n relevance queries differ"
"$SRCH" --db "$B/index" 跨境电商 >"$T/one" 2>&1
"$SRCH" --db "$T/remote.stub" 跨境电商 >"$T/remote" 2>&1
cmp -s "$T/one" "$T/remote" && ok "the text output is the same" ||
	no "text differs: $(diff "$T/one" "$T/remote" | head -c 400)"

# ---- a shard that does not answer (stopped: the connection is accepted,
# no reply comes) ----------------------------------------------------------
kill -STOP "$PID2"
"$SRCH" --db "$T/remote.stub" --timeout 300 海外仓 >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && [ ! -s "$T/out" ] &&
	grep -q "remote.stub:3 (remote 127.0.0.1:$P3) is unavailable" "$T/err" &&
	grep -qi 'timeout' "$T/err" &&
	ok "a shard timing out: exit 2 naming it" ||
	no "timeout: exit $rc: $(cat "$T/err")"
"$SRCH" --db "$T/remote.stub" --timeout 300 --allow-partial 海外仓 \
    >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] &&
	grep -q "^partial result: shard .*remote.stub:3 (remote 127.0.0.1:$P3) is missing" "$T/out" &&
	ok "--allow-partial: the text names the shard that timed out" ||
	no "--allow-partial timeout: exit $rc: $(cat "$T/out" "$T/err")"
kill -CONT "$PID2"

# ---- a shard that is down -------------------------------------------------
kill "$PID1"
wait "$PID1" 2>/dev/null
"$SRCH" --db "$T/remote.stub" 海外仓 >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && [ ! -s "$T/out" ] &&
	grep -q "remote.stub:2 (remote 127.0.0.1:$P2) is unavailable" "$T/err" &&
	ok "a shard down: exit 2 naming it, no partial answer" ||
	no "down: exit $rc: $(cat "$T/out" "$T/err")"
"$SRCH" --db "$T/remote.stub" --json --allow-partial --limit 100 外贸 \
    >"$T/out" 2>"$T/err"
rc=$?
"$SRCH" --db "$B/index" --json --limit 100 外贸 >"$T/full" 2>&1
python3 - "$T/out" "$T/full" "$P2" <<'EOF'
import json, sys
part, full = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
miss = part.get("missing_shards", [])
assert len(miss) == 1 and miss[0].endswith(
    "remote.stub:2 (remote 127.0.0.1:%s)" % sys.argv[3]), miss
assert 0 < part["total"] < full["total"], (part["total"], full["total"])
ids = {h["id"] for h in full["hits"]}
assert all(h["id"] in ids for h in part["hits"])
assert "missing_shards" not in full
EOF
[ $? -eq 0 ] && [ $rc -eq 0 ] &&
	ok "--allow-partial --json: missing_shards names it, the hits are the others'" ||
	no "--allow-partial --json: exit $rc: $(head -c 400 "$T/out") $(cat "$T/err")"

# ---- nothing answers ------------------------------------------------------
stop_servers
for p in $PIDS; do wait "$p" 2>/dev/null; done
PIDS=""
"$SRCH" --db "$T/remote.stub" --allow-partial 海外仓 >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'no shard of .*remote.stub is available' "$T/err" &&
	ok "no shard at all: exit 2 even with --allow-partial" ||
	no "none: exit $rc: $(cat "$T/err")"

# ---- a stub that does not read ---------------------------------------------
printf 'auto shard0\nremote host-without-port\nbogus\n' >"$T/bad.stub"
"$SRCH" --db "$T/bad.stub" 海外仓 >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'bad.stub:3: not a shard' "$T/err" &&
	ok "a bad stub line: exit 2 naming the file and line" ||
	no "bad stub: exit $rc: $(cat "$T/err")"
summary
