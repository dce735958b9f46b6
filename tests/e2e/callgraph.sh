#!/bin/sh
# tests/e2e/callgraph.sh -- no call cycles between the files of site/ or
# of indexer/: tests/callgraph.py reads the objects of $B (nm) and fails
# on any cycle.
. "$(dirname "$0")/lib.inc"
if python3 tests/callgraph.py "$B" >"$T/out" 2>&1; then
	ok "no call cycle between files of site/ or indexer/"
else
	no "call cycles in site/ or indexer/"
fi
cat "$T/out"
summary
