#!/bin/sh
# tests/symbols.sh -- libfiveout.a exports only fo_ names (as notmuch's
# T360-symbol-hiding.sh checks its own): every strong global symbol an
# object of the library defines starts with "fo_".  Weak and vague
# linkage (W, V, u: C++ template instances and typeinfo the compiler
# emits for xap.cc) is not the library's API and is left out.
# Usage: sh tests/symbols.sh build/libfiveout.a
set -eu
lib=${1:-build/libfiveout.a}
[ -f "$lib" ] || { echo "symbols: no $lib" >&2; exit 2; }
bad=$(nm -g --defined-only -A "$lib" |
	awk 'NF >= 3 && $(NF-1) ~ /^[ABCDGRST]$/ && $NF !~ /^fo_/ { print $1, $NF }')
if [ -n "$bad" ]; then
	echo "symbols: $lib exports names without the fo_ prefix" >&2
	echo "(make them static, or name them fo_<object>_<verb>):" >&2
	echo "$bad" >&2
	exit 1
fi
echo "symbols: $(nm -g --defined-only "$lib" | awk 'NF >= 3 && $(NF-1) ~ /^[ABCDGRST]$/' | wc -l | tr -d ' ') exported, all fo_"
