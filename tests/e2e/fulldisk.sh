#!/bin/sh
# tests/e2e/fulldisk.sh -- a full disk: index and site builds into a
# small tmpfs that has 0 bytes to a few MB left.  A build that runs out
# of room exits 2 saying so, leaves the previous index and site
# byte-identical (the index still answers) and leaves nothing behind;
# once there is room again the next build succeeds.
#
# It runs in a private mount namespace (unshare -m, or -rm unprivileged),
# so the tmpfs goes away with the script.  Where neither is allowed the
# script says so and checks nothing.
if [ -z "${FO_FULLDISK_NS:-}" ]; then
	FO_FULLDISK_NS=1
	export FO_FULLDISK_NS
	for u in "unshare -m" "unshare -rm"; do
		if $u true 2>/dev/null; then exec $u sh "$0" "$@"; fi
	done
	echo "skip - fulldisk: no mount namespace here (unshare -m and -rm refused)"
	exit 0
fi
. tests/e2e/lib.inc

D="$T/disk"
mkdir -p "$D"
if ! mount -t tmpfs -o size=48m tmpfs "$D" 2>"$T/err"; then
	echo "skip - fulldisk: cannot mount a tmpfs: $(cat "$T/err")"
	exit 0
fi

cp -R content "$T/c"
"$B/fiveout-index" -q --db "$D/idx" "$T/c" || { no "first index build"; summary; exit 1; }
"$B/fiveout-site" -q --db "$D/idx" -o "$D/site" "$T/c" || { no "first site build"; summary; exit 1; }

digest() { (cd "$1" && find . -type f ! -name '.fiveout-cache' | LC_ALL=C sort | xargs sha1sum) | sha1sum; }
listing() { (cd "$D" && ls -a | grep -v '^fill$'); }

# leave FREE bytes on the disk: fill it, then give back FREE bytes
fill_to() {
	rm -f "$D/fill"
	dd if=/dev/zero of="$D/fill" bs=64k 2>/dev/null
	size=$(stat -c %s "$D/fill")
	if [ "$1" -gt 0 ]; then
		if [ "$1" -ge "$size" ]; then truncate -s 0 "$D/fill"
		else truncate -s "$((size - $1))" "$D/fill"; fi
	fi
}

# built WHAT RC DIR DIGEST_BEFORE KEPT: true if the build of WHAT (exit
# RC, stderr in $T/err) succeeded; else checks that it exited 2 saying
# the disk is full and KEPT, and left DIR byte-identical, and is false
built() {
	if [ "$2" -eq 0 ]; then
		ok "$1, $free bytes free: built within the room"
		return 0
	fi
	[ "$2" -eq 2 ] && ok "$1, $free bytes free: exit 2" || no "$1, $free bytes free: exit $2"
	grep -i "no space left" "$T/err" | grep -q "$5" &&
		ok "$1, $free bytes free: says the disk is full and the $1 was kept" ||
		no "$1, $free bytes free: message: $(head -c 300 "$T/err")"
	[ "$(digest "$3")" = "$4" ] && ok "$1, $free bytes free: previous $1 byte-identical" ||
		no "$1, $free bytes free: the $1 changed"
	return 1
}

NOTE="$T/c/annotations/$(ls "$T/c/annotations" | head -1)"
ORIG=$(cat "$NOTE")
failed_idx=0 failed_site=0 n=0
for free in 0 16384 262144 1048576 4194304; do
	n=$((n + 1))
	# a long addition, so the new generation needs room of its own
	{ printf '%s\n\n' "$ORIG"; i=0; while [ $i -lt 200 ]; do
		printf '第%s次修改，第%s段：跨境电商与海外仓的新说明。\n\n' $n $i; i=$((i + 1)); done; } >"$NOTE"
	idx_before=$(digest "$D/idx")
	site_before=$(digest "$D/site")
	ans_before=$("$B/fiveout-search" --db "$D/idx" --json 跨境电商 | md5sum)
	list_before=$(listing)
	fill_to $free

	"$B/fiveout-index" -q --db "$D/idx" "$T/c" >"$T/out" 2>"$T/err"
	if ! built index $? "$D/idx" "$idx_before" "previous index was left as it was"; then
		failed_idx=$((failed_idx + 1))
		[ "$("$B/fiveout-search" --db "$D/idx" --json 跨境电商 2>&1 | md5sum)" = "$ans_before" ] &&
			ok "index, $free bytes free: the index answers as before" ||
			no "index, $free bytes free: the index answers differently"
	fi
	"$B/fiveout-site" -q --db "$D/idx" -o "$D/site" "$T/c" >"$T/out" 2>"$T/err"
	built site $? "$D/site" "$site_before" "$D/site was left as it was" ||
		failed_site=$((failed_site + 1))
	[ "$(listing)" = "$list_before" ] && ok "$free bytes free: nothing left behind" ||
		no "$free bytes free: left behind: $(listing | tr '\n' ' ')"
	left=$(find "$D/idx" -newer "$NOTE" -name '*.tmp*' 2>/dev/null | wc -l)
	[ "$left" -eq 0 ] || no "$free bytes free: $left temporary file(s) in the index"

	rm -f "$D/fill"
	"$B/fiveout-index" -q --db "$D/idx" "$T/c" >/dev/null 2>"$T/err" &&
		ok "$free bytes free, then room: the index builds" || no "index with room: $(cat "$T/err")"
	"$B/fiveout-site" -q --db "$D/idx" -o "$D/site" "$T/c" >/dev/null 2>"$T/err" &&
		ok "$free bytes free, then room: the site builds" || no "site with room: $(cat "$T/err")"
done
# the test is only worth its name if the disk really ran out
[ $failed_idx -gt 0 ] && ok "the index build ran out of room $failed_idx time(s)" ||
	no "the index build never ran out of room"
[ $failed_site -gt 0 ] && ok "the site build ran out of room $failed_site time(s)" ||
	no "the site build never ran out of room"
umount "$D"
summary
