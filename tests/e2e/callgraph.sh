#!/bin/sh
# tests/e2e/callgraph.sh -- no call cycles between the files of site/:
# tests/callgraph.py reads the objects of $B (nm) and fails on any cycle
# among site/ files; cycles among indexer/ files are printed, not failed.
. "$(dirname "$0")/lib.inc"
if python3 tests/callgraph.py "$B" >"$T/out" 2>&1; then
	ok "no call cycle between files of site/"
else
	no "call cycles in site/"
fi
cat "$T/out"
summary
