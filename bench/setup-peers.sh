#!/bin/sh
# Install the peers make bench compares fiveout with (never used by tests):
# Debian's hugo, chromium, python3-xapian, xapian-tools (quest), gnuplot,
# GNU time, opencc; npm's pagefind (its @pagefind/linux-x64 optional
# package ships the pagefind_extended binary), playwright-core and the
# chinese-poetry corpus, into bench/node_modules.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
PKGS="hugo chromium python3-xapian xapian-tools gnuplot-nox time opencc fonts-noto-cjk"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
if [ -n "$missing" ]; then
	echo "bench: installing$missing" >&2
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
if [ ! -x "$here/node_modules/@pagefind/linux-x64/bin/pagefind_extended" ] ||
   [ ! -d "$here/node_modules/chinese-poetry" ] ||
   [ ! -d "$here/node_modules/playwright-core" ]; then
	echo "bench: npm install (pagefind, playwright-core, chinese-poetry)" >&2
	(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
"$here/node_modules/@pagefind/linux-x64/bin/pagefind_extended" --version >/dev/null
