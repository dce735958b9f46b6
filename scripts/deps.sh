#!/bin/sh
# Install the Debian packages that fiveout's build and tests need.
# Safe to run again: only missing packages are installed.
#   sh scripts/deps.sh          build + unit/e2e tests
#   sh scripts/deps.sh browser  also what the browser tests need
set -eu
PKGS="build-essential pkg-config clang lld wasi-libc libclang-rt-14-dev-wasm32 libcmark-dev libxapian-dev libicu-dev
libopencc-dev opencc libyaml-dev zlib1g-dev libcmocka-dev libmicrohttpd-dev python3-jieba
valgrind mandoc tidy python3 xapian-tools"
if [ "${1:-}" = browser ]; then
	PKGS="$PKGS chromium fonts-wqy-microhei"
	command -v npm >/dev/null 2>&1 || PKGS="$PKGS nodejs npm"
fi
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "fiveout: installing$missing" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
